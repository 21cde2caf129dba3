"""Self-checks for 02_poverty_alleviation. Expected answers are computed from the datasets, never typed in."""

from __future__ import annotations

import pandas as pd

from helpers import code_checks, data, units
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
    "2.3", lambda: _facts().corn_income_per_ha / units.MU_PER_HECTARE, rtol=1e-6, unit="yuan per mu",
    mistakes=(
        (lambda: _facts().corn_income_per_ha,
         "that is per hectare; a hectare is 15 mu, so one mu earns a fifteenth of it"),
        (lambda: _facts().corn_income_per_ha * units.MU_PER_HECTARE,
         "a mu is smaller than a hectare (15 mu make one hectare): divide by 15, do not multiply"),
        (lambda: _facts().seedling_income_per_ha / units.MU_PER_HECTARE,
         "that is the seedlings' income per mu; corn earns a fifth of it"),
        (lambda: _facts().seedling_income_per_ha * _facts().ratio_vs_corn / units.MU_PER_HECTARE,
         "corn earns *less* than the seedlings: seedlings = 5 × corn, so divide"),
        (lambda: _facts().seedling_income_per_ha / (_facts().ratio_vs_corn + 1) / units.MU_PER_HECTARE,
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


def _province_list(province_zh: str = SHANXI_ZH) -> pd.DataFrame:
    """One province's rows of the tidy county list, indexed by county code: what cleaning the raw file gives."""
    counties = data.load("poverty_counties")
    return counties[counties["province_zh"] == province_zh].set_index("county_code")


code_checks.register_table(
    "2.10", _province_list, key="county_code", strict=True,
    mistakes=((lambda: _province_list("陕西省"),
               "those are Shaanxi's counties (陕西省); Shanxi is 山西省, with 山 (mountain) first"),))


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


# Quick checks at the end of sections 1, 2, 3 and 5 (transfers: another province, country, year, farm size).

TRANSFER_PROVINCE = "陕西省"  # exercise 2.11: Shaanxi, Shanxi's western neighbour (山西省 is Shanxi)
BETWEEN_LINES = ("$3.00/day (2021 PPP)", "$8.30/day (2021 PPP)")  # exercise 2.12: the share between two lines
BETWEEN_ENTITY = "India"
LATER_YEAR = 2021  # exercise 2.13: the year after the plan
LATER_LINE = "$8.30/day (2021 PPP)"
HECTARES_PER_FAMILY = 0.3  # exercise 2.14: an assumed farm size, stated as an assumption in the exercise


def _province_share_pct(province_zh: str = TRANSFER_PROVINCE, of: str | None = None) -> float:
    """Percent of the national list's counties in ``province_zh`` (of the counties in region ``of``, if given)."""
    counties = data.load("poverty_counties")
    base = counties if of is None else counties[counties["region_zh"] == of]
    return float(100 * (counties["province_zh"] == province_zh).sum() / len(base))


def _province_count(province_zh: str = TRANSFER_PROVINCE) -> float:
    return float((data.load("poverty_counties")["province_zh"] == province_zh).sum())


def _province_region(province_zh: str = TRANSFER_PROVINCE) -> str:
    counties = data.load("poverty_counties")
    return str(counties.loc[counties["province_zh"] == province_zh, "region_zh"].iloc[0])


register(
    "2.11", _province_share_pct, rtol=1e-3, unit="percent of the list's counties",
    mistakes=(
        (lambda: _province_share_pct(SHANXI_ZH), "that is Shanxi's share (山西省); the question asks for Shaanxi "
                                                 "(陕西省), the province west of it"),
        (_province_count, "that is the number of counties; divide it by all the counties on the list and "
                          "multiply by 100"),
        (lambda: _province_share_pct(of=_province_region()),
         "that divides by the counties of one region only; divide by all the counties on the list"),
    ),
)


def _latest_between(entity: str = BETWEEN_ENTITY, lines: tuple[str, str] = BETWEEN_LINES,
                    combine=lambda low, high: high - low, latest: bool = True) -> float:
    table = tables.headcount_table(data.load("poverty_headcount"), entity)[list(lines)].dropna()
    row = table.iloc[-1] if latest else table.iloc[-2]
    return float(combine(row[lines[0]], row[lines[1]]))


register(
    "2.12", _latest_between, rtol=1e-6, unit="percent of the population",
    mistakes=(
        (lambda: _latest_between(combine=lambda low, high: high + low),
         "the lines nest: everyone below $3.00 a day is also below $8.30, so subtract the lower line's share "
         "from the higher line's, do not add them"),
        (lambda: _latest_between(combine=lambda low, high: high / low),
         "that is a ratio of the two shares; the share between the lines is their difference"),
        (lambda: _latest_between(latest=False), "that uses India's estimate before the latest; take the last year "
                                                "that has both lines"),
        (lambda: _latest_between("China"), "that is China's share; the question asks about India"),
    ),
)


def _people_in_year_millions(year: int = LATER_YEAR, line: str = LATER_LINE) -> float:
    population = data.load("china_population").set_index("year")["population_people"]
    return scenarios.people_below_line(_china().at[year, line], float(population[year])) / 1e6


def _pp_change_between(start: int, end: int, line: str = LATER_LINE) -> float:
    return float(_china().at[end, line] - _china().at[start, line])


register(
    "2.13", _people_in_year_millions, rtol=1e-3, unit="millions of people",
    mistakes=(
        (lambda: _people_in_year_millions(_plan()[1]),
         "that is the plan's last year, shown in the table above; use the 2021 ratio and the 2021 population"),
        (lambda: float(_china().at[LATER_YEAR, LATER_LINE]),
         "that is the ratio itself, in percent; multiply it (÷ 100) by the population to get people"),
    ),
)


def _shi_families() -> float:
    rows = data.load("cooperatives")
    shi = rows[(rows["leader"] == "Shi Zhenyu") & (rows["indicator"] == "member_families")]
    return float(shi["value"].iloc[0])


def _seedling_income_per_family(hectares: float = HECTARES_PER_FAMILY) -> float:
    return _facts().seedling_income_per_ha * hectares


register(
    "2.14", _seedling_income_per_family, rtol=1e-6, unit="yuan per family",
    mistakes=(
        (lambda: _facts().seedling_income_per_ha / HECTARES_PER_FAMILY,
         "dividing by the hectares gives more than one hectare earns; a family on less than a hectare earns "
         "less, so multiply"),
        (lambda: _facts().seedling_income_per_ha / _shi_families(),
         "that shares one hectare's income among all the families; use the land of one family instead"),
        (lambda: _facts().corn_income_per_ha * HECTARES_PER_FAMILY,
         "that is the corn income of the same land; the question asks about the seedlings"),
    ),
)
