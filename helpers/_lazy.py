"""Lazy exports for the theme packages: a name is imported from its module on first use (PEP 562).

So ``from helpers import energy`` costs nothing until a notebook calls ``energy.some_chart``, and importing a
theme's ``tables`` or ``scenarios`` never pulls in its charts (matplotlib) or explorers (ipywidgets).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["exports"]


Exports = tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]


def exports(package: str, names: dict[str, list[str]]) -> Exports:
    """``__all__``, ``__getattr__`` and ``__dir__`` for ``package`` from {module: [names]}.

    A module without a dot is a submodule of ``package``; a dotted one (``"helpers.places"``) is taken as is.
    """
    where = {name: (module if "." in module else f"{package}.{module}")
             for module, listed in names.items() for name in listed}

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(where[name]), name)

    def __dir__() -> list[str]:
        return sorted(where)

    return sorted(where), __getattr__, __dir__
