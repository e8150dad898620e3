"""The whole pipeline: ``plan(scenario) -> Plan``.

scenario → layers (io) → demand points (demand) → options and coverage matrix (coverage) →
optimisation (optimize) → a :class:`~planner._plan_types.Plan` with every frame the outputs need.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from planner import coverage as cov
from planner._day_night import demand_coverage, mixed, n_points
from planner._plan_area_ids import check_area_ids

# (``name as name``: re-exported, the steps' public names and the private ones tests and
# benchmarks use; the steps live in planner._plan_inputs (with _plan_checks and
# _plan_area_ids), _plan_prepare, _plan_problem (with _plan_site_rules), _plan_messages and
# _plan_assemble; a given plan's cameras scored without optimising, evaluate, in _plan_evaluate)
from planner._plan_assemble import LEVEL_COLUMNS as LEVEL_COLUMNS
from planner._plan_assemble import _assemble
from planner._plan_checks import INCIDENT_REACH_M as INCIDENT_REACH_M
from planner._plan_checks import OVERLAP_MAX_SHARE as OVERLAP_MAX_SHARE
from planner._plan_checks import OVERLAP_MIN_M2 as OVERLAP_MIN_M2
from planner._plan_checks import STUDY_MARGIN_M as STUDY_MARGIN_M
from planner._plan_checks import ZONE_INSIDE_SHARE as ZONE_INSIDE_SHARE
from planner._plan_checks import _check_overlaps as _check_overlaps
from planner._plan_checks import warn_unreachable_areas as warn_unreachable_areas
from planner._plan_evaluate import evaluate, reword
from planner._plan_inputs import MAX_AREA_POPULATION as MAX_AREA_POPULATION
from planner._plan_inputs import Inputs, load_inputs
from planner._plan_inputs import inputs_for as inputs_for
from planner._plan_messages import _infeasible
from planner._plan_prepare import (
    Prepared,
    _at_least,
    _catalogue,
    _check_reach,
    _demand,
    _reachable_sites,
)
from planner._plan_prepare import _residential_part as _residential_part
from planner._plan_problem import MAX_CONFLICT_PAIRS as MAX_CONFLICT_PAIRS
from planner._plan_problem import _check_budget, _problem, unavailable
from planner._plan_problem import _spacing_conflicts as _spacing_conflicts
from planner._plan_problem import check_budget as check_budget
from planner._plan_site_rules import _site_rules as _site_rules
from planner._plan_types import Plan
from planner.errors import (
    HeuristicShortError,
    InfeasibleError,
    InputError,
    NoPlanInTimeError,
    SolverError,
)
from planner.optimize import solve, validate_plan
from planner.scenario import LEVELS, Scenario

__all__ = ["Inputs", "Plan", "Prepared", "check_area_ids", "evaluate", "load_inputs", "plan",
           "prepare", "reword", "solve_prepared"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


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
    return solve_prepared(prepare(scenario, progress=progress), strict_budget=True)


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
        # (a new camera in an existing one's place, constraints.replace_existing: a rule a
        # plan of the same preparation may set, so their coverage is computed here)
        replacements=True,
    )
    # (by day or at night; coverage.night_share: the day rows above the night rows)
    demand, levels = demand_coverage(scenario, demand, options, inputs.buildings, catalogue,
                                     progress=_bar(progress, "coverage"))
    levels = _at_least(levels, LEVELS.index(scenario.coverage.min_level) + 1)
    timings["coverage_s"] = time.perf_counter() - t
    # (a plan of day and night has each point twice, a row by day and one at night: the log had
    # said "prepared 456 demand points" of 228)
    log.info(
        "prepared %d demand points x %d options%s (%d nonzeros)",
        n_points(scenario, demand),
        len(options),
        ", each point by day and at night" if mixed(scenario) else "",
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
                   budget_key: str = "budget.total_sek", strict_budget: bool = False,
                   running_years: float | np.ndarray | None = None,
                   start: Plan | Sequence[int] | None = None) -> Plan:
    """Optimise a prepared scenario; ``scenario`` may change budget, constraints and solver only.

    ``keep``: options (``option_id``) the plan must have besides the existing cameras (cameras of
    an earlier stage of a rollout, :mod:`planner.rollout`); their cost counts against the budget.
    ``only``: if given, the only new options the plan may choose (``keep`` among them or not).
    ``budget_key``: what a message asks to raise when the money falls short (a rollout's stages
    set the budget, not the scenario's key).
    ``strict_budget``: also refuse a budget below the cheapest new camera that sees demand and
    that the scenario's rules allow (:func:`plan` does: such a plan buys nothing; a sweep's
    budgets and a rollout's stages may, and are only refused below the cheapest option).
    ``running_years``: the years of running costs each new option carries within the budget
    (one number, or one per option; ``None``: the scenario's horizon, the preparation's
    ``cost_sek``): a rollout's stages with ``stage_years``
    (:func:`~planner._plan_problem.option_costs`). The plan's ``cost_sek``, ``spent_sek`` and
    ``yearly_over_horizon_sek`` are then those costs.
    ``start``: a plan of this preparation (a :class:`Plan`, its cameras frame or option ids) to
    begin the search from: its new cameras that ``scenario`` allows, with the cameras it keeps
    (existing, required). Where they make a plan within the budget the answer is worth at least
    as much, also when the time limit ends the search: a what-if (a camera replaced, a mount
    excluded) set beside the plan it changes then costs at most what the change takes away
    (notebook 01 at 20 s: replacing a camera whose marginal value is 40.4 had cost 121.4).
    """
    t0 = time.perf_counter()
    prepared_s = sum(prepared.timings.values())  # (a privacy level first needed now counts below)
    scenario = prepared.scenario if scenario is None else scenario
    check_same_preparation(prepared.scenario, scenario)
    problem = _problem(scenario, prepared, keep=keep, only=only, running_years=running_years)
    _check_budget(scenario, problem,
                  prepared if strict_budget and not keep and only is None else None,
                  absent=unavailable(scenario, prepared.options, prepared.inputs.sites))
    first = None
    if start is not None:
        from planner._plan_evaluate import _option_ids

        ids = _option_ids(prepared, start)
        allowed = np.setdiff1d(ids[ids >= 0], np.asarray(problem.excluded, dtype=np.int64))
        first = np.union1d(np.asarray(problem.required, dtype=np.int64), allowed)
    t = time.perf_counter()
    try:
        result = solve(
            problem,
            time_limit=scenario.solver.time_limit_s,
            backend="scip" if scenario.solver.backend == "auto" else scenario.solver.backend,
            gap=scenario.solver.gap,
            start=None if first is None else first.tolist(),
        )
    except InfeasibleError as exc:
        raise _infeasible(scenario, prepared, exc, budget_key, problem=problem) from None
    except NoPlanInTimeError as exc:  # (the optimiser's words named its own time_limit)
        missed, ease = _missed_rules(scenario, exc.missed)
        raise exc.reworded(
            f"{scenario.source or 'scenario'}: the solver found no plan within solver.time_limit_s"
            f" = {scenario.solver.time_limit_s:g} s (its heuristic start could not {missed});"
            f" raise solver.time_limit_s, or {ease}") from None
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
                     budget_key=budget_key, running_years=running_years)


def _missed_rules(scenario: Scenario, missed: str) -> tuple[str, str]:
    """What the heuristic start missed in the scenario's keys, and how to ease it.

    The optimiser says "reach the equity min_share" and "give each required group an option";
    the message to the user names ``constraints.equity_min_share`` and
    ``constraints.require_sites`` (it had said "or ease the rule", naming no key). What maps to
    no key of the scenario (max-min's own share) stays in the optimiser's words.
    """
    c = scenario.constraints
    what: list[str] = []
    ease: list[str] = []
    if "equity" in missed and c.equity_min_share > 0:
        what.append(f"reach constraints.equity_min_share = {c.equity_min_share:g} in every "
                    "planned area")
        ease.append("lower constraints.equity_min_share")
    if "required group" in missed and c.require_sites:
        what.append("put a new camera on every site of constraints.require_sites")
        ease.append("require fewer sites (constraints.require_sites)")
    if not what or ("equity" in missed and c.equity_min_share <= 0) or (
            "required group" in missed and not c.require_sites):
        return missed, "ease the rule"
    return " and ".join(what), " or ".join(ease)


def plan_from_inputs(
    scenario: Scenario, inputs: Inputs, *, progress: Progress | None = None
) -> Plan:
    """Solve a scenario whose layers are already loaded."""
    return solve_prepared(prepare(scenario, inputs, progress=progress), strict_budget=True)


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
    if not isinstance(b, Scenario):  # (a variant's name, or overrides: an AttributeError's
        # traceback, "'str' object has no attribute 'crs'", had been all a notebook was told)
        given = repr(b) if len(repr(b)) <= 80 else repr(b)[:77] + "..."
        how = (f"load_scenario(path, variant={b!r})" if isinstance(b, str) else
               "scenario.with_overrides(those overrides)" if isinstance(b, Mapping) else
               "load_scenario(path) or scenario.with_overrides({...})")
        raise InputError(f"scenario: {given} is a {type(b).__name__}, not a Scenario; give "
                         f"{how}")
    for key in _PREPARATION_KEYS:
        # (demand.area_factors weighs the optimiser's weights only: applied at the solve)
        if _prepared_part(a, key) != _prepared_part(b, key):
            raise InputError(
                f"{b.source or 'scenario'}: key {key} differs from the prepared scenario; "
                "prepare the changed scenario anew (only budget.total_sek, constraints, solver "
                "and demand.area_factors may change between solves)"
            )
    if (a.budget.horizon_years, a.budget.include_yearly_costs) != (
        b.budget.horizon_years,
        b.budget.include_yearly_costs,
    ):
        raise InputError(
            f"{b.source or 'scenario'}: budget.horizon_years/include_yearly_costs change option "
            "costs; prepare the changed scenario anew"
        )


def _prepared_part(scenario: Scenario, key: str) -> object:
    """The scenario's table ``key`` as far as the preparation depends on it."""
    value = getattr(scenario, key)
    return value.model_copy(update={"area_factors": {}}) if key == "demand" else value


def _bar(progress: Progress | None, step: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(step, done, total)

    return report
