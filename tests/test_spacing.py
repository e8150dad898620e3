"""``constraints.min_spacing_m``: cameras on different mounts no closer than the spacing."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from shapely.geometry import Point

from planner.plan import _spacing_conflicts, plan
from planner.scenario import load_scenario
from tests.conftest import CRS, X0, Y0, write_town


def test_existing_cameras_closer_than_the_spacing_are_kept_and_new_ones_keep_away(tmp_path):
    """Two existing cameras 30 m apart and a 40 m spacing had made the scenario infeasible
    ("required options alone break a limit: conflicts: options [0, 25]")."""
    sites = gpd.GeoDataFrame(
        {"site_id": ["lamp-1", "lamp-2", "lamp-3", "lamp-4"],
         "mount_type": ["lamp_post"] * 4,
         "install_cost_sek": [10_000.0] * 4,
         "max_cameras": [1, 1, 1, 1],
         "existing_model": ["dome", "dome", None, None],
         "existing_orientation_deg": [270.0, 90.0, np.nan, np.nan]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 1, Y0 + 30), Point(X0 + 30, Y0 - 25),
                  Point(X0 + 61, Y0 + 21)],
        crs=CRS,
    )
    scenario = write_town(tmp_path / "t", budget=200_000.0, sites=sites)
    spaced = plan(load_scenario(scenario, overrides={"constraints.min_spacing_m": 40}))
    cams = spaced.cameras
    assert sorted(cams.loc[cams["existing"], "site_id"]) == ["lamp-1", "lamp-2"]
    # lamp-3 (39.8 m from lamp-1) may not get one; lamp-4 (62.6 m and more away) may
    new = set(cams.loc[~cams["existing"], "site_id"])
    assert "lamp-3" not in new
    free = plan(load_scenario(scenario))
    assert "lamp-3" in set(free.cameras.loc[~free.cameras["existing"], "site_id"])
    assert spaced.summary["objective"] < free.summary["objective"]


def test_mounts_exactly_the_spacing_apart_do_not_conflict():
    options = gpd.GeoDataFrame(
        {"group": [0, 1, 2], "existing": [False, False, True]},
        geometry=[Point(0, 0), Point(40, 0), Point(0, 39.9)], crs=CRS,
    )
    pairs = _spacing_conflicts(options, 40.0)
    # 0-1 exactly 40 m: not closer; 0-2 39.9 m: closer; 1-2 56.5 m
    assert pairs.tolist() == [[0, 2]]
    options["existing"] = [True, False, True]
    assert _spacing_conflicts(options, 40.0).tolist() == []  # both existing


def test_conflicts_are_every_option_pair_of_mounts_closer_than_the_spacing():
    # brute force over all option pairs on random mounts with 1-4 options each, some existing,
    # options listed out of mount order (the pairs are built without a Python loop)
    rng = np.random.default_rng(7)
    for _ in range(20):
        n_mounts = int(rng.integers(1, 12))
        xy = rng.uniform(0, 100, (n_mounts, 2))
        per = rng.integers(1, 5, n_mounts)
        group = np.repeat(np.arange(n_mounts), per)
        shuffled = rng.permutation(len(group))
        group = group[shuffled]
        existing = rng.random(len(group)) < 0.3
        options = gpd.GeoDataFrame({"group": group, "existing": existing},
                                   geometry=[Point(*xy[g]) for g in group], crs=CRS)
        spacing = float(rng.uniform(5, 60))
        expected = sorted(
            (i, j) for i in range(len(group)) for j in range(len(group))
            if group[i] < group[j] and np.hypot(*(xy[group[i]] - xy[group[j]])) < spacing
            and not (existing[i] and existing[j]))
        got = sorted(map(tuple, _spacing_conflicts(options, spacing).tolist()))
        assert got == expected


def test_a_spacing_that_makes_too_many_pairs_is_refused(monkeypatch):
    # 10 km on Katrineholm had run out of memory after a minute (exit 1); now a one-line error
    import pytest

    import planner.plan
    from planner.errors import InputError

    options = gpd.GeoDataFrame({"group": [0, 0, 1, 1, 2], "existing": [False] * 5},
                               geometry=[Point(0, 0)] * 2 + [Point(10, 0)] * 2 + [Point(20, 0)],
                               crs=CRS)
    assert len(_spacing_conflicts(options, 100.0)) == 4 + 2 + 2  # 0-1, 0-2, 1-2
    monkeypatch.setattr(planner.plan, "MAX_CONFLICT_PAIRS", 7)
    with pytest.raises(InputError, match=r"key constraints\.min_spacing_m = 100 m makes 8 pairs "
                                         r"of camera options that conflict \(at most 7\)"):
        _spacing_conflicts(options, 100.0)
