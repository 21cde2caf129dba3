"""Every what-if explorer that can run on its own as a web app (``python3 course.py app NAME``).

Each theme module in ``helpers`` names its explorers in a module-level dict ``APPS = {"kebab-name": factory}``;
a factory takes no arguments, loads its own data and returns a :class:`helpers.widgets.Explorer` with its
defaults. This module finds those dicts (every module of the package, found with :mod:`pkgutil`), so a new
theme module is picked up by the app command and the browser tests without being listed anywhere.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

import helpers
from helpers.widgets import Explorer

__all__ = ["App", "apps", "collect", "registry", "theme_modules"]

NAME_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # kebab-case: used in file names and URLs


@dataclass(frozen=True)
class App:
    """One app: its ``name``, the ``module`` whose ``APPS`` dict lists it and its zero-argument ``factory``."""

    name: str
    module: str
    factory: Callable[[], Explorer]

    @property
    def summary(self) -> str:
        """The first line of the factory's docstring (empty if it has none)."""
        return (self.factory.__doc__ or "").strip().partition("\n")[0]


def theme_modules() -> list[ModuleType]:
    """Import and return every plain module of the ``helpers`` package (sub-packages and this one excluded)."""
    return [
        importlib.import_module(f"{helpers.__name__}.{info.name}")
        for info in pkgutil.iter_modules(helpers.__path__)
        if not info.ispkg and info.name != "apps"
    ]


def collect(modules: Iterable[ModuleType]) -> dict[str, App]:
    """The apps listed in the ``APPS`` dicts of ``modules``, sorted by name.

    Raises ``ValueError`` when two modules use the same name, a name is not kebab-case or a factory is
    not callable: each is a mistake in a theme module that would otherwise hide an app.
    """
    found: dict[str, App] = {}
    for module in modules:
        for name, factory in getattr(module, "APPS", {}).items():
            if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
                raise ValueError(f"app name {name!r} in {module.__name__} is not kebab-case (like 'exchange-rate')")
            if name in found:
                raise ValueError(f"app name {name!r} is used by both {found[name].module} and {module.__name__}")
            if not callable(factory):
                raise ValueError(f"app {name!r} in {module.__name__}: APPS values must be zero-argument functions")
            found[name] = App(name, module.__name__, factory)
    return dict(sorted(found.items()))


def registry() -> dict[str, App]:
    """Every app of the course, by name."""
    return collect(theme_modules())


def apps() -> dict[str, Callable[[], Explorer]]:
    """Every app's zero-argument factory, by name: ``apps()["exchange-rate"]()`` builds that explorer."""
    return {name: app.factory for name, app in registry().items()}
