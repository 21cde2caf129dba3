"""A wheel that carries its data and its notebooks: pip builds the course's wheel from the repository (datasets/ and
notebooks/ stay the one copy, packaged as helpers/datasets and helpers/notebooks), a fresh virtual environment
installs it, and from an empty folder (no checkout anywhere on its path) a script loads every dataset, hash-checked,
and finds the bundled font; `python -m helpers.course copy` copies the student edition into a folder, never
overwriting a learner's file, and notebook 00 runs there (nbclient, offline) on the installed package alone."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import data
from tools.wheelhouse import build_course_wheel

ROOT = Path(__file__).resolve().parent.parent

LOAD_EVERYTHING = """
import json, helpers, helpers.data as data, helpers.plots as plots
names = list(data.catalogue().index)
rows = {name: len(data.load(name)) for name in names}
print(json.dumps({"helpers": helpers.__file__, "datasets": str(data.datasets_dir()), "rows": rows,
                  "font": str(plots.CJK_FONT_FILE), "font_ok": plots.CJK_FONT_FILE.is_file()}))
"""


RUN_NOTEBOOK = """
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
path = Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
nb.cells.append(nbformat.v4.new_code_cell(
    "import json, helpers, helpers.data\\n"
    "print(json.dumps({'helpers': helpers.__file__, 'datasets': str(helpers.data.datasets_dir())}))"))
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.output_type == "error"]
where = json.loads(nb.cells[-1].outputs[0].text)
print(json.dumps({**where, "errors": [f"{e.ename}: {e.evalue}" for e in errors], "code_cells": code_cells}))
"""
TEACHER = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUDENT = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_course_wheel(tmp_path_factory.mktemp("wheel"), isolated=False)  # offline, as tests run


def test_the_wheel_holds_every_helpers_module_every_dataset_file_the_font_and_both_editions(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")}
    assert modules <= names, f"helpers modules missing from the wheel: {sorted(modules - names)}"
    dataset_files = {"helpers/datasets/" + p.relative_to(ROOT / "datasets").as_posix()
                     for p in (ROOT / "datasets").rglob("*") if p.is_file()}
    assert dataset_files <= names, f"dataset files missing from the wheel: {sorted(dataset_files - names)}"
    assert "helpers/fonts/NotoSansSC-CourseSubset.otf" in names and "helpers/fonts/OFL.txt" in names
    notebooks = {"helpers/" + p.relative_to(ROOT).as_posix() for p in [*TEACHER, *STUDENT]}
    assert len(notebooks) == 10 and notebooks <= names, f"notebooks missing: {sorted(notebooks - names)}"
    assert not [n for n in names if "checkpoint" in n or n.endswith((".new.ipynb", "manifest.json"))]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with the course installed from the wheel: its python and its site-packages."""
    env = tmp_path_factory.mktemp("venv") / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The lock's packages come from this environment's site-packages (a path in a .pth file: its own .pth files,
    # such as the editable install of the checkout, are not read), so only the course comes from the wheel.
    (site / "course-lock.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    return python, site


def test_the_installed_wheel_loads_every_dataset_from_site_packages(installed, tmp_path):
    python, site = installed
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    result = subprocess.run([str(python), "-I", "-c", LOAD_EVERYTHING], cwd=empty, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["helpers"]).is_relative_to(site) and Path(report["datasets"]) == site / "helpers" / "datasets"
    assert Path(report["font"]).is_relative_to(site) and report["font_ok"]
    expected = {name: len(data.load(name)) for name in data.catalogue().index}
    assert report["rows"] == expected and len(expected) == len(list((ROOT / "datasets").glob("*.csv")))


def copy(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m helpers.course copy ARGS`` of the installed course (``-I``: nothing from the checkout)."""
    return subprocess.run([str(python), "-I", "-m", "helpers.course", "copy", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_the_copy_command_copies_an_edition_never_overwrites_and_notebook_00_runs_there(installed, tmp_path):
    python, site = installed
    mine = tmp_path / "my course"  # a folder of the learner's choice, created by the command
    first = copy(python, str(mine), "--edition", "student", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[:-1] == [f"copied {mine / p.name}" for p in STUDENT]
    assert [p.read_bytes() for p in sorted(mine.iterdir())] == [p.read_bytes() for p in STUDENT]

    edited, deleted = mine / STUDENT[1].name, mine / STUDENT[2].name
    edited.write_text(edited.read_text(encoding="utf-8").replace('"cells": [', '"cells": [ ', 1), encoding="utf-8")
    work = edited.read_bytes()
    deleted.unlink()
    again = copy(python, str(mine), "--edition", "student", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    kept = [p for p in STUDENT if p.name != deleted.name]
    assert again.stdout.splitlines() == [
        f"copied {deleted}", *(f"kept {mine / p.name} (already there: never overwritten)" for p in kept),
        f"1 notebook(s) of the student edition copied into {mine}, 4 kept as they were. Open them with "
        f"`jupyter lab {mine}`."]
    assert edited.read_bytes() == work and deleted.read_bytes() == STUDENT[2].read_bytes()

    # notebook 00 of the copy, executed in a fresh kernel of the venv (offline: the suite's network guard), then
    # one more cell (in memory only) says where helpers and the datasets came from
    result = subprocess.run([str(python), "-c", RUN_NOTEBOOK, str(mine / STUDENT[0].name)], cwd=mine,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    where = json.loads(result.stdout.splitlines()[-1])
    assert Path(where["helpers"]).is_relative_to(site) and Path(where["datasets"]) == site / "helpers" / "datasets"
    assert where["errors"] == [] and where["code_cells"] > 10

    teacher = copy(python, str(tmp_path / "teacher"), "--edition", "teacher", cwd=tmp_path)
    assert teacher.returncode == 0, teacher.stderr
    assert [p.read_bytes() for p in sorted((tmp_path / "teacher").iterdir())] == [p.read_bytes() for p in TEACHER]


def test_the_copy_command_says_in_one_line_what_is_wrong(installed, tmp_path):
    python, _site = installed
    (tmp_path / "a-file").write_text("not a folder")
    cases = {
        ("x", "--edition", "teachers"): "argument --edition: invalid choice: 'teachers' (choose from 'student', "
                                        "'teacher')",
        (str(tmp_path / "a-file"),): f"{tmp_path / 'a-file'} is a file, not a folder; choose a folder you can write "
                                     "to",
        (str(tmp_path / "a-file" / "mine"),): f"{tmp_path / 'a-file' / 'mine'} has a file, not a folder, in its path",
    }
    for args, message in cases.items():
        result = copy(python, *args, cwd=tmp_path)
        assert result.returncode != 0 and result.stdout == "", args
        assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
        assert result.stderr.startswith("python -m helpers.course copy: ")
    assert (tmp_path / "a-file").read_text() == "not a folder" and not (tmp_path / "x").exists()


def test_a_checkout_and_its_editable_install_read_datasets_in_place(tmp_path):
    assert data.datasets_dir() == ROOT / "datasets"
    assert not (ROOT / "helpers" / "datasets").exists()  # no second copy in the repository
    # the editable install of course.py's environment, from a folder outside the checkout
    where = subprocess.run([sys.executable, "-c", "import helpers.data as d; print(d.datasets_dir())"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(ROOT / "datasets")
