"""Public places to cover besides the residential grid (``data.places``): a square, a station.

A place is a polygon (a square, a station forecourt) or a point with a radius (``radius_m``,
:data:`DEFAULT_RADIUS_M` when empty: a circle of 32 sides). It has a ``place_id``, a ``name``
and a ``weight``.

Weight
------
A place's ``weight`` is in the unit of the demand's weight: an area's demand weight is
``population × (1 + demand.priority_gain × priority)``, so a place of weight 500 counts as much
as the whole public space near homes of an area of 500 residents at priority 0 (or of 250 at
priority 1 with the default gain 1), wherever it lies. The number is used as given: neither the
priority of the area it lies in nor ``demand.priority_gain`` scales it (as the weights of
``data.demand_points``). It is spread evenly over the place's demand points
(:func:`planner.demand.exact_split`: they sum to it exactly), so covering a share of the place
earns that share of its weight.

Demand points
-------------
The nodes of the demand grid (``demand.grid_spacing_m``, the same nodes as the residential grid)
on the place, boundary included, outside every building and inside an area; a place with no
such node gets one point at a representative point of its public space, as a small area does.
Each point belongs to the first area (in id order) that contains it, so a place may count in
two areas; the part of a place outside every area gets no point. A place that lies outside
every area of ``data.areas`` is refused (a wrong CRS, a place of another town). Points in an
area the scenario does not plan (``demand.areas``, ``demand.min_priority``) are left out with
their share of the weight, as that area's grid is: a place wholly in unplanned areas is left out
with a warning. The points count in the objective, in their area's weight, covered share and
covered population (population × covered share) and in the equity rule, as the area's grid
points do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from planner._geom import EPS_M
from planner._plan_notes import Note
from planner.demand import _grid_nodes, _public_point, exact_split
from planner.errors import InputError, counted, plural

log = logging.getLogger("planner.plan")

#: The radius of a place given as a point with ``radius_m`` empty or missing (metres).
DEFAULT_RADIUS_M = 25.0
#: Segments per quarter circle of a point place's circle (32 sides in all).
_QUAD_SEGS = 8


def place_shapes(places: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, *,
                 where: str) -> gpd.GeoDataFrame:
    """The places layer (checked by :func:`planner.io.check_layer`) as polygons.

    Points become circles of their ``radius_m`` (:data:`DEFAULT_RADIUS_M` where empty);
    polygons stay as drawn (``radius_m`` is not used for them). ``name`` falls back to the
    ``place_id``. Refused, in one line naming ``where`` and the places: a radius that is not
    positive, and places that lie outside every area of ``areas``.

    Returns ``place_id``, ``name``, ``weight``, ``radius_m`` (NaN for a polygon) and the
    polygon, in the layer's order.
    """
    ids = places["place_id"].astype(str)
    geoms = places.geometry.to_numpy()
    is_point = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
    given = (places["radius_m"].to_numpy(dtype=float) if "radius_m" in places.columns
             else np.full(len(places), np.nan))
    radius = np.where(is_point & np.isnan(given), DEFAULT_RADIUS_M, given)
    bad = is_point & ~(radius > 0)
    if bad.any():
        raise InputError(
            f"{where}: places layer: column 'radius_m' must be a number of metres > 0 for a "
            f"point ({plural(int(bad.sum()), 'place')} {', '.join(ids[bad].head(5))}); give "
            f"the place's radius, or leave it empty for {DEFAULT_RADIUS_M:g} m")
    shapes = np.array([shapely.buffer(g, float(r), quad_segs=_QUAD_SEGS) if p else g
                       for g, r, p in zip(geoms, radius, is_point, strict=True)], dtype=object)
    tree = shapely.STRtree(areas.geometry.to_numpy())
    hit = np.zeros(len(places), dtype=bool)
    hit[np.unique(tree.query(shapes, predicate="intersects")[0])] = True
    if not hit.all():
        n = int((~hit).sum())
        raise InputError(
            f"{where}: places layer: {counted(n, len(places), 'place', ('lies', 'lie'))} "
            f"outside every area of data.areas ({', '.join(ids[~hit].head(5))}); a place "
            f"counts in the area it lies in: move {'it' if n == 1 else 'them'} into the areas "
            "(check the layer's CRS), or delete " + ("it" if n == 1 else "them"))
    names = (places["name"] if "name" in places.columns
             else pd.Series([None] * len(places), index=places.index, dtype=object))
    names = [str(n) if isinstance(n, str) and n.strip() else i
             for n, i in zip(names, ids, strict=True)]
    return gpd.GeoDataFrame(
        {"place_id": ids.to_numpy(dtype=object), "name": names,
         "weight": places["weight"].to_numpy(dtype=float),
         "radius_m": np.where(is_point, radius, np.nan)},
        geometry=shapes, crs=places.crs)


def place_demand(
    places: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    planned: Iterable[str],
    spacing_m: float,
    max_points: int,
    where: str = "places",
) -> gpd.GeoDataFrame:
    """The demand points of the places (see the module notes), those of planned areas only.

    Parameters
    ----------
    places
        :func:`place_shapes` of the layer.
    areas
        Every area of the areas layer (``area_id``, polygons), in id order.
    buildings
        Footprints; no point lies on one.
    planned
        The ids of the planned areas: points in other areas are left out.
    spacing_m, max_points
        ``demand.grid_spacing_m`` and what is left of ``demand.max_points``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``area_id``, ``weight``, ``place_id``, point geometry: by place (layer order), then
        grid row (south to north) and column.
    """
    geoms_a = areas.geometry.to_numpy()
    inside = shapely.union_all(geoms_a)
    tree = shapely.STRtree(shapely.buffer(geoms_a, EPS_M, quad_segs=2))
    btree = shapely.STRtree(buildings.geometry.to_numpy()) if len(buildings) else None
    planned = set(map(str, planned))
    area_ids = areas["area_id"].astype(str).to_numpy()
    rows: list[gpd.GeoDataFrame] = []
    left_out: list[str] = []
    n_total = 0
    for place_id, weight, geom in zip(places["place_id"], places["weight"],
                                      places.geometry.to_numpy(), strict=True):
        part = shapely.intersection(geom, inside)
        nodes = (_grid_nodes(part, spacing_m, btree, max_points - n_total)
                 if not part.is_empty else None)
        if nodes is None and not part.is_empty:
            raise InputError(
                f"{where}: place {place_id!r}: more than demand.max_points = {max_points:,} "
                f"demand points at a spacing of {spacing_m:g} m; raise demand.grid_spacing_m "
                "or demand.max_points")
        if part.is_empty:  # (place_shapes refuses these; a hand-made frame may hold one)
            raise InputError(f"{where}: place {place_id!r} lies outside every area of "
                             "data.areas; move it into the areas or delete it")
        assert nodes is not None
        ix, iy, pts = nodes
        order = np.lexsort((ix, iy))
        pts = pts[order]
        if not len(pts):
            pts = np.array([_public_point(part, btree, buildings)], dtype=object)
        p_idx, a_idx = tree.query(pts, predicate="intersects")
        first = np.full(len(pts), -1, dtype=np.int64)
        for p, a in sorted(zip(p_idx.tolist(), a_idx.tolist(), strict=True), reverse=True):
            first[p] = a  # (the smallest area index wins: the first area in id order)
        lost = first < 0
        if lost.any():  # (a point on a sliver between areas: the nearest area)
            first[lost] = tree.query_nearest(pts[lost], return_distance=False)[1]
        n_total += len(pts)
        owner = area_ids[first]
        w = exact_split(float(weight), len(pts))
        keep = np.isin(owner, list(planned))
        if not keep.any():
            left_out.append(f"{place_id} ({', '.join(dict.fromkeys(owner))})")
            continue
        if not keep.all():
            log.info("%s: place %s: %s in unplanned areas and left out, with their weight",
                     where, place_id, counted(int((~keep).sum()), len(pts), "demand point",
                                              ("lies", "lie")))
        rows.append(gpd.GeoDataFrame(
            {"area_id": owner[keep], "weight": w[keep],
             "place_id": np.full(int(keep.sum()), str(place_id), dtype=object)},
            geometry=list(pts[keep]), crs=places.crs))
    if left_out:
        log.warning(
            "%s: %s in no planned area and %s left out (the areas of demand.areas and "
            "demand.min_priority count): %s; plan %s area%s too, or drop %s from the layer",
            where, plural(len(left_out), "place") + (" lies" if len(left_out) == 1 else " lie"),
            "is" if len(left_out) == 1 else "are", ", ".join(left_out),
            "its" if len(left_out) == 1 else "their", "" if len(left_out) == 1 else "s",
            "it" if len(left_out) == 1 else "them")
    if not rows:
        return gpd.GeoDataFrame({"area_id": pd.Series(dtype=object),
                                 "weight": pd.Series(dtype=float),
                                 "place_id": pd.Series(dtype=object)},
                                geometry=[], crs=places.crs)
    return gpd.GeoDataFrame(pd.concat(rows, ignore_index=True), crs=places.crs)


def with_places(demand: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``demand`` (the grid's or ``data.demand_points``) and then the places' points.

    ``place_id`` is empty on the rows of ``demand``.
    """
    base = pd.DataFrame(demand)
    base["place_id"] = pd.Series([None] * len(base), index=base.index, dtype=object)
    geometry = demand.geometry.name
    extra = pd.DataFrame({"area_id": points["area_id"].to_numpy(dtype=object),
                          "weight": points["weight"].to_numpy(dtype=float),
                          "place_id": points["place_id"].to_numpy(dtype=object),
                          geometry: points.geometry.to_numpy()})
    out = pd.concat([base, extra], ignore_index=True) if len(extra) else base
    return gpd.GeoDataFrame(out, geometry=geometry, crs=demand.crs)


def place_table(
    places: gpd.GeoDataFrame,
    demand: gpd.GeoDataFrame,
    levels_csc: sp.csc_matrix,
    chosen: np.ndarray,
    option_ids: np.ndarray,
    *,
    earned_before: np.ndarray,
    earned_after: np.ndarray,
    seen_after: np.ndarray,
) -> gpd.GeoDataFrame:
    """Each place's covered share and the cameras that see it (a plan's ``places``).

    Columns: ``place_id``, ``name``, ``weight`` (as given), ``area_id`` (the areas its points
    count in, comma-separated; empty for a place left out), ``n_points``, ``planned_weight``
    (the weight of its points in planned areas), ``covered_share_before``,
    ``covered_share_after`` (graded by DORI value, as the areas'), ``seen_share_after`` (at any
    level), ``camera_options`` (the ``option_id`` of each camera of the plan that sees one of its
    points at ``coverage.min_level`` or better, in plan order); geometry = the place's polygon.

    ``earned_before``, ``earned_after``, ``seen_after``: per demand point, its weight × the
    value of the best level the existing cameras and the plan see it at, and its weight where
    the plan sees it at all: the plan's own arrays (:func:`planner._plan_assemble._assemble`
    sums them per area too; they had been computed again here).
    """
    pid = demand["place_id"].to_numpy(dtype=object)
    w = demand["weight"].to_numpy(dtype=float)
    sub = levels_csc[:, chosen].tocsc() if len(chosen) else None
    out = places[["place_id", "name", "weight"]].copy()
    areas_of: list[str] = []
    n_points: list[int] = []
    planned_w: list[float] = []
    before: list[float] = []
    after: list[float] = []
    seen: list[float] = []
    cams: list[list[int]] = []
    for place in places["place_id"]:
        rows = np.flatnonzero(pid == place)
        total = float(w[rows].sum())
        safe = total if total > 0 else 1.0
        areas_of.append(", ".join(dict.fromkeys(demand["area_id"].to_numpy()[rows].astype(str))))
        n_points.append(len(rows))
        planned_w.append(total)
        before.append(float(earned_before[rows].sum()) / safe)
        after.append(float(earned_after[rows].sum()) / safe)
        seen.append(float(seen_after[rows].sum()) / safe)
        if sub is None or not len(rows):
            cams.append([])
            continue
        mask = np.zeros(sub.shape[0], dtype=bool)
        mask[rows] = True
        hits = [int(option_ids[k]) for k in range(sub.shape[1])
                if mask[sub.indices[sub.indptr[k]:sub.indptr[k + 1]]].any()]
        cams.append(hits)
    out["area_id"] = areas_of
    out["n_points"] = n_points
    out["planned_weight"] = planned_w
    out["covered_share_before"] = before
    out["covered_share_after"] = after
    out["seen_share_after"] = seen
    out["camera_options"] = cams
    return gpd.GeoDataFrame(out, geometry=places.geometry.to_numpy(), crs=places.crs)


def camera_names(places: pd.DataFrame, labels: Mapping[Any, str]) -> list[str]:
    """Each place's cameras by their labels (``C012, C015``), ``""`` for none."""
    return [", ".join(str(labels[o]) for o in opts if o in labels)
            for opts in places["camera_options"]]


def blind_required(cameras: pd.DataFrame, require_sites: Iterable[str],
                   language: str | None = None) -> list[str]:
    """One line per required mount whose new cameras see no demand of the planned areas.

    In ``language`` (English for ``None``: the console's warning; the plan's notes in the
    plan's).

    ``constraints.require_sites`` makes the plan buy a camera there whatever it covers: with no
    demand near the mount (a station, a square outside the residential grid) the cheapest camera
    facing anywhere fills the rule, and the plan had said only that it covers nothing.
    """
    required = [str(s) for s in require_sites]
    if not required or not len(cameras) or "covered_weight" not in cameras.columns:
        return []
    new = cameras.loc[~cameras["existing"].to_numpy(dtype=bool)]
    lines = []
    for site in required:
        mine = new.loc[new["site_id"].astype(str).eq(site), "covered_weight"]
        if len(mine) and not (mine.to_numpy(dtype=float) > 0).any():
            lines.append(Note("blind required", {"site": site}).text(language))
    return lines
