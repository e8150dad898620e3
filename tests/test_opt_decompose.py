"""The decomposition bound (planner._opt_decompose): a large model's bound below the LP's.

The large-model path is forced on small instances by lowering ``LARGE_MODEL_VARS``, as in
``tests/test_opt_refill.py``.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import _opt_decompose, _opt_large
from planner._opt_built import _build
from planner._opt_decompose import (
    Decomposed,
    block_gains,
    blocks_seen,
    decomposition_bound,
    mapped_duals,
    problem_blocks,
    split_prices,
    uncontested,
)
from planner._opt_reduce import OptionData, Reduced, reduce_problem
from planner._opt_solvers import MipOutcome, run_mip
from planner.errors import InputError, SolverError
from planner.optimize import CoverageProblem, solve, validate_plan
from tests.test_optimize import brute_force, objective_of, patch_search, problems

pytestmark = pytest.mark.usefixtures("mip_path")

# Found by a seeded random search (8 options at unit cost, 12 rows, budget 3, the first six rows
# one block and the last six another): the optimum is 28, the LP bound 28.5, and each block's
# MIP at the LP's budget price is integral where the whole LP is not: the decomposition bound
# is 28, a proof.
FOUND = [[0, 1, 0, 0, 1, 1, 0, 0], [0, 0, 1, 0, 0, 0, 0, 1], [0, 1, 0, 1, 0, 0, 1, 0],
         [0, 0, 1, 0, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 1, 0, 1],
         [1, 0, 0, 0, 1, 1, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0], [0, 1, 0, 1, 0, 1, 0, 0],
         [1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1]]
FOUND_WEIGHTS = [1, 2, 3, 5, 4, 4, 2, 2, 1, 2, 1, 5]
FOUND_BLOCKS = [0] * 6 + [1] * 6


def found(**changes: object) -> CoverageProblem:
    fields = dict(coverage=sp.csr_matrix(np.array(FOUND, dtype=float)), weights=FOUND_WEIGHTS,
                  costs=np.ones(8), budget=3, blocks=FOUND_BLOCKS)
    fields.update(changes)
    return CoverageProblem(**fields)  # type: ignore[arg-type]


def plain_lp(problem: CoverageProblem) -> tuple[Reduced, MipOutcome]:
    """The plain model's reduction and LP, as the large-model path has them."""
    red = reduce_problem(problem, equity=problem.labels is not None)
    built = _build(problem, red)
    return red, run_mip(built.arrays, built.objective, solver="glop", time_limit=10.0,
                        relax=True, offset=built.offset)


def lp_bound(problem: CoverageProblem) -> float:
    return plain_lp(problem)[1].objective


def later() -> float:
    return time.perf_counter() + 60.0


@pytest.fixture
def large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    patch_search(monkeypatch, "LARGE_MODEL_VARS", 0)
    monkeypatch.setattr(_opt_large, "LARGE_RETRY_GAP", float("inf"))


def test_the_found_instance_is_proven_by_its_blocks_where_the_lp_is_not() -> None:
    problem = found()
    optimum = brute_force(problem)
    assert optimum is not None and objective_of(problem, optimum) == 28.0
    assert lp_bound(problem) == pytest.approx(28.5, abs=1e-9)
    split = decomposition_bound(problem, later())
    assert split.bound == pytest.approx(28.0, abs=1e-8)
    assert (split.blocks, split.exact_blocks, split.timed_out) == (2, 2, False)
    # the same bound each time (node limits, not clocks)
    assert decomposition_bound(problem, later()).bound == split.bound
    # the same from the plain model's LP prices, without the block model's own LP
    glops: list[str] = []

    def counted(*args: object, **kwargs: object) -> MipOutcome:
        glops.append(str(kwargs["solver"]))
        return run_mip(*args, **kwargs)  # type: ignore[arg-type]

    prices = plain_lp(problem)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_opt_decompose, "run_mip", counted)
        priced = decomposition_bound(problem, later(), prices=prices)
    assert priced.bound == pytest.approx(28.0, abs=1e-8) and glops == ["scip"] * 3  # master, 2 blocks
    # one block: nothing to decompose
    assert decomposition_bound(found(blocks=[0] * 12), later()).bound == float("inf")


@pytest.mark.usefixtures("large_path")
def test_solve_proves_a_large_model_by_the_decomposition(monkeypatch: pytest.MonkeyPatch) -> None:
    result = solve(found(), 10.0)
    assert result.objective == 28.0 == validate_plan(found(), result.chosen).objective
    assert result.status == "optimal" and result.stopped_by == "proof"
    assert result.bound == pytest.approx(28.0, abs=1e-8)
    assert result.tie_break.endswith("; bound by decomposition over 2 blocks)")
    # without blocks the LP bound stays, and so does the plan
    plain = solve(found(blocks=None), 10.0)
    assert plain.chosen.tolist() == result.chosen.tolist()
    assert plain.status == "feasible" and plain.bound == pytest.approx(28.5, abs=1e-9)
    # labels are blocks when no blocks are given
    labelled = solve(found(blocks=None, labels=FOUND_BLOCKS), 10.0)
    assert labelled.status == "optimal" and labelled.chosen.tolist() == result.chosen.tolist()
    # blocks larger than MAX_BLOCK_VARS that no cut brings within it: the LP bound
    monkeypatch.setattr(_opt_decompose, "MAX_BLOCK_VARS", 5)
    capped = solve(found(), 10.0)
    assert capped.status == "feasible" and capped.bound == pytest.approx(28.5, abs=1e-9)
    assert "decomposition" not in capped.tie_break


def twin() -> CoverageProblem:
    """Two copies of the found instance side by side (no option sees both), budget 6."""
    single = np.array(FOUND, dtype=float)
    return CoverageProblem(coverage=sp.csr_matrix(np.block([[single, np.zeros_like(single)],
                                                            [np.zeros_like(single), single]])),
                           weights=FOUND_WEIGHTS * 2, costs=np.ones(16), budget=6)


@pytest.mark.usefixtures("large_path")
def test_a_problem_without_blocks_is_cut_along_its_coverage(
        monkeypatch: pytest.MonkeyPatch) -> None:
    problem = twin()
    optimum = brute_force(problem)
    assert optimum is not None and objective_of(problem, optimum) == 56.0
    assert lp_bound(problem) == pytest.approx(57.0, abs=1e-9)
    # each copy: 7 kept options and 7 level sets (14 variables); the whole estimated at 14 + 24
    # rows x 14 sets / 24 live rows = 28: over 20, so cut, and the two copies are the coverage
    # graph's two components
    monkeypatch.setattr(_opt_decompose, "MAX_BLOCK_VARS", 20)
    monkeypatch.setattr(_opt_decompose, "SPLIT_BLOCK_VARS", 20)
    split = decomposition_bound(problem, later(), prices=plain_lp(problem))
    assert split.bound == pytest.approx(56.0, abs=1e-8) and split.blocks == 2
    result = solve(problem, 10.0)
    assert result.objective == 56.0 and result.status == "optimal"
    assert result.tie_break.endswith("; bound by decomposition over 2 blocks)")
    # at most 12 variables a block: the copies (14) are cut once more on the second reduction
    # (SPLIT_BLOCK_VARS halved), into four blocks whose sum is the LP's (no proof)
    monkeypatch.setattr(_opt_decompose, "MAX_BLOCK_VARS", 12)
    finer = decomposition_bound(problem, later(), prices=plain_lp(problem))
    assert finer.bound == pytest.approx(57.0, abs=1e-7) and finer.blocks == 4
    # and blocks that no cut brings within the limit: no decomposition
    monkeypatch.setattr(_opt_decompose, "MAX_BLOCK_VARS", 6)
    assert decomposition_bound(problem, later(), prices=plain_lp(problem)).bound == float("inf")


def test_only_blocks_still_too_large_are_cut_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # (a review's case) block 0: a street of 16 options, each seeing its own three rows best;
    # block 1: 24 rows, each seen by three neighbouring options of eight at 1, 0.75 and 0.5.
    # At 20 variables a block, block 0's pieces fit on the first cut and block 1's do not: only
    # block 1 is cut again, at half the limit (the first version re-cut both: 12 blocks)
    from tests.test_opt_partition import street

    ring = np.zeros((24, 8))
    for i in range(24):
        for k, value in zip((i // 3, (i // 3 + 1) % 8, (i // 3 + 2) % 8), (1.0, 0.75, 0.5),
                            strict=True):
            ring[i, k] = value
    coverage = np.block([[street(16, 3).toarray(), np.zeros((48, 8))],
                         [np.zeros((24, 16)), ring]])
    problem = CoverageProblem(coverage=sp.csr_matrix(coverage), weights=np.ones(72),
                              costs=np.ones(24), budget=6, blocks=[0] * 48 + [1] * 24)
    monkeypatch.setattr(_opt_decompose, "MAX_BLOCK_VARS", 20)
    monkeypatch.setattr(_opt_decompose, "SPLIT_BLOCK_VARS", 20)
    prices = plain_lp(problem)
    split = decomposition_bound(problem, later(), prices=prices)
    assert split.blocks == 6
    best = solve(problem, 30.0)  # (24 options: the MIP's proof, not a brute force)
    assert best.status == "optimal"
    assert best.objective - 1e-7 <= split.bound <= prices[1].objective + 1e-6


def test_a_block_does_not_take_a_surplus_that_a_mount_which_must_carry_a_camera_excludes(
        ) -> None:
    # (a review's case) option 0 (worth 5) conflicts with option 1, the only option of mount 1,
    # which must carry a camera: no plan has option 0. Both see block 0 alone, so option 0's
    # surplus had stayed with block 0, which does not hold the mount's rule, and the bound came
    # to 7 where the LP's is 3
    for budget in (10.0, float("inf")):
        problem = CoverageProblem(coverage=sp.csr_matrix(np.eye(3)), weights=[5, 1, 2],
                                  costs=[1, 1, 1], budget=budget, groups=[0, 1, 2],
                                  required_groups=[1], conflicts=np.array([[0, 1]]),
                                  blocks=[0, 0, 1])
        assert objective_of(problem, brute_force(problem)) == 3.0 == lp_bound(problem)
        assert decomposition_bound(problem, later()).bound == pytest.approx(3.0, abs=1e-7)
        assert decomposition_bound(problem, later(), prices=plain_lp(problem)).bound == (
            pytest.approx(3.0, abs=1e-7))


@pytest.mark.usefixtures("large_path")
def test_a_deadline_abandons_the_decomposition(monkeypatch: pytest.MonkeyPatch) -> None:
    assert decomposition_bound(found(), time.perf_counter() - 1.0) == Decomposed(
        float("inf"), 0, 0, True, pytest.approx(0.0, abs=5.0))  # type: ignore[arg-type]
    calls: list[float] = []

    def late(problem: CoverageProblem, deadline: float, **_: object) -> Decomposed:
        calls.append(deadline)
        return Decomposed(float("inf"), 1, 1, True, 0.1)

    monkeypatch.setattr(_opt_large, "decomposition_bound", late)
    result = solve(found(), 10.0)
    assert len(calls) == 1 and result.stopped_by == "time limit"
    assert result.status == "feasible" and result.bound == pytest.approx(28.5, abs=1e-9)


@pytest.mark.usefixtures("large_path")
def test_no_decomposition_for_a_plan_within_the_gap_asked_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def never(problem: CoverageProblem, deadline: float, **_: object) -> Decomposed:
        raise AssertionError("the decomposition ran for a plan within the gap")

    monkeypatch.setattr(_opt_large, "decomposition_bound", never)
    result = solve(found(), 10.0, gap=0.02)  # 28 against 28.5: 1.75 %
    assert result.objective == 28.0 and result.bound == pytest.approx(28.5, abs=1e-9)


# Found by a seeded random search (8 options at unit cost, 12 rows, budget 3, two areas of six
# rows each, a share of 0.4 each): the optimum is 18, the LP bound with the shares 18.8; the
# blocks are the areas, so each block keeps its area's share, and their bound is 18, a proof.
# Without the shares in the blocks the decomposition gives 19, above the LP bound.
SHARED = [[0, 1, 1, 1, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0],
          [1, 1, 1, 0, 1, 0, 0, 0], [0, 1, 0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0],
          [1, 0, 1, 0, 0, 0, 1, 0], [0, 0, 1, 0, 1, 0, 1, 1], [0, 0, 0, 0, 0, 0, 1, 0],
          [0, 0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0, 0]]
SHARED_WEIGHTS = [2, 5, 1, 1, 1, 1, 1, 2, 4, 5, 1, 3]


@pytest.mark.usefixtures("large_path")
def test_blocks_that_are_the_areas_keep_their_shares() -> None:
    problem = CoverageProblem(coverage=sp.csr_matrix(np.array(SHARED, dtype=float)),
                              weights=SHARED_WEIGHTS, costs=np.ones(8), budget=3,
                              labels=[0] * 6 + [1] * 6, min_share=0.4)
    optimum = brute_force(problem)
    assert optimum is not None and objective_of(problem, optimum) == 18.0
    assert lp_bound(problem) == pytest.approx(18.8, abs=1e-9)
    assert decomposition_bound(problem, later()).bound == pytest.approx(18.0, abs=1e-7)
    # blocks other than the areas: no shares in them, and a bound above the LP's
    halves = dataclasses.replace(problem, blocks=[0] * 3 + [1] * 3 + [0] * 3 + [1] * 3)
    assert decomposition_bound(halves, later()).bound > 18.8
    result = solve(problem, 10.0)
    assert result.objective == 18.0 and result.status == "optimal"
    assert result.bound == pytest.approx(18.0, abs=1e-7)


def test_a_block_that_scips_dual_presolving_got_wrong() -> None:
    # (a review's random cross-check) area 0's block: its MIP is worth 1.333 with options 2, 3
    # and 4, but SCIP with its dual reductions called a plan of 0.333 optimal, and the bound
    # came to 22 where the plan (2, 3, 4) is worth 23
    coverage = np.zeros((8, 7))
    for row, cols in enumerate([[5], [3], [0, 2, 4], [2, 3, 4], [4, 6], [4], [2], [1, 3]]):
        coverage[row, cols] = 1.0
    problem = CoverageProblem(coverage=sp.csr_matrix(coverage), weights=[4, 2, 1, 4, 5, 2, 5, 4],
                              costs=np.ones(7), budget=3, labels=[0, 0, 0, 1, 1, 1, 1, 2],
                              min_share=[0.3, 0.5, 0.1])
    assert objective_of(problem, (2, 3, 4)) == 23.0 == objective_of(problem, brute_force(problem))
    assert decomposition_bound(problem, later()).bound >= 23.0 - 1e-7


@pytest.mark.usefixtures("large_path")
def test_a_blocks_solver_failure_keeps_the_lp_bound_not_a_time_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> MipOutcome:
        if kwargs["solver"] == "scip":
            raise SolverError("SCIP: no")
        return run_mip(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_opt_decompose, "run_mip", failing)
    split = decomposition_bound(found(), later())
    assert split.bound == float("inf") and not split.timed_out
    result = solve(found(), 10.0)
    assert result.objective == 28.0 and result.status == "feasible"
    assert result.stopped_by == "work limit" and result.bound == pytest.approx(28.5, abs=1e-9)


@pytest.mark.usefixtures("large_path")
def test_a_bound_below_the_plan_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_opt_large, "decomposition_bound",
                        lambda problem, deadline, **_: Decomposed(27.0, 2, 2, False, 0.1))
    result = solve(found(), 10.0)
    assert result.objective == 28.0 and result.status == "feasible"
    assert result.bound == pytest.approx(28.5, abs=1e-9)
    assert "decomposition" not in result.tie_break


def test_split_prices_analytic() -> None:
    # option 0 sees blocks 0 and 1 with gains 3 and 1; option 1 sees block 1 only, with no
    # gain; option 2 sees nothing
    gain = np.array([[3.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    seen = np.array([[True, False, False], [True, True, False]])
    share = split_prices(gain, seen, np.array([8.0, 5.0, 7.0]))
    eps = _opt_decompose.SEEN_EPS
    assert share[:, 0] == pytest.approx([8 * (3 + 4 * eps) / (4 + 8 * eps),
                                         8 * (1 + 4 * eps) / (4 + 8 * eps)], rel=1e-12)
    assert share[:, 1].tolist() == [0.0, 5.0] and share[:, 2].tolist() == [0.0, 0.0]
    assert share.sum(axis=0) == pytest.approx([8.0, 5.0, 0.0], rel=1e-12)


def test_block_gains_are_the_duals_of_each_blocks_sets() -> None:
    # two rows in block 0 seen by options 0 and 1 together, one row in block 1 by option 1 alone
    problem = CoverageProblem(coverage=sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 1.0],
                                                               [0.0, 1.0]])),
                              weights=[2, 1, 4], costs=[1, 1], budget=1, labels=[0, 0, 1])
    red = reduce_problem(problem, equity=True)
    assert red.sets.shape[0] == 1 and red.set_label.tolist() == [1]  # (label row 1: block 0)
    duals = np.zeros(red.sets.shape[0] + 1)
    duals[0] = -2.5
    gain, seen = block_gains(red, duals), blocks_seen(red)
    # rows: unlabelled demand, block 0, block 1, backup; option 1's lone row of block 1 is a
    # one-option value (4)
    assert gain[1].tolist() == [2.5, 2.5] and gain[2].tolist() == [0.0, 4.0]
    assert seen.tolist() == [[False, False], [True, True], [False, True], [False, False]]


def test_which_options_with_a_surplus_the_blocks_take_whole() -> None:
    # six options in three mounts of one camera each: mount 0 = options 0, 1; mount 1 = 2, 3;
    # mount 2 = 4, 5. Options 0, 1, 2, 3 and 5 have a surplus; option 4 is fixed (required)
    surplus = np.array([True, True, True, True, False, True])
    fixed = np.array([False, False, False, False, True, False])
    seen = np.array([[True, True, True, False, True, True],     # block 0
                     [False, False, True, True, False, False]])  # block 1

    def data(pairs: list[list[int]], budget: float = 100.0) -> OptionData:
        return OptionData(np.ones(6), np.zeros(6), budget, np.array([0, 0, 1, 1, 2, 2]),
                          np.array([1, 1, 1]), np.array(pairs, dtype=np.int64).reshape(-1, 2),
                          ())

    # mount 0's two options see block 0 alone, whose MIP keeps the mount's limit: taken whole;
    # mount 1's see blocks 0 and 1 (two blocks could each take one): the master's; option 5
    # shares its mount with the fixed option 4, both in block 0 alone: whole
    assert uncontested(data([]), fixed, surplus, seen).tolist() == [
        True, True, False, False, False, True]
    # a conflict between options 1 and 3 ties mount 0 to mount 1's two blocks
    assert uncontested(data([[1, 3]]), fixed, surplus, seen).tolist() == [
        False, False, False, False, False, True]
    # with room for both cameras in each mount and no conflicts, every option is free
    roomy = dataclasses.replace(data([]), capacity=np.array([2, 2, 2]))
    assert uncontested(roomy, fixed, surplus, seen).tolist() == [
        True, True, True, True, False, True]
    # the six cost more than the budget together: the master's budget could bind, none
    assert not uncontested(data([], budget=5.0), fixed, surplus, seen).any()
    # the fixed option 4 in no block (its views all its own): no block's MIP holds option 5
    # back from mount 2's one camera (a property test's case: a bound above the LP's)
    hidden = seen.copy()
    hidden[:, 4] = False
    assert uncontested(data([]), fixed, surplus, hidden).tolist() == [
        True, True, False, False, False, False]
    # nor where mount 2 must carry a camera and option 4 is not fixed but in no block
    need = dataclasses.replace(data([]), need=(2,))
    assert uncontested(need, np.zeros(6, bool), surplus, hidden).tolist() == [
        True, True, False, False, False, False]
    # ... and where both see block 0 alone: only the master holds the mount's rule, so option
    # 5's surplus is the master's
    assert uncontested(need, np.zeros(6, bool), surplus, seen).tolist() == [
        True, True, False, False, False, False]


def test_mapped_duals_split_a_plain_sets_dual_by_its_parts_weights() -> None:
    # rows 0-1 (block 0) and row 2 (block 1) are seen by options 0 and 1 alike: one level set
    # of weight 2 + 1 + 4 in the plain model, two in the block model (3 and 4); rows 3 and 4
    # are each option's own (one-option values, so neither option dominates the other)
    coverage = sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [1.0, 0.0],
                                       [0.0, 1.0]]))
    problem = CoverageProblem(coverage=coverage, weights=[2, 1, 4, 1, 1], costs=[1, 1],
                              budget=1, blocks=[0, 0, 1, 1, 1])
    main = reduce_problem(problem, equity=False)
    red = reduce_problem(dataclasses.replace(problem, labels=[0, 0, 1, 1, 1]), equity=True)
    assert main.set_coef.tolist() == [7.0] and sorted(red.set_coef.tolist()) == [3.0, 4.0]
    # (the plain model's rows: the set {0, 1}, then the budget)
    duals = np.array([-7.0, -0.5])
    mapped = mapped_duals(main, duals, red)
    assert mapped is not None and mapped[-1] == -0.5
    assert dict(zip(red.set_coef.tolist(), mapped[:-1].tolist(), strict=True)) == {
        3.0: 3.0, 4.0: 4.0}
    # the two do not line up: other kept options
    other = dataclasses.replace(red, keep=red.keep[:-1])
    assert mapped_duals(main, duals, other) is None


def test_problem_blocks_and_their_check() -> None:
    assert problem_blocks(found()).tolist() == FOUND_BLOCKS
    assert problem_blocks(found(blocks=None)) is None
    assert problem_blocks(found(blocks=None, labels=FOUND_BLOCKS)).tolist() == FOUND_BLOCKS
    assert problem_blocks(found(blocks=[-1] * 11 + [3])) is None  # one block in all
    with pytest.raises(InputError, match=r"blocks: expected shape \(12,\)"):
        found(blocks=[0, 1])
    with pytest.raises(InputError, match="blocks: value -2 is below the minimum -1"):
        found(blocks=[-2] + [0] * 11)


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems(), st.data())
def test_the_bound_is_never_below_the_optimum(problem: CoverageProblem, data: st.DataObject
                                              ) -> None:
    """Every rule on, blocks drawn at random (or none), cut or not: the bound holds the
    brute-force optimum, and is never above the LP's at the LP's prices."""
    rows = problem.shape[0]
    blocks = data.draw(st.one_of(st.none(), st.lists(st.integers(-1, 2), min_size=rows,
                                                     max_size=rows)))
    if problem.labels is not None and data.draw(st.booleans()):
        blocks = problem.labels.tolist()  # (the blocks are the areas: with their shares)
    problem = dataclasses.replace(problem, blocks=blocks)
    # (MAX_BLOCK_VARS, SPLIT_BLOCK_VARS) small enough to cut these problems' blocks, or as
    # shipped (no block here is that large)
    limits = data.draw(st.sampled_from([None, (6, 3), (10, 6)]))
    best = brute_force(problem)
    with pytest.MonkeyPatch.context() as patch:
        if limits is not None:
            patch.setattr(_opt_decompose, "MAX_BLOCK_VARS", limits[0])
            patch.setattr(_opt_decompose, "SPLIT_BLOCK_VARS", limits[1])
        split = decomposition_bound(problem, later())
        if best is None or problem.equity == "maxmin":
            return
        optimum = objective_of(problem, best)
        assert not split.timed_out
        assert split.bound >= optimum - 1e-7 * max(1.0, abs(split.bound))
        # and from the plain model's LP prices, as the large-model path asks for it
        red, lp = plain_lp(problem)
        if lp.status != "optimal":
            return
        priced = decomposition_bound(problem, later(), prices=(red, lp))
    assert priced.bound >= optimum - 1e-7 * max(1.0, abs(priced.bound))
    # and never above the LP's (the master takes what an option's gains exceed its price by,
    # once, under the mount limits), where the blocks' LP is the plain one: without areas, or
    # with the blocks as the areas, none cut
    if np.isfinite(priced.bound) and (problem.labels is None or (
            limits is None and np.array_equal(problem_blocks(problem), problem.labels))):
        assert priced.bound <= lp.objective + 1e-6 * max(1.0, abs(lp.objective))
