"""What the commands of :mod:`planner.cli` share (internal).

The exit codes, the scenario a command reads from its arguments (``--set``, ``--variant``,
every missing data file named at once), the output folder checked before solving, progress
bars, the one line a plan prints and the warning of a title naming another budget.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner._lang import texts

#: The one line a plan prints, per language (see :mod:`planner._lang`); the tables the commands
#: print are headed in it too (planner.workbook.on_screen); errors stay English (the README's
#: catalogue)
_TEXT = texts(__name__, {
    "en": {
        "plan line": "{scenario}: {new} {new_words} + {existing} {existing_word} cameras{gone}, "
                     "spent {spent} of {budget} SEK, covered {after}{when} (before {before}), "
                     "{status} (gap {gap}{stopped})",
        # (planner evaluate: the cameras of a file scored as they are, nothing optimised)
        "evaluated line": "{scenario}: {new} {new_words} + {existing} {existing_word} "
                          "cameras{gone}, costing {spent} of {budget} SEK, covered {after}{when} "
                          "(before {before}), scored as given (not optimised)",
        # (a night plan's share, and the evening plan's weighted one beside its day and night:
        # "covered 10.4 %" had stood beside a day plan's 17.8 % as the same measure)
        "when:night": " at night",
        "when:mixed": " weighted by day and at night (by day {day}, at night {night})",
        # (above a sweep's or a rollout's table: its covered share had stood under a day
        # plan's words)
        "table:night": "The coverage below is at night (IR range); covered_share_day is the "
                       "same cameras by day, as they stand.",
        # (a day sweep's or rollout's cameras at night, beside: what the column is)
        "table:day": "covered_share_night is the same cameras at night (IR range), as they "
                     "stand: the plans are made for the day.",
        "table:mixed": "The coverage below is by day and at night weighted ({day} by day, "
                       "{night} at night), then by day and at night apart.",
        "time limit": ", stopped by the time limit",
        "new:one": "new", "new:many": "new", "existing:one": "existing",
        "existing:many": "existing",
    },
    "sv": {
        "plan line": "{scenario}: {new} {new_words} + {existing} {existing_word}{gone}, använt "
                     "{spent} av {budget} kr, täckt {after}{when} (före {before}), {status} "
                     "(optimalitetsgap {gap}{stopped})",
        "evaluated line": "{scenario}: {new} {new_words} + {existing} {existing_word}{gone}, "
                          "kostar {spent} av {budget} kr, täckt {after}{when} (före {before}), "
                          "bedömd som given (inte optimerad)",
        "when:night": " nattetid",
        "when:mixed": " dag och natt viktade (dagtid {day}, nattetid {night})",
        "table:night": "Täckningen nedan gäller nattetid (IR-räckvidd); täckt andel dagtid "
                       "är samma kameror dagtid, som de står.",
        "table:day": "Täckt andel nattetid är samma kameror nattetid (IR-räckvidd), som de "
                     "står: planerna är gjorda för dagtid.",
        "table:mixed": "Täckningen nedan är dag och natt viktad ({day} dagtid, {night} "
                       "nattetid), sedan dagtid och nattetid var för sig.",
        "time limit": ", stoppad av tidsgränsen",
        "new:one": "ny kamera", "new:many": "nya kameror",  # ("1 nya + 1 befintliga kameror")
        "existing:one": "befintlig", "existing:many": "befintliga",
    },
})

log = logging.getLogger("planner")

EXIT_OK, EXIT_FAILURE, EXIT_INPUT = 0, 1, 2


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


def _scored_as_given(prepared: Any, scenario: Any, cameras: Path) -> Any:
    """The plan of the cameras in the file ``cameras``, scored under ``scenario`` as they are.

    ``planner evaluate --cameras`` and ``compare --cameras-a/-b``: each rule the cameras break is
    warned of (in English, as the console's other warnings, naming the file) and noted in the
    plan, which is still made.
    """
    from planner._plan_evaluate import evaluated
    from planner._plan_given import read_given_cameras

    plan, broken = evaluated(prepared, read_given_cameras(cameras, prepared,
                                                          where=str(cameras)), scenario)
    for note in broken:
        log.warning("%s: %s", cameras, note.text("en"))
    return plan


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


def _plan_line(s: dict[str, Any], cameras: Any = None, name: str | None = None) -> str:
    """One line on a plan: cameras, money, covered share, status and gap (in its language).

    ``cameras``: the plan's, to tell an existing camera replaced from one taken down. ``name``:
    what the line calls the plan (default its scenario's name; ``compare`` gives the names its
    report.md and compare.html give, :func:`planner._map_panels.compared_names`).

    Swedish numbers keep a plain space between thousands here (``console=True``: a terminal or
    a redirected Windows console in cp1252 cannot write the reports' narrow no-break space).
    """
    from planner import _lang
    from planner._day_night import summary_night_share
    from planner._existing_text import existing_gone

    language = _lang.language_of(s)
    t = _lang.pick(_TEXT, language)
    number = functools.partial(_lang.number, digits=0, language=language, console=True)
    percent = functools.partial(_lang.percent, language=language, console=True)
    # (the existing cameras the scenario replaces or takes down, as the map's panel says them)
    gone = existing_gone(s, language, cameras=cameras, console=True)
    share = summary_night_share(s)
    when = ("" if not share else t["when:night"] if share == 1 else t["when:mixed"].format(
        day=percent(s["covered_share_day"], 1), night=percent(s["covered_share_night"], 1)))
    evaluated = s.get("status") == "evaluated"  # (no bound, no gap: nothing was optimised)
    return t["evaluated line" if evaluated else "plan line"].format(
        when=when,
        gone=f" ({gone})" if gone else "",
        scenario=s["scenario"] if name is None else name, new=s["n_cameras_new"], existing=s["n_cameras_existing"],
        new_words=t["new:one" if s["n_cameras_new"] == 1 else "new:many"],
        existing_word=t["existing:one" if s["n_cameras_existing"] == 1 else "existing:many"],
        spent=number(s["spent_sek"]), budget=number(s["budget_sek"]),
        after=percent(s["covered_share"], 1), before=percent(s["covered_share_before"], 1),
        status=_lang.status(str(s["status"]), language),
        gap="" if evaluated else percent(s["gap"], 2),
        stopped=t["time limit"] if s.get("stopped_by") == "time limit" else "")


def _warn_budget_text(*scenarios: Any) -> None:
    """Warn where a scenario's title or description names an amount other than its budget.

    Each line once (``compare``: one scenario on both sides warns once).
    """
    from planner._budget_text import budget_mismatches

    for line in dict.fromkeys(line for sc in scenarios for line in budget_mismatches(sc)):
        log.warning("%s", line)


def table_when(scenario: Any) -> str:
    """The line above a sweep's or a rollout's table saying when its coverage holds.

    A night plan's at night, a plan of ``coverage.night_share`` weighted (its columns by day and
    at night beside); by day, what the column at night beside is (the same cameras as they
    stand), as ``planner plan``'s line says nothing of the day itself.
    """
    from planner import _lang
    from planner._day_night import mixed, night_share

    t = _lang.pick(_TEXT, scenario.language)
    if scenario.coverage.night:
        return t["table:night"]
    if not mixed(scenario):
        return t["table:day"]
    share = night_share(scenario)
    return t["table:mixed"].format(
        day=_lang.percent(1 - share, 0, scenario.language, console=True),
        night=_lang.percent(share, 0, scenario.language, console=True))
