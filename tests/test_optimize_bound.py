"""The submodular online bound used when a solve stops before proving optimality."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from planner._opt_bounds import _online_bound
from planner.optimize import CoverageProblem, validate_plan


def brute_force_optimum(problem: CoverageProblem) -> float:
    n = problem.coverage.shape[1]
    costs = np.asarray(problem.costs)
    best = 0.0
    for k in range(n + 1):
        for subset in itertools.combinations(range(n), k):
            if costs[list(subset)].sum() <= problem.budget + 1e-9:
                best = max(best, validate_plan(problem, np.array(subset, dtype=np.int64)).objective)
    return best


@pytest.mark.parametrize("seed", range(40))
def test_online_bound_is_valid_and_tight_at_the_optimum_plan(seed):
    rng = np.random.default_rng(seed)
    n_rows, n_opts = int(rng.integers(3, 12)), int(rng.integers(2, 9))
    dense = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], size=(n_rows, n_opts), p=[0.55, 0.15, 0.1, 0.1, 0.1])
    problem = CoverageProblem(
        coverage=sp.csr_matrix(dense),
        weights=rng.integers(1, 20, n_rows).astype(float),
        costs=rng.integers(1, 6, n_opts).astype(float),
        budget=float(rng.integers(2, 12)),
    )
    optimum = brute_force_optimum(problem)
    # from any feasible plan, the bound is at least the optimum
    for plan in ([], [0], list(range(n_opts))[:2]):
        plan_arr = np.array(plan, dtype=np.int64)
        if np.asarray(problem.costs)[plan_arr].sum() > problem.budget:
            continue
        value = validate_plan(problem, plan_arr).objective
        assert _online_bound(problem, plan_arr, value) >= optimum - 1e-9


def test_online_bound_by_hand():
    # two disjoint options: gains 10 (cost 2) and 6 (cost 3); budget 4 -> 10 + 6 * 2/3 = 14
    problem = CoverageProblem(
        coverage=sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0]])),
        weights=np.array([10.0, 6.0]),
        costs=np.array([2.0, 3.0]),
        budget=4.0,
    )
    assert _online_bound(problem, np.array([], dtype=np.int64), 0.0) == pytest.approx(14.0)
    # from S = {0}: option 1 (cost 3) fits the whole budget 4 -> 10 + 6
    assert _online_bound(problem, np.array([0]), 10.0) == pytest.approx(16.0)


def test_online_bound_refuses_penalties_and_backup():
    base = dict(coverage=sp.csr_matrix(np.eye(2)), weights=np.ones(2), costs=np.ones(2), budget=1.0)
    assert _online_bound(CoverageProblem(**base, penalties=np.array([0.5, 0.0])), np.array([0]), 0.5) == np.inf
    assert _online_bound(CoverageProblem(**base, backup_bonus=0.1), np.array([0]), 1.0) == np.inf


def test_online_bound_with_empty_columns():
    # the last option covers nothing (an empty trailing column of the sparse matrix)
    problem = CoverageProblem(
        coverage=sp.csr_matrix(np.array([[1.0, 0.0, 0.0], [0.0, 0.5, 0.0]])),
        weights=np.array([4.0, 2.0]),
        costs=np.array([1.0, 1.0, 1.0]),
        budget=2.0,
    )
    assert _online_bound(problem, np.array([], dtype=np.int64), 0.0) == pytest.approx(5.0)


def test_the_trivial_bound_counts_only_options_a_plan_may_hold():
    # row 0 is seen at 1.0 only by the excluded option 0, at 0.5 by option 1; row 1 by option 2
    # alone: every row at its best allowed value is 2 x 0.5 + 3 x 0.25 = 1.75 (an excluded
    # option, such as one kept for constraints.replace_existing on a camera not replaced, had
    # raised it to 2 x 1.0 + 0.75 = 2.75)
    from planner._opt_bounds import _trivial_bound

    coverage = sp.csr_matrix(np.array([[1.0, 0.5, 0.0], [0.0, 0.0, 0.25]]))
    problem = CoverageProblem(coverage=coverage, weights=np.array([2.0, 3.0]),
                              costs=np.ones(3), budget=1.0, excluded=[0])
    assert _trivial_bound(problem) == pytest.approx(1.75)
    every = CoverageProblem(coverage=coverage, weights=np.array([2.0, 3.0]), costs=np.ones(3),
                            budget=1.0)
    assert _trivial_bound(every) == pytest.approx(2.75)
    nothing = CoverageProblem(coverage=coverage, weights=np.array([2.0, 3.0]), costs=np.ones(3),
                              budget=1.0, excluded=[0, 1, 2])
    assert _trivial_bound(nothing) == 0.0


# --------------------------------------------------------------------------- bounds from prices
def lp_arrays(rows, row_lb, row_ub, ub):
    """``(lb, ub, integer, M, row_lb, row_ub)`` as ``LinearModel.arrays`` gives them."""
    m = sp.csr_matrix(np.array(rows, dtype=float))
    return (np.zeros(m.shape[1]), np.array(ub, dtype=float), np.zeros(m.shape[1], dtype=bool), m,
            np.array(row_lb, dtype=float), np.array(row_ub, dtype=float))


@pytest.mark.parametrize(("prices", "expected"), [
    ([3.0], 3.0),    # the LP's own price: its optimum (x1 = 1)
    ([2.0], 3.0),    # 2 * 1 + (3 - 2) * 1 + (2 - 2) * 1
    ([0.0], 5.0),    # no price: both variables at their upper bound
    ([-1.0], 5.0),   # a negative price on a <= row is not allowed: taken as 0
    ([5.0], 5.0),    # 5 * 1 and both reduced objectives negative (variables at 0)
    ([np.nan], 5.0),
])
def test_dual_bound_by_hand(prices, expected):
    from planner._opt_bounds import dual_bound

    # max 3 x1 + 2 x2 + 1 (offset) s.t. x1 + x2 <= 1, 0 <= x <= 1: optimum 4
    arrays = lp_arrays([[1, 1]], [-np.inf], [1.0], [1, 1])
    got = dual_bound(arrays, np.array([3.0, 2.0]), 1.0, np.array(prices))
    assert got == pytest.approx(expected + 1.0, rel=2e-9)
    assert got >= expected + 1.0


def test_dual_bound_signs_of_a_lower_row_and_an_unbounded_side():
    from planner._opt_bounds import dual_bound

    # max 3 x1 + 2 x2 s.t. x1 + x2 >= 1 (a lower row): a price -1 gives -1 + 4 + 3 = 6 >= 5
    arrays = lp_arrays([[1, 1]], [1.0], [np.inf], [1, 1])
    assert dual_bound(arrays, np.array([3.0, 2.0]), 0.0, np.array([-1.0])) == pytest.approx(6.0)
    assert dual_bound(arrays, np.array([3.0, 2.0]), 0.0, np.array([4.0])) == pytest.approx(5.0)
    # a variable without an upper bound and a positive reduced objective: no bound
    arrays = lp_arrays([[1, 1]], [-np.inf], [1.0], [np.inf, 1])
    assert dual_bound(arrays, np.array([3.0, 2.0]), 0.0, np.array([1.0])) == np.inf
    assert dual_bound(arrays, np.array([3.0, 2.0]), 0.0, np.array([3.0])) == pytest.approx(3.0)
    # prices of the wrong length (a solver that gave none): no bound
    assert dual_bound(arrays, np.array([3.0, 2.0]), 0.0, np.zeros(0)) == np.inf


def built_model(problem):
    from planner._opt_built import _build
    from planner._opt_reduce import reduce_problem

    return _build(problem, reduce_problem(problem, equity=False, dominance=True, compact=False))


@pytest.mark.parametrize("seed", range(30))
def test_any_prices_bound_the_optimum_and_pdlps_reach_the_lp_bound(seed):
    from planner._opt_bounds import dual_bound, first_order_bound
    from planner._opt_solvers import run_mip

    rng = np.random.default_rng(100 + seed)
    n_rows, n_opts = int(rng.integers(4, 14)), int(rng.integers(3, 9))
    dense = rng.choice([0.0, 0.25, 0.5, 1.0], size=(n_rows, n_opts), p=[0.5, 0.15, 0.15, 0.2])
    problem = CoverageProblem(
        coverage=sp.csr_matrix(dense), weights=rng.integers(1, 20, n_rows).astype(float),
        costs=rng.integers(1, 6, n_opts).astype(float), budget=float(rng.integers(2, 12)),
        groups=rng.integers(0, 3, n_opts), max_per_group=1)
    optimum = brute_force_optimum_grouped(problem)
    built = built_model(problem)
    rows = built.arrays[3].shape[0]
    for _ in range(20):  # prices of any size and sign
        prices = rng.normal(0.0, 10.0, rows) * rng.integers(0, 2, rows)
        assert dual_bound(built.arrays, built.objective, built.offset, prices) >= optimum - 1e-9
    lp = run_mip(built.arrays, built.objective, solver="glop", time_limit=10.0, relax=True,
                 offset=built.offset)
    assert lp.status == "optimal"
    bound = first_order_bound(built.arrays, built.objective, built.offset, 10.0)
    # PDLP converges on these: its prices give the LP optimum (to its tolerance), never less
    assert lp.objective - 1e-9 * max(1.0, abs(lp.objective)) <= bound
    assert bound == pytest.approx(lp.objective, rel=1e-4, abs=1e-4)


def brute_force_optimum_grouped(problem: CoverageProblem) -> float:
    groups = np.asarray(problem.groups)
    n = problem.coverage.shape[1]
    best = 0.0
    for k in range(n + 1):
        for subset in itertools.combinations(range(n), k):
            chosen = np.array(subset, dtype=np.int64)
            if (np.asarray(problem.costs)[chosen].sum() <= problem.budget + 1e-9
                    and np.bincount(groups[chosen], minlength=3).max(initial=0) <= 1):
                best = max(best, validate_plan(problem, chosen).objective)
    return best


@pytest.mark.usefixtures("mip_path")
@pytest.mark.parametrize("large", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_a_solve_whose_lp_did_not_finish_reports_pdlps_bound(monkeypatch, seed, large):
    """GLOP stopped by the time limit (made to here): the bound is PDLP's, not the trivial one
    (Katrineholm at 10 MSEK under a 10 s limit on a loaded machine: 8,193, gap 4.7 %, where the
    trivial bound had given 11,380 and 31 %)."""
    from planner import _opt_solvers
    from planner import optimize as op
    from planner._opt_bounds import _trivial_bound
    from tests.test_optimize import patch_search

    rng = np.random.default_rng(200 + seed)
    n_rows, n_opts = 14, 9
    dense = rng.choice([0.0, 0.5, 1.0], size=(n_rows, n_opts), p=[0.6, 0.2, 0.2])
    problem = CoverageProblem(
        coverage=sp.csr_matrix(dense), weights=rng.integers(1, 20, n_rows).astype(float),
        costs=rng.integers(1, 4, n_opts).astype(float), budget=4.0)
    optimum = brute_force_optimum(problem)
    glop_runs = []

    def no_glop(arrays, objective, **kw):
        if kw.get("solver") == "glop":
            glop_runs.append(kw["time_limit"])
            return _opt_solvers.MipOutcome("feasible", np.zeros(0), float("nan"), float("inf"),
                                           kw["time_limit"])
        return _opt_solvers.run_mip(arrays, objective, **kw)

    monkeypatch.setattr(op, "run_mip", no_glop)
    if large:
        patch_search(monkeypatch, "LARGE_MODEL_VARS", 0)
    result = op.solve(problem, 20.0, tie_break=False)
    assert glop_runs
    pdlp = first_order(problem)
    assert optimum - 1e-9 <= result.bound <= pdlp + 1e-9
    assert result.bound < _trivial_bound(problem)
    assert validate_plan(problem, result.chosen).objective == pytest.approx(result.objective)
    if not large:  # the MIP proves it: its own bound
        assert result.status == "optimal" and result.objective == pytest.approx(optimum)
    greedy = op.solve(problem, 20.0, backend="greedy")
    assert optimum - 1e-9 <= greedy.bound <= pdlp + 1e-9


def first_order(problem: CoverageProblem) -> float:
    from planner._opt_bounds import first_order_bound

    built = built_model(problem)
    return first_order_bound(built.arrays, built.objective, built.offset, 10.0)


@pytest.mark.usefixtures("mip_path")
def test_a_pdlp_failure_leaves_the_trivial_bound_not_the_solve_failed(monkeypatch):
    """PDLP only sharpens the bound of a solve whose LP did not finish: should it fail, the
    solve had ended in its SolverError, where before it the trivial bound had been given."""
    from planner import _opt_bounds, _opt_solvers
    from planner import optimize as op
    from planner._opt_bounds import _trivial_bound
    from planner.errors import SolverError

    rng = np.random.default_rng(201)
    dense = rng.choice([0.0, 0.5, 1.0], size=(14, 9), p=[0.6, 0.2, 0.2])
    problem = CoverageProblem(
        coverage=sp.csr_matrix(dense), weights=rng.integers(1, 20, 14).astype(float),
        costs=rng.integers(1, 4, 9).astype(float), budget=4.0)

    def no_glop(arrays, objective, **kw):
        if kw.get("solver") == "glop":
            return _opt_solvers.MipOutcome("feasible", np.zeros(0), float("nan"), float("inf"),
                                           kw["time_limit"])
        return _opt_solvers.run_mip(arrays, objective, **kw)

    def failing(name, *args, **kwargs):
        raise SolverError(f"{name} failed: boom")

    monkeypatch.setattr(op, "run_mip", no_glop)
    monkeypatch.setattr(_opt_bounds, "_guarded", failing)
    optimum = brute_force_optimum(problem)
    greedy = op.solve(problem, 20.0, backend="greedy")
    assert optimum - 1e-9 <= greedy.bound <= _trivial_bound(problem)
    result = op.solve(problem, 20.0, tie_break=False)
    assert optimum - 1e-9 <= result.bound <= _trivial_bound(problem)
