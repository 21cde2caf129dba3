"""Reliability of the course end to end, with real kernels.

* Determinism and order independence: every teacher notebook, executed again from a fresh kernel in reversed
  course order in a temporary copy of notebooks/, reproduces its committed outputs (text and image bytes; the
  committed ones come from a separate fresh run of ``python3 course.py execute``) and writes no file.
* Offline: the network guard works inside a kernel, and no notebook or helper fetches anything at run time.
* Faults: with a damaged copy of a dataset (every kind of damage helpers.data guards against), a notebook that
  loads it stops at once with the short ``DatasetError`` message naming the file and the problem.

Cost: one extra execution of each notebook, plus a few executions that stop at the notebook's first data load.
"""

from __future__ import annotations

import asyncio
import base64
import configparser
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from queue import Empty

import nbformat
import psutil
import pytest
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

from tools.execute_notebooks import notebook_client, repolling

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATASETS = ROOT / "datasets"
TEACHER = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
STUDENT = sorted((NOTEBOOKS / "student").glob("[0-9][0-9]_*.ipynb"))
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def execute(notebook: nbformat.NotebookNode, cwd: Path, *, allow_errors: bool = False) -> nbformat.NotebookNode:
    """Run ``notebook`` in place from a fresh ``python3`` kernel as ``python3 course.py execute`` does (the
    kernel inherits this process's environment: offline guard, SHANXI_DATASETS_DIR). Stops at the first error
    unless ``allow_errors``. The client is the benchmark's, which works around a missed wake-up in pyzmq."""
    client = notebook_client(notebook, cwd, allow_errors=allow_errors)
    try:
        client.execute()
    except CellExecutionError:
        if allow_errors:
            raise
    return notebook


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_client_polls_again_when_a_wake_up_is_missed():
    calls = []

    async def get_msg(timeout=None):  # a first poll that misses the message, as pyzmq's sometimes does
        calls.append(timeout)
        if len(calls) == 1:
            raise Empty
        return "reply"

    async def never(timeout=None):
        await asyncio.sleep(timeout)
        raise Empty

    assert asyncio.run(repolling(get_msg)(timeout=600)) == "reply" and calls[0] <= 1
    with pytest.raises(Empty):
        asyncio.run(repolling(never)(timeout=0.2))


# --- determinism, order independence, no files written -------------------------------------------------------

def sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regex → replacement pairs strict nbval applies (tests/nbval_sanitize.cfg)."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


SANITIZERS = sanitizers()


def clean(text: str | list[str]) -> str:
    text = "".join(text)
    for pattern, replacement in SANITIZERS:
        text = pattern.sub(replacement, text)
    return text


def ignored(cell: nbformat.NotebookNode) -> bool:
    """An explorer-display cell: its output lives in a widget, so nbval skips it too."""
    return cell.source.startswith("# NBVAL_IGNORE_OUTPUT") or "nbval-ignore-output" in cell.metadata.get("tags", [])


def comparable(cell: nbformat.NotebookNode) -> list[tuple]:
    """A cell's outputs as comparable tuples: sanitized text of every text type, SHA-256 of PNG/JPEG bytes
    (consecutive stream pieces joined, as a kernel may split a stream anywhere)."""
    found: list[tuple] = []
    for output in cell.outputs:
        kind = output.output_type
        if kind == "stream":
            if found and found[-1][:2] == ("stream", output.name):
                found[-1] = ("stream", output.name, found[-1][2] + clean(output.text))
            else:
                found.append(("stream", output.name, clean(output.text)))
        elif kind in ("display_data", "execute_result"):
            texts = tuple((mime, clean(output.data[mime])) for mime in TEXT_TYPES if mime in output.data)
            images = tuple((mime, hashlib.sha256(base64.b64decode(output.data[mime])).hexdigest())
                           for mime in ("image/png", "image/jpeg") if mime in output.data)
            found.append((kind, texts, images))
        elif kind == "error":
            found.append(("error", output.ename, clean(output.evalue)))
    return found


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time (ns)."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def repository() -> dict[str, str] | None:
    """The repository's tracked and untracked (not ignored) files, each with a hash of its content; None when
    this is not a git work tree."""
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args, "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [p for p in out.decode().split("\0") if p]

    try:
        tracked, untracked = git("ls-files"), git("ls-files", "--others", "--exclude-standard")
    except (OSError, subprocess.CalledProcessError):
        return None
    return {p: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in tracked + untracked if (ROOT / p).is_file()}


def differences(before: dict, after: dict) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


@pytest.fixture(scope="module")
def notebooks_copy(tmp_path_factory) -> Path:
    """A temporary copy of notebooks/ (inside its own course folder, so a ``../`` path stays inside too)."""
    folder = tmp_path_factory.mktemp("course") / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    return folder


def test_there_are_teacher_notebooks():
    assert TEACHER


@pytest.mark.parametrize("path", TEACHER[::-1], ids=lambda p: p.name)  # pytest keeps this (reversed) order
def test_a_fresh_run_in_reverse_order_reproduces_the_committed_outputs_and_writes_nothing(path, notebooks_copy):
    committed = nbformat.read(notebooks_copy / path.name, as_version=4)
    fresh = nbformat.read(notebooks_copy / path.name, as_version=4)
    course, repo_before = tree(notebooks_copy.parent), repository()
    execute(fresh, notebooks_copy)
    written = differences(course, tree(notebooks_copy.parent))
    assert not written, f"{path.name} wrote or changed files next to the notebooks: {written}"
    repo_after = repository()
    if repo_before is not None:
        changed = differences(repo_before, repo_after)
        assert not changed, f"files in the repository changed while {path.name} ran: {changed}"
    pairs = [(old, new) for old, new in zip(code_cells(committed), code_cells(fresh), strict=True) if not ignored(old)]
    for old, new in pairs:
        assert comparable(new) == comparable(old), (
            f"{path.name}, code cell {old.execution_count}: a fresh run differs from the committed output.\n"
            f"--- cell source:\n{old.source}"
        )
    assert pairs


# --- offline -------------------------------------------------------------------------------------------------

def kernels() -> set[int]:
    """Process ids of the kernels this test process has started and that are still running."""
    return {p.pid for p in psutil.Process().children(recursive=True)
            if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(p.cmdline())}


def test_the_network_guard_refuses_a_fetch_inside_a_kernel_and_the_kernel_is_shut_down(tmp_path):
    before = kernels()
    notebook = new_notebook(cells=[
        new_code_cell('import urllib.request\n\nurllib.request.urlopen("http://example.com", timeout=5)'),
        new_code_cell('import socket\n\nsocket.create_connection(("93.184.215.14", 80), timeout=5)'),
        new_code_cell('import socket\n\nsocket.create_connection(("127.0.0.1", 9), timeout=5)'),
    ])
    execute(notebook, tmp_path, allow_errors=True)
    remote, by_address, local = ([o for o in cell.outputs if o.output_type == "error"] for cell in notebook.cells)
    for errors in (remote, by_address):
        assert errors and "network access is disabled" in errors[0].evalue, errors
    assert "network access is disabled" not in json.dumps(local), "the guard must allow this machine"
    assert kernels() <= before, "the notebook's kernel is still running after its execution"


FETCH = re.compile(
    r"\burlopen\(|\burlretrieve\(|\brequests\.(get|post|put|head|request|Session)\b|\bhttpx\.|\bhttp\.client\b"
    r"|\baiohttp\b|\bwebbrowser\.open|\bsocket\.create_connection\("
    r"|\b(read_\w+|open|imread|load|loadtxt|genfromtxt|urlparse)\(\s*[rbfu]?[\"']https?://"
)


def sources() -> list[tuple[str, str]]:
    """(name, code) of every helpers module and every code cell of the notebooks, both editions."""
    modules = sorted((ROOT / "helpers").rglob("*.py"))
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in modules]
    for path in TEACHER + STUDENT:
        cells = code_cells(nbformat.read(path, as_version=4))
        found += [(f"{path.relative_to(ROOT)} cell {i}", c.source) for i, c in enumerate(cells, start=1)]
    return found


def test_no_notebook_or_helper_fetches_anything_at_run_time():
    fetching = [f"{name}: {match.group(0)}" for name, code in sources() for match in FETCH.finditer(code)]
    assert not fetching, "run-time fetches (the course must work offline; put data in datasets/):\n" + "\n".join(
        fetching)


def test_the_fetch_pattern_finds_fetches():
    found = [bool(FETCH.search(code)) for code in (
        'urllib.request.urlopen(url)', 'pd.read_csv("https://example.com/x.csv")', "requests.get(url)",
        'np.loadtxt(f"http://x/{n}")', '# data from https://github.com/owner/repo', 'data.load("places")')]
    assert found == [True, True, True, True, False, False]


# --- faults: a damaged dataset stops the notebook with a short, clear message ----------------------------------

def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def numeric_cell(path: Path, resource: dict) -> tuple[int, int, str]:
    """(row, column, type) of the first non-empty integer or number value of the file."""
    rows = read_rows(path)
    kinds = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    for column, name in enumerate(rows[0]):
        if kinds[name] in ("integer", "number"):
            row = next((r for r in range(1, len(rows)) if rows[r][column]), None)
            if row is not None:
                return row, column, kinds[name]
    raise AssertionError(f"{path.name} has no numeric value to damage")


def edit_value(path: Path, resource: dict) -> None:
    """Change one number by one (still a valid number, same shape): only the hash can tell."""
    rows = read_rows(path)
    row, column, kind = numeric_cell(path, resource)
    old = rows[row][column]
    rows[row][column] = str(int(old) + 1) if kind == "integer" else str(float(old) + 1)
    write_rows(path, rows)


def wrong_type(path: Path, resource: dict) -> None:
    rows = read_rows(path)
    row, column, _ = numeric_cell(path, resource)
    rows[row][column] = "n/a"
    write_rows(path, rows)


def truncate(path: Path, resource: dict) -> None:
    """Keep only the first half of the lines, as an interrupted copy would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: max(1, len(lines) // 2)]), encoding="utf-8")


def not_utf8(path: Path, resource: dict) -> None:
    """Insert a Latin-1 "é" (byte 0xE9) at the start of the first data line, as a spreadsheet might save it."""
    raw = path.read_bytes()
    start = raw.index(b"\n") + 1
    path.write_bytes(raw[:start] + b"\xe9" + raw[start:])


def drop_column(path: Path, resource: dict) -> None:
    write_rows(path, [row[:-1] for row in read_rows(path)])


def add_column(path: Path, resource: dict) -> None:
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["my_notes"]] + [row + [""] for row in rows[1:]])


def remove(path: Path, resource: dict) -> None:
    path.unlink()


def byte_order_mark(path: Path, resource: dict) -> None:
    """Put a UTF-8 byte-order mark at the start, as Excel's "CSV UTF-8" or Notepad save it."""
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


# name: (damage, what the message must say besides the file's name)
FAULTS: dict[str, tuple[Callable[[Path, dict], None], str]] = {
    "edited-value": (edit_value, "has been edited"),
    "not-utf8": (not_utf8, "is not UTF-8 text"),
    "truncated": (truncate, "looks truncated"),
    "wrong-type": (wrong_type, "is not a valid"),
    "missing-column": (drop_column, "is missing the column"),
    "unexpected-column": (add_column, "has unexpected column"),
    "missing-file": (remove, "is missing from"),
    "byte-order-mark": (byte_order_mark, "was saved with a byte-order mark"),
}
LOAD = re.compile(r"""\bdata\.load\(\s*["']([\w-]+)["']""")


def first_dataset(path: Path) -> str:
    """The dataset a notebook loads first (``data.load("name")`` in its code, in order)."""
    for cell in code_cells(nbformat.read(path, as_version=4)):
        if match := LOAD.search(cell.source):
            return match.group(1)
    raise AssertionError(f"{path.name} loads no dataset with data.load(\"name\")")


def fault_cases() -> list:
    """Every fault on the first notebook; one fault on each other notebook, taking turns."""
    names = list(FAULTS)
    cases = [pytest.param(TEACHER[0], fault, id=f"{TEACHER[0].stem}-{fault}") for fault in names] if TEACHER else []
    for i, path in enumerate(TEACHER[1:]):
        fault = names[i % len(names)]
        cases.append(pytest.param(path, fault, id=f"{path.stem}-{fault}"))
    return cases


@pytest.mark.parametrize("path, fault", fault_cases())
def test_a_damaged_dataset_stops_the_notebook_with_a_short_clear_message(path, fault, tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    name = first_dataset(path)
    resource = next(r for r in json.loads((folder / "datapackage.json").read_text())["resources"] if r["name"] == name)
    damage, problem = FAULTS[fault]
    damage(folder / resource["path"], resource)
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(folder))  # the kernel inherits it
    notebook = execute(nbformat.read(path, as_version=4), tmp_path)
    errors = [o for cell in code_cells(notebook) for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors, f"{path.name} ran to the end with a damaged {resource['path']}"
    first = errors[0]
    assert first.ename == "DatasetError", f"the learner first sees {first.ename}: {first.evalue}"
    assert Path(resource["path"]).name in first.evalue and problem in first.evalue, first.evalue
    shown = ANSI.sub("", "\n".join(first.traceback))
    assert len(shown.splitlines()) <= 3 and "site-packages" not in shown and 'File "' not in shown, shown
