"""Poverty charts (notebook 02), in the notebook's order: one function per figure, returning a
:class:`helpers.plots.Chart` whose alt text is written from the same inputs as the figure.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers import maps, plots, sources
from helpers.context_tables import MapRing
from helpers.plots import Chart
from helpers.poverty.scenarios import CooperativeResult, LineScenario
from helpers.poverty.tables import NATIONAL_LINE, CooperativeFacts, entities, headcount_table

__all__ = [
    "cooperative_chart", "county_exits_chart", "entities_chart", "line_scenario_chart", "lines_in_year_chart",
    "poverty_map_chart", "timeline_chart",
]

ASSUMED = "output, price, costs, labour share and land per greenhouse are assumptions"


# ---------------------------------------------------------------------------------------------- timeline

def timeline_chart(timeline: pd.DataFrame, residents_last_group: float, final_year: int, city: str) -> Chart:
    """One box per county in the column of the year it left the poverty list, unnamed ones dashed.

    ``residents_last_group`` (people) and ``final_year`` label the last column (the city's final step);
    ``city`` is the city's label, e.g. from :func:`helpers.places.place_label`.
    """
    colours = plots.palette()
    years = sorted(timeline["year_delisted"].dropna().astype(int).unique())
    fig, ax = plt.subplots(figsize=(9, 4.4))
    parts = []
    for year in years:
        rows = timeline[timeline["year_delisted"] == year].reset_index(drop=True)
        for j, row in rows.iterrows():
            if row["named"]:
                text, style = f"{row['label']}  {row['name_zh']}  {row['pinyin']}", {"fc": colours[0], "alpha": 0.25}
            else:
                text, style = "not named in the article", {"fc": "white", "ls": "--", "ec": "0.4"}
            ax.text(year, j, text, ha="center", va="center", fontsize=9, bbox={"boxstyle": "round,pad=0.35", **style})
        ax.text(year, 5.8, f"{len(rows)} counties", ha="center", va="top", fontsize=10)
        named, unnamed = rows.loc[rows["named"], "label"].tolist(), int((~rows["named"]).sum())
        who = ", ".join(named) + (f"{' and ' if named else ''}{unnamed} counties the article does not name"
                                  if unnamed else "")
        parts.append(f"{year}: {len(rows)} counties ({who})")
    ax.text(final_year, 2, f"last {residents_last_group:,.0f} residents\ntaken off the poverty list;\n"
            "absolute poverty declared\neradicated (city government)", ha="center", va="center", fontsize=9,
            bbox={"boxstyle": "round,pad=0.5", "fc": colours[2], "alpha": 0.25})
    ax.set_xticks([*years, final_year])
    ax.set_xlim(min(years) - 0.6, final_year + 0.6)
    ax.set_ylim(6.2, -0.8)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("year removed from the poverty list (as the article reports)")
    ax.set_title(f"{city}: {len(timeline)} poverty counties leave the list")
    alt = (f"Timeline of the {len(timeline)} poverty counties of {city} leaving the poverty list. {'; '.join(parts)}. "
           f"In {final_year} the last {residents_last_group:,.0f} residents were taken off the list.")
    return Chart(fig, alt, sources.line("xinzhou_county_delisting", "places", claims=("C022", "C023")))


# ---------------------------------------------------------------------------------------- poverty lines

def county_exits_chart(table: pd.DataFrame, city_zh: str, city: str, province: str) -> Chart:
    """One labelled tile per county of :func:`~helpers.poverty.tables.province_counties`, stacked in the column
    of its exit year; ``city_zh``'s counties (shown as ``city``) first and in the palette's second colour."""
    colours = plots.palette()
    years = sorted(table["exit_year"].unique())
    tallest = int(table["exit_year"].value_counts().max())
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.3 * tallest))
    for x, year in enumerate(years):
        rows = table.loc[table["exit_year"] == year]
        rows = pd.concat([rows.loc[rows["city_zh"] == city_zh], rows.loc[rows["city_zh"] != city_zh]])
        for y, county in enumerate(rows.itertuples()):
            ours = county.city_zh == city_zh
            ax.add_patch(plt.Rectangle((x - 0.42, y + 0.06), 0.84, 0.88, color=colours[1] if ours else colours[0]))
            ax.text(x, y + 0.5, county.county_zh, ha="center", va="center", fontsize=8,
                    color="black" if ours else "white")
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, tallest + 1.5)
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("year the county left the poverty list")
    ax.legend(handles=[Patch(color=colours[1], label=city), Patch(color=colours[0], label="other cities")],
              loc="upper right")
    ax.set_title(f"{province}: its {len(table)} poverty counties by the year they left the list")
    parts = []
    for year in years:
        rows = table.loc[table["exit_year"] == year]
        ours = rows.loc[rows["city_zh"] == city_zh, "county_zh"]
        named = f", {len(ours)} of them in {city}: {', '.join(ours)}" if len(ours) else ""
        parts.append(f"{year}: {len(rows)}{named}")
    alt = (f"Tiles for the {len(table)} poverty counties of {province}, one per county labelled in 汉字, stacked "
           f"by the year each left the list. " + "; ".join(parts) + ".")
    return Chart(fig, alt, sources.line("poverty_counties", note="not an official dataset"))


def poverty_map_chart(rings: list[MapRing], per_province: pd.DataFrame, highlight: int, label: str) -> Chart:
    """Choropleth of poverty counties per province (:func:`~helpers.poverty.tables.counties_per_province`),
    regions the list does not cover grey and hatched, the ``highlight`` region outlined and labelled."""
    fig, ax = plt.subplots(figsize=(7.5, 6))
    values = dict(zip(per_province["region_code"], per_province["counties"], strict=True))
    maps.choropleth(ax, rings, values, "poverty counties on the list")
    for ring in rings:
        if ring.region_code == highlight:
            ax.plot(ring.lon, ring.lat, color=plots.palette()[3], linewidth=2)
    maps.frame(ax, rings)
    ax.legend(handles=[maps.missing_patch("not covered by the list"),
                       Patch(facecolor="none", edgecolor=plots.palette()[3], linewidth=2, label=label)],
              loc="lower left")
    known = per_province.dropna()
    on_list = known.loc[known["counties"] > 0]
    ax.set_title(f"China's {known['counties'].sum():.0f} national poverty counties, by province")
    top = on_list.sort_values("counties", ascending=False).iloc[0]
    names = {r.region_code: r.region_zh for r in rings}
    alt = (f"Map of China's provinces shaded by the number of national poverty counties: "
           f"{known['counties'].sum():.0f} counties in {len(on_list)} provinces, most in "
           f"{names[int(top['region_code'])]} "
           f"({top['counties']:.0f}); {len(known) - len(on_list)} provinces have none. {label} is outlined, with "
           f"{values[highlight]:.0f}. Regions the list does not cover are grey and hatched.")
    return Chart(fig, alt, sources.line("poverty_counties", "china_province_map",
                                        note="coarse boundaries, as the PRC claims them"))


def _line_name(line: str) -> str:
    """``"$3.00/day (2021 PPP) line"`` or ``"national line"``: a line label to use in a sentence."""
    return line if line == NATIONAL_LINE else f"{line} line"


def lines_in_year_chart(table: pd.DataFrame, year: int, entity: str) -> Chart:
    """Bars: the headcount ratio (%) of one year at each line (``table`` from :func:`headcount_table`)."""
    values = table.loc[year]
    fig, ax = plt.subplots(figsize=(7, 3))
    plots.bar_labels(ax, ax.barh(values.index, values.to_numpy(), color=plots.palette()[0]), "{:.1f} %",
                     fontsize=None)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the population below the line (%)")
    ax.set_title(f"{entity}, {year}: one year, four poverty lines")
    parts = ", ".join(f"{line}: {value:.1f} %" for line, value in values.items())
    alt = f"Horizontal bars of the share of {entity}'s population below each poverty line in {year}: {parts}."
    return Chart(fig, alt, sources.line("poverty_headcount"))


def _plan_phrase(scenario: LineScenario, column: str, fmt: Callable[[float], str]) -> str:
    rows = scenario.in_plan.dropna(subset=[column])
    if rows.empty:
        return f"no estimate falls within {scenario.plan[0]}-{scenario.plan[1]}"
    first, last = rows.iloc[0], rows.iloc[-1]
    return f"{fmt(first[column])} in {int(first['year'])} and {fmt(last[column])} in {int(last['year'])}"


def _line_alt(scenario: LineScenario) -> str:
    table = scenario.table
    if table.empty:
        return f"No estimates for {scenario.entity} at the {_line_name(scenario.line)}: both panels are empty."
    start, end = table.iloc[0], table.iloc[-1]
    text = (f"Line chart of the share of {scenario.entity}'s population below the {_line_name(scenario.line)}: "
            f"{start['headcount_pct']:.1f} % in {int(start['year'])}, {end['headcount_pct']:.1f} % in "
            f"{int(end['year'])} ({len(table)} estimates); within the shaded years "
            f"{_plan_phrase(scenario, 'headcount_pct', lambda v: f'{v:.1f} %')}. Thin lines show the other lines. ")
    if scenario.has_people:
        millions = _plan_phrase(scenario, "people", lambda v: f"about {v / 1e6:,.1f} million people")
        return text + f"Bar chart on the right: {millions}."
    return text + f"The right panel is empty: the course has no population series for {scenario.entity}."


def _people_panel(ax: Axes, scenario: LineScenario) -> None:
    if scenario.has_people:
        people = scenario.table.dropna(subset=["people"])
        ax.bar(people["year"], people["people"] / 1e6, color=plots.palette()[0], width=0.8)
        ax.set_ylabel("people below the line (millions)")
        note = " (ratio × total population)" if scenario.line == NATIONAL_LINE else ""
        ax.set_title(f"About how many people?{note}", fontsize=10)
    else:
        ax.text(0.5, 0.5, f"No population series for {scenario.entity}\nin the course data: ratios only",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        ax.set_title("About how many people?", fontsize=10)


def line_scenario_chart(scenario: LineScenario) -> Chart:
    """Left: headcount ratio at the chosen line (bold, markers at each estimate) and the entity's other lines
    (thin). Right: approximate people below the chosen line (millions), or a note where there is no population."""
    colours = plots.palette()
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.5, 4), layout="constrained")
    fig.get_layout_engine().set(wspace=0.08)  # room between the panels' year labels
    plots.shade_period(left, scenario.plan)
    for i, column in enumerate(scenario.context.columns):
        values = scenario.context[column].dropna()
        left.plot(values.index, values.to_numpy(), color=colours[(i + 1) % len(colours)], linewidth=1, alpha=0.6,
                  label=column)
    table = scenario.table
    left.plot(table["year"], table["headcount_pct"], color=colours[0], linewidth=2.5, marker="o", markersize=4,
              label=f"{scenario.line} (chosen)")
    left.set_ylim(0, 102)
    left.set_ylabel("share below the line (%)")
    left.set_title(f"{scenario.entity}: who counts as poor depends on the line")
    fig.legend(handles=left.get_legend_handles_labels()[0], loc="outside right upper", frameon=False)
    plots.shade_period(right, scenario.plan)
    _people_panel(right, scenario)
    right.set_xlim(left.get_xlim())
    for ax in (left, right):
        ax.set_xlabel("year")
    used = ("poverty_headcount", "china_population") if scenario.has_people else ("poverty_headcount",)
    return Chart(fig, _line_alt(scenario), sources.line(*used))


def entities_chart(headcount: pd.DataFrame, line: str, plan: tuple[int, int]) -> Chart:
    """Headcount ratio (%) at one line for every entity in the data, markers at each estimate, ``plan`` shaded."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    plots.shade_period(ax, plan)
    parts = []
    for name in entities(headcount):
        table = headcount_table(headcount, name)
        values = table[line].dropna() if line in table.columns else pd.Series(dtype="float64")
        if not values.empty:
            ax.plot(values.index, values.to_numpy(), marker="o", markersize=3, label=name)
            parts.append(f"{name} {values.iloc[0]:.1f} % ({values.index[0]}) to {values.iloc[-1]:.1f} % "
                         f"({values.index[-1]}, {len(values)} estimates)")
    ax.set_ylim(0, 102)
    ax.set_xlabel("year")
    ax.set_ylabel("share below the line (%)")
    ax.set_title(f"Share of the population below the {_line_name(line)}")
    ax.legend()
    alt = (f"Line chart of the share of the population below the {_line_name(line)}, years {plan[0]}-{plan[1]} "
           f"shaded: {'; '.join(parts)}.")
    return Chart(fig, alt, sources.line("poverty_headcount"))


# ------------------------------------------------------------------------------------------ cooperatives

def _barh(ax: Axes, labels: list[str], values: list[float], colours: list[str]) -> None:
    plots.bar_labels(ax, ax.barh(labels, values, color=colours))
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(4))
    plots.engineering(ax.xaxis)
    low, high = min(0.0, *values), max(0.0, *values)
    span = high - low or 1.0
    ax.set_xlim(low - 0.6 * span * (low < 0), high + 0.3 * span)  # room for a negative bar's label


def _cooperative_alt(result: CooperativeResult, facts: CooperativeFacts) -> str:
    loss = " The cooperative makes a loss: costs and wages exceed revenue." if result.is_loss else ""
    total = result.total_per_family
    ratio = (f"about {facts.leader_family_income / total:,.0f} times the average member family's"
             if total > 0 else "not comparable with the member families', who earn nothing or lose money")
    return (f"Bar charts of the cooperative model with {result.families} families and {result.greenhouses} "
            f"greenhouses. Per family: wages {result.labour_per_family:,.0f} yuan, dividends "
            f"{result.dividend_per_family:,.0f} yuan, total {total:,.0f} yuan, against the article's labour income "
            f"of about {facts.labour_income:,.0f} yuan and {result.corn_per_family:,.0f} yuan from corn on the same "
            f"land.{loss} Hao Runmei's own family's {facts.leader_family_income:,.0f} yuan is {ratio}. Per hectare: "
            f"{result.income_per_ha:,.0f} yuan in the model, more than {facts.seedling_income_per_ha:,.0f} yuan for "
            f"Shi's seedlings, {facts.corn_income_per_ha:,.0f} yuan for corn.")


def cooperative_chart(result: CooperativeResult, facts: CooperativeFacts) -> Chart:
    """Three panels (yuan a year): income per member family (model, article, corn) on the left; the outlier
    family and income per hectare on the right (side by side, so that the figure fits a laptop screen)."""
    c = plots.palette()
    fig, axes = plt.subplot_mosaic([["family", "outlier"], ["family", "ha"]], figsize=(12.5, 4.4),
                                   gridspec_kw={"height_ratios": [2, 3]})
    per_family, outlier, per_ha = axes["family"], axes["outlier"], axes["ha"]
    _barh(per_family,
          ["wages (model)", "dividends (model)", "wages + dividends (model)", "article: labour income, 'about'",
           "corn on the same land (derived)"],
          [result.labour_per_family, result.dividend_per_family, result.total_per_family, facts.labour_income,
           result.corn_per_family],
          [c[0], c[1], c[2], c[3], c[4]])
    loss = "  (a loss: costs and wages exceed revenue)" if result.is_loss else ""
    per_family.set_title(f"Per member family: {result.families} families, {result.greenhouses} greenhouses{loss}",
                         fontsize=10)
    per_family.set_xlabel("yuan a year per family")
    _barh(outlier, ["average member family (model)", "Hao Runmei's own family (article)"],
          [result.total_per_family, facts.leader_family_income], [c[2], c[5]])
    outlier.set_title("One family's story: the outlier on the same scale", fontsize=10)
    outlier.set_xlabel("yuan a year per family")
    _barh(per_ha, ["fungi: wages + dividends (model)", "Shi's seedlings (article, 'more than')",
                   "corn (derived: ÷ 'five times')"],
          [result.income_per_ha, facts.seedling_income_per_ha, facts.corn_income_per_ha], [c[2], c[7], c[4]])
    per_ha.set_title(f"Per hectare of land ({result.land_ha:.2f} ha of greenhouses in the model)", fontsize=10)
    per_ha.set_xlabel("yuan a year per hectare")
    return Chart(fig, _cooperative_alt(result, facts), sources.line("cooperatives", note=ASSUMED))
