"""Upper bounds on the objective that need no solver (internal).

:func:`_trivial_bound`: every demand row at its best value, backup everywhere (always valid).
:func:`_online_bound`: the submodular online bound of a plan, for plain coverage objectives;
:func:`planner.optimize.solve` reports the least valid bound it has.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_built import Problem


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
    a = sp.csc_matrix(problem.coverage)
    weights = np.asarray(problem.weights, dtype=np.float64)
    costs = np.asarray(problem.costs, dtype=np.float64)
    current = np.zeros(a.shape[0])
    if len(chosen):
        current = np.asarray(a[:, chosen].max(axis=1).todense()).ravel()
    rows = a.indices
    gain_entries = weights[rows] * np.maximum(a.data - current[rows], 0.0)
    columns = np.repeat(np.arange(a.shape[1]), np.diff(a.indptr))
    gains = np.bincount(columns, weights=gain_entries, minlength=a.shape[1])
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
