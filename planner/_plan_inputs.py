"""A scenario's layers, read and checked against each other (:func:`load_inputs`).

Every check that needs only the files and the scenario: ids, columns and values, areas that
overlap, sites and demand points outside the study area, privacy zones that protect nothing,
planned areas no mount can reach. No demand, coverage or optimisation here.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _provenance as prov
from planner._geom_sites import with_grid_orientations
from planner._personal import warn_personal_data
from planner.cameras import CameraModel, load_catalogue
from planner.errors import InputError, closest, counted, joined, plural
from planner.io import (
    AREAS,
    BUILDINGS,
    DEMAND_POINTS,
    INCIDENTS,
    MOUNT_TYPES,
    PRIVACY,
    SITES,
    LayerSpec,
    check_scale,
    column_label,
    empty_layer,
    id_text,
    incident_times,
    read_layer,
)
from planner.scenario import Scenario, check_data_files, data_path_as_written

# (the pipeline's logger, as before these steps left planner.plan: the CLI prints its name)
log = logging.getLogger("planner.plan")


@dataclass(frozen=True)
class Inputs:
    """The checked layers of a scenario, all in its metric CRS."""

    areas: gpd.GeoDataFrame
    planned_areas: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    privacy_zones: gpd.GeoDataFrame
    demand_points: gpd.GeoDataFrame | None
    catalogue: dict[str, CameraModel]
    #: documented incidents with their ``day`` and ``hour`` (:func:`planner.io.incident_times`)
    incidents: gpd.GeoDataFrame | None = None
    #: per data key, the file as the scenario names it and its SHA-256 (:mod:`planner._provenance`)
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the ``site_id`` of the sites left out as outside the study area (warned)
    sites_outside: tuple[str, ...] = ()


#: More people than any one residential area holds (Sweden has 10.6 million).
MAX_AREA_POPULATION = 100_000_000


def _check_models(scenario: Scenario, catalogue: dict[str, CameraModel]) -> None:
    if scenario.coverage.models is not None:
        unknown = sorted(set(scenario.coverage.models) - set(catalogue))
        if unknown:
            near = {wrong: closest(wrong, sorted(catalogue)) for wrong in unknown}
            mean = "; ".join((f"{wrong!r}: " if len(unknown) > 1 else "")
                             + f"did you mean {close!r}?"
                             for wrong, close in near.items() if close is not None)
            raise InputError(
                f"{scenario.source}: key coverage.models names unknown camera "
                f"{'model' if len(unknown) == 1 else 'models'} {', '.join(unknown)}; "
                + (f"{mean} " if mean else "") + "known models in "
                f"{data_path_as_written(scenario, 'cameras')}: "
                f"{', '.join(sorted(catalogue))}"
            )


def inputs_for(scenario: Scenario, inputs: Inputs) -> Inputs:
    """``inputs``, read for a scenario with the same ``data``, checked for ``scenario``.

    Its models and its planned areas: what a variant's ``coverage.models`` and
    ``demand.areas`` change.
    """
    _check_models(scenario, inputs.catalogue)
    return dataclasses.replace(inputs, planned_areas=_select_areas(inputs.areas, scenario))


def load_inputs(scenario: Scenario) -> Inputs:
    """Read and cross-check every layer a scenario names (no geometry work beyond checks).

    Data files that do not exist are named together first, as the command line names them
    (a notebook's ``plan(load_scenario(...))`` had been told of one at a time).
    """
    check_data_files(scenario)
    crs = scenario.crs
    data = scenario.data
    catalogue = load_catalogue(data.cameras, where=data_path_as_written(scenario, "cameras"))
    _check_models(scenario, catalogue)

    def shown(key: str) -> str:  # (a file in messages as the scenario gives it: no machine path)
        return data_path_as_written(scenario, key)

    def read(path: Path, spec: LayerSpec) -> gpd.GeoDataFrame:  # (with the layer's own names)
        return read_layer(path, spec, crs=crs, columns=data.columns.get(spec.key),
                          source_crs=data.crs.get(spec.key),
                          defaults=data.defaults.get(spec.key), where=shown(spec.key))

    areas = _by_id(read(data.areas, AREAS), "area_id")
    check_scale(crs, areas, where=f"{scenario.source}: key crs")
    _check_overlaps(areas, where=shown("areas"))
    if (areas["priority"] > 1).any():
        bad = ", ".join(areas.loc[areas["priority"] > 1, "area_id"].head(5))
        raise InputError(
            f"{shown('areas')}: column {column_label('priority', data.columns.get('areas'))} must be "
            f"in [0, 1] (areas {bad}); rescale it"
        )
    if (areas["population"] > MAX_AREA_POPULATION).any():  # (1e308 had overflowed, exit 1)
        bad = ", ".join(areas.loc[areas["population"] > MAX_AREA_POPULATION, "area_id"].head(5))
        raise InputError(
            f"{shown('areas')}: column {column_label('population', data.columns.get('areas'))} must "
            f"be at most {MAX_AREA_POPULATION:,} per area (areas {bad}); check the column"
        )
    # (an existing camera's bearing from true north as the grid bearing the model draws with)
    sites = with_grid_orientations(_by_id(read(data.sites, SITES), "site_id"), crs,
                                   where=shown("sites"), columns=data.columns.get("sites"))
    buildings = (
        _by_id(read(data.buildings, BUILDINGS), "building_id")
        if data.buildings is not None
        else empty_layer(["building_id", "kind"], crs)
    )
    privacy = (
        _by_id(read(data.privacy_zones, PRIVACY), "zone_id")
        if data.privacy_zones is not None
        else empty_layer(["zone_id", "kind"], crs)
    )
    _warn_zones_inside_buildings(privacy, buildings, where=shown("privacy_zones"))
    # (the areas grown by INCIDENT_REACH_M, once for the three layers checked against it)
    reach = shapely.buffer(shapely.union_all(areas.geometry.values), INCIDENT_REACH_M)
    _warn_layer_far(buildings, reach, "building", ("it blocks no view and marks no home",
                                                    "they block no view and mark no home"),
                    where=shown("buildings"))
    _warn_layer_far(privacy, reach, "privacy zone",
                    ("no camera can see it, so it excludes nothing",
                     "no camera can see them, so they exclude nothing"),
                    where=shown("privacy_zones"))
    points = None
    if data.demand_points is not None:
        points = read(data.demand_points, DEMAND_POINTS)
        if data.demand_weight_column not in points.columns:
            raise InputError(
                f"{shown('demand_points')}: column {data.demand_weight_column!r} is missing; "
                "add it or set data.demand_weight_column"
            )
        weights = pd.to_numeric(points[data.demand_weight_column], errors="coerce")
        bad_w = ~np.isfinite(weights.to_numpy(dtype=float, na_value=np.nan)) | (weights < 0)
        if bad_w.any():
            raise InputError(
                f"{shown('demand_points')}: column {data.demand_weight_column!r} has "
                f"{plural(int(bad_w.sum()), 'missing, non-numeric or negative value')} "
                f"({'feature' if bad_w.sum() == 1 else 'features'} "
                f"{', '.join(map(str, np.flatnonzero(bad_w.to_numpy())[:5]))}); give numbers >= 0"
            )
    outside = _check_sites(sites, areas, catalogue, buildings, where=shown("sites"),
                           columns=data.columns.get("sites"), areas_where=shown("areas"))
    sites_outside = tuple(sites.loc[outside, "site_id"].astype(str))
    existing = _has_existing(sites)
    mounts = tuple(sites.loc[outside & ~existing, "site_id"].astype(str))
    if mounts:  # (a municipality's whole lamp register: planned areas are a part of it)
        # ("1 of the 8 sites lie ... and are left out", "8 of the 8 sites" had stood)
        log.warning("%s: %s outside the study area (more than %g m from every area: %s) and %s "
                    "left out; if that is most of your mounts, check the CRS of this layer and "
                    "of the areas layer", shown("sites"), counted(len(mounts), len(sites), "site"),
                    STUDY_MARGIN_M, ", ".join(mounts[:5]) + (", ..." if len(mounts) > 5 else ""),
                    "is" if len(mounts) == 1 else "are")
    _warn_blind_existing(sites.loc[outside & existing], areas, catalogue, where=shown("sites"))
    sites = sites.loc[~outside].reset_index(drop=True)
    _warn_facades_off_their_wall(sites, buildings, where=shown("sites"))
    if points is not None:
        if "area_id" in points.columns:
            problem = unknown_areas(points["area_id"].dropna().astype(str).tolist(), areas,
                                    scenario)
            if problem is not None:
                raise InputError(
                    f"{shown('demand_points')}: column 'area_id' names {problem}; or leave it empty "
                    "(the area is then found from the point's position)"
                )
        outside = ~_near(points, areas)
        if outside.any():
            n = int(outside.sum())
            raise InputError(
                f"{shown('demand_points')}: {counted(n, len(points), 'demand point')} outside the "
                f"study area (more than {STUDY_MARGIN_M:g} m from every area; "
                f"{'feature' if n == 1 else 'features'} "
                f"{', '.join(map(str, np.flatnonzero(outside)[:5]))}); move or delete "
                f"{'it' if n == 1 else 'them'}"
            )
    incidents = None
    if data.incidents is not None:
        incidents = read(data.incidents, INCIDENTS)
        # (before the layer is put in id order: a bad value is named by its feature in the file)
        times = incident_times(incidents, where=shown("incidents"),
                               columns=data.columns.get("incidents"))
        incidents = _by_id(incidents.assign(day=times["day"].to_numpy(),
                                            hour=times["hour"].to_numpy()), "incident_id")
        _warn_far_incidents(incidents, reach, where=shown("incidents"))
    planned = _select_areas(areas, scenario)
    warn_unreachable_areas(planned, sites, catalogue, where=shown("sites"))
    _warn_free_text(scenario, sites, privacy, incidents)
    return Inputs(areas, planned, sites, buildings, privacy, points, catalogue,
                  incidents=incidents, files=prov.input_files(scenario),
                  sites_outside=sites_outside)


def _warn_free_text(scenario: Scenario, sites: gpd.GeoDataFrame, privacy: gpd.GeoDataFrame,
                    incidents: gpd.GeoDataFrame | None) -> None:
    """Warn of personal data in the free text the outputs copy (see :mod:`planner._personal`)."""
    layers = [("sites", sites, "site_id", "note",
               "register.csv, cameras.geojson, plan.xlsx and the map's popups"),
              # (an existing camera's owner may be a person: a shop owner's camera)
              ("sites", sites, "site_id", "existing_owner", "register.csv, plan.xlsx and report.md"),
              ("privacy_zones", privacy, "zone_id", "kind", "the map's tooltips"),
              ("incidents", incidents, "incident_id", "kind", "the map's incident tooltips")]
    for key, frame, ids, column, goes_to in layers:
        if frame is not None and column in frame.columns and ids in frame.columns:
            warn_personal_data(zip(frame[ids], frame[column], strict=True),
                               where=data_path_as_written(scenario, key), column=column,
                               goes_to=goes_to)


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


def _by_id(layer: gpd.GeoDataFrame, column: str) -> gpd.GeoDataFrame:
    """The layer in the order of its ids (as text), whatever the order of the file's features.

    The plan must not depend on how a GIS exported the layer: the order had decided ties (two
    mounts at one spot), which area a grid point on a shared boundary belongs to, and the
    camera numbers C001, C002, ... (four orders of one four-area town gave four "optimal"
    objectives, 945.05 to 950.34).
    """
    if column not in layer.columns or not len(layer):
        return layer
    return layer.sort_values(column, key=lambda ids: ids.astype(str),
                             kind="stable").reset_index(drop=True)


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


def unknown_areas(ids: Sequence[str], areas: gpd.GeoDataFrame, scenario: Scenario) -> str | None:
    """What to say of the ids in ``ids`` that name no area of ``areas``; ``None``: all known.

    ``"unknown area id X; ..."`` (``ids`` for several): an area's name given for its id is answered with the ids
    of the areas of that name, a misspelt id or name with the closest ("did you mean"), and the
    areas layer is named by its key and its path as the scenario writes it. (A name had been
    "use area_id values from /abs/path/areas.geojson", a machine path and no word of the ids.)
    """
    # (as text, an empty cell none: a notebook's layer read by geopandas, not read_layer, may
    # lack a name, which had failed with "'float' object has no attribute 'casefold'")
    every = id_text(areas["area_id"])
    names = (id_text(areas["name"]) if "name" in areas.columns
             else pd.Series(None, index=areas.index, dtype=object))
    known = every.dropna()
    unknown = sorted(set(map(str, ids)) - set(known))
    if not unknown:
        return None
    ids_of: dict[str, list[str]] = {}
    for area_id, name in zip(every, names, strict=True):
        if area_id is not None and name is not None and name.strip():
            ids_of.setdefault(name, []).append(area_id)
    by_folded = {name.casefold(): name for name in ids_of}
    hints, named = [], 0
    for wrong in unknown[:5]:
        lead = f"{wrong!r}: " if len(unknown) > 1 else ""
        name = by_folded.get(wrong.strip().casefold())
        if name is not None:
            its = ids_of[name]
            hints.append(f"{wrong!r} is the name of {joined(its)}")
            named += len(its)
            continue
        close = closest(wrong, [*known, *ids_of])
        if close is None:
            continue
        if close in ids_of:
            its = ids_of[close]
            hints.append(f"{lead}did you mean {close!r}, the name of {joined(its)}?")
            named += len(its)
        else:
            hints.append(f"{lead}did you mean {close}?")
    layer = f"data.areas, {data_path_as_written(scenario, 'areas')} as the scenario gives it"
    head = (f"unknown area {'id' if len(unknown) == 1 else 'ids'} {', '.join(unknown[:5])}"
            f"{', ...' if len(unknown) > 5 else ''}")
    if not hints:
        return f"{head}; use area_id values of {layer.replace(', ', ' (', 1)})"
    return (f"{head}; {'; '.join(hints)} ({layer})"
            + ("; give their ids" if named > 1 else "; give its id" if named else ""))


def check_area_ids(scenario: Scenario, ids: Sequence[str], *, what: str = "key demand.areas",
                   areas: gpd.GeoDataFrame | None = None) -> None:
    """Raise an :class:`InputError` naming the ids of ``ids`` that are no area of the scenario.

    ``what`` names where the ids come from in the message (a notebook's variable: ``"AREA"``);
    ``areas``: the areas layer, if read already (else it is read from ``data.areas``). An
    area's name given for its id is answered with its ids, a misspelt one with the closest.
    """
    if areas is None:
        data = scenario.data
        areas = read_layer(data.areas, AREAS, crs=scenario.crs, columns=data.columns.get("areas"),
                           source_crs=data.crs.get("areas"), defaults=data.defaults.get("areas"),
                           where=data_path_as_written(scenario, "areas"))
    problem = unknown_areas(ids, areas, scenario)
    if problem is not None:
        raise InputError(f"{scenario.source or 'scenario'}: {what} names {problem}")


def _select_areas(areas: gpd.GeoDataFrame, scenario: Scenario) -> gpd.GeoDataFrame:
    wanted = scenario.demand.areas
    if wanted == "all":
        chosen = areas
    else:
        check_area_ids(scenario, wanted, areas=areas)
        chosen = areas[areas["area_id"].isin(wanted)]
    chosen = chosen[chosen["priority"] >= scenario.demand.min_priority]
    if len(chosen) == 0:
        raise InputError(
            f"{scenario.source}: no area left to plan for after demand.areas and "
            f"demand.min_priority={scenario.demand.min_priority}; lower demand.min_priority"
        )
    return chosen.reset_index(drop=True)


def _longest_reach(catalogue: dict[str, CameraModel]) -> float:
    """The longest detect range of any model at any of its fields of view (metres)."""
    return max(_model_reach(m) for m in catalogue.values())
