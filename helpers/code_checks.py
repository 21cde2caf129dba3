"""Judges for code tasks: the table or the figure a learner built, read and compared without revealing the answer.

A code task's check is registered with :func:`register_table` (the learner's DataFrame or Series) or
:func:`register_figure` (the learner's matplotlib Axes); both go through :func:`helpers.checks.register`, so
``checks.check("1.7")`` reads ``answer_1_7`` as for every other exercise and never raises.

Tables are compared label by label (a ``key`` column such as ``province`` may stand in for the index), so the
feedback can name what kind of thing is wrong: the type, a missing column (in a cleaning task, a column left
unrenamed or undropped, or whole numbers left as decimals or text), an empty result, rows that should not be there
or are missing, text where numbers belong, a missing value counted as 0, one unit slip for the whole table (万, 亿,
thousand, million, billion, percent: :func:`helpers.checks.scale_slip`), a registered common mistake, or the
order. Figures are read from the Axes: the lines, bars and points drawn on it must show the expected series,
and the axes need labels (the y label naming the unit) and a title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from helpers import checks

__all__ = ["drawn_series", "register_figure", "register_table", "shows_series", "table_verdict"]

Verdict = tuple[bool, str]
RIGHT = "your answer is right"


def _as_table(answer: Any, expected: pd.Series | pd.DataFrame, key: str | None) -> pd.Series | pd.DataFrame:
    """The learner's table with the expected shape of labels: ``key`` moved to the index when it is a column."""
    if key and isinstance(answer, pd.DataFrame) and key in answer.columns:
        answer = answer.set_index(key)
    if isinstance(expected, pd.Series) and isinstance(answer, pd.DataFrame):
        if expected.name in answer.columns:
            return answer[expected.name]
        if answer.shape[1] == 1:
            return answer.iloc[:, 0]
    return answer


def _label_problem(got: pd.Index, want: pd.Index, kind: str) -> str | None:
    extra = [label for label in got if label not in set(want)]
    missing = [label for label in want if label not in set(got)]
    if got.has_duplicates:
        return f"your {kind} repeats some labels (e.g. {got[got.duplicated()][0]!r}): one row per label was asked for"
    if not extra and not missing:
        return None
    if len(extra) == len(got) and len(missing) == len(want):
        return (f"none of your row labels is one asked for (yours start {list(got[:2])!r}): check what the rows "
                "should be (set the index, or keep the key column), or whether the table is transposed")
    parts = []
    if extra:
        parts.append(f"{len(extra)} row(s) that should not be there (e.g. {extra[0]!r}): check your filter")
    if missing:
        parts.append(f"{len(missing)} row(s) missing (e.g. {missing[0]!r}): check your filter and any join")
    return f"your {kind} has " + "; and ".join(parts)


def _numbers(table: pd.Series | pd.DataFrame) -> np.ndarray | None:
    try:
        return np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        return None


def _value_problem(got: np.ndarray, want: np.ndarray, rtol: float, kind: str) -> str | None:
    want_missing, got_missing = np.isnan(want), np.isnan(got)
    if np.any(want_missing & (got == 0)):
        return (f"your {kind} shows 0 where the data have no value: a sum over missing values is 0 in pandas, "
                "so a missing year looks like a year with nothing; keep it missing (e.g. `sum(min_count=1)`)")
    if np.any(got_missing & ~want_missing):
        return f"your {kind} has missing values (NaN) where numbers were expected: check the join or the filter"
    both = ~want_missing & ~got_missing
    if np.allclose(got[both], want[both], rtol=rtol, atol=1e-12):
        return None
    nonzero = both & (want != 0) & (got != 0)
    if nonzero.any():
        ratios = got[nonzero] / want[nonzero]
        if np.allclose(ratios, ratios[0], rtol=0.02):
            hint = checks.scale_slip(float(ratios[0]))
            if hint:
                return f"every value of your {kind} is {hint}"
    return f"the labels are right, but some values of your {kind} are not: check the arithmetic and its units"


def _kind_problem(answer: pd.DataFrame, expected: pd.DataFrame, key: str | None) -> str | None:
    """A cleaning task's columns: one the task renames or drops still there, or whole numbers held as decimals or
    text (``expected`` has ``key``, if given, as its index)."""
    wanted = {*map(str, expected.columns), *([key] if key else [])}
    have = {*map(str, answer.columns), str(answer.index.name)}
    extra = [str(c) for c in answer.columns if str(c) not in wanted]
    missing = sorted(wanted - have)
    named = ", ".join(extra[:6]) + (f" and {len(extra) - 6} more" if len(extra) > 6 else "")
    if extra and missing:
        return (f"your table still has the column(s) {named} and lacks {', '.join(missing)}: give the "
                "columns the names asked for with `rename(columns={old: new, ...})`")
    if extra:
        return f"your table still has the column(s) {named}: drop them with `drop(columns=...)`"
    whole = [str(c) for c in expected.columns if pd.api.types.is_integer_dtype(expected[c])]
    if key and pd.api.types.is_integer_dtype(expected.index):
        whole.append(key)
    for name in whole:
        values = answer.index if answer.index.name == name else answer.get(name)
        if values is None or pd.api.types.is_integer_dtype(values):
            continue
        if pd.api.types.is_float_dtype(values):
            return (f"the column {name} holds decimals (numbers written like 7.0) where whole numbers were asked for: "
                    "convert it with `.astype(\"int64\")`")
        return (f"the column {name} holds text where whole numbers were asked for: convert it with "
                "`pd.to_numeric(...)`, then `.astype(\"int64\")`")
    return None


def table_verdict(answer: Any, expected: pd.Series | pd.DataFrame, *, key: str | None = None, ordered: bool = False,
                  rtol: float = 1e-3, order_hint: str = "sort it as the task asks", strict: bool = False) -> Verdict:
    """Compare the learner's table with ``expected`` label by label; ``(passed, detail)`` without the answer.

    ``key`` names a column that may stand in for the index; ``ordered`` says the row order is part of the task
    (a ranking), and ``order_hint`` says how to sort when it is wrong. ``strict`` (a cleaning task) also judges the
    columns themselves: none beyond the expected ones, and whole numbers stored as integers.
    """
    kind = "Series" if isinstance(expected, pd.Series) else "table"
    if not isinstance(answer, pd.Series | pd.DataFrame):
        return False, (f"expected a pandas {kind}, but got {type(answer).__name__}: the last line of the task "
                       f"should assign the table you built")
    if len(answer) == 0 and len(expected):
        return False, (f"your {kind} is empty: the filter kept no rows; compare the value you filter on with the "
                       "column's values (`table[\"column\"].unique()`)")
    strict = strict and isinstance(expected, pd.DataFrame) and isinstance(answer, pd.DataFrame)
    if strict and (problem := _kind_problem(answer, expected, key)) is not None:
        return False, problem
    answer = _as_table(answer, expected, key)
    if isinstance(expected, pd.DataFrame):
        if not isinstance(answer, pd.DataFrame):
            return False, "expected a DataFrame with several columns, but got a Series"
        missing = [column for column in expected.columns if column not in answer.columns]
        if missing:
            transposed = all(str(c) in map(str, answer.index) for c in missing)
            if transposed:
                return False, "your table looks transposed: the rows and the columns are swapped"
            return False, f"your table lacks the column(s) {', '.join(map(str, missing))}"
        answer = answer[list(expected.columns)]
    if (problem := _label_problem(answer.index, expected.index, kind)) is not None:
        return False, problem
    aligned = answer.loc[expected.index]
    got, want = _numbers(aligned), _numbers(expected)
    if got is None:
        if want is not None:
            return False, (f"your {kind} holds text where numbers were asked for: convert it with `pd.to_numeric` "
                           "(remove units or thousands separators first)")
        same = bool((aligned.astype(str).to_numpy() == expected.astype(str).to_numpy()).all())  # labels matched
        return same, RIGHT if same else f"some values of your {kind} differ from what was asked"
    if (problem := _value_problem(got, want, rtol, kind)) is not None:
        return False, problem
    if ordered and not answer.index.equals(expected.index):
        if answer.index.equals(expected.index[::-1]):
            return False, f"the values are right but the order is reversed: {order_hint}"
        return False, f"the values are right but not in the order asked for: {order_hint}"
    return True, RIGHT


def register_table(exercise: str, expected: Callable[[], pd.Series | pd.DataFrame], *, key: str | None = None,
                   ordered: bool = False, rtol: float = 1e-3, order_hint: str = "sort it as the task asks",
                   strict: bool = False, mistakes: tuple[tuple[Callable[[], Any], str], ...] = ()) -> None:
    """Register a code task whose answer is a table; ``mistakes`` pair a wrong table with the hint for it;
    ``strict`` for a cleaning task (see :func:`table_verdict`)."""

    def judge(answer: Any) -> Verdict:
        passed, detail = table_verdict(answer, expected(), key=key, ordered=ordered, rtol=rtol, order_hint=order_hint,
                                       strict=strict)
        if passed:
            return passed, detail
        for wrong, hint in mistakes:
            if table_verdict(answer, wrong(), key=key, ordered=False, rtol=rtol)[0]:
                return False, hint
        return passed, detail

    checks.register(exercise, expected, rtol=rtol, mistakes=mistakes, judge=judge)


def drawn_series(ax: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (x, y) arrays of every line, bar series and scatter drawn on a matplotlib Axes."""
    from matplotlib.container import BarContainer

    series = []
    for line in ax.get_lines():
        series.append((np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)))
    for bars in ax.containers:
        if isinstance(bars, BarContainer):
            patches = list(bars)
            horizontal = getattr(bars, "orientation", "vertical") == "horizontal"
            xs = [p.get_y() + p.get_height() / 2 if horizontal else p.get_x() + p.get_width() / 2 for p in patches]
            ys = [p.get_width() if horizontal else p.get_height() for p in patches]
            series.append((np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)))
    for points in ax.collections:
        offsets = np.asarray(points.get_offsets(), dtype=float)
        if offsets.ndim == 2 and len(offsets):
            series.append((offsets[:, 0], offsets[:, 1]))
    return series


def _same_values(ys: np.ndarray, want: np.ndarray) -> float | None:
    """1.0 when ``ys`` shows ``want`` (missing values ignored), the common ratio when it is scaled, else None."""
    wanted = want[~np.isnan(want)]
    shown = ys[~np.isnan(ys)]
    if len(shown) != len(wanted) or not len(wanted):
        return None
    if np.allclose(shown, wanted, rtol=1e-6, atol=1e-9):
        return 1.0
    nonzero = (wanted != 0) & (shown != 0)
    if nonzero.any():
        ratios = shown[nonzero] / wanted[nonzero]
        if np.allclose(ratios, ratios[0], rtol=0.02):
            return float(ratios[0])
    return None


def figure_verdict(answer: Any, expected: pd.DataFrame, *, unit: str = "") -> Verdict:
    """Judge a learner's Axes: each column of ``expected`` drawn, both axes labelled (y with ``unit``), a title.

    ``unit`` lists the spellings the y label may use to name the unit, separated by ``|`` (``"%|percent"``).
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Figure) and answer.axes:
        answer = answer.axes[0]
    if not isinstance(answer, Axes):
        return False, (f"expected the Axes `ax` from `fig, ax = plt.subplots()`, but got {type(answer).__name__}: "
                       "end the task with `answer_N_M = ax`")
    drawn = drawn_series(answer)
    if not drawn:
        return False, "your Axes is empty: draw on it with `ax.plot(x, y)` or `ax.bar(x, y)`"
    for name, series in expected.items():
        want = np.asarray(series, dtype=float)
        ratios = [r for _, ys in drawn if (r := _same_values(ys, want)) is not None]
        if 1.0 not in ratios:
            slip = next((hint for r in ratios if (hint := checks.scale_slip(r))), None)
            if slip:
                return False, f"your line for {name} is {slip}"
            return False, (f"none of the series on your Axes shows {name}: check the column you plot "
                           "(and that you plot the whole table, not a filtered part)")
    if not answer.get_xlabel().strip():
        return False, "the series are right; now label the x axis with `ax.set_xlabel(...)`"
    ylabel = answer.get_ylabel().strip()
    if not ylabel:
        return False, "the series are right; now label the y axis, with its unit, using `ax.set_ylabel(...)`"
    if unit and not any(word.casefold() in ylabel.casefold() for word in unit.split("|")):
        return False, f"name the unit in the y-axis label: a reader cannot tell what {ylabel!r} is measured in"
    if not answer.get_title().strip():
        return False, "the series and labels are right; give the figure a title with `ax.set_title(...)`"
    if expected.shape[1] > 1 and answer.get_legend() is None:
        return False, "several series share the Axes: add a legend (`label=` in each call, then `ax.legend()`)"
    return True, "your figure shows the right series, with labelled axes and a title"


def shows_series(answer: Any, expected: pd.DataFrame) -> bool:
    """True when the learner's Axes (or Figure) draws every column of ``expected`` exactly."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Figure) and answer.axes:
        answer = answer.axes[0]
    if not isinstance(answer, Axes):
        return False
    drawn = drawn_series(answer)
    return all(any(_same_values(ys, np.asarray(series, dtype=float)) == 1.0 for _, ys in drawn)
               for _, series in expected.items())


def register_figure(exercise: str, expected: Callable[[], pd.DataFrame], *, unit: str = "",
                    mistakes: tuple[tuple[Callable[[], pd.DataFrame], str], ...] = ()) -> None:
    """Register a code task whose answer is an Axes; ``expected`` has one column per series it must show.

    ``mistakes`` pair the series of a typical wrong figure (another entity, another column) with the hint for it,
    given when the learner's Axes shows those series instead of the expected ones.
    """

    def judge(answer: Any) -> Verdict:
        passed, detail = figure_verdict(answer, expected(), unit=unit)
        if not passed and mistakes and not shows_series(answer, expected()):
            for wrong, hint in mistakes:
                if shows_series(answer, wrong()):
                    return False, hint
        return passed, detail

    checks.register(exercise, expected, unit=unit, mistakes=mistakes, judge=judge)
