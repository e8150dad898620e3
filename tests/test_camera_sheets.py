"""Installation sheets (``plan --camera-sheets``): one page per new camera, for the installer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import matplotlib.colors
import matplotlib.image
import numpy as np
import pytest
from shapely.geometry import box

from planner._cli_parser import _parser
from planner._report_register import register_for_people
from planner.camera_sheets import write_camera_sheets
from planner.plan import plan
from planner.report import camera_register
from planner.scenario import load_scenario
from tests.conftest import CRS, X0, Y0, sites_with_old_camera, write_town

#: a privacy zone 26 to 28 m east of the new cameras' mount: in the east-facing camera's view at
#: detect level only (observe reaches 15.4 m), which the privacy rule allows
ZONE = box(X0 + 25, Y0 - 1, X0 + 27, Y0 + 1)
LONG_TITLE = "Kommunens kameraplan med en titel som är mycket längre än en rad " * 4


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> dict:
    """The town with an existing camera and a zone, solved once; its sheets in both languages.

    Each figure's table cells (as drawn) and its map's data-to-pixel transform are recorded as
    the sheet is saved.
    """
    import matplotlib.figure

    root = tmp_path_factory.mktemp("sheets")
    # (one new camera, 30,000 SEK, beside the old one: each sheet drawn costs 0.4 s)
    scenario = write_town(root / "town", budget=30_000.0, sites=sites_with_old_camera())
    gpd.GeoDataFrame({"zone_id": ["z1"], "kind": ["home"]}, geometry=[ZONE], crs=CRS).to_file(
        root / "town" / "zones.gpkg", engine="pyogrio")
    catalogue = root / "town" / "cameras.toml"  # (with a Swedish name, for a Swedish sheet)
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        'name = "Test dome 1920 px, 90 degrees"',
        'name = "Test dome 1920 px, 90 degrees"\nname_sv = "Testkupol 1920 px, 90 grader"'),
        encoding="utf-8")
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace('cameras = "cameras.toml"',
                                     'cameras = "cameras.toml"\nprivacy_zones = "zones.gpkg"'),
                        encoding="utf-8")
    solved = plan(load_scenario(scenario))
    # (the Swedish plan with a title far too long for a line: cut under the sheet's title)
    swedish = dataclasses.replace(solved, summary={
        **solved.summary, "settings": {**solved.summary["settings"], "language": "sv"},
        "title": LONG_TITLE})
    drawn: dict[str, dict] = {}
    save = matplotlib.figure.Figure.savefig

    def savefig(fig, path, *args, **kwargs):
        save(fig, path, *args, **kwargs)  # (drawn: the transforms are the final ones)
        table = next(ax for ax in fig.axes if ax.get_gid() == "table").tables[0]
        cells = table.get_celld()
        rows = 1 + max(r for r, _ in cells)
        renderer = fig.canvas.get_renderer()
        subtitle = next(x for x in fig.texts if x.get_gid() == "subtitle")
        drawn[str(path)] = {
            "subtitle": (subtitle.get_text(), subtitle.get_window_extent(renderer).x1,
                         fig.axes[0].get_window_extent(renderer).x1),
            "caption": next(x for x in fig.texts if x.get_gid() == "caption").get_text(),
            "cells": [(cells[r, 0].get_text().get_text(), cells[r, 1].get_text().get_text())
                      for r in range(rows)],
            "data to pixel": next(ax for ax in fig.axes if ax.get_gid() == "map")
            .transData.frozen()}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matplotlib.figure.Figure, "savefig", savefig)
        (root / "en").mkdir()
        (root / "sv").mkdir()
        english = write_camera_sheets(solved, root / "en")
        svenska = write_camera_sheets(swedish, root / "sv")
    return {"plan": solved, "swedish": swedish, "register": camera_register(solved),
            "en": english, "sv": svenska, "drawn": drawn, "root": root}


def test_one_sheet_per_new_camera_named_as_in_the_register(town):
    register = town["register"]
    assert (register["status"] == "existing").sum() == 1  # (the town's old camera: no sheet)
    new = register.loc[register["status"] == "new", "camera"].tolist()
    assert len(new) >= 1
    for language in ("en", "sv"):
        assert [s.camera for s in town[language]] == new
        assert sorted(p.name for p in (town["root"] / language).iterdir()) == [
            f"{label}.png" for label in new]
    image = matplotlib.image.imread(town["en"][0].path)
    assert image.shape[:2] == (1753, 1240)  # (A4 portrait at 150 dpi)


def test_the_table_shows_the_registers_values_as_drawn(town):
    register = town["register"].set_index("camera")
    cams = town["plan"].cameras.set_index(town["register"]["camera"].to_numpy())
    for sheet in town["en"] + town["sv"]:
        assert town["drawn"][str(sheet.path)]["cells"] == [(r.heading, r.text)
                                                           for r in sheet.rows]
        row = register.loc[sheet.camera]
        values = {r.key: r.value for r in sheet.rows}
        for key in ("site_id", "mount_height_m", "x", "y", "lat", "lon", "model", "hfov_deg",
                    "orientation_deg", "range_identify_m", "range_recognise_m",
                    "range_observe_m", "range_detect_m", "privacy_zone_m2_in_view",
                    "privacy_zone_m2_at_privacy_level"):
            assert values[key] == row[key], (sheet.camera, key)
        assert values["orientation"] == row["orientation_true_deg"]
        for key in ("investment_sek", "yearly_sek", "cost_sek"):
            assert values[key] == cams.loc[sheet.camera, key]
    # the words: English as register.csv writes them, Swedish as plan.xlsx does
    worded = register_for_people(town["register"], town["swedish"], "sv").set_index("camera")
    for sheet, svensk in zip(town["en"], town["sv"], strict=True):
        row = register.loc[sheet.camera]
        text = {r.key: r.text for r in sheet.rows}
        text_sv = {r.key: r.text for r in svensk.rows}
        assert text["x"] == f"{row['x']:.1f}" and text["y"] == f"{row['y']:.1f}"
        assert text_sv["x"] == f"{row['x']:.1f}".replace(".", ",")
        assert text["lat"] == f"{row['lat']:.6f}°"
        assert text_sv["lon"] == f"{row['lon']:.6f}°".replace(".", ",")
        assert text["orientation"] == row["orientation"]  # (e.g. 91.0° (E))
        assert text_sv["orientation"] == worded.loc[sheet.camera, "orientation"]  # (91,0° (O))
        assert text["range_detect_m"] == f"{row['range_detect_m']:.1f} m"
        assert text["model"] == "Test dome 1920 px, 90 degrees (dome)"
        assert text_sv["model"] == "Testkupol 1920 px, 90 grader (dome)"
        assert text["investment_sek"] == "25,000 SEK" and text_sv["investment_sek"] == (
            "25\u202f000 kr")
    # the east-facing camera sees the zone at detect level only: in view, not to be masked
    seeing = [s for s in town["en"] if register.loc[s.camera, "privacy_zone_m2_in_view"] > 0]
    assert [register.loc[s.camera, "orientation_deg"] for s in seeing] == [90.0]
    rows = {r.key: r for r in seeing[0].rows}
    assert rows["privacy_zone_m2_in_view"].text == "yes: 4.0 m² of the whole view"
    assert rows["privacy_zone_m2_at_privacy_level"].text == "no (none at observe level or better)"
    others = {r.key: r.text for r in town["en"][0].rows}
    assert others["same_mount"] == "none"  # (the old camera stands on a mount of its own)


def test_the_wedge_is_drawn_where_the_camera_faces(town):
    """Pixels computed from the map's transform: ahead of the camera in its DORI band's colour,
    behind it and just outside its field of view white."""
    register = town["register"].set_index("camera")
    white = np.ones(3)

    def blend(colour: str) -> np.ndarray:  # (the band's colour at alpha 0.6 over white)
        return 0.6 * np.array(matplotlib.colors.to_rgb(colour)) + 0.4 * white

    for sheet in town["en"]:
        row = register.loc[sheet.camera]
        image = matplotlib.image.imread(sheet.path)[:, :, :3]
        transform = town["drawn"][str(sheet.path)]["data to pixel"]

        def pixel(bearing: float, metres: float, row=row, image=image, transform=transform):
            angle = np.radians(bearing)
            x, y = transform.transform((row["x"] + metres * np.sin(angle),
                                        row["y"] + metres * np.cos(angle)))
            return image[int(image.shape[0] - y), int(x)]

        ahead, half = float(row["orientation_deg"]), float(row["hfov_deg"]) / 2
        detect = float(row["range_detect_m"])
        between = (float(row["range_recognise_m"]) + float(row["range_observe_m"])) / 2
        assert np.abs(pixel(ahead, detect / 2) - blend("#ffe082")).max() <= 2 / 255
        assert np.abs(pixel(ahead, between) - blend("#ffa726")).max() <= 2 / 255
        assert np.abs(pixel(ahead + half - 5, detect / 2) - blend("#ffe082")).max() <= 2 / 255
        assert (pixel(ahead + 180, detect / 2) == white).all()
        assert (pixel(ahead - half - 5, detect / 2) == white).all()
        assert (pixel(ahead, detect * 1.1) == white).all()


def test_the_same_plan_gives_the_same_bytes_and_both_commands_take_the_option(town, tmp_path):
    # (write_plan's and the command's sheets: tests/test_readme.py plans with --camera-sheets)
    again = write_camera_sheets(town["plan"], tmp_path)
    assert [s.path.name for s in again] == [s.path.name for s in town["en"]]
    for sheet, first in zip(again, town["en"], strict=True):
        assert sheet.path.read_bytes() == first.path.read_bytes()
        assert sheet.rows == first.rows
    for command in ("plan", "evaluate"):
        extra = ["--cameras", "c.csv"] if command == "evaluate" else []
        args = _parser().parse_args([command, "s.toml", "--out", "o", *extra, "--camera-sheets"])
        assert args.camera_sheets is True


def test_no_sheet_without_new_cameras(town, tmp_path):
    solved = town["plan"]
    old = dataclasses.replace(solved, cameras=solved.cameras[solved.cameras["existing"]])
    assert write_camera_sheets(old, tmp_path) == []
    assert not list(Path(tmp_path).iterdir())


@pytest.mark.parametrize(("bearing", "hfov", "share", "towards"), [
    (90.0, 90.0, 0.25, (1, 0)),     # (east, a quarter of the disc)
    (0.0, 60.0, 1 / 6, (0, 1)),     # (grid north)
    (225.0, 30.0, 1 / 12, (-1, -1)),  # (south-west)
    (float("nan"), 360.0, 1.0, (0, 0)),  # (all around: the whole disc)
])
def test_a_sector_is_the_field_of_view_from_the_grid_bearing(bearing, hfov, share, towards):
    from planner.camera_sheets import _sector

    wedge = _sector(np.array([100.0, 200.0]), 10.0, bearing, hfov)
    assert wedge.area == pytest.approx(share * np.pi * 100.0, rel=2e-3)
    direction = np.array([wedge.centroid.x - 100.0, wedge.centroid.y - 200.0])
    if any(towards):
        assert np.allclose(direction / np.linalg.norm(direction),
                           np.array(towards) / np.linalg.norm(towards), atol=1e-6)
    else:
        assert np.allclose(direction, 0.0, atol=1e-6)
    band = _sector(np.array([0.0, 0.0]), 10.0, 90.0, 90.0, inner=4.0)  # (a DORI band)
    assert band.area == pytest.approx(0.25 * np.pi * (100.0 - 16.0), rel=2e-3)
    ring = _sector(np.array([0.0, 0.0]), 10.0, float("nan"), 360.0, inner=4.0)  # (all around)
    assert ring.is_valid and len(ring.interiors) == 1
    assert ring.area == pytest.approx(np.pi * (100.0 - 16.0), rel=2e-3)


def test_the_mask_row_says_what_to_mask(town):
    """Seen at the privacy rule's level: masked (the plan keeps the camera on that condition);
    seen below it: masked only where [surveillance] privacy_masking promises it."""
    from planner._lang import pick
    from planner.camera_sheets import _TEXT, _rows
    from planner.cameras import names_in

    solved, register = town["plan"], town["register"].copy()
    i = int(np.flatnonzero(register["status"] == "new")[0])

    def mask(plan, language=None) -> str:
        rows = _rows(plan, register, register_for_people(register, plan, language),
                     names_in(plan.cameras, language), i, pick(_TEXT, language), language,
                     "observe")
        return next(r.text for r in rows if r.key == "privacy_zone_m2_at_privacy_level")

    register.loc[i, ["privacy_zone_m2_in_view", "privacy_zone_m2_at_privacy_level"]] = [4.0, 0.0]
    assert mask(solved) == "no (none at observe level or better)"
    promised = dataclasses.replace(solved, summary={
        **solved.summary, "surveillance": {"privacy_masking": True}})
    assert mask(promised) == "yes: surveillance.privacy_masking = true"
    register.loc[i, "privacy_zone_m2_at_privacy_level"] = 3.2
    assert mask(solved) == "yes: 3.2 m² at observe level or better"
    assert mask(town["swedish"], "sv") == "ja: 3,2 m² på nivån observera eller bättre"



def test_a_long_title_is_cut_to_the_maps_width_and_given_whole_in_the_caption(town):
    for sheet in town["sv"]:
        drawn = town["drawn"][str(sheet.path)]
        subtitle, right, map_right = drawn["subtitle"]
        assert subtitle.startswith("Kommunens kameraplan med en titel")
        assert subtitle.endswith(" …; monteringsplats lamp-1")
        assert right <= map_right
        assert " ".join(drawn["caption"].split()).startswith(" ".join(LONG_TITLE.split()))
    for sheet in town["en"]:  # (a short title whole)
        assert town["drawn"][str(sheet.path)]["subtitle"][0] == "Tiny test town; mount lamp-1"
