"""Poverty alleviation in Xinzhou (忻州 Xīnzhōu): the delisting timeline, poverty lines, a cooperative's arithmetic.

Works on the course datasets ``xinzhou_county_delisting`` and ``places`` (the timeline), ``poverty_headcount``
and ``china_population`` (World Bank WDI: headcount ratios in percent of population, population in persons),
and ``cooperatives`` (the article's figures on two cooperatives). Money is in yuan a year, land in hectares,
output in kilograms a year, shares are fractions (0.5 means 50 %), headcounts are percent of population.

Two explorers (see :data:`APPS`): ``which-line`` (choose a poverty line and a country or region: headcount
ratio and approximate number of people over time) and ``cooperative-arithmetic`` (a fungi cooperative's
income per member family, built from assumptions calibrated to the article's figures).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers import data, plots, widgets
from helpers.places import place_label

__all__ = [
    "APPS", "ARTICLE", "COOPERATIVE_ASSUMPTIONS", "CooperativeFacts", "CooperativeResult", "LineScenario",
    "SOURCE_COOPERATIVES", "SOURCE_TIMELINE", "SOURCE_WDI", "SOURCE_WDI_PEOPLE", "UNKNOWN", "calibrate_output",
    "cooperative_app", "cooperative_explorer", "cooperative_facts", "cooperative_income", "cooperative_sliders",
    "county_timeline", "delisted_per_year", "describe_cooperative", "describe_entities", "describe_line_scenario",
    "describe_lines_in_year", "describe_mean_vs_median", "describe_timeline", "dollars_per_day",
    "draw_cooperative", "draw_entities", "draw_line_scenario", "draw_lines_in_year", "draw_mean_vs_median",
    "draw_timeline", "entities", "headcount_table", "line_scenario", "people_below_line", "place_label",
    "plan_period", "poverty_lines", "show_cooperative", "show_entities", "show_line_scenario",
    "show_lines_in_year", "show_mean_vs_median", "show_timeline", "which_line_app", "which_line_choices",
    "which_line_explorer",
]

ARTICLE = "China Daily supplement on Shanxi, July 2021"
SOURCE_TIMELINE = (f"{ARTICLE} (course datasets xinzhou_county_delisting, article_claims); "
                   "汉字 and pinyin: course dataset places")
SOURCE_WDI = ("World Bank, World Development Indicators: poverty headcount ratios SI.POV.DDAY, .LMIC, .UMIC, .NAHC "
              "(CC BY 4.0), via ONEcampaign/canva-workshop (course dataset poverty_headcount)")
SOURCE_WDI_PEOPLE = f"{SOURCE_WDI}; population: WDI SP.POP.TOTL (course dataset china_population)"
SOURCE_COOPERATIVES = (f"{ARTICLE} (course dataset cooperatives); "
                       "output, price, costs, labour share and land per greenhouse are assumptions")
UNKNOWN = "unknown"
NATIONAL_LINE = "national line"
FIRST_ENTITY = "China"  # the entity listed first in the choices: the one the article is about

# Assumed inputs of the cooperative explorer: not in the article, chosen (with the output per greenhouse then
# derived by :func:`calibrate_output`) so that the default scenario reproduces the article's labour income.
COOPERATIVE_ASSUMPTIONS = {
    "price": 10.0,  # yuan per kg of fresh fungi
    "cost": 50_000.0,  # yuan per greenhouse a year: substrate, spawn, energy, upkeep
    "labour_share": 0.5,  # fraction of revenue paid to member families as wages for work in the greenhouses
    "land_ha": 0.07,  # hectares of land per greenhouse: about one mu (亩, 1/15 hectare)
}
OUTPUT_STEP = 10.0  # kg: step of the output slider; the calibrated default is rounded to it


def _palette() -> list[str]:
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


# ---------------------------------------------------------------------------------------------- timeline


def county_timeline(delisting: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per poverty county of Xinzhou with its 汉字, pinyin and year delisted.

    Columns ``label``, ``named``, ``name_zh``, ``pinyin`` and ``year_delisted`` (year). Fields the data leaves
    empty (the counties the article does not name, a pinyin not verified) read :data:`UNKNOWN`; nothing is
    filled in from elsewhere.
    """
    glossary = places.set_index("name_en")[["name_zh", "pinyin"]]
    table = delisting[["label", "named", "county_en", "year_delisted"]].copy()
    for column in ("name_zh", "pinyin"):
        looked_up = [glossary.at[c, column] if pd.notna(c) and c in glossary.index else pd.NA
                     for c in table["county_en"]]
        table[column] = pd.Series(looked_up, index=table.index, dtype="string").fillna(UNKNOWN)
    return table[["label", "named", "name_zh", "pinyin", "year_delisted"]].reset_index(drop=True)


def delisted_per_year(timeline: pd.DataFrame) -> pd.DataFrame:
    """Counties delisted each year: ``named``, ``unnamed``, ``counties`` (all) and ``cumulative``, indexed by year."""
    counts = pd.crosstab(timeline["year_delisted"], timeline["named"].map({True: "named", False: "unnamed"}))
    counts = counts.reindex(columns=["named", "unnamed"], fill_value=0)
    counts["counties"] = counts.sum(axis=1)
    counts["cumulative"] = counts["counties"].cumsum()
    counts.columns.name = None
    return counts


def draw_timeline(timeline: pd.DataFrame, residents_last_group: float, final_year: int, city: str) -> Figure:
    """Timeline: one box per county in the column of the year it left the poverty list, unnamed ones dashed.

    ``residents_last_group`` (people) and ``final_year`` label the last column (the city's final step);
    ``city`` is the title's place label, e.g. from :func:`place_label`.
    """
    colours = _palette()
    years = sorted(timeline["year_delisted"].dropna().astype(int).unique())
    fig, ax = plt.subplots(figsize=(9, 4.4))
    for year in years:
        rows = timeline[timeline["year_delisted"] == year].reset_index(drop=True)
        for j, row in rows.iterrows():
            if row["named"]:
                text, style = f"{row['label']}  {row['name_zh']}  {row['pinyin']}", {"fc": colours[0], "alpha": 0.25}
            else:
                text, style = "not named in the article", {"fc": "white", "ls": "--", "ec": "0.4"}
            ax.text(year, j, text, ha="center", va="center", fontsize=9,
                    bbox={"boxstyle": "round,pad=0.35", **style})
        ax.text(year, 5.8, f"{len(rows)} counties", ha="center", va="top", fontsize=10)
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
    fig.tight_layout()
    return fig


def describe_timeline(timeline: pd.DataFrame, residents_last_group: float, final_year: int) -> str:
    """Alt text for :func:`draw_timeline`."""
    parts = []
    for year, rows in timeline.groupby("year_delisted"):
        named = rows.loc[rows["named"], "label"].tolist()
        unnamed = int((~rows["named"]).sum())
        who = ", ".join(named) if named else ""
        if unnamed:
            who = f"{who}{' and ' if who else ''}{unnamed} counties the article does not name"
        parts.append(f"{int(year)}: {len(rows)} counties ({who})")
    return (f"Timeline of Xinzhou's {len(timeline)} poverty counties leaving the poverty list. "
            f"{'; '.join(parts)}. In {final_year} the last {residents_last_group:,.0f} residents were taken off "
            "the list.")


def show_timeline(timeline: pd.DataFrame, residents_last_group: float, final_year: int, city: str) -> None:
    """Display the timeline with alt text and source line."""
    plots.show(draw_timeline(timeline, residents_last_group, final_year, city),
               alt=describe_timeline(timeline, residents_last_group, final_year), source=SOURCE_TIMELINE)


# ---------------------------------------------------------------------------------------- poverty lines


def plan_period(claims: pd.DataFrame, claim_id: str = "C062") -> tuple[int, int]:
    """First and last year of the 13th Five-Year Plan, as the article writes it ('2016-20', claim C062)."""
    row = claims.set_index("claim_id").loc[claim_id]
    return int(row["period_start"]), int(row["period_end"])


def poverty_lines(headcount: pd.DataFrame) -> list[str]:
    """The poverty-line labels in the data, dollar lines from lowest to highest, then the national line."""
    labels = headcount["poverty_line"].dropna().unique().tolist()
    return sorted(labels, key=lambda label: (label == NATIONAL_LINE, dollars_per_day(label) or 0.0))


def dollars_per_day(line: str) -> float | None:
    """The dollars a day of a line label such as ``"$3.00/day (2021 PPP)"``; ``None`` for the national line."""
    match = re.match(r"\$(\d+(?:\.\d+)?)/day", line)
    return float(match.group(1)) if match else None


def entities(headcount: pd.DataFrame) -> list[str]:
    """Countries and regions in the data, China first, then alphabetical."""
    names = headcount["entity_name"].dropna().unique().tolist()
    return sorted(names, key=lambda name: (name != FIRST_ENTITY, name))


def headcount_table(headcount: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Headcount ratios (percent of population) of one entity: one row per year, one column per line.

    Empty where the World Bank has no estimate for that year and line (a gap, not a zero).
    """
    rows = headcount[headcount["entity_name"] == entity]
    table = rows.pivot_table(index="year", columns="poverty_line", values="headcount_pct", aggfunc="first")
    table = table.reindex(columns=[line for line in poverty_lines(headcount) if line in table.columns])
    table.index = table.index.astype(int)
    table.columns.name = None
    return table


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


def _line_name(line: str) -> str:
    """``"$3.00/day (2021 PPP) line"`` or ``"national line"``: a line label to use in a sentence."""
    return line if line == NATIONAL_LINE else f"{line} line"


def _shade_plan(ax: Axes, plan: tuple[int, int]) -> None:
    ax.axvspan(plan[0] - 0.5, plan[1] + 0.5, color="0.85", zorder=0, label=f"{plan[0]}-{plan[1]}")


def draw_line_scenario(scenario: LineScenario) -> Figure:
    """Left: headcount ratio at the chosen line (bold, markers at each estimate) and the entity's other lines
    (thin). Right: approximate people below the chosen line (millions), or a note where there is no population."""
    colours = _palette()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    _shade_plan(left, scenario.plan)
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
    left.legend(fontsize=7, loc="upper right")
    _shade_plan(right, scenario.plan)
    if scenario.has_people:
        people = table.dropna(subset=["people"])
        right.bar(people["year"], people["people"] / 1e6, color=colours[0], width=0.8)
        right.set_ylabel("people below the line (millions)")
        note = " (ratio × total population)" if scenario.line == NATIONAL_LINE else ""
        right.set_title(f"About how many people?{note}", fontsize=10)
    else:
        right.text(0.5, 0.5, f"No population series for {scenario.entity}\nin the course data: ratios only",
                   ha="center", va="center", transform=right.transAxes)
        right.set_yticks([])
        right.set_title("About how many people?", fontsize=10)
    right.set_xlim(left.get_xlim())
    for ax in (left, right):
        ax.set_xlabel("year")
    fig.tight_layout()
    return fig


def _plan_phrase(scenario: LineScenario, column: str, fmt: Callable[[float], str]) -> str:
    rows = scenario.in_plan.dropna(subset=[column])
    if rows.empty:
        return f"no estimate falls within {scenario.plan[0]}-{scenario.plan[1]}"
    first, last = rows.iloc[0], rows.iloc[-1]
    return f"{fmt(first[column])} in {int(first['year'])} and {fmt(last[column])} in {int(last['year'])}"


def describe_line_scenario(scenario: LineScenario) -> str:
    """Alt text for :func:`draw_line_scenario`, with the values at the ends of the series and of the plan period."""
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


def show_line_scenario(scenario: LineScenario) -> None:
    """Display the line-scenario figure with alt text and source line."""
    source = SOURCE_WDI_PEOPLE if scenario.has_people else SOURCE_WDI
    plots.show(draw_line_scenario(scenario), alt=describe_line_scenario(scenario), source=source)


def draw_lines_in_year(table: pd.DataFrame, year: int, entity: str) -> Figure:
    """Bars: the headcount ratio of one year at each line (``table`` from :func:`headcount_table`)."""
    values = table.loc[year]
    fig, ax = plt.subplots(figsize=(7, 3))
    bars = ax.barh(values.index, values.to_numpy(), color=_palette()[0])
    ax.bar_label(bars, labels=[f"{v:.1f} %" for v in values], padding=3)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the population below the line (%)")
    ax.set_title(f"{entity}, {year}: one year, four poverty lines")
    fig.tight_layout()
    return fig


def describe_lines_in_year(table: pd.DataFrame, year: int, entity: str) -> str:
    """Alt text for :func:`draw_lines_in_year`."""
    parts = ", ".join(f"{line}: {value:.1f} %" for line, value in table.loc[year].items())
    return f"Horizontal bars of the share of {entity}'s population below each poverty line in {year}: {parts}."


def show_lines_in_year(table: pd.DataFrame, year: int, entity: str) -> None:
    """Display the one-year, all-lines bar chart with alt text and source line."""
    plots.show(draw_lines_in_year(table, year, entity), alt=describe_lines_in_year(table, year, entity),
               source=SOURCE_WDI)


def draw_entities(headcount: pd.DataFrame, line: str, plan: tuple[int, int]) -> Figure:
    """Headcount ratio at one line for every entity in the data, markers at each estimate."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
    _shade_plan(ax, plan)
    for name in entities(headcount):
        table = headcount_table(headcount, name)
        if line in table.columns:
            values = table[line].dropna()
            ax.plot(values.index, values.to_numpy(), marker="o", markersize=3, label=name)
    ax.set_ylim(0, 102)
    ax.set_xlabel("year")
    ax.set_ylabel("share below the line (%)")
    ax.set_title(f"Share of the population below the {_line_name(line)}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def describe_entities(headcount: pd.DataFrame, line: str, plan: tuple[int, int]) -> str:
    """Alt text for :func:`draw_entities`: each entity's first and last estimate."""
    parts = []
    for name in entities(headcount):
        table = headcount_table(headcount, name)
        values = table[line].dropna() if line in table.columns else pd.Series(dtype="float64")
        if not values.empty:
            parts.append(f"{name} {values.iloc[0]:.1f} % ({values.index[0]}) to {values.iloc[-1]:.1f} % "
                         f"({values.index[-1]}, {len(values)} estimates)")
    return (f"Line chart of the share of the population below the {_line_name(line)}, years {plan[0]}-{plan[1]} "
            "shaded: "
            f"{'; '.join(parts)}.")


def show_entities(headcount: pd.DataFrame, line: str, plan: tuple[int, int]) -> None:
    """Display the entity comparison with alt text and source line."""
    plots.show(draw_entities(headcount, line, plan), alt=describe_entities(headcount, line, plan), source=SOURCE_WDI)


def which_line_choices(headcount: pd.DataFrame) -> list[widgets.Choice]:
    """The explorer's two drop-downs: the poverty line (default: the lowest dollar line) and the entity."""
    lines, names = poverty_lines(headcount), entities(headcount)
    return [widgets.Choice("line", "poverty line", tuple(lines), lines[0]),
            widgets.Choice("entity", "country or region", tuple(names), names[0])]


def which_line_explorer(headcount: pd.DataFrame, population: pd.DataFrame, plan: tuple[int, int]) -> widgets.Explorer:
    """Explorer: choose a poverty line and an entity; see the headcount ratio and the people below it."""
    return widgets.explorer(
        lambda line, entity: line_scenario(headcount, population, plan, line, entity),
        show_line_scenario,
        which_line_choices(headcount),
        title="Which line? The share (and number) of people counted as poor",
    )


def which_line_app() -> widgets.Explorer:
    """The ``which-line`` explorer with its data loaded and defaults set."""
    return which_line_explorer(data.load("poverty_headcount"), data.load("china_population"),
                               plan_period(data.load("article_claims")))


# ------------------------------------------------------------------------------------------ cooperatives


@dataclass(frozen=True)
class CooperativeFacts:
    """The article's figures the cooperative explorer uses (from the ``cooperatives`` dataset).

    ``member_families`` (families) and ``greenhouses`` of Hao Runmei's fungi cooperative; ``labour_income``:
    about this many yuan per member family from greenhouse work in 2020, besides dividends;
    ``leader_family_income``: Hao's own family's net income in 2020 (yuan); ``seedling_income_per_ha``: Shi
    Zhenyu's seedling cooperative, "more than" this many yuan per hectare; ``ratio_vs_corn``: "five times" corn.
    """

    member_families: int
    greenhouses: int
    labour_income: float
    leader_family_income: float
    seedling_income_per_ha: float
    ratio_vs_corn: float

    @property
    def corn_income_per_ha(self) -> float:
        """Corn income per hectare implied by "N times the income from corn farming" (yuan per hectare)."""
        return self.seedling_income_per_ha / self.ratio_vs_corn


def cooperative_facts(cooperatives: pd.DataFrame) -> CooperativeFacts:
    """Read the figures of :class:`CooperativeFacts` from the ``cooperatives`` dataset."""

    def figure(leader: str, indicator: str, unit: str) -> float:
        rows = cooperatives[(cooperatives["leader"] == leader) & (cooperatives["indicator"] == indicator)
                            & (cooperatives["unit"] == unit)]
        if len(rows) != 1:
            raise KeyError(f"no single figure {indicator!r} ({unit}) for {leader!r}")
        return float(rows["value"].iloc[0])

    hao, shi = "Hao Runmei", "Shi Zhenyu"
    return CooperativeFacts(
        member_families=int(figure(hao, "member_families", "families")),
        greenhouses=int(figure(hao, "greenhouses", "greenhouses")),
        labour_income=figure(hao, "labor_income_per_member_family", "yuan"),
        leader_family_income=figure(hao, "leader_family_net_income", "yuan"),
        seedling_income_per_ha=figure(shi, "income_per_hectare", "yuan per hectare"),
        ratio_vs_corn=figure(shi, "income_ratio_vs_corn_farming", "times"),
    )


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


def cooperative_sliders(facts: CooperativeFacts) -> list[widgets.Slider]:
    """The explorer's sliders: families and greenhouses from the article, the rest assumptions.

    The output default is calibrated (:func:`calibrate_output`) so that the default scenario pays the
    article's labour income per family.
    """
    a = COOPERATIVE_ASSUMPTIONS
    output = round(calibrate_output(facts, a["price"], a["labour_share"]) / OUTPUT_STEP) * OUTPUT_STEP
    return [
        widgets.Slider("families", "member families", 1, 100, 1, facts.member_families, "families"),
        widgets.Slider("greenhouses", "greenhouses", 1, 30, 1, facts.greenhouses, "greenhouses"),
        widgets.Slider("output", "output per greenhouse", 0, 30_000, OUTPUT_STEP, output, "kg a year",
                       assumption=True),
        widgets.Slider("price", "price", 0, 30, 0.5, a["price"], "yuan per kg", assumption=True),
        widgets.Slider("cost", "other costs per greenhouse", 0, 200_000, 1_000, a["cost"], "yuan a year",
                       assumption=True),
        widgets.Slider("labour_share", "share of revenue paid as wages", 0, 1, 0.05, a["labour_share"],
                       "fraction", assumption=True),
        widgets.Slider("land_ha", "land per greenhouse", 0.01, 0.5, 0.01, a["land_ha"], "hectares",
                       assumption=True),
    ]


def _thousands(axis: Axis) -> None:
    axis.set_major_locator(MaxNLocator(5))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _barh(ax: Axes, labels: list[str], values: list[float], colours: list[str], fmt: str = "{:,.0f}") -> None:
    bars = ax.barh(labels, values, color=colours)
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], padding=3, fontsize=8)
    ax.axvline(0, color="0.2", linewidth=0.8)
    ax.invert_yaxis()
    _thousands(ax.xaxis)
    low, high = min(0.0, *values), max(0.0, *values)
    span = high - low or 1.0
    ax.set_xlim(low - 0.3 * span * (low < 0), high + 0.3 * span)


def draw_cooperative(result: CooperativeResult, facts: CooperativeFacts) -> Figure:
    """Three panels: income per member family (model, article, corn); the outlier family; income per hectare."""
    c = _palette()
    fig, (per_family, outlier, per_ha) = plt.subplots(3, 1, figsize=(8.5, 8.5),
                                                      gridspec_kw={"height_ratios": [5, 2, 3]})
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
    fig.tight_layout()
    return fig


def describe_cooperative(result: CooperativeResult, facts: CooperativeFacts) -> str:
    """Alt text for :func:`draw_cooperative`, with the numbers of each panel."""
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


def show_cooperative(result: CooperativeResult, facts: CooperativeFacts) -> None:
    """Display the cooperative figure with alt text and source line."""
    plots.show(draw_cooperative(result, facts), alt=describe_cooperative(result, facts), source=SOURCE_COOPERATIVES)


def cooperative_explorer(facts: CooperativeFacts) -> widgets.Explorer:
    """Explorer: a fungi cooperative's income per member family from its inputs."""
    return widgets.explorer(
        lambda **inputs: cooperative_income(**inputs, corn_income_per_ha=facts.corn_income_per_ha),
        lambda result: show_cooperative(result, facts),
        cooperative_sliders(facts),
        title="A cooperative's arithmetic: what does a member family earn?",
    )


def cooperative_app() -> widgets.Explorer:
    """The ``cooperative-arithmetic`` explorer with its data loaded and defaults set."""
    return cooperative_explorer(cooperative_facts(data.load("cooperatives")))


# ------------------------------------------------------------------------------- anecdote and statistic


def draw_mean_vs_median(incomes: pd.Series, title: str) -> Figure:
    """Dot strip of incomes (yuan, one per family, spread vertically so equal values stay visible) with their
    mean and median marked."""
    c = _palette()
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.plot(incomes.to_numpy(), np.linspace(0, 1, len(incomes)), "o", color=c[0], alpha=0.6, markersize=5)
    _thousands(ax.xaxis)
    ax.set_ylim(-0.1, 1.1)
    ax.axvline(incomes.median(), color=c[2], linewidth=2, label=f"median: {incomes.median():,.0f} yuan")
    ax.axvline(incomes.mean(), color=c[3], linewidth=2, linestyle="--", label=f"mean: {incomes.mean():,.0f} yuan")
    ax.set_yticks([])
    ax.set_xlabel("yuan a year per family")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="center right")
    fig.tight_layout()
    return fig


def describe_mean_vs_median(incomes: pd.Series) -> str:
    """Alt text for :func:`draw_mean_vs_median`."""
    return (f"Dot strip of {len(incomes)} family incomes from {incomes.min():,.0f} to {incomes.max():,.0f} yuan; "
            f"the median is {incomes.median():,.0f} yuan and the mean {incomes.mean():,.0f} yuan.")


def show_mean_vs_median(incomes: pd.Series, title: str, source: str) -> None:
    """Display the mean-versus-median strip with alt text and source line."""
    plots.show(draw_mean_vs_median(incomes, title), alt=describe_mean_vs_median(incomes), source=source)


APPS: dict[str, Callable[[], widgets.Explorer]] = {
    "which-line": which_line_app,
    "cooperative-arithmetic": cooperative_app,
}
