"""Unit tests of planner.maps: layer content, colours, escaping, the plan diff, offline HTML.

The plans are built by hand here (EPSG:3006, near Katrineholm centre); ``toy_plan`` and
``synthetic_plan`` are also used by tests/test_browser_maps.py and benchmarks/bench_maps.py.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from folium.template import _to_escaped_json
from shapely.geometry import Point, Polygon, box

from planner._map_geojson import script_json
from planner._map_html import (
    COVERAGE_STOPS,
    LEVEL_COLORS,
    PRIORITY_STOPS,
    esc,
    interpolate_color,
)
from planner._map_points import PointsLayer, thin_points
from planner._map_search import SearchBox
from planner._plan_types import Plan
from planner.errors import InputError
from planner.maps import map_html, render_map, save_map
from planner.report import camera_table

CRS = "EPSG:3006"
X0, Y0 = 568735.0, 6539793.0  # Katrineholm centre in SWEREF 99 TM
HOSTILE = "<img src=x onerror=alert(1)>"
TEMPLATE_INJECTION = "Near ${alert(2)} `school`"
LEVEL_RANGE_M = {1: 120.0, 2: 60.0, 3: 30.0, 4: 15.0}

EXPECTED_LAYERS = [
    "Areas by priority",
    "Areas by covered share",
    "Buildings (2)",
    "Privacy zones (1)",
    "New cameras' views by DORI level (2 cameras)",
    "Existing camera's views by DORI level (1 camera)",
    "Uncovered demand points ({uncovered})",
    "Candidate mounts (5)",
    "New cameras (2)",
    "Existing cameras (1, 1 at approximate positions)",
]


def sector(x: float, y: float, bearing: float, hfov: float, radius: float) -> Polygon:
    """A view wedge: compass ``bearing`` (0 = north, clockwise), opening ``hfov``, ``radius`` m."""
    steps = np.linspace(bearing - hfov / 2, bearing + hfov / 2, 13)
    ring = [(x, y)] + [
        (x + radius * math.sin(math.radians(b)), y + radius * math.cos(math.radians(b)))
        for b in steps
    ]
    return Polygon(ring)


def _cameras(rows: list[dict]) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows)
    geometry = [Point(x, y) for x, y in zip(frame.pop("x"), frame.pop("y"), strict=True)]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


CAMERA_ROWS = [
    {
        "option_id": "opt-1",
        "site_id": "lamp-001",
        "mount_type": "lamp_post",
        "model": "dome-2mp",
        "model_name": "2 MP dome",
        "orientation_deg": 90.0,
        "hfov_deg": 100.0,
        "cost_sek": 52000.0,
        "existing": False,
        "approximate": False,
        "covered_weight": 41.5,
        "marginal_value": 12.25,
        "covered_population": 310.0,
        "weight_identify": 4.0,
        "weight_recognise": 8.5,
        "weight_observe": 12.0,
        "weight_detect": 17.0,
        "note": "",
        "x": X0 - 235.0,
        "y": Y0 - 93.0,
    },
    {
        "option_id": "opt-2",
        "site_id": "lamp-002",
        "mount_type": "pole",
        "model": "bullet-4k",
        "model_name": "4K bullet",
        "orientation_deg": 200.0,
        "hfov_deg": 60.0,
        "cost_sek": 71000.0,
        "existing": False,
        "approximate": False,
        "covered_weight": 30.0,
        "marginal_value": 9.5,
        "covered_population": 205.0,
        "weight_identify": 2.0,
        "weight_recognise": 6.0,
        "weight_observe": 10.0,
        "weight_detect": 12.0,
        "note": TEMPLATE_INJECTION,
        "x": X0 + 165.0,
        "y": Y0 - 143.0,
    },
    {
        "option_id": "exist-1",
        "site_id": "exist-001",
        "mount_type": "facade",
        "model": "dome-2mp",
        "model_name": "2 MP dome",
        "orientation_deg": 0.0,
        "hfov_deg": 100.0,
        "cost_sek": 0.0,
        "existing": True,
        "approximate": True,
        "covered_weight": 8.0,
        "marginal_value": 3.0,
        "covered_population": 60.0,
        "weight_identify": 1.0,
        "weight_recognise": 1.0,
        "weight_observe": 2.0,
        "weight_detect": 4.0,
        "note": "Reported in local news",
        "x": X0 - 135.0,
        "y": Y0 - 243.0,
    },
]


def make_plan(
    camera_rows: list[dict] = CAMERA_ROWS,
    *,
    name: str = "toy",
    area_shares: tuple[float, float, float] = (0.6, 0.3, 0.0),
    scenario: str = '<i>Katrineholm</i> & "test"',
) -> Plan:
    """A tiny hand-built plan: 3 areas, the given cameras, their views, demand, 5 sites."""
    areas = gpd.GeoDataFrame(
        {
            "area_id": ["0483C1010", "0483C1020", "0483C1030"],
            "name": ["Nyhem", HOSTILE, "Backa"],
            "population": [1200, 800, 450],
            "priority": [0.9, 0.5, 0.2],
            "weight": [100.0, 60.0, 30.0],
            "covered_weight_before": [10.0, 0.0, 0.0],
            "covered_weight_after": [60.0, 18.0, 0.0],
            "covered_share_before": [0.1, 0.0, 0.0],
            "covered_share_after": list(area_shares),
            "covered_population_after": [720, 240, 0],
        },
        geometry=[
            box(X0 - 435, Y0 - 293, X0 - 35, Y0 + 107),
            box(X0 - 35, Y0 - 293, X0 + 365, Y0 + 107),
            box(X0 + 365, Y0 - 293, X0 + 765, Y0 + 107),
        ],
        crs=CRS,
    )
    cameras = _cameras([dict(r) for r in camera_rows])
    views = gpd.GeoDataFrame(
        [
            {"option_id": c.option_id, "level": level}
            for c in cameras.itertuples()
            for level in (1, 2, 3, 4)
        ],
        geometry=[
            sector(c.geometry.x, c.geometry.y, c.orientation_deg, c.hfov_deg, LEVEL_RANGE_M[level])
            for c in cameras.itertuples()
            for level in (1, 2, 3, 4)
        ],
        crs=CRS,
    )
    site_xy = {
        "lamp-001": (X0 - 235.0, Y0 - 93.0),
        "lamp-002": (X0 + 165.0, Y0 - 143.0),
        "exist-001": (X0 - 135.0, Y0 - 243.0),
        "lamp-003": (X0 + 465.0, Y0 - 43.0),
        "lamp-004": (X0 + 565.0, Y0 - 193.0),
    }
    chosen = set(cameras["site_id"])
    sites = gpd.GeoDataFrame(
        {
            "site_id": list(site_xy),
            "mount_type": ["lamp_post", "pole", "facade", "lamp_post", "lamp_post"],
            "chosen": [s in chosen for s in site_xy],
            "note": ["", "", "", "<script>alert(3)</script>", ""],
        },
        geometry=[Point(xy) for xy in site_xy.values()],
        crs=CRS,
    )
    xs, ys = np.meshgrid(np.arange(X0 - 400, X0 + 760, 100.0), np.arange(Y0 - 260, Y0 + 100, 100.0))
    points = [Point(x, y) for x, y in zip(xs.ravel(), ys.ravel(), strict=True)]
    seen = views.loc[views["level"] == 1].union_all()
    level = [2 if seen.contains(p) else 0 for p in points]
    demand = gpd.GeoDataFrame(
        {"area_id": "0483C1010", "weight": 1.0, "level": level, "level_before": 0},
        geometry=points,
        crs=CRS,
    )
    buildings = gpd.GeoDataFrame(
        {"building_id": ["b1", "b2"], "kind": ["residential", "public"]},
        geometry=[box(X0 - 300, Y0 - 50, X0 - 260, Y0 - 20), box(X0 + 50, Y0, X0 + 90, Y0 + 40)],
        crs=CRS,
    )
    privacy = gpd.GeoDataFrame(
        {"zone_id": ["pz-1"], "kind": ["gardens"]},
        geometry=[box(X0 - 200, Y0 - 150, X0 - 170, Y0 - 120)],
        crs=CRS,
    )
    n_new = int((~cameras["existing"]).sum())
    summary = {
        "scenario": scenario,
        "budget_sek": 8_000_000.0,
        "spent_sek": float(cameras["cost_sek"].sum()),
        "objective": 79.5,
        "bound": 80.0,
        "gap": 0.00625,
        "status": "optimal",
        "solve_time_s": 0.42,
        "covered_share": 0.41,
        "covered_population": 960,
        "population": 2450,
        "n_cameras_new": n_new,
        "n_cameras_existing": len(cameras) - n_new,
        "n_options": 120,
        "n_demand": len(demand),
        "backend": "scip",
    }
    return Plan(
        name=name,
        crs=CRS,
        areas=areas,
        cameras=cameras,
        views=views,
        sites=sites,
        demand=demand,
        buildings=buildings,
        privacy_zones=privacy,
        summary=summary,
    )


def toy_plan() -> Plan:
    """The standard toy plan (2 new cameras, 1 existing, a hostile area name)."""
    return make_plan()


def shared_mount_plan() -> Plan:
    """The toy plan with a second new camera on lamp-001: a 4K bullet facing south (C002).

    Its rows: C001 the dome on lamp-001 facing east, C002 the bullet beside it, C003 on
    lamp-002, C004 the existing camera (as two cameras share a lamp post in Katrineholm's plan).
    """
    bullet = dict(CAMERA_ROWS[1], option_id="opt-3", site_id="lamp-001", mount_type="lamp_post",
                  orientation_deg=180.0, note="", covered_population=150.0,
                  x=CAMERA_ROWS[0]["x"], y=CAMERA_ROWS[0]["y"])
    return make_plan([CAMERA_ROWS[0], bullet, *CAMERA_ROWS[1:]])


def synthetic_plan(n_cameras: int = 1000, *, seed: int = 0, n_areas: int = 30) -> Plan:
    """A large synthetic plan for benchmarks: ``n_cameras`` cameras around Katrineholm."""
    rng = np.random.default_rng(seed)
    side = math.ceil(math.sqrt(n_areas))
    size = 600.0
    area_geoms = [
        box(X0 + i * size, Y0 + j * size, X0 + (i + 1) * size, Y0 + (j + 1) * size)
        for i in range(side)
        for j in range(side)
    ][:n_areas]
    extent = (X0, Y0, X0 + side * size, Y0 + side * size)
    xs = rng.uniform(extent[0], extent[2], n_cameras)
    ys = rng.uniform(extent[1], extent[3], n_cameras)
    models = ["dome-2mp", "bullet-4k", "ptz-4k", "pano-180"]
    rows = []
    for k in range(n_cameras):
        model = models[k % len(models)]
        rows.append(
            {
                "option_id": f"opt-{k}",
                "site_id": f"lamp-{k:05d}",
                "mount_type": "lamp_post",
                "model": model,
                "model_name": model.upper(),
                "orientation_deg": float(rng.integers(0, 360)),
                "hfov_deg": 70.0,
                "cost_sek": 60000.0,
                "existing": k % 25 == 0,
                "approximate": k % 50 == 0,
                "covered_weight": 10.0,
                "marginal_value": 2.0,
                "covered_population": 50.0,
                "weight_identify": 1.0,
                "weight_recognise": 2.0,
                "weight_observe": 3.0,
                "weight_detect": 4.0,
                "note": "",
                "x": xs[k],
                "y": ys[k],
            }
        )
    base = make_plan(rows[:1], name=f"synthetic-{n_cameras}")
    cameras = _cameras(rows)
    views = gpd.GeoDataFrame(
        [{"option_id": r["option_id"], "level": lv} for r in rows for lv in (1, 2, 3, 4)],
        geometry=[
            sector(r["x"], r["y"], r["orientation_deg"], r["hfov_deg"], LEVEL_RANGE_M[lv])
            for r in rows
            for lv in (1, 2, 3, 4)
        ],
        crs=CRS,
    )
    n_demand = 20 * n_cameras
    demand = gpd.GeoDataFrame(
        {"area_id": "x", "weight": 1.0, "level": rng.integers(0, 5, n_demand), "level_before": 0},
        geometry=gpd.points_from_xy(
            rng.uniform(extent[0], extent[2], n_demand), rng.uniform(extent[1], extent[3], n_demand)
        ),
        crs=CRS,
    )
    areas = gpd.GeoDataFrame(
        {
            "area_id": [f"A{i:03d}" for i in range(n_areas)],
            "name": [f"Area {i}" for i in range(n_areas)],
            "population": 1000,
            "priority": rng.uniform(0, 1, n_areas),
            "weight": 100.0,
            "covered_weight_before": 0.0,
            "covered_weight_after": 50.0,
            "covered_share_before": 0.0,
            "covered_share_after": rng.uniform(0, 1, n_areas),
            "covered_population_after": 500,
        },
        geometry=area_geoms,
        crs=CRS,
    )
    sites = gpd.GeoDataFrame(
        {"site_id": cameras["site_id"], "mount_type": "lamp_post", "chosen": True, "note": ""},
        geometry=cameras.geometry.values,
        crs=CRS,
    )
    n_existing = int(cameras["existing"].sum())
    summary = dict(
        base.summary, n_cameras_new=n_cameras - n_existing, n_cameras_existing=n_existing
    )
    return replace(
        base,
        areas=areas,
        cameras=cameras,
        views=views,
        sites=sites,
        demand=demand,
        summary=summary,
    )


# --------------------------------------------------------------------------------------- helpers


def layers_by_name(m: folium.Map) -> dict[str, object]:
    return {
        child.layer_name: child
        for child in m._children.values()
        if isinstance(child, folium.map.Layer) and getattr(child, "overlay", False)
    }


def n_features(layer: object) -> int:
    assert isinstance(layer, folium.GeoJson)
    return len(layer.data["features"])


@pytest.fixture(scope="module")
def plan() -> Plan:
    return toy_plan()


@pytest.fixture(scope="module")
def toy_map(plan: Plan) -> folium.Map:
    return render_map(plan)


@pytest.fixture(scope="module")
def toy_html(toy_map: folium.Map) -> str:
    return map_html(toy_map)


def js(text: str) -> str:
    """``text`` as folium writes it inside a script (JSON, HTML-safe escapes)."""
    return _to_escaped_json(text)[1:-1]


def layer_js(text: str) -> str:
    """``text`` as a map layer writes it in its properties (compact UTF-8 JSON)."""
    return script_json(text)[1:-1]


def uncovered(plan: Plan) -> int:
    return int((plan.demand["level"] == 0).sum())


# ----------------------------------------------------------------------------------------- tests


def test_layers_are_listed_in_order_with_counts(toy_map: folium.Map, plan: Plan) -> None:
    expected = [n.format(uncovered=uncovered(plan)) for n in EXPECTED_LAYERS]
    assert list(layers_by_name(toy_map)) == expected


def test_the_search_box_searches_the_camera_layers_then_the_mounts(toy_map: folium.Map) -> None:
    # (render_map had handed them over as an out-parameter list, sliced at its last item)
    box = next(c for c in toy_map._children.values() if isinstance(c, SearchBox))
    layers = layers_by_name(toy_map)
    assert [layer.layer_name for layer in box.cameras] == [
        "New cameras (2)", "Existing cameras (1, 1 at approximate positions)"]
    assert all(layer is layers[layer.layer_name] for layer in box.cameras)
    assert box.mounts == [layers["Candidate mounts (5)"]]
    # and the areas, whose popups a keyboard reaches no other way (drawn on a canvas)
    assert box.areas == [layers["Areas by priority"], layers["Areas by covered share"]]


def test_the_areas_carry_what_the_search_box_finds_them_by_and_a_point_inside(
        toy_map: folium.Map, plan: Plan) -> None:
    import shapely

    areas = plan.areas.to_crs("EPSG:4326").set_index("area_id")
    layers = layers_by_name(toy_map)
    props = [f["properties"] for f in layers["Areas by priority"].data["features"]]
    assert [(p["area"], p["area_name"]) for p in props] == [
        ("0483C1010", "Nyhem"), ("0483C1020", esc(HOSTILE)),  # (the page reads it as text)
        ("0483C1030", "Backa")]
    # (where its popup opens: inside the area, its centroid need not be)
    assert all(areas.geometry[p["area"]].contains(shapely.Point(p["at"][1], p["at"][0]))
               for p in props)
    # (once a map: the other area layer draws the same areas in the same order)
    assert [set(f["properties"]) for f in layers["Areas by covered share"].data["features"]] == [
        {"style", "tooltip", "popup"}] * 3


def test_a_markers_name_says_an_existing_camera_and_a_compared_cameras_change(
        toy_map: folium.Map) -> None:
    # (the page names a marker "Camera C012: ..." from its label; a name of its own only where
    # that would not say what the marker shows: an existing camera, a compared camera's change)
    from planner.maps import compare_maps
    from tests.test_maps_diff import plan_pair

    layers = layers_by_name(toy_map)
    new = layers["New cameras (2)"].data["features"]
    old = layers["Existing cameras (1, 1 at approximate positions)"].data["features"]
    assert ["name" in f["properties"] for f in new] == [False, False]
    assert [f["properties"]["name"] for f in old] == ["Existing camera C003"]
    pair = compare_maps(*plan_pair())
    names = [[f["properties"]["name"] for layer in layers_by_name(side).values()
              if isinstance(layer, folium.GeoJson) for f in layer.data["features"]
              if "name" in f["properties"] and "label" in f["properties"]]
             for side in (pair.m1, pair.m2)]
    assert names == [
        ["Camera A C001, moved", "Camera A C002, removed", "Existing camera A C003, unchanged"],
        ["Camera B C001, moved", "Camera B C003, added", "Existing camera B C002, unchanged"]]


def test_features_per_layer_equal_plan_rows(toy_map: folium.Map, plan: Plan) -> None:
    layers = layers_by_name(toy_map)
    assert n_features(layers["Areas by priority"]) == len(plan.areas) == 3
    assert n_features(layers["Areas by covered share"]) == 3
    assert n_features(layers["New cameras' views by DORI level (2 cameras)"]) == 8
    assert n_features(layers["Existing camera's views by DORI level (1 camera)"]) == 4
    assert len(plan.views) == 12
    assert n_features(layers["New cameras (2)"]) == 2
    assert n_features(layers["Existing cameras (1, 1 at approximate positions)"]) == 1
    assert n_features(layers["Candidate mounts (5)"]) == len(plan.sites)
    assert n_features(layers["Buildings (2)"]) == 2
    assert n_features(layers["Privacy zones (1)"]) == 1
    points = layers[f"Uncovered demand points ({uncovered(plan)})"]
    assert isinstance(points, PointsLayer)
    assert 0 < len(points.points) == uncovered(plan) < len(plan.demand)


def test_default_visibility(toy_map: folium.Map) -> None:
    shown = {name: layer.show for name, layer in layers_by_name(toy_map).items()}
    assert shown["Areas by priority"] is True
    assert shown["Areas by covered share"] is False
    assert shown["Candidate mounts (5)"] is False
    assert shown["Buildings (2)"] is False
    assert shown["New cameras (2)"] is True


def test_color_by_coverage_and_show_options(plan: Plan) -> None:
    m = render_map(plan, color_by="coverage", show_sites=True, show_buildings=True)
    shown = {name: layer.show for name, layer in layers_by_name(m).items()}
    assert shown["Areas by priority"] is False
    assert shown["Areas by covered share"] is True
    assert shown["Candidate mounts (5)"] is True
    assert shown["Buildings (2)"] is True


def test_colour_scales_at_known_values() -> None:
    assert interpolate_color(PRIORITY_STOPS, 0.0) == "#ffffb2"
    assert interpolate_color(PRIORITY_STOPS, 0.5) == "#fd8d3c"
    assert interpolate_color(PRIORITY_STOPS, 1.0) == "#bd0026"
    assert interpolate_color(PRIORITY_STOPS, 0.125) == "#ffe687"  # halfway #ffffb2 -> #fecc5c
    assert interpolate_color(PRIORITY_STOPS, 7.0) == "#bd0026"  # clipped
    assert interpolate_color(COVERAGE_STOPS, 0.0) == "#edf8e9"
    assert interpolate_color(COVERAGE_STOPS, 1.0) == "#006d2c"
    assert interpolate_color(COVERAGE_STOPS, float("nan")) == "#bdbdbd"


def test_area_and_view_styles(toy_map: folium.Map) -> None:
    layers = layers_by_name(toy_map)
    fills = [
        f["properties"]["style"]["fillColor"] for f in layers["Areas by priority"].data["features"]
    ]
    assert fills == [interpolate_color(PRIORITY_STOPS, p) for p in (0.9, 0.5, 0.2)]
    cover = layers["Areas by covered share"].data["features"]
    assert [f["properties"]["style"]["fillColor"] for f in cover] == [
        interpolate_color(COVERAGE_STOPS, s) for s in (0.6, 0.3, 0.0)
    ]
    views = layers["New cameras' views by DORI level (2 cameras)"]
    levels = [f["properties"]["level"] for f in views.data["features"]]
    # Drawn detect first, identify last (on top); coloured by level in the browser.
    assert levels == [1, 1, 2, 2, 3, 3, 4, 4]
    old = layers["Existing camera's views by DORI level (1 camera)"]
    assert [f["properties"]["level"] for f in old.data["features"]] == [1, 2, 3, 4]
    assert old.options["style"].js_code == views.options["style"].js_code
    style = views.options["style"].js_code
    for level, colour in LEVEL_COLORS.items():
        assert f'"{level}": {{"fillColor": "{colour}"' in style


def test_camera_icons_per_model_and_existing(toy_map: folium.Map) -> None:
    layers = layers_by_name(toy_map)
    new = [f["properties"] for f in layers["New cameras (2)"].data["features"]]
    assert [(p["color"], p["icon"]) for p in new] == [("green", "binoculars"), ("blue", "video")]
    old = layers["Existing cameras (1, 1 at approximate positions)"].data["features"][0]
    assert (old["properties"]["color"], old["properties"]["icon"]) == ("gray", "clock-rotate-left")
    assert "Approximate position" in old["properties"]["popup"]


def test_camera_popup_content(toy_map: folium.Map) -> None:
    popup = layers_by_name(toy_map)["New cameras (2)"].data["features"][0]["properties"]["popup"]
    for text in (
        "lamp-001 (lamp post)",  # mount (in words, not the sites layer's code)
        "2 MP dome (dome-2mp)",  # model
        "91.0° (E), field of view 100°",  # orientation, from true north (grid 90° + 1.02°)
        "52,000\u00a0SEK",  # cost (grouped as report.md writes it)
        "<th>Covered population (graded)</th><td>310</td>",
        "<th>Marginal value (demand weight)</th><td>12.2</td>",  # (one decimal, as report.md)
        # DORI breakdown: 4 of 41.5; levels lowercase, as the legend writes them
        "</span>identify</th><td>4.0 (10\u00a0%)</td>",
        "</span>detect</th><td>17.0 (41\u00a0%)</td>",
    ):
        assert text in popup


def test_cameras_carry_the_labels_of_the_reports(toy_map: folium.Map, plan: Plan) -> None:
    # the map names each camera as report.md, register.csv and cameras.geojson do (C001, ...)
    labels = dict(zip(plan.cameras["option_id"], camera_table(plan)["camera"], strict=True))
    assert labels == {"opt-1": "C001", "opt-2": "C002", "exist-1": "C003"}
    assert plan.camera_labels().to_dict() == labels
    layers = layers_by_name(toy_map)
    new = [f["properties"]["popup"] for f in layers["New cameras (2)"].data["features"]]
    assert [p.split("</h3>")[0] for p in new] == [
        '<div class="planner-popup"><h3>Camera C001',
        '<div class="planner-popup"><h3>Camera C002',
    ]
    old = layers["Existing cameras (1, 1 at approximate positions)"].data["features"][0]
    assert "<h3>Existing camera C003</h3>" in old["properties"]["popup"]
    # tooltips name the camera as the report does (hovering had not told which row it was)
    assert [f["properties"]["tooltip"].split(":")[0]
            for f in layers["New cameras (2)"].data["features"]] == ["C001", "C002"]
    assert old["properties"]["tooltip"].startswith("C003: Existing: ")
    tips = {f["properties"]["tooltip"] for f in
            layers["New cameras' views by DORI level (2 cameras)"].data["features"]}
    assert tips == {f"Camera {c}: {n}" for c in ("C001", "C002")
                    for n in ("detect", "observe", "recognise", "identify")}
    tips = {f["properties"]["tooltip"] for f in
            layers["Existing camera's views by DORI level (1 camera)"].data["features"]}
    assert tips == {f"Camera C003: {n}" for n in ("detect", "observe", "recognise", "identify")}
    # a chosen mount's tooltip names the cameras on it by the same labels
    mounts = {f["properties"]["tooltip"] for f in layers["Candidate mounts (5)"].data["features"]}
    assert mounts == {"Mount lamp-001 (lamp post): camera planned (C001)",
                      "Mount lamp-002 (pole): camera planned (C002)",
                      "Mount exist-001 (façade): existing camera (C003)",
                      "Mount lamp-003 (lamp post): candidate<br>&lt;script&gt;alert(3)&lt;"
                      "/script&gt;",
                      "Mount lamp-004 (lamp post): candidate"}


def test_no_popup_or_tooltip_shows_an_option_index(plan: Plan) -> None:
    # the popups had a row "Option: 23817", the optimiser's index of the camera option, which
    # no document a reader has names; every camera is named by its label (C001, as report.md)
    from planner.maps import compare_maps
    from tests.test_maps_diff import plan_pair

    a, b = plan_pair()
    for page in (map_html(render_map(plan)), map_html(compare_maps(a, b))):
        assert "Option<" not in page and "Kameraalternativ" not in page
        for option in ("opt-1", "opt-2", "opt-1b", "opt-4", "exist-1"):
            assert not re.search(rf"[^\w-]{re.escape(option)}[^\w-]", page), option


def test_the_page_zooms_and_holds_its_maps_in_main(toy_html: str) -> None:
    # Folium's viewport had forbidden zooming (maximum-scale=1.0, user-scalable=no: WCAG
    # 1.4.4); the maps stand in <main>, and the names a screen reader says come in the map's
    # language (what a browser makes of them: tests/test_browser_access.py)
    from planner._map_access import VIEWPORT, accessible_page

    assert "user-scalable" not in toy_html and "maximum-scale" not in toy_html
    assert toy_html.count('<meta name="viewport"') == 1 and VIEWPORT in toy_html
    body = toy_html.split("<body>", 1)[1].split("</body>", 1)[0]
    assert re.fullmatch(r'\s*<main class="planner-page">\s*<div class="folium-map" '
                        r'id="map_[0-9a-f]{32}" ></div>\s*</main>\s*', body), body
    assert '"map": "Map"' in toy_html and "axe.run" not in toy_html
    # a comparison's two viewports (one a map) become one; Swedish words
    folium_page = ("<html>\n<head>\n"
                   + '<meta name="viewport" content="width=device-width,\n   initial-scale=1.0, '
                     'maximum-scale=1.0, user-scalable=no" />\n' * 2
                   + '</head>\n<body>\n<div class="folium-map" id="a"></div>\n'
                     '<div class="folium-map" id="b"></div>\n</body>\n<script>\n</script>\n'
                     "</html>\n")
    page = accessible_page(folium_page, "sv")
    assert page.count("<meta") == 1 and VIEWPORT in page
    assert ('<body>\n<main class="planner-page">\n<div class="folium-map" id="a"></div>\n'
            '<div class="folium-map" id="b"></div>\n</main>\n</body>') in page
    assert '"map_side": "Karta över plan {side}"' in page and '"map": "Map"' not in page
    assert page.endswith("</script>\n</html>\n")


def test_saved_map_is_readable_as_the_umask_allows(plan: Plan, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = save_map(render_map(plan), tmp_path / "map.html")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # (mkstemp alone gives 0600)
        os.umask(0o077)
        path = save_map(render_map(plan), tmp_path / "private.html")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_data_text_is_escaped(toy_map: folium.Map, toy_html: str) -> None:
    layers = layers_by_name(toy_map)
    area = layers["Areas by priority"].data["features"][1]["properties"]
    assert esc(HOSTILE) in area["tooltip"] and esc(HOSTILE) in area["popup"]
    assert HOSTILE not in area["tooltip"] + area["popup"]
    cam = layers["New cameras (2)"].data["features"][1]["properties"]["popup"]
    assert "Near &#36;{alert(2)} &#96;school&#96;" in cam
    # In the page: no raw hostile markup anywhere, not even in the JSON of the layers.
    assert "<img src=x" not in toy_html
    assert "<script>alert(3)" not in toy_html
    assert "${alert(2)}" not in toy_html
    assert "<i>Katrineholm</i>" not in toy_html
    # (the layers' JSON is compact UTF-8, the panels' as folium writes it: both escaped HTML)
    assert "&lt;img src=x onerror=alert(1)&gt;" in toy_html


def test_hostile_model_and_mount_ids_are_escaped() -> None:
    row = dict(CAMERA_ROWS[0], site_id="<b>lamp</b>", model_name=HOSTILE, mount_type="<u>x</u>")
    html = map_html(render_map(make_plan([row])))
    for raw in ("<b>lamp</b>", "<u>x</u>", "<img src=x"):
        assert raw not in html
    assert layer_js("&lt;b&gt;lamp&lt;/b&gt;") in html  # popup and tooltip text
    assert js(f"{esc(HOSTILE)} (dome-2mp)</div>") in html  # legend entry of the model


def test_escape_function() -> None:
    assert esc(HOSTILE) == "&lt;img src=x onerror=alert(1)&gt;"
    assert (
        esc("a & 'b' \"c\" ${d} `e`") == "a &amp; &#x27;b&#x27; &quot;c&quot; &#36;{d} &#96;e&#96;"
    )
    assert esc(None) == "" and esc(float("nan")) == ""


def test_summary_legend_and_controls(toy_html: str) -> None:
    for text in (
        "Plan: &lt;i&gt;Katrineholm&lt;/i&gt; &amp; &quot;test&quot;",  # scenario, escaped
        "8,000,000\u00a0SEK",  # budget (grouped as report.md writes it)
        "123,000\u00a0SEK (2\u00a0%)",  # spent
        # (labelled as the Swedish panel's "Optimering"; both had named the solver program)
        "<th>Optimisation</th><td>optimal, gap 0.62\u00a0% (scip)</td>",
        "41.0\u00a0%",  # covered share
        "Coverage graded by DORI level; the share weighs areas by priority.",
        "<th>Covered population (graded)</th><td>960 of 2,450</td>",
        # (a weighted figure, as report.md says: read as people it had been taken for a count)
        "Covered population is graded, not a head count: an area&#x27;s population weighted "
        "by the DORI level its public space is seen at.",
        "4K bullet",  # legend: models
        "recognise",
    ):
        assert js(text) in toy_html, text
    for code in ("L.control.fullscreen(", "tile.openstreetmap.org/{z}"):
        assert code in toy_html
    # the scale bar in metres only (Leaflet's default had added feet: "3000 ft" on a Swedish map)
    assert toy_html.count("L.control.scale({imperial: false, maxWidth: 150})") == 1
    assert "L.control.scale()" not in toy_html
    assert js('<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>') in toy_html


def test_side_by_side_maps_have_a_metric_scale_each(plan: Plan) -> None:
    from planner.maps import compare_maps

    html = map_html(compare_maps(plan, replace(plan, cameras=plan.cameras.iloc[:-1])))
    assert html.count("L.control.scale({imperial: false, maxWidth: 150})") == 2
    assert "L.control.scale()" not in html


def test_fits_bounds_to_areas_with_cameras(toy_map: folium.Map, plan: Plan) -> None:
    fits = [c for c in toy_map._children.values() if isinstance(c, folium.map.FitBounds)]
    assert len(fits) == 1
    # Areas 1 and 2 have cameras, area 3 none.
    west, south, east, north = plan.areas.iloc[:2].to_crs(4326).total_bounds
    (s, w), (n, e) = fits[0].bounds
    assert (s, w, n, e) == pytest.approx((south, west, north, east), abs=1e-9)


def test_bad_arguments(plan: Plan) -> None:
    with pytest.raises(ValueError, match="color_by must be 'priority' or 'coverage', got 'x'"):
        render_map(plan, color_by="x")
    with pytest.raises(TypeError, match="plan must be a planner Plan, got dict"):
        render_map({})  # type: ignore[arg-type]
    broken = replace(plan, areas=plan.areas.drop(columns=["priority"]))
    with pytest.raises(InputError, match="areas lacks column\\(s\\) priority"):
        render_map(broken)


def test_many_uncovered_points_are_merged_on_a_grid(plan: Plan) -> None:
    n = uncovered(plan)
    m = render_map(plan, max_demand_points=10)
    (name,) = [k for k in layers_by_name(m) if k.startswith("Uncovered")]
    assert re.fullmatch(rf"Uncovered demand points \({n}; merged in \d+ m cells\)", name)
    assert 0 < len(layers_by_name(m)[name].points) <= 10
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [100.0, 100.0], [101.0, 99.0], [300.0, 0.0]])
    merged, cell = thin_points(xy, 3)
    assert cell == 7.5  # 5 m gives 4 occupied cells, 7.5 m gives 3
    assert merged.tolist() == [[0.5, 0.5], [100.5, 99.5], [300.0, 0.0]]
    assert thin_points(xy, 5)[1] == 0.0


def test_empty_layers_render(plan: Plan) -> None:
    empty = replace(
        plan,
        privacy_zones=plan.privacy_zones.iloc[:0],
        buildings=plan.buildings.iloc[:0],
        cameras=plan.cameras.iloc[:0],
        views=plan.views.iloc[:0],
    )
    layers = layers_by_name(render_map(empty))
    assert n_features(layers["Privacy zones (0)"]) == 0
    assert n_features(layers["New cameras (0)"]) == 0


def test_same_plan_renders_to_the_same_bytes(plan: Plan, toy_html: str) -> None:
    # branca draws each element id from os.urandom; map_html numbers them in tree order
    again = map_html(render_map(plan))
    assert again == toy_html
    ids = set(re.findall(r"\b[a-z_]+_([0-9a-f]{32})\b", toy_html))
    assert ids and all(int(i, 16) < 10_000 for i in ids)  # numbered, not random
    # every element script refers to is defined: the numbering kept references intact
    for name in set(re.findall(r"\b(map_[0-9a-f]{32})\b", toy_html)):
        assert f'id="{name}"' in toy_html


def test_side_by_side_maps_render_to_the_same_bytes(plan: Plan) -> None:
    from planner.maps import compare_maps

    other = replace(plan, cameras=plan.cameras.iloc[:-1])
    first = map_html(compare_maps(plan, other))
    assert map_html(compare_maps(plan, other)) == first


def test_summary_panel_has_no_wall_clock_time() -> None:
    # the map is reproduced byte for byte; a solve time in the panel made two runs differ
    from planner._map_panels import summary_html

    html = summary_html({"status": "feasible", "gap": 0.0056, "backend": "scip",
                         "timing": {"solve_s": 16.49}, "solve_time_s": 16.49}, "plan")
    assert "feasible, gap 0.56\u00a0% (scip)" in html and "16.5" not in html


def test_summary_panel_gives_the_scenarios_description() -> None:
    # (the README says a scenario's description is shown in the maps: it had reached
    # summary.json only, and with it the default data's word that its geometry is schematic)
    from planner._map_panels import summary_html

    base = {"status": "optimal", "gap": 0.0, "backend": "scip"}
    html = summary_html({**base, "settings": {"description": "Which areas <first>?\n  Shapes "
                                                              "are schematic."}}, "plan")
    said = ('<details class="description"><summary>Scenario description</summary>'
            '<p class="note description">Which areas &lt;first&gt;? Shapes are schematic.</p>'
            '</details>')
    # folded after the figures: first, Katrineholm's ten lines had pushed cameras, coverage and
    # optimisation below the fold of a projected panel
    assert said in html and html.index(said) > html.index("</table>")
    assert html.index("<th>Cameras</th>") < html.index("<th>Budget</th>")
    for settings in ({}, {"description": ""}, {"description": " \n "}):
        assert "description" not in summary_html({**base, "settings": settings}, "plan")


@pytest.mark.parametrize(("shares", "top"), [
    ([0.0, 0.24], 0.25), ([0.3], 0.5), ([0.05], 0.05), ([0.051], 0.1), ([], 1.0),
    ([1.0, float("nan")], 1.0), ([0.0], 0.05),
])
def test_share_scale_top_is_the_smallest_that_holds_every_share(shares: list[float],
                                                                 top: float) -> None:
    from planner._map_layers import share_scale_top

    assert share_scale_top(pd.Series(shares, dtype=float)) == top


def test_covered_share_ramp_ends_at_the_scale_top() -> None:
    # areas at 24, 12 and 0 %: on a 0-100 % ramp all three had been near-white
    from planner._map_html import COVERAGE_STOPS, interpolate_color

    plan = make_plan(area_shares=(0.24, 0.12, 0.0))
    m = render_map(plan, color_by="coverage")
    fills = [f["properties"]["style"]["fillColor"]
             for f in layers_by_name(m)["Areas by covered share"].data["features"]]
    assert fills == [interpolate_color(COVERAGE_STOPS, 0.24 / 0.25),
                     interpolate_color(COVERAGE_STOPS, 0.12 / 0.25), COVERAGE_STOPS[0]]
    assert js("Covered share&nbsp;0&nbsp;%") in map_html(m)
    assert js("25&nbsp;%&nbsp;or more</div>") in map_html(m)


def test_offline_map_shows_the_buildings_as_its_reference() -> None:
    # offline the basemap does not load, and with the buildings off the map had shown no
    # geography at all
    plan = make_plan()

    def buildings(m: folium.Map) -> object:
        return next(v for k, v in layers_by_name(m).items() if k.startswith("Buildings"))

    assert buildings(render_map(plan)).show is False
    assert buildings(render_map(plan, offline=True)).show is True


def test_page_declares_its_language(toy_html: str) -> None:
    assert toy_html.startswith('<!DOCTYPE html>\n<html lang="en">')


def test_a_mount_that_keeps_its_camera_says_so(toy_map: folium.Map, plan: Plan) -> None:
    # its tooltip had said "camera planned", as for a mount that gets a new camera
    tips = {f["properties"]["tooltip"].split(" (")[0].split(":")[0]: f["properties"]["tooltip"]
            for f in layers_by_name(toy_map)["Candidate mounts (5)"].data["features"]}
    cams = plan.cameras
    new = set(cams.loc[~cams["existing"].astype(bool), "site_id"])
    kept = set(cams.loc[cams["existing"].astype(bool), "site_id"]) - new
    assert kept and new
    for site in plan.sites["site_id"]:
        tip = tips[f"Mount {site}"]
        expected = (": existing camera" if site in kept else ": camera planned" if site in new
                    else ": candidate")
        assert expected in tip, (site, tip)


def test_english_map_groups_thousands_with_commas_as_the_reports(plan: Plan) -> None:
    # the English map had written "8 000 000 SEK" (narrow no-break spaces) where report.md
    # writes "8,000,000 SEK", and "(11332)" ungrouped in a layer name: every number of the
    # English map (panels, popups, tooltips, legend, layer names) groups with commas now
    from planner._lang import number
    from planner._map_html import fmt_int, fmt_num, fmt_sek
    from planner.maps import compare_maps

    assert fmt_sek(8_000_000) == number(8_000_000, 0) + "\u00a0SEK" == "8,000,000\u00a0SEK"
    assert fmt_int(24294.4) == "24,294" and fmt_num(12345.678, 2) == "12,345.68"
    big = replace(plan, areas=plan.areas.assign(population=[12_345, 1_200, 2_000]))
    for html in (map_html(render_map(big)), map_html(compare_maps(big, plan))):
        assert "\u202f" not in html and "\\u202f" not in html
        assert layer_js("12,345") in html  # (an area's population in its popup and tooltip)


def test_layer_names_group_their_counts_in_both_languages() -> None:
    from shapely.geometry import Point

    from planner._map_layers import building_layer
    from planner._map_points import demand_layer

    squares = gpd.GeoDataFrame(geometry=[box(X0 + 3 * i, Y0, X0 + 3 * i + 1, Y0 + 1)
                                         for i in range(1234)], crs=CRS).to_crs(4326)
    assert building_layer(squares, show=False).layer_name == "Buildings (1,234)"
    assert building_layer(squares, show=False, language="sv").layer_name == (
        "Byggnader (1\u202f234)")
    demand = gpd.GeoDataFrame({"level": [0] * 11_332}, geometry=[
        Point(X0 + i % 200, Y0 + i // 200) for i in range(11_332)], crs=CRS)
    assert demand_layer(demand, CRS, max_points=20_000).layer_name == (
        "Uncovered demand points (11,332)")
    assert demand_layer(demand, CRS, max_points=20_000, language="sv").layer_name == (
        "Behovspunkter utan täckning (11\u202f332)")


def test_cameras_on_one_mount_stand_side_by_side_and_name_each_other() -> None:
    # two cameras on one lamp post have the same position: the second marker had hidden the
    # first, whose popup no click reached (Katrineholm: 20 such mounts). Each stands beside the
    # mount now (the one facing east on the east side), its popup names the other
    from planner._map_cameras import MARKER_SPREAD_PX

    plan = shared_mount_plan()
    m = render_map(plan)
    new = {f["properties"]["title"]: f["properties"]
           for f in layers_by_name(m)["New cameras (3)"].data["features"]}
    dome, bullet = new["dome-2mp at lamp-001"], new["bullet-4k at lamp-001"]
    assert (bullet["dx"], dome["dx"]) == (-MARKER_SPREAD_PX // 2, MARKER_SPREAD_PX // 2)
    assert "dx" not in new["bullet-4k at lamp-002"]  # (alone on its mount: where it was)
    old = layers_by_name(m)["Existing cameras (1, 1 at approximate positions)"]
    assert "dx" not in old.data["features"][0]["properties"]
    assert "<h3>Camera C001</h3>" in dome["popup"] and "<h3>Camera C002</h3>" in bullet["popup"]
    assert "<tr><th>Also on this mount</th><td>C002: 4K bullet</td></tr>" in dome["popup"]
    assert "<tr><th>Also on this mount</th><td>C001: 2 MP dome</td></tr>" in bullet["popup"]
    for camera in (dome, bullet):  # each its own full details
        for row in ("Model", "Orientation (from true north)", "Cost",
                    "Covered population (graded)", "Marginal value (demand weight)"):
            assert f"<th>{row}</th>" in camera["popup"]
    assert "4K bullet (bullet-4k)" in bullet["popup"] and "181.0° (S)" in bullet["popup"]
    assert "Also on this mount" not in new["bullet-4k at lamp-002"]["popup"]
    # the icon, its shadow and the popup move with dx; the marker stays at the mount
    html = map_html(m)
    assert "iconAnchor: [17 - dx, 42], shadowAnchor: [10 - dx, 12]" in html
    assert "popupAnchor: [1 + dx, -32]" in html
    # in Swedish too
    from tests.test_maps_sv import swedish

    sv = layers_by_name(render_map(swedish(plan)))["Nya kameror (3)"].data["features"]
    assert "<tr><th>Även på monteringsplatsen</th><td>C002: 4K bullet</td></tr>" in (
        sv[0]["properties"]["popup"])


def test_three_cameras_on_one_mount_are_spread_evenly() -> None:
    from planner._map_cameras import MARKER_SPREAD_PX, spread_shared_mounts

    cams = gpd.GeoDataFrame(
        {"option_id": ["a", "b", "c", "d"], "camera": ["C001", "C002", "C003", "C004"],
         "model": ["m1", "m2", "m3", "m4"], "model_name": ["M1", None, "", "M4"],
         "orientation_deg": [90.0, 270.0, 0.0, 90.0]},
        geometry=[Point(16.2, 59.0), Point(16.2, 59.0), Point(16.2, 59.0), Point(16.21, 59.0)],
        crs="EPSG:4326")
    out = spread_shared_mounts(cams)
    # west-facing on the west side, east-facing on the east side; the lone camera where it is
    assert out["marker_dx"].tolist() == [MARKER_SPREAD_PX, -MARKER_SPREAD_PX, 0, 0]
    assert out["same_mount"].tolist() == ["C002: m2; C003: m3", "C003: m3; C001: M1",
                                          "C002: m2; C001: M1", ""]
    assert spread_shared_mounts(cams.iloc[:0])["marker_dx"].tolist() == []


def test_covered_population_is_marked_graded_where_the_map_shows_it(toy_map: folium.Map) -> None:
    # the summary panel's "Covered population 3,933 of 24,294" and the area popups' "Covered
    # population after 339" had lacked report.md's caveat: population weighted by DORI level
    from planner._map_panels import graded_note, summary_html

    areas = layers_by_name(toy_map)["Areas by priority"].data["features"]
    popup = areas[0]["properties"]["popup"]
    assert "<tr><th>Covered population after (graded)</th><td>720</td></tr>" in popup
    assert '<p class="note">Graded by DORI level: not a head count.</p>' in popup
    values = {"detect": 0.25, "identify": 1.0, "observe": 0.5, "recognise": 0.75}
    panel = summary_html({"covered_population": 3932.86, "population": 24294,
                          "level_values": values}, "plan")
    assert "<th>Covered population (graded)</th><td>3,933 of 24,294</td>" in panel
    assert ("not a head count: an area&#x27;s population weighted by the DORI level its public "
            "space is seen at (identify 1, recognise 0.75, observe 0.5, detect 0.25).") in panel
    sv = summary_html({"covered_population": 3932.86, "population": 24294,
                       "level_values": values}, "plan", language="sv")
    assert "<th>Täckt befolkning (graderad)</th><td>3\u202f933 av 24\u202f294</td>" in sv
    assert ("Täckt befolkning är graderad, inte ett antal personer: områdets befolkning viktad "
            "efter den DORI-nivå som dess allmänna platser syns på (identifiera 1, känna igen "
            "0,75, observera 0,5, upptäcka 0,25).") in sv
    assert graded_note({"identify": 1.0, "detect": float("nan")}).endswith(
        "is seen at (identify 1).")


def test_the_scenario_title_heads_the_map_and_its_name_stands_beneath() -> None:
    # the page had been titled "Camera plan: katrineholm-2018:sv" and the panel "Plan:
    # katrineholm-2018:sv": the scenario's title (a variant's own, as summary.json has it)
    # heads both now, and the panel keeps the technical name, which says scenario and variant
    from planner.maps import compare_maps

    title = f"Katrineholm 2018: safety {HOSTILE} cameras (8 MSEK)"
    plan = make_plan(scenario="katrineholm-2018:square")
    titled = replace(plan, summary={**plan.summary, "title": title})
    html = map_html(render_map(titled))
    assert f"<title>Camera plan: {esc(title)}</title>" in html
    head = (f'<summary>{esc(title)}</summary><p class="scenario">Scenario '
            f'katrineholm-2018:square</p><table><tr><th>Cameras</th>')
    assert js(head) in html
    assert js("Plan: katrineholm-2018:square") not in html
    assert HOSTILE not in html
    # a comparison's panels: the side's label, the title, and the name beneath
    both = map_html(compare_maps(titled, replace(titled, summary={**titled.summary,
                                                                   "scenario": "other"})))
    assert js(f"<summary>Plan A: {esc(title)}</summary>") in both
    assert js('<p class="scenario">Scenario other</p>') in both
    # without a title (a plan built by hand): its name, as before
    plain = map_html(render_map(replace(plan, summary={**plan.summary, "title": " "})))
    assert "<title>Camera plan: katrineholm-2018:square</title>" in plain
    assert js("<summary>Plan: katrineholm-2018:square</summary><table>") in plain


def test_the_views_layer_counts_cameras_not_polygons() -> None:
    # one polygon per DORI level and camera: "(572)" had read as 572 cameras for 143
    from planner._map_layers import view_layer

    views = toy_plan().views.to_crs("EPSG:4326")
    assert len(views) == 12 and views["option_id"].nunique() == 3
    assert view_layer(views).layer_name == "New cameras' views by DORI level (3 cameras)"
    one = views[views["option_id"] == views["option_id"].iloc[0]]
    assert view_layer(one).layer_name == "New camera's views by DORI level (1 camera)"
    assert view_layer(one, language="sv").layer_name == \
        "Den nya kamerans upptagningsområde efter DORI-nivå (1 kamera)"
    assert view_layer(views, existing=True).layer_name == \
        "Existing cameras' views by DORI level (3 cameras)"
    assert view_layer(one, existing=True, language="sv").layer_name == \
        "Den befintliga kamerans upptagningsområde efter DORI-nivå (1 kamera)"
    assert view_layer(views, existing=True, language="sv").layer_name == \
        "Befintliga kamerors upptagningsområden efter DORI-nivå (3 kameror)"


def test_a_camera_without_its_label_is_named_by_model_mount_and_direction(plan: Plan) -> None:
    # a frame the map has not labelled (C001, ...): its popup, tooltip and views had fallen back
    # to the option_id; now they give model, mount and direction, as the reports describe it
    from planner._map_cameras import spread_shared_mounts
    from planner._map_layers import view_layer
    from planner._map_popups import camera_name, camera_popup

    row = dict(CAMERA_ROWS[0])  # opt-1: the 2 MP dome on lamp-001, grid bearing 90°
    assert "camera" not in row
    assert camera_name(row) == "2 MP dome at lamp-001, 90.0° (E)"
    assert camera_name({**row, "orientation_true_deg": 91.0}) == "2 MP dome at lamp-001, 91.0° (E)"
    assert camera_name({**row, "orientation_true_deg": 91.0}, language="sv") == (
        "2 MP dome vid lamp-001, 91,0° (O)")
    assert camera_name({**row, "model_name": float("nan")}) == "dome-2mp at lamp-001, 90.0° (E)"
    assert camera_name({**row, "camera": "C001"}) == "C001"
    assert camera_name({"option_id": "opt-9"}) == "–"
    popup = camera_popup(row)
    assert popup.startswith('<div class="planner-popup"><h3>Camera 2 MP dome at lamp-001, '
                            "90.0° (E)</h3>")
    assert "opt-1" not in popup
    cams = plan.cameras.drop(columns="geometry")
    views = plan.views.merge(cams[["option_id", "site_id", "model", "model_name",
                                   "orientation_deg"]], on="option_id").to_crs("EPSG:4326")
    tips = {f["properties"]["tooltip"] for f in view_layer(views).data["features"]}
    assert "Camera 2 MP dome at lamp-001, 90.0° (E): identify" in tips
    assert not any("opt-" in tip for tip in tips)
    # two unlabelled cameras on one mount name each other the same way
    pair = plan.cameras.iloc[[0, 0]].assign(option_id=["x", "y"],
                                            orientation_deg=[90.0, 180.0]).to_crs("EPSG:4326")
    assert spread_shared_mounts(pair)["same_mount"].tolist() == [
        "2 MP dome at lamp-001, 180.0° (S)", "2 MP dome at lamp-001, 90.0° (E)"]


@pytest.mark.parametrize(("language", "row"), [
    ("en", "<tr><th>Priority</th><td>0.90</td></tr>"),
    ("sv", "<tr><th>Prioritet</th><td>0,90</td></tr>"),
])
def test_the_area_popup_says_priority_as_every_other_document(language, row) -> None:
    # the popup had said "Priority index" (Prioritetsindex) where the reports, workbooks and
    # tooltips say "Priority" (Prioritet)
    from planner._map_popups import area_popup

    assert row in area_popup({"area_id": "A", "priority": 0.9}, language=language)


@pytest.mark.parametrize(("language", "row"), [
    ("en", "<th>In view after (any level, ungraded)</th><td>31.4\u00a0%</td>"),
    ("sv", "<th>I bild efter (någon nivå, ograderad)</th><td>31,4\u00a0%</td>"),
])
def test_the_area_popup_gives_the_share_in_view(language: str, row: str) -> None:
    from planner._map_popups import area_popup

    area = {"area_id": "a", "name": "A", "population": 100, "priority": 0.5, "weight": 150.0,
            "covered_share_before": 0.0, "covered_share_after": 0.125,
            "covered_population_after": 12.5}
    assert row in area_popup({**area, "seen_share_after": 0.314}, language=language)
    assert "ograderad" not in area_popup(area, language="sv")  # (a plan made before it)


@pytest.mark.parametrize(("language", "note"), [
    ("en", "The coverage is by day (daylight ranges); the cameras record Fri-Sat 22:00-06:00: "
           "plan with coverage.night = true for coverage at night."),
    ("sv", "Täckningen gäller i dagsljus (räckvidder i dagsljus); kamerorna spelar in fre–lör "
           "22.00–06.00: planera med coverage.night = true för täckningen nattetid."),
])
def test_the_panel_of_a_day_plan_of_cameras_recording_at_set_hours_says_so(language: str,
                                                                           note: str) -> None:
    # (as report.md says it beside its coverage: a trial had quoted a day plan's share for
    # cameras recording Fri-Sat nights)
    from planner._map_panels import summary_html

    hours = {"en": "Fri-Sat 22:00-06:00", "sv": "fre–lör  22.00–06.00"}[language]
    base = {"status": "optimal", "gap": 0.0, "backend": "scip", "surveillance": {"hours": hours},
            "settings": {"language": language, "coverage": {"night": False}}}
    assert f'<p class="note">{note}</p>' in summary_html(base, "plan", language=language)
    night = {**base, "settings": {"language": language, "coverage": {"night": True}}}
    assert note not in summary_html(night, "plan", language=language)
    assert note not in summary_html({**base, "surveillance": {"hours": None}}, "plan",
                                    language=language)


@pytest.mark.parametrize(("language", "night", "share", "population"), [
    ("en", False, "Covered share by day (daylight ranges)", "Covered population by day (graded)"),
    ("en", True, "Covered share at night (IR range)", "Covered population at night (graded)"),
    ("sv", False, "Täckt andel dagtid (räckvidder i dagsljus)",
     "Täckt befolkning dagtid (graderad)"),
    ("sv", True, "Täckt andel nattetid (IR-räckvidd)", "Täckt befolkning nattetid (graderad)"),
])
def test_the_panel_says_whether_its_coverage_holds_by_day_or_at_night(
        language: str, night: bool, share: str, population: str) -> None:
    # a trial: the day plan's 17.8 % and the night plan's 8.8 % stood under the same words
    # ("Täckt andel"), and the police read 17.8 % as round the clock
    from planner._map_panels import summary_html

    base = {"status": "optimal", "gap": 0.0, "covered_share": 0.178, "covered_population": 960,
            "population": 2450, "settings": {"language": language, "coverage": {"night": night}}}
    html = summary_html(base, "plan", language=language)
    figure = "17.8\xa0%" if language == "en" else "17,8\xa0%"
    assert f"<tr><th>{share}</th><td>{figure}</td></tr>" in html
    assert f"<tr><th>{population}</th>" in html
    # a plan that does not record it (built by hand) keeps the plain words
    plain = summary_html({k: v for k, v in base.items() if k != "settings"}, "plan",
                         language=language)
    assert share not in plain and population not in plain


def _planned_town_with_zones(folder: Path, *, language: str = "en", night: bool = False) -> Plan:
    """The test town planned with an existing police camera and private gardens in view."""
    from planner.plan import plan as make
    from planner.scenario import load_scenario
    from tests.conftest import X0, Y0, sites_with_old_camera, write_town

    path = write_town(folder, budget=60_000,
                      sites=sites_with_old_camera(existing_owner=["Polismyndigheten", None]))
    gpd.GeoDataFrame({"zone_id": ["z1", "z2"], "kind": ["private_garden", "facade_band"]},
                     geometry=[box(X0 + 20, Y0 - 15, X0 + 30, Y0 - 5),
                               box(X0 - 280, Y0 - 5, X0 - 270, Y0 + 5)],
                     crs=CRS).to_file(folder / "zones.gpkg", engine="pyogrio")
    text = path.read_text(encoding="utf-8").replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nprivacy_zones = "zones.gpkg"')
    path.write_text(text, encoding="utf-8")
    return make(load_scenario(path, overrides={"language": language, "coverage.night": night}))


@pytest.mark.parametrize("night", [False, True])
def test_camera_popups_give_the_registers_privacy_figures_ranges_and_owner(
        tmp_path: Path, night: bool) -> None:
    # the data protection officer and the housing company asked for what register.csv has:
    # privacy-zone m² and residential façades in view (from detect level and at the privacy
    # rule's level), the DORI ranges, and an existing camera's owner and running costs (its
    # popup had said "0 SEK" as if it were free); the popup's numbers are the register's
    from planner._lang import number
    from planner._report_register import camera_register

    made = _planned_town_with_zones(tmp_path / "town", night=night)
    register = camera_register(made).set_index("camera")
    assert (register["privacy_zone_m2_in_view"] > 0).any()  # (the test sees a zone)
    m = render_map(made)
    popups = {}
    for name, layer in layers_by_name(m).items():
        if "cameras (" in name:
            for feature in layer.data["features"]:
                html = feature["properties"]["popup"]
                popups[html.split("</h3>")[0].rsplit(" ", 1)[-1]] = html
    assert sorted(popups) == sorted(register.index) and len(popups) >= 2
    for label, row in register.iterrows():
        html = popups[label]
        ranges = ", ".join(f"{level} {number(row[f'range_{level}_m'], 1)} m"
                           for level in ("identify", "recognise", "observe", "detect"))
        assert f"<th>DORI ranges by day</th><td>{ranges}</td>" in html
        zones = (f"{number(row['privacy_zone_m2_in_view'], 1)} m² from detect level; "
                 f"{number(row['privacy_zone_m2_at_privacy_level'], 1)} m² at observe or better")
        assert f"<th>Privacy zones in view</th><td>{zones}</td>" in html
        facades = (f"{row['residential_facades_in_view']} from detect level; "
                   f"{row['residential_facades_at_privacy_level']} at observe or better")
        assert f"<th>Residential façades in view</th><td>{facades}</td>" in html
        assert ("DORI ranges at night (IR)" in html) == night
        if row["status"] == "existing":
            assert "<th>Owner</th><td>Polismyndigheten</td>" in html
            yearly = made.cameras.loc[made.cameras["site_id"].eq(row["site_id"]), "yearly_sek"]
            assert (f"<th>Cost</th><td>0 SEK to this budget (existing: its owner pays its "
                    f"running costs, {number(float(yearly.iloc[0]))}\u00a0SEK a year)</td>"
                    in html)
        else:
            assert "<th>Owner</th>" not in html


def test_swedish_camera_popups_give_the_registers_figures_in_swedish(tmp_path: Path) -> None:
    from planner._report_register import camera_register

    made = _planned_town_with_zones(tmp_path / "town", language="sv")
    register = camera_register(made)
    old = register.loc[register["status"] == "existing"].iloc[0]
    layer = next(v for k, v in layers_by_name(render_map(made)).items()
                 if k.startswith("Befintliga kameror"))
    html = layer.data["features"][0]["properties"]["popup"]
    assert "<th>Ägare</th><td>Polismyndigheten</td>" in html
    assert "<th>DORI-räckvidder i dagsljus</th><td>identifiera " in html
    zones = str(old["privacy_zone_m2_in_view"]).replace(".", ",")
    assert (f"<th>Integritetszoner i bild</th><td>{zones} m² från nivån upptäcka; " in html)
    assert "på nivån observera eller bättre</td>" in html
    assert "0 kr för den här budgeten (befintlig: ägaren betalar driftkostnaderna, " in html


@pytest.mark.parametrize(("language", "row"), [
    ("en", "<tr><th>New cameras by mount</th><td>1 on a lamp post, 0 on poles, 2 on façades, "
           "1 on wall</td></tr>"),
    ("sv", "<tr><th>Nya kameror per monteringstyp</th><td>1 på en belysningsstolpe, 0 på "
           "stolpar, 2 på fasader, 1 på wall</td></tr>"),
])
def test_the_panel_counts_the_new_cameras_by_mount_type(language: str, row: str) -> None:
    # the housing company asked how many new cameras go on façades: the panel said only
    # "137 new, 6 existing"; the existing cameras are not counted
    from planner._map_panels import summary_html

    cameras = pd.DataFrame({"mount_type": ["facade", "lamp_post", "wall", "facade", "pole"],
                            "existing": [False, False, False, False, True]})
    base = {"status": "optimal", "gap": 0.0, "n_cameras_new": 4, "n_cameras_existing": 1}
    html = summary_html(base, "plan", language=language, cameras=cameras)
    assert row in html
    # after the cameras' count it details
    assert html.index(row) == html.index("</tr>", html.index("<th>Ca" if language == "en"
                                                             else "<th>Ka")) + len("</tr>")
    # a plan without mount types (made by hand): no such row
    assert "by mount" not in summary_html(base, "plan", cameras=cameras[["existing"]])


def test_summary_panel_counts_the_new_cameras_seeing_privacy_zones_as_the_register() -> None:
    # the map had given what each camera sees of privacy zones popup by popup only: a data
    # protection officer had to add up 137 popups to learn what report.md says in one line. The
    # summary panel counts the new cameras that see a zone at the rule's level and anywhere in
    # their view, with the m² and façades summed from register.csv's figures. In the toy plan
    # C001 sees 802.0 m² of the 30 x 30 m zone pz-1 (900 m²), 219.7 m² of it at observe level,
    # C002 none; the existing C003 (462.8 m²) is not counted
    from planner._map_panels import summary_html
    from planner._map_register import map_register, privacy_row
    from planner._report_register import privacy_in_all
    from planner.maps import _frames

    plan = toy_plan()
    register = map_register(plan).set_index("camera")
    assert register["privacy_zone_m2_in_view"].tolist() == [802.0, 0.0, 462.8]
    assert register["privacy_zone_m2_at_privacy_level"].tolist() == [219.7, 0.0, 0.0]
    cameras = _frames(plan)["cameras"]
    # (all together, each m² and home once: report.md gives the register's sums beside them)
    totals = privacy_in_all(plan)
    assert totals["privacy_zone_m2_in_view"] == 802.0
    assert privacy_row(cameras, plan.summary, zones=1, totals=totals) == (
        "New cameras seeing privacy zones",
        "1 of 2 at observe or better (219.7 m²); 1 of 2 from detect (802.0 m², 0 homes)")
    assert privacy_row(cameras, plan.summary, zones=1, totals=totals, language="sv") == (
        "Nya kameror som ser integritetszoner",
        "1 av 2 på nivån observera eller bättre (219,7 m²); 1 av 2 från nivån upptäcka (802,0 m², "
        "0 bostadshus)")
    # (no zones: no row)
    assert privacy_row(cameras, plan.summary, zones=0, totals=totals) is None
    html = summary_html(plan.summary, plan.name, cameras=plan.cameras,
                        privacy=privacy_row(cameras, plan.summary, zones=1, totals=totals))
    assert ("<th>New cameras seeing privacy zones</th><td>1 of 2 at observe or better (219.7 m²); "
            "1 of 2 from detect (802.0 m², 0 homes)</td>") in html
    assert "New cameras seeing privacy zones" in map_html(render_map(plan))
    empty = replace(plan, privacy_zones=plan.privacy_zones.iloc[:0])
    assert "New cameras seeing privacy zones" not in map_html(render_map(empty))
