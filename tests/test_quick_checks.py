"""★ quick checks and the hints of every exercise (issue 15): practice, not reading off.

* No exercise's answer is printed in an output above it (a read-off exercise): the expected value, written to
  three or four significant figures, appears in no stored output before the exercise's heading.
* Every registered common mistake of a quick check gets its own hint, never "Passed" and never the generic line.
* No hint names a course helper that does the whole job (``energy.…(``, ``context_tables.…(``): hints point to
  the pandas method or the idea.

Checked on the teacher edition (the one with outputs) of every notebook in ``NOTEBOOKS_WITH_QUICK_CHECKS``.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from helpers import checks
from tools import exercise_cells as ec
from tools._project import NOTEBOOKS

NOTEBOOKS_WITH_QUICK_CHECKS = ["00_start_here.ipynb", "01_energy_transition.ipynb", "02_poverty_alleviation.ipynb",
                               "03_agricultural_modernization.ipynb", "04_smart_industry_and_fact_check.ipynb"]

HEADING = re.compile(r"^### Exercise (\d+\.\d+) (★+)(.*)$", re.MULTILINE)
HELPER_CALL = re.compile(r"\b(?:energy|context_tables|growth|poverty|agriculture|factcheck|conversions)\.[a-z_]+\(")


def output_text(cell: dict) -> str:
    """What a code cell shows as text: printed lines and the plain form of results (alt text, tables)."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def exercises(name: str) -> list[tuple[str, str, int, list[dict]]]:
    """(exercise id, heading line, index of its exercise cell, all cells) for each exercise of a notebook."""
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if "exercise" in ec.tags(cell) and (heading := HEADING.search(ec.cell_text(cell))):
            found.append((heading.group(1), heading.group(0), index, cells))
    return found


def read_off_forms(value: float) -> set[str]:
    """The value as an output would print it, to 3 or 4 significant figures (with or without thousands commas)."""
    forms = set()
    for figures in (3, 4):
        digits = max(figures - 1 - math.floor(math.log10(abs(value))), 0)
        forms |= {f"{value:.{digits}f}", f"{value:,.{digits}f}"}
    return {form for form in forms if len(re.sub(r"\D", "", form)) >= 3}


def numeric_expected(exercise: str) -> float | None:
    checks.registered()  # imports every exercise module
    spec = checks._REGISTRY.get(exercise)
    if spec is None or spec.judge is not None:
        return None  # not registered here, or a code task judged on a table or figure
    value = spec.expected()
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value else None


NUMBERED = [(name, exercise) for name in NOTEBOOKS_WITH_QUICK_CHECKS for exercise, *_ in exercises(name)
            if numeric_expected(exercise) is not None]
QUICK = [(name, exercise) for name in NOTEBOOKS_WITH_QUICK_CHECKS for exercise, heading, *_ in exercises(name)
         if "quick check" in heading]


@pytest.mark.parametrize(("name", "exercise"), NUMBERED, ids=[e for _, e in NUMBERED])
def test_no_answer_is_printed_above_its_exercise(name: str, exercise: str) -> None:
    ((_, _, index, cells),) = [found for found in exercises(name) if found[0] == exercise]
    shown = "\n".join(output_text(cell) for cell in cells[:index])
    shown = re.sub(r"(?:self-check|exercise) \d+\.\d+", "", shown, flags=re.IGNORECASE)  # ids, not values
    forms = read_off_forms(numeric_expected(exercise))
    printed = {form for form in forms if re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", shown)}
    assert not printed, f"exercise {exercise}'s answer is printed above it as {printed}: ask for a transfer"


def test_the_read_off_rule_finds_a_printed_answer() -> None:
    assert read_off_forms(27.0029) == {"27.0", "27.00"} and {"752", "751.9"} <= read_off_forms(751.91)
    assert re.search(rf"(?<![\d.,]){re.escape('27.00')}(?![\d])", "is 27.00 % of it")
    assert not re.search(rf"(?<![\d.,]){re.escape('27.00')}(?![\d])", "was 127.005 Mt")


def test_each_notebook_has_its_quick_checks() -> None:
    for name in NOTEBOOKS_WITH_QUICK_CHECKS:
        assert sum(1 for n, _ in QUICK if n == name) >= 2, name


@pytest.mark.parametrize(("name", "exercise"), QUICK, ids=[e for _, e in QUICK])
def test_every_registered_mistake_of_a_quick_check_gets_its_own_hint(name: str, exercise: str) -> None:
    checks.registered()
    spec = checks._REGISTRY[exercise]
    assert spec.mistakes, f"quick check {exercise} registers no common mistake"
    assert checks.evaluate(exercise, spec.expected()).passed
    for wrong, hint in spec.mistakes:
        feedback = checks.evaluate(exercise, wrong())
        assert not feedback.passed and hint in feedback.message, (hint, feedback.message)


@pytest.mark.parametrize("name", NOTEBOOKS_WITH_QUICK_CHECKS)
def test_no_hint_names_a_helper_that_does_the_whole_job(name: str) -> None:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    named = [HELPER_CALL.findall(ec.cell_text(c)) for c in cells if "hint" in ec.tags(c)]
    assert not [n for n in named if n], f"{name}: hints name course helpers {named}: point to the pandas method"
    assert HELPER_CALL.search("`context_tables.province_ranking(totals, gcam, latest)` ranks every province")
