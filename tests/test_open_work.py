"""Open work gets feedback: every Think! prompt, every explorer's guiding questions and every written part of a ★★★
exercise has an ``answer`` cell ("Your answer:") and, right under it, a ``compare`` cell (a collapsible model
answer with its common gaps), in both editions; the guiding questions end with one asking for the insight.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tools import student_edition as se
from tools._project import ROOT

NOTEBOOKS_WITH_OPEN_WORK = [
    "03_agricultural_modernization.ipynb",
]

THINK = "**Think!**"
GUIDING = "**Guiding questions**"
WRITTEN = re.compile(r"write your answer|explain in|write (two|three|four) sentences|open question", re.IGNORECASE)


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return cell.metadata.get("tags", [])


def _is_block(cell: nbformat.NotebookNode) -> bool:
    """A Markdown cell asking for written work: a Think! prompt, guiding questions, a ★★★ written part."""
    if cell.cell_type != "markdown":
        return False
    if THINK in cell.source or GUIDING in cell.source:
        return True
    return "exercise" in _tags(cell) and "★★★" in cell.source.splitlines()[0] and bool(WRITTEN.search(cell.source))


def _is_boundary(cell: nbformat.NotebookNode) -> bool:
    """Where a block's answer must have come by: the next section, exercise or block."""
    return cell.cell_type == "markdown" and (cell.source.startswith("## ") or "exercise" in _tags(cell)
                                              or _is_block(cell))


def open_work(cells: list[nbformat.NotebookNode]) -> list[tuple[int, int | None]]:
    """(index of each block, index of its answer cell or None) for the notebook's cells."""
    found = []
    for index, cell in enumerate(cells):
        if not _is_block(cell):
            continue
        answer = None
        for later in range(index + 1, len(cells)):
            if "answer" in _tags(cells[later]):
                answer = later
                break
            if _is_boundary(cells[later]):
                break
        found.append((index, answer))
    return found


def _editions(name: str) -> list[tuple[str, list[nbformat.NotebookNode]]]:
    teacher = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return [("teacher", teacher.cells), ("student", se.to_student(teacher, name).cells)]


@pytest.mark.parametrize("name", NOTEBOOKS_WITH_OPEN_WORK)
def test_every_open_question_has_an_answer_cell_then_a_compare_cell(name: str) -> None:
    for edition, cells in _editions(name):
        blocks = open_work(cells)
        assert blocks, f"{name} ({edition}): no Think!, guiding questions or ★★★ written part found"
        for block, answer in blocks:
            first_line = cells[block].source.strip().splitlines()[0][:70]
            assert answer is not None, f"{name} ({edition}): no answer cell after {first_line!r}"
            assert cells[answer].source.startswith("**Your answer:**"), (name, edition, cells[answer].source)
            compare = cells[answer + 1] if answer + 1 < len(cells) else None
            assert compare is not None and "compare" in _tags(compare), (
                f"{name} ({edition}): the answer cell after {first_line!r} has no compare cell right under it")
            assert compare.source.startswith("<details><summary>Compare your answer</summary>"), compare.source
            assert compare.source.rstrip().endswith("</details>") and "*Common gap" in compare.source, compare.source


@pytest.mark.parametrize("name", NOTEBOOKS_WITH_OPEN_WORK)
def test_guiding_questions_end_with_the_insight(name: str) -> None:
    cells = nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
    for cell in cells:
        if cell.cell_type == "markdown" and GUIDING in cell.source:
            questions = re.findall(r"^\d+\.\s+(.*)", cell.source.split(GUIDING, 1)[1], flags=re.MULTILINE)
            assert questions and "insight" in questions[-1].casefold() and "one sentence" in questions[-1], questions
