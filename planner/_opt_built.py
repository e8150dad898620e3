"""The MIP of a reduced problem and the plumbing of plans between models (internal).

:func:`_build` assembles the model of a :class:`~planner._opt_reduce.Reduced` problem with one
builder per term (:mod:`planner._opt_model`) into a :class:`_Built`: the solver arrays, the
objective and where each kind of variable sits. The helpers move a plan (a mask over the kept
options) between models with different kept options (:func:`_map_plan`), into a solver
assignment (:func:`_hint`) and back to the problem's objective (:func:`_value`, recomputed by
:func:`~planner._opt_checks.validate_plan`), and give the kept options' costs, penalties, groups
and conflict pairs to the combinatorial routines (:func:`_option_data`).

``problem`` arguments here and in the other ``_opt_*`` modules are a
:class:`planner.optimize.CoverageProblem`, typed ``Any`` so that these modules need not import
:mod:`planner.optimize` (which imports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from planner import _opt_model as mb
from planner._opt_checks import validate_plan
from planner._opt_reduce import OptionData, Reduced
from planner._opt_solvers import Arrays

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
#: A :class:`planner.optimize.CoverageProblem` (see the module docstring).
Problem = Any


@dataclass
class _Built:
    red: Reduced
    arrays: Arrays
    objective: FloatArray
    offset: float
    x: IntArray
    y: IntArray
    z: IntArray
    t: int
    earned: sp.csr_matrix
    floor: FloatArray | None
    totals: FloatArray
    #: group-usage variables of conflicts between whole groups, and their options (rows: u)
    u: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    u_members: sp.csr_matrix = field(default_factory=lambda: sp.csr_matrix((0, 0)))


def _build(problem: Problem, red: Reduced) -> _Built:
    """Assemble the MIP from a reduced problem with one builder per term."""
    equity = problem.labels is not None
    keep = red.keep
    penalty = (np.asarray(problem.penalties, dtype=np.float64)[keep]
               if problem.penalties is not None else np.zeros(len(keep)))
    model = mb.LinearModel()
    x = mb.add_options(model, red, penalty)
    y = mb.add_coverage_levels(model, red, x)
    z = mb.add_backup(model, red, x)
    # (the budget and share rows as the user states them: at validate_plan's reading, B + 1e-9,
    # an LP spends the slack fractionally, and a budget of 0 had a bound of 1.25e-9 over an
    # optimum of 0, gap 100 %; plans within 1e-9 over the budget are then the plan check's and
    # enumeration's alone)
    mb.add_budget(model, x, np.asarray(problem.costs)[keep], problem.budget)
    position = np.full(problem.shape[1], -1)
    position[keep] = np.arange(len(keep))
    if problem.groups is not None and problem.capacity is not None:
        mb.add_group_limits(model, x, np.asarray(problem.groups)[keep], problem.capacity)
        mb.add_group_minimums(model, x, np.asarray(problem.groups)[keep], problem.required_groups)
    pairs = np.asarray(problem.conflicts)
    pairs = position[pairs] if len(pairs) else np.zeros((0, 2), np.int64)
    pairs = pairs[np.all(pairs >= 0, axis=1)] if len(pairs) else pairs
    u, u_members, pairs = mb.add_group_conflicts(
        model, x, pairs, np.asarray(problem.groups)[keep] if problem.groups is not None else None)
    mb.add_conflicts(model, x, pairs)
    earned = mb.earned_by_label(red, x, y, model.n_vars)
    totals = np.zeros(red.lin.shape[0])
    floor = None
    t = -1
    if equity:
        # label row 0 holds unlabelled demand (label -1); rows 1.. are the areas
        totals[1:1 + len(problem.label_totals)] = problem.label_totals
        shares = np.zeros(len(totals))
        shares[1:1 + len(problem.label_totals)] = np.asarray(problem.min_share)
        floor = shares * totals
        mb.add_equity_floor(model, earned, red.offset, floor)
        if problem.equity == "maxmin":
            t = mb.add_min_share_variable(model, earned, red.offset, totals)
    objective = model.objective()
    offset = float(red.offset.sum()) + red.backup_offset
    return _Built(red, model.arrays(), objective, offset, x, y, z, t, earned, floor, totals,
                  u, u_members)


def _hint(built: _Built, plan: NDArray[np.bool_]) -> FloatArray:
    red = built.red
    xs = plan.astype(float)
    hint = np.zeros(len(built.objective))
    hint[built.x] = xs
    hint[built.y] = np.minimum(1.0, red.sets @ xs)
    if len(built.z):
        hint[built.z] = (red.backup_sets @ xs >= red.backup_need).astype(float)
    if len(built.u):
        hint[built.u] = (built.u_members @ xs > 0).astype(float)
    if built.t >= 0:
        earned = built.earned[:, : built.t] @ hint[: built.t] + built.red.offset
        ok = built.totals > 0
        hint[built.t] = float(np.min(earned[ok] / built.totals[ok])) if ok.any() else 1.0
    return hint


def _n_vars(built: _Built) -> int:
    return len(built.objective)


def _value(problem: Problem, built: _Built, plan: NDArray[np.bool_]) -> float:
    return validate_plan(problem, built.red.keep[plan]).objective


def _map_plan(src: _Built, plan: NDArray[np.bool_], dst: _Built) -> NDArray[np.bool_]:
    return np.isin(dst.red.keep, src.red.keep[plan])


def _option_data(problem: Problem, keep: IntArray) -> OptionData:
    """The kept options' data for the searches without a MIP (positions in ``keep``).

    Their costs, penalties, groups and conflict pairs, with the problem's budget, group
    capacities and required groups.
    """
    cost = np.asarray(problem.costs, dtype=np.float64)[keep]
    penalty = (np.asarray(problem.penalties, dtype=np.float64)[keep]
               if problem.penalties is not None else np.zeros(len(keep)))
    group = np.asarray(problem.groups)[keep] if problem.groups is not None else None
    return OptionData(cost, penalty, problem.budget, group, problem.capacity,
                      _pairs(problem, keep), tuple(problem.required_groups))


def _pairs(problem: Problem, keep: IntArray) -> IntArray:
    """Conflict pairs as positions among ``keep`` (pairs with a dropped option vanish)."""
    pairs = np.asarray(problem.conflicts, dtype=np.int64).reshape(-1, 2)
    position = np.full(problem.shape[1], -1)
    position[keep] = np.arange(len(keep))
    mapped = position[pairs]
    return mapped[np.all(mapped >= 0, axis=1)]
