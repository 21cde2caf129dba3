"""Measuring for ``python3 course.py bench``: notebooks against a floor, explorers, imports, memory, profiles.

Every function returns numbers (seconds, MB) and prints progress; :mod:`tools.bench_report` writes them up.
"""

from __future__ import annotations

import ast
import copy
import functools
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import nbformat
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools._project import KERNELSPEC, ROOT
from tools.execute_notebooks import notebook_client

T = TypeVar("T")
LOAD_AT_START = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
MB = 1024 * 1024
GOALS = {"suite": 1.5, "explorer": 1.2, "imports": 1.1, "kernel_mb": 300.0, "env_mb": 600.0}
THIRD_PARTY = ("pandas", "numpy", "matplotlib.pyplot", "seaborn", "ipywidgets")
BASE_HELPERS = ("data", "plots", "checks", "explorer", "growth", "units")
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
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
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
    return cpu_timed_value(action)[1]


def cpu_timed_value(action: Callable[[], Any]) -> tuple[Any, float]:
    """What ``action`` returns, and the CPU seconds it took (as :func:`cpu_timed`)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        value = action()
        return value, time.process_time() - start
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
    for i, ((control, value, state), result) in enumerate(zip(changes, precomputed, strict=True)):
        redraw = functools.partial(bare_redraw, explorer, state, result)
        if i % 2:  # alternate which of the pair runs first, so neither profits from the other's warm caches
            bare.append(cpu_timed(redraw))
        update.append(cpu_timed(lambda c=control, v=value: setattr(explorer.controls[c], "value", v)))
        if not i % 2:
            bare.append(cpu_timed(redraw))
    return update[1:], bare[1:]


def bare_redraw(explorer: Any, values: dict[str, Any], result: Any) -> None:
    """Display the explorer's view of a precomputed scenario ``result`` for ``values``, drawn where the explorer
    draws its updates (its placement: no layout pass), as an update would be."""
    chart = explorer.view(result)
    if hasattr(chart, "placement"):
        chart.placement = explorer.placement(values)
    chart._ipython_display_()


def per_app(measure: Callable[[Any], T], progress: Callable[[str, T], str]) -> dict[str, T]:
    """``measure(explorer)`` of every app's explorer, built with the course style in an IPython shell whose output
    is captured, as in a kernel; ``progress(name, result)`` is printed after each."""
    import matplotlib

    matplotlib.use("Agg")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from helpers import plots
    from helpers.apps import apps

    InteractiveShell.instance()
    plots.setup()
    found = {}
    for name, factory in apps().items():
        with capture_output():
            found[name] = measure(factory())
        print(f"  {progress(name, found[name])}", flush=True)
    return found


def bench_explorers(samples: int) -> dict[str, tuple[Stat, Stat, Stat]]:
    """Per app: slider-change seconds, bare-redraw seconds and their paired ratios (the first, warm-up pair dropped).

    A change sets a control's value, so the explorer's own observer recomputes and redraws into its Output;
    the bare redraw calls the explorer's view on the scenario result of the same values, computed beforehand.
    """
    timed = per_app(lambda explorer: time_explorer(explorer, samples), lambda name, times: (
        f"explorer {name}: change {statistics.median(times[0]) * 1000:.0f} ms, redraw "
        f"{statistics.median(times[1]) * 1000:.0f} ms" if times[0] else f"explorer {name}: no control moves"))
    return {name: (stat(update), stat(bare), stat(u / b for u, b in zip(update, bare, strict=True)))
            for name, (update, bare) in timed.items() if update}


# --- explorers: where an update's time goes ----------------------------------------------------------------

UPDATE_STAGES = ("scenario", "figure built", "drawn", "PNG encoded")
# Parts of the drawing, by the functions that do them (file ending, function): cumulative shares of the drawn stage
DRAW_PARTS = {"texts": ("matplotlib/text.py", "draw"), "new ticks": ("matplotlib/axis.py", "_get_tick")}


@dataclass(frozen=True)
class UpdateStages:
    """One explorer's updates taken apart: CPU seconds per stage (``UPDATE_STAGES``) and, of the drawing, the
    profiled shares of ``DRAW_PARTS``."""

    seconds: dict[str, Stat]
    draw_shares: dict[str, float]

    @property
    def total(self) -> float:
        return sum(s.median for s in self.seconds.values())


def update_stages(explorer: Any, samples: int) -> UpdateStages:
    """The stages of ``samples`` updates of ``explorer`` (the changes of :func:`change_sequence`, each drawn at the
    explorer's placement as an update is), timed one by one; then the same drawings again under cProfile."""
    import cProfile
    import pstats

    from helpers import pictures, plots

    changes = [values for _, _, values in change_sequence(explorer, samples)]
    for values in changes:
        explorer.placement(values)  # laid out when the explorer first meets these drop-down values, not per update
    times: dict[str, list[float]] = {stage: [] for stage in UPDATE_STAGES}
    for values in changes:
        result, seconds = cpu_timed_value(lambda v=values: explorer.scenario(**v))
        times["scenario"].append(seconds)
        chart, seconds = cpu_timed_value(lambda r=result: explorer.view(r))
        times["figure built"].append(seconds)
        chart.placement = explorer.placement(values)
        pixels, seconds = cpu_timed_value(chart.pixels)
        times["drawn"].append(seconds)
        times["PNG encoded"].append(cpu_timed(lambda p=pixels, c=chart: pictures.png_bytes(p, c.figure.dpi)))
        plots.plt.close(chart.figure)
    profile = cProfile.Profile()
    for values in changes:
        chart = explorer.render(values)
        profile.runcall(chart.pixels)
        plots.plt.close(chart.figure)
    stats = pstats.Stats(profile).stats
    drawn = sum(s[3] for (file, _, func), s in stats.items() if file.endswith("helpers/plots.py") and func == "pixels")
    shares = {label: sum(s[3] for (file, _, func), s in stats.items() if file.endswith(end) and func == name) / drawn
              for label, (end, name) in DRAW_PARTS.items()}
    return UpdateStages({stage: stat(values) for stage, values in times.items()}, shares)


def bench_update_stages(samples: int) -> dict[str, UpdateStages]:
    """:func:`update_stages` of every app's explorer, run as :func:`bench_explorers` runs them."""
    return per_app(lambda explorer: update_stages(explorer, samples), lambda name, found: (
        f"stages {name}: " + ", ".join(f"{stage} {s.median * 1000:.0f} ms" for stage, s in found.seconds.items())))


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
    "layout": ("matplotlib/layout_engine.py", "execute"),
    "Chart.png": ("helpers/plots.py", "png"),
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
