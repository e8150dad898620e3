"""The commands that make several plans (internal): ``sweep``, ``rollout`` and ``compare``.

``sweep`` plans one scenario for a range of budgets, ``rollout`` in stages that each keep the
cameras of the stages before it, ``compare`` two scenarios (or variants) side by side.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner._cli_common import (
    EXIT_OK,
    _check_out,
    _overrides,
    _plan_line,
    _progress,
    _scenario,
    _scored_as_given,
    _warn_budget_text,
    table_when,
)
from planner.errors import InfeasibleError, InputError, NoPlanInTimeError

#: The columns of curve.csv that ``planner sweep`` prints (the others are in the file).
SCREEN_CURVE = ["budget_sek", "spent_sek", "objective", "gap", "status", "covered_share",
                "covered_population", "n_cameras_new"]


def cmd_sweep(args: argparse.Namespace) -> int:
    """Solve a scenario for a range of budgets and write the curve and the plans."""
    from planner._sweep_report import no_plan_lines, time_limited
    from planner.sweep import parse_budgets, run_sweep, write_sweep

    scenario = _scenario(args)
    budgets = parse_budgets(args.budgets)
    _check_out(args.out, scenario)
    progress, close = _progress(args.quiet)
    try:
        result = run_sweep(
            scenario, budgets, scheduler=args.scheduler, workers=args.workers, progress=progress
        )
    finally:
        close()
    write_sweep(result, args.out, offline=args.offline)
    if not args.quiet:
        from planner.workbook import on_screen

        # (curve.csv's main columns as people read them, in the scenario's language; the
        # investment and running costs, the bound and what ended each search are in curve.csv)
        # (the evening plan's weighted share, then by day and at night, as report.md's)
        shown = [*SCREEN_CURVE[:6], *(c for c in ("covered_share_day", "covered_share_night")
                                      if c in result.curve), *SCREEN_CURVE[6:]]
        print(table_when(scenario))
        print(on_screen(result.curve[shown], scenario.language).to_string(index=False))
        if (limited := time_limited(result.curve, scenario.language)) is not None:
            print(limited)
        # (each budget without a plan and why, as report.md gives them)
        print(*no_plan_lines(result, console=True), sep="\n", end="\n" if result.infeasible
              else "")
        print(f"-> {args.out}")
    return EXIT_OK


def _workers(given: int | None) -> int:
    """``--workers``: a whole number >= 1, by default the machine's cores."""
    import os

    if given is None:
        return os.cpu_count() or 1
    if given < 1:
        raise InputError(f"--workers {given}: give a whole number >= 1 (or leave it out: one "
                         "per core)")
    return given


def cmd_rollout(args: argparse.Namespace) -> int:
    """Plan the scenario in stages and write each stage's plan, the stage table and report."""
    from planner.rollout import parse_stages, run_rollout, write_rollout
    from planner.scenario import parse_override

    if any(parse_override(o)[0] == "budget.total_sek" for o in args.overrides):
        # (it had been ignored without a word: the stages set the budget)
        raise InputError("--set budget.total_sek: a rollout's budgets are the running sums of "
                         "--stages; leave it out and give the money in --stages")
    stages = parse_stages(args.stages)
    scenario = _scenario(args)
    if args.variant and "budget.total_sek" in scenario.variant_overrides(args.variant):
        raise InputError(f"--variant {args.variant}: sets budget.total_sek, which a rollout does "
                         "not use (its budgets are the running sums of --stages); give the money "
                         "in --stages, or choose a variant that does not set the budget")
    _check_out(args.out, scenario)
    progress, close = _progress(args.quiet)
    try:
        result = run_rollout(scenario, stages, order=args.order, best=not args.no_best,
                             carry_over=not args.no_carry_over, progress=progress,
                             workers=_workers(args.workers), stage_years=args.stage_years)
    finally:
        close()
    write_rollout(result, args.out, offline=args.offline)
    if not args.quiet:
        from planner.workbook import on_screen

        shown = ["stage", "budget_sek", "spent_sek", "n_cameras_added", "covered_share",
                 *(c for c in ("covered_share_day", "covered_share_night")
                   if c in result.stages), "status", "gap", "shortfall"]
        if scenario.constraints.equity_mode == "maxmin":  # (what such a rollout compares first)
            shown += ["smallest_share", "best_smallest_share"]
        # (a proven stage's gap of 5.6e-15 had been printed as such; its share as 0.101351)
        # (each status with what the stage is optimal under, as report.md's table)
        table = result.stages[shown].assign(status=result.statuses(scenario.language))
        print(table_when(scenario))
        print(on_screen(table, scenario.language, totals=True).to_string(index=False))
        print(f"-> {args.out}")
    return EXIT_OK


def _scenario_ref(ref: str, label: str, overrides: dict[str, Any],
                  given: dict[str, str]) -> Any:
    """Load compare's scenario ``label`` (A or B); a problem names the side and its reference."""
    from planner.scenario import check_data_files, load_scenario

    path, _, variant = ref.partition("#")
    try:
        scenario = load_scenario(Path(path), overrides=overrides, variant=variant or None,
                                 given=given)
        check_data_files(scenario, given=given)
    except InputError as exc:  # (both sides one file: the message had not said which failed)
        raise InputError(f"scenario {label} ({ref}): "
                         f"{str(exc).removeprefix(f'{Path(path)}: ')}") from None
    return scenario


def cmd_compare(args: argparse.Namespace) -> int:
    """Plan two scenarios and write both plans, a side-by-side map and a comparison table."""
    from planner._compare_alike import measured_alike
    from planner.compare import areas_screen_text, difference_conclusion, write_comparison
    from planner.plan import prepare, same_preparation

    # --set for both, then --set-a or --set-b for one side (8 MSEK against 10 MSEK of one
    # scenario had needed a variant written into the file)
    a = _scenario_ref(args.a, "A", *_overrides(("--set", args.overrides),
                                               ("--set-a", args.overrides_a)))
    b = _scenario_ref(args.b, "B", *_overrides(("--set", args.overrides),
                                               ("--set-b", args.overrides_b)))
    _check_out(args.out, a, b)
    _warn_budget_text(a, b)  # (as plan: B's title had not been checked)
    progress, close = _progress(args.quiet)
    try:
        prepared_a = prepared = prepare(a, progress=progress)
        # as plan: a budget that buys no camera is refused (plan had refused what compare planned)
        plan_a = _named(lambda: _side(prepared, a, args.cameras_a), "A", args.a)
        # two variants of one scenario that differ only in budget, rules or solver share the
        # preparation (demand, coverage, privacy: 5 of Katrineholm's 20 s)
        if not same_preparation(a, b):
            prepared = prepare(b, progress=progress)
        plan_b = _named(lambda: _side(prepared, b, args.cameras_b), "B", args.b)
        # where they count the night differently, each plan's cameras as the other counts them
        # (a fraction of a second each: the coverage of the other plan's cameras only)
        alike = measured_alike(prepared_a, prepared, plan_a, plan_b, (a, b))
    finally:
        close()
    plan_a, plan_b = _told_apart(plan_a, plan_b, args.overrides_a, args.overrides_b)
    table = write_comparison(plan_a, plan_b, args.out, offline=args.offline,
                             shared_sets=_shared_sets(args),
                             refs=(_relative_ref(args.a), _relative_ref(args.b)), alike=alike)
    if not args.quiet:
        from planner import _lang
        from planner._compare_sections import (
            areas_caveat,
            period_screen_lines,
            periods_line,
            scored_line,
        )
        from planner._map_objective import (
            ObjectiveDifference,
            difference_line,
            objective_difference,
        )
        from planner._map_panels import compared_names

        # (named as report.md and compare.html name them: one scenario with --set-b had printed
        # "A katrineholm-2018:sv" and "B katrineholm-2018:sv")
        names = compared_names(plan_a.summary, plan_b.summary, plan_a.name, plan_b.name)
        print(f"A {_plan_line(plan_a.summary, plan_a.cameras, names[0])}")
        print(f"B {_plan_line(plan_b.summary, plan_b.cameras, names[1])}")
        # (by day, at night or both: a day plan against a night plan had not said which was)
        if (periods := periods_line(plan_a.summary, plan_b.summary, _lang.language_of(
                plan_a.summary, plan_b.summary))) is not None:
            print(periods.removeprefix("- ").replace("`", ""))
        # what the solver establishes of the difference (a loss within the plans' optimality
        # gaps had been printed as any other): in A's language, as compare.html
        language = _lang.language_of(plan_a.summary, plan_b.summary)
        difference = objective_difference(plan_a.summary, plan_b.summary)
        if isinstance(difference, ObjectiveDifference):
            print(difference_line(difference, language, console=True))
        elif (why := difference_conclusion(difference, language)) is not None:
            print(why)  # (why there is none, in compare.xlsx's words: the weights differ)
        # (each plan by day and at night, the figures a memo choosing between them needs: the
        # lines above had given a day share beside a weighted one)
        for line in period_screen_lines(plan_a.summary, plan_b.summary, language):
            print(line)
        if (said := scored_line(plan_a.summary, plan_b.summary, language)) is not None:
            print(said.removeprefix("- "))
        if (caveat := areas_caveat(plan_a.summary, plan_b.summary, language)) is not None:
            print(caveat.replace("`", ""))  # (the areas' shares of A and B are two measures)
        # (rounded and headed as report.md and compare.xlsx: it had printed areas.csv raw)
        print(areas_screen_text(table, language))
        print(f"-> {args.out}")
    return EXIT_OK


def _side(prepared: Any, scenario: Any, cameras: Path | None) -> Any:
    """One side of ``compare``: the scenario's plan, or the cameras of ``--cameras-a/-b``.

    Those are scored as they are (``planner evaluate``): a proposal beside the best plan.
    """
    from planner.plan import solve_prepared

    if cameras is None:
        return solve_prepared(prepared, scenario, strict_budget=True)
    return _scored_as_given(prepared, scenario, cameras)


def _relative_ref(ref: str) -> str:
    """A scenario ``FILE.toml#NAME`` as typed, its file relative to the working folder if absolute.

    (The comparison's report.md suggests a command with it: an absolute path had put the
    machine's folders, ``/home/anna/...``, in a document shared with colleagues.)
    """
    import os

    file, hash_, variant = ref.partition("#")
    if not Path(file).is_absolute():
        return ref
    try:
        file = os.path.relpath(file)
    except ValueError:  # (another drive on Windows: no relative path exists)
        file = Path(file).name
    return f"{file}{hash_}{variant}"


def _shared_sets(args: argparse.Namespace) -> list[str]:
    """The ``KEY=VALUE`` overrides both sides of ``compare`` are planned with, as given.

    ``--set``'s, and a key ``--set-a`` and ``--set-b`` give the same value (A's text), in the
    order A's are given; not ``budget.total_sek``, which a rollout's ``--stages`` replaces. The
    rollout command the comparison's report suggests carries them (it had left them out, and
    planned the scenario as written).
    """
    from planner.scenario import parse_override

    def last(*given: tuple[str, Sequence[str]]) -> dict[str, tuple[str, Any]]:
        out: dict[str, tuple[str, Any]] = {}
        for option, values in given:
            for text in values:
                key, value = parse_override(text, option=option)
                out.pop(key, None)  # (in the order of the value kept)
                out[key] = (text, value)
        return out

    sides = [last(("--set", args.overrides), (f"--set-{side}", getattr(args, f"overrides_{side}")))
             for side in ("a", "b")]
    return [text for key, (text, value) in sides[0].items()
            if key != "budget.total_sek" and key in sides[1] and sides[1][key][1] == value]


def _told_apart(a: Any, b: Any, set_a: Sequence[str], set_b: Sequence[str]) -> tuple[Any, Any]:
    """Plans A and B, retitled where their titles and scenario names are the same.

    One scenario against itself with ``--set-a``/``--set-b`` had given two identical headings
    (report, compare.html, ``a/``, ``b/``): plans of different budgets are titled by their
    budget, as a sweep's (:func:`planner._stage_text.budget_title`); otherwise each side's
    title ends with its ``--set-a``/``--set-b`` values, e.g. "TITLE (--set-b coverage.night=true)".
    """
    import dataclasses

    from planner._lang import language_of
    from planner._stage_text import _base_title, budget_title

    def shown(p: Any) -> tuple[str, str]:
        return _base_title(p.summary), p.summary["scenario"]

    if shown(a) != shown(b) or not (set_a or set_b):
        return a, b
    titles = [budget_title(p.summary, language_of(p.summary)) for p in (a, b)]
    if titles[0] == titles[1]:  # (one budget: the values set tell them apart)
        titles = [f"{shown(p)[0]} ({option} {', '.join(t.strip() for t in given)})" if given
                  else shown(p)[0] for p, option, given in ((a, "--set-a", set_a),
                                                             (b, "--set-b", set_b))]
    return (dataclasses.replace(a, summary={**a.summary, "title": titles[0]}),
            dataclasses.replace(b, summary={**b.summary, "title": titles[1]}))


def _named(solve: Callable[[], Any], label: str, ref: str) -> Any:
    """Run ``solve``; an infeasible plan says which of the two it is (``plan B (x.toml#eq)``).

    So does a refused one (a budget that buys no camera: one file on both sides had not said
    which), and one whose solve found no plan in time.
    """
    try:
        return solve()
    except InputError as exc:
        path = Path(ref.partition("#")[0])
        raise InputError(f"plan {label} ({ref}): {str(exc).removeprefix(f'{path}: ')}") from None
    except InfeasibleError as exc:
        raise InfeasibleError(f"plan {label} ({ref}): {exc}", requirement=exc.requirement,
                              labels=exc.labels, reach=exc.reach, groups=exc.groups) from None
    except NoPlanInTimeError as exc:  # (a time limit that found no plan: which side)
        path = Path(ref.partition("#")[0])
        raise exc.reworded(f"plan {label} ({ref}): {str(exc).removeprefix(f'{path}: ')}"
                           ) from None
