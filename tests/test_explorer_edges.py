"""Every what-if explorer (every app of helpers/apps.py) at the edges of its sliders.

For each explorer: its scenario at the corners of the slider ranges (all minima, all maxima, mixed; every
option of a drop-down) and at random points within the ranges (hypothesis, on the sliders' steps) gives no
exception and no NaN or infinity in anything it returns for plotting. The controls are then moved through the
corners one at a time, as a learner would, and every redraw (scenario, then view) must run without error.
Every view at every corner (and at the defaults) must keep its text readable: no text under 9 pt, no raw
identifier, no text or legend over another or over the data (``tests/figure_checks.py``).
Figures render with matplotlib's Agg backend; their display is captured, not shown.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import math
import numbers
import random
import re
from collections.abc import Iterator, Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from figure_checks import findings
from hypothesis import given, settings
from hypothesis import strategies as st
from ipywidgets.widgets import widget_output

import helpers.plots
from helpers import plots
from helpers.apps import apps
from helpers.explorer import Choice, Explorer, Slider, chart_html, corners

APPS = apps()
VIEW_CORNERS = 32  # corners drawn per explorer for the text checks (all of them when there are fewer)
WALK_STEPS = 12  # control changes through the corners per explorer (each is one redraw, ~0.3 s)
NOT_FINITE_TEXT = re.compile(r"\b(nan|inf|-inf)\b", re.IGNORECASE)
# Missing values allowed only where they are documented as gaps in the data (drawn as gaps, or labels not drawn):
# per app, patterns of the paths that finite_numbers reports.
DOCUMENTED_GAPS = {
    # article_claims.period_end is "empty if open or not given" (datasets/README.md); carried along as a label
    "exchange-rate": [r"^result\['period_end'\]"],
    "fact-check-tolerance": [r"^result\.pairs\['period_end'\]"],
    # helpers/poverty/scenarios.py: LineScenario.table's people are "empty where there is no population series";
    # headcount_table (the context) is "empty where the World Bank has no estimate for that year and line"
    "which-line": [r"^result\.table\['people'\]", r"^result\.context\["],
}


def finite_numbers(obj: Any, path: str = "result") -> Iterator[tuple[str, float]]:
    """Every number in ``obj`` with where it sits: plain numbers, numeric arrays, the numeric columns (and
    index) of Series and DataFrames, and recursively the items of mappings, sequences and dataclass fields.
    Missing values (NaN, ``pd.NA``) come out as NaN; text, booleans and other objects are skipped."""
    if isinstance(obj, bool | np.bool_ | str | bytes) or obj is None:
        return
    if isinstance(obj, numbers.Real):
        yield path, float(obj)
    elif isinstance(obj, pd.DataFrame):
        yield from _column(obj.index, f"{path}.index")
        for column in obj.columns:
            yield from _column(obj[column], f"{path}[{column!r}]")
    elif isinstance(obj, pd.Series):
        yield from _column(obj.index, f"{path}.index")
        yield from _column(obj, path)
    elif isinstance(obj, pd.Index):
        yield from _column(obj, path)
    elif isinstance(obj, np.ndarray):
        if np.issubdtype(obj.dtype, np.number):
            yield from ((f"{path}[{i}]", float(v)) for i, v in enumerate(obj.astype(float).ravel()))
        elif obj.dtype == object:
            for i, item in enumerate(obj.ravel()):
                yield from finite_numbers(item, f"{path}[{i}]")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            yield from finite_numbers(getattr(obj, field.name), f"{path}.{field.name}")
    elif isinstance(obj, Mapping):
        for key, item in obj.items():
            yield from finite_numbers(item, f"{path}[{key!r}]")
    elif isinstance(obj, list | tuple | set | frozenset):
        for i, item in enumerate(obj):
            yield from finite_numbers(item, f"{path}[{i}]")


def _column(values: pd.Series | pd.Index, path: str) -> Iterator[tuple[str, float]]:
    """The numbers of one column or index (none if it holds text, dates or booleans)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        yield from ((f"{path}[{i}]", float(v)) for i, v in enumerate(values.to_numpy(dtype=float, na_value=np.nan)))
    elif values.dtype == object:
        for i, item in enumerate(values):
            yield from finite_numbers(item, f"{path}[{i}]")


def assert_finite(result: Any, values: dict[str, Any], app: str = "") -> None:
    gaps = [re.compile(pattern) for pattern in DOCUMENTED_GAPS.get(app, [])]
    bad = [(where, number) for where, number in finite_numbers(result)
           if not math.isfinite(number) and not (math.isnan(number) and any(g.search(where) for g in gaps))]
    assert not bad, f"non-finite numbers at {values}: {bad[:5]}{' …' if len(bad) > 5 else ''}"


def test_finite_numbers_walks_every_container():
    @dataclasses.dataclass
    class Result:
        table: pd.DataFrame
        series: pd.Series
        extra: dict

    frame = pd.DataFrame({"year": pd.array([2020, None], dtype="Int64"), "name": ["a", "b"], "ok": [True, False]})
    result = Result(frame, pd.Series([1.0, np.inf]), {"values": (np.array([0.5, np.nan]), 3, "text")})
    found = dict(finite_numbers(result))
    assert math.isnan(found["result.table['year'][1]"]) and found["result.table['year'][0]"] == 2020
    assert found["result.series[1]"] == math.inf and math.isnan(found["result.extra['values'][0][1]"])
    assert found["result.extra['values'][1]"] == 3 and not any("name" in k or "'ok'" in k for k in found)


# --- the explorers' inputs: corners, random points ------------------------------------------------------------

def ends(spec: Slider | Choice) -> list[Any]:
    """A slider's minimum and maximum (integers for an integer slider); every option of a choice."""
    if isinstance(spec, Choice):
        return list(spec.options)
    low, high = (int(spec.min), int(spec.max)) if spec.is_integer else (spec.min, spec.max)
    return [low, high] if high != low else [low]


def gray(radices: list[int]) -> list[tuple[int, ...]]:
    """Reflected mixed-radix Gray code: every combination, each differing from the previous in one digit."""
    if not radices:
        return [()]
    tails = gray(radices[1:])
    return [(i, *tail) for i in range(radices[0]) for tail in (tails if i % 2 == 0 else tails[::-1])]


def corner_walk(specs: list[Any], steps: int = WALK_STEPS, seed: int = 0) -> list[dict[str, Any]]:
    """Corners of the input space in an order where each differs from the previous in one input: all of them
    (a Gray code) when there are few; otherwise all minima, all maxima and seeded random corners, ``steps`` in all."""
    choices = [ends(s) for s in specs]
    radices = [len(c) for c in choices]
    if math.prod(radices) <= steps + 1:
        path = gray(radices)
    else:
        rng = random.Random(seed)
        path = [tuple(0 for _ in radices)]
        targets = [tuple(r - 1 for r in radices)] + [tuple(rng.randrange(r) for r in radices) for _ in range(steps)]
        for target in targets:
            current = list(path[-1])
            changed = [i for i, (a, b) in enumerate(zip(current, target, strict=True)) if a != b]
            rng.shuffle(changed)
            for i in changed:
                current[i] = target[i]
                path.append(tuple(current))
        path = path[: steps + 1]
    return [{s.name: c[i] for s, c, i in zip(specs, choices, index, strict=True)} for index in path]


def step_count(spec: Slider | Choice) -> int:
    """How many steps a learner can move the control from its first value."""
    if isinstance(spec, Choice):
        return len(spec.options) - 1
    return math.floor((spec.max - spec.min) / spec.step + 1e-9)


def on_step(spec: Slider | Choice, k: int) -> Any:
    """The control's value ``k`` steps from its first: a choice's k-th option, a slider's min + k × step."""
    if isinstance(spec, Choice):
        return spec.options[k]
    return int(spec.min + k * spec.step) if spec.is_integer else min(spec.max, round(spec.min + k * spec.step, 10))


def on_steps(spec: Slider | Choice) -> st.SearchStrategy:
    """Values a learner can reach with the control (hypothesis strategy)."""
    return st.integers(0, step_count(spec)).map(functools.partial(on_step, spec))


# --- running the explorers: display captured, errors raised -----------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def captured_display():
    """Figures go to a list instead of a notebook, and an error in a redraw is raised, never swallowed by the
    Output widget (it would show it in the notebook if an IPython shell were running)."""
    shown: list[tuple] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(helpers.plots, "display", lambda *args, **kwargs: shown.append(args))
        patch.setattr(widget_output, "get_ipython", lambda: None)
        plots.setup()
        yield shown


@functools.cache
def built(name: str) -> Explorer:
    return APPS[name]()


def test_there_are_explorers_and_every_documented_gap_names_one():
    assert APPS, "no apps in helpers/apps.py"
    assert set(DOCUMENTED_GAPS) <= set(APPS)


@pytest.mark.parametrize("name", APPS)
def test_scenario_is_finite_at_every_corner(name):
    explorer = built(name)
    choices = [ends(s) for s in explorer.sliders]
    every = gray([len(c) for c in choices])
    sample = every if len(every) <= 256 else random.Random(1).sample(every, 256)
    for index in sample:
        values = {s.name: c[i] for s, c, i in zip(explorer.sliders, choices, index, strict=True)}
        assert_finite(explorer.scenario(**values), values, name)


@pytest.mark.parametrize("name", APPS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_scenario_is_finite_at_random_points_on_the_sliders_steps(name, data):
    explorer = built(name)
    values = data.draw(st.fixed_dictionaries({s.name: on_steps(s) for s in explorer.sliders}))
    assert_finite(explorer.scenario(**values), values, name)


@pytest.mark.parametrize("name", APPS)
def test_moving_the_controls_through_the_corners_redraws_without_error(name, captured_display):
    explorer = built(name)
    walk = corner_walk(list(explorer.sliders))
    rng = random.Random(2)
    inside = {s.name: on_step(s, rng.randint(0, step_count(s))) for s in explorer.sliders}  # one point within
    for values in [*walk, inside]:
        for control_name, value in values.items():
            control = explorer.controls[control_name]
            if control.value != value:
                control.value = value  # the explorer's observer recomputes and redraws here
        assert {n: c.value for n, c in explorer.controls.items()} == values
        assert_finite(explorer.scenario(**values), values, name)
        assert f'alt="{html.escape(explorer.alt)}"' in explorer.figure.value  # the image carries its alt text
        assert not NOT_FINITE_TEXT.search(explorer.alt), f"alt text not finite at {values}: {explorer.alt}"



@pytest.mark.parametrize("name", APPS)
def test_every_view_at_every_corner_keeps_its_text_clear(name):
    explorer = built(name)
    every = corners(explorer.sliders)
    sample = every if len(every) <= VIEW_CORNERS else random.Random(3).sample(every, VIEW_CORNERS)
    problems = []
    for values in [explorer.defaults(), *sample]:
        figure = explorer.view(explorer.scenario(**values)).figure
        problems += [f"{values}: {finding}" for finding in findings(figure)]
        matplotlib.pyplot.close(figure)
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:8])


# --- updates drawn at the explorer's first layout -----------------------------------------------------------------

def move(explorer: Explorer, values: dict[str, Any]) -> None:
    """Set the controls to ``values``, one at a time, as a learner would (each change redraws)."""
    for control_name, value in values.items():
        explorer.controls[control_name].value = value


@pytest.mark.parametrize("name", APPS)
def test_an_update_draws_the_picture_a_fresh_explorer_draws_and_the_default_figure_at_the_defaults(name):
    """One drawing path, no state carried between updates: after a walk through the corners, the figure (and its
    alt text) shown for some values is byte for byte the one a fresh explorer draws for them; back at the defaults
    the walked explorer draws the static default figure a notebook shows under the explorer."""
    walked = APPS[name]()
    inside = {s.name: on_step(s, random.Random(4).randint(0, step_count(s))) for s in walked.sliders}
    for values in [*corner_walk(list(walked.sliders), steps=4, seed=5), inside]:
        move(walked, values)
    fresh = APPS[name]().render(inside)
    assert walked.values() == inside
    assert walked.figure.value == chart_html(fresh.png(), fresh.alt) and walked.alt == fresh.alt
    back, default = walked.render(walked.defaults()), walked.default_view()
    assert back.png() == default.png() and back.alt == default.alt


@pytest.mark.parametrize("name", APPS)
def test_every_update_at_every_corner_stays_inside_its_picture_with_its_text_clear(name):
    """An update keeps the first layout (no layout pass): at every corner the figure's content, source line
    included, must still lie inside the picture's crop box, and its text stay clear (``figure_checks``)."""
    explorer = built(name)
    every = corners(explorer.sliders)
    sample = every if len(every) <= VIEW_CORNERS else random.Random(6).sample(every, VIEW_CORNERS)
    problems = []
    for values in sample:
        chart = explorer.render(values)
        box, figure = chart.place(), chart.figure
        content = figure.get_tightbbox(figure.canvas.get_renderer())
        if not (box.x0 <= content.x0 and box.y0 <= content.y0 and content.x1 <= box.x1 and content.y1 <= box.y1):
            problems.append(f"{values}: content {content.bounds} reaches outside the picture {box.bounds}")
        figure.texts[-1].remove()  # the source line names its datasets, which raw_names would flag
        problems += [f"{values}: {finding}" for finding in findings(figure)]
        matplotlib.pyplot.close(figure)
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:8])
