"""Geometry helpers for coverage: bearings, building edges, camera eyes, sectors, shadows.

Conventions: all coordinates in the metric CRS; bearings are grid bearings there in degrees
(0 = the CRS's grid north, 90 = grid east, clockwise) in [0, 360). They differ from bearings from
true north by the meridian convergence (:mod:`planner._bearing`, which the documents use).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner.errors import InputError

#: A façade camera's eye is moved this far (metres) out of its own building, along the outward
#: normal of the nearest wall; its own building then blocks like any other.
FACADE_OFFSET_M = 0.5
#: A free-standing mount drawn on a wall (within :data:`EPS_M` of a footprint's boundary) is moved
#: this far (metres) out of that building along the wall's outward normal: on the wall itself
#: every wall of its building faced away from the eye, and it saw through the building.
ON_WALL_OFFSET_M = 0.01
#: Boundary tolerance of the "seen" rule: distance <= range + EPS_M and |angle| <= φ/2 + EPS_DEG.
EPS_M = 1e-6
EPS_DEG = 1e-6
#: Vertex spacing (degrees) of the arcs of sector and view polygons.
ARC_STEP_DEG = 1.0


def show(value: object) -> object:
    """Plain Python value for messages (``-1`` rather than ``np.int64(-1)``)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def checked_numbers(
    frame: pd.DataFrame,
    column: str,
    name_of: Callable[[int], str],
    *,
    fix: str,
    low: float = 0.0,
    high: float = math.inf,
    sep: str = " ",
) -> np.ndarray:
    """Column as floats; raise naming the first row that is missing, not finite or out of range.

    The message reads ``"{name_of(i)} has {column}{sep}{value!r}; {fix}"``.
    """
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < low) | (values > high)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{name_of(i)} has {column}{sep}{show(frame[column].iloc[i])!r}; {fix}")
    return values


def bearing_deg(dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    """Grid bearing (0 = grid north, clockwise) of vectors of the metric CRS, in [0, 360)."""
    out = np.degrees(np.arctan2(dx, dy))
    out = np.where(out < 0.0, out + 360.0, out)
    return np.where(out >= 360.0, out - 360.0, out)


def check_buildings(buildings: gpd.GeoDataFrame) -> np.ndarray:
    """Validate building footprints and return them oriented (exterior rings counter-clockwise).

    Parameters
    ----------
    buildings
        Footprints (Polygon/MultiPolygon, valid).

    Returns
    -------
    numpy.ndarray
        Geometries with the interior on the left of every ring (so outward normals are on the
        right of each edge).

    Raises
    ------
    InputError
        Naming the first bad footprint.
    """
    if not isinstance(buildings, gpd.GeoDataFrame):
        raise InputError(f"buildings: expected a GeoDataFrame, got {type(buildings).__name__}")
    geoms = buildings.geometry.to_numpy()
    if len(geoms) == 0:
        return geoms
    ids = (
        buildings["building_id"]
        if "building_id" in buildings.columns
        else pd.Series(range(len(geoms)))
    )
    tid = shapely.get_type_id(geoms)
    ok_type = np.isin(tid, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    bad = ~ok_type | shapely.is_empty(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"buildings layer: building {ids.iloc[i]!r} is not a non-empty polygon "
            f"({shapely.get_type_id(geoms[i])}); fix or drop the feature"
        )
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        i = int(np.flatnonzero(invalid)[0])
        raise InputError(
            f"buildings layer: building {ids.iloc[i]!r} has an invalid footprint "
            f"({shapely.is_valid_reason(geoms[i])}); repair it (e.g. shapely.make_valid)"
        )
    return np.asarray(shapely.orient_polygons(geoms))


@dataclass(frozen=True)
class Edges:
    """Straight edges of all building rings (interior left of a -> b), grouped by building."""

    a: np.ndarray  # (E, 2)
    b: np.ndarray  # (E, 2)
    building: np.ndarray  # (E,) building row index, non-decreasing
    start: np.ndarray  # (B,) first edge of each building
    count: np.ndarray  # (B,) edges of each building
    tree: shapely.STRtree  # over the footprints

    def near(self, points: np.ndarray, radius: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """(point index, edge index) for the edges of every footprint within ``radius`` of a point.

        Parameters
        ----------
        points
            Coordinates (n, 2).
        radius
            Radius per point or one radius.

        Returns
        -------
        tuple of numpy.ndarray
            Point and edge indices of each pair.
        """
        p_idx, b_idx = self.tree.query(shapely.points(points), predicate="dwithin", distance=radius)
        cnt = self.count[b_idx]
        rep = np.repeat(np.arange(len(p_idx)), cnt)
        within = np.arange(len(rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        return p_idx[rep], self.start[b_idx][rep] + within


def building_edges(geoms: np.ndarray, tree: shapely.STRtree | None = None) -> Edges:
    """Split oriented footprints into their edges.

    Parameters
    ----------
    geoms
        Oriented footprints from :func:`check_buildings`.
    tree
        An STRtree over ``geoms`` if one exists already.

    Returns
    -------
    Edges
        Edge end points, owning building, per-building ranges and the footprint STRtree.
    """
    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_owner = shapely.get_rings(parts, return_index=True)
    owner = part_owner[ring_owner]
    coords, ring_idx = shapely.get_coordinates(rings, return_index=True)
    same = ring_idx[1:] == ring_idx[:-1]
    a = coords[:-1][same]
    b = coords[1:][same]
    building = owner[ring_idx[:-1][same]]
    nonzero = np.any(a != b, axis=1)
    a, b, building = a[nonzero], b[nonzero], building[nonzero]
    count = np.bincount(building, minlength=len(geoms)).astype(np.int64)
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    return Edges(
        a=a,
        b=b,
        building=building,
        start=start,
        count=count,
        tree=shapely.STRtree(geoms) if tree is None else tree,
    )


def camera_eyes(
    xy: np.ndarray, building_ids: np.ndarray, buildings: gpd.GeoDataFrame, geoms: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Eye position and facing of each mount.

    A mount with a ``building_id`` (façade) looks out of its building: its eye is moved to
    :data:`FACADE_OFFSET_M` metres outside the nearest wall of that building (along the wall's
    outward normal) unless it already stands that far outside; its facing is the bearing of that
    normal. Other mounts face north (0) and keep their position, unless it lies on a wall (a
    pole snapped to a building outline): then it is moved :data:`ON_WALL_OFFSET_M` out of that
    building, so that the building blocks its view as it blocks any other.

    Parameters
    ----------
    xy
        Mount coordinates (n, 2).
    building_ids
        Own building id per mount (None/NaN for free-standing mounts).
    buildings
        Buildings layer (for the ``building_id`` column).
    geoms
        Oriented footprints (:func:`check_buildings`).

    Returns
    -------
    tuple of numpy.ndarray
        Eyes (n, 2) and facings in compass degrees (n,).

    Raises
    ------
    InputError
        When a mount names a building that is not in the buildings layer.
    """
    eyes = np.array(xy, dtype=float, copy=True)
    facing = np.zeros(len(eyes))
    has = ~pd.isna(pd.Series(building_ids, dtype=object)).to_numpy()
    _off_the_wall(eyes, ~has, geoms)
    if not has.any():
        return eyes, facing
    if "building_id" not in buildings.columns:
        raise InputError(
            "buildings layer: no building_id column, but façade mounts refer to buildings"
        )
    lookup = pd.Index(buildings["building_id"].astype(str))
    rows = lookup.get_indexer(np.asarray(building_ids, dtype=object)[has].astype(str))
    if (rows < 0).any():
        bad = np.asarray(building_ids, dtype=object)[has][rows < 0][0]
        raise InputError(
            f"sites layer: façade mount refers to building_id {bad!r}, which is not in the "
            "buildings layer; fix the id or clear it"
        )
    idx = np.flatnonzero(has)
    pts = shapely.points(eyes[idx])
    own = geoms[rows]
    boundary = shapely.boundary(own)
    nearest = shapely.line_interpolate_point(boundary, shapely.line_locate_point(boundary, pts))
    q = shapely.get_coordinates(nearest)
    inside = shapely.intersects(own, pts)
    dist = shapely.distance(boundary, pts)
    for j, i in enumerate(idx):
        if not inside[j] and dist[j] >= FACADE_OFFSET_M:
            v = eyes[i] - q[j]
            facing[i] = float(bearing_deg(np.array(v[0]), np.array(v[1])))
            continue
        normal = _outward_normal(own[j], q[j])
        eyes[i] = q[j] + FACADE_OFFSET_M * normal
        facing[i] = float(bearing_deg(np.array(normal[0]), np.array(normal[1])))
    return eyes, facing


def _off_the_wall(eyes: np.ndarray, free: np.ndarray, geoms: np.ndarray) -> None:
    """Move the ``free`` eyes that lie on a footprint's boundary just out of it (in place).

    Along the middle of the widest open arc around the eye (of every footprint near it): the
    outward normal of a wall, the bisector at a corner, and where two footprints meet at the
    eye (one's corner on the other's wall) the gap between them. (Moved out of one footprint
    alone, by its boundary's nearest point, the eye had landed in or on the other, and the
    first vertex of a courtyard's ring had been taken for the end of the outer ring.) An eye
    with no open arc (between two footprints sharing a wall) is moved into one: blind.
    """
    if not len(geoms) or not free.any():
        return
    idx = np.flatnonzero(free)
    pts = np.asarray(shapely.points(eyes[idx]), dtype=object)
    tree = shapely.STRtree(geoms)
    at, hit = tree.query(pts, predicate="dwithin", distance=EPS_M)
    # (inside a footprint: blind, as warned; within EPS_M of its wall the eye is on the wall,
    # either side: a pole snapped to a slanted outline lands a float hair inside or outside)
    deep = shapely.within(pts[at], geoms[hit]) & (
        shapely.distance(pts[at], shapely.boundary(geoms[hit])) > EPS_M)
    inside = at[deep]
    bearings = np.arange(0.5, 360.0, 1.0)  # (half degrees: never along an axis-parallel wall)
    ring = ON_WALL_OFFSET_M * np.stack(
        [np.sin(np.radians(bearings)), np.cos(np.radians(bearings))], axis=1)
    for j in np.setdiff1d(at, inside).tolist():
        near = geoms[tree.query(pts[j], predicate="dwithin", distance=2 * ON_WALL_OFFSET_M)]
        around = shapely.points(eyes[idx[j]] + ring)
        open_ = ~shapely.intersects(around[:, None], near[None, :]).any(axis=1)
        if not open_.any():
            eyes[idx[j]] -= ON_WALL_OFFSET_M * _outward_normal(geoms[hit[at == j][0]],
                                                               eyes[idx[j]])
            continue
        # the widest run of open bearings, around the circle
        twice = np.concatenate([open_, open_]).astype(np.int8)
        edges = np.diff(np.concatenate([[0], twice, [0]]))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        k = int(np.argmax(np.minimum(ends - starts, len(bearings))))
        mid = math.radians(float(bearings[0]) + (starts[k] + ends[k] - 1) / 2.0)
        eyes[idx[j]] += ON_WALL_OFFSET_M * np.array([math.sin(mid), math.cos(mid)])


def _outward_normal(geom: shapely.Geometry, q: np.ndarray) -> np.ndarray:
    """Unit outward normal of the edge of ``geom`` nearest to ``q`` (averaged at a corner)."""
    e = building_edges(np.array([geom]))
    d = e.b - e.a
    length = np.hypot(d[:, 0], d[:, 1])
    t = np.clip(np.einsum("ij,ij->i", q - e.a, d) / length**2, 0.0, 1.0)
    foot = e.a + t[:, None] * d
    gap = np.hypot(*(foot - q).T)
    near = gap <= gap.min() + 1e-6
    normals = np.stack([d[near, 1], -d[near, 0]], axis=1) / length[near, None]
    n = normals.sum(axis=0)
    norm = math.hypot(*n)
    if norm < 1e-12:
        n, norm = normals[0], 1.0
    return np.asarray(n / norm)


def sector_polygon(
    x: float, y: float, orientation_deg: float, hfov_deg: float, radius: float
) -> shapely.Geometry:
    """Sector (or disc for 360°) of a camera view, arcs with vertices every ``ARC_STEP_DEG``.

    Parameters
    ----------
    x, y
        Eye position.
    orientation_deg
        Grid bearing of the view axis (metric CRS).
    hfov_deg
        Opening angle.
    radius
        Range in metres.

    Returns
    -------
    shapely.Geometry
        A polygon (empty if the radius is 0).
    """
    if radius <= 0:
        return shapely.Polygon()
    if hfov_deg >= 360.0:
        n = int(360 / ARC_STEP_DEG)
        ang = np.radians(np.linspace(0.0, 360.0, n, endpoint=False))
        return shapely.Polygon(np.stack([x + radius * np.sin(ang), y + radius * np.cos(ang)], 1))
    n = max(2, math.ceil(hfov_deg / ARC_STEP_DEG) + 1)
    ang = np.radians(orientation_deg + np.linspace(-hfov_deg / 2, hfov_deg / 2, n))
    ring = np.concatenate(
        [[[x, y]], np.stack([x + radius * np.sin(ang), y + radius * np.cos(ang)], 1)]
    )
    return shapely.Polygon(ring)


def hidden_region(
    eye: np.ndarray, radius: float, edges: Edges, geoms: np.ndarray
) -> shapely.Geometry:
    """Part of the disc of ``radius`` around ``eye`` hidden by buildings (footprints included).

    The shadow of every building edge facing the eye (the region behind it, out past the radius)
    and the footprints themselves are united.

    Parameters
    ----------
    eye
        Eye coordinates (2,).
    radius
        Radius in metres.
    edges
        Building edges (:func:`building_edges`).
    geoms
        Oriented footprints.

    Returns
    -------
    shapely.Geometry
        The hidden region (may be empty).
    """
    near = edges.near(np.asarray(eye, dtype=float).reshape(1, 2), radius)[1]
    if len(near) == 0:
        return shapely.Polygon()
    a = edges.a[near] - eye
    b = edges.b[near] - eye
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    scale = np.hypot(*a.T) * np.hypot(*b.T)
    front = cross < -1e-12 * np.maximum(scale, 1.0)
    a, b = a[front], b[front]
    # far arc beyond the radius and beyond both ends, so that its chords (< 10° apart) never cut
    # the edge: the shadow polygon is then simple
    reach = np.maximum(np.hypot(*a.T), np.hypot(*b.T))
    far = (np.maximum(reach, radius) * 1.2 + 1.0) / math.cos(math.radians(5.0))
    ba = bearing_deg(a[:, 0], a[:, 1])
    span = np.mod(bearing_deg(b[:, 0], b[:, 1]) - ba, 360.0)
    k = 19  # arc vertices between the two far corners (spans < 180° -> steps < 10°)
    ang = np.radians(ba[:, None] + span[:, None] * np.linspace(1.0, 0.0, k)[None, :])
    arc = np.stack([far[:, None] * np.sin(ang), far[:, None] * np.cos(ang)], axis=2)
    ring = np.concatenate([a[:, None, :], b[:, None, :], arc], axis=1) + eye
    shadows = shapely.polygons(ring)
    blds = geoms[np.unique(edges.building[near])]
    parts = np.concatenate([shadows, blds])
    try:
        return shapely.union_all(parts)
    except shapely.errors.GEOSException:  # rare robustness failure: snap-round to 1 mm
        return shapely.union_all(parts, grid_size=1e-3)


def polygonal_part(geom: BaseGeometry | None) -> BaseGeometry | None:
    """The polygons of a geometry: itself when polygonal, else its polygon parts united.

    An intersection of polygons may come out as a GeometryCollection (a polygon and the line
    where two edges touch); Leaflet cannot draw one (a city-sized map lost every layer after
    the views), and the demand grid refuses it. ``None`` when there is no polygon part.
    """
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def visible_region(
    eye: np.ndarray, radius: float, edges: Edges, geoms: np.ndarray
) -> shapely.Geometry:
    """Disc of ``radius`` around ``eye`` minus the region hidden by buildings.

    Parameters
    ----------
    eye
        Eye coordinates (2,).
    radius
        Radius in metres.
    edges
        Building edges.
    geoms
        Oriented footprints.

    Returns
    -------
    shapely.Geometry
        The visible part of the disc.
    """
    disc = sector_polygon(float(eye[0]), float(eye[1]), 0.0, 360.0, radius * 1.001)
    if len(edges.a) == 0:
        return disc
    return shapely.difference(disc, hidden_region(eye, radius * 1.001, edges, geoms))
