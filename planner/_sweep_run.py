"""Where a sweep's budgets are solved: in this process, in local worker processes or on Dask.

Each worker holds the prepared scenario once (:func:`keep_prepared`) and solves budget after
budget from it (:func:`solve_kept`, which a rollout's best plans for its sums use too). The
functions sent to workers are module-level here, so that process pools and Dask find them by
their module path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from planner._plan_types import Plan
from planner.errors import InfeasibleError, InputError, NoPlanInTimeError, missing_package
from planner.plan import Prepared, solve_prepared

#: What a sweep's message asks to raise when the money falls short (a sweep sets each budget:
#: "raise budget.total_sek" had named a key the sweep does not use).
SWEEP_BUDGET_KEY = "the sweep's budgets (--budgets)"

#: What a budget's solve gives: its plan, or why it has none (rules no plan within it meets, or
#: a time limit that found none).
Answer = Plan | InfeasibleError | NoPlanInTimeError

#: The statuses of a budget without a plan, a row of the sweep's curve: the scenario's rules
#: cannot be met within it (``infeasible``), or the time limit ended the search before any plan
#: (``no plan found``: not a proof that none exists).
NO_PLAN = ("infeasible", "no plan found")


def _solve_budget(prepared: Prepared, budget: float, budget_key: str = SWEEP_BUDGET_KEY,
                  running_years: float | None = None) -> Answer:
    """The plan at ``budget``, or the reason there is none.

    ``budget_key``, ``running_years``: as :func:`~planner.plan.solve_prepared`'s.
    """
    scenario = prepared.scenario.with_overrides({"budget.total_sek": budget})
    try:
        return solve_prepared(prepared, scenario, budget_key=budget_key,
                              running_years=running_years)
    # a row of the curve, not the end of the sweep (a time limit that found no plan at one
    # budget had ended the sweep, the other budgets' plans unwritten)
    except (InfeasibleError, NoPlanInTimeError) as exc:
        return exc


_KEPT: list[Prepared] = []


def keep_prepared(prepared: Prepared, log_level: int | None = None) -> None:
    """Worker initialiser: hold the prepared scenario for every budget this worker solves.

    ``log_level``: the parent's level for the planner's log, which a spawned worker would not
    have (a sweep with two or more workers had logged no solver line, even with ``-v``).
    """
    _KEPT[:] = [prepared]
    if log_level is not None:
        logging.basicConfig(level=log_level,
                            format="%(levelname)s %(name)s [worker %(process)d]: %(message)s")
        logging.getLogger("planner").setLevel(log_level)


def solve_kept(budget: float, budget_key: str = SWEEP_BUDGET_KEY,
               running_years: float | None = None) -> Answer:
    """In a worker of :func:`keep_prepared`: the plan at ``budget`` (or why there is none)."""
    return _solve_budget(_KEPT[0], budget, budget_key, running_years)


def _run_local(
    prepared: Prepared,
    budgets: list[float],
    workers: int | None,
    progress: Callable[[str, int, int], None] | None,
) -> list[Answer]:
    import os

    n = min(workers or os.cpu_count() or 1, len(budgets))
    if n <= 1:
        plans: list[Answer] = []
        for i, b in enumerate(budgets):
            plans.append(_solve_budget(prepared, b))
            if progress:
                progress("sweep", i + 1, len(budgets))
            if _no_budget_helps(plans[-1]):
                return plans + [plans[-1]] * (len(budgets) - len(plans))
        return plans
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    # each worker receives the prepared scenario once, not once per budget
    level = logging.getLogger("planner").getEffectiveLevel()
    with ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=keep_prepared, initargs=(prepared, level)
    ) as pool:
        return _collect([pool.submit(solve_kept, b) for b in budgets], progress)


def _collect(futures: list[Any], progress: Callable[[str, int, int], None] | None
             ) -> list[Answer]:
    """The futures' results in budget order, reporting progress as each arrives in turn.

    After an answer that no budget has a plan (:func:`_no_budget_helps`) the budgets not
    started are cancelled, and each has that answer.
    """
    answers: list[Answer] = []
    for i, f in enumerate(futures):
        answers.append(f.result())
        if progress:
            progress("sweep", i + 1, len(futures))
        if _no_budget_helps(answers[-1]):
            for rest in futures[i + 1:]:
                rest.cancel()
            return answers + [answers[-1]] * (len(futures) - len(answers))
    return answers


def _no_budget_helps(answer: Answer) -> bool:
    """Whether ``answer`` says that no budget has a plan: an equity share out of reach.

    (``equity_limits``: the sites' max_cameras and the rules keep an area, or all of them at
    once, from it whatever the budget. A sweep at an impossible share had solved every budget
    to say so: Katrineholm at 0.45, four budgets in 62 s.)
    """
    return isinstance(answer, InfeasibleError) and answer.requirement == "equity_limits"


def _connect(scheduler: Any, connect_timeout: float) -> tuple[Any, bool]:
    """A Dask client with at least one worker, and whether it is ours to close."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise missing_package("--scheduler", "dask.distributed", "-e '.[scale]'") from None
    if not isinstance(scheduler, str):
        return scheduler, False
    try:
        client = Client(scheduler, timeout=f"{connect_timeout}s")
    except OSError as exc:
        raise InputError(
            f"--scheduler {scheduler}: no Dask scheduler answers there ({exc}); start one with "
            "'dask scheduler' and 'dask worker ADDRESS', or leave --scheduler out"
        ) from None
    try:
        client.wait_for_workers(1, timeout=connect_timeout)
    except (TimeoutError, OSError):
        client.close()
        raise InputError(
            f"--scheduler {scheduler}: the scheduler has no worker (waited {connect_timeout:g} s); "
            f"start one with 'dask worker {scheduler}', or leave --scheduler out"
        ) from None
    return client, True


def _run_dask(
    prepared: Prepared,
    budgets: list[float],
    client: Any,
    progress: Callable[[str, int, int], None] | None,
) -> list[Answer]:
    remote = client.scatter(prepared, broadcast=True)
    return _collect(client.map(_solve_budget, [remote] * len(budgets), budgets, pure=False),
                    progress)
