"""Solver-agnostic plan checker and up-front feasibility checks (internal).

:func:`validate_plan` recomputes cost and objective straight from the problem's original arrays
(no reductions, no model), so no solver result is trusted unchecked (STYLE.md item 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from planner.errors import InfeasibleError, InputError, one_line

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Relative tolerance of the budget and equity checks.
CHECK_RTOL = 1e-9


def budget_cap(budget: float) -> float:
    """The most a plan may cost and still be within ``budget`` (:func:`validate_plan`'s test)."""
    return budget * (1 + CHECK_RTOL) + CHECK_RTOL
#: Relative tolerance under which two objective values count as tied (the tie-break's rule).
TIE_RTOL = 1e-7
#: Relative tolerance (of the options' total cost) under which two plan costs count as equal.
COST_TIE_RTOL = 1e-9


@dataclass(frozen=True, eq=False)
class PlanCheck:
    """Independent evaluation of a plan.

    Attributes
    ----------
    chosen
        The plan's sorted option indices.
    cost
        Total cost.
    objective
        ``coverage_value + backup_value - penalty``.
    coverage_value
        ``sum_i w_i max_{j chosen} A[i, j]``.
    backup_value
        ``backup_bonus * sum_i w_i [two or more chosen options see i]``.
    penalty
        Sum of the chosen options' penalties.
    shares
        Graded covered share of each area label's total weight (empty without labels; 1.0 for an
        area of zero weight).
    feasible
        True when every requirement holds.
    problems
        One message per broken requirement (budget, group limit, required, excluded, conflicts,
        equity).
    """

    chosen: IntArray
    cost: float
    objective: float
    coverage_value: float
    backup_value: float
    penalty: float
    shares: FloatArray
    feasible: bool
    problems: tuple[str, ...]


def _coverage_of(problem: Any, chosen: IntArray) -> tuple[FloatArray, FloatArray]:
    """Best value and number of chosen options seeing each demand row."""
    n_demand = problem.shape[0]
    if chosen.size == 0:
        return np.zeros(n_demand), np.zeros(n_demand)
    csc = getattr(problem, "coverage_csc", None)
    if csc is None:
        csc = sp.csc_matrix(problem.coverage)
    starts, ends = csc.indptr[chosen], csc.indptr[chosen + 1]
    lengths = ends - starts
    # positions of every stored entry of the chosen columns, without a Python loop
    at = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    at += np.arange(int(lengths.sum()))
    rows, values = csc.indices[at], csc.data[at].astype(np.float64)
    best = np.zeros(n_demand)
    np.maximum.at(best, rows, values)
    seen = np.bincount(rows[values > 0], minlength=n_demand).astype(np.float64)
    return best, seen


def area_shares(problem: Any, best: FloatArray) -> FloatArray:
    """Graded covered share per area label for per-row best values ``best``."""
    if problem.labels is None:
        return np.zeros(0)
    labels = np.asarray(problem.labels)
    inside = labels >= 0
    totals = np.asarray(problem.label_totals)
    earned = np.bincount(labels[inside], weights=(np.asarray(problem.weights) * best)[inside],
                         minlength=len(totals))
    return np.where(totals > 0, earned / np.where(totals > 0, totals, 1.0), 1.0)


def validate_plan(problem: Any, chosen: ArrayLike, *, strict: bool = False,
                  area_ids: Sequence[str] | None = None) -> PlanCheck:
    """Recompute a plan's cost and objective from scratch and check every requirement.

    Parameters
    ----------
    problem
        A :class:`~planner.optimize.CoverageProblem`.
    chosen
        Option indices of the plan.
    strict
        Raise instead of flagging when a requirement is broken.
    area_ids
        The area id of each area label, to name an area in the messages ("area east"); ``None``:
        by its label ("area label 1").

    Returns
    -------
    PlanCheck
        Cost, objective parts, area shares and the list of broken requirements.

    Raises
    ------
    InputError
        When ``chosen`` holds indices out of range or duplicates.
    InfeasibleError
        With ``strict=True``, when the plan breaks a requirement.
    """
    n_options = problem.shape[1]
    plan = np.asarray(chosen, dtype=np.int64).ravel()
    if plan.size and (plan.min() < 0 or plan.max() >= n_options):
        raise InputError(f"chosen: option index out of range 0..{n_options - 1}: {plan.tolist()}")
    if np.unique(plan).size != plan.size:
        raise InputError(f"chosen: duplicate option indices in {plan.tolist()}")
    plan = np.sort(plan)
    best, seen = _coverage_of(problem, plan)
    weights = np.asarray(problem.weights)
    costs = np.asarray(problem.costs)
    coverage_value = float(weights @ best)
    backup_value = float(problem.backup_bonus * weights[seen >= 2].sum())
    penalty = float(np.asarray(problem.penalties)[plan].sum()) if problem.penalties is not None \
        else 0.0
    cost = float(costs[plan].sum())
    problems: list[str] = []
    if cost > budget_cap(problem.budget):
        problems.append(f"budget: plan costs {cost:g} > budget {problem.budget:g}")
    missing = sorted(set(problem.required) - set(plan.tolist()))
    if missing:
        problems.append(f"required: options {missing} are not chosen")
    banned = sorted(set(problem.excluded) & set(plan.tolist()))
    if banned:
        problems.append(f"excluded: options {banned} are chosen")
    if problem.groups is not None:
        counts = np.bincount(np.asarray(problem.groups)[plan], minlength=len(problem.capacity))
        over = np.flatnonzero(counts > problem.capacity)
        if over.size:
            g = int(over[0])
            problems.append(f"groups: group {g} has {int(counts[g])} chosen options, capacity "
                            f"{int(problem.capacity[g])} ({over.size} groups over capacity)")
    need = tuple(getattr(problem, "required_groups", ()))
    if need:
        held = set(np.asarray(problem.groups)[plan].tolist())
        empty = [g for g in need if g not in held]
        if empty:
            problems.append(f"required_groups: group {empty[0]} has no chosen option "
                            f"({len(empty)} required groups without one)")
    in_plan = np.zeros(n_options, dtype=bool)
    in_plan[plan] = True
    pairs = np.asarray(problem.conflicts)
    if len(pairs):
        both = pairs[in_plan[pairs[:, 0]] & in_plan[pairs[:, 1]]]
        if len(both):
            problems.append(f"conflicts: options {both[0].tolist()} are both chosen "
                            f"({len(both)} conflicting pairs)")
    shares = area_shares(problem, best)
    if shares.size:
        floor = np.asarray(problem.min_share) * np.ones(len(shares))
        short = np.flatnonzero(shares < floor - CHECK_RTOL)
        if short.size:
            a = int(short[0])
            area = f"area {area_ids[a]}" if area_ids is not None else f"area label {a}"
            problems.append(f"equity: {area} covered share {shares[a]:.6f} < min_share "
                            f"{floor[a]:.6f} ({short.size} areas short)")
    if strict and problems:
        raise InfeasibleError(one_line("plan breaks: " + "; ".join(problems)))
    return PlanCheck(
        chosen=plan, cost=cost, objective=coverage_value + backup_value - penalty,
        coverage_value=coverage_value, backup_value=backup_value, penalty=penalty,
        shares=shares, feasible=not problems, problems=tuple(problems),
    )


def check_requirements(problem: Any) -> None:
    """Raise :class:`InfeasibleError` naming a requirement no plan can meet.

    Checks the required options against the budget, the exclusions, the conflicts and the group
    capacities, and each area's share against what every allowed option together could cover.
    """
    required = np.asarray(problem.required, dtype=np.int64)
    costs = np.asarray(problem.costs)
    cost = float(costs[required].sum())
    if cost > budget_cap(problem.budget):
        raise InfeasibleError(f"required: the {required.size} required options cost {cost:g}, "
                              f"more than the budget {problem.budget:g}")
    banned = sorted(set(problem.required) & set(problem.excluded))
    if banned:
        raise InfeasibleError(f"required: options {banned} are both required and excluded")
    check = validate_plan(problem, required)
    for message in check.problems:
        if message.startswith(("groups", "conflicts")):
            raise InfeasibleError(one_line(f"required options alone break a limit: {message}"))
    _check_required_groups(problem, cost)
    if problem.labels is not None:
        allowed = np.setdiff1d(np.arange(problem.shape[1]), np.asarray(problem.excluded, int))
        best, _ = _coverage_of(problem, allowed)
        shares = area_shares(problem, best)
        floor = np.asarray(problem.min_share) * np.ones(len(shares))
        short = furthest_short([(int(s), float(shares[s]))
                                for s in np.flatnonzero(shares < floor - CHECK_RTOL)], floor)
        if short:
            a = short[0][0]
            raise InfeasibleError(one_line(
                f"equity: area label {a} can reach at most {shares[a]:.4f} of its weight even "
                f"with every allowed option, below min_share {floor[a]:.4f} "
                f"({len(short)} areas cannot reach their share)"), requirement="equity_reach",
                labels=tuple(label for label, _ in short), reach=tuple(r for _, r in short))


def furthest_short(short: list[tuple[int, float]], shares: ArrayLike) -> list[tuple[int, float]]:
    """The areas that fall short, ``(label, reach)``, the furthest below its share first.

    By how far the most an area can reach lies below its share (``shares[label]``), ties by
    label: an equity message names the first three, so the worst comes first when the list is
    cut (they had been named in label order).
    """
    floor = np.asarray(shares, dtype=float)
    return sorted(short, key=lambda lr: (-round(float(floor[lr[0]]) - lr[1], 12), lr[0]))


def _check_required_groups(problem: Any, required_cost: float) -> None:
    """Raise when a required group has no allowed option or room, or all of them cost too much.

    The cost check is a lower bound: the cheapest allowed option of each required group that no
    required option serves yet, on top of the required options. Conflicts between the groups'
    options are left to the search (its infeasibility names the required groups).
    """
    need = tuple(getattr(problem, "required_groups", ()))
    if not need:
        return
    groups = np.asarray(problem.groups)
    costs = np.asarray(problem.costs, dtype=np.float64)
    allowed = np.ones(problem.shape[1], dtype=bool)
    allowed[list(problem.excluded)] = False
    served = set(groups[list(problem.required)].tolist())
    used = np.bincount(groups[list(problem.required)], minlength=len(problem.capacity))
    extra = 0.0
    for g in need:
        if g in served:
            continue
        if used[g] >= problem.capacity[g]:
            raise InfeasibleError(one_line(
                f"required_groups: group {g} has no room for an option (capacity "
                f"{int(problem.capacity[g])})"), requirement="required_groups", groups=(g,))
        options = np.flatnonzero((groups == g) & allowed)
        if options.size == 0:
            raise InfeasibleError(one_line(
                f"required_groups: every option of group {g} is excluded"),
                requirement="required_groups", groups=(g,))
        extra += float(costs[options].min())
    if required_cost + extra > budget_cap(problem.budget):
        raise InfeasibleError(one_line(
            f"required_groups: the cheapest option of each of the {len(need)} required groups "
            f"and the required options cost {required_cost + extra:g} together, more than the "
            f"budget {problem.budget:g}"), requirement="required_groups_budget",
            groups=tuple(need))
