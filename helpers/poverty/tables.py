"""Poverty tables (notebook 02): the delisting timeline, the poverty lines, the cooperatives' figures.

Works on the course datasets ``xinzhou_county_delisting`` and ``places`` (the timeline), ``poverty_headcount``
(World Bank WDI: headcount ratios in percent of population) and ``cooperatives`` (the article's figures on two
cooperatives). Money in yuan a year, headcounts in percent of population. No display code here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers import article

__all__ = [
    "NATIONAL_LINE", "OUTSIDE_LIST", "PLAN_CLAIM", "UNKNOWN", "CooperativeFacts", "cooperative_facts",
    "counties_per_province", "county_timeline", "delisted_per_year", "dollars_per_day", "entities",
    "headcount_table", "plan_period", "poverty_lines", "province_counties",
]

UNKNOWN = "unknown"
NATIONAL_LINE = "national line"
FIRST_ENTITY = "China"  # the entity listed first in the choices: the one the article is about
OUTSIDE_LIST = (710000, 810000, 820000)  # map regions the mainland's national poverty list does not cover
PLAN_CLAIM = "C062"  # the 13th Five-Year Plan as the article writes it ('2016-20')


# ---------------------------------------------------------------------------------------------- timeline

def county_timeline(delisting: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per poverty county of Xinzhou with its 汉字, pinyin and year delisted.

    Columns ``label``, ``named``, ``name_zh``, ``pinyin`` and ``year_delisted`` (year). Fields the data leaves
    empty (the counties the article does not name, a pinyin not verified) read :data:`UNKNOWN`; nothing is
    filled in from elsewhere.
    """
    glossary = places.set_index("name_en")[["name_zh", "pinyin"]]
    table = delisting[["label", "named", "county_en", "year_delisted"]].copy()
    for column in ("name_zh", "pinyin"):
        looked_up = [glossary.at[c, column] if pd.notna(c) and c in glossary.index else pd.NA
                     for c in table["county_en"]]
        table[column] = pd.Series(looked_up, index=table.index, dtype="string").fillna(UNKNOWN)
    return table[["label", "named", "name_zh", "pinyin", "year_delisted"]].reset_index(drop=True)


def province_counties(counties: pd.DataFrame, province_zh: str = "山西省") -> pd.DataFrame:
    """A province's poverty counties (``poverty_counties``, the compiled list) by exit year, then county code.

    Columns ``county_code``, ``county_zh``, ``city_zh``, ``exit_year`` (year the exit was announced), names as
    published in 汉字.
    """
    rows = counties.loc[counties["province_zh"] == province_zh, ["county_code", "county_zh", "city_zh", "exit_year"]]
    return rows.sort_values(["exit_year", "county_code"], kind="stable").reset_index(drop=True)


def counties_per_province(counties: pd.DataFrame, map_codes: list[int]) -> pd.DataFrame:
    """Poverty counties per province for a map: ``region_code`` (the map's 6-digit code), ``counties``.

    A county's province is the first two digits of its code. Every region of ``map_codes`` gets a row: 0 for a
    mainland province with no county on the list, missing (NaN) for :data:`OUTSIDE_LIST`, which it does not cover.
    """
    per = (counties["county_code"] // 10000 * 10000).value_counts()
    values = [float("nan") if code in OUTSIDE_LIST else float(per.get(code, 0)) for code in map_codes]
    return pd.DataFrame({"region_code": map_codes, "counties": values})


def delisted_per_year(timeline: pd.DataFrame) -> pd.DataFrame:
    """Counties delisted each year: ``named``, ``unnamed``, ``counties`` (all) and ``cumulative``, indexed by year."""
    counts = pd.crosstab(timeline["year_delisted"], timeline["named"].map({True: "named", False: "unnamed"}))
    counts = counts.reindex(columns=["named", "unnamed"], fill_value=0)
    counts["counties"] = counts.sum(axis=1)
    counts["cumulative"] = counts["counties"].cumsum()
    counts.columns.name = None
    return counts


# ---------------------------------------------------------------------------------------- poverty lines

def plan_period(claims: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the 13th Five-Year Plan, as the article writes it ('2016-20', claim C062)."""
    return article.period(claims, PLAN_CLAIM)


def dollars_per_day(line: str) -> float | None:
    """The dollars a day of a line label such as ``"$3.00/day (2021 PPP)"``; ``None`` for the national line."""
    match = re.match(r"\$(\d+(?:\.\d+)?)/day", line)
    return float(match.group(1)) if match else None


def poverty_lines(headcount: pd.DataFrame) -> list[str]:
    """The poverty-line labels in the data, dollar lines from lowest to highest, then the national line."""
    labels = headcount["poverty_line"].dropna().unique().tolist()
    return sorted(labels, key=lambda label: (label == NATIONAL_LINE, dollars_per_day(label) or 0.0))


def entities(headcount: pd.DataFrame) -> list[str]:
    """Countries and regions in the data, China first, then alphabetical."""
    names = headcount["entity_name"].dropna().unique().tolist()
    return sorted(names, key=lambda name: (name != FIRST_ENTITY, name))


def headcount_table(headcount: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Headcount ratios (percent of population) of one entity: one row per year, one column per line.

    Empty where the World Bank has no estimate for that year and line (a gap, not a zero).
    """
    rows = headcount[headcount["entity_name"] == entity]
    table = rows.pivot_table(index="year", columns="poverty_line", values="headcount_pct", aggfunc="first")
    table = table.reindex(columns=[line for line in poverty_lines(headcount) if line in table.columns])
    table.index = table.index.astype(int)
    table.columns.name = None
    return table


# ------------------------------------------------------------------------------------------ cooperatives

@dataclass(frozen=True)
class CooperativeFacts:
    """The article's figures the cooperative explorer uses (from the ``cooperatives`` dataset).

    ``member_families`` (families) and ``greenhouses`` of Hao Runmei's fungi cooperative; ``labour_income``:
    about this many yuan per member family from greenhouse work in 2020, besides dividends;
    ``leader_family_income``: Hao's own family's net income in 2020 (yuan); ``seedling_income_per_ha``: Shi
    Zhenyu's seedling cooperative, "more than" this many yuan per hectare; ``ratio_vs_corn``: "five times" corn.
    """

    member_families: int
    greenhouses: int
    labour_income: float
    leader_family_income: float
    seedling_income_per_ha: float
    ratio_vs_corn: float

    @property
    def corn_income_per_ha(self) -> float:
        """Corn income per hectare implied by "N times the income from corn farming" (yuan per hectare)."""
        return self.seedling_income_per_ha / self.ratio_vs_corn


def cooperative_facts(cooperatives: pd.DataFrame) -> CooperativeFacts:
    """Read the figures of :class:`CooperativeFacts` from the ``cooperatives`` dataset."""

    def figure(leader: str, indicator: str, unit: str) -> float:
        rows = cooperatives[(cooperatives["leader"] == leader) & (cooperatives["indicator"] == indicator)
                            & (cooperatives["unit"] == unit)]
        if len(rows) != 1:
            raise KeyError(f"no single figure {indicator!r} ({unit}) for {leader!r}")
        return float(rows["value"].iloc[0])

    hao, shi = "Hao Runmei", "Shi Zhenyu"
    return CooperativeFacts(
        member_families=int(figure(hao, "member_families", "families")),
        greenhouses=int(figure(hao, "greenhouses", "greenhouses")),
        labour_income=figure(hao, "labor_income_per_member_family", "yuan"),
        leader_family_income=figure(hao, "leader_family_net_income", "yuan"),
        seedling_income_per_ha=figure(shi, "income_per_hectare", "yuan per hectare"),
        ratio_vs_corn=figure(shi, "income_ratio_vs_corn_farming", "times"),
    )
