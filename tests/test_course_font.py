"""The bundled CJK font (helpers/fonts): it covers every 汉字 a learner can meet, the browser stylesheet hands it every
one of them, and matplotlib uses it without warnings even from a stale font cache.

The browser side (glyphs, not boxes, in JupyterLab and Voilà) is tests/test_browser_legibility.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from helpers import plots

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "helpers" / "jupyter_config" / "custom" / "custom.css"
# Chinese script as Unicode defines it (ideographs, extension A, compatibility ideographs, CJK punctuation, full-width
# forms): independent of tools/build_font.py, so a file the builder forgets to read makes these tests fail.
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffee]")
NOT_SHOWN = {".git", ".venv", "build", "test-artifacts", "tests", "tools", "node_modules"}  # what learners never read
TEXT_SUFFIXES = {".md", ".ipynb", ".csv", ".json", ".py", ".txt", ".cff", ".yml", ".html", ".j2", ".css"}


def shown_text_files() -> list[Path]:
    """Every text file of the repository a learner or teacher may see: notebooks of both editions, docs, README,
    datasets and their metadata, helpers' messages."""
    return sorted(p for p in ROOT.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file()
                  and not NOT_SHOWN & set(p.relative_to(ROOT).parts) and not p.parent.name.endswith(".egg-info"))


def han_characters() -> dict[str, str]:
    """Every Chinese character of :func:`shown_text_files` → the first file (relative path) that uses it."""
    found: dict[str, str] = {}
    for path in shown_text_files():
        for char in HAN.findall(path.read_text(encoding="utf-8")):
            found.setdefault(char, str(path.relative_to(ROOT)))
    return found


def test_the_bundled_font_draws_every_chinese_character_of_the_course():
    used = han_characters()
    assert len(used) > 100 and "万" in used and "亿" in used  # the scan does find the course's 汉字
    cmap = TTFont(plots.CJK_FONT_FILE).getBestCmap()
    missing = {char: where for char, where in used.items() if ord(char) not in cmap}
    assert not missing, f"the font lacks {''.join(missing)} (first seen in {sorted(set(missing.values()))}): " \
                        "run tools/build_font.py"


def css_unicode_ranges() -> list[tuple[int, int]]:
    """The unicode-range of the stylesheet's @font-face, as (first, last) code points."""
    declaration = re.search(r"unicode-range:\s*([^;]+);", CSS.read_text(encoding="utf-8")).group(1)
    ranges = []
    for part in declaration.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return ranges


def test_the_browser_stylesheet_serves_the_bundled_font_for_every_chinese_character():
    css = CSS.read_text(encoding="utf-8")
    source = re.search(r'src:\s*url\("([^"]+)"\)', css).group(1)
    assert source == plots.CJK_FONT_FILE.name  # served next to the stylesheet (JupyterLab /custom/, Voilà static/)
    assert f'font-family: "{plots.CJK_FAMILY}"' in css
    ranges = css_unicode_ranges()
    outside = [c for c in han_characters() if not any(low <= ord(c) <= high for low, high in ranges)]
    assert not outside, f"the stylesheet's unicode-range leaves out {''.join(outside)}"
    for stack in ("--jp-ui-font-family", "--jp-content-font-family", "--jp-code-font-family"):
        assert re.search(rf'{stack}:[^;]*"{plots.CJK_FAMILY}"', css), f"{stack} lacks the course font"


DRAW = """
import logging, sys
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
import matplotlib.pyplot as plt
from helpers import plots
if sys.argv[1] == "course":
    plots.setup()
else:  # how the course registered its font before: by family name, so a stale cache entry was trusted
    if plots.CJK_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(plots.CJK_FONT_FILE))
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", plots.CJK_FAMILY]
fig, ax = plt.subplots()
ax.set_title("Taiyuan 太原: 1 亿 = 10,000 万")
plots.figure_png(fig)
"""


@pytest.fixture
def stale_font_cache(tmp_path) -> Path:
    """A matplotlib config folder whose font cache was written by an environment that is gone: every font it lists
    (matplotlib's DejaVu and the course font of another checkout) is a file that no longer exists."""
    from matplotlib import font_manager

    manager = font_manager.FontManager()
    manager.addfont(str(plots.CJK_FONT_FILE))
    cache = tmp_path / "mplconfig" / f"fontlist-v{manager.__version__}.json"
    cache.parent.mkdir()
    font_manager.json_dump(manager, cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    for entry in data["ttflist"] + data["afmlist"]:
        entry["fname"] = str(tmp_path / "deleted-env" / Path(entry["fname"]).name)
    cache.write_text(json.dumps(data), encoding="utf-8")
    return cache.parent


def first_draw_log(mplconfig: Path, how: str) -> str:
    """What a fresh Python process prints (stderr) when it draws a figure with 汉字 using ``mplconfig``."""
    env = {"MPLCONFIGDIR": str(mplconfig), "PATH": "/usr/bin:/bin", "HOME": str(mplconfig.parent)}
    result = subprocess.run([sys.executable, "-c", DRAW, how], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_a_stale_matplotlib_font_cache_prints_no_findfont_warning(stale_font_cache):
    assert "findfont" in first_draw_log(stale_font_cache, "by-name")  # the cache is stale enough to show the bug
    log = first_draw_log(stale_font_cache, "course")
    assert "findfont" not in log and "missing from" not in log, log
