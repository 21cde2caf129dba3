"""Self-checks for 00_start_here. Expected answers are computed from the claims table, never typed in."""

from __future__ import annotations

from helpers import article, data, units
from helpers.checks import register


def _claims():
    return data.load("article_claims")


def _poverty_claim_count() -> int:
    return int((_claims()["theme"] == "poverty_alleviation").sum())


def _trust100_rate() -> float:
    pairs = article.conversion_pairs(_claims()).set_index("pair_id")
    return units.implied_rate(pairs.loc["FX1", "yuan"], pairs.loc["FX1", "usd"])


def _overall_growth_pct() -> float:
    claims = _claims()
    return article.value(claims, "C007") - article.value(claims, "C009")


register("0.1", _poverty_claim_count, rtol=0, unit="claims (a count)")
register("0.2", _trust100_rate, rtol=1e-3, unit="yuan per US dollar",
         mistakes=((lambda: 1 / _trust100_rate(), "that is dollars per yuan; divide the yuan by the dollars"),))
register(
    "0.3", _overall_growth_pct, rtol=1e-6, unit="percent a year",
    mistakes=(
        (lambda: article.value(_claims(), "C007") / (1 + article.value(_claims(), "C009") / 100),
         "3.2 percentage points is a difference of two rates, not 3.2 % of the rate"),
        (lambda: article.value(_claims(), "C007") + article.value(_claims(), "C009"),
         "the emerging industries grew *faster* than overall industry"),
    ),
)
