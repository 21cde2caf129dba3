"""Fact-check the article like a data journalist (notebook 04): one small check per kind, one verdict per claim.

Layers, each a module: :mod:`~helpers.factcheck.verdicts` (the verdicts, verdict rows and shared arithmetic),
:mod:`~.checks` (one function per kind of check), :mod:`~.scenarios` (every check, one verdict per claim, the
tolerance scenario), :mod:`~.charts` and :mod:`~.explorers`. Verdicts, checks and scenarios import neither
matplotlib nor ipywidgets. This namespace holds only what notebook 04 uses, each name imported when first used.
"""

from helpers._lazy import exports

__all__, __getattr__, __dir__ = exports(__name__, {
    "verdicts": ["CAUSAL", "CLAIMS", "CONSISTENT", "DIFFERS", "INTERNAL", "NEEDS_CONTEXT", "NOT_CHECKABLE",
                 "VERDICTS", "amount", "default_tolerance", "load_sources", "pair_deviations", "previous_level",
                 "record", "rows_of", "time_per_unit"],
    "checks": ["check_conversions", "check_duration", "check_scope"],
    "scenarios": ["all_checks", "verdict_table", "with_rows"],
    "charts": ["base_effect_chart", "efficiency_chart", "verdicts_chart"],
    "explorers": ["tolerance_explorer"],
})
