"""datasets/: valid Frictionless package, committed descriptor and dictionary up to date, metadata complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from frictionless import Package

from tools import build_datapackage

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = PACKAGE["resources"]
ARTICLE = ROOT.parent / "shared" / "source" / "000_33f3439c0dfbbcc0.txt"


def test_frictionless_validates_the_package():
    report = Package(str(ROOT / "datasets" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("path", list(build_datapackage.rendered()), ids=lambda p: p.name)
def test_generated_file_is_up_to_date(path):
    assert path.read_text(encoding="utf-8") == build_datapackage.rendered()[path], (
        f"{path.name} is stale: run `python3 course.py datapackage`"
    )


def test_every_csv_is_in_the_package():
    listed = {r["path"] for r in RESOURCES}
    assert listed == {p.name for p in (ROOT / "datasets").glob("*.csv")}


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_resource_metadata_is_complete(resource):
    assert resource["title"] and resource["description"] and resource["sources"] and resource["licenses"]
    assert all(lic.get("name") and lic.get("title") for lic in resource["licenses"])
    assert resource["hash"].startswith("sha256:") and resource["bytes"] > 0
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{resource['name']}.{field['name']} has no description"
        if field["type"] in {"integer", "number"}:
            assert field.get("unit"), f"{resource['name']}.{field['name']} is numeric but has no unit"


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r["name"] != "article_claims"],
                         ids=lambda r: r["name"])
def test_external_and_derived_tables_state_their_provenance(resource):
    derived = resource.get("derived_from")
    commits = [s.get("commit") for s in resource["sources"]]
    assert derived or all(commits), f"{resource['name']}: sources need a commit, or the table a derived_from"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\$", "$")).strip()


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is outside the repository (../shared)")
def test_every_claim_quote_is_verbatim_in_the_article():
    import csv

    article = _normalise(ARTICLE.read_text(encoding="utf-8")).replace("indus- trial", "industrial").replace(
        "industri- al", "industrial")
    with (ROOT / "datasets" / "article_claims.csv").open(encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    missing = [c["claim_id"] for c in claims if _normalise(c["quote"]) not in article]
    assert not missing, f"quotes not found verbatim: {missing}"
    assert all(len(c["quote"].split()) <= 30 for c in claims)


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "half": 0.5, "first": 1, "a year": 1}


def _numbers_in(quote: str) -> set[float]:
    found = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", quote)}
    found |= {v for w, v in WORDS.items() if re.search(rf"\b{w}\b", quote, re.IGNORECASE)}
    scaled = {n * scale for n in found for scale in (1, 1e3, 1e6, 1e9)}
    return found | scaled


def test_every_claim_value_appears_in_its_own_quote():
    import pandas as pd

    claims = pd.read_csv(ROOT / "datasets" / "article_claims.csv", dtype={"value": float, "value_high": float})
    unmatched = []
    for claim in claims.itertuples():
        numbers = _numbers_in(claim.quote)
        for value in (claim.value, claim.value_high):
            if pd.notna(value) and not any(abs(value - n) <= 1e-9 * max(1, abs(n)) for n in numbers):
                unmatched.append((claim.claim_id, value, claim.quote))
    assert not unmatched, unmatched
