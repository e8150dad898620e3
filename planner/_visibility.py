"""Vectorised line of sight for many (eye, point) pairs against building footprints.

Rule: the segment from the eye to the point is blocked when it meets the *interior* of a building
footprint; grazing a corner or running along a wall does not block. (Façade cameras look from an eye
moved out of their own building, see ``_geom.camera_eyes``, so their own building blocks like any
other.)

Method, per chunk of eyes (no Python loop over pairs):

1. The edges of the footprints within each eye's radius (one STRtree query) that face the eye (a
   segment that enters a building from outside always meets such an edge, so back faces are
   skipped).
2. Each (eye, edge) is registered in the angular bins (``n_bins`` around the eye, by default about
   one per two pairs of the eye, 64 to 2048) its bearing
   interval overlaps, with two bounds per bin: the least distance of the edge within the bin, and,
   if the edge spans the whole bin, the greatest distance at which every ray of the bin crosses it.
3. A pair whose distance is below the least distance of its bin is visible; beyond the greatest
   crossing distance it is blocked. The rest are tested exactly against the edges of their bin with
   orientation tests (numpy), and the few degenerate cases (a ray through a vertex or along a wall,
   within 1e-9 relative) are decided by Shapely's exact ``relate`` against the footprints.
"""

from __future__ import annotations

import numpy as np
import shapely

from planner._geom import Edges, bearing_deg

#: Angular bins per eye; None chooses about one bin per two pairs of the eye (64 .. 2048).
N_BINS: int | None = None
_REL = 1e-9  # relative tolerance of the orientation tests
_PAD_DEG = 1e-6  # angular padding when registering edges in bins
_MARGIN = 1e-6  # metres, safety margin on the bin bounds


def _cross(ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray) -> np.ndarray:
    return ax * by - ay * bx


class _BinTable:
    """Edge records of a chunk of eyes, sorted by (eye, bin)."""

    def __init__(self, eyes: np.ndarray, radius: np.ndarray, edges: Edges, n_bins: int) -> None:
        self.n_bins = n_bins
        width = 360.0 / n_bins
        s_idx, e_idx = edges.near(eyes, radius)
        a = edges.a[e_idx] - eyes[s_idx]
        b = edges.b[e_idx] - eyes[s_idx]
        ab = b - a
        o = _cross(a[:, 0], a[:, 1], b[:, 0], b[:, 1])  # orient(A, B, eye); < 0: faces the eye
        len_ab = np.hypot(ab[:, 0], ab[:, 1])
        na, nb = np.hypot(a[:, 0], a[:, 1]), np.hypot(b[:, 0], b[:, 1])
        keep = o <= _REL * len_ab * np.maximum(na, nb)
        s_idx, e_idx, a, b, ab, o, len_ab, na, nb = (
            v[keep] for v in (s_idx, e_idx, a, b, ab, o, len_ab, na, nb)
        )
        ba = bearing_deg(a[:, 0], a[:, 1])
        bb = bearing_deg(b[:, 0], b[:, 1])
        span = np.mod(bb - ba, 360.0)
        flip = span > 180.0  # only (near-)collinear edges
        start = np.where(flip, bb, ba)
        span = np.where(flip, 360.0 - span, span)
        p = np.abs(o) / len_ab  # distance from the eye to the edge's line
        t = -np.einsum("ij,ij->i", a, ab) / len_ab**2
        foot = a + t[:, None] * ab
        theta_n = bearing_deg(foot[:, 0], foot[:, 1])
        k0 = np.floor((start - _PAD_DEG) / width).astype(np.int64)
        k1 = np.floor((start + span + _PAD_DEG) / width).astype(np.int64)
        cnt = k1 - k0 + 1
        rec = np.repeat(np.arange(len(s_idx)), cnt)
        k = k0[rec] + (np.arange(len(rec)) - np.repeat(np.cumsum(cnt) - cnt, cnt))
        lo_bin, hi_bin = k * width, (k + 1) * width
        st, en = start[rec], start[rec] + span[rec]
        lo = np.clip(lo_bin, st, en)
        hi = np.clip(hi_bin, st, en)
        pr, tn = p[rec], theta_n[rec]
        r_lo = _ray_dist(pr, tn, lo)
        r_hi = _ray_dist(pr, tn, hi)
        d_tn = np.mod(tn - lo, 360.0)
        foot_in = d_tn <= hi - lo
        # the ends of the edge (exact distances) bound the minimum too, e.g. for collinear edges
        na_r = np.where(np.mod(ba[rec] - lo, 360.0) <= hi - lo, na[rec], np.inf)
        nb_r = np.where(np.mod(bb[rec] - lo, 360.0) <= hi - lo, nb[rec], np.inf)
        near_end = np.minimum(na_r, nb_r)
        dmin = np.minimum(np.where(foot_in, pr, np.minimum(r_lo, r_hi)), near_end)
        dmin = dmin * (1.0 - 1e-9) - _MARGIN
        full = (lo_bin - _PAD_DEG >= st) & (hi_bin + _PAD_DEG <= en) & (pr > _MARGIN)
        dmax = np.where(full, np.maximum(r_lo, r_hi) * (1.0 + 1e-9) + _MARGIN, np.inf)
        key = s_idx[rec] * n_bins + np.mod(k, n_bins)
        order = np.argsort(key, kind="stable")
        self.key = key[order]
        self.edge = e_idx[rec][order]
        self.dmin = dmin[order]
        n_keys = len(eyes) * n_bins
        self.hmin = np.full(n_keys, np.inf)
        np.minimum.at(self.hmin, key, dmin)
        self.hmax = np.full(n_keys, np.inf)
        np.minimum.at(self.hmax, key[full], dmax[full])


def _ray_dist(p: np.ndarray, theta_n: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Distance along bearing ``theta`` to a line at distance ``p``, foot bearing ``theta_n``."""
    c = np.cos(np.radians(theta - theta_n))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(c > 1e-12, p / np.maximum(c, 1e-12), np.inf)
    return r


def line_of_sight(
    eyes: np.ndarray,
    radius: np.ndarray,
    pair_eye: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    dist: np.ndarray,
    bearing: np.ndarray,
    edges: Edges,
    footprints: np.ndarray,
    footprint_tree: shapely.STRtree,
    *,
    n_bins: int | None = None,
    max_expand: int = 4_000_000,
) -> np.ndarray:
    """Which (eye, point) pairs see each other.

    Parameters
    ----------
    eyes
        Eye coordinates of this chunk (S, 2).
    radius
        Radius per eye within which pairs are asked (S,).
    pair_eye
        Eye (row of ``eyes``) of each pair.
    dx, dy, dist, bearing
        Point minus eye, its length and grid bearing, per pair.
    edges
        Building edges.
    footprints
        Oriented footprints (for the exact fallback).
    footprint_tree
        STRtree over ``footprints``.
    n_bins
        Angular bins per eye (default :data:`N_BINS`, or adaptive).
    max_expand
        Largest (pair, edge) candidate block tested at once (bounds memory).

    Returns
    -------
    numpy.ndarray
        Boolean per pair: True if no building interior lies between eye and point.
    """
    n = len(dist)
    visible = np.ones(n, dtype=bool)
    if n == 0 or len(edges.a) == 0:
        return visible
    if n_bins is None:
        n_bins = N_BINS
    if n_bins is None:
        per_eye = n / max(len(eyes), 1)
        n_bins = int(2 ** np.clip(np.round(np.log2(max(per_eye, 1.0) / 2)), 6, 11))
    table = _BinTable(eyes, radius, edges, n_bins)
    if len(table.key) == 0:
        return visible
    width = 360.0 / n_bins
    pkey = pair_eye * n_bins + np.minimum((bearing / width).astype(np.int64), n_bins - 1)
    sure_vis = dist < table.hmin[pkey]
    sure_blk = dist > table.hmax[pkey]
    visible[sure_blk] = False
    todo = np.flatnonzero(~sure_vis & ~sure_blk)
    if len(todo) == 0:
        return visible
    first = np.searchsorted(table.key, pkey[todo], side="left")
    last = np.searchsorted(table.key, pkey[todo], side="right")
    cnt = last - first
    fallback: list[np.ndarray] = []
    cum = np.cumsum(cnt)
    start = 0
    while start < len(todo):
        base = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, base + max_expand, side="right")))
        blk = slice(start, stop)
        blocked, degenerate = _test_candidates(
            todo[blk], first[blk], cnt[blk], table, eyes, pair_eye, dx, dy, dist, edges
        )
        visible[todo[blk][blocked]] = False
        fallback.append(todo[blk][degenerate & ~blocked])
        start = stop
    fb = np.concatenate(fallback)
    if len(fb):
        visible[fb] = ~_exact_blocked(
            eyes[pair_eye[fb]], dx[fb], dy[fb], footprints, footprint_tree
        )
    return visible


def _test_candidates(
    pairs: np.ndarray,
    first: np.ndarray,
    cnt: np.ndarray,
    table: _BinTable,
    eyes: np.ndarray,
    pair_eye: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    dist: np.ndarray,
    edges: Edges,
) -> tuple[np.ndarray, np.ndarray]:
    """Orientation tests of pairs against the edges of their bin: (blocked, degenerate)."""
    local = np.repeat(np.arange(len(pairs)), cnt)
    rec = np.repeat(first - (np.cumsum(cnt) - cnt), cnt) + np.arange(len(local))
    pair = pairs[local]
    near = table.dmin[rec] <= dist[pair]
    local, rec, pair = local[near], rec[near], pair[near]
    e = table.edge[rec]
    eye = eyes[pair_eye[pair]]
    ax, ay = edges.a[e, 0] - eye[:, 0], edges.a[e, 1] - eye[:, 1]
    bx, by = edges.b[e, 0] - eye[:, 0], edges.b[e, 1] - eye[:, 1]
    px, py = dx[pair], dy[pair]
    o1 = _cross(px, py, ax, ay)
    o2 = _cross(px, py, bx, by)
    ex, ey = bx - ax, by - ay
    o3 = _cross(ax, ay, bx, by)
    o4 = _cross(ex, ey, px - ax, py - ay)
    len_p = dist[pair]
    len_e = np.hypot(ex, ey)
    t12 = _REL * len_p * np.maximum(np.hypot(ax, ay), np.hypot(bx, by))
    t34 = _REL * len_e * np.maximum(np.hypot(ax, ay), np.hypot(px - ax, py - ay))
    proper = (((o1 > t12) & (o2 < -t12)) | ((o1 < -t12) & (o2 > t12))) & (
        ((o3 > t34) & (o4 < -t34)) | ((o3 < -t34) & (o4 > t34))
    )
    clear = (
        ((o1 > t12) & (o2 > t12))
        | ((o1 < -t12) & (o2 < -t12))
        | ((o3 > t34) & (o4 > t34))
        | ((o3 < -t34) & (o4 < -t34))
    )
    m = len(pairs)
    blocked = np.bincount(local[proper], minlength=m) > 0
    degenerate = np.bincount(local[~proper & ~clear], minlength=m) > 0
    return blocked, degenerate


def _exact_blocked(
    eye: np.ndarray, dx: np.ndarray, dy: np.ndarray, footprints: np.ndarray, tree: shapely.STRtree
) -> np.ndarray:
    """Exact Shapely test of whether each segment meets the interior of a footprint."""
    seg = shapely.linestrings(np.stack([eye, eye + np.stack([dx, dy], axis=1)], axis=1))
    assert isinstance(seg, np.ndarray)  # (m, 2, 2) coordinates give an array of m lines
    s_idx, b_idx = tree.query(seg, predicate="intersects")
    hit = shapely.relate_pattern(seg[s_idx], footprints[b_idx], "T********")
    return np.bincount(s_idx[hit], minlength=len(seg)) > 0
