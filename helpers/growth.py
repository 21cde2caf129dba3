"""Growth arithmetic: compound annual growth, projections, and percent versus percentage points.

Rates are fractions per year (0.078 means 7.8 % a year) unless a name ends in ``_pct``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "cagr", "combined_change", "compound", "first_of_growing_total", "pp_difference", "relative_change",
    "years_to_multiply",
]


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate (fraction per year) taking ``start`` to ``end`` in ``years`` years.

    ``start`` and ``end`` are in the same unit and both positive; ``years`` > 0.
    """
    if start <= 0 or end <= 0 or years <= 0:
        raise ValueError("cagr needs a positive start, end and number of years")
    return (end / start) ** (1 / years) - 1


def compound(start: float, rate: float, years: int) -> np.ndarray:
    """Values for years 0..``years`` growing from ``start`` at ``rate`` (fraction per year); unit of ``start``."""
    return start * (1 + rate) ** np.arange(years + 1)


def years_to_multiply(rate: float, factor: float) -> float:
    """Years of growth at ``rate`` (fraction per year, > 0) needed to multiply a quantity by ``factor``."""
    if rate <= 0 or factor <= 0:
        raise ValueError("years_to_multiply needs a positive rate and factor")
    return float(np.log(factor) / np.log1p(rate))


def relative_change(old: float, new: float) -> float:
    """Change from ``old`` to ``new`` as a fraction of ``old`` (0.25 means 25 % more)."""
    if old == 0:
        raise ValueError("a relative change from zero is undefined")
    return (new - old) / old


def pp_difference(rate_a_pct: float, rate_b_pct: float) -> float:
    """Difference of two percentages in percentage points: 7.8 % vs 4.6 % is 3.2 pp (not 70 %)."""
    return rate_a_pct - rate_b_pct


def combined_change(*changes_pct: float) -> float:
    """Multiplier from percentage changes applied together: +20 % and +25 % give 1.2 × 1.25 = 1.5 (+50 %).

    A product (revenue = output × price) changes by the product of its factors' changes, not their sum.
    """
    if any(c <= -100 for c in changes_pct):
        raise ValueError("a change of -100 % or less leaves nothing to multiply")
    return math.prod(1 + c / 100 for c in changes_pct)


def first_of_growing_total(total: float, growth_pct: float, years: int = 5) -> float:
    """First of ``years`` yearly amounts that grow at a constant ``growth_pct`` % a year and sum to ``total``.

    total = a (1 + (1+g) + ... + (1+g)^(n-1)) = a ((1+g)^n - 1) / g, so a = total × g / ((1+g)^n - 1);
    at g = 0 exactly, a = total / n. Same unit as ``total``.
    """
    if years < 1 or growth_pct <= -100:
        raise ValueError("need at least one year and a growth rate above -100 %")
    g = growth_pct / 100
    if g == 0:
        return total / years
    return total * g / math.expm1(years * math.log1p(g))  # (1+g)^n - 1, accurate for small g
