"""Deterministic tie-break among optimal plans (internal).

Among plans whose objective is within ``tol`` of the optimum ``OPT`` (``tol = TIE_RTOL *
max(1, |OPT|)``) the winner is the plan of least cost, then the fewest options, then the least
sum of (original) option indices. Plans equal in all of these (rare: same objective, cost, size
and index sum) go to the lexicographically smallest index list when the tied plans were listed
(step 1b, as enumeration does); otherwise the solver's own deterministic search tells them
apart, so the same problem still gives the same plan (CP-SAT's stages on one worker for that,
:data:`CPSAT_STAGE_WORKERS`). The reductions keep the winner (see
:mod:`planner._opt_reduce`), so the tie-break runs on the reduced model, whose kept options are
ordered as the original indices.

Algorithm (each step one MIP over the tied plans, i.e. with the row ``objective >= OPT - tol``):

1. the tied 1-swaps of the incumbent ``P`` (remove one option, add one; read off a swap table,
   no MIP): if ``P`` and these are more than :data:`MAX_TIED_PLANS`, go to step 2 at once
   (SJC324 at S = 150, p = 50 has hundreds of tied optima); otherwise they are the first tied
   plans found;
1b. is there a tied plan other than those found (a no-good cut excludes each) that costs no
   more than the cheapest found and is worth at least ``OPT - tol``? SCIP answers with
   ``OPT - tol`` (less a margin) as its objective limit
   (:func:`planner._opt_solvers.run_cutoff_query`), CP-SAT by finding the best such plan. No:
   the rule picks among the plans found (``P`` alone is the common case: one MIP). Yes: the plan
   is added and the query repeats, up to :data:`MAX_TIED_PLANS` plans.
   (BDS10000A, R = 6.25, has three tied optima: the two further queries took 1.1 s where the
   stage MIPs took 3.7 s; SJC324 at S = 150, p = 30 has two, one a 1-swap of the other, so one
   query settles it instead of two.) A list that does not close goes on to
2. least cost (skipped when every option costs the same positive amount), then the fewest
   options at that cost (stage MIPs without cutting planes, :data:`STAGE_SCIP`, and with SCIP's
   fast heuristics, :data:`~planner._opt_solvers.CUTOFF_QUERY_HEURISTICS`);
3. least index sum at that cost and size (integral weights, so the optimum is exact); steps
   2's fewest options and 3 are one MIP, ``K * size + index sum`` with ``K`` above any
   plan's index sum (:func:`size_weight`), unless its values could grow past
   :data:`SIZE_WEIGHT_MAX`.

When the full-coverage stage of :func:`planner.optimize.solve` found the incumbent by minimising
cost among the plans that reach the trivial bound (``least_cost``), steps 1, 1b and the least-cost
stage are already done and only the fewest-options and index-sum stages run (with one cost for
every option that stage settles them itself and the tie-break is not called).

An earlier version went on to the lexicographically smallest index tuple, with one MIP per
option; on SJC324 (S = 150, p = 50), which has many tied optima, that took 122 MIPs and 18 s for
a 0.13 s solve (``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_checks import CHECK_RTOL, COST_TIE_RTOL, TIE_RTOL
from planner._opt_solvers import (
    CUTOFF_MARGIN_RTOL,
    CUTOFF_QUERY_HEURISTICS,
    Arrays,
    pad_to,
    run_cutoff_query,
    run_mip,
    solve_mip,
    strict_tolerances,
    with_rows,
)
from planner.errors import SolverError

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]

#: CP-SAT's workers in the tie-break's stage MIPs (and the full-coverage stage's when it settles
#: ties), which also start without a hint: plans equal in every key of the rule are told apart
#: by the solver's search, and CP-SAT's parallel workers, or a hint that differs with the plans
#: found before, had returned either of two such plans from run to run (18 of 150 tiny
#: instances with two such winners, 1 to 5 of 10 runs the other plan; 0 of 150 on one worker).
#: One worker is also faster there: 400 options under 1,000 conflicts, 0.13-0.16 -> 0.05-0.11 s
#: (workers interleaved, ``interleave_search``, took 1.8-2.5 s). The query for another tied plan
#: keeps the workers: its answer is a proof, the same on every run.
CPSAT_STAGE_WORKERS = 1
#: After CP-SAT's proof the query for another tied plan goes to SCIP first, stopped after this
#: many nodes, and to CP-SAT only without an answer there. SCIP's query alone had taken 31.9 s
#: (41,953 nodes) on a random problem of 30 options whose LP lies 10-20 % above the optimum,
#: where CP-SAT took 4.4 s; CP-SAT's alone takes 8.8 / 10.2 s on Katrineholm at 0.9 / 1.2 MSEK
#: (LP 2.4 / 1.5 % above the optimum), where SCIP answers in 3.3 / 2.6 s (2 nodes / 1). Measured
#: with this limit (tie-break, seconds): Katrineholm at 0.3 / 0.9 / 1.2 MSEK 4.6 / 8.8 / 10.2 ->
#: 7.0 (SCIP's 100 nodes 3.0 s, then CP-SAT) / 3.4 / 2.6; random problems of 30-45 options
#: whose queries SCIP does not finish: 0.1 s more each; one it answers in 81 nodes 5.9 -> 2.6 s
#: (50 nodes had missed it).
QUICK_QUERY_NODES = 100
#: Most tied plans listed one by one (objective-limit queries, each excluding those found) before
#: the stage MIPs take over; see :func:`tie_break`.
MAX_TIED_PLANS = 4
#: SCIP settings of the stage MIPs (least cost, fewest options, least index sum): no cutting
#: planes. Their objective is a cost or an index sum under the row ``objective >= OPT - tol``,
#: and SCIP's cuts at the root bought little there: the stages of the eleven SJC benchmark
#: instances took 1.26 s with cuts and 0.70 s without (SJC324 S = 150, p = 50: 0.57 -> 0.14 s);
#: BDS10000A R = 6.25 (three tied optima) 3.7 -> 2.8 s. No restarts either (SCIP restarted
#: them twice after root fixings): the one-MIP fewest-options and index-sum stage of SJC324
#: (S = 150, p = 50) / SJC818 (S = 250, p = 30 / 50) 0.075 / 0.063 / 0.055 s -> 0.047 / 0.033 /
#: 0.043 s, the full-coverage stage of SJC324 (S = 250, p = 30) 0.042 -> 0.029 s. No Farkas
#: diving (its root dive spent 385 of the stage's 859 LP iterations on SJC324, S = 150, p = 50):
#: that stage 0.048-0.056 -> 0.027-0.029 s, SJC818 (S = 250, p = 30) 0.039 -> 0.032 s, the other
#: two stages of the benchmark's SJC instances unchanged (fastest of two runs each).
STAGE_SCIP = ("separating/maxroundsroot = 0\nseparating/maxrounds = 0\n"
              "presolving/maxrestarts = 0\nheuristics/farkasdiving/freq = -1")


def one_positive_cost(cost: FloatArray) -> bool:
    """Every option costs the same positive amount: least cost is then fewest options."""
    return bool(cost.size) and np.ptp(cost) == 0 and cost[0] > 0


def _rule_winner(found: list[NDArray[np.bool_]], cost: FloatArray, cost_tol: float,
                 index: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Return the rule's winner among tied plans known to be all of them.

    Least cost (within ``cost_tol``), then fewest options, then least sum of original indices,
    then the lexicographically smallest index list.
    """
    least = min(float(cost[p].sum()) for p in found)
    cheapest = [p for p in found if float(cost[p].sum()) <= least + cost_tol]
    return min(cheapest, key=lambda p: (int(p.sum()), int(index[p].sum()), index[p].tolist()))


def tie_break(
    arrays: Arrays,
    objective: FloatArray,
    offset: float,
    n_x: int,
    cost: FloatArray,
    incumbent: FloatArray,
    evaluate: Callable[[NDArray[np.bool_]], float],
    index: NDArray[np.int64],
    *,
    solver: str,
    deadline: float,
    workers: int,
    scip_extra: str = "",
    swap_ties: Callable[[NDArray[np.bool_], float],
                        tuple[int, list[NDArray[np.bool_]]] | None] | None = None,
    least_cost: bool = False,
    anchor: float | None = None,
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
    index
        Original option index of each kept option (ascending).
    solver, deadline, workers, scip_extra
        Backend, absolute ``time.perf_counter()`` deadline, CP-SAT workers and extra SCIP
        settings.
    swap_ties
        Optional: the 1-swaps of a plan (mask) that are tied with it and cost at most the given
        amount, as their number and the first few masks (``None`` if unknown). When the plan
        and these alone are more than :data:`MAX_TIED_PLANS`, the stage MIPs run at once;
        otherwise the swaps (each checked with ``evaluate``) start the list of tied plans, so
        no query is spent finding them. The count only chooses between two exact methods, so
        an overcount (e.g. swaps breaking an equity floor) costs time, not correctness.
    least_cost
        ``incumbent`` is already proven to be of least cost among the tied plans (the
        full-coverage stage of :func:`planner.optimize.solve` found it by minimising cost): steps
        1, 1b and the least-cost stage are skipped.
    anchor
        The optimum ``OPT`` the tie window is measured from, when it is known apart from the
        incumbent's value: the full-coverage stage's plan reaches the trivial bound within the
        tolerance, and a window measured again from that plan's value would reach up to two
        tolerances below the optimum (found by an adversarial check against brute force).

    Whenever the tie-break cannot finish (time limit, solve cap, numerics) the incumbent plan is
    returned unchanged, so the result is then the optimiser's own deterministic plan, and the
    outcome string says so.
    """
    n_vars = len(objective)
    plan = incumbent[:n_x] > 0.5
    start = plan.copy()
    opt = evaluate(plan) if anchor is None else anchor
    tol = TIE_RTOL * max(1.0, abs(opt))

    def pad(vector: FloatArray) -> FloatArray:
        return pad_to(vector, n_vars)

    cost_tol = COST_TIE_RTOL * max(1.0, float(cost.sum()))
    obj_row = (objective, opt - offset - tol, np.inf)
    rows: list[tuple[FloatArray, float, float]] = [obj_row]

    def run(obj: FloatArray, maximize: bool, extra: list[tuple[FloatArray, float, float]],
            hint: FloatArray | None, strict: bool = False) -> tuple[str, FloatArray]:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return "timeout", np.zeros(0)
        with strict_tolerances() if strict else contextlib.nullcontext():
            out = solve_mip(with_rows(arrays, extra), obj, solver=solver,
                            time_limit=remaining, maximize=maximize,
                            hint=None if solver == "cpsat" else hint,
                            workers=CPSAT_STAGE_WORKERS if solver == "cpsat" else workers,
                            scip_extra=f"{scip_extra}\n{STAGE_SCIP}".strip(),
                            heuristics=CUTOFF_QUERY_HEURISTICS)
        if out.status == "optimal":
            candidate = out.values[:n_x] > 0.5
            if evaluate(candidate) < opt - tol or not _within_option_rows(candidate, extra):
                # SCIP's row tolerance (1e-6, relative) is wider than the tie window (1e-7) and
                # than a cost cap a few SEK above 1e6 (found by an adversarial check): a plan
                # just outside passed the row; once more with 1e-9
                if solver == "scip" and not strict:
                    return run(obj, maximize, extra, hint, strict=True)
                return "numerics", np.zeros(0)
        return out.status, out.values

    def _within_option_rows(candidate: NDArray[np.bool_],
                            extra: list[tuple[FloatArray, float, float]]) -> bool:
        # the stage rows on the options alone (cost cap, plan size), exactly on the 0/1 plan
        for vector, low, high in extra:
            if np.any(vector[n_x:]):
                continue  # the objective row: checked with evaluate
            value = float(vector[:n_x] @ candidate)
            slack = CHECK_RTOL * max(1.0, abs(value))
            if value < low - slack or value > high + slack:
                return False
        return True

    def limit_query(model: Arrays, remaining: float, nodes: int | None = None
                    ) -> tuple[str, FloatArray]:
        # SCIP with an objective limit a margin below OPT - tol: it prunes every node below the
        # limit and stops at the first plan above it (see run_cutoff_query; the margin because
        # SCIP rejects plans within its feasibility tolerance of the limit). A plan in the
        # margin but not tied leaves the question open: then the best plan above the limit
        # decides it. ``nodes``: SCIP's node limit (its end is told as a timeout)
        cutoff = opt - tol - CUTOFF_MARGIN_RTOL * max(1.0, abs(opt))
        extra = scip_extra if nodes is None else f"{scip_extra}\nlimits/nodes = {nodes}".strip()
        out = run_cutoff_query(model, objective, cutoff, time_limit=remaining, offset=offset,
                               scip_extra=extra, ask_again=nodes is None)
        second = out.status == "feasible" and evaluate(out.values[:n_x] > 0.5) < opt - tol
        if second:
            remaining = deadline - time.perf_counter()
            if remaining <= 0.05:
                return "timeout", np.zeros(0)
            out = run_cutoff_query(model, objective, cutoff, time_limit=remaining,
                                   offset=offset, scip_extra=extra, first=False)
        if out.status == "infeasible":
            return "same", out.values
        if out.status not in ("feasible", "optimal"):
            return ("timeout" if out.status == "unknown" else out.status), out.values
        if evaluate(out.values[:n_x] > 0.5) >= opt - tol:
            return "other", out.values
        if out.status == "feasible":  # the search for the best plan above the limit was cut
            return ("timeout" if second else "numerics"), out.values
        # the best plan above the limit is not tied and SCIP's bound shows none is
        return ("same" if out.bound < opt - tol else "numerics"), out.values

    def other_tied_plan(found: list[NDArray[np.bool_]], cost_cap: float
                        ) -> tuple[str, FloatArray]:
        # a tied plan other than those found (a no-good cut excludes each: sum_{t in P}
        # (1 - x_t) + sum_{t not in P} x_t >= 1) that costs no more than ``cost_cap``
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            return "timeout", np.zeros(0)
        cuts = [(pad(np.where(p, -1.0, 1.0)), 1.0 - float(p.sum()), np.inf) for p in found]
        cost_row = (pad(cost), -np.inf, cost_cap + cost_tol)
        model = with_rows(arrays, [cost_row, *cuts])
        if solver == "scip":
            try:
                return limit_query(model, remaining)
            except SolverError as exc:  # MathOpt's path failed: ask pywraplp's SCIP instead
                logger.warning("objective-limit query failed (%s); asking for the second-best "
                               "plan instead", exc)
                remaining = deadline - time.perf_counter()
                if remaining <= 0.05:
                    return "timeout", np.zeros(0)
        else:
            # after CP-SAT's proof: SCIP's query first, up to QUICK_QUERY_NODES nodes. Its "no
            # other tied plan" is a proof (its tolerance admits more plans, not fewer); a tied
            # plan it finds goes to CP-SAT, as does no answer: SCIP's row tolerance (1e-6,
            # relative) had let a plan 5e-7 short of a max-min stage's share floor pass as tied
            # and win the tie-break (a test with shares finer than CP-SAT's share step)
            with contextlib.suppress(SolverError):
                quick = limit_query(model, remaining, QUICK_QUERY_NODES)
                if quick[0] == "same":
                    return quick
            remaining = deadline - time.perf_counter()
            if remaining <= 0.05:
                return "timeout", np.zeros(0)
        # CP-SAT has no objective limit: the best plan other than those found, compared with
        # OPT - tol (the question SCIP answered before it got the limit: 15 s against 6.3 s on
        # the 200k x 10k camera instance at 8 MSEK)
        out = run_mip(model, objective, solver=solver, time_limit=remaining, maximize=True,
                      hint=None, workers=workers, offset=offset, scip_extra=scip_extra)
        if out.status == "infeasible":
            return "same", out.values
        if out.status != "optimal":
            return out.status, out.values
        if evaluate(out.values[:n_x] > 0.5) >= opt - tol:
            return "other", out.values
        return ("same" if out.bound < opt - tol else "numerics"), out.values

    uniform = one_positive_cost(cost)
    if least_cost:
        return _fewest_then_index_sum(run, rows, plan, incumbent, cost, cost_tol, uniform,
                                      pad(index.astype(np.float64) + 1.0), start)
    # step 1: is P the only tied plan that costs no more than P? Its tied 1-swaps, if known,
    # answer at once: too many for a list -> the stages; a few -> they start the list
    found = [plan]
    swaps = swap_ties(plan, float(cost[plan].sum()) + cost_tol) if swap_ties else None
    listing = swaps is None or 1 + swaps[0] <= MAX_TIED_PLANS
    if swaps is not None and listing:
        found += [p for p in swaps[1] if evaluate(p) >= opt - tol]
    values = incumbent
    if swaps is not None and not listing:  # more ties than a list would hold: the stages
        logger.info("tie-break: %d tied 1-swaps of the optimum; solving the stages", swaps[0])
    # step 1b: the tied plans are listed outright, each query excluding the plans found and
    # those dearer than the cheapest found; when one proves that no other is left, the winner
    # is picked among them (down to the lexicographic order, as enumeration does)
    while listing and len(found) <= MAX_TIED_PLANS:
        status, more = other_tied_plan(found, min(float(cost[p].sum()) for p in found))
        if status == "same":
            if len(found) == 1:
                return plan, "exact (unique optimal plan of least cost)"
            return _rule_winner(found, cost, cost_tol, index), \
                f"exact (least cost, fewest options, least index sum among {len(found)} " \
                "tied plans)"
        if status == "timeout":
            return start, ("not applied (timeout)" if len(found) == 1 else
                           "not applied (timeout while listing tied plans)")
        if status != "other":
            if len(found) == 1:
                return start, f"not applied ({status})"
            break
        values = more
        found.append(values[:n_x] > 0.5)
    # step 2: least cost, then fewest options (with one positive cost for all, least cost is
    # fewest options and one MIP does both)
    if not uniform:
        status, values = run(pad(cost), False, rows, values)
        if status != "optimal":
            return start, f"partial ({status} in least-cost stage)"
        plan = values[:n_x] > 0.5
    return _fewest_then_index_sum(run, rows, plan, values, cost, cost_tol, False,
                                  pad(index.astype(np.float64) + 1.0), start)


def _fewest_then_index_sum(
    run: Callable[[FloatArray, bool, list[tuple[FloatArray, float, float]], FloatArray | None],
                  tuple[str, FloatArray]],
    rows: list[tuple[FloatArray, float, float]],
    plan: NDArray[np.bool_],
    values: FloatArray,
    cost: FloatArray,
    cost_tol: float,
    size_known: bool,
    ranks: FloatArray,
    start: NDArray[np.bool_],
) -> tuple[NDArray[np.bool_], str]:
    """Steps 2 (fewest options) and 3 (least index sum) from a least-cost tied ``plan``.

    ``size_known``: every plan of that cost has as many options as ``plan`` (one positive cost
    for all), so the fewest-options stage is skipped. Otherwise both stages are one MIP when
    :func:`size_weight` allows (``weight * size + index sum``), else two.
    """
    n_x = len(cost)

    def pad(vector: FloatArray) -> FloatArray:
        return pad_to(vector, len(ranks))

    cost_cap = float(cost[plan].sum()) + cost_tol
    rows = [*rows, (pad(cost), -np.inf, cost_cap)]
    if not size_known:
        weight = size_weight(ranks[:n_x], cost, cost_cap)
        if weight is not None:
            status, values = run(ranks + pad(np.full(n_x, weight)), False, rows, values)
            if status != "optimal":
                return start, f"partial ({status} in fewest-options and index-sum stage)"
            return values[:n_x] > 0.5, "exact (least cost, fewest options, least index sum)"
        status, values = run(pad(np.ones(n_x)), False, rows, values)
        if status != "optimal":
            return start, f"partial ({status} in fewest-options stage)"
        plan = values[:n_x] > 0.5
    count = float(plan.sum())
    rows.append((pad(np.ones(n_x)), count - 0.5, count + 0.5))
    # step 3: least index sum (integral weights, so an exact optimum)
    status, values = run(ranks, False, rows, values)
    if status != "optimal":
        return start, f"partial ({status} in index-sum stage)"
    plan = values[:n_x] > 0.5
    return plan, "exact (least cost, fewest options, least index sum)"


#: Largest objective value of the one-MIP fewest-options and index-sum stage
#: (:func:`size_weight`): its values are integers, and SCIP's relative gap (1e-9) and tolerances
#: must still tell two neighbours apart; up to 1e7 the gap alone is below 0.01.
SIZE_WEIGHT_MAX = 1e7


def size_weight(ranks: FloatArray, cost: FloatArray, cost_cap: float) -> float | None:
    """Weight ``K`` of the plan size in one MIP ``min K * size + index sum`` (or ``None``).

    ``K`` exceeds the index sum of any plan within ``cost_cap`` (the sum of the largest ranks
    of as many options as the cheapest ones that fit), so fewer options always win and the
    index sum decides among plans of one size: the two stages' order, in one MIP. Measured on
    the index-sum stage's model: SJC818 at S = 250, p = 30 0.115 s for the index sum alone,
    0.07-0.09 s for both at once (the fewest-options MIP, 0.04 s, saved as well); SJC324 at
    S = 150, p = 50 0.08 s either way. ``None`` when the values could exceed
    :data:`SIZE_WEIGHT_MAX` (then the two stages run one after the other).
    """
    fit = np.cumsum(np.sort(cost)) <= cost_cap
    most = int(fit.sum())
    weight = float(np.sort(ranks)[::-1][:most].sum()) + 1.0
    if weight * max(most, 1) > SIZE_WEIGHT_MAX:
        return None
    return weight


#: Scales tried to make a coverage objective whole (:func:`objective_granularity`).
GRANULARITY_SCALES = (1, 2, 4, 8, 10, 16, 20, 40, 100)
#: Largest value the one-MIP optimum-and-tie-break objective may reach (see
#: :func:`lexicographic`); like :data:`SIZE_WEIGHT_MAX`, SCIP's relative precision (1e-9) must
#: still tell two whole numbers apart, and the answer is verified against SCIP's dual bound.
LEXICOGRAPHIC_MAX = 1e8


def objective_granularity(objective: FloatArray, offset: float) -> tuple[float, float] | None:
    """The step ``g`` between the objective's values and the coefficients' distance from it.

    ``g = 1 / s`` for the first ``s`` of :data:`GRANULARITY_SCALES` that makes every
    coefficient and the offset whole to 1e-9 (relative); the second value is the sum of their
    distances from the whole multiples of ``g`` (a float's rounding, or a real difference that
    small: the caller decides whether it may be ignored); ``None`` without such a step.
    """
    values = np.append(objective[objective != 0], offset)
    for scale in GRANULARITY_SCALES:
        scaled = values * scale
        off = np.abs(scaled - np.round(scaled))
        if np.all(off <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return 1.0 / scale, float(off.sum()) / scale
    return None


def lexicographic(
    arrays: Arrays,
    objective: FloatArray,
    offset: float,
    n_x: int,
    cost: FloatArray,
    budget: float,
    index: NDArray[np.int64],
    value: float,
    bound: float,
    hint: FloatArray,
    evaluate: Callable[[NDArray[np.bool_]], float],
    *,
    deadline: float,
    scip_extra: str = "",
) -> tuple[NDArray[np.bool_], float] | None:
    """The optimum and the tie-break's winner in one SCIP MIP, verified; ``None`` if not done.

    For one cost per option (least cost is then fewest options) and an objective whose values
    are whole multiples of a step ``g`` (:func:`objective_granularity`), with a plan worth
    ``value`` known and ``bound`` above every plan: minimise ``key - M * s`` where ``key = K *
    size + index sum`` (:func:`size_weight`), ``s = objective - value + tol >= 0`` (a slack
    variable, so the objective stays small) and ``M * g`` exceeds every key: a plan worth ``g``
    more beats every key, and among plans of one value the key decides, which is the rule.
    The answer is kept only if SCIP's dual bound ``D`` proves both: ``D`` above what any plan
    worth ``g`` more could reach (no better plan), and ``D`` within 0.5 of the plan's own value
    (no smaller key at its value; keys are whole). This replaces the proof MIP and the
    tie-break's stage MIP (SJC324 at S = 150, p = 50: one MIP of 29 ms for 25 + 30 ms).
    """
    grid = objective_granularity(objective, offset)
    tol = TIE_RTOL * max(1.0, abs(value))
    if grid is None or grid[0] <= 4 * tol or not one_positive_cost(cost):
        return None
    step, off_grid = grid
    ranks = index.astype(np.float64) + 1.0
    weight = size_weight(ranks, cost, budget)
    if weight is None:
        return None
    most = int((np.cumsum(np.sort(cost)) <= budget + COST_TIE_RTOL * max(1.0, budget)).sum())
    key_max = weight * most + float(np.sort(ranks)[::-1][:most].sum())
    big = (key_max + 1.0) / step
    if big * (bound - value + tol + step) + key_max > LEXICOGRAPHIC_MAX:
        return None
    if big * off_grid >= 0.25:
        # coefficients a little off the grid (1e6 and 1e6 + 5e-4) differ by less than the tie
        # window, but the MIP would weigh that difference by ``big`` and prefer the plan worth
        # 5e-4 more over the rule's winner (found by review): the two MIPs decide
        return None
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    n_vars = len(lb)
    slack_row = sp.hstack([sp.csr_matrix(objective.reshape(1, -1)), sp.csr_matrix([[-1.0]])])
    model = (np.append(lb, 0.0), np.append(ub, np.inf), np.append(integer, False),
             sp.vstack([sp.hstack([matrix, sp.csr_matrix((matrix.shape[0], 1))]), slack_row],
                       format="csr"),
             np.append(row_lb, value - offset - tol), np.append(row_ub, value - offset - tol))
    key = np.zeros(n_vars + 1)
    key[:n_x] = weight + ranks
    key[n_vars] = -big
    start = np.append(hint, max(float(objective @ hint) + offset - value + tol, 0.0))
    remaining = deadline - time.perf_counter()
    if remaining <= 0.05:
        return None
    out = solve_mip(model, key, solver="scip", time_limit=remaining, maximize=False, hint=start,
                    scip_extra=f"{scip_extra}\n{STAGE_SCIP}".strip(),
                    heuristics=CUTOFF_QUERY_HEURISTICS)
    if out.status != "optimal":
        return None
    plan = out.values[:n_x] > 0.5
    worth = evaluate(plan)
    if worth < value - tol:
        return None
    own = float(key[:n_x] @ plan) - big * (worth - value + tol)
    better = key_max - big * (worth + step - value + tol)  # the least any better plan scores
    if not (out.bound - better >= 0.5 and own - out.bound <= 0.5):
        logger.info("one-MIP tie-break not verified (dual bound %.6f, plan %.6f); two MIPs",
                    out.bound, own)
        return None
    return plan, worth
