"""Measure the course against its speed and memory goals; print a table and write docs/performance.md.

``python3 course.py bench [--runs N] [--samples N] [--student-venv] [--only latency|hub]``; ``--only latency``
runs the browser measures alone and ``--only hub`` the JupyterHub load test alone, each replacing only its own
section of docs/performance.md. Each ratio compares two things measured in the same run on the same machine, so it
means much the same on any machine:

* suite vs floor (wall time): executing every teacher notebook from a fresh kernel (nbclient, offline, as
  ``tools.execute_notebooks`` does) against N times a notebook that only imports the libraries (goal ≤ 1.5×),
  with a cProfile of each notebook showing where its time goes;
* explorer update vs bare redraw (CPU time of this process): one slider change (scenario, then view into the
  Output) against the view alone on a precomputed scenario result, matplotlib Agg (goal ≤ 1.2×);
* import overhead (CPU time of fresh interpreters): the ``helpers`` modules the notebooks import against their
  third-party dependencies alone (goal ≤ 1.1×);
* in the browser (Debian's Chromium, Playwright): each explorer's latency from a key press to the new figure on
  screen, in JupyterLab and in Voilà, against its floor (the same display path showing precomputed figures), and
  each Voilà app's first figure against a bare Voilà page with one static image (``tools/bench_browser.py``);
* memory: each notebook kernel's peak resident memory (VmHWM, goal ≤ 300 MB) and the installed environment
  (goal ≤ 600 MB): the whole development .venv and the runtime dependencies a learner needs, computed from the
  installed packages' file lists (``--student-venv`` also builds that venv with pip and measures it);
* a class on JupyterHub (``tools/hub_measure.py``, not a ratio: a load test): 30 simulated learners log in within
  10 s on 127.0.0.1, run student notebook 01 and move an explorer slider; time to a running kernel, Run All, memory
  per learner and in total, errors, and the largest class whose every learner has a kernel within 30 s.

CPU time is used where it measures the same work as wall time but is not inflated by other work on a shared
machine. Every figure is the median of several runs with their minimum and maximum.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tools import bench_browser, hub_measure
from tools import bench_measure as measure
from tools._project import ROOT, offline_env, run, teacher_notebooks
from tools.bench_report import NOTES_HEADING, Results, browser_section, replace_section, report, section
from tools.hub import HubError

DOC = ROOT / "docs" / "performance.md"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each notebook and import (default 5)")
    parser.add_argument("--samples", type=int, default=15, help="slider changes timed per explorer (default 15)")
    parser.add_argument("--student-venv", action="store_true",
                        help="also build a runtime-only venv with pip (needs PyPI or a pip cache) and measure it")
    parser.add_argument("--latency-samples", type=int, default=16,
                        help="key presses timed per explorer in the browser, and as many of its floor (default 16)")
    parser.add_argument("--only", choices=["latency", "hub"],
                        help="run one part alone: latency = the browser measures (explorers, Voilà load); "
                             "hub = the JupyterHub load test (a class of 30)")
    parser.add_argument("--class-size", type=int, default=hub_measure.CLASS,
                        help=f"learners in the JupyterHub load test (default {hub_measure.CLASS})")
    parser.add_argument("--profile-notebook", type=Path, help=argparse.SUPPRESS)  # internal: one profile, as JSON
    args = parser.parse_args(argv)
    offline_env()
    if args.profile_notebook:
        print(json.dumps(measure.profile_notebook(args.profile_notebook.resolve())))
        return 0
    if args.only:
        if args.only == "latency":
            print("Browser latency ...", flush=True)
            part = browser_section(bench_browser.bench_browser(args.latency_samples, loads=args.runs))
        else:
            part = bench_hub(args.class_size)
        old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(replace_section(old, part), encoding="utf-8")
        print("\n".join(part))
        print(f"Written to {DOC.relative_to(ROOT)}")
        return 0
    paths = teacher_notebooks()
    modules = measure.helpers_imported_by_notebooks(paths)
    print(f"Benchmarking {len(paths)} notebooks, {args.runs} runs ...", flush=True)
    nb = measure.bench_notebooks(paths, args.runs)
    print("Explorers ...", flush=True)
    explorers = measure.bench_explorers(args.samples)
    stages = measure.bench_update_stages(args.samples)
    print("Imports ...", flush=True)
    imports = measure.bench_imports(modules, 3 * args.runs)
    print("Environment ...", flush=True)
    env = measure.bench_environment(args.student_venv)
    print("Profiles ...", flush=True)
    profiles = measure.bench_profiles(paths)
    print("Browser latency ...", flush=True)
    browser = bench_browser.bench_browser(args.latency_samples, loads=args.runs)
    hub = bench_hub(args.class_size)
    text = report(Results(args.runs, args.samples, nb, profiles, explorers, imports, modules, env, browser,
                           stages))
    text = replace_section(text, hub)
    notes = section(DOC.read_text(encoding="utf-8"), NOTES_HEADING) if DOC.exists() else []
    if notes:  # the hand-written notes survive the rewrite
        text = replace_section(text, notes, NOTES_HEADING)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {DOC.relative_to(ROOT)}")
    return 0


def bench_hub(users: int) -> list[str]:
    """The JupyterHub load test's section; its tables also go into docs/classroom-setup.md."""
    try:
        section = hub_measure.bench_hub(users)
    except HubError as err:  # no npm, no JupyterHub in the environment: one line that says what to install
        raise SystemExit(f"JupyterHub load test: {err}") from None
    hub_measure.write_classroom_doc(section)
    print(f"Also written to {hub_measure.DOC.relative_to(ROOT)}", flush=True)
    return section


if __name__ == "__main__":
    run(main)
