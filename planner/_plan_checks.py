"""The checks of a scenario's layers against each other (:func:`planner._plan_inputs.load_inputs`).

Areas that overlap, sites and demand points outside the study area, existing cameras that see
no area, façade mounts off their wall, privacy zones that protect nothing, layers far from
every area, planned areas no mount can reach. Each refuses (:class:`InputError`) or warns.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.cameras import CameraModel
from planner.errors import InputError, closest, counted, plural
from planner.io import MOUNT_TYPES, column_label

# (the pipeline's logger, as before these steps left planner.plan: the CLI prints its name)
log = logging.getLogger("planner.plan")


#: A façade mount (a site with a ``building_id``) farther than this (metres) from its building's
#: outline, inside or outside it, is warned about: a wrong id from a join, or a mount drawn at
#: the building's centroid (from an address register). Digitised on the wall it lies well within
#: it (the default data: 0.21 m at most; ``import osm`` draws them 0.2 m out).
FACADE_NEAR_WALL_M = 2.0


def _warn_facades_off_their_wall(sites: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, *,
                                 where: str) -> list[str]:
    """Warn about façade mounts far from their building's outline; return their ids.

    Far: more than :data:`FACADE_NEAR_WALL_M`, inside or outside the footprint.

    The plan puts the eye of one inside its building on the nearest wall (0.5 m out), and keeps
    one outside it where it stands, facing away from that building's nearest wall
    (``_geom.camera_eyes``): both without a word before (a mount 150 m from the building a wrong
    ``building_id`` named got a camera facing away from it). Ids not in the buildings layer are
    refused before this (:func:`_check_sites`).
    """
    has = sites["building_id"].notna().to_numpy() if "building_id" in sites else np.zeros(0, bool)
    if not has.any() or "building_id" not in buildings.columns:
        return []
    mine = sites.loc[has]
    outline = buildings.set_index(buildings["building_id"].astype(str)).geometry
    own = outline.loc[mine["building_id"].astype(str)].to_numpy()
    points = mine.geometry.to_numpy()
    dist = shapely.distance(shapely.boundary(own), points)
    far = dist > FACADE_NEAR_WALL_M
    if not far.any():
        return []
    k = int(np.argmax(np.where(far, dist, -1.0)))  # (the farthest: a wrong id first)
    site, bid = str(mine["site_id"].iloc[k]), str(mine["building_id"].iloc[k])
    if shapely.intersects(own[k], points[k]):
        example = (f"{dist[k]:.1f} m inside building {bid!r}: its camera eye is put on that "
                   "building's nearest wall")
    else:
        example = (f"{dist[k]:.1f} m outside building {bid!r}: its camera stays there, facing "
                   "away from that building's nearest wall")
    one = int(far.sum()) == 1  # ("1 façade mount(s) lie ... of their building" had stood)
    log.warning("%s: %d façade %s more than %g m from the outline of %s building "
                "(building_id; %ssite %r, %s); draw façade mounts on their wall and check "
                "their building_id", where, int(far.sum()), "mount lies" if one else "mounts lie",
                FACADE_NEAR_WALL_M, "its" if one else "their", "" if one else "e.g. ", site,
                example)
    return list(mine.loc[far, "site_id"].astype(str))


#: Share of a privacy zone inside building footprints above which it is said to protect nothing.
ZONE_INSIDE_SHARE = 0.95


def _warn_zones_inside_buildings(zones: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, *,
                                 where: str) -> list[str]:
    """Warn about privacy zones drawn inside building footprints; return their ids.

    Walls hide the inside of a footprint from every camera (the privacy rule counts the zone
    area a camera sees), so a zone drawn as a home's footprint excludes nothing: such zones had
    protected no home, silently.
    """
    if not len(zones) or not len(buildings):
        return []
    zone_geoms = zones.geometry.values
    pairs = shapely.STRtree(buildings.geometry.values).query(zone_geoms, predicate="intersects")
    # (footprints do not overlap one another: the parts add up to the zone's part inside them)
    parts = shapely.area(shapely.intersection(zone_geoms[pairs[0]],
                                              buildings.geometry.values[pairs[1]]))
    inside = np.bincount(pairs[0], parts, minlength=len(zones)) / np.maximum(
        shapely.area(zone_geoms), 1e-12)
    hidden = list(zones.loc[inside >= ZONE_INSIDE_SHARE, "zone_id"].astype(str))
    if hidden:
        more = f" and {len(hidden) - 5} more" if len(hidden) > 5 else ""
        one = len(hidden) == 1  # ("1 privacy zone(s) lie ..., so they exclude nothing" had stood)
        log.warning("%s: %d privacy %s inside building footprints (%s%s): walls hide a "
                    "footprint's inside from every camera, so %s nothing; draw what a camera "
                    "could see of the home outside its walls (windows, balconies, garden), e.g. "
                    "a strip along the facade", where, len(hidden),
                    "zone lies" if one else "zones lie", ", ".join(hidden[:5]), more,
                    "it excludes" if one else "they exclude")
    return hidden


def warn_unreachable_areas(planned: gpd.GeoDataFrame, sites: gpd.GeoDataFrame,
                      catalogue: dict[str, CameraModel], *, where: str) -> list[str]:
    """Warn about planned areas no mount is within camera range of; return their ids.

    No camera can cover them, whatever the budget: an OSM extract without lamps in one part, or
    areas outside the extract, had planned on silently (``validate`` said "ok").
    """
    reach = _longest_reach(catalogue)
    if not len(sites):
        return list(planned["area_id"])
    pairs = shapely.STRtree(sites.geometry.to_numpy()).query(
        planned.geometry.to_numpy(), predicate="dwithin", distance=reach)
    near = np.zeros(len(planned), dtype=bool)
    near[pairs[0]] = True
    lonely = list(planned.loc[~near, "area_id"])
    if lonely:
        names = planned.set_index("area_id").loc[lonely, "name"]
        shown = ", ".join(f"{a} ({n})" for a, n in list(names.items())[:5])
        more = f" and {len(lonely) - 5} more" if len(lonely) > 5 else ""
        one = len(lonely) == 1  # ("1 planned area(s) have ...; no camera can cover them")
        log.warning("%s: %d planned %s no mount within camera range (%.0f m): %s%s; no camera "
                    "can cover %s: add mounts there or leave %s out of demand.areas", where,
                    len(lonely), "area has" if one else "areas have", reach, shown, more,
                    "it" if one else "them", "it" if one else "them")
    return lonely


#: Overlap of two areas that is refused: more than this share of the smaller one (and more
#: than :data:`OVERLAP_MIN_M2`); slivers from digitising stay below it.
OVERLAP_MAX_SHARE = 0.01
OVERLAP_MIN_M2 = 1.0


def _check_overlaps(areas: gpd.GeoDataFrame, *, where: str) -> None:
    """Refuse areas that overlap: demand in both counts for one only, population twice.

    A copy of an area under another id had doubled its population in the objective (504
    instead of 204); an overlap had left one area 0 % covered where it shared the other's.
    """
    geoms = areas.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    bad = (shared > OVERLAP_MIN_M2) & (shared > OVERLAP_MAX_SHARE * smaller)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        ids = areas["area_id"].to_numpy()
        more = f" (and {plural(int(bad.sum()) - 1, 'more pair')})" if bad.sum() > 1 else ""
        raise InputError(
            f"{where}: areas {ids[left[i]]} and {ids[right[i]]} overlap by {shared[i]:,.0f} m² "
            f"({100 * shared[i] / smaller[i]:.0f} % of the smaller){more}; each place must belong to "
            "one area: cut the overlap or merge them"
        )


def _check_sites(
    sites: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    catalogue: dict[str, CameraModel],
    buildings: gpd.GeoDataFrame,
    *,
    where: str,
    columns: Mapping[str, str] | None = None,
    areas_where: str = "data.areas",
) -> np.ndarray:
    """Refuse a sites layer the planner cannot use; return the mask of sites outside the study area.

    Sites outside it are left out by the caller (warned), unless every site is: then this layer's
    CRS, or the areas', is wrong.
    """
    problems = []

    def col(name: str) -> str:  # (with the layer's own name: data.columns)
        return column_label(name, columns, quote=False)

    bad_type = ~sites["mount_type"].isin(MOUNT_TYPES)
    if bad_type.any():
        first = sites.loc[bad_type].iloc[0]
        problems.append(
            f"site {first['site_id']}: {col('mount_type')} {first['mount_type']!r} is not one of "
            f"{', '.join(MOUNT_TYPES)}"
        )
    cap = sites["max_cameras"].to_numpy(dtype=float)
    bad_cap = (cap < 1) | (cap != np.round(cap)) | (cap > 16)
    if bad_cap.any():
        first = sites.loc[bad_cap].iloc[0]
        problems.append(
            f"site {first['site_id']}: {col('max_cameras')} {float(first['max_cameras']):g} must be a "
            "whole number 1..16"
        )
    orients = pd.to_numeric(sites["existing_orientation_deg"], errors="coerce")
    for site_id, model, orient in zip(sites["site_id"], sites["existing_model"], orients, strict=True):
        if pd.notna(model) and model != "" and model not in catalogue:
            problems.append(
                f"site {site_id}: {col('existing_model')} {model!r} is not in the camera catalogue "
                f"(known: {', '.join(sorted(catalogue))}); "
                + (f"did you mean {near!r}? (or add the model)"
                   if (near := closest(str(model), sorted(catalogue))) is not None else
                   "add the model or fix the id")
            )
            break
        if (
            pd.notna(model)
            and model != ""
            and not catalogue[model].panoramic
            and not (np.isfinite(orient) and -360.0 <= orient <= 360.0)
        ):
            given = "neither" if not np.isfinite(orient) else f"{orient:g}"
            problems.append(
                f"site {site_id}: existing {model!r} camera needs {col('existing_orientation_deg')}, a "
                f"grid bearing in 0..360 in the scenario's CRS (0 = grid north, clockwise), or "
                f"{col('existing_orientation_true_deg')}, its bearing from true north (got {given})"
            )
            break
    # (any site with a building_id is planned as a façade mount on it, whatever its mount_type:
    # a lamp post's unknown id had failed later, in the coverage, without the file's name)
    facade = sites["building_id"].notna()
    known = set(buildings["building_id"].astype(str)) if "building_id" in buildings else set()
    unknown = sorted(set(sites.loc[facade, "building_id"].astype(str)) - known)
    if unknown:
        made_up = len(buildings) and buildings["building_id"].astype(str).str.fullmatch(
            r"buildings-\d+").all()
        n = int(sites.loc[facade, "building_id"].astype(str).isin(unknown).sum())
        hint = ("the buildings layer has no building_id column (its ids were made up): add it "
                "or rename its id column" if made_up else
                "fix the id or clear it" if len(unknown) == 1 else "fix the ids or clear them")
        problems.append(
            f"{plural(n, 'façade mount')} {'refers' if n == 1 else 'refer'} to "
            f"{col('building_id')} {', '.join(unknown[:5])}, not in the buildings layer; {hint}"
        )
    xy = np.round(shapely.get_coordinates(sites.geometry.to_numpy()), 2)
    same = pd.DataFrame(xy).duplicated(keep=False).to_numpy()
    if same.any():  # (a mount entered twice doubles its capacity; not an error: warned)
        log.warning("%s: %s a position with another (e.g. %s); if one mount was entered twice, "
                    "delete the copy", where,
                    counted(int(same.sum()), len(sites), "site", ("shares", "share")),
                    ", ".join(sites.loc[same, "site_id"].head(4)))
    # an existing camera beyond the margin stays when it may look into an area (it is there:
    # left out, it had vanished from the register and the coverage before the plan, and new
    # cameras had been bought to see what it sees)
    outside = ~_near(sites, areas) & ~_existing_in_range(sites, areas, catalogue)
    if outside.all():  # (some outside are left out, warned: a whole municipality's lamps)
        shown = ", ".join(sites.loc[outside, "site_id"].head(5))
        # (when none is near an area, the areas' CRS may as well be the wrong one)
        problems.append(  # ("all 1 site(s) lie" had stood for a layer of one)
            f"{counted(len(sites), len(sites), 'site')} outside the study area (more than "
            f"{STUDY_MARGIN_M:g} m from every area: {shown}); check the CRS of this layer and "
            f"of the areas layer ({areas_where})"
        )
    if problems:
        raise InputError(f"{where}: sites layer: " + "; ".join(problems))
    return np.asarray(outside, dtype=bool)


#: The study area: the areas grown by this many metres (sites and demand points must lie in it;
#: an existing camera within its model's detect range of an area stays too).
STUDY_MARGIN_M = 50.0


def _has_existing(sites: gpd.GeoDataFrame) -> np.ndarray:
    """Per site whether it holds an existing camera (``existing_model`` given)."""
    model = sites["existing_model"]
    return (model.notna() & model.astype(str).ne("")).to_numpy(dtype=bool)


def _model_reach(model: CameraModel) -> float:
    """A model's longest detect range, at any of its zoom settings (metres, by day)."""
    return max(float(model.ranges(fov)[0]) for fov in model.hfov_deg)


def _existing_reach(sites: gpd.GeoDataFrame, catalogue: dict[str, CameraModel]) -> np.ndarray:
    """Per site the longest detect range of its existing camera's model (0 where none)."""
    return np.array([_model_reach(catalogue[m]) if has and m in catalogue else 0.0
                     for has, m in zip(_has_existing(sites), sites["existing_model"],
                                       strict=True)], dtype=float)


def _existing_in_range(sites: gpd.GeoDataFrame, areas: gpd.GeoDataFrame,
                       catalogue: dict[str, CameraModel]) -> np.ndarray:
    """Per site whether it holds an existing camera within its model's detect range of an area.

    Such a camera may see into the area wherever it stands (``_model_reach``: its model's
    longest range, at the catalogue's zoom settings), so it is kept with the areas' mounts.
    """
    reach = _existing_reach(sites, catalogue)
    near = np.zeros(len(sites), dtype=bool)
    if (reach > 0).any():
        union = shapely.union_all(areas.geometry.values)
        near[reach > 0] = (shapely.distance(union, sites.geometry.values[reach > 0])
                           <= reach[reach > 0])
    return near


def _warn_blind_existing(gone: gpd.GeoDataFrame, areas: gpd.GeoDataFrame,
                         catalogue: dict[str, CameraModel], *, where: str) -> None:
    """Warn about each existing camera left out: beyond its model's detect range of every area.

    (Up to five named, one line each; then one line for the rest.) Without it such a camera
    had vanished from the register and the coverage before the plan with the mounts' generic
    line only.
    """
    if not len(gone):
        return
    union = shapely.union_all(areas.geometry.values)
    far = shapely.distance(union, gone.geometry.values)
    reach = _existing_reach(gone, catalogue)
    for site, model, d, r in list(zip(gone["site_id"], gone["existing_model"], far, reach,
                                      strict=True))[:5]:
        log.warning("%s: existing camera %r (%s) lies %.0f m from every area, beyond its detect "
                    "range (%.0f m), and sees no area; it is not in the register or the "
                    "coverage before the plan", where, str(site), model, d, r)
    if len(gone) > 5:
        log.warning("%s: %d more existing cameras lie beyond their detect range of every area "
                    "(%s): they see no area and are not in the register or the coverage "
                    "before the plan", where, len(gone) - 5,
                    ", ".join(map(str, gone["site_id"].iloc[5:10]))
                    + (", ..." if len(gone) > 10 else ""))


def _near(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> np.ndarray:
    """Which points lie within :data:`STUDY_MARGIN_M` of an area (boundary included)."""
    study = shapely.buffer(shapely.union_all(areas.geometry.values), STUDY_MARGIN_M)
    return shapely.contains_xy(study, points.geometry.x.to_numpy(), points.geometry.y.to_numpy())


#: Distance from every area beyond which an incident cannot be in any camera's view here.
INCIDENT_REACH_M = 1_000.0


def _warn_far_incidents(incidents: gpd.GeoDataFrame, study: shapely.Geometry, *,
                        where: str) -> int:
    """Warn when incidents lie far from every area (a wrong CRS, another town); return how many.

    They count in no camera's view, so a layer in the wrong CRS had made every view empty
    without a word (and ``min_incidents_in_view`` excluded every camera). ``study``: the areas
    grown by :data:`INCIDENT_REACH_M`.
    """
    if not len(incidents):
        return 0
    far = ~shapely.contains_xy(study, incidents.geometry.x.to_numpy(),
                               incidents.geometry.y.to_numpy())
    if far.any():
        n = int(far.sum())  # ("1 of 1 incident(s) lie" had stood for a layer of one)
        which = counted(n, len(incidents), "incident")
        log.warning("%s: %s more than %.0f m from every area (e.g. %s): "
                    "no camera can see %s; check the layer's CRS, or leave out incidents of "
                    "other places", where, which, INCIDENT_REACH_M,
                    ", ".join(map(str, incidents.loc[far, "incident_id"].head(3))),
                    "it" if n == 1 else "them")
    return int(far.sum())


def _warn_layer_far(layer: gpd.GeoDataFrame, study: shapely.Geometry, what: str,
                    effect: tuple[str, str], *, where: str) -> bool:
    """Warn when no feature of ``layer`` lies within :data:`INCIDENT_REACH_M` of an area.

    Buildings and privacy zones may reach beyond the areas (a town's whole layer), but when none
    comes near one the layer is in the wrong CRS or of another place: privacy zones in a wrong
    CRS had excluded nothing, and buildings had blocked nothing, while ``validate`` said "ok".
    ``study``: the areas grown by :data:`INCIDENT_REACH_M`; ``effect``: what that means, said
    of one feature and of several.
    """
    if not len(layer):
        return False
    if shapely.intersects(study, layer.geometry.values).any():
        return False
    # ("none of the 1 building(s) lies within" had stood for a layer of one)
    none = (f"its one {what} lies more than {INCIDENT_REACH_M:.0f} m from every area"
            if len(layer) == 1 else
            f"none of the {len(layer)} {what}s lies within {INCIDENT_REACH_M:.0f} m of an area")
    log.warning("%s: %s: %s; check the layer's CRS", where, none, effect[len(layer) > 1])
    return True


def _longest_reach(catalogue: dict[str, CameraModel]) -> float:
    """The longest detect range of any model at any of its fields of view (metres)."""
    return max(_model_reach(m) for m in catalogue.values())
