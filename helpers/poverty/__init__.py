"""Poverty alleviation in Xinzhou (忻州 Xīnzhōu): the delisting timeline, poverty lines, a cooperative's arithmetic.

Layers, each a module: :mod:`~helpers.poverty.tables`, :mod:`~.scenarios` (pure, returning dataclasses),
:mod:`~.charts` (one function per figure, returning a :class:`helpers.plots.Chart`) and :mod:`~.explorers`
(``which-line`` and ``cooperative-arithmetic``). Tables and scenarios import neither matplotlib nor ipywidgets.
This namespace holds only what notebook 02 uses, each name imported from its module when first used.
"""

from helpers._lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    "tables": ["cooperative_facts", "counties_per_province", "county_timeline", "delisted_per_year",
               "dollars_per_day", "headcount_table", "plan_period", "poverty_lines", "province_counties"],
    "scenarios": ["COOPERATIVE_ASSUMPTIONS", "calibrate_output", "people_below_line"],
    "charts": ["county_exits_chart", "entities_chart", "lines_in_year_chart", "poverty_map_chart",
               "timeline_chart"],
    "explorers": ["cooperative_explorer", "which_line_explorer"],
    "helpers.places": ["place_label"],
})
