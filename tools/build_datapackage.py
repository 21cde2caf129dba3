"""Assemble datasets/datapackage.json and the data dictionary datasets/README.md from datasets/meta/*.json.

Authors edit ``datasets/meta/<name>.json`` (title, description, sources, licences, caveats, schema); this
tool adds what a machine should compute (path, format, encoding, bytes, row count, sha256 hash).
A test rebuilds both files in memory and fails when the committed ones are stale.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from tools._project import DATASETS, ROOT, run

PACKAGE = {
    "profile": "data-package",
    "name": "shanxi-in-transition",
    "title": "Shanxi in Transition: course datasets",
    "description": (
        "Tidy datasets for the Shanxi in Transition teaching notebooks: every quantitative claim of the source "
        "article (China Daily supplement on Shanxi, July 2021) with its quote, tables derived from them, and "
        "openly available context series (OWID, World Bank WDI, FAOSTAT, CEADs, China statistical yearbooks "
        "via GCAM-China and PyPSA-China-PIK, a compiled list of the 832 poverty counties) and maps (Apache ECharts "
        "4.9.0). Each resource states its own sources, licence terms and caveats."
    ),
    "homepage": "https://github.com/shanxi-in-transition/shanxi-in-transition",
    "version": "0.1.0",
    "licenses": [
        {
            "name": "other-mixed",
            "title": "Mixed: each resource states its own licence; see the resource's 'licenses' and 'sources'",
        }
    ],
}


def resource(meta_path: Path) -> dict:
    """A complete Frictionless resource for one ``meta/<name>.json`` and its CSV."""
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    csv_path = DATASETS / f"{meta['name']}.csv"
    content = csv_path.read_bytes()
    rows = sum(1 for _ in csv.reader(io.StringIO(content.decode("utf-8")))) - 1
    machine = {
        "path": csv_path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "rows": rows,
    }
    order = ["name", "title", "description"]
    out = {k: meta[k] for k in order}
    out.update(machine)
    out.update({k: v for k, v in meta.items() if k not in out})
    return out


def build_package() -> dict:
    """The whole data package: package metadata plus one resource per meta file, sorted by name."""
    resources = [resource(p) for p in sorted((DATASETS / "meta").glob("*.json"))]
    return {**PACKAGE, "resources": resources}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def dictionary(package: dict) -> str:
    """The human data dictionary (Markdown) for ``package``, in the TidyTuesday style."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `datapackage.json` by `python3 course.py datapackage`; do not edit by hand.",
        "Load any table in a notebook with `helpers.data.load(\"<name>\")`.",
        "",
        "| dataset | rows | title |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| [`{r['name']}`](#{r['name']}) | {r['rows']} | {_cell(r['title'])} |" for r in package["resources"]]
    for r in package["resources"]:
        lines += ["", f"## {r['name']}", "", f"**{r['title']}** (`{r['path']}`, {r['rows']} rows)", "",
                  r["description"], ""]
        for source in r.get("sources", []):
            where = source.get("path", "")
            commit = f", commit `{source['commit']}`" if source.get("commit") else ""
            lines.append(f"- Source: {source['title']}{f' <{where}>' if where.startswith('http') else ''}{commit}")
        for lic in r.get("licenses", []):
            lines.append(f"- Licence: {lic.get('title', lic['name'])}")
        for caveat in r.get("caveats", []):
            lines.append(f"- Caveat: {caveat}")
        lines += ["", "| field | type | unit | description |", "| --- | --- | --- | --- |"]
        lines += [
            f"| `{f['name']}` | {f['type']} | {_cell(f.get('unit', ''))} | {_cell(f['description'])} |"
            for f in r["schema"]["fields"]
        ]
    return "\n".join(lines) + "\n"


def rendered() -> dict[Path, str]:
    """File path → the exact text this tool writes there."""
    package = build_package()
    return {
        DATASETS / "datapackage.json": json.dumps(package, indent=2, ensure_ascii=False) + "\n",
        DATASETS / "README.md": dictionary(package),
    }


def main(argv: list[str]) -> int:
    for path, text in rendered().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    run(main)
