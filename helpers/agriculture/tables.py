"""Agriculture tables (notebook 03): the article's Yuncheng figures, places, and FAOSTAT crop production.

Tables used: ``data.load("yuncheng_figures")`` (the article's Yuncheng figures, looked up by claim id; money in
yuan, areas in hectares, gains in percent), ``data.load("places")`` (汉字 and pinyin) and
``data.load("crop_production")`` (FAOSTAT production in tonnes, via Our World in Data). Names ending in ``_pct``
are percents (20 means 20 %); shares are fractions. No display code here.
"""

from __future__ import annotations

import pandas as pd

from helpers import article, growth
from helpers.agriculture.scenarios import upgraded_share

__all__ = [
    "BILLION", "PLAN_CLAIM", "PRODUCERS", "YARDSTICK_CLAIM", "crop_table", "entity_gap", "figures_for_display",
    "growth_table", "highlight_years", "index_since", "midpoint", "orchard_inputs", "places_within",
    "producer_shares", "share_of_world", "spending_inputs",
]

BILLION = 1e9  # the article writes large sums in billions of yuan
PRODUCERS = ("China", "United States", "India", "Poland", "Turkey", "Russia")  # countries in crop_production
YARDSTICK_CLAIM = "C033"  # article_claims: income per hectare of a vegetable-seedling cooperative in Xinzhou
PLAN_CLAIM = "C062"  # yuncheng_figures: livelihood spending over the 13th Five-Year Plan (2016-2020)


# The article's figures -------------------------------------------------------------------------------------

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


def highlight_years(figures: pd.DataFrame) -> tuple[int, int]:
    """The years the FAOSTAT figures shade: the 13th Five-Year Plan (claim C062) and the article's year after it."""
    first, last = article.period(figures, PLAN_CLAIM)
    return first, last + 1


def orchard_inputs(figures: pd.DataFrame) -> dict[str, float]:
    """Default scenario from the article: Jing Liyi's gains (the midpoint of his 20-30 % price range), the
    upgraded share of Yuncheng's orchards (upgraded ha ÷ orchard ha, in percent), area (ha) and investment (yuan)."""
    area = article.value(figures, "C052")
    return {
        "output_gain_pct": article.value(figures, "C058"),
        "price_premium_pct": midpoint(*article.value_range(figures, "C059")),
        "upgraded_share_pct": 100 * upgraded_share(article.value(figures, "C055"), area),
        "orchard_area_ha": area,
        "investment_yuan": article.value(figures, "C053"),
    }


def spending_inputs(figures: pd.DataFrame) -> dict[str, float]:
    """Defaults from the article: Yuncheng's livelihood total (billion yuan), its average growth (% a year),
    and the period's first year and number of years."""
    first, last = article.period(figures, PLAN_CLAIM)
    return {
        "total_billion_yuan": article.value(figures, PLAN_CLAIM) / BILLION,
        "growth_pct": article.value(figures, "C063"),
        "first_year": first,
        "years": last - first + 1,
    }


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
