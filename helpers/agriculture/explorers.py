"""Agriculture explorers (notebook 03): the orchard upgrade and five years of spending, thin wiring of sliders to
:mod:`~helpers.agriculture.scenarios` and :mod:`~helpers.agriculture.charts`.
"""

from __future__ import annotations

from functools import partial

from helpers import article, data, places
from helpers.agriculture import charts, scenarios, tables
from helpers.explorer import Explorer, Slider, explorer

__all__ = [
    "five_year_spending_app", "orchard_explorer", "orchard_sliders", "orchard_upgrade_app", "spending_explorer",
    "spending_sliders",
]


def orchard_sliders(inputs: dict[str, float]) -> list[Slider]:
    """Output gain and price premium (0-50 %) and upgraded share (0.5-100 %), defaults from the article."""
    return [
        Slider("output_gain_pct", "output gain", 0, 50, 1, inputs["output_gain_pct"], "%"),
        Slider("price_premium_pct", "price premium", 0, 50, 1, inputs["price_premium_pct"], "%"),
        Slider("upgraded_share_pct", "share of orchards upgraded", 0.5, 100, 0.5, inputs["upgraded_share_pct"],
               "% of area"),
    ]


def orchard_explorer(inputs: dict[str, float], yardstick_yuan_per_ha: float) -> Explorer:
    """Explorer: gains and reach of the orchard upgrade (``inputs`` from :func:`tables.orchard_inputs`), and the
    investment per hectare it implies against ``yardstick_yuan_per_ha``."""
    scenario = partial(scenarios.orchard_upgrade, orchard_area_ha=inputs["orchard_area_ha"],
                       investment_yuan=inputs["investment_yuan"])
    return explorer(scenario, partial(charts.orchard_upgrade_chart, yardstick_yuan_per_ha=yardstick_yuan_per_ha),
                    orchard_sliders(inputs), title="What is an orchard upgrade worth?")


def orchard_upgrade_app() -> Explorer:
    """The orchard-upgrade explorer with the article's defaults, built from the datasets."""
    yardstick = article.value(data.load("article_claims"), tables.YARDSTICK_CLAIM)
    return orchard_explorer(tables.orchard_inputs(data.load("yuncheng_figures")), yardstick)


def spending_sliders(inputs: dict[str, float]) -> list[Slider]:
    """Total (5-100 billion yuan) and growth (-10 to 30 % a year), defaults from the article."""
    return [
        Slider("total_billion_yuan", "five-year total", 5, 100, 0.1, inputs["total_billion_yuan"], "billion yuan"),
        Slider("growth_pct", "average growth", -10, 30, 0.1, inputs["growth_pct"], "% a year"),
    ]


def spending_explorer(inputs: dict[str, float], place: str) -> Explorer:
    """Explorer: a five-year total and a growth rate → the amount in each year (``place`` names the city)."""
    scenario = partial(scenarios.spending_path, first_year=inputs["first_year"], years=inputs["years"])
    return explorer(scenario, partial(charts.spending_chart, place=place), spending_sliders(inputs),
                    title="Five years of spending: what does each year get?")


def five_year_spending_app() -> Explorer:
    """The five-year spending explorer with the article's defaults, built from the datasets."""
    place = places.place_label(data.load("places"), "Yuncheng")
    return spending_explorer(tables.spending_inputs(data.load("yuncheng_figures")), place)
