"""Self-check registrations, one module per notebook (``nb00`` for 00_start_here, ``nb01`` ...).

Importing this package imports every ``nbNN`` module in it, which registers each exercise's check with
:mod:`helpers.checks`.
"""

from importlib import import_module
from pkgutil import iter_modules

for _module in sorted(m.name for m in iter_modules(__path__) if m.name.startswith("nb")):
    import_module(f"{__name__}.{_module}")
