"""helpers.data: typed loading, and one test per class of bad input (each message names file and problem)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.errors import DatasetError

ROOT = Path(__file__).resolve().parent.parent
NAME = "province_co2_totals"  # a table with string, integer and number fields
FILE = f"{NAME}.csv"


@pytest.fixture
def course_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of datasets/ that helpers.data reads instead of the real one."""
    folder = tmp_path / "datasets"
    shutil.copytree(ROOT / "datasets", folder)
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(folder))
    return folder


def lines(folder: Path) -> list[str]:
    return (folder / FILE).read_text(encoding="utf-8").splitlines(keepends=True)


def error_for(name: str = NAME) -> str:
    with pytest.raises(DatasetError) as caught:
        data.load(name)
    return str(caught.value)


@pytest.mark.parametrize("name", [r["name"] for r in data._package(ROOT / "datasets")["resources"]])
def test_every_dataset_loads_with_its_schema_types(name):
    frame = data.load(name)
    fields = data._resource(name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    expected = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
    assert {c: str(frame[c].dtype) for c in frame} == {f["name"]: expected[f["type"]] for f in fields}
    assert len(frame) == data._resource(name)["rows"] > 0


def test_catalogue_and_describe_list_every_dataset_and_field():
    catalogue = data.catalogue()
    assert NAME in catalogue.index and catalogue.loc[NAME, "rows"] > 0
    assert {"type", "unit", "description"} <= set(data.describe(NAME).columns)


def test_path_gives_the_checked_file_to_read_as_published():
    assert data.path(NAME) == data.datasets_dir() / FILE
    raw = pd.read_csv(data.path("poverty_counties_raw"))  # as a learner reads it: the quirks are still there
    assert raw.columns[0] == "行政区划代码" and raw["摘帽时间"].dtype == "float64" and len(raw) == 832
    assert data.load("poverty_counties_raw")["摘帽时间"].iloc[0] == "2016.0"  # loaded as written: text
    with pytest.raises(DatasetError, match="no dataset called 'poverty_count'"):
        data.path("poverty_count")


def test_unknown_name_suggests_the_closest(course_copy):
    message = error_for("province_co2_total")
    assert "no dataset called 'province_co2_total'" in message and f"'{NAME}'" in message


def test_missing_file(course_copy):
    (course_copy / FILE).unlink()
    message = error_for()
    assert FILE in message and "missing" in message


def test_edited_value_fails_the_hash(course_copy):
    rows = lines(course_copy)
    rows[1] = rows[1].replace(",1", ",2", 1) if ",1" in rows[1] else rows[1].replace(",", ",9", 1)
    (course_copy / FILE).write_text("".join(rows), encoding="utf-8")
    message = error_for()
    assert FILE in message and "edited" in message and "hash" in message


def test_truncated_file(course_copy):
    rows = lines(course_copy)
    (course_copy / FILE).write_text("".join(rows[: len(rows) // 2]), encoding="utf-8")
    message = error_for()
    assert FILE in message and "truncated" in message


def test_file_cut_mid_line(course_copy):
    text = (course_copy / FILE).read_text(encoding="utf-8")
    (course_copy / FILE).write_text(text[:-8], encoding="utf-8")
    message = error_for()
    assert FILE in message and "truncated" in message


def test_non_utf8_file(course_copy):
    raw = (course_copy / FILE).read_bytes()
    (course_copy / FILE).write_bytes(raw.replace(b"Shanxi", "Shanxī".encode("latin-1", "replace"), 1)
                                     .replace(b"?", b"\xff", 1))
    message = error_for()
    assert FILE in message and "UTF-8" in message


def test_missing_column(course_copy):
    frame = pd.read_csv(course_copy / FILE, dtype=str, keep_default_na=False)
    frame.drop(columns="co2_mt").to_csv(course_copy / FILE, index=False, lineterminator="\n")
    message = error_for()
    assert FILE in message and "missing the column(s) co2_mt" in message


def test_unexpected_column(course_copy):
    frame = pd.read_csv(course_copy / FILE, dtype=str, keep_default_na=False)
    frame.assign(note="x").to_csv(course_copy / FILE, index=False, lineterminator="\n")
    message = error_for()
    assert FILE in message and "unexpected column(s) note" in message


def test_wrong_type_names_column_line_and_value(course_copy):
    rows = lines(course_copy)
    fields = rows[3].rstrip("\n").split(",")
    header = rows[0].rstrip("\n").split(",")
    fields[header.index("co2_mt")] = "about 100"
    rows[3] = ",".join(fields) + "\n"
    (course_copy / FILE).write_text("".join(rows), encoding="utf-8")
    message = error_for()
    assert FILE in message and "'co2_mt'" in message and "line 4" in message and "'about 100'" in message
    assert "not a valid number" in message


def test_missing_datapackage(course_copy):
    (course_copy / "datapackage.json").unlink()
    assert "datapackage.json is missing" in error_for()


def test_dataset_error_shows_only_its_message_in_jupyter():
    assert DatasetError("x.csv is missing")._render_traceback_() == ["\x1b[31mDatasetError\x1b[0m: x.csv is missing"]


DATASETS = [r["name"] for r in data._package(ROOT / "datasets")["resources"]]


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_rejects_an_edited_value_and_a_truncated_copy(course_copy, name):
    path = course_copy / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    digit = next(i for i in range(len(text) - 1, -1, -1) if text[i].isdigit())  # the file's last digit
    path.write_text(text[:digit] + str((int(text[digit]) + 1) % 10) + text[digit + 1:], encoding="utf-8")
    message = error_for(name)
    assert path.name in message and "edited" in message and "git checkout" in message
    path.write_text(text[: len(text) // 2].rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    message = error_for(name)
    assert path.name in message and "truncated" in message
