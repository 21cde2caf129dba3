"""Build the course website and its printable handouts, offline: ``python3 course.py site``.

Reads the committed, executed teacher notebooks (nothing is re-executed, nothing is downloaded) and writes a
static website with Sphinx and MyST-NB into ``build/site`` (git-ignored): the home page, the course index,
every lesson with its figures (and their alt text), the student edition as downloads, the teacher's guide,
glossary, data dictionary, apps and performance report. Then it prints, with Debian's Chromium through
Playwright, one worksheet and one answer key per lesson in A4 and Letter into ``build/site/handouts/pdf``.

Upload the folder ``build/site`` to any static web host; ``index.html`` is the home page.

    python -m tools.site [--out DIR] [--repository OWNER/NAME] [--no-pdf] [NOTEBOOK ...]

``--repository`` names the course's GitHub repository for the Binder link (default: ``repository-code`` in
CITATION.cff). NOTEBOOK limits the lessons built (default: all ``notebooks/NN_*.ipynb``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

from tools import site_pages, site_print
from tools.student_edition import teacher_notebooks

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "docs" / "site"
FONTS = ROOT / "helpers" / "fonts"
OUT = ROOT / "build" / "site"


def mathjax_folder() -> Path:
    """MathJax 2 as packaged by jupyter-server-mathjax (served by the site; no CDN)."""
    import jupyter_server_mathjax

    return Path(jupyter_server_mathjax.__file__).parent / "static"


def repository_from_citation(citation: Path = ROOT / "CITATION.cff") -> str | None:
    """``owner/name`` from CITATION.cff's ``repository-code: https://github.com/owner/name``, if present."""
    match = re.search(r"^repository-code:\s*['\"]?https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?['\"]?\s*$",
                      citation.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return match.group(1) if match else None


def build_html(source: Path, out: Path) -> None:
    """Run Sphinx on ``source`` into ``out``; any warning (a broken link, a missing image) stops the build."""
    from sphinx.cmd.build import build_main

    doctrees = source.parent / f"{source.name}-doctrees"
    code = build_main(["-b", "html", "-q", "-W", "--keep-going", "-d", str(doctrees), str(source), str(out)])
    if code:
        raise SystemExit(f"Sphinx stopped with the warnings above (exit code {code}); the site in {out} is "
                         "incomplete. Fix the page each warning names and run `python3 course.py site` again.")


HANDOUTS = {"worksheet": "handouts/{page}-worksheet.html", "answers": "notebooks/{page}.html"}  # kind -> page printed


def handout_job(out: Path, page: str, kind: str, paper: str) -> tuple[str, Path, str]:
    """One handout to print: (page of the site, PDF file, paper) for lesson ``page``, ``kind`` in HANDOUTS."""
    return (HANDOUTS[kind].format(page=page), out / "handouts" / "pdf" / site_pages.pdf_name(f"{page}-{kind}", paper),
            paper)


def pdf_jobs(out: Path, pages: list[str]) -> list[tuple[str, Path, str]]:
    """Every handout of the lessons ``pages``: worksheet and answer key, in each paper size."""
    return [handout_job(out, page, kind, paper)
            for page in pages for kind in HANDOUTS for paper in site_pages.PAPER_SIZES]


def clear(out: Path) -> None:
    """Empty ``out`` if it holds an earlier build (pages of removed lessons must not linger); never another folder."""
    if not out.exists():
        return
    if not (out / ".buildinfo").is_file() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty and is not an earlier build of the site: choose another --out folder "
                         "(the build empties its output folder first).")
    shutil.rmtree(out)


def build(out: Path = OUT, notebooks: list[Path] | None = None, repository: str | None = None,
          pdf: bool = True) -> list[str]:
    """Build the site (and the PDFs unless ``pdf`` is False) into ``out``; return the lessons' page names."""
    notebooks = notebooks or teacher_notebooks()
    clear(out)
    source = out.parent / f"{out.name}-src"
    pages = site_pages.write_source(source, CONF, notebooks, ROOT / "notebooks" / "student", repository,
                                    {"fonts": FONTS, "mathjax": mathjax_folder()})
    build_html(source, out)
    if pdf:
        site_print.print_pdfs(out, pdf_jobs(out, pages))
    return pages


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="teacher notebooks (default: all NN_*.ipynb)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: build/site)")
    parser.add_argument("--repository", help="GitHub owner/name for the Binder link (default: from CITATION.cff)")
    parser.add_argument("--no-pdf", action="store_true", help="build the website only, not the handouts")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.notebooks if not path.is_file()]
    if missing:
        raise SystemExit(f"No such notebook: {', '.join(missing)}. Give paths like notebooks/00_start_here.ipynb.")
    repository = args.repository or repository_from_citation()
    if not repository:
        print("Note: CITATION.cff has no `repository-code: https://github.com/OWNER/NAME`, so the home page "
              "describes the Binder link instead of linking it; pass --repository OWNER/NAME to link it.")
    start = time.perf_counter()
    build(args.out.resolve(), [path.resolve() for path in args.notebooks] or None, repository, not args.no_pdf)
    print(f"Built the website in {args.out} ({time.perf_counter() - start:.0f} s): open {args.out / 'index.html'}, "
          f"or upload the folder {args.out} to any static web host.")


if __name__ == "__main__":
    main(sys.argv[1:])
