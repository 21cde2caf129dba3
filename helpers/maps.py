"""Maps drawn with matplotlib from the course's vertex tables (no GIS stack): outlines, a choropleth, labels.

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
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from helpers.context_tables import MapRing

__all__ = ["MISSING_COLOUR", "MISSING_HATCH", "SEQUENTIAL", "choropleth", "frame", "missing_patch", "outline"]

SEQUENTIAL = "viridis_r"  # light = low, dark = high; perceptually uniform and readable with colour blindness
MISSING_COLOUR = "0.92"  # light grey: no data (never the colour of zero)
MISSING_HATCH = "///"  # and hatched, so "missing" does not depend on telling greys apart


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
