"""tools/build_external_datasets.py: the committed datasets are exactly what the build makes from the shared sources.

The shared sources live outside the repository, in ``../shared/data-sources`` (``SHANXI_DATA_SOURCES`` overrides the
place, e.g. for a git worktree elsewhere). Where the folder is present (the authors' workspace) these tests run;
they skip where it is absent (a learner's copy of the course, or a CI clone without the workspace), unless
``SHANXI_REQUIRE_SOURCES=1`` asks for them, in which case a missing folder fails.

The last tests recompute the key facts a notebook states straight from the raw source files (csv module, no
pandas, none of the course's code) and compare them with ``helpers.context_tables``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import context_tables as ct
from helpers import data
from tools import build_external_datasets as build

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("SHANXI_DATA_SOURCES", build.DEFAULT_SOURCE_DIR))
REQUIRED = os.environ.get("SHANXI_REQUIRE_SOURCES") == "1"


@pytest.fixture(scope="module")
def sources() -> Path:
    """The shared data-sources folder; skip without it, unless SHANXI_REQUIRE_SOURCES=1 requires it."""
    if (SOURCES / "PROVENANCE.md").is_file():
        return SOURCES
    message = f"the shared data sources are not at {SOURCES} (set SHANXI_DATA_SOURCES to their folder)"
    if REQUIRED:
        pytest.fail(message + " and SHANXI_REQUIRE_SOURCES=1 requires them", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def rebuilt(sources, tmp_path_factory) -> dict[str, Path]:
    """Every dataset rebuilt from the shared sources into a temporary folder."""
    return build.build_all(sources, tmp_path_factory.mktemp("datasets"))


def test_rebuild_reproduces_every_committed_file_byte_for_byte(rebuilt):
    assert set(build.BUILDERS) <= set(rebuilt)
    committed = ROOT / "datasets"
    differ = [path.name for path in rebuilt.values() if path.read_bytes() != (committed / path.name).read_bytes()]
    assert not differ, f"rebuilt files differ from the committed: {differ} (run the tool and course.py datapackage)"


def test_every_external_dataset_has_a_builder_and_metadata():
    package = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    external = {r["name"] for r in package["resources"] if "derived_from" not in r}
    assert external - {"article_claims"} == set(build.BUILDERS) | set(build.RAW_COPIES)


def test_raw_copies_are_the_shared_files_byte_for_byte(sources, rebuilt):
    for name, filename in build.RAW_COPIES.items():
        assert rebuilt[name].read_bytes() == (sources / filename).read_bytes() == (
            ROOT / "datasets" / f"{name}.csv").read_bytes(), name


def _damaged_copy(sources: Path, tmp_path: Path, filename: str, old: str, new: str) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(sources, folder)
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("builder", "filename", "old", "new", "reason"),
    [
        # Shanxi's 2019 population (3497) changed: the PROVENANCE sample no longer matches.
        ("province_population_gdp_nbs", "provinces_population_nbs_pypsa.csv", ",3490,3497,", ",3490,3498,",
         "!= sample 3497"),
        # A province renamed: no longer one of the CEADs provinces.
        ("province_population_gdp_gcam", "provinces_population_gcam_china.csv", "\nShanxi,", "\nShansi,", "Shansi"),
        # A GDP figure with thousands separators mangled: the 'sum' row no longer adds up.
        ("province_population_gdp_gcam", "provinces_gdp_gcam_china.csv", '"19,034.98"', '"190,349.8"',
         "'sum' row does not add up"),
        # The Total Coal line of 2007 altered: it no longer rounds to the printed Coal Raw value.
        ("shanxi_coal_output", "shanxi_coal_indigenous_production_gcam_china_lines.txt", "430.69194", "440.69194",
         "is not 440.69194 rounded"),
        # A Xinzhou county's exit year changed (五台县, 2019 -> 2020).
        ("poverty_counties", "poverty_counties_832_exit_year.csv", "五台县,中部,山西省,忻州市,2019.0",
         "五台县,中部,山西省,忻州市,2020.0", "Xinzhou rows differ"),
        # A map coordinate moved off ECharts' 1/1024-degree grid.
        ("shanxi_city_map", "maps/shanxi_prefectures_echarts.geojson", "112.3310546875", "112.3310546",
         "not on the 1/1024 grid"),
    ],
)
def test_a_damaged_source_stops_the_build(sources, tmp_path, builder, filename, old, new, reason):
    folder = _damaged_copy(sources, tmp_path, filename, old, new)
    with pytest.raises(AssertionError, match=re.escape(reason)):
        build.BUILDERS[builder](folder)


def test_metadata_mismatch_stops_the_build(sources):
    table = build.BUILDERS["shanxi_coal_output"](sources).rename(columns={"coal_output_mtce": "coal_output_mt"})
    with pytest.raises(AssertionError, match="schema fields != CSV columns"):
        build.check_against_metadata("shanxi_coal_output", table)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle) if row and not row[0].startswith("#")]


def _wide(path: Path) -> dict[str, dict[int, float]]:
    """A wide region x year source file as {region: {year: value}} (thousands separators removed)."""
    header, *rows = _rows(path)
    return {row[0]: {int(y): float(v.replace(",", "")) for y, v in zip(header[1:], row[1:], strict=True) if v}
            for row in rows}


def test_shanxi_per_person_rank_from_the_raw_files(sources):
    year = 2019
    co2 = {row[0]: float(row[2]) for row in _rows(sources / "china_provinces_co2_total_ceads.csv")[1:]
           if int(row[1]) == year}
    population = _wide(sources / "provinces_population_nbs_pypsa.csv")
    per_person = {p: co2[p] * 1e6 / (population[p][year] * 1e4) for p in co2}
    expected = sorted(per_person, key=per_person.get, reverse=True).index("Shanxi") + 1
    ranking = ct.province_ranking(data.load("province_co2_totals"), data.load("province_population_gdp_nbs"), year)
    shanxi = ct.rank_of(ranking)
    assert shanxi["rank_per_person"] == expected and len(ranking) == len(co2) == 30
    assert shanxi["co2_t_per_person"] == pytest.approx(per_person["Shanxi"], rel=1e-12)


def test_coal_share_and_conversion_evidence_from_the_raw_lines(sources):
    lines = _rows(sources / "shanxi_coal_indigenous_production_gcam_china_lines.txt")
    exact = {}  # year -> Mtce, skipping lines printed in E notation (rounded)
    for _, year, _, _, value in lines:
        if "E+" not in value:
            exact.setdefault(int(year), float(value))
    latest = max(exact)
    share = ct.phase_out_share(data.load("shanxi_coal_output"), 157)
    assert share.latest_year == latest == 2014
    assert share.share_of_latest_pct == pytest.approx(100 * 157 / (exact[latest] / 0.714), rel=1e-12)
    derived = _rows(sources / "shanxi_raw_coal_production_gcam_china.csv")
    flagged = sorted(int(row[1]) for row in derived[1:] if row[6] == "True")
    assert ct.conversion_evidence(data.load("shanxi_coal_output")).whole_years == flagged


def test_shanxi_2019_counties_from_the_raw_list(sources):
    header, *rows = _rows(sources / "poverty_counties_832_exit_year.csv")
    expected = sorted(int(float(r[0])) for r in rows if r[3] == "山西省" and float(r[5]) == 2019)
    table = ct.counties_exited(data.load("poverty_counties"), 2019)
    assert sorted(table["county_code"].tolist()) == expected
