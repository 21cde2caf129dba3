"""helpers.poverty: the Xinzhou timeline, poverty lines and headcounts, and the cooperative explorer's arithmetic.

Expected values are recomputed here from the raw datasets, never copied from the code under test. Each explorer's
scenario is run over its inputs' full ranges: every choice, every corner of the sliders, random points.
"""

from __future__ import annotations

import itertools
import math

import ipywidgets
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import apps, article, data, explorer, poverty
from helpers.poverty import charts, explorers, scenarios, tables

CLAIMS = data.load("article_claims")
PLACES = data.load("places")
DELISTING = data.load("xinzhou_county_delisting")
HEADCOUNT = data.load("poverty_headcount")
POPULATION = data.load("china_population")
COOPERATIVES = data.load("cooperatives")
PLAN = poverty.plan_period(CLAIMS)
TIMELINE = poverty.county_timeline(DELISTING, PLACES)
FACTS = poverty.cooperative_facts(COOPERATIVES)
SLIDERS = explorers.cooperative_sliders(FACTS)
CHOICES = explorers.which_line_choices(HEADCOUNT)


@pytest.fixture(autouse=True)
def style(course_style):
    """Every test here draws in the course style (汉字 included); the style is restored after each."""


# ------------------------------------------------------------------------------------------ timeline


def test_the_timeline_has_every_county_with_places_names_and_unknown_where_the_data_is_empty():
    assert len(TIMELINE) == article.value(CLAIMS, "C021")
    glossary = PLACES.set_index("name_en")
    for row, county in zip(TIMELINE.itertuples(), DELISTING["county_en"], strict=True):
        if pd.isna(county):
            assert (row.name_zh, row.pinyin) == (tables.UNKNOWN, tables.UNKNOWN)
            assert not row.named
            continue
        for field, value in (("name_zh", row.name_zh), ("pinyin", row.pinyin)):
            known = glossary.at[county, field]
            assert value == (known if pd.notna(known) else tables.UNKNOWN), (county, field)


def test_nothing_is_filled_in_for_hequs_pinyin_or_the_unnamed_counties():
    hequ = TIMELINE.set_index("label").loc["Hequ"]
    assert hequ["name_zh"] == PLACES.set_index("name_en").at["Hequ", "name_zh"]
    assert hequ["pinyin"] == tables.UNKNOWN
    assert (TIMELINE.loc[~TIMELINE["named"], ["name_zh", "pinyin"]] == tables.UNKNOWN).all().all()


def test_counties_per_year_match_the_articles_claims():
    per_year = poverty.delisted_per_year(TIMELINE)
    assert per_year.loc[2018, "counties"] == article.value(CLAIMS, "C019")
    assert per_year.loc[2019, "counties"] == article.value(CLAIMS, "C020")
    assert per_year.loc[2018, "named"] == article.value(CLAIMS, "C019") and per_year.loc[2019, "named"] == 0
    assert per_year["cumulative"].iloc[-1] == article.value(CLAIMS, "C021")


def test_timeline_figure_and_alt_text(shown):
    residents = article.value(CLAIMS, "C023")
    poverty.timeline_chart(TIMELINE, residents, 2020, "Xinzhou")._ipython_display_()
    text = shown[0]["text/plain"]
    for name in DELISTING["county_en"].dropna():
        assert name in text
    assert f"{residents:,.0f}" in text and "do not name" in text.replace("does not name", "do not name")


# ------------------------------------------------------------------------------------- poverty lines


def test_lines_are_ordered_by_dollars_then_the_national_line():
    lines = poverty.poverty_lines(HEADCOUNT)
    assert set(lines) == set(HEADCOUNT["poverty_line"])
    dollars = [poverty.dollars_per_day(line) for line in lines]
    assert dollars[-1] is None and lines[-1] == "national line"
    assert dollars[:-1] == sorted(dollars[:-1]) and all(d > 0 for d in dollars[:-1])
    assert poverty.dollars_per_day("$8.30/day (2021 PPP)") == 8.3


def test_entities_put_china_first_and_list_every_entity():
    names = tables.entities(HEADCOUNT)
    assert names[0] == "China" and set(names) == set(HEADCOUNT["entity_name"])


def test_headcount_table_matches_the_raw_rows():
    table = poverty.headcount_table(HEADCOUNT, "China")
    raw = HEADCOUNT[HEADCOUNT["entity_name"] == "China"]
    for row in raw.itertuples():
        assert table.at[int(row.year), row.poverty_line] == row.headcount_pct
    assert table.notna().sum().sum() == len(raw)  # gaps stay gaps


@pytest.mark.parametrize("pct", [0.0, 0.1, 50.0, 100.0])
def test_people_below_line_is_the_ratio_times_the_population(pct):
    assert poverty.people_below_line(pct, 1_000_000) == pytest.approx(pct * 10_000)


@pytest.mark.parametrize("pct, population", [(-0.1, 1.0), (100.1, 1.0), (5.0, -1.0)])
def test_people_below_line_refuses_impossible_inputs(pct, population):
    with pytest.raises(ValueError):
        poverty.people_below_line(pct, population)


CHOICE_GRID = list(itertools.product(*(choice.values() for choice in CHOICES)))


@pytest.mark.parametrize("line, entity", CHOICE_GRID)
def test_the_which_line_scenario_over_every_choice(line, entity):
    scenario = scenarios.line_scenario(HEADCOUNT, POPULATION, PLAN, line, entity)
    raw = HEADCOUNT[(HEADCOUNT["entity_name"] == entity) & (HEADCOUNT["poverty_line"] == line)].sort_values("year")
    assert scenario.table["year"].tolist() == raw["year"].astype(int).tolist()
    assert scenario.table["headcount_pct"].between(0, 100).all()
    assert scenario.has_people == (entity == "China" and not raw.empty)
    if scenario.has_people:
        population = POPULATION.set_index("year")["population_people"]
        expected = [pct / 100 * population[year] for year, pct in zip(raw["year"], raw["headcount_pct"], strict=True)]
        assert scenario.table["people"].tolist() == pytest.approx(expected)
        assert all(math.isfinite(v) and v >= 0 for v in scenario.table["people"])
    else:
        assert scenario.table["people"].isna().all()
    assert line not in scenario.context.columns
    assert scenario.in_plan["year"].between(*PLAN).all()
    chart = charts.line_scenario_chart(scenario)
    plt.close(chart.figure)
    assert entity in chart.alt and chart.alt.strip()


@pytest.mark.parametrize("line, entity", [CHOICE_GRID[0], ("national line", "World"), ("national line", "India")])
def test_the_which_line_figure_draws_full_empty_and_sparse_series(line, entity, shown):
    charts.line_scenario_chart(scenarios.line_scenario(HEADCOUNT, POPULATION, PLAN, line, entity))._ipython_display_()
    assert shown and "Source: The World Bank: World Development Indicators" in shown[0]["text/plain"]
    assert not plt.get_fignums()


def test_plan_period_is_the_articles_13th_five_year_plan():
    row = CLAIMS.set_index("claim_id").loc["C062"]
    assert (int(row["period_start"]), int(row["period_end"])) == PLAN and PLAN[0] < PLAN[1]


def test_one_year_all_lines_and_entity_comparison_figures(shown):
    table = poverty.headcount_table(HEADCOUNT, "China")
    poverty.lines_in_year_chart(table, PLAN[1], "China")._ipython_display_()
    line = poverty.poverty_lines(HEADCOUNT)[1]
    poverty.entities_chart(HEADCOUNT, line, PLAN)._ipython_display_()
    for value in table.loc[PLAN[1]]:
        assert f"{value:.1f} %" in shown[0]["text/plain"]
    for name in tables.entities(HEADCOUNT):
        assert name in shown[1]["text/plain"]


def test_which_line_app_has_two_dropdowns_and_redraws_on_every_choice(shown):
    app = explorers.which_line_app()
    assert isinstance(app, explorer.Explorer)
    assert all(isinstance(control, ipywidgets.Dropdown) for control in app.controls.values())
    assert app.controls["entity"].value == "China"
    assert app.controls["line"].value == "national line"  # not the $3.00/day line guiding question 1 asks about
    before = app.renders
    app.controls["line"].value = CHOICES[0].options[0]  # the lowest dollar line
    app.controls["entity"].value = "India"
    assert app.renders == before + 2 and "India" in app.alt


# -------------------------------------------------------------------------------------- cooperatives


def figure(leader, indicator, unit):
    rows = COOPERATIVES[(COOPERATIVES["leader"] == leader) & (COOPERATIVES["indicator"] == indicator)
                        & (COOPERATIVES["unit"] == unit)]
    return float(rows["value"].item())


def test_cooperative_facts_come_from_the_dataset():
    assert FACTS.member_families == figure("Hao Runmei", "member_families", "families")
    assert FACTS.greenhouses == figure("Hao Runmei", "greenhouses", "greenhouses")
    assert FACTS.labour_income == figure("Hao Runmei", "labor_income_per_member_family", "yuan")
    assert FACTS.leader_family_income == article.value(CLAIMS, "C029")
    corn = figure("Shi Zhenyu", "income_per_hectare", "yuan per hectare") / figure(
        "Shi Zhenyu", "income_ratio_vs_corn_farming", "times")
    assert FACTS.corn_income_per_ha == pytest.approx(corn)


def defaults():
    return {s.name: s.default for s in SLIDERS}


def run(**inputs):
    return scenarios.cooperative_income(**inputs, corn_income_per_ha=FACTS.corn_income_per_ha)


def test_article_figures_are_slider_defaults_and_the_rest_are_marked_assumptions():
    by_name = {s.name: s for s in SLIDERS}
    assert by_name["families"].default == FACTS.member_families and not by_name["families"].assumption
    assert by_name["greenhouses"].default == FACTS.greenhouses and not by_name["greenhouses"].assumption
    assert all(s.assumption for s in SLIDERS if s.name not in {"families", "greenhouses"})


def test_the_default_scenario_reproduces_the_articles_labour_income():
    result = run(**defaults())
    assert result.labour_per_family == pytest.approx(FACTS.labour_income, rel=1e-6)
    d = defaults()  # recompute independently: wages = share × greenhouses × output × price, split over families
    assert result.labour_per_family == pytest.approx(
        d["labour_share"] * d["greenhouses"] * d["output"] * d["price"] / d["families"])
    assert not result.is_loss


@given(price=st.floats(0.5, 30), share=st.floats(0.05, 1))
def test_calibration_inverts_the_wage_formula(price, share):
    output = poverty.calibrate_output(FACTS, price, share)
    wages_per_family = share * FACTS.greenhouses * output * price / FACTS.member_families
    assert wages_per_family == pytest.approx(FACTS.labour_income)


@pytest.mark.parametrize("price, share", [(0, 0.5), (10, 0)])
def test_calibration_refuses_a_zero_price_or_share(price, share):
    with pytest.raises(ValueError):
        poverty.calibrate_output(FACTS, price, share)


def check_invariants(result, inputs):
    values = [result.revenue, result.costs, result.wages, result.dividends, result.labour_per_family,
              result.dividend_per_family, result.total_per_family, result.corn_per_family, result.income_per_ha]
    assert all(math.isfinite(v) for v in values)
    assert result.wages >= 0 and result.labour_per_family >= 0 and result.corn_per_family >= 0
    assert result.wages <= result.revenue + 1e-6  # a share of revenue
    assert result.revenue == pytest.approx(result.costs + result.wages + result.dividends, abs=1e-6)
    expected_revenue = inputs["greenhouses"] * inputs["output"] * inputs["price"]
    assert result.revenue == pytest.approx(expected_revenue)
    assert result.corn_per_family == pytest.approx(
        FACTS.corn_income_per_ha * inputs["land_ha"] * inputs["greenhouses"] / inputs["families"])
    assert result.is_loss == (result.dividends < 0)
    if result.total_per_family < 0:  # a negative income only ever comes from costs, and is then said
        assert inputs["cost"] > 0 and result.is_loss
        chart = charts.cooperative_chart(result, FACTS)
        plt.close(chart.figure)
        assert "loss" in chart.alt


CORNERS = list(itertools.product(*((s.min, s.max) for s in SLIDERS)))


@pytest.mark.parametrize("corner", CORNERS)
def test_every_corner_of_the_sliders(corner):
    inputs = dict(zip((s.name for s in SLIDERS), corner, strict=True))
    result = run(**inputs)
    check_invariants(result, inputs)
    chart = charts.cooperative_chart(result, FACTS)
    plt.close(chart.figure)
    assert chart.alt.strip()


@pytest.mark.parametrize("corner", [CORNERS[0], CORNERS[-1], CORNERS[len(CORNERS) // 3]])
def test_the_cooperative_figure_draws_at_corners(corner, shown):
    result = run(**dict(zip((s.name for s in SLIDERS), corner, strict=True)))
    charts.cooperative_chart(result, FACTS)._ipython_display_()
    assert shown and not plt.get_fignums()


def slider_strategy(slider):
    if slider.is_integer:
        return st.integers(int(slider.min), int(slider.max))
    return st.floats(slider.min, slider.max, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({s.name: slider_strategy(s) for s in SLIDERS}))
def test_random_points_in_the_slider_ranges(inputs):
    check_invariants(run(**inputs), inputs)


@settings(deadline=None)
@given(st.fixed_dictionaries({s.name: slider_strategy(s) for s in SLIDERS}), st.floats(0, 1))
def test_monotone_in_output_cost_and_families(inputs, fraction):
    base = run(**inputs)
    more_output = run(**{**inputs, "output": inputs["output"] + fraction * 1000})
    assert more_output.total_per_family >= base.total_per_family - 1e-9
    assert more_output.labour_per_family >= base.labour_per_family - 1e-9
    higher_cost = run(**{**inputs, "cost": inputs["cost"] + fraction * 1000})
    assert higher_cost.dividends <= base.dividends + 1e-9
    assert higher_cost.wages == pytest.approx(base.wages)
    more_families = run(**{**inputs, "families": inputs["families"] + 1})
    assert more_families.labour_per_family <= base.labour_per_family + 1e-9


@given(st.fixed_dictionaries({s.name: slider_strategy(s) for s in SLIDERS}), st.floats(0, 1))
def test_the_labour_share_only_moves_money_between_wages_and_dividends(inputs, share):
    base, moved = run(**inputs), run(**{**inputs, "labour_share": share})
    assert moved.total_per_family == pytest.approx(base.total_per_family, abs=1e-6)


@pytest.mark.parametrize("change", [{"families": 0}, {"greenhouses": 0}, {"land_ha": 0}, {"labour_share": 1.5},
                                    {"price": -1}, {"cost": -1}, {"output": -1}])
def test_impossible_inputs_are_refused(change):
    with pytest.raises(ValueError):
        run(**{**defaults(), **change})


def test_the_outlier_family_is_named_in_the_alt_text_with_its_ratio():
    result = run(**defaults())
    chart = charts.cooperative_chart(result, FACTS)
    plt.close(chart.figure)
    text = chart.alt
    assert f"{FACTS.leader_family_income:,.0f}" in text
    assert f"about {FACTS.leader_family_income / result.total_per_family:,.0f} times" in text


def test_cooperative_app_builds_with_its_defaults(shown):
    app = explorers.cooperative_app()
    assert isinstance(app, explorer.Explorer)
    assert app.values() == pytest.approx(defaults()) and app.defaults() == pytest.approx(defaults())
    before = app.renders
    app.controls["families"].value = 50
    assert app.renders == before + 1


def test_apps_have_kebab_case_names():
    names = ["which-line", "cooperative-arithmetic"]
    assert all(name == name.lower() and " " not in name and "_" not in name for name in names)
    assert {apps.registry()[name].module for name in names} == {"helpers.poverty.explorers"}


def test_no_assumption_makes_a_member_family_look_like_the_founders():
    """Guiding question 4 of the cooperative explorer, as its model answer states it: with the article's families
    and greenhouses, even the top of the output and price sliders with no other costs gives a member family well
    under a fifth of Hao's family's income; only changing the article's own figures (one family) can reach it."""
    top = {s.name: s.max for s in SLIDERS}
    article = {s.name: s.default for s in SLIDERS if s.name in ("families", "greenhouses")}
    best = scenarios.cooperative_income(**{**top, **article, "cost": 0},
                                        corn_income_per_ha=FACTS.corn_income_per_ha)
    assert best.total_per_family < FACTS.leader_family_income / 5
    alone = scenarios.cooperative_income(**{**top, "families": 1, "cost": 0},
                                         corn_income_per_ha=FACTS.corn_income_per_ha)
    assert alone.total_per_family > FACTS.leader_family_income


def test_the_cooperative_model_answers_hold():
    """Guiding questions 1 and 2, as the model answer states them: past about 60 % paid as wages the dividends turn
    negative while wages + dividends per family stay the same; other costs above about 61,200 yuan per greenhouse
    (revenue 122,400 minus wages 61,200, section 6's working) make a loss."""
    defaults = {s.name: s.default for s in SLIDERS}

    def run(**change: float) -> scenarios.CooperativeResult:
        return scenarios.cooperative_income(**{**defaults, **change}, corn_income_per_ha=FACTS.corn_income_per_ha)

    totals = {round(run(labour_share=share).total_per_family, 6) for share in (0.0, 0.5, 0.55, 0.65, 1.0)}
    assert len(totals) == 1
    assert run(labour_share=0.55).dividends > 0 > run(labour_share=0.65).dividends
    assert not run(cost=61_000).is_loss and run(cost=62_000).is_loss


def test_the_which_line_model_answers_hold():
    """Guiding questions 1 and 2 of the which-line explorer, as the model answer states them."""
    china = poverty.headcount_table(HEADCOUNT, "China")["$3.00/day (2021 PPP)"].dropna()
    assert int(china[china == 0].index.min()) == 2019
    india = poverty.headcount_table(HEADCOUNT, "India")
    years = {line: list(india[line].dropna().index) for line in india.columns}
    assert years.pop(tables.NATIONAL_LINE) == [2004, 2009, 2011]
    assert all(len(found) == 8 and not set(found) & set(range(2012, 2022)) for found in years.values())
