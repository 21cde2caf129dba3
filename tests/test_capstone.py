"""Notebook 04's capstone: the learner's own checks (exercises 4.8-4.10), the causal verdict, open-question feedback.

The teacher solutions are the notebook's own ``solution`` cells, run here on the real data; the student stubs are
made from them by the student-edition tool, so the tests follow the notebook rather than a copy of it.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from helpers import article, checks, data, factcheck
from helpers.factcheck import scenarios, verdicts
from tools import student_edition
from tools._project import ROOT

NOTEBOOK = ROOT / "notebooks" / "04_smart_industry_and_fact_check.ipynb"
CELLS = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
CLAIMS = data.load("article_claims")
SOURCES = factcheck.load_sources()
LEARNER = ("4.8", "4.9", "4.10")


def source(cell: dict) -> str:
    return "".join(cell["source"])


def solution_cell(exercise: str) -> str:
    """The solution cell after the markdown cell headed 'Exercise <exercise>'."""
    start = next(i for i, c in enumerate(CELLS) if source(c).startswith(f"### Exercise {exercise} "))
    return next(source(c) for c in CELLS[start:] if "solution" in c["metadata"].get("tags", []))


def run(code: str) -> dict:
    namespace = {"pd": pd, "article": article, "factcheck": factcheck, "claims": CLAIMS, "sources": SOURCES}
    exec(compile(code, "<solution>", "exec"), namespace)  # the notebook's own teacher solution
    return namespace


@pytest.mark.parametrize("exercise", LEARNER)
def test_teacher_solution_passes_and_gives_full_rows(exercise: str) -> None:
    answer = run(solution_cell(exercise))[checks.answer_name(exercise)]
    feedback = checks.evaluate(exercise, answer)
    assert feedback.passed and feedback.status == "Passed", feedback.message
    assert list(answer.columns) == verdicts.COLUMNS
    assert (answer["result"].str.len() > 20).all() and (answer["note"].str.len() > 20).all()
    assert re.search(r"\d", answer["result"].iloc[0])  # a result states its numbers


@pytest.mark.parametrize("exercise", LEARNER)
def test_student_stub_is_not_answered(exercise: str) -> None:
    stub = student_edition.stub_source(solution_cell(exercise))
    answer = run(stub)[checks.answer_name(exercise)]
    assert answer is ...
    assert checks.evaluate(exercise, answer).status == "Not answered"


def wrong(answer: pd.DataFrame, **changes: object) -> pd.DataFrame:
    table = answer.copy()
    for column, value in changes.items():
        table[column] = value
    return table


TYPICAL_MISTAKES = [  # (exercise, how the learner's table differs, words only that exercise's hint has)
    ("4.8", {"verdict": verdicts.INTERNAL}, "before the company settled"),
    ("4.8", {"verdict": verdicts.NOT_CHECKABLE, "dataset": "none"}, "can test this claim's timing"),
    ("4.9", {"verdict": verdicts.INTERNAL}, "revenue per order grew too"),
    ("4.9", {"claim_id": ["C011", "C014"]}, "order counts"),
    ("4.10", {"verdict": verdicts.DIFFERS}, "no contradiction"),
    ("4.10", {"verdict": verdicts.CONSISTENT}, "cannot confirm capacity"),
    ("4.10", {"dataset": verdicts.CLAIMS}, "name the dataset coal_production_tonnes"),
]


@pytest.mark.parametrize(("exercise", "changes", "words"), TYPICAL_MISTAKES)
def test_typical_wrong_checks_get_their_own_feedback(exercise: str, changes: dict, words: str) -> None:
    answer = wrong(run(solution_cell(exercise))[checks.answer_name(exercise)], **changes)
    feedback = checks.evaluate(exercise, answer)
    assert feedback.status == "Not yet" and words in feedback.message, feedback.message
    assert "needs context'" not in feedback.message  # the hint does not give the verdict away


@pytest.mark.parametrize("exercise", LEARNER)
@pytest.mark.parametrize("answer", [None, "needs context", 3, pd.DataFrame(), pd.Series([1, 2]),
                                    pd.DataFrame({"claim_id": ["C010"]}), float("nan")])
def test_odd_answers_never_raise(exercise: str, answer: object) -> None:
    feedback = checks.evaluate(exercise, answer)
    assert not feedback.passed and feedback.status in ("Not yet", "Not answered")


def test_learner_rows_join_the_verdict_table_strongest_first() -> None:
    every = factcheck.all_checks(CLAIMS, SOURCES, factcheck.default_tolerance(CLAIMS))
    base = scenarios._verdicts(CLAIMS, every)
    rows = pd.concat([run(solution_cell(e))[checks.answer_name(e)] for e in LEARNER], ignore_index=True)
    table = factcheck.with_rows(CLAIMS, every, rows)
    assert list(table["claim_id"]) == list(CLAIMS["claim_id"])
    changed = table.loc[table["verdict"] != base["verdict"], "claim_id"].tolist()
    assert changed == ["C010", "C012", "C015"]  # C004 already needed context; the others were weaker findings
    assert "base year" in table.set_index("claim_id").loc["C004", "other_checks"]
    with pytest.raises(ValueError, match="lack the column"):
        factcheck.with_rows(CLAIMS, every, rows.drop(columns="note"))


def test_causal_claims_get_their_own_verdict() -> None:
    table = factcheck.verdict_table(CLAIMS, SOURCES, factcheck.default_tolerance(CLAIMS)).set_index("claim_id")
    causal = [claim_id for claim_id, _, _ in scenarios.CAUSAL_SENTENCES]
    for claim_id in causal:  # a causal row on each; the strongest finding still wins the verdict
        row = table.loc[claim_id]
        assert verdicts.CAUSAL in (row["verdict"],) or "causal claim" in row["other_checks"]
    assert table.loc["C022", "verdict"] == verdicts.CONSISTENT  # a consistent figure stays consistent
    assert table.loc["C063", "verdict"] == verdicts.CAUSAL  # outranks "internally consistent"
    assert verdicts.VERDICTS.index(verdicts.NEEDS_CONTEXT) < verdicts.VERDICTS.index(verdicts.CAUSAL) \
        < verdicts.VERDICTS.index(verdicts.INTERNAL)
    for phrase in ("thanks to", "as a result", "a result of"):  # every causal phrase the brief names is covered
        assert any(phrase in sentence.lower() for _, sentence, _ in scenarios.CAUSAL_SENTENCES), phrase


def open_work(cell: dict) -> bool:
    """A Think!, the verdict sentences, the explorer's default view (its guiding questions) or the self-check of a
    ★★★ exercise with a written part (4.6, 4.7)."""
    text = source(cell)
    return ("**Think!**" in text or text.startswith("### Your verdict sentences") or
            text.strip() in ("tolerance_explorer.default_view()", 'checks.check("4.6")', 'checks.check("4.7")'))


def test_every_open_question_has_an_answer_cell_and_a_model_answer() -> None:
    opens = [i for i, c in enumerate(CELLS) if open_work(c)]
    assert len(opens) == 12  # 8 Think! cells, the guiding questions, 4.6, 4.7 and the verdict sentences
    for i in opens:
        answer, compare = CELLS[i + 1], CELLS[i + 2]
        assert source(answer).startswith("**Your answer:**"), source(CELLS[i])[:60]
        assert source(compare).startswith("<details><summary>Compare your answer</summary>")
        assert "Common gap" in source(compare) or "Model sentences" in source(compare)
        assert not {"teacher-note", "solution"} & set(answer["metadata"].get("tags", []) +
                                                      compare["metadata"].get("tags", []))  # in both editions
    answers = [i for i, c in enumerate(CELLS) if "answer" in c["metadata"].get("tags", [])]
    assert [i - 1 for i in answers] == opens  # and no answer cell anywhere else
