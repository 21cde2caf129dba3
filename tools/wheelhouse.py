"""Put every wheel a classroom needs into one folder, so 30 laptops install the course with no internet.

    python3 course.py wheelhouse DIR                          this machine's Python and platform
    python3 course.py wheelhouse DIR --python 3.11 3.12 3.13  the same for laptops with other Pythons
    python3 course.py wheelhouse DIR --with-tests             add the test tools (for `course.py test`)

DIR receives the pinned wheels of requirements-lock.txt (once per Python asked for), the build tool
pyproject.toml names (so `pip install -e .` works offline), the course's own wheel (which carries the datasets
and the font) and README.txt with the install commands. A teacher downloads once and copies DIR, with the course
folder, to a USB stick; each laptop then installs with

    PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/DIR python3 course.py start

or, with no course folder, ``pip install --no-index --find-links DIR shanxi-in-transition`` (the folder holds
only the pinned versions, so pip installs exactly the lock).
docs/classroom-setup.md explains both, and a local PyPI mirror (``PIP_INDEX_URL``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-lock.txt"
TEST_LOCK = ROOT / "requirements-test-lock.txt"
NOT_PACKAGED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.new.ipynb")  # leftovers
# What the course's wheel is built from (see pyproject.toml); the rest of the repository stays out of the build.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT.md", "helpers", "datasets", "notebooks")

INSTALL_NOTE = """\
Shanxi in Transition: an offline wheelhouse ({count} files), made for {targets}.
Copy this folder to each laptop (or a USB stick) and use its path below; nothing is downloaded.

With the course folder (notebooks included), from inside it:
    PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/this/folder python3 course.py start
  Windows PowerShell:  $env:PIP_NO_INDEX=1; $env:PIP_FIND_LINKS="D:\\wheelhouse"; py course.py start

Only the Python package (helpers with the datasets and the font; no notebooks), into any environment:
    python3 -m pip install --no-index --find-links /path/to/this/folder shanxi-in-transition
"""


def _pip(*args: str | Path, quiet: bool = True) -> None:
    command = [sys.executable, "-m", "pip", *(["-q"] if quiet else []), "--disable-pip-version-check", *map(str, args)]
    result = subprocess.run(command)
    if result.returncode != 0:
        sys.exit(f"pip failed ({result.returncode}): {' '.join(command)}")


def build_requirements() -> list[str]:
    """The build backend pyproject.toml asks for (e.g. ``setuptools>=68``)."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]


def build_course_wheel(dest: Path, isolated: bool = True) -> Path:
    """Build the course's wheel into ``dest`` from a clean copy of its sources (no build/ left in the checkout,
    no stale files from an earlier build) and return its path. ``isolated=False`` builds with this environment's
    setuptools (pinned in requirements-test-lock.txt) instead of fetching it: the tests build offline."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shanxi-wheel-") as tmp:
        source = Path(tmp) / "src"
        for name in WHEEL_SOURCES:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, source / name, ignore=NOT_PACKAGED)
            else:
                source.mkdir(exist_ok=True)
                shutil.copy2(path, source / name)
        built = Path(tmp) / "wheel"
        _pip("wheel", "--no-deps", *([] if isolated else ["--no-build-isolation"]), "--wheel-dir", built, source)
        (wheel,) = built.glob("shanxi_in_transition-*.whl")
        target = dest / wheel.name
        shutil.move(wheel, target)
    return target


def download(dest: Path, locks: list[Path], pythons: list[str], platforms: list[str]) -> None:
    """Download the wheels of ``locks`` (exact pins) for every Python version and platform asked for; empty lists
    mean this machine's. pip evaluates dependency markers for the machine it runs on (pypa/pip#4304), so a
    package only another operating system needs is not fetched: make a wheelhouse on each OS into one folder."""
    targets = [(py, plat) for py in pythons or [None] for plat in platforms or [None]]
    for python, platform in targets:
        options: list[str] = ["--only-binary=:all:"]
        if python:
            options += ["--python-version", python]
        if platform:
            options += ["--platform", platform]
        label = f"Python {python or sys.version.split()[0]} on {platform or 'this platform'}"
        print(f"Downloading the pinned wheels for {label} ...", flush=True)
        _pip("download", "--dest", dest, *options, *(f"--requirement={lock}" for lock in locks))
        _pip("download", "--dest", dest, *options, "--no-deps", *build_requirements())


def make(dest: Path, pythons: list[str], platforms: list[str], with_tests: bool) -> list[Path]:
    """Fill ``dest`` with everything an offline install needs; returns the files it holds."""
    dest.mkdir(parents=True, exist_ok=True)
    download(dest, [TEST_LOCK if with_tests else LOCK], pythons, platforms)
    wheel = build_course_wheel(dest)
    files = sorted(p for p in dest.iterdir() if p.suffix in {".whl", ".gz", ".zip"})
    targets = ", ".join(f"Python {py}" for py in pythons) or f"Python {sys.version_info.major}.{sys.version_info.minor}"
    targets += "; " + (", ".join(platforms) or "this platform") + ("; with the test tools" if with_tests else "")
    (dest / "README.txt").write_text(INSTALL_NOTE.format(count=len(files), targets=targets),
                                     encoding="utf-8")
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{dest}: {len(files)} files, {size:.0f} MB, course wheel {wheel.name}. Install notes in README.txt.")
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course.py wheelhouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to fill (created if needed; existing wheels are kept)")
    parser.add_argument("--python", nargs="+", default=[], metavar="X.Y", help="Python versions (default: this one)")
    parser.add_argument("--platform", nargs="+", default=[], metavar="TAG",
                        help="wheel platform tags, e.g. win_amd64; better: run this command on each OS")
    parser.add_argument("--with-tests", action="store_true", help="also the test tools (requirements-test-lock.txt)")
    args = parser.parse_args(argv)
    make(args.dest, args.python, args.platform, args.with_tests)


if __name__ == "__main__":
    main()
