"""The course website and its printed handouts (``python3 course.py site``, tools/site.py).

The whole website is built once, in process (pytest-socket is on: the build may not touch the network), from
the committed notebooks into a temporary folder. Its HTML and CSS are read as files (pages, figures and alt text,
links, no resources from other hosts, the 汉字 font, ``$`` amounts) and the pages are opened in Debian's
Chromium (nothing requested from another host, nothing missing, images and the font loaded, maths typeset).
To keep CI short, the handouts of a representative subset are printed to PDF: lesson 00 (explorer, exercises,
汉字) as worksheet and answer key in A4 and Letter, and lesson 03's answer key (maths) in A4. The command
prints every handout.
"""

from __future__ import annotations

import html.parser
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from fontTools.ttLib import TTFont

from helpers.plots import CJK_FONT_FILE
from tools import site, site_pages, site_print
from tools.browser import CHROMIUM
from tools.browser import chromium as launched_chromium
from tools.student_edition import student_cell, teacher_notebooks

# MyST-Parser 5.2 uses an attribute that Sphinx 9 deprecates for Sphinx 11: a notice to MyST's authors, not to us.
pytestmark = pytest.mark.filterwarnings("ignore:.*MystReferenceResolver.app' is deprecated")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = teacher_notebooks()
REPOSITORY = "example-org/shanxi-in-transition"  # a test value: the Binder link is built from it
PRINTED = [("00_start_here", "worksheet", "A4"), ("00_start_here", "worksheet", "Letter"),
           ("00_start_here", "answers", "A4"), ("00_start_here", "answers", "Letter"),
           ("03_agricultural_modernization", "answers", "A4")]
PAPER_POINTS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}  # ISO 216 (210 x 297 mm), US Letter
PAPER_TOLERANCE = 1.5  # points: Chromium rounds the A4 page to whole device pixels
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")
# Elements whose URL the page loads by itself (a link to cite a source, <a href>, is not loaded).
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("input", "src")}


class Page(html.parser.HTMLParser):
    """What the tests read from one HTML page: tags with attributes, ids, text, and maths spans."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self.maths: list[str] = []
        self._in_math = 0
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "span" and "math" in attributes.get("class", "").split():
            self._in_math = 1
            self.maths.append("")
        elif self._in_math:
            self._in_math += 1

    def handle_endtag(self, tag: str) -> None:
        if self._in_math:
            self._in_math -= 1

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._in_math:
            self.maths[-1] += data

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def images(self) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == "img"]


def stored_alt_texts(notebook: Path) -> list[str]:
    """The alt text of every figure stored in ``notebook`` (what helpers.plots.show wrote), in order."""
    nb = nbformat.read(notebook, as_version=4)
    return [output["metadata"]["image/png"]["alt"] for cell in nb.cells for output in cell.get("outputs", [])
            if "image/png" in output.get("data", {})]


def exercise_headings(notebook: Path) -> list[str]:
    """The exercise headings of ``notebook`` without their stars, e.g. ``Exercise 0.1``."""
    nb = nbformat.read(notebook, as_version=4)
    return [re.match(r"#+ (Exercise [\d.]+)", cell.source).group(1) for cell in nb.cells
            if "exercise" in cell.metadata.get("tags", [])]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The website of every lesson, and the PDFs of ``PRINTED``, built offline into a temporary folder."""
    out = tmp_path_factory.mktemp("site") / "site"
    site.build(out, NOTEBOOKS, REPOSITORY, pdf=False)
    if CHROMIUM.exists():
        site_print.print_pdfs(out, [site.handout_job(out, *handout) for handout in PRINTED])
    return out


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[Path, Page]:
    return {path: Page(path) for path in sorted(built.rglob("*.html")) if "_static" not in path.parts}


@pytest.fixture(scope="module")
def require_chromium() -> None:
    """Skip without Chromium, unless SHANXI_REQUIRE_BROWSER=1 (CI): then fail, as in tests/test_browser.py."""
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (`sudo apt-get install chromium`)."
    if os.environ.get("SHANXI_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


# --- the pages, read as files ---------------------------------------------------------------------------------------


def test_every_lesson_has_a_page_with_each_stored_figure_and_its_alt_text(built, pages):
    for notebook in NOTEBOOKS:
        page = pages[built / "notebooks" / f"{notebook.stem}.html"]
        images = page.images()
        assert [image.get("alt") for image in images] == stored_alt_texts(notebook), notebook.name
        for image in images:
            assert image["alt"].strip(), f"{notebook.name}: an image without alt text"
            assert (page.path.parent / unquote(image["src"])).is_file(), f"{notebook.name}: {image['src']} missing"


def test_explorers_show_a_note_on_running_them_live_and_no_widget(built, pages):
    for notebook in NOTEBOOKS:
        nb = nbformat.read(notebook, as_version=4)
        explorers = sum(1 for cell in nb.cells if any(site_pages.WIDGET_VIEW in output.get("data", {})
                                                      for output in cell.get("outputs", [])))
        text = pages[built / "notebooks" / f"{notebook.stem}.html"].text
        assert explorers and text.count("What-if explorer.") == explorers, notebook.name
        assert "python3 course.py start" in text and "NBVAL_IGNORE_OUTPUT" not in text
    assert "python3 course.py app exchange-rate" in pages[built / "notebooks" / "00_start_here.html"].text


def test_the_home_page_says_what_the_course_is_the_two_commands_and_links_binder(built, pages):
    home = pages[built / "index.html"]
    assert "data literacy" in home.text and "For whom." in home.text
    assert "python3 course.py start" in home.text and "python3 course.py test" in home.text
    links = [attrs["href"] for tag, attrs in home.tags if tag == "a" and "href" in attrs]
    binder = f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb"
    assert binder in links
    for name in ("course", "student-edition", "handouts", "teachers-guide", "glossary", "data-dictionary",
                 "performance", *(f"notebooks/{n.stem}" for n in NOTEBOOKS)):
        assert f"{name}.html" in links, f"the home page does not link {name}"


def test_documents_are_rendered_from_their_sources(built, pages):
    for page, source in site_pages.DOCUMENTS.items():
        first_heading = re.search(r"^#+ (.+)$", (ROOT / source).read_text(encoding="utf-8"), re.MULTILINE).group(1)
        words = re.sub(r"[`*]", "", first_heading)
        shown = pages[built / f"{page}.html"].text.replace("\u2019", "'")  # Sphinx's typographic apostrophe
        assert words in shown, f"{page}.html does not show {source}"


def test_the_student_edition_is_offered_as_downloads_identical_to_the_repository(built, pages):
    links = [attrs["href"] for tag, attrs in pages[built / "student-edition.html"].tags if tag == "a"]
    for notebook in NOTEBOOKS:
        href = next(link for link in links if link.endswith(f"/{notebook.name}"))
        served = built / unquote(href)
        assert served.read_bytes() == (ROOT / "notebooks" / "student" / notebook.name).read_bytes()


def test_worksheets_have_the_exercises_with_space_to_write_and_no_answers(built, pages):
    for notebook in NOTEBOOKS:
        nb = nbformat.read(notebook, as_version=4)
        page = pages[built / "handouts" / f"{notebook.stem}-worksheet.html"]
        boxes = [attrs for tag, attrs in page.tags if "answer-space" in attrs.get("class", "").split()]
        headings = exercise_headings(notebook)
        assert headings and all(heading in page.text for heading in headings), notebook.name
        assert len(boxes) == sum("solution" in cell.metadata.get("tags", []) for cell in nb.cells)
        assert "Teacher note" not in page.text and "checks.check(" not in page.text
        for cell in nb.cells:
            if "solution" in cell.metadata.get("tags", []):
                stub = set(student_cell(cell).source.splitlines())  # a stub, or a code task's scaffold
                working = [line for line in cell.source.splitlines() if line not in stub and len(line.strip()) > 15
                           and not line.startswith(("import ", "from "))]  # an import reveals no answer
                assert working, f"{notebook.name}: a solution with no working to hide"
                shown = [line for line in working if line in page.text]
                assert not shown, f"{notebook.name}: the worksheet shows solution lines {shown}"
        assert len(page.images()) >= 1, f"{notebook.name}: the worksheet has no figures"


def test_no_page_loads_anything_from_another_host(built, pages):
    def remote(url: str) -> bool:
        parts = urlsplit(url.strip())
        return bool(parts.netloc) and parts.hostname not in site_print.LOCAL_HOSTS

    found = defaultdict(list)
    for path, page in pages.items():
        for tag, attrs in page.tags:
            for element, attribute in LOADED:
                if tag == element and remote(attrs.get(attribute, "")):
                    found[path.name].append(attrs[attribute])
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs.get("style", "")):
                if remote(url):
                    found[path.name].append(url)
        text = path.read_text(encoding="utf-8")
        found[path.name] += [m for m in re.findall(r"@import\s+['\"]?(\S+?)['\"]?[;\s]", text) if remote(m)]
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        found[css.name] += [url for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if remote(url)]
        found[css.name] += [url for url in re.findall(r"@import\s+['\"]([^'\"]+)", text) if remote(url)]
    assert not {name: urls for name, urls in found.items() if urls}


def test_every_internal_link_resolves(built, pages):
    # This test prints only the handouts in PRINTED (the command prints them all): links to the others are expected
    # to have no file here, and only those.
    not_printed = {f"handouts/pdf/{site_pages.pdf_name(f'{n.stem}-{kind}', paper)}" for n in NOTEBOOKS
                   for kind in site.HANDOUTS for paper in site_pages.PAPER_SIZES} - {
        f"handouts/pdf/{site_pages.pdf_name(f'{stem}-{kind}', paper)}" for stem, kind, paper in PRINTED}
    broken = []
    for path, page in pages.items():
        for tag, attrs in page.tags:
            href = attrs.get("href", "") if tag == "a" else ""
            parts = urlsplit(href)
            if not href or parts.scheme or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() and target.relative_to(built).as_posix() not in not_printed:
                broken.append(f"{path.relative_to(built)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(built)} -> {href} (no such anchor)")
    assert not broken


def test_dollar_amounts_are_text_and_formulas_are_maths(built, pages):
    amounts = {"00_start_here": "$4,630", "02_poverty_alleviation": "$3.00/day"}
    for stem, amount in amounts.items():
        page = pages[built / "notebooks" / f"{stem}.html"]
        assert amount in page.text
        assert not page.maths, f"{stem}: {page.maths[:3]} typeset as maths"
    maths = pages[built / "notebooks" / "03_agricultural_modernization.html"].maths
    assert any("(1 + o)(1 + p)" in formula for formula in maths)
    prose_as_maths = [m for page in pages.values() for m in page.maths if re.search(r"[A-Za-z]{3,} [A-Za-z]{3,}", m)]
    assert not prose_as_maths, "text between two $ amounts was typeset as maths"


def test_the_bundled_font_is_served_and_covers_every_chinese_character(built, pages):
    served = built / "_static" / "fonts" / CJK_FONT_FILE.name
    assert served.read_bytes() == CJK_FONT_FILE.read_bytes()
    css = (built / "_static" / "course.css").read_text(encoding="utf-8")
    assert re.search(rf"@font-face\s*{{[^}}]*url\(\"fonts/{re.escape(CJK_FONT_FILE.name)}\"\)", css)
    cmap = TTFont(CJK_FONT_FILE).getBestCmap()
    used = {char for page in pages.values() for char in CJK.findall(page.text)}
    assert "山" in used and "西" in used
    assert not sorted(char for char in used if ord(char) not in cmap)


# --- the pages in Chromium -------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_every_page_loads_offline_with_its_images_font_and_maths(built, pages, require_chromium):
    problems: list[str] = []
    with site_print.serve(built) as base, launched_chromium() as chromium:
        for path in pages:
            blocked: list[str] = []
            failed: list[str] = []
            relative = path.relative_to(built).as_posix()
            page = site_print.open_page(chromium, base + relative, blocked, failed)
            broken = page.evaluate("[...document.images].filter(i => !i.complete || !i.naturalWidth || !i.alt.trim())"
                                   ".map(i => i.src)")
            problems += [f"{relative}: requested {url}" for url in blocked]
            problems += [f"{relative}: failed {url}" for url in failed]
            problems += [f"{relative}: image not shown or without alt {src}" for src in broken]
            if CJK.search(pages[path].text):  # the page's own 汉字 made Chromium fetch and use the course's font
                loaded = page.evaluate("[...document.fonts].some(f => f.family.replace(/\"/g, '') === "
                                       "'Noto Sans SC Course Subset' && f.status === 'loaded')")
                if not loaded:
                    problems.append(f"{relative}: the 汉字 font did not load")
            if "MathJax" in page.content() and "File failed to load" in page.inner_text("body"):
                problems.append(f"{relative}: MathJax could not load a file")
            page.close()
    assert not problems


# --- the printed handouts ------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("stem", "kind", "paper"), PRINTED)
def test_handouts_are_printed_in_the_paper_size_with_every_exercise(built, require_chromium, stem, kind, paper):
    from pypdf import PdfReader

    pdf = built / "handouts" / "pdf" / site_pages.pdf_name(f"{stem}-{kind}", paper)
    reader = PdfReader(pdf)
    width, height = PAPER_POINTS[paper]
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert abs(float(box.width) - width) < PAPER_TOLERANCE and abs(float(box.height) - height) < PAPER_TOLERANCE, \
            f"{pdf.name} page {number}: {box} is not {paper}"
    assert len(reader.pages) >= 4, f"{pdf.name} has only {len(reader.pages)} pages"
    text = "\n".join(page.extract_text() for page in reader.pages)
    notebook = ROOT / "notebooks" / f"{stem}.ipynb"
    assert all(heading in text for heading in exercise_headings(notebook)), pdf.name
    assert f"of {len(reader.pages)}" in text  # the footer's "page N of M"
    if kind == "worksheet":
        assert text.count("Your answer and working") == len(exercise_headings(notebook))
        assert "Teacher note" not in text
    else:
        assert "Teacher note" in text and "Your answer and working" not in text
    assert "\\(" not in text, f"{pdf.name}: maths printed as TeX source"


# --- the command's small parts ---------------------------------------------------------------------------------------


def test_links_to_repository_files_that_are_not_pages_become_text():
    text = ("[the guide](teachers-guide.md#binder), [rules](../CONTRIBUTING.md), "
            "[lesson 1](../notebooks/01_energy_transition.ipynb), [web](https://example.org/a.md)")
    assert site_pages._rewrite_links(text, "docs/glossary.md") == (
        "[the guide](teachers-guide.md#binder), rules (`CONTRIBUTING.md` in the course's repository), "
        "[lesson 1](notebooks/01_energy_transition.ipynb), [web](https://example.org/a.md)")


def test_the_binder_repository_is_read_from_citation_cff(tmp_path):
    citation = tmp_path / "CITATION.cff"
    citation.write_text('title: "x"\nrepository-code: "https://github.com/some-org/shanxi-course"\n', encoding="utf-8")
    assert site.repository_from_citation(citation) == "some-org/shanxi-course"
    citation.write_text('title: "x"\n', encoding="utf-8")
    assert site.repository_from_citation(citation) is None


def test_a_missing_notebook_or_a_foreign_output_folder_is_one_clear_line(tmp_path):
    with pytest.raises(SystemExit, match="No such notebook: notebooks/nope.ipynb"):
        site.main(["notebooks/nope.ipynb"])
    (tmp_path / "thesis.tex").write_text("work", encoding="utf-8")
    with pytest.raises(SystemExit, match="is not an earlier build of the site"):
        site.main(["--out", str(tmp_path), "--no-pdf"])
    assert (tmp_path / "thesis.tex").read_text(encoding="utf-8") == "work"
