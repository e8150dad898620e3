"""Demand points: where coverage is wanted, and how much each point is worth.

Weights
-------
Each residential area gets a target weight

    ``target = population × (1 + priority_gain × priority)``

(``priority`` in [0, 1] is the socioeconomic priority index of the area; with the default gain 1 an
area with the greatest challenges counts twice as much per resident as one with none). The target is
spread evenly over the area's demand points, so covering a share of an area's public space earns
that share of its target.

Grid demand
-----------
Points lie on a regular grid whose nodes are the integer multiples of ``spacing_m`` in the CRS
coordinates (the same nodes whatever the extent of the layers, so runs are reproducible), inside or
on the boundary of an area and outside every building footprint (boundary included: a point on a
wall is inside the building). A node on the shared boundary of two areas belongs to the first of
them in the layer's order. An area with no such node (smaller than the grid, or all built over) gets
one point at a representative point of its public space (or of the area if it is all built over), so
its weight is not lost.

Each area's weights sum exactly to its target in floating point, in any summation order: the target
``t`` is written as ``M × 2**e`` with an integer ``M`` < 2**53, and the ``n`` points get
``floor(M/n)`` or ``floor(M/n) + 1`` units of ``2**e`` (the first ``M mod n`` points the larger).
All partial sums are then exact integers times ``2**e``.
"""

from __future__ import annotations

import logging
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner._geom import EPS_M, checked_numbers
from planner.errors import InputError, plural

__all__ = ["area_weight_targets", "exact_split", "grid_demand", "user_demand"]

logger = logging.getLogger(__name__)

_CHUNK = 1_000_000  # grid nodes tested per block (bounds memory for large areas)


def _check_frame(frame: object, name: str, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(f"{name}: expected a GeoDataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{name} layer: missing column(s) {missing}; add them (see docs/architecture.md)"
        )
    return frame


def area_weight_targets(areas: gpd.GeoDataFrame, *, priority_gain: float = 1.0) -> pd.Series:
    """Target demand weight of each area: ``population × (1 + priority_gain × priority)``.

    Parameters
    ----------
    areas
        Areas with ``area_id`` (unique), ``population`` (>= 0) and ``priority`` (in [0, 1]).
    priority_gain
        How much more a resident of the highest-priority area counts (>= 0; 0 weights by
        population only).

    Returns
    -------
    pandas.Series
        Float targets indexed by ``area_id``, in the layer's order.

    Raises
    ------
    InputError
        For missing columns, duplicate ids, negative or missing population, priority outside
        [0, 1] or a negative gain; the message names the area.
    """
    _check_frame(areas, "areas", ("area_id", "population", "priority"))
    if not (math.isfinite(priority_gain) and priority_gain >= 0):
        raise InputError(f"priority_gain = {priority_gain!r} must be a finite number >= 0")
    ids = areas["area_id"]
    dup = ids[ids.duplicated()].tolist()
    if dup:
        raise InputError(f"areas layer: duplicate area_id {dup[:5]}; give each area a unique id")
    def area(i: int) -> str:
        return f"areas layer: area {ids.iloc[i]!r}"

    pop = checked_numbers(areas, "population", area, fix="give a whole number >= 0")
    pri = checked_numbers(areas, "priority", area, fix="give a number in [0, 1]", high=1.0)
    return pd.Series(
        pop * (1.0 + priority_gain * pri), index=pd.Index(ids, name="area_id"), name="weight"
    )


def exact_split(total: float, n: int) -> np.ndarray:
    """Split ``total`` into ``n`` near-equal floats whose sum is exactly ``total`` in any order.

    Parameters
    ----------
    total
        A finite number >= 0.
    n
        Number of parts (>= 1).

    Returns
    -------
    numpy.ndarray
        ``n`` weights; they differ by at most one unit in the last place of ``total``.
    """
    if n < 1:
        raise ValueError("n must be >= 1")
    if total == 0:
        return np.zeros(n)
    exp = max(math.frexp(total)[1] - 53, -1074)  # quantum 2**exp (subnormals: the least one)
    units = int(math.ldexp(total, -exp))  # exact integer < 2**53
    base, extra = divmod(units, n)
    counts = np.full(n, base, dtype=np.float64)
    counts[:extra] += 1.0
    return np.ldexp(counts, exp)


def _public_point(geom: BaseGeometry, btree: shapely.STRtree | None,
                  buildings: gpd.GeoDataFrame) -> BaseGeometry:
    """One representative point of ``geom``'s public space, else of ``geom`` itself.

    Public space: outside ``buildings`` (indexed by ``btree``; ``None``: no buildings); ``geom``
    where they cover it all. An area's or a place's one demand point where no grid node lies in
    it (:func:`grid_demand`, :func:`planner._places.place_demand`).
    """
    public = geom
    if btree is not None:
        near = btree.query(geom, predicate="intersects")
        if len(near):
            public = shapely.difference(
                geom, shapely.union_all(buildings.geometry.to_numpy()[near])
            )
    return shapely.point_on_surface(geom if public.is_empty else public)


def _grid_nodes(
    geom: BaseGeometry, spacing: float, btree: shapely.STRtree | None, budget: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Grid nodes (integer indices, points) in ``geom``, outside buildings; None past ``budget``.

    "In" and "on a building" both hold within :data:`~planner._geom.EPS_M` of the boundary:
    reprojecting moves edges by 1e-10 m, and a grid of nodes on the edges of areas and walls
    (gridded or schematic data) had lost or gained whole rows of them between the same data in
    EPSG:4326 and in EPSG:3006 (two different plans).
    """
    minx, miny, maxx, maxy = geom.bounds
    ix0, ix1 = math.ceil((minx - EPS_M) / spacing), math.floor((maxx + EPS_M) / spacing)
    iy0, iy1 = math.ceil((miny - EPS_M) / spacing), math.floor((maxy + EPS_M) / spacing)
    if ix1 < ix0 or iy1 < iy0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, dtype=object)
    nx = ix1 - ix0 + 1
    rows_per_block = max(1, _CHUNK // nx)
    geom = shapely.buffer(geom, EPS_M, quad_segs=2)
    shapely.prepare(geom)
    xs_i = np.arange(ix0, ix1 + 1, dtype=np.int64)
    out_x: list[np.ndarray] = []
    out_y: list[np.ndarray] = []
    out_p: list[np.ndarray] = []
    n = 0
    for r0 in range(iy0, iy1 + 1, rows_per_block):
        ys_i = np.arange(r0, min(r0 + rows_per_block, iy1 + 1), dtype=np.int64)
        mx, my = np.meshgrid(xs_i, ys_i)
        gx, gy = mx.ravel(), my.ravel()
        inside = shapely.intersects_xy(geom, gx * spacing, gy * spacing)
        gx, gy = gx[inside], gy[inside]
        pts = shapely.points(gx * spacing, gy * spacing)
        assert isinstance(pts, np.ndarray)  # 1-D coordinates give an array, never one Point
        if btree is not None and len(gx):
            hit = btree.query(pts, predicate="dwithin", distance=EPS_M)[0]
            keep = np.ones(len(gx), dtype=bool)
            keep[hit] = False
            gx, gy, pts = gx[keep], gy[keep], pts[keep]
        n += len(gx)
        if n > budget:
            return None
        out_x.append(gx)
        out_y.append(gy)
        out_p.append(pts)
    return np.concatenate(out_x), np.concatenate(out_y), np.concatenate(out_p)


def grid_demand(
    areas: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    spacing_m: float = 10.0,
    priority_gain: float = 1.0,
    max_points: int = 2_000_000,
    scenario: str | None = None,
) -> gpd.GeoDataFrame:
    """Regular-grid demand points in the public space of the areas (see the module notes).

    Parameters
    ----------
    areas
        Areas (``area_id``, ``population``, ``priority``, polygon geometry) in a metric CRS.
    buildings
        Building footprints in the same CRS (may be empty).
    spacing_m
        Grid spacing in metres (scenario key ``demand.grid_spacing_m``).
    priority_gain
        See :func:`area_weight_targets`.
    max_points
        Refuse to create more points than this.
    scenario
        The scenario file whose keys the max-points message names (it leads the message).

    Returns
    -------
    geopandas.GeoDataFrame
        ``area_id``, ``weight``, point geometry; ordered by area (layer order), then by grid row
        (south to north) and column (west to east).

    Raises
    ------
    InputError
        For bad layers, a non-positive spacing, or when more than ``max_points`` points would be
        created: the message names the scenario keys ``demand.grid_spacing_m`` and
        ``demand.max_points``.
    """
    where = f"{scenario}: " if scenario else ""
    targets = area_weight_targets(areas, priority_gain=priority_gain)
    _check_frame(buildings, "buildings", ())
    if not (math.isfinite(spacing_m) and spacing_m > 0):
        raise InputError(
            f"demand grid spacing (scenario key demand.grid_spacing_m) = {spacing_m!r} must be "
            "a positive number of metres"
        )
    if areas.crs is not None and buildings.crs is not None and areas.crs != buildings.crs:
        raise InputError(
            f"buildings layer: CRS {buildings.crs} differs from the areas' CRS {areas.crs}; "
            "reproject both to the scenario CRS"
        )
    geoms = areas.geometry.to_numpy()
    bad = [
        str(a)
        for a, g in zip(areas["area_id"], geoms, strict=True)
        if g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon")
    ]
    if bad:
        raise InputError(
            f"areas layer: area(s) {bad[:5]} have no polygon geometry; fix or drop them"
        )
    btree = shapely.STRtree(buildings.geometry.to_numpy()) if len(buildings) else None

    keys_all: list[np.ndarray] = []
    pts_all: list[np.ndarray] = []
    area_all: list[np.ndarray] = []
    n_total = 0
    for a, geom in enumerate(geoms):
        nodes = _grid_nodes(geom, spacing_m, btree, max_points - n_total)
        if nodes is None:
            raise InputError(
                f"{where}demand grid: more than max_points = {max_points:,} points at a spacing of "
                f"{spacing_m:g} m (reached in area {areas['area_id'].iloc[a]!r}); raise the "
                "scenario key demand.grid_spacing_m (or demand.max_points), or give user "
                "demand points"
            )
        ix, iy, pts = nodes
        n_total += len(ix)
        order = np.lexsort((ix, iy))
        keys_all.append(np.stack([iy[order], ix[order]], axis=1))
        pts_all.append(pts[order])
        area_all.append(np.full(len(ix), a, dtype=np.int64))
    keys = np.concatenate(keys_all) if keys_all else np.empty((0, 2), np.int64)
    points = np.concatenate(pts_all) if pts_all else np.empty(0, dtype=object)
    area_idx = np.concatenate(area_all) if area_all else np.empty(0, np.int64)
    if len(keys):
        # a node on a shared boundary belongs to the first area (np.unique keeps the first index)
        lo = keys.min(axis=0)
        flat = (keys[:, 0] - lo[0]) * (int(keys[:, 1].max() - lo[1]) + 1) + (keys[:, 1] - lo[1])
        _, first = np.unique(flat, return_index=True)
        first.sort()
        points, area_idx = points[first], area_idx[first]

    counts = np.bincount(area_idx, minlength=len(areas))
    empty = np.flatnonzero(counts == 0)
    extra: list[shapely.Geometry] = []
    for a in empty.tolist():
        extra.append(_public_point(geoms[a], btree, buildings))
    if len(empty):
        logger.info(
            "%s no grid point in public space; one representative point each",
            plural(len(empty), "area") + (" has" if len(empty) == 1 else " have"),
        )
        points = np.concatenate([points, np.array(extra, dtype=object)])
        area_idx = np.concatenate([area_idx, empty])
        order = np.argsort(area_idx, kind="stable")
        points, area_idx = points[order], area_idx[order]
    if len(points) > max_points:
        raise InputError(
            f"{where}demand grid: {len(points):,} points exceed max_points = {max_points:,} at "
            f"a spacing of {spacing_m:g} m; raise the scenario key demand.grid_spacing_m"
        )
    counts = np.bincount(area_idx, minlength=len(areas))
    weights = np.empty(len(points))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    for a, (s, n) in enumerate(zip(starts, counts, strict=True)):
        weights[s : s + n] = exact_split(float(targets.iloc[a]), int(n))
    logger.debug("grid demand: %d points in %d areas at %g m", len(points), len(areas), spacing_m)
    return gpd.GeoDataFrame(
        {"area_id": areas["area_id"].to_numpy()[area_idx], "weight": weights},
        geometry=points,
        crs=areas.crs,
    )


def user_demand(
    points: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame | None = None,
    *,
    weight_column: str = "weight",
) -> gpd.GeoDataFrame:
    """User-given demand points (reported incidents, entrances, ...) with their own weights.

    Parameters
    ----------
    points
        Point layer with a numeric, finite, non-negative weight column.
    areas
        Optional areas (``area_id``, polygons, same CRS): points without an ``area_id`` get the id
        of the first area that contains them (boundary included); points outside every area keep a
        missing ``area_id``.
    weight_column
        Name of the weight column.

    Returns
    -------
    geopandas.GeoDataFrame
        ``area_id``, ``weight``, point geometry, in the input order (index reset).

    Raises
    ------
    InputError
        For a missing or bad weight, non-point or empty geometry, or mismatched CRS.
    """
    _check_frame(points, "demand points", (weight_column,))
    w = checked_numbers(
        points,
        weight_column,
        lambda i: f"demand points: feature {i}",
        fix="give a finite number >= 0",
        sep=" = ",
    )
    geoms = points.geometry.to_numpy()
    is_pt = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
    bad = ~is_pt | shapely.is_empty(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"demand points: feature {i} is not a non-empty Point; give point geometries"
        )
    if "area_id" in points.columns:
        area_id = points["area_id"].astype(object).to_numpy()
    else:
        area_id = np.full(len(points), None, dtype=object)
    if areas is not None:
        _check_frame(areas, "areas", ("area_id",))
        if points.crs != areas.crs:
            raise InputError(
                f"demand points: CRS {points.crs} differs from the areas' CRS {areas.crs}; "
                "reproject to the scenario CRS"
            )
        missing = pd.isna(area_id)
        if missing.any():
            tree = shapely.STRtree(areas.geometry.to_numpy())
            p_idx, a_idx = tree.query(geoms[missing], predicate="intersects")
            order = np.lexsort((a_idx, p_idx))
            p_idx, a_idx = p_idx[order], a_idx[order]
            first = np.unique(p_idx, return_index=True)[1]
            rows = np.flatnonzero(missing)[p_idx[first]]
            area_id[rows] = areas["area_id"].to_numpy()[a_idx[first]]
    return gpd.GeoDataFrame({"area_id": area_id, "weight": w}, geometry=geoms, crs=points.crs)
