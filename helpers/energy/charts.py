"""Energy charts (notebook 01), in the notebook's order: one function per figure, returning a
:class:`helpers.plots.Chart` whose alt text is written from the same inputs as the figure.

``place`` arguments name the province as figures show it (e.g. "Shanxi (山西 Shānxī)"); ``period`` is a plan
period (first, last year), shaded.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke

from helpers import maps, places, plots, sources
from helpers.context_tables import TCE_PER_TONNE_RAW_COAL, MapRing, PhaseOutShare
from helpers.energy.scenarios import CapacityCut, GrowthGap
from helpers.energy.tables import FUEL_GROUPS, coal_share, missing_years
from helpers.plots import Chart

__all__ = [
    "capacity_cut_chart", "city_co2_map_chart", "coal_output_chart", "coal_production_chart", "compounded_gap_chart",
    "energy_mix_chart", "fuel_groups_chart", "generation_chart", "growth_gap_chart", "intensity_chart",
    "intensity_ranking_chart", "log_scale_chart", "power_sector_chart", "ranking_chart",
]


def _plan(period: tuple[int, int]) -> str:
    return f"{period[0]}-{period[1]} plan period"


# --- national context -----------------------------------------------------------------------------------

def coal_production_chart(coal: pd.DataFrame, period: tuple[int, int], capacity_mt: float,
                          place: str = "Shanxi") -> Chart:
    """China's coal production (Mt) by year, the plan period shaded, and a bar as tall as ``capacity_mt``
    hanging from the production of the year before the plan."""
    china = coal.loc[coal["country"] == "China"].set_index("year")["coal_production_mt"]
    before, colours = period[0] - 1, plots.palette()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    plots.shade_period(ax, period, _plan(period))
    ax.plot(china.index, china.to_numpy(), color=colours[0], label="China's coal production")
    ax.bar([before], [capacity_mt], bottom=china.loc[before] - capacity_mt, width=0.8, color=colours[3],
           label=f"{place}: capacity phased out, {capacity_mt:.0f} Mt a year (to scale)")
    ax.set_ylabel("million tonnes of coal a year")
    ax.set_ylim(0, None)
    ax.set_title(f"China's coal output and the size of the capacity cut in {place}")
    ax.legend(loc="upper left")
    during = china.loc[period[0]:period[1]]
    alt = (f"Line of China's coal production, {china.index.min()}-{china.index.max()}, from {china.iloc[0]:,.0f} "
           f"to {china.iloc[-1]:,.0f} Mt a year. Around the shaded {period[0]}-{period[1]} plan period it was "
           f"{china.loc[before]:,.0f} Mt in {before}, {during.min():,.0f} at its lowest ({during.idxmin()}) and "
           f"{china.loc[period[1]]:,.0f} in {period[1]}. A bar hanging from the {before} value shows the "
           f"{capacity_mt:.0f} Mt of capacity {place} phased out, to scale ({capacity_mt / china.loc[before]:.1%} "
           "of that year's output).")
    return Chart(fig, alt, sources.line("coal_production_tonnes", claims=("C004",)))


def coal_output_chart(tonnes: pd.DataFrame, share: PhaseOutShare, period: tuple[int, int],
                      place: str = "Shanxi") -> Chart:
    """Shanxi's raw-coal output (Mt a year, converted from Mtce: :func:`~helpers.context_tables.coal_output_tonnes`)
    to the series' end, the plan period shaded though it has no data, and a bar as tall as the phased-out
    capacity hanging from the last year's output."""
    colours, last = plots.palette(), tonnes.iloc[-1]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    plots.shade_period(ax, period, f"{_plan(period)} (no output data)")
    ax.plot(tonnes["year"], tonnes["raw_coal_mt"], marker=".", color=colours[0],
            label=f"{place}'s raw-coal output (Mtce ÷ {TCE_PER_TONNE_RAW_COAL} t/t, a conversion)")
    ax.bar([share.latest_year], [share.phase_out_mt], bottom=share.latest_raw_coal_mt - share.phase_out_mt,
           width=0.8, color=colours[3], label=f"capacity phased out {period[0]}-{period[1]}: "
           f"{share.phase_out_mt:.0f} Mt a year (to scale)")
    ax.set_xlim(tonnes["year"].min() - 1, period[1] + 1)
    ax.set_ylim(0, None)
    ax.set_ylabel("million tonnes of raw coal a year")
    ax.set_title(f"{place}: coal output to {share.data_end}, and the capacity cut to scale")
    ax.legend(loc="lower right")
    first = tonnes.iloc[0]
    alt = (f"Line of {place}'s raw-coal output, {int(first['year'])}-{share.data_end}, converted from Mtce at "
           f"{TCE_PER_TONNE_RAW_COAL} tonnes of coal equivalent per tonne: from {first['raw_coal_mt']:,.0f} to "
           f"{last['raw_coal_mt']:,.0f} Mt a year. The shaded {period[0]}-{period[1]} plan period has no data. A bar "
           f"hanging from the {share.latest_year} value shows the {share.phase_out_mt:.0f} Mt of capacity phased out, "
           f"to scale: {share.share_of_latest_pct:.0f} % of the {share.latest_year} output and "
           f"{share.share_of_mean_pct:.0f} % of the {share.years[0]}-{share.years[-1]} mean "
           f"({share.mean_raw_coal_mt:,.0f} Mt).")
    note = f"raw coal in Mt = Mtce / {TCE_PER_TONNE_RAW_COAL} (a conversion, not published tonnes)"
    return Chart(fig, alt, sources.line("shanxi_coal_output", claims=("C004",), note=note))


def energy_mix_chart(mix: pd.DataFrame) -> Chart:
    """China's coal consumption (thousand TWh) and coal's share of primary energy and of electricity (%)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(mix["year"], mix["coal_consumption_twh"] / 1000, color=plots.palette()[0])
    left.set_ylabel("thousand TWh a year")
    left.set_title("Coal burned in China (amount)")
    left.set_ylim(0, None)
    right.plot(mix["year"], mix["coal_share_primary_energy_pct"], label="share of primary energy")
    right.plot(mix["year"], mix["coal_share_electricity_pct"], label="share of electricity")
    right.set_ylabel("%")
    right.set_ylim(0, 100)
    right.set_title("Coal's share (proportion)")
    right.legend()
    first, last = mix.iloc[0], mix.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    alt = (f"Left: coal burned in China rose from {first['coal_consumption_twh']:,.0f} TWh in {y0} to "
           f"{last['coal_consumption_twh']:,.0f} TWh in {y1}. Right: coal's share of primary energy fell from "
           f"{first['coal_share_primary_energy_pct']:.1f} % to {last['coal_share_primary_energy_pct']:.1f} %, "
           f"and its share of electricity from {first['coal_share_electricity_pct']:.1f} % to "
           f"{last['coal_share_electricity_pct']:.1f} %.")
    return Chart(fig, alt, sources.line("china_energy_mix"))


# --- the province's electricity and CO2 -------------------------------------------------------------------

def generation_chart(table: pd.DataFrame, years: tuple[int, int], place: str = "Shanxi") -> Chart:
    """Thermal generation (left) and hydro, wind and solar (right), TWh; grey where data are missing;
    the alt text compares ``years`` (first, last)."""
    colours, gaps = plots.palette(), missing_years(table)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.6), sharex=True)
    left.plot(table.index, table["thermal"], marker=".", color=colours[0], label="thermal (mostly coal)")
    left.set_ylim(0, None)
    left.set_title("Thermal")
    for colour, marker, fuel in ((colours[4], "s", "hydro"), (colours[2], "^", "wind"), (colours[1], "o", "solar")):
        right.plot(table.index, table[fuel], marker=marker, markersize=4, color=colour, label=fuel)
    right.set_title("Hydro, wind and solar")
    for ax in (left, right):
        for year in gaps:
            plots.shade_period(ax, (year, year), "")
        ax.set_ylabel("TWh a year")
        ax.legend(loc="upper left")
    fig.suptitle(f"{place}: electricity generation by fuel (grey: no data)")
    a, b = (table.loc[y] for y in years)
    alt = (f"Two line charts of electricity generation in {place}, {table.index.min()}-{table.index.max()}, TWh. "
           f"Thermal went from {a['thermal']:.1f} in {years[0]} to {b['thermal']:.1f} in {years[1]}; wind from "
           f"{a['wind']:.1f} to {b['wind']:.1f}; solar from {a['solar']:.1f} to {b['solar']:.1f}; hydro from "
           f"{a['hydro']:.1f} to {b['hydro']:.1f}. Grey bands mark years without data: "
           f"{', '.join(str(y) for y in gaps)}.")
    return Chart(fig, alt, sources.line("shanxi_electricity_by_fuel"))


def ranking_chart(ranking: pd.DataFrame, highlight: str, label: str, year: int) -> Chart:
    """Horizontal bars of every province's CO2 (Mt) in ``year``, ``highlight`` (shown as ``label``) in the
    palette's second colour."""
    colours = plots.palette()
    fig, ax = plt.subplots(figsize=(7, 6.5))
    ax.barh([label if p == highlight else places.province_name(p) for p in ranking["province"]], ranking["co2_mt"],
            color=[colours[1] if p == highlight else colours[0] for p in ranking["province"]])
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=plots.MIN_TEXT_PT)
    ax.set_xlabel("Mt CO2 (Scope 1, CEADs)")
    ax.set_title(f"CO2 emissions of {len(ranking)} provinces, {year}")
    row = ranking.loc[ranking["province"] == highlight].iloc[0]
    top, bottom = ranking.iloc[0], ranking.iloc[-1]
    alt = (f"Horizontal bars of {len(ranking)} provinces' CO2 in {year}, largest first: "
           f"{places.province_name(top['province'])} {top['co2_mt']:.0f} Mt down to "
           f"{places.province_name(bottom['province'])} {bottom['co2_mt']:.0f} Mt. {label} is "
           f"highlighted, rank {int(row['rank'])} with {row['co2_mt']:.0f} Mt.")
    return Chart(fig, alt, sources.line("province_co2_totals"))


def intensity_ranking_chart(ranking: pd.DataFrame, highlight: str, label: str, year: int,
                            population_dataset: str = "province_population_gdp_nbs") -> Chart:
    """Two panels of horizontal bars, largest first: every province's t CO2 per person and kg CO2 per yuan of GDP
    (current prices) in ``year`` (:func:`~helpers.context_tables.province_ranking`), ``highlight`` shown as
    ``label``."""
    colours = plots.palette()
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 6.5))
    panels = [("co2_t_per_person", "rank_per_person", "t CO2 per person", "{:.1f}"),
              ("co2_kg_per_yuan", "rank_per_yuan", "kg CO2 per yuan of GDP (current prices)", "{:.2f}")]
    parts = []
    for ax, (column, rank, unit, fmt) in zip(axes, panels, strict=True):
        table = ranking.sort_values(rank, kind="stable")
        ax.barh([label if p == highlight else p for p in table["province"]], table[column],
                color=[colours[1] if p == highlight else colours[0] for p in table["province"]])
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=8)
        ax.set_xlabel(unit)
        top, row = table.iloc[0], table.loc[table["province"] == highlight].iloc[0]
        parts.append(f"{unit}: {label} ranks {int(row[rank])} with {fmt.format(row[column])} (highest "
                     f"{top['province']}, {fmt.format(top[column])}; lowest {table.iloc[-1]['province']}, "
                     f"{fmt.format(table.iloc[-1][column])})")
    axes[0].set_title("Per person")
    axes[1].set_title("Per yuan of GDP")
    fig.suptitle(f"CO2 intensity of {len(ranking)} provinces, {year} (rank 1 = highest)")
    total = int(ranking.loc[ranking["province"] == highlight, "rank_total"].iloc[0])
    alt = (f"Two bar charts of {len(ranking)} provinces in {year}, highest first, {label} highlighted. "
           + ". ".join(parts) + f". By total CO2 {label} ranks {total}.")
    return Chart(fig, alt, sources.line("province_co2_totals", population_dataset,
                                        note="CO2 divided by population and by GDP"))


def fuel_groups_chart(groups: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Chart:
    """Stacked areas of the province's CO2 by fuel group (Mt), the plan period shaded."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    plots.shade_period(ax, period, _plan(period))
    parts = list(FUEL_GROUPS)
    ax.stackplot(groups.index, *(groups[g] for g in parts), labels=parts, colors=plots.palette()[:len(parts)])
    ax.set_ylabel("Mt CO2 a year")
    ax.set_title(f"{place}: CO2 by fuel (CEADs, Scope 1)")
    ax.legend(loc="upper left")
    share = coal_share(groups)
    y0, y1 = int(groups.index.min()), int(groups.index.max())
    alt = (f"Stacked areas of the CO2 of {place} by fuel group, {y0}-{y1}. The total grew from "
           f"{groups['total'].iloc[0]:.0f} to {groups['total'].iloc[-1]:.0f} Mt; raw coal is the largest "
           f"layer ({groups['raw coal'].iloc[-1]:.0f} Mt in {y1}). Coal and coal products made "
           f"{share.iloc[0]:.0%} of the total in {y0} and {share.iloc[-1]:.0%} in {y1}.")
    return Chart(fig, alt, sources.line("shanxi_co2_by_fuel"))


def power_sector_chart(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Chart:
    """Stacked areas: the power sector's and the other sectors' CO2 (Mt), the plan period shaded."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    plots.shade_period(ax, period, _plan(period))
    ax.stackplot(table.index, table["power"], table["other"], colors=plots.palette()[:2],
                 labels=["power and heat sector", "all other sectors and households"])
    ax.set_ylabel("Mt CO2 a year")
    ax.set_title(f"{place}: CO2 of the power sector and the rest")
    ax.legend(loc="upper left")
    y0, y1 = int(table.index.min()), int(table.index.max())
    first, last = table.iloc[0], table.iloc[-1]
    alt = (f"Stacked areas of the CO2 of {place}, {y0}-{y1}: the power and heat sector grew from "
           f"{first['power']:.0f} to {last['power']:.0f} Mt ({first['power_share']:.0%} to "
           f"{last['power_share']:.0%} of the total), all other sectors from {first['other']:.0f} to "
           f"{last['other']:.0f} Mt.")
    return Chart(fig, alt, sources.line("shanxi_co2_by_sector"))


def intensity_chart(table: pd.DataFrame, period: tuple[int, int], place: str = "Shanxi") -> Chart:
    """Two panels: t CO2 per 万 yuan of GDP (current prices) and t CO2 per person, the plan period shaded."""
    colours = plots.palette()
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.4), sharex=True)
    left.plot(table.index, table["t_per_wan_yuan"], marker=".", color=colours[0])
    left.set_ylabel("t CO2 per 万 yuan of GDP")
    left.set_title("Per unit of GDP (current prices)")
    right.plot(table.index, table["t_per_person"], marker=".", color=colours[1])
    right.set_ylabel("t CO2 per person")
    right.set_title("Per person")
    for ax in (left, right):
        plots.shade_period(ax, period, _plan(period))
        ax.set_ylim(0, None)
    fig.suptitle(f"{place}: CO2 intensity")
    first, last = table.iloc[0], table.iloc[-1]
    alt = (f"Two line charts of the CO2 intensity of {place}, {int(table.index.min())}-{int(table.index.max())}. "
           f"CO2 per 万 yuan of GDP at current prices fell from {first['t_per_wan_yuan']:.2f} to "
           f"{last['t_per_wan_yuan']:.2f} t; CO2 per person rose from {first['t_per_person']:.2f} to "
           f"{last['t_per_person']:.2f} t. The {_plan(period)} is shaded.")
    return Chart(fig, alt, sources.line("province_co2_totals", "shanxi_socioeconomic"))


# --- growth: compounding a gap, Trust 100 on a log scale ----------------------------------------------------

def compounded_gap_chart(table: pd.DataFrame, fast_label: str, slow_label: str) -> Chart:
    """Lines of cumulative growth at both rates (:func:`compounded_gap`), with the compounded and the naive gap."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(table["year"], table["fast_pct"], marker="o", label=fast_label)
    left.plot(table["year"], table["slow_pct"], marker="o", label=slow_label)
    left.set_xlabel("years of growth")
    left.set_ylabel("growth since the start (%)")
    left.set_title("Cumulative growth")
    left.legend()
    right.plot(table["year"], table["gap_pp"], marker="o", color=plots.palette()[2], label="gap, compounded")
    right.plot(table["year"], table["added_pp"], linestyle="--", color="0.4", label="years × annual gap")
    right.set_xlabel("years of growth")
    right.set_ylabel("gap (percentage points)")
    right.set_title("The gap grows faster than years × gap")
    right.legend()
    last = table.iloc[-1]
    years = int(last["year"])
    alt = (f"Left: cumulative growth over {years} years, {last['fast_pct']:.1f} % for {fast_label} and "
           f"{last['slow_pct']:.1f} % for {slow_label}. Right: the gap between them grows to "
           f"{last['gap_pp']:.1f} percentage points, above the dashed line of {years} × the annual gap "
           f"({last['added_pp']:.1f} points).")
    return Chart(fig, alt, sources.line(claims=("C007", "C008", "C009")))


def log_scale_chart(path: pd.DataFrame, unit: str, title: str, claim_ids: tuple[str, ...], note: str = "") -> Chart:
    """The same constant-growth path (:func:`constant_growth_path`, in ``unit``) on a linear and a log axis,
    the reported ends marked; ``claim_ids`` are the article's claims for the two ends."""
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    ends = path.iloc[[0, -1]]
    for ax, scale in zip(axes, ("linear", "log"), strict=True):
        ax.plot(path["year"], path["value"], linestyle="--", color="0.45", label="constant growth (assumed)")
        ax.plot(ends["year"], ends["value"], "o", markersize=8, color=plots.palette()[0], label="reported")
        ax.set_yscale(scale)
        plots.engineering(ax.yaxis)
        ax.set_xticks(path["year"])
        ax.set_ylabel(f"{unit} (k = thousand, M = million)")
        ax.set_title(f"{scale} scale")
    axes[0].legend()
    fig.suptitle(title)
    first, last = path.iloc[0], path.iloc[-1]
    alt = (f"Two panels of the same data: reported values of {first['value']:,.0f} {unit} in {int(first['year'])} "
           f"and {last['value']:,.0f} in {int(last['year'])}, joined by a constant-growth path. On the linear "
           f"scale the path hugs zero until the last year and then shoots up; on the log scale it is a "
           f"straight line, because each year multiplies the value by the same factor.")
    return Chart(fig, alt, sources.line(claims=claim_ids, note=note))


# --- the two explorers' charts ----------------------------------------------------------------------------------

def growth_gap_chart(result: GrowthGap) -> Chart:
    """The share path (fraction, 0-1) of :func:`growth_gap` with the one-half line and the year it is passed."""
    path, colours = result.path, plots.palette()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.plot(path["year"], path["share"], color=colours[0], label="emerging industries' share")
    ax.axhline(0.5, color="0.3", linewidth=0.8, linestyle="--", label="one half")
    if result.half_year is not None:
        ax.axvline(result.half_year, color=colours[1], linewidth=1, label=f"passes one half: {result.half_year}")
    ax.set_ylim(0, 1)
    ax.set_xlabel("year")
    ax.set_ylabel("share of industrial output")
    first, last = path.iloc[0], path.iloc[-1]
    when = (f"passes one half in {result.half_year}" if result.half_year is not None
            else f"does not reach one half by {int(last['year'])}")
    ax.set_title(f"Emerging {result.emerging_pct:.1f} % vs all industry {result.overall_pct:.1f} % a year, "
                 f"starting share {result.start_share:.0%}:\nthe share {when}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)  # beside the axes: never over the line
    alt = (f"Line of the emerging industries' share of industrial output from {int(first['year'])} to "
           f"{int(last['year'])}, growing {result.emerging_pct:.1f} % a year against {result.overall_pct:.1f} % "
           f"for all industry (the rest {result.rest_pct:.1f} %). Starting at {first['share']:.0%} (an "
           f"assumption), the share reaches {last['share']:.0%} and {when}.")
    return Chart(fig, alt, sources.line(claims=("C007", "C009"), note="starting share is an assumption"))


def capacity_cut_chart(cut: CapacityCut) -> Chart:
    """Two panels of horizontal bars (Mt a year) for :func:`capacity_cut`: coal, then CO2; scenario and
    observed bars in two colours, each labelled with its value."""
    colours, place = plots.palette(), cut.context.place
    (c0, c1), (y0, y1) = cut.coal_years, cut.co2_years
    change, start, end, co2_change = cut.observed
    panels = {
        "coal": [("capacity phased out", cut.capacity_mt, 0), ("output that capacity could have produced",
                 cut.output_mt, 0), (f"change in China's coal output, {c0}-{c1}", change, 1)],
        "CO2": [("CO2 if that output were burned", cut.co2_mt, 0), (f"CO2 of {place} in {y0}", start, 1),
                (f"CO2 of {place} in {y1}", end, 1), (f"change in CO2 of {place}, {y0}-{y1}", co2_change, 1)],
    }
    fig, axes = plt.subplots(2, 1, figsize=(8, 4.8), gridspec_kw={"height_ratios": [3, 4]})
    for ax, (panel, bars) in zip(axes, panels.items(), strict=True):
        labels, values, kinds = zip(*bars, strict=True)
        plots.bar_labels(ax, ax.barh(labels, values, color=[colours[k] for k in kinds]))
        ax.axvline(0, color="0.2", linewidth=0.8)
        ax.set_xlim(min(0.0, 1.2 * min(values)), max(1.0, 1.2 * max(values)))
        ax.invert_yaxis()
        ax.set_xlabel(f"Mt of {panel} a year")
    handles = [Patch(color=colours[0], label="scenario"), Patch(color=colours[1], label="observed data")]
    axes[1].legend(handles=handles, loc="lower right")
    axes[0].set_title("A scenario for the retired capacity, against observed data")
    alt = (f"Two bar charts in Mt a year. Coal: {cut.capacity_mt:.0f} of capacity phased out could have produced "
           f"{cut.output_mt:.0f}, while China's coal output changed by {change:+.0f}. CO2: burning that output "
           f"would emit {cut.co2_mt:.0f}, against {start:.0f} for {place} in {y0} and a change of "
           f"{co2_change:+.0f} by {y1}.")
    source = sources.line("coal_production_tonnes", "china_co2", "province_co2_totals", claims=("C004",),
                          note="utilisation is an assumption")
    return Chart(fig, alt, source)


# --- the cities of the province on a map ------------------------------------------------------------------------

def _spread(lat: list[float], lon: list[float], gap: float = 0.3) -> list[float]:
    """Label latitudes (degrees) moved apart so that two labels within ``gap`` degrees of each other do not overlap:
    the southern one moves down, the northern one up, each by half the shortfall."""
    lat = list(lat)
    for i in range(len(lat)):
        for j in range(len(lat)):
            near = abs(lon[i] - lon[j]) < 2 * gap and i != j
            if near and lat[j] <= lat[i] < lat[j] + gap:
                half = (lat[j] + gap - lat[i]) / 2
                lat[i], lat[j] = lat[i] + half, lat[j] - half
    return lat


def city_co2_map_chart(rings: list[MapRing], cities: pd.DataFrame, year: int, place: str = "Shanxi") -> Chart:
    """Choropleth of the cities' CO2 (Mt) in ``year`` from :func:`~helpers.context_tables.city_co2_on_map`
    (``rings`` from :func:`~helpers.context_tables.map_rings`); cities without data grey and hatched, each city
    labelled in 汉字 and English with its value."""
    fig, ax = plt.subplots(figsize=(6, 7))
    maps.choropleth(ax, rings, dict(zip(cities["region_code"], cities["co2_mt"], strict=True)), f"Mt CO2, {year}")
    maps.frame(ax, rings)
    halo = [withStroke(linewidth=2.5, foreground="white")]
    for city, lat in zip(cities.itertuples(), _spread(cities["label_lat"].tolist(), cities["label_lon"].tolist()),
                         strict=True):
        value = f"{city.co2_mt:.0f} Mt" if city.has_data else "no data"
        ax.text(city.label_lon, lat, f"{city.region_zh.removesuffix('市')} {city.name_en}\n{value}",
                ha="center", va="center", fontsize=8, path_effects=halo)
    ax.legend(handles=[maps.missing_patch("no data in the CEADs city inventory")], loc="lower left")
    ax.set_title(f"{place}: CO2 of its {len(cities)} cities, {year}")
    known, missing = cities.loc[cities["has_data"]], cities.loc[~cities["has_data"]]
    ranked = known.sort_values("co2_mt", ascending=False)
    alt = (f"Map of the {len(cities)} prefecture-level cities of {place}, shaded by CO2 in {year} (darker = more). "
           f"{len(known)} have data: " + "; ".join(f"{c.name_en} {c.co2_mt:.0f} Mt" for c in ranked.itertuples())
           + f". No data for {len(missing)}, drawn grey and hatched, not as zero: "
           + ", ".join(missing["name_en"]) + ".")
    return Chart(fig, alt, sources.line("shanxi_city_co2", "shanxi_city_map",
                                        note="coarse, simplified city boundaries"))
