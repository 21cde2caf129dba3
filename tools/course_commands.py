"""The commands behind ``course.py``: set up ``.venv`` from the pinned locks, then run one command.

Setup is safe to repeat and to interrupt: the install fingerprint covers the lock files, pyproject.toml and the
Python running ``course.py``; a venv made by another Python, or left without pip by an interrupted setup, is
rebuilt; two setups started at once in one clone take turns (a lock file). A home folder that is not writable
gets a private fallback, and a shared read-only install opens each learner's own copy of the student edition.
Every problem ends in one line that says what to do (:class:`SetupError`), never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import venv
from collections.abc import Callable, Iterator
from pathlib import Path

from helpers.course import CopyError, copy_notebooks  # standard library only: works before .venv exists

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-lock.txt"  # what a learner needs
TEST_LOCK = ROOT / "requirements-test-lock.txt"  # adds the test and authoring tools (includes LOCK)
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# Every kernel of the environment loads helpers.display first (IPython reads sys.prefix/etc/ipython), so even a cell
# run before a notebook's setup cell (after a kernel restart) shows a NameError as one line, not a traceback.
KERNEL_CONFIG = Path("etc", "ipython", "ipython_kernel_config.py")  # under an environment's prefix
KERNEL_CONFIG_TEXT = ("# Written by course.py (tools/course_commands.py): one-line errors from a kernel's first cell.\n"
                      'c.InteractiveShellApp.extensions = ["helpers.display"]\n')
SETUP_LOCK = ROOT / ".course-setup.lock"  # held while .venv is created or installed
INTERPRETER_FILE = VENV / "course-interpreter.txt"  # which Python made .venv
LEARNER_FOLDER = "shanxi-in-transition"  # a learner's own copy of the student edition, in their home folder
START_NOTEBOOK = "00_start_here.ipynb"


class SetupError(Exception):
    """Setup cannot go on; the message is the one line the user sees (what is wrong and what to do)."""


def interpreter() -> str:
    """The Python running this script: implementation, version and real executable (a venv is tied to it; run
    from inside a venv, the Python that venv was made from)."""
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return f"{platform.python_implementation()} {platform.python_version()} {os.path.realpath(executable)}"


def install_fingerprint() -> str:
    """Hash of what decides the environment's content: the lock files, pyproject.toml and the interpreter."""
    digest = hashlib.sha256(interpreter().encode("utf-8"))
    for path in (LOCK, TEST_LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(KERNEL_CONFIG_TEXT.encode("utf-8"))
    return digest.hexdigest()


def write_kernel_config(prefix: Path | str) -> Path:
    """Make every kernel of the environment at ``prefix`` load helpers.display first (``KERNEL_CONFIG_TEXT``)."""
    path = Path(prefix, KERNEL_CONFIG)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(KERNEL_CONFIG_TEXT, encoding="utf-8")
    return path


def writable(folder: Path) -> bool:
    """True when this user can create a file in ``folder`` (tried for real: permissions, ACLs, read-only mounts)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _run(*args: str | Path, cwd: Path = ROOT) -> None:
    """Run a command, stopping this script with its exit code if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=cwd)
    if result.returncode != 0:
        sys.exit(result.returncode)


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def setup_lock() -> Iterator[None]:
    """Hold the clone's setup lock; if another setup holds it, say so and wait for it (released when it ends)."""
    with open(SETUP_LOCK, "a+b") as handle:
        if not _try_lock(handle):
            print("Another setup is running in this folder (another `python3 course.py ...`); waiting for it to "
                  "finish ...", flush=True)
            while not _try_lock(handle):
                time.sleep(0.5)
        yield


def rebuild_reason() -> str | None:
    """Why .venv must be (re)created before installing, or None when it can be reused."""
    if not VENV.exists():
        return "Creating the virtual environment in .venv"
    if not PY.exists():
        return ".venv is incomplete (an earlier setup was interrupted, or its Python was removed): recreating it"
    made_by = _read(INTERPRETER_FILE).rsplit(" ", 1)[0] or _venv_python_version()
    this = interpreter().rsplit(" ", 1)[0]
    if made_by and made_by != this:
        return f".venv was made by {made_by}; this is {this}: recreating it"
    works = subprocess.run([str(PY), "-c", "import pip"], capture_output=True).returncode == 0
    if not works:
        return ".venv is incomplete (an earlier setup was interrupted before pip was installed): recreating it"
    return None


def _venv_python_version() -> str:
    """``CPython X.Y.Z`` from .venv/pyvenv.cfg (for a .venv made before course-interpreter.txt existed)."""
    for line in _read(VENV / "pyvenv.cfg").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "version":
            return f"{platform.python_implementation()} {value.strip()}"
    return ""


def prepare_venv() -> None:
    """Create .venv, or recreate it when :func:`rebuild_reason` says it cannot be reused."""
    reason = rebuild_reason()
    if reason is None:
        return
    print(f"{reason} ...", flush=True)
    venv.create(VENV, with_pip=True, clear=VENV.exists())
    INTERPRETER_FILE.write_text(interpreter() + "\n", encoding="utf-8")


def ensure_env(lock: Path) -> None:
    """Create .venv and install ``lock`` plus this project (editable), unless that install is current."""
    fingerprint = install_fingerprint()
    stamp = VENV / f"course-install-{lock.stem}.sha256"
    if _read(stamp) == fingerprint and PY.exists():
        return
    if not writable(ROOT):
        raise SetupError(f"The course's environment in {VENV} needs setting up, but {ROOT} is read-only for you: "
                         f"ask whoever installed the course to run `python3 course.py doctor` there.")
    with setup_lock():
        if _read(stamp) == fingerprint and PY.exists():
            return  # another setup finished it while this one waited
        stamp.unlink(missing_ok=True)
        prepare_venv()
        print("Installing the pinned packages (about a minute the first time) ...", flush=True)
        _run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", lock)
        _run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "-e", ".")
        write_kernel_config(VENV)
        stamp.write_text(fingerprint + "\n", encoding="utf-8")


def use_writable_home() -> None:
    """When the home folder is not writable, point HOME at a private temporary folder (Jupyter, IPython and
    matplotlib keep their settings there) and say so in one line."""
    home = Path(os.environ.get("HOME") or Path.home())
    if writable(home):
        return
    user = os.getuid() if hasattr(os, "getuid") else os.getpid()
    fallback = Path(tempfile.gettempdir()) / f"shanxi-course-home-{user}"
    fallback.mkdir(mode=0o700, exist_ok=True)
    os.environ["HOME"] = str(fallback)
    print(f"Your home folder {home} is not writable, so Jupyter keeps its settings in {fallback} for now "
          f"(ask for a writable home folder to keep them).", file=sys.stderr, flush=True)


def learner_copy() -> Path:
    """The learner's own writable copy of the student edition (``~/shanxi-in-transition``), for a shared
    read-only install: notebooks missing there are copied in; existing ones are never overwritten
    (:func:`helpers.course.copy_notebooks`, the one copy function, also behind the hub and
    ``python -m helpers.course copy``)."""
    target = Path.home() / LEARNER_FOLDER
    try:
        done = copy_notebooks(ROOT / "notebooks" / "student", target)
    except CopyError as err:
        raise SetupError(f"This course is installed read-only for you, and your own copy of the notebooks cannot "
                         f"be made: {err}") from None
    print(f"This course is installed read-only for you, so you work in your own copy: {target} "
          f"({len(done.copied)} notebook(s) copied, {len(done.kept)} of yours kept as they are).", flush=True)
    return target


def start_folder() -> Path:
    """Where JupyterLab opens: the course folder, or the learner's own copy when they cannot write notebooks/."""
    return ROOT if writable(ROOT / "notebooks") else learner_copy()


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


LAB_CONFIG = ROOT / "helpers" / "jupyter_config" / "jupyter_lab_config.py"  # font fallback, no news pop-up


def start(extra: list[str]) -> None:
    """Open the course in JupyterLab at the start-here notebook; the last line printed is that notebook's link.

    ``extra`` options go to JupyterLab (e.g. ``--no-browser``). JupyterLab stops on Ctrl-C (it asks first).
    """
    folder = start_folder()
    notebook = f"notebooks/{START_NOTEBOOK}" if folder == ROOT else START_NOTEBOOK
    with socket.socket() as sock:  # a free port, so the printed link is right even if 8888 is taken
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token, base = secrets.token_hex(16), f"http://127.0.0.1:{port}"
    args = [BIN / "jupyter", "lab", notebook, f"--config={LAB_CONFIG}", f"--ServerApp.root_dir={folder}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", "--log-level=WARN", *(["--allow-root"] if _as_root() else []),
            *extra]
    lab = subprocess.Popen([str(a) for a in args], cwd=folder)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    while lab.poll() is None:
        try:
            opener.open(f"{base}/api/status?token={token}", timeout=2).close()
            print(f"\nThe course is open in JupyterLab; Ctrl-C stops it. If no browser window opened, open this "
                  f"link:\n{base}/lab/tree/{notebook}?token={token}", flush=True)
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


def _tool(module: str) -> Callable[[list[str]], None]:
    def command(extra: list[str]) -> None:
        _run(PY, "-m", module, *extra)
    command.__doc__ = f"python -m {module}"
    return command


def results(extra: list[str]) -> None:
    """python -m tools.results FOLDER: the folder (and --out) as the teacher typed them, from where they typed them."""
    _run(PY, "-m", "tools.results", *(a if a.startswith("-") else Path(a).resolve() for a in extra))


COMMANDS = {
    "start": start,
    "test": test,
    "execute": _tool("tools.execute_notebooks"),
    "student": _tool("tools.student_edition"),
    "pacing": _tool("tools.pacing"),
    "datapackage": _tool("tools.build_datapackage"),
    "app": _tool("tools.app"),
    "bench": _tool("tools.bench"),
    "site": _tool("tools.site"),
    "doctor": _tool("helpers.doctor"),
    "wheelhouse": _tool("tools.wheelhouse"),
    "nbgrader": _tool("tools.nbgrader_course"),
    "class-report": _tool("tools.class_report"),
    "results": results,
}

NEEDS_TEST_TOOLS = {"test", "bench", "site", "nbgrader", "class-report"}  # the others run in the learner's environment


def main(argv: list[str], usage: str) -> None:
    if not argv or argv[0] not in COMMANDS:
        print(usage)
        sys.exit(2)
    try:
        use_writable_home()
        ensure_env(TEST_LOCK if argv[0] in NEEDS_TEST_TOOLS else LOCK)
        COMMANDS[argv[0]](argv[1:])
    except SetupError as err:
        sys.exit(str(err))
