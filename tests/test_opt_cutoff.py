"""SCIP's objective-limit query (planner._opt_solvers.run_cutoff_query) and the tie-break's use of it.

The tie-break asks "is there another plan within the tie tolerance of the optimum?" with the
optimum, less a margin, as SCIP's objective limit. These tests pin down what the query answers on
hand-checkable models, the typed SCIP settings it passes through MathOpt, and the tie-break's
fallback when the first plan SCIP accepts lies in the margin without being tied.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from planner import _opt_solvers as so
from planner import _opt_tiebreak as tb
from planner.optimize import CoverageProblem, solve, validate_plan
from tests.test_optimize import winners

# the MIP path, also on instances small enough for enumeration (see tests/test_opt_enum.py)
pytestmark = pytest.mark.usefixtures("mip_path")


def three_choose_two() -> so.Arrays:
    """x0 + x1 + x2 <= 2 over binaries, with one continuous variable y <= x0 (4 variables)."""
    matrix = sp.csr_matrix(np.array([[1.0, 1.0, 1.0, 0.0], [-1.0, 0.0, 0.0, 1.0]]))
    return (np.zeros(4), np.ones(4), np.array([True, True, True, False]), matrix,
            np.array([-np.inf, -np.inf]), np.array([2.0, 0.0]))


# objective 3 x0 + 2 x1 + 1 x2 + 0.5 y: the best point is x0 = x1 = 1, y = 1, worth 5.5
WEIGHTS = np.array([3.0, 2.0, 1.0, 0.5])


def test_query_proves_nothing_above_the_optimum() -> None:
    out = so.run_cutoff_query(three_choose_two(), WEIGHTS, 5.6, time_limit=10.0)
    assert out.status == "infeasible"
    assert out.values.size == 0


def test_query_returns_the_best_point_without_first() -> None:
    out = so.run_cutoff_query(three_choose_two(), WEIGHTS, 4.0, time_limit=10.0, first=False)
    assert out.status == "optimal"
    assert out.objective == pytest.approx(5.5)
    assert out.bound == pytest.approx(5.5)  # SCIP's dual bound, proven
    assert np.round(out.values).tolist() == [1.0, 1.0, 0.0, 1.0]


def test_query_first_point_meets_the_cutoff() -> None:
    out = so.run_cutoff_query(three_choose_two(), WEIGHTS, 3.9, time_limit=10.0)
    assert out.status in ("feasible", "optimal")
    x = np.round(out.values)
    assert x[:3].sum() <= 2 and x[3] <= x[0]
    assert float(WEIGHTS @ x) >= 3.9


def test_query_honours_the_offset() -> None:
    # with an offset of 10 the best point is worth 15.5: a cutoff of 15 is met, 16 is not
    assert so.run_cutoff_query(three_choose_two(), WEIGHTS, 15.0, time_limit=10.0,
                               offset=10.0, first=False).objective == pytest.approx(15.5)
    assert so.run_cutoff_query(three_choose_two(), WEIGHTS, 16.0, time_limit=10.0,
                               offset=10.0).status == "infeasible"


def test_gscip_parameters_are_typed() -> None:
    from ortools.math_opt.solvers.gscip import gscip_pb2

    target = gscip_pb2.GScipParameters()
    so._gscip_parameters("limits/gap = 1e-9\nbranching/mostinf/priority = 100000\n"
                         "lp/pricing = s\nlimits/nodes = 7\nlp/presolving = FALSE\n\n", target)
    assert dict(target.real_params) == {"limits/gap": 1e-9}
    assert dict(target.int_params) == {"branching/mostinf/priority": 100000}
    assert dict(target.char_params) == {"lp/pricing": "s"}
    assert dict(target.long_params) == {"limits/nodes": 7}
    assert dict(target.bool_params) == {"lp/presolving": False}


def near_tie() -> CoverageProblem:
    # two rows, one option each; option 1's row weighs 1 - 1e-6: below the tie tolerance
    # (1e-7 relative) but above SCIP's limit (OPT - tol - 1e-5)
    return CoverageProblem(coverage=np.eye(2), weights=[1.0, 1.0 - 1e-6], costs=[1, 1],
                           budget=1)


def test_near_tie_in_the_margin_is_not_a_tie() -> None:
    result = solve(near_tie(), 10.0)
    assert result.chosen.tolist() == [0]
    assert result.tie_break == "exact (unique optimal plan of least cost)"


def test_first_plan_in_the_margin_asks_for_the_best(monkeypatch: pytest.MonkeyPatch) -> None:
    # SCIP proves this tiny model in presolve, so the first query already returns the best plan
    # above the limit. On larger models it stops at the first plan it accepts; if that one is in
    # the margin but not tied, the tie-break must ask again for the best plan above the limit
    # (and not call the plan unique, nor give up). The first answer is simulated here as the
    # non-tied plan {1}; the second query is SCIP's.
    calls: list[bool] = []
    real = tb.run_cutoff_query

    def first_answer_in_margin(arrays: so.Arrays, objective: np.ndarray, cutoff: float,
                               **kwargs: object) -> so.MipOutcome:
        calls.append(bool(kwargs.get("first", True)))
        if kwargs.get("first", True):
            values = np.zeros(len(objective))
            values[1] = 1.0
            return so.MipOutcome("feasible", values, float("nan"), float("inf"), 0.0)
        return real(arrays, objective, cutoff, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tb, "run_cutoff_query", first_answer_in_margin)
    result = solve(near_tie(), 10.0, reductions=False)
    assert calls == [True, False]
    assert result.chosen.tolist() == [0]
    assert result.tie_break == "exact (unique optimal plan of least cost)"


def test_exact_tie_at_small_scale_is_found() -> None:
    # options 0 and 1 cover one row of weight 1 each; {0} and {1} tie at 1 exactly. SCIP
    # rejects a solution within its feasibility tolerance of the limit, so without the margin
    # the tie would be missed; with it the least index wins.
    problem = CoverageProblem(coverage=np.array([[1.0, 1.0]]), weights=[1.0], costs=[1, 1],
                              budget=1)
    assert winners(problem) == [(0,)]
    for kwargs in ({}, {"reductions": False}):
        result = solve(problem, 10.0, **kwargs)  # type: ignore[arg-type]
        assert result.chosen.tolist() == [0]
        assert validate_plan(problem, result.chosen).objective == 1.0


def test_failed_query_falls_back_to_the_second_best_plan(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    # if MathOpt's SCIP fails (a SolverError), the tie-break asks pywraplp's SCIP for the
    # second-best plan and reaches the same verdict
    def broken(*args: object, **kwargs: object) -> so.MipOutcome:
        raise so.SolverError("scip failed: simulated")

    monkeypatch.setattr(tb, "run_cutoff_query", broken)
    result = solve(near_tie(), 10.0)
    assert result.chosen.tolist() == [0]
    assert result.tie_break == "exact (unique optimal plan of least cost)"
    assert "objective-limit query failed" in caplog.text
    a = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 0, 0], [0, 1, 0, 0, 1], [0, 0, 1, 0, 1]], float)
    tied = CoverageProblem(coverage=a, weights=[1, 1, 1, 1], costs=np.ones(5), budget=2)
    assert solve(tied, 10.0).chosen.tolist() == [1, 2]
