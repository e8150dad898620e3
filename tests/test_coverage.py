"""Coverage: options, the seen rule, line of sight, façades, night, views, privacy."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from planner.cameras import CameraModel, dori_ranges
from planner.coverage import build_options, coverage_matrix, privacy_intrusion, view_polygons
from planner.errors import InputError

CRS = "EPSG:3006"
CAM4K = CameraModel("c4k", "4K bullet", 3840, 2160, (60.0,), 20.0, 9000.0, 1000.0, 500.0)


def sites_frame(xy: list[tuple[float, float]], **cols: list[object]) -> gpd.GeoDataFrame:
    n = len(xy)
    data: dict[str, list[object]] = {
        "site_id": [f"s{i}" for i in range(n)],
        "mount_type": ["pole"] * n,
        "install_cost_sek": [100.0] * n,
    }
    data.update(cols)
    return gpd.GeoDataFrame(data, geometry=shapely.points(xy), crs=CRS)


def buildings_frame(geoms: list[shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"building_id": [f"B{i}" for i in range(len(geoms))]}, geometry=geoms, crs=CRS
    )


def grid(half: float, step: float, x0: float = 0.0, y0: float = 0.0) -> gpd.GeoDataFrame:
    v = np.arange(-half, half + step / 2, step)
    xs, ys = np.meshgrid(v + x0, v + y0)
    return gpd.GeoDataFrame(geometry=shapely.points(xs.ravel(), ys.ravel()), crs=CRS)


def one_option(
    model: CameraModel, orientation: float, xy: tuple[float, float] = (0.0, 0.0)
) -> gpd.GeoDataFrame:
    opts = build_options(sites_frame([xy]), {model.id: model}, orientations=1)
    opts["orientation_deg"] = orientation
    return opts


def brute_levels(
    dem: gpd.GeoDataFrame,
    model: CameraModel,
    orientation: float,
    hfov: float,
    xy: tuple[float, float] = (0.0, 0.0),
) -> np.ndarray:
    """Independent formula: closed range and closed sector, in a plane with no buildings."""
    pts = shapely.get_coordinates(dem.geometry.to_numpy())
    out = np.zeros(len(pts), dtype=np.int8)
    for i, (x, y) in enumerate(pts.tolist()):
        dx, dy = x - xy[0], y - xy[1]
        d = math.hypot(dx, dy)
        ang = math.degrees(math.atan2(dx, dy)) - orientation
        ang = (ang + 180.0) % 360.0 - 180.0
        if abs(ang) > hfov / 2 + 1e-6:
            continue
        for level in (4, 3, 2, 1):
            rng = model.h_px / (
                2 * math.tan(math.radians(hfov / 2)) * [25, 62.5, 125, 250][level - 1]
            )
            if d <= rng + 1e-6:
                out[i] = level
                break
    return out


@pytest.mark.parametrize("orientation", [0.0, 30.0, 135.0, 290.0])
def test_one_camera_in_empty_plane_covers_exactly_its_sector(orientation: float) -> None:
    dem = grid(140.0, 5.0)
    opts = one_option(CAM4K, orientation)
    mat = coverage_matrix(dem, opts, buildings_frame([]), {CAM4K.id: CAM4K})
    got = mat.toarray()[:, 0]
    expected = brute_levels(dem, CAM4K, orientation, 60.0)
    assert mat.dtype == np.int8
    assert (got > 0).sum() == (expected > 0).sum() > 300
    np.testing.assert_array_equal(got, expected)


def test_boundary_rule_is_closed() -> None:
    # 2500 px at 90°: detect range 50 m (to rounding 50.000000000000007); sector edges at ±45°
    model = CameraModel("b", "b", 2500, 1000, (90.0,), 10.0, 1.0, 1.0, 1.0)
    assert dori_ranges(2500, 90.0)[0] == pytest.approx(50.0)
    pts = [
        (0, 50),
        (30, 40),
        (-30, 40),
        (10, 10),
        (30, 30),
        (-20, 20),  # on range / edge: seen
        (0, 50.001),
        (10, 9.99),
        (-10.01, 10),
        (30.001, 40),
    ]  # just outside: not seen
    dem = gpd.GeoDataFrame(geometry=shapely.points(pts), crs=CRS)
    got = coverage_matrix(dem, one_option(model, 0.0), buildings_frame([]), {"b": model}).toarray()[
        :, 0
    ]
    assert (got > 0).tolist() == [True] * 6 + [False] * 4
    # a camera facing north-east has the axes as its sector edges
    dem2 = gpd.GeoDataFrame(geometry=shapely.points([(0, 20), (20, 0), (-0.01, 20)]), crs=CRS)
    got2 = coverage_matrix(
        dem2, one_option(model, 45.0), buildings_frame([]), {"b": model}
    ).toarray()
    assert (got2[:, 0] > 0).tolist() == [True, True, False]


def test_wall_blocks_exactly_the_shadowed_points() -> None:
    wide = CameraModel("w", "w", 3840, 2160, (120.0,), 10.0, 1.0, 1.0, 1.0)
    wall = shapely.box(-10, 20, 10, 21)
    dem = grid(50.0, 2.5)
    dem = dem[~dem.intersects(wall)].reset_index(drop=True)
    opts = one_option(wide, 0.0)
    got = coverage_matrix(dem, opts, buildings_frame([wall]), {"w": wide}).toarray()[:, 0]
    free = brute_levels(dem, wide, 0.0, 120.0)
    px, py = shapely.get_x(dem.geometry.to_numpy()), shapely.get_y(dem.geometry.to_numpy())
    # the open segment meets the open box (-10, 10) x (20, 21) iff py > 20 and |px| < py / 2
    shadow = (py > 20) & (np.abs(px) < py / 2)
    np.testing.assert_array_equal(got, np.where(shadow, 0, free))
    assert ((free > 0) & shadow).sum() > 80
    # rays through the corner (10, 20), e.g. to (15, 30) and (20, 40), graze it and see
    graze = (np.abs(px) == py / 2) & (py > 20) & (free > 0)
    assert graze.sum() >= 4 and (got[graze] > 0).all()


def test_translation_to_sweref_coordinates_changes_nothing() -> None:
    wall = shapely.box(-10, 20, 10, 21)
    x0, y0 = 568_730.0, 6_539_790.0
    dem = grid(70.0, 5.0)
    dem = dem[~dem.intersects(wall)].reset_index(drop=True)
    cat = {CAM4K.id: CAM4K}
    sites = sites_frame([(0.0, 0.0), (-30.0, 45.0)])
    a = coverage_matrix(dem, build_options(sites, cat), buildings_frame([wall]), cat)
    shifted = sites.set_geometry(sites.translate(x0, y0))
    dem_s = dem.set_geometry(dem.translate(x0, y0))
    b = coverage_matrix(
        dem_s,
        build_options(shifted, cat),
        buildings_frame([shapely.affinity.translate(wall, x0, y0)]),
        cat,
    )
    assert (a != b).nnz == 0 and a.nnz > 500


def test_facade_camera_sees_the_street_and_nothing_through_its_building() -> None:
    house = shapely.box(0, 0, 20, 10)
    blds = buildings_frame([house])
    pano = CameraModel("p", "pano", 7680, 2160, (180.0,), 30.0, 1.0, 1.0, 1.0, panoramic=True)
    cat = {"p": pano, CAM4K.id: CAM4K}
    sites = sites_frame(
        [(10.0, 10.0), (20.0, 5.0)], mount_type=["facade", "facade"], building_id=["B0", "B0"]
    )
    opts = build_options(sites, cat, orientations=8, buildings=blds)
    pano_opts = opts[opts["model"] == "p"]
    assert pano_opts["orientation_deg"].tolist() == [0.0, 90.0]  # outward normals of the walls
    dem = grid(60.0, 2.5, 10.0, 5.0)
    dem = dem[~dem.intersects(house)].reset_index(drop=True)
    mat = coverage_matrix(dem, opts, blds, cat).toarray()
    py = shapely.get_y(dem.geometry.to_numpy())
    px = shapely.get_x(dem.geometry.to_numpy())
    north = opts.index[(opts["group"] == 0)].to_numpy()
    seen_north = mat[:, north].max(axis=1) > 0
    eye = (10.0, 10.5)  # 0.5 m out of the wall
    rays = shapely.linestrings([[eye, p] for p in shapely.get_coordinates(dem.geometry.to_numpy())])
    through = shapely.relate_pattern(rays, house, "T********")
    assert through.sum() > 500 and not seen_north[through].any()  # nothing through its own building
    assert not seen_north[py < 5].any()
    street = (py >= 12.5) & (np.hypot(px - 10, py - 10.5) <= 40)
    assert seen_north[street].all()  # the panoramic camera sees the whole street side in range
    south_facing = opts.index[(opts["group"] == 0) & (opts["orientation_deg"] == 180.0)]
    assert mat[:, south_facing].max() == 0
    east = opts.index[(opts["group"] == 1)].to_numpy()
    seen_east = mat[:, east].max(axis=1) > 0
    rays = shapely.linestrings(
        [[(20.5, 5.0), p] for p in shapely.get_coordinates(dem.geometry.to_numpy())]
    )
    through = shapely.relate_pattern(rays, house, "T********")
    assert not seen_east[through].any() and seen_east[(px >= 22.5) & (np.abs(py - 5) <= 20)].all()


def test_build_options_counts_costs_and_restrictions() -> None:
    cat = {
        "fix": CameraModel("fix", "fix", 1920, 1080, (100.0,), 30.0, 6500.0, 9000.0, 3500.0),
        "var": CameraModel(
            "var", "var", 2560, 1440, (90.0, 60.0, 30.0), 50.0, 12000.0, 9000.0, 4000.0
        ),
        "pan": CameraModel(
            "pan", "pan", 7680, 2160, (180.0,), 30.0, 30000.0, 12000.0, 6000.0, panoramic=True
        ),
        "wall": CameraModel(
            "wall", "wall", 1920, 1080, (90.0,), 30.0, 5000.0, 5000.0, 1000.0, mounts=("facade",)
        ),
    }
    sites = sites_frame([(0, 0), (50, 0)], install_cost_sek=[1000.0, 2500.0])
    opts = build_options(sites, cat, orientations=8, horizon_years=5.0)
    assert len(opts) == 2 * (8 + 3 * 8 + 1)
    assert opts["option_id"].tolist() == list(range(len(opts)))
    assert opts["group"].tolist() == [0] * 33 + [1] * 33
    first = opts.iloc[0]
    assert first["cost_sek"] == 6500 + 9000 + 1000 + 5 * 3500
    assert opts.iloc[33 + 8]["cost_sek"] == 12000 + 9000 + 2500 + 5 * 4000
    assert opts.iloc[:8]["orientation_deg"].tolist() == [k * 45.0 for k in range(8)]
    assert opts.iloc[8:32]["hfov_deg"].tolist() == [90.0] * 8 + [60.0] * 8 + [30.0] * 8
    assert not opts["existing"].any() and (opts["model"] != "wall").all()
    no_yearly = build_options(sites, cat, orientations=4, include_yearly=False)
    assert no_yearly.iloc[0]["cost_sek"] == 6500 + 9000 + 1000
    assert list(opts.columns[:10]) == [
        "option_id",
        "site_id",
        "group",
        "mount_type",
        "model",
        "hfov_deg",
        "orientation_deg",
        "cost_sek",
        "existing",
        "building_id",
    ]


def test_existing_cameras_keep_model_and_orientation() -> None:
    cat = {
        CAM4K.id: CAM4K,
        "var": CameraModel("var", "v", 2560, 1440, (90.0, 30.0), 50.0, 1.0, 1.0, 1.0),
    }
    sites = sites_frame(
        [(0, 0), (50, 0), (90, 0)],
        existing_model=["var", None, "c4k"],
        existing_orientation_deg=[45.0, None, 370.0],
        max_cameras=[1, 1, 2],
    )
    opts = build_options(sites, cat, orientations=4)
    s0 = opts[opts["group"] == 0]
    assert len(s0) == 1
    row = s0.iloc[0]
    assert (
        row["model"],
        row["hfov_deg"],
        row["orientation_deg"],
        row["cost_sek"],
        row["existing"],
    ) == ("var", 90.0, 45.0, 0.0, True)
    s2 = opts[opts["group"] == 2]
    assert s2["existing"].tolist() == [True] + [False] * (4 + 2 * 4)
    assert s2.iloc[0]["orientation_deg"] == 10.0
    # coverage.models = ["var"]: the existing 4K camera stays, new cameras are only "var" (the
    # existing models had been offered for new cameras too)
    only = build_options(sites, cat, orientations=4, offered=["var"])
    assert only.loc[only["existing"], "model"].tolist() == ["var", "c4k"]
    assert set(only.loc[~only["existing"], "model"]) == {"var"}
    assert len(only[(only["group"] == 2) & ~only["existing"]]) == 2 * 4
    bad = sites_frame([(0, 0)], existing_model=["nope"], existing_orientation_deg=[0.0])
    with pytest.raises(
        InputError, match=r"site 's0' has existing_model 'nope'.*add it to the catalogue"
    ):
        build_options(bad, cat)
    bad = sites_frame([(0, 0)], existing_model=["c4k"], existing_orientation_deg=[None])
    with pytest.raises(InputError, match=r"site 's0'.*no existing_orientation_deg"):
        build_options(bad, cat)


def test_night_caps_ranges_at_ir_range() -> None:
    dem = grid(140.0, 5.0)
    cat = {CAM4K.id: CAM4K}
    opts = one_option(CAM4K, 0.0)
    day = coverage_matrix(dem, opts, buildings_frame([]), cat).toarray()[:, 0]
    night = coverage_matrix(dem, opts, buildings_frame([]), cat, night=True).toarray()[:, 0]
    d = np.hypot(shapely.get_x(dem.geometry.to_numpy()), shapely.get_y(dem.geometry.to_numpy()))
    assert night[d > 20.0 + 1e-6].max() == 0
    assert (night[d <= 20.0] == np.minimum(day[d <= 20.0], 4)).all()
    assert day[d > 20.0].max() == 3  # recognise reaches 26.6 m by day
    assert (night > 0).sum() < (day > 0).sum()


def test_progress_and_empty_inputs() -> None:
    calls: list[tuple[int, int]] = []
    cat = {CAM4K.id: CAM4K}
    opts = build_options(sites_frame([(0, 0), (40, 40)]), cat, orientations=8)
    coverage_matrix(
        grid(50, 10), opts, buildings_frame([]), cat, progress=lambda a, b: calls.append((a, b))
    )
    assert calls[-1] == (16, 16)
    empty = coverage_matrix(grid(50, 10).iloc[:0], opts, buildings_frame([]), cat)
    assert empty.shape == (0, 16) and empty.nnz == 0


def test_privacy_step_reports_progress_per_mount_near_zones() -> None:
    # a city's privacy step takes minutes: it reports its mounts done (the bar had sat at the
    # coverage step's 100 %); mounts far from every zone are not counted
    from shapely.geometry import box

    calls: list[tuple[int, int]] = []
    cat = {CAM4K.id: CAM4K}
    opts = build_options(sites_frame([(0, 0), (40, 40), (5000, 5000)]), cat, orientations=4)
    zones = gpd.GeoDataFrame({"zone_id": ["z"]}, geometry=[box(10, -5, 20, 5)], crs=CRS)
    seen = privacy_intrusion(opts, zones, buildings_frame([]), cat, min_level=1,
                             progress=lambda a, b: calls.append((a, b)))
    assert calls == [(1, 2), (2, 2)]
    assert seen[:4].max() > 0 and seen[8:].max() == 0


def test_view_polygons_match_sector_area_and_respect_walls() -> None:
    cat = {CAM4K.id: CAM4K}
    opts = one_option(CAM4K, 0.0)
    views = view_polygons(opts, buildings_frame([]), cat)
    assert views["level"].tolist() == [1, 2, 3, 4]
    ranges = dori_ranges(3840, 60.0)
    np.testing.assert_allclose(views.area, math.pi * ranges**2 / 6, rtol=2e-4)
    wall = shapely.box(-10, 20, 10, 21)
    blocked = view_polygons(opts, buildings_frame([wall]), cat, levels=(1,))
    lost = views.area.iloc[0] - blocked.area.iloc[0]
    # shadow behind the wall inside the sector: wedge |x| < y/2 from y = 20 to the range, minus nothing
    assert lost > 1000
    assert not blocked.geometry.iloc[0].buffer(-1e-6).intersects(shapely.Point(0, 40))
    assert blocked.geometry.iloc[0].contains(shapely.Point(0, 15))


def test_privacy_intrusion_counts_visible_zone_area() -> None:
    cat = {CAM4K.id: CAM4K}
    opts = build_options(sites_frame([(0, 0)]), cat, orientations=4)  # 0, 90, 180, 270
    zones = gpd.GeoDataFrame(
        {"zone_id": ["garden", "hidden"]},
        geometry=[shapely.box(-5, 30, 5, 40), shapely.box(-2, -45, 2, -40)],
        crs=CRS,
    )
    wall = shapely.box(-10, -25, 10, -24)
    area = privacy_intrusion(opts, zones, buildings_frame([wall]), cat, min_level=2)
    assert area[0] == pytest.approx(100.0, rel=1e-6)  # north: the garden, in observe range (53 m)
    assert area[1:].tolist() == [0.0, 0.0, 0.0]  # east, west: nothing; south: behind the wall
    assert privacy_intrusion(opts, zones, buildings_frame([wall]), cat, min_level=3)[0] == 0.0
    empty = privacy_intrusion(opts, zones.iloc[:0], buildings_frame([]), cat)
    assert empty.tolist() == [0.0] * 4


def test_bad_sites_and_buildings_raise() -> None:
    cat = {CAM4K.id: CAM4K}
    with pytest.raises(InputError, match="site 's0' has mount_type 'roof'"):
        build_options(sites_frame([(0, 0)], mount_type=["roof"]), cat)
    bowtie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    opts = build_options(sites_frame([(0, 0)]), cat)
    with pytest.raises(InputError, match="building 'B0' has an invalid footprint"):
        coverage_matrix(grid(20, 10), opts, buildings_frame([bowtie]), cat)
    facade = sites_frame([(0, 0)], mount_type=["facade"], building_id=["nope"])
    with pytest.raises(InputError, match="building_id 'nope'"):
        coverage_matrix(
            grid(20, 10),
            build_options(facade, cat),
            buildings_frame([shapely.box(5, 5, 6, 6)]),
            cat,
        )
    assert isinstance(pd.NA, object)


def test_layers_in_different_crs_raise() -> None:
    cat = {CAM4K.id: CAM4K}
    opts = build_options(sites_frame([(0, 0)]), cat)
    dem = grid(20, 10).set_crs("EPSG:3857", allow_override=True)
    with pytest.raises(InputError, match=r"demand: CRS EPSG:3857 differs.*reproject"):
        coverage_matrix(dem, opts, buildings_frame([]), cat)


def test_degenerate_rays_follow_the_interior_rule() -> None:
    pano = CameraModel("o", "360", 8000, 4000, (360.0,), 10.0, 1.0, 1.0, 1.0, panoramic=True)
    cat = {"o": pano}
    opts = one_option(pano, 0.0)
    diamond = shapely.Polygon([(10, 0), (15, 5), (20, 0), (15, -5)])  # vertices on the x axis
    along = shapely.box(-20, 0, -10, 10)  # bottom wall on the x axis, to the west
    corner = shapely.box(0, 10, 10, 20)  # its corner (0, 10) on the y axis, ray grazes the wall x=0
    blds = buildings_frame([diamond, along, corner])
    pts = [(30, 0), (-30, 0), (0, 30), (5, 25), (20.0, 0.0001), (-5, 0)]
    dem = gpd.GeoDataFrame(geometry=shapely.points(pts), crs=CRS)
    got = coverage_matrix(dem, opts, blds, cat).toarray()[:, 0] > 0
    # through two vertices and the diamond's interior: blocked; along a wall: seen; along the
    # wall x = 0 of the box: seen; into the box: blocked; just past the diamond's far vertex
    # (the segment crosses its interior): blocked; in front of the west wall: seen
    assert got.tolist() == [False, True, True, False, False, True]


def test_a_mount_inside_a_building_sees_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """A lamp drawn inside a house: every wall faces away from its eye, so the sight-line test
    had let it see through them (a plan bought two cameras there); it is blind, as the warning
    says, and its neighbour outside still sees what it sees."""
    house = shapely.box(-10.0, -10.0, 10.0, 10.0)
    sites = sites_frame([(0.0, 0.0), (0.0, -30.0)])
    opts = build_options(sites, {CAM4K.id: CAM4K}, orientations=4)
    dem = grid(60.0, 5.0)
    with caplog.at_level("WARNING", logger="planner.coverage"):
        mat = coverage_matrix(dem, opts, buildings_frame([house]), {CAM4K.id: CAM4K}).tocsc()
    assert "1 camera position lies inside a building footprint and sees nothing (e.g. site " in caplog.text
    inside = (opts["site_id"] == "s0").to_numpy()
    assert mat[:, np.flatnonzero(inside)].nnz == 0
    assert mat[:, np.flatnonzero(~inside)].nnz > 0
    # the outside mount facing north sees the house's south wall, not the point behind it
    north = np.flatnonzero(~inside & (opts["orientation_deg"] == 0.0).to_numpy())[0]
    behind = np.flatnonzero(shapely.equals(dem.geometry.to_numpy(), shapely.Point(0, 20)))[0]
    front = np.flatnonzero(shapely.equals(dem.geometry.to_numpy(), shapely.Point(0, -15)))[0]
    assert mat[behind, north] == 0 and mat[front, north] > 0
    views = view_polygons(opts, buildings_frame([house]), {CAM4K.id: CAM4K})
    assert set(views["option_id"]) == set(opts.loc[~inside, "option_id"])
    zones = gpd.GeoDataFrame({"zone_id": ["garden"]}, geometry=[shapely.box(-5, 12, 5, 20)],
                             crs=CRS)
    seen = privacy_intrusion(opts, zones, buildings_frame([house]), {CAM4K.id: CAM4K})
    assert seen[inside].tolist() == [0.0] * int(inside.sum())


def test_sites_inside_buildings_applies_the_plans_eye_rule() -> None:
    """A lamp drawn inside a house is blind; a façade mount inside its own building (its eye
    moved out of it) and a pole on a wall (moved 1 cm out) are not; one inside a building
    other than its own is."""
    from planner.coverage import sites_inside_buildings

    house, shed = shapely.box(-10.0, -10.0, 10.0, 10.0), shapely.box(30.0, -5.0, 40.0, 5.0)
    sites = sites_frame([(0.0, 0.0), (0.0, 9.0), (10.0, 0.0), (35.0, 0.0), (20.0, 0.0)],
                        building_id=[None, "B0", None, "B0", None])
    found = sites_inside_buildings(sites, buildings_frame([house, shed]))
    assert found.tolist() == ["s0", "s3"]
    assert sites_inside_buildings(sites, buildings_frame([])).tolist() == []


@pytest.mark.parametrize("at", [(0.0, -10.0), (10.0, -10.0)], ids=["mid-wall", "corner"])
def test_a_pole_drawn_on_a_wall_does_not_see_through_its_building(at) -> None:
    """A pole snapped onto a house's south wall (or its corner): on the wall every wall of the
    house faced away from its eye, and it saw the garden behind the house. It stands 1 cm out
    of the house now: the house blocks, and the street in front is seen as before."""
    house = shapely.box(-10.0, -10.0, 10.0, 10.0)
    opts = build_options(sites_frame([at]), {CAM4K.id: CAM4K}, orientations=4)
    dem = gpd.GeoDataFrame(geometry=shapely.points([(0.0, 20.0), (at[0], -25.0),
                                                    (25.0, -10.0)]), crs=CRS)
    mat = coverage_matrix(dem, opts, buildings_frame([house]), {CAM4K.id: CAM4K}).toarray()
    facing = opts["orientation_deg"].to_numpy()
    north, south = np.flatnonzero(facing == 0.0)[0], np.flatnonzero(facing == 180.0)[0]
    assert mat[0, north] == 0  # the garden behind the house
    assert mat[1, south] > 0  # the street in front
    # along the wall's line, past the house: seen from 1 cm out
    east = np.flatnonzero(facing == 90.0)[0]
    assert mat[2, east] > 0
    views = view_polygons(opts, buildings_frame([house]), {CAM4K.id: CAM4K})
    north_view = views.loc[views["option_id"] == opts["option_id"].iloc[north], "geometry"]
    garden = shapely.box(-5, 12, 5, 20)
    assert north_view.empty or north_view.union_all().intersection(garden).area == 0.0
    zones = gpd.GeoDataFrame({"zone_id": ["garden"]}, geometry=[garden], crs=CRS)
    seen = privacy_intrusion(opts, zones, buildings_frame([house]), {CAM4K.id: CAM4K})
    assert seen[north] == 0.0


@pytest.mark.parametrize("side", [-1.0, 1.0], ids=["a-hair-inside", "a-hair-outside"])
def test_a_pole_snapped_to_a_slanted_wall_is_on_the_wall_either_side_of_it(side, caplog) -> None:
    """A pole snapped to a rotated footprint's outline lands a float hair inside or outside the
    wall (here 1e-10 m). Inside, it had been taken for a lamp drawn inside the house: blind, with
    the warning, where the same pole a hair outside was moved 1 cm out and saw the street."""
    house = shapely.affinity.rotate(shapely.box(-10.0, -10.0, 10.0, 10.0), 30.0, origin=(0, 0))
    a, b = np.asarray(house.exterior.coords)[:2]
    normal = np.array([b[1] - a[1], a[0] - b[0]]) / math.hypot(*(b - a))
    if house.contains(shapely.Point((a + b) / 2 + 1e-3 * normal)):
        normal = -normal
    at = (a + b) / 2 + side * 1e-10 * normal
    assert house.contains(shapely.Point(at)) == (side < 0)
    opts = build_options(sites_frame([tuple(at)]), {CAM4K.id: CAM4K}, orientations=1)
    dem = gpd.GeoDataFrame(geometry=shapely.points([at + 10.0 * normal, at - 25.0 * normal]),
                           crs=CRS)
    opts["orientation_deg"] = [float(np.degrees(np.arctan2(normal[0], normal[1])) % 360.0)]
    with caplog.at_level("WARNING", logger="planner.coverage"):
        mat = coverage_matrix(dem, opts, buildings_frame([house]), {CAM4K.id: CAM4K}).toarray()
    assert "inside a building footprint" not in caplog.text
    assert mat[:, 0].tolist() == [4, 0]  # the street in front (identify), not through the house
    back = opts.assign(orientation_deg=(opts["orientation_deg"] + 180.0) % 360.0)
    mat = coverage_matrix(dem, back, buildings_frame([house]), {CAM4K.id: CAM4K}).toarray()
    assert mat[:, 0].tolist() == [0, 0]


def _sight_seen(at: tuple[float, float], blds: list[shapely.Geometry],
                points: list[tuple[float, float]]) -> list[bool]:
    """Reference: a point is in sight when the segment from the mount to it crosses no
    building's interior (the cameras' ranges reach every point given)."""
    return [not any(shapely.relate_pattern(shapely.LineString([at, p]), b, "T********")
                    for b in blds) for p in points]


# (a courtyard: the first vertex of its hole's ring had been placed at the end of the outer
# ring, 14 m away; a second part of a multipolygon the same. Two footprints meeting at the
# mount: moved out of one only, the eye had landed in or on the other)
_court = shapely.Polygon([(0, 0), (30, 0), (30, 30), (0, 30)],
                         [[(10, 10), (20, 10), (20, 20), (10, 20)]])
_parts = shapely.MultiPolygon([shapely.box(0, 0, 10, 10), shapely.box(14, 0, 24, 10)])


@pytest.mark.parametrize(("blds", "at", "points"), [
    ([_court], (10.0, 10.0), [(15, 15), (12, 19), (-2, -2), (5, 5), (25, 5)]),
    ([_parts], (24.0, 0.0), [(26, -3), (28, 5), (12, -3), (12, 5), (20, 5)]),
    ([shapely.box(0, 0, 10, 10), shapely.box(10, 5, 20, 15)], (10.0, 5.0),
     [(15, 0), (12, -4), (5, -5), (15, 12), (5, 5)]),
    ([shapely.box(0, 0, 10, 10), shapely.box(10, 5, 20, 15)], (10.0, 10.0),
     [(5, 15), (2, 12), (5, 5), (15, 8), (5, -3)]),
], ids=["courtyard-corner", "second-part", "corner-on-a-wall", "wall-on-a-corner"])
def test_a_pole_on_a_wall_sees_what_is_in_its_sight(blds, at, points) -> None:
    """Each point as the sight line from the mount tells (the points lie in sight or behind
    a building, none on a wall's line)."""
    opts = build_options(sites_frame([at]), {CAM4K.id: CAM4K}, orientations=6)
    dem = gpd.GeoDataFrame(geometry=shapely.points(points), crs=CRS)
    mat = coverage_matrix(dem, opts, buildings_frame(blds), {CAM4K.id: CAM4K}).toarray()
    assert (mat > 0).any(axis=1).tolist() == _sight_seen(at, blds, points)


def test_polygonal_part_keeps_the_polygons_of_a_collection():
    """An intersection may come out as a polygon plus a line: Leaflet could not draw such a view
    (a city map lost every layer after it) and the demand grid refused such an area."""
    from shapely.geometry import GeometryCollection, LineString, MultiPolygon, box

    from planner._geom import polygonal_part

    square, other = box(0, 0, 10, 10), box(20, 0, 30, 10)
    line = LineString([(10, 0), (20, 0)])
    assert polygonal_part(GeometryCollection([square, line])).equals(square)
    both = polygonal_part(GeometryCollection([square, line, MultiPolygon([other])]))
    assert both.geom_type == "MultiPolygon" and both.area == 200.0
    assert polygonal_part(square) is square
    assert polygonal_part(line) is None and polygonal_part(GeometryCollection()) is None


def test_an_area_clipped_to_a_collection_near_homes_still_gets_its_demand(monkeypatch):
    import shapely
    from shapely.geometry import GeometryCollection, LineString, box

    import planner._plan_prepare as prepare_module
    from planner import demand as dem

    areas = gpd.GeoDataFrame({"area_id": ["a"], "name": ["A"], "population": [100],
                              "priority": [0.5]}, geometry=[box(0, 0, 100, 100)],
                             crs="EPSG:3006")
    buildings = gpd.GeoDataFrame({"building_id": ["h"], "kind": ["residential"]},
                                 geometry=[box(40, 40, 50, 50)], crs="EPSG:3006")
    real = shapely.intersection

    def with_a_line(a, b, *args, **kwargs):  # as GEOS may give it: a polygon and a line
        out = real(a, b, *args, **kwargs)
        return np.array([GeometryCollection([g, LineString([(0, 0), (0, 1)])]) for g in out],
                        dtype=object)

    monkeypatch.setattr(prepare_module.shapely, "intersection", with_a_line)
    clipped = prepare_module._residential_part(areas, buildings, 20.0)
    monkeypatch.setattr(prepare_module.shapely, "intersection", real)
    assert clipped.geometry.iloc[0].geom_type == "Polygon"
    # the home grown by 20 m: 10 x 10 + 40 x 20 + pi x 20^2 (corners of 4 segments: a bit less)
    assert clipped.geometry.iloc[0].area == pytest.approx(100 + 800 + np.pi * 400, rel=0.03)
    points = dem.grid_demand(clipped, buildings, spacing_m=10.0)
    assert len(points) > 0 and set(points["area_id"]) == {"a"}
