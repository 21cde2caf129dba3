"""Estimate how long each notebook takes, section by section, and write the times where learners and teachers read
them (``python3 course.py pacing``).

The pacing model (minutes for a learner working alone or in a pair, running every cell):

* reading: every word of learner-facing Markdown (teacher notes excluded) at :data:`WORDS_PER_MINUTE`;
* a code cell to read, run and look at: :data:`CODE_CELL_MIN`; a self-check cell: :data:`CHECK_CELL_MIN`;
* an explorer (a cell showing a ``*_explorer``): :data:`EXPLORER_MIN` to try its controls and answer its questions;
* an exercise by tier (★, ★★, ★★★ in its heading): :data:`EXERCISE_MIN`, its hint and solution cell included;
* an open question (each **Think!**, and each written part with a "Your answer" cell): :data:`OPEN_QUESTION_MIN`.

A section is a level-2 heading (``## …``) and everything up to the next one; the cells before the first heading
form "Introduction". A section is *optional* when its heading says "(optional)" or it holds a cell tagged
``optional``. The tool writes the times into each notebook's header (the text after ``**Estimated time:**``),
into ``notebooks/README.md`` and into ``docs/teachers-guide.md`` (between ``<!-- pacing:start -->`` and
``<!-- pacing:end -->``), and ``--check`` reports any place that disagrees with the model without writing. The same
run rewrites the course index's practice listing (coding tasks, quick checks, exercises at the end, explorers with
a predict-first cell) from the notebooks: see :mod:`tools.course_index`.

    python -m tools.pacing [--check]
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from tools import course_index
from tools._project import NOTEBOOKS, ROOT, run, teacher_notebooks

WORDS_PER_MINUTE = 120  # careful reading of technical text with numbers, often in a second language
CODE_CELL_MIN = 1.5  # read the code, run it, read the table or figure it shows
CHECK_CELL_MIN = 0.5  # run a self-check and read its one line
EXPLORER_MIN = 8.0  # try the controls, answer the guiding questions
EXERCISE_MIN = {1: 3.0, 2: 7.0, 3: 15.0}  # by tier: ★ read a value, ★★ compute, ★★★ open question or own code
OPEN_QUESTION_MIN = 3.0  # think, write two or three sentences, compare with the model answer
RECOMMENDED_ORDER = ("00", "02", "03", "01", "04")  # rising in difficulty (see the teacher's guide)

README = NOTEBOOKS / "README.md"
GUIDE = ROOT / "docs" / "teachers-guide.md"
START, END = "<!-- pacing:start -->", "<!-- pacing:end -->"
HEADER_TIME = re.compile(r"\*\*Estimated time:\*\*.*?(?=\*\*Prerequisites:\*\*|\Z)", re.DOTALL)
STARS = re.compile(r"^### Exercise [\d.]+ (★+)", re.MULTILINE)
EXPLORER_SHOWN = re.compile(r"^\w+_explorer\s*$")


@dataclass(frozen=True)
class Section:
    """One ``##`` section: its heading (without ``##``), minutes (unrounded) and whether it is optional."""

    title: str
    minutes: float
    optional: bool


@dataclass(frozen=True)
class Pacing:
    """A notebook's sections and its total minutes (with and without the optional sections)."""

    notebook: str
    sections: tuple[Section, ...]

    @property
    def total(self) -> int:
        return round_total(sum(s.minutes for s in self.sections))

    @property
    def core(self) -> int:
        return round_total(sum(s.minutes for s in self.sections if not s.optional))


def round_total(minutes: float) -> int:
    """A total rounded up to the next 5 minutes (a plan needs the time, not less)."""
    return int(5 * math.ceil(minutes / 5 - 1e-9))


def words(text: str) -> int:
    """Words of Markdown as a reader sees them: HTML tags, link targets and code fences' markers dropped."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def cell_minutes(cell: dict) -> float:
    """Minutes one cell takes under the model."""
    source = "".join(cell["source"])
    tags = cell.get("metadata", {}).get("tags", [])
    if "teacher-note" in tags:
        return 0.0
    if cell["cell_type"] == "markdown":
        minutes = words(source) / WORDS_PER_MINUTE
        minutes += sum(EXERCISE_MIN[min(len(stars), 3)] for stars in STARS.findall(source))
        minutes += OPEN_QUESTION_MIN * source.count("**Think!**")
        return minutes
    if "solution" in tags or not source.strip():
        return 0.0  # an exercise's own cell: counted in its tier
    if source.strip().startswith("checks.check("):
        return CHECK_CELL_MIN
    lines = [line for line in source.strip().splitlines() if not line.startswith("#")]
    if lines and EXPLORER_SHOWN.match(lines[-1]):
        return EXPLORER_MIN
    return CODE_CELL_MIN


def _written_parts(cells: list[dict]) -> set[int]:
    """Indexes of "Your answer" cells that follow no **Think!** (a written task of their own)."""
    found = set()
    for i, cell in enumerate(cells):
        if "answer" in cell.get("metadata", {}).get("tags", []) and i and "**Think!**" not in "".join(
                cells[i - 1]["source"]):
            found.add(i)
    return found


def pace(path: Path) -> Pacing:
    """The model's minutes for each ``##`` section of the notebook at ``path``."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    written = _written_parts(cells)
    sections: list[list] = [["Introduction", 0.0, False]]
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        heading = next((line[3:].strip() for line in source.splitlines() if line.startswith("## ")), None)
        if cell["cell_type"] == "markdown" and heading:
            sections.append([heading, 0.0, "(optional)" in heading.lower()])
        sections[-1][1] += cell_minutes(cell) + (OPEN_QUESTION_MIN if i in written else 0.0)
        sections[-1][2] |= "optional" in cell.get("metadata", {}).get("tags", [])
    parts = tuple(Section(t, m, o) for t, m, o in sections if m > 0 or t != "Introduction")
    return Pacing(path.stem, parts)


def _minutes(value: float) -> str:
    return f"{max(1, round(value))} min"


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{minutes} minutes" if not hours else f"{minutes} minutes ({hours} h {rest:02d})"


def header_text(pacing: Pacing) -> str:
    """The text after **Estimated time:** in a notebook's header: the total and each section, cumulative."""
    elapsed, parts = 0.0, []
    for section in pacing.sections:
        elapsed += section.minutes
        mark = " *(optional)*" if section.optional else ""
        parts.append(f"{section.title}{mark} {_minutes(section.minutes)} (→ {round(elapsed)})")
    core = f"; {pacing.core} without the optional sections" if pacing.core != pacing.total else ""
    return (f"**Estimated time:** {_hours(pacing.total)} working alone{core}. Per section, with the running "
            f"total in minutes: " + " · ".join(parts) + ". (Pacing model: teacher's guide, section 3.)\n")


def course_table(pacings: list[Pacing]) -> str:
    """The README's table: each notebook's total, without optional sections, and the number of sections."""
    rows = ["| notebook | time (model) | without optional sections | sections |", "| --- | --- | --- | --- |"]
    rows += [f"| `{p.notebook}` | {p.total} min | {p.core} min | {len(p.sections)} |" for p in pacings]
    total = sum(p.total for p in pacings)
    rows.append(f"| **course** | **{total} min ({total // 60} h {total % 60:02d})** | "
                f"{sum(p.core for p in pacings)} min | |")
    order = " → ".join(RECOMMENDED_ORDER)
    return ("\n".join(rows) + f"\n\nRecommended order, rising in difficulty: **{order}**. Times come from the pacing "
            "model of `tools/pacing.py` (`python3 course.py pacing`), stated in the teacher's guide.\n")


def guide_text(pacings: list[Pacing]) -> str:
    """The teacher's guide's pacing section: the model, then every notebook's sections with cumulative times."""
    tiers = ", ".join(f"{'★' * k} {v:g}" for k, v in EXERCISE_MIN.items())
    lines = [
        f"**The pacing model.** Reading {WORDS_PER_MINUTE} words a minute (learner text only, teacher notes left "
        f"out); {CODE_CELL_MIN:g} min per code cell (read, run, read the output); {CHECK_CELL_MIN:g} min per "
        f"self-check; {EXPLORER_MIN:g} min per explorer; exercises by tier: {tiers} min; {OPEN_QUESTION_MIN:g} min "
        "per open question (each **Think!** and each written part). It models one learner or pair working through "
        "everything; a class that discusses takes longer, a class that skips the optional sections less. "
        "`tests/test_pacing.py` checks that the notebooks, the course index and this guide agree with it.",
        "",
        course_table(pacings),
    ]
    for p in pacings:
        lines += ["", f"**{p.notebook}**: about {p.total} min ({p.core} without optional sections).", "",
                  "| section | minutes | running total |", "| --- | --- | --- |"]
        elapsed = 0.0
        for s in p.sections:
            elapsed += s.minutes
            lines.append(f"| {s.title}{' *(optional)*' if s.optional else ''} | {round(s.minutes)} | "
                         f"{round(elapsed)} |")
    return "\n".join(lines) + "\n"


def _with_totals(text: str, pacings: list[Pacing], patterns: tuple[str, ...]) -> str:
    """``text`` with each notebook's total put into every place ``patterns`` find (``{name}``, ``{number}``)."""
    for pacing in pacings:
        for pattern in patterns:
            regex = pattern.format(name=re.escape(pacing.notebook), number=pacing.notebook[:2])
            text = re.sub(regex, lambda m, total=pacing.total: f"{m.group(1)}{total}{m.group(2)}", text)
    return text


INDEX_TOTALS = (r"(\| {number} \| `{name}\.ipynb` \| [^|\n]*\| )\d+( min \|)",  # the table at the top
                r"(`{name}\.ipynb` · \*\*)\d+( minutes\*\*)")  # each notebook's section
GUIDE_TOTALS = (r"(### {number} · [^\n]*\()\d+( minutes of material\))",)


def _between_markers(text: str, body: str, where: Path) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"{where.relative_to(ROOT)}: the markers {START} and {END} are missing; add them where "
                         "the pacing tables belong")
    head, rest = text.split(START, 1)
    return f"{head}{START}\n{body}{END}{rest.split(END, 1)[1]}"


def updated_files(paths: list[Path] | None = None) -> dict[Path, str]:
    """Every file the tool writes, with the text it should hold under the model."""
    paths = paths or teacher_notebooks()
    pacings = [pace(p) for p in paths]
    out: dict[Path, str] = {}
    for path, pacing in zip(paths, pacings, strict=True):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        header = notebook["cells"][0]
        source = "".join(header["source"])
        if not HEADER_TIME.search(source):
            raise SystemExit(f"{path.relative_to(ROOT)}: the first cell has no '**Estimated time:**'; add it")
        text = header_text(pacing)
        new = HEADER_TIME.sub(lambda _, text=text: text, source, count=1)
        header["source"] = new.splitlines(True)
        out[path] = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    readme = _with_totals(README.read_text(encoding="utf-8"), pacings, INDEX_TOTALS)
    readme = _between_markers(readme, course_table(pacings), README)
    out[README] = course_index.with_practice(readme, paths, README)  # what each notebook asks learners to do
    guide = _with_totals(GUIDE.read_text(encoding="utf-8"), pacings, GUIDE_TOTALS)
    out[GUIDE] = _between_markers(guide, guide_text(pacings), GUIDE)
    return out


def stale(paths: list[Path] | None = None) -> list[Path]:
    """Files whose times disagree with the model."""
    return [p for p, text in updated_files(paths).items() if p.read_text(encoding="utf-8") != text]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        wrong = stale()
        for path in wrong:
            print(f"{path.relative_to(ROOT)}: times disagree with the pacing model; run python3 course.py pacing")
        return 1 if wrong else 0
    for path, text in updated_files().items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    for pacing in (pace(p) for p in teacher_notebooks()):
        print(f"{pacing.notebook}: {pacing.total} min ({pacing.core} without optional sections)")
    return 0


if __name__ == "__main__":
    run(main)
