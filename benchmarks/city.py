"""A seeded synthetic Swedish city in the planner's own input formats (GeoPackage + scenario TOML).

Usage: ``.venv/bin/python benchmarks/city.py OUT_DIR [--population 50000] [--seed 1]``

The city is what the scale benchmark (``benchmarks/bench_city.py``) plans; the same population
and seed give the same layers, feature for feature.

Rules (all lengths in metres, EPSG:3006 around Örebro):

* **Street grid.** Blocks of 100 x 70 m with 16 m streets (pitch 116 x 86 m).
* **Areas** (DeSO-like, ``area_id`` ``1880C0001`` ...): ``max(20, min(120, round(P / 3000)))``
  of them, rectangles one or more block columns wide and :data:`ROW_BLOCKS` blocks high, laid out
  in rows. Populations are a Dirichlet split of ``P`` (every area has people). The first 12 %
  (at least 2) are *centre* areas, 58 % *apartment* areas, the rest *villa* areas; apartments
  and villas are shuffled in clusters of three. Priorities: apartment 0.45-1, centre 0.2-0.6,
  villa 0-0.3. An area has enough blocks for its people (villa 26.4, apartment 230, centre 150
  people per block, +12 %, at least 4).
* **Blocks.** In every area one block is a park (a pole mount in the middle) and one a school
  (two public buildings; the park wins if both fall on one block). Villa blocks hold 2 x 6 plots,
  each with a house (92 %) whose plot, minus the house, is a private-garden privacy zone, and
  some garages. Apartment blocks hold two slabs, a U or three point blocks (5 % commercial), a
  façade mount on 40 % of them and often a bike shed. Centre blocks are perimeter blocks of six
  buildings, half commercial, with façade mounts on some commercial street fronts. Every
  residential slab has a 3 m façade band as its privacy zone.
* **Lamp posts** 2 m out in the street along each block's south edge every ``lamp_spacing`` and
  along the west edge of every fourth block column.
* **Existing cameras**: ``max(5, round(P / 7000))`` poles at street crossings of centre and
  apartment areas (cost 0, one camera, one of the first four catalogue models, facing a multiple
  of 45°).

The catalogue is the repository's ``data/cameras.toml``. The files are the same bytes for the same
population and seed.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.io import write_gpkg

CRS = "EPSG:3006"
#: South-west corner of the city (SWEREF 99 TM, around Örebro).
X0, Y0 = 505_000.0, 6_565_000.0
#: Block width and depth, street width.
BW, BH, ST = 100.0, 70.0, 16.0
PX, PY = BW + ST, BH + ST
#: Blocks per area column (the height of a row of areas).
ROW_BLOCKS = 8
#: The repository's camera catalogue.
CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "cameras.toml"
#: Models existing cameras are drawn from (the first four are used).
MODELS = ("dome-2mp", "dome-4mp", "varifocal-4mp", "bullet-4k", "multi-180")
#: People per block by area kind.
PEOPLE_PER_BLOCK = {"villa": 11 * 2.4, "apartment": 230.0, "centre": 150.0}
#: Budgets of the audit's cities (population, SEK); other sizes are interpolated (clamped).
BUDGETS = ((50_000, 15_000_000.0), (160_000, 25_000_000.0), (360_000, 40_000_000.0))

Row = dict[str, Any]


@dataclass(frozen=True)
class City:
    """The layers of a generated city (EPSG:3006)."""

    areas: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    privacy_zones: gpd.GeoDataFrame

    def describe(self) -> str:
        """One line: areas by kind, people, buildings, sites by kind, zones, extent."""
        a, b, s = self.areas, self.buildings, self.sites
        kinds = ", ".join(f"{k} {n}" for k, n in a["kind"].value_counts().sort_index().items())
        x0, y0, x1, y1 = a.total_bounds
        return (
            f"{len(a)} areas ({kinds}), {int(a['population'].sum()):,} people, "
            f"{len(b):,} buildings ({int((b['kind'] == 'residential').sum()):,} residential), "
            f"{len(s):,} sites ({int((s['mount_type'] == 'lamp_post').sum()):,} lamp posts, "
            f"{int((s['mount_type'] == 'facade').sum()):,} façade, "
            f"{int(s['existing_model'].notna().sum())} existing), "
            f"{len(self.privacy_zones):,} privacy zones, extent {x1 - x0:.0f} x {y1 - y0:.0f} m"
        )


def default_budget(population: int) -> float:
    """Budget (SEK) of a city: the audit's 15/25/40 MSEK at 50k/160k/360k, interpolated."""
    pops, budgets = zip(*BUDGETS, strict=True)
    return float(round(np.interp(population, pops, budgets), -3))


def generate_city(
    population: int, *, seed: int = 1, n_areas: int = 0, lamp_spacing: float = 100.0,
    round_m: float = 0.0,
) -> City:
    """Generate the layers of a city of ``population`` people (see the module's rules).

    Parameters
    ----------
    population
        People in the city (>= 1000).
    seed
        Seed of the random generator: the same seed gives the same city.
    n_areas
        Number of areas; 0 for ``max(20, min(120, round(population / 3000)))``.
    lamp_spacing
        Spacing of lamp posts along block edges.
    round_m
        Round building corners by this radius (more edges per footprint, closer to real ones).

    Returns
    -------
    City
        Areas, buildings, sites and privacy zones.
    """
    if population < 1000:
        raise ValueError(f"population = {population!r}: at least 1000 people")
    rng = np.random.default_rng(seed)
    n = n_areas or int(min(120, max(20, round(population / 3000))))
    pops = np.round(rng.dirichlet(np.full(n, 20.0)) * population).astype(int)
    kinds = np.array(["villa"] * n, dtype=object)
    n_centre = max(2, round(0.12 * n))
    n_apt = round(0.58 * n)
    kinds[:n_centre] = "centre"
    kinds[n_centre : n_centre + n_apt] = "apartment"
    rest = np.arange(n_centre, n)  # apartments and villas shuffled in clusters of three
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    rng.shuffle(chunks)
    kinds = kinds[np.concatenate([np.arange(n_centre), *chunks])]
    widths = [
        math.ceil(max(4, math.ceil(p / PEOPLE_PER_BLOCK[k] * 1.12)) / ROW_BLOCKS)
        for p, k in zip(pops, kinds, strict=True)
    ]
    n_rows = max(1, round(math.sqrt(sum(widths) * PX / (ROW_BLOCKS * PY))))
    row_target = sum(widths) / n_rows
    areas: list[Row] = []
    buildings: list[Row] = []
    sites: list[Row] = []
    zones: list[Row] = []
    col = row = 0
    for k in range(n):
        if col >= row_target and row < n_rows - 1:
            col, row = 0, row + 1
        kind = str(kinds[k])
        aid = f"1880C{k + 1:04d}"
        low, high = {"apartment": (0.45, 1.0), "centre": (0.2, 0.6), "villa": (0.0, 0.3)}[kind]
        prio = float(rng.uniform(low, high))
        ax0, ay0 = X0 + col * PX, Y0 + row * ROW_BLOCKS * PY
        areas.append({"area_id": aid, "name": f"{kind.title()} {k + 1}", "category": "C",
                      "population": int(pops[k]), "priority": round(prio, 4), "kind": kind,
                      "geometry": box(ax0, ay0, ax0 + widths[k] * PX, ay0 + ROW_BLOCKS * PY)})
        cells = [(i, j) for i in range(widths[k]) for j in range(ROW_BLOCKS)]
        park = cells[int(rng.integers(len(cells)))]
        school = cells[int(rng.integers(len(cells)))]
        for i, j in cells:
            bx0, by0 = ax0 + i * PX + ST / 2, ay0 + j * PY + ST / 2
            if (i, j) == park:
                sites.append(_site(f"pole-{len(sites):06d}", "pole", bx0 + BW / 2, by0 + BH / 2))
            elif (i, j) == school:
                buildings.append(_building(aid, "public", box(bx0 + 15, by0 + 10, bx0 + 85, by0 + 35)))
                buildings.append(_building(aid, "public", box(bx0 + 20, by0 + 45, bx0 + 50, by0 + 62)))
            elif kind == "villa":
                _villas(rng, aid, bx0, by0, buildings, zones)
            elif kind == "apartment":
                _slabs(rng, aid, bx0, by0, buildings, zones, sites)
            else:
                _centre(rng, aid, bx0, by0, buildings, zones, sites)
            for x in np.arange(bx0 + 5, bx0 + BW, lamp_spacing):  # south edge, 2 m out
                sites.append(_site(f"lamp-{len(sites):06d}", "lamp_post", float(x), by0 - 2))
            if i % 4 == 0:  # west edge of every fourth block column
                for y in np.arange(by0 + 10, by0 + BH, lamp_spacing):
                    sites.append(_site(f"lamp-{len(sites):06d}", "lamp_post", bx0 - 2, float(y)))
        col += widths[k]
    _existing(rng, population, areas, sites)
    return _frames(areas, buildings, sites, zones, round_m)


def _existing(rng: np.random.Generator, population: int, areas: list[Row],
              sites: list[Row]) -> None:
    """Existing cameras on poles at street crossings of centre and apartment areas."""
    candidates = [a for a in areas if a["kind"] in ("centre", "apartment")]
    for e in range(max(5, round(population / 7000))):
        area = candidates[int(rng.integers(len(candidates)))]
        x0, y0, x1, _ = area["geometry"].bounds
        i = int(rng.integers(0, int((x1 - x0) / PX)))
        j = int(rng.integers(0, ROW_BLOCKS))
        site = _site(f"existing-{e:03d}", "pole", x0 + i * PX + 4.0, y0 + j * PY + 4.0)
        site.update(existing_model=MODELS[int(rng.integers(0, 4))],
                    existing_orientation_deg=float(rng.integers(0, 8) * 45), max_cameras=1,
                    install_cost_sek=0.0, note="existing municipal camera (synthetic)")
        sites.append(site)


def _frames(areas: list[Row], buildings: list[Row], sites: list[Row], zones: list[Row],
            round_m: float) -> City:
    """The rows as GeoDataFrames with ids (``b000000``, ``z000000``) and the layers' types."""
    if round_m > 0:  # 12 edges per rectangle instead of 4
        for b in buildings:
            b["geometry"] = b["geometry"].buffer(-round_m, join_style="mitre").buffer(
                round_m, quad_segs=2)
    a = gpd.GeoDataFrame(areas, crs=CRS)
    b = gpd.GeoDataFrame(buildings, crs=CRS)
    b.insert(0, "building_id", [f"b{i:06d}" for i in range(len(b))])
    for s in sites:
        s["building_id"] = None if s["building_id"] is None else f"b{s['building_id']:06d}"
    s = gpd.GeoDataFrame(sites, crs=CRS)
    for c in ("existing_model", "building_id", "note"):
        s[c] = s[c].astype(object)
    s["existing_orientation_deg"] = s["existing_orientation_deg"].astype(float)
    z = gpd.GeoDataFrame(zones, crs=CRS)
    z.insert(0, "zone_id", [f"z{i:06d}" for i in range(len(z))])
    z["building_id"] = [f"b{i:06d}" for i in z.pop("bidx")]
    return City(a, b, s, z)


def _site(sid: str, mount: str, x: float, y: float, building: int | None = None) -> Row:
    return {"site_id": sid, "mount_type": mount,
            "install_cost_sek": {"lamp_post": 12000.0, "pole": 45000.0, "facade": 8000.0}[mount],
            "max_cameras": {"lamp_post": 2, "pole": 4, "facade": 1}[mount],
            "height_m": {"lamp_post": 6.0, "pole": 8.0, "facade": 7.0}[mount],
            "building_id": building, "existing_model": None,
            "existing_orientation_deg": np.nan, "note": None, "geometry": Point(x, y)}


def _building(aid: str, kind: str, geom: BaseGeometry) -> Row:
    return {"kind": kind, "area_id": aid, "geometry": geom}


def _villas(rng: np.random.Generator, aid: str, bx0: float, by0: float, buildings: list[Row],
            zones: list[Row]) -> None:
    """Two rows of six plots: a house facing the street, its garden a privacy zone."""
    plot_w, plot_d = BW / 6, BH / 2
    for ry0, facing in ((by0, 1), (by0 + plot_d, -1)):
        for k in range(6):
            if rng.random() < 0.08:
                continue
            px0 = bx0 + k * plot_w
            w, d = rng.uniform(9, 11.5), rng.uniform(8, 11)
            cx = px0 + plot_w / 2 + rng.uniform(-1.5, 1.5)
            fy = ry0 + 6 if facing == 1 else ry0 + plot_d - 6 - d
            buildings.append(_building(aid, "residential", box(cx - w / 2, fy, cx + w / 2, fy + d)))
            b = len(buildings) - 1
            plot = box(px0 + 0.5, ry0 + 0.5, px0 + plot_w - 0.5, ry0 + plot_d - 0.5)
            zones.append({"kind": "private_garden", "bidx": b,
                          "geometry": plot.difference(buildings[b]["geometry"])})
            if rng.random() < 0.2:  # garage or shed at the back of the plot
                gy = ry0 + plot_d - 7.5 if facing == 1 else ry0 + 1.5
                buildings.append(_building(aid, "other", box(px0 + 2, gy, px0 + 7, gy + 6)))


def _slab(aid: str, geom: BaseGeometry, buildings: list[Row], zones: list[Row],
          kind: str) -> int:
    """A building; a residential one gets a 3 m façade band as its privacy zone."""
    buildings.append(_building(aid, kind, geom))
    b = len(buildings) - 1
    if kind == "residential":
        zones.append({"kind": "facade_band", "bidx": b,
                      "geometry": geom.buffer(3.0, join_style="mitre").difference(geom)})
    return b


def _slabs(rng: np.random.Generator, aid: str, bx0: float, by0: float, buildings: list[Row],
           zones: list[Row], sites: list[Row], commercial: float = 0.05) -> None:
    """An apartment block: two parallel slabs, a U, or three point blocks."""
    layout = int(rng.integers(0, 3))
    if layout == 0:
        specs = [(bx0 + 8, by0 + 8, bx0 + 92, by0 + 20), (bx0 + 8, by0 + 50, bx0 + 92, by0 + 62)]
    elif layout == 1:
        specs = [(bx0 + 8, by0 + 8, bx0 + 92, by0 + 20), (bx0 + 8, by0 + 26, bx0 + 20, by0 + 62),
                 (bx0 + 80, by0 + 26, bx0 + 92, by0 + 62)]
    else:
        specs = [(bx0 + 6 + k * 32, by0 + 20, bx0 + 26 + k * 32, by0 + 40) for k in range(3)]
    for s in specs:
        kind = "commercial" if rng.random() < commercial else "residential"
        b = _slab(aid, box(*s), buildings, zones, kind)
        if rng.random() < 0.4:  # façade mount mid-wall, 0.2 m out of the south wall
            sites.append(_site(f"facade-{len(sites):06d}", "facade", (s[0] + s[2]) / 2,
                               s[1] - 0.2, building=b))
    if rng.random() < 0.7:  # bike shed or garage
        buildings.append(_building(aid, "other", box(bx0 + 40, by0 + 28, bx0 + 58, by0 + 34)))


def _centre(rng: np.random.Generator, aid: str, bx0: float, by0: float, buildings: list[Row],
            zones: list[Row], sites: list[Row]) -> None:
    """A perimeter block of six buildings around a courtyard, half of them commercial."""
    specs = [(bx0, by0, bx0 + 48, by0 + 14), (bx0 + 52, by0, bx0 + 100, by0 + 14),
             (bx0, by0 + 56, bx0 + 48, by0 + 70), (bx0 + 52, by0 + 56, bx0 + 100, by0 + 70),
             (bx0, by0 + 18, bx0 + 14, by0 + 52), (bx0 + 86, by0 + 18, bx0 + 100, by0 + 52)]
    for s in specs:
        kind = "commercial" if rng.random() < 0.5 else "residential"
        b = _slab(aid, box(*s), buildings, zones, kind)
        if kind == "commercial" and s[1] == by0 and rng.random() < 0.5:
            sites.append(_site(f"facade-{len(sites):06d}", "facade", (s[0] + s[2]) / 2,
                               s[1] - 0.2, building=b))


def write_city(city: City, out: Path, *, name: str, title: str, budget: float) -> Path:
    """Write the layers, the catalogue and a scenario into ``out``; return the scenario's path.

    The scenario plans every area with the defaults of the Katrineholm scenario (10 m grid,
    demand within 60 m of homes, 8 orientations, privacy excluded from observe level) and the
    variants ``quick`` (30 s limit), ``gap2`` (2 % gap) and ``priority`` (priority >= 0.5).
    """
    out.mkdir(parents=True, exist_ok=True)
    layers = (("areas", city.areas), ("buildings", city.buildings), ("sites", city.sites),
              ("privacy_zones", city.privacy_zones))
    # written as the planner writes its own (a fixed date for GDAL's clock time): the files, and
    # the input digests in a plan's summary.json, are the same bytes for the same city
    for layer, frame in layers:
        write_gpkg([(layer, frame)], out / f"{layer}.gpkg")
    shutil.copy(CATALOGUE, out / "cameras.toml")
    scenario = out / "scenario.toml"
    scenario.write_text(f"""name = "{name}"
title = "{title}"
crs = "{CRS}"

[data]
areas = "areas.gpkg"
buildings = "buildings.gpkg"
sites = "sites.gpkg"
cameras = "cameras.toml"
privacy_zones = "privacy_zones.gpkg"

[budget]
total_sek = {int(budget)}
horizon_years = 5
include_yearly_costs = true

[demand]
grid_spacing_m = 10
priority_gain = 1.0
near_homes_m = 60

[coverage]
orientations = 8

[constraints]
privacy = "exclude"
privacy_min_level = "observe"

[solver]
time_limit_s = 600

[variants.quick]
solver.time_limit_s = 30

[variants.gap2]
solver.gap = 0.02

[variants.priority]
demand.min_priority = 0.5
""", encoding="utf-8")
    return scenario


def make_city(out: Path, population: int, *, seed: int = 1, budget: float | None = None,
              **options: Any) -> tuple[Path, City]:
    """Generate a city and write it into ``out``; return the scenario's path and the layers."""
    city = generate_city(population, seed=seed, **options)
    scenario = write_city(
        city, out, name=f"synth-{population // 1000}k",
        title=f"Synthetic city, {population:,} people, {len(city.areas)} areas",
        budget=default_budget(population) if budget is None else budget)
    return scenario, city


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--population", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--areas", type=int, default=0, help="number of areas (0: from population)")
    ap.add_argument("--budget", type=float, default=None, help="SEK (default: default_budget)")
    ap.add_argument("--lamp-spacing", type=float, default=100.0)
    ap.add_argument("--round", type=float, default=0.0, help="round building corners (m)")
    a = ap.parse_args()
    scenario, city = make_city(a.out, a.population, seed=a.seed, budget=a.budget,
                               n_areas=a.areas, lamp_spacing=a.lamp_spacing, round_m=a.round)
    print(f"{scenario}: {city.describe()}")


if __name__ == "__main__":
    main()
