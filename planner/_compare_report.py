"""A comparison's ``report.md``: what was compared, the objectives, cost, areas and cameras.

For a board memo: each section is built from the comparison's own tables
(:func:`planner.compare.objective_table`, :func:`~planner.compare.area_difference`,
:func:`~planner.compare.camera_changes`), so ``report.md`` says what ``difference.csv``,
``areas.csv`` and ``cameras.csv`` hold, in the plans' language (plan A's, as ``compare.html``).
The sections made from the two summaries (what was compared, the objectives, cost) are in
:mod:`planner._compare_sections`; the areas and cameras sections and the assembly are here.
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from planner import _lang
from planner._compare_sections import (
    _both,
    _compared_lines,
    _cost_lines,
    _input_changes,
    _objective_lines,
    _setting_changes,
    areas_caveat,
)
from planner._compare_text import _TEXT
from planner._lang import counted, language_of, pick
from planner._map_diff import _signed_pp
from planner._map_diff_text import TEXT as _DIFF_TEXT
from planner._map_objective import ObjectiveDifference, objective_difference
from planner._plan_problem import as_given
from planner._plan_types import Plan
from planner._report_markdown import _md_table
from planner.compare import (
    _in_points,
    area_difference,
    camera_changes,
    change_kinds,
    change_words,
    side_label,
)
from planner.report import _orientation, camera_table

#: How many areas the report names each way, those whose covered share grows and falls most.
MOST_CHANGED_AREAS = 5
#: How many cameras of each change (added, removed, moved) the report's table lists, the first
#: in ``cameras.csv``'s order (which has them all): every kind shows, however many are added.
MAX_CAMERA_ROWS = 8


def comparison_markdown(a: Plan, b: Plan, *, shared_sets: Sequence[str] = (),
                        refs: Sequence[str] = (),
                        registers: tuple[pd.DataFrame, pd.DataFrame] | None = None,
                        alike: Sequence[Any] = ()) -> str:
    """The comparison's ``report.md``, in plan A's language (as ``compare.html``).

    What was compared (titles, scenarios and the settings that differ), each plan's objective
    with its proven bound, gap and status and the proven range of B − A (``difference.csv``),
    cost and camera counts, the areas whose covered share changes most (``areas.csv``) and the
    cameras added, removed and moved (``cameras.csv``). ``shared_sets``: the ``KEY=VALUE``
    overrides both plans were planned with, as given (``compare --set``, or the same value by
    ``--set-a`` and ``--set-b``), which the rollout command the report suggests carries;
    ``refs``: A's and B's scenarios as the command line gave them (``FILE.toml#NAME``), the
    command's scenario where they are one (else it says ``SCENARIO``). ``registers``: the two
    plans' :func:`~planner.report.camera_register` where the caller has them already.
    ``alike``: the areas measured alike where the plans count the night differently
    (:func:`planner._compare_alike.measured_alike`), a section after the areas'.
    """
    from planner._compare_alike import alike_lines

    language = language_of(a.summary, b.summary)
    sections = [_compared_lines(a, b, language), _objective_lines(a, b, language),
                _cost_lines(a, b, language, registers), _area_lines(a, b, language),
                alike_lines(alike, language),
                _camera_lines(a, b, language, shared_sets, refs)]
    sections = [lines for lines in sections if lines]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def _area_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """The areas whose covered share changes most, in percentage points, and how many change."""
    t = pick(_TEXT, language)
    table = area_difference(a, b)
    change, shown = most_changed(table)
    lines = [t["areas heading"], ""]
    if not (change != 0).any():
        return [*lines, t["areas same"]]
    only = len(table) - len(change)
    if (caveat := areas_caveat(a.summary, b.summary, language)) is not None:
        lines += [f"{caveat} {t['areas caveat where']}", ""]
    lines.append(t["areas count"].format(
        n=len(table), up=int((change > 0).sum()), down=int((change < 0).sum()),
        same=int((change == 0).sum()), most=MOST_CHANGED_AREAS,
        only=t["only one"].format(n=only) if only else ""))
    lines += ["", share_change_table(shown, language)]
    d = objective_difference(a.summary, b.summary)
    if (isinstance(d, ObjectiveDifference) and not d.settled and d.capped != "same"
            and not d.proven):
        # (as the comparison map's change panel warns; after the table its sentence introduces)
        lines += ["", pick(_DIFF_TEXT, language)[d.range_key("areas_not_established")]]
    return lines


def most_changed(table: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """:func:`~planner.compare.area_difference`'s changes of share, and the areas to show.

    The changes of the areas in both plans, rounded to 1e-9 (float noise of a share that did
    not change is no change), and the :data:`MOST_CHANGED_AREAS` largest each way, largest
    first: the areas that lose had been left out behind larger gains (3 areas lose when the
    privacy exclusion is dropped; the table had named one).
    """
    both = table[table["share_change"].notna()]
    change = both["share_change"].round(9)
    moved = both[change != 0]
    ranked = moved.assign(_size=-change[change != 0].abs()).sort_values(
        ["_size", "area_id"], kind="stable").drop(columns="_size")
    gains = ranked["share_change"].round(9) > 0
    shown = ranked[(gains & (gains.cumsum() <= MOST_CHANGED_AREAS))
                   | (~gains & ((~gains).cumsum() <= MOST_CHANGED_AREAS))]
    return change, shown


def share_change_table(shown: pd.DataFrame, language: str) -> str:
    """The areas' shares in A and B and the change in percentage points, as a Markdown table."""
    people = _in_points(shown)[["area_id", "name", "share_a", "share_b", "share_change_pp"]]
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    return _md_table(people, {"share_a": pct, "share_b": pct,
                              "share_change_pp": lambda v: _signed_pp(v / 100.0, language)},
                     language)


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
            # (the plan's letter with its label: each plan numbers its own cameras)
            "camera_a": side_label("A", r.camera_a) if in_a else "",
            "model_a": (r.model_before if r.change == "moved" else r.model) if in_a else "",
            "orientation_a": direction(true_a, r.camera_a) if in_a else "",
            "camera_b": side_label("B", r.camera_b) if in_b else "",
            "model_b": r.model if in_b else "",
            "orientation_b": direction(true_b, r.camera_b) if in_b else ""})
    return pd.DataFrame(rows, columns=["change", "site_id", "camera_a", "model_a",
                                       "orientation_a", "camera_b", "model_b", "orientation_b"])
