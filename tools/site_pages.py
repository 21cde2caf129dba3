"""The pages of the course website, as a Sphinx source folder (used by tools/site.py).

Nothing is executed: every page is made from committed files. The teacher notebooks are shown with their stored
outputs; three changes are made to the copies only:

* each figure's alt text, which :func:`helpers.plots.show` stores in the output's metadata, is passed to MyST-NB
  (cell metadata ``mystnb.image.alt``) so that the page's ``<img alt>`` carries it;
* an explorer (a cell that displays a widget) shows, instead of its widget, a note on how to run it live; the
  static figure of its default scenario follows in the next cell, as in the notebook;
* the ``# NBVAL_IGNORE_OUTPUT`` marker line, a note to the test runner, is dropped from the code shown.

A worksheet (``handouts/NN_topic-worksheet.ipynb``) is the student edition of a notebook with the teacher
notebook's figures and tables: teacher notes and solutions removed, code before the exercises hidden (its output
kept), each exercise followed by an empty box to write in.
"""

from __future__ import annotations

import copy
import html
import inspect
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat

from helpers import apps
from tools.exercise_cells import exercise_of_cells
from tools.student_edition import student_cell

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"

# Documents copied into the site: page name -> file in the repository.
DOCUMENTS = {
    "course": "notebooks/README.md",
    "teachers-guide": "docs/teachers-guide.md",
    "glossary": "docs/glossary.md",
    "data-dictionary": "datasets/README.md",
    "apps": "docs/apps.md",
    "performance": "docs/performance.md",
}
# Repository paths that documents mention as links, and the page that shows them on the site.
LINK_TARGETS = {path: f"{page}.md" for page, path in DOCUMENTS.items()}


def title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's first level-1 heading (``# ...``)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^# (.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    raise ValueError("the notebook has no level-1 heading (# Title) to name its page")


def explorer_app(source: str) -> str | None:
    """The name of the app (``python3 course.py app NAME``) that runs the explorer built in ``source``, if any:
    the app whose factory calls the same ``*_explorer`` function as the notebook cell."""
    called = set(re.findall(r"\b(\w+_explorer)\(", source))
    for name, app in apps.registry().items():
        if called & set(re.findall(r"\b(\w+_explorer)\(", inspect.getsource(app.factory))):
            return name
    return None


def explorer_note(source: str) -> str:
    """Markdown telling a reader of the website how to run the explorer built in ``source`` live."""
    app = explorer_app(source)
    ways = "in JupyterLab (`python3 course.py start`) or on Binder (see the home page)"
    if app:
        ways += f", or on its own as a web app: `python3 course.py app {app}`"
    return (f'<div class="explorer-note">\n\n**What-if explorer.** Here the notebook shows sliders. This page '
            f"shows the code only; the figure after it is the explorer's default scenario. To move the "
            f"sliders, run the notebook {ways}.\n\n</div>")


def _alt(output: dict[str, Any]) -> str | None:
    return output.get("metadata", {}).get("image/png", {}).get("alt")


def _pass_alt_text(cell: nbformat.NotebookNode, where: str) -> None:
    """Copy the alt text of the cell's figure into the cell metadata MyST-NB reads (one figure per cell)."""
    alts = {_alt(output) for output in cell.get("outputs", []) if "image/png" in output.get("data", {})}
    if not alts:
        return
    if None in alts or len(alts) > 1:
        raise ValueError(f"{where}: a figure without alt text, or two figures in one cell; show each figure "
                         "with helpers.plots.show(fig, alt=..., source=...) in its own cell")
    cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = alts.pop()


def _is_explorer(cell: nbformat.NotebookNode) -> bool:
    return any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))


def _is_explorer_note(cell: nbformat.NotebookNode) -> bool:
    """True for an explorer cell of a :func:`teacher_page` (its widget replaced by the note)."""
    return any("explorer-note" in output.get("data", {}).get("text/markdown", "") for output in cell.outputs)


def _drop_marker(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if line.strip() != IGNORE_MARKER)


def _markdown(text: str, *tags: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def teacher_page(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The website copy of a teacher notebook: alt text passed on, explorers as a note."""
    page = copy.deepcopy(notebook)
    page.metadata.pop("widgets", None)
    for index, cell in enumerate(page.cells):
        if cell.cell_type == "markdown":
            cell.source = _rewrite_links(cell.source, f"notebooks/{name}", to_root="/")
        if cell.cell_type != "code":
            continue
        if _is_explorer(cell):
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": explorer_note(cell.source)})]
        cell.source = _drop_marker(cell.source)
        _pass_alt_text(cell, f"{name}, cell {index}")
    return page


WORKSHEET_HEADER = ('<div class="worksheet-header">\n\n**Worksheet** (student edition) · '
                    "<span>Name:</span><span>Date:</span>\n\n</div>")
ANSWER_SPACE = '<div class="answer-space">Your answer and working:</div>'
EXPLORER_ON_PAPER = ("*On screen, a what-if explorer with sliders appears here; the figure below is its default "
                     "scenario.*")


def worksheet_page(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The printable worksheet of a teacher notebook: student prose, the stored figures, space for answers."""
    page = teacher_page(notebook, name)
    cells: list[nbformat.NotebookNode] = [_markdown(WORKSHEET_HEADER)]
    for cell, exercise in zip(page.cells, exercise_of_cells(page.cells), strict=True):
        tags = cell.metadata.get("tags", [])
        if "teacher-note" in tags or "compare" in tags:  # model answers are for after the worksheet
            continue
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("<details>", "<details open>")  # hints printed, not folded
            cells.append(cell)
        elif "solution" in tags:  # the student edition's stub, or a code task's scaffold with its blanks
            cells += [student_cell(cell), _markdown(ANSWER_SPACE)]
        elif exercise is not None:  # a cell of an exercise (a quick check's too), up to the next heading
            if not cell.source.lstrip().startswith("checks.check("):  # a self-check works only when run
                cell.outputs, cell.execution_count = [], None  # outputs here would show the teacher's answers
                cells.append(cell)
        elif _is_explorer_note(cell):
            cells.append(_markdown(EXPLORER_ON_PAPER))
        else:
            cell.metadata["tags"] = [*tags, "remove-input"]
            cells.append(cell)
    page.cells = cells
    page.metadata["edition"] = "worksheet"
    return page


def _rewrite_links(text: str, document: str, to_root: str = "") -> str:
    """Point links between the course's files at their pages on the site.

    ``document`` is the file's path in the repository; ``to_root`` is the way from its page to the site's root
    ("" for a document, "/" for a page in a subfolder: MyST reads a leading "/" as the root of the site's
    sources). A link to another document or to a teacher notebook goes to its page; a link to any other file of
    the repository (not on the site) becomes its text and path.
    """
    base = (ROOT / document).parent

    def replace(match: re.Match[str]) -> str:
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        resolved = (base / target).resolve()
        if not resolved.is_relative_to(ROOT):
            return match.group(0)
        relative = resolved.relative_to(ROOT).as_posix()
        if relative in LINK_TARGETS:
            return f"[{label}]({to_root}{LINK_TARGETS[relative]}{anchor})"
        if re.fullmatch(r"notebooks/\d\d_[^/]+\.ipynb", relative):
            return f"[{label}]({to_root}{relative}{anchor})"
        return f"{label} (`{relative}` in the course's repository)"

    return re.sub(r"(?<!!)\[([^\]]*)\]\((?!https?:|#|mailto:)([^)#\s]+)(#[^)\s]*)?\)", replace, text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def binder_url(repository: str) -> str:
    """mybinder.org link that opens the start-here notebook of the GitHub repository ``owner/name``."""
    return f"https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb"


def home_page(template: str, notebooks: list[tuple[str, str]], repository: str | None) -> str:
    """The home page from ``docs/site/index.md``; ``notebooks`` are (page name, title) pairs."""
    if repository:
        binder = f'<a class="binder-link" href="{binder_url(repository)}">open the course on Binder</a> (mybinder.org)'
    else:
        binder = ("open the course on Binder (mybinder.org) from the course's GitHub repository, at "
                  "`notebooks/00_start_here.ipynb` (the teacher's guide says how).")
    links = "\n".join(f"  - [{text}](notebooks/{page}.ipynb)" for page, text in notebooks)
    toc = "\n".join(f"notebooks/{page}" for page, _ in notebooks)
    return (template.replace("{binder_link}", binder).replace("{notebook_links}", links)
            .replace("{notebook_toc}", toc))


def student_page(names: list[str]) -> str:
    """The page offering the student-edition notebooks for download."""
    rows = "\n".join(f"- {{download}}`{name}.ipynb <downloads/student/{name}.ipynb>`" for name in names)
    return ("# Student edition\n\nThe notebooks to hand out: the same lessons without worked solutions or "
            "teacher notes (hints and self-checks stay). Open them in JupyterLab after `python3 course.py start` "
            "(they are in `notebooks/student/`), or download them here:\n\n" + rows + "\n\nThe worked solutions "
            "are on each lesson's page of this site and in the answer keys of the [handouts](handouts.md).\n")


PAPER_SIZES = ("A4", "Letter")


def pdf_name(page: str, paper: str) -> str:
    """File name of a handout PDF: ``page`` is ``NN_topic-worksheet`` or ``NN_topic-answers``."""
    return f"{page}-{paper}.pdf"


def handouts_page(notebooks: list[tuple[str, str]]) -> str:
    """The handouts page: per lesson, the worksheet and the answer key as PDF (A4, Letter) and as a web page."""
    lines = ["# Printable handouts", "",
             "For each lesson, a **worksheet** (the student edition: prose, figures and tables, each exercise "
             "with space to write) and an **answer key** (the teacher edition with worked solutions), printed "
             "from this site's pages. PDFs in A4 and US Letter.", "",
             '<table class="handouts"><thead><tr><th>lesson</th><th>worksheet</th><th>answer key</th></tr>'
             "</thead><tbody>"]
    for page, text in notebooks:
        worksheet, answers = (" · ".join(f'<a href="handouts/pdf/{pdf_name(f"{page}-{kind}", paper)}">PDF {paper}</a>'
                                         for paper in PAPER_SIZES) for kind in ("worksheet", "answers"))
        lines.append(f'<tr><td>{html.escape(text)}</td>'
                     f'<td>{worksheet} · <a href="handouts/{page}-worksheet.html">web page</a></td>'
                     f'<td>{answers} · <a href="notebooks/{page}.html">web page</a></td></tr>')
    lines += ["</tbody></table>", "", "```{toctree}", ":hidden:", ""]
    lines += [f"handouts/{page}-worksheet" for page, _ in notebooks]
    lines += ["```", ""]
    return "\n".join(lines)


def write_source(source: Path, conf: Path, notebooks: list[Path], student: Path, repository: str | None,
                 extra_static: dict[str, Path]) -> list[str]:
    """Write the Sphinx project into ``source`` (emptied first); return the notebooks' page names.

    ``conf`` is docs/site (conf.py, index.md, _static, _templates); ``extra_static`` maps a folder name under
    ``_static`` to a folder copied there (the font, MathJax).
    """
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(conf, source)
    for name, folder in extra_static.items():
        shutil.copytree(folder, source / "_static" / name)
    pages: list[tuple[str, str]] = []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        name = path.stem
        pages.append((name, title(notebook)))
        _write(source / "notebooks" / path.name, nbformat.writes(teacher_page(notebook, name)))
        _write(source / "handouts" / f"{name}-worksheet.ipynb", nbformat.writes(worksheet_page(notebook, name)))
        (source / "downloads" / "student").mkdir(parents=True, exist_ok=True)
        shutil.copy2(student / path.name, source / "downloads" / "student" / path.name)
    _write(source / "index.md", home_page((conf / "index.md").read_text(encoding="utf-8"), pages, repository))
    _write(source / "student-edition.md", student_page([name for name, _ in pages]))
    _write(source / "handouts.md", handouts_page(pages))
    for page, document in DOCUMENTS.items():
        _write(source / f"{page}.md", _rewrite_links((ROOT / document).read_text(encoding="utf-8"), document))
    return [name for name, _ in pages]
