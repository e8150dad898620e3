"""The plan's MIP: SCIP, or CP-SAT first when the LP relaxation is weak (internal).

SCIP is the planner's MIP solver: on the benchmark instances and most of Katrineholm's budgets it
proves the optimum fastest (``benchmarks/RESULTS.md``). It struggles where the LP relaxation is
far above the best plan: its tree then grows with every cut round barely moving the bound, while
CP-SAT's portfolio of workers (clause learning, LP-based and core-based bounds, large
neighbourhood search) closes the same gap far sooner. Katrineholm at 400,000 SEK (LP 4.0 % above
the incumbent): SCIP 26.5 s, CP-SAT 2.6 s; at 600,000 SEK (3.8 %): SCIP stopped at its 120 s limit
with a gap of 2.5 %, CP-SAT proved the optimum in 19 s. Where the LP is tight CP-SAT is the slower
one (the 200k x 10k camera instance at 8 MSEK, 0.08 %: SCIP 3.0 s, CP-SAT 93 s; Katrineholm at
2 MSEK, 0.47 %: 8.3 against 21 s).

So the LP gap picks the first solver (:data:`HANDOVER_LP_GAP`), and a misjudged model costs at
most the share of the time CP-SAT gets (:data:`HANDOVER_SHARE`): when CP-SAT has not proven the
optimum by then, SCIP starts from CP-SAT's best plan for the rest of the time, and the bound is
the better of the two solvers'. Either proof goes through the same tie-break, so the plan stays
canonical whichever solver proved it.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from numpy.typing import NDArray
from ortools.math_opt.solvers.gscip import gscip_pb2

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
#: CP-SAT's share of the time left before SCIP takes over (see the module docstring).
HANDOVER_SHARE = 0.5
#: ``SolveResult.backend`` when CP-SAT ran the plan's MIP under the SCIP backend.
HANDOVER_BACKEND = "scip+cpsat"


def relative_lp_gap(lp_bound: float, value: float) -> float:
    """``(lp_bound - value) / |lp_bound|`` (0 without a finite, non-zero LP bound)."""
    if not np.isfinite(lp_bound) or lp_bound == 0:
        return 0.0
    return (lp_bound - value) / abs(lp_bound)


def plan_mip(arrays: Arrays, objective: FloatArray, *, lp_gap: float, time_limit: float,
             hint: FloatArray | None, workers: int, offset: float, scip_extra: str,
             heuristics: gscip_pb2.GScipParameters.MetaParamValue.ValueType = DEFAULT_HEURISTICS,
             gap: float = 0.0
             ) -> tuple[MipOutcome, bool]:
    """Solve the plan's MIP (maximise); returns the outcome and whether CP-SAT took part.

    ``lp_gap`` is :func:`relative_lp_gap` of the incumbent that ``hint`` encodes. At most
    :data:`HANDOVER_LP_GAP`, without a hint or at SCIP's strict tolerance (a second attempt
    after a plan broke a limit; CP-SAT's integer scaling is no help there) this is SCIP's
    :func:`~planner._opt_solvers.solve_mip`.
    """
    def scip(limit: float, start: FloatArray | None) -> MipOutcome:
        return solve_mip(arrays, objective, solver="scip", time_limit=limit, hint=start,
                         offset=offset, scip_extra=scip_extra, heuristics=heuristics, gap=gap)

    if lp_gap <= HANDOVER_LP_GAP or hint is None or strict_active():
        return scip(time_limit, hint), False
    started = time.perf_counter()
    logger.info("LP bound %.2f %% above the incumbent: CP-SAT first (%d workers), for %.1f s",
                100 * lp_gap, workers, time_limit * HANDOVER_SHARE)
    first = run_mip(arrays, objective, solver="cpsat", time_limit=time_limit * HANDOVER_SHARE,
                    hint=np.round(hint), workers=workers, offset=offset, gap=gap)
    if first.status == "optimal":
        return first, True
    left = time_limit - (time.perf_counter() - started)
    found = first.status == "feasible"
    logger.info("CP-SAT ended %s; SCIP for the %.1f s left", first.status, left)
    second = scip(max(left, 0.05), first.values if found else hint)
    if not found:  # (CP-SAT's "infeasible" against a feasible hint is numerics: SCIP's word)
        return second, True
    if second.status == "optimal":
        return second, True
    bound = min(first.bound, second.bound)
    if second.status == "feasible" and second.objective >= first.objective:
        return MipOutcome(second.status, second.values, second.objective, bound,
                          time.perf_counter() - started), True
    return MipOutcome("feasible", first.values, first.objective, bound,
                      time.perf_counter() - started), True
