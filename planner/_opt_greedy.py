"""Plans without a MIP: enumeration, greedy and 1-swaps on a built model (internal).

Thin adapters from a problem and its :class:`~planner._opt_built._Built` model to the
combinatorial routines: enumeration of every plan of a tiny problem (:mod:`planner._opt_enum`),
greedy's plan and its 1-swaps (:func:`~planner._opt_solvers.greedy`,
:func:`~planner._opt_solvers.swap_search`), 1-swaps of the LP-neighbourhood plan of a large
model (:func:`_swapped`), the most options a plan can hold (which picks the MIP's SCIP
settings) and what greedy missed when it found no plan.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import Problem, _Built, _option_data, _value
from planner._opt_checks import budget_cap, validate_plan
from planner._opt_enum import enumerate_plans, most_options
from planner._opt_reduce import Reduced
from planner._opt_solvers import greedy, swap_search

logger = logging.getLogger(__name__)


#: Largest ``options x plan size`` that greedy's plan and the LP-neighbourhood plan of a large
#: model get 1-swaps for (the swap table is that big).
SWAP_MAX_WORK = 4_000_000


def _enumerated(problem: Problem, red: Reduced) -> NDArray[np.bool_] | None:
    """The winner by enumeration (:mod:`planner._opt_enum`), or ``None`` if there are too many plans."""
    keep = red.keep
    cost, penalty, group, pairs = _option_data(problem, keep)
    plan = enumerate_plans(red, cost, penalty, problem.budget, group, problem.capacity, pairs,
                           need=problem.required_groups)
    if plan is not None:
        logger.info("enumerated every plan of the %d kept options", len(keep))
    return plan


def _greedy(problem: Problem, built: _Built, *, swaps: bool = True
            ) -> NDArray[np.bool_] | None:
    """Greedy's plan, then its 1-swaps (unless ``swaps`` is off or above ``SWAP_MAX_WORK``)."""
    keep = built.red.keep
    cost, penalty, group, pairs = _option_data(problem, keep)
    plan = greedy(built.red, cost, penalty, problem.budget, group, problem.capacity, pairs,
                  built.floor, need=problem.required_groups)
    if (plan is None or not swaps or built.floor is not None
            or len(keep) * int(plan.sum()) > SWAP_MAX_WORK):
        return plan
    return swap_search(built.red, plan, cost, penalty, problem.budget, group, problem.capacity,
                       pairs, need=problem.required_groups)


def _swapped(problem: Problem, built: _Built, plan: NDArray[np.bool_]
             ) -> NDArray[np.bool_]:
    """``plan`` improved by best-improvement 1-swaps, or ``plan`` if none improves it.

    For the LP-neighbourhood plan of a large model, which the search ends with: its
    neighbourhood held only the LP's support and greedy's options, and a swap with an option
    outside it can still gain (Katrineholm at 8 MSEK: 6,932.06 -> 6,940.32 in 0.23 s; the open
    ground camera instance 66,885.25 -> 67,004.50 in 0.07 s). With hard area shares each swap is
    checked against them (:func:`validate_plan`) and one that breaks a share gives way to the
    next best (Katrineholm's ``equity`` variant: the best swaps left three areas short). Not
    for the max-min objective; the swapped plan is checked against the problem itself before it
    is kept.
    """
    keep = built.red.keep
    if built.t >= 0:
        return plan
    if len(keep) * int(plan.sum()) > SWAP_MAX_WORK:
        # (said, so that the log's "keeping the ... 1-swap plan" is not read as done: a city
        # of 360,000 people had skipped them without a word)
        logger.info("1-swaps skipped: %d options x %d chosen is above SWAP_MAX_WORK = %d",
                    len(keep), int(plan.sum()), SWAP_MAX_WORK)
        return plan
    cost, penalty, group, pairs = _option_data(problem, keep)

    def meets_shares(mask: NDArray[np.bool_]) -> bool:
        return validate_plan(problem, keep[mask]).feasible

    swapped = swap_search(built.red, plan, cost, penalty, problem.budget, group,
                          problem.capacity, pairs,
                          accept=meets_shares if built.floor is not None else None,
                          need=problem.required_groups)
    check = validate_plan(problem, keep[swapped])
    before = _value(problem, built, plan)
    if not check.feasible or check.objective <= before:
        return plan
    logger.info("1-swaps improve the LP-neighbourhood plan %.6g -> %.6g", before, check.objective)
    return swapped


def _greedy_missed(problem: Problem, built: _Built) -> str:
    """What greedy had to meet when it found no plan: the binding shares, the required groups."""
    shares = built.floor is not None and bool(np.any(built.floor - built.red.offset > 1e-12))
    return " and ".join([*(["reach the equity min_share"] if shares else []),
                         *(["give each required group an option"]
                           if problem.required_groups else [])])


def _max_plan_size(problem: Problem, built: _Built) -> int:
    """Most options a plan within the budget can hold (cheapest first, group limits applied)."""
    keep = built.red.keep
    group = np.asarray(problem.groups)[keep] if problem.groups is not None else None
    capacity = np.asarray(problem.capacity) if problem.capacity is not None else None
    return most_options(np.asarray(problem.costs, dtype=np.float64)[keep],
                        budget_cap(problem.budget), group, capacity)
