"""Blocks small enough for the decomposition bound: large blocks cut along the coverage (internal).

:mod:`planner._opt_decompose` solves one MIP per block of demand rows, and a block's MIP grows
with its options and level sets: the open-ground camera instance's areas (10,000-14,600
variables each) took 17-19 s for one root, and a problem without blocks is one block of all its
rows. :func:`split_blocks` cuts the blocks it is told to (those too large) into pieces whose
estimated size is within a limit, without any geometry (``optimize.py`` has none), from the
coverage matrix alone:

- each covered row belongs to its *home* option, the one that sees it best (the lowest index
  among equals), so identical rows stay together and a block is a set of home options;
- the home options of a block too large are halved (by the rows they carry) along the
  coverage graph, whose edge between two options is the weight of the block's rows they both
  see: separate components apart first, else by the graph's Fiedler vector (the second
  eigenvector of its normalised adjacency, which orders options along the long axis of the area
  they cover, so the cut crosses few shared views); each half again until it is small enough.

A cut through shared views loosens the bound (an option seen by both halves is priced in each
of them), so blocks are cut no more than the limit needs, and blocks within it are kept whole.
The same input gives the same blocks (a seeded start vector; stable sorts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import connected_components, reverse_cuthill_mckee
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, LinearOperator, eigsh

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

#: Graphs of at most this many options take the dense eigensolver (ARPACK needs more than 3).
DENSE_EIGEN = 64


@dataclass(frozen=True)
class Partition:
    """Blocks of demand rows after the cuts.

    ``blocks``: the block of each demand row (``-1``: uncovered or weightless, in none);
    ``origin``: for each block, the given block it was cut from (``-1``: the rows that had no
    block); ``whole``: whether that block is its given block unchanged.
    """

    blocks: IntArray
    origin: IntArray
    whole: NDArray[np.bool_]


def row_homes(coverage: sp.csr_matrix, weights: FloatArray) -> IntArray:
    """Each row's home option: the best value, the lowest index among equals.

    ``-1`` for a row that is uncovered or weighs nothing.
    """
    coverage = sp.csr_matrix(coverage)
    counts = np.diff(coverage.indptr)
    home = np.full(coverage.shape[0], -1, np.int64)
    filled = np.flatnonzero(counts > 0)
    if filled.size:
        # (by rows at once: scipy's argmax by rows loops in Python, 1.5 s on 200,000 rows)
        starts = coverage.indptr[:-1][filled]
        best = np.zeros(coverage.shape[0])
        best[filled] = np.maximum.reduceat(coverage.data, starts)
        at_best = coverage.data == np.repeat(best, counts)
        columns = np.where(at_best, coverage.indices, coverage.shape[1]).astype(np.int64)
        home[filled] = np.minimum.reduceat(columns, starts)
    return np.where(np.asarray(weights) > 0, home, -1)


def fiedler_order(graph: sp.csr_matrix) -> IntArray:
    """The nodes of a connected ``graph`` (two or more) ordered by its Fiedler vector.

    The second-largest eigenvector of ``N = D^-1/2 W D^-1/2`` (the largest of ``N`` less its
    known top one, ``D^1/2 1``), scaled back by ``D^-1/2``; ARPACK from a seeded random start
    (a symmetric one, all ones, never finds the Fiedler vector of a symmetric graph such as a
    path, whose vector is antisymmetric), the dense solver for small graphs, and the reverse
    Cuthill-McKee order (breadth first from a peripheral node) if ARPACK does not converge.
    """
    n = graph.shape[0]
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = 1.0 / np.sqrt(np.where(degree > 0, degree, 1.0))
    normal = sp.csr_matrix(sp.diags(scale) @ graph @ sp.diags(scale))
    top = np.sqrt(np.maximum(degree, 0.0))
    top /= max(float(np.linalg.norm(top)), 1e-300)
    try:
        if n <= DENSE_EIGEN:
            _, vectors = np.linalg.eigh(normal.toarray())
            second = vectors[:, -2]
        else:
            deflated = LinearOperator((n, n), dtype=np.float64,
                                      matvec=lambda v: normal @ v - top * (top @ v))
            start = np.random.default_rng(0).uniform(0.5, 1.5, n)
            _, vectors = eigsh(deflated, k=1, which="LA", v0=start, tol=1e-6)
            second = vectors[:, 0]
    except (ArpackNoConvergence, ArpackError, np.linalg.LinAlgError):
        return np.asarray(reverse_cuthill_mckee(sp.csr_matrix(graph), symmetric_mode=True),
                          dtype=np.int64)
    # (an eigenvector's sign is arbitrary: make the first node's side the first half)
    second = second * scale
    if second[0] > 0:
        second = -second
    return np.argsort(second, kind="stable").astype(np.int64)


def halves(graph: sp.csr_matrix, load: FloatArray) -> tuple[IntArray, IntArray]:
    """Two halves of the nodes of ``graph`` (positions) by ``load``: components apart first.

    At least two nodes, each with a positive load. Several components: whole components, in the order of
    their lowest node, until half the load; one: the Fiedler order cut at half the load.
    """
    n_comp, label = connected_components(graph, directed=False)
    if n_comp > 1:
        first = np.full(n_comp, graph.shape[0])
        np.minimum.at(first, label, np.arange(graph.shape[0]))
        rank = np.argsort(np.argsort(first, kind="stable"), kind="stable")
        order = np.lexsort((np.arange(graph.shape[0]), rank[label]))
        # cut only between components
        ends = np.flatnonzero(np.diff(rank[label[order]]) != 0) + 1
        cum = np.cumsum(load[order])
        cut = int(ends[np.argmin(np.abs(cum[ends - 1] - cum[-1] / 2))])
    else:
        order = fiedler_order(graph)
        cum = np.cumsum(load[order])
        cut = int(np.clip(np.searchsorted(cum, cum[-1] / 2) + 1, 1, len(order) - 1))
    return order[:cut], order[cut:]


def split_blocks(coverage: sp.csr_matrix, weights: FloatArray, blocks: IntArray | None,
                 cut: Mapping[int, float], rows_factor: float = 1.0) -> Partition:
    """The given blocks, each in ``cut`` cut within its limit there (see the module docstring).

    ``blocks``: each row's given block (``-1``: none; ``None``: no row has one); the covered
    rows without a block are one block of their own, ``-1`` in ``cut``. A block kept whole
    keeps all its rows; the pieces of a cut one, and the block of rows without a block, only
    the covered rows of positive weight (the rest are in no block, ``-1``). A block's size is
    estimated as the options that see its rows plus ``rows_factor`` times its rows (the
    decomposition's variables: options and level sets; the caller knows how many level sets a
    row makes). A piece of one home option is not cut further, whatever its size.
    """
    coverage = sp.csr_matrix(coverage)
    n_rows = coverage.shape[0]
    home = row_homes(coverage, weights)
    given = (np.full(n_rows, -1, np.int64) if blocks is None
             else np.asarray(blocks, dtype=np.int64))
    live = home >= 0
    key = np.where(given >= 0, given, given.max(initial=-1) + 1)  # (no block: the last)

    def size(rows: IntArray) -> float:
        seen = np.unique(coverage[rows].indices).size if rows.size else 0
        return seen + rows_factor * rows.size

    out_blocks = np.full(n_rows, -1, np.int64)
    origin: list[int] = []
    whole: list[bool] = []
    for block in np.unique(key[live]):
        rows = np.flatnonzero(live & (key == block))
        source = int(block) if (blocks is not None and int(block) <= given.max()) else -1
        limit = cut.get(source, np.inf)
        if size(rows) <= limit:
            # (a given block kept whole keeps its uncovered rows too: an area's total weight)
            out_blocks[np.flatnonzero(key == block) if source >= 0 else rows] = len(origin)
            origin.append(source)
            whole.append(True)
            continue
        options, load = np.unique(home[rows], return_counts=True)
        # the weight of the block's rows that two of its home options both see (the diagonal
        # dropped): a graph as large as the block, not the problem
        seen_by = coverage[rows][:, options]
        graph = sp.csr_matrix(seen_by.T @ sp.diags(np.asarray(weights, float)[rows]) @ seen_by)
        graph.setdiag(0)
        graph.eliminate_zeros()
        todo = [np.arange(options.size)]
        pieces: list[IntArray] = []
        while todo:
            part = todo.pop(0)
            part_rows = rows[np.isin(home[rows], options[part])]
            if part.size < 2 or size(part_rows) <= limit:
                pieces.append(part_rows)
                continue
            left, right = halves(graph[part][:, part].tocsr(), load[part].astype(np.float64))
            todo += [part[np.sort(left)], part[np.sort(right)]]
        for part_rows in sorted(pieces, key=lambda r: int(r[0])):
            out_blocks[part_rows] = len(origin)
            origin.append(source)
            whole.append(False)  # (without the block's dead rows: not its area's total)
    return Partition(out_blocks, np.asarray(origin, np.int64), np.asarray(whole, bool))
