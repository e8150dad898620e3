"""Two plans that count the night differently, their areas measured alike (internal).

A day plan's areas are covered by day, an evening plan's by day and at night weighted: the
comparison's area table sets two measures side by side, which its caveat says (every area of
Katrineholm's evening plan had read as losing against the day plan). :func:`measured_alike`
scores each plan's cameras as the other plan counts them (:func:`planner.plan.evaluate`), so
that each area compares the two sets of cameras in one measure, once as A counts and once as B
does; :func:`alike_lines` is the comparison report's section of them and :func:`alike_sheets`
its workbook's sheets.

A plan's cameras are its own existing cameras too: an existing camera a plan takes down or
replaces (``constraints.remove_existing``, ``replace_existing``) is not among its cameras in
either measure, and one it keeps is (the measure is the other scenario's, the cameras the
plan's). :func:`planner.plan.evaluate` gives a plan the existing cameras of the scenario it
scores under: B's cameras as A counts had included the camera B takes down, and A's as B counts
had lacked the one A keeps, so an area that loses the camera read as covered the same.

A side evaluate refuses, with one of the planner's own errors (:class:`~planner.errors.
PlannerError`: a rule of the other scenario excludes a camera, the cameras are not options of
the other preparation, its data differ), is not measured and the report says why; any other
exception is a fault of the program and ends the comparison.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner._compare_sections import _when
from planner._day_night import different_periods, summary_night_share
from planner._lang import pick
from planner._plan_types import Plan
from planner.errors import PlannerError

log = logging.getLogger(__name__)

_TEXT = {
    "en": {
        "heading": "## The areas measured alike",
        "intro": ("A and B count the night differently, so each area's change above is between "
                  "two measures. Below, both plans' cameras are counted the same way, once as A "
                  "counts them and once as B does (the other plan's cameras scored as they "
                  "stand, not planned for that measure{files})."),
        "measure": "### Counted as {side} counts: {when}",
        "count": ("{up} of {n} areas are covered more by B's cameras, {down} less, {same} the "
                  "same; the largest changes each way:"),
        "same": "Every area is covered the same by both plans' cameras.",
        "existing": ("Each plan's cameras are counted with the existing cameras it keeps and "
                     "without those it takes down or replaces (constraints.remove_existing, "
                     "replace_existing), in either measure."),
        "missing": "As {side} counts: not measured ({why}).",
        "excluded": "{side}'s rules ({keys}) exclude {other}'s camera(s) {cameras}",
        "absent": "{other}'s camera(s) {cameras} are not options of {side}'s scenario",
        "error": "{other}'s cameras could not be scored as {side} counts: {cameras}",
        "sheet": "Areas as {side} counts",
    },
    "sv": {
        "heading": "## Områdena mätta på samma sätt",
        "intro": ("A och B räknar natten olika, så varje områdes ändring ovan är mellan två "
                  "mått. Nedan räknas båda planernas kameror på samma sätt, en gång som A räknar "
                  "och en gång som B (den andra planens kameror bedömda som de står, inte "
                  "planerade för det måttet{files})."),
        "measure": "### Räknat som {side} räknar: {when}",
        "count": ("{up} av {n} områden täcks mer av B:s kameror, {down} mindre, {same} lika; "
                  "de största ändringarna åt vardera hållet:"),
        "same": "Varje område täcks lika av båda planernas kameror.",
        "existing": ("Varje plans kameror räknas med de befintliga kameror den behåller och "
                     "utan dem den tar ned eller ersätter (constraints.remove_existing, "
                     "replace_existing), i båda måtten."),
        "missing": "Som {side} räknar: inte mätt ({why}).",
        "excluded": "{side}:s regler ({keys}) utesluter {other}:s kamera(or) {cameras}",
        "absent": "{other}:s kamera(or) {cameras} är inte alternativ i {side}:s scenario",
        "error": "{other}:s kameror kunde inte bedömas som {side} räknar: {cameras}",
        "sheet": "Områden som {side} räknar",
    },
}


@dataclass(frozen=True)
class Alike:
    """Both plans' cameras counted as ``side`` counts (``a``, ``b``), or why they are not."""

    side: str
    night_share: float
    a: Plan | None
    b: Plan | None
    #: why not measured: ``("excluded", keys, cameras)``, ``("absent", "", cameras)`` or
    #: ``("error", "", message)`` (another of evaluate's errors, in its words without the path)
    why: tuple[str, str, str] = ("", "", "")
    #: per area both plans' cameras in this measure (:func:`~planner.compare.area_difference`)
    table: pd.DataFrame | None = None
    #: the other plan's existing cameras differ from this scenario's (it takes down or replaces
    #: others): scored with its own
    own_existing: bool = False


def measured_alike(prepared_a: Any, prepared_b: Any, a: Plan, b: Plan,
                   scenarios: Sequence[Any]) -> list[Alike]:
    """Each plan's cameras scored as the other plan counts them (where the night differs).

    ``[]`` where the two count the night alike.
    ``prepared_a`` and ``prepared_b``: the preparations the plans were solved from (one object
    where they share it), ``scenarios``: A's and B's. Each plan's cameras are scored with its
    own existing cameras: those it takes down or replaces left out, those it keeps in
    (:func:`_their_existing`). A plan whose cameras the other scenario cannot score (another
    sites layer, a rule that excludes one of them: a :class:`~planner.errors.PlannerError` of
    :func:`~planner.plan.evaluate`) is left out with the reason, in one line; other exceptions
    (a fault of the program) are not caught.
    """
    from planner.compare import area_difference
    from planner.plan import evaluate

    if not different_periods(a.summary, b.summary):
        return []
    out = []
    for side, prepared, scenario, theirs, own, other in (
            ("A", prepared_a, scenarios[0], scenarios[1], a, b),
            ("B", prepared_b, scenarios[1], scenarios[0], b, a)):
        share = summary_night_share(own.summary) or 0.0
        counted = _their_existing(prepared, scenario, theirs)
        try:
            measured = evaluate(prepared, other, counted)
        except PlannerError as exc:  # (the planner's own refusals; a fault of the program ends it)
            log.warning("the areas as %s counts are not measured: %s", side, exc)
            out.append(Alike(side, share, None, None, _why(str(exc), scenario.source),
                             own_existing=counted is not scenario))
            continue
        pair = (own, measured) if side == "A" else (measured, own)
        out.append(Alike(side, share, *pair, table=area_difference(*pair),
                         own_existing=counted is not scenario))
    return out


_EXISTING_RULES = ("remove_existing", "replace_existing")


def _their_existing(prepared: Any, scenario: Any, theirs: Any) -> Any:
    """``scenario`` (its measure and rules) with the existing cameras of the plan of ``theirs``.

    The mounts ``theirs`` takes down or replaces (``constraints.remove_existing``,
    ``replace_existing``) that hold an existing camera in ``prepared`` in place of
    ``scenario``'s own; ``scenario`` itself where they are the same.
    """
    held = set(prepared.options.loc[prepared.existing, "site_id"].astype(str))
    rules = {key: [site for site in getattr(theirs.constraints, key) if str(site) in held]
             for key in _EXISTING_RULES}
    if all(rules[key] == list(getattr(scenario.constraints, key)) for key in _EXISTING_RULES):
        return scenario
    return scenario.with_overrides({f"constraints.{key}": sites for key, sites in rules.items()})


def _why(message: str, source: Any = None) -> tuple[str, str, str]:
    """:func:`~planner.plan.evaluate`'s refusal as the report words it, in either language.

    Without the scenario's path (a machine path in a memo) and the advice to the library's
    caller: which rules exclude which cameras, or which cameras the scenario lacks. Another
    error (``"error"``) is given as its message, without ``source``, the scenario's path, before
    it (it had read "are not options of B's scenario" naming the cameras "?").
    """
    import re

    def labels(text: str) -> str:  # ("C001 (dome at lamp-1, 90°); C002 (...) …": the labels)
        # (and the "…" of a message naming only the first three: five had read as three)
        more = " …" if text.rstrip().endswith("…") else ""
        return ", ".join(item.split(" (", 1)[0].strip() for item in text.split("; ")) + more

    found = re.search(r"excluded by the scenario's (.+?): (.+?); drop them", message)
    if found:
        return "excluded", found.group(1), labels(found.group(2))
    found = re.search(r"are not options of this preparation: (.+) \(its coverage", message)
    if found:
        return "absent", "", labels(found.group(1))
    return "error", "", message.removeprefix(f"{source}: ") if source else message


def alike_lines(alikes: Sequence[Alike], language: str) -> list[str]:
    """The comparison report's section: per measure the areas whose share changes most."""
    from planner._compare_report import most_changed, share_change_table

    if not alikes:
        return []
    t = pick(_TEXT, language)
    # (the files written: a side not measured has none, which the intro had named)
    files = ", ".join(f"`areas_as_{alike.side.lower()}.csv`" for alike in alikes
                      if alike.a is not None)
    lines = [t["heading"], "", t["intro"].format(files=f"; {files}" if files else "")
             + (f" {t['existing']}" if any(alike.own_existing for alike in alikes) else "")]
    for alike in alikes:
        lines += ["", t["measure"].format(side=alike.side,
                                          when=_when(alike.night_share, language).replace(
                                              "`", "")), ""]
        if alike.a is None:
            kind, keys, cameras = alike.why
            other = "B" if alike.side == "A" else "A"
            why = t[kind].format(side=alike.side, other=other, keys=keys, cameras=cameras)
            lines.append(t["missing"].format(side=alike.side, why=why))
            continue
        assert alike.table is not None
        change, shown = most_changed(alike.table)
        if not (change != 0).any():
            lines.append(t["same"])
            continue
        lines += [t["count"].format(n=len(alike.table), up=int((change > 0).sum()),
                                    down=int((change < 0).sum()),
                                    same=int((change == 0).sum())), "",
                  share_change_table(shown, language)]
    return lines


def alike_sheets(alikes: Sequence[Alike], language: str) -> list[tuple[str, pd.DataFrame]]:
    """``compare.xlsx``'s sheets of the areas measured alike, one per measure that has one."""
    from planner.compare import _in_points
    from planner.io import tidy_numbers
    from planner.workbook import headers

    t = pick(_TEXT, language)
    return [(t["sheet"].format(side=alike.side),
             headers(_in_points(tidy_numbers(alike.table)), language))
            for alike in alikes if alike.table is not None]
