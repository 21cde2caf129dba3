"""Quick checks 1.11-1.13 and 1.15-1.17 of 01_energy_transition (1.9 is in ``nb01``), computed from the datasets.

One at the end of each section that introduces an idea, in the notebook's order; each asks for a transfer or a
small computation, so its answer is printed nowhere above it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from helpers import article, context_tables, data, energy, growth
from helpers.checks import register
from helpers.exercises.nb01 import _claims, _plan_start, _trust100

# Quick checks 1.11-1.13 and 1.15-1.17, one at the end of each section that introduces an idea (in the notebook's
# order). Each asks for a transfer or a small computation, so its answer is printed nowhere above it.

def _mtce(year: int) -> float:
    """Shanxi's coal output in ``year`` in Mtce (million tonnes of coal equivalent), as published."""
    output = data.load("shanxi_coal_output")
    return float(output.loc[output["year"] == year, "coal_output_mtce"].item())


def _capacity_mt() -> float:
    return article.value(_claims(), "C004")


def _decade_before() -> int:
    """Exercise 1.11's year: ten years before the plan's first year."""
    return _plan_start() - 10


def _capacity_pct_of_output(mtce_to_mt: Callable[[float], float]) -> float:
    return 100 * _capacity_mt() / mtce_to_mt(_mtce(_decade_before()))


TCE = context_tables.TCE_PER_TONNE_RAW_COAL

register(
    "1.11", lambda: _capacity_pct_of_output(lambda mtce: mtce / TCE), rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: _capacity_pct_of_output(lambda mtce: mtce),
         "that sets Mt of coal against Mtce, a unit of energy: convert the output to Mt of raw coal first"),
        (lambda: _capacity_pct_of_output(lambda mtce: mtce * TCE),
         f"that multiplies by {TCE}: a tonne of raw coal holds less energy than a tonne of coal equivalent, so the "
         f"output is more tonnes of raw coal than Mtce; divide by {TCE}"),
        (lambda: context_tables.phase_out_share(data.load("shanxi_coal_output"), _capacity_mt()).share_of_latest_pct,
         "that is the share of the series' last year, printed above; the question asks for plan[0] - 10"),
        (lambda: 100 * _mtce(_decade_before()) / TCE / _capacity_mt(),
         "that is the output divided by the capacity; divide the capacity by the output"),
    ),
)


def _coal_share_pct(year: int, column: str = "coal_share_primary_energy_pct") -> float:
    return float(data.load("china_energy_mix").set_index("year").loc[year, column])


def _plan_end() -> int:
    return article.period(_claims(), "C004")[1]


def _share_change_pp(start: int | None = None, column: str = "coal_share_primary_energy_pct") -> float:
    return _coal_share_pct(_plan_end(), column) - _coal_share_pct(_plan_start() if start is None else start, column)


register(
    "1.12", _share_change_pp, rtol=1e-3, unit="percentage points",
    mistakes=(
        (lambda: 100 * growth.relative_change(_coal_share_pct(_plan_start()), _coal_share_pct(_plan_end())),
         "that is the relative change of the share, in percent; the question asks for the difference in percentage "
         "points: subtract the earlier share from the later one"),
        (lambda: _share_change_pp(column="coal_share_electricity_pct"),
         "that is coal's share of electricity; the question asks about its share of primary energy"),
        (lambda: _share_change_pp(start=_plan_start() - 1),
         "that starts in the year before the plan; start at plan[0]"),
        (lambda: 100 * growth.relative_change(_coal_share_pct(_plan_start(), "coal_consumption_twh"),
                                              _coal_share_pct(_plan_end(), "coal_consumption_twh")),
         "that is the change in the amount of coal burned; the question asks about coal's share"),
    ),
)


def _generation_by_fuel():
    return energy.generation_table(data.load("shanxi_electricity_by_fuel"))


def _added(column: str | tuple[str, ...], how: str = "TWh") -> float:
    """What ``column`` (or the sum of several) added from the plan's first year to the table's last, in TWh or %."""
    table = _generation_by_fuel()
    values = table[list(column)].sum(axis=1) if isinstance(column, tuple) else table[column]
    first, last = float(values.loc[_plan_start()]), float(values.loc[table.index.max()])
    return last - first if how == "TWh" else 100 * growth.relative_change(first, last)


WIND_SOLAR = ("wind", "solar")

register(
    "1.13", lambda: _added("thermal") / _added(WIND_SOLAR), rtol=1e-3,
    unit="a ratio (TWh of thermal added per TWh of wind and solar added)",
    mistakes=(
        (lambda: float(_generation_by_fuel()["thermal"].iloc[-1] / _generation_by_fuel()[list(WIND_SOLAR)]
                       .sum(axis=1).iloc[-1]),
         "that compares what each generated in last_generation; the question asks what each added since plan[0]"),
        (lambda: _added("thermal") / _added("wind"), "that counts wind only; add solar"),
        (lambda: _added("thermal", "%") / _added(WIND_SOLAR, "%"),
         "that compares growth in percent, which is large for wind and solar because they start small; the "
         "question asks about TWh added"),
        (lambda: _added(WIND_SOLAR) / _added("thermal"),
         "that is the ratio the other way round: divide thermal's TWh added by wind and solar's"),
    ),
)


def _map_cities():
    """The cities of notebook 01's map (section 6.4), with ``co2_mt`` missing where the inventory has none."""
    city_co2 = data.load("shanxi_city_co2")
    per_year = city_co2.groupby("year")["city_en"].count()
    year = int(per_year[per_year == per_year.max()].index.max())
    return context_tables.city_co2_on_map(data.load("map_label_points"), city_co2, data.load("places"), year), year


def _scaled_up_mt() -> float:
    cities, _ = _map_cities()
    return float(cities["co2_mt"].mean() * len(cities))


def _province_total_mt(year: int) -> float:
    totals = data.load("province_co2_totals")
    return float(totals.loc[(totals["province"] == "Shanxi") & (totals["year"] == year), "co2_mt"].item())


register(
    "1.15", _scaled_up_mt, rtol=1e-3, unit="Mt of CO2",
    mistakes=(
        (lambda: float(_map_cities()[0]["co2_mt"].sum()),
         "that adds up only the cities with data, so it counts the cities without data as zero; scale up instead"),
        (lambda: float(_map_cities()[0]["co2_mt"].mean()),
         "that is the average city with data; multiply it by the number of cities"),
        (lambda: _province_total_mt(_map_cities()[1]),
         "that is the provincial inventory of that year; the question asks for an estimate from the cities"),
    ),
)


def _intensity_plan_start(scale: float) -> float:
    """Shanxi's CO2 intensity in the plan's first year: t per 万 yuan times ``scale`` (0.1 gives kg per yuan)."""
    table = energy.intensity(data.load("province_co2_totals"), data.load("shanxi_socioeconomic"))
    return float(table.loc[_plan_start(), "t_per_wan_yuan"]) * scale


KG_PER_T, YUAN_PER_WAN = 1_000, 10_000

register(
    "1.16", lambda: _intensity_plan_start(KG_PER_T / YUAN_PER_WAN), rtol=1e-3, unit="kg of CO2 per yuan",
    mistakes=(
        (lambda: _intensity_plan_start(KG_PER_T),
         "that turns tonnes into kg but not 万 yuan into yuan: divide by 10,000 as well"),
        (lambda: _intensity_plan_start(1 / YUAN_PER_WAN),
         "that turns 万 yuan into yuan but not tonnes into kg: multiply by 1,000 as well"),
        (lambda: _intensity_plan_start(YUAN_PER_WAN / KG_PER_T),
         "that is the conversion the wrong way round: tonnes to kg multiplies by 1,000, 万 yuan to yuan divides "
         "by 10,000"),
    ),
)


def _doublings(log: Callable[[float], float] = math.log2) -> float:
    start, end, _ = _trust100()
    return log(end / start)


register(
    "1.17", _doublings, rtol=1e-3, unit="doublings",
    mistakes=(
        (lambda: _doublings(math.log10),
         "that counts tenfold steps (logarithm base 10); a doubling is a factor of 2: use base 2"),
        (lambda: _doublings(math.log), "that is the natural logarithm (base e); a doubling needs base 2"),
        (lambda: _trust100()[1] / _trust100()[0] / 2,
         "halving the ratio does not count doublings: find the n for which 2 to the power n is the ratio"),
        (lambda: _doublings() / _trust100()[2],
         "that is doublings per year; the question asks for the whole period, 2016 to 2020"),
    ),
)
