"""helpers.plots: style, alt text and source in the output, identical PNG bytes, 汉字 without missing glyphs."""

from __future__ import annotations

import base64
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from fontTools.ttLib import TTFont

from helpers import plots
from tools.build_font import course_characters


@pytest.fixture
def shown(monkeypatch):
    captured = []
    monkeypatch.setattr(plots, "display", lambda obj, raw, metadata: captured.append((obj, metadata)))
    return captured


def figure():
    plots.setup()
    fig, ax = plt.subplots()
    ax.plot([2016, 2020], [1, 2])
    ax.set_title("山西 Shānxī 忻州 Xīnzhōu 运城 Yùnchéng")
    return fig


def test_show_puts_alt_text_and_source_in_the_output_and_closes_the_figure(shown):
    fig = figure()
    plots.show(fig, alt="A rising line from 2016 to 2020.", source="the article")
    bundle, metadata = shown[0]
    assert metadata == {"image/png": {"alt": "A rising line from 2016 to 2020."}}
    assert bundle["text/plain"] == "[Figure] A rising line from 2016 to 2020.\nSource: the article"
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("alt, source", [("", "x"), ("x", " "), ("  ", "")])
def test_show_refuses_a_figure_without_alt_text_or_source(alt, source):
    with pytest.raises(ValueError):
        plots.show(figure(), alt=alt, source=source)
    plt.close("all")


def test_png_bytes_are_identical_across_renders():
    first, second = figure(), figure()
    assert plots.figure_png(first) == plots.figure_png(second)
    plt.close("all")


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
