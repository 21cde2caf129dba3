"""Measuring for ``python3 course.py bench``: what a learner feels in a real browser (Debian's Chromium, Playwright).

* Latency: from a key press on an explorer's first control (a slider's handle, or a drop-down) to the new figure
  on screen, in JupyterLab and in Voilà, for every app of ``helpers.apps``. The page timestamps both ends itself:
  the ``keydown`` event's time, and a ``MutationObserver`` that sees a new figure (an ``img`` whose ``src``
  changed), waits for the image to be decoded and for the next animation frame (``requestAnimationFrame``).
* The floor of that latency: the same explorer, in the same page, whose :meth:`helpers.explorer.Explorer.render`
  only hands back one of two precomputed figures of the same size, shown through the same display path. Changes of
  the explorer and of its floor alternate, so drift on a shared machine hits both alike.
* Voilà first figure: from navigation to the app's first figure on screen, against a bare Voilà page that shows one
  static image (the same app's default figure as a PNG file) and, to tell the widgets' share, a page that shows
  that image in an explorer's figure widget and nothing else.

Every page runs from the same bench notebook per app (written to a temporary folder): cell 1 the explorer,
cell 2 its floor. Nothing is requested from another host (Voilà is served with the app command's offline template).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools import app as app_tool
from tools._project import KERNELSPEC, ROOT
from tools.browser import CHROMIUM, CHROMIUM_ARGS, free_port, lab_server

EXPLORER = ".course-explorer"  # the class of an explorer's box (helpers/explorer.py)
GOALS = {"median_ms": 100.0, "p95_ms": 200.0, "floor_ratio": 2.0, "first_figure_s": 2.0, "first_figure_ratio": 1.5}
SETTLE_S = 0.15  # pause after each figure, so one change never overlaps the next
PREHEAT_S = 10  # after Voilà starts: time for it to start the pages' preheated kernels
QUIET_CPU_PCT = 10.0  # Voilà and its kernels count as quiet below this share of one core
QUIET_LIMIT_S = 30.0  # the longest wait for quiet before a first-figure page
TIMEOUT_MS = 20_000

EXPLORER_CELL = """from helpers import apps, plots

plots.setup()
explorer = apps.build({name})
explorer"""

# The floor: the same explorer whose render step only returns one of two figures drawn beforehand: the same
# picture (so the same size), one pixel apart, so each change displays a new image.
FLOOR_CELL = """import io
import itertools

from matplotlib.image import imread, imsave

floor = apps.build({name})
frames = [floor.render(floor.values()) for _ in range(2)]
pixels = imread(io.BytesIO(frames[1].png())).copy()  # rendered now: later displays reuse the bytes
pixels[0, 0, :3] = 1 - pixels[0, 0, :3]  # one pixel differs: the same size, yet a new picture to show
buffer = io.BytesIO()
imsave(buffer, pixels, format="png")
frames[0].png()
frames[1]._png = buffer.getvalue()
turn = itertools.count(1)
floor.render = lambda values: frames[next(turn) % 2]
floor"""

STATIC_CELL = """from IPython.display import Image

Image(filename={path})"""

# The same PNG in the widget that shows an explorer's figure (an HTML widget holding an <img>), and nothing else:
# what the widget manager alone adds to a page's first figure
WIDGET_CELL = """from pathlib import Path

import ipywidgets as widgets

from helpers.explorer import chart_html

widgets.HTML(chart_html(Path({path}).read_bytes(), "the first app's default figure"))"""
# First-figure pages other than the apps: notebook name -> how the report names it
REFERENCE_PAGES = {"static": "static page", "widget": "one-figure widget page"}

# In the page: a promise (window.__latency) of the milliseconds from the next keydown (or drop-down change) to the next
# new figure in explorer number a.index (decoded, then one animation frame later), or null after a.timeoutMs.
ARM = """(a) => {
  const root = document.querySelectorAll(a.explorer)[a.index];
  const oldImgs = new Set(root.querySelectorAll('img'));
  const oldSrc = Array.from(oldImgs).map(i => i.src).join(' ');
  let pressed = null;  // the key press, or the pick of a drop-down's option
  const onKey = e => { if (pressed === null) pressed = e.timeStamp; };
  document.addEventListener('keydown', onKey, true);
  root.addEventListener('change', onKey, true);
  window.__latency = new Promise(resolve => {
    const done = value => { observer.disconnect(); document.removeEventListener('keydown', onKey, true);
                            root.removeEventListener('change', onKey, true); clearTimeout(timer); resolve(value); };
    const timer = setTimeout(() => done(null), a.timeoutMs);
    const observer = new MutationObserver(() => {
      const img = root.querySelector('img');
      if (!img || !img.src || (oldImgs.has(img) && img.src === oldSrc)) return;
      observer.disconnect();
      img.decode().catch(() => null).then(() => requestAnimationFrame(() => done(performance.now() - pressed)));
    });
    observer.observe(root, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  });
}"""

FOCUS = """(a) => {
  const root = document.querySelectorAll(a.explorer)[a.index];
  const control = root.querySelector('.noUi-handle') || root.querySelector('select');
  control.scrollIntoView({block: 'center'});
  control.focus();
}"""

# JupyterLab (--LabApp.expose_app_in_browser): the notebook panel of path p, run all once its kernel is idle.
PANEL = "Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.context && w.context.path === p)"
PANEL_OPEN = f"(p) => {{ try {{ return {PANEL} !== undefined; }} catch (error) {{ return false; }} }}"
RUN_ALL = f"""async (p) => {{
  const panel = {PANEL};
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  while (!(kernel.connectionStatus === 'connected' && kernel.status === 'idle')) {{
    await new Promise(resolve => setTimeout(resolve, 100));
  }}
  window.jupyterapp.shell.activateById(panel.id);
  await window.jupyterapp.commands.execute('runmenu:run-all');
}}"""

# Before the page's own scripts: the time (ms since navigation) when the first figure is on screen.
FIRST_FIGURE = """(() => {
  const seen = () => {
    const img = document.querySelector('.jp-OutputArea-output img, .widget-image');
    if (!img || !img.src) return false;
    observer.disconnect();
    const painted = () => { window.__firstFigure = performance.now(); };
    img.decode().catch(() => null).then(() => requestAnimationFrame(painted));
    return true;
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
})();"""


@dataclass(frozen=True)
class Latency:
    """Milliseconds from key press to new figure: the explorer's and its floor's, paired in time."""

    explorer: tuple[float, ...]
    floor: tuple[float, ...]
    missed: int  # changes whose figure did not arrive within TIMEOUT_MS

    @staticmethod
    def p95(values: tuple[float, ...]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")

    @property
    def ratio(self) -> float:
        return statistics.median(self.explorer) / statistics.median(self.floor)


@dataclass
class BrowserResults:
    lab: dict[str, Latency]
    voila: dict[str, Latency]
    first_figure: dict[str, tuple[float, ...]]  # app name (or a REFERENCE_PAGES name) -> seconds to the first figure
    samples: int


# --- servers ---------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def server(command: list[str], ready_url: str, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """Run ``command`` in its own process group until the with-block ends, once ``ready_url`` answers 200: its
    process."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[2]} did not start; see {log}")
            with contextlib.suppress(OSError):
                if opener.open(ready_url, timeout=5).status == 200:
                    break
            time.sleep(0.25)
        yield process
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):  # the servers stop their kernels on SIGTERM
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(20)
                break
            except subprocess.TimeoutExpired:
                continue


# --- notebooks -------------------------------------------------------------------------------------------------------

def notebook(*sources: str) -> dict:
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
              "source": source} for i, source in enumerate(sources)]
    return {"cells": cells, "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_notebooks(folder: Path, names: list[str]) -> None:
    """Per app: NAME.ipynb (the app, as the app command writes it) and NAME-latency.ipynb (explorer, then its
    floor); static.ipynb shows one PNG (the first app's default figure) and nothing else, widget.ipynb the same PNG
    in an explorer's figure widget."""
    import matplotlib

    matplotlib.use("Agg")
    from helpers import apps, plots

    for name in names:
        app_tool.write_app(name, folder)
        quoted = json.dumps(name)
        text = json.dumps(notebook(EXPLORER_CELL.format(name=quoted), FLOOR_CELL.format(name=quoted)))
        (folder / f"{name}-latency.ipynb").write_text(text, encoding="utf-8")
    with matplotlib.rc_context():
        plots.setup()
        (folder / "static.png").write_bytes(apps.build(names[0]).default_view().png())
    for page, cell in (("static", STATIC_CELL), ("widget", WIDGET_CELL)):
        (folder / f"{page}.ipynb").write_text(json.dumps(notebook(cell.format(path=json.dumps("static.png")))))


# --- in the browser --------------------------------------------------------------------------------------------------

def keys(spec: Any) -> tuple[str, str]:
    """The key that moves a slider away from its default, and the one that brings it back; for a drop-down, the
    option to pick and then the default again (as ``"option:NAME"``: headless Chromium's closed drop-down ignores
    arrow keys, so the option is selected as a click would)."""
    if hasattr(spec, "options"):
        other = next(option for option in spec.options if option != spec.default)
        return f"option:{other}", f"option:{spec.default}"
    return ("ArrowRight", "ArrowLeft") if spec.default < spec.max else ("ArrowLeft", "ArrowRight")


def one_change(page: Any, index: int, key: str) -> float | None:
    """Press ``key`` on the first control of explorer ``index`` in ``page`` (or pick ``option:NAME`` of its
    drop-down); ms until its new figure, or None."""
    args = {"explorer": EXPLORER, "index": index, "timeoutMs": TIMEOUT_MS}
    page.evaluate(FOCUS, args)
    page.evaluate(ARM, args)
    if key.startswith("option:"):
        page.locator(EXPLORER).nth(index).locator("select").first.select_option(key.removeprefix("option:"))
    else:
        page.keyboard.press(key)
    found = page.evaluate("() => window.__latency")
    time.sleep(SETTLE_S)
    return found


def measure_pairs(pages: tuple[Any, Any], indexes: tuple[int, int], spec: Any, samples: int) -> Latency:
    """``samples`` changes of the explorer and of its floor, alternating (after one warm-up change of each)."""
    found: tuple[list[float], list[float]] = ([], [])
    missed = 0
    there, back = keys(spec)
    for i in range(samples + 1):
        key = there if i % 2 == 0 else back
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for which in order:
            ms = one_change(pages[which], indexes[which], key)
            if ms is None:
                missed += 1
            elif i:
                found[which].append(ms)
    return Latency(tuple(found[0]), tuple(found[1]), missed)


@functools.cache
def first_control(name: str) -> Any:
    """The specification of app ``name``'s first slider (or first drop-down when it has no slider)."""
    import matplotlib

    matplotlib.use("Agg")
    from helpers.apps import registry
    from helpers.explorer import Slider

    with contextlib.redirect_stdout(io.StringIO()):
        specs = list(registry()[name].factory().sliders)
    sliders = [s for s in specs if isinstance(s, Slider)]
    return (sliders or specs)[0]


def lab_latency(browser: Any, base: str, name: str, samples: int) -> Latency:
    """Open NAME-latency.ipynb in JupyterLab, run all, then time explorer (cell 1) against floor (cell 2)."""
    root, _, token = base.partition("?")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{root}/lab/tree/{name}-latency.ipynb?reset&{token}", timeout=60_000)
        page.wait_for_function(PANEL_OPEN, arg=f"{name}-latency.ipynb", timeout=120_000)
        page.evaluate(RUN_ALL, f"{name}-latency.ipynb")
        page.wait_for_function(f"() => Array.from(document.querySelectorAll('{EXPLORER}'))"
                               ".filter(e => e.querySelector('img')).length === 2", timeout=180_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        return measure_pairs((page, page), (0, 1), first_control(name), samples)
    finally:
        with contextlib.suppress(Exception):
            page.evaluate("() => window.jupyterapp.serviceManager.sessions.shutdownAll()")
        context.close()


def open_voila(context: Any, url: str) -> Any:
    page = context.new_page()
    page.add_init_script(FIRST_FIGURE)
    page.goto(url, wait_until="commit", timeout=60_000)
    return page


def voila_latency(browser: Any, base: str, name: str, samples: int) -> Latency:
    """The explorer and its floor of NAME-latency.ipynb, served by Voilà, timed alternately."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = open_voila(context, f"{base}/voila/render/{name}-latency.ipynb")
        page.wait_for_function(f"() => Array.from(document.querySelectorAll('{EXPLORER}'))"
                               ".filter(e => e.querySelector('img')).length === 2", timeout=180_000)
        time.sleep(1)
        return measure_pairs((page, page), (0, 1), first_control(name), samples)
    finally:
        context.close()


def settle(pid: int) -> None:
    """Wait until the server ``pid`` and its kernels are quiet (below :data:`QUIET_CPU_PCT` of one core over half
    a second), at most :data:`QUIET_LIMIT_S`: the next page then finds its preheated kernel ready and no other
    kernel starting. Other work on the machine does not count."""
    import psutil

    def cpu_seconds() -> float:
        total = 0.0
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(pid)
            for process in (root, *root.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    total += times.user + times.system
        return total

    deadline = time.monotonic() + QUIET_LIMIT_S
    while time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(0.5)
        if (cpu_seconds() - before) / 0.5 * 100 < QUIET_CPU_PCT:
            return


def first_figure_s(browser: Any, url: str) -> float | None:
    """Seconds from navigation to the first figure on screen at ``url`` (None after 120 s: Voilà stalled)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = open_voila(context, url)
        page.wait_for_function("() => window.__firstFigure !== undefined", timeout=120_000)
        return page.evaluate("() => window.__firstFigure") / 1000
    except Exception:  # a stalled page is reported as missing, not fatal to the bench
        return None
    finally:
        context.close()


def bench_browser(samples: int, loads: int) -> BrowserResults:
    """Every app: latency in JupyterLab and in Voilà (``samples`` changes each, and as many of the floor), and
    ``loads`` first-figure times in Voilà against the static page, interleaved."""
    from playwright.sync_api import sync_playwright

    from helpers.apps import registry

    if not CHROMIUM.exists():
        raise RuntimeError(f"the browser bench needs Debian's Chromium at {CHROMIUM} (sudo apt-get install chromium)")
    names = list(registry())
    result = BrowserResults({}, {}, {}, samples)
    with tempfile.TemporaryDirectory() as tmp_name, sync_playwright() as playwright:
        tmp = Path(tmp_name)
        folder = tmp / "bench"
        folder.mkdir()
        write_notebooks(folder, names)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            command, ready, env, base = lab_server(folder, tmp)
            with server(command, ready, env, tmp / "lab.log"):
                for name in names:
                    result.lab[name] = lab_latency(browser, base, name, samples)
                    print(f"  JupyterLab {name}: {summary_line(result.lab[name])}", flush=True)
            app_tool.write_template(tmp / "jupyter")
            port = free_port()
            command = app_tool.voila_command(folder, f"--port={port}", "--Voila.port_retries=0", "--no-browser",
                                             "--VoilaKernelManager.preheat_denylist=['-latency']")  # apps only
            voila = f"http://127.0.0.1:{port}"
            with server(command, f"{voila}/", app_tool.voila_env(tmp / "jupyter"), tmp / "voila.log") as process:
                time.sleep(3 * PREHEAT_S)  # Voilà starts and runs the apps' standby kernels: let it finish first
                for name in names:
                    result.voila[name] = voila_latency(browser, voila, name, samples)
                    print(f"  Voila {name}: {summary_line(result.voila[name])}", flush=True)
                for _ in range(loads):
                    for page, name in [*REFERENCE_PAGES.items(), *zip(names, names, strict=True)]:
                        settle(process.pid)  # Voilà has refilled the standby kernel the page before took
                        seconds = first_figure_s(browser, f"{voila}/voila/render/{page}.ipynb")
                        if seconds is not None:
                            result.first_figure[name] = (*result.first_figure.get(name, ()), seconds)
                print("  Voila first figure: " + ", ".join(
                    f"{n} {statistics.median(v):.2f} s" for n, v in result.first_figure.items()), flush=True)
        finally:
            browser.close()
    return result


def summary_line(latency: Latency) -> str:
    if not latency.explorer or not latency.floor:
        return f"no figure arrived ({latency.missed} missed)"
    return (f"median {statistics.median(latency.explorer):.0f} ms, p95 {Latency.p95(latency.explorer):.0f} ms, "
            f"floor {statistics.median(latency.floor):.0f} ms, {latency.ratio:.2f}× floor"
            + (f", {latency.missed} missed" if latency.missed else ""))
