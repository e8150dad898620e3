"""Budgeted maximal covering: which camera options to buy (numbers in, chosen indices out).

The model (see ``../shared/DESIGN.md``): choose options ``x_j`` to maximise

``sum_i w_i max_{j chosen} A[i, j]``  (graded coverage, ``A`` in [0, 1])
``+ backup_bonus * sum_i w_i [at least two chosen options see i]``
``- sum_{j chosen} penalties_j``

subject to the budget ``sum_j c_j x_j <= B``, required options chosen, excluded options not
chosen, at most ``capacity[g]`` options per group (mount) and at least one in each required
group, conflicting pairs (minimum spacing) not
both chosen, and an optional equity rule over area labels (each area reaches a share of its
weight, hard or as a max-min objective). Graded coverage is modelled exactly with level variables
(:mod:`planner._opt_reduce`), one builder per term (:mod:`planner._opt_model`). Conflicts that
join two groups as a whole (a spacing rule between two mounts) enter the MIP compactly, as one
binary per group and one row per clique of groups in conflict
(:func:`~planner._opt_model.add_group_conflicts`); the other paths read the pairs.

Pipeline of :func:`solve`: feasibility pre-checks, exact reductions (tiny problems without an
equity rule then end with the enumeration of every plan, :mod:`planner._opt_enum`), greedy plan
improved by 1-swaps, LP relaxation (GLOP) whose reduced costs fix every option that cannot be in a plan within
the tie tolerance of the greedy value (exact: ``z_LP + d_j`` bounds any plan using option ``j``);
for models still above :data:`LARGE_MODEL_VARS` variables the LP-neighbourhood search (the MIP over
the LP's support and the incumbent, stopped at a deterministic node limit), 1-swaps of its plan
over every option (:func:`~planner._opt_greedy._swapped`), seeded rounds of perturb and refill
(:mod:`planner._opt_refill`) and an end there with the LP bound, or the lower bound of a
decomposition by blocks (areas) where the problem has them (:mod:`planner._opt_decompose`)
(unless that plan lies far below it: :data:`~planner._opt_large.LARGE_RETRY_GAP`); otherwise, unless the LP already settles it (an LP that reaches the trivial bound:
the least-cost plan that does so, :func:`~planner._opt_cover._full_cover`, tried before greedy's plan on plain
problems, and before the LP itself when a packing of disjoint level sets says covering everything
may fit the budget, :func:`~planner._opt_cover._cover_affordable`; an integral LP optimum: that plan,
:func:`~planner._opt_lp._integral_lp_plan`), for deep plans the LP-neighbourhood plan and a second fixing
(:data:`NEIGHBOURHOOD_GAP`), the MIP on the remaining options warm-started from the incumbent
(deep plans with one cost for every option without Gomory or aggregation cuts,
:data:`~planner._opt_solvers.DEEP_PLAN_SCIP`; an LP bound far above the incumbent hands over to
CP-SAT after SCIP's first try, :mod:`planner._opt_handover`), then the tie-break (options re-fixed against the
optimum first). ``docs/architecture.md`` has the measured reasons for each threshold.

Backends (``solve(..., backend=...)``): ``"scip"`` (default, measured fastest here: see
``benchmarks/RESULTS.md``), ``"cpsat"`` (explicit worker count, greedy hint) and ``"greedy"``
(heuristic, with an LP-relaxation bound).

Tie-break (:mod:`planner._opt_tiebreak`): among plans within a relative ``1e-7`` of the optimum,
least cost, then fewest options, then the least sum of option indices; plans equal in all of these
go to the lexicographically smallest index list when the tied plans were all listed or
enumerated, and are otherwise told apart by the solver's deterministic search (the same problem
gives the same plan).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from planner._opt_bounds import _trivial_bound, first_order_bound
from planner._opt_built import _build, _Built, _hint, _map_plan, _n_vars, _value
from planner._opt_callbacks import _refixed, _tie_break
from planner._opt_checks import PlanCheck, check_requirements, validate_plan
from planner._opt_cover import _cover_affordable, _cover_result
from planner._opt_greedy import SWAP_MAX_WORK as SWAP_MAX_WORK
from planner._opt_greedy import (
    _enumerated,
    _greedy,
    _greedy_backend,
    _greedy_missed,
    _max_plan_size,
    _started,
    _swapped,
)
from planner._opt_handover import (
    HANDOVER_BACKEND,
    plan_mip,
    relative_lp_gap,
)
from planner._opt_infeasible import _LimitBreach, _raise_if_infeasible
from planner._opt_large import (
    LARGE_MODEL_VARS,
    _large_but_worth_a_mip,
    _large_model_result,
    _plan_for_shares,
)
from planner._opt_lp import NEIGHBOURHOOD_NODES as NEIGHBOURHOOD_NODES
from planner._opt_lp import _fixed_model, _integral_lp_plan, _lp_neighbourhood
from planner._opt_maxmin import (
    SHARE_SLACK,
    UNFINISHED,
    UNRAISED,
    _arrays,
    _max_min_share,
    _neighbourhood_share,
)
from planner._opt_maxmin import SHARE_STEPS as SHARE_STEPS
from planner._opt_problem import CoverageProblem
from planner._opt_reduce import reduce_problem
from planner._opt_result import OPTIMAL_RGAP as OPTIMAL_RGAP
from planner._opt_result import SolveResult, _result, kept_start
from planner._opt_solvers import (
    DEEP_PLAN_HEURISTICS,
    DEEP_PLAN_SCIP,
    DEFAULT_HEURISTICS,
    NO_KNAPSACK_CUTS,
    SHALLOW_SCIP,
    SHALLOW_SCIP_CUTS,
    MipOutcome,
    _left,
    run_mip,
    solve_mip,
    strict_tolerances,
)
from planner._opt_tiebreak import (
    STAGE_SCIP,
    lexicographic,
    one_positive_cost,
)
from planner.errors import (
    InputError,
    NoPlanInTimeError,
    SolverError,
    one_line,
)

__all__ = ["BACKENDS", "CoverageProblem", "PlanCheck", "SolveResult", "solve", "validate_plan"]

logger = logging.getLogger(__name__)

Backend = Literal["scip", "cpsat", "greedy"]
BACKENDS: tuple[str, ...] = ("scip", "cpsat", "greedy")
#: Plans that can hold at most this many options use :data:`SHALLOW_SCIP` (measured on the
#: benchmark instances: ``benchmarks/RESULTS.md``).
SHALLOW_PLAN_OPTIONS = 12
#: ``SolveResult.tie_break`` of a plan found by enumeration (see :mod:`planner._opt_enum`).
ENUMERATED = ("exact (enumeration: least cost, fewest options, least index sum, then the "
              "lexicographically smallest indices)")
#: Plans that can hold more than ``SHALLOW_PLAN_OPTIONS`` options and whose incumbent (greedy's)
#: is more than this (relative) below the LP bound get the LP-neighbourhood plan before the MIP
#: (:func:`~planner._opt_lp._lp_neighbourhood`, root node only): the better incumbent lets reduced costs fix
#: more options. Measured with the tie-break (fastest of five / of two): SJC818 S = 250, p = 30
#: / 50 0.33 / 0.32 -> 0.21 / 0.16 s, SJC818 S = 150, p = 50 0.083 -> 0.057 s, camera 3 / 8 MSEK
#: 0.46 / 5.1 -> 0.35 / 4.7 s, Katrineholm 2 MSEK 12.3-12.9 -> 9.9-11.1 s; SJC324 S = 150,
#: p = 50 0.17 -> 0.21 s (its MIP from the better plan takes longer). Shallow plans do not get
#: it: BDS100000A R = 6.25 3.7 -> 5.6 s when it was tried for every MIP.
NEIGHBOURHOOD_GAP = 1e-4
#: Longest time limit :func:`solve` passes on (a week): ``inf`` means this, and the solvers'
#: limits and the guard's wait take no more.
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
#: How the tie-break ended when one MIP gave the optimum and the winner (``lexicographic``).
LEXICOGRAPHIC = "exact (least cost, fewest options, least index sum; with the optimum, one MIP)"


def solve(
    problem: CoverageProblem,
    time_limit: float = 60.0,
    *,
    backend: Backend = "scip",
    workers: int = 8,
    tie_break: bool = True,
    reductions: bool = True,
    gap: float = 0.0,
    start: Sequence[int] | None = None,
) -> SolveResult:
    """Choose the options that maximise the objective within the budget.

    Parameters
    ----------
    problem
        The question.
    time_limit
        Wall-clock seconds for the whole call, > 0 (``inf``: none; at most
        :data:`MAX_TIME_LIMIT_S`); on expiry the best plan found is returned with its bound and
        gap (status ``"feasible"``).
    backend
        ``"scip"`` (default, OR-Tools SCIP), ``"cpsat"`` (OR-Tools CP-SAT with ``workers``
        workers, warm-started from the greedy plan) or ``"greedy"`` (heuristic; bound from the LP
        relaxation).
    workers
        CP-SAT search workers: the ``"cpsat"`` backend's, and the ``"scip"`` backend's when it
        hands a plan's MIP over to CP-SAT (:mod:`planner._opt_handover`).
    tie_break
        Run the exact tie-break among optimal plans (see the module docstring); needs a proven
        optimum. Without it the plan is still deterministic but not canonical.
    reductions
        Merge rows and level sets, fold singleton sets and required options, drop useless and
        dominated options. ``False`` builds the compact model without them (benchmarks).
    gap
        Stop as soon as a plan is proven within this relative gap of the best, in [0, 0.5)
        (``0``: prove the optimum). Such a plan is ``"feasible"`` with ``stopped_by`` ``"gap
        limit"``, without the tie-break; it is reproducible (the solver's search is). What-if
        series get their answers sooner: a plan within 1 % often needs no branching at all.
    start
        A plan (option indices) to begin the search from, in place of greedy's where it meets
        every requirement and is worth more (else it is left out): a what-if's plan is then
        never worse than the plan it starts from, also where the time limit ends the search.

    Returns
    -------
    SolveResult
        The plan, its objective, bound, gap and status.

    Raises
    ------
    InputError
        For an unknown backend, or when ``backend="greedy"`` cannot reach an equity share (a
        heuristic's miss, not a proof: choose an exact backend) or is asked for the max-min
        share, which it does not search for.
    InfeasibleError
        When no plan meets the requirements (the message names the one that cannot be met).
    SolverError
        When a backend fails unexpectedly.
    """
    first = None if start is None else np.unique(np.asarray(list(start), dtype=np.int64))
    return kept_start(problem, _solve_checked(problem, time_limit, backend=backend,
                                              workers=workers, tie_break=tie_break,
                                              reductions=reductions, gap=gap, start=first), first)


def _solve_checked(problem: CoverageProblem, time_limit: float, *, backend: Backend,
                   workers: int, tie_break: bool, reductions: bool, gap: float,
                   start: NDArray[np.int64] | None = None) -> SolveResult:
    """:func:`solve`, its checks and its second attempt.

    ``start``: a plan (option indices) the search may begin from where it meets every
    requirement (see :func:`_started`).
    """
    started = time.perf_counter()
    if backend not in BACKENDS:
        raise InputError(f"backend: expected one of {BACKENDS}, got {backend!r}")
    if not isinstance(problem, CoverageProblem):
        raise InputError(f"problem: expected a CoverageProblem, got {type(problem).__name__}")
    if backend == "greedy" and problem.equity == "maxmin" and problem.labels is not None:
        # (greedy's plan had come back as if the rule applied: smallest share 0 where SCIP's is
        # 0.118, its gap measured against the bound of the problem without the rule)
        raise InputError(one_line(
            "backend 'greedy' does not maximise the smallest area share (equity 'maxmin'); use "
            "backend 'scip' or 'cpsat', or equity 'hard' with a min_share greedy tries to meet"))
    check_requirements(problem)
    try:
        limit = float(time_limit)
    except (TypeError, ValueError):
        limit = float("nan")
    if not limit > 0:  # (NaN had crashed in the SCIP settings, 0 and -5 run as 0.05 s)
        raise InputError(f"time_limit: expected seconds > 0 (or inf for none), got {time_limit!r}")
    # (inf and 1e12 had overflowed the solver thread's wait: OverflowError, then an abort)
    limit = min(limit, MAX_TIME_LIMIT_S)
    try:
        gap = float(gap)
    except (TypeError, ValueError):
        gap = float("nan")
    if not 0.0 <= gap < 0.5:
        raise InputError(f"gap: expected a relative gap in [0, 0.5), got {gap!r}")
    attempt = functools.partial(_solve, problem, started, limit, backend=backend,
                                workers=workers, tie_break=tie_break, reductions=reductions,
                                gap=gap, start=start)
    try:
        return attempt()
    except _LimitBreach as exc:
        if backend == "cpsat":
            raise SolverError(f"{exc}; CP-SAT rounds the model's coefficients to integers, which "
                              "loses weights or shares this small against the rest: use backend "
                              "'scip'") from None
        # a solver's plan broke a limit by less than the solver's own tolerance (a budget of
        # 1e7 overrun by a few units): once more with SCIP's tolerance at 1e-9 (STRICT_SCIP),
        # within what is left of the time limit
        logger.warning("%s; solving again with SCIP's feasibility tolerance at 1e-9", exc)
        with strict_tolerances():
            try:
                return attempt()
            except _LimitBreach as again:
                if again.fallback is None:
                    raise SolverError(f"{again} (also with tolerance 1e-9); please report this "
                                      "instance") from None
                # a plan found before the MIP meets every requirement: keep it, without proof
                plan, red = again.fallback
                logger.warning("%s (also with tolerance 1e-9); keeping that plan, with the "
                               "trivial bound", again)
                return _result(problem, plan, _trivial_bound(problem), "feasible", backend,
                               started, red, "not applied (numerics)", stop="numerics")


def _solve(problem: CoverageProblem, started: float, time_limit: float, *, backend: Backend,
           workers: int, tie_break: bool, reductions: bool, gap: float = 0.0,
           start: NDArray[np.int64] | None = None) -> SolveResult:
    """Run :func:`solve` after its checks (``started``: when the call began, the limit's origin).

    A max-min plan whose first stage ended without a plan (:func:`_solve_stages`) says so in
    its ``tie_break`` (:data:`~planner._opt_maxmin.UNFINISHED`), which the plan's notes word: it
    had only been logged, and the plan, which keeps the hard shares only, had read as the
    rule's answer. Such a plan is not "optimal": its status is "feasible", stopped by the time
    limit (the stage's half of it).
    """
    unfinished: list[str] = []
    result = _solve_stages(problem, started, time_limit, backend=backend, workers=workers,
                           tie_break=tie_break, reductions=reductions, gap=gap, start=start,
                           unfinished=unfinished)
    if unfinished:
        # (the hard-share plan may be proven, the max-min plan the rule asks for is not: not
        # "optimal", as the large-model path's unraised share is not either)
        result = dataclasses.replace(
            result, tie_break=f"{result.tie_break}; {UNFINISHED}",
            status="feasible" if result.status == "optimal" else result.status,
            stopped_by="time limit" if result.stopped_by == "proof" else result.stopped_by)
    return result


def _solve_stages(problem: CoverageProblem, started: float, time_limit: float, *,
                  backend: Backend, workers: int, tie_break: bool, reductions: bool,
                  gap: float, start: NDArray[np.int64] | None,
                  unfinished: list[str]) -> SolveResult:
    """:func:`_solve`'s search.

    A max-min first stage that ends without a plan appends its status to ``unfinished``.
    """
    deadline = started + time_limit
    red = reduce_problem(problem, equity=problem.labels is not None, dominance=reductions,
                         compact=not reductions)
    if backend == "scip" and reductions and problem.labels is None:
        small = _enumerated(problem, red)
        if small is not None:
            return _result(problem, red.keep[small], -np.inf, "optimal", "enumeration", started,
                           red, ENUMERATED, stop="proof")
    built = _build(problem, red)
    solver = "scip" if backend == "greedy" else backend

    def remaining() -> float:
        return _left(deadline)

    # plain problems of moderate size: the full-coverage stage before the LP and greedy's plan
    # when covering everything may be affordable (a packing of disjoint level sets says so in
    # linear time; SJC324, S = 250, p = 30: greedy and its swaps were 8 of 65 ms, GLOP 8-11 of
    # 42 ms), and not at all when it is not; the LP is then the one the MIP path uses
    early_lp: MipOutcome | None = None
    if (reductions and backend != "greedy" and built.t < 0 and built.floor is None
            and _n_vars(built) <= LARGE_MODEL_VARS):
        if _cover_affordable(problem, built):
            covered = _cover_result(problem, built, None, solver, deadline, workers,
                                    tie_break, backend, started)
            if covered is not None:
                return covered
        early_lp = run_mip(built.arrays, built.objective, solver="glop",
                           time_limit=remaining() * 0.5, relax=True, offset=built.offset)
    # deep plans of moderate size get the LP neighbourhood's plan before the MIP, which starts
    # from greedy's and replaces it: greedy's own 1-swaps are then spent for nothing (SJC818,
    # S = 250, p = 30: 167 -> 157 ms with the tie-break, 101 -> 99 ms without; the others within
    # their noise)
    neighbourhood_next = (early_lp is not None and solver == "scip"
                          and _max_plan_size(problem, built) > SHALLOW_PLAN_OPTIONS)
    greedy_plan = _greedy(problem, built, swaps=not neighbourhood_next)
    if start is not None:
        greedy_plan = _started(problem, built, greedy_plan, start)

    if backend == "greedy":
        return _greedy_backend(problem, built, greedy_plan, deadline, started)
    if greedy_plan is None and built.floor is not None:
        # (the early LP runs without shares only, so there is none to replace here)
        greedy_plan, early_lp = _plan_for_shares(problem, built, solver, deadline, workers,
                                                 reductions=reductions)
    share: float | None = None
    hint = _hint(built, greedy_plan) if greedy_plan is not None else None
    if built.t >= 0 and reductions and greedy_plan is not None and \
            _n_vars(built) > LARGE_MODEL_VARS:
        return _large_max_min(problem, built, greedy_plan, solver, deadline, started,
                              backend=backend, workers=workers, tie_break=tie_break, gap=gap)
    share_unproven = False
    if built.t >= 0:
        # stage 1 gets half the time left: a stage 1 that ran into the time limit had kept only
        # the hard shares and left stage 2 0.07 s, so the plan was greedy's (a 3-area town:
        # smallest share 0.0345 where stage 1 had found 0.118 and the plain plan has 0.0367)
        stage, share = _max_min_share(built, solver, time.perf_counter() + remaining() / 2,
                                      hint, workers)
        _raise_if_infeasible(stage, problem, built,
                             built.red.keep[greedy_plan] if greedy_plan is not None else None)
        if share is None:
            logger.warning("max-min share stage ended %s; keeping only the hard shares",
                           stage.status)
            unfinished.append(stage.status)
        else:
            share_unproven = stage.status != "optimal"
            if share_unproven:
                logger.warning("max-min share %.6g found, not proven the largest (time limit)",
                               share)
            # stage 2 starts from stage 1's plan, which meets the share (greedy's need not)
            greedy_plan = stage.values[built.x] > 0.5
            hint = _hint(built, greedy_plan)
    lp_bound = float("inf")
    lp: MipOutcome | None = None
    integral: NDArray[np.bool_] | None = None  # the LP optimum, when it is a plan
    integral_value = float("nan")
    work = built
    fixings: dict[Any, tuple[MipOutcome, _Built]] = {}  # (see _fixed_model)
    incumbent = greedy_plan
    stop = "work limit"
    if reductions and greedy_plan is not None and share is None:
        # a large model gets no full MIP, so its LP (bound, fixing, neighbourhood) gets more time
        lp_share = 0.75 if _n_vars(built) > LARGE_MODEL_VARS else 0.5
        lp = early_lp if early_lp is not None else run_mip(
            built.arrays, built.objective, solver="glop", time_limit=remaining() * lp_share,
            relax=True, offset=built.offset)
        # (a model without variables, every option dropped as useless, has no reduced costs)
        if lp.status == "optimal" and lp.reduced_costs.size == len(built.objective):
            lp_bound = lp.objective
            found = _integral_lp_plan(problem, built, lp) if share is None else None
            if found is not None:
                integral, integral_value = found
            incumbent = greedy_plan if integral is None else integral
            work = _fixed_model(problem, built, lp, integral_value if integral is not None
                                else _value(problem, built, greedy_plan), fixings)
            if integral is None and _n_vars(work) > LARGE_MODEL_VARS and gap > 0 and (
                    lp_bound - _value(problem, built, greedy_plan) <= gap * abs(lp_bound)):
                stop = "gap limit"  # greedy's plan is within the gap: no neighbourhood search
            elif integral is None and _n_vars(work) > LARGE_MODEL_VARS:
                incumbent, timed_out = _lp_neighbourhood(problem, built, lp, greedy_plan,
                                                         solver, remaining(), workers)
                stop = "time limit" if timed_out else "work limit"
                work = _fixed_model(problem, built, lp, _value(problem, built, incumbent),
                                    fixings)
        else:
            lp, stop = None, "time limit"
            # the bound from PDLP's prices instead of the trivial one (see first_order_bound):
            # the time left for a model too large for the MIP, else half of it
            lp_bound = first_order_bound(
                built.arrays, built.objective, built.offset,
                remaining() * (0.9 if _n_vars(built) > LARGE_MODEL_VARS else 0.5))
    retried = False  # a large model that goes to the MIP after all (see LARGE_RETRY_GAP)
    if reductions and incumbent is not None and _n_vars(work) > LARGE_MODEL_VARS:
        if lp is None or not _large_but_worth_a_mip(problem, built, work, incumbent, lp_bound,
                                                    stop, gap):
            return _large_model_result(problem, built, work, incumbent, lp, lp_bound,
                                       integral is not None, stop, backend, started, deadline,
                                       gap)
        # the neighbourhood's plan with its 1-swaps, as the work limit would have kept it: the
        # MIP's start, its fallback at the time limit, and a second fixing
        retried, incumbent = True, _swapped(problem, built, incumbent)
        work = _fixed_model(problem, built, lp, _value(problem, built, incumbent), fixings)
    if lp is not None and share is None and early_lp is None:  # (else tried or ruled out)
        covered = _cover_result(problem, built, lp, solver, deadline, workers, tie_break,
                                backend, started)
        if covered is not None:
            return covered
    arrays = _arrays(work, share)
    shallow, branching, mip_extra, heuristics = _mip_settings(problem, work)
    if (integral is None and lp is not None and share is None and not shallow
            and solver == "scip" and incumbent is not None and not retried
            and lp_bound - _value(problem, built, incumbent) > NEIGHBOURHOOD_GAP * abs(lp_bound)):
        # deep plans: the LP neighbourhood's plan before the MIP, so that reduced costs fix
        # more options (SJC818, S = 250, p = 30: 684 -> 191 options left)
        incumbent, _ = _lp_neighbourhood(problem, built, lp, incumbent, solver, remaining(),
                                         workers)
        value = _value(problem, built, incumbent)
        work = _fixed_model(problem, built, lp, value, fixings)
        arrays = _arrays(work, share)
        if value >= lp_bound - 1e-9 * max(1.0, abs(lp_bound)):  # worth the LP bound: optimal
            logger.info("LP-neighbourhood plan is worth the LP bound %.6g: no MIP", lp_bound)
            integral, integral_value = incumbent, value
    if (gap > 0 and integral is None and incumbent is not None and share is None
            and np.isfinite(lp_bound)  # (no LP bound, no gap: inf <= inf had passed)
            and lp_bound - _value(problem, built, incumbent) <= gap * abs(lp_bound)):
        # within the gap asked for already: no MIP (greedy's or the neighbourhood's plan)
        logger.info("plan within %.3g of the LP bound %.6g: no MIP (gap limit %.3g)",
                    1 - _value(problem, built, incumbent) / lp_bound, lp_bound, gap)
        return _result(problem, red.keep[incumbent], min(lp_bound, _trivial_bound(problem)),
                       "feasible", backend, started, red, "not applied (gap limit)",
                       stop="gap limit")
    hint = _hint(work, _map_plan(built, incumbent, work)) if incumbent is not None else None
    label: str = backend  # (the handover to CP-SAT names itself)
    if integral is not None:  # a plan worth the LP bound: nothing for the MIP to prove
        outcome = MipOutcome("optimal", _hint(work, _map_plan(built, integral, work)),
                             integral_value - work.offset, lp_bound, 0.0)
    else:
        if (tie_break and gap == 0 and share is None and solver == "scip" and not shallow
                and incumbent is not None and lp is not None and problem.labels is None
                and hint is not None):
            # one cost per option and a whole-numbered objective: the optimum and the
            # tie-break's winner in one MIP, verified (else the proof MIP and the tie-break)
            value = _value(problem, built, incumbent)
            found = lexicographic(
                arrays, work.objective, work.offset, len(work.x),
                np.asarray(problem.costs, dtype=np.float64)[work.red.keep], problem.budget,
                work.red.keep, value, min(lp_bound, _trivial_bound(problem)), hint,
                lambda mask: validate_plan(problem, work.red.keep[mask]).objective,
                # half the time left: should it not finish, the proof MIP gets the rest (it had
                # been left 0.05 s and the plan had been greedy's)
                deadline=time.perf_counter() + remaining() / 2, scip_extra=branching)
            if found is not None:
                return _result(problem, work.red.keep[found[0]], found[1], "optimal", backend,
                               started, work.red, LEXICOGRAPHIC, stop="proof")
        if solver == "scip" and share is None and incumbent is not None:
            # an LP bound far above the incumbent: CP-SAT after SCIP's first try
            outcome, handed = plan_mip(
                arrays, work.objective, time_limit=remaining(), hint=hint, workers=workers,
                # (the handover's rule weighs the simplex LP's gap, not PDLP's looser one)
                lp_gap=relative_lp_gap(lp_bound if lp is not None else float("inf"),
                                       _value(problem, built, incumbent)),
                offset=work.offset, scip_extra=mip_extra, heuristics=heuristics, gap=gap,
                refix=None if lp is None else functools.partial(
                    _refixed, problem, built, lp, work, fixings))
            label = HANDOVER_BACKEND if handed else label
        else:
            outcome = solve_mip(arrays, work.objective, solver=solver, time_limit=remaining(),
                                hint=hint, workers=workers, offset=work.offset,
                                scip_extra=mip_extra, heuristics=heuristics, gap=gap)
    if outcome.status == "infeasible" and work is not built and retried and \
            incumbent is not None:
        # (the unfixed model is one the MIP is not tried on: the work limit's answer)
        logger.warning("model infeasible after reduced-cost fixing (numerics); keeping the "
                       "LP-neighbourhood plan")
        return _large_model_result(problem, built, work, incumbent, lp, lp_bound, False,
                                   "work limit", backend, started, deadline, gap)
    if outcome.status == "infeasible" and work is not built:
        logger.warning("model infeasible after reduced-cost fixing (numerics); solving unfixed")
        work, lp = built, None
        arrays = _arrays(work, share)
        outcome = solve_mip(arrays, work.objective, solver=solver, time_limit=remaining(),
                            hint=_hint(work, incumbent) if incumbent is not None else None,
                            workers=workers, offset=work.offset, scip_extra=mip_extra,
                            heuristics=heuristics, gap=gap)
    if outcome.status == "infeasible" and share is not None:
        # stage 1 found a plan with this smallest share, so no plan meeting it is a solver's
        # numerics (coverage values 1e-9 apart): once more with the strict tolerance
        raise _LimitBreach(f"{solver}: max-min stage 2 found no plan at the share {share:.9g} "
                           "that stage 1 reached")
    _raise_if_infeasible(outcome, problem, work,
                         built.red.keep[incumbent] if incumbent is not None else None)
    bound = min(outcome.bound, lp_bound, _trivial_bound(problem))  # the trivial one is always valid
    if outcome.status == "unknown":
        if incumbent is None:
            missed = _greedy_missed(problem, built)
            raise NoPlanInTimeError(f"{solver} found no plan within {time_limit:.0f} s and "
                                    f"greedy could not {missed}; raise time_limit",
                                    missed=missed, seconds=time_limit)
        return _result(problem, red.keep[incumbent], bound, "feasible",
                       "greedy" if incumbent is greedy_plan else label, started, red,
                       "not applied (fallback)", stop="time limit")
    status = "feasible" if share_unproven else outcome.status  # (max-min: both stages proven)
    # (a work-limited MIP reproduces only along a path the clock did not choose: an LP that did
    # not finish in its share of the time had sent the MIP down the narrow gap's rule)
    clock_chose = stop == "time limit"  # (the LP's or its neighbourhood's, set above)
    stop = ("proof" if status == "optimal" else "work limit" if outcome.by_work and not clock_chose
            else "time limit")
    if status == "optimal" and gap > 0 and (
            bound - _value(problem, work, outcome.values[work.x] > 0.5)
            > 1e-9 * max(1.0, abs(bound))):
        # SCIP reports a plan within its gap limit as optimal; it is not proven the best
        status, stop = "feasible", "gap limit"
    plan = outcome.values[work.x] > 0.5
    tie = f"not applied ({stop})" if status != "optimal" else "off"
    if status == "optimal" and tie_break:
        final = work
        if lp is None and share is None:
            lp = run_mip(built.arrays, built.objective, solver="glop",
                         time_limit=remaining() / 4, relax=True, offset=built.offset)
            lp = lp if lp.status == "optimal" and lp.reduced_costs.size else None
        if lp is not None and integral is None:  # (an integral LP plan fixed ``work`` already)
            final = _fixed_model(problem, built, lp, _value(problem, work, plan), fixings)
            plan = _map_plan(work, plan, final)
        # shallow plans: the uniqueness query without cutting planes too (its root bound barely
        # moves with them: BDS100000A R = 5.5 / 6.25 0.71 / 0.98 s -> 0.41 / 0.59 s, BDS10000A
        # 0.75 / 0.50 -> 0.32 / 0.26 s); deep plans need them (the camera query at 8 MSEK took
        # 2.3 s with cuts and did not finish in 57 s without), except Gomory and aggregation
        # cuts under a cardinality budget (SJC818, S = 250, p = 30: 0.045 -> 0.043 s)
        # the tie-break's queries on the solver that proved the optimum: where CP-SAT took over
        # a wide LP gap and proved it, SCIP's cutoff query faces the same weak bound (random
        # problems of 30-47 options with a backup bonus: SCIP's query 32 s and 41,953 nodes
        # after CP-SAT's proof in 1.9 s, the solve 34 s -> 4.4 s; two others ran to a 120 s
        # limit without the tie-break and now end in 42-49 s with it; one whose SCIP query took
        # 0.18 s, 4.1 -> 7.0 s)
        tie_solver = "cpsat" if solver == "scip" and outcome.solver == "cpsat" else solver
        plan, tie = _tie_break(final, _arrays(final, share), plan, problem, tie_solver,
                               deadline, workers,
                               f"{branching}\n{STAGE_SCIP}" if shallow else branching)
        work = final
    return _result(problem, work.red.keep[plan], bound, status, label, started,
                   work.red, tie, stop=stop)


def _large_max_min(problem: CoverageProblem, built: _Built, plan: NDArray[np.bool_],
                   solver: str, deadline: float, started: float, *, backend: Backend,
                   workers: int, tie_break: bool, gap: float) -> SolveResult:
    """Max-min on a model too large for its MIP: the LP neighbourhood's share, then hard shares.

    Takes the best smallest share of the LP neighbourhood and solves the rest as a hard-share
    problem (which has its own large-model path).
    """
    best, chosen, searched = _neighbourhood_share(problem, built, plan, solver, _left(deadline),
                                                  workers)
    if not searched:  # (the plan had looked like the rule's answer: a smallest share of 0)
        logger.warning("max-min share %.6g not raised: the time limit ended its LP relaxation",
                       best)
    floor = np.maximum(np.asarray(problem.min_share, dtype=np.float64), best - SHARE_SLACK)
    hard = dataclasses.replace(problem, equity="hard",
                               min_share=np.minimum(floor, 1.0).tolist())
    # (from the plan that reached the share, which meets the floor: greedy need not reach it,
    # and the hard stage's own search for a plan meeting it had found none in Katrineholm's
    # default scenario at a share of 15.5 %, and called the rule infeasible)
    result = _solve_checked(hard, _left(deadline), backend=backend, workers=workers,
                            tie_break=tie_break, reductions=True, gap=gap, start=chosen)
    # (the share is the neighbourhood's best, not proven the largest: not "optimal")
    return dataclasses.replace(result, solve_time_s=time.perf_counter() - started,
                               tie_break=f"{result.tie_break}; max-min share {best:.6f} "
                                         + ("from the LP neighbourhood" if searched
                                            else f"of greedy's plan: {UNRAISED}"),
                               status="feasible" if result.status == "optimal"
                               else result.status,
                               stopped_by="work limit" if result.stopped_by == "proof"
                               else result.stopped_by)


def _mip_settings(problem: CoverageProblem, work: _Built) -> tuple[bool, str, str, str]:
    """SCIP settings of the plan's MIP: shallow, branching, the MIP's settings, heuristics.

    Plans of at most :data:`SHALLOW_PLAN_OPTIONS` options get :data:`SHALLOW_SCIP`; deep plans
    SCIP's fast heuristics plus RENS at the root (see ``DEEP_PLAN_HEURISTICS``). Either goes
    without Gomory and aggregation cuts only when the budget is a cardinality row (see
    ``DEEP_PLAN_SCIP`` and ``SHALLOW_SCIP_CUTS``).
    ``branching`` is what the tie-break's MIPs share with the plan's.
    """
    shallow = _max_plan_size(problem, work) <= SHALLOW_PLAN_OPTIONS
    cardinality = one_positive_cost(np.asarray(problem.costs, dtype=np.float64)[work.red.keep])
    branching = ((SHALLOW_SCIP if cardinality else SHALLOW_SCIP_CUTS) if shallow
                 else NO_KNAPSACK_CUTS if cardinality else "")
    mip_extra, heuristics = ((branching, DEFAULT_HEURISTICS) if shallow
                             else (f"{DEEP_PLAN_SCIP}\n{branching}".strip(),
                                   DEEP_PLAN_HEURISTICS))
    return shallow, branching, mip_extra, heuristics
