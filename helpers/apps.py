"""The course's apps: every what-if explorer that runs on its own (``python3 course.py app NAME``), listed here.

One entry per app: its kebab-case name (used in file names and URLs), a title, one line on what it explores,
and where its zero-argument factory lives (``"module:function"``, imported only when the app is built, so
listing the apps imports no theme). A factory loads its own data and returns a
:class:`helpers.explorer.Explorer` at its defaults; it changes no global style (the app notebook calls
``plots.setup()``). Adding an app is one line here.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from helpers.explorer import Explorer

__all__ = ["APPS", "App", "apps", "build", "guiding_questions", "page", "registry"]

LARGE_TEXT = "course-large-text"  # CSS class of an app page in large-text mode (a classroom projector)
PAGE_STYLE = f"""<style>
.course-app {{ width: 100%; max-width: none; }}
.course-app .jp-OutputArea-output img, .course-app .output_png img, .course-app .course-explorer img {{
  width: 100%; height: auto; }}
.{LARGE_TEXT} .widget-label, .{LARGE_TEXT} .widget-readout, .{LARGE_TEXT} .widget-html-content,
.{LARGE_TEXT} select, .{LARGE_TEXT} button {{ font-size: 150% !important; line-height: 1.4; height: auto; }}
.{LARGE_TEXT} .widget-html-content h1 {{ font-size: 200%; }}
.{LARGE_TEXT} .widget-gridbox {{ grid-template-columns: minmax(0, 1fr) !important; }}
.{LARGE_TEXT} .widget-slider, .{LARGE_TEXT} .widget-dropdown {{ height: auto; }}
.{LARGE_TEXT} button {{ width: auto; align-self: flex-start; }}
</style>"""

NAME_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # kebab-case
TARGET_PATTERN = re.compile(r"helpers(\.[a-z_]+)+:[a-z_]+")


@dataclass(frozen=True)
class App:
    """One app: ``name``, ``title``, a one-line ``summary`` and its factory's ``target`` ("module:function")."""

    name: str
    title: str
    summary: str
    target: str

    def __post_init__(self) -> None:
        if not NAME_PATTERN.fullmatch(self.name):
            raise ValueError(f"app name {self.name!r} is not kebab-case (like 'exchange-rate')")
        if not TARGET_PATTERN.fullmatch(self.target):
            raise ValueError(f"app {self.name!r}: target {self.target!r} is not 'helpers.module:function'")

    @property
    def module(self) -> str:
        """The module that holds the factory."""
        return self.target.partition(":")[0]

    @property
    def factory(self) -> Callable[[], Explorer]:
        """The zero-argument function that builds the explorer (its module is imported now)."""
        module, _, function = self.target.partition(":")
        return getattr(importlib.import_module(module), function)


APPS = (
    App("exchange-rate", "Which exchange rate did the article use?",
        "the article's dollar figures against one yuan/dollar rate (notebook 00)",
        "helpers.conversions:exchange_rate_app"),
    App("growth-gap", "The growth gap",
        "when would the emerging industries be half of industrial output? (notebook 01)",
        "helpers.energy.explorers:growth_gap_app"),
    App("capacity-cut", "Capacity is not output",
        "what the retired coal capacity could have produced, against observed data (notebook 01)",
        "helpers.energy.explorers:capacity_cut_app"),
    App("which-line", "Which poverty line?",
        "the share and number of people counted as poor at each line, by country (notebook 02)",
        "helpers.poverty.explorers:which_line_app"),
    App("cooperative-arithmetic", "A cooperative's arithmetic",
        "what a member family of a fungi cooperative earns, from assumptions (notebook 02)",
        "helpers.poverty.explorers:cooperative_app"),
    App("orchard-upgrade", "What is an orchard upgrade worth?",
        "compounded gains, their reach and the investment per hectare (notebook 03)",
        "helpers.agriculture.explorers:orchard_upgrade_app"),
    App("five-year-spending", "Five years of spending",
        "a five-year total growing at a constant rate, year by year (notebook 03)",
        "helpers.agriculture.explorers:five_year_spending_app"),
    App("fact-check-tolerance", "How strict is the fact-checker?",
        "every claim's verdict as the tolerance of the yuan/dollar check changes (notebook 04)",
        "helpers.factcheck.explorers:tolerance_app"),
)


def registry() -> dict[str, App]:
    """Every app of the course by name, sorted; ``ValueError`` if two apps share a name."""
    names = [app.name for app in APPS]
    if len(set(names)) != len(names):
        raise ValueError(f"app names must be unique: {sorted(n for n in names if names.count(n) > 1)}")
    return {app.name: app for app in sorted(APPS, key=lambda app: app.name)}


def apps() -> dict[str, Callable[[], Explorer]]:
    """Every app's zero-argument factory, by name: ``apps()["exchange-rate"]()`` builds that explorer."""
    return {name: app.factory for name, app in registry().items()}


NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPLORER_MARK = "# NBVAL_IGNORE_OUTPUT"  # first line of a notebook cell that displays an explorer
GUIDING = "**Guiding questions**"
NOTEBOOK_NUMBER = re.compile(r"\(notebook (\d\d)\)")


def guiding_questions(name: str, folder: Path = NOTEBOOKS) -> list[str]:
    """The guiding questions of app ``name`` as its notebook writes them (Markdown, one string per question): the
    notebook is their one home. The app's explorers are its notebook's explorer cells in registry order; each
    takes the "Guiding questions" list nearest to its cell. Empty where the notebook is not at hand."""
    number = NOTEBOOK_NUMBER.search(registry()[name].summary)
    found = sorted(folder.glob(f"{number.group(1)}_*.ipynb")) if number else []
    if not found:
        return []
    cells = json.loads(found[0].read_text(encoding="utf-8"))["cells"]
    text = ["".join(c["source"]) for c in cells]
    explorers = [i for i, (c, t) in enumerate(zip(cells, text, strict=True))
                 if c["cell_type"] == "code" and t.startswith(EXPLORER_MARK)]
    blocks = [i for i, (c, t) in enumerate(zip(cells, text, strict=True))
              if c["cell_type"] == "markdown" and GUIDING in t]
    same = [app.name for app in APPS if app.summary.endswith(number.group(0))]
    if not blocks or len(explorers) != len(same):
        return []
    nearest = min(blocks, key=lambda b: abs(b - explorers[same.index(name)]))
    questions: list[str] = []
    for line in text[nearest].split(GUIDING, 1)[1].strip().splitlines():
        item = re.match(r"\d+\.\s+(.*)", line)
        if item:
            questions.append(item.group(1).strip())
        elif line.strip() and questions:
            questions[-1] += " " + line.strip()
        elif not line.strip() and questions:
            break
    return questions


def _inline(markdown: str) -> str:
    """A question's Markdown as HTML: escaped; *emphasis*, **bold** and `code` kept; ``\\$`` shown as ``$``."""
    escaped = html.escape(markdown.replace("\\$", "$"))
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", re.sub(r"(?<!\*)\*([^*]+)\*(?!\*)", r"<i>\1</i>", escaped))


def page(name: str) -> widgets.VBox:
    """App ``name`` as a page (what ``python3 course.py app NAME`` shows): its title, the question it explores, a
    large-text switch for a projector, the explorer (its assumptions named above the sliders), the guiding
    questions of its notebook and the source of its figure; the figure uses the page's width."""
    app = registry()[name]
    explorer = build(name)
    chart = explorer.default_view()
    source = chart.source
    import matplotlib.pyplot as plt  # the chart was only needed for its source line

    plt.close(chart.figure)
    header = widgets.HTML(f"{PAGE_STYLE}<h1>{html.escape(app.title)}</h1>"
                          f"<p><b>What it explores:</b> {html.escape(app.summary[:1].upper() + app.summary[1:])}.</p>")
    large = widgets.ToggleButton(value=False, description="Large text", icon="text-height",
                                 tooltip="Larger text and controls, for a classroom projector")
    questions = "".join(f"<li>{_inline(q)}</li>" for q in guiding_questions(name))
    footer = widgets.HTML((f"<h3>Guiding questions</h3><ol>{questions}</ol>" if questions else "")
                          + f"<p><small>Source: {html.escape(source)}</small></p>")
    box = widgets.VBox([header, large, explorer.box, footer], layout=widgets.Layout(width="100%"))
    box.add_class("course-app")

    def switch(change: dict) -> None:
        (box.add_class if change["new"] else box.remove_class)(LARGE_TEXT)

    large.observe(switch, names="value")
    return box


def build(name: str) -> Explorer:
    """Build app ``name`` at its defaults (``KeyError`` naming the apps if there is none)."""
    found = registry()
    if name not in found:
        raise KeyError(f"no app {name!r}; apps: {', '.join(found)}")
    return found[name].factory()
