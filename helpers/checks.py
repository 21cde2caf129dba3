"""Self-checks for exercises: ``check("1.2", answer)`` prints friendly feedback, never the expected answer.

Each notebook's exercises register their expected answers in ``helpers/exercises/nbNN.py``; expected
values are computed from the datasets and helpers (never typed in), so checks cannot drift from the data.

A check never raises and never shows a traceback, whatever it is given: numbers, text, ``None``, NaN,
Series, DataFrames, or the ``...`` placeholder of the student edition. Feedback says what kind of thing
is wrong where it can: wrong type, units off by 万 (10^4) or 亿 (10^8), a fraction given for a percent,
the wrong sign, rounding, or a registered common mistake (e.g. percent vs percentage points).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Feedback", "check", "evaluate", "ready", "register", "registered"]

PASS, FAIL, TODO = "✅", "❌", "✏️"
NOT_ANSWERED_NOTE = "replace the `...` with your answer, run the cell again, then run the check"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one self-check: whether it passed and the message a learner sees."""

    exercise: str
    passed: bool
    message: str


@dataclass(frozen=True)
class _Check:
    expected: Callable[[], Any]
    rtol: float
    unit: str
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default=())


_REGISTRY: dict[str, _Check] = {}


def register(
    exercise: str,
    expected: Callable[[], Any],
    *,
    rtol: float = 1e-3,
    unit: str = "",
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = (),
) -> None:
    """Register the self-check for ``exercise`` (e.g. ``"1.2"``).

    ``expected`` computes the answer (a number, text, a Series or a DataFrame) when first needed.
    ``rtol`` is the relative tolerance for numbers; ``unit`` is named in feedback ("yuan", "a fraction").
    ``mistakes`` pairs a function computing a known wrong answer with the hint to give for it.
    """
    _REGISTRY[exercise] = _Check(expected, rtol, unit, tuple(mistakes))


def registered() -> list[str]:
    """Ids of every registered self-check, in order."""
    import_module("helpers.exercises")
    return sorted(_REGISTRY, key=lambda key: [int(p) if p.isdigit() else p for p in key.split(".")])


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _close(answer: float, expected: float, rtol: float) -> bool:
    return math.isclose(answer, expected, rel_tol=rtol, abs_tol=1e-12)


_SCALE_HINTS = (
    (1e4, "about 10,000 times too large: did you count in single units where 万 (10^4) were meant?"),
    (1e-4, "about 10,000 times too small: is it in 万 (10^4) where single units were meant?"),
    (1e8, "about 100 million times too large: check 亿 (10^8) and the unit asked for"),
    (1e-8, "about 100 million times too small: check 亿 (10^8) and the unit asked for"),
    (1e6, "about a million times too large: check 'million' in the unit asked for"),
    (1e-6, "about a million times too small: check 'million' in the unit asked for"),
    (1e9, "about a billion times too large: check 'billion' in the unit asked for"),
    (1e-9, "about a billion times too small: check 'billion' in the unit asked for"),
    (100.0, "100 times too large: a percent where a fraction was asked for? (7.8 % is 0.078)"),
    (0.01, "100 times too small: a fraction where a percent was asked for? (0.078 is 7.8 %)"),
)


def _number_feedback(answer: float, expected: float, spec: _Check) -> tuple[bool, str]:
    if not math.isfinite(answer):
        return False, f"your answer is {answer}, not a finite number; check for a division by zero"
    if _close(answer, expected, spec.rtol):
        return True, "passed"
    for wrong, hint in spec.mistakes:
        if _close(answer, float(wrong()), spec.rtol):
            return False, f"not yet: {hint}"
    if expected != 0 and answer != 0:
        ratio = answer / expected
        for scale, hint in _SCALE_HINTS:
            if _close(ratio, scale, 0.02):
                return False, f"your answer is {hint}"
        if _close(ratio, -1.0, spec.rtol):
            return False, "the size is right but the sign is wrong"
        if _close(ratio, 1.0, 0.05):
            return False, "close, but outside the tolerance: use unrounded numbers and round only at the end"
    unit = f" (answer in {spec.unit})" if spec.unit else ""
    return False, f"not yet right{unit}; re-read the question and the hint, then try again"


def _has_text(table: pd.Series | pd.DataFrame) -> bool:
    return any(isinstance(value, str) for value in np.asarray(table, dtype=object).ravel())


def _table_feedback(answer: Any, expected: pd.Series | pd.DataFrame, spec: _Check) -> tuple[bool, str]:
    kind = "Series" if isinstance(expected, pd.Series) else "DataFrame"
    if not isinstance(answer, type(expected)):
        return False, f"expected a pandas {kind}, but got {type(answer).__name__}"
    if isinstance(expected, pd.DataFrame):
        missing = [c for c in expected.columns if c not in answer.columns]
        if missing:
            return False, f"your table lacks the column(s) {', '.join(map(str, missing))}"
        answer = answer[list(expected.columns)]
    if answer.shape != expected.shape:
        return False, f"your {kind} has shape {answer.shape}, which is not the shape asked for"
    if not answer.index.equals(expected.index):
        return False, f"your {kind} has the right size but a different index (labels or their order)"
    if _has_text(answer) and not _has_text(expected):
        return False, f"your {kind} holds text where numbers were asked for; convert it with pd.to_numeric"
    try:
        got = np.asarray(answer, dtype=float)
        want = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        same = answer.astype(str).equals(expected.astype(str))
        return same, "passed" if same else f"some values of your {kind} differ from what was asked"
    if np.allclose(got, want, rtol=spec.rtol, atol=1e-12, equal_nan=True):
        return True, "passed"
    return False, f"the shape and labels are right, but some values of your {kind} are not"


def _text_feedback(answer: Any, expected: str) -> tuple[bool, str]:
    if not isinstance(answer, str):
        return False, f"expected text (a str), but got {type(answer).__name__}"
    if answer.strip().casefold() == expected.strip().casefold():
        return True, "passed"
    return False, "not yet right; check the spelling against the table and try again"


def _judge(answer: Any, spec: _Check) -> tuple[bool, str]:
    expected = spec.expected()
    if isinstance(expected, pd.Series | pd.DataFrame):
        return _table_feedback(answer, expected, spec)
    if isinstance(expected, str):
        return _text_feedback(answer, expected)
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if not _is_number(answer):
        got = f"text ({answer[:20]!r})" if isinstance(answer, str) else type(answer).__name__
        return False, f"expected a number, but got {got}"
    try:
        value = float(answer)
    except OverflowError:  # an int beyond 1.8e308
        return False, "your answer is far too large to be right; check the formula"
    return _number_feedback(value, float(expected), spec)


def evaluate(exercise: str, answer: Any) -> Feedback:
    """Judge ``answer`` for ``exercise`` without printing; never raises."""
    exercise = str(exercise)
    try:
        ids = registered()
        if exercise not in _REGISTRY:
            return Feedback(exercise, False, f"There is no self-check {exercise!r}. Known: {', '.join(ids)}.")
        if answer is ... or answer is None:
            return Feedback(exercise, False, f"{TODO} Exercise {exercise} is not answered yet: {NOT_ANSWERED_NOTE}.")
        passed, detail = _judge(answer, _REGISTRY[exercise])
    except Exception as err:  # a self-check must never show a traceback to a learner
        return Feedback(exercise, False, f"{FAIL} Self-check {exercise} could not read this answer "
                                         f"({type(err).__name__}); try a plain number or table.")
    mark = PASS if passed else FAIL
    end = "" if detail.endswith(("?", ".")) else "."  # no "?." after a hint that asks a question
    return Feedback(exercise, passed, f"{mark} Self-check {exercise}: {detail}{end}")


def check(exercise: str, answer: Any) -> None:
    """Print feedback on ``answer`` for ``exercise``; never raises, never reveals the expected answer."""
    print(evaluate(exercise, answer).message)


def ready(exercise: str, answer: Any) -> bool:
    """True when ``answer`` holds an answer; otherwise say which exercise to complete first."""
    if answer is ... or answer is None:
        print(f"{TODO} This cell uses your answer to exercise {exercise}: complete exercise {exercise} first.")
        return False
    return True
