"""The optimum and the tie-break's winner in one MIP (``_opt_tiebreak.lexicographic``)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from planner import optimize
from planner._opt_tiebreak import objective_granularity
from planner.optimize import LEXICOGRAPHIC, CoverageProblem, solve
from tests.test_optimize import winners


@pytest.mark.parametrize(("coefficients", "offset", "step"), [
    ([1.0, 2.0, 7.0], 0.0, 1.0), ([0.25, 0.5, 3.0], 0.0, 0.25), ([0.1, 0.3], 0.0, 0.1),
    ([1.0, 2.0], 0.5, 0.5), ([1 / 3], 0.0, None), ([1e-3, 1.0], 0.0, None),
    ([12.0, 0.75], 3.25, 0.25),
])
def test_objective_granularity(coefficients: list[float], offset: float,
                               step: float | None) -> None:
    found = objective_granularity(np.array([0.0, *coefficients]), offset)
    if step is None:
        assert found is None
    else:
        assert found is not None and found[0] == pytest.approx(step)
        assert found[1] < 1e-12  # (on the grid up to the floats' rounding)


def test_coefficients_just_off_the_grid_are_measured() -> None:
    # 1e6 + 5e-4 passes as whole to 1e-9, but is 5e-4 off the grid: reported, so that the
    # one-MIP path can refuse to weigh it by its large M
    found = objective_granularity(np.array([1e6, 1e6 + 5e-4, 3.0]), 0.0)
    assert found is not None and found[0] == 1.0
    assert found[1] == pytest.approx(5e-4, rel=1e-6)


def cardinality_problem(seed: int, n_rows: int = 40, n_options: int = 16,
                        budget: int = 6) -> CoverageProblem:
    """Unit costs, whole weights, graded values in quarters: ties are common."""
    rng = np.random.default_rng(seed)
    a = np.zeros((n_rows, n_options))
    for j in range(n_options):
        rows = rng.choice(n_rows, size=int(rng.integers(5, 12)), replace=False)
        a[rows, j] = rng.choice([0.25, 0.5, 1.0], size=len(rows))
    return CoverageProblem(coverage=sp.csc_matrix(a), weights=rng.integers(1, 5, n_rows),
                           costs=np.ones(n_options), budget=budget)


@pytest.mark.usefixtures("mip_path")
def test_one_mip_gives_the_rules_winner_as_enumeration_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the one-MIP path serves deep plans (more than SHALLOW_PLAN_OPTIONS options); lowered here
    # so that enumeration can check the answers (plans of 6 of 16 options)
    monkeypatch.setattr(optimize, "SHALLOW_PLAN_OPTIONS", 2)
    used = 0
    for seed in range(16):
        problem = cardinality_problem(seed)
        result = solve(problem, 30.0)
        assert result.status == "optimal"
        expected = winners(problem)
        assert expected is not None and tuple(result.chosen.tolist()) in expected, seed
        used += result.tie_break == LEXICOGRAPHIC
        # the same plan as the proof MIP and the tie-break's stages give
        with monkeypatch.context() as off:
            off.setattr(optimize, "lexicographic", lambda *a, **k: None)
            two = solve(problem, 30.0)
        assert two.tie_break != LEXICOGRAPHIC
        assert two.chosen.tolist() == result.chosen.tolist()
        assert two.objective == result.objective
    assert used >= 4  # (the others: an LP optimum that is a plan, or a unique optimum)


@pytest.mark.usefixtures("mip_path")
def test_one_mip_is_not_used_where_it_cannot_be_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    # weights in thirds (no granularity) and costs that differ (least cost is not fewest
    # options): the proof MIP and the stages run as before
    monkeypatch.setattr(optimize, "SHALLOW_PLAN_OPTIONS", 2)
    base = cardinality_problem(1)
    assert solve(base, 30.0).tie_break == LEXICOGRAPHIC
    thirds = CoverageProblem(coverage=base.coverage, weights=np.asarray(base.weights) / 3,
                             costs=base.costs, budget=base.budget)
    costs = CoverageProblem(coverage=base.coverage, weights=base.weights,
                            costs=np.linspace(1.0, 1.5, 16), budget=7.5)
    for problem in (thirds, costs):
        result = solve(problem, 30.0)
        assert result.status == "optimal" and result.tie_break != LEXICOGRAPHIC
        expected = winners(problem)
        assert expected is not None and tuple(result.chosen.tolist()) in expected


@pytest.mark.usefixtures("mip_path")
def test_an_unverified_answer_falls_back_to_two_mips(monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    # a dual bound 2 below SCIP's answer (as a looser solver might give) does not prove the
    # answer the rule's winner: the proof MIP and the stages decide, and agree with enumeration
    import dataclasses

    from planner import _opt_tiebreak

    monkeypatch.setattr(optimize, "SHALLOW_PLAN_OPTIONS", 2)
    real = _opt_tiebreak.solve_mip
    calls: list[int] = []

    def loose(arrays, objective, **kwargs):  # type: ignore[no-untyped-def]
        out = real(arrays, objective, **kwargs)
        if not calls:
            calls.append(1)
            return dataclasses.replace(out, bound=out.bound - 2.0)
        return out

    monkeypatch.setattr(_opt_tiebreak, "solve_mip", loose)
    problem = cardinality_problem(1)
    with caplog.at_level("INFO", logger="planner._opt_tiebreak"):
        result = solve(problem, 30.0)
    assert calls == [1] and "one-MIP tie-break not verified" in caplog.text
    assert result.status == "optimal" and result.tie_break != LEXICOGRAPHIC
    expected = winners(problem)
    assert expected is not None and tuple(result.chosen.tolist()) in expected


@pytest.mark.usefixtures("mip_path")
def test_a_tie_within_the_window_but_off_the_grid_goes_to_the_two_mips() -> None:
    # (found by review) options 0 and 1 share a mount of one camera and each covers a row of
    # its own, weighted 1e6 and 1e6 + 5e-4: tied within the tie window, so the rule picks option
    # 0 (least index sum); the one MIP had weighed the 5e-4 by its M and picked option 1,
    # labelled exact
    rng = np.random.default_rng(0)
    n, m = 40, 36
    a = np.zeros((m + 2, n))
    a[m, 0] = a[m + 1, 1] = 1.0
    for j in range(2, n):
        a[rng.choice(m, size=3, replace=False), j] = 1.0
    w = np.append(rng.integers(1, 10, m).astype(float), [1_000_000.0, 1_000_000.0005])
    problem = CoverageProblem(coverage=sp.csc_matrix(a), weights=w, costs=np.ones(n), budget=14,
                              groups=np.r_[0, 0, np.arange(1, n - 1)], max_per_group=1)
    result = solve(problem, 60.0)
    assert result.status == "optimal" and result.tie_break != LEXICOGRAPHIC
    assert 0 in result.chosen and 1 not in result.chosen
