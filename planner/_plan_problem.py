"""The optimiser's problem from a prepared scenario, and the scenario's rules checked before it.

:func:`_problem` turns a :class:`~planner._plan_prepare.Prepared` and a scenario's budget and
constraints into a :class:`~planner.optimize.CoverageProblem`: graded coverage values, mount
capacities, equity, backup, privacy, incidents, a rollout's stages, required and excluded sites
(:func:`~planner._plan_site_rules._site_rules`, whose ids and required mounts
:mod:`planner._plan_site_rules` checks) and spacing conflicts (:func:`_spacing_conflicts`). What
no budget could fix is refused here, before any solve (:func:`check_budget`,
:func:`_check_budget`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import coverage as cov
from planner._area_factors import check_area_factors, objective_weights, unplanned_factors
from planner._plan_inputs import Inputs
from planner._plan_prepare import (
    Prepared,
    _catalogue,
    _check_reach,
    _demand,
    _reachable_sites,
    spare_options,
)
from planner._plan_site_rules import _check_site_ids, _required_groups, _site_rules
from planner.errors import InputError
from planner.optimize import CoverageProblem
from planner.scenario import LEVELS, Scenario

# (the pipeline's logger, as the other steps': the CLI prints its name)
log = logging.getLogger("planner.plan")


def check_budget(scenario: Scenario, inputs: Inputs) -> None:
    """Refuse what ``plan`` would refuse before solving (``planner validate``, little geometry).

    No mount within camera range of the planned areas; a budget below every new camera option's
    cost on the mounts in range (``plan`` checks the same against the options that see demand,
    :func:`_check_budget`); a demand grid over ``demand.max_points``. ``validate`` had said "ok"
    to all three. Also the site rules' ids, and required sites out of range or kept from their
    camera by the spacing rule (:func:`_required_groups`).
    """
    catalogue = _catalogue(scenario, inputs)
    _check_site_ids(scenario, inputs.sites, inputs.sites_outside)
    warning = unplanned_factors(scenario, inputs.planned_areas["area_id"])
    if warning is not None:  # (as plan warns: a factor on an area not planned changes nothing)
        log.warning("%s", warning)
    sites = _reachable_sites(inputs.sites, inputs.planned_areas, catalogue)
    _check_reach(scenario, sites)
    _demand(scenario, inputs)
    options = cov.build_options(
        sites, catalogue, orientations=1,
        horizon_years=scenario.budget.horizon_years,
        include_yearly=scenario.budget.include_yearly_costs, buildings=inputs.buildings,
        offered=scenario.coverage.models, replacements=True,
    )
    absent = unavailable(scenario, options, inputs.sites)
    _required_groups(scenario, inputs.sites, options[~absent], inputs.buildings)
    costs = options.loc[~options["existing"].to_numpy(dtype=bool) & ~absent,
                        "cost_sek"].to_numpy(float)
    _below_cheapest(scenario, costs)


def _check_budget(scenario: Scenario, problem: CoverageProblem,
                  useful: Prepared | None = None, *, absent: np.ndarray | None = None) -> None:
    """Refuse a budget below the cheapest new camera option.

    ``absent``: the options no plan of the scenario may hold (:func:`unavailable`), left out of
    the cheapest: a new camera in the place of an existing one that is not replaced (its mount
    costs nothing to mount in Katrineholm's data) would have lowered it.

    ``useful``, the problem's preparation (given for a plan of its own: not for a sweep's
    budget or a rollout's stage, which may buy nothing): also a budget below the cheapest new
    option that sees demand and that the scenario's rules allow (privacy, incidents, excluded
    sites), known here at the cost of one sparse product. A budget of exactly the cheapest
    option had passed the check and bought nothing, the cheapest being one the privacy rule
    excludes or one that sees no demand.

    Not with ``constraints.require_sites``: the plan buys the required mounts' cameras, whatever
    the cheaper ones see (a required mount that sees no demand is refused by
    :func:`_check_required_see`), or, where the budget cannot pay for them, is refused naming
    the required sites and their cost (``required_groups_budget``); a budget that paid for a
    required mount's camera had been refused as buying none.
    """
    required = np.asarray(problem.required, dtype=np.int64)
    costs = np.asarray(problem.costs, dtype=float)
    new = np.setdiff1d(np.arange(len(costs)), required)
    # (an existing camera taken down, constraints.remove_existing, is excluded at cost 0: not
    # a camera to buy, and its 0 had passed every budget)
    excluded = np.asarray(problem.excluded, dtype=np.int64)
    new = np.setdiff1d(new, excluded[costs[excluded] == 0])
    if absent is not None:
        new = np.setdiff1d(new, np.flatnonzero(absent))
    _below_cheapest(scenario, costs[new])
    if useful is None or len(problem.required_groups):
        return
    allowed = np.setdiff1d(seeing_new(problem), np.asarray(problem.excluded, dtype=np.int64))
    budget = scenario.budget.total_sek
    if len(allowed) and budget < costs[allowed].min():
        c = scenario.constraints
        zones = len(useful.inputs.privacy_zones) > 0
        rules = [*(["constraints.privacy = \"exclude\""] if c.privacy == "exclude" and zones
                   else []),
                 *(["constraints.exclude_sites"] if c.exclude_sites else []),
                 *(["constraints.remove_existing"] if c.remove_existing else []),
                 *([f"constraints.min_incidents_in_view = {c.min_incidents_in_view}"]
                   if c.min_incidents_in_view > 0 else [])]
        why = "see no demand" + (f" or are excluded by {', '.join(rules)}" if rules else "")
        raise InputError(
            f"{scenario.source or 'scenario'}: key budget.total_sek={as_given(budget)} buys no "
            f"camera: the cheapest camera option that sees demand and the scenario's rules allow "
            f"costs {as_given(float(costs[allowed].min()))} SEK (the cheaper ones {why}); "
            "raise the budget")


def seeing_new(problem: CoverageProblem) -> np.ndarray:
    """The new (not required) options that see demand of positive weight, by index."""
    costs = np.asarray(problem.costs, dtype=float)
    new = np.setdiff1d(np.arange(len(costs)), np.asarray(problem.required, dtype=np.int64))
    weights = np.asarray(problem.weights, dtype=float)
    return new[np.asarray(problem.coverage_csc[:, new].T @ weights).ravel() > 0]


def as_given(sek: float) -> str:
    """An amount as the scenario gave it: grouped, whole where it is whole, else every decimal.

    (``budget.total_sek = 40999.6`` had read "41,000 is below the cheapest camera option (41,000
    SEK)", and 0.5 had read 0.)
    """
    if float(sek).is_integer():
        return f"{sek:,.0f}"
    return f"{Decimal(repr(float(sek))):,f}"


def _below_cheapest(scenario: Scenario, costs: np.ndarray) -> None:
    if len(costs) and scenario.budget.total_sek < costs.min():
        raise InputError(
            f"{scenario.source or 'scenario'}: key budget.total_sek="
            f"{as_given(scenario.budget.total_sek)} is below the cheapest camera option "
            f"({as_given(float(costs.min()))} SEK); raise the budget"
        )


def option_costs(prepared: Prepared, running_years: float | np.ndarray | None = None
                 ) -> np.ndarray:
    """Each option's cost against the budget; ``running_years`` its years of running costs.

    ``None``: the preparation's ``cost_sek`` (the scenario's horizon for every option). Else
    the years of running costs each new option carries within the budget (one number for all,
    or one per option): its ``investment_sek`` + that × ``yearly_sek`` (a rollout's stage with
    ``stage_years``: a camera bought later runs fewer of the horizon's years). Existing cameras
    keep theirs (0: paid by their owners).
    """
    options = prepared.options
    costs = options["cost_sek"].to_numpy(dtype=float)
    if running_years is None:
        return costs
    years = np.broadcast_to(np.asarray(running_years, dtype=float), costs.shape)
    # (in build_options' order, investment + years × yearly: the same sum where years = H)
    staged = (options["investment_sek"].to_numpy(dtype=float)
              + years * options["yearly_sek"].to_numpy(dtype=float))
    return np.where(prepared.existing, costs, staged)


def _problem(scenario: Scenario, prepared: Prepared, *, keep: Sequence[int] = (),
             only: Sequence[int] | None = None,
             running_years: float | np.ndarray | None = None) -> CoverageProblem:
    inputs, demand, options, levels = (
        prepared.inputs,
        prepared.demand,
        prepared.options,
        prepared.levels,
    )
    _check_factors(scenario, prepared)
    values = np.asarray(scenario.level_values, dtype=float)
    value_matrix = levels.astype(np.float64)
    value_matrix.data = values[levels.data.astype(int)]
    is_existing = prepared.existing
    # existing cameras taken down or replaced (constraints.remove_existing, replace_existing)
    # are in no plan, and neither are the new options of a mount whose camera is not replaced
    gone = scenario.constraints
    if gone.remove_existing or gone.replace_existing:
        _check_site_ids(scenario, inputs.sites, inputs.sites_outside)
    taken_down = unavailable(scenario, options, inputs.sites)
    existing = np.flatnonzero(is_existing & ~taken_down)
    _check_replaced_see(scenario, prepared, taken_down)
    groups = options["group"].to_numpy(dtype=np.int64)
    # one capacity per group (mount), indexed by the group number: a mount without options (no
    # model may hang there) had shortened the list and failed the plan
    mounts = options.drop_duplicates("group")
    per_site = inputs.sites.drop_duplicates("site_id").set_index("site_id")["max_cameras"]
    capacity = np.zeros(int(groups.max()) + 1 if len(groups) else 0, dtype=np.int64)
    capacity[mounts["group"].to_numpy(dtype=np.int64)] = (
        per_site.loc[mounts["site_id"]].to_numpy(dtype=np.int64))
    area_codes = pd.Categorical(demand["area_id"], categories=inputs.planned_areas["area_id"])
    c = scenario.constraints
    extra: dict[str, Any] = {}
    if c.equity_min_share > 0 or c.equity_mode == "maxmin":  # (maxmin: also with no floor)
        extra.update(
            labels=area_codes.codes.astype(np.int64),
            min_share=c.equity_min_share,
            equity=c.equity_mode,
        )
    if c.backup_bonus > 0:
        extra["backup_bonus"] = c.backup_bonus
    excluded = np.zeros(len(options), dtype=bool)
    if c.privacy != "off" and len(inputs.privacy_zones):
        intrusion = prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1)
        intrusion[existing] = 0.0
        if c.privacy == "exclude":  # (up to privacy_maskable_m2 is masked in the camera)
            excluded |= intrusion > c.privacy_maskable_m2
        else:
            extra["penalties"] = intrusion * c.privacy_penalty_per_m2
    if c.min_incidents_in_view > 0:  # (existing cameras stay: they are there already)
        few = prepared.incidents_seen() < c.min_incidents_in_view
        few[existing] = False
        excluded |= few
    if only is not None:  # (a rollout's earlier stage: a subset of the later stage's cameras)
        allowed = np.zeros(len(options), dtype=bool)
        allowed[np.asarray(only, dtype=np.int64)] = True
        excluded |= ~allowed & ~is_existing
    site_excluded, need = _site_rules(scenario, prepared)
    excluded |= site_excluded | taken_down
    if need:
        extra["required_groups"] = need
    kept = np.asarray(keep, dtype=np.int64)
    if excluded.any():
        extra["excluded"] = tuple(int(j) for j in np.flatnonzero(excluded))
    if c.min_spacing_m > 0:
        # (the pairs of the options a plan of the scenario may hold: those the preparation keeps
        # on the mounts of existing cameras for constraints.replace_existing had added 12,005
        # pairs to Katrineholm's 468,440 at 40 m in every scenario, counted against
        # MAX_CONFLICT_PAIRS)
        usable = np.flatnonzero(~taken_down)
        try:
            extra["conflicts"] = usable[_spacing_conflicts(options.iloc[usable],
                                                           c.min_spacing_m)]
        except InputError as exc:  # (a scenario key: the message names the file)
            raise InputError(f"{scenario.source}: {exc}") from None
    return CoverageProblem(
        coverage=value_matrix.tocsc(),
        # (each point's weight × its area's factor, demand.area_factors: 1 where none)
        weights=objective_weights(scenario, demand),
        costs=option_costs(prepared, running_years),
        budget=float(scenario.budget.total_sek),
        required=tuple(int(j) for j in np.union1d(existing, kept)),
        groups=groups,
        max_per_group=capacity,
        # (the planned areas partition the demand for the decomposition bound of a model too
        # large for the full MIP: a tighter bound, the same plan)
        blocks=area_codes.codes.astype(np.int64),
        **extra,
    )


def _check_factors(scenario: Scenario, prepared: Prepared) -> None:
    """``demand.area_factors`` checked for a plan of ``prepared``; unplanned areas warned once.

    A plan that shares another scenario's preparation (``compare``, a notebook's
    ``solve_prepared``) had its factors' ids checked against no layer: they are here.
    """
    if not scenario.demand.area_factors:
        return
    if scenario.demand.area_factors != prepared.scenario.demand.area_factors:
        check_area_factors(scenario, prepared.inputs.areas)
    warning = unplanned_factors(scenario, prepared.inputs.planned_areas["area_id"])
    if warning is not None and warning not in prepared._warned:  # (a sweep: once)
        prepared._warned.add(warning)
        log.warning("%s", warning)


def unavailable(scenario: Scenario, options: gpd.GeoDataFrame,
                sites: gpd.GeoDataFrame) -> np.ndarray:
    """Per option whether no plan of ``scenario`` may hold it (the preparation has it).

    Every option on a mount of ``constraints.remove_existing``: the existing camera there is in
    no plan, and neither is a new one (a mount that carries more cameras than its existing one
    had been given new cameras in its place, on the taken down camera's mount, model and
    direction, which the comparison then called unchanged). The existing camera on a mount of
    ``constraints.replace_existing``, whose new options stay. The new options on a mount its
    existing camera fills (:func:`~planner._plan_prepare.spare_options`) where it is not
    replaced.
    """
    c = scenario.constraints
    site_of = options["site_id"].astype(str)
    existing = options["existing"].to_numpy(dtype=bool)
    replaced = site_of.isin(c.replace_existing).to_numpy()
    return (site_of.isin(c.remove_existing).to_numpy() | (replaced & existing)
            | (spare_options(options, sites) & ~replaced))


def available_new(scenario: Scenario, prepared: Prepared) -> np.ndarray:
    """Per option whether it is a new camera a plan of ``scenario`` may buy (rules aside).

    For the cheapest camera a sweep's and a rollout's first budget must reach.
    """
    return ~prepared.existing & ~unavailable(scenario, prepared.options, prepared.inputs.sites)


def _check_replaced_see(scenario: Scenario, prepared: Prepared, absent: np.ndarray) -> None:
    """Refuse a mount of ``constraints.replace_existing`` where no new camera covers demand.

    No model may hang there, or none of its options sees a demand point of the planned areas:
    the camera would only be taken down, which ``remove_existing`` says.
    """
    wanted = scenario.constraints.replace_existing
    if not wanted:
        return
    options = prepared.options
    site_of = options["site_id"].astype(str).to_numpy()
    new = ~prepared.existing & ~absent
    seen = np.bincount(prepared.levels.tocsr().indices, minlength=len(options)) > 0
    for site in wanted:
        mine = new & (site_of == site)
        if mine.any() and seen[mine].any():
            continue
        why = ("no camera model of data.cameras"
               + (" and coverage.models" if scenario.coverage.models is not None else "")
               + " may hang on it" if not mine.any() else
               "none of the new camera options there sees a demand point of the planned areas")
        raise InputError(
            f"{scenario.source or 'scenario'}: key constraints.replace_existing: site {site!r} "
            f"can get no new camera that covers anyone ({why}); to take its camera down, list "
            "it in constraints.remove_existing instead")


#: Conflicting option pairs a spacing rule may make (each a row of the optimiser's model).
MAX_CONFLICT_PAIRS = 25_000_000


def _spacing_conflicts(options: gpd.GeoDataFrame, spacing: float) -> np.ndarray:
    """Option pairs on different mounts closer than ``spacing`` metres.

    Two existing cameras are no conflict: they are there already (two police cameras 38.8 m
    apart had made every scenario with a 40 m spacing infeasible, "required options alone
    break a limit"). Mounts exactly ``spacing`` apart are not closer than it.
    """
    mounts = options.drop_duplicates("group").sort_values("group")
    geoms = mounts.geometry.values
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=spacing)
    keep = (a < b) & (shapely.distance(geoms[a], geoms[b]) < spacing)
    a, b = a[keep], b[keep]
    # the options of each mount, as slices of the options sorted by mount
    order = np.argsort(options["group"].to_numpy(), kind="stable")
    sizes = np.bincount(options["group"].to_numpy(dtype=np.int64))[
        mounts["group"].to_numpy(dtype=np.int64)] if len(options) else np.zeros(0, np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_pairs = int((sizes[a] * sizes[b]).sum())
    if n_pairs > MAX_CONFLICT_PAIRS:  # (10 km had run out of memory after a minute, exit 1)
        raise InputError(
            f"key constraints.min_spacing_m = {spacing:g} m makes {n_pairs:,} pairs of camera "
            f"options that conflict (at most {MAX_CONFLICT_PAIRS:,}); give a smaller spacing")
    # every option of mount a against every option of mount b, without a Python loop
    reps = sizes[a] * sizes[b]
    pair = np.repeat(np.arange(len(a)), reps)
    k = np.arange(n_pairs) - np.repeat(np.cumsum(reps) - reps, reps)
    i = order[starts[a][pair] + k // sizes[b][pair]]
    j = order[starts[b][pair] + k % sizes[b][pair]]
    existing = options["existing"].to_numpy(dtype=bool)
    both = existing[i] & existing[j]
    return np.column_stack([i[~both], j[~both]]).astype(np.int64).reshape(-1, 2)
