"""Poverty scenarios (notebook 02): which line counts whom, and a cooperative's arithmetic.

Pure functions returning named numbers (dataclasses); the charts build every label. Headcounts in percent of
population, people in persons, money in yuan a year, output in kg a year, land in hectares, shares as fractions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.poverty.tables import CooperativeFacts, headcount_table

__all__ = [
    "COOPERATIVE_ASSUMPTIONS", "OUTPUT_STEP", "CooperativeResult", "LineScenario", "calibrate_output",
    "cooperative_income", "default_output", "line_scenario", "people_below_line",
]

# Assumed inputs of the cooperative explorer: not in the article, chosen (with the output per greenhouse then
# derived by :func:`calibrate_output`) so that the default scenario reproduces the article's labour income.
COOPERATIVE_ASSUMPTIONS = {
    "price": 10.0,  # yuan per kg of fresh fungi
    "cost": 50_000.0,  # yuan per greenhouse a year: substrate, spawn, energy, upkeep
    "labour_share": 0.5,  # fraction of revenue paid to member families as wages for work in the greenhouses
    "land_ha": 0.07,  # hectares of land per greenhouse: about one mu (亩, 1/15 hectare)
}
OUTPUT_STEP = 10.0  # kg: step of the output slider; the calibrated default is rounded to it


def people_below_line(headcount_pct: float, population: float) -> float:
    """Approximate number of people below a line: ratio (percent of population) × population (persons)."""
    if not 0 <= headcount_pct <= 100 or population < 0:
        raise ValueError("a headcount ratio lies in 0-100 % and a population is not negative")
    return headcount_pct / 100 * population


@dataclass(frozen=True)
class LineScenario:
    """One line and one entity: ``table`` has ``year``, ``headcount_pct`` and ``people`` (persons; empty where
    there is no population series); ``context`` holds the entity's other lines (percent) for comparison."""

    entity: str
    line: str
    table: pd.DataFrame
    context: pd.DataFrame
    plan: tuple[int, int]

    @property
    def has_people(self) -> bool:
        return bool(self.table["people"].notna().any())

    @property
    def in_plan(self) -> pd.DataFrame:
        """Rows whose year lies in the plan period (inclusive)."""
        return self.table[self.table["year"].between(*self.plan)]


def line_scenario(headcount: pd.DataFrame, population: pd.DataFrame, plan: tuple[int, int],
                  line: str, entity: str) -> LineScenario:
    """Headcount ratio of ``entity`` at ``line`` over time, with people where ``population`` covers the entity.

    ``population`` has ``country``, ``year`` and ``population_people`` (persons), as ``china_population``.
    """
    wide = headcount_table(headcount, entity)
    if line not in wide.columns:
        series = pd.Series(dtype="float64", name="headcount_pct")
    else:
        series = wide[line].dropna().rename("headcount_pct")
    table = series.rename_axis("year").reset_index()
    pop = population[population["country"] == entity].set_index("year")["population_people"]
    table["people"] = [
        people_below_line(pct, float(pop[year])) if year in pop.index and pd.notna(pop[year]) else np.nan
        for year, pct in zip(table["year"], table["headcount_pct"], strict=True)
    ]
    table["people"] = table["people"].astype("float64")
    context = wide.drop(columns=[line], errors="ignore")
    return LineScenario(entity, line, table, context, plan)


# ------------------------------------------------------------------------------------------ cooperatives


@dataclass(frozen=True)
class CooperativeResult:
    """A cooperative's year, in yuan: ``revenue`` from selling the output, ``costs`` (other than wages),
    ``wages`` (paid to member families for their work), ``dividends`` (what is left: negative is a loss),
    per member family, and the income of the same land under corn."""

    families: int
    greenhouses: int
    land_ha: float
    revenue: float
    costs: float
    wages: float
    corn_on_same_land: float

    @property
    def dividends(self) -> float:
        """Revenue left after costs and wages (yuan); negative when costs and wages exceed revenue (a loss)."""
        return self.revenue - self.costs - self.wages

    @property
    def labour_per_family(self) -> float:
        return self.wages / self.families

    @property
    def dividend_per_family(self) -> float:
        return self.dividends / self.families

    @property
    def total_per_family(self) -> float:
        return self.labour_per_family + self.dividend_per_family

    @property
    def corn_per_family(self) -> float:
        """Income of the cooperative's land under corn, shared among the member families (yuan)."""
        return self.corn_on_same_land / self.families

    @property
    def income_per_ha(self) -> float:
        """Wages plus dividends per hectare of greenhouse land (yuan per hectare)."""
        return (self.wages + self.dividends) / self.land_ha

    @property
    def is_loss(self) -> bool:
        return self.dividends < 0


def cooperative_income(families: int, greenhouses: int, output: float, price: float, cost: float,
                       labour_share: float, land_ha: float, *, corn_income_per_ha: float) -> CooperativeResult:
    """A cooperative's year from its inputs.

    ``families`` member families (≥ 1), ``greenhouses`` (≥ 1), ``output`` kg per greenhouse, ``price`` yuan per kg,
    ``cost`` yuan per greenhouse (everything but wages), ``labour_share`` the fraction of revenue paid as wages
    (0-1), ``land_ha`` hectares per greenhouse (> 0), ``corn_income_per_ha`` yuan per hectare under corn.
    Wages are never negative; dividends are negative when costs and wages exceed revenue.
    """
    if families < 1 or greenhouses < 1 or land_ha <= 0:
        raise ValueError("a cooperative needs at least one family, one greenhouse and some land")
    if min(output, price, cost, corn_income_per_ha) < 0 or not 0 <= labour_share <= 1:
        raise ValueError("output, price, costs and corn income are not negative; the labour share lies in 0-1")
    revenue = greenhouses * output * price
    land = greenhouses * land_ha
    return CooperativeResult(
        families=int(families), greenhouses=int(greenhouses), land_ha=land, revenue=revenue,
        costs=greenhouses * cost, wages=labour_share * revenue, corn_on_same_land=corn_income_per_ha * land,
    )


def calibrate_output(facts: CooperativeFacts, price: float, labour_share: float) -> float:
    """Output per greenhouse (kg) at which wages per family equal the article's labour income.

    Works backwards: labour income × families = wages = labour share × greenhouses × output × price.
    """
    if price <= 0 or labour_share <= 0:
        raise ValueError("calibration needs a positive price and labour share")
    wages = facts.labour_income * facts.member_families
    return wages / (labour_share * facts.greenhouses * price)


def default_output(facts: CooperativeFacts) -> float:
    """The output slider's default (kg per greenhouse): :func:`calibrate_output` at the assumed price and labour
    share, rounded to :data:`OUTPUT_STEP`."""
    a = COOPERATIVE_ASSUMPTIONS
    return round(calibrate_output(facts, a["price"], a["labour_share"]) / OUTPUT_STEP) * OUTPUT_STEP
