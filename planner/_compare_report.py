"""A comparison's ``report.md``: what was compared, the objectives, cost, areas and cameras.

For a board memo: each section is built from the comparison's own tables
(:func:`planner.compare.objective_table`, :func:`~planner.compare.area_difference`,
:func:`~planner.compare.camera_changes`), so ``report.md`` says what ``difference.csv``,
``areas.csv`` and ``cameras.csv`` hold, in the plans' language (plan A's, as ``compare.html``).
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from planner import _lang
from planner._cost_text import vat_words
from planner._lang import counted, language_of, pick, texts
from planner._map_diff import TEXT as _DIFF_TEXT
from planner._map_diff import _signed, _signed_pp, objective_difference
from planner._plan_problem import as_given
from planner._plan_types import Plan
from planner._report_markdown import _md_table
from planner.compare import (
    _in_points,
    area_difference,
    camera_changes,
    change_kinds,
    change_words,
    difference_conclusion,
    objective_table,
)
from planner.report import _orientation, camera_table, md_text, privacy_seen

#: How many areas the report names each way, those whose covered share grows and falls most.
MOST_CHANGED_AREAS = 5
#: How many cameras of each change (added, removed, moved) the report's table lists, the first
#: in ``cameras.csv``'s order (which has them all): every kind shows, however many are added.
MAX_CAMERA_ROWS = 8
#: How many differing settings the report names (``summary.json`` has them all).
MAX_SETTINGS = 10
#: Settings the report shows otherwise (the titles and names) or not at all.
_NOT_COMPARED = ("name", "title", "description")

_TEXT = texts("compare_report", {
    "en": {
        "title": "# Comparison of two camera plans",
        "plan": "- {side}: {title} (scenario {scenario})",
        "settings": "- Settings that differ: {settings}",
        "setting": "`{key}` {a} (A), {b} (B)",
        "more settings": "; and {n} more (`settings` in each plan's summary.json)",
        "same settings": "- The two plans' settings are the same.",
        "inputs": "- Data files that differ: {files}",
        "input": "`data.{key}` {a} (A), {b} (B)",
        "input content": "`data.{key}` {file}, other content (SHA-256 {a}… (A), {b}… (B))",
        "files": "- Each plan in full, with its own report.md and map: `a/` and `b/`; the two maps "
                 "side by side: `compare.html`; the tables below in full: `difference.csv`, "
                 "`areas.csv`, `cameras.csv` and `compare.xlsx`.",
        "objective heading": "## Objective",
        "objective intro": "The objective is the weighted coverage of the planned areas' "
                           "public space, privacy penalties included; the proven bound is the "
                           "most any plan of that scenario can reach.",
        "objective": "Objective",
        "bound": "Proven bound",
        "gap": "Optimality gap",
        "status": "Status",
        "stopped": "Search ended",
        "change": "- B − A, of the two plans found: {change} ({pct} of A's objective)",
        "range": "- Best possible B − best possible A, proven range: {low} to {high} "
                 "({low_pct} to {high_pct} of A's objective): {established}",
        "established": "established",
        "not established": "not established",
        "no objective": "- The plans have no objective and proven bound (made by hand): "
                        "the difference is not established.",
        "cost heading": "## Cost and cameras",
        "difference": "B − A",
        "budget": "Budget (SEK)",
        "budget vat": "Budget (SEK, {vat})",
        "spent": "Spent (SEK)",
        "investment": "Investment (SEK)",
        "yearly": "Running costs a year (SEK)",
        "existing yearly": "Running costs a year of the existing cameras (SEK, paid by their "
                           "owners, not by this budget)",
        # (the municipality's own existing cameras, sites' existing_owner = surveillance.operator)
        "existing yearly own": "of which the municipality's own (SEK, paid by it, not by this "
                               "budget)",
        "new": "New cameras",
        "existing": "Existing cameras",
        "share": "Covered share (graded)",
        "population": "Covered population (graded)",
        "privacy cameras": "New cameras that see a privacy zone at {level} level or better",
        "privacy m2": "Privacy zones they see at that level (m², summed over the cameras)",
        "privacy facades": "Residential façades the new cameras see at that level (summed "
                           "over the cameras)",
        "privacy levels": "{a} (A), {b} (B)",
        "areas heading": "## Areas whose covered share changes most",
        "areas count": "Areas: {up} with a higher covered share in B, {down} with a lower, "
                       "{same} with the same (of {n}{only}). The largest gains and losses, at "
                       "most {most} of each, in percentage points (B − A); `areas.csv` and "
                       "`compare.xlsx` have every area:",
        "only one": "; {n} planned in one plan only",
        "areas same": "No area's covered share changes.",
        "cameras heading": "## Cameras",
        "cameras count": "{counts}; {unchanged} {unchanged_word}.",
        "unchanged_one": "unchanged",
        "unchanged_many": "unchanged",
        # (the existing cameras among the removed and added: taken down by
        # constraints.remove_existing in B, or in A)
        "taken down_one": "of which {n} existing camera taken down",
        "taken down_many": "of which {n} existing cameras taken down",
        "not taken down_one": "of which {n} existing camera not taken down",
        "not taken down_many": "of which {n} existing cameras not taken down",
        # (and those B replaces, constraints.replace_existing: a new camera may go on the mount)
        "replaced_one": "of which {n} existing camera replaced",
        "replaced_many": "of which {n} existing cameras replaced",
        # (both among the removed: "(of which 3 ... taken down and 3 replaced)")
        "and replaced_one": " and {n} replaced",
        "and replaced_many": " and {n} replaced",
        # (one A replaces and B keeps: "not taken down" had said A took it down)
        "not replaced_one": "of which {n} existing camera not replaced",
        "not replaced_many": "of which {n} existing cameras not replaced",
        "and not replaced_one": " and {n} not replaced",
        "and not replaced_many": " and {n} not replaced",
        "cameras intro": "A moved camera stays on its mount with another model or direction. "
                         "Each camera is named as in its own plan's report.md (A's in `a/`, "
                         "B's in `b/`): each plan numbers its cameras itself. Directions are "
                         "from true north.",
        "cameras shown": "Shown: {shown} of the {n} changes, at most {most} of each kind "
                         "and every camera on a mount a scenario requires or existing camera "
                         "a plan takes down; "
                         "`cameras.csv` and `compare.xlsx` list them all.",
        "cameras none": "No camera changes.",
        "not a subset": "Each plan is the best found for its own budget, so the plan of {small} "
                        "SEK is not the plan of {large} SEK with cameras taken away: {n} of its "
                        "{total} new cameras {verb} not in that plan (other mounts, models or "
                        "directions). Which of the larger plan's cameras to keep within the "
                        "smaller budget is stage 1 of `{command}`.",
        # ("1 of its 3 new cameras are" had been written)
        "not a subset verb_one": "is", "not a subset verb_many": "are",
        # (where A and B are not one scenario as given: which SCENARIO stands for)
        "rollout scenario": " `SCENARIO` stands for A's `{a}` or B's `{b}`: the two plans were "
                            "not given as one scenario.",
    },
    "sv": {
        "title": "# Jämförelse av två kameraplaner",
        "plan": "- {side}: {title} (scenario {scenario})",
        "settings": "- Inställningar som skiljer sig åt: {settings}",
        "setting": "`{key}` {a} (A), {b} (B)",
        "more settings": "; och {n} till (`settings` i varje plans summary.json)",
        "same settings": "- De två planernas inställningar är desamma.",
        "inputs": "- Datafiler som skiljer sig åt: {files}",
        "input": "`data.{key}` {a} (A), {b} (B)",
        "input content": "`data.{key}` {file}, annat innehåll (SHA-256 {a}… (A), {b}… (B))",
        "files": "- Varje plan i sin helhet, med egen report.md och karta: `a/` och `b/`; de två "
                 "kartorna sida vid sida: `compare.html`; tabellerna nedan i sin helhet: "
                 "`difference.csv`, `areas.csv`, `cameras.csv` och `compare.xlsx`.",
        "objective heading": "## Målfunktionsvärde",
        "objective intro": "Målfunktionsvärdet är den viktade täckningen av de planerade "
                           "områdenas offentliga miljö, integritetsavdrag inräknade; den bevisade "
                           "övre gränsen är det mesta som någon plan för scenariot kan nå.",
        "objective": "Målfunktionsvärde",
        "bound": "Bevisad övre gräns",
        "gap": "Optimalitetsgap",
        "status": "Status",
        "stopped": "Sökningen avslutades",
        "change": "- B − A, för de två funna planerna: {change} ({pct} av A:s "
                  "målfunktionsvärde)",
        "range": "- Bästa möjliga B − bästa möjliga A, bevisat intervall: {low} till {high} "
                 "({low_pct} till {high_pct} av A:s målfunktionsvärde): {established}",
        "established": "fastställd",
        "not established": "inte fastställd",
        "no objective": "- Planerna saknar målfunktionsvärde och bevisad övre gräns (gjorda för "
                        "hand): skillnaden är inte fastställd.",
        "cost heading": "## Kostnad och kameror",
        "difference": "B − A",
        "budget": "Budget (kr)",
        "budget vat": "Budget (kr, {vat})",
        "spent": "Använt (kr)",
        "investment": "Investering (kr)",
        "yearly": "Driftkostnader per år (kr)",
        "existing yearly": "Driftkostnader per år för de befintliga kamerorna (kr, betalas av "
                           "kamerornas ägare, ingår inte i budgeten)",
        "existing yearly own": "varav kommunens egna (kr, betalas av kommunen, ingår inte i "
                               "budgeten)",
        "new": "Nya kameror",
        "existing": "Befintliga kameror",
        "share": "Täckt andel (graderad)",
        "population": "Täckt befolkning (graderad)",
        "privacy cameras": "Nya kameror som ser en integritetszon på nivån {level} eller bättre",
        "privacy m2": "Integritetszoner som de ser på den nivån (m², summerat över kamerorna)",
        "privacy facades": "Bostadsfasader som de nya kamerorna ser på den nivån (summerat "
                           "över kamerorna)",
        "privacy levels": "{a} (A), {b} (B)",
        "areas heading": "## Områden vars täckta andel ändras mest",
        "areas count": "Områden: {up} med högre täckt andel i B, {down} med lägre, {same} med "
                       "oförändrad andel (av {n}{only}). De största ökningarna och minskningarna, "
                       "högst {most} av vardera, i procentenheter (B − A); `areas.csv` och "
                       "`compare.xlsx` har alla områden:",
        "only one": "; {n} planeras bara i den ena planen",
        "areas same": "Inget områdes täckta andel ändras.",
        "cameras heading": "## Kameror",
        "cameras count": "{counts}; {unchanged} {unchanged_word}.",
        "unchanged_one": "oförändrad",
        "unchanged_many": "oförändrade",
        "taken down_one": "varav {n} befintlig kamera nedtagen",
        "taken down_many": "varav {n} befintliga kameror nedtagna",
        "not taken down_one": "varav {n} befintlig kamera inte nedtagen",
        "not taken down_many": "varav {n} befintliga kameror inte nedtagna",
        "replaced_one": "varav {n} befintlig kamera ersatt",
        "replaced_many": "varav {n} befintliga kameror ersatta",
        "and replaced_one": " och {n} ersatt",
        "and replaced_many": " och {n} ersatta",
        "not replaced_one": "varav {n} befintlig kamera inte ersatt",
        "not replaced_many": "varav {n} befintliga kameror inte ersatta",
        "and not replaced_one": " och {n} inte ersatt",
        "and not replaced_many": " och {n} inte ersatta",
        "cameras intro": "En ändrad kamera sitter kvar på sin monteringsplats med en annan modell "
                         "eller riktning. Varje kamera har samma namn som i sin egen plans "
                         "report.md (A:s i `a/`, B:s i `b/`): varje plan numrerar sina kameror "
                         "själv. Riktningarna är från geografisk nord.",
        "cameras shown": "Visas: {shown} av de {n} ändringarna, högst {most} av varje slag "
                         "och varje kamera på en monteringsplats som ett scenario kräver eller "
                         "befintlig kamera som en plan tar ned; "
                         "`cameras.csv` och `compare.xlsx` listar alla.",
        "cameras none": "Inga kameror ändras.",
        "not a subset": "Varje plan är den bästa som hittats för sin egen budget, så planen för "
                        "{small} kr är inte planen för {large} kr med kameror borttagna: {n} av "
                        "dess {total} nya kameror {verb} inte i den planen (andra "
                        "monteringsplatser, modeller eller riktningar). Vilka av den större "
                        "planens kameror som ska behållas inom den mindre budgeten är etapp 1 i "
                        "`{command}`.",
        "not a subset verb_one": "finns", "not a subset verb_many": "finns",
        "rollout scenario": " `SCENARIO` står för A:s `{a}` eller B:s `{b}`: de två planerna "
                            "gavs inte som ett och samma scenario.",
    },
})


def comparison_markdown(a: Plan, b: Plan, *, shared_sets: Sequence[str] = (),
                        refs: Sequence[str] = ()) -> str:
    """The comparison's ``report.md``, in plan A's language (as ``compare.html``).

    What was compared (titles, scenarios and the settings that differ), each plan's objective
    with its proven bound, gap and status and the proven range of B − A (``difference.csv``),
    cost and camera counts, the areas whose covered share changes most (``areas.csv``) and the
    cameras added, removed and moved (``cameras.csv``). ``shared_sets``: the ``KEY=VALUE``
    overrides both plans were planned with, as given (``compare --set``, or the same value by
    ``--set-a`` and ``--set-b``), which the rollout command the report suggests carries;
    ``refs``: A's and B's scenarios as the command line gave them (``FILE.toml#NAME``), the
    command's scenario where they are one (else it says ``SCENARIO``).
    """
    language = language_of(a.summary, b.summary)
    sections = [_compared_lines(a, b, language), _objective_lines(a, b, language),
                _cost_lines(a, b, language), _area_lines(a, b, language),
                _camera_lines(a, b, language, shared_sets, refs)]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def _compared_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """The title, the two plans by title and scenario, and the settings that differ."""
    t = pick(_TEXT, language)
    lines = [t["title"], ""]
    for side, plan in (("A", a), ("B", b)):
        s = plan.summary
        lines.append(t["plan"].format(side=side, title=md_text(s.get("title") or s["scenario"]),
                                      scenario=md_text(s["scenario"])))
    changed = _setting_changes(a.summary.get("settings") or {}, b.summary.get("settings") or {},
                               language)
    if changed:
        shown = "; ".join(t["setting"].format(key=key, a=md_text(va), b=md_text(vb))
                          for key, va, vb in changed[:MAX_SETTINGS])
        more = (t["more settings"].format(n=len(changed) - MAX_SETTINGS)
                if len(changed) > MAX_SETTINGS else "")
        lines.append(t["settings"].format(settings=shown + more))
    else:
        lines.append(t["same settings"])
    files = _input_changes(a.summary.get("inputs") or {}, b.summary.get("inputs") or {},
                           language)
    if files:
        lines.append(t["inputs"].format(files="; ".join(files)))
    lines.append(t["files"])
    return lines


def _input_changes(a: Mapping[str, Any], b: Mapping[str, Any], language: str) -> list[str]:
    """The data files (``summary.json``'s ``inputs``) whose content differs, named by path.

    Where the path is the same, by the start of each SHA-256.

    ``settings`` holds no data paths, so a plan of a copy of the sites layer without one
    existing camera (``--set-b data.sites=...``) had been reported as "the two plans' settings
    are the same". ``–`` where a plan has no such file. The same bytes under another path are
    the same data: each plan gives its paths from its own scenario's folder, and two scenarios
    in two folders reading one file had been said to differ in every data file.
    """
    t = pick(_TEXT, language)
    out = []
    for key in sorted(set(a) | set(b)):
        fa, fb = a.get(key) or {}, b.get(key) or {}
        if fa.get("sha256") == fb.get("sha256"):
            continue
        if fa.get("file") and fa.get("file") == fb.get("file"):
            out.append(t["input content"].format(key=key, file=md_text(str(fa["file"])),
                                                 a=str(fa.get("sha256", ""))[:12],
                                                 b=str(fb.get("sha256", ""))[:12]))
        else:
            out.append(t["input"].format(key=key, a=md_text(str(fa.get("file") or "–")),
                                         b=md_text(str(fb.get("file") or "–"))))
    return out


def _flat(settings: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"constraints": {"equity_min_share": 0.05}}`` as ``{"constraints.equity_min_share": 0.05}``."""
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _setting_changes(a: Mapping[str, Any], b: Mapping[str, Any], language: str | None = None
                     ) -> list[tuple[str, str, str]]:
    """The scenario keys whose effective values differ, sorted: (key, A's value, B's value).

    Values as a scenario file gives them (``true``, ``["pole-0002"]``), but numbers as
    ``language`` writes them, grouped (``6,000,000``, Swedish ``6 000 000``, ``0,05``: "6000000"
    had stood ungrouped beside the report's grouped amounts); ``–`` where a plan has none.
    """
    fa, fb = _flat(a), _flat(b)

    def shown(flat: dict[str, Any], key: str) -> str:
        if key not in flat:
            return "–"
        value = flat[key]
        if isinstance(value, int | float) and not isinstance(value, bool):
            # (a whole float without decimals: 6000000.0 had read as a float never written)
            return _lang.plain(float(value), language)
        return json.dumps(value, ensure_ascii=False)

    return [(key, shown(fa, key), shown(fb, key)) for key in sorted(set(fa) | set(fb))
            if key not in _NOT_COMPARED and shown(fa, key) != shown(fb, key)]


def _objective_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """Each plan's objective, bound, gap and status; B − A and its proven range."""
    t = pick(_TEXT, language)
    row = objective_table(a, b).iloc[0]
    lines = [t["objective heading"], "", t["objective intro"], ""]
    if pd.isna(row["objective_a"]) or pd.isna(row["objective_b"]):
        return [*lines, t["no objective"]]
    number = lambda v: _lang.number(v, 1, language)  # noqa: E731

    def stopped(s: Mapping[str, Any]) -> str:
        code = str(s.get("stopped_by", "proof"))
        return _lang.stopped(code, language) or code

    table = pd.DataFrame(
        [(t["objective"], number(row["objective_a"]), number(row["objective_b"])),
         (t["bound"], number(row["bound_a"]), number(row["bound_b"])),
         (t["gap"], _percent(row["gap_a"], language), _percent(row["gap_b"], language)),
         (t["status"], _lang.status(str(row["status_a"]), language),
          _lang.status(str(row["status_b"]), language)),
         (t["stopped"], stopped(a.summary), stopped(b.summary))],
        columns=["", "A", "B"])
    base = float(row["objective_a"])
    share = lambda v: (_signed(100.0 * v / base, language, digits=2) + " %"  # noqa: E731
                       if base else "–")
    lines += [_md_table(table, language=language), "",
              t["change"].format(change=_signed(row["change"], language),
                                 pct=share(row["change"]))]
    if not _proven(a, b):  # (both proven: the range is the change itself, the conclusion says so)
        lines.append(t["range"].format(
            low=_signed(row["change_low"], language), high=_signed(row["change_high"], language),
            low_pct=share(row["change_low"]), high_pct=share(row["change_high"]),
            established=t["established" if bool(row["established"]) else "not established"]))
    conclusion = difference_conclusion(a, b, language)
    return [*lines, *([f"- {conclusion}"] if conclusion else [])]


def _proven(a: Plan, b: Plan) -> bool:
    """Both plans are proven optimal (:attr:`~planner._map_diff.ObjectiveDifference.proven`)."""
    d = objective_difference(a.summary, b.summary)
    return d is not None and d.proven


def _percent(value: Any, language: str) -> str:
    """A gap as a percentage with two decimals; ``–`` where it is unknown."""
    return "–" if pd.isna(value) else _lang.percent(float(value), 2, language)


def _cost_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """Budget, spent, camera counts, covered share and population: A, B and B − A."""
    t = pick(_TEXT, language)
    sa, sb = a.summary, b.summary
    whole = lambda v: _lang.number(v, 0, language)  # noqa: E731
    rows = [(t[name], whole(sa[key]), whole(sb[key]), _signed(sb[key] - sa[key], language,
                                                               digits=0))
            for name, key in (("budget", "budget_sek"), ("spent", "spent_sek"),
                              ("investment", "investment_sek"), ("yearly", "yearly_sek"),
                              ("new", "n_cameras_new"), ("existing", "n_cameras_existing"))
            if _both(sa, sb, key)]  # (plans made by hand, or before 2026-11-30, lack the parts)
    if rows and rows[0][0] == t["budget"]:
        rows[0] = _budget_row(rows[0], sa, sb, language)
    # the existing cameras' running costs, their owners' and not the budget's, where one plan
    # takes some down or replaces them: what the police stop paying had been nowhere beside
    # the grant's new running costs
    key = "existing_yearly_sek"
    if _both(sa, sb, key) and sa[key] != sb[key]:
        at = next((k + 1 for k, row in enumerate(rows) if row[0] == t["yearly"]), len(rows))
        rows.insert(at, (t["existing yearly"], whole(sa[key]), whole(sb[key]),
                         _signed(sb[key] - sa[key], language, digits=0)))
        own = "existing_yearly_own_sek"  # (of which the municipality pays itself)
        if _both(sa, sb, own) and (sa[own] or sb[own]):
            rows.insert(at + 1, (t["existing yearly own"], whole(sa[own]), whole(sb[own]),
                                 _signed(sb[own] - sa[own], language, digits=0)))
    rows.append((t["share"], _lang.percent(sa["covered_share"], 1, language),
                 _lang.percent(sb["covered_share"], 1, language),
                 _signed_pp(sb["covered_share"] - sa["covered_share"], language)))
    rows.append((t["population"], whole(sa["covered_population"]),
                 whole(sb["covered_population"]),
                 _signed(sb["covered_population"] - sa["covered_population"], language,
                         digits=0)))
    rows += _privacy_rows(a, b, language)
    table = pd.DataFrame(rows, columns=["", "A", "B", t["difference"]])
    return [t["cost heading"], "", _md_table(table, language=language)]


def _privacy_rows(a: Plan, b: Plan, language: str) -> list[tuple[str, str, str, str]]:
    """What the new cameras see of homes at the privacy rule's level: A, B and B − A.

    From each plan's camera register, as its ``report.md`` counts them: the new cameras that see
    a privacy zone at ``privacy_min_level`` or better, the zones' m² and the residential façades
    they see there, summed over the cameras. The price of dropping the privacy exclusion or making
    it a penalty, beside the coverage it buys (the comparison had shown the coverage only, the
    91 cameras that look into homes with ``privacy = "off"`` were in ``b/report.md`` alone).
    None where neither plan has privacy zones or neither plan's new cameras see one. ``–`` for
    the cameras and m² of a plan without privacy zones, and for their B − A: its cameras see
    none because it has none (a plan of the same cameras without ``data.privacy_zones`` had
    read "0", "−1" beside the plan with them).
    """
    if not (len(a.privacy_zones) or len(b.privacy_zones)):
        return []
    seen = [tuple(privacy_seen(plan).values()) for plan in (a, b)]
    if not seen[0][0] and not seen[1][0]:
        return []
    t = pick(_TEXT, language)
    la, lb = (_lang.level(str(p.summary.get("privacy_min_level", "observe")), language)
              for p in (a, b))
    level = la if la == lb else t["privacy levels"].format(a=la, b=lb)
    whole = lambda v: _lang.number(v, 0, language)  # noqa: E731
    (na, ma, fa), (nb, mb, fb) = seen
    zones = len(a.privacy_zones) > 0, len(b.privacy_zones) > 0

    def row(label: str, va: float, vb: float, digits: int) -> tuple[str, str, str, str]:
        sa, sb = (_lang.number(v, digits, language) if known else "–"
                  for v, known in ((va, zones[0]), (vb, zones[1])))
        return (label, sa, sb, _signed(vb - va, language, digits=digits) if all(zones) else "–")

    return [row(t["privacy cameras"].format(level=level), na, nb, 0),
            row(t["privacy m2"], ma, mb, 1),
            (t["privacy facades"], whole(fa), whole(fb), _signed(fb - fa, language, digits=0))]


def _budget_row(row: tuple[str, str, str, str], sa: Mapping[str, Any], sb: Mapping[str, Any],
                language: str) -> tuple[str, str, str, str]:
    """The budget row with excl./incl. VAT as each plan's report.md says it beside the budget.

    In the label where both sides say the same (``Budget (SEK, excl. VAT)``), beside each amount
    where they differ; as it was where neither says (a plan made by hand).
    """
    t = pick(_TEXT, language)
    va, vb = vat_words(sa, language), vat_words(sb, language)
    label, a, b, change = row
    if va == vb:
        return (t["budget vat"].format(vat=va) if va else label), a, b, change
    return (label, f"{a} ({va})" if va else a, f"{b} ({vb})" if vb else b, change)


def _both(sa: Mapping[str, Any], sb: Mapping[str, Any], key: str) -> bool:
    """Both summaries give ``key`` a number."""
    return all(pd.api.types.is_number(s.get(key)) and not pd.isna(s[key]) for s in (sa, sb))


def _area_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """The areas whose covered share changes most, in percentage points, and how many change."""
    t = pick(_TEXT, language)
    table = area_difference(a, b)
    both = table[table["share_change"].notna()]
    # (rounded to 1e-9: float noise of a share that did not change is no change)
    change = both["share_change"].round(9)
    moved = both[change != 0]
    lines = [t["areas heading"], ""]
    if not len(moved):
        return [*lines, t["areas same"]]
    ranked = moved.assign(_size=-change[change != 0].abs()).sort_values(
        ["_size", "area_id"], kind="stable").drop(columns="_size")
    # the largest of each way: the areas that lose had been left out behind larger gains (3
    # areas lose when the privacy exclusion is dropped; the table had named one)
    gains = ranked["share_change"].round(9) > 0
    shown = ranked[(gains & (gains.cumsum() <= MOST_CHANGED_AREAS))
                   | (~gains & ((~gains).cumsum() <= MOST_CHANGED_AREAS))]
    only = len(table) - len(both)
    lines.append(t["areas count"].format(
        n=len(table), up=int((change > 0).sum()), down=int((change < 0).sum()),
        same=int((change == 0).sum()), most=MOST_CHANGED_AREAS,
        only=t["only one"].format(n=only) if only else ""))
    people = _in_points(shown)[["area_id", "name", "share_a", "share_b", "share_change_pp"]]
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    lines += ["", _md_table(people, {"share_a": pct, "share_b": pct,
                                     "share_change_pp": lambda v: _signed_pp(v / 100.0,
                                                                             language)},
                            language)]
    d = objective_difference(a.summary, b.summary)
    if d is not None and not d.established and not d.proven:
        # (as the comparison map's change panel warns; after the table its sentence introduces)
        lines += ["", pick(_DIFF_TEXT, language)["areas_not_established"]]
    return lines


def _camera_lines(a: Plan, b: Plan, language: str, shared_sets: Sequence[str] = (),
                  refs: Sequence[str] = ()) -> list[str]:
    """How many cameras are added, removed and moved, and a short table of them."""
    t = pick(_TEXT, language)
    changes = camera_changes(a, b)
    lines = [t["cameras heading"], ""]
    if not len(changes):
        return [*lines, t["cameras none"]]
    n = {kind: int((changes["change"] == kind).sum()) for kind in ("added", "removed", "moved")}
    words = pick(_DIFF_TEXT, language)  # (compare.html's counts, in the same words)
    # the existing cameras one plan takes down, said among the removed (B's) and the added (A's
    # taken down) cameras: the count line had not mentioned them
    # (one B replaces, constraints.replace_existing, is said as replaced, not taken down)
    # (by change_kinds' names, as the table's words and compare.html's are: the count had
    # matched the words of each row against the phrase table)
    said = pd.Series(change_kinds(changes), index=changes.index)
    told = {kind: counted(v, words, kind) for kind, v in n.items()}
    # (one parenthesis per kind: "19 removed (of which 3 ... taken down) (of which 3 ...
    # replaced)" had stood where B replaces some existing cameras and takes others down)
    among: dict[str, str] = {}
    for kind, phrase, name in (("removed", "taken down", "removed existing"),
                               ("removed", "replaced", "replaced existing"),
                               ("added", "not taken down", "added existing"),
                               ("added", "not replaced", "not replaced existing")):
        k = int((said == name).sum())
        if k:
            text = counted(k, t, f"and {phrase}" if kind in among else phrase)
            among[kind] = among.get(kind, "") + text.format(n=_lang.number(k, 0, language))
    for kind, text in among.items():
        told[kind] += f" ({text})"
    counts = words["counts"].format(**{k: _lang.number(v, 0, language) for k, v in n.items()},
                                    **{f"{k}_word": told[k] for k in n})
    unchanged = len(a.cameras) - n["removed"] - n["moved"]
    lines += [t["cameras count"].format(counts=counts,
                                        unchanged=_lang.number(unchanged, 0, language),
                                        unchanged_word=counted(unchanged, t, "unchanged")),
              *_not_a_subset(a, b, n, language, shared_sets, refs), "", t["cameras intro"], ""]
    # the first of each kind in cameras.csv's order, and every camera on a mount a scenario
    # requires: the decision a comparison of require_sites is about (the square's pole had
    # fallen off after eight lamp posts), and every existing camera one plan takes down
    first = changes.groupby("change", sort=False).cumcount() < MAX_CAMERA_ROWS
    decided = changes["required_site"].astype(bool) | changes["existing"].fillna(False).astype(bool)
    shown = changes[first | decided]
    lines.append(_md_table(_sides(shown, a, b, language), language=language))
    if len(shown) < len(changes):
        lines += ["", t["cameras shown"].format(shown=len(shown), n=len(changes),
                                                most=MAX_CAMERA_ROWS)]
    return lines


def _not_a_subset(a: Plan, b: Plan, n: Mapping[str, int], language: str,
                  shared_sets: Sequence[str] = (), refs: Sequence[str] = ()) -> list[str]:
    """Where the smaller budget's plan has cameras the larger's lacks, why, and what shows a cut.

    A budget cut (8 against 5 MSEK) had listed 20 cameras "added" by the cut, unexplained: the
    coordinator had expected the larger plan with cameras taken away. A backward rollout's first
    stage is that (the best part of the larger plan the smaller budget buys).

    Only where the budget is all that differs (the settings and the data files): with another
    rule or layer on one side (an equity share, a camera taken down) the cameras differ for that
    too, and no rollout of one scenario keeps the larger plan's cameras; the sentence had said
    so of any two budgets.

    The command carries the overrides both plans share (``shared_sets``: without them it had
    planned another question, the scenario as written) and the budgets as given, every decimal
    (6,000,000.5 SEK had been ``--stages 6000000,2000000``); its scenario is the one both plans
    come from as ``refs`` gives them (:func:`_rollout_scenario`; it had said ``SCENARIO``).
    """
    sa, sb = a.summary, b.summary
    if not _both(sa, sb, "budget_sek") or sa["budget_sek"] == sb["budget_sek"]:
        return []
    changed = {key for key, _, _ in _setting_changes(sa.get("settings") or {},
                                                     sb.get("settings") or {})}
    if changed - {"budget.total_sek"} or _input_changes(sa.get("inputs") or {},
                                                        sb.get("inputs") or {}, language):
        return []
    small_is_b = sb["budget_sek"] < sa["budget_sek"]
    small, large = (sb, sa) if small_is_b else (sa, sb)
    other = n["added" if small_is_b else "removed"] + n["moved"]
    if not other:
        return []
    t = pick(_TEXT, language)
    rest = float(Decimal(repr(float(large["budget_sek"])))
                 - Decimal(repr(float(small["budget_sek"]))))
    stages = ",".join(as_given(v).replace(",", "") for v in (small["budget_sek"], rest))
    scenario = _rollout_scenario(refs)
    command = shlex.join(["planner", "rollout", scenario or "SCENARIO",
                          *(part for text in shared_sets for part in ("--set", text)),
                          "--stages", stages, "--order", "backward"])
    return ["", t["not a subset"].format(
        small=_lang.plain(small["budget_sek"], language),
        large=_lang.plain(large["budget_sek"], language), n=_lang.number(other, 0, language),
        total=_lang.number(small.get("n_cameras_new", other), 0, language),
        verb=counted(other, t, "not a subset verb"), command=command)
        + (t["rollout scenario"].format(a=refs[0], b=refs[1])
           if scenario is None and len(refs) == 2 else "")]


def _rollout_scenario(refs: Sequence[str]) -> str | None:
    """The scenario a rollout of both plans plans, as the command line gave it, or None.

    ``refs``: A's and B's (``FILE.toml`` or ``FILE.toml#NAME``). One file with one variant, or
    none, is that reference (``x.toml#sv`` with ``--set-b budget.total_sek=...``); one file,
    one side with a variant and the other without, is the file (a variant that sets the budget,
    which a rollout's stages replace: ``x.toml`` against ``x.toml#six-million``). Two files, or
    two variants, are no one scenario.
    """
    if len(refs) != 2:
        return None
    (file_a, _, variant_a), (file_b, _, variant_b) = (ref.partition("#") for ref in refs)
    if Path(file_a) != Path(file_b):
        return None
    if variant_a == variant_b:
        return refs[0]
    return file_a if not (variant_a and variant_b) else None


def _sides(changes: pd.DataFrame, a: Plan, b: Plan, language: str) -> pd.DataFrame:
    """:func:`camera_changes`'s rows as A's camera beside B's: label, model and direction.

    Directions from true north, in words, as each plan's report.md gives them (``camera_table``).
    """
    true_a = camera_table(a).set_index("camera")["orientation_true_deg"]
    true_b = camera_table(b).set_index("camera")["orientation_true_deg"]

    def direction(bearings: pd.Series, label: Any) -> str:
        if not isinstance(label, str) or label not in bearings.index:
            return ""
        value = float(bearings[label])
        return "" if math.isnan(value) else _orientation(value, language)

    rows = []
    for r, word in zip(changes.itertuples(index=False), change_words(changes, language),
                       strict=True):
        in_a, in_b = r.change != "added", r.change != "removed"
        rows.append({
            "change": word,
            "site_id": (f"{r.site_id} ({pick(_DIFF_TEXT, language)['required']})"
                        if r.required_site else r.site_id),
            "camera_a": r.camera_a if in_a else "",
            "model_a": (r.model_before if r.change == "moved" else r.model) if in_a else "",
            "orientation_a": direction(true_a, r.camera_a) if in_a else "",
            "camera_b": r.camera_b if in_b else "", "model_b": r.model if in_b else "",
            "orientation_b": direction(true_b, r.camera_b) if in_b else ""})
    return pd.DataFrame(rows, columns=["change", "site_id", "camera_a", "model_a",
                                       "orientation_a", "camera_b", "model_b", "orientation_b"])
