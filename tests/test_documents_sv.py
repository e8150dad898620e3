"""Documents in Swedish (``language = "sv"``); data files the same in every language.

report.md, plan.xlsx, the drawings, a sweep's report, plot and workbook and a comparison's
workbook are written in the scenario's language. register.csv, the GeoJSON files, summary.json
and the sweep's and comparison's CSVs keep their English names and values: programs read them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import matplotlib.figure
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl import load_workbook

from planner.cli import main
from planner.drawings import write_drawings
from planner.plan import plan
from planner.scenario import load_scenario
from tests.conftest import X0, Y0, sites_with_old_camera, write_town

RUNNING = """
[surveillance]
operator = "Tiny kommun, kommunstyrelsen"
purpose = "Att förebygga skadegörelse"
storage_days = 7
sound = false
"""
DATA_FILES = ("register.csv", "cameras.geojson", "views.geojson", "areas.geojson")


def in_swedish(scenario: Path) -> Path:
    """A copy of ``scenario`` beside it (the same data files) with ``language = "sv"``."""
    swedish = scenario.with_name("scenario_sv.toml")
    swedish.write_text('language = "sv"\n' + scenario.read_text(encoding="utf-8"),
                       encoding="utf-8")
    return swedish


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny town (an existing camera at 'old', [surveillance] half settled), en and sv.

    Its catalogue names the dome in Swedish too (``name_sv``).
    """
    root = tmp_path_factory.mktemp("sv")
    scenario = write_town(root / "town", budget=60_000.0, sites=sites_with_old_camera(),
                          extra=RUNNING)
    catalogue = scenario.parent / "cameras.toml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        'name = "Test dome 1920 px, 90 degrees"\n',
        'name = "Test dome 1920 px, 90 degrees"\nname_sv = "Testdom 1920 px, 90 grader"\n'),
        encoding="utf-8")
    return scenario, in_swedish(scenario)


@pytest.fixture(scope="module")
def planned(town, tmp_path_factory) -> tuple[Path, Path]:
    """The same plan written in English and in Swedish."""
    root = tmp_path_factory.mktemp("sv-out")
    outs = []
    for scenario, name in zip(town, ("en", "sv"), strict=True):
        assert main(["-q", "plan", str(scenario), "--out", str(root / name)]) == 0
        outs.append(root / name)
    return outs[0], outs[1]


def test_data_files_are_the_same_bytes_in_every_language(planned):
    en, sv = planned
    for name in DATA_FILES[1:]:
        assert (sv / name).read_bytes() == (en / name).read_bytes(), name
    # register.csv but for an existing camera's purpose, in the plan's language
    registers = [pd.read_csv(out / "register.csv", keep_default_na=False) for out in planned]
    old = registers[0]["status"] == "existing"
    assert registers[0].loc[old, "purpose"].tolist() == [
        "Existing camera, kept as it is (its operator's own record covers it)"]
    assert registers[1].loc[old, "purpose"].tolist() == [
        "Befintlig kamera som behålls oförändrad (redovisas i förteckningen hos den som bedriver "
        "bevakningen)"]
    assert registers[0].drop(columns="purpose").equals(registers[1].drop(columns="purpose"))
    assert registers[0].loc[~old, "purpose"].equals(registers[1].loc[~old, "purpose"])
    summaries = [json.loads((out / "summary.json").read_text(encoding="utf-8"))
                 for out in planned]
    # the honest differences: the setting itself (and the clock), and the notes, prose for
    # people in the plan's language as register.csv's purpose (they had been English in a
    # Swedish report.md)
    assert [s["settings"].pop("language") for s in summaries] == ["en", "sv"]
    assert [s.pop("notes") for s in summaries] == [
        ["constraints.privacy = \"exclude\" but the scenario has no privacy zones "
         "(data.privacy_zones is not set or is empty): the rule protects no home or garden; add "
         "the privacy-zone layer"],
        ["constraints.privacy = \"exclude\" men scenariot har inga integritetszoner "
         "(data.privacy_zones är inte angiven eller är tom): regeln skyddar ingen bostad eller "
         "trädgård; lägg till lagret med integritetszoner"]]
    for s in summaries:
        del s["timing"]
    assert summaries[0] == summaries[1]
    # and the documents do differ
    assert (sv / "report.md").read_text() != (en / "report.md").read_text()
    # the data files carry both of the catalogue's names; the map shows the plan's language's
    cameras = gpd.read_file(en / "cameras.geojson")
    assert set(cameras["model_name"]) == {"Test dome 1920 px, 90 degrees"}
    assert set(cameras["model_name_sv"]) == {"Testdom 1920 px, 90 grader"}
    maps = [(out / "map.html").read_text(encoding="utf-8") for out in planned]
    assert "Testdom 1920 px, 90 grader" in maps[1] and "Test dome 1920 px" not in maps[1]
    assert "Test dome 1920 px, 90 degrees" in maps[0] and "Testdom" not in maps[0]


def _cell(value: Any) -> Any:
    """A value as read back from a file, blanks as ``None`` and numbers as floats."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool | int | float | np.number | np.bool_):
        return float(value)
    return value or None  # (a blank note: "" in GeoJSON, empty in the CSV)


def _rows(frame: pd.DataFrame) -> dict[str, list[Any]]:
    return {column: [_cell(v) for v in frame[column]] for column in frame.columns
            if column != "geometry"}


def test_plan_gpkg_holds_the_geojson_layers_and_the_register_in_the_plans_crs(planned):
    """plan.gpkg: the GeoJSON files' layers in EPSG:3006, the cameras with register.csv's columns.

    The tiny town: 2 new domes on lamp-1 and the existing one at 'old', 4 views each; areas
    'east' and 'west' 60 × 40 m.
    """
    en = planned[0]
    gpkg = en / "plan.gpkg"
    assert pyogrio.list_layers(gpkg).tolist() == [
        ["cameras", "Point"], ["views", "Polygon"], ["areas", "Polygon"], ["mounts", "Point"],
        ["layer_styles", None]]
    for layer in ("cameras", "views", "areas"):
        assert pyogrio.read_info(gpkg, layer=layer)["crs"] == "EPSG:3006", layer
    cams = gpd.read_file(gpkg, layer="cameras", engine="pyogrio")
    geojson = gpd.read_file(en / "cameras.geojson", engine="pyogrio")
    register = pd.read_csv(en / "register.csv")
    assert cams["camera"].tolist() == geojson["camera"].tolist() == register["camera"].tolist() \
        == ["C001", "C002", "C003"]
    assert cams["status"].tolist() == ["new", "new", "existing"]
    # every column of cameras.geojson, then the register's others: no join needed
    extra = [c for c in register.columns if c not in geojson.columns]
    assert list(cams.columns) == [*geojson.columns[:-1], *extra, "geometry"]
    assert "view_m2" in extra and "privacy_zone_m2_in_view" in extra and "mount_height_m" in extra
    assert _rows(cams[geojson.columns]) == _rows(geojson)
    assert _rows(cams[extra]) == _rows(register[extra])
    # real types: numbers, booleans (blank where unsettled), UTF-8 text
    info = pyogrio.read_info(gpkg, layer="cameras")
    types = {f: (t, s) for f, t, s in zip(info["fields"], info["ogr_types"], info["ogr_subtypes"],
                                           strict=True)}
    for column in ("existing", "required_by_scenario", "position_approximate", "sound",
                   "live_viewing", "privacy_masking"):
        assert types[column] == ("OFTInteger", "OFSTBoolean"), column
    for column in ("residential_facades_in_view", "storage_days", "incidents_in_view"):
        assert types[column] == ("OFTInteger64", "OFSTNone"), column
    for column in ("view_m2", "mount_height_m", "privacy_zone_m2_in_view", "cost_sek", "lat"):
        assert types[column] == ("OFTReal", "OFSTNone"), column
    assert cams["purpose"].tolist()[:2] == ["Att förebygga skadegörelse: East side"] * 2
    # the points in metres as planned: the register's x and y, and cameras.geojson's within 1 cm
    assert cams.geometry.x.round(1).tolist() == register["x"].tolist()
    assert cams.geometry.y.round(1).tolist() == register["y"].tolist()
    assert cams.geometry.distance(geojson.to_crs(3006).geometry).max() < 0.01
    views = gpd.read_file(gpkg, layer="views", engine="pyogrio")
    views_json = gpd.read_file(en / "views.geojson", engine="pyogrio")
    assert len(views) == len(views_json) == 12
    assert _rows(views.drop(columns="camera")) == _rows(views_json)
    # each view with its camera's label beside the option (views.geojson has the option only)
    label = dict(zip(cams["option_id"], cams["camera"], strict=True))
    assert views["camera"].tolist() == [label[o] for o in views["option_id"]]
    assert max(shapely.hausdorff_distance(a, b) for a, b in zip(
        views.geometry, views_json.to_crs(3006).geometry, strict=True)) < 0.01
    areas = gpd.read_file(gpkg, layer="areas", engine="pyogrio")
    areas_json = gpd.read_file(en / "areas.geojson", engine="pyogrio")
    assert _rows(areas) == _rows(areas_json)
    # 60 × 40 m boxes, to the square millimetre (no round trip through WGS 84's 7 decimals)
    assert areas.area.tolist() == pytest.approx([2400.0, 2400.0], abs=1e-3)
    assert areas.total_bounds == pytest.approx([X0 - 300, Y0 - 20, X0 + 60, Y0 + 20], abs=1e-3)
    assert max(shapely.hausdorff_distance(a, b) for a, b in zip(
        areas.geometry, areas_json.to_crs(3006).geometry, strict=True)) < 0.01


def test_a_swedish_plan_gpkg_has_the_same_layers_and_codes(planned):
    """In Swedish, the same layers and values (codes in English, as register.csv keeps them).

    The one difference, as in register.csv: the existing camera's purpose, in the plan's
    language (å ä ö intact).
    """
    en, sv = (gpd.read_file(out / "plan.gpkg", layer="cameras", engine="pyogrio")
              for out in planned)
    for layer in ("views", "areas"):
        assert gpd.read_file(planned[1] / "plan.gpkg", layer=layer, engine="pyogrio").equals(
            gpd.read_file(planned[0] / "plan.gpkg", layer=layer, engine="pyogrio")), layer
    assert pyogrio.list_layers(planned[1] / "plan.gpkg").tolist() == pyogrio.list_layers(
        planned[0] / "plan.gpkg").tolist()
    assert en.drop(columns="purpose").equals(sv.drop(columns="purpose"))
    assert sv["status"].tolist() == ["new", "new", "existing"]
    assert sv["mount_type"].tolist() == ["lamp_post", "lamp_post", "pole"]
    assert sv["purpose"].tolist() == [
        "Att förebygga skadegörelse: East side", "Att förebygga skadegörelse: East side",
        "Befintlig kamera som behålls oförändrad (redovisas i förteckningen hos den som bedriver "
        "bevakningen)"]
    # report.md points GIS to it, in either language
    en_lines, sv_lines = ((out / "report.md").read_text(encoding="utf-8").splitlines()
                          for out in planned)
    assert ("- Tables for Excel: `plan.xlsx` (summary, camera register, areas); for scripts and "
            "GIS: `register.csv`, `areas.geojson`, `cameras.geojson` (WGS 84) and `plan.gpkg` "
            "(the same layers in the plan's CRS, the cameras with the register's columns)"
            ) in en_lines
    assert ("- Tabeller för Excel: `plan.xlsx` (sammanfattning, kameraregister, områden); för "
            "skript och GIS, med engelska kolumnnamn: `register.csv`, `areas.geojson`, "
            "`cameras.geojson` (WGS 84) och `plan.gpkg` (samma lager i planens koordinatsystem, "
            "kamerorna med registrets kolumner)") in sv_lines


def test_report_is_in_swedish(planned):
    report = (planned[1] / "report.md").read_text(encoding="utf-8")
    lines = report.splitlines()
    assert lines[0] == "# Kameraplan: Tiny test town"
    # Swedish numbers: a (narrow no-break) space groups thousands, a comma marks decimals
    assert "- Budget: 60\u202f000 kr (årliga kostnader under 5 år inräknade)" in lines
    assert not re.search(r"\d\.\d+ %|\d,\d{3} kr|\d,\d{3},\d{3}", report), \
        "an English number in a Swedish report"
    assert re.search(r"optimalitetsgap \d+,\d{3} % \(= \(övre gräns − målfunktionsvärde\) / övre "
                     r"gräns; den bästa möjliga planens värde ligger mellan de två\), "
                     r"målfunktionsvärde [\d\u202f]+,\d, övre gräns [\d\u202f]+,\d;", report)
    assert "- Kameror: 2 nya, 1 befintlig" in lines
    for heading in ("## Områden", "## Kameror",
                    "## Underlag för kamerabevakningen: intresseavvägning och förteckning",
                    "## Källor"):
        assert heading in lines
    for english in ("## Areas", "## Cameras", "## Surveillance record", "## Sources"):
        assert english not in report
    # (which folder the files are named from, in step with the English)
    assert lines[lines.index("## Källor") + 2] == (
        "Indatafilerna i den form de lästes in (SHA-256-kontrollsumma av innehållet; "
        "`summary.json` har de fullständiga kontrollsummorna och alla inställningar under "
        "`settings`) och de programversioner som användes för att ta fram planen. Varje fil anges "
        "från scenariofilens mapp, även en som angavs på kommandoraden.")
    assert ("| Område (id) | Namn | Befolkning | Prioritet | Behovsvikt | Täckt andel före | "
            "Täckt andel efter | Täckt befolkning efter (graderad) | I bild efter (någon nivå, "
            "ograderad) |") in lines
    # what that is, defined once, under the areas' heading (it had read as people)
    assert lines[lines.index("## Områden") + 2] == (
        "De planerade områdena: alla 2 i områdeslagret (`demand.areas` = \"all\"). Prioriteten "
        "är områdeslagrets egen, mellan 0 och 1 (1 = de största utmaningarna); lagret saknar de "
        "indikatorer som `planner import deso` beräknar den av, så hur den har tagits fram får "
        "lagret självt redovisa. Ett områdes behovsvikt är dess befolkning × (1 + 1 × "
        "prioritet) (`demand.priority_gain`).")
    assert lines[lines.index("## Områden") + 4] == (
        "Täckt befolkning efter, liksom den täckta befolkningen ovan, är graderad, inte ett "
        "antal personer: områdets befolkning × täckt andel efter, den andel av områdets behov "
        "(punkter med 5 m mellanrum på allmän plats inom 60 m från bostäder) som täcks, där "
        "varje punkt räknas efter den bästa DORI-nivå som en kamera ser den på (identifiera 1, "
        "känna igen 0,75, observera 0,5, upptäcka 0,25, osedd 0). Ett område som överallt syns "
        "bara på nivån upptäcka skulle räknas som 0,25 × dess befolkning. I bild efter (någon "
        "nivå, ograderad) är andelen av områdets behov som någon kamera har i bild, på vilken "
        "nivå som helst.")
    assert ("Täckt befolkning (graderad): samma graderade mått för det som kameran täcker på "
            "egen hand") in report
    assert "de personer som kameran" not in report
    # the catalogue's name of each model beside the id that the tables give
    assert lines[lines.index("## Kameror") + 4] == (
        "Kameramodellerna anges med katalogens id (`data.cameras`), som i tabellerna, "
        "register.csv och cameras.geojson, här med katalogens namn: dome = Testdom 1920 px, "
        "90 grader.")
    english = (planned[0] / "report.md").read_text(encoding="utf-8")
    assert "dome = Test dome 1920 px, 90 degrees." in english and "Testdom" not in english
    assert lines[lines.index("## Kameror") + 6].startswith(
        # (the direction from true north, not the grid bearing of the plan's CRS; its cells
        # carry the degree sign, "45,0° (NO)", so the header does not: it had said both)
        "| Kamera | Monteringsplats (id) | Modell | Riktning från geografisk nord | "
        "Investering (kr) | Driftkostnader per år (kr) | Kostnad (kr) | Befintlig |")
    section = report.split("## Underlag för kamerabevakningen", 1)[1]
    assert "krävs inget tillstånd" in section and "intresseavvägningen" in section
    assert "- Personuppgiftsansvarig: Tiny kommun, kommunstyrelsen" in section
    assert "- Lagringstid: 7 dagar" in section and "- Ljudupptagning: nej" in section
    # what is still to settle: the same keys, in order, as the English report lists them
    still = section.split("Att besluta innan kamerorna tas i drift", 1)[1].split("\n\n", 2)[1]
    keys = [line.split("`surveillance.", 1)[1].split("`", 1)[0] for line in still.splitlines()]
    assert keys == ["contact", "legal_basis", "decision", "start_date", "hours", "live_viewing",
                    "live_viewing_where", "privacy_masking", "signage", "alternatives",
                    "incidents", "workplace"]
    assert "- Kontakt (`surveillance.contact`): vem allmänheten kan vända sig till" in still
    assert "på nivån observera eller bättre" in section
    # the register's rows: status, compass and purpose worded in Swedish, the user's text as given
    rows = [line for line in section.splitlines() if line.startswith("| C00")]
    assert len(rows) == 3
    # from true north: the town lies east of SWEREF 99 TM's 15° E, grid + 1.02°
    new = next(r for r in rows if "| lamp-1 |" in r and "91,0° (O)" in r)
    assert "| ny |" in new and "| Att förebygga skadegörelse i East side |" in new
    old = next(r for r in rows if "| old |" in r)
    assert "| befintlig |" in old and "271,0° (V)" in old and "Befintlig kamera" in old


def test_workbook_is_in_swedish_with_the_registers_values(planned):
    en, sv = planned
    book = load_workbook(sv / "plan.xlsx")
    assert book.sheetnames == ["Sammanfattning", "Kameror", "Områden"]
    assert load_workbook(en / "plan.xlsx").sheetnames == ["Summary", "Cameras", "Areas"]
    rows = list(book["Kameror"].iter_rows(values_only=True))
    assert rows[0][:10] == ("Kamera", "Monteringsplats (id)", "Status", "Krävd av scenariot",
                            "Ersätter befintlig kamera (modell)", "Lat (WGS 84)", "Lon (WGS 84)",
                            "Östlig koordinat E (m)", "Nordlig koordinat N (m)",
                            "Ungefärlig position")
    assert "Personuppgiftsansvarig" in rows[0] and "Lagringstid (dagar)" in rows[0]
    # the summary's settled items in words, as report.md has them (had said 7 and FALSKT)
    items = dict(book["Sammanfattning"].iter_rows(min_row=2, values_only=True))
    assert items["Lagringstid (surveillance.storage_days)"] == "7 dagar"
    assert items["Ljudupptagning (surveillance.sound)"] == "nej"
    table = pd.DataFrame(rows[1:], columns=rows[0]).set_index("Kamera")
    register = pd.read_csv(sv / "register.csv").set_index("camera")
    assert list(table.index) == list(register.index)
    assert table["Lat (WGS 84)"].tolist() == register["lat"].tolist()  # numbers stay numbers
    # the easting and northing by name: Swedish surveying's X is the northing, and "X" had
    # headed the easting (568,247.7 for Katrineholm, where a surveyor's X is 6,539,670.3)
    assert table["Östlig koordinat E (m)"].tolist() == register["x"].tolist()
    assert table["Nordlig koordinat N (m)"].tolist() == register["y"].tolist()
    assert (table["Nordlig koordinat N (m)"] > table["Östlig koordinat E (m)"]).all()
    assert sorted(table["Status"]) == ["befintlig", "ny", "ny"]
    # the catalogue's Swedish name (name_sv) beside the id; the English workbook its name
    assert table["Modellnamn"].tolist() == ["Testdom 1920 px, 90 grader"] * 3
    english = list(load_workbook(en / "plan.xlsx")["Cameras"].iter_rows(values_only=True))
    assert [row[english[0].index("model_name")] for row in english[1:]] == [
        "Test dome 1920 px, 90 degrees"] * 3
    # yes and no in words, as report.md's table (a Swedish Excel had shown SANT and FALSKT)
    yes_no = {True: "ja", False: "nej"}
    assert table["Krävd av scenariot"].tolist() == [
        yes_no[v] for v in register["required_by_scenario"]]
    assert table["Ungefärlig position"].tolist() == [
        yes_no[v] for v in register["position_approximate"]]
    assert not [v for row in rows for v in row if isinstance(v, bool)]
    assert set(register["status"]) == {"existing", "new"}  # (the CSV keeps English)
    words = {"lamp_post": "belysningsstolpe", "pole": "stolpe", "facade": "fasad"}
    assert table["Monteringstyp"].tolist() == [words[m] for m in register["mount_type"]]
    # each orientation the register's bearing in Swedish: "22.5° (NE)" is "22,5° (NO)"
    compass = {"N": "N", "NE": "NO", "E": "O", "SE": "SO", "S": "S", "SW": "SV", "W": "V",
               "NW": "NV"}
    assert table["Riktning (från geografisk nord)"].tolist() == [
        f"{deg.replace('.', ',')} ({compass[point.strip('()')]})"
        for deg, point in register["orientation"].str.split(" ")]
    # beside it the numbers: from true north, and the grid bearing of the plan's CRS
    at = rows[0].index("Riktning (från geografisk nord)")
    assert rows[0][at - 2: at + 4] == (
        "Modell", "Modellnamn", "Riktning (från geografisk nord)", "Riktning från geografisk nord (°)",
        "Riktning från kartnord (°)", "Bildvinkel (°)")
    assert table["Riktning från geografisk nord (°)"].tolist() == (
        register["orientation_true_deg"].tolist())
    assert table["Riktning från kartnord (°)"].tolist() == register["orientation_deg"].tolist()
    assert table.loc[register.index[register["site_id"] == "old"][0],
                     "Riktning (från geografisk nord)"] == "271,0° (V)"
    summary = {row[0]: row[1] for row in book["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Uppgift"] == "Värde"
    assert summary["Budget (kr)"] == 60_000
    assert summary["Befintliga kameror"] == 1
    assert summary["Personuppgiftsansvarig (surveillance.operator)"] == (
        "Tiny kommun, kommunstyrelsen")
    assert summary["Kontakt (surveillance.contact)"] == "(att besluta)"
    # the coded values in words too (they had read "optimal", "proof", "exclude", "observe")
    assert summary["Optimeringsstatus"] == "optimal"
    assert summary["Avslutsorsak"] == "bevisat optimal (reproducerbart)"
    assert summary["Årliga kostnader inräknade"] == "ja"  # (had read SANT in a Swedish Excel)
    # (at the rule's level or better, the next item: not every view into a zone)
    assert summary["Integritetsregel"] == ("uteslut kameror som ser in i integritetszoner från "
                                           "regelns DORI-nivå")
    assert round(summary["Täckt befolkning (graderad)"]) == 143  # (had read as people)
    assert summary["Integritetsregelns DORI-nivå"] == "observera"
    areas = list(book["Områden"].iter_rows(values_only=True))
    assert areas[0][:4] == ("Område (id)", "Namn", "Befolkning", "Prioritet")
    assert {r[1] for r in areas[1:]} == {"East side", "West side"}  # names as given


def _capture_figures(monkeypatch) -> list[dict[str, Any]]:
    """Record each figure's texts as it is saved: titles, axis labels, legend and annotations."""
    seen: list[dict[str, Any]] = []
    save = matplotlib.figure.Figure.savefig

    def savefig(fig: matplotlib.figure.Figure, *args: Any, **kwargs: Any) -> None:
        ax = fig.axes[0]
        legend = ax.get_legend() or fig.legends[0]
        fig.canvas.draw()  # (tick labels are made when drawn)
        seen.append({
            "ticks": [t.get_text() for a in fig.axes for t in a.get_xticklabels()
                      + a.get_yticklabels()],
            "title": ax.get_title(),
            "labels": [a.get_xlabel() for a in fig.axes] + [a.get_ylabel() for a in fig.axes],
            "legend": [text.get_text() for text in legend.get_texts()],
            "texts": [text.get_text() for a in fig.axes for text in a.texts]
                     + [text.get_text() for text in fig.texts],
        })
        save(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    return seen


def test_drawings_are_in_the_plans_language(town, tmp_path, monkeypatch):
    seen = _capture_figures(monkeypatch)
    for k, scenario in enumerate(town):
        (tmp_path / str(k)).mkdir()
        write_drawings(plan(load_scenario(scenario)), tmp_path / str(k))
    en_east, en_west, sv_east, sv_west = seen
    # (every camera new, or none: "2 cameras, 2 new" and "1 camera, 0 new" had stood)
    assert en_east["title"] == "East side (east): recording areas of 2 new cameras"
    # (the count is known: "camera(s)" had stood for one and many alike)
    assert en_west["title"] == "West side (west): recording areas of 1 existing camera"
    assert en_east["legend"] == ["recorded (by day)", "recorded at observe level or better",
                                 "privacy zone", "planned area"]
    assert sv_east["title"] == "East side (east): upptagningsområden för 2 nya kameror"
    assert sv_west["title"] == "West side (west): upptagningsområden för 1 befintlig kamera"
    assert sv_east["legend"] == ["upptagningsområde (dagtid)", "upptagningsområde på nivån observera eller bättre",
                                 "integritetszon", "områdesgräns"]
    assert "Östlig koordinat [meter]" in sv_east["labels"]
    assert "C003 (befintlig)" in sv_west["texts"] and "C003 (existing)" in en_west["texts"]
    assert any(text.endswith("meter. Kamerornas beteckningar enligt register.csv.") for text in sv_east["texts"])


def test_sweep_documents_are_in_swedish_and_its_tables_are_not(town, tmp_path, monkeypatch):
    seen = _capture_figures(monkeypatch)
    outs = []
    for scenario, name in zip(town, ("en", "sv"), strict=True):
        assert main(["-q", "sweep", str(scenario), "--budgets", "30000,60000", "--workers", "1",
                     "--out", str(tmp_path / name)]) == 0
        outs.append(tmp_path / name)
    en, sv = outs
    for name in ("curve.csv", "marginal.csv", "areas.csv"):
        assert (sv / name).read_bytes() == (en / name).read_bytes(), name
    report = (sv / "report.md").read_text(encoding="utf-8").splitlines()
    # (headed by the scenario's title, its name beneath: it had been headed by the name)
    assert report[:3] == ["# Täckning mot budget: Tiny test town", "", "Scenario: tiny"]
    assert ("| budget (kr) | använt (kr) | nya kameror | täckt befolkning (graderad) | täckt andel | "
            "samma kameror nattetid: täckt andel | täckt befolkning nattetid (graderad) | status | "
            "optimalitetsgap |") in report
    assert "## Vad nästa miljon ger" in report
    assert "| 30\u202f000 |" in "\n".join(report)
    assert "| från (kr) | till (kr) | ökning av täckt befolkning (graderad) | per miljon kr |" in report
    plot = next(s for s in seen if s["title"] == "Täckning mot budget: Tiny test town")
    assert "Budget (mnkr)" in plot["labels"]
    assert "Täckt andel av det viktade behovet (%)" in plot["labels"]
    assert plot["legend"] == ["täckt befolkning", "täckt andel", "samma kameror nattetid"]
    book = load_workbook(sv / "curve.xlsx")
    assert book.sheetnames == ["Kurva", "Marginalnytta", "Områden"]
    header = next(book["Kurva"].iter_rows(values_only=True))
    assert header[:3] == ("Budget (kr)", "Använt (kr)", "Målfunktionsvärde")
    assert load_workbook(en / "curve.xlsx").sheetnames == ["Curve", "Marginal", "Areas"]

    # the codes in words (the stop reason had stayed "proof"), the ticks as Swedish writes them
    rows = list(book["Kurva"].iter_rows(values_only=True))
    stopped = rows[0].index("Avslutsorsak")
    assert {r[stopped] for r in rows[1:]} <= {"bevisat optimal (reproducerbart)",
                                              "girig heuristik (reproducerbart)"}
    ticks = plot["ticks"]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks), ticks
    english = next(s for s in seen if s["title"] == "Coverage against budget: Tiny test town")
    assert any("." in t for t in english["ticks"])

def test_comparison_workbook_is_in_swedish_and_its_tables_are_not(town, tmp_path):
    outs = []
    for given, name in zip(town, ("en", "sv"), strict=True):
        scenario = given.with_name(f"{given.stem}_variant.toml")  # (the same data files)
        scenario.write_text(given.read_text(encoding="utf-8")
                            + "\n[variants.half]\nbudget.total_sek = 30000\n", encoding="utf-8")
        assert main(["-q", "compare", str(scenario), f"{scenario}#half", "--out",
                     str(tmp_path / name)]) == 0
        outs.append(tmp_path / name)
    en, sv = outs
    for name in ("difference.csv", "areas.csv", "cameras.csv"):
        assert (sv / name).read_bytes() == (en / name).read_bytes(), name
    book = load_workbook(sv / "compare.xlsx")
    # (first what the solver establishes of the difference)
    assert book.sheetnames == ["Skillnad", "Områden", "Kameror"]
    assert load_workbook(en / "compare.xlsx").sheetnames == ["Difference", "Areas", "Cameras"]
    difference = list(book["Skillnad"].iter_rows(values_only=True))
    # what A and B are, first (the sheet had begun at "Målfunktionsvärde A"): titles and
    # scenarios as report.md gives them, and the budgets
    assert difference[:6] == [("Uppgift", "Värde"), ("Plan A", "Tiny test town (scenario tiny)"),
                              ("Budget A (kr)", 60_000),
                              ("Plan B", "Tiny test town (scenario tiny:half)"),
                              ("Budget B (kr)", 30_000), ("Målfunktionsvärde A", difference[5][1])]
    assert book["Skillnad"]["B3"].number_format == "#,##0"
    areas = next(book["Områden"].iter_rows(values_only=True))
    assert areas[:5] == ("Område (id)", "Namn", "Befolkning", "Täckt andel A",
                         "Täckt befolkning A (graderad)")
    cameras = list(book["Kameror"].iter_rows(values_only=True))
    assert cameras[0][:2] == ("Ändring", "Monteringsplats (id)")
    assert len(cameras) > 1
    # each change in Swedish words, row by row as cameras.csv has it in English ("moved" is
    # the same mount re-aimed or another model: ändrad, as the map says, not flyttad)
    words = {"added": "tillagd", "removed": "borttagen", "moved": "ändrad"}
    changes = pd.read_csv(sv / "cameras.csv")["change"].tolist()
    assert [row[0] for row in cameras[1:]] == [words[c] for c in changes]
    required = cameras[0].index("Krävd av scenariot")
    assert [row[required] for row in cameras[1:]] == [
        {True: "ja", False: "nej"}[v] for v in pd.read_csv(sv / "cameras.csv")["required_site"]]
    assert (sv / "b" / "report.md").read_text(encoding="utf-8").startswith("# Kameraplan:")
    # the comparison's own report.md, in the plans' language (A's)
    report = (sv / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Jämförelse av två kameraplaner\n")
    # (grouped as Swedish writes numbers: "60000" had stood beside "60 000 kr")
    assert "`budget.total_sek` 60\u202f000 (A), 30\u202f000 (B)" in report
    assert (en / "report.md").read_text(encoding="utf-8").startswith(
        "# Comparison of two camera plans\n")


def test_documented_incidents_are_told_in_swedish(tmp_path):
    from tests.test_surveillance_record import write_incidents

    folder = tmp_path / "t"
    folder.mkdir()
    name = write_incidents(folder, dates=["2024-03-01 22:15", "", "2024-05-01", "2024-01-15"],
                           keep=["i1", "i3"])
    scenario = write_town(folder)
    scenario.write_text('language = "sv"\n' + scenario.read_text().replace(
        'cameras = "cameras.toml"', f'cameras = "cameras.toml"\nincidents = "{name}"'))
    # 2 cameras: lamp-1's (facing east) sees incident i1, lamp-2's in the west area none
    assert main(["-q", "plan", str(scenario), "--set", "budget.total_sek=60000", "--out",
                 str(tmp_path / "out")]) == 0
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert ("Dokumenterade händelser (`data.incidents`): 2, från 2024-03-01 till 2024-05-01; "
            "1 med klockslag, varav 1 mellan 18:00 och 06:00. 1 ligger inom bilden för planens nya "
            "kameror (varav 1 mellan 18:00 och 06:00).") in report
    assert "1 av de 2 nya kamerorna har ingen dokumenterad händelse i bild: C00" in report
    assert "| Händelser i bild |" in report


def test_swedish_table_cells_keep_their_no_break_spaces():
    # md_text had turned "3 616"'s narrow no-break space into a plain space that may wrap
    from planner._report_markdown import _md_table, md_text

    assert md_text(" 3\u202f616 kr\n\t(en\u00a0rad) ") == "3\u202f616 kr (en\u00a0rad)"
    table = _md_table(pd.DataFrame({"covered_population": [3616.4], "cost_sek": [1234567.0]}),
                      language="sv")
    assert table.splitlines()[-1] == "| 3\u202f616 | 1\u202f234\u202f567 |"
    assert _md_table(pd.DataFrame({"x": [3616.4]})).splitlines()[-1] == "| 3,616 |"


def test_register_orientations_are_worded_anew_in_swedish():
    from planner.report import _orientation

    assert _orientation(22.5) == "22.5° (NE)" and _orientation(22.5, "sv") == "22,5° (NO)"
    assert _orientation(270.0, "sv") == "270,0° (V)"
