"""The problem's side of the array-level stages: what they call back (internal).

:mod:`planner._opt_handover` and :mod:`planner._opt_tiebreak` work on solver arrays; the plan
checks and model changes they need come from here, against the problem:
:func:`_refixed` (the handover's model fixed again against SCIP's first plan) and
:func:`_tie_break` (the tie-break's objective, plan check and tied 1-swaps).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import _Built, _hint, _map_plan, _n_vars, _option_data
from planner._opt_checks import validate_plan
from planner._opt_greedy import tied_swaps
from planner._opt_handover import REFIX_MAX_SHARE, Refixed
from planner._opt_lp import _fixed_model
from planner._opt_maxmin import _arrays
from planner._opt_problem import CoverageProblem
from planner._opt_solvers import Arrays, MipOutcome
from planner._opt_tiebreak import TIE_RTOL, tie_break

FloatArray = NDArray[np.float64]


def _refixed(problem: CoverageProblem, built: _Built, lp: MipOutcome, work: _Built,
             fixings: dict[Any, tuple[MipOutcome, _Built]], values: FloatArray
             ) -> Refixed | None:
    """``work`` fixed again by the LP's reduced costs against the plan ``values`` (its variables).

    For the handover (:func:`~planner._opt_handover.plan_mip`): SCIP's first try often finds a
    plan well above the incumbent ``work`` was fixed against, and the same reduced costs then fix
    far more options (Katrineholm at 300,000 SEK: 3,718 options left against greedy's 425.75,
    604 against the first try's 445.12). ``None`` when the new model keeps more than
    :data:`~planner._opt_handover.REFIX_MAX_SHARE` of the variables, or when the plan breaks a
    limit at :func:`validate_plan`'s tolerance (SCIP's is looser: a plan a little over the budget
    can be worth more than every plan within it).
    """
    plan = values[work.x] > 0.5
    check = validate_plan(problem, work.red.keep[plan])
    if not check.feasible:  # (within SCIP's tolerance only: fixed against its worth, the
        return None         # reduced costs could fix away every plan within the limits)
    fixed = _fixed_model(problem, built, lp, check.objective, fixings)
    if _n_vars(fixed) > REFIX_MAX_SHARE * _n_vars(work):
        return None

    def back(solution: FloatArray) -> FloatArray:
        return _hint(work, _map_plan(fixed, solution[fixed.x] > 0.5, work))

    return Refixed(_arrays(fixed, None), fixed.objective, fixed.offset,
                   _hint(fixed, _map_plan(work, plan, fixed)), back)


def _tie_break(built: _Built, arrays: Arrays, plan: NDArray[np.bool_],
               problem: CoverageProblem, solver: str, deadline: float, workers: int,
               branching: str, *, least_cost: bool = False, anchor: float | None = None
               ) -> tuple[NDArray[np.bool_], str]:
    """Run the exact tie-break from an optimal plan (see :mod:`planner._opt_tiebreak`).

    ``anchor``: the value the tie window is measured from, when not the plan's own.
    """
    keep = built.red.keep
    data = _option_data(problem, keep)

    def evaluate(mask: NDArray[np.bool_]) -> float:
        return validate_plan(problem, keep[mask]).objective

    opt = evaluate(plan)

    def swap_ties(mask: NDArray[np.bool_], cost_cap: float
                  ) -> tuple[int, list[NDArray[np.bool_]]] | None:
        swaps = tied_swaps(built.red, mask, data, tol=TIE_RTOL * max(1.0, abs(opt)),
                           cost_cap=cost_cap)
        if swaps is None:
            return None
        # the swap table models budget, mounts and conflicts; the plan check has the last word
        return swaps[0], [p for p in swaps[1] if validate_plan(problem, keep[p]).feasible]

    return tie_break(arrays, built.objective, built.offset, len(built.x), data.cost,
                     _hint(built, plan), evaluate, keep, solver=solver, deadline=deadline,
                     workers=workers, scip_extra=branching,
                     swap_ties=swap_ties if problem.labels is None else None,
                     least_cost=least_cost, anchor=anchor)
