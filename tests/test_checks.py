"""Self-checks (helpers/checks.py): feedback on crafted answers, and robustness against anything at all.

Temporary checks with ids 99.x are registered for these tests and removed afterwards. Their expected
values are computed here from small made-up inputs, independently of the code under test.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import math
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from hypothesis.extra import pandas as hpd

from helpers import checks

# A household's income in yuan: the mean of three quarterly figures times four.
INCOME_YUAN = (3_086.25 + 3_411.5 + 2_758.9) / 3 * 4
# Compound annual growth as a fraction: 256.3 -> 412.7 over 9 years.
GROWTH = (412.7 / 256.3) ** (1 / 9) - 1
SIMPLE_GROWTH = (412.7 / 256.3 - 1) / 9
SIMPLE_HINT = "that is simple growth; compound it"
YEARS = [2019, 2020, 2021]
SERIES = pd.Series([1.5 * 1.5**k for k in range(3)], index=pd.Index(YEARS, name="year"), name="solar_twh")
TABLE = pd.DataFrame({"coal_twh": [301.25, 297.75, 310.5], "solar_twh": SERIES.to_numpy()},
                     index=SERIES.index)
CITY = "Taiyuan"
EXPECTED = {"99.1": INCOME_YUAN, "99.2": GROWTH, "99.3": SERIES, "99.4": TABLE, "99.5": CITY}


@pytest.fixture(scope="module", autouse=True)
def temporary_checks() -> Iterator[None]:
    checks.register("99.1", lambda: INCOME_YUAN, unit="yuan")
    checks.register("99.2", lambda: GROWTH, unit="a fraction", mistakes=((lambda: SIMPLE_GROWTH, SIMPLE_HINT),))
    for exercise in ("99.3", "99.4", "99.5"):
        checks.register(exercise, lambda value=EXPECTED[exercise]: value)
    yield
    for exercise in EXPECTED:
        del checks._REGISTRY[exercise]


def passed(exercise: str, answer: Any) -> bool:
    return checks.evaluate(exercise, answer).passed


def message(exercise: str, answer: Any) -> str:
    feedback = checks.evaluate(exercise, answer)
    assert not feedback.passed
    return feedback.message


def test_numbers_pass_within_the_tolerance() -> None:
    assert passed("99.1", INCOME_YUAN) and passed("99.1", INCOME_YUAN * (1 + 5e-4))
    assert passed("99.1", np.float32(INCOME_YUAN)) and passed("99.1", np.array([INCOME_YUAN]))
    assert not passed("99.1", INCOME_YUAN * (1 + 5e-3))
    assert checks.evaluate("99.1", INCOME_YUAN).message == "✅ Self-check 99.1: passed."


@pytest.mark.parametrize(("factor", "words"), [
    (1e4, ["10,000 times too large", "万"]), (1e-4, ["10,000 times too small", "万"]),
    (1e8, ["100 million times too large", "亿"]), (1e-8, ["100 million times too small", "亿"]),
    (100, ["percent"]), (-1, ["sign"]),
])
def test_unit_and_sign_hints(factor: float, words: list[str]) -> None:
    text = message("99.1", INCOME_YUAN * factor)
    assert all(word in text for word in words), text
    assert not text.endswith("?."), text


def test_percent_hints_for_a_fraction() -> None:
    assert "a percent where a fraction was asked for" in message("99.2", GROWTH * 100)
    assert "a fraction where a percent was asked for" in message("99.2", GROWTH / 100)


def test_rounding_hint() -> None:
    assert "round" in message("99.1", round(INCOME_YUAN, -2))


def test_registered_mistake_hint() -> None:
    assert SIMPLE_HINT in message("99.2", SIMPLE_GROWTH)


def test_wrong_numbers_and_types() -> None:
    assert "not yet right (answer in yuan)" in message("99.1", INCOME_YUAN / 3)
    assert "finite" in message("99.1", math.inf) and "finite" in message("99.1", float("nan"))
    assert "expected a number, but got text" in message("99.1", "12345")
    assert "got bool" in message("99.1", True)
    assert "got list" in message("99.1", [INCOME_YUAN])
    assert "far too large" in message("99.1", 10**400)


def test_not_answered_and_unknown() -> None:
    for blank in (..., None):
        feedback = checks.evaluate("99.1", blank)
        assert not feedback.passed and "not answered yet" in feedback.message
    assert "no self-check '98.7'" in message("98.7", 1.0)


@pytest.mark.parametrize(("answer", "words"), [
    (SERIES.to_list(), "expected a pandas Series, but got list"),
    (TABLE, "expected a pandas Series, but got DataFrame"),
    (SERIES.iloc[:2], "shape"),
    (SERIES.reset_index(drop=True), "different index"),
    (SERIES.iloc[::-1], "different index"),
    (SERIES * 1.1, "some values"),
])
def test_series_feedback(answer: Any, words: str) -> None:
    assert words in message("99.3", answer)


def test_series_passes() -> None:
    assert passed("99.3", pd.Series([1.5, 2.25, 3.375], index=YEARS))


@pytest.mark.parametrize(("answer", "words"), [
    (TABLE.to_numpy(), "expected a pandas DataFrame, but got ndarray"),
    (TABLE.drop(columns="solar_twh"), "lacks the column(s) solar_twh"),
    (pd.concat([TABLE, TABLE.iloc[:1]]), "shape"),
    (TABLE.reset_index(), "different index"),
    (TABLE.assign(coal_twh=TABLE["coal_twh"] + 1), "some values"),
    (TABLE.astype(str), "holds text where numbers were asked for"),
])
def test_table_feedback(answer: Any, words: str) -> None:
    assert words in message("99.4", answer)


def test_table_passes_with_extra_or_reordered_columns() -> None:
    assert passed("99.4", TABLE.copy())
    assert passed("99.4", TABLE[["solar_twh", "coal_twh"]].assign(note="x"))


def test_text_answers() -> None:
    assert passed("99.5", " taiyuan ")
    assert "spelling" in message("99.5", "Datong")
    assert "expected text (a str), but got int" in message("99.5", 42)


def test_ready(capsys: pytest.CaptureFixture[str]) -> None:
    assert checks.ready("99.1", 1.0) is True and capsys.readouterr().out == ""
    for blank in (..., None):
        assert checks.ready("99.1", blank) is False
        assert "complete exercise 99.1 first" in capsys.readouterr().out


def test_registered_lists_the_temporary_checks_in_numeric_order() -> None:
    checks.register("99.10", lambda: 1.0)
    try:
        ids = checks.registered()
        assert ids[-6:] == ["99.1", "99.2", "99.3", "99.4", "99.5", "99.10"]
    finally:
        del checks._REGISTRY["99.10"]


# Property: any answer at all, to every registered check --------------------------------------------

CHECKS_SOURCE = inspect.getsource(checks).casefold()  # fixed template text may contain any number


def number_forms(x: float) -> set[str]:
    """How a number may be written: repr, general, fixed, thousands, rounded, as a percent."""
    forms = {repr(x), str(x), f"{x:g}", f"{x:.4g}", f"{x:.3g}", f"{x:.2f}", f"{x:,.2f}", f"{x:.1f}",
             f"{x:,.0f}", str(round(x))}
    if abs(x) < 1:
        forms |= {f"{100 * x:g}", f"{100 * x:.1f}", f"{100 * x:.2f}"}
    return forms


def revealing_forms(expected: Any) -> set[str]:
    """String forms of ``expected`` distinctive enough that seeing one in feedback gives the answer away."""
    if isinstance(expected, pd.Series | pd.DataFrame):
        return set().union(*map(revealing_forms, np.asarray(expected, dtype=object).ravel()))
    if isinstance(expected, str):
        return {expected.strip().casefold()}
    if isinstance(expected, bool) or not math.isfinite(expected):
        return set()
    return {form for form in number_forms(float(expected))
            if len(re.findall(r"\d", form)) >= 2 and re.search(r"[1-9]", form)}


def near_misses(expected: Any) -> st.SearchStrategy:
    """Answers a learner might plausibly give: the expected value scaled, rounded, retyped or reshaped."""
    if isinstance(expected, pd.Series | pd.DataFrame):
        return st.sampled_from([expected, expected * 1.1, expected.iloc[:-1], expected.iloc[::-1],
                                expected.reset_index(), expected.to_numpy(), expected.astype(str),
                                expected.to_dict(), expected.T, expected.head(0)])
    if isinstance(expected, str):
        return st.sampled_from([expected, expected.upper(), expected + "s", expected[:-1], f" {expected} "])
    factors = [1, 1 + 1e-4, 1.02, 1.2, 1e4, 1e-4, 1e8, 1e-8, 1e6, 1e9, 100, 0.01, -1, 0]
    return st.one_of(
        st.sampled_from(factors).map(lambda factor: expected * factor),
        st.integers(0, 4).map(lambda digits: round(float(expected), digits)),
        st.sampled_from([str(expected), np.array([expected]), np.float32(expected), [expected]]),
    )


ANYTHING = st.one_of(
    st.none(), st.just(...), st.booleans(), st.text(max_size=30), st.integers(), st.integers(10**300, 10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(),
    st.lists(st.floats() | st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=5), st.floats(), max_size=3),
    hnp.arrays(hnp.scalar_dtypes(), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)),
    hpd.series(dtype=float, index=hpd.range_indexes(max_size=4)),
    st.integers(0, 3).flatmap(lambda n: hpd.data_frames(hpd.columns(n, dtype=float),
                                                        index=hpd.range_indexes(max_size=4))),
    st.just(pd.DataFrame()), st.just(pd.Series(dtype=object)),
)


def all_checks() -> list[str]:
    return sorted(set(checks.registered()) | set(EXPECTED))


@pytest.mark.parametrize("exercise", all_checks())
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_answer_gets_one_line_of_feedback_that_hides_the_answer(exercise: str, data: st.DataObject) -> None:
    expected = EXPECTED[exercise] if exercise in EXPECTED else checks._REGISTRY[exercise].expected()
    answer = data.draw(ANYTHING | near_misses(expected))
    feedback = checks.evaluate(exercise, answer)
    assert "could not read" not in feedback.message, feedback.message
    echoed = f"{answer!s} {answer!r}".casefold()  # the learner's own answer may be quoted back
    shown = feedback.message.casefold()
    leaked = {form for form in revealing_forms(expected)
              if form.casefold() in shown and form.casefold() not in echoed + CHECKS_SOURCE}
    assert not leaked, f"{feedback.message!r} gives away {leaked}"

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        checks.check(exercise, answer)
    assert printed.getvalue() == feedback.message + "\n"
    assert feedback.message.count("\n") == 0
