"""The uniform-grid point index used by coverage_matrix, against Shapely's STRtree."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from planner._geom_index import PointGrid


@pytest.mark.parametrize("cell", [13.0, 50.0, 400.0])
def test_grid_query_equals_strtree_dwithin(cell: float) -> None:
    rng = np.random.default_rng(int(cell))
    xy = rng.uniform(0, 1000, (20_000, 2))
    xy[:500] = np.round(xy[:500] / 50) * 50  # points on cell corners
    centres = rng.uniform(-200, 1200, (200, 2))
    centres[:40] = np.round(centres[:40] / 50) * 50
    radius = rng.uniform(0, 150, 200)
    radius[:20] = 50.0
    q, p, dx, dy, d = PointGrid(xy, cell).query(centres, radius)
    tree = shapely.STRtree(shapely.points(xy))
    a, b = tree.query(shapely.points(centres), predicate="dwithin", distance=radius)
    assert set(zip(q.tolist(), p.tolist(), strict=True)) == set(
        zip(a.tolist(), b.tolist(), strict=True)
    )
    np.testing.assert_allclose(dx, xy[p, 0] - centres[q, 0])
    np.testing.assert_allclose(d, np.hypot(dy, dx))


def test_grid_handles_empty_and_degenerate_inputs() -> None:
    q, p, *_ = PointGrid(np.empty((0, 2)), 10.0).query(np.zeros((3, 2)), np.ones(3))
    assert len(q) == len(p) == 0
    same = np.zeros((5, 2))
    q, p, *_ = PointGrid(same, 10.0).query(
        np.array([[0.0, 0.0], [100.0, 0.0]]), np.array([0.0, 1.0])
    )
    assert sorted(p.tolist()) == [0, 1, 2, 3, 4] and set(q.tolist()) == {0}
