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
  clipped to the discs, its shadows (:func:`shadows_of`), their unions, their differences with
  the zones and the cuts of :mod:`planner._privacy_sectors` in one call each, and the sectors of
  all its options measured in one pass of arrays (:func:`planner._privacy_sectors.sector_areas`).
  Every overlay gets the geometries it had got mount by mount, and every sum adds the same terms
  in the same order: the areas are those of one mount at a time, bit for bit (a mount had spent
  most of its 5 ms on numpy calls on arrays of ~50 options and ~70 vertices).

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

from planner._geom import ARC_STEP_DEG, Edges, bearing_deg
from planner._privacy_sectors import COS_HALF_STEP, Sectors, _ranges, sector_areas

Progress = Callable[[int, int], object]

#: Mounts done together (each batch's overlays in one call each, its (option, vertex) pairs in
#: one array: about 200,000 in Katrineholm; the step's peak is some 70 MB above its start there,
#: 100 MB in a city of 50,000, where 256 had taken 180 and 320 MB for no less time).
_BATCH_MOUNTS = 64
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
    eyes = np.asarray(eye, dtype=float).reshape(1, 2)
    return shadows_of(eyes, np.array([radius], dtype=float), edges, geoms, convex)[0]


def shadows_of(
    eyes: np.ndarray, radius: np.ndarray, edges: Edges, geoms: np.ndarray, convex: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The shadows of :func:`_shadows` of many eyes at once, and each one's eye, grouped by eye.

    Each eye's are the very polygons, in the very order, of its own call (``tests`` check it):
    the shadows of single edges in the order of its edges in reach, those of convex footprints
    by building, then the footprints by building, those another shadow covers left out.
    """
    empty = np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    em, near = edges.near(eyes, radius)  # (by eye, in the order of one eye's query)
    if len(near) == 0:
        return empty
    a = edges.a[near] - eyes[em]
    b = edges.b[near] - eyes[em]
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    scale = np.hypot(*a.T) * np.hypot(*b.T)
    front = cross < -1e-12 * np.maximum(scale, 1.0)
    bld = edges.building[near]
    # (eye, building) pairs in reach: no array the size of the town per eye
    n_bld, n_edges = len(geoms), len(edges.a)
    key = em.astype(np.int64) * n_bld + bld
    keys, local = np.unique(key, return_inverse=True)
    local = local.ravel()
    # a chain begins at a front edge after a back edge; a convex footprint whose front edges
    # make more than one run (a grazed side with a vertex on it, by the front test's margin)
    # casts the shadows of its edges instead, as the other footprints do
    start, count = edges.start[bld], edges.count[bld]
    edge_key = em.astype(np.int64) * n_edges + near
    sorter = np.argsort(edge_key)  # every edge of a building in reach is in ``near``
    prev = em.astype(np.int64) * n_edges + start + (near - start - 1) % count
    head = front & ~front[sorter[np.searchsorted(edge_key, prev, sorter=sorter)]]
    runs = np.bincount(local[head], minlength=len(keys))
    chain = convex[bld] & (runs[local] == 1)
    # other footprints: each front edge's shadow (near points a, b) and the footprint
    single = front & ~chain
    has_front = np.zeros(len(keys), dtype=bool)
    has_front[local[front]] = True
    other = np.unique(key[~chain | ~has_front[local]])  # (a convex one the eye only grazes, too)
    pts = [np.stack([a[single], b[single]], axis=1).reshape(-1, 2)]
    n_pts = [np.full(int(single.sum()), 2, dtype=np.int64)]
    owner = [em[single]]
    # convex footprints: the chain of front edges, from the edge after a back edge, in ring order
    sel = front & chain
    if sel.any():
        k_of = key[sel]
        pos = near[sel] - start[sel]
        first_pos = np.zeros(len(keys), dtype=np.int64)
        first_pos[local[sel & head]] = pos[head[sel]]
        rank = (pos - first_pos[local[sel]]) % count[sel]
        order = np.lexsort((rank, k_of))
        k_of, aa, bb = k_of[order], a[sel][order], b[sel][order]
        chains, begin, n_chain = np.unique(k_of, return_index=True, return_counts=True)
        # per building: a of every chain edge, then b of the last one
        at = np.arange(len(k_of)) + np.repeat(np.arange(len(begin)), n_chain)
        chain_pts = np.empty((len(k_of) + len(begin), 2))
        chain_pts[at] = aa
        chain_pts[begin + n_chain - 1 + np.arange(len(begin)) + 1] = bb[begin + n_chain - 1]
        pts.append(chain_pts)
        n_pts.append(n_chain + 1)
        owner.append(chains // n_bld)
    # per eye: the single edges' shadows, then the chains'
    n_near = np.concatenate(n_pts)
    sh_eye = np.concatenate(owner)
    kind = np.repeat(np.arange(len(owner)), [len(o) for o in owner])
    order = np.lexsort((kind, sh_eye))
    near_pts = np.concatenate(pts)[_ranges((np.cumsum(n_near) - n_near)[order], n_near[order])]
    n_near, sh_eye = n_near[order], sh_eye[order]
    polys = _shadow_polygons(near_pts, n_near, eyes[sh_eye], radius[sh_eye])
    fp_eye = other // n_bld
    footprints = geoms[other % n_bld]
    keep = _uncovered(polys, sh_eye, near_pts, n_near, footprints, fp_eye, eyes)
    items = np.concatenate([polys, footprints])
    item_eye = np.concatenate([sh_eye, fp_eye])
    by_eye = np.lexsort((np.arange(len(items)) >= len(polys), item_eye))
    by_eye = by_eye[keep[by_eye]]
    return items[by_eye], item_eye[by_eye]


def _uncovered(
    shadows: np.ndarray,
    sh_eye: np.ndarray,
    near_pts: np.ndarray,
    n_near: np.ndarray,
    footprints: np.ndarray,
    fp_eye: np.ndarray,
    eyes: np.ndarray,
) -> np.ndarray:
    """Which of the shadows, then the footprints, no single other shadow of its eye covers.

    Every shadow is convex (a wedge beyond the facing edges, within its far arc), and what lies
    beyond a point of it, out to the far arc (past the disc), is in it too. So a shadow whose near
    points (its chain) lie strictly inside another shadow adds nothing within the disc, nor does
    a footprint whose vertices all do; the union is the same there without them (a building
    behind another adds a third of a city mount's shadows and most of the union's work).
    "Strictly inside" is inside by 1e-9 m from every edge; points outside a shadow's bounding
    box (widened by 1 mm) are not tested against its edges.
    """
    n_sh = len(shadows)
    n_items = n_sh + len(footprints)
    keep = np.ones(n_items, dtype=bool)
    if n_sh == 0:
        return keep
    ring_xy, ring_of = shapely.get_coordinates(shadows, return_index=True)
    ring_xy = ring_xy - eyes[sh_eye[ring_of]]
    same = ring_of[1:] == ring_of[:-1]
    a, b, edge_of = ring_xy[:-1][same], ring_xy[1:][same], ring_of[:-1][same]
    d = b - a
    turn = np.bincount(edge_of, weights=a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0], minlength=n_sh)
    turn_sign = np.sign(turn)
    e_first = np.searchsorted(edge_of, np.arange(n_sh))
    e_count = np.bincount(edge_of, minlength=n_sh)
    fp_xy, fp_of = shapely.get_coordinates(shapely.get_exterior_ring(footprints),
                                           return_index=True)
    test = np.concatenate([near_pts, fp_xy - eyes[fp_eye[fp_of]]])
    owner = np.concatenate([np.repeat(np.arange(n_sh), n_near), n_sh + fp_of])  # sorted
    p_first = np.searchsorted(owner, np.arange(n_items))
    p_count = np.bincount(owner, minlength=n_items)
    has = p_count > 0
    # bounding boxes: a shadow's (of its ring), an item's (of its test points)
    r_first = np.searchsorted(ring_of, np.arange(n_sh))
    sh_lo = np.minimum.reduceat(ring_xy, r_first) - 1e-3
    sh_hi = np.maximum.reduceat(ring_xy, r_first) + 1e-3
    it_lo = np.zeros((n_items, 2))
    it_hi = np.zeros((n_items, 2))
    it_lo[has] = np.minimum.reduceat(test, p_first[has])
    it_hi[has] = np.maximum.reduceat(test, p_first[has])
    # (shadow, item) pairs of one eye: the item's points within the shadow's box
    item_eye = np.concatenate([sh_eye, fp_eye])
    by_eye = np.lexsort((np.arange(n_items) >= n_sh, item_eye))
    n_eye = np.bincount(item_eye, minlength=len(eyes))
    eye_first = np.cumsum(n_eye) - n_eye
    ps = np.repeat(np.arange(n_sh), n_eye[sh_eye])
    pj = by_eye[_ranges(eye_first[sh_eye], n_eye[sh_eye])]
    ok = (ps != pj) & has[pj] & (it_lo[pj] >= sh_lo[ps]).all(axis=1) & (
        it_hi[pj] <= sh_hi[ps]).all(axis=1)
    ps, pj = ps[ok], pj[ok]
    if len(ps) == 0:
        return keep
    # (pair, point, edge): strictly on the inner side of the edge, with a margin of 1e-9 m
    n_p = p_count[pj]
    t_pair = np.repeat(np.arange(len(ps)), n_p)
    t_pt = _ranges(p_first[pj], n_p)
    n_e = e_count[ps[t_pair]]
    u_e = _ranges(e_first[ps[t_pair]], n_e)
    pt = test[np.repeat(t_pt, n_e)]
    aa, dd = a[u_e], d[u_e]
    side = dd[:, 0] * (pt[:, 1] - aa[:, 1]) - dd[:, 1] * (pt[:, 0] - aa[:, 0])
    side *= turn_sign[edge_of[u_e]]
    inner = side > 1e-9 * np.hypot(dd[:, 0], dd[:, 1])
    inside = np.logical_and.reduceat(inner, np.cumsum(n_e) - n_e)  # (pair, point)
    covers = np.logical_and.reduceat(inside, np.cumsum(n_p) - n_p)  # (pair)
    keep[pj[covers]] = False
    return keep


def _shadow_polygons(
    pts: np.ndarray, n_pts: np.ndarray, eye: np.ndarray, radius: np.ndarray
) -> np.ndarray:
    """Shadows: each one's near points (relative to its eye, in order), then its far arc.

    ``eye`` and ``radius``: each shadow's. The far arc runs from the bearing of the last near
    point back to that of the first, beyond the radius and beyond every near point (as in
    ``hidden_region``), so its chords never cut them.
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
    rings = shapely.linearrings(coords + np.repeat(eye, total, axis=0),
                                indices=np.repeat(np.arange(len(n_pts)), total))
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
        lit = np.flatnonzero(~shapely.is_empty(near))
        seen = near
        if use_edges and len(lit):
            assert edges is not None
            shadows, shadow_of = shadows_of(eyes[batch[lit]], r_disc[lit], edges, geoms, convex)
            seen = _less_hidden(near, shadows, lit[shadow_of])
        if progress is not None:
            for done in range(lo + 1, lo + len(batch) + 1):
                if done % every == 0 or done == len(mounts):
                    progress(done, len(mounts))
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
        discs = _discs(eyes[outer], radius[outer])
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


def _discs(eyes: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """``sector_polygon(x, y, 0, 360, r)`` of each eye and radius (> 0), by its own operations."""
    ang = np.radians(np.linspace(0.0, 360.0, int(360 / ARC_STEP_DEG), endpoint=False))
    sin, cos = np.sin(ang), np.cos(ang)
    xy = np.stack([eyes[:, 0:1] + radius[:, None] * sin, eyes[:, 1:2] + radius[:, None] * cos],
                  axis=2)
    return np.asarray(shapely.polygons(xy))


def _less_hidden(near: np.ndarray, shadows: np.ndarray, shadow_of: np.ndarray) -> np.ndarray:
    """``near`` less the union of each mount's shadows (``shadow_of``: their mounts, grouped)."""
    if len(shadows) == 0:
        return near
    mounts, first, count = np.unique(shadow_of, return_index=True, return_counts=True)
    grid = np.full((len(mounts), int(count.max())), None, dtype=object)
    grid[np.repeat(np.arange(len(mounts)), count),
         np.arange(len(shadows)) - np.repeat(first, count)] = shadows
    try:
        hidden = shapely.union_all(grid, axis=1)
    except shapely.errors.GEOSException:
        hidden = np.empty(len(mounts), dtype=object)
        for i, (f, n) in enumerate(zip(first, count, strict=True)):
            try:
                hidden[i] = shapely.union_all(shadows[f : f + n])
            except shapely.errors.GEOSException:  # as hidden_region: snap-round to 1 mm
                hidden[i] = shapely.union_all(shadows[f : f + n], grid_size=1e-3)
    seen = near.copy()
    seen[mounts] = shapely.difference(near[mounts], hidden)
    return seen
