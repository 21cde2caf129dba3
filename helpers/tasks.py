"""Code tasks: ``with checks.task("1.7"):`` runs a learner's pandas or matplotlib without a traceback.

While ``...`` blanks remain the check says "Not answered"; an error in the learner's code is named in one line
with what to look at, and the check after the cell says to fix it (:func:`pending`). The tables and figures a
task builds are judged by :mod:`helpers.code_checks`.
"""

from __future__ import annotations

import inspect
from typing import Any

from helpers.checks import NOT_ANSWERED, NOT_YET, Feedback, _show, answer_name

__all__ = ["pending", "task"]


def _unfinished(exercise: str) -> Feedback:
    return Feedback(str(exercise), False, f"{NOT_ANSWERED} — exercise {exercise}: the task cell still has `...` "
                                          "blanks. Replace each `...` with code, run the cell, then run this check.")


_UNFINISHED: set[str] = set()  # code tasks whose cell last ran with ``...`` blanks left in it
_FAILED: set[str] = set()  # code tasks whose cell last stopped with an error (named under the cell)


def _failed(exercise: str) -> Feedback:
    return Feedback(str(exercise), False, f"{NOT_YET} — exercise {exercise}: the task cell stopped with an error "
                                          "(the line under the cell names it). Fix that line, run the cell again, "
                                          "then run this check.")


def _has_blanks(code: Any) -> bool:
    """True when the compiled cell (or a function or lambda in it) contains the ``...`` placeholder."""
    return any(const is ... or (inspect.iscode(const) and _has_blanks(const)) for const in code.co_consts)


_ERROR_HINTS = {
    FileNotFoundError: "there is no file of that name in that folder: check the name and the folder",
    KeyError: "a column or label is not in the table: compare the name with `table.columns` (spelling, case)",
    NameError: "a name is not defined yet: run the cells above this one, or check the spelling",
    AttributeError: "the name after a dot is not a column or method of that object: check the spelling",
    TypeError: "a function got an argument of the wrong kind: compare your call with the example in the hint",
    ValueError: "a value has the wrong shape or kind for that step: look at the table you pass in",
}


class task:
    """Run a code task's cell without a traceback: blanks left → "Not answered", an error → one line naming it.

    ``with checks.task("1.7"):`` then the learner's code, ending by assigning ``answer_1_7``. On entry the
    previous ``answer_1_7`` is removed (a stale answer never passes), so the check after the cell says what to do.
    While blanks remain, or after an error, ``answer_1_7`` is ``...``: a check or an nbgrader test that reads it
    says what to do, never ``NameError``. Interrupting the kernel still stops it.
    """

    def __init__(self, exercise: str) -> None:
        self.exercise = str(exercise)
        self._namespace: dict[str, Any] = {}
        self._code: Any = None

    def __enter__(self) -> task:
        frame = inspect.currentframe()
        try:
            caller = frame.f_back if frame else None
            self._namespace = caller.f_globals if caller else {}
            self._code = caller.f_code if caller else None
        finally:
            del frame
        self._namespace.pop(answer_name(self.exercise), None)
        _UNFINISHED.discard(self.exercise)
        _FAILED.discard(self.exercise)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: Any) -> bool:
        blanks = self._code is not None and _has_blanks(self._code)
        if blanks:
            _UNFINISHED.add(self.exercise)
        if error is None or not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: let them through
            if blanks:  # the answer is "not answered yet", also for a grader that reads it (helpers.grading)
                self._namespace[answer_name(self.exercise)] = ...
            return False
        if not blanks:
            _FAILED.add(self.exercise)
        self._namespace[answer_name(self.exercise)] = ...  # never a NameError in the check or grader after the cell
        _show(_unfinished(self.exercise) if blanks else Feedback(self.exercise, False,
                                                                   _error_line(self.exercise, error, tb)))
        return True


def _error_line(exercise: str, error: Exception, tb: Any) -> str:
    """One line naming the learner's error, the line of the cell it stopped at, and what to look at."""
    where = f" at line {tb.tb_lineno} of the cell" if tb is not None else ""
    text = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
    named = f"{type(error).__name__}: {text}" if text else type(error).__name__
    hint = next((h for kind, h in _ERROR_HINTS.items() if isinstance(error, kind)),
                "read the message, fix that line and run the cell again")
    return f"{NOT_YET} — exercise {exercise}: your code stopped{where} with {named}. Hint: {hint}."


def pending(exercise: str) -> Feedback | None:
    """What to do first when the code task ``exercise`` last ran with blanks or stopped with an error, else None."""
    if exercise in _UNFINISHED:
        return _unfinished(exercise)
    if exercise in _FAILED:
        return _failed(exercise)
    return None
