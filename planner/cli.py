"""The ``planner`` command.

Exit codes: 0 success, 1 unexpected failure (a bug: please report it with the traceback shown
by ``-v``), 2 bad input (a one-line message naming the file, feature or key and the fix),
also for an infeasible scenario (no plan meets its requirements; the message names the requirement).

The arguments are parsed in :mod:`planner._cli_parser`; what the commands share (exit codes, the
scenario read from the arguments, the plan line) is in :mod:`planner._cli_common`; ``sweep``,
``rollout`` and ``compare`` are in :mod:`planner._cli_multi`.
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
    _scored_as_given,
    _warn_budget_text,
    log,
)
from planner._cli_multi import cmd_compare, cmd_rollout, cmd_sweep
from planner._cli_parser import _glued_negatives, _parser
from planner.errors import InfeasibleError, InputError, NoPlanInTimeError, PlannerError, one_line


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
    write_plan(result, args.out, offline=args.offline, drawings=args.drawings,
               camera_sheets=args.camera_sheets)
    if not args.quiet:
        print(f"{_plan_line(result.summary, result.cameras)} -> {args.out}")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score the cameras of a file under a scenario, as they are, and write its outputs."""
    from planner.plan import prepare
    from planner.report import write_plan

    scenario = _scenario(args)
    _check_out(args.out, scenario)
    if args.cameras.resolve() == args.out.resolve() or args.out.resolve() in (
            args.cameras.resolve().parents):
        raise InputError(f"--out {args.out}: holds the cameras file {args.cameras}, which the "
                         "output folder would replace; write to another folder")
    progress, close = _progress(args.quiet)
    try:
        prepared = prepare(scenario, progress=progress)
    finally:
        close()
    result = _scored_as_given(prepared, scenario, args.cameras)
    write_plan(result, args.out, offline=args.offline, drawings=args.drawings,
               camera_sheets=args.camera_sheets)
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
                # (a variant's own budget as read: "budget 8,000,000 SEK" had been the base's
                # alone, a variant's "6 mkr" answered "ok" with no word of what it was read as)
                checked.append(name if variant.budget.total_sek == scenario.budget.total_sek
                               else f"{name} (budget {variant.budget.total_sek:,.0f} SEK)")
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
            # (the amount as read: "8 mkr" had been answered "ok" with no word of 8,000,000)
            + f"; budget {scenario.budget.total_sek:,.0f} SEK"
            # (the factors as read: an area weighted more is the question the scenario asks)
            + ("; area factors (demand.area_factors) " + ", ".join(
                f"{area} × {factor:g}" for area, factor in factors.items())
               if (factors := scenario.demand.area_factors) else "")
            + (f"; variants {', '.join(checked)} ok" if checked else "")
        )
    return EXIT_OK


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
        done = import_deso(args.deso, args.stats, args.out, kommun=args.kommun,
                           source=args.figures_source)
    if not args.quiet:
        print(done)
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": cmd_plan,
    "evaluate": cmd_evaluate,
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
    except NoPlanInTimeError as exc:  # (a setting to change, not a bug)
        print(f"planner: no plan: {one_line(str(exc))}", file=sys.stderr)
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
