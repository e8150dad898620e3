"""Blocks cut along the coverage for the decomposition bound (planner._opt_partition)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from planner._opt_partition import fiedler_order, halves, row_homes, split_blocks


def chain(n: int, link: float = 1.0) -> sp.csr_matrix:
    """A path graph 0 - 1 - ... - n-1 with edge weight ``link``."""
    i = np.arange(n - 1)
    upper = sp.coo_matrix((np.full(n - 1, link), (i, i + 1)), shape=(n, n))
    return sp.csr_matrix(upper + upper.T)


def test_row_homes_take_the_best_value_then_the_lowest_index() -> None:
    coverage = sp.csr_matrix(np.array([[0.5, 1.0, 1.0], [0.25, 0.0, 0.0], [0.0, 0.0, 0.0],
                                       [1.0, 1.0, 0.5]]))
    # row 2 is uncovered; row 1 weighs nothing
    assert row_homes(coverage, np.array([1.0, 0.0, 3.0, 2.0])).tolist() == [1, -1, -1, 0]


@pytest.mark.parametrize("seed", range(5))
def test_row_homes_equal_the_dense_rule_on_random_ties(seed: int) -> None:
    # values of three levels, so that most rows have ties; the stored order of a row's
    # entries shuffled (a matrix need not be canonical): the lowest index still wins
    rng = np.random.default_rng(seed)
    dense = rng.choice([0.0, 0.0, 0.25, 0.5, 1.0], size=(300, 12))
    weights = rng.choice([0.0, 1.0, 2.0], size=300)
    coverage = sp.csr_matrix(dense)
    for row in range(300):
        lo, hi = coverage.indptr[row], coverage.indptr[row + 1]
        order = lo + rng.permutation(hi - lo)
        coverage.indices[lo:hi], coverage.data[lo:hi] = (coverage.indices[order].copy(),
                                                         coverage.data[order].copy())
    coverage.has_sorted_indices = False
    expected = np.where((dense.max(axis=1) > 0) & (weights > 0), dense.argmax(axis=1), -1)
    assert row_homes(coverage, weights).tolist() == expected.tolist()
    assert row_homes(sp.csr_matrix((3, 0)), np.ones(3)).tolist() == [-1, -1, -1]


@pytest.mark.parametrize("n", [9, 200])  # the dense solver and ARPACK
def test_the_fiedler_order_of_a_path_is_the_path(n: int) -> None:
    order = fiedler_order(chain(n))
    assert order.tolist() == list(range(n))  # (the first node's side first)


def test_a_path_is_halved_by_its_load_and_components_stay_whole() -> None:
    # a path of six nodes whose last two carry most of the load: the cut falls at half of it
    first, second = halves(chain(6), np.array([1.0, 1.0, 1.0, 1.0, 4.0, 4.0]))
    assert first.tolist() == [0, 1, 2, 3, 4] and second.tolist() == [5]
    # two components {0, 2, 4} and {1, 3}: never cut through, whatever the load
    graph = sp.csr_matrix(np.array([[0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [1, 0, 0, 0, 1],
                                    [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]], dtype=float))
    first, second = halves(graph, np.array([1.0, 5.0, 1.0, 5.0, 1.0]))
    assert sorted(first.tolist()) == [0, 2, 4] and sorted(second.tolist()) == [1, 3]


def street(n_options: int, rows_each: int) -> sp.csr_matrix:
    """Options along a street, each seeing its own ``rows_each`` rows best and its neighbours'
    first row at 0.5."""
    n_rows = n_options * rows_each
    coverage = np.zeros((n_rows, n_options))
    for j in range(n_options):
        coverage[j * rows_each:(j + 1) * rows_each, j] = 1.0
        for k in (j - 1, j + 1):
            if 0 <= k < n_options:
                coverage[k * rows_each, j] = 0.5
    return sp.csr_matrix(coverage)


def test_a_street_too_large_is_cut_into_runs_of_neighbours() -> None:
    coverage = street(8, 3)  # 24 rows; a run of k options is k rows' worth of 3 + <= k + 2 options
    weights = np.ones(24)
    # kept whole when not asked to cut, or within the limit
    whole = split_blocks(coverage, weights, None, {})
    assert whole.blocks.tolist() == [0] * 24
    assert whole.origin.tolist() == [-1] and whole.whole.tolist() == [True]
    assert split_blocks(coverage, weights, None, {-1: 100}).blocks.tolist() == [0] * 24
    # estimated size of a run of k options: 3k rows + the options that see them (k + 2 at
    # most): 8 options (32) > 20, so halved to two runs of four (12 + 5 = 17 <= 20)
    parts = split_blocks(coverage, weights, None, {-1: 20})
    assert parts.blocks.tolist() == [0] * 12 + [1] * 12
    assert parts.origin.tolist() == [-1, -1] and parts.whole.tolist() == [False, False]
    # 10: runs of two (6 rows + at most 4 options)
    assert split_blocks(coverage, weights, None, {-1: 10}).blocks.tolist() == [
        k // 6 for k in range(24)]
    # rows_factor counts the rows' level sets: a factor of 2 halves once more
    assert split_blocks(coverage, weights, None, {-1: 20}, rows_factor=2.0).blocks.tolist() == [
        k // 6 for k in range(24)]
    # a run of one option stays whole whatever the limit
    assert split_blocks(coverage, weights, None, {-1: 1}).blocks.tolist() == [
        k // 3 for k in range(24)]


def test_only_the_given_blocks_in_cut_are_cut_and_whole_ones_keep_every_row() -> None:
    # two streets side by side: rows 0-23 are given block 5, rows 24-47 block 2; one row of
    # block 2 is uncovered (row 30) and one weighs nothing (row 31)
    left, right = street(8, 3).toarray(), street(8, 3).toarray()
    right[6] = 0.0
    coverage = sp.csr_matrix(np.block([[left, np.zeros_like(left)],
                                       [np.zeros_like(right), right]]))
    weights = np.ones(48)
    weights[31] = 0.0
    given = np.array([5] * 24 + [2] * 24)
    parts = split_blocks(coverage, weights, given, {5: 20})
    # block 2 (the lower id first) kept whole, its uncovered and weightless rows with it (an
    # area's share counts all its weight); block 5 in two runs
    assert parts.blocks.tolist() == [1] * 12 + [2] * 12 + [0] * 24
    assert parts.origin.tolist() == [2, 5, 5] and parts.whole.tolist() == [True, False, False]
    # rows in no given block are a block of their own (-1 as origin), covered rows only
    given[:24] = -1
    parts = split_blocks(coverage, weights, given, {5: 20})
    assert parts.blocks.tolist() == [1] * 24 + [0] * 24
    assert parts.origin.tolist() == [2, -1] and parts.whole.tolist() == [True, True]
    cut = split_blocks(coverage, weights, given, {-1: 20, 2: 20})
    assert cut.origin.tolist() == [2, 2, -1, -1]
    assert cut.blocks[30] == cut.blocks[31] == -1  # (a cut block's dead rows are in none)
    # the same input, the same blocks
    again = split_blocks(coverage, weights, given, {-1: 20, 2: 20})
    assert again.blocks.tolist() == cut.blocks.tolist()


def test_the_breadth_first_order_stands_in_when_arpack_does_not_converge(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from scipy.sparse.linalg import ArpackNoConvergence

    from planner import _opt_partition

    def failing(*args: object, **kwargs: object) -> None:
        raise ArpackNoConvergence("no", np.zeros(0), np.zeros((0, 0)))

    monkeypatch.setattr(_opt_partition, "eigsh", failing)
    order = fiedler_order(chain(100)).tolist()
    assert order in (list(range(100)), list(range(99, -1, -1)))
