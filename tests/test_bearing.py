"""Grid bearings of the metric CRS and bearings from true north (planner._bearing).

The model's ``orientation_deg`` is a grid bearing of the scenario's CRS; the documents state
directions from true north, as an installer's compass (after declination) and a map app read
them. The conversion is checked against pyproj.Geod: a step along a true azimuth, projected.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pyproj import CRS, Geod, Proj, Transformer

from planner._bearing import convergence, rounded, true_bearing, true_orientation
from planner.cli import main
from planner.io import metric_crs_problem
from tests.conftest import sites_with_old_camera, write_town

# (lon, lat, the meridian convergence in EPSG:3006 to 0.01°: true bearing = grid bearing + γ)
PLACES = {
    "Katrineholm": (16.2, 59.0, 1.03),
    "Haparanda": (24.1, 65.8, 8.31),
    "Göteborg": (12.0, 57.7, -2.54),
}


def grid_bearing_of(lon: float, lat: float, azimuth: float, crs: str) -> tuple[float, float, float]:
    """The point in ``crs`` and the grid bearing there of a 100 m geodesic step along ``azimuth``."""
    geod = CRS.from_user_input(crs).get_geod()  # (the CRS's own ellipsoid: GRS80 for SWEREF 99)
    assert isinstance(geod, Geod)
    lon2, lat2, _ = geod.fwd(lon, lat, azimuth, 100.0)
    to_crs = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x1, y1 = to_crs.transform(lon, lat)
    x2, y2 = to_crs.transform(lon2, lat2)
    return x1, y1, math.degrees(math.atan2(x2 - x1, y2 - y1)) % 360.0


def angle_between(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


@pytest.mark.parametrize("place", PLACES)
def test_true_north_step_converts_back_to_azimuth_zero_in_sweref99tm(place):
    lon, lat, gamma = PLACES[place]
    x, y, grid = grid_bearing_of(lon, lat, 0.0, "EPSG:3006")
    # true north's grid bearing is -γ: east of 15° E the meridians lean west, towards the CM
    assert angle_between(grid, -gamma) < 0.01
    assert angle_between(float(true_bearing(grid, x, y, "EPSG:3006")[0]), 0.0) < 0.01
    # γ as PROJ states it, and as the conversion has it: true = grid + γ
    factors = Proj("EPSG:3006").get_factors(lon, lat)
    assert float(convergence(x, y, "EPSG:3006")[0]) == pytest.approx(
        factors.meridian_convergence, abs=0.01)
    assert float(convergence(x, y, "EPSG:3006")[0]) == pytest.approx(gamma, abs=0.01)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("azimuth", [30.0, 90.0, 181.5, 315.0])
def test_every_direction_matches_geod_in_sweref99tm(place, azimuth):
    lon, lat, gamma = PLACES[place]
    x, y, grid = grid_bearing_of(lon, lat, azimuth, "EPSG:3006")
    assert angle_between(float(true_bearing(grid, x, y, "EPSG:3006")[0]), azimuth) < 0.01
    assert angle_between(grid + gamma, azimuth) < 0.01


def test_a_camera_planned_at_grid_30_near_haparanda_faces_38_3_from_true_north():
    x, y, _ = grid_bearing_of(24.1, 65.8, 0.0, "EPSG:3006")
    assert true_bearing(30.0, x, y, "EPSG:3006")[0] == pytest.approx(38.31, abs=0.01)
    cams = gpd.GeoDataFrame({"orientation_deg": [30.0, 355.0, np.nan]},
                            geometry=gpd.points_from_xy([x] * 3, [y] * 3), crs="EPSG:3006")
    # to 0.1°, in [0, 360); a camera that sees all around keeps no direction
    got = true_orientation(cams)
    assert got[:2].tolist() == [38.3, 3.3] and np.isnan(got[2])


@pytest.mark.parametrize(("crs", "lon", "lat", "gamma"), [
    ("EPSG:3010", 16.2, 59.0, -0.26),  # SWEREF 99 16 30 (central meridian 16.5° E)
    ("EPSG:32634", 24.1, 65.8, 2.83),  # UTM 34N (central meridian 21° E)
    ("EPSG:3035", 24.1, 65.8, 12.53),  # Lambert equal-area (not conformal)
    ("EPSG:3857", 24.1, 65.8, 0.0),  # Web Mercator: grid north is true north
])
def test_other_metric_crs_convert_by_their_own_geometry(crs, lon, lat, gamma):
    for azimuth in (0.0, 45.0, 100.0, 260.0):
        x, y, grid = grid_bearing_of(lon, lat, azimuth, crs)
        assert angle_between(float(true_bearing(grid, x, y, crs)[0]), azimuth) < 0.01, azimuth
    x, y, _ = grid_bearing_of(lon, lat, 0.0, crs)
    assert float(convergence(x, y, crs)[0]) == pytest.approx(gamma, abs=0.01)


def test_a_geographic_crs_is_no_scenario_crs_and_converts_sensibly():
    # the scenario refuses it (bearings and ranges need metres) ...
    assert "not projected" in (metric_crs_problem("EPSG:4326") or "")
    # ... and the conversion still reads a longitude/latitude "grid" by its geometry: north is
    # the meridian, and east along the parallel starts at azimuth 90
    got = true_bearing([0.0, 90.0, 180.0], 24.1, 65.8, "EPSG:4326")
    assert got[0] == pytest.approx(0.0, abs=0.01)
    assert got[1] == pytest.approx(90.0, abs=0.01)
    assert got[2] == pytest.approx(180.0, abs=0.01)


def test_rounding_wraps_and_keeps_nan():
    got = rounded(np.array([359.96, 0.04, 91.0247, np.nan]))
    assert got[:3].tolist() == [0.0, 0.0, 91.0] and np.isnan(got[3])
    assert np.isnan(true_bearing([np.nan], 0.0, 0.0, "EPSG:3006")).all()


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny town (near Katrineholm, γ = +1.02°) with the old dome facing grid west, en, sv."""
    root = tmp_path_factory.mktemp("bearing")
    scenario = write_town(root / "town", budget=60_000.0, sites=sites_with_old_camera())
    swedish = scenario.with_name("scenario_sv.toml")
    swedish.write_text('language = "sv"\n' + scenario.read_text(encoding="utf-8"),
                       encoding="utf-8")
    outs = []
    for path, name in ((scenario, "en"), (swedish, "sv")):
        assert main(["-q", "plan", str(path), "--out", str(root / name)]) == 0
        outs.append(root / name)
    return outs[0], outs[1]


def test_register_and_cameras_geojson_give_true_and_grid_bearings(planned):
    en, _ = planned
    register = pd.read_csv(en / "register.csv")
    columns = list(register.columns)
    at = columns.index("orientation")
    assert columns[at - 1: at + 4] == ["model", "orientation", "orientation_true_deg",
                                       "orientation_deg", "hfov_deg"]
    old = register.set_index("site_id").loc["old"]
    # the grid bearing the sites layer gave (270: grid west), and west from true north
    assert old["orientation_deg"] == 270.0
    assert old["orientation_true_deg"] == 271.0
    assert old["orientation"] == "271.0° (W)"
    new = register[register["site_id"] == "lamp-1"]
    assert set(new["orientation_deg"]) <= {0.0, 90.0, 180.0, 270.0}
    assert (new["orientation_true_deg"] == new["orientation_deg"] + 1.0).all()
    cams = gpd.read_file(en / "cameras.geojson")
    names = list(cams.columns)
    assert names[names.index("orientation_deg") + 1] == "orientation_true_deg"
    assert cams["orientation_true_deg"].tolist() == register["orientation_true_deg"].tolist()
    assert cams["orientation_deg"].tolist() == register["orientation_deg"].tolist()


def test_documents_state_the_bearing_from_true_north(planned):
    en, sv = planned
    register = pd.read_csv(en / "register.csv").set_index("camera")
    old = register.index[register["site_id"] == "old"][0]
    report = (en / "report.md").read_text(encoding="utf-8")
    row = next(line for line in report.splitlines() if line.startswith(f"| {old} | old |"))
    assert "| 271.0° (W) |" in row
    assert "orientation (from true north" in report
    html = (en / "map.html").read_text(encoding="utf-8")
    assert "Orientation (from true north)" in html and "271.0° (W)" in html
    swedish = (sv / "report.md").read_text(encoding="utf-8")
    assert "riktning (från geografisk nord" in swedish and "271,0° (V)" in swedish
    assert "Riktning (från geografisk nord)" in (sv / "map.html").read_text(encoding="utf-8")
    summary = json.loads((en / "summary.json").read_text(encoding="utf-8"))
    assert summary["crs"] == "EPSG:3006"
