"""What a learner sees first, in Chromium with no CJK font: the course's own start command and a Voilà app.

* ``python3 course.py start`` (its start function, in this environment, with fresh user settings) prints the link to
  notebooks/00_start_here.ipynb as its last line; that link opens the notebook, and no "Jupyter news?" question
  appears (a control shows the question does appear once the user setting asks for it).
* 汉字 are drawn with glyphs, not boxes, in a rendered Markdown cell, a printed output and a table in JupyterLab, and in
  a Voilà app. Two proofs: Chromium's own account of the fonts that drew each element's text (DevTools
  ``CSS.getPlatformFontsForNode``: the course font drew every 汉字), and pixels: two different 汉字 drawn with the
  page's fonts differ from each other and from the same characters under a font without 汉字, whose boxes are
  identical.

Screenshots go to ``test-artifacts/browser/legibility-*.png`` (git-ignored).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from test_browser import (
    ARTIFACTS,
    SERVER_START_S,
    browser,
    open_app,
    page,
    remote,
    require_chromium,
    stop,
    tail,
    voila_apps,
)

from helpers import plots

pytestmark = pytest.mark.browser
SHARED_FIXTURES = (browser, page, require_chromium, voila_apps)  # tests/test_browser.py's, used here by name

ROOT = Path(__file__).resolve().parent.parent
START = "import sys; from tools.course_commands import start; start(sys.argv[1:])"  # start without its set-up step
LINK = re.compile(r"http://127\.0\.0\.1:(\d+)/lab/tree/notebooks/00_start_here\.ipynb\?token=([0-9a-f]+)")
NEWS_QUESTION = "official Jupyter news"
HAN = re.compile(r"[\u4e00-\u9fff]")
TOFU_FAMILY = "sans-serif"  # without the course font: on this machine, the missing-glyph box
UNITS_CELL = ".jp-MarkdownCell:has(h2:text('Units'))"  # 00 §3, the lesson on 万 and 亿
PAGE_LOAD_MS = 120_000


def system_has_cjk_font() -> bool:
    """Whether fontconfig knows a Chinese font (then the missing-glyph control cannot be drawn)."""
    try:
        return bool(subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())
    except OSError:
        return False


@pytest.fixture(scope="module")
def course_start(tmp_path_factory) -> Iterator[str]:
    """The course's start command in a temporary copy of the course (its notebooks copied, this environment and
    helpers/ linked), with fresh user settings (only the notebook's windowing off), workspaces and config; yields
    what it printed once it printed the link (and a second more)."""
    tmp = tmp_path_factory.mktemp("start")
    project = tmp / "course"
    shutil.copytree(ROOT / "notebooks", project / "notebooks", ignore=shutil.ignore_patterns("student", ".ipynb_*"))
    shutil.copy2(ROOT / "course.py", project)
    shutil.copytree(ROOT / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    for linked in (".venv", "helpers"):
        (project / linked).symlink_to(ROOT / linked, target_is_directory=True)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "ws"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"))
    tracker = tmp / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')  # every cell in the page, so the tests can find the ones they read
    log = tmp / "start.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", START, "--no-browser"], cwd=project, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not LINK.search(log.read_text(encoding="utf-8", errors="replace")):
            if process.poll() is not None:
                pytest.fail(f"the start command exited with {process.returncode}:\n{tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"the start command printed no link in {SERVER_START_S} s:\n{tail(log)}")
            time.sleep(0.25)
        time.sleep(1)
        yield log.read_text(encoding="utf-8", errors="replace")
    finally:
        stop(process)


def start_link(printed: str, notebook: str = "00_start_here.ipynb") -> str:
    """The link the start command printed, or the same link to another notebook."""
    port, token = LINK.search(printed).groups()
    return f"http://127.0.0.1:{port}/lab/tree/notebooks/{notebook}?token={token}"


def open_notebook(page, url: str, ready: str) -> None:
    """Open ``url`` and wait until the element ``ready`` shows and the kernel is idle."""
    page.goto(url, timeout=PAGE_LOAD_MS)
    page.locator(ready).first.wait_for(timeout=PAGE_LOAD_MS)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle'] >> visible=true").first.wait_for(
        timeout=PAGE_LOAD_MS)


# --- the two proofs ----------------------------------------------------------------------------------------------

MARK_HAN = """(root, prefix) => {
  const found = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const own = Array.from(el.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('');
    const han = own.match(/[\\u4e00-\\u9fff]/g);
    if (han) {
      el.setAttribute('data-han', prefix + found.length);
      found.push({mark: prefix + found.length, han: han.length, text: own.trim().slice(0, 50)});
    }
  }
  return found;
}"""


def wait_for_course_font(page) -> None:
    """Wait until the page has loaded the course font (a page loads it once it shows a character of its range)."""
    page.wait_for_function("(family) => Array.from(document.fonts).some(f => f.family.replace(/\"/g, '') === family"
                           " && f.status === 'loaded')", arg=plots.CJK_FAMILY, timeout=30_000)


def fonts_drawing_han(page, marked: list[dict]) -> list[dict]:
    """The fonts Chromium used for the own text of each ``marked`` element, as DevTools reports them
    ({familyName, isCustomFont, glyphCount})."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        fonts = []
        for item in marked:
            node = cdp.send("DOM.querySelector", {"nodeId": document, "selector": f'[data-han="{item["mark"]}"]'})
            fonts.append(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"])
        return fonts
    finally:
        cdp.detach()


def assert_course_font_draws_every_han(page, root, prefix: str, seconds: float = 15) -> None:
    """Every 汉字 in the own text of ``root`` and the elements under it is drawn by the course web font. Chromium
    draws with the next font until the web font has loaded, then again: so this waits up to ``seconds`` for that."""
    root.scroll_into_view_if_needed()
    marked = root.evaluate(MARK_HAN, prefix)  # each element whose own text holds 汉字: {mark, han (how many), text}
    assert marked, f"no 汉字 found under {prefix}"
    wait_for_course_font(page)
    deadline = time.monotonic() + seconds
    while True:
        short = []
        for item, fonts in zip(marked, fonts_drawing_han(page, marked), strict=True):
            drawn = sum(f["glyphCount"] for f in fonts if f["familyName"] == plots.CJK_FAMILY and f["isCustomFont"])
            if drawn < item["han"]:
                short.append((item["text"], drawn, item["han"], fonts))
        if not short or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not short, f"{prefix}: the course font drew fewer 汉字 than the text has (text, drawn, 汉字, fonts): {short}"


PROBE = """(root, a) => {
  const box = document.createElement('span');
  box.id = 'han-probe';
  box.style.cssText = 'display:inline-block; font-size:48px; line-height:64px; white-space:nowrap';
  for (const char of a.chars) {
    const span = document.createElement('span');
    span.textContent = char;
    span.style.cssText = 'display:inline-block; width:64px; height:64px; margin-right:16px; overflow:hidden';
    box.appendChild(span);
  }
  root.prepend(box);
}"""


def pixels(locator) -> bytes:
    """The RGB pixels of a screenshot of ``locator``, which must show something (not one colour only)."""
    image = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    assert image.getcolors() is None or len(image.getcolors()) > 1, "the probe shows nothing"
    return image.tobytes()


def assert_glyphs_not_boxes(page, root, chars: str) -> None:
    """Draw two different 汉字 inside ``root`` (so with the fonts its text gets): they must differ from each other and
    from the same characters under a font without 汉字, whose missing-glyph boxes are identical (the control)."""
    assert len(set(chars)) == 2
    root.evaluate(PROBE, {"chars": list(chars)})
    try:
        spans = page.locator("#han-probe > span")
        spans.first.scroll_into_view_if_needed()
        wait_for_course_font(page)
        glyphs = [pixels(spans.nth(i)) for i in range(2)]
        page.evaluate(f"document.getElementById('han-probe').style.fontFamily = '{TOFU_FAMILY}'")
        boxes = [pixels(spans.nth(i)) for i in range(2)]
    finally:
        page.evaluate("document.getElementById('han-probe').remove()")
    if not system_has_cjk_font():  # else the control font falls back to that system font
        assert boxes[0] == boxes[1], "the control should draw the same missing-glyph box for both characters"
    assert glyphs[0] != glyphs[1], f"{chars[0]} and {chars[1]} look the same: boxes, not glyphs"
    assert glyphs[0] != boxes[0] and glyphs[1] != boxes[1], "the page draws 汉字 like the missing-glyph box"


def han_pair(text: str) -> str:
    """Two different 汉字 from ``text``."""
    chars = list(dict.fromkeys(HAN.findall(text)))
    assert len(chars) >= 2, text
    return "".join(chars[:2])


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"legibility-{name}.png")


# --- JupyterLab, as the start command opens it --------------------------------------------------------------------


def test_start_prints_the_link_to_the_start_here_notebook_last(course_start):
    lines = [line.strip() for line in course_start.splitlines() if line.strip()]
    assert LINK.fullmatch(lines[-1]), f"the last line printed is {lines[-1]!r}"


def test_the_link_opens_start_here_without_a_news_question(course_start, page):
    link = start_link(course_start)
    open_notebook(page, link, UNITS_CELL)
    current_tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").first.inner_text().strip()
    assert current_tab.startswith("00_start_here.ipynb"), f"the link opened {current_tab!r}, not 00_start_here.ipynb"
    time.sleep(5)  # the question comes with the settings, well before the kernel is idle; leave it time anyway
    screenshot(page, "lab-first-screen")
    assert page.get_by_text(NEWS_QUESTION).count() == 0, "JupyterLab asks about Jupyter news"
    assert not remote(page.requests), f"JupyterLab requested other hosts: {remote(page.requests)}"

    # control: a user who sets fetchNews back to JupyterLab's default ("none") is asked, so the check above can fail
    port, token = LINK.search(link).groups()
    url = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/apputils-extension:notification"
    headers = {"Authorization": f"token {token}"}
    assert page.request.put(url, data={"raw": '{"fetchNews": "none"}'}, headers=headers).ok
    try:
        open_notebook(page, link, UNITS_CELL)
        page.get_by_text(NEWS_QUESTION).first.wait_for(timeout=60_000)
    finally:  # back to the course's settings for the other tests
        assert page.request.put(url, data={"raw": "{}"}, headers=headers).ok


def test_han_are_glyphs_in_markdown_and_printed_output_in_jupyterlab(course_start, page):
    open_notebook(page, start_link(course_start), UNITS_CELL)
    markdown = page.locator(f"{UNITS_CELL} .jp-RenderedMarkdown").first
    assert_course_font_draws_every_han(page, markdown, "markdown")
    assert_glyphs_not_boxes(page, markdown, han_pair(markdown.inner_text()))
    markdown.scroll_into_view_if_needed()
    screenshot(page, "lab-markdown")

    printed = page.locator(f"{UNITS_CELL} + .jp-CodeCell .jp-OutputArea-output pre").first
    assert HAN.search(printed.inner_text()), "00 §3's code cell should print 汉字"
    assert_course_font_draws_every_han(page, printed, "printed")
    assert_glyphs_not_boxes(page, printed, han_pair(printed.inner_text()))
    printed.scroll_into_view_if_needed()
    screenshot(page, "lab-printed-output")


def test_han_are_glyphs_in_a_table_in_jupyterlab(course_start, page):
    table = ".jp-RenderedHTMLCommon table:has(td:text-matches('[\u4e00-\u9fff]'))"
    open_notebook(page, start_link(course_start, "02_poverty_alleviation.ipynb"), table)
    cell = page.locator(table).first
    assert_course_font_draws_every_han(page, cell, "table")
    assert_glyphs_not_boxes(page, cell, han_pair(cell.inner_text()))
    cell.scroll_into_view_if_needed()
    screenshot(page, "lab-table")


# --- a Voilà app, with the app command's template ----------------------------------------------------------------


def test_han_are_glyphs_in_a_voila_app(voila_apps, page):
    open_app(page, f"{voila_apps}/voila/render/exchange-rate.ipynb")
    output = page.locator(".jp-OutputArea-output").first
    if HAN.search(page.locator("body").inner_text()):  # the app's own 汉字, if it shows any
        assert_course_font_draws_every_han(page, page.locator("body"), "voila-page")
    output.evaluate("(el) => { const p = document.createElement('p'); p.id = 'han-text';"
                    " p.textContent = '1 亿 = 10,000 万 (太原, 运城)'; el.prepend(p); }")
    assert_course_font_draws_every_han(page, page.locator("#han-text"), "voila")
    assert_glyphs_not_boxes(page, output, "万亿")
    screenshot(page, "voila-exchange-rate")
    fonts = [u for u in page.requests if u.endswith(plots.CJK_FONT_FILE.name)]
    assert fonts, "the app page never loaded the course font"
    assert not remote(page.requests), f"the app requested other hosts: {remote(page.requests)}"
