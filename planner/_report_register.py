"""The camera register: one row per camera for the municipality's surveillance record.

:func:`camera_register` (``register.csv``: position, purpose, model, orientation, ranges, what
each view contains, the documented incidents in it, how the camera is run) and
:func:`register_for_people`, its values worded in the plan's language for ``report.md`` and
``plan.xlsx``; the plan's views by level (:func:`views_at`) and the orientation's compass word.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _lang
from planner._bearing import true_orientation
from planner._existing_owner import owners_of, same_owner
from planner._lang import pick
from planner._plan_types import Plan, camera_labels
from planner._report_text import _TEXT
from planner.workbook import coded_in_words


def compass(deg: float, language: str | None = None) -> str:
    """Compass word for a bearing in degrees (0 = north, clockwise), in ``language``."""
    if deg is None or (isinstance(deg, float) and math.isnan(deg)):
        return pick(_TEXT, language)["all around"]
    return _lang.compass(deg, language)


def camera_register(plan: Plan) -> pd.DataFrame:
    """One row per camera for the municipality's record of its camera surveillance.

    Since 1 April 2025 a municipality needs no permit to watch a public place (kamerabevakningslagen
    2018:1200, amended after prop. 2024/25:93 and bet. 2024/25:JuU27). It weighs the interest in
    the surveillance against the individual's interest in not being watched, documents that
    before the cameras start, and keeps a register of its camera surveillance (kept five years
    after the surveillance ends). This table is the plan's input to both, not the register
    itself (whose contents the municipality settles): per camera the position, the mount's
    type and height (``mount_height_m``: the sites layer's ``height_m``, blank where it has
    none), purpose, model, orientation (``orientation``: from true north, in words for people, e.g.
    ``91.0° (E)``; ``orientation_true_deg``: the same number; ``orientation_deg``: the grid bearing
    of the plan's CRS, as ``x`` and ``y`` and ``cameras.geojson`` give it), field of view and the
    range of each DORI level, the area of its whole view by day (``view_m2``, m²: from detect
    level, line of sight applied, to 1 m²); what the view
    contains: the areas it looks into, and the residential façades and privacy-zone area in its
    whole view (from detect level: anything the camera shows) and at the scenario's
    ``privacy_min_level`` or better (``privacy_level``, the level its privacy rule counts); and
    the documented incidents in its whole view by day (``data.incidents``, counted in
    :mod:`planner._plan_assemble` with the coverage rule; ``..._18_06``: those between 18:00 and
    06:00; blank without that layer or without times of day); and how the
    camera is run, from the scenario's ``[surveillance]`` (operator, hours, storage, live
    viewing, sound, masking; blank where not yet settled). Existing cameras are listed as
    kept: one the municipality runs itself (the sites layer's ``existing_owner`` is the
    scenario's ``surveillance.operator``, :mod:`planner._existing_owner`) as part of its
    surveillance (``operator`` and ``purpose`` of ``[surveillance]``, "existing camera, kept";
    the other running keys blank: the plan keeps the camera as it is run today), another's as in
    its owner's own record (``operator``: its ``existing_owner``, named in the purpose; blank
    where the layer does not say), an existing camera's purpose in the plan's ``language`` (the
    new cameras' is the scenario's own words); ``required_by_scenario`` marks a new camera
    on a mount of ``constraints.require_sites``, ``replaces_existing`` gives the model of the
    existing camera a new one replaces (``constraints.replace_existing``). Ranges and contents are those of the daylight
    view, also in a night plan (whose coverage is capped at the IR range): a camera sees that far
    by day, and the privacy rule counts it. ``areas_in_view`` names the areas, for people (with
    the id where two areas share a name); ``area_ids_in_view`` gives the same areas' ids in the
    same order, joined by ``;``, for filtering and joins.
    """
    from planner.scenario import LEVELS

    cams = plan.cameras
    wgs = cams.to_crs("EPSG:4326") if len(cams) else cams
    full_views = views_at(plan, 1, daylight=True)
    level_name = plan.summary.get("privacy_min_level", "observe")
    running = _running(plan.summary)
    purpose = running["purpose"]
    privacy_level = LEVELS.index(level_name) + 1
    close_views = views_at(plan, privacy_level, daylight=True)
    day = "daylight_" if "daylight_range_detect_m" in cams.columns else ""
    residential = plan.buildings[plan.buildings.get("kind", pd.Series(dtype=str)) == "residential"]
    res_tree = shapely.STRtree(residential.geometry.values) if len(residential) else None
    zone_tree = (
        shapely.STRtree(plan.privacy_zones.geometry.values) if len(plan.privacy_zones) else None
    )
    area_geoms = plan.areas.geometry.values
    # an area by its name, with its id where several share the name (DeSO areas carry their
    # RegSO's name: 21 areas, 11 names, and the register could not tell them apart)
    names = plan.areas["name"].astype(str)
    shared = names.duplicated(keep=False).to_numpy()
    area_ids = plan.areas["area_id"].astype(str).to_numpy()
    area_label = np.where(shared, names + " (" + area_ids + ")", names)
    counted = plan.incidents is not None and "incidents_in_view" in cams.columns
    # bearings from true north for people (orientation_deg is the metric CRS's grid bearing)
    true_deg = true_orientation(cams, plan.crs)
    owners = owners_of(cams["site_id"], plan.sites) if len(cams) else []
    language = _lang.language_of(plan.summary)
    # the mount's height above ground (the sites layer's height_m), which the installer needs
    # beside the mount type; blank where the layer has none (it had been read and dropped)
    heights = (plan.sites.drop_duplicates("site_id").set_index("site_id")["height_m"]
               if "height_m" in plan.sites.columns and "site_id" in plan.sites.columns
               else pd.Series(dtype=float))
    rows = []
    labels = camera_labels(len(cams))
    for i, cam in enumerate(cams.itertuples(index=False)):
        view = _view_of(full_views, cam.option_id)
        seen = (np.flatnonzero(shapely.intersects(area_geoms, view)) if view is not None
                else np.array([], dtype=int))
        seen_areas = ", ".join(dict.fromkeys(area_label[seen]))
        facades, zones_area = _privacy_seen(view, res_tree, zone_tree, plan)
        facades_rule, zones_rule = _privacy_seen(_view_of(close_views, cam.option_id), res_tree,
                                                 zone_tree, plan)
        ranges = {f"range_{name}_m": round(float(getattr(cam, f"{day}range_{name}_m", np.nan)), 1)
                  for name in ("identify", "recognise", "observe", "detect")}
        # the recording area: the whole view by day, buildings' shadows taken off (a DPIA's
        # measure of what is watched; the register had given its ranges only)
        view_m2 = round(float(shapely.area(view)), 0) if view is not None else 0.0
        x, y = cam.geometry.x, cam.geometry.y
        # (a new camera's purpose: the scenario's, with the areas it looks into)
        # (": " reads in either language: the purpose is the scenario's own words, and " of "
        # had followed a Swedish one: "... på allmän plats of Nyhem")
        ours = (purpose or "") + (f": {seen_areas}" if purpose and seen_areas else "")
        owner = owners[i] if cam.existing else None
        own = bool(cam.existing) and same_owner(owner, running["operator"])
        rows.append(
            {
                "camera": labels[i],
                "site_id": cam.site_id,
                "status": "existing" if cam.existing else "new",
                # a new camera on a mount of constraints.require_sites: the scenario's decision,
                # not the optimiser's (the map and report.md said so, the register had not);
                # a plan without the column (or a blank in it) has none, as on the map
                "required_by_scenario": getattr(cam, "required_site", False) in (True,),
                # a new camera in an existing one's place (constraints.replace_existing): the
                # replaced camera's model; blank on every other camera
                "replaces_existing": (old if isinstance(old := getattr(
                    cam, "replaces_existing", None), str) else None),
                "lat": round(wgs.geometry.iloc[i].y, 6),
                "lon": round(wgs.geometry.iloc[i].x, 6),
                "x": round(x, 1),
                "y": round(y, 1),
                "position_approximate": bool(cam.approximate),
                "mount_type": cam.mount_type,
                "mount_height_m": _height(heights.get(cam.site_id)),
                "model": cam.model,
                # for people: from true north, as a compass (after declination) and a map app
                # give it; orientation_deg is the grid bearing of the plan's CRS, as x and y are
                "orientation": _orientation(true_deg[i]),
                "orientation_true_deg": true_deg[i],
                "orientation_deg": float(cam.orientation_deg),
                "hfov_deg": round(float(getattr(cam, "hfov_deg", np.nan)), 1),
                **ranges,
                "view_m2": view_m2,
                # (an existing camera's in the plan's language: "(existing camera, kept)" had
                # followed a Swedish purpose)
                "purpose": (existing_purpose(owner, own, ours, language) if cam.existing
                            else ours),
                "areas_in_view": seen_areas,
                # the same areas by id, in the same order: names are for people, ids for
                # filtering and joins (a name carries its id only where two areas share it)
                "area_ids_in_view": ";".join(area_ids[seen]),
                "residential_facades_in_view": facades,
                "privacy_zone_m2_in_view": _tenths_up(zones_area),
                "privacy_level": level_name,
                "residential_facades_at_privacy_level": facades_rule,
                "privacy_zone_m2_at_privacy_level": _tenths_up(zones_rule),
                # (counted in _plan_assemble.py with the coverage rule, as
                # min_incidents_in_view counts)
                "incidents_in_view": int(cam.incidents_in_view) if counted else None,
                "incidents_in_view_18_06": (
                    int(cam.incidents_in_view_18_06)
                    if counted and not np.isnan(cam.incidents_in_view_18_06) else None),
                **{k: (None if cam.existing else running[k]) for k in RUNNING_COLUMNS},
                # who runs an existing camera: the municipality (as [surveillance] writes it)
                # or the owner the sites layer names (the register had left it blank)
                **({"operator": running["operator"] if own else owner} if cam.existing else {}),
                "note": cam.note,
            }
        )
    columns = [
        "camera", "site_id", "status", "required_by_scenario", "replaces_existing", "lat", "lon",
        "x", "y",
        "position_approximate",
        "mount_type", "mount_height_m", "model", "orientation", "orientation_true_deg",
        "orientation_deg",
        "hfov_deg", "range_identify_m",
        "range_recognise_m", "range_observe_m", "range_detect_m", "view_m2", "purpose",
        "areas_in_view",
        "area_ids_in_view",
        "residential_facades_in_view", "privacy_zone_m2_in_view", "privacy_level",
        "residential_facades_at_privacy_level", "privacy_zone_m2_at_privacy_level",
        "incidents_in_view", "incidents_in_view_18_06", *RUNNING_COLUMNS, "note",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    # whole numbers stay whole beside the blanks of existing cameras (7 days had read "7.0")
    for column in ("incidents_in_view", "incidents_in_view_18_06", "storage_days"):
        out[column] = out[column].astype("Int64")
    return out


#: Former name of :func:`camera_register` (the permit requirement it served was removed in 2025).
permit_dossier = camera_register

#: The ``[surveillance]`` keys each new camera's row of the register repeats.
RUNNING_COLUMNS = ("operator", "hours", "storage_days", "live_viewing", "sound",
                   "privacy_masking")


def existing_purpose(owner: str | None, own: bool, purpose: str,
                     language: str | None = None) -> str:
    """An existing camera's purpose in the register, in ``language``.

    The municipality's ``own`` camera: its surveillance's ``purpose`` (the new cameras' words,
    with the areas in view) as an existing camera kept; another's: kept, listed in the register
    of its ``owner`` (of whoever runs it where the layer does not say).
    """
    t = pick(_TEXT, language)
    if own:
        return t["own existing"].format(purpose=purpose) if purpose else t["own existing bare"]
    return t["existing purpose of"].format(owner=owner) if owner else t["existing purpose"]


def _height(value: Any) -> float:
    """A mount's height in metres to 0.1, NaN (a blank cell) where unknown."""
    try:
        height = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return round(height, 1) if math.isfinite(height) else float("nan")


def _tenths_up(m2: float) -> float:
    """Privacy-zone area to 0.1 m², rounded up: a view into a zone never reads 0.

    (0.014 m² had read 0.0, and four cameras kept to be masked were missing from the list of
    cameras to mask.)
    """
    return float(np.ceil(round(m2 * 10, 6)) / 10) if m2 > 0 else 0.0


def _privacy_seen(view: Any, res_tree: shapely.STRtree | None, zone_tree: shapely.STRtree | None,
                  plan: Plan) -> tuple[int, float]:
    """Residential buildings whose façade a view touches, and the privacy-zone m² it covers.

    The area is that of the zones' union within the view: where zones overlap, the overlap
    counts once (as the privacy rule counts it).
    """
    if view is None:
        return 0, 0.0
    facades = (len(res_tree.query(shapely.buffer(view, 0.5), predicate="intersects"))
               if res_tree is not None else 0)
    area = 0.0
    if zone_tree is not None:
        hit = zone_tree.query(view, predicate="intersects")
        # the union of the zones, as the privacy rule measures them (planner._privacy dissolves
        # overlapping zones): a strip drawn over a garden had been counted twice
        if len(hit):
            zones = shapely.union_all(plan.privacy_zones.geometry.values[hit])
            area = float(shapely.area(shapely.intersection(zones, view)))
    return facades, area


#: The summary keys of :func:`privacy_in_all`: what the new cameras see of homes all together.
PRIVACY_TOTALS = ("view_m2", "privacy_zone_m2_in_view", "residential_facades_in_view",
                  "privacy_zone_m2_at_privacy_level", "residential_facades_at_privacy_level")


def with_privacy_totals(plan: Plan) -> Plan:
    """``plan`` with :func:`privacy_in_all`'s figures in its summary, computed once.

    What the new cameras see of homes all together (each m² and home once) goes to
    ``summary.json``, ``plan.xlsx``'s summary, ``report.md`` and the map alike, and a comparison
    reads it for both plans: the union is computed here once, and read back from the summary.
    """
    if all(k in plan.summary for k in PRIVACY_TOTALS):
        return plan
    return dataclasses.replace(plan, summary={**plan.summary, **privacy_in_all(plan)})


def privacy_in_all(plan: Plan) -> dict[str, float | int]:
    """What the plan's new cameras see of homes all together, each m² and each home once.

    ``view_m2``: the area the new cameras record by day all together (the union of their whole
    views, from detect level, to 1 m²); ``privacy_zone_m2_in_view``: the m² of privacy zones
    (their union) within that union, rounded up to 0.1 m² as the register rounds each camera's; ``residential_facades_in_view``: the residential buildings whose
    façade at least one new camera's view touches (as the register counts them per camera);
    ``..._at_privacy_level``: the same at the privacy rule's level or better. The register's
    columns of the same names are per camera, and their sums count a zone or a home that two
    cameras see twice (Katrineholm: 39,114.2 m² and 291 summed, 38,375.9 m² and 251 homes all
    together). The plan's summary has them once written (:func:`planner.report.write_plan`);
    a plan without them has them computed here (0.11 to 0.17 s for Katrineholm's 137 cameras,
    against 0.17 to 0.22 s for the register itself).
    """
    from planner.scenario import LEVELS

    if all(k in plan.summary for k in PRIVACY_TOTALS):
        return {k: plan.summary[k] for k in PRIVACY_TOTALS}
    new = plan.cameras.loc[~plan.cameras["existing"].astype(bool), "option_id"].tolist()
    residential = plan.buildings[plan.buildings.get("kind", pd.Series(dtype=str)) == "residential"]
    res_tree = shapely.STRtree(residential.geometry.values) if len(residential) else None
    zones = plan.privacy_zones.geometry.values
    level = LEVELS.index(plan.summary.get("privacy_min_level", "observe")) + 1
    out: dict[str, float | int] = {}
    for key, at in (("in_view", 1), ("at_privacy_level", level)):
        views = views_at(plan, at, daylight=True)
        seen = [v for o in new if (v := _view_of(views, o)) is not None]
        homes: set[int] = set()
        if res_tree is not None:
            for view in seen:
                homes.update(res_tree.query(shapely.buffer(view, 0.5),
                                            predicate="intersects").tolist())
        area = 0.0
        union = shapely.union_all(seen) if seen else None
        if key == "in_view":
            out["view_m2"] = round(float(shapely.area(union)), 0) if union is not None else 0.0
        if union is not None and len(zones):
            hit = shapely.STRtree(zones).query(union, predicate="intersects")
            if len(hit):
                area = float(shapely.area(shapely.intersection(shapely.union_all(zones[hit]),
                                                               union)))
        out[f"privacy_zone_m2_{key}"] = _tenths_up(area)
        out[f"residential_facades_{key}"] = len(homes)
    return out


def views_at(plan: Plan, level: int, *, daylight: bool = False) -> gpd.GeoDataFrame | None:
    """The plan's view polygons at ``level`` (1 detect ... 4 identify) or better, by option.

    ``daylight``: without a night plan's IR cap.
    """
    views = plan.daylight_views if daylight and plan.daylight_views is not None else plan.views
    if not len(views):
        return None
    return views[views["level"] == level].set_index("option_id")


def _view_of(views: gpd.GeoDataFrame | None, option_id: int) -> Any:
    if views is None or option_id not in views.index:
        return None
    view = views.loc[option_id, "geometry"]
    return view.iloc[0] if isinstance(view, gpd.GeoSeries) else view


def _orientation(deg: float, language: str | None = None) -> str:
    """A camera's orientation as the register gives it: ``22.5° (NE)``, Swedish ``22,5° (NO)``."""
    return f"{_lang.degrees(deg, language)} ({compass(deg, language)})"


def register_for_people(register: pd.DataFrame, plan: Plan,
                        language: str | None = None) -> pd.DataFrame:
    """:func:`camera_register`'s rows of ``plan`` with the values it words in ``language``.

    Status, orientation (from true north, with its compass word), purpose and privacy level:
    register.csv keeps them in English, as programs read them; report.md and plan.xlsx show them
    in ``language``. The mount type in words in English too (``lamp post``; register.csv keeps
    the code, ``lamp_post``). The columns are the register's.
    """
    if language in (None, "en") or not len(register):
        # (English keeps the register's words but the mount types': "lamp_post", the sites
        # layer's code, had stood in report.md's English register)
        return coded_in_words(register, language)
    t = pick(_TEXT, language)
    out = register.copy()
    # the bearing worded anew from the camera's number ("22.5° (NE)" had kept its decimal point)
    degrees = out["orientation_true_deg"].to_numpy(dtype=float)
    if len(plan.cameras) != len(out):
        raise ValueError("register_for_people: the register is not the plan's (row counts differ)")
    out["orientation"] = [_orientation(deg, language) for deg in degrees]
    running = _running(plan.summary)
    purpose = running["purpose"]
    existing = out["status"] == "existing"
    owners = owners_of(out["site_id"], plan.sites)
    ours = [t["purpose of"].format(purpose=purpose, areas=areas) if purpose and areas
            else purpose or "" for areas in out["areas_in_view"]]
    out["purpose"] = [
        existing_purpose(owner, same_owner(owner, running["operator"]), text, language) if old
        else text
        for old, owner, text in zip(existing, owners, ours, strict=True)]
    return coded_in_words(out, language)


def _running(summary: dict[str, Any]) -> dict[str, Any]:
    """How the cameras are run: the plan's ``[surveillance]``, every key present."""
    from planner.scenario import SurveillanceConfig

    return {**SurveillanceConfig().model_dump(), **(summary.get("surveillance") or {})}


def _seeing_zones(register: pd.DataFrame) -> pd.DataFrame:
    """The register's new cameras that see a privacy zone at the privacy rule's level."""
    return register.loc[(register["status"] == "new")
                        & (register["privacy_zone_m2_at_privacy_level"].astype(float) > 0)]
