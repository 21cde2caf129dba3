"""Source lines for figures, built from the citations in ``datasets/datapackage.json`` (one home for them).

``line("coal_production_tonnes", claims=("C004",))`` gives "bp Statistical Review of World Energy 2021 (via Our
World in Data) (course dataset coal_production_tonnes); China Daily ... (course dataset article_claims, claim
C004)". A dataset from the article cites the article; another cites its ``citation`` field.
"""

from __future__ import annotations

import json
import re
from functools import cache

from helpers import data

__all__ = ["ARTICLE", "citation", "line"]

ARTICLE = "article_claims"
_MENTION = re.compile(r"mention (\w+) in the text")  # an instruction in a citation: name the source in the text


@cache
def _resources() -> dict[str, dict]:
    package = json.loads((data.datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in package["resources"]}


def citation(dataset: str) -> str:
    """How to cite ``dataset``: its first source's ``citation``, or the article's title for the article's data.

    A citation that asks to "mention X in the text" is written "X: ..." instead.
    """
    resources = _resources()
    if dataset not in resources:
        raise KeyError(f"no dataset {dataset!r} in datasets/datapackage.json")
    source = resources[dataset]["sources"][0]
    if "citation" not in source:  # the article: "China Daily supplement on Shanxi, about July 2021: '...'; ..."
        return source["title"].partition(":")[0]
    parts = source["citation"].split("; ")
    named = [m.group(1) for p in parts if (m := _MENTION.fullmatch(p))]
    text = "; ".join(p for p in parts if not _MENTION.fullmatch(p))
    return f"{named[0]}: {text}" if named else text


def line(*datasets: str, claims: tuple[str, ...] = (), note: str = "") -> str:
    """A figure's source line: each dataset's citation and name, the article's ``claims`` ids, then ``note``.

    Datasets with the same citation share one entry. ``claims`` (e.g. ``("C004",)``) adds the article's claims
    table if it is not among ``datasets``; ``note`` says what is derived or assumed.
    """
    names = list(datasets) + ([ARTICLE] if claims and ARTICLE not in datasets else [])
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(citation(name), []).append(name)
    entries = []
    for cited, group in grouped.items():
        label = f"course dataset{'s' if len(group) > 1 else ''} {', '.join(group)}"
        if claims and ARTICLE in group:
            label += f", claim{'s' if len(claims) > 1 else ''} {', '.join(claims)}"
        entries.append(f"{cited} ({label})")
    return "; ".join(entries + ([note] if note else []))
