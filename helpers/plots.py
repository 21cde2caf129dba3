"""Figures for the course: one theme, a colour-blind-safe palette, Chinese glyphs, alt text and sources.

Call :func:`setup` once per notebook, then end every figure with :func:`show`, which adds a source line,
stores alt text in the output (screen readers, and nbval compares it as text) and closes the figure.
"""

from __future__ import annotations

import base64
import io
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from IPython.display import display
from matplotlib import font_manager

__all__ = ["CJK_FONT_FILE", "PALETTE", "figure_png", "setup", "show"]

CJK_FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-CourseSubset.otf"
CJK_FAMILY = "Noto Sans SC Course Subset"  # family name inside the bundled font (tools/build_font.py)
SOURCE_CHARS_PER_INCH = 15  # characters of the 8-point source line per inch of figure width
PALETTE = "colorblind"  # seaborn's palette of Wong (2011) colours, distinguishable with common colour blindness


def setup() -> None:
    """Apply the course style: seaborn theme, colour-blind-safe palette, a font fallback for 汉字."""
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    _register_cjk_font()
    mpl.rcParams["font.family"] = ["DejaVu Sans", CJK_FAMILY]  # Latin first, then per-glyph fallback
    mpl.rcParams["figure.dpi"] = 100
    mpl.rcParams["savefig.dpi"] = 100


def _register_cjk_font() -> None:
    """Make matplotlib draw 汉字 with this copy of the bundled font, even from a stale font cache (one shared with a
    deleted environment or another checkout), which would otherwise print ``findfont`` warnings at the first draw."""
    manager = font_manager.fontManager
    if not all(Path(f.fname).is_file() for f in manager.ttflist):  # what matplotlib would do at the first draw
        vars(manager).update(vars(font_manager.FontManager()))
        font_manager.json_dump(manager, Path(mpl.get_cachedir(), f"fontlist-v{manager.__version__}.json"))
    manager.ttflist = [f for f in manager.ttflist if f.name != CJK_FAMILY]  # another copy's font, maybe older
    manager.addfont(str(CJK_FONT_FILE))


def figure_png(fig: mpl.figure.Figure) -> bytes:
    """Render ``fig`` as PNG bytes without volatile metadata (identical bytes on every run)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def show(fig: mpl.figure.Figure, *, alt: str, source: str) -> None:
    """Display ``fig`` with a source line under it and ``alt`` text, then close it.

    ``alt`` describes what the figure shows for readers who cannot see it; ``source`` names the data.
    Both are required and must not be empty.
    """
    if not alt.strip() or not source.strip():
        raise ValueError("every figure needs alt text and a source line")
    content = fig.get_tightbbox(fig.canvas.get_renderer())  # inches; labels may reach past the figure's edge
    width = max(content.width, fig.get_figwidth())
    text = textwrap.fill(f"Source: {source}", width=int(width * SOURCE_CHARS_PER_INCH))
    fig.text(content.x0 / fig.get_figwidth(), (content.y0 - 4 / 72) / fig.get_figheight(), text,
             ha="left", va="top", fontsize=8, color="0.35", transform=fig.transFigure)  # 4 pt under the rest
    png = figure_png(fig)
    plt.close(fig)
    bundle = {
        "image/png": base64.b64encode(png).decode("ascii"),
        "text/plain": f"[Figure] {alt}\nSource: {source}",
    }
    display(bundle, raw=True, metadata={"image/png": {"alt": alt}})
