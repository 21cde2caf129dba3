"""What every tool needs to know about the project: where things are, which notebooks the course has, the kernel
the notebooks run in, the offline environment the tests use, and one way to start a tool.

Every tool has ``main(argv: list[str]) -> int`` (the exit status) and ends with ``run(main)``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

__all__ = ["BUILD", "DATASETS", "KERNELSPEC", "NOTEBOOKS", "ROOT", "offline_env", "run", "teacher_notebooks"]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
DATASETS = ROOT / "datasets"
BUILD = ROOT / "build"  # git-ignored output of the tools
OFFLINE_GUARD = ROOT / "tests" / "offline"  # sitecustomize.py that refuses network access when SHANXI_OFFLINE=1
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}  # every notebook's kernel


def teacher_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered teacher-edition notebooks (``NN_*.ipynb``) in ``folder``, in course order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def offline_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """Switch the network guard on, as the tests run: in ``env`` if given (returned changed), else in this
    process's environment, so that kernels and subprocesses started from here inherit it."""
    target = os.environ if env is None else env
    target["SHANXI_OFFLINE"] = "1"
    target["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE_GUARD), target.get("PYTHONPATH")]))
    return dict(target)


def run(main: Callable[[list[str]], int]) -> NoReturn:
    """Run a tool's ``main`` with the command-line arguments and exit with its status."""
    sys.exit(main(sys.argv[1:]))
