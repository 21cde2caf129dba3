"""Self-checks for 04_smart_industry_and_fact_check. Expected answers are computed from the datasets and helpers."""

from __future__ import annotations

from functools import cache

import pandas as pd

from helpers import article, data, factcheck, growth
from helpers.checks import register


@cache
def _claims() -> pd.DataFrame:
    return data.load("article_claims")  # loaded once: the property tests call each check many times


def _value(claim_id: str) -> float:
    return article.value(_claims(), claim_id)


@cache
def _verdicts() -> pd.DataFrame:
    claims = _claims()
    return factcheck.verdict_table(claims, factcheck.load_sources(), factcheck.default_tolerance(claims))


def _not_checkable_count() -> int:
    return int((_verdicts()["verdict"] == factcheck.NOT_CHECKABLE).sum())


def _not_checkable_pct() -> float:
    return 100 * _not_checkable_count() / len(_verdicts())


TIME_CUT_PCT = 30.0  # exercise 4.2: a made-up cut in the time per container (percent), a transfer of section 1.3


def _throughput_gain_pct(cut_pct: float = TIME_CUT_PCT) -> float:
    # Time per container cut by cut_pct: containers per hour rise by 1 / (1 - cut) - 1.
    return 100 * (factcheck.time_per_unit(-cut_pct) - 1)


def _yuncheng_2019_gdp_billion() -> float:
    return factcheck.previous_level(_value("C064"), _value("C065")) / 1e9


def _doubling_years() -> float:
    return growth.years_to_multiply(_value("C007") / 100, 2)


def _crosstab() -> pd.DataFrame:
    verdicts = _verdicts()
    return pd.crosstab(verdicts["theme"], verdicts["verdict"])


@cache
def _smallest_tolerance_pct(common: str = "mean") -> float:
    """The largest distance (%) of a pair's implied rate from the common rate: the ``mean`` of the four rates
    (exercise 4.6, a transfer) or the ``median`` (the course's common rate, section 2.1)."""
    rates = factcheck.pair_deviations(_claims())["yuan_per_usd"]
    return float((100 * (rates / getattr(rates, common)() - 1)).abs().max())


@cache
def _china_coal(year: int) -> float:
    coal = data.load("coal_production_tonnes")
    return float(coal.loc[(coal["country"] == "China") & (coal["year"] == year), "coal_production_mt"].iloc[0])


def _plan_years() -> tuple[int, int]:
    return article.period(_claims(), "C004")


def _coal_change_pct() -> float:
    first, last = (_china_coal(y) for y in _plan_years())
    return 100 * growth.relative_change(first, last)


register("4.1", _not_checkable_pct, rtol=1e-3, unit="percent of the claims",
         mistakes=((_not_checkable_count, "that is the number of claims; the question asks for their share: "
                                          "divide by the number of claims, then × 100"),))
register(
    "4.2", _throughput_gain_pct, rtol=2e-3, unit="percent",
    mistakes=((lambda: TIME_CUT_PCT, "a 30 % cut in time is not a 30 % rise in containers per hour: containers per "
                                     "hour = 1 ÷ time per container"),
              (lambda: _throughput_gain_pct(_value("C048")), "that is the 50 % cut of the Think! in section 1.3; "
                                                             "this terminal cut the time by 30 %")),
)
register(
    "4.3", _yuncheng_2019_gdp_billion, rtol=1e-3, unit="billion yuan",
    mistakes=(
        (lambda: _value("C064") * (1 - _value("C065") / 100) / 1e9,
         "5.2 % is measured on the earlier year's GDP, not this year's: divide by 1.052 instead of subtracting 5.2 %"),
        (lambda: _value("C064") * (1 + _value("C065") / 100) / 1e9,
         "that projects a year forward; the earlier year is smaller"),
    ),
)
register(
    "4.4", _doubling_years, rtol=2e-3, unit="years",
    mistakes=(
        (lambda: 100 / _value("C007"), "adding 7.8 % of the first year's size each year ignores compounding"),
        (lambda: 70 / _value("C007"), "the rule of 70 is a shortcut; compute the exact number with logarithms or "
                                      "growth.years_to_multiply"),
    ),
)
register("4.5", _crosstab, unit="a table of counts")
register(
    "4.6", _smallest_tolerance_pct, rtol=0.02, unit="percent",
    mistakes=((lambda: float(factcheck.pair_deviations(_claims())["rounding_pct"].max()),
               "that is how far rounding *could* move a rate; the question asks how far the rates *are* from the "
               "common rate"),
              (lambda: _smallest_tolerance_pct("median"),
               "that is the distance from the median, the common rate of section 2.1; this exercise takes the mean")),
)
register(
    "4.7", _coal_change_pct, rtol=2e-3, unit="percent",
    mistakes=(
        (lambda: _china_coal(_plan_years()[1]) - _china_coal(_plan_years()[0]),
         "that is the change in million tonnes; express it as a percent of the first year's output"),
        (lambda: 100 * (_china_coal(_plan_years()[1]) - _china_coal(_plan_years()[0])) / _china_coal(_plan_years()[1]),
         "divide by the first year's output (the base), not the last year's"),
    ),
)


# Capstone: the learner's own checks (4.8-4.10), judged as verdict rows ----------------------------------------
# Only the columns that carry the judgement are compared: which claims, which verdict, which dataset. The learner's
# `check`, `result` and `note` are free text (compared with the model answer by the learner, not by the check).

_JUDGED = ["claim_id", "verdict", "dataset"]
_COAL = "coal_production_tonnes"  # the dataset the base-year check reads


def _rows(claim_ids: tuple[str, ...], verdict: str, dataset: str) -> pd.DataFrame:
    return pd.DataFrame({"claim_id": list(claim_ids), "verdict": verdict, "dataset": dataset}, columns=_JUDGED)


register(
    "4.8", lambda: _rows(("C010",), factcheck.NEEDS_CONTEXT, factcheck.CLAIMS), unit="verdict rows",
    mistakes=(
        (lambda: _rows(("C010",), factcheck.INTERNAL, factcheck.CLAIMS),
         "the revenue figures do fit together, but they run from 2016 to 2020, before the company settled in the "
         "zone in 2020: which verdict fits correct figures that are easy to misread?"),
        (lambda: _rows(("C010",), factcheck.NOT_CHECKABLE, "none"),
         "the article's own figures can test this claim's timing: compare the years of C012 and C015 with C010, "
         "and name the dataset article_claims"),
    ),
)
register(
    "4.9", lambda: _rows(("C012", "C015"), factcheck.NEEDS_CONTEXT, factcheck.CLAIMS), unit="verdict rows",
    mistakes=(
        (lambda: _rows(("C012", "C015"), factcheck.INTERNAL, factcheck.CLAIMS),
         "the two revenues do fit a growth multiple (the course's own check says so); your check asks what the "
         "growth is made of: the revenue per order grew too, which a reader needs to know to read the growth"),
        (lambda: _rows(("C011", "C014"), factcheck.NEEDS_CONTEXT, factcheck.CLAIMS),
         "put the rows on the two revenue figures (C012 and C015): the order counts (C011, C014) are what you "
         "divide by"),
    ),
)
register(
    "4.10", lambda: _rows(("C004",), factcheck.NEEDS_CONTEXT, _COAL), unit="verdict rows",
    mistakes=(
        (lambda: _rows(("C004",), factcheck.DIFFERS, _COAL),
         "output rising while capacity closes is no contradiction (capacity is not output), and the question is "
         "the base year: which verdict fits a figure that depends on a choice the text does not state?"),
        (lambda: _rows(("C004",), factcheck.CONSISTENT, _COAL),
         "China's output cannot confirm capacity closed in Shanxi; the check shows that the change depends on "
         "the base year, which a reader needs to be told"),
        (lambda: _rows(("C004",), factcheck.NEEDS_CONTEXT, factcheck.CLAIMS),
         "the claim and verdict are right; this check uses China's coal output, so name the dataset "
         "coal_production_tonnes"),
    ),
)


def _national_headcount() -> pd.Series:
    """China's poverty headcount at its national line (percent of the population), by year."""
    headcount = data.load("poverty_headcount")
    china = headcount[(headcount["entity_name"] == "China") & (headcount["poverty_line"] == "national line")]
    return china.set_index("year")["headcount_pct"]


BACKGROUND_YEARS = (2015, 2020)  # exercise 4.11: the year before the plan and the year of C022


def _headcount_fall_pp_a_year(steps: int | None = None) -> float:
    first, last = BACKGROUND_YEARS
    by_year = _national_headcount()
    return (by_year[first] - by_year[last]) / (steps or last - first)


register(
    "4.11", _headcount_fall_pp_a_year, rtol=1e-3, unit="percentage points a year",
    mistakes=(
        (lambda: _headcount_fall_pp_a_year(BACKGROUND_YEARS[1] - BACKGROUND_YEARS[0] + 1),
         "2015 to 2020 is five yearly steps, not six years: divide by last year − first year"),
        (lambda: _headcount_fall_pp_a_year(1),
         "that is the fall over the whole period; the question asks for the average per year"),
        (lambda: 100 / (BACKGROUND_YEARS[1] - BACKGROUND_YEARS[0])
         * (1 - _national_headcount()[BACKGROUND_YEARS[1]] / _national_headcount()[BACKGROUND_YEARS[0]]),
         "that is a relative fall (percent of the 2015 level); a difference of two percentages is in "
         "percentage points: subtract them"),
    ),
)


REAL_YEARS = (2015, 2019)  # exercise 4.12: the year before the plan and the last year of the GDP series


def _gdp_change_pct(variable: str = "gdp_real_gcam_derived") -> float:
    socio = data.load("shanxi_socioeconomic")
    series = socio[socio["variable"] == variable].set_index("year")["value"]
    return 100 * (series[REAL_YEARS[1]] / series[REAL_YEARS[0]] - 1)


def _summed_real_rates() -> float:
    socio = data.load("shanxi_socioeconomic")
    series = socio[socio["variable"] == "gdp_real_gcam_derived"].set_index("year")["value"].sort_index()
    return float(100 * series.pct_change().loc[REAL_YEARS[0] + 1:REAL_YEARS[1]].sum())


register(
    "4.12", _gdp_change_pct, rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: _gdp_change_pct("gdp_nominal"),
         "that is the nominal series, prices included; the question asks for the real one"),
        (_summed_real_rates, "adding the yearly rates ignores compounding: each year grows from a larger base; "
                             "use the two levels"),
    ),
)
