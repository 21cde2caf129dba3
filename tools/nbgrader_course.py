"""Generate an nbgrader course from the teacher notebooks (``python3 course.py nbgrader``).

Writes, into a git-ignored folder (default ``nbgrader-course/``), an ``nbgrader_config.py`` and one
assignment per teacher notebook, ``source/NN_topic/NN_topic.ipynb``, using the cell tags of the student
edition (``tools/exercise_cells.py``):

* ``solution`` cells become autograded-answer cells: the student edition's stub stays for the student (the
  comment block and ``answer_N_M = ...``; for a code task, its scaffold with the ``...`` blanks inside
  ``with checks.task(...)``), the worked answer sits in a ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region;
* self-check cells become autograder test cells worth one point per star (★ 1, ★★ 2, ★★★ 3) that call
  ``helpers.grading.points("N.M", answer_N_M)``: the course's self-check registry judges the answer, so
  no expected answer is written into a notebook, and a wrong answer's feedback is the course's explanation;
* each ★★★ exercise's written part becomes a manually graded Markdown answer cell (its ``answer`` cell, or a new
  one after the self-check); in the source version it holds the rubric (the prompt, the model answer of its
  ``compare`` cell and the notebook's teacher note), which students never see;
* the other ``answer`` cells (Think!, guiding questions) stay editable and ungraded, under their locked
  "Compare your answer" notes;
* ``teacher-note`` cells are removed; every other cell is locked (read-only, checksummed by nbgrader).

Nothing else in the folder is touched (release/, submitted/, autograded/, feedback/, gradebook.db). A source
notebook a teacher edited since it was generated is never overwritten: the new version goes beside it as
``NN_topic.new.ipynb`` (see ``tools/student_edition.py``).

    python -m tools.nbgrader_course [--out DIR] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path

import nbformat

from tools import exercise_cells as ec
from tools._project import ROOT, run, teacher_notebooks
from tools.student_edition import answer_names, render_text, student_cell, write_safely

OUT = ROOT / "nbgrader-course"
COURSE_ID = "shanxi-in-transition"
WRITTEN_POINTS = 2  # the written part of a ★★★ exercise, graded by hand
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
MANIFEST = ".manifest.json"

CONFIG = f'''"""nbgrader settings for Shanxi in Transition (written by `python3 course.py nbgrader`; edit freely)."""

c = get_config()  # noqa: F821 - nbgrader defines get_config when it reads this file

c.CourseDirectory.course_id = "{COURSE_ID}"

# A student's stub keeps the cell's comment and `answer_N_M = ...` (a code task: its scaffold with `...` blanks);
# only the worked answer is removed.
c.ClearSolutions.code_stub = {{"python": ""}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# The notebooks load data and draw figures: give a cell time on a slow, shared machine (seconds).
c.ExecutePreprocessor.timeout = 300

# On a JupyterHub, the exchange the students and teachers share (nbgrader's default):
# c.Exchange.root = "/srv/nbgrader/exchange"
'''


def _nbgrader(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
              points: int | None = None) -> dict:
    """nbgrader's cell metadata (schema 3)."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def _exercise_of_solution(cell: nbformat.NotebookNode, current: str | None) -> str:
    """The exercise a solution cell answers: from its ``answer_N_M`` name, else the exercise above it."""
    names = answer_names(cell.source)
    if names:
        return names[0].removeprefix("answer_").replace("_", ".")
    if current is None:
        raise ValueError(f"a solution cell before any exercise heading: {cell.source[:60]!r}")
    return current


def answer_cell(cell: nbformat.NotebookNode, exercise: str) -> nbformat.NotebookNode:
    """An autograded-answer cell: the student edition's stub, then the worked answer as a solution region.

    The stub is the student edition's (:func:`tools.student_edition.student_cell`): ``answer_N_M = ...`` under
    the cell's comment, or for a code task its scaffold with the ``...`` blanks, run in ``with checks.task``.
    The worked answer is the solution without its leading comment block (the stub already shows it).
    """
    stub = student_cell(cell).source.strip()
    lines = cell.source.strip().splitlines()
    comments = next((i for i, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
    worked = "\n".join(lines[comments:])
    new = nbformat.v4.new_code_cell(f"{stub}\n{BEGIN}\n{worked}\n{END}", id=cell.get("id"))
    new.metadata = {"nbgrader": _nbgrader(f"answer_{exercise.replace('.', '_')}", solution=True)}
    return new


def test_cell(exercise: str, points: int) -> nbformat.NotebookNode:
    """An autograder test cell worth ``points`` that asks the course's self-check registry."""
    source = (f"# Self-check of exercise {exercise}, graded: {points} point{'s' * (points != 1)}.\n"
              f"from helpers import grading\n\n"
              f'grading.points("{exercise}", {ec.answer_name(exercise)})')
    grade_id = f"check_{exercise.replace('.', '_')}"
    cell = nbformat.v4.new_code_cell(source, id=grade_id)
    cell.metadata = {"nbgrader": _nbgrader(grade_id, grade=True, locked=True, points=points)}
    return cell


def written_cell(exercise: str, prompt: str, teacher_note: str, model_answer: str = "") -> nbformat.NotebookNode:
    """A manually graded Markdown answer cell; its solution region is the rubric, removed for students."""
    rubric = [f"**Rubric for the written part of exercise {exercise}** (teachers only; students see "
              f"\"YOUR ANSWER HERE\").", "", "*The question:*", "", prompt.strip()]
    if model_answer:
        rubric += ["", "*The model answer learners compare with in the course:*", "", model_answer.strip()]
    if teacher_note:
        rubric += ["", "*What a good answer says, from the notebook's teacher note:*", "", teacher_note.strip()]
    source = "\n".join([f"**Your written answer to exercise {exercise}** ({WRITTEN_POINTS} points, graded by "
                        "your teacher):", "", BEGIN, *rubric, END])
    grade_id = f"written_{exercise.replace('.', '_')}"
    cell = nbformat.v4.new_markdown_cell(source, id=grade_id)
    cell.metadata = {"nbgrader": _nbgrader(grade_id, grade=True, solution=True, points=WRITTEN_POINTS)}
    return cell


def locked_cell(cell: nbformat.NotebookNode, index: int) -> nbformat.NotebookNode:
    """A read-only copy of ``cell`` (the prompt, hints, explanations and the course's own code)."""
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    cell.metadata["nbgrader"] = _nbgrader(f"locked_{cell.get('id') or index}", locked=True)
    return cell


def to_source(teacher: nbformat.NotebookNode, source_name: str) -> nbformat.NotebookNode:
    """The nbgrader source version of a teacher notebook (read from the file named ``source_name``)."""
    headings = {}  # exercise id -> (stars, prompt)
    for cell in teacher.cells:
        if (heading := ec.exercise_heading(cell)) is not None:
            headings[heading[0]] = (heading[1], cell.source)
    note = "\n\n".join(c.source for c in teacher.cells if ec.TEACHER_NOTE in ec.tags(c))
    owners = ec.exercise_of_cells(teacher.cells)
    open_questions = {e for e, (stars, _) in headings.items() if stars >= ec.OPEN_QUESTION_STARS}
    model_answers: dict[str, str] = {}  # a ★★★ exercise's answer cell becomes its graded written cell
    for cell, owner in zip(teacher.cells, owners, strict=True):
        if owner in open_questions and ec.ANSWER in ec.tags(cell):
            model_answers.setdefault(owner, "")
        elif owner in model_answers and ec.COMPARE in ec.tags(cell):
            model_answers[owner] += cell.source
    cells: list[nbformat.NotebookNode] = []
    current: str | None = None
    for index, (cell, owner) in enumerate(zip(teacher.cells, owners, strict=True)):
        cell_tags = ec.tags(cell)
        if ec.TEACHER_NOTE in cell_tags:
            continue
        if (heading := ec.exercise_heading(cell)) is not None:
            current = heading[0]
        if ec.SOLUTION in cell_tags:
            if cell.cell_type != "code":
                raise ValueError(f"a solution cell must be a code cell, not {cell.cell_type}: {cell.source[:60]!r}")
            cells.append(answer_cell(cell, _exercise_of_solution(cell, current)))
        elif (checked := ec.self_check(cell)) is not None:
            stars, prompt = headings.get(checked, (1, ""))
            cells.append(test_cell(checked, max(stars, 1)))
            if stars >= ec.OPEN_QUESTION_STARS and checked not in model_answers:
                cells.append(written_cell(checked, prompt, note))
        elif owner in model_answers and ec.ANSWER in cell_tags:
            if not any(c.get("id") == f"written_{owner.replace('.', '_')}" for c in cells):
                cells.append(written_cell(owner, headings[owner][1], note, model_answers[owner]))
        elif owner in model_answers and ec.COMPARE in cell_tags:
            continue  # the model answer is in the rubric: students see it after grading, in their feedback
        elif ec.ANSWER in cell_tags:
            cells.append(copy.deepcopy(cell))  # a Think!/guiding-question answer: the student's to write, ungraded
        else:
            cells.append(locked_cell(cell, index))
    source = copy.deepcopy(teacher)
    source.cells = cells
    source.metadata.pop("widgets", None)
    source.metadata["teacher_notebook"] = source_name
    return source


def render(teacher_path: Path) -> str:
    """The exact text of the nbgrader source version of ``teacher_path``."""
    teacher = nbformat.read(teacher_path, as_version=4)
    try:
        return render_text(to_source(teacher, teacher_path.name))
    except (SyntaxError, ValueError) as err:
        err.add_note(f"while making the nbgrader assignment of {teacher_path}")
        raise


def build(teachers: list[Path], out: Path) -> list[str]:
    """Write ``out/nbgrader_config.py`` (unless present) and one source assignment per teacher notebook."""
    out.mkdir(parents=True, exist_ok=True)
    config = out / "nbgrader_config.py"
    shown = config.relative_to(Path.cwd()) if config.is_relative_to(Path.cwd()) else config
    if config.exists():
        messages = [f"kept {shown} (delete it to get the generated one back)"]
    else:
        config.write_text(CONFIG, encoding="utf-8")
        messages = [f"wrote {shown}"]
    manifest_path = out / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    for teacher in teachers:
        folder = out / "source" / teacher.stem
        folder.mkdir(parents=True, exist_ok=True)
        messages.append(write_safely(folder / teacher.name, render(teacher), manifest))
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return messages


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="teacher notebooks (default: all NN_*.ipynb)")
    parser.add_argument("--out", type=Path, default=OUT, help="the nbgrader course folder")
    args = parser.parse_args(argv)
    teachers = args.notebooks or teacher_notebooks()
    for message in build(teachers, args.out):
        print(message)
    print(f"\nNext, with the course's environment active (source .venv/bin/activate), see docs/teachers-guide.md:\n"
          f"  cd {args.out} && nbgrader generate_assignment {teachers[0].stem}")
    return 0


if __name__ == "__main__":
    run(main)
