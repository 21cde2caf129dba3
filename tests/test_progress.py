"""Without nbgrader: ``checks.report()`` and ``checks.export()`` in a real kernel, and ``course.py results``.

A small notebook runs in a fresh kernel (nbclient) with a mix of answers to notebook 02's exercises: one right,
two wrong (one a registered common mistake), one left as ``...``, a code task left as its scaffold, the rest not
checked. Jupyter Server tells a kernel its notebook in ``JPY_SESSION_NAME``; the test sets it as the server does.
Then three simulated learners export their answers into one folder with a damaged and two foreign files, and
``python -m tools.results`` (what ``course.py results`` runs) reads the folder. Every expected status, count, pass
rate and mistake below follows from the answers planted here.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import checks, data, poverty, progress
from tools.execute_notebooks import notebook_client
from tools.student_edition import NOTEBOOKS

TEACHER = NOTEBOOKS / "02_poverty_alleviation.ipynb"
NAME = TEACHER.name
STATUS = {"Passed", "Not yet", "Not answered", "Cannot check"}


def exercises_of_teacher() -> list[str]:
    """The exercises notebook 02 checks, read from its check cells (not from the registry under test)."""
    text = TEACHER.read_text(encoding="utf-8")
    return sorted(set(re.findall(r'checks\.check\(\\"(2\.\d+)', text)), key=lambda e: int(e.split(".")[1]))


CORN = """from helpers import units
cooperatives = data.load("cooperatives")
shi = cooperatives[cooperatives["leader"] == "Shi Zhenyu"].set_index("indicator")["value"]
"""
RIGHT_2_3 = CORN + 'answer_2_3 = shi["income_per_hectare"] / shi["income_ratio_vs_corn_farming"] / units.MU_PER_HECTARE'
MEDIAN_2_6 = 'answer_2_6 = poverty.cooperative_facts(data.load("cooperatives")).labour_income  # the median'
SCAFFOLD_2_7 = next(c.metadata["scaffold"] for c in nbformat.read(TEACHER, as_version=4).cells
                    if "code-task" in c.metadata.get("tags", []) and 'task("2.7")' in c.source)
# planted: 2.3 right; 2.1 text for a table; 2.6 the median (a registered mistake); 2.5 left as `...`;
# 2.7 the code task's scaffold run unchanged; 2.2, 2.4, 2.8, 2.9 never checked
PLANTED = {"2.3": "Passed", "2.1": "Not yet", "2.6": "Not yet", "2.5": "Not answered", "2.7": "Not answered"}
CELLS = [
    "from helpers import checks, data, poverty",
    RIGHT_2_3 + '\nchecks.check("2.3")',
    'answer_2_1 = "lots"\nchecks.check("2.1")',
    MEDIAN_2_6 + '\nchecks.check("2.6")',
    'answer_2_5 = ...\nchecks.check("2.5")',
    SCAFFOLD_2_7,
    'checks.check("2.7")',
    "checks.report()",
    'checks.export(name="Ada Lovelace", folder="handed-in")',
    'checks.export(name="Ada Lovelace", folder="handed-in")',
    # as in a front end that does not say which notebook runs
    'import os\ndel os.environ["JPY_SESSION_NAME"]\nglobals().pop("__session__", None)\n'
    'checks.export(folder="handed-in")',
]


@pytest.fixture(scope="module")
def kernel_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("learner")
    path = folder / NAME  # the learner's notebook, as saved, under its course name
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nbformat.write(notebook, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JPY_SESSION_NAME", str(path))  # as Jupyter Server starts a notebook's kernel
        client = notebook_client(notebook, folder)
        client.execute()
    return {"folder": folder, "cells": notebook.cells}


def text_of(cell: nbformat.NotebookNode, mime: str = "text/plain") -> str:
    return "\n".join(o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get(mime, "")
                     for o in cell.outputs)


def test_report_shows_each_exercise_with_the_course_words(kernel_run: dict) -> None:
    cell = kernel_run["cells"][CELLS.index("checks.report()")]
    lines = text_of(cell).splitlines()
    print("\n".join(lines))
    exercises = exercises_of_teacher()
    rows = {line.split()[0]: line for line in lines[2:]}
    assert list(rows) == exercises  # one line per exercise of the notebook, in order
    for exercise in exercises:
        want = PLANTED.get(exercise, "Not answered")
        assert rows[exercise].split(None, 1)[1].startswith(want), rows[exercise]
    assert "the median" in rows["2.6"] and "has not run" in rows["2.2"] and "self-check 2.3" not in rows["2.3"]
    assert lines[0] == (f"Your progress in {TEACHER.stem} ({len(exercises)} exercises): 1 passed, 2 not yet, "
                        f"{len(exercises) - 3} not answered.")
    assert len(lines) <= 25 and all(len(line) <= 130 for line in lines)  # one screen
    assert not re.search("[\u2600-\u27bf\U0001f000-\U0001faff]", "".join(lines)), "an emoji a font may lack"
    table = text_of(cell, "text/html")
    assert table.count("<tr>") == len(exercises) + 1 and "Not yet</strong>" in table


def test_export_writes_numbered_files_and_says_where(kernel_run: dict) -> None:
    cells, handed_in = kernel_run["cells"], kernel_run["folder"] / "handed-in"
    first, second, third = (text_of(cells[-i]).strip() for i in (3, 2, 1))
    files = sorted(handed_in.iterdir())
    assert [f.name for f in files] == [f"{TEACHER.stem}-ada-lovelace-submission-2.html",
                                       f"{TEACHER.stem}-ada-lovelace-submission.html", "notebook-2-submission.html"]
    assert first == f"Your submission is written to {handed_in / files[1].name} (hand in this file)."
    assert second.endswith(f"{files[0].name} (hand in this file).")
    # without JPY_SESSION_NAME: one line says the notebook cannot be found; the answers are written all the same
    assert third.splitlines()[0].startswith("Note: this kernel could not tell which notebook file it runs")
    assert len(third.splitlines()) == 2
    full, bare = progress.read_submission(files[1]), progress.read_submission(files[2])
    assert full["learner"] == "Ada Lovelace" and full["notebook"] == TEACHER.stem and full["notebook_html"]
    assert bare["learner"] == "" and not bare["notebook_html"] and bare["exercises"] == full["exercises"]
    assert bare["notebook"] == "notebook-2"  # named after the exercises checked last
    assert full["course_version"] and re.match(r"\d{4}-\d\d-\d\dT", full["exported_at"])
    rows = {r["exercise"]: r for r in full["exercises"]}
    assert {e: rows[e]["status"] for e in PLANTED} == PLANTED
    assert "median" in rows["2.6"]["mistake"] and rows["2.1"]["mistake"] is None
    assert rows["2.1"]["answer"] == "lots" and rows["2.5"]["answer"] is None
    page = files[1].read_text(encoding="utf-8")
    assert "srcdoc=" in page and "Shi Zhenyu" in page  # the notebook as HTML: the code of its cells


# Three simulated learners hand in through any channel; one file is damaged, two are not submissions.

def right_answers() -> dict[str, object]:
    """The teacher's worked answers to 2.3 and 2.6 (the notebook's solution cells, computed here)."""
    facts = poverty.cooperative_facts(data.load("cooperatives"))
    namespace: dict[str, object] = {"data": data}
    exec(RIGHT_2_3, namespace)
    incomes = [facts.labour_income] * facts.member_families + [facts.leader_family_income]
    return {"2.3": namespace["answer_2_3"], "2.6": sum(incomes) / len(incomes)}


def learners() -> dict[str, dict[str, object]]:
    right = right_answers()
    facts = poverty.cooperative_facts(data.load("cooperatives"))
    namespace: dict[str, object] = {"data": data}
    exec(CORN + 'times = shi["income_per_hectare"] * shi["income_ratio_vs_corn_farming"] / units.MU_PER_HECTARE',
         namespace)
    return {"Ada": {"2.3": right["2.3"], "2.6": right["2.6"], "2.5": ...},
            "Ben": {"2.3": namespace["times"], "2.6": facts.labour_income},  # multiplied; the median
            "Cy": {"2.3": "lots", "2.6": facts.labour_income}}  # text; the median


EXPECTED = {  # status per learner, then pass rate and the most common registered mistake's words and count
    "Ada": {"2.3": "Passed", "2.6": "Passed", "2.5": "Not answered"},
    "Ben": {"2.3": "Not yet", "2.6": "Not yet"},
    "Cy": {"2.3": "Not yet", "2.6": "Not yet"},
}
MISTAKES = {"2.3": ("corn earns *less*", 1), "2.6": ("the median", 2)}


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    for learner, answers in learners().items():
        checks.RESULTS.clear()  # each learner has their own kernel
        if learner == "Ada":  # an earlier export, before her answer to 2.6: the latest one counts
            checks.check("2.6", ...)
            progress.export(name=learner, folder=folder, notebook=NAME)
        for exercise, answer in answers.items():
            checks.check(exercise, answer)
        progress.export(name=learner, folder=folder, notebook=NAME)
    checks.RESULTS.clear()
    whole = (folder / f"{TEACHER.stem}-ben-submission.html").read_text(encoding="utf-8")
    (folder / "dan-submission.html").write_text(whole[: whole.index('"exercises"') + 30], encoding="utf-8")
    (folder / "essay.html").write_text("<html><body><p>My essay on coal</p></body></html>", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def results(class_folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.results", str(class_folder)], capture_output=True,
                          text=True, cwd=NOTEBOOKS.parent, timeout=300)


def test_results_lists_the_bad_files_and_goes_on(results: subprocess.CompletedProcess) -> None:
    print(results.stdout)
    assert results.returncode == 0, results.stderr
    skipped = dict(re.findall(r"^skipped (\S+): (.*)$", results.stdout, re.MULTILINE))
    assert set(skipped) == {"dan-submission.html", "essay.html", "photo.jpg"}
    assert skipped["dan-submission.html"].startswith("damaged")
    assert skipped["essay.html"].startswith("not a course submission")
    assert skipped["photo.jpg"].startswith("not a course submission")
    assert "Traceback" not in results.stdout + results.stderr


def test_results_class_table_has_each_learners_statuses_and_the_pass_rate(class_folder: Path,
                                                                            results: subprocess.CompletedProcess
                                                                            ) -> None:
    out = class_folder / "class-results"
    rows = {r["learner"]: r for r in csv.DictReader((out / "class-results.csv").open(encoding="utf-8"))}
    print((out / "class-results.csv").read_text(encoding="utf-8"))
    assert set(rows) == {*EXPECTED, "pass rate"}
    exercises = exercises_of_teacher()
    for learner, statuses in EXPECTED.items():
        assert {e: rows[learner][e] for e in exercises} == {e: statuses.get(e, "Not answered") for e in exercises}
    for exercise in exercises:
        passed = sum(EXPECTED[learner].get(exercise) == "Passed" for learner in EXPECTED)
        assert float(rows["pass rate"][exercise]) == pytest.approx(passed / len(EXPECTED), abs=1e-3)
    summary = {r["exercise"]: r for r in csv.DictReader((out / "class-report.csv").open(encoding="utf-8"))}
    for exercise, (words, count) in MISTAKES.items():
        assert words in summary[exercise]["common_mistake"]
        assert summary[exercise]["common_mistake"].endswith(f"({count} of {len(EXPECTED)})")
    assert summary["2.5"]["not_answered"] == "3" and summary["2.5"]["common_mistake"] == ""


def test_results_figure_has_alt_text_naming_each_exercise(class_folder: Path,
                                                          results: subprocess.CompletedProcess) -> None:
    from PIL import Image

    png = class_folder / "class-results" / "class-results.png"
    with Image.open(png) as image:
        alt = image.info["Description"]
        assert image.size[0] >= 800
    for exercise in exercises_of_teacher():
        assert f"{exercise} " in alt
    assert "the median" in alt and alt in (png.parent / "class-report.md").read_text(encoding="utf-8")


def test_results_of_an_empty_or_missing_folder_say_what_to_do(tmp_path: Path) -> None:
    from tools import results as tool

    (tmp_path / "notes.txt").write_text("not a submission", encoding="utf-8")
    for folder, words in ((tmp_path, "holds no submission file"), (tmp_path / "nowhere", "is not a folder")):
        with pytest.raises(SystemExit) as stop:
            tool.main([str(folder)])
        assert words in str(stop.value)


def test_a_submission_block_survives_any_answer_text(tmp_path: Path) -> None:
    checks.RESULTS.clear()
    checks.check("2.1", "</script><script>alert(1)</script> 汉字")
    progress.export(name="李 雷", folder=tmp_path, notebook=NAME)
    checks.RESULTS.clear()
    written, = tmp_path.iterdir()
    assert written.name == f"{TEACHER.stem}-李-雷-submission.html"
    data_ = progress.read_submission(written)
    row = next(r for r in data_["exercises"] if r["exercise"] == "2.1")
    assert row["answer"] == "</script><script>alert(1)</script> 汉字" and data_["learner"] == "李 雷"
    assert json.loads(json.dumps(data_)) == data_


def test_an_export_that_cannot_be_written_says_so_in_one_line(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    checks.RESULTS.clear()
    checks.check("2.1", "lots")
    capsys.readouterr()
    progress.export(name="Ada", folder=blocked, notebook=NAME)
    checks.RESULTS.clear()
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(f"Your submission could not be written in {blocked}") and "Traceback" not in out[-1]
    assert blocked.read_text(encoding="utf-8") == "a file where the folder should be"


def test_the_notebook_is_found_from_what_each_front_end_tells_the_kernel(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    notebook = course / "notebooks" / NAME
    notebook.write_text("{}", encoding="utf-8")
    monkeypatch.chdir(course / "notebooks")  # a kernel runs in its notebook's folder
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert progress.find_notebook({}) is None
    assert progress.find_notebook({"__vsc_ipynb_file__": str(notebook)}) == notebook.resolve()  # VS Code
    assert progress.find_notebook({"__session__": str(notebook)}) == notebook.resolve()  # IPython, from the server
    for told in (f"notebooks/{NAME}", NAME, str(notebook)):  # relative to the server's root, or absolute
        monkeypatch.setenv("JPY_SESSION_NAME", told)
        assert progress.find_notebook({}) == notebook.resolve(), told
    for wrong in ("console-1a2b", f"notebooks/{NAME}.txt", "elsewhere/other.ipynb"):  # a console; no such file
        monkeypatch.setenv("JPY_SESSION_NAME", wrong)
        assert progress.find_notebook({}) is None, wrong
