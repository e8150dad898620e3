"""A solver's "infeasible", told apart (internal).

Either a requirement no plan meets (:class:`~planner.errors.InfeasibleError` naming the required
groups or the areas whose share falls short, :func:`_raise_if_infeasible`), or the solver's
numerics contradicted by :func:`~planner._opt_checks.validate_plan` (:class:`_LimitBreach`, which
:func:`planner.optimize.solve` answers by solving again at a strict tolerance).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

from planner._opt_built import IntArray, Problem, _build, _Built
from planner._opt_checks import furthest_short, validate_plan
from planner._opt_reduce import Reduced, reduce_problem
from planner._opt_solvers import MipOutcome, run_mip
from planner.errors import InfeasibleError, SolverError, one_line

#: Time limit of each area's LP that tells whether it can reach its share alone (GLOP;
#: Katrineholm's areas take 0.1-0.25 s each).
DIAGNOSIS_LP_S = 30.0
#: Models up to this many variables (:data:`planner._opt_large.LARGE_MODEL_VARS`: those whose full
#: MIP is run) are also asked whether any budget gives every area its share at once, by a MIP of
#: at most :data:`TOGETHER_NODES` branch-and-bound nodes (a count, so the answer is the same on
#: any machine; the tiny town's takes 0.01 s). The LP relaxation cannot tell: it spreads half a
#: camera over each of two mounts a spacing rule allows one of.
TOGETHER_MAX_VARS = 20_000
TOGETHER_NODES = 200
#: Time limit of that MIP, a safety net far beyond what the node limit allows.
TOGETHER_S = 120.0


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
    # (required groups no plan within the budget serves whatever the shares, two in conflict,
    # had been told as "equity_limits" under a share that binds: lowering it does not help)
    if need and (not binding or _groups_unservable(problem)):
        raise InfeasibleError(one_line(
            f"required_groups: no plan within budget {problem.budget:g} gives each of the "
            f"{len(need)} required groups an option (their options conflict with each other or "
            "with the required options, or cost too much together)"),
            requirement="required_groups_search", groups=tuple(need))
    if built.floor is None:
        raise SolverError("the solver reported infeasible although the required options alone "
                          "are a feasible plan; please report this instance")
    shares = built.floor[1:] / np.where(built.totals[1:] > 0, built.totals[1:], 1.0)
    limits, budgeted = (furthest_short(short, shares) for short in _areas_short(problem, built))

    def below(label: int, reach: float) -> tuple[str, str]:
        d = decimals_below(reach, shares[label], 3)
        return f"{reach:.{d}f}", f"{shares[label]:.{d}f}"

    if limits:
        # raising the budget would not help these: say so first
        raise InfeasibleError(one_line("equity: " + "; ".join(
            f"area label {label} can reach at most {below(label, share)[0]} of its weight with "
            f"any budget, below min_share {below(label, share)[1]}" for label, share in limits)
            + " (the options' group limits, conflicts and exclusions stop it)"),
            requirement="equity_limits", labels=tuple(label for label, _ in limits),
            reach=tuple(share for _, share in limits))
    if _out_of_reach_together(problem, built):
        # (each area reaches its share alone, or with more money, but no budget gives all of
        # them theirs at once: a 10 km spacing that allows one camera had been told, at 1e9
        # SEK, to raise the budget)
        raise InfeasibleError(one_line(
            "equity: no plan meets min_share whatever the budget: none gives every area its "
            "share at once (the options' group limits, conflicts and exclusions stop it)"),
            requirement="equity_limits")
    if budgeted:
        what = "; ".join(f"area label {label} (at most {below(label, share)[0]} of its weight "
                         "within budget)" for label, share in budgeted)
    else:
        what = ("no plan within budget gives every area its share"
                + (" and each required group an option" if need else ""))
    raise InfeasibleError(one_line(f"equity: no plan within budget {problem.budget:g} meets "
                                   f"min_share: {what}"), requirement="equity_budget",
                          labels=tuple(label for label, _ in budgeted),
                          reach=tuple(share for _, share in budgeted))


def decimals_below(reach: float, share: float, decimals: int) -> int:
    """The fewest decimals, from ``decimals``, at which ``reach`` reads below ``share``.

    Both rounded to them, in the scale shown (a fraction, or percent: ``100 * reach``). ("at
    most 16.9 %" of a share of 0.169, for a reach of 16.89 %, had read as reaching it.) At most
    six more.
    """
    for d in range(decimals, decimals + 6):
        if round(reach, d) < round(share, d) - 1e-9 * max(1.0, abs(share)):
            return d
    return decimals + 6


def _areas_short(problem: Problem, built: _Built
                 ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """The areas whose share no plan reaches, each on its own: ``(limits, budgeted)``.

    ``limits``: areas no plan brings to their share whatever the budget (the group limits, e.g.
    one camera per mount, conflicts and exclusions stop them); ``budgeted``: the others no plan
    within the budget brings there. Each as ``(label, the most of its weight it can reach)``.

    One LP per area whose floor binds, on that area's rows only, and a second at an unlimited
    budget for an area that falls short. The other areas' floors are left out: with them every
    area's LP had been infeasible whenever the joint one was, so no area was ever named (and
    Katrineholm's 14 full-size LPs took 97 s; its areas' own take 0.1-0.25 s each). An LP's
    bound is an upper bound on what any plan covers of the area, so an area named truly falls
    short.
    """
    labels_of = np.asarray(problem.labels)
    limits: list[tuple[int, float]] = []
    budgeted: list[tuple[int, float]] = []
    floor = built.floor if built.floor is not None else np.zeros(len(built.totals))
    for row in np.flatnonzero(floor - built.red.offset > 1e-12):
        label = int(row - 1)
        need = floor[row] - 1e-9
        best = _area_bound(problem, labels_of == label, problem.budget)
        if best is None or best >= need:
            continue
        most = (_area_bound(problem, labels_of == label, np.inf)
                if np.isfinite(problem.budget) else best)
        if most is not None and most < need:
            limits.append((label, float(most / built.totals[row])))
        else:
            budgeted.append((label, float(best / built.totals[row])))
    return limits, budgeted


def _out_of_reach_together(problem: Problem, built: _Built) -> bool:
    """Whether no budget gives every area its share at once (proven; small models only).

    The problem at an unlimited budget, its shares and every other rule kept, as a feasibility
    MIP of at most :data:`TOGETHER_NODES` nodes; ``False`` when the model has more than
    :data:`TOGETHER_MAX_VARS` variables, the budget is unlimited already, or the MIP ends
    without a proof.
    """
    if not np.isfinite(problem.budget) or len(built.objective) > TOGETHER_MAX_VARS:
        # (``built`` is never larger than the model at an unlimited budget: reduced-cost fixing
        # only shrinks it; Katrineholm's had been reduced and built again only to be found too
        # large)
        return False
    anyhow = dataclasses.replace(problem, budget=np.inf)
    # (the size of this model, not of ``built``'s, which reduced-cost fixing may have shrunk)
    return _proven_infeasible(_build(anyhow, reduce_problem(anyhow, equity=True)))


def _groups_unservable(problem: Problem) -> bool:
    """Whether no plan within the budget serves every required group, shares aside (proven).

    The problem without its area shares, as a feasibility MIP of at most
    :data:`TOGETHER_NODES` nodes; ``False`` when the model has more than
    :data:`TOGETHER_MAX_VARS` variables or the MIP ends without a proof.
    """
    plain = dataclasses.replace(problem, labels=None, min_share=0.0, equity="hard")
    return _proven_infeasible(_build(plain, reduce_problem(plain, equity=False)))


def _proven_infeasible(work: _Built) -> bool:
    """Whether a feasibility MIP of ``work`` (a built model) proves that no plan exists.

    At most :data:`TOGETHER_NODES` nodes and :data:`TOGETHER_S` seconds; ``False`` when the model
    has more than :data:`TOGETHER_MAX_VARS` variables or the MIP ends without a proof.
    """
    if len(work.objective) > TOGETHER_MAX_VARS:
        return False
    mip = run_mip(work.arrays, np.zeros_like(work.objective), solver="scip",
                  time_limit=TOGETHER_S, node_limit=TOGETHER_NODES, workers=1)
    return mip.status == "infeasible"


def _area_bound(problem: Problem, rows: NDArray[np.bool_], budget: float) -> float | None:
    """An upper bound on the weight a plan within ``budget`` covers of ``rows``.

    ``None`` when the LP did not end (or the area's requirements alone cannot be met).

    The problem restricted to those rows, without shares, penalties or backup bonus, reduced
    (exactly: the dominance rule keeps the optimum) and relaxed.
    """
    area = type(problem)(
        coverage=problem.coverage[np.flatnonzero(rows)], weights=np.asarray(problem.weights)[rows],
        costs=problem.costs, budget=budget, required=problem.required,
        groups=problem.groups,
        max_per_group=problem.capacity if problem.groups is not None else 1,
        conflicts=problem.conflicts,
        excluded=problem.excluded, required_groups=problem.required_groups)
    built = _build(area, reduce_problem(area, equity=False))
    lp = run_mip(built.arrays, built.objective, solver="glop", time_limit=DIAGNOSIS_LP_S,
                 relax=True, offset=built.offset)
    return float(lp.bound) if lp.status == "optimal" else None

