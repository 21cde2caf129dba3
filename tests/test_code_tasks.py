"""Code tasks (cells tagged ``solution`` and ``code-task``): scaffold, solution, stub and typical wrong versions.

Each task's solution and scaffold are read from the teacher notebooks and run as a learner runs them, in a
namespace holding the notebook's own variables (loaded from the course datasets), followed by the task's check
cell. The solution must pass; the scaffold run unchanged must say "Not answered" (never a traceback); typical
wrong versions, made by editing the solution as a learner might, must each get their own specific feedback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

from helpers import checks, code_checks, data, plots, sources
from tools import student_edition as se
from tools._project import teacher_notebooks

matplotlib.use("Agg")

TEACHERS = teacher_notebooks()


def _variables() -> dict[str, Callable[[], object]]:
    """The notebook variables the tasks use, as the notebooks define them."""
    return {
        "totals": lambda: data.load("province_co2_totals"),
        "latest": lambda: int(data.load("province_co2_totals")["year"].max()),
        "electricity": lambda: data.load("shanxi_electricity_by_fuel"),
        "plt": lambda: matplotlib.pyplot,  # imported by the notebook's set-up cell
        "headcount": lambda: data.load("poverty_headcount"),
        "crops": lambda: data.load("crop_production"),
        "figures": lambda: data.load("yuncheng_figures"),
    }


def code_tasks() -> dict[str, tuple[str, str, str, Path]]:
    """Exercise id -> (solution, scaffold, check cell source, notebook) for every code task of the course."""
    tasks = {}
    for teacher in TEACHERS:
        cells = nbformat.read(teacher, as_version=4).cells
        for index, cell in enumerate(cells):
            if "code-task" in cell.metadata.get("tags", []):
                exercise = re.search(r'checks\.task\("([\d.]+)"\)', cell.source).group(1)
                check = next(c.source for c in cells[index + 1:] if f'checks.check("{exercise}")' in c.source)
                tasks[exercise] = (cell.source, cell.metadata["scaffold"], check, teacher)
    return tasks


TASKS = code_tasks()


def run(source: str, check: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a task cell, then its check cell, as a learner does; what they print (never raises)."""
    monkeypatch.setattr(plots, "show", lambda fig, *, alt, source: None)
    namespace = {"checks": checks, "data": data, "plots": plots, "sources": sources, "pd": pd}
    namespace.update({name: load() for name, load in _variables().items()})
    capsys.readouterr()
    exec(compile(source, "<task cell>", "exec"), namespace)
    exec(compile(check, "<check cell>", "exec"), namespace)
    matplotlib.pyplot.close("all")
    return capsys.readouterr().out.strip()


def test_every_theme_notebook_has_two_code_tasks() -> None:
    for number in ("01", "02", "03"):
        count = sum(1 for *_, notebook in TASKS.values() if notebook.name.startswith(number))
        assert count >= 2, f"notebook {number} has {count} code tasks; at least 2 are needed"


@pytest.mark.parametrize("exercise", sorted(TASKS))
def test_scaffold_is_the_solution_with_blanks(exercise: str) -> None:
    solution, scaffold, _, _ = TASKS[exercise]
    assert "..." in scaffold, f"code task {exercise}: the scaffold has no `...` blank"
    pattern = "".join("([^\n]+?)" if piece == "..." else re.escape(piece) for piece in re.split(r"(\.\.\.)", scaffold))
    assert re.fullmatch(pattern, solution), f"code task {exercise}: the scaffold is not the solution with blanks"


@pytest.mark.parametrize("exercise", sorted(TASKS))
def test_student_edition_keeps_the_scaffold(exercise: str) -> None:
    solution, scaffold, _, teacher = TASKS[exercise]
    student = se.to_student(nbformat.read(teacher, as_version=4), teacher.name)
    sources_ = [cell.source for cell in student.cells]
    assert scaffold in sources_ and solution not in sources_
    assert not any("scaffold" in cell.metadata for cell in student.cells)


@pytest.mark.parametrize("exercise", sorted(TASKS))
def test_solution_passes(exercise: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    solution, _, check, _ = TASKS[exercise]
    assert run(solution, check, capsys, monkeypatch).startswith(f"Passed — self-check {exercise}")


@pytest.mark.parametrize("exercise", sorted(TASKS))
def test_stub_says_not_answered(exercise: str, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    _, scaffold, check, _ = TASKS[exercise]
    out = run(scaffold, check, capsys, monkeypatch)
    assert out.splitlines()[-1].startswith(f"Not answered — exercise {exercise}: the task cell still has `...`")
    assert "Traceback" not in out


# Typical wrong versions: (exercise, text of the solution, what a learner writes instead, words of the feedback).
WRONG = [
    ("1.7", ".sum(min_count=1)", ".sum()", "shows 0 where the data have no value"),
    ("1.7", 'groupby("year")', 'groupby("fuel")', "none of your row labels is one asked for"),
    ("1.7", ".sum(min_count=1)", ".mean()", "some values of your Series are not"),
    ("1.7", "by_fuel.csv", "by_fuels.csv", "FileNotFoundError"),
    ("1.8", ' * 10_000)', ")", "every value of your Series is about 10,000 times too large"),
    ("1.8", "ascending=False", "ascending=True", "the order is reversed"),
    ("1.8", 'on="province"', 'on="province", how="right"', "should not be there (e.g. 'Tibet')"),
    ("1.8", 'merged["co2_mt"]', 'merged["co2"]', "stopped at line 7 of the cell with KeyError: 'co2'"),
    ("1.14", '["wind", "solar"]', '["wind", "thermal"]', "none of the series on your Axes shows solar"),
    ("1.14", '"generation (TWh)"', '"generation"', "name the unit in the y-axis label"),
    ("1.14", '    ax.legend()\n', "", "add a legend"),
    ("1.14", 'values="generation_twh"', 'values="data_missing"', "none of the series on your Axes shows wind"),
    ("2.7", 'counties[counties["province_zh"] == "山西省"]', "counties", "counts for all of China's poverty counties"),
    ("2.7", 'groupby("exit_year")', 'groupby("city_zh")', "none of your row labels is one asked for"),
    ("2.10", '    clean_list["exit_year"] = clean_list["exit_year"].astype("int64")\n', "",
     "the column exit_year holds decimals (numbers written like 7.0)"),
    ("2.10", 'clean_list.drop(columns="column_6")', "clean_list", "still has the column(s) column_6: drop them"),
    ("2.10", '    clean_list["county_code"] = clean_list["county_code"].astype("int64")\n', "",
     "the column county_code holds decimals"),
    ("2.10", '== "山西省"]', '== "陕西省"]', "those are Shaanxi's counties (陕西省)"),
    ("2.10", '== "山西省"]', '== "山西"]', "your table is empty: the filter kept no rows"),
    ("2.10", 'data.path("poverty_counties_raw")', 'data.path("poverty_counties")', "with KeyError"),
    ("2.8", '    ax.set_title("China: share of people below four poverty lines")\n', "", "give the figure a title"),
    ("2.8", '"share of people below the line (%)"', '"share of people"', "name the unit in the y-axis label"),
    ("2.8", "for line in wide.columns:", "for line in wide.columns[:1]:", "none of the series on your Axes shows"),
    ("2.8", 'headcount[headcount["entity_name"] == "China"]', "headcount", "ValueError"),
    ("3.6", "/ 100_000_000", "/ 10_000", "10,000 times too large"),
    ("3.6", "/ 100_000_000", "/ 1_000_000_000", "10 times too small: 1 亿 is 100 million, a tenth of a billion"),
    ("3.7", "100 * ", "", "100 times too small: a fraction where a percent was asked for"),
    ("3.7", 'wide["China"] / wide["World"]', 'wide["World"] / wide["China"]', "world's output divided by China's"),
    ("3.13", 'crops["entity"] == "China"', 'crops["entity"] == "World"', "those are the world's tonnes"),
    ("3.13", 'crops["entity"] == "China"', 'crops["entity"] == "China (FAO)"', "FAO's aggregate"),
    ("3.13", ' / 1_000_000', "", "about a million times too large: check 'million'"),
    ("3.13", '    ax.set_xlabel("year")\n    ax.set_ylabel("production (million tonnes)")\n'
             '    ax.set_title("China: apple and wheat production")\n', "", "now label the x axis"),
    ("3.13", '    ax.set_title("China: apple and wheat production")\n', "", "give the figure a title"),
    ("3.13", '"production (million tonnes)"', '"production"', "name the unit in the y-axis label"),
    ("3.13", "    ax.legend()\n", "", "add a legend"),
]


@pytest.mark.parametrize(("exercise", "right", "wrong", "words"), WRONG, ids=lambda value: str(value)[:24])
def test_typical_wrong_code_gets_specific_feedback(exercise: str, right: str, wrong: str, words: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    solution, _, check, _ = TASKS[exercise]
    assert right in solution, f"the wrong version of {exercise} no longer applies to its solution"
    out = run(solution.replace(right, wrong), check, capsys, monkeypatch)
    assert out.startswith("Not yet — "), out
    assert words in out, out
    assert all(line.startswith("Not yet — ") for line in out.splitlines()), out  # the check agrees: not yet
    assert "Traceback" not in out


def test_every_task_has_two_typical_wrong_versions() -> None:
    for exercise in TASKS:
        assert sum(1 for wrong in WRONG if wrong[0] == exercise) >= 2, exercise


def test_stale_answer_never_passes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    solution, _, check, _ = TASKS["1.7"]
    broken = solution.replace('groupby("year")', 'groupby("yeer")')
    namespace_source = solution + "\n" + broken  # a right run, then the same cell broken and run again
    out = run(namespace_source, check, capsys, monkeypatch)
    assert "KeyError" in out and out.splitlines()[-1].startswith("Not yet — exercise 1.7: the task cell stopped")


def test_interrupting_a_task_still_stops_it() -> None:
    with pytest.raises(KeyboardInterrupt), checks.task("1.7"):
        raise KeyboardInterrupt


def test_figure_check_reads_bars_and_refuses_other_things() -> None:
    import matplotlib.pyplot as plt

    series = pd.DataFrame({"demo": [1.0, 2.0, 3.0]}, index=[2018, 2019, 2020])
    fig, ax = plt.subplots()
    ax.bar(series["demo"].index, series["demo"].to_numpy() * 10_000)
    assert "10,000 times too large" in code_checks.figure_verdict(ax, series)[1]
    assert "expected the Axes" in code_checks.figure_verdict(series["demo"], series)[1]
    assert "empty" in code_checks.figure_verdict(plt.subplots()[1], series)[1]
    plt.close("all")


def test_unit_slip_rule_applies_to_every_number_check() -> None:
    checks.register("99.9", lambda: 90.0, unit="亿 yuan")
    try:
        assert "a tenth of a billion" in checks.evaluate("99.9", 9.0).message  # billions where 亿 were asked
        assert "1,000 times too large" in checks.evaluate("99.9", 90_000.0).message
    finally:
        del checks._REGISTRY["99.9"]


def test_form_slip_rule_applies_to_every_percent_and_factor_check() -> None:
    checks.register("99.8", lambda: 50.0, unit="percent")
    checks.register("99.7", lambda: 1.5, unit="a multiplier (revenue after ÷ revenue before)")
    try:
        assert "looks like a growth factor" in checks.evaluate("99.8", 1.5).message
        assert "change in percent; the question asks for the factor" in checks.evaluate("99.7", 50.0).message
        assert "change as a fraction" in checks.evaluate("99.7", 0.5).message
    finally:
        del checks._REGISTRY["99.8"], checks._REGISTRY["99.7"]


@pytest.mark.parametrize(("exercise", "slip", "words"), [
    ("1.9", lambda right: 1 + right / 100, "looks like a growth factor"),
    ("3.8", lambda right: 1 + right / 100, "looks like a growth factor"),
    ("1.9", lambda right: right / 100, "100 times too small"),
    ("2.11", lambda right: right / 100, "100 times too small: a fraction where a percent was asked for"),
    ("2.13", lambda right: right * 1e6, "about a million times too large"),
    ("2.14", lambda right: right / 10_000, "about 10,000 times too small"),
], ids=["1.9-factor", "3.8-factor", "1.9-fraction", "2.11-fraction", "2.13-people", "2.14-wan"])
def test_quick_checks_name_the_slip(exercise: str, slip: Callable[[float], float], words: str) -> None:
    checks.registered()  # imports every exercise module
    feedback = checks.evaluate(exercise, slip(checks._REGISTRY[exercise].expected()))
    assert feedback.message.startswith("Not yet") and words in feedback.message, feedback.message


@pytest.mark.parametrize(("exercise", "wrong", "words"), [
    ("2.11", lambda: 100 * 36 / 832, "that is Shanxi's share (山西省)"),  # Shanxi's 36 counties, not Shaanxi's
    ("2.11", lambda: 56.0, "that is the number of counties"),  # Shaanxi's count itself
    ("2.12", lambda: 82.1 + 5.3, "the lines nest"),  # India 2022: the two shares added
    ("2.12", lambda: 92.5 - 27.1, "estimate before the latest"),  # India 2011
    ("2.13", lambda: 21.0, "that is the ratio itself"),  # China's 2021 ratio at $8.30/day, in percent
    ("2.14", lambda: 105_000 / 0.3, "so multiply"),  # per hectare divided by the hectares
    ("2.14", lambda: 105_000 / 500, "shares one hectare's income among all the families"),
], ids=["2.11-shanxi", "2.11-count", "2.12-sum", "2.12-2011", "2.13-ratio", "2.14-divide", "2.14-families"])
def test_quick_checks_name_the_registered_mistake(exercise: str, wrong: Callable[[], float], words: str) -> None:
    """Slips a learner makes, written with the data's own numbers (as printed in notebook 02 or PROVENANCE.md)."""
    feedback = checks.evaluate(exercise, wrong())
    assert feedback.message.startswith("Not yet") and words in feedback.message, feedback.message


THEME_HELPER = re.compile(r"\b(?:poverty|energy|agriculture|factcheck|context_tables|conversions)\.[a-z_]+\(?")
NOTEBOOKS_WITH_PANDAS_HINTS = ["00", "01", "02", "03", "04"]  # hints and prompts point to pandas, not helpers


@pytest.mark.parametrize("number", NOTEBOOKS_WITH_PANDAS_HINTS)
def test_no_hint_or_prompt_names_a_theme_helper(number: str) -> None:
    """Hints point to the pandas method or the idea, never to a course helper that does the whole job (issue 15)."""
    teacher = next(path for path in TEACHERS if path.name.startswith(number))
    cells = nbformat.read(teacher, as_version=4).cells
    named = [(cell.source.splitlines()[0][:40], found) for cell in cells
             if {"hint", "exercise"} & set(cell.metadata.get("tags", []))
             for found in THEME_HELPER.findall(cell.source)]
    assert not named, f"{teacher.name}: hints or prompts that name a course helper: {named}"
