"""Fixtures shared by the test files: the headless plot backend, the course style, and captured figure output."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: no window, same PNG bytes everywhere

import matplotlib.pyplot as plt
import pytest

from helpers import plots


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
