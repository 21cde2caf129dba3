"""Builders of the context datasets (PROVENANCE.md sections 10-13): all provinces' population and GDP, Shanxi's
raw coal output, China's 832 poverty counties, and the ECharts maps of Shanxi's cities and China's provinces.

Used by tools/build_external_datasets.py, which checks each table against its metadata and writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tools.source_tables import assert_sample, read_source

# Province names as the CEADs inventories (province_co2_totals) spell them, for each spelling the other sources use,
# so that a learner can merge any province table with the CO2 table on ``province``. Only these differ.
PROVINCE_SPELLINGS = {"Innermongolia": "InnerMongolia", "Inner Mongolia": "InnerMongolia"}
# Provinces in the NBS and GCAM-China tables but not in CEADs.
PROVINCES_NOT_IN_CEADS = {"Tibet"}
# Rows of the GCAM-China province files that are not one of the 31 provinces.
GCAM_NON_PROVINCE_ROWS = ["National Total", "Hong Kong", "sum", "difference"]

# ECharts maps (section 13 of PROVENANCE.md): dataset name -> (shared file, the map's name in map_label_points).
MAPS = {
    "shanxi_city_map": ("maps/shanxi_prefectures_echarts.geojson", "shanxi_cities"),
    "china_province_map": ("maps/china_provinces_echarts.geojson", "china_provinces"),
}
MAP_LICENCE = "LICENSE-echarts-Apache-2.0.txt"  # shipped next to the map tables, as Apache-2.0 section 4(a) asks
MAP_QUANTUM_DEG = 1 / 1024  # the ECharts UTF8Scale: every decoded coordinate is a multiple of 1/1024 degree
POVERTY_LIST_FILE = "poverty_counties_832_exit_year.csv"  # the compiled county list (PROVENANCE.md section 12)
POVERTY_LIST_NOTE = "来自“马 克 数 据 网”"  # the only non-empty cell of column_6 in the county list


def _wide_years(raw: pd.DataFrame, region_column: str, value_name: str) -> pd.DataFrame:
    """Melt a wide region x year table into long (province_in_source, year, value_name) rows."""
    long = raw.melt(id_vars=region_column, var_name="year", value_name=value_name)
    long = long.rename(columns={region_column: "province_in_source"})
    long["year"] = long["year"].astype("int64")
    return long


def _with_ceads_spelling(table: pd.DataFrame, source_dir: Path) -> pd.DataFrame:
    """Put a ``province`` column (CEADs spelling) first, after checking every name maps onto a CEADs province."""
    province = table["province_in_source"].replace(PROVINCE_SPELLINGS)
    ceads = set(read_source(source_dir, "china_provinces_co2_total_ceads.csv")["province"])
    assert set(province) == ceads | PROVINCES_NOT_IN_CEADS, sorted(set(province) ^ ceads)
    return table.assign(province=province)[["province", *table.columns]]


def build_province_population_gdp_nbs(source_dir: Path) -> pd.DataFrame:
    """Population (10^4 persons) and GDP (10^8 yuan) of 31 provinces, 2005-2024, NBS via PyPSA-China-PIK."""
    population = read_source(source_dir, "provinces_population_nbs_pypsa.csv", comment="#")
    gdp = read_source(source_dir, "provinces_gdp_nbs_pypsa.csv", comment="#")
    for filename, unit in [("provinces_population_nbs_pypsa.csv", "10000 persons"),
                           ("provinces_gdp_nbs_pypsa.csv", "1e8 yuan")]:
        header = (source_dir / filename).read_text(encoding="utf-8").splitlines()[0]
        assert "national bureau of statistics" in header and header.endswith(unit), header
    pop_long = _wide_years(population, "region", "population_10k")
    gdp_long = _wide_years(gdp, "region", "gdp_100m_yuan")
    # The two files spell Inner Mongolia differently; match them on the CEADs spelling.
    pop_long = _with_ceads_spelling(pop_long, source_dir)
    gdp_long = _with_ceads_spelling(gdp_long, source_dir).drop(columns="province_in_source")
    table = pop_long.merge(gdp_long, on=["province", "year"], how="outer", validate="one_to_one")
    assert table.notna().all().all() and len(table) == 31 * 20
    assert sorted(table["year"].unique()) == list(range(2005, 2025))
    for column, year, expected in [("population_10k", 2016, 3514), ("population_10k", 2020, 3490),
                                   ("population_10k", 2019, 3497), ("gdp_100m_yuan", 2016, 11946.4),
                                   ("gdp_100m_yuan", 2020, 17835.6)]:
        assert_sample(table, column, expected, 1, province="Shanxi", year=year)
    return table.sort_values(["province", "year"], kind="stable").reset_index(drop=True)


def _gcam_provinces(raw: pd.DataFrame, region_column: str, tolerance: float) -> pd.DataFrame:
    """The 31 province rows of a GCAM-China file, after checking that its "sum" row adds up its regions."""
    regions = raw[~raw[region_column].isin(["National Total", "sum", "difference"])]
    summed = regions.drop(columns=region_column).sum()
    stated = raw.loc[raw[region_column] == "sum"].drop(columns=region_column).iloc[0]
    assert (summed - stated).abs().max() < tolerance, "the 'sum' row does not add up: parsing is wrong"
    assert set(GCAM_NON_PROVINCE_ROWS) <= set(raw[region_column])
    return raw[~raw[region_column].isin(GCAM_NON_PROVINCE_ROWS)]


def build_province_population_gdp_gcam(source_dir: Path) -> pd.DataFrame:
    """Year-end population (10^4 persons, 2000-2019) and GDP (10^8 yuan, 1975-2019) of 31 provinces, GCAM-China."""
    population = read_source(source_dir, "provinces_population_gcam_china.csv", comment="#")
    # GDP from 2010 on is written with thousands separators ("19,034.98").
    gdp = read_source(source_dir, "provinces_gdp_gcam_china.csv", comment="#", thousands=",")
    assert gdp.drop(columns="province.name").dtypes.eq("float64").all(), "a GDP column did not parse as numbers"
    # The "sum" rows include Hong Kong; population adds up exactly, GDP to within 0.04 (rounding in the source).
    population = _gcam_provinces(population, "Region", tolerance=1e-6)
    gdp = _gcam_provinces(gdp, "province.name", tolerance=0.04)
    pop_long = _with_ceads_spelling(_wide_years(population, "Region", "population_10k"), source_dir)
    gdp_long = _with_ceads_spelling(_wide_years(gdp, "province.name", "gdp_100m_yuan"), source_dir)
    table = gdp_long.merge(pop_long, on=["province", "province_in_source", "year"], how="left",
                           validate="one_to_one")
    table = table[["province", "province_in_source", "year", "population_10k", "gdp_100m_yuan"]]
    assert len(table) == 31 * 45 and table["population_10k"].notna().sum() == 31 * 20
    shanxi = table[table["province"] == "Shanxi"].set_index("year")
    socio = read_source(source_dir, "shanxi_socioeconomic_gcam_china.csv").pivot(
        index="year", columns="variable", values="value")
    for column, variable in [("population_10k", "population_year_end"), ("gdp_100m_yuan", "gdp_nominal")]:
        same = shanxi[column].dropna()
        assert (same - socio.loc[same.index, variable]).abs().max() < 1e-9, f"Shanxi {column} != section 8 file"
    assert_sample(table, "population_10k", 3729, 0, province="Shanxi", year=2019)
    return table.sort_values(["province", "year"], kind="stable").reset_index(drop=True)


def build_shanxi_coal_output(source_dir: Path) -> pd.DataFrame:
    """Shanxi's coal indigenous production in Mtce, 1991-2014, one line per year as published.

    Where the "Coal Raw" line is printed rounded to three significant figures (2000, 2007: "1.80E+02"),
    the equal "Total Coal" line is used instead, as in PROVENANCE.md section 11. No tonnes are written:
    the source's terms ask that its values not be altered, so the conversion is done in helpers.
    """
    lines = read_source(source_dir, "shanxi_coal_indigenous_production_gcam_china_lines.txt", comment="#",
                        header=None, names=["province", "year", "material", "process", "text"], dtype={"text": str})
    header = (source_dir / "shanxi_coal_indigenous_production_gcam_china_lines.txt").read_text(encoding="utf-8")
    assert '"# Units: Mtce"' in header
    assert set(lines["process"]) == {"Indigenous Production"} and set(lines["province"]) == {"Shanxi"}
    rounded = lines["text"].str.contains("E+", regex=False)
    raw = lines[(lines["material"] == "Coal Raw") & ~rounded]
    fallback = lines[(lines["material"] == "Total Coal")
                     & lines["year"].isin(lines.loc[rounded, "year"])]
    for year in fallback["year"]:  # the rounded Coal Raw line must round the Total Coal value
        printed = float(lines.loc[rounded & (lines["year"] == year), "text"].iloc[0])
        exact = float(fallback.loc[fallback["year"] == year, "text"].iloc[0])
        assert float(f"{exact:.2e}") == printed, f"{year}: {printed} is not {exact} rounded"
    table = pd.concat([raw, fallback]).sort_values("year", kind="stable").reset_index(drop=True)
    table = pd.DataFrame({
        "province": table["province"],
        "year": table["year"].astype("int64"),
        "energy_balance_item": table["material"],
        "flow": table["process"],
        "coal_output_mtce": table["text"].astype("float64"),
    })
    assert list(table["year"]) == list(range(1991, 2015))
    derived = read_source(source_dir, "shanxi_raw_coal_production_gcam_china.csv")
    assert list(derived["eb_material_used"]) == list(table["energy_balance_item"])
    assert (derived["value_mtce_verbatim"] == table["coal_output_mtce"]).all()
    for year, mtce in [(2010, 529.04544), (2012, 652.11762), (2014, 662.546304)]:
        assert_sample(table, "coal_output_mtce", mtce, 6, year=year)
    return table


def build_poverty_counties(source_dir: Path) -> pd.DataFrame:
    """China's 832 national poverty counties with the year each exited, as in the compiled list."""
    raw = read_source(source_dir, POVERTY_LIST_FILE)
    assert list(raw.columns) == ["行政区划代码", "县域名称", "所属地域", "所属省份", "所属城市", "摘帽时间", "column_6"]
    # column_6 is empty except for one watermark-like note (recorded in the dataset's caveats), then dropped.
    notes = raw["column_6"].dropna()
    assert notes.to_dict() == {453: POVERTY_LIST_NOTE} and raw.loc[453, "行政区划代码"] == 522626, notes
    for column in ["行政区划代码", "摘帽时间"]:  # written as floats ("130631.0"); they must be whole numbers
        assert (raw[column] % 1 == 0).all(), column
    table = pd.DataFrame({
        "county_code": raw["行政区划代码"].astype("int64"),
        "county_zh": raw["县域名称"],
        "region_zh": raw["所属地域"],
        "province_zh": raw["所属省份"],
        "city_zh": raw["所属城市"],
        "exit_year": raw["摘帽时间"].astype("int64"),
    })
    assert len(table) == 832 and table["county_code"].is_unique
    assert set(table["exit_year"]) == set(range(2016, 2021))
    xinzhou = table[table["city_zh"] == "忻州市"].set_index("county_code")["exit_year"]
    expected = {140924: 2018, 140927: 2018, 140928: 2018, 140929: 2018, 140930: 2018, 140931: 2018,
                140922: 2019, 140923: 2019, 140925: 2019, 140926: 2019, 140932: 2019}
    assert xinzhou.to_dict() == expected, "Xinzhou rows differ from PROVENANCE.md section 12"
    shanxi = table[table["province_zh"] == "山西省"]
    assert shanxi["exit_year"].value_counts().loc[[2018, 2019]].tolist() == [17, 16]
    return table.sort_values("county_code", kind="stable").reset_index(drop=True)


def _read_geojson(source_dir: Path, filename: str) -> list[dict]:
    collection = json.loads((source_dir / filename).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon geometry (each a list of rings of [lon, lat] pairs)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def build_map(source_dir: Path, filename: str) -> pd.DataFrame:
    """One row per vertex of a GeoJSON map, in file order: region, polygon part, ring, vertex order, lon, lat."""
    rows = []
    for feature in _read_geojson(source_dir, filename):
        code, name = int(feature["id"]), feature["properties"]["name"]
        for part, polygon in enumerate(_polygons(feature["geometry"]), start=1):
            for ring, coordinates in enumerate(polygon, start=1):
                rows += [(code, name, part, ring, order, lon, lat)
                         for order, (lon, lat) in enumerate(coordinates, start=1)]
    table = pd.DataFrame(rows, columns=["region_code", "region_zh", "part", "ring", "order", "lon", "lat"])
    for axis in ["lon", "lat"]:  # decoded ECharts coordinates are exact multiples of 1/1024 degree
        assert ((table[axis] / MAP_QUANTUM_DEG) % 1 == 0).all(), f"{filename}: {axis} not on the 1/1024 grid"
    assert table["lon"].between(73, 136).all() and table["lat"].between(3, 54).all()
    return table


def build_shanxi_city_map(source_dir: Path) -> pd.DataFrame:
    """Outlines of Shanxi's 11 prefecture-level cities (ECharts 4.9.0), one row per vertex."""
    table = build_map(source_dir, MAPS["shanxi_city_map"][0])
    assert table["region_code"].nunique() == 11
    names = table.drop_duplicates("region_code").set_index("region_code")["region_zh"]
    assert names[[140100, 140800, 140900]].tolist() == ["太原市", "运城市", "忻州市"]
    return table


def build_china_province_map(source_dir: Path) -> pd.DataFrame:
    """Outlines of China's provinces as drawn by ECharts 4.9.0 (the PRC's claimed boundaries), one row per vertex."""
    table = build_map(source_dir, MAPS["china_province_map"][0])
    assert table["region_code"].nunique() == 34
    return table


def build_map_label_points(source_dir: Path) -> pd.DataFrame:
    """Each map region's label point (``properties.cp``) as published, for both ECharts maps."""
    rows = []
    for filename, map_name in MAPS.values():
        for feature in _read_geojson(source_dir, filename):
            assert str(feature["id"]) == str(feature["properties"].get("id", feature["id"]))
            lon, lat = feature["properties"]["cp"]
            rows.append((map_name, int(feature["id"]), feature["properties"]["name"], lon, lat))
    return pd.DataFrame(rows, columns=["map", "region_code", "region_zh", "label_lon", "label_lat"])
