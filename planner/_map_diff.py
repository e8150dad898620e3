"""Plan comparison for the maps: which cameras were added, removed or moved, and coverage per area.

:func:`diff_plans` is public through :mod:`planner.maps`; :func:`check_plan` validates a plan before
any map is drawn from it. The change panel is in English or Swedish (:mod:`planner._lang`), its
phrases in :mod:`planner._map_diff_text`; the objective difference a :class:`PlanDiff` carries
is :mod:`planner._map_objective`'s, re-exported here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._lang import counted, pick
from planner._map_diff_text import TEXT
from planner._map_html import esc, fmt_int, fmt_pct
from planner._map_objective import (
    NoDifference,
    ObjectiveDifference,
    difference_html,
    difference_line,
    difference_verdict,
    objective_difference,
)
from planner._plan_types import Plan, camera_labels
from planner.errors import InputError

__all__ = ["ORIENTATION_TOLERANCE_DEG", "NoDifference", "ObjectiveDifference", "PlanDiff", "changes_html",
           "check_plan", "diff_plans", "difference_html", "difference_line", "difference_verdict",
           "expect_plan", "objective_difference"]

#: Orientations closer than this (degrees) count as the same in :func:`diff_plans`.
ORIENTATION_TOLERANCE_DEG = 0.5

_REQUIRED: dict[str, tuple[str, ...]] = {
    "areas": ("area_id", "name", "priority", "covered_share_after"),
    "cameras": ("option_id", "site_id", "model", "orientation_deg", "existing"),
    "views": ("option_id", "level"),
    "sites": ("site_id",),
    "demand": ("level",),
}


def check_plan(plan: Plan, argument: str = "plan", *, function: str | None = None) -> None:
    """Check the plan's type and that its frames have the columns the maps draw.

    Parameters
    ----------
    plan
        The plan to check.
    argument
        The argument name used in messages.
    function
        The public function given ``plan``, which the messages name first.

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`Plan` (:func:`expect_plan`).
    InputError
        Naming every frame that is not a GeoDataFrame or lacks a column.
    """
    expect_plan(plan, argument, function=function)
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


def expect_plan(plan: Any, argument: str = "plan", *, function: str | None = None) -> None:
    """Refuse anything but a :class:`Plan` for ``argument``, in one line naming what to pass.

    ``function``: the public function given it, named first (``area_difference: a must be a
    planner Plan, got DataFrame; ...``): a plan's frame given for the plan had ended in an
    AttributeError's traceback in the comparison's functions.

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`Plan`.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"{f'{function}: ' if function else ''}{argument} must be a planner Plan, "
                        f"got {type(plan).__name__}; pass the plan that planner.plan.plan or "
                        "solve_prepared returned (not one of its frames or its summary)")


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
        (:class:`ObjectiveDifference`); ``None`` where they have none
        (:class:`~planner._map_objective.NoDifference`: plans without an objective and bound,
        or that weight areas differently).
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
    check_plan(plan_a, "plan_a", function="diff_plans")
    check_plan(plan_b, "plan_b", function="diff_plans")
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
    difference = objective_difference(plan_a.summary, plan_b.summary)
    return PlanDiff(
        added=pd.DataFrame(added, columns=[*_CAM_COLS, "orientation_true_deg"]),
        removed=pd.DataFrame(removed, columns=[*_CAM_COLS, "orientation_true_deg"]),
        moved=pd.DataFrame(moved, columns=moved_cols),
        unchanged=pd.DataFrame(unchanged, columns=same_cols),
        areas=_area_diff(plan_a.areas, plan_b.areas),
        objective=difference if isinstance(difference, ObjectiveDifference) else None,
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
         kinds: Mapping[Any, str] | None = None, side: str = "") -> str:
    """``lamp-004 (B C002), ...``: each camera's mount and its label in plan ``side``.

    With the plan's letter (:func:`planner.compare.side_label`): "lamp-0061 (C012)" added and
    "lamp-0046 (C012)" removed had named B's C012 and A's as one.

    A camera on a mount its scenario requires says so (``pole-0002 (C141, required by the
    scenario)``): the decision a comparison of ``require_sites`` is about, among the solver's
    choices; so does an existing camera taken down or replaced, and a new one in its place
    (``kinds``: :meth:`PlanDiff.kinds`, ``old (C001, existing, replaced)``).
    """
    from planner.compare import side_label

    kinds = kinds or {}
    return ", ".join(
        f"{esc(r.site_id)} ({esc(side_label(side, r.camera) if side else r.camera)}"
        + (f", {esc(t['required'])}" if bool(r.required_site) else "")
        + (f", {esc(t['kind:' + kinds[r.option_id]])}" if r.option_id in kinds else "") + ")"
        for r in frame.itertuples()) or t["none"]


def changes_html(diff: PlanDiff, name_a: str, name_b: str, *,
                 language: str | None = None, areas_note: str | None = None) -> str:
    """Build the change panel of a comparison: camera changes and coverage per area (escaped).

    It starts folded, its summary line giving the counts: open, it had covered up to a third
    of plan B's map (105 of 285 markers on a 768 px screen). Cameras are named by mount and by
    their label in each plan (C001, ...), which differ between plans; areas by name and id.
    Shares and their changes have one decimal, as ``report.md``'s (whole percents had read
    "24 % | 22 % | -1.1 pp" where the report says 23.6 %). ``areas_note``: said above the areas'
    table (plans that count the night differently: their shares are two measures).
    """
    from planner.compare import side_label

    t = pick(TEXT, language)
    # (bearings from true north, as the popups give them)
    moved_cols = ["site_id", "model_a", "orientation_true_deg_a", "model_b",
                  "orientation_true_deg_b", "camera_a", "camera_b", "required_site"]
    moved = [
        f"{esc(site)} ({esc(model_a)} {_lang.degrees(deg_a, language)} → {esc(model_b)} "
        f"{_lang.degrees(deg_b, language)}; "
        f"{esc(side_label('A', cam_a))} → {esc(side_label('B', cam_b))}"
        f"{', ' + esc(t['required']) if bool(required) else ''})"
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
    caveat = (f'<p class="warn">{esc(t[diff.objective.range_key("areas_not_established")])}</p>'
              if diff.objective is not None and not diff.objective.settled
              and diff.objective.capped != "same" and not diff.objective.proven else "")
    if areas_note is not None:
        caveat += f'<p class="warn">{esc(areas_note.replace("`", ""))}</p>'
    return (
        f'<details class="planner-changes"><summary>{summary}</summary>'
        f"<div><b>{t['added']} ({shown['added']}):</b> {_ids(diff.added, t, kinds_b, 'B')}</div>"
        f"<div><b>{t['removed']} ({shown['removed']}):</b> "
        f"{_ids(diff.removed, t, kinds_a, 'A')}</div>"
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
