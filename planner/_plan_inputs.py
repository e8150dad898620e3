"""A scenario's layers, read and checked against each other (:func:`load_inputs`).

Every check that needs only the files and the scenario: ids, columns and values here; areas that
overlap, sites and demand points outside the study area, privacy zones that protect nothing,
planned areas no mount can reach in :mod:`planner._plan_checks`; area ids in
:mod:`planner._plan_area_ids`. No demand, coverage or optimisation here.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _provenance as prov
from planner._area_factors import check_area_factors
from planner._geom_sites import with_grid_orientations
from planner._io_specs import PLACES
from planner._personal import warn_personal_data
from planner._places import place_shapes
from planner._plan_area_ids import check_area_ids, unknown_areas
from planner._plan_checks import (
    INCIDENT_REACH_M,
    STUDY_MARGIN_M,
    _check_overlaps,
    _check_sites,
    _has_existing,
    _near,
    _warn_blind_existing,
    _warn_facades_off_their_wall,
    _warn_far_incidents,
    _warn_layer_far,
    _warn_zones_inside_buildings,
    warn_unreachable_areas,
)
from planner.cameras import CameraModel, load_catalogue
from planner.errors import InputError, closest, counted, plural
from planner.io import (
    AREAS,
    BUILDINGS,
    DEMAND_POINTS,
    INCIDENTS,
    PRIVACY,
    SITES,
    LayerSpec,
    check_scale,
    column_label,
    empty_layer,
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
    #: public places to cover besides the grid (``data.places``) as polygons
    #: (:func:`planner._places.place_shapes`), or ``None`` without that layer
    places: gpd.GeoDataFrame | None = None


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
    places = (place_shapes(_by_id(read(data.places, PLACES), "place_id"), areas,
                           where=shown("places")) if data.places is not None else None)
    planned = _select_areas(areas, scenario)
    warn_unreachable_areas(planned, sites, catalogue, where=shown("sites"))
    _warn_free_text(scenario, sites, privacy, incidents)
    return Inputs(areas, planned, sites, buildings, privacy, points, catalogue,
                  incidents=incidents, files=prov.input_files(scenario),
                  sites_outside=sites_outside, places=places)


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


def _select_areas(areas: gpd.GeoDataFrame, scenario: Scenario) -> gpd.GeoDataFrame:
    check_area_factors(scenario, areas)  # (its ids against the whole layer, as demand.areas)
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
