"""Energy tables (notebook 01): the course datasets shaped for reading, in the notebook's order.

Units: CO2 in Mt (million tonnes), coal in Mt, electricity in TWh, GDP in 亿 yuan (10^8 yuan, current prices),
population in 万 persons (10^4) unless a name says otherwise; shares are fractions 0-1. No display code here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "COAL_GROUPS", "ENERGY_CLAIMS", "FUELS_SHOWN", "FUEL_GROUPS", "POWER_SECTOR", "CapacityContext",
    "capacity_context", "co2_by_fuel_group", "co2_factor", "co2_per_tonne_coal", "coal_share", "energy_claims",
    "generation_table", "intensity", "missing_years", "power_sector", "province_ranking",
]

ENERGY_CLAIMS = ("C001", "C002", "C004", "C007", "C008", "C009", "C012", "C015")
FUELS_SHOWN = ("thermal", "hydro", "wind", "solar")
POWER_SECTOR = "Production and Supply of Electric Power, Steam and Hot Water"
FUEL_GROUPS = {  # CEADs fuel columns grouped for teaching; the grouping is the course's choice
    "raw coal": ("Raw Coal",),
    "other coal products": ("Cleaned Coal", "Other Washed Coal", "Briquettes", "Coke", "Coke Oven Gas",
                            "Other Gas", "Other Coking Products"),
    "oil products": ("Crude Oil", "Gasoline", "Kerosene", "Diesel Oil", "Fuel Oil", "LPG", "Refinery Gas",
                     "Other Petroleum Products"),
    "natural gas": ("Natural Gas",),
    "cement process": ("Process",),
    "other energy": ("Other Energy",),
}
COAL_GROUPS = ("raw coal", "other coal products")


def energy_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims this notebook reads: the flaming hill, the capacity cut, the growth gap, Trust 100."""
    columns = ["claim_id", "entity", "indicator", "value", "unit", "period_start", "period_end", "speaker"]
    return claims.loc[claims["claim_id"].isin(ENERGY_CLAIMS), columns].reset_index(drop=True)


# --- Shanxi's electricity --------------------------------------------------------------------------------

def generation_table(electricity: pd.DataFrame) -> pd.DataFrame:
    """Shanxi's generation (TWh) by year × fuel, every year from first to last; missing years are NaN.

    Columns: the fuels in ``FUELS_SHOWN``, ``total`` (all fuels, incl. nuclear and other), and
    ``wind_solar_share`` (fraction of the total).
    """
    wide = electricity.pivot_table(index="year", columns="fuel", values="generation_twh", aggfunc="first",
                                   dropna=False).astype("float64")
    years = range(int(electricity["year"].min()), int(electricity["year"].max()) + 1)
    wide = wide.reindex(pd.Index(years, name="year"))
    table = wide[list(FUELS_SHOWN)].copy()
    table["total"] = wide.sum(axis=1, min_count=1)
    table["wind_solar_share"] = (table["wind"] + table["solar"]) / table["total"]
    table.columns.name = None
    return table


def missing_years(table: pd.DataFrame) -> list[int]:
    """Years of ``table`` (indexed by year) without a total: missing in the source or absent from it."""
    return [int(y) for y in table.index[table["total"].isna()]]


# --- Shanxi's CO2 ----------------------------------------------------------------------------------------

def province_ranking(totals: pd.DataFrame, year: int) -> pd.DataFrame:
    """Provinces ranked by CO2 (Mt) in ``year``, largest first; columns ``province``, ``co2_mt``, ``rank``."""
    one = totals.loc[totals["year"] == year, ["province", "co2_mt"]].sort_values("co2_mt", ascending=False)
    one["rank"] = np.arange(1, len(one) + 1)
    return one.reset_index(drop=True)


def co2_by_fuel_group(co2_by_fuel: pd.DataFrame) -> pd.DataFrame:
    """Shanxi's CO2 (Mt) by year × fuel group (``FUEL_GROUPS``), plus a ``total`` column."""
    group_of = {fuel: group for group, fuels in FUEL_GROUPS.items() for fuel in fuels}
    unknown = set(co2_by_fuel["fuel"]) - set(group_of)
    if unknown:
        raise KeyError(f"fuels without a group: {sorted(unknown)}")
    grouped = co2_by_fuel.assign(group=co2_by_fuel["fuel"].map(group_of))
    table = grouped.pivot_table(index="year", columns="group", values="co2_mt", aggfunc="sum")
    table = table[list(FUEL_GROUPS)].astype("float64")
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table


def coal_share(groups: pd.DataFrame) -> pd.Series:
    """Fraction of CO2 from coal and coal products (``COAL_GROUPS``) each year."""
    return (groups[list(COAL_GROUPS)].sum(axis=1) / groups["total"]).rename("coal_share")


def power_sector(co2_by_sector: pd.DataFrame) -> pd.DataFrame:
    """Shanxi's CO2 (Mt) each year: the power sector (``POWER_SECTOR``), all other sectors and the total."""
    is_power = co2_by_sector["sector"] == POWER_SECTOR
    table = pd.DataFrame({
        "power": co2_by_sector[is_power].groupby("year")["co2_mt"].sum(),
        "other": co2_by_sector[~is_power].groupby("year")["co2_mt"].sum(),
    }).astype("float64")
    table["total"] = table["power"] + table["other"]
    table["power_share"] = table["power"] / table["total"]
    return table


# --- intensity ---------------------------------------------------------------------------------------------

def intensity(totals: pd.DataFrame, socio: pd.DataFrame, province: str = "Shanxi") -> pd.DataFrame:
    """CO2 per unit of GDP and per person, for the years with CO2, GDP and population.

    Columns: ``co2_mt``; ``gdp_yi`` (亿 yuan, current prices); ``population_wan`` (万 persons, year end,
    yearbook series); ``t_per_wan_yuan`` (t CO2 per 万 yuan of GDP); ``t_per_person`` (t CO2 per person).
    """
    co2 = totals.loc[totals["province"] == province].set_index("year")["co2_mt"]
    wide = socio.loc[socio["province"] == province].pivot(index="year", columns="variable", values="value")
    table = pd.DataFrame({"co2_mt": co2, "gdp_yi": wide["gdp_nominal"],
                          "population_wan": wide["population_year_end"]}).dropna().astype("float64")
    tonnes = table["co2_mt"] * 1e6
    table["t_per_wan_yuan"] = tonnes / (table["gdp_yi"] * 1e4)  # 1 亿 = 10^4 万
    table["t_per_person"] = tonnes / (table["population_wan"] * 1e4)
    table.index = table.index.astype(int)
    return table


# --- the capacity cut's data -----------------------------------------------------------------------------------

def co2_per_tonne_coal(coal: pd.DataFrame, china_co2: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """t CO2 per tonne of coal mined in China, derived in two steps for each of ``years``.

    1. ``mt_co2_per_ej``: CO2 from coal (Global Carbon Budget, Mt) per EJ of coal burned (bp).
    2. ``gj_per_tonne``: energy content of China's coal output, GJ per tonne (bp EJ / bp Mt × 1000).
    ``t_co2_per_t`` = step 1 × step 2 / 1000. Going through energy avoids dividing the CO2 of all coal
    burned (imports included) by the tonnes mined at home.
    """
    china = coal.loc[coal["country"] == "China"].set_index("year")
    co2 = china_co2.set_index("year")
    table = pd.DataFrame(index=pd.Index(list(years), name="year"))
    table["coal_co2_mt"] = co2["coal_co2_mt"]
    table["coal_consumption_ej"] = china["coal_consumption_ej"]
    table["coal_production_ej"] = china["coal_production_ej"]
    table["coal_production_mt"] = china["coal_production_mt"]
    table = table.astype("float64")
    table["mt_co2_per_ej"] = table["coal_co2_mt"] / table["coal_consumption_ej"]
    table["gj_per_tonne"] = 1000 * table["coal_production_ej"] / table["coal_production_mt"]
    table["t_co2_per_t"] = table["mt_co2_per_ej"] * table["gj_per_tonne"] / 1000
    return table


def co2_factor(factors: pd.DataFrame) -> float:
    """The mean of :func:`co2_per_tonne_coal`'s ``t_co2_per_t``, rounded to 0.01 t CO2 per t (the default)."""
    return round(float(factors["t_co2_per_t"].mean()), 2)


@dataclass(frozen=True)
class CapacityContext:
    """Observed data to set a capacity scenario against (Mt a year), as {year: value} for two years.

    ``shanxi_co2``: Shanxi's CEADs CO2; ``china_coal``: China's coal production (bp); ``place``: the province's
    name as figures show it (e.g. with 汉字).
    """

    shanxi_co2: dict[int, float]
    china_coal: dict[int, float]
    place: str = "Shanxi"


def _ends(series: pd.Series) -> dict[int, float]:
    """The first and last values of a year-indexed series, as {year: value}."""
    first, last = series.index.min(), series.index.max()
    return {int(first): float(series.loc[first]), int(last): float(series.loc[last])}


def capacity_context(totals: pd.DataFrame, coal: pd.DataFrame, years: tuple[int, int],
                     province: str = "Shanxi", place: str | None = None) -> CapacityContext:
    """Shanxi's CO2 and China's coal output in the first and last year of ``years`` that each series has.

    ``place`` labels the province in figures (default: ``province``).
    """
    co2 = totals.loc[(totals["province"] == province) & totals["year"].between(*years)].set_index("year")
    china = coal.loc[(coal["country"] == "China") & coal["year"].between(*years)].set_index("year")
    return CapacityContext(_ends(co2["co2_mt"]), _ends(china["coal_production_mt"]), place or province)
