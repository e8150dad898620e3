"""Tables, summary and surveillance record of a :class:`~planner._plan_types.Plan`; writing a plan.

``write_plan`` writes every output of one plan into a folder atomically: everything goes to a
temporary sibling folder that replaces the target only when all files are written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner._plan_types import Plan, camera_labels
from planner.io import NIGHT_HOURS, atomic_dir, write_geojson
from planner.workbook import summary_table, write_workbook

LEVEL_NAMES = {1: "detect", 2: "observe", 3: "recognise", 4: "identify"}
COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")

AREA_COLUMNS = [
    "area_id",
    "name",
    "population",
    "priority",
    "weight",
    "covered_share_before",
    "covered_share_after",
    "covered_population_after",
]
CAMERA_COLUMNS = [
    "camera",
    "site_id",
    "mount_type",
    "model",
    "model_name",
    "orientation_deg",
    "hfov_deg",
    "cost_sek",
    "existing",
    "approximate",
    "covered_weight",
    "covered_population",
    "marginal_value",
    "weight_identify",
    "weight_recognise",
    "weight_observe",
    "weight_detect",
]


_STOPPED = {
    "proof": "proven (reproducible)",
    "heuristic": "greedy heuristic (reproducible)",
    "work limit": "stopped at the solver's deterministic work limit (reproducible)",
    "numerics": "the solver's tolerances stopped the proof; the best plan found before it "
    "(reproducible)",
    "time limit": "stopped by the time limit (may differ on another machine: raise "
    "solver.time_limit_s)",
    "gap limit": "stopped within the gap solver.gap asked for (reproducible)",
}


def compass(deg: float) -> str:
    """Compass word for a bearing in degrees (0 = north, clockwise)."""
    if deg is None or (isinstance(deg, float) and math.isnan(deg)):
        return "all around"
    return COMPASS[int(((float(deg) % 360) + 22.5) // 45) % 8]


def area_table(plan: Plan) -> pd.DataFrame:
    """One row per planned area: population, priority, covered share before and after."""
    return (
        pd.DataFrame(plan.areas[AREA_COLUMNS])
        .sort_values(["priority", "area_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def camera_table(plan: Plan) -> pd.DataFrame:
    """One row per camera in the plan with its cost, coverage and marginal value."""
    table = pd.DataFrame(plan.cameras.drop(columns="geometry"))
    table.insert(0, "camera", camera_labels(len(table)))
    return table[[c for c in CAMERA_COLUMNS if c in table.columns]]


def camera_register(plan: Plan) -> pd.DataFrame:
    """One row per camera for the municipality's record of its camera surveillance.

    Since 1 April 2025 a municipality needs no permit to watch a public place (kamerabevakningslagen
    2018:1200, amended after prop. 2024/25:93 and bet. 2024/25:JuU27). It weighs the interest in
    the surveillance against the individual's interest in not being watched, documents that
    before the cameras start, and keeps a register of its camera surveillance (kept five years
    after the surveillance ends). This table is the plan's input to both, not the register
    itself (whose contents the municipality settles): per camera the position,
    purpose, model, orientation, field of view and the range of each DORI level; what the view
    contains: the areas it looks into, and the residential façades and privacy-zone area in its
    whole view (from detect level: anything the camera shows) and at the scenario's
    ``privacy_min_level`` or better (``privacy_level``, the level its privacy rule counts); and
    the documented incidents in its whole view by day (``data.incidents``, counted in
    :mod:`planner.plan` with the coverage rule; ``..._18_06``: those between 18:00 and 06:00;
    blank without that layer or without times of day); and how the
    camera is run, from the scenario's ``[surveillance]`` (operator, hours, storage, live
    viewing, sound, masking; blank where not yet settled). Existing cameras are listed as
    kept (their operators' own records cover them). Ranges and contents are those of the daylight
    view, also in a night plan (whose coverage is capped at the IR range): a camera sees that far
    by day, and the privacy rule counts it.
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
    area_label = np.where(shared, names + " (" + plan.areas["area_id"].astype(str) + ")", names)
    counted = plan.incidents is not None and "incidents_in_view" in cams.columns
    rows = []
    labels = camera_labels(len(cams))
    for i, cam in enumerate(cams.itertuples(index=False)):
        view = _view_of(full_views, cam.option_id)
        seen_areas = (
            ", ".join(dict.fromkeys(
                area_label[np.flatnonzero(shapely.intersects(area_geoms, view))]))
            if view is not None
            else ""
        )
        facades, zones_area = _privacy_seen(view, res_tree, zone_tree, plan)
        facades_rule, zones_rule = _privacy_seen(_view_of(close_views, cam.option_id), res_tree,
                                                 zone_tree, plan)
        ranges = {f"range_{name}_m": round(float(getattr(cam, f"{day}range_{name}_m", np.nan)), 1)
                  for name in ("identify", "recognise", "observe", "detect")}
        x, y = cam.geometry.x, cam.geometry.y
        rows.append(
            {
                "camera": labels[i],
                "site_id": cam.site_id,
                "status": "existing" if cam.existing else "new",
                "lat": round(wgs.geometry.iloc[i].y, 6),
                "lon": round(wgs.geometry.iloc[i].x, 6),
                "x": round(x, 1),
                "y": round(y, 1),
                "position_approximate": bool(cam.approximate),
                "mount_type": cam.mount_type,
                "model": cam.model,
                "orientation": f"{cam.orientation_deg:.0f}° ({compass(cam.orientation_deg)})",
                "hfov_deg": round(float(getattr(cam, "hfov_deg", np.nan)), 1),
                **ranges,
                "purpose": (
                    "Existing camera, kept as it is (its operator's own record covers it)"
                    if cam.existing else
                    (purpose or "") + (f" of {seen_areas}" if purpose and seen_areas else "")
                ),
                "areas_in_view": seen_areas,
                "residential_facades_in_view": facades,
                "privacy_zone_m2_in_view": round(zones_area, 1),
                "privacy_level": level_name,
                "residential_facades_at_privacy_level": facades_rule,
                "privacy_zone_m2_at_privacy_level": round(zones_rule, 1),
                # (counted in plan.py with the coverage rule, as min_incidents_in_view counts)
                "incidents_in_view": int(cam.incidents_in_view) if counted else None,
                "incidents_in_view_18_06": (
                    int(cam.incidents_in_view_18_06)
                    if counted and not np.isnan(cam.incidents_in_view_18_06) else None),
                **{k: (None if cam.existing else running[k]) for k in RUNNING_COLUMNS},
                "note": cam.note,
            }
        )
    columns = [
        "camera", "site_id", "status", "lat", "lon", "x", "y", "position_approximate",
        "mount_type", "model", "orientation", "hfov_deg", "range_identify_m",
        "range_recognise_m", "range_observe_m", "range_detect_m", "purpose", "areas_in_view",
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


def _privacy_seen(view: Any, res_tree: shapely.STRtree | None, zone_tree: shapely.STRtree | None,
                  plan: Plan) -> tuple[int, float]:
    """Residential buildings whose façade a view touches, and the privacy-zone m² it covers."""
    if view is None:
        return 0, 0.0
    facades = (len(res_tree.query(shapely.buffer(view, 0.5), predicate="intersects"))
               if res_tree is not None else 0)
    area = 0.0
    if zone_tree is not None:
        hit = zone_tree.query(view, predicate="intersects")
        area = float(shapely.area(
            shapely.intersection(plan.privacy_zones.geometry.values[hit], view)).sum())
    return facades, area


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


def summary_json(plan: Plan) -> str:
    """The summary as stable, pretty JSON (sorted keys)."""
    return json.dumps(_jsonable(plan.summary), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else None
    return value


_MD_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`", "\\": "\\\\"}
)


def md_text(value: Any) -> str:
    """Text from data made safe for Markdown: one line, no HTML tags, links or code spans."""
    return " ".join(str(value).split()).translate(_MD_ESCAPES)


def _md_table(frame: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None) -> str:
    formats = formats or {}
    head = "| " + " | ".join(frame.columns) + " |"
    sep = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = [head, sep]
    for row in frame.itertuples(index=False):
        cells = []
        for col, val in zip(frame.columns, row, strict=True):
            fmt = formats.get(col)
            text = fmt(val) if fmt else (f"{val:,.0f}" if isinstance(val, float) else str(val))
            cells.append(md_text(text))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report_markdown(plan: Plan, register: pd.DataFrame | None = None) -> str:
    """A readable report: summary, per-area and per-camera tables, and the surveillance record.

    ``register`` is :func:`camera_register` of the plan if the caller has it already.
    """
    s = plan.summary
    if register is None:
        register = camera_register(plan)
    pct = lambda v: f"{100 * v:.1f} %"  # noqa: E731
    lines = [
        f"# Camera plan: {md_text(s.get('title') or s['scenario'])}",
        "",
        f"- Scenario: {md_text(s['scenario'])}",
        f"- Budget: {s['budget_sek']:,.0f} SEK over {s['horizon_years']:g} years "
        f"({'yearly costs included' if s['include_yearly_costs'] else 'purchase and installation only'})",
        f"- Spent: {s['spent_sek']:,.0f} SEK; remaining {s['remaining_sek']:,.0f} SEK",
        f"- Cameras: {s['n_cameras_new']} new, {s['n_cameras_existing']} existing",
        f"- Covered share of weighted demand: {pct(s['covered_share_before'])} before, "
        f"{pct(s['covered_share'])} after (graded by DORI level)",
        f"- Covered population (graded): {s['covered_population']:,.0f} of {s['population']:,}",
        f"- Solver: {s['backend']}, status {s['status']}, gap {100 * s['gap']:.3f} %, "
        f"objective {s['objective']:,.1f}, bound {s['bound']:,.1f}; "
        f"{_STOPPED.get(s.get('stopped_by', 'proof'), md_text(str(s.get('stopped_by'))))}",
        *(f"- Note: {md_text(note)}" for note in s.get("notes") or ()),
        "- Tables for Excel: `plan.xlsx` (summary, camera register, areas); for scripts and GIS: "
        "`register.csv`, `areas.geojson`, `cameras.geojson`",
        "",
        "## Areas",
        "",
        _md_table(
            area_table(plan),
            {
                "priority": lambda v: f"{v:.2f}",
                "covered_share_before": pct,
                "covered_share_after": pct,
            },
        ),
        "",
        "## Cameras",
        "",
        "covered_population: the people this camera alone covers, graded by its DORI level "
        "(cameras overlap, so these do not add up to the plan's); marginal_value: the demand "
        "weight (population weighted by the area's priority, graded) the plan loses without it.",
        "",
        _md_table(
            camera_table(plan)[
                [
                    "camera",
                    "site_id",
                    "model",
                    "orientation_deg",
                    "cost_sek",
                    "existing",
                    "covered_population",
                    "marginal_value",
                ]
            ],
            {"orientation_deg": lambda v: f"{v:.0f}°"},
        ),
        "",
        *_record_lines(plan, register, s),
        "",
        *_provenance_lines(s),
    ]
    return "\n".join(lines)


#: How ``report.md`` names each ``[surveillance]`` key, and what an unsettled one asks for.
_RECORD_ITEMS = {
    "operator": ("Operator (controller)", "who runs the cameras and is the controller"),
    "contact": ("Contact", "whom the public asks, e.g. the data protection officer"),
    "purpose": ("Purpose", "what the cameras are for, e.g. crime prevention and safety in "
                "public space"),
    "legal_basis": ("Legal basis", "the legal basis of the processing, e.g. GDPR art. 6.1 e"),
    "decision": ("Documented balancing", "who weighed the interests, when, and its reference"),
    "start_date": ("Start", "when the surveillance starts (the register is kept five years "
                   "after it ends)"),
    "live_viewing_where": ("Watched live where", "where live pictures are watched and by whom"),
    "workplace": ("A workplace", "whether a watched place is someone's workplace (then the "
                  "employees' representatives give their opinion)"),
    "hours": ("Hours", "when the cameras record (the documented incidents may justify "
              "evenings and nights only)"),
    "storage_days": ("Recordings kept", "how long recordings are kept before they are erased"),
    "live_viewing": ("Watched live", "whether anyone watches live"),
    "sound": ("Sound recorded", "whether sound is recorded"),
    "privacy_masking": ("Homes masked in the image", "whether windows and entrances of homes "
                        "in view are masked in the camera"),
    "signage": ("Signs", "how and where people are told of the cameras"),
    "alternatives": ("Other measures first", "lighting, guards, vegetation: what was tried or "
                     "considered first"),
    "incidents": ("Documented incidents", "where the crimes and incidents at these places are "
                  "documented"),
}


def _record_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "storage_days":
        return f"{value:g} days"
    return md_text(str(value))


def _running(summary: dict[str, Any]) -> dict[str, Any]:
    """How the cameras are run: the plan's ``[surveillance]``, every key present."""
    from planner.scenario import SurveillanceConfig

    return {**SurveillanceConfig().model_dump(), **(summary.get("surveillance") or {})}


def _record_lines(plan: Plan, register: pd.DataFrame, s: dict[str, Any]) -> list[str]:
    """The report's section for the documented interest balancing and the register."""
    from planner.scenario import SURVEILLANCE_ITEMS

    running = _running(s)
    settled = [f"- {_RECORD_ITEMS[k][0]}: {_record_value(k, running[k])}"
               for k in SURVEILLANCE_ITEMS if running.get(k) is not None]
    open_items = [f"- {_RECORD_ITEMS[k][0]} (`surveillance.{k}`): {_RECORD_ITEMS[k][1]}"
                  for k in SURVEILLANCE_ITEMS if running.get(k) is None]
    return [
        "## Surveillance record: interest balancing and register",
        "",
        "Since 1 April 2025 camera surveillance of places the public has access to needs no "
        "permit (kamerabevakningslagen 2018:1200, amended after prop. 2024/25:93). The "
        "municipality itself weighs the interest in the surveillance against the individual's "
        "interest in not being watched, documents that before the cameras start, and keeps a "
        "register of its camera surveillance, kept five years after the surveillance ends; "
        "signs and GDPR's rules apply as before. This section is the plan's input to that "
        "record: what each camera records and how it is run. The weighing itself, the "
        "documented incidents it rests on and the register's final form are the "
        "municipality's.",
        "",
        "How the cameras are run (the scenario's `[surveillance]`):",
        "",
        *settled,
        *(["", "Still to settle before the cameras start (keys of `[surveillance]`):", "",
           *open_items] if open_items else []),
        "",
        *_incident_lines(plan, register),
        "",
        "Each row states position, purpose, model, orientation, field of view and how far each "
        "DORI level reaches, and what the view contains: the areas in view, the residential "
        "façades and privacy-zone area anywhere in the view (from detect level, where a person "
        "is only detected), and the façades and privacy-zone area it shows at "
        f"{md_text(s.get('privacy_min_level', 'observe'))} level or better (the level the "
        "scenario's privacy rule counts). register.csv and plan.xlsx have the ranges of every "
        "level and how each camera is run; `plan --drawings` draws the recording area of each "
        "area's cameras."
        + (" In this night plan the ranges and contents are those of the daylight view, which the "
           "privacy rule counts (the map and cameras.geojson show the night coverage, capped at "
           "each model's IR range)." if plan.daylight_views is not None else ""),
        "",
        _md_table(
            register.drop(columns=["x", "y", "note", "range_recognise_m", "range_observe_m",
                                   "privacy_level", *RUNNING_COLUMNS, "incidents_in_view_18_06",
                                   *(["incidents_in_view"] if plan.incidents is None else [])]),
            {"lat": lambda v: f"{v:.6f}", "lon": lambda v: f"{v:.6f}"},  # (as register.csv: 0.1 m)
        ),
    ]


def _incident_lines(plan: Plan, register: pd.DataFrame) -> list[str]:
    """What the documented incidents say of the plan's views (the ground the weighing rests on)."""
    if plan.incidents is None:
        return ["Documented incidents: the scenario has no `data.incidents` layer. The weighing "
                "rests on documented crimes and incidents at the watched places; give them as "
                "points (`date`, `time`, `kind`) and register.csv counts them in each camera's "
                "view."]
    start, end = NIGHT_HOURS
    c = plan.summary.get("incidents") or {}
    n = c.get("n", len(plan.incidents))
    dated = (f", dated {c['first_day']} to {c['last_day']}" if c.get("first_day") else "")
    lines = [
        f"Documented incidents (`data.incidents`): {n}{dated}; {c.get('with_time', 0)} with a "
        f"time of day, {c.get('at_night', 0)} of them between {start:02d}:00 and {end:02d}:00."
        + (f" {c['in_new_views']} lie in the view of the plan's new cameras "
           f"({c['in_new_views_at_night']} of them between {start:02d}:00 and {end:02d}:00)."
           if "in_new_views" in c else ""),
    ]
    new = register["status"] == "new"
    bare = register.loc[new & (register["incidents_in_view"] == 0), "camera"].tolist()
    if bare:
        shown = ", ".join(bare[:30]) + (f" and {len(bare) - 30} more" if len(bare) > 30 else "")
        lines += ["", f"New cameras with no documented incident in view ({len(bare)} of "
                      f"{int(new.sum())}): {shown}. The weighing needs another documented "
                      "ground for their places, or the plan without them."]
    return lines


def _provenance_lines(s: dict[str, Any]) -> list[str]:
    """The plan's sources: input files with their SHA-256, package versions (``summary.json``)."""
    files = s.get("inputs") or {}
    if not files and not s.get("versions"):
        return []
    lines = ["## Sources", "",
             "The input files as read (SHA-256 of their bytes; `summary.json` has the full "
             "digests and every setting under `settings`) and the versions that made the plan.",
             ""]
    if files:
        table = pd.DataFrame([{"layer": key, "file": f["file"], "sha256": f["sha256"][:16]}
                              for key, f in files.items()])
        lines += [_md_table(table, {}), ""]
    if s.get("versions"):
        lines += ["Versions: " + ", ".join(f"{md_text(k)} {md_text(v)}"
                                           for k, v in s["versions"].items()), ""]
    return lines


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formulas in text cells (a leading ``'`` before ``= + - @``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [
                f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v
                for v in out[column]
            ]
    return out


def write_plan(
    plan: Plan,
    out: str | Path,
    *,
    offline: bool = False,
    render: Callable[[Plan, Path], None] | None = None,
    drawings: bool = False,
) -> Path:
    """Write every output of a plan into ``out`` atomically and return ``out``.

    Files: ``map.html``, ``cameras.geojson``, ``views.geojson``, ``areas.geojson``,
    ``summary.json``, ``report.md``, ``register.csv`` (the camera register of
    :func:`camera_register`), ``plan.xlsx`` (summary, camera register and areas as sheets, for
    Excel); with ``drawings``, ``drawings/<area_id>.png``, the recording-area drawings of
    :mod:`planner.drawings`.
    """
    out = Path(out)
    with atomic_dir(out) as tmp:
        cams = plan.cameras.copy()
        cams.insert(0, "camera", camera_labels(len(cams)))
        write_geojson(cams, tmp / "cameras.geojson")
        write_geojson(plan.views, tmp / "views.geojson")
        areas_out = plan.areas.drop(
            columns=[c for c in ("weight_target",) if c in plan.areas.columns]
        )
        write_geojson(areas_out, tmp / "areas.geojson")
        (tmp / "summary.json").write_text(summary_json(plan), encoding="utf-8")
        register = camera_register(plan)
        (tmp / "report.md").write_text(report_markdown(plan, register), encoding="utf-8")
        _csv_safe(register).to_csv(tmp / "register.csv", index=False)
        write_workbook(
            [("Summary", summary_table(plan.summary)), ("Cameras", register),
             ("Areas", pd.DataFrame(areas_out.drop(columns=areas_out.geometry.name)))],
            tmp / "plan.xlsx",
        )
        if drawings:
            from planner.drawings import write_drawings

            (tmp / "drawings").mkdir()
            write_drawings(plan, tmp / "drawings")
        if render is None:
            from planner.maps import render_map, save_map

            save_map(render_map(plan, offline=offline), tmp / "map.html", offline=offline)
        else:
            render(plan, tmp / "map.html")
    return out
