"""helpers.agriculture: compounding gains, the orchard upgrade, five years of spending, FAOSTAT crop shares.

Scenario functions are tested over every slider's full range (corners, a grid and random points); expected
values are computed here from first principles, never copied from the code under test.
"""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import agriculture as ag
from helpers import article, checks, data, explorer, growth
from helpers.agriculture import charts, explorers, scenarios, tables

FIGURES = data.load("yuncheng_figures")
CLAIMS = data.load("article_claims")
PLACES = data.load("places")
CROPS = data.load("crop_production")
ORCHARD = ag.orchard_inputs(FIGURES)
SPENDING = ag.spending_inputs(FIGURES)
YARDSTICK = article.value(CLAIMS, ag.YARDSTICK_CLAIM)
ORCHARD_SLIDERS = explorers.orchard_sliders(ORCHARD)
SPENDING_SLIDERS = explorers.spending_sliders(SPENDING)
WINDOW = ag.highlight_years(FIGURES)


def claim(claim_id: str) -> float:
    return float(FIGURES.set_index("claim_id").loc[claim_id, "value"])


def upgrade(output_gain_pct: float, price_premium_pct: float, upgraded_share_pct: float) -> scenarios.OrchardUpgrade:
    return scenarios.orchard_upgrade(output_gain_pct, price_premium_pct, upgraded_share_pct,
                              orchard_area_ha=ORCHARD["orchard_area_ha"], investment_yuan=ORCHARD["investment_yuan"])


def spend(total: float, growth_pct: float) -> scenarios.SpendingPath:
    return scenarios.spending_path(total, growth_pct, first_year=SPENDING["first_year"], years=SPENDING["years"])


def corners(sliders: list[explorer.Slider]) -> list[tuple[float, ...]]:
    """All-min, all-max and every mixed corner (:func:`helpers.explorer.corners`), plus the defaults."""
    return [*(tuple(c.values()) for c in explorer.corners(sliders)), tuple(s.default for s in sliders)]


def in_range(slider: explorer.Slider) -> st.SearchStrategy[float]:
    return st.floats(min_value=slider.min, max_value=slider.max, allow_nan=False)


# The article's figures ---------------------------------------------------------------------------------------

def test_defaults_come_from_the_article():
    low, high = (float(v) for v in FIGURES.set_index("claim_id").loc["C059", ["value", "value_high"]])
    assert ORCHARD["output_gain_pct"] == claim("C058")
    assert ORCHARD["price_premium_pct"] == (low + high) / 2 and low < ORCHARD["price_premium_pct"] < high
    assert ORCHARD["upgraded_share_pct"] == pytest.approx(100 * claim("C055") / claim("C052"))
    assert ORCHARD["investment_yuan"] == claim("C053")
    assert SPENDING["total_billion_yuan"] == pytest.approx(claim("C062") / 1e9)
    assert SPENDING["growth_pct"] == claim("C063")
    assert (SPENDING["first_year"], SPENDING["years"]) == (2016, 5)  # "the 13th Five-Year Plan (2016-20)"


def test_figure_range_of_a_single_value_and_of_a_range():
    assert article.value_range(FIGURES, "C058") == (claim("C058"), claim("C058"))
    assert article.value_range(FIGURES, "C059")[1] > article.value_range(FIGURES, "C059")[0]
    with pytest.raises(KeyError):
        article.value_range(FIGURES, "C999")


def test_the_shaded_window_is_the_plan_and_the_articles_year():
    row = FIGURES.set_index("claim_id").loc["C062"]
    assert WINDOW == (int(row["period_start"]), int(row["period_end"]) + 1) == (2016, 2021)


def test_figures_for_display_write_values_out_and_leave_missing_range_ends_empty():
    shown = ag.figures_for_display(FIGURES).set_index("claim_id")
    assert shown.loc["C053", "value"] == f"{claim('C053'):,.0f}" and shown.loc["C053", "value_high"] == ""
    assert float(shown.loc["C059", "value_high"]) == float(FIGURES.set_index("claim_id").loc["C059", "value_high"])


def test_places_within_yuncheng_include_its_counties_and_their_villages():
    names = set(ag.places_within(PLACES, "Yuncheng")["name_en"])
    counties = set(PLACES.loc[PLACES["parent_en"] == "Yuncheng", "name_en"])
    villages = set(PLACES.loc[PLACES["parent_en"].isin(counties), "name_en"])
    assert names == {"Yuncheng"} | counties | villages and "Pinglu" in names and "Baichi" in names


# Explorer 1: the orchard upgrade -----------------------------------------------------------------------------

def test_gains_compound_rather_than_add():
    assert growth.combined_change(20, 25) == pytest.approx(1.20 * 1.25)
    assert 100 * (growth.combined_change(20, 25) - 1) == pytest.approx(20 + 25 + 20 * 25 / 100)
    assert growth.combined_change(0, 0) == 1
    with pytest.raises(ValueError):
        growth.combined_change(-100, 10)


def test_upgraded_share_and_its_limits():
    assert scenarios.upgraded_share(claim("C055"), claim("C052")) == pytest.approx(claim("C055") / claim("C052"))
    for upgraded, total in [(-1, 10), (11, 10), (1, 0)]:
        with pytest.raises(ValueError):
            scenarios.upgraded_share(upgraded, total)


def test_default_orchard_scenario():
    result = upgrade(ORCHARD["output_gain_pct"], ORCHARD["price_premium_pct"], ORCHARD["upgraded_share_pct"])
    o, p = claim("C058") / 100, ORCHARD["price_premium_pct"] / 100
    share = claim("C055") / claim("C052")
    assert result.gain_pct == pytest.approx(100 * ((1 + o) * (1 + p) - 1))
    assert result.city_gain_pct == pytest.approx(100 * share * ((1 + o) * (1 + p) - 1))
    assert result.upgraded_ha == pytest.approx(claim("C055"))
    assert result.investment_per_upgraded_ha == pytest.approx(claim("C053") / claim("C055"))
    assert result.investment_per_orchard_ha == pytest.approx(claim("C053") / claim("C052"))
    assert result.added_pct + result.cross_term_pct == pytest.approx(result.gain_pct)


@pytest.mark.parametrize("values", corners(ORCHARD_SLIDERS))
def test_orchard_scenario_at_every_corner_is_finite_and_drawable(values):
    result = upgrade(*values)
    numbers = [result.multiplier, result.gain_pct, result.city_gain_pct, result.investment_per_upgraded_ha,
               result.investment_per_orchard_ha, result.added_pct]
    assert all(math.isfinite(n) for n in numbers)
    assert 0 < result.upgraded_share <= 1
    chart = charts.orchard_upgrade_chart(result, YARDSTICK)
    for ax in chart.figure.axes:
        for patch in ax.patches:
            assert np.isfinite([patch.get_width(), patch.get_height()]).all()
    plt.close(chart.figure)
    assert f"{result.gain_pct:.3g} %" in chart.alt


@settings(max_examples=200, deadline=None)
@given(o=in_range(ORCHARD_SLIDERS[0]), p=in_range(ORCHARD_SLIDERS[1]), share=in_range(ORCHARD_SLIDERS[2]))
def test_orchard_scenario_over_random_slider_values(o, p, share):
    result = upgrade(o, p, share)
    assert result.multiplier >= 1 and math.isfinite(result.multiplier)
    assert result.gain_pct >= result.added_pct - 1e-9  # compounding never gives less than adding
    assert 0 <= result.city_gain_pct <= result.gain_pct + 1e-9  # the city gains at most what a hectare gains
    assert result.investment_per_upgraded_ha >= result.investment_per_orchard_ha - 1e-6
    assert 0 < result.upgraded_share <= 1


@pytest.mark.parametrize("which", range(3))
def test_orchard_scenario_is_monotone_in_each_slider(which):
    slider = ORCHARD_SLIDERS[which]
    base = [s.default for s in ORCHARD_SLIDERS]
    gains = []
    for value in slider.values(9):
        values = list(base)
        values[which] = value
        gains.append(upgrade(*values).city_gain_pct)
    assert all(b >= a for a, b in itertools.pairwise(gains))


def test_a_wider_upgrade_spreads_the_investment_thinner():
    per_ha = [upgrade(20, 25, share).investment_per_upgraded_ha for share in ORCHARD_SLIDERS[2].values(9)]
    assert all(b < a for a, b in itertools.pairwise(per_ha))


@pytest.mark.parametrize("share", [0, -1, 100.5])
def test_orchard_scenario_refuses_impossible_shares(share):
    with pytest.raises(ValueError):
        upgrade(20, 25, share)


def test_revenue_rectangle_at_the_slider_ends():
    for o, p in [(0, 0), (50, 50), (ORCHARD["output_gain_pct"], ORCHARD["price_premium_pct"])]:
        chart = ag.revenue_rectangle_chart(o, p)
        areas = sum(r.get_width() * r.get_height() for r in chart.figure.axes[0].patches)
        assert areas == pytest.approx((1 + o / 100) * (1 + p / 100))
        plt.close(chart.figure)
        assert "times the old" in chart.alt


# Explorer 2: five years of spending ------------------------------------------------------------------------

def test_zero_growth_is_an_even_split_exactly():
    assert growth.first_of_growing_total(34.8, 0.0) == 34.8 / 5
    table = scenarios.yearly_amounts(10.0, 0.0, 2016, 5)
    assert (table["amount"] == 2.0).all()


def test_first_year_solves_the_geometric_sum():
    total, g, n = 34.8, 0.136, 5
    first = growth.first_of_growing_total(total, 100 * g, n)
    assert sum(first * (1 + g) ** k for k in range(n)) == pytest.approx(total)


def test_tiny_growth_is_continuous_with_zero_growth():
    assert growth.first_of_growing_total(34.8, 1e-12) == pytest.approx(34.8 / 5, rel=1e-12)
    assert growth.first_of_growing_total(34.8, -1e-12) == pytest.approx(34.8 / 5, rel=1e-12)


@pytest.mark.parametrize("total, growth_pct", corners(SPENDING_SLIDERS) + [(34.8, 0.0)])
def test_spending_at_every_corner_sums_to_the_total(total, growth_pct):
    path = spend(total, growth_pct)
    amounts = path.table["amount"].to_numpy()
    assert np.isfinite(amounts).all() and (amounts > 0).all()
    assert amounts.sum() == pytest.approx(total)
    assert list(path.table["year"]) == list(range(2016, 2021))
    assert np.allclose(amounts[1:] / amounts[:-1], 1 + growth_pct / 100)
    chart = charts.spending_chart(path, "Yuncheng")
    assert np.isfinite([p.get_height() for p in chart.figure.axes[0].patches]).all()
    plt.close(chart.figure)
    assert f"{amounts[0]:.2f} billion yuan" in chart.alt and "Yuncheng" in chart.alt


@settings(max_examples=200, deadline=None)
@given(total=in_range(SPENDING_SLIDERS[0]), growth_pct=in_range(SPENDING_SLIDERS[1]))
def test_spending_over_random_slider_values(total, growth_pct):
    amounts = spend(total, growth_pct).table["amount"].to_numpy()
    assert np.isfinite(amounts).all() and (amounts > 0).all()
    assert amounts.sum() == pytest.approx(total, rel=1e-9)
    if growth_pct > 1e-6:  # growth puts the first year below the even split and the last above it
        assert amounts[0] < total / 5 < amounts[-1]


def test_faster_growth_means_a_smaller_first_year():
    firsts = [growth.first_of_growing_total(34.8, g) for g in SPENDING_SLIDERS[1].values(11)]
    assert all(b < a for a, b in itertools.pairwise(firsts))


@pytest.mark.parametrize("years, growth_pct", [(0, 10), (5, -100), (5, -150)])
def test_first_year_refuses_impossible_inputs(years, growth_pct):
    with pytest.raises(ValueError):
        growth.first_of_growing_total(10, growth_pct, years)


# Explorers as apps -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("factory", [explorers.orchard_upgrade_app, explorers.five_year_spending_app])
def test_every_app_builds_with_the_article_defaults(factory, course_style):
    app = factory()
    plt.close("all")
    assert isinstance(app, explorer.Explorer)
    assert app.defaults() == app.values()
    assert not any(s.assumption for s in app.sliders)  # every default comes from the article


# FAOSTAT crops ---------------------------------------------------------------------------------------------

def tonnes(entity: str, crop: str, year: int) -> float:
    rows = CROPS[(CROPS["entity"] == entity) & (CROPS["crop"] == crop) & (CROPS["year"] == year)]
    return float(rows["production_tonnes"].iloc[0])


def test_china_share_of_world_apples():
    share = tables.share_of_world(CROPS, "Apples")
    assert share[2020] == pytest.approx(tonnes("China", "Apples", 2020) / tonnes("World", "Apples", 2020))
    assert share.between(0, 1).all() and share.index.min() == 1961


def test_index_starts_at_100_and_growth_table_matches_the_cagr():
    index = tables.index_since(CROPS, "Wheat", ("China", "World"), 2000)
    assert (index.loc[2000] == 100).all() and index.index.min() == 2000
    table = ag.growth_table(CROPS, 2000, 2020, ("China", "World"))
    expected = 100 * ((tonnes("China", "Apples", 2020) / tonnes("China", "Apples", 2000)) ** (1 / 20) - 1)
    assert table.loc["Apples", "China"] == pytest.approx(expected)
    assert set(table.index) == set(CROPS["crop"].unique())


def test_china_fao_is_slightly_larger_than_china():
    tonnes_gap, pct_gap = ag.entity_gap(CROPS, "Apples", 2016)
    assert tonnes_gap == tonnes("China (FAO)", "Apples", 2016) - tonnes("China", "Apples", 2016)
    assert 0 < pct_gap < 1


def test_producer_shares_add_up_to_one():
    shares = tables.producer_shares(CROPS, "Apples", 2020)
    assert shares.sum() == pytest.approx(1) and shares.index[0] == "China" and shares.between(0, 1).all()
    with pytest.raises(KeyError):
        ag.crop_table(CROPS, "Bananas")


def test_crop_figures_draw_and_describe_their_numbers():
    china = ag.place_label(PLACES, "China")
    built = [ag.share_chart(CROPS, china, WINDOW), ag.index_chart(CROPS, 2000, WINDOW),
             ag.producers_chart(CROPS, "Apples", 2020)]
    for chart in built:
        for line in chart.figure.axes[0].lines:
            assert np.isfinite(np.asarray(line.get_ydata(), dtype=float)).all()
        plt.close(chart.figure)
        assert any(ch.isdigit() for ch in chart.alt)
    assert china in built[0].alt and f"{WINDOW[0]}-{WINDOW[1]} are shaded" in built[1].alt
    assert f"{100 * tonnes('China', 'Apples', 2020) / tonnes('World', 'Apples', 2020):.1f} %" in built[2].alt


# Self-checks of notebook 03 --------------------------------------------------------------------------------

def test_notebook_03_self_checks_are_registered_and_accept_the_worked_answers():
    ids = [i for i in checks.registered() if i.startswith("3.")]
    assert ids[:5] == ["3.1", "3.2", "3.3", "3.4", "3.5"]  # 3.6 on are code tasks and quick checks (test_code_tasks)
    o, p = claim("C058"), claim("C059")  # question 3.2: the low end of the price range
    g = claim("C063") / 100
    worked = {
        "3.1": 0.25 * claim("C052") - claim("C055"),  # hectares more for a quarter of the orchards
        "3.2": (1 + o / 100) * (1 + p / 100),
        "3.3": claim("C062") / 1e9 * (g / 2) / ((1 + g / 2) ** 5 - 1),  # the first year at half the rate
        "3.4": 100 * ((tonnes("China", "Apples", 2020) / tonnes("China", "Apples", 2000)) ** (1 / 20) - 1),
        "3.5": 100 * tonnes("China", "Apples", 2020) / tonnes("World", "Apples", 2020),
    }
    for exercise, answer in worked.items():
        assert checks.evaluate(exercise, answer).passed, exercise
    added = checks.evaluate("3.2", 1 + (o + p) / 100)  # adding the gains is the classic mistake, but 1.4 is also
    assert not added.passed and added.message.endswith(checks.ROUND_LESS + ".")  # the right 1.44 rounded: no blame
    added_pct = checks.evaluate("3.2", o + p)  # the same mistake given as a percent cannot be rounding
    assert not added_pct.passed and "added" in added_pct.message
    midpoint = checks.evaluate("3.2", (1 + o / 100) * (1 + ORCHARD["price_premium_pct"] / 100))
    assert not midpoint.passed and "midpoint" in midpoint.message


def share_pct(crop: str, year: int) -> float:
    return 100 * tonnes("China", crop, year) / tonnes("World", crop, year)


# The quick checks 3.9-3.14 (3.13 is a figure task: tests/test_code_tasks.py): the worked answer passes and each
# plausible slip (percent vs percentage points, adding vs compounding, 亿 vs billion, the wrong base) is named.
OUTPUT_GAIN, PRICE_LOW = claim("C058"), float(FIGURES.set_index("claim_id").loc["C059", "value"])
G13 = claim("C063") / 100
MORE_THAN = float((FIGURES["qualifier"] == "more than").sum())
QUICK = {
    "3.9": (100 * MORE_THAN / len(FIGURES), [
        (MORE_THAN, "number of rows"),
        (MORE_THAN / len(FIGURES), "a fraction where a percent was asked for"),
        (100 * (MORE_THAN + (FIGURES["qualifier"] == "about").sum()) / len(FIGURES), "not a lower bound"),
    ]),
    "3.10": (100 * ((1 - OUTPUT_GAIN / 100) * (1 + PRICE_LOW / 100) - 1), [
        (PRICE_LOW - OUTPUT_GAIN, "do not cancel"),
        ((1 - OUTPUT_GAIN / 100) * (1 + PRICE_LOW / 100), "looks like a growth factor"),
        (100 * ((1 + OUTPUT_GAIN / 100) * (1 + PRICE_LOW / 100) - 1), "treats the output change as a gain"),
    ]),
    "3.11": (claim("C054") / claim("C052"), [
        (claim("C054") / claim("C055"), "divides by the upgraded hectares"),
        (claim("C053") / claim("C052"), "that is in yuan"),
        (claim("C054") / 10 / claim("C052"), "1 亿 is 100 million, a tenth of a billion"),
    ]),
    "3.12": (100 * ((1 + G13) ** 4 - 1), [
        (4 * 100 * G13, "adds the yearly increases"),
        (100 * ((1 + G13) ** 5 - 1), "five years have four steps"),
        ((1 + G13) ** 4, "looks like a growth factor"),
    ]),
    "3.14": (share_pct("Wheat", 2020) - share_pct("Wheat", 2000), [
        (100 * (share_pct("Wheat", 2020) / share_pct("Wheat", 2000) - 1), "in percentage points"),
        (share_pct("Apples", 2020) - share_pct("Apples", 2000), "that is apples"),
        ((share_pct("Wheat", 2020) - share_pct("Wheat", 2000)) / 100, "a fraction where a percent was asked for"),
        (share_pct("Wheat", 2000) - share_pct("Wheat", 2020), "the sign is wrong"),
    ]),
}


@pytest.mark.parametrize("exercise", sorted(QUICK))
def test_quick_checks_pass_the_worked_answer_and_name_each_slip(exercise: str):
    right, slips = QUICK[exercise]
    assert checks.evaluate(exercise, right).passed, exercise
    for wrong, words in slips:
        feedback = checks.evaluate(exercise, float(wrong))
        assert feedback.message.startswith("Not yet") and words in feedback.message, (wrong, feedback.message)


def test_model_answers_of_the_explorers_agree_with_the_data():
    """The compare cells under the guiding questions state numbers; each is computed here from the data."""
    import nbformat

    from tools._project import NOTEBOOKS

    cells = nbformat.read(NOTEBOOKS / "03_agricultural_modernization.ipynb", as_version=4).cells
    compares = " ".join(" ".join(c.source.split()) for c in cells if "compare" in c.metadata.get("tags", []))
    default = upgrade(ORCHARD["output_gain_pct"], ORCHARD["price_premium_pct"], ORCHARD["upgraded_share_pct"])
    no_premium = upgrade(ORCHARD["output_gain_pct"], 0, ORCHARD["upgraded_share_pct"])
    everywhere = upgrade(ORCHARD["output_gain_pct"], ORCHARD["price_premium_pct"], 100)
    crossing_pct = 100 * ORCHARD["investment_yuan"] / (YARDSTICK * ORCHARD["orchard_area_ha"])
    g = SPENDING["growth_pct"] / 100
    first = SPENDING["total_billion_yuan"] * g / ((1 + g) ** 5 - 1)
    stated = [
        f"+{no_premium.gain_pct:.0f} % instead of +{default.gain_pct:.0f} %",
        f"10 ÷ {default.gain_pct:.0f} = **{100 * 10 / default.gain_pct:.0f} %** of the orchards",
        f"today's {ORCHARD['upgraded_share_pct']:.0f} %",
        f"**{everywhere.investment_per_upgraded_ha:,.0f} yuan**",
        f"({YARDSTICK:,.0f} yuan)", f"about **{crossing_pct:.0f} %**", f"= {crossing_pct:.1f} %",
        f"only about +{default.city_gain_pct:.0f} % for the city's orchards",
        f"**{SPENDING['total_billion_yuan'] / 5:.2f} billion yuan** a year",
        f"2020 gets {first * (1 + g) ** 4:.2f} billion yuan and 2016 {first:.2f} billion",
        f"**{(1 + g) ** 4:.3f} times** 2016 (about +{100 * ((1 + g) ** 4 - 1):.0f} %)",
        f"({first:.2f} billion yuan, section 6 and exercise 3.3)",
    ]
    for text in stated:
        assert text in compares, text
