"""One small builder per constraint or objective term of the covering MIP (internal).

Every builder appends variables and/or rows to a :class:`LinearModel` and returns the indices it
created, so each term can be tested alone (STYLE.md item 4). Variables ``x_t`` (binary, one per kept
option of a :class:`~planner._opt_reduce.Reduced` problem) always come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_reduce import Reduced

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass
class LinearModel:
    """A growing MIP ``max obj @ v`` s.t. ``row_lb <= M v <= row_ub``, ``lb <= v <= ub``."""

    lb: list[FloatArray] = field(default_factory=list)
    ub: list[FloatArray] = field(default_factory=list)
    integer: list[NDArray[np.bool_]] = field(default_factory=list)
    obj: list[FloatArray] = field(default_factory=list)
    blocks: list[sp.coo_matrix] = field(default_factory=list)
    row_lb: list[FloatArray] = field(default_factory=list)
    row_ub: list[FloatArray] = field(default_factory=list)
    n_vars: int = 0
    n_rows: int = 0

    def add_vars(
        self, lb: FloatArray, ub: FloatArray, integer: bool, obj: FloatArray
    ) -> IntArray:
        """Append variables; return their indices."""
        n = len(lb)
        self.lb.append(np.asarray(lb, float))
        self.ub.append(np.asarray(ub, float))
        self.integer.append(np.full(n, integer))
        self.obj.append(np.asarray(obj, float))
        idx = np.arange(self.n_vars, self.n_vars + n, dtype=np.int64)
        self.n_vars += n
        return idx

    def add_rows(self, matrix: sp.spmatrix, lb: FloatArray, ub: FloatArray) -> IntArray:
        """Append rows given as a sparse matrix over the variables created so far."""
        coo = sp.coo_matrix(matrix)
        shape = (self.n_rows + coo.shape[0], max(self.n_vars, coo.shape[1]))
        self.blocks.append(sp.coo_matrix((coo.data, (coo.row + self.n_rows, coo.col)),
                                         shape=shape))
        self.row_lb.append(np.asarray(lb, float))
        self.row_ub.append(np.asarray(ub, float))
        idx = np.arange(self.n_rows, self.n_rows + coo.shape[0], dtype=np.int64)
        self.n_rows += coo.shape[0]
        return idx

    def objective(self) -> FloatArray:
        """The objective vector over all variables."""
        return np.concatenate(self.obj) if self.obj else np.zeros(0)

    def arrays(self) -> tuple[FloatArray, FloatArray, NDArray[np.bool_], sp.csr_matrix,
                              FloatArray, FloatArray]:
        """Return ``(lb, ub, integer, M, row_lb, row_ub)``."""
        rows = [b.row for b in self.blocks]
        cols = [b.col for b in self.blocks]
        data = [b.data for b in self.blocks]
        matrix = sp.csr_matrix(
            (np.concatenate(data) if data else np.zeros(0),
             (np.concatenate(rows) if rows else np.zeros(0, int),
              np.concatenate(cols) if cols else np.zeros(0, int))),
            shape=(self.n_rows, self.n_vars),
        )
        cat = np.concatenate
        return (cat(self.lb), cat(self.ub), cat(self.integer), matrix,
                cat(self.row_lb) if self.row_lb else np.zeros(0),
                cat(self.row_ub) if self.row_ub else np.zeros(0))


def add_options(model: LinearModel, red: Reduced, penalty: FloatArray) -> IntArray:
    """Binary ``x`` per kept option (required fixed to 1) with its one-option coverage value.

    ``penalty`` (per kept option) is subtracted from the objective: the privacy penalty term.
    """
    value = np.asarray(red.lin.sum(axis=0)).ravel()
    n = len(red.keep)
    return model.add_vars(red.fixed.astype(float), np.ones(n), True, value - penalty)


def add_coverage_levels(model: LinearModel, red: Reduced, x: IntArray) -> IntArray:
    """Level variables ``y_s in [0, 1]`` with ``y_s <= sum_{t in S_s} x_t``, objective weight."""
    n_sets = red.sets.shape[0]
    y = model.add_vars(np.zeros(n_sets), np.ones(n_sets), False, red.set_coef)
    block = sp.hstack([-red.sets, sp.identity(n_sets)], format="coo")
    model.add_rows(_place(block, np.concatenate([x, y]), model.n_vars),
                   np.full(n_sets, -np.inf), np.zeros(n_sets))
    return y


def add_budget(model: LinearModel, x: IntArray, cost: FloatArray, budget: float) -> IntArray:
    """Budget ``sum_t c_t x_t <= B`` (required options included)."""
    if not np.isfinite(budget):
        return np.zeros(0, np.int64)
    row = sp.coo_matrix((cost, (np.zeros(len(x), int), x)), shape=(1, model.n_vars))
    return model.add_rows(row, np.array([-np.inf]), np.array([budget]))


def add_group_limits(
    model: LinearModel, x: IntArray, group: IntArray, capacity: IntArray
) -> IntArray:
    """At most ``capacity[g]`` chosen options per group ``g`` (rows only where binding)."""
    counts = np.bincount(group, minlength=len(capacity))
    binding = np.flatnonzero(counts > capacity)
    if binding.size == 0:
        return np.zeros(0, np.int64)
    position = np.full(len(capacity), -1)
    position[binding] = np.arange(binding.size)
    members = np.flatnonzero(position[group] >= 0)
    rows = sp.coo_matrix((np.ones(members.size), (position[group[members]], x[members])),
                         shape=(binding.size, model.n_vars))
    return model.add_rows(rows, np.full(binding.size, -np.inf), capacity[binding].astype(float))


def add_group_minimums(
    model: LinearModel, x: IntArray, group: IntArray, need: Sequence[int]
) -> IntArray:
    """At least one chosen option in each required group ``g`` of ``need``."""
    if not len(need):
        return np.zeros(0, np.int64)
    position = np.full(int(max(int(group.max()) if group.size else 0, max(need))) + 1, -1)
    position[list(need)] = np.arange(len(need))
    members = np.flatnonzero(position[group] >= 0)
    rows = sp.coo_matrix((np.ones(members.size), (position[group[members]], x[members])),
                         shape=(len(need), model.n_vars))
    return model.add_rows(rows, np.ones(len(need)), np.full(len(need), np.inf))


def add_conflicts(model: LinearModel, x: IntArray, pairs: IntArray) -> IntArray:
    """``x_a + x_b <= 1`` for each conflicting pair (kept option positions)."""
    k = len(pairs)
    if k == 0:
        return np.zeros(0, np.int64)
    rows = np.repeat(np.arange(k), 2)
    block = sp.coo_matrix((np.ones(2 * k), (rows, x[pairs.ravel()])), shape=(k, model.n_vars))
    return model.add_rows(block, np.full(k, -np.inf), np.ones(k))


def add_group_conflicts(
    model: LinearModel, x: IntArray, pairs: IntArray, group: IntArray | None
) -> tuple[IntArray, sp.csr_matrix, IntArray]:
    """Conflicts between whole groups in compact form; return ``(u, members, rest)``.

    Where the conflicting pairs of two groups ``a`` and ``b`` are every option of ``a`` against
    every option of ``b`` (a spacing rule between two mounts), one binary ``u_g`` per group
    (``x_t <= u_g`` for its options) and one row ``u_a + u_b <= 1`` replace the ``|a| |b|`` rows
    ``x_s + x_t <= 1``: the same plans, with a row per mount pair instead of per option pair
    (Katrineholm at a 100 m spacing: about 3,000 mount pairs for 7 million option pairs). The
    pair rows are gathered into cliques (:func:`clique_cover`): ``sum u <= 1`` over mounts all
    in conflict with each other, the same plans with a tighter LP (two rows ``u_a + u_b <= 1``
    allow three mounts at 1/2 each; one row over the three allows 1 in all).
    ``members`` maps the ``u`` to their options (rows: ``u``, columns: kept positions);
    ``rest`` are the pairs left for :func:`add_conflicts` (within a group, or of two groups
    not in conflict as a whole, e.g. two existing cameras).
    """
    empty = (np.zeros(0, np.int64), sp.csr_matrix((0, len(x))), pairs)
    if group is None or len(pairs) == 0:
        return empty
    n_groups = int(group.max()) + 1
    lo = np.minimum(group[pairs[:, 0]], group[pairs[:, 1]])
    hi = np.maximum(group[pairs[:, 0]], group[pairs[:, 1]])
    cross = np.flatnonzero(lo != hi)
    key = lo[cross] * n_groups + hi[cross]
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    ga, gb = uniq // n_groups, uniq % n_groups
    size = np.bincount(group, minlength=n_groups)
    complete = counts == size[ga] * size[gb]
    involved = np.unique(np.concatenate([ga[complete], gb[complete]]))
    covered = np.zeros(len(pairs), dtype=bool)
    covered[cross] = complete[inverse]
    n_members = int(size[involved].sum())
    if not complete.any() or n_members + int(complete.sum()) >= int(covered.sum()):
        return empty  # (no smaller than the pairs themselves)
    u = model.add_vars(np.zeros(len(involved)), np.ones(len(involved)), True,
                       np.zeros(len(involved)))
    slot = np.full(n_groups, -1)
    slot[involved] = np.arange(len(involved))
    mine = np.flatnonzero(slot[group] >= 0)
    k = len(mine)
    link = sp.coo_matrix(
        (np.concatenate([np.ones(k), -np.ones(k)]),
         (np.tile(np.arange(k), 2), np.concatenate([x[mine], u[slot[group[mine]]]]))),
        shape=(k, model.n_vars))
    model.add_rows(link, np.full(k, -np.inf), np.zeros(k))
    cliques = clique_cover(slot[ga[complete]], slot[gb[complete]])
    rows = np.repeat(np.arange(len(cliques)), [len(c) for c in cliques])
    cols = u[np.concatenate(cliques)] if cliques else np.zeros(0, np.int64)
    block = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(cliques), model.n_vars))
    model.add_rows(block, np.full(len(cliques), -np.inf), np.ones(len(cliques)))
    members = sp.csr_matrix((np.ones(k), (slot[group[mine]], mine)), shape=(len(u), len(x)))
    return u, members, pairs[~covered]


def _open_into(v: int, *, members: tuple[int, ...],
               open_edges: set[tuple[int, int]]) -> tuple[int, int]:
    """Sort key: most edges from ``v`` into ``members`` not yet held first, then ``v``."""
    return (-sum((min(v, m), max(v, m)) in open_edges for m in members), v)


def clique_cover(a: IntArray, b: IntArray) -> list[IntArray]:
    """Cliques of the graph with edges ``(a[i], b[i])`` that together hold every edge.

    Greedy and deterministic: for each edge not yet held (in order of its end points), a clique
    starts from it and grows by the common neighbour with the most edges not yet held into it
    (ties: the smallest vertex). Every vertex pair in a clique is an edge.
    """
    adjacent: dict[int, set[int]] = {}
    for s, t in zip(a.tolist(), b.tolist(), strict=True):
        adjacent.setdefault(s, set()).add(t)
        adjacent.setdefault(t, set()).add(s)
    open_edges = {(min(s, t), max(s, t)) for s, t in zip(a.tolist(), b.tolist(), strict=True)}
    cliques: list[IntArray] = []
    for edge in sorted(open_edges):
        if edge not in open_edges:
            continue
        members = list(edge)
        common = adjacent[edge[0]] & adjacent[edge[1]]
        while common:
            chosen = min(common, key=partial(_open_into, members=tuple(members),
                                             open_edges=open_edges))
            members.append(chosen)
            common &= adjacent[chosen]
        for i, s in enumerate(members):
            for t in members[i + 1:]:
                open_edges.discard((min(s, t), max(s, t)))
        cliques.append(np.array(sorted(members), dtype=np.int64))
    return cliques


def add_backup(model: LinearModel, red: Reduced, x: IntArray) -> IntArray:
    """Backup terms ``z``: ``need * z <= sum x`` (binary ``z`` when two cameras are needed)."""
    n = red.backup_sets.shape[0]
    if n == 0:
        return np.zeros(0, np.int64)
    two = red.backup_need == 2
    z1 = model.add_vars(np.zeros(int((~two).sum())), np.ones(int((~two).sum())), False,
                        red.backup_coef[~two])
    z2 = model.add_vars(np.zeros(int(two.sum())), np.ones(int(two.sum())), True,
                        red.backup_coef[two])
    z = np.empty(n, np.int64)
    z[~two], z[two] = z1, z2
    block = sp.hstack([-red.backup_sets, sp.diags(red.backup_need.astype(float))], format="coo")
    model.add_rows(_place(block, np.concatenate([x, z]), model.n_vars),
                   np.full(n, -np.inf), np.zeros(n))
    return z


def earned_by_label(red: Reduced, x: IntArray, y: IntArray, n_vars: int) -> sp.csr_matrix:
    """Rows ``(n_label_rows, n_vars)``: graded covered weight of each label row (minus offset)."""
    n_label_rows = red.lin.shape[0]
    by_set = sp.coo_matrix((red.set_coef, (red.set_label, np.arange(len(red.set_coef)))),
                           shape=(n_label_rows, len(red.set_coef)))
    block = sp.hstack([red.lin, by_set], format="coo")
    return _place(block, np.concatenate([x, y]), n_vars).tocsr()


def add_equity_floor(
    model: LinearModel, earned: sp.csr_matrix, offset: FloatArray, floor: FloatArray
) -> IntArray:
    """Hard shares: ``earned_L + offset_L >= floor_L`` for label rows with a positive floor."""
    active = np.flatnonzero(floor - offset > 0)
    if active.size == 0:
        return np.zeros(0, np.int64)
    return model.add_rows(earned[active], floor[active] - offset[active],
                          np.full(active.size, np.inf))


def add_min_share_variable(
    model: LinearModel, earned: sp.csr_matrix, offset: FloatArray, total: FloatArray
) -> int:
    """Max-min share: a variable ``t`` with ``earned_L + offset_L >= t * W_L`` for each label."""
    t = int(model.add_vars(np.zeros(1), np.ones(1), False, np.zeros(1))[0])
    active = np.flatnonzero(total > 0)
    if active.size:
        part = sp.coo_matrix(earned[active])
        rows = np.concatenate([part.row, np.arange(active.size)])
        cols = np.concatenate([part.col, np.full(active.size, t)])
        data = np.concatenate([part.data, -total[active]])
        block = sp.coo_matrix((data, (rows, cols)), shape=(active.size, model.n_vars))
        model.add_rows(block, -offset[active], np.full(active.size, np.inf))
    return t


def _place(block: sp.spmatrix, columns: IntArray, n_vars: int) -> sp.coo_matrix:
    """Map the columns of ``block`` to model variable indices ``columns``."""
    coo = sp.coo_matrix(block)
    return sp.coo_matrix((coo.data, (coo.row, columns[coo.col])), shape=(coo.shape[0], n_vars))
