"""``planner evaluate``: the cameras of a file (an edited plan, a proposal) scored as they are."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from planner import load_scenario
from planner._plan_given import read_given_cameras
from planner._plan_problem import _problem
from planner.cli import main
from planner.errors import InputError
from planner.optimize import validate_plan
from planner.plan import evaluate, prepare
from planner.report import write_plan
from tests.conftest import sites_with_old_camera, write_town
from tests.test_evaluate import DAY

# The town's plan: one dome (30,000 SEK with its mount and five years, the whole budget) on
# lamp-1, facing east (90°), worth DAY by hand (tests/test_evaluate.py).


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_town(tmp_path_factory.mktemp("town"))


@pytest.fixture(scope="module")
def planned(town: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("planned") / "plan"
    assert main(["-q", "plan", str(town), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def swedish(town: Path) -> Path:
    """The town's scenario in Swedish (its plan.xlsx, report.md and line in Swedish)."""
    out = town.with_name("scenario_sv.toml")
    out.write_text('language = "sv"\n' + town.read_text(encoding="utf-8"), encoding="utf-8")
    return out


def evaluated(town: Path, cameras: Path, out: Path, *extra: str) -> dict:
    assert main(["-q", "evaluate", str(town), "--cameras", str(cameras), "--out", str(out),
                 *extra]) == 0
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("given", ["cameras.geojson", "register.csv", "plan.gpkg", "plan.xlsx"])
def test_a_plans_own_cameras_give_the_same_plan_as_given(town, planned, tmp_path, given):
    summary = evaluated(town, planned / given, tmp_path / "out")
    plan = json.loads((planned / "summary.json").read_text(encoding="utf-8"))
    assert summary["objective"] == pytest.approx(plan["objective"], abs=1e-9)
    assert summary["objective"] == pytest.approx(DAY, abs=1e-9)
    assert (summary["status"], summary["bound"], summary["gap"]) == ("evaluated", None, None)
    for name in ("cameras.geojson", "views.geojson", "areas.geojson", "register.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (planned / name).read_bytes(), name
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "- Not optimised: the cameras of a given plan scored under this scenario" in report


def test_a_proposal_written_in_a_swedish_spreadsheet_is_scored_by_hand(town, tmp_path, capsys):
    # semicolons and a decimal comma, as a Swedish Excel saves a CSV; the camera named by the
    # file's own label; the bearing 90.0 written to a tenth
    proposal = tmp_path / "forslag.csv"
    proposal.write_text("camera;site_id;model;orientation_deg\nP1;lamp-1;dome;90,0\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["evaluate", str(town), "--cameras", str(proposal), "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["objective"] == pytest.approx(DAY, abs=1e-9)
    assert summary["spent_sek"] == 30_000.0
    assert capsys.readouterr().out == (
        f"tiny: 1 new + 0 existing cameras, costing 30,000 of 30,000 SEK, covered "
        f"{100 * summary['covered_share']:.1f} % (before 0.0 %), scored as given (not "
        f"optimised) -> {out}\n")


def test_a_proposal_over_the_budget_is_scored_and_the_budget_noted(town, tmp_path, caplog):
    proposal = tmp_path / "two.csv"
    proposal.write_text("site_id,model,orientation_deg\nlamp-1,dome,90\nlamp-1,dome,0\n",
                        encoding="utf-8")
    assert main(["evaluate", str(town), "--cameras", str(proposal), "--out",
                 str(tmp_path / "out")]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["spent_sek"] == 60_000.0 and summary["n_cameras_new"] == 2
    assert summary["objective"] > DAY  # (the north camera adds what the east one misses)
    broken = ("the evaluated cameras break a rule of the scenario: they cost 60,000 SEK, more "
              "than budget.total_sek = 30,000 SEK")
    assert broken in summary["notes"]
    assert f"{proposal}: {broken}" in caplog.messages  # (on the console too, naming the file)


@pytest.mark.parametrize(("text", "message"), [
    ("site_id,model\nlamp-1,dome\n",
     "no column orientation_deg; give each camera its site_id (the mount), model (the catalogue "
     "id) and orientation_deg (grid bearing, as cameras.geojson and register.csv have it), and "
     "hfov_deg for a varifocal model"),
    ("site_id,model,orientation_deg\nlamp-11,dome,90\n",
     "1 camera(s) cannot be scored: line 2: mount 'lamp-11' is not in the sites layer "
     "(sites.gpkg) (did you mean 'lamp-1'?)"),
    ("site_id,model,orientation_deg\nlamp-1,bullet,90\n",
     "1 camera(s) cannot be scored: line 2: model 'bullet' is not in the catalogue; on lamp-1 "
     "give one of dome"),
    ("site_id,model,orientation_deg,hfov_deg\nlamp-1,dome,90,60\n",
     "1 camera(s) cannot be scored: line 2: model dome has no zoom setting 60°; give hfov_deg, "
     "one of 90"),
    ("site_id,model,orientation_deg\nlamp-1,dome,100\n",
     "1 camera(s) cannot be scored: line 2: no camera faces 100° here: this scenario's dome on "
     "lamp-1 faces every 90° (coverage.orientations = 4); the nearest are 90° and 180°"),
    ("site_id,model,orientation_deg\nlamp-1,dome,east\n",
     "1 camera(s) cannot be scored: line 2: orientation_deg 'east' is not a number of degrees; "
     "give the grid bearing, as 90 or 226.1"),
    ("site_id,model,orientation_deg\nlamp-1,dome,90\n\nlamp-1,dome,450\n",
     "1 camera(s) cannot be scored: line 4: the same camera as line 2 (each camera once)"),
    ("site_id,model,orientation_deg,status\nlamp-1,dome,90,existing\n",
     "no new camera (every row is an existing camera); list the new cameras to score, one per "
     "row"),
])
def test_a_camera_that_cannot_be_scored_is_named_by_its_line(town, tmp_path, capsys, text,
                                                             message):
    proposal = tmp_path / "proposal.csv"
    proposal.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["evaluate", str(town), "--cameras", str(proposal), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"planner: error: {proposal}: {message}\n"
    assert not out.exists()  # (nothing half-written)


def test_a_mount_out_of_reach_or_filled_takes_no_camera(tmp_path, capsys):
    sites = sites_with_old_camera()
    far = sites.iloc[[1]].assign(site_id="far")
    far["geometry"] = far.geometry.translate(1_000.0, 0.0)  # (1 km east: no area in sight)
    town = write_town(tmp_path / "town", sites=pd.concat([sites, far], ignore_index=True))
    proposal = tmp_path / "proposal.csv"
    proposal.write_text("site_id,model,orientation_deg\nfar,dome,90\n", encoding="utf-8")
    out = ["--out", str(tmp_path / "out")]
    assert main(["-q", "evaluate", str(town), "--cameras", str(proposal), *out]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {proposal}: 1 camera(s) cannot be scored: line 2: mount 'far' lies "
        "outside the study area (more than 50 m from every area), which every plan leaves "
        "out\n")
    # a mount in the study area beyond the longest reach of every planned area
    proposal.write_text("site_id,model,orientation_deg\nlamp-1,dome,90\n", encoding="utf-8")
    assert main(["-q", "evaluate", str(town), "--set", 'demand.areas=["west"]', "--cameras",
                 str(proposal), *out]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {proposal}: 1 camera(s) cannot be scored: line 2: mount 'lamp-1' "
        "takes no new camera in this scenario (out of reach of every planned area, or its "
        "existing camera fills it)\n")
    # the register's row of the existing camera is left out (the sites layer gives it); a new
    # camera beside it on its mount (max_cameras 1) only where the scenario replaces it
    proposal.write_text("site_id,model,orientation_deg,status\nold,dome,270,existing\n"
                        "old,dome,90,new\n", encoding="utf-8")
    assert main(["-q", "evaluate", str(town), "--cameras", str(proposal), *out]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: 1 camera(s) are excluded by the scenario's "
        "constraints.remove_existing/replace_existing: line 3 (dome at old, 90°); drop them "
        "from the cameras or evaluate under a scenario that allows them\n")


def test_every_problem_is_told_at_once(town, tmp_path, capsys):
    proposal = tmp_path / "proposal.csv"
    proposal.write_text("site_id,model,orientation_deg\n" + "".join(
        f"lamp-{k},dome,90\n" for k in range(3, 8)), encoding="utf-8")
    assert main(["-q", "evaluate", str(town), "--cameras", str(proposal), "--out",
                 str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"planner: error: {proposal}: 5 camera(s) cannot be scored: line 2: "
                          "mount 'lamp-3' is not in the sites layer")
    assert err.count("is not in the sites layer") == 3 and err.endswith(" …\n")


def test_a_camera_dragged_off_its_mount_in_a_gis_is_refused(town, planned, tmp_path, capsys):
    cameras = gpd.read_file(planned / "cameras.geojson")
    moved = cameras.to_crs("EPSG:3006")
    moved["geometry"] = moved.geometry.translate(0.0, 12.0)
    edited = tmp_path / "edited.gpkg"
    moved.to_file(edited, layer="cameras", engine="pyogrio")
    assert main(["-q", "evaluate", str(town), "--cameras", str(edited), "--out",
                 str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "1 camera(s) stand elsewhere than their mount" in err
    assert "feature 1, C001 (dome at lamp-1, 90°) 12.0 m from lamp-1" in err


def test_the_output_folder_may_not_hold_the_cameras_file(town, planned, tmp_path, capsys):
    import shutil

    folder = shutil.copytree(planned, tmp_path / "planned")  # (others read the module's plan)
    before = (folder / "register.csv").read_bytes()
    assert main(["-q", "evaluate", str(town), "--cameras", str(folder / "register.csv"),
                 "--out", str(folder)]) == 2
    assert "holds the cameras file" in capsys.readouterr().err
    assert (folder / "register.csv").read_bytes() == before


def test_the_line_is_in_the_scenarios_language(swedish, planned, tmp_path, capsys):
    out = tmp_path / "ut"
    assert main(["evaluate", str(swedish), "--cameras", str(planned / "register.csv"),
                 "--out", str(out)]) == 0
    line = capsys.readouterr().out
    assert line.startswith("tiny: 1 ny kamera + 0 befintliga, kostar 30 000 av 30 000 kr, ")
    assert line.endswith(f"bedömd som given (inte optimerad) -> {out}\n")


def test_a_proposal_beside_the_best_plan_in_compare(town, tmp_path, capsys):
    # the police's proposal, the dome facing north, beside the scenario's proven best plan (the
    # dome facing east, DAY): the difference is exact, B's bound none (nothing was optimised)
    proposal = tmp_path / "police.csv"
    proposal.write_text("site_id,model,orientation_deg\nlamp-1,dome,0\n", encoding="utf-8")
    out = tmp_path / "cmp"
    assert main(["compare", str(town), str(town), "--cameras-b", str(proposal), "--out",
                 str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    north = json.loads((out / "b" / "summary.json").read_text(encoding="utf-8"))["objective"]
    assert 0 < north < DAY
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert row["objective_a"] == pytest.approx(DAY, abs=1e-5)
    assert (row["status_a"], row["status_b"]) == ("optimal", "evaluated")
    assert pd.isna(row["bound_b"]) and pd.isna(row["gap_b"])
    assert row["change"] == row["change_low"] == row["change_high"] == pytest.approx(
        north - DAY, abs=1e-5)
    assert bool(row["established"])
    verdict = ("B is given cameras scored as they are, its objective its own best: the range "
               "compares them with A's best plan. The other plan is proven optimal: the "
               "difference is exact.")
    assert printed[1].startswith("B tiny: 1 new + 0 existing cameras, costing 30,000 of ")
    assert printed[2] == f"Objective B - A: {north - DAY:,.1f}. {verdict}"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| Proven bound | 162.2 | – |" in report
    assert "| Status | optimal | evaluated (given cameras) |" in report
    assert f"- {verdict}" in report
    # the other way round, A given: B's best plan against A's cameras
    assert main(["-q", "compare", str(town), str(town), "--cameras-a", str(proposal), "--out",
                 str(tmp_path / "cmp2")]) == 0
    row = pd.read_csv(tmp_path / "cmp2" / "difference.csv").iloc[0]
    assert row["change"] == pytest.approx(DAY - north, abs=1e-5) and bool(row["established"])
    assert pd.isna(row["bound_a"]) and row["bound_b"] == pytest.approx(DAY, abs=1e-5)
    # two proposals side by side: each its own best, the difference exact
    east = tmp_path / "east.csv"
    east.write_text("site_id,model,orientation_deg\nlamp-1,dome,90\n", encoding="utf-8")
    assert main(["-q", "compare", str(town), str(town), "--cameras-a", str(east),
                 "--cameras-b", str(proposal), "--out", str(tmp_path / "cmp3")]) == 0
    row = pd.read_csv(tmp_path / "cmp3" / "difference.csv").iloc[0]
    assert row["change"] == pytest.approx(north - DAY, abs=1e-5) and bool(row["established"])
    assert ("- A and B are given cameras, each scored as it is: the difference is exact."
            in (tmp_path / "cmp3" / "report.md").read_text(encoding="utf-8"))


# plan.xlsx given back, edited in Excel: its camera register sheet (Cameras, or Swedish Kameror)
# read through the headings the writer heads it with. (The workbooks to edit are written in
# the test without their map, which the files compared do not need: the time of a full write.)

COMPARED = ("cameras.geojson", "views.geojson", "areas.geojson", "register.csv")


@pytest.fixture(scope="module")
def prepared(town: Path):
    return prepare(load_scenario(town))


def domes(prepared, *bearings: float) -> list[int]:
    """The options of the new dome on lamp-1 facing ``bearings``, in that order."""
    options = prepared.options[~prepared.existing]
    return [int(options.loc[(options["site_id"] == "lamp-1")
                            & (options["orientation_deg"] == b), "option_id"].item())
            for b in bearings]


def written(prepared, options: list[int], out: Path, scenario=None) -> Path:
    """The plan of ``options`` scored and written to ``out`` (no map); its plan.xlsx."""
    write_plan(evaluate(prepared, options, scenario), out,
               render=lambda plan, path: path.write_text("", encoding="utf-8"))
    return out / "plan.xlsx"


def edit_sheet(workbook: Path, out: Path, edit) -> Path:
    """``workbook`` saved as ``out`` after ``edit(sheet, column of heading)`` on its cameras."""
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[1]
    edit(sheet, {cell.value: cell.column for cell in sheet[1]})
    book.save(out)
    return out


def _bearing(value, *, row=2, heading="orientation_deg"):
    """An edit typing ``value`` in the first camera's cell under ``heading`` (its bearing).

    ``row=3``: with an empty row above it, so that it is Excel's row 3.
    """
    def edit(sheet, at):
        if row == 3:
            sheet.insert_rows(2)  # (a row emptied above it)
        sheet.cell(row, at[heading]).value = value
    return edit


def test_a_swedish_plan_xlsx_given_back_gives_the_same_plan(swedish, planned, prepared,
                                                             tmp_path):
    first = written(prepared, domes(prepared, 90.0), tmp_path / "first",
                    load_scenario(swedish))
    book = openpyxl.load_workbook(first, read_only=True)
    assert book.sheetnames == ["Sammanfattning", "Kameror", "Områden"]
    book.close()
    again = tmp_path / "again"
    summary = evaluated(swedish, first, again)
    assert summary["objective"] == pytest.approx(DAY, abs=1e-9)
    for name in (*COMPARED, "plan.xlsx", "report.md"):
        assert (again / name).read_bytes() == (first.parent / name).read_bytes(), name
    for name in COMPARED:  # (the data files: the same in every language, as the plan's own)
        assert (again / name).read_bytes() == (planned / name).read_bytes(), name
    # a problem named by the Swedish sheet and heading the coordinator sees
    edited = edit_sheet(first, tmp_path / "andrad.xlsx", _bearing(
        "öster", heading="Riktning från kartnord (°)"))
    with pytest.raises(InputError) as error:
        read_given_cameras(edited, prepared, where="andrad.xlsx")
    assert str(error.value) == (
        "andrad.xlsx: 1 camera(s) cannot be scored: sheet Kameror, row 2, C001: Riktning från "
        "kartnord (°) 'öster' is not a number of degrees; give the grid bearing, as 90 or 226.1")
    # the camera turned south in the words from true north, which the sheet gives first, but
    # not in the grid bearing scored: refused, not scored facing east as before
    edited = edit_sheet(first, tmp_path / "vriden.xlsx", _bearing(
        "181,0° (S)", heading="Riktning (från geografisk nord)"))
    with pytest.raises(InputError) as error:
        read_given_cameras(edited, prepared, where="vriden.xlsx")
    assert str(error.value) == (
        "vriden.xlsx: 1 camera(s) cannot be scored: sheet Kameror, row 2, C001: Riktning från "
        "kartnord (°) 90 (the grid bearing, the one scored) faces 91.0° from true north, but "
        "Riktning (från geografisk nord) says '181,0° (S)'; make them agree (turn a camera by "
        "Riktning från kartnord (°)) or clear Riktning (från geografisk nord)")


def test_a_camera_deleted_in_the_workbook_is_scored_without_it(town, prepared, tmp_path):
    # the dome facing north (C001) and east (C002); the north row deleted in Excel and the
    # east one's bearing typed as the sheet words it: the east camera alone, worth DAY
    two = written(prepared, domes(prepared, 90.0, 0.0), tmp_path / "two")

    def drop_north(sheet, at):
        assert [sheet.cell(r, at["orientation_deg"]).value for r in (2, 3)] == [0, 90]
        sheet.delete_rows(2)
        sheet.cell(2, at["orientation_deg"]).value = "90.0° (E)"

    edited = edit_sheet(two, tmp_path / "edited.xlsx", drop_north)
    summary = evaluated(town, edited, tmp_path / "out")
    assert summary["n_cameras_new"] == 1 and summary["spent_sek"] == 30_000.0
    cameras = gpd.read_file(tmp_path / "out" / "cameras.geojson")
    assert cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-1", 90.0]]
    assert summary["objective"] == pytest.approx(DAY, abs=1e-9)  # (summary.json: 9 decimals)
    check = validate_plan(_problem(prepared.scenario, prepared), domes(prepared, 90.0))
    assert summary["objective"] == pytest.approx(check.objective, abs=1e-9)
    assert check.objective < validate_plan(_problem(prepared.scenario, prepared),
                                           domes(prepared, 90.0, 0.0)).objective


def test_a_row_hidden_in_excel_is_scored_and_said_to_be(prepared, tmp_path, caplog):
    # a coordinator who hides (or filters out) a camera's row may mean to leave it out: the
    # rows the file holds are scored, and the console names the hidden ones and the fix
    two = written(prepared, domes(prepared, 90.0, 0.0), tmp_path / "two")

    def hide_north(sheet, at):
        sheet.row_dimensions[2].hidden = True

    edited = edit_sheet(two, tmp_path / "hidden.xlsx", hide_north)
    caplog.clear()
    with caplog.at_level("WARNING", logger="planner"):
        given = read_given_cameras(edited, prepared, where="hidden.xlsx")
    assert given["orientation_deg"].tolist() == [0.0, 90.0]  # (both rows, in the sheet's order)
    assert [r.getMessage() for r in caplog.records] == [
        "hidden.xlsx: sheet Cameras, row 2 is hidden in Excel (a filter or Hide) and scored as "
        "the others; delete a row to leave its camera out"]
    caplog.clear()
    read_given_cameras(two, prepared, where="two.xlsx")  # (nothing hidden: nothing said)
    assert caplog.records == []


@pytest.mark.parametrize(("edit", "message"), [
    (lambda sheet, at: setattr(sheet, "title", "Kameror 2"),
     "no sheet 'Cameras' or 'Kameror' (the camera register) among 'Summary', 'Kameror 2', "
     "'Areas'; give a plan's plan.xlsx with its camera register sheet, named as the plan named "
     "it"),
    (lambda sheet, at: sheet.delete_cols(at["model"]),
     "sheet Cameras, row 1: no heading 'model'; give each camera's mount, model and grid "
     "bearing under the headings the plan wrote (put back or rename the column)"),
    (lambda sheet, at: setattr(sheet.cell(1, at["x"]), "value", "site_id"),
     "sheet Cameras, row 1: two columns headed 'site_id' (B and H); delete one of them"),
    (lambda sheet, at: setattr(sheet.cell(1, at["note"]), "value", "change"),
     "sheet Cameras: a comparison's changes (the column 'change'), not a plan's cameras; give "
     "a plan's plan.xlsx (a comparison's a/plan.xlsx or b/plan.xlsx)"),
    (_bearing("=45*2"),
     "sheet Cameras: 1 formula cell(s) with no value saved: Q2 (orientation_deg: =45*2); open "
     "the workbook in Excel and save it (Excel calculates the formulas), or type the values"),
    (_bearing(0, heading="orientation_true_deg"),  # (turned north from true north only)
     "1 camera(s) cannot be scored: sheet Cameras, row 2, C001: orientation_deg 90 (the grid "
     "bearing, the one scored) faces 91.0° from true north, but orientation_true_deg says 0; "
     "make them agree (turn a camera by orientation_deg) or clear orientation_true_deg"),
    (_bearing(0),  # (turned north by the grid bearing only: the words still say east)
     "1 camera(s) cannot be scored: sheet Cameras, row 2, C001: orientation_deg 0 (the grid "
     "bearing, the one scored) faces 1.0° from true north, but orientation says '91.0° (E)'; "
     "make them agree (turn a camera by orientation_deg) or clear orientation"),
    (lambda sheet, at: setattr(sheet.cell(2, at["status"]), "value", "befintlig"),
     "no new camera (every row is an existing camera); list the new cameras to score, one per "
     "row"),
], ids=["sheet renamed", "heading deleted", "heading twice", "compare.xlsx",
        "formula not calculated", "turned from true north only", "turned by the grid bearing only",
        "Swedish status existing"])
def test_a_workbook_that_cannot_be_read_is_named_by_sheet_and_row(planned, prepared, tmp_path,
                                                                   edit, message):
    edited = edit_sheet(planned / "plan.xlsx", tmp_path / "edited.xlsx", edit)
    with pytest.raises(InputError) as error:
        read_given_cameras(edited, prepared, where="edited.xlsx")
    assert str(error.value) == f"edited.xlsx: {message}"


def test_the_command_refuses_a_workbook_in_one_line(town, planned, tmp_path, capsys):
    edited = edit_sheet(planned / "plan.xlsx", tmp_path / "edited.xlsx", _bearing("east", row=3))
    out = tmp_path / "out"
    assert main(["-q", "evaluate", str(town), "--cameras", str(edited), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {edited}: 1 camera(s) cannot be scored: sheet Cameras, row 3, C001: "
        "orientation_deg 'east' is not a number of degrees; give the grid bearing, as 90 or "
        "226.1\n")
    assert not out.exists()  # (nothing half-written)
    saved = tmp_path / "plan.xlsx"  # (a CSV saved under the workbook's name)
    saved.write_text("site_id,model,orientation_deg\nlamp-1,dome,90\n", encoding="utf-8")
    assert main(["-q", "evaluate", str(town), "--cameras", str(saved), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {saved}: cannot read the workbook (File is not a zip file); save it "
        "in Excel as an Excel Workbook (.xlsx)\n")
    assert not out.exists()
