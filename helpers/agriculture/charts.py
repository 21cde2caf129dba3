"""Agriculture charts (notebook 03), in the notebook's order: one function per figure, returning a
:class:`helpers.plots.Chart` whose alt text is written from the same inputs as the figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from helpers import growth, plots, sources
from helpers.agriculture.scenarios import OrchardUpgrade, SpendingPath
from helpers.agriculture.tables import BILLION, YARDSTICK_CLAIM, index_since, producer_shares, share_of_world
from helpers.plots import Chart

__all__ = ["index_chart", "orchard_upgrade_chart", "producers_chart", "revenue_rectangle_chart", "share_chart",
           "spending_chart"]

CROPS = ("Apples", "Wheat")


def revenue_rectangle_chart(output_gain_pct: float, price_premium_pct: float) -> Chart:
    """Revenue as a rectangle, output (width) × price (height): before (1 × 1) and after, with the three gains
    (percent); the gains are Jing Liyi's (claims C058, C059)."""
    o, p = output_gain_pct / 100, price_premium_pct / 100
    colours = plots.palette()
    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    parts = [  # corner, width, height, colour, label, label rotation
        ((0, 0), 1, 1, "0.85", "revenue before\n(1 × 1)", 0),
        ((1, 0), o, 1, colours[0], f"more output  +{output_gain_pct:g} %", 90),
        ((0, 1), 1, p, colours[1], f"higher price  +{price_premium_pct:g} %", 0),
        ((1, 1), o, p, colours[2], f"both\n+{o * p * 100:.3g} %", 0),
    ]
    for (x, y), width, height, colour, label, rotation in parts:
        ax.add_patch(plt.Rectangle((x, y), width, height, facecolor=colour, edgecolor="white", linewidth=2))
        if width * height > 0:
            ax.text(x + width / 2, y + height / 2, label, ha="center", va="center", fontsize=9, rotation=rotation)
    ax.set_xlim(0, 1.6)
    ax.set_ylim(0, 1.6)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("output (before = 1)")
    ax.set_ylabel("price (before = 1)")
    multiplier = growth.combined_change(output_gain_pct, price_premium_pct)
    ax.set_title(f"Revenue = output × price: ×{multiplier:.4g}, i.e. +{100 * (multiplier - 1):.4g} %, "
                 f"not +{output_gain_pct + price_premium_pct:g} %", fontsize=10)
    alt = (f"A unit square (revenue before) extended by {output_gain_pct:g} % in width (output) and "
           f"{price_premium_pct:g} % in height (price). The new area is {multiplier:.4g} times the old: the "
           f"two strips add {output_gain_pct + price_premium_pct:g} % and the corner where both gains meet adds "
           f"another {output_gain_pct * price_premium_pct / 100:g} %.")
    source = sources.line("yuncheng_figures", claims=("C058", "C059"), note="price gain: midpoint of the range")
    return Chart(fig, alt, source)


def _orchard_alt(r: OrchardUpgrade, yardstick_yuan_per_ha: float) -> str:
    return (
        f"Two bar charts. Left: with output +{r.output_gain_pct:g} % and price +{r.price_premium_pct:g} %, "
        f"adding the gains gives {r.added_pct:.3g} %, compounding gives {r.gain_pct:.3g} % per upgraded hectare "
        f"(revenue × {r.multiplier:.3g}), "
        f"and with {100 * r.upgraded_share:.3g} % of the orchards upgraded the city's orchards as a whole gain "
        f"{r.city_gain_pct:.3g} %. Right (log scale): {r.investment_yuan / BILLION:g} billion yuan is "
        f"{r.investment_per_upgraded_ha / 1000:,.0f} thousand yuan per upgraded hectare and "
        f"{r.investment_per_orchard_ha / 1000:,.0f} thousand yuan per hectare of all orchards; a dashed line marks "
        f"the {yardstick_yuan_per_ha / 1000:,.0f} thousand yuan per hectare a vegetable-seedling cooperative in "
        "Xinzhou earns."
    )


def orchard_upgrade_chart(result: OrchardUpgrade, yardstick_yuan_per_ha: float) -> Chart:
    """Left: revenue gains (added, compounded per upgraded ha, whole city; %). Right: investment per hectare
    (log scale, thousand yuan per ha) against the article's vegetable-seedling income per hectare."""
    colours = plots.palette()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4), gridspec_kw={"width_ratios": [1.1, 1]})
    gains = {
        "gains added (a mistake)": result.added_pct,
        f"compounded, per upgraded ha (×{result.multiplier:.3g})": result.gain_pct,
        f"all orchards ({100 * result.upgraded_share:.3g} % upgraded)": result.city_gain_pct,
    }
    plots.bar_labels(left, left.barh(list(gains), list(gains.values()), color=[colours[7], colours[0], colours[2]]),
                     "{:.3g} %", fontsize=9)
    left.invert_yaxis()
    left.set_xlim(0, max(gains.values()) * 1.3 + 1)
    left.set_xlabel("revenue gain (% of revenue before)")
    left.set_title("What the upgrade adds to revenue", fontsize=11)
    per_ha = {"per upgraded ha": result.investment_per_upgraded_ha,
              "per ha of all orchards": result.investment_per_orchard_ha}
    plots.bar_labels(right, right.barh(list(per_ha), [v / 1000 for v in per_ha.values()],
                                       color=[colours[0], colours[1]]))
    right.axvline(yardstick_yuan_per_ha / 1000, color="0.3", linestyle="--", linewidth=1)
    right.text(yardstick_yuan_per_ha / 1000, -0.55, f" seedling income per ha, Xinzhou: "
               f"{yardstick_yuan_per_ha / 1000:,.0f}", fontsize=9, color="0.3", va="top")
    right.set_xscale("log")
    right.minorticks_off()  # never drawn in this style, yet a log axis would make and place dozens each draw
    right.set_xlim(10, 1e5)
    right.set_ylim(1.5, -0.75)
    right.set_xlabel("investment, thousand yuan per hectare (log scale)")
    right.set_title(f"{result.investment_yuan / BILLION:g} billion yuan spread over hectares", fontsize=11)
    source = sources.line("yuncheng_figures", claims=(YARDSTICK_CLAIM,), note=f"{YARDSTICK_CLAIM}: seedling income")
    return Chart(fig, _orchard_alt(result, yardstick_yuan_per_ha), source)


def spending_chart(path: SpendingPath, place: str) -> Chart:
    """Bars of each year's amount (billion yuan) with the even split (total ÷ years) as a dashed line;
    ``place`` names the city."""
    table = path.table
    fig, ax = plt.subplots(figsize=(7, 3.4))
    plots.bar_labels(ax, ax.bar(table["year"], table["amount"], color=plots.palette()[0]), "{:.2f}", fontsize=9,
                     padding=0)
    even = path.total_billion_yuan / len(table)
    ax.axhline(even, color="0.3", linestyle="--", linewidth=1)
    ax.text(table["year"].iloc[0] - 0.45, even, f"even split {even:.2f}", va="bottom", fontsize=9, color="0.3")
    ax.set_ylim(0, table["amount"].max() * 1.18)
    # ticks at 1, 2 or 5 × 10^n (no 0.25 steps): labels stay about as wide at every slider value, so the explorer's
    # figure, laid out once, never clips them (helpers/explorer.py)
    ax.yaxis.set_major_locator(MaxNLocator("auto", steps=[1, 2, 5, 10]))
    ax.set_ylabel("billion yuan")
    ax.set_title(f"{place}: {path.total_billion_yuan:g} billion yuan over {len(table)} years, "
                 f"growing {path.growth_pct:g} % a year", fontsize=11)
    first, last = table.iloc[0], table.iloc[-1]
    alt = (f"Bar chart of the yearly amounts {place} spends, {int(first['year'])}-{int(last['year'])}, summing to "
           f"{path.total_billion_yuan:g} billion yuan and growing {path.growth_pct:g} % a year: from "
           f"{first['amount']:.2f} billion yuan in {int(first['year'])} to {last['amount']:.2f} billion yuan in "
           f"{int(last['year'])}; a dashed line marks the even split of {even:.2f} billion yuan a year.")
    source = sources.line("yuncheng_figures", note="yearly amounts derived under a constant-growth reading")
    return Chart(fig, alt, source)


def share_chart(production: pd.DataFrame, place: str, period: tuple[int, int], crops: tuple[str, ...] = CROPS) -> Chart:
    """China's share of world production of each crop (percent), ``period`` shaded; ``place`` names China."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    plots.shade_period(ax, period)
    parts = []
    for crop, colour in zip(crops, plots.palette(), strict=False):
        share = 100 * share_of_world(production, crop)
        ax.plot(share.index, share, color=colour, label=crop.lower())
        first, last = share.index.min(), share.index.max()
        parts.append(f"{crop.lower()} from {share[first]:.1f} % in {first} to {share[period[0]]:.1f} % in "
                     f"{period[0]}, {share[period[1]]:.1f} % in {period[1]} and {share[last]:.1f} % in {last}")
    ax.set_ylim(0, None)
    ax.set_ylabel("China's share of world output (%)")
    ax.set_title(f"{place}: share of the world's {' and '.join(c.lower() for c in crops)}", fontsize=11)
    ax.legend(frameon=False)
    alt = (f"Line chart of the share of world production grown in {place}: {'; '.join(parts)}. "
           f"The years {period[0]}-{period[1]} are shaded.")
    return Chart(fig, alt, sources.line("crop_production", note="entity 'China' (mainland)"))


def index_chart(production: pd.DataFrame, base_year: int, period: tuple[int, int],
                crops: tuple[str, ...] = CROPS) -> Chart:
    """Production index (``base_year`` = 100) for China (solid) and the world (dashed), one colour per crop,
    ``period`` shaded."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    plots.shade_period(ax, period)
    parts = []
    for crop, colour in zip(crops, plots.palette(), strict=False):
        index = index_since(production, crop, ("China", "World"), base_year)
        ax.plot(index.index, index["China"], color=colour, label=f"{crop.lower()}, China")
        ax.plot(index.index, index["World"], color=colour, linestyle="--", label=f"{crop.lower()}, world")
        last = index.index.max()
        parts.append(f"{crop.lower()} {index.loc[last, 'China']:.0f} in China and "
                     f"{index.loc[last, 'World']:.0f} in the world by {last}")
    ax.axhline(100, color="0.3", linewidth=0.8)
    ax.set_ylabel(f"production ({base_year} = 100)")
    ax.set_title(f"Growth since {base_year}: China against the world", fontsize=11)
    ax.legend(frameon=False, ncols=2)
    alt = (f"Line chart of production indexed to {base_year} = 100, China solid and world dashed: "
           f"{'; '.join(parts)}. The years {period[0]}-{period[1]} are shaded.")
    return Chart(fig, alt, sources.line("crop_production", note="entities 'China' (mainland) and 'World'"))


def producers_chart(production: pd.DataFrame, crop: str, year: int) -> Chart:
    """Horizontal bars: each producer's share of world output of ``crop`` in ``year`` (percent)."""
    shares = 100 * producer_shares(production, crop, year)
    colours = plots.palette()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    bars = ax.barh(shares.index, shares.to_numpy(),
                   color=[colours[0] if name == "China" else colours[7] for name in shares.index])
    plots.bar_labels(ax, bars, "{:.1f} %", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, shares.max() * 1.2)
    ax.set_xlabel(f"share of world {crop.lower()} output, {year} (%)")
    ax.set_title(f"Who grows the world's {crop.lower()}? ({year})", fontsize=11)
    listed = ", ".join(f"{name} {value:.1f} %" for name, value in shares.items())
    alt = f"Horizontal bar chart of shares of world {crop.lower()} production in {year}: {listed}."
    source = sources.line("crop_production", note="'rest of the world' = World minus the six countries shown")
    return Chart(fig, alt, source)
