"""helpers/apps.py (finding every app) and tools/app.py (the app notebook, the Voilà command): fast, no browser."""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import statistics
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")

import nbformat
import pytest

from helpers import apps, conversions, data
from helpers.explorer import Explorer
from tools import app as app_tool

APPS = apps.registry()


def test_the_registry_lists_every_app_once_with_a_title_a_summary_and_an_importable_factory():
    names = [app.name for app in apps.APPS]
    assert len(names) == len(set(names)) and list(APPS) == sorted(names)
    for app in APPS.values():
        assert app.title.strip() and app.summary.strip() and "\n" not in app.summary
        assert callable(app.factory) and app.module.startswith("helpers.")
    assert apps.apps()["exchange-rate"] is conversions.exchange_rate_app


@pytest.mark.parametrize("name, target, problem", [
    ("Growth Gap", "helpers.x:f", "kebab-case"),
    ("growth_gap", "helpers.x:f", "kebab-case"),
    ("growth-gap", "helpers.x", "helpers.module:function"),
])
def test_an_app_refuses_bad_names_and_targets(name, target, problem):
    with pytest.raises(ValueError, match=problem):
        apps.App(name, "t", "s", target)


def test_two_apps_cannot_use_the_same_name(monkeypatch):
    same = apps.App("same", "t", "s", "helpers.conversions:exchange_rate_app")
    monkeypatch.setattr(apps, "APPS", (same, same))
    with pytest.raises(ValueError, match="same"):
        apps.registry()


def test_listing_the_apps_imports_no_theme():
    import subprocess
    import sys

    code = ("import sys\nfrom tools import app\napp.list_apps()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('helpers.energy', 'helpers.poverty', "
            "'helpers.agriculture', 'helpers.factcheck', 'matplotlib'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "[]"


def test_the_exchange_rate_app_does_not_start_at_the_answer_of_its_first_guiding_question():
    """Question 1 asks at which rate all four bars are closest to zero: near the median of the implied rates. The
    app starts elsewhere, where every bar is farther from zero than at that median."""
    claims = data.load("article_claims")
    paired = claims.dropna(subset=["pair_id"])
    rates = [group.loc[group["unit"] == "yuan", "value"].item() / group.loc[group["unit"] == "USD", "value"].item()
             for _, group in paired.groupby("pair_id")]
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = apps.build("exchange-rate")
    start = explorer.controls["yuan_per_usd"].value
    assert explorer.defaults() == {"yuan_per_usd": start}
    median = statistics.median(rates)
    assert all(abs(start / rate - 1) > 2 * abs(median / rate - 1) for rate in rates), (start, rates)
    assert "closest to zero" in apps.guiding_questions("exchange-rate")[0]
    with pytest.raises(KeyError, match="no app 'no-such-app'"):
        apps.build("no-such-app")


@pytest.mark.parametrize("name", APPS)
def test_each_app_notebook_is_valid_and_builds_its_explorer(name):
    notebook = app_tool.app_notebook(name)
    nbformat.validate(nbformat.from_dict(notebook))
    (cell,) = notebook["cells"]
    *statements, last = cell["source"].splitlines()
    namespace: dict = {}
    with mpl.rc_context(), contextlib.redirect_stdout(io.StringIO()):  # plots.setup() changes the style
        exec("\n".join(statements), namespace)
        shown = eval(last, namespace)
        explorer = apps.build(name)  # in the course's style (and its 汉字 font), as the app page draws it
        chart = explorer.default_view()
    header, large, box, footer = shown.children
    assert f"<h1>{html.escape(APPS[name].title)}</h1>" in header.value and "What it explores:" in header.value
    assert html.escape(APPS[name].summary[1:]) in header.value and "course-app" in shown._dom_classes
    assert footer.value.count(html.escape(chart.source)) == 1  # the figure's source, under the explorer
    questions = apps.guiding_questions(name)  # from the app's notebook, their one home
    assert len(questions) >= 3 and all(q.endswith(("?", ")", ".")) for q in questions), questions
    assert footer.value.count("<li>") == len(questions) and "Guiding questions" in footer.value
    assert box.children[0].value == explorer.box.children[0].value  # the explorer's title and assumptions
    large.value = True  # the large-text switch (a projector) enlarges the whole page, and switches back
    assert apps.LARGE_TEXT in shown._dom_classes
    large.value = False
    assert apps.LARGE_TEXT not in shown._dom_classes
    assert isinstance(explorer, Explorer) and set(explorer.controls) == {s.name for s in explorer.sliders}


def test_write_app_writes_the_notebook_and_refuses_unknown_names(tmp_path):
    path = app_tool.write_app("exchange-rate", tmp_path / "apps")
    assert path == tmp_path / "apps" / "exchange-rate.ipynb"
    assert json.loads(path.read_text(encoding="utf-8")) == app_tool.app_notebook("exchange-rate")
    assert [p.name for p in path.parent.iterdir()] == ["exchange-rate.ipynb"]  # no partial file left
    with pytest.raises(KeyError):
        app_tool.write_app("no-such-app", tmp_path)


def test_the_template_extends_voila_lab_and_drops_only_cdn_links(tmp_path):
    folder = app_tool.write_template(tmp_path)
    assert folder == tmp_path / "voila" / "templates" / app_tool.TEMPLATE
    assert json.loads((folder / "conf.json").read_text()) == {"base_template": "lab"}
    template = (folder / "index.html.j2").read_text()
    assert "extends 'voila/templates/lab/index.html.j2'" in template and "cdn.jsdelivr.net" in template
    assert "http://" not in template and "super()" in template


def test_voila_serves_on_this_machine_with_the_offline_template_and_extra_options_last():
    command = app_tool.voila_command(Path("build/apps/x.ipynb"), "--port=9000", "--no-browser")
    assert command[1:4] == ["-m", "voila", "build/apps/x.ipynb"]
    assert "--Voila.ip=127.0.0.1" in command and f"--template={app_tool.TEMPLATE}" in command
    assert command[-2:] == ["--port=9000", "--no-browser"]
    env = app_tool.voila_env(Path("/j"), {"JUPYTER_PATH": "/other", "KEEP": "1"})
    assert env == {"JUPYTER_PATH": os.pathsep.join(["/j", "/other"]), "KEEP": "1"}
    assert app_tool.voila_env(Path("/j"), {})["JUPYTER_PATH"] == "/j"


def test_without_a_name_the_command_lists_the_apps_and_an_unknown_name_fails(capsys):
    assert app_tool.main([]) == 0
    listing = capsys.readouterr().out
    assert all(f"  {name}" in listing and APPS[name].title in listing for name in APPS)
    assert app_tool.main(["no-such-app"]) == 2
    assert "no app called 'no-such-app'" in capsys.readouterr().err
