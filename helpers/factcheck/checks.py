"""The fact-checks (notebook 04): one small check per kind, each returning verdict rows
(:mod:`helpers.factcheck.verdicts`). Every check takes the claims table ``data.load("article_claims")`` and, for
a check against other data, the dataset it uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from helpers import growth, units
from helpers.article import row as claim_row
from helpers.context_tables import TCE_PER_TONNE_RAW_COAL, article_county_check, city_counties, phase_out_share
from helpers.factcheck.verdicts import (
    CAUSAL,
    CLAIMS,
    CONSISTENT,
    DIFFERS,
    INTERNAL,
    NEEDS_CONTEXT,
    NOT_CHECKABLE,
    amount,
    event_year,
    pair_deviations,
    previous_level,
    record,
    rows_of,
    time_per_unit,
)

__all__ = [
    "check_anecdote", "check_base_effect", "check_capacity_vs_output", "check_capacity_vs_province_output",
    "check_causal", "check_combined_gains", "check_conversions", "check_county_list", "check_duration",
    "check_efficiency", "check_growth_gap", "check_growth_multiple", "check_national_line",
    "check_parts_sum", "check_per_unit", "check_repeats", "check_scope", "check_share", "check_timeline",
    "check_total_and_growth", "not_checkable", "not_checkable_record",
]


# Internal consistency: the article's own figures against each other -------------------------------------------

def check_conversions(claims: pd.DataFrame, tolerance_pct: float, pairs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each yuan/dollar pair: is the rate it implies within ``tolerance_pct`` % of the article's common rate?

    Both claims of a pair get "internally consistent" if so, otherwise "needs context" with the numbers. ``pairs``
    is :func:`~helpers.factcheck.verdicts.pair_deviations` of ``claims``, when already computed.
    """
    if tolerance_pct < 0:
        raise ValueError("the tolerance must not be negative")
    records = []
    pairs = pair_deviations(claims) if pairs is None else pairs
    for pair in pairs.itertuples():
        ok = abs(pair.deviation_pct) <= tolerance_pct
        result = (f"{amount(pair.yuan, 'yuan')} = {amount(pair.usd, 'USD')} implies {pair.yuan_per_usd:.3f} "
                  f"yuan per US$, {pair.deviation_pct:+.2f} % from the article's common rate "
                  f"{pair.common_rate:.3f} (median of its {len(pairs)} pairs)")
        note = (f"within the tolerance of {tolerance_pct:.2f} %; rounding the dollar figure alone can move the "
                f"rate by up to {pair.rounding_pct:.2f} %" if ok else
                f"further from the common rate than the tolerance of {tolerance_pct:.2f} %; rounding the dollar "
                f"figure alone can move the rate by up to {pair.rounding_pct:.2f} %")
        for claim_id in claims.loc[claims["pair_id"] == pair.pair_id, "claim_id"]:
            records.append(record(claim_id, INTERNAL if ok else NEEDS_CONTEXT, f"yuan/dollar conversion "
                                   f"({pair.pair_id})", CLAIMS, result, note))
    return rows_of(records)


def check_repeats(claims: pd.DataFrame) -> pd.DataFrame:
    """Figures the article states more than once (``repeated_in``): do the two statements agree?

    Values are compared, or, where the article gives no number, the periods. Agreement is "internally
    consistent"; a difference is "needs context" with both figures.
    """
    records = []
    for claim_id, other_ids in claims.set_index("claim_id")["repeated_in"].dropna().items():
        row = claim_row(claims, claim_id)
        for other_id in str(other_ids).split(";"):
            other = claim_row(claims, other_id.strip())
            if pd.isna(row["value"]) and pd.isna(other["value"]):
                same = row["period_end"] == other["period_end"] and row["unit"] == other["unit"]
                what = f"no number either time; both refer to {row['period_end']}"
            else:
                same = row["value"] == other["value"] and row["unit"] == other["unit"]
                what = f"{amount(row['value'], row['unit'])} here, {amount(other['value'], other['unit'])} in " \
                       f"{other_id.strip()}"
            note = ("the same figure in two places agrees; compare the two quotes for how each describes it"
                    if same else "the two statements of this figure differ")
            records.append(record(claim_id, INTERNAL if same else NEEDS_CONTEXT,
                                   f"repeated figure (with {other_id.strip()})", CLAIMS, what, note))
    return rows_of(records)


def check_parts_sum(claims: pd.DataFrame, part_ids: Sequence[str], total_id: str) -> pd.DataFrame:
    """Do the parts (e.g. counties delisted each year) add up to the stated total?"""
    parts = [claim_row(claims, c) for c in part_ids]
    total = claim_row(claims, total_id)
    added = sum(float(p["value"]) for p in parts)
    ok = math.isclose(added, float(total["value"]))
    result = (" + ".join(f"{p['value']:g}" for p in parts) + f" = {added:g} {total['unit']}; the article's total "
              f"is {total['value']:g}")
    note = "the parts add up to the total" if ok else "the parts do not add up to the stated total"
    return rows_of([record(c, INTERNAL if ok else NEEDS_CONTEXT, "parts and total", CLAIMS, result, note)
                  for c in [*part_ids, total_id]])


def check_timeline(claims: pd.DataFrame, event_ids: Sequence[str]) -> pd.DataFrame:
    """Do the years of a story's events run in the order the article tells them?"""
    years = [event_year(claim_row(claims, c)) for c in event_ids]
    ok = all(a <= b for a, b in zip(years, years[1:], strict=False))
    result = " → ".join(str(y) for y in years) + f" ({', '.join(event_ids)})"
    note = ("the dates fit the order of the story; they come from the story itself and no dataset in the course "
            "records them" if ok else "the years do not run in the order the story tells")
    return rows_of([record(c, INTERNAL if ok else NEEDS_CONTEXT, "timeline", CLAIMS, result, note)
                  for c in event_ids])


def check_duration(claims: pd.DataFrame, start_id: str, duration_id: str, end_id: str) -> pd.DataFrame:
    """Does a start year plus a stated duration (in years) give the year of the next event?"""
    start, duration, end = (event_year(claim_row(claims, start_id)), float(claim_row(claims, duration_id)["value"]),
                            event_year(claim_row(claims, end_id)))
    ok = math.isclose(start + duration, end)
    result = f"{start} + {duration:g} year(s) = {start + duration:g}; the next event is dated {end}"
    note = ("start, duration and the next date agree" if ok else
            "start plus duration does not reach the next date; the duration is 'about'")
    return rows_of([record(c, INTERNAL if ok else NEEDS_CONTEXT, "start + duration", CLAIMS, result, note)
                  for c in (start_id, duration_id, end_id)])


def check_growth_gap(claims: pd.DataFrame, rate_id: str, gap_id: str, years_id: str) -> pd.DataFrame:
    """A growth rate (% a year), its gap to another rate (percentage points) and a number of years.

    Derives the other rate (rate − gap) and compounds both over the years: the figures fit together when the
    derived rate is above −100 % and the faster rate compounds to the larger total.
    """
    rate, gap, years = (float(claim_row(claims, c)["value"]) for c in (rate_id, gap_id, years_id))
    other = growth.pp_difference(rate, gap)
    fast, slow = (growth.compound(1.0, r / 100, int(years))[-1] for r in (rate, other))
    ok = other > -100 and fast >= slow
    result = (f"{rate:g} % a year − {gap:g} percentage points = {other:.1f} % a year for all industry (derived); "
              f"over {years:g} years: +{100 * (fast - 1):.1f} % against +{100 * (slow - 1):.1f} % (compounded)")
    note = ("the figures fit together; the derived rate is not stated in the article, and no dataset in the "
            "course measures these growth rates, so neither can be checked against other data")
    return rows_of([record(c, INTERNAL if ok else NEEDS_CONTEXT, "growth rate and gap", CLAIMS, result, note)
                  for c in (rate_id, gap_id, years_id)])


def check_growth_multiple(claims: pd.DataFrame, start_id: str, end_id: str) -> pd.DataFrame:
    """Two amounts of the same quantity in different years: the multiple and the compound annual growth rate."""
    start, end = claim_row(claims, start_id), claim_row(claims, end_id)
    years = event_year(end) - event_year(start)
    multiple = float(end["value"]) / float(start["value"])
    rate = 100 * growth.cagr(float(start["value"]), float(end["value"]), years)
    result = (f"{amount(start['value'], start['unit'])} ({event_year(start)}) → {amount(end['value'], end['unit'])} "
              f"({event_year(end)}): ×{multiple:,.0f} in {years} years, {rate:,.0f} % a year on average (compound)")
    note = (f"the average rate as if growth had been steady; from a small first-year base any later figure gives "
            f"a very large rate. Both figures are {end['speaker']}'s, and the course has no company accounts")
    return rows_of([record(c, INTERNAL, "growth multiple and average rate", CLAIMS, result, note)
                  for c in (start_id, end_id)])


def check_total_and_growth(claims: pd.DataFrame, total_id: str, rate_id: str) -> pd.DataFrame:
    """A total over a period and an average growth rate: the first and last year's amounts they imply.

    Reads the rate as growth from one year of the period to the next, so the yearly amounts are
    a, a(1+g), …, a(1+g)^(n-1) and sum to the total.
    """
    total, rate = claim_row(claims, total_id), claim_row(claims, rate_id)
    first_year, last_year = int(total["period_start"]), int(total["period_end"])
    years = last_year - first_year + 1
    first = growth.first_of_growing_total(float(total["value"]), float(rate["value"]), years)
    last = growth.compound(first, float(rate["value"]) / 100, years - 1)[-1]
    result = (f"{amount(total['value'], total['unit'])} over {first_year}-{last_year} growing {rate['value']:g} % "
              f"a year: {amount(first, total['unit'])} in {first_year} rising to {amount(last, total['unit'])} in "
              f"{last_year} (derived)")
    note = (f"every total fits some first year, so this shows what the two figures imply together, not that "
            f"either is right; '{total['qualifier']}' the total makes these amounts lower bounds")
    return rows_of([record(c, INTERNAL, "total and average growth", CLAIMS, result, note)
                  for c in (total_id, rate_id)])


# Needs context: figures that are easy to misread ---------------------------------------------------------------

def check_base_effect(claims: pd.DataFrame, level_id: str, growth_id: str, period: str) -> pd.DataFrame:
    """A ``period``'s level (e.g. a first quarter's GDP) and its year-on-year growth: the level a year earlier.

    The note names any claim of the article that marks the earlier year as the COVID-19 outbreak year.
    """
    level, rate = claim_row(claims, level_id), claim_row(claims, growth_id)
    earlier = previous_level(float(level["value"]), float(rate["value"]))
    year = event_year(level)
    result = (f"{amount(level['value'], 'yuan')} in the {period} of {year}, {rate['value']:g} % above the "
              f"{period} of {year - 1}, which implies {amount(earlier, 'yuan')} then "
              f"(derived: {units.to_yi(float(level['value'])):,.1f} 亿 / {1 + float(rate['value']) / 100:.3f})")
    covid = claims.loc[claims["quote"].str.contains("COVID-19") & (claims["period_end"] == year - 1), "claim_id"]
    base = (f"; the article itself links {year - 1} with the COVID-19 outbreak ({', '.join(covid)}), and a low base "
            "raises a growth rate" if len(covid) else "")
    notes = {
        level_id: f"a figure for one {period}, not for a whole year (and the four quarters of a year differ)",
        growth_id: (f"growth is measured against the {period} of {year - 1}{base}; the course has no quarterly data "
                    "to show how the base compares with other years"),
    }
    return rows_of([record(c, NEEDS_CONTEXT, "base of a growth rate", CLAIMS, result, notes[c])
                  for c in (level_id, growth_id)])


def check_capacity_vs_output(claims: pd.DataFrame, claim_id: str, coal: pd.DataFrame,
                             country: str = "China") -> pd.DataFrame:
    """Capacity closed over a period, set beside a country's coal output (``coal_production_tonnes``) then."""
    row = claim_row(claims, claim_id)
    start, end = int(row["period_start"]), int(row["period_end"])
    output = coal.loc[coal["country"] == country].set_index("year")["coal_production_mt"]
    first, last = float(output.loc[start]), float(output.loc[end])
    result = (f"{row['value']:g} {row['unit']} of capacity closed over {start}-{end}; {country}'s coal output was "
              f"{first:,.0f} Mt in {start} and {last:,.0f} Mt in {end} (bp); {row['value']:g} Mt is "
              f"{100 * float(row['value']) / last:.1f} % of the {end} output")
    note = ("capacity closed is not output lost: outdated mines can close while others produce more, and "
            f"{country}'s output {'rose' if last > first else 'fell'} over the same years; the course's series of "
            "Shanxi's own output ends in 2014 (see the check against it), so this figure is read for scale only")
    return rows_of([record(claim_id, NEEDS_CONTEXT, "capacity vs output", "coal_production_tonnes", result, note)])


def check_capacity_vs_province_output(claims: pd.DataFrame, claim_id: str, coal: pd.DataFrame) -> pd.DataFrame:
    """Capacity closed set beside the province's own output (``shanxi_coal_output``, Mtce converted to tonnes)."""
    row = claim_row(claims, claim_id)
    share = phase_out_share(coal, float(row["value"]))
    result = (f"{row['value']:g} {row['unit']} of capacity closed over {int(row['period_start'])}-"
              f"{int(row['period_end'])} is {share.share_of_latest_pct:.1f} % of {row['entity']}'s raw-coal output "
              f"in {share.latest_year} ({share.latest_raw_coal_mt:,.0f} Mt) and {share.share_of_mean_pct:.1f} % of "
              f"its {share.years[0]}-{share.years[-1]} mean ({share.mean_raw_coal_mt:,.0f} Mt)")
    note = (f"output in tonnes is converted from the published Mtce at {TCE_PER_TONNE_RAW_COAL} t of coal "
            f"equivalent per tonne (a conversion); the series ends in {share.data_end}, so these data cannot say "
            "how much output changed during the plan; capacity closed is not output lost")
    return rows_of([record(claim_id, NEEDS_CONTEXT, "capacity vs the province's output", "shanxi_coal_output",
                           result, note)])


def check_efficiency(claims: pd.DataFrame, claim_id: str, item: str) -> pd.DataFrame:
    """A percent 'increase in efficiency' read as throughput (``item``s per hour): the time per ``item``."""
    gain = float(claim_row(claims, claim_id)["value"])
    fraction = time_per_unit(gain)
    result = (f"+{gain:g} % {item}s per hour means each {item} takes {100 * fraction:.1f} % of the time "
              f"({100 * (fraction - 1):+.1f} %), not {-gain:+g} %")
    note = (f"the article does not define 'efficiency' (more {item}s per hour, or less time per {item}); "
            "the two readings give different numbers")
    return rows_of([record(claim_id, NEEDS_CONTEXT, "percent change read two ways", CLAIMS, result, note)])


def check_anecdote(claims: pd.DataFrame, claim_id: str, comparison_id: str) -> pd.DataFrame:
    """One person's or family's figure set beside a figure for the group they belong to."""
    one, group = claim_row(claims, claim_id), claim_row(claims, comparison_id)
    ratio = float(one["value"]) / float(group["value"])
    result = (f"{amount(one['value'], one['unit'])} ({one['entity']}) is {ratio:,.0f} times the "
              f"{amount(group['value'], group['unit'])} of {group['indicator'].replace('_', ' ')} ({comparison_id})")
    note = (f"one household's own figure, stated by {one['speaker']}: an anecdote shows what happened to one "
            f"family, not what is typical; {comparison_id} measures something else (read both quotes), so the "
            "two are not like for like")
    return rows_of([record(claim_id, NEEDS_CONTEXT, "anecdote vs group figure", CLAIMS, result, note)])


def check_combined_gains(claims: pd.DataFrame, output_id: str, price_id: str) -> pd.DataFrame:
    """An output gain and a price gain (percent, the price as a range): the revenue change if both apply."""
    output, price = claim_row(claims, output_id), claim_row(claims, price_id)
    gains = [float(price["value"]), float(price["value_high"]) if pd.notna(price["value_high"]) else
             float(price["value"])]
    factors = [growth.combined_change(float(output["value"]), g) for g in gains]
    added = [float(output["value"]) + g for g in gains]
    result = (f"+{output['value']:g} % output and +{gains[0]:g} to +{gains[1]:g} % price multiply to "
              f"+{100 * (factors[0] - 1):.0f} to +{100 * (factors[1] - 1):.0f} % revenue, not +{added[0]:g} to "
              f"+{added[1]:g} % (derived)")
    note = (f"{output['speaker']}'s own general statement about new technologies and seedlings, not a measured "
            "result; if both gains apply together they multiply")
    return rows_of([record(c, NEEDS_CONTEXT, "percentage gains combined", CLAIMS, result, note)
                  for c in (output_id, price_id)])


def check_per_unit(claims: pd.DataFrame, income_id: str, ratio_id: str) -> pd.DataFrame:
    """An income per hectare and a ratio to another crop: what the ratio implies, and what it does not say."""
    income, ratio = claim_row(claims, income_id), claim_row(claims, ratio_id)
    implied = float(income["value"]) / float(ratio["value"])
    other = str(ratio["indicator"]).split("_vs_")[-1].replace("_", " ")
    result = (f"{amount(income['value'], income['unit'])} ÷ {ratio['value']:g} implies about {implied:,.0f} "
              f"{income['unit']} from {other} (derived)")
    note = (f"an income per hectare, not per family: the article does not say how many hectares a family farms, "
            f"and the course has no data on incomes from {other} to check the ratio")
    return rows_of([record(c, NEEDS_CONTEXT, "per hectare, not per family", CLAIMS, result, note)
                  for c in (income_id, ratio_id)])


def check_share(claims: pd.DataFrame, part_id: str, whole_id: str) -> pd.DataFrame:
    """A part (e.g. hectares upgraded) as a share of the whole it belongs to."""
    part, whole = claim_row(claims, part_id), claim_row(claims, whole_id)
    share = 100 * float(part["value"]) / float(whole["value"])
    bound = "at most " if whole["qualifier"] == "more than" else ""
    result = (f"{amount(part['value'], part['unit'])} of {amount(whole['value'], whole['unit'])}: {bound}"
              f"{share:.1f} % (derived)")
    note = (f"the part is small beside the whole; the whole is '{whole['qualifier']}', so the share is an upper "
            "bound" if bound else "the part is shown as a share of the whole")
    return rows_of([record(part_id, NEEDS_CONTEXT, "share of the whole", CLAIMS, result, note)])


# Against other data ----------------------------------------------------------------------------------------------

def check_national_line(claims: pd.DataFrame, claim_id: str, headcount: pd.DataFrame,
                        entity: str = "China") -> pd.DataFrame:
    """A year of eradicating poverty against the headcount at the national poverty line (``poverty_headcount``).

    "consistent with other data" when the headcount rounds to 0.0 % in that year, otherwise "differs from
    other data" with the figure.
    """
    year = event_year(claim_row(claims, claim_id))
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
    return rows_of([record(claim_id, verdict, "national poverty line", "poverty_headcount", result, note)])


def check_county_list(claims: pd.DataFrame, year_ids: Sequence[str], total_id: str, counties: pd.DataFrame,
                      delisting: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Counties leaving the poverty list each year, and in all, against the compiled list (``poverty_counties``).

    "consistent with other data" when the list has as many of the city's counties leaving that year and every
    county the article names among them; otherwise "differs from other data". Counties are named in 汉字.
    """
    by_year = article_county_check(counties, delisting, places).set_index("year")
    listed = city_counties(counties, places)
    source = "a compiled list of official announcements (a university course project), not an official dataset"
    records = []
    for claim_id in year_ids:
        row = claim_row(claims, claim_id)
        year, check = int(row["period_start"]), by_year.loc[int(row["period_start"])]
        names = "、".join(listed.loc[listed["exit_year"] == year, "county_zh"])
        result = (f"the list has {check['list_count']} {row['entity']} counties leaving in {year} ({names}); the "
                  f"article says {row['value']:g}")
        named = f"; every county the article names is among them ({check['article_named']})" \
            if check["article_named"] else "; the article names none of them, the list names all"
        records.append(record(claim_id, CONSISTENT if check["agrees"] else DIFFERS, "county list", "poverty_counties",
                              result, source + named))
    total = claim_row(claims, total_id)
    ok = len(listed) == float(total["value"])
    result = (f"the list has {len(listed)} poverty counties in {total['entity']}, leaving in "
              + ", ".join(f"{y} ({n})" for y, n in listed["exit_year"].value_counts().sort_index().items())
              + f"; the article says {total['value']:g}")
    records.append(record(total_id, CONSISTENT if ok else DIFFERS, "county list", "poverty_counties", result, source))
    return rows_of(records)


def check_scope(claims: pd.DataFrame, claim_id: str, dataset: str, frame: pd.DataFrame, place_column: str,
                measures: str) -> pd.DataFrame:
    """Why a tempting dataset cannot check a claim: which places and years it covers, and what it measures.

    Always "not checkable with these data": the result says whether the claim's place and year are covered,
    and ``measures`` (a phrase, e.g. 'CO2 emissions') says what the dataset measures instead.
    """
    row = claim_row(claims, claim_id)
    covered = sorted(str(p) for p in frame[place_column].dropna().unique())
    has_place = row["entity"] in covered
    rows = frame.loc[frame[place_column] == row["entity"]] if has_place else frame
    years = f"{int(rows['year'].min())}-{int(rows['year'].max())}"
    place = f"covers {row['entity']}" if has_place else f"covers {', '.join(covered)}, not {row['entity']}"
    result = f"{dataset} {place}, for {years}, and measures {measures}"
    note = (f"the dataset has {row['entity']}, but not this quantity" if has_place else
            f"the dataset does not go down to {row['entity']}; a figure for a larger area cannot give this number "
            "for a smaller one")
    return rows_of([record(claim_id, NOT_CHECKABLE, "scope of a dataset", dataset, result, note)])


# Causal claims: "thanks to…", "as a result", "a result of…" ---------------------------------------------------

def check_causal(claims: pd.DataFrame, claim_id: str, sentence: str, cause: str) -> pd.DataFrame:
    """A figure the article ties to a cause: ``sentence`` is the article's causal sentence, word for word, and
    ``cause`` names the cause in a few words.

    Always "causal claim: needs a counterfactual": data that show the change cannot show that ``cause`` made it.
    Checking it would need the counterfactual, what would have happened without the cause.
    """
    row = claim_row(claims, claim_id)
    result = f'"{sentence}" (the article, near {row["place"]})'
    note = (f"the article says {cause} caused this; to check that, one would need to know what would have "
            "happened without it (the counterfactual), e.g. from similar places, years or farms without it. "
            "The course has no such comparison, and a change that follows a cause need not be caused by it")
    return rows_of([record(claim_id, CAUSAL, "causal claim", CLAIMS, result, note)])


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
    return rows_of([not_checkable_record(claim_row(claims, claim_id).to_dict(), reason)])


def not_checkable_record(row: dict, reason: str | None = None) -> dict:
    """:func:`not_checkable` as a verdict record, from the claim's ``row`` ({column: value} of the claims table)."""
    why = reason or _NO_DATA.get(str(row["entity_type"]), "no dataset in the course measures it")
    figure = amount(row["value"], row["unit"], row["value_high"]) if pd.notna(row["value"]) else "no number"
    qualifier = "" if row["qualifier"] in ("exact", "range") else f"{row['qualifier']} "
    result = f"{qualifier}{figure} ({row['entity']})"
    return record(row["claim_id"], NOT_CHECKABLE, "no data to compare", "none", result,
                  f"{why}; speaker: {row['speaker']}")
