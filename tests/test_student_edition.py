"""The student edition (tools/student_edition.py) and the exercise convention of CONTRIBUTING.md.

The first tests use small teacher notebooks built in a temporary folder; the last ones cover every
course notebook ``notebooks/NN_*.ipynb``: the committed student edition is in sync, every exercise has
a solution, a stub, a registered self-check and a stored passing check. Running the student notebooks
is nbval's job: it collects ``notebooks/student/`` too and fails on any error in a cell that is run.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import checks
from tools import student_edition as se

STUDENT = se.NOTEBOOKS / "student"
TEACHERS = se.teacher_notebooks()
EXERCISE_HEADING = re.compile(r"### Exercise (\d+)\.(\d+) (★{1,3})(?!★)")

SOLUTION = """# Compute coal's share of the total, as a fraction.
# Use `coal` and `total` from above.
share = coal / total
answer_1_1 = round(share, 3)"""


def tagged(cell: nbformat.NotebookNode, *tags: str) -> nbformat.NotebookNode:
    cell.metadata["tags"] = list(tags)
    return cell


def teacher_notebook(solution: str = SOLUTION) -> nbformat.NotebookNode:
    """A small executed teacher notebook with one exercise of each kind and a teacher note."""
    check = new_code_cell('checks.check("1.1")', execution_count=3,
                          outputs=[new_output("stream", name="stdout",
                                              text="Passed — self-check 1.1: your answer is right.\n")])
    notebook = new_notebook(cells=[
        new_markdown_cell("# Coal in Shanxi"),
        new_code_cell("coal, total = 3, 4", execution_count=1),
        tagged(new_markdown_cell("### Exercise 1.1 ★★\nCoal's share?"), "exercise"),
        tagged(new_markdown_cell("<details><summary>Hint</summary>Divide.</details>"), "hint"),
        tagged(new_code_cell(solution, execution_count=2), "solution"),
        check,
        tagged(new_markdown_cell("Teachers: learners often forget to divide."), "teacher-note"),
        tagged(new_markdown_cell("### Exercise 1.2 ★★★\nDraw it."), "exercise"),
        tagged(new_code_cell("# Draw a bar chart of the shares.\nprint('figure')", execution_count=4,
                             outputs=[new_output("stream", name="stdout", text="figure\n")]), "solution"),
    ])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return notebook


@pytest.fixture
def teacher(tmp_path: Path) -> Path:
    path = tmp_path / "01_coal.ipynb"
    nbformat.write(teacher_notebook(), path)
    return path


def student_of(path: Path) -> nbformat.NotebookNode:
    return nbformat.reads(se.render(path), as_version=4)


def test_stub_keeps_the_comment_block_and_blanks_each_answer() -> None:
    assert se.stub_source(SOLUTION) == ("# Compute coal's share of the total, as a fraction.\n"
                                        "# Use `coal` and `total` from above.\n"
                                        "answer_1_1 = ...  # your answer here")
    two = "# Two values.\nanswer_2_1, answer_2_2 = 1, 2\nanswer_2_3: int = 3\nanswer_2_1 += 1"
    assert se.stub_source(two).splitlines()[1:] == [
        "answer_2_1 = ...  # your answer here", "answer_2_2 = ...  # your answer here",
        "answer_2_3 = ...  # your answer here"]
    assert se.stub_source("# Plot it.\nfor answer_x in []:\n    pass") == "# Plot it.\n# Your code here"


def test_stub_runs_and_leaves_the_answer_unanswered() -> None:
    namespace: dict = {}
    exec(se.stub_source(SOLUTION), namespace)
    assert namespace["answer_1_1"] is ...
    assert checks.ready("1.1", namespace["answer_1_1"]) is False


def test_student_edition_cells(teacher: Path) -> None:
    cells = student_of(teacher).cells
    sources = [cell.source for cell in cells]
    assert not any("forget to divide" in source for source in sources), "teacher note removed"
    assert not any("round(share" in source or "print('figure')" in source for source in sources)
    tags = [cell.metadata.get("tags", []) for cell in cells]
    assert tags == [[], [], ["exercise"], ["hint"], ["stub"], [], ["exercise"], ["stub"]]
    assert cells[3].source.startswith("<details>")
    assert cells[7].source == "# Draw a bar chart of the shares.\n# Your code here"
    for cell in cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_student_edition_metadata(teacher: Path) -> None:
    metadata = student_of(teacher).metadata
    assert "widgets" not in metadata
    assert metadata["edition"] == "student"
    assert metadata["teacher_notebook"] == "01_coal.ipynb"
    assert metadata["kernelspec"]["name"] == "python3"


def test_a_markdown_solution_is_refused(tmp_path: Path) -> None:
    notebook = teacher_notebook()
    notebook.cells.append(tagged(new_markdown_cell("The answer is 42."), "solution"))
    path = tmp_path / "02_bad.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(ValueError, match="code cell"):
        se.render(path)


def test_output_is_deterministic(teacher: Path, tmp_path: Path) -> None:
    assert se.render(teacher) == se.render(teacher)
    se.build([teacher], tmp_path / "a")
    se.build([teacher], tmp_path / "b")
    se.build([teacher], tmp_path / "b")
    for name in ("01_coal.ipynb", ".manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_manifest_records_what_was_written(teacher: Path, tmp_path: Path) -> None:
    out = tmp_path / "student"
    se.build([teacher], out)
    written = (out / "01_coal.ipynb").read_bytes()
    assert written == se.render(teacher).encode("utf-8")
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"01_coal.ipynb": hashlib.sha256(written).hexdigest()}


def change_teacher(path: Path) -> None:
    nbformat.write(teacher_notebook(SOLUTION.replace("a fraction", "a fraction (0 to 1)")), path)


def test_an_unedited_student_notebook_is_updated(teacher: Path, tmp_path: Path) -> None:
    out = tmp_path / "student"
    se.build([teacher], out)
    change_teacher(teacher)
    assert se.build([teacher], out) == [f"wrote {out / '01_coal.ipynb'}"]
    assert (out / "01_coal.ipynb").read_text(encoding="utf-8") == se.render(teacher)
    assert "(0 to 1)" in se.render(teacher)
    assert not (out / "01_coal.new.ipynb").exists()


def test_a_windows_checkout_with_crlf_counts_as_unedited(teacher: Path, tmp_path: Path) -> None:
    out = tmp_path / "student"
    se.build([teacher], out)
    student = out / "01_coal.ipynb"
    student.write_bytes(student.read_bytes().replace(b"\n", b"\r\n"))
    change_teacher(teacher)
    se.build([teacher], out)
    assert student.read_text(encoding="utf-8") == se.render(teacher)


def test_an_edited_student_notebook_is_never_overwritten(
        teacher: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "student"
    se.main([str(teacher), "--out", str(out)])
    student = out / "01_coal.ipynb"
    edited = student.read_text(encoding="utf-8").replace("answer_1_1 = ...", "answer_1_1 = 0.75")
    student.write_text(edited, encoding="utf-8")
    capsys.readouterr()

    change_teacher(teacher)
    se.main([str(teacher), "--out", str(out)])
    message = capsys.readouterr().out
    assert student.read_bytes() == edited.encode("utf-8")
    new = out / "01_coal.new.ipynb"
    assert new.read_text(encoding="utf-8") == se.render(teacher)
    assert "KEPT" in message and str(student) in message and str(new) in message

    se.main([str(teacher), "--out", str(out)])  # again: still kept, the .new file refreshed in place
    assert student.read_bytes() == edited.encode("utf-8")
    new.write_text(new.read_text(encoding="utf-8").replace("...", "1"), encoding="utf-8")
    edited_new = new.read_bytes()
    capsys.readouterr()
    se.main([str(teacher), "--out", str(out)])
    assert "NOT written" in capsys.readouterr().out
    assert student.read_bytes() == edited.encode("utf-8") and new.read_bytes() == edited_new


# The course's own notebooks ------------------------------------------------------------------------

REBUILD = "run `python3 course.py student` and commit notebooks/student/"


def exercises(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[nbformat.NotebookNode]]]:
    """(id ``N.M``, stars, the cells after the exercise prompt up to the next one) for each exercise."""
    found = []
    for i, cell in enumerate(notebook.cells):
        if "exercise" not in cell.metadata.get("tags", []):
            continue
        match = EXERCISE_HEADING.match(cell.source.strip())
        assert match, f"exercise heading must be '### Exercise N.M ★' (1-3 stars): {cell.source[:60]!r}"
        following = []
        for after in notebook.cells[i + 1:]:
            if "exercise" in after.metadata.get("tags", []):
                break
            following.append(after)
        found.append((f"{match[1]}.{match[2]}", match[3], following))
    return found


def with_tag(cells: list[nbformat.NotebookNode], tag: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in cells if tag in cell.metadata.get("tags", [])]


@pytest.mark.parametrize("teacher", TEACHERS, ids=lambda path: path.name)
def test_committed_student_edition_is_in_sync(teacher: Path) -> None:
    committed = STUDENT / teacher.name
    assert committed.exists(), f"{committed.name} is missing: {REBUILD}"
    fresh = se.render(teacher).encode("utf-8")
    assert committed.read_bytes() == fresh, f"{committed.name} is stale: {REBUILD}"


def test_committed_manifest_is_in_sync_and_nothing_is_stale(tmp_path: Path) -> None:
    if not TEACHERS:
        pytest.skip("no course notebooks yet")
    se.build(TEACHERS, tmp_path)
    assert (STUDENT / se.MANIFEST).read_bytes() == (tmp_path / se.MANIFEST).read_bytes(), REBUILD
    stale = {p.name for p in STUDENT.glob("*.ipynb")} - {p.name for p in TEACHERS}
    assert not stale, f"student notebooks without a teacher notebook (delete them): {sorted(stale)}"


@pytest.mark.parametrize("teacher", TEACHERS, ids=lambda path: path.name)
def test_every_exercise_has_a_solution_and_a_stub(teacher: Path) -> None:
    teacher_exercises = exercises(nbformat.read(teacher, as_version=4))
    student_exercises = exercises(student_of(teacher))
    assert [e[0] for e in student_exercises] == [e[0] for e in teacher_exercises]
    for (exercise, stars, cells), student in zip(teacher_exercises, student_exercises, strict=True):
        student_cells = student[2]
        solutions = with_tag(cells, "solution")
        assert solutions, f"exercise {exercise} has no following cell tagged 'solution'"
        answers = [name for cell in solutions for name in se.answer_names(cell.source)]
        expected = ["answer_" + exercise.replace(".", "_")]
        assert answers == expected or (not answers and stars == "★★★"), (
            f"exercise {exercise}'s solution must assign {expected[0]} (only a ★★★ question may assign none)")
        assert with_tag(student_cells, "stub") and not with_tag(student_cells, "solution"), exercise


@pytest.mark.parametrize("teacher", TEACHERS, ids=lambda path: path.name)
def test_every_answer_has_a_registered_check_that_passes_in_the_teacher_edition(teacher: Path) -> None:
    notebook = nbformat.read(teacher, as_version=4)
    known = checks.registered()
    for exercise, _, cells in exercises(notebook):
        answer = "answer_" + exercise.replace(".", "_")
        if not any(answer in se.answer_names(cell.source) for cell in with_tag(cells, "solution")):
            continue  # an open ★★★ question
        assert exercise in known, f"exercise {exercise} has no registered self-check in helpers/exercises/"
        call = re.compile(rf"check\(\s*[\"']{re.escape(exercise)}[\"']\s*\)")  # reads {answer} by name
        check_cells = [c for c in notebook.cells if c.cell_type == "code" and call.search(c.source)]
        assert check_cells, f"no cell runs checks.check({exercise!r})"
        assert not any(cell.metadata.get("tags") for cell in check_cells), f"check cell {exercise} is tagged"
        printed = "".join(out.get("text", "") + out.get("data", {}).get("text/plain", "")
                          for cell in check_cells for out in cell.outputs)
        assert any(line.startswith(f"Passed — self-check {exercise}") for line in printed.splitlines()), (
            f"the stored output of the check for {exercise} is not a pass: {printed.strip()!r}")


@pytest.mark.parametrize("teacher", TEACHERS, ids=lambda path: path.name)
def test_enough_exercises(teacher: Path) -> None:
    count = len(exercises(nbformat.read(teacher, as_version=4)))
    minimum = 3 if teacher.name.startswith("00_") else 5
    assert count >= minimum, f"{teacher.name} has {count} exercises; at least {minimum} are needed"


def test_exercise_ids_are_unique_across_the_course() -> None:
    ids = [e[0] for teacher in TEACHERS for e in exercises(nbformat.read(teacher, as_version=4))]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
