"""Build what-if explorers: sliders wired to a pure scenario function and a chart function that draws its result.

The explorer holds no logic: ``scenario(**values)`` computes (pure, tested in ``tests/``), ``view(result)``
returns what to display (a :class:`helpers.plots.Chart`). :meth:`Explorer.defaults` and
:meth:`Explorer.default_view` give the default scenario and its chart, so notebooks and tests never recompute
them. Every slider states its unit and whether its default is an assumption rather than a
figure from the article or the data. A :class:`Choice` (a drop-down) picks one of a few named options, such as
a poverty line or a country, where a slider would have no meaningful order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
from IPython.display import display

__all__ = ["Choice", "Explorer", "Slider", "corners", "explorer"]


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


@dataclass
class Explorer:
    """An explorer's parts: its ``scenario`` and ``view`` functions, ``sliders`` (specifications: sliders and choices),
    ``controls`` (name → slider widget), the ``output`` area and the whole ``box``."""

    scenario: Callable[..., Any]
    view: Callable[[Any], Any]
    sliders: Sequence[Slider | Choice]
    controls: dict[str, widgets.ValueWidget]
    output: widgets.Output
    box: widgets.VBox

    def defaults(self) -> dict[str, Any]:
        """{name: default} of every slider and choice: the scenario the explorer opens with."""
        return {s.name: s.default for s in self.sliders}

    def values(self) -> dict[str, Any]:
        """{name: current value} of the controls (the defaults until a learner moves a slider)."""
        return {name: control.value for name, control in self.controls.items()}

    def default_view(self) -> Any:
        """What the explorer shows at its defaults (a chart that displays itself), built without the widgets."""
        return self.view(self.scenario(**self.defaults()))

    def render(self, values: dict[str, Any]) -> Any:
        """What the explorer shows for ``values``: ``view(scenario(**values))``."""
        return self.view(self.scenario(**values))

    def redraw(self, _: object = None) -> None:
        """Show :meth:`render` of the current values in the output area."""
        with self.output:
            self.output.clear_output(wait=True)
            shown = self.render(self.values())
            if hasattr(shown, "_ipython_display_"):
                shown._ipython_display_()  # what Jupyter's display() calls; also works outside a kernel
            elif shown is not None:
                display(shown)

    def _ipython_display_(self) -> None:
        display(self.box)


def explorer(
    scenario: Callable[..., Any],
    view: Callable[[Any], Any],
    sliders: Sequence[Slider | Choice],
    *,
    title: str,
    continuous_update: bool = False,
) -> Explorer:
    """Wire ``sliders`` (and choices) to ``view(scenario(**values))``; redraws when a slider is released.

    What ``view`` returns (a chart) is displayed in the explorer's output area; ``None`` displays nothing.
    """
    controls = {s.name: s.widget(continuous_update) for s in sliders}
    output = widgets.Output()
    notes = [s.label for s in sliders if s.assumption]
    caption = f"<b>{title}</b>"
    if notes:
        caption += f"<br><i>Assumptions (not from the article or the data): {', '.join(notes)}</i>"
    box = widgets.VBox([widgets.HTML(caption), *controls.values(), output])
    box.add_class("course-explorer")
    built = Explorer(scenario, view, sliders, controls, output, box)
    for control in controls.values():
        control.observe(built.redraw, names="value")
    built.redraw()
    return built


def corners(specs: Sequence[Slider | Choice]) -> list[dict[str, Any]]:
    """Every combination of each input's two ends (a slider's min and max, a choice's first and last option):
    the all-min, all-max and mixed corners of an explorer, as {name: value} (for tests and benchmarks)."""
    ends = [(s.values()[0], s.values()[-1]) for s in specs]
    return [dict(zip([s.name for s in specs], values, strict=True)) for values in itertools.product(*ends)]
