"""Energy explorers (notebook 01): the growth gap and the capacity cut, thin wiring of sliders to
:mod:`helpers.energy.scenarios` and :mod:`helpers.energy.charts`. Each ``*_app`` builds its explorer from the
datasets at the article's defaults (``python3 course.py app``); notebooks use ``explorer.default_view()``.
"""

from __future__ import annotations

from helpers import article, data, places
from helpers.energy import charts, scenarios, tables
from helpers.explorer import Explorer, Slider, explorer

__all__ = [
    "capacity_cut_app", "capacity_cut_explorer", "capacity_cut_sliders", "capacity_defaults", "growth_gap_app",
    "growth_gap_explorer", "growth_gap_sliders",
]


def growth_gap_sliders(emerging_pct: float, overall_pct: float) -> list[Slider]:
    """Sliders: the two growth rates (defaults from the article), the starting share (assumption), horizon."""
    return [
        Slider("emerging_pct", "emerging industries' growth", 0.0, 15.0, 0.1, emerging_pct, "% a year"),
        Slider("overall_pct", "all industry's growth", 0.0, 10.0, 0.1, overall_pct, "% a year"),
        Slider("start_share", "emerging industries' starting share", 0.01, 0.45, 0.01, 0.2, "fraction",
               assumption=True),
        Slider("horizon", "years ahead", 5, 80, 1, 50, "years"),
    ]


def growth_gap_explorer(emerging_pct: float, overall_pct: float, base_year: int) -> Explorer:
    """Explorer: how long until the emerging industries are half of industrial output?"""
    return explorer(
        lambda **values: scenarios.growth_gap(**values, base_year=base_year),
        charts.growth_gap_chart,
        growth_gap_sliders(emerging_pct, overall_pct),
        title="The growth gap: when would the emerging industries be half of industry?",
    )


def growth_gap_app() -> Explorer:
    """The growth-gap explorer with the article's rates."""
    return growth_gap_explorer(*scenarios.article_rates(data.load("article_claims")))


def capacity_cut_sliders(capacity_mt: float, t_co2_per_t: float) -> list[Slider]:
    """Sliders: capacity (default from the article), utilisation (assumption), CO2 factor (from the data)."""
    return [
        Slider("capacity_mt", "capacity phased out", 0, 320, 1, capacity_mt, "Mt a year"),
        Slider("utilisation", "share of that capacity producing", 0.0, 1.0, 0.05, 0.5, "fraction",
               assumption=True),
        Slider("t_co2_per_t", "CO2 per tonne of coal", 1.0, 3.0, 0.01, t_co2_per_t, "t CO2 per t"),
    ]


def capacity_cut_explorer(capacity_mt: float, t_co2_per_t: float, context: tables.CapacityContext) -> Explorer:
    """Explorer: what could the retired capacity have produced, and how does it compare with the data?"""
    return explorer(
        lambda **values: scenarios.capacity_cut(**values, context=context),
        charts.capacity_cut_chart,
        capacity_cut_sliders(capacity_mt, t_co2_per_t),
        title="What did the capacity cut mean? Capacity is not output",
    )


def capacity_defaults() -> tuple[float, float, tables.CapacityContext]:
    """The article's capacity (Mt a year), the derived CO2 factor (t per t, to 0.01) and the data context."""
    claims = data.load("article_claims")
    period = article.period(claims, "C004")
    coal = data.load("coal_production_tonnes")
    factors = tables.co2_per_tonne_coal(coal, data.load("china_co2"), range(period[0], period[1] + 1))
    before_to_end = (period[0] - 1, period[1])  # from the year before the plan to its last year
    place = places.place_label(data.load("places"), "Shanxi")
    context = tables.capacity_context(data.load("province_co2_totals"), coal, before_to_end, place=place)
    return article.value(claims, "C004"), tables.co2_factor(factors), context


def capacity_cut_app() -> Explorer:
    """The capacity-cut explorer with its defaults."""
    return capacity_cut_explorer(*capacity_defaults())
