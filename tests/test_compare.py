import pandas as pd
import pytest

from planner import load_scenario
from planner.cli import main
from planner.compare import area_difference, camera_changes
from planner.plan import plan


def test_compare_budgets_on_the_tiny_town(tiny_town, tmp_path):
    scenario = load_scenario(tiny_town)
    one = plan(scenario)  # 30,000 SEK: one camera at lamp-1 facing east
    two = plan(scenario.with_overrides({"budget.total_sek": 60_000}))
    changes = camera_changes(one, two)
    assert changes["change"].tolist() == ["added"]
    assert changes["site_id"].tolist() == ["lamp-2"]  # the second camera covers the west area
    areas = area_difference(one, two).set_index("area_id")
    assert areas.loc["east", "share_change"] == 0.0
    assert areas.loc["west", "share_a"] == 0.0 and areas.loc["west", "share_change"] > 0


def test_compare_command_with_a_variant(tiny_town, tmp_path, capsys):
    text = tiny_town.read_text() + "\n[variants.double]\nbudget.total_sek = 60000\n"
    tiny_town.write_text(text)
    out = tmp_path / "cmp"
    assert main(["compare", str(tiny_town), f"{tiny_town}#double", "--out", str(out)]) == 0
    # each plan's line (status and gap; only the area table had been printed)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("A tiny: 1 new + 0 existing cameras, spent 30,000 of 30,000 SEK")
    assert lines[1].startswith("B tiny:double: ") and "optimal (gap 0.00 %)" in lines[1]
    # B solved from A's preparation is the plan B planned alone
    alone = tmp_path / "alone"
    assert main(["-q", "plan", str(tiny_town), "--variant", "double", "--out", str(alone)]) == 0
    for name in ("cameras.geojson", "register.csv", "areas.geojson", "plan.xlsx"):
        assert (alone / name).read_bytes() == (out / "b" / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["a", "areas.csv", "b", "cameras.csv", "compare.html", "compare.xlsx"]
    cams = pd.read_csv(out / "cameras.csv")
    assert cams["change"].tolist() == ["added"]
    # each camera is named as B's (or A's) own report names it: the labels differ by plan
    register_b = pd.read_csv(out / "b" / "register.csv").set_index("camera")
    label = cams["camera_b"].iloc[0]
    assert register_b.loc[label, "site_id"] == cams["site_id"].iloc[0]
    assert pd.isna(cams["camera_a"].iloc[0])
    html = (out / "compare.html").read_text()
    assert "lamp-2" in html


def test_changes_table_matches_the_map_and_areas_of_b_keep_their_names(tiny_town):
    # A: one camera for the east area; B: two cameras and both areas. A second camera on the
    # same mount had been "changed" in cameras.csv but "added" on the map; the west area, only
    # in B, had lost its name and population in areas.csv
    from planner.maps import diff_plans

    scenario = load_scenario(tiny_town)
    a = plan(scenario.with_overrides({"demand.areas": ["east"]}))
    b = plan(scenario.with_overrides({"budget.total_sek": 90_000}))
    diff = diff_plans(a, b)
    changes = camera_changes(a, b)
    assert changes["change"].value_counts().to_dict() == {
        k: n for k, n in (("added", len(diff.added)), ("removed", len(diff.removed)),
                          ("moved", len(diff.moved))) if n}
    assert len(diff.added) >= 2 and "lamp-1" in set(diff.added["site_id"])  # a second on lamp-1
    assert set(changes.loc[changes["change"] == "added", "site_id"]) == set(diff.added["site_id"])
    areas = area_difference(a, b).set_index("area_id")
    assert areas.loc["west", "name"] == "West side" and areas.loc["west", "population"] == 400
    assert areas["population"].dtype.kind == "i"
    # A does not plan for west: no share in A and no change (A's share read as 0 had made up
    # a gain; the map shows "–")
    assert pd.isna(areas.loc["west", "share_a"]) and areas.loc["west", "share_b"] > 0
    assert pd.isna(areas.loc["west", "share_change"])
    assert pd.isna(areas.loc["west", "population_covered_change"])
    assert areas.loc["east", "share_change"] == pytest.approx(
        areas.loc["east", "share_b"] - areas.loc["east", "share_a"])


def test_an_infeasible_plan_of_a_comparison_says_which(tiny_town, tmp_path, capsys):
    # the message had named the scenario file only, not which of the two plans failed
    text = tiny_town.read_text() + "\n[variants.fair]\nconstraints.equity_min_share = 0.9\n"
    tiny_town.write_text(text)
    code = main(["-q", "compare", str(tiny_town), f"{tiny_town}#fair", "--out",
                 str(tmp_path / "cmp")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"planner: infeasible: plan B ({tiny_town}#fair): ")
    assert "key constraints.equity_min_share=0.9 cannot be met" in err
    assert not (tmp_path / "cmp").exists()
