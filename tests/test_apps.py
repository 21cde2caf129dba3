"""helpers/apps.py (finding every app) and tools/app.py (the app notebook, the Voilà command): fast, no browser."""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import types
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")

import nbformat
import pytest

from helpers import apps, article, data, widgets
from tools import app as app_tool

APPS = apps.registry()


def module(name: str, entries: dict) -> types.ModuleType:
    fake = types.ModuleType(name)
    fake.APPS = entries
    return fake


def build() -> None:
    """A stand-in factory."""


def test_collect_sorts_apps_by_name_and_remembers_their_module():
    found = apps.collect([module("helpers.b", {"b-app": build}), module("helpers.a", {"a-app": build}),
                          types.ModuleType("helpers.none")])
    assert list(found) == ["a-app", "b-app"]
    assert found["b-app"] == apps.App("b-app", "helpers.b", build)
    assert found["a-app"].summary == "A stand-in factory."


@pytest.mark.parametrize("entries, problem", [
    ({"Growth Gap": build}, "kebab-case"),
    ({"growth_gap": build}, "kebab-case"),
    ({"growth-gap": None}, "zero-argument"),
])
def test_collect_refuses_bad_names_and_factories(entries, problem):
    with pytest.raises(ValueError, match=problem):
        apps.collect([module("helpers.x", entries)])


def test_two_modules_cannot_use_the_same_app_name():
    with pytest.raises(ValueError, match="helpers.one and helpers.two"):
        apps.collect([module("helpers.one", {"same": build}), module("helpers.two", {"same": build})])


def test_every_helpers_module_is_searched_and_the_exchange_rate_app_is_found():
    names = {m.__name__ for m in apps.theme_modules()}
    assert {"helpers.article", "helpers.widgets"} <= names and "helpers.apps" not in names
    assert APPS["exchange-rate"].module == "helpers.article"
    assert apps.apps()["exchange-rate"] is article.conversion_app


def test_the_exchange_rate_app_starts_at_the_median_rate_the_article_implies():
    claims = data.load("article_claims")
    paired = claims.dropna(subset=["pair_id"])
    rates = [group.loc[group["unit"] == "yuan", "value"].item() / group.loc[group["unit"] == "USD", "value"].item()
             for _, group in paired.groupby("pair_id")]
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = article.conversion_app()
    assert explorer.controls["yuan_per_usd"].value == pytest.approx(round(statistics.median(rates), 2))


@pytest.mark.parametrize("name", APPS)
def test_each_app_notebook_is_valid_and_builds_its_explorer(name):
    notebook = app_tool.app_notebook(name, APPS[name].module)
    nbformat.validate(nbformat.from_dict(notebook))
    (cell,) = notebook["cells"]
    *statements, last = cell["source"].splitlines()
    namespace: dict = {}
    with mpl.rc_context(), contextlib.redirect_stdout(io.StringIO()):  # plots.setup() changes the style
        exec("\n".join(statements), namespace)
        explorer = eval(last, namespace)
    assert isinstance(explorer, widgets.Explorer) and explorer.controls
    assert set(explorer.controls) == {s.name for s in explorer.sliders}


def test_write_app_writes_the_notebook_and_refuses_unknown_names(tmp_path):
    path = app_tool.write_app("exchange-rate", tmp_path / "apps")
    assert path == tmp_path / "apps" / "exchange-rate.ipynb"
    assert json.loads(path.read_text(encoding="utf-8")) == app_tool.app_notebook("exchange-rate", "helpers.article")
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
    assert all(f"  {name}" in listing for name in APPS) and "(helpers.article)" in listing
    assert app_tool.main(["no-such-app"]) == 2
    assert "no app called 'no-such-app'" in capsys.readouterr().err
