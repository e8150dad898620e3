"""Grid bearings of the metric CRS as bearings from true (geographic) north.

The model works in the scenario's metric CRS: a camera's ``orientation_deg`` is a *grid* bearing
there, ``atan2(dx, dy)`` clockwise from the CRS's grid north (:func:`planner._geom.bearing_deg`),
and so is a sites layer's ``existing_orientation_deg`` as a GIS analyst measures it on the map.
An installer's compass (after declination) and a map app give bearings from *true* north, the
meridian. In a transverse Mercator CRS the two differ by the meridian convergence ``γ`` (positive
east of the central meridian in the northern hemisphere), and

    true bearing = grid bearing + γ

(true north's grid bearing is ``-γ``: east of the central meridian the meridians lean towards
it). SWEREF 99 TM (EPSG:3006, central meridian 15° E): γ = +1.03° at Katrineholm (16.2° E,
59.0° N), +8.31° at Haparanda (24.1° E, 65.8° N), -2.54° at Göteborg (12.0° E, 57.7° N); a camera
planned at grid bearing 30° near Haparanda faces 38.3° from true north.

:func:`true_bearing` converts each direction on its own: one metre along the grid bearing from
the point, both ends to longitude and latitude, and the geodesic azimuth between them on the
CRS's ellipsoid. For a conformal CRS (transverse Mercator, UTM, the SWEREF 99 zones, Lambert
conformal) that is the grid bearing plus the convergence of :func:`convergence` (PROJ's
``meridian_convergence``), for every direction; for one that is not (Lambert equal-area,
EPSG:3035) it is still the true azimuth of the direction the model drew.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from pyproj import CRS, Geod, Transformer

#: Decimals of the bearings the documents give (0.1°: an installer's compass reads whole degrees)
DECIMALS = 1


@lru_cache(maxsize=16)
def _tools(crs: str) -> tuple[Transformer, Geod, float]:
    parsed = CRS.from_user_input(crs)
    to_lonlat = Transformer.from_crs(parsed, parsed.geodetic_crs, always_xy=True)
    # (a geographic CRS's "grid" is longitude and latitude: a step of 1e-5° is about a metre)
    step = 1e-5 if parsed.is_geographic else 1.0
    return to_lonlat, parsed.get_geod() or Geod(ellps="GRS80"), step


def true_bearing(grid_deg: Any, x: Any, y: Any, crs: Any) -> np.ndarray:
    """Bearing from true north (degrees in [0, 360)) of grid bearings at points of ``crs``.

    Parameters
    ----------
    grid_deg
        Grid bearings in ``crs`` (0 = the CRS's grid north, clockwise); NaN stays NaN (a camera
        that sees all around has no direction).
    x, y
        The points' coordinates in ``crs`` (easting, northing).
    crs
        Anything pyproj reads (``"EPSG:3006"``, a :class:`pyproj.CRS`).
    """
    grid = np.atleast_1d(np.asarray(grid_deg, dtype=float))
    xs, ys = np.broadcast_to(np.asarray(x, dtype=float), grid.shape), np.broadcast_to(
        np.asarray(y, dtype=float), grid.shape)
    out = np.full(grid.shape, np.nan)
    ok = np.isfinite(grid) & np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return out
    to_lonlat, geod, step = _tools(_key(crs))
    rad = np.radians(grid[ok])
    lon0, lat0 = to_lonlat.transform(xs[ok], ys[ok])
    lon1, lat1 = to_lonlat.transform(xs[ok] + step * np.sin(rad), ys[ok] + step * np.cos(rad))
    azimuth, _, _ = geod.inv(lon0, lat0, lon1, lat1)
    out[ok] = np.mod(np.asarray(azimuth, dtype=float), 360.0)
    return out


def convergence(x: Any, y: Any, crs: Any) -> np.ndarray:
    """Meridian convergence γ (degrees) at points of ``crs``: true bearing = grid bearing + γ.

    The true bearing of grid north, in [-180, 180).
    """
    north = true_bearing(np.zeros(np.broadcast(np.asarray(x), np.asarray(y)).shape), x, y, crs)
    return np.mod(north + 180.0, 360.0) - 180.0


def grid_bearing(true_deg: Any, x: Any, y: Any, crs: Any) -> np.ndarray:
    """Bearings from true north at points of ``crs`` as its grid bearings, to 0.1°, in [0, 360).

    ``true − γ`` (:func:`convergence`): the inverse of :func:`true_bearing` for a conformal CRS,
    kept to :data:`DECIMALS` as the documents give the bearings, so that a plan's
    ``orientation_true_deg`` read back gives its grid bearing again. NaN stays NaN.
    """
    true = np.asarray(true_deg, dtype=float)
    return rounded(true - convergence(x, y, crs))


def rounded(deg: np.ndarray) -> np.ndarray:
    """Bearings to :data:`DECIMALS` decimals, in [0, 360) (359.96 is 0.0, not 360.0)."""
    return np.mod(np.round(np.asarray(deg, dtype=float), DECIMALS), 360.0)


def true_orientation(cameras: Any, crs: Any = None) -> np.ndarray:
    """Each camera's orientation from true north, to 0.1°, in [0, 360) (NaN: all around).

    ``cameras``: a GeoDataFrame of points with ``orientation_deg`` (grid bearings in its CRS,
    or ``crs`` where the frame has none), as ``Plan.cameras``. Its ``orientation_true_deg``
    where it has one (``Plan.cameras`` gets it when the plan is assembled: the documents and the
    map had each converted every camera again).
    """
    if not len(cameras):
        return np.zeros(0)
    if "orientation_true_deg" in cameras.columns:
        return cameras["orientation_true_deg"].to_numpy(dtype=float)
    frame_crs = cameras.crs if cameras.crs is not None else crs
    if frame_crs is None:
        raise ValueError("true_orientation: the cameras have no CRS")
    geometry = cameras.geometry
    return rounded(true_bearing(cameras["orientation_deg"].to_numpy(dtype=float),
                                geometry.x.to_numpy(), geometry.y.to_numpy(), frame_crs))


def _key(crs: Any) -> str:
    """A hashable key of ``crs`` for the cache (its user input string, or its WKT)."""
    return crs if isinstance(crs, str) else CRS.from_user_input(crs).to_wkt()
