#!/usr/bin/env python3
"""Build the external-source datasets in ``datasets/`` from the course's shared data sources.

Every value is copied by this script from the CSVs in the shared data-sources folder (documented in its
``PROVENANCE.md``); the only arithmetic is the unit conversion named in a column's name and in the dataset's
metadata. Each builder asserts the sample values and identities quoted in ``PROVENANCE.md``, so a wrong
transform fails loudly. Before a CSV is written, its columns are checked against the hand-written
``datasets/meta/<name>.json`` schema and its primary key is checked for uniqueness.

Usage::

    .venv/bin/python tools/build_external_datasets.py [SOURCE_DIR] [--out FOLDER]

``SOURCE_DIR`` defaults to ``../shared/data-sources`` relative to the repository root; ``--out`` (default
``datasets/``) lets a test rebuild into a temporary folder and compare bytes with the committed CSVs.
Raw files that learners clean themselves (``RAW_COPIES``) are copied byte for byte beside their tidy versions.
Then run ``python3 course.py datapackage`` to refresh hashes and the data dictionary.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tools._project import DATASETS as DATASETS_DIR
from tools._project import ROOT as REPO_ROOT
from tools._project import run
from tools.build_context_datasets import (
    MAP_LICENCE,
    POVERTY_LIST_FILE,
    build_china_province_map,
    build_map_label_points,
    build_poverty_counties,
    build_province_population_gdp_gcam,
    build_province_population_gdp_nbs,
    build_shanxi_city_map,
    build_shanxi_coal_output,
)
from tools.source_tables import SUM_TOLERANCE_MT, assert_sample, read_source, split_total

META_DIR = DATASETS_DIR / "meta"
DEFAULT_SOURCE_DIR = REPO_ROOT.parent / "shared" / "data-sources"


ELECTRICITY_FUELS = {  # source column -> fuel value in the tidy table
    "coal_generation_100gwh": "thermal",
    "hydro_generation_100gwh": "hydro",
    "nuclear_generation_100gwh": "nuclear",
    "wind_generation_100gwh": "wind",
    "solar_generation_100gwh": "solar",
    "other_generation_100gwh": "other",
}

POVERTY_LINES = {  # WDI indicator code -> (poverty_line label, text the indicator name must contain)
    "SI.POV.DDAY": ("$3.00/day (2021 PPP)", "$3.00 a day (2021 PPP)"),
    "SI.POV.LMIC": ("$4.20/day (2021 PPP)", "$4.20 a day (2021 PPP)"),
    "SI.POV.UMIC": ("$8.30/day (2021 PPP)", "$8.30 a day (2021 PPP)"),
    "SI.POV.NAHC": ("national line", "national poverty lines"),
}

ENERGY_CURATED_COLUMNS = [
    "country",
    "year",
    "primary_energy_consumption_twh",
    "coal_production_twh",
    "coal_consumption_twh",
    "oil_consumption_twh",
    "gas_consumption_twh",
    "coal_share_primary_energy_pct",
    "oil_share_primary_energy_pct",
    "gas_share_primary_energy_pct",
    "hydro_share_primary_energy_pct",
    "nuclear_share_primary_energy_pct",
    "wind_share_primary_energy_pct",
    "solar_share_primary_energy_pct",
    "fossil_share_primary_energy_pct",
    "renewables_share_primary_energy_pct",
    "low_carbon_share_primary_energy_pct",
    "electricity_generation_twh",
    "coal_electricity_twh",
    "gas_electricity_twh",
    "oil_electricity_twh",
    "hydro_electricity_twh",
    "nuclear_electricity_twh",
    "wind_electricity_twh",
    "solar_electricity_twh",
    "other_renewable_incl_bio_electricity_twh",
    "coal_share_electricity_pct",
    "fossil_share_electricity_pct",
    "low_carbon_share_electricity_pct",
]

ENERGY_EXTRA_COLUMNS = {  # original OWID column (all-columns file) -> name in china_energy_mix
    "other_renewables_share_energy": "other_renewables_share_primary_energy_pct",
    "biofuel_share_energy": "biofuel_share_primary_energy_pct",
}

CO2_FUEL_COLUMNS = [
    "coal_co2_mt",
    "oil_co2_mt",
    "gas_co2_mt",
    "cement_co2_mt",
    "flaring_co2_mt",
    "other_industry_co2_mt",
]

CO2_COLUMNS = [
    "country",
    "year",
    "co2_mt",
    *CO2_FUEL_COLUMNS,
    "co2_per_capita_t",
    "coal_co2_per_capita_t",
    "share_global_co2_pct",
    "share_global_coal_co2_pct",
    "consumption_based_co2_mt",
    "co2_embedded_in_trade_mt",
]

def build_shanxi_electricity_by_fuel(source_dir: Path) -> pd.DataFrame:
    """Shanxi generation by fuel, long, converted from 100 GWh to TWh; missing years as empty cells."""
    wide = read_source(source_dir, "shanxi_electricity_by_fuel_cpsy.csv")
    fuel_columns = list(ELECTRICITY_FUELS)
    all_zero = (wide[fuel_columns] == 0).all(axis=1)
    assert (all_zero == wide["data_missing_flag"]).all(), "missing flag must mark exactly the all-zero rows"
    assert sorted(wide.loc[all_zero, "year"]) == [2003, 2006]
    long = wide.melt(
        id_vars=["province", "year", "data_missing_flag"],
        value_vars=fuel_columns,
        var_name="fuel",
        value_name="generation_100gwh",
    )
    long["fuel"] = long["fuel"].map(ELECTRICITY_FUELS)
    # 100 GWh -> TWh is a division by 10. Rounding to 4 decimals keeps every source digit (at most 3
    # decimals in 100 GWh) and removes float residues of the order 1e-14 (some negative) in "other".
    twh = (long["generation_100gwh"] / 10).round(4) + 0.0  # + 0.0 turns -0.0 into 0.0
    long = long.rename(columns={"data_missing_flag": "data_missing"})
    long["generation_twh"] = twh.mask(long["data_missing"])
    table = long[["province", "year", "fuel", "generation_twh", "data_missing"]]
    table = table.sort_values("year", kind="stable").reset_index(drop=True)
    for fuel, year, expected in [
        ("thermal", 2016, 230.9),
        ("wind", 2016, 13.5),
        ("solar", 2016, 2.7),
        ("thermal", 2021, 322.9),
        ("wind", 2021, 46.911),
        ("solar", 2021, 18.95),
    ]:
        assert_sample(table, "generation_twh", expected, 4, fuel=fuel, year=year)
    assert (table["generation_twh"].dropna() >= 0).all()
    return table


def build_shanxi_co2_by_fuel(source_dir: Path) -> pd.DataFrame:
    """Shanxi Scope 1 CO2 by fuel (and cement process); total and all-zero Scope 2 rows dropped."""
    long = read_source(source_dir, "shanxi_co2_by_fuel_ceads.csv")
    scope2 = long["fuel"].str.startswith("Scope 2")
    assert set(long.loc[scope2, "fuel"]) == {"Scope 2 Electricity", "Scope 2 Heat"}
    assert (long.loc[scope2, "co2_mt"] == 0).all(), "Scope 2 rows are dropped only while they are all zero"
    totals = long[long["fuel"] == "Scope 1 Total"]
    assert_sample(totals, "co2_mt", 474.6, 1, year=2016)
    assert_sample(totals, "co2_mt", 564.9, 1, year=2019)
    table = split_total(long[~scope2], "fuel", "Scope 1 Total", ["co2_mt"])
    return table.sort_values(["year", "fuel"], kind="stable").reset_index(drop=True)


def build_shanxi_co2_by_sector(source_dir: Path) -> pd.DataFrame:
    """Shanxi Scope 1 CO2 and its raw-coal part by sector; the "Total Consumption" rows dropped."""
    long = read_source(source_dir, "shanxi_co2_by_sector_ceads.csv")
    totals = long[long["sector"] == "Total Consumption"]
    assert_sample(totals, "co2_mt", 474.6, 1, year=2016)
    power = "Production and Supply of Electric Power, Steam and Hot Water"
    assert_sample(long, "co2_mt", 262.0, 1, sector=power, year=2016)
    table = split_total(long, "sector", "Total Consumption", ["co2_mt", "raw_coal_co2_mt"])
    assert (table["raw_coal_co2_mt"] <= table["co2_mt"] + SUM_TOLERANCE_MT).all()
    return table.sort_values(["year", "sector"], kind="stable").reset_index(drop=True)


def build_province_co2_totals(source_dir: Path) -> pd.DataFrame:
    """Scope 1 CO2 totals of the 30 CEADs provinces, 1997-2019."""
    table = read_source(source_dir, "china_provinces_co2_total_ceads.csv")
    table = table.rename(columns={"total_co2_mt": "co2_mt"})
    assert table["province"].nunique() == 30
    assert (table.groupby("province").size() == 23).all()
    assert_sample(table, "co2_mt", 474.6, 1, province="Shanxi", year=2016)
    assert_sample(table, "co2_mt", 564.9, 1, province="Shanxi", year=2019)
    fuel_totals = read_source(source_dir, "shanxi_co2_by_fuel_ceads.csv").query("fuel == 'Scope 1 Total'")
    shanxi = table[table["province"] == "Shanxi"].set_index("year")["co2_mt"]
    assert (shanxi - fuel_totals.set_index("year")["co2_mt"]).abs().max() < SUM_TOLERANCE_MT
    return table.sort_values(["province", "year"], kind="stable").reset_index(drop=True)


def build_shanxi_city_co2(source_dir: Path) -> pd.DataFrame:
    """CEADs CO2 totals for the 8 Shanxi prefecture-level cities present in the source."""
    table = read_source(source_dir, "shanxi_cities_co2_ceads.csv")
    table = table[["province", "city_en", "city_zh", "year", "co2_mt"]]
    assert table["city_en"].nunique() == 8
    assert not {"Datong", "Linfen", "Lüliang", "Lvliang"} & set(table["city_en"])
    for city, year, expected in [
        ("Xinzhou", 2016, 49.1),
        ("Xinzhou", 2017, 56.9),
        ("Yuncheng", 2016, 72.0),
        ("Yuncheng", 2019, 88.7),
    ]:
        assert_sample(table, "co2_mt", expected, 1, city_en=city, year=year)
    return table.sort_values(["city_en", "year"], kind="stable").reset_index(drop=True)


def build_shanxi_socioeconomic(source_dir: Path) -> pd.DataFrame:
    """Shanxi GDP, population and urban share from GCAM-China inputs, long format as in the source."""
    table = read_source(source_dir, "shanxi_socioeconomic_gcam_china.csv")
    expected_variables = {
        "gdp_nominal",
        "population_year_end",
        "population_year_end_compendium",
        "urban_population_share",
        "gdp_real_gcam_derived",
    }
    assert set(table["variable"]) == expected_variables
    assert table.groupby("variable")["unit"].nunique().eq(1).all(), "one unit per variable"
    assert_sample(table, "value", 12378.24, 2, variable="gdp_nominal", year=2014)
    assert_sample(table, "value", 12113.69, 2, variable="gdp_nominal", year=2015)
    return table.sort_values(["variable", "year"], kind="stable").reset_index(drop=True)


def build_china_energy_mix(source_dir: Path) -> pd.DataFrame:
    """China energy mix, wide with units in the column names, from the OWID energy dataset."""
    curated = read_source(source_dir, "china_energy_owid.csv")
    extra = read_source(source_dir, "china_energy_owid_allcolumns.csv")
    # Both files are the same 35 China rows; check before joining the two columns the curated file lacks.
    assert (curated["year"].to_numpy() == extra["year"].to_numpy()).all()
    assert (curated["coal_share_primary_energy_pct"] == extra["coal_share_energy"]).all()
    table = curated[ENERGY_CURATED_COLUMNS].copy()
    for original, name in ENERGY_EXTRA_COLUMNS.items():
        table[name] = extra[original]
    share = "{}_share_primary_energy_pct".format
    renewables = table[[share(p) for p in ["hydro", "wind", "solar", "other_renewables", "biofuel"]]]
    assert (renewables.sum(axis=1) - table[share("renewables")]).abs().max() < 0.005
    fossil = table[[share(p) for p in ["coal", "oil", "gas"]]]
    assert (fossil.sum(axis=1) - table[share("fossil")]).abs().max() < 0.005
    sources = [c for c in ENERGY_CURATED_COLUMNS if c.endswith("_electricity_twh")]
    assert (table[sources].sum(axis=1) - table["electricity_generation_twh"]).abs().max() < 0.01
    return table


def build_coal_production_tonnes(source_dir: Path) -> pd.DataFrame:
    """BP Statistical Review 2021 coal and energy series (via OWID), units in the column names."""
    table = read_source(source_dir, "coal_energy_bp2021_comparison.csv")
    for year, expected in [(2015, 3746.5), (2016, 3410.6), (2020, 3902.0)]:
        assert_sample(table, "coal_production_mt", expected, 1, country="China", year=year)
    return table.sort_values(["country", "year"], kind="stable").reset_index(drop=True)


def build_china_co2(source_dir: Path) -> pd.DataFrame:
    """China CO2 (Global Carbon Budget via OWID), focused wide table with units in the column names."""
    table = read_source(source_dir, "china_co2_owid.csv")[CO2_COLUMNS]
    assert (table[CO2_FUEL_COLUMNS].sum(axis=1) - table["co2_mt"]).abs().max() < 0.01
    trade = table["consumption_based_co2_mt"] - table["co2_mt"] - table["co2_embedded_in_trade_mt"]
    assert trade.abs().max() < 0.01
    return table


def build_poverty_headcount(source_dir: Path) -> pd.DataFrame:
    """WDI poverty headcount ratios (% of population) at the 2021-PPP lines and national lines."""
    raw = read_source(source_dir, "poverty_headcount_wdi.csv")
    assert set(raw["indicator_code"]) == set(POVERTY_LINES)
    for code, (_, name_text) in POVERTY_LINES.items():
        names = raw.loc[raw["indicator_code"] == code, "indicator_name"]
        assert names.str.contains(name_text, regex=False).all(), f"{code} is not the {name_text} line"
    raw["poverty_line"] = raw["indicator_code"].map({code: line for code, (line, _) in POVERTY_LINES.items()})
    table = raw.rename(columns={"value_pct_of_population": "headcount_pct"})
    table = table[["entity_code", "entity_name", "year", "poverty_line", "indicator_code", "headcount_pct"]]
    china = table[table["entity_code"] == "CHN"]
    for code, year, expected in [
        ("SI.POV.NAHC", 2016, 4.5),
        ("SI.POV.NAHC", 2018, 1.7),
        ("SI.POV.NAHC", 2019, 0.6),
        ("SI.POV.NAHC", 2020, 0.0),
        ("SI.POV.DDAY", 2016, 2.2),
        ("SI.POV.DDAY", 2019, 0.0),
        ("SI.POV.DDAY", 2020, 0.0),
        ("SI.POV.DDAY", 2021, 0.0),
    ]:
        assert_sample(china, "headcount_pct", expected, 1, indicator_code=code, year=year)
    return table.sort_values(["entity_code", "indicator_code", "year"], kind="stable").reset_index(drop=True)


def build_china_population(source_dir: Path) -> pd.DataFrame:
    """China total population (WDI SP.POP.TOTL), as whole persons."""
    raw = read_source(source_dir, "china_population_wdi.csv")
    assert set(raw["indicator_code"]) == {"SP.POP.TOTL"}
    assert set(raw["entity_code"]) == {"CHN"}
    assert (raw["population_people"] % 1 == 0).all(), "population counts must be whole numbers"
    table = pd.DataFrame(
        {
            "country": raw["entity_name"],
            "year": raw["year"],
            "population_people": raw["population_people"].astype("int64"),
        }
    )
    return table.sort_values("year", kind="stable").reset_index(drop=True)


def build_crop_production(source_dir: Path) -> pd.DataFrame:
    """FAOSTAT crop production (tonnes) via OWID grapher exports, one row per entity-year-crop."""
    raw = read_source(source_dir, "crop_production_faostat_owid.csv")
    table = raw.rename(columns={"item": "crop"})[["entity", "code", "year", "crop", "production_tonnes"]]
    assert set(table["crop"]) == {"Apples", "Wheat", "Maize (corn)"}
    assert_sample(table, "production_tonnes", 40393000.0, 0, entity="China", crop="Apples", year=2016)
    assert_sample(table, "production_tonnes", 40394484.0, 0, entity="China (FAO)", crop="Apples", year=2016)
    return table.sort_values(["entity", "crop", "year"], kind="stable").reset_index(drop=True)


BUILDERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "shanxi_electricity_by_fuel": build_shanxi_electricity_by_fuel,
    "shanxi_co2_by_fuel": build_shanxi_co2_by_fuel,
    "shanxi_co2_by_sector": build_shanxi_co2_by_sector,
    "province_co2_totals": build_province_co2_totals,
    "shanxi_city_co2": build_shanxi_city_co2,
    "shanxi_socioeconomic": build_shanxi_socioeconomic,
    "china_energy_mix": build_china_energy_mix,
    "coal_production_tonnes": build_coal_production_tonnes,
    "china_co2": build_china_co2,
    "poverty_headcount": build_poverty_headcount,
    "china_population": build_china_population,
    "crop_production": build_crop_production,
    "province_population_gdp_nbs": build_province_population_gdp_nbs,
    "province_population_gdp_gcam": build_province_population_gdp_gcam,
    "shanxi_coal_output": build_shanxi_coal_output,
    "poverty_counties": build_poverty_counties,
    "shanxi_city_map": build_shanxi_city_map,
    "china_province_map": build_china_province_map,
    "map_label_points": build_map_label_points,
}

# Raw files kept as published beside their tidy versions, for learners to read and clean: dataset -> shared file,
# copied byte for byte (every field typed as text in the metadata, so that data.load returns the values as written).
RAW_COPIES: dict[str, str] = {
    "poverty_counties_raw": POVERTY_LIST_FILE,  # the file poverty_counties is built from
}

TYPE_CHECKS: dict[str, Callable[[pd.Series], bool]] = {
    "string": lambda s: pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s),
    "integer": pd.api.types.is_integer_dtype,
    "number": pd.api.types.is_numeric_dtype,
    "boolean": pd.api.types.is_bool_dtype,
}


def check_against_metadata(name: str, table: pd.DataFrame) -> None:
    """Check a table against its metadata: field names, types, units and a unique, complete primary key."""
    meta = json.loads((META_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert meta["name"] == name
    fields = meta["schema"]["fields"]
    assert [f["name"] for f in fields] == list(table.columns), f"{name}: schema fields != CSV columns"
    for field in fields:
        assert field.get("description"), f"{name}.{field['name']}: missing description"
        assert TYPE_CHECKS[field["type"]](table[field["name"]]), (
            f"{name}.{field['name']}: not {field['type']}"
        )
        if field["type"] in ("integer", "number"):
            assert field.get("unit"), f"{name}.{field['name']}: numeric field without unit"
    key = meta["schema"]["primaryKey"]
    assert table[key].notna().all().all(), f"{name}: empty primary-key cell"
    assert not table.duplicated(key).any(), f"{name}: primary key {key} is not unique"


def write_dataset(name: str, table: pd.DataFrame, folder: Path = DATASETS_DIR) -> Path:
    """Write a dataset as UTF-8 CSV with LF line endings, no index and booleans as ``true``/``false``."""
    path = folder / f"{name}.csv"
    booleans = table.select_dtypes(include="bool").columns
    table = table.astype(dict.fromkeys(booleans, "str"))
    table[booleans] = table[booleans].apply(lambda column: column.str.lower())
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def copy_raw(name: str, source_dir: Path, folder: Path = DATASETS_DIR) -> Path:
    """Copy the shared file of raw dataset ``name`` byte for byte, after checking it against its metadata as text."""
    source = source_dir / RAW_COPIES[name]
    raw = source.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw, f"{source.name}: not plain UTF-8 with LF"
    table = read_source(source_dir, RAW_COPIES[name], dtype=str, keep_default_na=False, na_values=[""])
    check_against_metadata(name, table)
    path = folder / f"{name}.csv"
    path.write_bytes(raw)
    return path


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help="shared data-sources folder (default: ../shared/data-sources relative to the repo root)",
    )
    parser.add_argument("--out", type=Path, default=DATASETS_DIR,
                        help="folder to write the CSVs to (default: datasets/)")
    return parser.parse_args(argv)


def build_all(source_dir: Path, out_dir: Path = DATASETS_DIR) -> dict[str, Path]:
    """Build, check and write every dataset into ``out_dir``, with the maps' licence; return what -> written file."""
    assert (source_dir / "PROVENANCE.md").is_file(), f"no PROVENANCE.md in {source_dir}"
    written = {}
    for name, build in BUILDERS.items():
        table = build(source_dir)
        check_against_metadata(name, table)
        written[name] = write_dataset(name, table, out_dir)
    for name in RAW_COPIES:
        written[name] = copy_raw(name, source_dir, out_dir)
    licence = out_dir / MAP_LICENCE
    licence.write_bytes((source_dir / "maps" / MAP_LICENCE).read_bytes())
    written["licence of the maps"] = licence
    return written


def main(argv: list[str]) -> int:
    """Build, check and write every dataset."""
    args = parse_args(argv)
    for name, path in build_all(args.source_dir, args.out).items():
        print(f"{path}: {name}")
    return 0


if __name__ == "__main__":
    run(main)
