"""The quick checks of notebooks 00 and 04 (0.4, 0.5, 4.11, 4.12) and their exercises rewritten as transfers
(0.1, 0.2, 4.2, 4.6): the right answer passes, and each plausible slip (万/亿/million, year/years, percentage
points/percent, steps/years, nominal/real, adding/compounding, count/share, multiplying by a rate, median/mean)
gets its own feedback, never the answer.

Expected values are computed here from the raw CSV files with plain pandas, never from helpers/exercises.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import checks, data

CSV = data.datasets_dir()
CLAIMS = pd.read_csv(CSV / "article_claims.csv")
YEAR_ROWS = int((CLAIMS["unit"] == "year").sum())
YEARS_ROWS = int((CLAIMS["unit"] == "years").sum())
XINZHOU_Q1_YUAN = float(CLAIMS.set_index("claim_id").loc["C037", "value"])
HEADCOUNT = pd.read_csv(CSV / "poverty_headcount.csv")
NATIONAL = HEADCOUNT.query("entity_name == 'China' and poverty_line == 'national line'") \
    .set_index("year")["headcount_pct"]
FALL_PP = NATIONAL[2015] - NATIONAL[2020]
SOCIO = pd.read_csv(CSV / "shanxi_socioeconomic.csv").pivot(index="year", columns="variable", values="value")
REAL = SOCIO["gdp_real_gcam_derived"]
NOMINAL = SOCIO["gdp_nominal"]
REAL_PCT = 100 * (REAL[2019] / REAL[2015] - 1)

POVERTY_ROWS = int((CLAIMS["theme"] == "poverty_alleviation").sum())
FX1 = CLAIMS[CLAIMS["pair_id"] == "FX1"].set_index("unit")["value"]
FX1_RATE = FX1["yuan"] / FX1["USD"]
YUNCHENG_GDP_YUAN = float(CLAIMS.set_index("claim_id").loc["C064", "value"])
RATES = CLAIMS.dropna(subset=["pair_id"]).pivot(index="pair_id", columns="unit", values="value")
RATES = RATES["yuan"] / RATES["USD"]

RIGHT = {"0.1": 100 * POVERTY_ROWS / len(CLAIMS), "0.2": YUNCHENG_GDP_YUAN / FX1_RATE / 1e9,
         "4.2": 100 * (1 / 0.7 - 1), "4.6": float((100 * (RATES / RATES.mean() - 1)).abs().max()),
         "0.4": YEAR_ROWS, "0.5": XINZHOU_Q1_YUAN / 1e8, "4.11": FALL_PP / 5, "4.12": REAL_PCT}


@pytest.mark.parametrize(("exercise", "answer"), RIGHT.items())
def test_the_right_answer_passes(exercise, answer):
    assert checks.evaluate(exercise, answer).passed


@pytest.mark.parametrize(("exercise", "answer", "words"), [
    ("0.1", POVERTY_ROWS, "that is the number of claims"),
    ("0.1", POVERTY_ROWS / len(CLAIMS), "a fraction where a percent was asked for"),
    ("0.2", YUNCHENG_GDP_YUAN * FX1_RATE / 1e9, "so divide"),
    ("0.2", YUNCHENG_GDP_YUAN / 1e9, "not yet converted"),
    ("4.2", 30.0, "a 30 % cut in time is not a 30 % rise"),
    ("4.6", float((100 * (RATES / RATES.median() - 1)).abs().max()), "that is the distance from the median"),
    ("0.4", YEAR_ROWS + YEARS_ROWS, "'years' (a duration"),
    ("0.5", XINZHOU_Q1_YUAN / 1e4, "that is in 万 yuan"),
    ("0.5", XINZHOU_Q1_YUAN / 1e9, "1 亿 is 100 million, a tenth of a billion"),
    ("0.5", XINZHOU_Q1_YUAN / 1e6, "that is in millions of yuan"),
    ("0.5", XINZHOU_Q1_YUAN, "100 million times too large"),
    ("4.11", FALL_PP / 6, "five yearly steps, not six"),
    ("4.11", FALL_PP, "over the whole period"),
    ("4.11", 100 * FALL_PP / NATIONAL[2015] / 5, "percentage points: subtract"),
    ("4.11", -FALL_PP / 5, "the sign is wrong"),
    ("4.12", 100 * (NOMINAL[2019] / NOMINAL[2015] - 1), "the nominal series"),
    ("4.12", 100 * REAL.pct_change().loc[2016:2019].sum(), "adding the yearly rates ignores compounding"),
    ("4.12", REAL[2019] / REAL[2015], "growth factor"),
])
def test_slips_get_their_own_feedback_without_the_answer(exercise, answer, words):
    feedback = checks.evaluate(exercise, answer)
    assert not feedback.passed and words in feedback.message, feedback.message
    if exercise != "0.4":  # a count of 10 would match any "10" in a hint; the registry-wide test covers it
        assert f"{RIGHT[exercise]:.3g}" not in feedback.message
