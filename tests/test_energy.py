"""helpers.energy (notebook 01): data tables, the growth-gap and capacity-cut scenarios over every slider's range,
the explorers and the charts' alt text.

Expected values are computed here independently (year-by-year loops, raw columns), never copied from the code.
"""

from __future__ import annotations

import itertools
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import article, data, energy, explorer, plots
from helpers.energy import charts, explorers, scenarios, tables
from helpers.energy.scenarios import CapacityCut
from helpers.explorer import corners

CLAIMS = data.load("article_claims")
EMERGING, OVERALL, BASE_YEAR = energy.article_rates(CLAIMS)
CAPACITY, FACTOR, CONTEXT = explorers.capacity_defaults()
with matplotlib.rc_context():  # the explorers draw their default at once: in the course style, then restored
    plots.setup()
    GAP = explorers.growth_gap_explorer(EMERGING, OVERALL, BASE_YEAR)
    CUT = explorers.capacity_cut_explorer(CAPACITY, FACTOR, CONTEXT)
    plt.close("all")
GAP_SLIDERS = list(GAP.sliders)
CAP_SLIDERS = list(CUT.sliders)


def strategy(slider: explorer.Slider) -> st.SearchStrategy:
    if slider.is_integer:
        return st.integers(int(slider.min), int(slider.max))
    return st.floats(slider.min, slider.max, allow_nan=False)


def simulate_share(emerging_pct: float, overall_pct: float, start_share: float, horizon: int) -> list[float]:
    """Year-by-year loop: the rest of industry grows so that all industry grows at overall_pct in year one."""
    emerging, rest = start_share, 1 - start_share
    rest_rate = (overall_pct / 100 - start_share * emerging_pct / 100) / (1 - start_share)
    shares = [start_share]
    for _ in range(horizon):
        emerging *= 1 + emerging_pct / 100
        rest *= 1 + rest_rate
        shares.append(emerging / (emerging + rest))
    return shares


def first_half_year(shares: list[float], base_year: int) -> int | None:
    for step, share in enumerate(shares):
        if share >= 0.5:
            return base_year + step
    return None


# --- defaults come from the article and the data ------------------------------------------------------------

def test_growth_gap_defaults_are_the_articles_rates():
    emerging = CLAIMS.set_index("claim_id").loc["C007", "value"]
    gap = CLAIMS.set_index("claim_id").loc["C009", "value"]
    defaults = GAP.defaults()
    assert defaults["emerging_pct"] == pytest.approx(emerging)
    assert defaults["overall_pct"] == pytest.approx(emerging - gap)
    assert CLAIMS.set_index("claim_id").loc["C007", "period_end"] == BASE_YEAR
    assumed = [s.name for s in GAP_SLIDERS if s.assumption]
    assert assumed == ["start_share"]


def test_capacity_defaults_come_from_the_claim_and_a_derived_factor():
    assert CLAIMS.set_index("claim_id").loc["C004", "value"] == CAPACITY
    assert [s.name for s in CAP_SLIDERS if s.assumption] == ["utilisation"]
    for slider in CAP_SLIDERS:
        assert slider.min <= slider.default <= slider.max


def test_co2_factor_is_derived_through_energy_content():
    coal = data.load("coal_production_tonnes")
    co2 = data.load("china_co2")
    year = 2018
    row = coal[(coal["country"] == "China") & (coal["year"] == year)].iloc[0]
    coal_co2 = co2.loc[co2["year"] == year, "coal_co2_mt"].iloc[0]
    expected = coal_co2 / row["coal_consumption_ej"] * row["coal_production_ej"] / row["coal_production_mt"]
    table = energy.co2_per_tonne_coal(coal, co2, [year])
    assert table.loc[year, "t_co2_per_t"] == pytest.approx(expected)
    start, end = article.period(CLAIMS, "C004")
    factors = energy.co2_per_tonne_coal(coal, co2, range(start, end + 1))["t_co2_per_t"]
    assert pytest.approx(factors.mean(), abs=0.005) == FACTOR
    assert CUT.defaults()["t_co2_per_t"] == FACTOR
    assert factors.between(CAP_SLIDERS[2].min, CAP_SLIDERS[2].max).all()


def test_capacity_context_is_the_data_at_the_ends_of_the_years_asked():
    totals = data.load("province_co2_totals")
    shanxi = totals[totals["province"] == "Shanxi"].set_index("year")["co2_mt"]
    context = energy.capacity_context(totals, data.load("coal_production_tonnes"), (2015, 2020))
    assert list(context.shanxi_co2) == [2015, int(shanxi.index.max())]
    assert context.shanxi_co2[2015] == pytest.approx(shanxi.loc[2015])


# --- what-if 1: the growth gap ---------------------------------------------------------------------------

def assert_valid_gap(result: scenarios.GrowthGap, values: dict[str, float]) -> None:
    path = result.path
    assert len(path) == int(values["horizon"]) + 1
    assert np.isfinite(path[["share", "emerging", "rest", "total"]].to_numpy()).all()
    assert ((path["share"] > 0) & (path["share"] < 1)).all()
    assert (path[["emerging", "rest"]] > 0).all(axis=None)
    assert result.rest_pct > -100
    expected = simulate_share(values["emerging_pct"], values["overall_pct"], values["start_share"],
                              int(values["horizon"]))
    np.testing.assert_allclose(path["share"], expected, rtol=1e-9)
    assert result.half_year == first_half_year(expected, BASE_YEAR)


@pytest.mark.parametrize("values", corners(GAP_SLIDERS), ids=lambda v: "-".join(f"{x:g}" for x in v.values()))
def test_growth_gap_at_every_corner(values):
    assert_valid_gap(scenarios.growth_gap(**values, base_year=BASE_YEAR), values)


@settings(max_examples=200, deadline=None)
@given(*[strategy(s) for s in GAP_SLIDERS])
def test_growth_gap_anywhere_in_range(emerging_pct, overall_pct, start_share, horizon):
    values = {"emerging_pct": emerging_pct, "overall_pct": overall_pct, "start_share": start_share,
              "horizon": horizon}
    assert_valid_gap(scenarios.growth_gap(**values, base_year=BASE_YEAR), values)


@settings(max_examples=100, deadline=None)
@given(*[strategy(s) for s in GAP_SLIDERS[:3]])
def test_all_industry_grows_at_the_overall_rate_in_the_first_year(emerging_pct, overall_pct, start_share):
    path = scenarios.growth_gap(emerging_pct, overall_pct, start_share, 5).path
    assert path["total"].iloc[1] / path["total"].iloc[0] == pytest.approx(1 + overall_pct / 100)


def never(year: int | None) -> float:
    return math.inf if year is None else year


@pytest.mark.parametrize("name, direction", [("emerging_pct", +1), ("start_share", +1), ("overall_pct", -1)])
def test_growth_gap_is_monotone_in_each_rate(name, direction):
    slider = next(s for s in GAP_SLIDERS if s.name == name)
    base = GAP.defaults()
    results = [scenarios.growth_gap(**{**base, name: v}) for v in slider.values(9)]
    for low, high in itertools.pairwise(results):
        assert (direction * (high.path["share"] - low.path["share"]) >= -1e-12).all()
        earlier, later = (high, low) if direction > 0 else (low, high)
        assert never(earlier.half_year) <= never(later.half_year)


def test_equal_rates_keep_the_share_constant():
    result = scenarios.growth_gap(5.0, 5.0, 0.3, 40)
    np.testing.assert_allclose(result.path["share"], 0.3)
    assert result.half_year is None and result.rest_pct == pytest.approx(5.0)


def test_growth_gap_refuses_a_share_outside_zero_one():
    with pytest.raises(ValueError):
        scenarios.rest_growth_pct(7.8, 4.6, 1.0)


# --- what-if 2: capacity is not output ---------------------------------------------------------------------

def assert_valid_capacity(cut: CapacityCut, values: dict[str, float]) -> None:
    assert np.isfinite([*cut.scenario, *cut.observed]).all()
    assert min(cut.scenario) >= 0
    coal = values["capacity_mt"] * values["utilisation"]
    assert cut.output_mt == pytest.approx(coal)
    assert cut.co2_mt == pytest.approx(coal * values["t_co2_per_t"])
    assert cut.output_mt <= cut.capacity_mt + 1e-12


@pytest.mark.parametrize("values", corners(CAP_SLIDERS), ids=lambda v: "-".join(f"{x:g}" for x in v.values()))
def test_capacity_cut_at_every_corner(values):
    assert_valid_capacity(scenarios.capacity_cut(**values, context=CONTEXT), values)


@settings(max_examples=200, deadline=None)
@given(*[strategy(s) for s in CAP_SLIDERS])
def test_capacity_cut_anywhere_in_range(capacity_mt, utilisation, t_co2_per_t):
    values = {"capacity_mt": capacity_mt, "utilisation": utilisation, "t_co2_per_t": t_co2_per_t}
    assert_valid_capacity(scenarios.capacity_cut(**values, context=CONTEXT), values)


@pytest.mark.parametrize("slider", CAP_SLIDERS, ids=lambda s: s.name)
def test_more_of_any_input_never_means_less_coal_or_co2(slider):
    base = CUT.defaults()
    cuts = [scenarios.capacity_cut(**{**base, slider.name: v}, context=CONTEXT) for v in slider.values(9)]
    scenario = [np.array(c.scenario) for c in cuts]
    for low, high in itertools.pairwise(scenario):
        assert (high >= low - 1e-12).all()


def test_observed_rows_do_not_depend_on_the_sliders():
    cuts = [scenarios.capacity_cut(**values, context=CONTEXT) for values in corners(CAP_SLIDERS)]
    observed = [c.observed for c in cuts]
    assert all(observed[0] == other for other in observed)
    co2 = data.load("province_co2_totals").query("province == 'Shanxi'").set_index("year")["co2_mt"]
    first, last = sorted(CONTEXT.shanxi_co2)
    assert observed[0][1:] == pytest.approx((co2[first], co2[last], co2[last] - co2[first]))


# --- explorers, figures and alt text -------------------------------------------------------------------

@pytest.mark.parametrize("factory", [explorers.growth_gap_app, explorers.capacity_cut_app])
def test_each_app_builds_with_no_arguments_and_redraws(factory, capsys, course_style):
    built = factory()
    assert set(built.controls) == {s.name for s in built.sliders}
    first = built.sliders[0]
    built.controls[first.name].value = first.max
    assert built.values()[first.name] == first.max and built.defaults()[first.name] == first.default
    plt.close("all")
    assert "Assumptions" in built.box.children[0].value


@pytest.mark.parametrize("values", [corners(GAP_SLIDERS)[0], corners(GAP_SLIDERS)[-1], GAP.defaults()])
def test_growth_gap_figure_and_alt_text(values, course_style):
    result = scenarios.growth_gap(**values, base_year=BASE_YEAR)
    chart = charts.growth_gap_chart(result)
    title = chart.figure.axes[0].get_title()  # the figure itself says whether and when the share passes one half
    assert chart.png().startswith(b"\x89PNG")
    assert f"{values['emerging_pct']:.1f} %" in chart.alt
    assert ("passes one half" in chart.alt) == (result.half_year is not None)
    end = int(result.path["year"].iloc[-1])
    said = f"passes one half in {result.half_year}" if result.half_year else f"does not reach one half by {end}"
    assert said in title and said in chart.alt


def test_the_default_view_is_the_chart_of_the_default_scenario():
    view = GAP.default_view()
    expected = charts.growth_gap_chart(scenarios.growth_gap(**GAP.defaults(), base_year=BASE_YEAR))
    assert view.alt == expected.alt and view.source == expected.source
    assert view.png() == expected.png()


@pytest.mark.parametrize("values", [corners(CAP_SLIDERS)[0], corners(CAP_SLIDERS)[-1]])
def test_capacity_figure_and_alt_text(values, course_style):
    chart = charts.capacity_cut_chart(scenarios.capacity_cut(**values, context=CONTEXT))
    plt.close(chart.figure)
    assert f"{values['capacity_mt']:.0f} of capacity" in chart.alt
    assert CONTEXT.place in chart.alt  # the alt text names the place the figure names


@pytest.mark.parametrize("place", ["Shanxi", "Shanxi (山西 Shānxī)"])
def test_charts_that_take_a_place_name_it_in_their_alt_text(place, course_style):
    plan = article.period(CLAIMS, "C004")
    totals = data.load("province_co2_totals")
    built = [
        charts.coal_production_chart(data.load("coal_production_tonnes"), plan, CAPACITY, place),
        charts.generation_chart(tables.generation_table(data.load("shanxi_electricity_by_fuel")), plan, place),
        charts.fuel_groups_chart(tables.co2_by_fuel_group(data.load("shanxi_co2_by_fuel")), plan, place),
        charts.power_sector_chart(tables.power_sector(data.load("shanxi_co2_by_sector")), plan, place),
        charts.intensity_chart(tables.intensity(totals, data.load("shanxi_socioeconomic")), plan, place),
    ]
    for chart in built:
        plt.close(chart.figure)
        assert place in chart.alt and "course dataset" in chart.source


# --- data tables ----------------------------------------------------------------------------------------

def test_generation_table_marks_missing_and_absent_years():
    raw = data.load("shanxi_electricity_by_fuel")
    table = energy.generation_table(raw)
    flagged = set(raw.loc[raw["data_missing"].astype(bool), "year"].astype(int))
    absent = set(range(int(raw["year"].min()), int(raw["year"].max()) + 1)) - set(raw["year"].astype(int))
    assert set(energy.missing_years(table)) == flagged | absent
    last = int(raw["year"].max())
    rows = raw[raw["year"] == last].set_index("fuel")["generation_twh"]
    assert table.loc[last, "total"] == pytest.approx(rows.sum())
    assert table.loc[last, "wind_solar_share"] == pytest.approx((rows["wind"] + rows["solar"]) / rows.sum())
    assert table["wind_solar_share"].dropna().between(0, 1).all()


def test_fuel_groups_cover_every_fuel_once_and_sum_to_the_total():
    raw = data.load("shanxi_co2_by_fuel")
    grouped = [fuel for fuels in tables.FUEL_GROUPS.values() for fuel in fuels]
    assert sorted(grouped) == sorted(set(raw["fuel"]))
    groups = energy.co2_by_fuel_group(raw)
    totals = data.load("province_co2_totals")
    shanxi = totals[totals["province"] == "Shanxi"].set_index("year")["co2_mt"]
    np.testing.assert_allclose(groups["total"], shanxi.loc[groups.index], rtol=1e-9)
    assert energy.coal_share(groups).between(0, 1).all()


def test_power_sector_and_the_rest_add_up_to_the_provincial_total():
    table = energy.power_sector(data.load("shanxi_co2_by_sector"))
    totals = data.load("province_co2_totals")
    shanxi = totals[totals["province"] == "Shanxi"].set_index("year")["co2_mt"]
    np.testing.assert_allclose(table["total"], shanxi.loc[table.index], rtol=1e-9)
    assert table["power_share"].between(0, 1).all()


def test_province_ranking_puts_the_largest_first():
    totals = data.load("province_co2_totals")
    ranking = energy.province_ranking(totals, 2019)
    assert ranking["rank"].tolist() == list(range(1, len(ranking) + 1))
    assert ranking["co2_mt"].iloc[0] == totals.loc[totals["year"] == 2019, "co2_mt"].max()


def test_intensity_converts_wan_and_yi():
    totals, socio = data.load("province_co2_totals"), data.load("shanxi_socioeconomic")
    table = energy.intensity(totals, socio)
    year = 2019
    co2 = totals[(totals["province"] == "Shanxi") & (totals["year"] == year)]["co2_mt"].iloc[0]
    pop = socio[(socio["variable"] == "population_year_end") & (socio["year"] == year)]["value"].iloc[0]
    gdp = socio[(socio["variable"] == "gdp_nominal") & (socio["year"] == year)]["value"].iloc[0]
    assert table.loc[year, "t_per_person"] == pytest.approx(co2 * 1_000_000 / (pop * 10_000))
    assert table.loc[year, "t_per_wan_yuan"] == pytest.approx(co2 * 1_000_000 / (gdp * 10_000))
    assert np.isfinite(table.to_numpy()).all()


def test_compounded_gap_exceeds_years_times_gap():
    table = energy.compounded_gap(7.8, 4.6, 10)
    assert table["gap_pp"].iloc[5] == pytest.approx(100 * (1.078 ** 5 - 1.046 ** 5))
    assert (table["gap_pp"] >= table["added_pp"] - 1e-12).all()


def test_constant_growth_path_passes_through_both_ends_at_a_constant_ratio():
    start, end = article.value(CLAIMS, "C012"), article.value(CLAIMS, "C015")
    path = energy.constant_growth_path(start, end, 2016, 2020)
    assert path["value"].iloc[0] == pytest.approx(start) and path["value"].iloc[-1] == pytest.approx(end)
    ratios = path["value"].iloc[1:].to_numpy() / path["value"].iloc[:-1].to_numpy()
    np.testing.assert_allclose(ratios, (end / start) ** 0.25)


def test_energy_claims_and_periods():
    table = energy.energy_claims(CLAIMS)
    assert {"C004", "C007", "C009", "C012", "C015"} <= set(table["claim_id"])
    assert article.period(CLAIMS, "C004") == (2016, 2020)
    with pytest.raises(ValueError, match="C002"):
        article.period(CLAIMS, "C002")  # a claim with no period
    with pytest.raises(KeyError):
        article.period(CLAIMS, "C999")
