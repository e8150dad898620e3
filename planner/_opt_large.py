"""The large-model path: models whose full MIP is not attempted (internal).

Above :data:`LARGE_MODEL_VARS` variables after reduced-cost fixing, SCIP's root LP does not
finish in useful time: :func:`planner.optimize.solve` ends with the LP neighbourhood's plan after
its 1-swaps and rounds of perturb and refill (:mod:`planner._opt_refill`) and the LP bound,
or the decomposition's below it (:mod:`planner._opt_decompose`; :func:`_large_model_result`),
unless that plan lies far below the
bound on a model of moderate size (:func:`_large_but_worth_a_mip`: :data:`LARGE_RETRY_GAP`,
:data:`LARGE_RETRY_VARS`). :func:`_plan_for_shares` answers when greedy missed the area shares:
the LP relaxation's verdict, and a large model's plan from the LP neighbourhood or wider ones.
(The max-min path of a large model, ``optimize._large_max_min``, solves again and stays with
:func:`~planner.optimize.solve`.)

:data:`LARGE_MODEL_VARS` is read here and in :func:`planner.optimize._solve` (which imports it):
a test that changes it changes it in both modules.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from planner._opt_bounds import _trivial_bound
from planner._opt_built import _Built, _n_vars, _value
from planner._opt_decompose import decomposition_bound
from planner._opt_greedy import _swapped
from planner._opt_handover import relative_lp_gap
from planner._opt_infeasible import _raise_if_infeasible
from planner._opt_lp import _plan_meeting_shares
from planner._opt_problem import CoverageProblem
from planner._opt_refill import Refilled, _refilled
from planner._opt_result import SolveResult, _result
from planner._opt_solvers import MipOutcome, _left, run_mip
from planner.errors import InfeasibleError, one_line

#: (the name of the module these lines came from: the same logs as before the split)
logger = logging.getLogger("planner.optimize")

#: Above this many model variables (after reduced-cost fixing) the full MIP is not attempted: its
#: root LP does not finish in useful time (measured: see ``benchmarks/RESULTS.md``).
LARGE_MODEL_VARS = 20_000
#: ... unless the model has at most :data:`LARGE_RETRY_VARS` variables and the LP
#: neighbourhood's plan lies more than this far below the LP bound: then the MIP runs after all
#: (with the handover to CP-SAT, :mod:`planner._opt_handover`). Katrineholm's default scenario
#: at low budgets, where the LP's support is little more than greedy's plan (the neighbourhood
#: finds nothing better): 350,000 SEK (25,243 variables) had ended in 0.5 s at 493.03, gap
#: 9.8 %; the MIP proves 519.08 (5.3 % more) in 7 s. At 300,000 SEK (25,281) 425.75, gap 11.3 %;
#: the MIP finds 445.22 (+4.6 %). Where the neighbourhood's plan is close (Katrineholm 5 MSEK,
#: 22,355 variables, gap 0.37 %) SCIP's MIP did worse in 120 s than the work limit in 5 s.
LARGE_RETRY_GAP = 0.02
#: The largest model that :data:`LARGE_RETRY_GAP` sends to the MIP (the open-ground camera
#: instance's 152,079 variables: SCIP's root LP did not finish in 25 minutes).
LARGE_RETRY_VARS = 40_000


def _plan_for_shares(problem: CoverageProblem, built: _Built, solver: str, deadline: float,
                     workers: int, *, reductions: bool
                     ) -> tuple[NDArray[np.bool_] | None, MipOutcome | None]:
    """After greedy missed the area shares: the LP's verdict, and a large model's plan.

    Raises :class:`InfeasibleError` when the LP relaxation cannot reach the shares either, or
    when a model too large for the full MIP gets no plan from the LP neighbourhood or the wider
    ones after it (:func:`~planner._opt_lp._plan_meeting_shares`, within its size limit and the
    time limit), or the whole model's MIP there proves that none exists. Returns the plan found and the LP to
    go on with (``None`` for max-min), or ``(None, None)`` when the MIP is to search.
    """
    # greedy could not reach the area shares: GLOP's LP relaxation tells an unreachable
    # floor in seconds, before any MIP (Katrineholm at 500,000 SEK with a share of 0.05:
    # SCIP's root LP took 43 s to say so for "hard", and the max-min stage ran into the
    # 120 s time limit and ended in a SolverError for "maxmin")
    relaxed = run_mip(built.arrays, built.objective, solver="glop",
                      time_limit=_left(deadline) * 0.5, relax=True, offset=built.offset)
    _raise_if_infeasible(relaxed, problem, built)
    if (reductions and solver == "scip" and relaxed.status == "optimal"
            and relaxed.reduced_costs.size and _n_vars(built) > LARGE_MODEL_VARS):
        # too large for the full MIP (whose root LP does not finish): a plan that meets the
        # shares from the LP's neighbourhood, whose MIP has the share rows, then the usual
        # large-model path from it (Katrineholm, 2 MSEK, share 0.05: the full MIP ran into
        # the 120 s limit, a SolverError, exit 1)
        found = _plan_meeting_shares(problem, built, relaxed, solver, deadline, workers)
        if found.plan is not None:
            return found.plan, (relaxed if built.t < 0 else None)
        if found.whole is not None:  # the whole model's MIP proved that no plan exists
            _raise_if_infeasible(found.whole, problem, built)
        # not proven infeasible (the LP relaxation allows the shares): say what was searched
        raise InfeasibleError(one_line(
            f"equity: no plan within budget {problem.budget:g} that meets min_share was "
            f"found{' within the time limit' if found.timed_out else ''} (greedy found none, "
            f"nor a search of {found.options} of the {len(built.x)} options; a model of "
            f"{_n_vars(built)} variables is too large for a full search; the LP relaxation "
            "does not rule one out)"), requirement="equity_search")
    return None, None


def _large_but_worth_a_mip(problem: CoverageProblem, built: _Built, work: _Built,
                           incumbent: NDArray[np.bool_], lp_bound: float, stop: str,
                           gap: float) -> bool:
    """Whether a model above :data:`LARGE_MODEL_VARS` still goes to the MIP.

    See :data:`LARGE_RETRY_GAP`; only after a neighbourhood search that ended by itself, and
    not for a plan within the ``gap`` the caller asked for.
    """
    if stop != "work limit" or _n_vars(work) > LARGE_RETRY_VARS:
        return False
    below = relative_lp_gap(lp_bound, _value(problem, built, incumbent))
    if below <= max(LARGE_RETRY_GAP, gap):
        return False
    logger.info("model has %d variables after reduced-cost fixing, but the LP neighbourhood's "
                "plan is %.1f %% below the LP bound: the MIP after all", _n_vars(work),
                100 * below)
    return True


def _large_model_result(problem: CoverageProblem, built: _Built, work: _Built,
                        incumbent: NDArray[np.bool_], lp: MipOutcome | None, lp_bound: float,
                        integral: bool, stop: str, backend: str, started: float,
                        deadline: float, gap: float) -> SolveResult:
    """The end of a model still too large for the MIP after reduced-cost fixing (``work``).

    The root LP of a MIP this size does not finish in useful time (SoPlex needed more than
    55 s for Katrineholm's 48,206 variables where GLOP needs 4.5 s): stop with the plan of
    the LP neighbourhood after its 1-swaps and rounds of perturb and refill
    (:mod:`planner._opt_refill`; greedy's plan, if GLOP did not finish either) and the LP
    bound, or the decomposition's where it is lower (:mod:`planner._opt_decompose`), rather
    than wait for the time limit (``deadline``, which also ends the rounds; no
    rounds for a plan within the relative ``gap`` asked for). ``integral``: ``incumbent`` is the
    LP optimum; ``stop``: what ended the search so far.
    """
    red = built.red
    logger.info("model still has %d variables after reduced-cost fixing (> %d): keeping the "
                "%s plan", _n_vars(work), LARGE_MODEL_VARS,
                "greedy (within the gap)" if stop == "gap limit"
                else "LP-neighbourhood" if lp is not None else "greedy")
    swaps = ""
    if lp is not None and not integral:
        # after the fixing, so that the path stays the one the neighbourhood chose (swapping
        # first let Katrineholm at 4 MSEK fix enough for the full MIP, which then ran into
        # the 120 s time limit instead of the work limit at 5 s)
        swapped = _swapped(problem, built, incumbent)
        swaps = ", then 1-swaps" if swapped is not incumbent else ""
        # (not for a plan within the gap asked for, greedy's or the neighbourhood's: a quick
        # what-if stays quick)
        within = stop == "gap limit" or (gap > 0 and relative_lp_gap(
            lp_bound, _value(problem, built, swapped)) <= gap)
        refilled = (Refilled(swapped, 0, False) if within
                    else _refilled(problem, built, swapped, deadline))
        if refilled.plan is not swapped:
            swaps += f", then {refilled.rounds} rounds of perturb and refill"
        if refilled.timed_out:
            stop = "time limit"
        incumbent = refilled.plan
    bound = min(lp_bound, _trivial_bound(problem))
    value = _value(problem, built, incumbent)
    proven = bound - value <= 1e-9 * max(1.0, abs(bound))
    if lp is not None and not proven and stop != "gap limit" and not (
            gap > 0 and relative_lp_gap(bound, value) <= gap):
        # a bound below the LP's from one small MIP per block (e.g. per area)
        split = decomposition_bound(problem, deadline, prices=(built.red, lp))
        if split.timed_out:
            stop = "time limit"
        elif split.bound < value - 1e-7 * max(1.0, abs(value)):
            # (a bound below a plan is no bound: a block's MIP was wrong; see BLOCK_SCIP)
            logger.warning("decomposition bound %.9g below the plan's %.9g: ignored, the LP "
                           "bound stays", split.bound, value)
        elif split.bound < bound:
            bound = split.bound
            swaps += f"; bound by decomposition over {split.blocks} blocks"
            proven = bound - value <= 1e-9 * max(1.0, abs(bound))
    return _result(problem, red.keep[incumbent], bound, "optimal" if proven else "feasible",
                   backend if lp is not None else "greedy", started, red,
                   "not applied (large model: the LP optimum is a plan)" if integral
                   else f"not applied (gap limit: greedy's plan{swaps})" if stop == "gap limit"
                   else f"not applied (large model: best plan of the LP neighbourhood{swaps})"
                   if lp is not None else "not applied (large model, LP unfinished)",
                   stop="proof" if proven else stop)
