"""helpers.widgets (the explorer builder) and helpers.article (claims lookups, the conversion explorer)."""

from __future__ import annotations

import itertools

import ipywidgets
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import article, data, widgets

CLAIMS = data.load("article_claims")
PAIRS = article.conversion_pairs(CLAIMS)


def test_slider_refuses_a_default_outside_its_range():
    with pytest.raises(ValueError):
        widgets.Slider("x", "x", 0, 1, 0.1, 2, "unit")


def test_slider_labels_state_unit_and_assumption():
    widget = widgets.Slider("share", "starting share", 0, 1, 0.01, 0.1, "fraction", assumption=True).widget(False)
    assert isinstance(widget, ipywidgets.FloatSlider)
    assert widget.description == "starting share [fraction] (assumption)" and widget.continuous_update is False
    assert isinstance(widgets.Slider("n", "years", 1, 30, 1, 10, "years").widget(False), ipywidgets.IntSlider)


def test_explorer_recomputes_through_the_scenario_when_a_slider_moves():
    seen = []
    sliders = [widgets.Slider("a", "a", 0, 10, 1, 2, "u"), widgets.Slider("b", "b", 0, 1, 0.5, 0.5, "u")]
    box = widgets.explorer(lambda a, b: a + b, seen.append, sliders, title="t")
    box.controls["a"].value = 7
    assert seen == [2.5, 7.5]
    assert "Assumptions" not in box.box.children[0].value


def test_a_choice_is_a_dropdown_that_feeds_the_scenario_like_a_slider():
    with pytest.raises(ValueError):
        widgets.Choice("line", "poverty line", ["a", "b"], "c")
    choice = widgets.Choice("line", "poverty line", ["a", "b"], "b", assumption=True)
    assert choice.options == ("a", "b") and choice.values() == ["a", "b"]
    seen = []
    box = widgets.explorer(lambda line, n: f"{line}{n}", seen.append,
                           [choice, widgets.Slider("n", "n", 0, 3, 1, 1, "u")], title="t")
    assert isinstance(box.controls["line"], ipywidgets.Dropdown)
    assert box.controls["line"].description == "poverty line (assumption)"
    box.controls["line"].value = "a"
    assert seen == ["b1", "a1"]
    assert "poverty line" in box.box.children[0].value


def test_conversion_pairs_pair_yuan_with_dollars():
    assert list(PAIRS["pair_id"]) == sorted(CLAIMS["pair_id"].dropna().unique())
    for row in PAIRS.itertuples():
        members = CLAIMS[CLAIMS["pair_id"] == row.pair_id].set_index("unit")["value"]
        assert row.yuan == members["yuan"] and row.usd == members["USD"]
        assert row.yuan_per_usd == pytest.approx(members["yuan"] / members["USD"])


def test_the_article_implies_a_plausible_2020_2021_rate():
    # yuan per dollar near 6.5, all four pairs within 1 % of each other
    assert PAIRS["yuan_per_usd"].between(6.3, 6.7).all()
    assert PAIRS["yuan_per_usd"].max() / PAIRS["yuan_per_usd"].min() < 1.01


def test_value_looks_up_one_claim_and_refuses_unknown_ids():
    assert article.value(CLAIMS, "C004") == CLAIMS.set_index("claim_id").loc["C004", "value"]
    with pytest.raises(KeyError):
        article.value(CLAIMS, "C999")


SLIDER = article.conversion_sliders(6.48)[0]


@given(rate=st.floats(min_value=SLIDER.min, max_value=SLIDER.max))
def test_conversion_scenario_is_finite_over_the_slider_range(rate):
    table = article.convert_pairs(PAIRS, rate)
    assert np.isfinite(table[["usd_at_rate", "difference_pct"]].to_numpy()).all()


@pytest.mark.parametrize("low, high", list(itertools.pairwise(SLIDER.values(7))))
def test_a_higher_rate_gives_fewer_dollars(low, high):
    assert (article.convert_pairs(PAIRS, high)["usd_at_rate"] < article.convert_pairs(PAIRS, low)["usd_at_rate"]).all()


def test_at_the_implied_rate_a_pair_has_no_difference():
    row = PAIRS.iloc[[0]]
    table = article.convert_pairs(row, float(row["yuan_per_usd"].iloc[0]))
    assert table["difference_pct"].abs().max() < 1e-9
    assert isinstance(article.describe_conversions(table), str) and isinstance(table, pd.DataFrame)
