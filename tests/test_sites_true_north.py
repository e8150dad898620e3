"""An existing camera's bearing from true north in the sites layer (``existing_orientation_true_deg``).

The model draws with grid bearings of the scenario's CRS; a compass corrected for declination,
a map app and the plan's own ``orientation_true_deg`` give bearings from true north. The sites
layer takes either; the reader turns the second into the first with the meridian convergence
the outputs use (:mod:`planner._bearing`).
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from planner._bearing import convergence
from planner._geom_sites import with_grid_orientations
from planner.cli import main
from planner.errors import InputError
from tests.conftest import CRS, sites_with_old_camera, write_town

#: Haparanda (24.1° E, 65.8° N), 9.1° east of SWEREF 99 TM's central meridian (15° E)
HAPARANDA = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(24.1, 65.8)


def haparanda_site(**columns: list[object]) -> gpd.GeoDataFrame:
    """Existing domes at Haparanda, one per value of ``columns``: cam-1, cam-2, ..."""
    n = len(next(iter(columns.values())))
    return gpd.GeoDataFrame(
        {"site_id": [f"cam-{i + 1}" for i in range(n)], "mount_type": ["pole"] * n,
         "install_cost_sek": [0.0] * n, "existing_model": ["dome"] * n, **columns},
        geometry=[Point(*HAPARANDA)] * n, crs=CRS,
    )


def test_the_convergence_east_of_the_central_meridian_is_the_analytic_one() -> None:
    # on the sphere γ = atan(tan Δλ · sin φ); the ellipsoid's terms change it by under 0.001°
    spherical = math.degrees(math.atan(math.tan(math.radians(9.1)) * math.sin(math.radians(65.8))))
    gamma = float(convergence(*HAPARANDA, CRS)[0])
    assert round(spherical, 3) == round(gamma, 3) == 8.312


def test_a_bearing_from_true_north_becomes_the_grid_bearing_at_the_site() -> None:
    # true = grid + γ: facing 38.3° from true north near Haparanda is 30.0° on the grid
    # (38.3 − 8.312 = 29.988, to 0.1° as the documents give bearings), true north 351.7°
    sites = haparanda_site(existing_orientation_deg=[np.nan, np.nan],
                           existing_orientation_true_deg=[38.3, 0.0])
    out = with_grid_orientations(sites, CRS, where="sites.gpkg")
    assert out["existing_orientation_deg"].tolist() == [30.0, 351.7]
    assert out["existing_orientation_true_deg"].tolist() == [38.3, 0.0]  # (kept as given)
    assert np.isnan(sites["existing_orientation_deg"]).all()  # (the input is not changed)


@pytest.mark.parametrize(("true", "kept"), [(38.6, True), (38.8, True), (38.9, False)])
def test_both_bearings_given_must_agree_within_half_a_degree(true: float, kept: bool) -> None:
    # 38.8° from true north is 30.5° on the grid: 0.5° from the given 30°, kept; 38.9°: 30.6°
    sites = haparanda_site(existing_orientation_deg=[30.0], existing_orientation_true_deg=[true])
    if kept:
        out = with_grid_orientations(sites, CRS, where="sites.gpkg")
        assert out["existing_orientation_deg"].tolist() == [30.0]  # (the grid bearing kept)
        return
    with pytest.raises(InputError) as caught:
        with_grid_orientations(sites, CRS, where="sites.gpkg",
                               columns={"existing_orientation_true_deg": "RIKTNING"})
    assert str(caught.value) == (
        "sites.gpkg: sites layer: site cam-1: existing_orientation_deg 30 (grid bearing of "
        "EPSG:3006) and existing_orientation_true_deg (your 'RIKTNING') 38.9 (from true north) "
        "disagree by 0.6° (38.9° from true north is 30.6° on the grid there, the meridian "
        "convergence being +8.31°); give one of the two and clear the other"
    )


def test_a_layer_without_the_column_is_returned_as_it_is() -> None:
    sites = haparanda_site(existing_orientation_deg=[30.0])
    assert with_grid_orientations(sites, CRS, where="sites.gpkg") is sites


def test_the_plans_true_bearings_read_back_give_the_same_plan(tmp_path: Path) -> None:
    # the plan's cameras.geojson gives each camera's orientation_true_deg: an analyst who puts
    # the existing camera's into the sites layer, in place of its grid bearing, gets the plan again
    by_grid = write_town(tmp_path / "grid", budget=60_000,
                         sites=sites_with_old_camera(existing_orientation_deg=[250.0, None]))
    assert main(["-q", "plan", str(by_grid), "--out", str(tmp_path / "a")]) == 0
    cameras = json.loads((tmp_path / "a" / "cameras.geojson").read_text("utf-8"))["features"]
    old = [f["properties"] for f in cameras if f["properties"]["existing"]]
    assert [(c["site_id"], c["orientation_deg"], c["orientation_true_deg"]) for c in old] == [
        ("old", 250.0, 251.0)]  # (γ = +1.02° in Katrineholm)
    by_true = write_town(tmp_path / "true", budget=60_000, sites=sites_with_old_camera(
        existing_orientation_deg=[None, None],
        existing_orientation_true_deg=[old[0]["orientation_true_deg"], None]))
    assert main(["-q", "plan", str(by_true), "--out", str(tmp_path / "b")]) == 0
    for name in ("cameras.geojson", "views.geojson", "areas.geojson", "register.csv", "plan.gpkg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    a, b = (json.loads((tmp_path / k / "summary.json").read_text("utf-8")) for k in "ab")
    assert (a["objective"], a["spent_sek"], a["n_cameras_new"], a["n_cameras_existing"]) == (
        b["objective"], b["spent_sek"], b["n_cameras_new"], b["n_cameras_existing"])
    assert a["n_cameras_existing"] == 1 and a["n_cameras_new"] >= 1


def test_a_mapped_column_of_true_bearings_is_read(tmp_path: Path) -> None:
    # [data.columns.sites] maps the column as any other: a Shapefile cuts both names to
    # 'existing_o', so there the mapping is how the true bearings are told apart
    from planner import load_scenario
    from planner.plan import load_inputs

    scenario = write_town(tmp_path / "town", extra="[data.columns.sites]\n"
                          'existing_orientation_true_deg = "RIKTNING"\n',
                          sites=sites_with_old_camera(existing_orientation_deg=[None, None],
                                                      RIKTNING=[251.0, None]))
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    assert sites.loc["old", "existing_orientation_deg"] == 250.0
    assert sites.loc["old", "existing_orientation_true_deg"] == 251.0


def test_a_shapefile_of_true_bearings_is_read_once_the_scenario_says_so(tmp_path: Path) -> None:
    # a Shapefile cuts existing_orientation_true_deg to 'existing_o', existing_orientation_deg's
    # cut: its true bearings had been read as grid ones, 1.0° off here, without a word
    from planner import load_scenario
    from planner.plan import load_inputs

    true = sites_with_old_camera(existing_orientation_deg=[251.0, None]).rename(
        columns={"existing_orientation_deg": "existing_orientation_true_deg"})
    scenario = write_town(tmp_path / "town", sites=true)
    with warnings.catch_warnings():  # (GDAL says it cuts the names)
        warnings.simplefilter("ignore")
        true.to_file(scenario.parent / "sites.shp", engine="pyogrio")
    scenario.write_text(scenario.read_text().replace('"sites.gpkg"', '"sites.shp"'))
    assert main(["-q", "validate", str(scenario)]) == 2
    scenario.write_text(scenario.read_text() + "[data.columns.sites]\n"
                        'existing_orientation_true_deg = "existing_o"\n')
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    assert sites.loc["old", "existing_orientation_deg"] == 250.0


def _shapefile_town(tmp_path: Path, true: float) -> Path:
    """The town with its sites as a Shapefile holding both bearings of 'old' (grid 250°)."""
    both = sites_with_old_camera(existing_orientation_deg=[250.0, None],
                                 existing_orientation_true_deg=[true, None])
    scenario = write_town(tmp_path / "town", sites=both)
    with warnings.catch_warnings():  # (GDAL says it cuts the names)
        warnings.simplefilter("ignore")
        both.to_file(scenario.parent / "sites.shp", engine="pyogrio")
    scenario.write_text(scenario.read_text().replace('"sites.gpkg"', '"sites.shp"'))
    return scenario


def test_a_shapefile_with_both_bearings_is_checked_as_a_geopackage_once_mapped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # GDAL writes the two columns as 'existing_o' and 'existing_1': the planner had asked
    # whether existing_model was 'existing_1', and once the grid column was mapped had dropped
    # the true bearings unread, so that two bearings 1.3° apart passed unchecked
    from planner import load_scenario
    from planner.plan import load_inputs

    scenario = _shapefile_town(tmp_path, 252.3)
    assert main(["-q", "validate", str(scenario)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "planner: error: sites.shp: columns 'existing_o' and 'existing_1' may be "
        "existing_orientation_deg (grid bearings, as measured on a map in the scenario's CRS) and "
        "existing_orientation_true_deg (bearings from true north, as a compass or a map app gives "
        "them): a Shapefile cuts their names to the same 10 characters, 'existing_o', and GDAL "
        "renames the second column so cut to 'existing_1'; say which is which in the scenario "
        "([data.columns.sites] existing_orientation_deg = 'existing_o' and "
        "existing_orientation_true_deg = 'existing_1', or the other way round) or save the layer "
        "as a GeoPackage, which keeps whole names")
    text = scenario.read_text()
    scenario.write_text(text + "[data.columns.sites]\n"
                        'existing_orientation_deg = "existing_o"\n'
                        'existing_orientation_true_deg = "existing_1"\n')
    with pytest.raises(InputError) as caught:
        load_inputs(load_scenario(scenario))
    assert str(caught.value) == (
        "sites.shp: sites layer: site old: existing_orientation_deg (your 'existing_o') 250 "
        "(grid bearing of EPSG:3006) and existing_orientation_true_deg (your 'existing_1') 252.3 "
        "(from true north) disagree by 1.3° (252.3° from true north is 251.3° on the grid there, "
        "the meridian convergence being +1.02°); give one of the two and clear the other")
    agreeing = _shapefile_town(tmp_path / "agree", 251.0)
    agreeing.write_text(agreeing.read_text() + "[data.columns.sites]\n"
                        'existing_orientation_deg = "existing_o"\n'
                        'existing_orientation_true_deg = "existing_1"\n')
    sites = load_inputs(load_scenario(agreeing)).sites.set_index("site_id")
    assert sites.loc["old", ["existing_model", "existing_orientation_deg",
                             "existing_orientation_true_deg"]].tolist() == ["dome", 250.0, 251.0]


def test_a_shapefile_with_both_bearings_and_one_mapped_asks_for_the_other(tmp_path: Path) -> None:
    from planner import load_scenario
    from planner.plan import load_inputs

    scenario = _shapefile_town(tmp_path, 252.3)
    scenario.write_text(scenario.read_text() + "[data.columns.sites]\n"
                        'existing_orientation_deg = "existing_o"\n')
    with pytest.raises(InputError) as caught:
        load_inputs(load_scenario(scenario))
    assert str(caught.value) == (
        "sites.shp: column 'existing_1' may be existing_orientation_true_deg (bearings from true "
        "north, as a compass or a map app gives them), which the scenario leaves unmapped while "
        "it reads existing_orientation_deg from 'existing_o': a Shapefile cuts their names to the "
        "same 10 characters, 'existing_o', and GDAL renames the second column so cut to "
        "'existing_1'; map it too ([data.columns.sites] existing_orientation_true_deg = "
        "'existing_1') or save the layer as a GeoPackage, which keeps whole names")
