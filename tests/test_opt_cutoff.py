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

from planner import _opt_greedy
from planner import _opt_solvers as so
from planner import _opt_tiebreak as tb
from planner._opt_reduce import OptionData
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


# --------------------------------------------------------------------------- listing the ties
def with_unreachable_row(problem: CoverageProblem) -> CoverageProblem:
    """``problem`` plus a unit row seen only by a last option that costs more than the budget.

    No plan changes, but the LP relaxation can no longer reach the trivial bound (every row
    seen), so the full-coverage stage of ``solve`` (``tests/test_optimize.py``) does not apply
    and the MIP, the uniqueness query and the listing run.
    """
    a = problem.coverage.toarray()
    a = np.block([[a, np.zeros((a.shape[0], 1))], [np.zeros((1, a.shape[1])), np.ones((1, 1))]])
    return CoverageProblem(coverage=a, weights=[*problem.weights, 1.0],
                           costs=[*problem.costs, problem.budget + 1.0], budget=problem.budget)


def pairs_of_four_rows() -> CoverageProblem:
    """Options are the six pairs of four unit rows (01, 02, 03, 12, 13, 23); two cameras.

    The three perfect matchings {0, 5}, {1, 4} and {2, 3} see all four rows: tied at 4, equal in
    cost, size and index sum (5), so the lexicographic order decides: {0, 5}. No 1-swap of a
    matching keeps all four rows. (A fifth row only an unaffordable option sees keeps the
    full-coverage stage out: :func:`with_unreachable_row`.)
    """
    rows = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    a = np.zeros((4, 6))
    for j, (r, s) in enumerate(rows):
        a[[r, s], j] = 1.0
    return with_unreachable_row(
        CoverageProblem(coverage=a, weights=np.ones(4), costs=np.ones(6), budget=2))


def count_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    answers: list[str] = []
    real = tb.run_cutoff_query

    def counted(*args: object, **kwargs: object) -> so.MipOutcome:
        out = real(*args, **kwargs)  # type: ignore[arg-type]
        answers.append(out.status)
        return out

    monkeypatch.setattr(tb, "run_cutoff_query", counted)
    return answers


def test_few_ties_are_listed_and_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = pairs_of_four_rows()
    assert winners(problem) == [(0, 5), (1, 4), (2, 3)]  # the rule alone cannot tell them apart
    answers = count_queries(monkeypatch)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 5]
    assert result.objective == 4.0
    assert result.tie_break == ("exact (least cost, fewest options, least index sum among 3 "
                                "tied plans)")
    # the uniqueness query finds a second matching, the next the third, the last proves no more
    assert len(answers) == 3 and answers[-1] == "infeasible"
    cpsat = solve(problem, 10.0, backend="cpsat", workers=2)
    assert cpsat.chosen.tolist() == [0, 5] and cpsat.tie_break == result.tie_break


def test_a_cheaper_tie_found_later_caps_the_list() -> None:
    # matchings as above, but option 3 (rows 1, 2) costs 0.5: {2, 3} is the only cheapest tie
    # and wins although {0, 5} and {1, 4} come first in index order
    problem = pairs_of_four_rows()
    costs = np.array(problem.costs, dtype=float)
    costs[3] = 0.5
    cheaper = CoverageProblem(coverage=problem.coverage, weights=problem.weights, costs=costs,
                              budget=2)
    assert winners(cheaper) == [(2, 3)]
    result = solve(cheaper, 10.0)
    assert result.chosen.tolist() == [2, 3]
    assert result.tie_break.startswith("exact")


def five_single_rows() -> CoverageProblem:
    """Five options, each seeing its own unit row; two cameras: all ten pairs tie at 2."""
    return CoverageProblem(coverage=np.eye(5), weights=np.ones(5), costs=np.ones(5), budget=2)


def test_many_tied_swaps_go_straight_to_the_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    # from the optimum, 2 x 3 one-for-one swaps are tied (>= MAX_TIED_PLANS): a list could
    # not close, so the stage MIPs decide without any objective-limit query
    answers = count_queries(monkeypatch)
    result = solve(five_single_rows(), 10.0)
    assert result.chosen.tolist() == [0, 1]
    assert result.tie_break == "exact (least cost, fewest options, least index sum)"
    assert answers == []


def test_tied_swaps_counts_each_feasible_tied_swap() -> None:
    from planner._opt_reduce import reduce_problem

    def swaps(problem: CoverageProblem, chosen: list[int], cost_cap: float
              ) -> tuple[int, list[list[int]]]:
        red = reduce_problem(problem, equity=False, dominance=False, compact=False)
        mask = np.isin(red.keep, chosen)
        pairs = np.asarray(problem.conflicts, dtype=np.int64).reshape(-1, 2)
        groups = np.asarray(problem.groups) if problem.groups is not None else None
        data = OptionData(np.asarray(problem.costs, float)[red.keep], np.zeros(len(red.keep)),
                          problem.budget, groups, problem.capacity, pairs)
        out = _opt_greedy.tied_swaps(red, mask, data, tol=1e-7, cost_cap=cost_cap, limit=3)
        assert out is not None
        return out[0], [red.keep[p].tolist() for p in out[1]]

    def count(problem: CoverageProblem, chosen: list[int], cost_cap: float) -> int:
        return swaps(problem, chosen, cost_cap)[0]

    base = five_single_rows()
    # remove 0 or 1, add 2, 3 or 4; the first three (by removed, then added option) as plans
    assert swaps(base, [0, 1], 2.0) == (6, [[1, 2], [1, 3], [1, 4]])
    assert count(base, [0, 1], 1.5) == 0  # every swap costs 2
    # option 2 conflicts with option 0: swapping 1 for 2 is out (0 stays), 0 for 2 is fine
    clash = CoverageProblem(coverage=np.eye(5), weights=np.ones(5), costs=np.ones(5), budget=2,
                            conflicts=[(0, 2)])
    assert count(clash, [0, 1], 2.0) == 5
    # row 4 weighs 1.5: a swap adding option 4 gains 0.5 and is no tie; the other four are
    heavier = CoverageProblem(coverage=np.eye(5), weights=[1, 1, 1, 1, 1.5], costs=np.ones(5),
                              budget=2)
    assert count(heavier, [0, 1], 2.0) == 4
    # one camera per mount, options 0-2 on mount 0 and 3-4 on mount 1
    grouped = CoverageProblem(coverage=np.eye(5), weights=np.ones(5), costs=np.ones(5),
                              budget=2, groups=[0, 0, 0, 1, 1], max_per_group=1)
    # from {0, 3}: 0 -> 1, 0 -> 2 and 3 -> 4 keep one per mount; 0 -> 4, 3 -> 1 and 3 -> 2
    # would put two on one mount
    assert count(grouped, [0, 3], 2.0) == 3


def test_rule_winner_orders_cost_then_size_then_index_sum_then_lexicographic() -> None:
    index = np.array([0, 1, 2, 3, 4])
    cost = np.array([1.0, 1.0, 1.0, 2.0, 0.5])

    def mask(*chosen: int) -> np.ndarray:
        out = np.zeros(5, dtype=bool)
        out[list(chosen)] = True
        return out

    def pick(*plans: tuple[int, ...], cost_tol: float = 1e-9) -> list[int]:
        found = [mask(*p) for p in plans]
        return np.flatnonzero(tb._rule_winner(found, cost, cost_tol, index)).tolist()

    assert pick((0, 1), (2, 4)) == [2, 4]  # cost 1.5 < 2
    assert pick((0, 1, 2), (3,), cost_tol=1.5) == [3]  # costs 3 and 2 tie within 1.5: size
    assert pick((0, 4), (1, 2), cost_tol=1.0) == [1, 2]  # costs tie, same size: sum 3 < 4
    assert pick((1, 2), (0, 3), cost_tol=2.0) == [0, 3]  # sums 3 and 3: lexicographic


# --------------------------------------------------------------------------- SCIP via MathOpt
def three_choose_between(low: float, high: float) -> so.Arrays:
    """``low <= x0 + x1 + x2 <= high`` over binaries, with y <= x0 (as three_choose_two)."""
    lb, ub, integer, matrix, _, _ = three_choose_two()
    return lb, ub, integer, matrix, np.array([low, -np.inf]), np.array([high, 0.0])


def test_run_scip_minimises_and_maximises() -> None:
    best = so.run_scip(three_choose_between(1, 2), WEIGHTS, time_limit=10.0)
    assert (best.status, best.objective) == ("optimal", pytest.approx(5.5))
    least = so.run_scip(three_choose_between(1, 2), WEIGHTS, time_limit=10.0, maximize=False,
                        hint=np.array([1.0, 1.0, 0.0, 1.0]))  # a poor hint does not stick
    assert (least.status, least.objective) == ("optimal", pytest.approx(1.0))
    assert np.round(least.values).tolist() == [0.0, 0.0, 1.0, 0.0]


def test_run_scip_reports_infeasible_models() -> None:
    lb, ub, integer, matrix, row_lb, row_ub = three_choose_between(3, 3)
    ub = np.array([1.0, 1.0, 0.0, 1.0])  # x2 = 0: three of x0, x1, x2 cannot be chosen
    out = so.run_scip((lb, ub, integer, matrix, row_lb, row_ub), WEIGHTS, time_limit=10.0)
    assert out.status == "infeasible" and out.values.size == 0


def test_optimiser_mips_fall_back_to_pywraplp(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    # if MathOpt's SCIP fails, the plan's MIP and the tie-break's stages go through pywraplp
    # (and the uniqueness query to the second-best plan) with the same answers
    def broken(*args: object, **kwargs: object) -> so.MipOutcome:
        raise so.SolverError("scip failed: simulated")

    monkeypatch.setattr(so, "run_scip", broken)
    monkeypatch.setattr(tb, "run_cutoff_query", broken)
    monkeypatch.setattr(tb, "MAX_TIED_PLANS", 1)  # no listing: the stage MIPs decide
    # {0, 4} and {1, 2} both see all four rows; {1, 2} has the least index sum
    a = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 0, 0], [0, 1, 0, 0, 1], [0, 0, 1, 0, 1]], float)
    tied = with_unreachable_row(
        CoverageProblem(coverage=a, weights=[1, 1, 1, 1], costs=np.ones(5), budget=2))
    result = solve(tied, 10.0)
    assert result.chosen.tolist() == [1, 2]
    assert result.tie_break == "exact (least cost, fewest options, least index sum)"
    assert "SCIP through MathOpt failed" in caplog.text


def test_four_ties_close_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    # one camera per mount, mounts {0, 1} and {2, 3}, each option sees its own unit row: the
    # four plans {0, 2}, {0, 3}, {1, 2}, {1, 3} tie; {0, 2} has two tied 1-swaps, which start
    # the list, the first query finds {1, 3} and the second proves the list complete
    problem = CoverageProblem(coverage=np.eye(4), weights=np.ones(4), costs=np.ones(4),
                              budget=2, groups=[0, 0, 1, 1], max_per_group=1)
    assert winners(problem) == [(0, 2)]
    answers = count_queries(monkeypatch)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 2]
    assert result.tie_break == ("exact (least cost, fewest options, least index sum among 4 "
                                "tied plans)")
    assert len(answers) == 2 and answers[-1] == "infeasible"


def test_fallback_gets_only_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    limits: list[float] = []

    def slow_failure(*args: object, **kwargs: object) -> so.MipOutcome:
        time.sleep(0.3)
        raise so.SolverError("scip failed: simulated")

    def recorded(*args: object, **kwargs: object) -> so.MipOutcome:
        limits.append(float(kwargs["time_limit"]))  # type: ignore[arg-type]
        return so.MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 0.0)

    monkeypatch.setattr(so, "run_scip", slow_failure)
    monkeypatch.setattr(so, "run_mip", recorded)
    so.solve_mip(three_choose_two(), WEIGHTS, solver="scip", time_limit=1.0)
    assert len(limits) == 1 and 0.5 < limits[0] <= 0.7
    out = so.solve_mip(three_choose_two(), WEIGHTS, solver="scip", time_limit=0.2)
    assert out.status == "unknown" and len(limits) == 1  # no time left: no second solver


def test_size_weight_exceeds_every_index_sum() -> None:
    ranks = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    # at most three options fit (unit costs, cap 3): K = 5 + 4 + 3 + 1
    assert tb.size_weight(ranks, np.ones(5), 3.0) == 13.0
    # one option is free, so four fit: K = 5 + 4 + 3 + 2 + 1
    assert tb.size_weight(ranks, np.array([0.0, 1.0, 1.0, 1.0, 1.0]), 3.0) == 15.0
    # values beyond SIZE_WEIGHT_MAX: the two stages run one after the other
    assert tb.size_weight(np.full(5, 1e6), np.ones(5), 5.0) is None


def test_fewest_options_beat_a_smaller_index_sum_in_one_mip(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # rows a, b; options 0 {a} and 1 {b} cost 1 each, option 2 {a, b} costs 2; budget 2.
    # {0, 1} and {2} tie (objective 2, cost 2): fewest options wins although {0, 1} has the
    # smaller index sum (1 < 2). The full-coverage stage finds the least cost, then one MIP
    # (size weight K = 3 + 2 + 1 over ranks 1..3) settles size and index sum.
    problem = CoverageProblem(coverage=np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
                              weights=[1, 1], costs=[1, 1, 2], budget=2)
    assert winners(problem) == [(2,)]
    calls: list[str] = []
    real = tb.solve_mip

    def counted(*args: object, **kwargs: object) -> so.MipOutcome:
        calls.append("mip")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tb, "solve_mip", counted)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [2] and result.objective == 2.0
    assert result.tie_break == "exact (least cost, fewest options, least index sum)"
    one_mip = len(calls)
    # the same plan from the two stages, one MIP more
    monkeypatch.setattr(tb, "SIZE_WEIGHT_MAX", 0.0)
    calls.clear()
    assert solve(problem, 10.0).chosen.tolist() == [2]
    assert len(calls) == one_mip + 1

