"""The plan's MIP: SCIP, handing over to CP-SAT when the LP relaxation is weak (internal).

SCIP is the planner's MIP solver: on the benchmark instances and most of Katrineholm's budgets it
proves the optimum fastest (``benchmarks/RESULTS.md``). It struggles where the LP relaxation lies
far above the best plan: the cut rounds barely move the bound and the tree grows, while CP-SAT's
portfolio of workers (clause learning, LP and core-based bounds, large neighbourhood search)
closes the same gap sooner. Katrineholm at 400,000 SEK (LP 4.0 % above the incumbent): SCIP
26.5 s, CP-SAT 2.6 s; at 600,000 SEK (3.8 %): SCIP stopped at its 120 s limit with a gap of
2.5 %, CP-SAT proved the optimum in 15-27 s. Where the LP is tight CP-SAT is the slower one (the
200k x 10k camera instance at 8 MSEK, 0.08 %: SCIP 3.0 s, CP-SAT 93 s), and a wide LP gap alone
does not make SCIP slow (Katrineholm at 900,000 SEK: SCIP 7 s, CP-SAT 14 s).

So a plan whose LP gap is at most :data:`HANDOVER_LP_GAP` goes to SCIP until it proves the plan
or goes :data:`STALL_NODES` nodes without a better one; then (rollout stage 2 of Katrineholm,
6 MSEK with stage 1's cameras kept, LP gap 0.11 %: SCIP's bound stalls, its plan never improves
on the start and the 120 s limit ends it at gap 0.06 %; CP-SAT proved it in 63-70 s where the
load allowed) CP-SAT starts from SCIP's plan for at most :data:`NARROW_CPSAT_WORK` units of its
deterministic time, its workers interleaved: the parallel portfolio had run to the time limit
and its plan had depended on the machine's load, where now the same model gets the same plan
(``stopped_by = "work limit"``) on any machine fast enough to finish that work within the time
limit. A wider one goes to SCIP
for at most :data:`SCIP_FIRST_NODES` branch-and-bound nodes; without a proof by then CP-SAT
starts from SCIP's best plan for :data:`HANDOVER_SHARE` of the time left, and should it not prove
the optimum either, SCIP starts again from the best plan for the rest. The bound is the
best of the runs'. Every proof goes through the same tie-break, so the plan is the same canonical
one whichever solver proved it. SCIP's first try is bounded by nodes, not seconds (it was 10 s
until the twentieth session, when a loaded machine handed Katrineholm at 200,000 SEK to CP-SAT
and a quiet one did not): whether CP-SAT runs, and so ``backend``, is the same on any machine;
only a plan stopped by the time limit depends on the machine, as it always did.

The model was fixed by reduced costs against the incumbent the MIP started from; when SCIP's first
try found a better plan, the caller's ``refix`` fixes again against that plan, and CP-SAT and the
SCIP run after it take the smaller model (Katrineholm at 300,000 SEK: fixed against greedy's
425.75, 3,718 options left and no proof in 120 s; against the first try's 445.12, 604 left, proven
by CP-SAT in 27 s). Options fixed against a plan's value are in no plan worth as much, so the
smaller model has the same optimum, and its bounds hold for the whole.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from ortools.math_opt.solvers.gscip import gscip_pb2

from planner._opt_checks import CHECK_RTOL
from planner._opt_solvers import (
    DEFAULT_HEURISTICS,
    Arrays,
    MipOutcome,
    run_mip,
    solve_mip,
    strict_active,
)

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]

#: Relative gap between the LP relaxation's bound and the incumbent above which the plan's MIP
#: goes to CP-SAT first. Measured on the MIP alone (SCIP / CP-SAT with 8 workers, seconds, both
#: proving the same optimum; Katrineholm's default scenario at other budgets, then the camera
#: instances): 400k SEK 4.0 %: 26.5 / 2.6; 600k 3.8 %: over 120 / 19; 450k 2.5 %: 0.30 / 0.56;
#: 700k 1.9 %: 0.84 / 0.76; 500k 1.3 %: 0.16 / 0.18; 1 MSEK 1.1 %: 0.93 / 8.2; 1.5 MSEK 0.8 %:
#: 1.9 / 6.6; 800k 0.6 %: 0.13 / 0.29; 2 MSEK 0.5 %: 8.3 / 21; 3 MSEK 0.08 %: 8.1 / 6.8; camera
#: 8 MSEK 0.08 %: 3.0 / 93; camera 3 MSEK 0.02 %: 0.04 / 0.05.
HANDOVER_LP_GAP = 0.02
#: SCIP's first try at the plan's MIP when the LP gap is wide: at most this many branch-and-bound
#: nodes (``limits/totalnodes``). A count of nodes, not seconds, so that whether CP-SAT runs, and
#: so ``backend``, is the same on a fast machine and a loaded one; the time limit still caps it.
#: SCIP alone, nodes to the proof on Katrineholm's default scenario where the LP gap is above 2 %:
#: 150k, 200k, 350k, 450k SEK 1 node (the root; 200k 7.9 s, 350k 11.4 s under load), 900k 2 nodes;
#: 400k 720 nodes (33 s); 300k and 600k unproven after 81 and 67 nodes (40 s).
SCIP_FIRST_NODES = 20
#: SCIP's first try at the plan's MIP when the LP gap is narrow (at most
#: :data:`HANDOVER_LP_GAP`): it stops after this many nodes without a better plan
#: (``limits/stallnodes``, a count like :data:`SCIP_FIRST_NODES`), and CP-SAT gets the rest.
#: ``None``: SCIP alone. Nodes to SCIP's proof where the LP gap is narrow: Katrineholm's
#: default scenario at 250k, 500k, 700k, 800k, 1M, 1.5M SEK 1 node, 2 MSEK 5, 3 MSEK 101
#: (4-8 MSEK take the large model's work limit, no MIP); the 200k x 10k camera instance at
#: 8 MSEK 293 nodes, and it stalls (no better plan) for 150-199 of them: at 150 it was handed
#: over and CP-SAT did not prove it in 116 s. Rollout stage 2 (see above) never improves on its
#: start: it stops at 300 nodes after 25 s.
STALL_NODES: int | None = 300
#: CP-SAT's work after a stalled SCIP tree (the narrow gap's rule), in its deterministic time
#: (``max_deterministic_time``, its workers interleaved so that the same model gives the same
#: search; see :func:`~planner._opt_solvers.run_mip`): the same plan on any machine, where the
#: parallel portfolio's plan had depended on the load until the time limit ended it.
NARROW_CPSAT_WORK = 20.0
#: CP-SAT's share of the time left after SCIP's first try (see the module docstring).
HANDOVER_SHARE = 0.5
#: Below this many seconds left after SCIP's first try, no CP-SAT: three solver runs, each
#: building its model, would spend the little time there is on builds and each run's overrun
#: grace. SCIP then goes on from its plan without the node limit; with a time limit below this
#: from the start, SCIP alone (a node-limited first try had ended such solves after 20 nodes:
#: a random graded cover with 8 s, 3,785.75 after 4.0 s where SCIP alone proves 3,819.0).
HANDOVER_MIN_S = 5.0
#: A first try that leaves less than this of the time limit ran into it: the solve ends there
#: (another SCIP run, rebuilding and presolving the model, would overrun the limit).
HANDOVER_GO_ON_S = 0.5
#: The model is fixed again against SCIP's first plan (see ``refix`` in :func:`plan_mip`) only
#: when that leaves at most this share of its variables. Katrineholm's default scenario, variables
#: before -> after: 300,000 SEK 25,281 -> 9,913 (0.39; not proven in 120 s before, 51-72 s
#: after), 400k 6,201 -> 6,034 (0.97), 600k 10,439 -> 9,957 (0.95). A model a few per cent
#: smaller changes CP-SAT's search without making it easier (600k: one of three runs on the
#: smaller model ran into the 120 s limit under load), so those keep the model they had.
REFIX_MAX_SHARE = 0.75
#: ``SolveResult.backend`` when CP-SAT ran the plan's MIP under the SCIP backend.
HANDOVER_BACKEND = "scip+cpsat"


class Refixed(NamedTuple):
    """The MIP fixed again against a better plan (``refix``'s answer, see :func:`plan_mip`)."""

    arrays: Arrays
    objective: FloatArray
    offset: float
    #: the better plan as a start in the new model
    hint: FloatArray
    #: a solution's values in the new model -> the same plan's values in the model before
    back: Callable[[FloatArray], FloatArray]


def relative_lp_gap(lp_bound: float, value: float) -> float:
    """``(lp_bound - value) / |lp_bound|`` (0 without a finite, non-zero LP bound)."""
    if not np.isfinite(lp_bound) or lp_bound == 0:
        return 0.0
    return (lp_bound - value) / abs(lp_bound)


def plan_mip(arrays: Arrays, objective: FloatArray, *, lp_gap: float, time_limit: float,
             hint: FloatArray | None, workers: int, offset: float, scip_extra: str,
             heuristics: gscip_pb2.GScipParameters.MetaParamValue.ValueType = DEFAULT_HEURISTICS,
             gap: float = 0.0,
             refix: Callable[[FloatArray], Refixed | None] | None = None
             ) -> tuple[MipOutcome, bool]:
    """Solve the plan's MIP (maximise); returns the outcome and whether CP-SAT ran.

    ``lp_gap`` is :func:`relative_lp_gap` of the incumbent that ``hint`` encodes. Without a hint
    or at SCIP's strict tolerance (a second attempt after a plan broke a limit; CP-SAT's integer
    scaling is no help there) this is SCIP's :func:`~planner._opt_solvers.solve_mip`. At most
    :data:`HANDOVER_LP_GAP`, SCIP's first try stops only at :data:`STALL_NODES` nodes without a
    better plan or at ``time_limit``; after a stall CP-SAT gets all the time left and its answer,
    or the first try's plan where it found no better, ends the solve. Otherwise SCIP's first try
    stops at :data:`SCIP_FIRST_NODES` nodes or at ``time_limit``; where those nodes brought
    SCIP's own bound within :data:`HANDOVER_LP_GAP` of its plan, SCIP goes on from it under the
    narrow gap's rule (:data:`STALL_NODES`, then CP-SAT for the rest); otherwise CP-SAT runs
    exactly when that try ends without a proof and at least :data:`HANDOVER_MIN_S` seconds are
    left, so a plan proven
    well before the time limit took the same path (and has the same ``backend``) on any
    machine. With less than that left after the first try SCIP goes on without the node limit
    (whether a first try ends within those seconds of the limit depends on the machine, as
    anything near the time limit does), with less than :data:`HANDOVER_GO_ON_S` the solve ends
    at the first try; with a ``time_limit`` below :data:`HANDOVER_MIN_S`, SCIP alone.

    ``refix`` (optional) is given the first try's plan when CP-SAT is to run; a :class:`Refixed`
    model (fixed by reduced costs against that plan) then replaces ``arrays`` for CP-SAT and the
    SCIP run after it, and their plans are mapped back, so the outcome is always in ``arrays``'
    variables. ``None``: nothing more fixed, the model stays.
    """
    model = Refixed(arrays, objective, offset, hint if hint is not None else np.zeros(0),
                    lambda values: values)

    def scip(limit: float, start: FloatArray | None, extra: str = scip_extra) -> MipOutcome:
        return solve_mip(model.arrays, model.objective, solver="scip", time_limit=limit,
                         hint=start, offset=model.offset, scip_extra=extra,
                         heuristics=heuristics, gap=gap)

    def back(run: MipOutcome) -> MipOutcome:
        if not run.values.size:
            return run
        return dataclasses.replace(run, values=model.back(run.values))

    if hint is None or strict_active() or time_limit < HANDOVER_MIN_S:
        return scip(time_limit, hint), False
    narrow = lp_gap <= HANDOVER_LP_GAP
    if narrow and STALL_NODES is None:
        return scip(time_limit, hint), False
    started = time.perf_counter()

    def left() -> float:
        return max(time_limit - (time.perf_counter() - started), 0.05)

    limit = (f"limits/stallnodes = {STALL_NODES}" if narrow
             else f"limits/totalnodes = {SCIP_FIRST_NODES}")
    first = scip(time_limit, hint, f"{scip_extra}\n{limit}".strip())
    if first.status in ("optimal", "infeasible"):
        return first, False
    runs = [first]
    best = first if first.status == "feasible" else None
    remaining = time_limit - (time.perf_counter() - started)
    if remaining < HANDOVER_GO_ON_S:
        # (the try ran into the time limit: the solve ends there, by the clock whatever
        # ended the try)
        return dataclasses.replace(first, by_work=False), False
    if remaining < HANDOVER_MIN_S:
        # too little time left for CP-SAT: SCIP goes on from its plan without the node limit
        # for the rest, as SCIP alone would have (stopping at the nodes had left up to 5 s of
        # the limit unused and called it the time limit)
        rest = scip(remaining, best.values if best else hint)
        if rest.status in ("optimal", "infeasible") or best is None:
            return rest, False
        best = _better(best, rest)
        assert best is not None  # (the first try's plan at least)
        return MipOutcome("feasible", best.values, best.objective,
                          min(first.bound, rest.bound), time.perf_counter() - started), False
    if (not narrow and best is not None and remaining >= HANDOVER_MIN_S
            and relative_lp_gap(first.bound, first.objective) <= HANDOVER_LP_GAP):
        # SCIP's first nodes brought its own bound within the narrow gap: the narrow case's
        # rule from here, SCIP from its plan until it stalls (a town of 1,058 options at an LP
        # gap of 3.6 %: 0.5 % after 20 nodes and 17 s of root cuts, proven by SCIP alone in
        # 21 s, where CP-SAT took 58 s more)
        logger.info("SCIP's bound %.2f %% above its plan after %d nodes (%.1f s): SCIP goes on",
                    100 * relative_lp_gap(first.bound, first.objective), SCIP_FIRST_NODES,
                    first.wall_s)
        stall = f"limits/stallnodes = {STALL_NODES}" if STALL_NODES is not None else ""
        on = scip(left(), best.values, f"{scip_extra}\n{stall}".strip())
        if on.status in ("optimal", "infeasible"):
            return on, False
        narrow, runs, best = True, [*runs, on], _better(best, on)
        assert best is not None  # (the first try's plan at least)
        if STALL_NODES is None:  # (SCIP alone: it ran to the time limit)
            return MipOutcome("feasible", best.values, best.objective,
                              min(r.bound for r in runs), time.perf_counter() - started), False
    again = refix(best.values) if refix is not None and best is not None else None
    if again is not None and best is not None:
        # (the first try's plan, a start in the smaller model; ``back`` maps the runs' plans)
        model, best, hint = again, dataclasses.replace(best, values=again.hint), again.hint
    # (a stalled SCIP tree: CP-SAT for all the time left, another SCIP run would stall again)
    share = 1.0 if narrow else HANDOVER_SHARE
    logger.info("LP bound %.2f %% above the incumbent and no proof from SCIP in %s (%.1f s): "
                "CP-SAT (%d workers) for %.1f s", 100 * lp_gap,
                f"{STALL_NODES} nodes without a better plan" if narrow
                else f"{SCIP_FIRST_NODES} nodes", first.wall_s, workers, left() * share)
    runs.append(run_mip(_check_tolerances(model.arrays), model.objective, solver="cpsat",
                        time_limit=left() * share, workers=workers,
                        offset=model.offset, hint=np.round(best.values if best else hint),
                        gap=gap, deterministic_time=NARROW_CPSAT_WORK if narrow else None))
    proof = runs[-1]
    if proof.status == "optimal":
        return back(proof), True
    best = _better(best, proof)
    if narrow:
        if best is None:
            return back(proof), True
        # reproducible when every run ended at a count of work, none at the wall clock
        return back(MipOutcome("feasible", best.values, best.objective,
                               min(r.bound for r in runs), time.perf_counter() - started,
                               by_work=all(r.by_work for r in runs))), True
    logger.info("CP-SAT ended %s; SCIP again for the %.1f s left", proof.status, left())
    runs.append(scip(left(), best.values if best else hint))
    if runs[-1].status == "optimal" or best is None:
        return back(runs[-1]), True
    best = _better(best, runs[-1])
    assert best is not None  # (found before the last run)
    return back(MipOutcome("feasible", best.values, best.objective, min(r.bound for r in runs),
                           time.perf_counter() - started)), True


def _check_tolerances(arrays: Arrays) -> Arrays:
    """The model with every row widened by the plan check's tolerance, for CP-SAT.

    CP-SAT scales the real coefficients to integers and then reads each row exactly, where SCIP
    allows its feasibility tolerance (1e-6) and :func:`~planner.optimize.validate_plan` counts a
    plan within ``budget * (1 + 1e-9) + 1e-9`` or 1e-9 short of a share as meeting it. Given the
    rows as stated, CP-SAT proved plans optimal that the plan check ranks below another
    (``benchmarks/check_numerics.py`` with the handover forced, seed 9100: a plan worth 7.32
    where one worth 10.0 costs 2e6 against a budget of 2e6 less 2e-6). Widened by
    :data:`~planner._opt_checks.CHECK_RTOL` relative to each bound, CP-SAT's rows are never
    looser than the plan check: the budget's cap is ``budget * (1 + 1e-9)``, and a share row
    ``covered >= share * total`` gives way by ``1e-9 * share * total``, at most the check's
    ``1e-9 * total`` (widened by at least 1e-9 absolute, as a first version did, an area of
    total weight 0.01 could fall 1e-7 short of its share, which the check rejects).
    """
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    with np.errstate(invalid="ignore"):  # (inf * 1e-9 is inf; rows at 0 stay at 0)
        return (lb, ub, integer, matrix, row_lb - CHECK_RTOL * np.abs(row_lb),
                row_ub + CHECK_RTOL * np.abs(row_ub))


def _better(best: MipOutcome | None, run: MipOutcome) -> MipOutcome | None:
    """The better plan of the two (``best`` on a tie; a run without a plan does not count)."""
    if run.status != "feasible" or (best is not None and run.objective <= best.objective):
        return best
    return run
