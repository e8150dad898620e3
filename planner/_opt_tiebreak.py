"""Exact deterministic tie-break among optimal plans (internal).

Among plans whose objective is within ``tol`` of the optimum ``OPT`` (``tol = TIE_RTOL *
max(1, |OPT|)``) the winner is the plan of least cost, then the fewest options, then the
lexicographically smallest sorted tuple of option indices (for plans of equal size: the one that
holds the lowest index where they differ). The reductions keep this winner (see
:mod:`planner._opt_reduce`), so the tie-break runs on the reduced model, whose kept options are
ordered as the original indices.

Cost: usually one extra MIP; with many tied plans the lexicographic stage needs up to one MIP
per option and is capped (``max_solves``), which is reported in ``SolveResult.tie_break``.

Algorithm: one MIP looks for a tied plan other than the incumbent ``P`` (a no-good cut excludes
``P``) that costs no more than ``P``; infeasibility proves ``P`` is the winner (the common case). Otherwise three
lexicographic stages follow: least cost, fewest options, and lowest indices by fixing the options
in ascending order (one feasibility MIP per option not in the incumbent, each skipped as soon as a
distance MIP proves no other tied plan exists).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_solvers import Arrays, run_mip

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]

#: Relative tolerance under which two objective values count as tied.
TIE_RTOL = 1e-7


def _with_rows(arrays: Arrays, rows: list[tuple[FloatArray, float, float]]) -> Arrays:
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    extra = sp.csr_matrix(np.vstack([r[0] for r in rows]))
    return (lb, ub, integer, sp.vstack([matrix, extra], format="csr"),
            np.concatenate([row_lb, [r[1] for r in rows]]),
            np.concatenate([row_ub, [r[2] for r in rows]]))


def tie_break(
    arrays: Arrays,
    objective: FloatArray,
    offset: float,
    n_x: int,
    cost: FloatArray,
    incumbent: FloatArray,
    evaluate: Callable[[NDArray[np.bool_]], float],
    *,
    solver: str,
    deadline: float,
    workers: int,
    max_solves: int = 200,
) -> tuple[NDArray[np.bool_], str]:
    """Return the winning plan (mask over the kept options) and how the tie-break ended.

    Parameters
    ----------
    arrays, objective, offset
        The model (``objective @ v + offset`` is the plan objective).
    n_x
        Number of option variables (the first ``n_x`` variables).
    cost
        Option costs (kept options).
    incumbent
        A full optimal assignment.
    evaluate
        Exact objective of a plan given as a mask over the kept options.
    solver, deadline, workers
        Backend, absolute ``time.perf_counter()`` deadline and CP-SAT workers.
    max_solves
        Cap on the MIPs of the lexicographic stage.

    Whenever the tie-break cannot finish (time limit, solve cap, numerics) the incumbent plan is
    returned unchanged, so the result is then the optimiser's own deterministic plan, and the
    outcome string says so.
    """
    n_vars = len(objective)
    plan = incumbent[:n_x] > 0.5
    start = plan.copy()
    opt = evaluate(plan)
    tol = TIE_RTOL * max(1.0, abs(opt))

    def pad(vector: FloatArray) -> FloatArray:
        out = np.zeros(n_vars)
        out[:n_x] = vector
        return out

    cost_tol = 1e-9 * max(1.0, float(cost.sum()))
    obj_row = (objective, opt - offset - tol, np.inf)
    rows: list[tuple[FloatArray, float, float]] = [obj_row]

    def run(obj: FloatArray, maximize: bool, extra: list[tuple[FloatArray, float, float]],
            hint: FloatArray | None, fix: dict[int, int] | None = None
            ) -> tuple[str, FloatArray]:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return "timeout", np.zeros(0)
        lb, ub, integer, matrix, row_lb, row_ub = _with_rows(arrays, extra)
        if fix:
            lb, ub = lb.copy(), ub.copy()
            for v, value in fix.items():
                lb[v] = ub[v] = value
        out = run_mip((lb, ub, integer, matrix, row_lb, row_ub), obj, solver=solver,
                      time_limit=remaining, maximize=maximize, hint=hint, workers=workers)
        if out.status == "optimal":
            candidate = out.values[:n_x] > 0.5
            if evaluate(candidate) < opt - tol:
                return "numerics", np.zeros(0)
        return out.status, out.values

    def distance(current: NDArray[np.bool_], extra: list[tuple[FloatArray, float, float]],
                 fix: dict[int, int]) -> tuple[str, FloatArray]:
        # another tied plan? the original objective guides the search; a no-good cut excludes
        # ``current``: sum_{t in P} (1 - x_t) + sum_{t not in P} x_t >= 1
        cut = pad(np.where(current, -1.0, 1.0))
        rows = [*extra, (cut, 1.0 - float(current.sum()), np.inf)]
        status, values = run(objective, True, rows, None, fix)
        if status == "infeasible":
            return "same", values
        if status == "optimal":
            return "other", values
        return status, values

    cost_row = (pad(cost), -np.inf, float(cost[plan].sum()) + cost_tol)
    status, _ = distance(plan, [*rows, cost_row], {})
    if status == "same":
        return plan, "exact (unique optimal plan of least cost)"
    if status != "other":
        return start, f"not applied ({status})"
    # stage 1: least cost (with equal option costs it is the same as stage 2)
    values = incumbent
    if n_x and np.ptp(cost) > 0:
        status, values = run(pad(cost), False, rows, incumbent)
        if status != "optimal":
            return start, f"partial ({status} in least-cost stage)"
        plan = values[:n_x] > 0.5
        rows.append((pad(cost), -np.inf, float(cost[plan].sum()) + cost_tol))
    # stage 2: fewest options
    status, values = run(pad(np.ones(n_x)), False, rows, values)
    if status != "optimal":
        return start, f"partial ({status} in fewest-options stage)"
    plan = values[:n_x] > 0.5
    count = float(plan.sum())
    rows.append((pad(np.ones(n_x)), count - 0.5, count + 0.5))
    # stage 3: lowest indices, by fixing options in ascending order; after every change of plan a
    # distance check may prove the current plan is the only one left
    fix: dict[int, int] = {}
    solves = 0
    for t in range(n_x):
        if plan[t]:
            fix[t] = 1
            continue
        if solves >= max_solves:
            return start, f"partial (lexicographic stage stopped after {max_solves} MIPs)"
        solves += 1
        status, values = run(pad(np.zeros(n_x)), True, rows, None, {**fix, t: 1})
        if status == "infeasible":
            fix[t] = 0
            continue
        if status != "optimal":
            return start, f"partial ({status} in lexicographic stage)"
        plan = values[:n_x] > 0.5
        fix[t] = 1
        solves += 1
        status, _ = distance(plan, rows, fix)
        if status == "same":
            return plan, "exact (lexicographic stage)"
        if status != "other":
            return start, f"partial ({status} in lexicographic stage)"
    return plan, "exact (lexicographic stage)"
