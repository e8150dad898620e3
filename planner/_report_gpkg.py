"""``plan.gpkg``: a plan's layers in one GeoPackage, in the plan's metric CRS, for GIS.

The GeoJSON files are in WGS 84, as RFC 7946 asks, and ``cameras.geojson`` lacks the camera
register's columns (privacy-zone m² and façades in view, ``view_m2``, ``mount_height_m``, ...):
an analyst working in SWEREF 99 TM had reprojected the files and joined ``register.csv`` on the
camera's label. ``plan.gpkg`` holds the same layers in the scenario's ``crs``, with the
geometries in metres as the plan computed them, and its ``cameras`` layer has the register's
columns too; its ``privacy_zones`` layer gives each zone the cameras that see it, which the
register gives per camera as m² only. :func:`planner._io_output.write_gpkg` writes it, byte for
byte the same each time.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from planner._plan_mounts import COLUMNS as ADD_COLUMNS
from planner._plan_types import Plan
from planner._report_register import _tenths_up, _view_of, views_at

#: The layers of ``plan.gpkg``, in their order (``places`` with ``data.places`` only,
#: ``privacy_zones`` with a privacy-zone layer of any zone), and the geometry type each declares
#: when it has no features (a plan without cameras).
LAYERS = {"cameras": "Point", "views": "Polygon", "areas": "Polygon", "places": "Polygon",
          "privacy_zones": "Polygon", "mounts": "Point"}
#: The ``mounts`` layer's columns besides the sites layer's own (:func:`mount_layer`).
MOUNT_COLUMNS = ("chosen", "rule", "cameras", *ADD_COLUMNS)
#: The register's columns of yes or no (blank where not settled, or on an existing camera):
#: booleans in every plan (a column blank on every camera had been text).
BOOLEAN_COLUMNS = ("required_by_scenario", "position_approximate", "live_viewing", "sound",
                   "privacy_masking")


def plan_layers(
    cameras: gpd.GeoDataFrame,
    register: pd.DataFrame,
    views: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None,
    *,
    zones: gpd.GeoDataFrame | None = None,
    mounts: gpd.GeoDataFrame | None = None,
) -> list[tuple[str, gpd.GeoDataFrame]]:
    """The layers of ``plan.gpkg``: (name, frame) in the order of :data:`LAYERS`.

    Parameters
    ----------
    cameras
        The frame ``cameras.geojson`` is written from (with its ``camera`` labels), in the
        plan's CRS.
    register
        The plan's camera register (``register.csv``), one row per camera by the same labels.
    views, areas, places
        The frames of ``views.geojson``, ``areas.geojson`` and ``places.geojson`` (``None``:
        the plan has no places).
    zones
        :func:`zone_layer` of the plan (``None``: no privacy zones).
    mounts
        :func:`mount_layer` of the plan (``None``: left out).

    Returns
    -------
    list
        ``cameras``: every column of ``cameras.geojson``, then the register's columns it lacks
        (joined on the label, in the register's order); ``views``: ``views.geojson``'s with the
        label of the view's camera first (``camera``, beside ``option_id``); ``areas`` and
        ``places`` as their GeoJSON files; ``privacy_zones``, ``zones``, where given.

    Raises
    ------
    ValueError
        The register's labels are not the cameras' (a bug: both are of one plan).
    """
    labels = cameras["camera"].tolist()
    if sorted(register["camera"]) != sorted(labels) or len(set(labels)) != len(labels):
        raise ValueError("plan.gpkg: the register's cameras are not the plan's")
    geometry = cameras.geometry.name
    extra = [c for c in register.columns if c not in cameras.columns]
    # (joined on the label; a plan without cameras has an empty register, whose labels are
    # no text column to merge on)
    joined = register.set_index("camera")[extra].reindex(labels)
    table = pd.concat([pd.DataFrame(cameras.drop(columns=geometry)).reset_index(drop=True),
                       joined.reset_index(drop=True)], axis=1)
    table[geometry] = cameras.geometry.to_numpy()
    cams = gpd.GeoDataFrame(table, geometry=geometry, crs=cameras.crs)
    for column in BOOLEAN_COLUMNS:
        if column in extra:
            cams[column] = cams[column].astype("boolean")
    label = dict(zip(cameras["option_id"], cameras["camera"], strict=True))
    seen = views.copy()
    seen.insert(0, "camera", [label.get(o) for o in seen["option_id"]])
    return [("cameras", cams), ("views", seen), ("areas", areas),
            *([("places", places)] if places is not None else []),
            *([("privacy_zones", zones)] if zones is not None else []),
            *([("mounts", mounts)] if mounts is not None else [])]


def mount_layer(plan: Plan) -> gpd.GeoDataFrame:
    """The plan's candidate mounts: why each has a camera or not (:mod:`planner._plan_mounts`).

    ``site_id`` and ``mount_type`` (the rest of the mount's columns are the sites layer's own,
    to join on the id: a layer that gives the existing cameras' bearings from true north gives
    the same plan and the same file), then ``chosen`` (a camera of the plan stands there, new or
    existing), ``rule`` (the scenario's decision on the mount), ``cameras`` (the labels of the
    plan's cameras on it, joined by ``", "``) and, on a mount without a new camera, the best
    camera it may take and what it would add (``add_*``; ``add_blocked``: why none). The model by
    its catalogue id, as every data file names it, in every language.
    """
    sites = plan.sites.reset_index(drop=True)
    labels = plan.camera_labels().to_dict()
    on: dict[str, list[str]] = {}
    for option_id, site in zip(plan.cameras["option_id"], plan.cameras["site_id"].astype(str),
                               strict=True):
        on.setdefault(site, []).append(str(labels[option_id]))
    geometry = sites.geometry.name
    out = sites[[c for c in ("site_id", "mount_type", geometry) if c in sites.columns]].copy()
    for column in MOUNT_COLUMNS:
        if column == "cameras":
            values = [", ".join(on.get(s, [])) for s in sites["site_id"].astype(str)]
        elif column in sites.columns:
            values = sites[column].tolist()
        else:
            continue
        out.insert(len(out.columns) - (1 if out.columns[-1] == geometry else 0), column, values)
    if "chosen" in out.columns:  # (a plan made by hand may lack it)
        out["chosen"] = out["chosen"].astype(bool)
    return out


def zone_layer(plan: Plan) -> gpd.GeoDataFrame | None:
    """The plan's privacy zones, each with the cameras that see part of it; ``None`` without.

    The zones as the plan read them (every column of the layer), then ``cameras_in_view``:
    the labels of the cameras, new and existing, whose whole view by day (from detect level,
    line of sight applied, as the register's ``privacy_zone_m2_in_view`` measures it) covers
    some of the zone (its m² there, rounded up to 0.1 m² as the register rounds, above 0), in
    the plan's order and joined by ``", "`` as ``places.geojson``'s ``cameras`` (``""``: none);
    ``cameras_at_privacy_level``: those whose view at ``privacy_min_level`` or better does (the
    register's ``..._at_privacy_level``, what the privacy rule counts).
    """
    from planner.scenario import LEVELS

    if not len(plan.privacy_zones):
        return None
    zones = plan.privacy_zones.reset_index(drop=True)
    shapes = zones.geometry.to_numpy()
    tree = shapely.STRtree(shapes)
    level = LEVELS.index(plan.summary.get("privacy_min_level", "observe")) + 1
    labels = plan.camera_labels().to_dict()
    out = zones.copy()
    for column, at in (("cameras_in_view", 1), ("cameras_at_privacy_level", level)):
        views = views_at(plan, at, daylight=True)
        seen: list[list[str]] = [[] for _ in range(len(zones))]
        for option_id in plan.cameras["option_id"]:
            view = _view_of(views, option_id)
            if view is None:
                continue
            hit = tree.query(view, predicate="intersects")
            m2 = shapely.area(shapely.intersection(shapes[hit], view))
            for k, area in zip(hit, m2, strict=True):
                if _tenths_up(float(area)) > 0:
                    seen[k].append(str(labels[option_id]))
        out.insert(int(out.columns.get_loc(zones.geometry.name)), column,
                   [", ".join(s) for s in seen])
    return out
