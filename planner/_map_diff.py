"""Plan comparison for the maps: which cameras were added, removed or moved, and coverage per area.

:func:`diff_plans` is public through :mod:`planner.maps`; :func:`check_plan` validates a plan before
any map is drawn from it. The change panel is in English or Swedish (:mod:`planner._lang`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from planner import _lang
from planner._lang import pick, texts
from planner._map_html import counted, decimal, esc, fmt_int, fmt_pct
from planner._plan_types import Plan, camera_labels
from planner.errors import InputError

__all__ = ["ORIENTATION_TOLERANCE_DEG", "PlanDiff", "changes_html", "check_plan", "diff_plans"]

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
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Area",
        "change": "Change",
        "points": "pp",
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
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Område",
        "change": "Ändring",
        "points": "procentenheter",
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
        ``existing``, ``camera`` (its label in its plan: C001, ...; labels follow each plan's
        order, so one camera may have different labels in A and B).
    removed
        Cameras of A not in B (same columns).
    moved
        ``site_id``, ``option_id_a``, ``option_id_b``, ``model_a``, ``model_b``,
        ``orientation_deg_a``, ``orientation_deg_b``, ``camera_a``, ``camera_b``.
    unchanged
        ``site_id``, ``option_id_a``, ``option_id_b``, ``model``, ``orientation_deg``,
        ``existing`` (an existing camera stays in every plan), ``camera_a``, ``camera_b``.
    areas
        Per area (union of both plans): ``area_id``, ``name``, ``covered_share_a``,
        ``covered_share_b``, ``change`` (B minus A; NaN where an area is in one plan only).
    """

    added: pd.DataFrame
    removed: pd.DataFrame
    moved: pd.DataFrame
    unchanged: pd.DataFrame
    areas: pd.DataFrame

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


_CAM_COLS = ["option_id", "site_id", "model", "orientation_deg", "existing", "camera"]


def _same(a: dict[Hashable, Any], b: dict[Hashable, Any]) -> bool:
    if a["model"] != b["model"]:
        return False
    diff = abs(float(a["orientation_deg"]) - float(b["orientation_deg"])) % 360.0
    return min(diff, 360.0 - diff) <= ORIENTATION_TOLERANCE_DEG


def _records(cameras: pd.DataFrame) -> dict[Any, list[dict[Hashable, Any]]]:
    frame = pd.DataFrame(cameras).assign(camera=camera_labels(len(cameras)))
    rows = frame[_CAM_COLS].to_dict("records")
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
    a_sites, b_sites = _records(plan_a.cameras), _records(plan_b.cameras)
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
                }
            )
        removed += left[len(right) :]
        added += right[len(left) :]
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
    ]
    same_cols = ["site_id", "option_id_a", "option_id_b", "model", "orientation_deg", "existing",
                 "camera_a", "camera_b"]
    return PlanDiff(
        added=pd.DataFrame(added, columns=_CAM_COLS),
        removed=pd.DataFrame(removed, columns=_CAM_COLS),
        moved=pd.DataFrame(moved, columns=moved_cols),
        unchanged=pd.DataFrame(unchanged, columns=same_cols),
        areas=_area_diff(plan_a.areas, plan_b.areas),
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


def _ids(frame: pd.DataFrame, none: str) -> str:
    """``lamp-004 (C002), ...``: each camera's mount and its label in its own plan."""
    return ", ".join(f"{esc(r.site_id)} ({esc(r.camera)})" for r in frame.itertuples()) or none


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
    moved_cols = ["site_id", "model_a", "orientation_deg_a", "model_b", "orientation_deg_b",
                  "camera_a", "camera_b"]
    moved = [
        f"{esc(site)} ({esc(model_a)} {_lang.degrees(deg_a, language)} → {esc(model_b)} "
        f"{_lang.degrees(deg_b, language)}; "
        f"{esc(cam_a)} → {esc(cam_b)})"
        for site, model_a, deg_a, model_b, deg_b, cam_a, cam_b in diff.moved[moved_cols]
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
    counts = t["counts"].format(**{k: fmt_int(v, language=language) for k, v in n.items()},
                                **{f"{k}_word": counted(v, t, k) for k, v in n.items()})
    shown = {k: fmt_int(v, language=language) for k, v in n.items()}
    summary = t["changes"].format(a=esc(name_a), b=esc(name_b), counts=counts)
    return (
        f'<details class="planner-changes"><summary>{summary}</summary>'
        f"<div><b>{t['added']} ({shown['added']}):</b> {_ids(diff.added, t['none'])}</div>"
        f"<div><b>{t['removed']} ({shown['removed']}):</b> "
        f"{_ids(diff.removed, t['none'])}</div>"
        f"<div><b>{t['moved']} ({shown['moved']}):</b> {', '.join(moved) or t['none']}</div>"
        f"<div><b>{t['unchanged']}:</b> {_unchanged(diff.unchanged, language)}</div>"
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
    return decimal(f"{100.0 * number:+.1f}", language) + "\u00a0" + pick(TEXT, language)["points"]
