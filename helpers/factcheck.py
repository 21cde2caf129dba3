"""Fact-check the article like a data journalist: one small check per kind, one verdict for every claim.

Every check function takes the claims table ``data.load("article_claims")`` (and, for a check against other
data, the dataset it uses) and returns *verdict rows*: ``claim_id``, ``verdict``, ``check`` (what was done),
``dataset`` (what it used), ``result`` (the numbers) and ``note`` (how to read them). :func:`all_checks` runs
every check; :func:`verdict_table` gives each of the article's claims exactly one verdict from :data:`VERDICTS`,
the strongest finding first, and lists the other checks that also looked at the claim.

The verdicts are neutral statements about what *these* data can say, not judgements of the article.
Money is in yuan or US dollars, growth in percent, as in the claims table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers import article, data, growth, plots, units, widgets

__all__ = [
    "APPS", "COLUMNS", "CONSISTENT", "DIFFERS", "EXTERNAL", "INTERNAL", "NEEDS_CONTEXT", "NOT_CHECKABLE", "SOURCE",
    "VERDICTS", "all_checks", "check_anecdote", "check_base_effect", "check_capacity_vs_output",
    "check_combined_gains", "check_conversions", "check_duration", "check_efficiency", "check_growth_gap",
    "check_growth_multiple", "check_national_line", "check_parts_sum", "check_per_unit", "check_repeats",
    "check_scope", "check_share", "check_timeline", "check_total_and_growth", "default_tolerance",
    "describe_base_effect", "describe_efficiency", "describe_tolerance", "describe_verdicts", "draw_base_effect",
    "draw_efficiency", "draw_tolerance", "draw_verdicts", "load_sources", "not_checkable", "pair_deviations",
    "previous_level", "rounding_step", "show_base_effect", "show_efficiency", "show_tolerance", "show_verdicts",
    "time_per_unit", "tolerance_app", "tolerance_explorer", "tolerance_scenario", "tolerance_sliders",
    "ToleranceView", "verdict_counts", "verdict_table",
]

DIFFERS = "differs from other data"
CONSISTENT = "consistent with other data"
NEEDS_CONTEXT = "needs context"
INTERNAL = "internally consistent"
NOT_CHECKABLE = "not checkable with these data"
VERDICTS = (DIFFERS, CONSISTENT, NEEDS_CONTEXT, INTERNAL, NOT_CHECKABLE)  # strongest finding first
COLUMNS = ["claim_id", "verdict", "check", "dataset", "result", "note"]
CLAIMS = "article_claims"
EXTERNAL = ("coal_production_tonnes", "poverty_headcount", "crop_production", "shanxi_socioeconomic",
            "shanxi_city_co2")  # the other datasets the checks use
SOURCE = (f"{article.SOURCE}; checks against bp Statistical Review 2021 (coal_production_tonnes), World Bank WDI "
          "(poverty_headcount), FAOSTAT via OWID (crop_production), GCAM-China (shanxi_socioeconomic), "
          "CEADs (shanxi_city_co2)")


# Small pieces of arithmetic the checks share -----------------------------------------------------------------

def _claim(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """The row of claim ``claim_id``."""
    positions = np.flatnonzero(claims["claim_id"].to_numpy(dtype=object) == claim_id)
    if len(positions) != 1:
        raise KeyError(f"no single claim {claim_id!r} in the claims table")
    return claims.iloc[positions[0]]


def _rows(records: Sequence[dict]) -> pd.DataFrame:
    return pd.DataFrame(list(records), columns=COLUMNS)


def _record(claim_id: str, verdict: str, check: str, dataset: str, result: str, note: str) -> dict:
    return {"claim_id": claim_id, "verdict": verdict, "check": check, "dataset": dataset, "result": result,
            "note": note}


def _amount(value: float, unit: str, high: float | None = None) -> str:
    """A figure as a reader would write it: '107 billion yuan', '$4,630', '160-400 km/h', '2018', 'rank 1'."""
    if unit == "year":
        return f"{value:.0f}"
    if unit == "rank":
        return f"rank {value:.0f}"
    scale = next(((size, word) for size, word in ((1e9, "billion"), (1e6, "million")) if abs(value) >= size),
                 None)
    if unit in ("yuan", "USD") and scale:
        number = f"{value / scale[0]:,.2f}".rstrip("0").rstrip(".") + f" {scale[1]}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if high is not None and pd.notna(high):
        number += "-" + f"{high:,.2f}".rstrip("0").rstrip(".")
    return f"${number}" if unit == "USD" else f"{number} {unit}"


def _year(row: pd.Series) -> int:
    """The year an event claim refers to: its value for unit 'year', otherwise the end of its period."""
    if row["unit"] == "year" and pd.notna(row["value"]):
        return int(row["value"])
    if pd.isna(row["period_end"]):
        raise ValueError(f"claim {row['claim_id']} has no year")
    return int(row["period_end"])


def rounding_step(value: float) -> float:
    """The place value of the last significant digit of ``value`` as written: 4630 → 10, 310000 → 10000."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(exponent))


def time_per_unit(gain_pct: float) -> float:
    """Time per unit of work, as a fraction of the old time, when throughput rises ``gain_pct`` % (> -100)."""
    if gain_pct <= -100:
        raise ValueError("a throughput change of -100 % or less leaves no throughput")
    return 1 / (1 + gain_pct / 100)


def previous_level(level: float, growth_pct: float) -> float:
    """The year-earlier level implied by ``level`` and its year-on-year growth ``growth_pct`` % (> -100)."""
    if growth_pct <= -100:
        raise ValueError("a growth rate of -100 % or less has no earlier level")
    return level / (1 + growth_pct / 100)


def draw_efficiency(gain_pct: float, item: str) -> Figure:
    """Two panels, conventional operation = 100: ``item``s handled per hour, and time per ``item``."""
    colour = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    fraction = time_per_unit(gain_pct)
    fig, axes = plt.subplots(1, 2, figsize=(8, 2.8), sharey=True)
    panels = ((f"{item}s handled per hour", 100 * (1 + gain_pct / 100)), (f"time per {item}", 100 * fraction))
    for ax, (title, automated) in zip(axes, panels, strict=True):
        ax.bar(["conventional", "automated"], [100, automated], color=[colour[7], colour[0]])
        ax.text(1, automated + 3, f"{automated:.1f}", ha="center")
        ax.set_title(title)
    axes[0].set_ylabel("index, conventional = 100")
    axes[0].set_ylim(0, max(100, *(value for _, value in panels)) * 1.15)
    fig.suptitle(f"'{gain_pct:g} % more efficient' read as {item}s per hour", y=1.03)
    return fig


def describe_efficiency(gain_pct: float, item: str) -> str:
    """Alt text for :func:`draw_efficiency`."""
    fraction = time_per_unit(gain_pct)
    return (f"Two bar charts with conventional operation at 100. Left: {item}s handled per hour rise to "
            f"{100 * (1 + gain_pct / 100):.0f}. Right: the time per {item} falls to {100 * fraction:.1f}, "
            f"a cut of {100 * (1 - fraction):.1f} %, not {gain_pct:g} %.")


def show_efficiency(gain_pct: float, item: str) -> None:
    """Display the efficiency figure with its alt text and source line."""
    plots.show(draw_efficiency(gain_pct, item), alt=describe_efficiency(gain_pct, item),
               source=f"{article.SOURCE}; index values derived from the claim")


def draw_base_effect(level: float, growth_pct: float, year: int, period: str) -> Figure:
    """Two bars in billion yuan: the ``period`` of ``year`` (article) and a year earlier (derived, hatched)."""
    colour = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    earlier = previous_level(level, growth_pct)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    bars = ax.bar([f"{period}, {year - 1}\n(derived)", f"{period}, {year}\n(article)"], [earlier / 1e9, level / 1e9],
                  color=[colour[7], colour[0]])
    bars[0].set_hatch("//")
    for bar in bars:
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.4, f"{bar.get_height():.2f}", ha="center")
    ax.set_ylabel("GDP, billion yuan")
    ax.set_ylim(0, level / 1e9 * 1.2)
    ax.set_title(f"{growth_pct:g} % growth: measured against the same quarter a year earlier")
    fig.tight_layout()
    return fig


def describe_base_effect(level: float, growth_pct: float, year: int, period: str) -> str:
    """Alt text for :func:`draw_base_effect`."""
    return (f"Two bars: GDP in the {period} of {year}, {level / 1e9:.2f} billion yuan (from the article), and in the "
            f"{period} of {year - 1}, {previous_level(level, growth_pct) / 1e9:.2f} billion yuan, derived by "
            f"dividing by {1 + growth_pct / 100:.3f}.")


def show_base_effect(level: float, growth_pct: float, year: int, period: str) -> None:
    """Display the base-effect figure with its alt text and source line."""
    plots.show(draw_base_effect(level, growth_pct, year, period), alt=describe_base_effect(level, growth_pct, year,
               period), source=f"{article.SOURCE}; the earlier quarter is derived from the claim")


# Internal consistency: the article's own figures against each other -------------------------------------------

def pair_deviations(claims: pd.DataFrame) -> pd.DataFrame:
    """The article's yuan/dollar pairs with the rate each implies and how far it is from the common rate.

    Adds to :func:`helpers.article.conversion_pairs`: ``common_rate`` (the median of the implied rates, yuan per
    US$), ``deviation_pct`` (implied rate minus common rate, % of the common rate) and ``rounding_pct`` (how far
    rounding the dollar figure to its last written digit can move the rate, %).
    """
    pairs = article.conversion_pairs(claims)
    common = float(pairs["yuan_per_usd"].median())
    pairs["common_rate"] = common
    pairs["deviation_pct"] = 100 * (pairs["yuan_per_usd"] / common - 1)
    pairs["rounding_pct"] = [100 * rounding_step(usd) / 2 / usd for usd in pairs["usd"]]
    return pairs


def check_conversions(claims: pd.DataFrame, tolerance_pct: float) -> pd.DataFrame:
    """Each yuan/dollar pair: is the rate it implies within ``tolerance_pct`` % of the article's common rate?

    Both claims of a pair get "internally consistent" if so, otherwise "needs context" with the numbers.
    """
    if tolerance_pct < 0:
        raise ValueError("the tolerance must not be negative")
    records = []
    pairs = pair_deviations(claims)
    for pair in pairs.itertuples():
        ok = abs(pair.deviation_pct) <= tolerance_pct
        result = (f"{_amount(pair.yuan, 'yuan')} = {_amount(pair.usd, 'USD')} implies {pair.yuan_per_usd:.3f} "
                  f"yuan per US$, {pair.deviation_pct:+.2f} % from the article's common rate "
                  f"{pair.common_rate:.3f} (median of its {len(pairs)} pairs)")
        note = (f"within the tolerance of {tolerance_pct:.2f} %; rounding the dollar figure alone can move the "
                f"rate by up to {pair.rounding_pct:.2f} %" if ok else
                f"further from the common rate than the tolerance of {tolerance_pct:.2f} %; rounding the dollar "
                f"figure alone can move the rate by up to {pair.rounding_pct:.2f} %")
        for claim_id in claims.loc[claims["pair_id"] == pair.pair_id, "claim_id"]:
            records.append(_record(claim_id, INTERNAL if ok else NEEDS_CONTEXT, f"yuan/dollar conversion "
                                   f"({pair.pair_id})", CLAIMS, result, note))
    return _rows(records)


def check_repeats(claims: pd.DataFrame) -> pd.DataFrame:
    """Figures the article states more than once (``repeated_in``): do the two statements agree?

    Values are compared, or, where the article gives no number, the periods. Agreement is "internally
    consistent"; a difference is "needs context" with both figures.
    """
    indexed = claims.set_index("claim_id")
    records = []
    for claim_id, other_ids in indexed["repeated_in"].dropna().items():
        row = indexed.loc[claim_id]
        for other_id in str(other_ids).split(";"):
            other = indexed.loc[other_id.strip()]
            if pd.isna(row["value"]) and pd.isna(other["value"]):
                same = row["period_end"] == other["period_end"] and row["unit"] == other["unit"]
                what = f"no number either time; both refer to {row['period_end']}"
            else:
                same = row["value"] == other["value"] and row["unit"] == other["unit"]
                what = f"{_amount(row['value'], row['unit'])} here, {_amount(other['value'], other['unit'])} in " \
                       f"{other_id.strip()}"
            note = ("the same figure in two places agrees; compare the two quotes for how each describes it"
                    if same else "the two statements of this figure differ")
            records.append(_record(claim_id, INTERNAL if same else NEEDS_CONTEXT,
                                   f"repeated figure (with {other_id.strip()})", CLAIMS, what, note))
    return _rows(records)


def check_parts_sum(claims: pd.DataFrame, part_ids: Sequence[str], total_id: str) -> pd.DataFrame:
    """Do the parts (e.g. counties delisted each year) add up to the stated total?"""
    parts = [_claim(claims, c) for c in part_ids]
    total = _claim(claims, total_id)
    added = sum(float(p["value"]) for p in parts)
    ok = math.isclose(added, float(total["value"]))
    result = (" + ".join(f"{p['value']:g}" for p in parts) + f" = {added:g} {total['unit']}; the article's total "
              f"is {total['value']:g}")
    note = "the parts add up to the total" if ok else "the parts do not add up to the stated total"
    return _rows([_record(c, INTERNAL if ok else NEEDS_CONTEXT, "parts and total", CLAIMS, result, note)
                  for c in [*part_ids, total_id]])


def check_timeline(claims: pd.DataFrame, event_ids: Sequence[str]) -> pd.DataFrame:
    """Do the years of a story's events run in the order the article tells them?"""
    years = [_year(_claim(claims, c)) for c in event_ids]
    ok = all(a <= b for a, b in zip(years, years[1:], strict=False))
    result = " → ".join(str(y) for y in years) + f" ({', '.join(event_ids)})"
    note = ("the dates fit the order of the story; they come from the story itself and no dataset in the course "
            "records them" if ok else "the years do not run in the order the story tells")
    return _rows([_record(c, INTERNAL if ok else NEEDS_CONTEXT, "timeline", CLAIMS, result, note)
                  for c in event_ids])


def check_duration(claims: pd.DataFrame, start_id: str, duration_id: str, end_id: str) -> pd.DataFrame:
    """Does a start year plus a stated duration (in years) give the year of the next event?"""
    start, duration, end = (_year(_claim(claims, start_id)), float(_claim(claims, duration_id)["value"]),
                            _year(_claim(claims, end_id)))
    ok = math.isclose(start + duration, end)
    result = f"{start} + {duration:g} year(s) = {start + duration:g}; the next event is dated {end}"
    note = ("start, duration and the next date agree" if ok else
            "start plus duration does not reach the next date; the duration is 'about'")
    return _rows([_record(c, INTERNAL if ok else NEEDS_CONTEXT, "start + duration", CLAIMS, result, note)
                  for c in (start_id, duration_id, end_id)])


def check_growth_gap(claims: pd.DataFrame, rate_id: str, gap_id: str, years_id: str) -> pd.DataFrame:
    """A growth rate (% a year), its gap to another rate (percentage points) and a number of years.

    Derives the other rate (rate − gap) and compounds both over the years: the figures fit together when the
    derived rate is above −100 % and the faster rate compounds to the larger total.
    """
    rate, gap, years = (float(_claim(claims, c)["value"]) for c in (rate_id, gap_id, years_id))
    other = growth.pp_difference(rate, gap)
    fast, slow = (growth.compound(1.0, r / 100, int(years))[-1] for r in (rate, other))
    ok = other > -100 and fast >= slow
    result = (f"{rate:g} % a year − {gap:g} percentage points = {other:.1f} % a year for all industry (derived); "
              f"over {years:g} years: +{100 * (fast - 1):.1f} % against +{100 * (slow - 1):.1f} % (compounded)")
    note = ("the figures fit together; the derived rate is not stated in the article, and no dataset in the "
            "course measures these growth rates, so neither can be checked against other data")
    return _rows([_record(c, INTERNAL if ok else NEEDS_CONTEXT, "growth rate and gap", CLAIMS, result, note)
                  for c in (rate_id, gap_id, years_id)])


def check_growth_multiple(claims: pd.DataFrame, start_id: str, end_id: str) -> pd.DataFrame:
    """Two amounts of the same quantity in different years: the multiple and the compound annual growth rate."""
    start, end = _claim(claims, start_id), _claim(claims, end_id)
    years = _year(end) - _year(start)
    multiple = float(end["value"]) / float(start["value"])
    rate = 100 * growth.cagr(float(start["value"]), float(end["value"]), years)
    result = (f"{_amount(start['value'], start['unit'])} ({_year(start)}) → {_amount(end['value'], end['unit'])} "
              f"({_year(end)}): ×{multiple:,.0f} in {years} years, {rate:,.0f} % a year on average (compound)")
    note = (f"the average rate as if growth had been steady; from a small first-year base any later figure gives "
            f"a very large rate. Both figures are {end['speaker']}'s, and the course has no company accounts")
    return _rows([_record(c, INTERNAL, "growth multiple and average rate", CLAIMS, result, note)
                  for c in (start_id, end_id)])


def check_total_and_growth(claims: pd.DataFrame, total_id: str, rate_id: str) -> pd.DataFrame:
    """A total over a period and an average growth rate: the first and last year's amounts they imply.

    Reads the rate as growth from one year of the period to the next, so the yearly amounts are
    a, a(1+g), …, a(1+g)^(n-1) and sum to the total.
    """
    total, rate = _claim(claims, total_id), _claim(claims, rate_id)
    first_year, last_year = int(total["period_start"]), int(total["period_end"])
    years = last_year - first_year + 1
    first = growth.first_of_growing_total(float(total["value"]), float(rate["value"]), years)
    last = growth.compound(first, float(rate["value"]) / 100, years - 1)[-1]
    result = (f"{_amount(total['value'], total['unit'])} over {first_year}-{last_year} growing {rate['value']:g} % "
              f"a year: {_amount(first, total['unit'])} in {first_year} rising to {_amount(last, total['unit'])} in "
              f"{last_year} (derived)")
    note = (f"every total fits some first year, so this shows what the two figures imply together, not that "
            f"either is right; '{total['qualifier']}' the total makes these amounts lower bounds")
    return _rows([_record(c, INTERNAL, "total and average growth", CLAIMS, result, note)
                  for c in (total_id, rate_id)])


# Needs context: figures that are easy to misread ---------------------------------------------------------------

def check_base_effect(claims: pd.DataFrame, level_id: str, growth_id: str, period: str) -> pd.DataFrame:
    """A ``period``'s level (e.g. a first quarter's GDP) and its year-on-year growth: the level a year earlier.

    The note names any claim of the article that marks the earlier year as the COVID-19 outbreak year.
    """
    level, rate = _claim(claims, level_id), _claim(claims, growth_id)
    earlier = previous_level(float(level["value"]), float(rate["value"]))
    year = _year(level)
    result = (f"{_amount(level['value'], 'yuan')} in the {period} of {year}, {rate['value']:g} % above the "
              f"{period} of {year - 1}, which implies {_amount(earlier, 'yuan')} then "
              f"(derived: {units.to_yi(float(level['value'])):,.1f} 亿 / {1 + float(rate['value']) / 100:.3f})")
    covid = claims.loc[claims["quote"].str.contains("COVID-19") & (claims["period_end"] == year - 1), "claim_id"]
    base = (f"; the article itself links {year - 1} with the COVID-19 outbreak ({', '.join(covid)}), and a low base "
            "raises a growth rate" if len(covid) else "")
    notes = {
        level_id: f"a figure for one {period}, not for a whole year (and the four quarters of a year differ)",
        growth_id: (f"growth is measured against the {period} of {year - 1}{base}; the course has no quarterly data "
                    "to show how the base compares with other years"),
    }
    return _rows([_record(c, NEEDS_CONTEXT, "base of a growth rate", CLAIMS, result, notes[c])
                  for c in (level_id, growth_id)])


def check_capacity_vs_output(claims: pd.DataFrame, claim_id: str, coal: pd.DataFrame,
                             country: str = "China") -> pd.DataFrame:
    """Capacity closed over a period, set beside a country's coal output (``coal_production_tonnes``) then."""
    row = _claim(claims, claim_id)
    start, end = int(row["period_start"]), int(row["period_end"])
    output = coal.loc[coal["country"] == country].set_index("year")["coal_production_mt"]
    first, last = float(output.loc[start]), float(output.loc[end])
    result = (f"{row['value']:g} {row['unit']} of capacity closed over {start}-{end}; {country}'s coal output was "
              f"{first:,.0f} Mt in {start} and {last:,.0f} Mt in {end} (bp); {row['value']:g} Mt is "
              f"{100 * float(row['value']) / last:.1f} % of the {end} output")
    note = ("capacity closed is not output lost: outdated mines can close while others produce more, and "
            f"{country}'s output {'rose' if last > first else 'fell'} over the same years; the course has no "
            "Shanxi coal output series, so the figure is read here for scale only")
    return _rows([_record(claim_id, NEEDS_CONTEXT, "capacity vs output", "coal_production_tonnes", result, note)])


def check_efficiency(claims: pd.DataFrame, claim_id: str, item: str) -> pd.DataFrame:
    """A percent 'increase in efficiency' read as throughput (``item``s per hour): the time per ``item``."""
    gain = float(_claim(claims, claim_id)["value"])
    fraction = time_per_unit(gain)
    result = (f"+{gain:g} % {item}s per hour means each {item} takes {100 * fraction:.1f} % of the time "
              f"({100 * (fraction - 1):+.1f} %), not {-gain:+g} %")
    note = (f"the article does not define 'efficiency' (more {item}s per hour, or less time per {item}); "
            "the two readings give different numbers")
    return _rows([_record(claim_id, NEEDS_CONTEXT, "percent change read two ways", CLAIMS, result, note)])


def check_anecdote(claims: pd.DataFrame, claim_id: str, comparison_id: str) -> pd.DataFrame:
    """One person's or family's figure set beside a figure for the group they belong to."""
    one, group = _claim(claims, claim_id), _claim(claims, comparison_id)
    ratio = float(one["value"]) / float(group["value"])
    result = (f"{_amount(one['value'], one['unit'])} ({one['entity']}) is {ratio:,.0f} times the "
              f"{_amount(group['value'], group['unit'])} of {group['indicator'].replace('_', ' ')} ({comparison_id})")
    note = (f"one household's own figure, stated by {one['speaker']}: an anecdote shows what happened to one "
            f"family, not what is typical; {comparison_id} measures something else (read both quotes), so the "
            "two are not like for like")
    return _rows([_record(claim_id, NEEDS_CONTEXT, "anecdote vs group figure", CLAIMS, result, note)])


def check_combined_gains(claims: pd.DataFrame, output_id: str, price_id: str) -> pd.DataFrame:
    """An output gain and a price gain (percent, the price as a range): the revenue change if both apply."""
    output, price = _claim(claims, output_id), _claim(claims, price_id)
    gains = [float(price["value"]), float(price["value_high"]) if pd.notna(price["value_high"]) else
             float(price["value"])]
    factors = [growth.combined_change(float(output["value"]), g) for g in gains]
    added = [float(output["value"]) + g for g in gains]
    result = (f"+{output['value']:g} % output and +{gains[0]:g} to +{gains[1]:g} % price multiply to "
              f"+{100 * (factors[0] - 1):.0f} to +{100 * (factors[1] - 1):.0f} % revenue, not +{added[0]:g} to "
              f"+{added[1]:g} % (derived)")
    note = (f"{output['speaker']}'s own general statement about new technologies and seedlings, not a measured "
            "result; if both gains apply together they multiply")
    return _rows([_record(c, NEEDS_CONTEXT, "percentage gains combined", CLAIMS, result, note)
                  for c in (output_id, price_id)])


def check_per_unit(claims: pd.DataFrame, income_id: str, ratio_id: str) -> pd.DataFrame:
    """An income per hectare and a ratio to another crop: what the ratio implies, and what it does not say."""
    income, ratio = _claim(claims, income_id), _claim(claims, ratio_id)
    implied = float(income["value"]) / float(ratio["value"])
    other = str(ratio["indicator"]).split("_vs_")[-1].replace("_", " ")
    result = (f"{_amount(income['value'], income['unit'])} ÷ {ratio['value']:g} implies about {implied:,.0f} "
              f"{income['unit']} from {other} (derived)")
    note = (f"an income per hectare, not per family: the article does not say how many hectares a family farms, "
            f"and the course has no data on incomes from {other} to check the ratio")
    return _rows([_record(c, NEEDS_CONTEXT, "per hectare, not per family", CLAIMS, result, note)
                  for c in (income_id, ratio_id)])


def check_share(claims: pd.DataFrame, part_id: str, whole_id: str) -> pd.DataFrame:
    """A part (e.g. hectares upgraded) as a share of the whole it belongs to."""
    part, whole = _claim(claims, part_id), _claim(claims, whole_id)
    share = 100 * float(part["value"]) / float(whole["value"])
    bound = "at most " if whole["qualifier"] == "more than" else ""
    result = (f"{_amount(part['value'], part['unit'])} of {_amount(whole['value'], whole['unit'])}: {bound}"
              f"{share:.1f} % (derived)")
    note = (f"the part is small beside the whole; the whole is '{whole['qualifier']}', so the share is an upper "
            "bound" if bound else "the part is shown as a share of the whole")
    return _rows([_record(part_id, NEEDS_CONTEXT, "share of the whole", CLAIMS, result, note)])


# Against other data ----------------------------------------------------------------------------------------------

def check_national_line(claims: pd.DataFrame, claim_id: str, headcount: pd.DataFrame,
                        entity: str = "China") -> pd.DataFrame:
    """A year of eradicating poverty against the headcount at the national poverty line (``poverty_headcount``).

    "consistent with other data" when the headcount rounds to 0.0 % in that year, otherwise "differs from
    other data" with the figure.
    """
    year = _year(_claim(claims, claim_id))
    series = headcount.loc[(headcount["entity_name"] == entity) & (headcount["poverty_line"] == "national line")]
    series = series.set_index("year")["headcount_pct"].sort_index()
    if year not in series.index:
        return not_checkable(claims, claim_id, f"poverty_headcount has no {entity} estimate for {year}")
    before = series.loc[:year - 1]
    value = float(series.loc[year])
    earlier = f"{before.iloc[-1]:.1f} % in {before.index[-1]} → " if len(before) else ""
    result = f"{entity}'s headcount at its national poverty line: {earlier}{value:.1f} % in {year} (World Bank)"
    if round(value, 1) == 0:
        verdict, note = CONSISTENT, ("national data at the national line agree with eradication in that year; they "
                                     "cannot confirm the city's own count, and 0.0 is rounded to one decimal")
    else:
        verdict, note = DIFFERS, f"the national headcount was {value:.1f} %, not 0, in {year}"
    return _rows([_record(claim_id, verdict, "national poverty line", "poverty_headcount", result, note)])


def check_scope(claims: pd.DataFrame, claim_id: str, dataset: str, frame: pd.DataFrame, place_column: str,
                measures: str) -> pd.DataFrame:
    """Why a tempting dataset cannot check a claim: which places and years it covers, and what it measures.

    Always "not checkable with these data": the result says whether the claim's place and year are covered,
    and ``measures`` (a phrase, e.g. 'CO2 emissions') says what the dataset measures instead.
    """
    row = _claim(claims, claim_id)
    covered = sorted(str(p) for p in frame[place_column].dropna().unique())
    has_place = row["entity"] in covered
    rows = frame.loc[frame[place_column] == row["entity"]] if has_place else frame
    years = f"{int(rows['year'].min())}-{int(rows['year'].max())}"
    place = f"covers {row['entity']}" if has_place else f"covers {', '.join(covered)}, not {row['entity']}"
    result = f"{dataset} {place}, for {years}, and measures {measures}"
    note = (f"the dataset has {row['entity']}, but not this quantity" if has_place else
            f"the dataset does not go down to {row['entity']}; a figure for a larger area cannot give this number "
            "for a smaller one")
    return _rows([_record(claim_id, NOT_CHECKABLE, "scope of a dataset", dataset, result, note)])


_NO_DATA = {
    "company": "a figure about one company; the course has no company data",
    "park": "a figure about one park or zone; the course has no data on parks",
    "cooperative": "a cooperative's figure as told to the reporter; the course has no cooperative accounts",
    "person": "a fact or statement about one person; no dataset records it",
    "household": "one family's figure; no dataset records it",
    "mine": "a figure about one mine; no dataset records it",
    "city": "no city-level data for this quantity in the course",
}


def not_checkable(claims: pd.DataFrame, claim_id: str, reason: str | None = None) -> pd.DataFrame:
    """The verdict for a claim no check covers: why these data cannot check it, and whose figure it is."""
    row = _claim(claims, claim_id)
    why = reason or _NO_DATA.get(str(row["entity_type"]), "no dataset in the course measures it")
    figure = _amount(row["value"], row["unit"], row["value_high"]) if pd.notna(row["value"]) else "no number"
    qualifier = "" if row["qualifier"] in ("exact", "range") else f"{row['qualifier']} "
    result = f"{qualifier}{figure} ({row['entity']})"
    return _rows([_record(claim_id, NOT_CHECKABLE, "no data to compare", "none", result,
                          f"{why}; speaker: {row['speaker']}")])


# The whole article ------------------------------------------------------------------------------------------------

def load_sources() -> dict[str, pd.DataFrame]:
    """The other datasets the checks use, by name (see :data:`EXTERNAL`)."""
    return {name: data.load(name) for name in EXTERNAL}


def all_checks(claims: pd.DataFrame, sources: dict[str, pd.DataFrame], tolerance_pct: float) -> pd.DataFrame:
    """Every check the course can run on the article, in a fixed order; a claim may appear more than once.

    ``sources`` holds the datasets of :func:`load_sources`; ``tolerance_pct`` is the conversion check's tolerance.
    """
    return pd.concat([check_conversions(claims, tolerance_pct), _fixed_checks(claims, sources)], ignore_index=True)


def _fixed_checks(claims: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The checks of :func:`all_checks` after the conversion check: the ones that do not depend on its tolerance."""
    crops, socio, cities = sources["crop_production"], sources["shanxi_socioeconomic"], sources["shanxi_city_co2"]
    frames = [
        check_repeats(claims),
        check_parts_sum(claims, ["C019", "C020"], "C021"),
        check_timeline(claims, ["C024", "C025", "C026", "C028"]),
        check_duration(claims, "C041", "C042", "C043"),
        check_growth_gap(claims, "C007", "C009", "C008"),
        check_growth_multiple(claims, "C012", "C015"),
        check_total_and_growth(claims, "C062", "C063"),
        check_base_effect(claims, "C037", "C038", "first quarter"),
        check_capacity_vs_output(claims, "C004", sources["coal_production_tonnes"]),
        check_efficiency(claims, "C048", "container"),
        check_anecdote(claims, "C029", "C031"),
        check_combined_gains(claims, "C058", "C059"),
        check_per_unit(claims, "C033", "C034"),
        check_share(claims, "C055", "C052"),
        check_national_line(claims, "C022", sources["poverty_headcount"]),
        check_scope(claims, "C051", "crop_production", crops, "entity", "national crop production in tonnes"),
        check_scope(claims, "C052", "crop_production", crops, "entity", "crop production in tonnes, not area"),
        check_scope(claims, "C023", "poverty_headcount", sources["poverty_headcount"], "entity_name",
                    "the share of people below poverty lines"),
        check_scope(claims, "C064", "shanxi_socioeconomic", socio, "province", "provincial GDP and population"),
        check_scope(claims, "C065", "shanxi_socioeconomic", socio, "province", "provincial GDP and population"),
        check_scope(claims, "C037", "shanxi_city_co2", cities, "city_en", "CO2 emissions, not GDP"),
        not_checkable(claims, "C039", "the course has no GDP for Shanxi's other cities; the ranking compares growth "
                                      "rates, each measured against a year-earlier quarter (see C038)"),
    ]
    return pd.concat(frames, ignore_index=True)


def verdict_table(claims: pd.DataFrame, sources: dict[str, pd.DataFrame], tolerance_pct: float) -> pd.DataFrame:
    """One verdict per claim, for every claim of ``claims``, in claim order.

    Where several checks cover a claim, the strongest finding wins (order of :data:`VERDICTS`, then the order of
    :func:`all_checks`); ``other_checks`` names the others. A claim no check covers gets :func:`not_checkable`.
    Columns: claim_id, theme, verdict, check, dataset, result, note, other_checks.
    """
    return _verdicts(claims, all_checks(claims, sources, tolerance_pct))


def _verdicts(claims: pd.DataFrame, checks: pd.DataFrame) -> pd.DataFrame:
    """:func:`verdict_table` from the rows of :func:`all_checks`."""
    checks = checks.copy()
    checks["rank"] = checks["verdict"].map({v: i for i, v in enumerate(VERDICTS)})
    checks["order"] = range(len(checks))
    ranked = checks.sort_values(["rank", "order"])
    best = ranked.drop_duplicates("claim_id").set_index("claim_id")
    others = ranked.groupby("claim_id", sort=False)["check"].agg(lambda s: "; ".join(s.iloc[1:]))
    found = best[COLUMNS[1:]].to_dict("index")
    rows = []
    for claim_id, theme in zip(claims["claim_id"], claims["theme"], strict=True):
        if claim_id in found:
            row = {"claim_id": claim_id, **found[claim_id]}
        else:
            row = not_checkable(claims, claim_id).iloc[0].to_dict()
        rows.append({**row, "theme": theme, "other_checks": others.get(claim_id, "")})
    return pd.DataFrame(rows, columns=["claim_id", "theme", *COLUMNS[1:], "other_checks"])


def verdict_counts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Claims per theme (rows) and verdict (columns, every verdict of :data:`VERDICTS`, in order)."""
    table = pd.crosstab(verdicts["theme"], verdicts["verdict"])
    return table.reindex(columns=list(VERDICTS), fill_value=0)


def _verdict_colours() -> dict[str, str]:
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    order = (CONSISTENT, INTERNAL, NEEDS_CONTEXT, NOT_CHECKABLE, DIFFERS)  # first palette colours for common ones
    return {v: cycle[i % len(cycle)] for i, v in enumerate(order)}


def draw_verdicts(verdicts: pd.DataFrame) -> Figure:
    """Stacked horizontal bars: claims per theme, split by verdict (legend with the total of each verdict)."""
    counts = verdict_counts(verdicts)
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
    ax.legend(title="verdict (claims)", loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def describe_verdicts(verdicts: pd.DataFrame) -> str:
    """Alt text for :func:`draw_verdicts`: each verdict's total and the largest theme."""
    totals = verdicts["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    parts = "; ".join(f"{verdict}: {int(n)}" for verdict, n in totals.items())
    themes = verdicts["theme"].value_counts()
    largest = " and ".join(themes.index[themes == themes.iloc[0]])  # a tie names every largest theme
    return (f"Stacked horizontal bars, one per theme, splitting the article's {len(verdicts)} claims by verdict. "
            f"Totals: {parts}. The largest theme is {largest} with {int(themes.iloc[0])} claims"
            f"{' each' if ' and ' in largest else ''}.")


def show_verdicts(verdicts: pd.DataFrame) -> None:
    """Display the verdict figure with its alt text and source line."""
    plots.show(draw_verdicts(verdicts), alt=describe_verdicts(verdicts), source=SOURCE)


# What-if: how strict is the fact-checker? ---------------------------------------------------------------------

@dataclass(frozen=True)
class ToleranceView:
    """The tolerance explorer's result: the tolerance (%), the conversion pairs and the verdict table."""

    tolerance_pct: float
    pairs: pd.DataFrame
    verdicts: pd.DataFrame


def tolerance_scenario(claims: pd.DataFrame, sources: dict[str, pd.DataFrame], tolerance_pct: float) -> ToleranceView:
    """The whole verdict table at one tolerance (%) for the yuan/dollar conversion check."""
    return _tolerance_view(claims, pair_deviations(claims), _fixed_checks(claims, sources), tolerance_pct)


def _tolerance_view(claims: pd.DataFrame, pairs: pd.DataFrame, fixed: pd.DataFrame,
                    tolerance_pct: float) -> ToleranceView:
    """:func:`tolerance_scenario` from the parts that do not depend on the tolerance: the pairs and the other checks."""
    checks = pd.concat([check_conversions(claims, tolerance_pct), fixed], ignore_index=True)
    return ToleranceView(tolerance_pct, pairs, _verdicts(claims, checks))


def draw_tolerance(view: ToleranceView) -> Figure:
    """Left: each pair's deviation from the common rate, with the tolerance band. Right: claims per verdict."""
    colours = _verdict_colours()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4), gridspec_kw={"width_ratios": [1, 1.3]})
    pairs = view.pairs
    inside = pairs["deviation_pct"].abs() <= view.tolerance_pct
    grey = plt.rcParams["axes.prop_cycle"].by_key()["color"][7]
    left.axvspan(-view.tolerance_pct, view.tolerance_pct, color=grey, alpha=0.3,
                 label=f"±{view.tolerance_pct:.2f} % tolerance")
    left.barh(pairs["pair_id"], pairs["deviation_pct"],
              color=[colours[INTERNAL] if ok else colours[NEEDS_CONTEXT] for ok in inside])
    left.axvline(0, color="0.2", linewidth=0.8)
    left.set_xlim(-2, 2)
    left.invert_yaxis()
    left.set_xlabel("implied rate minus common rate (% of common rate)")
    left.set_title("The article's four yuan/dollar pairs")
    left.legend(loc="lower right", fontsize=8)
    totals = view.verdicts["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    right.barh(list(totals.index), totals.to_numpy(), color=[colours[v] for v in totals.index])
    for y, n in enumerate(totals.to_numpy()):
        right.text(n + 0.5, y, str(int(n)), va="center", fontsize=9)
    right.invert_yaxis()
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_xlim(0, len(view.verdicts) * 0.6)
    right.set_xlabel("number of claims")
    right.set_title(f"Verdicts for all {len(view.verdicts)} claims")
    fig.tight_layout()
    return fig


def describe_tolerance(view: ToleranceView) -> str:
    """Alt text for :func:`draw_tolerance`: pairs inside the band and the verdict totals."""
    inside = int((view.pairs["deviation_pct"].abs() <= view.tolerance_pct).sum())
    totals = view.verdicts["verdict"].value_counts()
    return (f"Left: bars for the {len(view.pairs)} yuan/dollar pairs, deviating "
            f"{view.pairs['deviation_pct'].min():+.2f} % to {view.pairs['deviation_pct'].max():+.2f} % from the "
            f"common rate; {inside} lie inside the ±{view.tolerance_pct:.2f} % tolerance. Right: "
            f"{int(totals.get(INTERNAL, 0))} claims internally consistent, {int(totals.get(NEEDS_CONTEXT, 0))} "
            f"need context, {int(totals.get(CONSISTENT, 0))} consistent with other data, "
            f"{int(totals.get(NOT_CHECKABLE, 0))} not checkable with these data.")


def show_tolerance(view: ToleranceView) -> None:
    """Display the tolerance figure with its alt text and source line."""
    plots.show(draw_tolerance(view), alt=describe_tolerance(view), source=SOURCE)


def tolerance_sliders(default_pct: float) -> list[widgets.Slider]:
    """The explorer's one slider: the conversion tolerance, defaulting to the largest rounding effect."""
    return [widgets.Slider("tolerance_pct", "tolerance for a conversion", 0.0, 2.0, 0.01, default_pct, "%")]


def default_tolerance(claims: pd.DataFrame) -> float:
    """The largest amount (%, rounded up to 0.01) by which rounding a dollar figure can move its implied rate."""
    return math.ceil(100 * float(pair_deviations(claims)["rounding_pct"].max())) / 100


def tolerance_explorer(claims: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> widgets.Explorer:
    """Explorer: choose the tolerance of the conversion check and see every claim's verdict change (or not)."""
    # Computed once, not on every slider move: only the conversion check depends on the tolerance.
    pairs, fixed = pair_deviations(claims), _fixed_checks(claims, sources)
    return widgets.explorer(
        lambda tolerance_pct: _tolerance_view(claims, pairs, fixed, tolerance_pct),
        show_tolerance,
        tolerance_sliders(default_tolerance(claims)),
        title="How strict is the fact-checker? The tolerance of the yuan/dollar check",
    )


def tolerance_app() -> widgets.Explorer:
    """How strict is the fact-checker? The verdict table as the conversion tolerance changes.

    The slider starts at the largest amount by which rounding a dollar figure can move its rate (derived).
    """
    return tolerance_explorer(data.load(CLAIMS), load_sources())


APPS = {"fact-check-tolerance": tolerance_app}  # explorers that run on their own (helpers/apps.py, course.py app)
