"""Measure the classroom JupyterHub on this machine (heavy: a measurement, never a test).

    python -m tools.hub_measure --users 5            print the results
    python -m tools.hub_measure --users 5 --write    also put them in docs/classroom-setup.md

N learners log in at once on 127.0.0.1 (tools/hub.py: login form, local spawner, writable student copy), each
opens student notebook 01 and runs all its code cells through the Jupyter REST and kernel websocket APIs. A
sampler reads every learner's process tree (single-user server + kernel) twice a second. Reported: time to a
ready server and to the end of Run All (median, max), peak memory per learner as PSS (shared libraries split
between the processes that map them: what each learner adds) and RSS (counted in full for each: an upper
bound), the hub and proxy, errors, and the memory a class of 30 needs by extrapolation.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

from tools.hub import Hub, HubError, Learner

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "classroom-setup.md"
NOTEBOOK = "01_energy_transition.ipynb"
CLASS = 30
MB = 1024 * 1024


@dataclass
class Result:
    name: str
    ready_s: float = float("nan")
    kernel_s: float = float("nan")
    run_all_s: float = float("nan")
    peak_pss: int = 0
    peak_rss: int = 0
    errors: list[str] = field(default_factory=list)


def tree_memory(pid: int) -> tuple[int, int]:
    """PSS and RSS in bytes of a process and all its descendants (0, 0 once it is gone)."""
    try:
        processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    pss = rss = 0
    for process in processes:
        own_pss, own_rss = _own_memory(process)
        pss, rss = pss + own_pss, rss + own_rss
    return pss, rss


def hub_memory(pid: int) -> tuple[int, int]:
    """PSS and RSS of the hub and its proxy: the hub's process tree without the learners' servers."""
    try:
        hub = psutil.Process(pid)
        others = [c for c in hub.children() if "jupyterhub-singleuser" not in " ".join(c.cmdline())]
    except psutil.NoSuchProcess:
        return 0, 0
    pss, rss = _own_memory(hub)
    for child in others:
        child_pss, child_rss = tree_memory(child.pid)
        pss, rss = pss + child_pss, rss + child_rss
    return pss, rss


def _own_memory(process: psutil.Process) -> tuple[int, int]:
    try:
        info = process.memory_full_info()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0, 0
    return info.pss, info.rss


def run_learner(hub: Hub, result: Result, pids: dict[str, int], start: float) -> None:
    learner = Learner(hub, result.name)
    try:
        learner.log_in()
        learner.wait_for_server()
        result.ready_s = time.monotonic() - start
        pids[result.name] = hub.server_pid(result.name)
        began = time.monotonic()

        def kernel_ready() -> None:
            result.kernel_s = time.monotonic() - start

        _kernel, result.errors = learner.run_notebook(NOTEBOOK, kernel_ready=kernel_ready)
        result.run_all_s = time.monotonic() - began
        time.sleep(1.0)  # let the sampler see the finished kernel
    except (HubError, OSError, ValueError) as err:
        result.errors.append(f"{result.name}: {err}")


def measure(users: int) -> dict:
    results = [Result(f"learner{i:02d}") for i in range(1, users + 1)]
    pids: dict[str, int] = {}
    hub_peak = [0, 0]
    done = threading.Event()
    with tempfile.TemporaryDirectory(prefix="shanxi-hub-measure-") as tmp, Hub(Path(tmp) / "hub") as hub:
        def sample() -> None:
            while not done.is_set():
                for result in results:
                    if result.name in pids:
                        pss, rss = tree_memory(pids[result.name])
                        result.peak_pss, result.peak_rss = max(result.peak_pss, pss), max(result.peak_rss, rss)
                pss, rss = hub_memory(hub.process.pid)
                hub_peak[0], hub_peak[1] = max(hub_peak[0], pss), max(hub_peak[1], rss)
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=users) as pool:
            futures = [pool.submit(run_learner, hub, result, pids, start) for result in results]
        for future in futures:
            future.result()  # an unexpected exception in a learner's thread stops the measurement loudly
        done.set()
        sampler.join()
    return {"users": users, "results": results, "hub_pss": hub_peak[0], "hub_rss": hub_peak[1],
            "cpus": psutil.cpu_count(), "ram": psutil.virtual_memory().total}


def report(m: dict) -> str:
    results: list[Result] = m["results"]
    ok = [r for r in results if not r.errors]
    errors = [e for r in results for e in r.errors]

    def stat(values: list[float], unit: str, scale: float = 1.0) -> str:
        if not values:
            return "n/a"
        return f"{statistics.median(values) / scale:.1f} {unit} (max {max(values) / scale:.1f})"

    pss = [r.peak_pss for r in ok]
    rss = [r.peak_rss for r in ok]
    need_pss = m["hub_pss"] + CLASS * (max(pss) if pss else 0)
    need_rss = m["hub_rss"] + CLASS * (max(rss) if rss else 0)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Measured {when} by `python -m tools.hub_measure --users {m['users']}` on this machine ({m['cpus']} CPUs, "
        f"{m['ram'] / 1024**3:.1f} GB RAM, shared with other work while measured): {m['users']} learners log in "
        f"at once, each opens student notebook 01 and runs all its cells.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| learners who ran notebook 01 with no error | {len(ok)} of {len(results)} |",
        f"| from login to a ready JupyterLab server, median | {stat([r.ready_s for r in ok], 's')} |",
        f"| from login to a running kernel on notebook 01, median | {stat([r.kernel_s for r in ok], 's')} |",
        f"| Run All of notebook 01, median | {stat([r.run_all_s for r in ok], 's')} |",
        f"| peak memory per learner, PSS (what each adds) | {stat(pss, 'MB', MB)} |",
        f"| peak memory per learner, RSS (upper bound) | {stat(rss, 'MB', MB)} |",
        f"| hub + proxy, PSS (RSS) | {m['hub_pss'] / MB:.0f} MB ({m['hub_rss'] / MB:.0f} MB) |",
        f"| **a class of {CLASS}**: hub + {CLASS} × the largest learner, PSS | **{need_pss / 1024**3:.1f} GB** |",
        f"| the same with RSS (upper bound) | {need_rss / 1024**3:.1f} GB |",
    ]
    holds = int((m["ram"] - m["hub_pss"]) // max(pss)) if pss else 0
    lines += ["", f"By memory, this machine's {m['ram'] / 1024**3:.1f} GB would hold about {holds} learners at that "
              f"peak (PSS, nothing else running)."]
    kernel_waits = [r.kernel_s for r in ok]
    if holds >= CLASS and kernel_waits and max(kernel_waits) > 30:
        lines[-1] += (f" Time, not memory, is the limit on {m['cpus']} CPUs: with {m['users']} learners starting at "
                      f"once the slowest waited {max(kernel_waits):.0f} s for a kernel, so start a large class in "
                      f"waves, or give the hub more cores.")
    if errors:
        lines += ["", "Errors:", *[f"- {e}" for e in errors]]
    return "\n".join(lines)


def write(text: str) -> None:
    """Replace the measured block of docs/classroom-setup.md (between its hub-measure markers)."""
    doc = DOC.read_text(encoding="utf-8")
    pattern = r"(<!-- hub-measure:start -->\n).*?(\n<!-- hub-measure:end -->)"
    if not re.search(pattern, doc, flags=re.DOTALL):
        raise SystemExit(f"{DOC} has no <!-- hub-measure:start --> ... <!-- hub-measure:end --> block to fill.")
    DOC.write_text(re.sub(pattern, lambda m: m.group(1) + text + m.group(2), doc, flags=re.DOTALL), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.hub_measure", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5, help="learners at once (default 5)")
    parser.add_argument("--write", action="store_true", help=f"put the results in {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    text = report(measure(args.users))
    print(text)
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
