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
    assert checks.evaluate("99.1", INCOME_YUAN).message == "Passed — self-check 99.1: your answer is right."


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
        assert not feedback.passed and feedback.message.startswith("Not answered — exercise 99.1: replace")
    assert message("98.7", 1.0).startswith("Cannot check — there is no self-check '98.7'")


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
        assert "complete exercise 99.1 and run its cell first" in capsys.readouterr().out


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


def changed(table: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """The table with every value a little off: numbers 10 % larger, text in capitals (verdict rows hold text)."""
    if isinstance(table, pd.Series):
        return table.astype(str).str.upper() if checks._has_text(table) else table * 1.1
    return table.apply(changed)


def near_misses(expected: Any) -> st.SearchStrategy:
    """Answers a learner might plausibly give: the expected value scaled, rounded, retyped or reshaped."""
    if isinstance(expected, pd.Series | pd.DataFrame):
        return st.sampled_from([expected, changed(expected), expected.iloc[:-1], expected.iloc[::-1],
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
    echoed = f"{answer!s} {answer!r} {exercise}".casefold()  # the learner's own answer and the exercise id may show
    shown = feedback.message.casefold()
    leaked = {form for form in revealing_forms(expected)
              if form.casefold() in shown and form.casefold() not in echoed + CHECKS_SOURCE}
    assert not leaked, f"{feedback.message!r} gives away {leaked}"

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        checks.check(exercise, answer)
    assert printed.getvalue() == feedback.message + "\n"
    assert feedback.message.count("\n") == 0


# Feedback legible with no emoji font and no colour (issue 21, item 3) -------------------------------

@pytest.mark.parametrize(("answer", "word"), [
    (INCOME_YUAN, "Passed"), (INCOME_YUAN / 3, "Not yet"), (..., "Not answered"), (pd.NA, "Not answered"),
])
def test_feedback_starts_with_a_word_and_uses_no_emoji(answer: Any, word: str) -> None:
    feedback = checks.evaluate("99.1", answer)
    assert feedback.message.startswith(f"{word} — ") and feedback.status == word
    assert all(ord(char) < 0x2190 or char in "—→万亿" for char in feedback.message), feedback.message


def test_feedback_html_colours_the_word_and_keeps_the_text() -> None:
    good, bad = checks.evaluate("99.1", INCOME_YUAN), checks.evaluate("99.1", -INCOME_YUAN)
    good_html, bad_html = good._repr_mimebundle_()["text/html"], bad._repr_mimebundle_()["text/html"]
    assert good._repr_mimebundle_()["text/plain"] == good.message
    assert '<strong style="color:#1a6b34">Passed</strong>' in good_html
    assert '<strong style="color:#a3290f">Not yet</strong>' in bad_html and "sign is wrong" in bad_html
    assert re.sub(r"<[^>]+>", "", good_html) == good.message  # the same words with or without colour


# Answers read by name (issue 21, item 4) ----------------------------------------------------------

def test_check_reads_the_answer_by_name_from_the_callers_namespace() -> None:
    namespace = {"checks": checks}
    for source, expected in [
        ('checks.check("99.1")', "Not answered — exercise 99.1: `answer_99_1` does not exist yet. "
                                  "Run the exercise 99.1 cell above (the one that sets `answer_99_1`), "
                                  "then run this check again."),
        (f"answer_99_1 = {INCOME_YUAN!r}\nchecks.check('99.1')", "Passed — self-check 99.1: your answer is right."),
        ("answer_99_1 = ...\nchecks.check('99.1')", "Not answered — exercise 99.1: replace"),
    ]:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(source, namespace)
        assert printed.getvalue().startswith(expected), printed.getvalue()


def test_ready_reads_the_answer_by_name() -> None:
    printed = io.StringIO()
    namespace: dict[str, Any] = {"checks": checks}
    with contextlib.redirect_stdout(printed):
        assert exec("result = checks.ready('99.1')", namespace) is None and namespace["result"] is False
        namespace["answer_99_1"] = 3.0
        exec("result = checks.ready('99.1')", namespace)
    assert namespace["result"] is True
    assert printed.getvalue() == ("Not answered — this cell uses your answer to exercise 99.1 (`answer_99_1`): "
                                  "complete exercise 99.1 and run its cell first.\n")


# Issue 13: Decimal, pd.NA, rounding versus registered mistakes, damaged datasets --------------------

def test_decimal_answers_are_numbers() -> None:
    from decimal import Decimal
    assert passed("99.1", Decimal(repr(INCOME_YUAN)))
    assert "sign is wrong" in message("99.1", -Decimal(repr(INCOME_YUAN)))
    assert "finite" in message("99.1", Decimal("NaN"))


def test_missing_values_are_not_answered() -> None:
    for blank in (pd.NA, pd.NaT):
        assert message("99.1", blank).startswith("Not answered — exercise 99.1")


def test_an_answer_rounded_too_far_gets_round_less_not_the_mistake() -> None:
    """99.6: right 1.1627 (made-up), a registered mistake 1.16: the answer 1.16 is both, so "round less"."""
    right, mistake = 1.1627, 1.16
    checks.register("99.6", lambda: right, rtol=1e-4, mistakes=((lambda: mistake, "MISTAKE HINT"),))
    try:
        assert checks.ROUND_LESS in message("99.6", 1.16)
        assert "MISTAKE HINT" not in message("99.6", 1.16)
        assert "MISTAKE HINT" in message("99.6", 1.15998)  # written to 6 figures: the mistake, not rounding
    finally:
        del checks._REGISTRY["99.6"]


def test_round_less_only_when_the_right_value_is_within_the_rounding() -> None:
    checks.register("99.7", lambda: 1.44, rtol=1e-4, mistakes=((lambda: 1.4, "ADDED"), (lambda: 1.5, "MIDPOINT")))
    try:
        assert checks.ROUND_LESS in message("99.7", 1.4)  # 1.44 rounds to 1.4: cannot tell
        assert "MIDPOINT" in message("99.7", 1.5)  # 1.44 does not round to 1.5: the mistake
        assert "ADDED" in message("99.7", 1.40001)  # written to 6 figures: clearly the mistake
    finally:
        del checks._REGISTRY["99.7"]


def test_real_exercises_rounded_to_three_figures_get_round_less() -> None:
    """Issue 13's cases: 1.4's answer written as 1.16 and 3.2's as 1.4 (to 3 and 2 significant figures)."""
    checks.registered()  # imports every exercise module
    for exercise in ("1.4", "3.2"):
        expected = checks._REGISTRY[exercise].expected()
        for figures in (2, 3):
            rounded = float(f"{expected:.{figures}g}")
            feedback = checks.evaluate(exercise, rounded)
            mistaken = [hint for wrong, hint in checks._REGISTRY[exercise].mistakes if hint in feedback.message]
            assert not mistaken, f"{exercise} answered {rounded}: {feedback.message}"
            assert feedback.passed or checks.ROUND_LESS in feedback.message or "round" in feedback.message


def test_a_damaged_dataset_is_named_not_the_answer(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from helpers import data
    copy = tmp_path / "datasets"
    shutil.copytree(data.datasets_dir(), copy)
    csv = copy / "province_co2_totals.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Shanxi", "Shanxy"), encoding="utf-8")
    monkeypatch.setenv("SHANXI_DATASETS_DIR", str(copy))  # data's caches are keyed by path and file state
    feedback = checks.evaluate("1.1", 3)
    assert feedback.message.startswith("Cannot check — self-check 1.1 needs a course dataset that is damaged")
    assert "province_co2_totals.csv" in feedback.message and "could not read" not in feedback.message
    assert feedback.message.count("\n") == 0
