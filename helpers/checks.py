"""Self-checks for exercises: ``check("1.2")`` shows friendly feedback on ``answer_1_2``, never the expected answer.

Each notebook's exercises register their expected answers in ``helpers/exercises/nbNN.py``; expected
values are computed from the datasets and helpers (never typed in), so checks cannot drift from the data.

A check reads the learner's answer by name (``answer_1_2`` for exercise 1.2) from the namespace it is called
from, so running a check before its answer cell says which cell to run instead of raising ``NameError``.

A check never raises and never shows a traceback, whatever it is given: numbers (``Decimal`` too), text,
``None``, ``pd.NA``, NaN, Series, DataFrames, or the ``...`` placeholder of the student edition, nor when a
course dataset is damaged (it names the dataset instead). Feedback starts with a word, "Passed", "Not yet",
"Not answered" or "Cannot check", so it reads the same with no emoji font and no colour; where HTML is shown
the word is also coloured. Each check's last feedback (and the answer it judged) is kept in :data:`RESULTS` for
``checks.report()`` (a progress summary) and ``checks.export()`` (a file to hand in), from
:mod:`helpers.progress`. Feedback says what kind of thing
is wrong where it can: wrong type, units off by 万 (10^4) or 亿 (10^8) (or 亿 read as a billion), a fraction given
for a percent, a growth factor given for a percent change (or the other way round),
the wrong sign, rounding, or a registered common mistake (e.g. percent vs percentage points). An answer
rounded so far that it is as close to the right value as to a registered mistake gets "round less", never the
mistake's diagnosis.

Code tasks (the learner writes pandas or matplotlib with ``...`` blanks) run inside ``with checks.task("1.7"):``.
The block never shows a traceback: while blanks remain the check says "Not answered", and an error in the
learner's code is named in one line with what to look at. Tables and figures a task builds are judged by the
judges in :mod:`helpers.code_checks` (registered with ``register(..., judge=...)``).
"""

from __future__ import annotations

import decimal
import html
import inspect
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import numpy as np
import pandas as pd

from helpers.errors import DatasetError

# and ``task`` (helpers.tasks), ``report`` and ``export`` (helpers.progress): see __getattr__ at the end
__all__ = ["Feedback", "answer_name", "check", "evaluate", "ready", "register", "registered", "scale_slip"]

PASSED, NOT_YET, NOT_ANSWERED, CANNOT_CHECK = "Passed", "Not yet", "Not answered", "Cannot check"
COLOURS = {PASSED: "#1a6b34", NOT_YET: "#a3290f", NOT_ANSWERED: "#5c5c5c", CANNOT_CHECK: "#a3290f"}  # 7:1+ on white
NOT_ANSWERED_NOTE = "replace the `...` with your answer, run the cell again, then run the check"
ROUND_LESS = ("at so few digits your answer could be the right value rounded or a common mistake, so the check "
              "cannot tell: if you rounded, round less (keep at least four significant figures); if you did not, "
              "check your method against the hint")
_MISSING = object()  # "no answer passed": read it by name


@dataclass(frozen=True)
class Feedback:
    """The outcome of one self-check: its status word, whether it passed, and the line a learner sees.

    ``mistake`` is the hint of the registered common mistake the answer matched (``register(mistakes=...)``),
    else None: the class results count which mistake each exercise's answers made.
    """

    exercise: str
    passed: bool
    message: str
    mistake: str | None = None

    @property
    def status(self) -> str:
        """The leading word of the message: "Passed", "Not yet", "Not answered" or "Cannot check"."""
        return next(word for word in COLOURS if self.message.startswith(word))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Plain text everywhere; in HTML the status word is bold and coloured, the rest as in the text."""
        rest = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message[len(self.status):]))
        colour = COLOURS[self.status]
        styled = (f'<div class="course-self-check" style="border-left:4px solid {colour};padding-left:0.5em">'
                  f'<strong style="color:{colour}">{self.status}</strong>{rest}</div>')
        return {"text/plain": self.message, "text/html": styled}


def answer_name(exercise: str) -> str:
    """The variable that holds the answer to ``exercise``: ``answer_1_3`` for ``"1.3"``."""
    return "answer_" + str(exercise).replace(".", "_")


@dataclass(frozen=True)
class _Check:
    expected: Callable[[], Any]
    rtol: float
    unit: str
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = field(default=())
    judge: Callable[[Any], tuple[bool, str]] | None = None


_REGISTRY: dict[str, _Check] = {}
RESULTS: dict[str, tuple[Feedback, Any]] = {}  # exercise -> (its last feedback shown in this kernel, the answer)


def register(
    exercise: str,
    expected: Callable[[], Any],
    *,
    rtol: float = 1e-3,
    unit: str = "",
    mistakes: tuple[tuple[Callable[[], Any], str], ...] = (),
    judge: Callable[[Any], tuple[bool, str]] | None = None,
) -> None:
    """Register the self-check for ``exercise`` (e.g. ``"1.2"``).

    ``expected`` computes the answer (a number, text, a Series or a DataFrame) when first needed.
    ``rtol`` is the relative tolerance for numbers; ``unit`` is named in feedback ("yuan", "a fraction").
    ``mistakes`` pairs a function computing a known wrong answer with the hint to give for it.
    ``judge``, when given, takes the answer and returns ``(passed, detail)`` in place of the built-in comparison
    (code tasks: :mod:`helpers.code_checks` builds judges for tables and figures).
    """
    _REGISTRY[exercise] = _Check(expected, rtol, unit, tuple(mistakes), judge)


def registered() -> list[str]:
    """Ids of every registered self-check, in order."""
    import_module("helpers.exercises")
    return sorted(_REGISTRY, key=lambda key: [int(p) if p.isdigit() else p for p in key.split(".")])


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real | decimal.Decimal) and not isinstance(value, bool)


def _is_blank(value: Any) -> bool:
    """The placeholder ``...``, ``None`` or pandas' missing value: not answered yet."""
    return value is ... or value is None or value is pd.NA or value is pd.NaT


def _rounding_half_step(answer: float) -> float:
    """Half a unit in the last written digit of ``answer`` (0.005 for 1.16, 0.5 for 1400): its rounding error."""
    digits = decimal.Decimal(repr(answer)).normalize()
    exponent = digits.as_tuple().exponent
    return 0.5 * 10.0 ** (exponent if isinstance(exponent, int) else 0)


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
    (10.0, "10 times too large: 1 亿 is 100 million, a tenth of a billion, and 1 万 is ten thousand; "
           "check which word the unit asked for uses"),
    (0.1, "10 times too small: 1 亿 is 100 million, a tenth of a billion, and 1 万 is ten thousand; "
          "check which word the unit asked for uses"),
    (1e3, "about 1,000 times too large: check 'thousand' and the unit asked for (1 万 is 10 thousand)"),
    (1e-3, "about 1,000 times too small: check 'thousand' and the unit asked for (1 万 is 10 thousand)"),
)


def scale_slip(ratio: float) -> str | None:
    """The unit-slip hint when ``ratio`` (answer / expected) is a power of ten a number word explains, else None.

    One rule for every numeric check, numbers and tables alike: 万 (10^4), 亿 (10^8), thousand, million,
    billion, percent against fraction, and 亿 against billion (a factor of 10).
    """
    for scale, hint in _SCALE_HINTS:
        if _close(ratio, scale, 0.02):
            return hint
    return None


def _form_slip(answer: float, expected: float, spec: _Check) -> str | None:
    """A change given in the wrong form, from the unit asked for: a factor for a percent, or the other way round.

    One rule for every numeric check whose unit is a percent change (not percentage points) or a factor.
    """
    unit = spec.unit.casefold()
    if "percent" in unit and "point" not in unit and _close(answer, 1 + expected / 100, spec.rtol):
        return ("that looks like a growth factor (1.5 for +50 %); the question asks for the change in percent: "
                "100 × (factor − 1)")
    if ("factor" in unit or "multiplier" in unit) and expected != 1:
        if _close(answer, 100 * (expected - 1), spec.rtol):
            return "that is the change in percent; the question asks for the factor, 1 + change ÷ 100"
        if _close(answer, expected - 1, spec.rtol):
            return "that is the change as a fraction; the question asks for the factor, 1 + the change"
    return None


def _number_feedback(answer: float, expected: float, spec: _Check) -> tuple[bool, str]:
    if not math.isfinite(answer):
        return False, f"your answer is {answer}, not a finite number; check for a division by zero"
    if _close(answer, expected, spec.rtol):
        return True, "your answer is right"
    for wrong, hint in spec.mistakes:
        if _close(answer, float(wrong()), spec.rtol):
            if abs(answer - expected) <= _rounding_half_step(answer):  # as close to right as to the mistake
                return False, ROUND_LESS
            return False, hint
    if (hint := _form_slip(answer, expected, spec)) is not None:
        return False, hint
    if expected != 0 and answer != 0:
        ratio = answer / expected
        if (hint := scale_slip(ratio)) is not None:
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
        return same, "your answer is right" if same else f"some values of your {kind} differ from what was asked"
    if np.allclose(got, want, rtol=spec.rtol, atol=1e-12, equal_nan=True):
        return True, "your answer is right"
    return False, f"the shape and labels are right, but some values of your {kind} are not"


def _text_feedback(answer: Any, expected: str) -> tuple[bool, str]:
    if not isinstance(answer, str):
        return False, f"expected text (a str), but got {type(answer).__name__}"
    if answer.strip().casefold() == expected.strip().casefold():
        return True, "your answer is right"
    return False, "not yet right; check the spelling against the table and try again"


def _judge(answer: Any, spec: _Check) -> tuple[bool, str]:
    if spec.judge is not None:
        return spec.judge(answer)
    expected = spec.expected()
    if isinstance(expected, pd.Series | pd.DataFrame):
        passed, detail = _table_feedback(answer, expected, spec)
        for wrong, hint in () if passed else spec.mistakes:  # a registered wrong table gets its own hint
            if _table_feedback(answer, wrong(), spec)[0]:
                return False, hint
        return passed, detail
    if isinstance(expected, str):
        return _text_feedback(answer, expected)
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.item()
    if not _is_number(answer):
        got = f"text ({answer[:20]!r})" if isinstance(answer, str) else type(answer).__name__
        return False, f"expected a number, but got {got}"
    try:
        value = float(answer)
    except (OverflowError, ValueError):  # an int beyond 1.8e308; a signalling Decimal NaN
        return False, "your answer is far too large to be right; check the formula"
    return _number_feedback(value, float(expected), spec)


def evaluate(exercise: str, answer: Any) -> Feedback:
    """Judge ``answer`` for ``exercise`` without displaying anything; never raises."""
    exercise = str(exercise)
    try:
        ids = registered()
        if exercise not in _REGISTRY:
            return Feedback(exercise, False, f"{CANNOT_CHECK} — there is no self-check {exercise!r}. "
                                             f"Known: {', '.join(ids)}.")
        if _is_blank(answer):
            return Feedback(exercise, False, f"{NOT_ANSWERED} — exercise {exercise}: {NOT_ANSWERED_NOTE}.")
        passed, detail = _judge(answer, _REGISTRY[exercise])
    except DatasetError as err:  # the data are damaged, not the answer: say which dataset
        return Feedback(exercise, False, f"{CANNOT_CHECK} — self-check {exercise} needs a course dataset that is "
                                         f"damaged, so it cannot judge your answer. {err}")
    except Exception as err:  # a self-check must never show a traceback to a learner
        return Feedback(exercise, False, f"{NOT_YET} — self-check {exercise} could not read this answer "
                                         f"({type(err).__name__}); try a plain number or table.")
    word = PASSED if passed else NOT_YET
    end = "" if detail.endswith(("?", ".")) else "."  # no "?." after a hint that asks a question
    mistake = detail if not passed and detail in {hint for _, hint in _REGISTRY[exercise].mistakes} else None
    return Feedback(exercise, passed, f"{word} — self-check {exercise}: {detail}{end}", mistake)


def _caller_namespace() -> Mapping[str, Any]:
    """The global namespace of the code that called the public function (a notebook's user namespace)."""
    frame = inspect.currentframe()
    try:
        return frame.f_back.f_back.f_globals if frame and frame.f_back and frame.f_back.f_back else {}
    finally:
        del frame


def _not_run(exercise: str) -> Feedback:
    name = answer_name(exercise)
    return Feedback(str(exercise), False, f"{NOT_ANSWERED} — exercise {exercise}: `{name}` does not exist yet. "
                                          f"Run the exercise {exercise} cell above (the one that sets `{name}`), "
                                          "then run this check again.")


def _display(thing: Any, text: str) -> None:
    """``thing``'s rich display (HTML) in Jupyter, ``text`` elsewhere (a terminal, a script, a test)."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is None:
        print(text)
    else:
        from IPython.display import display
        display(thing)


def _show(feedback: Feedback, answer: Any = None) -> None:
    """Coloured HTML in Jupyter, the plain line elsewhere; kept in :data:`RESULTS` with the answer it judged."""
    RESULTS.pop(feedback.exercise, None)  # the last exercise checked comes last
    RESULTS[feedback.exercise] = (feedback, answer)
    _display(feedback, feedback.message)


def check(exercise: str, answer: Any = _MISSING) -> None:
    """Show feedback on the answer to ``exercise``; never raises, never reveals the expected answer.

    Without ``answer``, reads the learner's variable ``answer_<exercise>`` (``answer_1_3`` for ``"1.3"``) from
    the namespace the check is called from, and says which cell to run when it does not exist yet.
    """
    if answer is _MISSING:
        from helpers import tasks  # imported here: helpers/tasks.py builds on this module
        waiting = tasks.pending(str(exercise))
        if waiting is not None:  # the code task's cell still has blanks, or stopped with an error
            _show(waiting)
            return
        answer = _caller_namespace().get(answer_name(exercise), _MISSING)
    if answer is _MISSING:
        _show(_not_run(exercise))
    else:
        _show(evaluate(exercise, answer), answer)


def ready(exercise: str, answer: Any = _MISSING) -> bool:
    """True when the answer to ``exercise`` exists and is filled in; otherwise say which exercise to complete.

    Without ``answer``, reads ``answer_<exercise>`` from the calling namespace, as :func:`check` does.
    """
    if answer is _MISSING:
        answer = _caller_namespace().get(answer_name(exercise), _MISSING)
    if answer is _MISSING or _is_blank(answer):
        print(f"{NOT_ANSWERED} — this cell uses your answer to exercise {exercise} (`{answer_name(exercise)}`): "
              f"complete exercise {exercise} and run its cell first.")
        return False
    return True


def __getattr__(name: str) -> Any:
    """``checks.task``, the code-task block, lives in :mod:`helpers.tasks`; ``checks.report`` and ``checks.export``
    in :mod:`helpers.progress` (notebooks call them from here; imported on first use)."""
    if name == "task":
        from helpers.tasks import task
        return task
    if name in ("report", "export"):
        return getattr(import_module("helpers.progress"), name)
    raise AttributeError(f"module 'helpers.checks' has no attribute {name!r}")
