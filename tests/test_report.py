import pandas as pd
import pytest

from planner.report import _csv_safe, compass


@pytest.mark.parametrize(
    ("deg", "word"), [(0, "N"), (22.4, "N"), (22.5, "NE"), (90, "E"), (180, "S"), (270, "W"), (337.5, "N"), (-90, "W")]
)
def test_compass_words(deg, word):
    assert compass(deg) == word


def test_compass_for_panoramic_without_orientation():
    assert compass(float("nan")) == "all around"


def test_spreadsheet_formulas_are_neutralised_in_csv():
    frame = pd.DataFrame({"note": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain"], "n": [1, 2, 3, 4, 5]})
    out = _csv_safe(frame)
    assert out["note"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert out["n"].tolist() == [1, 2, 3, 4, 5]


def test_every_documented_stop_has_a_report_line():
    # SolveResult.stopped_by's values, as documented, each get their sentence in report.md
    import re

    from planner._lang import _STOPPED
    from planner.optimize import SolveResult

    doc = SolveResult.__doc__ or ""
    documented = set(re.findall(r'``"([a-z ]+)"``', doc.split("stopped_by", 1)[1]))
    assert documented == {"proof", "heuristic", "work limit", "numerics", "gap limit", "time limit"}
    assert set(_STOPPED) == documented
    assert "reproducible" in _STOPPED["numerics"] and "time_limit_s" in _STOPPED["time limit"]


BULLET = """
[[camera]]
id = "bullet"
name = "Bullet 2560 px, 50 degrees"
h_px = 2560
v_px = 1440
hfov_deg = 50.0
ir_range_m = 30.0
price_sek = 15000.0
install_sek = 5000.0
yearly_sek = 1000.0
"""


def test_a_night_plans_register_describes_the_daylight_view(tmp_path):
    """The privacy rule counts what a camera sees by day; a night plan's dossier had given the
    IR-capped view (0 m² of a garden the plan was penalised 20 m² for)."""
    import json

    import geopandas as gpd
    from shapely.geometry import Point, box

    from planner.cli import main
    from planner.plan import plan
    from planner.scenario import load_scenario

    x, y = 568_700.0, 6_539_800.0
    crs = "EPSG:3006"
    gpd.GeoDataFrame({"area_id": ["A"], "name": ["Alpha"], "population": [500],
                      "priority": [0.5]}, geometry=[box(x, y, x + 60, y + 40)],
                     crs=crs).to_file(tmp_path / "areas.gpkg", engine="pyogrio")
    gpd.GeoDataFrame({"site_id": ["s1"], "mount_type": ["lamp_post"],
                      "install_cost_sek": [5000.0], "max_cameras": [1]},
                     geometry=[Point(x - 2, y + 20)], crs=crs).to_file(tmp_path / "sites.gpkg",
                                                                       engine="pyogrio")
    # a 5 x 4 m garden 38-43 m ahead: beyond the IR range (30 m), within day observe (43.9 m)
    gpd.GeoDataFrame({"zone_id": ["z1"], "kind": ["garden"]},
                     geometry=[box(x + 36, y + 18, x + 41, y + 22)],
                     crs=crs).to_file(tmp_path / "privacy.gpkg", engine="pyogrio")
    (tmp_path / "cameras.toml").write_text(BULLET)
    (tmp_path / "scenario.toml").write_text(
        'name = "night"\n[data]\nareas = "areas.gpkg"\nsites = "sites.gpkg"\n'
        'cameras = "cameras.toml"\nprivacy_zones = "privacy.gpkg"\n[budget]\ntotal_sek = 30000\n'
        '[demand]\ngrid_spacing_m = 10\nnear_homes_m = 0\n[coverage]\norientations = 4\n'
        'night = true\n[constraints]\nprivacy = "penalty"\nprivacy_penalty_per_m2 = 0.01\n')
    scenario = tmp_path / "scenario.toml"
    penalised = plan(load_scenario(scenario))
    free = plan(load_scenario(scenario, overrides={"constraints.privacy": "off"}))
    assert free.summary["objective"] - penalised.summary["objective"] == pytest.approx(0.2)
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    row = pd.read_csv(tmp_path / "out" / "register.csv").iloc[0]
    assert row["privacy_zone_m2_in_view"] == pytest.approx(20.0)
    assert row["privacy_zone_m2_at_privacy_level"] == pytest.approx(20.0)
    # ranges by day: detect 2560 px / (2 tan 25° x 25 px/m) = 109.8 m (the IR cap is 30 m)
    assert row["range_detect_m"] == pytest.approx(109.8)
    assert row["range_observe_m"] == pytest.approx(43.9)
    assert "In this night plan the ranges and contents are those of the daylight view" in (
        tmp_path / "out" / "report.md").read_text()
    cams = json.loads((tmp_path / "out" / "cameras.geojson").read_text())["features"]
    props = cams[0]["properties"]
    assert props["range_detect_m"] == 30.0 and props["daylight_range_detect_m"] == 109.8


@pytest.mark.parametrize(("language", "row"), [
    (None, "| 1,808 | 3,616 | 60 | True |"),
    ("sv", "| 1\u202f808 | 3\u202f616 | 60 | ja |"),
])
def test_whole_numbers_in_tables_are_grouped_as_the_other_numbers(language, row):
    # the English areas table had "| 1808 | ... | 3,616 |": the population (an integer column)
    # left ungrouped beside the weight (floats); the Swedish one was grouped already
    import numpy as np

    from planner._report_markdown import _md_table

    frame = pd.DataFrame({"population": np.array([1808], dtype=np.int64), "weight": [3616.0],
                          "hfov_deg": [60], "existing": [True]})
    assert _md_table(frame, language=language).splitlines()[-1] == row


@pytest.mark.parametrize(("overrides", "line"), [
    ({}, None),
    # (and what the rule reached, the smallest share and its area: west's 10.5 % against east's
    # 13.5 % at 60,000 SEK; a maxmin plan had not said it)
    ({"constraints.equity_min_share": 0.05},
     "- Equity: every planned area at least 5.0 % covered (`constraints.equity_min_share`); the "
     "smallest covered share reached: 10.5 %, West side (west)"),
    ({"constraints.equity_mode": "maxmin"},
     "- Equity: the smallest covered share of the planned areas raised first, coverage after it "
     "(`constraints.equity_mode = \"maxmin\"`); the smallest covered share reached: 10.5 %, West "
     "side (west)"),
    ({"constraints.equity_min_share": 0.05, "language": "sv"},
     "- Jämlikhet: varje planerat område täcks till minst 5,0 % "
     "(`constraints.equity_min_share`); den minsta täckta andel som nås: 10,5 %, West side (west)"),
    ({"constraints.equity_mode": "maxmin", "constraints.equity_min_share": 0.05,
      "language": "sv"},
     "- Jämlikhet: den minsta täckta andelen bland de planerade områdena höjs först, täckningen "
     "därefter (`constraints.equity_mode = \"maxmin\"`), aldrig under 5,0 %; den minsta täckta "
     "andel som nås: 10,5 %, West side (west)"),
])
def test_the_report_states_the_equity_rule(tmp_path, overrides, line):
    # the equity rule had been nowhere in report.md (the default scenario's variant equity: the
    # poorest-covered areas at exactly 5 %, the report silent on why)
    from planner import load_scenario
    from planner.plan import plan
    from planner.report import report_markdown

    from .conftest import write_town

    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000),
                                overrides=overrides))
    lines = report_markdown(result).splitlines()
    ruled = [x for x in lines if x.startswith(("- Equity", "- Jämlikhet"))]
    assert ruled == ([] if line is None else [line])
    if line is not None:  # (with the scenario's other rules, before the coverage it shapes)
        assert lines.index(line) < next(i for i, x in enumerate(lines)
                                        if x.startswith(("- Covered share", "- Täckt andel")))


@pytest.mark.parametrize(("overrides", "item", "label", "words"), [
    ({"constraints.equity_min_share": 0.05}, "equity", "Equity",
     "every planned area at least 5.0 % covered (constraints.equity_min_share); the smallest "
     "covered share reached: 10.5 %, West side (west)"),
    ({"constraints.equity_mode": "maxmin", "constraints.equity_min_share": 0.05,
      "language": "sv"}, "Jämlikhet", "Jämlikhet",
     "den minsta täckta andelen bland de planerade områdena höjs först, täckningen därefter "
     "(constraints.equity_mode = \"maxmin\"), aldrig under 5,0 %; den minsta täckta andel "
     "som nås: 10,5 %, West side (west)"),
])
def test_the_map_panel_and_the_workbook_state_the_equity_rule_as_the_report(
        tmp_path, overrides, item, label, words):
    # Katrineholm's #sv+equity: report.md said "Jämlikhet: varje planerat område täcks till
    # minst 5,0 % …; den minsta täckta andel som nås: 5,0 %, Värmbol-Duveholm (0483C1070)",
    # while its map panel and plan.xlsx's summary, and compare.html's panel of plan B, said
    # nothing of the rule that held three areas at 5.0-5.2 %
    from openpyxl import load_workbook

    from planner import load_scenario
    from planner._map_html import esc
    from planner.plan import plan
    from planner.report import write_plan

    from .conftest import write_town
    from .test_maps import js

    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000),
                                overrides=overrides))
    out = write_plan(result, tmp_path / "out")
    report = (out / "report.md").read_text(encoding="utf-8").splitlines()
    said = next(x for x in report if x.startswith(f"- {label}: "))
    assert said.replace("`", "") == f"- {label}: {words}"
    rows = [(r[0].value, r[1].value)
            for r in load_workbook(out / "plan.xlsx").worksheets[0].iter_rows()]
    assert (item, words) in rows
    html = (out / "map.html").read_text(encoding="utf-8")
    assert js(f"<tr><th>{label}</th><td>{esc(words)}</td></tr>") in html
    # (a plan without the rule: no such row)
    plain = write_plan(plan(load_scenario(write_town(tmp_path / "plain", budget=60_000))),
                       tmp_path / "plain-out")
    assert js("<tr><th>Equity</th>") not in (plain / "map.html").read_text(encoding="utf-8")
    assert "equity" not in [r[0].value for r in
                            load_workbook(plain / "plan.xlsx").worksheets[0].iter_rows()]


# (and that the plan maximises the priority-weighted objective, not it: a trial's equity plan
# with a lower objective had covered more people, read as "equity is free and covers more")
MAXIMISES = ("; the plan maximises the priority-weighted coverage (the objective below), not "
             "this head-weighted figure, so a plan that favours high-priority areas may cover "
             "fewer people and a plan with a lower objective more")
MAXIMERAR = ("; planen maximerar den prioritetsviktade täckningen (målfunktionsvärdet nedan), "
             "inte detta mått per invånare, så en plan som gynnar områden med hög prioritet kan "
             "täcka färre personer och en plan med lägre målfunktionsvärde fler")


@pytest.mark.parametrize(("overrides", "line"), [
    ({}, "- Covered population (graded) by day (daylight ranges): 123 of 1,000 in the 2 "
         "planned areas" + MAXIMISES),
    ({"language": "sv"},
     "- Täckt befolkning (graderad) dagtid (räckvidder i dagsljus): 123 av 1\u202f000 i de 2 "
     "planerade områdena" + MAXIMERAR),
    ({"demand.areas": ["east"]},
     "- Covered population (graded) by day (daylight ranges): 101 of 600 in the planned area"
     + MAXIMISES),
])
def test_the_covered_population_is_said_to_be_of_the_planned_areas(tmp_path, overrides, line):
    # "3,933 of 24,294" on the default scenario: the 14 planned areas' people, not Katrineholm's
    # 34,604 (21 areas), which the line had let a reader take it for
    from planner import load_scenario
    from planner.plan import plan
    from planner.report import report_markdown

    from .conftest import write_town

    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000),
                                overrides=overrides))
    assert line in report_markdown(result).splitlines()


@pytest.mark.parametrize(("overrides", "facing", "line"), [
    ({}, 0.0,
     "{old} covers no demand: its view reaches none of it. The demand is the public space of "
     "the planned areas (`demand.areas`) within `demand.near_homes_m` = 60 m of homes: a "
     "camera at a square, a station or a park away from homes covers none of it."),
    ({"language": "sv", "demand.near_homes_m": 62.5}, 0.0,
     "{old} täcker inget av behovet: dess upptagningsområde når inte in i något av det. Behovet är den offentliga miljön i "
     "de planerade områdena (`demand.areas`) inom `demand.near_homes_m` = 62,5 m från bostäder: "
     "en kamera vid ett torg, en station eller en park långt från bostäder täcker inget av det."),
    ({"demand.near_homes_m": 0}, 0.0,
     "{old} covers no demand: its view reaches none of it. The demand is the public space of "
     "the planned areas (`demand.areas`)."),
    ({}, 180.0, None),  # (facing south, into the east area)
])
def test_the_report_says_which_cameras_cover_no_demand_and_why(tmp_path, overrides, facing,
                                                                line):
    # Katrineholm's existing cameras at the skatepark, Smedjegatan and Stadsparken stood in the
    # camera table at 0 with no word why; here the old dome stands 25 m north of the east area
    # (it detects to 38.4 m) and faces north, away from it
    from shapely.geometry import Point

    from planner import load_scenario
    from planner.plan import plan
    from planner.report import camera_table, report_markdown

    from .conftest import X0, Y0, sites_with_old_camera, write_town

    sites = sites_with_old_camera(existing_orientation_deg=[facing, None])
    sites.loc[0, "geometry"] = Point(X0 - 1, Y0 + 45)
    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000, sites=sites),
                                overrides=overrides))
    old = result.cameras["existing"].to_numpy(dtype=bool)
    assert old.sum() == 1
    weight = float(result.cameras.loc[old, "covered_weight"].iloc[0])
    lines = report_markdown(result).splitlines()
    label = camera_table(result).loc[old, "camera"].iloc[0]
    said = [x for x in lines if x.startswith("C0")]
    if line is None:
        assert weight > 0 and said == []
    else:
        line = line.format(old=label)
        assert weight == 0 and said == [line]
        # (between the table's explanation and the table, the models' names between)
        assert lines[lines.index(line) + 2].startswith(("| ", "Camera models by their ",
                                                        "Kameramodellerna anges "))
        assert lines[lines.index(line) + 4].startswith("| ")


@pytest.mark.parametrize(("language", "joined"), [(None, "{0} and {1} cover"),
                                                  ("sv", "{0} och {1} täcker")])
def test_several_cameras_that_cover_no_demand_are_listed_as_a_sentence_lists_them(
        tmp_path, language, joined):
    # "C003, C005, C006 täcker inget behov" had read as a list, not a sentence
    import dataclasses

    from planner import load_scenario
    from planner.plan import plan
    from planner.report import _blind_lines, camera_table

    from .conftest import sites_with_old_camera, write_town

    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000,
                                           sites=sites_with_old_camera()),
                                overrides={"language": language} if language else {}))
    assert len(result.cameras) == 3
    blind = dataclasses.replace(result, cameras=result.cameras.assign(covered_weight=0.0))
    labels = camera_table(blind)["camera"].tolist()
    line = _blind_lines(blind, language)[1]
    assert line.startswith(f"{labels[0]}, " + joined.format(*labels[1:]) + (" no demand: their view" if language is None
                                                    else " inget av behovet: deras upptagningsområden"))


#: settings of summaries for the covered population's definition (``_report_markdown._graded_line``)
_LEVEL_VALUES = {"detect": 0.25, "observe": 0.5, "recognise": 0.75, "identify": 1.0}


@pytest.mark.parametrize(("language", "settings", "line"), [
    (None, {"demand": {"near_homes_m": 60, "grid_spacing_m": 10}},
     "covered_population_after, like the covered population above, is graded, not a head "
     "count: the area's population × covered_share_after, the share of its demand (points "
     "every 10 m in public space within 60 m of homes) covered, each point counted by the best "
     "DORI level a camera sees it at (identify 1, recognise 0.75, observe 0.5, detect 0.25, "
     "unseen 0). An area seen everywhere at detect level only would count 0.25 × its "
     "population."),
    ("sv", {"demand": {"near_homes_m": 0, "grid_spacing_m": 2.5}},
     "Täckt befolkning efter, liksom den täckta befolkningen ovan, är graderad, inte ett antal "
     "personer: områdets befolkning × täckt andel efter, den andel av områdets behov (punkter "
     "med 2,5 m mellanrum på allmän plats i området) som täcks, där varje punkt räknas efter "
     "den bästa DORI-nivå som en kamera ser den på (identifiera 1, känna igen 0,75, observera "
     "0,5, upptäcka 0,25, osedd 0). Ett område som överallt syns bara på nivån upptäcka skulle "
     "räknas som 0,25 × dess befolkning."),
    (None, {"demand": {"near_homes_m": 60, "grid_spacing_m": 10},
            "data": {"demand_points": "incidents.gpkg"}},
     "covered_population_after, like the covered population above, is graded, not a head "
     "count: the area's population × covered_share_after, the share of its demand (the points "
     "of `data.demand_points`, by their weight) covered, each point counted by the best DORI "
     "level a camera sees it at (identify 1, recognise 0.75, observe 0.5, detect 0.25, unseen "
     "0). An area seen everywhere at detect level only would count 0.25 × its population."),
])
def test_the_covered_population_is_defined_as_graded(language, settings, line):
    # Katrineholm centrum-Kerstinboda's "569 of 2,341", though 73.6 % of its demand points are
    # seen at detect level or better, had been read as the people the cameras watch; the camera
    # table's legend had called it "the people this camera alone covers"
    from planner._report_markdown import _graded_line

    summary = {"level_values": _LEVEL_VALUES, "settings": settings}
    assert _graded_line(summary, language) == line
    # a plan made by hand, without level values or settings: the definition without them
    assert _graded_line({}, None) == (
        "covered_population_after, like the covered population above, is graded, not a head "
        "count: the area's population × covered_share_after, the share of its demand (points in "
        "its public space) covered, each point counted by the best DORI level a camera sees it "
        "at.")


def test_the_report_defines_the_covered_population_and_the_gap(tmp_path):
    from planner import load_scenario
    from planner.plan import plan
    from planner.report import report_markdown

    from .conftest import write_town

    result = plan(load_scenario(write_town(tmp_path / "town", budget=60_000)))
    lines = report_markdown(result).splitlines()
    # which areas and why first: the selection rule and what the priority is (the town's
    # areas layer has no indicators: the priority is the layer's own)
    assert lines[lines.index("## Areas") + 2] == (
        "The planned areas: all 2 of the areas layer (`demand.areas` = \"all\"). Priority is "
        "the areas layer's own, in [0, 1] (1 = the greatest challenges); the layer lacks the "
        "indicators `planner import deso` computes it from, so how it was made is the layer's to "
        "say. An area's demand weight is its population × (1 + 1 × priority) "
        "(`demand.priority_gain`).")
    # defined once, under the areas' heading, before the table that has the column
    at = lines.index("## Areas") + 4
    assert lines[at].startswith("covered_population_after, like the covered population above, "
                                "is graded, not a head count: the area's population × "
                                "covered_share_after")
    # (and beside it, ungraded, the share in view at any level: the plain share an application
    # asks for)
    assert lines[at].endswith(" seen_share_after is ungraded: the share of the area's demand in "
                              "view of a camera at any level.")
    assert lines[at + 2].startswith("| area_id |") and lines[at + 2].endswith(
        "| covered_population_after | seen_share_after |")
    assert sum("not a head count" in x for x in lines) == 1
    assert lines[lines.index("## Cameras") + 2].startswith(
        "orientation_true_deg: the direction from true north; covered_population: the same "
        "graded figure for what this camera alone covers, by its own DORI level (cameras "
        "overlap, so these do not add up to the plan's);")
    # the gap as optimize.solve computes it: (bound - objective) / bound
    # ("Optimisation", as the map's panel names it: it had been "Solver")
    solver = next(x for x in lines if x.startswith("- Optimisation: "))
    assert solver.startswith("- Optimisation: enumeration, status optimal, gap 0.000 % (= (bound − "
                             "objective) / bound; the best possible plan's objective lies "
                             "between the two), objective ")


def test_privacy_seen_counts_the_new_cameras_from_the_register():
    # the cameras that see a privacy zone at the rule's level and the zones' m², new cameras
    # only; the façades of every new camera (C002 sees a home's façade but no zone: a home seen,
    # which the comparison's row had said only the zone-seeing cameras' were)
    from planner.report import privacy_seen

    register = pd.DataFrame({
        "camera": ["C001", "C002", "C003", "C004"],
        "status": ["new", "new", "new", "existing"],
        "privacy_zone_m2_at_privacy_level": [12.3, 0.0, 0.5, 50.0],
        "residential_facades_at_privacy_level": [2, 1, 0, 3],
    })
    assert privacy_seen(None, register) == {  # type: ignore[arg-type]
        "cameras": 2, "privacy_zone_m2": 12.8, "residential_facades": 3}


@pytest.mark.parametrize("description", ["", "Which areas first?\nThe shapes are  schematic."])
def test_the_report_gives_the_scenarios_description_under_its_title(tmp_path, description):
    # (the README says a scenario's description is shown in the reports: it had reached
    # summary.json only, and with it the default data's word that its geometry is schematic)
    from planner.plan import plan
    from planner.report import report_markdown
    from planner.scenario import load_scenario
    from tests.conftest import write_town

    path = write_town(tmp_path / "town")
    made = plan(load_scenario(path, overrides={"title": "Town", "description": description}))
    lines = report_markdown(made).splitlines()
    assert lines[:2] == ["# Camera plan: Town", ""]
    if description:
        assert lines[2:4] == ["Which areas first? The shapes are schematic.", ""]
        assert lines[4].startswith("- Scenario: ")
    else:
        assert lines[2].startswith("- Scenario: ")


def test_the_default_scenario_says_its_geometry_is_schematic(repo_root):
    from planner.scenario import load_scenario

    for variant in (None, "sv"):
        scenario = load_scenario(repo_root / "scenarios" / "katrineholm.toml", variant=variant)
        words = " ".join(scenario.description.split())
        assert ("schematic, made up for a demonstration" in words if variant is None else
                "schematiska, gjorda för en demonstration" in words)


@pytest.mark.parametrize(("language", "overrides", "line"), [
    ("en", {"surveillance.hours": "Fri-Sat 22:00-06:00"},
     "- The coverage is by day (each model's daylight ranges); the cameras record Fri-Sat "
     "22:00-06:00 (`surveillance.hours`): for coverage at night, plan with `coverage.night = "
     "true` (ranges capped at each model's IR range)"),
    ("sv", {"surveillance.hours": "fre–lör 22.00–06.00"},
     "- Täckningen gäller i dagsljus (varje modells räckvidder i dagsljus); kamerorna spelar in "
     "fre–lör 22.00–06.00 (`surveillance.hours`): för täckningen nattetid, planera med "
     "`coverage.night = true` (räckvidder begränsade till varje modells IR-räckvidd)"),
    ("en", {"surveillance.hours": "Fri-Sat 22:00-06:00", "coverage.night": True}, None),
    ("en", {}, None),
])
def test_a_day_plan_of_cameras_recording_at_set_hours_says_its_coverage_is_by_day(
        tmp_path, language, overrides, line):
    # (a trial quoted a day plan's 24.8 % for cameras recording Fri-Sat nights only, where
    # the night plan covers 13.5 %)
    from planner.plan import plan
    from planner.report import report_markdown
    from planner.scenario import load_scenario
    from tests.conftest import write_town

    made = plan(load_scenario(write_town(tmp_path / "town"),
                              overrides={"language": language, **overrides}))
    lines = report_markdown(made).splitlines()
    said = [x for x in lines if x.startswith(("- The coverage is by day", "- Täckningen gäller"))]
    assert said == ([] if line is None else [line])
    if line is not None:  # (beside the coverage figures it qualifies: the plan's cameras at
        # night, the figure it points to planning for, just before it)
        assert lines[lines.index(line) - 2].startswith(("- Covered population", "- Täckt befolkning"))
        assert lines[lines.index(line) - 1].startswith(("- The same cameras at night",
                                                        "- Samma kameror nattetid"))


def test_the_cameras_models_are_named_by_id_with_the_catalogues_name_once(tmp_path):
    # the tables name a model by its catalogue id, as register.csv and cameras.geojson; the
    # catalogue's name stands beside it once (report.md had given ids only, the map names only)
    import pandas as pd

    from planner import load_scenario
    from planner._report_markdown import model_names_line
    from planner.plan import plan
    from planner.report import report_markdown

    from .conftest import write_town

    lines = report_markdown(plan(load_scenario(write_town(tmp_path / "town", budget=60_000)))
                            ).splitlines()
    at = lines.index("## Cameras")
    assert lines[at + 4] == ("Camera models by their catalogue id (`data.cameras`), as the "
                             "tables, register.csv and cameras.geojson give them, with the "
                             "catalogue's name: dome = Test dome 1920 px, 90 degrees.")
    assert lines[at + 6].startswith("| camera | site_id | model |")
    assert lines[at + 8].split(" | ")[2] == "dome"
    # sorted by id, once each; a model whose name is its id (or none) needs no name
    cameras = pd.DataFrame({"model": ["b", "a", "b", "c", "d"],
                            "model_name": ["B cam", "A cam", "B cam", "c", None]})
    assert model_names_line(cameras).endswith("name: a = A cam; b = B cam.")
    assert model_names_line(cameras.iloc[3:]) == ""


def test_the_share_in_view_is_the_covered_share_ungraded(tmp_path):
    # seen_share_after counts a point in view at any level as wholly seen: with every level worth
    # 1 it is the covered share; graded, never below it; the summary's is the areas' by weight
    from planner.plan import plan
    from planner.scenario import load_scenario
    from tests.conftest import write_town

    town = write_town(tmp_path / "town", budget=60_000)
    ones = {f"coverage.level_values.{k}": 1.0 for k in ("detect", "observe", "recognise",
                                                          "identify")}
    flat = plan(load_scenario(town, overrides=ones)).areas
    assert flat["seen_share_after"].tolist() == pytest.approx(flat["covered_share_after"].tolist(),
                                                              abs=1e-12)
    graded = plan(load_scenario(town))
    areas = graded.areas
    assert (areas["seen_share_after"] >= areas["covered_share_after"] - 1e-12).all()
    assert (areas["seen_share_after"] > areas["covered_share_after"]).any()  # (detect < 1)
    weights = areas["weight"].to_numpy()
    assert graded.summary["seen_share"] == pytest.approx(
        float((areas["seen_share_after"] * weights).sum() / weights.sum()))


@pytest.mark.parametrize(("description", "line"), [
    ("# Pilot: the first areas", "\\# Pilot: the first areas"),
    ("- Phase 1 of 3", "\\- Phase 1 of 3"),
    ("1. etappen av bidraget", "1\\. etappen av bidraget"),
    ("#trygghet 2018: -5 % brott", "#trygghet 2018: -5 % brott"),
])
def test_a_description_that_starts_as_markdown_stays_a_paragraph(tmp_path, description, line):
    # (a description "# Pilot ..." had been a second title of report.md, "- Phase 1" a list
    # item and "1. etappen" a numbered one)
    from planner.plan import plan
    from planner.report import report_markdown
    from planner.scenario import load_scenario
    from tests.conftest import write_town

    path = write_town(tmp_path / "town")
    made = plan(load_scenario(path, overrides={"title": "Town", "description": description}))
    lines = report_markdown(made).splitlines()
    assert lines[2:4] == [line, ""] and lines[4].startswith("- Scenario: ")


@pytest.mark.parametrize(("language", "night", "share", "population", "item"), [
    ("en", False, "- Covered share of weighted demand by day (daylight ranges): 0.0 % before, "
                  "{after} after (graded by DORI level)",
     "- Covered population (graded) by day (daylight ranges): {covered} of 1,000 in the 2 "
     "planned areas", ("coverage_time", "by day (daylight ranges)")),
    ("en", True, "- Covered share of weighted demand at night (IR range): 0.0 % before, "
                 "{after} after (graded by DORI level)",
     "- Covered population (graded) at night (IR range): {covered} of 1,000 in the 2 "
     "planned areas", ("coverage_time", "at night (IR range)")),
    ("sv", False, "- Täckt andel av det viktade behovet dagtid (räckvidder i dagsljus): 0,0 % "
                  "före, {after} efter (graderat efter DORI-nivå)",
     "- Täckt befolkning (graderad) dagtid (räckvidder i dagsljus): {covered} av 1\u202f000 i "
     "de 2 planerade områdena", ("Täckningen gäller", "dagtid (räckvidder i dagsljus)")),
    ("sv", True, "- Täckt andel av det viktade behovet nattetid (IR-räckvidd): 0,0 % före, "
                 "{after} efter (graderat efter DORI-nivå)",
     "- Täckt befolkning (graderad) nattetid (IR-räckvidd): {covered} av 1\u202f000 i de 2 "
     "planerade områdena", ("Täckningen gäller", "nattetid (IR-räckvidd)")),
])
def test_the_coverage_figures_say_whether_they_hold_by_day_or_at_night(
        tmp_path, language, night, share, population, item):
    # a trial: the day plan's 17.8 % and the night plan's 8.8 % stood under the same words,
    # and the police read 17.8 % as round the clock
    from planner import load_scenario
    from planner._lang import number, percent
    from planner.plan import plan
    from planner.report import report_markdown
    from planner.workbook import summary_table

    from .conftest import write_town

    made = plan(load_scenario(write_town(tmp_path / "town", budget=60_000),
                              overrides={"language": language, "coverage.night": night}))
    s = made.summary
    lines = report_markdown(made).splitlines()
    assert share.format(after=percent(s["covered_share"], 1, language)) in lines
    assert population.format(covered=number(s["covered_population"], 0, language)) + (
        MAXIMERAR if language == "sv" else MAXIMISES) in lines
    rows = [tuple(r) for r in summary_table(s, language).itertuples(index=False)]
    at = rows.index(item)
    assert rows[at - 1][1] == s["covered_share"]  # (beside the share it qualifies)


@pytest.mark.parametrize(("language", "line"), [
    ("en", "- New cameras by mount type: 1 on a lamp post, 0 on poles, 1 on a façade"),
    ("sv", "- Nya kameror per monteringstyp: 1 på en belysningsstolpe, 0 på stolpar, 1 på en "
           "fasad"),
])
def test_the_report_counts_the_new_cameras_by_mount_type(tmp_path, language, line):
    # the housing company asked how many new cameras go on façades; report.md had said only
    # how many are new (by the sites layer's mount_type, after the cameras' line)
    import geopandas as gpd
    from shapely.geometry import Point

    from planner import load_scenario
    from planner.plan import plan
    from planner.report import report_markdown

    from .conftest import CRS, X0, Y0, write_town

    sites = gpd.GeoDataFrame(
        {"site_id": ["lamp-1", "wall-1"], "mount_type": ["lamp_post", "facade"],
         "install_cost_sek": [10_000.0, 10_000.0], "max_cameras": [1, 1]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0)], crs=CRS)
    made = plan(load_scenario(write_town(tmp_path / "town", budget=200_000, sites=sites),
                              overrides={"language": language}))
    assert made.summary["n_cameras_new"] == 2
    lines = report_markdown(made).splitlines()
    assert lines[lines.index(line) - 1].startswith(("- Cameras:", "- Kameror:"))


def test_english_documents_word_the_mount_type_and_the_files_keep_the_code(tiny_town,
                                                                              tmp_path):
    # report.md's English register had read "lamp_post", the sites layer's code, where the
    # Swedish one says "belysningsstolpe"; register.csv and cameras.geojson keep the code
    import json

    import openpyxl

    from planner import load_scenario
    from planner.plan import plan
    from planner.report import write_plan

    made = plan(load_scenario(tiny_town))
    write_plan(made, tmp_path / "out")
    out = tmp_path / "out"
    assert pd.read_csv(out / "register.csv")["mount_type"].tolist() == ["lamp_post"]
    features = json.loads((out / "cameras.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["mount_type"] for f in features] == ["lamp_post"]
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "| C001 | lamp-1 | new | False | " in text and "| False | lamp post | dome | " in text
    assert "lamp_post" not in text
    sheet = openpyxl.load_workbook(out / "plan.xlsx")["Cameras"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("mount_type")  # (English headers are the columns)
    assert [row[column] for row in rows[1:]] == ["lamp post"]
