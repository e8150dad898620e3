"""Many scenarios at once: budget sweeps and variant comparisons.

A budget sweep prepares the scenario once (demand, options, coverage matrix) and solves it for each
budget. The solves run in local worker processes by default, or on a Dask distributed cluster when a
scheduler address is given (``tcp://HOST:PORT``); both give identical plans because every solve is
deterministic.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from planner import _lang
from planner._budget_text import parse_sek, split_amounts
from planner._lang import pick, texts
from planner._plan_problem import as_given, available_new
from planner._plan_types import Plan
from planner._stage_text import budget_title, million
from planner.errors import InfeasibleError, InputError, SolverError, missing_package
from planner.io import atomic_dir, tidy_numbers, write_csv
from planner.plan import Prepared, check_same_preparation, prepare, solve_prepared
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


@dataclass(frozen=True)
class SweepResult:
    """The plans of a budget sweep and their coverage-budget curve.

    ``plans`` holds one plan per budget that has one; ``curve`` one row per budget, with status
    ``"infeasible"`` (and empty values) where the scenario's rules cannot be met within it, and
    ``infeasible`` the reason for each such budget; ``requirements`` the requirement each of
    those reasons is about (:attr:`planner.errors.InfeasibleError.requirement`, ``""`` where
    the error names none), for a report that restates it in its own language.
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
        if not self.plans:
            return pd.DataFrame(columns=AREA_COLUMNS)
        first = self.plans[0].areas
        base = pd.DataFrame({"area_id": first["area_id"].to_numpy(),
                             "name": first["name"].to_numpy(),
                             "priority": first["priority"].to_numpy(dtype=float),
                             "population": first["population"].to_numpy(dtype=float)})
        before = first["covered_share_before"].fillna(0.0).to_numpy(dtype=float)
        columns = [base.assign(budget_sek=0.0, covered_share=before,
                               covered_population=base["population"] * before)]
        for plan in self.plans:
            areas = plan.areas.set_index("area_id").loc[base["area_id"]]
            columns.append(base.assign(
                budget_sek=float(plan.summary["budget_sek"]),
                covered_share=areas["covered_share_after"].fillna(0.0).to_numpy(dtype=float),
                covered_population=areas["covered_population_after"].to_numpy(dtype=float)))
        long = pd.concat(columns, ignore_index=True)
        order = {a: i for i, a in enumerate(base["area_id"])}
        long = long.sort_values(["area_id", "budget_sek"], key=lambda c: c.map(order)
                                if c.name == "area_id" else c, kind="stable")
        long["covered_population_gain"] = long.groupby("area_id", sort=False)[
            "covered_population"].diff()
        return pd.DataFrame(long.reset_index(drop=True), columns=AREA_COLUMNS)

    def feasible(self) -> pd.DataFrame:
        """The curve's rows of the budgets that have a plan."""
        return self.curve[self.curve["status"] != "infeasible"].reset_index(drop=True)


_TEXT = texts("sweep", {
    "en": {
        "title": "# Budget sweep: {name}",
        "scenario": "Scenario: {name}",
        "taken down": "Existing cameras taken down in every plan (`constraints.remove_existing`): "
                      "{sites}. Today's coverage, at 0 SEK, still has them: each plan's change "
                      "from today is net of what they covered.",
        "replaced": "Existing cameras replaced in every plan, each mount a candidate for a new "
                    "camera (`constraints.replace_existing`): {sites}. Today's coverage, at 0 "
                    "SEK, still has them: each plan's change from today is net of what they "
                    "covered.",
        "image": "![coverage against budget](curve.png)",
        "curve header": "| budget (SEK) | spent (SEK) | new cameras | covered population (graded) | "
                        "covered share | status | gap |",
        "money": "What each plan spends is its new cameras' investment (purchase, installation, "
                 "mounting) and their running costs ({terms}):",
        "money header": "| budget (SEK) | investment (SEK) | running costs a year (SEK) | over "
                        "the horizon (SEK) | spent (SEK) |",
        "no plan": "No plan meets the scenario's rules within these budgets:",
        "no plan at": "- {budget} SEK: {reason}",
        # a budget's reason restated (a Swedish report's; an English one gives the message in
        # full, which names the areas or costs as well)
        "reason:equity_budget": "key constraints.equity_min_share={share} cannot be met: "
                                "within {budget} SEK no plan gives every planned area that "
                                "share; {fix}",
        "reason:fix": "raise the sweep's budgets (--budgets), lower the share, or set "
                      "constraints.equity_mode = \"maxmin\" with constraints.equity_min_share "
                      "= 0 (the best smallest share the budget allows instead of a fixed one)",
        "reason:fix maxmin": "raise the sweep's budgets (--budgets) or lower the share (with "
                             "constraints.equity_min_share = 0, \"maxmin\" finds the best "
                             "smallest share the budget allows)",
        "reason:required_groups_budget:one": "key constraints.require_sites: the cheapest camera "
                                             "on the required site {sites} costs{years} more "
                                             "than {budget} SEK; raise the sweep's budgets "
                                             "(--budgets) or require fewer sites",
        "reason:required_groups_budget:many": "key constraints.require_sites: the cheapest "
                                              "cameras on the required sites {sites} cost "
                                              "together{years} more than {budget} SEK; raise the "
                                              "sweep's budgets (--budgets) or require fewer "
                                              "sites",
        "reason:years:one": " with {n} year's running costs",
        "reason:years:many": " with {n} years' running costs",
        "next million": "## What the next million buys",
        "marginal header": "| from (SEK) | to (SEK) | covered population (graded) gained | per million "
                           "SEK |",
        "steepest": "The steepest step is from {start} to {stop} SEK: the covered population "
                    "(graded by DORI level, so not a count of people) grows by {gain} per "
                    "million SEK.",
        "steepest first": "The steepest step is the first, from today's coverage (the existing "
                          "cameras, 0 SEK) to {stop} SEK: the covered population (graded by DORI "
                          "level, so not a count of people) grows by {gain} per million SEK.",
        "last": "The last step, from {start} to {stop} SEK, adds {gain} per million SEK.",
        "today": "0 (today)",
        "step": "{start} to {stop} SEK",
        "falls": "Covered population falls from {steps}: the plans maximise coverage weighted "
                 "by the areas' priority, not the head count{maxmin}, so a larger budget can "
                 "cover fewer people in all.",
        "maxmin": ", after raising the smallest area share",
        "plot population": "covered population",
        "plot share": "covered share",
        "plot x": "Budget (MSEK)",
        "plot y": "Covered population (graded by DORI level)",
        "plot y share": "Covered share of weighted demand (%)",
        "plot title": "Coverage against budget: {name}",
        "sheet:curve": "Curve",
        "sheet:marginal": "Marginal",
        "sheet:areas": "Areas",
        "areas": "## What each budget covers, per area",
        "areas intro": "Each area's covered share (its weighted public space seen, graded by "
                       "DORI level) today and at each budget, with its priority:",
        "areas head": "| area | priority | today |",
        "areas steps": "The areas whose covered population (graded) grows most at each step, "
                       "with the change of their covered share:",
        "areas step": "- {start} to {stop}: {areas}{lose}",
        "areas today": "Today (0 SEK)",
        "areas gain": "{name} ({area_id}) +{gain} ({share} percentage points; priority "
                      "{priority})",
        "areas none": "no area gains",
        # (one phrase had said "not every plan" where none was proven)
        "areas found:none": "None of the plans is proven optimal (see the status and gap above): "
                            "these changes compare the plans found, not the best plans for the "
                            "budgets.",
        "areas found:some": "Not all of the plans are proven optimal (see the status and gap "
                            "above): these changes compare the plans found, not the best plans "
                            "for the budgets.",
        "areas lose:one": "; {n} area loses coverage",
        "areas lose:many": "; {n} areas lose coverage",
    },
    "sv": {
        "title": "# Täckning mot budget: {name}",
        "scenario": "Scenario: {name}",
        "taken down": "Befintliga kameror som tas ned i varje plan "
                      "(`constraints.remove_existing`): {sites}. Dagens täckning, vid 0 kr, har "
                      "dem fortfarande: varje plans ändring från i dag är med avdrag för det de "
                      "täckte.",
        "replaced": "Befintliga kameror som ersätts i varje plan, där varje monteringsplats "
                    "kan få en ny kamera (`constraints.replace_existing`): {sites}. Dagens "
                    "täckning, vid 0 kr, har dem fortfarande: varje plans ändring från i dag är "
                    "med avdrag för det de täckte.",
        "image": "![täckning mot budget](curve.png)",
        "curve header": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning (graderad) | "
                        "täckt andel | status | optimalitetsgap |",
        "money": "Det varje plan använder är de nya kamerornas investering (inköp, installation, "
                 "montering) och deras driftkostnader ({terms}):",
        "money header": "| budget (kr) | investering (kr) | driftkostnader per år (kr) | under "
                        "tidshorisonten (kr) | använt (kr) |",
        "no plan": "Ingen plan uppfyller scenariots regler inom dessa budgetar:",
        "no plan at": "- {budget} kr: {reason}",
        "reason:equity_budget": "nyckeln constraints.equity_min_share={share} kan inte "
                                "uppfyllas: inom {budget} kr ger ingen plan varje planerat "
                                "område den andelen; {fix}",
        "reason:fix": "höj svepets budgetar (--budgets), sänk andelen eller ange "
                      "constraints.equity_mode = \"maxmin\" med constraints.equity_min_share "
                      "= 0 (den största minsta andel som budgeten medger i stället för en fast)",
        "reason:fix maxmin": "höj svepets budgetar (--budgets) eller sänk andelen (med "
                             "constraints.equity_min_share = 0 ger \"maxmin\" den största "
                             "minsta andel som budgeten medger)",
        "reason:required_groups_budget:one": "nyckeln constraints.require_sites: den billigaste "
                                             "kameran på den krävda monteringsplatsen {sites} "
                                             "kostar{years} mer än {budget} kr; höj svepets "
                                             "budgetar (--budgets) eller kräv färre platser",
        "reason:required_groups_budget:many": "nyckeln constraints.require_sites: de billigaste "
                                              "kamerorna på de krävda monteringsplatserna "
                                              "{sites} kostar tillsammans{years} mer än "
                                              "{budget} kr; höj svepets budgetar (--budgets) "
                                              "eller kräv färre platser",
        "reason:years:one": " med {n} års driftkostnader",
        "reason:years:many": " med {n} års driftkostnader",
        "next million": "## Vad nästa miljon ger",
        "marginal header": "| från (kr) | till (kr) | ökning av täckt befolkning (graderad) | per miljon "
                           "kr |",
        "steepest": "Det brantaste steget är från {start} till {stop} kr: den täckta "
                    "befolkningen (graderad efter DORI-nivå, alltså inte ett antal personer) ökar "
                    "med {gain} per miljon kr.",
        "steepest first": "Det brantaste steget är det första, från dagens täckning (de "
                          "befintliga kamerorna, 0 kr) till {stop} kr: den täckta befolkningen "
                          "(graderad efter DORI-nivå, alltså inte ett antal personer) ökar med "
                          "{gain} per miljon kr.",
        "last": "Det sista steget, från {start} till {stop} kr, ger {gain} per miljon kr.",
        "today": "0 (i dag)",
        "step": "{start} till {stop} kr",
        "falls": "Den täckta befolkningen minskar när budgeten höjs från {steps}: planerna maximerar täckningen "
                 "viktad efter områdenas prioritet, inte antalet personer{maxmin}, så en större "
                 "budget kan täcka färre personer totalt.",
        "maxmin": ", efter att först ha höjt den minsta områdesandelen",
        "plot population": "täckt befolkning",
        "plot share": "täckt andel",
        "plot x": "Budget (mnkr)",
        "plot y": "Täckt befolkning (graderad efter DORI-nivå)",
        "plot y share": "Täckt andel av det viktade behovet (%)",
        "plot title": "Täckning mot budget: {name}",
        "sheet:curve": "Kurva",
        "sheet:marginal": "Marginalnytta",
        "sheet:areas": "Områden",
        "areas": "## Vad varje budget täcker, per område",
        "areas intro": "Varje områdes täckta andel (den del av dess viktade allmänna platser "
                       "som syns, graderad efter DORI-nivå) i dag och vid varje budget, med "
                       "områdets prioritet:",
        "areas head": "| område | prioritet | i dag |",
        "areas steps": "De områden vars täckta befolkning (graderad) ökar mest i varje steg, "
                       "med ändringen av deras täckta andel:",
        "areas step": "- {start} till {stop}: {areas}{lose}",
        "areas today": "I dag (0 kr)",
        "areas gain": "{name} ({area_id}) +{gain} ({share} procentenheter; prioritet "
                      "{priority})",
        "areas none": "inget område ökar",
        "areas found:none": "Ingen av planerna är bevisat optimal (se status och "
                            "optimalitetsgap ovan): ändringarna jämför de funna planerna, inte de "
                            "bästa planerna för budgetarna.",
        "areas found:some": "Inte alla planer är bevisat optimala (se status och optimalitetsgap "
                            "ovan): ändringarna jämför de funna planerna, inte de bästa planerna "
                            "för budgetarna.",
        "areas lose:one": "; {n} område minskar",
        "areas lose:many": "; {n} områden minskar",
    },
})

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

    try:
        if ":" in text:
            start, stop, step = (amount(p) for p in text.split(":"))
            if step <= 0 or stop < start or not all(map(math.isfinite, (start, stop, step))):
                raise ValueError
            count = (stop - start) / step + 1e-9
            if not math.isfinite(count):  # (1e4:1e308:1e-300 had overflowed: exit 1)
                raise ValueError
            n = math.floor(count) + 1
            # (counted before the list is made: 1:1e9:1 had filled 24 GB)
            budgets = [start + i * step for i in range(min(n, MAX_BUDGETS + 1))]
        else:
            budgets = [amount(p) for p in split_amounts(text) if p.strip()]
    except ValueError:
        raise InputError(
            f"{where}: expected START:STOP:STEP with STEP > 0 and STOP >= START, or a comma list, "
            "e.g. 1000000:10000000:1000000 or \"1 mnkr:10 mnkr:1 mnkr\""
        ) from None
    if not budgets or any(not math.isfinite(b) or b <= 0 for b in budgets):
        raise InputError(f"{where}: budgets must be positive finite numbers of SEK")
    count = n if ":" in text else len(budgets)
    if count > MAX_BUDGETS:
        raise InputError(f"{where}: {count:,} budgets; at most {MAX_BUDGETS} per sweep, e.g. "
                         "with a larger STEP")
    return sorted(set(budgets))


#: What a sweep's message asks to raise when the money falls short (a sweep sets each budget:
#: "raise budget.total_sek" had named a key the sweep does not use).
SWEEP_BUDGET_KEY = "the sweep's budgets (--budgets)"


def _solve_budget(prepared: Prepared, budget: float,
                  budget_key: str = SWEEP_BUDGET_KEY) -> Plan | InfeasibleError:
    """The plan at ``budget``, or the reason none meets the scenario's rules there.

    ``budget_key``: as :func:`~planner.plan.solve_prepared`'s.
    """
    scenario = prepared.scenario.with_overrides({"budget.total_sek": budget})
    try:
        return solve_prepared(prepared, scenario, budget_key=budget_key)
    except InfeasibleError as exc:  # a row of the curve, not the end of the sweep
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


def solve_kept(budget: float, budget_key: str = SWEEP_BUDGET_KEY) -> Plan | InfeasibleError:
    """In a worker of :func:`keep_prepared`: the plan at ``budget`` (or why there is none)."""
    return _solve_budget(_KEPT[0], budget, budget_key)


def run_sweep(
    scenario: Scenario,
    budgets: Sequence[float],
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
        Budgets in SEK.
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
    budgets = sorted(float(b) for b in budgets)
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
                       if isinstance(a, InfeasibleError))
    requirements = tuple(a.requirement for a in answers if isinstance(a, InfeasibleError))
    if not plans:  # no budget has a plan: the first reason is the answer
        first = next(a for a in answers if isinstance(a, InfeasibleError))
        raise InfeasibleError(f"at every budget of the sweep; at {budgets[0]:,.0f} SEK: {first}",
                              requirement=first.requirement, labels=first.labels,
                              reach=first.reach, groups=first.groups)
    rows = [{k: a.summary[k] for k in CURVE_COLUMNS} if isinstance(a, Plan)
            else {"budget_sek": b, "status": "infeasible"}
            for b, a in zip(budgets, answers, strict=True)]
    curve = pd.DataFrame(rows, columns=CURVE_COLUMNS)
    curve["n_cameras_new"] = curve["n_cameras_new"].astype("Int64")  # (empty where infeasible)
    result = SweepResult(scenario, tuple(plans), curve, infeasible, requirements)
    maxmin = scenario.constraints.equity_mode == "maxmin"
    _check_monotone(result.feasible(), [p.smallest_share() for p in plans] if maxmin else None)
    return result


def _run_local(
    prepared: Prepared,
    budgets: list[float],
    workers: int | None,
    progress: Callable[[str, int, int], None] | None,
) -> list[Plan | InfeasibleError]:
    import os

    n = min(workers or os.cpu_count() or 1, len(budgets))
    if n <= 1:
        plans: list[Plan | InfeasibleError] = []
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
             ) -> list[Plan | InfeasibleError]:
    """The futures' results in budget order, reporting progress as each arrives in turn.

    After an answer that no budget has a plan (:func:`_no_budget_helps`) the budgets not
    started are cancelled, and each has that answer.
    """
    answers: list[Plan | InfeasibleError] = []
    for i, f in enumerate(futures):
        answers.append(f.result())
        if progress:
            progress("sweep", i + 1, len(futures))
        if _no_budget_helps(answers[-1]):
            for rest in futures[i + 1:]:
                rest.cancel()
            return answers + [answers[-1]] * (len(futures) - len(answers))
    return answers


def _no_budget_helps(answer: Plan | InfeasibleError) -> bool:
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
) -> list[Plan | InfeasibleError]:
    remote = client.scatter(prepared, broadcast=True)
    return _collect(client.map(_solve_budget, [remote] * len(budgets), budgets, pure=False),
                    progress)


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


def word_ticks(axes: Sequence[Any], language: str | None) -> None:
    """Tick labels written as ``language`` writes numbers (matplotlib writes them in English)."""
    if language in (None, _lang.LANGUAGES[0]):
        return  # (the English charts as they were)
    from matplotlib.ticker import FuncFormatter

    def tick(value: float, _position: object) -> str:
        text = _lang.plain(value, language)
        # (a tick at -0.0, written with the language's minus sign)
        return "0" if text in (f"{_lang.minus_sign(language)}0", "") else text

    for ax in axes:
        ax.xaxis.set_major_formatter(FuncFormatter(tick))
        ax.yaxis.set_major_formatter(FuncFormatter(tick))


def scenario_title(scenario: Scenario) -> str:
    """The scenario's ``title`` (a variant's own where it sets one), else its name.

    What a sweep's or rollout's report and chart are headed by, as the plans' maps and reports
    are (they had been headed by the name, ``katrineholm-2018:sv``).
    """
    return " ".join(scenario.title.split()) or scenario.name


def chart_title(text: str) -> str:
    """``text`` wrapped to the width of a chart (a scenario's title may be 80 characters)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 70)) or text


def plot_curve(result: SweepResult, path: str | Path) -> None:
    """Plot covered population and covered share against budget into a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = pick(_TEXT, result.scenario.language)
    c = result.feasible()
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    ax.plot(c["budget_sek"] / 1e6, c["covered_population"], marker="o", color="#1f5fa8",
            label=t["plot population"])
    ax.set_xlabel(t["plot x"])
    ax.set_ylabel(t["plot y"])
    ax.set_title(chart_title(t["plot title"].format(name=scenario_title(result.scenario))),
                 fontsize=10)
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)
    # the share on an axis of its own, drawn: scaled to the population axis it was off for
    # several areas (share weighs demand, population counts people: 5.97 % read for 6.40 %)
    right = ax.twinx()
    right.plot(c["budget_sek"] / 1e6, 100 * c["covered_share"], marker="s", linestyle="--",
               color="#c0392b", label=t["plot share"])
    right.set_ylabel(t["plot y share"])
    right.set_ylim(bottom=0)
    fig.legend(loc="lower right", bbox_to_anchor=(0.88, 0.16), fontsize=8)
    word_ticks([ax, right], result.scenario.language)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


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
        write_workbook([(t["sheet:curve"], in_words(tidy_numbers(result.curve), language)),
                        (t["sheet:marginal"], in_words(tidy_numbers(result.marginal()), language)),
                        (t["sheet:areas"], in_words(tidy_numbers(result.areas()), language))],
                       tmp / "curve.xlsx")
        plot_curve(result, tmp / "curve.png")
        for plan in result.plans:
            write_plan(plan, tmp / f"budget_{plan.summary['budget_sek']:.0f}", offline=offline)
        (tmp / "report.md").write_text(sweep_markdown(result), encoding="utf-8")
    return out


def _step_from_today(result: SweepResult) -> pd.DataFrame:
    """The step from today's coverage to the first budget with a plan, as a row of the marginal.

    Today's covered population is what the existing cameras cover (graded as the curve's: each
    area's population times its covered share before), the same in every plan of the sweep.
    Empty without a plan.
    """
    c = result.feasible()
    if not len(result.plans) or not len(c):
        return pd.DataFrame(columns=["from_sek", "to_sek", "covered_population_gain",
                                     "per_million_sek"])
    areas = result.areas()
    today = float(areas.loc[areas["budget_sek"] == 0, "covered_population"].sum())
    first = c.iloc[0]
    gain = float(first["covered_population"]) - today
    budget = float(first["budget_sek"])
    return pd.DataFrame({"from_sek": [0.0], "to_sek": [budget],
                         "covered_population_gain": [gain],
                         "per_million_sek": [gain / budget * 1e6 if budget > 0 else math.nan]})


def sweep_markdown(result: SweepResult) -> str:
    """The sweep report: the curve and what each further million SEK buys."""
    from planner.report import md_text

    language = result.scenario.language
    t = pick(_TEXT, language)
    c = result.curve
    maxmin = result.scenario.constraints.equity_mode == "maxmin"
    lines = [
        t["title"].format(name=md_text(scenario_title(result.scenario))),
        "",
        t["scenario"].format(name=md_text(result.scenario.name)),
        "",
        # (the first step's gain and an area's loss from today had been unexplained where a
        # camera is taken down: today's coverage has it, no plan does)
        *([t["taken down"].format(sites=", ".join(md_text(site) for site in gone)), ""]
          if (gone := result.scenario.constraints.remove_existing) else []),
        *([t["replaced"].format(sites=", ".join(md_text(site) for site in swapped)), ""]
          if (swapped := result.scenario.constraints.replace_existing) else []),
        t["image"],
        "",
        t["curve header"],
        "|---:|---:|---:|---:|---:|---|---:|",
    ]
    cols = [
        "budget_sek",
        "spent_sek",
        "n_cameras_new",
        "covered_population",
        "covered_share",
        "status",
        "gap",
    ]
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    pct = lambda v, digits=1: _lang.percent(v, digits, language)  # noqa: E731
    for budget, spent, n_new, population, share, status, gap in c[cols].itertuples(
        index=False, name=None
    ):
        if status == "infeasible":
            lines.append(f"| {num(budget)} | – | – | – | – | {_lang.status('infeasible', language)} | – |")
            continue
        lines.append(
            f"| {num(budget)} | {num(spent)} | {n_new} | {num(population)} | "
            f"{pct(share)} | {_lang.status(status, language)} | {pct(gap, 2)} |"
        )
    lines += _money_markdown(result)
    if result.infeasible:
        lines += ["", t["no plan"], ""]
        # (without the scenario's path, as the command line gave it: the report had carried
        # the machine's folders, and differed between two of them)
        where = f"{result.scenario.source or 'scenario'}: "
        requirements = result.requirements or ("",) * len(result.infeasible)
        lines += [t["no plan at"].format(budget=num(budget), reason=md_text(
                      _reason(result, budget, requirement, language)
                      or reason.removeprefix(where)))
                  for (budget, reason), requirement in zip(result.infeasible, requirements,
                                                           strict=True)]
    m = result.marginal()
    # the step from today's coverage (the existing cameras, 0 SEK) to the first budget: often
    # the steepest, and had been left out ("the steepest step is from 1,000,000 to 2,000,000")
    today = _step_from_today(result)
    steps = (m if not len(today) else today if not len(m)
             else pd.concat([today, m], ignore_index=True))
    lines += [
        "",
        t["next million"],
        "",
        t["marginal header"],
        "|---:|---:|---:|---:|",
    ]
    for r in steps.itertuples(index=False):
        start = t["today"] if r.from_sek == 0 else num(r.from_sek)
        lines.append(
            f"| {start} | {num(r.to_sek)} | {num(r.covered_population_gain)} | "
            f"{num(r.per_million_sek)} |"
        )
    gains = steps[steps["per_million_sek"] > 0]
    if len(gains):
        at = int(gains["per_million_sek"].to_numpy().argmax())
        best = gains.iloc[at]
        key = "steepest first" if best.from_sek == 0 else "steepest"
        lines += [
            "",
            t[key].format(start=num(best.from_sek), stop=num(best.to_sek),
                          gain=num(best.per_million_sek)),
        ]
        last = steps.iloc[-1]
        if len(steps) > 1 and gains.index[at] != steps.index[-1] and last.per_million_sek > 0:
            # (what a further million buys at the top of the range: the decision's other end)
            lines[-1] += " " + t["last"].format(start=num(last.from_sek), stop=num(last.to_sek),
                                                gain=num(last.per_million_sek))
    falls = m[m["covered_population_gain"] < 0]
    if len(falls):
        # (a loss had been reported as the steepest step: "-70,329 more people covered")
        fallen = ", ".join(t["step"].format(start=num(r.from_sek), stop=num(r.to_sek))
                           for r in falls.itertuples(index=False))
        lines += ["", t["falls"].format(steps=fallen, maxmin=t["maxmin"] if maxmin else "")]
    lines += _areas_markdown(result)
    return "\n".join(lines) + "\n"


def _reason(result: SweepResult, budget: float, requirement: str, language: str) -> str | None:
    """Why ``budget`` has no plan, in ``language``, for the common reasons; ``None`` otherwise.

    An equity share not reachable within the budget (``equity_budget``) and required sites whose
    cheapest cameras the budget does not afford (``required_groups_budget``). A Swedish report had
    given them in English, the error's words; English keeps the error's message, which names
    the areas short or the cameras' costs as well, and so does every language for a reason
    without a phrase.
    """
    if language == _lang.LANGUAGES[0]:
        return None
    t = pick(_TEXT, language)
    c = result.scenario.constraints
    amount = _lang.number(budget, 0, language)
    if requirement == "equity_budget":
        return t["reason:equity_budget"].format(
            share=f"{c.equity_min_share:g}", budget=amount,
            fix=t["reason:fix maxmin" if c.equity_mode == "maxmin" else "reason:fix"])
    if requirement == "required_groups_budget" and c.require_sites:
        many = "many" if len(c.require_sites) > 1 else "one"
        b = result.scenario.budget
        years = (t["reason:years:one" if b.horizon_years == 1 else "reason:years:many"].format(
                     n=_lang.plain(b.horizon_years, language))
                 if b.include_yearly_costs and b.horizon_years > 0 else "")
        return t[f"reason:required_groups_budget:{many}"].format(
            sites=", ".join(c.require_sites), budget=amount, years=years)
    return None


def _money_markdown(result: SweepResult) -> list[str]:
    """The report's table of what each plan spends: investment and running costs.

    (The curve had given the amount spent alone, investment and five years' running costs in
    one figure, where a municipality's budget keeps them apart.)
    """
    from planner._cost_text import budget_terms

    language = result.scenario.language
    t = pick(_TEXT, language)
    if not result.plans:
        return []
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    terms = budget_terms(result.plans[0].summary, language) or ""
    lines = ["", t["money"].format(terms=terms), "", t["money header"], "|---:|---:|---:|---:|---:|"]
    for plan in result.plans:
        s = plan.summary
        lines.append(f"| {num(s['budget_sek'])} | {num(s['investment_sek'])} | "
                     f"{num(s['yearly_sek'])} | {num(s['yearly_over_horizon_sek'])} | "
                     f"{num(s['spent_sek'])} |")
    return lines


#: How many areas each step of the sweep's report names (those that gain most).
AREAS_PER_STEP = 3


def _areas_markdown(result: SweepResult) -> list[str]:
    """The report's section per area: covered share at each budget, who gains most per step.

    A coordinator's question, what 10 MSEK buys beside 8 and where, had no answer in the sweep:
    its tables were the whole town's.
    """
    from planner.report import md_text

    language = result.scenario.language
    t = pick(_TEXT, language)
    table = result.areas()
    if not len(table):
        return []
    budgets = sorted(table["budget_sek"].unique())
    wide = table.pivot(index="area_id", columns="budget_sek", values="covered_share")
    first = table[table["budget_sek"] == 0]
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    lines = ["", t["areas"], "", t["areas intro"], "",
             t["areas head"] + "".join(f" {million(b, language)} |" for b in budgets[1:]),
             "|---|---:|" + "---:|" * len(budgets)]
    for r in first.itertuples(index=False):
        lines.append(f"| {md_text(r.name)} ({md_text(r.area_id)}) | {num(r.priority, 2)} | "
                     + " | ".join(pct(wide.at[r.area_id, b]) for b in budgets) + " |")
    lines += ["", t["areas steps"], ""]
    for before, after in itertools.pairwise(budgets):
        step = table[table["budget_sek"] == after].set_index("area_id")
        share = step["covered_share"] - wide.loc[step.index, before]
        gains = step[step["covered_population_gain"] > 0].sort_values(
            "covered_population_gain", ascending=False, kind="stable").head(AREAS_PER_STEP)
        named = ", ".join(t["areas gain"].format(
            name=md_text(g["name"]), area_id=md_text(area_id), gain=num(g["covered_population_gain"]),
            share=_lang.signed(100 * share[area_id], 1, language),
            priority=num(g["priority"], 2)) for area_id, g in gains.iterrows()) or t["areas none"]
        lose = int((step["covered_population_gain"] < 0).sum())
        start = t["areas today"] if before == 0 else million(before, language)
        lines.append(t["areas step"].format(
            start=start, stop=million(after, language), areas=named,
            lose=t["areas lose:one" if lose == 1 else "areas lose:many"].format(n=lose)
            if lose else ""))
    found = sum(p.summary["status"] != "optimal" for p in result.plans)
    if found:
        lines += ["", t["areas found:none" if found == len(result.plans) else "areas found:some"]]
    return lines
