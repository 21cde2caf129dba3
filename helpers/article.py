"""The article's claims as data: look up a claim, and the article's own yuan→dollar conversions.

Works on the table ``data.load("article_claims")``: one row per quantitative claim, values in base units
(yuan, USD, people, percent as written).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers import data, plots, units, widgets

__all__ = [
    "APPS", "SOURCE", "conversion_app", "conversion_explorer", "conversion_pairs", "conversion_sliders",
    "convert_pairs", "describe_conversions", "draw_conversions", "show_conversions", "value",
]

SOURCE = "China Daily supplement on Shanxi, July 2021 (course dataset article_claims)"


def value(claims: pd.DataFrame, claim_id: str) -> float:
    """The ``value`` of claim ``claim_id`` (in the claim's ``unit``)."""
    row = claims.loc[claims["claim_id"] == claim_id, "value"]
    if len(row) != 1:
        raise KeyError(f"no single claim {claim_id!r} in the claims table")
    return float(row.iloc[0])


def conversion_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """The article's yuan/dollar pairs: one row per pair with both amounts and the implied rate.

    Columns: ``pair_id``, ``entity``, ``period_end``, ``yuan``, ``usd`` and ``yuan_per_usd``
    (yuan per US dollar implied by the pair).
    """
    paired = claims.dropna(subset=["pair_id"])
    wide = paired.pivot_table(index="pair_id", columns="unit", values="value", aggfunc="first")
    labels = paired.drop_duplicates("pair_id").set_index("pair_id")[["entity", "period_end"]]
    table = labels.join(wide.rename(columns={"USD": "usd"})[["yuan", "usd"]])
    table["yuan_per_usd"] = [units.implied_rate(y, d) for y, d in zip(table["yuan"], table["usd"], strict=True)]
    return table.reset_index()


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


def draw_conversions(table: pd.DataFrame) -> Figure:
    """Bar chart of ``difference_pct`` per pair (the output of :func:`convert_pairs`)."""
    yuan_per_usd = table["chosen_rate"].iloc[0]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    labels = [f"{e[:28]} ({int(y):,} yuan)" for e, y in zip(table["entity"], table["yuan"], strict=True)]
    ax.barh(labels, table["difference_pct"], color=plt.rcParams["axes.prop_cycle"].by_key()["color"][0])
    ax.axvline(0, color="0.2", linewidth=0.8)
    reach = max(15.0, 1.1 * float(table["difference_pct"].abs().max()))  # never cut a bar off
    ax.set_xlim(-reach, reach)
    ax.set_xlabel("article's dollar figure minus conversion at the chosen rate (% of conversion)")
    ax.set_title(f"The article's dollar figures against a rate of {yuan_per_usd:.2f} yuan per dollar")
    return fig


def describe_conversions(table: pd.DataFrame) -> str:
    """Alt text for :func:`draw_conversions`: the range of differences at the chosen rate."""
    yuan_per_usd = table["chosen_rate"].iloc[0]
    low, high = table["difference_pct"].min(), table["difference_pct"].max()
    return (f"Horizontal bars, one per yuan/dollar pair in the article. At {yuan_per_usd:.2f} yuan per dollar "
            f"the article's dollar figures differ from the conversion by {low:+.1f} % to {high:+.1f} %.")


def show_conversions(table: pd.DataFrame) -> None:
    """Display the conversion figure with its alt text and source line."""
    plots.show(draw_conversions(table), alt=describe_conversions(table), source=SOURCE)


def conversion_sliders(default_rate: float) -> list[widgets.Slider]:
    """The explorer's one slider: the exchange rate, defaulting to the rate the article implies."""
    return [widgets.Slider("yuan_per_usd", "exchange rate", 5.0, 8.0, 0.01, default_rate, "yuan per US$")]


def conversion_explorer(pairs: pd.DataFrame, default_rate: float) -> widgets.Explorer:
    """Explorer: choose an exchange rate and see how far the article's dollar figures are from it."""
    return widgets.explorer(
        lambda yuan_per_usd: convert_pairs(pairs, yuan_per_usd),
        show_conversions,
        conversion_sliders(default_rate),
        title="Which exchange rate did the article use?",
    )


def conversion_app() -> widgets.Explorer:
    """Which exchange rate did the article use? The conversion explorer on the article's own yuan/dollar pairs.

    The slider starts at the median of the rates the pairs imply, rounded to 0.01 yuan per US$ (derived from
    the data, as in notebook 00).
    """
    pairs = conversion_pairs(data.load("article_claims"))
    default_rate = round(float(pairs["yuan_per_usd"].median()), 2)
    return conversion_explorer(pairs, default_rate)


APPS = {"exchange-rate": conversion_app}  # explorers that run on their own (helpers/apps.py, course.py app)
