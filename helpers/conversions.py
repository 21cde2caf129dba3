"""Notebook 00's explorer: which exchange rate did the article use for its yuan/dollar pairs?

:func:`convert_pairs` is the pure scenario (works on :func:`helpers.article.conversion_pairs`);
:func:`conversions_chart` draws it; :func:`conversion_explorer` wires one slider (yuan per US$) to both.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from helpers import article, data, explorer, plots, sources, units

__all__ = ["START_RATE", "conversion_explorer", "conversions_chart", "convert_pairs", "exchange_rate_app"]

# Where the explorer's slider starts (yuan per US$): a round rate away from the rates the article's pairs imply
# (6.45-6.49), so that a learner finds the article's rate (guiding question 1) instead of reading it off the start.
# A choice of the interface, not data.
START_RATE = 7.0

ENTITY_LABEL_CHARS = 40  # a bar label wraps here (the whole name shows, never cut off)


def convert_pairs(pairs: pd.DataFrame, yuan_per_usd: float) -> pd.DataFrame:
    """Convert each pair's yuan at one stated rate and compare with the article's dollar figure.

    Adds ``chosen_rate`` (yuan per US$), ``usd_at_rate`` (USD) and ``difference_pct``: how far the
    article's dollars are from the conversion at ``yuan_per_usd``, in percent of the conversion.
    """
    out = pairs.copy()
    out["chosen_rate"] = yuan_per_usd
    out["usd_at_rate"] = [units.yuan_to_usd(y, yuan_per_usd) for y in out["yuan"]]
    out["difference_pct"] = 100 * (out["usd"] - out["usd_at_rate"]) / out["usd_at_rate"]
    return out


def conversions_chart(table: pd.DataFrame) -> plots.Chart:
    """Bars of ``difference_pct`` per pair (the output of :func:`convert_pairs`), in % of the conversion."""
    yuan_per_usd = table["chosen_rate"].iloc[0]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    labels = [textwrap.fill(f"{e} ({int(y):,} yuan)", ENTITY_LABEL_CHARS)
              for e, y in zip(table["entity"], table["yuan"], strict=True)]
    ax.barh(labels, table["difference_pct"], color=plots.palette()[0])
    ax.axvline(0, color="0.2", linewidth=0.8)
    reach = max(15.0, 1.1 * float(table["difference_pct"].abs().max()))  # never cut a bar off
    ax.set_xlim(-reach, reach)
    ax.set_xlabel("article's dollar figure minus conversion at the chosen rate (% of conversion)")
    ax.set_title(f"The article's dollar figures against a rate of {yuan_per_usd:.2f} yuan per dollar")
    low, high = table["difference_pct"].min(), table["difference_pct"].max()
    alt = (f"Horizontal bars, one per yuan/dollar pair in the article. At {yuan_per_usd:.2f} yuan per dollar "
           f"the article's dollar figures differ from the conversion by {low:+.1f} % to {high:+.1f} %.")
    return plots.Chart(fig, alt, sources.line("article_claims"))


def conversion_explorer(pairs: pd.DataFrame, rate: float) -> explorer.Explorer:
    """Explorer: choose an exchange rate (default ``rate``, yuan per US$) and see how far the article's dollar
    figures are from it."""
    slider = explorer.Slider("yuan_per_usd", "exchange rate", 5.0, 8.0, 0.01, rate, "yuan per US$")
    return explorer.explorer(lambda yuan_per_usd: convert_pairs(pairs, yuan_per_usd), conversions_chart, [slider],
                             title="Which exchange rate did the article use?")


def exchange_rate_app() -> explorer.Explorer:
    """The conversion explorer on the article's own pairs, starting at :data:`START_RATE`."""
    return conversion_explorer(article.conversion_pairs(data.load("article_claims")), START_RATE)
