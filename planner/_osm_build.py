"""Turn raw OpenStreetMap features into the planner's layers (see ``docs/architecture.md``).

Every rule and assumption of the OSM importer lives here as a named constant, so that the README,
the starter scenario's comments and the tests can refer to one place:

- study area: the residential areas (or the areas file) grown by :data:`STUDY_MARGIN_M`, cut to the
  ``bbox`` when one is given; mounts and cameras outside it are dropped (the planner rejects sites
  more than 50 m from every area), buildings are kept when they touch it;
- population: OSM has none, so it is estimated from residential floor area
  (:data:`M2_PER_PERSON`, :data:`DEFAULT_LEVELS`), or from :data:`FALLBACK_DENSITY_PER_KM2` for an
  area without buildings;
- mounts: street lamps, poles and masts; where the study area has none, new poles every
  ``lamp_spacing_m`` along public streets (:data:`PUBLIC_HIGHWAYS`) and façade mounts at building
  corners facing a street;
- privacy zones: a :data:`PRIVACY_BAND_M` band around residential buildings.
"""

from __future__ import annotations

import logging
import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info
from shapely.geometry.base import BaseGeometry

log = logging.getLogger(__name__)

STUDY_MARGIN_M = 49.0
"""Mounts further than this from every area are dropped (the planner's limit is 50 m)."""
PRIVACY_BAND_M = 3.0
"""Width of the privacy band around each residential building (windows, balconies, gardens)."""
M2_PER_PERSON = 50.0
"""Gross residential floor area per inhabitant (≈ 42 m² living space per person in Sweden and
Finland, plus walls, stairs and common space)."""
DEFAULT_LEVELS = {"house": 1.5, "detached": 1.5, "terrace": 2.0, "semidetached_house": 1.5}
"""Storeys of a residential building without ``building:levels``; other kinds: :data:`LEVELS_ELSE`."""
LEVELS_ELSE = 4.0
FALLBACK_DENSITY_PER_KM2 = 2000.0
"""Inhabitants per km² of an area that holds no residential building."""
DEFAULT_PRIORITY = 0.5
"""Priority of OSM areas: OSM carries no socioeconomic statistics (use the DeSO importer)."""
RESIDENTIAL_KINDS = ("apartments", "residential", "house", "detached", "semidetached_house",
                     "terrace", "dormitory")
POPULATED_KINDS = (*RESIDENTIAL_KINDS, "yes")
"""Buildings counted for population when inside an area (``yes``: untyped, presumed homes)."""
PUBLIC_HIGHWAYS = (
    "primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link",
    "unclassified", "residential", "living_street", "pedestrian", "service", "footway",
    "cycleway", "path",
)
"""Streets along which mounts are generated (no motorways, trunk roads, steps or tracks)."""
MOUNTS: dict[str, dict[str, float]] = {
    "lamp_post": {"install_cost_sek": 12000.0, "max_cameras": 2, "height_m": 6.0},
    "pole": {"install_cost_sek": 45000.0, "max_cameras": 4, "height_m": 8.0},
    "facade": {"install_cost_sek": 8000.0, "max_cameras": 1, "height_m": 7.0},
}
"""Mounting cost, capacity and height per mount type (the Katrineholm data's assumptions)."""
MIN_AREA_M2 = 1.0
"""Polygons smaller than this (slivers of ways cut by the extract's edge) are dropped."""
FACADE_OFFSET_M = 0.2
"""Façade mounts sit this far outside the building outline."""
FACADE_MIN_EDGE_M = 3.0
"""A corner is a façade mount candidate when both of its walls are at least this long."""
FACADE_STREET_M = 20.0
"""... and it is within this distance of a public street."""
CAMERA_ON_BUILDING_M = 3.0
"""A camera this close to a building (or inside it) is a façade mount of that building."""
SITE_COLUMNS = (
    "site_id", "mount_type", "install_cost_sek", "max_cameras", "height_m", "building_id",
    "existing_model", "existing_orientation_deg", "approximate", "note",
)
_CARDINAL = {
    name: i * 22.5
    for i, name in enumerate(
        ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    )
}


def choose_crs(lon: float, lat: float) -> str:
    """Metric CRS for an extract centred at ``(lon, lat)``.

    EPSG:3006 (SWEREF 99 TM) inside its area of use (Sweden's bounding box), otherwise the WGS 84
    UTM zone of the centre (e.g. EPSG:32635 for Helsinki).

    Parameters
    ----------
    lon, lat
        Centre of the extract in degrees.

    Returns
    -------
    str
        ``"EPSG:<code>"``.
    """
    aou = CRS("EPSG:3006").area_of_use
    if aou is not None and aou.west <= lon <= aou.east and aou.south <= lat <= aou.north:
        return "EPSG:3006"
    infos = query_utm_crs_info(
        datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat)
    )
    codes = sorted(int(i.code) for i in infos if i.auth_name == "EPSG")
    if not codes:
        raise ValueError(f"no UTM zone for lon={lon}, lat={lat}")
    return f"EPSG:{codes[0]}"


def polygonal(geoms: np.ndarray, *, min_area: float = MIN_AREA_M2) -> np.ndarray:
    """Repair polygons (:func:`shapely.make_valid`) and keep their polygonal part.

    ``None`` where nothing polygonal of at least ``min_area`` (in CRS units²) is left.
    """
    out = np.empty(len(geoms), dtype=object)
    for i, geom in enumerate(shapely.make_valid(geoms)):
        if geom is None or geom.is_empty or geom.area < min_area:
            out[i] = None
        elif geom.geom_type in ("Polygon", "MultiPolygon"):
            out[i] = geom
        else:
            parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
            whole = shapely.union_all(parts) if parts else None
            out[i] = whole if whole is not None and whole.area >= min_area else None
    return out


def building_kind(tag: pd.Series, in_area: np.ndarray | None = None) -> pd.Series:
    """``residential`` for the homes, else ``other``.

    Homes are the kinds of :data:`RESIDENTIAL_KINDS` and, inside an area (``in_area``), every
    kind of :data:`POPULATED_KINDS`: the buildings :func:`estimate_population` presumes to be
    homes get a privacy zone and count as homes for the demand too (untyped ``yes`` buildings,
    79 % of Helsinki's estimated floor area, had been counted as homes but not protected).
    """
    home = tag.isin(RESIDENTIAL_KINDS).to_numpy().copy()
    if in_area is not None:
        home |= tag.isin(POPULATED_KINDS).to_numpy() & np.asarray(in_area, dtype=bool)
    return pd.Series(np.where(home, "residential", "other"), index=tag.index)


def estimate_population(areas: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame) -> pd.Series:
    """Inhabitants of each area from the floor area of the homes in it.

    ``population = Σ footprint × storeys / M2_PER_PERSON`` over the buildings of
    :data:`POPULATED_KINDS` whose representative point is in the area; storeys from
    ``building:levels`` or :data:`DEFAULT_LEVELS`. Areas without such buildings get
    :data:`FALLBACK_DENSITY_PER_KM2`.

    Parameters
    ----------
    areas
        Areas in a metric CRS.
    buildings
        ``building`` (the OSM tag), ``levels`` (NaN when untagged), footprints in the same CRS.

    Returns
    -------
    pandas.Series
        Whole inhabitants per area (index of ``areas``).
    """
    homes = buildings[buildings["building"].isin(POPULATED_KINDS)]
    levels = homes["levels"].astype(float)
    default = homes["building"].map(DEFAULT_LEVELS).astype(float).fillna(LEVELS_ELSE)
    floor = homes.geometry.area * levels.fillna(default)
    points = gpd.GeoDataFrame({"floor": floor.to_numpy()},
                              geometry=homes.geometry.representative_point().to_numpy(), crs=homes.crs)
    joined = gpd.sjoin(points, areas[["geometry"]], predicate="within", how="inner")
    per_area = joined.groupby("index_right")["floor"].sum()
    pop = (per_area.reindex(areas.index).fillna(0.0) / M2_PER_PERSON).round()
    fallback = (areas.geometry.area / 1e6 * FALLBACK_DENSITY_PER_KM2).round()
    return pop.where(pop > 0, fallback).astype(int)


def parse_direction(text: str) -> float:
    """Compass bearing (0 = north, clockwise) from an OSM ``camera:direction``/``direction`` value.

    Degrees (``"135"``, ``"135.5"``) or a 16-point cardinal (``"SE"``); of a ``;``-list the first.
    Anything else (``""``, ``"forward"``, ranges) gives NaN.
    """
    first = str(text).split(";")[0].strip().upper()
    if first in _CARDINAL:
        return _CARDINAL[first]
    if re.fullmatch(r"-?\d+(\.\d+)?", first):
        return float(first) % 360.0
    return math.nan


def guess_bearing(
    camera: shapely.Point, wall: BaseGeometry | None, areas: gpd.GeoDataFrame
) -> float:
    """Compass bearing of an existing camera whose OSM node has no direction tag.

    On a building: away from it (from the nearest point of its outline to the camera, or from its
    centre when the camera is on or inside the outline). Otherwise: towards the representative
    point of the nearest area (north when the camera is on that point).
    """
    if wall is not None:
        if shapely.distance(camera, wall) > 0.01:
            origin = shapely.shortest_line(wall, camera).coords[0]
        else:
            origin = wall.centroid.coords[0]
        dx, dy = camera.x - origin[0], camera.y - origin[1]
    else:
        i = int(np.argmin(shapely.distance(areas.geometry.values, camera)))
        target = areas.geometry.iloc[i].representative_point()
        dx, dy = target.x - camera.x, target.y - camera.y
    if math.hypot(dx, dy) < 1e-9:
        return 0.0
    return round(math.degrees(math.atan2(dx, dy)) % 360.0, 1)


def off_wall(camera: shapely.Point, wall: BaseGeometry) -> shapely.Point:
    """Move a camera mapped on or inside a building outline :data:`FACADE_OFFSET_M` outside it.

    OSM camera nodes on a wall are often drawn on (or just inside) the outline; the planner needs
    the eye outside the footprint, as for the generated façade mounts.
    """
    if shapely.distance(camera, wall) >= FACADE_OFFSET_M - 1e-6:
        return camera
    edge = shapely.shortest_line(wall.boundary, camera).coords[0]
    dx, dy = edge[0] - camera.x, edge[1] - camera.y
    if not shapely.contains(wall, camera) or math.hypot(dx, dy) < 1e-6:
        c = wall.centroid  # on the outline: push away from the building's centre
        dx, dy = edge[0] - c.x, edge[1] - c.y
    norm = math.hypot(dx, dy) or 1.0
    moved = shapely.Point(edge[0] + dx / norm * FACADE_OFFSET_M, edge[1] + dy / norm * FACADE_OFFSET_M)
    return moved if not shapely.intersects(wall, moved) else camera


def empty_sites(crs: str) -> gpd.GeoDataFrame:
    """A sites layer with no rows and the contract's columns."""
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in SITE_COLUMNS}, geometry=[], crs=crs)


def site_rows(
    points: np.ndarray, mount_type: str, ids: list[str], notes: list[str], crs: str,
    *, building_id: list[str | None] | None = None,
) -> gpd.GeoDataFrame:
    """Sites of one mount type with the :data:`MOUNTS` defaults."""
    n = len(points)
    spec = MOUNTS[mount_type]
    return gpd.GeoDataFrame(
        {
            "site_id": ids,
            "mount_type": [mount_type] * n,
            "install_cost_sek": [spec["install_cost_sek"]] * n,
            "max_cameras": [int(spec["max_cameras"])] * n,
            "height_m": [spec["height_m"]] * n,
            "building_id": building_id if building_id is not None else [None] * n,
            "existing_model": [None] * n,
            "existing_orientation_deg": [math.nan] * n,
            "approximate": [False] * n,
            "note": notes,
        },
        geometry=list(points),
        crs=crs,
    )


def thin(points: np.ndarray, min_dist: float, taken: np.ndarray | None = None) -> np.ndarray:
    """Indices of ``points`` kept by greedy thinning (earlier points win: deterministic).

    No two kept points, nor a kept point and one of ``taken``, are closer than ``min_dist``.
    """
    kept: list[int] = []
    tree_pts = list(taken) if taken is not None else []
    tree = shapely.STRtree(np.array(tree_pts, dtype=object)) if tree_pts else None
    grid: dict[tuple[int, int], list[int]] = {}
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    for i in range(len(points)):
        if tree is not None and len(tree.query(points[i], predicate="dwithin", distance=min_dist)):
            continue
        cx, cy = int(xs[i] // min_dist), int(ys[i] // min_dist)
        close = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in grid.get((cx + dx, cy + dy), ()):
                    if math.hypot(xs[i] - xs[j], ys[i] - ys[j]) < min_dist:
                        close = True
                        break
        if not close:
            kept.append(i)
            grid.setdefault((cx, cy), []).append(i)
    return np.array(kept, dtype=int)


def street_mounts(
    streets: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, study: shapely.Geometry, spacing: float
) -> gpd.GeoDataFrame:
    """New poles every ``spacing`` metres along the public streets inside the study area.

    Points are placed at ``spacing/2, 3·spacing/2, ...`` along each street (cut to the study
    area), then thinned so no two are closer than ``spacing/2`` (crossings), and those inside or
    within 1 m of a building (passages, tunnels) are dropped.
    """
    crs = str(streets.crs)
    public = streets[streets["highway"].isin(PUBLIC_HIGHWAYS)
                     & ~streets["access"].isin(("private", "no"))]
    pts: list[shapely.Geometry] = []
    notes: list[str] = []
    for osm_id, name, line in zip(public["osm_id"], public["name"],
                                  shapely.intersection(public.geometry.values, study), strict=True):
        parts = [g for g in getattr(line, "geoms", [line]) if g.geom_type == "LineString"]
        for part in parts:
            dists = np.arange(spacing / 2, part.length, spacing)
            for d in dists:
                pts.append(shapely.line_interpolate_point(part, d))
                notes.append(f"generated: new pole every {spacing:g} m along {osm_id}"
                             + (f" ({name})" if name else ""))
    if not pts:
        return empty_sites(crs)
    arr = np.array(pts, dtype=object)
    keep = thin(arr, spacing / 2)
    arr, notes = arr[keep], [notes[i] for i in keep]
    tree = shapely.STRtree(buildings.geometry.values)
    near = np.zeros(len(arr), dtype=bool)
    near[tree.query(arr, predicate="dwithin", distance=1.0)[0]] = True
    arr, notes = arr[~near], [n for n, x in zip(notes, near, strict=True) if not x]
    ids = [f"street-{i:04d}" for i in range(1, len(arr) + 1)]
    return site_rows(arr, "pole", ids, notes, crs)


def facade_mounts(
    buildings: gpd.GeoDataFrame, streets: gpd.GeoDataFrame, study: shapely.Geometry,
    spacing: float, taken: np.ndarray,
) -> gpd.GeoDataFrame:
    """Façade mounts at building corners facing public space.

    A corner qualifies when it is convex, both walls are at least :data:`FACADE_MIN_EDGE_M` long,
    the point :data:`FACADE_OFFSET_M` outside it (on the bisector) is in the study area, in no
    building and within :data:`FACADE_STREET_M` of a public street. Corners are thinned to
    ``spacing/2`` apart from each other and from ``taken`` (street mounts).
    """
    crs = str(buildings.crs)
    public = streets[streets["highway"].isin(PUBLIC_HIGHWAYS)]
    pts: list[shapely.Geometry] = []
    owners: list[str] = []
    for bid, geom in zip(buildings["building_id"], buildings.geometry.values, strict=True):
        for poly in getattr(geom, "geoms", [geom]):
            ring = np.asarray(shapely.orient_polygons(poly).exterior.coords)[:-1]
            if len(ring) < 3:
                continue
            prev, nxt = np.roll(ring, 1, axis=0), np.roll(ring, -1, axis=0)
            a, b = ring - prev, nxt - ring
            # counter-clockwise exterior: a left turn (cross > 0) is a convex corner
            cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
            la, lb = np.hypot(*a.T), np.hypot(*b.T)
            ok = (cross > 0) & (la >= FACADE_MIN_EDGE_M) & (lb >= FACADE_MIN_EDGE_M)
            for k in np.flatnonzero(ok):
                out = -(a[k] / la[k]) + (b[k] / lb[k])  # points into the corner; negate it
                norm = np.hypot(*out)
                if norm == 0:
                    continue
                xy = ring[k] - out / norm * FACADE_OFFSET_M
                pts.append(shapely.Point(xy))
                owners.append(str(bid))
    if not pts:
        return empty_sites(crs)
    arr = np.array(pts, dtype=object)
    good = shapely.contains(study, arr)
    btree = shapely.STRtree(buildings.geometry.values)
    inside = np.zeros(len(arr), dtype=bool)
    inside[btree.query(arr, predicate="intersects")[0]] = True
    near_street = np.zeros(len(arr), dtype=bool)
    if len(public):
        stree = shapely.STRtree(public.geometry.values)
        near_street[stree.query(arr, predicate="dwithin", distance=FACADE_STREET_M)[0]] = True
    sel = np.flatnonzero(good & ~inside & near_street)
    keep = sel[thin(arr[sel], spacing / 2, taken)]
    ids = [f"facade-{i:04d}" for i in range(1, len(keep) + 1)]
    notes = [f"generated: façade corner of {owners[i]}" for i in keep]
    return site_rows(arr[keep], "facade", ids, notes, crs, building_id=[owners[i] for i in keep])


def privacy_zones(buildings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A :data:`PRIVACY_BAND_M` band outside each residential building (``zone_id``, ``kind``)."""
    homes = buildings[buildings["kind"] == "residential"]
    band = shapely.difference(shapely.buffer(homes.geometry.values, PRIVACY_BAND_M),
                              homes.geometry.values)
    band = polygonal(band)
    ok = np.array([g is not None for g in band], dtype=bool)
    return gpd.GeoDataFrame(
        {"zone_id": [f"privacy-{b}" for b in homes["building_id"][ok]],
         "kind": ["home"] * int(ok.sum())},
        geometry=list(band[ok]),
        crs=buildings.crs,
    )
