"""Load the course datasets, checked against ``datasets/datapackage.json``.

``load(name)`` returns a typed :class:`pandas.DataFrame` after checking the CSV file (``path(name)`` gives the
checked file itself, for a learner who reads it with pandas): it exists, is UTF-8
text, has exactly the columns of its schema, is complete, every value has its schema type, and its
SHA-256 hash matches the one published in the data package (Windows line endings alone are accepted: the
data is the same). Any problem, in a CSV or in datapackage.json, raises :class:`DatasetError` with one line
that names the file, says what happened (a byte-order mark, an empty file, a spreadsheet re-save, an edit...)
and how to restore that file only.

Units are in the column names (``co2_mt``, ``generation_twh``) or in a ``unit`` column; the data
dictionary ``datasets/README.md`` lists every field with its unit.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import json
import os
import re
import subprocess
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from helpers.errors import DatasetError

__all__ = ["DatasetError", "catalogue", "datasets_dir", "describe", "load", "path"]

AUTHOR_HINT = "authors who changed the data on purpose: run `python3 course.py datapackage` to publish it"
HASH_TYPES = ("sha256", "sha512", "sha384", "sha224", "sha1", "md5")  # what a datapackage.json hash may use
PACKAGE = "datapackage.json"


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


def _shown(path: Path) -> str:
    """``datasets/<file>``: how the course's own commands and git name a dataset file."""
    return f"{path.parent.name}/{path.name}"


def _restore(path: Path, *, author: bool = False) -> str:
    """The fix for one damaged file: restore that file only (never the whole folder, which holds authors' work)."""
    hint = f"Restore it with `git checkout -- {_shown(path)}` (or download the course again)"
    return f"{hint}; {AUTHOR_HINT}." if author else f"{hint}."


def _read_bytes(path: Path) -> bytes:
    """The bytes of a dataset file, or one DatasetError line for a missing, folder or unreadable path."""
    try:
        if path.is_dir():
            raise DatasetError(f"{_shown(path)} is a folder, not a file: delete that folder, then restore the file "
                               f"with `git checkout -- {_shown(path)}` (or download the course again).")
        return path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"{_shown(path)} is missing from {path.parent}. {_restore(path)}") from None
    except PermissionError:
        raise DatasetError(f"{_shown(path)} cannot be read (permission denied): make it readable with "
                           f"`chmod a+r {_shown(path)}`, or ask whoever installed the course.") from None
    except OSError as err:
        raise DatasetError(f"{_shown(path)} cannot be read ({err.strerror}). {_restore(path)}") from None


def _state(stat: os.stat_result | None) -> tuple[int, ...]:
    """What tells one version of a file from the next: inode (git and editors often write a new file), size and
    modification time; (-1,) for a file that cannot be found."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat else (-1,)


def _package(folder: Path) -> dict:
    """The parsed datapackage.json of ``folder``, read again whenever the file changes."""
    path = folder / PACKAGE
    try:
        stat = path.stat()
    except OSError:
        stat = None
    return _package_at(path, _state(stat))


@lru_cache(maxsize=8)
def _package_at(path: Path, state: tuple[int, ...]) -> dict:
    """``path`` parsed and its shape checked (``state``, from :func:`_state`, keys the cache to the file)."""
    fix = _restore(path, author=True)
    if not path.exists():
        raise DatasetError(f"{_shown(path)} is missing, so no dataset can be checked. {fix}")
    try:
        package = json.loads(_read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DatasetError(f"{_shown(path)} is not valid JSON ({err}). {fix}") from None
    problem = _package_problem(package)
    if problem:
        raise DatasetError(f"{_shown(path)} is damaged: {problem}. {fix}")
    return package


def _package_problem(package: object) -> str | None:
    """What is wrong with the shape of a parsed datapackage.json, or None (only what this module relies on)."""
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return "it has no list of \"resources\""
    for number, resource in enumerate(package["resources"], start=1):
        if not isinstance(resource, dict):
            return f"resource {number} is not an object"
        label = f"resource {resource.get('name', number)!r}"
        for key, kind in (("name", str), ("path", str), ("hash", str), ("rows", int), ("schema", dict)):
            if not isinstance(resource.get(key), kind):
                return f"{label} has no valid \"{key}\""
        fields = resource["schema"].get("fields")
        if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                                   and f.get("type") in _CONVERTERS for f in fields):
            return f"{label} has no valid list of schema fields (each with a name and a known type)"
    return None


def _resources() -> dict[str, dict]:
    return {r["name"]: r for r in _package(datasets_dir())["resources"]}


def catalogue() -> pd.DataFrame:
    """One row per dataset: name, title, rows, and the description from the data package."""
    rows = [
        {"name": r["name"], "title": r.get("title", ""), "rows": r["rows"], "description": r.get("description", "")}
        for r in _resources().values()
    ]
    return pd.DataFrame(rows).set_index("name")


def describe(name: str) -> pd.DataFrame:
    """The data dictionary of one dataset: each field's type, unit and description."""
    fields = _resource(name)["schema"]["fields"]
    table = pd.DataFrame(
        [{"field": f["name"], "type": f["type"], "unit": f.get("unit", ""), "description": f.get("description", "")}
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


def _spreadsheet_signs(raw: bytes, resource: dict) -> list[str]:
    """Marks a spreadsheet (or an editor) leaves when it re-saves a CSV, none of which the published files have."""
    signs = ["a byte-order mark"] if raw.startswith(codecs.BOM_UTF8) else []
    text = raw.decode("utf-8-sig", errors="replace")
    if re.search(r'(^|,)"[^",\r\n]*"(?=,|\r?$)', text, re.MULTILINE):
        signs.append("quotes around plain values")
    numeric = {f["name"] for f in resource["schema"]["fields"] if f["type"] in ("integer", "number")}
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0] if rows else []
    for row in rows[1:]:
        for column, value in zip(header, row, strict=False):
            if column in numeric and THOUSANDS.fullmatch(value):
                signs.append(f"thousands separators ({value!r} in {column})")
                break
        else:
            continue
        break
    if signs and "\r\n" in text:
        signs.append("Windows line endings")
    return signs


THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def _check_bytes(path: Path, raw: bytes, resource: dict) -> str:
    """The file's text, after ruling out an empty file, a spreadsheet re-save and a non-UTF-8 encoding."""
    if not raw.strip():
        raise DatasetError(f"{_shown(path)} is empty (the file has no data at all). {_restore(path)}")
    signs = _spreadsheet_signs(raw, resource)
    if signs == ["a byte-order mark"]:
        raise DatasetError(f"{_shown(path)} was saved with a byte-order mark (an invisible mark some editors, "
                           f"e.g. Excel's \"CSV UTF-8\" or Notepad, put at its start). {_restore(path)}")
    if signs:
        listed = ", ".join(signs[:-1]) + " and " + signs[-1] if len(signs) > 1 else signs[0]
        raise DatasetError(f"{_shown(path)} was re-saved by a spreadsheet: it now has {listed}. {_restore(path)}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DatasetError(
            f"{_shown(path)} is not UTF-8 text (undecodable byte at position {err.start}); it may have been "
            f"re-saved by a spreadsheet in another encoding. {_restore(path)}"
        ) from None


def _check_shape(path: Path, text: str, resource: dict) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    expected = [f["name"] for f in resource["schema"]["fields"]]
    header = rows[0] if rows else []
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    fix = _restore(path)
    if missing:
        raise DatasetError(f"{_shown(path)} is missing the column(s) {', '.join(missing)}. {fix}")
    if unexpected:
        raise DatasetError(
            f"{_shown(path)} has unexpected column(s) {', '.join(unexpected)}; the data package lists only "
            f"{', '.join(expected)}. {fix}"
        )
    if header != expected:
        raise DatasetError(f"{_shown(path)} has its columns in a different order than published. {fix}")
    published = resource["rows"]
    body = rows[1:]
    kept = len(body)
    while kept and not body[kept - 1]:
        kept -= 1
    trailing, data_rows = len(body) - kept, body[:kept]
    short = [n for n, row in enumerate(data_rows, start=2) if len(row) != len(header)]
    restored = text.rstrip("\n") + "\n"  # the file as published, if only line breaks at its end changed
    complete = not short and len(data_rows) == published and _matches_hash(restored.encode("utf-8"), resource)
    if complete and trailing:
        raise DatasetError(f"{_shown(path)} has {trailing} empty line(s) after its last row (all {published} rows "
                           f"are there; an editor added them). {fix}")
    if complete and not text.endswith("\n"):
        raise DatasetError(f"{_shown(path)} has lost the line break after its last row (all {published} rows are "
                           f"there; an editor removed it). {fix}")
    if short or not text.endswith("\n") or len(data_rows) != published:
        where = f" (line {short[0]} has the wrong number of values)" if short else ""
        raise DatasetError(
            f"{_shown(path)} looks truncated or altered: it has {len(data_rows)} data rows where {published} were "
            f"published{where}. {fix}"
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
                f"{_shown(path)}, column {name!r}, line {first + 2}: {column.iloc[first]!r} is not a valid {kind}. "
                f"{_restore(path)}"
            )
        frame[name] = converted
    return frame


def _git_changed(folder: Path, names: list[str]) -> set[str] | None:
    """Which of ``names`` in ``folder`` git sees as changed; None when git or a repository is not at hand."""
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--", *names], cwd=folder, capture_output=True,
                                text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {Path(line[3:].strip('"')).name for line in status.splitlines()}


def _matches_hash(raw: bytes, resource: dict) -> bool:
    """True when ``raw`` has the hash datapackage.json publishes for ``resource`` (False for an unknown type)."""
    algorithm, _, expected = resource["hash"].rpartition(":")
    algorithm = algorithm or "md5"  # Frictionless: a hash without a prefix is MD5
    return algorithm in HASH_TYPES and hashlib.new(algorithm, raw).hexdigest() == expected


def _check_hash(path: Path, raw: bytes, resource: dict) -> None:
    package = path.parent / PACKAGE
    algorithm = resource["hash"].rpartition(":")[0] or "md5"
    if algorithm not in HASH_TYPES:
        raise DatasetError(f"{_shown(package)} gives {path.name} a hash of unknown type {algorithm!r} (the course "
                           f"uses sha256), so the file cannot be checked. {_restore(package, author=True)}")
    if _matches_hash(raw, resource) or _matches_hash(raw.replace(b"\r\n", b"\n"), resource):
        return  # unchanged, or only its line endings were made Windows-style (CRLF): the same data
    changed = _git_changed(path.parent, [PACKAGE, path.name]) or set()
    if PACKAGE in changed and path.name not in changed:
        raise DatasetError(f"{_shown(package)} has been edited: the {algorithm} hash it publishes for {path.name} "
                           f"no longer matches that file, which is unchanged. {_restore(package, author=True)}")
    raise DatasetError(
        f"{_shown(path)} has been edited: its content no longer matches the published {algorithm} hash in "
        f"{PACKAGE}, so its numbers can no longer be traced to their sources. {_restore(path, author=True)}"
    )


def path(name: str) -> Path:
    """The CSV file of dataset ``name``, after the same checks as :func:`load`, to read it yourself as published
    (``pd.read_csv(data.path("poverty_counties_raw"))``). Raises :class:`DatasetError` (one line) as ``load`` does."""
    load(name)
    return datasets_dir() / _resource(name)["path"]


def load(name: str) -> pd.DataFrame:
    """Return dataset ``name`` as a typed DataFrame, after checking file, columns, types and hash.

    Integers load as ``Int64``, numbers as ``float64``, booleans as ``boolean``, text as ``string``;
    empty cells are missing values. Raises :class:`DatasetError` (one line: the file, the problem, the fix) on
    any problem. A file is checked again whenever it or datapackage.json changes (inode, size or modification time),
    as after a ``git pull`` while a kernel runs; each call returns a fresh copy.
    """
    resource = _resource(name)
    path = datasets_dir() / resource["path"]
    try:
        stat = path.stat()
    except OSError:
        stat = None
    return _checked(path, _state(stat), json.dumps(resource, sort_keys=True)).copy()


@lru_cache(maxsize=64)
def _checked(path: Path, state: tuple[int, ...], resource_json: str) -> pd.DataFrame:
    """The checked, typed table at ``path`` (``state``, from :func:`_state`, and its published ``resource_json``
    key the cache to the file and to what datapackage.json says of it)."""
    resource = json.loads(resource_json)
    raw = _read_bytes(path)
    text = _check_bytes(path, raw, resource)
    _check_shape(path, text, resource)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    frame = _typed(path, frame, resource)
    _check_hash(path, raw, resource)
    return frame
