"""The whole pipeline: ``plan(scenario) -> Plan``.

scenario → layers (io) → demand points (demand) → options and coverage matrix (coverage) →
optimisation (optimize) → a :class:`~planner._plan_types.Plan` with every frame the outputs need.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from planner import _provenance as prov
from planner import coverage as cov
from planner import demand as dem

# (``name as name``: re-exported, the steps' public names and the private ones tests and
# benchmarks use; the steps live in planner._plan_inputs and _plan_prepare)
from planner._plan_inputs import INCIDENT_REACH_M as INCIDENT_REACH_M
from planner._plan_inputs import MAX_AREA_POPULATION as MAX_AREA_POPULATION
from planner._plan_inputs import OVERLAP_MAX_SHARE as OVERLAP_MAX_SHARE
from planner._plan_inputs import OVERLAP_MIN_M2 as OVERLAP_MIN_M2
from planner._plan_inputs import STUDY_MARGIN_M as STUDY_MARGIN_M
from planner._plan_inputs import ZONE_INSIDE_SHARE as ZONE_INSIDE_SHARE
from planner._plan_inputs import Inputs, load_inputs
from planner._plan_inputs import _check_overlaps as _check_overlaps
from planner._plan_inputs import inputs_for as inputs_for
from planner._plan_inputs import warn_unreachable_areas as warn_unreachable_areas
from planner._plan_prepare import (
    Prepared,
    _at_least,
    _catalogue,
    _check_reach,
    _demand,
    _reachable_sites,
)
from planner._plan_prepare import _residential_part as _residential_part
from planner._plan_types import Plan
from planner.cameras import CameraModel
from planner.errors import (
    HeuristicShortError,
    InfeasibleError,
    InputError,
    SolverError,
    one_line,
)
from planner.io import at_night, empty_layer
from planner.optimize import CoverageProblem, SolveResult, solve, validate_plan
from planner.scenario import LEVELS, Scenario

__all__ = ["Inputs", "Plan", "Prepared", "load_inputs", "plan", "prepare", "solve_prepared"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
LEVEL_COLUMNS = ("weight_detect", "weight_observe", "weight_recognise", "weight_identify")


def plan(scenario: Scenario, *, progress: Progress | None = None) -> Plan:
    """Solve one scenario end to end.

    Parameters
    ----------
    scenario
        The planning question.
    progress
        Optional callback ``progress(step, done, total)`` (the CLI attaches progress bars).

    Returns
    -------
    Plan
        Every frame the map and report need, and a JSON-ready summary.
    """
    return solve_prepared(prepare(scenario, progress=progress))


def prepare(
    scenario: Scenario, inputs: Inputs | None = None, *, progress: Progress | None = None
) -> Prepared:
    """Load the layers (unless given) and build demand, options and the coverage matrix."""
    timings: dict[str, float] = {}
    if inputs is None:
        t = time.perf_counter()
        inputs = load_inputs(scenario)
        timings["load_s"] = time.perf_counter() - t
    catalogue = _catalogue(scenario, inputs)

    t = time.perf_counter()
    demand = _demand(scenario, inputs)
    timings["demand_s"] = time.perf_counter() - t
    log.info("demand: %d points in %d planned areas (%.1f s)", len(demand),
             len(inputs.planned_areas), timings["demand_s"])

    t = time.perf_counter()
    sites = _reachable_sites(inputs.sites, inputs.planned_areas, catalogue)
    _check_reach(scenario, sites)
    options = cov.build_options(
        sites,
        catalogue,
        orientations=scenario.coverage.orientations,
        horizon_years=scenario.budget.horizon_years,
        include_yearly=scenario.budget.include_yearly_costs,
        buildings=inputs.buildings,
        offered=scenario.coverage.models,
    )
    levels = cov.coverage_matrix(
        demand,
        options,
        inputs.buildings,
        catalogue,
        night=scenario.coverage.night,
        progress=_bar(progress, "coverage"),
    )
    levels = _at_least(levels, LEVELS.index(scenario.coverage.min_level) + 1)
    timings["coverage_s"] = time.perf_counter() - t
    log.info(
        "prepared %d demand points x %d options (%d nonzeros)",
        len(demand),
        len(options),
        levels.nnz,
    )
    prepared = Prepared(scenario, inputs, catalogue, demand, options, levels, timings)
    c = scenario.constraints
    if c.privacy != "off" and len(inputs.privacy_zones):
        # once, before sweeps fan out
        prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1,
                                   progress=_bar(progress, "privacy"))
    return prepared


def solve_prepared(prepared: Prepared, scenario: Scenario | None = None, *,
                   keep: Sequence[int] = (), only: Sequence[int] | None = None,
                   budget_key: str = "budget.total_sek") -> Plan:
    """Optimise a prepared scenario; ``scenario`` may change budget, constraints and solver only.

    ``keep``: options (``option_id``) the plan must have besides the existing cameras (cameras of
    an earlier stage of a rollout, :mod:`planner.rollout`); their cost counts against the budget.
    ``only``: if given, the only new options the plan may choose (``keep`` among them or not).
    ``budget_key``: what a message asks to raise when the money falls short (a rollout's stages
    set the budget, not the scenario's key).
    """
    t0 = time.perf_counter()
    prepared_s = sum(prepared.timings.values())  # (a privacy level first needed now counts below)
    scenario = prepared.scenario if scenario is None else scenario
    check_same_preparation(prepared.scenario, scenario)
    problem = _problem(scenario, prepared, keep=keep, only=only)
    _check_budget(scenario, problem)
    t = time.perf_counter()
    try:
        result = solve(
            problem,
            time_limit=scenario.solver.time_limit_s,
            backend="scip" if scenario.solver.backend == "auto" else scenario.solver.backend,
            gap=scenario.solver.gap,
        )
    except InfeasibleError as exc:
        raise _infeasible(scenario, prepared, exc, budget_key) from None
    except HeuristicShortError:  # (the optimiser's words named neither scenario nor keys)
        c = scenario.constraints
        # (what greedy had to meet, as the optimiser's _greedy_missed says it: both when both)
        what = " and ".join([
            *([f"constraints.equity_min_share = {c.equity_min_share:g} in every planned area"]
              if c.equity_min_share > 0 else []),
            *(["a new camera on every site of constraints.require_sites"]
              if c.require_sites else [])])
        raise InputError(
            f"{scenario.source or 'scenario'}: solver.backend = \"greedy\" did not reach "
            f"{what} (greedy is a heuristic and may miss a plan an exact backend finds); "
            "use solver.backend = \"scip\"" + (" or lower the share" if c.equity_min_share > 0
                                                else "")) from None
    timings = {**prepared.timings, "solve_s": time.perf_counter() - t}
    check = validate_plan(problem, result.chosen)
    if abs(check.objective - result.objective) > 1e-6 * max(1.0, abs(result.objective)):
        raise SolverError(
            f"solver objective {result.objective:.6f} differs from the recomputed "
            f"{check.objective:.6f}; please report this"
        )
    # (as if the preparation had run just before: its time counts in timing.total_s)
    return _assemble(scenario, prepared, problem, result, timings, t0 - prepared_s,
                     budget_key=budget_key)


def _why_no_camera(scenario: Scenario, problem: CoverageProblem,
                   budget_key: str = "budget.total_sek") -> str | None:
    """Why a plan buys no camera, in the coordinator's words (``None``: nothing to explain).

    A plan of no cameras had ended "optimal" with the budget untouched and no word why (every
    option excluded by privacy zones; areas of no population).
    """
    weights = np.asarray(problem.weights, dtype=float)
    if not weights.sum() > 0:
        return ("no camera was bought: the planned areas have no demand weight (population 0, "
                "or no demand points in them); check the population and demand.areas")
    costs = np.asarray(problem.costs, dtype=float)
    new = np.setdiff1d(np.arange(len(costs)), np.asarray(problem.required, dtype=int))
    seeing = new[np.asarray(problem.coverage_csc[:, new].T @ weights).ravel() > 0]
    if not len(seeing):
        return ("no camera was bought: no new camera option sees any demand; add mounts near "
                "the planned areas")
    excluded = np.intersect1d(seeing, np.asarray(problem.excluded, dtype=int))
    if len(excluded) == len(seeing):
        n_min = scenario.constraints.min_incidents_in_view
        if n_min > 0:
            return (f"no camera was bought: every camera option that sees demand "
                    f"({len(seeing)}) is excluded, by the privacy rule or because its view holds "
                    f"fewer than constraints.min_incidents_in_view = {n_min} documented "
                    "incident(s); lower that number, check data.incidents, or check the privacy "
                    "zones and constraints.privacy")
        return (f"no camera was bought: every camera option that sees demand ({len(seeing)}) "
                "views a privacy zone at constraints.privacy_min_level="
                f"{scenario.constraints.privacy_min_level!r} or better and is excluded; check the "
                "privacy zones, raise privacy_min_level or set constraints.privacy = \"penalty\"")
    if costs[np.setdiff1d(seeing, excluded)].min() > problem.budget - costs[
            np.asarray(problem.required, dtype=int)].sum():
        return ("no camera was bought: every allowed camera option that sees demand costs more "
                f"than the budget leaves; raise {budget_key}")
    return ("no camera was bought: no new camera adds coverage beyond the existing cameras' "
            "within the scenario's rules")


def plan_from_inputs(
    scenario: Scenario, inputs: Inputs, *, progress: Progress | None = None
) -> Plan:
    """Solve a scenario whose layers are already loaded."""
    return solve_prepared(prepare(scenario, inputs, progress=progress))


_PREPARATION_KEYS = ("crs", "data", "demand", "coverage")


def same_preparation(a: Scenario, b: Scenario) -> bool:
    """Whether ``b`` can be solved from ``a``'s preparation (:func:`solve_prepared`)."""
    try:
        check_same_preparation(a, b)
    except InputError:
        return False
    return True


def check_same_preparation(a: Scenario, b: Scenario) -> None:
    """Refuse ``b`` unless it can be solved from ``a``'s preparation (budget, rules, solver)."""
    for key in _PREPARATION_KEYS:
        if getattr(a, key) != getattr(b, key):
            raise InputError(
                f"{b.source or 'scenario'}: key {key} differs from the prepared scenario; "
                "prepare the changed scenario anew (only budget.total_sek, constraints and solver "
                "may change between solves)"
            )
    if (a.budget.horizon_years, a.budget.include_yearly_costs) != (
        b.budget.horizon_years,
        b.budget.include_yearly_costs,
    ):
        raise InputError(
            f"{b.source or 'scenario'}: budget.horizon_years/include_yearly_costs change option "
            "costs; prepare the changed scenario anew"
        )


def _infeasible(scenario: Scenario, prepared: Prepared, exc: InfeasibleError,
                budget_key: str = "budget.total_sek") -> InfeasibleError:
    """The optimiser's infeasibility restated in the scenario's terms (keys, area ids, the fix)."""
    if exc.requirement.startswith("required_groups"):
        return _infeasible_sites(scenario, prepared, exc, budget_key)
    if not exc.requirement.startswith("equity"):
        return exc
    c = scenario.constraints
    areas = prepared.inputs.planned_areas.reset_index(drop=True)
    where = f"{scenario.source or 'scenario'}: key constraints.equity_min_share={c.equity_min_share:g}"
    budget = f"{scenario.budget.total_sek:,.0f} SEK"
    if exc.labels:
        first = areas.iloc[exc.labels[0]]
        name = f" ({first['name']})" if "name" in areas.columns and first["name"] else ""
        more = f", and {len(exc.labels) - 1} more area(s) fall short" if len(exc.labels) > 1 else ""
        scope = ("even with every allowed camera" if exc.requirement == "equity_reach"
                 else f"within {budget}")
        detail = (f"area {first['area_id']}{name} reaches at most {exc.reach[0]:.1%} of its "
                  f"demand weight {scope}{more}")
    elif exc.requirement == "equity_search":
        detail = (f"no plan within {budget} that gives every planned area that share was found "
                  "(the search a model this size gets found none; the LP relaxation does not "
                  "rule one out)")
    else:
        # (not "each area can reach it, but not all at once": the per-area check is the LP's,
        # and a single area whose LP reaches the share may still be out of the cameras' reach)
        detail = f"within {budget} no plan gives every planned area that share"
    if exc.requirement == "equity_reach":
        fix = "add camera mounts near the area or lower the share"
    elif c.equity_mode == "maxmin":
        fix = (f"raise {budget_key} or lower the share (with constraints.equity_min_share = 0, "
               "\"maxmin\" finds the best smallest share the budget allows)")
    else:
        fix = (f"raise {budget_key}, lower the share, or set constraints.equity_mode = "
               "\"maxmin\" with constraints.equity_min_share = 0 (the best smallest share the "
               "budget allows instead of a fixed one)")
    verdict = "was not met" if exc.requirement == "equity_search" else "cannot be met"
    # the other rules that keep cameras from places (the share had been blamed on the budget
    # alone where a 10 km spacing allowed one camera)
    rules = _rules_in_force(scenario, prepared)
    if rules:
        fix += f"; the scenario's rules also keep cameras from places: {', '.join(rules)}"
    return InfeasibleError(one_line(f"{where} {verdict}: {detail}; {fix}"),
                           requirement=exc.requirement, labels=exc.labels, reach=exc.reach)


def _rules_in_force(scenario: Scenario, prepared: Prepared) -> list[str]:
    """The scenario's rules that keep cameras from places, as keys and values."""
    c = scenario.constraints
    return [*([f"constraints.min_spacing_m = {c.min_spacing_m:g} m"] if c.min_spacing_m > 0
              else []),
            *([f"constraints.privacy = \"exclude\" at {c.privacy_min_level} level"]
              if c.privacy == "exclude" and len(prepared.inputs.privacy_zones) else []),
            *([f"coverage.models = {list(scenario.coverage.models)}"]
              if scenario.coverage.models is not None else []),
            *([f"constraints.min_incidents_in_view = {c.min_incidents_in_view}"]
              if c.min_incidents_in_view > 0 else [])]


def _infeasible_sites(scenario: Scenario, prepared: Prepared, exc: InfeasibleError,
                      budget_key: str) -> InfeasibleError:
    """A required site that cannot get its camera, in the scenario's terms."""
    c = scenario.constraints
    mounts = prepared.options.drop_duplicates("group").set_index("group")["site_id"]
    sites = [str(mounts.loc[g]) for g in exc.groups if g in mounts.index]
    where = f"{scenario.source or 'scenario'}: key constraints.require_sites"
    budget = f"{scenario.budget.total_sek:,.0f} SEK"
    rules = _rules_in_force(scenario, prepared)
    why = f" ({', '.join(rules)})" if rules else ""
    if exc.requirement == "required_groups":
        detail = (f"site {sites[0]!r} cannot get a new camera: every camera option there is "
                  f"excluded by the scenario's rules{why}")
        fix = f"take {sites[0]!r} out of require_sites or relax those rules"
    elif exc.requirement == "required_groups_budget":
        paid = prepared.options["cost_sek"].to_numpy(dtype=float)[prepared.existing].sum() > 0
        with_existing = " and the existing cameras' costs" if paid else ""
        detail = (f"the cheapest camera on each of the {len(sites)} required sites"
                  f"{with_existing} cost more than {budget} together")
        fix = f"raise {budget_key} or require fewer sites"
    else:
        detail = (f"no plan within {budget} gives each of the {len(sites)} required sites "
                  f"({', '.join(sites[:5])}{', ...' if len(sites) > 5 else ''}) a new camera"
                  + (f" under the scenario's rules{why}" if rules else ""))
        fix = (f"raise {budget_key}, require fewer sites"
               + (" or relax those rules" if rules else ""))
    if c.equity_min_share > 0 and exc.requirement == "required_groups_search":
        fix += f", or lower constraints.equity_min_share = {c.equity_min_share:g}"
    return InfeasibleError(one_line(f"{where}: {detail}; {fix}"),
                           requirement=exc.requirement, groups=exc.groups)


def check_budget(scenario: Scenario, inputs: Inputs) -> None:
    """Refuse what ``plan`` would refuse before solving (``planner validate``, little geometry).

    No mount within camera range of the planned areas; a budget below every new camera option's
    cost on the mounts in range (``plan`` checks the same against the options that see demand,
    :func:`_check_budget`); a demand grid over ``demand.max_points``. ``validate`` had said "ok"
    to all three.
    """
    catalogue = _catalogue(scenario, inputs)
    _check_site_ids(scenario, inputs.sites)
    sites = _reachable_sites(inputs.sites, inputs.planned_areas, catalogue)
    _check_reach(scenario, sites)
    _demand(scenario, inputs)
    options = cov.build_options(
        sites, catalogue, orientations=1,
        horizon_years=scenario.budget.horizon_years,
        include_yearly=scenario.budget.include_yearly_costs, buildings=inputs.buildings,
        offered=scenario.coverage.models,
    )
    costs = options.loc[~options["existing"].to_numpy(dtype=bool), "cost_sek"].to_numpy(float)
    _below_cheapest(scenario, costs)


def _check_budget(scenario: Scenario, problem: CoverageProblem) -> None:
    required = np.asarray(problem.required, dtype=np.int64)
    costs = np.asarray(problem.costs, dtype=float)
    _below_cheapest(scenario, costs[np.setdiff1d(np.arange(len(costs)), required)])


def _below_cheapest(scenario: Scenario, costs: np.ndarray) -> None:
    if len(costs) and scenario.budget.total_sek < costs.min():
        raise InputError(
            f"{scenario.source or 'scenario'}: key budget.total_sek={scenario.budget.total_sek:,.0f} "
            f"is below the cheapest camera option ({costs.min():,.0f} SEK); "
            "raise the budget"
        )


def _bar(progress: Progress | None, step: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(step, done, total)

    return report


def _problem(scenario: Scenario, prepared: Prepared, *, keep: Sequence[int] = (),
             only: Sequence[int] | None = None) -> CoverageProblem:
    inputs, demand, options, levels = (
        prepared.inputs,
        prepared.demand,
        prepared.options,
        prepared.levels,
    )
    values = np.asarray(scenario.level_values, dtype=float)
    value_matrix = levels.astype(np.float64)
    value_matrix.data = values[levels.data.astype(int)]
    is_existing = prepared.existing
    existing = np.flatnonzero(is_existing)
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
    excluded |= site_excluded
    if need:
        extra["required_groups"] = need
    kept = np.asarray(keep, dtype=np.int64)
    if excluded.any():
        extra["excluded"] = tuple(int(j) for j in np.flatnonzero(excluded))
    if c.min_spacing_m > 0:
        try:
            extra["conflicts"] = _spacing_conflicts(options, c.min_spacing_m)
        except InputError as exc:  # (a scenario key: the message names the file)
            raise InputError(f"{scenario.source}: {exc}") from None
    return CoverageProblem(
        coverage=value_matrix.tocsc(),
        weights=demand["weight"].to_numpy(dtype=float),
        costs=options["cost_sek"].to_numpy(dtype=float),
        budget=float(scenario.budget.total_sek),
        required=tuple(int(j) for j in np.union1d(existing, kept)),
        groups=groups,
        max_per_group=capacity,
        **extra,
    )


def _site_rules(scenario: Scenario, prepared: Prepared) -> tuple[np.ndarray, tuple[int, ...]]:
    """``constraints.exclude_sites`` as excluded options, ``require_sites`` as required groups.

    Each id must name a site of ``data.sites``; a required site must be able to get a new
    camera (no existing camera on it, and some camera model may hang there).
    """
    c = scenario.constraints
    options = prepared.options
    excluded = np.zeros(len(options), dtype=bool)
    if not c.require_sites and not c.exclude_sites:
        return excluded, ()
    sites = prepared.inputs.sites
    where = f"{scenario.source or 'scenario'}: key constraints"
    _check_site_ids(scenario, sites)
    site_of = options["site_id"].astype(str)
    excluded = site_of.isin(c.exclude_sites).to_numpy() & ~prepared.existing
    need: list[int] = []
    for site in c.require_sites:
        mine = (site_of == site).to_numpy()
        if not mine.any():
            row = sites[sites["site_id"].astype(str) == site].iloc[0]
            raise InputError(
                f"{where}.require_sites: site {site!r} (a {row['mount_type']}) has no camera "
                "option: it is out of every camera's range of the planned areas, or no camera "
                "model of data.cameras"
                + (" and coverage.models" if scenario.coverage.models is not None else "")
                + " may hang on it; check its position and demand.areas")
        need.append(int(options["group"].to_numpy()[mine][0]))
    if c.min_spacing_m > 0 and need:
        _check_required_spacing(scenario, prepared)
    return excluded, tuple(sorted(need))


def _check_required_spacing(scenario: Scenario, prepared: Prepared) -> None:
    """Refuse required sites that the spacing rule alone keeps apart (no budget would help).

    A required site closer than ``constraints.min_spacing_m`` to an existing camera, or to
    another required site, can never get its camera: every option of two mounts that close
    conflicts (:func:`_spacing_conflicts`), and existing cameras stay. The optimiser would
    only say that no plan serves the sites, and the message would offer a larger budget.
    """
    c = scenario.constraints
    spacing = c.min_spacing_m
    where = f"{scenario.source or 'scenario'}: key constraints.require_sites"
    options = prepared.options
    mounts = options.drop_duplicates("group")
    site = mounts["site_id"].astype(str).to_numpy()
    geoms = mounts.geometry.to_numpy()
    held = set(options.loc[prepared.existing, "site_id"].astype(str))
    wanted = list(c.require_sites)
    at = {s: geoms[np.flatnonzero(site == s)[0]] for s in (*wanted, *sorted(held))}
    fix_key = f"or lower constraints.min_spacing_m = {spacing:g} m"
    for k, a in enumerate(wanted):
        for b in sorted(held - {a}):  # (a required site holds no existing camera: checked)
            d = float(shapely.distance(at[a], at[b]))
            if d < spacing:
                raise InputError(
                    f"{where}: site {a!r} is {d:,.1f} m from the existing camera on {b!r}, "
                    f"closer than constraints.min_spacing_m = {spacing:g} m, so it can never get "
                    f"a camera; take {a!r} out of require_sites {fix_key}")
        for b in wanted[k + 1:]:
            d = float(shapely.distance(at[a], at[b]))
            if d < spacing:
                raise InputError(
                    f"{where}: sites {a!r} and {b!r} are {d:,.1f} m apart, closer than "
                    f"constraints.min_spacing_m = {spacing:g} m, so they cannot both get a "
                    f"camera; require only one of them {fix_key}")


def _check_site_ids(scenario: Scenario, sites: gpd.GeoDataFrame) -> None:
    """Refuse unknown ids in ``require_sites``/``exclude_sites``, and required occupied sites.

    An id the sites layer lacks, or a required site that holds an existing camera (``planner
    validate`` runs this too).
    """
    c = scenario.constraints
    where = f"{scenario.source or 'scenario'}: key constraints"
    ids = sites["site_id"].astype(str)
    known = set(ids)
    for key, wanted in (("require_sites", c.require_sites), ("exclude_sites", c.exclude_sites)):
        unknown = [i for i in wanted if i not in known]
        if unknown:
            shown = ", ".join(repr(str(v)) for v in sorted(known)[:3])
            raise InputError(
                f"{where}.{key}: no site {unknown[0]!r} in {scenario.data.sites} "
                f"({len(unknown)} unknown); give site_id values of that layer (e.g. {shown})")
    if c.require_sites and "existing_model" in sites:
        held = ids[sites["existing_model"].notna().to_numpy()]
        taken = [site for site in c.require_sites if site in set(held)]
        if taken:
            raise InputError(
                f"{where}.require_sites: site {taken[0]!r} has an existing camera; require_sites "
                "is for mounts that get a new one (the existing camera stays in every plan)")


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


def _assemble(
    scenario: Scenario,
    prepared: Prepared,
    problem: CoverageProblem,
    result: SolveResult,
    timings: dict[str, float],
    started: float,
    *,
    budget_key: str = "budget.total_sek",
) -> Plan:
    inputs, catalogue = prepared.inputs, prepared.catalogue
    demand, options, levels = prepared.demand, prepared.options, prepared.levels
    chosen = np.asarray(result.chosen, dtype=np.int64)
    existing = np.flatnonzero(prepared.existing)
    values = np.asarray(scenario.level_values, dtype=float)
    lv = levels.tocsc()
    best_after = _best_level(lv, chosen, len(demand))
    best_before = _best_level(lv, existing, len(demand))

    areas = inputs.planned_areas.copy()
    targets = dem.area_weight_targets(areas, priority_gain=scenario.demand.priority_gain)
    w = demand["weight"].to_numpy(dtype=float)
    earned_after = w * values[best_after]
    earned_before = w * values[best_before]
    by_area = (
        pd.DataFrame(
            {"area_id": demand["area_id"], "after": earned_after, "before": earned_before, "w": w}
        )
        .groupby("area_id")[["after", "before", "w"]]
        .sum()
    )
    areas["weight"] = areas["area_id"].map(by_area["w"]).fillna(0.0).to_numpy()
    areas["covered_weight_before"] = areas["area_id"].map(by_area["before"]).fillna(0.0).to_numpy()
    areas["covered_weight_after"] = areas["area_id"].map(by_area["after"]).fillna(0.0).to_numpy()
    safe = areas["weight"].where(areas["weight"] > 0, 1.0)
    areas["covered_share_before"] = areas["covered_weight_before"] / safe
    areas["covered_share_after"] = areas["covered_weight_after"] / safe
    areas["covered_population_after"] = areas["population"] * areas["covered_share_after"]
    areas["weight_target"] = areas["area_id"].map(targets).to_numpy()

    pop_per_weight = (
        areas.set_index("area_id")["population"] / safe.set_axis(areas["area_id"])
    ).to_dict()
    point_pop = w * demand["area_id"].map(pop_per_weight).fillna(0.0).to_numpy()
    cameras = _camera_table(
        options, inputs.sites, catalogue, lv, chosen, w, values, point_pop, best_after,
        night=scenario.coverage.night,
    )
    views = (
        cov.view_polygons(
            options.iloc[chosen], inputs.buildings, catalogue, night=scenario.coverage.night
        )
        if len(chosen)
        else empty_layer(["option_id", "level"], scenario.crs)
    )
    # the privacy rule counts what a camera sees by day (coverage.privacy_intrusion): the
    # camera register describes that, not the IR-capped night view (it had said 0 m² for a camera
    # the plan was penalised 20 m² for)
    daylight_views = (
        cov.view_polygons(options.iloc[chosen], inputs.buildings, catalogue, night=False)
        if scenario.coverage.night and len(chosen) else None
    )
    # a new camera on a mount the scenario requires one on (constraints.require_sites)
    cameras["required_site"] = (
        cameras["site_id"].astype(str).isin(scenario.constraints.require_sites).to_numpy()
        & ~cameras["existing"].to_numpy(dtype=bool))
    incident_counts = None
    if inputs.incidents is not None:
        cameras, incident_counts = _count_incidents(cameras, options, chosen, inputs, catalogue)
    sites = inputs.sites.copy()
    sites["chosen"] = sites["site_id"].isin(set(options["site_id"].iloc[chosen]))
    # what the scenario decided on a mount (constraints.require_sites / exclude_sites), for the map
    ids = sites["site_id"].astype(str)
    sites["rule"] = np.select(
        [ids.isin(scenario.constraints.require_sites).to_numpy(),
         ids.isin(scenario.constraints.exclude_sites).to_numpy()],
        ["required", "excluded"], "")
    demand_out = demand.copy()
    demand_out["level"] = best_after.astype(np.int8)
    demand_out["level_before"] = best_before.astype(np.int8)

    spent = float(np.asarray(problem.costs, dtype=float)[chosen].sum())
    total_w = float(w.sum())
    note = (_why_no_camera(scenario, problem, budget_key) if len(chosen) == len(existing)
            else None)
    if note is not None:
        log.warning("%s: %s", scenario.name, note)
    notes = [note] if note is not None else []
    summary: dict[str, Any] = {
        "scenario": scenario.name,
        "title": scenario.title,
        "crs": scenario.crs,
        "budget_sek": float(scenario.budget.total_sek),
        "spent_sek": round(spent, 2),
        "remaining_sek": round(float(scenario.budget.total_sek) - spent, 2),
        "horizon_years": scenario.budget.horizon_years,
        "include_yearly_costs": scenario.budget.include_yearly_costs,
        "objective": float(result.objective),
        "bound": float(result.bound),
        "gap": float(result.gap),
        "status": result.status,
        "stopped_by": result.stopped_by,
        "backend": getattr(result, "backend", scenario.solver.backend),
        "covered_share": float(earned_after.sum() / total_w) if total_w else 0.0,
        "covered_share_before": float(earned_before.sum() / total_w) if total_w else 0.0,
        "covered_population": float(areas["covered_population_after"].sum()),
        "population": int(areas["population"].sum()),
        "n_areas": len(areas),
        "n_demand": len(demand),
        "n_sites": len(inputs.sites),
        "n_options": len(options),
        "n_cameras_new": int(len(chosen) - len(existing)),
        "n_cameras_existing": len(existing),
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
    )


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
                                 night=False) > 0).tocsc())
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
