"""Notebook 00's quick checks (0.4, 0.5): the right answer passes, and the plausible slips get their own feedback.

Expected values are computed here from the raw claims CSV with plain pandas, never from helpers/exercises.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import checks, data

CLAIMS = pd.read_csv(data.datasets_dir() / "article_claims.csv")
YEAR_ROWS = int((CLAIMS["unit"] == "year").sum())
YEARS_ROWS = int((CLAIMS["unit"] == "years").sum())
XINZHOU_Q1_YUAN = float(CLAIMS.set_index("claim_id").loc["C037", "value"])


def test_the_right_answers_pass():
    assert checks.evaluate("0.4", YEAR_ROWS).passed
    assert checks.evaluate("0.5", XINZHOU_Q1_YUAN / 1e8).passed


@pytest.mark.parametrize(("exercise", "answer", "words"), [
    ("0.4", YEAR_ROWS + YEARS_ROWS, "'years' (a duration"),
    ("0.5", XINZHOU_Q1_YUAN / 1e4, "that is in 万 yuan"),
    ("0.5", XINZHOU_Q1_YUAN / 1e9, "1 亿 is 100 million, a tenth of a billion"),
    ("0.5", XINZHOU_Q1_YUAN / 1e6, "that is in millions of yuan"),
    ("0.5", XINZHOU_Q1_YUAN, "100 million times too large"),
])
def test_slips_get_their_own_feedback_without_the_answer(exercise, answer, words):
    feedback = checks.evaluate(exercise, answer)
    assert not feedback.passed and words in feedback.message
    assert f"{XINZHOU_Q1_YUAN / 1e8:g}" not in feedback.message  # never the answer (0.4's: test_checks.py)
