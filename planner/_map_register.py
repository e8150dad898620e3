"""What a map's camera popups say from the plan's camera register (internal).

The popups give ``register.csv``'s figures for each camera (DORI ranges by day, privacy zones and
façades in view, an existing camera's owner), from the register's own computation, so the map and
the register agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from planner._plan_types import Plan

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
