"""constraints.replace_existing on the tiny town (tests/conftest.py) with an old camera.

The old dome stands on the pole 'old' at the west area's east edge (mount cost 0, one camera),
facing east, away from the area: it sees 0.85 % of the west's demand (3.42 of the objective).
A new dome costs 10,000 + 5,000 + 5 x 1,000 = 20,000 SEK on 'old' and 30,000 SEK on lamp-1
(mount 10,000), whose camera sees 13.51 % of the east (162.16). Facing west, a dome on 'old'
sees 10.47 % of the west (41.88).
"""

from __future__ import annotations

import json
import logging
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from planner import load_scenario
from planner import plan as pl
from planner.cli import main
from planner.errors import InputError

from .conftest import CRS, X0, Y0, sites_with_old_camera, write_town


def old_facing_east(**extra: list[object]):
    return sites_with_old_camera(existing_orientation_deg=[90.0, None], **extra)


@pytest.fixture
def town(tmp_path):
    return write_town(tmp_path / "town", sites=old_facing_east(), budget=50_000.0)


def cameras(plan) -> list[list[object]]:
    return plan.cameras[["site_id", "existing", "orientation_deg", "cost_sek",
                         "replaces_existing"]].values.tolist()


def test_a_replaced_camera_gives_its_mount_a_new_one_from_the_same_preparation(town):
    prepared = pl.prepare(load_scenario(town))
    # the new options on 'old' come last: every other option keeps its id
    assert prepared.spare.tolist() == [False] * 5 + [True] * 4
    kept, gone, replaced = [pl.solve_prepared(prepared, load_scenario(town, overrides=rule))
                            for rule in ({}, {"constraints.remove_existing": ["old"]},
                                         {"constraints.replace_existing": ["old"]})]
    assert cameras(kept) == [["lamp-1", False, 90.0, 30_000.0, None],
                             ["old", True, 90.0, 0.0, None]]
    assert cameras(gone) == [["lamp-1", False, 90.0, 30_000.0, None]]
    # the optimiser turns the new dome west, into the area, for the mount's cost of 0
    assert cameras(replaced) == [["lamp-1", False, 90.0, 30_000.0, None],
                                 ["old", False, 270.0, 20_000.0, "dome"]]
    assert [round(p.summary["objective"], 4) for p in (kept, gone, replaced)] == [
        165.581, 162.1622, 204.0425]
    assert [round(p.summary["covered_population"], 3) for p in (kept, gone, replaced)] == [
        84.5, 81.081, 122.961]
    assert [p.summary["spent_sek"] for p in (kept, gone, replaced)] == [30_000.0, 30_000.0,
                                                                       50_000.0]
    # the options the plan may use: the four on 'old' only where its camera is replaced
    assert [p.summary["n_options"] for p in (kept, gone, replaced)] == [5, 5, 9]
    # today's coverage still has the old camera
    west = [p.areas.set_index("area_id").loc["west", ["covered_share_before",
                                                      "covered_share_after"]].round(4).tolist()
            for p in (kept, gone, replaced)]
    assert west == [[0.0085, 0.0085], [0.0085, 0.0], [0.0085, 0.1047]]


def test_replacing_plans_as_the_layer_without_the_camera(town, tmp_path):
    # the same plan as a copy of the sites layer without the old camera, the mount kept
    sites = old_facing_east()
    sites["existing_model"] = [None, None]
    sites["existing_orientation_deg"] = [None, None]
    copy = pl.plan(load_scenario(write_town(tmp_path / "copy", sites=sites, budget=50_000.0)))
    replaced = pl.plan(load_scenario(town, overrides={"constraints.replace_existing": ["old"]}))
    assert (copy.cameras[["site_id", "model", "orientation_deg", "cost_sek"]].values.tolist()
            == replaced.cameras[["site_id", "model", "orientation_deg",
                                 "cost_sek"]].values.tolist())
    assert copy.summary["objective"] == replaced.summary["objective"]


def test_the_new_camera_is_the_optimisers_choice(town):
    # at 30,000 SEK one camera: lamp-1's (162.16) is worth more than a new dome on 'old'
    # (41.88), so the old camera goes and its mount stays empty
    prepared = pl.prepare(load_scenario(town))
    plan = pl.solve_prepared(prepared, load_scenario(town, overrides={
        "budget.total_sek": 30_000, "constraints.replace_existing": ["old"]}))
    assert cameras(plan) == [["lamp-1", False, 90.0, 30_000.0, None]]
    # required as well: the new camera on 'old' is bought in every plan
    plan = pl.solve_prepared(prepared, load_scenario(town, overrides={
        "budget.total_sek": 30_000, "constraints.replace_existing": ["old"],
        "constraints.require_sites": ["old"]}))
    assert cameras(plan) == [["old", False, 270.0, 20_000.0, "dome"]]
    assert round(plan.summary["objective"], 4) == 41.8803


def test_the_cheapest_camera_counts_a_replaced_mount_only(town, capsys):
    # 20,000 SEK buys the new dome on 'old' (mount cost 0) only where the scenario replaces
    # the camera; otherwise the cheapest camera is lamp-1's, 30,000 SEK, as before
    out = town.parent / "out"
    assert main(["-q", "plan", str(town), "--set", "budget.total_sek=20000",
                 "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key budget.total_sek=20,000 is below the cheapest camera "
        "option (30,000 SEK); raise the budget\n")
    assert main(["-q", "plan", str(town), "--set", "budget.total_sek=20000", "--set",
                 'constraints.replace_existing=["old"]', "--out", str(out)]) == 0
    register = pd.read_csv(out / "register.csv", keep_default_na=False)
    assert register[["site_id", "status", "replaces_existing"]].values.tolist() == [
        ["old", "new", "dome"]]


@pytest.mark.parametrize(("given", "fix"), [
    ("olld", "key constraints.replace_existing: no site 'olld' in data.sites (sites.gpkg as the "
             "scenario gives it; 1 unknown); did you mean 'old'?"),
    ("lamp-1", "key constraints.replace_existing: site 'lamp-1' has no existing camera; "
               "replace_existing is for existing cameras replaced by new ones (a mount without "
               "one is a candidate already)"),
    ("kiosk", "key constraints.replace_existing: no site 'kiosk' in data.sites (sites.gpkg as "
              "the scenario gives it; 1 unknown); 'kiosk' is in the note of 'lamp-1', which has "
              "no existing camera; replace_existing is for existing cameras replaced by new ones "
              "(a mount without one is a candidate already)"),
])
def test_replace_existing_takes_sites_of_existing_cameras(tmp_path, capsys, given, fix):
    town = write_town(tmp_path / "town", sites=old_facing_east(
        note=["police camera", "lamp on Stortorget, by the kiosk"]))
    assert main(["-q", "validate", str(town), "--set",
                 f'constraints.replace_existing=["{given}"]']) == 2
    assert capsys.readouterr().err == f"planner: error: {town}: {fix}\n"


@pytest.mark.parametrize(("other", "fix"), [
    ("remove_existing", "site 'old' is in both remove_existing and replace_existing; a camera "
                        "replaced is taken down and its mount may get a new one, one removed "
                        "gets none: keep it in one"),
    ("exclude_sites", "site 'old' is in both exclude_sites and replace_existing; to take the "
                      "camera down with no new camera on its mount, list it in remove_existing "
                      "only"),
])
def test_a_replaced_camera_in_another_rule_is_refused(town, capsys, other, fix):
    assert main(["-q", "validate", str(town), "--set", 'constraints.replace_existing=["old"]',
                 "--set", f'constraints.{other}=["old"]']) == 2
    assert capsys.readouterr().err == f"planner: error: {town}: key constraints: {fix}\n"


def test_a_replaced_mount_whose_new_camera_covers_no_one_is_refused(town):
    # only the east area planned: no dome on 'old', 240 m west, sees any of it
    scenario = load_scenario(town, overrides={"demand.areas": ["east"],
                                              "constraints.replace_existing": ["old"]})
    with pytest.raises(InputError) as caught:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(caught.value) == (
        f"{town}: key constraints.replace_existing: site 'old' can get no new camera that "
        "covers anyone (none of the new camera options there sees a demand point of the "
        "planned areas); to take its camera down, list it in constraints.remove_existing "
        "instead")


def test_a_required_site_near_a_replaced_camera_is_not_kept_from_it(tmp_path):
    # lamp-1 is 240 m from the old camera: with a 300 m spacing a required lamp-1 had been
    # refused as never getting a camera, the old one standing; replaced, it is a candidate
    town = write_town(tmp_path / "town", sites=old_facing_east(), budget=50_000.0)
    rules = {"constraints.require_sites": ["lamp-1"], "constraints.min_spacing_m": 300}
    with pytest.raises(InputError) as caught:
        pl.plan(load_scenario(town, overrides=rules))
    assert str(caught.value) == (
        f"{town}: key constraints.require_sites: site 'lamp-1' is 240.0 m from the existing "
        "camera on 'old', closer than constraints.min_spacing_m = 300 m, so it can never get a "
        "camera; take 'lamp-1' out of require_sites or lower constraints.min_spacing_m = 300 m")
    plan = pl.plan(load_scenario(town, overrides={
        **rules, "constraints.replace_existing": ["old"]}))
    assert cameras(plan) == [["lamp-1", False, 90.0, 30_000.0, None]]


def test_validate_counts_the_cameras_replaced(town, capsys):
    assert main(["validate", str(town), "--set", 'constraints.replace_existing=["old"]']) == 0
    assert (", 2 sites (1 with an existing camera, 1 replaced by constraints.replace_existing), "
            in capsys.readouterr().out)


@pytest.mark.parametrize(("language", "report_line", "tooltip", "popup"), [
    ("en", "- Existing cameras replaced, each mount a candidate for a new camera "
           "(`constraints.replace_existing`): old (dome) replaced by C002. The coverage before "
           "the plan (today's) still has it",
     "Mount old (pole): camera planned (C002); its existing camera replaced by the scenario "
     "(constraints.replace_existing)",
     "Replaces the existing camera (dome) on this mount (constraints.replace_existing)"),
    ("sv", "- Befintliga kameror som ersätts, där varje monteringsplats kan få en ny kamera "
           "(`constraints.replace_existing`): old (dome) ersätts av C002. Täckningen före "
           "planen (dagens) har den fortfarande",
     "Monteringsplats old (stolpe): kamera planerad (C002); den befintliga kameran ersätts "
     "enligt scenariot (constraints.replace_existing)",
     "Ersätter den befintliga kameran (dome) på monteringsplatsen "
     "(constraints.replace_existing)"),
])
def test_the_outputs_say_which_camera_is_replaced(town, tmp_path, language, report_line,
                                                   tooltip, popup):
    out = tmp_path / language
    assert main(["-q", "plan", str(town), "--set", 'constraints.replace_existing=["old"]',
                 "--set", f"language={language}", "--out", str(out)]) == 0
    features = json.loads((out / "cameras.geojson").read_text(encoding="utf-8"))["features"]
    assert [(f["properties"]["site_id"], f["properties"]["existing"],
             f["properties"]["replaces_existing"]) for f in features] == [
        ("lamp-1", False, None), ("old", False, "dome")]
    register = pd.read_csv(out / "register.csv", keep_default_na=False)
    assert register[["camera", "site_id", "status", "replaces_existing"]].values.tolist() == [
        ["C001", "lamp-1", "new", ""], ["C002", "old", "new", "dome"]]
    assert report_line in (out / "report.md").read_text(encoding="utf-8").splitlines()
    page = (out / "map.html").read_text(encoding="utf-8")
    assert tooltip in page and popup in page
    settings = json.loads((out / "summary.json").read_text(encoding="utf-8"))["settings"]
    assert settings["constraints"]["replace_existing"] == ["old"]


def test_a_replaced_mount_without_a_new_camera_says_so(town):
    from planner._report_markdown import _site_rule_lines

    plan = pl.plan(load_scenario(town, overrides={"budget.total_sek": 30_000,
                                                  "constraints.replace_existing": ["old"]}))
    # (a colon and "taken down": "old (dome), no new camera; ..." had run into the next mount
    # of the list, "..., no new camera, skolgatan (dome) by C103")
    assert [_site_rule_lines(plan, language)
            for language in ("en", "sv")] == [
        ["- Existing cameras replaced, each mount a candidate for a new camera "
         "(`constraints.replace_existing`): old (dome): no new camera, taken down. The coverage "
         "before the plan (today's) still has it"],
        ["- Befintliga kameror som ersätts, där varje monteringsplats kan få en ny kamera "
         "(`constraints.replace_existing`): old (dome): ingen ny kamera, tas ned. Täckningen "
         "före planen (dagens) har den fortfarande"]]


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["added (replaces an existing camera)", "replaced (existing)"]),
    ("sv", ["tillagd (ersätter en befintlig kamera)", "ersatt (befintlig)"]),
])
def test_compare_calls_the_old_camera_replaced(town, tmp_path, language, words):
    from planner.compare import camera_changes, change_words

    prepared = pl.prepare(load_scenario(town))
    a = pl.solve_prepared(prepared)
    b = pl.solve_prepared(prepared, load_scenario(town, overrides={
        "constraints.replace_existing": ["old"]}))
    changes = camera_changes(a, b)
    # the new dome on the old camera's mount is a camera of its own, not the old one moved
    assert changes[["change", "site_id", "camera_a", "camera_b", "model", "orientation_deg",
                    "existing", "replaces_existing"]].astype(object).where(
        changes.notna(), None).values.tolist() == [
        ["added", "old", None, "C002", "dome", 270.0, False, "dome"],
        ["removed", "old", "C002", None, "dome", 90.0, True, None]]
    assert change_words(changes, language) == words


def test_compare_writes_the_replacement(town, tmp_path, caplog):
    caplog.set_level(logging.ERROR)
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set-b",
                 'constraints.replace_existing=["old"]', "--out", str(out)]) == 0
    table = pd.read_csv(out / "cameras.csv", keep_default_na=False)
    assert table[["change", "site_id", "existing", "replaces_existing"]].values.tolist() == [
        ["added", "old", False, "dome"], ["removed", "old", True, ""]]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "replaced (existing)" in report and "added (replaces an existing camera)" in report
    # the count line says the old camera is replaced, not taken down
    assert "1 added, 1 removed (of which 1 existing camera replaced), 0 moved; 1 unchanged." in report
    # the side-by-side map's popup of B's new camera says it too
    assert ("Replaces the existing camera (dome) on this mount (constraints.replace_existing)"
            in (out / "compare.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("language", "line"), [
    ("en", "Existing cameras replaced in every plan, each mount a candidate for a new camera "
           "(`constraints.replace_existing`): old. Today's coverage, at 0 SEK, still has them: "
           "each plan's change from today is net of what they covered."),
    ("sv", "Befintliga kameror som ersätts i varje plan, där varje monteringsplats kan få en "
           "ny kamera (`constraints.replace_existing`): old. Dagens täckning, vid 0 kr, har dem "
           "fortfarande: varje plans ändring från i dag är med avdrag för det de täckte."),
])
def test_a_sweep_says_which_existing_cameras_are_replaced(town, language, line):
    from planner.sweep import run_sweep, sweep_markdown

    scenario = load_scenario(town, overrides={"language": language,
                                              "constraints.replace_existing": ["old"]})
    result = run_sweep(scenario, [20_000, 50_000], workers=1)
    # 20,000 SEK buys the new dome on the old camera's mount only; 50,000 lamp-1's too
    assert result.curve[["budget_sek", "spent_sek", "n_cameras_new"]].values.tolist() == [
        [20_000.0, 20_000.0, 1], [50_000.0, 50_000.0, 2]]
    assert sweep_markdown(result).splitlines()[4:6] == [line, ""]


def test_a_rollout_keeps_the_new_camera_on_a_replaced_mount(town):
    from planner.rollout import run_rollout

    scenario = load_scenario(town, overrides={"constraints.replace_existing": ["old"]})
    result = run_rollout(scenario, [20_000, 30_000], best=False)
    # stage 1 (20,000 SEK) buys the new dome on 'old'; stage 2 keeps it and adds lamp-1's
    assert [cameras(p) for p in result.plans] == [
        [["old", False, 270.0, 20_000.0, "dome"]],
        [["old", False, 270.0, 20_000.0, "dome"], ["lamp-1", False, 90.0, 30_000.0, None]]]
    assert [round(p.summary["objective"], 4) for p in result.plans] == [41.8803, 204.0425]


def test_a_replaced_mount_takes_its_max_cameras_of_new_ones(tmp_path):
    # 'old' carries two cameras: with the old dome it has room for one new one (west, 20,000
    # SEK); replaced, for two (west and north), the old dome's slot its second
    sites = old_facing_east()
    sites["max_cameras"] = [2, 1]
    town = write_town(tmp_path / "town", sites=sites, budget=300_000.0)
    prepared = pl.prepare(load_scenario(town))
    assert not prepared.spare.any()  # (its new options are there anyway)
    kept, replaced = [pl.solve_prepared(prepared, load_scenario(town, overrides=rule))
                      for rule in ({}, {"constraints.replace_existing": ["old"]})]
    assert cameras(kept) == [["lamp-1", False, 90.0, 30_000.0, None],
                             ["old", True, 90.0, 0.0, None],
                             ["old", False, 270.0, 20_000.0, None]]
    assert cameras(replaced) == [["lamp-1", False, 90.0, 30_000.0, None],
                                 ["old", False, 0.0, 20_000.0, "dome"],
                                 ["old", False, 270.0, 20_000.0, "dome"]]
    assert [round(p.summary["objective"], 4) for p in (kept, replaced)] == [207.4613, 222.8459]


@pytest.mark.parametrize("rule", [{}, {"constraints.remove_existing": ["old"]}])
def test_a_plan_of_no_camera_does_not_count_the_options_kept_for_a_replacement(town, rule):
    # only the west planned: lamp-1 sees none of it, and the new domes the preparation keeps on
    # 'old' (for constraints.replace_existing) are no options of this plan, nor is the old dome
    # taken down; they had been "every camera option that sees demand (4) views a privacy zone"
    # in a town without privacy zones
    plan = pl.plan(load_scenario(town, overrides={"demand.areas": ["west"], **rule}))
    assert plan.summary["n_cameras_new"] == 0
    assert plan.summary["notes"][0] == (
        "no camera was bought: no new camera option sees any demand; add mounts near the "
        "planned areas")


def test_the_spacing_pairs_only_the_options_a_plan_may_hold(town):
    from planner._plan_problem import _problem

    # lamp-1 (options 0-3) is 240 m from 'old' (option 4, its camera, and 5-8, the new domes
    # kept for a replacement): at 300 m lamp-1's four options conflict with the camera, and
    # where it is replaced with the four new domes; those had been paired with lamp-1's in
    # every scenario (20 pairs, counted against MAX_CONFLICT_PAIRS), the camera replaced too
    prepared = pl.prepare(load_scenario(town))
    kept, replaced = [
        _problem(load_scenario(town, overrides={"constraints.min_spacing_m": 300, **rule}),
                 prepared)
        for rule in ({}, {"constraints.replace_existing": ["old"]})]
    assert kept.conflicts.tolist() == [[0, 4], [1, 4], [2, 4], [3, 4]]
    assert replaced.conflicts.tolist() == [[lamp, new] for lamp in (0, 1, 2, 3)
                                           for new in (5, 6, 7, 8)]


def two_old_cameras():
    """'old' (facing east, away from the west) and 'old-2', a dome right of the east facing it."""
    sites = old_facing_east()
    second = gpd.GeoDataFrame({"site_id": ["old-2"], "mount_type": ["pole"],
                               "install_cost_sek": [0.0], "max_cameras": [1],
                               "existing_model": ["dome"], "existing_orientation_deg": [270.0]},
                              geometry=[Point(X0 + 61, Y0)], crs=CRS)
    return gpd.GeoDataFrame(pd.concat([sites, second], ignore_index=True), crs=CRS)


@pytest.fixture(scope="module")
def both_replaced(tmp_path_factory):
    # 20,000 SEK buys one new dome on an old camera's mount: on 'old-2', into the east
    town = write_town(tmp_path_factory.mktemp("two") / "town", sites=two_old_cameras(),
                      budget=20_000.0)
    return pl.plan(load_scenario(town, overrides={
        "constraints.replace_existing": ["old", "old-2"]}))


def test_each_replaced_mount_is_told_apart(both_replaced):
    from planner._report_markdown import _site_rule_lines

    plan = both_replaced
    assert cameras(plan) == [["old-2", False, 270.0, 20_000.0, "dome"]]
    # (a semicolon between the mounts: "old (dome), no new camera, old-2 (dome) by C001" had
    # read as one list)
    assert [_site_rule_lines(plan, language)
            for language in ("en", "sv")] == [
        ["- Existing cameras replaced, each mount a candidate for a new camera "
         "(`constraints.replace_existing`): old (dome): no new camera, taken down; old-2 (dome) "
         "replaced by C001. The coverage before the plan (today's) still has them"],
        ["- Befintliga kameror som ersätts, där varje monteringsplats kan få en ny kamera "
         "(`constraints.replace_existing`): old (dome): ingen ny kamera, tas ned; old-2 (dome) "
         "ersätts av C001. Täckningen före planen (dagens) har dem fortfarande"]]


@pytest.mark.parametrize(("language", "empty", "replaced"), [
    ("en", "Mount old (pole): existing camera to be replaced by the scenario, but the plan puts "
           "no new camera here: it is taken down (constraints.replace_existing)",
     "Mount old-2 (pole): camera planned (C001); its existing camera replaced by the scenario "
     "(constraints.replace_existing)"),
    ("sv", "Monteringsplats old (stolpe): befintlig kamera som ska ersättas enligt scenariot, men "
           "planen sätter ingen ny kamera här: den tas ned (constraints.replace_existing)",
     "Monteringsplats old-2 (stolpe): kamera planerad (C001); den befintliga kameran ersätts "
     "enligt scenariot (constraints.replace_existing)"),
])
def test_the_map_says_a_replaced_mount_left_empty_is_taken_down(both_replaced, language,
                                                                 empty, replaced):
    from planner._map_cameras import site_layer

    # (it had read "candidate; its existing camera replaced by the scenario", as if a new
    # camera stood there)
    plan = both_replaced
    layer = site_layer(plan.sites, show=True, language=language,
                       cameras_on={"old-2": "C001"})
    tips = {f["properties"]["tooltip"].split(" ")[1]: f["properties"]["tooltip"]
            for f in layer.data["features"]}
    assert (tips["old"], tips["old-2"]) == (empty, replaced)


def compared(root, side: str) -> dict[str, object]:
    """Compare folders, en and sv, where ``side`` ("a" or "b") replaces 'old' (a new dome
    there) and takes 'old-2' down."""
    town = write_town(root / "town", sites=two_old_cameras(), budget=50_000.0)
    outs = {}
    for language in ("en", "sv"):
        outs[language] = root / language
        assert main(["-q", "compare", str(town), str(town), "--set", f"language={language}",
                     f"--set-{side}", 'constraints.replace_existing=["old"]',
                     f"--set-{side}", 'constraints.remove_existing=["old-2"]',
                     "--out", str(outs[language])]) == 0
    return outs


@pytest.fixture(scope="module")
def replaced_and_taken_down(tmp_path_factory):
    """Compare folders, en and sv: B replaces 'old' (a new dome there) and takes 'old-2' down."""
    return compared(tmp_path_factory.mktemp("cmp"), "b")


@pytest.mark.parametrize(("language", "line"), [
    ("en", "1 added, 2 removed (of which 1 existing camera taken down and 1 replaced), 0 moved; "
           "1 unchanged."),
    ("sv", "1 tillagd, 2 borttagna (varav 1 befintlig kamera nedtagen och 1 ersatt), 0 ändrade; "
           "1 oförändrad."),
])
def test_the_count_line_says_taken_down_and_replaced_at_once(replaced_and_taken_down,
                                                             language, line):
    # (it had read "2 removed (of which 1 existing camera taken down) (of which 1 existing
    # camera replaced)")
    report = (replaced_and_taken_down[language] / "report.md").read_text(encoding="utf-8")
    assert line in report.splitlines()


@pytest.mark.parametrize(("language", "added", "removed", "popups"), [
    ("en", "Added (1):</b> old (B C002, replaces an existing camera)",
     "Removed (2):</b> old (A C002, existing, replaced), old-2 (A C003, existing, taken down)",
     ["Change: added (replaces an existing camera)", "Change: replaced (existing)",
      "Change: taken down (existing)"]),
    ("sv", "Tillagda (1):</b> old (B C002, ersätter en befintlig kamera)",
     "Borttagna (2):</b> old (A C002, befintlig, ersatt), old-2 (A C003, befintlig, nedtagen)",
     ["Ändring: ersatt (befintlig)", "Ändring: nedtagen (befintlig)",
      "Ändring: tillagd (ersätter en befintlig kamera)"]),
])
def test_the_comparison_map_says_replaced_and_taken_down(replaced_and_taken_down, language,
                                                         added, removed, popups):
    # (the change panel and the popups had said "removed" and "added", as of any camera the
    # solver left out, where report.md and compare.xlsx say replaced and taken down)
    page = (replaced_and_taken_down[language] / "compare.html").read_text(encoding="utf-8")
    # (the panel's HTML is in a JSON string: its <, > and å, ä, ö escaped)
    page = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), page)
    assert added in page and removed in page
    shown = sorted(set(re.findall(r"(?:Change|Ändring): [^<\"]*", page)))
    assert [text for text in shown if "(" in text] == popups


def test_a_camera_label_for_a_mount_is_told_what_it_is(town, capsys):
    # (report.md names the old camera C002 beside its mount 'old': the label typed for the
    # mount had been answered "give site_id values of that layer with an existing camera")
    assert main(["validate", str(town), "--set", 'constraints.replace_existing=["C002"]']) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key constraints.replace_existing: no site 'C002' in data.sites "
        "(sites.gpkg as the scenario gives it; 1 unknown); 'C002' is a camera's label in a "
        "plan's outputs (report.md, register.csv, the map), not a mount's id; give the site_id "
        "of its mount, the column beside the label (e.g. 'old')\n")


@pytest.mark.parametrize(("language", "kept", "line"), [
    ("en", "Existing cameras, kept: C001.",
     "- Existing cameras replaced, each mount a candidate for a new camera "
     "(`constraints.replace_existing`): old (dome) replaced by C002. The coverage before the "
     "plan (today's) still has it"),
    ("sv", "Befintliga kameror som behålls: C001.",
     "- Befintliga kameror som ersätts, där varje monteringsplats kan få en ny kamera "
     "(`constraints.replace_existing`): old (dome) ersätts av C002. Täckningen före planen "
     "(dagens) har den fortfarande"),
])
def test_a_rollout_report_says_which_camera_is_replaced(tmp_path, language, kept, line):
    from planner.rollout import rollout_markdown, run_rollout

    # 'old' replaced, 'old-2' kept; stage 1 buys the new dome on 'old' (its own numbering:
    # old-2 is C001, the existing camera, and the new dome C002 in every stage)
    town = write_town(tmp_path / "town", sites=two_old_cameras(), budget=50_000.0)
    scenario = load_scenario(town, overrides={"constraints.replace_existing": ["old"],
                                              "language": language})
    result = run_rollout(scenario, [20_000, 30_000], best=False)
    assert result.cameras[["camera", "site_id", "stage"]].values.tolist() == [
        ["C001", "old-2", 0], ["C002", "old", 1], ["C003", "lamp-1", 2]]
    # (the rollout's report had named old-2 kept and C002 among stage 1's buys, and 'old' nowhere)
    text = rollout_markdown(result).splitlines()
    assert text[text.index(kept) + 2] == line


@pytest.mark.parametrize(("language", "rows"), [
    ("en", ["| Running costs a year (SEK) | 1,000 | 2,000 | +1,000 |",
            "| Running costs a year of the existing cameras (SEK, paid by their owners, not by "
            "this budget) | 2,000 | 0 | -2,000 |",
            "| New cameras | 1 | 2 | +1 |"]),
    ("sv", ["| Driftkostnader per år (kr) | 1\u202f000 | 2\u202f000 | +1\u202f000 |",
            "| Driftkostnader per år för de befintliga kamerorna (kr, betalas av kamerornas "
            "ägare, ingår inte i budgeten) | 2\u202f000 | 0 | \u22122\u202f000 |",
            "| Nya kameror | 1 | 2 | +1 |"]),
])
def test_the_comparison_gives_the_running_costs_the_owners_stop_paying(
        replaced_and_taken_down, language, rows):
    # the two old domes cost their owners 1,000 SEK a year each: B replaces one and takes the
    # other down (the report had given the grant's new running costs alone)
    report = (replaced_and_taken_down[language] / "report.md").read_text(encoding="utf-8")
    lines = report.splitlines()
    at = lines.index(rows[0])
    assert lines[at:at + 3] == rows


def test_a_place_a_mount_note_names_is_answered_with_that_mount(tmp_path, capsys):
    # Katrineholm's police cameras: 'Kerstinbodagatan' had been answered "did you mean
    # 'existing-skolgatan'?", the id closest in letters, though the other camera's note names it
    sites = two_old_cameras()
    sites["site_id"] = ["existing-kerstinbodagatan-vingakersvagen", "lamp-1",
                        "existing-skolgatan"]
    sites["note"] = ["police camera, Kerstinbodagatan x Vingåkersvägen", None,
                     "police camera, Skolgatan"]
    town = write_town(tmp_path / "town", sites=sites, budget=50_000.0)
    assert main(["validate", str(town), "--set",
                 'constraints.replace_existing=["Kerstinbodagatan"]']) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key constraints.replace_existing: no site 'Kerstinbodagatan' "
        "in data.sites (sites.gpkg as the scenario gives it; 1 unknown); 'Kerstinbodagatan' is "
        "in the note of site 'existing-kerstinbodagatan-vingakersvagen' ('police camera, "
        "Kerstinbodagatan x Vingåkersvägen'); give its site_id, "
        "'existing-kerstinbodagatan-vingakersvagen'\n")


@pytest.mark.parametrize(("language", "line"), [
    ("en", "tiny: 1 new + 0 existing cameras (1 existing replaced, 1 taken down), spent 20,000 of "
           "20,000 SEK, covered 8.3 % (before 8.5 %), optimal (gap 0.00 %)"),
    ("sv", "tiny: 1 ny kamera + 0 befintliga (1 befintlig ersatt, 1 nedtagen), använt 20 000 av "
           "20 000 kr, täckt 8,3 % (före 8,5 %), optimal (optimalitetsgap 0,00 %)"),
])
def test_the_plan_line_says_which_existing_cameras_go(tmp_path, capsys, language, line):
    # (it had read "1 new + 0 existing cameras" where the sites layer has two; the new dome
    # stands on old-2, whose camera is replaced)
    town = write_town(tmp_path / "town", sites=two_old_cameras(), budget=20_000.0)
    out = tmp_path / "out"
    assert main(["plan", str(town), "--set", f"language={language}",
                 "--set", 'constraints.replace_existing=["old-2"]',
                 "--set", 'constraints.remove_existing=["old"]', "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"{line} -> {out}\n"


@pytest.mark.parametrize(("language", "row"), [
    ("en", "<th>Cameras</th><td>1 new, 0 existing (1 existing replaced, 1 taken down)</td>"),
    ("sv", "<th>Kameror</th><td>1 ny, 0 befintliga (1 befintlig ersatt, 1 nedtagen)</td>"),
])
def test_the_map_panel_says_which_existing_cameras_go(both_replaced, language, row):
    from planner._map_panels import summary_html

    # (as the line plan prints: "1 new, 0 existing" had stood where the layer holds two; 'old'
    # gets no new camera, so it is taken down, as the comparison says it)
    plan = both_replaced
    assert row in summary_html(plan.summary, plan.name, language=language, cameras=plan.cameras)


@pytest.fixture(scope="module")
def replaced_in_a(tmp_path_factory):
    """Compare folders, en and sv: A replaces 'old' (a new dome there) and takes 'old-2' down."""
    return compared(tmp_path_factory.mktemp("cmp-a"), "a")


@pytest.mark.parametrize(("language", "line", "rows", "added", "removed"), [
    ("en", "2 added (of which 1 existing camera not taken down and 1 not replaced), 1 removed, "
           "0 moved; 1 unchanged.",
     ["| not replaced (existing) | old |  |  |  | B C002 | dome | 91.0° (E) |",
      "| not taken down (existing) | old-2 |  |  |  | B C003 | dome | 271.0° (W) |",
      "| removed (replaces an existing camera) | old | A C002 | dome | 271.0° (W) |  |  |  |"],
     "Added (2):</b> old (B C002, existing, not replaced), old-2 (B C003, existing, not taken down)",
     "Removed (1):</b> old (A C002, replaces an existing camera)"),
    ("sv", "2 tillagda (varav 1 befintlig kamera inte nedtagen och 1 inte ersatt), 1 borttagen, "
           "0 ändrade; 1 oförändrad.",
     ["| inte ersatt (befintlig) | old |  |  |  | B C002 | dome | 91,0° (O) |",
      "| inte nedtagen (befintlig) | old-2 |  |  |  | B C003 | dome | 271,0° (V) |",
      "| borttagen (ersätter en befintlig kamera) | old | A C002 | dome | 271,0° (V) |  |  |  |"],
     "Tillagda (2):</b> old (B C002, befintlig, inte ersatt), old-2 (B C003, befintlig, inte "
     "nedtagen)",
     "Borttagna (1):</b> old (A C002, ersätter en befintlig kamera)"),
])
def test_a_camera_a_replaces_and_b_keeps_is_not_replaced(replaced_in_a, language, line, rows,
                                                         added, removed):
    # (B's old camera on 'old', which A replaces with a new dome, had been "not taken down
    # (existing)", as if A took it down, and A's new dome there a plain "removed")
    report = (replaced_in_a[language] / "report.md").read_text(encoding="utf-8").splitlines()
    assert line in report
    at = report.index(rows[0])
    assert report[at:at + 3] == rows
    page = (replaced_in_a[language] / "compare.html").read_text(encoding="utf-8")
    page = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), page)
    assert added in page and removed in page
    table = pd.read_csv(replaced_in_a[language] / "cameras.csv", keep_default_na=False)
    assert table[["change", "site_id", "existing", "replaces_existing"]].values.tolist() == [
        ["added", "old", True, ""], ["added", "old-2", True, ""],
        ["removed", "old", False, "dome"]]


def test_new_cameras_on_reads_each_mounts_new_cameras_in_plan_order():
    from planner._plan_types import new_cameras_on

    # (the one reading of "did the replaced mount get a new camera" for report.md, the map's
    # summary panel and the line plan prints: labels in the plan's order, existing ones skipped)
    cameras = pd.DataFrame({"site_id": ["old", "lamp-1", "old", "skolgatan", "old"],
                            "existing": [True, False, False, True, False]})
    assert new_cameras_on(cameras, ["old", "skolgatan", "pole-9"]) == {
        "old": ["C003", "C005"], "skolgatan": [], "pole-9": []}


def test_the_plan_line_words_the_cameras_gone_without_the_map_modules():
    import subprocess
    import sys

    # (the line plan and compare print had imported its words from the map's HTML module,
    # and folium with it; planner._existing_text holds them for the map and the line alike)
    code = ("import sys\n"
            "import planner.cli\n"  # (the command and the modules it imports)
            "from planner._cli_common import _plan_line\n"
            "s = {'scenario': 'x', 'n_cameras_new': 1, 'n_cameras_existing': 0,\n"
            "     'spent_sek': 1.0, 'budget_sek': 2.0, 'covered_share': 0.5,\n"
            "     'covered_share_before': 0.25, 'status': 'optimal', 'gap': 0.0,\n"
            "     'settings': {'language': 'sv', 'constraints': {'replace_existing': ['a', 'b'],\n"
            "                                                   'remove_existing': ['c']}}}\n"
            "print(_plan_line(s))\n"
            "print(sorted(m for m in sys.modules if m.startswith(('folium', 'planner._map'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == ("x: 1 ny kamera + 0 befintliga (2 befintliga ersatta, 1 nedtagen), "
                          "använt 1 av 2 kr, täckt 50,0 % (före 25,0 %), optimal "
                          "(optimalitetsgap 0,00 %)\n[]\n")
