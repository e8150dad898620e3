"""Why not here: the best camera each mount without a new one may take (planner._plan_mounts)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from planner import load_scenario
from planner._plan_mounts import COLUMNS
from planner._plan_problem import _problem
from planner.maps import render_map
from planner.optimize import validate_plan
from planner.plan import prepare, solve_prepared
from tests.conftest import write_town
from tests.robust_town import synthetic_town


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory):
    """A 2 x 2 block town with houses, 24 mounts."""
    scenario = load_scenario(synthetic_town(tmp_path_factory.mktemp("why"), blocks=2,
                                            sites_per_block=12, budget=200_000.0))
    prepared = prepare(scenario)
    return scenario, prepared, solve_prepared(prepared)


def brute_best(problem, options, chosen, mount):
    """The mount's allowed new options by what adding each adds (validate_plan), best first."""
    base = validate_plan(problem, chosen).objective
    excluded = set(problem.excluded)
    found = []
    for j in np.flatnonzero((options["site_id"].astype(str) == mount).to_numpy()
                            & ~options["existing"].to_numpy(dtype=bool)):
        if j in excluded or j in set(chosen):
            continue
        found.append((validate_plan(problem, np.union1d(chosen, [j])).objective - base,
                      -float(problem.costs[j]), -int(j)))
    return sorted(found, reverse=True)


def test_each_empty_mounts_best_camera_adds_what_adding_it_adds(town):
    scenario, prepared, plan = town
    problem = _problem(scenario, prepared)
    chosen = np.sort(plan.cameras["option_id"].to_numpy(dtype=np.int64))
    sites = plan.sites.set_index("site_id")
    assert set(COLUMNS) <= set(sites.columns)
    with_camera = set(plan.cameras.loc[~plan.cameras["existing"].astype(bool), "site_id"])
    checked = 0
    for mount, row in sites.iterrows():
        if mount in with_camera:
            assert row[list(COLUMNS[1:6])].isna().all() and row["add_blocked"] == ""
            continue
        found = brute_best(problem, prepared.options, chosen, str(mount))
        if not found:
            assert row["add_blocked"] in ("rule", "reach") and np.isnan(row["add_gain"])
            continue
        gain, minus_cost, minus_id = found[0]
        option = prepared.options.iloc[-minus_id]
        assert row["add_gain"] == pytest.approx(gain, abs=1e-9)
        assert row["add_cost_sek"] == -minus_cost
        assert (row["add_model"], row["add_hfov_deg"], row["add_orientation_deg"]) == (
            option["model"], option["hfov_deg"], option["orientation_deg"])
        # (from true north: within a degree of the grid bearing in SWEREF 99 TM here)
        off = (row["add_orientation_true_deg"] - row["add_orientation_deg"] + 180) % 360 - 180
        assert abs(off) < 2.0
        checked += 1
    assert checked >= 10


def test_the_gain_counts_the_backup_bonus_the_camera_would_earn(tmp_path):
    # with constraints.backup_bonus the objective pays for rows seen by two cameras: a mount's
    # best camera had been told what it adds without that bonus (too low)
    path = synthetic_town(tmp_path / "town", blocks=2, sites_per_block=12, budget=200_000.0)
    # (greedy's plan: any plan will do, and the MIP with the bonus takes a minute here)
    scenario = load_scenario(path, overrides={"constraints.backup_bonus": 0.5,
                                              "solver.backend": "greedy"})
    prepared = prepare(scenario)
    plan = solve_prepared(prepared)
    problem = _problem(scenario, prepared)
    assert problem.backup_bonus == 0.5
    chosen = np.sort(plan.cameras["option_id"].to_numpy(dtype=np.int64))
    sites = plan.sites.set_index("site_id")
    with_camera = set(plan.cameras.loc[~plan.cameras["existing"].astype(bool), "site_id"])
    base = validate_plan(problem, chosen)
    checked = with_bonus = 0
    for mount, row in sites.iterrows():
        found = brute_best(problem, prepared.options, chosen, str(mount))
        if mount in with_camera or not found:
            continue
        gain, minus_cost, minus_id = found[0]
        assert row["add_gain"] == pytest.approx(gain, abs=1e-9)
        assert row["add_cost_sek"] == -minus_cost
        added = validate_plan(problem, np.union1d(chosen, [-minus_id]))
        with_bonus += added.backup_value > base.backup_value + 1e-9
        checked += 1
    assert checked >= 10 and with_bonus >= 5  # (the bonus is part of most mounts' gains)


def test_a_mount_is_blocked_by_a_rule_or_by_the_spacing(tmp_path):
    # the tiny town's one camera on lamp-1 facing east; with a spacing of 300 m lamp-2 (240 m
    # west) may take none; with lamp-2 excluded, the rule says so
    scenario = load_scenario(write_town(tmp_path / "town", extra=(
        "[constraints]\nmin_spacing_m = 300\n")))
    plan = solve_prepared(prepare(scenario))
    sites = plan.sites.set_index("site_id")
    assert plan.cameras["site_id"].tolist() == ["lamp-1"]
    assert sites.at["lamp-2", "add_blocked"] == "spacing"
    assert np.isnan(sites.at["lamp-2", "add_gain"])
    html = render_map(plan, show_sites=True).get_root().render()
    assert ("Mount lamp-2 (lamp post): candidate<br>No new camera here: each would stand within "
            "constraints.min_spacing_m of a camera of the plan") in html
    excluded = scenario.with_overrides({"constraints.min_spacing_m": 0,
                                        "constraints.exclude_sites": ["lamp-2"]})
    plan = solve_prepared(prepare(excluded))
    assert plan.sites.set_index("site_id").at["lamp-2", "add_blocked"] == "rule"
    html = render_map(plan, show_sites=True).get_root().render()
    # (the rule's own words say it: no second line)
    assert re.search(r"Mount lamp-2 \(lamp post\): candidate; no new camera by the scenario "
                     r"\(constraints.exclude_sites\)\"", html)


def test_the_tooltip_sets_the_best_camera_against_the_plans_weakest(tmp_path):
    # the tiny town at 30,000 SEK: the dome facing east on lamp-1 (the whole budget); lamp-2's
    # best camera is said against the plan's objective, and beside C001, the plan's only and so
    # weakest camera (100 % of the objective for 30,000 SEK)
    scenario = load_scenario(write_town(tmp_path / "town"))
    prepared = prepare(scenario)
    plan = solve_prepared(prepared)
    row = plan.sites.set_index("site_id").loc["lamp-2"]
    problem = _problem(scenario, prepared)
    chosen = np.sort(plan.cameras["option_id"].to_numpy(dtype=np.int64))
    gain = brute_best(problem, prepared.options, chosen, "lamp-2")[0][0]
    assert gain > 0 and row["add_gain"] == pytest.approx(gain, abs=1e-9)
    pct = f"{100 * gain / plan.summary['objective']:.2f} %"
    deg = row["add_orientation_true_deg"]
    points = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
    expected = (f"Mount lamp-2 (lamp post): candidate<br>Best here: Test dome 1920 px, 90 "
                f"degrees, {deg:.1f}° ({points[int((deg + 22.5) % 360 // 45)]}): +{pct} of the "
                "objective for 30,000 SEK (the plan's weakest for its money: C001, 100.00 % for "
                "30,000 SEK)")
    assert expected in render_map(plan, show_sites=True).get_root().render()
    swedish = render_map(plan, show_sites=True, language="sv").get_root().render()
    assert "Monteringsplats lamp-2 (belysningsstolpe): möjlig plats<br>Bäst här: " in swedish
    # (Swedish numbers: a decimal comma, a narrow no-break space between thousands)
    assert ("(planens svagaste för pengarna: C001, 100,00 % för 30\u202f000 kr)"
            in swedish)


def test_plan_gpkg_has_each_mount_and_why(town, tmp_path):
    import geopandas as gpd

    from planner.report import write_plan

    plan = town[2]
    write_plan(plan, tmp_path / "out")
    mounts = gpd.read_file(tmp_path / "out" / "plan.gpkg", layer="mounts")
    assert mounts.crs == plan.sites.crs and len(mounts) == len(plan.sites)
    assert mounts.geometry.distance(plan.sites.geometry.reset_index(drop=True)).max() < 1e-6
    expected = plan.sites.reset_index(drop=True)
    for column in ("add_gain", "add_cost_sek", "add_orientation_deg", "add_hfov_deg"):
        assert np.allclose(mounts[column], expected[column], equal_nan=True), column
    assert mounts["add_model"].fillna("").tolist() == expected["add_model"].fillna("").tolist()
    assert "add_model_name" not in mounts.columns  # (the data in codes, in every language)
    labels = plan.camera_labels()
    on = {s: ", ".join(str(labels[o]) for o, t in zip(plan.cameras["option_id"],
                                                      plan.cameras["site_id"], strict=True)
                       if t == s) for s in expected["site_id"]}
    assert mounts["cameras"].tolist() == [on[s] for s in expected["site_id"]]
    assert mounts["chosen"].tolist() == [bool(v) for v in expected["chosen"]]
