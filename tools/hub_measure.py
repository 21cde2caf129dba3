"""Load-test the classroom JupyterHub on this machine (heavy: a measurement in the bench, never a test).

    python3 course.py bench --only hub          a class of 30, then the largest class within 30 s; writes the docs
    python -m tools.hub_measure --users 5       one class of 5, printed only

A class of N learners on 127.0.0.1 (tools/hub.py: login form, local spawner, each learner's writable copy of the
student edition): their logins are spread evenly over 10 s, as a class arriving; each waits for their server,
opens student notebook 01 in a kernel, runs all its code cells over the Jupyter REST and kernel websocket APIs,
then moves the first explorer slider by one step with the comm message a browser sends (an ipywidgets ``update``
of the slider's ``value``) and waits for the explorer's new figure. A sampler reads every learner's process tree
(single-user server + kernel) and the hub's about once a second. Reported: time from a learner's login to a kernel
that answers (median, 95th percentile, max), Run All and the slider's redraw (median, 95th percentile), peak
memory per learner and in total (PSS: shared libraries split between the processes that map them, so the sum is
what the class uses; RSS, an upper bound, per learner), errors. Then the largest class that gets every learner a
kernel within 30 s, by bisection below the first size that does not (a bounded number of classes).

Every class runs in its own hub, stopped at the end with every learner's server and kernel (process groups).
"""

from __future__ import annotations

import argparse
import math
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

from tools.hub import Hub, HubError, KernelSession, Learner

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "classroom-setup.md"
HEADING = "## JupyterHub: a class on one machine"
NOTEBOOK = "01_energy_transition.ipynb"
CLASS = 30  # learners: the class the course is sized for
ARRIVAL_S = 10.0  # the class's logins are spread over this many seconds
KERNEL_GOAL_S = 30.0  # a class "fits" when every learner has a running kernel within this time of logging in
PROBES = 3  # at most this many smaller classes are measured to find the largest that fits
SAMPLE_S = 1.0
MB = 1024 * 1024


@dataclass
class Result:
    """One learner: times in seconds from their own login, peak memory in bytes, errors (one line each)."""

    name: str
    arrives_s: float = 0.0  # when this learner starts logging in, from the first learner's start
    login_s: float = math.nan  # the login form answered (redirect to the spawn page)
    ready_s: float = math.nan  # their JupyterLab server is ready
    kernel_s: float = math.nan  # notebook 01's kernel answers over the websocket
    run_all_s: float = math.nan  # Run All of notebook 01 (from the kernel answering to the last cell's reply)
    slider_s: float = math.nan  # from the slider's comm message to the explorer's new figure
    slider: str = ""
    peak_pss: int = 0
    peak_rss: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class ClassRun:
    """A class of ``users`` learners in one hub: every learner's result and the peaks of the whole machine."""

    users: int
    results: list[Result]
    hub_pss: int  # peak of the hub and its proxy
    total_pss: int  # peak of hub + proxy + every learner's server and kernel, summed at the same moment
    logins_within_s: float  # from the first login to the last one submitted
    other_cpu: float = math.nan  # share of the machine's CPU time used by other work while the class ran (0-1)

    @property
    def logins_answered_s(self) -> float:
        """From the first learner's start to the last login form's answer."""
        return max((r.arrives_s + r.login_s for r in self.results), default=math.nan)

    @property
    def ok(self) -> list[Result]:
        return [r for r in self.results if not r.errors]

    @property
    def errors(self) -> list[str]:
        return [e for r in self.results for e in r.errors]

    @property
    def slowest_kernel_s(self) -> float:
        return max((r.kernel_s for r in self.results), default=math.nan)

    def fits(self) -> bool:
        """Every learner got a kernel within :data:`KERNEL_GOAL_S` of logging in, and nothing failed."""
        return not self.errors and self.slowest_kernel_s <= KERNEL_GOAL_S


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


def hub_memory(pid: int) -> int:
    """PSS of the hub and its proxy: the hub's process tree without the learners' servers."""
    try:
        hub = psutil.Process(pid)
        others = [c for c in hub.children() if "jupyterhub-singleuser" not in " ".join(c.cmdline())]
    except psutil.NoSuchProcess:
        return 0
    return _own_memory(hub)[0] + sum(tree_memory(child.pid)[0] for child in others)


def _own_memory(process: psutil.Process) -> tuple[int, int]:
    try:
        info = process.memory_full_info()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0, 0
    return info.pss, info.rss


def run_learner(hub: Hub, result: Result, pids: dict[str, int], delay: float) -> None:
    """One learner: wait ``delay`` seconds (their arrival), log in, run notebook 01, move a slider."""
    time.sleep(delay)
    learner = Learner(hub, result.name)
    start = time.monotonic()
    try:
        learner.log_in(logged_in=lambda: setattr(result, "login_s", time.monotonic() - start))
        learner.wait_for_server()
        result.ready_s = time.monotonic() - start
        pids[result.name] = hub.server_pid(result.name)

        def kernel_ready() -> None:
            result.kernel_s = time.monotonic() - start

        def move_slider(kernel: KernelSession) -> None:
            result.run_all_s = time.monotonic() - start - result.kernel_s
            began = time.monotonic()
            result.slider = kernel.move_slider()
            result.slider_s = time.monotonic() - began

        _kernel, result.errors = learner.run_notebook(NOTEBOOK, kernel_ready=kernel_ready, then=move_slider)
        time.sleep(2 * SAMPLE_S)  # let the sampler see the kernel after its last redraw
    except (HubError, OSError, ValueError, KeyError) as err:
        result.errors.append(f"{result.name}: {type(err).__name__}: {err}")


def measure(users: int, arrival_s: float = ARRIVAL_S) -> ClassRun:
    """A class of ``users`` in a fresh hub (stopped, with everything it started, at the end)."""
    delays = [arrival_s * i / max(users - 1, 1) for i in range(users)]
    results = [Result(f"learner{i + 1:02d}", arrives_s=delay) for i, delay in enumerate(delays)]
    pids: dict[str, int] = {}
    peaks = {"hub": 0, "total": 0}
    done = threading.Event()
    with tempfile.TemporaryDirectory(prefix="shanxi-hub-measure-") as tmp, Hub(Path(tmp) / "hub") as hub:
        def sample() -> None:
            while not done.wait(SAMPLE_S):
                total = hub_pss = hub_memory(hub.process.pid)
                for result in results:
                    if result.name in pids:
                        pss, rss = tree_memory(pids[result.name])
                        result.peak_pss, result.peak_rss = max(result.peak_pss, pss), max(result.peak_rss, rss)
                        total += pss
                peaks["hub"], peaks["total"] = max(peaks["hub"], hub_pss), max(peaks["total"], total)

        sampler = threading.Thread(target=sample, daemon=True)
        busy, ours, began = _busy_cpu(), _our_cpu(), time.monotonic()
        try:
            sampler.start()
            with ThreadPoolExecutor(max_workers=users) as pool:
                futures = [pool.submit(run_learner, hub, r, pids, d) for r, d in zip(results, delays, strict=True)]
            for future in futures:
                future.result()  # an unexpected exception in a learner's thread stops the measurement loudly
            other = (_busy_cpu() - busy) - (_our_cpu() - ours)
            other_cpu = max(0.0, other / ((time.monotonic() - began) * (psutil.cpu_count() or 1)))
        finally:
            done.set()
            sampler.join()
    return ClassRun(users, results, peaks["hub"], peaks["total"], delays[-1], other_cpu)


def _busy_cpu() -> float:
    """CPU seconds the whole machine has spent busy (not idle or waiting for I/O) since boot."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def _our_cpu() -> float:
    """CPU seconds used so far by this measurement: this process and everything it started (the hub, its proxy,
    the learners' servers and kernels; processes that ended count in their parents' ``children_*`` times)."""
    total = 0.0
    me = psutil.Process()
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total

def largest_class(first: ClassRun, probes: int = PROBES, log=print) -> tuple[int, list[ClassRun]]:
    """The largest class (at most ``first.users``) whose every learner had a kernel within the goal: ``first`` if it
    fits, else a search between 0 and ``first.users`` with at most ``probes`` more classes. The slowest kernel wait
    grows about linearly with the class, so each next size is interpolated between the largest class that fitted
    and the smallest that did not (a class of 0 waits 0 s), kept strictly between them. Returns the largest size
    that fitted (0: none measured did) and the extra classes measured."""
    if first.fits():
        return first.users, []
    fitted, failed = (0, 0.0), (first.users, first.slowest_kernel_s)  # (size, slowest kernel wait)
    runs: list[ClassRun] = []
    for _ in range(probes):
        if failed[0] - fitted[0] <= 1:
            break
        slope = (failed[1] - fitted[1]) / (failed[0] - fitted[0])
        estimate = fitted[0] + (KERNEL_GOAL_S - fitted[1]) / slope if slope > 0 else fitted[0] + 1
        guess = min(max(int(estimate), fitted[0] + 1), failed[0] - 1)
        log(f"  class of {guess} ...")
        run = measure(guess)
        runs.append(run)
        log(f"  class of {guess}: slowest kernel {run.slowest_kernel_s:.1f} s, {len(run.errors)} error(s)")
        if run.fits():
            fitted = (guess, run.slowest_kernel_s)
        else:
            failed = (guess, run.slowest_kernel_s if not run.errors else failed[1])
    return fitted[0], runs


def _stat(values: list[float]) -> tuple[float, float, float]:
    """Median, 95th percentile (nearest rank) and maximum."""
    ordered = sorted(v for v in values if not math.isnan(v))
    if not ordered:
        return math.nan, math.nan, math.nan
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def section(main: ClassRun, fitted: int, probes: list[ClassRun], load: tuple[float, float, float]) -> list[str]:
    """The load test's section of docs/performance.md (also put in docs/classroom-setup.md)."""
    kernel, run_all, slider = (_stat([getattr(r, k) for r in main.ok]) for k in ("kernel_s", "run_all_s", "slider_s"))
    login, ready = _stat([r.login_s for r in main.ok]), _stat([r.ready_s for r in main.ok])
    pss = _stat([r.peak_pss / MB for r in main.ok])
    rss = _stat([r.peak_rss / MB for r in main.ok])
    ram = psutil.virtual_memory().total
    moved = next((r.slider for r in main.ok if r.slider), "none")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        HEADING, "",
        f"Measured {when} by `python3 course.py bench --only hub` (tools/hub_measure.py) on this machine: "
        f"{psutil.cpu_count()} CPUs, {ram / 1024**3:.1f} GB RAM, load average {load[0]:.1f} / {load[1]:.1f} / "
        f"{load[2]:.1f} when it started; other work (other users of this machine) took about "
        f"{main.other_cpu:.0%} of its CPU time while the class of {main.users} ran. A class of "
        f"{main.users} simulated learners on 127.0.0.1, their logins spread over {main.logins_within_s:.0f} s: each "
        f"logs in through the login form (test authenticator), waits for their JupyterLab server (local spawner, a "
        f"writable copy of the student edition), opens student notebook {NOTEBOOK[:2]} in a kernel, runs all its code "
        "cells over the Jupyter REST and kernel websocket APIs, then moves the first explorer slider one step with "
        "the comm message a browser sends (an ipywidgets `update` of the slider's `value`) and waits for the new "
        f"figure (this run: {moved}). Times are from each learner's own login.",
        "",
        "| measure | median | 95th percentile | max |",
        "| --- | --- | --- | --- |",
        f"| login form answered | {login[0]:.1f} s | {login[1]:.1f} s | {login[2]:.1f} s |",
        f"| JupyterLab server ready | {ready[0]:.1f} s | {ready[1]:.1f} s | {ready[2]:.1f} s |",
        f"| **a running kernel on notebook {NOTEBOOK[:2]}** | **{kernel[0]:.1f} s** | **{kernel[1]:.1f} s** | "
        f"**{kernel[2]:.1f} s** |",
        f"| Run All of notebook {NOTEBOOK[:2]} (after the kernel) | {run_all[0]:.1f} s | {run_all[1]:.1f} s | "
        f"{run_all[2]:.1f} s |",
        f"| slider moved → new figure from the kernel | {slider[0]:.2f} s | {slider[1]:.2f} s | {slider[2]:.2f} s |",
        f"| peak memory per learner, PSS (server + kernel) | {pss[0]:.0f} MB | {pss[1]:.0f} MB | {pss[2]:.0f} MB |",
        f"| peak memory per learner, RSS (upper bound) | {rss[0]:.0f} MB | {rss[1]:.0f} MB | {rss[2]:.0f} MB |",
        "",
        "| the whole class | value |",
        "| --- | --- |",
        f"| learners who ran notebook {NOTEBOOK[:2]} and moved the slider with no error | {len(main.ok)} of "
        f"{main.users} |",
        f"| every login form answered, from the first learner's start (logins spread over "
        f"{main.logins_within_s:.0f} s) | {main.logins_answered_s:.1f} s |",
        f"| errors (goal: 0) | {len(main.errors)} |",
        f"| peak memory in total, PSS (hub + proxy + every learner, summed at the same moment) | "
        f"{main.total_pss / 1024**3:.2f} GB |",
        f"| of which the hub and its proxy, PSS | {main.hub_pss / MB:.0f} MB |",
        f"| **largest class with every learner's kernel running within {KERNEL_GOAL_S:.0f} s of login** | "
        f"**{_largest_text(main, fitted, probes)}** |",
    ]
    if probes:
        lines += ["", f"Smaller classes measured to find it (same protocol, logins spread over {ARRIVAL_S:.0f} s):", "",
                  "| class | kernel: median | kernel: max | errors | fits |", "| --- | --- | --- | --- | --- |"]
        for run in probes:
            k = _stat([r.kernel_s for r in run.results])
            lines.append(f"| {run.users} | {k[0]:.1f} s | {k[2]:.1f} s | {len(run.errors)} | "
                         f"{'yes' if run.fits() else 'no'} |")
    per = pss[2] * MB if not math.isnan(pss[2]) else 0
    if per:
        holds = int((ram - main.hub_pss) // per)
        lines += ["", f"By memory alone, at the largest learner's peak, this machine's {ram / 1024**3:.1f} GB would "
                  f"hold about {holds} learners (nothing else running)."]
        if fitted < main.users and holds >= main.users:
            lines[-1] += (f" Memory is not the limit here, CPU time is: on {psutil.cpu_count()} shared cores the "
                          "servers, kernels and notebooks of learners arriving together queue for the CPU. For a "
                          "bigger class on one machine give the hub more cores, let the class arrive in waves, or "
                          "move to Kubernetes (docs/classroom-setup.md).")
        guarantee = math.ceil(rss[2] / 100) * 100  # MB: the largest learner's peak RSS, rounded up
        lines += ["", f"Sizing for Kubernetes (docs/classroom-setup.md) from this run: a memory guarantee of "
                  f"{guarantee} MB per learner (the largest learner's peak RSS, {rss[2]:.0f} MB, rounded up to 100 "
                  f"MB), so a class of {CLASS} needs about {CLASS * guarantee / 1000:.0f} GB on its nodes plus the "
                  "hub."]
        if 0 < fitted < main.users:
            lines[-1] += (f" CPU, a rough rule from this run: {fitted} learners starting together fitted on "
                          f"{psutil.cpu_count()} shared cores, about {psutil.cpu_count() / fitted:.1f} core(s) per "
                          "learner who starts at the same moment.")
    if main.errors:
        lines += ["", "Errors:", *[f"- {e}" for e in main.errors]]
    return lines


def _largest_text(main: ClassRun, fitted: int, probes: list[ClassRun]) -> str:
    if fitted == main.users:
        return f"{fitted} or more (the whole class fitted; larger classes not measured)"
    if fitted == 0:
        return f"none of the classes measured ({', '.join(str(r.users) for r in [main, *probes])})"
    failed = min([main.users, *(r.users for r in probes if not r.fits())])
    return f"{fitted} learners ({failed} did not fit)"


def write_classroom_doc(lines: list[str]) -> None:
    """Put the measured tables in docs/classroom-setup.md (between its hub-measure markers)."""
    doc = DOC.read_text(encoding="utf-8")
    pattern = r"(<!-- hub-measure:start -->\n).*?(\n<!-- hub-measure:end -->)"
    if not re.search(pattern, doc, flags=re.DOTALL):
        raise SystemExit(f"{DOC} has no <!-- hub-measure:start --> ... <!-- hub-measure:end --> block to fill.")
    body = "\n".join(lines[2:])  # without the heading
    DOC.write_text(re.sub(pattern, lambda m: m.group(1) + body + m.group(2), doc, flags=re.DOTALL), encoding="utf-8")


def bench_hub(users: int = CLASS, probes: int = PROBES) -> list[str]:
    """The bench's hub part: a class of ``users``, then the largest class within the goal; returns the section."""
    load = psutil.getloadavg()
    print(f"JupyterHub: a class of {users} ...", flush=True)
    main = measure(users)
    print(f"  class of {users}: slowest kernel {main.slowest_kernel_s:.1f} s, {len(main.errors)} error(s)", flush=True)
    fitted, runs = largest_class(main, probes, log=lambda text: print(text, flush=True))
    return section(main, fitted, runs, load)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.hub_measure", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=5, help="learners in the class (default 5)")
    parser.add_argument("--probes", type=int, default=0, help="smaller classes to measure for the largest that fits")
    args = parser.parse_args(argv)
    print("\n".join(bench_hub(args.users, args.probes)))


if __name__ == "__main__":
    main()
