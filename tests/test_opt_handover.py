"""The plan's MIP handed to CP-SAT first when the LP relaxation is weak (planner._opt_handover).

Deep plans whose LP bound lies more than ``HANDOVER_LP_GAP`` above the incumbent go to CP-SAT
for a share of the time left, then to SCIP from CP-SAT's plan. The tests force the handover on
small instances (every plan deep, every gap above the threshold) and check the plan against
brute force and against the plain SCIP path; the fallback is driven by a CP-SAT stand-in that
stops as at a time limit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings

from planner import _opt_handover, _opt_solvers
from planner import optimize as op
from planner._opt_handover import HANDOVER_BACKEND, plan_mip, relative_lp_gap
from planner._opt_solvers import MipOutcome
from planner.optimize import CoverageProblem, solve
from tests.test_optimize import check_against_brute_force, problems

# the MIP path, also on instances small enough for enumeration (see tests/test_opt_enum.py)
pytestmark = pytest.mark.usefixtures("mip_path")


@pytest.fixture
def handover(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every plan deep and every LP gap wide enough: the plan's MIP goes to CP-SAT first.

    Returns the LP gaps the handover was asked about, in call order.
    """
    monkeypatch.setattr(op, "SHALLOW_PLAN_OPTIONS", 0)
    monkeypatch.setattr(_opt_handover, "HANDOVER_LP_GAP", -1.0)
    gaps: list[float] = []

    def spy(*args: Any, **kwargs: Any) -> tuple[MipOutcome, bool]:
        gaps.append(kwargs["lp_gap"])
        return plan_mip(*args, **kwargs)

    monkeypatch.setattr(op, "plan_mip", spy)
    return gaps


def mixed_costs(seed: int, n_rows: int = 400, n_options: int = 60) -> CoverageProblem:
    """Random graded cover, costs 1-3 and a budget for about 22 options: deep plans.

    Seeds 1 and 3 reach the plan's MIP (the others end earlier: the LP or the full cover settle
    them); their LP gaps are 0.37 % and 0.25 %, so only a forced handover engages.
    """
    rng = np.random.default_rng(seed)
    a = sp.random(n_rows, n_options, density=0.05, random_state=seed, format="csc")
    a.data = rng.choice([0.25, 0.5, 1.0], size=a.nnz)
    return CoverageProblem(coverage=a, weights=rng.integers(1, 20, n_rows).astype(float),
                           costs=rng.integers(1, 4, n_options).astype(float), budget=30)


def test_relative_lp_gap() -> None:
    assert relative_lp_gap(100.0, 97.0) == pytest.approx(0.03)
    assert relative_lp_gap(-50.0, -51.0) == pytest.approx(0.02)  # (penalties: below zero)
    assert relative_lp_gap(float("inf"), 3.0) == 0.0  # no LP bound: SCIP as before
    assert relative_lp_gap(0.0, 0.0) == 0.0


@pytest.mark.parametrize("seed", [1, 3])
def test_handover_gives_the_plan_scip_gives(handover: list[float], seed: int) -> None:
    problem = mixed_costs(seed)
    handed = solve(problem, 60.0)
    assert len(handover) == 1 and 0 < handover[0] < 0.01  # (the real gap, below 2 %)
    assert (handed.backend, handed.status, handed.stopped_by) == (HANDOVER_BACKEND, "optimal",
                                                                  "proof")
    assert handed.tie_break.startswith("exact")
    with pytest.MonkeyPatch.context() as undo:  # the plain SCIP path
        undo.setattr(_opt_handover, "HANDOVER_LP_GAP", 0.02)
        plain = solve(problem, 60.0)
    assert plain.backend == "scip"
    assert handed.chosen.tolist() == plain.chosen.tolist()
    assert handed.objective == plain.objective
    assert solve(problem, 60.0).chosen.tolist() == handed.chosen.tolist()  # the same again


@pytest.mark.usefixtures("handover")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_handover_equals_brute_force(problem: CoverageProblem) -> None:
    check_against_brute_force(problem)


def random_small(rng: np.random.Generator) -> CoverageProblem:
    """A random problem of 9-12 options that often reaches the plan's MIP: graded values, costs
    1-4, a budget for about half of them, and at random mounts, conflicts, penalties, a required
    option and a hard equity share."""
    n, d = int(rng.integers(9, 13)), int(rng.integers(6, 14))
    a = rng.choice([0.0, 0.0, 0.0, 0.25, 0.5, 1.0], size=(d, n))
    costs = rng.integers(1, 5, n).astype(float)
    kwargs: dict[str, Any] = {}
    if rng.random() < 0.4:
        kwargs["groups"], kwargs["max_per_group"] = rng.integers(0, 4, n), int(rng.integers(1, 3))
    if rng.random() < 0.4:
        kwargs["conflicts"] = np.array([rng.choice(n, 2, replace=False) for _ in range(2)])
    if rng.random() < 0.3:
        kwargs["penalties"] = rng.choice([0.0, 0.0, 0.5, 1.0], n)
    if rng.random() < 0.3:
        kwargs["required"] = [int(rng.integers(n))]
    if rng.random() < 0.3:
        kwargs["labels"], kwargs["min_share"] = rng.integers(0, 2, d), 0.25
    return CoverageProblem(coverage=sp.csr_matrix(a), weights=rng.integers(1, 6, d),
                           costs=costs, budget=float(costs.sum() // 2), **kwargs)


@pytest.mark.parametrize("stopped", [False, True])
def test_handover_equals_brute_force_where_it_engages(
        monkeypatch: pytest.MonkeyPatch, handover: list[float], stopped: bool) -> None:
    # most random problems end before the plan's MIP (an integral LP, a full cover): these are
    # drawn until 40 went through the handover (CP-SAT's proof, or SCIP's after CP-SAT stopped)
    if stopped:
        stopped_cpsat(monkeypatch, "feasible")
    rng = np.random.default_rng(2018 + stopped)
    for _ in range(400):
        before = len(handover)
        check_against_brute_force(random_small(rng))
        if len(handover) > before and len(handover) >= 40:
            break
    assert len(handover) >= 40


def stopped_cpsat(monkeypatch: pytest.MonkeyPatch, status: str) -> list[float]:
    """CP-SAT replaced by a run that stops at once, as at a time limit, with ``status``:
    ``"feasible"`` returns the hint it was given, ``"unknown"`` nothing. Returns its time limits.
    """
    limits: list[float] = []

    def stopped(arrays: Any, objective: np.ndarray, **kwargs: Any) -> MipOutcome:
        assert kwargs["solver"] == "cpsat"
        limits.append(kwargs["time_limit"])
        if status == "unknown":
            return MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 0.0)
        hint = kwargs["hint"]
        value = float(objective @ hint + kwargs["offset"])
        return MipOutcome("feasible", hint, value, value * 2 + 10, 0.0)

    monkeypatch.setattr(_opt_handover, "run_mip", stopped)
    return limits


@pytest.mark.parametrize("status", ["feasible", "unknown"])
def test_scip_takes_over_when_cpsat_stops(monkeypatch: pytest.MonkeyPatch,
                                          handover: list[float], status: str) -> None:
    limits = stopped_cpsat(monkeypatch, status)
    problem = mixed_costs(1)
    result = solve(problem, 40.0)
    assert len(limits) == 1 and 15.0 < limits[0] <= 20.0  # half of the time left
    assert (result.backend, result.status, result.stopped_by) == (HANDOVER_BACKEND, "optimal",
                                                                  "proof")
    with pytest.MonkeyPatch.context() as undo:
        undo.setattr(_opt_handover, "HANDOVER_LP_GAP", 0.02)
        assert solve(problem, 40.0).chosen.tolist() == result.chosen.tolist()


@pytest.mark.usefixtures("handover")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_takeover_equals_brute_force(problem: CoverageProblem) -> None:
    with pytest.MonkeyPatch.context() as patch:
        stopped_cpsat(patch, "feasible")
        check_against_brute_force(problem)


# --------------------------------------------------------------------------- plan_mip alone
def outcome(status: str, objective: float, bound: float, marker: float) -> MipOutcome:
    return MipOutcome(status, np.array([marker]), objective, bound, 0.0)


def run_plan_mip(monkeypatch: pytest.MonkeyPatch, cpsat: MipOutcome | None, scip: MipOutcome,
                 lp_gap: float = 0.05) -> tuple[MipOutcome, bool, list[str]]:
    """:func:`plan_mip` with both solvers replaced; returns its answer and the solvers called
    (with the hint SCIP got: ``scip<-hint`` or ``scip<-cpsat``)."""
    called: list[str] = []

    def fake_cpsat(*args: Any, **kwargs: Any) -> MipOutcome:
        called.append("cpsat")
        assert cpsat is not None
        return cpsat

    def fake_scip(*args: Any, **kwargs: Any) -> MipOutcome:
        called.append("scip<-" + ("cpsat" if kwargs["hint"][0] == 7.0 else "hint"))
        return scip

    monkeypatch.setattr(_opt_handover, "run_mip", fake_cpsat)
    monkeypatch.setattr(_opt_handover, "solve_mip", fake_scip)
    arrays: Any = None
    out, handed = plan_mip(arrays, np.ones(1), lp_gap=lp_gap, time_limit=10.0,
                           hint=np.array([1.0]), workers=8, offset=0.0, scip_extra="")
    return out, handed, called


def test_a_tight_lp_stays_with_scip(monkeypatch: pytest.MonkeyPatch) -> None:
    out, handed, called = run_plan_mip(monkeypatch, None, outcome("optimal", 5, 5, 1.0),
                                       lp_gap=0.019)
    assert (called, handed, out.objective) == (["scip<-hint"], False, 5)


def test_strict_tolerances_stay_with_scip(monkeypatch: pytest.MonkeyPatch) -> None:
    # the second attempt after a plan broke a limit: CP-SAT's integer scaling would not help
    with _opt_solvers.strict_tolerances():
        _out, handed, called = run_plan_mip(monkeypatch, None, outcome("optimal", 5, 5, 1.0))
    assert (called, handed) == (["scip<-hint"], False)


def test_cpsat_proof_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    out, handed, called = run_plan_mip(monkeypatch, outcome("optimal", 6, 6, 7.0),
                                       outcome("optimal", 5, 5, 1.0))
    assert (called, handed, out.status, out.objective) == (["cpsat"], True, "optimal", 6)


@pytest.mark.parametrize(("scip", "expected"), [
    # SCIP proves it from CP-SAT's plan: its answer
    (outcome("optimal", 11, 11, 2.0), ("optimal", 11, 11, 2.0)),
    # both stopped: the better plan, the better bound
    (outcome("feasible", 9, 12, 2.0), ("feasible", 10, 12, 7.0)),
    (outcome("feasible", 10.5, 13, 2.0), ("feasible", 10.5, 12.5, 2.0)),
    # SCIP found nothing in its time: CP-SAT's plan and bound
    (MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 0.0),
     ("feasible", 10, 12.5, 7.0)),
])
def test_scip_after_a_stopped_cpsat(monkeypatch: pytest.MonkeyPatch, scip: MipOutcome,
                                    expected: tuple[str, float, float, float]) -> None:
    out, handed, called = run_plan_mip(monkeypatch, outcome("feasible", 10, 12.5, 7.0), scip)
    assert called == ["cpsat", "scip<-cpsat"] and handed
    assert (out.status, out.objective, out.bound, out.values[0]) == expected


def test_scip_after_cpsat_found_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    nothing = MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 0.0)
    out, handed, called = run_plan_mip(monkeypatch, nothing, outcome("feasible", 9, 12, 2.0))
    assert called == ["cpsat", "scip<-hint"] and handed
    assert (out.status, out.objective, out.bound) == ("feasible", 9, 12)
