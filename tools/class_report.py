"""Where did the class get stuck? A per-exercise summary of the nbgrader gradebook (``python3 course.py class-report``).

The table and its Markdown, CSV and HTML forms are shared with ``python3 course.py results`` (tools/results.py),
which counts the same from files learners export without nbgrader: :func:`summarise` is the one home of the
pass rate per exercise.

Reads ``gradebook.db`` of the nbgrader course folder (after ``nbgrader autograde``) and counts, for each graded
cell of each assignment, how many students passed it (full points), how many did not yet, and how many
written answers still wait for the teacher's grade. Writes ``reports/class-report.csv``, ``.md`` and ``.html``
in the course folder and prints the Markdown table.

    python -m tools.class_report [--course DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from pathlib import Path

import pandas as pd

from tools._project import run
from tools.nbgrader_course import OUT as COURSE

STUCK_BELOW = 0.5  # a pass rate under this marks an exercise where the class got stuck
COLUMNS = ["assignment", "exercise", "part", "points", "submissions", "passed", "not_yet", "to_grade", "pass_rate"]
EXTRA = {"not_answered": "not answered", "common_mistake": "most common mistake"}  # columns only results has
_CELL = re.compile(r"(?P<part>check|written)_(?P<id>\d+(?:_\d+)*)$")
_PART = {"check": "self-check", "written": "written"}


def _exercise(cell_name: str) -> tuple[str, str]:
    """``("2.6", "written")`` for the cell ``written_2_6``; a teacher's own grade cell keeps its name."""
    match = _CELL.match(cell_name)
    if match is None:
        return cell_name, "other"
    return match["id"].replace("_", "."), _PART[match["part"]]


def _order(row: pd.Series) -> tuple:
    return (row["assignment"], [int(p) if p.isdigit() else p for p in row["exercise"].split(".")], row["part"])


def summarise(counts: list[dict]) -> pd.DataFrame:
    """The class table from one dict per exercise (the :data:`COLUMNS` but the pass rate, and any :data:`EXTRA`):
    adds ``pass_rate`` (passed ÷ submissions, a fraction) and sorts by assignment, exercise and part."""
    extra = [column for column in EXTRA if any(column in row for row in counts)]
    table = pd.DataFrame(counts, columns=COLUMNS[:-1] + extra)
    table.insert(len(COLUMNS) - 1, "pass_rate", (table["passed"] / table["submissions"]).round(3))
    if table.empty:
        return table
    return table.loc[sorted(table.index, key=lambda i: _order(table.loc[i]))].reset_index(drop=True)


def class_table(gradebook: Path) -> pd.DataFrame:
    """One row per graded cell and assignment: submissions, passed (full points), not_yet, to_grade, pass_rate."""
    from nbgrader.api import Gradebook, GradeCell  # the test lock has nbgrader; results (tools/results.py) need not

    if not gradebook.exists():
        raise FileNotFoundError(f"{gradebook} does not exist: run `nbgrader autograde ASSIGNMENT` in that folder first")
    scripts = str(Path(sys.executable).parent)  # nbgrader's Gradebook runs its `alembic` script from PATH
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    counts: dict[tuple[str, str], dict] = {}
    with Gradebook(f"sqlite:///{gradebook}") as book:
        for assignment in book.assignments:
            for submission in book.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if not isinstance(grade.cell, GradeCell):
                            continue  # a task cell has no single answer to count
                        exercise, part = _exercise(grade.name)
                        row = counts.setdefault((assignment.name, grade.name), {
                            "assignment": assignment.name, "exercise": exercise, "part": part,
                            "points": grade.max_score, "submissions": 0, "passed": 0, "not_yet": 0, "to_grade": 0})
                        row["submissions"] += 1
                        if grade.needs_manual_grade:
                            row["to_grade"] += 1
                        elif grade.score >= grade.max_score:
                            row["passed"] += 1
                        else:
                            row["not_yet"] += 1
    return summarise(list(counts.values()))


def markdown(table: pd.DataFrame) -> str:
    """The class table as Markdown; exercises under the stuck threshold are marked in words (no colour).

    Points and "to grade" are shown when the table has them (nbgrader), the :data:`EXTRA` columns when present.
    """
    graded = bool(table["points"].notna().all())  # nbgrader: show points and "to grade"
    extra = [column for column in EXTRA if column in table]
    heads = ["assignment", "exercise", "part", *(["points"] if graded else []), "passed", "not yet",
             *(["to grade"] if graded else []),
             "pass rate", *(EXTRA[column] for column in extra)]
    lines = ["| " + " | ".join(heads) + " |",
             "| " + " | ".join("---" if h in ("assignment", "exercise", "part", EXTRA["common_mistake"]) else "---:"
                               for h in heads) + " |"]
    for row in table.to_dict("records"):
        stuck = " **stuck**" if row["pass_rate"] < STUCK_BELOW and row["to_grade"] < row["submissions"] else ""
        cells = [row["assignment"], row["exercise"], row["part"], *([f"{row['points']:g}"] if graded else []),
                 f"{row['passed']} of {row['submissions']}", row["not_yet"], *([row["to_grade"]] if graded else []),
                 f"{row['pass_rate']:.0%}{stuck}", *(str(row[column]).replace("|", "\\|") for column in extra)]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines) + "\n"


def write(table: pd.DataFrame, out: Path, name: str = "class-report", after: str = "") -> list[Path]:
    """Write ``NAME.csv``, ``.md`` and ``.html`` into ``out``; return their paths. ``after`` is Markdown added
    after the table (results: the figure and its alt text)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.{ext}" for ext in ("csv", "md", "html")]
    table.to_csv(paths[0], index=False)
    title = "Class report: how many students passed each exercise"
    paths[1].write_text(f"# {title}\n\n{markdown(table)}{after}", encoding="utf-8")
    body = table.to_html(index=False, border=0, formatters={"pass_rate": "{:.0%}".format})
    paths[2].write_text(f'<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>{html.escape(title)}</title>\n'
                        f"<h1>{html.escape(title)}</h1>\n{body}\n</html>\n", encoding="utf-8")
    return paths


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=COURSE, help="the nbgrader course folder")
    parser.add_argument("--out", type=Path, help="where to write the report (default: COURSE/reports)")
    args = parser.parse_args(argv)
    try:
        table = class_table(args.course / "gradebook.db")
    except FileNotFoundError as err:
        sys.exit(f"class-report: {err}")
    if table.empty:
        sys.exit(f"class-report: {args.course / 'gradebook.db'} holds no graded submissions yet: run "
                 "`nbgrader collect` and `nbgrader autograde` first")
    print(markdown(table))
    for path in write(table, args.out or args.course / "reports"):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    run(main)
