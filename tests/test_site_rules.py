"""constraints.require_sites and constraints.exclude_sites on the tiny town (tests/conftest.py).

The town: area 'east' (priority 1, 600 people) beside lamp-1, area 'west' (priority 0, 400
people) beside lamp-2, 240 m apart; a camera costs 30,000 SEK over five years (dome 10,000 +
install 5,000 + 5 x 1,000, mount 10,000) and the budget is 30,000: one camera. Without rules it
goes on lamp-1, whose area weighs twice as much.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from planner import load_scenario
from planner import plan as pl
from planner.cli import main
from planner.errors import InfeasibleError, InputError

from .conftest import CRS, X0, Y0, sites_with_old_camera, write_town


def plan_sites(scenario_path, **overrides) -> list[str]:
    scenario = load_scenario(scenario_path, overrides=overrides)
    planned = pl.solve_prepared(pl.prepare(scenario))
    new = planned.cameras[~planned.cameras["existing"].astype(bool)]
    return sorted(new["site_id"].astype(str))


def test_without_rules_the_camera_goes_to_the_heavier_area(tiny_town):
    assert plan_sites(tiny_town) == ["lamp-1"]


def test_a_required_site_gets_the_camera(tiny_town):
    assert plan_sites(tiny_town, **{"constraints.require_sites": ["lamp-2"]}) == ["lamp-2"]


def test_an_excluded_site_gets_none(tiny_town):
    assert plan_sites(tiny_town, **{"constraints.exclude_sites": ["lamp-1"]}) == ["lamp-2"]


def test_the_money_of_an_excluded_site_goes_elsewhere(tmp_path):
    # 60,000 SEK: one camera on each mount, the second dome on lamp-1 seeing less of the east
    # than lamp-2's sees of the west; with lamp-2 excluded the money buys lamp-1's second dome
    town = write_town(tmp_path / "town", budget=60_000)
    assert plan_sites(town) == ["lamp-1", "lamp-2"]
    assert plan_sites(town, **{"constraints.exclude_sites": ["lamp-2"]}) == ["lamp-1", "lamp-1"]
    assert plan_sites(town, **{"constraints.require_sites": ["lamp-2"]}) == ["lamp-1", "lamp-2"]


def test_outputs_mark_the_required_camera(tiny_town, tmp_path):
    out = tmp_path / "out"
    assert main(["-q", "plan", str(tiny_town), "--set", 'constraints.require_sites=["lamp-2"]',
                 "--out", str(out)]) == 0
    cameras = json.loads((out / "cameras.geojson").read_text(encoding="utf-8"))["features"]
    assert [(f["properties"]["site_id"], f["properties"]["required_site"]) for f in cameras] == [
        ("lamp-2", True)]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("- Required sites, a new camera on each (`constraints.require_sites`): C001 on "
            "lamp-2") in report
    assert "Required site: the scenario asks for a camera here" in (out / "map.html").read_text(
        encoding="utf-8")
    settings = json.loads((out / "summary.json").read_text(encoding="utf-8"))["settings"]
    assert settings["constraints"]["require_sites"] == ["lamp-2"]
    # the register too (filtering it for the cameras the scenario decided had found nothing)
    register = pd.read_csv(out / "register.csv")
    assert register[["site_id", "status", "required_by_scenario"]].values.tolist() == [
        ["lamp-2", "new", True]]
    free = tmp_path / "free"  # without the rule the same camera is the optimiser's choice
    assert main(["-q", "plan", str(tiny_town), "--out", str(free)]) == 0
    register = pd.read_csv(free / "register.csv")
    assert register["required_by_scenario"].tolist() == [False] * len(register)


def test_swedish_report_line(tiny_town, tmp_path):
    out = tmp_path / "sv"
    assert main(["-q", "plan", str(tiny_town), "--set", 'constraints.exclude_sites=["lamp-1"]',
                 "--set", "language=sv", "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "- Monteringsplatser utan nya kameror (`constraints.exclude_sites`): lamp-1" in report


def test_unknown_site_is_named(tiny_town):
    scenario = load_scenario(tiny_town, overrides={"constraints.require_sites": ["nowhere"]})
    with pytest.raises(InputError) as err:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(err.value) == (
        f"{tiny_town}: key constraints.require_sites: no site 'nowhere' in data.sites (sites.gpkg "
        "as the scenario gives it; 1 unknown); give site_id values of that layer without an "
        "existing camera (e.g. 'lamp-1', 'lamp-2')")
    scenario = load_scenario(tiny_town, overrides={"constraints.require_sites": ["lamp-9"]})
    with pytest.raises(InputError) as err:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(err.value) == (
        f"{tiny_town}: key constraints.require_sites: no site 'lamp-9' in data.sites (sites.gpkg "
        "as the scenario gives it; 1 unknown); did you mean 'lamp-1'?")


@pytest.mark.parametrize(("key", "given", "fix"), [
    # (require_sites had suggested mounts of existing cameras, which it refuses; 'pole-002'
    # had been answered with three police cameras' mounts)
    ("require_sites", "olld", "give site_id values of that layer without an existing camera "
                              "(e.g. 'lamp-1')"),
    ("require_sites", "lamp-01", "did you mean 'lamp-1'?"),  # (zeros: not the as close 'lamp-2')
    ("require_sites", "zzz", "give site_id values of that layer without an existing camera "
                             "(e.g. 'lamp-1')"),
    ("exclude_sites", "olld", "did you mean 'old'?"),
    ("exclude_sites", "zzz", "give site_id values of that layer (e.g. 'lamp-1', 'old')"),
])
def test_an_unknown_site_is_answered_with_a_site_the_key_takes(tmp_path, key, given, fix):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    scenario = load_scenario(town, overrides={f"constraints.{key}": [given]})
    with pytest.raises(InputError) as err:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(err.value) == (
        f"{town}: key constraints.{key}: no site {given!r} in data.sites (sites.gpkg as the "
        f"scenario gives it; 1 unknown); {fix}")


@pytest.mark.parametrize(("key", "given", "fix"), [
    # a place the police ask for is known by its name, which a mount's note holds: it had been
    # answered with the layer's first ids ("e.g. 'facade-0001', ..." for Katrineholm's
    # Stortorget, pole-0015); a mount of an existing camera is not offered to require_sites
    ("require_sites", "stortorget", "'stortorget' is in the note of site 'lamp-1' ('lamp on "
                                    "Stortorget, by the kiosk'); give its site_id, 'lamp-1'"),
    ("exclude_sites", "Stortorget", "'Stortorget' is in the notes of 2 sites ('lamp-1', 'old'); "
                                    "give the site_id of the mount you mean (the map's mount "
                                    "tooltips show each mount's id and note)"),
    ("require_sites", "Järntorget", "give site_id values of that layer without an existing "
                                    "camera (e.g. 'lamp-1')"),
    # the note's ä a letter and a combining mark (NFD), the scenario's one letter (NFC)
    ("exclude_sites", "kiosk vid Järntorget", "'kiosk vid Järntorget' is in the note of site "
                                              "'lamp-1' ('lamp on Stortorget, by the kiosk vid "
                                              "Ja\u0308rntorget'); give its site_id, 'lamp-1'"),
    # whole words: 'torget' is no word of "Stortorget" (it had found both mounts), 'kiosk' is
    # one of "kiosk'," or "the kiosk"
    ("exclude_sites", "torget", "give site_id values of that layer (e.g. 'lamp-1', 'old')"),
    ("require_sites", "the KIOSK", "'the KIOSK' is in the note of site 'lamp-1' ('lamp on "
                                   "Stortorget, by the kiosk'); give its site_id, 'lamp-1'"),
    # only an existing camera's mount names the place (Katrineholm's Skolgatan)
    ("require_sites", "police", "'police' is in the note of 'old', which has an existing camera "
                                "(it stays in every plan); require a mount without one near the place"),
])
def test_a_place_name_is_answered_with_the_mounts_whose_note_names_it(tmp_path, key, given, fix):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera(
        note=["police camera,  Stortorget", "lamp on Stortorget, by the kiosk" + (
            " vid Ja\u0308rntorget" if given.startswith("kiosk") else "")]))
    scenario = load_scenario(town, overrides={f"constraints.{key}": [given]})
    with pytest.raises(InputError) as err:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(err.value) == (
        f"{town}: key constraints.{key}: no site {given!r} in data.sites (sites.gpkg as the "
        f"scenario gives it; 1 unknown); {fix}")


def test_a_site_with_an_existing_camera_cannot_be_required(tmp_path):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    scenario = load_scenario(town, overrides={"constraints.require_sites": ["old"]})
    with pytest.raises(InputError, match="site 'old' has an existing camera"):
        pl.solve_prepared(pl.prepare(scenario))
    # excluding it keeps the existing camera
    assert plan_sites(town, **{"constraints.exclude_sites": ["old"]}) == ["lamp-1"]
    scenario = load_scenario(town, overrides={"constraints.exclude_sites": ["old"]})
    planned = pl.solve_prepared(pl.prepare(scenario))
    assert planned.cameras["existing"].astype(bool).sum() == 1


def test_two_required_sites_over_budget_name_the_fix(tiny_town):
    scenario = load_scenario(tiny_town, overrides={
        "constraints.require_sites": ["lamp-1", "lamp-2"]})
    with pytest.raises(InfeasibleError, match=(
            r"key constraints.require_sites: the cheapest cameras on the 2 required sites "
            r"\('lamp-1': dome, 30,000 SEK; 'lamp-2': dome, 30,000 SEK\) cost 60,000 SEK "
            r"together with 5 years' running costs, more than 30,000 SEK; raise "
            r"budget.total_sek or require fewer sites$")):
        pl.solve_prepared(pl.prepare(scenario))


def test_spacing_that_keeps_required_sites_apart(tmp_path):
    # refused before the solve, with the distance: no budget helps (the optimiser's "no plan
    # within 60,000 SEK gives each ..." had offered "raise budget.total_sek")
    town = write_town(tmp_path / "town", budget=60_000)
    scenario = load_scenario(town, overrides={
        "constraints.require_sites": ["lamp-1", "lamp-2"], "constraints.min_spacing_m": 500})
    with pytest.raises(InputError, match=(
            r"key constraints.require_sites: sites 'lamp-1' and 'lamp-2' are 240.0 m apart, "
            r"closer than constraints.min_spacing_m = 500 m, so they cannot both get a camera; "
            r"require only one of them or lower constraints.min_spacing_m = 500 m$")):
        pl.solve_prepared(pl.prepare(scenario))
    # exactly the spacing apart is not closer than it: both get their camera
    assert plan_sites(town, **{"constraints.require_sites": ["lamp-1", "lamp-2"],
                               "constraints.min_spacing_m": 240}) == ["lamp-1", "lamp-2"]


def test_spacing_from_an_existing_camera_keeps_a_required_site_out(tmp_path):
    # 'old' holds an existing dome 240 m west of lamp-1 (tests/conftest.py)
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    with pytest.raises(InputError, match=(
            r"key constraints.require_sites: site 'lamp-1' is 240.0 m from the existing camera "
            r"on 'old', closer than constraints.min_spacing_m = 300 m, so it can never get a "
            r"camera; take 'lamp-1' out of require_sites or lower constraints.min_spacing_m")):
        plan_sites(town, **{"constraints.require_sites": ["lamp-1"],
                            "constraints.min_spacing_m": 300})
    # without the requirement the spacing only keeps lamp-1 empty: nothing to refuse
    assert plan_sites(town, **{"constraints.min_spacing_m": 300}) == []
    assert plan_sites(town, **{"constraints.require_sites": ["lamp-1"],
                               "constraints.min_spacing_m": 200}) == ["lamp-1"]


def test_cli_exit_code_and_one_line(tiny_town, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["plan", str(tiny_town), "--set", 'constraints.require_sites=["nowhere"]',
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no site 'nowhere'" in err[0]
    assert not out.exists()


@pytest.mark.parametrize(("value", "message"), [
    ('["lamp-1", "lamp-1"]', "site 'lamp-1' is listed twice"),
    ('"lamp-1"', "give a list of site ids"),
])
def test_bad_lists_are_refused(tiny_town, value, message):
    with pytest.raises(InputError, match=message):
        load_scenario(tiny_town, overrides={"constraints.require_sites": json.loads(value)})


def test_both_required_and_excluded(tiny_town):
    with pytest.raises(InputError, match="site 'lamp-1' is in both require_sites and "
                                         "exclude_sites"):
        load_scenario(tiny_town, overrides={"constraints.require_sites": ["lamp-1"],
                                            "constraints.exclude_sites": ["lamp-1"]})


def test_both_required_and_taken_down(tmp_path, capsys):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    assert main(["-q", "validate", str(town), "--set", 'constraints.require_sites=["old"]',
                 "--set", 'constraints.remove_existing=["old"]']) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key constraints: site 'old' is in both require_sites and "
        "remove_existing; the mount of a camera taken down gets no new camera: keep it in one, "
        "or require a mount near it\n")


def test_compare_with_and_without_a_required_site(tiny_town, tmp_path):
    # what the decision costs: compare the plan with and without it
    text = tiny_town.read_text(encoding="utf-8")
    tiny_town.write_text(text + '\n[variants.promise]\nconstraints.require_sites = ["lamp-2"]\n',
                         encoding="utf-8")
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(tiny_town), f"{tiny_town}#promise", "--out", str(out)]) == 0
    areas = pd.read_csv(out / "areas.csv").set_index("area_id")
    # the promise moves the one camera west: east loses its coverage, west gains
    assert areas.loc["east", "share_a"] > 0 and areas.loc["east", "share_b"] == 0
    assert areas.loc["west", "share_a"] == 0 and areas.loc["west", "share_b"] > 0


def test_validate_checks_the_site_ids_of_every_variant(tiny_town, capsys):
    text = tiny_town.read_text(encoding="utf-8")
    tiny_town.write_text(text + '\n[variants.typo]\nconstraints.exclude_sites = ["lamp-l"]\n',
                         encoding="utf-8")
    assert main(["validate", str(tiny_town)]) == 2
    err = capsys.readouterr().err
    assert "key constraints.exclude_sites: no site 'lamp-l'" in err
    assert "(in [variants.typo])" in err


def test_a_required_site_out_of_reach(tiny_town):
    # only the east side is planned: lamp-2, 240 m west, sees none of it
    scenario = load_scenario(tiny_town, overrides={"demand.areas": ["east"],
                                                   "constraints.require_sites": ["lamp-2"]})
    with pytest.raises(InputError, match="site 'lamp-2' \\(a lamp_post\\) has no camera option: "
                                         "it is out of every camera's range"):
        pl.solve_prepared(pl.prepare(scenario))


@pytest.mark.parametrize(("variant", "words"), [
    ('demand.areas = ["east"]\nconstraints.require_sites = ["lamp-2"]',
     "site 'lamp-2' (a lamp_post) has no camera option"),
    ('constraints.require_sites = ["lamp-1", "lamp-2"]\nconstraints.min_spacing_m = 500',
     "sites 'lamp-1' and 'lamp-2' are 240.0 m apart, closer than constraints.min_spacing_m"),
])
def test_validate_refuses_what_plan_refuses_of_required_sites(tiny_town, capsys, variant, words):
    # (validate had said "ok" to both; plan refused them after the coverage step)
    text = tiny_town.read_text(encoding="utf-8")
    tiny_town.write_text(f"{text}\n[variants.promise]\n{variant}\n", encoding="utf-8")
    assert main(["validate", str(tiny_town)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0] and "(in [variants.promise])" in err[0]
    assert main(["plan", str(tiny_town), "--variant", "promise", "--out",
                 str(tiny_town.parent / "out")]) == 2
    assert words in capsys.readouterr().err


def test_required_sites_apart_under_maxmin_equity_blame_the_sites(tmp_path):
    # "maxmin" with a share of 0 asks for no share: what fails is the required sites' spacing
    # (had been "constraints.equity_min_share=0 cannot be met: ... no plan gives every planned
    # area that share")
    town = write_town(tmp_path / "town", budget=60_000)
    scenario = load_scenario(town, overrides={
        "constraints.require_sites": ["lamp-1", "lamp-2"], "constraints.min_spacing_m": 500,
        "constraints.equity_mode": "maxmin"})
    with pytest.raises(InputError, match=(
            r"key constraints.require_sites: sites 'lamp-1' and 'lamp-2' are 240.0 m apart")
                       ) as caught:
        pl.solve_prepared(pl.prepare(scenario))
    assert "share" not in str(caught.value)


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Mount lamp-1 (lamp post): candidate; no new camera by the scenario "
           "(constraints.exclude_sites)"),
    ("sv", "; ingen ny kamera enligt scenariot (constraints.exclude_sites)"),
])
def test_the_map_says_what_the_scenario_decided_on_a_mount(tiny_town, tmp_path, language,
                                                          words):
    out = tmp_path / language
    assert main(["-q", "plan", str(tiny_town), "--set", 'constraints.exclude_sites=["lamp-1"]',
                 "--set", f"language={language}", "--out", str(out)]) == 0
    page = (out / "map.html").read_text(encoding="utf-8")
    assert words in page
    assert "krävs i scenariot" not in page and "required by the scenario" not in page
    required = tmp_path / f"{language}-required"
    assert main(["-q", "plan", str(tiny_town), "--set", 'constraints.require_sites=["lamp-2"]',
                 "--set", f"language={language}", "--out", str(required)]) == 0
    page = (required / "map.html").read_text(encoding="utf-8")
    assert ("; required by the scenario (constraints.require_sites)" if language == "en"
            else "; krävs i scenariot (constraints.require_sites)") in page


def test_greedys_miss_names_both_rules_when_both_are_set(tiny_town, monkeypatch):
    # (greedy's miss at planner level is hard to provoke: the planner's conflicts join whole
    # mounts; the optimiser's own message is tested in test_required_groups)
    from planner.errors import HeuristicShortError

    def missed(*args, **kwargs):
        raise HeuristicShortError("backend 'greedy' could not ...")

    monkeypatch.setattr(pl, "solve", missed)
    scenario = load_scenario(tiny_town, overrides={
        "solver.backend": "greedy", "constraints.equity_min_share": 0.1,
        "constraints.require_sites": ["lamp-2"]})
    with pytest.raises(InputError, match=(
            r"did not reach constraints.equity_min_share = 0.1 in every planned area and a new "
            r"camera on every site of constraints.require_sites \(greedy is a heuristic")):
        pl.solve_prepared(pl.prepare(scenario))


@pytest.mark.parametrize(("horizon", "cost"), [
    ("5", "65,000 SEK with 5 years' running costs"),
    ("1", "61,000 SEK with 1 year's running costs"),  # (had been "1 years'")
])
def test_a_required_site_beyond_the_budget_names_its_camera_and_cost(tmp_path, capsys, horizon,
                                                                     cost):
    # (the refusal had said "the cheapest camera on the required site 'lamp-2' costs more than
    # 30,000 SEK": no model, no amount)
    town = write_town(tmp_path / "town", extra='[constraints]\nrequire_sites = ["lamp-2"]\n')
    frame = gpd.read_file(town.parent / "sites.gpkg")
    frame["install_cost_sek"] = [10_000.0, 45_000.0]
    (town.parent / "sites.gpkg").unlink()
    frame.to_file(town.parent / "sites.gpkg", engine="pyogrio")
    assert main(["-q", "plan", str(town), "--set", f"budget.horizon_years={horizon}", "--out",
                 str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        f"planner: infeasible: {town}: key constraints.require_sites: the cheapest camera on the "
        f"required site 'lamp-2' (model dome) costs {cost}, more than 30,000 SEK; raise "
        "budget.total_sek or require fewer sites\n")


def test_an_existing_camera_taken_down_is_in_no_plan(tmp_path):
    # "what if the police take their camera down?" had needed a copy of the sites layer without
    # it; constraints.remove_existing is solved from the same preparation. The old dome sees the
    # west area (10.5 % of it, 41.9 of the objective); lamp-1's camera stays on the east area
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    prepared = pl.prepare(load_scenario(town))
    kept = pl.solve_prepared(prepared)
    gone = pl.solve_prepared(prepared, load_scenario(
        town, overrides={"constraints.remove_existing": ["old"]}))
    assert kept.cameras["site_id"].tolist() == ["lamp-1", "old"]
    assert gone.cameras["site_id"].tolist() == ["lamp-1"]
    assert [(p.summary["n_cameras_new"], p.summary["n_cameras_existing"],
             p.summary["existing_yearly_sek"]) for p in (kept, gone)] == [(1, 1, 1000.0),
                                                                         (1, 0, 0.0)]
    assert round(kept.summary["objective"], 2) == 204.04
    assert round(gone.summary["objective"], 2) == 162.16
    # today's coverage, before the plan, still has it; after the plan the west area has none
    before = [p.areas.set_index("area_id")["covered_share_before"]["west"] for p in (kept, gone)]
    after = [p.areas.set_index("area_id")["covered_share_after"]["west"] for p in (kept, gone)]
    assert [round(v, 4) for v in before] == [0.1047, 0.1047]
    assert [round(v, 4) for v in after] == [0.1047, 0.0]
    # report.md says so, in both languages
    from planner._report_markdown import _site_rule_lines
    assert [_site_rule_lines(gone, language) for language in
            ("en", "sv")] == [
        ["- Existing cameras taken down, in no plan and no new camera on their mounts "
         "(`constraints.remove_existing`): old; the coverage before the plan (today's) still "
         "has it"],  # (one camera: "them" had been said of one too)
        ["- Befintliga kameror som tas ned, som inte ingår i någon plan och vars "
         "monteringsplatser inte får någon ny kamera (`constraints.remove_existing`): old; "
         "täckningen före planen (dagens) har den fortfarande"]]
    # and the map's mount tooltip (it had read "candidate", a mount a new camera may go on)
    from planner._map_cameras import site_layer
    tips = {f["properties"]["tooltip"].split(" ")[1]: f["properties"]["tooltip"] for f in
            site_layer(gone.sites, show=True, language="sv").data["features"]}
    assert tips["old"] == ("Monteringsplats old (stolpe): befintlig kamera som tas ned enligt "
                           "scenariot, ingen ny kamera (constraints.remove_existing)")


def test_the_mount_of_a_camera_taken_down_gets_no_new_camera(tmp_path):
    # the old pole carries three cameras: with its dome taken down, two new domes had gone up in
    # its place (one on the dome's own direction, which the comparison called unchanged), where
    # report.md and the map say "no new camera on their mounts". lamp-1 carries one
    sites = sites_with_old_camera()
    sites["max_cameras"] = [3, 1]
    town = write_town(tmp_path / "town", sites=sites, budget=300_000.0)
    prepared = pl.prepare(load_scenario(town))
    plans = [pl.solve_prepared(prepared, load_scenario(town, overrides=rule)) for rule in (
        {}, {"constraints.remove_existing": ["old"]})]
    assert [p.cameras[["site_id", "existing"]].values.tolist() for p in plans] == [
        [["lamp-1", False], ["old", True], ["old", False], ["old", False]],
        [["lamp-1", False]]]
    assert [(p.summary["n_cameras_new"], p.summary["n_cameras_existing"]) for p in plans] == [
        (3, 1), (1, 0)]


def test_a_camera_taken_down_on_an_excluded_mount_is_not_called_a_candidate(tmp_path):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    gone = pl.solve_prepared(pl.prepare(load_scenario(town, overrides={
        "constraints.remove_existing": ["old"], "constraints.exclude_sites": ["old"]})))
    from planner._map_cameras import site_layer
    tips = {f["properties"]["tooltip"].split(" ")[1]: f["properties"]["tooltip"] for f in
            site_layer(gone.sites, show=True, language="en").data["features"]}
    assert tips["old"] == ("Mount old (pole): existing camera taken down by the scenario, no new "
                       "camera (constraints.remove_existing)")


@pytest.mark.parametrize(("given", "fix"), [
    ("olld", "no site 'olld' in data.sites (sites.gpkg as the scenario gives it; 1 unknown); "
             "did you mean 'old'?"),
    # a place only a mount without a camera to take down names (lamp-1's note)
    ("kiosk", "no site 'kiosk' in data.sites (sites.gpkg as the scenario gives it; 1 "
              "unknown); 'kiosk' is in the note of 'lamp-1', which has no existing camera; "
              "remove_existing is for existing cameras taken down (constraints.exclude_sites "
              "keeps new cameras off a mount)"),
    ("zzz", "no site 'zzz' in data.sites (sites.gpkg as the scenario gives it; 1 unknown); "
            "give site_id values of that layer with an existing camera (e.g. 'old')"),
    ("lamp-1", "site 'lamp-1' has no existing camera; remove_existing is for existing cameras "
               "taken down (constraints.exclude_sites keeps new cameras off a mount)"),
])
def test_remove_existing_takes_sites_of_existing_cameras(tmp_path, capsys, given, fix):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera(
        note=["police camera", "lamp on Stortorget, by the kiosk"]))
    # validate refuses it too, in one line with exit code 2
    assert main(["-q", "validate", str(town), "--set",
                 f'constraints.remove_existing=["{given}"]']) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key constraints.remove_existing: {fix}\n")


def test_validate_counts_the_existing_cameras_taken_down(tmp_path, capsys):
    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    assert main(["validate", str(town), "--set", 'constraints.remove_existing=["old"]']) == 0
    assert (", 2 sites (1 with an existing camera, 1 taken down by constraints.remove_existing), "
            in capsys.readouterr().out)


def test_a_place_named_in_the_notes_of_several_existing_cameras_says_how_many(tmp_path):
    # Katrineholm's 'Polismyndigheten' is in the notes of four police cameras' mounts: the answer
    # had named three, "in the note of ..., which have an existing camera", the fourth unsaid
    sites = gpd.GeoDataFrame(
        {"site_id": ["p1", "p2", "p3", "p4", "lamp-1"],
         "mount_type": ["pole"] * 4 + ["lamp_post"],
         "install_cost_sek": [0.0] * 4 + [10_000.0], "max_cameras": [1] * 4 + [2],
         "existing_model": ["dome"] * 4 + [None],
         "existing_orientation_deg": [270.0] * 4 + [None],
         "note": ["police camera (Polismyndigheten)"] * 4 + ["lamp"]},
        geometry=[Point(X0 - 241, Y0 + dy) for dy in (-9, -3, 3, 9)] + [Point(X0 - 1, Y0)],
        crs=CRS)
    town = write_town(tmp_path / "town", sites=sites)
    scenario = load_scenario(town, overrides={"constraints.require_sites": ["Polismyndigheten"]})
    with pytest.raises(InputError) as err:
        pl.solve_prepared(pl.prepare(scenario))
    assert str(err.value).endswith(
        "'Polismyndigheten' is in the notes of 4 sites ('p1', 'p2', 'p3' and 1 more), each with "
        "an existing camera (they stay in every plan); require a mount without one near the "
        "place")
