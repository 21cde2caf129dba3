"""The whole article's fact-check (notebook 04): every check in a fixed order, one verdict per claim, and the
tolerance explorer's scenario. Pure: returns tables and a dataclass, draws nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.factcheck.checks import (
    check_anecdote,
    check_base_effect,
    check_capacity_vs_output,
    check_capacity_vs_province_output,
    check_causal,
    check_combined_gains,
    check_conversions,
    check_county_list,
    check_duration,
    check_efficiency,
    check_growth_gap,
    check_growth_multiple,
    check_national_line,
    check_parts_sum,
    check_per_unit,
    check_repeats,
    check_scope,
    check_share,
    check_timeline,
    check_total_and_growth,
    not_checkable,
    not_checkable_record,
)
from helpers.factcheck.verdicts import COLUMNS, VERDICTS, pair_deviations

__all__ = [
    "CAUSAL_SENTENCES", "ToleranceView", "all_checks", "causal_checks", "fixed_checks", "tolerance_scenario",
    "tolerance_view", "verdict_counts", "verdict_table", "with_rows",
]


def all_checks(claims: pd.DataFrame, sources: dict[str, pd.DataFrame], tolerance_pct: float) -> pd.DataFrame:
    """Every check the course can run on the article, in a fixed order; a claim may appear more than once.

    ``sources`` holds the datasets of :func:`load_sources`; ``tolerance_pct`` is the conversion check's tolerance.
    """
    return pd.concat([check_conversions(claims, tolerance_pct), fixed_checks(claims, sources)], ignore_index=True)


def fixed_checks(claims: pd.DataFrame, sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
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
        check_capacity_vs_province_output(claims, "C004", sources["shanxi_coal_output"]),
        check_capacity_vs_output(claims, "C004", sources["coal_production_tonnes"]),
        check_county_list(claims, ["C019", "C020"], "C021", sources["poverty_counties"],
                          sources["xinzhou_county_delisting"], sources["places"]),
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
        *causal_checks(claims),
        not_checkable(claims, "C039", "the course has no GDP for Shanxi's other cities; the ranking compares growth "
                                      "rates, each measured against a year-earlier quarter (see C038)"),
    ]
    return pd.concat(frames, ignore_index=True)


# The article's causal sentences, word for word, with the claim each explains and its cause in a few words.
CAUSAL_SENTENCES = (
    ("C003", "As a result, the fire was extinguished and the \"flaming hill\" was turned into a public park",
     "the clean-up the company began"),
    ("C022", "Thanks to the targeted poverty-alleviation measures implemented by the local authorities, the city "
             "has achieved an all-around victory in this mission", "the targeted poverty-alleviation measures"),
    ("C059", "the quality improvement as a result of new seedling cultivation leads to an increase of 20 to 30 "
             "percent in prices", "new seedling cultivation"),
    ("C063", "Increasing government expenditures on livelihoods are a result of growing industrial strength in the "
             "city", "growing industrial strength"),
)


def causal_checks(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """One :func:`check_causal` row per causal sentence of the article (:data:`CAUSAL_SENTENCES`)."""
    return [check_causal(claims, claim_id, sentence, cause) for claim_id, sentence, cause in CAUSAL_SENTENCES]


def with_rows(claims: pd.DataFrame, verdicts_rows: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The verdict table of :func:`verdict_table` with ``extra`` verdict rows (e.g. a learner's checks) added.

    ``verdicts_rows`` is the table of :func:`all_checks`; ``extra`` has the columns of a verdict row. A claim
    keeps one verdict: the strongest finding among the course's checks and the extra rows.
    """
    missing = [c for c in COLUMNS if c not in extra.columns]
    if missing:
        raise ValueError(f"the extra rows lack the column(s) {', '.join(missing)}: build them with record() and "
                         "rows_of()")
    return _verdicts(claims, pd.concat([verdicts_rows, extra[COLUMNS]], ignore_index=True))


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
    for claim in claims.to_dict("records"):
        claim_id = claim["claim_id"]
        row = {"claim_id": claim_id, **found[claim_id]} if claim_id in found else not_checkable_record(claim)
        rows.append({**row, "theme": claim["theme"], "other_checks": others.get(claim_id, "")})
    return pd.DataFrame(rows, columns=["claim_id", "theme", *COLUMNS[1:], "other_checks"])


def verdict_counts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Claims per theme (rows) and verdict (columns, every verdict of :data:`VERDICTS`, in order)."""
    table = pd.crosstab(verdicts["theme"], verdicts["verdict"])
    return table.reindex(columns=list(VERDICTS), fill_value=0)


# What-if: how strict is the fact-checker? ---------------------------------------------------------------------

@dataclass(frozen=True)
class ToleranceView:
    """The tolerance explorer's result: the tolerance (%), the conversion pairs and the verdict table."""

    tolerance_pct: float
    pairs: pd.DataFrame
    verdicts: pd.DataFrame


def tolerance_scenario(claims: pd.DataFrame, sources: dict[str, pd.DataFrame], tolerance_pct: float) -> ToleranceView:
    """The whole verdict table at one tolerance (%) for the yuan/dollar conversion check."""
    return tolerance_view(claims, pair_deviations(claims), fixed_checks(claims, sources), tolerance_pct)


def tolerance_view(claims: pd.DataFrame, pairs: pd.DataFrame, fixed: pd.DataFrame,
                    tolerance_pct: float) -> ToleranceView:
    """:func:`tolerance_scenario` from the parts that do not depend on the tolerance: the pairs and the other checks."""
    checks = pd.concat([check_conversions(claims, tolerance_pct, pairs), fixed], ignore_index=True)
    return ToleranceView(tolerance_pct, pairs, _verdicts(claims, checks))
