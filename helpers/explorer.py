"""Build what-if explorers: sliders wired to a pure scenario function and a chart function that draws its result.

The explorer holds no logic: ``scenario(**values)`` computes (pure, tested in ``tests/``), ``view(result)``
returns what to display (a :class:`helpers.plots.Chart`). :meth:`Explorer.defaults` and
:meth:`Explorer.default_view` give the default scenario and its chart, so notebooks and tests never recompute
them. Every slider states its unit and whether its default is an assumption rather than a
figure from the article or the data. A :class:`Choice` (a drop-down) picks one of a few named options, such as
a poverty line or a country, where a slider would have no meaningful order.
"""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
from IPython.display import display

__all__ = ["RUN_TO_SHOW", "Choice", "Explorer", "Slider", "chart_html", "corners", "explorer"]

# What a notebook shows in place of an explorer until its cell is run (the widget's plain-text fallback)
RUN_TO_SHOW = "Run this cell to show the explorer (its sliders and figure)."
CONTROL_COLUMNS = 2  # controls side by side, so that controls and figure fit a 1366×768 screen


@dataclass(frozen=True)
class Slider:
    """One input of an explorer: its range, step, default and unit.

    ``assumption`` marks a default that is not a figure from the article or the data; the label says so.
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    default: float
    unit: str
    assumption: bool = False

    def __post_init__(self) -> None:
        if not self.min <= self.default <= self.max or self.step <= 0:
            raise ValueError(f"slider {self.name!r}: default must lie in [min, max] and step be positive")

    @property
    def is_integer(self) -> bool:
        return all(float(v).is_integer() for v in (self.min, self.max, self.step, self.default))

    def values(self, points: int = 5) -> list[float]:
        """Evenly spaced values across the full range (for tests and benchmarks), ends included."""
        span = self.max - self.min
        return [self.min + span * i / (points - 1) for i in range(points)]

    def widget(self, continuous_update: bool) -> widgets.ValueWidget:
        suffix = " (assumption)" if self.assumption else ""
        kind = widgets.IntSlider if self.is_integer else widgets.FloatSlider
        return kind(
            value=self.default, min=self.min, max=self.max, step=self.step,
            description=f"{self.label} [{self.unit}]{suffix}",
            continuous_update=continuous_update,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%"),
        )


@dataclass(frozen=True)
class Choice:
    """One input of an explorer picked from a list of named ``options`` (shown as a drop-down).

    ``assumption`` marks a default that is not a figure from the article or the data; the label says so.
    """

    name: str
    label: str
    options: tuple[str, ...]
    default: str
    assumption: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        if self.default not in self.options:
            raise ValueError(f"choice {self.name!r}: default must be one of the options")

    def values(self, points: int | None = None) -> list[str]:
        """Every option (for tests and benchmarks); ``points`` is ignored, as a choice is already finite."""
        return list(self.options)

    def widget(self, continuous_update: bool) -> widgets.Dropdown:
        """A drop-down; ``continuous_update`` is accepted for a uniform interface (a choice is discrete)."""
        suffix = " (assumption)" if self.assumption else ""
        return widgets.Dropdown(
            options=list(self.options), value=self.default, description=f"{self.label}{suffix}",
            style={"description_width": "initial"}, layout=widgets.Layout(width="95%"),
        )


COALESCE_S = 0.01  # in a kernel, changes that arrive within this time (or during a redraw) make one redraw


def chart_html(png: bytes, alt: str) -> str:
    """An ``<img>`` of the PNG bytes with its alt text, at its own size but never wider than the page."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="max-width: 100%">'


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running this code (a Jupyter kernel's), or None (a plain script or test: redraw at once)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@dataclass
class Explorer:
    """An explorer's parts: its ``scenario`` and ``view`` functions, ``sliders`` (specifications: sliders and choices),
    ``controls`` (name → slider widget), the ``figure`` it shows (for a chart, an HTML widget holding its PNG as an
    ``<img>`` with the chart's ``alt`` text; an Output area for anything else) and the whole ``box``.

    A change of a control only marks the figure stale; in a kernel the redraw runs once the kernel has taken every
    change waiting for it, so holding a key or dragging never queues redraws: the last values win, and the figure
    shown always belongs to the controls' final values. ``renders`` counts the redraws.

    A chart is laid out once per combination of drop-down values (:class:`Choice`, which may change what the
    figure holds, such as a legend's entries), at the sliders' defaults; while sliders move, each new chart is
    drawn at the places recorded then (``placements``: drop-down values → :class:`helpers.plots.Placement`), so the
    figure stays still and an update costs one drawing pass and no layout pass. What is drawn depends only on the
    values, never on the order of the changes; at the defaults it is the very picture of :meth:`default_view`.
    """

    scenario: Callable[..., Any]
    view: Callable[[Any], Any]
    sliders: Sequence[Slider | Choice]
    controls: dict[str, widgets.ValueWidget]
    figure: widgets.HTML | widgets.Output
    box: widgets.VBox
    alt: str = ""
    renders: int = 0
    placements: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)
    _stale: bool = field(default=False, repr=False)
    _scheduled: bool = field(default=False, repr=False)

    def defaults(self) -> dict[str, Any]:
        """{name: default} of every slider and choice: the scenario the explorer opens with."""
        return {s.name: s.default for s in self.sliders}

    def values(self) -> dict[str, Any]:
        """{name: current value} of the controls (the defaults until a learner moves a slider)."""
        return {name: control.value for name, control in self.controls.items()}

    def default_view(self) -> Any:
        """What the explorer shows at its defaults (a chart that displays itself), built without the widgets."""
        return self.view(self.scenario(**self.defaults()))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget's view, with :data:`RUN_TO_SHOW` as the plain-text fallback a notebook shows before the cell
        is run (instead of ``VBox(children=…)``)."""
        bundle = self.box._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = RUN_TO_SHOW
        return bundle

    def render(self, values: dict[str, Any]) -> Any:
        """What the explorer shows for ``values``: ``view(scenario(**values))``; a chart is drawn at
        :meth:`placement` of ``values`` (its parts where the layout for these drop-down values put them)."""
        shown = self.view(self.scenario(**values))
        if hasattr(shown, "placement"):
            shown.placement = self.placement(values)
        return shown

    def placement(self, values: dict[str, Any]) -> Any:
        """Where the charts for ``values`` are drawn: the layout of the chart at these drop-down values and the
        sliders' defaults (laid out on first use), so that it never depends on the order of the changes."""
        key = tuple(values[s.name] for s in self.sliders if isinstance(s, Choice))
        if key not in self.placements:
            base = self.view(self.scenario(**{**self.defaults(), **{s.name: values[s.name] for s in self.sliders
                                                                      if isinstance(s, Choice)}}))
            base.png()  # laid out, and closed
            self.placements[key] = base.placement
        return self.placements[key]

    def changed(self, _: object = None) -> None:
        """A control moved: redraw now outside a kernel; in a kernel, soon, once, with the latest values."""
        self._stale = True
        loop = _running_loop()
        if loop is None:
            self.redraw()
        elif not self._scheduled:
            self._scheduled = True
            loop.call_later(COALESCE_S, self.redraw)

    def redraw(self) -> None:
        """Show :meth:`render` of the current values (again if the controls moved meanwhile)."""
        self._scheduled = False
        while self._stale:
            self._stale = False
            self.show(self.render(self.values()))

    def show(self, shown: Any) -> None:
        """Put ``shown`` in the figure area: a chart's PNG and alt text into the Image, anything else displayed."""
        self.renders += 1
        if isinstance(self.figure, widgets.HTML):
            self.alt = shown.alt
            self.figure.value = chart_html(shown.png(), shown.alt)  # one message: picture and alt text together
            return
        with self.figure:
            self.figure.clear_output(wait=True)
            if hasattr(shown, "_ipython_display_"):
                shown._ipython_display_()  # what Jupyter's display() calls; also works outside a kernel
            elif shown is not None:
                display(shown)


def explorer(
    scenario: Callable[..., Any],
    view: Callable[[Any], Any],
    sliders: Sequence[Slider | Choice],
    *,
    title: str,
    continuous_update: bool = True,
) -> Explorer:
    """Wire ``sliders`` (and choices) to ``view(scenario(**values))``; redraws while a slider moves (coalesced).

    What ``view`` returns is shown under the controls: a chart (``png()`` and ``alt``, like
    :class:`helpers.plots.Chart`) as an image swapped in place (one widget message, no output area cleared and
    re-rendered), anything else in an output area; ``None`` shows nothing.
    """
    controls = {s.name: s.widget(continuous_update) for s in sliders}
    first = view(scenario(**{s.name: s.default for s in sliders}))
    is_chart = hasattr(first, "png") and hasattr(first, "alt")
    figure = widgets.HTML() if is_chart else widgets.Output()
    notes = [s.label for s in sliders if s.assumption]
    caption = f"<b>{title}</b>"
    if notes:
        caption += f"<br><i>Assumptions (not from the article or the data): {', '.join(notes)}</i>"
    grid = widgets.GridBox(list(controls.values()), layout=widgets.Layout(
        grid_template_columns=f"repeat({min(CONTROL_COLUMNS, len(controls))}, minmax(0, 1fr))", width="100%"))
    box = widgets.VBox([widgets.HTML(caption), grid, figure])
    box.add_class("course-explorer")  # found by the browser bench (tools/bench_browser.py)
    built = Explorer(scenario, view, sliders, controls, figure, box)
    for control in controls.values():
        control.observe(built.changed, names="value")
    built.show(first)
    if is_chart:
        built.placements[tuple(s.default for s in sliders if isinstance(s, Choice))] = first.placement
    return built


def corners(specs: Sequence[Slider | Choice]) -> list[dict[str, Any]]:
    """Every combination of each input's two ends (a slider's min and max, a choice's first and last option):
    the all-min, all-max and mixed corners of an explorer, as {name: value} (for tests and benchmarks)."""
    ends = [(s.values()[0], s.values()[-1]) for s in specs]
    return [dict(zip([s.name for s in specs], values, strict=True)) for values in itertools.product(*ends)]
