"""The answer of :func:`planner.optimize.solve`: a plan with its proof, checked (internal).

:class:`SolveResult` is part of the public API: import it from :mod:`planner.optimize`, which
re-exports it (with :data:`OPTIMAL_RGAP`). :func:`_result` is how every stage of the pipeline
ends: the plan checked again from scratch by :func:`validate_plan`, its bound tightened by the
online bound, and a solver's "optimal" with a bound well above its plan not passed on as a proof.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from planner._opt_bounds import _online_bound
from planner._opt_checks import PlanCheck, validate_plan
from planner._opt_infeasible import _LimitBreach
from planner._opt_problem import CoverageProblem
from planner._opt_reduce import Reduced
from planner.errors import one_line

__all__ = ["OPTIMAL_RGAP", "SolveResult"]

#: (the name of the module these lines came from: the same logs as before the split)
logger = logging.getLogger("planner.optimize")

IntArray = NDArray[np.int64]

#: How far (relative to max(1, bound)) an optimal plan's bound may lie above it before the
#: planner doubts the solver's proof.
OPTIMAL_RGAP = 1e-6


@dataclass(frozen=True, eq=False)
class SolveResult:
    """The plan and its proof.

    Attributes
    ----------
    chosen
        Sorted option indices of the plan (required options included).
    objective
        Objective of ``chosen``, recomputed from the original data by :func:`validate_plan`.
    bound
        Proven upper bound on the objective (for ``equity="maxmin"``: given the best minimum
        share found).
    gap
        ``(bound - objective) / max(|bound|, 1e-9)``.
    status
        ``"optimal"`` (proven) or ``"feasible"``.
    backend
        The backend that produced the plan (``"greedy"`` when an exact backend fell back,
        ``"enumeration"`` when the SCIP backend enumerated a tiny problem's plans instead,
        ``"scip+cpsat"`` when the SCIP backend handed a weak-LP MIP over to CP-SAT:
        :mod:`planner._opt_handover`).
    solve_time_s
        Wall-clock seconds of the whole call.
    cost
        Cost of the plan.
    min_share
        Smallest graded covered share over labelled areas (``nan`` without labels).
    reduction
        Sizes before and after the reductions (read-only mapping).
    tie_break
        How the deterministic tie-break ended.
    check
        The independent :class:`PlanCheck` of the plan.
    stopped_by
        What ended the search: ``"proof"`` (optimal), ``"heuristic"`` (greedy backend),
        ``"work limit"`` (a deterministic limit, e.g. SCIP nodes: the same input gives the same
        plan on any machine with the same solver versions), ``"numerics"`` (SCIP called the
        problem infeasible, also at its strictest tolerance, although a plan found before the
        MIP meets every requirement: that plan, with the trivial bound; or a backend said
        "optimal" with a bound more than :data:`OPTIMAL_RGAP` above its plan: that plan, not
        called optimal, with that bound; reproducible),
        ``"gap limit"`` (proven within ``solve``'s ``gap``; reproducible) or ``"time limit"``
        (wall clock: a rerun on a faster or busier machine may give another plan).
    """

    chosen: IntArray
    objective: float
    bound: float
    gap: float
    status: str
    backend: str
    solve_time_s: float
    cost: float
    min_share: float
    reduction: MappingProxyType[str, int]
    tie_break: str
    check: PlanCheck
    stopped_by: str = "proof"


def _result(problem: CoverageProblem, plan: NDArray[np.int64], bound: float, status: str,
            backend: str, started: float, red: Reduced, tie: str, *, stop: str) -> SolveResult:
    check = validate_plan(problem, plan)
    if not check.feasible:
        raise _LimitBreach(one_line(f"{backend} returned an infeasible plan: "
                                    + "; ".join(check.problems)))
    objective = check.objective
    if status != "optimal" or bound - objective > OPTIMAL_RGAP * max(1.0, abs(bound)):
        bound = min(bound, _online_bound(problem, check.chosen, objective))
    bound = max(bound, objective)
    gap = (bound - objective) / max(abs(bound), 1e-9)
    if status == "optimal" and bound - objective > OPTIMAL_RGAP * max(1.0, abs(bound)):
        # a solver that says optimal with its bound well above the plan (CP-SAT, whose model is
        # scaled to integers, at a budget 1 below an option's cost: bound 20.8 over a plan of 0,
        # found by benchmarks/check_numerics.py): not a proof the planner can pass on
        logger.warning("%s reported optimal with a bound %.6g above the plan's %.6g (numerics); "
                       "keeping the plan as feasible", backend, bound, objective)
        status, stop, tie = "feasible", "numerics", "not applied (numerics)"

    ok = problem.label_totals > 0
    min_share = float(check.shares[ok].min()) if ok.any() else float("nan")
    return SolveResult(
        chosen=check.chosen, objective=objective, bound=bound, gap=max(gap, 0.0), status=status,
        backend=backend, solve_time_s=time.perf_counter() - started, cost=check.cost,
        min_share=min_share, reduction=MappingProxyType(dict(red.stats)), tie_break=tie,
        check=check, stopped_by=stop,
    )


def kept_start(problem: CoverageProblem, result: SolveResult,
               start: NDArray[np.int64] | None) -> SolveResult:
    """``result``, or the ``start`` plan where it meets every requirement and is worth more.

    The search begins from ``start`` only where the reductions keep all its options; where
    they drop one (an option another dominates in this problem) and the time limit ends the
    search early, its plan could fall below the start: the start is kept then, its bound the
    result's (a proof of the result is a proof of no better plan, so that happens only without).
    """
    if start is None or result.status == "optimal":
        return result
    check = validate_plan(problem, start)
    if not check.feasible or check.objective <= result.objective + 1e-9 * max(
            1.0, abs(result.objective)):
        return result
    logger.info("the start plan (%.6g) is worth more than the search's (%.6g): kept",
                check.objective, result.objective)
    bound = max(result.bound, check.objective)
    ok = problem.label_totals > 0
    return dataclasses.replace(
        result, chosen=check.chosen, objective=check.objective, bound=bound,
        gap=max((bound - check.objective) / max(abs(bound), 1e-9), 0.0), cost=check.cost,
        min_share=float(check.shares[ok].min()) if ok.any() else float("nan"), check=check,
        tie_break="not applied (the start plan kept)")
