"""helpers.context_tables: expected values are the samples quoted in the shared PROVENANCE.md (sections 10-13) and
the article's own figures, or are recomputed here from the committed CSVs with the csv module, not copied from the
code under test. ``tests/test_build_external_datasets.py`` checks the same facts against the raw source files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import context_tables as ct
from helpers import data

ROOT = Path(__file__).resolve().parent.parent


def rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "datasets" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ["province_co2_totals", "province_population_gdp_nbs", "province_population_gdp_gcam",
             "shanxi_coal_output", "poverty_counties", "xinzhou_county_delisting", "places", "shanxi_city_map",
             "china_province_map", "map_label_points", "shanxi_city_co2"]
    return {name: data.load(name) for name in names}


def test_importing_the_tables_loads_no_display_stack():
    code = "import sys, helpers.context_tables; print(sorted({'matplotlib', 'ipywidgets'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_two_population_series_as_provenance_quotes_them(tables):
    both = ct.population_series(tables["province_population_gdp_nbs"], tables["province_population_gdp_gcam"])
    y2019 = both.set_index("year").loc[2019]
    assert (y2019["nbs_10k"], y2019["gcam_10k"], y2019["difference_10k"]) == (3497, 3729, 3729 - 3497)
    assert both.set_index("year").loc[2016, "nbs_10k"] == 3514 and both.set_index("year").loc[2020, "nbs_10k"] == 3490
    assert (both["year"].min(), both["year"].max()) == (2000, 2024)


def test_learners_can_merge_co2_with_population_in_plain_pandas():
    co2 = pd.read_csv(ROOT / "datasets" / "province_co2_totals.csv")
    population = pd.read_csv(ROOT / "datasets" / "province_population_gdp_nbs.csv")
    merged = co2.merge(population, on=["province", "year"], how="left")
    in_both = merged[merged["year"] >= 2005]
    assert in_both["population_10k"].notna().all() and in_both["province"].nunique() == 30


@pytest.mark.parametrize("series", ["province_population_gdp_nbs", "province_population_gdp_gcam"])
def test_province_ranking_matches_a_ranking_computed_from_the_csv_files(tables, series):
    year = 2019
    co2 = {r["province"]: float(r["co2_mt"]) for r in rows("province_co2_totals") if r["year"] == str(year)}
    people = {r["province"]: float(r["population_10k"]) for r in rows(series) if r["year"] == str(year)}
    gdp = {r["province"]: float(r["gdp_100m_yuan"]) for r in rows(series) if r["year"] == str(year)}
    per_person = {p: co2[p] * 1e6 / (people[p] * 1e4) for p in co2}  # t CO2 per person
    per_yuan = {p: co2[p] * 1e9 / (gdp[p] * 1e8) for p in co2}  # kg CO2 per yuan
    ranking = ct.province_ranking(tables["province_co2_totals"], tables[series], year)
    assert ranking["province"].tolist() == sorted(per_person, key=per_person.get, reverse=True)
    shanxi = ct.rank_of(ranking)
    assert shanxi["rank_per_yuan"] == sorted(per_yuan, key=per_yuan.get, reverse=True).index("Shanxi") + 1
    assert shanxi["rank_total"] == sorted(co2, key=co2.get, reverse=True).index("Shanxi") + 1
    # PROVENANCE.md section 7: Shanxi 564.9 Mt in 2019; section 10: 3497 (NBS) or 3729 (GCAM) 万人.
    assert round(shanxi["co2_mt"], 1) == 564.9
    population = 3497 if series.endswith("nbs") else 3729
    assert shanxi["co2_t_per_person"] == pytest.approx(564.9e6 / (population * 1e4), abs=0.01)


def test_ranking_outside_the_data_years_is_a_clear_error(tables):
    with pytest.raises(ValueError, match="no CO2 or population data for 2024"):
        ct.province_ranking(tables["province_co2_totals"], tables["province_population_gdp_nbs"], 2024)
    with pytest.raises(ValueError, match="population 2000-2019"):  # GCAM-China population starts in 2000
        ct.province_ranking(tables["province_co2_totals"], tables["province_population_gdp_gcam"], 1998)
    with pytest.raises(KeyError, match="'Tibet' is not in the ranking"):
        ct.rank_of(ct.province_ranking(tables["province_co2_totals"], tables["province_population_gdp_nbs"], 2019),
                   "Tibet")


def test_coal_output_in_tonnes_is_a_labelled_conversion_matching_provenance(tables):
    tonnes = ct.coal_output_tonnes(tables["shanxi_coal_output"]).set_index("year")
    # PROVENANCE.md section 11: 2010 740.96 Mt, 2012 913.33 Mt, 2014 927.94 Mt; 2013 921.7 Mt.
    for year, expected in [(2010, 740.96), (2012, 913.33), (2014, 927.94)]:
        assert round(tonnes.loc[year, "raw_coal_mt"], 2) == expected
    assert round(tonnes.loc[2013, "raw_coal_mt"], 1) == 921.7
    assert tonnes["conversion"].str.startswith("conversion: Mtce / 0.714").all()
    assert (tonnes.index.min(), tonnes.index.max()) == (1991, 2014)


def test_conversion_evidence_is_twenty_of_twenty_four_years(tables):
    evidence = ct.conversion_evidence(tables["shanxi_coal_output"])
    assert len(evidence.whole_years) == 20 and evidence.share_whole == pytest.approx(20 / 24)
    assert evidence.other_years == [1995, 1997, 1998, 2000]  # derived_value_is_round_to_0.1_10kt False


def test_157_mt_against_shanxi_output(tables):
    claim = next(r for r in rows("article_claims") if r["indicator"] == "coal_capacity_phased_out")
    phase_out = float(claim["value"])
    assert phase_out == 157 and claim["unit"] == "million tonnes"
    share = ct.phase_out_share(tables["shanxi_coal_output"], phase_out)
    assert share.data_end == share.latest_year == 2014 and share.years == [2010, 2011, 2012, 2013, 2014]
    assert share.share_of_latest_pct == pytest.approx(100 * 157 / 927.94, abs=0.01)
    mean_2010_2014 = np.mean([740.96, 872.28, 913.33, 921.668, 927.936])  # shared derived CSV, in Mt
    assert share.share_of_mean_pct == pytest.approx(100 * 157 / mean_2010_2014, abs=0.01)


def test_shanxi_counties_exiting_per_year_match_provenance(tables):
    counties = tables["poverty_counties"]
    assert len(ct.counties_exited(counties, 2018)) == 17 and len(ct.counties_exited(counties, 2019)) == 16
    xinzhou_2019 = ct.counties_exited(counties, 2019).query("city_zh == '忻州市'")
    assert xinzhou_2019["county_zh"].str.removesuffix("县").tolist() == ["五台", "代", "宁武", "静乐", "偏关"]
    assert xinzhou_2019["county_code"].tolist() == [140922, 140923, 140925, 140926, 140932]


def test_xinzhou_counties_carry_the_article_names_only_where_the_article_names_them(tables):
    table = ct.city_counties(tables["poverty_counties"], tables["places"])
    named = dict(zip(table["county_code"], table["county_en"], strict=True))
    assert len(table) == 11
    assert {code: named[code] for code in [140924, 140927, 140928, 140929, 140930, 140931]} == {
        140924: "Fanshi", 140927: "Shenchi", 140928: "Wuzhai", 140929: "Kelan", 140930: "Hequ", 140931: "Baode"}
    assert all(pd.isna(named[code]) for code in [140922, 140923, 140925, 140926, 140932])


def test_the_article_agrees_with_the_list(tables):
    check = ct.article_county_check(tables["poverty_counties"], tables["xinzhou_county_delisting"], tables["places"])
    assert check[["year", "article_count", "list_count", "agrees"]].values.tolist() == [
        [2018, 6, 6, True], [2019, 5, 5, True]]
    assert check.loc[0, "article_named"] == "Baode; Fanshi; Hequ; Kelan; Shenchi; Wuzhai"
    assert check.loc[1, "list_unnamed_zh"] == "五台县; 代县; 宁武县; 静乐县; 偏关县"


def test_the_check_notices_a_disagreement(tables):
    moved = tables["poverty_counties"].copy()
    moved.loc[moved["county_code"] == 140924, "exit_year"] = 2019  # 繁峙 (Fanshi) moved from 2018 to 2019
    check = ct.article_county_check(moved, tables["xinzhou_county_delisting"], tables["places"])
    assert check["agrees"].tolist() == [False, False]


def _inside(lon: float, lat: float, ring: ct.MapRing) -> bool:
    """Ray casting: is the point inside the closed ring?"""
    x, y = ring.lon, ring.lat
    crosses = ((y[:-1] > lat) != (y[1:] > lat)) & (
        lon < (x[1:] - x[:-1]) * (lat - y[:-1]) / np.where(y[1:] == y[:-1], 1, y[1:] - y[:-1]) + x[:-1])
    return bool(crosses.sum() % 2)


@pytest.mark.parametrize(("name", "map_name", "regions", "rings"),
                         [("shanxi_city_map", "shanxi_cities", 11, 11),
                          ("china_province_map", "china_provinces", 34, 177)])
def test_map_rings_are_closed_arrays_around_their_label_points(tables, name, map_name, regions, rings):
    outlines = ct.map_rings(tables[name])
    assert len(outlines) == rings and len({r.region_code for r in outlines}) == regions
    assert sum(len(r.lon) for r in outlines) == len(rows(name))
    assert all(isinstance(r.lon, np.ndarray) and r.lon[0] == r.lon[-1] and r.lat[0] == r.lat[-1] for r in outlines)
    labels = [r for r in rows("map_label_points") if r["map"] == map_name]
    assert len(labels) == regions
    if map_name == "shanxi_cities":  # every city's label point lies inside its own outline and no other
        for label in labels:
            point = float(label["label_lon"]), float(label["label_lat"])
            around = {r.region_code for r in outlines if _inside(*point, r)}
            assert around == {int(label["region_code"])}, label


def test_map_extent_holds_every_vertex(tables):
    lon_min, lon_max, lat_min, lat_max = ct.map_extent(tables["shanxi_city_map"])
    lons = [float(r["lon"]) for r in rows("shanxi_city_map")]
    lats = [float(r["lat"]) for r in rows("shanxi_city_map")]
    assert (lon_min, lon_max, lat_min, lat_max) == (min(lons), max(lons), min(lats), max(lats))


def test_city_co2_on_map_shows_missing_cities_as_missing(tables):
    args = tables["map_label_points"], tables["shanxi_city_co2"], tables["places"]
    y2016 = ct.city_co2_on_map(*args, 2016).set_index("name_en")
    assert len(y2016) == 11 and y2016.index.notna().all()  # every city has its English name from places
    # PROVENANCE.md section 7: no data for Datong, Linfen or Lüliang; Xinzhou 49.1, Yuncheng 72.0 Mt (2016).
    assert sorted(y2016.index[~y2016["has_data"]]) == ["Datong", "Linfen", "Lüliang"]
    assert y2016.loc[["Datong", "Linfen", "Lüliang"], "co2_mt"].isna().all()
    assert (round(y2016.loc["Xinzhou", "co2_mt"], 1), round(y2016.loc["Yuncheng", "co2_mt"], 1)) == (49.1, 72.0)
    y2019 = ct.city_co2_on_map(*args, 2019).set_index("name_en")
    assert round(y2019.loc["Yuncheng", "co2_mt"], 1) == 88.7 and pd.isna(y2019.loc["Xinzhou", "co2_mt"])
    assert int(y2019["has_data"].sum()) == len({r["city_en"] for r in rows("shanxi_city_co2") if r["year"] == "2019"})
