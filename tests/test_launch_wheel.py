"""A wheel that carries its data: pip builds the course's wheel from the repository (datasets/ stays the one copy,
packaged as helpers/datasets), a fresh virtual environment installs it, and a script run from an empty folder (no
checkout anywhere on its path) loads every dataset, hash-checked, and finds the bundled font."""

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_course_wheel(tmp_path_factory.mktemp("wheel"), isolated=False)  # offline, as tests run


def test_the_wheel_holds_every_helpers_module_every_dataset_file_and_the_font(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")}
    assert modules <= names, f"helpers modules missing from the wheel: {sorted(modules - names)}"
    dataset_files = {"helpers/datasets/" + p.relative_to(ROOT / "datasets").as_posix()
                     for p in (ROOT / "datasets").rglob("*") if p.is_file()}
    assert dataset_files <= names, f"dataset files missing from the wheel: {sorted(dataset_files - names)}"
    assert "helpers/fonts/NotoSansSC-CourseSubset.otf" in names and "helpers/fonts/OFL.txt" in names


def test_the_installed_wheel_loads_every_dataset_from_site_packages(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The lock's packages come from this environment's site-packages (a path in a .pth file: its own .pth files,
    # such as the editable install of the checkout, are not read), so only the course comes from the wheel.
    (site / "course-lock.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)

    empty = tmp_path / "elsewhere"
    empty.mkdir()
    result = subprocess.run([str(python), "-I", "-c", LOAD_EVERYTHING], cwd=empty, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["helpers"]).is_relative_to(site) and Path(report["datasets"]) == site / "helpers" / "datasets"
    assert Path(report["font"]).is_relative_to(site) and report["font_ok"]
    expected = {name: len(data.load(name)) for name in data.catalogue().index}
    assert report["rows"] == expected and len(expected) == len(list((ROOT / "datasets").glob("*.csv")))


def test_a_checkout_and_its_editable_install_read_datasets_in_place(tmp_path):
    assert data.datasets_dir() == ROOT / "datasets"
    assert not (ROOT / "helpers" / "datasets").exists()  # no second copy in the repository
    # the editable install of course.py's environment, from a folder outside the checkout
    where = subprocess.run([sys.executable, "-c", "import helpers.data as d; print(d.datasets_dir())"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(ROOT / "datasets")
