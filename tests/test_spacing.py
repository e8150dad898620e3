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
