"""Where a learner stands, and a file to hand in: ``checks.report()`` and ``checks.export()``.

Every self-check a learner runs keeps its last feedback in :data:`helpers.checks.RESULTS` (and the answer it
judged). :func:`report` shows, for the notebook the kernel runs, one line per exercise with the course's words,
"Passed", "Not yet", "Not answered" (also: its check has not run yet) or "Cannot check": a table in Jupyter, plain
text elsewhere, legible with no colour and no emoji font.

:func:`export` writes one HTML file to hand in by any channel (e-mail, a shared drive, a learning platform):
the learner's name if given, the notebook, the course version, the time, the same table, then the notebook itself
as saved (converted by nbconvert), and in a ``<script type="application/json">`` block the answers and check
results per exercise, including which registered common mistake an answer made. ``python3 course.py results
FOLDER`` (tools/results.py) reads a folder of these files with :func:`read_submission`. An export never
overwrites an earlier one: the second is ``...-submission-2.html``.

Nothing here imports a display stack until a function is called (IPython for the display, nbconvert for the
notebook's HTML).
"""

from __future__ import annotations

import datetime as dt
import decimal
import html
import json
import math
import numbers
import os
import re
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import checks

__all__ = ["FORMAT", "SubmissionError", "export", "find_notebook", "read_submission", "report", "rows"]

FORMAT = "shanxi-in-transition submission"  # the "format" of a submission's JSON block
FORMAT_VERSION = 1
DATA_ID = "course-submission"  # the id of the <script> element that holds it
FOLDER = "submissions"  # written beside the notebook unless ``export(folder=...)`` says where
NOT_RUN = "its self-check has not run in this session yet"
MESSAGE_CHARS = 100  # of a feedback line, in the plain-text report (the HTML shows it whole)
ANSWER_CHARS = 2000  # of an answer's text in the submission (a table's first rows)
_NOTEBOOK = re.compile(r"^(?P<number>\d\d)_[\w-]+$")
_LEAD = re.compile(r"^(self-check|exercise) [\d.]+: ")  # a feedback line's "self-check 1.2: ", said by its row


class SubmissionError(ValueError):
    """A file that is not a readable course submission; the message says what is wrong with it."""


def _notebook_number(name: str | None) -> str | None:
    """``"1"`` for ``01_energy_transition``: the exercise prefix of a course notebook's name, else None."""
    match = _NOTEBOOK.match(Path(name).stem) if name else None
    return str(int(match["number"])) if match else None


def find_notebook(namespace: Mapping[str, Any] | None = None) -> Path | None:
    """The notebook file this kernel runs, or None when no front end says which.

    Asked in turn: VS Code's ``__vsc_ipynb_file__``; IPython's ``__session__`` and Jupyter Server's
    ``JPY_SESSION_NAME`` (an absolute path, or one relative to the server's root: tried against the kernel's
    working folder, which is the notebook's, and its parents). Only an existing ``.ipynb`` file counts.
    """
    namespace = namespace or {}
    for given in (namespace.get("__vsc_ipynb_file__"), namespace.get("__session__"),
                  os.environ.get("JPY_SESSION_NAME")):
        if not isinstance(given, str) or not given.endswith(".ipynb"):
            continue
        path = Path(given)
        here = Path.cwd()
        for candidate in ([path] if path.is_absolute() else
                          [here / path.name, *(folder / path for folder in (here, *here.parents))]):
            if candidate.is_file():
                return candidate.resolve()
    return None


def _shell_namespace() -> Mapping[str, Any]:
    """The notebook's namespace when running in IPython, else an empty one (a script, a test)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def _exercises(number: str) -> list[str]:
    return [e for e in checks.registered() if e.split(".")[0] == number]


def _which(notebook: str | Path | None) -> tuple[str | None, str, Path | None]:
    """The notebook's exercise prefix, name and file (None if not found): given, found from the kernel, or else
    the notebook of the exercise checked last."""
    path = Path(notebook) if notebook is not None else find_notebook(_shell_namespace())
    number = _notebook_number(path.name) if path is not None else None
    if number is None and notebook is not None and str(notebook).isdigit():
        number, path = str(int(str(notebook))), None
    if number is None and checks.RESULTS:
        number = next(reversed(checks.RESULTS)).split(".")[0]
    name = path.stem if path is not None else f"notebook-{number}"
    return number, name, path if path is not None and path.is_file() else None


def rows(number: str) -> list[dict[str, Any]]:
    """One row per exercise of notebook ``number`` (``"1"``): its status word, last feedback and answer."""
    out = []
    for exercise in _exercises(number):
        feedback, answer = checks.RESULTS.get(exercise, (None, None))
        if feedback is None:
            out.append({"exercise": exercise, "status": checks.NOT_ANSWERED, "message": NOT_RUN, "mistake": None,
                        "answer": None})
        else:
            detail = _LEAD.sub("", feedback.message[len(feedback.status):].lstrip(" —"))
            out.append({"exercise": exercise, "status": feedback.status, "message": detail,
                        "mistake": feedback.mistake, "answer": _answer(answer)})
    return out


def _answer(value: Any) -> Any:
    """An answer as JSON: a number or text as it is, a table as its first rows in text, anything else named."""
    if value is None or value is ... or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | str):
        return value[:ANSWER_CHARS] if isinstance(value, str) else value
    if isinstance(value, numbers.Real | decimal.Decimal):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if isinstance(value, pd.Series | pd.DataFrame):
        return f"a {type(value).__name__} of shape {value.shape}:\n{value.to_string(max_rows=12)}"[:ANSWER_CHARS]
    return f"a {type(value).__module__.split('.')[0]} {type(value).__name__}"


def _counts(table: list[dict[str, Any]]) -> str:
    words = [checks.PASSED, checks.NOT_YET, checks.NOT_ANSWERED, checks.CANNOT_CHECK]
    found = [f"{sum(r['status'] == w for r in table)} {w.lower()}" for w in words]
    return ", ".join(part for part in found if not part.startswith("0 ") or "passed" in part)


def _html_table(table: list[dict[str, Any]]) -> str:
    lines = ['<table class="course-progress"><thead><tr><th>Exercise</th><th>Status</th>'
             "<th>What the last check said</th></tr></thead><tbody>"]
    for row in table:
        colour = checks.COLOURS[row["status"]]
        lines.append(f"<tr><td>{row['exercise']}</td><td><strong style=\"color:{colour}\">{row['status']}"
                     f"</strong></td><td style=\"text-align:left\">{html.escape(row['message'])}</td></tr>")
    return "\n".join([*lines, "</tbody></table>"])


class Progress:
    """The progress table of one notebook: plain text, and an HTML table in Jupyter."""

    def __init__(self, notebook: str, table: list[dict[str, Any]]) -> None:
        self.notebook, self.table = notebook, table

    @property
    def headline(self) -> str:
        return f"Your progress in {self.notebook} ({len(self.table)} exercises): {_counts(self.table)}."

    def __str__(self) -> str:
        lines = [self.headline, f"  {'Exercise':<9}{'Status':<14}What the last check said"]
        for row in self.table:
            message = row["message"]
            message = message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS - 3] + "..."
            lines.append(f"  {row['exercise']:<9}{row['status']:<14}{message}")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": str(self),
                "text/html": f"<p>{html.escape(self.headline)}</p>\n{_html_table(self.table)}"}


_UNKNOWN = ("Cannot check — this kernel cannot tell which notebook it runs and no self-check has run yet: run "
            "an exercise's check, or name the notebook, e.g. checks.report(\"01_energy_transition.ipynb\").")


def report(notebook: str | Path | None = None) -> None:
    """Show the learner's progress in this notebook (or ``notebook``): one line per exercise, never raises."""
    number, name, _ = _which(notebook)
    if number is None or not _exercises(number):
        print(_UNKNOWN)
        return
    progress = Progress(name, rows(number))
    checks._display(progress, str(progress))


def _course_version() -> str:
    try:
        return metadata.version("shanxi-in-transition")
    except metadata.PackageNotFoundError:
        return "unknown"


def _notebook_html(path: Path | None) -> tuple[str, str | None]:
    """The saved notebook as a standalone HTML page (nbconvert), or "" and the one line that says why not."""
    if path is None:
        return "", ("this kernel could not tell which notebook file it runs, so the file holds your answers and "
                    "check results only: hand in your .ipynb file as well")
    try:
        from nbconvert import HTMLExporter
        page, _ = HTMLExporter(template_name="lab").from_filename(str(path))
    except Exception as err:  # a notebook saved half-way, a missing template: the answers are still written
        return "", f"{path.name} could not be converted to HTML ({type(err).__name__}), so hand it in as well"
    return page, None


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip(), flags=re.UNICODE).strip("-").lower()[:40]


def _new_file(folder: Path, stem: str) -> tuple[Path, Any]:
    """Create ``stem-submission.html`` in ``folder``, or ``-2``, ``-3`` ...: never an existing file."""
    for count in range(1, 10_000):
        path = folder / f"{stem}-submission{'' if count == 1 else f'-{count}'}.html"
        try:
            return path, path.open("x", encoding="utf-8")
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder} holds 9,999 submissions of {stem}: move some away")


def export(name: str = "", folder: str | Path | None = None, notebook: str | Path | None = None) -> None:
    """Write this notebook's submission file (answers, check results, the notebook as HTML); say where in one line.

    ``name`` is the learner's name as the teacher should see it; ``folder`` defaults to ``submissions/`` beside
    the notebook; ``notebook`` (a file name) when the kernel cannot tell. Never raises: a file that cannot be
    written is one line saying why.
    """
    number, stem, path = _which(notebook)
    if number is None or not _exercises(number):
        print(_UNKNOWN.replace("checks.report", "checks.export"))
        return
    table = rows(number)
    page, missing = _notebook_html(path)
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "course_version": _course_version(),
            "notebook": stem, "learner": name.strip(), "exported_at": dt.datetime.now(dt.UTC).isoformat(
                timespec="milliseconds"), "notebook_html": bool(page), "exercises": table}
    target = Path(folder) if folder is not None else (path.parent if path else Path.cwd()) / FOLDER
    try:
        target.mkdir(parents=True, exist_ok=True)
        written, handle = _new_file(target, "-".join(filter(None, [stem, _slug(name)])))
        with handle:
            handle.write(_page(data, table, page))
    except OSError as err:
        print(f"Your submission could not be written in {target} ({err.strerror or err}): give a folder you "
              f"can write to, e.g. checks.export(name=\"{name}\", folder=\"..\").")
        return
    if missing:
        print(f"Note: {missing}.")
    print(f"Your submission is written to {written.resolve()} (hand in this file).")


def _page(data: dict[str, Any], table: list[dict[str, Any]], notebook_page: str) -> str:
    """The submission file: who, what and when, the progress table, the notebook, then the data as JSON."""
    who = data["learner"] or "(no name given)"
    title = f"Submission: {data['notebook']}, {who}"
    block = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    frame = (f'<iframe title="The notebook as handed in" style="width:100%;height:80vh;border:1px solid #999" '
             f'srcdoc="{html.escape(notebook_page, quote=True)}"></iframe>' if notebook_page else
             "<p>The notebook itself is not included (see the note shown when it was exported).</p>")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head>\n<body>\n<h1>{html.escape(title)}</h1>\n<p>Notebook {html.escape(data['notebook'])}, course "
            f"version {html.escape(data['course_version'])}, exported {data['exported_at']} (UTC).</p>\n"
            f"<p>{len(table)} exercises: {html.escape(_counts(table))}.</p>\n{_html_table(table)}\n{frame}\n"
            f"{_OPEN}\n{block}\n</script>\n</body></html>\n")


_OPEN = f'<script type="application/json" id="{DATA_ID}">'
_KEYS = {"format": str, "notebook": str, "learner": str, "exported_at": str, "exercises": list}


def read_submission(path: Path) -> dict[str, Any]:
    """The data of a submission file :func:`export` wrote; :class:`SubmissionError` says what is wrong if not."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SubmissionError("not a course submission (not a text file)") from None
    except OSError as err:
        raise SubmissionError(f"cannot be read ({err.strerror})") from None
    start = text.find(_OPEN)
    if start < 0:
        raise SubmissionError("not a course submission (it has no answers block from checks.export())")
    end = text.find("</script>", start)
    if end < 0:
        raise SubmissionError("damaged: the file is cut off inside its answers block (ask for it again)")
    try:
        data = json.loads(text[start + len(_OPEN):end])
    except json.JSONDecodeError as err:
        raise SubmissionError(f"damaged: its answers block is not valid JSON (line {err.lineno} of the block); "
                              "ask for the file again") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SubmissionError("not a course submission (its answers block is of another format)")
    wrong = [key for key, kind in _KEYS.items() if not isinstance(data.get(key), kind)]
    bad_rows = [r for r in data.get("exercises") or [] if not isinstance(r, dict)
                or not isinstance(r.get("exercise"), str) or r.get("status") not in checks.COLOURS]
    if wrong or bad_rows:
        raise SubmissionError(f"damaged: its answers block lacks or garbles {', '.join(wrong) or 'exercise rows'}")
    return data
