"""The article's claims as data (``helpers.article``): the one place that looks a claim up by its id.

Works on ``data.load("article_claims")`` and on the tables derived from it (``yuncheng_figures``): one row
per quantitative claim, values in base units (yuan, USD, people, percent as written). Every lookup fails the
same way on an unknown id: :class:`ClaimNotFound`, a ``KeyError`` whose one line names the id and the fix.
"""

from __future__ import annotations

import pandas as pd

from helpers import units

__all__ = ["ClaimNotFound", "conversion_pairs", "period", "quote", "row", "theme_name", "value", "value_range"]


def theme_name(theme: str) -> str:
    """A claim's ``theme`` as figures and text show it: ``"agricultural_modernization"`` → ``"Agricultural
    modernization"``."""
    words = theme.replace("_", " ")
    return words[:1].upper() + words[1:]


class ClaimNotFound(KeyError):
    """No single row of a claims table has this ``claim_id``."""

    def __init__(self, claim_id: str) -> None:
        super().__init__(claim_id)
        self.claim_id = claim_id

    def __str__(self) -> str:
        return (f"no claim {self.claim_id!r} in this claims table; claim ids look like 'C004' "
                "(list them with claims['claim_id'])")

    def _render_traceback_(self) -> list[str]:
        """IPython's hook: show only the one-line message."""
        return [f"\x1b[31mClaimNotFound\x1b[0m: {self}"]


def row(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """The row of claim ``claim_id``; :class:`ClaimNotFound` unless exactly one row has that id."""
    matches = claims.loc[claims["claim_id"].to_numpy(dtype=object) == claim_id]
    if len(matches) != 1:
        raise ClaimNotFound(claim_id)
    return matches.iloc[0]


def value(claims: pd.DataFrame, claim_id: str) -> float:
    """The ``value`` of claim ``claim_id`` (in the claim's ``unit``)."""
    return float(row(claims, claim_id)["value"])


def value_range(claims: pd.DataFrame, claim_id: str) -> tuple[float, float]:
    """Low and high end of claim ``claim_id`` (both the value itself when the claim is not a range)."""
    found = row(claims, claim_id)
    low, high = found["value"], found["value_high"]
    return float(low), float(low if pd.isna(high) else high)


def period(claims: pd.DataFrame, claim_id: str) -> tuple[int, int]:
    """First and last year (``period_start``, ``period_end``) of claim ``claim_id``."""
    found = row(claims, claim_id)
    if pd.isna(found["period_start"]) or pd.isna(found["period_end"]):
        raise ValueError(f"claim {claim_id!r} states no period (its period_start or period_end is empty)")
    return int(found["period_start"]), int(found["period_end"])


def quote(claims: pd.DataFrame, claim_id: str) -> str:
    """The article's words for claim ``claim_id`` (verbatim, at most 30 words)."""
    return str(row(claims, claim_id)["quote"])


def conversion_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """The article's yuan/dollar pairs: one row per pair with both amounts and the implied rate.

    Columns: ``pair_id``, ``entity``, ``period_end``, ``yuan``, ``usd`` and ``yuan_per_usd``
    (yuan per US dollar implied by the pair).
    """
    paired = claims.dropna(subset=["pair_id"])
    wide = paired.pivot_table(index="pair_id", columns="unit", values="value", aggfunc="first")
    labels = paired.drop_duplicates("pair_id").set_index("pair_id")[["entity", "period_end"]]
    table = labels.join(wide.rename(columns={"USD": "usd"})[["yuan", "usd"]])
    table["yuan_per_usd"] = [units.implied_rate(y, d) for y, d in zip(table["yuan"], table["usd"], strict=True)]
    return table.reset_index()
