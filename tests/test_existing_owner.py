"""Whose an existing camera is: the sites layer's ``existing_owner`` in the record and the money.

The tiny town (tests/conftest.py) with two existing cameras on the west side: 'old', a dome of
the police (1,000 SEK a year), and 'own', an older dome the municipality runs itself (2,500 SEK
a year; its owner written " katrineholms  KOMMUN ", the scenario's operator "Katrineholms
kommun": the same, case and spaces aside). The plan buys one new dome on lamp-1 for 30,000 SEK
(25,000 of investment, 5 years of 1,000 SEK). So the existing cameras run at 3,500 SEK a year:
2,500 of them the municipality's own, 1,000 the police's; neither in the amount spent.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook
from shapely.geometry import Point

from planner._existing_owner import owner_text, same_owner
from planner._map_panels import summary_html
from planner.cli import main
from tests.conftest import CATALOGUE, CRS, X0, Y0, write_town

RUNNING = """
[surveillance]
operator = "Katrineholms kommun"
purpose = "Safety in public space"
"""

#: The tiny town's dome, older and dearer to run (the municipality's own existing camera).
OLD_DOME = (CATALOGUE.replace('id = "dome"', 'id = "old-dome"')
            .replace("yearly_sek = 1000.0", "yearly_sek = 2500.0"))


def town_sites(owners: list[object] | None) -> gpd.GeoDataFrame:
    """'old' (the police's dome), 'own' (the municipality's old dome) and lamp-1 (candidate)."""
    columns = {
        "site_id": ["old", "own", "lamp-1"],
        "mount_type": ["pole", "pole", "lamp_post"],
        "install_cost_sek": [0.0, 0.0, 10_000.0],
        "max_cameras": [1, 1, 2],
        "existing_model": ["dome", "old-dome", None],
        "existing_orientation_deg": [270.0, 270.0, None],
    }
    if owners is not None:
        columns["existing_owner"] = owners
    return gpd.GeoDataFrame(
        columns, geometry=[Point(X0 - 241, Y0), Point(X0 - 260, Y0), Point(X0 - 1, Y0)], crs=CRS)


def make_town(folder: Path, owners: list[object] | None, running: str = RUNNING) -> Path:
    scenario = write_town(folder, sites=town_sites(owners), extra=running)
    catalogue = folder / "cameras.toml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + OLD_DOME, encoding="utf-8")
    return scenario


def planned(scenario: Path, out: Path, *settings: str) -> Path:
    args = [a for s in settings for a in ("--set", s)]
    assert main(["-q", "plan", str(scenario), *args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def outs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("owner")
    town = make_town(root / "town", ["Polisen", " katrineholms  KOMMUN ", None])
    return {language: planned(town, root / language, f"language={language}")
            for language in ("en", "sv")}


def register(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "register.csv", keep_default_na=False).set_index("site_id")


def test_same_owner_ignores_case_and_spaces_only() -> None:
    assert same_owner(" katrineholms  KOMMUN ", "Katrineholms kommun")
    assert same_owner("Katrineholms\tkommun", "katrineholms kommun")
    assert not same_owner("Katrineholm kommun", "Katrineholms kommun")  # (no other spelling)
    assert not same_owner("Polisen", "Katrineholms kommun")
    assert not same_owner(None, "Katrineholms kommun") and not same_owner("", None)
    assert not same_owner(float("nan"), "x") and not same_owner("x", None)
    assert owner_text("  Polisen  ") == "Polisen" and owner_text("  ") is None


def test_register_lists_the_municipalitys_own_camera_as_its_surveillance(outs) -> None:
    rows = register(outs["en"])
    own, old, new = rows.loc["own"], rows.loc["old"], rows.loc["lamp-1"]
    assert (own["status"], old["status"], new["status"]) == ("existing", "existing", "new")
    # the municipality's own: its operator (as the scenario writes it) and purpose, kept
    assert own["operator"] == "Katrineholms kommun"
    assert own["purpose"] == "Safety in public space: West side (existing camera, kept)"
    # (run as it is today: how it is run is not the plan's to state)
    assert [own[k] for k in ("hours", "storage_days", "sound")] == ["", "", ""]
    # another's: kept as it is, in its owner's register, named
    assert old["operator"] == "Polisen"
    assert old["purpose"] == "Existing camera, kept as it is (listed in the register of Polisen)"
    assert new["operator"] == "Katrineholms kommun"
    assert new["purpose"] == "Safety in public space: East side"


def test_register_in_swedish_in_report_and_workbook(outs) -> None:
    own = "Safety in public space i West side (befintlig kamera som behålls)"
    old = "Befintlig kamera som behålls oförändrad (redovisas i förteckningen hos Polisen)"
    report = (outs["sv"] / "report.md").read_text(encoding="utf-8")
    assert f"| {own} |" in report and f"| {old} |" in report
    sheet = list(load_workbook(outs["sv"] / "plan.xlsx").worksheets[1].iter_rows(
        values_only=True))
    purposes = [row[sheet[0].index("Ändamål")] for row in sheet[1:]] if "Ändamål" in sheet[0] \
        else [cell for row in sheet[1:] for cell in row]
    assert own in purposes and old in purposes
    en = (outs["en"] / "report.md").read_text(encoding="utf-8")
    assert "| Safety in public space: West side (existing camera, kept) |" in en
    assert "| Existing camera, kept as it is (listed in the register of Polisen) |" in en


def test_a_swedish_plans_register_csv_words_an_existing_cameras_purpose_in_swedish(outs) -> None:
    # register.csv of a Swedish plan had "(existing camera, kept)" after the scenario's Swedish
    # purpose; an existing camera's purpose is worded in the plan's language (the new
    # cameras' is the scenario's own words, as given)
    sv, en = register(outs["sv"]), register(outs["en"])
    assert sv.loc["own", "purpose"] == ("Safety in public space: West side (befintlig kamera "
                                        "som behålls)")
    assert sv.loc["old", "purpose"] == ("Befintlig kamera som behålls oförändrad (redovisas i "
                                        "förteckningen hos Polisen)")
    assert sv.loc["lamp-1", "purpose"] == en.loc["lamp-1", "purpose"]
    assert sv.drop(columns="purpose").equals(en.drop(columns="purpose"))


def test_running_costs_split_into_the_municipalitys_own_and_the_others(outs) -> None:
    s = json.loads((outs["en"] / "summary.json").read_text(encoding="utf-8"))
    assert (s["n_cameras_new"], s["n_cameras_existing"]) == (1, 2)
    # 2,500 (own) + 1,000 (police) a year; the budget pays the new camera only
    assert (s["existing_yearly_sek"], s["existing_yearly_own_sek"]) == (3_500.0, 2_500.0)
    assert (s["spent_sek"], s["investment_sek"], s["yearly_over_horizon_sek"]) == (
        30_000.0, 25_000.0, 5_000.0)
    en = (outs["en"] / "report.md").read_text(encoding="utf-8").splitlines()
    at = en.index("- Running costs from year 6: 1,000 SEK a year for the new cameras, outside "
                  "this budget")
    assert en[at + 1:at + 3] == [
        "- Running costs of the municipality's own existing cameras: 2,500 SEK a year (paid by "
        "Katrineholms kommun itself, outside this budget)",
        "- Running costs of the other existing cameras: 1,000 SEK a year (paid by their owners, "
        "not this budget)",
    ]
    assert not any(line.startswith("- Running costs of the existing cameras") for line in en)
    sv = (outs["sv"] / "report.md").read_text(encoding="utf-8").splitlines()
    at = next(k for k, line in enumerate(sv) if line.startswith("- Driftkostnader från år 6"))
    assert sv[at + 1:at + 3] == [
        "- Driftkostnader för kommunens egna befintliga kameror: 2\u202f500 kr per år (betalas "
        "av Katrineholms kommun själv, ingår inte här)",
        "- Driftkostnader för övriga befintliga kameror: 1\u202f000 kr per år (betalas av "
        "kamerornas ägare, ingår inte här)",
    ]
    panel = summary_html(s, "p")
    assert ("<tr><th>Running costs of the municipality&#x27;s own existing cameras</th>"
            "<td>2,500\u00a0SEK a year (paid by Katrineholms kommun itself, outside this "
            "budget)</td></tr><tr><th>Running costs of the other existing cameras</th>"
            "<td>1,000\u00a0SEK a year (paid by their owners, not this budget)</td></tr>"
            ) in panel.replace("&#39;", "&#x27;")
    assert ("<tr><th>Driftkostnader för kommunens egna befintliga kameror</th><td>2\u202f500"
            "\u00a0kr per år (betalas av Katrineholms kommun själv, ingår inte här)</td></tr>"
            ) in summary_html(s, "p", language="sv")
    items = {row[0]: row[1] for row in load_workbook(outs["en"] / "plan.xlsx")["Summary"]
             .iter_rows(min_row=2, values_only=True)}
    assert (items["existing_yearly_sek"], items["existing_yearly_own_sek"]) == (3_500, 2_500)


def test_only_the_municipalitys_cameras(tmp_path) -> None:
    """Both existing cameras its own: one row, 3,500 SEK, no 'other' cameras."""
    town = make_town(tmp_path / "town", ["Katrineholms kommun", "Katrineholms kommun", None])
    out = planned(town, tmp_path / "out")
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["existing_yearly_sek"], s["existing_yearly_own_sek"]) == (3_500.0, 3_500.0)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("- Running costs of the municipality's own existing cameras: 3,500 SEK a year (paid "
            "by Katrineholms kommun itself, outside this budget)") in report
    assert "other existing cameras" not in report and "cameras: 3,500 SEK a year (paid by their" \
        not in report


def test_unknown_owner_and_no_owner_column(tmp_path) -> None:
    """A blank owner is nobody's known: today's text; without the column all is as before."""
    town = make_town(tmp_path / "blank", ["", "Katrineholms kommun", None])
    rows = register(planned(town, tmp_path / "blank-out"))
    assert rows.loc["old", "operator"] == ""
    assert rows.loc["old", "purpose"] == ("Existing camera, kept as it is (its operator's own "
                                          "record covers it)")
    assert rows.loc["own", "operator"] == "Katrineholms kommun"
    town = make_town(tmp_path / "none", None)
    out = planned(town, tmp_path / "none-out")
    rows = register(out)
    for site in ("old", "own"):
        assert rows.loc[site, "operator"] == ""
        assert rows.loc[site, "purpose"] == ("Existing camera, kept as it is (its operator's "
                                             "own record covers it)")
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["existing_yearly_sek"], s["existing_yearly_own_sek"]) == (3_500.0, 0.0)
    assert not any("operator" in note for note in s["notes"])
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("- Running costs of the existing cameras: 3,500 SEK a year (paid by their owners, "
            "not this budget)") in report
    assert "own existing cameras" not in report
    items = {row[0] for row in load_workbook(out / "plan.xlsx")["Summary"]
             .iter_rows(min_row=2, values_only=True)}
    assert "existing_yearly_own_sek" not in items and "existing_yearly_sek" in items


def test_owners_without_an_operator_are_nobodys_own_and_said(tmp_path) -> None:
    town = make_town(tmp_path / "town", ["Polisen", "Katrineholms kommun", None],
                     running='[surveillance]\npurpose = "Safety in public space"\n')
    out = planned(town, tmp_path / "out")
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["existing_yearly_sek"], s["existing_yearly_own_sek"]) == (3_500.0, 0.0)
    assert any("sets no surveillance.operator" in note for note in s["notes"])
    rows = register(out)
    assert rows.loc["own", "operator"] == "Katrineholms kommun"
    assert rows.loc["own", "purpose"] == ("Existing camera, kept as it is (listed in the register "
                                          "of Katrineholms kommun)")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "sets no surveillance.operator" in report
    assert "- Running costs of the existing cameras: 3,500 SEK a year" in report


def test_a_shapefiles_cut_bearing_column_is_not_the_owner(tmp_path) -> None:
    """``existing_o`` is the bearings' cut; an owner column in a Shapefile is mapped by name."""
    town = make_town(tmp_path / "town", None,
                     running=RUNNING + '[data.columns.sites]\nexisting_owner = "AGARE"\n'
                     'existing_orientation_deg = "existing_o"\n')
    sites = town_sites(None)
    sites["AGARE"] = ["Polisen", "Katrineholms kommun", None]
    with warnings.catch_warnings():  # (GDAL and geopandas say they cut existing_model, ...)
        warnings.simplefilter("ignore")
        sites.to_file(tmp_path / "town" / "sites.shp", engine="pyogrio")
    text = (town.read_text(encoding="utf-8").replace('sites = "sites.gpkg"', 'sites = "sites.shp"'))
    town.write_text(text, encoding="utf-8")
    out = planned(town, tmp_path / "out")
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["existing_yearly_sek"], s["existing_yearly_own_sek"]) == (3_500.0, 2_500.0)
    assert register(out).loc["old", "operator"] == "Polisen"


def test_an_owner_that_looks_like_personal_data_is_warned_about(tmp_path, caplog) -> None:
    """The owner goes into register.csv: a private person's number there is warned about."""
    town = make_town(tmp_path / "town", ["Anna Svensson, 070-123 45 67", "Katrineholms kommun",
                                         None])
    planned(town, tmp_path / "out")
    assert "column 'existing_owner' of 1 feature holds what looks like personal data" in caplog.text


@pytest.mark.parametrize(("language", "rows"), [
    ("en", ["| Running costs a year of the existing cameras (SEK, paid by their owners, not by "
            "this budget) | 3,500 | 1,000 | -2,500 |",
            "| of which the municipality's own (SEK, paid by it, not by this budget) | 2,500 | "
            "0 | -2,500 |"]),
    ("sv", ["| Driftkostnader per år för de befintliga kamerorna (kr, betalas av kamerornas "
            "ägare, ingår inte i budgeten) | 3\u202f500 | 1\u202f000 | \u22122\u202f500 |",
            "| varav kommunens egna (kr, betalas av kommunen, ingår inte i budgeten) | "
            "2\u202f500 | 0 | \u22122\u202f500 |"]),
])
def test_the_comparison_splits_off_the_municipalitys_own_running_costs(tmp_path, language,
                                                                       rows):
    # B takes the municipality's own old dome down: the 2,500 SEK a year it stops paying itself
    # had stood in one sum "paid by their owners" with the police's
    town = make_town(tmp_path / "town", [" Polisen", " katrineholms  KOMMUN ", None])
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set", f"language={language}",
                 "--set-b", 'constraints.remove_existing=["own"]', "--out", str(out)]) == 0
    lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
    at = lines.index(rows[0])
    assert lines[at:at + 2] == rows
