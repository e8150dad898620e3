"""A solved problem as a :class:`~planner._plan_types.Plan`: every frame and the summary.

Per area the covered weight and population before and after, per camera its ranges, covered
weight, marginal value and the documented incidents in view, the view polygons, the sites with
what was chosen and what the scenario decided, and the JSON-ready summary.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from planner import _provenance as prov
from planner import coverage as cov
from planner import demand as dem
from planner._area_factors import applied, factors_of
from planner._bearing import true_orientation
from planner._day_night import by_period, mixed, n_points, other_period, uses_night
from planner._existing_owner import owners_of, same_owner
from planner._opt_maxmin import UNFINISHED, UNRAISED
from planner._places import blind_required, place_table
from planner._plan_inputs import Inputs
from planner._plan_messages import _privacy_warnings, _why_no_camera
from planner._plan_mounts import with_best_unused
from planner._plan_notes import Note
from planner._plan_prepare import Prepared
from planner._plan_problem import unavailable
from planner._plan_types import Plan
from planner.cameras import CameraModel
from planner.io import at_night, empty_layer
from planner.optimize import CoverageProblem, SolveResult
from planner.scenario import LEVELS, Scenario

# (the pipeline's logger, as before these steps left planner.plan: the CLI prints its name)
log = logging.getLogger("planner.plan")

LEVEL_COLUMNS = ("weight_detect", "weight_observe", "weight_recognise", "weight_identify")


def _assemble(
    scenario: Scenario,
    prepared: Prepared,
    problem: CoverageProblem,
    result: SolveResult,
    timings: dict[str, float],
    started: float,
    *,
    budget_key: str = "budget.total_sek",
    running_years: float | np.ndarray | None = None,
) -> Plan:
    inputs, catalogue = prepared.inputs, prepared.catalogue
    demand, options, levels = prepared.demand, prepared.options, prepared.levels
    chosen = np.asarray(result.chosen, dtype=np.int64)
    existing = np.flatnonzero(prepared.existing)  # (today's, before the plan)
    # those the plan keeps: not the ones taken down (constraints.remove_existing)
    kept = np.intersect1d(existing, chosen)
    values = np.asarray(scenario.level_values, dtype=float)
    lv = levels.tocsc()
    best_after = _best_level(lv, chosen, len(demand))
    best_before = _best_level(lv, existing, len(demand))

    areas = inputs.planned_areas.copy()
    targets = dem.area_weight_targets(areas, priority_gain=scenario.demand.priority_gain)
    w = demand["weight"].to_numpy(dtype=float)
    earned_after = w * values[best_after]
    earned_before = w * values[best_before]
    # in view at any level, detect or better, ungraded: "how much of the area's public space do
    # the cameras see" (the covered share weighs a point seen at detect level by its value)
    seen_after = w * (best_after > 0)
    by_area = (
        pd.DataFrame(
            {"area_id": demand["area_id"], "after": earned_after, "before": earned_before,
             "seen": seen_after, "w": w}
        )
        .groupby("area_id")[["after", "before", "seen", "w"]]
        .sum()
    )
    areas["weight"] = areas["area_id"].map(by_area["w"]).fillna(0.0).to_numpy()
    areas["covered_weight_before"] = areas["area_id"].map(by_area["before"]).fillna(0.0).to_numpy()
    areas["covered_weight_after"] = areas["area_id"].map(by_area["after"]).fillna(0.0).to_numpy()
    safe = areas["weight"].where(areas["weight"] > 0, 1.0)
    areas["covered_share_before"] = areas["covered_weight_before"] / safe
    areas["covered_share_after"] = areas["covered_weight_after"] / safe
    areas["covered_population_after"] = areas["population"] * areas["covered_share_after"]
    areas["seen_share_after"] = (areas["area_id"].map(by_area["seen"]).fillna(0.0).to_numpy()
                                 / safe)
    areas["weight_target"] = areas["area_id"].map(targets).to_numpy()
    if scenario.demand.area_factors:  # (the objective counts its weight × this; its share as is)
        areas.insert(int(areas.columns.get_loc("weight")) + 1, "area_factor",
                     factors_of(scenario, areas["area_id"]))

    pop_per_weight = (
        areas.set_index("area_id")["population"] / safe.set_axis(areas["area_id"])
    ).to_dict()
    point_pop = w * demand["area_id"].map(pop_per_weight).fillna(0.0).to_numpy()
    cameras = _camera_table(
        options, inputs.sites, catalogue, lv, chosen, w, values, point_pop, best_after,
        night=uses_night(scenario),  # (a day-and-night plan: the IR ranges and the daylight's)
    )
    if running_years is not None:  # (a rollout stage's costs: what each camera counts here)
        cameras["cost_sek"] = np.asarray(problem.costs, dtype=float)[chosen]
    views = (
        cov.view_polygons(
            options.iloc[chosen], inputs.buildings, catalogue, night=uses_night(scenario)
        )
        if len(chosen)
        else empty_layer(["option_id", "level"], scenario.crs)
    )
    # the privacy rule counts what a camera sees by day (coverage.privacy_intrusion): the
    # camera register describes that, not the IR-capped night view (it had said 0 m² for a camera
    # the plan was penalised 20 m² for)
    daylight_views = (
        cov.view_polygons(options.iloc[chosen], inputs.buildings, catalogue, night=False)
        if uses_night(scenario) and len(chosen) else None
    )
    # a new camera on a mount the scenario requires one on (constraints.require_sites)
    cameras["required_site"] = (
        cameras["site_id"].astype(str).isin(scenario.constraints.require_sites).to_numpy()
        & ~cameras["existing"].to_numpy(dtype=bool))
    # a new camera in the place of an existing one (constraints.replace_existing): the model
    # of the camera it replaces, for the register; None on every other camera
    old_model = inputs.sites.drop_duplicates("site_id").set_index("site_id")["existing_model"]
    replacing = (cameras["site_id"].astype(str).isin(scenario.constraints.replace_existing)
                 & ~cameras["existing"].astype(bool)).to_numpy()
    cameras["replaces_existing"] = pd.Series(
        np.where(replacing, old_model.reindex(cameras["site_id"]).to_numpy(dtype=object), None),
        index=cameras.index, dtype=object)
    incident_counts = None
    if inputs.incidents is not None:
        cameras, incident_counts = _count_incidents(cameras, options, chosen, inputs, catalogue)
    sites = inputs.sites.copy()
    sites["chosen"] = sites["site_id"].isin(set(options["site_id"].iloc[chosen]))
    # what the scenario decided on a mount (constraints.require_sites / exclude_sites), for the map
    ids = sites["site_id"].astype(str)
    # (a camera taken down first: on a mount in exclude_sites too, the map had called it a
    # candidate)
    # (a camera replaced and its mount required: both, "replaced required")
    c = scenario.constraints
    sites["rule"] = np.select(
        [ids.isin(c.remove_existing).to_numpy(),
         (ids.isin(c.replace_existing) & ids.isin(c.require_sites)).to_numpy(),
         ids.isin(c.replace_existing).to_numpy(),
         ids.isin(c.require_sites).to_numpy(),
         ids.isin(c.exclude_sites).to_numpy()],
        ["removed", "replaced required", "replaced", "required", "excluded"], "")
    # why not here: the best camera each mount without a new one may take, and what it adds
    sites = with_best_unused(sites, problem, options, chosen)
    sites["add_model_name"] = sites["add_model"].map(  # (the map's tooltip, in its language)
        {k: m.name_in(scenario.language) for k, m in catalogue.items()})
    demand_out = demand.copy()
    demand_out["level"] = best_after.astype(np.int8)
    demand_out["level_before"] = best_before.astype(np.int8)

    spent = float(np.asarray(problem.costs, dtype=float)[chosen].sum())
    # the existing cameras the municipality runs itself (the sites layer's existing_owner is
    # the scenario's surveillance.operator): their running costs are its own
    own = np.array([same_owner(owner, scenario.surveillance.operator)
                    for owner in owners_of(options["site_id"].iloc[chosen], inputs.sites)],
                   dtype=bool)
    money = _money(options, chosen, prepared.existing, scenario.budget.horizon_years,
                   running_years, own=own)
    total_w = float(w.sum())
    # the options no plan of this scenario may hold (constraints.remove_existing,
    # replace_existing: the preparation holds them all)
    absent = unavailable(scenario, options, inputs.sites)
    # (each note in the plan's language; the console's warnings in English, as its other
    # messages: a Swedish plan's notes had been English in its Swedish report and workbook)
    language = scenario.language
    why = (_why_no_camera(scenario, problem, budget_key, absent=absent)
           if len(chosen) == len(kept) else None)
    if why is not None:
        log.warning("%s: %s", scenario.name, why.text())
    notes = [why.text(language)] if why is not None else []
    warned, privacy_notes = _privacy_warnings(scenario, prepared, chosen)
    for warning in warned:
        if warning not in prepared._warned:  # (once per preparation: a sweep's plans share it)
            prepared._warned.add(warning)
            log.warning("%s: %s", scenario.name, warning)
    notes += [note.text(language) for note in privacy_notes]
    if (factors := applied(scenario, areas["area_id"])):
        # (the objective's unit is no longer the data's weight: a comparison's "B − A" of a
        # plan with factors and one without compares two measures)
        notes.append(Note("area factors", {"factors": tuple(factors.items())}).text(language))
    if scenario.constraints.equity_mode == "maxmin" and UNRAISED in str(
            getattr(result, "tie_break", "")):
        unraised = Note("maxmin unraised", {"seconds": f"{scenario.solver.time_limit_s:g}"})
        log.warning("%s: %s", scenario.name, unraised.text())
        notes.append(unraised.text(language))
    if scenario.constraints.equity_mode == "maxmin" and UNFINISHED in str(
            getattr(result, "tie_break", "")):
        # (a small model's first stage that ended without a plan had only been logged)
        unfinished = Note("maxmin unfinished", {
            "seconds": f"{scenario.solver.time_limit_s:g}",
            "share": f"{scenario.constraints.equity_min_share:g}"})
        log.warning("%s: %s", scenario.name, unfinished.text())
        notes.append(unfinished.text(language))
    # a required mount whose camera covers nothing: the place it is for is no demand
    for line in blind_required(cameras, scenario.constraints.require_sites):
        log.warning("%s: %s", scenario.name, line)
    notes += blind_required(cameras, scenario.constraints.require_sites, language)
    if scenario.surveillance.operator is None and any(
            owners_of(options["site_id"].iloc[kept], inputs.sites)):
        # (said, not guessed: with no operator no existing camera is the municipality's own)
        log.warning("%s: %s", scenario.name, Note("owners").text())
        notes.append(Note("owners").text(language))
    summary: dict[str, Any] = {
        "scenario": scenario.name,
        "title": scenario.title,
        "crs": scenario.crs,
        "budget_sek": float(scenario.budget.total_sek),
        "spent_sek": round(spent, 2),
        "remaining_sek": round(float(scenario.budget.total_sek) - spent, 2),
        "horizon_years": scenario.budget.horizon_years,
        "include_yearly_costs": scenario.budget.include_yearly_costs,
        # (only where the scenario says: a plan silent on VAT says nothing of it)
        **({"prices_include_vat": scenario.budget.prices_include_vat}
           if scenario.budget.prices_include_vat is not None else {}),
        **money,
        "objective": float(result.objective),
        "bound": float(result.bound),
        "gap": float(result.gap),
        "status": result.status,
        "stopped_by": result.stopped_by,
        "backend": getattr(result, "backend", scenario.solver.backend),
        "covered_share": float(earned_after.sum() / total_w) if total_w else 0.0,
        "covered_share_before": float(earned_before.sum() / total_w) if total_w else 0.0,
        "seen_share": float(seen_after.sum() / total_w) if total_w else 0.0,
        "covered_population": float(areas["covered_population_after"].sum()),
        # (coverage.night_share: the share and population by day and at night apart)
        **by_period(scenario, demand, areas, earned_after, earned_before),
        # (a day plan's cameras at night, a night plan's by day: what a memo sets beside the
        # evening plan's two figures, which the plan's own outputs had not given)
        **other_period(scenario, prepared, chosen, existing, areas, values),
        "population": int(areas["population"].sum()),
        "n_areas": len(areas),
        # what report.md says of the areas layer the planned areas were chosen from
        "areas_layer": _areas_layer(inputs.areas),
        "n_demand": n_points(scenario, demand),  # (points, not their rows)
        "n_sites": len(inputs.sites),
        # (the options this scenario may use: not a new camera in the place of an existing one
        # it does not replace, which the preparation holds for constraints.replace_existing)
        "n_options": len(options) - int((prepared.spare & absent).sum()),
        "n_cameras_new": int(len(chosen) - len(kept)),
        "n_cameras_existing": len(kept),
        "level_values": dict(zip(LEVELS, values[1:].tolist(), strict=True)),
        "privacy": scenario.constraints.privacy,
        "privacy_min_level": scenario.constraints.privacy_min_level,
        "surveillance": scenario.surveillance.model_dump(mode="json"),
        **({"incidents": incident_counts} if incident_counts is not None else {}),
        "notes": notes,
        "inputs": inputs.files,
        "settings": prov.settings(scenario),
        "versions": prov.versions(),
        "timing": {
            **{k: round(v, 3) for k, v in timings.items()},
            # preparation (loading, demand, coverage, privacy) plus this plan's solve and checks
            "total_s": round(time.perf_counter() - started, 3),
        },
    }
    return Plan(
        name=scenario.name,
        crs=scenario.crs,
        areas=areas,
        cameras=cameras,
        views=views,
        sites=sites,
        demand=demand_out,
        buildings=inputs.buildings,
        privacy_zones=inputs.privacy_zones,
        summary=summary,
        daylight_views=daylight_views,
        incidents=inputs.incidents,
        places=(_place_table(scenario, inputs.places, demand, lv, chosen,
                             options["option_id"].to_numpy()[chosen],
                             earned_before=earned_before, earned_after=earned_after,
                             seen_after=seen_after)
                if inputs.places is not None else None),
    )


def _place_table(scenario: Scenario, *args: Any, **kwargs: Any) -> gpd.GeoDataFrame:
    """The plan's places (:func:`~planner._places.place_table`), each place's points counted once.

    A day-and-night plan's demand has each point twice (by day and at night): the shares are
    the weighted means as they should be, the count of points is halved.
    """
    table = place_table(*args, **kwargs)
    if mixed(scenario):
        table["n_points"] = table["n_points"] // 2
    return table


def _money(options: gpd.GeoDataFrame, chosen: np.ndarray, existing: np.ndarray,
            horizon_years: float,
            running_years: float | np.ndarray | None = None, *,
            own: np.ndarray) -> dict[str, float]:
    """What the plan's money is spent on: investment and running costs (``summary.json``).

    ``investment_sek``: the new cameras' one-time cost (purchase, installation, mounting);
    ``yearly_sek``: their running cost a year, ``yearly_over_horizon_sek`` over the horizon
    (in ``spent_sek`` when the scenario includes yearly costs); ``existing_yearly_sek``: the
    existing cameras' running cost a year, all of them; ``existing_yearly_own_sek``: the part of
    it of the existing cameras the municipality runs itself (``own``: per chosen option, the
    sites layer's ``existing_owner`` is ``surveillance.operator``), its own cost, the rest paid
    by their other owners; neither is in ``spent_sek`` (the budget buys and runs the new
    cameras; the register had called the municipality's own cameras another's, and the report
    its 12,000 SEK a year "paid by their owners"). (``spent_sek`` had been one
    sum: 7,998,000 SEK with 3,040,500 of five years' running costs in it, and the running cost
    after the horizon nowhere.) ``running_years``: as
    :func:`~planner.plan.solve_prepared`'s, the years each new camera's running costs are
    counted within the horizon in ``yearly_over_horizon_sek`` (a rollout's stages with
    ``stage_years``); ``None``: ``horizon_years`` each.
    """
    is_existing = np.asarray(existing, dtype=bool)[chosen]
    new, old = chosen[~is_existing], chosen[is_existing]
    ours = chosen[is_existing & np.asarray(own, dtype=bool)]
    investment = options["investment_sek"].to_numpy(dtype=float)
    yearly = options["yearly_sek"].to_numpy(dtype=float)
    new_yearly = float(yearly[new].sum())
    return {
        "investment_sek": round(float(investment[new].sum()), 2),
        "yearly_sek": round(new_yearly, 2),
        "yearly_over_horizon_sek": round(
            float(horizon_years) * new_yearly if running_years is None else float(
                (np.broadcast_to(np.asarray(running_years, dtype=float), yearly.shape)[new]
                 * yearly[new]).sum()), 2),
        "existing_yearly_sek": round(float(yearly[old].sum()), 2),
        "existing_yearly_own_sek": round(float(yearly[ours].sum()), 2),
    }


def _count_incidents(
    cameras: gpd.GeoDataFrame, options: gpd.GeoDataFrame, chosen: np.ndarray, inputs: Inputs,
    catalogue: dict[str, CameraModel],
) -> tuple[gpd.GeoDataFrame, dict[str, Any]]:
    """The documented incidents each camera sees by day, and the plan's totals.

    Counted with the coverage rule, as ``constraints.min_incidents_in_view`` counts them (the
    register had counted with the view polygons, which miss points on a view's straight edge:
    a camera the rule admitted for 8 incidents was listed with none).
    """
    incidents = inputs.incidents
    assert incidents is not None
    hour = incidents["hour"]
    night = at_night(hour).to_numpy()
    seen = (sp.csc_matrix((len(incidents), len(chosen)), dtype=bool)
            if not len(chosen) or not len(incidents) else
            (cov.coverage_matrix(incidents, options.iloc[chosen], inputs.buildings, catalogue,
                                 night=False, warn_blind=False) > 0).tocsc())
    out = cameras.copy()
    out["incidents_in_view"] = np.asarray(seen.sum(axis=0)).ravel().astype(np.int64)
    out["incidents_in_view_18_06"] = (
        np.asarray(seen[np.flatnonzero(night)].sum(axis=0)).ravel().astype(float)
        if hour.notna().any() else np.nan)
    new = np.flatnonzero(~out["existing"].to_numpy(dtype=bool))
    in_new = np.asarray(seen[:, new].sum(axis=1)).ravel() > 0 if len(new) else np.zeros(
        len(incidents), dtype=bool)
    days = incidents["day"].dropna()
    return out, {
        "n": len(incidents),
        "with_time": int(hour.notna().sum()),
        "at_night": int(night.sum()),
        "first_day": f"{days.min():%Y-%m-%d}" if len(days) else None,
        "last_day": f"{days.max():%Y-%m-%d}" if len(days) else None,
        "in_new_views": int(in_new.sum()),
        "in_new_views_at_night": int((in_new & night).sum()),
    }


def _areas_layer(layer: pd.DataFrame) -> dict[str, Any]:
    """The areas layer's size, and whether its priority is the index of its indicators.

    ``priority_from_indicators``: true where the layer has every indicator of
    :data:`planner.importers.PRIORITY_INDICATORS` and its ``priority`` is
    :func:`planner.importers.priority_index` of them over the layer's areas (to its 4 decimals),
    as ``planner import deso`` and the default data make it; false where it is not; None where
    the layer lacks an indicator. report.md says how the priority was made only when it knows.
    """
    from planner.importers import PRIORITY_INDICATORS, priority_index

    known: bool | None = None
    if all(c in layer.columns for c in PRIORITY_INDICATORS):
        try:
            index = priority_index(pd.DataFrame(layer)).to_numpy(dtype=float)
            given = pd.to_numeric(layer["priority"], errors="coerce").to_numpy(dtype=float)
            known = bool(np.all(np.abs(index - given) <= 6e-5))  # (NaN: not the index)
        except (TypeError, ValueError):
            known = False
    return {"n_areas": len(layer), "priority_from_indicators": known}


def _best_level(levels_csc: sp.csc_matrix, cols: np.ndarray, n_rows: int) -> np.ndarray:
    if len(cols) == 0:
        return np.zeros(n_rows, dtype=np.int64)
    sub = levels_csc[:, cols]
    return np.asarray(sub.max(axis=1).todense()).ravel().astype(np.int64)


def _camera_table(
    options: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    catalogue: dict[str, CameraModel],
    levels_csc: sp.csc_matrix,
    chosen: np.ndarray,
    w: np.ndarray,
    values: np.ndarray,
    point_pop: np.ndarray,
    best_after: np.ndarray,
    *,
    night: bool,
) -> gpd.GeoDataFrame:
    table = options.iloc[chosen].copy()
    site_info = sites.set_index("site_id")
    table["approximate"] = table["site_id"].map(site_info["approximate"]).fillna(False).astype(bool)
    table["note"] = table["site_id"].map(site_info["note"]).fillna("").astype(str)
    table["model_name"] = table["model"].map({k: m.name for k, m in catalogue.items()})
    if any(m.name_sv for m in catalogue.values()):  # (the documents in Swedish read it; the
        # data files carry both names, the same bytes in every language)
        table.insert(int(table.columns.get_loc("model_name")) + 1, "model_name_sv",
                     table["model"].map({k: m.name_in("sv") for k, m in catalogue.items()}))
    # the direction for people: orientation_deg is a grid bearing of the metric CRS (the model's
    # geometry), an installer's compass and a map app read bearings from true north
    table.insert(int(table.columns.get_loc("orientation_deg")) + 1, "orientation_true_deg",
                 true_orientation(table))
    reach = np.array([catalogue[m].ranges(float(f), night=night) for m, f in
                      zip(table["model"], table["hfov_deg"], strict=True)]).reshape(-1, 4)
    for i, name in enumerate(("detect", "observe", "recognise", "identify")):
        table[f"range_{name}_m"] = np.round(reach[:, i], 1)  # (at night capped at the IR range)
    if night:
        day = np.array([catalogue[m].ranges(float(f), night=False) for m, f in
                        zip(table["model"], table["hfov_deg"], strict=True)]).reshape(-1, 4)
        for i, name in enumerate(("detect", "observe", "recognise", "identify")):
            table[f"daylight_range_{name}_m"] = np.round(day[:, i], 1)
    sub = levels_csc[:, chosen].tocsc()
    covered, marginal, population = [], [], []
    per_level: list[list[float]] = [[] for _ in LEVEL_COLUMNS]
    for k in range(len(chosen)):
        rows = sub.indices[sub.indptr[k] : sub.indptr[k + 1]]
        lv = sub.data[sub.indptr[k] : sub.indptr[k + 1]].astype(np.int64)
        # graded by the DORI value this camera alone gives, as the plan's and areas' covered
        # weight and population are (they had summed everything in view: 172 people for a
        # camera whose plan covered 74)
        covered.append(float((w[rows] * values[lv]).sum()))
        population.append(float((point_pop[rows] * values[lv]).sum()))
        for level in range(1, 5):
            per_level[level - 1].append(float(w[rows][lv == level].sum()))
        # marginal value: what the plan loses without this camera
        others = np.delete(np.arange(len(chosen)), k)
        best_without = (
            np.asarray(sub[rows][:, others].max(axis=1).todense()).ravel().astype(np.int64)
            if len(others)
            else np.zeros(len(rows), dtype=np.int64)
        )
        marginal.append(float((w[rows] * (values[best_after[rows]] - values[best_without])).sum()))
    table["covered_weight"] = covered
    table["covered_population"] = population
    table["marginal_value"] = marginal
    for column, vals in zip(LEVEL_COLUMNS, per_level, strict=True):
        table[column] = vals
    return table.reset_index(drop=True)
