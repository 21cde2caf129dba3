"""Measure the course against its speed and memory goals; print a table and write docs/performance.md.

``python3 course.py bench [--runs N] [--samples N] [--student-venv]``. Each ratio compares two things measured
in the same run on the same machine, so it means much the same on any machine:

* suite vs floor (wall time): executing every teacher notebook from a fresh kernel (nbclient, offline, as
  ``tools.execute_notebooks`` does) against N times a notebook that only imports the libraries (goal ≤ 1.5×),
  with a cProfile of each notebook showing where its time goes;
* explorer update vs bare redraw (CPU time of this process): one slider change (scenario, then view into the
  Output) against the view alone on a precomputed scenario result, matplotlib Agg (goal ≤ 1.2×);
* import overhead (CPU time of fresh interpreters): the ``helpers`` modules the notebooks import against their
  third-party dependencies alone (goal ≤ 1.1×);
* memory: each notebook kernel's peak resident memory (VmHWM, goal ≤ 300 MB) and the installed environment
  (goal ≤ 600 MB): the whole development .venv and the runtime dependencies a learner needs, computed from the
  installed packages' file lists (``--student-venv`` also builds that venv with pip and measures it).

CPU time is used where it measures the same work as wall time but is not inflated by other work on a shared
machine. Every figure is the median of several runs with their minimum and maximum.
"""

from __future__ import annotations

import argparse
import ast
import copy
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.execute_notebooks import NOTEBOOKS, ROOT, notebook_client, offline_env, teacher_notebooks

DOC = ROOT / "docs" / "performance.md"
LOAD_AT_START = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
MB = 1024 * 1024
GOALS = {"suite": 1.5, "explorer": 1.2, "imports": 1.1, "kernel_mb": 300.0, "env_mb": 600.0}
THIRD_PARTY = ("pandas", "numpy", "matplotlib.pyplot", "seaborn", "ipywidgets")
BASE_HELPERS = ("data", "plots", "checks", "widgets", "growth", "units")
FLOOR_CELL = "\n".join(["import ipywidgets", "import matplotlib.pyplot as plt", "import pandas as pd",
                          "import seaborn as sns", "", "import helpers"])
VENV_BASE = {"pip", "setuptools"}  # what `python -m venv` (3.11) installs before anything else
LIBRARIES = ("pandas", "numpy", "matplotlib", "seaborn", "ipywidgets", "ipykernel", "nbclient", "jupyterlab")


@dataclass(frozen=True)
class Stat:
    """Repeated measurements of one quantity."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def span(self, fmt: str = ".2f") -> str:
        return f"{min(self.values):{fmt}}–{max(self.values):{fmt}}"


def stat(values: Iterable[float]) -> Stat:
    return Stat(tuple(values))


def verdict(value: float, goal: float) -> str:
    return "yes" if value <= goal else "**no**"


# --- notebooks: suite vs floor, kernel memory ---------------------------------------------------------------

def kernel_peak_mb(pid: int) -> float:
    """Peak resident memory (MB) of process ``pid`` so far: VmHWM on Linux, else its current RSS (psutil)."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    import psutil

    return psutil.Process(pid).memory_info().rss / MB


def run_notebook(notebook: nbformat.NotebookNode, cwd: Path) -> tuple[float, float]:
    """Execute a copy of ``notebook`` from a fresh kernel; wall seconds (kernel start to shutdown) and peak MB."""
    client = notebook_client(copy.deepcopy(notebook), cwd)
    peak = [0.0]

    def record(**_: Any) -> None:  # after each cell, before the kernel shuts down
        peak[0] = max(peak[0], kernel_peak_mb(client.km.provisioner.process.pid))

    client.on_cell_executed = record
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, peak[0]


def floor_notebook() -> nbformat.NotebookNode:
    """A notebook that only imports pandas, seaborn, matplotlib, ipywidgets and helpers."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


@dataclass
class NotebookRuns:
    floor: list[float]
    seconds: dict[str, list[float]]
    peak_mb: dict[str, list[float]]


def bench_notebooks(paths: Sequence[Path], runs: int) -> NotebookRuns:
    """Run the floor notebook, then every notebook, ``runs`` times (interleaved, so drift hits both alike)."""
    notebooks = {p.name: nbformat.read(p, as_version=4) for p in paths}
    result = NotebookRuns([], {n: [] for n in notebooks}, {n: [] for n in notebooks})
    floor = floor_notebook()
    for run in range(runs):
        result.floor.append(run_notebook(floor, paths[0].parent)[0])
        for name, notebook in notebooks.items():
            seconds, peak = run_notebook(notebook, paths[0].parent)
            result.seconds[name].append(seconds)
            result.peak_mb[name].append(peak)
        print(f"  notebooks run {run + 1}/{runs}: floor {result.floor[-1]:.2f} s, suite "
              f"{sum(s[-1] for s in result.seconds.values()):.2f} s", flush=True)
    return result


# --- explorers: one slider change vs the bare redraw ---------------------------------------------------------

def neighbour(spec: Any, value: Any) -> Any:
    """A value one step away from ``value`` within the range of ``spec`` (next option for a choice)."""
    if hasattr(spec, "options"):
        options = list(spec.options)
        return options[(options.index(value) + 1) % len(options)]
    up = value + spec.step
    new = up if up <= spec.max + 1e-12 else value - spec.step
    return int(round(new)) if spec.is_integer else round(new, 10)


def change_sequence(explorer: Any, count: int) -> list[tuple[str, Any, dict[str, Any]]]:
    """``count`` single-control changes (control name, new value, all values after it), cycling over controls
    and bouncing each between its default and a neighbour."""
    movable = [s for s in explorer.sliders if neighbour(s, s.default) != s.default]
    state = {s.name: s.default for s in explorer.sliders}
    changes = []
    for i in range(count):
        spec = movable[i % len(movable)]
        value = neighbour(spec, spec.default) if state[spec.name] == spec.default else spec.default
        state = {**state, spec.name: value}
        changes.append((spec.name, value, dict(state)))
    return changes


def cpu_timed(action: Callable[[], Any]) -> float:
    """CPU seconds this process spends on ``action``: unlike wall time, not inflated by other work on the machine.
    Garbage is collected before, not during, the action (as :mod:`timeit` does), so a collection that happens to
    fall into one sample does not blur the comparison."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        action()
        return time.process_time() - start
    finally:
        gc.enable()


def child_cpu_timed(command: list[str]) -> float:
    """CPU seconds (user + system) a child process running ``command`` uses (wall seconds where unavailable)."""
    try:
        import resource
    except ImportError:  # Windows
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True)
        return time.perf_counter() - start
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_explorer(explorer: Any, samples: int) -> tuple[list[float], list[float]]:
    """Seconds of ``samples`` slider changes and of the bare redraws of the same values (after one warm-up pair);
    empty lists for an explorer without a control that can move."""
    if not any(neighbour(s, s.default) != s.default for s in explorer.sliders):
        return [], []
    changes = change_sequence(explorer, samples + 1)
    precomputed = [explorer.scenario(**state) for _, _, state in changes]
    update, bare = [], []
    for i, ((control, value, _), result) in enumerate(zip(changes, precomputed, strict=True)):
        if i % 2:  # alternate which of the pair runs first, so neither profits from the other's warm caches
            bare.append(cpu_timed(lambda r=result: explorer.view(r)))
        update.append(cpu_timed(lambda c=control, v=value: setattr(explorer.controls[c], "value", v)))
        if not i % 2:
            bare.append(cpu_timed(lambda r=result: explorer.view(r)))
    return update[1:], bare[1:]


def bench_explorers(samples: int) -> dict[str, tuple[Stat, Stat, Stat]]:
    """Per app: slider-change seconds, bare-redraw seconds and their paired ratios (the first, warm-up pair dropped).

    A change sets a control's value, so the explorer's own observer recomputes and redraws into its Output;
    the bare redraw calls the explorer's view on the scenario result of the same values, computed beforehand.
    Display goes through an IPython shell whose output is captured, as in a kernel.
    """
    import matplotlib

    matplotlib.use("Agg")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from helpers import plots
    from helpers.apps import apps

    InteractiveShell.instance()
    plots.setup()
    results = {}
    for name, factory in apps().items():
        with capture_output():
            update, bare = time_explorer(factory(), samples)
        if update:
            results[name] = (stat(update), stat(bare), stat(u / b for u, b in zip(update, bare, strict=True)))
            print(f"  explorer {name}: change {statistics.median(update) * 1000:.0f} ms, "
                  f"redraw {statistics.median(bare) * 1000:.0f} ms", flush=True)
    return results


# --- imports -------------------------------------------------------------------------------------------------

def helpers_imported_by_notebooks(paths: Iterable[Path]) -> list[str]:
    """The ``helpers`` modules the notebooks import (``from helpers import x``, ``import helpers.x``) and the
    base ones every notebook may use."""
    found = set(BASE_HELPERS)
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "helpers":
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers."):
                    found.add(node.module.split(".")[1])
                elif isinstance(node, ast.Import):
                    found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("helpers."))
    return sorted(found)


def bench_imports(modules: Sequence[str], runs: int) -> tuple[Stat, Stat]:
    """CPU seconds of a fresh interpreter importing the third-party libraries, and importing the helpers modules
    (alternating, ``runs`` each)."""
    third_party = f"import {', '.join(THIRD_PARTY)}"
    ours = f"import helpers\nfrom helpers import {', '.join(modules)}"
    times: dict[str, list[float]] = {third_party: [], ours: []}
    for _ in range(runs):
        for code, found in times.items():
            found.append(child_cpu_timed([sys.executable, "-c", code]))
    return stat(times[third_party]), stat(times[ours])


# --- environment size ----------------------------------------------------------------------------------------

def disk_mb(paths: Iterable[Path]) -> float:
    """Disk usage (MB, like ``du``) of ``paths`` and everything under them, each file counted once."""
    seen, total = set(), 0
    stack = list(paths)
    while stack:
        path = stack.pop()
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += info.st_blocks * 512
        if path.is_dir() and not path.is_symlink():
            stack.extend(path.iterdir())
    return total / MB


def runtime_closure() -> set[str]:
    """Canonical names of pyproject's ``[project] dependencies`` and everything they need, following the extras
    that requirements ask for (``jsonschema[format-nongpl]``) but none of the project's own extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    todo = [Requirement(d) for d in project["dependencies"]]
    found: set[tuple[str, str]] = set()  # (package, extra or "")
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        for extra in {"", *requirement.extras}:
            if (name, extra) in found:
                continue
            found.add((name, extra))
            for needed in map(Requirement, metadata.distribution(name).requires or []):
                marker = needed.marker
                if marker is None and extra == "" or marker is not None and marker.evaluate({"extra": extra}):
                    todo.append(needed)
    return {name for name, _ in found}


def installed() -> dict[str, metadata.Distribution]:
    return {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions()}


def dists_mb(dists: Iterable[metadata.Distribution]) -> float:
    """Disk usage (MB) of the files the given installed distributions recorded (RECORD)."""
    files = [Path(d.locate_file(f)) for d in dists for f in d.files or []]
    return disk_mb(files)


@dataclass
class EnvSizes:
    venv_mb: float
    runtime_mb: float
    runtime_count: int
    test_only_mb: float
    test_only_count: int
    biggest_test_only: list[tuple[str, float]]
    student_venv_mb: float | None


def student_venv_mb() -> float:
    """Build a venv with only the runtime dependencies (pinned by the lock) in a temporary folder; its MB."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "student"
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        online = {k: v for k, v in os.environ.items() if k != "SHANXI_OFFLINE"}  # pip needs the index
        subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "-c", ROOT / "requirements-lock.txt", *project["dependencies"]], check=True, env=online)
        return disk_mb([venv])


def bench_environment(build_student_venv: bool) -> EnvSizes:
    venv = ROOT / ".venv"
    dists = installed()
    runtime = runtime_closure() | VENV_BASE
    test_only = {n: dists_mb([d]) for n, d in dists.items() if n not in runtime and n != "shanxi-in-transition"}
    base = disk_mb([venv / "bin", venv / "pyvenv.cfg"])
    return EnvSizes(
        venv_mb=disk_mb([venv]),
        runtime_mb=base + dists_mb(dists[n] for n in runtime if n in dists),
        runtime_count=len(runtime - VENV_BASE),
        test_only_mb=sum(test_only.values()),
        test_only_count=len(test_only),
        biggest_test_only=sorted(test_only.items(), key=lambda item: -item[1])[:5],
        student_venv_mb=student_venv_mb() if build_student_venv else None,
    )


# --- where a notebook's time goes (cProfile) ----------------------------------------------------------------

PROFILE_PARTS = {  # label: (end of the file name, function) whose cumulative time is that part
    "imports": ("<frozen importlib._bootstrap>", "_find_and_load"),
    "data.load": ("helpers/data.py", "load"),
    "tight_layout": ("matplotlib/figure.py", "tight_layout"),
    "plots.show": ("helpers/plots.py", "show"),
}


def profile_notebook(path: Path) -> dict[str, float]:
    """Run the notebook's code cells in this process (an IPython shell, matplotlib Agg) under cProfile.

    Returns profiled seconds in all and in each of PROFILE_PARTS (cumulative times of those functions).
    """
    import cProfile
    import pstats

    import matplotlib

    matplotlib.use("Agg")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    profile = cProfile.Profile()
    os.chdir(path.parent)
    with capture_output():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                profile.enable()
                shell.run_cell(cell.source)
                profile.disable()
    stats = pstats.Stats(profile).stats  # (file, line, function) -> (calls, primitive calls, tottime, cumtime, ...)
    parts = {label: sum(s[3] for (file, _, func), s in stats.items() if file.endswith(end) and func == name)
             for label, (end, name) in PROFILE_PARTS.items()}
    return {"total": sum(s[2] for s in stats.values()), **parts}


def bench_profiles(paths: Sequence[Path]) -> dict[str, dict[str, float]]:
    """:func:`profile_notebook` of each notebook, each in a fresh interpreter."""
    found = {}
    for path in paths:
        out = subprocess.run([sys.executable, "-m", "tools.bench", "--profile-notebook", str(path)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        found[path.name] = json.loads(out.strip().splitlines()[-1])
    return found


# --- report --------------------------------------------------------------------------------------------------

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
        drawing = [(p["plots.show"] + p["tight_layout"]) / p["total"] for p in r.profiles.values()]
        imports = [p["imports"] / p["total"] for p in r.profiles.values()]
        per_figure = seconds_per_figure(r)
        units = per_figure / r.floor.median  # floor units per figure
        budget = (f", so a notebook within {GOALS['suite']}× of the floor has room for about "
                  f"{(GOALS['suite'] - 1) / units:.1f} figures and nothing else") if units else ""
        figures = sum(figure_count(NOTEBOOKS / n) for n in r.notebooks.seconds)
        lines.append(
            f"- **Suite vs floor** ({ratio:.2f}×): the notebooks show {figures} static figures (and draw each "
            f"explorer's default once). Finishing and rendering figures (`plots.show`, `tight_layout`) take "
            f"{min(drawing):.0%}–{max(drawing):.0%} of each notebook's profiled time, imports "
            f"{min(imports):.0%}–{max(imports):.0%}. One figure costs about {per_figure:.2f} s here (the explorers' "
            f"median bare redraw), {units:.2f} floor units{budget}.")
    for name, (update, bare, ratios) in r.explorers.items():
        if ratios.median > GOALS["explorer"]:
            lines.append(f"- **Explorer {name}**: a slider change takes {update.median * 1000:.0f} ms against "
                         f"{bare.median * 1000:.0f} ms for the bare redraw: its scenario or its widget update is slow.")
    if r.env.venv_mb > GOALS["env_mb"] >= r.student_mb():
        biggest = ", ".join(f"{n} {mb:.0f} MB" for n, mb in r.env.biggest_test_only[:3])
        split = "Splitting the lock into a runtime lock and a test lock would let learners install only the first."
        if (ROOT / "requirements-test-lock.txt").exists():
            split = ("The lock is split accordingly: learners install only `requirements-lock.txt`; "
                     "`python3 course.py test` and `bench` add `requirements-test-lock.txt`.")
        lines.append(
            f"- **Development environment** ({r.env.venv_mb:.0f} MB): the test and authoring tools add "
            f"{r.env.test_only_mb:.0f} MB ({biggest}); a learner needs only the runtime ({r.student_mb():.0f} MB). "
            + split)
    return ["## Findings", "", *lines, ""] if lines else []


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
        "shares, not the seconds). `plots.show` places the source line under the figure's content (a layout pass), "
        "renders the PNG with a tight bounding box (another layout pass and the drawing pass) and displays it; "
        "`tight_layout` is called by the theme modules' draw functions before that.",
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
        "view alone on the precomputed scenario result of the same values. Each change is paired with the bare "
        "redraw of the same values (which of the two runs first alternates); the ratio is the median of the pairs' "
        "ratios. Times are this process's CPU time, which other work on the machine does not inflate (in one process "
        "it equals wall time on an idle machine).",
        "",
        "| Explorer | Slider change (ms) | Bare redraw (ms) | Ratio (median of pairs) | Range | Goal met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, (update, bare, ratios) in r.explorers.items():
        value = ratios.median
        lines.append(f"| {name} | {update.median * 1000:.0f} ({_ms(update)}) | {bare.median * 1000:.0f} ({_ms(bare)}) "
                     f"| {value:.2f}× | {ratios.span()}× | {verdict(value, GOALS['explorer'])} |")
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
    return "\n".join(header(r.runs, r.samples) + summary(r) + findings(r) + notebooks_section(r)
                     + explorers_section(r) + imports_section(r) + environment_section(r))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each notebook and import (default 5)")
    parser.add_argument("--samples", type=int, default=15, help="slider changes timed per explorer (default 15)")
    parser.add_argument("--student-venv", action="store_true",
                        help="also build a runtime-only venv with pip (needs PyPI or a pip cache) and measure it")
    parser.add_argument("--profile-notebook", type=Path, help=argparse.SUPPRESS)  # internal: one profile, as JSON
    args = parser.parse_args(argv)
    offline_env()
    if args.profile_notebook:
        print(json.dumps(profile_notebook(args.profile_notebook.resolve())))
        return
    paths = teacher_notebooks()
    modules = helpers_imported_by_notebooks(paths)
    print(f"Benchmarking {len(paths)} notebooks, {args.runs} runs ...", flush=True)
    nb = bench_notebooks(paths, args.runs)
    print("Explorers ...", flush=True)
    explorers = bench_explorers(args.samples)
    print("Imports ...", flush=True)
    imports = bench_imports(modules, 3 * args.runs)
    print("Environment ...", flush=True)
    env = bench_environment(args.student_venv)
    print("Profiles ...", flush=True)
    profiles = bench_profiles(paths)
    text = report(Results(args.runs, args.samples, nb, profiles, explorers, imports, modules, env))
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
