"""A uniform-grid index of points for fixed-radius neighbour queries (numpy only).

Points are sorted by cell (row-major), so the cells of one row of a query square are one contiguous
slice of the sorted points: a query of many discs is a handful of slices per disc, expanded with
``np.repeat``, followed by an exact distance filter.
"""

from __future__ import annotations

import math

import numpy as np

_MAX_CELLS = 16_000_000


class PointGrid:
    """Uniform-grid index of 2-D points.

    Parameters
    ----------
    xy
        Point coordinates (n, 2).
    cell
        Preferred cell size in metres (enlarged if the extent would need too many cells).
    """

    def __init__(self, xy: np.ndarray, cell: float) -> None:
        self.xy = np.asarray(xy, dtype=float)
        n = len(self.xy)
        lo = self.xy.min(axis=0) if n else np.zeros(2)
        hi = self.xy.max(axis=0) if n else np.zeros(2)
        span = np.maximum(hi - lo, 1e-9)
        cell = max(float(cell), 1e-6)
        cells = math.ceil(span[0] / cell + 1) * math.ceil(span[1] / cell + 1)
        if cells > _MAX_CELLS:
            cell *= math.sqrt(cells / _MAX_CELLS) * 1.01
        self.cell = cell
        self.origin = lo
        self.nx = int(span[0] // cell) + 1
        self.ny = int(span[1] // cell) + 1
        ix = np.minimum(((self.xy[:, 0] - lo[0]) // cell).astype(np.int64), self.nx - 1)
        iy = np.minimum(((self.xy[:, 1] - lo[1]) // cell).astype(np.int64), self.ny - 1)
        key = iy * self.nx + ix
        self.order = np.argsort(key, kind="stable")
        self.sorted_xy = self.xy[self.order]
        self.start = np.searchsorted(key[self.order], np.arange(self.nx * self.ny + 1))

    def query(
        self, centres: np.ndarray, radius: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """All (centre, point) pairs with distance <= radius of the centre.

        Parameters
        ----------
        centres
            Query centres (m, 2).
        radius
            Radius per centre (m,).

        Returns
        -------
        tuple of numpy.ndarray
            Centre index, point index (original order), ``dx``, ``dy`` (point minus centre) and
            distance of each pair; ordered by centre, then by cell.
        """
        c = np.asarray(centres, dtype=float)
        r = np.asarray(radius, dtype=float)
        if len(self.xy) == 0 or len(c) == 0:
            e = np.empty(0)
            return e.astype(np.int64), e.astype(np.int64), e, e, e
        rel = c - self.origin
        iy0 = np.floor((rel[:, 1] - r) / self.cell)
        iy1 = np.floor((rel[:, 1] + r) / self.cell)
        outside = (
            (iy1 < 0)
            | (iy0 > self.ny - 1)
            | (rel[:, 0] + r < 0)
            | (rel[:, 0] - r > (self.nx) * self.cell)
        )
        iy0 = np.clip(iy0, 0, self.ny - 1).astype(np.int64)
        iy1 = np.clip(iy1, 0, self.ny - 1).astype(np.int64)
        rows = np.where(outside, 0, iy1 - iy0 + 1)
        q = np.repeat(np.arange(len(c)), rows)
        row = iy0[q] + (np.arange(len(q)) - np.repeat(np.cumsum(rows) - rows, rows))
        # per row band, only the columns the disc's chord reaches
        band_lo = row * self.cell
        gap = np.maximum(np.maximum(band_lo - rel[q, 1], rel[q, 1] - band_lo - self.cell), 0.0)
        half = np.sqrt(np.maximum(r[q] ** 2 - gap**2, 0.0))
        last = self.nx - 1
        ix0 = np.clip(np.floor((rel[q, 0] - half) / self.cell), 0, last).astype(np.int64)
        ix1 = np.clip(np.floor((rel[q, 0] + half) / self.cell), 0, last).astype(np.int64)
        s0 = self.start[row * self.nx + ix0]
        s1 = self.start[row * self.nx + ix1 + 1]
        cnt = s1 - s0
        q = np.repeat(q, cnt)
        pos = np.repeat(s0 - (np.cumsum(cnt) - cnt), cnt) + np.arange(len(q))
        dx = self.sorted_xy[pos, 0] - c[q, 0]
        dy = self.sorted_xy[pos, 1] - c[q, 1]
        d = np.hypot(dx, dy)
        keep = d <= r[q]
        return q[keep], self.order[pos[keep]], dx[keep], dy[keep], d[keep]
