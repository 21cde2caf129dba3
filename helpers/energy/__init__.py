"""Energy transition (notebook 01): capacity versus output, the growth gap, Shanxi's electricity and CO2.

Layers, each a module: :mod:`~helpers.energy.tables` (datasets shaped for reading), :mod:`~.scenarios` (the
pure what-if arithmetic, returning named numbers), :mod:`~.charts` (one function per figure, returning a
:class:`helpers.plots.Chart`) and :mod:`~.explorers` (sliders wired to a scenario and a chart). Tables and
scenarios import neither matplotlib nor ipywidgets. This namespace holds only what notebook 01 uses; each
name is imported from its module when first used, so ``from helpers.energy import scenarios`` stays light.
"""

from helpers._lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    "charts": ["city_co2_map_chart", "coal_output_chart", "coal_production_chart", "compounded_gap_chart",
               "energy_mix_chart", "fuel_groups_chart", "generation_chart", "intensity_chart",
               "intensity_ranking_chart", "log_scale_chart", "power_sector_chart", "ranking_chart"],
    "explorers": ["capacity_cut_explorer", "growth_gap_explorer"],
    "scenarios": ["article_rates", "compounded_gap", "constant_growth_path"],
    "tables": ["POWER_SECTOR", "capacity_context", "co2_by_fuel_group", "co2_factor", "co2_per_tonne_coal",
               "coal_share", "energy_claims", "generation_table", "intensity", "missing_years", "power_sector",
               "province_ranking"],
    "helpers.places": ["place_label"],
})
