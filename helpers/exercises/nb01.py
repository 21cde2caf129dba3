"""Self-checks for 01_energy_transition. Expected answers are computed from the datasets, never typed in."""

from __future__ import annotations

from helpers import article, code_checks, context_tables, data, energy, growth
from helpers.checks import register


def _claims():
    return data.load("article_claims")


def _latest_year(totals) -> int:
    return int(totals["year"].max())


def _plan_start() -> int:
    return article.period(_claims(), "C004")[0]


def _shanxi_rank(year: int | None = None) -> int:
    """Shanxi's rank by total CO2 (1 = largest) in ``year``, by default the plan's first year (exercise 1.1)."""
    totals = data.load("province_co2_totals")
    ranking = energy.province_ranking(totals, _plan_start() if year is None else year).set_index("province")
    return int(ranking.loc["Shanxi", "rank"])


def _shanxi_rank_from_the_bottom() -> int:
    totals = data.load("province_co2_totals")
    return len(energy.province_ranking(totals, _plan_start())) + 1 - _shanxi_rank()


def _generation(year: int, *fuels: str) -> float:
    table = data.load("shanxi_electricity_by_fuel")
    rows = table[(table["year"] == year) & table["fuel"].isin(fuels)]
    return float(rows["generation_twh"].sum())


def _last_generation_year() -> int:
    return int(data.load("shanxi_electricity_by_fuel")["year"].max())


def _transfer_year() -> int:
    """Exercise 1.2's year: the first year of the previous Five-Year Plan."""
    return _plan_start() - 5


def _wind_and_solar() -> float:
    return _generation(_transfer_year(), "wind", "solar")


def _trust100() -> tuple[float, float, int]:
    claims = _claims()
    start_year = article.period(claims, "C012")[0]
    end_year = article.period(claims, "C015")[1]
    return article.value(claims, "C012"), article.value(claims, "C015"), end_year - start_year


def _trust100_cagr_pct() -> float:
    start, end, years = _trust100()
    return 100 * growth.cagr(start, end, years)


def _share_factor() -> float:
    claims = _claims()
    emerging, overall, _ = energy.article_rates(claims)
    years = int(article.value(claims, "C008"))
    return (1 + emerging / 100) ** years / (1 + overall / 100) ** years


def _gap_pp() -> tuple[float, int]:
    claims = _claims()
    return article.value(claims, "C009"), int(article.value(claims, "C008"))


def _raw_coal(year: int):
    sectors = data.load("shanxi_co2_by_sector")
    one = sectors[sectors["year"] == year]
    power = one["sector"] == energy.POWER_SECTOR
    return one, power


def _last_sector_year() -> int:
    return int(data.load("shanxi_co2_by_sector")["year"].max())


def _power_share_of_raw_coal() -> float:
    one, power = _raw_coal(_last_sector_year())
    return float(one.loc[power, "raw_coal_co2_mt"].sum() / one["raw_coal_co2_mt"].sum())


def _power_raw_coal_over_all_co2() -> float:
    one, power = _raw_coal(_last_sector_year())
    return float(one.loc[power, "raw_coal_co2_mt"].sum() / one["co2_mt"].sum())


def _power_share_of_all_co2() -> float:
    one, power = _raw_coal(_last_sector_year())
    return float(one.loc[power, "co2_mt"].sum() / one["co2_mt"].sum())


def _intensity_years() -> tuple[float, float]:
    claims = _claims()
    table = energy.intensity(data.load("province_co2_totals"), data.load("shanxi_socioeconomic"))
    start = article.period(claims, "C004")[0]
    return float(table.loc[start, "t_per_wan_yuan"]), float(table["t_per_wan_yuan"].iloc[-1])


def _intensity_change_pct() -> float:
    first, last = _intensity_years()
    return 100 * growth.relative_change(first, last)


register("1.1", _shanxi_rank, rtol=0, unit="a rank (1 = largest emitter)",
         mistakes=((_shanxi_rank_from_the_bottom, "that counts from the smallest emitter; rank 1 is the largest"),
                   (lambda: _shanxi_rank(_latest_year(data.load("province_co2_totals"))),
                    "that is the rank in the latest year, read from `ranking`; rank the provinces in plan[0]")))
register(
    "1.2", _wind_and_solar, rtol=1e-3, unit="TWh",
    mistakes=(
        (lambda: _generation(_transfer_year(), "wind"), "that is wind alone; add solar"),
        (lambda: _generation(_transfer_year(), "solar"), "that is solar alone; add wind"),
        (lambda: _generation(_last_generation_year(), "wind", "solar"),
         "that is the table's last year; the question asks for plan[0] - 5"),
    ),
)
register(
    "1.3", _trust100_cagr_pct, rtol=1e-3, unit="percent a year",
    mistakes=(
        (lambda: 100 * growth.cagr(_trust100()[0], _trust100()[1], _trust100()[2] + 1),
         "from 2016 to 2020 there are four years of growth, not five"),
        (lambda: 100 * (_trust100()[1] / _trust100()[0] - 1) / _trust100()[2],
         "dividing the total growth by the years ignores compounding; use the CAGR formula"),
        (lambda: 100 * (_trust100()[1] / _trust100()[0] - 1),
         "that is the growth over the whole period, not per year"),
    ),
)
register(
    "1.4", _share_factor, rtol=1e-4, unit="a factor (1.0 = unchanged)",
    mistakes=(
        (lambda: (1 + _gap_pp()[0] / 100) ** _gap_pp()[1],
         "compounding the gap in percentage points is not the same as dividing the two growth factors"),
        (lambda: 1 + _gap_pp()[1] * _gap_pp()[0] / 100,
         "adding the gap once a year ignores compounding; divide the two growth factors"),
        (lambda: (1 + energy.article_rates(_claims())[0] / 100) ** _gap_pp()[1],
         "that is how much the emerging industries grew; the share also depends on how much all industry grew"),
    ),
)
register(
    "1.5", _power_share_of_raw_coal, rtol=1e-3, unit="a fraction (0-1)",
    mistakes=(
        (_power_raw_coal_over_all_co2, "divide by the CO2 from raw coal of all sectors, not by all CO2"),
        (_power_share_of_all_co2, "use the raw_coal_co2_mt column, not co2_mt"),
    ),
)
register(
    "1.6", _intensity_change_pct, rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: _intensity_years()[1] - _intensity_years()[0],
         "that is the change in tonnes per 万 yuan; express it as a percent of the first year's value"),
        (lambda: 100 * growth.relative_change(_intensity_years()[1], _intensity_years()[0]),
         "divide the change by the first year's value, not the last year's"),
    ),
)


def _per_person_latest(population_dataset: str) -> float:
    """Shanxi's t CO2 per person in the latest CEADs year, with one of the two provincial population series."""
    totals = data.load("province_co2_totals")
    ranking = context_tables.province_ranking(totals, data.load(population_dataset), _latest_year(totals))
    return float(context_tables.rank_of(ranking)["co2_t_per_person"])


GCAM, NBS = "province_population_gdp_gcam", "province_population_gdp_nbs"


def _gcam_against_nbs_pct(gcam_scale: float = 1.0) -> float:
    """Percent difference of Shanxi's t CO2 per person with the GCAM-China population from the NBS figure
    (exercise 1.10); ``gcam_scale`` makes the GCAM figure as a unit slip would."""
    return 100 * (gcam_scale * _per_person_latest(GCAM) / _per_person_latest(NBS) - 1)


register(
    "1.10", _gcam_against_nbs_pct, rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: 100 * (_per_person_latest(NBS) / _per_person_latest(GCAM) - 1),
         "that compares the NBS figure with the GCAM-China one (it is the populations' difference, printed above); "
         "divide the GCAM-China figure by the NBS figure"),
        (lambda: _per_person_latest(GCAM) - _per_person_latest(NBS),
         "that is the difference in tonnes per person; give it as a percent of the NBS figure"),
        (lambda: _per_person_latest(GCAM),
         "that is the GCAM-China figure in tonnes per person; the question asks by what percent it differs from "
         "the NBS figure"),
        (lambda: _gcam_against_nbs_pct(1e4),
         "your tonnes per person are 10,000 times too large before the comparison: 1 万 is 10^4 persons"),
        (lambda: _gcam_against_nbs_pct(1e-6),
         "your tonnes per person are a million times too small before the comparison: 1 Mt is 10^6 t"),
        (lambda: _gcam_against_nbs_pct(1e-2),
         "your tonnes per person are 100 times too small before the comparison: convert Mt to t (× 10^6) and 万 "
         "persons to persons (× 10^4)"),
    ),
)


# Code tasks: the learner writes the pandas; the judges in helpers.code_checks read the table they built.

def _generation_per_year():
    electricity = data.load("shanxi_electricity_by_fuel")
    return electricity.groupby("year")["generation_twh"].sum(min_count=1)


def _ranking_year() -> int:
    """The latest year with both provincial CO2 and population (the year code task 1.8 ranks)."""
    totals = data.load("province_co2_totals")
    people = data.load("province_population_gdp_nbs").dropna(subset=["population_10k"])
    return int(min(totals["year"].max(), people["year"].max()))


def _per_person_ranking():
    ranking = context_tables.province_ranking(data.load("province_co2_totals"),
                                              data.load("province_population_gdp_nbs"), _ranking_year())
    return ranking.set_index("province")["co2_t_per_person"].rename("t_per_person")


code_checks.register_table("1.7", _generation_per_year, key="year")
code_checks.register_table("1.8", _per_person_ranking, key="province", ordered=True,
                           order_hint="sort from the largest emitter per person to the smallest (ascending=False)")


def _wind_and_solar_by_year():
    """Figure task 1.14's series: Shanxi's wind and solar generation (TWh) by year, as the file has them."""
    electricity = data.load("shanxi_electricity_by_fuel")
    return electricity.pivot(index="year", columns="fuel", values="generation_twh")[["wind", "solar"]]


code_checks.register_figure("1.14", _wind_and_solar_by_year, unit="TWh")


# Quick checks, next to the idea they practise.

QUICK_YEARS = 10  # exercise 1.9: the same rate for ten years instead of the article's five


def _emerging_growth_pct(years: int = QUICK_YEARS) -> float:
    emerging = energy.article_rates(_claims())[0]
    return 100 * ((1 + emerging / 100) ** years - 1)


register(
    "1.9", _emerging_growth_pct, rtol=1e-3, unit="percent",
    mistakes=(
        (lambda: QUICK_YEARS * energy.article_rates(_claims())[0],
         "adding the rate once a year ignores compounding: each year grows from a larger base"),
        (lambda: 2 * _emerging_growth_pct(int(article.value(_claims(), "C008"))),
         "doubling the five-year growth ignores compounding: the second five years start from a larger base"),
    ),
)
