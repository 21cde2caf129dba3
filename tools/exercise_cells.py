"""How the teacher notebooks mark their exercises (CONTRIBUTING.md, "Exercises"): one home for the cell tags.

Used by the student edition (``tools/student_edition.py``) and the nbgrader course (``tools/nbgrader_course.py``):

* ``exercise`` Markdown prompt whose heading is ``### Exercise N.M ★`` (★ read, ★★ compute, ★★★ open question);
* ``hint`` Markdown hint; ``solution`` code that ends by assigning ``answer_N_M``; ``teacher-note`` for teachers;
* the self-check is the untagged code cell that calls ``checks.check("N.M", ...)``.
"""

from __future__ import annotations

import ast
import re
from typing import Any

EXERCISE, HINT, SOLUTION, TEACHER_NOTE = "exercise", "hint", "solution", "teacher-note"
ANSWER, COMPARE = "answer", "compare"  # a learner's written answer, and the model answer under it
OPEN_QUESTION_STARS = 3  # a ★★★ exercise has a written part as well as a self-checked number

_HEADING = re.compile(r"^#+\s*Exercise\s+(?P<id>\d+\.\d+)\s*(?P<stars>★*)", re.MULTILINE)


def tags(cell: Any) -> list[str]:
    """The tags of a notebook cell (an empty list when it has none)."""
    return list(cell.get("metadata", {}).get("tags", []))


def cell_text(cell: Any) -> str:
    """A cell's source as one string, whether read by nbformat or as raw JSON (a list of lines)."""
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def exercise_heading(cell: Any) -> tuple[str, int] | None:
    """``(exercise id, number of stars)`` of an ``exercise`` cell, e.g. ``("2.6", 3)``; None for other cells."""
    if EXERCISE not in tags(cell):
        return None
    match = _HEADING.search(cell.source)
    if match is None:
        raise ValueError(f"an exercise cell needs a heading '### Exercise N.M ★': {cell.source[:60]!r}")
    return match["id"], len(match["stars"])


def exercise_of_cells(cells: list[Any]) -> list[str | None]:
    """For each cell, the exercise it belongs to: from its exercise heading up to the next Markdown heading
    (a quick check sits inside a section, so the section's later cells are not the exercise's); else None."""
    current: str | None = None
    owners = []
    for cell in cells:
        if (heading := exercise_heading(cell)) is not None:
            current = heading[0]
        elif cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            current = None
        owners.append(current)
    return owners


def answer_name(exercise: str) -> str:
    """The variable that holds the answer to ``exercise``: ``"1.3"`` -> ``answer_1_3``."""
    return "answer_" + exercise.replace(".", "_")


def self_check(cell: Any) -> str | None:
    """The exercise id a self-check code cell checks (``checks.check("N.M", ...)``), or None for other cells."""
    if cell.cell_type != "code" or tags(cell):
        return None
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return node.args[0].value
    return None
