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
