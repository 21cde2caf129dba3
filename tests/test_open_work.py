"""Feedback for open work (issues 15 and 16): every open question has an answer cell and a model answer.

An open question is a Markdown prompt a learner answers in words: a **Think!** prompt, an explorer's
**Guiding questions**, or the written part of a ★★★ exercise ("two sentences", "explain", "open question").
Each is followed by an ``answer`` cell (``**Your answer:** …``) and, right under it, a ``compare`` cell: a
collapsed ``<details><summary>Compare your answer</summary>`` block with what a good answer says and its
*Common gaps*. A Think! is answered in the very next cell; guiding questions after the explorer they belong to
(its cells up to the next heading); a ★★★ after its own hint, solution and check cells. The explorer's guiding
questions end with one that asks for the learner's insight in one sentence.

The rules are checked in both editions of every notebook in ``NOTEBOOKS_WITH_OPEN_WORK`` (the student edition
keeps both cells), and on small made-up notebooks, so the test is seen to fail on a notebook that misses one.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from tools import exercise_cells as ec
from tools._project import NOTEBOOKS

NOTEBOOKS_WITH_OPEN_WORK = [
    "00_start_here.ipynb",
    "01_energy_transition.ipynb",
    "02_poverty_alleviation.ipynb",
    "03_agricultural_modernization.ipynb",
    "04_smart_industry_and_fact_check.ipynb",
]

THINK = re.compile(r"^(>\s*)?\*\*Think!\*\*|^#+\s*Think!", re.MULTILINE)
GUIDING = "**Guiding questions**"
STARS3 = re.compile(r"^###\s+Exercise\s+[\d.]+\s+★★★", re.MULTILINE)
WRITTEN = re.compile(r"sentence|explain|in words|open question|paragraph|in a Markdown cell", re.IGNORECASE)
HEADING = re.compile(r"^#{1,3}\s")
SUMMARY = "<details><summary>Compare your answer</summary>"
INSIGHT = re.compile(r"insight.*one sentence|one sentence.*insight", re.IGNORECASE)




def markdown(cell: dict) -> bool:
    return cell["cell_type"] == "markdown"


def kind_of_prompt(cell: dict) -> str | None:
    """'think', 'guiding' or 'written' (a ★★★ with a written part) for an open question's cell, else None."""
    if not markdown(cell) or {"answer", "compare", "teacher-note"} & set(ec.tags(cell)):
        return None
    body = ec.cell_text(cell)
    if "exercise" in ec.tags(cell):
        return "written" if STARS3.search(body) and WRITTEN.search(body) else None
    if THINK.search(body):
        return "think"
    if GUIDING in body:
        return "guiding"
    return None


def ends_a_block(cell: dict) -> bool:
    """A cell after which an earlier open question can no longer be answered: a new section, exercise or prompt."""
    return markdown(cell) and (HEADING.match(ec.cell_text(cell)) is not None or "exercise" in ec.tags(cell)
                               or kind_of_prompt(cell) is not None)


def compare_problem(cell: dict) -> str | None:
    """What is wrong with a ``compare`` cell, or None."""
    body = ec.cell_text(cell).strip()
    if not body.startswith(SUMMARY) or not body.endswith("</details>"):
        return f"is not a collapsed block ({SUMMARY} … </details>)"
    model = body[len(SUMMARY):-len("</details>")].split("Common gap", 1)
    if "Common gap" not in body:
        return "names no *Common gaps*"
    if len(re.sub(r"\W", "", model[0])) < 40:
        return "has no model answer before its common gaps"
    return None


def open_work_problems(cells: list[dict]) -> list[str]:
    """One line for each open question without an answer cell followed by a compare cell (empty: all answered)."""
    problems = []
    for index, cell in enumerate(cells):
        kind = kind_of_prompt(cell)
        if kind is None:
            continue
        where = f"cell {index} ({kind}: {ec.cell_text(cell).strip().splitlines()[0][:60]!r})"
        if kind == "think":
            region = cells[index + 1:index + 2]
        else:
            end = next((j for j in range(index + 1, len(cells)) if ends_a_block(cells[j])), len(cells))
            region = cells[index + 1:end]
        first = next((k for k, c in enumerate(region) if "answer" in ec.tags(c)), None)
        if first is None:
            problems.append(f"{where}: no `answer` cell follows it")
            continue
        at = index + 1 + first
        answer = cells[at]
        if not markdown(answer) or not ec.cell_text(answer).startswith("**Your answer:**"):
            problems.append(f"{where}: its answer cell does not start with **Your answer:**")
        if at + 1 >= len(cells) or "compare" not in ec.tags(cells[at + 1]):
            problems.append(f"{where}: no `compare` cell right under its answer cell")
        elif (problem := compare_problem(cells[at + 1])) is not None:
            problems.append(f"{where}: its compare cell {problem}")
    return problems


def guiding_lists(cells: list[dict]) -> list[list[str]]:
    """Each explorer's guiding questions, one string per numbered question (the format helpers/apps.py reads)."""
    lists = []
    for cell in cells:
        if markdown(cell) and GUIDING in ec.cell_text(cell):
            questions: list[str] = []
            for line in ec.cell_text(cell).split(GUIDING, 1)[1].strip().splitlines():
                if item := re.match(r"\d+\.\s+(.*)", line):
                    questions.append(item.group(1))
                elif line.strip() and questions:
                    questions[-1] += " " + line.strip()
                elif not line.strip() and questions:
                    break
            lists.append(questions)
    return lists


def editions(name: str) -> list[Path]:
    return [NOTEBOOKS / name, NOTEBOOKS / "student" / name]


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


PATHS = [path for name in NOTEBOOKS_WITH_OPEN_WORK for path in editions(name)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_open_question_has_an_answer_and_a_model_answer(path: Path) -> None:
    cells = load(path)
    assert any(kind_of_prompt(c) for c in cells), f"{path.name}: no open question found (is the pattern stale?)"
    assert not open_work_problems(cells), "\n".join(open_work_problems(cells))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_guiding_questions_end_with_the_insight_in_one_sentence(path: Path) -> None:
    for questions in guiding_lists(load(path)):
        assert len(questions) >= 3, questions
        assert INSIGHT.search(questions[-1]), f"{path.name}: the last guiding question asks for no insight: " \
                                              f"{questions[-1]!r}"


# The rules on made-up notebooks: one that answers everything, and the same with one piece missing. -------------

def md(source: str, *cell_tags: str) -> dict:
    return {"cell_type": "markdown", "metadata": {"tags": list(cell_tags)}, "source": source}


def code(source: str, *cell_tags: str) -> dict:
    return {"cell_type": "code", "metadata": {"tags": list(cell_tags)}, "source": source, "outputs": [],
            "execution_count": None}


ANSWER = md("**Your answer:** *(double-click this cell and write two sentences)*", "answer")
COMPARE = md(f"{SUMMARY}\n\nA good answer says that capacity is what mines could produce, output what they did.\n"
             "*Common gaps:* reading capacity as output.\n\n</details>", "compare")
COMPLETE = [
    md("## 1. A section\n\nSome text.\n\n> **Think!** Capacity or output?"), ANSWER, COMPARE,
    md("## 2. An explorer\n\n**Guiding questions**\n1. Move the slider. What changes?\n2. And now?\n"
       "3. Your insight, in one sentence: what did you find?"),
    code("# NBVAL_IGNORE_OUTPUT\nexplorer"), md("The default scenario:"), code("explorer.default_view()"),
    ANSWER, COMPARE,
    md("### Exercise 9.1 ★★★\n\nCompute the change, then explain it in two sentences.", "exercise"),
    md("<details><summary>Hint</summary>\n\nDivide.\n</details>", "hint"),
    code("answer_9_1 = 1.0", "solution"), code('checks.check("9.1")'), ANSWER, COMPARE,
    md("### Exercise 9.2 ★★★\n\nWrite a function returning one row.", "exercise"),  # no written part
    code("answer_9_2 = f()", "solution"),
    md("### Think! (discussion)\n\n> 1. What would you ask?"), ANSWER, COMPARE,
]


def without(cells: list[dict], index: int) -> list[dict]:
    return cells[:index] + cells[index + 1:]


def test_the_made_up_notebook_passes() -> None:
    assert [kind_of_prompt(c) for c in COMPLETE if kind_of_prompt(c)] == ["think", "guiding", "written", "think"]
    assert open_work_problems(COMPLETE) == []
    assert guiding_lists(COMPLETE) == [["Move the slider. What changes?", "And now?",
                                        "Your insight, in one sentence: what did you find?"]]


@pytest.mark.parametrize(("index", "words"), [
    (1, "cell 0 (think"),  # the Think!'s answer cell removed: its compare cell is not an answer
    (2, "cell 0 (think: '## 1. A section'): no `compare` cell"),
    (7, "cell 3 (guiding"),
    (13, "cell 9 (written"),
    (18, "cell 17 (think: '### Think! (discussion)'): no `answer` cell"),
])
def test_a_notebook_missing_an_answer_or_a_compare_cell_fails(index: int, words: str) -> None:
    problems = open_work_problems(without(COMPLETE, index))
    assert any(words in problem for problem in problems), problems


def test_an_answer_after_the_next_section_does_not_count() -> None:
    moved = without(without(COMPLETE, 8), 7)  # the guiding questions' answer and compare cells...
    moved[8:8] = [ANSWER, COMPARE]  # ...put after the next exercise's heading
    assert any("cell 3 (guiding" in p and "no `answer`" in p for p in open_work_problems(moved))


@pytest.mark.parametrize(("change", "words"), [
    (lambda s: s.replace(SUMMARY, "**Compare your answer**"), "not a collapsed block"),
    (lambda s: s.replace("*Common gaps:* reading capacity as output.", ""), "names no *Common gaps*"),
    (lambda s: re.sub(r"A good answer.*?did\.", "", s), "has no model answer"),
])
def test_a_weak_compare_cell_fails(change, words: str) -> None:
    cells = copy.deepcopy(COMPLETE)
    cells[2]["source"] = change(ec.cell_text(cells[2]))
    assert any(words in problem for problem in open_work_problems(cells)), open_work_problems(cells)


def test_guiding_questions_without_an_insight_fail() -> None:
    cells = copy.deepcopy(COMPLETE)
    insight = "3. Your insight, in one sentence: what did you find?"
    cells[3]["source"] = ec.cell_text(cells[3]).replace(insight, "3. Why?")
    assert not INSIGHT.search(guiding_lists(cells)[0][-1])


# Model answers state the notebook's own numbers. -----------------------------------------------------------------

# Notebooks whose model answers state only numbers the notebook itself shows (04's also derive a few, e.g. the
# rounding bounds of a dollar figure, so it is not listed; 02's and 03's are recomputed in test_poverty.py and
# test_agriculture.py).
NOTEBOOKS_WITH_QUOTED_NUMBERS = ["00_start_here.ipynb", "01_energy_transition.ipynb"]
NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")


def shown_elsewhere(cells: list[dict]) -> str:
    """Every stored output (printed text, alt text, tables) and every Markdown cell that is not a model answer."""
    parts = []
    for cell in cells:
        if cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                parts += ["".join(output.get("text", "")), "".join(output.get("data", {}).get("text/plain", ""))]
        elif "compare" not in ec.tags(cell):
            parts.append(ec.cell_text(cell))
    return "\n".join(parts)


def unsourced_numbers(cells: list[dict]) -> list[str]:
    shown = shown_elsewhere(cells)
    return [number for cell in cells if "compare" in ec.tags(cell) for number in NUMBER.findall(ec.cell_text(cell))
            if len(number) > 1 and not re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d])", shown)]


@pytest.mark.parametrize("name", NOTEBOOKS_WITH_QUOTED_NUMBERS)
def test_model_answers_state_only_numbers_the_notebook_shows(name: str) -> None:
    assert not unsourced_numbers(load(NOTEBOOKS / name)), unsourced_numbers(load(NOTEBOOKS / name))


def test_a_number_typed_into_a_model_answer_is_found() -> None:
    cells = copy.deepcopy(COMPLETE) + [code("print(x)")]
    cells[-1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "3,747 Mt in 2015\n"}]
    typed = "3,747 Mt in 2015, 3,748 Mt in 2016: capacity is"
    cells[2]["source"] = ec.cell_text(cells[2]).replace("capacity is", typed)
    assert "3,748" in unsourced_numbers(cells) and "3,747" not in unsourced_numbers(cells)
