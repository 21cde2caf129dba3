"""helpers.plots: style, Chart (alt text and source in the output), identical PNG bytes, 汉字 without missing
glyphs, and the figure utilities (palette, period shading, bar labels, number formats)."""

from __future__ import annotations

import base64
import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib.transforms import Bbox
from PIL import Image

from helpers import pictures, plots
from tools.build_font import course_characters


def figure():
    plots.setup()
    fig, ax = plt.subplots()
    ax.plot([2016, 2020], [1, 2])
    ax.set_title("山西 Shānxī 忻州 Xīnzhōu 运城 Yùnchéng")
    return fig


def test_show_puts_alt_text_and_source_in_the_output_and_closes_the_figure(shown):
    fig = figure()
    plots.show(fig, alt="A rising line from 2016 to 2020.", source="the article")
    bundle = shown[0]
    assert bundle["metadata"] == {"image/png": {"alt": "A rising line from 2016 to 2020."}}
    assert bundle["text/plain"] == "[Figure] A rising line from 2016 to 2020.\nSource: the article"
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("alt, source", [("", "x"), ("x", " "), ("  ", "")])
def test_show_refuses_a_figure_without_alt_text_or_source(alt, source):
    with pytest.raises(ValueError):
        plots.show(figure(), alt=alt, source=source)
    with pytest.raises(ValueError):
        plots.Chart(figure(), alt, source)
    plt.close("all")


def test_a_chart_displays_itself_once_rendered_and_its_png_does_not_change(shown):
    chart = plots.Chart(figure(), "A rising line.", "the article")
    png = chart.png()
    assert not plt.fignum_exists(chart.figure.number)  # rendered once, then closed
    chart._ipython_display_()
    chart._ipython_display_()
    assert [b["image/png"] for b in shown] == [base64.b64encode(png).decode("ascii")] * 2
    assert shown[0]["metadata"] == {"image/png": {"alt": "A rising line."}}
    texts = [t.get_text() for t in chart.figure.texts]
    assert texts == ["Source: the article"]  # the source line is drawn once, however often it is shown


def test_png_bytes_are_identical_across_renders():
    first, second = figure(), figure()
    assert plots.figure_png(first) == plots.figure_png(second)
    plt.close("all")


def test_the_shared_renderer_draws_what_matplotlibs_own_renderer_draws_pixel_for_pixel():
    """The course's renderer keeps text layouts and glyph bitmaps between figures of one size; no picture may depend
    on that: each equals matplotlib's own drawing, the first time and from what was kept."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plots.setup()

    def texts_figure(shift: float) -> matplotlib.figure.Figure:
        fig, ax = plt.subplots(figsize=(5, 3), layout="none")
        ax.plot([1, 10, 100], [3, 1, 2])
        ax.set_xscale("log")  # labels such as 10², drawn as mathtext
        ax.set_title("山西 Shānxī: 忻州 and 运城", fontsize=11)
        ax.set_ylabel("billion yuan (rotated)")
        ax.text(2 + shift, 2.2, f"moved {shift:.3f}", rotation=30, fontsize=9)  # a new place within a pixel
        ax.legend(["a line"], title="legend")
        return fig

    def own(fig: matplotlib.figure.Figure) -> np.ndarray:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    for shift in (0.0, 0.013, 0.0, 0.5):
        ours = plots.figure_pixels(texts_figure(shift), Bbox([[0, 0], [5, 3]])).copy()
        assert (ours == own(texts_figure(shift))).all(), f"text moved by {shift} drawn differently"
    renderer = next(reversed(pictures.Canvas.renderers.values()))
    assert renderer.glyphs and renderer.layouts  # the later figures drew from what the first one kept
    plt.close("all")


def test_png_bytes_drop_the_alpha_channel_only_when_nothing_is_transparent():
    opaque = np.full((4, 6, 4), 255, np.uint8)
    opaque[1, 2, :3] = (0, 114, 178)
    seethrough = opaque.copy()
    seethrough[0, 0, 3] = 0
    for pixels, mode in ((opaque, "RGB"), (seethrough, "RGBA")):
        image = Image.open(io.BytesIO(pictures.png_bytes(pixels, 100)))
        assert image.mode == mode and image.info["dpi"] == pytest.approx((100, 100), rel=1e-3)
        assert (np.asarray(image.convert("RGBA")) == pixels).all()  # lossless either way


def test_a_chart_at_an_earlier_placement_is_the_picture_of_a_full_draw_with_or_without_its_copied_source_line():
    """Charts drawn at a recorded placement (an explorer's updates) copy the source line's pixels from the first
    of them; the picture must be the one drawing the line gives, also when something else covers that place."""
    first = plots.Chart(figure(), "A rising line.", "the article")
    png = first.png()
    placed = first.placement
    again = [plots.Chart(figure(), "A rising line.", "the article", placement=placed).png() for _ in range(2)]
    assert placed.stamp.pixels is not None and again == [png, png]  # the second copied the line

    def covered(placement: plots.Placement) -> bytes:
        fig = figure()
        fig.text(*placement.source_at, "over the source line", va="top", transform=fig.transFigure)
        return plots.Chart(fig, "A rising line.", "the article", placement=placement).png()

    fresh = plots.Placement(placed.positions, placed.source_text, placed.source_at, placed.box)  # nothing copied yet
    assert covered(placed) == covered(fresh) != png
    assert fresh.stamp.pixels is None  # never taken from a picture where something else was drawn there


def test_chinese_names_render_without_missing_glyph_warnings():
    fig = figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        plots.figure_png(fig)
    plt.close(fig)


def test_bundled_font_covers_every_character_the_course_uses():
    cmap = TTFont(plots.CJK_FONT_FILE).getBestCmap()
    missing = sorted(c for c in course_characters() if ord(c) not in cmap)
    assert not missing, f"run tools/build_font.py; the font lacks {''.join(missing)}"


def test_setup_applies_the_colour_blind_palette_and_the_cjk_fallback():
    import seaborn as sns

    plots.setup()
    cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert cycle == [matplotlib.colors.to_hex(c) for c in sns.color_palette("colorblind")] or cycle == list(
        sns.color_palette("colorblind"))
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", plots.CJK_FAMILY]


def test_setup_sets_the_layout_and_legend_size_once_for_every_figure():
    with matplotlib.rc_context():
        plots.setup()
        fig, _ = plt.subplots()
        assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
        assert matplotlib.rcParams["legend.fontsize"] == plots.MIN_TEXT_PT == 9
        plt.close(fig)


def test_shade_period_covers_whole_years_and_labels_the_legend():
    fig, ax = plt.subplots()
    plots.shade_period(ax, (2016, 2020))
    plots.shade_period(ax, (2003, 2003), "")
    spans = list(ax.patches)
    assert [round(p.get_x(), 2) for p in spans] == [2015.5, 2002.5]
    assert [round(p.get_width(), 2) for p in spans] == [5.0, 1.0]
    assert ax.get_legend_handles_labels()[1] == ["2016-2020"]
    plt.close(fig)


def test_bar_labels_write_each_value_and_number_formats():
    fig, ax = plt.subplots()
    plots.bar_labels(ax, ax.barh(["a", "b"], [1234.5, -20.0]), "{:,.1f} %")
    assert sorted(t.get_text() for t in ax.texts) == ["-20.0 %", "1,234.5 %"]
    plots.thousands(ax.xaxis)
    assert ax.xaxis.get_major_formatter()(12000, 0) == "12,000"
    plots.engineering(ax.yaxis)
    assert ax.yaxis.get_major_formatter()(4e8, 0) == "400 M"
    plt.close(fig)


def test_palette_is_the_active_colour_cycle():
    with matplotlib.rc_context():
        plots.setup()
        assert plots.palette() == [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
