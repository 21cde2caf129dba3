"""helpers/display.py in a real IPython shell: one-line errors, plain NumPy numbers, pandas without MathJax.

IPython's in-process shell is the same InteractiveShell a Jupyter kernel runs (ipykernel subclasses it); its
error display goes through ``showtraceback`` exactly as in a notebook.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers import display

RUN_ABOVE = "run the cells above this one (menu Run → Run All Above Selected Cell), then run this cell again."


@pytest.fixture(scope="module")
def shell() -> Iterator[InteractiveShell]:
    ip = InteractiveShell.instance()
    options = {key: pd.get_option(key) for key in ("display.html.use_mathjax", "display.float_format")}
    display.setup()
    yield ip
    ip.set_custom_exc((), None)
    for key, value in options.items():
        pd.set_option(key, value)
    InteractiveShell.clear_instance()


def run(shell: InteractiveShell, source: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, bool]:
    capsys.readouterr()
    result = shell.run_cell(source, store_history=False)
    captured = capsys.readouterr()
    return captured.out + captured.err, result.success


def error_lines(text: str) -> list[str]:
    return [line for line in text.replace("\x1b[31m", "").replace("\x1b[0m", "").splitlines() if line.strip()]


def test_a_missing_name_is_one_line(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    out, ok = run(shell, "claims.head()", capsys)
    assert not ok
    assert error_lines(out) == [f"NameError: `claims` is not defined yet, because a cell above has not been run: "
                                f"{RUN_ABOVE}"]


def test_a_missing_answer_names_its_exercise(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(shell, "answer_1_3 * 2", capsys)
    assert error_lines(out) == [f"NameError: `answer_1_3` is not defined yet: run the exercise 1.3 cell that sets "
                                f"it, or {RUN_ABOVE}"]


def test_text_for_a_number_in_a_helper_is_one_line(shell: InteractiveShell,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A slider-driven scenario given a string: one line naming the function the learner called."""
    out, ok = run(shell, 'from helpers import energy\nenergy.compounded_gap("7.8", 4.6, 30)', capsys)
    lines = error_lines(out)
    assert not ok and len(lines) == 1, out
    assert lines[0].startswith("TypeError in energy.compounded_gap: ")
    assert lines[0].endswith('numbers where numbers are asked for (0.2, not "0.2"), names spelled as in the tables.')


def test_the_learners_own_errors_keep_their_traceback(shell: InteractiveShell,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out, ok = run(shell, '1 + "a"', capsys)
    assert not ok and "Traceback" in out and "unsupported operand" in out


def test_numbers_and_tables(shell: InteractiveShell, capsys: pytest.CaptureFixture[str]) -> None:
    formatter = shell.display_formatter.formatters["text/plain"]
    import numpy as np
    assert formatter(np.float64(0.25)) == "0.25" and formatter(np.int64(2020)) == "2020"
    table = pd.DataFrame({"usd": [4630.0, 1.39e9], "note": ["$4,630", "$1.39 billion"]})
    assert "tex2jax_ignore" in table.to_html() and "1,390,000,000" in repr(table)


def test_after_a_kernel_restart_a_learner_sees_one_line_per_cell() -> None:
    """Issue 21, item 4, as a learner meets it: a fresh Jupyter kernel, cells run out of order after a restart."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from tools.execute_notebooks import ROOT, notebook_client
    notebook = new_notebook(cells=[new_code_cell(source) for source in (
        "from helpers import checks, plots\nplots.setup()",
        'checks.check("1.3")',
        "claims.head()",
        'from helpers import energy\nenergy.compounded_gap(7.8, "4.6", 30)',
    )])
    notebook_client(notebook, ROOT / "notebooks", allow_errors=True).execute()
    check, name, helper = (cell.outputs for cell in notebook.cells[1:])
    assert check[0]["data"]["text/plain"].startswith("Not answered — exercise 1.3: `answer_1_3` does not exist yet.")
    assert "<strong" in check[0]["data"]["text/html"]
    for outputs, start in ((name, "NameError: `claims` is not defined yet"),
                           (helper, "TypeError in energy.compounded_gap: ")):
        assert [out["output_type"] for out in outputs] == ["error"]
        lines = outputs[0]["traceback"]
        assert len(lines) == 1 and lines[0].replace("\x1b[31m", "").startswith(start), lines
    assert nbformat.validate(notebook) is None


def test_a_cell_run_before_the_setup_cell_of_a_fresh_kernel_is_one_line() -> None:
    """After a restart a learner may run a later cell first: the course's kernels load helpers.display at start
    (the kernel config `course.py` writes into the environment), so no setup cell is needed for the one line."""
    from nbformat.v4 import new_code_cell, new_notebook

    from tools.course_commands import KERNEL_CONFIG, KERNEL_CONFIG_TEXT, VENV
    from tools.execute_notebooks import ROOT, notebook_client
    config = VENV / KERNEL_CONFIG
    assert config.read_text(encoding="utf-8") == KERNEL_CONFIG_TEXT, "set up with `python3 course.py test`"
    notebook = new_notebook(cells=[new_code_cell("claims.head()")])
    notebook_client(notebook, ROOT / "notebooks", allow_errors=True).execute()
    outputs = notebook.cells[0].outputs
    assert [out["output_type"] for out in outputs] == ["error"]
    lines = outputs[0]["traceback"]
    assert len(lines) == 1 and lines[0].replace("\x1b[31m", "").startswith("NameError: `claims` is not defined yet")
