"""Tables, summary and surveillance record of a :class:`~planner._plan_types.Plan`; writing a plan.

``write_plan`` writes every output of one plan into a folder atomically: everything goes to a
temporary sibling folder that replaces the target only when all files are written. The camera
register (``register.csv``) is built in :mod:`planner._report_register`, the sections of
``report.md`` in :mod:`planner._report_markdown`, the phrases of the documents are in
:mod:`planner._report_text`; their public names are importable from here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._cost_text import budget_terms, cost_rows
from planner._gpkg_styles import plan_styles, style_table
from planner._lang import language_of, pick
from planner._map_layers import share_scale_top
from planner._places_report import place_frame, place_lines, place_sheet
from planner._plan_types import (
    Plan,
    camera_labels,
    coverage_time,
    day_plan_hours,
    scenario_description,
)
from planner._qgis_project import PROJECT_NAME, project_xml
from planner._report_gpkg import LAYERS as GPKG_LAYERS
from planner._report_gpkg import mount_layer, plan_layers, zone_layer

# (``name as name``: re-exported, the register's public names and the private ones tests use;
# the sections of report.md live in planner._report_markdown, the camera register in
# planner._report_register, the phrase tables in _report_text)
from planner._report_markdown import (
    _bought,
    _demand_kind,
    _equity_lines,
    _factor_line,
    _graded_line,
    _indicator_lines,
    _md_table,
    _priority_line,
    _provenance_lines,
    _record_lines,
    _record_value,
    _selection_line,
    _site_rule_lines,
    by_priority,
    equity_rule,
    md_paragraph,
    model_names_line,
)
from planner._report_markdown import md_text as md_text
from planner._report_register import RUNNING_COLUMNS as RUNNING_COLUMNS
from planner._report_register import _orientation as _orientation
from planner._report_register import _seeing_zones, with_privacy_totals
from planner._report_register import _tenths_up as _tenths_up
from planner._report_register import camera_register as camera_register
from planner._report_register import compass as compass
from planner._report_register import permit_dossier as permit_dossier
from planner._report_register import privacy_in_all as privacy_in_all
from planner._report_register import register_for_people as register_for_people
from planner._report_register import views_at as views_at
from planner._report_text import _TEXT
from planner._stage_text import stage_line
from planner.cameras import names_in
from planner.io import atomic_dir, write_geojson, write_gpkg
from planner.workbook import headers, summary_table, write_workbook

AREA_COLUMNS = [
    "area_id",
    "name",
    "population",
    "priority",
    "weight",
    "area_factor",
    "covered_share_before",
    "covered_share_after",
    "covered_population_after",
    "seen_share_after",
]
CAMERA_COLUMNS = [
    "camera",
    "stage",
    "site_id",
    "mount_type",
    "model",
    "model_name",
    "orientation_deg",
    "orientation_true_deg",
    "hfov_deg",
    "investment_sek",
    "yearly_sek",
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


def area_table(plan: Plan) -> pd.DataFrame:
    """One row per planned area: population, priority, covered share before and after."""
    # (a plan made by hand, or before 2026-11-30, may lack seen_share_after)
    return by_priority(pd.DataFrame(plan.areas[[c for c in AREA_COLUMNS
                                                if c in plan.areas.columns]]))


def camera_table(plan: Plan) -> pd.DataFrame:
    """One row per camera in the plan with its cost, coverage and marginal value.

    The cost is in its parts where the plan has them: ``investment_sek`` (one-time),
    ``yearly_sek`` (a year) and ``cost_sek``, what the camera counts against the budget
    (investment, and the yearly costs over the horizon where the scenario includes them; 0 for
    an existing camera, whose running costs its owner pays).
    """
    table = pd.DataFrame(plan.cameras.drop(columns="geometry"))
    table.insert(0, "camera", camera_labels(len(table)))
    # (recomputed: a plan made by hand may not have the column)
    table["orientation_true_deg"] = true_orientation(plan.cameras, plan.crs)
    return table[[c for c in CAMERA_COLUMNS if c in table.columns]]


def privacy_seen(plan: Plan, register: pd.DataFrame | None = None) -> dict[str, float]:
    """What the plan's new cameras see of homes at the privacy rule's level, from its register.

    ``cameras``: how many new cameras see a privacy zone at ``privacy_min_level`` or better;
    ``privacy_zone_m2``: those zones' m², each camera's as the register rounds it up, summed over
    the cameras; ``residential_facades``: the residential façades the new cameras see there,
    summed (a façade seen by a camera that sees no zone counts too: it is a home seen). What
    dropping the privacy exclusion or making it a penalty costs homes (a comparison's
    ``report.md``, notebook 03), beside the coverage it buys.
    """
    register = camera_register(plan) if register is None else register
    new = register[register["status"] == "new"]
    seeing = _seeing_zones(register)
    return {"cameras": len(seeing),
            "privacy_zone_m2": round(float(seeing["privacy_zone_m2_at_privacy_level"]
                                           .astype(float).sum()), 1),
            "residential_facades": int(new["residential_facades_at_privacy_level"]
                                       .astype(int).sum())}


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


def _coverage_lines(s: dict[str, Any], language: str | None) -> list[str]:
    """The covered share and population, and when they hold (by day, at night, or both).

    A plan of ``coverage.night_share`` gives the weighted figures its objective counts, then
    each period's apart.
    """
    t = pick(_TEXT, language)
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    when = coverage_time(s)
    said = "" if when is None else t[f"when:{when}"].format(
        day=pct(1 - s.get("night_share", 0.0)), night=pct(s.get("night_share", 0.0)),
        share=f"{s.get('night_share', 0.0):g}")
    lines = [
        t["share"].format(before=pct(s["covered_share_before"]), after=pct(s["covered_share"]),
                          when=said),
        t["population"].format(  # (the planned areas': not the municipality's population)
            covered=num(s["covered_population"]), population=num(s["population"]), when=said,
            where=t["in areas:one" if s.get("n_areas") == 1 else "in areas:many"].format(
                n=s.get("n_areas"))),
    ]
    if when != "mixed":
        other = {"day": "night", "night": "day"}.get(when or "")
        if other is None or f"covered_share_{other}" not in s:
            return lines
        return [*lines, t["other period"].format(
            when=t[f"when:{other}"], before=pct(s[f"covered_share_before_{other}"]),
            after=pct(s[f"covered_share_{other}"]), covered=num(s[f"covered_population_{other}"]))]
    return [*lines, *(t["share"].format(before=pct(s[f"covered_share_before_{p}"]),
                                        after=pct(s[f"covered_share_{p}"]), when=t[f"when:{p}"])
                      for p in ("day", "night")),
            t["population:periods"].format(day=t["when:day"], night=t["when:night"],
                                           day_covered=num(s["covered_population_day"]),
                                           night_covered=num(s["covered_population_night"]))]


def report_markdown(plan: Plan, register: pd.DataFrame | None = None) -> str:
    """A readable report: summary, per-area and per-camera tables, and the surveillance record.

    ``register`` is :func:`camera_register` of the plan if the caller has it already. The
    report is in the language of the plan's scenario (``settings.language``).
    """
    s = plan.summary
    language = language_of(s)
    t = pick(_TEXT, language)
    if register is None:
        register = camera_register(plan)
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    stopped = s.get("stopped_by", "proof")
    lines = [
        t["title"].format(title=md_text(s.get("title") or s["scenario"])),
        "",
        # the scenario's own words on what it asks and from what data (README: "shown in maps
        # and reports"; it had reached summary.json only)
        *([md_paragraph(described), ""] if (described := scenario_description(s)) else []),
        t["scenario"].format(scenario=md_text(s["scenario"])),
        # (what the money pays for: the map's panel says it in the same words)
        t["budget"].format(budget=num(s["budget_sek"]))
        + (f" ({terms})" if (terms := budget_terms(s, language)) else ""),
        t["spent"].format(spent=num(s["spent_sek"]), remaining=num(s["remaining_sek"])),
        # investment and running costs apart, as a grant application asks for them
        *(f"- {label}: {md_text(text)}" for label, text in cost_rows(
            s, language, sek=lambda v: t["sek"].format(amount=num(v)))),
        t["cameras"].format(
            new=s["n_cameras_new"], existing=s["n_cameras_existing"],
            new_word=t["new:one" if s["n_cameras_new"] == 1 else "new:many"],
            existing_word=t["existing:one" if s["n_cameras_existing"] == 1 else "existing:many"]),
        # (how many on façades, the housing company asked: by the sites layer's mount_type)
        *([t["by mount"].format(counts=md_text(counts))]
          if (counts := _lang.new_by_mount(plan.cameras, language)) else []),
        *([t["rollout"].format(stage=s["rollout"]["stage"], stages=s["rollout"]["stages"],
                               order=t[f"order:{s['rollout']['order']}"],
                               bought=_bought(s, language))]
          if s.get("rollout") else []),
        *_site_rule_lines(plan, language),
        *_equity_lines(s, language, plan.areas),
        *_coverage_lines(s, language),
        *([t["by day"].format(hours=md_text(hours))]
          if (hours := day_plan_hours(s)) is not None else []),
        # (a given plan's cameras scored, planner.plan.evaluate: no search, so no bound)
        t["evaluated"].format(objective=num(s["objective"], 1)) if s["status"] == "evaluated" else
        t["solver"].format(backend=s["backend"], status=_lang.status(s["status"], language),
                           gap=num(100 * s["gap"], 3),
                           objective=num(s["objective"], 1), bound=num(s["bound"], 1),
                           stopped=_lang.stopped(str(stopped), language) or md_text(str(stopped))),
        # a rollout stage: optimal given the stages around it, and how far below the best plan
        # for its money (the solver line alone had read as the best plan for the money)
        *([f"- {md_text(stage)}"] if (stage := stage_line(s, language)) else []),
        *(t["note"].format(note=md_text(note)) for note in s.get("notes") or ()),
        t["tables"],
        "",
        t["areas heading"],
        "",
        # which areas and why: the selection rule, what the priority is, the indicators
        f"{_selection_line(s, language)} {_priority_line(s, language)}"
        f"{_factor_line(plan, language)}",
        "",
        *_indicator_lines(plan, language),
        _graded_line(s, language) + (t["seen"] if "seen_share_after" in plan.areas else ""),
        "",
        _md_table(
            area_table(plan),
            {
                "priority": lambda v: num(v, 2),
                "area_factor": lambda v: _lang.plain(float(v), language),
                "covered_share_before": pct,
                "covered_share_after": pct,
                "seen_share_after": pct,
            },
            language,
        ),
        "",
        *place_lines(plan, language),
        t["cameras heading"],
        "",
        t["cameras intro"],
        *_blind_lines(plan, language),
        *(["", models] if (models := model_names_line(plan.cameras, language)) else []),
        "",
        _md_table(
            camera_table(plan)[
                [
                    "camera",
                    "site_id",
                    "model",
                    "orientation_true_deg",
                    *[c for c in ("investment_sek", "yearly_sek") if c in plan.cameras.columns],
                    "cost_sek",
                    "existing",
                    "covered_population",
                    "marginal_value",
                    *(["stage"] if "stage" in plan.cameras.columns else []),
                ]
            ],
            # (the marginal value with one decimal, as the map's popup and plan.xlsx give a
            # demand weight: "39" had stood beside the popup's "39,01")
            {"orientation_true_deg": lambda v: _orientation(v, language),
             "marginal_value": lambda v: _lang.number(float(v), 1, language)},
            language,
        ),
        "",
        *_record_lines(plan, register, s, language),
        "",
        *_provenance_lines(s, language),
    ]
    return "\n".join(lines)


def _blind_lines(plan: Plan, language: str | None = None) -> list[str]:
    """Which cameras cover no demand, and what the demand is (the police will ask).

    Three of Katrineholm's existing cameras (a skatepark, a park, a street away from homes)
    had stood in the camera table with 0 and no word why.
    """
    cameras = camera_table(plan)
    if "covered_weight" not in cameras.columns:
        return []
    blind = cameras.loc[~(cameras["covered_weight"].to_numpy(dtype=float) > 0), "camera"]
    if not len(blind):
        return []
    t = pick(_TEXT, language)
    kind, near, _ = _demand_kind(plan.summary, language)
    demand = t[f"demand:{kind}"].format(m=near)
    count = "one" if len(blind) == 1 else "many"
    listed = _lang.listed([md_text(c) for c in blind], language)
    return ["", t["blind"].format(cameras=listed,
                                  verb=t[f"blind:{count}"], their=t[f"their:{count}"],
                                  demand=demand)]


def _summary_words(summary: dict[str, Any], language: str | None) -> dict[str, str]:
    """The summary's coded values in ``language``'s words (English keeps the codes)."""
    if language in (None, _lang.LANGUAGES[0]):
        return {}
    t = pick(_TEXT, language)
    words: dict[str, str] = {k: str(_lang.coded(k, str(summary[k]), language))
             for k in ("status", "stopped_by", "privacy_min_level") if k in summary}
    for key in ("include_yearly_costs", "prices_include_vat"):  # (a Swedish Excel had: FALSKT)
        if isinstance(summary.get(key), bool):
            words[key] = t["yes"] if summary[key] else t["no"]
    privacy = t.get(f"privacy:{summary.get('privacy')}")
    return {**words, **({"privacy": privacy} if privacy is not None and "privacy" in summary
                        else {})}


def record_item_names(language: str | None = None) -> dict[str, str]:
    """How the documents name each ``[surveillance]`` key in ``language``."""
    from planner.scenario import SURVEILLANCE_ITEMS

    t = pick(_TEXT, language)
    return {k: t[f"item:{k}"] for k in SURVEILLANCE_ITEMS}


def _with_model_names(sheet: pd.DataFrame, plan: Plan, language: str | None) -> pd.DataFrame:
    """The camera register's rows with the catalogue's name of each model after its id (plan.xlsx).

    The register (and register.csv) names a model by its catalogue id, as every data file does;
    the sheet people read gives the catalogue's name beside it, as the map's popups and
    report.md's model line do. The register's rows are the plan's cameras in order.
    """
    if ("model_name" not in plan.cameras.columns or "model" not in sheet.columns
            or len(sheet) != len(plan.cameras)):
        return sheet
    out = sheet.copy()
    named = names_in(plan.cameras, language)["model_name"]  # (in Swedish: name_sv where given)
    out.insert(list(out.columns).index("model") + 1, "model_name",
               [n if isinstance(n, str) and n else m
                for n, m in zip(named, out["model"], strict=True)])
    return out


def _with_costs(sheet: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The camera register's rows with each camera's cost after its field of view (plan.xlsx).

    ``investment_sek``, ``yearly_sek`` and ``cost_sek`` (what the plan counts against the
    budget) where the plan has them: the sheet had no cost at all while ``cameras.geojson`` and
    report.md's camera table had one. ``register.csv`` stays the surveillance record's input,
    without costs. The register's rows are the plan's cameras in order.
    """
    costs = [c for c in ("investment_sek", "yearly_sek", "cost_sek") if c in plan.cameras.columns]
    if not costs or len(sheet) != len(plan.cameras):
        return sheet
    out = sheet.copy()
    at = list(out.columns).index("hfov_deg") + 1
    for k, column in enumerate(costs):
        out.insert(at + k, column, plan.cameras[column].to_numpy(dtype=float))
    return out


def _equity_words(plan: Plan, language: str | None) -> str | None:
    """The equity rule and what it reached, as plain words (plan.xlsx), or ``None``."""
    rule = equity_rule(plan.summary, language, plan.areas, markdown=False)
    return None if rule is None else rule[1]


def _with_stage(sheet: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The camera register's rows with the stage each camera is bought in (a rollout stage's).

    After the camera's status (new or existing), 0 for an existing camera, as report.md's
    camera table, the map's popups and ``cameras.geojson`` give it: a stage's plan.xlsx had
    not told the stages' cameras apart. The register's rows are the plan's cameras in order.
    """
    if ("stage" not in plan.cameras.columns or "status" not in sheet.columns
            or len(sheet) != len(plan.cameras)):
        return sheet
    out = sheet.copy()
    out.insert(list(out.columns).index("status") + 1, "stage",
               plan.cameras["stage"].to_numpy(dtype=np.int64))
    return out


def bools_in_words(frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``frame`` with true and false as ``language``'s yes and no, as report.md's tables say.

    English keeps them (Excel's TRUE and FALSE); a Swedish Excel had shown SANT and FALSKT in
    the register's "Krävd av scenariot" and "Ungefärlig position" where report.md says ja/nej.
    """
    if language in (None, _lang.LANGUAGES[0]):
        return frame
    t = pick(_TEXT, language)
    words = {column: pd.Series([(t["yes"] if v else t["no"]) if isinstance(v, bool | np.bool_)
                                else v for v in frame[column]], index=frame.index, dtype=object)
             for column in frame.columns
             if any(isinstance(v, bool | np.bool_) for v in frame[column])}
    return frame.assign(**words) if words else frame


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
    camera_sheets: bool = False,
    register: pd.DataFrame | None = None,
) -> Path:
    """Write every output of a plan into ``out`` atomically and return ``out``.

    Files: ``map.html``, ``cameras.geojson``, ``views.geojson``, ``areas.geojson``,
    ``summary.json``, ``report.md``, ``register.csv`` (the camera register of
    :func:`camera_register`), ``plan.gpkg`` (the GeoJSON files' layers in the plan's CRS, the
    cameras with the register's columns: :mod:`planner._report_gpkg`), ``plan.xlsx`` (summary, camera register and areas as sheets, for
    Excel); with ``drawings``, ``drawings/<area_id>.png``, the recording-area drawings of
    :mod:`planner.drawings`; with ``camera_sheets``, ``camera_sheets/<label>.png``, an
    installation sheet per new camera (:mod:`planner.camera_sheets`). ``report.md``,
    ``plan.xlsx``, the drawings and the sheets are in the language
    of the plan's scenario; the other files are the same in every language. ``register``:
    :func:`camera_register` of the plan where the caller has it already (a comparison).
    """
    out = Path(out)
    # what the new cameras see of homes all together (each m² and home once), in summary.json,
    # plan.xlsx's summary, report.md and the map alike: the register's sums count a zone two
    # cameras see twice, and a data-protection impact assessment asks for the whole
    plan = with_privacy_totals(plan)
    with atomic_dir(out) as tmp:
        cams = plan.cameras.copy()
        if "orientation_true_deg" not in cams.columns and "orientation_deg" in cams.columns:
            # (a plan made by hand: the bearing from true north beside the grid bearing)
            cams.insert(int(cams.columns.get_loc("orientation_deg")) + 1, "orientation_true_deg",
                        true_orientation(cams, plan.crs))
        cams.insert(0, "camera", camera_labels(len(cams)))
        if "incidents_in_view_18_06" in cams.columns:
            # (a count, as incidents_in_view: it had been 0.0; empty where no time is known)
            cams["incidents_in_view_18_06"] = cams["incidents_in_view_18_06"].astype("Int64")
        write_geojson(cams, tmp / "cameras.geojson")
        write_geojson(plan.views, tmp / "views.geojson")
        areas_out = plan.areas.drop(
            columns=[c for c in ("weight_target",) if c in plan.areas.columns]
        )
        write_geojson(areas_out, tmp / "areas.geojson")
        if (places := place_frame(plan)) is not None:
            write_geojson(places, tmp / "places.geojson")
        (tmp / "summary.json").write_text(summary_json(plan), encoding="utf-8")
        register = camera_register(plan) if register is None else register
        # the same layers in the plan's CRS, the cameras with the register's columns, for GIS
        layers = plan_layers(cams, register, plan.views, areas_out, places,
                             zones=zone_layer(plan), mounts=mount_layer(plan))
        # (with QGIS's styles: the layers open in QGIS drawn as the map draws them)
        styles = plan_styles(layers, language=language_of(plan.summary),
                             privacy_level=str(plan.summary.get("privacy_min_level", "observe")),
                             share_top=share_scale_top(plan.areas["covered_share_after"]))
        write_gpkg(layers, tmp / "plan.gpkg", empty_types=GPKG_LAYERS,
                   styles=style_table(styles))
        # (and a QGIS project that opens them in the map's order, over OpenStreetMap)
        x0, y0, x1, y1 = (float(v) for v in (areas_out.total_bounds if len(areas_out)
                                             else plan.sites.total_bounds))
        (tmp / PROJECT_NAME).write_text(project_xml(
            layers, styles, title=str(plan.summary.get("title") or plan.summary.get("scenario")),
            crs=plan.crs, extent=(x0, y0, x1, y1),
            language=language_of(plan.summary)), encoding="utf-8")
        (tmp / "report.md").write_text(report_markdown(plan, register), encoding="utf-8")
        _csv_safe(register).to_csv(tmp / "register.csv", index=False)
        language = language_of(plan.summary)
        t = pick(_TEXT, language)
        write_workbook(
            [(t["sheet:summary"], summary_table(plan.summary, language,
                                                record_item_names(language),
                                                _summary_words(plan.summary, language),
                                                lambda k, v: _record_value(k, v, language,
                                                                           markdown=False),
                                                equity=_equity_words(plan, language))),
             (t["sheet:cameras"],
              headers(bools_in_words(_with_stage(_with_costs(_with_model_names(
                  register_for_people(register, plan, language), plan, language), plan), plan), language),
                  language)),
             (t["sheet:areas"], headers(bools_in_words(pd.DataFrame(areas_out.drop(
                 columns=areas_out.geometry.name)), language), language)),
             *([sheet] if (sheet := place_sheet(plan, language)) is not None else [])],
            tmp / "plan.xlsx",
        )
        if drawings:
            from planner.drawings import write_drawings

            (tmp / "drawings").mkdir()
            write_drawings(plan, tmp / "drawings")
        if camera_sheets:
            from planner.camera_sheets import write_camera_sheets

            (tmp / "camera_sheets").mkdir()
            write_camera_sheets(plan, tmp / "camera_sheets", register=register)
        if render is None:
            from planner.maps import render_map, save_map

            save_map(render_map(plan, offline=offline, register=register), tmp / "map.html",
                     offline=offline)
        else:
            render(plan, tmp / "map.html")
    return out
