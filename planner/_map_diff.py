"""Plan comparison for the maps: which cameras were added, removed or moved, and coverage per area.

:func:`diff_plans` is public through :mod:`planner.maps`; :func:`check_plan` validates a plan before
any map is drawn from it. The change panel is in English or Swedish (:mod:`planner._lang`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._lang import counted, pick, texts
from planner._map_html import esc, fmt_int, fmt_pct, table
from planner._plan_types import Plan, camera_labels
from planner.errors import InputError

__all__ = ["ORIENTATION_TOLERANCE_DEG", "ObjectiveDifference", "PlanDiff", "changes_html",
           "check_plan", "diff_plans", "difference_html", "difference_line", "difference_verdict",
           "objective_difference"]

#: the change panel's phrases, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "changes": "Changes: {a} → {b} ({counts})",
        "counts": "{added} {added_word}, {removed} {removed_word}, {moved} {moved_word}",
        "added_one": "added",
        "added_many": "added",
        "removed_one": "removed",
        "removed_many": "removed",
        "moved_one": "moved",
        "moved_many": "moved",
        "existing_one": "existing",
        "existing_many": "existing",
        "new_one": "new",
        "new_many": "new",
        "added": "Added",
        "removed": "Removed",
        "moved": "Moved",
        "unchanged": "Unchanged",
        "none": "none",
        "required": "required by the scenario",
        "kind:removed existing": "existing, taken down",
        "kind:added existing": "existing, not taken down",
        "kind:replaced existing": "existing, replaced",
        "kind:added replacing": "replaces an existing camera",
        "kind:not replaced existing": "existing, not replaced",
        "kind:removed replacing": "replaces an existing camera",
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Area",
        "change": "Change",
        "points": "pp",
        "difference": "Objective, B − A",
        "objective_a": "A",
        "objective_b": "B",
        "at_most": "{objective}, proven at most {bound}",
        "optimal": "{objective}, proven optimal",
        "change_found": "B − A (the plans found)",
        "change_range": "Best B − best A",
        "range": "{low} to {high}",
        "line": "Objective B - A: {change}",
        "line_range": "; the best possible B minus the best possible A is proven to lie "
                      "between {low} and {high} ({low_pct} to {high_pct} of A's objective)",
        "not_established": "The difference is within the plans' optimality gaps: not "
                           "established.",
        "established": "The difference is established: the range excludes 0.",
        "proven": "Both plans are proven optimal: the difference is established.",
        "proven_same": "Both plans are proven optimal, with the same objective.",
        "objective_note": "Objective: weighted coverage, privacy penalties included "
                          "(summary.json). The changes per area compare the two plans found.",
        "areas_not_established": "Not established: the objectives differ by less than the "
                                 "plans' optimality gaps, so these changes per area may not "
                                 "hold between the best plans.",
    },
    "sv": {
        "changes": "Ändringar: {a} → {b} ({counts})",
        "counts": "{added} {added_word}, {removed} {removed_word}, {moved} {moved_word}",
        "added_one": "tillagd",
        "added_many": "tillagda",
        "removed_one": "borttagen",
        "removed_many": "borttagna",
        "moved_one": "ändrad",
        "moved_many": "ändrade",
        "existing_one": "befintlig",
        "existing_many": "befintliga",
        "new_one": "ny",
        "new_many": "nya",
        "added": "Tillagda",
        "removed": "Borttagna",
        "moved": "Ändrade",
        "unchanged": "Oförändrade",
        "none": "inga",
        "required": "krävd av scenariot",
        "kind:removed existing": "befintlig, nedtagen",
        "kind:added existing": "befintlig, inte nedtagen",
        "kind:replaced existing": "befintlig, ersatt",
        "kind:added replacing": "ersätter en befintlig kamera",
        "kind:not replaced existing": "befintlig, inte ersatt",
        "kind:removed replacing": "ersätter en befintlig kamera",
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Område",
        "change": "Ändring",
        "points": "procentenheter",
        "difference": "Målfunktionsvärde, B − A",
        "objective_a": "A",
        "objective_b": "B",
        "at_most": "{objective}, bevisat högst {bound}",
        "optimal": "{objective}, bevisat optimal",
        "change_found": "B − A (de funna planerna)",
        "change_range": "Bästa B − bästa A",
        "range": "{low} till {high}",
        "line": "Målfunktionsvärde B - A: {change}",
        "line_range": "; bästa möjliga plan B minus bästa möjliga plan A ligger bevisat mellan "
                      "{low} och {high} ({low_pct} till {high_pct} av A:s målfunktionsvärde)",
        "not_established": "Skillnaden ryms inom planernas optimalitetsgap: den är inte "
                           "fastställd.",
        "established": "Skillnaden är fastställd: intervallet innehåller inte 0.",
        "proven": "Båda planerna är bevisat optimala: skillnaden är fastställd.",
        "proven_same": "Båda planerna är bevisat optimala, med samma målfunktionsvärde.",
        "objective_note": "Målfunktionsvärde: viktad täckning, integritetsavdrag inräknade "
                          "(summary.json). Ändringarna per område jämför de två funna planerna.",
        "areas_not_established": "Inte fastställd: målfunktionsvärdena skiljer sig åt med mindre än planernas "
                                 "optimalitetsgap, så ändringarna per område behöver inte gälla "
                                 "mellan de bästa planerna.",
    },
})

#: Orientations closer than this (degrees) count as the same in :func:`diff_plans`.
ORIENTATION_TOLERANCE_DEG = 0.5

_REQUIRED: dict[str, tuple[str, ...]] = {
    "areas": ("area_id", "name", "priority", "covered_share_after"),
    "cameras": ("option_id", "site_id", "model", "orientation_deg", "existing"),
    "views": ("option_id", "level"),
    "sites": ("site_id",),
    "demand": ("level",),
}


def check_plan(plan: Plan, argument: str = "plan") -> None:
    """Check the plan's type and that its frames have the columns the maps draw.

    Parameters
    ----------
    plan
        The plan to check.
    argument
        The argument name used in messages.

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`Plan`.
    InputError
        Naming every frame that is not a GeoDataFrame or lacks a column.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"{argument} must be a planner Plan, got {type(plan).__name__}")
    problems = []
    for frame_name, columns in _REQUIRED.items():
        frame = getattr(plan, frame_name)
        if not isinstance(frame, gpd.GeoDataFrame):
            problems.append(f"{frame_name} is a {type(frame).__name__}, not a GeoDataFrame")
            continue
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems.append(f"{frame_name} lacks column(s) {', '.join(missing)}")
    if problems:
        raise InputError(
            f"{argument} {plan.name!r} cannot be mapped: {'; '.join(problems)} "
            "(see the Plan docstring in planner/_plan_types.py for the columns)"
        )


#: Objectives (and bounds) this close, relative to the larger and at least 1, are the same: the
#: optimiser's own tolerance for a proof (``planner.optimize.OPTIMAL_RGAP``).
SAME_OBJECTIVE_RTOL = 1e-6


@dataclass(frozen=True)
class ObjectiveDifference:
    """What the solver establishes about B's objective minus A's.

    Each plan's objective lies at or below its proven bound, as does the best plan's for its
    scenario: the best possible B minus the best possible A lies in ``[low, high]`` =
    ``[objective_b - bound_a, bound_b - objective_a]``. Where that range holds 0 the solver has
    not established which is better (Katrineholm's ``#equity``: plan B 101.6 below A, the range
    -140.9 to +1.8: the equity rule may cost about nothing). ``status_*`` and ``gap_*`` are the
    plans' ``summary.json`` values.
    """

    objective_a: float
    bound_a: float
    gap_a: float
    status_a: str
    objective_b: float
    bound_b: float
    gap_b: float
    status_b: str

    @property
    def change(self) -> float:
        """B's objective minus A's: of the two plans found."""
        return self.objective_b - self.objective_a

    @property
    def low(self) -> float:
        """The least the best possible B minus the best possible A can be."""
        return self.objective_b - self.bound_a

    @property
    def high(self) -> float:
        """The most the best possible B minus the best possible A can be."""
        return self.bound_b - self.objective_a

    @property
    def tolerance(self) -> float:
        """How close two objectives are the same (:data:`SAME_OBJECTIVE_RTOL`)."""
        return SAME_OBJECTIVE_RTOL * max(1.0, abs(self.bound_a), abs(self.bound_b))

    @property
    def proven(self) -> bool:
        """Both plans are proven optimal (their bounds at their objectives)."""
        return (self.bound_a - self.objective_a <= self.tolerance
                and self.bound_b - self.objective_b <= self.tolerance)

    @property
    def established(self) -> bool:
        """Whether the range excludes 0: the solver has proven which plan is better."""
        return self.low > self.tolerance or self.high < -self.tolerance

    def row(self) -> dict[str, Any]:
        """The comparison's ``difference.csv`` row."""
        return {"objective_a": self.objective_a, "bound_a": self.bound_a, "gap_a": self.gap_a,
                "status_a": self.status_a, "objective_b": self.objective_b,
                "bound_b": self.bound_b, "gap_b": self.gap_b, "status_b": self.status_b,
                "change": self.change, "change_low": self.low, "change_high": self.high,
                "established": self.established}


def objective_difference(summary_a: Any, summary_b: Any) -> ObjectiveDifference | None:
    """The objective difference of two plans' summaries.

    ``None`` without a finite objective and bound in each (plans made by hand).
    """
    values = []
    for summary in (summary_a, summary_b):
        try:
            objective, bound = float(summary["objective"]), float(summary["bound"])
        except (KeyError, TypeError, ValueError):
            return None
        if not (math.isfinite(objective) and math.isfinite(bound)):
            return None
        gap = summary.get("gap")
        values.append((objective, max(bound, objective),
                       float(gap) if isinstance(gap, (int, float)) else math.nan,
                       str(summary.get("status", ""))))
    (oa, ba, ga, sa), (ob, bb, gb, sb) = values
    return ObjectiveDifference(oa, ba, ga, sa, ob, bb, gb, sb)


def _signed(value: float, language: str | None, console: bool = False, digits: int = 1) -> str:
    """``+1.8``, ``-140.7``, ``0.0`` (no "-0.0"), grouped as ``language`` writes numbers."""
    return _lang.signed(value, digits, language, console=console)


def difference_verdict(d: ObjectiveDifference, language: str | None = None) -> str:
    """Whether the solver has established the difference, in a sentence."""
    t = pick(TEXT, language)
    if d.proven:
        return t["proven"] if d.established else t["proven_same"]
    return t["established"] if d.established else t["not_established"]


def difference_line(d: ObjectiveDifference, language: str | None = None, *,
                    console: bool = False) -> str:
    """One sentence on the objective difference and, unless both plans are proven, its range.

    Plain text (numbers only from the plans): ``compare`` prints it, ``console`` as
    :func:`planner._lang.number`'s.
    """
    t = pick(TEXT, language)
    text = t["line"].format(change=_signed(d.change, language, console))
    if not d.proven:
        base = abs(d.objective_a) if d.objective_a else math.nan
        share = lambda v: (_signed(100.0 * v / base, language, console, 2) + " %"  # noqa: E731
                           if base == base else "–")
        text += t["line_range"].format(low=_signed(d.low, language, console),
                                       high=_signed(d.high, language, console),
                                       low_pct=share(d.low), high_pct=share(d.high))
    return f"{text}. {difference_verdict(d, language)}"


def difference_html(d: ObjectiveDifference, language: str | None = None) -> str:
    """The comparison map's panel on the objective difference (escaped).

    Each plan's objective and proven bound, B minus A, and where a plan is not proven the range
    of the best plans' difference, with whether it holds 0 (then plainly: not established).
    """
    t = pick(TEXT, language)
    number = lambda v: _lang.number(v, 1, language)  # noqa: E731
    def plan(objective: float, bound: float) -> str:
        if bound - objective <= d.tolerance:
            return t["optimal"].format(objective=number(objective))
        return t["at_most"].format(objective=number(objective), bound=number(bound))

    rows = [(t["objective_a"], plan(d.objective_a, d.bound_a)),
            (t["objective_b"], plan(d.objective_b, d.bound_b)),
            (esc(t["change_found"]), _signed(d.change, language))]
    if not d.proven:
        rows.append((esc(t["change_range"]), t["range"].format(
            low=_signed(d.low, language), high=_signed(d.high, language))))
    kind = "note" if d.established or d.proven else "warn"  # (proven: exact, not a warning)
    return (f'<details open class="planner-summary planner-difference"><summary>'
            f'{esc(t["difference"])}</summary>{table(rows)}'
            f'<p class="{kind}">{esc(difference_verdict(d, language))}</p>'
            f'<p class="note">{esc(t["objective_note"])}</p></details>')


@dataclass(frozen=True)
class PlanDiff:
    """What changed from plan A to plan B.

    Cameras are matched per mount (``site_id``). A camera of A and one of B on the same mount with
    the same model and orientation (within :data:`ORIENTATION_TOLERANCE_DEG`) are *unchanged*. Of
    the cameras left on a mount, pairs in (model, orientation) order are *moved* (same mount,
    re-aimed and/or another model); what remains is *removed* (only in A) or *added* (only in B).

    Attributes
    ----------
    added
        Cameras of B not in A: ``option_id``, ``site_id``, ``model``, ``orientation_deg``,
        ``orientation_true_deg`` (from true north), ``existing``, ``camera`` (its label in its plan: C001, ...; labels follow each plan's
        order, so one camera may have different labels in A and B).
    removed
        Cameras of A not in B (same columns).
    moved
        ``site_id``, ``option_id_a``, ``option_id_b``, ``model_a``, ``model_b``,
        ``orientation_deg_a``, ``orientation_deg_b`` (grid bearings), ``camera_a``, ``camera_b``,
        ``orientation_true_deg_a``, ``orientation_true_deg_b`` (from true north: the change
        panel's, as the popups beside it).
    unchanged
        ``site_id``, ``option_id_a``, ``option_id_b``, ``model``, ``orientation_deg``,
        ``existing`` (an existing camera stays in every plan), ``camera_a``, ``camera_b``.
    areas
        Per area (union of both plans): ``area_id``, ``name``, ``covered_share_a``,
        ``covered_share_b``, ``change`` (B minus A; NaN where an area is in one plan only).
    objective
        What the solver establishes about B's objective minus A's
        (:class:`ObjectiveDifference`); ``None`` for plans without an objective and bound.
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    moved: pd.DataFrame
    unchanged: pd.DataFrame
    areas: pd.DataFrame
    objective: ObjectiveDifference | None = None

    def status_a(self) -> dict[Any, str]:
        """Change status of each camera of A by ``option_id``."""
        out = {o: "unchanged" for o in self.unchanged["option_id_a"]}
        out.update({o: "moved" for o in self.moved["option_id_a"]})
        out.update({o: "removed" for o in self.removed["option_id"]})
        return out

    def status_b(self) -> dict[Any, str]:
        """Change status of each camera of B by ``option_id``."""
        out = {o: "unchanged" for o in self.unchanged["option_id_b"]}
        out.update({o: "moved" for o in self.moved["option_id_b"]})
        out.update({o: "added" for o in self.added["option_id"]})
        return out

    def kinds(self) -> tuple[dict[Any, str], dict[Any, str]]:
        """A's and B's cameras whose change is a decision, by ``option_id``: its kind.

        An existing camera taken down (``removed existing``, ``added existing`` where A takes
        it down) or replaced (``replaced existing``, ``not replaced existing`` where A replaces
        it), and the new camera in its place (``added replacing``, ``removed replacing``), as :func:`planner.compare.change_kinds` names them: the popups and the
        change panel had called them "removed" and "added", as any camera the solver left out.
        """
        from planner.compare import change_kinds

        rows = pd.concat([self.added.assign(change="added"),
                          self.removed.assign(change="removed")], ignore_index=True)
        if not len(rows):
            return {}, {}
        kinds = change_kinds(rows)
        out: tuple[dict[Any, str], dict[Any, str]] = ({}, {})
        for option, change, kind in zip(rows["option_id"], rows["change"], kinds, strict=True):
            if kind != change:
                out[change == "added"][option] = kind
        return out


_CAM_COLS = ["option_id", "site_id", "model", "orientation_deg", "existing", "camera",
             "required_site", "replaces_existing"]


def _same(a: dict[Hashable, Any], b: dict[Hashable, Any]) -> bool:
    # (an existing camera and a new one in its place, constraints.replace_existing, are two
    # cameras: the same model facing the same way had been called unchanged)
    if a["model"] != b["model"] or bool(a["existing"]) != bool(b["existing"]):
        return False
    diff = abs(float(a["orientation_deg"]) - float(b["orientation_deg"])) % 360.0
    return min(diff, 360.0 - diff) <= ORIENTATION_TOLERANCE_DEG


def _records(cameras: pd.DataFrame, crs: Any) -> dict[Any, list[dict[Hashable, Any]]]:
    # (with the bearing from true north, as the popups beside the change panel give it)
    frame = pd.DataFrame(cameras).assign(camera=camera_labels(len(cameras)),
                                         orientation_true_deg=true_orientation(cameras, crs))
    # (a camera on a mount its scenario requires, constraints.require_sites: a decision the
    # comparison shows, not one of the solver's choices; a plan made by hand has none)
    required = frame["required_site"] if "required_site" in frame else pd.Series(False, frame.index)
    frame["required_site"] = [value is True or value == 1 for value in required]
    # (the model of the existing camera a new one replaces, constraints.replace_existing)
    old = frame["replaces_existing"] if "replaces_existing" in frame else pd.Series(None, frame.index)
    frame["replaces_existing"] = [value if isinstance(value, str) else None for value in old]
    rows = frame[[*_CAM_COLS, "orientation_true_deg"]].to_dict("records")
    by_site: dict[Any, list[dict[Hashable, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (str(r["model"]), float(r["orientation_deg"]))):
        by_site[row["site_id"]].append(row)
    return by_site


def diff_plans(plan_a: Plan, plan_b: Plan) -> PlanDiff:
    """Compare the cameras and the per-area coverage of two plans.

    Parameters
    ----------
    plan_a, plan_b
        The plans; A is the reference ("before"), B the alternative ("after").

    Returns
    -------
    PlanDiff
        Added, removed, moved and unchanged cameras and the coverage change per area; rows are
        sorted by mount and option ids, so the result is deterministic.
    """
    check_plan(plan_a, "plan_a")
    check_plan(plan_b, "plan_b")
    a_sites, b_sites = _records(plan_a.cameras, plan_a.crs), _records(plan_b.cameras, plan_b.crs)
    added: list[dict[Hashable, Any]] = []
    removed: list[dict[Hashable, Any]] = []
    moved: list[dict[str, Any]] = []
    unchanged: list[dict[str, Any]] = []
    for site in sorted(set(a_sites) | set(b_sites), key=str):
        left, right = list(a_sites.get(site, [])), list(b_sites.get(site, []))
        for a in list(left):
            match = next((b for b in right if _same(a, b)), None)
            if match is not None:
                left.remove(a)
                right.remove(match)
                unchanged.append(
                    {
                        "site_id": site,
                        "option_id_a": a["option_id"],
                        "option_id_b": match["option_id"],
                        "model": a["model"],
                        "orientation_deg": a["orientation_deg"],
                        "existing": bool(a["existing"]),
                        "camera_a": a["camera"],
                        "camera_b": match["camera"],
                    }
                )
        # (an existing camera is not moved to a new one: taken down, and a new camera added)
        old_a = [a for a in left if a["existing"]]
        old_b = [b for b in right if b["existing"]]
        left = [a for a in left if not a["existing"]]
        right = [b for b in right if not b["existing"]]
        for a, b in zip(left, right, strict=False):
            moved.append(
                {
                    "site_id": site,
                    "option_id_a": a["option_id"],
                    "option_id_b": b["option_id"],
                    "model_a": a["model"],
                    "model_b": b["model"],
                    "orientation_deg_a": a["orientation_deg"],
                    "orientation_deg_b": b["orientation_deg"],
                    "camera_a": a["camera"],
                    "camera_b": b["camera"],
                    "orientation_true_deg_a": a["orientation_true_deg"],
                    "orientation_true_deg_b": b["orientation_true_deg"],
                    "required_site": b["required_site"],
                }
            )
        removed += left[len(right) :] + old_a
        added += right[len(left) :] + old_b
    moved_cols = [
        "site_id",
        "option_id_a",
        "option_id_b",
        "model_a",
        "model_b",
        "orientation_deg_a",
        "orientation_deg_b",
        "camera_a",
        "camera_b",
        "orientation_true_deg_a",
        "orientation_true_deg_b",
        "required_site",
    ]
    same_cols = ["site_id", "option_id_a", "option_id_b", "model", "orientation_deg", "existing",
                 "camera_a", "camera_b"]
    return PlanDiff(
        added=pd.DataFrame(added, columns=[*_CAM_COLS, "orientation_true_deg"]),
        removed=pd.DataFrame(removed, columns=[*_CAM_COLS, "orientation_true_deg"]),
        moved=pd.DataFrame(moved, columns=moved_cols),
        unchanged=pd.DataFrame(unchanged, columns=same_cols),
        areas=_area_diff(plan_a.areas, plan_b.areas),
        objective=objective_difference(plan_a.summary, plan_b.summary),
    )


def _area_diff(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    cols = ["area_id", "name", "covered_share_after"]
    left = pd.DataFrame(a)[cols].rename(columns={"covered_share_after": "covered_share_a"})
    right = pd.DataFrame(b)[cols].rename(
        columns={"covered_share_after": "covered_share_b", "name": "name_b"}
    )
    out = left.merge(right, on="area_id", how="outer")
    out["name"] = out["name"].fillna(out.pop("name_b"))
    out["change"] = out["covered_share_b"] - out["covered_share_a"]
    out = out.sort_values("area_id", key=lambda s: s.astype(str), kind="stable")
    return out.reset_index(drop=True)[
        ["area_id", "name", "covered_share_a", "covered_share_b", "change"]
    ]


def _ids(frame: pd.DataFrame, t: Mapping[str, str],
         kinds: Mapping[Any, str] | None = None) -> str:
    """``lamp-004 (C002), ...``: each camera's mount and its label in its own plan.

    A camera on a mount its scenario requires says so (``pole-0002 (C141, required by the
    scenario)``): the decision a comparison of ``require_sites`` is about, among the solver's
    choices; so does an existing camera taken down or replaced, and a new one in its place
    (``kinds``: :meth:`PlanDiff.kinds`, ``old (C001, existing, replaced)``).
    """
    kinds = kinds or {}
    return ", ".join(
        f"{esc(r.site_id)} ({esc(r.camera)}"
        + (f", {esc(t['required'])}" if bool(r.required_site) else "")
        + (f", {esc(t['kind:' + kinds[r.option_id]])}" if r.option_id in kinds else "") + ")"
        for r in frame.itertuples()) or t["none"]


def changes_html(diff: PlanDiff, name_a: str, name_b: str, *,
                 language: str | None = None) -> str:
    """Build the change panel of a comparison: camera changes and coverage per area (escaped).

    It starts folded, its summary line giving the counts: open, it had covered up to a third
    of plan B's map (105 of 285 markers on a 768 px screen). Cameras are named by mount and by
    their label in each plan (C001, ...), which differ between plans; areas by name and id.
    Shares and their changes have one decimal, as ``report.md``'s (whole percents had read
    "24 % | 22 % | -1.1 pp" where the report says 23.6 %).
    """
    t = pick(TEXT, language)
    # (bearings from true north, as the popups give them)
    moved_cols = ["site_id", "model_a", "orientation_true_deg_a", "model_b",
                  "orientation_true_deg_b", "camera_a", "camera_b", "required_site"]
    moved = [
        f"{esc(site)} ({esc(model_a)} {_lang.degrees(deg_a, language)} → {esc(model_b)} "
        f"{_lang.degrees(deg_b, language)}; "
        f"{esc(cam_a)} → {esc(cam_b)}{', ' + esc(t['required']) if bool(required) else ''})"
        for site, model_a, deg_a, model_b, deg_b, cam_a, cam_b, required in diff.moved[moved_cols]
        .itertuples(index=False, name=None)
    ]
    rows = "".join(
        f'<tr><td class="t">{esc(r.name)} <small>{esc(r.area_id)}</small></td>'
        f"<td>{fmt_pct(r.covered_share_a, 1, language=language)}</td>"
        f"<td>{fmt_pct(r.covered_share_b, 1, language=language)}</td>"
        f"<td>{_signed_pp(r.change, language)}</td></tr>"
        for r in diff.areas.itertuples()
    )
    n = {"added": len(diff.added), "removed": len(diff.removed), "moved": len(diff.moved)}
    kinds_a, kinds_b = diff.kinds()
    counts = t["counts"].format(**{k: fmt_int(v, language=language) for k, v in n.items()},
                                **{f"{k}_word": counted(v, t, k) for k, v in n.items()})
    shown = {k: fmt_int(v, language=language) for k, v in n.items()}
    summary = t["changes"].format(a=esc(name_a), b=esc(name_b), counts=counts)
    # (the losses per area had been shown as they were where the solver cannot tell which plan
    # is better: Katrineholm's #equity, B's bound above A's plan)
    # (two proven plans of one objective: their changes are the optimum's, nothing to doubt)
    caveat = (f'<p class="warn">{esc(t["areas_not_established"])}</p>'
              if diff.objective is not None and not diff.objective.established
              and not diff.objective.proven else "")
    return (
        f'<details class="planner-changes"><summary>{summary}</summary>'
        f"<div><b>{t['added']} ({shown['added']}):</b> {_ids(diff.added, t, kinds_b)}</div>"
        f"<div><b>{t['removed']} ({shown['removed']}):</b> "
        f"{_ids(diff.removed, t, kinds_a)}</div>"
        f"<div><b>{t['moved']} ({shown['moved']}):</b> {', '.join(moved) or t['none']}</div>"
        f"<div><b>{t['unchanged']}:</b> {_unchanged(diff.unchanged, language)}</div>"
        f"{caveat}"
        f'<table class="planner-area-diff"><tr><th>{t["area"]}</th><th>A</th><th>B</th>'
        f"<th>{t['change']}</th></tr>{rows}</table></details>"
    )


def _unchanged(unchanged: pd.DataFrame, language: str | None = None) -> str:
    """'12 (3 existing, 9 new)': the existing cameras stay by rule, so they are told apart."""
    existing = int(unchanged["existing"].astype(bool).sum())
    if not existing:
        return fmt_int(len(unchanged), language=language)
    t = pick(TEXT, language)
    new = len(unchanged) - existing
    return t["unchanged_split"].format(
        n=fmt_int(len(unchanged), language=language),
        existing=fmt_int(existing, language=language),
        existing_word=counted(existing, t, "existing"),
        new=fmt_int(new, language=language), new_word=counted(new, t, "new"))


def _signed_pp(value: Any, language: str | None = None) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if number != number:  # NaN: the area is in one plan only
        return "–"
    # (_lang.signed: a change that rounds to 0.0 has no sign; "−0,0 procentenheter" had
    # stood for −0.03)
    return _lang.signed(100.0 * number, 1, language) + "\u00a0" + pick(TEXT, language)["points"]
