"""helpers.factcheck: each check on the real claims and on small made-up tables, the verdict table, the explorer."""

from __future__ import annotations

import itertools
import statistics

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import apps, data, explorer, factcheck
from helpers.factcheck import charts, checks, explorers, scenarios, verdicts

CLAIMS = data.load("article_claims")
SOURCES = factcheck.load_sources()
DEFAULT = factcheck.default_tolerance(CLAIMS)
VERDICTS = factcheck.verdict_table(CLAIMS, SOURCES, DEFAULT)
SLIDER = explorers.tolerance_sliders(DEFAULT)[0]
BY_ID = VERDICTS.set_index("claim_id")


def raw(claim_id: str) -> float:
    """A claim's value read straight from the CSV text, independently of the helpers."""
    table = pd.read_csv(data.datasets_dir() / "article_claims.csv", dtype=str)
    return float(table.set_index("claim_id").loc[claim_id, "value"])


def made_up(*rows: dict) -> pd.DataFrame:
    """A small claims table with the columns the checks read; unspecified cells are empty."""
    columns = list(CLAIMS.columns)
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    for column in ("value", "value_high", "period_start", "period_end"):
        frame[column] = pd.to_numeric(frame[column])
    for column in ("claim_id", "theme", "entity", "entity_type", "indicator", "unit", "qualifier", "quote",
                   "pair_id", "speaker", "repeated_in", "period_note"):
        frame[column] = frame[column].astype("string")
    return frame


def claim(claim_id: str, value: float | None, unit: str, **extra) -> dict:
    return {"claim_id": claim_id, "value": value, "unit": unit, "qualifier": "exact", "entity": "Somewhere",
            "entity_type": "city", "indicator": "x", "speaker": "reporter", "quote": "q", "theme": "context",
            **extra}


# The verdict table -------------------------------------------------------------------------------------------

def test_every_claim_gets_exactly_one_verdict_from_the_vocabulary():
    assert list(VERDICTS["claim_id"]) == list(CLAIMS["claim_id"])
    assert VERDICTS["claim_id"].is_unique and len(VERDICTS) == len(CLAIMS) == 65
    assert set(VERDICTS["verdict"]) <= set(verdicts.VERDICTS)
    assert list(VERDICTS.columns) == ["claim_id", "theme", "verdict", "check", "dataset", "result", "note",
                                      "other_checks"]
    assert VERDICTS[["verdict", "check", "dataset", "result", "note"]].notna().all().all()
    assert (VERDICTS["result"].str.len() > 0).all() and (VERDICTS["note"].str.len() > 0).all()


def test_verdicts_the_course_can_defend():
    expected = {
        "C022": (verdicts.CONSISTENT, "poverty_headcount"),  # national headcount 0.0 in 2020
        "C004": (verdicts.NEEDS_CONTEXT, "shanxi_coal_output"),  # capacity, not output; Shanxi's series ends 2014
        "C038": (verdicts.NEEDS_CONTEXT, "article_claims"),  # base effect
        "C048": (verdicts.NEEDS_CONTEXT, "article_claims"),  # +50 % throughput
        "C051": (verdicts.NOT_CHECKABLE, "crop_production"),  # no provincial wheat data
        "C052": (verdicts.NOT_CHECKABLE, "crop_production"),  # national apples cannot check Yuncheng
        "C012": (verdicts.INTERNAL, "article_claims"),
        "C021": (verdicts.CONSISTENT, "poverty_counties"),  # the compiled list has Xinzhou's 11 counties
        "C040": (verdicts.NOT_CHECKABLE, "none"),  # company figure
    }
    for claim_id, (verdict, dataset) in expected.items():
        assert (BY_ID.loc[claim_id, "verdict"], BY_ID.loc[claim_id, "dataset"]) == (verdict, dataset), claim_id


def test_the_strongest_finding_wins_and_the_others_are_listed():
    assert BY_ID.loc["C029", "verdict"] == verdicts.NEEDS_CONTEXT  # anecdote beats the conversion pair
    assert "conversion" in BY_ID.loc["C029", "other_checks"]
    assert "shanxi_city_co2" not in BY_ID.loc["C037", "dataset"] and "scope" in BY_ID.loc["C037", "other_checks"]
    every = scenarios.all_checks(CLAIMS, SOURCES, DEFAULT)
    assert set(every["claim_id"]) <= set(CLAIMS["claim_id"])
    assert (every.groupby("claim_id").size().loc[["C012", "C045"]] == 2).all()


def test_counts_cover_every_theme_and_verdict():
    counts = scenarios.verdict_counts(VERDICTS)
    assert list(counts.columns) == list(verdicts.VERDICTS)
    assert int(counts.to_numpy().sum()) == len(CLAIMS)
    assert sorted(counts.index) == sorted(CLAIMS["theme"].unique())


def test_no_external_check_is_claimed_without_a_dataset():
    external = VERDICTS[VERDICTS["verdict"].isin([verdicts.CONSISTENT, verdicts.DIFFERS])]
    assert set(external["dataset"]) <= set(verdicts.EXTERNAL)
    internal = VERDICTS[VERDICTS["verdict"] == verdicts.INTERNAL]
    assert set(internal["dataset"]) == {"article_claims"}


# Arithmetic pieces -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, step", [(4630, 10), (310000, 10000), (16.5e9, 1e8), (1.39e9, 1e7), (0.4, 0.1),
                                         (7, 1), (1200, 100)])
def test_rounding_step_is_the_last_written_digit(value, step):
    assert verdicts.rounding_step(value) == pytest.approx(step)


def test_time_per_unit_and_previous_level():
    assert factcheck.time_per_unit(50) == pytest.approx(2 / 3)
    assert factcheck.time_per_unit(0) == 1
    assert factcheck.previous_level(123.3, 23.3) == pytest.approx(100)
    with pytest.raises(ValueError):
        factcheck.time_per_unit(-100)
    with pytest.raises(ValueError):
        factcheck.previous_level(1, -100)


@given(gain=st.floats(min_value=-99, max_value=1000))
def test_more_throughput_never_means_more_time(gain):
    fraction = factcheck.time_per_unit(gain)
    assert fraction > 0 and fraction * (1 + gain / 100) == pytest.approx(1)
    assert factcheck.time_per_unit(gain + 1) < fraction


# Each check on the real claims, expected values computed here -------------------------------------------------

def test_conversions_use_the_median_of_the_implied_rates():
    pairs = factcheck.pair_deviations(CLAIMS).set_index("pair_id")
    rates = {"FX1": raw("C012") / raw("C013"), "FX2": raw("C029") / raw("C030"), "FX3": raw("C045") / raw("C046"),
             "FX4": raw("C053") / raw("C054")}
    common = statistics.median(rates.values())
    for pair_id, rate in rates.items():
        assert pairs.loc[pair_id, "deviation_pct"] == pytest.approx(100 * (rate / common - 1))
    assert pairs.loc["FX2", "rounding_pct"] == pytest.approx(100 * 5000 / raw("C030"))
    assert pairs["rounding_pct"].max() <= DEFAULT and DEFAULT - pairs["rounding_pct"].max() < 0.01


def test_growth_gap_compounds_both_rates():
    table = checks.check_growth_gap(CLAIMS, "C007", "C009", "C008")
    fast = 100 * (1.078 ** 5 - 1)
    slow = 100 * ((1 + (raw("C007") - raw("C009")) / 100) ** 5 - 1)
    assert set(table["verdict"]) == {verdicts.INTERNAL}
    assert f"+{fast:.1f} %" in table["result"].iloc[0] and f"+{slow:.1f} %" in table["result"].iloc[0]


def test_growth_multiple_gives_the_compound_rate():
    table = checks.check_growth_multiple(CLAIMS, "C012", "C015")
    rate = 100 * ((raw("C015") / raw("C012")) ** (1 / 4) - 1)
    assert f"{rate:,.0f} % a year" in table["result"].iloc[0] and "in 4 years" in table["result"].iloc[0]


def test_total_and_growth_solves_the_first_year():
    table = checks.check_total_and_growth(CLAIMS, "C062", "C063")
    g = raw("C063") / 100
    first = raw("C062") * g / ((1 + g) ** 5 - 1)
    assert f"{first / 1e9:.2f}".rstrip("0") in table["result"].iloc[0]
    assert f"{first * (1 + g) ** 4 / 1e9:.2f}".rstrip("0") in table["result"].iloc[0]


def test_base_effect_derives_the_earlier_quarter():
    table = checks.check_base_effect(CLAIMS, "C037", "C038", "first quarter")
    earlier = raw("C037") / (1 + raw("C038") / 100)
    assert f"{earlier / 1e9:.2f} billion yuan" in table["result"].iloc[0]
    assert "C065" in table.set_index("claim_id").loc["C038", "note"]  # the article's own COVID-19 mention


def test_capacity_is_set_beside_national_output():
    coal = pd.read_csv(data.datasets_dir() / "coal_production_tonnes.csv")
    china_2020 = float(coal.query("country == 'China' and year == 2020")["coal_production_mt"].iloc[0])
    result = checks.check_capacity_vs_output(CLAIMS, "C004", SOURCES["coal_production_tonnes"])["result"].iloc[0]
    assert f"{100 * raw('C004') / china_2020:.1f} %" in result


def test_efficiency_combined_gains_per_unit_and_share():
    assert "-33.3 %" in checks.check_efficiency(CLAIMS, "C048", "container")["result"].iloc[0]
    gains = checks.check_combined_gains(CLAIMS, "C058", "C059")["result"].iloc[0]
    assert f"+{100 * (1.2 * 1.2 - 1):.0f} to +{100 * (1.2 * 1.3 - 1):.0f} %" in gains
    per_unit = checks.check_per_unit(CLAIMS, "C033", "C034")["result"].iloc[0]
    assert f"{raw('C033') / raw('C034'):,.0f}" in per_unit
    share = checks.check_share(CLAIMS, "C055", "C052")["result"].iloc[0]
    assert f"at most {100 * raw('C055') / raw('C052'):.1f} %" in share


def test_scope_says_what_a_dataset_covers():
    cities = checks.check_scope(CLAIMS, "C037", "shanxi_city_co2", SOURCES["shanxi_city_co2"], "city_en", "CO2")
    assert "covers Xinzhou" in cities["result"].iloc[0] and cities["verdict"].iloc[0] == verdicts.NOT_CHECKABLE
    crops = checks.check_scope(CLAIMS, "C051", "crop_production", SOURCES["crop_production"], "entity", "t")
    assert "not Yuncheng" in crops["result"].iloc[0]


# Each check on made-up tables: the failing branch ---------------------------------------------------------------

def test_a_repeated_figure_that_differs_needs_context():
    table = made_up(claim("A1", 10, "companies", repeated_in="A2"), claim("A2", 12, "companies", repeated_in="A1"))
    result = checks.check_repeats(table)
    assert list(result["verdict"]) == [verdicts.NEEDS_CONTEXT] * 2 and "12 companies" in result["result"].iloc[0]


def test_parts_that_do_not_add_up_need_context():
    table = made_up(claim("A1", 6, "counties"), claim("A2", 4, "counties"), claim("A3", 11, "counties"))
    assert set(checks.check_parts_sum(table, ["A1", "A2"], "A3")["verdict"]) == {verdicts.NEEDS_CONTEXT}
    table.loc[1, "value"] = 5
    assert set(checks.check_parts_sum(table, ["A1", "A2"], "A3")["verdict"]) == {verdicts.INTERNAL}


def test_a_timeline_out_of_order_and_a_wrong_duration_need_context():
    table = made_up(claim("A1", 2018, "year"), claim("A2", 2016, "year"), claim("A3", 1, "years", period_end=2018))
    assert set(checks.check_timeline(table, ["A1", "A2"])["verdict"]) == {verdicts.NEEDS_CONTEXT}
    assert set(checks.check_duration(table, "A2", "A3", "A1")["verdict"]) == {verdicts.NEEDS_CONTEXT}
    assert set(checks.check_timeline(table, ["A2", "A1"])["verdict"]) == {verdicts.INTERNAL}


def test_a_nonzero_national_headcount_differs_from_other_data():
    table = made_up(claim("A1", 2020, "year", period_end=2020))
    headcount = pd.DataFrame({"entity_name": ["China"] * 2, "poverty_line": ["national line"] * 2,
                              "year": [2019, 2020], "headcount_pct": [2.0, 0.4]})
    row = checks.check_national_line(table, "A1", headcount).iloc[0]
    assert row["verdict"] == verdicts.DIFFERS and "0.4 %" in row["note"]
    missing = checks.check_national_line(table, "A1", headcount[headcount["year"] == 2019]).iloc[0]
    assert missing["verdict"] == verdicts.NOT_CHECKABLE


def test_conversion_pairs_outside_the_tolerance_need_context():
    table = checks.check_conversions(CLAIMS, 0.0)
    assert set(table["verdict"]) == {verdicts.NEEDS_CONTEXT}  # no pair hits the median exactly
    with pytest.raises(ValueError):
        checks.check_conversions(CLAIMS, -1)


def test_unknown_claims_are_refused():
    with pytest.raises(KeyError):
        checks.check_efficiency(CLAIMS, "C999", "container")


# The explorer: every slider value, corners and random points --------------------------------------------------

def totals(tolerance: float) -> pd.Series:
    view = scenarios.tolerance_scenario(CLAIMS, SOURCES, tolerance)
    return view.verdicts["verdict"].value_counts().reindex(list(verdicts.VERDICTS), fill_value=0)


@pytest.mark.parametrize("tolerance", [SLIDER.min, SLIDER.max, SLIDER.default])
def test_scenario_at_the_slider_corners(tolerance):
    view = scenarios.tolerance_scenario(CLAIMS, SOURCES, tolerance)
    assert len(view.verdicts) == len(CLAIMS) and view.verdicts["claim_id"].is_unique
    assert np.isfinite(view.pairs[["deviation_pct", "rounding_pct"]].to_numpy()).all()
    chart = charts.tolerance_chart(view)
    assert isinstance(chart.alt, str) and f"±{tolerance:.2f} %" in chart.alt
    plt.close(chart.figure)


@settings(max_examples=15, deadline=None)
@given(tolerance=st.floats(min_value=SLIDER.min, max_value=SLIDER.max))
def test_scenario_is_complete_anywhere_on_the_slider(tolerance):
    counts = totals(tolerance)
    assert int(counts.sum()) == len(CLAIMS)
    external = VERDICTS["verdict"].isin([verdicts.CONSISTENT, verdicts.DIFFERS]).sum()
    assert counts[verdicts.CONSISTENT] + counts[verdicts.DIFFERS] == external  # external checks do not move


@pytest.mark.parametrize("low, high", list(itertools.pairwise(SLIDER.values(9))))
def test_a_looser_tolerance_never_loses_an_internally_consistent_claim(low, high):
    assert totals(high)[verdicts.INTERNAL] >= totals(low)[verdicts.INTERNAL]


def test_the_default_tolerance_accepts_every_pair_and_zero_accepts_none():
    pairs = factcheck.pair_deviations(CLAIMS)
    assert (pairs["deviation_pct"].abs() <= SLIDER.default).all()
    assert totals(SLIDER.min)[verdicts.INTERNAL] < totals(SLIDER.default)[verdicts.INTERNAL]


def test_summary_figure_and_alt_text():
    chart = factcheck.verdicts_chart(VERDICTS)
    numbers = VERDICTS["verdict"].value_counts()
    assert all(f"{verdict}: {n}" in chart.alt for verdict, n in numbers.items())
    plt.close(chart.figure)


def test_apps_build_with_no_arguments():
    mine = {name for name, app in apps.registry().items() if app.module == "helpers.factcheck.explorers"}
    assert mine == {"fact-check-tolerance"}
    for name in mine:
        app = apps.build(name)
        assert isinstance(app, explorer.Explorer)
        assert app.controls["tolerance_pct"].value == pytest.approx(SLIDER.default)
        assert app.default_view().alt == charts.tolerance_chart(scenarios.tolerance_scenario(CLAIMS, SOURCES,
                                                                                             DEFAULT)).alt
    plt.close("all")


@pytest.mark.parametrize("gain", [-50, 0, 50, 300])
def test_efficiency_figure_and_alt_text(gain):
    chart = factcheck.efficiency_chart(gain, "container")
    assert f"{100 / (1 + gain / 100):.1f}" in chart.alt
    plt.close(chart.figure)


def test_base_effect_figure_and_alt_text():
    chart = factcheck.base_effect_chart(raw("C037"), raw("C038"), 2021, "first quarter")
    assert f"{raw('C037') / (1 + raw('C038') / 100) / 1e9:.2f} billion yuan" in chart.alt
    plt.close(chart.figure)
