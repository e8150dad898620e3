"""The full-coverage stage: the least-cost plan that reaches the trivial bound (internal).

When covering every coverable demand point at its best level may fit the budget (a packing of
disjoint level sets says so before the LP, :func:`_cover_affordable`; or the LP relaxation
reaches the trivial bound), one MIP, least cost subject to reaching that bound, replaces the MIP
and the tie-break's uniqueness query (:func:`_full_cover`); :func:`_cover_result` makes it the
solve's result, with its tie-break.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from planner._opt_bounds import _trivial_bound
from planner._opt_built import Problem, _Built, _value
from planner._opt_callbacks import _tie_break
from planner._opt_checks import budget_cap
from planner._opt_lp import _fixed_model
from planner._opt_problem import CoverageProblem
from planner._opt_reduce import full_cover_cost_bound
from planner._opt_result import SolveResult, _result
from planner._opt_solvers import (
    CUTOFF_QUERY_HEURISTICS,
    MipOutcome,
    _left,
    pad_to,
    solve_mip,
    with_rows,
)
from planner._opt_tiebreak import (
    CPSAT_STAGE_WORKERS,
    STAGE_SCIP,
    TIE_RTOL,
    one_positive_cost,
    size_weight,
)

logger = logging.getLogger(__name__)


def _cover_affordable(problem: Problem, built: _Built) -> bool:
    """Whether covering everything may fit the budget (:func:`full_cover_cost_bound`)."""
    limit = budget_cap(problem.budget)
    cost = np.asarray(problem.costs, dtype=np.float64)[built.red.keep]
    bound = full_cover_cost_bound(built.red, cost, limit)
    if bound <= limit:
        logger.info("covering everything may cost as little as %.6g (budget %.6g): the "
                    "full-coverage stage before the LP", bound, problem.budget)
    return bound <= limit


def _full_cover(problem: Problem, built: _Built, lp: MipOutcome | None, solver: str,
                time_limit: float, workers: int, *, settle_ties: bool = False
                ) -> tuple[_Built, NDArray[np.bool_], bool, float, bool] | None:
    """The least-cost plan that reaches the trivial bound, when one within the budget may.

    If the LP optimum equals :func:`~planner._opt_bounds._trivial_bound` (every coverable demand point at its best
    level, within the tie tolerance), an integral plan may do so too; if one exists within the
    budget it is optimal and the question left is the tie-break's first one, the least cost.
    With ``lp`` ``None`` (the caller found covering everything affordable by
    :func:`planner._opt_reduce.full_cover_cost_bound`) the stage runs on the unfixed model. So
    this solves ``min cost`` subject to ``objective >= bound - tol`` (the model's own rows,
    budget included) instead of the MIP and the tie-break's uniqueness query. SJC324 at
    S = 250 and p = 30 (every point coverable by 30 sites): 0.10 s where the MIP needed 0.3 s
    of root cuts before a dive found the cover (``benchmarks/RESULTS.md``).

    With ``settle_ties`` and one positive cost for every kept option, least cost is fewest
    options, and the stage minimises ``K * size + index sum`` instead (``K`` from
    :func:`planner._opt_tiebreak.size_weight`): its plan is then the tie-break's winner and the
    index-sum stage is saved (SJC324, S = 250, p = 30: two MIPs of 0.02 and 0.03 s -> one of
    0.03 s).

    Returns ``None`` when the shortcut does not apply (penalties, backup bonus, max-min, an LP
    short of the bound) or when no plan within the budget covers everything (the caller then
    solves the MIP). Otherwise the model (fixed against the bound), the plan, whether its cost
    is proven least (``False`` only when the time limit stopped the stage with a plan), the
    bound and whether the plan is also the tie-break's winner (``settle_ties`` applied).
    """
    penalised = problem.penalties is not None and bool(np.any(np.asarray(problem.penalties) > 0))
    if penalised or problem.backup_bonus > 0 or problem.equity == "maxmin":
        return None
    bound = _trivial_bound(problem)
    tol = TIE_RTOL * max(1.0, abs(bound))
    if lp is not None and lp.objective < bound - tol:
        return None
    final = _fixed_model(problem, built, lp, bound) if lp is not None else built
    kept_cost = np.asarray(problem.costs, dtype=np.float64)[final.red.keep]
    cost = pad_to(kept_cost, len(final.objective))
    weight = None
    if settle_ties and one_positive_cost(kept_cost):
        ranks = final.red.keep.astype(np.float64) + 1.0
        weight = size_weight(ranks, kept_cost, budget_cap(problem.budget))
        if weight is not None:
            cost = pad_to(ranks + weight, len(final.objective))
    arrays = with_rows(final.arrays, [(final.objective, bound - final.offset - tol, np.inf)])
    out = solve_mip(arrays, cost, solver=solver, time_limit=time_limit, maximize=False,
                    # (settling ties, CP-SAT's search must be the same on every run)
                    workers=CPSAT_STAGE_WORKERS if weight is not None else workers,
                    scip_extra=STAGE_SCIP, heuristics=CUTOFF_QUERY_HEURISTICS)
    if out.status not in ("optimal", "feasible"):
        logger.info("full-coverage stage: %s (%s the trivial bound %.6g, no plan within the "
                    "budget does)", out.status, "the LP reaches" if lp is not None else
                    "a packing of disjoint sets allows", bound)
        return None
    plan = out.values[final.x] > 0.5
    if _value(problem, final, plan) < bound - tol:  # numerics: let the MIP decide
        return None
    logger.info("full-coverage stage: plan of %d options reaches the trivial bound %.6g at "
                "cost %.6g (%s%s)", int(plan.sum()), bound, float(kept_cost[plan].sum()),
                out.status, "; fewest options, least index sum" if weight is not None else "")
    return final, plan, out.status == "optimal", bound, weight is not None


def _cover_result(problem: CoverageProblem, built: _Built, lp: MipOutcome | None, solver: str,
                  deadline: float, workers: int, tie_break: bool, backend: str, started: float
                  ) -> SolveResult | None:
    """The result of the full-coverage stage (:func:`_full_cover`), tie-break included."""
    cover = _full_cover(problem, built, lp, solver, _left(deadline), workers, settle_ties=tie_break)
    if cover is None:
        return None
    final, plan, proven, bound, settled = cover
    tie = "off"
    if tie_break:
        tie = "not applied (time limit in the full-coverage stage)"
        if proven and settled:
            tie = "exact (least cost, fewest options, least index sum)"
        elif proven:
            # the window is the stage's (within the tie tolerance of the bound), not one
            # measured again from the plan's value, which may lie up to a tolerance below it
            plan, tie = _tie_break(final, final.arrays, plan, problem, solver, deadline,
                                   workers, "", least_cost=True, anchor=bound)
    return _result(problem, final.red.keep[plan], bound, "optimal", backend, started,
                   final.red, tie, stop="proof")


