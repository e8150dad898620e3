"""Upper bounds on the objective that need no solver (internal).

:func:`_trivial_bound`: every demand row at its best value, backup everywhere (always valid).
:func:`_online_bound`: the submodular online bound of a plan, for plain coverage objectives,
from :func:`coverage_gains`, each option's gain beside a plan;
:func:`dual_bound`: the LP relaxation's bound from any row prices (weak duality over the
variables' boxes), and :func:`first_order_bound`, which gets those prices from PDLP where GLOP's
simplex did not finish in time; :func:`planner.optimize.solve` reports the least valid bound it
has.
"""

from __future__ import annotations

import logging

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from ortools.linear_solver.python import model_builder_helper as mbh

from planner._opt_built import Problem
from planner._opt_solvers import Arrays, _guarded
from planner.errors import SolverError

logger = logging.getLogger(__name__)


def coverage_gains(problem: Problem, chosen: NDArray[np.int64]) -> NDArray[np.float64]:
    """Per option what adding it to ``chosen`` adds to the graded coverage, ``Δ_j(S)``.

    ``Σ_i w_i max(A_ij − best_i, 0)``, ``best_i`` the best value ``chosen`` gives row ``i``
    (penalties, the backup bonus and equity shares left out): the online bound's gains and the
    plan's "why not here" (:mod:`planner._plan_mounts`).
    """
    a = sp.csc_matrix(problem.coverage)
    weights = np.asarray(problem.weights, dtype=np.float64)
    current = np.zeros(a.shape[0])
    if len(chosen):
        current = np.asarray(a[:, np.asarray(chosen, dtype=np.int64)].max(axis=1).todense()
                             ).ravel()
    entries = weights[a.indices] * np.maximum(a.data - current[a.indices], 0.0)
    columns = np.repeat(np.arange(a.shape[1]), np.diff(a.indptr))
    return np.bincount(columns, weights=entries, minlength=a.shape[1]).astype(np.float64, copy=False)


def _online_bound(problem: Problem, chosen: NDArray[np.int64], value: float) -> float:
    """Submodular online bound: ``f(S) + max Σ Δ_j(S)`` over options of total cost ≤ budget.

    Graded coverage ``Σ_i w_i max_j A_ij`` is monotone submodular, so any plan ``T`` satisfies
    ``f(T) ≤ f(S) + Σ_{j ∈ T} Δ_j(S)`` (Minoux; Leskovec et al. 2007); the fractional knapsack over
    the single-option gains ``Δ_j(S)`` bounds that sum. Budget, groups, conflicts and hard equity
    only restrict ``T``, so the bound stays valid with them. It does not hold for penalties, the
    backup bonus or the max-min objective: there it returns ``inf`` (no bound).
    """
    penalised = problem.penalties is not None and bool(np.any(np.asarray(problem.penalties) > 0))
    if penalised or problem.backup_bonus > 0 or problem.equity == "maxmin":
        return float("inf")
    costs = np.asarray(problem.costs, dtype=np.float64)
    gains = coverage_gains(problem, chosen)
    gains[chosen] = 0.0
    if len(problem.excluded):
        gains[np.asarray(problem.excluded, dtype=np.int64)] = 0.0
    useful = gains > 0
    free = useful & (costs <= 0)
    extra = float(gains[free].sum())
    candidates = np.flatnonzero(useful & (costs > 0))
    order = candidates[np.argsort(-gains[candidates] / costs[candidates], kind="stable")]
    left = float(problem.budget)
    for j in order:
        if costs[j] <= left:
            extra += gains[j]
            left -= costs[j]
        else:
            extra += gains[j] * left / costs[j]
            break
    return value + extra


def _trivial_bound(problem: Problem) -> float:
    """Upper bound without a solver: every row at its best value, backup everywhere.

    The best value over the options a plan may hold: an excluded option (a rule's, or one kept
    for ``constraints.replace_existing`` on a camera not replaced) had raised the bound, which
    the full-coverage shortcut compares with the LP and a plan without an LP reports.
    """
    coverage = problem.coverage
    if len(problem.excluded):
        allowed = np.ones(coverage.shape[1], dtype=bool)
        allowed[np.asarray(problem.excluded, dtype=np.int64)] = False
        coverage = sp.csc_matrix(coverage)[:, np.flatnonzero(allowed)]
    best = (np.zeros(coverage.shape[0]) if coverage.shape[1] == 0
            else np.asarray(coverage.max(axis=1).todense()).ravel())
    weights = np.asarray(problem.weights)
    return float(weights @ best + problem.backup_bonus * weights[best > 0].sum())


def dual_bound(arrays: Arrays, objective: NDArray[np.float64], offset: float,
               prices: NDArray[np.float64]) -> float:
    """An upper bound on ``max objective @ v + offset`` over ``arrays``' LP from row prices.

    Weak duality with the variables' boxes: for prices ``y`` (each row's sign as its bound
    allows: ``y > 0`` only on a row with an upper bound, ``y < 0`` only on one with a lower
    bound; other signs are set to 0), ``objective @ v = y @ (M v) + (objective - M' y) @ v`` for
    every ``v``, and each part is at most its best over the rows' and the variables' bounds. So
    the bound holds for any prices, a converged solver's or not; at an LP optimum's own prices it
    is the LP optimum. A price on an unbounded side makes it ``inf``. Rounding is covered by a
    relative 1e-9.
    """
    lb, ub, _integer, matrix, row_lb, row_ub = arrays
    y = np.nan_to_num(np.asarray(prices, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    if y.shape != (matrix.shape[0],):
        return float("inf")
    y = np.where(y > 0, y * np.isfinite(row_ub), y * np.isfinite(row_lb))
    rows = (np.where(y > 0, y * np.where(np.isfinite(row_ub), row_ub, 0.0), 0.0)
            + np.where(y < 0, y * np.where(np.isfinite(row_lb), row_lb, 0.0), 0.0))
    reduced = np.asarray(objective, dtype=np.float64) - sp.csr_matrix(matrix).T @ y
    with np.errstate(invalid="ignore"):
        columns = np.where(reduced > 0, reduced * ub, np.where(reduced < 0, reduced * lb, 0.0))
    bound = float(rows.sum() + columns.sum() + offset)
    if not np.isfinite(bound):
        return float("inf")
    return bound + 1e-9 * max(1.0, abs(bound))


def first_order_bound(arrays: Arrays, objective: NDArray[np.float64], offset: float,
                      time_limit: float) -> float:
    """The LP relaxation's bound from PDLP's row prices after at most ``time_limit`` seconds.

    For a model whose LP GLOP did not finish in the time it had: the bound had then been the
    trivial one (Katrineholm at 10 MSEK under a 15 s limit on a loaded machine: 11,380 against
    the LP's 7,967, a gap of 31 % for a plan 2 % below the LP). PDLP's prices need not be
    optimal for :func:`dual_bound` to hold, and they approach the LP optimum quickly (the same
    LP: 9,153 after 2 s, 8,043 after 5 s, 7,975 after 8 s). ``inf`` without an answer in time
    or where PDLP fails (logged).
    """
    if time_limit < 0.2:
        return float("inf")
    lb, ub, _integer, matrix, row_lb, row_ub = arrays
    helper = mbh.ModelBuilderHelper()
    helper.fill_model_from_sparse_data(
        lb, ub, objective, row_lb, row_ub, matrix  # type: ignore[arg-type]
    )
    helper.set_maximize(True)
    helper.set_objective_offset(offset)
    runner = mbh.ModelSolverHelper("pdlp")
    if not runner.solver_is_supported():
        return float("inf")
    runner.set_time_limit_in_seconds(time_limit)
    try:
        finished, wall, _ = _guarded("pdlp", lambda: runner.solve(helper),
                                     runner.interrupt_solve, time_limit)
    except SolverError as exc:  # (the bound only sharpens: a failure leaves the trivial one)
        logger.warning("no LP bound from PDLP: %s", exc)
        return float("inf")
    if not finished:
        return float("inf")
    prices = np.asarray(runner.dual_values(), dtype=np.float64)
    bound = dual_bound(arrays, objective, offset, prices)
    logger.info("pdlp: %s in %.2f s, LP bound from its prices %.6g", runner.status_string()
                or runner.status().name, wall, bound)
    return bound
