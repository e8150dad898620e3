"""``constraints.min_spacing_m``: cameras on different mounts no closer than the spacing."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from planner.optimize import CoverageProblem
from planner.plan import _spacing_conflicts, plan
from planner.scenario import load_scenario
from tests.conftest import CRS, X0, Y0, write_town
from tests.test_optimize import check_against_brute_force


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
    import planner._plan_problem
    from planner.errors import InputError

    options = gpd.GeoDataFrame({"group": [0, 0, 1, 1, 2], "existing": [False] * 5},
                               geometry=[Point(0, 0)] * 2 + [Point(10, 0)] * 2 + [Point(20, 0)],
                               crs=CRS)
    assert len(_spacing_conflicts(options, 100.0)) == 4 + 2 + 2  # 0-1, 0-2, 1-2
    monkeypatch.setattr(planner._plan_problem, "MAX_CONFLICT_PAIRS", 7)
    with pytest.raises(InputError, match=r"key constraints\.min_spacing_m = 100 m makes 8 pairs "
                                         r"of camera options that conflict \(at most 7\)"):
        _spacing_conflicts(options, 100.0)


# ----------------------------------------------------- conflicts between whole groups, compactly
def test_group_conflicts_become_one_row_per_group_pair():
    from planner import _opt_model as mb

    # groups 0, 1, 2 of 3, 3 and 2 options; 0-1 in conflict as a whole (9 pairs), and one pair
    # of 1-2 (not whole): one u per group of a whole conflict, a link row per member option,
    # one row u_0 + u_1 <= 1, and the partial pair left over
    group = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    whole = [(i, j) for i in range(3) for j in range(3, 6)]
    pairs = np.array([*whole, (3, 6)], dtype=np.int64)
    model = mb.LinearModel()
    x = model.add_vars(np.zeros(8), np.ones(8), True, np.ones(8))
    u, members, rest = mb.add_group_conflicts(model, x, pairs, group)
    assert len(u) == 2 and model.n_rows == 6 + 1
    assert rest.tolist() == [[3, 6]]
    assert (members.toarray() == np.array([[1, 1, 1, 0, 0, 0, 0, 0],
                                           [0, 0, 0, 1, 1, 1, 0, 0]])).all()
    assert isinstance(members, sp.csr_matrix)
    # a single pair is kept as a pair: the compact form would not be smaller
    model = mb.LinearModel()
    x = model.add_vars(np.zeros(2), np.ones(2), True, np.ones(2))
    u, _, rest = mb.add_group_conflicts(model, x, np.array([[0, 1]]), np.array([0, 1]))
    assert len(u) == 0 and rest.tolist() == [[0, 1]] and model.n_rows == 0


@pytest.mark.usefixtures("mip_path")
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_group_conflicts_give_the_brute_force_optimum(data):
    # mounts of 2-3 options in conflict as a whole (a spacing rule), some pairs of two existing
    # cameras left out, capacities of 1-2: the MIP with the compact rows against enumeration
    sizes = data.draw(st.lists(st.integers(2, 3), min_size=2, max_size=4))
    group = np.repeat(np.arange(len(sizes)), sizes)
    n = len(group)
    d = data.draw(st.integers(2, 8))
    values = st.sampled_from([0.0, 0.0, 0.25, 0.5, 1.0])
    a = np.array(data.draw(st.lists(values, min_size=n * d, max_size=n * d))).reshape(d, n)
    near = data.draw(st.lists(st.tuples(st.integers(0, len(sizes) - 1),
                                        st.integers(0, len(sizes) - 1)), max_size=4))
    required = data.draw(st.lists(st.integers(0, n - 1), max_size=1))
    pairs = sorted({(i, j) for ga, gb in near if ga != gb
                    for i in np.flatnonzero(group == ga) for j in np.flatnonzero(group == gb)
                    if i < j})
    costs = data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    problem = CoverageProblem(
        coverage=sp.csr_matrix(a),
        weights=data.draw(st.lists(st.integers(0, 5), min_size=d, max_size=d)),
        costs=costs, budget=data.draw(st.integers(1, sum(costs))),
        groups=group, max_per_group=data.draw(st.integers(1, 2)),
        conflicts=np.array(pairs, dtype=np.int64).reshape(-1, 2), required=required)
    check_against_brute_force(problem)


def test_clique_cover_holds_every_edge_in_cliques():
    from planner._opt_model import clique_cover

    # a triangle and a pendant edge: one row over the triangle, one for the pendant
    cover = clique_cover(np.array([0, 0, 1, 2]), np.array([1, 2, 2, 3]))
    assert [c.tolist() for c in cover] == [[0, 1, 2], [2, 3]]
    rng = np.random.default_rng(3)
    for _ in range(50):  # random graphs: every edge in some clique, every clique complete
        n = int(rng.integers(2, 12))
        edges = {(int(s), int(t)) for s, t in rng.integers(0, n, (int(rng.integers(1, 30)), 2))
                 if s < t}
        if not edges:
            continue
        a, b = (np.array(v) for v in zip(*sorted(edges), strict=True))
        cover = clique_cover(a, b)
        held = {(int(s), int(t)) for c in cover for i, s in enumerate(c) for t in c[i + 1:]}
        assert held == edges  # every edge held, and no pair that is not an edge
