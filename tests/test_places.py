"""Public places covered besides the residential grid (``data.places``, :mod:`planner._places`)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import scipy.sparse as sp
from shapely.geometry import LineString, Point, box

from planner._places import (
    DEFAULT_RADIUS_M,
    blind_required,
    place_demand,
    place_shapes,
    place_table,
)
from planner.errors import InputError
from planner.plan import load_inputs, plan
from planner.report import report_markdown, write_plan
from planner.scenario import load_scenario
from tests.conftest import CATALOGUE, CRS, X0, Y0, write_town

#: A 20 m square in area 'west', 4 to 24 m west of mount lamp-2 (X0 - 241, Y0): 5 x 5 nodes of
#: the town's 5 m grid.
SQUARE = box(X0 - 265, Y0 - 10, X0 - 245, Y0 + 10)


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": ["a", "b"]},
                            geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)], crs=CRS)


def _places(geometry: list[object], weight: list[float], **extra: list[object]) -> gpd.GeoDataFrame:
    ids = [f"p{i}" for i in range(len(geometry))]
    return gpd.GeoDataFrame({"place_id": ids, "weight": weight, **extra}, geometry=geometry,
                            crs=CRS)


def _no_buildings() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"building_id": []}, geometry=[], crs=CRS)


def _demand(places: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame | None = None,
            planned: tuple[str, ...] = ("a", "b"), spacing: float = 10.0) -> gpd.GeoDataFrame:
    shapes = place_shapes(places, _areas(), where="places.geojson")
    return place_demand(shapes, _areas(), _no_buildings() if buildings is None else buildings,
                        planned=planned, spacing_m=spacing, max_points=1_000_000)


def test_a_square_gets_its_grid_nodes_and_exactly_its_weight() -> None:
    # a 40 m square on the 10 m grid: 5 x 5 nodes, boundary included, 700 / 25 = 28 each
    out = _demand(_places([box(20, 20, 60, 60)], [700.0]))
    assert len(out) == 25
    assert out["weight"].tolist() == [28.0] * 25
    assert out["weight"].sum() == 700.0
    assert set(out["area_id"]) == {"a"} and set(out["place_id"]) == {"p0"}
    xy = np.column_stack([out.geometry.x, out.geometry.y])
    assert xy[0].tolist() == [20.0, 20.0] and xy[-1].tolist() == [60.0, 60.0]


def test_a_places_shares_are_sums_of_the_plans_own_per_point_values() -> None:
    # p0: points 0 and 1 (weights 3 and 1), p1: point 2 (weight 4), p2: no point. The plan's
    # arrays per point (weight × the best level's value, before and after; weight where seen),
    # as _assemble has them for the areas: each place's shares are their sums over its points
    # by its weight. Camera options 10 and 11 are chosen: 10 sees point 1, 11 point 3 (in no
    # place); option 12, not chosen, sees point 0
    places = _places([box(0, 0, 1, 1)] * 3, [4.0, 4.0, 1.0], name=["Torget", "Stationen", "Parken"])
    demand = gpd.GeoDataFrame({"place_id": ["p0", "p0", "p1", None],
                               "area_id": ["a", "b", "a", "a"], "weight": [3.0, 1.0, 4.0, 2.0]},
                              geometry=[Point(0, 0)] * 4, crs=CRS)
    levels = sp.csc_matrix(np.array([[0, 0, 2], [1, 0, 0], [0, 0, 0], [0, 3, 0]]))
    table = place_table(places, demand, levels, np.array([0, 1]), np.array([10, 11]),
                        earned_before=np.array([0.0, 0.25, 1.0, 0.0]),
                        earned_after=np.array([1.5, 0.5, 1.0, 2.0]),
                        seen_after=np.array([3.0, 1.0, 4.0, 2.0]))
    assert table["area_id"].tolist() == ["a, b", "a", ""]
    assert table["n_points"].tolist() == [2, 1, 0]
    assert table["planned_weight"].tolist() == [4.0, 4.0, 0.0]
    assert table["covered_share_before"].tolist() == [0.0625, 0.25, 0.0]
    assert table["covered_share_after"].tolist() == [0.5, 0.25, 0.0]
    assert table["seen_share_after"].tolist() == [1.0, 1.0, 0.0]
    assert table["camera_options"].tolist() == [[10], [], []]


def test_no_point_on_a_building_and_the_weight_kept() -> None:
    # a footprint from (30, 30) to (40, 40) holds four nodes (on its walls): 21 points left
    buildings = gpd.GeoDataFrame({"building_id": ["h"]}, geometry=[box(30, 30, 40, 40)],
                                 crs=CRS)
    out = _demand(_places([box(20, 20, 60, 60)], [700.0]), buildings)
    assert len(out) == 21
    assert out["weight"].sum() == 700.0
    assert not any(p.intersects(box(30, 30, 40, 40)) for p in out.geometry)


def test_a_point_is_a_circle_of_its_radius_default_25_m() -> None:
    # nodes within 25 m of (50, 50) at 10 m: i² + j² <= 6.25, 21 of them
    shapes = place_shapes(_places([Point(50, 50), Point(50, 50)], [1.0, 1.0],
                                  radius_m=[np.nan, 15.0]), _areas(), where="places.geojson")
    assert shapes["radius_m"].tolist() == [DEFAULT_RADIUS_M, 15.0]
    assert shapes.geometry.iloc[0].area == pytest.approx(np.pi * 25**2, rel=0.01)
    out = _demand(_places([Point(50, 50)], [42.0]))
    assert len(out) == 21
    assert out["weight"].sum() == 42.0
    # 15 m: i² + j² <= 2.25, 9 nodes
    assert len(_demand(_places([Point(50, 50)], [9.0], radius_m=[15.0]))) == 9


def test_a_place_across_two_areas_counts_in_each_and_outside_them_gets_no_point() -> None:
    # from x 80 to 120 (5 columns, x = 100 in the first area, 'a'), y 90 to 110 (y 110 outside)
    out = _demand(_places([box(80, 90, 120, 110)], [10.0]))
    assert len(out) == 10  # 5 columns x 2 rows inside the areas
    assert out.groupby("area_id").size().to_dict() == {"a": 6, "b": 4}
    assert out["weight"].sum() == 10.0


def test_a_place_in_an_unplanned_area_is_left_out_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        out = _demand(_places([box(120, 20, 160, 60)], [5.0], name=["Torget"]), planned=("a",))
    assert len(out) == 0
    assert caplog.messages == [
        "places: 1 place lies in no planned area and is left out (the areas of demand.areas "
        "and demand.min_priority count): p0 (b); plan its area too, or drop it from the layer"]


def test_the_place_draws_the_camera_and_counts_in_its_area(tmp_path: Path) -> None:
    scenario = write_town(tmp_path / "town",
                          extra='[variants.places]\ndata.places = "places.geojson"\n')
    _places([SQUARE], [1000.0], name=["Station square"]).to_file(
        tmp_path / "town" / "places.geojson", engine="pyogrio")
    without = plan(load_scenario(scenario))
    assert without.places is None
    assert without.cameras["site_id"].tolist() == ["lamp-1"]
    with_place = plan(load_scenario(scenario, variant="places"))
    cams = with_place.cameras
    assert cams["site_id"].tolist() == ["lamp-2"]
    assert cams["orientation_deg"].tolist() == [270.0]
    places = with_place.places
    assert places is not None
    row = places.iloc[0]
    assert (row["place_id"], row["name"], row["area_id"], row["n_points"]) == (
        "p0", "Station square", "west", 25)
    # facing west from 4 to 24 m: 19 of the 25 points in view; one at recognise (4 m), six at
    # observe (up to 15.4 m), twelve at detect: (0.75 + 6 x 0.5 + 12 x 0.25) / 25
    assert row["seen_share_after"] == pytest.approx(19 / 25)
    assert row["covered_share_after"] == pytest.approx(6.75 / 25)
    assert row["covered_share_before"] == 0.0
    assert row["camera_options"] == [int(cams["option_id"].iloc[0])]
    areas = with_place.areas.set_index("area_id")
    assert areas.loc["west", "weight"] == pytest.approx(400.0 + 1000.0)
    assert areas.loc["east", "weight"] == pytest.approx(1200.0)
    assert with_place.summary["n_demand"] == without.summary["n_demand"] + 25
    out = write_plan(with_place, tmp_path / "out")
    feature = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"][0]
    assert feature["properties"] == {
        "place_id": "p0", "name": "Station square", "area_id": "west", "weight": 1000.0,
        "planned_weight": 1000.0, "n_points": 25, "covered_share_before": 0.0,
        "covered_share_after": pytest.approx(0.27), "seen_share_after": pytest.approx(0.76),
        "cameras": "C001"}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("| place_id | name | area_id | weight | n_points | covered_share_before | "
            "covered_share_after | seen_share_after | cameras |\n|---|---|---|---|---|---|---|---|"
            "---|\n| p0 | Station square | west | 1,000.0 | 25 | 0.0 % | 27.0 % | 76.0 % | C001 |"
            ) in report
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Public place (1)" in page
    assert "Station square: 27.0\u00a0% covered" in page
    assert ("<th>Cameras<\\/th><td>C001<\\/td>") in page
    # plan.gpkg's places layer: places.geojson's in EPSG:3006, the square to the millimetre
    assert pyogrio.list_layers(out / "plan.gpkg")[:, 0].tolist() == [
        "cameras", "views", "areas", "places", "mounts", "layer_styles"]
    layer = gpd.read_file(out / "plan.gpkg", layer="places", engine="pyogrio")
    assert layer.crs == CRS
    assert layer.drop(columns="geometry").iloc[0].to_dict() == feature["properties"] | {
        "covered_share_after": pytest.approx(6.75 / 25), "seen_share_after": pytest.approx(19 / 25)}
    assert layer.geometry.iloc[0].normalize().equals_exact(SQUARE.normalize(), 1e-6)
    # same input, same bytes (plan.gpkg's timestamps too: GDAL had written the clock's)
    again = write_plan(plan(load_scenario(scenario, variant="places")), tmp_path / "again")
    for name in ("places.geojson", "report.md", "map.html", "plan.gpkg"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_swedish_report_and_map(tmp_path: Path) -> None:
    scenario = write_town(tmp_path / "town",
                          extra='language = "sv"\n[variants.places]\n'
                                'data.places = "places.geojson"\n')
    # (language is a top-level key: written before the tables by hand)
    text = scenario.read_text(encoding="utf-8").replace('language = "sv"\n', "")
    scenario.write_text('language = "sv"\n' + text, encoding="utf-8")
    _places([SQUARE, box(X0 + 20, Y0 - 5, X0 + 30, Y0 + 5)], [1000.0, 1.0],
            name=["Stortorget", "Gården"]).to_file(tmp_path / "town" / "places.geojson",
                                                   engine="pyogrio")
    result = plan(load_scenario(scenario, variant="places"))
    report = report_markdown(result)
    assert "## Allmänna platser" in report
    assert ("| Plats (id) | Namn | Område (id) | Behovsvikt | Behovspunkter | Täckt andel före | "
            "Täckt andel efter | I bild efter (någon nivå, ograderad) | Kameror |") in report
    assert "| p0 | Stortorget | west | 1\u202f000,0 | 25 | 0,0 % | 27,0 % | 76,0 % | C001 |" in report
    assert "| p1 | Gården | east | 1,0 | 9 | 0,0 % | 0,0 % | 0,0 % | – |" in report
    assert "Ingen kamera ser Gården." in report
    out = write_plan(result, tmp_path / "out")
    from openpyxl import load_workbook

    book = load_workbook(out / "plan.xlsx")
    assert book.sheetnames[-1] == "Platser"
    assert [c.value for c in book["Platser"][1]] == [
        "Plats (id)", "Namn", "Område (id)", "Behovsvikt", "Behovsvikt i planerade områden",
        "Behovspunkter", "Täckt andel före", "Täckt andel efter",
        "I bild efter (någon nivå, ograderad)", "Kameror"]
    assert [c.value for c in book["Platser"][2]] == [
        "p0", "Stortorget", "west", 1000, 1000, 25, 0, pytest.approx(0.27),
        pytest.approx(0.76), "C001"]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "Allm\\u00e4nna platser (2)" in page  # (the layer control's name, JSON-escaped)
    assert "Stortorget: 27,0\u00a0% täckt" in page
    assert "<th>Kameror<\\/th><td>inga<\\/td>" in page


def _write_places(folder: Path, frame: gpd.GeoDataFrame) -> Path:
    scenario = write_town(folder, extra="")
    text = scenario.read_text(encoding="utf-8").replace(
        'cameras = "cameras.toml"\n', 'cameras = "cameras.toml"\nplaces = "places.geojson"\n')
    scenario.write_text(text, encoding="utf-8")
    if (folder / "places.geojson").exists():
        (folder / "places.geojson").unlink()
    frame.to_file(folder / "places.geojson", engine="pyogrio")
    return scenario


@pytest.mark.parametrize(("frame", "message"), [
    (gpd.GeoDataFrame({"weight": [1.0]}, geometry=[SQUARE], crs=CRS),
     "places.geojson: places layer: column 'place_id' is missing (the layer has: weight); add "
     "one unique place_id per feature or name your id column in the scenario: "
     '[data.columns.places] place_id = "YOUR_ID"'),
    (gpd.GeoDataFrame({"place_id": ["sq", "sq"], "weight": [1.0, 2.0]},
                      geometry=[SQUARE, SQUARE], crs=CRS),
     "places.geojson: places layer: duplicate place_id values: sq; ids must be unique"),
    (gpd.GeoDataFrame({"place_id": ["sq"], "weight": [-1.0]}, geometry=[SQUARE], crs=CRS),
     "places.geojson: places layer: column 'weight' has 1 negative value (sq); "
     "give numbers >= 0"),
    (gpd.GeoDataFrame({"place_id": ["sq"]}, geometry=[SQUARE], crs=CRS),
     "places.geojson: places layer: column 'weight' is missing (the layer has: place_id); add "
     "it (see docs/architecture.md) or name your column for it in the scenario: "
     '[data.columns.places] weight = "YOUR_COLUMN"'),
    (gpd.GeoDataFrame({"place_id": ["road"], "weight": [1.0]},
                      geometry=[LineString([(X0, Y0), (X0 + 10, Y0)])], crs=CRS),
     "places.geojson: places layer: its one feature is LineString, expected "
     "Point/Polygon/MultiPolygon (road); convert or remove it"),
    (gpd.GeoDataFrame({"place_id": ["far", "sq"], "weight": [1.0, 1.0]},
                      geometry=[box(X0 + 500, Y0, X0 + 520, Y0 + 20), SQUARE], crs=CRS),
     "places.geojson: places layer: 1 of the 2 places lies outside every area of data.areas "
     "(far); a place counts in the area it lies in: move it into the areas (check the layer's "
     "CRS), or delete it"),
    (gpd.GeoDataFrame({"place_id": ["c"], "weight": [1.0], "radius_m": [0.0]},
                      geometry=[Point(X0 + 10, Y0)], crs=CRS),
     "places.geojson: places layer: column 'radius_m' must be a number of metres > 0 for a "
     "point (1 place c); give the place's radius, or leave it empty for 25 m"),
])
def test_bad_places_are_refused_in_one_line(tmp_path: Path, frame: gpd.GeoDataFrame,
                                            message: str) -> None:
    scenario = _write_places(tmp_path / "town", frame)
    with pytest.raises(InputError) as err:
        load_inputs(load_scenario(scenario))
    assert str(err.value) == message


def test_places_from_a_csv_with_mapped_columns(tmp_path: Path) -> None:
    scenario = _write_places(tmp_path / "town", _places([SQUARE], [1.0]))
    (tmp_path / "town" / "places.csv").write_text(
        "Nr;Namn;Vikt;Radie;x;y\nT1;Torget;12,5;;568440;6539800\n", encoding="utf-8")
    text = scenario.read_text(encoding="utf-8").replace('places = "places.geojson"',
                                                        'places = "places.csv"')
    scenario.write_text(text + '[data.columns.places]\nplace_id = "Nr"\nname = "Namn"\n'
                               'weight = "Vikt"\nradius_m = "Radie"\n', encoding="utf-8")
    places = load_inputs(load_scenario(scenario)).places
    assert places is not None
    assert places[["place_id", "name", "weight", "radius_m"]].values.tolist() == [
        ["T1", "Torget", 12.5, 25.0]]
    assert places.geometry.iloc[0].centroid.x == pytest.approx(568440.0)


def test_a_required_mount_whose_camera_sees_no_demand_is_warned(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # lamp-3, 35 m north of area 'west': a dome facing south sees the area's edge, the cheap
    # camera (6.4 m detect) nothing; the budget buys lamp-1's dome and lamp-3's cheap camera
    sites = gpd.GeoDataFrame(
        {"site_id": ["lamp-1", "lamp-2", "lamp-3"],
         "mount_type": ["lamp_post"] * 3, "install_cost_sek": [10_000.0, 10_000.0, 0.0],
         "max_cameras": [1, 1, 1]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0), Point(X0 - 270, Y0 + 55)], crs=CRS)
    scenario = write_town(tmp_path / "town", budget=32_000.0, sites=sites,
                          extra="[constraints]\nrequire_sites = [\"lamp-3\"]\n")
    (tmp_path / "town" / "cameras.toml").write_text(CATALOGUE + """
[[camera]]
id = "cheap"
name = "Cheap 320 px"
h_px = 320
v_px = 240
hfov_deg = 90.0
ir_range_m = 5.0
price_sek = 1000.0
install_sek = 500.0
yearly_sek = 100.0
panoramic = false
""", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        result = plan(load_scenario(scenario))
    line = ("lamp-3 (required): its camera sees no demand of the planned areas; add the place it "
            "is for to data.places, or drop it from constraints.require_sites")
    cams = result.cameras.set_index("site_id")
    assert cams.loc["lamp-3", "model"] == "cheap"
    assert cams.loc["lamp-3", "covered_weight"] == 0.0
    assert f"tiny: {line}" in caplog.messages
    assert line in result.summary["notes"]
    assert f"- Note: {line}" in report_markdown(result)
    # a Swedish plan's note in Swedish (the console's warning stays English)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        swedish = plan(load_scenario(scenario).with_overrides({"language": "sv"}))
    sv = ("lamp-3 (krävd): dess kamera ser inget av behovet i de planerade områdena; lägg till "
          "platsen som den är till för i data.places, eller ta bort den ur "
          "constraints.require_sites")
    assert f"tiny: {line}" in caplog.messages
    assert sv in swedish.summary["notes"] and line not in swedish.summary["notes"]
    assert f"- Anmärkning: {sv}" in report_markdown(swedish).splitlines()


def test_blind_required_names_only_required_mounts_that_see_nothing() -> None:
    cameras = gpd.GeoDataFrame({"site_id": ["a", "a", "b", "c", "d"],
                                "existing": [False, False, False, False, True],
                                "covered_weight": [0.0, 0.0, 3.0, 0.0, 0.0]},
                               geometry=[Point(0, 0)] * 5, crs=CRS)
    assert blind_required(cameras, ["a", "b", "d", "e"]) == [
        "a (required): its camera sees no demand of the planned areas; add the place it is for "
        "to data.places, or drop it from constraints.require_sites"]
    assert blind_required(cameras, ["a"], "sv") == [
        "a (krävd): dess kamera ser inget av behovet i de planerade områdena; lägg till platsen "
        "som den är till för i data.places, eller ta bort den ur constraints.require_sites"]


def test_a_place_in_an_area_not_planned_is_left_out_of_the_plan_and_said(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    scenario = _write_places(tmp_path / "town", _places([SQUARE], [1000.0], name=["Torget"]))
    text = scenario.read_text(encoding="utf-8").replace(
        "[demand]\n", '[demand]\nareas = ["east"]\n')
    scenario.write_text(text, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        result = plan(load_scenario(scenario))
    assert ("places.geojson: 1 place lies in no planned area and is left out (the areas of "
            "demand.areas and demand.min_priority count): p0 (west); plan its area too, or drop "
            "it from the layer") in caplog.messages
    assert result.cameras["site_id"].tolist() == ["lamp-1"]
    assert result.places is not None
    assert result.places[["place_id", "area_id", "n_points"]].values.tolist() == [["p0", "", 0]]
    report = report_markdown(result)
    assert "Left out, in no planned area: Torget (p0)." in report
    assert "| p0 |" not in report


@pytest.mark.parametrize(("language", "layer", "tooltips", "note"), [
    ("en", "Public places (2, 1 not counted)",
     ["Torget: not counted in this plan", "Gården: 25.0\u00a0% covered"],
     "Not counted in this plan: it lies in no planned area (demand.areas, "
     "demand.min_priority)"),
    ("sv", "Allmänna platser (2, 1 räknas inte)",
     ["Torget: räknas inte i den här planen", "Gården: 25,0\u00a0% täckt"],
     "Räknas inte i den här planen: den ligger i inget planerat område (demand.areas, "
     "demand.min_priority)"),
])
def test_a_place_the_plan_does_not_count_is_drawn_apart_on_the_map(
        tmp_path: Path, language: str, layer: str, tooltips: list[str], note: str) -> None:
    # Torget lies in the west area, which the scenario does not plan: the map had drawn it as
    # the planned places, "Torget: 0.0 % covered", a place planned for and missed. It is dotted
    # grey and unfilled, and its tooltip and popup say it is not counted and why
    from planner._places_map import LEFT_OUT_STYLE, PLACE_STYLE
    from planner.maps import render_map
    from tests.test_maps import layers_by_name

    frame = _places([SQUARE, box(X0 + 20, Y0 - 5, X0 + 30, Y0 + 5)], [1000.0, 1.0],
                    name=["Torget", "Gården"])
    scenario = _write_places(tmp_path / "town", frame)
    text = scenario.read_text(encoding="utf-8").replace(
        "[demand]\n", '[demand]\nareas = ["east"]\n')
    scenario.write_text(text, encoding="utf-8")
    result = plan(load_scenario(scenario, overrides={"language": language}))
    places = layers_by_name(render_map(result))[layer]
    props = [f["properties"] for f in places.data["features"]]
    assert [p["tooltip"] for p in props] == tooltips
    assert [p.get("out") for p in props] == [1, None]
    left, kept = (p["popup"] for p in props)
    assert left.endswith(f"<p>{note}</p></div>")
    assert "%" not in left and "%" in kept  # (no covered share for a place not counted)
    html = render_map(result).get_root().render()
    assert json.dumps(LEFT_OUT_STYLE) in html and json.dumps(PLACE_STYLE) in html


def test_the_places_are_read_in_id_order_whatever_the_files_order(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"place_id": ["b", "a"], "weight": [1.0, 2.0]},
                             geometry=[SQUARE, Point(X0 + 30, Y0)], crs=CRS)
    first = load_inputs(load_scenario(_write_places(tmp_path / "one", frame))).places
    again = load_inputs(load_scenario(_write_places(tmp_path / "two", frame.iloc[::-1]))).places
    assert first is not None and again is not None
    assert first["place_id"].tolist() == again["place_id"].tolist() == ["a", "b"]
    assert first.geometry.equals(again.geometry)


def test_a_places_weight_counts_in_its_areas_share_and_the_equity_rule(tmp_path: Path) -> None:
    # two cameras' money and max-min equity: the rule sees the west area with its place, as
    # areas.geojson and report.md give it
    scenario = write_town(tmp_path / "town", budget=60_000.0,
                          extra='[constraints]\nequity_mode = "maxmin"\n'
                                '[variants.places]\ndata.places = "places.geojson"\n')
    _places([SQUARE], [1000.0]).to_file(tmp_path / "town" / "places.geojson", engine="pyogrio")
    result = plan(load_scenario(scenario, variant="places"))
    values = np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    demand = result.demand
    earned = demand["weight"].to_numpy() * values[demand["level"].to_numpy()]
    areas = result.areas.set_index("area_id")
    for area in ("east", "west"):
        rows = (demand["area_id"] == area).to_numpy()
        assert areas.loc[area, "weight"] == pytest.approx(demand.loc[rows, "weight"].sum())
        assert areas.loc[area, "covered_share_after"] == pytest.approx(
            earned[rows].sum() / demand.loc[rows, "weight"].sum())
    assert areas.loc["west", "weight"] == pytest.approx(1400.0)
    place_rows = demand["place_id"].eq("p0").to_numpy()
    assert result.places is not None
    assert result.places["covered_share_after"].iloc[0] == pytest.approx(
        earned[place_rows].sum() / 1000.0)
    assert sorted(result.cameras["site_id"]) == ["lamp-1", "lamp-2"]
    assert result.smallest_share() == pytest.approx(areas["covered_share_after"].min())
    assert result.summary["covered_share"] == pytest.approx(earned.sum() / 2600.0)


def test_a_comparisons_place_popups_name_cameras_with_their_plans_letter(
        tmp_path: Path) -> None:
    # compare.html gives each camera label with its plan's letter ("A C001", "B C001": each plan
    # numbers its own cameras); the places' popups had said "C001" on both sides
    from planner.compare import write_comparison

    scenario = write_town(tmp_path / "town",
                          extra='[variants.places]\ndata.places = "places.geojson"\n')
    _places([SQUARE], [1000.0], name=["Station square"]).to_file(
        tmp_path / "town" / "places.geojson", engine="pyogrio")
    a = plan(load_scenario(scenario, variant="places"))
    b = plan(load_scenario(scenario, variant="places", overrides={"budget.total_sek": 60_000}))
    write_comparison(a, b, tmp_path / "cmp")
    page = (tmp_path / "cmp" / "compare.html").read_text(encoding="utf-8")
    assert "<th>Cameras<\\/th><td>A C001<\\/td>" in page
    assert "<th>Cameras<\\/th><td>B C002<\\/td>" in page  # (B: lamp-1 C001, lamp-2 C002)
    assert "<th>Cameras<\\/th><td>C001" not in page
    # the plans' own places.geojson keep the bare labels, to join with a/ and b/
    feature = json.loads((tmp_path / "cmp" / "a" / "places.geojson").read_text(
        encoding="utf-8"))["features"][0]
    assert feature["properties"]["cameras"] == "C001"
