"""Fact-check building blocks (notebook 04): the verdicts, the verdict rows, and the small arithmetic the checks share.

A *verdict row* has ``claim_id``, ``verdict`` (one of :data:`VERDICTS`), ``check`` (what was done), ``dataset``
(what it used), ``result`` (the numbers) and ``note`` (how to read them). The verdicts are neutral statements about
what *these* data can say, not judgements of the article. Money in yuan or US dollars, growth in percent.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

from helpers import article, data

__all__ = [
    "CAUSAL", "CLAIMS", "COLUMNS", "CONSISTENT", "DIFFERS", "EXTERNAL", "INTERNAL", "NEEDS_CONTEXT", "NOT_CHECKABLE",
    "VERDICTS", "amount", "default_tolerance", "event_year", "load_sources", "pair_deviations", "previous_level",
    "record", "rounding_step", "rows_of", "time_per_unit",
]

DIFFERS = "differs from other data"
CONSISTENT = "consistent with other data"
NEEDS_CONTEXT = "needs context"
CAUSAL = "causal claim: needs a counterfactual"
INTERNAL = "internally consistent"
NOT_CHECKABLE = "not checkable with these data"
VERDICTS = (DIFFERS, CONSISTENT, NEEDS_CONTEXT, CAUSAL, INTERNAL, NOT_CHECKABLE)  # strongest finding first
COLUMNS = ["claim_id", "verdict", "check", "dataset", "result", "note"]
CLAIMS = "article_claims"
EXTERNAL = ("coal_production_tonnes", "poverty_headcount", "crop_production", "shanxi_socioeconomic",
            "shanxi_city_co2", "shanxi_coal_output", "poverty_counties", "xinzhou_county_delisting",
            "places")  # the other datasets the checks use


# Small pieces of arithmetic the checks share -----------------------------------------------------------------

def rows_of(records: Sequence[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=COLUMNS)


def record(claim_id: str, verdict: str, check: str, dataset: str, result: str, note: str) -> dict:
    return {"claim_id": claim_id, "verdict": verdict, "check": check, "dataset": dataset, "result": result,
            "note": note}


def amount(value: float, unit: str, high: float | None = None) -> str:
    """A figure as a reader would write it: '107 billion yuan', '$4,630', '160-400 km/h', '2018', 'rank 1'."""
    if unit == "year":
        return f"{value:.0f}"
    if unit == "rank":
        return f"rank {value:.0f}"
    scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million")) if abs(value) >= size),
                 None)
    if unit in ("yuan", "USD") and scale:
        number = f"{value / scale[0]:,.2f}".rstrip("0").rstrip(".") + f" {scale[1]}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if high is not None and pd.notna(high):
        number += "-" + f"{high:,.2f}".rstrip("0").rstrip(".")
    return f"${number}" if unit == "USD" else f"{number} {unit}"


def event_year(row: pd.Series) -> int:
    """The year an event claim refers to: its value for unit 'year', otherwise the end of its period."""
    if row["unit"] == "year" and pd.notna(row["value"]):
        return int(row["value"])
    if pd.isna(row["period_end"]):
        raise ValueError(f"claim {row['claim_id']} has no year")
    return int(row["period_end"])


def rounding_step(value: float) -> float:
    """The place value of the last significant digit of ``value`` as written: 4630 → 10, 310000 → 10000."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(exponent))


def time_per_unit(gain_pct: float) -> float:
    """Time per unit of work, as a fraction of the old time, when throughput rises ``gain_pct`` % (> -100)."""
    if gain_pct <= -100:
        raise ValueError("a throughput change of -100 % or less leaves no throughput")
    return 1 / (1 + gain_pct / 100)


def previous_level(level: float, growth_pct: float) -> float:
    """The year-earlier level implied by ``level`` and its year-on-year growth ``growth_pct`` % (> -100)."""
    if growth_pct <= -100:
        raise ValueError("a growth rate of -100 % or less has no earlier level")
    return level / (1 + growth_pct / 100)


def pair_deviations(claims: pd.DataFrame) -> pd.DataFrame:
    """The article's yuan/dollar pairs with the rate each implies and how far it is from the common rate.

    Adds to :func:`helpers.article.conversion_pairs`: ``common_rate`` (the median of the implied rates, yuan per
    US$), ``deviation_pct`` (implied rate minus common rate, % of the common rate) and ``rounding_pct`` (how far
    rounding the dollar figure to its last written digit can move the rate, %).
    """
    pairs = article.conversion_pairs(claims)
    common = float(pairs["yuan_per_usd"].median())
    pairs["common_rate"] = common
    pairs["deviation_pct"] = 100 * (pairs["yuan_per_usd"] / common - 1)
    pairs["rounding_pct"] = [100 * rounding_step(usd) / 2 / usd for usd in pairs["usd"]]
    return pairs


def default_tolerance(claims: pd.DataFrame) -> float:
    """The largest amount (%, rounded up to 0.01) by which rounding a dollar figure can move its implied rate."""
    return math.ceil(100 * float(pair_deviations(claims)["rounding_pct"].max())) / 100


def load_sources() -> dict[str, pd.DataFrame]:
    """The other datasets the checks use, by name (see :data:`EXTERNAL`)."""
    return {name: data.load(name) for name in EXTERNAL}
