"""One test group per model builder and per problem term (STYLE.md item 4): feasible and not."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from planner import _opt_model as mb
from planner._opt_greedy import greedy, swap_search
from planner._opt_reduce import OptionData, full_cover_cost_bound, reduce_problem
from planner._opt_solvers import run_mip
from planner.errors import InfeasibleError, InputError
from planner.optimize import CoverageProblem, solve, validate_plan

# the builders end to end through the MIP, also on instances small enough for enumeration
pytestmark = pytest.mark.usefixtures("mip_path")


def model_with(problem: CoverageProblem) -> tuple[mb.LinearModel, np.ndarray, np.ndarray]:
    red = reduce_problem(problem, equity=problem.labels is not None, dominance=False,
                         compact=True)
    model = mb.LinearModel()
    x = mb.add_options(model, red, np.zeros(len(red.keep)))
    y = mb.add_coverage_levels(model, red, x)
    return model, x, y


def run_fixed(model: mb.LinearModel, x: np.ndarray, plan: list[int]) -> tuple[str, float]:
    lb, ub, integer, matrix, row_lb, row_ub = model.arrays()
    lb, ub = lb.copy(), ub.copy()
    lb[x], ub[x] = 0.0, 0.0
    lb[x[plan]], ub[x[plan]] = 1.0, 1.0
    out = run_mip((lb, ub, integer, matrix, row_lb, row_ub), model.objective(), solver="scip",
                  time_limit=5.0)
    return out.status, out.objective


def three_options(**kwargs: object) -> CoverageProblem:
    a = np.array([[1.0, 0.25, 0.0], [0.5, 1.0, 0.0], [0.0, 0.75, 1.0]])
    base: dict[str, object] = {"coverage": a, "weights": [2.0, 1.0, 4.0],
                               "costs": [1.0, 2.0, 3.0], "budget": 6.0}
    base.update(kwargs)
    return CoverageProblem(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------ coverage levels (exact)
def test_levels_earn_weight_times_best_value_for_every_plan() -> None:
    problem = three_options()
    model, x, _ = model_with(problem)
    for k in range(4):
        for plan in itertools.combinations(range(3), k):
            status, value = run_fixed(model, x, list(plan))
            assert status == "optimal"
            assert value == pytest.approx(validate_plan(problem, list(plan)).coverage_value)


# ------------------------------------------------------------------ budget
def test_budget_row_feasible_and_infeasible() -> None:
    model, x, _ = model_with(three_options())
    mb.add_budget(model, x, np.array([1.0, 2.0, 3.0]), 3.0)
    assert run_fixed(model, x, [0, 1])[0] == "optimal"
    assert run_fixed(model, x, [1, 2])[0] == "infeasible"


def test_budget_infinite_adds_no_row() -> None:
    model, x, _ = model_with(three_options())
    rows = model.n_rows
    assert mb.add_budget(model, x, np.ones(3), np.inf).size == 0
    assert model.n_rows == rows


# ------------------------------------------------------------------ groups
def test_group_capacity_per_group() -> None:
    model, x, _ = model_with(three_options())
    made = mb.add_group_limits(model, x, np.array([0, 0, 1]), np.array([1, 5]))
    assert made.size == 1  # group 1 cannot bind
    assert run_fixed(model, x, [0, 2])[0] == "optimal"
    assert run_fixed(model, x, [0, 1])[0] == "infeasible"


def test_group_capacity_array_in_solve() -> None:
    problem = three_options(budget=10.0, groups=[0, 0, 1], max_per_group=[2, 0])
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 1]
    with pytest.raises(InfeasibleError, match="group 1 has 1 chosen options, capacity 0"):
        solve(three_options(groups=[0, 0, 1], max_per_group=[2, 0], required=[2]))


# ------------------------------------------------------------------ conflicts (spacing)
def test_conflict_pair_feasible_and_infeasible() -> None:
    model, x, _ = model_with(three_options())
    mb.add_conflicts(model, x, np.array([[0, 2]]))
    assert run_fixed(model, x, [0, 1])[0] == "optimal"
    assert run_fixed(model, x, [0, 2])[0] == "infeasible"


def test_conflicts_in_solve() -> None:
    free = solve(three_options(budget=4.0), 10.0)
    assert free.chosen.tolist() == [0, 2]  # 2 + 0.5 + 4 = 6.5
    spaced = solve(three_options(budget=4.0, conflicts=[[2, 0]]), 10.0)
    assert spaced.chosen.tolist() == [0, 1]  # 2 + 1 + 0.75 * 4 = 6 beats {2} = 4
    assert spaced.objective == 6.0
    with pytest.raises(InfeasibleError, match="conflicts"):
        solve(three_options(conflicts=[[0, 2]], required=[0, 2]))


# ------------------------------------------------------------------ exclusion and penalties
def test_excluded_option_is_never_chosen() -> None:
    result = solve(three_options(budget=4.0, excluded=[2]), 10.0)
    assert 2 not in result.chosen.tolist()
    assert result.chosen.tolist() == [0, 1]
    with pytest.raises(InfeasibleError, match="both required and excluded"):
        solve(three_options(excluded=[2], required=[2]))


def test_penalty_lowers_objective_and_changes_plan() -> None:
    plain = solve(three_options(budget=3.0), 10.0)
    assert plain.chosen.tolist() == [0, 1]  # {0, 1}: 2 + 1 + 3 = 6; {2}: 4
    penalised = solve(three_options(budget=3.0, penalties=[0.0, 5.0, 0.0]), 10.0)
    check = validate_plan(three_options(budget=3.0, penalties=[0.0, 5.0, 0.0]),
                          penalised.chosen)
    assert penalised.objective == pytest.approx(check.coverage_value - check.penalty)
    assert penalised.chosen.tolist() == [2]  # {0, 1} now earns 6 - 5 = 1
    assert penalised.objective == 4.0


# ------------------------------------------------------------------ backup bonus
def test_backup_term_needs_two_cameras() -> None:
    problem = three_options(backup_bonus=1.0)
    red = reduce_problem(problem, equity=False, dominance=False, compact=True)
    model = mb.LinearModel()
    x = mb.add_options(model, red, np.zeros(3))
    mb.add_coverage_levels(model, red, x)
    z = mb.add_backup(model, red, x)
    assert z.size == 2  # rows 0 and 1 share the support {0, 1}
    for plan in ([0], [0, 1], [0, 1, 2]):
        status, value = run_fixed(model, x, plan)
        assert status == "optimal"
        assert value == pytest.approx(validate_plan(problem, plan).objective)
    assert validate_plan(problem, [0, 1]).backup_value == 3.0  # rows 0 and 1 seen twice


def test_backup_bonus_changes_the_plan() -> None:
    a = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    base = {"coverage": a, "weights": [3.0, 2.0], "costs": [1.0, 1.0, 1.0], "budget": 2.0}
    assert solve(CoverageProblem(**base), 10.0).chosen.tolist() == [0, 2]  # type: ignore[arg-type]
    bonus = solve(CoverageProblem(**base, backup_bonus=1.0), 10.0)  # type: ignore[arg-type]
    assert bonus.chosen.tolist() == [0, 1] and bonus.objective == 6.0


# ------------------------------------------------------------------ equity
def two_areas(**kwargs: object) -> CoverageProblem:
    # area 0 = rows 0, 1 (weight 6), area 1 = row 2 (weight 2); one camera affordable
    a = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    base: dict[str, object] = {"coverage": a, "weights": [3.0, 3.0, 2.0], "costs": [1.0, 1.0],
                               "budget": 1.0, "labels": [0, 0, 1]}
    base.update(kwargs)
    return CoverageProblem(**base)  # type: ignore[arg-type]


def test_equity_floor_builder_feasible_and_infeasible() -> None:
    problem = two_areas(min_share=0.5)
    red = reduce_problem(problem, equity=True, dominance=False, compact=True)
    model = mb.LinearModel()
    x = mb.add_options(model, red, np.zeros(2))
    y = mb.add_coverage_levels(model, red, x)
    earned = mb.earned_by_label(red, x, y, model.n_vars)
    floor = np.array([0.0, 3.0, 1.0])  # label rows: unlabelled, area 0, area 1
    mb.add_equity_floor(model, earned, red.offset, floor)
    assert run_fixed(model, x, [0, 1])[0] == "optimal"
    assert run_fixed(model, x, [0])[0] == "infeasible"


def test_equity_hard_changes_plan_and_infeasible_cases() -> None:
    assert solve(two_areas(), 10.0).chosen.tolist() == [0]
    with pytest.raises(InfeasibleError, match=r"no plan within budget 1 meets min_share"):
        solve(two_areas(min_share=0.5))
    fair = solve(two_areas(min_share=[0.0, 0.5]), 10.0)
    assert fair.chosen.tolist() == [1] and fair.min_share == 0.0
    with pytest.raises(InfeasibleError, match=r"area label 1 can reach at most 0\.5000"):
        solve(two_areas(coverage=np.array([[1.0, 0], [1, 0], [0, 0.5]]), min_share=0.6))


def test_equity_maxmin_lexicographic() -> None:
    # three cameras: area 0 half-covered by camera 0 or 2, area 1 by camera 1; budget 2
    a = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    base = {"coverage": a, "weights": [3.0, 4.0, 1.0, 1.0], "costs": [1.0, 1.0, 1.0],
            "budget": 2.0, "labels": [0, 0, 1, 1]}
    plain = solve(CoverageProblem(**base), 10.0)  # type: ignore[arg-type]
    assert plain.chosen.tolist() == [0, 2] and plain.min_share == 0.0
    fair = solve(CoverageProblem(**base, equity="maxmin"), 10.0)  # type: ignore[arg-type]
    # best minimum share: area 0 with camera 2 (4/7) and area 1 with camera 1 (1/2) -> 0.5
    assert fair.chosen.tolist() == [1, 2]
    assert fair.min_share == pytest.approx(0.5)
    assert fair.objective == 5.0


def test_greedy_backend_missing_a_share_is_an_input_error() -> None:
    # greedy's first pick (0) helps both areas but conflicts with 2, the only full view of
    # area 1; the exact plan {1, 2} meets both shares
    a = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.5, 0.0, 1.0], [0.0, 0.0, 0.0]])
    problem = CoverageProblem(coverage=a, weights=[2.0, 2.0, 2.0, 2.0], costs=[1.0, 1.0, 1.0],
                              budget=2.0, conflicts=[[0, 2]], labels=[0, 0, 1, 1],
                              min_share=0.5)
    assert solve(problem, 10.0).chosen.tolist() == [1, 2]
    with pytest.raises(InputError, match="backend 'greedy' could not reach the equity"):
        solve(problem, 10.0, backend="greedy")


def test_greedy_backend_refuses_the_max_min_share() -> None:
    """Greedy does not search for the max-min share: its plan had come back as if it did."""
    problem = two_areas(equity="maxmin", budget=2.0)
    assert solve(problem, 10.0).min_share > 0
    with pytest.raises(InputError, match=r"backend 'greedy' does not maximise the smallest area "
                                         r"share \(equity 'maxmin'\); use backend 'scip'"):
        solve(problem, 10.0, backend="greedy")


def test_min_share_variable_builder() -> None:
    problem = two_areas(equity="maxmin", budget=2.0)
    red = reduce_problem(problem, equity=True, dominance=False, compact=True)
    model = mb.LinearModel()
    x = mb.add_options(model, red, np.zeros(2))
    y = mb.add_coverage_levels(model, red, x)
    earned = mb.earned_by_label(red, x, y, model.n_vars)
    t = mb.add_min_share_variable(model, earned, red.offset, np.array([0.0, 6.0, 2.0]))
    lb, ub, integer, matrix, row_lb, row_ub = model.arrays()
    obj = np.zeros(model.n_vars)
    obj[t] = 1.0
    out = run_mip(model.arrays(), obj, solver="scip", time_limit=5.0)
    assert out.status == "optimal" and out.objective == pytest.approx(1.0)
    ub = ub.copy()
    ub[x[1]] = 0.0
    out = run_mip((lb, ub, integer, matrix, row_lb, row_ub), obj, solver="scip", time_limit=5.0)
    assert out.objective == pytest.approx(0.0)


# ------------------------------------------------------------------ heuristics
def test_greedy_single_option_safeguard() -> None:
    a = np.array([[1.0, 0.0], [0.0, 1.0]])
    problem = CoverageProblem(coverage=a, weights=[2.0, 10.0], costs=[1.0, 10.0], budget=10.0)
    result = solve(problem, 10.0, backend="greedy")
    assert result.chosen.tolist() == [1]  # ratio order alone would buy option 0 (value 2)


def test_swap_search_improves_greedy() -> None:
    # A covers rows 0-3 (weight 4); B rows 0,1,4; C rows 2,3,5; budget 2: greedy A+B = 5, B+C = 6
    a = np.zeros((6, 3))
    a[[0, 1, 2, 3], 0] = 1
    a[[0, 1, 4], 1] = 1
    a[[2, 3, 5], 2] = 1
    problem = CoverageProblem(coverage=a, weights=np.ones(6), costs=np.ones(3), budget=2)
    red = reduce_problem(problem, equity=False, dominance=False)
    data = OptionData(np.ones(3), np.zeros(3), 2.0, None, None, np.zeros((0, 2), np.int64))
    start = greedy(red, data)
    assert start is not None and start[0] and start.sum() == 2  # A first, value 5
    better = swap_search(red, start, data)
    assert better.tolist() == [False, True, True]
    assert solve(problem, 10.0).objective == 6.0


def test_sparse_and_dense_inputs_agree() -> None:
    dense = three_options()
    sparse = three_options(coverage=sp.csr_matrix(np.asarray(dense.coverage.toarray())))
    assert solve(dense, 10.0).chosen.tolist() == solve(sparse, 10.0).chosen.tolist()


# ------------------------------------------------------------------ full-coverage cost bound
def chain_of_four(**kwargs: object) -> CoverageProblem:
    """Rows a, b, c, d; options 0 {a, b}, 1 {b, c}, 2 {c, d}, 3 {d}, 4 {d} at costs 1 to 5.

    Every cover holds 0 (a's only option) and meets {c, d}: {0, 2} at 4 is the cheapest."""
    a = np.array([[1, 0, 0, 0, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 1]], float)
    base: dict[str, object] = {"coverage": a, "weights": np.ones(4),
                               "costs": [1.0, 2.0, 3.0, 4.0, 5.0], "budget": 10.0}
    base.update(kwargs)
    return CoverageProblem(**base)  # type: ignore[arg-type]


def test_full_cover_cost_bound_packs_disjoint_sets() -> None:
    problem = chain_of_four()
    red = reduce_problem(problem, equity=False, dominance=False)
    cost = np.asarray(problem.costs)[red.keep]
    # option 0 is a's only one (1); of the two-option sets {b: 0, 1} meets it and {c: 1, 2} is
    # packed (min 2); the larger {d: 2, 3, 4} meets option 2: 1 + 2 = 3, below the cheapest
    # cover (4)
    assert full_cover_cost_bound(red, cost, 100.0) == 3.0
    # past the limit the sum stops at once: option 0 alone passes 0.5
    assert full_cover_cost_bound(red, cost, 0.5) == 1.0
    # with option 2 required, c and d are met: 2's cost + 0's, exactly the cheapest cover
    required = chain_of_four(required=[2])
    red = reduce_problem(required, equity=False, dominance=False)
    assert full_cover_cost_bound(red, np.asarray(required.costs)[red.keep], 100.0) == 4.0


def test_full_cover_cost_bound_never_passes_a_cover_by_brute_force() -> None:
    rng = np.random.default_rng(11)
    tight = 0
    for _ in range(200):
        d, n = int(rng.integers(2, 7)), int(rng.integers(2, 8))
        a = rng.choice([0.0, 0.0, 0.5, 1.0], size=(d, n))
        costs = rng.integers(0, 4, n).astype(float)
        required = [int(j) for j in np.flatnonzero(rng.random(n) < 0.15)]
        problem = CoverageProblem(coverage=a, weights=rng.integers(0, 3, d), costs=costs,
                                  budget=float(costs.sum()), required=required)
        best = problem.coverage.max(axis=1).toarray().ravel()
        need = (np.asarray(problem.weights) > 0) & (best > 0)
        covers = [float(costs[list(p)].sum()) for k in range(n + 1)
                  for p in itertools.combinations(range(n), k) if set(required) <= set(p)
                  and np.all(a[np.ix_(need, list(p))].max(axis=1, initial=0) >= best[need])]
        red = reduce_problem(problem, equity=False, dominance=True)
        bound = full_cover_cost_bound(red, costs[red.keep], np.inf)
        assert bound <= min(covers) + 1e-9, (a, costs, required)
        tight += bound == min(covers)
    assert tight >= 100  # small instances: mostly exact
