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

Every stage is solved with the scenario's rules (equity, privacy, spacing, incidents) on one
preparation. Cameras are numbered in the order they are bought, so a camera has the same label
(``C001``, ...) in every stage: existing cameras first, then stage 1's, stage 2's, ...
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._budget_text import parse_sek, split_amounts
from planner._chart import chart_title, scenario_title, word_ticks
from planner._plan_problem import as_given, available_new
from planner._plan_types import Plan, camera_labels
from planner._stage_text import stage_title
from planner._sweep_run import keep_prepared, solve_kept
from planner.errors import InfeasibleError, InputError
from planner.io import atomic_dir, tidy_numbers, write_csv
from planner.plan import Prepared, check_same_preparation, prepare, solve_prepared
from planner.scenario import Scenario
from planner.workbook import in_words, write_workbook

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
                  "orientation_deg", "orientation_true_deg", "cost_sek", "covered_population"]


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


def parse_stages(text: str, where: str = "--stages") -> list[float]:
    """The money of each stage in SEK from a comma list (``2000000,3000000,3000000``)."""
    read = [parse_sek(part) for part in split_amounts(text)]  # ("2 mnkr,3 mnkr,3 mnkr")
    amounts = [a for a in read if a is not None]
    if len(amounts) < len(read):
        raise InputError(f"{where} {text!r}: expected the money of each stage in SEK as a comma "
                         "list, e.g. 2000000,3000000,3000000 or \"2 mnkr,3 mnkr,3 mnkr\"")
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
    stages: Sequence[float],
    *,
    order: Order = "forward",
    best: bool = True,
    carry_over: bool = True,
    workers: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
    prepared: Prepared | None = None,
) -> RolloutResult:
    """Plan ``scenario`` in stages with the money ``stages`` (SEK per stage, in order).

    Parameters
    ----------
    scenario
        The scenario; its budget is replaced by the stages' running sums.
    stages
        The money of each stage.
    order
        ``"forward"`` or ``"backward"`` (see the module's description).
    best
        Also plan each stage's money on its own, for ``best_objective``, ``best_bound`` and the
        shortfalls (left empty without it; the stages that are such a plan anyway keep theirs).
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
    """
    if order not in ("forward", "backward"):
        raise InputError(f"--order {order!r}: give forward or backward")
    if not carry_over and order == "backward":
        raise InputError("--no-carry-over plans forward only: a backward stage is a part of the "
                         "stage after it, whatever is left of its money; leave out one of the two")
    money = [float(a) for a in stages]
    budgets = np.cumsum(money).tolist()
    if prepared is None:
        prepared = prepare(scenario, progress=progress)
    else:
        check_same_preparation(prepared.scenario, scenario)
        prepared = dataclasses.replace(prepared, scenario=scenario)
    new = available_new(scenario, prepared)
    if new.any():
        cheapest = float(prepared.options.loc[new, "cost_sek"].min())
        if budgets[0] < cheapest:
            raise InputError(f"--stages: stage 1's {as_given(budgets[0])} SEK is below the cheapest "
                             f"camera option ({as_given(cheapest)} SEK); give it {as_given(cheapest)} SEK "
                             "or more")
    n = len(money)
    steps = n + (n - 1 if best else 0)
    done = 0

    def solve(k: int, keep: Sequence[int] = (), only: Sequence[int] | None = None, *,
              within: float | None = None) -> Plan:
        nonlocal done
        within = budgets[k] if within is None else within
        at = scenario.with_overrides({"budget.total_sek": within})
        where = f"stage {k + 1} ({within:,.0f} SEK in all)"
        try:
            plan = solve_prepared(prepared, at, keep=keep, only=only, budget_key=_money_key(k))
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
        done += 1
        if progress is not None:
            progress("rollout", done, steps)
        return plan

    def _alone(at: Scenario) -> str:
        """Whether the stage's money, free of the stage after it, has a plan (one more solve).

        ``"feasible"``, ``"infeasible"`` (proven), or ``"unknown"`` (a search that found no plan
        but rules none out: ``equity_search``; greedy's missed share).
        """
        try:
            solve_prepared(prepared, at)
        except InfeasibleError as exc:
            return "unknown" if exc.requirement == "equity_search" else "infeasible"
        except InputError:
            return "unknown"
        return "feasible"

    # each stage against the best plan for the stages' money in all (without carry-over, more
    # than the stage may spend: what is not carried over counts in the shortfall); those plans
    # need nothing of the stages, so with workers they are solved beside them
    alone = n - 1 if order == "backward" else 0  # (the stage that is the best plan anyway)
    sums = np.cumsum(money).tolist()
    wanted = [k for k in range(n) if best and k != alone]
    pool = _pool(prepared, workers - 1, len(wanted)) if wanted and workers > 1 else None
    try:
        beside = ({k: pool.submit(solve_kept, sums[k], _money_key(k)) for k in wanted}
                  if pool else {})
        plans: list[Plan | None] = [None] * n
        if order == "forward":
            kept: list[int] = []
            spent = 0.0
            for k in range(n):
                if not carry_over:  # (what the stages before it spent, and its own money)
                    budgets[k] = spent + money[k]
                plan = solve(k, keep=kept)
                plans[k] = plan
                kept = _new_cameras(plan)
                spent = float(plan.summary["spent_sek"])
        else:
            for k in reversed(range(n)):
                later = plans[k + 1] if k + 1 < n else None
                plans[k] = solve(k) if later is None else solve(k, only=_new_cameras(later))
        stage_plans = [p for p in plans if p is not None]
        bests: list[Plan | None] = [None] * n
        bests[alone] = stage_plans[alone]
        for k in wanted:
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
    stage_plans = _number_by_stage(stage_plans, order, money, scenario.language)
    table = _stage_table(stage_plans, bests, money)
    stage_plans = _with_best(stage_plans, table, set(wanted), sums)
    return RolloutResult(scenario, order, tuple(stage_plans), table,
                         _camera_table(stage_plans[-1]), carry_over)


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


def _answer(answer: Plan | InfeasibleError, k: int, within: float) -> Plan:
    """A worker's best plan for stage ``k``'s sum, or its reason raised as the stage's."""
    if isinstance(answer, InfeasibleError):  # (a stage had a plan, so only a heuristic's miss)
        raise InfeasibleError(f"stage {k + 1} ({within:,.0f} SEK in all), the best plan for the "
                              f"sum: {answer}", requirement=answer.requirement,
                              labels=answer.labels, reach=answer.reach, groups=answer.groups)
    return answer


def _new_cameras(plan: Plan) -> list[int]:
    cams = plan.cameras
    return sorted(int(j) for j in cams.loc[~cams["existing"].to_numpy(dtype=bool), "option_id"])


def _number_by_stage(plans: list[Plan], order: Order, money: list[float],
                     language: str | None = None) -> list[Plan]:
    """Each stage's plan with a ``stage`` column, its cameras in the order they are bought.

    Its title says the stage and its budget ("TITLE — stage 2 of 3, 5 MSEK": the money so far;
    without carry-over, what the stages before it spent plus its own money): each stage had
    been headed by the scenario's title alone, which may name another budget.
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
            "n_cameras_added": added},
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
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def _share_short(value: float, best: float) -> float:
    return (best - value) / best if best > 0 else 0.0


def _camera_table(plan: Plan) -> pd.DataFrame:
    cams = plan.cameras.copy()
    # the direction from true north for people (orientation_deg: the CRS's grid bearing)
    cams["orientation_true_deg"] = true_orientation(cams, plan.crs)
    cams.insert(0, "camera", camera_labels(len(cams)))
    return pd.DataFrame(cams[[c for c in CAMERA_COLUMNS if c in cams.columns]])


def plot_rollout(result: RolloutResult, path: str | Path) -> None:
    """Plot each stage's objective, and the best plan's for its sum, against the money so far."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = _lang.pick(TEXT, result.scenario.language)
    s = result.stages
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    money = s["budget_sek"] / 1e6
    ax.plot(money, s["objective"], marker="o", color="#1f5fa8", label=t["plot stages"])
    compared = s["best_objective"].notna()
    if compared.any():
        ax.plot(money[compared], s.loc[compared, "best_objective"], marker="s", linestyle="--",
                color="#7f8c8d", label=t["plot best"])
    for k, x, y in zip(s["stage"], money, s["objective"], strict=True):
        ax.annotate(t["plot stage"].format(k=k), (float(x), float(y)),
                    textcoords="offset points", xytext=(4, -12), fontsize=8)
    ax.set_xlabel(t["plot x"])
    ax.set_ylabel(t["plot y"])
    ax.set_title(chart_title(t["plot title"].format(name=scenario_title(result.scenario))),
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", fontsize=8)
    word_ticks([ax], result.scenario.language)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def write_rollout(result: RolloutResult, out: str | Path, *, offline: bool = False) -> Path:
    """Write the stage table, the cameras by stage, the report and one plan folder per stage.

    Files: ``stages.csv``, ``cameras.csv``, ``rollout.xlsx`` (both as sheets), ``rollout.png``
    (each stage's objective and the best plan's for its sum), ``report.md``, ``stage_1/``,
    ``stage_2/``, ... (each a full plan, as ``planner plan`` writes it).
    """
    from planner.report import write_plan

    t = _lang.pick(TEXT, result.scenario.language)
    out = Path(out)
    with atomic_dir(out) as tmp:
        write_csv(result.stages, tmp / "stages.csv")
        write_csv(result.cameras, tmp / "cameras.csv")
        language = result.scenario.language
        # (the stages' amounts are sums up to each stage: headed as such, "Använt totalt (kr)")
        stages = in_words(tidy_numbers(result.stages), language, totals=True)
        write_workbook([(t["sheet_stages"], stages),
                        (t["sheet_cameras"], in_words(tidy_numbers(result.cameras), language))],
                       tmp / "rollout.xlsx")
        for k, plan in enumerate(result.plans, start=1):
            write_plan(plan, tmp / f"stage_{k}", offline=offline)
        plot_rollout(result, tmp / "rollout.png")
        (tmp / "report.md").write_text(rollout_markdown(result), encoding="utf-8")
    return out


TEXT = _lang.texts("rollout", {
    "en": {
        "sheet_stages": "Stages",
        "sheet_cameras": "Cameras",
        "title": "Rollout in stages: {name}",
        "scenario": "Scenario: {name}",
        "image": "![each stage against the best plan for its sum](rollout.png)",
        "plot stages": "the rollout's stages",
        "plot best": "the best plan for the sum, on its own",
        "plot stage": "stage {k}",
        "plot x": "Money so far (MSEK)",
        "plot y": "Objective (weighted coverage)",
        "plot title": "Rollout in stages: {name}",
        "forward": ("Stage 1 is the best plan for its money; each later stage "
                    "keeps the cameras bought before it and adds the best ones for its money."),
        "backward": ("The last stage is the best plan for the whole sum; each "
                     "earlier stage is the best part of the stage after it that its money buys."),
        "forward found": ("Stage 1 is the best plan found for its money, not "
                          "proven optimal (within {gap} of the best); each later stage keeps "
                          "the cameras bought before it and adds the best ones for its money."),
        "backward found": ("The last stage is the best plan found for the whole "
                           "sum, not proven optimal (within {gap} of the best); each earlier "
                           "stage is the best part of the stage after it that its money buys."),
        # (the order in words: "Order: forward." alone had been jargon to a coordinator)
        "order:forward": ("Order: forward (each stage the best for its money, given what the "
                          "stages before it bought)."),
        "order:backward": ("Order: backward (each stage the best part of the stage after it "
                           "that its money buys)."),
        "coverage_note": ("Covered share and covered population (graded by DORI level) of each "
                          "stage beside those of the best plan for its sum:"),
        "coverage_head": ("| stage | in all (SEK) | covered share | the best plan's | covered "
                          "population (graded) | the best plan's |"),
        "carry": ("Money a stage leaves unspent carries over to the next, so a stage may spend "
                  "more than its own money."),
        "no_carry": ("Each stage spends at most its own money; what it leaves is not carried over "
                     "(\"in all\" is what the stages before it spent and its own money; the best "
                     "plan for the sum has the stages' money so far, so the shortfall counts what "
                     "is not carried over too)."),
        "head": ("| stage | money (SEK) | in all (SEK) | spent in the stage (SEK) | spent in all "
                 "(SEK) | cameras added | new cameras | covered population (graded) | covered share | "
                 "status | gap | best plan for the sum | short of it |"),
        "money": ("What each stage spends is the investment in its new cameras (purchase, "
                  "installation, mounting) and their running costs ({terms}); the running costs "
                  "a year go on after the horizon, the stages' together:"),
        "money_head": ("| stage | investment in the stage (SEK) | running costs a year added "
                       "(SEK) | investment in all (SEK) | running costs a year in all (SEK) |"),
        "head_maxmin": "| stage | smallest area share | the best plan's smallest area share |",
        "shortfall_note": ("\"Best plan for the sum\" is the objective of the best plan for the "
                           "stages' money so far, planned on its own; \"short of it\" is the "
                           "share of that objective (weighted coverage, privacy penalties "
                           "included; not covered population) the stage gives up for being part "
                           "of the rollout, at most the figure in brackets (measured against that "
                           "plan's proven bound). Where that plan is not proven (a time limit, "
                           "solver.gap, the greedy backend) the stage can beat it: a negative "
                           "figure."),
        "maxmin_note": ("The scenario's equity rule (equity_mode = \"maxmin\") raises the "
                        "smallest area share first and coverage only after it: compare the "
                        "smallest shares first."),
        "no_best": ("A stage with \"–\" was not compared with the best plan for its sum "
                    "(`--no-best`)."),
        "time_limit": ("The time limit stopped the search of {stages} (solver.time_limit_s): "
                       "its cameras may differ on another machine or another run; raise "
                       "solver.time_limit_s."),
        "stage_one": "stage {k}",
        "stages_joined": "stages {ks}",
        "bought": "## What each stage buys",
        "stage": "### Stage {k}: {n} {cameras}, {cost} SEK",
        "camera_one": "camera",
        "camera_many": "cameras",
        "cam_head": ("| camera | mount | model | facing (true north) | cost (SEK) | covered "
                     "population (graded, alone) |"),
        "none": "Nothing: the money of this stage carries over.",
        "none_lost": "Nothing: the money of this stage is not used.",
        "existing": "Existing cameras, kept: {labels}.",
        "folders": ("Each stage's full plan (map, register, report) is in `stage_K/`; a camera has "
                    "the same label in every stage."),
    },
    "sv": {
        "sheet_stages": "Etapper",
        "sheet_cameras": "Kameror",
        "title": "Utbyggnad i etapper: {name}",
        "scenario": "Scenario: {name}",
        "image": "![varje etapp mot den bästa planen för sin summa](rollout.png)",
        "plot stages": "utbyggnadens etapper",
        "plot best": "bästa plan för summan, fristående",
        "plot stage": "etapp {k}",
        "plot x": "Medel hittills (mnkr)",
        "plot y": "Målfunktionsvärde (viktad täckning)",
        "plot title": "Utbyggnad i etapper: {name}",
        "forward": ("Etapp 1 är den bästa planen för sina medel; varje senare "
                    "etapp behåller kamerorna som köpts före den och lägger till de bästa för "
                    "sina medel."),
        "backward": ("Sista etappen är den bästa planen för hela summan; varje "
                     "tidigare etapp är den bästa del av etappen efter den som dess medel "
                     "räcker till."),
        "forward found": ("Etapp 1 är den bästa plan som hittats för sina "
                          "medel, inte bevisat optimal (högst {gap} från den bästa); varje senare "
                          "etapp behåller kamerorna som köpts före den och lägger till de bästa "
                          "för sina medel."),
        "backward found": ("Sista etappen är den bästa plan som hittats för hela "
                           "summan, inte bevisat optimal (högst {gap} från den bästa); varje "
                           "tidigare etapp är den bästa del av etappen efter den som dess medel "
                           "räcker till."),
        "order:forward": ("Ordning: framåt (varje etapp den bästa för sina medel, givet de "
                          "tidigare etappernas köp)."),
        "order:backward": ("Ordning: bakåt (varje etapp den bästa del av etappen efter den som "
                           "dess medel räcker till)."),
        "coverage_note": ("Täckt andel och täckt befolkning (graderad efter DORI-nivå) för varje "
                          "etapp bredvid den bästa planens för summan:"),
        "coverage_head": ("| etapp | totalt (kr) | täckt andel | den bästa planens | täckt "
                          "befolkning (graderad) | den bästa planens |"),
        "carry": ("Medel som en etapp inte använder förs över till nästa, så en etapp kan "
                  "använda mer än sina egna medel."),
        "no_carry": ("Varje etapp använder högst sina egna medel; det som blir över förs inte "
                     "över (\"totalt\" är vad etapperna före den använde och dess egna medel; den "
                     "bästa planen för summan har etappernas medel hittills, så förlusten räknar "
                     "också det som inte förs över)."),
        "head": ("| etapp | medel (kr) | totalt (kr) | använt i etappen (kr) | använt totalt "
                 "(kr) | tillagda kameror | nya kameror | täckt befolkning (graderad) | täckt andel | "
                 "status | optimalitetsgap | bästa plan för summan | förlust mot den |"),
        "money": ("Det varje etapp använder är investeringen i dess nya kameror (inköp, "
                  "installation, montering) och deras driftkostnader ({terms}); "
                  "driftkostnaderna per år fortsätter efter tidshorisonten, etappernas "
                  "tillsammans:"),
        "money_head": ("| etapp | investering i etappen (kr) | tillagda driftkostnader per år (kr) "
                       "| investering totalt (kr) | driftkostnader per år totalt (kr) |"),
        "head_maxmin": "| etapp | minsta områdesandel | bästa planens minsta områdesandel |",
        "shortfall_note": ("\"Bästa plan för summan\" är målfunktionsvärdet för den bästa planen för "
                           "etappernas medel hittills, planerad fristående; \"förlust mot den\" är den "
                           "andel av det målfunktionsvärdet (viktad täckning, integritetsavdrag "
                           "inräknade; inte täckt befolkning) som etappen avstår för att ingå i "
                           "utbyggnaden, högst siffran inom parentes (mätt mot den planens "
                           "bevisade övre gräns). Där den planen inte är bevisat optimal "
                           "(tidsgräns, solver.gap eller lösaren greedy) kan etappen bli bättre "
                           "än den, vilket ger en negativ siffra."),
        "maxmin_note": ("Scenariots jämlikhetsregel (equity_mode = \"maxmin\") höjer i första "
                        "hand den minsta områdesandelen och först därefter täckningen: jämför "
                        "därför de minsta andelarna först."),
        "no_best": ("En etapp med \"–\" jämfördes inte med den bästa planen för sin summa "
                    "(`--no-best`)."),
        "time_limit": ("Tidsgränsen stoppade sökningen i {stages} (solver.time_limit_s): "
                       "kamerorna kan bli andra på en annan dator eller vid en ny körning; höj "
                       "solver.time_limit_s."),
        "stage_one": "etapp {k}",
        "stages_joined": "etapperna {ks}",
        "bought": "## Vad varje etapp köper",
        "stage": "### Etapp {k}: {n} {cameras}, {cost} kr",
        "camera_one": "kamera",
        "camera_many": "kameror",
        "cam_head": ("| kamera | monteringsplats | modell | riktning (geografisk nord) | "
                     "kostnad (kr) | täckt befolkning (graderad, kameran för sig) |"),
        "none": "Inget: etappens medel förs över.",
        "none_lost": "Inget: etappens medel används inte.",
        "existing": "Befintliga kameror som behålls: {labels}.",
        "folders": ("Varje etapps hela plan (karta, register, rapport) finns i `stage_K/`; en "
                    "kamera har samma beteckning i alla etapper."),
    },
})


def _order_line(result: RolloutResult, t: Mapping[str, str]) -> str:
    """The order in words; the stage that is the best plan for its money "found" where unproven.

    (The report had said "Stage 1 is the best plan for its money" while stage 1's own report
    said "not proven optimal".)
    """
    s = result.plans[-1 if result.order == "backward" else 0].summary
    order = t[f"order:{result.order}"]
    if s["status"] == "optimal":
        return f"{order} {t[result.order]}"
    return f"{order} " + t[f"{result.order} found"].format(
        gap=_lang.percent(float(s["gap"]), 2, result.scenario.language))


def rollout_markdown(result: RolloutResult) -> str:
    """The rollout report: the stages, how far each is from the best plan for its sum, the buys."""
    from planner._cost_text import budget_terms
    from planner.report import _site_rule_lines, md_text

    language = result.scenario.language
    t = _lang.pick(TEXT, language)
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    pct = lambda v, digits=1: _lang.percent(v, digits, language)  # noqa: E731
    lines = [f"# {t['title'].format(name=md_text(scenario_title(result.scenario)))}", "",
             t["scenario"].format(name=md_text(result.scenario.name)), "",
             t["image"], "",
             _order_line(result, t) + " " + t["carry" if result.carry_over else "no_carry"], "",
             t["head"], "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    uncompared = bool(result.stages["best_objective"].isna().any())
    rows = result.stages.to_dict("records")
    for r in rows:
        best = "–" if math.isnan(r["best_objective"]) else num(r["best_objective"], 1)
        short = ("–" if math.isnan(r["shortfall"]) else
                 f"{pct(r['shortfall'], 2)} ({pct(r['shortfall_at_most'], 2)})")
        lines.append(
            f"| {r['stage']} | {num(r['stage_sek'])} | {num(r['budget_sek'])} | "
            f"{num(r['stage_spent_sek'])} | {num(r['spent_sek'])} | {r['n_cameras_added']} | "
            f"{r['n_cameras_new']} | {num(r['covered_population'])} | "
            f"{pct(r['covered_share'])} | {_lang.status(r['status'], language)} | "
            f"{pct(r['gap'], 2)} | {best} | {short} |")
    lines += ["", t["shortfall_note"] + (" " + t["no_best"] if uncompared else "")]
    terms = budget_terms(result.plans[-1].summary, language) or ""
    lines += ["", t["money"].format(terms=terms), "", t["money_head"], "|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['stage']} | {num(r['stage_investment_sek'])} | {num(r['stage_yearly_sek'])} | "
              f"{num(r['investment_sek'])} | {num(r['yearly_sek'])} |" for r in rows]
    lines += ["", t["coverage_note"], "", t["coverage_head"], "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        compared = not math.isnan(r["best_covered_share"])
        lines.append(
            f"| {r['stage']} | {num(r['budget_sek'])} | {pct(r['covered_share'])} | "
            f"{pct(r['best_covered_share']) if compared else '–'} | "
            f"{num(r['covered_population'])} | "
            f"{num(r['best_covered_population']) if compared else '–'} |")
    timed_out = [str(k) for k, plan in enumerate(result.plans, start=1)
                 if plan.summary.get("stopped_by") == "time limit"]
    if timed_out:  # (the stage's own report says it; here it had read as any other stage)
        which = (t["stage_one"].format(k=timed_out[0]) if len(timed_out) == 1
                 else t["stages_joined"].format(ks=", ".join(timed_out)))
        lines += ["", t["time_limit"].format(stages=which)]
    if result.scenario.constraints.equity_mode == "maxmin":
        lines += ["", t["maxmin_note"], "", t["head_maxmin"], "|---:|---:|---:|"]
        lines += [f"| {r['stage']} | {pct(r['smallest_share'])} | "
                  + ("–" if math.isnan(r["best_smallest_share"])
                     else pct(r["best_smallest_share"])) + " |" for r in rows]
    lines += ["", t["bought"], ""]
    cams = result.cameras
    old = cams.loc[cams["stage"] == 0, "camera"].tolist()
    if old:
        lines += [t["existing"].format(labels=", ".join(old)), ""]
    # the mounts the scenario decided on, as each stage's report.md says them (the last
    # stage's, whose cameras keep their labels): an existing camera replaced had dropped out of
    # the cameras kept unsaid, and its mount's new camera had stood among the buys unexplained
    if decided := _site_rule_lines(result.plans[-1], language):
        lines += [*decided, ""]
    for k in range(1, len(result.plans) + 1):
        part = cams[cams["stage"] == k]
        lines += [t["stage"].format(k=k, n=len(part), cost=num(part["cost_sek"].sum()),
                                    cameras=t["camera_one" if len(part) == 1 else "camera_many"]),
                  ""]
        if not len(part):
            lines += [t["none" if result.carry_over else "none_lost"], ""]
            continue
        lines += [t["cam_head"], "|---|---|---|---|---:|---:|"]
        for c in part.to_dict("records"):
            lines.append(f"| {c['camera']} | {md_text(c['site_id'])} | {md_text(c['model_name'])} "
                         f"| {_lang.degrees(c['orientation_true_deg'], language)} "
                         f"({_lang.compass(c['orientation_true_deg'], language)}) | "
                         f"{num(c['cost_sek'])} | "
                         f"{num(c['covered_population'])} |")
        lines.append("")
    lines.append(t["folders"])
    return "\n".join(lines) + "\n"
