"""The ``planner`` command.

Exit codes: 0 success, 1 unexpected failure (a bug: please report it with the traceback shown
by ``-v``), 2 bad input (a one-line message naming the file, feature or key and the fix),
also for an infeasible scenario (no plan meets its requirements; the message names the requirement).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner.errors import InfeasibleError, InputError, PlannerError, one_line

log = logging.getLogger("planner")

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT, f"planner: error: {message}; see 'planner --help'\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="planner", description="Plan public safety cameras within a budget.")
    p.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars, only errors")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def scenario_args(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("scenario", type=Path, help="scenario TOML file")
        sp.add_argument(
            "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
            help="override a scenario key, e.g. --set budget.total_sek=6000000 (repeatable)",
        )
        sp.add_argument("--variant", help="use the named [variants.NAME] of the scenario")

    sp = sub.add_parser("plan", help="solve a scenario and write map, tables and summary")
    scenario_args(sp)
    sp.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    sp.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")

    sv = sub.add_parser("validate", help="check a scenario and its layers without solving")
    scenario_args(sv)
    return p


def _scenario(args: argparse.Namespace) -> Any:
    from planner.scenario import load_scenario, parse_override

    overrides = dict(parse_override(o) for o in args.overrides)
    scenario = load_scenario(args.scenario, overrides=overrides)
    if args.variant:
        scenario = scenario.variant(args.variant)
    return scenario


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
    progress, close = _progress(args.quiet)
    try:
        result = plan(scenario, progress=progress)
    finally:
        close()
    write_plan(result, args.out, offline=args.offline)
    s = result.summary
    if not args.quiet:
        print(
            f"{s['scenario']}: {s['n_cameras_new']} new + {s['n_cameras_existing']} existing cameras, "
            f"spent {s['spent_sek']:,.0f} of {s['budget_sek']:,.0f} SEK, covered "
            f"{100 * s['covered_share']:.1f} % (before {100 * s['covered_share_before']:.1f} %), "
            f"{s['status']} (gap {100 * s['gap']:.2f} %) -> {args.out}"
        )
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a scenario and its layers without solving."""
    from planner.plan import load_inputs

    scenario = _scenario(args)
    inputs = load_inputs(scenario)
    if not args.quiet:
        print(
            f"{scenario.source}: ok: {len(inputs.areas)} areas ({len(inputs.planned_areas)} planned), "
            f"{len(inputs.sites)} sites, {len(inputs.buildings)} buildings, "
            f"{len(inputs.privacy_zones)} privacy zones, {len(inputs.catalogue)} camera models"
        )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": cmd_plan,
    "validate": cmd_validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    level = logging.WARNING - 10 * args.verbose if not args.quiet else logging.ERROR
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")
    try:
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
