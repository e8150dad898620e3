"""The solvers' settings (internal): SCIP's, CP-SAT's and their measured tuning.

The settings text of every SCIP solve (:data:`SCIP_PARAMS`, :data:`STRICT_SCIP` inside
:func:`strict_tolerances`, :func:`_scip_settings`), Ctrl-C left to Python or to SCIP, the
branching, pricing and cut settings of shallow and deep plans, SCIP's primal-heuristics
emphasis of the objective-limit query and the plan's MIP, CP-SAT's precision, and the
translation of settings text into MathOpt's typed maps (:func:`_gscip_parameters`). Each value
with the measurements behind it; the runs that use them are :mod:`planner._opt_solvers`', which
re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ortools.math_opt.solvers.gscip import gscip_pb2

#: Ctrl-C during a solve. SCIP through pywraplp (and CP-SAT) caught SIGINT themselves and
#: returned their best plan so far as if a limit had ended the search: `planner plan` went on and
#: wrote a worse plan (Katrineholm: gap 2.23 % instead of 0.57 %) labelled "work limit"
#: (reproducible), exit code 0; pywraplp does not say that SCIP was interrupted. There SIGINT is
#: left to Python (this setting, and ``catch_sigint_signal:false`` for CP-SAT): the waiting
#: thread gets ``KeyboardInterrupt`` and :func:`~planner._opt_solvers._guarded` lets the solver's thread end (CP-SAT
#: stops when interrupted; SCIP and GLOP through pywraplp ignore the interrupt and finish their
#: step, at most their time limit: Katrineholm's LP-neighbourhood root, about 10 s) before the
#: command stops. SCIP through MathOpt, which has no interrupter here (see :func:`~planner._opt_solvers.run_scip`),
#: catches SIGINT itself (:data:`CTRL_C_TO_SCIP`, within seconds) and its interrupted answer
#: becomes ``KeyboardInterrupt``.
CTRL_C_TO_PYTHON = "misc/catchctrlc = FALSE"
CTRL_C_TO_SCIP = "misc/catchctrlc = TRUE"
#: SCIP settings: exact gap, fixed seed. (Turning cutting-plane separation off halved BDS times
#: but made the 200k x 10k camera instance with an 8 MSEK budget 5x slower, so it stays on.)
SCIP_PARAMS = "limits/gap = 1e-9\nlimits/absgap = 1e-9\nrandomization/randomseedshift = 0"
#: SCIP's feasibility tolerance inside :func:`strict_tolerances`. SCIP's default (1e-6, relative
#: for large row activities, and the integrality tolerance of the option variables) lets a plan
#: overrun a budget of 1e7 by several units (costs 5e6 and 5e6 + 1 within 1e7: both options
#: chosen), which :func:`planner.optimize.validate_plan` (1e-9) then rejects.
STRICT_SCIP = "numerics/feastol = 1e-9"
_STRICT: ContextVar[bool] = ContextVar("planner_strict_tolerances", default=False)


@contextmanager
def strict_tolerances() -> Iterator[None]:
    """Within this block every SCIP solve uses :data:`STRICT_SCIP` (a second attempt, rare)."""
    token = _STRICT.set(True)
    try:
        yield
    finally:
        _STRICT.reset(token)


def strict_active() -> bool:
    """Whether the caller runs inside :func:`strict_tolerances`."""
    return _STRICT.get()


def _scip_settings(extra: str) -> str:
    """The SCIP settings text of every solve: :data:`SCIP_PARAMS`, strict or not, then ``extra``."""
    strict = STRICT_SCIP if _STRICT.get() else ""
    return "\n".join(part for part in (SCIP_PARAMS, strict, extra.strip()) if part)


#: Neither Gomory nor aggregation (c-MIR) cuts (see :data:`SHALLOW_SCIP` and
#: :data:`DEEP_PLAN_SCIP`).
NO_KNAPSACK_CUTS = "separating/gomory/freq = -1\nseparating/aggregation/freq = -1"
#: SCIP settings for plans of few options (see ``optimize.SHALLOW_PLAN_OPTIONS``): most-infeasible
#: branching instead of SCIP's reliability branching, whose strong-branching LPs dominate there,
#: and steepest-edge LP pricing. Measured with the tie-break on BDS100000A (10 of 100 sites):
#: 11.5-13 s with SCIP's defaults, 4.5-5.2 s with the branching rule, 3.0-3.6 s with both. Each
#: made the camera instances (60-160 cameras) about 2-3x slower, so neither is the default.
#: No restarts after root fixings: the tie-break's objective-limit query on BDS100000A (R = 5.5 /
#: 6.25) took 2.2 / 1.6 s with them and 0.9 / 1.3 s without (BDS10000A 1.3 / 0.7 -> 1.2 / 0.6 s;
#: the MIPs themselves unchanged); on the camera instance (8 MSEK) it made the query 35 % slower.
#: No Gomory or aggregation (c-MIR) cuts: SCIP's root spent 11 cut rounds moving the bound by
#: 0.02 % on BDS100000A. The MIP alone (three runs each): BDS100000A R = 5.5 / 6.25 1.00 / 0.96 s
#: -> 0.75 / 0.78 s, BDS10000A 1.01 / 0.45 s -> 0.62 / 0.41 s. Without any cuts it was mixed
#: (BDS10000A R = 5.5 1.04 -> 1.25 s); deep plans keep them unless every option costs the same
#: (the camera MIP at 8 MSEK 2.2-3.2 s with, more than 59 s without aggregation cuts; see
#: :data:`DEEP_PLAN_SCIP`).
SHALLOW_SCIP = ("branching/mostinf/priority = 100000\nlp/pricing = s\npresolving/maxrestarts = 0\n"
                f"{NO_KNAPSACK_CUTS}")
#: :data:`SHALLOW_SCIP` with Gomory and aggregation cuts kept: shallow plans whose options cost
#: different amounts. Every shallow benchmark instance has one cost (BDS, SF, SJC: a cardinality
#: budget, where those cuts barely move the bound); with costs that differ they close the bound.
#: A generated town of 36 mounts (1,765 options, 400,000 SEK, privacy off, 9 cameras): 60 s and
#: gap 1.5 % at the time limit without them, proven in 5.7 s with them (the tie-break included;
#: SCIP's plain defaults 7.7 s).
SHALLOW_SCIP_CUTS = "branching/mostinf/priority = 100000\nlp/pricing = s\npresolving/maxrestarts = 0"


#: CP-SAT's ``mip_wanted_precision``: the worst-case error of a row's activity that its scaling
#: of the model's real coefficients to integers may leave (CP-SAT's default is 1e-6). With the
#: default, an adversarial check against brute force (2,000 random small instances, weights from
#: 1e-6 to 1e7) found 18 failing CP-SAT solves: wrong tie-break winners called exact, a false
#: "infeasible", plans 1e-7 below the optimum; with 1e-9, 5 of those 18 still fail (shares met
#: to within 1e-12, which the plan check accepts and an integer row cannot). The benchmark instances took the same time
#: (SJC, BDS10000A, camera 3 MSEK; ``benchmarks/RESULTS.md``).
CPSAT_PRECISION = 1e-9
#: Relative margin below the values sought at which :func:`~planner._opt_solvers.run_cutoff_query` callers set the
#: cutoff (10x SCIP's feasibility tolerance, under which it rejects solutions at the limit).
CUTOFF_MARGIN_RTOL = 1e-5
#: SCIP's primal heuristics in :func:`~planner._opt_solvers.run_cutoff_query` and the tie-break's stage MIPs (through
#: :func:`~planner._opt_solvers.solve_mip`): its "fast" setting. Both start from a plan already optimal in the primary
#: objective; the query is a proof whose answer is mostly "no" and discards every solution below
#: its limit (on the 200k x 10k camera instance at 8 MSEK SCIP's default heuristics found and
#: discarded 303). Measured: that query 5.2-7.8 s by default, 2.7-3.9 s fast (about the same with
#: them off); the stage MIPs of BDS10000A (R = 6.25) and six SJC instances 4.2 s by default,
#: 2.6 s fast; the other queries unchanged within their noise. The plan's own MIP keeps SCIP's
#: defaults: "fast" made the camera MIP faster (6 -> 4 s) but Katrineholm at 2 MSEK twice as slow
#: (12 -> 26 s), where the heuristics find the plans that prune the tree.
CUTOFF_QUERY_HEURISTICS = gscip_pb2.GScipParameters.FAST
#: SCIP's default heuristics emphasis (shallow plans' MIP keeps it).
DEFAULT_HEURISTICS = gscip_pb2.GScipParameters.DEFAULT_META_PARAM_VALUE
#: The plan's MIP when a plan can hold more than ``optimize.SHALLOW_PLAN_OPTIONS`` options:
#: SCIP's fast heuristics, but RENS kept at the root node (:data:`DEEP_PLAN_SCIP`). Measured on
#: the MIP alone: the 200k x 10k camera instance at 8 MSEK 7.25 s with SCIP's defaults, 4.2 s
#: fast, 4.7 s fast with RENS; Katrineholm at 2 MSEK 12.2 s, 26.5 s fast (RENS found the plans
#: that pruned its tree), 11.5 s fast with RENS; camera 3 MSEK 0.21 -> 0.20 s; six SJC instances
#: unchanged. Shallow plans keep the defaults: fast with RENS made BDS10000A / BDS100000A
#: (R = 5.5) slower (1.32 -> 1.58 s, 1.32 -> 1.47 s) and R = 6.25 faster (1.48 -> 1.11 s).
DEEP_PLAN_HEURISTICS = gscip_pb2.GScipParameters.FAST
#: Deep plans whose options all cost the same keep their MIP and the tie-break's uniqueness query
#: free of Gomory and aggregation cuts as well (:data:`NO_KNAPSACK_CUTS`): the budget row is then a
#: cardinality row, where those cuts barely move the bound. MIP alone, three runs: SJC324
#: (S = 150, p = 50) 0.12 -> 0.03 s, SJC818 (S = 250, p = 30) 0.077 -> 0.071 s, four other
#: SJC instances within 0.005 s; the camera instances with every cost set to one (66 and 177
#: cameras) within 0.02 s. With costs that differ the aggregation cuts stay (the camera MIP at
#: 8 MSEK 2.6 s with them, 0.5 s for the root alone and 2.0 s for 50 nodes without, and more
#: than 59 s to the proof).
DEEP_PLAN_SCIP = "heuristics/rens/freq = 0"
#: SCIP settings of type ``longint`` (the others are told apart by their values).
_SCIP_LONG_PARAMS = frozenset({"limits/nodes", "limits/totalnodes", "limits/stallnodes",
                               "lp/iterlim", "lp/rootiterlim"})


def _gscip_parameters(text: str, target: gscip_pb2.GScipParameters) -> None:
    """Copy ``name = value`` SCIP settings (as for pywraplp) into MathOpt's typed maps.

    Real values must carry a decimal point or an exponent (``1e-9``, ``0.0``); integers without
    them, characters as one letter, booleans as ``TRUE``/``FALSE``.
    """
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, value = (part.strip() for part in line.partition("="))
        if value.upper() in ("TRUE", "FALSE"):
            target.bool_params[name] = value.upper() == "TRUE"
        elif value.lstrip("+-").isdigit():
            (target.long_params if name in _SCIP_LONG_PARAMS else target.int_params)[name] = \
                int(value)
        elif len(value) == 1:
            target.char_params[name] = value
        else:
            target.real_params[name] = float(value)
