"""helpers.explorer (the explorer builder), helpers.article (claim lookups) and helpers.conversions (notebook 00's
explorer)."""

from __future__ import annotations

import asyncio
import itertools

import ipywidgets
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import article, conversions, data
from helpers import explorer as widgets

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


@pytest.mark.parametrize("lookup", [article.row, article.value, article.value_range, article.period, article.quote])
def test_every_lookup_fails_the_same_clear_way_on_an_unknown_id(lookup):
    with pytest.raises(article.ClaimNotFound) as caught:
        lookup(CLAIMS, "C999")
    message = str(caught.value)
    assert "no claim 'C999'" in message and "\n" not in message and isinstance(caught.value, KeyError)
    assert caught.value._render_traceback_() == [f"\x1b[31mClaimNotFound\x1b[0m: {message}"]


def test_the_lookups_read_the_row_of_the_claim():
    by_id = CLAIMS.set_index("claim_id")
    assert article.quote(CLAIMS, "C004") == by_id.at["C004", "quote"]
    start, end = by_id.at["C004", "period_start"], by_id.at["C004", "period_end"]
    assert article.period(CLAIMS, "C004") == (int(start), int(end))
    ranged = by_id.dropna(subset=["value_high"]).index[0]
    assert article.value_range(CLAIMS, ranged) == (by_id.at[ranged, "value"], by_id.at[ranged, "value_high"])
    assert article.value_range(CLAIMS, "C004") == (by_id.at["C004", "value"],) * 2
    assert article.row(CLAIMS, "C004")["entity"] == by_id.at["C004", "entity"]


def test_explorer_defaults_and_default_view_need_no_widget_values():
    seen = []
    sliders = [widgets.Slider("a", "a", 0, 10, 1, 2, "u"), widgets.Slider("b", "b", 0, 1, 0.5, 0.5, "u")]
    built = widgets.explorer(lambda a, b: a + b, lambda total: seen.append(total) or f"view of {total}", sliders,
                             title="t")
    built.controls["a"].value = 7
    assert built.defaults() == {"a": 2, "b": 0.5} and built.values() == {"a": 7, "b": 0.5}
    assert built.default_view() == "view of 2.5"


def test_in_a_kernel_changes_that_arrive_together_make_one_redraw_with_the_final_values(course_style):
    """A kernel applies queued slider messages one after another on its event loop: holding a key or dragging
    must not queue one redraw per message. The last values win and the figure shown is theirs."""

    async def hold_the_key() -> tuple[widgets.Explorer, int, int]:
        built = conversions.conversion_explorer(PAIRS, 6.48)
        first = built.renders
        for rate in (6.49, 6.50, 6.51, 6.52, 6.53):
            built.controls["yuan_per_usd"].value = rate
        assert built.renders == first  # nothing drawn while the messages keep coming
        await asyncio.sleep(0.2)
        after_burst = built.renders
        built.controls["yuan_per_usd"].value = 6.40  # a later, lone change is drawn too
        await asyncio.sleep(0.2)
        return built, first, after_burst

    built, first, after_burst = asyncio.run(hold_the_key())
    assert after_burst == first + 1 and built.renders == first + 2
    assert built.values() == {"yuan_per_usd": 6.40}
    final = built.render({"yuan_per_usd": 6.40})
    assert built.figure.value == widgets.chart_html(final.png(), final.alt)  # the very figure of the final value
    assert built.alt == final.alt and "6.40 yuan per dollar" in built.alt


def test_corners_cover_every_combination_of_ends():
    specs = [widgets.Slider("a", "a", 0, 10, 1, 2, "u"), widgets.Choice("c", "c", ["x", "y", "z"], "y")]
    assert widgets.corners(specs) == [{"a": 0, "c": "x"}, {"a": 0, "c": "z"}, {"a": 10, "c": "x"},
                                      {"a": 10, "c": "z"}]


EXPLORER = conversions.conversion_explorer(PAIRS, 6.48)
SLIDER = EXPLORER.sliders[0]


@given(rate=st.floats(min_value=SLIDER.min, max_value=SLIDER.max))
def test_conversion_scenario_is_finite_over_the_slider_range(rate):
    table = conversions.convert_pairs(PAIRS, rate)
    assert np.isfinite(table[["usd_at_rate", "difference_pct"]].to_numpy()).all()


@pytest.mark.parametrize("low, high", list(itertools.pairwise(SLIDER.values(7))))
def test_a_higher_rate_gives_fewer_dollars(low, high):
    fewer = conversions.convert_pairs(PAIRS, high)["usd_at_rate"] < conversions.convert_pairs(PAIRS, low)["usd_at_rate"]
    assert fewer.all()


def test_at_the_implied_rate_a_pair_has_no_difference():
    row = PAIRS.iloc[[0]]
    table = conversions.convert_pairs(row, float(row["yuan_per_usd"].iloc[0]))
    assert table["difference_pct"].abs().max() < 1e-9
    chart = conversions.conversions_chart(table)
    rate = float(row["yuan_per_usd"].iloc[0])
    assert f"At {rate:.2f} yuan per dollar" in chart.alt and "0.0 % to " in chart.alt
    assert isinstance(table, pd.DataFrame)
    assert chart.png().startswith(b"\x89PNG")
