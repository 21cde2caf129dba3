"""tools.pacing: the pacing model on small notebooks, and the times in the notebooks, the index and the guide."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools import pacing
from tools._project import teacher_notebooks


def notebook(tmp_path: Path, *cells: dict) -> Path:
    path = tmp_path / "99_example.ipynb"
    path.write_text(json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                    encoding="utf-8")
    return path


def md(text: str, *tags: str) -> dict:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str, *tags: str) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": []}


def test_the_model_counts_reading_cells_explorers_exercises_and_open_questions(tmp_path: Path) -> None:
    path = notebook(
        tmp_path,
        md("# Title\n\n**Estimated time:** 5 minutes. **Prerequisites:** none."),  # 7 words
        md("## 1. Reading\n\n" + "word " * 238),  # 240 words ("1", "Reading" and 238): 2 minutes at 120 a minute
        code("x = 1"), code("rate_explorer"), code("checks.check('9.1')"),  # 1.5 + 8 + 0.5
        md("## 2. Exercises (optional)\n\n### Exercise 9.1 ★★★"),  # 6 words, a ★★★ exercise (15 min)
        code("answer_9_1 = 2", "solution"),  # counted in the tier
        md("> **Think!** Why?"), md("**Your answer:**", "answer"),  # 3 min for the question, words read
        md("Teachers only: a very long note " * 50, "teacher-note"),  # not read by learners
    )
    result = pacing.pace(path)
    assert [s.title for s in result.sections] == ["Introduction", "1. Reading", "2. Exercises (optional)"]
    assert [s.optional for s in result.sections] == [False, False, True]
    minutes = [s.minutes for s in result.sections]
    assert minutes[0] == pytest.approx(7 / 120)
    assert minutes[1] == pytest.approx(240 / 120 + 1.5 + 8 + 0.5)
    assert minutes[2] == pytest.approx((6 + 2 + 2) / 120 + 15 + 3)
    assert result.total == 35 and result.core == 15  # rounded up to 5 minutes


def test_a_written_part_with_its_own_answer_cell_counts_as_an_open_question(tmp_path: Path) -> None:
    path = notebook(tmp_path, md("## 1. Write"), md("### Your sentences"), md("**Your answer:**", "answer"))
    assert pacing.pace(path).sections[0].minutes == pytest.approx(6 / 120 + 3)


def test_the_header_time_is_replaced_and_the_prerequisites_kept() -> None:
    source = "Intro.\n\n**Estimated time:** 90 minutes. **Prerequisites:** `00`.\n"
    result = pacing.Pacing("x", (pacing.Section("1. A", 12.4, False), pacing.Section("2. B", 30, True)))
    new = pacing.HEADER_TIME.sub(lambda _: pacing.header_text(result), source)
    assert new.startswith("Intro.\n\n**Estimated time:** 45 minutes") and new.endswith("**Prerequisites:** `00`.\n")
    assert "15 without the optional sections" in new and "2. B *(optional)* 30 min (→ 42)" in new


def test_every_place_that_states_a_time_agrees_with_the_model() -> None:
    assert not pacing.stale(), "times disagree with the pacing model: run `python3 course.py pacing`"


@pytest.mark.parametrize("path", teacher_notebooks(), ids=lambda p: p.name)
def test_each_notebook_states_its_modelled_time_in_header_index_and_guide(path: Path) -> None:
    total = pacing.pace(path).total
    header = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert re.search(rf"\*\*Estimated time:\*\* {total} minutes", header)
    assert f"| `{path.stem}` | {total} min |" in pacing.README.read_text(encoding="utf-8")
    assert re.search(rf"### {path.name[:2]} · .*\({total} minutes of material\)",
                     pacing.GUIDE.read_text(encoding="utf-8"))


def test_the_capstone_is_the_most_demanding_notebook() -> None:
    """Measured on the core of each notebook: optional sections are extension material a class may skip."""
    totals = {p.stem[:2]: pacing.pace(p).core for p in teacher_notebooks()}
    assert max(totals, key=totals.get) == "04"
