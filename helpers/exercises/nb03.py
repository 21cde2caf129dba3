"""Self-checks for 03_agricultural_modernization. Expected answers are computed from the datasets, never typed."""

from __future__ import annotations

from functools import cache

import pandas as pd

from helpers import article, code_checks, data, growth, units
from helpers.agriculture import scenarios, tables
from helpers.checks import register

BASE_YEAR, SHARE_YEAR = 2000, 2020  # the years exercises 3.4 and 3.5 ask about


@cache
def _figures() -> pd.DataFrame:
    return data.load("yuncheng_figures")  # loaded once: the property tests call each check many times


@cache
def _crops() -> pd.DataFrame:
    return data.load("crop_production")


@cache
def _apples() -> pd.DataFrame:
    return tables.crop_table(_crops(), "Apples")


@cache
def _orchard() -> dict[str, float]:
    return tables.orchard_inputs(_figures())


@cache
def _spending() -> dict[str, float]:
    return tables.spending_inputs(_figures())


# 3.1 share of Yuncheng's orchards upgraded, percent
def _share_upgraded_pct() -> float:
    figures = _figures()
    return 100 * scenarios.upgraded_share(article.value(figures, "C055"), article.value(figures, "C052"))


TARGET_SHARE_PCT = 25  # exercise 3.1: a what-if target share of upgraded orchards (not the article's)


def _extra_hectares() -> float:
    figures = _figures()
    return TARGET_SHARE_PCT / 100 * article.value(figures, "C052") - article.value(figures, "C055")


def _share_inverted() -> float:
    figures = _figures()
    return article.value(figures, "C052") / article.value(figures, "C055")


# 3.2 revenue multiplier at the low end of Jing Liyi's price range
def _multiplier_at(end: int) -> float:
    """Multiplier with Jing's output gain and the low (0) or high (1) end of his price range."""
    price_gain_pct = article.value_range(_figures(), "C059")[end]
    return growth.combined_change(_orchard()["output_gain_pct"], price_gain_pct)


def _multiplier() -> float:
    return _multiplier_at(0)


def _multiplier_added() -> float:
    low = article.value_range(_figures(), "C059")[0]
    return 1 + (_orchard()["output_gain_pct"] + low) / 100


def _multiplier_midpoint() -> float:
    inputs = _orchard()
    return growth.combined_change(inputs["output_gain_pct"], inputs["price_premium_pct"])


# 3.3 first year's livelihood spending, billion yuan
def _first_year() -> float:
    inputs = _spending()
    return growth.first_of_growing_total(inputs["total_billion_yuan"], inputs["growth_pct"], inputs["years"])


RATE_SHARE = 0.5  # exercise 3.3: a what-if, the same total growing at half the article's rate


def _first_year_at(rate_share: float = RATE_SHARE) -> float:
    inputs = _spending()
    return growth.first_of_growing_total(inputs["total_billion_yuan"], rate_share * inputs["growth_pct"],
                                         inputs["years"])


def _growth_as_percent_number() -> float:
    inputs = _spending()
    g = RATE_SHARE * inputs["growth_pct"]  # the rate in percent used as if it were a fraction
    return inputs["total_billion_yuan"] * g / ((1 + g) ** inputs["years"] - 1)


def _even_split() -> float:
    inputs = _spending()
    return inputs["total_billion_yuan"] / inputs["years"]


# 3.4 China's apple output, average growth 2000-2020, percent a year
def _ratio() -> float:
    china = _apples()["China"]
    return float(china[SHARE_YEAR] / china[BASE_YEAR])


def _cagr_pct() -> float:
    china = _apples()["China"]
    return 100 * growth.cagr(china[BASE_YEAR], china[SHARE_YEAR], SHARE_YEAR - BASE_YEAR)


# 3.5 China's share of world apple output in 2020, percent
@cache
def _share_of_world_pct() -> float:
    return 100 * float(tables.share_of_world(_crops(), "Apples")[SHARE_YEAR])


def _share_of_rest_pct() -> float:
    row = _apples().loc[SHARE_YEAR]
    return 100 * float(row["China"] / (row["World"] - row["China"]))


@cache
def _wheat_share_pct() -> float:
    return 100 * float(tables.share_of_world(_crops(), "Wheat")[SHARE_YEAR])


register("3.1", _extra_hectares, rtol=1e-3, unit="hectares",
         mistakes=((lambda: _extra_hectares() + article.value(_figures(), "C055"),
                    "that is the whole target area; subtract the hectares already upgraded"),
                   (_share_upgraded_pct, "that is today's share in percent; the question asks for hectares"),
                   (lambda: _extra_hectares() / 100,
                    "write the target share as a fraction (25 % is 0.25) before multiplying by the area")))
register(
    "3.2", _multiplier, rtol=1e-3, unit="a multiplier (revenue after ÷ revenue before)",
    mistakes=(
        (_multiplier_added, "you added the two gains; revenue is output × price, so multiply the two factors "
                            "(1 + output gain) × (1 + price gain)"),
        (lambda: 100 * (_multiplier_added() - 1), "you added the two gains, and gave a percent; multiply the "
                                                  "factors and give the multiplier"),
        (lambda: _multiplier() - 1, "that is the gain as a fraction; the multiplier is one plus the gain"),
        (lambda: 100 * (_multiplier() - 1), "that is the gain in percent; the question asks for the multiplier"),
        (_multiplier_midpoint, "that uses the midpoint of the price range; the question asks for its low end"),
        (lambda: _multiplier_at(1), "that uses the high end of the price range; the question asks for its low end"),
    ),
)
register(
    "3.3", _first_year_at, rtol=1e-3, unit="billion yuan",
    mistakes=(
        (_first_year, "that is the first year at the article's rate; the question halves the rate first"),
        (_even_split, "that is the even split, which ignores growth; with growth the first year gets less"),
        (lambda: _first_year_at(2 * RATE_SHARE), "that is the article's own rate; use half of it"),
        (_growth_as_percent_number, "write the growth rate as a fraction in the formula: divide the percent by 100"),
        (lambda: _first_year_at() * (1 + RATE_SHARE * _spending()["growth_pct"] / 100) ** (_spending()["years"] - 1),
         "that is the last year's amount; the question asks for the first year"),
    ),
)
register(
    "3.4", _cagr_pct, rtol=1e-3, unit="percent a year",
    mistakes=(
        (lambda: 100 * (_ratio() - 1) / (SHARE_YEAR - BASE_YEAR),
         "that is the total change shared out evenly; growth compounds, so take the n-th root of the ratio"),
        (lambda: 100 * (_ratio() - 1), "that is the total change over the whole period, not per year"),
        (lambda: 100 * (_ratio() ** (1 / (SHARE_YEAR - BASE_YEAR + 1)) - 1),
         f"count the yearly steps: from {BASE_YEAR} to {SHARE_YEAR} there are {SHARE_YEAR - BASE_YEAR}, not one more"),
    ),
)
register(
    "3.5", _share_of_world_pct, rtol=1e-3, unit="percent of world output",
    mistakes=(
        (_share_of_rest_pct, "divide by the world total, which already includes China"),
        (_wheat_share_pct, "that is wheat; the question asks about apples"),
    ),
)


# Code tasks: the learner writes the pandas; helpers.code_checks reads the table they built.

def _apple_share_pct() -> pd.Series:
    crops = data.load("crop_production")
    wide = crops[crops["crop"] == "Apples"].pivot(index="year", columns="entity", values="production_tonnes")
    return 100 * wide["China"] / wide["World"]


def _money_in_yi_yuan() -> pd.Series:
    figures = data.load("yuncheng_figures")
    money = figures[figures["unit"] == "yuan"]
    return (money.set_index("indicator")["value"] / units.YI).rename("value_yi_yuan")


code_checks.register_table(
    "3.7", _apple_share_pct, key="year",
    mistakes=((lambda: 100 * _apple_share_pct() ** -1 * 100,
               "that is the world's output divided by China's; divide China's by the world's"),))
code_checks.register_table("3.6", _money_in_yi_yuan, key="indicator")


# Quick checks, next to the idea they practise.

def _revenue_gain_at_high_price() -> tuple[float, float]:
    figures = data.load("yuncheng_figures")
    return article.value(figures, "C058"), article.value_range(figures, "C059")[1]


register(
    "3.8", lambda: 100 * (growth.combined_change(*_revenue_gain_at_high_price()) - 1), rtol=1e-3, unit="percent",
    mistakes=((lambda: sum(_revenue_gain_at_high_price()),
               "adding the two gains forgets the extra output sold at the extra price: multiply the factors"),),
)


# 3.9 the share of the article's Yuncheng figures given as a lower bound ("more than"), percent
LOWER_BOUND = "more than"


def _qualified_share_pct(*qualifiers: str) -> float:
    return 100 * float(_figures()["qualifier"].isin(qualifiers).mean())


register(
    "3.9", lambda: _qualified_share_pct(LOWER_BOUND), rtol=1e-3, unit="percent of the rows",
    mistakes=(
        (lambda: float((_figures()["qualifier"] == LOWER_BOUND).sum()),
         "that is the number of rows; a share divides it by the number of all rows"),
        (lambda: _qualified_share_pct(LOWER_BOUND, "about"),
         "that counts \"about\" too; \"about\" is an approximation, not a lower bound: keep only \"more than\""),
        (lambda: 100 - _qualified_share_pct(LOWER_BOUND),
         "that is the share of the other rows; count the rows whose qualifier is \"more than\""),
    ),
)


# 3.10 the same two percentages, one a fall: output −20 % and price +20 % (the low end of Jing's range)
def _fall_and_rise() -> tuple[float, float]:
    return -_orchard()["output_gain_pct"], article.value_range(_figures(), "C059")[0]


register(
    "3.10", lambda: 100 * (growth.combined_change(*_fall_and_rise()) - 1), rtol=1e-3,
    unit="percent (negative for a fall)",
    mistakes=(
        (lambda: sum(_fall_and_rise()),
         "adding a fall and a rise of the same size gives 0, but they do not cancel: multiply the factors, "
         "(1 − fall) × (1 + rise)"),
        (lambda: 100 * (growth.combined_change(-_fall_and_rise()[0], _fall_and_rise()[1]) - 1),
         "that treats the output change as a gain; here output falls, so its factor is below 1"),
    ),
)


# 3.11 the investment in US dollars per hectare of all orchards
def _per_ha(money_claim: str, area_claim: str) -> float:
    return article.value(_figures(), money_claim) / article.value(_figures(), area_claim)


register(
    "3.11", lambda: _per_ha("C054", "C052"), rtol=1e-3, unit="US dollars per hectare",
    mistakes=(
        (lambda: _per_ha("C054", "C055"),
         "that divides by the upgraded hectares; the question asks per hectare of all orchards (claim C052)"),
        (lambda: _per_ha("C053", "C052"), "that is in yuan; use the dollar figure of the investment (claim C054)"),
        (lambda: _per_ha("C053", "C055"),
         "that is yuan per upgraded hectare; use the dollars (claim C054) and all the orchards (claim C052)"),
    ),
)


# 3.12 how much larger the last year's amount is than the first's, under the constant-growth reading, percent
def _growth_steps() -> tuple[float, int]:
    inputs = _spending()
    return inputs["growth_pct"], int(inputs["years"]) - 1


register(
    "3.12", lambda: 100 * ((1 + _growth_steps()[0] / 100) ** _growth_steps()[1] - 1), rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: _growth_steps()[0] * _growth_steps()[1],
         "that adds the yearly increases; each one applies to a larger amount, so they compound: multiply the "
         "factors (1 + g) of each year"),
        (lambda: 100 * ((1 + _growth_steps()[0] / 100) ** (_growth_steps()[1] + 1) - 1),
         "count the increases: five years have four steps between them, from the first year to the last"),
        (lambda: _growth_steps()[0] * (_growth_steps()[1] + 1),
         "that adds five increases: five years have four steps between them, and the increases compound"),
    ),
)


# 3.13 figure task: China's apple and wheat output, million tonnes, one line per crop
FIGURE_CROPS = ("Apples", "Wheat")
MILLION = 1_000_000  # tonnes in a million tonnes


def _china_crops_mt(entity: str = "China") -> pd.DataFrame:
    crops = _crops()
    rows = crops[(crops["entity"] == entity) & crops["crop"].isin(FIGURE_CROPS)]
    return rows.pivot(index="year", columns="crop", values="production_tonnes") / MILLION


code_checks.register_figure(
    "3.13", _china_crops_mt, unit="tonnes|Mt",
    mistakes=((lambda: _china_crops_mt("World"), "those are the world's tonnes; keep China's rows (entity \"China\")"),
              (lambda: _china_crops_mt("China (FAO)"),
               "that is FAO's aggregate \"China (FAO)\", which includes Hong Kong, Macao and Taiwan; the course uses "
               "\"China\"")),
)


# 3.14 the change of China's share of world wheat, 2000 to 2020, in percentage points
def _share_pct(crop: str, year: int) -> float:
    return 100 * float(tables.share_of_world(_crops(), crop)[year])


def _wheat_tonnes_ratio() -> float:
    wheat = tables.crop_table(_crops(), "Wheat")["China"]
    return float(wheat[SHARE_YEAR] / wheat[BASE_YEAR])


def _share_change_pp(crop: str = "Wheat") -> float:
    return _share_pct(crop, SHARE_YEAR) - _share_pct(crop, BASE_YEAR)


register(
    "3.14", _share_change_pp, rtol=1e-3, unit="percentage points",
    mistakes=(
        (lambda: 100 * _share_change_pp() / _share_pct("Wheat", BASE_YEAR),
         "that is the relative change of the share, in percent; the question asks for the difference of the two "
         "shares, in percentage points"),
        (lambda: _share_change_pp("Apples"), "that is apples; the question asks about wheat"),
        (lambda: 100 * (_wheat_tonnes_ratio() - 1),
         "that is the change in China's tonnes, not in its share of the world's; divide by the world's output "
         "in each year first"),
    ),
)
