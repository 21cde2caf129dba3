"""Self-checks for 00_start_here. Expected answers are computed from the claims table, never typed in."""

from __future__ import annotations

from helpers import article, data, units
from helpers.checks import register


def _claims():
    return data.load("article_claims")


def _poverty_claim_count() -> int:
    return int((_claims()["theme"] == "poverty_alleviation").sum())


def _poverty_claim_pct() -> float:
    return 100 * _poverty_claim_count() / len(_claims())


def _trust100_rate() -> float:
    pairs = article.conversion_pairs(_claims()).set_index("pair_id")
    return units.implied_rate(pairs.loc["FX1", "yuan"], pairs.loc["FX1", "usd"])


def _yuncheng_gdp_billion_usd() -> float:
    return article.value(_claims(), "C064") / _trust100_rate() / 1e9


def _overall_growth_pct() -> float:
    claims = _claims()
    return article.value(claims, "C007") - article.value(claims, "C009")


register("0.1", _poverty_claim_pct, rtol=1e-3, unit="percent of the claims",
         mistakes=((_poverty_claim_count, "that is the number of claims; the question asks for their share: divide "
                                          "by the number of rows, then × 100"),))
register("0.2", _yuncheng_gdp_billion_usd, rtol=1e-3, unit="billion US dollars",
         mistakes=((lambda: article.value(_claims(), "C064") * _trust100_rate() / 1e9,
                    "multiplying by yuan per dollar makes the amount larger; a dollar buys several yuan, so divide"),
                   (lambda: article.value(_claims(), "C064") / 1e9,
                    "that is the GDP in billion yuan, not yet converted: divide by the yuan per dollar")))
register(
    "0.3", _overall_growth_pct, rtol=1e-6, unit="percent a year",
    mistakes=(
        (lambda: article.value(_claims(), "C007") / (1 + article.value(_claims(), "C009") / 100),
         "3.2 percentage points is a difference of two rates, not 3.2 % of the rate"),
        (lambda: article.value(_claims(), "C007") + article.value(_claims(), "C009"),
         "the emerging industries grew *faster* than overall industry"),
    ),
)


def _year_claim_count(unit: str = "year") -> int:
    return int((_claims()["unit"] == unit).sum())


register("0.4", _year_claim_count, rtol=0, unit="claims (a count)",
         mistakes=((lambda: _year_claim_count() + _year_claim_count("years"),
                    "you counted 'years' (a duration, e.g. 'three years ago') with 'year' (a date): "
                    "== keeps only the rows whose unit is exactly 'year'"),
                   (lambda: len(_claims()), "that is every row of the table; keep only the rows whose unit is "
                                            "'year', then count them")))


def _xinzhou_quarter_gdp_yi() -> float:
    return units.to_yi(article.value(_claims(), "C037"))


register("0.5", _xinzhou_quarter_gdp_yi, rtol=1e-6, unit="亿 yuan",
         mistakes=((lambda: units.to_wan(article.value(_claims(), "C037")),
                    "that is in 万 yuan (10^4); 1 亿 (10^8) is 10,000 万, so divide by 10^8, not 10^4"),
                   (lambda: article.value(_claims(), "C037") / 1e6,
                    "that is in millions of yuan; 1 亿 is 100 million, so there are 100 times fewer 亿 "
                    "than millions"),))
