"""Build docs/glossary.md (English / 汉字 / pinyin) from the datasets: ``python -m tools.build_glossary``.

* **Places** come from ``datasets/places.csv`` (汉字 and pinyin only where that file is certain), each with the
  article's claims that name it.
* **Concepts** (capacity and output, base effect, CAGR, poverty line, PPP, mean and median…) come from
  :data:`TERMS` too; each row says where the notebooks first use it, and each notebook gets a cell tagged
  ``concepts`` under its header that lists, in two languages, the concepts it uses first, linked to this glossary.
* **Programmes, institutions and terms** and **units** come from the small dictionary :data:`TERMS` below, which
  holds only translations that are certain. A term is listed only if the datasets use it, and each row says
  where (claim ids for the article, otherwise dataset names).

``tests/test_docs.py`` regenerates the glossary and compares it with the committed file, so the glossary cannot
drift from the data: after changing a dataset, run this tool again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tools._project import DATASETS, ROOT, run, teacher_notebooks

TARGET = ROOT / "docs" / "glossary.md"
CLAIM_TEXT = ["entity", "indicator", "unit", "period_note", "quote"]  # where a claim can use a term
MAX_IDS = 8  # claim ids listed per row before "and N more"


@dataclass(frozen=True)
class Term:
    """A term of the course with its certain Chinese form: ``pattern`` (a regex) finds it in the datasets."""

    kind: str  # "concept" (found in the notebooks), "programme" (programmes, institutions and terms) or "unit"
    english: str
    hanzi: str
    pinyin: str
    meaning: str
    pattern: str


TERMS = (
    Term("concept", "capacity / output", "产能 / 产量", "chǎnnéng / chǎnliàng",
         "what mines or plants could produce in a year / what they did produce", r"(?i)\bcapacity\b"),
    Term("concept", "percentage point", "百分点", "bǎifēndiǎn", "the difference of two percentages",
         r"(?i)percentage point"),
    Term("concept", "year-on-year", "同比", "tóngbǐ", "compared with the same period a year earlier",
         r"(?i)year-on-year"),
    Term("concept", "base effect", "基数效应", "jīshù xiàoyìng",
         "a growth rate is large or small partly because of the level it is measured from", r"(?i)base effect"),
    Term("concept", "compound annual growth rate (CAGR)", "年均复合增长率", "niánjūn fùhé zēngzhǎnglǜ",
         "the steady yearly rate that turns a first value into a last one", r"(?i)compound annual growth|\bCAGR\b"),
    Term("concept", "poverty line", "贫困线", "pínkùnxiàn",
         "the income or spending below which a person counts as poor", r"(?i)poverty line"),
    Term("concept", "poverty headcount ratio", "贫困发生率", "pínkùn fāshēnglǜ",
         "the share of people below a poverty line", r"(?i)headcount"),
    Term("concept", "purchasing power parity (PPP)", "购买力平价", "gòumǎilì píngjià",
         "an exchange rate that buys the same basket of goods in both countries", r"(?i)purchasing power parit"),
    Term("concept", "carbon (CO2) intensity", "碳排放强度", "tàn páifàng qiángdù", "CO2 emitted per unit of GDP",
         r"(?i)\bintensity\b"),
    Term("concept", "mean / median", "平均数 / 中位数", "píngjūnshù / zhōngwèishù",
         "the sum divided by the count / the middle value when sorted", r"(?i)\bmedian\b"),
    Term("concept", "output value / value added", "产值 / 增加值", "chǎnzhí / zēngjiāzhí",
         "everything sold / sales minus what was bought from other firms (what GDP counts)",
         r"(?i)\boutput value\b"),
    Term("concept", "nominal / real (at comparable prices)", "名义 / 实际 (可比价格)", "míngyì / shíjì (kěbǐ jiàgé)",
         "in each year's prices / with price changes removed", r"(?i)\bnominal\b"),
    Term("concept", "deflator", "平减指数", "píngjiǎn zhǐshù", "a price index that turns nominal values into real ones",
         r"(?i)\bdeflat"),
    Term("concept", "mu (land unit)", "亩", "mǔ", "a fifteenth of a hectare (about 667 m²), the unit farmers quote",
         r"(?i)\bper mu\b"),
    Term("concept", "counterfactual", "反事实", "fǎnshìshí", "what would have happened without the cause",
         r"(?i)counterfactual"),
    Term("programme", "13th Five-Year Plan", "十三五规划", "Shísānwǔ guīhuà",
         "China's national development plan for 2016-2020", r"13th Five-Year Plan"),
    Term("programme", "absolute poverty", "绝对贫困", "juéduì pínkùn",
         "in China's usage, living below the national (rural) poverty line", r"absolute poverty"),
    Term("programme", "poverty county (on the poverty list)", "贫困县", "pínkùnxiàn",
         "a county on the national list of poverty counties; 'removed from the poverty list' means delisted",
         r"poverty list"),
    Term("programme", "cooperative", "合作社", "hézuòshè", "a business owned and run by its members",
         r"cooperative"),
    Term("programme", "demonstration zone", "示范区", "shìfànqū", "an area designated to pilot new policies",
         r"Demonstration Zone"),
    Term("programme", "State-level", "国家级", "guójiājí", "rated or designated by the national government",
         r"State-level"),
    Term("programme", "Ministry of Science and Technology", "科学技术部", "Kēxué Jìshù Bù",
         "national ministry (short form 科技部)", r"Ministry of Science and Technology"),
    Term("programme", "Ministry of Industry and Information Technology", "工业和信息化部", "Gōngyè hé Xìnxīhuà Bù",
         "national ministry (short form 工信部)", r"Ministry of Industry and Information Technology"),
    Term("programme", "Communist Party of China", "中国共产党", "Zhōngguó Gòngchǎndǎng",
         "China's governing party", r"Communist Party of China"),
    Term("programme", "GDP (of a province or city)", "地区生产总值", "dìqū shēngchǎn zǒngzhí",
         "gross domestic product of a region, as provincial and city statistics call it", r"\bGDP\b"),
    Term("programme", "first quarter", "第一季度", "dì-yī jìdù", "January to March", r"first quarter"),
    Term("programme", "carbon dioxide (CO2)", "二氧化碳", "èryǎnghuàtàn", "the main greenhouse gas from burning coal",
         r"(?i)\bco2"),
    Term("unit", "yuan", "元", "yuán", "the unit of China's currency, the renminbi (人民币 rénmínbì)", r"\byuan\b"),
    Term("unit", "ten thousand (10^4)", "万", "wàn", "1 万 = 10,000; Chinese statistics count people in 万",
         r"10,000 persons"),
    Term("unit", "a hundred million (10^8)", "亿", "yì", "1 亿 = 100 million; 1 billion = 10 亿",
         r"100 million yuan"),
    Term("unit", "US dollar", "美元", "měiyuán", "the article converts some yuan amounts to US dollars", r"\bUSD\b"),
    Term("unit", "percent", "百分之", "bǎifēnzhī", "百分之五 = 5 %; a ratio", r"\bpercent\b"),
    Term("unit", "hectare", "公顷", "gōngqǐng", "10,000 square metres", r"hectare"),
    Term("unit", "tonne", "吨", "dūn", "1,000 kg; 'million tonnes' = 百万吨", r"tonne"),
    Term("unit", "kilometres per hour", "公里每小时", "gōnglǐ měi xiǎoshí", "speed", r"km/h"),
)


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", dtype=str, keep_default_na=False)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_IDS])
    return shown + (f" and {len(ids) - MAX_IDS} more" if len(ids) > MAX_IDS else "")


def claims_using(claims: pd.DataFrame, pattern: str) -> list[str]:
    """Ids of the claims whose text columns match ``pattern``."""
    text = claims[CLAIM_TEXT].agg(" ".join, axis=1)
    return list(claims.loc[text.str.contains(pattern, regex=True), "claim_id"])


def datasets_using(pattern: str) -> list[str]:
    """Names of the datasets other than article_claims whose CSV text matches ``pattern``."""
    return [p.stem for p in sorted(DATASETS.glob("*.csv"))
            if p.stem != "article_claims" and re.search(pattern, p.read_text(encoding="utf-8"))]


def where(claims: pd.DataFrame, pattern: str) -> str:
    """Where the datasets use a term: claim ids, then other datasets; empty if nowhere."""
    parts = []
    ids = claims_using(claims, pattern)
    if ids:
        parts.append(f"claims {_ids(ids)}")
    parts += [f"`{name}`" for name in datasets_using(pattern)]
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if text else "—"


def place_rows(places: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    rows = []
    for place in places.itertuples():
        ids = claims_using(claims, rf"(?<![\w']){re.escape(place.name_en)}(?![\w])")
        rows.append(f"| {place.name_en} | {_cell(place.name_zh)} | {_cell(place.pinyin)} | {place.level} | "
                    f"{_cell(place.parent_en)} | {_ids(ids) if ids else '—'} |")
    return rows


def term_rows(claims: pd.DataFrame, kind: str) -> list[str]:
    rows = []
    for term in (t for t in TERMS if t.kind == kind):
        found = where(claims, term.pattern)
        if found:
            rows.append(f"| {term.english} | {term.hanzi} | {term.pinyin} | {term.meaning} | {found} |")
    return rows


CONCEPTS_TAG = "concepts"  # the cell under a notebook's header that lists the concepts it uses first


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def first_use(term: Term, notebooks: list[Path]) -> tuple[Path, str] | None:
    """The notebook and ``##`` section whose Markdown first uses ``term`` (concept cells left out), or None."""
    for path in notebooks:
        section = "introduction"
        for cell in _cells(path):
            source = "".join(cell["source"])
            heading = next((line[3:].strip() for line in source.splitlines() if line.startswith("## ")), None)
            section = heading or section
            if (cell["cell_type"] == "markdown" and CONCEPTS_TAG not in cell["metadata"].get("tags", [])
                    and re.search(term.pattern, source)):
                return path, section
    return None


def concept_rows(notebooks: list[Path]) -> list[str]:
    rows = []
    for term in (t for t in TERMS if t.kind == "concept"):
        found = first_use(term, notebooks)
        if found:
            path, section = found
            rows.append(f"| {term.english} | {term.hanzi} | {term.pinyin} | {term.meaning} | "
                        f"[{path.stem[:2]}](../notebooks/{path.name}), {_cell(section)} |")
    return rows


def concepts_cell_text(path: Path, notebooks: list[Path]) -> str | None:
    """The Markdown of a notebook's concepts cell: the concepts it uses first, or None if there are none."""
    terms = [t for t in TERMS if t.kind == "concept" and (first_use(t, notebooks) or (None,))[0] == path]
    if not terms:
        return None
    listed = " · ".join(f"{t.english}: {t.hanzi} ({t.pinyin})" for t in terms)
    return (f"**Concepts in two languages** first met in this notebook (English: 汉字 (pinyin); meanings in the "
            f"[glossary](../docs/glossary.md#concepts)): {listed}.")


def with_concepts_cell(path: Path, notebooks: list[Path]) -> str:
    """The notebook's JSON text with its concepts cell (under the header) added, updated or removed."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if CONCEPTS_TAG not in c["metadata"].get("tags", [])]
    old = next((c for c in notebook["cells"] if CONCEPTS_TAG in c["metadata"].get("tags", [])), None)
    text = concepts_cell_text(path, notebooks)
    if text is not None:
        cell = old or {"cell_type": "markdown", "id": f"concepts{path.stem[:2]}", "metadata": {"tags": [CONCEPTS_TAG]}}
        cell["source"] = text.splitlines(True)
        cells.insert(1, cell)
    notebook["cells"] = cells
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def render() -> str:
    """The glossary as Markdown, built from the datasets and :data:`TERMS`."""
    claims, places = _read("article_claims"), _read("places")
    notebooks = teacher_notebooks()
    lines = [
        "# Glossary: concepts, places, programmes and units (English / 汉字 / pinyin)",
        "",
        "Generated from the datasets by `python -m tools.build_glossary`; do not edit by hand (a test compares).",
        "Places come from `datasets/places.csv`; terms and units from a small dictionary of certain translations in",
        "the tool, listed only where the datasets use them. — means not known with certainty or not applicable",
        "(see the caveats of `places` in `datasets/README.md`).",
        "",
        "## Concepts",
        "",
        "The ideas the course teaches, with the notebook and section that first use each. Each notebook lists the",
        "concepts it introduces in a cell under its header.",
        "",
        "| English | 汉字 | pinyin | meaning | first used in |",
        "| --- | --- | --- | --- | --- |",
        *concept_rows(notebooks),
        "",
        "## Places",
        "",
        "| English | 汉字 | pinyin | level | part of | claims naming it |",
        "| --- | --- | --- | --- | --- | --- |",
        *place_rows(places, claims),
        "",
        "## Programmes, institutions and terms",
        "",
        "| English | 汉字 | pinyin | meaning | used in |",
        "| --- | --- | --- | --- | --- |",
        *term_rows(claims, "programme"),
        "",
        "## Units",
        "",
        "| English | 汉字 | pinyin | meaning | used in |",
        "| --- | --- | --- | --- | --- |",
        *term_rows(claims, "unit"),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    notebooks = teacher_notebooks()
    for path in notebooks:
        text = with_concepts_cell(path, notebooks)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated the concepts cell of {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    run(main)
