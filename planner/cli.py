"""The ``planner`` command.

Exit codes: 0 success, 1 unexpected failure (a bug: please report it with the traceback shown
by ``-v``), 2 bad input (a one-line message naming the file, feature or key and the fix),
also for an infeasible scenario (no plan meets its requirements; the message names the requirement).

The arguments are parsed in :mod:`planner._cli_parser`; what the commands share (exit codes, the
scenario read from the arguments, the plan line) is in :mod:`planner._cli_common`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner._cli_common import (
    EXIT_FAILURE,
    EXIT_INPUT,
    EXIT_OK,
    _check_out,
    _overrides,
    _plan_line,
    _progress,
    _scenario,
    _warn_budget_text,
    log,
)
from planner._cli_parser import _glued_negatives, _parser
from planner.errors import InfeasibleError, InputError, PlannerError, one_line

#: The columns of curve.csv that ``planner sweep`` prints (the others are in the file).
SCREEN_CURVE = ["budget_sek", "spent_sek", "objective", "gap", "status", "covered_share",
                "covered_population", "n_cameras_new"]


def cmd_plan(args: argparse.Namespace) -> int:
    """Solve one scenario and write its outputs."""
    from planner.plan import plan
    from planner.report import write_plan

    scenario = _scenario(args)
    _check_out(args.out, scenario)
    _warn_budget_text(scenario)
    progress, close = _progress(args.quiet)
    try:
        result = plan(scenario, progress=progress)
    finally:
        close()
    write_plan(result, args.out, offline=args.offline, drawings=args.drawings)
    if not args.quiet:
        print(f"{_plan_line(result.summary, result.cameras)} -> {args.out}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a scenario and its layers without solving."""
    from planner._budget_text import budget_mismatches
    from planner.coverage import sites_inside_buildings, warn_inside
    from planner.errors import InputError
    from planner.plan import check_budget, inputs_for, load_inputs

    scenario = _scenario(args)
    _warn_budget_text(scenario)
    inputs = load_inputs(scenario)
    check_budget(scenario, inputs)
    # a lamp drawn inside a house sees nothing: plan warned, validate had said ok
    warn_inside(sites_inside_buildings(inputs.sites, inputs.buildings))
    # without --variant, every variant of the file as plan --variant would read it (a model id
    # or area id only a variant named had passed validate and failed the plan)
    checked = []
    if not args.variant:
        from planner.scenario import check_data_files, load_scenario

        overrides, given = _overrides(("--set", args.overrides))
        quiet = logging.getLogger("planner")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # (the base's warnings again per variant: --variant shows)
        failed: list[str] = []
        texts: list[str] = []  # (a title naming another budget: warned once the loop is done)
        try:
            for name in scenario.variants:
                try:
                    variant = load_scenario(args.scenario, overrides=overrides, variant=name,
                                            given=given)
                    # (a variant's own data paths, all at once)
                    check_data_files(variant, given=given)
                    if (variant.title, variant.description, variant.budget.total_sek) != (
                            scenario.title, scenario.description, scenario.budget.total_sek):
                        texts += budget_mismatches(variant)  # (the base's: warned above)
                    check_budget(variant, inputs_for(variant, inputs)
                                 if variant.data == scenario.data else load_inputs(variant))
                except InputError as exc:
                    # (every variant's problem at once: the first had hidden the others)
                    failed.append(f"{exc} (in [variants.{name}])")
                    continue
                checked.append(name)
        finally:
            quiet.setLevel(level)
        for line in dict.fromkeys(texts):
            log.warning("%s", line)
        if failed:
            raise InputError(failed[0] if len(failed) == 1 else
                             f"{len(failed)} variants fail: " + "; ".join(failed))
    if not args.quiet:
        # the cameras kept as they are: a layer whose existing_model column the import lost
        # had said "ok" with no word that none would be kept
        # (the sites layer's spec gives every site the column: None where no camera stands)
        existing = int(inputs.sites["existing_model"].notna().sum())
        removed = scenario.constraints.remove_existing  # (checked: each holds one)
        replaced = scenario.constraints.replace_existing
        print(
            # (the variant checked named: "x.toml: ok" had not said which one)
            f"{scenario.source}{f'#{args.variant}' if args.variant else ''}: ok: {len(inputs.areas)} areas ({len(inputs.planned_areas)} planned), "
            f"{len(inputs.sites)} sites"
            + (f" ({existing} with an existing camera"
               + (f", {len(removed)} taken down by constraints.remove_existing" if removed else "")
               + (f", {len(replaced)} replaced by constraints.replace_existing" if replaced else "")
               + ")" if existing else "")
            + f", {len(inputs.buildings)} buildings, "
            f"{len(inputs.privacy_zones)} privacy zones, {len(inputs.catalogue)} camera models"
            + (f", {len(inputs.incidents)} incidents" if inputs.incidents is not None else "")
            + (f"; variants {', '.join(checked)} ok" if checked else "")
        )
    return EXIT_OK


def cmd_sweep(args: argparse.Namespace) -> int:
    """Solve a scenario for a range of budgets and write the curve and the plans."""
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
        print(on_screen(result.curve[SCREEN_CURVE], scenario.language).to_string(index=False))
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
                             workers=_workers(args.workers))
    finally:
        close()
    write_rollout(result, args.out, offline=args.offline)
    if not args.quiet:
        from planner.workbook import on_screen

        shown = ["stage", "budget_sek", "spent_sek", "n_cameras_added", "covered_share", "status",
                 "gap", "shortfall"]
        if scenario.constraints.equity_mode == "maxmin":  # (what such a rollout compares first)
            shown += ["smallest_share", "best_smallest_share"]
        # (a proven stage's gap of 5.6e-15 had been printed as such; its share as 0.101351)
        print(on_screen(result.stages[shown], scenario.language, totals=True)
              .to_string(index=False))
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
    from planner.compare import areas_on_screen, write_comparison
    from planner.plan import prepare, same_preparation, solve_prepared

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
        prepared = prepare(a, progress=progress)
        # as plan: a budget that buys no camera is refused (plan had refused what compare planned)
        plan_a = _named(lambda: solve_prepared(prepared, a, strict_budget=True), "A", args.a)
        # two variants of one scenario that differ only in budget, rules or solver share the
        # preparation (demand, coverage, privacy: 5 of Katrineholm's 20 s)
        if not same_preparation(a, b):
            prepared = prepare(b, progress=progress)
        plan_b = _named(lambda: solve_prepared(prepared, b, strict_budget=True), "B", args.b)
    finally:
        close()
    plan_a, plan_b = _told_apart(plan_a, plan_b, args.overrides_a, args.overrides_b)
    table = write_comparison(plan_a, plan_b, args.out, offline=args.offline,
                             shared_sets=_shared_sets(args),
                             refs=(_relative_ref(args.a), _relative_ref(args.b)))
    if not args.quiet:
        from planner import _lang
        from planner._map_diff import difference_line, objective_difference

        print(f"A {_plan_line(plan_a.summary, plan_a.cameras)}")
        print(f"B {_plan_line(plan_b.summary, plan_b.cameras)}")
        # what the solver establishes of the difference (a loss within the plans' optimality
        # gaps had been printed as any other): in A's language, as compare.html
        difference = objective_difference(plan_a.summary, plan_b.summary)
        if difference is not None:
            print(difference_line(difference, _lang.language_of(plan_a.summary, plan_b.summary),
                                  console=True))
        # (rounded and headed as report.md and compare.xlsx: it had printed areas.csv raw)
        print(areas_on_screen(table, _lang.language_of(plan_a.summary, plan_b.summary))
              .to_string(index=False))
        print(f"-> {args.out}")
    return EXIT_OK


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
    which).
    """
    try:
        return solve()
    except InputError as exc:
        path = Path(ref.partition("#")[0])
        raise InputError(f"plan {label} ({ref}): {str(exc).removeprefix(f'{path}: ')}") from None
    except InfeasibleError as exc:
        raise InfeasibleError(f"plan {label} ({ref}): {exc}", requirement=exc.requirement,
                              labels=exc.labels, reach=exc.reach, groups=exc.groups) from None


def cmd_import(args: argparse.Namespace) -> int:
    """Import an OSM extract or SCB DeSO areas into project layers."""
    from planner.importers import import_deso, import_osm

    if args.source == "osm":
        bbox = None
        if args.bbox is not None:
            try:
                bbox = [float(v) for v in args.bbox.split(",")]
            except ValueError:
                bbox = []
            if len(bbox) != 4:
                raise InputError(
                    f"--bbox {args.bbox!r}: expected four numbers west,south,east,north in degrees"
                )
        if args.areas is not None and args.street_margin is not None:
            # (it had been ignored without a word: the areas file is taken as it is)
            raise InputError(
                "--street-margin grows landuse=residential areas into the streets; areas from "
                "--areas are taken as they are: give one of the two"
            )
        done = import_osm(
            args.extract,
            args.out,
            bbox=bbox,
            areas=args.areas,
            lamp_spacing_m=args.lamp_spacing,
            crs=args.crs,
            # (the importer's default, STREET_MARGIN_M, unless given)
            **({} if args.street_margin is None else {"street_margin_m": args.street_margin}),
        )
    else:
        done = import_deso(args.deso, args.stats, args.out, kommun=args.kommun)
    if not args.quiet:
        print(done)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": cmd_plan,
    "validate": cmd_validate,
    "sweep": cmd_sweep,
    "compare": cmd_compare,
    "rollout": cmd_rollout,
    "import": cmd_import,
}


def _log_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 file: Any = None, line: str | None = None) -> None:
    """Libraries' warnings (GeoPandas, pyogrio, ...) as one log line, shown with ``-v``.

    They had reached stderr as three lines with their source line, beside the planner's own
    one-line message and even with ``-q`` (a population column given as text: GeoPandas' "Could
    not parse column as JSON"); what they warn about, the planner's checks name themselves.
    """
    logging.getLogger("planner.libraries").info("%s: %s", category.__name__,
                                                one_line(str(message)))


def _variant_in_path(args: argparse.Namespace) -> None:
    """``plan FILE.toml#NAME`` as ``plan FILE.toml --variant NAME`` (as ``compare`` reads it).

    The README names both forms for a variant; only ``compare`` had taken the second, and
    ``plan x.toml#equity`` had said the scenario file was not found. A file whose name holds a
    ``#`` is read as that file.
    """
    path = getattr(args, "scenario", None)
    if not isinstance(path, Path) or "#" not in str(path) or path.exists():
        return
    file, _, name = str(path).rpartition("#")
    if not name:
        raise InputError(f"{path}: no variant name after '#'; write FILE.toml#NAME or leave "
                         "out the '#'")
    if args.variant and args.variant != name:
        raise InputError(f"{path} names variant {name!r} but --variant is {args.variant!r}; "
                         f"give the variant once (to apply both in order: {file}#"
                         f"{name}+{args.variant})")
    args.scenario, args.variant = Path(file), name


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    given = _glued_negatives(sys.argv[1:] if argv is None else list(argv))
    for each in (parser, *(c for a in parser._actions  # (a subcommand's parser reports too)
                           if isinstance(a, argparse._SubParsersAction)
                           for c in a.choices.values())):
        each.argv = given
    args = parser.parse_args(given)
    level = logging.WARNING - 10 * args.verbose if not args.quiet else logging.ERROR
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")  # (whatever filters the caller set: never an error)
            warnings.showwarning = _log_warning
            _variant_in_path(args)
            return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"planner: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except InfeasibleError as exc:
        print(f"planner: infeasible: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("planner: interrupted; previous outputs are intact", file=sys.stderr)
        return 130
    except PlannerError as exc:
        print(f"planner: failed: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:
        if args.verbose:
            raise
        print(
            f"planner: unexpected failure: {type(exc).__name__}: {one_line(str(exc))} "
            "(rerun with -v for the traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
