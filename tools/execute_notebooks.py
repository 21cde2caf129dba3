"""Execute the teacher notebooks from a fresh kernel and save their outputs (``python3 course.py execute``).

Strict nbval compares against these stored outputs, so they must come from this command: it runs
offline like the tests, records no timings, and drops saved widget state, keeping notebooks small.
Pass notebook paths to execute only those; by default every ``notebooks/NN_*.ipynb``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def teacher_notebooks() -> list[Path]:
    """The numbered teacher-edition notebooks, in course order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def offline_env() -> None:
    """Run kernels as the tests do: network guard on (tests/offline/sitecustomize.py)."""
    os.environ["SHANXI_OFFLINE"] = "1"
    guard = str(ROOT / "tests" / "offline")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [guard, os.environ.get("PYTHONPATH")]))


def execute(path: Path) -> None:
    """Run ``path`` top to bottom in a fresh ``python3`` kernel and save it in place."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(notebook, kernel_name="python3", timeout=300, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(args: list[str]) -> None:
    offline_env()
    for path in [Path(a).resolve() for a in args] or teacher_notebooks():
        execute(path)


if __name__ == "__main__":
    main(sys.argv[1:])
