"""Perturb and refill: a large model's plan improved past its 1-swaps (internal).

A large model (:mod:`planner._opt_large`) ends with the LP neighbourhood's plan after its 1-swaps
(:func:`~planner._opt_greedy._swapped`), which no single swap improves. :func:`refill_search`
looks further, as a large neighbourhood search does: each round drops a few chosen options that
lie together (one drawn at random and the chosen options that share the most candidate options
with it), refills the budget greedily without them (:func:`~planner._opt_greedy.greedy` from the
rest), gives the refill its 1-swaps when it comes near the best plan, and keeps it when it is
worth more. The draws come from a fixed seed and the rounds are counted, not timed, so the same
problem gives the same plan on any machine, unless the time limit ends the rounds first.

Measured on the open-ground camera instance (200k x 10k, 3 MSEK; see ``benchmarks/RESULTS.md``):
the 1-swapped plan 67,004.50 -> 67,155.50 in the 40 rounds of :data:`REFILL_SEED` (gap 0.845 ->
0.621 %; other seeds 67,096-67,227 in 40-150 rounds), where three options dropped at random
reached 67,104.25 in 100 rounds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import Problem, _Built, _option_data, _value
from planner._opt_checks import validate_plan
from planner._opt_greedy import (
    SWAP_MAX_WORK,
    Columns,
    _better,
    _reduced_value,
    _SwapTable,
    greedy,
    share_check,
    swap_search,
)
from planner._opt_reduce import OptionData, Reduced

logger = logging.getLogger("planner.optimize")

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: The most rounds of perturb and refill a large model's plan gets (counted, so that the plan
#: does not depend on the machine's speed) ...
REFILL_ROUNDS = 40
#: ... and fewer where its swap table is large: the rounds' 1-swaps may take this many cells of
#: the swap table (options x chosen options each) in all. A round's time grows with the table
#: (the open-ground camera instance, 9,975 x 61 options: 0.07 s; Katrineholm at 8 MSEK, 14,102 x
#: 143: 0.11 s; at 10 MSEK, 0.25 s), its gain did not (40 rounds: +0.23 % / +0.011 % / +0.036 %).
REFILL_WORK = 25_000_000
#: Chosen options dropped in each round (one drawn and those most related to it).
REFILL_DROP = 6
#: A refill further than this share below the best plan gets no 1-swaps: the swaps are most of
#: a round's time, and on the open-ground camera instance every refill that won after its swaps
#: had been at most 0.6 % below before them (median refill 1.4 % below).
REFILL_SWAP_MARGIN = 0.006
#: The seed of the draws.
REFILL_SEED = 2018


def refill_rounds(n_options: int, n_chosen: int) -> int:
    """How many rounds a plan of ``n_chosen`` among ``n_options`` gets (see :data:`REFILL_WORK`)."""
    return min(REFILL_ROUNDS, REFILL_WORK // max(1, n_options * n_chosen))


class Refilled(NamedTuple):
    """What :func:`refill_search` ends with: the best plan, the rounds run, whether it timed out."""

    plan: NDArray[np.bool_]
    rounds: int
    timed_out: bool


def relatedness(red: Reduced, movable: IntArray, columns: Columns) -> FloatArray:
    """``(len(movable), len(movable))``: how many options share a set with both of a pair.

    Two chosen cameras are related when some candidate could take over part of the view of
    each: the count of options that share a level set with both (zero on the diagonal).
    """
    touches = (red.sets.T @ columns.sets[:, movable]).tocsr()  # options x movable: shared
    touches.data[:] = 1.0
    related = np.asarray((touches.T @ touches).todense(), dtype=np.float64)
    np.fill_diagonal(related, 0.0)
    return related


def _movable(red: Reduced, data: OptionData, chosen: NDArray[np.bool_]) -> IntArray:
    """The chosen options a round may drop: not required, nor a required group's last one."""
    free = chosen & ~red.fixed
    if data.need and data.group is not None:
        group = data.group
        held = np.bincount(group[chosen], minlength=int(group.max()) + 1)
        free &= ~(np.isin(group, data.need) & (held[group] <= 1))
    return np.flatnonzero(free)


def refill_search(red: Reduced, chosen: NDArray[np.bool_], data: OptionData,
                  floor: FloatArray | None = None, *, rounds: int | None = None,
                  drop: int = REFILL_DROP, deadline: float = float("inf"),
                  accept: Callable[[NDArray[np.bool_]], bool] | None = None) -> Refilled:
    """Improve ``chosen`` by rounds of perturb and refill (see the module's docstring).

    ``floor``: the area floors greedy's refill meets first; ``accept`` (optional, a callable on
    a plan mask) vets a better plan for what the reduced model does not hold, such as the area
    shares. ``rounds``: by default :func:`refill_rounds`. Each round's plan is valued exactly
    on the reduced model; the plan returned is ``chosen`` itself when no round beats it.
    """
    if rounds is None:
        rounds = refill_rounds(len(red.keep), int(chosen.sum()))
    if rounds <= 0:
        return Refilled(chosen, 0, False)
    rng = np.random.default_rng(REFILL_SEED)
    columns = Columns.of(red, data.pairs)
    table = _SwapTable(red, data)
    best = chosen
    value = _reduced_value(red, best, data.penalty)
    tol = 1e-9 * max(1.0, abs(value))
    movable = _movable(red, data, best)
    related = relatedness(red, movable, columns)
    done = 0
    for done in range(1, rounds + 1):
        if movable.size == 0:
            return Refilled(best, done - 1, False)
        if time.perf_counter() >= deadline:
            return Refilled(best, done - 1, True)
        first = int(rng.integers(movable.size))
        near = np.argsort(-related[first], kind="stable")
        near = near[near != first][:max(0, drop - 1)]
        out = movable[np.concatenate(([first], near))]
        start = best.copy()
        start[out] = False
        banned = np.zeros_like(best)
        banned[out] = True
        trial = greedy(red, data, floor, start=start, banned=banned, columns=columns)
        if trial is None:
            continue
        trial_value = _reduced_value(red, trial, data.penalty)
        if trial_value >= value - REFILL_SWAP_MARGIN * abs(value):
            trial = swap_search(red, trial, data, table=table, accept=accept)
            trial_value = _reduced_value(red, trial, data.penalty)
        if trial_value > value + tol and (accept is None or accept(trial)):
            best, value = trial, trial_value
            logger.debug("perturb and refill: round %d finds %.9g", done, value)
            movable = _movable(red, data, best)
            related = relatedness(red, movable, columns)
    return Refilled(best, done, False)


def _refilled(problem: Problem, built: _Built, plan: NDArray[np.bool_], deadline: float
              ) -> Refilled:
    """``plan`` after :func:`refill_search`, checked against the problem itself.

    For the large model's plan after its 1-swaps; not for the max-min objective, nor where the
    1-swaps are skipped (above :data:`~planner._opt_greedy.SWAP_MAX_WORK`). With area shares
    each better plan is checked against them (:func:`validate_plan`).
    """
    keep = built.red.keep
    if built.t >= 0 or len(keep) * int(plan.sum()) > SWAP_MAX_WORK:
        return Refilled(plan, 0, False)
    found = refill_search(built.red, plan, _option_data(problem, keep), built.floor,
                          deadline=deadline, accept=share_check(problem, built))
    check = validate_plan(problem, keep[found.plan])
    if found.plan is plan or not _better(problem, built, check, plan):
        return Refilled(plan, found.rounds, found.timed_out)
    logger.info("%d rounds of perturb and refill improve the plan %.6g -> %.6g", found.rounds,
                _value(problem, built, plan), check.objective)
    return found
