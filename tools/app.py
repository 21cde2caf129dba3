"""Open one what-if explorer on its own as a web app with Voilà: ``python3 course.py app NAME``.

Without NAME, lists the apps (the registry in helpers/apps.py: name, title, one line). With NAME, writes a
one-cell notebook ``build/apps/NAME.ipynb`` (git-ignored, regenerated every time) that builds that explorer,
and serves it with Voilà on 127.0.0.1 only, opening it in the default browser. Extra arguments go to Voilà,
e.g. ``python3 course.py app exchange-rate --port 9000 --no-browser``. Stop it with Ctrl-C.

Voilà's page template asks a CDN for a Font Awesome stylesheet that its own bundle already contains, so the
app is served with the course's template (helpers/jupyter_config/voila-template, copied next to the notebook with
the course stylesheet and font, so 汉字 show without a system CJK font) that drops that link: the app needs no
internet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import apps
from tools._project import BUILD, KERNELSPEC, ROOT, run

TEMPLATE = "course-offline"  # Voilà's "lab" template without its links to a CDN, with the course stylesheet
CONFIG = ROOT / "helpers" / "jupyter_config"
TEMPLATE_FILES = sorted((CONFIG / "voila-template").iterdir())  # conf.json, index.html.j2
STATIC_FILES = [CONFIG / "custom" / "custom.css", ROOT / "helpers" / "fonts" / "NotoSansSC-CourseSubset.otf"]


def app_notebook(name: str) -> dict:
    """The app notebook (nbformat 4 JSON) that displays app ``name`` of helpers/apps.py.

    One code cell: Voilà runs it and shows only its output, the app's page (:func:`helpers.apps.page`: title,
    question, large-text switch, explorer and source, in the course's figure style).
    """
    source = f"from helpers import apps, plots\n\nplots.setup()\napps.page({json.dumps(name)})"
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "app", "metadata": {}, "outputs": [],
                   "source": source}],
        "metadata": {
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _write(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` atomically (another process may be reading or writing the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    partial.replace(path)


def write_app(name: str, folder: Path) -> Path:
    """Write ``folder/NAME.ipynb`` for app ``name``; ``KeyError`` if there is no such app."""
    apps.registry()[name]  # KeyError for an unknown name
    path = folder / f"{name}.ipynb"
    _write(path, json.dumps(app_notebook(name), indent=1, ensure_ascii=False) + "\n")
    return path


def write_template(jupyter_dir: Path) -> Path:
    """Write the offline Voilà template under ``jupyter_dir`` (a Jupyter data directory); return its folder."""
    folder = jupyter_dir / "voila" / "templates" / TEMPLATE
    for source in TEMPLATE_FILES:
        _write(folder / source.name, source.read_bytes())
    for source in STATIC_FILES:
        _write(folder / "static" / source.name, source.read_bytes())
    return folder


def voila_command(target: Path, *extra: str) -> list[str]:
    """Command serving ``target`` (one notebook, or a folder of them) on 127.0.0.1 with the offline template.

    ``extra`` options follow ours, so they win (``--port=P``, ``--no-browser``). Kernels are preheated: Voilà
    runs each notebook in a standby kernel before anyone asks for it (and starts the next one after a page takes
    it), so an app's first figure shows about as soon as a static page (docs/performance.md).
    """
    return [sys.executable, "-m", "voila", str(target), "--Voila.ip=127.0.0.1", f"--template={TEMPLATE}",
            "--VoilaConfiguration.show_tracebacks=True", "--preheat_kernel=True", *extra]


def voila_env(jupyter_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for Voilà: ``jupyter_dir`` first on JUPYTER_PATH, where Voilà looks for templates."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter_dir), env.get("JUPYTER_PATH")]))
    return env


def list_apps() -> str:
    """One line per app: its name, its title and what it explores."""
    registry = apps.registry()
    width = max(map(len, registry), default=0)
    lines = [f"  {name:<{width}}  {app.title} — {app.summary}" for name, app in registry.items()]
    return "\n".join(["Apps (open one with `python3 course.py app NAME`):", *lines])


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(list_apps())
        return 0
    name, extra = argv[0], argv[1:]
    try:
        notebook = write_app(name, BUILD / "apps")
    except KeyError:
        print(f"There is no app called {name!r}.\n{list_apps()}", file=sys.stderr)
        return 2
    jupyter_dir = BUILD / "jupyter"
    write_template(jupyter_dir)
    print(f"Starting app {name!r}: Voila prints its address below (Ctrl-C stops it) ...", flush=True)
    try:
        return subprocess.run(voila_command(notebook, *extra), env=voila_env(jupyter_dir)).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    run(main)
