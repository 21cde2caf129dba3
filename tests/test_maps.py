"""The figures and fact-check rows of issue 14: Shanxi's coal output against the 157 Mt cut, the provinces per
person and per yuan, the city CO2 map, Shanxi's 36 poverty counties and China's poverty-county map.

Expected values are computed here from the raw CSV files with plain pandas (groupby, merge, string prefixes),
never from helpers.context_tables or the chart code under test.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Polygon, Rectangle

from helpers import article, context_tables, data, maps
from helpers.energy import charts as energy_charts
from helpers.factcheck import checks, verdicts
from helpers.poverty import charts as poverty_charts
from helpers.poverty import tables as poverty_tables

CSV = data.datasets_dir()
CLAIMS = data.load("article_claims")
PLACES = data.load("places")


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(CSV / f"{name}.csv")


@pytest.fixture(autouse=True)
def _style(course_style):
    yield
    plt.close("all")


def test_coal_output_chart_sets_157_mt_against_shanxis_own_output():
    coal = raw("shanxi_coal_output").sort_values("year")
    tonnes = {int(y): v / 0.714 for y, v in zip(coal["year"], coal["coal_output_mtce"], strict=True)}
    last = max(tonnes)
    window = [tonnes[y] for y in range(last - 4, last + 1)]
    chart = energy_charts.coal_output_chart(context_tables.coal_output_tonnes(data.load("shanxi_coal_output")),
                                            context_tables.phase_out_share(data.load("shanxi_coal_output"), 157.0),
                                            (2016, 2020), "Shanxi")
    assert last == 2014 and "1991-2014" in chart.alt and "has no data" in chart.alt
    assert f"to {tonnes[last]:,.0f} Mt" in chart.alt and f"from {tonnes[1991]:,.0f}" in chart.alt
    assert f"{100 * 157 / tonnes[last]:.0f} % of the 2014 output" in chart.alt
    assert f"{100 * 157 / (sum(window) / 5):.0f} % of the 2010-2014 mean" in chart.alt
    assert "0.714" in chart.source and "a conversion" in chart.source and "shanxi_coal_output" in chart.source


def test_intensity_ranking_chart_ranks_shanxi_per_person_and_per_yuan():
    co2 = raw("province_co2_totals").query("year == 2019")
    people = raw("province_population_gdp_nbs").query("year == 2019")
    both = co2.merge(people, on=["province", "year"])
    both["per_person"] = both["co2_mt"] * 1e6 / (both["population_10k"] * 1e4)
    both["per_yuan"] = both["co2_mt"] * 1e9 / (both["gdp_100m_yuan"] * 1e8)
    shanxi = both.set_index("province").loc["Shanxi"]
    rank_person = int((both["per_person"] > shanxi["per_person"]).sum()) + 1
    rank_yuan = int((both["per_yuan"] > shanxi["per_yuan"]).sum()) + 1
    ranking = context_tables.province_ranking(data.load("province_co2_totals"),
                                              data.load("province_population_gdp_nbs"), 2019)
    chart = energy_charts.intensity_ranking_chart(ranking, "Shanxi", "Shanxi", 2019)
    assert f"{len(both)} provinces" in chart.alt
    assert f"Shanxi ranks {rank_person} with {shanxi['per_person']:.1f}" in chart.alt
    assert f"Shanxi ranks {rank_yuan} with {shanxi['per_yuan']:.2f}" in chart.alt
    top = both.loc[both["per_person"].idxmax()]
    assert f"highest {top['province']}, {top['per_person']:.1f}" in chart.alt
    assert "province_population_gdp_nbs" in chart.source


def test_city_map_shows_missing_cities_as_missing_not_zero():
    year = 2017
    emitted = raw("shanxi_city_co2").query("year == @year").set_index("city_zh")["co2_mt"]
    labels = raw("map_label_points").query("map == 'shanxi_cities'")
    missing_zh = [c for c in labels["region_zh"] if c.removesuffix("市") not in emitted.index]
    english = PLACES.query("level == 'city'").set_index("name_zh")["name_en"]
    cities = context_tables.city_co2_on_map(data.load("map_label_points"), data.load("shanxi_city_co2"), PLACES, year)
    rings = context_tables.map_rings(data.load("shanxi_city_map"))
    chart = energy_charts.city_co2_map_chart(rings, cities, year, "Shanxi")
    assert f"{len(emitted)} have data" in chart.alt and f"No data for {len(missing_zh)}" in chart.alt
    for zh, value in emitted.items():
        assert f"{english[zh]} {value:.0f} Mt" in chart.alt
    for zh in missing_zh:
        assert english[zh.removesuffix("市")] in chart.alt.split("not as zero:")[1]
    ax = chart.figure.axes[0]
    hatched = [p for p in ax.patches if isinstance(p, Polygon) and p.get_hatch()]
    missing_codes = set(labels.loc[labels["region_zh"].isin(missing_zh), "region_code"])
    rings_missing = [r for r in rings if r.region_code in missing_codes]
    assert len(hatched) == len(rings_missing) > 0
    assert all(p.get_facecolor()[:3] == pytest.approx((0.92, 0.92, 0.92)) for p in hatched)
    assert "shanxi_city_map" in chart.source and "coarse" in chart.source


def test_choropleth_never_paints_a_missing_value_as_zero(course_style):
    ring = context_tables.MapRing(1, "a", 1, pd.Series([0.0, 1, 1, 0]).to_numpy(), pd.Series([0.0, 0, 1, 1]).to_numpy())
    other = context_tables.MapRing(2, "b", 1, ring.lon + 2, ring.lat)
    fig, ax = plt.subplots()
    maps.choropleth(ax, [ring, other], {1: 0.0, 2: math.nan}, "x")
    zero, missing = ax.patches
    assert zero.get_facecolor() != missing.get_facecolor() and missing.get_hatch() and not zero.get_hatch()


def test_county_exits_chart_names_shanxis_counties_by_year():
    counties = raw("poverty_counties")
    shanxi = counties[counties["province_zh"] == "山西省"]
    chart = poverty_charts.county_exits_chart(poverty_tables.province_counties(data.load("poverty_counties")),
                                              "忻州市", "Xinzhou", "Shanxi")
    assert f"the {len(shanxi)} poverty counties of Shanxi" in chart.alt
    for year, group in shanxi.groupby("exit_year"):
        ours = group[group["county_code"].astype(str).str.startswith("1409")]
        part = f"{year}: {len(group)}" + (f", {len(ours)} of them in Xinzhou: " + ", ".join(ours["county_zh"])
                                            if len(ours) else "")
        assert part in chart.alt
    tiles = [p for p in chart.figure.axes[0].patches if isinstance(p, Rectangle)]
    assert len(tiles) == len(shanxi) == 36
    assert "poverty_counties" in chart.source


def test_poverty_map_counts_counties_per_province():
    counties = raw("poverty_counties")
    per = counties["county_code"].astype(str).str[:2].value_counts()
    rings = context_tables.map_rings(data.load("china_province_map"))
    codes = sorted({r.region_code for r in rings})
    table = poverty_tables.counties_per_province(data.load("poverty_counties"), codes)
    chart = poverty_charts.poverty_map_chart(rings, table, 140000, "Shanxi")
    assert f"{len(counties)} counties in {len(per)} provinces" in chart.alt
    top_code = int(per.idxmax()) * 10000
    top_name = next(r.region_zh for r in rings if r.region_code == top_code)
    assert f"most in {top_name} ({per.max()})" in chart.alt and f"with {per['14']}." in chart.alt
    assert table.set_index("region_code")["counties"].isna().sum() == 3  # Taiwan, Hong Kong, Macao
    assert "as the PRC claims them" in chart.source


def test_factcheck_rows_for_the_new_data():
    coal = raw("shanxi_coal_output").set_index("year")["coal_output_mtce"]
    row = checks.check_capacity_vs_province_output(CLAIMS, "C004", data.load("shanxi_coal_output")).iloc[0]
    assert row["verdict"] == verdicts.NEEDS_CONTEXT and row["dataset"] == "shanxi_coal_output"
    assert f"{100 * article.value(CLAIMS, 'C004') / (coal[2014] / 0.714):.1f} % of Shanxi's" in row["result"]
    assert "ends in 2014" in row["note"]
    rows = checks.check_county_list(CLAIMS, ["C019", "C020"], "C021", data.load("poverty_counties"),
                                    data.load("xinzhou_county_delisting"), PLACES).set_index("claim_id")
    xinzhou = raw("poverty_counties").query("city_zh == '忻州市'")
    for claim_id, year in (("C019", 2018), ("C020", 2019)):
        names = xinzhou.loc[xinzhou["exit_year"] == year, "county_zh"]
        assert rows.loc[claim_id, "verdict"] == verdicts.CONSISTENT
        assert f"the list has {len(names)} Xinzhou counties leaving in {year} ({'、'.join(names)})" \
            in rows.loc[claim_id, "result"]
    assert f"the list has {len(xinzhou)} poverty counties in Xinzhou" in rows.loc["C021", "result"]
    assert "not an official dataset" in rows.loc["C021", "note"]


def test_places_map_locates_the_course_cities_and_states_the_boundary_caveat():
    from figure_checks import findings

    labels = raw("map_label_points").query("map == 'shanxi_cities'")
    english = PLACES.query("level == 'city'").set_index("name_zh")["name_en"]
    seats = labels.assign(name_en=labels["region_zh"].str.removesuffix("市").map(english)).set_index("name_en")
    outlines = raw("shanxi_city_map")
    marks = {"Taiyuan": "provincial capital", "Xinzhou": "notebook 02", "Yuncheng": "notebook 03"}
    chart = maps.places_chart(context_tables.map_rings(data.load("shanxi_city_map")),
                              context_tables.city_points(data.load("map_label_points"), PLACES), marks,
                              context_tables.map_rings(data.load("china_province_map")))
    north_to_south = ", ".join(seats.sort_values("label_lat", ascending=False).index)
    assert f"Map of the 11 prefecture-level cities of Shanxi, each outlined and named: {north_to_south} " in chart.alt
    province = outlines[["lon", "lat"]].agg(["min", "max"])
    thirds = {"centre": [1, 1], "north": [2, 1], "south-west": [0, 0]}  # [south..north, west..east], 0-2
    for name, where in (("Taiyuan", "centre"), ("Xinzhou", "north"), ("Yuncheng", "south-west")):
        city = outlines[outlines["region_code"] == seats.loc[name, "region_code"]][["lon", "lat"]].agg(["min", "max"])
        third = (city.mean() - province.loc["min"]) / (province.loc["max"] - province.loc["min"]) * 3
        assert [int(third["lat"]), int(third["lon"])] == thirds[where]
        assert f"{name}, {marks[name]}, in the {where}" in chart.alt
    assert "a small map of China's provinces shows Shanxi filled" in chart.alt
    assert "the boundaries that the People's Republic of China claims" in chart.source
    assert all(name in chart.source for name in ("shanxi_city_map", "map_label_points", "china_province_map"))
    main, china, key = chart.figure.axes
    drawn = [(line.get_xdata()[0], line.get_ydata()[0]) for line in main.get_lines()]
    assert drawn == [tuple(seats.loc[name, ["label_lon", "label_lat"]]) for name in marks]
    named = {text.get_text() for text in main.texts}
    assert named == {f"{zh.removesuffix('市')} {english[zh.removesuffix('市')]}" for zh in labels["region_zh"]}
    grey = [p for p in main.patches if p.get_facecolor()[:3] == pytest.approx((0.93, 0.93, 0.93))]
    marked_codes = seats.loc[list(marks), "region_code"]
    marked_rings = outlines[outlines["region_code"].isin(marked_codes)].groupby(["region_code", "part", "ring"])
    assert len(main.patches) - len(grey) == marked_rings.ngroups
    shanxi_in_china = [p for p in china.patches if p.get_facecolor()[:3] == pytest.approx((0.25, 0.25, 0.25))]
    assert len(shanxi_in_china) == raw("china_province_map").query("region_code == 140000") \
        .groupby(["part", "ring"]).ngroups
    assert [t.get_text() for t in key.get_legend().get_texts()] == [f"{n}: {r}" for n, r in marks.items()]
    assert findings(chart.figure) == []
    chart.png()  # the size and name checks of every rendered chart (tests/conftest.py)
