"""What the LP relaxation's optimum gives the search (internal).

Reduced-cost fixing against an incumbent (:func:`_fixed_model`, memoised per model), the LP
optimum as a plan when it is integral and worth the LP bound (:func:`_integral_lp_plan`), and
the LP-neighbourhood search: the MIP restricted to the options of the LP's support and the
incumbent (at least :data:`NEIGHBOURHOOD_MIN_OPTIONS`, topped up with the options the LP gives up
least for), stopped at a deterministic node limit (:func:`_lp_neighbourhood`, as in RENS). Large
models end with its plan; deep plans of moderate size get it before the MIP (see
:func:`planner.optimize.solve`). A large model whose area shares greedy missed gets its first
plan from ever wider neighbourhoods (:func:`_plan_meeting_shares`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import Problem, _build, _Built, _hint, _map_plan, _n_vars, _value
from planner._opt_checks import validate_plan
from planner._opt_reduce import restrict
from planner._opt_solvers import MipOutcome, _left, reduced_cost_fixing, run_mip
from planner._opt_tiebreak import TIE_RTOL

logger = logging.getLogger(__name__)


#: SCIP node limit of the LP-neighbourhood search (deterministic; 1 = the root node only).
NEIGHBOURHOOD_NODES = 1
#: SCIP settings of the LP-neighbourhood search: most-infeasible branching. SCIP chooses the
#: root's branching variable before it stops at the node limit, and its default rule does so by
#: strong branching, an LP per candidate, for a branch the search never takes. Measured on the
#: neighbourhood models alone (same plans with both rules, seconds, two runs each): Katrineholm
#: 8 MSEK 15.2 / 14.8 -> 12.6 / 12.7, the open-ground camera instance 9.8 / 10.0 -> 5.8 / 6.2,
#: a town of 112 mounts without buildings 22.8 / 22.1 -> 17.5 / 17.4; Katrineholm at 0.3, 1, 2
#: and 5 MSEK, the camera instance at 8 MSEK and SJC818 (S = 250, p = 30) the same plans in the
#: same or less time (5 MSEK 3.1 -> 2.5 s).
NEIGHBOURHOOD_SCIP = "branching/mostinf/priority = 100000"
#: The fewest options an LP neighbourhood holds: where the LP's support and the incumbent have
#: fewer, the options the LP gives up least for are added. Small budgets have small supports
#: (GLOP's optimum is a vertex): Katrineholm at 300,000 / 600,000 SEK had 11 / 16 options,
#: greedy's plans (425.75 / 826.30) and no better one, where the optimum (445.22 / 843.24) needs
#: options outside them. Their root nodes with 32 / 64 / 96 / 128 options (0.03-0.6 s): 444.06 /
#: **445.22** / 445.22 / 445.22 and 843.01 / **843.24** / 843.01 / 842.30; at 200,000 SEK
#: 296.24 (greedy) -> 332.25 / 333.31 / 333.31 / 333.31. More options are not better plans:
#: the root's heuristics find less in larger models (2 MSEK, support 51: 2,499.40 up to 64,
#: 2,498.94 with 96 or 128).
NEIGHBOURHOOD_MIN_OPTIONS = 64
#: :func:`_plan_meeting_shares` multiplies its neighbourhood's options by this while the
#: neighbourhood holds no plan that meets the area shares ...
SHARES_WIDEN = 2
#: ... stops each wider neighbourhood's SCIP at its first plan (the large-model path improves
#: it; a search to the neighbourhood's optimum is not needed) ...
SHARES_SCIP = "limits/solutions = 1"
#: ... or after this many nodes (a deterministic work limit) ...
SHARES_NODES = 200
#: ... and searches no neighbourhood whose model has more variables than this. Katrineholm at
#: 2 MSEK with shares of 0.045 and 0.05 (which greedy and the LP's support miss; 0.05 is close
#: to the LP's best smallest share, 0.0507): 1,255-1,641 variables took 0.02-0.4 s, 3,072-3,139
#: 1.3-17 s, 6,835-6,935 17-42 s, and 12,771-12,907 reached the 120 s limit, all without a
#: plan. The wider rounds are for models whose plan lies a few options beyond the LP's support,
#: not a search of the whole of a large model.
SHARES_MAX_VARS = 2_000


def _fixed_model(problem: Problem, built: _Built, lp: MipOutcome,
                 incumbent: float, memo: dict[Any, tuple[MipOutcome, _Built]] | None = None
                 ) -> _Built:
    """Rebuild the model with the options reduced costs fix against ``incumbent``.

    With ``memo`` (one per ``built``), a fixing already built from the same ``lp`` is reused:
    the tie-break refixes against the optimum, which is often the incumbent the MIP was fixed
    against (SJC324, S = 150, p = 30: two of the three models were the same).
    """
    tol = 2 * TIE_RTOL * max(1.0, abs(lp.objective)) + 1e-6 * max(1.0, abs(lp.objective))
    fix0, fix1 = reduced_cost_fixing(lp, built.x, incumbent, tol)
    logger.info("LP bound %.6g, incumbent %.6g: reduced costs fix %d options to 0 and %d to 1 "
                "of %d", lp.objective, incumbent, fix0.sum(), fix1.sum(), len(built.x))
    key = (id(lp), fix0.tobytes(), fix1.tobytes())
    if memo is not None and key in memo:
        return memo[key][1]
    fixed = _build(problem, restrict(built.red, fix0, fix1))
    if memo is not None:
        memo[key] = (lp, fixed)  # (the LP kept alive, so that its id is not reused)
    return fixed


def _integral_lp_plan(problem: Problem, built: _Built, lp: MipOutcome
                      ) -> tuple[NDArray[np.bool_], float] | None:
    """The LP optimum's options as a plan, and its value, if 0/1 and worth the LP bound.

    Then no plan is worth more (the LP bound) and the MIP has nothing to prove: SJC324 at
    S = 250, p = 10 and SJC818 at S = 150, p = 10 and 30 have integral LP optima (GLOP, 5-20 ms,
    against 20-30 ms for SCIP's MIP). The plan is checked against the problem itself
    (:func:`validate_plan`: budget, groups, conflicts, shares), so LP round-off cannot pass an
    infeasible or lesser plan.
    """
    x = lp.values[built.x]
    if np.any(np.abs(x - np.round(x)) > 1e-6):
        return None
    plan = x > 0.5
    check = validate_plan(problem, built.red.keep[plan])
    if not check.feasible or check.objective < lp.objective - TIE_RTOL * max(1.0, abs(lp.objective)):
        return None
    logger.info("LP optimum is integral: a plan of %d options worth the LP bound %.6g",
                int(plan.sum()), lp.objective)
    return plan, check.objective


def _neighbourhood(problem: Problem, built: _Built, lp: MipOutcome,
                   plan: NDArray[np.bool_]) -> _Built:
    """The model restricted to the options positive in the LP optimum, in ``plan`` or required.

    Fewer than :data:`NEIGHBOURHOOD_MIN_OPTIONS` of them are topped up with the options the LP
    gives up least for (:func:`_by_loss`).
    """
    mask = plan | _support(built, lp)
    short = NEIGHBOURHOOD_MIN_OPTIONS - int(mask.sum())
    if short > 0:
        order = _by_loss(built, lp)
        mask = mask.copy()
        mask[order[~mask[order]][:short]] = True
    return _restricted(problem, built, mask, "LP neighbourhood")


def _by_loss(built: _Built, lp: MipOutcome) -> NDArray[np.int64]:
    """``built``'s options, those the LP gives up least for first.

    By reduced cost, closest to 0 first (they are <= 0 outside its support), then the lower
    index.
    """
    return np.lexsort((np.arange(len(built.x)), -lp.reduced_costs[built.x]))


def _support(built: _Built, lp: MipOutcome) -> NDArray[np.bool_]:
    """The options positive in the LP optimum or required (a mask over ``built``'s options)."""
    return (lp.values[built.x] > 1e-9) | built.red.fixed


def _restricted(problem: Problem, built: _Built, keep: NDArray[np.bool_], what: str
                ) -> _Built:
    """The model restricted to the options of ``keep``, its size logged as ``what``'s."""
    sub = _build(problem, restrict(built.red, ~keep, np.zeros_like(keep)))
    logger.info("%s: %d of %d options (%d variables)", what, int(keep.sum()), len(keep),
                _n_vars(sub))
    return sub


def _lp_neighbourhood(problem: Problem, built: _Built, lp: MipOutcome,
                      plan: NDArray[np.bool_], solver: str, time_limit: float, workers: int
                      ) -> tuple[NDArray[np.bool_], bool]:
    """Improve ``plan`` by solving the MIP restricted to its LP neighbourhood.

    The neighbourhood (as in RENS, Berthold 2014; :func:`_neighbourhood`) holds the options with
    a positive value in the LP optimum and those of the incumbent: a few hundred of
    Katrineholm's 14,102 options at 8 MSEK (at least :data:`NEIGHBOURHOOD_MIN_OPTIONS`). SCIP
    solves it warm-started from ``plan`` and stops after :data:`NEIGHBOURHOOD_NODES` nodes (a
    deterministic work limit; the root alone runs SCIP's diving and RENS heuristics). Returns the
    better of the two plans (a mask over ``built``'s options) and whether the wall-clock limit,
    rather than the node limit, ended the search.
    """
    sub = _neighbourhood(problem, built, lp, plan)
    # through pywraplp, not MathOpt (same plan, bound and time on the benchmark instances and
    # Katrineholm): SCIP through MathOpt catches Ctrl-C itself, and when it is interrupted at
    # the root under a node limit of 1 it reports the node limit (gSCIP status
    # TOTAL_NODE_LIMIT, measured on Katrineholm 1 s into the root), so an interrupted search
    # would pass for a finished one; here Ctrl-C reaches Python (see CTRL_C_TO_PYTHON)
    out = run_mip(sub.arrays, sub.objective, solver=solver, time_limit=time_limit,
                  hint=_hint(sub, _map_plan(built, plan, sub)), workers=workers,
                  offset=sub.offset, node_limit=NEIGHBOURHOOD_NODES,
                  scip_extra=NEIGHBOURHOOD_SCIP)
    timed_out = out.status != "optimal" and out.wall_s >= time_limit * 0.99
    if out.status not in ("optimal", "feasible"):
        return plan, timed_out
    found = _map_plan(sub, out.values[sub.x] > 0.5, built)
    before, after = _value(problem, built, plan), _value(problem, built, found)
    logger.info("LP neighbourhood plan %.6g (was %.6g) in %.1f s", after, before, out.wall_s)
    return (found if after > before else plan), timed_out


@dataclass(frozen=True)
class SharesSearch:
    """How :func:`_plan_meeting_shares` ended."""

    #: the plan (a mask over the model's options), or None when none was found
    plan: NDArray[np.bool_] | None
    #: options in the last neighbourhood searched
    options: int
    #: the whole model's MIP, when the last neighbourhood was the whole model (its
    #: ``"infeasible"`` is then a proof); None otherwise
    whole: MipOutcome | None
    #: the deadline ended the search
    timed_out: bool = False


def _plan_meeting_shares(problem: Problem, built: _Built, lp: MipOutcome, solver: str,
                         deadline: float, workers: int) -> SharesSearch:
    """A plan that meets the area shares, from the LP's neighbourhood or a wider one.

    For a model too large for the full MIP whose shares greedy missed (and the LP allows).
    First the LP's support, searched as :func:`_lp_neighbourhood` searches its neighbourhood
    (from no plan, and not topped up; the plan found is taken if it meets the rules, whatever
    its value: penalties can make it worth less than no plan). When the neighbourhood holds no
    such plan, or its root node found none, it grows :data:`SHARES_WIDEN`-fold, adding the options the LP gives up least
    for first (reduced cost closest to 0; then lower index), and SCIP searches it to its
    first plan (:data:`SHARES_SCIP`), until a plan is found, the whole model has been
    searched (whose MIP's ``"infeasible"`` is then a proof), the next neighbourhood's model
    would have more than :data:`SHARES_MAX_VARS` variables, or ``deadline`` (a
    ``time.perf_counter()`` time) has passed. Small models sent down this path (a random
    cross-check against brute force forced tiny ones onto it) had been told that no plan was
    found when their LP support held none, or held one worth less than no plan.
    """
    mask = _support(built, lp)
    order = _by_loss(built, lp)
    first, searched = True, 0
    while True:
        sub = _restricted(problem, built, mask, "LP neighbourhood" if first
                          else "wider neighbourhood for the shares")
        if not first and _n_vars(sub) > SHARES_MAX_VARS:
            logger.info("wider neighbourhood for the shares above %d variables: not searched",
                        SHARES_MAX_VARS)
            return SharesSearch(None, searched, None)
        whole = bool(mask.all())
        out = run_mip(sub.arrays, sub.objective, solver=solver, time_limit=_left(deadline),
                      hint=_hint(sub, np.zeros(len(sub.x), dtype=bool)) if first else None,
                      workers=workers, offset=sub.offset,
                      node_limit=NEIGHBOURHOOD_NODES if first else SHARES_NODES,
                      scip_extra=NEIGHBOURHOOD_SCIP if first else SHARES_SCIP)
        searched = int(mask.sum())
        if out.status in ("optimal", "feasible"):
            plan = _map_plan(sub, out.values[sub.x] > 0.5, built)
            if validate_plan(problem, built.red.keep[plan]).feasible:
                return SharesSearch(plan, searched, None)
        if whole and out.status == "infeasible":
            return SharesSearch(None, searched, out)
        if time.perf_counter() >= deadline or (whole and not first):
            return SharesSearch(None, searched, None, time.perf_counter() >= deadline)
        if not whole:  # (a whole model whose root found nothing is searched again, deeper)
            outside = order[~mask[order]]
            mask = mask.copy()
            mask[outside[:max(searched * (SHARES_WIDEN - 1), 1)]] = True
        first = False
