"""The layout of helpers/: pure layers import no display stack, source lines come from datapackage.json, each
theme's namespace is the notebook's, and no module grows past about 400 lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import data, sources

ROOT = Path(__file__).resolve().parent.parent
PURE = [  # modules a scenario or a table lives in: no matplotlib, no ipywidgets
    "helpers.article", "helpers.growth", "helpers.units", "helpers.places", "helpers.sources",
    "helpers.energy.tables", "helpers.energy.scenarios",
    "helpers.poverty.tables", "helpers.poverty.scenarios",
    "helpers.agriculture.tables", "helpers.agriculture.scenarios",
    "helpers.factcheck.verdicts", "helpers.factcheck.checks", "helpers.factcheck.scenarios",
    "helpers.progress",  # checks.report() and checks.export(): IPython and nbconvert only when called
]
THEMES = ["energy", "poverty", "agriculture", "factcheck"]


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_neither_matplotlib_nor_ipywidgets(module):
    code = (f"import sys, importlib\nimportlib.import_module({module!r})\n"
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'seaborn', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]", f"importing {module} pulls in {out.strip()}"


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_exports_only_names_that_exist_and_about_25(theme):
    package = __import__(f"helpers.{theme}", fromlist=["__all__"])
    assert 10 <= len(package.__all__) <= 30
    for name in package.__all__:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="no attribute"):
        package.no_such_name  # noqa: B018


@pytest.mark.parametrize("path", sorted((ROOT / "helpers").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_helpers_module_is_over_about_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 420


def test_every_dataset_has_a_citation_for_its_source_line():
    package = json.loads((data.datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        cited = sources.citation(resource["name"])
        first = resource["sources"][0]
        if "citation" in first:
            parts = [part for part in first["citation"].split("; ") if not part.startswith("mention ")]
            assert all(part in cited for part in parts)
        else:
            assert cited == first["title"].split(":")[0] and cited.startswith("China Daily")
        assert "mention" not in cited


def test_a_source_line_groups_datasets_by_citation_and_names_claims_and_notes():
    line = sources.line("shanxi_co2_by_fuel", "shanxi_co2_by_sector", claims=("C004",), note="an assumption")
    assert line.count("CEADs: Shan et al. (2018)") == 1
    assert "(course datasets shanxi_co2_by_fuel, shanxi_co2_by_sector)" in line
    assert "(course dataset article_claims, claim C004)" in line and line.endswith("; an assumption")
    with pytest.raises(KeyError, match="no dataset 'nothing'"):
        sources.line("nothing")
