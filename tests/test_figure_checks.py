"""The figure checks of tests/figure_checks.py find what they are meant to find (and pass a clean figure)."""

from __future__ import annotations

import matplotlib.pyplot as plt
from figure_checks import collisions, findings, raw_names, small_text


def test_a_clean_figure_has_no_findings(course_style):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([0, 1, 2], [0, 1, 0.5], label="a line")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Inner Mongolia, agricultural modernization")
    assert findings(fig) == []


def test_each_problem_is_found(course_style):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([0, 1, 2], [0.9, 0.9, 0.9], label="covered by the legend")
    ax.legend(loc="upper left")
    ax.text(1, 0.5, "InnerMongolia agricultural_modernization", fontsize=8)
    ax.text(1, 0.5, "on top of the other text")
    bars = ax.bar([0], [0.3], zorder=5)
    ax.text(0, 0.1, "under a bar", zorder=1)
    ax.text(2, 0.1, "white, off its bar", color="white")
    ax.axvspan(-10, 10, alpha=0.2)
    ax.set_xlim(-1, 3)
    assert small_text(fig) == ["'InnerMongolia agricultural_modernization' is 8 pt"]
    assert len(raw_names(fig)) == 1
    found = " | ".join(collisions(fig))
    for expected in ("overlaps 'on top of the other text'", "covers a plotted line", "'under a bar' is hidden",
                     "'white, off its bar' is light text", "fills its whole axes"):
        assert expected in found, found
    assert bars  # the bar was drawn
