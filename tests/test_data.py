"""Tests of the default Katrineholm data layers in ``data/`` (built by data/build_katrineholm.py)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

DATA = Path(__file__).resolve().parent.parent / "data"
SHARED = DATA.parent.parent / "shared" / "data" / "katrineholm"
SCB_CODES = [
    "0483A0010", "0483A0020", "0483A0030", "0483A0040", "0483A0050", "0483A0060", "0483B2010",
    *[f"0483C1{k:02d}0" for k in range(1, 15)],
]


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_katrineholm", DATA / "build_katrineholm.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_katrineholm"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load_builder()


@pytest.fixture(scope="module")
def areas() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "areas.geojson").to_crs("EPSG:3006")


@pytest.fixture(scope="module")
def buildings() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "buildings.geojson").to_crs("EPSG:3006")


@pytest.fixture(scope="module")
def sites() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "sites.geojson").to_crs("EPSG:3006")


def test_areas_codes_population_columns(areas: gpd.GeoDataFrame) -> None:
    assert len(areas) == 21
    assert list(areas["area_id"]) == SCB_CODES
    assert int(areas["population"].sum()) == 34604
    for column in ("area_id", "name", "category", "population", "priority", "low_econ_standard_pct",
                   "unemployment_rate", "foreign_background_share", "rental_share", "median_income_tkr"):
        assert column in areas.columns
    assert (areas["category"] == areas["area_id"].str[4]).all()
    assert areas.set_index("area_id").at["0483C1050", "name"] == "Nyhem-Nävertorp"


def test_codes_match_scb_mapping() -> None:
    mapping = SHARED / "scb_deso" / "katrineholm_deso_regso_mapping.csv"
    if not mapping.exists():
        pytest.skip("../shared not available")
    scb = pd.read_csv(mapping, dtype=str)
    areas = gpd.read_file(DATA / "areas.geojson")
    assert dict(zip(scb["deso"], scb["regso_name"], strict=True)) == dict(
        zip(areas["area_id"], areas["name"], strict=True)
    )


def test_priorities(areas: gpd.GeoDataFrame) -> None:
    pri = areas["priority"]
    assert pri.between(0.0, 1.0).all()
    assert pri.min() == 0.0 and pri.max() == 1.0
    ranked = list(areas.sort_values(["priority", "area_id"], ascending=[False, True])["area_id"])
    assert set(ranked[:2]) == {"0483C1050", "0483C1090"}
    assert ranked.index("0483C1020") < 7  # Strandsvägsområdet-Skogsborg in the top third


def test_areas_valid_disjoint_and_cover(areas: gpd.GeoDataFrame, builder: ModuleType) -> None:
    geoms = areas.geometry.values
    assert shapely.is_valid(geoms).all()
    for a, b in itertools.combinations(range(len(geoms)), 2):
        assert geoms[a].intersection(geoms[b]).area < 10.0  # only 7-decimal rounding slivers
    points = builder.load_reference_points(DATA)
    muni = builder.municipality_polygon(points)
    union = shapely.union_all(geoms)
    assert abs(union.area - muni.area) / muni.area < 1e-4


def test_town_polygon(areas: gpd.GeoDataFrame) -> None:
    c_areas = areas[areas["category"] == "C"]
    assert len(c_areas) == 14
    town = shapely.union_all(c_areas.geometry.values)
    assert abs(town.area / 1e4 - 1185.0) / 1185.0 < 0.05
    assert town.contains(shapely.Point(568735.0, 6539793.0))
    rest = shapely.union_all(areas[areas["category"] != "C"].geometry.values)
    assert rest.intersection(town).area < 10.0


def test_sites_contract_and_placement(
    sites: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, areas: gpd.GeoDataFrame
) -> None:
    assert sites["site_id"].is_unique
    assert set(sites["mount_type"]) == {"lamp_post", "pole", "facade"}
    assert 500 <= len(sites) <= 900
    assert (sites["install_cost_sek"] >= 0).all() and (sites["max_cameras"] >= 1).all()
    town = shapely.union_all(areas[areas["category"] == "C"].geometry.values)
    assert shapely.contains(town.buffer(0.01), sites.geometry.values).all()
    tree = shapely.STRtree(buildings.geometry.values)
    hits = tree.query(sites.geometry.values, predicate="within")
    assert hits.shape[1] == 0, "a site lies inside a building"
    facades = sites[sites["mount_type"] == "facade"]
    assert facades["building_id"].notna().all()
    by_id = buildings.set_index("building_id").geometry
    for row in facades.itertuples():
        assert by_id[row.building_id].exterior.distance(row.geometry) < 0.25
    assert sites.loc[sites["mount_type"] != "facade", "building_id"].isna().all()


def test_existing_cameras(sites: gpd.GeoDataFrame) -> None:
    catalogue = tomllib.loads((DATA / "cameras.toml").read_text(encoding="utf-8"))
    models = {c["id"] for c in catalogue["camera"]}
    existing = sites[sites["existing_model"].notna()]
    assert len(existing) == 6
    assert existing["approximate"].all()
    assert set(existing["existing_model"]) <= models
    assert existing["existing_orientation_deg"].between(0, 360).all()
    notes = " ".join(existing["note"])
    for place in ("Nävertorps torg", "Kerstinbodagatan", "Smedjegatan", "Skolgatan", "Stadsparken",
                  "Skateparken"):
        assert place in notes
    assert "Springkällan" not in notes and "Stortorget" not in notes


def test_existing_cameras_owners_and_their_running_costs(sites: gpd.GeoDataFrame) -> None:
    """Each existing camera's owner is the one its note names; the municipality's run 12,000 SEK.

    Stadsparken and Skateparken are Katrineholms kommun's (the scenario's surveillance.operator,
    also in its sv variant), the other four the police's: by the catalogue's yearly costs, the
    two multi-180 cameras' 2 x 6,000 SEK a year of the 28,000 are the municipality's own.
    """
    existing = sites[sites["existing_model"].notna()]
    assert sites.loc[sites["existing_model"].isna(), "existing_owner"].isna().all()
    for owner, note in zip(existing["existing_owner"], existing["note"], strict=True):
        assert f"({owner})" in note
    scenario = tomllib.loads((DATA.parent / "scenarios" / "katrineholm.toml").read_text(
        encoding="utf-8"))
    operator = scenario["surveillance"]["operator"]
    assert operator == "Katrineholms kommun"
    assert "operator" not in scenario["variants"]["sv"].get("surveillance", {})
    own = existing[existing["existing_owner"] == operator]
    assert sorted(own["site_id"]) == ["existing-skateparken", "existing-stadsparken"]
    assert set(existing["existing_owner"]) == {operator, "Polismyndigheten"}
    catalogue = tomllib.loads((DATA / "cameras.toml").read_text(encoding="utf-8"))
    yearly = {c["id"]: c["yearly_sek"] for c in catalogue["camera"]}
    assert sum(yearly[m] for m in own["existing_model"]) == 12_000
    assert sum(yearly[m] for m in existing["existing_model"]) == 28_000


def test_buildings_and_privacy(buildings: gpd.GeoDataFrame) -> None:
    assert buildings["building_id"].is_unique
    assert set(buildings["kind"]) <= {"residential", "commercial", "public", "other"}
    assert 300 <= len(buildings) <= 3000
    assert shapely.is_valid(buildings.geometry.values).all()
    zones = gpd.read_file(DATA / "privacy_zones.geojson")
    assert zones["zone_id"].is_unique and {"zone_id", "kind"} <= set(zones.columns)
    assert shapely.is_valid(zones.geometry.values).all()


def test_camera_catalogue() -> None:
    from planner.cameras import load_catalogue

    catalogue = load_catalogue(DATA / "cameras.toml")  # the planner's own strict reader
    assert len(catalogue) >= 4
    for cam in catalogue.values():
        for key in ("h_px", "v_px", "ir_range_m", "price_sek", "install_sek", "yearly_sek"):
            assert getattr(cam, key) > 0, (cam.id, key)
        assert all(0 < fov <= 360 for fov in cam.hfov_deg)
    assert any(c.panoramic for c in catalogue.values())
    assert any(len(c.hfov_deg) > 1 for c in catalogue.values())  # a varifocal model


def test_build_is_deterministic(tmp_path: Path, builder: ModuleType) -> None:
    builder.build(tmp_path, DATA)
    for name in builder.LAYER_FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_figures_extracted_from_shared(tmp_path: Path, builder: ModuleType) -> None:
    if not SHARED.exists():
        pytest.skip("../shared not available")
    builder.extract_figures(SHARED, tmp_path)
    for name in (builder.FIGURES_CSV, builder.POINTS_CSV):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    figures = builder.load_figures(tmp_path)
    assert np.isclose(figures["population"].sum(), 34604)
