"""Agriculture scenarios (notebook 03): the orchard upgrade and five years of spending, as named numbers.

Gains in percent of revenue before the upgrade, money in yuan (or billion yuan where a name says so), areas in
hectares. No display code here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import growth

__all__ = ["OrchardUpgrade", "SpendingPath", "orchard_upgrade", "spending_path", "upgraded_share", "yearly_amounts"]


# Explorer 1: the orchard upgrade ---------------------------------------------------------------------------

def upgraded_share(upgraded_ha: float, orchard_ha: float) -> float:
    """Fraction (0-1) of the orchard area, in hectares, that was upgraded."""
    if orchard_ha <= 0 or not 0 <= upgraded_ha <= orchard_ha:
        raise ValueError("need 0 <= upgraded area <= orchard area and a positive orchard area")
    return upgraded_ha / orchard_ha


@dataclass(frozen=True)
class OrchardUpgrade:
    """One orchard-upgrade scenario; gains in percent of revenue before the upgrade, money in yuan."""

    output_gain_pct: float
    price_premium_pct: float
    upgraded_share: float  # fraction (0-1] of the city's orchard area
    orchard_area_ha: float
    investment_yuan: float

    @property
    def multiplier(self) -> float:
        """Revenue per upgraded hectare after ÷ before."""
        return growth.combined_change(self.output_gain_pct, self.price_premium_pct)

    @property
    def gain_pct(self) -> float:
        """Revenue gain per upgraded hectare, percent (compounded)."""
        return 100 * (self.multiplier - 1)

    @property
    def added_pct(self) -> float:
        """The two gains simply added, percent: what the compounded gain is *not*."""
        return self.output_gain_pct + self.price_premium_pct

    @property
    def cross_term_pct(self) -> float:
        """The part of the gain added gains miss: extra output sold at the extra price, percent."""
        return self.output_gain_pct * self.price_premium_pct / 100

    @property
    def city_gain_pct(self) -> float:
        """Revenue gain of the city's orchards as a whole, percent, if upgraded hectares earned the same per
        hectare as the others before the upgrade and the others did not change."""
        return self.upgraded_share * self.gain_pct

    @property
    def upgraded_ha(self) -> float:
        """Upgraded area, hectares."""
        return self.upgraded_share * self.orchard_area_ha

    @property
    def investment_per_upgraded_ha(self) -> float:
        """Investment ÷ upgraded area, yuan per hectare."""
        return self.investment_yuan / self.upgraded_ha

    @property
    def investment_per_orchard_ha(self) -> float:
        """Investment ÷ the whole orchard area, yuan per hectare."""
        return self.investment_yuan / self.orchard_area_ha


def orchard_upgrade(output_gain_pct: float, price_premium_pct: float, upgraded_share_pct: float, *,
                    orchard_area_ha: float, investment_yuan: float) -> OrchardUpgrade:
    """The scenario: gains (percent), upgraded share (percent of the orchard area, > 0), area (ha), money (yuan)."""
    if not 0 < upgraded_share_pct <= 100:
        raise ValueError("the upgraded share must be above 0 % and at most 100 %")
    if orchard_area_ha <= 0 or investment_yuan < 0:
        raise ValueError("need a positive orchard area and a non-negative investment")
    growth.combined_change(output_gain_pct, price_premium_pct)  # validates the gains
    return OrchardUpgrade(output_gain_pct, price_premium_pct, upgraded_share_pct / 100, orchard_area_ha,
                          investment_yuan)


# Explorer 2: five years of spending ------------------------------------------------------------------------

def yearly_amounts(total: float, growth_pct: float, first_year: int, years: int) -> pd.DataFrame:
    """One row per year: ``year`` and ``amount`` (unit of ``total``), growing ``growth_pct`` % a year."""
    amounts = growth.compound(growth.first_of_growing_total(total, growth_pct, years), growth_pct / 100, years - 1)
    return pd.DataFrame({"year": np.arange(first_year, first_year + years), "amount": amounts})


@dataclass(frozen=True)
class SpendingPath:
    """Yearly amounts (``table``: year, amount in billion yuan) of a total growing at a constant rate."""

    total_billion_yuan: float
    growth_pct: float
    table: pd.DataFrame


def spending_path(total_billion_yuan: float, growth_pct: float, *, first_year: int, years: int) -> SpendingPath:
    """The scenario: a total (billion yuan) and a constant growth rate (% a year) → each year's amount."""
    return SpendingPath(total_billion_yuan, growth_pct, yearly_amounts(total_billion_yuan, growth_pct,
                                                                       first_year, years))
