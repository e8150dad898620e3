"""The :class:`Plan` result type (kept apart so that maps and reports import it cheaply)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Plan:
    """One solved planning question: every layer the outputs need, in the scenario's metric CRS.

    Attributes
    ----------
    name
        Scenario name.
    crs
        The metric CRS of every frame (e.g. ``"EPSG:3006"``).
    areas
        Areas with ``area_id``, ``name``, ``population``, ``priority``, ``weight`` (target demand
        weight), ``covered_weight_before``, ``covered_weight_after``, ``covered_share_before``,
        ``covered_share_after`` (shares in [0, 1], graded by DORI value), ``covered_population_after``.
    cameras
        One row per camera in the plan, new and existing: ``option_id``, ``site_id``, ``mount_type``,
        ``model``, ``model_name``, ``orientation_deg`` (grid bearing in ``crs``: clockwise from
        the CRS's grid north, as the model's geometry has it), ``orientation_true_deg`` (the same
        direction from true north, 0.1°: :mod:`planner._bearing`), ``hfov_deg``, ``cost_sek``,
        ``existing`` (bool), ``approximate`` (bool), ``covered_weight`` and ``covered_population`` (the
        demand weight and the population this camera alone covers, graded by its DORI level as
        the plan's are; cameras overlap, so these do not add up to the plan's),
        ``marginal_value`` (objective, i.e. graded demand weight, lost if it were removed),
        ``weight_identify``, ``weight_recognise``, ``weight_observe``, ``weight_detect`` (weight whose
        best level from this camera is that level), ``range_identify_m`` ... ``range_detect_m``
        (how far each DORI level reaches at its field of view; at night capped at the IR range,
        and ``daylight_range_identify_m`` ... ``daylight_range_detect_m`` give the uncapped ones),
        ``note``; geometry = mount point.
    views
        View polygons of the plan's cameras: ``option_id``, ``level`` (1 detect … 4 identify),
        geometry = the area seen at that level or better (line of sight applied).
    sites
        All candidate mounts (the sites layer) with ``chosen`` (bool).
    demand
        Demand points: ``area_id``, ``weight``, ``level`` (best DORI level the plan reaches, 0 none),
        ``level_before`` (existing cameras only); geometry = point.
    buildings
        Building footprints.
    privacy_zones
        Privacy zones (may be empty).
    daylight_views
        At night (``coverage.night``) the views without the IR cap, as ``views``: what each
        camera can see by day, which the privacy rule counts and the camera register describes;
        ``None`` by day (``views`` are the daylight views then).
    incidents
        The scenario's documented incidents (``data.incidents``) with ``day`` and ``hour`` (of
        day, NaN where unknown), or ``None`` without that layer.
    places
        The public places of ``data.places`` (:func:`planner._places.place_table`): each
        place's weight, covered share and the cameras that see it (``camera_options``), or
        ``None`` without that layer. Their demand points are rows of ``demand`` with a
        ``place_id``.
    summary
        JSON-ready dict: ``scenario``, ``budget_sek``, ``spent_sek``, ``objective``, ``bound``,
        ``gap``, ``status``, ``stopped_by``, ``covered_share``, ``covered_population``,
        ``population``, ``n_cameras_new``, ``n_cameras_existing``, ``n_options``, ``n_demand``,
        ``backend``, ``timing`` (seconds per step, ``solve_s`` among them), ``inputs``,
        ``settings``, ``versions`` (what the plan was made from) and more.
    """

    name: str
    crs: str
    areas: gpd.GeoDataFrame
    cameras: gpd.GeoDataFrame
    views: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    demand: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    privacy_zones: gpd.GeoDataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    daylight_views: gpd.GeoDataFrame | None = None
    incidents: gpd.GeoDataFrame | None = None
    places: gpd.GeoDataFrame | None = None

    def smallest_share(self) -> float:
        """The smallest covered share among the plan's areas that have demand (max-min's aim).

        An area without demand weight (no demand point in it) has no share to raise.
        """
        areas = self.areas
        has = areas["weight"].to_numpy(dtype=float) > 0 if "weight" in areas else slice(None)
        shares = areas["covered_share_after"].to_numpy(dtype=float)[has]
        shares = shares[np.isfinite(shares)]
        return float(shares.min()) if len(shares) else 0.0

    def camera_labels(self) -> pd.Series:
        """Each camera's label (``C001``, ``C002``, ... in row order), indexed by ``option_id``.

        The one name a camera has in every output: the map's popups and tooltips, ``report.md``,
        ``register.csv`` and ``cameras.geojson``.
        """
        return pd.Series(camera_labels(len(self.cameras)),
                         index=self.cameras["option_id"].to_numpy(), dtype=object)


def camera_labels(n: int) -> list[str]:
    """Labels of ``n`` cameras in plan order: ``C001``, ``C002``, ... (four digits from 1000)."""
    return [f"C{i + 1:03d}" for i in range(n)]


def new_cameras_on(cameras: pd.DataFrame, sites: Iterable[Any]) -> dict[str, list[str]]:
    """The labels of the new cameras a plan's ``cameras`` put on each of ``sites``, by its id.

    ``[]`` for a mount the plan puts no new camera on: a mount of
    ``constraints.replace_existing`` without one has its camera only taken down. The one reading
    of that fact for ``report.md`` (the mounts the scenario decides on, a plan's and a rollout's),
    the map's summary panel and the line ``plan`` prints (each had read it for itself, from the
    register or the cameras).
    """
    out: dict[str, list[str]] = {str(site): [] for site in sites}
    for label, site, old in zip(camera_labels(len(cameras)), cameras["site_id"],
                                cameras["existing"], strict=True):
        if not bool(old) and str(site) in out:
            out[str(site)].append(label)
    return out


def scenario_description(summary: Mapping[str, Any]) -> str:
    """The scenario's ``description`` a plan's ``summary`` records, its spaces as one; ``""``.

    The one reading for ``report.md`` (under its title) and the map's summary panel.
    """
    return " ".join(str((summary.get("settings") or {}).get("description") or "").split())


def day_plan_hours(summary: Mapping[str, Any]) -> str | None:
    """``surveillance.hours`` of a day plan (``coverage.night`` false), its spaces as one.

    ``None`` for a night plan or cameras without set hours. ``report.md`` and the map's summary
    panel say by it that the coverage is by day and how to plan it at night.
    """
    hours = (summary.get("surveillance") or {}).get("hours")
    if not hours or coverage_time(summary) in ("night", "mixed"):  # (mixed: night_share)
        return None
    return " ".join(str(hours).split())


def coverage_time(summary: Mapping[str, Any]) -> str | None:
    """When a plan's coverage holds: ``"day"`` (daylight ranges) or ``"night"`` (IR ranges).

    ``"mixed"``: by day and at night, weighted (``settings.coverage.night_share``; the summary
    has each period's figures apart, :func:`planner._day_night.by_period`).
    From ``settings.coverage.night``; ``None`` where the summary does not record it (a plan
    built by hand). The one reading for the map's summary panel, ``report.md``'s coverage lines
    and ``plan.xlsx``'s summary: a night plan's 8.8 % and a day plan's 17.8 % had been shown
    alike, and the day figure read as round the clock.
    """
    coverage = (summary.get("settings") or {}).get("coverage")
    if not isinstance(coverage, Mapping) or "night" not in coverage:
        return None
    if coverage.get("night_share") is not None and not coverage.get("night"):
        return "mixed"
    return "night" if coverage.get("night") else "day"
