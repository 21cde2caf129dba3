"""The course index, the teacher's guide and the glossary: complete, in step with the notebooks and the data."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from helpers import apps
from tools import build_glossary

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
INDEX = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "teachers-guide.md").read_text(encoding="utf-8")


def course_commands() -> set[str]:
    spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.COMMANDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_index_and_the_guide_cover_every_notebook(path):
    assert f"`{path.name}`" in INDEX, f"notebooks/README.md does not list {path.name}"
    number = path.name[:2]
    assert re.search(rf"^## {number} · ", INDEX, re.MULTILINE), f"the index has no section for notebook {number}"
    assert re.search(rf"^### {number} · ", GUIDE, re.MULTILINE), f"the teacher's guide has no lesson plan for {number}"


def test_the_index_lists_no_notebook_that_does_not_exist():
    listed = set(re.findall(r"`(\d\d_[a-z_]+\.ipynb)`", INDEX))
    assert listed == {p.name for p in NOTEBOOKS}


def test_the_index_names_every_explorer_app():
    missing = [name for name in apps.registry() if f"`{name}`" not in INDEX]
    assert not missing, f"notebooks/README.md does not name the app(s) {', '.join(missing)}"


def test_the_docs_only_mention_commands_that_exist():
    used = set(re.findall(r"python3 course\.py ([\w-]+)", INDEX + GUIDE))
    assert used and used <= course_commands()
    assert {"start", "test", "student"} <= used


def test_the_glossary_is_up_to_date():
    committed = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert committed == build_glossary.render(), "docs/glossary.md is stale: run `python -m tools.build_glossary`"


def test_the_glossary_lists_every_place_and_only_terms_the_data_use():
    glossary = build_glossary.render()
    places = build_glossary._read("places")
    assert all(f"| {name} |" in glossary for name in places["name_en"])
    claims = build_glossary._read("article_claims")
    unused = [t.english for t in build_glossary.TERMS
              if t.kind != "concept" and not build_glossary.where(claims, t.pattern)]
    assert not unused, f"terms no dataset uses (remove them from TERMS): {unused}"
    unmet = [t.english for t in build_glossary.TERMS
             if t.kind == "concept" and not build_glossary.first_use(t, NOTEBOOKS)]
    assert not unmet, f"concepts no notebook uses (remove them from TERMS): {unmet}"


def test_glossary_terms_are_found_where_they_are_used():
    claims = build_glossary._read("article_claims")
    assert build_glossary.claims_using(claims, r"percentage point") == ["C009"]
    assert "shanxi_socioeconomic" in build_glossary.datasets_using(r"100 million yuan")


def index_section(number: str) -> str:
    return INDEX.split(f"\n## {number} · ")[1].split("\n## ")[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_index_gives_each_notebooks_exercises_and_time(path):
    text = path.read_text(encoding="utf-8")
    section = index_section(path.name[:2])
    exercises = re.findall(r"### Exercise (\d+\.\d+) (★+)", text)
    assert re.findall(r"(\d+\.\d+) (★+)", section) == exercises, "the index's exercise list differs from the notebook"
    minutes = re.search(r"\*\*Estimated time:\*\* (\d+) minutes", text).group(1)
    assert f"**{minutes} minutes**" in section


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_lists_the_concepts_it_introduces_in_two_languages(path):
    expected = build_glossary.with_concepts_cell(path, NOTEBOOKS)
    assert path.read_text(encoding="utf-8") == expected, "stale concepts cell: run `python -m tools.build_glossary`"
    concepts = [t for t in build_glossary.TERMS if t.kind == "concept"]
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in concepts:  # every concept the brief names is in the glossary, with 汉字 and pinyin
        assert f"| {term.english} | {term.hanzi} | {term.pinyin} |" in glossary
    for hanzi in ("产能", "百分点", "基数效应", "同比", "年均复合增长率", "贫困线", "贫困发生率", "购买力平价",
                  "碳排放强度", "中位数"):
        assert hanzi in glossary, hanzi
