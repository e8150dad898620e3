"""Shared fixtures: a tiny hand-built town in EPSG:3006 written to real files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

CRS = "EPSG:3006"
X0, Y0 = 568_700.0, 6_539_800.0  # near Katrineholm's centre

CATALOGUE = """
[[camera]]
id = "dome"
name = "Test dome 1920 px, 90 degrees"
h_px = 1920
v_px = 1080
hfov_deg = 90.0
ir_range_m = 20.0
price_sek = 10000.0
install_sek = 5000.0
yearly_sek = 1000.0
panoramic = false
"""


def write_town(
    folder: Path,
    *,
    budget: float = 30_000.0,
    orientations: int = 4,
    extra: str = "",
    sites: gpd.GeoDataFrame | None = None,
) -> Path:
    """Write a town: area 'east' (x0..x0+60) right of a mount at x0-1, area 'west' far away.

    The dome (1920 px, 90°) detects to 1920 / (2 tan 45° · 25) = 38.4 m.
    """
    folder.mkdir(parents=True, exist_ok=True)
    areas = gpd.GeoDataFrame(
        {
            "area_id": ["east", "west"],
            "name": ["East side", "West side"],
            "population": [600, 400],
            "priority": [1.0, 0.0],
        },
        geometry=[box(X0, Y0 - 20, X0 + 60, Y0 + 20), box(X0 - 300, Y0 - 20, X0 - 240, Y0 + 20)],
        crs=CRS,
    )
    buildings = gpd.GeoDataFrame(
        {"building_id": ["b1"], "kind": ["residential"]},
        geometry=[box(X0 + 40, Y0 + 10, X0 + 50, Y0 + 19)],
        crs=CRS,
    )
    if sites is None:
        sites = gpd.GeoDataFrame(
            {
                "site_id": ["lamp-1", "lamp-2"],
                "mount_type": ["lamp_post", "lamp_post"],
                "install_cost_sek": [10_000.0, 10_000.0],
                "max_cameras": [2, 2],
            },
            geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0)],
            crs=CRS,
        )
    areas.to_crs("EPSG:4326").to_file(folder / "areas.geojson", engine="pyogrio")
    buildings.to_file(folder / "buildings.gpkg", engine="pyogrio")
    sites.to_file(folder / "sites.gpkg", engine="pyogrio")
    (folder / "cameras.toml").write_text(CATALOGUE, encoding="utf-8")
    scenario = folder / "scenario.toml"
    scenario.write_text(
        f"""name = "tiny"
title = "Tiny test town"
[data]
areas = "areas.geojson"
buildings = "buildings.gpkg"
sites = "sites.gpkg"
cameras = "cameras.toml"
[budget]
total_sek = {budget}
horizon_years = 5
[demand]
grid_spacing_m = 5
[coverage]
orientations = {orientations}
[solver]
time_limit_s = 20
{extra}
""",
        encoding="utf-8",
    )
    return scenario


def sites_with_old_camera(**extra: list[object]) -> gpd.GeoDataFrame:
    """The town's sites with an existing dome at 'old' (far west, facing west) and 'lamp-1'."""
    return gpd.GeoDataFrame(
        {
            "site_id": ["old", "lamp-1"],
            "mount_type": ["pole", "lamp_post"],
            "install_cost_sek": [0.0, 10_000.0],
            "max_cameras": [1, 2],
            "existing_model": ["dome", None],
            "existing_orientation_deg": [270.0, None],
            **extra,
        },
        geometry=[Point(X0 - 241, Y0), Point(X0 - 1, Y0)],
        crs=CRS,
    )


@pytest.fixture(scope="session")
def town_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of :func:`write_town`'s default town, written once per test process.

    Read it, never change it: copy it (:func:`copy_town`) to a test's own folder first.
    """
    return write_town(tmp_path_factory.mktemp("town-files") / "town").parent


def copy_town(town_files: Path, folder: Path) -> Path:
    """The default town copied into ``folder``, as ``write_town(folder)`` writes it.

    The same files, some 30 times sooner than writing the layers anew; returns the scenario.
    """
    shutil.copytree(town_files, folder)
    return folder / "scenario.toml"


@pytest.fixture
def tiny_town(tmp_path: Path, town_files: Path) -> Path:
    return copy_town(town_files, tmp_path / "town")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mip_path() -> Iterator[None]:
    """Send every problem to the MIP, even those small enough for enumeration.

    ``solve`` enumerates the plans of tiny problems (:mod:`planner._opt_enum`); the optimiser's
    own test modules use this fixture (module-wide, so that hypothesis tests may use it) to test
    the MIP path on the same small instances. ``tests/test_opt_enum.py`` tests enumeration.
    """
    from planner import _opt_enum

    saved = _opt_enum.MAX_PLANS
    _opt_enum.MAX_PLANS = 0
    try:
        yield
    finally:
        _opt_enum.MAX_PLANS = saved
