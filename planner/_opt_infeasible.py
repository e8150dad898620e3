"""A solver's "infeasible", told apart (internal).

Either a requirement no plan meets (:class:`~planner.errors.InfeasibleError` naming the required
groups or the areas whose share falls short, :func:`_raise_if_infeasible`), or the solver's
numerics contradicted by :func:`~planner._opt_checks.validate_plan` (:class:`_LimitBreach`, which
:func:`planner.optimize.solve` answers by solving again at a strict tolerance).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import IntArray, Problem, _Built
from planner._opt_checks import validate_plan
from planner._opt_reduce import Reduced
from planner._opt_solvers import MipOutcome, pad_to, run_mip
from planner.errors import InfeasibleError, SolverError, one_line


class _LimitBreach(SolverError):
    """A solver's answer that :func:`validate_plan` contradicts (see :func:`planner.optimize.solve`).

    ``fallback``: a plan (original indices) that meets every requirement, found before the
    solver called the problem infeasible, and the reductions it was found on.
    """

    def __init__(self, message: str,
                 fallback: tuple[NDArray[np.int64], Reduced] | None = None) -> None:
        super().__init__(message)
        self.fallback = fallback


def _raise_if_infeasible(outcome: MipOutcome, problem: Problem, built: _Built,
                         known: IntArray | None = None) -> None:
    """Raise :class:`InfeasibleError` for an infeasible MIP, naming the shares it cannot meet.

    ``known``: a plan found before the MIP (greedy's, the LP neighbourhood's), as original
    option indices. If :func:`validate_plan` accepts it, the MIP's answer is the solver's
    numerics (CP-SAT's integer scaling rejected a share met to within 1e-12, found by an
    adversarial check), not a property of the problem: :class:`_LimitBreach` instead.
    """
    if outcome.status != "infeasible":
        return
    if known is not None and validate_plan(problem, known).feasible:
        shown = known.tolist() if len(known) <= 10 else f"of {len(known)} options"
        raise _LimitBreach("the solver reported that no plan meets the requirements, but "
                           f"the plan {shown} found before it does", fallback=(known, built.red))
    need = problem.required_groups
    # (a floor the fixed terms meet already binds nothing: "maxmin" with min_share 0 had been
    # reported as an equity share that cannot be met)
    binding = built.floor is not None and bool(np.any(built.floor - built.red.offset > 1e-12))
    if need and not binding:
        raise InfeasibleError(one_line(
            f"required_groups: no plan within budget {problem.budget:g} gives each of the "
            f"{len(need)} required groups an option (their options conflict with each other or "
            "with the required options, or cost too much together)"),
            requirement="required_groups_search", groups=tuple(need))
    if built.floor is None:
        raise SolverError("the solver reported infeasible although the required options alone "
                          "are a feasible plan; please report this instance")
    short: list[str] = []
    labels: list[int] = []
    reach: list[float] = []
    for row in np.flatnonzero(built.floor - built.red.offset > 1e-12):
        lp = run_mip(built.arrays, pad_to(built.earned[row].toarray().ravel(),
                                        len(built.objective)),
                     solver="glop", time_limit=10.0, relax=True,
                     offset=float(built.red.offset[row]))
        if lp.status == "optimal" and lp.bound < built.floor[row] - 1e-9:
            share = lp.bound / built.totals[row]
            short.append(f"area label {row - 1} (at most {share:.3f} of its weight within budget, "
                         f"min_share {built.floor[row] / built.totals[row]:.3f})")
            labels.append(int(row - 1))
            reach.append(float(share))
    what = ("; ".join(short) if short else
            "no plan within budget gives every area its share"
            + (" and each required group an option" if need else ""))
    raise InfeasibleError(one_line(f"equity: no plan within budget {problem.budget:g} meets "
                                   f"min_share: {what}"), requirement="equity_budget",
                          labels=tuple(labels), reach=tuple(reach))
