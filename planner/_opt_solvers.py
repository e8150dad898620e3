"""OR-Tools MIP/LP runs with a wall-clock guard (internal).

SCIP, CP-SAT and GLOP through pywraplp (:func:`run_mip`) or MathOpt (:func:`run_scip`, its
objective-limit query :func:`run_cutoff_query`), and reduced-cost fixing from an LP run; their
settings are :mod:`planner._opt_params`' (re-exported here). The plans found without a solver
(greedy, 1-swaps) are in :mod:`planner._opt_greedy`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from ortools.linear_solver.python import model_builder_helper as mbh
from ortools.math_opt import (
    callback_pb2,
    model_parameters_pb2,
    model_pb2,
    parameters_pb2,
    result_pb2,
    solution_pb2,
)
from ortools.math_opt.core.python import solver as mathopt_solver
from ortools.math_opt.solvers.gscip import gscip_pb2

# (``name as name``: re-exported, the settings the optimiser's stages and the tests take from here)
from planner._opt_params import CPSAT_PRECISION as CPSAT_PRECISION
from planner._opt_params import CTRL_C_TO_PYTHON as CTRL_C_TO_PYTHON
from planner._opt_params import CTRL_C_TO_SCIP as CTRL_C_TO_SCIP
from planner._opt_params import CUTOFF_MARGIN_RTOL as CUTOFF_MARGIN_RTOL
from planner._opt_params import CUTOFF_QUERY_HEURISTICS as CUTOFF_QUERY_HEURISTICS
from planner._opt_params import DEEP_PLAN_HEURISTICS as DEEP_PLAN_HEURISTICS
from planner._opt_params import DEEP_PLAN_SCIP as DEEP_PLAN_SCIP
from planner._opt_params import DEFAULT_HEURISTICS as DEFAULT_HEURISTICS
from planner._opt_params import NO_KNAPSACK_CUTS as NO_KNAPSACK_CUTS
from planner._opt_params import SCIP_PARAMS as SCIP_PARAMS
from planner._opt_params import SHALLOW_SCIP as SHALLOW_SCIP
from planner._opt_params import SHALLOW_SCIP_CUTS as SHALLOW_SCIP_CUTS
from planner._opt_params import STRICT_SCIP as STRICT_SCIP
from planner._opt_params import _gscip_parameters as _gscip_parameters
from planner._opt_params import _scip_settings as _scip_settings
from planner._opt_params import strict_active as strict_active
from planner._opt_params import strict_tolerances as strict_tolerances
from planner.errors import SolverError

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Arrays = tuple[FloatArray, FloatArray, NDArray[np.bool_], sp.csr_matrix, FloatArray, FloatArray]

#: Seconds a solver may overrun its own time limit before the guard interrupts it.
GUARD_GRACE_S = 2.0
_SOLVER_NAMES = {"scip": "scip", "cpsat": "cp_sat", "glop": "glop"}


def _left(deadline: float) -> float:
    """Seconds left until ``deadline`` (at least 0.05: a solver is never given none)."""
    return max(deadline - time.perf_counter(), 0.05)


def pad_to(vector: FloatArray, n: int) -> FloatArray:
    """``vector`` as the first entries of a zero vector of length ``n``.

    Option variables come first in every model of the optimiser.
    """
    out = np.zeros(n)
    out[: len(vector)] = vector
    return out


def with_rows(arrays: Arrays, rows: list[tuple[FloatArray, float, float]]) -> Arrays:
    """``arrays`` plus rows ``lower <= coefficients @ v <= upper``.

    Each row is ``(coefficients over all variables, lower, upper)``.
    """
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    extra = sp.csr_matrix(np.vstack([r[0] for r in rows]))
    return (lb, ub, integer, sp.vstack([matrix, extra], format="csr"),
            np.concatenate([row_lb, [r[1] for r in rows]]),
            np.concatenate([row_ub, [r[2] for r in rows]]))


@dataclass(frozen=True)
class MipOutcome:
    """Result of one solver run.

    Attributes
    ----------
    status
        ``"optimal"``, ``"feasible"``, ``"infeasible"`` or ``"unknown"`` (no solution found).
    values
        Variable values (empty without a solution).
    objective
        Solver objective of ``values`` (``nan`` without a solution).
    bound
        Best proven bound in the optimisation direction (``inf`` / ``-inf`` when unknown).
    wall_s
        Wall-clock seconds.
    reduced_costs
        Reduced costs of an LP solve (empty otherwise).
    duals
        Row duals of an LP solve (empty otherwise; the decomposition bound's prices,
        :mod:`planner._opt_decompose`).
    by_work
        The run ended at a deterministic limit before its proof (SCIP's node limits, CP-SAT's
        ``deterministic_time``), not at the wall clock: the same input ends the same way on any
        machine.
    solver
        The solver of a run with a solution through :func:`run_mip` (``"scip"``, ``"cpsat"``,
        ``"glop"``); empty otherwise. The tie-break asks the solver that proved the optimum
        (:func:`planner.optimize.solve`).
    """

    status: str
    values: FloatArray
    objective: float
    bound: float
    wall_s: float
    reduced_costs: FloatArray = field(default_factory=lambda: np.zeros(0))
    by_work: bool = False
    duals: FloatArray = field(default_factory=lambda: np.zeros(0))
    solver: str = ""


def run_mip(
    arrays: Arrays,
    objective: FloatArray,
    *,
    solver: str,
    time_limit: float,
    maximize: bool = True,
    hint: FloatArray | None = None,
    workers: int = 8,
    relax: bool = False,
    offset: float = 0.0,
    node_limit: int | None = None,
    scip_extra: str = "",
    gap: float = 0.0,
    deterministic_time: float | None = None,
) -> MipOutcome:
    """Solve ``max/min objective @ v`` over ``arrays`` with an OR-Tools solver.

    Parameters
    ----------
    arrays
        ``(lb, ub, integer, M, row_lb, row_ub)`` from :meth:`LinearModel.arrays`.
    objective
        Objective vector.
    solver
        ``"scip"``, ``"cpsat"`` or ``"glop"`` (LP).
    time_limit
        Solver time limit in seconds; a watchdog interrupts the solver
        :data:`GUARD_GRACE_S` seconds later if it has not stopped by itself.
    maximize
        Direction.
    hint
        A full assignment used as a warm start (SCIP and CP-SAT).
    workers
        CP-SAT search workers (explicit: CP-SAT's default of one per core proved unsafe here).
    relax
        Drop integrality (an LP relaxation).
    offset
        Constant added to the objective.
    node_limit
        SCIP only: stop after this many branch-and-bound nodes (a deterministic work limit; the
        outcome is then ``"feasible"`` unless the search finished within it).
    scip_extra
        SCIP only: further settings, one ``name = value`` per line (e.g. :data:`SHALLOW_SCIP`).
    gap
        CP-SAT only: its relative gap limit (SCIP's comes in ``scip_extra``).
    deterministic_time
        CP-SAT only: a reproducible run, its workers interleaved (``interleave_search``) and
        stopped at this much of CP-SAT's deterministic time; ``time_limit`` stays the safety
        net, and the outcome is ``by_work`` when CP-SAT stopped by itself without a proof. (Its
        answer does not say which limit ended it, so its own wall limit is set past the guard's,
        and a run the guard had to interrupt at ``time_limit`` is the wall clock's.)
    """
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    if solver == "cpsat":
        integer = np.ones_like(integer)
    if relax:
        integer = np.zeros_like(integer)
    helper = mbh.ModelBuilderHelper()
    helper.fill_model_from_sparse_data(
        lb, ub, objective, row_lb, row_ub, matrix  # type: ignore[arg-type]
    )
    for var in np.flatnonzero(integer).tolist():
        helper.set_var_integrality(var, True)
    helper.set_maximize(maximize)
    helper.set_objective_offset(offset)
    if hint is not None and solver in ("scip", "cpsat"):
        for index, value in enumerate(hint.tolist()):
            helper.add_hint(index, value)
    runner = mbh.ModelSolverHelper(_SOLVER_NAMES[solver])
    if not runner.solver_is_supported():
        raise SolverError(f"OR-Tools solver {solver!r} is not available in this build")
    deterministic = solver == "cpsat" and deterministic_time is not None
    own_limit = max(time_limit, 0.01)
    if deterministic:
        own_limit += 2 * GUARD_GRACE_S + 1.0  # (the guard's interrupt at time_limit comes first)
    runner.set_time_limit_in_seconds(own_limit)
    if solver == "scip":
        nodes = f"\nlimits/nodes = {int(node_limit)}" if node_limit is not None else ""
        extra = f"\n{scip_extra}" if scip_extra else ""
        runner.set_solver_specific_parameters(_scip_settings(f"{CTRL_C_TO_PYTHON}{nodes}{extra}"))
    elif solver == "cpsat":
        reproducible = ("" if not deterministic else
                        f",interleave_search:true,max_deterministic_time:{deterministic_time!r}")
        runner.set_solver_specific_parameters(
            f"num_workers:{int(workers)},relative_gap_limit:{gap!r},absolute_gap_limit:1e-9,"
            f"mip_wanted_precision:{CPSAT_PRECISION:g},catch_sigint_signal:false{reproducible}"
        )
    finished, wall, interrupted = _guarded(
        solver, lambda: runner.solve(helper), runner.interrupt_solve, time_limit,
        grace=0.0 if deterministic else GUARD_GRACE_S)
    if not finished:
        return MipOutcome("unknown", np.zeros(0), float("nan"), _no_bound(maximize), wall)
    status = runner.status()
    if status == mbh.SolveStatus.INFEASIBLE:
        return MipOutcome("infeasible", np.zeros(0), float("nan"), _no_bound(maximize), wall)
    if status not in (mbh.SolveStatus.OPTIMAL, mbh.SolveStatus.FEASIBLE) or not runner.has_solution():
        logger.info("%s ended with status %s and no solution", solver, runner.status_string())
        return MipOutcome("unknown", np.zeros(0), float("nan"), _no_bound(maximize), wall)
    values = np.asarray(runner.variable_values(), dtype=np.float64)
    bound = float(runner.best_objective_bound())
    logger.info("%s: %s in %.2f s (%d vars, %d rows), objective %.6g, bound %.6g", solver,
                runner.status_string() or status.name, wall, len(lb), matrix.shape[0],
                runner.objective_value(), bound)
    if relax or solver == "glop":
        bound = float(runner.objective_value())
    label = "optimal" if status == mbh.SolveStatus.OPTIMAL else "feasible"
    lp = relax or solver == "glop"
    reduced = np.asarray(runner.reduced_costs(), dtype=np.float64) if lp else np.zeros(0)
    duals = np.asarray(runner.dual_values(), dtype=np.float64) if lp else np.zeros(0)
    return MipOutcome(label, values, float(runner.objective_value()), bound, wall, reduced,
                      by_work=deterministic and label == "feasible" and not interrupted,
                      duals=duals, solver=solver)


class Guarded(NamedTuple):
    """How a guarded solver run ended (:func:`_guarded`)."""

    #: False when the solver ignored the interrupt (its result is then abandoned)
    finished: bool
    wall: float
    #: the guard interrupted the solver at its limit (it had not stopped by itself)
    interrupted: bool


def _guarded(name: str, work: Callable[[], object], interrupt: Callable[[], object] | None,
             time_limit: float, *, grace: float = GUARD_GRACE_S) -> Guarded:
    """Run ``work`` in a thread; interrupt it ``grace`` seconds after ``time_limit``.

    Returns a :class:`Guarded`; ``finished`` is False when the solver ignored the interrupt (its
    result is then abandoned), waiting :data:`GUARD_GRACE_S` after it. Errors raised by ``work`` become
    :class:`SolverError`. Ctrl-C while waiting interrupts the solver and waits for its thread (at
    most the rest of its limit; see :data:`CTRL_C_TO_PYTHON`) before ``KeyboardInterrupt``
    propagates, so that no solver is left running in C++ when the process ends.
    """
    started = time.perf_counter()
    errors: list[BaseException] = []
    # the thread's end as an Event: after Ctrl-C interrupts Thread.join, Python 3.11 reports the
    # thread as ended (is_alive() False) while it still runs
    done = threading.Event()

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # re-raised in the calling thread below
            errors.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name=f"planner-{name}", daemon=True).start()
    try:
        done.wait(time_limit + grace)
    except KeyboardInterrupt:  # Ctrl-C: the solver's thread ends first, then the caller stops
        if interrupt is not None:
            interrupt()  # (CP-SAT stops; SCIP and GLOP through pywraplp finish their step)
        if not done.wait(1.0):
            left = time_limit + GUARD_GRACE_S - (time.perf_counter() - started)
            logger.warning("interrupted: waiting up to %.0f s for %s to finish its step (Ctrl-C "
                           "again to stop at once)", max(left, 0.0), name)
            done.wait(max(left, 0.0))
        raise
    interrupted = not done.is_set()
    if interrupted:
        if interrupt is None:
            logger.warning("%s overran its %.1f s limit and cannot be interrupted", name,
                           time_limit)
        else:
            # (with no grace the guard is the run's wall limit: its normal end, not an overrun)
            (logger.warning if grace > 0 else logger.info)(
                "%s overran its %.1f s limit; interrupting it" if grace > 0
                else "%s stopped at its %.1f s limit", name, time_limit)
            interrupt()
            done.wait(GUARD_GRACE_S)
    wall = time.perf_counter() - started
    if not done.is_set():
        logger.warning("%s still running; abandoning its result", name)
        return Guarded(False, wall, True)
    if errors:
        raise SolverError(f"{name} failed: {errors[0]}") from errors[0]
    return Guarded(True, wall, interrupted)


def run_cutoff_query(
    arrays: Arrays,
    objective: FloatArray,
    cutoff: float,
    *,
    time_limit: float,
    offset: float = 0.0,
    scip_extra: str = "",
    first: bool = True,
    ask_again: bool = True,
) -> MipOutcome:
    """Is there a point with ``objective @ v + offset >= cutoff``? SCIP through MathOpt.

    SCIP gets ``cutoff`` as its objective limit (``SCIPsetObjlimit``, MathOpt's
    ``cutoff_limit``): it rejects every solution below it and prunes every node whose bound is
    below it, so a "no" is proven on a far smaller tree than the best solution below the
    cutoff would need. With ``first`` it stops at the first solution it accepts (a solution
    limit of 1), otherwise it returns the best one. pywraplp cannot pass an objective limit,
    hence MathOpt for this query. Measured on the tie-break's uniqueness proof (the 200k x 10k
    camera instance, 8 MSEK): 6.3 s against 15 s for the second-best plan.

    SCIP accepts a solution only if it beats the limit by more than its feasibility tolerance
    (about 1e-6 relative): a point worth exactly ``cutoff + 4e-7`` was rejected. Callers must
    therefore set the cutoff a margin below the values they look for (the tie-break uses
    :data:`CUTOFF_MARGIN_RTOL`) and check what comes back.

    When SCIP stops at the solution limit with no solution to show (the one it counted lay below
    the limit), the query asks again without ``first``, within the time left (unless
    ``ask_again`` is off: a caller whose ``scip_extra`` sets a node limit, whose end looks the
    same).

    Returns ``"infeasible"`` (proven none), ``"optimal"`` (the best point, proven within SCIP's
    gap; normally only without ``first``), ``"feasible"`` (a point, with its values) or
    ``"unknown"`` (time limit); ``bound`` is SCIP's dual bound. Solver errors raise
    :class:`SolverError`.
    """
    started = time.perf_counter()
    out = run_scip(arrays, objective, time_limit=time_limit, offset=offset,
                   scip_extra=scip_extra, cutoff=cutoff, first=first,
                   heuristics=CUTOFF_QUERY_HEURISTICS)
    left = time_limit - (time.perf_counter() - started)
    if (first and ask_again and out.status == "unknown" and left > 0.05
            and out.wall_s < 0.9 * time_limit):
        # SCIP stopped at its solution limit with no solution to show (the one it counted was
        # below the limit; seen at once on small models): not a time limit, so ask for the best
        # point above the limit instead
        out = run_scip(arrays, objective, time_limit=left, offset=offset,
                       scip_extra=scip_extra, cutoff=cutoff, first=False,
                       heuristics=CUTOFF_QUERY_HEURISTICS)
    return out


#: MathOpt's limits of SCIP that count work, not seconds (``limits/nodes``, ``limits/totalnodes``:
#: ``LIMIT_NODE``; ``limits/stallnodes``: ``LIMIT_SLOW_PROGRESS``; a solution limit).
_WORK_LIMITS = frozenset({result_pb2.LIMIT_NODE, result_pb2.LIMIT_SLOW_PROGRESS,
                          result_pb2.LIMIT_SOLUTION})


def run_scip(
    arrays: Arrays,
    objective: FloatArray,
    *,
    time_limit: float,
    offset: float = 0.0,
    scip_extra: str = "",
    cutoff: float | None = None,
    first: bool = False,
    hint: FloatArray | None = None,
    maximize: bool = True,
    heuristics: gscip_pb2.GScipParameters.MetaParamValue.ValueType = (
        gscip_pb2.GScipParameters.DEFAULT_META_PARAM_VALUE),
) -> MipOutcome:
    """Maximise (or minimise) ``objective @ v + offset`` with SCIP through OR-Tools' MathOpt.

    The model goes to MathOpt as a proto built from the arrays (no per-variable Python objects),
    with SCIP's settings typed (:func:`_gscip_parameters`) and its primal heuristics at the
    ``heuristics`` setting (SCIP's emphasis, which pywraplp's settings text cannot select).
    ``cutoff`` is an objective limit (see
    :func:`run_cutoff_query`; without a solution above it the answer is ``"infeasible"``),
    ``first`` stops at the first solution, ``hint`` is a full assignment SCIP starts from.

    Returns ``"infeasible"``, ``"optimal"`` (proven within SCIP's gap), ``"feasible"`` (a limit
    stopped it with a solution) or ``"unknown"`` (a limit, no solution); ``bound`` is SCIP's
    dual bound. Solver errors raise :class:`SolverError`.
    """
    started = time.perf_counter()
    lb, ub, integer, matrix, row_lb, row_ub = arrays
    model = model_pb2.ModelProto()
    n = len(lb)
    model.variables.ids.extend(range(n))
    model.variables.lower_bounds.extend(lb.tolist())
    model.variables.upper_bounds.extend(ub.tolist())
    model.variables.integers.extend(np.asarray(integer, dtype=bool).tolist())
    model.objective.maximize = maximize
    model.objective.offset = offset
    nonzero = np.flatnonzero(objective)
    model.objective.linear_coefficients.ids.extend(nonzero.tolist())
    model.objective.linear_coefficients.values.extend(objective[nonzero].tolist())
    model.linear_constraints.ids.extend(range(matrix.shape[0]))
    model.linear_constraints.lower_bounds.extend(row_lb.tolist())
    model.linear_constraints.upper_bounds.extend(row_ub.tolist())
    coo = sp.csr_matrix(matrix, copy=True)  # canonical row-major order, as MathOpt requires
    coo.sum_duplicates()
    coo.sort_indices()
    coo = coo.tocoo()
    model.linear_constraint_matrix.row_ids.extend(coo.row.tolist())
    model.linear_constraint_matrix.column_ids.extend(coo.col.tolist())
    model.linear_constraint_matrix.coefficients.extend(coo.data.tolist())
    params = parameters_pb2.SolveParametersProto()
    time_limit -= time.perf_counter() - started  # building the model counts against the limit
    params.time_limit.FromNanoseconds(int(max(time_limit, 0.01) * 1e9))
    if cutoff is not None:
        params.cutoff_limit = cutoff
    if first:
        params.solution_limit = 1
    try:
        _gscip_parameters(_scip_settings(f"{CTRL_C_TO_SCIP}\n{scip_extra}"), params.gscip)
        params.gscip.heuristics = heuristics
    except ValueError as exc:
        raise SolverError(f"SCIP settings for MathOpt: {exc}") from exc
    answer: list[result_pb2.SolveResultProto] = []
    model_params = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None:
        given = model_params.solution_hints.add().variable_values
        given.ids.extend(range(n))
        given.values.extend(np.asarray(hint, dtype=np.float64).tolist())

    def work() -> None:
        answer.append(mathopt_solver.solve(
            model, parameters_pb2.SOLVER_TYPE_GSCIP, parameters_pb2.SolverInitializerProto(),
            params, model_params, None,
            callback_pb2.CallbackRegistrationProto(), None, None))

    # no MathOpt interrupter: with one, gSCIP registers an event handler that this SCIP build
    # rejects ("SCIPcatchEvent does not support variable or row change events") and the
    # process aborts; SCIP's own time limit holds, and the guard abandons a run that overruns
    finished, wall, _ = _guarded("scip", work, None, time_limit)
    unknown = MipOutcome("unknown", np.zeros(0), float("nan"), _no_bound(maximize), wall)
    if not finished or not answer:
        return unknown
    result = answer[0]
    reason = result.termination.reason
    if result.termination.limit == result_pb2.LIMIT_INTERRUPTED:
        raise KeyboardInterrupt  # Ctrl-C, caught by SCIP (see CTRL_C_TO_PYTHON)
    logger.info("scip via MathOpt (%d vars, %d rows, cutoff %s): %s / %s in %.2f s, %d nodes", n,
                matrix.shape[0], "none" if cutoff is None else f"{cutoff:.6g}", result_pb2.TerminationReasonProto.Name(reason),
                result_pb2.LimitProto.Name(result.termination.limit), wall,
                result.solve_stats.node_count)
    if reason in (result_pb2.TERMINATION_REASON_NUMERICAL_ERROR,
                  result_pb2.TERMINATION_REASON_OTHER_ERROR,
                  result_pb2.TERMINATION_REASON_IMPRECISE):
        raise SolverError(f"scip (MathOpt) ended with "
                          f"{result_pb2.TerminationReasonProto.Name(reason)}: "
                          f"{result.termination.detail}")
    dual = float(result.termination.objective_bounds.dual_bound)
    for solution in result.solutions:
        primal = solution.primal_solution
        if primal.feasibility_status == solution_pb2.SOLUTION_STATUS_FEASIBLE:
            values = np.zeros(n)
            values[np.asarray(primal.variable_values.ids, dtype=np.int64)] = \
                np.asarray(primal.variable_values.values, dtype=np.float64)
            optimal = reason == result_pb2.TERMINATION_REASON_OPTIMAL
            return MipOutcome("optimal" if optimal else "feasible", values,
                              float(primal.objective_value), dual, wall,
                              by_work=not optimal and result.termination.limit in _WORK_LIMITS)
    # "infeasible or unbounded" (SCIP's INFORUNBD): every variable of the optimiser's models is
    # bounded, so it can only be infeasible (pywraplp's SCIP reads it the same way)
    if reason in (result_pb2.TERMINATION_REASON_INFEASIBLE,
                  result_pb2.TERMINATION_REASON_INFEASIBLE_OR_UNBOUNDED) or (
            reason == result_pb2.TERMINATION_REASON_NO_SOLUTION_FOUND
            and result.termination.limit == result_pb2.LIMIT_CUTOFF):
        return MipOutcome("infeasible", np.zeros(0), float("nan"),
                          _no_bound(maximize) if cutoff is None else cutoff, wall)
    return unknown


def solve_mip(
    arrays: Arrays,
    objective: FloatArray,
    *,
    solver: str,
    time_limit: float,
    maximize: bool = True,
    hint: FloatArray | None = None,
    workers: int = 8,
    offset: float = 0.0,
    scip_extra: str = "",
    heuristics: gscip_pb2.GScipParameters.MetaParamValue.ValueType = (
        gscip_pb2.GScipParameters.DEFAULT_META_PARAM_VALUE),
    gap: float = 0.0,
) -> MipOutcome:
    """A MIP of the optimiser: SCIP through MathOpt (:func:`run_scip`), else :func:`run_mip`.

    ``gap``: stop at this relative gap (SCIP's ``limits/gap``, CP-SAT's ``relative_gap_limit``).

    One path for SCIP, which also lets a caller choose SCIP's primal-heuristics emphasis
    (``heuristics``, e.g. :data:`CUTOFF_QUERY_HEURISTICS` for the tie-break's stages); pywraplp's
    settings text cannot. With SCIP's defaults both paths take the same time (the camera MIP
    at 8 MSEK 6.1-6.9 s through MathOpt, 6.2-7.1 s through pywraplp). CP-SAT, and SCIP when
    MathOpt fails, go through :func:`run_mip`.
    """
    if solver == "scip":
        started = time.perf_counter()
        try:
            return run_scip(arrays, objective, time_limit=time_limit, offset=offset,
                            scip_extra=_with_gap(scip_extra, gap), hint=hint,
                            maximize=maximize, heuristics=heuristics)
        except SolverError as exc:
            logger.warning("SCIP through MathOpt failed (%s); solving through pywraplp", exc)
        time_limit -= time.perf_counter() - started  # the failed run counts against the limit
        if time_limit <= 0.05:
            return MipOutcome("unknown", np.zeros(0), float("nan"), _no_bound(maximize),
                              time.perf_counter() - started)
    return run_mip(arrays, objective, solver=solver, time_limit=time_limit, maximize=maximize,
                   hint=hint, workers=workers, offset=offset,
                   scip_extra=_with_gap(scip_extra, gap), gap=gap)


def _with_gap(scip_extra: str, gap: float) -> str:
    return f"{scip_extra}\nlimits/gap = {gap!r}".strip() if gap > 0 else scip_extra


def reduced_cost_fixing(
    lp: MipOutcome, x: IntArray, incumbent: float, tol: float
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Options that no plan within ``tol`` of ``incumbent`` can flip from the LP optimum.

    With optimal LP duals, every feasible point satisfies
    ``objective <= z_LP + sum_k d_k (v_k - v*_k)`` where each term is <= 0; so an option at 0 in
    the LP with reduced cost ``d_j < 0`` can be 1 only in plans worth at most ``z_LP + d_j``
    (and one at 1 with ``d_j > 0`` can be 0 only in plans worth at most ``z_LP - d_j``). Options
    whose flip bound is below ``incumbent - tol`` are fixed; ``tol`` must cover the tie tolerance
    and LP round-off. Returns ``(fix_to_0, fix_to_1)`` masks over ``x``.
    """
    d = lp.reduced_costs[x]
    at0 = lp.values[x] <= 1e-9
    at1 = lp.values[x] >= 1 - 1e-9
    z = lp.objective
    fix0 = at0 & (d < 0) & (z + d < incumbent - tol)
    fix1 = at1 & (d > 0) & (z - d < incumbent - tol)
    return fix0, fix1


def _no_bound(maximize: bool) -> float:
    return float("inf") if maximize else float("-inf")
