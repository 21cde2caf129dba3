"""The classroom loop with real nbgrader: generate, release, fetch, submit, collect, autograde, feedback, report.

One teacher notebook goes through the whole loop once (module fixture), in a temporary folder with its own
local exchange, as a teacher and three students run it from the command line:

* ``ada`` writes the teacher's worked answers (and a written answer);
* ``ben`` makes typical mistakes: an answer in people where millions were asked for, a difference taken the
  wrong way round, the median where the mean was asked for;
* ``cy`` hands in garbage: text for a table, a deleted answer cell and a deleted hint, an answer that raises,
  a tampered test cell, an exercise left as ``...``.

Points are one per star of the exercise heading (read here from the teacher notebook), so the expected scores
come from what each student wrote, not from the generator. Every nbgrader command has a time limit.

Cost (December 2026, 2 cores shared with other jobs): about 60 s of CPU for the loop; 170-390 s of wall time at
load averages of 8-16, most of it nbgrader's start-up (about 3 s of CPU per command, eleven commands) and
autograde (three runs of the notebook). Generating, regenerating and the bad-input tests take a few seconds.
"""

from __future__ import annotations

import csv
import hashlib
import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from tools import exercise_cells as ec
from tools import nbgrader_course
from tools.student_edition import NOTEBOOKS, stub_source

TEACHER = NOTEBOOKS / "02_poverty_alleviation.ipynb"
ASSIGNMENT = TEACHER.stem
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
NBGRADER = Path(sys.executable).with_name("nbgrader")
STEP_LIMIT_S = 300  # any one nbgrader command; the autograde of three students takes about a minute
STUDENTS = ("ada", "ben", "cy")
WRITTEN = "written_2_6"
HEADING = re.compile(r"^### Exercise (\d+\.\d+) (★+)", re.MULTILINE)
# This machine's pyzmq asyncio poll sometimes misses a kernel message's wake-up and waits out the whole cell
# timeout (seen here: an autograde of three notebooks taking 5 minutes instead of 30 s). The course's own notebook
# client re-polls (tools/execute_notebooks.py); this user-level Jupyter config gives nbgrader's executor the same
# kernel clients. The course's nbgrader_config.py stays as teachers get it.
REPOLLING_CONFIG = """
import inspect

import nbgrader.preprocessors.execute as execute

from tools.execute_notebooks import repolling


class RepollingKernelManager(execute.AsyncKernelManager):
    def client(self, **kwargs):
        kc = super().client(**kwargs)
        for channel in (kc.shell_channel, kc.iopub_channel):
            if inspect.iscoroutinefunction(channel.get_msg):
                channel.get_msg = repolling(channel.get_msg)
        return kc


execute.AsyncKernelManager = RepollingKernelManager
"""


def stars(teacher: Path = TEACHER) -> dict[str, int]:
    """Exercise id -> number of stars in its heading in a teacher notebook (the points of its test)."""
    cells = nbformat.read(teacher, as_version=4).cells
    return {m[1]: len(m[2]) for cell in cells for m in HEADING.finditer(cell.source) if cell.cell_type == "markdown"}


def expected_points() -> dict[str, dict[str, float]]:
    """Per student, the points each self-check deserves given what that student wrote (see the module doc)."""
    full = {f"check_{e.replace('.', '_')}": float(n) for e, n in stars().items()}
    right = {"ada": set(stars()), "ben": {"2.1", "2.2", "2.3"}, "cy": {"2.5"}}  # what :func:`answer` writes right
    return {s: {cell: p if cell.removeprefix("check_").replace("_", ".") in right[s] else 0.0
                for cell, p in full.items()} for s in STUDENTS}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worked_answer(source: nbformat.NotebookNode, grade_id: str) -> str:
    """The source version of an answer cell with the solution markers removed: what a correct student writes."""
    cell = next(c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "\n".join(ln for ln in cell.source.splitlines() if ln not in (nbgrader_course.BEGIN, nbgrader_course.END))


def cell_of(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def answer(student: str, notebook: nbformat.NotebookNode, source: nbformat.NotebookNode) -> None:
    """Fill ``notebook`` (a fetched release) as ``student`` would."""
    def write(exercise: str, code: str) -> None:
        cell_of(notebook, f"answer_{exercise.replace('.', '_')}").source = code

    def correct(exercise: str) -> str:
        return worked_answer(source, f"answer_{exercise.replace('.', '_')}")

    if student == "ada":
        for exercise in stars():
            write(exercise, correct(exercise))
        cell_of(notebook, WRITTEN).source = ("I would write the median: one family pulls the mean far up. Hao's "
                                             "income is an anecdote; the labour income is closer to a statistic.")
    elif student == "ben":
        for exercise in ("2.1", "2.2", "2.3"):
            write(exercise, correct(exercise))
        write("2.4", correct("2.4") + "\nanswer_2_4 = answer_2_4 * 1e6  # in people")
        write("2.5", correct("2.5") + "\nanswer_2_5 = -answer_2_5  # 2016 minus 2020")
        write("2.6", correct("2.6") + "\nfrom helpers import data, poverty\n"
              "answer_2_6 = poverty.cooperative_facts(data.load('cooperatives')).labour_income  # the median")
    else:
        write("2.1", 'answer_2_1 = "lots"')
        notebook.cells.remove(cell_of(notebook, "answer_2_2"))
        hint = next(c for c in notebook.cells if c.cell_type == "markdown" and "<summary>Hint" in c.source)
        notebook.cells.remove(hint)
        write("2.3", "answer_2_3 = 1 / 0")
        write("2.4", "answer_2_4 = 0")
        cell_of(notebook, "check_2_4").source = 'print("checked")  # tampered'
        write("2.5", correct("2.5"))


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the whole loop once; return the folders, the submitted hashes, logs and seconds per step."""
    tmp = tmp_path_factory.mktemp("classroom")
    course, exchange = tmp / "course", tmp / "exchange"
    exchange.mkdir()
    (tmp / "jupyter-config").mkdir()
    (tmp / "jupyter-config" / "nbgrader_config.py").write_text(REPOLLING_CONFIG, encoding="utf-8")
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),  # offline guard kept (conftest.py)
           "PYTHONPATH": os.pathsep.join(filter(None, [str(NOTEBOOKS.parent), os.environ.get("PYTHONPATH")])),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "PATH": f"{NBGRADER.parent}{os.pathsep}{os.environ['PATH']}"}  # nbgrader runs `alembic` from PATH
    shared = [f"--Exchange.root={exchange}", f"--Exchange.cache={tmp / 'cache'}"]
    seconds: dict[str, float] = {}
    logs: dict[str, str] = {}

    def run(step: str, args: list[str], cwd: Path, path: str | None = None) -> None:
        start = time.perf_counter()
        result = subprocess.run(args, cwd=cwd, env={**env, "PATH": path or env["PATH"]}, capture_output=True,
                                text=True, timeout=STEP_LIMIT_S)
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - start
        logs[step] = logs.get(step, "") + result.stdout + result.stderr
        assert result.returncode == 0, f"{step} failed:\n{result.stdout}\n{result.stderr}"

    def nbgrader(step: str, *args: str, cwd: Path = course) -> None:
        run(step, [str(NBGRADER), *args, *shared], cwd)

    run("course.py nbgrader", [sys.executable, "-m", "tools.nbgrader_course", "--out", str(course), str(TEACHER)],
        NOTEBOOKS.parent)
    nbgrader("generate_assignment", "generate_assignment", ASSIGNMENT)
    nbgrader("release_assignment", "release_assignment", ASSIGNMENT)
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    handed_in: dict[str, str] = {}
    for student in STUDENTS:
        home = tmp / "students" / student
        home.mkdir(parents=True)
        course_flag = f"--course={nbgrader_course.COURSE_ID}"
        nbgrader("fetch_assignment", "fetch_assignment", ASSIGNMENT, course_flag, cwd=home)
        work = home / ASSIGNMENT / NOTEBOOK
        notebook = nbformat.read(work, as_version=4)
        answer(student, notebook, source)
        nbformat.write(notebook, work)
        handed_in[student] = sha(work)
        nbgrader("submit", "submit", ASSIGNMENT, course_flag, f"--student={student}", cwd=home)
    nbgrader("collect", "collect", ASSIGNMENT)
    collected = {s: sha(course / "submitted" / s / ASSIGNMENT / NOTEBOOK) for s in STUDENTS}
    nbgrader("autograde", "autograde", ASSIGNMENT)
    nbgrader("generate_feedback", "generate_feedback", ASSIGNMENT)
    run("course.py class-report", [sys.executable, "-m", "tools.class_report", "--course", str(course)],
        NOTEBOOKS.parent, path=os.defpath)  # as course.py runs it: the environment not activated
    print("\nnbgrader loop, seconds per step: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    return {"course": course, "handed_in": handed_in, "collected": collected, "logs": logs, "seconds": seconds}


def test_every_submission_is_collected_unmodified(loop: dict) -> None:
    assert loop["collected"] == loop["handed_in"]
    after = {s: sha(loop["course"] / "submitted" / s / ASSIGNMENT / NOTEBOOK) for s in STUDENTS}
    assert after == loop["handed_in"], "autograde or feedback changed a student's submission"


def test_gradebook_scores_are_what_the_answers_deserve(loop: dict) -> None:
    expected = expected_points()
    with Gradebook(f"sqlite:///{loop['course'] / 'gradebook.db'}") as book:
        assert sorted(s.id for s in book.students) == sorted(STUDENTS)
        for student in STUDENTS:
            got = {cell: book.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student).score for cell in expected[student]}
            assert got == expected[student], student
            submission = book.find_submission(ASSIGNMENT, student)
            assert submission.code_score == sum(expected[student].values()), student
    totals = {s: sum(expected[s].values()) for s in STUDENTS}
    assert totals == {"ada": float(sum(stars().values())), "ben": 4.0, "cy": 2.0}  # the sums of the stars, as planted


def test_the_written_part_is_left_to_the_teacher(loop: dict) -> None:
    with Gradebook(f"sqlite:///{loop['course'] / 'gradebook.db'}") as book:
        written = {s: book.find_grade(WRITTEN, ASSIGNMENT, ASSIGNMENT, s) for s in STUDENTS}
        assert written["ada"].needs_manual_grade and written["ada"].max_score == nbgrader_course.WRITTEN_POINTS
        for blank in ("ben", "cy"):  # left as "YOUR ANSWER HERE": nbgrader scores it 0 without a teacher
            assert not written[blank].needs_manual_grade and written[blank].score == 0
    rubric = cell_of(nbformat.read(loop["course"] / "source" / ASSIGNMENT / NOTEBOOK, as_version=4), WRITTEN)
    release = (loop["course"] / "release" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    assert "a model answer" in rubric.source and "a model answer" not in release  # the teacher note's rubric


def test_the_release_holds_the_student_stubs_not_the_solutions(loop: dict) -> None:
    release = nbformat.read(loop["course"] / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    solutions = [c for c in nbformat.read(TEACHER, as_version=4).cells if "solution" in c.metadata.get("tags", [])]
    stubs = [c.source.strip() for c in release.cells
             if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")]
    tasks = [c for c in solutions if "code-task" in c.metadata["tags"]]
    assert tasks, f"{TEACHER.name} has no code task: pick a notebook with one"
    # a code task keeps its scaffold: the code with `...` blanks, inside `with checks.task(...)`
    assert stubs == [c.metadata["scaffold"].strip() if c in tasks else stub_source(c.source) for c in solutions]
    for cell in tasks:
        stub = stubs[solutions.index(cell)]
        assert "with checks.task(" in stub and "..." in stub and stub != cell.source.strip()
    assert not any("teacher-note" in c.metadata.get("tags", []) for c in release.cells)


def test_a_tampered_test_cell_is_caught_and_restored(loop: dict) -> None:
    assert re.search(r"checksum.*check_2_4|check_2_4.*checksum", loop["logs"]["autograde"], re.IGNORECASE)
    graded = nbformat.read(loop["course"] / "autograded" / "cy" / ASSIGNMENT / NOTEBOOK, as_version=4)
    assert "grading.points(" in cell_of(graded, "check_2_4").source


def feedback(loop: dict, student: str) -> str:
    path = loop["course"] / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html"
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("student", "explanations"), [
    ("ben", {"2.4": "million times too large", "2.5": "sign is wrong", "2.6": "median"}),
    ("cy", {"2.1": "expected a pandas Series", "2.6": "not answered",  # 2.7, 2.8: code tasks left as scaffolds
            "2.7": "the task cell still has `...` blanks", "2.8": "the task cell still has `...` blanks"}),
])
def test_feedback_explains_each_mistake(loop: dict, student: str, explanations: dict[str, str]) -> None:
    text = feedback(loop, student)
    for exercise, words in explanations.items():
        lines = [ln for ln in text.splitlines() if ln.lstrip().startswith("NotYetRight") and exercise in ln]
        assert any(words.lower() in ln.lower() for ln in lines), f"{student} {exercise}: no {words!r} in {lines}"
    if student == "ben":  # each typical mistake gets its specific explanation, not the generic one
        assert "re-read the question" not in text


def test_feedback_for_everyone_and_no_answer_revealed(loop: dict) -> None:
    for student in STUDENTS:
        assert feedback(loop, student)
    assert "ZeroDivisionError" in feedback(loop, "cy") and "NameError" in feedback(loop, "cy")
    for student in ("ben", "cy"):
        assert "BEGIN SOLUTION" not in feedback(loop, student)
        assert "a model answer" not in feedback(loop, student)


def test_class_report_counts_who_passed(loop: dict) -> None:
    rows = list(csv.DictReader((loop["course"] / "reports" / "class-report.csv").open(encoding="utf-8")))
    expected = expected_points()
    passed = {e: sum(expected[s][f"check_{e.replace('.', '_')}"] > 0 for s in STUDENTS) for e in stars()}
    got = {r["exercise"]: int(r["passed"]) for r in rows if r["part"] == "self-check"}
    assert got == passed
    written = next(r for r in rows if r["part"] == "written")
    assert (written["exercise"], written["to_grade"], written["not_yet"]) == ("2.6", "1", "2")
    table = (loop["course"] / "reports" / "class-report.md").read_text(encoding="utf-8")
    stuck = {ln.split("|")[2].strip() for ln in table.splitlines() if "**stuck**" in ln}
    assert stuck == {e for e, n in passed.items() if n < 2}
    assert (loop["course"] / "reports" / "class-report.html").read_text(encoding="utf-8").count("<tr") == len(rows) + 1


# Without running nbgrader: the generated source of every teacher notebook, regeneration, bad input.

def grade_ids(notebook: nbformat.NotebookNode, flag: str) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells if c.metadata["nbgrader"].get(flag)]


@pytest.mark.parametrize("teacher", nbgrader_course.teacher_notebooks(), ids=lambda p: p.stem)
def test_every_notebook_becomes_an_assignment(teacher: Path) -> None:
    notebook = nbformat.read(teacher, as_version=4)
    source = nbgrader_course.to_source(notebook, teacher.name)
    headings = stars(teacher)
    key = {e: e.replace(".", "_") for e in headings}
    open_answers = [c for c in source.cells if "answer" in c.metadata.get("tags", [])]
    assert all("nbgrader" not in c.metadata for c in open_answers)  # Think! answers: editable, not graded
    source.cells = [c for c in source.cells if c not in open_answers]
    assert all("nbgrader" in c.metadata for c in source.cells)
    assert set(grade_ids(source, "solution")) == ({f"answer_{k}" for k in key.values()}
                                                  | {f"written_{key[e]}" for e, n in headings.items() if n == 3})
    tests = {c.metadata["nbgrader"]["grade_id"]: c for c in source.cells
             if c.metadata["nbgrader"]["grade"] and c.cell_type == "code"}
    assert {g: c.metadata["nbgrader"]["points"] for g, c in tests.items()} == {f"check_{key[e]}": n
                                                                                for e, n in headings.items()}
    for exercise, k in key.items():  # the test asks the registry; no number is written into the notebook
        assert tests[f"check_{k}"].source.splitlines()[-1] == f'grading.points("{exercise}", answer_{k})'
    locked = [c for c in source.cells if not c.metadata["nbgrader"]["solution"]]
    assert all(c.metadata["nbgrader"]["locked"] for c in locked)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in source.cells]
    assert len(ids) == len(set(ids))
    notes = [c.source for c in notebook.cells if "teacher-note" in c.metadata.get("tags", [])]
    outside_rubrics = "\n".join(c.source for c in source.cells if not c.metadata["nbgrader"]["grade_id"]
                                .startswith("written_"))
    assert notes and not any(note in outside_rubrics for note in notes)
    owners = ec.exercise_of_cells(notebook.cells)
    for cell, owner in zip(notebook.cells, owners, strict=True):  # a ★★★ model answer only in its rubric
        if "compare" in cell.metadata.get("tags", []) and headings.get(owner) == 3:
            assert cell.source not in outside_rubrics
            assert sum(i == f"written_{key[owner]}" for i in ids) == 1


def test_regenerating_keeps_what_the_teacher_edited(tmp_path: Path) -> None:
    teacher = NOTEBOOKS / "00_start_here.ipynb"
    nbgrader_course.build([teacher], tmp_path)
    config, source = tmp_path / "nbgrader_config.py", tmp_path / "source" / teacher.stem / teacher.name
    config.write_text(config.read_text() + "c.Exchange.root = '/srv/shared'\n")
    source.write_text(source.read_text().replace('"points": 2', '"points": 5', 1))
    edited = {config: config.read_text(), source: source.read_text()}
    messages = nbgrader_course.build([teacher], tmp_path)
    assert {path: path.read_text() for path in edited} == edited
    assert source.with_suffix(".new.ipynb").exists() and any("KEPT" in m for m in messages)


def test_grading_points_fails_with_the_course_feedback() -> None:
    from helpers import checks, grading

    for exercise, given in (("2.6", ...), ("2.5", "minus three"), ("9.9", 1.0)):
        with pytest.raises(grading.NotYetRight) as failure:
            grading.points(exercise, given)
        assert isinstance(failure.value, AssertionError)
        assert str(failure.value) == checks.evaluate(exercise, given).message


def test_class_report_without_a_gradebook_says_what_to_do(tmp_path: Path) -> None:
    from tools import class_report

    with pytest.raises(SystemExit) as stop:
        class_report.main(["--course", str(tmp_path)])
    assert "gradebook.db does not exist" in str(stop.value) and "nbgrader autograde" in str(stop.value)
