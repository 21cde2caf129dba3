"""The fact-check explorer (notebook 04): how strict is the fact-checker? One slider, the tolerance of the
yuan/dollar conversion check, wired to :func:`~helpers.factcheck.scenarios.tolerance_view` and its chart.
"""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.explorer import Explorer, Slider, explorer
from helpers.factcheck import charts, scenarios, verdicts

__all__ = ["tolerance_app", "tolerance_explorer", "tolerance_sliders"]


def tolerance_sliders(default_pct: float) -> list[Slider]:
    """The explorer's one slider: the conversion tolerance (%), defaulting to ``default_pct``."""
    return [Slider("tolerance_pct", "tolerance for a conversion", 0.0, 2.0, 0.01, default_pct, "%")]


def tolerance_explorer(claims: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> Explorer:
    """Explorer: choose the tolerance of the conversion check and see every claim's verdict change (or not).

    The slider starts at :func:`~helpers.factcheck.verdicts.default_tolerance`, the largest amount by which
    rounding a dollar figure can move its rate.
    """
    # Computed once, not on every slider move: only the conversion check depends on the tolerance.
    pairs, fixed = verdicts.pair_deviations(claims), scenarios.fixed_checks(claims, sources)
    return explorer(
        lambda tolerance_pct: scenarios.tolerance_view(claims, pairs, fixed, tolerance_pct),
        charts.tolerance_chart,
        tolerance_sliders(verdicts.default_tolerance(claims)),
        title="How strict is the fact-checker? The tolerance of the yuan/dollar check",
    )


def tolerance_app() -> Explorer:
    """The tolerance explorer on the article's claims and the datasets the checks use."""
    return tolerance_explorer(data.load(verdicts.CLAIMS), verdicts.load_sources())
