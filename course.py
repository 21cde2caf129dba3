#!/usr/bin/env python3
"""Project commands for Shanxi in Transition. Needs only Python >= 3.11 and pip.

    python3 course.py start        set up (first time) and open the course in JupyterLab
    python3 course.py test         set up (first time) and run every test
    python3 course.py execute      re-run the teacher notebooks and save their outputs (authors)
    python3 course.py student      (re)generate the student edition in notebooks/student/
    python3 course.py datapackage  rebuild datasets/datapackage.json and the data dictionary
    python3 course.py app NAME     open one what-if explorer as a web app (Voila) on 127.0.0.1
    python3 course.py bench        measure speed and memory, write docs/performance.md
    python3 course.py doctor       check this machine before class

The environment is a virtual environment in .venv, installed from the pinned requirements-lock.txt (and, for
`test` and `bench`, requirements-test-lock.txt). It is reinstalled only when a lock file or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-lock.txt"  # what a learner needs
TEST_LOCK = ROOT / "requirements-test-lock.txt"  # adds the test and authoring tools (includes LOCK)
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _install_fingerprint() -> str:
    """Hash of what decides the environment's content: the lock files and pyproject.toml."""
    digest = hashlib.sha256()
    for path in (LOCK, TEST_LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _run(*args: str | Path, **kwargs) -> None:
    """Run a command, stopping this script with its exit code if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_env(lock: Path) -> None:
    """Create .venv and install ``lock`` plus this project (editable), unless that install is current."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    fingerprint = _install_fingerprint()
    stamp = VENV / f"course-install-{lock.stem}.sha256"
    if stamp.exists() and stamp.read_text().strip() == fingerprint and PY.exists():
        return
    if not PY.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True, clear=VENV.exists())
    print("Installing the pinned packages (about a minute the first time) ...", flush=True)
    _run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", lock)
    _run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "-e", ".")
    stamp.write_text(fingerprint + "\n")


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


START_HERE = Path("notebooks", "00_start_here.ipynb")  # JupyterLab serves the folder of the notebook it opens
LAB_CONFIG = ROOT / "helpers" / "jupyter_config" / "jupyter_lab_config.py"  # font fallback, no news pop-up


def start(extra: list[str]) -> None:
    """Open the course in JupyterLab at the start-here notebook; the last line printed is that notebook's link.

    ``extra`` options go to JupyterLab (e.g. ``--no-browser``). JupyterLab stops on Ctrl-C (it asks first).
    """
    with socket.socket() as sock:  # a free port, so the printed link is right even if 8888 is taken
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token, base = secrets.token_hex(16), f"http://127.0.0.1:{port}"
    args = [BIN / "jupyter", "lab", START_HERE, f"--config={LAB_CONFIG}", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            "--log-level=WARN", *(["--allow-root"] if _as_root() else []), *extra]
    lab = subprocess.Popen([str(a) for a in args], cwd=ROOT)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    while lab.poll() is None:
        try:
            opener.open(f"{base}/api/status?token={token}", timeout=2).close()
            print(f"\nThe course is open in JupyterLab; Ctrl-C stops it. If no browser window opened, open this "
                  f"link:\n{base}/lab/tree/{START_HERE.name}?token={token}", flush=True)
            break
        except OSError:  # not listening yet
            time.sleep(0.2)
    while True:
        try:
            sys.exit(lab.wait())
        except KeyboardInterrupt:  # JupyterLab got it too and asks whether to stop (or stops on a second one)
            continue


def _changed_files() -> dict[str, str] | None:
    """Files ``git status`` lists as new or changed, with a hash of each; None outside a git work tree."""
    try:
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    paths = [ROOT / line[3:] for line in status.splitlines()]
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "" for p in paths}


def test(extra: list[str]) -> None:
    """Lint, then run every test (unit, data, notebooks in both editions, browser); the tests must leave the
    working tree as they found it."""
    _run(BIN / "ruff", "check", ".")
    before = _changed_files()
    code = subprocess.run([str(PY), "-m", "pytest", "-n", "2", "--dist", "loadfile", *extra], cwd=ROOT).returncode
    after = _changed_files()
    left = sorted(p for p, digest in (after or {}).items() if before is not None and before.get(p) != digest)
    if left:
        print("The tests left new or changed files in the working tree (a test, notebook or helper writes where "
              "it should not):\n  " + "\n  ".join(left), file=sys.stderr)
    sys.exit(code or (1 if left else 0))


def _tool(module: str):
    def command(extra: list[str]) -> None:
        _run(PY, "-m", module, *extra)
    command.__doc__ = f"python -m {module}"
    return command


COMMANDS = {
    "start": start,
    "test": test,
    "execute": _tool("tools.execute_notebooks"),
    "student": _tool("tools.student_edition"),
    "datapackage": _tool("tools.build_datapackage"),
    "app": _tool("tools.app"),
    "bench": _tool("tools.bench"),
    "doctor": _tool("helpers.doctor"),
}


NEEDS_TEST_TOOLS = {"test", "bench"}  # the others run in the learner's environment


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    ensure_env(TEST_LOCK if argv[0] in NEEDS_TEST_TOOLS else LOCK)
    COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
