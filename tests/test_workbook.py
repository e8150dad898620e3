"""The ``.xlsx`` workbooks: the CSVs' tables for Excel, typed and reproducible."""

from __future__ import annotations

import json
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
    register = pd.read_csv(planned / "register.csv")
    assert list(cameras.columns) == list(register.columns)
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
    assert main(["-q", "sweep", str(scenario), "--budgets", "30000,60000", "--out", str(sweep)]) == 0
    curve = sheet_frame(sweep / "curve.xlsx", "Curve")
    csv = pd.read_csv(sweep / "curve.csv")
    assert curve["budget_sek"].tolist() == csv["budget_sek"].tolist() == [30_000, 60_000]
    assert curve["objective"].tolist() == pytest.approx(csv["objective"].tolist())
    assert load_workbook(sweep / "curve.xlsx").sheetnames == ["Curve", "Marginal"]
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
