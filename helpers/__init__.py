"""Helpers for the Shanxi in Transition notebooks.

Modules: ``data`` (checked dataset loading), ``article`` (the article's claims, looked up by id), ``sources``
(source lines from datasets/datapackage.json), ``growth``, ``units`` and ``places`` (arithmetic and names the
article uses), ``plots`` (style, :class:`~helpers.plots.Chart`, figure utilities), ``explorer`` (what-if
explorers), ``apps`` (the registry of apps), ``checks`` (exercise self-checks), ``doctor`` (a preflight check
before class), ``course`` (copy an edition's notebooks into a folder), ``conversions`` (notebook 00's explorer)
and one package per theme: ``energy`` (01), ``poverty`` (02), ``agriculture`` (03), ``factcheck`` (04).
See CONTRIBUTING.md, "Architecture".
"""

__version__ = "0.1.0"
