"""``plan.gpkg``: a plan's layers in one GeoPackage, in the plan's metric CRS, for GIS.

The GeoJSON files are in WGS 84, as RFC 7946 asks, and ``cameras.geojson`` lacks the camera
register's columns (privacy-zone m² and façades in view, ``view_m2``, ``mount_height_m``, ...):
an analyst working in SWEREF 99 TM had reprojected the files and joined ``register.csv`` on the
camera's label. ``plan.gpkg`` holds the same layers in the scenario's ``crs``, with the
geometries in metres as the plan computed them, and its ``cameras`` layer has the register's
columns too. :func:`planner._io_output.write_gpkg` writes it, byte for byte the same each time.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

#: The layers of ``plan.gpkg``, in their order (``places`` with ``data.places`` only), and the
#: geometry type each declares when it has no features (a plan without cameras).
LAYERS = {"cameras": "Point", "views": "Polygon", "areas": "Polygon", "places": "Polygon"}
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

    Returns
    -------
    list
        ``cameras``: every column of ``cameras.geojson``, then the register's columns it lacks
        (joined on the label, in the register's order); ``views``: ``views.geojson``'s with the
        label of the view's camera first (``camera``, beside ``option_id``); ``areas`` and
        ``places`` as their GeoJSON files.

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
            *([("places", places)] if places is not None else [])]
