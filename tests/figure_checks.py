"""What a learner reads in a figure, checked on the drawn matplotlib figure (not on pixels).

* :func:`small_text`: text under :data:`helpers.plots.MIN_TEXT_PT` points.
* :func:`raw_names`: identifiers where a display name belongs (``agricultural_modernization``, ``InnerMongolia``).
* :func:`collisions`: text boxes (titles, labels, tick labels, annotations, legends) that overlap each other; a
  legend over plotted data (line points, bars); a label under a bar drawn on top of it, or white text
  off its bar; a shaded band that fills
  its whole axes (it then marks nothing).

Each returns a list of one-line findings (empty when the figure is clean), so a test can print them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from helpers.plots import MIN_TEXT_PT

SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # a column or theme name: agricultural_modernization
JOINED_WORDS = re.compile(r"\b[A-Z][a-z]+[A-Z][a-z]+")  # words joined by a data source: InnerMongolia
LIGHT = 0.8  # mean RGB above which a text is light (white labels belong on a bar)
TOUCH_PX = 4.0  # boxes overlapping by less (display pixels) only touch: a text box includes its line spacing


def texts(fig: Figure) -> Iterator[Text]:
    """Every visible, non-empty text of ``fig`` (tick labels included, legend texts included)."""
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and _shown(text):
            yield text


def _shown(text: Text) -> bool:
    """False for a tick label outside its axis' view (matplotlib keeps those, unseen)."""
    figure = text.get_figure(root=True) if hasattr(text, "get_figure") else text.figure
    for axis in [a for axes in (figure.axes if figure else []) for a in (axes.xaxis, axes.yaxis)]:
        labels = axis.get_majorticklabels()
        if text in labels:
            low, high = sorted(axis.get_view_interval())
            location = axis.get_majorticklocs()[labels.index(text)]
            return low - 1e-9 <= location <= high + 1e-9
    return True


def small_text(fig: Figure) -> list[str]:
    """Texts smaller than :data:`MIN_TEXT_PT` points."""
    return [f"{t.get_text()!r} is {t.get_fontsize():g} pt" for t in texts(fig) if t.get_fontsize() < MIN_TEXT_PT - 1e-6]


def raw_names(fig: Figure) -> list[str]:
    """Texts that show an identifier instead of a display name."""
    return [f"{t.get_text()!r} shows a raw name" for t in texts(fig)
            if SNAKE_CASE.search(t.get_text()) or JOINED_WORDS.search(t.get_text())]


def _box(artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer)


def _overlap(a: Bbox, b: Bbox) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH_PX) and (min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH_PX)


def _bars(ax: Axes) -> list[Rectangle]:
    """The bars of ``ax`` (rectangles in data coordinates; shaded bands and the axes' background are not bars)."""
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_visible()
            and p.get_data_transform() == ax.transData and p.get_width() != 0 and p.get_height() != 0]


def _bands(ax: Axes) -> list:
    """The shaded bands of ``ax`` (``axvspan``/``axhspan``: patches not in data coordinates on one axis)."""
    return [p for p in ax.patches if p.get_visible() and p not in _bars(ax)]


def _points(ax: Axes) -> np.ndarray:
    """Display coordinates of the data lines' points (and of points along their segments, every few pixels),
    leaving out reference lines that span the axes (``axhline``, ``axvline``)."""
    found = []
    for line in ax.get_lines():
        if not line.get_visible() or line.get_transform() != ax.transData or len(line.get_xdata()) < 1:
            continue
        xy = ax.transData.transform(np.column_stack([np.asarray(line.get_xdata(), float),
                                                     np.asarray(line.get_ydata(), float)]))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if len(xy) > 1 and line.get_linestyle() not in ("None", "", " "):
            pairs = zip(xy[:-1], xy[1:], strict=True)
            steps = [np.linspace(a, b, max(2, int(np.hypot(*(b - a)) // 3))) for a, b in pairs]
            xy = np.vstack(steps)
        found.append(xy)
    return np.vstack(found) if found else np.empty((0, 2))


def _inside(points: np.ndarray, box: Bbox) -> bool:
    return bool(((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                 & (points[:, 1] > box.y0) & (points[:, 1] < box.y1)).any())


def collisions(fig: Figure) -> list[str]:
    """Overlapping texts and legends, legends over data, labels hidden under bars, bands filling their axes."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    found = []
    legends = [legend for legend in fig.findobj(Legend) if legend.get_visible()]
    in_legend = {id(t) for legend in legends for t in legend.findobj(Text)}
    boxes = [(repr(t.get_text()), _box(t, renderer)) for t in texts(fig) if id(t) not in in_legend]
    boxes += [(f"legend {[t.get_text() for t in legend.get_texts()]}", _box(legend, renderer)) for legend in legends]
    for i, (name, box) in enumerate(boxes):
        found += [f"{name} overlaps {other}" for other, other_box in boxes[i + 1:] if _overlap(box, other_box)]
    for ax in fig.axes:
        points = _points(ax)
        bars = _bars(ax)
        for legend in [legend for legend in legends if legend.axes is ax]:
            box = _box(legend, renderer)
            if _inside(points, box):
                found.append(f"legend {[t.get_text() for t in legend.get_texts()]} covers a plotted line")
            if any(_overlap(box, _box(bar, renderer)) for bar in bars):
                found.append(f"legend {[t.get_text() for t in legend.get_texts()]} covers a bar")
        for text in ax.texts:
            if not (text.get_visible() and text.get_text().strip()):
                continue
            box = _box(text, renderer)
            hidden = [bar for bar in bars
                      if bar.get_zorder() >= text.get_zorder() and _overlap(box, _box(bar, renderer))]
            if hidden:
                found.append(f"{text.get_text()!r} is hidden under a bar")
            on_bar = any(_box(bar, renderer).contains(*box.p0) and _box(bar, renderer).contains(*box.p1)
                         for bar in bars)
            if sum(to_rgb(text.get_color())) / 3 > LIGHT and not on_bar:
                found.append(f"{text.get_text()!r} is light text off its bar (invisible on the background)")
        area = ax.get_window_extent(renderer)
        for band in _bands(ax):
            box = _box(band, renderer).intersection(band.get_window_extent(renderer), area)
            if box is not None and box.width >= area.width - TOUCH_PX and box.height >= area.height - TOUCH_PX:
                found.append(f"a shaded band ({band.get_label()!r}) fills its whole axes")
    return found


def findings(fig: Figure) -> list[str]:
    """Every finding of this module for ``fig``."""
    return [*small_text(fig), *raw_names(fig), *collisions(fig)]
