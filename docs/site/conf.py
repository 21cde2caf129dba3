"""Sphinx configuration of the course website (built by ``python3 course.py site``, see tools/site.py).

The site is built from the committed, executed notebooks: nothing is executed and nothing is fetched. Every
script, stylesheet and font the pages load is served by the site itself (tests/test_site.py checks it).
"""

from __future__ import annotations

project = "Shanxi in Transition"
author = "Shanxi in Transition contributors"
copyright = "Shanxi in Transition contributors; text and figures CC BY 4.0, code MIT"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["downloads/**", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]  # course.css; tools/site.py adds the 汉字 font (fonts/) and MathJax (mathjax/)
html_css_files = ["course.css"]
html_theme = "alabaster"  # ships with Sphinx: no theme assets from anywhere else
html_theme_options = {
    "description": "Data literacy with Jupyter, told through how Shanxi (山西) is changing",
    "fixed_sidebar": False,
    "show_powered_by": False,
    "font_family": "var(--course-font)",
    "head_font_family": "var(--course-font)",
    "code_font_family": "var(--course-mono)",
}
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}
html_title = project
html_show_sourcelink = False
html_copy_source = False

# Notebooks: shown as committed, never executed (their outputs are tested by nbval).
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # no widget manager from a CDN: explorers are shown as their static default figure
nb_merge_streams = True

# Markdown: `$` starts maths only in the way Pandoc reads it, so "$4,630" and "$3.00/day" stay amounts.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_image"]
myst_dmath_allow_digits = False
myst_dmath_allow_space = False
myst_heading_anchors = 3
myst_update_mathjax = False  # its settings are for MathJax 3; MathJax 2 (below) reads only \( \) and \[ \]

# MathJax 2 from the jupyter-server-mathjax package, copied into _static/mathjax by tools/site.py.
# MathJax 2 reads only \( \) and \[ \] by default, so a "$" in prose is never maths in the browser either.
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
# That package holds only the STIX-Web fonts (not MathJax's TeX fonts): use them, and never look for others.
mathjax2_config = {
    "HTML-CSS": {"availableFonts": [], "preferredFont": None, "webFont": "STIX-Web", "imageFont": None},
    "SVG": {"font": "STIX-Web"},
    "menuSettings": {"zoom": "None"},
    "showMathMenu": False,
}

suppress_warnings = ["myst.header"]  # copied documents (docs/apps.md) may start below level 1
