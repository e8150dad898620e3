"""Demand points: grid in public space, weights, user points."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.demand import area_weight_targets, exact_split, grid_demand, user_demand
from planner.errors import InputError

CRS = "EPSG:3006"


def areas_frame(
    geoms: list[shapely.Geometry], pops: list[int], pris: list[float]
) -> gpd.GeoDataFrame:
    ids = [f"A{i}" for i in range(len(geoms))]
    return gpd.GeoDataFrame(
        {"area_id": ids, "population": pops, "priority": pris}, geometry=geoms, crs=CRS
    )


def buildings_frame(geoms: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"building_id": [f"B{i}" for i in range(len(geoms))]}, geometry=geoms, crs=CRS
    )


def test_targets_are_population_times_priority_factor() -> None:
    areas = areas_frame([shapely.box(0, 0, 1, 1)] * 3, [100, 200, 0], [0.0, 0.5, 1.0])
    t = area_weight_targets(areas, priority_gain=2.0)
    assert t.to_dict() == {"A0": 100.0, "A1": 400.0, "A2": 0.0}
    assert area_weight_targets(areas, priority_gain=0.0).tolist() == [100.0, 200.0, 0.0]


@pytest.mark.parametrize(
    ("col", "val", "match"),
    [("population", -1, "population -1"), ("priority", 1.5, "priority 1.5")],
)
def test_targets_reject_bad_values(col: str, val: float, match: str) -> None:
    areas = areas_frame([shapely.box(0, 0, 1, 1)], [10], [0.5])
    areas[col] = [val]
    with pytest.raises(InputError, match=f"'A0'.*{match}"):
        area_weight_targets(areas)


def test_grid_points_on_multiples_outside_buildings_with_exact_weights() -> None:
    areas = areas_frame([shapely.box(3, 3, 103, 103)], [1000], [0.3])
    blds = buildings_frame([shapely.box(20, 20, 40, 40)])
    dem = grid_demand(areas, blds, spacing_m=10.0)
    xy = shapely.get_coordinates(dem.geometry.to_numpy())
    assert np.all(xy % 10.0 == 0.0)
    # 10 x 10 nodes (10..100), minus the 3 x 3 nodes inside or on the building
    assert len(dem) == 100 - 9
    assert not shapely.intersects(blds.geometry.iloc[0], dem.geometry.to_numpy()).any()
    target = 1000 * 1.3
    assert dem["weight"].sum() == target
    assert math.fsum(dem["weight"]) == target
    assert sum(dem["weight"].tolist()[::-1]) == target
    assert dem["weight"].max() - dem["weight"].min() <= math.ulp(target)


def test_each_area_sums_to_its_target_and_shared_nodes_go_to_the_first_area() -> None:
    areas = areas_frame(
        [shapely.box(0, 0, 50, 50), shapely.box(50, 0, 100, 50)], [777, 333], [1.0, 0.1]
    )
    dem = grid_demand(areas, buildings_frame([]), spacing_m=10.0)
    assert len(dem) == 11 * 6  # 11 columns, 6 rows, shared x = 50 counted once
    on_edge = dem[shapely.get_x(dem.geometry.to_numpy()) == 50.0]
    assert set(on_edge["area_id"]) == {"A0"}
    sums = dem.groupby("area_id")["weight"].sum()
    targets = area_weight_targets(areas)
    assert sums.to_dict() == targets.to_dict()


def test_area_without_public_grid_point_gets_one_representative_point() -> None:
    tiny = shapely.box(101, 101, 104, 104)  # no multiple of 10 inside
    built = shapely.box(200, 200, 230, 215)  # all nodes inside a building
    areas = areas_frame([shapely.box(0, 0, 20, 20), tiny, built], [10, 20, 30], [0.0, 0.0, 0.0])
    blds = buildings_frame([shapely.box(195, 195, 235, 212)])  # leaves a strip y > 212
    dem = grid_demand(areas, blds, spacing_m=10.0)
    for aid, target in (("A1", 20.0), ("A2", 30.0)):
        rows = dem[dem["area_id"] == aid]
        assert len(rows) == 1
        assert rows["weight"].iloc[0] == target
    a1 = dem[dem["area_id"] == "A1"].geometry.iloc[0]
    assert tiny.contains(a1)
    a2 = dem[dem["area_id"] == "A2"].geometry.iloc[0]
    assert built.contains(a2) and not blds.geometry.iloc[0].intersects(a2)
    assert list(dem["area_id"]) == sorted(dem["area_id"])


def test_too_many_points_raise_naming_the_spacing_key() -> None:
    areas = areas_frame([shapely.box(0, 0, 200, 200)], [10], [0.0])
    with pytest.raises(InputError, match=r"max_points = 5,000.*demand\.grid_spacing_m"):
        grid_demand(areas, buildings_frame([]), spacing_m=1.0, max_points=5000)


def test_bad_spacing_raises() -> None:
    areas = areas_frame([shapely.box(0, 0, 10, 10)], [10], [0.0])
    with pytest.raises(InputError, match=r"demand\.grid_spacing_m\) = 0\.0"):
        grid_demand(areas, buildings_frame([]), spacing_m=0.0)


@settings(max_examples=200, deadline=None)
@given(
    total=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    n=st.integers(1, 5000),
    seed=st.integers(0, 2**32 - 1),
)
def test_exact_split_sums_exactly_in_any_order(total: float, n: int, seed: int) -> None:
    parts = exact_split(total, n)
    assert len(parts) == n
    assert parts.sum() == total
    perm = np.random.default_rng(seed).permutation(parts)
    acc = 0.0
    for p in perm.tolist():
        acc += p
    assert acc == total
    assert np.all(parts >= 0)


def test_user_demand_assigns_areas_and_checks_weights() -> None:
    areas = areas_frame([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)], [1, 1], [0.0, 0.0])
    pts = gpd.GeoDataFrame(
        {"w": [1.0, 2.0, 3.0]}, geometry=shapely.points([[5, 5], [15, 5], [50, 50]]), crs=CRS
    )
    dem = user_demand(pts, areas, weight_column="w")
    assert dem["area_id"].tolist()[:2] == ["A0", "A1"]
    assert dem["area_id"].isna().tolist() == [False, False, True]
    assert dem["weight"].tolist() == [1.0, 2.0, 3.0]
    pts.loc[1, "w"] = -2.0
    with pytest.raises(InputError, match=r"feature 1 has w = -2\.0"):
        user_demand(pts, areas, weight_column="w")
    with pytest.raises(InputError, match="missing column"):
        user_demand(pts)


def test_demand_near_homes_fallbacks_are_warned(tmp_path, caplog):
    """No residential building, or an area without homes in reach, changed where demand lies
    without a word."""
    import logging

    import geopandas as gpd

    from planner.plan import load_inputs, prepare
    from planner.scenario import load_scenario
    from tests.conftest import write_town

    scenario = write_town(tmp_path / "t")
    with caplog.at_level(logging.WARNING, logger="planner"):
        prepare(load_scenario(scenario))
    text = caplog.text
    # the west area lies 280 m from the one home
    assert (
        "buildings.gpkg: 1 of the 2 planned areas has no home within demand.near_homes_m=60 m "
        "(west): its whole area counts as public space; add its homes (kind = residential) or "
        "plan it with demand.near_homes_m = 0") in text
    assert "no building has kind 'residential'" not in text
    caplog.clear()
    buildings = gpd.read_file(tmp_path / "t" / "buildings.gpkg")
    buildings.assign(kind="commercial").to_file(tmp_path / "t" / "buildings.gpkg",
                                                engine="pyogrio")
    with caplog.at_level(logging.WARNING, logger="planner"):
        inputs = load_inputs(load_scenario(scenario))
        prepare(load_scenario(scenario))
    assert (inputs.buildings["kind"] == "commercial").all()
    assert "buildings.gpkg: no building has kind 'residential', so demand.near_homes_m=60 " \
           "counts every building as a home" in caplog.text


def test_a_grid_on_the_edges_is_the_same_after_a_round_trip_through_wgs84():
    # areas and walls on multiples of the grid spacing: reprojecting moves the edges by about
    # 1e-10 m, and rows of nodes on them had come and gone (another plan from the same data
    # given in EPSG:4326)
    from shapely.geometry import box

    x0, y0 = 568_700.0, 6_539_800.0
    areas = gpd.GeoDataFrame(
        {"area_id": ["a", "b"], "population": [100, 50], "priority": [1.0, 0.5]},
        geometry=[box(x0, y0, x0 + 200, y0 + 60), box(x0, y0 + 60, x0 + 200, y0 + 120)],
        crs="EPSG:3006")
    buildings = gpd.GeoDataFrame({"kind": ["residential"]},
                                 geometry=[box(x0 + 50, y0 + 20, x0 + 80, y0 + 40)],
                                 crs="EPSG:3006")
    trip = lambda f: f.to_crs("EPSG:4326").to_crs("EPSG:3006")  # noqa: E731
    assert not trip(areas).geometry.geom_equals_exact(areas.geometry, 0).all()  # it moved
    here = grid_demand(areas, buildings, spacing_m=10)
    there = grid_demand(trip(areas), trip(buildings), spacing_m=10)
    assert len(here) == len(there)
    assert here["area_id"].tolist() == there["area_id"].tolist()
    assert np.allclose(here.geometry.x, there.geometry.x) and np.allclose(here["weight"],
                                                                         there["weight"])
    # nodes on the outer edges count, those on the walls do not, the shared edge is a's
    per_area = here.groupby("area_id").size().to_dict()
    assert per_area == {"a": 21 * 7 - 4 * 3, "b": 21 * 6}
