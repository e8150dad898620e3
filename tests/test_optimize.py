"""Tests of planner.optimize: hand-checked instances, brute force, determinism, time limits."""

from __future__ import annotations

import dataclasses
import itertools
import logging
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import (
    _opt_cover,
    _opt_greedy,
    _opt_handover,
    _opt_infeasible,
    _opt_large,
    _opt_lp,
    _opt_maxmin,
    _opt_refill,
    optimize,
)
from planner._opt_infeasible import TOGETHER_NODES
from planner._opt_solvers import run_mip
from planner.errors import HeuristicShortError, InfeasibleError, InputError
from planner.optimize import CoverageProblem, SolveResult, solve, validate_plan

# the MIP path, also on instances small enough for enumeration (see tests/test_opt_enum.py)
pytestmark = pytest.mark.usefixtures("mip_path")

TIE_RTOL = 1e-7

#: planner.optimize and the modules its search delegates to (split out of it): a solver call
#: (``run_mip``, ``solve_mip``, ``swap_search``, ``_lp_neighbourhood``) or a threshold
#: (``LARGE_MODEL_VARS``) is looked up in the module that makes it
SEARCH_MODULES = (optimize, _opt_cover, _opt_greedy, _opt_handover, _opt_infeasible, _opt_large,
                  _opt_lp, _opt_maxmin, _opt_refill)


def patch_search(monkeypatch: pytest.MonkeyPatch, name: str, replacement: Any) -> None:
    """Replace the solver call or threshold ``name`` wherever ``solve``'s own modules use it."""
    for module in SEARCH_MODULES:
        if hasattr(module, name):
            monkeypatch.setattr(module, name, replacement)


# --------------------------------------------------------------------------- brute force
def brute_force(problem: CoverageProblem) -> tuple[int, ...] | None:
    """A winning plan by enumeration (the lexicographically smallest of :func:`winners`)."""
    plans = winners(problem)
    return None if plans is None else plans[0]


def winners(problem: CoverageProblem) -> list[tuple[int, ...]] | None:
    """The plans the documented tie-break accepts, by enumeration, or None if none is feasible.

    Among plans within ``TIE_RTOL`` of the optimum: least cost, then fewest options, then least
    index sum; plans equal in all of those are all winners (the solver's search picks one).
    """
    n_demand, n = problem.shape
    a = problem.coverage.toarray()
    w = np.asarray(problem.weights)
    c = np.asarray(problem.costs)
    masks = np.array(list(itertools.product([0, 1], repeat=n)), dtype=bool)
    best = (masks[:, None, :] * a[None, :, :]).max(axis=2) if n else np.zeros((1, n_demand))
    seen = (masks[:, None, :] & (a[None, :, :] > 0)).sum(axis=2)
    pen = np.asarray(problem.penalties) if problem.penalties is not None else np.zeros(n)
    obj = best @ w + problem.backup_bonus * ((seen >= 2) @ w) - masks @ pen
    cost = masks @ c
    ok = cost <= problem.budget * (1 + 1e-9) + 1e-9
    ok &= masks[:, list(problem.required)].all(axis=1) if problem.required else True
    ok &= ~masks[:, list(problem.excluded)].any(axis=1) if problem.excluded else True
    if problem.groups is not None:
        g = np.asarray(problem.groups)
        for group, cap in enumerate(problem.capacity):
            ok &= masks[:, g == group].sum(axis=1) <= cap
        for group in problem.required_groups:
            ok &= masks[:, g == group].any(axis=1)
    for x, y in np.asarray(problem.conflicts):
        ok &= ~(masks[:, x] & masks[:, y])
    if problem.labels is not None:
        labels = np.asarray(problem.labels)
        totals = problem.label_totals
        shares = np.ones((len(masks), len(totals)))
        for lab in range(len(totals)):
            if totals[lab] > 0:
                shares[:, lab] = best[:, labels == lab] @ w[labels == lab] / totals[lab]
        floor = np.asarray(problem.min_share) * np.ones(len(totals))
        ok &= np.all(shares >= floor - 1e-9, axis=1)
        if problem.equity == "maxmin" and ok.any() and len(totals):
            worst = np.where(totals > 0, shares, 1.0).min(axis=1)
            top = worst[ok].max()
            ok &= worst >= top - 1e-9 - 1e-7
    if not ok.any():
        return None
    opt = obj[ok].max()
    tied = ok & (obj >= opt - TIE_RTOL * max(1.0, abs(opt)))
    least = cost[tied].min()
    tied &= cost <= least + 1e-9 * max(1.0, c.sum())
    fewest = masks[tied].sum(axis=1).min()
    tied &= masks.sum(axis=1) == fewest
    plans = sorted((sum(idx), idx) for idx in (tuple(np.flatnonzero(m).tolist())
                                                for m in masks[tied]))
    return [idx for total, idx in plans if total == plans[0][0]]


def objective_of(problem: CoverageProblem, plan: tuple[int, ...]) -> float:
    return validate_plan(problem, list(plan)).objective


def solve_and_check(problem: CoverageProblem) -> SolveResult:
    """``solve`` and assert that it returns a rule's winner worth the brute-force optimum."""
    result = solve(problem, 10.0)
    assert tuple(result.chosen.tolist()) in winners(problem)
    assert result.objective == pytest.approx(objective_of(problem, brute_force(problem)),
                                             abs=1e-9)
    return result


@st.composite
def problems(draw: Any, *, features: bool = True) -> CoverageProblem:
    n = draw(st.integers(1, 10))
    d = draw(st.integers(1, 8))
    values = st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.75, 1.0])
    a = np.array(draw(st.lists(values, min_size=n * d, max_size=n * d))).reshape(d, n)
    w = draw(st.lists(st.integers(0, 5), min_size=d, max_size=d))
    c = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    budget = draw(st.integers(0, max(1, sum(c))))
    opts = st.lists(st.integers(0, n - 1), max_size=2, unique=True)
    kwargs: dict[str, Any] = {"required": draw(opts)}
    if features:
        if draw(st.booleans()):
            kwargs["groups"] = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
            kwargs["max_per_group"] = draw(st.one_of(
                st.integers(1, 2), st.lists(st.integers(0, 2), min_size=4, max_size=4)))
            if draw(st.booleans()):
                present = sorted(set(kwargs["groups"]))
                kwargs["required_groups"] = draw(st.lists(st.sampled_from(present), max_size=2,
                                                          unique=True))
        if draw(st.booleans()) and n >= 2:
            pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                                  .filter(lambda p: p[0] != p[1]), max_size=3))
            kwargs["conflicts"] = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        if draw(st.booleans()):
            kwargs["excluded"] = [j for j in draw(opts) if j not in kwargs["required"]]
        if draw(st.booleans()):
            kwargs["penalties"] = [0.5 * p for p in draw(st.lists(st.integers(0, 2), min_size=n,
                                                                   max_size=n))]
        if draw(st.booleans()):
            kwargs["backup_bonus"] = draw(st.sampled_from([0.5, 1.0]))
        if draw(st.booleans()):
            kwargs["labels"] = draw(st.lists(st.integers(-1, 1), min_size=d, max_size=d))
            if max(kwargs["labels"]) < 0:
                kwargs["labels"][0] = 0
            kwargs["min_share"] = draw(st.sampled_from([0.0, 0.25, 0.5]))
            kwargs["equity"] = draw(st.sampled_from(["hard", "maxmin"]))
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=w, costs=c, budget=budget,
                           **kwargs)


def check_against_brute_force(problem: CoverageProblem, backend: str = "scip") -> None:
    expected = brute_force(problem)
    if expected is None:
        with pytest.raises(InfeasibleError):
            solve(problem, 20.0, backend=backend)  # type: ignore[arg-type]
        return
    result = solve(problem, 20.0, backend=backend)  # type: ignore[arg-type]
    assert result.status == "optimal"
    assert tuple(result.chosen.tolist()) in winners(problem), (result, expected)
    check = validate_plan(problem, result.chosen)
    assert check.feasible, check.problems
    assert result.objective == pytest.approx(check.objective, abs=1e-9)
    assert result.objective == pytest.approx(objective_of(problem, expected), abs=1e-9)
    assert result.bound >= result.objective - 1e-6
    assert result.gap <= 1e-6


# --------------------------------------------------------------------------- hand-checked
def small() -> CoverageProblem:
    a = np.array([[1.0, 0, 0], [0.5, 1, 0], [0, 0.25, 1], [0, 0, 0]])
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=[1, 2, 3, 4], costs=[1, 1, 1],
                           budget=2)


def test_hand_checked_graded_instance() -> None:
    # {0,2}: 1 + 2*0.5 + 3 = 5; {1,2}: 0 + 2 + 3 = 5; {0,1}: 1 + 2 + 0.75 = 3.75
    result = solve(small(), 10.0)
    assert result.objective == 5.0
    assert result.chosen.tolist() == [0, 2]  # tie with {1, 2}: same cost and size, lower index
    assert result.status == "optimal" and result.gap == 0.0
    assert result.cost == 2.0
    assert isinstance(result, SolveResult)


def test_binary_maximal_covering_textbook() -> None:
    # 0/1 matrix, unit costs, p = 2: sites {0, 3} cover rows 0-4 -> weight 15 of 16
    a = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 1], [0, 0, 0, 1],
                  [0, 1, 1, 0]])
    problem = CoverageProblem(coverage=a, weights=[5, 1, 2, 3, 4, 1], costs=np.ones(4), budget=2)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0, 3]
    assert result.objective == 15.0


def test_required_option_counts_and_costs() -> None:
    problem = CoverageProblem(coverage=small().coverage, weights=[1, 2, 3, 4], costs=[1, 1, 1],
                              budget=2, required=[1])
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [1, 2]
    assert result.objective == 5.0


def test_greedy_backend_is_feasible_with_valid_bound() -> None:
    result = solve(small(), 10.0, backend="greedy")
    assert result.status == "feasible"
    assert result.backend == "greedy"
    assert result.objective <= result.bound + 1e-9
    assert result.bound >= 5.0 - 1e-9


def test_cpsat_backend_agrees() -> None:
    result = solve(small(), 10.0, backend="cpsat", workers=2)
    assert result.chosen.tolist() == [0, 2]
    assert result.status == "optimal"


def test_compact_model_without_reductions_agrees() -> None:
    full = solve(small(), 10.0)
    plain = solve(small(), 10.0, reductions=False)
    assert plain.objective == full.objective
    assert plain.chosen.tolist() == full.chosen.tolist()


def test_reductions_logged_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    # rows 0 and 1 identical, row 2 uncovered; option 2 covers nothing; option 3 dominated by 0
    a = np.array([[1, 0, 0, 0.5], [1, 0, 0, 0.5], [0, 0, 0, 0], [0.5, 1, 0, 0.25]])
    problem = CoverageProblem(coverage=a, weights=[1, 1, 1, 1], costs=[1, 1, 1, 1], budget=1)
    with caplog.at_level(logging.INFO, logger="planner._opt_reduce"):
        result = solve(problem, 10.0)
    assert result.reduction["rows_covered"] == 3
    assert result.reduction["rows_merged"] == 2
    assert result.reduction["options_useful"] == 3
    assert result.reduction["options_kept"] == 2
    assert "reduced: rows 4 -> 3 covered -> 2 merged" in caplog.text
    assert result.chosen.tolist() == [0] and result.objective == 2.5


def test_zero_cost_useless_option_not_chosen() -> None:
    a = np.array([[1.0, 0.0]])
    problem = CoverageProblem(coverage=a, weights=[1], costs=[1, 0], budget=1)
    assert solve(problem, 10.0).chosen.tolist() == [0]


def test_every_option_useless_is_proven_without_a_first_order_lp(
        capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    # (a random cross-check's instance) the one covered row weighs nothing: no option is worth
    # keeping, the model has no variables, and its LP's empty reduced costs had been taken for
    # an unfinished LP: PDLP then ran on the empty model and OR-Tools printed "constraint_matrix
    # must be in compressed format" to stdout
    a = np.zeros((5, 3))
    a[2, 2] = 1.0
    problem = CoverageProblem(coverage=a, weights=[4, 2, 0, 1, 5], costs=[1, 1, 1], budget=1,
                              groups=[0, 0, 0], backup_bonus=0.25)
    with caplog.at_level(logging.INFO, logger="planner"):
        result = solve(problem, 10.0)
    assert result.chosen.tolist() == [] and result.objective == 0.0 == result.bound
    assert result.status == "optimal" and result.stopped_by == "proof"
    assert result.reduction["options_kept"] == 0
    assert "pdlp" not in caplog.text
    assert "compressed" not in capfd.readouterr().out


def test_dominated_identical_options_keep_lowest_index() -> None:
    a = np.array([[0, 1, 1], [0, 0.5, 0.5]])
    problem = CoverageProblem(coverage=a, weights=[1, 1], costs=[1, 1, 1], budget=1)
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [1]
    assert result.reduction["options_kept"] == 1


def test_cheaper_tied_plan_preferred() -> None:
    a = np.array([[1.0, 1.0]])
    problem = CoverageProblem(coverage=a, weights=[1], costs=[2, 1], budget=5)
    assert solve(problem, 10.0, reductions=False).chosen.tolist() == [1]


def test_tied_plans_least_index_sum_wins() -> None:
    # rows a, b, c, d; options 0 {a, b}, 1 {a, c}, 2 {b, d}, 3 {a}, 4 {c, d}; two cameras.
    # {0, 4} and {1, 2} both see all four rows at the same cost and size; {1, 2} has the smaller
    # index sum (3 < 4), although {0, 4} comes first lexicographically.
    a = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 0, 0], [0, 1, 0, 0, 1], [0, 0, 1, 0, 1]], float)
    problem = CoverageProblem(coverage=a, weights=[1, 1, 1, 1], costs=np.ones(5), budget=2)
    assert winners(problem) == [(1, 2)]
    for kwargs in ({}, {"reductions": False}, {"backend": "cpsat", "workers": 2}):
        result = solve(problem, 10.0, **kwargs)  # type: ignore[arg-type]
        assert result.chosen.tolist() == [1, 2], kwargs
        assert result.objective == 4.0
        if not kwargs:  # every row seen, unit costs: the full-coverage stage settles it all
            assert result.tie_break == "exact (least cost, fewest options, least index sum)"


# --------------------------------------------------------------------------- integral LP
def test_integral_lp_optimum_is_the_plan_without_a_mip(monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    # rows a-d weigh 4, 3, 2, 1; options 0 {a, b}, 1 {b, c}, 2 {c, d}, 3 {a}; two cameras and a
    # fifth row (weight 1) only option 4 sees, which costs more than the budget. The LP optimum
    # is {0, 2} at 0/1 (worth 10, every coverable row but e), so SCIP's MIP never runs
    caplog.set_level(logging.INFO, logger="planner")
    a = np.array([[1, 0, 0, 1, 0], [1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 0, 0],
                  [0, 0, 0, 0, 1]], float)
    problem = CoverageProblem(coverage=a, weights=[4, 3, 2, 1, 1], costs=[1, 1, 1, 1, 3],
                              budget=2)
    assert winners(problem) == [(0, 2)]
    mips: list[str] = []
    real = optimize.solve_mip

    def counted(*args: Any, **kwargs: Any) -> Any:
        mips.append("mip")
        return real(*args, **kwargs)

    patch_search(monkeypatch, "solve_mip", counted)
    for tie_break in (True, False):
        result = solve(problem, 10.0, tie_break=tie_break)
        assert result.chosen.tolist() == [0, 2]
        assert (result.objective, result.bound, result.status) == (10.0, 10.0, "optimal")
    assert mips == []
    assert "LP optimum is integral: a plan of 2 options worth the LP bound 10" in caplog.text


# --------------------------------------------------------------------------- full coverage
def four_rows_covers() -> CoverageProblem:
    """Rows a, b, c, d; options 0 {a, b, c, d} cost 3, 1 {a, b} 1, 2 {c, d} 1, 3 {a, c} 1,
    4 {b, d} 1.2; budget 5. Covers: {0} costs 3, {3, 4} 2.2, {1, 2} 2 (the least)."""
    a = np.array([[1, 1, 0, 1, 0], [1, 1, 0, 0, 1], [1, 0, 1, 1, 0], [1, 0, 1, 0, 1]], float)
    return CoverageProblem(coverage=a, weights=[1, 2, 3, 4], costs=[3, 1, 1, 1, 1.2], budget=5)


@pytest.mark.parametrize("tie_break", [True, False])
def test_full_coverage_stage_returns_the_least_cost_cover(
        tie_break: bool, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="planner")
    problem = four_rows_covers()
    assert winners(problem) == [(1, 2)]
    result = solve(problem, 10.0, tie_break=tie_break)
    assert result.chosen.tolist() == [1, 2]
    assert (result.objective, result.bound, result.cost) == (10.0, 10.0, 2.0)
    assert result.status == "optimal" and result.gap == 0.0
    assert "full-coverage stage: plan of 2 options reaches the trivial bound 10 at cost 2" \
        in caplog.text
    assert result.tie_break == ("exact (least cost, fewest options, least index sum)"
                                if tie_break else "off")


def test_full_coverage_stage_falls_back_to_the_mip_when_no_cover_fits(
        caplog: pytest.LogCaptureFixture) -> None:
    # rows a, b, c; options {a, b}, {b, c}, {a, c} at unit cost, budget 1.5: the LP takes each
    # option at 1/2 and sees every row (3 = the trivial bound), but a plan holds one option (2)
    caplog.set_level(logging.INFO, logger="planner")
    a = np.array([[1, 0, 1], [1, 1, 0], [0, 1, 1]], float)
    problem = CoverageProblem(coverage=a, weights=[1, 1, 1], costs=[1, 1, 1], budget=1.5)
    assert winners(problem) == [(0,)]
    result = solve(problem, 10.0)
    assert result.chosen.tolist() == [0]
    assert result.objective == 2.0 and result.bound == pytest.approx(2.0)
    assert "full-coverage stage: infeasible" in caplog.text


def test_generous_budgets_equal_brute_force(caplog: pytest.LogCaptureFixture) -> None:
    # budgets near the cost of a cover, so that the LP often reaches the trivial bound: the
    # full-coverage stage (or its fallback to the MIP) must give the rule's winner every time
    caplog.set_level(logging.INFO, logger="planner")
    rng = np.random.default_rng(7)
    paths = {"cover": 0, "fallback": 0, "settled": 0, "before LP": 0}
    for k in range(40):
        if k % 2:  # graded values, costs 0-3
            n, d = int(rng.integers(3, 9)), int(rng.integers(2, 7))
            a = rng.choice([0.0, 0.0, 0.5, 1.0], size=(d, n))
            costs = rng.integers(0, 4, n).astype(float)
            budget = float(rng.integers(1, max(2, int(costs.sum()) + 1)))
        else:  # options are edges between rows, d / 2 cameras: on an odd cycle the LP takes
            # every edge at 1/2 and sees all rows where no plan does
            d = int(rng.choice([3, 5]))
            edges = [(i, (i + 1) % d) for i in range(d)] + [
                tuple(rng.choice(d, 2, replace=False)) for _ in range(int(rng.integers(0, 3)))]
            n = len(edges)
            a = np.zeros((d, n))
            for j, (r, t) in enumerate(edges):
                a[[r, t], j] = 1.0
            costs, budget = np.ones(n), d / 2
        problem = CoverageProblem(coverage=a, weights=rng.integers(0, 5, d), costs=costs,
                                  budget=budget)
        caplog.clear()
        solve_and_check(problem)
        paths["cover"] += "reaches the trivial bound" in caplog.text
        paths["fallback"] += "full-coverage stage: infeasible" in caplog.text
        # unit costs: the cover stage itself settles size and index sum (one MIP)
        paths["settled"] += "; fewest options, least index sum)" in caplog.text
        # a packing of disjoint sets fits the budget: the stage runs before the LP
        paths["before LP"] += "the full-coverage stage before the LP" in caplog.text
    assert paths["cover"] >= 10 and paths["fallback"] >= 1 and paths["settled"] >= 3, paths
    assert paths["before LP"] >= 10, paths


# --------------------------------------------------------------------------- input errors
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"weights": [1, -1, 0, 0]}, "weights: negative value -1.0 at index 1"),
        ({"weights": [1, 1]}, r"weights: expected shape \(4,\)"),
        ({"costs": [1, np.nan, 1]}, "costs: 1 NaN"),
        ({"coverage": np.array([[2.0, 0, 0]] * 4)}, r"coverage: 4 values outside \[0, 1\]"),
        ({"coverage": [1, 2]}, "coverage: expected a 2-D"),
        ({"budget": -1}, "budget: expected a number >= 0"),
        ({"required": [3]}, "required: option index 3 out of range 0..2"),
        ({"groups": [0, 1]}, r"groups: expected shape \(3,\)"),
        ({"groups": [0, 0, 1], "max_per_group": [1]}, "max_per_group: expected one capacity"),
        ({"min_share": 0.5}, "min_share: given without labels"),
        ({"labels": [0, 1, 0, 0], "min_share": 1.5}, r"min_share: shares must lie in \[0, 1\]"),
        ({"labels": [0, 0, 0, 0], "equity": "soft"}, "equity: expected one of"),
        ({"conflicts": [[0, 0]]}, "conflicts: a pair names the same option"),
        ({"backup_bonus": -1}, "backup_bonus: expected a finite number"),
        ({"penalties": [0, 0]}, r"penalties: expected shape \(3,\)"),
        # (found by a user audit: a raw TypeError, a limit ignored, booleans read as labels)
        ({"budget": None}, "budget: expected a number >= 0 .*got None"),
        ({"max_per_group": 2}, "max_per_group: 2 given without groups"),
        ({"labels": np.array([True, False, True, True]), "min_share": 0.1},
         "labels: expected integers, got booleans"),
    ],
)
def test_input_errors_name_field_and_value(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {"coverage": small().coverage, "weights": [1, 2, 3, 4],
                            "costs": [1, 1, 1], "budget": 2}
    base.update(kwargs)
    with pytest.raises(InputError, match=match):
        CoverageProblem(**base)


def test_input_errors_are_collected() -> None:
    with pytest.raises(InputError, match=r"weights: .*costs: .*budget: "):
        CoverageProblem(coverage=small().coverage, weights=[1], costs=[1], budget=-2)


@pytest.mark.parametrize("limit", [0, -5, float("nan"), "soon"])
def test_time_limit_must_be_positive_seconds(limit: Any) -> None:
    # NaN had crashed inside the SCIP settings; 0 and -5 had run as 0.05 s
    with pytest.raises(InputError, match=r"time_limit: expected seconds > 0 \(or inf for none\)"):
        solve(small(), limit)


def test_infinite_time_limit_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    # inf and 1e12 had overflowed the solver thread's wait (OverflowError, then an abort); the
    # enumeration shortcut is off so that the MIP, its guard and SCIP see the limit
    monkeypatch.setattr(optimize, "_enumerated", lambda problem, red: None)
    for limit in (float("inf"), 1e12):
        result = solve(small(), limit)
        assert result.status == "optimal" and result.objective == solve(small()).objective


def test_problem_is_frozen_and_read_only() -> None:
    problem = small()
    with pytest.raises(AttributeError):
        problem.budget = 3  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        np.asarray(problem.weights)[0] = 9


# --------------------------------------------------------------------------- infeasible
def test_required_costs_more_than_budget() -> None:
    problem = CoverageProblem(coverage=small().coverage, weights=[1, 2, 3, 4], costs=[1, 2, 3],
                              budget=4, required=[1, 2])
    with pytest.raises(InfeasibleError, match="required: the 2 required options cost 5"):
        solve(problem)


def test_required_violating_group_limit() -> None:
    problem = CoverageProblem(coverage=small().coverage, weights=[1, 2, 3, 4], costs=[1, 1, 1],
                              budget=4, required=[0, 1], groups=[0, 0, 1])
    with pytest.raises(InfeasibleError, match="groups: group 0 has 2 chosen options, capacity 1"):
        solve(problem)


def test_validate_plan_flags_and_strict_raises() -> None:
    problem = CoverageProblem(coverage=small().coverage, weights=[1, 2, 3, 4], costs=[1, 1, 1],
                              budget=1, required=[2], groups=[0, 0, 1])
    check = validate_plan(problem, [0, 1])
    assert not check.feasible
    assert [p.split(":")[0] for p in check.problems] == ["budget", "required", "groups"]
    assert check.cost == 2.0 and check.objective == 1 + 2 + 0.75
    with pytest.raises(InfeasibleError, match="plan breaks: budget"):
        validate_plan(problem, [0, 1], strict=True)
    with pytest.raises(InputError, match="out of range"):
        validate_plan(problem, [5])


# --------------------------------------------------------------------------- properties
@settings(max_examples=160, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solve_equals_brute_force(problem: CoverageProblem) -> None:
    check_against_brute_force(problem)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(features=False))
def test_plain_budgeted_instances_equal_brute_force(problem: CoverageProblem) -> None:
    check_against_brute_force(problem)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_cpsat_equals_brute_force(problem: CoverageProblem) -> None:
    check_against_brute_force(problem, backend="cpsat")


def maxmin_share_tie() -> CoverageProblem:
    # option 0: shares (0, 0.5); option 1: shares (0.25, 0.25); both objective 0.5
    a = np.array([[0.0, 0.25], [0.5, 0.25], [0.0, 0.0], [0.0, 0.0]])
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=[1, 1, 0, 0], costs=[1, 1],
                           budget=1, labels=[0, 1, 0, 0], equity="maxmin")


@pytest.mark.parametrize("backend", ["scip", "cpsat"])
def test_maxmin_share_decides_between_equal_objectives(backend: str) -> None:
    # CP-SAT once treated the share variable as an integer (0 or 1), so its first stage found
    # share 0, both plans tied and the lower index won: (0,) instead of (1,)
    problem = maxmin_share_tie()
    assert brute_force(problem) == (1,)
    result = solve(problem, 10.0, backend=backend, workers=2)  # type: ignore[arg-type]
    assert result.chosen.tolist() == [1]
    assert result.objective == 0.5
    assert result.min_share == 0.25
    assert result.status == "optimal"


def test_cpsat_maxmin_share_finer_than_its_share_step(monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    # smallest shares 0.5000001 (option 0, higher objective) and 0.50000035 (option 1) fall in
    # the same CP-SAT share step (1e-6); its first stage may return either, so force option 0
    # there: the share must still end at option 1's
    a = np.array([[1.0, 0.75], [1.0, 0.5], [0.0, 1.0], [0.0, 0.0]])
    problem = CoverageProblem(coverage=a, weights=[1e7, 5000001, 2500003, 2499996],
                              costs=[1, 1], budget=1, labels=[0, 1, 1, 1], equity="maxmin")
    assert brute_force(problem) == (1,)
    calls: list[int] = []

    def first_stage_takes_option_0(arrays: Any, objective: Any, **kwargs: Any) -> Any:
        if not calls:
            lb, ub, integer, matrix, row_lb, row_ub = arrays
            ub = ub.copy()
            ub[1] = 0.0  # option 1 (the reduced model keeps both options, in order)
            arrays = (lb, ub, integer, matrix, row_lb, row_ub)
        calls.append(1)
        return run_mip(arrays, objective, **kwargs)

    patch_search(monkeypatch, "run_mip", first_stage_takes_option_0)
    with caplog.at_level(logging.INFO, logger="planner"):
        result = solve(problem, 10.0, backend="cpsat", workers=2)
    assert "max-min share raised from 0.5000001 to 0.50000035" in caplog.text
    assert result.chosen.tolist() == [1]
    assert result.min_share == pytest.approx(0.50000035, abs=1e-12)
    assert result.objective == 12500003.5


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_compact_model_equals_brute_force(problem: CoverageProblem) -> None:
    expected = brute_force(problem)
    if expected is None:
        return
    result = solve(problem, 20.0, reductions=False)
    assert tuple(result.chosen.tolist()) in winners(problem)
    assert result.objective == pytest.approx(objective_of(problem, expected), abs=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_greedy_is_feasible_and_bounded(problem: CoverageProblem) -> None:
    expected = brute_force(problem)
    if expected is None or problem.labels is not None:
        return
    try:
        result = solve(problem, 10.0, backend="greedy")
    except HeuristicShortError:
        # greedy gives each required group its best option per cost, or else its cheapest: a
        # heuristic that can miss the one combination that fits
        assert problem.required_groups
        return
    assert validate_plan(problem, result.chosen).feasible
    assert result.objective <= objective_of(problem, expected) + 1e-9 <= result.bound + 1e-6


# --------------------------------------------------------------------------- determinism, time
def random_camera_problem(seed: int, n_demand: int, n_options: int, budget: float
                          ) -> CoverageProblem:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 100, (n_demand, 2))
    sites = rng.uniform(0, 100, (n_options, 2))
    dist = np.linalg.norm(pts[:, None, :] - sites[None, :, :], axis=2)
    a = np.select([dist < 5, dist < 10, dist < 15], [1.0, 0.5, 0.25], 0.0)
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=rng.integers(1, 4, n_demand),
                           costs=rng.integers(1, 3, n_options), budget=budget)


def test_deterministic_including_ties() -> None:
    # duplicated columns make many tied optima
    base = random_camera_problem(3, 300, 40, 8)
    a = sp.hstack([base.coverage, base.coverage], format="csr")
    problem = CoverageProblem(coverage=a, weights=base.weights,
                              costs=np.concatenate([base.costs, base.costs]), budget=8)
    first = solve(problem, 30.0)
    again = solve(problem, 30.0)
    plain = solve(problem, 30.0, reductions=False)
    assert first.chosen.tolist() == again.chosen.tolist() == plain.chosen.tolist()
    assert first.chosen.max() < 40  # copies (higher indices) never win ties
    assert first.tie_break.startswith("exact")


def test_cpsat_plans_equal_in_every_tie_key_are_told_apart_the_same_way_each_run() -> None:
    # six options, each its own point, one unit each, budget 2, five conflicting pairs: ten
    # pairs tie at 2, too many to list, so the stage MIPs decide; (0, 3) and (1, 2) are equal in
    # cost, size and index sum, and the rule leaves them to the solver's search. CP-SAT's
    # parallel workers (8, the default) had returned either from run to run (4 of 20 runs
    # (1, 2)); with the tie-break's stages on one worker, without a hint, it gives one plan
    conflicts = np.array([[0, 1], [0, 2], [1, 4], [2, 3], [2, 4]])
    problem = CoverageProblem(coverage=sp.identity(6, format="csr"), weights=np.ones(6),
                              costs=np.ones(6), budget=2, conflicts=conflicts)
    assert winners(problem) == [(0, 3), (1, 2)]
    plans = {tuple(solve(problem, 10.0, backend="cpsat").chosen.tolist()) for _ in range(40)}
    assert len(plans) == 1, plans
    assert plans <= {(0, 3), (1, 2)}


def test_time_limit_returns_best_plan_with_bound() -> None:
    problem = random_camera_problem(5, 4000, 400, 25)
    result = solve(problem, 0.3, reductions=False)
    assert result.solve_time_s < 0.3 + 3.0
    assert validate_plan(problem, result.chosen).feasible
    assert result.bound >= result.objective
    assert result.status in ("optimal", "feasible")
    if result.status == "feasible":
        assert result.gap == pytest.approx((result.bound - result.objective) / result.bound)



@pytest.mark.parametrize("costs, penalties", [([1, 1], [1e-9, 0.0]), ([1, 1 - 1e-12], None)])
def test_dominance_keeps_a_tied_lower_index_option(costs: list[float],
                                                   penalties: list[float] | None) -> None:
    # options 0 and 1 see the same row; option 1 is better by less than the tie tolerances
    # (penalty 1e-9 lower, or cost 1e-12 lower), so the plans tie and the lower index wins: the
    # reductions must not drop option 0 as dominated by option 1
    problem = CoverageProblem(coverage=np.array([[1.0, 1.0]]), weights=[1], costs=costs,
                              budget=1, penalties=penalties)
    assert winners(problem) == [(0,)]
    for kwargs in ({}, {"reductions": False}):
        assert solve(problem, 10.0, **kwargs).chosen.tolist() == [0], kwargs  # type: ignore[arg-type]


def test_lp_neighbourhood_before_the_mip_equals_brute_force(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # every plan counts as deep and any gap sends it to the LP neighbourhood first: its plan
    # (and, when it is worth the LP bound, the skipped MIP) must still give the rule's winner
    monkeypatch.setattr(optimize, "SHALLOW_PLAN_OPTIONS", 0)
    monkeypatch.setattr(optimize, "NEIGHBOURHOOD_GAP", 0.0)
    caplog.set_level(logging.INFO, logger="planner")
    rng = np.random.default_rng(11)
    paths = {"neighbourhood": 0, "no MIP": 0}
    for k in range(80):
        if k % 2:  # graded values, costs 1-3, up to half the total cost
            n, d = int(rng.integers(4, 11)), int(rng.integers(3, 9))
            a = rng.choice([0.0, 0.0, 0.0, 0.25, 0.5, 1.0], size=(d, n))
            costs = rng.integers(1, 4, n).astype(float)
            budget = float(rng.integers(1, max(2, int(costs.sum()) // 2)))
        else:  # sparser, costs 1-2, budgets 2-5
            n, d = int(rng.integers(6, 11)), int(rng.integers(6, 12))
            a = rng.choice([0.0, 0.0, 0.0, 0.5, 1.0], size=(d, n))
            costs = rng.integers(1, 3, n).astype(float)
            budget = float(rng.integers(2, 6))
        problem = CoverageProblem(coverage=a, weights=rng.integers(1, 6, d), costs=costs,
                                  budget=budget)
        caplog.clear()
        solve_and_check(problem)
        paths["neighbourhood"] += "LP neighbourhood plan" in caplog.text
    assert paths["neighbourhood"] >= 15, paths
    # the LP optimum (23) is fractional, the neighbourhood's plan {0, 1} is worth 23: no MIP
    a = np.array([[0.5, 0.5, 0, 1, 0, 0.5], [0, 0, 0, 0, 0.5, 0], [1, 0, 1, 1, 1, 0],
                  [1, 0.5, 0.5, 0, 0.5, 0], [0, 1, 0, 0, 0, 0], [0, 1, 1, 0.5, 1, 0],
                  [1, 0.5, 0.5, 1, 0, 1], [0, 0, 0, 0, 0, 0], [0.5, 0, 0, 0.5, 0, 1],
                  [0, 0, 0, 0, 0, 0]])
    problem = CoverageProblem(coverage=a, weights=[4, 5, 5, 5, 5, 3, 1, 4, 4, 3],
                              costs=[1, 2, 1, 2, 1, 1], budget=3)
    caplog.clear()
    result = solve(problem, 10.0)
    assert winners(problem) == [(0, 1)]
    assert result.chosen.tolist() == [0, 1] and result.objective == 23.0 == result.bound
    assert "LP-neighbourhood plan is worth the LP bound 23: no MIP" in caplog.text


@pytest.mark.parametrize("shallow", [False, True])
def test_plans_with_one_cost_drop_knapsack_cuts_and_equal_brute_force(
        monkeypatch: pytest.MonkeyPatch, shallow: bool) -> None:
    # every plan counts as deep (or as shallow): with one cost for every option (a cardinality
    # budget) the MIP runs without Gomory and aggregation cuts, with costs that differ it keeps
    # them (shallow plans had dropped them whatever the costs: a town of 36 mounts ran into the
    # 60 s limit at gap 1.5 %, proven in 5.7 s with them); both give the rule's winner
    monkeypatch.setattr(optimize, "SHALLOW_PLAN_OPTIONS", 10**6 if shallow else 0)
    # (the proof MIP's settings: one-cost plans would otherwise mostly take the one-MIP path of
    # tests/test_opt_lexicographic.py, which has the same cut settings)
    monkeypatch.setattr(optimize, "lexicographic", lambda *a, **k: None)
    # (and SCIP's: small models' LPs are often more than 2 % above the plan, see _opt_handover)
    monkeypatch.setattr(_opt_handover, "HANDOVER_LP_GAP", float("inf"))
    settings_of: list[str] = []
    real = optimize.solve_mip

    def recording(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("maximize", True) and kwargs.get("cutoff") is None:
            settings_of.append(kwargs.get("scip_extra", ""))
        return real(*args, **kwargs)

    patch_search(monkeypatch, "solve_mip", recording)
    rng = np.random.default_rng(5)
    seen = {True: 0, False: 0}
    for k in range(60):
        n, d = int(rng.integers(6, 11)), int(rng.integers(6, 12))
        a = rng.choice([0.0, 0.0, 0.0, 0.5, 1.0], size=(d, n))
        one_cost = k % 2 == 0
        costs = np.full(n, 2.0) if one_cost else rng.integers(1, 4, n).astype(float)
        budget = float(rng.integers(2, 9))
        problem = CoverageProblem(coverage=a, weights=rng.integers(1, 6, d), costs=costs,
                                  budget=budget)
        settings_of.clear()
        solve_and_check(problem)
        for extra in settings_of:  # the plan's MIP (none when the LP or a stage settled it)
            assert (optimize.NO_KNAPSACK_CUTS in extra) == one_cost, extra
            assert ("branching/mostinf/priority = 100000" in extra) == shallow, extra
            seen[one_cost] += 1
    assert seen[True] >= 8 and seen[False] >= 10, seen


@pytest.mark.parametrize("mode", ["hard", "maxmin"])
def test_unreachable_floor_is_told_by_the_lp_before_any_mip(monkeypatch: pytest.MonkeyPatch,
                                                          mode: str) -> None:
    # greedy cannot reach the shares and the LP relaxation cannot either: InfeasibleError from
    # GLOP in seconds (Katrineholm, 500,000 SEK, share 0.05: the max-min stage had run into the
    # 120 s limit and ended in a SolverError, exit 1), naming the area that falls short
    def no_mip(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a MIP ran")

    def lp_only(*args: Any, **kwargs: Any) -> Any:
        # (but the diagnosis' MIP of a small model, of a few nodes, whether any budget meets
        # the shares: no search)
        if kwargs["solver"] != "glop" and kwargs.get("node_limit") != TOGETHER_NODES:
            raise AssertionError("a MIP ran")
        return run_mip(*args, **kwargs)

    patch_search(monkeypatch, "solve_mip", no_mip)
    patch_search(monkeypatch, "run_mip", lp_only)
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    problem = CoverageProblem(coverage=a, weights=[1.0, 1.0, 2.0], costs=[1, 1, 1], budget=1,
                              labels=[0, 1, 1], min_share=0.5, equity=mode)
    with pytest.raises(InfeasibleError, match="no plan within budget 1 meets min_share") as info:
        solve(problem, 10.0)
    assert info.value.requirement == "equity_budget"
    # each area reaches its share alone (option 0, option 2), not both within the budget
    assert (info.value.labels, info.value.reach) == ((), ())


def test_maxmin_stage_stopped_by_the_time_limit_keeps_the_share_it_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # three options of one mount each, budget 1; areas 0 (row 0, weight 3) and 1 (rows 1, 2):
    #   option 0: objective 3,    shares (1, 0)       smallest 0
    #   option 1: objective 2.5,  shares (0.5, 0.5)   smallest 0.5 (the max-min plan)
    #   option 2: objective 1.75, shares (0.25, 0.5)  smallest 0.25
    a = np.array([[1.0, 0.5, 0.25], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    problem = CoverageProblem(coverage=sp.csr_matrix(a), weights=[3, 1, 1], costs=[1, 1, 1],
                              budget=1, labels=[0, 1, 1], equity="maxmin")
    assert brute_force(problem) == (1,)
    calls: list[int] = []

    def stage_one_stops_at_option_2(arrays: Any, objective: Any, **kwargs: Any) -> Any:
        # stage 1 as if the time limit stopped it with option 2's plan (share 0.25)
        if calls or kwargs.get("relax"):
            return run_mip(arrays, objective, **kwargs)
        calls.append(1)
        lb, ub, integer, matrix, row_lb, row_ub = arrays
        ub = ub.copy()
        ub[[0, 1]] = 0.0
        out = run_mip((lb, ub, integer, matrix, row_lb, row_ub), objective, **kwargs)
        assert out.status == "optimal"
        return dataclasses.replace(out, status="feasible")

    patch_search(monkeypatch, "run_mip", stage_one_stops_at_option_2)
    result = solve(problem, 10.0)
    assert calls == [1]
    # stage 2 keeps the share stage 1 found: option 1, not the plain optimum, option 0, whose
    # smallest share is 0 (stage 1's plan had been thrown away and the hard shares kept)
    assert result.chosen.tolist() == [1]
    assert result.min_share == 0.5 and result.objective == 2.5
    # unproven: stage 1 did not show that no plan has a larger share
    assert (result.status, result.stopped_by) == ("feasible", "time limit")


def _random_cover(seed: int, n_rows: int = 400, n_options: int = 80) -> CoverageProblem:
    rng = np.random.default_rng(seed)
    a = sp.random(n_rows, n_options, density=0.05, random_state=seed, format="csc")
    a.data = rng.choice([0.25, 0.5, 1.0], size=a.nnz)
    return CoverageProblem(coverage=a, weights=rng.integers(1, 20, n_rows).astype(float),
                           costs=np.ones(n_options), budget=12)


def test_gap_limit_stops_within_the_gap_and_says_so() -> None:
    problem = _random_cover(3)
    exact = solve(problem, 60.0)
    assert (exact.status, exact.stopped_by) == ("optimal", "proof")
    quick = solve(problem, 60.0, gap=0.2)
    assert (quick.status, quick.stopped_by) == ("feasible", "gap limit")
    assert quick.tie_break == "not applied (gap limit)"
    assert quick.bound >= exact.objective - 1e-9  # a valid bound ...
    assert quick.objective >= (1 - 0.2) * quick.bound - 1e-9  # ... that the plan is within
    assert validate_plan(problem, quick.chosen).objective == pytest.approx(quick.objective)
    again = solve(problem, 60.0, gap=0.2)  # reproducible
    assert again.chosen.tolist() == quick.chosen.tolist()


@pytest.mark.parametrize("gap", [-0.1, 0.5, float("nan"), "x"])
def test_gap_must_be_a_relative_gap(gap: Any) -> None:
    with pytest.raises(InputError, match=r"^gap: expected a relative gap in \[0, 0\.5\)"):
        solve(_random_cover(1, 20, 5), 10.0, gap=gap)


def test_gap_limit_on_a_large_model_skips_the_neighbourhood_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a model above LARGE_MODEL_VARS ends after the LP neighbourhood; when greedy's plan is
    # within the gap already, it ends before it (Katrineholm at 3 %: 10 s instead of 22 s)
    patch_search(monkeypatch, "LARGE_MODEL_VARS", 10)
    monkeypatch.setattr(_opt_large, "LARGE_RETRY_GAP", float("inf"))
    problem = _random_cover(3)
    searched = solve(problem, 60.0)
    assert searched.stopped_by == "work limit"
    assert searched.tie_break.startswith("not applied (large model: best plan of the LP ")
    refills: list[object] = []
    monkeypatch.setattr(_opt_large, "_refilled",
                        lambda *args: refills.append(args) or _opt_refill.Refilled(args[2], 0,
                                                                                    False))
    quick = solve(problem, 60.0, gap=0.2)
    assert refills == []  # (nor the rounds of perturb and refill: a quick what-if stays quick)
    assert (quick.status, quick.stopped_by) == ("feasible", "gap limit")
    assert quick.tie_break.startswith("not applied (gap limit: greedy's plan")
    assert quick.objective >= (1 - 0.2) * quick.bound - 1e-9
    assert quick.objective <= searched.objective + 1e-9 <= quick.bound + 1e-9


def test_gap_limit_needs_a_bound() -> None:
    # without the reductions there is no LP bound (inf): "inf - v <= gap * inf" had passed and
    # greedy's plan came back as "gap limit" 29 % below the optimum
    problem = _random_cover(5, 300, 40)
    result = solve(problem, 60.0, gap=0.01, reductions=False)
    assert result.gap <= 0.01 + 1e-9
    exact = solve(problem, 60.0)
    assert result.objective >= (1 - 0.01) * exact.objective - 1e-9
