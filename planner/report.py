"""Tables, summary and surveillance record of a :class:`~planner._plan_types.Plan`; writing a plan.

``write_plan`` writes every output of one plan into a folder atomically: everything goes to a
temporary sibling folder that replaces the target only when all files are written. The camera
register (``register.csv``) is built in :mod:`planner._report_register`, the phrases of the
documents are in :mod:`planner._report_text`; their public names are importable from here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner import _lang
from planner._bearing import true_orientation
from planner._cost_text import budget_terms, cost_rows
from planner._lang import language_of, pick
from planner._plan_types import Plan, camera_labels, new_cameras_on

# (``name as name``: re-exported, the register's public names and the private ones tests use;
# the camera register lives in planner._report_register, the phrase tables in _report_text)
from planner._report_register import RUNNING_COLUMNS as RUNNING_COLUMNS
from planner._report_register import _orientation as _orientation
from planner._report_register import _running
from planner._report_register import _tenths_up as _tenths_up
from planner._report_register import camera_register as camera_register
from planner._report_register import compass as compass
from planner._report_register import permit_dossier as permit_dossier
from planner._report_register import register_for_people as register_for_people
from planner._report_register import views_at as views_at
from planner._report_text import _TEXT
from planner._stage_text import stage_line
from planner.io import NIGHT_HOURS, atomic_dir, write_geojson
from planner.workbook import header, headers, summary_table, write_workbook

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
    return (
        pd.DataFrame(plan.areas[AREA_COLUMNS])
        .sort_values(["priority", "area_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


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


def _seeing_zones(register: pd.DataFrame) -> pd.DataFrame:
    """The register's new cameras that see a privacy zone at the privacy rule's level."""
    return register.loc[(register["status"] == "new")
                        & (register["privacy_zone_m2_at_privacy_level"].astype(float) > 0)]


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


#: Runs of whitespace that break a Markdown line or cell, the no-break spaces aside (a Swedish
#: number's narrow no-break space, "3 616", had become a plain space that may wrap).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def md_text(value: Any) -> str:
    """Text from data made safe for Markdown: one line, no HTML tags, links or code spans."""
    return _BREAKING_SPACE.sub(" ", str(value)).strip().translate(_MD_ESCAPES)


def _md_table(frame: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None,
              language: str | None = None) -> str:
    """A Markdown table; the headers are the columns' in ``language`` (English: their names).

    In any language but English, true and false read as that language's yes and no.
    """
    formats = formats or {}
    t = pick(_TEXT, language)
    head = "| " + " | ".join(header(c, language) for c in frame.columns) + " |"
    sep = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = [head, sep]
    for row in frame.itertuples(index=False):
        cells = []
        for col, val in zip(frame.columns, row, strict=True):
            fmt = formats.get(col)
            if fmt:
                text = fmt(val)
            elif isinstance(val, float):
                text = _lang.number(val, 0, language)
            elif isinstance(val, bool | np.bool_) and language not in (None, "en"):
                text = t["yes"] if val else t["no"]
            elif isinstance(val, int | np.integer) and not isinstance(val, bool | np.bool_):
                text = _lang.number(float(val), 0, language)  # ("1808" had stood among "3,616")
            else:
                text = str(val)
            cells.append(md_text(text))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


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
        *([t["rollout"].format(stage=s["rollout"]["stage"], stages=s["rollout"]["stages"],
                               order=t[f"order:{s['rollout']['order']}"],
                               bought=_bought(s, language))]
          if s.get("rollout") else []),
        *_site_rule_lines(plan, language),
        *_equity_lines(s, language),
        t["share"].format(before=pct(s["covered_share_before"]), after=pct(s["covered_share"])),
        t["population"].format(  # (the planned areas': not the municipality's population)
            covered=num(s["covered_population"]), population=num(s["population"]),
            where=t["in areas:one" if s.get("n_areas") == 1 else "in areas:many"].format(
                n=s.get("n_areas"))),
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
        _graded_line(s, language),
        "",
        _md_table(
            area_table(plan),
            {
                "priority": lambda v: num(v, 2),
                "covered_share_before": pct,
                "covered_share_after": pct,
            },
            language,
        ),
        "",
        t["cameras heading"],
        "",
        t["cameras intro"],
        *_blind_lines(plan, language),
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
    names = [md_text(c) for c in blind]
    listed = names[0] if len(names) == 1 else t["list"].format(
        first=", ".join(names[:-1]), last=names[-1])
    return ["", t["blind"].format(cameras=listed,
                                  verb=t[f"blind:{count}"], their=t[f"their:{count}"],
                                  demand=demand)]


def _demand_kind(summary: dict[str, Any], language: str | None) -> tuple[str, str, str]:
    """What the plan's demand is, with ``near_homes_m`` and the grid spacing in ``language``.

    ``points`` (``data.demand_points``), ``grid`` (public space near homes) or ``all`` (the
    areas' public space).
    """
    settings = summary.get("settings") or {}
    demand = settings.get("demand") or {}
    near = float(demand.get("near_homes_m") or 0.0)
    spacing = float(demand.get("grid_spacing_m") or 0.0)
    words = [_lang.number(v, 0 if v == int(v) else 1, language) for v in (near, spacing)]
    kind = ("points" if (settings.get("data") or {}).get("demand_points")
            else "grid" if near > 0 else "all")
    return kind, words[0], words[1]


def _graded_line(summary: dict[str, Any], language: str | None) -> str:
    """What the covered population is: graded by DORI level, not a head count (defined once).

    Katrineholm centrum-Kerstinboda's "569" of its 2,341 people, though 73.6 % of its demand
    points are seen, had been read as the people the cameras watch.
    """
    t = pick(_TEXT, language)
    kind, near, spacing = _demand_kind(summary, language)
    if kind != "points" and not ((summary.get("settings") or {}).get("demand") or {}).get(
            "grid_spacing_m"):
        kind = "unknown"  # (a plan made by hand, without its settings)
    values = summary.get("level_values")
    levels = _lang.level_values(values, language)
    detect = values.get("detect") if isinstance(values, dict) else None
    # (a plan made by hand may have no level values: the definition without them)
    return t["graded"].format(
        demand=t[f"graded:{kind}"].format(m=near, spacing=spacing),
        levels=t["graded levels"].format(levels=levels) if levels else "",
        detect=(t["graded detect"].format(detect=_lang.plain(float(detect), language))
                if isinstance(detect, int | float) and detect == detect else ""))


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


def _record_value(key: str, value: Any, language: str | None = None, *,
                  markdown: bool = True) -> Any:
    """A settled ``[surveillance]`` item in words (yes/no, days with their unit), else as is.

    ``markdown``: other values as Markdown text (report.md), else unchanged (plan.xlsx).
    """
    t = pick(_TEXT, language)
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    if key == "storage_days":
        return t["days"].format(days=f"{value:g}")
    return md_text(str(value)) if markdown else value


def record_item_names(language: str | None = None) -> dict[str, str]:
    """How the documents name each ``[surveillance]`` key in ``language``."""
    from planner.scenario import SURVEILLANCE_ITEMS

    t = pick(_TEXT, language)
    return {k: t[f"item:{k}"] for k in SURVEILLANCE_ITEMS}


def _record_lines(plan: Plan, register: pd.DataFrame, s: dict[str, Any],
                  language: str | None = None) -> list[str]:
    """The report's section for the documented interest balancing and the register."""
    from planner.scenario import SURVEILLANCE_ITEMS

    t = pick(_TEXT, language)
    running = _running(s)
    settled = [f"- {t[f'item:{k}']}: {_record_value(k, running[k], language)}"
               for k in SURVEILLANCE_ITEMS if running.get(k) is not None]
    open_items = [f"- {t[f'item:{k}']} (`surveillance.{k}`): {t[f'ask:{k}']}"
                  for k in SURVEILLANCE_ITEMS if running.get(k) is None]
    level = str(s.get("privacy_min_level", "observe"))
    return [
        t["record heading"],
        "",
        t["record intro"],
        "",
        t["running"],
        "",
        *settled,
        *(["", t["to settle"], "", *open_items] if open_items else []),
        "",
        t["dpia"],
        "",
        *_incident_lines(plan, register, language),
        "",
        *_privacy_rule_lines(plan, register, s, language),
        *_masking_lines(register, s, language),
        t["rows"].format(level=md_text(_lang.level(level, language)))
        + (t["rows night"] if plan.daylight_views is not None else ""),
        "",
        _md_table(
            register_for_people(register, plan, language).drop(
                # (the orientation in words is from true north; its numbers are for programs)
                columns=["x", "y", "note", "orientation_true_deg", "orientation_deg",
                         "range_recognise_m", "range_observe_m",
                         "area_ids_in_view", "privacy_level", *RUNNING_COLUMNS, "incidents_in_view_18_06",
                         *(["incidents_in_view"] if plan.incidents is None else []),
                         # (a replaced camera's model is in the site rules' line above, "old
                         # (dome) replaced by C002": a column blank on nearly every row had
                         # widened it)
                         "replaces_existing"]),
            {"lat": lambda v: f"{v:.6f}", "lon": lambda v: f"{v:.6f}",  # (as register.csv: 0.1 m)
             # privacy-zone m² to 0.1, as register.csv rounds them up (a 0.3 m² view into a
             # garden had read 0, beside a camera the masking line names)
             **{c: (lambda v: _lang.number(float(v), 1, language))
                for c in ("privacy_zone_m2_in_view", "privacy_zone_m2_at_privacy_level")}},
            language,
        ),
    ]


def _site_rule_lines(plan: Plan, language: str | None = None) -> list[str]:
    """The mounts the scenario decided on.

    Required (with their cameras), excluded, taken down and replaced (with the new cameras
    there, :func:`~planner._plan_types.new_cameras_on`); a plan's report.md and a rollout's say
    them.
    """
    rules = (plan.summary.get("settings") or {}).get("constraints") or {}
    t = pick(_TEXT, language)
    lines = []
    if rules.get("require_sites"):
        new = new_cameras_on(plan.cameras, rules["require_sites"])
        lines.append(t["required sites"].format(cameras=", ".join(
            t["camera on"].format(camera=", ".join(new[str(site)]) or "–",
                                  site=md_text(str(site)))
            for site in rules["require_sites"])))
    if rules.get("exclude_sites"):
        lines.append(t["excluded sites"].format(
            sites=", ".join(md_text(str(site)) for site in rules["exclude_sites"])))
    if rules.get("remove_existing"):
        lines.append(t["removed existing"].format(
            sites=", ".join(md_text(str(site)) for site in rules["remove_existing"])))
    if rules.get("replace_existing"):
        new = new_cameras_on(plan.cameras, rules["replace_existing"])
        old = plan.sites.drop_duplicates("site_id").set_index("site_id")["existing_model"]
        # (each mount apart by semicolons: "x (dome), no new camera, y (dome) by C101" had
        # read as one list, a mount without a new camera running into the next)
        lines.append(t["replaced existing"].format(sites="; ".join(
            t["replaced by" if new[str(site)] else "replaced by none"].format(
                site=md_text(str(site)), model=md_text(str(old.get(site))),
                cameras=", ".join(new[str(site)]))
            for site in rules["replace_existing"]),
            them=t["them:one" if len(rules["replace_existing"]) == 1 else "them:many"]))
    return lines


def _equity_lines(summary: dict[str, Any], language: str | None = None) -> list[str]:
    """The equity rule, after the mounts the scenario decided on.

    Apart from :func:`_site_rule_lines`, which a rollout's report shares: there it had said the
    rule among what each stage buys (twice under ``maxmin``, beside the rollout's own note).
    """
    rules = (summary.get("settings") or {}).get("constraints") or {}
    t = pick(_TEXT, language)
    lines = []
    # (the equity rule had been nowhere in report.md: areas held at exactly 5 % unexplained)
    share = float(rules.get("equity_min_share") or 0.0)
    if rules.get("equity_mode") == "maxmin":
        floor = t["equity floor"].format(share=_lang.percent(share, 1, language)) if share else ""
        lines.append(t["equity maxmin"].format(floor=floor))
    elif share > 0:
        lines.append(t["equity"].format(share=_lang.percent(share, 1, language)))
    return lines


def _privacy_rule_lines(plan: Plan, register: pd.DataFrame, s: dict[str, Any],
                        language: str | None = None) -> list[str]:
    """The privacy rule and the new cameras that see a zone at its level, in every mode.

    Mode, level and maskable area (or penalty); with "penalty" or "off" the report had said
    neither the rule nor which cameras look into a zone.
    """
    t = pick(_TEXT, language)
    rules = (s.get("settings") or {}).get("constraints") or {}
    mode = str(s.get("privacy", rules.get("privacy", "exclude")))
    level = _lang.level(str(s.get("privacy_min_level", "observe")), language)
    limit = float(rules.get("privacy_maskable_m2", 0.0) or 0.0)
    penalty = float(rules.get("privacy_penalty_per_m2", 1.0) or 0.0)
    key = "rule:exclude maskable" if mode == "exclude" and limit > 0 else f"rule:{mode}"
    line = t[key].format(level=level, limit=_lang.number(limit, 1, language),
                         penalty=_lang.number(penalty, 0 if penalty == int(penalty) else 2,
                                              language))
    if not len(plan.privacy_zones):
        return [line + t["rule no zones"], ""]
    seen = _seeing_zones(register)["camera"].tolist()
    line += (t["rule seen"].format(level=level, n=len(seen), cameras=", ".join(seen)) if seen
             else t["rule seen none"].format(level=level))
    return [line, "", *_seen_anywhere_lines(register, language)]


def _seen_anywhere_lines(register: pd.DataFrame, language: str | None = None) -> list[str]:
    """The new cameras' privacy zones and façades in their whole view, summed from the register.

    (The rule's line had said only "no new camera sees a privacy zone at observe level" while
    105 of 137 new cameras saw zones at detect level.) The m² are the register's, each camera's
    zones' union rounded up to 0.1 m², summed.
    """
    new = register[register["status"] == "new"]
    if not len(new):
        return []
    t = pick(_TEXT, language)
    zones = new["privacy_zone_m2_in_view"].astype(float)
    facades = new["residential_facades_in_view"].astype(int)
    n_zones, n_facades = int((zones > 0).sum()), int((facades > 0).sum())
    columns = {"sheet": t["sheet:cameras"], "zone_col": header("privacy_zone_m2_in_view", language),
               "facade_col": header("residential_facades_in_view", language)}
    if len(new) == 1:  # (said of the one camera, not "1 of the 1 new cameras")
        m2, seen = float(zones.iloc[0]), int(facades.iloc[0])
        return [t["seen anywhere:one"].format(
            detect=_lang.level("detect", language),
            zones=(t["zones seen"].format(m2=_lang.number(m2, 1, language)) if m2 > 0
                   else t["zones seen:none"]),
            facades=t["facades seen:none" if seen == 0 else "facades seen:one" if seen == 1
                      else "facades seen:many"].format(n=_lang.number(seen, 0, language)),
            **columns), ""]

    def part(kind: str, n: int) -> str:  # (none, all or some of the new cameras, in words)
        return t[f"{kind}:{'none' if n == 0 else 'all' if n == len(new) else 'some'}"].format(
            n=n, new=len(new), see=t["sees:one" if n == 1 else "sees:many"],
            m2=_lang.number(round(float(zones.sum()), 1), 1, language),
            n_facades=_lang.number(int(facades.sum()), 0, language))

    return [t["seen anywhere"].format(
        detect=_lang.level("detect", language), zones=part("zones", n_zones),
        facades=part("facades", n_facades),
        twice=t["counts twice"] if max(n_zones, n_facades) > 1 else "",
        # (the sheet and its headers as plan.xlsx writes them, not copied into the text)
        **columns,
    ), ""]


def _masking_lines(register: pd.DataFrame, s: dict[str, Any],
                   language: str | None = None) -> list[str]:
    """The new cameras kept though they see a little of a privacy zone (to be masked)."""
    limit = float(((s.get("settings") or {}).get("constraints") or {})
                  .get("privacy_maskable_m2", 0.0) or 0.0)
    if limit <= 0 or not len(register):
        return []
    t = pick(_TEXT, language)
    seen = _seeing_zones(register)
    level = _lang.level(str(s.get("privacy_min_level", "observe")), language)
    if not len(seen):
        return [t["masked none"].format(limit=_lang.number(limit, 1, language), level=level), ""]
    masking = _running(s)["privacy_masking"]
    # the plan keeps these cameras on the condition that they mask, which the record must promise
    # (it had said "Homes masked in the image: no" beside "mask that part in each camera")
    conflict = ([] if masking is True else
                [t["masking refused" if masking is False else "masking unsettled"], ""])
    return [t["masked"].format(
        n=len(seen), cameras=", ".join(seen["camera"]),
        most=_lang.number(float(seen["privacy_zone_m2_at_privacy_level"].max()), 1, language),
        limit=_lang.number(limit, 1, language), level=level), "", *conflict]


def _incident_lines(plan: Plan, register: pd.DataFrame, language: str | None = None
                    ) -> list[str]:
    """What the documented incidents say of the plan's views (the ground the weighing rests on)."""
    t = pick(_TEXT, language)
    if plan.incidents is None:
        return [t["no incidents"]]
    start, end = NIGHT_HOURS
    c = plan.summary.get("incidents") or {}
    n = c.get("n", len(plan.incidents))
    dated = (t["dated"].format(first=c["first_day"], last=c["last_day"])
             if c.get("first_day") else "")
    hours = {"start": f"{start:02d}", "end": f"{end:02d}"}
    lines = [
        t["incidents"].format(n=n, dated=dated, with_time=c.get("with_time", 0),
                              at_night=c.get("at_night", 0), **hours)
        + (t["in new views"].format(n=c["in_new_views"], at_night=c["in_new_views_at_night"],
                                    **hours)
           if "in_new_views" in c else ""),
    ]
    new = register["status"] == "new"
    bare = register.loc[new & (register["incidents_in_view"] == 0), "camera"].tolist()
    if bare:
        shown = ", ".join(bare[:30]) + (t["and more"].format(n=len(bare) - 30)
                                        if len(bare) > 30 else "")
        n_new = int(new.sum())
        count = t["bare:all" if len(bare) == n_new else "bare:some"].format(n=len(bare), new=n_new)
        said = "bare:one" if n_new == 1 else "bare:one of" if len(bare) == 1 else "bare"
        lines += ["", t[said].format(count=count, shown=shown, new=n_new)]
    return lines


def _bought(s: dict[str, Any], language: str | None = None) -> str:
    """What a rollout stage buys of its plan's new cameras, in words (``report.md``)."""
    t = pick(_TEXT, language)
    added, new, stage = (int(s["rollout"]["n_cameras_added"]), int(s["n_cameras_new"]),
                         int(s["rollout"]["stage"]))
    earlier = t["earlier:one" if stage == 2 else "earlier:many"]
    if added == new:
        return (t["bought:nothing"] if new == 0 else t["bought:all:one"] if new == 1
                else t["bought:all:many"].format(new=new))
    if added == 0:
        return t["bought:before:one" if new == 1 else "bought:before:many"].format(
            new=new, earlier=earlier)
    return t["bought:some:one" if added == 1 else "bought:some:many"].format(
        added=added, new=new, rest=t["rest:one" if new - added == 1 else "rest:many"],
        earlier=earlier)


def _provenance_lines(s: dict[str, Any], language: str | None = None) -> list[str]:
    """The plan's sources: input files with their SHA-256, package versions (``summary.json``)."""
    t = pick(_TEXT, language)
    files = s.get("inputs") or {}
    if not files and not s.get("versions"):
        return []
    lines = [t["sources heading"], "", t["sources intro"], ""]
    if files:
        table = pd.DataFrame([{t["col:layer"]: key, t["col:file"]: f["file"],
                               t["col:sha256"]: f["sha256"][:16]}
                              for key, f in files.items()])
        lines += [_md_table(table, {}), ""]
    if s.get("versions"):
        lines += [t["versions"] + ", ".join(f"{md_text(k)} {md_text(v)}"
                                            for k, v in s["versions"].items()), ""]
    return lines


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
) -> Path:
    """Write every output of a plan into ``out`` atomically and return ``out``.

    Files: ``map.html``, ``cameras.geojson``, ``views.geojson``, ``areas.geojson``,
    ``summary.json``, ``report.md``, ``register.csv`` (the camera register of
    :func:`camera_register`), ``plan.xlsx`` (summary, camera register and areas as sheets, for
    Excel); with ``drawings``, ``drawings/<area_id>.png``, the recording-area drawings of
    :mod:`planner.drawings`. ``report.md``, ``plan.xlsx`` and the drawings are in the language
    of the plan's scenario; the other files are the same in every language.
    """
    out = Path(out)
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
        (tmp / "summary.json").write_text(summary_json(plan), encoding="utf-8")
        register = camera_register(plan)
        (tmp / "report.md").write_text(report_markdown(plan, register), encoding="utf-8")
        _csv_safe(register).to_csv(tmp / "register.csv", index=False)
        language = language_of(plan.summary)
        t = pick(_TEXT, language)
        write_workbook(
            [(t["sheet:summary"], summary_table(plan.summary, language,
                                                record_item_names(language),
                                                _summary_words(plan.summary, language),
                                                lambda k, v: _record_value(k, v, language,
                                                                           markdown=False))),
             (t["sheet:cameras"],
              headers(bools_in_words(_with_costs(register_for_people(register, plan, language),
                                                 plan), language), language)),
             (t["sheet:areas"], headers(bools_in_words(pd.DataFrame(areas_out.drop(
                 columns=areas_out.geometry.name)), language), language))],
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
