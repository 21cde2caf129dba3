"""Feedback for open work (issue 16): every Think! prompt, every explorer's guiding questions and every written part
of a ★★★ exercise has an `answer` cell ("**Your answer:**") and, right under it, a `compare` cell (a collapsible
"Compare your answer" note with the common gaps), in both editions; an explorer's guiding questions end with one
asking for the insight in one sentence (issue 15), as the app page reads them (helpers/apps.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers import apps

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_WITH_OPEN_WORK = [
    "02_poverty_alleviation.ipynb",
]
EDITIONS = [ROOT / "notebooks" / name for name in NOTEBOOKS_WITH_OPEN_WORK] + [
    ROOT / "notebooks" / "student" / name for name in NOTEBOOKS_WITH_OPEN_WORK]
THINK = "**Think!**"
GUIDING = apps.GUIDING
OPEN_EXERCISE = re.compile(r"^### Exercise \d+\.\d+ ★★★", re.MULTILINE)
INSIGHT = re.compile(r"\bone sentence\b", re.IGNORECASE)


def cells(path: Path) -> list[nbformat.NotebookNode]:
    return nbformat.read(path, as_version=4).cells


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.metadata.get("tags", [])


def is_pair(notebook: list[nbformat.NotebookNode], index: int) -> bool:
    """True when cell ``index`` is an answer cell and the next one its compare cell."""
    return (index + 1 < len(notebook) and "answer" in tags(notebook[index])
            and "compare" in tags(notebook[index + 1]))


def section_end(notebook: list[nbformat.NotebookNode], start: int) -> int:
    """The index of the next `##` heading or exercise prompt after ``start`` (or the notebook's end)."""
    for index in range(start + 1, len(notebook)):
        cell = notebook[index]
        if cell.cell_type == "markdown" and (cell.source.startswith("## ") or "exercise" in tags(cell)):
            return index
    return len(notebook)


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_think_prompt_has_an_answer_and_a_compare_cell_under_it(path: Path) -> None:
    notebook = cells(path)
    prompts = [i for i, c in enumerate(notebook) if c.cell_type == "markdown" and THINK in c.source]
    assert prompts, f"{path.name} has no Think! prompt"
    missing = [notebook[i].source[:60] for i in prompts if not is_pair(notebook, i + 1)]
    assert not missing, f"{path.name}: Think! prompts without an answer cell and a compare cell under them: {missing}"


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_guiding_questions_and_open_exercises_get_an_answer_and_a_compare_cell(path: Path) -> None:
    notebook = cells(path)
    blocks = [i for i, c in enumerate(notebook) if c.cell_type == "markdown"
              and (GUIDING in c.source or OPEN_EXERCISE.search(c.source))]
    assert blocks, f"{path.name} has neither guiding questions nor a ★★★ exercise"
    for start in blocks:
        end = section_end(notebook, start)
        assert any(is_pair(notebook, i) for i in range(start + 1, end)), (
            f"{path.name}: no answer and compare cells after {notebook[start].source[:60]!r}")


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_answer_and_compare_cells_have_the_course_form(path: Path) -> None:
    notebook = cells(path)
    answers = [c for c in notebook if "answer" in tags(c)]
    compares = [c for c in notebook if "compare" in tags(c)]
    assert answers and len(answers) == len(compares)
    for cell in answers:
        assert cell.cell_type == "markdown" and cell.source.startswith("**Your answer:** *(double-click"), cell.source
    for cell in compares:
        text = cell.source
        assert cell.cell_type == "markdown" and text.startswith("<details><summary>Compare your answer</summary>")
        assert text.rstrip().endswith("</details>") and "*Common gap" in text, text[:80]


@pytest.mark.parametrize("app", [a.name for a in apps.APPS if any(
    a.summary.endswith(f"(notebook {name[:2]})") for name in NOTEBOOKS_WITH_OPEN_WORK)])
def test_guiding_questions_end_with_the_insight_in_one_sentence(app: str) -> None:
    questions = apps.guiding_questions(app)  # as the app page reads them from the notebook
    assert len(questions) >= 3 and INSIGHT.search(questions[-1]), questions[-1:]
