"""Agricultural modernisation in Yuncheng (运城): compounding gains, the apple upgrade's reach, five years of
livelihood spending, and China's apple and wheat output against the world.

Layers, each a module: :mod:`~helpers.agriculture.tables`, :mod:`~.scenarios` (pure, returning dataclasses),
:mod:`~.charts` (one function per figure, returning a :class:`helpers.plots.Chart`) and :mod:`~.explorers`.
Tables and scenarios import neither matplotlib nor ipywidgets. This namespace holds only what notebook 03 uses,
each name imported from its module when first used.
"""

from helpers._lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    "tables": ["BILLION", "YARDSTICK_CLAIM", "crop_table", "entity_gap", "figures_for_display", "growth_table",
               "highlight_years", "midpoint", "orchard_inputs", "places_within", "spending_inputs"],
    "charts": ["index_chart", "orchard_upgrade_chart", "producers_chart", "revenue_rectangle_chart", "share_chart"],
    "explorers": ["orchard_explorer", "spending_explorer"],
    "helpers.places": ["place_label"],
})
