"""Turning drawn figures into pictures, fast: the Agg canvas and renderer every course figure is drawn with, and the
PNG encoder.

An explorer draws a new figure of the same size for every slider move, and most of its texts (tick labels, titles,
legends, the source line) are the same as last time. Drawing text took a third to a half of a drawing (see
docs/performance.md), so the renderer keeps what it has worked out: figures of one size share one
:class:`Renderer`, which keeps text sizes (matplotlib's own cache, per renderer), the glyph layout of each text and
each glyph's rasterized bitmap. A picture is the one matplotlib's own renderer draws, pixel for pixel (tested):
a glyph is kept for its position within a pixel, and FreeType draws a glyph moved by whole pixels as the same
bitmap, moved.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import RenderMode

__all__ = ["PNG_COMPRESS_LEVEL", "Canvas", "Renderer", "forget", "png_bytes"]

PNG_COMPRESS_LEVEL = 1  # zlib level: several times faster than the usual 6, and no larger for these flat-colour figures
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHARED_RENDERERS = 8  # picture sizes whose renderer (and what it keeps) is kept for the next figure
KEPT_GLYPHS = 50_000  # glyph bitmaps a renderer keeps (a few hundred bytes each) before it starts afresh
KEPT_LAYOUTS = 5_000  # text layouts a renderer keeps before it starts afresh
SUBPIXELS = 64  # FreeType's 26.6 fixed point: positions in 1/64 of a pixel


class Renderer(RendererAgg):
    """matplotlib's Agg renderer that keeps, for the plain (not math) antialiased texts it draws, each text's glyph
    layout and each glyph's bitmap at its position within a pixel; other texts are drawn as matplotlib does."""

    def __init__(self, width: int, height: int, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self.layouts: dict[tuple[Any, ...], tuple[tuple[Any, int, float, float], ...]] = {}
        self.glyphs: dict[tuple[Any, ...], tuple[np.ndarray, int, int]] = {}

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: FontProperties, angle: float,
                  ismath: bool | str = False, mtext: Any = None) -> None:
        """Draw ``s`` at (``x``, ``y``) (pixels, y downwards) as :meth:`RendererAgg.draw_text` does."""
        if ismath or not gc.get_antialiased():
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        key = (s, prop, _hashable(features), _hashable(language), flags)
        items = self.layouts.get(key)
        if items is None:
            font = self._prepare_font(prop)
            items = tuple((item.ft_object, item.glyph_index, item.x, item.y)
                          for item in font._layout(s, flags=flags, features=features, language=language))
            if len(self.layouts) >= KEPT_LAYOUTS:
                self.layouts.clear()
            self.layouts[(s, prop.copy(), *key[2:])] = items  # a copy: a FontProperties may change later
        self._draw_glyphs(gc, x, y, angle, prop.get_size_in_points(), items, flags)
        return None

    def _draw_glyphs(self, gc: Any, x: float, y: float, angle: float, size: float,
                     items: tuple[tuple[Any, int, float, float], ...], flags: Any) -> None:
        """The glyphs of one text, as ``RendererAgg._draw_text_glyphs_and_boxes`` draws them (no slant or stretch),
        each rasterized once per position within a pixel."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        turn = tuple(matrix.flat)
        height = int(self.height)
        for font, glyph_index, dx, dy in items:  # dy is upwards, as FreeType's y
            at_x = round(SUBPIXELS * (x + dx * cos - dy * sin))
            at_y = round(SUBPIXELS * (self.height - y + dx * sin + dy * cos))
            key = (font, size, glyph_index, turn, at_x % SUBPIXELS, at_y % SUBPIXELS, flags)
            found = self.glyphs.get(key)
            if found is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [at_x % SUBPIXELS, at_y % SUBPIXELS])  # within the pixel only
                bitmap = font._render_glyph(glyph_index, flags, RenderMode.NORMAL)
                if len(self.glyphs) >= KEPT_GLYPHS:
                    self.glyphs.clear()
                found = self.glyphs[key] = (np.array(bitmap.buffer), bitmap.left, bitmap.top)
            buffer, left, top = found
            whole_x, whole_y = at_x // SUBPIXELS, at_y // SUBPIXELS
            self._renderer.draw_text_image(buffer, left + whole_x, height - (top + whole_y) + buffer.shape[0], 0, gc)


def _hashable(value: Any) -> Any:
    """A text's font features or language as a dictionary key (lists become tuples)."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


class Canvas(FigureCanvasAgg):
    """The Agg canvas every course figure is drawn on: figures of the same size in pixels share one
    :class:`Renderer`, so an explorer's next picture works out none of the texts it has drawn before. A picture
    is copied out (or encoded) before the next figure is drawn."""

    renderers: OrderedDict[tuple[int, int, float], Renderer] = OrderedDict()  # the most recently used last

    def get_renderer(self) -> Renderer:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        renderer = self.renderers.pop(key, None) or Renderer(width, height, self.figure.dpi)
        self.renderers[key] = self.renderer = renderer
        while len(self.renderers) > SHARED_RENDERERS:
            self.renderers.popitem(last=False)
        return renderer


def forget() -> None:
    """Drop every shared renderer and what it keeps (after the fonts change: :func:`helpers.plots.setup`)."""
    Canvas.renderers.clear()


def png_bytes(pixels: np.ndarray, dpi: float) -> bytes:
    """Encode RGBA ``pixels`` (rows from the top, a picture at ``dpi`` dots per inch) as PNG: RGB when nothing is
    transparent (a quarter fewer bytes), no metadata but the resolution (identical bytes on every run).

    Written here rather than by Pillow, whose encoder tries every row filter on every row (adaptive filtering):
    for these flat-colour figures, rows left unfiltered and zlib at level 1 give files as small, 3× faster
    (docs/performance.md). The format is the PNG specification's (ISO/IEC 15948): signature, IHDR, pHYs, IDAT, IEND.
    """
    if (pixels[..., 3] == 255).all():
        pixels, colour_type = pixels[..., :3], 2  # truecolour
    else:
        colour_type = 6  # truecolour with alpha
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + pixels[0].size), np.uint8)  # each row: filter type 0 (none), then its bytes
    rows[:, 1:] = pixels.reshape(height, -1)
    per_metre = round(dpi / 0.0254)
    return b"".join([
        PNG_SIGNATURE,
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESS_LEVEL)),
        _chunk(b"IEND", b""),
    ])


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
