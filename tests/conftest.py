"""Fixtures shared by the test files: the headless plot backend, the course style, and captured figure output."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no window, same PNG bytes everywhere

import matplotlib.pyplot as plt
import pytest

from helpers import plots


@pytest.fixture(autouse=True)
def legible_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every chart a test renders is checked: no text under 9 pt and no raw identifier where a display name
    belongs (``agricultural_modernization``, ``InnerMongolia``); see tests/figure_checks.py."""
    from figure_checks import raw_names, small_text

    render = plots.Chart.png

    def checked(chart: plots.Chart) -> bytes:
        if chart._png is None:
            problems = [*small_text(chart.figure), *raw_names(chart.figure)]
            assert not problems, f"figure {chart.alt[:60]!r}: {problems}"
        return render(chart)

    monkeypatch.setattr(plots.Chart, "png", checked)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every display bundle a chart sends (``image/png``, ``text/plain`` and, under ``metadata``, the alt text for
    the image), instead of displaying it."""
    captured: list[dict] = []
    monkeypatch.setattr(plots, "display", lambda obj, raw, metadata: captured.append({**obj, "metadata": metadata}))
    return captured


@pytest.fixture
def course_style():
    """The course's figure style (``plots.setup()``) for one test; the previous style is restored after it."""
    with matplotlib.rc_context():
        plots.setup()
        yield
    plt.close("all")
