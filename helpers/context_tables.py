"""Context tables for the article's key claims: provinces per person, Shanxi's coal output, the named counties, maps.

Pure pandas and NumPy on the course datasets (no matplotlib, no ipywidgets), so notebooks, explorers and tests can
share them. Every function takes the tables it needs as arguments (load them with ``helpers.data.load``):

* ``province_co2_totals`` (CEADs, Mt CO2), ``province_population_gdp_nbs`` and ``province_population_gdp_gcam``
  (population in 10,000 persons, GDP in 100 million yuan at current prices);
* ``shanxi_coal_output`` (Mtce as published; converted here to million tonnes of raw coal, labelled a conversion);
* ``poverty_counties`` (the compiled list of the 832 poverty counties), ``xinzhou_county_delisting`` and ``places``;
* ``shanxi_city_map``, ``china_province_map`` and ``map_label_points`` (lon/lat in degrees), ``shanxi_city_co2``.

Units are in every column name: ``_mt`` million tonnes, ``_mtce`` million tonnes of coal equivalent,
``_t_per_person`` tonnes per person, ``_kg_per_yuan`` kilograms per yuan, ``_pct`` percent, ``_10k`` 10,000 persons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.units import WAN, YI

__all__ = [
    "CONVERSION_NOTE", "TCE_PER_TONNE_RAW_COAL", "ConversionEvidence", "MapRing",
    "PhaseOutShare", "article_county_check", "city_co2_on_map", "city_counties", "city_points", "coal_output_tonnes",
    "conversion_evidence", "counties_exited", "map_extent", "map_rings", "phase_out_share", "population_series",
    "province_ranking", "rank_of",
]

# Tonnes of coal equivalent per tonne of raw coal used by the source (LBL China Energy Databook) to turn the
# yearbook's tonnes into Mtce. Evidence, from the data (PROVENANCE.md section 11; :func:`conversion_evidence`):
# for 20 of the 24 years, Mtce / 0.714 is a round number of 10,000 tonnes to one decimal, i.e. a whole number of
# 1,000 tonnes (2010: 74,096; 2012: 91,333; 2014: 92,793.6 万吨).
TCE_PER_TONNE_RAW_COAL = 0.714
CONVERSION_NOTE = (
    "conversion: Mtce / 0.714 tce per tonne of raw coal (the factor the source used: for 20 of its 24 years the "
    "quotient is a whole number of 1,000 tonnes)"
)
SHANXI = "Shanxi"


def province_ranking(co2: pd.DataFrame, provinces: pd.DataFrame, year: int) -> pd.DataFrame:
    """Provinces in ``year`` ranked by CO2 in total, per person and per yuan of GDP (rank 1 = highest).

    ``co2`` is ``province_co2_totals`` (Mt CO2); ``provinces`` is ``province_population_gdp_nbs`` or
    ``province_population_gdp_gcam`` (population in 10,000 persons, GDP in 100 million yuan, current prices).
    Only provinces with CO2, population and GDP that year count (CEADs has 30: no Tibet). Columns: ``province``,
    ``co2_mt``, ``population_10k``, ``gdp_100m_yuan``, ``co2_t_per_person`` (tonnes CO2 per person), ``co2_kg_per_yuan``
    (kg CO2 per yuan of GDP), and the integer ranks ``rank_total``, ``rank_per_person``, ``rank_per_yuan``;
    sorted by ``rank_per_person``. Raises ``ValueError`` when either table has no row for ``year``.
    """
    emissions = co2.loc[co2["year"] == year, ["province", "co2_mt"]]
    people = provinces.loc[provinces["year"] == year, ["province", "population_10k", "gdp_100m_yuan"]].dropna()
    if emissions.empty or people.empty:
        covered = provinces.dropna(subset=["population_10k"])["year"]
        raise ValueError(f"no CO2 or population data for {year}: CO2 covers {co2['year'].min()}-{co2['year'].max()}, "
                         f"population {covered.min()}-{covered.max()}")
    table = emissions.merge(people, on="province", how="inner", validate="one_to_one")
    table["co2_t_per_person"] = table["co2_mt"] * 1e6 / (table["population_10k"] * WAN)
    table["co2_kg_per_yuan"] = table["co2_mt"] * 1e9 / (table["gdp_100m_yuan"] * YI)
    for rank, column in [("rank_total", "co2_mt"), ("rank_per_person", "co2_t_per_person"),
                         ("rank_per_yuan", "co2_kg_per_yuan")]:
        table[rank] = table[column].rank(ascending=False, method="min").astype("int64")
    return table.sort_values("rank_per_person", kind="stable").reset_index(drop=True)


def rank_of(ranking: pd.DataFrame, province: str = SHANXI) -> pd.Series:
    """One province's row of :func:`province_ranking` (values, units as there; ranks out of ``len(ranking)``)."""
    row = ranking.loc[ranking["province"] == province]
    if len(row) != 1:
        raise KeyError(f"{province!r} is not in the ranking (provinces: {', '.join(ranking['province'])})")
    return row.iloc[0]


def population_series(nbs: pd.DataFrame, gcam: pd.DataFrame, province: str = SHANXI) -> pd.DataFrame:
    """A province's population in the two series, side by side, in 10,000 persons (万人).

    Columns: ``year``, ``nbs_10k`` (NBS, revised after the 2020 census), ``gcam_10k`` (GCAM-China, older
    yearbook series), ``difference_10k`` (gcam minus nbs); one row per year in either series, sorted by year.
    """
    def one(table: pd.DataFrame, name: str) -> pd.DataFrame:
        rows = table.loc[(table["province"] == province) & table["population_10k"].notna()]
        return rows[["year", "population_10k"]].rename(columns={"population_10k": name})

    both = one(nbs, "nbs_10k").merge(one(gcam, "gcam_10k"), on="year", how="outer").sort_values("year")
    both["difference_10k"] = both["gcam_10k"] - both["nbs_10k"]
    return both.reset_index(drop=True)


def coal_output_tonnes(coal: pd.DataFrame) -> pd.DataFrame:
    """Shanxi's coal output as published (Mtce) and converted to million tonnes of raw coal.

    ``coal`` is ``shanxi_coal_output``. Columns: ``year``, ``coal_output_mtce`` (as published),
    ``raw_coal_mt`` (= Mtce / :data:`TCE_PER_TONNE_RAW_COAL`; a conversion, not a published figure) and
    ``conversion`` (:data:`CONVERSION_NOTE`). The series ends in 2014.
    """
    table = coal[["year", "coal_output_mtce"]].sort_values("year").reset_index(drop=True)
    table["raw_coal_mt"] = table["coal_output_mtce"] / TCE_PER_TONNE_RAW_COAL
    table["conversion"] = CONVERSION_NOTE
    return table


@dataclass(frozen=True)
class ConversionEvidence:
    """Which years' Mtce / 0.714 land on a whole number of 1,000 tonnes (0.1 万吨, 10,000 t to one decimal)."""

    whole_years: list[int]
    other_years: list[int]

    @property
    def share_whole(self) -> float:
        """Fraction (0-1) of the years whose converted value is a whole number of 1,000 tonnes."""
        return len(self.whole_years) / (len(self.whole_years) + len(self.other_years))


def conversion_evidence(coal: pd.DataFrame, tolerance_kt: float = 1e-6) -> ConversionEvidence:
    """Test the 0.714 factor on ``shanxi_coal_output``: years where Mtce / 0.714 is a whole number of 1,000 t.

    A round figure in tonnes (to ``tolerance_kt`` thousand tonnes) after dividing by 0.714 means the publisher
    converted tonnes at exactly that factor; a chance hit is rare, as the Mtce values carry up to 7 decimals.
    """
    kt = coal["coal_output_mtce"] / TCE_PER_TONNE_RAW_COAL * 1000  # Mt -> thousand tonnes
    whole = (kt - kt.round()).abs() < tolerance_kt
    years = coal["year"].astype("int64")
    return ConversionEvidence(whole_years=years[whole].tolist(), other_years=years[~whole].tolist())


@dataclass(frozen=True)
class PhaseOutShare:
    """The article's phased-out capacity set against Shanxi's raw-coal output in the latest years with data."""

    phase_out_mt: float  # capacity phased out in 2016-2020 (article), million tonnes a year
    years: list[int]  # years of output compared (the latest with data)
    raw_coal_mt: list[float]  # Shanxi's raw-coal output in those years, million tonnes (converted from Mtce)
    latest_year: int
    latest_raw_coal_mt: float
    share_of_latest_pct: float  # phase_out_mt as a percentage of latest_raw_coal_mt
    mean_raw_coal_mt: float  # mean output over ``years``
    share_of_mean_pct: float
    data_end: int  # last year of Shanxi's series: nothing is known here about output in 2016-2020


def phase_out_share(coal: pd.DataFrame, phase_out_mt: float, n_years: int = 5) -> PhaseOutShare:
    """``phase_out_mt`` (million tonnes a year of capacity, e.g. the article's 157) as a share of Shanxi's output.

    ``coal`` is ``shanxi_coal_output``. Output is converted to million tonnes of raw coal
    (:func:`coal_output_tonnes`) and compared with the latest year and the mean of the last ``n_years`` years
    with data (the series ends in 2014, before the 2016-2020 plan). Capacity is not output: the share says how
    large the phased-out capacity was next to what Shanxi mined, not how much output fell.
    """
    tonnes = coal_output_tonnes(coal).tail(n_years)
    latest = tonnes.iloc[-1]
    mean = float(tonnes["raw_coal_mt"].mean())
    return PhaseOutShare(
        phase_out_mt=float(phase_out_mt),
        years=tonnes["year"].astype(int).tolist(),
        raw_coal_mt=tonnes["raw_coal_mt"].tolist(),
        latest_year=int(latest["year"]),
        latest_raw_coal_mt=float(latest["raw_coal_mt"]),
        share_of_latest_pct=100 * phase_out_mt / float(latest["raw_coal_mt"]),
        mean_raw_coal_mt=mean,
        share_of_mean_pct=100 * phase_out_mt / mean,
        data_end=int(coal["year"].max()),
    )


def counties_exited(counties: pd.DataFrame, year: int, province_zh: str = "山西省") -> pd.DataFrame:
    """The counties of ``province_zh`` (e.g. 山西省) that left the poverty list in ``year``, by code (so by city).

    ``counties`` is ``poverty_counties``. Columns: ``county_code``, ``county_zh``, ``city_zh``, ``exit_year``.
    """
    rows = counties.loc[(counties["province_zh"] == province_zh) & (counties["exit_year"] == year)]
    rows = rows[["county_code", "county_zh", "city_zh", "exit_year"]]
    return rows.sort_values("county_code", kind="stable").reset_index(drop=True)


def _county_names(places: pd.DataFrame, city_en: str) -> pd.DataFrame:
    """English names of a city's counties from ``places`` with their 汉字 (without the 县 suffix)."""
    rows = places.loc[(places["level"] == "county") & (places["parent_en"] == city_en) & places["name_zh"].notna()]
    return rows[["name_en", "name_zh"]].rename(columns={"name_en": "county_en"})


def city_counties(counties: pd.DataFrame, places: pd.DataFrame, city_zh: str = "忻州市",
                  city_en: str = "Xinzhou") -> pd.DataFrame:
    """A city's poverty counties with their exit years, by exit year then code; English names where known.

    Columns: ``county_code``, ``county_zh``, ``exit_year`` and ``county_en`` (from ``places``: only the counties
    the article names have one; the others are missing, never filled in).
    """
    rows = counties.loc[counties["city_zh"] == city_zh, ["county_code", "county_zh", "exit_year"]]
    rows = rows.assign(name_zh=rows["county_zh"].str.removesuffix("县"))
    rows = rows.merge(_county_names(places, city_en), on="name_zh", how="left", validate="one_to_one")
    rows = rows.drop(columns="name_zh").sort_values(["exit_year", "county_code"], kind="stable")
    return rows.reset_index(drop=True)


def article_county_check(counties: pd.DataFrame, delisting: pd.DataFrame, places: pd.DataFrame,
                         city_zh: str = "忻州市", city_en: str = "Xinzhou") -> pd.DataFrame:
    """Does the compiled list agree with the article? One row per exit year the article gives.

    ``delisting`` is ``xinzhou_county_delisting`` (the article's counties and years), ``counties`` is
    ``poverty_counties``. Columns: ``year``, ``article_count`` and ``list_count`` (counties leaving that year),
    ``article_named`` (the English names the article gives, ``;``-separated), ``list_named`` (those of the
    list's counties that ``places`` can name), ``list_unnamed_zh`` (the others, in 汉字), and ``agrees``
    (same count and every county the article names is in the list that year).
    """
    listed = city_counties(counties, places, city_zh, city_en)
    rows = []
    for year, group in delisting.groupby("year_delisted"):
        in_list = listed.loc[listed["exit_year"] == year]
        article_named = sorted(group.loc[group["named"].astype(bool), "county_en"].tolist())
        list_named = sorted(in_list["county_en"].dropna().tolist())
        rows.append({
            "year": int(year),
            "article_count": len(group),
            "list_count": len(in_list),
            "article_named": "; ".join(article_named),
            "list_named": "; ".join(list_named),
            "list_unnamed_zh": "; ".join(in_list.loc[in_list["county_en"].isna(), "county_zh"]),
            "agrees": len(group) == len(in_list) and set(article_named) <= set(list_named),
        })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class MapRing:
    """One closed outline of a map region: plain arrays of longitudes and latitudes in degrees."""

    region_code: int
    region_zh: str
    part: int
    lon: np.ndarray
    lat: np.ndarray


def map_rings(geometry: pd.DataFrame) -> list[MapRing]:
    """The outlines of a map table (``shanxi_city_map`` or ``china_province_map``) as plain NumPy arrays.

    One :class:`MapRing` per region, polygon part and ring, in the table's order; draw each with
    ``ax.fill(ring.lon, ring.lat)``. Degrees of longitude (east) and latitude (north).
    """
    rings = []
    ordered = geometry.sort_values(["region_code", "part", "ring", "order"], kind="stable")
    for (code, name, part, _), ring in ordered.groupby(["region_code", "region_zh", "part", "ring"], sort=False):
        rings.append(MapRing(int(code), str(name), int(part), ring["lon"].to_numpy(float),
                             ring["lat"].to_numpy(float)))
    return rings


def map_extent(geometry: pd.DataFrame) -> tuple[float, float, float, float]:
    """``(lon_min, lon_max, lat_min, lat_max)`` of a map table, in degrees."""
    return (float(geometry["lon"].min()), float(geometry["lon"].max()),
            float(geometry["lat"].min()), float(geometry["lat"].max()))


def city_points(labels: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Shanxi's 11 cities with their names and label points, to locate them on a map.

    ``labels`` is ``map_label_points``, ``places`` gives English names and pinyin. Columns: ``region_code``,
    ``region_zh`` (as the map writes it, e.g. 太原市), ``name_zh`` (太原), ``name_en``, ``pinyin``, ``label_lon``,
    ``label_lat`` (degrees east and north); sorted by ``region_code``.
    """
    cities = labels.loc[labels["map"] == "shanxi_cities", ["region_code", "region_zh", "label_lon", "label_lat"]]
    cities = cities.assign(name_zh=cities["region_zh"].str.removesuffix("市"))
    names = places.loc[places["level"] == "city", ["name_en", "name_zh", "pinyin"]]
    cities = cities.merge(names, on="name_zh", how="left", validate="one_to_one")
    columns = ["region_code", "region_zh", "name_zh", "name_en", "pinyin", "label_lon", "label_lat"]
    return cities[columns].sort_values("region_code").reset_index(drop=True)


def city_co2_on_map(labels: pd.DataFrame, city_co2: pd.DataFrame, places: pd.DataFrame, year: int) -> pd.DataFrame:
    """Shanxi's 11 cities with their CO2 in ``year`` (missing where CEADs has none, never zero) and label points.

    ``labels`` is ``map_label_points``, ``city_co2`` is ``shanxi_city_co2`` (Mt CO2), ``places`` gives English
    names. Columns: ``region_code``, ``region_zh``, ``name_en``, ``label_lon``, ``label_lat`` (degrees),
    ``co2_mt`` (Mt CO2, missing where there is no data), ``has_data``; sorted by ``region_code``.
    """
    cities = city_points(labels, places)
    emitted = city_co2.loc[city_co2["year"] == year, ["city_zh", "co2_mt"]].rename(columns={"city_zh": "name_zh"})
    cities = cities.merge(emitted, on="name_zh", how="left", validate="one_to_one")
    cities["has_data"] = cities["co2_mt"].notna()
    columns = ["region_code", "region_zh", "name_en", "label_lon", "label_lat", "co2_mt", "has_data"]
    return cities[columns].sort_values("region_code").reset_index(drop=True)
