"""Growth and unit arithmetic, with properties over the ranges learners use."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import growth, units

positive = st.floats(min_value=1e-6, max_value=1e12, allow_nan=False)
rates = st.floats(min_value=-0.9, max_value=2.0, allow_nan=False)


def test_cagr_of_a_doubling_over_one_year_is_100_percent():
    assert growth.cagr(50, 100, 1) == pytest.approx(1.0)


def test_cagr_reads_trust_100_style_numbers():
    # 30,000 -> 400,000,000 in 4 years: 13,333-fold, so the yearly factor is its 4th root.
    assert growth.cagr(30_000, 400_000_000, 4) == pytest.approx((400_000_000 / 30_000) ** 0.25 - 1)


@given(start=positive, rate=rates, years=st.integers(min_value=1, max_value=50))
def test_cagr_inverts_compound(start, rate, years):
    end = growth.compound(start, rate, years)[-1]
    if end > 0 and math.isfinite(end):
        assert growth.cagr(start, end, years) == pytest.approx(rate, abs=1e-6)


def test_compound_has_years_plus_one_values_starting_at_start():
    path = growth.compound(100.0, 0.1, 3)
    np.testing.assert_allclose(path, [100, 110, 121, 133.1])


@pytest.mark.parametrize("bad", [(0, 1, 1), (1, 0, 1), (1, 1, 0), (-1, 5, 2)])
def test_cagr_refuses_non_positive_inputs(bad):
    with pytest.raises(ValueError):
        growth.cagr(*bad)


@given(rate=st.floats(min_value=1e-4, max_value=1.0), factor=st.floats(min_value=1.01, max_value=1e6))
def test_years_to_multiply_inverts_compounding(rate, factor):
    years = growth.years_to_multiply(rate, factor)
    assert (1 + rate) ** years == pytest.approx(factor, rel=1e-9)


def test_percentage_points_are_a_difference_not_a_ratio():
    assert growth.pp_difference(7.8, 4.6) == pytest.approx(3.2)
    assert growth.relative_change(4.6, 7.8) == pytest.approx(3.2 / 4.6)


def test_relative_change_from_zero_is_refused():
    with pytest.raises(ValueError):
        growth.relative_change(0, 5)


def test_wan_and_yi_are_ten_thousand_and_a_hundred_million():
    assert units.to_wan(40_000) == 4
    assert units.to_yi(400_000_000) == 4
    assert units.from_yi(1_643.6) == pytest.approx(164_360_000_000)
    assert units.from_wan(units.to_wan(123_456)) == pytest.approx(123_456)
    assert units.YI == units.WAN**2


@given(yuan=positive, rate=st.floats(min_value=0.5, max_value=20))
def test_currency_conversion_round_trips(yuan, rate):
    usd = units.yuan_to_usd(yuan, rate)
    assert units.usd_to_yuan(usd, rate) == pytest.approx(yuan)
    assert units.implied_rate(yuan, usd) == pytest.approx(rate)


@pytest.mark.parametrize("call", [lambda: units.implied_rate(0, 1), lambda: units.yuan_to_usd(1, 0),
                                  lambda: units.usd_to_yuan(1, -2)])
def test_currency_functions_refuse_non_positive_rates(call):
    with pytest.raises(ValueError):
        call()
