"""A seeded synthetic town for the robustness tests: blocks of areas, houses and many mounts."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box

from tests.conftest import CATALOGUE, CRS, X0, Y0

SECOND_MODEL = """
[[camera]]
id = "bullet-4k"
name = "Test bullet 3840 px, 40 degrees"
h_px = 3840
v_px = 2160
hfov_deg = 40.0
ir_range_m = 40.0
price_sek = 18000.0
install_sek = 5000.0
yearly_sek = 1500.0
"""


def synthetic_town(
    folder: Path,
    *,
    blocks: int = 3,
    block_m: float = 200.0,
    sites_per_block: int = 30,
    budget: float = 600_000.0,
    spacing: float = 10.0,
    orientations: int = 8,
    time_limit_s: float = 60.0,
    seed: int = 0,
) -> Path:
    """Write a ``blocks`` x ``blocks`` grid of areas with houses and random mounts; return the scenario."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    areas, houses, sites = [], [], []
    for i in range(blocks):
        for j in range(blocks):
            x, y = X0 + i * block_m, Y0 + j * block_m
            k = len(areas)
            areas.append(
                {
                    "area_id": f"a{k:02d}",
                    "name": f"Block {k}",
                    "population": int(rng.integers(100, 2000)),
                    "priority": round(float(rng.uniform(0, 1)), 3),
                    "geometry": box(x, y, x + block_m, y + block_m),
                }
            )
            for h in range(4):
                hx, hy = x + rng.uniform(20, block_m - 40), y + rng.uniform(20, block_m - 40)
                houses.append(
                    {
                        "building_id": f"b{k:02d}-{h}",
                        "kind": "residential",
                        "geometry": box(hx, hy, hx + 15, hy + 12),
                    }
                )
            for s in range(sites_per_block):
                sites.append(
                    {
                        "site_id": f"s{k:02d}-{s:03d}",
                        "mount_type": "lamp_post" if s % 3 else "pole",
                        "install_cost_sek": float(rng.choice([5000.0, 8000.0, 12000.0])),
                        "max_cameras": int(rng.integers(1, 3)),
                        "geometry": Point(x + rng.uniform(0, block_m), y + rng.uniform(0, block_m)),
                    }
                )
    gpd.GeoDataFrame(areas, crs=CRS).to_file(folder / "areas.gpkg", engine="pyogrio")
    gpd.GeoDataFrame(houses, crs=CRS).to_file(folder / "buildings.gpkg", engine="pyogrio")
    gpd.GeoDataFrame(sites, crs=CRS).to_file(folder / "sites.gpkg", engine="pyogrio")
    (folder / "cameras.toml").write_text(CATALOGUE + SECOND_MODEL, encoding="utf-8")
    scenario = folder / "scenario.toml"
    scenario.write_text(
        f"""name = "synthetic"
title = "Synthetic town, seed {seed}"
[data]
areas = "areas.gpkg"
buildings = "buildings.gpkg"
sites = "sites.gpkg"
cameras = "cameras.toml"
[budget]
total_sek = {budget}
[demand]
grid_spacing_m = {spacing}
[coverage]
orientations = {orientations}
[solver]
time_limit_s = {time_limit_s}
""",
        encoding="utf-8",
    )
    return scenario
