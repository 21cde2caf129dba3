"""Preflight check before class: ``python3 course.py doctor`` (or ``python -m helpers.doctor``).

Checks that installed packages match the pinned lock (ipywidgets and its JupyterLab
extension in step), that the bundled font draws 汉字, and that every dataset is present and unedited.
Prints one line per check and, for each problem, how to fix it. Exit status 1 if anything is wrong.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from helpers.errors import DatasetError

LOCK = Path(__file__).resolve().parent.parent / "requirements-lock.txt"
KEY_PACKAGES = ("jupyterlab", "ipywidgets", "jupyterlab_widgets", "widgetsnbextension", "ipykernel",
                "pandas", "numpy", "matplotlib", "seaborn", "voila")
REINSTALL = "run `python3 course.py start` again (it reinstalls from the lock)"
SAMPLE = "山西太原忻州运城晋中"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> dict[str, str]:
    """Package → version pinned in requirements-lock.txt."""
    lines = [ln for ln in LOCK.read_text().splitlines() if "==" in ln and not ln.startswith("#")]
    return {_normalise(n): v for n, v in (ln.split("==") for ln in lines)}


def check_packages() -> list[str]:
    pins, problems = pinned(), []
    for package in KEY_PACKAGES:
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            problems.append(f"{package} is not installed: {REINSTALL}.")
            continue
        wanted = pins.get(_normalise(package))
        if wanted and installed != wanted:
            problems.append(f"{package} {installed} is installed but the course is tested with {wanted}: {REINSTALL}.")
    return problems


def check_font() -> list[str]:
    from fontTools.ttLib import TTFont

    from helpers import plots

    if not plots.CJK_FONT_FILE.exists():
        return [f"The font {plots.CJK_FONT_FILE.name} is missing, so 汉字 would show as boxes: restore helpers/fonts/."]
    cmap = TTFont(plots.CJK_FONT_FILE).getBestCmap()
    missing = [c for c in SAMPLE if ord(c) not in cmap]
    return [f"The bundled font lacks {''.join(missing)}: run tools/build_font.py."] if missing else []


def check_datasets() -> list[str]:
    from helpers import data

    problems = []
    for name in data.catalogue().index:
        try:
            data.load(name)
        except DatasetError as err:
            problems.append(str(err))
    return problems


CHECKS: dict[str, Callable[[], list[str]]] = {
    "packages match the pinned lock": check_packages,
    "font for 汉字 (Chinese characters)": check_font,
    "datasets present and unedited": check_datasets,
}


def run_check(run: Callable[[], list[str]]) -> list[str]:
    """The problems one check finds; a check that itself fails is reported as a problem, never a crash."""
    try:
        return run()
    except DatasetError as err:
        return [str(err)]
    except Exception as err:  # the doctor must always reach its summary
        first_line = (str(err).splitlines() or [""])[0]
        return [f"this check could not run ({type(err).__name__}: {first_line}): {REINSTALL}."]


def main() -> int:
    if hasattr(sys.stdout, "reconfigure"):  # a console that cannot show 汉字 (Windows cp1252) gets "?" instead
        sys.stdout.reconfigure(errors="replace")
    failures = 0
    for title, run in CHECKS.items():
        problems = run_check(run)
        print(f"{'ok  ' if not problems else 'FAIL'} {title}")
        for problem in problems:
            print(f"     - {problem}")
        failures += len(problems)
    print(f"Python {sys.version.split()[0]}")
    print("Ready for class." if not failures else f"{failures} problem(s) found; fix them before class.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
