"""Energy scenarios (notebook 01): compounding a gap, a constant-growth path, the growth gap, the capacity cut.

Pure functions returning named numbers (dataclasses or tables of numbers); the charts build every label.
Growth rates ending in ``_pct`` are percent a year; shares are fractions 0-1; amounts in Mt a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import article, growth
from helpers.energy.tables import CapacityContext

__all__ = [
    "CapacityCut", "GrowthGap", "article_rates", "capacity_cut", "compounded_gap", "constant_growth_path",
    "growth_gap", "rest_growth_pct",
]


def compounded_gap(fast_pct: float, slow_pct: float, years: int) -> pd.DataFrame:
    """Cumulative growth (percent above year 0) at two rates for years 0..``years``, and their gap.

    Columns: ``year`` (years since the start), ``fast_pct`` and ``slow_pct`` (cumulative growth, %),
    ``gap_pp`` (their difference, percentage points) and ``added_pp`` (the naive ``year × annual gap``).
    """
    steps = np.arange(years + 1)
    fast = 100 * (growth.compound(1.0, fast_pct / 100, years) - 1)
    slow = 100 * (growth.compound(1.0, slow_pct / 100, years) - 1)
    return pd.DataFrame({"year": steps, "fast_pct": fast, "slow_pct": slow, "gap_pp": fast - slow,
                         "added_pp": steps * (fast_pct - slow_pct)})


def constant_growth_path(start_value: float, end_value: float, start_year: int, end_year: int) -> pd.DataFrame:
    """The constant-rate (exponential) path through two reported values, one row per year.

    Columns ``year`` and ``value`` (unit of the inputs); ``cagr`` in ``attrs`` (fraction per year).
    """
    rate = growth.cagr(start_value, end_value, end_year - start_year)
    path = pd.DataFrame({"year": np.arange(start_year, end_year + 1),
                         "value": growth.compound(start_value, rate, end_year - start_year)})
    path.attrs["cagr"] = rate
    return path


# --- what-if 1: the growth gap -------------------------------------------------------------------------

def article_rates(claims: pd.DataFrame) -> tuple[float, float, int]:
    """The article's emerging growth (% a year), the overall growth it implies, and the period's last year."""
    emerging = article.value(claims, "C007")
    overall = emerging - article.value(claims, "C009")  # a gap in percentage points is a difference
    return emerging, overall, article.period(claims, "C007")[1]


@dataclass(frozen=True)
class GrowthGap:
    """Result of :func:`growth_gap`: the yearly ``path``, the implied rest-of-industry rate, the half year.

    ``path`` columns: ``year``, ``share`` (emerging industries' share of industrial output, 0-1) and the
    output indices ``emerging``, ``rest`` and ``total`` (total in the base year = 1).
    """

    path: pd.DataFrame
    emerging_pct: float
    overall_pct: float
    rest_pct: float
    start_share: float
    half_year: int | None


def rest_growth_pct(emerging_pct: float, overall_pct: float, start_share: float) -> float:
    """Growth of the rest of industry (% a year) that makes all industry grow at ``overall_pct``.

    All industry is a weighted average of its parts: overall = share × emerging + (1 − share) × rest.
    """
    if not 0 < start_share < 1:
        raise ValueError("the starting share must lie strictly between 0 and 1")
    return (overall_pct - start_share * emerging_pct) / (1 - start_share)


def growth_gap(emerging_pct: float, overall_pct: float, start_share: float, horizon: int,
               base_year: int = 2020) -> GrowthGap:
    """Project the emerging industries' share of industrial output if both growth rates stayed constant.

    ``emerging_pct`` and ``overall_pct`` are % a year (overall includes the emerging industries);
    ``start_share`` is the emerging industries' share (fraction) in ``base_year``; ``horizon`` in years.
    The rest of industry grows at :func:`rest_growth_pct`; ``half_year`` is the first year the share is
    at least one half, or ``None`` if not within the horizon.
    """
    rest_pct = rest_growth_pct(emerging_pct, overall_pct, start_share)
    years = int(horizon)
    emerging = growth.compound(start_share, emerging_pct / 100, years)
    rest = growth.compound(1 - start_share, rest_pct / 100, years)
    path = pd.DataFrame({"year": base_year + np.arange(years + 1), "emerging": emerging, "rest": rest,
                         "total": emerging + rest})
    path["share"] = path["emerging"] / path["total"]
    reached = path.loc[path["share"] >= 0.5, "year"]
    half_year = int(reached.iloc[0]) if len(reached) else None
    return GrowthGap(path, emerging_pct, overall_pct, rest_pct, start_share, half_year)


# --- what-if 2: a capacity cut is not an output cut ----------------------------------------------------------

@dataclass(frozen=True)
class CapacityCut:
    """What retired capacity could have produced, beside observed changes (all Mt a year).

    Scenario: ``capacity_mt`` retired, ``output_mt`` it could have produced, ``co2_mt`` if that output were
    burned. Observed (from ``context``): China's coal output and the province's CO2 at two years.
    """

    capacity_mt: float
    utilisation: float
    t_co2_per_t: float
    context: CapacityContext

    @property
    def output_mt(self) -> float:
        return self.capacity_mt * self.utilisation

    @property
    def co2_mt(self) -> float:
        return self.output_mt * self.t_co2_per_t

    @property
    def coal_years(self) -> tuple[int, int]:
        first, last = sorted(self.context.china_coal)
        return first, last

    @property
    def co2_years(self) -> tuple[int, int]:
        first, last = sorted(self.context.shanxi_co2)
        return first, last

    @property
    def coal_change_mt(self) -> float:
        """Change in China's coal output between :attr:`coal_years`."""
        first, last = self.coal_years
        return self.context.china_coal[last] - self.context.china_coal[first]

    @property
    def co2_change_mt(self) -> float:
        """Change in the province's CO2 between :attr:`co2_years`."""
        first, last = self.co2_years
        return self.context.shanxi_co2[last] - self.context.shanxi_co2[first]

    @property
    def scenario(self) -> tuple[float, float, float]:
        """The scenario's three amounts: capacity, output, CO2."""
        return self.capacity_mt, self.output_mt, self.co2_mt

    @property
    def observed(self) -> tuple[float, float, float, float]:
        """The observed amounts: China's coal change, the province's CO2 at both years, and its change."""
        first, last = self.co2_years
        co2 = self.context.shanxi_co2
        return self.coal_change_mt, co2[first], co2[last], self.co2_change_mt


def capacity_cut(capacity_mt: float, utilisation: float, t_co2_per_t: float,
                 context: CapacityContext) -> CapacityCut:
    """The scenario: ``capacity_mt`` retired (Mt of coal a year), ``utilisation`` the fraction of it that was
    producing (assumption, 0-1), ``t_co2_per_t`` t CO2 per tonne of coal burned; observed data in ``context``."""
    return CapacityCut(capacity_mt, utilisation, t_co2_per_t, context)
