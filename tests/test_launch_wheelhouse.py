"""Offline classroom: `python3 course.py wheelhouse DIR` downloads every pinned wheel once; a laptop with a copy of
the course then sets up from DIR alone with the documented command
(`PIP_NO_INDEX=1 PIP_FIND_LINKS=DIR python3 course.py ...`), with the network off (`unshare -n` where allowed,
and pip's --no-index everywhere), and the course's doctor passes.

The download is the one step of the test suite that uses the internet (the teacher's step, run where the network
is; pip serves most of it from the cache that `course.py test` just filled): the test lifts the suite's network
guard (tests/offline) for that subprocess only. It is the slowest test in CI (about 1.5 minutes: ~110 MB of
wheels, then a full install)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", ".hub", "__pycache__", "build", "*.egg-info", "test-artifacts")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def learner_pins() -> dict[str, str]:
    lines = (ROOT / "requirements-lock.txt").read_text().splitlines()
    return {_norm(n): v for n, v in (ln.split("==") for ln in lines if ln and not ln.startswith("#"))}


def network_off_prefix() -> list[str]:
    """`unshare -n` (a new network namespace with no interfaces) when this machine allows it, else nothing."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


def test_a_laptop_sets_up_the_course_offline_from_the_wheelhouse(tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    online = {k: v for k, v in os.environ.items() if k not in {"SHANXI_OFFLINE", "PYTHONPATH"}}
    subprocess.run([sys.executable, "-m", "tools.wheelhouse", str(wheelhouse)], cwd=ROOT, env=online, check=True,
                   timeout=900)
    wheels = {_norm(w.name.split("-")[0]): w.name.split("-")[1] for w in wheelhouse.glob("*.whl")}
    pins = learner_pins()
    assert {name: wheels.get(name) for name in pins} == pins  # every pin, at its pinned version
    assert "setuptools" in wheels and wheels.get("shanxi-in-transition") == "0.1.0"
    assert "--no-index --find-links" in (wheelhouse / "README.txt").read_text()

    course = tmp_path / "course"
    shutil.copytree(ROOT, course, ignore=NOT_COPIED)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_CONFIG_FILE": os.devnull}
    result = subprocess.run([*network_off_prefix(), sys.executable, "course.py", "doctor"], cwd=course, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "Ready for class." in result.stdout
    installed = subprocess.run([str(course / ".venv" / "bin" / "python"), "-c",
                                "import helpers.data as d; print(d.datasets_dir())"],
                               cwd=course, capture_output=True, text=True, check=True).stdout.strip()
    assert installed == str(course / "datasets")
