"""Exact enumeration of every plan, for problems small enough (internal).

A MIP solver call costs a few milliseconds of model building and presolve before it starts; on a
problem with a handful of kept options and a small budget there are fewer plans than that time
buys. :func:`enumerate_plans` lists them all on the reduced problem (see
:mod:`planner._opt_reduce`), size by size in index order, dropping a branch as soon as it breaks
the budget, a group capacity or a conflict, and picks the winner of the documented tie-break
directly: the best objective; within :data:`~planner._opt_checks.TIE_RTOL` of it least cost,
then fewest options, then least index sum, and then the lexicographically smallest index list (the
MIP path leaves that last step to the solver's deterministic search).

Each plan's objective is the reduced model's own (set weights of the sets it hits, one-option
values, backup terms, penalties); the caller recomputes the winner with ``validate_plan``. Equity
rules are left to the MIP path (their floors carry the solver's row tolerances, which an exact
enumeration would not share).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_checks import COST_TIE_RTOL, TIE_RTOL, budget_cap
from planner._opt_reduce import OptionData, Reduced

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Enumerate when at most this many plans can exist (counted before any pruning).
MAX_PLANS = 20_000
#: ... and plans x (sets + backup terms) stays below this (memory and time of the bit tables).
MAX_CELLS = 4_000_000


def plan_count_bound(n_free: int, max_size: int) -> int:
    """Number of option subsets of at most ``max_size`` out of ``n_free``."""
    return sum(math.comb(n_free, k) for k in range(min(max_size, n_free) + 1))


def most_options(cost: FloatArray, room: float, group: IntArray | None,
                 capacity: IntArray | None) -> int:
    """Most options that fit into ``room`` (cheapest first), within the group capacities.

    ``group`` is each option's group, ``capacity`` the room left per group (indexed by group).
    """
    fits = int(np.searchsorted(np.cumsum(np.sort(cost)), room, side="right"))
    if group is not None and capacity is not None and len(group):
        present = np.unique(group)
        fits = min(fits, int(np.minimum(np.bincount(group)[present], capacity[present]).sum()))
    return fits


def enumerate_plans(red: Reduced, data: OptionData) -> NDArray[np.bool_] | None:
    """The tie-break winner as a mask over the kept options, or ``None`` when too large.

    ``data`` is over the kept options (``red.keep``), with the required groups (``need``: a
    plan holds an option of each). The required options (``red.fixed``) are in every plan; the
    caller has checked that they fit. ``None`` also when no plan holds an option of every
    required group (the MIP then says why).
    """
    cost, penalty, budget, group = data.cost, data.penalty, data.budget, data.group
    capacity, pairs, need = data.capacity, data.pairs, data.need
    n = len(red.keep)
    free = np.flatnonzero(~red.fixed)
    base_cost = float(cost[red.fixed].sum())
    # the budget as validate_plan checks it (SCIP's own row tolerance is looser still)
    room = budget_cap(budget) - base_cost
    left = np.zeros(0, dtype=np.int64)  # room per group beside the required options
    if group is not None and capacity is not None:
        left = capacity - np.bincount(group[red.fixed], minlength=len(capacity))
        size = most_options(cost[free], room, group[free], left)
    else:
        size = most_options(cost[free], room, None, None)
    nf = len(free)
    n_sets, n_backup = red.sets.shape[0], red.backup_sets.shape[0]
    bound = plan_count_bound(nf, size)
    if bound > MAX_PLANS:
        return None
    want = np.zeros((nf, 0), dtype=bool)  # per free option: the unserved required groups it serves
    if need and group is not None:
        served = set(group[red.fixed].tolist())
        columns = [group[free] == g for g in need if g not in served]
        if columns:
            want = np.column_stack(columns)
    if size == 0:  # nothing fits beside the required options: no table needed
        return red.fixed.copy() if want.shape[1] == 0 else None
    # tables: per plan (sets, backup terms, blocked options, members) and per option
    if bound * (n_sets + n_backup + 2 * nf + 1) + nf * (n_sets + n_backup + nf) > MAX_CELLS:
        return None
    # per free option: sets and backup terms it belongs to, conflicts among free options
    # (dense at once: the cell limit above keeps them small, and scipy's column slicing cost
    # 0.15 ms of SF's 2 ms solve)
    set_of = red.sets.toarray()[:, free].T != 0
    backup_of = (red.backup_sets.toarray()[:, free].T != 0).astype(np.int8)
    position = np.full(n, -1)
    position[free] = np.arange(nf)
    conflict = np.zeros((nf, nf), dtype=bool)
    base_blocked = np.zeros(nf, dtype=bool)
    for a, b in pairs:
        pa, pb = position[a], position[b]
        if pa >= 0 and pb >= 0:
            conflict[pa, pb] = conflict[pb, pa] = True
        elif pa >= 0:  # b is required
            base_blocked[pa] = True
        elif pb >= 0:
            base_blocked[pb] = True
    fgroup: IntArray | None = None
    left_cap: IntArray | None = None
    if group is not None and capacity is not None:
        # the groups of the free options only, numbered 0..g-1 (group ids may be sparse)
        present, fgroup = np.unique(group[free], return_inverse=True)
        left_cap = left[present]
        base_blocked |= left_cap[fgroup] <= 0
    lin = sp.csr_matrix(red.lin)
    lin_total = np.bincount(lin.indices, weights=lin.data, minlength=n)
    gain = (lin_total - penalty)[free]
    fixed_x = red.fixed.astype(np.float64)
    base_hit = np.asarray(red.sets @ fixed_x).ravel() > 0
    base_backup = np.minimum(np.asarray(red.backup_sets @ fixed_x).ravel(), 2).astype(np.int8)
    base_value = (float(red.offset.sum()) + red.backup_offset
                  + float((lin_total - penalty) @ fixed_x))

    # level k: plans of k free options, as arrays over plans
    members = np.zeros((1, 0), dtype=np.int64)
    last = np.array([-1])
    spent = np.array([0.0])
    blocked = base_blocked[None, :].copy()
    counts = (np.zeros((1, len(left_cap)), dtype=np.int64) if left_cap is not None else None)
    hit = base_hit[None, :].copy()
    backup = base_backup[None, :].copy()
    linear = np.array([0.0])
    found: list[tuple[IntArray, FloatArray, FloatArray]] = []
    index = np.arange(nf)
    fcost = cost[free]
    # without conflicts or group limits nothing is ever blocked: no table to carry
    track_blocked = bool(conflict.any() or base_blocked.any() or counts is not None)
    set_coef = red.set_coef
    has_backup = n_backup > 0
    while len(last):
        value = base_value + linear
        if n_sets:
            value = value + hit @ set_coef  # (bool @ float: numpy casts once, in C)
        if has_backup:
            value = value + (backup >= red.backup_need[None, :]) @ red.backup_coef
        if want.shape[1]:  # plans without an option of each required group do not count
            serves = np.asarray(want[members].any(axis=1), dtype=bool)
            value = np.where(serves.all(axis=1), value, -np.inf)
        found.append((members, value, spent))
        ok = (index[None, :] > last[:, None]) & (spent[:, None] + fcost[None, :] <= room)
        if track_blocked:
            ok &= ~blocked
        parent, option = np.nonzero(ok)
        if not len(parent):
            break
        members = np.hstack([members[parent], option[:, None]])
        last = option
        spent = spent[parent] + fcost[option]
        if track_blocked:
            blocked = blocked[parent] | conflict[option]
        if counts is not None and fgroup is not None and left_cap is not None:
            counts = counts[parent].copy()
            counts[np.arange(len(option)), fgroup[option]] += 1
            blocked |= counts[:, fgroup] >= left_cap[fgroup][None, :]
        hit = hit[parent] | set_of[option]
        if has_backup:
            backup = np.minimum(backup[parent] + backup_of[option], 2).astype(np.int8)
        linear = linear[parent] + gain[option]
    return _winner(found, free, red.keep, cost, red.fixed)


def _winner(found: list[tuple[IntArray, FloatArray, FloatArray]], free: IntArray,
            keep: IntArray, cost: FloatArray, fixed: NDArray[np.bool_]
            ) -> NDArray[np.bool_] | None:
    """Apply the tie-break to every enumerated plan and return the winner's mask.

    ``None`` when no plan counts (each worth ``-inf``: none meets the required groups).
    """
    best = max(float(value.max()) for _, value, _ in found)
    if not np.isfinite(best):
        return None
    floor = best - TIE_RTOL * max(1.0, abs(best))
    cost_tol = COST_TIE_RTOL * max(1.0, float(cost.sum()))
    tied = [(m[v >= floor], s[v >= floor]) for m, v, s in found]
    least = min(float(s.min()) for m, s in tied if len(s))
    cheapest = [m[s <= least + cost_tol] for m, s in tied]
    members = next(m for m in cheapest if len(m))  # fewest options: the first size with a plan
    original = keep[free][members] if members.size else members
    order = np.lexsort(original.T[::-1]) if original.shape[1] else np.zeros(1, dtype=np.int64)
    sums = original.sum(axis=1)
    pick = order[np.argmin(sums[order])]  # the first of the least sums in index order
    mask = fixed.copy()
    mask[free[members[pick]]] = True
    return mask
