"""The uncovered demand points on the planner's maps: many small dots from one flat array.

A city has tens of thousands of them: written as delta-encoded integers (:class:`PointsLayer`)
and, above a limit, merged on a square grid (:func:`thin_points`). The layer name is in the
builder's ``language`` (``None`` for English; see :mod:`planner._lang`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from folium.map import Layer
from folium.template import Template

from planner._lang import pick, texts
from planner._map_html import fmt_int

#: the demand layer's name, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "uncovered": "Uncovered demand points ({n})",
        "uncovered_merged": "Uncovered demand points ({n}; merged in {cell} m cells)",
    },
    "sv": {
        "uncovered": "Behovspunkter utan täckning ({n})",
        "uncovered_merged": "Behovspunkter utan täckning ({n}; sammanslagna i rutor om {cell} m)",
    },
})

#: Decimal places of the uncovered demand dots (1e-5 deg is about 1 m; the dots are 3 px wide and
#: lie on a grid of 10 m or more).
POINT_DIGITS = 5


class PointsLayer(Layer):
    """Many points drawn as small, non-interactive circle markers from a flat coordinate array.

    Written as integers in units of ``10 ** -POINT_DIGITS`` degrees, each the difference from
    the point before (about 6 bytes per point on a demand grid; a GeoJSON feature needs about
    90). With the map's ``prefer_canvas`` they are drawn on one canvas, not as DOM elements.

    Parameters
    ----------
    points
        ``(n, 2)`` array of latitude, longitude.
    name
        Layer name.
    color
        Fill colour.
    radius
        Radius in pixels.
    show
        Whether the layer is on when the map opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function () {
            var d = {{ this.deltas|tojson }}, s = {{ this.scale }}, lat = 0, lon = 0;
            var opts = {{ this.style|tojson }};
            for (var i = 0; i < d.length; i += 2) {
                lat += d[i]; lon += d[i + 1];
                L.circleMarker([lat / s, lon / s], opts).addTo({{ this.get_name() }});
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        points: np.ndarray,
        *,
        name: str,
        color: str = "#303030",
        radius: float = 1.5,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointsLayer"
        scale = 10**POINT_DIGITS
        grid = np.rint(np.asarray(points, dtype=float).reshape(-1, 2) * scale).astype(np.int64)
        self.scale = scale
        self.points = (grid / scale).tolist()  # (as drawn)
        self.deltas = [int(v) for v in np.diff(grid, axis=0, prepend=np.zeros((1, 2), np.int64))
                       .ravel()]
        self.style = {
            "radius": radius,
            "stroke": False,
            "fillColor": color,
            "fillOpacity": 0.4,
            "interactive": False,
        }


def thin_points(xy: np.ndarray, max_points: int) -> tuple[np.ndarray, float]:
    """Merge points into square grid cells until at most ``max_points`` cells remain.

    Parameters
    ----------
    xy
        ``(n, 2)`` coordinates in a metric CRS.
    max_points
        The most points to keep.

    Returns
    -------
    tuple of (numpy.ndarray, float)
        The mean position of the points of each occupied cell (cells in sorted order), and the
        cell size in metres (0 when no merging was needed).
    """
    if len(xy) <= max_points:
        return xy, 0.0
    cell = 5.0
    while True:
        keys = np.floor(xy / cell).astype(np.int64)
        _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
        if len(counts) <= max_points:
            break
        cell *= 1.5
    inverse = inverse.ravel()
    mean_x = np.bincount(inverse, weights=xy[:, 0]) / counts
    mean_y = np.bincount(inverse, weights=xy[:, 1]) / counts
    return np.column_stack([mean_x, mean_y]), cell


def demand_layer(demand: gpd.GeoDataFrame, crs: str, *, max_points: int,
                 language: str | None = None) -> PointsLayer:
    """Demand points that no camera of the plan reaches (``level == 0``).

    Parameters
    ----------
    demand
        ``Plan.demand`` in its metric CRS.
    crs
        The plan's CRS (used when ``demand`` has none).
    max_points
        Above this many uncovered points, nearby points are merged on a grid
        (:func:`thin_points`) and the layer name gives the cell size.
    language
        The language of the layer name (``None``: English).

    Returns
    -------
    PointsLayer
        One small dot per uncovered point (or grid cell).
    """
    if "period" in demand.columns:  # (a plan of day and night, coverage.night_share: each
        # point twice; those uncovered at night, as the views drawn, hold those uncovered by day)
        demand = demand.loc[(demand["period"] == "night").to_numpy()]
    level = pd.to_numeric(demand["level"], errors="coerce").fillna(0)
    uncovered = demand.loc[(level <= 0).to_numpy()]
    uncovered = uncovered.loc[uncovered.geometry.notna() & ~uncovered.geometry.is_empty]
    xy = np.column_stack([uncovered.geometry.x.to_numpy(), uncovered.geometry.y.to_numpy()])
    thinned, cell = thin_points(xy, max_points)
    points = gpd.GeoSeries(gpd.points_from_xy(thinned[:, 0], thinned[:, 1]), crs=demand.crs or crs)
    wgs = points.to_crs("EPSG:4326")
    latlon = np.column_stack([wgs.y.to_numpy(), wgs.x.to_numpy()])
    t = pick(TEXT, language)
    n = fmt_int(len(uncovered), language=language)  # ("11,332"; Swedish "11 332")
    name = t["uncovered"].format(n=n)
    if cell:
        name = t["uncovered_merged"].format(n=n, cell=fmt_int(cell, language=language))
    return PointsLayer(latlon, name=name)
