"""Execute the teacher notebooks from a fresh kernel and save their outputs (``python3 course.py execute``).

Strict nbval compares against these stored outputs, so they must come from this command: it runs
offline like the tests, records no timings, and drops saved widget state, keeping notebooks small.
Pass notebook paths to execute only those; by default every ``notebooks/NN_*.ipynb``.
"""

from __future__ import annotations

import inspect
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from tools._project import KERNELSPEC, ROOT, offline_env, run, teacher_notebooks

_SOCKETS = tempfile.TemporaryDirectory(prefix="course-kernels-")  # removed when the process exits
POLL_SLICE = 1.0  # seconds between re-polls of a kernel channel (see repolling)


def repolling(get_msg: Callable) -> Callable:
    """Wrap a kernel channel's async ``get_msg`` to poll again every POLL_SLICE seconds within the same timeout.

    pyzmq's asyncio poll sometimes misses the wake-up for a reply that has already arrived and returns only when
    its whole timeout is over (seen here in about 1 of 20 executions of a notebook: a cell "took" exactly the
    client's timeout, then the run went on). Polling again notices the waiting message within a second.
    """
    async def get(*args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = POLL_SLICE if deadline is None else max(0.0, min(POLL_SLICE, deadline - time.monotonic()))
            try:
                return await get_msg(*args, timeout=step, **kwargs)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise
    return get


def notebook_client(notebook: nbformat.NotebookNode, cwd: Path, **options: Any) -> NotebookClient:
    """The course's nbclient client: a fresh ``python3`` kernel on IPC sockets, no timings, run in ``cwd``,
    kernel channels polling with :func:`repolling`; the kernel is shut down afterwards. ``options`` go to
    NotebookClient (e.g. ``allow_errors``)."""
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    # IPC sockets in a private folder instead of TCP ports: kernels started side by side (pytest -n 2) cannot race
    # for the same free port ("Address already in use", seen here once in a full run).
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{_SOCKETS.name}/{uuid.uuid4().hex}")
    client = NotebookClient(notebook, km=manager, kernel_name="python3", timeout=600, record_timing=False,
                            resources={"metadata": {"path": str(cwd)}}, **options)
    client.owns_km = True  # given a manager, nbclient would leave the kernel it starts running: shut it down

    def repoll(**_: Any) -> None:  # nbclient's hook once the kernel client is ready
        for channel in (client.kc.shell_channel, client.kc.iopub_channel):
            if inspect.iscoroutinefunction(channel.get_msg):
                channel.get_msg = repolling(channel.get_msg)

    client.on_notebook_start = repoll
    return client


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget_views(notebook: nbformat.NotebookNode) -> list[dict]:
    """The widget-view outputs of ``notebook`` (each holds the ``model_id`` of a widget), in order."""
    return [output["data"][WIDGET_VIEW] for cell in notebook.cells for output in cell.get("outputs", [])
            if WIDGET_VIEW in output.get("data", {})]


def stable_widget_ids(notebook: nbformat.NotebookNode, saved: nbformat.NotebookNode, name: str) -> None:
    """Replace the random widget ids a kernel draws: keep the ids ``saved`` had when it shows as many widgets,
    else derive them from ``name`` and position, so executing an unchanged notebook leaves its file unchanged."""
    old = [view.get("model_id") for view in widget_views(saved)]
    views = widget_views(notebook)
    for number, view in enumerate(views):
        keep = len(old) == len(views) and old[number]
        view["model_id"] = keep or uuid.uuid5(uuid.NAMESPACE_URL, f"shanxi-course/{name}/{number}").hex


def execute(path: Path) -> None:
    """Run ``path`` top to bottom in a fresh ``python3`` kernel and save it in place."""
    saved = nbformat.read(path, as_version=4)
    notebook = nbformat.read(path, as_version=4)
    notebook_client(notebook, path.parent).execute()
    notebook.metadata.pop("widgets", None)
    stable_widget_ids(notebook, saved, path.name)
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str]) -> int:
    offline_env()
    for path in [Path(a).resolve() for a in argv] or teacher_notebooks():
        execute(path)
    return 0


if __name__ == "__main__":
    run(main)
