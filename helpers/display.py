"""How the course shows numbers, tables and errors in a notebook: :func:`setup` is called by ``plots.setup()``.

* pandas tables: no MathJax, so a ``$`` in a cell stays a dollar sign instead of starting italic maths;
  floats without scientific notation between 10^-3 and 10^15, whole numbers from 1,000 up (years, amounts)
  without decimals, smaller whole values with one (``21.0`` %), and thousands separators from 10,000 up (a
  four-digit year stays ``2020``);
* NumPy scalars print as plain numbers (``0.25``, not ``np.float64(0.25)``);
* a ``NameError`` in a notebook cell is one line naming the missing name and the cells to run, not a traceback;
  a ``TypeError`` or ``ValueError`` raised inside a course helper (a text where a number belongs, say) is one
  line naming the helper and the problem.
"""

from __future__ import annotations

import decimal
import math
import re
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["format_number", "one_line_error", "setup"]

HELPERS_DIR = Path(__file__).resolve().parent
PLAIN_RANGE = (1e-3, 1e15)  # magnitudes shown without scientific notation
SEPARATOR_FROM = 10_000  # thousands separators from five digits up: 2020 and 4630 stay as they are
WHOLE_FROM = 1000  # whole values from here on show no decimals (2020, 30,000); below, one (21.0, 3.0)
SIGNIFICANT = 6  # at most this many significant digits for a value that is not a whole number
RUN_ABOVE = "run the cells above this one (menu Run → Run All Above Selected Cell), then run this cell again."


def format_number(value: float) -> str:
    """A float as a learner reads it: ``30,000``, ``2020``, ``21.0``, ``6.47948``; e-notation outside 1e-3..1e15."""
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size and not PLAIN_RANGE[0] <= size < PLAIN_RANGE[1]:
        return f"{value:.{SIGNIFICANT - 1}e}".replace("e+0", "e+").replace("e-0", "e-")
    separator = "," if size >= SEPARATOR_FROM else ""
    if value == int(value):  # a year or an amount without decimals; a small whole value keeps its ".0" (21.0 %)
        return f"{value:{separator}.0f}" if size >= WHOLE_FROM else f"{value:.1f}"
    rounded = decimal.Decimal(f"{value:.{SIGNIFICANT}g}")
    places = max(0, -rounded.normalize().as_tuple().exponent)
    return f"{value:{separator}.{places}f}"


def _helper_frame(tb: TracebackType | None) -> str | None:
    """The ``module.function`` of the course helper the learner's code called, if the error was raised in one."""
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename).resolve()
        if HELPERS_DIR in path.parents and path.name != "display.py":
            inner = path.relative_to(HELPERS_DIR).parts  # a theme package is named as notebooks import it
            return f"{inner[0] if len(inner) > 1 else path.stem}.{tb.tb_frame.f_code.co_name}"
        tb = tb.tb_next
    return None


def _innermost_file(tb: TracebackType | None) -> Path | None:
    path = None
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return path


def one_line_error(error: BaseException, tb: TracebackType | None) -> str | None:
    """The one line a learner sees for ``error``, or None when the full traceback is more useful.

    A ``NameError`` raised by the learner's own cell names the missing variable and the cells to run; one raised
    inside course code is a bug, shown in full. A ``TypeError`` or ``ValueError`` raised inside a course helper
    names the helper and the problem.
    """
    if isinstance(error, NameError):
        inner = _innermost_file(tb)
        if inner is not None and HELPERS_DIR in inner.resolve().parents:
            return None
        name = getattr(error, "name", None) or (re.findall(r"'(\w+)'", str(error)) or ["a name"])[0]
        match = re.fullmatch(r"answer_(\d+)_(\d+)", name)
        if match:
            exercise = ".".join(match.groups())
            return (f"NameError: `{name}` is not defined yet: run the exercise {exercise} cell that sets it, "
                    f"or {RUN_ABOVE}")
        return f"NameError: `{name}` is not defined yet, because a cell above has not been run: {RUN_ABOVE}"
    if isinstance(error, TypeError | ValueError):
        helper = _helper_frame(tb)
        if helper is None:
            return None
        return (f"{type(error).__name__} in {helper}: {error}. Check the values you passed: numbers where numbers "
                f"are asked for (0.2, not \"0.2\"), names spelled as in the tables.").replace("..", ".")
    return None


def _handler(shell: Any, etype: type, value: BaseException, tb: TracebackType, tb_offset: int | None = None) -> None:
    """IPython custom exception handler: one red line, or IPython's usual traceback.

    IPython discards what a custom handler returns, so the handler shows the error itself; the one line goes
    through the exception's ``_render_traceback_`` hook (as :class:`helpers.errors.DatasetError` does), which
    Jupyter shows as an error output of that single line.
    """
    line = one_line_error(value, tb)
    if line is not None:
        value._render_traceback_ = lambda: [f"\x1b[31m{line}\x1b[0m"]  # type: ignore[attr-defined]
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


def _plain_number(value: np.generic, printer: Any, cycle: bool) -> None:
    printer.text(repr(value.item()))


def setup() -> None:
    """Configure pandas and, inside IPython/Jupyter, number printing and one-line errors. Safe to call twice."""
    pd.set_option("display.html.use_mathjax", False)
    pd.set_option("display.float_format", format_number)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    plain = shell.display_formatter.formatters["text/plain"]
    for kind in np.ScalarType:  # concrete types: IPython takes each type's own __repr__ before a base class's printer
        if isinstance(kind, type) and issubclass(kind, np.floating | np.integer | np.bool_):
            plain.for_type(kind, _plain_number)
    shell.set_custom_exc((NameError, TypeError, ValueError), _handler)


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext helpers.display``, or ``c.InteractiveShellApp.extensions = ["helpers.display"]`` in a kernel's
    config: one-line errors from the very first cell of a fresh kernel, before any notebook cell has run."""
    setup()
