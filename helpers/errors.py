"""Exceptions a learner may meet, shown by Jupyter as a clear message rather than a traceback."""

from __future__ import annotations

__all__ = ["DatasetError"]


class DatasetError(Exception):
    """A course dataset is missing, damaged or edited. The message names the file and the problem."""

    def _render_traceback_(self) -> list[str]:
        """IPython's hook: show only the message (it names the file, the problem and the fix)."""
        return [f"\x1b[31mDatasetError\x1b[0m: {self}"]
