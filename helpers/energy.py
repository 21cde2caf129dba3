"""Energy transition (notebook 01): capacity versus output, the growth gap, Shanxi's electricity and CO2.

Pure functions turn the course datasets into tables; ``draw_*`` functions return a matplotlib Figure,
``describe_*`` write alt text from the same table, ``show_*`` display both with a source line. The two
what-if explorers (``APPS``) are thin: sliders feed :func:`growth_gap` and :func:`capacity_cut`.

Units: CO2 in Mt (million tonnes), coal in Mt, electricity in TWh, GDP in 亿 yuan (10^8 yuan, current
prices), population in 万 persons (10^4) unless a name says otherwise. Growth rates ending in ``_pct`` are
percent a year; shares are fractions 0-1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import EngFormatter

from helpers import article, data, growth, plots, widgets
from helpers.places import place_label

__all__ = [
    "APPS", "COAL_GROUPS", "ENERGY_CLAIMS", "FUELS_SHOWN", "FUEL_GROUPS", "POWER_SECTOR", "SOURCES",
    "CapacityContext", "GrowthGap", "article_rates", "capacity_context", "capacity_cut", "capacity_cut_app",
    "capacity_cut_explorer", "capacity_cut_sliders", "capacity_defaults", "claim_period", "co2_by_fuel_group",
    "co2_per_tonne_coal", "coal_share", "compounded_gap", "constant_growth_path", "describe_capacity_cut",
    "describe_coal_production", "describe_compounded_gap", "describe_energy_mix", "describe_fuel_groups",
    "describe_generation", "describe_growth_gap", "describe_intensity", "describe_log_scale", "describe_power_sector",
    "describe_ranking", "draw_capacity_cut", "draw_coal_production", "draw_compounded_gap", "draw_energy_mix",
    "draw_fuel_groups", "draw_generation", "draw_growth_gap", "draw_intensity", "draw_log_scale", "draw_power_sector",
    "draw_ranking", "energy_claims", "generation_table", "growth_gap", "growth_gap_app", "growth_gap_explorer",
    "growth_gap_sliders", "intensity", "missing_years", "place_label", "power_sector", "province_ranking",
    "rest_growth_pct", "show_capacity_cut", "show_coal_production", "show_compounded_gap", "show_energy_mix",
    "show_fuel_groups", "show_generation", "show_growth_gap", "show_intensity", "show_log_scale", "show_power_sector",
    "show_ranking", "slider_defaults",
]

SOURCES = {
    "claims": article.SOURCE,
    "electricity": "China Electric Power Yearbook via GCAM-China (course dataset shanxi_electricity_by_fuel)",
    "ceads": "CEADs provincial emission inventories via OpenClimate (course datasets province_co2_totals, "
             "shanxi_co2_by_fuel, shanxi_co2_by_sector)",
    "bp": "bp Statistical Review of World Energy 2021 via Our World in Data (course dataset coal_production_tonnes)",
    "owid_energy": "Our World in Data energy dataset: Energy Institute, Ember (course dataset china_energy_mix)",
    "gcb": "Global Carbon Budget via Our World in Data (course dataset china_co2)",
    "socio": "NBS yearbooks via GCAM-China (course dataset shanxi_socioeconomic)",
}
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


def _colours() -> list[str]:
    """The active palette (set by ``plots.setup()``), in order."""
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def _shade(ax: Axes, period: tuple[int, int]) -> None:
    """Shade the plan period (first and last year included) in light grey."""
    ax.axvspan(period[0] - 0.5, period[1] + 0.5, color="0.88", zorder=0, label=f"{period[0]}-{period[1]} plan period")


# --- the article ------------------------------------------------------------------------------------------

def claim_period(claims: pd.DataFrame, claim_id: str) -> tuple[int, int]:
    """First and last year (``period_start``, ``period_end``) of claim ``claim_id``."""
    row = claims.loc[claims["claim_id"] == claim_id]
    if len(row) != 1 or row[["period_start", "period_end"]].isna().any(axis=None):
        raise KeyError(f"claim {claim_id!r} has no single period")
    return int(row["period_start"].iloc[0]), int(row["period_end"].iloc[0])


def energy_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims this notebook reads: the flaming hill, the capacity cut, the growth gap, Trust 100."""
    columns = ["claim_id", "entity", "indicator", "value", "unit", "period_start", "period_end", "speaker"]
    return claims.loc[claims["claim_id"].isin(ENERGY_CLAIMS), columns].reset_index(drop=True)


# --- growth: compounding a gap, Trust 100 on a log scale ----------------------------------------------------

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


def draw_compounded_gap(table: pd.DataFrame, fast_label: str, slow_label: str) -> Figure:
    """Lines of cumulative growth at both rates, with the compounded and the naive (added) gap."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(table["year"], table["fast_pct"], marker="o", label=fast_label)
    left.plot(table["year"], table["slow_pct"], marker="o", label=slow_label)
    left.set_xlabel("years of growth")
    left.set_ylabel("growth since the start (%)")
    left.set_title("Cumulative growth")
    left.legend(fontsize=8)
    right.plot(table["year"], table["gap_pp"], marker="o", color=_colours()[2], label="gap, compounded")
    right.plot(table["year"], table["added_pp"], linestyle="--", color="0.4", label="years × annual gap")
    right.set_xlabel("years of growth")
    right.set_ylabel("gap (percentage points)")
    right.set_title("The gap grows faster than years × gap")
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def describe_compounded_gap(table: pd.DataFrame, fast_label: str, slow_label: str) -> str:
    """Alt text for :func:`draw_compounded_gap`."""
    last = table.iloc[-1]
    years = int(last["year"])
    return (f"Left: cumulative growth over {years} years, {last['fast_pct']:.1f} % for {fast_label} and "
            f"{last['slow_pct']:.1f} % for {slow_label}. Right: the gap between them grows to "
            f"{last['gap_pp']:.1f} percentage points, above the dashed line of {years} × the annual gap "
            f"({last['added_pp']:.1f} points).")


def show_compounded_gap(table: pd.DataFrame, fast_label: str, slow_label: str) -> None:
    """Display the compounded-gap figure with alt text and source line."""
    plots.show(draw_compounded_gap(table, fast_label, slow_label),
               alt=describe_compounded_gap(table, fast_label, slow_label),
               source=f"{SOURCES['claims']}, claims C007, C008 and C009")


def constant_growth_path(start_value: float, end_value: float, start_year: int, end_year: int) -> pd.DataFrame:
    """The constant-rate (exponential) path through two reported values, one row per year.

    Columns ``year`` and ``value`` (unit of the inputs); ``cagr`` in ``attrs`` (fraction per year).
    """
    rate = growth.cagr(start_value, end_value, end_year - start_year)
    path = pd.DataFrame({"year": np.arange(start_year, end_year + 1),
                         "value": growth.compound(start_value, rate, end_year - start_year)})
    path.attrs["cagr"] = rate
    return path


def draw_log_scale(path: pd.DataFrame, unit: str, title: str) -> Figure:
    """The same constant-growth path on a linear and on a logarithmic axis, the reported ends marked."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    ends = path.iloc[[0, -1]]
    for ax, scale in zip(axes, ("linear", "log"), strict=True):
        ax.plot(path["year"], path["value"], linestyle="--", color="0.45", label="constant growth (assumed)")
        ax.plot(ends["year"], ends["value"], "o", markersize=8, color=_colours()[0], label="reported")
        ax.set_yscale(scale)
        ax.yaxis.set_major_formatter(EngFormatter(sep=" "))  # 30 k, 400 M: no 1e8 offset
        ax.set_xticks(path["year"])
        ax.set_ylabel(f"{unit} (k = thousand, M = million)")
        ax.set_title(f"{scale} scale")
    axes[0].legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def describe_log_scale(path: pd.DataFrame, unit: str) -> str:
    """Alt text for :func:`draw_log_scale`."""
    first, last = path.iloc[0], path.iloc[-1]
    return (f"Two panels of the same data: reported values of {first['value']:,.0f} {unit} in {int(first['year'])} "
            f"and {last['value']:,.0f} in {int(last['year'])}, joined by a constant-growth path. On the linear "
            f"scale the path hugs zero until the last year and then shoots up; on the log scale it is a "
            f"straight line, because each year multiplies the value by the same factor.")


def show_log_scale(path: pd.DataFrame, unit: str, title: str, source: str) -> None:
    """Display the linear/log figure with alt text and ``source``."""
    plots.show(draw_log_scale(path, unit, title), alt=describe_log_scale(path, unit), source=source)


# --- national context -----------------------------------------------------------------------------------

def draw_coal_production(coal: pd.DataFrame, period: tuple[int, int], capacity_mt: float,
                         place: str = "Shanxi") -> Figure:
    """China's coal production (Mt) by year, the plan period shaded, and a bar as tall as ``capacity_mt``
    hanging from the production of the year before the plan."""
    china = coal.loc[coal["country"] == "China"]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    _shade(ax, period)
    ax.plot(china["year"], china["coal_production_mt"], color=_colours()[0], label="China's coal production")
    base = float(china.loc[china["year"] == period[0] - 1, "coal_production_mt"].iloc[0])
    ax.bar([period[0] - 1], [capacity_mt], bottom=base - capacity_mt, width=0.8, color=_colours()[3],
           label=f"{place}: capacity phased out, {capacity_mt:.0f} Mt a year (to scale)")
    ax.set_ylabel("million tonnes of coal a year")
    ax.set_ylim(0, None)
    ax.set_title(f"China's coal output and the size of the capacity cut in {place}")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def describe_coal_production(coal: pd.DataFrame, period: tuple[int, int], capacity_mt: float) -> str:
    """Alt text for :func:`draw_coal_production`."""
    china = coal.loc[coal["country"] == "China"].set_index("year")["coal_production_mt"]
    before = period[0] - 1
    during = china.loc[period[0]:period[1]]
    return (f"Line of China's coal production, {china.index.min()}-{china.index.max()}, from {china.iloc[0]:,.0f} "
            f"to {china.iloc[-1]:,.0f} Mt a year. Around the shaded {period[0]}-{period[1]} plan period it was "
            f"{china.loc[before]:,.0f} Mt in {before}, {during.min():,.0f} at its lowest ({during.idxmin()}) and "
            f"{china.loc[period[1]]:,.0f} in {period[1]}. A bar hanging from the {before} value shows Shanxi's "
            f"{capacity_mt:.0f} Mt of capacity to scale ({capacity_mt / china.loc[before]:.1%} of that year's output).")


def show_coal_production(coal: pd.DataFrame, period: tuple[int, int], capacity_mt: float,
                         place: str = "Shanxi") -> None:
    """Display China's coal production with Shanxi's capacity cut to scale; ``place`` names the province."""
    plots.show(draw_coal_production(coal, period, capacity_mt, place),
               alt=describe_coal_production(coal, period, capacity_mt),
               source=f"{SOURCES['bp']}; {SOURCES['claims']} (claim C004)")


def draw_energy_mix(mix: pd.DataFrame) -> Figure:
    """China's coal consumption (TWh) and coal's share of primary energy and of electricity (%)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(mix["year"], mix["coal_consumption_twh"] / 1000, color=_colours()[0])
    left.set_ylabel("thousand TWh a year")
    left.set_title("Coal burned in China (amount)")
    left.set_ylim(0, None)
    right.plot(mix["year"], mix["coal_share_primary_energy_pct"], label="share of primary energy")
    right.plot(mix["year"], mix["coal_share_electricity_pct"], label="share of electricity")
    right.set_ylabel("%")
    right.set_ylim(0, 100)
    right.set_title("Coal's share (proportion)")
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def describe_energy_mix(mix: pd.DataFrame) -> str:
    """Alt text for :func:`draw_energy_mix`."""
    first, last = mix.iloc[0], mix.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    return (f"Left: coal burned in China rose from {first['coal_consumption_twh']:,.0f} TWh in {y0} to "
            f"{last['coal_consumption_twh']:,.0f} TWh in {y1}. Right: coal's share of primary energy fell from "
            f"{first['coal_share_primary_energy_pct']:.1f} % to {last['coal_share_primary_energy_pct']:.1f} %, "
            f"and its share of electricity from {first['coal_share_electricity_pct']:.1f} % to "
            f"{last['coal_share_electricity_pct']:.1f} %.")


def show_energy_mix(mix: pd.DataFrame) -> None:
    """Display China's coal amount and coal shares."""
    plots.show(draw_energy_mix(mix), alt=describe_energy_mix(mix), source=SOURCES["owid_energy"])


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


def draw_generation(table: pd.DataFrame, place: str = "Shanxi") -> Figure:
    """Thermal generation (left) and hydro, wind and solar (right), TWh; gaps where data are missing."""
    colours = _colours()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.6), sharex=True)
    left.plot(table.index, table["thermal"], marker=".", color=colours[0], label="thermal (mostly coal)")
    left.set_ylim(0, None)
    left.set_title("Thermal")
    for colour, marker, fuel in ((colours[4], "s", "hydro"), (colours[2], "^", "wind"), (colours[1], "o", "solar")):
        right.plot(table.index, table[fuel], marker=marker, markersize=4, color=colour, label=fuel)
    right.set_title("Hydro, wind and solar")
    for ax in (left, right):
        for year in missing_years(table):
            ax.axvspan(year - 0.5, year + 0.5, color="0.9", zorder=0)
        ax.set_ylabel("TWh a year")
        ax.legend(fontsize=8, loc="upper left")
    fig.suptitle(f"{place}: electricity generation by fuel (grey: no data)")
    fig.tight_layout()
    return fig


def describe_generation(table: pd.DataFrame, years: tuple[int, int]) -> str:
    """Alt text for :func:`draw_generation`, comparing ``years`` (first, last)."""
    a, b = (table.loc[y] for y in years)
    gaps = ", ".join(str(y) for y in missing_years(table))
    return (f"Two line charts of Shanxi's electricity generation, {table.index.min()}-{table.index.max()}, TWh. "
            f"Thermal went from {a['thermal']:.1f} in {years[0]} to {b['thermal']:.1f} in {years[1]}; wind from "
            f"{a['wind']:.1f} to {b['wind']:.1f}; solar from {a['solar']:.1f} to {b['solar']:.1f}; hydro from "
            f"{a['hydro']:.1f} to {b['hydro']:.1f}. Grey bands mark years without data: {gaps}.")


def show_generation(table: pd.DataFrame, years: tuple[int, int], place: str = "Shanxi") -> None:
    """Display Shanxi's generation by fuel; ``place`` names the province in the title."""
    plots.show(draw_generation(table, place), alt=describe_generation(table, years), source=SOURCES["electricity"])


# --- Shanxi's CO2 ----------------------------------------------------------------------------------------

def province_ranking(totals: pd.DataFrame, year: int) -> pd.DataFrame:
    """Provinces ranked by CO2 (Mt) in ``year``, largest first; columns ``province``, ``co2_mt``, ``rank``."""
    one = totals.loc[totals["year"] == year, ["province", "co2_mt"]].sort_values("co2_mt", ascending=False)
    one["rank"] = np.arange(1, len(one) + 1)
    return one.reset_index(drop=True)


def draw_ranking(ranking: pd.DataFrame, highlight: str, label: str, year: int) -> Figure:
    """Horizontal bars of every province's CO2 in one year, ``highlight`` in the palette's second colour."""
    colours = _colours()
    fig, ax = plt.subplots(figsize=(7, 6.5))
    bar_colours = [colours[1] if p == highlight else colours[0] for p in ranking["province"]]
    names = [label if p == highlight else p for p in ranking["province"]]
    ax.barh(names, ranking["co2_mt"], color=bar_colours)
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel("Mt CO2 (Scope 1, CEADs)")
    ax.set_title(f"CO2 emissions of {len(ranking)} provinces, {year}")
    fig.tight_layout()
    return fig


def describe_ranking(ranking: pd.DataFrame, highlight: str, year: int) -> str:
    """Alt text for :func:`draw_ranking`."""
    row = ranking.loc[ranking["province"] == highlight].iloc[0]
    top, bottom = ranking.iloc[0], ranking.iloc[-1]
    return (f"Horizontal bars of {len(ranking)} provinces' CO2 in {year}, largest first: {top['province']} "
            f"{top['co2_mt']:.0f} Mt down to {bottom['province']} {bottom['co2_mt']:.0f} Mt. {highlight} is "
            f"highlighted, rank {int(row['rank'])} with {row['co2_mt']:.0f} Mt.")


def show_ranking(ranking: pd.DataFrame, highlight: str, label: str, year: int) -> None:
    """Display the provincial ranking with one province highlighted."""
    plots.show(draw_ranking(ranking, highlight, label, year), alt=describe_ranking(ranking, highlight, year),
               source="CEADs provincial emission inventories via OpenClimate (course dataset province_co2_totals)")


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


def draw_fuel_groups(groups: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Figure:
    """Stacked areas of Shanxi's CO2 by fuel group (Mt), the plan period shaded."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    _shade(ax, period)
    parts = list(FUEL_GROUPS)
    ax.stackplot(groups.index, *(groups[g] for g in parts), labels=parts, colors=_colours()[:len(parts)])
    ax.set_ylabel("Mt CO2 a year")
    ax.set_title(f"{place}: CO2 by fuel (CEADs, Scope 1)")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def describe_fuel_groups(groups: pd.DataFrame) -> str:
    """Alt text for :func:`draw_fuel_groups`."""
    share = coal_share(groups)
    y0, y1 = int(groups.index.min()), int(groups.index.max())
    return (f"Stacked areas of Shanxi's CO2 by fuel group, {y0}-{y1}. The total grew from "
            f"{groups['total'].iloc[0]:.0f} to {groups['total'].iloc[-1]:.0f} Mt; raw coal is the largest "
            f"layer ({groups['raw coal'].iloc[-1]:.0f} Mt in {y1}). Coal and coal products made "
            f"{share.iloc[0]:.0%} of the total in {y0} and {share.iloc[-1]:.0%} in {y1}.")


def show_fuel_groups(groups: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> None:
    """Display Shanxi's CO2 by fuel group; ``place`` names the province in the title."""
    plots.show(draw_fuel_groups(groups, period, place), alt=describe_fuel_groups(groups),
               source="CEADs provincial emission inventories via OpenClimate (course dataset shanxi_co2_by_fuel)")


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


def draw_power_sector(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Figure:
    """Stacked areas: power sector and other sectors' CO2 (Mt), the plan period shaded."""
    colours = _colours()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    _shade(ax, period)
    ax.stackplot(table.index, table["power"], table["other"], colors=colours[:2],
                 labels=["power and heat sector", "all other sectors and households"])
    ax.set_ylabel("Mt CO2 a year")
    ax.set_title(f"{place}: CO2 of the power sector and the rest")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def describe_power_sector(table: pd.DataFrame) -> str:
    """Alt text for :func:`draw_power_sector`."""
    y0, y1 = int(table.index.min()), int(table.index.max())
    first, last = table.iloc[0], table.iloc[-1]
    return (f"Stacked areas of Shanxi's CO2, {y0}-{y1}: the power and heat sector grew from {first['power']:.0f} "
            f"to {last['power']:.0f} Mt ({first['power_share']:.0%} to {last['power_share']:.0%} of the total), "
            f"all other sectors from {first['other']:.0f} to {last['other']:.0f} Mt.")


def show_power_sector(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> None:
    """Display the power sector's CO2 against the rest; ``place`` names the province in the title."""
    plots.show(draw_power_sector(table, period, place), alt=describe_power_sector(table),
               source="CEADs provincial emission inventories via OpenClimate (course dataset shanxi_co2_by_sector)")


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


def draw_intensity(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Figure:
    """Two panels: t CO2 per 万 yuan of GDP (current prices) and t CO2 per person."""
    colours = _colours()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.4), sharex=True)
    left.plot(table.index, table["t_per_wan_yuan"], marker=".", color=colours[0])
    left.set_ylabel("t CO2 per 万 yuan of GDP")
    left.set_title("Per unit of GDP (current prices)")
    right.plot(table.index, table["t_per_person"], marker=".", color=colours[1])
    right.set_ylabel("t CO2 per person")
    right.set_title("Per person")
    for ax in (left, right):
        _shade(ax, period)
        ax.set_ylim(0, None)
    fig.suptitle(f"{place}: CO2 intensity")
    fig.tight_layout()
    return fig


def describe_intensity(table: pd.DataFrame) -> str:
    """Alt text for :func:`draw_intensity`."""
    first, last = table.iloc[0], table.iloc[-1]
    y0, y1 = int(table.index.min()), int(table.index.max())
    return (f"Two line charts, {y0}-{y1}. CO2 per 万 yuan of GDP at current prices fell from "
            f"{first['t_per_wan_yuan']:.2f} to {last['t_per_wan_yuan']:.2f} t; CO2 per person rose from "
            f"{first['t_per_person']:.2f} to {last['t_per_person']:.2f} t.")


def show_intensity(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> None:
    """Display Shanxi's CO2 per unit of GDP and per person; ``place`` names the province in the title."""
    plots.show(draw_intensity(table, period, place), alt=describe_intensity(table),
               source=f"CEADs via OpenClimate (province_co2_totals); {SOURCES['socio']}")


# --- what-if 1: the growth gap -------------------------------------------------------------------------

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


def describe_growth_gap(result: GrowthGap) -> str:
    """Alt text for :func:`draw_growth_gap`."""
    path = result.path
    first, last = path.iloc[0], path.iloc[-1]
    when = (f"passes one half in {result.half_year}" if result.half_year is not None
            else f"does not reach one half by {int(last['year'])}")
    return (f"Line of the emerging industries' share of industrial output from {int(first['year'])} to "
            f"{int(last['year'])}, growing {result.emerging_pct:.1f} % a year against {result.overall_pct:.1f} % "
            f"for all industry (the rest {result.rest_pct:.1f} %). Starting at {first['share']:.0%} (an "
            f"assumption), the share reaches {last['share']:.0%} and {when}.")


def draw_growth_gap(result: GrowthGap) -> Figure:
    """The share path (fraction, 0-1) with the one-half line and the year it is passed."""
    path = result.path
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.plot(path["year"], path["share"], color=_colours()[0], label="emerging industries' share")
    ax.axhline(0.5, color="0.3", linewidth=0.8, linestyle="--", label="one half")
    if result.half_year is not None:
        ax.axvline(result.half_year, color=_colours()[1], linewidth=1, label=f"passes one half: {result.half_year}")
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("share of industrial output")
    ax.set_title(f"Emerging {result.emerging_pct:.1f} % vs all industry {result.overall_pct:.1f} % a year, "
                 f"starting share {result.start_share:.0%}")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def show_growth_gap(result: GrowthGap) -> None:
    """Display the growth-gap figure with alt text and its source line."""
    source = f"{SOURCES['claims']}, claims C007 and C009; starting share is an assumption"
    plots.show(draw_growth_gap(result), alt=describe_growth_gap(result), source=source)


def slider_defaults(sliders: Sequence[widgets.Slider]) -> dict[str, float]:
    """{name: default} of an explorer's sliders, to draw its default scenario without widgets."""
    return {s.name: s.default for s in sliders}


def growth_gap_sliders(emerging_pct: float, overall_pct: float) -> list[widgets.Slider]:
    """Sliders: the two growth rates (defaults from the article), the starting share (assumption), horizon."""
    return [
        widgets.Slider("emerging_pct", "emerging industries' growth", 0.0, 15.0, 0.1, emerging_pct, "% a year"),
        widgets.Slider("overall_pct", "all industry's growth", 0.0, 10.0, 0.1, overall_pct, "% a year"),
        widgets.Slider("start_share", "emerging industries' starting share", 0.01, 0.45, 0.01, 0.2, "fraction",
                       assumption=True),
        widgets.Slider("horizon", "years ahead", 5, 80, 1, 50, "years"),
    ]


def growth_gap_explorer(emerging_pct: float, overall_pct: float, base_year: int) -> widgets.Explorer:
    """Explorer: how long until the emerging industries are half of industrial output?"""
    return widgets.explorer(
        lambda **values: growth_gap(**values, base_year=base_year),
        show_growth_gap,
        growth_gap_sliders(emerging_pct, overall_pct),
        title="The growth gap: when would the emerging industries be half of industry?",
    )


def article_rates(claims: pd.DataFrame) -> tuple[float, float, int]:
    """The article's emerging growth (% a year), the overall growth it implies, and the period's last year."""
    emerging = article.value(claims, "C007")
    overall = emerging - article.value(claims, "C009")  # a gap in percentage points is a difference
    return emerging, overall, claim_period(claims, "C007")[1]


def growth_gap_app() -> widgets.Explorer:
    """The growth-gap explorer with the article's defaults (no arguments; for apps and tests)."""
    plots.setup()
    return growth_gap_explorer(*article_rates(data.load("article_claims")))


# --- what-if 2: a capacity cut is not an output cut ----------------------------------------------------------

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


def capacity_cut(capacity_mt: float, utilisation: float, t_co2_per_t: float,
                 context: CapacityContext) -> pd.DataFrame:
    """What retired capacity could have produced, beside observed changes (all Mt a year).

    ``capacity_mt``: capacity retired (Mt of coal a year); ``utilisation``: fraction of capacity that was
    producing (assumption, 0-1); ``t_co2_per_t``: t CO2 per tonne of coal burned. Rows: ``quantity``,
    ``panel`` ("coal" or "CO2"), ``kind`` ("scenario" or "observed") and ``mt``.
    """
    coal_mt = capacity_mt * utilisation
    (y0, co2_0), (y1, co2_1) = sorted(context.shanxi_co2.items())
    (c0, coal_0), (c1, coal_1) = sorted(context.china_coal.items())
    rows = [
        ("capacity phased out", "coal", "scenario", capacity_mt),
        ("output that capacity could have produced", "coal", "scenario", coal_mt),
        (f"change in China's coal output, {c0}-{c1}", "coal", "observed", coal_1 - coal_0),
        ("CO2 if that output were burned", "CO2", "scenario", coal_mt * t_co2_per_t),
        (f"CO2 of {context.place} in {y0}", "CO2", "observed", co2_0),
        (f"CO2 of {context.place} in {y1}", "CO2", "observed", co2_1),
        (f"change in CO2 of {context.place}, {y0}-{y1}", "CO2", "observed", co2_1 - co2_0),
    ]
    return pd.DataFrame(rows, columns=["quantity", "panel", "kind", "mt"])


def _mt(table: pd.DataFrame, start: str) -> float:
    return float(table.loc[table["quantity"].str.startswith(start), "mt"].iloc[0])


def describe_capacity_cut(table: pd.DataFrame) -> str:
    """Alt text for :func:`draw_capacity_cut`."""
    capacity, output = _mt(table, "capacity"), _mt(table, "output")
    co2, change = _mt(table, "CO2 if"), _mt(table, "change in CO2 of")
    coal_change = _mt(table, "change in China")
    first = table.loc[table["quantity"].str.startswith("CO2 of"), "mt"].iloc[0]
    return (f"Two bar charts in Mt a year. Coal: {capacity:.0f} of capacity phased out could have produced "
            f"{output:.0f}, while China's coal output changed by {coal_change:+.0f}. CO2: burning that output "
            f"would emit {co2:.0f}, against the province's {first:.0f} at the start and a change of "
            f"{change:+.0f}.")


def draw_capacity_cut(table: pd.DataFrame) -> Figure:
    """Two panels of horizontal bars (Mt a year): coal, then CO2; scenario and observed bars in two colours."""
    colours = _colours()
    fig, axes = plt.subplots(2, 1, figsize=(8, 4.8), gridspec_kw={"height_ratios": [3, 4]})
    for ax, panel in zip(axes, ("coal", "CO2"), strict=True):
        rows = table.loc[table["panel"] == panel]
        bar_colours = [colours[0] if k == "scenario" else colours[1] for k in rows["kind"]]
        ax.barh(rows["quantity"], rows["mt"], color=bar_colours)
        for y, value in enumerate(rows["mt"]):
            ax.annotate(f"{value:,.0f}", (value, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.axvline(0, color="0.2", linewidth=0.8)
        ax.set_xlim(min(0.0, 1.2 * rows["mt"].min()), max(1.0, 1.2 * rows["mt"].max()))
        ax.invert_yaxis()
        ax.set_xlabel(f"Mt of {panel} a year")
    handles = [Patch(color=colours[0], label="scenario"), Patch(color=colours[1], label="observed data")]
    axes[1].legend(handles=handles, fontsize=8, loc="lower right")
    axes[0].set_title("A scenario for the retired capacity, against observed data")
    fig.tight_layout()
    return fig


def show_capacity_cut(table: pd.DataFrame) -> None:
    """Display the capacity-cut figure with alt text and its source lines."""
    source = (f"{SOURCES['claims']} (claim C004); {SOURCES['bp']}; {SOURCES['gcb']}; "
              "CEADs via OpenClimate (province_co2_totals); utilisation is an assumption")
    plots.show(draw_capacity_cut(table), alt=describe_capacity_cut(table), source=source)


def capacity_cut_sliders(capacity_mt: float, t_co2_per_t: float) -> list[widgets.Slider]:
    """Sliders: capacity (default from the article), utilisation (assumption), CO2 factor (from the data)."""
    return [
        widgets.Slider("capacity_mt", "capacity phased out", 0, 320, 1, capacity_mt, "Mt a year"),
        widgets.Slider("utilisation", "share of that capacity producing", 0.0, 1.0, 0.05, 0.5, "fraction",
                       assumption=True),
        widgets.Slider("t_co2_per_t", "CO2 per tonne of coal", 1.0, 3.0, 0.01, t_co2_per_t, "t CO2 per t"),
    ]


def capacity_cut_explorer(capacity_mt: float, t_co2_per_t: float, context: CapacityContext) -> widgets.Explorer:
    """Explorer: what could the retired capacity have produced, and how does it compare with the data?"""
    return widgets.explorer(
        lambda **values: capacity_cut(**values, context=context),
        show_capacity_cut,
        capacity_cut_sliders(capacity_mt, t_co2_per_t),
        title="What did the capacity cut mean? Capacity is not output",
    )


def capacity_defaults() -> tuple[float, float, CapacityContext]:
    """The article's capacity (Mt a year), the derived CO2 factor (t per t, to 0.01) and the data context."""
    claims = data.load("article_claims")
    period = claim_period(claims, "C004")
    coal = data.load("coal_production_tonnes")
    factors = co2_per_tonne_coal(coal, data.load("china_co2"), range(period[0], period[1] + 1))
    factor = round(float(factors["t_co2_per_t"].mean()), 2)
    before_to_end = (period[0] - 1, period[1])  # from the year before the plan to its last year
    place = place_label(data.load("places"), "Shanxi")
    context = capacity_context(data.load("province_co2_totals"), coal, before_to_end, place=place)
    return article.value(claims, "C004"), factor, context


def capacity_cut_app() -> widgets.Explorer:
    """The capacity-cut explorer with its defaults (no arguments; for apps and tests)."""
    plots.setup()
    return capacity_cut_explorer(*capacity_defaults())


APPS = {"growth-gap": growth_gap_app, "capacity-cut": capacity_cut_app}

