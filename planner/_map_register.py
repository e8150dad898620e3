"""What a map's camera popups say from the plan's camera register (internal).

The popups give ``register.csv``'s figures for each camera (DORI ranges by day, privacy zones and
façades in view, an existing camera's owner), from the register's own computation, so the map and
the register agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner import _lang
from planner._lang import pick, texts
from planner._plan_types import Plan

#: the summary panel's privacy row, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "privacy": "New cameras seeing privacy zones",
        # (all together, each m² and home once: the register's sums, which report.md gives
        # beside them, count a zone two cameras see twice and had stood here alone; both had
        # made the panel two lines taller and the town open a zoom step smaller)
        "privacy_value": ("{n_level} of {new} at {level} or better{at_level}; {n_any} of {new} from "
                          "{detect} ({union} m², {homes} homes)"),
        # (what they see at the rule's level, where any does: the panel had counted them only)
        "at_level": " ({m2} m²)",
    },
    "sv": {
        "privacy": "Nya kameror som ser integritetszoner",
        "privacy_value": ("{n_level} av {new} på nivån {level} eller bättre{at_level}; {n_any} "
                          "av {new} från nivån {detect} ({union} m², {homes} bostadshus)"),
        "at_level": " ({m2} m²)",
    },
})

#: The columns of :func:`~planner._report_register.camera_register` a camera's popup gives (as
#: ``register:COLUMN`` of the map's camera frame): the DORI ranges by day, the residential façades
#: and privacy-zone m² in view (from detect level and at the privacy rule's level) and who runs
#: an existing camera.
REGISTER_COLUMNS = (
    "range_identify_m", "range_recognise_m", "range_observe_m", "range_detect_m",
    "residential_facades_in_view", "privacy_zone_m2_in_view", "privacy_level",
    "residential_facades_at_privacy_level", "privacy_zone_m2_at_privacy_level", "operator",
)


def map_register(plan: Plan) -> Any:
    """``register.csv``'s rows of ``plan`` (:func:`~planner._report_register.camera_register`).

    A plan made by hand may lack the camera columns the register reads but the map does not
    need (``approximate``, ``mount_type``, ``hfov_deg``, ``note``): they count as not given.
    """
    import dataclasses

    from planner._report_register import camera_register

    cams = plan.cameras
    blanks = {"approximate": False, "mount_type": None, "hfov_deg": np.nan, "note": None}
    if missing := [c for c in blanks if c not in cams.columns]:
        cams = cams.assign(**{c: blanks[c] for c in missing})
        plan = dataclasses.replace(plan, cameras=cams)
    return camera_register(plan)


def privacy_row(cameras: Any, summary: Any, *, zones: int, totals: dict[str, Any],
                language: str | None = None) -> tuple[str, str] | None:
    """The summary panel's row of what the new cameras see of privacy zones, from the register.

    ``cameras``: the map's camera frame with ``register:COLUMN`` (:data:`REGISTER_COLUMNS`);
    ``zones``: how many privacy zones the plan has (none: no row, as no new camera). How many
    new cameras see a zone at the privacy rule's level and how many anywhere in their view (from
    detect level), with the m² and façades summed as ``report.md`` sums them: the map had given
    them camera by camera only, and a data-protection officer had to add up 137 popups.
    ``totals``: :func:`~planner._report_register.privacy_in_all`, the m² and homes all together
    (each once), given first: the sums count a zone two cameras see twice.
    """
    if not zones or "register:privacy_zone_m2_in_view" not in cameras.columns:
        return None
    new = cameras.loc[~cameras["existing"].astype(bool)]
    if not len(new):
        return None
    t = pick(TEXT, language)
    m2 = new["register:privacy_zone_m2_in_view"].astype(float)
    at_level = new["register:privacy_zone_m2_at_privacy_level"].astype(float)
    # (the register's level, which is the rule's: constraints.privacy_min_level)
    levels = new.get("register:privacy_level", [])
    level = str(levels.iloc[0] if len(levels) and isinstance(levels.iloc[0], str)
                else summary.get("privacy_min_level") or "observe")
    return t["privacy"], t["privacy_value"].format(
        n_level=_lang.number(int((at_level > 0).sum()), 0, language),
        n_any=_lang.number(int((m2 > 0).sum()), 0, language),
        new=_lang.number(len(new), 0, language), level=_lang.level(level, language),
        detect=_lang.level("detect", language),
        union=_lang.number(float(totals["privacy_zone_m2_in_view"]), 1, language),
        homes=_lang.number(int(totals["residential_facades_in_view"]), 0, language),
        at_level=(t["at_level"].format(m2=_lang.number(
            float(totals["privacy_zone_m2_at_privacy_level"]), 1, language))
            if (at_level > 0).any() else ""))
