"""Autograder tests for nbgrader, judged by the course's own self-checks.

``python3 course.py nbgrader`` turns each self-check cell of a teacher notebook into an nbgrader test cell
that calls :func:`points`. The answer is judged by the same registry as the self-check
(``helpers/exercises/nbNN.py``, read through :func:`helpers.checks.evaluate`), so no expected answer is
ever written into a notebook. A wrong answer fails the test with the course's explanation of what is wrong;
nbgrader then gives the cell 0 points and shows that explanation in the student's feedback.
"""

from __future__ import annotations

from typing import Any

from helpers import checks


class NotYetRight(AssertionError):
    """An answer that does not pass its self-check; the message is the course's feedback for it."""


def points(exercise: str, answer: Any) -> None:
    """Judge ``answer`` to ``exercise`` (e.g. ``"1.3"``) as its self-check does, for an nbgrader test cell.

    Prints the self-check's feedback either way (for a code task whose cell still has ``...`` blanks or stopped
    with an error, the line that says so); raises :class:`NotYetRight` (an ``AssertionError``)
    carrying that feedback when the answer is wrong, missing (``...``) or unreadable, which is how
    nbgrader's autograder recognises a failed test cell.
    """
    from helpers import tasks  # a code task's cell left with blanks, or stopped by an error, says so first

    feedback = tasks.pending(exercise) or checks.evaluate(exercise, answer)
    print(feedback.message)
    if not feedback.passed:
        raise NotYetRight(feedback.message)
