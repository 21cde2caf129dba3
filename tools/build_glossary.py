"""Build docs/glossary.md (English / 汉字 / pinyin) from the datasets: ``python -m tools.build_glossary``.

* **Places** come from ``datasets/places.csv`` (汉字 and pinyin only where that file is certain), each with the
  article's claims that name it.
* **Programmes, institutions and terms** and **units** come from the small dictionary :data:`TERMS` below, which
  holds only translations that are certain. A term is listed only if the datasets use it, and each row says
  where (claim ids for the article, otherwise dataset names).

``tests/test_docs.py`` regenerates the glossary and compares it with the committed file, so the glossary cannot
drift from the data: after changing a dataset, run this tool again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from tools._project import DATASETS, ROOT, run

TARGET = ROOT / "docs" / "glossary.md"
CLAIM_TEXT = ["entity", "indicator", "unit", "period_note", "quote"]  # where a claim can use a term
MAX_IDS = 8  # claim ids listed per row before "and N more"


@dataclass(frozen=True)
class Term:
    """A term of the course with its certain Chinese form: ``pattern`` (a regex) finds it in the datasets."""

    kind: str  # "programme" (programmes, institutions and terms) or "unit"
    english: str
    hanzi: str
    pinyin: str
    meaning: str
    pattern: str


TERMS = (
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
    Term("programme", "year-on-year", "同比", "tóngbǐ",
         "compared with the same period a year earlier", r"year-on-year"),
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
    Term("unit", "percentage point", "百分点", "bǎifēndiǎn", "the difference of two percentages",
         r"percentage point"),
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


def render() -> str:
    """The glossary as Markdown, built from the datasets and :data:`TERMS`."""
    claims, places = _read("article_claims"), _read("places")
    lines = [
        "# Glossary: places, programmes and units (English / 汉字 / pinyin)",
        "",
        "Generated from the datasets by `python -m tools.build_glossary`; do not edit by hand (a test compares).",
        "Places come from `datasets/places.csv`; terms and units from a small dictionary of certain translations in",
        "the tool, listed only where the datasets use them. — means not known with certainty or not applicable",
        "(see the caveats of `places` in `datasets/README.md`).",
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
    return 0


if __name__ == "__main__":
    run(main)
