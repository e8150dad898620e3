"""coverage.night_share: one plan counted by day and at night, the demand rows stacked."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
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
        assert "night_share" not in s
        # the period it did not count: its one camera there (the day plan's at night, NIGHT
        # of the east's points; the night plan's by day, DAY), the plan's own as it is
        other, own = ("night", "day") if share == 0 else ("day", "night")
        assert f"covered_share_{own}" not in s
        assert s[f"covered_share_{other}"] == pytest.approx(
            {"night": NIGHT, "day": DAY}[other] * POINT / 1600, rel=1e-12)
        assert s[f"covered_population_{other}"] == pytest.approx(
            600 * {"night": NIGHT, "day": DAY}[other] / 111, rel=1e-12)
        assert s[f"covered_share_before_{other}"] == 0.0
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


@pytest.fixture(scope="module")
def day_and_night_outputs(town: Path, tmp_path_factory: pytest.TempPathFactory
                          ) -> Callable[[tuple[str, ...]], dict[str, bytes]]:
    """The outputs of the day plan (no ``--set``) or the night plan (``--set
    coverage.night=true``) of the town, each planned once for the module's shares 0 and 1."""
    made: dict[tuple[str, ...], dict[str, bytes]] = {}

    def plan_outputs(same_as: tuple[str, ...]) -> dict[str, bytes]:
        if same_as not in made:
            out = tmp_path_factory.mktemp("today") / "today"
            assert main(["-q", "plan", str(town), *same_as, "--out", str(out)]) == 0
            made[same_as] = outputs(out)
        return made[same_as]

    return plan_outputs


@pytest.mark.parametrize(("share", "same_as"), [("0", []), ("1", ["--set", "coverage.night=true"]),
                                                ("0.0", []), ("1.0", ["--set", "coverage.night=true"])])
def test_shares_0_and_1_are_the_day_and_night_plans_byte_for_byte(
        town: Path, tmp_path: Path, day_and_night_outputs, share: str,
        same_as: list[str]) -> None:
    assert main(["-q", "plan", str(town), "--set", f"coverage.night_share={share}",
                 "--out", str(tmp_path / "share")]) == 0
    a, b = outputs(tmp_path / "share"), day_and_night_outputs(tuple(same_as))
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
    # the areas' table says its shares are weighted as the plan's (it had read as the coverage)
    said = {None: "plan's shares by day and at night apart are above.",
            "sv": "planens andelar dagtid och nattetid var för sig står ovan."}[language]
    graded = next(line for line in lines if said in line)
    assert (
        " In this plan of day and night each area's share is weighted as the plan's (70 % by "
        "day, 30 % at night, `coverage.night_share`); the plan's shares by day and at night "
        "apart are above." if language is None else
        " I denna plan för dag och natt är varje områdes andel viktad som planens (70 % dagtid, "
        "30 % nattetid, `coverage.night_share`); planens andelar dagtid och nattetid var för "
        "sig står ovan.") in graded
    assert graded.startswith("covered_population_after, like the covered population above"
                             if language is None else "Täckt befolkning efter, liksom")


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
    assert printed[2:7] == [
        "When the coverage holds: A at night (IR range); B by day and at night, 30 % of the "
        "objective at night (coverage.night_share = 0.3)",
        "A and B count the night differently (coverage.night, coverage.night_share), so their "
        "objectives measure coverage at different times and no difference of them is given: "
        "compare the covered shares and population below.",
        "Covered share by day (daylight ranges): A 10.1 %, B 10.1 % (B − A 0.0\u00a0pp)",
        "Covered share at night (IR range): A 4.4 %, B 4.4 % (B − A 0.0\u00a0pp)",
        "A plan's figures at a time it was not made for are its cameras counted then, as they "
        "stand (A by day): the plan was not chosen for that time."]
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("- When the coverage holds: A at night (IR range); B by day and at night, 30 % of "
            "the objective at night (`coverage.night_share` = 0.3)\n") in text
    assert ("\n- A and B count the night differently (`coverage.night`, "
            "`coverage.night_share`), so their objectives measure coverage at different times "
            "and no difference of them is given: compare the covered shares and population "
            "below.\n") in text
    assert "B − A, of the two plans found" not in text
    # each side's figures by day and at night: the night plan's camera counted by day too (its
    # daylight ranges: DAY of the east area's points, as the plan of share 0.3 has it), said so
    assert ("| Covered share by day (daylight ranges) | 10.1 % | 10.1 % | 0.0 pp |\n"
            "| Covered share at night (IR range) | 4.4 % | 4.4 % | 0.0 pp |\n"
            "| Covered population by day (graded) | 81 | 81 | 0 |\n"
            "| Covered population at night (graded) | 35 | 35 | 0 |\n") in text
    assert ("\n- A plan's figures at a time it was not made for are its cameras counted then, "
            "as they stand (A by day): the plan was not chosen for that time.\n") in text
    # no B − A of a night share against a weighted one (the rows by day and at night give it),
    # and the areas' table says its shares are two measures: East's +5.4 pp is one camera's
    # night share (NIGHT / 111) against its weighted share (0.7 DAY + 0.3 NIGHT) / 111
    assert ("| Covered share (graded) | 4.4 % | 8.4 % | – |\n"
            "| Covered population (graded) | 35 | 67 | – |\n") in text
    caveat = ("A's shares hold at night (IR range), B's by day and at night, 30 % of the "
              "objective at night (`coverage.night_share` = 0.3): each change is between two "
              "measures, not only two sets of cameras.")
    assert (f"## Areas whose covered share changes most\n\n{caveat} Each plan's covered share "
            "by day and at night is under Cost and cameras.\n\nAreas: 1 with a higher") in text
    assert f"{caveat.replace('`', '')}\n" in "\n".join(printed) + "\n"
    page = (out / "compare.html").read_text(encoding="utf-8")
    assert (r"\u003cp class=\"warn\"\u003eA\u0026#x27;s shares hold at night (IR range), "
            r"B\u0026#x27;s by day and at night, 30 % of the objective at night "
            r"(coverage.night_share = 0.3): each change is between two measures, not only two "
            r"sets of cameras.\u003c/p\u003e") in page
    # the areas measured alike: both plans buy the one camera, so by either measure every area
    # is covered the same (the table above had set a night share beside a weighted one)
    assert ("### Counted as A counts: at night (IR range)\n\nEvery area is covered the same by "
            "both plans' cameras.\n\n### Counted as B counts: by day and at night, 30 % of the "
            "objective at night (coverage.night_share = 0.3)\n\nEvery area is covered the same "
            "by both plans' cameras.\n") in text
    for side, east in (("a", NIGHT), ("b", 0.7 * DAY + 0.3 * NIGHT)):
        alike = pd.read_csv(out / f"areas_as_{side}.csv").set_index("area_id")
        assert alike.loc["east", "share_a"] == alike.loc["east", "share_b"] == pytest.approx(
            east / 111, abs=1e-6)
        assert alike.loc["west", "share_a"] == alike.loc["west", "share_b"] == 0
    assert openpyxl.load_workbook(out / "compare.xlsx").sheetnames[-2:] == [
        "Areas as A counts", "Areas as B counts"]
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


def test_a_day_and_a_night_plan_are_compared_area_by_area_in_one_measure(
        town: Path, tmp_path: Path) -> None:
    """A day plan's camera (lamp-1 east: DAY of the east area's 111 points by day) against a
    night plan that may not use lamp-1 (it buys lamp-2's camera facing west): counted by day
    as A counts, east loses A's DAY / 111 and west gains what B's camera sees by day, which is
    B's own "the same cameras by day"; counted at night as B counts, A's camera cannot be
    scored (B's rules exclude lamp-1), which the report says instead of a table."""
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set-b", "coverage.night=true",
                 "--set-b", 'constraints.exclude_sites=["lamp-1"]', "--out", str(out)]) == 0
    b = json.loads((out / "b" / "summary.json").read_text(encoding="utf-8"))
    alike = pd.read_csv(out / "areas_as_a.csv").set_index("area_id")
    assert alike.loc["east", "share_a"] == pytest.approx(DAY / 111, abs=1e-6)
    assert alike.loc["east", "share_b"] == 0 and alike.loc["west", "share_a"] == 0
    assert alike.loc["west", "population_covered_b"] == pytest.approx(
        b["covered_population_day"], abs=1e-5)
    assert b["covered_population_day"] > 0
    assert not (out / "areas_as_b.csv").exists()
    text = (out / "report.md").read_text(encoding="utf-8")
    west = _lang_pp(100 * alike.loc["west", "share_b"])
    assert ("### Counted as A counts: by day (daylight ranges)\n\n1 of 2 areas are covered "
            "more by B's cameras, 1 less, 0 the same; the largest changes each way:\n\n"
            "| area_id | name | share_a | share_b | share_change_pp |\n|---|---|---|---|---|\n"
            "| east | East side | 13.5 % | 0.0 % | -13.5 pp |\n"
            f"| west | West side | 0.0 % | {west} % | +{west} pp |\n") in text.replace(
                "\u00a0", " ")
    assert ("### Counted as B counts: at night (IR range)\n\nAs B counts: not measured (B's "
            "rules (constraints.exclude_sites) exclude A's camera(s) C001).\n") in text
    assert str(tmp_path) not in text
    # (and the intro names the one file written: it had named areas_as_b.csv too)
    assert ("not planned for that measure; `areas_as_a.csv`).\n") in text
    assert openpyxl.load_workbook(out / "compare.xlsx").sheetnames[-1] == "Areas as A counts"
    # two day plans: no such section, no such files
    day = tmp_path / "day"
    assert main(["-q", "compare", str(town), str(town), "--set-b", "budget.total_sek=60000",
                 "--out", str(day)]) == 0
    assert "measured alike" not in (day / "report.md").read_text(encoding="utf-8")
    assert not list(day.glob("areas_as_*.csv"))


def test_why_a_side_is_not_measured_is_read_from_evaluates_refusal() -> None:
    from planner._compare_alike import _why

    # (evaluate's own messages, path first and advice last: neither goes into the memo)
    assert _why("/home/x/s.toml: 5 camera(s) are excluded by the scenario's constraints.privacy "
                "and constraints.exclude_sites: C001 (dome at lamp-1, 90°); C002 (dome at "
                "lamp-2, 0°); C007 (bullet at pole-3, 180°) …; drop them from the cameras or "
                "evaluate under a scenario that allows them") == (
        "excluded", "constraints.privacy and constraints.exclude_sites", "C001, C002, C007 …")
    assert _why("s.toml: 1 camera(s) are not options of this preparation: C003 (dome at "
                "lamp-9, 45°) (its coverage.models, coverage.orientations or sites layer "
                "differ); drop them from the cameras or prepare a scenario that has them") == (
        "absent", "", "C003")


def _lang_pp(value: float) -> str:
    return f"{value:.1f}"


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
def test_compare_counts_each_plan_at_the_time_it_was_not_made_for(
        town: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sv"
    assert main(["compare", str(town), str(town), "--set", "language=sv",
                 "--set-b", "coverage.night=true", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    # the day plan's camera at night (IR range: NIGHT of the east area's points) and the night
    # plan's by day (DAY), each the one camera on lamp-1: they had read "–"
    assert printed[4:7] == [
        "Täckt andel dagtid (räckvidder i dagsljus): A 10,1 %, B 10,1 % (B − A 0,0 procentenheter)",
        "Täckt andel nattetid (IR-räckvidd): A 4,4 %, B 4,4 % (B − A 0,0 procentenheter)",
        "En plans siffror vid en tid som den inte är gjord för är dess kameror räknade då, som "
        "de står (A nattetid och B dagtid): planen är inte vald för den tiden."]
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("| Täckt andel dagtid (räckvidder i dagsljus) | 10,1 % | 10,1 % | 0,0 procentenheter |\n"
            "| Täckt andel nattetid (IR-räckvidd) | 4,4 % | 4,4 % | 0,0 procentenheter |\n"
            "| Täckt befolkning dagtid (graderad) | 81 | 81 | 0 |\n"
            "| Täckt befolkning nattetid (graderad) | 35 | 35 | 0 |\n") in text
    assert ("(A nattetid och B dagtid): planen är inte vald för den tiden.\n") in text
    assert ("\n\nA:s andelar gäller dagtid (räckvidder i dagsljus), B:s nattetid (IR-räckvidd): "
            "varje ändring är mellan två mått, inte bara mellan två kamerauppsättningar. Varje "
            "plans täckta andel dagtid och nattetid står under Kostnad och kameror.\n") in text
    assert "| Täckt andel (graderad) | 10,1 % | 4,4 % | – |\n" in text
    # compare.xlsx's difference sheet has them after its conclusion, which asks to compare them
    sheet = openpyxl.load_workbook(out / "compare.xlsx")["Skillnad"]
    items = [(r[0].value, r[1].value, r[1].number_format) for r in sheet.iter_rows(min_row=2)]
    at = [name for name, _, _ in items].index("Slutsats")
    day, night = DAY * POINT / 1600, NIGHT * POINT / 1600
    # (first when each side's share holds, as report.md's line above its tables: Katrineholm's
    # #sv against #sv+evening had read "Täckt andel A" 17.8 % and "Täckt andel B" 10.4 %, a day
    # share against a weighted one, right under the conclusion that asks to compare them)
    assert items[at + 1:] == [
        ("Täckningen gäller", "A dagtid (räckvidder i dagsljus); B nattetid (IR-räckvidd)",
         "General"),
        ("Täckt andel A", pytest.approx(day), "0.0%"),
        ("Täckt andel B", pytest.approx(night), "0.0%"),
        ("Täckt andel dagtid A", pytest.approx(day), "0.0%"),
        ("Täckt andel dagtid B", pytest.approx(day), "0.0%"),
        ("Täckt andel nattetid A", pytest.approx(night), "0.0%"),
        ("Täckt andel nattetid B", pytest.approx(night), "0.0%"),
        ("Täckt befolkning (graderad) A", pytest.approx(600 * DAY / 111), "#,##0"),
        ("Täckt befolkning (graderad) B", pytest.approx(600 * NIGHT / 111), "#,##0"),
        ("Täckt befolkning dagtid (graderad) A", pytest.approx(600 * DAY / 111), "#,##0"),
        ("Täckt befolkning dagtid (graderad) B", pytest.approx(600 * DAY / 111), "#,##0"),
        ("Täckt befolkning nattetid (graderad) A", pytest.approx(600 * NIGHT / 111), "#,##0"),
        ("Täckt befolkning nattetid (graderad) B", pytest.approx(600 * NIGHT / 111), "#,##0"),
        ("Områdenas andelar", "A:s andelar gäller dagtid (räckvidder i dagsljus), B:s nattetid "
                              "(IR-räckvidd): varje ändring är mellan två mått, inte bara mellan "
                              "två kamerauppsättningar.", "General")]
    # each plan's own summary.json has them, whatever the other side's rules; one made before
    # (without covered_share_night) reads "–", and no line says it was counted
    from planner._compare_sections import _period_rows, scored_line

    day = {"settings": {"coverage": {"night": False}}, "covered_share": 0.2,
           "covered_population": 10.0}
    night = {"settings": {"coverage": {"night": True}}, "covered_share": 0.1,
             "covered_population": 5.0, "covered_share_day": 0.15,
             "covered_population_day": 7.0}
    assert _period_rows(day, night, "en")[:2] == [
        ("Covered share by day (daylight ranges)", "20.0 %", "15.0 %", "-5.0\u00a0pp"),
        ("Covered share at night (IR range)", "–", "10.0 %", "–")]
    assert scored_line(day, night, "en") == (
        "- A plan's figures at a time it was not made for are its cameras counted then, as they "
        "stand (B by day): the plan was not chosen for that time.")
    assert scored_line(day, day, "en") is None


@pytest.mark.parametrize(("sets", "covered"), [
    (["coverage.night_share=0.3"], "covered 8.4 % weighted by day and at night (by day 10.1 %, "
                                   "at night 4.4 %) (before 0.0 %)"),
    (["coverage.night=true"], "covered 4.4 % at night (before 0.0 %)"),
    (["coverage.night_share=0.3", "language=sv"],
     "täckt 8,4 % dag och natt viktade (dagtid 10,1 %, nattetid 4,4 %) (före 0,0 %)"),
    ([], "covered 10.1 % (before 0.0 %)")])
def test_the_plan_line_says_when_its_covered_share_holds(
        town: Path, tmp_path: Path, capsys, sets: list[str], covered: str) -> None:
    # ((0.7 × DAY + 0.3 × NIGHT) × POINT / 1600 = 8.4 %: the weighted share had stood alone,
    # beside a day plan's, as the same measure)
    assert main(["plan", str(town), *(f"--set={s}" for s in sets), "--out",
                 str(tmp_path / "out")]) == 0
    line = capsys.readouterr().out.replace("\u00a0", " ").splitlines()[0]
    assert f", {covered}, " in line


def test_a_sweep_of_the_evening_plan_gives_each_budget_by_day_and_at_night(
        town: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sweep"
    assert main(["sweep", str(town), "--set", "coverage.night_share=0.3", "--set", "language=sv",
                 "--budgets", "30000,31000", "--workers", "1", "--out", str(out)]) == 0
    day, night = DAY * POINT / 1600, NIGHT * POINT / 1600
    curve = pd.read_csv(out / "curve.csv")  # (6 decimals)
    assert curve["covered_share"].tolist() == pytest.approx([0.7 * day + 0.3 * night] * 2,
                                                            abs=1e-6)
    assert curve["covered_share_day"].tolist() == pytest.approx([day] * 2, abs=1e-6)
    assert curve["covered_share_night"].tolist() == pytest.approx([night] * 2, abs=1e-6)
    assert curve["covered_population_night"].tolist() == pytest.approx(
        [600 * NIGHT / 111] * 2, abs=1e-6)
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u202f", " ")
    assert ("| budget (kr) | använt (kr) | nya kameror | täckt befolkning (graderad, viktad) | "
            "täckt andel, dag och natt viktade | dagtid | nattetid | status | optimalitetsgap |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---|---:|\n"
            "| 30 000 | 30 000 | 1 | 67 | 8,4 % | 10,1 % | 4,4 % | optimal | 0,00 % |\n") in text
    printed = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    assert printed[0] == ("Täckningen nedan är dag och natt viktad (70 % dagtid, 30 % nattetid), "
                          "sedan dagtid och nattetid var för sig.")
    assert (" Täckt andel Täckt andel dagtid Täckt andel nattetid Täckt befolkning (graderad) "
            in printed[1])
    assert printed[2].split()[8:14] == ["8,4", "%", "10,1", "%", "4,4", "%"]
    sheet = pd.read_excel(out / "curve.xlsx", sheet_name=0)
    assert sheet["Täckt andel nattetid"].tolist() == pytest.approx([night] * 2, abs=1e-6)
    # the plans' own share and population headed as weighted, as report.md's table: they had
    # read "Täckt andel" and "Täckt befolkning (graderad)", a day plan's words, beside the
    # columns by day and at night (Katrineholm's #sv+evening at 8 MSEK: 10.4 % beside 15.5 %
    # and 8.2 %)
    assert sheet["Täckt andel, dag och natt viktade"].tolist() == pytest.approx(
        [0.7 * day + 0.3 * night] * 2, abs=1e-6)
    assert "Täckt andel" not in sheet and "Täckt befolkning (graderad)" not in sheet
    assert "Täckt befolkning, dag och natt viktade (graderad)" in sheet
    book = openpyxl.load_workbook(out / "curve.xlsx")
    row = {c.value: c.column for c in book.worksheets[0][1]}
    assert book.worksheets[0].cell(2, row["Täckt andel, dag och natt viktade"]).number_format \
        == "0.0%"
    # a day plan's sweep has no such columns
    assert main(["-q", "sweep", str(town), "--budgets", "30000,31000", "--workers", "1",
                 "--out", str(tmp_path / "day")]) == 0
    assert "covered_share_day" not in pd.read_csv(tmp_path / "day" / "curve.csv")


def test_a_rollout_of_the_evening_plan_gives_each_stage_by_day_and_at_night(
        town: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "rollout"
    assert main(["rollout", str(town), "--set", "coverage.night_share=0.3", "--set",
                 "language=sv", "--stages", "30000,30000", "--workers", "1", "--out",
                 str(out)]) == 0
    stages = pd.read_csv(out / "stages.csv")
    # stage 1 is the one camera on lamp-1 (DAY and NIGHT of the east's points); each stage's
    # figures are its plan's summary.json's
    assert stages["covered_share_day"][0] == pytest.approx(DAY * POINT / 1600, abs=1e-6)
    assert stages["covered_share_night"][0] == pytest.approx(NIGHT * POINT / 1600, abs=1e-6)
    second = json.loads((out / "stage_2" / "summary.json").read_text(encoding="utf-8"))
    assert stages.loc[1, ["covered_share_day", "covered_share_night", "covered_population_day",
                          "covered_population_night"]].tolist() == pytest.approx(
        [second["covered_share_day"], second["covered_share_night"],
         second["covered_population_day"], second["covered_population_night"]], abs=1e-6)
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u202f", " ")
    assert ("Andelarna och befolkningen ovan är dag och natt viktade (70 % dagtid, 30 % "
            "nattetid, `coverage.night_share`); varje etapps dagtid (räckvidder i dagsljus) och "
            "nattetid (IR-räckvidd) var för sig:\n\n"
            "| etapp | täckt andel dagtid | nattetid | täckt befolkning dagtid (graderad) | "
            "nattetid |\n|---:|---:|---:|---:|---:|\n"
            "| 1 | 10,1 % | 4,4 % | 81 | 35 |\n"
            "| 2 | 12,7 % | 6,3 % | 101 | 50 |\n") in text
    assert second["covered_share_day"] == pytest.approx(0.127, abs=5e-4)  # (as the row says)
    printed = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    assert printed[0].startswith("Täckningen nedan är dag och natt viktad (70 % dagtid, ")
    assert " Täckt andel Täckt andel dagtid Täckt andel nattetid " in printed[1]
    assert printed[2].split()[6:12] == ["8,4", "%", "10,1", "%", "4,4", "%"]
    # rollout.xlsx heads the stages' own share as weighted, as the sweep's curve.xlsx
    sheet = pd.read_excel(out / "rollout.xlsx", sheet_name=0)
    assert sheet["Täckt andel, dag och natt viktade"].tolist() == pytest.approx(
        stages["covered_share"].tolist(), abs=1e-6)


def test_a_night_plans_map_names_its_views_at_night_the_existing_cameras_too(town: Path) -> None:
    from planner._map_layers import view_layer
    from planner.maps import map_html, render_map
    from tests.test_maps import js

    night = solve_prepared(prepare(load_scenario(town, overrides={"coverage.night": True})))
    page = map_html(render_map(night))
    assert js("New camera's views at night (IR range) by DORI level (1 camera)") in page
    assert js("New camera's views by DORI level") not in page
    # the existing cameras' views of a night or evening plan are at night as the new ones'
    views = night.views.to_crs("EPSG:4326")
    assert view_layer(views, existing=True, period="night").layer_name == \
        "Existing camera's views at night (IR range) by DORI level (1 camera)"
    assert view_layer(views, existing=True, period="night", language="sv").layer_name == \
        "Den befintliga kamerans upptagningsområde nattetid (IR-räckvidd) efter DORI-nivå " \
        "(1 kamera)"
    assert view_layer(views, existing=True, period="day").layer_name == \
        "Existing camera's views by DORI level (1 camera)"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_day_plan_gives_its_cameras_at_night_in_its_report_panel_and_workbook(
        town: Path, language: str) -> None:
    import re

    from planner._map_panels import summary_html
    from planner.report import report_markdown
    from planner.workbook import summary_table

    day = solve_prepared(prepare(load_scenario(town, overrides={"language": language})))
    lines = report_markdown(day).replace("\u00a0", " ").replace("\u202f", " ").splitlines()
    # its one camera at night: NIGHT of the east's points (4.4 %, 35 people), said as such
    assert {"en": "- The same cameras at night (IR range), as they stand (the plan is not made "
                  "for that time): covered share 0.0 % before, 4.4 % after; covered population "
                  "(graded) 35",
            "sv": "- Samma kameror nattetid (IR-räckvidd), som de står (planen är inte gjord för "
                  "den tiden): täckt andel 0,0 % före, 4,4 % efter; täckt befolkning (graderad) "
                  "35"}[language] in lines
    text = re.sub(r"(\s*<[^>]+>\s*)+", "|", summary_html(day.summary, "tiny", language=language))
    # (one row, short: two rows of four lines each had pushed the budget down the panel)
    assert {"en": "|The same cameras at night (IR range), not planned for it|4.4 % (population "
                  "35)|",
            "sv": "|Samma kameror nattetid (IR-räckvidd), inte planerade för det|4,4 % "
                  "(befolkning 35)|"}[language] in text.replace("\u00a0", " ")
    rows = dict(summary_table(day.summary, language).values.tolist())
    night = {"en": "covered_share_night (the same cameras, not planned for it)",
             "sv": "Täckt andel nattetid (IR-räckvidd) (samma kameror, inte planerade för det)"
             }[language]
    assert rows[night] == pytest.approx(NIGHT * POINT / 1600, rel=1e-12)


def test_the_areas_measured_alike_count_each_plans_own_existing_cameras(tmp_path: Path) -> None:
    """B (at night) replaces the existing dome on 'old', which sees the west area, and buys no
    camera there: the west area loses it in either measure. B's cameras as A counts had
    included that dome (evaluate gives a plan its scenario's existing cameras) and A's as B
    counts had lacked it, so the west read as covered the same by day and better in B at
    night."""
    from tests.conftest import sites_with_old_camera

    town = write_town(tmp_path / "town", sites=sites_with_old_camera(), budget=60_000.0)
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set-b", "coverage.night=true",
                 "--set-b", 'constraints.replace_existing=["old"]', "--out", str(out)]) == 0
    assert pd.read_csv(out / "cameras.csv")[["change", "site_id"]].values.tolist() == [
        ["removed", "old"]]
    # A's cameras as they are, counted by day (A's own plan) and at night (evaluated under a
    # night scenario that keeps the dome, as A does)
    a_day = pd.read_csv(out / "areas.csv").set_index("area_id")["share_a"]
    day = load_scenario(town)
    prepared_day = prepare(day)  # (for A's plan, and to count B's cameras as A counts)
    plan_a = solve_prepared(prepared_day)
    a_night = evaluate(prepare(load_scenario(town, overrides={"coverage.night": True})),
                       plan_a).areas.set_index("area_id")["covered_share_after"]
    b_day = evaluate(prepared_day, solve_prepared(prepare(load_scenario(town, overrides={
        "coverage.night": True, "constraints.replace_existing": ["old"]}))), day.with_overrides(
        {"constraints.remove_existing": ["old"]})).areas.set_index("area_id")
    assert a_night["west"] > 0 and a_day["west"] > a_night["west"]
    for side, a_share in (("a", a_day), ("b", a_night)):
        alike = pd.read_csv(out / f"areas_as_{side}.csv").set_index("area_id")
        assert alike.loc["west", "share_a"] == pytest.approx(a_share["west"], abs=1e-6)
        assert alike.loc["west", "share_b"] == 0.0  # (B has no camera that sees the west)
        assert alike.loc["east", "share_a"] == pytest.approx(alike.loc["east", "share_b"],
                                                             abs=1e-6)
    assert pd.read_csv(out / "areas_as_a.csv").set_index("area_id").loc[
        "east", "share_b"] == pytest.approx(b_day.loc["east", "covered_share_after"], abs=1e-6)
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ("`areas_as_a.csv`, `areas_as_b.csv`). Each plan's cameras are counted with the "
            "existing cameras it keeps and without those it takes down or replaces "
            "(constraints.remove_existing, replace_existing), in either measure.\n") in text
    west = f"{100 * a_day['west']:.1f}"
    assert ("### Counted as A counts: by day (daylight ranges)\n\n0 of 2 areas are covered "
            "more by B's cameras, 1 less, 1 the same; the largest changes each way:\n\n"
            "| area_id | name | share_a | share_b | share_change_pp |\n|---|---|---|---|---|\n"
            f"| west | West side | {west} % | 0.0 % | -{west} pp |\n") in text
    # B puts a new dome in its place (a third camera's money): counted as A counts it is B's
    # camera, not one A's rules exclude (that side had not been measured), the same as A's
    again = tmp_path / "again"
    assert main(["-q", "compare", str(town), str(town), "--set", "budget.total_sek=90000",
                 "--set-b", "coverage.night=true", "--set-b",
                 'constraints.replace_existing=["old"]', "--set", "language=sv",
                 "--out", str(again)]) == 0
    assert pd.read_csv(again / "cameras.csv")[["change", "site_id"]].values.tolist() == [
        ["added", "old"], ["removed", "old"]]
    text = (again / "report.md").read_text(encoding="utf-8")
    assert ("Varje plans kameror räknas med de befintliga kameror den behåller och utan dem den "
            "tar ned eller ersätter (constraints.remove_existing, replace_existing), i båda "
            "måtten.\n") in text
    assert text.count("Varje område täcks lika av båda planernas kameror.") == 2
    for side in "ab":
        alike = pd.read_csv(again / f"areas_as_{side}.csv")
        assert alike["share_a"].tolist() == pytest.approx(alike["share_b"].tolist(), abs=1e-9)
        assert alike.set_index("area_id").loc["west", "share_a"] > 0


def test_a_side_evaluate_refuses_is_reported_and_a_programs_fault_is_not_caught(
        town: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any of the planner's own errors of evaluate (not only an InputError: InfeasibleError,
    SolverError, an InputError of a kind not read) makes that side "not measured", with its
    message; another exception is a fault of the program and ends the comparison."""
    import planner.plan
    from planner._compare_alike import alike_lines, measured_alike
    from planner.errors import InfeasibleError

    day, night = load_scenario(town), load_scenario(town, overrides={"coverage.night": True})
    prepared_day, prepared_night = prepare(day), prepare(night)
    a, b = solve_prepared(prepared_day), solve_prepared(prepared_night)
    real = planner.plan.evaluate

    def refuse_as_a(prepared, cameras, scenario=None):
        if scenario is not None and scenario.name == day.name and prepared is prepared_day:
            raise InfeasibleError(f"{day.source}: required: the 1 required options cost 9e9, "
                                  "more than the budget 30000")
        return real(prepared, cameras, scenario)

    monkeypatch.setattr(planner.plan, "evaluate", refuse_as_a)
    alikes = measured_alike(prepared_day, prepared_night, a, b, (day, night))
    assert [(x.side, x.why, x.table is None) for x in alikes] == [
        ("A", ("error", "", "required: the 1 required options cost 9e9, more than the budget "
               "30000"), True),
        ("B", ("", "", ""), False)]
    lines = alike_lines(alikes, "en")
    assert ("As A counts: not measured (B's cameras could not be scored as A counts: required: "
            "the 1 required options cost 9e9, more than the budget 30000).") in lines
    assert ("Som A räknar: inte mätt (B:s kameror kunde inte bedömas som A räknar: required: "
            "the 1 required options cost 9e9, more than the budget 30000).") in alike_lines(
                alikes, "sv")

    def broken(prepared, cameras, scenario=None):
        raise KeyError("site_id")

    monkeypatch.setattr(planner.plan, "evaluate", broken)
    with pytest.raises(KeyError, match="site_id"):
        measured_alike(prepared_day, prepared_night, a, b, (day, night))
