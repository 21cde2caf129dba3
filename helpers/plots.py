"""Figures for the course: one style, a colour-blind-safe palette, Chinese glyphs, and :class:`Chart`.

Call :func:`setup` once per notebook (it sets the theme, the palette, the 汉字 fallback and the layout engine,
so no figure calls ``tight_layout``). Every figure function of a theme returns a :class:`Chart`: the figure with
its alt text and source line, which displays itself in Jupyter (source line under the figure, alt text in the
output for screen readers and for nbval) and closes the figure. The helpers below are the one home of the
palette, the shading of a period, bar labels and number formats.
"""

from __future__ import annotations

import base64
import math
import textwrap
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from IPython.display import display
from matplotlib import _tight_bbox, font_manager
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.container import BarContainer
from matplotlib.text import Text
from matplotlib.ticker import EngFormatter, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from helpers.pictures import Canvas, forget, png_bytes

__all__ = [
    "CJK_FONT_FILE", "MIN_TEXT_PT", "PALETTE", "Chart", "Placement", "bar_labels", "engineering", "figure_pixels",
    "figure_png", "palette", "setup", "shade_period", "show", "thousands",
]

CJK_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-CourseSubset.otf"
CJK_FAMILY = "Noto Sans SC Course Subset"  # family name inside the bundled font (tools/build_font.py)
MIN_TEXT_PT = 9  # the smallest text in any figure (legends, bar labels, source line), in points
SOURCE_CHARS_PER_INCH = 13  # characters of the 9-point source line per inch of figure width
PALETTE = "colorblind"  # seaborn's palette of Wong (2011) colours, distinguishable with common colour blindness
PERIOD_GREY = "0.88"  # the shade of a period (a plan, a highlighted window) behind the data
PAD_INCHES = 0.1  # white margin around a figure's content (savefig's default)


def setup() -> None:
    """Apply the course style: seaborn theme, colour-blind-safe palette, a font fallback for 汉字, constrained
    layout and legends in :data:`MIN_TEXT_PT` points (so figure functions set neither)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    _register_cjk_font()
    forget()  # what the shared renderers kept was drawn with the fonts of before
    mpl.rcParams["font.family"] = ["DejaVu Sans", CJK_FAMILY]  # Latin first, then per-glyph fallback
    mpl.rcParams["figure.dpi"] = 100
    mpl.rcParams["savefig.dpi"] = 100
    mpl.rcParams["figure.constrained_layout.use"] = True
    mpl.rcParams["legend.fontsize"] = MIN_TEXT_PT
    mpl.rcParams["legend.title_fontsize"] = MIN_TEXT_PT
    # titles sit on top of their axes (no tick labels are ever drawn above an axes here): without this, every draw
    # measures each titled axes' tick labels again to see whether its title should move up
    mpl.rcParams["axes.titley"] = 1.0
    import_module("helpers.display").setup()  # tables, numbers and one-line errors (helpers/display.py)


def palette() -> list[str]:
    """The active palette's colours, in order (the colour-blind palette after :func:`setup`)."""
    return plt.rcParams["axes.prop_cycle"].by_key()["color"]


def shade_period(ax: Axes, period: tuple[int, int], label: str | None = None) -> None:
    """Shade the years of ``period`` (first and last included) in light grey behind the data.

    ``label`` is the legend entry (default ``"2016-2020"``); pass ``""`` to leave it out of the legend.
    """
    text = f"{period[0]}-{period[1]}" if label is None else label
    ax.axvspan(period[0] - 0.5, period[1] + 0.5, color=PERIOD_GREY, zorder=0, label=text or "_nolegend_")


def bar_labels(ax: Axes, bars: BarContainer, fmt: str = "{:,.0f}", **text: object) -> None:
    """Write each bar's value at its end, formatted with ``fmt`` (e.g. ``"{:.1f} %"``), 3 points away in
    :data:`MIN_TEXT_PT` points (``text`` overrides either, e.g. ``padding=0``, or sets other text properties)."""
    values = [patch.get_width() if bars.orientation == "horizontal" else patch.get_height() for patch in bars]
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], **{"padding": 3, "fontsize": MIN_TEXT_PT, **text})


def thousands(axis: Axis, ticks: int = 5) -> None:
    """At most ``ticks`` ticks on ``axis``, written with thousands separators (12,000)."""
    axis.set_major_locator(MaxNLocator(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def engineering(axis: Axis) -> None:
    """Ticks in engineering notation (30 k, 400 M) instead of an offset such as 1e8."""
    axis.set_major_formatter(EngFormatter(sep=" "))


def _register_cjk_font() -> None:
    """Make matplotlib draw 汉字 with this copy of the bundled font, even from a stale font cache (one shared with a
    deleted environment or another checkout), which would otherwise print ``findfont`` warnings at the first draw."""
    manager = font_manager.fontManager
    if not all(Path(f.fname).is_file() for f in manager.ttflist):  # what matplotlib would do at the first draw
        vars(manager).update(vars(font_manager.FontManager()))
        font_manager.json_dump(manager, Path(mpl.get_cachedir(), f"fontlist-v{manager.__version__}.json"))
    manager.ttflist = [f for f in manager.ttflist if f.name != CJK_FAMILY]  # another copy's font, maybe older
    manager.addfont(str(CJK_FONT_FILE))


def lay_out(fig: mpl.figure.Figure) -> None:
    """Place the figure's parts once with its layout engine (constrained layout after :func:`setup`), without the
    dry drawing pass of ``draw_without_rendering`` (measuring the parts needs only their text extents)."""
    engine = fig.get_layout_engine()
    if engine is not None and fig.axes:
        engine.execute(fig)


def figure_png(fig: mpl.figure.Figure, box: Bbox | None = None, stamp: tuple[Text, Stamp] | None = None) -> bytes:
    """Render ``fig`` as PNG bytes, cropped to ``box`` (inches; default: its content, laid out, plus a margin):
    :func:`png_bytes` of :func:`figure_pixels`."""
    return png_bytes(figure_pixels(fig, box, stamp), fig.dpi)


def figure_pixels(fig: mpl.figure.Figure, box: Bbox | None = None, stamp: tuple[Text, Stamp] | None = None,
                  ) -> np.ndarray:
    """Draw ``fig``, cropped to ``box`` (inches; default: its content, laid out, plus a margin): its RGBA pixels
    (rows from the top), valid until the next figure of the same size is drawn.

    One drawing pass with the Agg canvas. The layout is computed once (for ``box``) and then frozen, where
    ``savefig(bbox_inches="tight")`` lays the figure out and draws it twice more. With a ``stamp`` (a text of the
    figure and its :class:`Stamp`), that text's pixels are copied from an earlier picture instead of drawn again.
    """
    canvas = Canvas(fig)
    if box is None:
        lay_out(fig)
        box = fig.get_tightbbox(canvas.get_renderer()).padded(PAD_INCHES)
    with fig._cm_set(layout_engine="none"):  # keep the positions found above
        restore = _tight_bbox.adjust_bbox(fig, box, canvas.get_renderer())  # as savefig does: resize, shift
        try:
            if stamp is None:
                canvas.draw()
                return np.asarray(canvas.buffer_rgba())
            return stamp[1].draw(canvas, stamp[0])
        finally:
            restore()


@dataclass
class Stamp:
    """The pixels of one text that every picture of a :class:`Placement` holds at the same place (an explorer's
    source line, most of the glyphs of some figures): drawn once, then copied into each new picture. It is copied
    only where the new picture holds nothing but background, so the result is the very picture a full draw gives;
    elsewhere the text is drawn again."""

    rows: slice | None = None
    columns: slice | None = None
    pixels: np.ndarray | None = field(default=None, repr=False)

    def draw(self, canvas: Canvas, text: Text) -> np.ndarray:
        """Draw the figure of ``canvas`` without ``text``, then add the text's pixels: the RGBA picture."""
        text.set_visible(False)
        try:
            canvas.draw()
        finally:
            text.set_visible(True)
        pixels = np.array(canvas.buffer_rgba())  # a copy: the renderer keeps its buffer
        renderer = canvas.get_renderer()
        if self.rows is None:
            extent = text.get_window_extent(renderer)  # pixels from the bottom left; the buffer's rows run down
            height, width = pixels.shape[:2]
            top, bottom = height - math.ceil(extent.y1) - 2, height - math.floor(extent.y0) + 2
            self.rows = slice(max(0, top), min(height, bottom))
            self.columns = slice(max(0, math.floor(extent.x0) - 2), min(width, math.ceil(extent.x1) + 2))
        area = pixels[self.rows, self.columns]
        if self.pixels is None or not (area == pixels[0, 0]).all():  # first time, or something else is there
            text.draw(renderer)
            drawn = np.array(canvas.buffer_rgba())
            if self.pixels is None and (area == pixels[0, 0]).all():
                self.pixels = drawn[self.rows, self.columns].copy()
            return drawn
        area[...] = self.pixels
        return pixels


@dataclass(frozen=True)
class Placement:
    """Where :meth:`Chart.png` placed a figure's parts: each axes' position (figure fractions, in the order of
    ``fig.axes``), the source line (its text, wrapped, and its top-left corner in figure fractions) and the crop
    box (inches). Given to a later chart of the same function, it skips the layout pass and the content's bounding
    box, so an explorer's figure keeps its place while the sliders move and each update costs one drawing pass."""

    positions: tuple[Bbox, ...]
    source_text: str
    source_at: tuple[float, float]
    box: Bbox
    stamp: Stamp = field(default_factory=Stamp, compare=False, repr=False)  # the source line's pixels, once drawn


@dataclass
class Chart:
    """A figure with its ``alt`` text (what it shows, for readers who cannot see it) and ``source`` line.

    Displays itself in Jupyter; :meth:`png` renders it once (source line added) and closes the figure. Rendering
    lays the figure out and records where its parts went in ``placement``; a chart given a ``placement`` (an
    explorer's earlier figure, :mod:`helpers.explorer`) is drawn at those places instead, with no layout pass.
    """

    figure: mpl.figure.Figure
    alt: str
    source: str
    placement: Placement | None = field(default=None, repr=False)
    _png: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.alt.strip() or not self.source.strip():
            raise ValueError("every figure needs alt text and a source line")

    def png(self) -> bytes:
        """The figure as PNG bytes (:meth:`pixels`, encoded); the figure is then closed."""
        if self._png is None:
            self._png = png_bytes(self.pixels(), self.figure.dpi)
            plt.close(self.figure)
        return self._png

    def pixels(self) -> np.ndarray:
        """Draw the figure once, its source line under everything else: RGBA pixels, as :func:`figure_pixels`.

        A chart given its ``placement`` (an explorer's update) copies the source line's pixels from the
        placement's earlier pictures (:class:`Stamp`) rather than drawing its glyphs again."""
        given = self.placement is not None
        box = self.place()
        line = self.figure.texts[-1]  # the source line, added by place()
        return figure_pixels(self.figure, box, (line, self.placement.stamp) if given else None)

    def place(self) -> Bbox:
        """Put the figure's parts where ``placement`` says (laid out now, and recorded there, when it is None or
        holds another number of axes), add the source line and freeze the layout: the crop box, in inches."""
        fig = self.figure
        if self.placement is None or len(self.placement.positions) != len(fig.axes):
            self.placement = self._lay_out()
        placed = self.placement
        for ax, position in zip(fig.axes, placed.positions, strict=True):
            ax._set_position(position)  # as the layout engine does: the original and the active position
        fig.set_layout_engine("none")
        fig.text(*placed.source_at, placed.source_text, ha="left", va="top", fontsize=MIN_TEXT_PT, color="0.35",
                 transform=fig.transFigure)
        return placed.box

    def _lay_out(self) -> Placement:
        """Lay the figure out once and place the source line 4 pt under its content (labels may reach past the
        figure's edge): where everything goes, and the crop box around it all."""
        fig = self.figure
        renderer = Canvas(fig).get_renderer()
        lay_out(fig)  # the one layout pass
        content = fig.get_tightbbox(renderer)  # inches
        width = max(content.width, fig.get_figwidth())
        text = textwrap.fill(f"Source: {self.source}", width=int(width * SOURCE_CHARS_PER_INCH))
        at = (content.x0 / fig.get_figwidth(), (content.y0 - 4 / 72) / fig.get_figheight())
        line = fig.text(*at, text, ha="left", va="top", fontsize=MIN_TEXT_PT, transform=fig.transFigure)
        below = line.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
        line.remove()
        positions = tuple(ax.get_position(original=True).frozen() for ax in fig.axes)
        return Placement(positions, text, at, Bbox.union([content, below]).padded(PAD_INCHES))

    def _ipython_display_(self) -> None:
        bundle = {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"[Figure] {self.alt}\nSource: {self.source}",
        }
        display(bundle, raw=True, metadata={"image/png": {"alt": self.alt}})


def show(fig: mpl.figure.Figure, *, alt: str, source: str) -> None:
    """Display ``fig`` as a :class:`Chart` (for a figure drawn in a notebook cell); both texts are required."""
    Chart(fig, alt, source)._ipython_display_()
