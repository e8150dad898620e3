"""Which buildings and privacy zones a map draws: those near what the plan is about.

A municipality's layers often cover the whole town while a plan is for a few areas; a map that
embedded every footprint and zone had carried them all (at 360,000 people 80 % of a 50 MB page).
Reviewers look at the planned areas and at what the cameras see, so the map draws the buildings
and privacy zones within :data:`CONTEXT_M` of a planned area or of a camera view, and leaves out
the rest. The plan's files (``views.geojson``, the register, the drawings) are not affected.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

#: How far (metres) from a planned area or a camera view the map still draws buildings and
#: privacy zones. A candidate mount may lie up to 50 m outside an area (``io`` checks it), so
#: every mount is within this distance of what is drawn; buildings beyond such a mount, farther
#: from the areas, may not be.
CONTEXT_M = 50.0


def near(frame: gpd.GeoDataFrame, targets: list[gpd.GeoSeries],
         distance: float | None) -> gpd.GeoDataFrame:
    """The rows of ``frame`` within ``distance`` metres of any geometry of ``targets``.

    Parameters
    ----------
    frame
        Buildings or privacy zones, in the plan's metric CRS.
    targets
        Geometries to keep what is near: the plan's areas and views, in the same CRS (a series
        in another declared CRS is reprojected).
    distance
        Metres (a row exactly at that distance is kept); ``None`` keeps every row, and so does
        a plan with nothing to be near.

    Returns
    -------
    geopandas.GeoDataFrame
        The kept rows, in their original order.
    """
    if distance is None or not len(frame):
        return frame
    parts = []
    for series in targets:
        if len(series):
            same = (series if series.crs is None or frame.crs is None or series.crs == frame.crs
                    else series.to_crs(frame.crs))
            parts.append(np.asarray(same.values, dtype=object))
    geoms = np.concatenate(parts) if parts else np.empty(0, dtype=object)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))] if len(geoms) else geoms
    if not len(geoms):
        return frame
    tree = shapely.STRtree(geoms)
    own = np.asarray(frame.geometry.values, dtype=object)
    hits = tree.query(own, predicate="dwithin", distance=float(distance))
    keep = np.zeros(len(frame), dtype=bool)
    keep[np.unique(hits[0])] = True
    return frame.iloc[np.flatnonzero(keep)]
