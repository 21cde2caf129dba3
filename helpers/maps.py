"""Maps drawn with matplotlib from the course's vertex tables (no GIS stack): outlines, a choropleth, labels, and
the course's locator map of Shanxi's cities (:func:`places_chart`, used where notebook 00 introduces the places).

Inputs are plain NumPy arrays from :func:`helpers.context_tables.map_rings` (one :class:`MapRing` per outline,
lon/lat in degrees); the theme charts (e.g. :func:`helpers.energy.charts.city_co2_map_chart`) call these and
return a :class:`helpers.plots.Chart`. Longitude and latitude are drawn as a plate carrée scaled by the cosine of
the middle latitude, so a degree east looks as long as it is at that latitude (fine for a province; a locator
map of China is a sketch, not a projection for measuring). The outlines are coarse: see each map's caveats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke

from helpers import plots, sources
from helpers.context_tables import MapRing

__all__ = ["BOUNDARY_CAVEAT", "MISSING_COLOUR", "MISSING_HATCH", "SEQUENTIAL", "choropleth", "compass", "frame",
           "missing_patch", "outline", "places_chart"]

SEQUENTIAL = "viridis_r"  # light = low, dark = high; perceptually uniform and readable with colour blindness
MISSING_COLOUR = "0.92"  # light grey: no data (never the colour of zero)
MISSING_HATCH = "///"  # and hatched, so "missing" does not depend on telling greys apart
BOUNDARY_CAVEAT = ("the map of China draws the boundaries that the People's Republic of China claims, as its map "
                   "data do; it only locates Shanxi")


def frame(ax: Axes, rings: Sequence[MapRing]) -> None:
    """Fit ``ax`` to the rings, scale longitude by cos(middle latitude), and hide the axes' frame and ticks."""
    lon = np.concatenate([r.lon for r in rings])
    lat = np.concatenate([r.lat for r in rings])
    pad_lon, pad_lat = 0.03 * np.ptp(lon), 0.03 * np.ptp(lat)
    ax.set_xlim(lon.min() - pad_lon, lon.max() + pad_lon)
    ax.set_ylim(lat.min() - pad_lat, lat.max() + pad_lat)
    ax.set_aspect(1 / math.cos(math.radians(float(lat.min() + lat.max()) / 2)))
    ax.set_axis_off()


def outline(ax: Axes, rings: Sequence[MapRing], fills: Mapping[int, object], default: object = MISSING_COLOUR,
            edge: str = "white", hatched: frozenset[int] = frozenset()) -> None:
    """Fill each ring with ``fills[region_code]`` (``default`` if absent); regions in ``hatched`` get a hatch."""
    for ring in rings:
        ax.fill(ring.lon, ring.lat, facecolor=fills.get(ring.region_code, default), edgecolor=edge, linewidth=0.6,
                hatch=MISSING_HATCH if ring.region_code in hatched else None)


def choropleth(ax: Axes, rings: Sequence[MapRing], values: Mapping[int, float], label: str,
               ticks: int = 5) -> mpl.cm.ScalarMappable:
    """Shade regions by ``values`` (region code -> number; NaN or absent = missing: grey and hatched, never the
    colour of zero), add a colour bar titled ``label`` and return its mappable."""
    known = {code: v for code, v in values.items() if not math.isnan(v)}
    norm = mpl.colors.Normalize(vmin=0, vmax=max(known.values()))
    cmap = mpl.colormaps[SEQUENTIAL]
    codes = {r.region_code for r in rings}
    outline(ax, rings, {code: cmap(norm(v)) for code, v in known.items()}, edge="0.3",
            hatched=frozenset(codes - set(known)))
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = ax.figure.colorbar(mappable, ax=ax, shrink=0.6, label=label)
    bar.ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(ticks))
    return mappable


def missing_patch(label: str = "no data") -> Patch:
    """The legend entry for a missing region (same grey and hatch as :func:`choropleth` draws)."""
    return Patch(facecolor=MISSING_COLOUR, edgecolor="0.3", hatch=MISSING_HATCH, label=label)


# --- the course's locator map: Shanxi's cities and the places the course visits -------------------------------

def _bounds(rings: Sequence[MapRing]) -> tuple[float, float, float, float]:
    """``(lon_min, lon_max, lat_min, lat_max)`` of the rings, in degrees."""
    lon = np.concatenate([r.lon for r in rings])
    lat = np.concatenate([r.lat for r in rings])
    return float(lon.min()), float(lon.max()), float(lat.min()), float(lat.max())


def compass(lon: float, lat: float, within: Sequence[MapRing], parts: int = 3) -> str:
    """Where a point (degrees) lies in the rings' bounding box, cut in thirds (``"centre"``, ``"north"``,
    ``"south-west"``, …) or, with ``parts=2``, in halves (``"north-east"``, …)."""
    lon0, lon1, lat0, lat1 = _bounds(within)
    south_north, west_east = {3: (("south", "", "north"), ("west", "", "east")),
                              2: (("south", "north"), ("west", "east"))}[parts]
    ns = south_north[min(parts - 1, int(parts * (lat - lat0) / (lat1 - lat0)))]
    ew = west_east[min(parts - 1, int(parts * (lon - lon0) / (lon1 - lon0)))]
    return "-".join(part for part in (ns, ew) if part) or "centre"


def _middle(rings: Sequence[MapRing], code: int) -> tuple[float, float]:
    """The middle of region ``code``'s bounding box (lon, lat in degrees)."""
    lon0, lon1, lat0, lat1 = _bounds([r for r in rings if r.region_code == code])
    return (lon0 + lon1) / 2, (lat0 + lat1) / 2


def _centroid(rings: Sequence[MapRing], code: int) -> tuple[float, float]:
    """The centroid (lon, lat in degrees, in the plane of the map) of region ``code``'s largest outline: where its
    name goes."""
    def cross(ring: MapRing) -> np.ndarray:
        return ring.lon[:-1] * ring.lat[1:] - ring.lon[1:] * ring.lat[:-1]

    ring = max((r for r in rings if r.region_code == code), key=lambda r: abs(cross(r).sum()))
    area6 = 3 * cross(ring).sum()
    return (float(((ring.lon[:-1] + ring.lon[1:]) * cross(ring)).sum() / area6),
            float(((ring.lat[:-1] + ring.lat[1:]) * cross(ring)).sum() / area6))


def places_chart(rings: Sequence[MapRing], cities: pd.DataFrame, marks: Mapping[str, str],
                 china: Sequence[MapRing], place: str = "Shanxi", province_code: int = 140000) -> plots.Chart:
    """Locator map of the province's cities: every city outlined and named in 汉字 and English, the cities in
    ``marks`` (English name -> what the course does there, in order) filled in their own colour, with a marker at
    the city seat (a star for the first) and the name under it; beside it, a small map of China (``china``,
    province rings) with region ``province_code`` filled, whose boundary caveat the source line states.

    ``rings`` from :func:`~helpers.context_tables.map_rings` (``shanxi_city_map``), ``cities`` from
    :func:`~helpers.context_tables.city_points` (lon/lat in degrees); ``place`` names the province in the title
    and alt text (e.g. :func:`~helpers.places.place_label`).
    """
    colours = plots.palette()
    marked = cities.set_index("name_en").loc[list(marks)]
    fig = plt.figure(figsize=(8.8, 7))
    grid = fig.add_gridspec(2, 2, width_ratios=[2.1, 1.4], height_ratios=[1, 1.2])
    ax, locator, key = fig.add_subplot(grid[:, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])
    fills = {int(code): mpl.colors.to_rgba(colours[i], 0.45) for i, code in enumerate(marked["region_code"])}
    outline(ax, rings, fills, default="0.93", edge="0.45")
    frame(ax, rings)
    halo = [withStroke(linewidth=3, foreground="white")]
    handles = []
    for i, (name, role) in enumerate(marks.items()):
        city, style = marked.loc[name], {"marker": "*" if i == 0 else "o", "color": colours[i],
                                         "markeredgecolor": "black", "linestyle": "none"}
        ax.plot(city["label_lon"], city["label_lat"], markersize=14 if i == 0 else 8, **style)
        handles.append(Line2D([], [], markersize=12 if i == 0 else 8, label=f"{name}: {role}", **style))
    for city in cities.itertuples():
        label = f"{city.name_zh} {city.name_en}"
        if city.name_en in marks:
            ax.annotate(label, (city.label_lon, city.label_lat), xytext=(0, -9), textcoords="offset points",
                        ha="center", va="top", fontsize=10, path_effects=halo)
        else:
            ax.text(*_centroid(rings, city.region_code), label, ha="center", va="center", fontsize=9,
                    color="0.25", path_effects=halo)
    ax.set_title(f"{place} and its {len(cities)} cities")
    outline(locator, china, {province_code: "0.25"}, default="0.85", edge="white")
    frame(locator, china)
    locator.set_title("Where it lies in China", fontsize=10)
    key.set_axis_off()
    key.legend(handles=handles, loc="upper left", title="Places the course visits", labelspacing=1.0)
    where = "; ".join(f"{name}, {marks[name]}, in the {compass(*_middle(rings, int(row.region_code)), rings)}"
                      for name, row in marked.iterrows())
    in_china = compass(*_middle(china, province_code), china, parts=2)
    alt = (f"Map of the {len(cities)} prefecture-level cities of {place}, each outlined and named: "
           f"{', '.join(cities.sort_values('label_lat', ascending=False)['name_en'])} (north to south). "
           f"Marked and filled in colour: {where}. Beside it, a small map of China's provinces shows {place} "
           f"filled, {in_china} of the map's middle.")
    return plots.Chart(fig, alt, sources.line("shanxi_city_map", "map_label_points", "china_province_map",
                                              note=f"coarse, simplified boundaries; {BOUNDARY_CAVEAT}"))
