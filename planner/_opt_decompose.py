"""A bound below the LP's for models too large for the full MIP: decomposition by blocks (internal).

A large model (:mod:`planner._opt_large`) ends with the LP relaxation's bound, and on camera
models the LP lies well above any plan: overlapping views let it pay half for two cameras that
each see most of a street. This module proves a tighter bound by Lagrangian decomposition:

1. the budget row is priced at the LP's dual ``lambda`` (any ``lambda >= 0`` gives a bound):
   ``OPT <= lambda B + max_x [F(x) - (lambda c + p) x]`` over the plans that keep the other
   rules, where ``F`` is the coverage (and backup) value and ``p`` the privacy penalties;
2. ``F`` is a sum of terms, one per level set, and the demand's blocks
   (:attr:`CoverageProblem.blocks <planner.optimize.CoverageProblem>`, e.g. the planned areas)
   partition them: ``F = sum_b F_b``. Each block gets its own copy ``x_b`` of the options, and
   the copies' link ``x_b = x`` is priced too (``s_b``), so that
   ``max_x [F(x) - (lambda c + p) x] <= M(s) + sum_b max_x [F_b(x) - s_b x]``, where the
   *master* ``M(s) = max_x [sum_b s_b - lambda c - p] x`` keeps the rules without coverage (the
   budget, mount limits and minimums, spacing conflicts, required options;
   :func:`master_model`) and each block's MIP (:func:`block_model`) keeps the budget, mount
   limits and conflicts among its options, every option at its full cost. SCIP solves each to
   optimality or to its node limit (:data:`BLOCK_NODE_LIMIT`); the sum takes their proven
   bounds.
3. The prices: each block pays for an option what the LP's duals say its coverage there is
   worth (:func:`block_gains`, with the area shares' duals where a block keeps its area's share)
   plus a part of what the option's price exceeds its gains by (:func:`split_prices`, in
   proportion to the gains). Where the gains exceed the price (an option the LP takes whole, or
   one of a mount whose limit binds), the master gets the rest, once, under the mount limits:
   two blocks cannot each take the surplus of one mount's camera (splitting it over the blocks
   had given a bound above the LP's where blocks cut through a mount's views) -- unless no
   block can (:func:`uncontested`: the mount has room, or all its options with a surplus see
   one block, which keeps the mount's limit itself), when the blocks take its price whole,
   which bounds at least as tightly. An option of a mount that must carry a camera pays its
   shortfall in the master, where that rule is.

The sum is a valid upper bound for any prices and any ``lambda``; at the LP's duals it equals
the LP bound when every block's MIP is its own LP (at most the LP's, to the solver's
tolerance: a property test), and lies below it where a block's integrality bites. Rules left
out of the blocks only loosen it (still valid): required mounts, and area shares (``labels``
with ``min_share``) unless a block is a whole area, when it keeps that area's share (the
planner's equity scenarios). Not for max-min equity (its objective is the smallest share).

A block too large for a small MIP (over :data:`MAX_BLOCK_VARS` variables), and a problem
without blocks, is cut along its coverage (:mod:`planner._opt_partition`) into pieces of about
:data:`SPLIT_BLOCK_VARS`; a cut through shared views loosens the bound, so given blocks within
the limit are kept whole. The same input gives the same bound: the blocks' MIPs stop at node
limits, not clocks, and the cuts are deterministic; a deadline that comes first abandons the
decomposition (the LP bound stays).

Measured on Katrineholm's default scenario (8 MSEK, 14 areas): the LP bound 6,980.13 with the
plan at 6,940.81 (gap 0.56 %) becomes 6,948.53 (gap 0.11 %) in 4.9 s; with a 5 % share per area
(the ``equity`` variant) 1.32 % becomes 0.88 %. The open-ground camera instance (no blocks; 69
pieces of at most 4,524 variables): 67,575.36 becomes 67,541.34 in 8.5 s. See
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import connected_components

from planner import _opt_model as mb
from planner._opt_built import _build, _option_data, _pairs
from planner._opt_params import NO_KNAPSACK_CUTS
from planner._opt_partition import split_blocks
from planner._opt_reduce import Reduced, _set_hashes, reduce_problem
from planner._opt_solvers import MipOutcome, _left, run_mip
from planner.errors import SolverError

#: (the name of the module these lines came from: the same logs as before the split)
logger = logging.getLogger("planner.optimize")

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: SCIP's node limit for one block's MIP (``limits/nodes``): deterministic, so the bound
#: reproduces; a block that stops there gives its proven bound, not its optimum.
BLOCK_NODE_LIMIT = 500
#: SCIP settings of the blocks' MIPs: no Gomory or aggregation cuts, no restarts. Katrineholm's
#: 14 blocks (8 MSEK), all solved at the root or within 50 nodes: 22.2 s with SCIP's defaults,
#: 10.5 s without the two cuts, 8.7 s without restarts as well (the same bounds). No dual
#: reductions: SCIP's dual presolving of linear rows (``constraints/linear/dualpresolving``)
#: called a plan worth 0.333 optimal on a 6-variable block whose optimum is 1.333 (an area's
#: share row beside the budget; a review's random cross-check, in ``tests/test_opt_decompose.py``),
#: so the bound fell below a plan (22 < 23); off, the blocks cost the same within the noise.
BLOCK_SCIP = (f"{NO_KNAPSACK_CUTS}\npresolving/maxrestarts = 0\n"
              "misc/allowstrongdualreds = FALSE\nmisc/allowweakdualreds = FALSE")
#: Blocks solved at a time (threads; SCIP runs outside Python's lock): Katrineholm's 14 blocks
#: 9.4 s one at a time, 6.0 s two at a time on this 2-core machine (the same bounds).
BLOCK_THREADS = 2
#: The largest block model (options + level sets) the decomposition takes on: every block must
#: be at most this large, or the LP bound stays (a deterministic rule, decided before any solve).
#: Katrineholm's blocks have at most 4,613 variables (8 MSEK); the open-ground camera instance's
#: 39 areas 10,091-14,575, where one block's root alone took 17-19 s and all 39 75 s.
MAX_BLOCK_VARS = 8_000
#: A block over :data:`MAX_BLOCK_VARS` (or a problem without blocks) is cut into pieces
#: estimated at most this large (:func:`planner._opt_partition.split_blocks`); halved for a
#: block whose pieces were still too large (of :data:`CUT_ATTEMPTS` reductions in all).
SPLIT_BLOCK_VARS = 4_000
CUT_ATTEMPTS = 3
#: Relative weight that lets a block's price share reach an option the LP's duals give no
#: value there (so every block an option sees carries a little of its price).
SEEN_EPS = 1e-9


@dataclass(frozen=True)
class Decomposed:
    """The decomposition's outcome.

    ``bound`` is ``inf`` when it was abandoned (``timed_out``: the deadline came first).
    """

    bound: float
    blocks: int
    exact_blocks: int
    timed_out: bool
    seconds: float


def problem_blocks(problem) -> NDArray[np.int64] | None:  # type: ignore[no-untyped-def]
    """The demand's blocks: ``problem.blocks``, else its ``labels``; ``None`` for fewer than two."""
    blocks = problem.blocks if problem.blocks is not None else problem.labels
    if blocks is None or len(np.unique(blocks[blocks >= 0])) < 2:
        return None
    return np.asarray(blocks, dtype=np.int64)


def blocks_seen(red: Reduced) -> NDArray[np.bool_]:
    """Which blocks each option sees, ``(n_rows + 1, n_options)``.

    One row per label row of ``red`` (the option has a one-option value there or is in one of
    its level sets) and a last row for the backup terms (the option is in one of them).
    """
    n_rows, n_sets = red.lin.shape[0], red.sets.shape[0]
    member = sp.csr_matrix((np.ones(n_sets), (red.set_label, np.arange(n_sets))),
                           shape=(n_rows, n_sets))
    return np.vstack([(abs(red.lin) + member @ red.sets).toarray() > 0,
                      np.diff(red.backup_sets.tocsc().indptr).reshape(1, -1) > 0])


def block_gains(red: Reduced, duals: FloatArray) -> FloatArray:
    """The LP's dual value of each option's coverage per block, as :func:`blocks_seen`'s rows.

    In a label row: its one-option value there plus the duals of the level sets it is in; in
    the last: the duals of the backup rows it is in.
    """
    n_rows, n_sets = red.lin.shape[0], red.sets.shape[0]
    n_backup = red.backup_sets.shape[0]
    by_block = sp.csr_matrix((np.abs(duals[:n_sets]), (red.set_label, np.arange(n_sets))),
                             shape=(n_rows, n_sets))
    backup_dual = np.abs(duals[n_sets:n_sets + n_backup])
    return np.vstack([(abs(red.lin) + by_block @ red.sets).toarray(),
                      np.asarray(red.backup_sets.T @ backup_dual).reshape(1, -1)])


def split_prices(gain: FloatArray, seen: NDArray[np.bool_], price: FloatArray) -> FloatArray:
    """Each option's ``price`` split over the blocks it ``seen``s, in proportion to ``gain``.

    With :data:`SEEN_EPS` of the weight for every block seen at all (a block where the LP's
    duals give the option no value still carries a little of its price); each column sums to
    ``price`` for an option that sees some block and to 0 for the rest.
    """
    weight = np.where(seen, np.maximum(gain, 0.0), 0.0)
    total = weight.sum(axis=0)
    weight += np.where(seen, SEEN_EPS * np.maximum(total, 1e-12), 0.0)
    total = weight.sum(axis=0)
    return weight / np.where(total > 0, total, 1.0) * price


def block_model(problem, red: Reduced, row: int, cols: IntArray,  # type: ignore[no-untyped-def]
                share: FloatArray, floor: float = 0.0) -> mb.LinearModel:
    """The MIP of block ``row`` over its options ``cols`` (positions in ``red.keep``).

    Its level sets and one-option values (``row`` = the number of label rows: the backup
    terms), the options' price ``share`` taken off the objective, the budget at full costs,
    mount limits and spacing conflicts among ``cols``; required options fixed to 1.
    """
    backup = row == red.lin.shape[0]
    rows = np.flatnonzero(red.set_label == row) if not backup else np.zeros(0, np.int64)
    n = len(cols)
    sub = dataclasses.replace(
        red, keep=red.keep[cols], fixed=red.fixed[cols], sets=red.sets[rows][:, cols].tocsr(),
        set_coef=red.set_coef[rows], set_label=np.zeros(len(rows), np.int64),
        lin=(sp.csr_matrix((1, n)) if backup else sp.csr_matrix(red.lin[row][:, cols])),
        offset=np.zeros(1),
        backup_sets=(sp.csr_matrix(red.backup_sets[:, cols]) if backup
                     else sp.csr_matrix((0, n))),
        backup_coef=red.backup_coef if backup else np.zeros(0),
        backup_need=red.backup_need if backup else np.zeros(0, np.int64), backup_offset=0.0)
    model = mb.LinearModel()
    x = mb.add_options(model, sub, share)
    y = mb.add_coverage_levels(model, sub, x)
    mb.add_backup(model, sub, x)
    add_plan_rules(model, problem, sub.keep, x, minimums=False)
    if not backup and floor > red.offset[row]:  # (the block is its area: the area's share)
        earned = mb.earned_by_label(sub, x, y, model.n_vars)
        mb.add_equity_floor(model, earned, red.offset[row:row + 1], np.array([floor]))
    return model


def mapped_duals(main: Reduced, duals: FloatArray, red: Reduced) -> FloatArray | None:
    """The LP duals of the block model ``red`` from those of the plain model ``main``.

    The two models differ only in that ``red`` keeps the level sets of different blocks apart:
    a set of ``main`` split over blocks takes its dual in proportion to each part's weight,
    which is dual feasible for ``red`` with the same value, so optimal (and saves a second LP
    solve: 4 s on Katrineholm). ``None`` when the two do not line up (other kept options or
    backup terms, a set with no counterpart: ``main`` split by equity labels), and the block
    model's own LP is solved instead. Layout: ``red``'s level-set rows, backup rows, budget.
    """
    n_main, n_backup = main.sets.shape[0], main.backup_sets.shape[0]
    if (not np.array_equal(main.keep, red.keep) or len(duals) <= n_main + n_backup
            or red.backup_sets.shape != main.backup_sets.shape
            or (red.backup_sets != main.backup_sets).nnz):
        return None
    n = len(main.keep)

    def keys(sets: sp.csr_matrix) -> NDArray[np.uint64]:
        indptr = sets.indptr.astype(np.int64)
        return _set_hashes(sets.indices.astype(np.int64), indptr[:-1], indptr[1:], n)

    # (sets of ``main`` can repeat: they were told apart by options the dominance rule dropped
    # later; each option set's dual and weight are their sums)
    both = np.vstack([keys(main.sets), keys(red.sets)])
    unique, index = np.unique(both, axis=0, return_inverse=True)
    index = index.ravel()
    of_main, of_red = index[:n_main], index[n_main:]
    weight = np.bincount(of_main, weights=main.set_coef, minlength=len(unique))
    mass = np.bincount(of_main, weights=np.abs(duals[:n_main]), minlength=len(unique))
    split = np.bincount(of_red, weights=red.set_coef, minlength=len(unique))
    if np.any(weight[of_red] <= 0) or not np.allclose(split, weight, rtol=1e-9, atol=0.0):
        return None
    part = mass[of_red] * red.set_coef / weight[of_red]
    return np.concatenate([part, duals[n_main:n_main + n_backup + 1]])


def uncontested(data, fixed: NDArray[np.bool_],  # type: ignore[no-untyped-def]
                surplus: NDArray[np.bool_], seen: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The options with a ``surplus`` (gains above their price) whose price the blocks take whole.

    Either the master would take the option whatever the rest (its mount has room for every
    option with a surplus, ``fixed`` or of a mount that must carry a camera, and no conflict
    pairs it with another such option), or every such option that a mount limit or a conflict
    ties it to sees the one block it sees and no other (``seen``: blocks x options), whose MIP
    then keeps those rules itself, and none is of a mount that must carry a camera (a rule
    only the master holds). Then splitting its whole price over its blocks bounds at
    least as tightly as giving the master the surplus: each block's value falls, as its price
    rises, by at most its part of the surplus of what it takes, which the master would have
    taken too. None where those options cost more than the budget together (the master's
    budget could then bind).
    """
    taking = surplus | fixed
    if data.group is not None and len(data.need):  # (a mount that must carry a camera)
        taking = taking | np.isin(data.group, data.need)
    if float(data.cost[taking].sum()) > float(data.budget):
        return np.zeros_like(surplus)
    n = len(surplus)
    # the options tied together: by a mount (a node per group) or a conflict, among ``taking``
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    n_groups = 0
    if data.group is not None:
        n_groups = int(data.group.max(initial=-1)) + 1
        members = np.flatnonzero(taking)
        rows.append(members)
        cols.append(n + data.group[members])
    pairs = np.asarray(data.pairs, dtype=np.int64).reshape(-1, 2)
    pairs = pairs[taking[pairs[:, 0]] & taking[pairs[:, 1]]]
    rows.append(pairs[:, 0])
    cols.append(pairs[:, 1])
    row, col = np.concatenate(rows), np.concatenate(cols)
    graph = sp.coo_matrix((np.ones(len(row)), (row, col)), shape=(n + n_groups,) * 2)
    _, component = connected_components(graph, directed=False)
    component = component[:n]
    # each component's blocks (among its taking options) and its size
    where = sp.csr_matrix(seen[:, taking].T.astype(np.float64))
    per = sp.csr_matrix((np.ones(int(taking.sum())), (component[taking],
                                                       np.arange(int(taking.sum())))),
                        shape=(n + n_groups, int(taking.sum())))
    blocks = (per @ where).toarray() > 0
    # (an option in no block, e.g. a required one whose views are all its own, is in no
    # block's MIP to hold the others back)
    nowhere = np.bincount(component[taking], weights=(~seen[:, taking].any(axis=0)).astype(float),
                          minlength=n + n_groups) > 0
    # (nor one of a mount that must carry a camera: only the master holds that rule, and a
    # block could take the option the mount's camera would exclude)
    needy = np.zeros(n, bool)
    if data.group is not None and len(data.need):
        needy = np.isin(data.group, data.need)
    needs = np.bincount(component[taking], weights=needy[taking].astype(float),
                        minlength=n + n_groups) > 0
    local = (blocks.sum(axis=1) <= 1) & ~nowhere & ~needs
    alone = np.bincount(component[taking], minlength=n + n_groups) <= 1
    free = surplus & (local[component] | alone[component])
    if data.group is not None and data.capacity is not None:  # (room for all in the mount)
        counts = np.bincount(data.group[taking], minlength=len(data.capacity))
        roomy = counts[data.group] <= np.asarray(data.capacity)[data.group]
        unpaired = ~np.isin(np.arange(n), pairs.ravel())
        free |= surplus & roomy & unpaired
    return free


def master_model(problem, red: Reduced,  # type: ignore[no-untyped-def]
                 reward: FloatArray) -> mb.LinearModel:
    """The master of the decomposition: ``max reward x`` over the plans' rules without coverage.

    One binary per kept option (required ones fixed to 1): the budget, mount limits and
    minimums, spacing conflicts. ``reward`` is what the blocks' prices of an option add up to
    less its own price: positive where the LP would take more of it than a mount allows.
    """
    model = mb.LinearModel()
    x = model.add_vars(red.fixed.astype(float), np.ones(len(red.keep)), True, reward)
    add_plan_rules(model, problem, red.keep, x, minimums=True)
    return model


def add_plan_rules(model: mb.LinearModel, problem, keep: IntArray,  # type: ignore[no-untyped-def]
                   x: IntArray, *, minimums: bool) -> None:
    """The rules of a plan without coverage over the options ``keep`` (variables ``x``).

    The budget at full costs, mount limits (and, with ``minimums``, the mounts that must carry
    a camera: the master's alone), spacing conflicts.
    """
    mb.add_budget(model, x, np.asarray(problem.costs, dtype=np.float64)[keep], problem.budget)
    groups = None
    if problem.groups is not None and problem.capacity is not None:
        groups = np.asarray(problem.groups)[keep]
        mb.add_group_limits(model, x, groups, problem.capacity)
        if minimums:
            mb.add_group_minimums(model, x, groups, problem.required_groups)
    _, _, pairs = mb.add_group_conflicts(model, x, _pairs(problem, keep), groups)
    mb.add_conflicts(model, x, pairs)


def decomposition_bound(problem, deadline: float,  # type: ignore[no-untyped-def]
                        node_limit: int = BLOCK_NODE_LIMIT, *,
                        prices: tuple[Reduced, MipOutcome] | None = None) -> Decomposed:
    """The decomposition bound of ``problem`` (see the module docstring).

    ``prices``: the plain model's reduction and its LP (with duals), whose prices the blocks
    take when they line up (:func:`mapped_duals`); else the block model's LP is solved.

    ``inf`` as the bound when the problem has max-min equity or no two blocks within
    :data:`MAX_BLOCK_VARS`, when the ``deadline`` comes first (``timed_out``), or when a
    block's solver fails (the LP bound then stays, as after a deadline, but the run is not
    called time-limited).
    """
    started = time.perf_counter()
    if problem.equity == "maxmin":
        return Decomposed(float("inf"), 0, 0, False, 0.0)
    given = problem_blocks(problem)
    # each block keeps its own area's share where it is a whole area (the planner's equity
    # scenarios: blocks = areas); required mounts stay in the reduction and the LP (so that the
    # plain model's options and prices line up with it) and in the master, not in the blocks
    shares = (problem.labels is not None and problem.equity == "hard" and given is not None
              and np.array_equal(problem.labels, given)
              and bool(np.any(np.asarray(problem.min_share) > 0)))
    # blocks too large are cut (_opt_partition) into pieces of as many options and level sets
    # (estimated: the plain model's level sets per live row) as SPLIT_BLOCK_VARS, then halved
    live_rows = int(np.count_nonzero((np.diff(problem.coverage.indptr) > 0)
                                     & (np.asarray(problem.weights) > 0)))
    per_row = prices[0].sets.shape[0] / max(live_rows, 1) if prices is not None else 1.0
    # (the given blocks to cut, each with its limit: halved for a block whose pieces were
    # still too large)
    cut: dict[int, float] = {-1: SPLIT_BLOCK_VARS} if given is None else {}
    for _ in range(CUT_ATTEMPTS):
        parts = split_blocks(problem.coverage, problem.weights, given, cut, per_row)
        if len(parts.origin) < 2:
            return Decomposed(float("inf"), 0, 0, False, time.perf_counter() - started)
        min_share = np.zeros(len(parts.origin))
        if shares:
            area_share = np.broadcast_to(np.asarray(problem.min_share, dtype=np.float64),
                                         (len(problem.label_totals),))
            whole_area = parts.whole & (parts.origin >= 0)
            min_share[whole_area] = area_share[parts.origin[whole_area]]
        plain = dataclasses.replace(problem, labels=parts.blocks, min_share=min_share,
                                    equity="hard")
        red = reduce_problem(plain, equity=True)
        seen = blocks_seen(red)
        # (each block's variables: its options and level sets, or backup terms; label row 0
        # holds the rows in no block: uncovered ones only, as every other row has a block)
        sizes = seen.sum(axis=1) + np.append(np.bincount(red.set_label,
                                                         minlength=red.lin.shape[0]),
                                             red.backup_sets.shape[0])
        over = np.flatnonzero(sizes[1:-1] > MAX_BLOCK_VARS)
        if over.size == 0 or time.perf_counter() >= deadline:
            break
        for origin in {int(k) for k in parts.origin[over]}:
            cut[origin] = cut[origin] / 2 if origin in cut else SPLIT_BLOCK_VARS
    if time.perf_counter() >= deadline:
        return Decomposed(float("inf"), 0, 0, True, time.perf_counter() - started)
    if sizes.max(initial=0) > MAX_BLOCK_VARS:
        logger.info("decomposition: a block of %d variables (> %d): the LP bound stays",
                    int(sizes.max()), MAX_BLOCK_VARS)
        return Decomposed(float("inf"), 0, 0, False, time.perf_counter() - started)
    duals = None
    if prices is not None and problem.labels is None and prices[1].status == "optimal":
        duals = mapped_duals(prices[0], prices[1].duals, red)
    lp_value = prices[1].objective if duals is not None and prices is not None else float("nan")

    def abandoned(n: int, exact: int) -> Decomposed:
        # (by the clock when the deadline has passed; a solver's failure before it is not)
        return Decomposed(float("inf"), n, exact, time.perf_counter() >= deadline,
                          time.perf_counter() - started)

    floors = np.zeros(len(seen))  # (label row 0 is demand in no block, as in _build)
    floors[1:1 + len(plain.label_totals)] = min_share * plain.label_totals
    floor_duals = np.zeros(len(seen) - 1)
    if duals is None:
        built = _build(plain, red)
        lp = run_mip(built.arrays, built.objective, solver="glop", time_limit=_left(deadline),
                     relax=True, offset=built.offset)
        if lp.status != "optimal":
            return abandoned(0, 0)
        duals, lp_value = lp.duals, lp.objective
        # (the area shares' rows come last: what a unit more of an area's weight is worth)
        active = np.flatnonzero(floors[:-1] - red.offset > 0)
        if active.size:
            floor_duals[active] = np.abs(duals[len(duals) - active.size:])
    if time.perf_counter() >= deadline:
        return abandoned(0, 0)
    n_sets, n_backup = red.sets.shape[0], red.backup_sets.shape[0]
    finite = bool(np.isfinite(problem.budget))
    lam = abs(float(duals[n_sets + n_backup])) if finite else 0.0
    data = _option_data(problem, red.keep)  # (the kept options' costs and penalties)
    price = lam * data.cost + data.penalty
    # each block prices an option at its LP gain there, plus a part of what the option's price
    # exceeds its gains by; the master gets what the gains exceed the price by (and an option
    # of a mount that must carry a camera all it falls short by: the blocks need not take it)
    gain = block_gains(red, duals)
    gain[:-1] += abs(red.lin).multiply(floor_duals[:, None]).toarray()
    gain = np.where(seen, np.maximum(gain, 0.0), 0.0)
    excess = np.maximum(price - gain.sum(axis=0), 0.0)
    if problem.groups is not None and len(problem.required_groups):
        excess[np.isin(np.asarray(problem.groups)[red.keep], problem.required_groups)] = 0.0
    share = gain + split_prices(gain, seen, excess)
    # ... except an option the master would take whatever the rest (no mount limit, conflict or
    # budget it shares with another such option): its price split over its blocks by its gains
    free = uncontested(data, red.fixed,
                       gain.sum(axis=0) > price + 1e-9 * np.maximum(1.0, price), seen)
    share[:, free] = split_prices(gain[:, free], seen[:, free], price[free])
    reward = share.sum(axis=0) - price
    # constants: the budget's price and what the required options earn alone
    total = ((lam * float(problem.budget) if finite else 0.0) + float(red.offset.sum())
             + red.backup_offset)
    models = [master_model(plain, red, reward)]
    models += [block_model(plain, red, row, cols, share[row, cols], floors[row])
               for row in range(len(seen)) if len(cols := np.flatnonzero(seen[row]))]

    def run(model: mb.LinearModel) -> MipOutcome:
        try:
            return run_mip(model.arrays(), model.objective(), solver="scip",
                           time_limit=_left(deadline), node_limit=node_limit,
                           scip_extra=BLOCK_SCIP)
        except SolverError as exc:  # (the plan and the LP bound stand without the blocks)
            logger.warning("decomposition: a block's SCIP failed (%s): the LP bound stays", exc)
            return MipOutcome("unknown", np.zeros(0), float("nan"), float("inf"), 0.0)

    logger.info("decomposition: %d blocks of at most %d variables (%d given), the budget at "
                "%.6g per unit", len(models) - 1, int(sizes.max(initial=0)),
                0 if given is None else len(np.unique(given[given >= 0])), lam)
    # the blocks are independent: two at a time on two cores, summed in their order
    pool = ThreadPoolExecutor(max(1, min(BLOCK_THREADS, os.cpu_count() or 1)))
    try:
        outcomes = list(pool.map(run, models))
    finally:
        # (Ctrl-C: the blocks not started are dropped, the two running end at their limits)
        pool.shutdown(wait=True, cancel_futures=True)
    count = exact = 0
    for k, out in enumerate(outcomes):  # (the master first)
        if out.status not in ("optimal", "feasible") or not np.isfinite(out.bound) or (
                out.status != "optimal" and time.perf_counter() >= deadline):
            return abandoned(count, exact)
        total += max(out.bound, out.objective)
        count += k > 0
        exact += k > 0 and out.status == "optimal"
    seconds = time.perf_counter() - started
    logger.info("decomposition bound %.6g over %d blocks (%d solved exactly) and a master in "
                "%.1f s (LP %.6g)", total, count, exact, seconds, lp_value)
    return Decomposed(total, count, exact, False, seconds)
