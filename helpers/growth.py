"""Growth arithmetic: compound annual growth, projections, and percent versus percentage points.

Rates are fractions per year (0.078 means 7.8 % a year) unless a name ends in ``_pct``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cagr", "compound", "pp_difference", "relative_change", "years_to_multiply"]


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
