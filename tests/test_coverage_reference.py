"""coverage_matrix against a slow, per-pair Shapely reference on random scenes with buildings."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from planner._geom import camera_eyes, check_buildings
from planner.cameras import CameraModel
from planner.coverage import build_options, coverage_matrix, view_polygons

CRS = "EPSG:3006"
CATALOGUE = {
    "bullet": CameraModel("bullet", "4K bullet", 3840, 2160, (60.0,), 25.0, 1.0, 1.0, 1.0),
    "vari": CameraModel("vari", "varifocal", 2560, 1440, (90.0, 40.0), 30.0, 1.0, 1.0, 1.0),
    "fish": CameraModel("fish", "360", 4000, 4000, (360.0,), 15.0, 1.0, 1.0, 1.0, panoramic=True),
}


def scene(seed: int) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    rng = np.random.default_rng(seed)
    geoms: list[shapely.Geometry] = []
    for _ in range(12):  # axis-aligned, integer corners: many rays through vertices
        x, y = rng.integers(-90, 80, 2)
        w, h = rng.integers(4, 25, 2)
        geoms.append(shapely.box(x, y, x + w, y + h))
    for _ in range(8):  # rotated
        c = shapely.box(
            -rng.uniform(3, 12), -rng.uniform(3, 8), rng.uniform(3, 12), rng.uniform(3, 8)
        )
        c = shapely.affinity.rotate(c, rng.uniform(0, 180))
        geoms.append(shapely.affinity.translate(c, *rng.uniform(-90, 90, 2)))
    geoms.append(
        shapely.Polygon([(20, -60), (50, -60), (50, -30), (40, -30), (40, -50), (20, -50)])
    )  # L shape
    geoms.append(
        shapely.box(-40, 60, 0, 100).difference(shapely.box(-30, 70, -10, 90))
    )  # courtyard
    geoms.append(shapely.MultiPolygon([shapely.box(60, 60, 70, 70), shapely.box(75, 60, 85, 72)]))
    blds = gpd.GeoDataFrame(
        {"building_id": [f"B{i}" for i in range(len(geoms))]}, geometry=geoms, crs=CRS
    )
    union = shapely.union_all(geoms)
    xy: list[tuple[float, float]] = []
    while len(xy) < 6:
        p = rng.integers(-100, 100, 2).astype(float)
        if not union.intersects(shapely.Point(p)):
            xy.append((p[0], p[1]))
    xy.append((-20.0, 80.0))  # lamp post in the courtyard
    facade = [(geoms[0], 0.5), (geoms[13], 0.3), (geoms[20], 0.1)]
    for g, frac in facade:
        pt = g.exterior.interpolate(frac, normalized=True)
        xy.append((pt.x, pt.y))
    n_free = 7
    sites = gpd.GeoDataFrame(
        {
            "site_id": [f"s{i}" for i in range(len(xy))],
            "mount_type": ["pole"] * n_free + ["facade"] * len(facade),
            "install_cost_sek": 1.0,
            "building_id": [None] * n_free + ["B0", "B13", "B20"],
        },
        geometry=shapely.points(xy),
        crs=CRS,
    )
    gx, gy = np.meshgrid(np.arange(-100, 101, 5.0), np.arange(-100, 101, 5.0))
    pts = np.concatenate([np.c_[gx.ravel(), gy.ravel()], rng.uniform(-110, 110, (300, 2))])
    pts_g = shapely.points(pts)
    keep = ~shapely.intersects(union, pts_g)
    dem = gpd.GeoDataFrame(geometry=pts_g[keep], crs=CRS)
    return dem, sites, blds


def reference(
    dem: gpd.GeoDataFrame, opts: gpd.GeoDataFrame, blds: gpd.GeoDataFrame, night: bool
) -> np.ndarray:
    geoms = check_buildings(blds)
    site_rows = opts.drop_duplicates("group")
    eyes, _ = camera_eyes(
        shapely.get_coordinates(site_rows.geometry.to_numpy()),
        site_rows["building_id"].to_numpy(dtype=object),
        blds,
        geoms,
    )
    eye_of = dict(zip(site_rows["group"], map(tuple, eyes), strict=True))
    pts = shapely.get_coordinates(dem.geometry.to_numpy())
    out = np.zeros((len(pts), len(opts)), dtype=np.int8)
    visible: dict[tuple[int, int], bool] = {}
    for j, row in enumerate(opts.itertuples()):
        ranges = CATALOGUE[row.model].ranges(row.hfov_deg, night=night)
        ex, ey = eye_of[row.group]
        d = np.hypot(pts[:, 0] - ex, pts[:, 1] - ey)
        ang = (
            np.degrees(np.arctan2(pts[:, 0] - ex, pts[:, 1] - ey)) - row.orientation_deg + 180.0
        ) % 360.0 - 180.0
        inside = (d <= ranges[0] + 1e-6) & (
            (row.hfov_deg >= 360.0) | (np.abs(ang) <= row.hfov_deg / 2 + 1e-6)
        )
        for i in np.flatnonzero(inside).tolist():
            key = (row.group, i)
            if key not in visible:  # one segment per (site, point), tested against every footprint
                seg = shapely.LineString([(ex, ey), tuple(pts[i])])
                visible[key] = not any(shapely.relate_pattern(seg, g, "T********") for g in geoms)
            if visible[key]:
                out[i, j] = int((d[i] <= ranges + 1e-6).sum())
    return out


@pytest.mark.parametrize(
    ("seed", "night", "n_bins"), [(1, False, 720), (2, False, 16), (3, True, 4096)]
)
def test_coverage_matrix_equals_per_pair_reference(
    seed: int, night: bool, n_bins: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner._visibility.N_BINS", n_bins)
    dem, sites, blds = scene(seed)
    opts = build_options(sites, CATALOGUE, orientations=6, buildings=blds)
    got = coverage_matrix(dem, opts, blds, CATALOGUE, night=night)
    want = reference(dem, opts, blds, night)
    assert got.has_sorted_indices
    diff = np.argwhere(got.toarray() != want)
    assert len(diff) == 0, f"{len(diff)} entries differ, e.g. (point, option) {diff[:5].tolist()}"
    assert got.nnz > 2000


def test_subsets_of_options_give_the_same_columns() -> None:
    dem, sites, blds = scene(4)
    opts = build_options(sites, CATALOGUE, orientations=6, buildings=blds)
    full = coverage_matrix(dem, opts, blds, CATALOGUE)
    pick = np.random.default_rng(4).choice(len(opts), 40, replace=False)  # irregular orientations
    sub = coverage_matrix(dem, opts.iloc[pick], blds, CATALOGUE)
    assert (sub != full[:, pick]).nnz == 0 and sub.nnz > 0


def test_view_polygons_agree_with_the_matrix() -> None:
    dem, sites, blds = scene(5)
    opts = build_options(sites, CATALOGUE, orientations=6, buildings=blds)
    mat = coverage_matrix(dem, opts, blds, CATALOGUE).toarray()
    pick = np.argsort(-(mat > 0).sum(axis=0))[:12]  # the options that see most
    views = view_polygons(opts.iloc[pick], blds, CATALOGUE)
    pts = dem.geometry.to_numpy()
    checked = 0
    for j in pick.tolist():
        for level in (1, 2, 3, 4):
            poly = views[(views["option_id"] == j) & (views["level"] == level)].geometry
            seen = mat[:, j] >= level
            if poly.empty:
                assert not seen.any()
                continue
            inner = poly.iloc[0].buffer(-1e-3)
            outer = poly.iloc[0].buffer(1e-3)
            # arcs are inscribed polygons: compare 1 m inside cos(0.5°) of the range (façade eyes move 0.5 m)
            r = CATALOGUE[opts["model"].iloc[j]].ranges(opts["hfov_deg"].iloc[j])[level - 1]
            ok = (
                shapely.distance(opts.geometry.iloc[j], pts) < r * math.cos(math.radians(0.5)) - 1.0
            )
            assert shapely.intersects(outer, pts[seen & ok]).all()
            assert not shapely.intersects(inner, pts[~seen & ok]).any()
            checked += int((seen & ok).sum())
    assert checked > 300
