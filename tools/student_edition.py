"""Generate the student edition of the notebooks (``python3 course.py student``).

The teacher notebooks ``notebooks/NN_topic.ipynb`` are the single source; the student edition in
``notebooks/student/`` is derived from them by cell tag (see CONTRIBUTING.md, "Exercises"):

* ``solution`` code cells become ``stub`` cells: the leading ``#`` comment block (what to write) plus
  ``answer_N_M = ...`` for each answer the solution assigns, so the self-check after it says
  "not answered yet" instead of failing;
* a ``solution`` cell also tagged ``code-task`` becomes its scaffold instead: the code with ``...`` blanks kept in
  the cell's ``scaffold`` metadata, run inside ``with checks.task("N.M"):`` so that the stub run unchanged says
  "Not answered" (tests/test_code_tasks.py checks that the scaffold is the solution with parts blanked out);
* ``teacher-note`` cells are removed; every other cell (``exercise``, ``hint``, ...) is kept;
* outputs, execution counts and saved widget state are dropped; the notebook is not executed.

Output is deterministic: the same teacher notebook always gives byte-identical student JSON.
``.manifest.json`` records the sha256 of each file as written. A student notebook edited since then
is never overwritten: the new version is written beside it as ``NN_topic.new.ipynb``.

    python -m tools.student_edition [--out DIR] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import nbformat

from tools._project import NOTEBOOKS, run, teacher_notebooks
from tools.exercise_cells import SOLUTION, TEACHER_NOTE, tags

MANIFEST = ".manifest.json"
STUB_LINE = "{name} = ...  # your answer here"
NO_ANSWER_LINE = "# Your code here"
CODE_TASK, SCAFFOLD = "code-task", "scaffold"  # a code task's solution keeps its scaffold (with ``...`` blanks) here


def answer_names(source: str) -> list[str]:
    """Names ``answer_*`` assigned at the top level of ``source``, in order of first assignment."""
    names: list[str] = []
    statements = list(ast.parse(source).body)
    for block in [s for s in statements if isinstance(s, ast.With)]:  # a code task: ``with checks.task(...)``
        statements.extend(block.body)
    for statement in statements:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets = [statement.target]
        else:
            continue
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name) and node.id.startswith("answer_") and node.id not in names:
                    names.append(node.id)
    return names


def stub_source(solution: str) -> str:
    """The student stub for a solution cell: its leading comment block, then one ``...`` per answer."""
    lines = solution.strip().splitlines()
    comments: list[str] = []
    for line in lines:
        if not line.lstrip().startswith("#"):
            break
        comments.append(line.rstrip())
    names = answer_names(solution)
    body = [STUB_LINE.format(name=name) for name in names] if names else [NO_ANSWER_LINE]
    return "\n".join(comments + body)


def student_cell(cell: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The student version of one teacher cell, or None when the cell is removed."""
    cell_tags = tags(cell)
    if TEACHER_NOTE in cell_tags:
        return None
    if SOLUTION in cell_tags and cell.cell_type != "code":
        raise ValueError(f"a solution cell must be a code cell, not {cell.cell_type}: {cell.source[:60]!r}")
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        if SOLUTION in cell_tags:
            scaffold = cell.metadata.pop(SCAFFOLD, None)
            cell.source = scaffold if CODE_TASK in cell_tags and scaffold else stub_source(cell.source)
            cell.metadata["tags"] = ["stub" if tag == SOLUTION else tag for tag in cell_tags]
        cell.outputs = []
        cell.execution_count = None
    return cell


def to_student(teacher: nbformat.NotebookNode, source_name: str) -> nbformat.NotebookNode:
    """The student edition of a teacher notebook (read from the file named ``source_name``)."""
    student = copy.deepcopy(teacher)
    student.cells = [cell for cell in map(student_cell, teacher.cells) if cell is not None]
    student.metadata.pop("widgets", None)
    student.metadata["edition"] = "student"
    student.metadata["teacher_notebook"] = source_name
    return student


def render(teacher_path: Path) -> str:
    """The exact text of the student edition of ``teacher_path`` (nbformat's sorted JSON, final newline)."""
    teacher = nbformat.read(teacher_path, as_version=4)
    try:
        student = to_student(teacher, teacher_path.name)
    except (SyntaxError, ValueError) as err:
        err.add_note(f"while making the student edition of {teacher_path}")
        raise
    return render_text(student)


def render_text(notebook: nbformat.NotebookNode) -> str:
    """A notebook as deterministic text: nbformat's sorted JSON with a final newline."""
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def digest(data: bytes) -> str:
    """sha256 of a file's bytes, ignoring CRLF line endings (as a Windows git checkout may write them)."""
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def _unedited(path: Path, manifest: dict[str, str], text: str) -> bool:
    """True when writing ``text`` to ``path`` loses no one's work: absent, as generated, or identical."""
    if not path.exists():
        return True
    current = digest(path.read_bytes())
    return current in (manifest.get(path.name), digest(text.encode("utf-8")))


def _show(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, for messages."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def write_safely(path: Path, text: str, manifest: dict[str, str]) -> str:
    """Write ``text`` to ``path`` unless the file there was edited since generation; return a message.

    An edited file is kept as it is and the new version goes beside it as ``<stem>.new.ipynb``
    (unless that one was edited too, in which case nothing is written). ``manifest`` is updated.
    """
    for target in (path, path.with_suffix(".new.ipynb")):
        if _unedited(target, manifest, text):
            target.write_bytes(text.encode("utf-8"))
            manifest[target.name] = digest(text.encode("utf-8"))
            if target == path:
                return f"wrote {_show(path)}"
            return (f"KEPT {_show(path)}: it was edited since it was generated, so it was not overwritten. "
                    f"The new version is {_show(target)}; compare the two, keep your work, delete the other.")
    return (f"KEPT {_show(path)} and {_show(target)}: both were edited, so the new version was NOT written. "
            f"Rename or delete {_show(target)} and run this again.")


def _manifest(path: Path) -> tuple[dict[str, str], str | None]:
    """The manifest at ``path`` (empty when absent) and a warning line when it is damaged."""
    if not path.exists():
        return {}, None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and all(isinstance(v, str) for v in manifest.values()):
            return manifest, None
        problem = "not a map of file names to hashes"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        problem = str(err).splitlines()[0] if str(err) else type(err).__name__
    return {}, (f"WARNING {_show(path)} is damaged ({problem}), so it cannot tell which student notebooks were "
                f"edited: every one that differs from the new edition is kept as if edited. A new manifest is "
                f"written.")


def generate(teachers: list[Path], out: Path) -> Iterator[str]:
    """Write the student edition of each of ``teachers`` into ``out``, yielding one message per notebook as it
    goes (so KEPT lines are shown even if a later step fails), then one for the manifest if it cannot be saved."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        yield f"NOT WRITTEN: the folder {_show(out)} cannot be created ({err.strerror}); choose another with --out."
        return
    manifest_path = out / MANIFEST
    manifest, warning = _manifest(manifest_path)
    if warning:
        yield warning
    for teacher in teachers:
        target = out / teacher.name
        try:
            yield write_safely(target, render(teacher), manifest)
        except PermissionError:
            kept = "your notebook there is kept as it is" if target.exists() else "nothing was written"
            yield (f"NOT WRITTEN {_show(target)}: {_show(out)} is read-only for you (permission denied), so {kept}. "
                   f"Make the folder writable, or write elsewhere with --out DIR.")
        except OSError as err:
            yield f"NOT WRITTEN {_show(target)}: {err.strerror}; nothing there was changed."
    manifest = {name: sha for name, sha in sorted(manifest.items()) if (out / name).exists()}
    try:
        manifest_path.write_bytes((json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    except OSError as err:
        yield (f"NOT WRITTEN {_show(manifest_path)} ({err.strerror}): the next run will treat every student "
               f"notebook there as edited and keep it.")


def build(teachers: list[Path], out: Path) -> list[str]:
    """Write the student edition of each of ``teachers`` into ``out``; return one message per notebook."""
    return list(generate(teachers, out))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="teacher notebooks (default: all NN_*.ipynb)")
    parser.add_argument("--out", type=Path, default=NOTEBOOKS / "student", help="output folder")
    args = parser.parse_args(argv)
    failed = False
    for message in generate(args.notebooks or teacher_notebooks(), args.out):
        print(message, flush=True)
        failed = failed or message.startswith("NOT WRITTEN")
    return 1 if failed else 0


if __name__ == "__main__":
    run(main)
