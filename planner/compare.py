"""Comparing two plans: per-area coverage difference, camera changes, a side-by-side map."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from planner._lang import pick, texts
from planner._map_objective import (
    NoDifference,
    ObjectiveDifference,
    difference_verdict,
    objective_difference,
)
from planner._plan_types import Plan
from planner.io import atomic_dir, tidy_numbers, write_csv
from planner.workbook import header, headers, write_workbook

_TEXT = texts("compare", {
    "en": {
        "sheet:difference": "Difference",
        "sheet:areas": "Areas",
        "sheet:cameras": "Cameras",
        "change:added": "added",
        "change:removed": "removed",
        "change:moved": "moved",
        # (an existing camera only A has, one taken down in B, and the other way round)
        "change:removed existing": "taken down (existing)",
        "change:added existing": "not taken down (existing)",
        # (an existing camera B replaces, constraints.replace_existing, and B's new camera there)
        "change:replaced existing": "replaced (existing)",
        "change:added replacing": "added (replaces an existing camera)",
        # (and the other way round: one A replaces, B keeping it, and A's new camera there)
        "change:not replaced existing": "not replaced (existing)",
        "change:removed replacing": "removed (replaces an existing camera)",
        "plan": "{title} (scenario {scenario})",  # (as the comparison's report.md names them)
        # (the printed area table's two header rows: a title over each group's columns)
        "screen:share": "covered share",
        "screen:covered": "covered population (graded)",
        "screen:change share": "change (pp)",
        "screen:change": "change",
    },
    "sv": {
        "sheet:difference": "Skillnad",
        "sheet:areas": "Områden",
        "sheet:cameras": "Kameror",
        "change:added": "tillagd",
        "change:removed": "borttagen",
        "change:moved": "ändrad",
        "change:removed existing": "nedtagen (befintlig)",
        "change:added existing": "inte nedtagen (befintlig)",
        "change:replaced existing": "ersatt (befintlig)",
        "change:added replacing": "tillagd (ersätter en befintlig kamera)",
        "change:not replaced existing": "inte ersatt (befintlig)",
        "change:removed replacing": "borttagen (ersätter en befintlig kamera)",
        "plan": "{title} (scenario {scenario})",
        "screen:share": "täckt andel",
        "screen:covered": "täckt befolkning (graderad)",
        "screen:change share": "ändring (p.e.)",
        "screen:change": "ändring",
    },
})


def area_difference(a: Plan, b: Plan) -> pd.DataFrame:
    """Per area of either plan: covered share and covered population in A and B, and B minus A.

    ``name`` and ``population`` come from A, or from B for an area only B plans for (they had
    been left empty, and the population column turned to floats). An area only one of the two
    plans for has empty values for the other and no change.
    """
    _expect_plans("area_difference", a, b)
    cols = ["area_id", "name", "population", "covered_share_after", "covered_population_after"]
    left = pd.DataFrame(a.areas[cols])
    right = pd.DataFrame(b.areas[cols])
    table = left.merge(right, on="area_id", how="outer", suffixes=("_a", "_b"))
    for column in ("name", "population"):
        table[column] = table[f"{column}_a"].combine_first(table[f"{column}_b"])
        table = table.drop(columns=[f"{column}_a", f"{column}_b"])
    table["population"] = table["population"].astype("int64")
    table = table[["area_id", "name", "population", *[c for c in table.columns
                                                      if c not in cols[:3]]]]
    table = table.rename(
        columns={
            "covered_share_after_a": "share_a",
            "covered_share_after_b": "share_b",
            "covered_population_after_a": "population_covered_a",
            "covered_population_after_b": "population_covered_b",
        }
    )
    # an area only one plan plans for has no change (the map shows "–"; a missing side read as
    # 0 had made up a loss of the whole share for an area the other plan's cameras do cover)
    table["share_change"] = table["share_b"] - table["share_a"]
    table["population_covered_change"] = (table["population_covered_b"]
                                          - table["population_covered_a"])
    return table.sort_values("area_id").reset_index(drop=True)


def camera_changes(a: Plan, b: Plan) -> pd.DataFrame:
    """Cameras added, removed or moved from A to B, as the comparison map marks them.

    The classification is :func:`planner.maps.diff_plans`'s (cameras paired per mount): ``added``
    and ``removed`` rows give the camera's model and orientation, ``moved`` rows B's and, in
    ``model_before`` and ``orientation_deg_before``, A's; ``orientation_deg`` is the grid
    bearing of the plans' CRS, ``orientation_true_deg`` (and ``orientation_true_deg_before``) the
    same direction from true north, as report.md and compare.html give it; ``camera_a`` and ``camera_b`` are its
    labels in A's and B's reports (C001, ...: each plan numbers its own cameras);
    ``required_site``: the camera (B's, for a moved one) is on a mount its scenario requires
    (``constraints.require_sites``), a decision rather than the solver's choice; ``existing``:
    an ``added`` or ``removed`` camera is an existing one, which one plan has and the other takes
    down (``constraints.remove_existing``, or a sites layer without it), also a decision (it had
    read "removed" as any camera the solver left out); ``replaces_existing``: an ``added``
    camera of B (a ``removed`` one of A) is a new one in the place of an existing camera its
    plan replaces (``constraints.replace_existing``), the model of that camera. (A table of its own had called a
    second camera on a mount "changed" where the map said "added", 8 against 10 on the default
    data's comparison.)
    """
    from planner._map_diff import diff_plans

    _expect_plans("camera_changes", a, b)
    diff = diff_plans(a, b)
    columns = ["change", "site_id", "camera_a", "camera_b", "model", "orientation_deg",
               "orientation_true_deg", "model_before", "orientation_deg_before",
               "orientation_true_deg_before", "required_site", "existing", "replaces_existing"]
    rows = [
        *({"change": "added", "site_id": r.site_id, "camera_b": r.camera, "model": r.model,
           "orientation_deg": r.orientation_deg, "orientation_true_deg": r.orientation_true_deg,
           "required_site": bool(r.required_site), "existing": bool(r.existing),
           "replaces_existing": r.replaces_existing}
          for r in diff.added.itertuples()),
        *({"change": "removed", "site_id": r.site_id, "camera_a": r.camera, "model": r.model,
           "orientation_deg": r.orientation_deg, "orientation_true_deg": r.orientation_true_deg,
           "required_site": bool(r.required_site), "existing": bool(r.existing),
           "replaces_existing": r.replaces_existing}
          for r in diff.removed.itertuples()),
        *({"change": "moved", "site_id": r.site_id, "camera_a": r.camera_a,
           "camera_b": r.camera_b, "model": r.model_b, "orientation_deg": r.orientation_deg_b,
           "orientation_true_deg": r.orientation_true_deg_b,
           "model_before": r.model_a, "orientation_deg_before": r.orientation_deg_a,
           "orientation_true_deg_before": r.orientation_true_deg_a,
           "required_site": bool(r.required_site), "existing": False}
          for r in diff.moved.itertuples()),
    ]
    table = pd.DataFrame(rows, columns=columns)
    order = {"added": 0, "removed": 1, "moved": 2}
    return (table.assign(_o=table["change"].map(order)).sort_values(["_o", "site_id", "model",
                                                                     "orientation_deg"])
            .drop(columns="_o").reset_index(drop=True))


def _expect_plans(function: str, a: Any, b: Any) -> None:
    """Refuse anything but two plans for ``a`` and ``b`` of ``function``, in one line each.

    (:func:`planner._map_diff.expect_plan`, as the maps' functions: ``area_difference(plan,
    frame)`` had ended in "AttributeError: 'DataFrame' object has no attribute 'areas'".)
    """
    from planner._map_diff import expect_plan

    expect_plan(a, "a", function=function)
    expect_plan(b, "b", function=function)


def side_label(side: str, label: Any) -> str:
    """A camera's label in a comparison, with the plan whose numbering it is: ``A C012``.

    Each plan numbers its own cameras (C001, ...), so one label names two cameras in a
    comparison: the 6 MSEK comparison's change panel had listed "lamp-0061 (C012)" added and
    "lamp-0046 (C012)" removed, B's C012 and A's. The change panel, the popups, ``report.md``
    and ``compare.xlsx`` say ``A C012`` and ``B C012`` (the same letters in Swedish);
    ``cameras.csv`` keeps each plan's own label under ``camera_a`` and ``camera_b``, to join
    with ``a/`` and ``b/``. A missing label (a side without the camera) stays empty.
    """
    return f"{side} {label}" if isinstance(label, str) and label else ""


def change_words(changes: pd.DataFrame, language: str | None = None) -> list[str]:
    """:func:`camera_changes`'s ``change`` of each row in words, as compare.xlsx and report.md say it.

    An existing camera's: "taken down (existing)" where only A has it, "not taken down
    (existing)" where only B has it (Swedish *nedtagen (befintlig)*, *inte nedtagen
    (befintlig)*), "replaced (existing)" where B has a new camera in its place (*ersatt
    (befintlig)*), which is "added (replaces an existing camera)" (*tillagd (ersätter en
    befintlig kamera)*).
    """
    return [change_word(kind, language) for kind in change_kinds(changes)]


def change_word(kind: str, language: str | None = None) -> str:
    """One :func:`change_kinds` name in ``language``'s words (``"replaced (existing)"``).

    For ``cameras.csv``'s rows (:func:`change_words`) and ``compare.html``'s popups alike.
    """
    return pick(_TEXT, language)[f"change:{kind}"]


def change_kinds(changes: pd.DataFrame) -> list[str]:
    """:func:`change_words`' phrase of each row by name, in no language.

    ``added``, ``removed``, ``moved``; ``removed existing`` and ``added existing`` (an existing
    camera one plan takes down), ``replaced existing`` (one B replaces) and ``added replacing``
    (B's new camera in its place), and the other way round, ``not replaced existing`` (one A
    replaces and B keeps) and ``removed replacing`` (A's new camera in its place). The
    comparison map's popups and change panel word them as report.md does.
    """
    existing = (changes["existing"].fillna(False).astype(bool) if "existing" in changes
                else pd.Series(False, index=changes.index))
    replacing = ([isinstance(v, str) for v in changes["replaces_existing"]]
                 if "replaces_existing" in changes else [False] * len(changes))
    # (the mounts where B, or A, puts a new camera in an existing one's place: an existing
    # camera B keeps where A replaces it had been called "not taken down")
    replaced = {(c, s) for s, c, r in zip(changes["site_id"], changes["change"], replacing,
                                          strict=True) if r}
    return ["replaced existing" if e and c == "removed" and ("added", s) in replaced
            else "not replaced existing" if e and c == "added" and ("removed", s) in replaced
            else f"{c} existing" if e and c in ("added", "removed")
            else f"{c} replacing" if r and c in ("added", "removed")
            else str(c)
            for c, e, s, r in zip(changes["change"], existing, changes["site_id"], replacing,
                                  strict=True)]


#: ``difference.csv``'s columns: each plan's objective, proven bound, gap and status; B's
#: objective minus A's (``change``) and the proven range of the best plans' difference,
#: ``change_low`` = B's objective minus A's bound, ``change_high`` = B's bound minus A's objective;
#: ``established``: the range excludes 0 (:class:`planner._map_objective.ObjectiveDifference`).
DIFFERENCE_COLUMNS = ["objective_a", "bound_a", "gap_a", "status_a", "objective_b", "bound_b",
                      "gap_b", "status_b", "change", "change_low", "change_high", "established"]


def objective_table(a: Plan, b: Plan) -> pd.DataFrame:
    """One row: what the solver establishes about B's objective minus A's (``difference.csv``).

    Empty values for plans without an objective and bound (made by hand).
    """
    _expect_plans("objective_table", a, b)
    return difference_frame(objective_difference(a.summary, b.summary))


def difference_frame(d: ObjectiveDifference | NoDifference) -> pd.DataFrame:
    """:func:`objective_table` of an objective difference already found (empty values: none)."""
    return pd.DataFrame([d.row()] if isinstance(d, ObjectiveDifference) else [{}],
                        columns=DIFFERENCE_COLUMNS)


def difference_conclusion(d: ObjectiveDifference | NoDifference,
                          language: str | None = None) -> str | None:
    """Whether the solver has established B's objective minus A's, in a sentence.

    ``compare.xlsx``'s conclusion and the console's where there is no difference; ``None`` for
    plans without an objective and bound (made by hand). Plans that weight demand differently
    have no difference of objectives: the sentence says why (``demand.area_factors``, the
    night counted differently, as ``report.md``; ``compare.xlsx``'s sheet had left the objective rows empty without a word).
    """
    from planner._compare_text import _TEXT as _REPORT_TEXT
    if isinstance(d, ObjectiveDifference):
        return difference_verdict(d, language)
    if d.reason == "no objective":
        return None
    return pick(_REPORT_TEXT, language)[d.reason].removeprefix("- ").replace("`", "")


def _difference_sheet(a: Plan, b: Plan, language: str) -> pd.DataFrame:
    """The workbook's difference sheet: one item a row, and the conclusion in words.

    Where the plans weight demand differently (the night, ``demand.area_factors``), the covered
    share and population of each after the conclusion that asks to compare them: its own and,
    where they count the night differently, by day and at night (a day plan's cameras at night
    among them, as its ``summary.json`` has them).
    """
    from planner import _lang
    from planner._compare_sections import areas_caveat, period_figures, periods_line
    from planner._day_night import different_periods
    from planner.workbook import header, item_name

    t = pick(_TEXT, language)
    d = objective_difference(a.summary, b.summary)
    row = difference_frame(d).iloc[0].to_dict()
    # what A and B are, first: each side's title (told apart, as report.md's) and its budget,
    # excl. or incl. VAT as its scenario says (the sheet had begun at A's objective)
    rows: list[tuple[str, Any]] = []
    for side, s in (("a", a.summary), ("b", b.summary)):
        vat = s.get("prices_include_vat")
        rows += [(item_name(f"plan_{side}", language), t["plan"].format(
                     title=s.get("title") or s["scenario"], scenario=s["scenario"])),
                 (item_name(f"budget_sek_{side}" + ("" if not isinstance(vat, bool) else
                                                    ":included" if vat else ":excluded"),
                            language), s["budget_sek"])]
    # (a side given cameras: the range's ends named as report.md's range says them)
    given = d.given if isinstance(d, ObjectiveDifference) and d.given in ("a", "b") else None
    rows += [(item_name(f"{k}:given {given}" if given and k in ("change_low", "change_high")
                        else k, language),
              _lang.coded("status", row[k], language) if k.startswith("status") else row[k])
             for k in DIFFERENCE_COLUMNS if k != "established"]
    conclusion = difference_conclusion(d, language)
    # (plans weighted differently: the conclusion asks to compare the covered shares "below")
    weighted = isinstance(d, NoDifference) and d.reason != "no objective"
    if conclusion is not None:
        rows.append((item_name("conclusion", language), conclusion))
    figures = period_figures(a.summary, b.summary)
    # when each side's share holds, before the shares (as report.md's line above its tables):
    # "Täckt andel A" 17.8 % by day had stood above "Täckt andel B" 10.4 %, weighted by day and
    # at night (#sv against #sv+evening), under a conclusion asking to compare them
    if weighted and (periods := periods_line(a.summary, b.summary, language)) is not None:
        rows.append((item_name("coverage_time", language),
                     periods.split(": ", 1)[1].replace("`", "")))
    if weighted:  # (the conclusion had asked to compare the covered shares "below", none there)
        for key in ("covered_share", "covered_population"):
            rows += [(item_name(f"{key}_{side}", language), s[key])
                     for side, s in (("a", a.summary), ("b", b.summary))]
            if figures is not None and different_periods(a.summary, b.summary):
                rows += [(item_name(f"{key}_{period}_{side}", language), f[f"{key}_{period}"])
                         for period in ("day", "night")
                         for side, f in zip("ab", figures, strict=True)]
    # (the areas sheet's changes are between two measures, as report.md says above its areas)
    if (caveat := areas_caveat(a.summary, b.summary, language)) is not None:
        rows.append((item_name("areas_caveat", language), caveat.replace("`", "")))
    return pd.DataFrame(rows, columns=[header("item", language), header("value", language)])


def write_comparison(a: Plan, b: Plan, out: str | Path, *, offline: bool = False,
                     shared_sets: Sequence[str] = (), refs: Sequence[str] = (),
                     alike: Sequence[Any] = ()) -> pd.DataFrame:
    """Write both plans' outputs, the comparison map and the comparison's tables.

    Files: ``a/``, ``b/`` (full plan outputs), ``compare.html``, ``difference.csv``,
    ``areas.csv``, ``cameras.csv``, ``compare.xlsx`` (the three tables as sheets) and
    ``report.md`` (the comparison in words and short tables, for a memo:
    :mod:`planner._compare_report`; ``shared_sets``, the ``KEY=VALUE`` overrides both plans were
    planned with, and ``refs``, A's and B's scenarios as given, as its ``comparison_markdown``'s).
    ``alike``: where the plans count the night differently, both plans' cameras counted as each
    counts (:func:`planner._compare_alike.measured_alike`): ``areas_as_a.csv``,
    ``areas_as_b.csv``, their sheets and a section of ``report.md``. Returns the per-area table.
    """
    from planner._compare_alike import alike_sheets
    from planner._compare_report import comparison_markdown
    from planner._lang import language_of
    from planner._map_diff import check_plan
    from planner._report_register import with_privacy_totals
    from planner.maps import compare_maps, save_map
    from planner.report import bools_in_words, camera_register, write_plan

    # (before anything is written: a frame given for a plan had ended in an AttributeError)
    check_plan(a, "a", function="write_comparison")
    check_plan(b, "b", function="write_comparison")
    # (what each plan's new cameras see of homes all together, once: its folder, the map and
    # report.md read it; it had been computed for each apart)
    a, b = with_privacy_totals(a), with_privacy_totals(b)
    table = area_difference(a, b)
    language = language_of(a.summary, b.summary)  # (A's language, as compare.html's)
    t = pick(_TEXT, language)
    with atomic_dir(out) as tmp:
        # (each plan's register once: its files, the comparison map and report.md read it)
        registers = camera_register(a), camera_register(b)
        write_plan(a, tmp / "a", offline=offline, register=registers[0])
        write_plan(b, tmp / "b", offline=offline, register=registers[1])
        write_csv(objective_table(a, b), tmp / "difference.csv")
        write_csv(table, tmp / "areas.csv")
        for measured in alike:
            if measured.table is not None:
                write_csv(measured.table, tmp / f"areas_as_{measured.side.lower()}.csv")
        changes = camera_changes(a, b)
        changes.to_csv(tmp / "cameras.csv", index=False)
        # (each label with its plan's letter, as report.md and compare.html give them)
        worded = bools_in_words(changes.assign(
            change=change_words(changes, language),
            camera_a=[side_label("A", v) for v in changes["camera_a"]],
            camera_b=[side_label("B", v) for v in changes["camera_b"]]), language)
        write_workbook([(t["sheet:difference"], _difference_sheet(a, b, language)),
                        (t["sheet:areas"], headers(_in_points(tidy_numbers(table)), language)),
                        (t["sheet:cameras"], headers(worded, language)),
                        *alike_sheets(alike, language)],
                       tmp / "compare.xlsx")
        save_map(compare_maps(a, b, registers=registers), tmp / "compare.html", offline=offline)
        (tmp / "report.md").write_text(comparison_markdown(a, b, shared_sets=shared_sets,
                                                              refs=refs, registers=registers,
                                                              alike=alike),
                                          encoding="utf-8")
    return table


def areas_on_screen(table: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """:func:`area_difference`'s table as ``planner compare`` prints it, for people.

    Rounded as the comparison's ``report.md`` rounds (shares in per cent and their change in
    percentage points to 0.1, populations to whole people), headed in ``language`` as
    ``compare.xlsx`` is, numbers as the language writes them with plain spaces (a terminal); an
    area one plan lacks reads "–" there. (It had printed ``areas.csv``'s raw table: 0.135135 and
    81.081081 under English names in a Swedish comparison.) ``areas.csv`` keeps the raw numbers.
    """
    from planner import _lang

    def shown(write: Any) -> Any:
        return lambda v: "–" if pd.isna(v) else write(v)

    number = shown(lambda v: _lang.number(v, 0, language, console=True))
    share = shown(lambda v: _lang.percent(v, 1, language, console=True))
    formats = {"population": number, "share_a": share, "share_b": share,
               "population_covered_a": number, "population_covered_b": number,
               "share_change_pp": shown(lambda v: _lang.signed(v, 1, language, console=True)),
               "population_covered_change": shown(
                   lambda v: _lang.signed(v, 0, language, console=True))}
    out = _in_points(table)
    for column, write in formats.items():
        out[column] = out[column].map(write)
    return headers(out, language)


#: the printed area table's groups: (phrase key of the title, its columns and their phrases)
_SCREEN_GROUPS = (
    ("screen:share", (("share_a", "A"), ("share_b", "B"), ("share_change_pp", "screen:change share"))),
    ("screen:covered", (("population_covered_a", "A"), ("population_covered_b", "B"),
                        ("population_covered_change", "screen:change"))),
)


def areas_screen_text(table: pd.DataFrame, language: str | None = None) -> str:
    """:func:`area_difference`'s table as ``planner compare`` prints it: two header rows.

    The values are :func:`areas_on_screen`'s; the shares and the covered populations each under
    one title, with A, B and the change beneath (the one-row headers of ``compare.xlsx`` had
    made a Swedish table 221 characters wide, the English 152, on the default data).
    """
    t = pick(_TEXT, language)
    shown = areas_on_screen(table, language)

    def cells(column: str) -> list[str]:
        return [str(v) for v in shown[header(column, language)]]

    # (the leading columns a group without a title: blank above them)
    groups = [("", [(header(c, language), cells(c)) for c in ("area_id", "name", "population")])]
    groups += [(t[title], [(t.get(phrase, phrase), cells(c)) for c, phrase in members])
               for title, members in _SCREEN_GROUPS]
    top: list[str] = []
    named: list[str] = []
    body: list[list[str]] = []
    for title, members in groups:
        widths = [_width(name, values) for name, values in members]
        # a title wider than its columns widens them evenly
        short = len(title) - (sum(widths) + len(widths) - 1)
        widths = [w + short // len(widths) + (k < short % len(widths)) if short > 0 else w
                  for k, w in enumerate(widths)]
        top.append(title.center(sum(widths) + len(widths) - 1))
        for (name, values), width in zip(members, widths, strict=True):
            named.append(name.rjust(width))
            body.append([v.rjust(width) for v in values])
    rows = [" ".join(top).rstrip(), " ".join(named)]
    rows += [" ".join(column[i] for column in body) for i in range(len(shown))]
    return "\n".join(rows)


def _width(name: str, values: list[str]) -> int:
    return max([len(name), *map(len, values)])


def _in_points(table: pd.DataFrame) -> pd.DataFrame:
    """The area table for people: the change of share in percentage points, ``share_change_pp``.

    (A change of share kept as a fraction can only show as a percentage in Excel: -0.023 had
    read "-2,3 %" in compare.xlsx where compare.html says "-2,3 procentenheter".)
    """
    out = table.copy()
    position = list(out.columns).index("share_change")
    points = 100.0 * out.pop("share_change")
    out.insert(position, "share_change_pp", points)
    return out
