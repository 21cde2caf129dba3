"""What a learner reads must be right (issue 21): Markdown and stored outputs of every notebook, and the docs.

* dollar amounts never start LaTeX maths (escaped in Markdown; pandas HTML marked to be skipped by MathJax);
* no scientific notation in stored outputs for values a learner reads as ordinary numbers (1e-3 to 1e15);
* every quoted span in the notebooks' Markdown is the article's own words (``article_claims`` quotes) or is
  listed below with the reason it is not a quotation of the article;
* every relative link and every file path named in Markdown exists;
* no authoring notes ("needs checking", "not read", "unresolved") in learner text;
* prose found wrong once (issue 21, item 10) cannot come back: each sentence is checked against the data.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from helpers import data, poverty

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUDENT = sorted((ROOT / "notebooks" / "student").glob("[0-9][0-9]_*.ipynb"))
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "notebooks" / "README.md",
        *sorted((ROOT / "docs").glob("*.md"))]


def cells(path: Path, kind: str) -> list[dict]:
    return [cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == kind]


def markdown(path: Path) -> list[str]:
    """The Markdown of a notebook (one string per cell) or of a Markdown file (one string)."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return ["".join(cell["source"]) for cell in cells(path, "markdown")]


def prose(text: str) -> str:
    """Markdown without fenced code blocks and code spans, where `$` and quotes are literal."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)  # block quotes (Think! boxes)
    return re.sub(r"`[^`\n]*`", " ", text)


def output_texts(path: Path) -> list[tuple[str, str]]:
    """(mime type, text) of every stored output of a notebook's code cells."""
    found = []
    for cell in cells(path, "code"):
        for output in cell.get("outputs", []):
            if "text" in output:
                found.append(("stream", "".join(output["text"])))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    found.append((mime, "".join(value) if isinstance(value, list) else value))
    return found


ALL_MARKDOWN = [*NOTEBOOKS, *STUDENT, *DOCS]


# Item 1: dollar amounts are not maths ------------------------------------------------------------------

CURRENCY = re.compile(r"(?<!\\)\$\d[\d,]*(?:\.\d+)?(?=\s*(?:billion|million|a day)|/day|[),.;:]|\s+[A-Za-z(]|$)",
                      re.MULTILINE)


@pytest.mark.parametrize("path", ALL_MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_dollar_amounts_in_markdown_are_escaped(path: Path) -> None:
    """A `$` before an amount must be written `\\$`, or JupyterLab (and GitHub) typeset the text up to the next
    `$` as maths: "$4,630 ... $1.39 billion" became italic "4,630implies...". `$1 + g$`-style maths is kept."""
    bad = [match.group() for text in markdown(path) for match in CURRENCY.finditer(prose(text))]
    assert not bad, f"{path.name}: write these as \\$: {bad}"


def test_the_currency_pattern_tells_money_from_maths() -> None:
    samples = "$4,630 and $1.39 billion; $310,000. ($3.00/day) $8.30 a day \\$2.15 $1 + g$ $(1+o)$ $T/5$ $g = 0$"
    assert [m.group() for m in CURRENCY.finditer(samples)] == ["$4,630", "$1.39", "$310,000", "$3.00", "$8.30"]


@pytest.mark.parametrize("path", [*NOTEBOOKS, *STUDENT], ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_html_with_dollars_is_skipped_by_mathjax(path: Path) -> None:
    """pandas marks its HTML `tex2jax_ignore` when `display.html.use_mathjax` is off (helpers/display.py)."""
    bad = [html[:120] for mime, html in output_texts(path)
           if mime == "text/html" and "$" in html and "tex2jax_ignore" not in html and "mathjax_ignore" not in html]
    assert not bad, f"{path.name}: HTML output with `$` that MathJax would typeset: {bad}"


# Item 5: no e-notation for ordinary numbers -----------------------------------------------------------

E_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")


@pytest.mark.parametrize("path", [*NOTEBOOKS, *STUDENT], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_scientific_notation_for_ordinary_numbers(path: Path) -> None:
    bad = [number for _, text in output_texts(path) for number in E_NUMBER.findall(text)
           if 1e-3 <= abs(float(number)) < 1e15]
    assert not bad, f"{path.name}: numbers shown in e-notation: {sorted(set(bad))[:10]}"


def test_the_display_format() -> None:
    """helpers/display.py: separators from 10,000 up, whole numbers (years) without decimals, no e-notation."""
    from helpers.display import format_number
    assert [format_number(v) for v in (30000.0, 2020.0, 107e9, 6.4794816, 0.0, 21.0, -12345.5, 1e-5)] == \
        ["30,000", "2020", "107,000,000,000", "6.47948", "0.0", "21.0", "-12,345.5", "1.00000e-5"]
    assert all("e" not in format_number(10.0**k * 1.2345) for k in range(-3, 15))


# Item 10: quotation marks hold the article's own words ---------------------------------------------------

NOT_ARTICLE_QUOTES = {  # quoted spans with a number or of four words or more that are not the article's, and why
    "0.0 %": "a value as the table shows it",
    "3.2 % higher": "a wrong reading the text warns against",
    "five times more": "a common misreading named in the teacher note",
    "unless specifically stated otherwise": "FAO's terms of use, quoted as such",
    "fao (faostat), via our world in data": "the attribution Our World in Data asks for",
    "geometric series for elementary economics": "the title of a QuantEcon lecture",
    "every total fits some first year": "a saying the Think! prompt examines",
    "cooperative families earn x yuan on average": "a made-up headline for an exercise",
    "50 % less time": "the other reading of the efficiency claim (exercise 4.2)",
    "50 % more per hour": "a reading of the efficiency claim (teacher's guide)",
    "a percent where a fraction was asked for": "the self-check's own feedback (helpers/checks.py)",
}
ARTICLE_WORDS_NOT_IN_THE_DATASETS = {  # the article's words, checked against its text, that no dataset row holds
    "lifted out of poverty": "section 2 (a resident 'was lifted out of poverty several years ago')",
    "one of the least-developed cities in shanxi": "section 2, first sentence",
    "can lead to a 20 percent increase in output": "section 2, Jing Liyi ('The use of new technologies can ...')",
    "new sales models like e-commerce": "section 2, Jing Liyi on the upgrades of orchards in Baichi",
    "such as spray irrigation and seedling cultivation": "section 2, the same sentence",
    "renowned throughout the country": "section 2, Yuncheng's apples",
    "according to the city government": "section 2, Yuncheng's spending on livelihoods",
    "as a result, the fire was extinguished": "section 1, the flaming hill (notebook 04's causal claims)",
    "thanks to the targeted poverty-alleviation measures implemented by the local authorities":
        "section 2, second paragraph of the Xinzhou story (a causal claim)",
    "the city has achieved an all-around victory in this mission": "section 2, the same sentence",
}
NUMBER_WORDS_IN_QUOTES = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|"
                                    r"million|billion|times|percent|half|double)\b")


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ").replace("*", "")
    return re.sub(r"\s+", " ", text).strip(" ,.;:?!").casefold()


@cache
def article_words() -> str:
    """Every text the course keeps from the article: claims (quotes, sections, notes) and the places glossary."""
    texts = []
    for name in ("article_claims", "places"):
        table = data.load(name)
        texts += [str(value) for column in table.select_dtypes(exclude="number").columns
                  for value in table[column].dropna()]
    return " | ".join(_normal(text) for text in texts)


def quoted_spans(text: str) -> list[str]:
    """Double-quoted spans of the prose (quotes may run over a line break) that hold a number or 4+ words.

    Shorter spans without a number are terms and scare quotes ("flaming hill", "exponential"), not quotations.
    """
    text = re.sub(r"<[^>]+>", " ", prose(text))
    spans = [_normal(span) for pair in re.findall(r'"([^"]+)"|“([^”]+)”', text) for span in pair if span]
    return [span for span in spans if NUMBER_WORDS_IN_QUOTES.search(span) or len(span.split()) >= 4]


def is_the_articles(span: str, words: str, known: frozenset[str] = frozenset()) -> bool:
    """A span is the article's if it, or each of its sentences or comma-separated parts (two claims), is in
    ``words`` (the datasets' article text) or in ``known`` (checked against the article by hand)."""
    parts = [span, *map(_normal, re.split(r"(?<=[\w)])[.,] ", span))]
    return parts[0] in words or all(part in words or part in known for part in parts[1:])


@pytest.mark.parametrize("path", [*NOTEBOOKS, *DOCS], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quoted_span_is_the_articles_words(path: Path) -> None:
    from helpers import factcheck
    words = article_words()
    allowed = (set(NOT_ARTICLE_QUOTES) | set(ARTICLE_WORDS_NOT_IN_THE_DATASETS)
               | {_normal(verdict) for verdict in factcheck.VERDICTS})
    spans = {span for text in markdown(path) for span in quoted_spans(text)}
    known = frozenset(ARTICLE_WORDS_NOT_IN_THE_DATASETS)
    bad = sorted(span for span in spans if not is_the_articles(span, words, known) and span not in allowed)
    assert not bad, (f"{path.name}: quoted but not the article's words (quote exactly, or drop the quotation "
                     f"marks): {bad}")


def test_the_quote_check_catches_a_paraphrase() -> None:
    spans = quoted_spans('It "phased out 157 million tonnes of capacity", "five times corn" and a "flaming hill".')
    assert spans == ["phased out 157 million tonnes of capacity", "five times corn"]
    assert not any(is_the_articles(span, article_words()) for span in spans)


# Item 10: sentences that disagree with the data cannot come back --------------------------------------

def notebook_text(prefix: str) -> str:
    path = next(p for p in NOTEBOOKS if p.name.startswith(prefix))
    return re.sub(r"\s+", " ", " ".join(markdown(path)))


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five"]


def test_lines_reading_zero_match_the_data() -> None:
    """02 §2: "In that year two lines read zero and two do not" (it once said "one does not")."""
    claims = data.load("article_claims")
    china = poverty.headcount_table(data.load("poverty_headcount"), "China")
    year = poverty.plan_period(claims)[1]
    zero = int((china.loc[year] == 0).sum())
    sentence = f"{NUMBER_WORDS[zero]} lines read zero and {NUMBER_WORDS[len(china.columns) - zero]} do not"
    assert sentence in notebook_text("02")


def test_dollar_rounding_is_described_with_the_right_significant_figures() -> None:
    """00 §3 once said every dollar figure was rounded to three significant figures; $310,000 has two."""
    claims = data.load("article_claims")
    usd = claims.loc[claims["unit"] == "USD", "value"].astype(float)
    figures = {value: len(str(int(value)).rstrip("0")) for value in usd}
    text = notebook_text("00")
    three = sum(n == 3 for n in figures.values())
    assert f"{NUMBER_WORDS[three].capitalize()} have three significant figures" in text
    for value, n in figures.items():
        if n != 3:
            assert f"\\${value:,.0f} has only {NUMBER_WORDS[n]}" in text


@pytest.mark.parametrize(("prefix", "wrong", "why"), [
    ("02", "a figure about all 34 families", "the article says the *other* members"),
    ("03", "The article itself says what else the campaign paid for", "it describes the orchard upgrades"),
    ("04", "each time with the same two figures", "section 3 names the zone differently: one zone is assumed"),
    ("04", "outbreak began", "Q1 2020 is the quarter the outbreak hit, not the one it began in"),
    ("04", "statement about one orchard", "Jing Liyi's statements are general"),
])
def test_corrected_prose_stays_corrected(prefix: str, wrong: str, why: str) -> None:
    assert wrong not in notebook_text(prefix), why


def test_majority_words_agree_with_the_verdict_table() -> None:
    """04 once said "most" where the verdict table gives 6 of 20 and 30 of 65."""
    from helpers import factcheck
    claims = data.load("article_claims")
    sources = factcheck.load_sources()
    verdicts = factcheck.verdict_table(claims, sources, factcheck.default_tolerance(claims))
    text = notebook_text("04").casefold()
    smart = verdicts[verdicts["theme"] == "smart_industry"]
    if re.search(r"most smart-industry claims[^.]*not checkable", text):
        assert (smart["verdict"] == factcheck.NOT_CHECKABLE).mean() > 0.5
    if "most of the article's figures can only be checked against each other" in text:
        assert (verdicts["verdict"] == "internally consistent").mean() > 0.5


def test_one_rule_for_a_larger_areas_data() -> None:
    """04: C022 was "consistent" on national data while C023 was ruled out because "a figure for a larger area
    cannot check it". No verdict may say a larger area cannot check a claim about a place that another verdict
    checks against the same dataset."""
    from helpers import factcheck
    from helpers.factcheck import verdicts
    claims = data.load("article_claims")
    rows = factcheck.all_checks(claims, factcheck.load_sources(), factcheck.default_tolerance(claims))
    rows = rows.merge(claims[["claim_id", "entity"]], on="claim_id")
    checked = rows.loc[rows["verdict"].isin([verdicts.CONSISTENT, verdicts.DIFFERS]), ["entity", "dataset"]]
    for entity, dataset in checked.itertuples(index=False):
        same = rows[(rows["entity"] == entity) & (rows["dataset"] == dataset)]
        assert not same["note"].str.contains("cannot check it").any(), (entity, dataset)
    assert "One rule for a city's claim and national data" in notebook_text("04")


@pytest.mark.parametrize("prefix", ["03", "04"])
def test_previous_level_from_growth_is_called_approximate(prefix: str) -> None:
    """Official growth is at comparable prices, levels are nominal: level ÷ (1 + growth) is approximate."""
    assert "comparable prices" in notebook_text(prefix)


def test_growth_gap_row_says_all_industry() -> None:
    from helpers.factcheck.checks import check_growth_gap  # the package namespace holds only what 04 uses
    row = check_growth_gap(data.load("article_claims"), "C007", "C009", "C008")
    assert not any("for the rest" in str(text) for text in row["result"])


# Item 11: no dead references ------------------------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")
PATH = re.compile(r"`([\w./-]+\.(?:md|py|csv|json|ipynb|cfg|toml|txt|yml|yaml|otf|cff))`")


def references(path: Path) -> list[tuple[str, list[Path]]]:
    """Each link target or file path named in ``path`` with the places it may resolve to."""
    found = []
    for text in markdown(path):
        for target in LINK.findall(text):
            if not re.match(r"[a-z]+:|#", target):
                found.append((target, [path.parent / target.split("#")[0]]))
        for named in PATH.findall(text):
            if re.search(r"NN|nbNN", named):  # a pattern such as notebooks/NN_topic.ipynb, not a file
                continue
            found.append((named, [ROOT / named, path.parent / named, ROOT / "datasets" / named]))
    return found


@pytest.mark.parametrize("path", [*NOTEBOOKS, *DOCS], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_and_named_file_exists(path: Path) -> None:
    dead = [target for target, places in references(path) if not any(place.exists() for place in places)]
    assert not dead, f"{path.relative_to(ROOT)} names files that do not exist: {dead}"


def test_the_reference_checker_finds_a_dead_link(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("See [the guide](missing.md), `docs/editions.md` and [ok](page.md).", encoding="utf-8")
    assert [t for t, places in references(page) if not any(p.exists() for p in places)] == \
        ["missing.md", "docs/editions.md"]


# Item 13: no authoring notes in learner text ------------------------------------------------------------

AUTHORING = re.compile(r"needs checking|not read|unresolved|to be checked|\bTODO\b|FIXME|\bXXX\b", re.IGNORECASE)


@pytest.mark.parametrize("path", [*NOTEBOOKS, *STUDENT], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_authoring_notes_in_learner_text(path: Path) -> None:
    notes = [match.group() for text in markdown(path) for match in AUTHORING.finditer(text)]
    assert not notes, f"{path.name}: state what is known and its caveat instead of: {notes}"
