"""Reporting for ``python3 course.py bench``: the measurements of :mod:`tools.bench_measure` as Markdown
(docs/performance.md): a summary table against the goals, findings for missed goals, and one section per measure.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

import nbformat

from tools._project import NOTEBOOKS
from tools.bench_browser import GOALS as BROWSER_GOALS
from tools.bench_browser import REFERENCE_PAGES, BrowserResults, Latency
from tools.bench_measure import (
    DRAW_PARTS,
    GOALS,
    LIBRARIES,
    LOAD_AT_START,
    PROFILE_PARTS,
    THIRD_PARTY,
    UPDATE_STAGES,
    EnvSizes,
    NotebookRuns,
    Stat,
    UpdateStages,
    stat,
    verdict,
)


def header(runs: int, samples: int) -> list[str]:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in LIBRARIES)
    return [
        "# Performance",
        "",
        f"Measured by `python3 course.py bench` (tools/bench.py) on {date.today().isoformat()}: "
        f"{os.cpu_count()} cores ({cpu}), {platform.system()}, Python {platform.python_version()}; {versions}.",
        f"Medians of {runs} runs (explorers: {samples} slider changes each), with min–max. Every ratio compares two "
        "things measured in the same run on this machine; the goals are the course's. Load average when the run "
        f"started: {LOAD_AT_START}.",
        "",
    ]


def figure_count(path: Path) -> int:
    """PNG figures among the notebook's committed outputs."""
    cells = nbformat.read(path, as_version=4).cells
    return sum("image/png" in o.get("data", {}) for c in cells if c.cell_type == "code" for o in c.outputs)


def _ms(values: Stat) -> str:
    return f"{min(values.values) * 1000:.0f}–{max(values.values) * 1000:.0f}"


@dataclass
class Results:
    """Everything one bench run measured."""

    runs: int
    samples: int
    notebooks: NotebookRuns
    profiles: dict[str, dict[str, float]]
    explorers: dict[str, tuple[Stat, Stat, Stat]]
    imports: tuple[Stat, Stat]
    modules: Sequence[str]
    env: EnvSizes
    browser: BrowserResults | None = None
    stages: dict[str, UpdateStages] = field(default_factory=dict)  # where an explorer update's time goes

    @property
    def floor(self) -> Stat:
        return stat(self.notebooks.floor)

    def suite_runs(self) -> list[float]:
        return [sum(times[r] for times in self.notebooks.seconds.values()) for r in range(self.runs)]

    def suite_ratio(self) -> tuple[float, Stat]:
        """Suite median over N floor medians, and the same ratio run by run."""
        count, runs = len(self.notebooks.seconds), self.suite_runs()
        per_run = stat(s / (count * f) for s, f in zip(runs, self.notebooks.floor, strict=True))
        return stat(runs).median / (count * self.floor.median), per_run

    def student_mb(self) -> float:
        return self.env.student_venv_mb or self.env.runtime_mb


def summary(r: Results) -> list[str]:
    count = len(r.notebooks.seconds)
    ratio, per_run = r.suite_ratio()
    third, ours = r.imports
    peak_mb = max((max(v) for v in r.notebooks.peak_mb.values()), default=0.0)
    lines = [
        "## Summary", "",
        "| Measure | Median | Range | Goal | Met |",
        "| --- | --- | --- | --- | --- |",
        f"| Suite vs floor ({count} notebooks: {stat(r.suite_runs()).median:.1f} s vs {count} × "
        f"{r.floor.median:.2f} s) | {ratio:.2f}× | {per_run.span()}× | ≤ {GOALS['suite']}× "
        f"| {verdict(ratio, GOALS['suite'])} |",
    ]
    if r.explorers:
        name, (update, bare, ratios) = max(r.explorers.items(), key=lambda i: i[1][2].median)
        value = ratios.median
        lines.append(f"| Explorer update vs bare redraw (worst of {len(r.explorers)}: {name}) | {value:.2f}× "
                     f"| {ratios.span()}× | ≤ {GOALS['explorer']}× | {verdict(value, GOALS['explorer'])} |")
    import_ratio = ours.median / third.median
    return lines + [
        f"| Import overhead (helpers vs its libraries, CPU: {ours.median:.2f} s vs {third.median:.2f} s) "
        f"| {import_ratio:.2f}× | {ours.median / max(third.values):.2f}–{ours.median / min(third.values):.2f}× "
        f"| ≤ {GOALS['imports']}× | {verdict(import_ratio, GOALS['imports'])} |",
        f"| Peak kernel memory (largest notebook) | {peak_mb:.0f} MB | | ≤ {GOALS['kernel_mb']:.0f} MB "
        f"| {verdict(peak_mb, GOALS['kernel_mb'])} |",
        f"| Installed environment, student (runtime dependencies only) | {r.student_mb():.0f} MB | | "
        f"≤ {GOALS['env_mb']:.0f} MB | {verdict(r.student_mb(), GOALS['env_mb'])} |",
        f"| Installed environment, development (.venv with test tools) | {r.env.venv_mb:.0f} MB | | "
        f"≤ {GOALS['env_mb']:.0f} MB | {verdict(r.env.venv_mb, GOALS['env_mb'])} |",
        "",
    ]


def seconds_per_figure(r: Results) -> float:
    """What drawing one figure costs: the median of the explorers' bare redraws (draw, lay out, render PNG)."""
    return statistics.median(bare.median for _, bare, _ in r.explorers.values()) if r.explorers else 0.0


def findings(r: Results) -> list[str]:
    """One paragraph per missed goal: what the measurements and the profiles say about its cause."""
    lines = []
    ratio, _ = r.suite_ratio()
    if ratio > GOALS["suite"] and r.profiles:
        drawing = [(p["Chart.png"] + p["layout"]) / p["total"] for p in r.profiles.values()]
        imports = [p["imports"] / p["total"] for p in r.profiles.values()]
        per_figure = seconds_per_figure(r)
        units = per_figure / r.floor.median  # floor units per figure
        budget = (f", so a notebook within {GOALS['suite']}× of the floor has room for about "
                  f"{(GOALS['suite'] - 1) / units:.1f} figures and nothing else") if units else ""
        figures = sum(figure_count(NOTEBOOKS / n) for n in r.notebooks.seconds)
        lines.append(
            f"- **Suite vs floor** ({ratio:.2f}×): the notebooks show {figures} static figures (and draw each "
            f"explorer's default once). Laying out and rendering figures (`Chart.png`, the layout engine) take "
            f"{min(drawing):.0%}–{max(drawing):.0%} of each notebook's profiled time, imports "
            f"{min(imports):.0%}–{max(imports):.0%}. One figure costs about {per_figure:.2f} s here (the explorers' "
            f"median bare redraw), {units:.2f} floor units{budget}.")
    for name, (update, bare, ratios) in r.explorers.items():
        if ratios.median > GOALS["explorer"]:
            lines.append(f"- **Explorer {name}**: a slider change takes {update.median * 1000:.0f} ms against "
                         f"{bare.median * 1000:.0f} ms for the bare redraw: its scenario or its widget update is slow.")
    lines += latency_findings(r)
    if r.env.venv_mb > GOALS["env_mb"] >= r.student_mb():
        biggest = ", ".join(f"{n} {mb:.0f} MB" for n, mb in r.env.biggest_test_only[:3])
        split = ("The lock is split accordingly: learners install only `requirements-lock.txt`; "
                 "`python3 course.py test` and `bench` add `requirements-test-lock.txt`.")
        lines.append(
            f"- **Development environment** ({r.env.venv_mb:.0f} MB): the test and authoring tools add "
            f"{r.env.test_only_mb:.0f} MB ({biggest}); a learner needs only the runtime ({r.student_mb():.0f} MB). "
            + split)
    return ["## Findings", "", *lines, ""] if lines else []


def latency_findings(r: Results) -> list[str]:
    """Where the browser's key-press-to-figure time goes, when an explorer misses its goals: the floor (the round
    trip itself) against the kernel's work on the update (:func:`stages_section`)."""
    if r.browser is None or not r.stages:
        return []
    rows = {name: (statistics.median(lat.explorer), statistics.median(lat.floor)) for name, lat in r.browser.lab.items()
            if lat.explorer and lat.floor and name in r.stages}
    g = BROWSER_GOALS
    missed = {name: row for name, row in rows.items()
              if row[0] > g["median_ms"] or row[0] > g["floor_ratio"] * row[1]}
    if not missed:
        return []
    medians, floors = [m for m, _ in missed.values()], [f for _, f in missed.values()]
    kernel = [r.stages[name].total * 1000 for name in missed]
    share = {stage: statistics.median(r.stages[n].seconds[stage].median / r.stages[n].total for n in missed)
             for stage in UPDATE_STAGES}
    drawing = {part: statistics.median(r.stages[n].draw_shares[part] for n in missed) for part in DRAW_PARTS}
    budget = (g["floor_ratio"] - 1) * statistics.median(floors)
    return [
        f"- **Explorer latency in the browser** ({len(missed)} of {len(rows)} explorers miss a goal in JupyterLab): "
        f"key press to new figure takes {min(medians):.0f}–{max(medians):.0f} ms (medians), of which the floor, the "
        f"same round trip for a figure drawn beforehand, is {min(floors):.0f}–{max(floors):.0f} ms. The rest, "
        f"{min(m - f for m, f in missed.values()):.0f}–{max(m - f for m, f in missed.values()):.0f} ms, is the "
        f"kernel making the new figure: an update costs {min(kernel):.0f}–{max(kernel):.0f} ms of CPU, "
        + ", ".join(f"{share[stage]:.0%} {stage}" for stage in UPDATE_STAGES)
        + " (medians of the shares); of the drawing, "
        + " and ".join(f"{drawing[part]:.0%} goes to {part}" for part in DRAW_PARTS)
        + f". Within {g['floor_ratio']:.0f}× the floor, an update could cost about {budget:.0f} ms of the kernel's "
        f"time; these cost {min(kernel) / budget:.1f}–{max(kernel) / budget:.1f}× that, while every update builds "
        "and draws a whole matplotlib figure (see Measured changes for what was tried).",
    ]


def notebooks_section(r: Results) -> list[str]:
    lines = [
        "## Notebooks", "",
        "Each executed from a fresh kernel (start to shutdown) as `python3 course.py execute` does, offline. "
        "One floor unit = a notebook that only imports pandas, seaborn, matplotlib, ipywidgets and helpers: "
        f"{r.floor.median:.2f} s ({r.floor.span()} s). Peak memory is the kernel's VmHWM before it shuts down.",
        "",
        "| Notebook | Time (s) | Range (s) | × floor unit | Peak kernel memory (MB) | Memory goal met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, times in r.notebooks.seconds.items():
        seconds, peak = stat(times), stat(r.notebooks.peak_mb[name])
        lines.append(f"| {name} | {seconds.median:.2f} | {seconds.span()} | {seconds.median / r.floor.median:.2f}× "
                     f"| {peak.median:.0f} ({peak.span('.0f')}) | {verdict(max(peak.values), GOALS['kernel_mb'])} |")
    parts = list(PROFILE_PARTS)
    lines += [
        "", "### Where a notebook's own time goes", "",
        "Each notebook's code cells run in a fresh interpreter (IPython shell, matplotlib Agg) under cProfile: the "
        "share of the profiled time spent inside each function (cumulative; profiling slows Python code, so read the "
        "shares, not the seconds). `Chart.png` lays the figure out once (the layout engine, `layout`), places the "
        "source line under its content and renders it once with the Agg canvas; no figure calls `tight_layout`.",
        "",
        f"| Notebook | Figures | Profiled (s) | {' | '.join(f'`{p}`' for p in parts)} | everything else |",
        "| --- | --- | --- |" + " --- |" * (len(parts) + 1),
    ]
    for name, profile in r.profiles.items():
        shares = [profile[p] / profile["total"] for p in parts]
        lines.append(f"| {name} | {figure_count(NOTEBOOKS / name)} | {profile['total']:.1f} | "
                     + " | ".join(f"{share:.0%}" for share in shares) + f" | {max(0.0, 1 - sum(shares)):.0%} |")
    return [*lines, ""]


def explorers_section(r: Results) -> list[str]:
    lines = [
        "## Explorers", "",
        "A slider change sets a control's value, so the explorer recomputes its scenario and redraws into its Output "
        "(rendered to PNG, matplotlib Agg, display captured by an IPython shell); the bare redraw is the explorer's "
        "view alone on the precomputed scenario result of the same values, drawn at the explorer's placement (the "
        "layout found when the explorer was built: no layout pass, as in an update). Each change is paired with the "
        "bare redraw of the same values (which of the two runs first alternates); the ratio is the median of the "
        "pairs' ratios. Times are this process's CPU time, which other work on the machine does not inflate (in one "
        "process it equals wall time on an idle machine).",
        "",
        "| Explorer | Slider change (ms) | Bare redraw (ms) | Ratio (median of pairs) | Range | Goal met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, (update, bare, ratios) in r.explorers.items():
        value = ratios.median
        lines.append(f"| {name} | {update.median * 1000:.0f} ({_ms(update)}) | {bare.median * 1000:.0f} ({_ms(bare)}) "
                     f"| {value:.2f}× | {ratios.span()}× | {verdict(value, GOALS['explorer'])} |")
    return [*lines, "", *stages_section(r.stages)]


def stages_section(stages: dict[str, UpdateStages]) -> list[str]:
    """Per explorer, the CPU time of each stage of an update, and what its drawing spends on texts and ticks."""
    if not stages:
        return []
    parts = list(DRAW_PARTS)
    samples = len(next(iter(stages.values())).seconds[UPDATE_STAGES[0]].values)
    lines = [
        "### Where an update's time goes", "",
        f"The same slider changes ({samples} per explorer), each taken apart: the scenario computed, the figure built "
        "by the chart function (matplotlib artists, no drawing), drawn at the explorer's placement (one Agg pass, no "
        "layout) and encoded as PNG. Medians of CPU ms. Then the drawings again under cProfile: the share of the "
        "drawing spent drawing texts (tick labels, titles, legends, bar labels: laying out and rasterizing glyphs) "
        "and making the axes' tick objects, which every new figure makes afresh.",
        "",
        f"| Explorer | {' | '.join(UPDATE_STAGES)} | Sum (ms) | {' | '.join(f'drawing: {p}' for p in parts)} |",
        "| --- |" + " --- |" * (len(UPDATE_STAGES) + 1 + len(parts)),
    ]
    for name, found in stages.items():
        lines.append(f"| {name} | " + " | ".join(f"{found.seconds[s].median * 1000:.1f}" for s in UPDATE_STAGES)
                     + f" | {found.total * 1000:.0f} | "
                     + " | ".join(f"{found.draw_shares[p]:.0%}" for p in parts) + " |")
    return [*lines, ""]


def imports_section(r: Results) -> list[str]:
    third, ours = r.imports
    return [
        "## Imports", "",
        f"Fresh interpreters, alternating, {len(third.values)} runs each, CPU time (user + system) of the interpreter "
        f"from start to exit: `import {', '.join(THIRD_PARTY)}` took {third.median:.2f} s ({third.span()} s); "
        f"`import helpers` plus `from helpers import {', '.join(r.modules)}` (every helpers module the notebooks "
        f"import) took {ours.median:.2f} s ({ours.span()} s).",
        "",
    ]


def environment_section(r: Results) -> list[str]:
    env = r.env
    lines = [
        "## Installed environment", "",
        f"- Development environment `.venv` (runtime, test and authoring tools): {env.venv_mb:.0f} MB on disk.",
        f"- Runtime dependencies only (pyproject `[project] dependencies` and what they need: {env.runtime_count} "
        f"packages, plus the venv's own pip and setuptools): {env.runtime_mb:.0f} MB, summed from the installed "
        "packages' file lists.",
    ]
    if env.student_venv_mb is not None:
        lines.append(f"- A fresh venv with only those, installed by pip with the lock as constraints: "
                     f"{env.student_venv_mb:.0f} MB.")
    biggest = ", ".join(f"{n} {mb:.0f} MB" for n, mb in env.biggest_test_only)
    return lines + [
        f"- Test and authoring tools only (the `test` extra and what only they need: {env.test_only_count} packages): "
        f"{env.test_only_mb:.0f} MB; largest: {biggest}.",
        "",
    ]


def report(r: Results) -> str:
    browser = browser_section(r.browser) if r.browser else []
    return "\n".join(header(r.runs, r.samples) + summary(r) + findings(r) + notebooks_section(r)
                     + explorers_section(r) + imports_section(r) + environment_section(r) + browser)




# --- in the browser ----------------------------------------------------------------------------------------------

BROWSER_HEADING = "## In the browser: explorer latency and app load"
# Written by hand (what a change did, with its before and after); a full bench run keeps it as it is
NOTES_HEADING = "## Measured changes"


def _latency_row(name: str, latency: Latency) -> str:
    if not latency.explorer or not latency.floor:
        return f"| {name} | no figure arrived | | | | | | **no** |"
    median, p95 = statistics.median(latency.explorer), Latency.p95(latency.explorer)
    met = (median <= BROWSER_GOALS["median_ms"] and p95 <= BROWSER_GOALS["p95_ms"]
           and latency.ratio <= BROWSER_GOALS["floor_ratio"] and not latency.missed)
    return (f"| {name} | {median:.0f} | {p95:.0f} | {max(latency.explorer):.0f} | "
            f"{statistics.median(latency.floor):.0f} | {latency.ratio:.2f}× | {latency.missed} | "
            f"{'yes' if met else '**no**'} |")


def browser_section(b: BrowserResults) -> list[str]:
    """Latency tables (JupyterLab, Voilà) and Voilà's first-figure times, against the goals."""
    g = BROWSER_GOALS
    lines = [
        BROWSER_HEADING, "",
        f"Debian's Chromium (headless) driven by Playwright, {date.today().isoformat()}, load average at the start "
        f"{LOAD_AT_START}. For every app, a bench notebook shows the explorer and, below it, its **floor**: the same "
        "explorer whose render step only hands back one of two figures drawn beforehand (same size), shown through "
        f"the same display path. {b.samples} key presses on each one's first control (a slider's handle, or a "
        "drop-down), alternating between explorer and floor; the page itself timestamps the `keydown` and the moment "
        "the new figure is decoded and painted (a `MutationObserver` on the figure's `img`, then "
        "`requestAnimationFrame`). Goals: median ≤ "
        f"{g['median_ms']:.0f} ms, 95th percentile ≤ {g['p95_ms']:.0f} ms, ≤ {g['floor_ratio']:.0f}× the floor; "
        "a missed change (no figure within 20 s) fails the row.",
        "",
    ]
    for title, table in (("JupyterLab", b.lab), ("Voilà", b.voila)):
        lines += [f"### {title}", "",
                  "| Explorer | Median (ms) | p95 (ms) | Max (ms) | Floor median (ms) | × floor | Missed | Goals met |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |",
                  *(_latency_row(name, latency) for name, latency in table.items()), ""]
    if b.first_figure:
        lines += first_figure_section(b.first_figure)
    return lines


def first_figure_section(first: dict[str, tuple[float, ...]]) -> list[str]:
    """Voilà's first figure per page against the bare page, and what the widget page says about the difference."""
    g = BROWSER_GOALS
    bare, widget = (REFERENCE_PAGES[page] for page in ("static", "widget"))
    median = {name: statistics.median(values) for name, values in first.items()}
    lines = ["### Voilà: first figure after navigation", "",
             "From navigation (the page's time origin) to its first figure decoded and painted; the bare page is "
             "a Voilà notebook that shows one PNG and nothing else, the one-figure widget page the same PNG in the "
             "widget that shows an explorer's figure and nothing else. Every page is served as the app command "
             "serves it, with a preheated kernel (Voilà runs the notebook before the page asks; before each page "
             "the bench waits until the machine is quiet, so the page finds its standby kernel ready and no other "
             f"kernel starting). Goal for an app: ≤ {g['first_figure_s']:.0f} s and ≤ "
             f"{g['first_figure_ratio']}× the bare page.", "",
             "| Page | Median (s) | Range (s) | × bare page | Goals met |", "| --- | --- | --- | --- | --- |"]
    for name, values in first.items():
        ratio = median[name] / median[bare] if bare in median else float("nan")
        met = (median[name] <= g["first_figure_s"] and ratio <= g["first_figure_ratio"])
        verdict_text = "reference" if name in REFERENCE_PAGES.values() else "yes" if met else "**no**"
        lines.append(f"| {name} | {median[name]:.2f} | {min(values):.2f}–{max(values):.2f} | {ratio:.2f}× "
                     f"| {verdict_text} |")
    apps = [median[n] for n in median if n not in REFERENCE_PAGES.values()]
    if apps and bare in median and widget in median and max(apps) > g["first_figure_ratio"] * median[bare]:
        lines += ["", f"Apps take {min(apps):.2f}–{max(apps):.2f} s, {min(apps) - median[bare]:.2f}–"
                  f"{max(apps) - median[bare]:.2f} s more than the bare page. The one-figure widget page takes "
                  f"{median[widget]:.2f} s: {median[widget] - median[bare]:.2f} s of the difference comes with the "
                  "widgets themselves (ipywidgets' JavaScript, its widget models, rendering a widget view), before an "
                  f"explorer adds anything; an app's own controls and figure add {min(apps) - median[widget]:.2f}–"
                  f"{max(apps) - median[widget]:.2f} s."]
    return [*lines, ""]


def replace_section(text: str, section: list[str], heading: str | None = None) -> str:
    """``text`` (a performance report) with its section under ``heading`` (by default ``section[0]``: the
    browser's, the hub's, the notes') replaced by ``section`` (appended if absent)."""
    heading = section[0] if heading is None else heading
    lines = text.splitlines()
    if heading not in lines:
        return "\n".join([*lines, "", *section]).rstrip("\n") + "\n"
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join([*lines[:start], *section, *lines[end:]]).rstrip("\n") + "\n"


def section(text: str, heading: str) -> list[str]:
    """The lines of ``text`` under ``heading``, the heading included, up to the next ``## `` heading (none: [])."""
    lines = text.splitlines()
    if heading not in lines:
        return []
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [*lines[start:end]]
