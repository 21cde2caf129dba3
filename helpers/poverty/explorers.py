"""Poverty explorers (notebook 02): ``which-line`` (a poverty line and a country: headcount and people) and
``cooperative-arithmetic`` (a fungi cooperative's income per member family, from assumptions calibrated to the
article's figures). Thin wiring of inputs to :mod:`~helpers.poverty.scenarios` and :mod:`~helpers.poverty.charts`.
"""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.explorer import Choice, Explorer, Slider, explorer
from helpers.poverty import charts, scenarios, tables

__all__ = [
    "cooperative_app", "cooperative_explorer", "cooperative_sliders", "which_line_app", "which_line_choices",
    "which_line_explorer",
]


def which_line_choices(headcount: pd.DataFrame) -> list[Choice]:
    """The explorer's two drop-downs: the poverty line and the entity (default: China's national line).

    The default is not the $3.00/day line, whose first year at 0.0 the first guiding question asks about.
    """
    lines, names = tables.poverty_lines(headcount), tables.entities(headcount)
    default = tables.NATIONAL_LINE if tables.NATIONAL_LINE in lines else lines[-1]
    return [Choice("line", "poverty line", tuple(lines), default),
            Choice("entity", "country or region", tuple(names), names[0])]


def which_line_explorer(headcount: pd.DataFrame, population: pd.DataFrame, plan: tuple[int, int]) -> Explorer:
    """Explorer: choose a poverty line and an entity; see the headcount ratio and the people below it."""
    return explorer(
        lambda line, entity: scenarios.line_scenario(headcount, population, plan, line, entity),
        charts.line_scenario_chart,
        which_line_choices(headcount),
        title="Which line? The share (and number) of people counted as poor",
    )


def which_line_app() -> Explorer:
    """The ``which-line`` explorer with its data loaded and defaults set."""
    return which_line_explorer(data.load("poverty_headcount"), data.load("china_population"),
                               tables.plan_period(data.load("article_claims")))


def cooperative_sliders(facts: tables.CooperativeFacts) -> list[Slider]:
    """The explorer's sliders: families and greenhouses from the article, the rest assumptions.

    The output default is calibrated (:func:`~helpers.poverty.scenarios.default_output`) so that the default
    scenario pays the article's labour income per family.
    """
    a = scenarios.COOPERATIVE_ASSUMPTIONS
    return [
        Slider("families", "member families", 1, 100, 1, facts.member_families, "families"),
        Slider("greenhouses", "greenhouses", 1, 30, 1, facts.greenhouses, "greenhouses"),
        Slider("output", "output per greenhouse", 0, 30_000, scenarios.OUTPUT_STEP, scenarios.default_output(facts),
               "kg a year", assumption=True),
        Slider("price", "price", 0, 30, 0.5, a["price"], "yuan per kg", assumption=True),
        Slider("cost", "other costs per greenhouse", 0, 200_000, 1_000, a["cost"], "yuan a year", assumption=True),
        Slider("labour_share", "share of revenue paid as wages", 0, 1, 0.05, a["labour_share"], "fraction",
               assumption=True),
        Slider("land_ha", "land per greenhouse", 0.01, 0.5, 0.01, a["land_ha"], "hectares", assumption=True),
    ]


def cooperative_explorer(facts: tables.CooperativeFacts) -> Explorer:
    """Explorer: a fungi cooperative's income per member family from its inputs."""
    return explorer(
        lambda **inputs: scenarios.cooperative_income(**inputs, corn_income_per_ha=facts.corn_income_per_ha),
        lambda result: charts.cooperative_chart(result, facts),
        cooperative_sliders(facts),
        title="A cooperative's arithmetic: what does a member family earn?",
    )


def cooperative_app() -> Explorer:
    """The ``cooperative-arithmetic`` explorer with its data loaded and defaults set."""
    return cooperative_explorer(tables.cooperative_facts(data.load("cooperatives")))
