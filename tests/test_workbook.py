"""The ``.xlsx`` workbooks: the CSVs' tables for Excel, typed and reproducible."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from planner.cli import main
from planner.workbook import write_workbook
from tests.conftest import write_town


def sheet_frame(path: Path, name: str) -> pd.DataFrame:
    sheet = load_workbook(path)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wb")
    scenario = write_town(root / "town", budget=60_000.0)
    assert main(["-q", "plan", str(scenario), "--out", str(root / "out")]) == 0
    return root / "out"


def test_plan_workbook_holds_summary_register_and_areas_as_the_other_outputs(planned):
    book = planned / "plan.xlsx"
    assert load_workbook(book).sheetnames == ["Summary", "Cameras", "Areas"]
    summary = json.loads((planned / "summary.json").read_text())
    items = dict(sheet_frame(book, "Summary").itertuples(index=False, name=None))
    assert items["objective"] == pytest.approx(summary["objective"], abs=1e-9)
    assert items["spent_sek"] == summary["spent_sek"] and items["status"] == summary["status"]
    assert items["n_cameras_new"] == summary["n_cameras_new"] == 2
    cameras = sheet_frame(book, "Cameras")
    register = with_costs(pd.read_csv(planned / "register.csv"), planned)
    # the register's columns, each camera's costs after its field of view
    assert list(cameras.columns) == list(register.columns)
    at = list(cameras.columns).index("hfov_deg")
    assert list(cameras.columns[at:at + 4]) == ["hfov_deg", "investment_sek", "yearly_sek",
                                                "cost_sek"]
    assert cameras[["investment_sek", "yearly_sek", "cost_sek"]].values.tolist() == [
        [25_000, 1_000, 30_000]] * 2
    assert cameras["camera"].tolist() == register["camera"].tolist() == ["C001", "C002"]
    for column in ("x", "y", "hfov_deg", "range_detect_m", "privacy_zone_m2_in_view"):
        assert cameras[column].tolist() == pytest.approx(register[column].tolist()), column
    areas = sheet_frame(book, "Areas")
    geo = gpd.read_file(planned / "areas.geojson")
    assert areas["area_id"].tolist() == geo["area_id"].tolist() == ["east", "west"]
    # numbers are numbers (a CSV in a Swedish Excel reads 0.5 as text or a date)
    assert areas["population"].tolist() == [600, 400]
    assert areas["covered_share_after"].tolist() == pytest.approx(
        geo["covered_share_after"].tolist())
    assert all(isinstance(v, float) for v in areas["covered_share_after"])


def with_costs(register: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``register.csv``'s rows with cameras.geojson's costs after ``hfov_deg``, as plan.xlsx.

    And the catalogue's name of each model after its id (``model_name``), as plan.xlsx.
    """
    cameras = gpd.read_file(folder / "cameras.geojson")
    out = register.copy()
    out.insert(list(out.columns).index("model") + 1, "model_name", cameras["model_name"])
    at = list(out.columns).index("hfov_deg") + 1
    for k, column in enumerate(("investment_sek", "yearly_sek", "cost_sek")):
        out.insert(at + k, column, cameras[column].to_numpy())
    return out


def test_workbook_is_the_same_bytes_for_the_same_plan(planned, tmp_path):
    scenario = write_town(tmp_path / "again", budget=60_000.0)
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "plan.xlsx").read_bytes() == (planned / "plan.xlsx").read_bytes()
    with zipfile.ZipFile(planned / "plan.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z</dcterms:modified>" in z.read("docProps/core.xml")


def test_text_is_text_formulas_are_not_formulas_and_missing_is_empty(tmp_path):
    frame = pd.DataFrame({
        "name": ["Västra Ängen", "=HYPERLINK(\"http://x\")", "+46 150", None],
        "count": pd.array([1, 2, None, 4], dtype="Int64"),
        "share": [0.25, float("nan"), 1.0, 0.0],
        "flag": [True, False, True, False],
    })
    frame["=note"] = ["Stolpe 12\x1b", "a\x0bb", "tab\there", "new\nline"]
    write_workbook([("A sheet name longer than thirty-one characters", frame)], tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["A sheet name longer than thirty"]
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E5"
    assert [c.data_type for c in sheet["A"][1:3]] == ["s", "s"]
    # a header that looks like a formula is text too (an areas column "=note")
    assert sheet["E1"].value == "=note" and sheet["E1"].data_type == "s"
    got = list(sheet.iter_rows(min_row=2, values_only=True))
    # control characters a workbook cannot hold are left out (ESC had failed the whole plan)
    assert got == [
        ("Västra Ängen", 1, 0.25, True, "Stolpe 12"),
        ("=HYPERLINK(\"http://x\")", 2, None, False, "ab"),
        ("+46 150", None, 1.0, True, "tab\there"),
        (None, 4, 0.0, False, "new\nline"),
    ]


def test_sweep_and_compare_write_their_tables_as_workbooks(tmp_path):
    scenario = write_town(tmp_path / "town", budget=30_000.0, extra=(
        "[variants.more]\n\"budget.total_sek\" = 60000\n"))
    sweep = tmp_path / "sweep"
    # (one process: the sweeps' worker pools are tests/test_sweep.py's)
    assert main(["-q", "sweep", str(scenario), "--budgets", "30000,60000", "--workers", "1",
                 "--out", str(sweep)]) == 0
    curve = sheet_frame(sweep / "curve.xlsx", "Curve")
    csv = pd.read_csv(sweep / "curve.csv")
    assert curve["budget_sek"].tolist() == csv["budget_sek"].tolist() == [30_000, 60_000]
    assert curve["objective"].tolist() == pytest.approx(csv["objective"].tolist())
    assert load_workbook(sweep / "curve.xlsx").sheetnames == ["Curve", "Marginal", "Areas"]
    cmp = tmp_path / "cmp"
    assert main(["-q", "compare", str(scenario), f"{scenario}#more", "--out", str(cmp)]) == 0
    areas = sheet_frame(cmp / "compare.xlsx", "Areas")
    assert areas["area_id"].tolist() == pd.read_csv(cmp / "areas.csv")["area_id"].tolist()
    cams = sheet_frame(cmp / "compare.xlsx", "Cameras")
    assert cams["change"].tolist() == pd.read_csv(cmp / "cameras.csv")["change"].tolist()


def test_a_control_character_in_a_note_does_not_stop_the_plan(tmp_path):
    """A site note ending in ESC had failed the whole plan at the workbook (exit 1)."""
    from shapely.geometry import Point

    from tests.conftest import CRS, X0, Y0

    sites = gpd.GeoDataFrame(
        {"site_id": ["lamp-1"], "mount_type": ["lamp_post"], "install_cost_sek": [10_000.0],
         "max_cameras": [1], "note": ["Stolpe 12\x1b"]},
        geometry=[Point(X0 - 1, Y0)], crs=CRS)
    scenario = write_town(tmp_path / "t", sites=sites)
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    cameras = sheet_frame(tmp_path / "out" / "plan.xlsx", "Cameras")
    assert cameras["note"].tolist() == ["Stolpe 12"]
    assert pd.read_csv(tmp_path / "out" / "register.csv")["note"].tolist() == ["Stolpe 12\x1b"]


#: The number format each column shows (by its English name, the CSVs'); any other is General.
FORMATS = {
    **dict.fromkeys(("covered_share", "covered_share_before", "covered_share_after",
                     "seen_share", "seen_share_after", "share_a",
                     "share_b", "smallest_share", "best_smallest_share", "best_covered_share",
                     # (a day sweep's and rollout's cameras at night)
                     "covered_share_night"),
                    "0.0%"),
    **dict.fromkeys(("gap", "shortfall", "shortfall_at_most"), "0.00%"),
    **dict.fromkeys(("budget_sek", "spent_sek", "remaining_sek", "stage_sek", "stage_spent_sek",
                     "cost_sek", "from_sek", "to_sek", "investment_sek", "yearly_sek",
                     "yearly_over_horizon_sek", "stage_investment_sek", "stage_yearly_sek"),
                    "#,##0"),
    **dict.fromkeys(("population", "covered_population", "covered_population_after",
                     "population_covered_a", "population_covered_b", "covered_population_gain",
                     "per_million_sek", "best_covered_population",
                     "covered_population_night"), "#,##0"),
    "population_covered_change": "+#,##0;-#,##0;0",
    **dict.fromkeys(("objective", "bound", "best_objective", "best_bound", "weight",
                     "covered_weight_before", "covered_weight_after"), "#,##0.0"),
    **dict.fromkeys(("n_cameras_new", "n_cameras_existing", "n_cameras_added", "n_areas",
                     "n_sites", "n_options", "n_demand", "residential_facades_in_view",
                     "residential_facades_at_privacy_level", "incidents_in_view",
                     "incidents_in_view_18_06", "storage_days"), "#,##0"),
    "stage": "0",
    "lat": "0.000000", "lon": "0.000000", "x": "0.0", "y": "0.0", "mount_height_m": "0.0", "view_m2": "#,##0",
    "orientation_true_deg": "0.0", "orientation_deg": "0.0",
    **{f"range_{level}_m": "0.0" for level in ("identify", "recognise", "observe", "detect")},
    "privacy_zone_m2_in_view": "#,##0.0", "privacy_zone_m2_at_privacy_level": "#,##0.0",
    "priority": "0.00",
}

#: compare.xlsx's change of covered share: percentage points (100 × areas.csv's share_change),
#: with the unit in each cell ("-2.3 pp"; a "+0.0%" format had shown "-2,3 %" in Swedish where
#: compare.html says "-2,3 procentenheter")
POINTS = {"en": '+0.0" pp";-0.0" pp";0.0" pp"',
          "sv": '+0.0" procentenheter";-0.0" procentenheter";0.0" procentenheter"'}

#: Each workbook's sheets (English names) and the data file each sheet shows.
BOOKS = {
    "plan/plan.xlsx": {"Cameras": "plan/register.csv", "Areas": "plan/areas.geojson"},
    "sweep/curve.xlsx": {"Curve": "sweep/curve.csv", "Marginal": "sweep/marginal.csv",
                         "Areas": "sweep/areas.csv"},
    "cmp/compare.xlsx": {"Areas": "cmp/areas.csv", "Cameras": "cmp/cameras.csv"},
    "roll/rollout.xlsx": {"Stages": "roll/stages.csv", "Cameras": "roll/cameras.csv",
                          "Areas": "roll/areas.csv"},
}


@pytest.fixture(scope="module")
def every_book(tmp_path_factory) -> dict[str, Path]:
    """A plan, a sweep, a comparison and a rollout of the town, in English and in Swedish."""
    folders = {}
    for language in ("en", "sv"):
        root = tmp_path_factory.mktemp(f"books-{language}")
        scenario = write_town(root / "town", budget=60_000.0, extra=(
            "[variants.more]\n\"budget.total_sek\" = 90000\n"))
        scenario.write_text(f'language = "{language}"\n' + scenario.read_text())
        for args in (["plan", str(scenario), "--out", str(root / "plan")],
                     # (one process each: the worker pools are tests/test_sweep.py's and
                     # tests/test_rollout.py's)
                     ["sweep", str(scenario), "--budgets", "30000,60000", "--workers", "1",
                      "--out", str(root / "sweep")],
                     ["compare", str(scenario), f"{scenario}#more", "--out", str(root / "cmp")],
                     ["rollout", str(scenario), "--stages", "30000,30000", "--workers", "1",
                      "--out", str(root / "roll")]):
            assert main(["-q", *args]) == 0, args
        folders[language] = root
    return folders


def _shown_as_zero_or(shown: str, value) -> str:
    """A signed format (``+0.0;-0.0;0.0``), or its zero section for a value it rounds to 0."""
    sections = shown.split(";")
    if len(sections) != 3 or not isinstance(value, float) or value == 0:
        return shown
    digits = len(sections[2].split(".")[1].split('"')[0]) if "." in sections[2] else 0
    return shown if round(abs(value), digits) >= 10.0 ** -digits else ";".join(sections[2:] * 2)


def _same(cell, value) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return cell is None
    if isinstance(value, str):
        return cell == value
    return cell == pytest.approx(value, rel=1e-12, abs=0)


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("book", list(BOOKS))
def test_each_column_shows_its_numbers_as_the_report_does_and_keeps_them_in_full(
        every_book, language, book):
    """Shares as percentages, amounts grouped, gaps to 0.01 %: the cells' values unchanged.

    (Without formats a covered share had read 0,1778077987296094 in a Swedish Excel and a gap
    0,0056, where report.md says 17,8 % and 0,563 %.)
    """
    path = every_book[language] / book
    english = load_workbook(every_book["en"] / book)
    workbook = load_workbook(path)
    assert len(workbook.sheetnames) == len(english.sheetnames)
    for name, source in BOOKS[book].items():  # (the plan's summary: the test below)
        sheet = workbook.worksheets[english.sheetnames.index(name)]
        data = (gpd.read_file(every_book[language] / source).drop(columns="geometry")
                if source.endswith(".geojson") else pd.read_csv(every_book[language] / source))
        if source == "plan/register.csv":  # (the camera sheet: with each camera's costs)
            data = with_costs(data, every_book[language] / "plan")
        if source == "roll/cameras.csv":  # (the optimiser's option index is for programs)
            assert "option_id" in data.columns
            data = data.drop(columns="option_id")
        rows = list(sheet.iter_rows())
        assert len(rows) == len(data) + 1 > 1 and len(rows[0]) == len(data.columns), name
        assert sheet.freeze_panes == "A2"
        for k, column in enumerate(data.columns):
            scale, shown = 1.0, FORMATS.get(column, "General")
            if column == "share_change":  # (compare.xlsx: in percentage points, said so)
                scale, shown = 100.0, POINTS[language]
                assert rows[0][k].value == {"en": "share_change_pp", "sv": (
                    "Ändring av täckt andel (procentenheter)")}[language]
            assert [row[k].number_format for row in rows[1:]] == [
                _shown_as_zero_or(shown, row[k].value) for row in rows[1:]], (name, column)
            if pd.api.types.is_bool_dtype(data[column]) and language == "sv":
                # yes and no in words, as report.md says them (had shown SANT and FALSKT)
                assert [row[k].value for row in rows[1:]] == [
                    "ja" if v else "nej" for v in data[column]], (name, column)
            elif pd.api.types.is_numeric_dtype(data[column]):
                cells = [row[k].value for row in rows[1:]]
                if scale != 1.0:
                    cells = [c if c is None else c / scale for c in cells]
                assert all(_same(c, v) for c, v in zip(cells, data[column], strict=True)), (
                    name, column, cells, data[column].tolist())


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_summary_shows_each_item_as_the_report_does_and_keeps_it_in_full(
        every_book, language):
    summary = json.loads((every_book[language] / "plan" / "summary.json").read_text())
    # (the day plan's figures at night named as its cameras at a time it is not planned for)
    # (and what the new cameras see of homes, each m² and home once, explained after its key)
    keys = [str(row[0].value).removesuffix(" (the same cameras, not planned for it)")
            .split(" (the new cameras", 1)[0].split(" (residential buildings", 1)[0]
            for row in load_workbook(every_book["en"] / "plan/plan.xlsx").worksheets[0]]
    sheet = load_workbook(every_book[language] / "plan/plan.xlsx").worksheets[0]
    assert sheet.freeze_panes == "A2"
    shown = {key: row[1] for key, row in zip(keys[1:], list(sheet.iter_rows())[1:], strict=True)}
    assert {k: c.number_format for k, c in shown.items() if c.number_format != "General"} == {
        "budget_sek": "#,##0", "spent_sek": "#,##0", "remaining_sek": "#,##0",
        "investment_sek": "#,##0", "yearly_sek": "#,##0", "yearly_over_horizon_sek": "#,##0",
        "existing_yearly_sek": "#,##0", "objective": "#,##0.0", "bound": "#,##0.0", "gap": "0.000%",  # (report.md: 0.563 %)
        "covered_population": "#,##0", "population": "#,##0", "covered_share": "0.0%",
        "covered_share_before": "0.0%", "n_cameras_new": "#,##0", "n_cameras_existing": "#,##0",
        "n_areas": "#,##0", "n_sites": "#,##0", "n_options": "#,##0", "n_demand": "#,##0",
        # (a day plan's cameras at night)
        "covered_share_night": "0.0%", "covered_share_before_night": "0.0%",
        "covered_population_night": "#,##0",
        # (what the new cameras see of homes all together: m² to 0.1, as register.csv's columns)
        "view_m2": "#,##0", "privacy_zone_m2_in_view": "#,##0.0",
        "residential_facades_in_view": "#,##0", "privacy_zone_m2_at_privacy_level": "#,##0.0",
        "residential_facades_at_privacy_level": "#,##0"}
    for key, cell in shown.items():
        if isinstance(summary.get(key), (int, float)) and not isinstance(summary[key], bool):
            # (summary.json keeps nine decimals; the sheet the plan's full value)
            assert cell.value == pytest.approx(summary[key], rel=1e-9, abs=1e-9), key
    assert shown["covered_share"].value == pytest.approx(summary["covered_share"], abs=1e-9)
    assert shown["covered_share"].value != round(shown["covered_share"].value, 3)


def test_a_column_is_as_wide_as_its_numbers_are_shown(tmp_path):
    frame = pd.DataFrame({"covered_share": [0.1778077987296094], "cost_sek": [8_000_000],
                          "objective": [6940.812664469015], "own": [0.1778077987296094]})
    write_workbook([("t", frame)], tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [sheet.column_dimensions[c].width for c in "ABCD"] == [
        len("covered_share") + 2, len("8,000,000") + 2, len("objective") + 2, len("0.177808") + 2]
    # (widths by the shown text: "8,000,000" needs 9 characters, "0.1778077987296094" 5)
    assert [sheet.cell(2, k).number_format for k in (1, 2, 3, 4)] == [
        "0.0%", "#,##0", "#,##0.0", "General"]
    assert sheet.cell(2, 1).value == 0.1778077987296094


def test_a_change_of_share_shows_its_unit_percentage_points(tmp_path):
    from planner.workbook import _as_shown, header, number_format

    sv = header("share_change_pp", "sv")
    assert sv == "Ändring av täckt andel (procentenheter)"
    assert number_format(sv) == POINTS["sv"] and number_format("share_change_pp") == POINTS["en"]
    # (the column's width counts the unit the cells show)
    assert _as_shown(-2.3046, POINTS["sv"]) == "-2.3 procentenheter"
    assert _as_shown(1.25, POINTS["en"]) == "+1.2 pp"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_change_that_rounds_to_zero_has_no_sign(tmp_path, language):
    """-0.03 percentage points reads "0.0 pp" as in report.md and compare.html, not "-0.0 pp".

    (The signed formats' negative section had shown a change of -0.03 pp as "-0.0 pp" and one
    of +0.03 as "+0.0 pp"; Excel's zero section holds only an exact 0.)
    """
    from planner.workbook import _as_shown, header, headers

    frame = headers(pd.DataFrame({
        "share_change_pp": [-0.03, 0.03, -2.3046, 0.0, -0.05],
        "population_covered_change": [-0.4, 0.49, -12.0, 0.0, 3.0]}), language)
    write_workbook([("t", frame)], tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    unit = {"en": "pp", "sv": "procentenheter"}[language]
    assert sheet.cell(1, 1).value == header("share_change_pp", language)
    zero = f'0.0" {unit}";0.0" {unit}"'
    assert [sheet.cell(r, 1).number_format for r in range(2, 7)] == [
        zero, zero, POINTS[language], POINTS[language], POINTS[language]]
    assert [sheet.cell(r, 2).number_format for r in range(2, 7)] == [
        "0;0", "0;0", "+#,##0;-#,##0;0", "+#,##0;-#,##0;0", "+#,##0;-#,##0;0"]
    assert [sheet.cell(r, 1).value for r in range(2, 7)] == [-0.03, 0.03, -2.3046, 0.0, -0.05]
    assert _as_shown(abs(-0.03), zero) == f"0.0 {unit}"


def test_a_difference_that_rounds_to_zero_has_no_sign(tmp_path):
    """The comparison's difference sheet: a change of -0.04 in the objective reads 0.0."""
    from planner.workbook import header, item_name

    frame = pd.DataFrame([(item_name(k, "sv"), v) for k, v in (
        ("change", -0.04), ("change_low", -0.04), ("change_high", 1.5))],
        columns=[header("item", "sv"), header("value", "sv")])
    write_workbook([("t", frame)], tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).number_format) for r in (2, 3, 4)] == [
        ("Skillnad B − A (de funna planerna)", "0.0;0.0"),
        ("Bästa B − bästa A, bevisad nedre gräns", "0.0;0.0"),
        ("Bästa B − bästa A, bevisad övre gräns", "+#,##0.0;-#,##0.0;0.0")]


def test_a_printed_number_is_written_as_its_workbook_cell_shows_it():
    # (on_screen had looked the writer up by the format string, so that counts and amounts,
    # which share "#,##0", would have printed raw had one of the two changed)
    from planner.workbook import NUMBER_FORMATS, _screen_writer

    def write(column: str, value: float, language: str = "sv") -> str | None:
        writer = _screen_writer(NUMBER_FORMATS[column], language)
        return None if writer is None else writer(value)

    assert write("covered_share", 0.12345) == "12,3 %"
    assert write("gap", 0.0056, "en") == "0.56 %"
    assert write("budget_sek", 8_000_000) == "8 000 000"
    assert write("n_cameras_new", 137, "en") == "137"
    assert write("objective", 6940.8127, "en") == "6,940.8"
    assert write("population_covered_change", 114) == "+114"
    assert write("share_change_pp", 4.9) is None  # (a unit in quotes: compare writes its own)
