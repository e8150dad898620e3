"""Everything before the optimiser: :class:`Prepared` and the steps that build it.

The models a scenario may use, its demand points (clipped to the public space near homes), the
mounts within camera range of the planned areas and the coverage levels that count. Budget,
constraints and solver settings change none of it (:func:`planner.plan.prepare` runs them).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import scipy.sparse as sp
import shapely

from planner import coverage as cov
from planner import demand as dem
from planner._geom import polygonal_part
from planner._places import place_demand, with_places
from planner._plan_checks import _longest_reach, _near
from planner._plan_inputs import Inputs
from planner.cameras import CameraModel
from planner.errors import InputError, counted
from planner.scenario import LEVELS, Scenario, data_path_as_written

# (the pipeline's logger, as before these steps left planner.plan: the CLI prints its name)
log = logging.getLogger("planner.plan")


@dataclass(frozen=True)
class Prepared:
    """Everything before the optimiser: demand points, options and their coverage levels.

    Budget, constraints and solver settings do not change it, so sweeps prepare once and solve
    many times (:func:`planner.plan.solve_prepared`).
    """

    scenario: Scenario
    inputs: Inputs
    catalogue: dict[str, CameraModel]
    demand: gpd.GeoDataFrame
    options: gpd.GeoDataFrame
    levels: sp.csr_matrix
    timings: dict[str, float]
    _intrusion: dict[int, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _incidents_seen: dict[str, np.ndarray] = field(default_factory=dict, repr=False,
                                                   compare=False)
    #: warnings already logged for plans of this preparation (a sweep says each once)
    _warned: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def existing(self) -> np.ndarray:
        """Which options are existing cameras (bool per option; kept in every plan)."""
        return self.options["existing"].to_numpy(dtype=bool)

    @property
    def spare(self) -> np.ndarray:
        """Which options are on a mount its existing camera fills (bool per option).

        A plan may use them only where the scenario replaces that camera
        (``constraints.replace_existing``): :func:`spare_options`.
        """
        return spare_options(self.options, self.inputs.sites)

    def incidents_seen(self) -> np.ndarray:
        """Documented incidents each option sees by day (the seen rule of demand; computed once).

        Zero for every option without ``data.incidents``.
        """
        if "day" not in self._incidents_seen:
            incidents = self.inputs.incidents
            counts = np.zeros(len(self.options), dtype=np.int64)
            if incidents is not None and len(incidents) and len(self.options):
                seen = cov.coverage_matrix(incidents, self.options, self.inputs.buildings,
                                           self.catalogue, night=False, warn_blind=False)
                counts = np.asarray((seen > 0).sum(axis=0)).ravel().astype(np.int64)
            self._incidents_seen["day"] = counts
        return self._incidents_seen["day"].copy()

    def privacy_intrusion(self, min_level: int,
                          progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Privacy-zone area (m²) each option sees at ``min_level`` or better (computed once)."""
        if min_level not in self._intrusion:
            t = time.perf_counter()
            # (said before it starts: a city's privacy step had been minutes without a word)
            log.info("privacy: the zones each of %d options sees at %s level or better ...",
                     len(self.options), LEVELS[min_level - 1])
            self._intrusion[min_level] = cov.privacy_intrusion(
                self.options,
                self.inputs.privacy_zones,
                self.inputs.buildings,
                self.catalogue,
                min_level=min_level,
                progress=progress,
            )
            self.timings["privacy_s"] = self.timings.get("privacy_s", 0.0) + time.perf_counter() - t
            log.info("privacy: %d options see privacy zones (%.1f s)",
                     int((self._intrusion[min_level] > 0).sum()), time.perf_counter() - t)
        return self._intrusion[min_level].copy()


def spare_options(options: gpd.GeoDataFrame, sites: gpd.GeoDataFrame) -> np.ndarray:
    """Per option whether it is a new camera on a mount its existing camera fills.

    The options :func:`planner.coverage.build_options` adds with ``replacements`` (the
    preparation always computes them, after every other option): usable only where
    ``constraints.replace_existing`` takes that camera down.
    """
    existing = options["existing"].to_numpy(dtype=bool)
    if not existing.any():
        return np.zeros(len(options), dtype=bool)
    per_site = sites.drop_duplicates("site_id").set_index("site_id")["max_cameras"]
    room = per_site.reindex(options["site_id"]).fillna(1).to_numpy(dtype=np.int64)
    held = options["site_id"].isin(set(options.loc[existing, "site_id"])).to_numpy()
    return ~existing & held & (room <= 1)


def _catalogue(scenario: Scenario, inputs: Inputs) -> dict[str, CameraModel]:
    """The models of the scenario's cameras: those offered (``coverage.models``) and existing.

    New cameras are only the offered ones (``build_options(offered=...)``): the existing
    models had been offered for new cameras too, so on the default data (four of five models
    in use) the key could only ever remove one model.
    """
    if scenario.coverage.models is None:
        return dict(inputs.catalogue)
    keep = set(scenario.coverage.models) | set(inputs.sites["existing_model"].dropna())
    return {k: v for k, v in inputs.catalogue.items() if k in keep}


def _check_reach(scenario: Scenario, sites: gpd.GeoDataFrame) -> None:
    if len(sites) == 0:
        raise InputError(
            f"{data_path_as_written(scenario, 'sites')}: no candidate mount is within camera range "
            "of the planned areas; "
            "add mounts near them, or check demand.areas and the layers' CRS"
        )


def _demand(scenario: Scenario, inputs: Inputs) -> gpd.GeoDataFrame:
    """The grid's demand (or ``data.demand_points``), then the places' (``data.places``)."""
    demand = _base_demand(scenario, inputs)
    if inputs.places is None:
        return demand
    points = place_demand(
        inputs.places, inputs.areas, inputs.buildings,
        planned=inputs.planned_areas["area_id"].astype(str),
        spacing_m=scenario.demand.grid_spacing_m,
        max_points=scenario.demand.max_points - len(demand),
        where=data_path_as_written(scenario, "places"))
    return with_places(demand, points)


def _base_demand(scenario: Scenario, inputs: Inputs) -> gpd.GeoDataFrame:
    if inputs.demand_points is not None:
        points = dem.user_demand(
            inputs.demand_points,
            inputs.areas,
            weight_column=scenario.data.demand_weight_column,
        )
        # only the planned areas' points (demand.areas, demand.min_priority): those in one of
        # them, and those in no area but near one (a square beside it); the others had counted
        # as unlabelled demand and drawn cameras to unplanned areas
        planned = inputs.planned_areas
        keep = points["area_id"].isin(planned["area_id"]).to_numpy() | (
            points["area_id"].isna().to_numpy() & _near(points, planned))
        if not keep.all():
            log.info("%s", counted(int((~keep).sum()), len(points), "demand point",
                                   ("lies outside the planned areas and is left out",
                                    "lie outside the planned areas and are left out")))
        return points[keep].reset_index(drop=True)
    return dem.grid_demand(
        _residential_part(inputs.planned_areas, inputs.buildings,
                          scenario.demand.near_homes_m, where=data_path_as_written(scenario, "buildings")),
        inputs.buildings,
        spacing_m=scenario.demand.grid_spacing_m,
        priority_gain=scenario.demand.priority_gain,
        max_points=scenario.demand.max_points,
        scenario=str(scenario.source) if scenario.source is not None else None,
    )


def _residential_part(
    areas: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame, distance: float, *,
    where: str = "buildings",
) -> gpd.GeoDataFrame:
    """Clip areas to the public space within ``distance`` of homes (residential buildings).

    Only buildings of kind ``residential`` count when there are any, else every building. An area
    with no home within reach keeps its whole polygon, so its weight still has somewhere to go.
    ``distance`` 0, or no buildings, leaves the areas whole. Both fallbacks are logged as
    warnings: they change where the demand lies without a word otherwise.
    """
    if distance <= 0 or len(buildings) == 0:
        return areas
    homes = buildings[buildings["kind"] == "residential"] if "kind" in buildings else buildings
    if len(homes) == 0:
        log.warning(
            "%s: no building has kind 'residential', so demand.near_homes_m=%g counts every "
            "building as a home; give homes kind = residential (or set demand.near_homes_m = 0 "
            "for the whole areas)", where, distance)
        homes = buildings
    # (4 segments a quarter circle: the outline falls short of the distance by up to
    # 1 - cos(11.25°) = 1.9 % off a building's corners, as the README says)
    near = shapely.union_all(shapely.buffer(homes.geometry.values, distance, quad_segs=4))
    clipped = shapely.intersection(areas.geometry.values, near)
    keep = shapely.area(clipped) > 1.0
    if (~keep).any():
        shown = ", ".join(map(str, areas.loc[~keep, "area_id"].head(5)))
        one = int((~keep).sum()) == 1
        log.warning(
            "%s: %s within demand.near_homes_m=%g m (%s): %s whole area counts as public space; "
            "add %s homes (kind = residential) or plan %s with demand.near_homes_m = 0", where,
            counted(int((~keep).sum()), len(areas), "planned area", ("has no home", "have no home")),
            distance, shown, "its" if one else "their", "its" if one else "their",
            "it" if one else "them")
    out = areas.copy()
    # (a clipped area can be a GeometryCollection, a polygon and a line where the home buffer
    # touches its edge: the demand grid had refused it as "no polygon geometry")
    out.loc[keep, "geometry"] = [polygonal_part(g) for g in clipped[keep]]
    return out


def _reachable_sites(
    sites: gpd.GeoDataFrame, planned: gpd.GeoDataFrame, catalogue: dict[str, CameraModel]
) -> gpd.GeoDataFrame:
    """Sites that can see into a planned area (within the longest detect range) or are existing."""
    reach = _longest_reach(catalogue)
    zone = shapely.buffer(shapely.union_all(planned.geometry.values), reach)
    near = shapely.contains_xy(zone, sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy())
    keep = near | sites["existing_model"].notna().to_numpy()
    return sites[keep].reset_index(drop=True)


def _at_least(levels: sp.csr_matrix, min_level: int) -> sp.csr_matrix:
    if min_level <= 1:
        return levels
    out = levels.copy()
    out.data[out.data < min_level] = 0
    out.eliminate_zeros()
    return out
