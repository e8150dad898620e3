"""planner.plan.evaluate: a plan's cameras scored under another preparation, no optimisation."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from planner import load_scenario
from planner.errors import InputError
from planner.plan import evaluate, prepare, solve_prepared
from planner.report import camera_table
from tests.conftest import CRS, X0, Y0, write_town

# The town's one camera the 30,000 SEK buy: the dome on lamp-1 (X0 - 1, Y0) facing east (90°),
# 90° wide, ranges identify 3.84, recognise 7.68, observe 15.36, detect 38.4 m; at night the IR
# range caps detect at 20 m. The east area's 111 demand points (5 m grid, 6 in the building) share
# its weight 600 × (1 + 1) = 1,200; the points in the 90° sector (|dy| <= dx + 1), by distance:
# by day 1 identify (1) + 1 recognise (0.75) + 7 observe (0.5) + 7 + 9 + 9 + 9 + 5 detect (0.25)
# = 15 points' worth; at night the detect points within 20 m only, 5 of them: 6.5.
POINT = 1200 / 111
DAY, NIGHT = 15.0 * POINT, 6.5 * POINT


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_town(tmp_path_factory.mktemp("town"))


@pytest.fixture(scope="module")
def day(town: Path):
    prepared = prepare(load_scenario(town))
    return prepared, solve_prepared(prepared)


def test_the_day_plan_at_night_is_scored_by_hand(town: Path, day) -> None:
    _, plan = day
    assert plan.cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-1", 90.0]]
    assert plan.summary["objective"] == pytest.approx(DAY, rel=1e-12)
    night = prepare(load_scenario(town, overrides={"coverage.night": True}))
    scored = evaluate(night, plan)
    s = scored.summary
    assert (s["status"], s["stopped_by"], s["backend"], s["bound"], s["gap"]) == (
        "evaluated", "evaluated", "evaluated", None, None)
    assert s["objective"] == pytest.approx(NIGHT, rel=1e-12)
    shares = scored.areas.set_index("area_id")["covered_share_after"]
    assert shares["east"] == pytest.approx(6.5 / 111, rel=1e-12)
    assert s["covered_population"] == pytest.approx(600 * 6.5 / 111, rel=1e-12)
    assert s["covered_share"] == pytest.approx(NIGHT / 1600, rel=1e-12)  # (west: 400, unseen)
    # the same cameras, given as the plan's cameras frame or camera_table, score the same
    for cameras in (plan.cameras, camera_table(plan)):
        assert evaluate(night, cameras).summary["objective"] == s["objective"]


def test_a_plan_evaluated_in_its_own_preparation_is_itself(day) -> None:
    prepared, plan = day
    for cameras in (plan, plan.cameras["option_id"].tolist()):
        again = evaluate(prepared, cameras)
        assert again.summary["objective"] == plan.summary["objective"]
        assert again.summary["covered_population"] == plan.summary["covered_population"]
        pd.testing.assert_series_equal(again.areas["covered_share_after"],
                                       plan.areas["covered_share_after"])
        assert again.cameras["option_id"].tolist() == plan.cameras["option_id"].tolist()
        assert again.summary["spent_sek"] == plan.summary["spent_sek"]


def test_rules_the_cameras_break_are_noted_not_optimised(day) -> None:
    prepared, plan = day
    poorer = prepared.scenario.with_overrides({"budget.total_sek": 20_000})
    s = evaluate(prepared, plan, poorer).summary
    assert s["objective"] == plan.summary["objective"]
    assert s["notes"][-1] == ("the evaluated cameras break a rule of the scenario: they cost "
                              "30,000 SEK, more than budget.total_sek = 20,000 SEK")
    # an equity share the cameras miss is named by the area's id (had been "area label 1")
    fair = prepared.scenario.with_overrides({"constraints.equity_min_share": 0.05})
    notes = evaluate(prepared, plan, fair).summary["notes"]
    assert notes[-1] == ("the evaluated cameras break a rule of the scenario: "
                         "constraints.equity_min_share = 0.05 is not met in area west (0.0 % "
                         "covered)")


#: Each rule an evaluated plan may break, as its note gives it in English and in Swedish: in
#: the scenario's terms (the checker's words had named option and group numbers, "required_groups:
#: group 1 has no chosen option", and stood in English in a Swedish plan's report and workbook).
BROKEN = {
    "en": ["the evaluated cameras break a rule of the scenario: they cost 90,000 SEK, more than "
           "budget.total_sek = 30,000 SEK",
           "the evaluated cameras break a rule of the scenario: the sites layer's max_cameras "
           "allows fewer cameras on lamp-1",
           "the evaluated cameras break a rule of the scenario: constraints.require_sites: no "
           "new camera on lamp-2",
           "the evaluated cameras break a rule of the scenario: constraints.equity_min_share = "
           "0.5 is not met in area east ({east} covered) and area west (0.0 % covered)",
           "the evaluated cameras break a rule of the scenario: constraints.min_spacing_m = 300 "
           "m: the cameras on lamp-1 – lamp-2 stand closer than that"],
    "sv": ["de bedömda kamerorna bryter mot en regel i scenariot: de kostar 90 000 kr, mer än "
           "budget.total_sek = 30 000 kr",
           "de bedömda kamerorna bryter mot en regel i scenariot: lagrets max_cameras tillåter "
           "färre kameror på lamp-1",
           "de bedömda kamerorna bryter mot en regel i scenariot: constraints.require_sites: "
           "ingen ny kamera på lamp-2",
           "de bedömda kamerorna bryter mot en regel i scenariot: constraints.equity_min_share = "
           "0.5 uppfylls inte i område east ({east} täckt) och område west (0,0 % täckt)",
           "de bedömda kamerorna bryter mot en regel i scenariot: constraints.min_spacing_m = "
           "300 m: kamerorna på lamp-1 – lamp-2 står närmare varandra än så"],
}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_broken_rule_is_noted_in_the_plans_language(day, language: str) -> None:
    from planner import _lang

    prepared, _ = day
    options = prepared.options
    ids = {(site, angle): int(options.index[(options["site_id"] == site)
                                            & (options["orientation_deg"] == angle)][0])
           for site, angle in (("lamp-1", 0.0), ("lamp-1", 90.0), ("lamp-1", 180.0),
                               ("lamp-2", 270.0))}
    scenario = prepared.scenario.with_overrides({"language": language})
    # three cameras on lamp-1, which takes two, none on the required lamp-2, an equity share of
    # one half: the budget, the mount's capacity, the required mount and the share broken
    three = [ids["lamp-1", angle] for angle in (0.0, 90.0, 180.0)]
    scored = evaluate(prepared, three, scenario.with_overrides({
        "constraints.require_sites": ["lamp-2"], "constraints.equity_min_share": 0.5}))
    east = scored.areas.set_index("area_id").loc["east", "covered_share_after"]
    assert 0 < east < 0.5
    # then a camera on each mount, 240 m apart, at a spacing of 300 m
    spaced = evaluate(prepared, [ids["lamp-1", 90.0], ids["lamp-2", 270.0]], scenario.with_overrides(
        {"constraints.min_spacing_m": 300, "budget.total_sek": 60_000}))
    said = [n.replace("\u00a0", " ").replace("\u202f", " ")
            for n in (*scored.summary["notes"][1:], *spaced.summary["notes"][1:])]
    assert said == [n.format(east=_lang.percent(east, 1, language).replace("\u00a0", " "))
                    for n in BROKEN[language]]


def test_cameras_the_other_preparation_lacks_or_excludes_are_refused(town: Path, day) -> None:
    _, plan = day
    scenario = load_scenario(town)
    three = prepare(scenario.with_overrides({"coverage.orientations": 3}))  # (0, 120, 240°)
    with pytest.raises(InputError) as raised:
        evaluate(three, plan)
    assert str(raised.value) == (
        f"{scenario.source}: 1 camera(s) are not options of this preparation: C001 (dome at "
        "lamp-1, 90°) (its coverage.models, coverage.orientations or sites layer differ); drop "
        "them from the cameras or prepare a scenario that has them")
    prepared, _ = day
    with pytest.raises(InputError) as raised:
        evaluate(prepared, plan, scenario.with_overrides({"constraints.exclude_sites": ["lamp-1"]}))
    assert str(raised.value) == (
        f"{scenario.source}: 1 camera(s) are excluded by the scenario's constraints.exclude_sites:"
        " C001 (dome at lamp-1, 90°); drop them from the cameras or evaluate under a scenario "
        "that allows them")


def test_a_notebooks_plausible_mistakes_are_told_in_one_line(town: Path, day) -> None:
    # mounts' ids for cameras, and a variant's name or overrides for the scenario, had ended in
    # tracebacks ("invalid literal for int()", "'str' object has no attribute 'crs'")
    prepared, plan = day
    n = len(prepared.options)
    with pytest.raises(InputError) as raised:
        evaluate(prepared, ["lamp-1"])
    assert str(raised.value) == (
        "cameras: 'lamp-1' is not an option id; give a plan, its cameras frame (site_id, model, "
        "hfov_deg, orientation_deg: a mount alone does not say which camera, facing where) or "
        f"option ids of the preparation (whole numbers 0..{n - 1})")
    with pytest.raises(InputError, match=r"^cameras: 'lamp-1' is not an option id"):
        evaluate(prepared, "lamp-1")
    with pytest.raises(InputError) as raised:
        solve_prepared(prepared, "night")
    assert str(raised.value) == ("scenario: 'night' is a str, not a Scenario; give "
                                 "load_scenario(path, variant='night')")
    with pytest.raises(InputError) as raised:
        evaluate(prepared, plan, {"budget.total_sek": 6e6})
    assert str(raised.value) == ("scenario: {'budget.total_sek': 6000000.0} is a dict, not a "
                                 "Scenario; give scenario.with_overrides(those overrides)")
    # (option ids as NumPy gives them are still option ids)
    again = evaluate(prepared, plan.cameras["option_id"].to_numpy())
    assert again.summary["objective"] == plan.summary["objective"]


def test_a_camera_the_privacy_rule_excludes_is_refused(town: Path, day) -> None:
    # a garden 6-9 m ahead of the camera, seen at observe level: the default privacy rule
    # (exclude at observe) forbids the day plan's camera once the zones are mapped
    zones = town.parent / "privacy.gpkg"
    gpd.GeoDataFrame({"zone_id": ["z1"], "kind": ["garden"]},
                     geometry=[box(X0 + 5, Y0 - 2, X0 + 8, Y0 + 2)], crs=CRS).to_file(
        zones, engine="pyogrio")
    scenario = load_scenario(town, overrides={"data.privacy_zones": str(zones)})
    _, plan = day
    with pytest.raises(InputError) as raised:
        evaluate(prepare(scenario), plan)
    assert str(raised.value) == (
        f"{scenario.source}: 1 camera(s) are excluded by the scenario's privacy rule "
        "(constraints.privacy = \"exclude\" at observe): C001 (dome at lamp-1, 90°); drop them "
        "from the cameras or evaluate under a scenario that allows them")
    # two cameras, each excluded by a rule of its own: both rules named, each camera by the
    # first that excludes it (the rules' masks are built once for all the cameras)
    prepared = prepare(scenario)
    options = prepared.options
    east, west = (int(options.index[(options["site_id"] == site)
                                    & (options["orientation_deg"] == angle)][0])
                  for site, angle in (("lamp-1", 90.0), ("lamp-2", 270.0)))
    with pytest.raises(InputError) as raised:
        evaluate(prepared, [east, west],
                 scenario.with_overrides({"constraints.exclude_sites": ["lamp-2"]}))
    assert str(raised.value) == (
        f"{scenario.source}: 2 camera(s) are excluded by the scenario's constraints.exclude_sites"
        " and privacy rule (constraints.privacy = \"exclude\" at observe): (dome at lamp-1, 90°);"
        " (dome at lamp-2, 270°); drop them from the cameras or evaluate under a scenario that "
        "allows them")
    # the same cameras under the rule as a penalty: scored, the penalty taken off the coverage
    penalised = evaluate(prepare(scenario), plan,
                         scenario.with_overrides({"constraints.privacy": "penalty"}))
    assert penalised.summary["objective"] < plan.summary["objective"]
    assert np.isclose(plan.summary["objective"] - penalised.summary["objective"], 12.0)


def test_an_evaluated_plan_is_written_as_one_not_optimised(town: Path, day, tmp_path) -> None:
    # its bound and gap are None (nothing was searched): report.md had failed on them
    import json

    from planner.report import report_markdown, write_plan

    _, plan = day
    night = prepare(load_scenario(town, overrides={"coverage.night": True}))
    folder = write_plan(evaluate(night, plan), tmp_path / "out")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert (summary["status"], summary["bound"], summary["gap"]) == ("evaluated", None, None)
    assert ("- Not optimised: the cameras of a given plan scored under this scenario "
            "(`planner.plan.evaluate`), objective 70.3; no bound or gap") in (
        folder / "report.md").read_text(encoding="utf-8").splitlines()
    swedish = evaluate(night, plan, night.scenario.with_overrides({"language": "sv"}))
    assert ("- Inte optimerad: kamerorna i en given plan bedömda i detta scenario "
            "(`planner.plan.evaluate`), målfunktionsvärde 70,3; ingen övre gräns eller "
            "optimalitetsgap") in report_markdown(swedish).splitlines()


def test_a_plan_is_reworded_in_swedish_without_solving_again(town: Path, day) -> None:
    # notebook 01 had solved the Swedish variant anew: at its time limit another plan (137 new
    # cameras in English, 136 in Swedish) under the same title, and the solve's time again
    from planner.plan import reword
    from planner.report import report_markdown

    prepared, plan = day
    scenario = load_scenario(town)
    swedish = scenario.with_overrides({"language": "sv", "title": "Kameraplan för stan",
                                       "surveillance.purpose": "Trygghet"})
    told = reword(prepared, plan, swedish)
    assert told.cameras["option_id"].tolist() == plan.cameras["option_id"].tolist()
    for key in ("objective", "bound", "gap", "status", "stopped_by", "backend", "spent_sek",
                "covered_share", "covered_population", "timing"):
        assert told.summary[key] == plan.summary[key], key
    assert (told.summary["title"], told.summary["settings"]["language"]) == (
        "Kameraplan för stan", "sv")
    assert report_markdown(told).splitlines()[0] == "# Kameraplan: Kameraplan för stan"
    with pytest.raises(InputError) as raised:
        reword(prepared, plan, swedish.with_overrides({"budget.total_sek": 60_000}))
    assert str(raised.value) == (
        f"{scenario.source}: key budget.total_sek differs from the plan's; reword changes only "
        "the language, title, description and surveillance texts (solve the changed scenario: "
        "solve_prepared(prepared, scenario))")
    # a plan of another preparation: its option ids are not this one's cameras
    other = solve_prepared(prepare(scenario.with_overrides({"coverage.orientations": 3})))
    with pytest.raises(InputError, match=r"key coverage.orientations differs from the plan's"):
        reword(prepared, other, swedish)


def test_a_what_if_solved_from_a_start_plan_is_worth_at_least_it(town: Path, day) -> None:
    # solve_prepared(..., start=plan): the plan's cameras the scenario allows, begun from
    from planner._plan_evaluate import _option_ids

    prepared, plan = day
    greedy = prepared.scenario.with_overrides({"solver.backend": "greedy"})
    started = solve_prepared(prepared, greedy, start=plan)
    assert started.summary["objective"] >= plan.summary["objective"] - 1e-9
    assert started.cameras["option_id"].tolist() == plan.cameras["option_id"].tolist()
    # a start camera on a mount the scenario excludes is left out of the start, not refused
    other = solve_prepared(prepared, greedy.with_overrides(
        {"constraints.exclude_sites": ["lamp-1"]}), start=plan)
    assert "lamp-1" not in set(other.cameras["site_id"])
    assert _option_ids(prepared, plan).tolist() == plan.cameras.loc[
        ~plan.cameras["existing"].astype(bool), "option_id"].tolist()


def test_a_plan_whose_mount_stands_elsewhere_in_the_other_data_is_refused(town: Path, day,
                                                                          tmp_path: Path) -> None:
    # the other data's sites layer has lamp-1 20 m north: matched by mount id, model, zoom and
    # direction, the day plan's camera had been scored there, silently, as if it stood there
    import shutil

    _, plan = day
    moved = tmp_path / "moved"
    shutil.copytree(town.parent, moved)
    sites = gpd.read_file(moved / "sites.gpkg")
    at = sites["site_id"] == "lamp-1"
    sites.loc[at, "geometry"] = sites.loc[at].geometry.translate(0.0, 20.0)
    sites.to_file(moved / "sites.gpkg", engine="pyogrio")
    scenario = load_scenario(moved / town.name)
    other = prepare(scenario)
    with pytest.raises(InputError) as raised:
        evaluate(other, plan)
    assert str(raised.value) == (
        f"{scenario.source}: 1 camera(s) stand elsewhere than their mount in this preparation's "
        "sites layer (sites.gpkg): C001 (dome at lamp-1, 90°) 20.0 m from lamp-1 (the plan was "
        "made with other mount positions); evaluate it under the data it was planned with, or "
        "give the mounts the same positions in both")
    # within half a metre it is the same mount (a reprojection's rounding); option ids are the
    # preparation's own and carry no position of their own
    sites.loc[at, "geometry"] = sites.loc[at].geometry.translate(0.0, -19.7)
    sites.to_file(moved / "sites.gpkg", engine="pyogrio")
    near = prepare(scenario)
    assert evaluate(near, plan).summary["n_cameras_new"] == 1
    assert evaluate(other, [int(plan.cameras["option_id"].iloc[0])]).summary[
        "n_cameras_new"] == 1


def test_a_plan_whose_model_reaches_other_ranges_in_the_other_catalogue_is_refused(
        town: Path, day, tmp_path: Path) -> None:
    # the other data's catalogue has the dome at 2560 px under the same id: matched by model id
    # and zoom, the day plan's 1920 px camera had been scored with 2560 px ranges, silently
    import shutil

    _, plan = day
    other = tmp_path / "sharper"
    shutil.copytree(town.parent, other)
    catalogue = other / "cameras.toml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "h_px = 1920", "h_px = 2560"), encoding="utf-8")
    scenario = load_scenario(other / town.name)
    with pytest.raises(InputError) as raised:
        evaluate(prepare(scenario), plan)
    # 2560 / (2 tan 45° · 25) = 51.2 m against 38.4 m
    assert str(raised.value) == (
        f"{scenario.source}: 1 camera(s) are of a model that reaches other ranges in this "
        "preparation's camera catalogue (cameras.toml): C001 (dome at lamp-1, 90°) detects to "
        "38.4 m in the plan, 51.2 m here (the model's resolution or lens was changed under the "
        "same id); evaluate the plan under the catalogue it was planned with, or give the "
        "changed model an id of its own")
    # the price is not the camera: a dearer dome of the same pixels is the same camera
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "h_px = 2560", "h_px = 1920").replace("price_sek = 10000.0", "price_sek = 12000.0"),
        encoding="utf-8")
    assert evaluate(prepare(load_scenario(other / town.name)), plan).summary[
        "n_cameras_new"] == 1
