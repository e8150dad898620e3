"""Orientation arithmetic of lens groups against a brute-force angle test (hypothesis)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner._geom_lens import lens_groups
from planner.cameras import CameraModel


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(1, 12),
    hfov=st.floats(1.0, 359.0),
    o0=st.floats(0.0, 359.9),
    drop=st.integers(0, 11),
    bearings=st.lists(st.floats(0.0, 359.999999), min_size=1, max_size=30),
)
@example(n=1, hfov=179.875, o0=0.0, drop=0, bearings=[0.0])  # (identify reaches 8.7 mm here)
def test_resolve_matches_brute_force(
    n: int, hfov: float, o0: float, drop: int, bearings: list[float]
) -> None:
    model = CameraModel("m", "m", 4000, 2000, (hfov,), 10.0, 1.0, 1.0, 1.0, panoramic=hfov >= 180)
    orient = (o0 + np.arange(n) * 360.0 / n) % 360.0
    if n > 2 and drop < n:
        orient = np.delete(orient, drop)  # an irregular set: groups of one
    opts = gpd.GeoDataFrame(
        {"model": "m", "hfov_deg": hfov, "orientation_deg": orient},
        geometry=[shapely.Point(0, 0)] * len(orient),
    )
    lg = lens_groups(opts, np.zeros(len(orient), dtype=np.int64), {"m": model}, night=False)
    b = np.asarray(bearings)
    # well within the identify range (1 cm, or less where a lens near 180° makes that range
    # shorter still: 4000 px over 179.875° identify to 8.7 mm)
    near = min(0.01, float(model.ranges(hfov, night=False)[3]) / 2)
    rows, cols, levels = lg.resolve(
        np.zeros(len(b), np.int64), np.arange(len(b)), np.full(len(b), near), b
    )
    got = set(zip(rows.tolist(), cols.tolist(), strict=True))
    diff = (b[:, None] - orient[None, :] + 180.0) % 360.0 - 180.0
    want = {(i, j) for i, j in zip(*np.nonzero(np.abs(diff) <= hfov / 2 + 1e-6), strict=True)}
    # bearings within 1e-9° of a sector edge may round either way; everything else must agree
    edge = np.abs(np.abs(diff) - hfov / 2) < 1e-9
    unsure = {(i, j) for i, j in zip(*np.nonzero(edge), strict=True)}
    assert got - unsure == want - unsure
    assert (levels == 4).all()  # within half the identify range: identify
