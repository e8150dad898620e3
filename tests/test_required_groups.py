"""Required groups: at least one chosen option on each mount the scenario requires a camera on.

Hand-checked instances, the infeasible cases (each names its requirement), and seeded random
instances against brute-force enumeration on every path the optimiser has (the MIP with SCIP and
CP-SAT, the compact model, the large-model LP-neighbourhood path, greedy).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from planner import _opt_large
from planner import optimize as op
from planner.errors import HeuristicShortError, InfeasibleError, InputError, SolverError
from planner.optimize import CoverageProblem, solve, validate_plan
from tests.test_optimize import brute_force, objective_of, patch_search, winners

pytestmark = pytest.mark.usefixtures("mip_path")

# rows: three points. Option 0 (group 0) sees rows 0, 1 fully; option 1 (group 0) sees row 0;
# option 2 (group 1) sees row 2 at half value; option 3 (group 2) sees row 1.
A = np.array([[1.0, 1.0, 0.0, 0.0],
              [1.0, 0.0, 0.0, 1.0],
              [0.0, 0.0, 0.5, 0.0]])
W = [4.0, 3.0, 2.0]


def hand(**kwargs: object) -> CoverageProblem:
    base: dict[str, object] = dict(coverage=sp.csr_matrix(A), weights=W, costs=[2, 1, 1, 1],
                                   budget=2, groups=[0, 0, 1, 2])
    base.update(kwargs)
    return CoverageProblem(**base)  # type: ignore[arg-type]


def test_without_the_requirement_the_best_camera_takes_the_budget() -> None:
    result = solve(hand(), 10.0)
    assert result.chosen.tolist() == [0]  # 4 + 3 = 7 for the whole budget
    assert result.objective == 7.0


def test_a_required_group_gets_its_option_and_the_rest_is_planned_around_it() -> None:
    # group 1 must get option 2 (0.5 * 2 = 1, cost 1); the other unit of budget buys option 1
    # (4) rather than option 3 (3); option 0 no longer fits
    result = solve(hand(required_groups=[1]), 10.0)
    assert result.chosen.tolist() == [1, 2]
    assert result.objective == 5.0
    assert result.status == "optimal"
    assert validate_plan(hand(required_groups=[1]), result.chosen).feasible


def test_two_required_groups_fill_the_budget() -> None:
    result = solve(hand(required_groups=[1, 2]), 10.0)
    assert result.chosen.tolist() == [2, 3]
    assert result.objective == 3.0 + 1.0


def test_a_required_option_in_the_group_serves_it() -> None:
    # option 0 is required (an existing camera) and in group 0: nothing more is needed there
    result = solve(hand(required_groups=[0], required=[0], budget=3), 10.0)
    assert result.chosen.tolist() == [0, 2]
    assert result.objective == 8.0


def test_validate_plan_names_the_group_without_an_option() -> None:
    check = validate_plan(hand(required_groups=[1, 2]), [2])
    assert not check.feasible
    assert check.problems == ("required_groups: group 2 has no chosen option (1 required "
                              "groups without one)",)


@pytest.mark.parametrize(("kwargs", "requirement", "message"), [
    ({"required_groups": [1], "max_per_group": [1, 0, 1]}, "required_groups",
     "group 1 has no room for an option"),
    ({"required_groups": [1], "excluded": [2]}, "required_groups",
     "every option of group 1 is excluded"),
    ({"required_groups": [0, 1, 2], "budget": 2}, "required_groups_budget",
     "the cheapest option of each of the 3 required groups and the required options cost 3"),
    ({"required_groups": [1, 2], "conflicts": np.array([[2, 3]])}, "required_groups_search",
     "no plan within budget 2 gives each of the 2 required groups an option"),
])
def test_infeasible_requirements_are_named(kwargs: dict[str, object], requirement: str,
                                           message: str) -> None:
    problem = hand(**kwargs)
    assert brute_force(problem) is None
    with pytest.raises(InfeasibleError, match=message) as caught:
        solve(problem, 10.0)
    assert caught.value.requirement == requirement
    assert caught.value.groups


def test_bad_required_groups_are_refused() -> None:
    with pytest.raises(InputError, match="required_groups: group 7 has no option"):
        hand(required_groups=[7])
    with pytest.raises(InputError, match="required_groups: given without groups"):
        CoverageProblem(coverage=A, weights=W, costs=[1, 1, 1, 1], budget=2, required_groups=[0])


def test_a_useless_option_is_kept_when_its_group_is_required() -> None:
    # group 3 has one option that sees nothing: the reductions would drop it, but the plan needs
    # it; it costs 1 of the 3
    a = np.column_stack([A, np.zeros(3)])
    problem = CoverageProblem(coverage=sp.csr_matrix(a), weights=W, costs=[2, 1, 1, 1, 1],
                              budget=3, groups=[0, 0, 1, 2, 3], required_groups=[3])
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 4]
    assert result.objective == 7.0


def random_problem(rng: np.random.Generator) -> CoverageProblem:
    n = int(rng.integers(3, 11))
    d = int(rng.integers(2, 9))
    a = rng.choice([0.0, 0.0, 0.25, 0.5, 0.75, 1.0], size=(d, n))
    groups = rng.integers(0, 4, n)
    present = np.unique(groups)
    need = rng.choice(present, size=int(rng.integers(1, min(3, present.size) + 1)),
                      replace=False)
    kwargs: dict[str, object] = {}
    if rng.random() < 0.3:
        kwargs["conflicts"] = np.array([rng.choice(n, 2, replace=False)])
    if rng.random() < 0.3:
        kwargs["required"] = [int(rng.integers(n))]
    if rng.random() < 0.3:
        kwargs["labels"] = rng.integers(0, 2, d)
        kwargs["min_share"] = float(rng.choice([0.0, 0.25]))
        kwargs["equity"] = str(rng.choice(["hard", "maxmin"]))
    costs = rng.integers(1, 5, n)
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=rng.integers(0, 6, d),
                           costs=costs, budget=int(rng.integers(1, costs.sum() + 1)),
                           groups=groups, max_per_group=int(rng.integers(1, 3)),
                           required_groups=need.tolist(), **kwargs)  # type: ignore[arg-type]


SEEDS = range(120)


@pytest.mark.parametrize("backend", ["scip", "cpsat"])
def test_random_instances_equal_brute_force(backend: str) -> None:
    rng = np.random.default_rng(2026)
    feasible = 0
    for _ in SEEDS:
        problem = random_problem(rng)
        expected = brute_force(problem)
        if expected is None:
            with pytest.raises(InfeasibleError):
                solve(problem, 20.0, backend=backend)  # type: ignore[arg-type]
            continue
        feasible += 1
        result = solve(problem, 20.0, backend=backend, workers=2)  # type: ignore[arg-type]
        assert result.status == "optimal"
        assert validate_plan(problem, result.chosen).feasible
        assert result.objective == pytest.approx(objective_of(problem, expected), abs=1e-9)
        if backend == "scip":
            assert tuple(result.chosen.tolist()) in winners(problem)
    assert feasible >= 60  # (the seed gives 60+ feasible instances: the test is not vacuous)


def test_random_instances_on_the_large_model_path(monkeypatch: pytest.MonkeyPatch) -> None:
    patch_search(monkeypatch, "LARGE_MODEL_VARS", 0)
    monkeypatch.setattr(_opt_large, "LARGE_RETRY_GAP", float("inf"))
    rng = np.random.default_rng(7)
    for _ in range(80):
        problem = random_problem(rng)
        expected = brute_force(problem)
        if expected is None or problem.equity == "maxmin":
            continue
        result = solve(problem, 20.0)
        check = validate_plan(problem, result.chosen)
        assert check.feasible, check.problems
        optimum = objective_of(problem, expected)
        assert result.objective <= optimum + 1e-9 <= result.bound + 1e-6
        if result.status == "optimal":
            assert result.objective == pytest.approx(optimum, abs=1e-6)


def test_random_instances_compact_model_and_greedy() -> None:
    rng = np.random.default_rng(11)
    missed = 0
    for _ in range(60):
        problem = random_problem(rng)
        expected = brute_force(problem)
        if expected is None:
            continue
        optimum = objective_of(problem, expected)
        compact = solve(problem, 20.0, reductions=False)
        assert compact.objective == pytest.approx(optimum, abs=1e-9)
        if problem.labels is not None:
            continue
        try:
            greedy = solve(problem, 20.0, backend="greedy")
        except HeuristicShortError:
            missed += 1
            continue
        assert validate_plan(problem, greedy.chosen).feasible
        assert greedy.objective <= optimum + 1e-9 <= greedy.bound + 1e-6
    assert missed <= 3


@pytest.mark.parametrize("backend", ["scip", "cpsat"])
def test_required_groups_in_conflict_under_a_share_of_zero_name_the_groups(backend: str) -> None:
    # max-min with min_share 0 asks for no share: the groups are what cannot be met (had been
    # "equity: ... meets min_share", requirement "equity_budget")
    problem = hand(required_groups=[1, 2], conflicts=np.array([[2, 3]]), labels=[0, 0, 1],
                   min_share=0.0, equity="maxmin")
    assert brute_force(problem) is None
    with pytest.raises(InfeasibleError, match="required_groups: no plan within budget 2 gives "
                                              "each of the 2 required groups an option") as caught:
        solve(problem, 10.0, backend=backend)  # type: ignore[arg-type]
    assert caught.value.requirement == "required_groups_search"
    assert caught.value.groups == (1, 2)


@pytest.mark.parametrize("equity", ["hard", "maxmin"])
@pytest.mark.parametrize("backend", ["scip", "cpsat"])
def test_required_groups_in_conflict_under_a_binding_share_name_the_groups(
        backend: str, equity: str) -> None:
    # groups 1 and 2 have one option each (2 and 3), in conflict: no plan serves both, whatever
    # the share. With a share that binds (area 1, row 2, at 0.5: option 2's 0.5 reaches it)
    # the error had blamed the share ("equity_limits": no plan meets min_share whatever the
    # budget), which lowering to 0 does not cure
    problem = hand(required_groups=[1, 2], conflicts=np.array([[2, 3]]), labels=[0, 0, 1],
                   min_share=0.5, equity=equity)
    assert brute_force(problem) is None
    assert brute_force(hand(required_groups=[1, 2], conflicts=np.array([[2, 3]]))) is None
    with pytest.raises(InfeasibleError, match="required_groups: no plan within budget 2 gives "
                                              "each of the 2 required groups an option") as caught:
        solve(problem, 10.0, backend=backend)  # type: ignore[arg-type]
    assert caught.value.requirement == "required_groups_search"
    assert caught.value.groups == (1, 2)


def test_no_plan_in_time_when_greedy_misses_the_groups_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # option 0 (group 0) is best and cheapest but conflicts with option 2, group 1's only one:
    # greedy takes 0 both ways and gets stuck; only 1 + 2 serves both groups. Should the MIP
    # find no plan in time, the error names the groups (had blamed the equity shares, which
    # this problem has none of)
    a = np.array([[1.0, 0.5, 0.0], [0.0, 0.0, 1.0]])
    problem = CoverageProblem(coverage=sp.csr_matrix(a), weights=[4.0, 1.0], costs=[1, 2, 1],
                              budget=3, groups=[0, 0, 1], required_groups=[0, 1],
                              conflicts=np.array([[0, 2]]))
    assert solve(problem, 10.0).chosen.tolist() == [1, 2]
    with pytest.raises(HeuristicShortError):
        solve(problem, 10.0, backend="greedy")

    def no_plan(*args: object, **kwargs: object) -> op.MipOutcome:
        return op.MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 1.0)

    patch_search(monkeypatch, "solve_mip", no_plan)
    with pytest.raises(SolverError, match=r"found no plan within 10 s and greedy could not give "
                                          r"each required group an option; raise time_limit"):
        solve(problem, 10.0)


def test_greedy_missing_a_group_under_a_share_of_zero_names_the_groups() -> None:
    # the same trap, with area labels and min_share 0 (a floor that binds nothing): greedy's
    # error names the groups, not a share (had been "could not reach the equity min_share ...
    # or lower min_share")
    a = np.array([[1.0, 0.5, 0.0], [0.0, 0.0, 1.0]])
    problem = CoverageProblem(coverage=sp.csr_matrix(a), weights=[4.0, 1.0], costs=[1, 2, 1],
                              budget=3, groups=[0, 0, 1], required_groups=[0, 1],
                              conflicts=np.array([[0, 2]]), labels=[0, 1], min_share=0.0)
    with pytest.raises(HeuristicShortError, match=r"backend 'greedy' could not give each "
                                                  r"required group an option \(greedy is a "
                                                  r"heuristic .*\); use backend 'scip'$"):
        solve(problem, 10.0, backend="greedy")
