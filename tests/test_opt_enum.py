"""Exact enumeration of tiny problems (planner._opt_enum), the path ``solve`` takes for them.

The property tests compare it with the brute force of ``tests/test_optimize.py`` on random small
instances with every feature but equity (equity rules go to the MIP). Enumeration applies the
documented tie-break down to the lexicographically smallest index list, so its plan is exactly
one plan, the first of :func:`winners` in index order.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings

from planner import _opt_enum
from planner.errors import InfeasibleError
from planner.optimize import ENUMERATED, CoverageProblem, solve, validate_plan
from tests.test_optimize import objective_of, problems, winners


def lexicographic_winner(problem: CoverageProblem) -> tuple[int, ...] | None:
    plans = winners(problem)
    return None if plans is None else min(plans)


def enumerable(problem: CoverageProblem) -> bool:
    return problem.labels is None


@settings(max_examples=220, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_enumeration_equals_brute_force(problem: CoverageProblem) -> None:
    expected = lexicographic_winner(problem)
    if expected is None:
        with pytest.raises(InfeasibleError):
            solve(problem, 20.0)
        return
    result = solve(problem, 20.0)
    if enumerable(problem):
        assert result.tie_break == ENUMERATED
        assert result.backend == "enumeration"
        assert tuple(result.chosen.tolist()) == expected
    else:
        assert tuple(result.chosen.tolist()) in winners(problem)
    assert result.status == "optimal" and result.stopped_by == "proof"
    assert result.objective == pytest.approx(objective_of(problem, expected), abs=1e-9)
    assert result.bound == result.objective and result.gap == 0.0
    assert validate_plan(problem, result.chosen).feasible


def test_equal_cost_size_and_index_sum_go_to_the_smallest_indices() -> None:
    # rows a, b, c, d; options 0 {a, b}, 1 {a, c}, 2 {b, d}, 3 {c, d}: {0, 3} and {1, 2} both see
    # all four rows at equal cost, size and index sum (3); enumeration takes {0, 3}, the MIP path
    # may take either
    a = np.array([[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 1]], float)
    problem = CoverageProblem(coverage=a, weights=[1, 1, 1, 1], costs=np.ones(4), budget=2)
    assert sorted(winners(problem) or []) == [(0, 3), (1, 2)]
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 3]
    assert result.objective == 4.0


def test_cheaper_then_fewer_options_win() -> None:
    # option 0 sees both rows at cost 3; options 1 and 2 see one row each at cost 1 + 1 = 2;
    # option 3 sees both at cost 2 as well, alone: least cost ties {1, 2} and {3}, fewest wins
    a = np.array([[1, 1, 0, 1], [1, 0, 1, 1]], float)
    problem = CoverageProblem(coverage=a, weights=[2, 3], costs=[3, 1, 1, 2], budget=3)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [3]
    assert result.tie_break == ENUMERATED


def test_required_and_conflicts_with_required() -> None:
    # option 0 is required; option 1 (the best) conflicts with it, so option 2 is taken
    a = np.array([[1, 0, 0], [0, 1, 1], [0, 1, 0]], float)
    problem = CoverageProblem(coverage=a, weights=[1, 5, 4], costs=[1, 1, 1], budget=2,
                              required=[0], conflicts=[[0, 1]])
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 2]
    assert result.objective == 6.0


def test_group_capacity_left_by_required_options() -> None:
    # one mount (group 0) with room for two cameras; option 0 there is required, so only one of
    # options 1 and 2 fits beside it, and option 3 (another mount) comes next
    a = np.eye(4)
    problem = CoverageProblem(coverage=a, weights=[1, 4, 3, 2], costs=np.ones(4), budget=4,
                              required=[0], groups=[0, 0, 0, 1], max_per_group=2)
    assert solve(problem, 10.0).chosen.tolist() == [0, 1, 3]


def test_backup_bonus_and_penalties() -> None:
    # two options see the same row: together they earn the backup bonus (0.5 * 4 = 2) but pay
    # option 1's penalty (1.5); worth it at 2 > 1.5
    a = np.array([[1.0, 1.0]])
    problem = CoverageProblem(coverage=a, weights=[4], costs=[1, 1], budget=2, backup_bonus=0.5,
                              penalties=[0.0, 1.5])
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 1]
    assert result.objective == pytest.approx(4 + 2 - 1.5)


def test_plan_count_bound() -> None:
    assert _opt_enum.plan_count_bound(16, 6) == sum(math.comb(16, k) for k in range(7))
    assert _opt_enum.plan_count_bound(3, 10) == 8
    assert _opt_enum.plan_count_bound(0, 4) == 1


def test_too_many_plans_go_to_the_mip() -> None:
    # 40 options, budget for 10: about 1.2e9 plans, far above MAX_PLANS
    rng = np.random.default_rng(7)
    a = sp.random(60, 40, density=0.2, random_state=rng, format="csr")
    a.data[:] = 1.0
    problem = CoverageProblem(coverage=a, weights=np.ones(60), costs=np.ones(40), budget=10)
    assert _opt_enum.plan_count_bound(40, 10) > _opt_enum.MAX_PLANS
    result = solve(problem, 30.0)
    assert result.backend == "scip"
    assert result.tie_break != ENUMERATED
    assert result.status == "optimal"


def test_equity_goes_to_the_mip() -> None:
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    problem = CoverageProblem(coverage=a, weights=[1, 2], costs=[1, 1], budget=1,
                              labels=[0, 1], min_share=0.5)
    with pytest.raises(InfeasibleError):
        solve(problem, 10.0)
    problem = CoverageProblem(coverage=a, weights=[1, 2], costs=[1, 1], budget=2,
                              labels=[0, 1], min_share=0.5)
    result = solve(problem, 10.0)
    assert result.backend == "scip" and result.chosen.tolist() == [0, 1]


def test_sparse_group_ids() -> None:
    # mounts numbered 5 and 99,999 (ids need not be dense): one camera per mount, so the two
    # options on mount 99,999 exclude each other and option 0 joins the better of them
    a = np.eye(3)
    problem = CoverageProblem(coverage=a, weights=[1, 3, 2], costs=np.ones(3), budget=3,
                              groups=[5, 99_999, 99_999], max_per_group=1)
    result = solve(problem, 10.0)
    assert result.backend == "enumeration"
    assert result.chosen.tolist() == [0, 1]
    assert result.objective == 4.0


@pytest.mark.parametrize("costs, penalties", [([1, 1], [1e-9, 0.0]), ([1, 1 - 1e-12], None)])
def test_tied_lower_index_survives_dominance(costs: list[float],
                                             penalties: list[float] | None) -> None:
    # as in tests/test_optimize.py, on the enumeration path
    problem = CoverageProblem(coverage=np.array([[1.0, 1.0]]), weights=[1], costs=costs,
                              budget=1, penalties=penalties)
    result = solve(problem, 10.0)
    assert result.backend == "enumeration" and result.chosen.tolist() == [0]


def test_budget_tolerance_as_the_plan_check() -> None:
    # option 1 costs 1.5e-9 more than half the budget: validate_plan (and the MIP) accept both
    # options together, so enumeration must too
    problem = CoverageProblem(coverage=np.eye(2), weights=[1, 1], costs=[0.5, 0.5 + 1.5e-9],
                              budget=1)
    assert winners(problem) == [(0, 1)]
    result = solve(problem, 10.0)
    assert result.backend == "enumeration" and result.chosen.tolist() == [0, 1]


def test_nothing_fits_beside_the_required_options() -> None:
    # the required option uses the whole budget: the plan is settled without building any table,
    # however large the problem (2,000 options here)
    rng = np.random.default_rng(3)
    a = sp.random(300, 2000, density=0.05, random_state=rng, format="csr")
    a.data[:] = 1.0
    problem = CoverageProblem(coverage=a, weights=np.ones(300), costs=np.ones(2000), budget=1,
                              required=[0])
    result = solve(problem, 30.0)
    assert result.backend == "enumeration"
    assert result.chosen.tolist() == [0]
