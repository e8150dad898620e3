"""Exact reductions of a coverage problem before it is modelled (internal).

The graded objective ``sum_i w_i max_{j in P} A[i, j]`` is rewritten with *level sets*: for a
demand row with distinct values ``v_1 < ... < v_k`` the level ``l`` set is
``S_il = {j : A[i, j] >= v_l}`` and the row earns ``sum_l (v_l - v_{l-1}) [P meets S_il]``.
Every term depends on its set only, so identical sets from different rows are merged by summing
their coefficients (keyed by area label when an equity rule needs per-area sums). Then:

* rows with zero weight or no coverage are dropped; identical rows are merged (weights summed);
* sets that contain a required option are always met: their value becomes a constant;
* a set with one option becomes a linear coefficient on that option (no extra variable);
* options that are excluded, or that can add nothing (no set, no coefficient, no backup term), are
  dropped unless required or in a required group;
* option ``k`` is dropped when another option ``j`` dominates it: ``j`` is in every remaining set
  that holds ``k`` (so ``A[:, j] >= A[:, k]`` where it matters), ``k`` has no singleton value,
  ``c_j <= c_k``, ``penalty_j <= penalty_k``, the same group, ``j`` is in no conflict pair, ``k`` is
  not required and ``j`` wins the tie-break against ``k``: ``j < k``, or ``c_j`` is below ``c_k`` by
  more than the cost tie tolerance, or ``penalty_j`` below ``penalty_k`` by more than the objective
  tie tolerance (measured against a bound on the objective, so no smaller than in the tie-break). Swapping ``k`` for ``j`` (or removing
  ``k`` when ``j`` is already chosen) then never loses objective, cost, a group or conflict limit or
  an area share, and wins the tie-break, so no winning plan holds ``k``. Skipped when the backup
  bonus is positive (two chosen cameras seeing the same point both count there).

Sets are keyed by two independent 64-bit sums of random per-option keys (seeded, so reductions are
deterministic); two different sets share a key with probability below ``n_sets**2 / 2**128``.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_checks import COST_TIE_RTOL, TIE_RTOL

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
_DOMINANCE_MAX_WORK = 40_000_000


@dataclass(frozen=True, eq=False)
class OptionData:
    """What the searches without a MIP read of the kept options (positions in ``Reduced.keep``).

    Costs and penalties per kept option, the budget, the group (mount) per kept option
    (``None``: no groups) with ``capacity`` per original group, the conflicting pairs as
    positions, and the required groups (``need``: a plan holds an option of each). Greedy, the
    1-swaps and enumeration take it whole.
    """

    cost: FloatArray
    penalty: FloatArray
    budget: float
    group: IntArray | None
    capacity: IntArray | None
    pairs: IntArray
    need: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False)
class Reduced:
    """A reduced problem over the kept options (column ``t`` is original option ``keep[t]``).

    Attributes
    ----------
    keep
        Original indices of the model options, ascending.
    fixed
        True where the option is required (fixed to 1).
    sets, set_coef, set_label
        Level sets with two or more options (rows of a 0/1 CSR matrix over kept options), the
        objective weight of each and its label row (0 when no equity rule).
    lin
        ``(n_label_rows, n_kept)`` CSR: coverage value per option from one-option sets.
    offset
        ``(n_label_rows,)`` coverage value earned by the required options alone.
    backup_sets, backup_coef, backup_need
        Backup terms: the term earns its coefficient when at least ``need`` options of the set
        are chosen (``need`` is 1 or 2 after counting required options).
    backup_offset
        Backup value earned by the required options alone.
    stats
        Sizes before and after each step.
    """

    keep: IntArray
    fixed: NDArray[np.bool_]
    sets: sp.csr_matrix
    set_coef: FloatArray
    set_label: IntArray
    lin: sp.csr_matrix
    offset: FloatArray
    backup_sets: sp.csr_matrix
    backup_coef: FloatArray
    backup_need: IntArray
    backup_offset: float
    stats: dict[str, int]


@functools.lru_cache(maxsize=8)
def _keys(n: int, seed: int) -> NDArray[np.uint64]:
    """Fixed random odd 64-bit keys, one per option.

    Cached and read-only: every reduction asks for four, and a generator's set-up alone took
    10 us of SF's 2 ms solve.
    """
    rng = np.random.default_rng(seed)
    keys = rng.integers(1, 2**63, size=n, dtype=np.uint64) | np.uint64(1)
    keys.setflags(write=False)
    return keys


def _group_keys(columns: NDArray[Any]) -> tuple[IntArray, IntArray]:
    """Group equal rows of a 2-D uint64 key array: (first index per group, group of each row)."""
    if columns.shape[0] == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.lexsort(columns.T[::-1])
    sorted_cols = columns[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = np.any(sorted_cols[1:] != sorted_cols[:-1], axis=1)
    group_sorted = np.cumsum(new) - 1
    group = np.empty(len(order), dtype=np.int64)
    group[order] = group_sorted
    first = np.full(int(group_sorted[-1]) + 1, len(order), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(order)))
    return first, group


def merge_rows(
    matrix: sp.csr_matrix, weights: FloatArray, labels: IntArray
) -> tuple[sp.csr_matrix, FloatArray, IntArray]:
    """Merge identical (row pattern, values, label) rows, summing their weights."""
    n_options = matrix.shape[1]
    key_a, key_b = _keys(n_options, 11), _keys(n_options, 12)
    bits = matrix.data.view(np.uint64)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    with np.errstate(over="ignore"):
        term_a = (key_a[matrix.indices] ^ bits) * key_b[matrix.indices]
        term_b = (key_b[matrix.indices] + bits) * key_a[matrix.indices]
    hash_a = np.zeros(matrix.shape[0], np.uint64)
    hash_b = np.zeros(matrix.shape[0], np.uint64)
    np.add.at(hash_a, rows, term_a)
    np.add.at(hash_b, rows, term_b)
    nnz = np.diff(matrix.indptr).astype(np.uint64)
    cols = np.column_stack([labels.astype(np.uint64), nnz, hash_a, hash_b])
    first, group = _group_keys(cols)
    merged_w = np.bincount(group, weights=weights, minlength=len(first)).astype(np.float64)
    return matrix[first], merged_w, labels[first]


def _level_sets(
    matrix: sp.csr_matrix, weights: FloatArray, labels: IntArray, required: NDArray[np.bool_]
) -> tuple[IntArray, IntArray, IntArray, FloatArray, IntArray, NDArray[np.bool_], IntArray]:
    """Enumerate level sets as prefixes of rows sorted by value (descending).

    Returns (entry_cols, set_start, set_stop, coef, label, met_by_required, row) where a set is
    ``entry_cols[set_start:set_stop]``; ``row`` is the row of a set when it is the row's lowest
    level (the row's whole support, used for backup terms) and -1 otherwise.
    """
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    cols = matrix.indices[order].astype(np.int64)
    vals = matrix.data[order]
    row_start = matrix.indptr[:-1][rows]
    n = len(cols)
    last_in_row = np.ones(n, dtype=bool)
    if n:
        last_in_row[:-1] = rows[1:] != rows[:-1]
    level_end = last_in_row.copy()
    level_end[:-1] |= vals[1:] != vals[:-1]
    ends = np.flatnonzero(level_end)
    next_val = np.where(last_in_row[ends], 0.0, vals[np.minimum(ends + 1, n - 1)])
    coef = weights[rows[ends]] * (vals[ends] - next_val)
    req_cum = np.cumsum(required[cols].astype(np.int64))
    before = np.where(row_start[ends] > 0, req_cum[row_start[ends] - 1], 0)
    met = (req_cum[ends] - before) > 0
    support_row = np.where(last_in_row[ends], rows[ends], -1)
    return cols, row_start[ends], ends + 1, coef, labels[rows[ends]], met, support_row


def _set_hashes(cols: IntArray, start: IntArray, stop: IntArray, n_options: int) -> NDArray[Any]:
    key_a, key_b = _keys(n_options, 21), _keys(n_options, 22)
    with np.errstate(over="ignore"):
        cum_a = np.concatenate([[np.uint64(0)], np.cumsum(key_a[cols], dtype=np.uint64)])
        cum_b = np.concatenate([[np.uint64(0)], np.cumsum(key_b[cols], dtype=np.uint64)])
        hash_a = cum_a[stop] - cum_a[start]
        hash_b = cum_b[stop] - cum_b[start]
    return np.column_stack([(stop - start).astype(np.uint64), hash_a, hash_b])


def _ranges_to_csr(
    cols: IntArray, start: IntArray, stop: IntArray, n_options: int
) -> sp.csr_matrix:
    lengths = stop - start
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    offsets = np.arange(indptr[-1]) - np.repeat(indptr[:-1] - start, lengths)
    indices = cols[offsets]
    data = np.ones(len(indices))
    out = sp.csr_matrix((data, indices, indptr), shape=(len(start), n_options))
    out.sort_indices()
    return out


def _dominated(
    sets: sp.csr_matrix,
    lin_any: NDArray[np.bool_],
    cost: FloatArray,
    penalty: FloatArray,
    group: IntArray,
    blocked: NDArray[np.bool_],
    fixed: NDArray[np.bool_],
    cost_tol: float,
    pen_tol: float,
) -> NDArray[np.bool_]:
    """Return a mask of options dominated by another (conditions in the module docstring)."""
    n = sets.shape[1]
    out = np.zeros(n, dtype=bool)
    csc = sets.tocsc()
    col_size = np.diff(csc.indptr)
    candidates_k = np.flatnonzero((col_size > 0) & ~lin_any & ~fixed)
    if candidates_k.size == 0:
        return out
    set_size = np.diff(sets.indptr)
    # smallest set holding each candidate k
    rows_of = csc.indices
    col_of = np.repeat(np.arange(n), col_size)
    size_of = set_size[rows_of]
    order = np.lexsort((rows_of, size_of, col_of))
    first_pos = csc.indptr[:-1]
    best_set = np.full(n, -1, dtype=np.int64)
    has = col_size > 0
    best_set[has] = rows_of[order[first_pos[has]]]
    s = best_set[candidates_k]
    lengths = set_size[s]
    pair_k = np.repeat(candidates_k, lengths)
    starts = sets.indptr[s]
    offs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    pair_j = sets.indices[offs].astype(np.int64)
    ok = (pair_j != pair_k) & ~blocked[pair_j]
    ok &= (cost[pair_j] <= cost[pair_k]) & (penalty[pair_j] <= penalty[pair_k])
    ok &= group[pair_j] == group[pair_k]
    # j must win the tie-break against k: strictly cheaper or less penalised by more than the
    # tie tolerances (within them the plans tie and the lower index, k, would win), or lower
    ok &= ((cost[pair_j] < cost[pair_k] - cost_tol) | (penalty[pair_j] < penalty[pair_k] - pen_tol)
           | (pair_j < pair_k))
    ok &= col_size[pair_j] >= col_size[pair_k]
    pair_j, pair_k = pair_j[ok], pair_k[ok]
    work = int(col_size[pair_k].sum())
    if work > _DOMINANCE_MAX_WORK:
        logger.info("dominance check skipped: %d membership tests exceed the cap %d",
                    work, _DOMINANCE_MAX_WORK)
        return out
    if pair_k.size == 0:
        return out
    member_keys = np.sort(np.repeat(np.arange(sets.shape[0]), set_size) * n + sets.indices)
    reps = col_size[pair_k]
    test_sets = rows_of[np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps
                                                         - csc.indptr[pair_k], reps)]
    test_keys = test_sets * n + np.repeat(pair_j, reps)
    pos = np.searchsorted(member_keys, test_keys)
    pos = np.minimum(pos, len(member_keys) - 1)
    hit = member_keys[pos] == test_keys
    pair_id = np.repeat(np.arange(len(pair_k)), reps)
    missing = np.bincount(pair_id, weights=~hit, minlength=len(pair_k))
    out[pair_k[missing == 0]] = True
    return out


def reduce_problem(
    problem: Any, *, equity: bool, dominance: bool = True, compact: bool = False
) -> Reduced:
    """Reduce a validated :class:`~planner.optimize.CoverageProblem` (see the module docstring).

    Parameters
    ----------
    problem
        The problem.
    equity
        Keep level sets apart per area label (needed by the equity rule).
    dominance
        Apply the dominance rule (it is also skipped automatically with a backup bonus).
    compact
        Skip every reduction: one level variable per (row, level), all allowed options kept (the
        plain textbook model, for comparisons).
    """
    matrix: sp.csr_matrix = problem.coverage
    n_demand, n_options = matrix.shape
    stats: dict[str, int] = {"rows_in": n_demand, "options_in": n_options, "nnz_in": matrix.nnz}
    active = np.ones(n_options, dtype=bool)
    active[list(problem.excluded)] = False
    required = np.zeros(n_options, dtype=bool)
    required[list(problem.required)] = True
    # excluded columns out and explicit zeros dropped, on the arrays (a product with a sparse
    # diagonal cost 1 ms of SF's 3 ms solve in scipy's format conversions)
    matrix = sp.csr_matrix(matrix, copy=True)
    matrix.data[~active[matrix.indices]] = 0.0
    matrix.eliminate_zeros()
    labels = (problem.labels + 1 if equity and problem.labels is not None
              else np.zeros(n_demand, np.int64))
    keep_rows = (problem.weights > 0) & (np.diff(matrix.indptr) > 0)
    matrix, weights, labels = matrix[keep_rows], problem.weights[keep_rows], labels[keep_rows]
    matrix.sort_indices()
    stats["rows_covered"] = matrix.shape[0]
    if not compact:
        matrix, weights, labels = merge_rows(matrix, weights, labels)
    stats["rows_merged"] = matrix.shape[0]
    n_label_rows = int(labels.max()) + 1 if labels.size else 1
    if equity and problem.labels is not None and problem.labels.size:
        n_label_rows = max(n_label_rows, int(problem.labels.max()) + 2)

    cols, start, stop, coef, set_lab, met, lowest = _level_sets(matrix, weights, labels, required)
    stats["level_terms"] = len(coef)
    if compact:
        met[:] = False
    offset = np.bincount(set_lab[met], weights=coef[met],
                         minlength=n_label_rows).astype(np.float64)
    live = ~met & (coef > 0)
    single = live & (stop - start == 1) & (not compact)
    lin = sp.csr_matrix((coef[single], (set_lab[single], cols[start[single]])),
                        shape=(n_label_rows, n_options))
    multi = np.flatnonzero(live & ~single)
    if compact:
        first = group = np.arange(len(multi))
    else:
        keys = np.column_stack([set_lab[multi].astype(np.uint64),
                                _set_hashes(cols, start[multi], stop[multi], n_options)])
        first, group = _group_keys(keys)
    set_coef = np.bincount(group, weights=coef[multi], minlength=len(first)).astype(np.float64)
    rep = multi[first]
    sets = _ranges_to_csr(cols, start[rep], stop[rep], n_options)
    set_label = set_lab[rep].astype(np.int64)

    # backup terms: the whole support of each row (its lowest level set)
    bonus = float(problem.backup_bonus)
    backup_offset = 0.0
    bsets = sp.csr_matrix((0, n_options))
    bcoef = np.zeros(0)
    bneed = np.zeros(0, np.int64)
    if bonus > 0:
        low = np.flatnonzero(lowest >= 0)
        rows_w = bonus * weights[lowest[low]]
        full = _ranges_to_csr(cols, start[low], stop[low], n_options)
        n_req = np.asarray(full @ required.astype(np.float64)).astype(np.int64)
        free = full @ sp.diags((~required).astype(np.float64))
        free = sp.csr_matrix(free)
        free.eliminate_zeros()
        need = 2 - n_req
        backup_offset = float(rows_w[need <= 0].sum())
        ok = (need > 0) & (np.diff(free.indptr) >= need)
        idx = np.flatnonzero(ok)
        sub = free[idx]
        hk = _set_hashes(sub.indices.astype(np.int64), sub.indptr[:-1].astype(np.int64),
                         sub.indptr[1:].astype(np.int64), n_options)
        bfirst, bgroup = _group_keys(np.column_stack([need[idx].astype(np.uint64), hk]))
        bcoef = np.bincount(bgroup, weights=rows_w[idx], minlength=len(bfirst)).astype(np.float64)
        bsets = sub[bfirst]
        bneed = need[idx][bfirst].astype(np.int64)

    # useful options
    useful = required.copy()
    useful |= np.diff(sets.tocsc().indptr) > 0
    useful |= np.asarray(lin.sum(axis=0)).ravel() > 0
    if bonus > 0:
        useful |= np.diff(bsets.tocsc().indptr) > 0
    useful = active.copy() if compact else useful & active
    must = tuple(getattr(problem, "required_groups", ()))
    if must:  # (a required mount's options stay, even those that see nothing: one must be chosen)
        useful |= np.isin(problem.groups, must) & active
    stats["options_useful"] = int(useful.sum())
    if dominance and bonus == 0 and not compact:
        group = (problem.groups if problem.groups is not None
                 else np.zeros(n_options, np.int64))
        blocked = np.zeros(n_options, dtype=bool)
        blocked[problem.conflicts.ravel()] = True
        blocked |= ~useful
        lin_any = np.asarray((abs(lin)).sum(axis=0)).ravel() > 0
        penalty = (problem.penalties if problem.penalties is not None
                   else np.zeros(n_options))
        # the tie-break's tolerances, made no smaller than on any reduced problem: the cost
        # tolerance over all options' costs, the objective one over a bound on |objective|
        cost_tol = COST_TIE_RTOL * max(1.0, float(np.sum(problem.costs)))
        scale = float(np.sum(problem.weights)) + float(np.sum(penalty))
        pen_tol = TIE_RTOL * max(1.0, scale)
        useful &= ~_dominated(sets, lin_any, problem.costs, penalty, group, blocked, required,
                              cost_tol, pen_tol)
    keep = np.flatnonzero(useful)
    stats["options_kept"] = len(keep)
    sets = sets[:, keep]
    bsets = bsets[:, keep] if bonus > 0 else sp.csr_matrix((0, len(keep)))
    lin = lin[:, keep]
    stats["sets"] = sets.shape[0]
    stats["set_nnz"] = sets.nnz
    stats["backup_sets"] = bsets.shape[0]
    logger.info(
        "reduced: rows %d -> %d covered -> %d merged; options %d -> %d useful -> %d kept; "
        "%d level terms -> %d sets (%d nonzeros) + %d one-option terms",
        n_demand, stats["rows_covered"], stats["rows_merged"], n_options,
        stats["options_useful"], stats["options_kept"], stats["level_terms"], stats["sets"],
        stats["set_nnz"], lin.nnz,
    )
    return Reduced(
        keep=keep, fixed=required[keep], sets=sets, set_coef=set_coef, set_label=set_label,
        lin=lin, offset=offset, backup_sets=bsets, backup_coef=bcoef, backup_need=bneed,
        backup_offset=backup_offset, stats=stats,
    )


def restrict(red: Reduced, drop: NDArray[np.bool_], force: NDArray[np.bool_]) -> Reduced:
    """Fix kept options to 0 (``drop``) or 1 (``force``) and shrink the sets accordingly.

    Sets met by a forced option become constants, dropped members leave their sets, and sets
    left with one member become linear coefficients (used after reduced-cost fixing).
    """
    forced = (force | red.fixed) & ~drop
    stay = ~drop
    n_rows = red.lin.shape[0]
    met = np.asarray(red.sets @ forced.astype(float)).ravel() > 0
    offset = red.offset + np.bincount(red.set_label[met], weights=red.set_coef[met],
                                      minlength=n_rows).astype(np.float64)
    sets = red.sets[~met][:, stay]
    coef, label = red.set_coef[~met], red.set_label[~met]
    size = np.diff(sets.indptr)
    one = size == 1
    lin = red.lin[:, stay] + sp.csr_matrix(
        (coef[one], (label[one], sets.indices[sets.indptr[:-1][one]])), shape=(n_rows, stay.sum()))
    many = size >= 2
    bsets = red.backup_sets
    bneed, bcoef, boffset = red.backup_need, red.backup_coef, red.backup_offset
    if bsets.shape[0]:
        need = bneed - np.asarray(bsets @ forced.astype(float)).ravel().astype(np.int64)
        boffset += float(bcoef[need <= 0].sum())
        free = sp.csr_matrix(bsets[:, stay] @ sp.diags((~forced[stay]).astype(float)))
        free.eliminate_zeros()
        ok = (need > 0) & (np.diff(free.indptr) >= need)
        bsets, bneed, bcoef = free[ok], need[ok], bcoef[ok]
    stats = dict(red.stats)
    stats["options_free_after_lp"] = int((stay & ~forced).sum())
    return Reduced(
        keep=red.keep[stay], fixed=forced[stay], sets=sets[many], set_coef=coef[many],
        set_label=label[many], lin=sp.csr_matrix(lin), offset=offset, backup_sets=bsets,
        backup_coef=bcoef, backup_need=bneed, backup_offset=boffset, stats=stats,
    )


def full_cover_cost_bound(red: Reduced, cost: FloatArray, limit: float) -> float:
    """A lower bound on the cost of any plan that earns every term of ``red`` (stops past ``limit``).

    Such a plan holds the required options and every option with a one-option value, and one
    option of each level set. Sets that share no option with each other nor with those need one
    option each, so a packing of pairwise disjoint sets (smallest first, skipping sets that meet
    an option already counted) adds the cheapest member of each packed set. Once the sum passes
    ``limit`` (the budget) it is returned at once: no plan within the budget covers everything.
    One sort of the sets by size and one pass over their nonzeros. The full-coverage stage runs
    before the LP when the bound fits the budget (SJC324, S = 250, p = 30: 25 of 30) and not at
    all when it does not (every other benchmark instance: the bound passes the budget).
    """
    used = red.fixed | (np.asarray(abs(red.lin).sum(axis=0)).ravel() > 0)
    bound = float(cost[used].sum())
    if bound > limit:
        return bound
    sets = red.sets[red.set_coef > 0]
    indptr, indices = sets.indptr, sets.indices
    for i in np.argsort(np.diff(indptr), kind="stable").tolist():
        members = indices[indptr[i]:indptr[i + 1]]
        if used[members].any():
            continue
        used[members] = True
        bound += float(cost[members].min())
        if bound > limit:
            break
    return bound
