"""tools/bench_measure.py and tools/bench_report.py, smoke-tested on tiny inputs (the full bench is not run here)."""

from __future__ import annotations

import contextlib
import io

from helpers import apps, plots
from helpers.explorer import Choice, Slider
from tools import bench_browser, bench_report
from tools import bench_measure as measure
from tools._project import teacher_notebooks
from tools.bench_report import BROWSER_HEADING, NOTES_HEADING, Results, browser_section, replace_section, report

A, B = "00_start_here.ipynb", "01_energy_transition.ipynb"  # committed notebooks: the report counts their figures


def results(suite_seconds: float) -> Results:
    """Made-up measurements: two notebooks, one explorer, a floor of 2 s."""
    runs = 3
    notebooks = measure.NotebookRuns(floor=[2.0] * runs, seconds={A: [suite_seconds / 2] * runs,
                                                                  B: [suite_seconds / 2] * runs},
                                     peak_mb={A: [150.0] * runs, B: [350.0] * runs})
    parts = {"total": 10.0, "imports": 2.0, "data.load": 1.0, "layout": 1.0, "Chart.png": 3.0}
    explorer = (measure.stat([0.30, 0.32]), measure.stat([0.28, 0.30]), measure.stat([1.07, 1.07]))
    env = measure.EnvSizes(venv_mb=900.0, runtime_mb=500.0, runtime_count=40, test_only_mb=400.0, test_only_count=30,
                           biggest_test_only=[("jupyterlab", 100.0)], student_venv_mb=None)
    return Results(runs, 2, notebooks, {A: parts, B: parts}, {"growth-gap": explorer},
                   (measure.stat([1.0, 1.1]), measure.stat([1.05, 1.1])), ["energy"], env)


def test_the_report_compares_with_the_goals_and_explains_missed_ones():
    text = report(results(suite_seconds=8.0))  # 8 s against 2 notebooks × 2 s: 2.0×, above the 1.5× goal
    assert "| 2.00× |" in text and "## Findings" in text and "**Suite vs floor** (2.00×)" in text
    assert "350" in text and "lock is split" in text  # the second notebook misses the memory goal
    for section in ("## Summary", "## Notebooks", "## Explorers", "## Imports"):
        assert section in text
    met = report(results(suite_seconds=5.0))  # 1.25×: met
    assert "**Suite vs floor**" not in met


def test_stat_and_verdict():
    values = measure.stat([3.0, 1.0, 2.0])
    assert values.median == 2.0 and values.span() == "1.00–3.00"
    assert measure.verdict(1.0, 1.5) != measure.verdict(2.0, 1.5)


def test_the_notebooks_import_helpers_modules_that_exist():
    modules = measure.helpers_imported_by_notebooks(teacher_notebooks())
    assert {"energy", "poverty", "agriculture", "factcheck", "article"} <= set(modules)
    for name in modules:
        __import__(f"helpers.{name}")


def test_an_explorer_is_timed_with_paired_changes_and_redraws(monkeypatch):
    monkeypatch.setattr(plots, "display", lambda *args, **kwargs: None)
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = apps.build("exchange-rate")
    changes = measure.change_sequence(explorer, 4)
    assert [name for name, _, _ in changes] == ["yuan_per_usd"] * 4
    update, bare = measure.time_explorer(explorer, 2)
    assert len(update) == len(bare) == 2 and all(t > 0 for t in update + bare)


def test_a_neighbour_stays_in_range():
    slider = apps.build("exchange-rate").sliders[0]
    assert slider.min <= measure.neighbour(slider, slider.max) <= slider.max


def browser_results(explorer_ms: list[float], floor_ms: list[float]) -> bench_browser.BrowserResults:
    """Made-up browser measurements: one explorer in JupyterLab and Voilà, and first-figure times."""
    latency = bench_browser.Latency(tuple(explorer_ms), tuple(floor_ms), missed=0)
    return bench_browser.BrowserResults({"growth-gap": latency}, {"growth-gap": latency},
                                        {"static page": (1.0, 1.2), "one-figure widget page": (1.3, 1.3),
                                         "growth-gap": (1.4, 1.6)}, len(explorer_ms))


def test_the_browser_section_judges_latency_against_the_goals_and_the_floor():
    fast = "\n".join(browser_section(browser_results([60.0, 70.0, 80.0], [40.0, 40.0, 40.0])))
    assert "| growth-gap | 70 | 80 | 80 | 40 | 1.75× | 0 | yes |" in fast
    assert "| growth-gap | 1.50 | 1.40–1.60 | 1.36× | yes |" in fast  # first figure vs the bare page
    slow = "\n".join(browser_section(browser_results([60.0, 70.0, 80.0], [20.0, 20.0, 20.0])))
    assert "| 3.50× | 0 | **no** |" in slow  # fast enough, but more than 2× its floor


def test_the_first_figure_table_shows_the_widget_pages_share_of_an_apps_extra_time():
    met = "\n".join(browser_section(browser_results([60.0], [40.0])))
    assert "| one-figure widget page | 1.30 | 1.30–1.30 | 1.18× | reference |" in met
    assert "comes with the widgets" not in met  # explained only when an app misses its goal
    slow = bench_browser.BrowserResults({}, {}, {"static page": (1.0,), "one-figure widget page": (1.4,),
                                                 "growth-gap": (1.7,), "which-line": (1.6,)}, 1)
    text = "\n".join(browser_section(slow))
    assert "| growth-gap | 1.70 | 1.70–1.70 | 1.70× | **no** |" in text
    assert "Apps take 1.60–1.70 s, 0.60–0.70 s more than the bare page" in text
    assert "takes 1.40 s: 0.40 s of the difference comes with the widgets" in text
    assert "an app's own controls and figure add 0.20–0.30 s" in text


def test_an_update_is_taken_apart_into_its_stages():
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = apps.build("growth-gap")
    found = measure.update_stages(explorer, 2)
    assert list(found.seconds) == list(measure.UPDATE_STAGES)
    assert all(len(s.values) == 2 and min(s.values) >= 0 for s in found.seconds.values())
    assert found.seconds["drawn"].median > 0 and found.total >= found.seconds["drawn"].median
    assert all(0 < share < 1 for share in found.draw_shares.values())  # the chart has texts and makes ticks


def test_a_missed_latency_goal_is_explained_by_the_floor_and_the_kernels_stages():
    r = results(suite_seconds=5.0)
    r.browser = browser_results([110.0, 120.0, 130.0], [40.0, 40.0, 40.0])  # 120 ms median, 3× the floor
    stage_ms = {"scenario": 5.0, "figure built": 15.0, "drawn": 60.0, "PNG encoded": 20.0}  # 100 ms in all
    r.stages = {"growth-gap": measure.UpdateStages({k: measure.stat([v / 1000]) for k, v in stage_ms.items()},
                                                   {"texts": 0.5, "new ticks": 0.25})}
    text = report(r)
    assert "| growth-gap | 5.0 | 15.0 | 60.0 | 20.0 | 100 | 50% | 25% |" in text
    assert "key press to new figure takes 120–120 ms (medians), of which the floor" in text
    assert "is 40–40 ms. The rest, 80–80 ms, is the kernel making the new figure" in text
    assert "an update costs 100–100 ms of CPU, 5% scenario, 15% figure built, 60% drawn, 20% PNG encoded" in text
    assert "of the drawing, 50% goes to texts and 25% goes to new ticks" in text
    assert "an update could cost about 40 ms of the kernel's time; these cost 2.5–2.5× that" in text
    r.browser = browser_results([60.0, 70.0, 80.0], [40.0, 40.0, 40.0])  # goals met: nothing to explain
    assert "Explorer latency in the browser" not in report(r)


def test_the_browser_section_replaces_only_its_own_part_of_the_report():
    section = browser_section(browser_results([50.0], [40.0]))
    text = replace_section("# Performance\n\n## Summary\n\nkept\n", section)
    assert text.count(BROWSER_HEADING) == 1 and "kept" in text
    again = replace_section(text + "\n## Later\n\nalso kept\n", browser_section(browser_results([90.0], [40.0])))
    assert again.count(BROWSER_HEADING) == 1 and "also kept" in again and "| 90 |" in again and "| 50 |" not in again


def test_the_hand_written_notes_survive_a_full_report():
    old = f"# Performance\n\n## Summary\n\nold numbers\n\n{NOTES_HEADING}\n\nbefore 500 ms, after 90 ms\n\n## Later\n"
    notes = bench_report.section(old, NOTES_HEADING)
    assert notes == [NOTES_HEADING, "", "before 500 ms, after 90 ms", ""]
    text = replace_section("# Performance\n\n## Summary\n\nnew numbers\n", notes, NOTES_HEADING)
    assert "new numbers" in text and "before 500 ms, after 90 ms" in text and "old numbers" not in text
    assert bench_report.section("# Performance\n", NOTES_HEADING) == []


def test_the_bench_moves_a_control_away_from_its_default_and_back():
    assert bench_browser.keys(apps.build("exchange-rate").sliders[0]) == ("ArrowRight", "ArrowLeft")
    at_max = Slider("x", "x", 0, 1, 0.5, 1, "u")
    assert bench_browser.keys(at_max) == ("ArrowLeft", "ArrowRight")
    assert bench_browser.keys(Choice("c", "c", ("a", "b"), "b")) == ("option:a", "option:b")
    assert bench_browser.Latency.p95(tuple(float(v) for v in range(1, 21))) == 19.0


def test_the_hub_load_test_bisects_to_the_largest_class_in_a_bounded_number_of_classes(monkeypatch):
    """tools/hub_measure.py's search, on made-up classes whose slowest kernel waits 4 s per learner (the real
    classes run only in the bench): 30 learners miss 30 s, so smaller classes are tried, at most PROBES of them."""
    from tools import hub_measure

    def made_up(users: int) -> hub_measure.ClassRun:
        results = [hub_measure.Result(f"l{i}", kernel_s=4.0 * users * (i + 1) / users) for i in range(users)]
        return hub_measure.ClassRun(users, results, hub_pss=0, total_pss=0, logins_within_s=10.0)

    tried: list[int] = []
    monkeypatch.setattr(hub_measure, "measure", lambda users: tried.append(users) or made_up(users))
    fitted, runs = hub_measure.largest_class(made_up(30), probes=3, log=lambda _text: None)
    assert fitted == 7 and tried == [7, 8] and [r.users for r in runs] == [7, 8]  # 7 × 4 s = 28 s fits, 8: 32 s
    tried.clear()
    fitted, runs = hub_measure.largest_class(made_up(30), probes=1, log=lambda _text: None)
    assert tried == [7] and fitted == 7  # bounded: one more class only
    assert hub_measure.largest_class(made_up(5), log=lambda _text: None) == (5, [])  # 20 s: the class fits
    assert not made_up(8).fits() and made_up(7).fits()
