"""Self-checks for 02_poverty_alleviation. Expected answers are computed from the datasets, never typed in."""

from __future__ import annotations

import pandas as pd

from helpers import code_checks, data
from helpers.checks import register
from helpers.poverty import scenarios, tables

PEOPLE_LINE = "$4.20/day (2021 PPP)"  # exercise 2.4: the line and year the exercise asks about
PEOPLE_YEAR = 2016
ZERO_LINE = "$3.00/day (2021 PPP)"  # exercise 2.2
CHANGE_LINE = "$8.30/day (2021 PPP)"  # exercise 2.5


def _china() -> pd.DataFrame:
    return tables.headcount_table(data.load("poverty_headcount"), "China")


def _plan() -> tuple[int, int]:
    return tables.plan_period(data.load("article_claims"))


def _facts() -> tables.CooperativeFacts:
    return tables.cooperative_facts(data.load("cooperatives"))


TRANSFER_CITY = "吕梁市"  # exercise 2.1: Lüliang, another city of Shanxi with poverty counties
WORLD_BELOW_PCT = 15.0  # exercise 2.2: the World's first year below this share at the $3.00/day line


def _counties_per_year(city_zh: str = TRANSFER_CITY) -> pd.Series:
    counties = data.load("poverty_counties")
    return counties[counties["city_zh"] == city_zh].groupby("exit_year").size()


def _first_year_below(entity: str, line: str = ZERO_LINE, below: float = WORLD_BELOW_PCT) -> int:
    headcount = data.load("poverty_headcount")
    rows = headcount[(headcount["entity_name"] == entity) & (headcount["poverty_line"] == line)]
    return int(rows.loc[rows["headcount_pct"] < below, "year"].min())


def _first_zero_year(line: str) -> int:
    values = _china()[line].dropna()
    return int(values[values == 0].index.min())


def _people_millions(line: str) -> float:
    population = data.load("china_population").set_index("year")["population_people"]
    return scenarios.people_below_line(_china().at[PEOPLE_YEAR, line], float(population[PEOPLE_YEAR])) / 1e6


def _pp_change() -> float:
    start, end = _plan()
    return float(_china().at[end, CHANGE_LINE] - _china().at[start, CHANGE_LINE])


def _relative_change_pct() -> float:
    start, _ = _plan()
    return 100 * _pp_change() / float(_china().at[start, CHANGE_LINE])


def _mean_with_outlier(families: int) -> float:
    facts = _facts()
    return (facts.member_families * facts.labour_income + facts.leader_family_income) / families


register("2.1", _counties_per_year, rtol=0, unit="counties per year (a Series indexed by year)")
register(
    "2.2", lambda: _first_year_below("World"), rtol=0, unit="a year",
    mistakes=((lambda: _first_year_below("China"), "that is China's year; keep the World's rows"),
              (lambda: _first_zero_year(ZERO_LINE), "that is when China's ratio reads 0.0; the question asks "
                                                    "when the World's falls below 15 %")),
)
register(
    "2.3", lambda: _facts().corn_income_per_ha, rtol=1e-6, unit="yuan per hectare",
    mistakes=(
        (lambda: _facts().seedling_income_per_ha * _facts().ratio_vs_corn,
         "corn earns *less* than the seedlings: seedlings = 5 × corn, so divide"),
        (lambda: _facts().seedling_income_per_ha / (_facts().ratio_vs_corn + 1),
         "'five times the income from corn' means seedlings = 5 × corn, not corn + 5 × corn"),
    ),
)
register(
    "2.4", lambda: _people_millions(PEOPLE_LINE), rtol=1e-3, unit="millions of people",
    mistakes=((lambda: _people_millions(tables.NATIONAL_LINE),
               "that uses the national line; the question asks for the $4.20/day line"),),
)
register(
    "2.5", _pp_change, rtol=1e-6, unit="percentage points (negative for a fall)",
    mistakes=((_relative_change_pct, "that is the relative change in percent; the question asks for the "
                                     "difference of the two shares, in percentage points"),),
)
register(
    "2.6", lambda: _mean_with_outlier(_facts().member_families + 1), rtol=1e-3, unit="yuan per family",
    mistakes=(
        (lambda: _mean_with_outlier(_facts().member_families),
         "there are 35 families: the 34 members and one more with Hao's family's income"),
        (lambda: (_facts().labour_income + _facts().leader_family_income) / 2,
         "that averages the two figures; average over the 35 families instead"),
        (lambda: _facts().labour_income, "that is the median (the middle family), not the mean"),
    ),
)


# Code tasks: the learner writes the pandas and matplotlib; helpers.code_checks reads what they built.

SHANXI_ZH = "山西省"


def _exits_per_year(province_zh: str | None = SHANXI_ZH) -> pd.Series:
    counties = data.load("poverty_counties")
    if province_zh is not None:
        counties = counties[counties["province_zh"] == province_zh]
    return counties.groupby("exit_year").size()


def _china_lines() -> pd.DataFrame:
    """China's headcount ratios (percent), one column per poverty line, one row per year."""
    headcount = data.load("poverty_headcount")
    china = headcount[headcount["entity_name"] == "China"]
    return china.pivot(index="year", columns="poverty_line", values="headcount_pct")


code_checks.register_table(
    "2.7", _exits_per_year, key="exit_year",
    mistakes=((lambda: _exits_per_year(None),
               "those are the counts for all of China's poverty counties; keep only Shanxi's rows first"),))
code_checks.register_figure("2.8", _china_lines, unit="%|percent")


# Quick checks, next to the idea they practise.

def _delisted_by_2018_fraction() -> float:
    delisting = data.load("xinzhou_county_delisting")
    first = int(delisting["year_delisted"].min())
    return float((delisting["year_delisted"] == first).sum() / len(delisting))


def _first_over_second_group() -> float:
    counts = data.load("xinzhou_county_delisting").groupby("year_delisted").size()
    return float(counts.iloc[0] / counts.iloc[1])


register("2.9", _delisted_by_2018_fraction, rtol=1e-3, unit="a fraction (0-1)",
         mistakes=((_first_over_second_group,
                    "divide by all of Xinzhou's counties, not by the counties of the other year"),))
