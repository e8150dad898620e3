"""The privacy step (``coverage.privacy_intrusion``, ``planner._privacy``): areas by hand and by a
straightforward reference on random towns.

The reference takes, for every option on its own, its sector, the union of all zones, and takes
off the shadow of every edge of every building (the quadrilateral from the edge away from the
eye) and every footprint; no disc, no grouping, no chains.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest
import shapely

from planner import _privacy
from planner._geom import building_edges, check_buildings, hidden_region, sector_polygon
from planner._geom_lens import lens_groups
from planner.cameras import CameraModel, dori_ranges
from planner.coverage import _prepare, build_options, privacy_intrusion
from tests.test_coverage import CAM4K, buildings_frame, sites_frame
from tests.test_coverage_reference import CATALOGUE, scene

CRS = "EPSG:3006"
#: The 4K bullet's observe range (60°): the privacy level of the default scenario.
OBSERVE = float(dori_ranges(3840, 60.0)[1])


def zones_frame(geoms: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"zone_id": [f"z{i}" for i in range(len(geoms))]}, geometry=geoms,
                            crs=CRS)


def north(xy: tuple[float, float] = (0.0, 0.0), orientations: int = 1) -> gpd.GeoDataFrame:
    return build_options(sites_frame([xy]), {CAM4K.id: CAM4K}, orientations=orientations)


def test_square_inside_the_sector_counts_whole() -> None:
    zones = zones_frame([shapely.box(-1, 10, 1, 12)])
    area = privacy_intrusion(north(), zones, buildings_frame([]), {CAM4K.id: CAM4K})
    assert area[0] == pytest.approx(4.0, rel=1e-12)


def test_square_across_the_sector_edge_counts_the_part_inside() -> None:
    # the 60° sector's right edge is the ray x = y·tan 30°; the zone [2, 12] x [4, 8] lies
    # across it: inside where x <= y·t, i.e. the integral of (y·t - 2) over y in [4, 8]
    t = np.tan(np.radians(30.0))
    expected = t * (64 - 16) / 2 - 2 * 4
    zones = zones_frame([shapely.box(2, 4, 12, 8)])
    area = privacy_intrusion(north(), zones, buildings_frame([]), {CAM4K.id: CAM4K})
    assert area[0] == pytest.approx(expected, rel=1e-9)


def test_zone_across_the_range_counts_the_part_within_it() -> None:
    # a thin strip along the axis from 40 m to 60 m: the observe range (~53 m) cuts it
    zones = zones_frame([shapely.box(-0.05, 40, 0.05, 60)])
    area = privacy_intrusion(north(), zones, buildings_frame([]), {CAM4K.id: CAM4K})
    assert area[0] == pytest.approx(0.1 * (OBSERVE - 40), rel=1e-4)  # the arc is a polygon


def test_zone_behind_a_building_counts_only_what_the_walls_do_not_hide() -> None:
    # building [-2, 2] x [5, 6]: it hides |x| <= 0.4·y beyond y = 5; zone [-5, 5] x [10, 11]
    # (within the 60° sector: |x| <= 0.577·y) shows 10 - 0.8·y of each row:
    # 10 - 0.4·(121 - 100) = 1.6 m²
    house = shapely.box(-2, 5, 2, 6)
    zones = zones_frame([shapely.box(-5, 10, 5, 11), shapely.box(-1, 8, 1, 9)])
    cat = {CAM4K.id: CAM4K}
    area = privacy_intrusion(north(), zones.iloc[:1], buildings_frame([house]), cat)
    assert area[0] == pytest.approx(1.6, rel=1e-9)
    hidden = privacy_intrusion(north(), zones.iloc[1:], buildings_frame([house]), cat)
    assert hidden[0] == 0.0  # wholly in the shadow
    # an L-shaped (not convex) building hides the same as its convex hull here
    ell = shapely.Polygon([(-2, 5), (2, 5), (2, 6), (0, 6), (0, 7), (-2, 7)])
    assert privacy_intrusion(north(), zones.iloc[:1], buildings_frame([ell]), cat)[0] == (
        pytest.approx(1.6, rel=1e-9))


def test_overlapping_zones_count_once_and_other_directions_see_nothing() -> None:
    zones = zones_frame([shapely.box(-1, 10, 1, 12), shapely.box(0, 11, 2, 13),
                         shapely.box(-1, 12, 0, 14)])  # 4 + 4 - 1, and 2 touching both
    area = privacy_intrusion(north(orientations=4), zones, buildings_frame([]),
                             {CAM4K.id: CAM4K})
    assert area.tolist() == [pytest.approx(9.0, rel=1e-12), 0.0, 0.0, 0.0]


def test_sector_polygons_are_those_of_sector_polygon_bit_for_bit() -> None:
    orientation = np.array([0.0, 45.0, 137.5, 300.0, 0.0, 90.0, 10.0])
    hfov = np.array([60.0, 100.0, 33.3, 180.0, 360.0, 90.0, 60.0])
    reach = np.array([53.1, 20.0, 71.25, 5.5, 12.0, 0.0, 53.1])
    sectors = _privacy.Sectors(orientation, hfov, reach)
    x, y = 568_712.25, 6_539_801.5
    got = sectors.polygons(x, y, np.arange(len(orientation)))
    for j, geom in enumerate(got):
        want = sector_polygon(x, y, orientation[j], hfov[j], reach[j])
        assert shapely.equals_exact(geom, want, tolerance=0.0), j


def test_convex_buildings_are_told_apart() -> None:
    geoms = check_buildings(buildings_frame([
        shapely.box(0, 0, 10, 5),
        shapely.Polygon([(20, 0), (30, 0), (30, 10), (25, 10), (25, 5), (20, 5)]),  # L
        shapely.box(40, 0, 60, 20).difference(shapely.box(45, 5, 55, 15)),  # courtyard
        shapely.MultiPolygon([shapely.box(70, 0, 72, 2), shapely.box(74, 0, 76, 2)]),
        shapely.Polygon([(80, 0), (90, 0), (95, 5), (90, 10), (80, 10)]),  # pentagon
    ]))
    assert _privacy.convex_buildings(building_edges(geoms), geoms).tolist() == [
        True, False, False, False, True]


def test_zone_groups_merge_overlapping_and_touching_zones_only() -> None:
    zones = np.array([shapely.box(0, 0, 2, 2), shapely.box(1, 1, 3, 3), shapely.box(3, 0, 4, 1),
                      shapely.box(10, 10, 11, 11)], dtype=object)
    parts, span = _privacy.zone_groups(zones)
    # zones 0, 1 overlap and 2 touches 1 at a corner: one group; zone 3 alone
    assert (span[0] == span[1]).all() and (span[1] == span[2]).all()
    assert not (span[3] == span[0]).all()
    merged = shapely.union_all(parts[span[0, 0] : span[0, 1]])
    assert merged.area == pytest.approx(4 + 4 - 1 + 1)
    assert shapely.equals(parts[span[3, 0]], zones[3])


def reference(options: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame,
              catalogue: dict[str, CameraModel], min_level: int) -> np.ndarray:
    site_of, eyes, blind, _, geoms = _prepare(options, buildings)
    reach = lens_groups(options, site_of, catalogue, night=False).option_ranges(
        len(options))[:, min_level - 1]
    every = shapely.union_all(zones.geometry.to_numpy())
    rings = [r for g in shapely.get_parts(geoms) for r in
             [g.exterior, *g.interiors]]
    out = np.zeros(len(options))
    for s, eye in enumerate(eyes):
        if blind[s]:
            continue
        shadows = []
        for ring in rings:
            xy = np.asarray(ring.coords)
            for a, b in itertools.pairwise(xy):
                far_a, far_b = a + 100 * (a - eye), b + 100 * (b - eye)
                quad = shapely.Polygon([a, b, far_b, far_a])
                if quad.area > 0:
                    shadows.append(shapely.make_valid(quad))
        hidden = shapely.union_all([*shadows, *geoms])
        seen = every.difference(hidden)
        for j in np.flatnonzero(site_of == s):
            row = options.iloc[j]
            sector = sector_polygon(eye[0], eye[1], row["orientation_deg"], row["hfov_deg"],
                                    reach[j])
            out[j] = sector.intersection(seen).area
    return out


def random_zones(rng: np.random.Generator, buildings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    geoms: list[shapely.Geometry] = []
    for _ in range(25):  # gardens, some overlapping
        x, y = rng.uniform(-95, 85, 2)
        geoms.append(shapely.box(x, y, x + rng.uniform(3, 15), y + rng.uniform(3, 15)))
    for g in buildings.geometry.to_numpy()[:8]:  # façade bands around buildings
        geoms.append(g.buffer(2.0, join_style="mitre").difference(g))
    geoms.append(buildings.geometry.iloc[0])  # a zone drawn as a footprint: hidden
    return zones_frame([g for g in geoms if not g.is_empty])


#: The reference scenes' catalogue and lenses whose arcs are off the whole degrees (95°: vertices
#: at half degrees; 33.3°: not 1° apart) and a 180° panoramic one facing the wall's normal.
LENSES = {
    **CATALOGUE,
    "odd": CameraModel("odd", "odd zoom", 2560, 1440, (95.0, 33.3), 30.0, 1.0, 1.0, 1.0),
    "pano": CameraModel("pano", "180", 7680, 2160, (180.0,), 20.0, 1.0, 1.0, 1.0,
                        panoramic=True),
}


@pytest.mark.parametrize(("seed", "orientations"), [(3, 8), (17, 8), (5, 7)])
def test_privacy_intrusion_equals_the_reference_on_random_towns(seed: int,
                                                                orientations: int) -> None:
    _, sites, buildings = scene(seed)
    zones = random_zones(np.random.default_rng(seed), buildings)
    options = build_options(sites, LENSES, orientations=orientations, buildings=buildings)
    for level in (1, 2):
        got = privacy_intrusion(options, zones, buildings, LENSES, min_level=level)
        want = reference(options, zones, buildings, LENSES, level)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-6)
        assert (want > 1.0).sum() > 20  # the towns' cameras do see zones
        assert ((got > 0) == (want > 0))[np.abs(want) > 1e-6].all()


def test_a_building_wholly_in_anothers_shadow_casts_none_of_its_own() -> None:
    # eye at the origin; B stands in A's shadow, C beside A; L (not convex) in A's shadow too
    blds = buildings_frame([
        shapely.box(-5, 10, 5, 12),  # A
        shapely.box(-1, 20, 1, 22),  # B, behind A
        shapely.box(20, 10, 24, 14),  # C, beside
        shapely.Polygon([(-2, 30), (2, 30), (2, 31), (0, 31), (0, 33), (-2, 33)]),  # L, behind A
    ])
    geoms = check_buildings(blds)
    edges = building_edges(geoms)
    convex = _privacy.convex_buildings(edges, geoms)
    eye = np.array([0.0, 0.0])
    shadows = _privacy._shadows(eye, 50.0, edges, geoms, convex)
    # A's and C's shadows stay; B's and every piece of L (its edges' shadows, its footprint) go
    assert len(shadows) == 2
    assert shapely.intersects(shadows[0], shapely.Point(0, 11)) or shapely.intersects(
        shadows[1], shapely.Point(0, 11))
    disc = sector_polygon(0.0, 0.0, 0.0, 360.0, 50.0)
    want = shapely.intersection(hidden_region(eye, 50.0, edges, geoms), disc)
    got = shapely.intersection(shapely.union_all(shadows), disc)
    assert got.area == pytest.approx(want.area, rel=1e-12)
    assert shapely.symmetric_difference(got, want).area < 1e-9


def test_a_convex_footprint_whose_facing_edges_are_not_one_run_hides_only_what_its_walls_do(
) -> None:
    # A box whose north side has an extra vertex 0.1 m from its north-east corner, seen from
    # 1e-9 m north of that side's line, 20 m east: by the front test (cross < -1e-12 of the
    # edge's scale) the long part of the side faces the eye and the short part between it and
    # the east wall does not, so the facing edges are two runs, not one chain. Its shadow had
    # been drawn as one polygon from the wrong ends, whose far arc went all the way round: the
    # mount then saw no zone at all, the garden in the open 12 m to its north included.
    house = shapely.Polygon([(0, 0), (10, 0), (10, 8), (9.9, 8), (0, 8)])
    zones = zones_frame([shapely.box(35, 20, 40, 25), shapely.box(-15, 1, -5, 7)])  # (behind)
    cat = {CAM4K.id: CAM4K}
    for dy in (0.0, 1e-9, 3e-9, -1e-9):
        options = north((30.0, 8.0 + dy), orientations=4)
        got = privacy_intrusion(options, zones, buildings_frame([house]), cat)
        want = reference(options, zones, buildings_frame([house]), cat, 2)
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-6)
        assert got[0] == pytest.approx(16.858, abs=1e-3), dy  # the garden, facing north
        assert got[3] == 0.0  # the zone behind the house, facing west


@pytest.mark.parametrize(("side", "expected"), [(1e-5, 0.0), (1e-4, 1e-8), (0.1, 0.01)])
def test_areas_below_the_noise_floor_count_as_none(side: float, expected: float) -> None:
    # a square of 1e-10 m² (10 micrometres a side) is below PRIVACY_NOISE_M2 (1e-9 m²): the
    # overlay's noise is of that size, and a spike of 2e-16 m² had excluded a camera
    zones = zones_frame([shapely.box(0.3, 10, 0.3 + side, 10 + side)])
    area = privacy_intrusion(north(), zones, buildings_frame([]), {CAM4K.id: CAM4K})
    assert area[0] == pytest.approx(expected, rel=1e-6, abs=0.0)


def test_mounts_in_batches_give_the_areas_of_one_mount_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the mounts are measured _BATCH_MOUNTS at a time (one overlay call and one pass of arrays
    # for a batch): batches of 1 (as the mount-by-mount code had it) and of 3 (10 mounts: 3, 3,
    # 3, 1) give the areas of a single batch bit for bit, and those are the reference's
    _, sites, buildings = scene(11)
    zones = random_zones(np.random.default_rng(11), buildings)
    options = build_options(sites, LENSES, orientations=8, buildings=buildings)
    assert options["site_id"].nunique() == 10 <= _privacy._BATCH_MOUNTS
    whole = privacy_intrusion(options, zones, buildings, LENSES)
    for batch in (1, 3):
        monkeypatch.setattr(_privacy, "_BATCH_MOUNTS", batch)
        got = privacy_intrusion(options, zones, buildings, LENSES)
        assert got.tobytes() == whole.tobytes(), batch
    want = reference(options, zones, buildings, LENSES, 2)
    np.testing.assert_allclose(whole, want, rtol=1e-7, atol=1e-6)
    assert (want > 1.0).sum() > 20
    assert ((whole > 0) == (want > 0))[np.abs(want) > 1e-6].all()


def test_sector_polygons_at_an_eye_per_option_are_those_of_sector_polygon() -> None:
    orientation = np.array([0.0, 45.0, 137.5, 300.0, 0.0, 90.0])
    hfov = np.array([60.0, 100.0, 33.3, 180.0, 360.0, 90.0])
    reach = np.array([53.1, 20.0, 71.25, 5.5, 12.0, 0.0])
    sectors = _privacy.Sectors(orientation, hfov, reach)
    x = 568_712.25 + np.arange(6.0) * 17.3
    y = 6_539_801.5 - np.arange(6.0) * 3.1
    got = sectors.polygons(x, y, np.arange(6))
    for j, geom in enumerate(got):
        want = sector_polygon(x[j], y[j], orientation[j], hfov[j], reach[j])
        assert shapely.equals_exact(geom, want, tolerance=0.0), j


def test_discs_are_those_of_sector_polygon_bit_for_bit() -> None:
    eyes = np.array([[568_712.25, 6_539_801.5], [0.0, 0.0], [-3.3, 1e-7]])
    radius = np.array([53.1 * 1.001, 0.75, 144.0])
    for eye, r, got in zip(eyes, radius, _privacy._discs(eyes, radius), strict=True):
        want = sector_polygon(eye[0], eye[1], 0.0, 360.0, r)
        assert shapely.equals_exact(got, want, tolerance=0.0)
        assert got.wkb == want.wkb


def test_shadows_of_many_eyes_are_each_eyes_own_and_hide_what_the_walls_do() -> None:
    # the shadows of a batch of eyes (a random town's, and eyes between its buildings) are those
    # each eye gets alone, polygon for polygon; their union within the disc is hidden_region's
    _, _, buildings = scene(17)
    geoms = check_buildings(buildings)
    edges = building_edges(geoms)
    convex = _privacy.convex_buildings(edges, geoms)
    eyes = np.random.default_rng(17).uniform(-100, 100, (12, 2))
    eyes = eyes[~shapely.intersects(shapely.union_all(geoms), shapely.points(eyes))]
    radius = np.linspace(20.0, 80.0, len(eyes))
    shadows, of = _privacy.shadows_of(eyes, radius, edges, geoms, convex)
    assert (np.diff(of) >= 0).all() and len(np.unique(of)) >= 8
    for i, eye in enumerate(eyes):
        alone, _ = _privacy.shadows_of(eye[None, :], radius[i : i + 1], edges, geoms, convex)
        assert [g.wkb for g in shadows[of == i]] == [g.wkb for g in alone]
        disc = sector_polygon(eye[0], eye[1], 0.0, 360.0, radius[i])
        want = shapely.intersection(hidden_region(eye, radius[i], edges, geoms), disc)
        got = shapely.intersection(shapely.union_all(shadows[of == i]), disc)
        assert got.area == pytest.approx(want.area, rel=1e-9, abs=1e-9)
        assert shapely.symmetric_difference(got, want).area < 1e-6


def test_sector_areas_of_a_batch_with_a_mount_whose_view_is_not_only_polygons() -> None:
    # a mount whose seen region holds a line (an overlay's leftover) goes through the overlay
    # option by option; the other mounts of its batch are measured as ever: each option's area
    # is the area of its sector polygon within what its mount sees
    from planner._privacy_sectors import Sectors, sector_areas

    orientation = np.array([0.0, 90.0, 180.0, 0.0, 45.0, 270.0, 0.0])
    hfov = np.array([60.0, 60.0, 95.0, 90.0, 33.3, 120.0, 60.0])
    reach = np.array([30.0, 30.0, 40.0, 25.0, 25.0, 25.0, 50.0])
    eyes = np.array([[0.0, 0.0], [100.0, 0.0], [200.0, 0.0]])
    seen = np.array([
        shapely.MultiPolygon([shapely.box(-5, 10, 5, 40), shapely.box(10, -3, 35, 3)]),
        shapely.GeometryCollection([shapely.box(90, -30, 110, -10),
                                    shapely.LineString([(100, 5), (100, 20)])]),
        shapely.Polygon([(190, 10), (215, 12), (205, 60)], holes=[[(200, 20), (204, 22), (202, 30)]]),
    ], dtype=object)
    options = np.arange(7)
    mount = np.array([0, 0, 0, 1, 1, 1, 2])
    sectors = Sectors(orientation, hfov, reach)
    got = sector_areas(seen, eyes, options, mount, sectors, orientation, hfov, reach)
    want = [shapely.intersection(
        sector_polygon(*eyes[mount[j]], orientation[j], hfov[j], reach[j]), seen[mount[j]]).area
        for j in options]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
    # facing west (120°) from (100, 0), the box's corner beyond the ray at 210°: 200/√3 - 100 m²;
    # facing north and north-east, only the line: nothing
    assert got[5] == pytest.approx(200 / np.sqrt(3) - 100, rel=1e-12)
    assert got[3] == got[4] == got[2] == 0.0 and got[0] > 100 and got[6] > 100
