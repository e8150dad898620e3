"""What the surveillance record says of privacy zones: areas, rounding, the rule and its gaps.

The towns are small and local (a lamp at (110, 150) facing south over a garden, x 100..120,
y 120..140, offset into SWEREF 99 TM); a 2000 px, 90° camera detects to 40 m and observes to
16 m, so the areas are worked out by hand.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely import affinity
from shapely.geometry import Point, box

from planner.cli import main

X, Y = 580_000.0, 6_540_000.0
CAMERA = """
[[camera]]
id = "cam90"
name = "Test 90 degree camera"
h_px = 2000
v_px = 1125
hfov_deg = 90.0
ir_range_m = 30.0
price_sek = 10000.0
install_sek = 5000.0
yearly_sek = 0.0
panoramic = false
"""
GARDEN = box(100, 120, 120, 140)


def _at(geom):
    return affinity.translate(geom, X, Y)


def town(folder, *, zones=(("Z1", GARDEN),), extra=""):
    """The lamp L_open at (110, 150) over area box(85, 95, 135, 149), house H1 behind the garden."""
    folder.mkdir(parents=True, exist_ok=True)
    gpkg = folder / "town.gpkg"
    gpd.GeoDataFrame({"area_id": ["A1"], "name": ["Testby"], "population": [1000],
                      "priority": [0.5]}, geometry=[_at(box(85, 95, 135, 149))],
                     crs="EPSG:3006").to_file(gpkg, layer="areas", engine="pyogrio")
    gpd.GeoDataFrame({"site_id": ["L_open"], "mount_type": ["lamp_post"],
                      "install_cost_sek": [1000.0], "max_cameras": [1]},
                     geometry=[_at(Point(110, 150))], crs="EPSG:3006").to_file(
        gpkg, layer="sites", engine="pyogrio")
    gpd.GeoDataFrame({"building_id": ["H1"], "kind": ["residential"]},
                     geometry=[_at(box(100, 100, 120, 120))], crs="EPSG:3006").to_file(
        gpkg, layer="buildings", engine="pyogrio")
    lines = ['name = "t"', 'title = "Test town"', 'crs = "EPSG:3006"', "[data]",
             'areas = "town.gpkg|layername=areas"', 'sites = "town.gpkg|layername=sites"',
             'cameras = "cameras.toml"', 'buildings = "town.gpkg|layername=buildings"']
    if zones:
        gpd.GeoDataFrame({"zone_id": [z[0] for z in zones], "kind": ["garden"] * len(zones)},
                         geometry=[_at(z[1]) for z in zones], crs="EPSG:3006").to_file(
            gpkg, layer="privacy_zones", engine="pyogrio")
        lines.append('privacy_zones = "town.gpkg|layername=privacy_zones"')
    lines += ["[budget]", "total_sek = 100000", "[demand]", "near_homes_m = 0",
              "grid_spacing_m = 5", "[coverage]", "orientations = 8"]
    (folder / "cameras.toml").write_text(CAMERA, encoding="utf-8")
    scenario = folder / "scenario.toml"
    scenario.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return scenario


def planned(tmp_path, scenario, *sets):
    out = tmp_path / "out"
    args = [a for s in sets for a in ("--set", s)]
    assert main(["-q", "plan", str(scenario), *args, "--out", str(out)]) == 0
    return out, pd.read_csv(out / "register.csv"), (out / "report.md").read_text(encoding="utf-8")


def test_overlapping_zones_count_once_in_the_register(tmp_path):
    # the garden and a strip drawn over its north end (y 135..140) by another digitiser: the
    # rule dissolves them; the register had summed them (500.0 and 188.0 m²)
    strip = box(100, 135, 120, 140)
    scenario = town(tmp_path / "t", zones=(("Z1", GARDEN), ("Z2", strip)),
                    extra="[constraints]\nprivacy_maskable_m2 = 100.0\n")
    _, register, report = planned(tmp_path, scenario)
    row = register.iloc[0]
    assert row["orientation"] == "181.2° (S)"
    # whole garden at detect level (its far corners 31.6 m away, on the sector's edges)
    assert row["privacy_zone_m2_in_view"] == 400.0
    # observe (16 m): the disc's segment beyond y = 140 between x = 100 and 120:
    # 2 (5 sqrt(156) + 128 asin(10/16)) - 200 = 97.73 m² (the sector's chords: 97.72),
    # rounded up to 0.1
    exact = 10 * math.sqrt(156) + 256 * math.asin(10 / 16) - 200
    assert round(exact, 2) == 97.73
    assert row["privacy_zone_m2_at_privacy_level"] == 97.8
    assert ("(1: C001; at most 97.8 m² each, kept because constraints.privacy_maskable_m2 "
            "allows up to 100.0 m²)") in report


@pytest.mark.parametrize(("language", "shown"), [("en", "0.3"), ("sv", "0,3")])
def test_a_small_view_into_a_zone_reads_as_in_the_register_in_the_report(tmp_path, language,
                                                                         shown):
    # the garden's north edge 15.9 m from the lamp: at observe level (16 m) a sliver, the
    # segment 16² acos(15.9/16) - 15.9 sqrt(16² - 15.9²) = 0.24 m²; report.md had read 0
    scenario = town(tmp_path / "t", zones=(("Z1", box(100, 120, 120, 134.1)),),
                    extra="[constraints]\nprivacy_maskable_m2 = 1.0\n")
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, register, report = planned(tmp_path, scenario)
    segment = 256 * math.acos(15.9 / 16) - 15.9 * math.sqrt(256 - 15.9**2)
    assert round(segment, 2) == 0.24
    assert register.iloc[0]["privacy_zone_m2_at_privacy_level"] == 0.3
    # (the register's row: the last of C001's, after the table of cameras)
    row = [line for line in report.splitlines() if line.startswith("| C001 | L_open |")][-1]
    # the whole garden's 282 m² (20 x 14.1) at detect level, 0.3 m² at observe level
    assert row.endswith(f"| {'282,0' if language == 'sv' else '282.0'} | 0 | {shown} |")


SLIVER = (("Z1", box(100, 120, 120, 134.1)),)  # (0.24 m² of it at observe level: see above)


@pytest.mark.parametrize(
    ("masking", "language", "line"),
    [
        ("false", "en", "Contradiction: `surveillance.privacy_masking` = false, but the cameras "
                        "above are in the plan only because the part of the zone they see is "
                        "masked. Either mask it and set privacy_masking = true, or plan without "
                        "them (constraints.privacy_maskable_m2 = 0)."),
        (None, "en", "Still to settle: `surveillance.privacy_masking` is not set, but the "
                     "cameras above are in the plan only because the part of the zone they see "
                     "is masked."),
        ("false", "sv", "Motstridigt: `surveillance.privacy_masking` = false, men kamerorna ovan "
                        "finns i planen bara för att den del av zonen som de ser maskeras."),
        (None, "sv", "Att besluta: `surveillance.privacy_masking` är inte angiven, men kamerorna "
                     "ovan finns i planen bara för att den del av zonen som de ser maskeras."),
        ("true", "en", None),
    ],
)
def test_cameras_kept_to_be_masked_without_masking_are_a_contradiction(tmp_path, caplog,
                                                                       masking, language, line):
    running = f"[surveillance]\nprivacy_masking = {masking}\n" if masking else ""
    scenario = town(tmp_path / "t", zones=SLIVER,
                    extra=f"[constraints]\nprivacy_maskable_m2 = 1.0\n{running}")
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    with caplog.at_level("WARNING", logger="planner"):
        _, register, report = planned(tmp_path, scenario)
    assert register.iloc[0]["privacy_zone_m2_at_privacy_level"] == 0.3  # (kept, to be masked)
    warned = [r.getMessage() for r in caplog.records if "privacy_masking is" in r.getMessage()]
    if line is None:
        assert not warned
        assert "Contradiction" not in report and "Still to settle: `surv" not in report
        return
    said = "false" if masking else "not settled"
    assert warned == [
        "t: 1 new camera sees a privacy zone at observe level and is kept only because "
        "constraints.privacy_maskable_m2 = 1 lets that part be masked, but "
        f"surveillance.privacy_masking is {said}; mask it (privacy_masking = true) or set "
        "privacy_maskable_m2 = 0"]
    assert line in report


@pytest.mark.parametrize("privacy", ["exclude", "penalty", "off"])
def test_a_privacy_rule_without_zones_is_warned_about(tmp_path, caplog, privacy):
    # the default rule (exclude) without data.privacy_zones had protected nothing, silently
    scenario = town(tmp_path / "t", zones=(), extra=f'[constraints]\nprivacy = "{privacy}"\n')
    with caplog.at_level("WARNING", logger="planner"):
        out, _, report = planned(tmp_path, scenario)
    note = (f"constraints.privacy = \"{privacy}\" but the scenario has no privacy zones "
            "(data.privacy_zones is not set or is empty): the rule protects no home or garden; "
            "add the privacy-zone layer")
    notes = json.loads((out / "summary.json").read_text(encoding="utf-8"))["notes"]
    warned = [r.getMessage() for r in caplog.records if "no privacy zones" in r.getMessage()]
    if privacy == "off":
        assert notes == [] and warned == [] and "- Note: constraints.privacy" not in report
    else:
        assert notes == [note] and warned == [f"t: {note}"]
        assert f"- Note: {note}" in report


@pytest.mark.parametrize(
    ("privacy", "language", "m2", "line"),
    [
        # facing south-east (grid 135°): the garden's east half within 16 m, half of 97.73 m²
        ("penalty", "en", 48.9,
         "Privacy rule (`constraints.privacy` = \"penalty\"): no camera is left out for what it "
         "sees of privacy zones; each m² it sees at observe level or better lowers the plan's "
         "objective by 1 (`constraints.privacy_penalty_per_m2`). New cameras that see a privacy "
         "zone at observe level or better (1): C001; 48.9 m² of privacy zones all together (each "
         "m² once)."),
        ("penalty", "sv", 48.9,
         "Integritetsregel (`constraints.privacy` = \"penalty\"): ingen kamera utesluts för vad "
         "den ser av integritetszoner; varje m² som den ser på nivån observera eller bättre drar "
         "av 1 från planens målvärde (`constraints.privacy_penalty_per_m2`). Nya kameror som ser "
         "en integritetszon på nivån observera eller bättre (1 st): C001; sammanlagt 48,9 m² "
         "integritetszon (varje m² en gång)."),
        # facing south: the whole 97.73 m² (see test_overlapping_zones_count_once_in_the_register)
        ("off", "en", 97.8,
         "Privacy rule (`constraints.privacy` = \"off\"): privacy zones do not limit the plan; "
         "what each camera sees of them at observe level or better is only reported. New cameras "
         "that see a privacy zone at observe level or better (1): C001; 97.8 m² of privacy zones "
         "all together (each m² once)."),
        ("exclude", "en", 0.0,
         "Privacy rule (`constraints.privacy` = \"exclude\"): a camera option that sees any part "
         "of a privacy zone at observe level or better is left out of the plan. No new camera "
         "sees a privacy zone at observe level or better."),
    ],
)
def test_the_record_states_the_privacy_rule_and_the_cameras_that_see_a_zone(
        tmp_path, privacy, language, m2, line):
    scenario = town(tmp_path / "t", extra=f'[constraints]\nprivacy = "{privacy}"\n')
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, register, report = planned(tmp_path, scenario)
    assert register.iloc[0]["privacy_zone_m2_at_privacy_level"] == m2
    assert line in report


def test_the_record_says_when_there_are_no_privacy_zones(tmp_path):
    scenario = town(tmp_path / "t", zones=())
    scenario.write_text('language = "sv"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, _, report = planned(tmp_path, scenario)
    assert ("Integritetsregel (`constraints.privacy` = \"exclude\"): ett kameraalternativ som ser "
            "någon del av en integritetszon på nivån observera eller bättre tas inte med i "
            "planen. Scenariot har inga integritetszoner (`data.privacy_zones`): regeln skyddar "
            "ingen bostad eller trädgård.") in report


@pytest.mark.parametrize(
    ("language", "line"),
    [("en", "Also for the municipality to assess before the cameras start: whether the "
            "surveillance needs a data protection impact assessment (GDPR art. 35(3)(c) names "
            "systematic monitoring of a publicly accessible area on a large scale), seeking the "
            "advice of its data protection officer (art. 35(2)). The planner does not make that "
            "assessment."),
     ("sv", "Kommunen behöver också bedöma innan kamerorna tas i drift om bevakningen kräver en "
            "konsekvensbedömning avseende dataskydd (GDPR art. 35.3 c nämner systematisk "
            "övervakning i stor omfattning av en allmänt tillgänglig plats), och då inhämta råd "
            "från sitt dataskyddsombud (art. 35.2). Planeraren gör inte den bedömningen.")],
)
def test_the_record_asks_for_the_impact_assessment_to_be_assessed(tmp_path, language, line):
    scenario = town(tmp_path / "t")
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, _, report = planned(tmp_path, scenario)
    record = report.split("\n## ")[3]  # (the record: after the summary, areas and cameras)
    assert f"\n\n{line}\n\n" in record


@pytest.mark.parametrize(
    ("language", "line"),
    # (one new camera is spoken of as one: "1 of the 1 new cameras sees a privacy zone, 400.0 m²
    # summed over the cameras, and 1 sees residential façades, 1 summed over the cameras")
    [("en", "In its whole view (from detect level: anything the camera shows) the new camera "
            "sees 400.0 m² of privacy zones and 1 residential façade; in the register "
            "(plan.xlsx's Cameras sheet and register.csv, columns privacy_zone_m2_in_view and "
            "residential_facades_in_view)."),
     ("sv", "I hela bilden (från nivån upptäcka: allt som kameran visar) ser den nya kameran "
            "400,0 m² integritetszon och 1 bostadsfasad; i förteckningen (bladet Kameror i "
            "plan.xlsx, kolumnerna Integritetszon i bild (m²) och Bostadsfasader i bild).")],
)
def test_the_record_sums_the_privacy_zones_and_facades_in_the_whole_view(tmp_path, language,
                                                                          line):
    # the rule's line had said only "no new camera sees a privacy zone at observe level" while
    # most new cameras saw zones at detect level; the totals are the register's, summed
    scenario = town(tmp_path / "t", extra='[constraints]\nprivacy = "off"\n')
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, register, report = planned(tmp_path, scenario)
    assert register.iloc[0]["privacy_zone_m2_in_view"] == 400.0  # (the whole garden)
    assert f"\n\n{line}\n\n" in report


@pytest.mark.parametrize(
    ("language", "line"),
    [("en", "The register to read is plan.xlsx's Cameras sheet; register.csv, for scripts and "
            "GIS, is the same in every language (English column names and codes)."),
     ("sv", "Förteckningen på svenska är bladet Kameror i plan.xlsx; register.csv, för skript "
            "och GIS, är densamma på alla språk (engelska kolumnnamn och koder).")],
)
def test_the_record_says_which_register_is_for_reading(tmp_path, language, line):
    # register.csv is language-neutral; a Swedish reader had found English codes in it and no
    # word of the Swedish register (plan.xlsx's Kameror sheet)
    scenario = town(tmp_path / "t", extra='[surveillance]\npurpose = "Att förebygga brott"\n')
    scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                        encoding="utf-8")
    _, register, report = planned(tmp_path, scenario)
    assert line in report.split("\n## ")[3]
    # (the purpose, a colon, the areas in view: as the README's example says)
    assert register.iloc[0]["purpose"] == "Att förebygga brott: Testby"


def test_the_whole_view_totals_agree_with_their_counts():
    # two cameras "see" a zone, one "sees" façades (it had read "1 see residential façades");
    # an existing camera is not counted; all together (each m² and home once) first, then the
    # register's sums, where what two cameras see counts twice
    from planner._report_markdown import _seen_anywhere_lines

    register = pd.DataFrame({"status": ["new", "new", "new", "existing"],
                             "privacy_zone_m2_in_view": [12.5, 0.0, 3.1, 50.0],
                             "residential_facades_in_view": [0, 0, 4, 9]})
    totals = {"privacy_zone_m2_in_view": 14.2, "residential_facades_in_view": 4}
    assert _seen_anywhere_lines(register, totals, "en") == [
        "In their whole view (from detect level: anything the camera shows) 2 of the 3 new "
        "cameras see a privacy zone, 14.2 m² of privacy zones all together (each m² once; "
        "15.6 m² summed over the cameras, where a zone two cameras see counts twice), and 1 sees "
        "residential façades, those of 4 residential buildings all together; per camera in the "
        "register (plan.xlsx's Cameras sheet and register.csv, columns privacy_zone_m2_in_view "
        "and residential_facades_in_view).", ""]
    assert _seen_anywhere_lines(register, totals, "sv")[0] == (
        "I hela bilden (från nivån upptäcka: allt som kameran visar) ser 2 av de 3 nya kamerorna "
        "en integritetszon, sammanlagt 14,2 m² integritetszon (varje m² en gång; 15,6 m² "
        "summerat över kamerorna, där en zon som två kameror ser räknas två gånger), och 1 ser "
        "bostadsfasader, sammanlagt fasaderna på 4 bostadshus; per kamera i förteckningen "
        "(bladet Kameror i plan.xlsx, kolumnerna Integritetszon i bild (m²) och Bostadsfasader "
        "i bild).")


@pytest.mark.parametrize(("zones", "facades", "en", "sv"), [
    ([0.0, 0.0], [0, 0],
     "none of the 2 new cameras sees a privacy zone, and none sees a residential façade;",
     "ser ingen av de 2 nya kamerorna någon integritetszon, och ingen ser någon bostadsfasad;"),
    ([2.0, 3.5], [1, 2],
     "all 2 new cameras see a privacy zone, 5.0 m² of privacy zones all together (each m² "
     "once; 5.5 m² summed over the cameras, where a zone two cameras see counts twice), and all "
     "see residential façades, those of 2 residential buildings all together (each once; 3 "
     "summed over the cameras);",
     "ser alla 2 nya kameror en integritetszon, sammanlagt 5,0 m² integritetszon (varje m² en "
     "gång; 5,5 m² summerat över kamerorna, där en zon som två kameror ser räknas två gånger), "
     "och alla ser bostadsfasader, sammanlagt fasaderna på 2 bostadshus (varje hus en gång; 3 "
     "summerat över kamerorna);"),
    ([2.0, 0.0], [0, 0],
     "1 of the 2 new cameras sees a privacy zone, 2.0 m² of privacy zones all together, and "
     "none sees a residential façade;",
     "ser 1 av de 2 nya kamerorna en integritetszon, sammanlagt 2,0 m² integritetszon, och "
     "ingen ser någon bostadsfasad;"),
])
def test_the_whole_view_counts_none_and_all_in_words(zones, facades, en, sv):
    # ("0 of the 2 new cameras see a privacy zone, 0.0 m² summed over the cameras" and "2 of the
    # 2" had stood; a zone no two cameras see is not counted twice)
    from planner._report_markdown import _seen_anywhere_lines

    register = pd.DataFrame({"status": ["new", "new"], "privacy_zone_m2_in_view": zones,
                             "residential_facades_in_view": facades})
    totals = {"privacy_zone_m2_in_view": 5.0 if zones[1] else 2.0,
              "residential_facades_in_view": 2 if facades[0] else 0}
    said = [_seen_anywhere_lines(register, totals, language)[0] for language in ("en", "sv")]
    assert [line.split(") ", 1)[1].split(" per ", 1)[0] for line in said] == [en, sv]


def _overlapping_plan():
    """The map tests' toy plan with two new cameras over one zone and two homes, by hand.

    Zone x 0..20, y 0..10 (200 m²) at the toy plan's origin; C001 sees x -5..12 of it (120 m²),
    C002 x 8..20 (120 m²): 240 m² summed, 200 m² all together. Home H1 (x 5..15, y 12..18) is
    in both views, H2 (x -4..-1) in C001's only: 3 façades summed, 2 homes. At observe level
    C001 sees x 0..4, y 0..4 of the zone (16 m²), C002 none of it, and no home.
    """
    from dataclasses import replace

    from tests.test_maps import X0, Y0, toy_plan

    def at(x0, y0, x1, y1):
        return box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)

    plan = toy_plan()
    views = gpd.GeoDataFrame(
        {"option_id": ["opt-1", "opt-2", "opt-1", "opt-2"], "level": [1, 1, 2, 2]},
        geometry=[at(-5, -5, 12, 20), at(8, -5, 30, 20), at(-5, -5, 4, 4),
                  at(100, 100, 110, 110)], crs=plan.crs)
    buildings = gpd.GeoDataFrame({"building_id": ["H1", "H2"], "kind": ["residential"] * 2},
                                 geometry=[at(5, 12, 15, 18), at(-4, 15, -1, 18)], crs=plan.crs)
    zones = gpd.GeoDataFrame({"zone_id": ["Z"], "kind": ["garden"]}, geometry=[at(0, 0, 20, 10)],
                             crs=plan.crs)
    # (what write_plan's report.md needs beyond the map tests' summary)
    summary = {**plan.summary, "remaining_sek": 0.0, "covered_share_before": 0.0}
    return replace(plan, views=views, buildings=buildings, privacy_zones=zones, summary=summary)


def test_privacy_in_all_counts_each_square_metre_and_home_once():
    # the register's per-camera figures summed count the zone's 40 m² both cameras see twice
    # and the home both see twice; the whole is what a data-protection impact assessment quotes
    from planner._report_register import camera_register, privacy_in_all

    plan = _overlapping_plan()
    register = camera_register(plan)
    new = register[register["status"] == "new"]
    assert new["privacy_zone_m2_in_view"].tolist() == [120.0, 120.0]
    assert new["residential_facades_in_view"].tolist() == [2, 1]
    assert new["view_m2"].tolist() == [425.0, 550.0]  # (17 x 25 and 22 x 25 m)
    assert privacy_in_all(plan) == {
        "view_m2": 875.0,  # (the two views overlap by 4 x 25 m)
        "privacy_zone_m2_in_view": 200.0, "residential_facades_in_view": 2,
        "privacy_zone_m2_at_privacy_level": 16.0, "residential_facades_at_privacy_level": 0}


def test_every_output_gives_the_same_whole(tmp_path):
    # summary.json, plan.xlsx's summary, report.md and the map's panel give the whole (200.0 m²,
    # 2 homes) and say what the register's sums (240.0 m², 3) count; the panel had given the
    # sums alone, without saying that a zone two cameras see counts twice
    import openpyxl

    from planner.report import write_plan

    out = write_plan(_overlapping_plan(), tmp_path / "out")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {k: summary[k] for k in ("view_m2", "privacy_zone_m2_in_view",
                                    "residential_facades_in_view",
                                    "privacy_zone_m2_at_privacy_level",
                                    "residential_facades_at_privacy_level")} == {
        "view_m2": 875.0, "privacy_zone_m2_in_view": 200.0, "residential_facades_in_view": 2,
        "privacy_zone_m2_at_privacy_level": 16.0, "residential_facades_at_privacy_level": 0}
    sheet = openpyxl.load_workbook(out / "plan.xlsx")["Summary"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert rows["privacy_zone_m2_in_view (the new cameras' whole views, each m² once)"] == 200.0
    assert rows["residential_facades_in_view (residential buildings, each once)"] == 2
    assert rows["privacy_zone_m2_at_privacy_level (the new cameras, each m² once)"] == 16.0
    assert rows["view_m2 (the new cameras' whole views by day, each m² once)"] == 875.0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("The new cameras record 875 m² by day all together (their whole views, from detect "
            "level, line of sight applied; each m² once, 975 m² summed over the cameras); per "
            "camera in the register, column view_m2.") in report
    assert ("all 2 new cameras see a privacy zone, 200.0 m² of privacy zones all together (each "
            "m² once; 240.0 m² summed over the cameras, where a zone two cameras see counts "
            "twice), and all see residential façades, those of 2 residential buildings all "
            "together (each once; 3 summed over the cameras);") in report
    assert ("New cameras that see a privacy zone at observe level or better (1): C001; 16.0 m² "
            "of privacy zones all together (each m² once).") in report
    page = (out / "map.html").read_text(encoding="utf-8")
    # (all together: 200.0 m² and 2 homes, where the register's sums are 240.0 m² and 3)
    assert ("1 of 2 at observe or better (16.0 m\\u00b2); 2 of 2 from detect (200.0 m\\u00b2, "
            "2 homes)") in page
    # plan.gpkg's privacy_zones: the zone with the cameras that see it, where the register
    # gives each camera's m² (C001 120 and 16 at observe, C002 120 and 0; the existing C003 has
    # no view here)
    zones = gpd.read_file(out / "plan.gpkg", layer="privacy_zones", engine="pyogrio")
    assert zones.drop(columns="geometry").to_dict("records") == [
        {"zone_id": "Z", "kind": "garden", "cameras_in_view": "C001, C002",
         "cameras_at_privacy_level": "C001"}]
    assert zones.crs == "EPSG:3006" and zones.area.tolist() == [200.0]


@pytest.mark.parametrize(("status", "en", "sv"), [
    (["new", "new", "existing"],
     "The new cameras record 1,120 m² by day all together (their whole views, from detect level, "
     "line of sight applied; each m² once, 1,500 m² summed over the cameras); per camera in the "
     "register, column view_m2.",
     "De nya kamerorna spelar sammanlagt in 1\u202f120 m² dagtid (hela bilden, från nivån upptäcka, "
     "med det som byggnader skymmer borträknat; varje m² en gång, 1\u202f500 m² summerat över "
     "kamerorna); per kamera i förteckningen, kolumnen Upptagningsområde dagtid (m²)."),
    (["new", "existing", "existing"],
     "The new camera records 1,120 m² by day (its whole view, from detect level, line of sight "
     "applied); in the register, column view_m2.",
     "Den nya kameran spelar in 1\u202f120 m² dagtid (hela bilden, från nivån upptäcka, med det som "
     "byggnader skymmer borträknat); i förteckningen, kolumnen Upptagningsområde dagtid (m²)."),
])
def test_the_record_gives_the_area_the_new_cameras_record(status, en, sv):
    # the register had the ranges of each camera but no area watched, all together or each
    from planner._report_markdown import _seen_anywhere_lines

    register = pd.DataFrame({"status": status, "view_m2": [1000.0, 500.0, 9000.0],
                             "privacy_zone_m2_in_view": [0.0] * 3,
                             "residential_facades_in_view": [0] * 3})
    totals = {"view_m2": 1120.0, "privacy_zone_m2_in_view": 0.0, "residential_facades_in_view": 0}
    assert [_seen_anywhere_lines(register, totals, language)[:2]
            for language in ("en", "sv")] == [[en, ""], [sv, ""]]
