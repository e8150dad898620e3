"""A rollout in stages: which cameras to buy first when the money comes year by year.

The grant against segregation is paid year by year, so cameras are bought in stages, and every
stage's cameras stay up in the next. A budget sweep (:mod:`planner.sweep`) plans each budget on
its own: its 2 MSEK plan need not be part of its 5 MSEK plan, and cannot be built first. A
rollout plans nested stages instead, with the money of each stage added to what the stages before
it had. Money a stage leaves unspent carries over to the next (a stage may then spend more than
its own money); with ``carry_over=False`` (``--no-carry-over``, forward only) each stage spends
at most its own money and what it leaves is lost:

``forward`` (the default)
    Stage 1 is the best plan for its money; each later stage keeps every camera bought before it
    and adds the best cameras for its money. Early stages are as good as they can be; the last may
    fall short of the best plan for the whole sum.
``backward``
    The last stage is the best plan for the whole sum; each earlier stage is the best part of the
    stage after it that its money buys. The end is as good as it can be; early stages may fall
    short of the best plan for their money.

Each stage is also compared with the best plan for its sum alone (an independent plan, as a
sweep would make it): ``shortfall`` is the share of that plan's objective (weighted coverage,
privacy penalties included) the stage gives up for being part of the rollout, and
``shortfall_at_most`` the same measured against that plan's proven bound. When that plan is not
proven (a time limit, ``solver.gap``, the greedy backend) the stage can beat it and
``shortfall`` is negative. Under ``constraints.equity_mode = "maxmin"`` a plan first raises the
smallest area share: ``smallest_share`` and ``best_smallest_share`` compare that first.

With ``stage_years`` (``--stage-years``, forward only) the stages are that many years apart (1:
one stage a year of the grant). Where the scenario counts running costs in the budget
(``budget.include_yearly_costs``, over ``budget.horizon_years`` = H), a camera bought in stage k
then carries the running costs of the horizon's years left from its stage's year,
``max(0, H - (k - 1) × stage_years)``, not all H: its cost is its investment and that many years'
running costs, and it keeps that cost in the later stages (their money so far already holds it).
A stage that starts after the horizon buys at the investment alone. The best plan for a stage's
sum prices every camera as one bought in that stage (the stage's own new cameras' price, which
the earlier stages' cameras never undercut), so a stage is at best level with it. Without it
every camera carries the whole horizon's running costs, as in a plan of its own.

Every stage is solved with the scenario's rules (equity, privacy, spacing, incidents) on one
preparation. Cameras are numbered in the order they are bought, so a camera has the same label
(``C001``, ...) in every stage: existing cameras first, then stage 1's, stage 2's, ...

The rollout's report (``report.md``, ``rollout.png``) is :mod:`planner._rollout_report`.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._budget_text import amounts_in_sek, parse_sek, split_amounts, unit_on_some
from planner._day_night import period_columns
from planner._plan_problem import as_given, available_new
from planner._plan_types import Plan, camera_labels, coverage_time
from planner._rollout_report import TEXT, plot_rollout, rollout_markdown
from planner._stage_text import stage_title
from planner._sweep_run import Answer, keep_prepared, solve_kept
from planner.cameras import names_in
from planner.errors import InfeasibleError, InputError, NoPlanInTimeError
from planner.io import atomic_dir, tidy_numbers, write_csv
from planner.plan import Prepared, check_same_preparation, prepare, solve_prepared
from planner.scenario import Scenario
from planner.workbook import in_words, write_workbook

if TYPE_CHECKING:
    from planner.sweep import SweepResult

log = logging.getLogger(__name__)

Order = Literal["forward", "backward"]

#: At most this many stages (a rollout solves each stage, and each one's best plan, in turn).
MAX_STAGES = 20

#: At most this much money in all (the scenario's limit on ``budget.total_sek``).
MAX_BUDGET = 1e11

STAGE_COLUMNS = [
    "stage",
    "stage_sek",
    "budget_sek",
    "spent_sek",
    "stage_spent_sek",
    # what is spent, in its parts (summary.json's): the stage's own added investment and the
    # running costs a year its cameras add, and both in all up to the stage
    "stage_investment_sek",
    "stage_yearly_sek",
    "investment_sek",
    "yearly_sek",
    "n_cameras_added",
    "n_cameras_new",
    "objective",
    "covered_share",
    "covered_population",
    "status",
    "gap",
    "best_objective",
    "best_bound",
    "best_covered_share",
    "best_covered_population",
    "shortfall",
    "shortfall_at_most",
    "smallest_share",
    "best_smallest_share",
]

CAMERA_COLUMNS = ["camera", "stage", "option_id", "site_id", "mount_type", "model", "model_name",
                  "model_name_sv", "orientation_deg", "orientation_true_deg", "cost_sek", "covered_population"]


@dataclass(frozen=True)
class RolloutResult:
    """The stages of a rollout.

    ``plans`` holds each stage's plan (all cameras bought up to that stage, existing ones too,
    with a ``stage`` column: 0 for existing cameras); ``stages`` one row per stage
    (:data:`STAGE_COLUMNS`); ``cameras`` every camera of the last stage with the stage it is
    bought in (:data:`CAMERA_COLUMNS`).
    """

    scenario: Scenario
    order: Order
    plans: tuple[Plan, ...]
    stages: pd.DataFrame
    cameras: pd.DataFrame
    carry_over: bool = True
    #: the years between stages (``--stage-years``) where they change the costs, else ``None``
    stage_years: float | None = None

    def areas(self) -> pd.DataFrame:
        """Each area's covered share and covered population (graded) today and after each stage.

        ``areas.csv``: as a sweep's (:func:`planner.sweep.areas_by_step`), by ``stage``, 0 being
        today's coverage (the existing cameras); ``covered_population_gain`` is what the stage
        adds to the stage before it.
        """
        from planner.sweep import areas_by_step

        return areas_by_step(self.plans, "stage", range(1, len(self.plans) + 1))

    def statuses(self, language: str | None = None) -> list[str]:
        """Each stage's status in words, with what it is optimal under (the stage tables).

        :func:`planner._stage_text.stage_status`: "optimal as a part of stage 2" where the
        stage tables had said "optimal" of a stage 0.77 % below the best plan for its money;
        ``stages.csv`` keeps the solver's code.
        """
        from planner._stage_text import stage_status

        n = len(self.stages)
        return [stage_status(str(v), int(k), n, self.order, language)
                for k, v in zip(self.stages["stage"], self.stages["status"], strict=True)]


def parse_stages(text: str, where: str = "--stages") -> list[float]:
    """The money of each stage in SEK from a comma list (``2000000,3000000,3000000``)."""
    parts = split_amounts(text)
    if (bare := unit_on_some(parts)) is not None:  # ("3,5,8 mnkr": 3 SEK and 5.8 MSEK)
        raise InputError(f"{where} {text!r}: {bare} has no unit where others have one; write each "
                         "stage's money with its unit, e.g. \"3 mnkr,3 mnkr,2 mnkr\"")
    read = [parse_sek(part) for part in parts]  # ("2 mnkr,3 mnkr,3 mnkr")
    amounts = [a for a in read if a is not None]
    if len(amounts) < len(read):
        raise InputError(f"{where} {text!r}: expected the money of each stage in SEK as a comma "
                         "list, e.g. 2000000,3000000,3000000 or \"2 mnkr,3 mnkr,3 mnkr\"")
    return _checked(amounts, where, text)


def _checked(amounts: list[float], where: str, text: str) -> list[float]:
    """``amounts`` if they are at least two stages' positive money, within the limits."""
    if not amounts or any(not math.isfinite(a) or a <= 0 for a in amounts):
        raise InputError(f"{where} {text!r}: each stage's money must be a positive finite number "
                         "of SEK")
    if len(amounts) < 2:
        raise InputError(f"{where} {text!r}: a rollout has at least two stages (one stage is a "
                         "plan: planner plan --set budget.total_sek=...)")
    if len(amounts) > MAX_STAGES:
        raise InputError(f"{where}: {len(amounts)} stages; at most {MAX_STAGES}")
    if sum(amounts) > MAX_BUDGET:  # (it had been blamed on budget.total_sek, after the preparation)
        raise InputError(f"{where}: the stages add up to {sum(amounts):,.0f} SEK; at most "
                         f"{MAX_BUDGET:,.0f} SEK in all")
    return amounts


def run_rollout(
    scenario: Scenario,
    stages: Sequence[float | str] | str,
    *,
    order: Order = "forward",
    best: bool | Iterable[Plan] | SweepResult = True,
    carry_over: bool = True,
    workers: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    prepared: Prepared | None = None,
    stage_years: float | None = None,
) -> RolloutResult:
    """Plan ``scenario`` in stages with the money ``stages`` (SEK per stage, in order).

    Parameters
    ----------
    scenario
        The scenario; its budget is replaced by the stages' running sums.
    stages
        The money of each stage in SEK: numbers, or amounts as text as ``--stages`` takes them
        (``["3 mnkr", "3 mnkr"]``, or one text, ``"3 mnkr,3 mnkr"``); at least two stages.
    order
        ``"forward"`` or ``"backward"`` (see the module's description).
    best
        Also plan each stage's money on its own, for ``best_objective``, ``best_bound`` and the
        shortfalls (left empty without it; the stages that are such a plan anyway keep theirs).
        Or plans already made for some of the sums, e.g. a sweep's (``best=sweep.plans``):
        each plan whose budget is a stage's sum is that sum's best plan, and, where the stage
        is such a plan anyway (forward's first stage, backward's last), the stage itself,
        instead of solving it again; the other sums are solved. Each must be a plan of this
        scenario and its data at that budget (otherwise a one-line error names the setting
        that differs); not with ``stage_years``, whose stages price cameras by their year.
    carry_over
        Money a stage leaves unspent goes to the next (the default). ``False``: each stage
        spends at most its own money (forward order only).
    workers
        Processes in all: with 2 or more, the best plans for the sums are solved in other
        processes while the stages are solved here (one after another, as each needs the one
        before it). The plans are the same either way.
    progress
        Optional callback ``progress(step, done, total)``.
    prepared
        A preparation of ``scenario`` to start from (as :func:`planner.sweep.run_sweep`'s).
    stage_years
        The years between stages (forward order only): a camera bought in stage k carries
        ``max(0, H - (k - 1) × stage_years)`` years of running costs within the budget (see the
        module's description). Ignored, with a warning, where the budget counts no running
        costs (``budget.include_yearly_costs = false`` or ``budget.horizon_years = 0``).
    """
    if order not in ("forward", "backward"):
        raise InputError(f"--order {order!r}: give forward or backward")
    if not carry_over and order == "backward":
        raise InputError("--no-carry-over plans forward only: a backward stage is a part of the "
                         "stage after it, whatever is left of its money; leave out one of the two")
    # (as --stages takes them: "3 mnkr,3 mnkr", or a list of numbers and amounts written as
    # text, ["3 mnkr", "3 mnkr"]; the text had ended in a ValueError's traceback, and one
    # stage, which --stages refuses, had been planned as a rollout)
    if isinstance(stages, str):
        money = parse_stages(stages, "stages")
    else:
        given = amounts_in_sek(stages, "stages")
        money = _checked(given, "stages", ", ".join(f"{a:g}" for a in given))
    years = _running_years(scenario, len(money), stage_years, order)
    sums = np.cumsum(money).tolist()  # (the money so far)
    budgets = list(sums)  # (each stage's budget: without carry-over, set as the stages go)
    given_plans = None if isinstance(best, bool) else _as_plans(best, years)
    best = True if given_plans is not None else best
    if prepared is None:
        prepared = prepare(scenario, progress=progress)
    else:
        check_same_preparation(prepared.scenario, scenario)
        prepared = dataclasses.replace(prepared, scenario=scenario)
    reused = ({} if given_plans is None else
             _plans_by_stage(given_plans, scenario, prepared, sums))
    new = available_new(scenario, prepared)
    if new.any():
        cheapest = float(prepared.options.loc[new, "cost_sek"].min())
        if budgets[0] < cheapest:
            raise InputError(f"--stages: stage 1's {as_given(budgets[0])} SEK is below the cheapest "
                             f"camera option ({as_given(cheapest)} SEK); give it {as_given(cheapest)} SEK "
                             "or more")
    n = len(money)
    alone = n - 1 if order == "backward" else 0  # (the stage that is the best plan anyway)
    steps = n + (n - 1 if best else 0) - len(reused)  # (a given plan is not solved again)
    done = 0

    bought: dict[int, int] = {}  # (with stage years: each new camera's stage, from 0)

    def running(k: int, on_its_own: bool = False) -> float | np.ndarray | None:
        """Stage ``k``'s years of running costs per option: the kept cameras' of their stage."""
        if years is None or on_its_own:
            return None if years is None else years[k]
        out = np.full(len(prepared.options), years[k])
        for j, m in bought.items():
            out[j] = years[m]
        return out

    def solve(k: int, keep: Sequence[int] = (), only: Sequence[int] | None = None, *,
              within: float | None = None) -> Plan:
        nonlocal done
        on_its_own = within is not None  # (the best plan for the sum: all bought in stage k)
        within = budgets[k] if within is None else within
        at = scenario.with_overrides({"budget.total_sek": within})
        where = f"stage {k + 1} ({within:,.0f} SEK in all)"
        try:
            plan = solve_prepared(prepared, at, keep=keep, only=only, budget_key=_money_key(k),
                                  running_years=running(k, on_its_own))
        except InfeasibleError as exc:
            alone = _alone(at) if only is not None else None
            if alone == "infeasible":
                # (the stage's money alone meets it in no plan: the order is not the cause, and
                # "try --order forward" had been offered where forward fails the same way)
                hint = "; no plan of this money meets it, in either order"
            elif alone == "unknown":  # (no plan found, none ruled out: no advice either way)
                hint = "; the stage is a part of the stage after it"
            else:
                hint = ("" if not keep and only is None else
                        "; the stage keeps the cameras of the stages before it"
                        if order == "forward" else
                        "; the stage is a part of the stage after it (try --order forward)")
            raise InfeasibleError(f"{where}: {exc}{hint}", requirement=exc.requirement,
                                  labels=exc.labels, reach=exc.reach, groups=exc.groups) from None
        except InputError as exc:  # (greedy's missed share: which stage)
            raise InputError(f"{where}: {exc}") from None
        except NoPlanInTimeError as exc:  # (a time limit that found no plan: which stage)
            raise exc.reworded(f"{where}: {exc}") from None
        done += 1
        if progress is not None:
            progress("rollout", done, steps)
        return plan

    def _alone(at: Scenario) -> str:
        """Whether the stage's money, free of the stage after it, has a plan (one more solve).

        ``"feasible"``, ``"infeasible"`` (proven), or ``"unknown"`` (a search that found no plan
        but rules none out: ``equity_search``; greedy's missed share; a time limit that found none).
        """
        try:
            solve_prepared(prepared, at)
        except InfeasibleError as exc:
            return "unknown" if exc.requirement == "equity_search" else "infeasible"
        except (InputError, NoPlanInTimeError):  # (no plan found, none ruled out)
            return "unknown"
        return "feasible"

    # each stage against the best plan for the stages' money in all (without carry-over, more
    # than the stage may spend: what is not carried over counts in the shortfall); those plans
    # need nothing of the stages, so with workers they are solved beside them
    wanted = [k for k in range(n) if best and k != alone]
    solved = [k for k in wanted if k not in reused]
    pool = _pool(prepared, workers - 1, len(solved)) if solved and workers > 1 else None
    try:
        beside = ({k: pool.submit(solve_kept, sums[k], _money_key(k),
                                  None if years is None else years[k]) for k in solved}
                  if pool else {})
        plans: list[Plan | None] = [None] * n
        if order == "forward":
            kept: list[int] = []
            spent = 0.0
            for k in range(n):
                if not carry_over:  # (what the stages before it spent, and its own money)
                    budgets[k] = spent + money[k]
                plan = reused[k] if k == alone and k in reused else solve(k, keep=kept)
                plans[k] = plan
                kept = _new_cameras(plan)
                for j in kept:
                    bought.setdefault(j, k)
                spent = float(plan.summary["spent_sek"])
        else:
            for k in reversed(range(n)):
                later = plans[k + 1] if k + 1 < n else None
                plans[k] = (reused[k] if later is None and k in reused else solve(k) if later is None
                            else solve(k, only=_new_cameras(later)))
        stage_plans = [p for p in plans if p is not None]
        bests: list[Plan | None] = [None] * n
        bests[alone] = stage_plans[alone]
        for k in wanted:
            if k in reused:
                bests[k] = reused[k]
                continue
            if k not in beside:
                bests[k] = solve(k, within=sums[k])
                continue
            bests[k] = _answer(beside[k].result(), k, sums[k])
            done += 1
            if progress is not None:
                progress("rollout", done, steps)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    staged = None if years is None or stage_years is None else (float(stage_years), years)
    stage_plans = _number_by_stage(stage_plans, order, money, scenario.language, staged)
    table = _stage_table(stage_plans, bests, money)
    stage_plans = _with_best(stage_plans, table, set(wanted), sums)
    return RolloutResult(scenario, order, tuple(stage_plans), table,
                         _camera_table(stage_plans[-1]), carry_over,
                         None if staged is None else staged[0])


def _as_plans(best: object, years: list[float] | None) -> list[Plan]:
    """``run_rollout``'s ``best`` given as plans: a list of them, or a one-line error."""
    given = getattr(best, "plans", best)  # (a SweepResult stands for its plans)
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InputError(f"run_rollout: best={type(best).__name__} ({best!r:.60}): give True, "
                         "False or plans made for the stages' sums (best=sweep.plans)")
    plans = list(given)
    for i, plan in enumerate(plans):
        if not isinstance(plan, Plan):
            raise InputError(f"run_rollout: best[{i}] is a {type(plan).__name__}, not a Plan; "
                             "give the plans of a sweep of this scenario (best=sweep.plans)")
    if years is not None and plans:
        raise InputError("run_rollout: best=plans with stage_years: a stage's best plan prices "
                         "its cameras by the stage's year, which a plan of its own does not; "
                         "give best=True with stage_years")
    return plans


def _plans_by_stage(plans: list[Plan], scenario: Scenario, prepared: Prepared,
                 sums: list[float]) -> dict[int, Plan]:
    """Stage index -> the given plan for that stage's sum, checked against the rollout.

    A plan at a budget that is no stage's sum is left out. A plan at a stage's sum must have
    been made from the same data (its input files' digests) with the same settings but the
    budget; otherwise a one-line error names the first setting that differs. Each plan is
    titled as a plan of its own (a sweep's had its budget in its title), as a solve titles it.
    """
    from planner import _provenance as prov
    from planner._compare_sections import _setting_changes

    out: dict[int, Plan] = {}
    for plan in plans:
        budget = float(plan.summary["budget_sek"])
        at = [k for k, total in enumerate(sums) if math.isclose(total, budget, rel_tol=1e-12)]
        if not at:
            continue
        where = f"run_rollout: best: the plan for {budget:,.0f} SEK"
        if plan.summary.get("inputs") != prepared.inputs.files:
            raise InputError(f"{where} was made from other data files (their digests differ); "
                             "give plans of this scenario's data, or best=True")
        own = prov.settings(scenario.with_overrides({"budget.total_sek": budget}))
        changed = _setting_changes(plan.summary.get("settings") or {}, own)
        if changed:
            key, theirs, ours = changed[0]
            raise InputError(f"{where} has {key} = {theirs} where this rollout's scenario has "
                             f"{ours}; give plans of this scenario, or best=True")
        for k in at:
            out[k] = dataclasses.replace(plan, summary={**plan.summary, "title": scenario.title})
    return out


def _running_years(scenario: Scenario, n: int, stage_years: float | None,
                   order: Order) -> list[float] | None:
    """The years of running costs a camera bought in each stage carries within the budget.

    ``max(0, H - k × stage_years)`` for stage k (from 0); ``None`` without ``stage_years``,
    or where the budget counts no running costs (a warning then: the option changes nothing).
    """
    if stage_years is None:
        return None
    if not (math.isfinite(stage_years) and stage_years > 0):
        raise InputError(f"--stage-years {stage_years:g}: give the years between the stages, a "
                         "number above 0 (1: one stage a year of the grant)")
    if order == "backward":
        raise InputError("--stage-years plans forward only: what a camera costs depends on the "
                         "stage that buys it, which a backward rollout knows only after planning "
                         "the last stage; use --order forward or leave out --stage-years")
    b = scenario.budget
    if not b.include_yearly_costs or b.horizon_years == 0:
        log.warning("--stage-years %g changes nothing: the budget counts no running costs "
                    "(budget.include_yearly_costs = %s, budget.horizon_years = %g)", stage_years,
                    str(b.include_yearly_costs).lower(), b.horizon_years)
        return None
    return [max(0.0, float(b.horizon_years) - k * float(stage_years)) for k in range(n)]


def _money_key(k: int) -> str:
    """What a message about stage ``k`` (from 0) asks to raise when the money falls short."""
    return f"the money of stage {k + 1} or of the stages before it (--stages)"


def _with_best(plans: list[Plan], table: pd.DataFrame, compared: set[int],
               sums: list[float]) -> list[Plan]:
    """Each stage compared with the best plan for its sum, in its summary's ``rollout``.

    ``best_budget_sek``, ``shortfall`` and ``shortfall_at_most`` (``stages.csv``'s) for the
    stages ``compared`` with a plan of their own, so that the stage's map and report say how far
    below it the stage is (they had said "optimal" only: optimal given the stages around it).
    """
    out = []
    for k, plan in enumerate(plans):
        if k in compared:
            row = table.iloc[k]
            rollout = {**plan.summary["rollout"], "best_budget_sek": float(sums[k]),
                       "shortfall": float(row["shortfall"]),
                       "shortfall_at_most": float(row["shortfall_at_most"])}
            plan = dataclasses.replace(plan, summary={**plan.summary, "rollout": rollout})
        out.append(plan)
    return out


def _pool(prepared: Prepared, workers: int, jobs: int) -> ProcessPoolExecutor:
    """Worker processes holding ``prepared`` (as a sweep's), for the best plans of the sums."""
    import multiprocessing

    level = logging.getLogger("planner").getEffectiveLevel()
    return ProcessPoolExecutor(max_workers=max(1, min(workers, jobs)),
                               mp_context=multiprocessing.get_context("spawn"),
                               initializer=keep_prepared, initargs=(prepared, level))


def _answer(answer: Answer, k: int, within: float) -> Plan:
    """A worker's best plan for stage ``k``'s sum, or its reason raised as the stage's."""
    if isinstance(answer, NoPlanInTimeError):  # (a time limit that found none: which stage)
        raise answer.reworded(f"stage {k + 1} ({within:,.0f} SEK in all), the best plan for the "
                              f"sum: {answer}")
    if isinstance(answer, InfeasibleError):  # (a stage had a plan, so only a heuristic's miss)
        raise InfeasibleError(f"stage {k + 1} ({within:,.0f} SEK in all), the best plan for the "
                              f"sum: {answer}", requirement=answer.requirement,
                              labels=answer.labels, reach=answer.reach, groups=answer.groups)
    return answer


def _new_cameras(plan: Plan) -> list[int]:
    cams = plan.cameras
    return sorted(int(j) for j in cams.loc[~cams["existing"].to_numpy(dtype=bool), "option_id"])


def _number_by_stage(plans: list[Plan], order: Order, money: list[float],
                     language: str | None = None,
                     staged: tuple[float, list[float]] | None = None) -> list[Plan]:
    """Each stage's plan with a ``stage`` column, its cameras in the order they are bought.

    Its title says the stage and its budget ("TITLE — stage 2 of 3, 5 MSEK": the money so far;
    without carry-over, what the stages before it spent plus its own money): each stage had
    been headed by the scenario's title alone, which may name another budget.

    ``staged``: the years between stages and each stage's years of running costs in the budget,
    in the summary's ``rollout`` as ``stage_years`` and ``running_years`` (up to the stage).
    """
    first: dict[int, int] = {}
    for k, plan in enumerate(plans, start=1):
        for j, old in zip(plan.cameras["option_id"], plan.cameras["existing"], strict=True):
            first.setdefault(int(j), 0 if old else k)
    out = []
    for k, plan in enumerate(plans, start=1):
        cams = plan.cameras.copy()
        cams["stage"] = [first[int(j)] for j in cams["option_id"]]
        cams = cams.sort_values(["stage", "option_id"], kind="stable")  # (index kept: options')
        added = int((cams["stage"] == k).sum())
        summary = {**plan.summary, "rollout": {
            "stage": k, "stages": len(plans), "order": order, "stage_sek": money[k - 1],
            "n_cameras_added": added,
            **({} if staged is None else {"stage_years": staged[0],
                                          "running_years": staged[1][:k]})},
            # (titled by the stage's own budget: without carry-over that is what the stages
            # before it spent plus its money, not the money allotted so far)
            "title": stage_title(plan.summary, k, len(plans), float(plan.summary["budget_sek"]),
                                 language)}
        out.append(dataclasses.replace(plan, cameras=cams, summary=summary))
    return out


def _stage_table(plans: list[Plan], bests: list[Plan | None], money: list[float]) -> pd.DataFrame:
    rows = []
    spent_before = investment_before = yearly_before = 0.0
    for k, (plan, best) in enumerate(zip(plans, bests, strict=True), start=1):
        s = plan.summary
        row = {
            "stage": k,
            "stage_sek": money[k - 1],
            "budget_sek": s["budget_sek"],
            "spent_sek": s["spent_sek"],
            "stage_spent_sek": round(s["spent_sek"] - spent_before, 2),
            "stage_investment_sek": round(s["investment_sek"] - investment_before, 2),
            "stage_yearly_sek": round(s["yearly_sek"] - yearly_before, 2),
            "investment_sek": s["investment_sek"],
            "yearly_sek": s["yearly_sek"],
            "n_cameras_added": s["rollout"]["n_cameras_added"],
            "n_cameras_new": s["n_cameras_new"],
            "objective": s["objective"],
            "covered_share": s["covered_share"],
            "covered_population": s["covered_population"],
            "status": s["status"],
            "gap": s["gap"],
            "best_objective": math.nan,
            "best_bound": math.nan,
            "best_covered_share": math.nan,
            "best_covered_population": math.nan,
            "shortfall": math.nan,
            "shortfall_at_most": math.nan,
            "smallest_share": plan.smallest_share(),
            "best_smallest_share": math.nan,
        }
        # (coverage.night_share's by day and at night; a day plan's at night, a night plan's by
        # day: the same cameras as they stand)
        row.update({k: s[k] for k in period_columns(coverage_time(s)) if k in s})
        if best is not None:
            b = best.summary
            row["best_objective"] = b["objective"]
            row["best_bound"] = b["bound"]
            # (the shortfall is a share of the objective; a coordinator asks what it means in
            # coverage and people: the best plan's own, beside the stage's)
            row["best_covered_share"] = b["covered_share"]
            row["best_covered_population"] = b["covered_population"]
            # (the independent plan may be short of its own bound: then the stage can even
            # beat it, and the shortfall is negative; measured against the bound it cannot be)
            row["shortfall"] = _share_short(s["objective"], b["objective"])
            row["shortfall_at_most"] = max(0.0, _share_short(s["objective"], b["bound"]))
            row["best_smallest_share"] = best.smallest_share()
        spent_before = s["spent_sek"]
        investment_before, yearly_before = s["investment_sek"], s["yearly_sek"]
        rows.append(row)
    # (a night plan's stages give its cameras by day, not its own figures at night twice: they
    # had had those columns empty, under a note "weighted by day and at night (100 % by day,
    # 0 % at night)")
    periods = [k for k in period_columns(coverage_time(plans[0].summary))
               if k in plans[0].summary]
    return pd.DataFrame(rows, columns=[*STAGE_COLUMNS, *periods])


def _share_short(value: float, best: float) -> float:
    return (best - value) / best if best > 0 else 0.0


def _camera_table(plan: Plan) -> pd.DataFrame:
    cams = plan.cameras.copy()
    # the direction from true north for people (orientation_deg: the CRS's grid bearing)
    cams["orientation_true_deg"] = true_orientation(cams, plan.crs)
    cams.insert(0, "camera", camera_labels(len(cams)))
    return pd.DataFrame(cams[[c for c in CAMERA_COLUMNS if c in cams.columns]])


def write_rollout(result: RolloutResult, out: str | Path, *, offline: bool = False) -> Path:
    """Write the stage table, the cameras by stage, the report and one plan folder per stage.

    Files: ``stages.csv``, ``cameras.csv``, ``areas.csv`` (:meth:`RolloutResult.areas`),
    ``rollout.xlsx`` (the three as sheets), ``rollout.png``
    (each stage's objective and the best plan's for its sum), ``report.md``, ``stage_1/``,
    ``stage_2/``, ... (each a full plan, as ``planner plan`` writes it).
    """
    from planner.report import write_plan

    t = _lang.pick(TEXT, result.scenario.language)
    out = Path(out)
    with atomic_dir(out) as tmp:
        write_csv(result.stages, tmp / "stages.csv")
        write_csv(result.cameras, tmp / "cameras.csv")
        areas = result.areas()
        write_csv(areas, tmp / "areas.csv")
        language = result.scenario.language
        # (the stages' amounts are sums up to each stage: headed as such, "Använt totalt (kr)")
        # (each status with what the stage is optimal under: "optimal as a part of stage 2")
        stages = in_words(tidy_numbers(result.stages.assign(status=result.statuses(language))),
                          language, totals=True)
        write_workbook([(t["sheet_stages"], stages),
                        # (the optimiser's option index is for programs: cameras.csv keeps it,
                        # to join stage_N/cameras.geojson; people name a camera by its label)
                        # (the model's name in the workbook's language: name_sv in Swedish)
                        (t["sheet_cameras"], in_words(tidy_numbers(
                            names_in(result.cameras, language).drop(
                                columns=["option_id", "model_name_sv"], errors="ignore")),
                            language)),
                        (t["sheet_areas"], in_words(tidy_numbers(areas), language))],
                       tmp / "rollout.xlsx")
        for k, plan in enumerate(result.plans, start=1):
            write_plan(plan, tmp / f"stage_{k}", offline=offline)
        plot_rollout(result, tmp / "rollout.png")
        (tmp / "report.md").write_text(rollout_markdown(result), encoding="utf-8")
    return out
