"""Serve the built website on 127.0.0.1 and print pages of it to PDF with Debian's Chromium (Playwright).

The site is served over HTTP, not opened as ``file://``: Chromium refuses web fonts from ``file://`` pages, and
the 汉字 font must load. Every request to another host is refused (the site needs none).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from tools.browser import chromium as launched_chromium

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# True when the page has no maths, or MathJax 2 has finished typesetting it.
MATHS_TYPESET = ("() => !document.querySelector('.math') || (window.MathJax && MathJax.isReady "
                 "&& MathJax.Hub.queue.pending === 0 && !!document.querySelector('.MathJax, .MathJax_Display'))")
MARGIN = {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1 while the block runs; yields the base URL (ends in /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    """True for a URL the site may load: on this machine, or inline (``data:``, ``blob:``, ``about:``)."""
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


def open_page(chromium, url: str, blocked: list[str] | None = None, failed: list[str] | None = None):
    """Open ``url`` in a new page, refusing (and recording in ``blocked``) every request to another host.

    Local requests that fail or answer with an HTTP error are recorded in ``failed``. Waits until the page's web
    fonts and images have loaded and MathJax (on pages with maths) has typeset.
    """
    page = chromium.new_page()

    def route(request_route) -> None:
        if is_local(request_route.request.url):
            request_route.continue_()
        else:
            if blocked is not None:
                blocked.append(request_route.request.url)
            request_route.abort()

    if failed is not None:
        page.on("response", lambda response: failed.append(f"{response.url} ({response.status})")
                if response.status >= 400 else None)
        page.on("requestfailed", lambda request: failed.append(request.url)
                if urlsplit(request.url).hostname in LOCAL_HOSTS else None)
    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_function(MATHS_TYPESET)
    return page


def print_pdfs(site: Path, jobs: list[tuple[str, Path, str]]) -> None:
    """Print each ``(page path relative to site, PDF path, paper format)`` of ``jobs`` with Chromium."""
    with serve(site) as base, launched_chromium() as chromium:
        for page_path, pdf, paper in jobs:
            page = open_page(chromium, base + page_path)
            page.emulate_media(media="print")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(pdf), format=paper, margin=MARGIN, print_background=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=('<div style="font-size:8px;width:100%;text-align:center;">'
                                      '<span class="title"></span> · page <span class="pageNumber"></span> of '
                                      '<span class="totalPages"></span></div>'))
            page.close()
