"""tools.course_index: the course index lists, per notebook, its coding tasks, quick checks, exercises at the end
and explorers (with or without a predict-first cell), read from the notebooks; the committed index is current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools import course_index
from tools._project import NOTEBOOKS, teacher_notebooks


def md(text: str, *tags: str) -> dict:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str, *tags: str) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": []}


def exercise(number: str, stars: str, rest: str, solution: str, *solution_tags: str) -> list[dict]:
    return [md(f"### Exercise {number} {stars}{rest}\n\nWhat is it? Store it.", "exercise"),
            md("<details><summary>Hint</summary>\n\nDivide.\n</details>", "hint"),
            code(solution, "solution", *solution_tags), code(f'checks.check("{number}")')]


CELLS = [
    md("# 99 · Example\n\n**Estimated time:** 5 minutes."),
    md("## 1. Reading a file"),
    *exercise("9.5", "★★", "", "with checks.task(\"9.5\"):\n    table = ...", "code-task"),
    *exercise("9.6", "★", " · quick check: a share in percent", "answer_9_6 = 1"),
    md("## 2. What-if: a slider\n\n**Guiding questions**\n1. Move it."),
    md("**Predict first.** What will happen?"), md("*My prediction:* …"),
    code("# NBVAL_IGNORE_OUTPUT\nx = theme.thing_explorer()\nx"),
    md("## 3. Another what-if"), code("# NBVAL_IGNORE_OUTPUT\ny = theme.other_explorer()\ny"),
    md("## 4. Exercises"),
    *exercise("9.1", "★", "", "answer_9_1 = 2"),
    *exercise("9.2", "★★★", "", "def check_it(claims):\n    return claims\nanswer_9_2 = check_it(claims)"),
]


def test_each_kind_of_practice_is_found_with_its_section(tmp_path: Path) -> None:
    path = tmp_path / "99_example.ipynb"
    path.write_text(json.dumps({"cells": CELLS, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "utf-8")
    found = course_index.practice(path)
    assert [(e.id, e.section) for e in found.coding_tasks] == [("9.5", "1"), ("9.2", "4")]
    assert [(e.id, e.stars, e.title) for e in found.quick_checks] == [("9.6", "★", "a share in percent")]
    assert [(e.id, e.title) for e in found.at_the_end] == [("9.1", "What is it?")]
    assert [(e.section, e.predict_first) for e in found.explorers] == [("2", True), ("3", False)]
    assert {e.app for e in found.explorers} == {"an explorer with no app"}  # notebook 99 has no app
    block = course_index.practice_block([path])
    assert "* quick checks: 9.6 ★ a share in percent (§1)" in block
    assert "(§2, predict first) · `an explorer with no app` (§3, no prediction cell)" in block


def test_explorers_are_named_by_their_apps_in_registry_order() -> None:
    from helpers import apps

    for path in teacher_notebooks():
        named = [e.app for e in course_index.practice(path).explorers]
        assert named == [a.name for a in apps.APPS if a.summary.endswith(f"(notebook {path.name[:2]})")]


def test_missing_markers_are_named_in_one_line() -> None:
    with pytest.raises(SystemExit, match="the markers <!-- practice:start --> and <!-- practice:end --> are missing"):
        course_index.with_practice("# Index\n", teacher_notebooks())


def test_the_committed_index_lists_what_the_notebooks_ask_now() -> None:
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    listed = readme.split(course_index.START, 1)[1].split(course_index.END, 1)[0]
    assert listed == "\n" + course_index.practice_block(teacher_notebooks()), (
        "the course index's practice listing is stale: run `python3 course.py pacing`")
