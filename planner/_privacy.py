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
* **Mounts in batches.** The mounts are done :data:`_BATCH_MOUNTS` at a time: each batch's zones
  clipped to the discs, the unions of its shadows, their differences with the zones and the
  cuts of :mod:`planner._privacy_sectors` in one call each, and the sectors of all its options
  measured in one pass of arrays (:func:`planner._privacy_sectors.sector_areas`). Only the
  shadows are built mount by mount. Every overlay gets the geometries it had got mount by mount,
  and every sum adds the same terms in the same order: the areas are those of one mount at a
  time, bit for bit (a mount had spent most of its 5 ms on numpy calls on arrays of ~50 options
  and ~70 vertices).

The parts per sector and the wedge formula are :mod:`planner._privacy_sectors`'. The areas agree
with the per-mount construction to about 1e-8 m² (``tests/test_privacy_fast.py`` checks them
against a per-option reference; the default Katrineholm plan is byte-identical).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import shapely
from scipy.sparse.csgraph import connected_components

from planner._geom import Edges, bearing_deg, sector_polygon
from planner._privacy_sectors import COS_HALF_STEP, Sectors, _ranges, sector_areas

Progress = Callable[[int, int], object]

#: Mounts done together (each batch's overlays in one call each, its (option, vertex) pairs in
#: one array: about 0.9 million for Katrineholm's, 30 MB an array).
_BATCH_MOUNTS = 256
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
    mounts, pair_mount, pair_part = _mount_parts(s_idx, z_idx, span)
    ring_xy, ring_of = shapely.get_coordinates(shapely.get_exterior_ring(parts),
                                               return_index=True)
    ring_first = np.searchsorted(ring_of, np.arange(len(parts)))
    ring_count = np.bincount(ring_of, minlength=len(parts))
    every = max(1, len(mounts) // 100)
    use_edges = edges is not None and len(edges.a) > 0
    for lo in range(0, len(mounts), _BATCH_MOUNTS):
        batch = mounts[lo : lo + _BATCH_MOUNTS]
        a, b = np.searchsorted(pair_mount, [lo, lo + len(batch)])
        r_disc = radius[batch] * 1.001
        near = _within_discs(parts, ring_xy, ring_first, ring_count, pair_mount[a:b] - lo,
                             pair_part[a:b], eyes[batch], r_disc)
        empty = shapely.is_empty(near)
        shadows: list[np.ndarray] = []
        for i, s in enumerate(batch):
            done = lo + i + 1
            if progress is not None and (done % every == 0 or done == len(mounts)):
                progress(done, len(mounts))
            if use_edges and not empty[i]:
                assert edges is not None
                shadows.append(_shadows(eyes[s], r_disc[i], edges, geoms, convex))
            else:
                shadows.append(np.empty(0, dtype=object))
        seen = _less_hidden(near, shadows)
        ok = np.flatnonzero(~shapely.is_empty(seen))
        if len(ok) == 0:
            continue
        count = site_first[batch[ok] + 1] - site_first[batch[ok]]
        options = by_site[_ranges(site_first[batch[ok]], count)]
        out[options] = sector_areas(seen[ok], eyes[batch[ok]], options,
                                    np.repeat(np.arange(len(ok)), count), sectors, orientation,
                                    hfov, reach)
    return out


def _mount_parts(s_idx: np.ndarray, z_idx: np.ndarray,
                 span: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mounts near zones, and (mount, zone-group part) pairs: each mount's groups in order.

    Returns the mounts (sorted) and, per pair, the mount's position among them and the part.
    """
    g = span[z_idx]
    order = np.lexsort((g[:, 1], g[:, 0], s_idx))
    s_sorted, g_sorted = s_idx[order], g[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (s_sorted[1:] != s_sorted[:-1]) | (g_sorted[1:] != g_sorted[:-1]).any(axis=1)
    g_mount, g_first, g_end = s_sorted[new], g_sorted[new, 0], g_sorted[new, 1]
    mounts, position = np.unique(g_mount, return_inverse=True)
    n = g_end - g_first
    return mounts, np.repeat(position.ravel(), n), _ranges(g_first, n)


def _within_discs(parts: np.ndarray, ring_xy: np.ndarray, ring_first: np.ndarray,
                  ring_count: np.ndarray, pair_mount: np.ndarray, pair_part: np.ndarray,
                  eyes: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """Each mount's zone parts clipped to its disc polygon of ``radius`` (a MultiPolygon each).

    Parts well inside the disc are kept whole, before the clipped ones; ``ring_*``: every part's
    exterior vertices.
    """
    n_mounts = len(eyes)
    xy = ring_xy[_ranges(ring_first[pair_part], ring_count[pair_part])]
    at = np.repeat(pair_mount, ring_count[pair_part])
    dist = np.hypot(xy[:, 0] - eyes[at, 0], xy[:, 1] - eyes[at, 1])
    far = np.maximum.reduceat(dist, np.cumsum(ring_count[pair_part]) - ring_count[pair_part])
    inside = far < radius[pair_mount] * COS_HALF_STEP - 1e-6  # within the chords of the disc
    geoms, owner = [parts[pair_part[inside]]], [pair_mount[inside]]
    outer = np.unique(pair_mount[~inside])
    if len(outer):
        loc = np.searchsorted(outer, pair_mount[~inside])
        discs = [sector_polygon(float(eyes[m, 0]), float(eyes[m, 1]), 0.0, 360.0,
                                float(radius[m])) for m in outer]
        clipped, clip_of = shapely.get_parts(shapely.intersection(
            shapely.multipolygons(parts[pair_part[~inside]], indices=loc), discs),
            return_index=True)
        polygon = shapely.get_type_id(clipped) == shapely.GeometryType.POLYGON
        geoms.append(clipped[polygon])
        owner.append(outer[clip_of[polygon]])
    first = np.concatenate([np.zeros(len(owner[0]), dtype=np.int8),
                            np.ones(len(owner[-1]) if len(owner) > 1 else 0, dtype=np.int8)])
    all_geoms, all_owner = np.concatenate(geoms), np.concatenate(owner)
    order = np.lexsort((first, all_owner))
    near = np.array([shapely.MultiPolygon()] * n_mounts, dtype=object)
    if len(order):
        shapely.multipolygons(all_geoms[order], indices=all_owner[order], out=near)
    return near


def _less_hidden(near: np.ndarray, shadows: list[np.ndarray]) -> np.ndarray:
    """``near`` less the union of each mount's shadows (where it has any)."""
    with_shadows = np.flatnonzero([len(s) > 0 for s in shadows])
    if len(with_shadows) == 0:
        return near
    grid = np.full((len(with_shadows), max(len(shadows[i]) for i in with_shadows)), None,
                   dtype=object)
    for row, i in enumerate(with_shadows):
        grid[row, : len(shadows[i])] = shadows[i]
    try:
        hidden = shapely.union_all(grid, axis=1)
    except shapely.errors.GEOSException:
        hidden = np.empty(len(with_shadows), dtype=object)
        for row, i in enumerate(with_shadows):
            try:
                hidden[row] = shapely.union_all(shadows[i])
            except shapely.errors.GEOSException:  # as hidden_region: snap-round to 1 mm
                hidden[row] = shapely.union_all(shadows[i], grid_size=1e-3)
    seen = near.copy()
    seen[with_shadows] = shapely.difference(near[with_shadows], hidden)
    return seen
