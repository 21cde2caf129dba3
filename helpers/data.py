"""Load the course datasets, checked against ``datasets/datapackage.json``.

``load(name)`` returns a typed :class:`pandas.DataFrame` after checking the CSV file: it exists, is UTF-8
text, has exactly the columns of its schema, is complete, every value has its schema type, and its
SHA-256 hash matches the one published in the data package. Any problem raises :class:`DatasetError`
with a message that names the file and says what is wrong and how to fix it.

Units are in the column names (``co2_mt``, ``generation_twh``) or in a ``unit`` column; the data
dictionary ``datasets/README.md`` lists every field with its unit.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import os
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from helpers.errors import DatasetError

__all__ = ["DatasetError", "catalogue", "datasets_dir", "describe", "load"]

RESTORE_HINT = "Restore the original with `git checkout -- datasets/` (or download the course again)."


def datasets_dir() -> Path:
    """The folder holding the CSVs and datapackage.json (override with ``SHANXI_DATASETS_DIR``).

    An installed wheel carries the data as ``helpers/datasets`` (see pyproject.toml); a checkout, or an editable
    install of one, reads ``datasets/`` at the top of the repository.
    """
    override = os.environ.get("SHANXI_DATASETS_DIR")
    if override:
        return Path(override)
    packaged = Path(str(resources.files("helpers"))) / "datasets"
    return packaged if packaged.is_dir() else packaged.parent.parent / "datasets"


@cache
def _package(folder: Path) -> dict:
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"{path} is missing, so no dataset can be checked. {RESTORE_HINT}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DatasetError(f"{path} is not valid JSON ({err}). {RESTORE_HINT}") from None


def _resources() -> dict[str, dict]:
    return {r["name"]: r for r in _package(datasets_dir())["resources"]}


def catalogue() -> pd.DataFrame:
    """One row per dataset: name, title, rows, and the description from the data package."""
    rows = [
        {"name": r["name"], "title": r["title"], "rows": r["rows"], "description": r["description"]}
        for r in _resources().values()
    ]
    return pd.DataFrame(rows).set_index("name")


def describe(name: str) -> pd.DataFrame:
    """The data dictionary of one dataset: each field's type, unit and description."""
    fields = _resource(name)["schema"]["fields"]
    table = pd.DataFrame(
        [{"field": f["name"], "type": f["type"], "unit": f.get("unit", ""), "description": f["description"]}
         for f in fields]
    )
    return table.set_index("field")


def _resource(name: str) -> dict:
    resources = _resources()
    if name in resources:
        return resources[name]
    close = difflib.get_close_matches(str(name), resources, n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise DatasetError(
        f"There is no dataset called {name!r}.{hint} `helpers.data.catalogue()` lists all "
        f"{len(resources)} datasets."
    )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"{path.name} is missing from {path.parent}. {RESTORE_HINT}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DatasetError(
            f"{path.name} is not UTF-8 text (undecodable byte at position {err.start}); it may have been "
            f"re-saved by a spreadsheet in another encoding. {RESTORE_HINT}"
        ) from None


def _check_shape(path: Path, text: str, resource: dict) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    expected = [f["name"] for f in resource["schema"]["fields"]]
    header = rows[0] if rows else []
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    if missing:
        raise DatasetError(f"{path.name} is missing the column(s) {', '.join(missing)}. {RESTORE_HINT}")
    if unexpected:
        raise DatasetError(
            f"{path.name} has unexpected column(s) {', '.join(unexpected)}; the data package lists only "
            f"{', '.join(expected)}. {RESTORE_HINT}"
        )
    if header != expected:
        raise DatasetError(f"{path.name} has its columns in a different order than published. {RESTORE_HINT}")
    short = [n for n, row in enumerate(rows[1:], start=2) if len(row) != len(header)]
    if short or not text.endswith("\n") or len(rows) - 1 < resource["rows"]:
        where = f" (line {short[0]} has the wrong number of values)" if short else ""
        raise DatasetError(
            f"{path.name} looks truncated: it has {len(rows) - 1} data rows where {resource['rows']} were "
            f"published{where}. {RESTORE_HINT}"
        )


def _integers(column: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(column, errors="coerce")
    return numbers.where(numbers % 1 == 0).astype("Int64")


_CONVERTERS = {
    "integer": _integers,
    "number": lambda s: pd.to_numeric(s, errors="coerce").astype("float64"),
    "boolean": lambda s: s.map({"True": True, "true": True, "False": False, "false": False}).astype("boolean"),
    "string": lambda s: s.astype("string"),
}


def _typed(path: Path, frame: pd.DataFrame, resource: dict) -> pd.DataFrame:
    for field in resource["schema"]["fields"]:
        name, kind = field["name"], field["type"]
        column = frame[name]
        converted = _CONVERTERS[kind](column)
        bad = column.notna() & converted.isna()
        if bad.any():
            first = int(bad.to_numpy().argmax())
            raise DatasetError(
                f"{path.name}, column {name!r}, line {first + 2}: {column.iloc[first]!r} is not a valid {kind}. "
                f"{RESTORE_HINT}"
            )
        frame[name] = converted
    return frame


def _check_hash(path: Path, resource: dict) -> None:
    algorithm, _, expected = resource["hash"].partition(":")
    if hashlib.new(algorithm, path.read_bytes()).hexdigest() != expected:
        raise DatasetError(
            f"{path.name} has been edited: its content no longer matches the published {algorithm} hash in "
            f"datapackage.json, so its numbers can no longer be traced to their sources. {RESTORE_HINT}"
        )


def load(name: str) -> pd.DataFrame:
    """Return dataset ``name`` as a typed DataFrame, after checking file, columns, types and hash.

    Integers load as ``Int64``, numbers as ``float64``, booleans as ``boolean``, text as ``string``;
    empty cells are missing values. Raises :class:`DatasetError` on any problem. A file is checked
    again whenever its size or modification time changes; each call returns a fresh copy.
    """
    resource = _resource(name)
    path = datasets_dir() / resource["path"]
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DatasetError(f"{path.name} is missing from {path.parent}. {RESTORE_HINT}") from None
    return _checked(path, stat.st_size, stat.st_mtime_ns, name).copy()


@lru_cache(maxsize=64)
def _checked(path: Path, size: int, mtime_ns: int, name: str) -> pd.DataFrame:
    """The checked, typed table at ``path`` (``size`` and ``mtime_ns`` key the cache to the file's state)."""
    resource = _resource(name)
    text = _read_text(path)
    _check_shape(path, text, resource)
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    frame = _typed(path, raw, resource)
    _check_hash(path, resource)
    return frame
