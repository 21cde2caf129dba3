"""The course index's practice table (issue 15), read from the teacher notebooks themselves.

For each notebook, in the order of its cells:

* **coding tasks**: exercises whose solution cell is tagged ``code-task``, runs inside ``checks.task(`` or defines a
  function (the learner writes the pandas, matplotlib or check function);
* **quick checks**: exercises whose heading says ``· quick check`` (a ★ at the end of the section of its idea);
* **exercises at the end**: the other exercises after the notebook's ``## … Exercises`` heading (transfer tasks);
* **explorers**: each explorer cell (first line ``# NBVAL_IGNORE_OUTPUT``), named by its app in ``helpers.apps``,
  and whether a ``**Predict first.**`` cell comes before it in its section.

Each entry names the exercise, its stars and the section it sits in. :func:`practice_block` is written into
``notebooks/README.md`` between ``<!-- practice:start -->`` and ``<!-- practice:end -->`` by ``python3 course.py
pacing`` (``tools.pacing.updated_files``), and the pacing staleness test fails when the index is out of date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tools import exercise_cells as ec
from tools._project import NOTEBOOKS, ROOT

START, END = "<!-- practice:start -->", "<!-- practice:end -->"
EXPLORER_MARK = "# NBVAL_IGNORE_OUTPUT"
PREDICT = "**Predict first.**"
SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
EXERCISE = re.compile(r"^#+\s*Exercise\s+(?P<id>\d+\.\d+)\s*(?P<stars>★+)(?P<rest>.*)$", re.MULTILINE)
QUICK = re.compile(r"·\s*quick check:?\s*(?P<topic>.*)$")
SENTENCE = re.compile(r"(?<=[.?!])\s")
TITLE_CHARS = 90


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``"1.9"``), stars, a short title and the number of the section it sits in."""

    id: str
    stars: str
    title: str
    section: str


@dataclass(frozen=True)
class Explorer:
    """One explorer cell: its app name, its section and whether a predict-first cell comes before it."""

    app: str
    section: str
    predict_first: bool


@dataclass
class Practice:
    """What a notebook asks learners to do, by kind."""

    notebook: str
    coding_tasks: list[Exercise] = field(default_factory=list)
    quick_checks: list[Exercise] = field(default_factory=list)
    at_the_end: list[Exercise] = field(default_factory=list)
    explorers: list[Explorer] = field(default_factory=list)




def _section_number(title: str) -> str:
    """``"5"`` for ``"5. Causal claims: …"``; the title itself for an unnumbered section."""
    number = re.match(r"(\d+)\.", title)
    return number.group(1) if number else title


def _title(rest: str, prompt: str) -> str:
    """The exercise's topic: the heading's ``· quick check: topic``, else the prompt's first question (or first
    sentence), shortened."""
    if quick := QUICK.search(rest):
        return quick["topic"].strip()
    body = prompt.split("\n", 1)[1].strip() if "\n" in prompt else ""
    sentences = SENTENCE.split(" ".join(body.split())) if body else [""]
    first = next((s for s in sentences if s.endswith("?")), sentences[0])
    if len(first) <= TITLE_CHARS:
        return first
    short = first[:TITLE_CHARS].rsplit(" ", 1)[0]
    for mark in ('"', "**", "`"):  # never leave a quotation, bold or code span open
        if short.count(mark) % 2:
            short = short[:short.rindex(mark)].rstrip()
    return short + " …"


def _app_names(notebook: str) -> list[str]:
    """The apps of notebook ``NN_…`` in registry order: its explorer cells, in order (as ``helpers.apps`` reads
    them)."""
    from helpers import apps

    return [app.name for app in apps.APPS
            if (number := apps.NOTEBOOK_NUMBER.search(app.summary)) and number.group(1) == notebook[:2]]


def _solution_writes_code(cell: dict) -> bool:
    source = ec.cell_text(cell)
    return "code-task" in ec.tags(cell) or "checks.task(" in source or re.search(r"^\s*def \w+\(", source, re.M)


def practice(path: Path) -> Practice:
    """The exercises and explorers of the notebook at ``path``, by kind (see the module's docstring)."""
    app_names = iter(_app_names(path.name))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = Practice(path.stem)
    section, at_end, predicted, open_exercise = "Introduction", False, False, None
    for cell in cells:
        text = ec.cell_text(cell)
        if cell["cell_type"] == "markdown" and (heading := SECTION.search(text)) and "exercise" not in ec.tags(cell):
            section, at_end, predicted = heading.group(1).strip(), "Exercises" in heading.group(1), False
        if cell["cell_type"] == "markdown" and PREDICT in text:
            predicted = True
        if "exercise" in ec.tags(cell) and (match := EXERCISE.search(text)):
            open_exercise = Exercise(match["id"], match["stars"], _title(match["rest"], text),
                                     _section_number(section))
            if QUICK.search(match["rest"]):
                found.quick_checks.append(open_exercise)
            elif at_end:
                found.at_the_end.append(open_exercise)
        elif "solution" in ec.tags(cell) and open_exercise is not None:
            if _solution_writes_code(cell) and open_exercise not in found.quick_checks:
                if open_exercise in found.at_the_end:
                    found.at_the_end.remove(open_exercise)
                found.coding_tasks.append(open_exercise)
            open_exercise = None
        elif cell["cell_type"] == "code" and text.startswith(EXPLORER_MARK):
            found.explorers.append(Explorer(next(app_names, "an explorer with no app"), _section_number(section),
                                            predicted))
            predicted = False
    return found


def _exercises(items: list[Exercise]) -> str:
    return " · ".join(f"{e.id} {e.stars} {e.title} (§{e.section})" if e.section.isdigit() else
                      f"{e.id} {e.stars} {e.title}" for e in items) or "none"


def _explorers(items: list[Explorer]) -> str:
    return " · ".join(f"`{e.app}` (§{e.section}, {'predict first' if e.predict_first else 'no prediction cell'})"
                      for e in items) or "none"


def practice_block(paths: list[Path]) -> str:
    """The Markdown written between the markers: per notebook, its coding tasks, quick checks, exercises at the
    end and explorers, each with its section (§)."""
    lines = []
    for found in (practice(p) for p in paths):
        lines += [f"**`{found.notebook}`**", "",
                  f"* coding tasks: {_exercises(found.coding_tasks)}",
                  f"* quick checks: {_exercises(found.quick_checks)}",
                  f"* exercises at the end (transfer tasks): {_exercises(found.at_the_end)}",
                  f"* explorers: {_explorers(found.explorers)}", ""]
    return "\n".join(lines)


def with_practice(text: str, paths: list[Path], where: Path = NOTEBOOKS / "README.md") -> str:
    """``text`` with the practice block of ``paths`` between the markers."""
    if START not in text or END not in text:
        raise SystemExit(f"{where.relative_to(ROOT)}: the markers {START} and {END} are missing; add them where "
                         "the practice listing belongs")
    head, rest = text.split(START, 1)
    return f"{head}{START}\n{practice_block(paths)}{END}{rest.split(END, 1)[1]}"
