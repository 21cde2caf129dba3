"""Agricultural modernisation in Yuncheng (运城): compounding gains, the apple upgrade's reach, five years of
livelihood spending, and China's apple and wheat output against the world.

Tables used: ``data.load("yuncheng_figures")`` (the article's Yuncheng figures, looked up by claim id; money
in yuan, areas in hectares, gains in percent), ``data.load("article_claims")`` (one yardstick from another
section), ``data.load("places")`` (汉字 and pinyin) and ``data.load("crop_production")`` (FAOSTAT production
in tonnes, via Our World in Data). Names ending in ``_pct`` are percents (20 means 20 %); shares are fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers import article, data, growth, plots, widgets
from helpers.places import place_label

__all__ = [
    "APPS", "BILLION", "HIGHLIGHT", "PRODUCERS", "SOURCE_ARTICLE", "SOURCE_FAO", "YARDSTICK_CLAIM",
    "OrchardUpgrade", "SpendingPath", "crop_table", "describe_index", "describe_orchard_upgrade",
    "describe_producers", "describe_revenue_rectangle", "describe_share", "describe_spending",
    "draw_index", "draw_orchard_upgrade", "draw_producers", "draw_revenue_rectangle", "draw_share",
    "draw_spending", "entity_gap", "figure_range", "figures_for_display", "five_year_spending_app",
    "growth_table", "index_since", "midpoint", "orchard_explorer", "orchard_inputs", "orchard_sliders",
    "orchard_upgrade", "orchard_upgrade_app", "place_label", "places_within", "producer_shares",
    "share_of_world", "show_orchard_upgrade", "show_spending", "spending_explorer",
    "spending_inputs", "spending_path", "spending_sliders", "upgraded_share", "yearly_amounts",
]

SOURCE_ARTICLE = "China Daily supplement on Shanxi, July 2021 (course dataset yuncheng_figures, from article_claims)"
SOURCE_FAO = "FAO (FAOSTAT) production, via Our World in Data (course dataset crop_production)"
BILLION = 1e9  # the article writes large sums in billions of yuan
HIGHLIGHT = (2016, 2021)  # the 13th Five-Year Plan (2016-20) and the article's year
PRODUCERS = ("China", "United States", "India", "Poland", "Turkey", "Russia")  # countries in crop_production
YARDSTICK_CLAIM = "C033"  # article_claims: income per hectare of a vegetable-seedling cooperative in Xinzhou


def _colours() -> list[str]:
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


# The article's figures -------------------------------------------------------------------------------------

def figure_range(figures: pd.DataFrame, claim_id: str) -> tuple[float, float]:
    """Low and high end of claim ``claim_id`` (both the value itself when the claim is not a range)."""
    row = figures.loc[figures["claim_id"] == claim_id]
    if len(row) != 1:
        raise KeyError(f"no single figure {claim_id!r} in the table")
    low, high = row["value"].iloc[0], row["value_high"].iloc[0]
    return float(low), float(low if pd.isna(high) else high)


def midpoint(low: float, high: float) -> float:
    """The middle of a range, in the range's unit."""
    return (low + high) / 2


def _written(value: float) -> str:
    return "" if pd.isna(value) else f"{value:,.15g}"


def figures_for_display(figures: pd.DataFrame) -> pd.DataFrame:
    """The article's figures as text for reading: values with thousands separators, empty where no range end."""
    shown = figures[["claim_id", "subject", "indicator", "value", "value_high", "unit", "qualifier", "speaker"]]
    return shown.assign(value=shown["value"].map(_written), value_high=shown["value_high"].map(_written))


def places_within(places: pd.DataFrame, name_en: str) -> pd.DataFrame:
    """The place ``name_en`` and every place under it (county, village, ...), with 汉字, pinyin and level."""
    wanted, frontier = {name_en}, {name_en}
    while frontier:
        frontier = set(places.loc[places["parent_en"].isin(frontier), "name_en"]) - wanted
        wanted |= frontier
    rows = places.loc[places["name_en"].isin(wanted), ["name_en", "name_zh", "pinyin", "level", "parent_en"]]
    return rows.reset_index(drop=True)


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


def orchard_inputs(figures: pd.DataFrame) -> dict[str, float]:
    """Default scenario from the article: Jing Liyi's gains (the midpoint of his 20-30 % price range), the
    upgraded share of Yuncheng's orchards (upgraded ha ÷ orchard ha, in percent), area (ha) and investment (yuan)."""
    area = article.value(figures, "C052")
    return {
        "output_gain_pct": article.value(figures, "C058"),
        "price_premium_pct": midpoint(*figure_range(figures, "C059")),
        "upgraded_share_pct": 100 * upgraded_share(article.value(figures, "C055"), area),
        "orchard_area_ha": area,
        "investment_yuan": article.value(figures, "C053"),
    }


def draw_revenue_rectangle(output_gain_pct: float, price_premium_pct: float) -> Figure:
    """Revenue as a rectangle, output (width) × price (height): before (1 × 1) and after, with the three gains."""
    o, p = output_gain_pct / 100, price_premium_pct / 100
    colours = _colours()
    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    parts = [  # corner, width, height, colour, label, label rotation
        ((0, 0), 1, 1, "0.85", "revenue before\n(1 × 1)", 0),
        ((1, 0), o, 1, colours[0], f"more output  +{output_gain_pct:g} %", 90),
        ((0, 1), 1, p, colours[1], f"higher price  +{price_premium_pct:g} %", 0),
        ((1, 1), o, p, colours[2], f"both\n+{o * p * 100:.3g} %", 0),
    ]
    for (x, y), width, height, colour, label, rotation in parts:
        ax.add_patch(plt.Rectangle((x, y), width, height, facecolor=colour, edgecolor="white", linewidth=2))
        if width * height > 0:
            ax.text(x + width / 2, y + height / 2, label, ha="center", va="center", fontsize=9, rotation=rotation)
    ax.set_xlim(0, 1.6)
    ax.set_ylim(0, 1.6)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("output (before = 1)")
    ax.set_ylabel("price (before = 1)")
    multiplier = growth.combined_change(output_gain_pct, price_premium_pct)
    ax.set_title(f"Revenue = output × price: ×{multiplier:.4g}, i.e. +{100 * (multiplier - 1):.4g} %, "
                 f"not +{output_gain_pct + price_premium_pct:g} %", fontsize=10)
    return fig


def describe_revenue_rectangle(output_gain_pct: float, price_premium_pct: float) -> str:
    """Alt text for :func:`draw_revenue_rectangle`."""
    multiplier = growth.combined_change(output_gain_pct, price_premium_pct)
    return (f"A unit square (revenue before) extended by {output_gain_pct:g} % in width (output) and "
            f"{price_premium_pct:g} % in height (price). The new area is {multiplier:.4g} times the old: the "
            f"two strips add {output_gain_pct + price_premium_pct:g} % and the corner where both gains meet adds "
            f"another {output_gain_pct * price_premium_pct / 100:g} %.")


def draw_orchard_upgrade(result: OrchardUpgrade, yardstick_yuan_per_ha: float) -> Figure:
    """Left: revenue gains (added, compounded per upgraded ha, whole city). Right: investment per hectare
    (log scale, thousand yuan per ha) against the article's vegetable-seedling income per hectare."""
    colours = _colours()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4), gridspec_kw={"width_ratios": [1.1, 1]})
    gains = {
        "gains added (a mistake)": result.added_pct,
        f"compounded, per upgraded ha (×{result.multiplier:.3g})": result.gain_pct,
        f"all orchards ({100 * result.upgraded_share:.3g} % upgraded)": result.city_gain_pct,
    }
    left.barh(list(gains), list(gains.values()), color=[colours[7], colours[0], colours[2]])
    for y, value in enumerate(gains.values()):
        left.text(value, y, f" {value:.3g} %", va="center", fontsize=9)
    left.invert_yaxis()
    left.set_xlim(0, max(gains.values()) * 1.3 + 1)
    left.set_xlabel("revenue gain (% of revenue before)")
    left.set_title("What the upgrade adds to revenue", fontsize=11)
    per_ha = {"per upgraded ha": result.investment_per_upgraded_ha,
              "per ha of all orchards": result.investment_per_orchard_ha}
    right.barh(list(per_ha), [v / 1000 for v in per_ha.values()], color=[colours[0], colours[1]])
    for y, value in enumerate(per_ha.values()):
        right.text(12, y, f"{value / 1000:,.0f}", va="center", fontsize=9, color="white")
    right.axvline(yardstick_yuan_per_ha / 1000, color="0.3", linestyle="--", linewidth=1)
    right.text(yardstick_yuan_per_ha / 1000, -0.55, f" seedling income per ha, Xinzhou: "
               f"{yardstick_yuan_per_ha / 1000:,.0f}", fontsize=8, color="0.3", va="top")
    right.set_xscale("log")
    right.set_xlim(10, 1e5)
    right.set_ylim(1.5, -0.75)
    right.set_xlabel("investment, thousand yuan per hectare (log scale)")
    right.set_title(f"{result.investment_yuan / BILLION:g} billion yuan spread over hectares", fontsize=11)
    fig.tight_layout()
    return fig


def describe_orchard_upgrade(result: OrchardUpgrade, yardstick_yuan_per_ha: float) -> str:
    """Alt text for :func:`draw_orchard_upgrade`, with the scenario's numbers."""
    r = result
    return (
        f"Two bar charts. Left: with output +{r.output_gain_pct:g} % and price +{r.price_premium_pct:g} %, "
        f"adding the gains gives {r.added_pct:.3g} %, compounding gives {r.gain_pct:.3g} % per upgraded hectare "
        f"(revenue × {r.multiplier:.3g}), "
        f"and with {100 * r.upgraded_share:.3g} % of the orchards upgraded the city's orchards as a whole gain "
        f"{r.city_gain_pct:.3g} %. Right (log scale): {r.investment_yuan / BILLION:g} billion yuan is "
        f"{r.investment_per_upgraded_ha / 1000:,.0f} thousand yuan per upgraded hectare and "
        f"{r.investment_per_orchard_ha / 1000:,.0f} thousand yuan per hectare of all orchards; a dashed line marks "
        f"the {yardstick_yuan_per_ha / 1000:,.0f} thousand yuan per hectare a vegetable-seedling cooperative in "
        "Xinzhou earns."
    )


def show_orchard_upgrade(result: OrchardUpgrade, yardstick_yuan_per_ha: float) -> None:
    """Display the orchard-upgrade figure with its alt text and source line."""
    plots.show(draw_orchard_upgrade(result, yardstick_yuan_per_ha),
               alt=describe_orchard_upgrade(result, yardstick_yuan_per_ha),
               source=f"{SOURCE_ARTICLE}; seedling income: article_claims {YARDSTICK_CLAIM}")


def orchard_sliders(inputs: dict[str, float]) -> list[widgets.Slider]:
    """Output gain and price premium (0-50 %) and upgraded share (0.5-100 %), defaults from the article."""
    return [
        widgets.Slider("output_gain_pct", "output gain", 0, 50, 1, inputs["output_gain_pct"], "%"),
        widgets.Slider("price_premium_pct", "price premium", 0, 50, 1, inputs["price_premium_pct"], "%"),
        widgets.Slider("upgraded_share_pct", "share of orchards upgraded", 0.5, 100, 0.5,
                       inputs["upgraded_share_pct"], "% of area"),
    ]


def orchard_explorer(inputs: dict[str, float], yardstick_yuan_per_ha: float) -> widgets.Explorer:
    """Explorer: gains and reach of the orchard upgrade, and the investment per hectare it implies."""
    scenario = partial(orchard_upgrade, orchard_area_ha=inputs["orchard_area_ha"],
                       investment_yuan=inputs["investment_yuan"])
    return widgets.explorer(scenario, partial(show_orchard_upgrade, yardstick_yuan_per_ha=yardstick_yuan_per_ha),
                            orchard_sliders(inputs), title="What is an orchard upgrade worth?")


def orchard_upgrade_app() -> widgets.Explorer:
    """The orchard-upgrade explorer with the article's defaults, built from the datasets (course figure style)."""
    plots.setup()
    yardstick = article.value(data.load("article_claims"), YARDSTICK_CLAIM)
    return orchard_explorer(orchard_inputs(data.load("yuncheng_figures")), yardstick)


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


def spending_inputs(figures: pd.DataFrame) -> dict[str, float]:
    """Defaults from the article: Yuncheng's livelihood total (billion yuan), its average growth (% a year),
    and the period's first year and number of years."""
    row = figures.loc[figures["claim_id"] == "C062"].iloc[0]
    return {
        "total_billion_yuan": article.value(figures, "C062") / BILLION,
        "growth_pct": article.value(figures, "C063"),
        "first_year": int(row["period_start"]),
        "years": int(row["period_end"]) - int(row["period_start"]) + 1,
    }


def draw_spending(path: SpendingPath, place: str) -> Figure:
    """Bars of each year's amount (billion yuan) with the even split (total ÷ years) as a dashed line;
    ``place`` names the city in the title."""
    table = path.table
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.bar(table["year"], table["amount"], color=_colours()[0])
    for year, amount in zip(table["year"], table["amount"], strict=True):
        ax.text(year, amount, f"{amount:.2f}", ha="center", va="bottom", fontsize=9)
    even = path.total_billion_yuan / len(table)
    ax.axhline(even, color="0.3", linestyle="--", linewidth=1)
    ax.text(table["year"].iloc[0] - 0.45, even, f"even split {even:.2f}", va="bottom", fontsize=8, color="0.3")
    ax.set_ylim(0, table["amount"].max() * 1.18)
    ax.set_ylabel("billion yuan")
    ax.set_title(f"{place}: {path.total_billion_yuan:g} billion yuan over {len(table)} years, "
                 f"growing {path.growth_pct:g} % a year", fontsize=11)
    return fig


def describe_spending(path: SpendingPath) -> str:
    """Alt text for :func:`draw_spending`."""
    table = path.table
    first, last = table.iloc[0], table.iloc[-1]
    return (f"Bar chart of yearly amounts {int(first['year'])}-{int(last['year'])} that sum to "
            f"{path.total_billion_yuan:g} billion yuan and grow {path.growth_pct:g} % a year: from "
            f"{first['amount']:.2f} billion yuan in {int(first['year'])} to {last['amount']:.2f} billion yuan in "
            f"{int(last['year'])}; a dashed line marks the even split of {path.total_billion_yuan / len(table):.2f} "
            "billion yuan a year.")


def show_spending(path: SpendingPath, place: str) -> None:
    """Display the spending figure with its alt text and source line."""
    plots.show(draw_spending(path, place), alt=describe_spending(path),
               source=f"{SOURCE_ARTICLE}; yearly amounts derived under a constant-growth reading")


def spending_sliders(inputs: dict[str, float]) -> list[widgets.Slider]:
    """Total (5-100 billion yuan) and growth (-10 to 30 % a year), defaults from the article."""
    return [
        widgets.Slider("total_billion_yuan", "five-year total", 5, 100, 0.1, inputs["total_billion_yuan"],
                       "billion yuan"),
        widgets.Slider("growth_pct", "average growth", -10, 30, 0.1, inputs["growth_pct"], "% a year"),
    ]


def spending_explorer(inputs: dict[str, float], place: str) -> widgets.Explorer:
    """Explorer: a five-year total and a growth rate → the amount in each year (``place`` names the city)."""
    scenario = partial(spending_path, first_year=inputs["first_year"], years=inputs["years"])
    return widgets.explorer(scenario, partial(show_spending, place=place), spending_sliders(inputs),
                            title="Five years of spending: what does each year get?")


def five_year_spending_app() -> widgets.Explorer:
    """The five-year spending explorer with the article's defaults, built from the datasets (course figure style)."""
    plots.setup()
    place = place_label(data.load("places"), "Yuncheng")
    return spending_explorer(spending_inputs(data.load("yuncheng_figures")), place)


# National and world output (FAOSTAT) -----------------------------------------------------------------------

def crop_table(production: pd.DataFrame, crop: str) -> pd.DataFrame:
    """Production of ``crop`` in tonnes: one row per year, one column per entity."""
    rows = production.loc[production["crop"] == crop]
    if rows.empty:
        raise KeyError(f"no crop {crop!r}; crops: {', '.join(production['crop'].unique())}")
    table = rows.pivot_table(index="year", columns="entity", values="production_tonnes", aggfunc="first")
    table.index = table.index.astype(int)
    table.columns = table.columns.astype(str)
    return table


def share_of_world(production: pd.DataFrame, crop: str, entity: str = "China") -> pd.Series:
    """``entity``'s production of ``crop`` ÷ world production, a fraction (0-1) by year."""
    table = crop_table(production, crop)
    return (table[entity] / table["World"]).rename(f"{entity} share of world {crop.lower()}")


def index_since(production: pd.DataFrame, crop: str, entities: tuple[str, ...], base_year: int) -> pd.DataFrame:
    """Production of ``crop`` as an index, ``base_year`` = 100, from ``base_year`` on; one column per entity."""
    table = crop_table(production, crop).loc[base_year:, list(entities)]
    return 100 * table / table.loc[base_year]


def growth_table(production: pd.DataFrame, start: int, end: int, entities: tuple[str, ...]) -> pd.DataFrame:
    """Average growth (compound, % a year) from ``start`` to ``end``: one row per crop, one column per entity."""
    rows = {}
    for crop in production["crop"].unique():
        table = crop_table(production, str(crop))
        rows[str(crop)] = {e: 100 * growth.cagr(table.loc[start, e], table.loc[end, e], end - start)
                           for e in entities}
    return pd.DataFrame(rows).T.rename_axis("crop")


def entity_gap(production: pd.DataFrame, crop: str, year: int, larger: str = "China (FAO)",
               smaller: str = "China") -> tuple[float, float]:
    """How much larger ``larger`` is than ``smaller`` for ``crop`` in ``year``: tonnes and percent."""
    row = crop_table(production, crop).loc[year]
    tonnes = float(row[larger] - row[smaller])
    return tonnes, 100 * tonnes / float(row[smaller])


def producer_shares(production: pd.DataFrame, crop: str, year: int) -> pd.Series:
    """Each producer's share of world output of ``crop`` in ``year`` (fractions, largest first), plus the rest
    of the world."""
    row = crop_table(production, crop).loc[year]
    shares = (row[list(PRODUCERS)] / row["World"]).sort_values(ascending=False)
    rest = pd.Series({"rest of the world": 1 - shares.sum()})
    return pd.concat([shares, rest]).rename(f"share of world {crop.lower()}, {year}")


def _shade(ax: plt.Axes) -> None:
    ax.axvspan(HIGHLIGHT[0], HIGHLIGHT[1], color=_colours()[7], alpha=0.25, linewidth=0)


def draw_share(production: pd.DataFrame, place: str, crops: tuple[str, ...] = ("Apples", "Wheat")) -> Figure:
    """China's share of world production of each crop (percent), with the 2016-2021 window shaded;
    ``place`` names China in the title."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for crop, colour in zip(crops, _colours(), strict=False):
        share = share_of_world(production, crop)
        ax.plot(share.index, 100 * share, color=colour, label=crop.lower())
    _shade(ax)
    ax.text(midpoint(*HIGHLIGHT), 2, f"{HIGHLIGHT[0]}-{HIGHLIGHT[1]}", ha="center", fontsize=8)
    ax.set_ylim(0, None)
    ax.set_ylabel("China's share of world output (%)")
    ax.set_title(f"{place}: share of the world's {' and '.join(c.lower() for c in crops)}", fontsize=11)
    ax.legend(frameon=False)
    return fig


def describe_share(production: pd.DataFrame, crops: tuple[str, ...] = ("Apples", "Wheat")) -> str:
    """Alt text for :func:`draw_share`: first, last and highlighted-window values per crop."""
    parts = []
    for crop in crops:
        share = 100 * share_of_world(production, crop)
        first, last = share.index.min(), share.index.max()
        parts.append(f"{crop.lower()} from {share[first]:.1f} % in {first} to {share[HIGHLIGHT[0]]:.1f} % in "
                     f"{HIGHLIGHT[0]}, {share[HIGHLIGHT[1]]:.1f} % in {HIGHLIGHT[1]} and {share[last]:.1f} % in {last}")
    return (f"Line chart of China's share of world production, {'; '.join(parts)}. "
            f"The years {HIGHLIGHT[0]}-{HIGHLIGHT[1]} are shaded.")


def draw_index(production: pd.DataFrame, base_year: int, crops: tuple[str, ...] = ("Apples", "Wheat")) -> Figure:
    """Production index (``base_year`` = 100) for China (solid) and the world (dashed), one colour per crop."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for crop, colour in zip(crops, _colours(), strict=False):
        index = index_since(production, crop, ("China", "World"), base_year)
        ax.plot(index.index, index["China"], color=colour, label=f"{crop.lower()}, China")
        ax.plot(index.index, index["World"], color=colour, linestyle="--", label=f"{crop.lower()}, world")
    _shade(ax)
    ax.axhline(100, color="0.3", linewidth=0.8)
    ax.set_ylabel(f"production ({base_year} = 100)")
    ax.set_title(f"Growth since {base_year}: China against the world", fontsize=11)
    ax.legend(frameon=False, ncols=2, fontsize=9)
    return fig


def describe_index(production: pd.DataFrame, base_year: int, crops: tuple[str, ...] = ("Apples", "Wheat")) -> str:
    """Alt text for :func:`draw_index`: each line's last value."""
    parts = []
    for crop in crops:
        index = index_since(production, crop, ("China", "World"), base_year)
        last = index.index.max()
        parts.append(f"{crop.lower()} {index.loc[last, 'China']:.0f} in China and "
                     f"{index.loc[last, 'World']:.0f} in the world by {last}")
    return (f"Line chart of production indexed to {base_year} = 100, China solid and world dashed: "
            f"{'; '.join(parts)}. The years {HIGHLIGHT[0]}-{HIGHLIGHT[1]} are shaded.")


def draw_producers(production: pd.DataFrame, crop: str, year: int) -> Figure:
    """Horizontal bars: each producer's share of world output of ``crop`` in ``year`` (percent)."""
    shares = 100 * producer_shares(production, crop, year)
    colours = _colours()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bar_colours = [colours[0] if name == "China" else colours[7] for name in shares.index]
    ax.barh(shares.index, shares.to_numpy(), color=bar_colours)
    for y, value in enumerate(shares.to_numpy()):
        ax.text(value, y, f" {value:.1f} %", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, shares.max() * 1.2)
    ax.set_xlabel(f"share of world {crop.lower()} output, {year} (%)")
    ax.set_title(f"Who grows the world's {crop.lower()}? ({year})", fontsize=11)
    return fig


def describe_producers(production: pd.DataFrame, crop: str, year: int) -> str:
    """Alt text for :func:`draw_producers`."""
    shares = 100 * producer_shares(production, crop, year)
    listed = ", ".join(f"{name} {value:.1f} %" for name, value in shares.items())
    return f"Horizontal bar chart of shares of world {crop.lower()} production in {year}: {listed}."


APPS = {"orchard-upgrade": orchard_upgrade_app, "five-year-spending": five_year_spending_app}
