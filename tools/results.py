"""How did the class do, without nbgrader? ``python3 course.py results FOLDER`` reads the files learners handed in.

Each file directly in FOLDER that ``checks.export()`` wrote (helpers/progress.py) counts; any other file (damaged,
foreign, unreadable) is listed by name with what is wrong with it and skipped. A learner who exported a notebook
more than once counts with the latest export. Writes into ``FOLDER/class-results/`` (or ``--out``):

* ``class-results.csv``: one row per learner, one column per exercise with the course's status word (Passed,
  Not yet, Not answered, Cannot check; empty where the learner handed in no file for that notebook), and a last
  row ``pass rate``: the fraction of the learners who handed in that notebook whose answer passed;
* ``class-report.csv``, ``.md``, ``.html``: one row per exercise, the table of ``course.py class-report``
  (tools/class_report.py) with "not answered" and the most common registered mistake (the feedback line the
  course gave for it, with how many learners made it);
* ``class-results.png``: the pass rate per exercise with that mistake beside each bar; its alt text is in the
  PNG (``Description``), in ``class-report.md`` and printed.

    python -m tools.results FOLDER [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pandas as pd

from helpers import checks
from helpers.progress import SubmissionError, read_submission
from tools import class_report
from tools._project import run

OUT = "class-results"
MISTAKE_CHARS = 95  # of a mistake's feedback line beside its bar


def collect(folder: Path) -> tuple[list[dict], list[tuple[str, str]]]:
    """The latest submission per learner and notebook in ``folder``, and (file name, what is wrong) per bad file."""
    latest: dict[tuple[str, str], dict] = {}
    problems = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            data = read_submission(path)
        except SubmissionError as err:
            problems.append((path.name, str(err)))
            continue
        data["learner"] = data["learner"] or path.stem  # no name given: the file's name stands for the learner
        data["file"] = path.name
        key = (data["learner"], data["notebook"])
        if key not in latest or data["exported_at"] > latest[key]["exported_at"]:
            latest[key] = data
    return list(latest.values()), problems


def _key(exercise: str) -> list:
    return [int(p) if p.isdigit() else p for p in exercise.split(".")]


def summary(submissions: list[dict]) -> pd.DataFrame:
    """One row per exercise (class_report's table): passed, not yet, not answered, pass rate, common mistake."""
    counts: dict[tuple[str, str], dict] = {}
    mistakes: dict[tuple[str, str], Counter] = {}
    for data in submissions:
        for row in data["exercises"]:
            key = (data["notebook"], row["exercise"])
            count = counts.setdefault(key, {"assignment": key[0], "exercise": key[1], "part": "self-check",
                                            "points": None, "submissions": 0, "passed": 0, "not_yet": 0,
                                            "to_grade": 0, "not_answered": 0})
            count["submissions"] += 1
            if row["status"] == checks.PASSED:
                count["passed"] += 1
            elif row["status"] == checks.NOT_ANSWERED:
                count["not_answered"] += 1
            else:  # Not yet, Cannot check
                count["not_yet"] += 1
            if isinstance(row.get("mistake"), str):
                mistakes.setdefault(key, Counter())[row["mistake"]] += 1
    for key, count in counts.items():
        common = sorted(mistakes.get(key, Counter()).items(), key=lambda item: (-item[1], item[0]))
        count["common_mistake"] = f"{common[0][0]} ({common[0][1]} of {count['submissions']})" if common else ""
    return class_report.summarise(list(counts.values()))


def learner_table(submissions: list[dict], table: pd.DataFrame) -> pd.DataFrame:
    """Learner × exercise status words, then a ``pass rate`` row taken from :func:`summary`'s table."""
    exercises = sorted({row["exercise"] for data in submissions for row in data["exercises"]}, key=_key)
    learners: dict[str, dict] = {}
    for data in sorted(submissions, key=lambda d: (d["learner"].casefold(), d["notebook"])):
        entry = learners.setdefault(data["learner"], {"learner": data["learner"], "files": []})
        entry["files"].append(data["file"])
        entry.update({row["exercise"]: row["status"] for row in data["exercises"]})
    rows = [{**entry, "files": "; ".join(entry["files"])} for entry in learners.values()]
    rates = dict(zip(table["exercise"], table["pass_rate"], strict=True))
    rows.append({"learner": "pass rate", "files": "", **{e: rates[e] for e in exercises}})
    return pd.DataFrame(rows, columns=["learner", "files", *exercises]).fillna("")


def figure(table: pd.DataFrame, source: str) -> tuple[object, str]:
    """The pass rate per exercise (bars, %) with each exercise's counts and most common mistake beside it; and its
    alt text. Exercises under class_report's stuck threshold are hatched (legible without colour)."""
    import matplotlib.pyplot as plt

    from helpers import plots

    plots.setup()
    row_in = 0.62  # inches per exercise
    top_in, bottom_in = 0.6, 1.0  # title; axis label and source line
    height = top_in + bottom_in + row_in * len(table)
    fig, ax = plt.subplots(figsize=(12, height), layout="none")
    fig.subplots_adjust(left=0.06, right=0.40, top=1 - top_in / height, bottom=bottom_in / height)
    stuck = table["pass_rate"] < class_report.STUCK_BELOW
    bars = ax.barh(table["exercise"], 100 * table["pass_rate"], color=plots.palette()[0],
                   hatch=["//" if s else "" for s in stuck], edgecolor="black", linewidth=0.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("learners whose last self-check passed (%)")
    ax.set_ylabel("exercise")
    fig.suptitle(f"Pass rate per exercise, {table['submissions'].max()} learners (hatched: under "
                 f"{class_report.STUCK_BELOW:.0%}, where the class got stuck)", x=0.01, ha="left")
    for bar, row in zip(bars, table.to_dict("records"), strict=True):
        counts = (f"{row['pass_rate']:.0%}: {row['passed']} of {row['submissions']} passed, {row['not_yet']} not yet, "
                  f"{row['not_answered']} not answered")
        mistake = (f"\nmost common mistake: {textwrap.shorten(row['common_mistake'], MISTAKE_CHARS, placeholder='...')}"
                   if row["common_mistake"] else "")
        ax.text(102, bar.get_y() + bar.get_height() / 2, counts + mistake, va="center",
                fontsize=plots.MIN_TEXT_PT, clip_on=False)
    fig.text(0.01, 0.01, f"Source: {source}", fontsize=plots.MIN_TEXT_PT, ha="left", va="bottom")
    parts = [f"{row['exercise']} {row['pass_rate']:.0%}" + (f" (most common mistake: {row['common_mistake']})"
                                                          if row["common_mistake"] else "")
             for row in table.to_dict("records")]
    alt = ("Horizontal bar chart of the share of learners whose last self-check passed, per exercise: "
           + "; ".join(parts) + ".")
    return fig, alt


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder of submission files (from checks.export())")
    parser.add_argument("--out", type=Path, help=f"where to write the results (default: FOLDER/{OUT})")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"results: {args.folder} is not a folder: give the folder that holds the files learners handed in")
    submissions, problems = collect(args.folder)
    for name, problem in problems:
        print(f"skipped {name}: {problem}")
    if not submissions:
        sys.exit(f"results: {args.folder} holds no submission file from checks.export() "
                 f"({len(problems)} other file(s)): put the files learners handed in there")
    table = summary(submissions)
    out = args.out or args.folder / OUT
    out.mkdir(parents=True, exist_ok=True)
    fig, alt = figure(table, f"{len(submissions)} submission files from checks.export(), folder "
                             f"{args.folder.resolve().name}")
    png = out / "class-results.png"
    fig.savefig(png, dpi=100, metadata={"Title": "Pass rate per exercise", "Description": alt})
    learner_table(submissions, table).to_csv(out / "class-results.csv", index=False)
    print(class_report.markdown(table))
    written = class_report.write(table, out, after=f"\n![{alt}]({png.name})\n\nAlt text: {alt}\n")
    for path in [out / "class-results.csv", *written, png]:
        print(f"wrote {path}")
    print(f"{len(submissions)} submission(s) read, {len(problems)} file(s) skipped. Figure's alt text: {alt}")
    return 0


if __name__ == "__main__":
    run(main)
