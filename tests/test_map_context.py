"""Which buildings and privacy zones a map draws (``planner._map_context``)."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
from shapely.geometry import box

from planner._map_context import CONTEXT_M, near
from planner._plan_types import Plan
from planner.maps import compare_maps, render_map
from tests.test_maps import CRS, X0, Y0, layers_by_name, toy_plan

# A hand-made town: one planned area (100 x 100 m) and one camera view (30 x 30 m) 200 m east.
AREA = box(X0, Y0, X0 + 100, Y0 + 100)
VIEW = box(X0 + 200, Y0, X0 + 230, Y0 + 30)
#: building id -> footprint, and whether a map draws it (within 50 m of the area or the view)
BUILDINGS = {
    "inside": (box(X0 + 10, Y0 + 10, X0 + 20, Y0 + 20), True),
    "across the area's edge": (box(X0 + 95, Y0 + 50, X0 + 105, Y0 + 60), True),
    "50 m north of the area": (box(X0 + 40, Y0 + 150, X0 + 50, Y0 + 160), True),
    "50.5 m north of the area": (box(X0 + 60, Y0 + 150.5, X0 + 70, Y0 + 160), False),
    "40 m south of the view": (box(X0 + 210, Y0 - 50, X0 + 220, Y0 - 40), True),
    "between, 60 m from both": (box(X0 + 160, Y0 + 90, X0 + 170, Y0 + 100), False),
    "far away": (box(X0 + 1000, Y0 + 1000, X0 + 1010, Y0 + 1010), False),
}


def town_buildings() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"building_id": list(BUILDINGS)},
                            geometry=[g for g, _ in BUILDINGS.values()], crs=CRS)


def targets() -> list[gpd.GeoSeries]:
    return [gpd.GeoSeries([AREA], crs=CRS), gpd.GeoSeries([VIEW], crs=CRS)]


def test_kept_within_fifty_metres_of_an_area_or_a_view() -> None:
    assert CONTEXT_M == 50.0
    kept = near(town_buildings(), targets(), CONTEXT_M)
    assert list(kept["building_id"]) == [k for k, (_, drawn) in BUILDINGS.items() if drawn]
    assert list(kept.index) == [0, 1, 2, 4]  # (the rows keep their order and index)


def test_the_distance_is_a_parameter_and_none_keeps_all() -> None:
    frame = town_buildings()
    assert list(near(frame, targets(), 0.0)["building_id"]) == ["inside",
                                                                "across the area's edge"]
    assert list(near(frame, targets(), 60.0)["building_id"]) == [
        "inside", "across the area's edge", "50 m north of the area",
        "50.5 m north of the area", "40 m south of the view", "between, 60 m from both"]
    assert near(frame, targets(), None) is frame


def test_nothing_to_be_near_keeps_all_and_an_empty_layer_stays_empty() -> None:
    frame = town_buildings()
    empty = gpd.GeoSeries([], crs=CRS)
    assert near(frame, [empty, empty], CONTEXT_M) is frame
    assert len(near(frame.iloc[:0], targets(), CONTEXT_M)) == 0


def test_a_target_in_another_crs_is_reprojected() -> None:
    wgs = [t.to_crs("EPSG:4326") for t in targets()]  # (at 55 m: no case on the edge)
    assert list(near(town_buildings(), wgs, 55.0)["building_id"]) == [
        "inside", "across the area's edge", "50 m north of the area",
        "50.5 m north of the area", "40 m south of the view"]


def with_far_context() -> Plan:
    """The toy plan with a building and a privacy zone 2 km from everything."""
    plan = toy_plan()
    far = box(X0 + 2000, Y0 + 2000, X0 + 2020, Y0 + 2020)
    buildings = gpd.GeoDataFrame({"building_id": ["b1", "b2", "far"],
                                  "kind": ["residential", "public", "residential"]},
                                 geometry=[*plan.buildings.geometry, far], crs=CRS)
    zones = gpd.GeoDataFrame({"zone_id": ["pz-1", "pz-far"], "kind": ["gardens", "gardens"]},
                             geometry=[*plan.privacy_zones.geometry, far.buffer(3)], crs=CRS)
    return replace(plan, buildings=buildings, privacy_zones=zones)


def test_the_map_leaves_out_far_buildings_and_zones_and_counts_those_drawn() -> None:
    plan = with_far_context()
    layers = layers_by_name(render_map(plan))
    assert [len(layers["Buildings (2)"].data["features"]),
            len(layers["Privacy zones (1)"].data["features"])] == [2, 1]
    tips = [f["properties"]["tooltip"] for f in layers["Privacy zones (1)"].data["features"]]
    assert tips == ["Privacy zone pz-1 (gardens)"]
    every = layers_by_name(render_map(plan, context_m=None))
    assert "Buildings (3)" in every and "Privacy zones (2)" in every
    assert "Privacy zone pz-far (gardens)" in [
        f["properties"]["tooltip"] for f in every["Privacy zones (2)"].data["features"]]
    # the comparison's maps draw the same
    dual = compare_maps(plan, plan)
    assert "Buildings (2)" in layers_by_name(dual.m1) and "Buildings (2)" in layers_by_name(dual.m2)
    # the plan itself keeps them all
    assert len(plan.buildings) == 3 and len(plan.privacy_zones) == 2
