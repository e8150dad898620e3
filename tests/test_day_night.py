"""coverage.night_share: one plan counted by day and at night, the demand rows stacked."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from planner import load_scenario
from planner._plan_problem import _problem
from planner.cli import main
from planner.optimize import validate_plan
from planner.plan import evaluate, prepare, solve_prepared
from tests.conftest import write_town
from tests.test_determinism import COMPARED, outputs

# The town of tests/test_evaluate.py: the one camera 30,000 SEK buy is the dome on lamp-1 facing
# east; its day ranges cover 15 of the east area's 111 points' worth (each point 1,200 / 111),
# its IR range (20 m) 6.5 of them. West (400) is out of its sight.
POINT = 1200 / 111
DAY, NIGHT = 15.0, 6.5


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_town(tmp_path_factory.mktemp("town"))


@pytest.mark.parametrize("share", [0.0, 0.3, 1.0])
def test_the_objective_is_the_weighted_mean_of_day_and_night(town: Path, share: float) -> None:
    prepared = prepare(load_scenario(town, overrides={"coverage.night_share": share}))
    plan = solve_prepared(prepared)
    s = plan.summary
    assert plan.cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-1", 90.0]]
    assert s["objective"] == pytest.approx(((1 - share) * DAY + share * NIGHT) * POINT,
                                           rel=1e-12)
    assert s["covered_share"] == pytest.approx(
        ((1 - share) * DAY + share * NIGHT) * POINT / 1600, rel=1e-12)
    east = plan.areas.set_index("area_id").loc["east"]
    assert east["covered_share_after"] == pytest.approx(
        ((1 - share) * DAY + share * NIGHT) / 111, rel=1e-12)
    assert east["weight"] == pytest.approx(1200, rel=1e-12)  # (both copies: the area's weight)
    assert s["n_demand"] == 228  # (the points, each counted once)
    if share == 0.3:  # (the day and the night apart; 0 and 1 are those plans themselves)
        assert len(prepared.demand) == 2 * 228
        assert s["night_share"] == 0.3
        assert s["covered_share_day"] == pytest.approx(DAY * POINT / 1600, rel=1e-12)
        assert s["covered_share_night"] == pytest.approx(NIGHT * POINT / 1600, rel=1e-12)
        assert s["covered_population_day"] == pytest.approx(600 * DAY / 111, rel=1e-12)
        assert s["covered_population_night"] == pytest.approx(600 * NIGHT / 111, rel=1e-12)
        assert (s["covered_share_before_day"], s["covered_share_before_night"]) == (0.0, 0.0)
        assert s["settings"]["coverage"]["night_share"] == 0.3
        # the register's ranges: the IR-capped ones the night counts and the daylight ones
        cam = plan.cameras.iloc[0]
        assert (cam["range_detect_m"], cam["daylight_range_detect_m"]) == (20.0, 38.4)
        assert plan.daylight_views is not None
    else:
        assert len(prepared.demand) == 228
        assert "night_share" not in s and "covered_share_day" not in s
        assert "night_share" not in s["settings"]["coverage"]
        assert s["settings"]["coverage"]["night"] is (share == 1.0)


def test_evaluate_scores_a_day_plan_under_a_mixed_share(town: Path) -> None:
    day = solve_prepared(prepare(load_scenario(town)))
    mixed = prepare(load_scenario(town, overrides={"coverage.night_share": 0.3}))
    scored = evaluate(mixed, day).summary
    assert scored["objective"] == pytest.approx((0.7 * DAY + 0.3 * NIGHT) * POINT, rel=1e-12)
    assert scored["covered_share_night"] == pytest.approx(NIGHT * POINT / 1600, rel=1e-12)
    assert scored["status"] == "evaluated"


def test_the_stacked_model_is_the_best_of_every_plan_by_enumeration(tmp_path: Path) -> None:
    # two cameras' money, an equity floor that needs the west mount too: every plan of at most
    # two options scored by day and at night on their own problems, against the stacked one
    town = write_town(tmp_path / "town", budget=60_000.0,
                      extra="[constraints]\nequity_min_share = 0.01\n")
    share = 0.6
    day = prepare(load_scenario(town))
    night = prepare(load_scenario(town, overrides={"coverage.night": True}))
    mixed = prepare(load_scenario(town, overrides={"coverage.night_share": share}))
    problems = [_problem(p.scenario, p) for p in (day, night, mixed)]
    stacked = problems[2]
    n = len(day.options)
    assert stacked.coverage_csc.shape == (2 * len(day.demand), n)
    assert stacked.labels is not None and problems[0].labels is not None
    # the equity rule sees both copies of every point, each with its area's label
    assert stacked.labels.tolist() == 2 * problems[0].labels.tolist()
    best = -np.inf
    for k in range(3):
        for chosen in itertools.combinations(range(n), k):
            d, t, m = (validate_plan(p, list(chosen)) for p in problems)
            assert m.objective == pytest.approx((1 - share) * d.objective + share * t.objective,
                                                rel=1e-12, abs=1e-9)
            np.testing.assert_allclose(m.shares, (1 - share) * d.shares + share * t.shares,
                                       rtol=1e-12)
            if m.feasible:
                best = max(best, m.objective)
    plan = solve_prepared(mixed)
    assert plan.summary["status"] == "optimal"
    assert plan.summary["objective"] == pytest.approx(best, rel=1e-9)


def test_night_true_and_another_share_are_refused_naming_both_keys(town: Path, capsys) -> None:
    assert main(["-q", "validate", str(town), "--set", "coverage.night=true",
                 "--set", "coverage.night_share=0.5"]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key coverage: coverage.night = true and "
        "coverage.night_share = 0.5 contradict (night = true is the night plan, night_share = "
        "1); give one of them\n")
    # (night = false, the default many scenarios write out, leaves the share to night_share)
    assert load_scenario(town, overrides={"coverage.night": False,
                                          "coverage.night_share": 0.5}).coverage.night_share == 0.5


def test_a_percentage_is_told_its_share(town: Path, capsys) -> None:
    assert main(["-q", "validate", str(town), "--set", "coverage.night_share=70%"]) == 2
    assert capsys.readouterr().err == (
        "planner: error: --set coverage.night_share=70%: not a number; write it as a share "
        "between 0 and 1: 70 % is 0.7\n")


@pytest.mark.parametrize(("share", "same_as"), [("0", []), ("1", ["--set", "coverage.night=true"]),
                                                ("0.0", []), ("1.0", ["--set", "coverage.night=true"])])
def test_shares_0_and_1_are_the_day_and_night_plans_byte_for_byte(
        town: Path, tmp_path: Path, share: str, same_as: list[str]) -> None:
    assert main(["-q", "plan", str(town), "--set", f"coverage.night_share={share}",
                 "--out", str(tmp_path / "share")]) == 0
    assert main(["-q", "plan", str(town), *same_as, "--out", str(tmp_path / "today")]) == 0
    a, b = outputs(tmp_path / "share"), outputs(tmp_path / "today")
    for name in COMPARED:
        assert a[name] == b[name], f"{name} differs"


@pytest.fixture(scope="module")
def mixed_plan(town: Path):
    return solve_prepared(prepare(load_scenario(town, overrides={"coverage.night_share": 0.3})))


@pytest.mark.parametrize(("language", "expected"), [
    (None, [
        "- Covered share of weighted demand, by day and at night weighted (70.0 % by day, 30.0 % "
        "at night: `coverage.night_share` = 0.3): 0.0 % before, 8.4 % after (graded by DORI "
        "level)",
        "- Covered share of weighted demand by day (daylight ranges): 0.0 % before, 10.1 % after "
        "(graded by DORI level)",
        "- Covered share of weighted demand at night (IR range): 0.0 % before, 4.4 % after "
        "(graded by DORI level)",
        "- Covered population (graded) by day (daylight ranges): 81; at night (IR range): 35"]),
    ("sv", [
        "- Täckt andel av det viktade behovet, dag och natt viktade (70,0 % dagtid, 30,0 % "
        "nattetid: `coverage.night_share` = 0.3): 0,0 % före, 8,4 % efter (graderat efter "
        "DORI-nivå)",
        "- Täckt andel av det viktade behovet dagtid (räckvidder i dagsljus): 0,0 % före, "
        "10,1 % efter (graderat efter DORI-nivå)",
        "- Täckt andel av det viktade behovet nattetid (IR-räckvidd): 0,0 % före, 4,4 % efter "
        "(graderat efter DORI-nivå)",
        "- Täckt befolkning (graderad) dagtid (räckvidder i dagsljus): 81; nattetid "
        "(IR-räckvidd): 35"]),
])
def test_the_report_gives_day_night_and_the_weighted_figures(mixed_plan, language, expected):
    from planner.report import report_markdown

    plan = mixed_plan
    if language is not None:
        plan = replace(plan, summary={**plan.summary, "settings": {
            **plan.summary["settings"], "language": language}})
    lines = report_markdown(plan).replace("\u00a0", " ").replace("\u202f", " ").splitlines()
    start = lines.index(expected[0])
    assert lines[start + 2:start + 5] == expected[1:]
    assert lines[start + 1].startswith(
        "- Covered population (graded), by day and at night weighted (70.0 % by day, "
        "30.0 % at night: `coverage.night_share` = 0.3): 67 of 1,000 in the 2 planned areas;"
        if language is None else
        "- Täckt befolkning (graderad), dag och natt viktade (70,0 % dagtid, 30,0 % nattetid: "
        "`coverage.night_share` = 0.3): 67 av 1 000 i de 2 planerade områdena;")


def test_the_panel_and_the_workbook_give_day_and_night(mixed_plan) -> None:
    import re

    from planner._map_panels import summary_html
    from planner.workbook import summary_table

    text = re.sub(r"(\s*<[^>]+>\s*)+", "|", summary_html(mixed_plan.summary, "tiny"))
    text = text.replace("\u00a0", " ")
    assert ("|Covered share, by day and at night weighted (70 % by day, 30 % at night)|8.4 %|"
            "Covered share by day (daylight ranges)|10.1 %|Covered share at night (IR range)|"
            "4.4 %|Covered population, by day and at night weighted (graded)|67 of 1,000|"
            "Covered population by day (graded)|81|Covered population at night (graded)|35|"
            ) in text
    assert ("The plan counts 30 % of its objective at night (coverage.night_share): the views "
            "drawn are those at night (IR range), those by day (daylight ranges) in a layer of "
            "their own; each camera&#x27;s popup gives its ranges by day and at night.") in text
    rows = dict(summary_table(mixed_plan.summary, "sv").values.tolist())
    assert rows["Täckningen gäller"] == "dagtid och nattetid, viktade efter andelen nattetid"
    assert rows["Andel av målfunktionen nattetid (coverage.night_share)"] == 0.3
    assert rows["Täckt andel nattetid (IR-räckvidd)"] == pytest.approx(NIGHT * POINT / 1600)
    assert rows["Täckt befolkning dagtid (graderad)"] == pytest.approx(600 * DAY / 111)


def test_compare_says_when_each_side_holds_and_refuses_the_objective_difference(
        town: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cmp"
    assert main(["compare", str(town), str(town), "--set-a", "coverage.night=true",
                 "--set-b", "coverage.night_share=0.3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[2:4] == [
        "When the coverage holds: A at night (IR range); B by day and at night, 30 % of the "
        "objective at night (coverage.night_share = 0.3)",
        "A and B count the night differently (coverage.night, coverage.night_share), so their "
        "objectives measure coverage at different times and no difference of them is given: "
        "compare the covered shares and population below."]
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("- When the coverage holds: A at night (IR range); B by day and at night, 30 % of "
            "the objective at night (`coverage.night_share` = 0.3)\n") in text
    assert ("\n- A and B count the night differently (`coverage.night`, "
            "`coverage.night_share`), so their objectives measure coverage at different times "
            "and no difference of them is given: compare the covered shares and population "
            "below.\n") in text
    assert "B − A, of the two plans found" not in text
    # each side's figures by day and at night: a night plan's by day it did not count
    assert ("| Covered share by day (daylight ranges) | – | 10.1 % | – |\n"
            "| Covered share at night (IR range) | 4.4 % | 4.4 % | 0.0 pp |\n"
            "| Covered population by day (graded) | – | 81 | – |\n"
            "| Covered population at night (graded) | 35 | 35 | 0 |\n") in text
    # two plans of the same share compare their objectives as before, and say when they hold
    same = tmp_path / "same"
    assert main(["-q", "compare", str(town), str(town), "--set", "coverage.night_share=0.3",
                 "--set-b", "budget.total_sek=60000", "--out", str(same)]) == 0
    text = (same / "report.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("- When the coverage holds: A by day and at night, 30 % of the objective at night "
            "(`coverage.night_share` = 0.3); B by day and at night, 30 % of the objective at "
            "night (`coverage.night_share` = 0.3)\n") in text
    assert "- B − A, of the two plans found: " in text
    assert "| Covered share by day (daylight ranges) | 10.1 % | " in text


def test_two_day_plans_say_nothing_of_the_night(town: Path) -> None:
    from planner._compare_sections import periods_line
    from planner._map_objective import NoDifference, objective_difference
    from planner.compare import difference_conclusion

    day = {"settings": {"coverage": {"night": False}}}
    night = {"settings": {"coverage": {"night": True}}}
    assert periods_line(day, day, None) is None
    assert objective_difference(day, day) == NoDifference("no objective")  # (no figures)
    assert periods_line(day, night, "sv") == (
        "- När täckningen gäller: A dagtid (räckvidder i dagsljus); B nattetid (IR-räckvidd)")
    assert objective_difference(night, day) == NoDifference("different periods")
    assert difference_conclusion(objective_difference(night, day), "sv").startswith(
        "A och B räknar natten olika")


def test_the_map_draws_both_footprints_and_each_point_once(mixed_plan) -> None:
    from planner.maps import map_html, render_map
    from tests.test_maps import js

    page = map_html(render_map(mixed_plan))
    assert js("New camera's views at night (IR range) by DORI level (1 camera)") in page
    assert js("New camera's views by day (daylight ranges) by DORI level (1 camera)") in page
    # the points uncovered at night (those uncovered by day among them), each point once
    night = mixed_plan.demand.query("period == 'night'")
    assert (night["level"] == 0).sum() == 214
    assert js("Uncovered demand points (214)") in page


def test_the_log_counts_each_point_once(town: Path, caplog) -> None:
    # -v: a plan of day and night has each point twice in its model (228 points, 456 rows);
    # the log had said "prepared 456 demand points"
    import logging

    with caplog.at_level(logging.INFO, logger="planner.plan"):
        prepare(load_scenario(town, overrides={"coverage.night_share": 0.3}))
        prepare(load_scenario(town))
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("prepared ")]
    assert [line.split(" (")[0] for line in said] == [
        "prepared 228 demand points x 8 options, each point by day and at night",
        "prepared 228 demand points x 8 options"]


def test_the_comparison_names_the_cameras_of_the_day_views_by_their_plan(town: Path,
                                                                           mixed_plan) -> None:
    # each label with its plan's letter, as the views at night: the layer of the views by day
    # had named B's camera "C001", which A's C001 is too
    import re

    from planner.maps import compare_maps, map_html

    day = solve_prepared(prepare(load_scenario(town)))
    page = map_html(compare_maps(day, mixed_plan))
    named = sorted(set(re.findall(r"Camera (?:[AB] )?C\d+: [a-z]+", page)))
    assert named == [f"Camera {side} C001: {level}" for side in "AB"
                     for level in ("detect", "identify", "observe", "recognise")]
    # B's camera in both of its layers: at night and by day
    assert len(re.findall(r"Camera B C001: detect", page)) == 2


def test_the_map_draws_the_privacy_zones_and_buildings_near_the_views_by_day(mixed_plan) -> None:
    # the map keeps the zones and buildings near the areas and the views; a plan of day and night
    # draws its views by day too, which reach farther than those at night: what lies under them
    # far from both had been left off the map, a view by day over nothing
    import geopandas as gpd
    from shapely.geometry import box

    from planner.maps import _frames
    from tests.conftest import CRS, X0, Y0

    option = int(mixed_plan.cameras["option_id"].iloc[0])
    # a day view reaching 200 m west of the mount, a zone and a building 150 m out: 90 m from
    # the west area, 150 m from the east one and from the views at night
    far = box(X0 - 152, Y0 - 2, X0 - 148, Y0 + 2)
    plan = replace(
        mixed_plan,
        daylight_views=gpd.GeoDataFrame({"option_id": [option], "level": [1]},
                                        geometry=[box(X0 - 201, Y0 - 10, X0 - 1, Y0 + 10)],
                                        crs=CRS),
        privacy_zones=gpd.GeoDataFrame({"zone_id": ["z"], "kind": ["home"]}, geometry=[far],
                                       crs=CRS),
        buildings=gpd.GeoDataFrame({"building_id": ["far"], "kind": ["residential"]},
                                   geometry=[far], crs=CRS))
    frames = _frames(plan)
    assert frames["privacy_zones"]["zone_id"].tolist() == ["z"]
    assert frames["buildings"]["building_id"].tolist() == ["far"]
    # a day plan's map (no views by day drawn) keeps to the areas and its views, as before
    day = replace(plan, summary={**plan.summary, "settings": {
        **plan.summary["settings"], "coverage": {"night": False}}})
    assert _frames(day)["privacy_zones"].empty
