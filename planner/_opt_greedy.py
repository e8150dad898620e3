"""Plans without a MIP solver: greedy, 1-swaps and enumeration of a tiny problem (internal).

The combinatorial routines on the reduced model (:class:`~planner._opt_reduce.Reduced`, option
data as arrays): :func:`greedy` (required groups first, then the equity floors, then the best
marginal value per unit cost, with the single-option safeguard), :func:`swap_search`
(best-improvement 1-swaps, remove one option and add one, valued by :class:`_SwapTable`) and
:func:`tied_swaps` (the 1-swaps tied with a plan, for the tie-break). Before them, the thin
adapters that :func:`planner.optimize.solve` calls with a problem and its
:class:`~planner._opt_built._Built` model: enumeration of every plan of a tiny problem
(:mod:`planner._opt_enum`), greedy's plan and its 1-swaps, 1-swaps of the LP-neighbourhood plan
of a large model (:func:`_swapped`), the most options a plan can hold (which picks the MIP's SCIP
settings) and what greedy missed when it found no plan. The MIP/LP solver runs are in
:mod:`planner._opt_solvers`.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner._opt_bounds import _trivial_bound, first_order_bound
from planner._opt_built import Problem, _Built, _option_data, _value
from planner._opt_checks import PlanCheck, budget_cap, validate_plan
from planner._opt_enum import enumerate_plans, most_options
from planner._opt_reduce import OptionData, Reduced
from planner._opt_result import SolveResult, _result
from planner._opt_solvers import _left, run_mip
from planner.errors import HeuristicShortError, one_line

logger = logging.getLogger(__name__)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


#: Largest ``options x plan size`` that greedy's plan and the LP-neighbourhood plan of a large
#: model get 1-swaps for (the swap table is that big).
SWAP_MAX_WORK = 4_000_000


def _enumerated(problem: Problem, red: Reduced) -> NDArray[np.bool_] | None:
    """The winner by enumeration (:mod:`planner._opt_enum`), or ``None`` if there are too many plans."""
    keep = red.keep
    plan = enumerate_plans(red, _option_data(problem, keep))
    if plan is not None:
        logger.info("enumerated every plan of the %d kept options", len(keep))
    return plan


def _greedy(problem: Problem, built: _Built, *, swaps: bool = True
            ) -> NDArray[np.bool_] | None:
    """Greedy's plan, then its 1-swaps (unless ``swaps`` is off or above ``SWAP_MAX_WORK``)."""
    keep = built.red.keep
    data = _option_data(problem, keep)
    plan = greedy(built.red, data, built.floor)
    if (plan is None or not swaps or built.floor is not None
            or len(keep) * int(plan.sum()) > SWAP_MAX_WORK):
        return plan
    return swap_search(built.red, plan, data)


def _swapped(problem: Problem, built: _Built, plan: NDArray[np.bool_]
             ) -> NDArray[np.bool_]:
    """``plan`` improved by best-improvement 1-swaps, or ``plan`` if none improves it.

    For the LP-neighbourhood plan of a large model, before its rounds of perturb and refill
    (:mod:`planner._opt_refill`): its
    neighbourhood held only the LP's support and greedy's options, and a swap with an option
    outside it can still gain (Katrineholm at 8 MSEK: 6,932.06 -> 6,940.32 in 0.23 s; the open
    ground camera instance 66,885.25 -> 67,004.50 in 0.07 s). With hard area shares each swap is
    checked against them (:func:`validate_plan`) and one that breaks a share gives way to the
    next best (Katrineholm's ``equity`` variant: the best swaps left three areas short). Not
    for the max-min objective; the swapped plan is checked against the problem itself before it
    is kept.
    """
    keep = built.red.keep
    if built.t >= 0:
        return plan
    if len(keep) * int(plan.sum()) > SWAP_MAX_WORK:
        # (said, so that the log's "keeping the ... 1-swap plan" is not read as done: a city
        # of 360,000 people had skipped them without a word)
        logger.info("1-swaps skipped: %d options x %d chosen is above SWAP_MAX_WORK = %d",
                    len(keep), int(plan.sum()), SWAP_MAX_WORK)
        return plan
    swapped = swap_search(built.red, plan, _option_data(problem, keep),
                          accept=share_check(problem, built))
    check = validate_plan(problem, keep[swapped])
    if not _better(problem, built, check, plan):
        return plan
    logger.info("1-swaps improve the LP-neighbourhood plan %.6g -> %.6g",
                _value(problem, built, plan), check.objective)
    return swapped


def share_check(problem: Problem, built: _Built
                ) -> Callable[[NDArray[np.bool_]], bool] | None:
    """What vets a search's plan (a mask of ``built``'s options) for the hard area shares.

    ``None`` without shares: the reduced model holds every other rule itself.
    """
    if built.floor is None:
        return None
    keep = built.red.keep

    def meets_shares(mask: NDArray[np.bool_]) -> bool:
        return validate_plan(problem, keep[mask]).feasible

    return meets_shares


def _better(problem: Problem, built: _Built, check: PlanCheck,
            plan: NDArray[np.bool_] | None) -> bool:
    """Whether a candidate plan (its ``check``) meets every requirement and beats ``plan``.

    Any feasible candidate beats no plan.
    """
    return check.feasible and (plan is None or check.objective > _value(problem, built, plan))


def _started(problem: Problem, built: _Built, plan: NDArray[np.bool_] | None,
             start: NDArray[np.int64]) -> NDArray[np.bool_] | None:
    """``start`` in place of greedy's ``plan``: where it meets every requirement and is worth more.

    Also where greedy found none; a start with an option the reductions dropped is not used.
    """
    if not np.isin(start, built.red.keep).all():
        logger.info("start plan not used: the reductions dropped some of its options")
        return plan
    mask = np.isin(built.red.keep, start)
    check = validate_plan(problem, built.red.keep[mask])
    if not check.feasible:
        logger.info("start plan not used: %s", "; ".join(check.problems))
    return mask if _better(problem, built, check, plan) else plan


def _greedy_missed(problem: Problem, built: _Built) -> str:
    """What greedy had to meet when it found no plan: the binding shares, the required groups."""
    shares = built.floor is not None and bool(np.any(built.floor - built.red.offset > 1e-12))
    return " and ".join([*(["reach the equity min_share"] if shares else []),
                         *(["give each required group an option"]
                           if problem.required_groups else [])])


def _max_plan_size(problem: Problem, built: _Built) -> int:
    """Most options a plan within the budget can hold (cheapest first, group limits applied)."""
    keep = built.red.keep
    group = np.asarray(problem.groups)[keep] if problem.groups is not None else None
    capacity = np.asarray(problem.capacity) if problem.capacity is not None else None
    return most_options(np.asarray(problem.costs, dtype=np.float64)[keep],
                        budget_cap(problem.budget), group, capacity)


@dataclass(slots=True)
class _Picks:
    """Greedy's plan under way, copied to start over.

    The options chosen, how many of them each set and backup set holds, the cost spent and each
    group's count of them (``None`` without group limits).
    """

    chosen: NDArray[np.bool_]
    hits: FloatArray
    bhits: FloatArray
    spent: float
    used_group: IntArray | None

    def copy(self) -> _Picks:
        return _Picks(self.chosen.copy(), self.hits.copy(), self.bhits.copy(), self.spent,
                      None if self.used_group is None else self.used_group.copy())


@dataclass(frozen=True, eq=False)
class Columns:
    """What greedy reads of the reduced model by option, built once for many runs of it.

    The level sets and backup sets by column (CSC), each option's value from its one-option
    sets, and each option's conflicting options. :func:`greedy` builds it itself unless it is
    given one (the refills of :mod:`planner._opt_refill` run greedy forty times on one model).
    """

    sets: sp.csc_matrix
    backup_sets: sp.csc_matrix
    lin_total: FloatArray
    neighbours: list[list[int]]

    @classmethod
    def of(cls, red: Reduced, pairs: IntArray) -> Columns:
        neighbours: list[list[int]] = [[] for _ in range(len(red.keep))]
        for a, b in pairs:
            neighbours[int(a)].append(int(b))
            neighbours[int(b)].append(int(a))
        return cls(red.sets.tocsc(), red.backup_sets.tocsc(),
                   np.asarray(red.lin.sum(axis=0)).ravel(), neighbours)


def greedy(red: Reduced, data: OptionData, floor: FloatArray | None = None, *,
           start: NDArray[np.bool_] | None = None, banned: NDArray[np.bool_] | None = None,
           columns: Columns | None = None) -> NDArray[np.bool_] | None:
    """Greedy plan over the kept options (a mask), or ``None`` if it cannot meet the floors.

    Starts from the required options. Each required group in ``data.need`` without one gets its
    option with the best objective per unit cost first (ties to the lowest index; ``None`` if
    one has no option left that fits). With equity floors it first adds the option that closes
    most of the remaining area deficits per unit cost until every floor is met. Then it adds, by
    lazy evaluation, the affordable option with the best marginal objective per unit cost
    (zero-cost options with positive gain first; ties to the lowest index), and finally compares
    the result with the best plan of the required options plus one option (the safeguard that
    makes greedy a constant-factor approximation for budgeted coverage).

    A refill (:mod:`planner._opt_refill`) starts from ``start`` instead of the required options
    (which it holds), never adds a ``banned`` option and keeps its start: no safeguard.
    """
    cost, penalty, budget, group = data.cost, data.penalty, data.budget, data.group
    capacity, pairs, need = data.capacity, data.pairs, data.need
    fixed = red.fixed.astype(float)
    columns = Columns.of(red, pairs) if columns is None else columns
    lin_total, set_cols = columns.lin_total, columns.sets
    bset_cols, neighbours = columns.backup_sets, columns.neighbours
    # the required options alone: the start, and the safeguard's base
    base = _Picks(red.fixed.copy(), np.asarray(red.sets @ fixed).ravel(),
                  np.asarray(red.backup_sets @ fixed).ravel(), float(cost[red.fixed].sum()),
                  np.bincount(group[red.fixed], minlength=len(capacity))
                  if group is not None and capacity is not None else None)
    picks = base.copy() if start is None else _Picks(
        start.copy(), np.asarray(red.sets @ start.astype(float)).ravel(),
        np.asarray(red.backup_sets @ start.astype(float)).ravel(), float(cost[start].sum()),
        np.bincount(group[start], minlength=len(capacity))
        if group is not None and capacity is not None else None)
    tol = 1e-9 * max(1.0, abs(budget)) if np.isfinite(budget) else 0.0

    def allowed(t: int) -> bool:
        if picks.chosen[t] or picks.spent + cost[t] > budget + tol or \
                (banned is not None and banned[t]):
            return False
        used_group = picks.used_group
        if used_group is not None and group is not None and capacity is not None and \
                used_group[group[t]] >= capacity[group[t]]:
            return False
        # (no local of allowed in the generator: a captured local costs a cell on every call,
        # 2 % of greedy's time on the camera instance)
        return not any(picks.chosen[u] for u in neighbours[t])

    def gain(t: int) -> float:
        hits, bhits = picks.hits, picks.bhits
        rows = set_cols.indices[set_cols.indptr[t]:set_cols.indptr[t + 1]]
        value = lin_total[t] - penalty[t] + float(red.set_coef[rows[hits[rows] == 0]].sum())
        brows = bset_cols.indices[bset_cols.indptr[t]:bset_cols.indptr[t + 1]]
        open_b = brows[bhits[brows] == red.backup_need[brows] - 1]
        return value + float(red.backup_coef[open_b].sum())

    def take(t: int) -> None:
        picks.chosen[t] = True
        picks.spent += float(cost[t])
        picks.hits[set_cols.indices[set_cols.indptr[t]:set_cols.indptr[t + 1]]] += 1
        picks.bhits[bset_cols.indices[bset_cols.indptr[t]:bset_cols.indptr[t + 1]]] += 1
        if picks.used_group is not None and group is not None:
            picks.used_group[group[t]] += 1

    def allowed_alone(t: int) -> bool:
        if red.fixed[t] or base.spent + cost[t] > budget + tol:
            return False
        if base.used_group is not None and group is not None and capacity is not None and \
                base.used_group[group[t]] >= capacity[group[t]]:
            return False
        return not any(red.fixed[u] for u in neighbours[t])

    def best_per_cost(fits: list[int]) -> int:
        return max(fits, key=lambda t: (gain(t) / cost[t] if cost[t] > 0 else np.inf, -t))

    def cheapest(fits: list[int]) -> int:
        return min(fits, key=lambda t: (cost[t], t))

    def seed(pick: Callable[[list[int]], int]) -> bool:
        """Give each required group without an option the one ``pick`` picks; False if stuck."""
        assert group is not None
        for grp in need:
            if picks.chosen[group == grp].any():
                continue
            fits = [t for t in np.flatnonzero(group == grp).tolist() if allowed(t)]
            if not fits:
                return False
            take(pick(fits))
        return True

    # best value per unit cost first; if that leaves a required group without an option that
    # fits, once more from the start with the cheapest option of each group
    origin = picks.copy()  # (the required options, or a refill's start)
    if need and group is not None and not seed(best_per_cost):
        picks = origin.copy()
        if not seed(cheapest):
            return None
    if floor is not None and not _meet_floors(red, floor, picks.chosen, picks.hits, cost, allowed,
                                              take):
        return None

    def key(t: int, g: float) -> float:
        return -(g / cost[t]) if cost[t] > 0 else -np.inf

    # every option's first gain at once (the same sums as gain(t), over the 0/1 columns)
    first = lin_total - penalty + set_cols.T @ (red.set_coef * (picks.hits == 0))
    if bset_cols.shape[0]:
        first = first + bset_cols.T @ (red.backup_coef * (picks.bhits == red.backup_need - 1))
    heap = [(key(t, float(first[t])), t, float(first[t]))
            for t in np.flatnonzero(~picks.chosen & (first > 0)).tolist()]
    heapq.heapify(heap)
    # (nothing fits once the budget left is below every option's cost: the rest of the heap
    # need not be popped, 10,000 options on the camera instance)
    cheapest_cost = float(cost.min()) if len(cost) else 0.0
    while heap and picks.spent + cheapest_cost <= budget + tol:
        _, t, g_old = heapq.heappop(heap)
        if not allowed(t):
            continue
        g = gain(t)
        if g <= 0:
            continue
        if g < g_old - 1e-12 and heap and key(t, g) > heap[0][0]:
            heapq.heappush(heap, (key(t, g), t, g))
            continue
        take(t)
    if floor is None and not need and start is None:
        # (the required options plus one need not meet ``need``; a refill keeps its start)
        return _single_option_safeguard(red, picks.chosen, cost, penalty, budget, tol,
                                        allowed_alone)
    return picks.chosen


def _meet_floors(red: Reduced, floor: FloatArray, chosen: NDArray[np.bool_],
                 hits: FloatArray, cost: FloatArray, allowed: object, take: object) -> bool:
    """Add options until every label row reaches its floor; False if that gets stuck."""
    assert callable(allowed) and callable(take)
    n_labels = red.lin.shape[0]
    by_label = sp.csr_matrix((red.set_coef, (red.set_label, np.arange(len(red.set_coef)))),
                             shape=(n_labels, len(red.set_coef)))
    while True:
        open_sets = (hits == 0).astype(float)
        earned = red.offset + red.lin @ chosen.astype(float) + by_label @ (1.0 - open_sets)
        deficit = np.maximum(floor - earned, 0.0)
        if np.all(deficit <= 1e-9 * np.maximum(1.0, floor)):
            return True
        gains = red.lin + by_label @ sp.diags(open_sets) @ red.sets
        useful = np.asarray(sp.csr_matrix(gains).minimum(deficit.reshape(-1, 1)).sum(axis=0))
        useful = useful.ravel()
        score = np.full(len(cost), -1.0)
        paid = (useful > 0) & (cost > 0)
        score[paid] = useful[paid] / cost[paid]
        score[(useful > 0) & (cost == 0)] = np.inf
        score[~np.array([allowed(t) for t in range(len(cost))], dtype=bool)] = -1.0
        t = int(np.argmax(score))
        if score[t] <= 0:
            return False
        take(t)


def _single_option_safeguard(
    red: Reduced, chosen: NDArray[np.bool_], cost: FloatArray, penalty: FloatArray,
    budget: float, tol: float, allowed_alone: object,
) -> NDArray[np.bool_]:
    """Return the required options plus the best single option if that beats ``chosen``."""
    assert callable(allowed_alone)
    base = red.fixed.astype(float)
    open_sets = (np.asarray(red.sets @ base).ravel() == 0) * red.set_coef
    single = np.asarray(red.lin.sum(axis=0)).ravel() - penalty
    single = single + np.asarray(red.sets.T @ open_sets).ravel()
    if red.backup_sets.shape[0]:
        bcount = np.asarray(red.backup_sets @ base).ravel()
        open_b = (bcount == red.backup_need - 1) * red.backup_coef
        single = single + np.asarray(red.backup_sets.T @ open_b).ravel()
    order = np.argsort(-single, kind="stable")
    base_value = _reduced_value(red, red.fixed, penalty)
    best = _reduced_value(red, chosen, penalty)
    for t in order:
        if base_value + single[t] <= best + 1e-12:
            break
        if allowed_alone(int(t)):
            out = red.fixed.copy()
            out[t] = True
            return out
    return chosen


def _reduced_value(red: Reduced, chosen: NDArray[np.bool_], penalty: FloatArray) -> float:
    x = chosen.astype(float)
    value = float(red.offset.sum()) + red.backup_offset
    value += float(np.asarray(red.lin.sum(axis=0)).ravel() @ x - penalty @ x)
    value += float(red.set_coef[np.asarray(red.sets @ x).ravel() > 0].sum())
    value += float(red.backup_coef[np.asarray(red.backup_sets @ x).ravel()
                                   >= red.backup_need].sum())
    return value


class _SwapTable:
    """Value change of every 1-swap of a plan (remove one option, add one) on plain coverage.

    ``delta[i, j]`` is the change from removing ``inside[i]`` and adding ``outside[j]``; swaps
    that break the budget, a group capacity or a conflict, or take the last option out of a
    required group (``need``), are ``-inf``. Exact for the reduced model's one-option values, set
    weights and penalties (not for backup terms).
    """

    def __init__(self, red: Reduced, data: OptionData) -> None:
        n = red.sets.shape[1]
        pairs = data.pairs
        self.red, self.cost, self.budget = red, data.cost, data.budget
        self.group, self.capacity, self.pairs = data.group, data.capacity, pairs
        self.need = np.asarray(data.need, dtype=np.int64)
        self.lin = np.asarray(red.lin.sum(axis=0)).ravel() - data.penalty
        self.sets = red.sets.tocsr()
        self.sets_t = self.sets.T.tocsr()
        self.blocked = (sp.csr_matrix((np.ones(2 * len(pairs)),
                                       (pairs.ravel(), pairs[:, ::-1].ravel())), shape=(n, n))
                        if len(pairs) else sp.csr_matrix((n, n)))
        self.tol = 1e-9 * max(1.0, abs(data.budget)) if np.isfinite(data.budget) else 0.0

    def deltas(self, chosen: NDArray[np.bool_]) -> tuple[IntArray, IntArray, FloatArray]:
        red, cost = self.red, self.cost
        count = np.asarray(self.sets @ chosen.astype(float)).ravel()
        alone = red.set_coef * (count == 0)
        gain = self.lin + np.asarray(self.sets_t @ alone).ravel()
        single = red.set_coef * (count == 1)
        loss = self.lin + np.asarray(self.sets_t @ single).ravel()
        inside = np.flatnonzero(chosen & ~red.fixed)
        outside = np.flatnonzero(~chosen)
        if inside.size == 0 or outside.size == 0:
            return inside, outside, np.zeros((len(inside), len(outside)))
        # shared[i, j]: value of sets whose only chosen member is i and that j also meets
        # (over every option, then the outside columns: slicing every set's columns had been
        # most of a swap's time; the same products in the same order, so the same sums to the
        # last bit: a reordered sum had broken ties between equal swaps differently)
        if len(single):
            shared = ((self.sets_t[inside] @ sp.diags(single)) @ self.sets).toarray()
            shared = shared[:, outside]
        else:
            shared = np.zeros((len(inside), len(outside)))
        delta = shared + gain[outside][None, :] - loss[inside][:, None]
        spent = float(cost[chosen].sum())
        ok = spent - cost[inside][:, None] + cost[outside][None, :] <= self.budget + self.tol
        if self.group is not None and self.capacity is not None:
            group, capacity = self.group, self.capacity
            used = np.bincount(group[chosen], minlength=len(capacity))
            full = used[group[outside]][None, :] - (group[inside][:, None]
                                                    == group[outside][None, :])
            ok &= full < capacity[group[outside]][None, :]
        if self.need.size and self.group is not None:
            group = self.group
            held = np.bincount(group[chosen], minlength=int(group.max()) + 1)
            last = np.isin(group[inside], self.need) & (held[group[inside]] == 1)
            ok &= ~last[:, None] | (group[inside][:, None] == group[outside][None, :])
        if len(self.pairs):
            clash = np.asarray(self.blocked[outside] @ chosen.astype(float)).ravel()
            own = self.blocked[inside][:, outside].toarray()
            ok &= (clash[None, :] - own) < 0.5
        delta[~ok] = -np.inf
        return inside, outside, delta


def swap_search(
    red: Reduced,
    chosen: NDArray[np.bool_],
    data: OptionData,
    *,
    max_moves: int = 200,
    accept: Callable[[NDArray[np.bool_]], bool] | None = None,
    max_rejects: int = 100,
    table: _SwapTable | None = None,
) -> NDArray[np.bool_]:
    """Improve a plan by best-improvement 1-swaps (remove one option, add one).

    Used before reduced-cost fixing: a better incumbent fixes more options. Only for plain
    coverage terms (no backup terms); every move is re-evaluated exactly and kept only if it
    improves the objective. ``accept`` (optional) vets each improving swap for what the swap
    table does not model, such as area shares: a rejected swap gives way to the next best one,
    up to ``max_rejects`` rejections in all (each costs a plan check). ``table``: the model's
    swap table, built once by a caller that searches many plans of one model.
    """
    if red.backup_sets.shape[0]:
        return chosen
    chosen = chosen.copy()
    table = _SwapTable(red, data) if table is None else table
    value = _reduced_value(red, chosen, data.penalty)
    rejects = 0
    for _ in range(max_moves):
        inside, outside, delta = table.deltas(chosen)
        moved = False
        while rejects <= max_rejects:
            if delta.size == 0:
                break
            k = int(np.argmax(delta))
            i, j = divmod(k, len(outside))
            if not np.isfinite(delta[i, j]) or delta[i, j] <= 1e-9 * max(1.0, abs(value)):
                break
            trial = chosen.copy()
            trial[inside[i]], trial[outside[j]] = False, True
            trial_value = _reduced_value(red, trial, data.penalty)
            if trial_value <= value + 1e-9 * max(1.0, abs(value)):
                break
            if accept is None or accept(trial):
                chosen, value, moved = trial, trial_value, True
                break
            delta[i, j] = -np.inf
            rejects += 1
        if not moved:
            break
    return chosen


def tied_swaps(
    red: Reduced,
    chosen: NDArray[np.bool_],
    data: OptionData,
    *,
    tol: float,
    cost_cap: float,
    limit: int = 8,
) -> tuple[int, list[NDArray[np.bool_]]] | None:
    """The 1-swaps of ``chosen`` within ``tol`` of its value that cost at most ``cost_cap``.

    Each such swap is another plan tied with ``chosen``. Returns their number and the first
    ``limit`` of them as masks (in the order of removed, then added option), or ``None`` with
    backup terms, for which the swap values are not exact, and when the table would exceed
    :data:`SWAP_MAX_WORK` swaps.
    """
    if red.backup_sets.shape[0] or int(chosen.sum()) * int((~chosen).sum()) > SWAP_MAX_WORK:
        return None
    inside, outside, delta = _SwapTable(red, data).deltas(chosen)
    if delta.size == 0:
        return 0, []
    cost = data.cost
    spent = float(cost[chosen].sum())
    cheap = spent - cost[inside][:, None] + cost[outside][None, :] <= cost_cap
    rows, cols = np.nonzero((np.abs(delta) <= tol) & cheap)
    plans = []
    for i, j in zip(rows[:limit], cols[:limit], strict=True):
        plan = chosen.copy()
        plan[inside[i]], plan[outside[j]] = False, True
        plans.append(plan)
    return len(rows), plans


def _greedy_backend(problem: Problem, built: _Built, plan: NDArray[np.bool_] | None,
                    deadline: float, started: float) -> SolveResult:
    """The ``"greedy"`` backend's answer: greedy's plan, with the LP relaxation's bound."""
    if plan is None:
        what = _greedy_missed(problem, built)
        raise HeuristicShortError(one_line(
            f"backend 'greedy' could not {what} (greedy is a heuristic and may miss a plan "
            "an exact backend finds); use backend 'scip'"
            + (" or lower min_share" if "min_share" in what else "")))
    # (GLOP 3/4 of the time; should it not finish, the bound from PDLP's prices in the rest)
    relaxed = run_mip(built.arrays, built.objective, solver="glop",
                      time_limit=_left(deadline) * 0.75, relax=True, offset=built.offset)
    bound = min(relaxed.bound if relaxed.status == "optimal" else first_order_bound(
        built.arrays, built.objective, built.offset, _left(deadline)), _trivial_bound(problem))
    return _result(problem, built.red.keep[plan], bound, "feasible", "greedy", started,
                   built.red, "greedy order", stop="heuristic")
