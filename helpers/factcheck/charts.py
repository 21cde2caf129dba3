"""Fact-check charts (notebook 04), in the notebook's order: one function per figure, returning a
:class:`helpers.plots.Chart` whose alt text is written from the same inputs as the figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from helpers import article, plots, sources
from helpers.factcheck.scenarios import ToleranceView, verdict_counts
from helpers.factcheck.verdicts import (
    CAUSAL,
    CLAIMS,
    CONSISTENT,
    DIFFERS,
    EXTERNAL,
    INTERNAL,
    NEEDS_CONTEXT,
    NOT_CHECKABLE,
    VERDICTS,
    previous_level,
    time_per_unit,
)
from helpers.plots import Chart

__all__ = ["base_effect_chart", "efficiency_chart", "tolerance_chart", "verdicts_chart"]


def efficiency_chart(gain_pct: float, item: str) -> Chart:
    """Two panels, conventional operation = 100: ``item``s handled per hour (+``gain_pct`` %), and time per
    ``item``."""
    colour = plots.palette()
    fraction = time_per_unit(gain_pct)
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.8), sharey=True)
    panels = ((f"{item}s handled per hour", 100 * (1 + gain_pct / 100)), (f"time per {item}", 100 * fraction))
    for ax, (title, automated) in zip(axes, panels, strict=True):
        ax.bar(["conventional", "automated"], [100, automated], color=[colour[7], colour[0]])
        ax.text(1, automated + 3, f"{automated:.1f}", ha="center")
        ax.set_title(title)
    axes[0].set_ylabel("index, conventional = 100")
    axes[0].set_ylim(0, max(100, *(value for _, value in panels)) * 1.15)
    fig.suptitle(f"'{gain_pct:g} % more efficient' read as {item}s per hour")
    alt = (f"Two bar charts with conventional operation at 100. Left: {item}s handled per hour rise to "
           f"{100 * (1 + gain_pct / 100):.0f}. Right: the time per {item} falls to {100 * fraction:.1f}, "
           f"a cut of {100 * (1 - fraction):.1f} %, not {gain_pct:g} %.")
    return Chart(fig, alt, sources.line(CLAIMS, note="index values derived from the claim"))


def base_effect_chart(level: float, growth_pct: float, year: int, period: str) -> Chart:
    """Two bars in billion yuan: the ``period`` of ``year`` (``level`` yuan, article) and a year earlier (derived
    from ``growth_pct`` %, hatched)."""
    colour = plots.palette()
    earlier = previous_level(level, growth_pct)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    bars = ax.bar([f"{period}, {year - 1}\n(derived)", f"{period}, {year}\n(article)"], [earlier / 1e9, level / 1e9],
                  color=[colour[7], colour[0]])
    bars[0].set_hatch("//")
    plots.bar_labels(ax, bars, "{:.2f}", fontsize=None)
    ax.set_ylabel("GDP, billion yuan")
    ax.set_ylim(0, level / 1e9 * 1.2)
    ax.set_title(f"{growth_pct:g} % growth: measured against the same quarter a year earlier")
    alt = (f"Two bars: GDP in the {period} of {year}, {level / 1e9:.2f} billion yuan (from the article), and in the "
           f"{period} of {year - 1}, {earlier / 1e9:.2f} billion yuan, derived by dividing by "
           f"{1 + growth_pct / 100:.3f}.")
    return Chart(fig, alt, sources.line(CLAIMS, note="the earlier quarter is derived from the claim"))


def _verdict_colours() -> dict[str, str]:
    cycle = plots.palette()
    order = (CONSISTENT, INTERNAL, NEEDS_CONTEXT, NOT_CHECKABLE, DIFFERS, CAUSAL)  # first colours: common ones
    return {v: cycle[i % len(cycle)] for i, v in enumerate(order)}


def _checks_source() -> str:
    return sources.line(CLAIMS, *EXTERNAL)


def verdicts_chart(verdicts: pd.DataFrame) -> Chart:
    """Stacked horizontal bars: claims per theme, split by verdict (legend with the total of each verdict)."""
    counts = verdict_counts(verdicts).rename(index=article.theme_name)
    colours = _verdict_colours()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    left = pd.Series(0, index=counts.index)
    for verdict in VERDICTS:
        ax.barh(counts.index, counts[verdict], left=left, color=colours[verdict],
                label=f"{verdict} ({int(counts[verdict].sum())})")
        left = left + counts[verdict]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("number of claims")
    ax.set_title(f"A verdict for each of the article's {len(verdicts)} claims, by theme")
    ax.legend(title="verdict (claims)", loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    totals = verdicts["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    parts = "; ".join(f"{verdict}: {int(n)}" for verdict, n in totals.items())
    themes = verdicts["theme"].value_counts()
    # a tie names every largest theme
    largest = " and ".join(map(article.theme_name, themes.index[themes == themes.iloc[0]]))
    alt = (f"Stacked horizontal bars, one per theme, splitting the article's {len(verdicts)} claims by verdict. "
           f"Totals: {parts}. The largest theme is {largest} with {int(themes.iloc[0])} claims"
           f"{' each' if ' and ' in largest else ''}.")
    return Chart(fig, alt, _checks_source())


def _tolerance_alt(view: ToleranceView) -> str:
    inside = int((view.pairs["deviation_pct"].abs() <= view.tolerance_pct).sum())
    totals = view.verdicts["verdict"].value_counts()
    return (f"Left: bars for the {len(view.pairs)} yuan/dollar pairs, deviating "
            f"{view.pairs['deviation_pct'].min():+.2f} % to {view.pairs['deviation_pct'].max():+.2f} % from the "
            f"common rate; {inside} lie inside the ±{view.tolerance_pct:.2f} % tolerance. Right: "
            f"{int(totals.get(INTERNAL, 0))} claims internally consistent, {int(totals.get(NEEDS_CONTEXT, 0))} "
            f"need context, {int(totals.get(CONSISTENT, 0))} consistent with other data, "
            f"{int(totals.get(NOT_CHECKABLE, 0))} not checkable with these data.")


def tolerance_chart(view: ToleranceView) -> Chart:
    """Left: each pair's deviation from the common rate (%), with the tolerance band. Right: claims per verdict."""
    colours = _verdict_colours()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 1.3]})
    pairs = view.pairs
    inside = pairs["deviation_pct"].abs() <= view.tolerance_pct
    left.axvspan(-view.tolerance_pct, view.tolerance_pct, color=plots.palette()[7], alpha=0.3,
                 label=f"±{view.tolerance_pct:.2f} % tolerance")
    left.barh(pairs["pair_id"], pairs["deviation_pct"],
              color=[colours[INTERNAL] if ok else colours[NEEDS_CONTEXT] for ok in inside])
    left.axvline(0, color="0.2", linewidth=0.8)
    reach = max(2.0, 1.25 * view.tolerance_pct, 1.1 * float(pairs["deviation_pct"].abs().max()))
    left.set_xlim(-reach, reach)  # the band never fills the axis, so its edges stay visible
    left.invert_yaxis()
    left.set_xlabel("implied rate minus common rate (% of common rate)")
    left.set_title("The article's four yuan/dollar pairs")
    left.legend(loc="lower right")
    totals = view.verdicts["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    bars = right.barh(list(totals.index), totals.to_numpy(), color=[colours[v] for v in totals.index])
    plots.bar_labels(right, bars, "{:.0f}", fontsize=9)
    right.invert_yaxis()
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_xlim(0, len(view.verdicts) * 0.6)
    right.set_xlabel("number of claims")
    right.set_title(f"Verdicts for all {len(view.verdicts)} claims")
    return Chart(fig, _tolerance_alt(view), _checks_source())
