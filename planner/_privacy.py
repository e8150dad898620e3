"""The privacy-zone area each camera option sees (the work of :func:`coverage.privacy_intrusion`).

Per mount within reach of a zone, the zones within reach are clipped to the mount's disc, the
region buildings hide is taken off them (``seen``), and every option of the mount gets the area
of its sector (at the option's range for the privacy level) within ``seen``. What makes it fast,
and why it is the same area:

* **Zone groups.** Zones that overlap or touch are dissolved once (connected groups of the
  "intersects" graph); groups are disjoint and do not touch, so the groups within reach of a
  mount form a valid MultiPolygon as they are, where the zones within reach had been united per
  mount. (A group may then bring a zone that lies just outside the mount's reach; the sectors
  end at the reach, so it adds nothing.)
* **One shadow per convex building.** The region a building hides is the union of the shadows of
  its edges facing the eye and its footprint. For a convex footprint seen from outside, the
  edges facing the eye form one chain, and that union is one simple polygon: the chain, then the
  far arc back from the chain's last bearing to its first (:func:`_shadows`). Other footprints
  (not convex, with holes, multi-part, or convex with facing edges in two runs: a side with a
  vertex on it grazed by the line of sight, where the front test's margin keeps one part of the
  side and not the other) keep the shadow of each edge and the footprint, as in
  :func:`planner._geom.hidden_region`. The union of a mount's shadows has about a third of the
  pieces, and no two share a ray from a common corner (which the overlay had to node). Every
  shadow is convex and closed outwards, so a shadow whose near points lie inside another one,
  and a footprint whose corners do, are left out of the union (:func:`_uncovered`: about a
  quarter of a city mount's shadows, buildings behind buildings).
* **Sector offsets.** The offsets of a sector's vertices from the eye depend on orientation,
  opening and range only; they are computed once per distinct triple with the very operations
  of :func:`planner._geom.sector_polygon` and added to each eye (the same coordinates, bit for
  bit), and a mount's sectors are built in one call.
* **Parts, not the whole, per sector** (:func:`_sector_areas`). A part of ``seen`` clearly
  inside a sector counts whole, one clearly outside not at all. For a sector of up to 180° whose
  arc vertices are 1° apart (a whole-degree opening), the parts across its edges are cut by the
  360-gon of its range with the same vertex phase (once per range and phase, for all the
  mount's orientations), and the area within the wedge is summed over the edges of the pieces
  (:func:`_wedge_areas`); other sectors, and any result under 1e-6 m² (whether a sliver is seen
  at all), go through the polygon overlay as before.

The areas agree with the per-mount construction to about 1e-8 m² (``tests/test_privacy_fast.py``
checks them against a per-option reference; the default Katrineholm plan is byte-identical).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components
from shapely.geometry.base import BaseGeometry

from planner._geom import Edges, bearing_deg, sector_polygon

Progress = Callable[[int, int], object]

#: Radius of the circle inside the chords of a sector's arc (vertices at most 1° apart), per metre.
_COS_HALF_STEP = math.cos(math.radians(0.5))
#: Angular margin (degrees) of the inside/outside decisions of :func:`_sector_areas`.
_EPS_DEG = 1e-4
#: Areas below this (m²) from the wedge formula are left to the overlay: whether a sliver is
#: seen at all is the overlay's answer, as it always was.
_SMALL_M2 = 1e-6
#: Vertices of a shadow's far arc (spans below 180° -> chords below 10°, as in hidden_region).
_ARC_VERTICES = 19


def zone_groups(zones: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dissolve overlapping or touching zones once.

    Returns
    -------
    tuple of numpy.ndarray
        The polygon parts of the groups (disjoint, not touching) and each zone's first and last+1
        part: ``parts[first[z]:end[z]]`` are the parts of zone ``z``'s group.
    """
    n = len(zones)
    tree = shapely.STRtree(zones)
    a, b = tree.query(zones, predicate="intersects")
    graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    n_groups, label = connected_components(graph, directed=False)
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(n_groups + 1))
    merged = np.empty(n_groups, dtype=object)
    for g in range(n_groups):
        members = order[bounds[g] : bounds[g + 1]]
        merged[g] = zones[members[0]] if len(members) == 1 else shapely.union_all(zones[members])
    parts, owner = shapely.get_parts(merged, return_index=True)
    keep = ~shapely.is_empty(parts)
    parts, owner = parts[keep], owner[keep]
    first = np.searchsorted(owner, np.arange(n_groups))
    end = np.searchsorted(owner, np.arange(n_groups), side="right")
    return parts, np.stack([first[label], end[label]], axis=1)


def convex_buildings(edges: Edges, geoms: np.ndarray) -> np.ndarray:
    """Whether each footprint is one convex polygon without holes (its ring turns left only)."""
    simple = (shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON) & (
        shapely.get_num_interior_rings(geoms) == 0
    )
    d = edges.b - edges.a
    nxt = np.arange(len(d)) + 1
    last = edges.start + edges.count - 1
    has = edges.count > 0
    nxt[last[has]] = edges.start[has]
    turn = d[:, 0] * d[nxt, 1] - d[:, 1] * d[nxt, 0]
    right = np.zeros(len(geoms), dtype=bool)
    np.logical_or.at(right, edges.building, turn < 0.0)
    return simple & has & ~right


def _shadows(
    eye: np.ndarray, radius: float, edges: Edges, geoms: np.ndarray, convex: np.ndarray
) -> np.ndarray:
    """Polygons whose union is the part of the disc around ``eye`` that buildings hide."""
    near = edges.near(np.asarray(eye, dtype=float).reshape(1, 2), radius)[1]
    if len(near) == 0:
        return np.empty(0, dtype=object)
    a = edges.a[near] - eye
    b = edges.b[near] - eye
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    scale = np.hypot(*a.T) * np.hypot(*b.T)
    front = cross < -1e-12 * np.maximum(scale, 1.0)
    bld = edges.building[near]
    # (indices local to the buildings in reach: no array the size of the town per mount)
    blds, local = np.unique(bld, return_inverse=True)
    # a chain begins at a front edge after a back edge; a convex footprint whose front edges
    # make more than one run (a grazed side with a vertex on it, by the front test's margin)
    # casts the shadows of its edges instead, as the other footprints do
    start, count = edges.start[bld], edges.count[bld]
    sorter = np.argsort(near)  # every edge of a building in reach is in ``near``
    prev = start + (near - start - 1) % count
    head = front & ~front[sorter[np.searchsorted(near, prev, sorter=sorter)]]
    runs = np.bincount(local[head], minlength=len(blds))
    chain = convex[bld] & (runs[local] == 1)
    # other footprints: each front edge's shadow (near points a, b) and the footprint
    single = front & ~chain
    has_front = np.zeros(len(blds), dtype=bool)
    has_front[local[front]] = True
    other = np.unique(bld[~chain | ~has_front[local]])  # (a convex one the eye only grazes, too)
    pts = [np.stack([a[single], b[single]], axis=1).reshape(-1, 2)]
    n_pts = [np.full(int(single.sum()), 2, dtype=np.int64)]
    # convex footprints: the chain of front edges, from the edge after a back edge, in ring order
    sel = front & chain
    if sel.any():
        b_of = bld[sel]
        pos = near[sel] - start[sel]
        first_pos = np.zeros(len(blds), dtype=np.int64)
        first_pos[local[sel & head]] = pos[head[sel]]
        rank = (pos - first_pos[local[sel]]) % count[sel]
        order = np.lexsort((rank, b_of))
        b_of, aa, bb = b_of[order], a[sel][order], b[sel][order]
        _, begin, n_edges = np.unique(b_of, return_index=True, return_counts=True)
        # per building: a of every chain edge, then b of the last one
        at = np.arange(len(b_of)) + np.repeat(np.arange(len(begin)), n_edges)
        chain_pts = np.empty((len(b_of) + len(begin), 2))
        chain_pts[at] = aa
        chain_pts[begin + n_edges - 1 + np.arange(len(begin)) + 1] = bb[begin + n_edges - 1]
        pts.append(chain_pts)
        n_pts.append(n_edges + 1)
    near_pts, n_near = np.concatenate(pts), np.concatenate(n_pts)
    polys = _shadow_polygons(near_pts, n_near, eye, radius)
    footprints = geoms[other]
    keep = _uncovered(polys, near_pts, n_near, footprints, eye)
    return np.concatenate([polys, footprints])[keep]


def _uncovered(
    shadows: np.ndarray,
    near_pts: np.ndarray,
    n_near: np.ndarray,
    footprints: np.ndarray,
    eye: np.ndarray,
) -> np.ndarray:
    """Which of the shadows, then the footprints, no single other shadow covers within the disc.

    Every shadow is convex (a wedge beyond the facing edges, within its far arc), and what lies
    beyond a point of it, out to the far arc (past the disc), is in it too. So a shadow whose near
    points (its chain) lie strictly inside another shadow adds nothing within the disc, nor does
    a footprint whose vertices all do; the union is the same there without them (a building
    behind another adds a third of a city mount's shadows and most of the union's work).
    """
    n_sh = len(shadows)
    keep = np.ones(n_sh + len(footprints), dtype=bool)
    if n_sh == 0:
        return keep
    ring_xy, ring_of = shapely.get_coordinates(shadows, return_index=True)
    ring_xy = ring_xy - eye
    same = ring_of[1:] == ring_of[:-1]
    a, b, edge_of = ring_xy[:-1][same], ring_xy[1:][same], ring_of[:-1][same]
    d = b - a
    turn = np.bincount(edge_of, weights=a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0], minlength=n_sh)
    fp_xy, fp_of = shapely.get_coordinates(shapely.get_exterior_ring(footprints),
                                           return_index=True)
    test = np.concatenate([near_pts, fp_xy - eye])
    owner = np.concatenate([np.repeat(np.arange(n_sh), n_near), n_sh + fp_of])
    # (edge, point): strictly on the inner side of the edge, with a margin of 1e-9 m
    side = (d[:, 0:1] * (test[None, :, 1] - a[:, 1:2]) - d[:, 1:2] * (test[None, :, 0] - a[:, 0:1]))
    side *= np.sign(turn)[edge_of][:, None]
    inner = side > 1e-9 * np.hypot(d[:, 0], d[:, 1])[:, None]
    e_start = np.searchsorted(edge_of, np.arange(n_sh))
    inside = np.logical_and.reduceat(inner, e_start, axis=0)  # (shadow, point)
    p_order = np.argsort(owner, kind="stable")
    p_start = np.searchsorted(owner[p_order], np.arange(len(keep)))
    has = np.diff(np.append(p_start, len(owner))) > 0
    covers = np.zeros((n_sh, len(keep)), dtype=bool)
    covers[:, has] = np.logical_and.reduceat(inside[:, p_order], p_start[has], axis=1)
    covers[np.arange(n_sh), np.arange(n_sh)] = False
    keep &= ~covers.any(axis=0)
    return keep


def _shadow_polygons(
    pts: np.ndarray, n_pts: np.ndarray, eye: np.ndarray, radius: float
) -> np.ndarray:
    """Shadows: each one's near points (relative to the eye, in order), then its far arc.

    The far arc runs from the bearing of the last near point back to that of the first, beyond
    the radius and beyond every near point (as in ``hidden_region``), so its chords never cut them.
    """
    if len(n_pts) == 0:
        return np.empty(0, dtype=object)
    begin = np.concatenate([[0], np.cumsum(n_pts)[:-1]])
    reach = np.maximum.reduceat(np.hypot(pts[:, 0], pts[:, 1]), begin)
    far = (np.maximum(reach, radius) * 1.2 + 1.0) / math.cos(math.radians(5.0))
    first, last = pts[begin], pts[begin + n_pts - 1]
    ba = bearing_deg(first[:, 0], first[:, 1])
    span = np.mod(bearing_deg(last[:, 0], last[:, 1]) - ba, 360.0)
    k = _ARC_VERTICES
    ang = np.radians(ba[:, None] + span[:, None] * np.linspace(1.0, 0.0, k)[None, :])
    arc = np.stack([far[:, None] * np.sin(ang), far[:, None] * np.cos(ang)], axis=2)
    total = n_pts + k
    start = np.concatenate([[0], np.cumsum(total)[:-1]])
    coords = np.empty((int(total.sum()), 2))
    coords[np.arange(len(pts)) + np.repeat(start - begin, n_pts)] = pts
    coords[((start + n_pts)[:, None] + np.arange(k)[None, :]).ravel()] = arc.reshape(-1, 2)
    rings = shapely.linearrings(coords + eye, indices=np.repeat(np.arange(len(n_pts)), total))
    return np.asarray(shapely.polygons(rings))


class Sectors:
    """Sector vertices relative to the eye, once per (orientation, opening, range)."""

    def __init__(self, orientation: np.ndarray, hfov: np.ndarray, reach: np.ndarray) -> None:
        keys = np.stack([orientation, hfov, reach], axis=1)
        uniq, self.kind = np.unique(keys, axis=0, return_inverse=True)
        self.kind = self.kind.ravel()
        offsets: list[np.ndarray] = []
        self.apex = np.zeros(len(uniq), dtype=bool)  # ring starts at the eye
        for t, (o, h, r) in enumerate(uniq):
            offsets.append(_offsets(float(o), float(h), float(r)))
            self.apex[t] = h < 360.0 and r > 0
        self.length = np.array([len(o) for o in offsets], dtype=np.int64)
        self.start = np.concatenate([[0], np.cumsum(self.length)[:-1]]).astype(np.int64)
        self.offsets = np.concatenate(offsets) if offsets else np.empty((0, 2))
        # sectors up to 180° whose arc vertices lie 1° apart (a whole-degree opening): their arc
        # is part of the 360-gon of their range with vertices at the same phase (``discs``)
        h, r = uniq[:, 1], uniq[:, 2]
        self.gridded = self.apex & (h <= 180.0) & (self.length == h + 1)
        phase = np.mod(uniq[:, 0] - h / 2.0, 1.0)
        key = np.where(self.gridded[:, None], np.stack([r, phase], axis=1), -1.0)
        disc_keys, self.disc = np.unique(key, axis=0, return_inverse=True)
        self.disc = self.disc.ravel()
        self.disc_offsets = np.zeros((len(disc_keys), 360, 2))
        for d, (rr, ph) in enumerate(disc_keys):
            if rr > 0:
                ang = np.radians(ph + np.arange(360.0))
                self.disc_offsets[d] = np.stack([rr * np.sin(ang), rr * np.cos(ang)], 1)
        first = self.offsets[np.minimum(self.start, max(len(self.offsets) - 1, 0))]
        last = self.offsets[np.maximum(self.start + self.length - 1, 0)]
        self.edge_first = np.where(self.gridded[:, None], first, 0.0)
        self.edge_last = np.where(self.gridded[:, None], last, 0.0)

    def polygons(self, x: float, y: float, options: np.ndarray) -> np.ndarray:
        """The sector polygons of some options at the eye ``(x, y)`` (as ``sector_polygon``)."""
        kind = self.kind[options]
        length = self.length[kind]
        rows = np.repeat(self.start[kind], length) + (
            np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length))
        off = self.offsets[rows]
        xy = np.stack([x + off[:, 0], y + off[:, 1]], axis=1)
        apex = np.flatnonzero(self.apex[kind])
        xy = np.insert(xy, (np.cumsum(length) - length)[apex], [x, y], axis=0)
        n_pts = length + self.apex[kind]
        out = np.empty(len(options), dtype=object)
        empty = n_pts == 0
        out[empty] = shapely.Polygon()
        if (~empty).any():
            rings = shapely.linearrings(
                xy, indices=np.repeat(np.arange(int((~empty).sum())), n_pts[~empty]))
            out[~empty] = shapely.polygons(rings)
        return out


def _offsets(orientation: float, hfov: float, radius: float) -> np.ndarray:
    """``sector_polygon``'s vertices less the eye, computed by its own operations."""
    if radius <= 0:
        return np.empty((0, 2))
    if hfov >= 360.0:
        n = int(360 / 1.0)
        ang = np.radians(np.linspace(0.0, 360.0, n, endpoint=False))
    else:
        n = max(2, math.ceil(hfov / 1.0) + 1)
        ang = np.radians(orientation + np.linspace(-hfov / 2, hfov / 2, n))
    return np.stack([radius * np.sin(ang), radius * np.cos(ang)], 1)


def intrusion(
    *,
    eyes: np.ndarray,
    blind: np.ndarray,
    site_of: np.ndarray,
    reach: np.ndarray,
    orientation: np.ndarray,
    hfov: np.ndarray,
    zones: np.ndarray,
    edges: Edges | None,
    geoms: np.ndarray,
    progress: Progress | None = None,
) -> np.ndarray:
    """Square metres of privacy zone each option sees within ``reach`` (see the module)."""
    out = np.zeros(len(site_of))
    radius = np.zeros(len(eyes))
    np.maximum.at(radius, site_of, reach)
    ztree = shapely.STRtree(zones)
    s_idx, z_idx = ztree.query(shapely.points(eyes), predicate="dwithin", distance=radius)
    keep = ~blind[s_idx]
    s_idx, z_idx = s_idx[keep], z_idx[keep]
    if len(s_idx) == 0:
        return out
    parts, span = zone_groups(zones)
    convex = convex_buildings(edges, geoms) if edges is not None else np.zeros(0, dtype=bool)
    sectors = Sectors(orientation, hfov, reach)
    by_site = np.argsort(site_of, kind="stable")
    site_first = np.searchsorted(site_of[by_site], np.arange(len(eyes) + 1))
    order = np.argsort(s_idx, kind="stable")
    s_idx, z_idx = s_idx[order], z_idx[order]
    mounts, first = np.unique(s_idx, return_index=True)
    bounds = np.append(first, len(s_idx))
    every = max(1, len(mounts) // 100)
    use_edges = edges is not None and len(edges.a) > 0
    for done, (s, lo, hi) in enumerate(zip(mounts, bounds[:-1], bounds[1:], strict=True), 1):
        if progress is not None and (done % every == 0 or done == len(mounts)):
            progress(done, len(mounts))
        groups = np.unique(span[z_idx[lo:hi]], axis=0)
        mine = parts[np.concatenate([np.arange(f, e) for f, e in groups])]
        near = _within_disc(mine, eyes[s], radius[s] * 1.001)
        if near.is_empty:
            continue
        if use_edges:
            assert edges is not None
            shadows = _shadows(eyes[s], radius[s] * 1.001, edges, geoms, convex)
            if len(shadows):
                try:
                    hidden = shapely.union_all(shadows)
                except shapely.errors.GEOSException:  # as hidden_region: snap-round to 1 mm
                    hidden = shapely.union_all(shadows, grid_size=1e-3)
                near = shapely.difference(near, hidden)
            if near.is_empty:
                continue
        members = by_site[site_first[s] : site_first[s + 1]]
        out[members] = _sector_areas(near, eyes[s], members, sectors, orientation, hfov, reach)
    return out


def _multi(polygons: np.ndarray) -> BaseGeometry:
    """A MultiPolygon of disjoint polygons."""
    return cast(BaseGeometry, shapely.multipolygons(polygons))


def _within_disc(zones: np.ndarray, eye: np.ndarray, radius: float) -> BaseGeometry:
    """The zones clipped to the disc polygon of ``radius`` (those well inside it are kept whole)."""
    xy, owner = shapely.get_coordinates(shapely.get_exterior_ring(zones), return_index=True)
    far = np.zeros(len(zones))
    np.maximum.at(far, owner, np.hypot(xy[:, 0] - eye[0], xy[:, 1] - eye[1]))
    inside = far < radius * _COS_HALF_STEP - 1e-6  # within the chords of the disc polygon
    if inside.all():
        return _multi(zones)
    disc = sector_polygon(float(eye[0]), float(eye[1]), 0.0, 360.0, radius)
    clipped = shapely.get_parts(shapely.intersection(_multi(zones[~inside]), disc))
    clipped = clipped[shapely.get_type_id(clipped) == shapely.GeometryType.POLYGON]
    return _multi(np.concatenate([zones[inside], clipped]))


def _sector_areas(
    seen: BaseGeometry,
    eye: np.ndarray,
    options: np.ndarray,
    sectors: Sectors,
    orientation: np.ndarray,
    hfov: np.ndarray,
    reach: np.ndarray,
) -> np.ndarray:
    """Area of ``seen`` within each option's sector.

    A part of ``seen`` well inside a sector counts whole, a part well outside not at all (both
    decided from its vertices, with a margin of 1e-6 m and 1e-4°), and only the parts near the
    sector's edges go through the overlay, together, as ``area(sector ∩ seen)`` had.
    """
    x, y = float(eye[0]), float(eye[1])
    parts = shapely.get_parts(seen)
    if not (shapely.get_type_id(parts) == shapely.GeometryType.POLYGON).all():
        return np.asarray(shapely.area(shapely.intersection(
            sectors.polygons(x, y, options), seen)))
    xy, owner = shapely.get_coordinates(shapely.get_exterior_ring(parts), return_index=True)
    dx, dy = xy[:, 0] - x, xy[:, 1] - y
    dist = np.hypot(dx, dy)
    bearing = bearing_deg(dx, dy)
    gap = shapely.distance(shapely.Point(x, y), parts)  # nearest point of each part
    start = np.searchsorted(owner, np.arange(len(parts)))
    o, h, r = orientation[options, None], hfov[options, None], reach[options, None]
    rel = np.mod(bearing[None, :] - o + 180.0, 360.0) - 180.0  # (options, vertices)
    half = h / 2.0
    in_v = (np.abs(rel) <= half - _EPS_DEG) & (dist[None, :] <= r * _COS_HALF_STEP - 1e-6) & (
        dist[None, :] > 1e-3)
    inside = np.logical_and.reduceat(in_v, start, axis=1) & (h <= 180.0)
    right = np.logical_and.reduceat(rel > half + _EPS_DEG, start, axis=1)
    left = np.logical_and.reduceat(rel < -half - _EPS_DEG, start, axis=1)
    spread = np.maximum.reduceat(rel, start, axis=1) - np.minimum.reduceat(rel, start, axis=1)
    beside = (right | left) & (spread < 180.0) & (gap[None, :] > 1e-3)
    outside = beside | (gap[None, :] >= r + 1e-6) | (r <= 0) | (h <= 0)
    cross = ~inside & ~outside
    area = inside.astype(float) @ np.asarray(shapely.area(parts))
    rows = np.flatnonzero(cross.any(axis=1))
    if len(rows) == 0:
        return area
    kind = sectors.kind[options[rows]]
    fast = sectors.gridded[kind]
    if fast.any():
        reach_v = np.maximum.reduceat(dist, start)
        got = _wedge_areas(parts, x, y, rows[fast], kind[fast], cross, reach_v, gap, r[:, 0],
                           sectors)
        ok = got >= _SMALL_M2  # (a sliver or nothing: the overlay decides, as it always had)
        area[rows[fast][ok]] += got[ok]
        slow = np.ones(len(rows), dtype=bool)
        slow[np.flatnonzero(fast)[ok]] = False
        rows = rows[slow]
    if len(rows):
        opt, part = np.nonzero(cross[rows])
        pieces = shapely.multipolygons(parts[part], indices=opt)
        area[rows] += shapely.area(shapely.intersection(
            sectors.polygons(x, y, options[rows]), pieces))
    return area


def _wedge_areas(
    parts: np.ndarray,
    x: float,
    y: float,
    rows: np.ndarray,
    kind: np.ndarray,
    cross: np.ndarray,
    reach_v: np.ndarray,
    gap: np.ndarray,
    r: np.ndarray,
    sectors: Sectors,
) -> np.ndarray:
    """Area of the crossing parts within the sectors of ``rows`` (gridded sectors only).

    A sector of up to 180° is its wedge (two rays from the eye) within the 360-gon of its range
    whose vertices include its arc's. The parts reaching past the circle inside that polygon's
    chords are cut by it, once per polygon; within the wedge, the area of a polygon is half the
    sum over its edges of ``cross(p, q)`` times the share of the edge inside the wedge (relative
    to the eye; Green's theorem: the wedge's own edges run through the eye and add nothing).
    """
    disc = sectors.disc[kind]
    arc_part = (reach_v[None, :] > r[rows, None] * _COS_HALF_STEP - 1e-6) & (
        gap[None, :] < r[rows, None] + 1e-6)
    # the parts each disc cuts: those an option of that disc crosses there
    discs, local = np.unique(disc, return_inverse=True)
    need = np.zeros((len(discs), len(parts)), dtype=bool)
    np.logical_or.at(need, local, cross[rows] & arc_part)
    cut_d, cut_p = np.nonzero(need)
    pieces: list[np.ndarray] = [parts]
    piece_disc = [np.full(len(parts), -1)]
    if len(cut_d):
        with_parts = np.unique(cut_d)
        groups = shapely.multipolygons(parts[cut_p], indices=np.searchsorted(with_parts, cut_d))
        rings = sectors.disc_offsets[discs[with_parts]] + np.array([x, y])
        polys = shapely.polygons(rings)
        cut = shapely.get_parts(shapely.intersection(groups, polys), return_index=True)
        keep = shapely.get_type_id(cut[0]) == shapely.GeometryType.POLYGON
        pieces.append(cut[0][keep])
        piece_disc.append(with_parts[cut[1][keep]])
    geoms = np.concatenate(pieces)
    of_disc = np.concatenate(piece_disc)
    # which pieces each option sums: its crossing parts not cut, and every piece its disc cut
    n_opt, n_part = len(rows), len(parts)
    use = np.zeros((n_opt, len(geoms)), dtype=bool)
    use[:, :n_part] = cross[rows] & ~(arc_part & need[local])
    use[:, n_part:] = of_disc[n_part:][None, :] == local[:, None]
    opt, piece = np.nonzero(use)
    # edges of every piece, relative to the eye, with the sign that makes holes subtract
    rings, ring_of = shapely.get_rings(geoms, return_index=True)
    xy, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    xy = xy - np.array([x, y])
    same = vertex_ring[1:] == vertex_ring[:-1]
    p, q, edge_ring = xy[:-1][same], xy[1:][same], vertex_ring[:-1][same]
    cr = p[:, 0] * q[:, 1] - p[:, 1] * q[:, 0]
    signed = np.bincount(edge_ring, weights=cr, minlength=len(rings))
    exterior = np.ones(len(rings), dtype=bool)
    exterior[1:] = ring_of[1:] != ring_of[:-1]
    sign = np.where(exterior, 1.0, -1.0) * np.sign(signed)
    edge_piece = ring_of[edge_ring]
    order = np.argsort(edge_piece, kind="stable")
    p, q, cr, edge_sign = p[order], q[order], cr[order], sign[edge_ring][order]
    e_first = np.searchsorted(edge_piece[order], np.arange(len(geoms)))
    e_count = np.bincount(edge_piece, minlength=len(geoms))
    n = e_count[piece]
    e = np.repeat(e_first[piece], n) + (np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n))
    o = np.repeat(opt, n)
    a, b = sectors.edge_first[kind[o]], sectors.edge_last[kind[o]]
    # inside the wedge: clockwise of its first ray and anticlockwise of its last (h <= 180)
    lo = np.zeros(len(e))
    hi = np.ones(len(e))
    for fp, fq in ((-(a[:, 0] * p[e, 1] - a[:, 1] * p[e, 0]), -(a[:, 0] * q[e, 1] - a[:, 1] * q[e, 0])),
                   (b[:, 0] * p[e, 1] - b[:, 1] * p[e, 0], b[:, 0] * q[e, 1] - b[:, 1] * q[e, 0])):
        with np.errstate(divide="ignore", invalid="ignore"):
            t = fp / (fp - fq)
        lo = np.where((fp < 0) & (fq >= 0), np.maximum(lo, t), lo)
        hi = np.where((fp >= 0) & (fq < 0), np.minimum(hi, t), hi)
        hi = np.where((fp < 0) & (fq < 0), 0.0, hi)
    share = np.clip(hi - lo, 0.0, 1.0)
    return np.bincount(o, weights=share * cr[e] * edge_sign[e], minlength=n_opt) / 2.0
