"""Lens groups: the options of one site that share model, zoom and evenly spaced orientations.

For such a group the options covering a bearing ``θ`` are found by arithmetic: with orientations
``o0 + k·step`` (``k = 0 .. n-1``, ``step = 360/n``) and half-angle ``h``, option ``k`` sees ``θ``
when ``k·step`` lies in ``[u - h, u + h]`` with ``u = (θ - o0) mod 360``, i.e. for the (cyclic) run
``ceil((u - h)/step) .. floor((u + h)/step)``. Options that do not fit a regular pattern form groups
of one (``n = 1``, ``step = 360``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from planner._geom import EPS_DEG, EPS_M
from planner.cameras import CameraModel
from planner.errors import InputError


@dataclass(frozen=True)
class LensGroups:
    """Lens groups sorted by site (then longest range first), with the options of each group."""

    site: np.ndarray  # (G,) site index
    ranges: np.ndarray  # (G, 4) DORI ranges, index 0 = detect
    half: np.ndarray  # (G,) half field of view in degrees (180 = all around)
    n: np.ndarray  # (G,) orientations in the group
    o0: np.ndarray  # (G,) first orientation
    step: np.ndarray  # (G,) degrees between orientations (360 / n)
    off: np.ndarray  # (G,) offset of the group's options in ``opt``
    opt: np.ndarray  # option (matrix column) of each orientation, groups concatenated
    site_start: np.ndarray  # (S,) first group of each site
    site_count: np.ndarray  # (S,) groups per site

    def option_ranges(self, n_options: int) -> np.ndarray:
        """DORI ranges (n_options, 4) of each option."""
        out = np.zeros((n_options, 4))
        g = np.repeat(np.arange(len(self.n)), self.n)
        within = np.arange(len(g)) - np.repeat(np.cumsum(self.n) - self.n, self.n)
        out[self.opt[self.off[g] + within]] = self.ranges[g]
        return out

    def resolve(
        self, site: np.ndarray, point: np.ndarray, dist: np.ndarray, bearing: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Coverage entries of visible (site, point) pairs.

        Parameters
        ----------
        site, point
            Site index and demand row of each visible pair.
        dist, bearing
            Distance (m) and grid bearing (degrees, in the metric CRS) from the site's eye to the point.

        Returns
        -------
        tuple of numpy.ndarray
            Rows (int32), columns (int32) and levels (int8) of the non-zero entries.
        """
        # groups of a site are sorted by detect range, longest first: those reaching ``dist``
        # are a prefix, counted with one vectorised pass per rank
        start, count = self.site_start[site], self.site_count[site]
        last = len(self.n) - 1
        cnt = np.zeros(len(site), dtype=np.int64)
        for k in range(int(count.max()) if len(count) else 0):
            cnt += (k < count) & (self.ranges[np.minimum(start + k, last), 0] + EPS_M >= dist)
        rep = np.repeat(np.arange(len(site)), cnt)
        g = start[rep] + (np.arange(len(rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt))
        d = dist[rep]
        level = np.ones(len(g), dtype=np.int8)
        for lv in (1, 2, 3):
            level += d <= self.ranges[g, lv] + EPS_M
        step = self.step[g]
        u = np.mod(bearing[rep] - self.o0[g], 360.0)
        half = self.half[g]
        k_lo = np.ceil((u - half - EPS_DEG) / step).astype(np.int64)
        k_hi = np.floor((u + half + EPS_DEG) / step).astype(np.int64)
        n = self.n[g]
        m = np.clip(k_hi - k_lo + 1, 0, n)
        idx = np.repeat(np.arange(len(g)), m)
        k = k_lo[idx] + (np.arange(len(idx)) - np.repeat(np.cumsum(m) - m, m))
        gi = g[idx]
        cols = self.opt[self.off[gi] + np.mod(k, self.n[gi])]
        return point[rep[idx]].astype(np.int32), cols.astype(np.int32), level[idx]


def lens_groups(
    options: gpd.GeoDataFrame,
    site_of: np.ndarray,
    catalogue: Mapping[str, CameraModel],
    *,
    night: bool,
) -> LensGroups:
    """Group the options by (site, model, zoom, existing) into regular orientation patterns.

    Parameters
    ----------
    options
        Options frame (``model``, ``hfov_deg``, ``orientation_deg``; ``existing`` optional).
    site_of
        Site index of each option.
    catalogue
        Camera models by id.
    night
        Cap ranges at the IR range.

    Returns
    -------
    LensGroups
        The groups, sorted by site.
    """
    models = options["model"].to_numpy(dtype=object)
    unknown = sorted({str(m) for m in pd.unique(models) if m not in catalogue})
    if unknown:
        raise InputError(
            f"options: camera model(s) {unknown} are not in the catalogue; "
            "add them or rebuild the options"
        )
    n_opt = len(options)
    fov = pd.to_numeric(options["hfov_deg"]).to_numpy(dtype=float)
    orient = np.mod(pd.to_numeric(options["orientation_deg"]).to_numpy(dtype=float), 360.0)
    existing = (
        options["existing"].to_numpy(dtype=bool)
        if "existing" in options.columns
        else np.zeros(n_opt, dtype=bool)
    )
    model_code, model_ids = pd.factorize(models)
    lens_code, lens_keys = pd.factorize(pd.MultiIndex.from_arrays([model_code, fov]))
    lens_ranges = np.zeros((len(lens_keys), 4))
    lens_half = np.zeros(len(lens_keys))
    for i, (mc, f) in enumerate(lens_keys):
        model = catalogue[str(model_ids[mc])]
        lens_ranges[i] = model.ranges(float(f), night=night)
        lens_half[i] = 180.0 if f >= 360.0 else float(f) / 2.0
    site_of = np.asarray(site_of, dtype=np.int64)
    order = np.lexsort((np.arange(n_opt), orient, existing, lens_code, site_of))
    s_s, l_s, e_s, o_s = site_of[order], lens_code[order], existing[order], orient[order]
    new = np.ones(n_opt, dtype=bool)
    new[1:] = (s_s[1:] != s_s[:-1]) | (l_s[1:] != l_s[:-1]) | (e_s[1:] != e_s[:-1])
    gid = np.cumsum(new) - 1
    size = np.bincount(gid)[gid]
    # a group is regular when its sorted orientations step by exactly 360 / n
    gap = np.zeros(n_opt)
    gap[1:] = o_s[1:] - o_s[:-1]
    bad = ~new & ~np.isclose(gap, 360.0 / size, rtol=0.0, atol=1e-9)
    irregular = (
        np.bincount(gid, weights=bad.astype(float), minlength=gid[-1] + 1 if n_opt else 0) > 0
    )
    single = irregular[gid] | (size == 1)
    new = new | single  # irregular groups fall apart into groups of one
    gid = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    n_arr = np.diff(np.append(first, n_opt)).astype(np.int64)
    site = s_s[first]
    lens = l_s[first]
    # within a site, longest detect range first (see LensGroups.resolve)
    regroup = np.lexsort((-lens_ranges[lens, 0], site))
    first, n_arr, site, lens = first[regroup], n_arr[regroup], site[regroup], lens[regroup]
    n_sites = int(site_of.max()) + 1 if n_opt else 0
    count = np.bincount(site, minlength=n_sites).astype(np.int64)
    return LensGroups(
        site=site,
        ranges=lens_ranges[lens].reshape(-1, 4),
        half=lens_half[lens],
        n=n_arr,
        o0=o_s[first],
        step=360.0 / np.maximum(n_arr, 1),
        off=first.astype(np.int64),
        opt=order.astype(np.int64),
        site_start=np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64),
        site_count=count,
    )
