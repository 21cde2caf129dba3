"""Helpers for the Shanxi in Transition notebooks.

Modules: ``data`` (checked dataset loading), ``growth`` and ``units`` (arithmetic the article uses),
``plots`` (style, alt text, sources), ``checks`` (exercise self-checks), ``widgets`` (what-if explorers),
one module per theme with its scenario functions, and ``doctor`` (a preflight check before class).
"""

__version__ = "0.1.0"
