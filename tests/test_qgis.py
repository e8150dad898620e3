"""plan.gpkg opened in QGIS: each layer drawn as the plan's map draws it (real QGIS).

The styles are checked as QGIS itself reads them (Debian's QGIS, through ``tests/qgis_probe.py``
run by the system's Python): the default style QGIS applies on opening a layer, its rules'
colours against the map's own colour constants, which rule QGIS puts each feature under against
the features' values, the drawing order and the colours of a rendering against alpha
compositing computed here. A GeoPackage whose layer's style an analyst saved in it with QGIS is
read as the one layer it holds.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

from planner._gpkg_styles import BUILDING_FILLS, data_styles, plan_styles, style_table
from planner._io_output import write_gpkg
from planner._map_html import (
    COVERAGE_STOPS,
    LEVEL_COLORS,
    MARKER_HEX,
    NO_DATA_COLOR,
    PRIORITY_STOPS,
    interpolate_color,
    model_styles,
)
from planner._report_gpkg import LAYERS as GPKG_LAYERS
from planner.cli import main
from tests.conftest import CRS, X0, Y0, copy_town, sites_with_old_camera, write_town

#: The Python QGIS's bindings are built for (Debian's ``python3-qgis``).
QGIS_PYTHON = Path("/usr/bin/python3")
PROBE = Path(__file__).with_name("qgis_probe.py")


def probe(request: dict[str, Any]) -> dict[str, Any]:
    """QGIS's answer to ``request`` (see ``tests/qgis_probe.py``)."""
    found = subprocess.run([str(QGIS_PYTHON), "-c", "import qgis.core"], capture_output=True,
                           check=False) if QGIS_PYTHON.exists() else None
    if found is None or found.returncode:
        pytest.fail("QGIS's Python bindings are missing: apt-get install -y "
                    "--no-install-recommends python3-qgis qgis-providers (make qgis)")
    done = subprocess.run([str(QGIS_PYTHON), str(PROBE)], input=json.dumps(request),
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def rgba(color: str, alpha: float = 1.0) -> list[int]:
    return [int(color[k:k + 2], 16) for k in (1, 3, 5)] + [round(alpha * 255)]


def over(below: list[float], color: str, alpha: float) -> list[float]:
    """``color`` at ``alpha`` painted over ``below`` (source-over)."""
    top = rgba(color)[:3]
    return [t * alpha + b * (1 - alpha) for t, b in zip(top, below, strict=True)]


def near(got: list[int], want: list[float], tolerance: int = 3) -> bool:
    return all(abs(g - w) <= tolerance for g, w in zip(got[:3], want, strict=True))


# ---------------------------------------------------------------------------------------------
# every layer's style on hand-made features: which rule QGIS gives each feature

AREA_PRIORITIES = [0.0, 0.19, 0.2, 0.5, 0.8, 1.0, None]
AREA_SHARES = [0.05, 0.25, 0.45, 0.65, 0.95, 1.0, None]


def square(k: int, size: float = 10.0) -> Any:
    return box(X0 + 20 * k, Y0, X0 + 20 * k + size, Y0 + size)


def hand_made_layers() -> list[tuple[str, gpd.GeoDataFrame]]:
    """One feature per case of each rule, in the plan's layer names and columns."""
    cameras = gpd.GeoDataFrame({
        "camera": ["C001", "C002", "C003", "C004"],
        "status": ["new", "new", "existing", "new"],
        "model": ["zoom-b", "dome-a", "dome-a", "zoom-b"],
        "model_name": ["Zoom B", "Dome A", "Dome A", "Zoom B"],
        "model_name_sv": ["Zoom B sv", "Dom A", "Dom A", "Zoom B sv"],
        "orientation_deg": [0.0, 90.0, 180.0, 45.0],
    }, geometry=[Point(X0 + 40 * k, Y0 - 50) for k in range(4)], crs=CRS)
    views = gpd.GeoDataFrame({
        "camera": ["C001", "C002"], "option_id": [0, 1], "level": [4, 1]},
        geometry=[box(X0, Y0 + 100, X0 + 20, Y0 + 120), box(X0 + 10, Y0 + 100, X0 + 30, Y0 + 120)],
        crs=CRS)
    areas = gpd.GeoDataFrame({
        "area_id": [f"a{k}" for k in range(len(AREA_PRIORITIES))],
        "name": [f"Area {k}" for k in range(len(AREA_PRIORITIES))],
        "priority": AREA_PRIORITIES, "covered_share_after": AREA_SHARES,
    }, geometry=[square(k) for k in range(len(AREA_PRIORITIES))], crs=CRS)
    places = gpd.GeoDataFrame({"place_id": ["p1", "p2"], "n_points": [5, 0]},
                              geometry=[square(k) for k in range(2)], crs=CRS)
    zones = gpd.GeoDataFrame({
        "zone_id": ["z1", "z2", "z3"],
        "cameras_in_view": ["C001, C002", "C002", ""],
        "cameras_at_privacy_level": ["C001", "", ""],
    }, geometry=[square(k) for k in range(3)], crs=CRS)
    mounts = gpd.GeoDataFrame({
        "site_id": ["m1", "m2", "m3", "m4"],
        "chosen": [True, False, False, False],
        "add_blocked": ["", "rule", "", None],
    }, geometry=[Point(X0 + 10 * k, Y0 - 100) for k in range(4)], crs=CRS)
    return [("cameras", cameras), ("views", views), ("areas", areas), ("places", places),
            ("privacy_zones", zones), ("mounts", mounts)]


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """QGIS's reading of the hand-made layers' GeoPackage, in English and in Swedish."""
    layers = hand_made_layers()
    keys = {"cameras": "camera", "views": "level", "areas": "area_id", "places": "place_id",
            "privacy_zones": "zone_id", "mounts": "site_id"}
    answers = {}
    for language in ("en", "sv"):
        path = tmp_path_factory.mktemp("qgis") / "plan.gpkg"
        styles = plan_styles(layers, language=language, privacy_level="recognise")
        write_gpkg(layers, path, styles=style_table(styles))
        views = layers[1][1]
        answers[language] = probe({
            "gpkg": str(path), "layers": list(keys), "key": keys, "every_style": True,
            "render": {"layers": ["views"], "extent": [X0, Y0 + 100, X0 + 30, Y0 + 120],
                       "size": [300, 200], "labels": False,
                       "points": [[X0 + 5, Y0 + 110], [X0 + 15, Y0 + 110], [X0 + 25, Y0 + 110]]},
        }) | {"views_frame": views}
    return answers


def matched(answer: dict[str, Any], layer: str) -> dict[Any, list[str]]:
    return {key: labels for key, labels in answer[layer]["features"]}


def test_qgis_opens_every_layer_with_its_rules_and_puts_each_feature_under_one(hand_made):
    en = hand_made["en"]
    for layer in ("cameras", "views", "areas", "places", "privacy_zones", "mounts"):
        assert en[layer]["valid"] and en[layer]["renderer"] == "RuleRenderer", layer
        for key, labels in en[layer]["features"]:
            assert len(labels) == 1, (layer, key, labels)
    # the cameras: existing grey, the new by model in the map's colours (sorted model ids)
    colours = model_styles(["zoom-b", "dome-a", "zoom-b"])
    assert matched(en, "cameras") == {"C001": ["Zoom B"], "C002": ["Dome A"],
                                      "C003": ["Existing camera"], "C004": ["Zoom B"]}
    rules = {r["label"]: r for r in en["cameras"]["rules"]}
    assert rules["Existing camera"]["color"] == rgba(MARKER_HEX["gray"])
    assert rules["Dome A"]["color"] == rgba(MARKER_HEX[colours["dome-a"][0]])
    assert rules["Zoom B"]["color"] == rgba(MARKER_HEX[colours["zoom-b"][0]])
    assert {r["angle_field"] for r in rules.values()} == {"orientation_deg"}
    assert {r["shape"] for r in rules.values()} == {"arrow"}
    assert en["cameras"]["labels"] == "camera"
    # the views: the map's purples at its opacity, drawn by level (the best on top)
    assert [(r["label"], r["color"]) for r in en["views"]["rules"]] == [
        (f"{name} (level {n})", rgba(LEVEL_COLORS[n], 0.35))
        for n, name in ((4, "identify"), (3, "recognise"), (2, "observe"), (1, "detect"))]
    assert en["views"]["order_by"] == [['"level"', True]]
    # the areas: five classes of priority, each in the ramp's colour at its middle, no value grey
    assert matched(en, "areas") == {
        "a0": ["0–0.2"], "a1": ["0–0.2"], "a2": ["0.2–0.4"], "a3": ["0.4–0.6"],
        "a4": ["0.8–1"], "a5": ["0.8–1"], "a6": ["no value"]}
    assert [r["color"] for r in en["areas"]["rules"]] == [
        rgba(interpolate_color(PRIORITY_STOPS, m), 0.5) for m in (0.1, 0.3, 0.5, 0.7, 0.9)
    ] + [rgba(NO_DATA_COLOR, 0.5)]
    assert en["areas"]["labels"] == "name"
    # the covered share: the second style, listed, not the default; its five classes of 0 to
    # 100 % here (a share of 1.0 among the areas), as QGIS applies it from the file
    assert en["areas"]["styles"] == ["Areas by priority", "Areas by covered share"]
    shares = en["areas"]["by_style"]["Areas by covered share"]
    assert {key: labels for key, labels in shares["features"]} == {
        "a0": ["0–20 %"], "a1": ["20–40 %"], "a2": ["40–60 %"], "a3": ["60–80 %"],
        "a4": ["80–100 %"], "a5": ["80–100 %"], "a6": ["no value"]}
    assert [r["color"] for r in shares["rules"]] == [
        rgba(interpolate_color(COVERAGE_STOPS, m), 0.5) for m in (0.1, 0.3, 0.5, 0.7, 0.9)
    ] + [rgba(NO_DATA_COLOR, 0.5)]
    assert matched(en, "places") == {"p1": ["Place the plan counts"],
                                     "p2": ["Place in no planned area"]}
    assert matched(en, "privacy_zones") == {"z1": ["Seen at recognise or better"],
                                            "z2": ["Seen (detect)"], "z3": ["Not seen"]}
    assert matched(en, "mounts") == {"m1": ["Camera of the plan"], "m2": ["No new camera here"],
                                     "m3": ["Could take a camera"], "m4": ["Could take a camera"]}


def test_the_legend_is_in_the_plans_language_the_filters_in_the_datas_codes(hand_made):
    en, sv = hand_made["en"], hand_made["sv"]
    assert matched(sv, "cameras") == {"C001": ["Zoom B sv"], "C002": ["Dom A"],
                                      "C003": ["Befintlig kamera"], "C004": ["Zoom B sv"]}
    assert [r["label"] for r in sv["views"]["rules"]] == [
        "identifiera (nivå 4)", "känna igen (nivå 3)", "observera (nivå 2)", "upptäcka (nivå 1)"]
    assert matched(sv, "privacy_zones")["z1"] == ["Ses på nivån känna igen eller bättre"]
    assert sv["areas"]["styles"] == ["Områden efter prioritet", "Områden efter täckt andel"]
    for layer in ("cameras", "views", "areas", "places", "privacy_zones", "mounts"):
        assert [r["filter"] for r in sv[layer]["rules"]] == [
            r["filter"] for r in en[layer]["rules"]], layer
        assert [r["color"] for r in sv[layer]["rules"]] == [
            r["color"] for r in en[layer]["rules"]], layer


def test_qgis_draws_the_best_level_on_top_whatever_the_features_order(hand_made):
    """Identify (first in the file) and detect (after it) overlap in the middle third: drawn by
    level, detect goes under identify, as on the map; in the file's order it would go over."""
    got = hand_made["en"]["render"]["colours"]
    white = [255.0, 255.0, 255.0]
    only_identify = over(white, LEVEL_COLORS[4], 89 / 255)
    both = over(over(white, LEVEL_COLORS[1], 89 / 255), LEVEL_COLORS[4], 89 / 255)
    file_order = over(over(white, LEVEL_COLORS[4], 89 / 255), LEVEL_COLORS[1], 89 / 255)
    only_detect = over(white, LEVEL_COLORS[1], 89 / 255)
    assert near(got[0], only_identify)
    assert near(got[1], both) and not near(got[1], file_order)
    assert near(got[2], only_detect)


def test_a_plan_without_features_in_a_layer_still_gets_its_style(tmp_path):
    """Every layer empty: each still opens in QGIS under its rules (the cameras' only the
    existing cameras' rule, no model being in the plan)."""
    layers = [(name, frame.iloc[:0]) for name, frame in hand_made_layers()]
    styles = plan_styles(layers)
    assert [s.layer for s in styles] == [
        "cameras", "views", "areas", "areas", "places", "privacy_zones", "mounts"]
    cameras = next(s for s in styles if s.layer == "cameras")
    assert [r.label for r in cameras.rules] == ["Existing camera"]
    path = tmp_path / "plan.gpkg"
    write_gpkg(layers, path, styles=style_table(styles), empty_types=GPKG_LAYERS)
    answer = probe({"gpkg": str(path), "layers": [name for name, _ in layers]})
    for name, _frame in layers:
        assert answer[name]["valid"] and answer[name]["count"] == 0, name
        assert answer[name]["renderer"] == "RuleRenderer", name
        assert [r["label"] for r in answer[name]["rules"]] == [
            r.label for r in next(s for s in styles if s.layer == name).rules], name


def test_the_covered_share_classes_end_where_the_maps_ramp_ends(tmp_path):
    """Shares of 0 to 17 %: the map's ramp ends at 20 %, and so do the five classes (they had
    been fifths of 100 %, every area in the first); the legend in Swedish numbers."""
    from planner._map_layers import share_scale_top

    areas = gpd.GeoDataFrame({
        "area_id": ["a0", "a1", "a2", "a3", "a4"], "name": ["A", "B", "C", "D", "E"],
        "priority": [0.1, 0.3, 0.5, 0.7, 0.9],
        "covered_share_after": [0.0, 0.04, 0.12, 0.15, 0.17],
    }, geometry=[square(k) for k in range(5)], crs=CRS)
    top = share_scale_top(areas["covered_share_after"])
    assert top == 0.2
    path = tmp_path / "plan.gpkg"
    styles = plan_styles([("areas", areas)], language="sv", share_top=top)
    write_gpkg([("areas", areas)], path, styles=style_table(styles))
    answer = probe({"gpkg": str(path), "layers": ["areas"], "key": {"areas": "area_id"},
                    "every_style": True})["areas"]
    assert [r["label"] for r in answer["rules"]] == [
        "0–0,2", "0,2–0,4", "0,4–0,6", "0,6–0,8", "0,8–1", "inget värde"]
    shares = answer["by_style"]["Områden efter täckt andel"]
    assert [r["label"] for r in shares["rules"]] == [
        "0–4 %", "4–8 %", "8–12 %", "12–16 %", "16–20 %", "inget värde"]
    assert {key: labels for key, labels in shares["features"]} == {
        "a0": ["0–4 %"], "a1": ["4–8 %"], "a2": ["12–16 %"], "a3": ["12–16 %"],
        "a4": ["16–20 %"]}


def test_a_privacy_rule_at_detect_has_no_class_for_zones_seen_below_it():
    """Every view sees at detect or better: "Seen (detect)" would stand empty in the legend."""
    zones = dict(hand_made_layers())["privacy_zones"]
    rules = {level: [r.label for r in plan_styles([("privacy_zones", zones)],
                                                  privacy_level=level)[0].rules]
             for level in ("detect", "observe")}
    assert rules == {"detect": ["Seen at detect or better", "Not seen"],
                     "observe": ["Seen at observe or better", "Seen (detect)", "Not seen"]}


# ---------------------------------------------------------------------------------------------
# a plan's own plan.gpkg


@pytest.fixture(scope="module")
def town_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny town with an existing camera, planned in English and in Swedish."""
    root = tmp_path_factory.mktemp("qgis-town")
    scenario = write_town(root / "town", budget=60_000.0, sites=sites_with_old_camera())
    swedish = scenario.with_name("scenario_sv.toml")
    swedish.write_text('language = "sv"\n' + scenario.read_text(encoding="utf-8"),
                       encoding="utf-8")
    outs = []
    for given, name in ((scenario, "en"), (swedish, "sv")):
        assert main(["-q", "plan", str(given), "--out", str(root / name)]) == 0
        outs.append(root / name)
    return outs[0], outs[1]


def test_a_plans_gpkg_opens_in_qgis_as_the_map_draws_it(town_plan):
    """The tiny town: new domes C001 (facing 0°) and C002 (90°) on lamp-1, the existing C003."""
    en, sv = town_plan
    gpkg = en / "plan.gpkg"
    cams = gpd.read_file(gpkg, layer="cameras", engine="pyogrio")
    c001 = cams.set_index("camera").loc["C001"]
    x, y = c001.geometry.x, c001.geometry.y
    assert c001["orientation_deg"] == 0.0
    answer = probe({
        "gpkg": str(gpkg), "layers": ["cameras", "views", "areas", "mounts"], "every_style": True,
        "key": {"cameras": "camera", "areas": "area_id", "mounts": "site_id"},
        "render": {"layers": ["views"], "extent": [x - 8, y - 8, x + 8, y + 8],
                   "size": [320, 320], "labels": False, "points": [[x, y + 2]]},
    })
    assert matched(answer, "cameras") == {"C001": ["Test dome 1920 px, 90 degrees"],
                                          "C002": ["Test dome 1920 px, 90 degrees"],
                                          "C003": ["Existing camera"]}
    # east (priority 1) in the ramp's top class, west (0) in its lowest; their covered shares
    areas = gpd.read_file(gpkg, layer="areas", engine="pyogrio").set_index("area_id")
    assert matched(answer, "areas") == {"east": ["0.8–1"], "west": ["0–0.2"]}
    assert answer["areas"]["styles"] == ["Areas by priority", "Areas by covered share"]
    # covered 16.9 % and 10.5 %: the map's ramp, and the classes, end at 20 %
    assert areas["covered_share_after"].round(3).to_dict() == {"east": 0.169, "west": 0.105}
    shares = answer["areas"]["by_style"]["Areas by covered share"]
    assert {key: labels for key, labels in shares["features"]} == {
        "east": ["16–20 %"], "west": ["8–12 %"]}
    assert matched(answer, "mounts") == {"lamp-1": ["Camera of the plan"],
                                         "old": ["Camera of the plan"]}
    # 2 m in front of C001: inside its four views (nested sectors), no other camera's; the
    # four fills composited in level order over white
    views = gpd.read_file(gpkg, layer="views", engine="pyogrio")
    inside = views[views.contains(Point(x, y + 2))].sort_values("level", kind="stable")
    assert inside["camera"].tolist() == ["C001"] * 4
    want = [255.0, 255.0, 255.0]
    for level in inside["level"]:
        want = over(want, LEVEL_COLORS[int(level)], 89 / 255)
    assert near(answer["render"]["colours"][0], want)
    # the Swedish plan's file: the same layers and rules, its legend in Swedish
    swedish = probe({"gpkg": str(sv / "plan.gpkg"), "layers": ["cameras", "areas"],
                     "key": {"cameras": "camera"}})
    assert matched(swedish, "cameras")["C003"] == ["Befintlig kamera"]
    assert swedish["areas"]["styles"] == ["Områden efter prioritet", "Områden efter täckt andel"]


def test_a_cameras_arrow_points_where_it_faces(town_plan):
    """C003, alone on its mount, faces 270° (west): the arrow's dark pixels lie along the x axis,
    and most of them (the head) ahead of the mount."""
    gpkg = town_plan[0] / "plan.gpkg"
    camera = gpd.read_file(gpkg, layer="cameras", engine="pyogrio").set_index("camera").loc["C003"]
    assert camera["orientation_deg"] == 270.0
    point = camera.geometry
    shown = probe({"gpkg": str(gpkg), "layers": [], "render": {
        "layers": ["cameras"], "extent": [point.x - 3, point.y - 3, point.x + 3, point.y + 3],
        "size": [200, 200], "labels": False, "pixels": [point.x, point.y]}})["render"]["pixels"]
    offsets = np.array(shown["dark"], dtype=float) - np.array(shown["centre"])
    facing = math.radians(270.0)
    ahead = np.array([math.sin(facing), -math.cos(facing)])  # image rows grow downwards
    along, across = offsets @ ahead, offsets @ np.array([ahead[1], -ahead[0]])
    # an arrow 5 mm long (about 19 px at 96 dpi) and its head 3.5 mm wide, the head ahead
    # (unturned, it would point north: 13 px along the bearing, 21 across)
    assert np.ptp(along) > 1.4 * np.ptp(across)
    assert 15 <= np.ptp(along) <= 23
    assert along.mean() > 0


def test_plan_qgs_opens_the_plan_in_the_maps_order_wherever_the_folder_goes(town_plan,
                                                                           tmp_path):
    """The project reads plan.gpkg beside it by a relative path: the folder copied elsewhere
    opens from the copy, each layer in its file's default style, in the plan's CRS and view."""
    en, sv = town_plan
    moved = tmp_path / "moved here"
    shutil.copytree(en, moved)
    answer = probe({"project": str(moved / "plan.qgs")})
    assert answer["read"] and answer["crs"] == "EPSG:3006" and answer["title"] == "Tiny test town"
    areas = gpd.read_file(moved / "plan.gpkg", layer="areas", engine="pyogrio")
    # the town's areas, 40 m tall, widened about their middle to a view 200 m tall
    x0, y0, x1, y1 = areas.total_bounds
    assert x1 - x0 > 200 and y1 - y0 == pytest.approx(40)
    assert answer["extent"] == pytest.approx([x0, (y0 + y1) / 2 - 100, x1, (y0 + y1) / 2 + 100],
                                             abs=1e-3)
    names = [layer["name"] for layer in answer["layers"]]
    assert names == ["Cameras", "Mounts", "Views", "Areas", "OpenStreetMap"]
    for layer in answer["layers"]:
        assert layer["found"] and layer["valid"], layer
    gpkg = probe({"gpkg": str(moved / "plan.gpkg"), "layers": ["cameras", "mounts", "views",
                                                                "areas"]})
    for layer, name in zip(answer["layers"], ("cameras", "mounts", "views", "areas"),
                           strict=False):
        assert layer["source"] == f"{moved / 'plan.gpkg'}|layername={name}"
        assert layer["crs"] == "EPSG:3006"
        assert layer["rules"] == [r["label"] for r in gpkg[name]["rules"]], name
    assert [layer["labels"] for layer in answer["layers"][:4]] == [True, False, False, True]
    assert answer["layers"][2]["order_by"]
    assert answer["layers"][4]["source"].endswith(
        "type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0")
    swedish = probe({"project": str(sv / "plan.qgs")})
    assert [layer["name"] for layer in swedish["layers"]] == [
        "Kameror", "Monteringsplatser", "Vyer", "Områden", "OpenStreetMap"]
    assert swedish["layers"][0]["rules"][0] == "Befintlig kamera"


# ---------------------------------------------------------------------------------------------
# a GeoPackage styled in QGIS, read by the planner


def test_a_layer_whose_style_qgis_saved_in_its_file_is_read_as_the_only_layer(tmp_path,
                                                                             town_files):
    """QGIS's "Save as default" adds ``layer_styles`` to the areas' GeoPackage: the planner
    had asked to name one of its two layers."""
    scenario = copy_town(town_files, tmp_path / "town")
    areas = gpd.read_file(scenario.parent / "areas.geojson", engine="pyogrio")
    gpkg = scenario.parent / "areas.gpkg"
    areas.to_file(gpkg, layer="deso_2018", engine="pyogrio")
    saved = probe({"gpkg": str(gpkg), "save_style": {"layer": "deso_2018"}})
    assert saved["saved"] == {"valid": True, "error": ""}
    import pyogrio

    assert pyogrio.list_layers(gpkg)[:, 0].tolist() == ["deso_2018", "layer_styles"]
    text = scenario.read_text(encoding="utf-8").replace('areas = "areas.geojson"',
                                                       'areas = "areas.gpkg"')
    scenario.write_text(text, encoding="utf-8")
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    planned = pd.DataFrame(gpd.read_file(tmp_path / "out" / "areas.geojson", engine="pyogrio"))
    assert planned["area_id"].tolist() == ["east", "west"]


def test_a_cameras_gpkg_styled_in_qgis_is_read_by_evaluate(town_plan, tmp_path):
    """plan.gpkg holds layer_styles beside its layers; a one-layer cameras file saved with its
    style in QGIS is read as that one layer."""
    en = town_plan[0]
    cams = gpd.read_file(en / "plan.gpkg", layer="cameras", engine="pyogrio")
    own = tmp_path / "mine.gpkg"
    cams.to_file(own, layer="kameror", engine="pyogrio")
    assert probe({"gpkg": str(own), "save_style": {"layer": "kameror"}})["saved"]["valid"]
    scenario = en.parent / "town" / "scenario.toml"
    for given in (en / "plan.gpkg", own):
        out = tmp_path / given.stem
        assert main(["-q", "evaluate", str(scenario), "--cameras", str(given),
                     "--out", str(out)]) == 0, given
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        planned = json.loads((en / "summary.json").read_text(encoding="utf-8"))
        assert summary["objective"] == pytest.approx(planned["objective"], rel=1e-12)


# ---------------------------------------------------------------------------------------------
# an import's layers, as the analyst checks them before planning


def test_an_imports_layers_open_in_qgis_by_kind_and_type(tmp_path):
    """``import osm``'s layers.gpkg: buildings by kind (homes apart), mounts by type."""
    from planner.importers import import_osm

    import_osm("test", tmp_path / "out", lamp_spacing_m=30.0)
    gpkg = tmp_path / "out" / "layers.gpkg"
    keys = {"areas": "area_id", "buildings": "building_id", "sites": "site_id",
            "privacy_zones": "zone_id"}
    present = {name: gpd.read_file(gpkg, layer=name, engine="pyogrio") for name in keys}
    answer = probe({"gpkg": str(gpkg), "layers": [n for n in keys if len(present[n])],
                    "key": keys})
    words = {"residential": "Residential (homes)", "commercial": "Commercial",
             "public": "Public", "other": "Other or not known"}
    mounts = {"lamp_post": "Lamp post", "pole": "Pole", "facade": "Façade"}
    buildings = present["buildings"].set_index("building_id")
    assert len(buildings) > 0 and (buildings["kind"] == "residential").any()
    assert matched(answer, "buildings") == {
        b: [words[kind if kind in BUILDING_FILLS else "other"]]
        for b, kind in buildings["kind"].items()}
    rules = {r["label"]: r["color"] for r in answer["buildings"]["rules"]}
    assert rules["Residential (homes)"] == rgba(BUILDING_FILLS["residential"][0], 0.8)
    sites = present["sites"].set_index("site_id")
    assert matched(answer, "sites") == {s: [mounts[t]] for s, t in sites["mount_type"].items()}
    for layer in answer.values():
        assert all(len(labels) == 1 for _key, labels in layer["features"])


def test_data_styles_give_every_kind_its_rule_and_the_rest_other(tmp_path):
    buildings = gpd.GeoDataFrame(
        {"building_id": ["b1", "b2", "b3", "b4", "b5"],
         "kind": ["residential", "commercial", "public", "other", None]},
        geometry=[square(k) for k in range(5)], crs=CRS)
    sites = gpd.GeoDataFrame({"site_id": ["s1", "s2", "s3"],
                              "mount_type": ["lamp_post", "pole", "facade"]},
                             geometry=[Point(X0 + 10 * k, Y0 - 30) for k in range(3)], crs=CRS)
    layers = [("buildings", buildings), ("sites", sites)]
    path = tmp_path / "layers.gpkg"
    write_gpkg(layers, path, styles=style_table(data_styles(layers, language="sv")))
    answer = probe({"gpkg": str(path), "layers": ["buildings", "sites"],
                    "key": {"buildings": "building_id", "sites": "site_id"}})
    assert matched(answer, "buildings") == {
        "b1": ["Bostäder"], "b2": ["Handel och kontor"], "b3": ["Offentliga"],
        "b4": ["Annat eller okänt"], "b5": ["Annat eller okänt"]}
    assert matched(answer, "sites") == {"s1": ["Belysningsstolpe"], "s2": ["Stolpe"],
                                        "s3": ["Fasad"]}
    assert [r["shape"] for r in answer["sites"]["rules"]] == ["circle", "square", "triangle"]


def test_a_project_of_every_layer_lists_the_areas_second_style_in_its_styles_menu(tmp_path):
    """The hand-made layers, places and privacy zones too, in a project: the map's order, the
    covered-share style in the areas' Styles menu (the priority style current), a title with a
    form feed pasted in still a project QGIS reads, and a view of no size (one mount, no
    areas) opened 200 m wide."""
    from planner._qgis_project import project_xml

    layers = hand_made_layers()
    styles = plan_styles(layers, privacy_level="recognise")
    write_gpkg(layers, tmp_path / "plan.gpkg", styles=style_table(styles))
    (tmp_path / "plan.qgs").write_text(project_xml(
        layers, styles, title="Plan\x0c for Tiny town", crs=CRS, extent=(X0, Y0, X0, Y0)),
        encoding="utf-8")
    answer = probe({"project": str(tmp_path / "plan.qgs")})
    assert answer["read"] and answer["title"] == "Plan for Tiny town"
    assert answer["extent"] == pytest.approx([X0 - 100, Y0 - 100, X0 + 100, Y0 + 100])
    assert [layer["name"] for layer in answer["layers"]] == [
        "Cameras", "Mounts", "Privacy zones", "Places", "Views", "Areas", "OpenStreetMap"]
    by_name = {layer["name"]: layer for layer in answer["layers"]}
    for name, layer in by_name.items():
        assert layer["found"] and layer["valid"], name
    assert by_name["Privacy zones"]["rules"] == [
        "Seen at recognise or better", "Seen (detect)", "Not seen"]
    assert by_name["Places"]["rules"] == ["Place the plan counts", "Place in no planned area"]
    areas = by_name["Areas"]
    assert areas["current_style"] == "Areas by priority"
    assert areas["styles"] == {
        "Areas by priority": ["0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1", "no value"],
        "Areas by covered share": ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %",
                                   "no value"]}
    assert areas["rules"] == areas["styles"]["Areas by priority"]
    assert by_name["Views"]["styles"] == {"default": by_name["Views"]["rules"]}  # (QGIS's name)
