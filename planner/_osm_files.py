"""Existing cameras, the starter camera catalogue and the starter scenario of the OSM importer."""

from __future__ import annotations

import logging
import math
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _osm_build as ob
from planner._bearing import grid_bearing
from planner._existing_owner import owner_text
from planner.errors import InputError, plural

log = logging.getLogger(__name__)

_TYPE_KEYWORDS = {
    "dome": ("dome",),
    "fixed": ("bullet", "box", "fixed"),
    "panning": ("ptz", "varifocal", "zoom"),
}


def camera_sites(
    cams: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, crs: str,
    catalogue: str, where: str,
) -> gpd.GeoDataFrame:
    """Existing cameras (``man_made=surveillance`` nodes) as sites with ``existing_model``.

    Indoor cameras (``surveillance=indoor``) and other surveillance (``surveillance:type`` not
    ``camera``) are skipped. A camera within :data:`~planner._osm_build.CAMERA_ON_BUILDING_M` of a
    building (unless ``camera:mount`` is a pole) is a façade mount of it, moved
    :data:`~planner._osm_build.FACADE_OFFSET_M` outside it when drawn on or inside its outline
    (:func:`~planner._osm_build.off_wall`). The model follows
    ``camera:type`` (:func:`models_by_type`; untyped = dome). The orientation is
    ``camera:direction`` (or ``direction``), OSM's bearing from true north, as a grid bearing of
    ``crs`` (:func:`planner._bearing.convergence`, to 0.1°); without one it is estimated (see
    :func:`planner._osm_build.guess_bearing`) and the note says so. ``operator`` is its
    ``existing_owner`` (blank: none). Like the default data's
    existing cameras, each site has ``install_cost_sek`` 0 and ``max_cameras`` 1.
    """
    btree = shapely.STRtree(buildings.geometry.values)
    indoor = cams["surveillance"].eq("indoor")
    other = ~cams["surveillance:type"].isin(("", "camera"))
    if indoor.any() or other.any():
        log.info("%s: skipped %s and %s", where, plural(int(indoor.sum()), "indoor camera"),
                 plural(int((other & ~indoor).sum()), "non-camera surveillance node"))
    cams = cams[~indoor & ~other]
    models = models_by_type(catalogue)
    rows = []
    for rec, geom in zip(cams.itertuples(index=False), cams.geometry.values, strict=True):
        tags = dict(zip(cams.columns, rec, strict=True))
        near = btree.query_nearest(geom, max_distance=ob.CAMERA_ON_BUILDING_M)
        mount = tags["camera:mount"]
        if len(near) and mount not in ("pole", "street_lamp"):
            mount_type, building = "facade", str(buildings["building_id"].iloc[int(near[0])])
            wall = buildings.geometry.iloc[int(near[0])]
            moved = ob.off_wall(geom, wall)
            inside = btree.query(moved, predicate="within")
            if len(inside):  # out of its building, into the next one (a shared wall): out of both
                moved = ob.off_wall(geom, shapely.union_all([wall, *buildings.geometry.values[inside]]))
            geom = moved
        else:
            mount_type, building = ("lamp_post" if tags["highway"] == "street_lamp" else "pole"), None
        ctype = tags["camera:type"] if tags["camera:type"] in models else "dome"
        direction = ob.parse_direction(tags["camera:direction"] or tags["direction"])
        guessed = math.isnan(direction)
        if not guessed:
            # OSM's direction is from true north; the planner's a grid bearing of ``crs``
            direction = float(grid_bearing(direction, geom.x, geom.y, crs)[0])
        else:
            wall = None if building is None else buildings.geometry.iloc[int(near[0])]
            direction = ob.guess_bearing(geom, wall, areas)
        height = ob.MOUNTS[mount_type]["height_m"]
        if tags["height"]:
            with np.errstate(invalid="ignore"):
                parsed = pd.to_numeric(tags["height"].split()[0], errors="coerce")
            height = float(parsed) if pd.notna(parsed) and parsed > 0 else height
        rows.append({
            "site_id": f"camera-{tags['osm_id'].split('/')[1]}",
            "mount_type": mount_type,
            # the mount holds its camera already, as the default data's existing cameras do: no
            # new pole or bracket to pay for, and no second camera (a new camera here had been
            # charged a new pole with foundation, 45,000 SEK, with room for four)
            "install_cost_sek": 0.0,
            "max_cameras": 1,
            "height_m": height,
            "building_id": building,
            "existing_model": models[ctype],
            "existing_orientation_deg": direction,
            "approximate": False,
            # who runs it (OSM's operator tag): the municipality's own where it is the
            # scenario's surveillance.operator (planner._existing_owner)
            "existing_owner": owner_text(tags.get("operator")),
            "note": f"existing camera, OSM {tags['osm_id']} (camera:type={tags['camera:type'] or '?'}"
            + ("; no direction tag: orientation estimated" if guessed else "") + ")",
            "geometry": geom,
        })
    if not rows:
        return ob.empty_sites(crs)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)


def catalogue_text() -> str:
    """The planner's default camera catalogue (package data ``planner/assets/cameras.toml``).

    The same file is the Katrineholm default data's ``data/cameras.toml``; edit the copy written
    next to the imported layers to match your procurement.
    """
    return (Path(__file__).resolve().parent / "assets" / "cameras.toml").read_text(encoding="utf-8")


def models_by_type(catalogue: str) -> dict[str, str]:
    """Catalogue model id for each OSM ``camera:type`` (fixed, dome, panning).

    The first model whose id contains a keyword of the type (dome: ``dome``; fixed: ``bullet``,
    ``box``, ``fixed``; panning: ``ptz``, ``varifocal``, ``zoom``), else the cheapest
    non-panoramic model.
    """
    entries = [e for e in tomllib.loads(catalogue).get("camera", []) if isinstance(e, dict)]
    plain = sorted((e for e in entries if not e.get("panoramic", False)),
                   key=lambda e: (float(e.get("price_sek", 0.0)), str(e["id"])))
    if not plain:
        raise InputError("camera catalogue: no non-panoramic model to stand for existing cameras")
    out = {}
    for ctype, words in _TYPE_KEYWORDS.items():
        match = [e for w in words for e in plain if w in str(e["id"]).lower()]
        out[ctype] = str((match or plain)[0]["id"])
    return out


def scenario_text(
    src: Path, crs: str, layers: dict[str, gpd.GeoDataFrame], spacing: float, *,
    areas_file: str | None = None, own_columns: frozenset[str] = frozenset(),
) -> str:
    """The starter scenario; its comment says where population and priority came from."""
    sites = layers["sites"]
    n_existing = int(sites["existing_model"].notna().sum())
    estimate = (
        "estimated as residential floor area (footprint x building:levels, default\n"
        f"# {ob.LEVELS_ELSE:g} storeys, houses 1.5) / {ob.M2_PER_PERSON:g} m2 per person over buildings "
        f"tagged\n# {', '.join(ob.POPULATED_KINDS)} inside the area; "
        f"{ob.FALLBACK_DENSITY_PER_KM2:g}/km2 in an area without them.\n"
    )
    pop_line = (
        f"# Population: from {areas_file}.\n" if "population" in own_columns
        else f"# Population: {areas_file} has none, and OSM has none; " + estimate if areas_file
        else "# Population: OSM has none; " + estimate
    )
    pop_line += (
        f"# Priority: from {areas_file}.\n" if "priority" in own_columns else
        f"# Priority: {ob.DEFAULT_PRIORITY} everywhere (OSM has no socioeconomic statistics; use\n"
        "# `planner import deso` for Swedish DeSO areas with the priority index).\n"
    )
    privacy = "privacy_zones.geojson" if len(layers["privacy_zones"]) else None
    return f"""\
# Starter scenario written by `planner import osm` from {src.name}.
# Layers: areas.geojson ({len(layers['areas'])} areas), buildings.geojson
# ({len(layers['buildings'])} footprints), sites.geojson ({len(sites)} mounts, {n_existing} existing
# cameras), privacy_zones.geojson ({len(layers['privacy_zones'])} bands of {ob.PRIVACY_BAND_M:g} m
# around residential buildings); the same layers in layers.gpkg ({crs}).
{pop_line}# Existing cameras: model by camera:type (untyped = dome), orientation from camera:direction,
# else estimated (away from their wall, or towards the nearest area; the site's note says so).
# Mounts: OSM street lamps and poles; where there are none, new poles every {spacing:g} m along
# public streets and façade mounts at building corners facing a street.
# Budget: a placeholder; set your grant.

name = "{src.name.split('.')[0].lower()}-osm"
title = "{src.name}: safety cameras in residential areas (OpenStreetMap import)"
crs = "{crs}"

[data]
areas = "areas.geojson"
buildings = "buildings.geojson"
sites = "sites.geojson"
cameras = "cameras.toml"
{f'privacy_zones = "{privacy}"' if privacy else '# no residential buildings: no privacy zones'}

[budget]
total_sek = 2_000_000
horizon_years = 5
include_yearly_costs = true

[demand]
grid_spacing_m = 10

[coverage]
orientations = 8

[constraints]
privacy = "exclude"

[solver]
time_limit_s = 60
"""

