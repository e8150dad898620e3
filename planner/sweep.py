"""Many scenarios at once: budget sweeps and variant comparisons.

A budget sweep prepares the scenario once (demand, options, coverage matrix) and solves it for each
budget. The solves run in local worker processes by default, or on a Dask distributed cluster when a
scheduler address is given (``tcp://HOST:PORT``); both give identical plans because every solve is
deterministic.

Where the budgets are solved is :mod:`planner._sweep_run`; the report (``report.md``,
``curve.png``) is :mod:`planner._sweep_report`.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planner._budget_text import (
    amounts_in_sek,
    parse_sek,
    split_amounts,
    split_range,
    unit_on_some,
)
from planner._day_night import period_columns, scenario_time
from planner._lang import pick
from planner._plan_problem import as_given, available_new
from planner._plan_types import Plan
from planner._stage_text import budget_title
from planner._sweep_report import _TEXT, no_plan_reasons, plot_curve
from planner._sweep_report import sweep_markdown as sweep_markdown
from planner._sweep_run import NO_PLAN, _connect, _run_dask, _run_local
from planner.errors import InfeasibleError, InputError, NoPlanInTimeError, SolverError
from planner.io import atomic_dir, tidy_numbers, write_csv
from planner.plan import Prepared, check_same_preparation, prepare
from planner.scenario import Scenario
from planner.workbook import in_words, write_workbook

log = logging.getLogger(__name__)

CURVE_COLUMNS = [
    "budget_sek",
    "spent_sek",
    "objective",
    "bound",
    "gap",
    "status",
    "stopped_by",
    "covered_share",
    "covered_population",
    "n_cameras_new",
    # what the amount spent is made of (summary.json's): the new cameras' investment, their
    # running costs a year and those over the horizon (in spent_sek where yearly costs count)
    "investment_sek",
    "yearly_sek",
    "yearly_over_horizon_sek",
]


#: A sweep's ``areas.csv``: per area and budget (0: today) the covered share and population.
AREA_COLUMNS = [
    "area_id",
    "name",
    "priority",
    "population",
    "budget_sek",
    "covered_share",
    "covered_population",
    "covered_population_gain",
]


def areas_by_step(plans: Sequence[Plan], step: str, values: Sequence[float] | range
                  ) -> pd.DataFrame:
    """Each area's covered share and covered population (graded) today and after each plan.

    ``step`` names the column that tells the plans apart (a sweep's ``budget_sek``, a rollout's
    ``stage``) and ``values`` its value per plan; today's coverage (the existing cameras, the same
    in every plan) is its 0. One row per area and step, by area in the plans' order, then step;
    ``covered_population_gain``: what the step adds to the one before it; empty at 0.
    """
    columns = [*AREA_COLUMNS[:4], step, *AREA_COLUMNS[5:]]
    if not plans:
        return pd.DataFrame(columns=columns)
    first = plans[0].areas
    base = pd.DataFrame({"area_id": first["area_id"].to_numpy(),
                         "name": first["name"].to_numpy(),
                         "priority": first["priority"].to_numpy(dtype=float),
                         "population": first["population"].to_numpy(dtype=float)})
    before = first["covered_share_before"].fillna(0.0).to_numpy(dtype=float)
    today: float = 0 if all(isinstance(v, int) for v in values) else 0.0  # (stages stay whole)
    frames = [base.assign(**{step: today}, covered_share=before,
                          covered_population=base["population"] * before)]
    for plan, value in zip(plans, values, strict=True):
        areas = plan.areas.set_index("area_id").loc[base["area_id"]]
        frames.append(base.assign(
            **{step: value},
            covered_share=areas["covered_share_after"].fillna(0.0).to_numpy(dtype=float),
            covered_population=areas["covered_population_after"].to_numpy(dtype=float)))
    long = pd.concat(frames, ignore_index=True)
    order = {a: i for i, a in enumerate(base["area_id"])}
    long = long.sort_values(["area_id", step], key=lambda c: c.map(order)
                            if c.name == "area_id" else c, kind="stable")
    long["covered_population_gain"] = long.groupby("area_id", sort=False)[
        "covered_population"].diff()
    return pd.DataFrame(long.reset_index(drop=True), columns=columns)


@dataclass(frozen=True)
class SweepResult:
    """The plans of a budget sweep and their coverage-budget curve.

    ``plans`` holds one plan per budget that has one; ``curve`` one row per budget, with status
    ``"infeasible"`` (and empty values) where the scenario's rules cannot be met within it,
    ``"no plan found"`` where the time limit ended the search before any plan (:data:`NO_PLAN`),
    and ``infeasible`` the reason for each such budget; ``requirements`` the requirement each of
    those reasons is about (:attr:`planner.errors.InfeasibleError.requirement`, ``"time
    limit"`` for a search the time limit ended, ``""`` where the error names none), for a report
    that restates it in its own language.
    """

    scenario: Scenario
    plans: tuple[Plan, ...]
    curve: pd.DataFrame
    infeasible: tuple[tuple[float, str], ...] = ()
    requirements: tuple[str, ...] = ()

    def marginal(self) -> pd.DataFrame:
        """Covered population gained per million SEK between consecutive budgets with a plan."""
        c = self.feasible()
        d_budget = c["budget_sek"].diff()
        d_pop = c["covered_population"].diff()
        out = pd.DataFrame(
            {
                "from_sek": c["budget_sek"].shift(1),
                "to_sek": c["budget_sek"],
                "covered_population_gain": d_pop,
                "per_million_sek": d_pop / d_budget * 1e6,
            }
        )
        return out.iloc[1:].reset_index(drop=True)

    def areas(self) -> pd.DataFrame:
        """Each area's covered share and covered population (graded) at each budget with a plan.

        :data:`AREA_COLUMNS`, by area (in the plans' order) and budget; the first rows of each
        area, at ``budget_sek`` 0, are today's coverage (the existing cameras, the same in every
        plan). ``covered_population_gain``: what the budget adds to the budget before it (the
        first budget to today's); empty at 0.
        """
        return areas_by_step(self.plans, "budget_sek",
                             [float(plan.summary["budget_sek"]) for plan in self.plans])

    def feasible(self) -> pd.DataFrame:
        """The curve's rows of the budgets that have a plan."""
        return self.curve[~self.curve["status"].isin(NO_PLAN)].reset_index(drop=True)

    def without_plan(self) -> pd.DataFrame:
        """The curve's rows of the budgets without a plan (:data:`NO_PLAN`), with their reason."""
        return self.curve[self.curve["status"].isin(NO_PLAN)].reset_index(drop=True)


#: Budgets one sweep may solve.
MAX_BUDGETS = 200


def parse_budgets(text: str) -> list[float]:
    """Parse ``START:STOP:STEP`` (inclusive STOP) or a comma list into budgets in SEK."""
    where = f"--budgets {text!r}"
    def amount(part: str) -> float:
        value = parse_sek(part)  # ("1 mnkr:10 mnkr:1 mnkr", "2,5 mnkr,5 mnkr")
        if value is None:
            raise ValueError
        return value

    ranged = split_range(text)
    parts = [p for p in split_amounts(text) if p.strip()]
    if ranged is None and (bare := unit_on_some(parts)) is not None:
        # ("3,5,8 mnkr" had been 3 SEK and 5.8 MSEK: a decimal comma)
        raise InputError(f"{where}: {bare} has no unit where others have one; write each amount "
                         "with its unit, e.g. \"3 mnkr,5 mnkr,8 mnkr\"")
    try:
        if ranged is not None:
            start, stop, step = (amount(p) for p in ranged)
            if step <= 0 or stop < start or not all(map(math.isfinite, (start, stop, step))):
                raise ValueError
            count = (stop - start) / step + 1e-9
            if not math.isfinite(count):  # (1e4:1e308:1e-300 had overflowed: exit 1)
                raise ValueError
            n = math.floor(count) + 1
            # (counted before the list is made: 1:1e9:1 had filled 24 GB)
            budgets = [start + i * step for i in range(min(n, MAX_BUDGETS + 1))]
        else:
            budgets = [amount(p) for p in parts]
    except ValueError:
        raise InputError(
            f"{where}: expected START:STOP:STEP with STEP > 0 and STOP >= START, or a comma list, "
            "e.g. 1000000:10000000:1000000 or \"1 mnkr:10 mnkr:1 mnkr\""
        ) from None
    return _checked(budgets, where, n if ranged is not None else len(budgets))


def _checked(budgets: list[float], where: str, count: int) -> list[float]:
    """``budgets`` sorted, once each, if they are positive, finite and at most MAX_BUDGETS."""
    if not budgets or any(not math.isfinite(b) or b <= 0 for b in budgets):
        raise InputError(f"{where}: budgets must be positive finite numbers of SEK")
    if count > MAX_BUDGETS:
        raise InputError(f"{where}: {count:,} budgets; at most {MAX_BUDGETS} per sweep, e.g. "
                         "with a larger STEP")
    return sorted(set(budgets))


def run_sweep(
    scenario: Scenario,
    budgets: Sequence[float | str] | str,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    connect_timeout: float = 10.0,
    prepared: Prepared | None = None,
) -> SweepResult:
    """Solve ``scenario`` for every budget.

    Parameters
    ----------
    scenario
        The scenario; only its budget changes between steps.
    budgets
        Budgets in SEK: numbers, or amounts as text as ``--budgets`` takes them (``["2 mnkr",
        "4 mnkr"]``, or one text, ``"2 mnkr:10 mnkr:2 mnkr"``).
    scheduler
        A Dask scheduler address (``tcp://HOST:PORT``) or a ``dask.distributed.Client``; ``None``
        runs the steps in local processes.
    workers
        Local worker processes (default: the number of cores, at most the number of budgets).
    progress
        Optional callback ``progress(step, done, total)``.
    connect_timeout
        Seconds to wait for the Dask scheduler to answer.
    prepared
        A preparation of ``scenario`` (:func:`planner.plan.prepare`) to solve from instead of
        preparing it again (a notebook that planned the scenario already); it must fit
        ``scenario`` (only budget, constraints and solver may differ).
    """
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 1):
        raise InputError(f"--workers {workers!r}: give a whole number >= 1 (or leave it out: one "
                         "per core)")
    # (as --budgets takes them: "1 mnkr:10 mnkr:1 mnkr", or a list of numbers and amounts
    # written as text, ["2 mnkr", "4 mnkr"]; the text had ended in a ValueError's traceback)
    amounts: list[float]
    if isinstance(budgets, str):
        amounts = parse_budgets(budgets)
    else:
        given = amounts_in_sek(budgets, "budgets")
        _checked(given, f"budgets {given!r}", len(given))
        amounts = sorted(given)  # (a budget twice is told below, by its folder)
    budgets = amounts
    folders = [f"{b:.0f}" for b in budgets]
    if len(set(folders)) < len(folders):  # (each budget's plan goes to budget_<SEK>/)
        same = sorted({f for f in folders if folders.count(f) > 1})
        raise InputError(f"--budgets: several budgets round to {', '.join(same[:3])} SEK; give "
                         "budgets at least 1 SEK apart")
    # the cluster first: an unreachable scheduler or one without workers is told before the
    # preparation (it had been told after it, 40 s in, and "no workers" ended in exit 1)
    client, own = _connect(scheduler, connect_timeout) if scheduler is not None else (None, False)
    try:
        if prepared is None:
            prepared = prepare(scenario, progress=progress)
        else:  # (each budget is solved with this scenario's rules, on that preparation)
            check_same_preparation(prepared.scenario, scenario)
            prepared = dataclasses.replace(prepared, scenario=scenario)
        new = available_new(scenario, prepared)
        cheapest = float(prepared.options.loc[new, "cost_sek"].min()) if new.any() else 0.0
        if budgets[0] < cheapest:  # (each plan would refuse it, naming budget.total_sek)
            raise InputError(f"--budgets: {as_given(budgets[0])} SEK is below the cheapest camera "
                             f"option ({as_given(cheapest)} SEK); start the sweep at "
                             f"{as_given(cheapest)} SEK or more")
        if client is not None:
            answers = _run_dask(prepared, budgets, client, progress)
        else:
            answers = _run_local(prepared, budgets, workers, progress)
    finally:
        if own and client is not None:
            client.close()
    # each plan titled by its budget (its map, report and workbook had carried the scenario's
    # title alone, which may name another budget)
    answers = [dataclasses.replace(a, summary={**a.summary, "title": budget_title(
                   a.summary, scenario.language)}) if isinstance(a, Plan) else a
               for a in answers]
    plans = [a for a in answers if isinstance(a, Plan)]
    infeasible = tuple((b, str(a)) for b, a in zip(budgets, answers, strict=True)
                       if not isinstance(a, Plan))
    requirements = tuple(a.requirement if isinstance(a, InfeasibleError) else "time limit"
                         for a in answers if not isinstance(a, Plan))
    if not plans:  # no budget has a plan: the first reason is the answer
        first = answers[0]
        where = f"at every budget of the sweep; at {budgets[0]:,.0f} SEK: {first}"
        if isinstance(first, NoPlanInTimeError):
            raise first.reworded(where)
        assert isinstance(first, InfeasibleError)
        raise InfeasibleError(where, requirement=first.requirement, labels=first.labels,
                              reach=first.reach, groups=first.groups)
    # (a budget without a plan says why on its row: the reason without the scenario's path)
    prefix = f"{scenario.source or 'scenario'}: "
    kept = [*CURVE_COLUMNS, *period_columns(scenario_time(scenario))]
    rows = [{k: a.summary[k] for k in kept} if isinstance(a, Plan)
            else {"budget_sek": b, "no_plan_reason": str(a).removeprefix(prefix),
                  "status": NO_PLAN[isinstance(a, NoPlanInTimeError)]}
            for b, a in zip(budgets, answers, strict=True)]
    curve = pd.DataFrame(rows, columns=[*kept, "no_plan_reason"])
    curve["n_cameras_new"] = curve["n_cameras_new"].astype("Int64")  # (empty where infeasible)
    result = SweepResult(scenario, tuple(plans), curve, infeasible, requirements)
    maxmin = scenario.constraints.equity_mode == "maxmin"
    _check_monotone(result.feasible(), [p.smallest_share() for p in plans] if maxmin else None)
    return result


def _check_monotone(curve: pd.DataFrame, smallest: Sequence[float] | None = None) -> None:
    """Check that coverage never falls as the budget rises, or under max-min the smallest share.

    ``smallest`` (max-min: each plan's smallest area share) never falls, and coverage may fall
    only where it rose. Max-min puts the smallest share first: a larger budget may raise it at the cost of coverage
    (a sweep of proven optima had ended in "please report this", exit 1).
    """
    obj = curve["objective"].to_numpy(dtype=float)
    optimal = (curve["status"] == "optimal").to_numpy()
    for i in range(1, len(obj)):
        fell = obj[i] < obj[i - 1] - 1e-6 * max(1.0, abs(obj[i - 1]))
        if smallest is not None:
            low, high = smallest[i - 1], smallest[i]
            if optimal[i] and optimal[i - 1] and high < low - 1e-6:
                raise SolverError(
                    f"the smallest area share fell from {low:.4f} to {high:.4f} between budgets "
                    f"{curve['budget_sek'][i - 1]:,.0f} and {curve['budget_sek'][i]:,.0f} although "
                    "both are proven optimal; please report this"
                )
            fell = fell and high <= low + 1e-6  # (a raised share may cost coverage)
        if fell:
            if optimal[i] and optimal[i - 1]:
                raise SolverError(
                    f"coverage fell from {obj[i - 1]:.3f} to {obj[i]:.3f} between budgets "
                    f"{curve['budget_sek'][i - 1]:,.0f} and {curve['budget_sek'][i]:,.0f} although "
                    "both are proven optimal; please report this"
                )
            log.warning(
                "coverage fell between budgets %s and %s: a time limit stopped the solver; "
                "raise solver.time_limit_s",
                curve["budget_sek"][i - 1],
                curve["budget_sek"][i],
            )


def write_sweep(result: SweepResult, out: str | Path, *, offline: bool = False) -> Path:
    """Write the curve's tables, plot and report, and one plan folder per budget.

    Files: ``curve.csv``, ``marginal.csv``, ``areas.csv`` (:meth:`SweepResult.areas`),
    ``curve.xlsx`` (the three tables as sheets), ``curve.png``, ``report.md``, ``budget_N/``.
    """
    from planner.report import write_plan

    out = Path(out)
    language = result.scenario.language
    t = pick(_TEXT, language)
    with atomic_dir(out) as tmp:
        write_csv(result.curve, tmp / "curve.csv")
        write_csv(result.marginal(), tmp / "marginal.csv")
        write_csv(result.areas(), tmp / "areas.csv")
        # (each budget's reason for no plan in the workbook's language, as report.md's)
        reasons = dict(no_plan_reasons(result))
        curve = result.curve.assign(no_plan_reason=[
            reasons.get(float(b), r) for b, r in zip(result.curve["budget_sek"],
                                                     result.curve["no_plan_reason"], strict=True)])
        write_workbook([(t["sheet:curve"], in_words(tidy_numbers(curve), language)),
                        (t["sheet:marginal"], in_words(tidy_numbers(result.marginal()), language)),
                        (t["sheet:areas"], in_words(tidy_numbers(result.areas()), language))],
                       tmp / "curve.xlsx")
        plot_curve(result, tmp / "curve.png")
        for plan in result.plans:
            write_plan(plan, tmp / f"budget_{plan.summary['budget_sek']:.0f}", offline=offline)
        (tmp / "report.md").write_text(sweep_markdown(result), encoding="utf-8")
    return out
