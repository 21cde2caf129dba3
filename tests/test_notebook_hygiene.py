"""Static hygiene of every committed notebook (teacher and student editions)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEACHER = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUDENT = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))
MAX_BYTES = 2_000_000  # a notebook with ~20 figures at 100 dpi; above this, split the notebook
MAX_IGNORED = 2  # nbval-ignored cells per notebook (explorer displays)
ABSOLUTE_PATH = re.compile(r"(/root/|/home/\w+|/tmp/|/work/|[A-Z]:\\\\Users)")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def ignored(cell: dict) -> bool:
    source = "".join(cell["source"])
    return "nbval-ignore-output" in cell["metadata"].get("tags", []) or source.startswith("# NBVAL_IGNORE_OUTPUT")


def test_there_is_a_start_here_notebook():
    assert TEACHER and TEACHER[0].name == "00_start_here.ipynb"


@pytest.mark.parametrize("path", TEACHER + STUDENT, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_common_hygiene(path):
    notebook = load(path)
    text = path.read_text(encoding="utf-8")
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in notebook["metadata"], "saved widget state: run `python3 course.py execute`"
    assert not ABSOLUTE_PATH.search(text), "an absolute path of this machine is saved in the notebook"
    assert path.stat().st_size < MAX_BYTES
    assert "sys.path" not in text, "helpers is installed; notebooks need no sys.path changes"


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.name)
def test_teacher_edition_is_executed_in_order_without_errors(path):
    cells = code_cells(load(path))
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors
    assert any(c["outputs"] for c in cells)


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.name)
def test_every_image_output_has_alt_text_and_a_source(path):
    images = [o for c in code_cells(load(path)) for o in c["outputs"] if "image/png" in o.get("data", {})]
    for output in images:
        assert output.get("metadata", {}).get("image/png", {}).get("alt", "").strip(), "image without alt text"
        assert "Source: " in "".join(output["data"].get("text/plain", "")), "image without a source line"


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.name)
def test_nbval_ignored_cells_are_rare(path):
    count = sum(ignored(c) for c in code_cells(load(path)))
    assert count <= MAX_IGNORED, f"{count} cells skip nbval's comparison (limit {MAX_IGNORED})"


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.name)
def test_an_explorer_cell_says_run_this_cell_before_it_is_run(path):
    """What a notebook shows in an explorer cell before it is run (or when the widget cannot be drawn) is the
    plain-text fallback of its output: one sentence, never ``VBox(children=…)``."""
    from helpers.explorer import RUN_TO_SHOW

    views = [o for c in code_cells(load(path)) if ignored(c) for o in c["outputs"]
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "no explorer output stored"
    assert all("".join(o["data"]["text/plain"]) == RUN_TO_SHOW for o in views)
