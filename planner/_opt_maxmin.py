"""The max-min equity objective: the largest smallest area share (internal).

``equity="maxmin"`` is lexicographic: stage 1 maximises the smallest area share ``t``
(:func:`_max_min_share`; for large models the best share in the LP neighbourhood,
:func:`_neighbourhood_share`), stage 2 maximises the objective with that share kept as a floor
on every labelled area (:func:`_with_floor`, :func:`_arrays`).
"""

from __future__ import annotations

import dataclasses
import logging
import time

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_built import FloatArray, Problem, _Built, _hint, _map_plan
from planner._opt_checks import validate_plan
from planner._opt_lp import NEIGHBOURHOOD_NODES, NEIGHBOURHOOD_SCIP, _neighbourhood
from planner._opt_solvers import Arrays, MipOutcome, run_mip

logger = logging.getLogger(__name__)


#: Max-min: plans whose smallest area share is within this of the largest one tie on the share.
SHARE_SLACK = 1e-9
#: Max-min with CP-SAT (integer variables only): the share variable counts steps of 1 / SHARE_STEPS.
SHARE_STEPS = 1_000_000


def _max_min_share(built: _Built, solver: str, deadline: float, hint: FloatArray | None,
                   workers: int) -> tuple[MipOutcome, float | None]:
    """Max-min stage 1: the stage outcome and the share stage 2 keeps (``None``: no plan found).

    The share is the smallest area share of the best plan found, recomputed from its options
    (so that plan meets it), less :data:`SHARE_SLACK`; when ``deadline`` stopped the stage
    (status ``"feasible"``) it is the best found, not proven the largest. SCIP maximises the continuous share
    variable ``t``. CP-SAT has integer variables only (``t`` in [0, 1] would be 0 or 1), so it
    maximises ``u = SHARE_STEPS * t`` and then, while a plan whose every area share exceeds
    the best found exists, moves to it (each move raises the share, so this ends): both
    backends keep the same largest smallest share, up to the solvers' own row tolerances.
    """
    lb, ub, integer, matrix, row_lb, row_ub = built.arrays
    t = built.t
    objective = np.eye(1, len(built.objective), t).ravel()
    steps = SHARE_STEPS if solver == "cpsat" else 1
    if steps > 1:
        scale = np.ones(len(lb))
        scale[t] = 1.0 / steps
        matrix = (matrix @ sp.diags(scale)).tocsr()
        ub = ub.copy()
        ub[t] = steps
        if hint is not None:
            hint = hint.copy()
            hint[t] = np.floor(hint[t] * steps)
    arrays = (lb, ub, integer, matrix, row_lb, row_ub)

    def remaining() -> float:
        return max(deadline - time.perf_counter(), 0.05)

    stage = run_mip(arrays, objective, solver=solver, time_limit=remaining(), hint=hint,
                    workers=workers)
    if stage.status not in ("optimal", "feasible"):
        return stage, None
    best = _share_of(built, stage.values)
    if stage.status == "feasible":  # the time limit: the best share found, not proven largest
        return stage, best - SHARE_SLACK
    while steps > 1 and best < 1.0:
        better = run_mip(_with_floor(arrays, built, best + SHARE_SLACK), objective,
                         solver=solver, time_limit=remaining(), workers=workers)
        if better.status == "infeasible":
            break
        if better.status not in ("optimal", "feasible"):
            logger.warning("max-min share %.9g not proven largest (%s)", best, better.status)
            break
        share = _share_of(built, better.values)
        if share <= best + SHARE_SLACK:  # within the solver's row tolerance: none better
            break
        logger.info("max-min share raised from %.9g to %.9g", best, share)
        # (the plan with that share: stage 2 starts from it, so it must meet the share)
        best, stage = share, dataclasses.replace(better, status=stage.status)
    return stage, best - SHARE_SLACK


def _share_of(built: _Built, values: FloatArray) -> float:
    """Smallest area share of the plan in a solver assignment (from its options alone)."""
    return float(_hint(built, values[built.x] > 0.5)[built.t])


def _with_floor(arrays: Arrays, built: _Built, share: float) -> Arrays:
    """Add ``earned_L + offset_L >= share * W_L`` for every labelled area (max-min stage 2)."""
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    active = np.flatnonzero(built.totals > 0)
    rows = built.earned[active]
    rows = sp.hstack([rows, sp.csr_matrix((len(active), matrix.shape[1] - rows.shape[1]))])
    bound = share * built.totals[active] - built.red.offset[active]
    return (lb, ub, integer, sp.vstack([matrix, rows], format="csr"),
            np.concatenate([row_lb, bound]), np.concatenate([row_ub, np.full(len(active),
                                                                             np.inf)]))


def _arrays(built: _Built, share: float | None) -> Arrays:
    return built.arrays if share is None else _with_floor(built.arrays, built, share)


def _neighbourhood_share(problem: Problem, built: _Built, plan: NDArray[np.bool_],
                         solver: str, time_limit: float, workers: int
                         ) -> tuple[float, NDArray[np.int64], bool]:
    """Max-min stage 1 for large models: the best smallest share in the LP neighbourhood.

    The LP relaxation of ``max t`` (GLOP) gives the support; SCIP maximises ``t`` over that
    support plus ``plan`` (which meets the hard shares) with the deterministic node limit. Returns
    the smallest area share of the better plan, recomputed from its options, that plan (its
    option indices) and whether the share was searched at all (``False``: the LP relaxation did
    not finish within the time, and the share is ``plan``'s, not raised).
    """
    started = time.perf_counter()
    objective = np.eye(1, len(built.objective), built.t).ravel()
    lp = run_mip(built.arrays, objective, solver="glop", time_limit=time_limit / 2, relax=True)
    chosen = built.red.keep[plan]
    best = _smallest_share(problem, chosen)
    if lp.status != "optimal":
        return best, chosen, False
    sub = _neighbourhood(problem, built, lp, plan)
    left = max(time_limit - (time.perf_counter() - started), 0.05)
    out = run_mip(sub.arrays, np.eye(1, len(sub.objective), sub.t).ravel(), solver=solver,
                  time_limit=left, hint=_hint(sub, _map_plan(built, plan, sub)),
                  workers=workers, node_limit=NEIGHBOURHOOD_NODES,
                  scip_extra=NEIGHBOURHOOD_SCIP)
    if out.status in ("optimal", "feasible"):
        found_plan = sub.red.keep[out.values[sub.x] > 0.5]
        found = _smallest_share(problem, found_plan)
        logger.info("max-min share in the LP neighbourhood: %.6g (greedy %.6g, LP bound %.6g)",
                    found, best, lp.objective)
        if found > best:
            best, chosen = found, found_plan
    return best, chosen, True


#: What a max-min plan's ``tie_break`` says where the time limit ended its first stage before
#: the smallest share was searched (the plan's note says so: :mod:`planner._plan_notes`).
UNRAISED = "max-min share not raised (time limit)"
#: What a max-min plan's ``tie_break`` says where its first stage (:func:`_max_min_share`, a
#: model small enough for the full MIP) ended without a plan: the plan keeps the hard shares
#: only (the plan's note says so: :mod:`planner._plan_notes`).
UNFINISHED = "max-min share stage did not finish (only the hard shares kept)"


def _smallest_share(problem: Problem, chosen: NDArray[np.int64]) -> float:
    check = validate_plan(problem, chosen)
    ok = problem.label_totals > 0
    return float(check.shares[ok].min()) if ok.any() else 1.0
