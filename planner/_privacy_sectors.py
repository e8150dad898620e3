"""The area of what a mount sees within each of its options' sectors, for many mounts at once.

The work of :func:`planner._privacy.intrusion` once each mount's ``seen`` (the privacy zones
within its reach, less what buildings hide) is known. Every mount is done as it was one by one,
the very same operations on the very same numbers, only batched: the (option, vertex) pairs of
all the mounts of a batch in one array, the overlays of all of them in one call each. So the
areas are the same bit for bit: each polygon overlay gets the same geometries, every sum adds the
same terms in the same order (an option's parts inside its sector by the mount's own
matrix-vector product, the wedge's edges by ``bincount`` in the order the mount had them).

* **Parts, not the whole, per sector** (:func:`sector_areas`). A part of ``seen`` clearly
  inside a sector counts whole, one clearly outside not at all (decided from its vertices, with a
  margin of 1e-6 m and 1e-4°). For a sector of up to 180° whose arc vertices are 1° apart (a
  whole-degree opening), the parts across its edges are cut by the 360-gon of its range with the
  same vertex phase (once per mount, range and phase, for all the mount's orientations), and the
  area within the wedge is summed over the edges of the pieces (:func:`_wedge_areas`); other
  sectors, and any result under 1e-6 m² (whether a sliver is seen at all), go through the
  polygon overlay.
* **Sector offsets** (:class:`Sectors`). The offsets of a sector's vertices from the eye depend
  on orientation, opening and range only; they are computed once per distinct triple with the
  very operations of :func:`planner._geom.sector_polygon` and added to each eye (the same
  coordinates, bit for bit).
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from planner._geom import bearing_deg

#: Radius of the circle inside the chords of a sector's arc (vertices at most 1° apart), per metre.
COS_HALF_STEP = math.cos(math.radians(0.5))
#: Angular margin (degrees) of the inside/outside decisions of :func:`sector_areas`.
_EPS_DEG = 1e-4
#: Areas below this (m²) from the wedge formula are left to the overlay: whether a sliver is
#: seen at all is the overlay's answer, as it always was.
_SMALL_M2 = 1e-6
_POLYGON = shapely.GeometryType.POLYGON


def _ranges(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """``first[i] + 0 .. count[i] - 1`` for every ``i``, one after the other."""
    total = int(count.sum())
    return np.repeat(first - (np.cumsum(count) - count), count) + np.arange(total)


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

    def polygons(self, x: float | np.ndarray, y: float | np.ndarray,
                 options: np.ndarray) -> np.ndarray:
        """The sector polygons of some options at the eye ``(x, y)`` (as ``sector_polygon``).

        ``x`` and ``y`` are one eye, or one eye per option.
        """
        kind = self.kind[options]
        length = self.length[kind]
        xs = np.broadcast_to(np.asarray(x, dtype=float), (len(options),))
        ys = np.broadcast_to(np.asarray(y, dtype=float), (len(options),))
        rows = _ranges(self.start[kind], length)
        off = self.offsets[rows]
        xy = np.stack([np.repeat(xs, length) + off[:, 0], np.repeat(ys, length) + off[:, 1]],
                      axis=1)
        apex = np.flatnonzero(self.apex[kind])
        xy = np.insert(xy, (np.cumsum(length) - length)[apex],
                       np.stack([xs[apex], ys[apex]], axis=1), axis=0)
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


def sector_areas(
    seen: np.ndarray,
    eyes: np.ndarray,
    options: np.ndarray,
    mount: np.ndarray,
    sectors: Sectors,
    orientation: np.ndarray,
    hfov: np.ndarray,
    reach: np.ndarray,
) -> np.ndarray:
    """Area of each mount's ``seen`` within the sectors of its options.

    Parameters
    ----------
    seen
        What each mount sees (non-empty geometries).
    eyes
        Each mount's eye (n, 2).
    options
        The options to measure, grouped by mount.
    mount
        The mount (index into ``seen``) of each of ``options``, non-decreasing.
    sectors, orientation, hfov, reach
        The options' sectors, and orientation, opening and range of every option.

    Returns
    -------
    numpy.ndarray
        Square metres per entry of ``options``.
    """
    area = np.zeros(len(options))
    parts, part_mount = shapely.get_parts(seen, return_index=True)
    # a mount with parts that are not polygons: its options' sectors with the whole, one by one
    odd = np.zeros(len(seen), dtype=bool)
    odd[part_mount[shapely.get_type_id(parts) != _POLYGON]] = True
    for m in np.flatnonzero(odd):
        sel = np.flatnonzero(mount == m)
        area[sel] = shapely.area(shapely.intersection(
            sectors.polygons(eyes[m, 0], eyes[m, 1], options[sel]), seen[m]))
    if odd.any():
        parts, part_mount = parts[~odd[part_mount]], part_mount[~odd[part_mount]]
    rows = np.flatnonzero(~odd[mount])
    if len(rows) == 0:
        return area
    opt, row_mount = options[rows], mount[rows]
    n_mounts = len(seen)
    x, y = eyes[:, 0], eyes[:, 1]
    # every part's exterior vertices relative to its mount's eye
    xy, owner = shapely.get_coordinates(shapely.get_exterior_ring(parts), return_index=True)
    vert_mount = part_mount[owner]
    dx, dy = xy[:, 0] - x[vert_mount], xy[:, 1] - y[vert_mount]
    dist = np.hypot(dx, dy)
    bearing = bearing_deg(dx, dy)
    gap = shapely.distance(shapely.points(x[part_mount], y[part_mount]), parts)
    p_first = np.searchsorted(owner, np.arange(len(parts)))  # every part has vertices
    n_parts = np.bincount(part_mount, minlength=n_mounts)
    part0 = np.cumsum(n_parts) - n_parts
    n_verts = np.bincount(vert_mount, minlength=n_mounts)
    vert0 = np.cumsum(n_verts) - n_verts
    # (option, vertex) pairs: each option with its mount's vertices, in order
    nv = n_verts[row_mount]
    pair0 = np.cumsum(nv) - nv
    pr = np.repeat(np.arange(len(rows)), nv)
    pv = _ranges(vert0[row_mount], nv)
    o, h, r = orientation[opt], hfov[opt], reach[opt]
    half = h / 2.0
    rel = np.mod(bearing[pv] - o[pr] + 180.0, 360.0) - 180.0
    d = dist[pv]
    in_v = (np.abs(rel) <= (half - _EPS_DEG)[pr]) & (d <= (r * COS_HALF_STEP - 1e-6)[pr]) & (
        d > 1e-3)
    # (option, part) pairs: each option with its mount's parts; their vertices in the pairs above
    np_ = n_parts[row_mount]
    qr = np.repeat(np.arange(len(rows)), np_)
    qp = _ranges(part0[row_mount], np_)
    seg = pair0[qr] + p_first[qp] - vert0[row_mount][qr]
    inside = np.logical_and.reduceat(in_v, seg) & (h <= 180.0)[qr]
    right = np.logical_and.reduceat(rel > (half + _EPS_DEG)[pr], seg)
    left = np.logical_and.reduceat(rel < (-half - _EPS_DEG)[pr], seg)
    spread = np.maximum.reduceat(rel, seg) - np.minimum.reduceat(rel, seg)
    beside = (right | left) & (spread < 180.0) & (gap[qp] > 1e-3)
    outside = beside | (gap[qp] >= (r + 1e-6)[qr]) | (r <= 0)[qr] | (h <= 0)[qr]
    cross = ~inside & ~outside
    # the parts inside, summed per mount as its matrix-vector product had (the same order)
    part_area = np.asarray(shapely.area(parts))
    got = np.zeros(len(rows))
    q_first = np.cumsum(np_) - np_
    r_bounds = np.searchsorted(row_mount, np.arange(n_mounts + 1))
    for m in np.flatnonzero(np.diff(r_bounds)):
        a, b = r_bounds[m], r_bounds[m + 1]
        k = n_parts[m]
        if k == 0:
            continue
        q0 = q_first[a]
        block = inside[q0 : q0 + (b - a) * k].reshape(b - a, k)
        got[a:b] = block.astype(float) @ part_area[part0[m] : part0[m] + k]
    has = np_ > 0
    crossing = np.zeros(len(rows), dtype=bool)
    crossing[has] = np.logical_or.reduceat(cross, q_first[has])
    across = np.flatnonzero(crossing)
    if len(across):
        kind = sectors.kind[opt[across]]
        fast = sectors.gridded[kind]
        slow = across[~fast]
        if fast.any():
            wedge = _wedge_areas(
                parts, part_mount, eyes, across[fast], kind[fast], row_mount, r,
                cross, qp, q_first, np_, dist, p_first, gap, sectors)
            ok = wedge >= _SMALL_M2  # (a sliver or nothing: the overlay decides, as it always had)
            got[across[fast][ok]] += wedge[ok]
            slow = np.sort(np.concatenate([slow, across[fast][~ok]]))
        if len(slow):
            sel = np.zeros(len(rows), dtype=bool)
            sel[slow] = True
            use = cross & sel[qr]
            local = np.cumsum(sel) - 1
            pieces = shapely.multipolygons(parts[qp[use]], indices=local[qr[use]])
            m = row_mount[slow]
            got[slow] += shapely.area(shapely.intersection(
                sectors.polygons(x[m], y[m], opt[slow]), pieces))
    area[rows] = got
    return area


def _wedge_areas(
    parts: np.ndarray,
    part_mount: np.ndarray,
    eyes: np.ndarray,
    rows: np.ndarray,
    kind: np.ndarray,
    row_mount: np.ndarray,
    r: np.ndarray,
    cross: np.ndarray,
    qp: np.ndarray,
    q_first: np.ndarray,
    n_q: np.ndarray,
    dist: np.ndarray,
    p_first: np.ndarray,
    gap: np.ndarray,
    sectors: Sectors,
) -> np.ndarray:
    """Area of the crossing parts within the sectors of ``rows`` (gridded sectors only).

    A sector of up to 180° is its wedge (two rays from the eye) within the 360-gon of its range
    whose vertices include its arc's. The parts reaching past the circle inside that polygon's
    chords are cut by it, once per mount and polygon; within the wedge, the area of a polygon is
    half the sum over its edges of ``cross(p, q)`` times the share of the edge inside the wedge
    (relative to the eye; Green's theorem: the wedge's own edges run through the eye and add
    nothing). ``cross``, ``qp``: the (option, part) pairs of :func:`sector_areas`, each
    option's from ``q_first``, ``n_q`` of them.
    """
    n_parts = len(parts)
    disc = sectors.disc[kind]
    mnt = row_mount[rows]
    # the (option, part) pairs of these options
    q = _ranges(q_first[rows], n_q[rows])
    q_row = np.repeat(np.arange(len(rows)), n_q[rows])
    part = qp[q]
    reach_v = np.maximum.reduceat(dist, p_first)
    arc = (reach_v[part] > (r[rows] * COS_HALF_STEP - 1e-6)[q_row]) & (
        gap[part] < (r[rows] + 1e-6)[q_row])
    # the parts each (mount, disc) cuts: those an option of that disc crosses there
    n_disc = len(sectors.disc_offsets)
    key_md = mnt.astype(np.int64) * n_disc + disc
    hit = cross[q] & arc
    cut_key = np.unique(key_md[q_row[hit]] * n_parts + part[hit])  # (mount, disc, part) sorted
    need = np.isin(key_md[q_row] * n_parts + part, cut_key)
    groups_md, group = np.unique(cut_key // n_parts, return_inverse=True)
    pieces = np.empty(0, dtype=object)
    piece_group = np.empty(0, dtype=np.int64)
    if len(cut_key):
        g_mount, g_disc = groups_md // n_disc, groups_md % n_disc
        groups = shapely.multipolygons(parts[cut_key % n_parts], indices=group.ravel())
        rings = sectors.disc_offsets[g_disc] + eyes[g_mount][:, None, :]
        cut, piece_group = shapely.get_parts(
            shapely.intersection(groups, shapely.polygons(rings)), return_index=True)
        keep = shapely.get_type_id(cut) == _POLYGON
        pieces, piece_group = cut[keep], piece_group[keep]
    geoms = np.concatenate([parts, pieces])
    geom_mount = np.concatenate([part_mount, g_mount[piece_group] if len(pieces) else
                                 np.empty(0, dtype=np.int64)])
    # which geometries each option sums: its crossing parts not cut, then every piece its
    # (mount, disc) cut, in the order the mount had them
    take = cross[q] & ~(arc & need)
    use_row = [q_row[take]]
    use_geom = [part[take]]
    use_cat = [np.zeros(int(take.sum()), dtype=np.int8)]
    if len(pieces):
        g_first = np.searchsorted(piece_group, np.arange(len(groups_md)))
        g_count = np.bincount(piece_group, minlength=len(groups_md))
        at = np.searchsorted(groups_md, key_md)
        found = (at < len(groups_md)) & (groups_md[np.minimum(at, len(groups_md) - 1)] == key_md)
        n_take = np.where(found, g_count[np.minimum(at, len(groups_md) - 1)], 0)
        use_row.append(np.repeat(np.arange(len(rows)), n_take))
        use_geom.append(n_parts + _ranges(np.where(found, g_first[np.minimum(
            at, len(groups_md) - 1)], 0), n_take))
        use_cat.append(np.ones(int(n_take.sum()), dtype=np.int8))
    u_row, u_geom, u_cat = (np.concatenate(v) for v in (use_row, use_geom, use_cat))
    order = np.lexsort((u_cat, u_row))
    opt, piece = u_row[order], u_geom[order]
    # edges of every geometry, relative to its mount's eye, with the sign that makes holes
    # subtract
    ring_geoms, ring_of = shapely.get_rings(geoms, return_index=True)
    xy, vertex_ring = shapely.get_coordinates(ring_geoms, return_index=True)
    xy = xy - eyes[geom_mount[ring_of[vertex_ring]]]
    same = vertex_ring[1:] == vertex_ring[:-1]
    p, qq, edge_ring = xy[:-1][same], xy[1:][same], vertex_ring[:-1][same]
    cr = p[:, 0] * qq[:, 1] - p[:, 1] * qq[:, 0]
    signed = np.bincount(edge_ring, weights=cr, minlength=len(ring_geoms))
    exterior = np.ones(len(ring_geoms), dtype=bool)
    exterior[1:] = ring_of[1:] != ring_of[:-1]
    sign = np.where(exterior, 1.0, -1.0) * np.sign(signed)
    edge_geom = ring_of[edge_ring]
    e_first = np.searchsorted(edge_geom, np.arange(len(geoms)))
    e_count = np.bincount(edge_geom, minlength=len(geoms))
    n = e_count[piece]
    e = _ranges(e_first[piece], n)
    o = np.repeat(opt, n)
    ko = kind[o]
    px, py = np.ascontiguousarray(p.T)[:, e]
    qx, qy = np.ascontiguousarray(qq.T)[:, e]
    # inside the wedge: clockwise of its first ray and anticlockwise of its last (h <= 180)
    lo = np.zeros(len(e))
    hi = np.ones(len(e))
    for ray, clockwise in ((sectors.edge_first, True), (sectors.edge_last, False)):
        rx, ry = ray[ko, 0], ray[ko, 1]
        fp, fq = rx * py - ry * px, rx * qy - ry * qx
        if clockwise:
            fp, fq = -fp, -fq
        with np.errstate(divide="ignore", invalid="ignore"):
            t = fp / (fp - fq)
        np.maximum(lo, t, out=lo, where=(fp < 0) & (fq >= 0))
        np.minimum(hi, t, out=hi, where=(fp >= 0) & (fq < 0))
        hi[(fp < 0) & (fq < 0)] = 0.0
    share = np.clip(hi - lo, 0.0, 1.0)
    return np.bincount(o, weights=share * cr[e] * sign[edge_ring][e], minlength=len(rows)) / 2.0
