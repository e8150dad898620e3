"""The sections of a plan's ``report.md`` and the Markdown they are written in.

:func:`md_text` and :func:`_md_table` (data made safe for Markdown, tables with headers in the
plan's language); which areas are planned and why (:func:`_selection_line`,
:func:`_priority_line`, :func:`_indicator_lines`), the covered population's definition
(:func:`_graded_line`), the mounts the
scenario decided on (:func:`_site_rule_lines`), the equity rule, what a rollout stage buys
(:func:`_bought`), the surveillance record (:func:`_record_lines`: how the cameras are run, the
documented incidents, the privacy rule and what the new cameras see of homes) and the plan's
sources (:func:`_provenance_lines`). :func:`planner.report.report_markdown` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from planner import _lang
from planner._lang import pick
from planner._plan_types import Plan, coverage_time, new_cameras_on
from planner._report_register import (
    RUNNING_COLUMNS,
    _running,
    _seeing_zones,
    privacy_in_all,
    register_for_people,
)
from planner._report_text import _TEXT
from planner.cameras import names_in
from planner.io import NIGHT_HOURS
from planner.workbook import header

_MD_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`", "\\": "\\\\"}
)


#: Runs of whitespace that break a Markdown line or cell, the no-break spaces aside (a Swedish
#: number's narrow no-break space, "3 616", had become a plain space that may wrap).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def md_text(value: Any) -> str:
    """Text from data made safe for Markdown: one line, no HTML tags, links or code spans."""
    return _BREAKING_SPACE.sub(" ", str(value)).strip().translate(_MD_ESCAPES)


#: What makes a line's start a block of its own in Markdown (a heading, a quote, a list item, a
#: numbered item); its punctuation escaped, the line reads as the text it is.
_BLOCK_START = re.compile(r"^(\d{1,9})?([#>+*-]|(?<=\d)[.)])(?=\s|$|[#>+*-])")


def md_paragraph(value: Any) -> str:
    """:func:`md_text` as a paragraph of its own: a leading ``#``, ``-``, ``>``, ``1.`` kept as text.

    (A scenario description "# Pilot: ..." had made report.md a second title, "- Phase 1 ..." a
    list item.)
    """
    return _BLOCK_START.sub(lambda m: f"{m[1] or ''}\\{m[2]}", md_text(value), count=1)


def _md_table(frame: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None,
              language: str | None = None) -> str:
    """A Markdown table; the headers are the columns' in ``language`` (English: their names).

    In any language but English, true and false read as that language's yes and no.
    """
    formats = formats or {}
    t = pick(_TEXT, language)
    # (a column its formatter writes with the degree sign, "316,0° (NV)", is not headed "(°)"
    # as well, as the workbook's numbers are)
    head = "| " + " | ".join(header(c, language).removesuffix(" (°)") if c in formats
                             else header(c, language) for c in frame.columns) + " |"
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
    line = t["graded"].format(
        demand=t[f"graded:{kind}"].format(m=near, spacing=spacing),
        levels=t["graded levels"].format(levels=levels) if levels else "",
        detect=(t["graded detect"].format(detect=_lang.plain(float(detect), language))
                if isinstance(detect, int | float) and detect == detect else ""))
    if coverage_time(summary) != "mixed":
        return line
    # (the evening plan's table had read as its coverage: Nyhem's 13.5 % is 30 % of its
    # share by day and 70 % of that at night)
    share = float(summary.get("night_share") or 0.0)
    return line + t["graded mixed"].format(day=_lang.percent(1 - share, 0, language),
                                           night=_lang.percent(share, 0, language))


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
        + (t["rows mixed" if coverage_time(s) == "mixed" else "rows night"]
           if plan.daylight_views is not None else ""),
        "",
        _md_table(
            register_for_people(register, plan, language).drop(
                # (the orientation in words is from true north; its numbers are for programs)
                # (and the mount's height: plan.xlsx and register.csv give it the installer)
                columns=["x", "y", "note", "orientation_true_deg", "orientation_deg",
                         "mount_height_m",
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
        # ("them" had been said of one camera too)
        lines.append(t["removed existing"].format(
            sites=", ".join(md_text(str(site)) for site in rules["remove_existing"]),
            them=t["them:one" if len(rules["remove_existing"]) == 1 else "them:many"]))
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


def _equity_lines(summary: dict[str, Any], language: str | None = None,
                  areas: pd.DataFrame | None = None) -> list[str]:
    """The equity rule, after the mounts the scenario decided on, and what it reached.

    Apart from :func:`_site_rule_lines`, which a rollout's report shares: there it had said the
    rule among what each stage buys (twice under ``maxmin``, beside the rollout's own note).
    ``areas``: the plan's (planned) areas, for the smallest covered share and its area (the
    first in the table's order among equals).
    """
    # (the equity rule had been nowhere in report.md: areas held at exactly 5 % unexplained)
    rule = equity_rule(summary, language, areas)
    return [] if rule is None else [f"- {rule[0]}: {rule[1]}"]


def equity_rule(summary: dict[str, Any] | Any, language: str | None = None,
                areas: pd.DataFrame | None = None, *,
                markdown: bool = True) -> tuple[str, str] | None:
    """The equity rule and the smallest covered share it reached: (its name, the words).

    ``None`` without a rule. The words as report.md's line gives them after its name, in
    Markdown, or with ``markdown=False`` as plain text for the map's panel and plan.xlsx's
    summary (which had not named the rule: Katrineholm's ``#sv+equity`` held three areas at
    5.0–5.2 % with nothing there saying why).
    """
    rules = (summary.get("settings") or {}).get("constraints") or {}
    # (plain text: the phrases' code spans as bare keys, the data's names as they are)
    t = {k: v if markdown else v.replace("`", "") for k, v in pick(_TEXT, language).items()
         if k.startswith("equity")}
    text = md_text if markdown else str
    share = float(rules.get("equity_min_share") or 0.0)
    if rules.get("equity_mode") == "maxmin":
        floor = t["equity floor"].format(share=_lang.percent(share, 1, language)) if share else ""
        line = t["equity maxmin"].format(floor=floor)
    elif share > 0:
        line = t["equity"].format(share=_lang.percent(share, 1, language))
    else:
        return None
    if areas is not None and len(areas):
        least = areas.iloc[int(np.argmin(areas["covered_share_after"].to_numpy(dtype=float)))]
        line += t["equity reached"].format(
            share=_lang.percent(float(least["covered_share_after"]), 1, language),
            name=text(str(least.get("name") or least["area_id"])),
            area_id=text(str(least["area_id"])))
    name, said = line.removeprefix("- ").split(": ", 1)
    return name, said


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
    totals = privacy_in_all(plan)
    line += (t["rule seen"].format(
        level=level, n=len(seen), cameras=", ".join(seen),
        union=_lang.number(float(totals["privacy_zone_m2_at_privacy_level"]), 1, language))
        if seen else t["rule seen none"].format(level=level))
    return [line, "", *_seen_anywhere_lines(register, totals, language)]


def _seen_anywhere_lines(register: pd.DataFrame, totals: dict[str, float | int],
                         language: str | None = None) -> list[str]:
    """The new cameras' privacy zones and façades in their whole view, all together and summed.

    (The rule's line had said only "no new camera sees a privacy zone at observe level" while
    105 of 137 new cameras saw zones at detect level.) ``totals``: :func:`privacy_in_all`, each
    m² and home once; the sums are the register's, each camera's zones' union rounded up to
    0.1 m², summed (a zone two cameras see counts twice: 39,114.2 m² summed had been the only
    figure where 38,375.1 m² are seen).
    """
    new = register[register["status"] == "new"]
    if not len(new):
        return []
    t = pick(_TEXT, language)
    recorded = ([t["recorded:one" if len(new) == 1 else "recorded"].format(
        union=_lang.number(float(totals["view_m2"]), 0, language),
        detect=_lang.level("detect", language),
        sum=_lang.number(float(new["view_m2"].astype(float).sum()), 0, language),
        col=header("view_m2", language)), ""]
        if "view_m2" in totals and "view_m2" in new.columns else [])
    zones = new["privacy_zone_m2_in_view"].astype(float)
    facades = new["residential_facades_in_view"].astype(int)
    n_zones, n_facades = int((zones > 0).sum()), int((facades > 0).sum())
    columns = {"sheet": t["sheet:cameras"], "zone_col": header("privacy_zone_m2_in_view", language),
               "facade_col": header("residential_facades_in_view", language)}
    if len(new) == 1:  # (said of the one camera, not "1 of the 1 new cameras")
        m2, seen = float(zones.iloc[0]), int(facades.iloc[0])
        return [*recorded, t["seen anywhere:one"].format(
            detect=_lang.level("detect", language),
            zones=(t["zones seen"].format(m2=_lang.number(m2, 1, language)) if m2 > 0
                   else t["zones seen:none"]),
            facades=t["facades seen:none" if seen == 0 else "facades seen:one" if seen == 1
                      else "facades seen:many"].format(n=_lang.number(seen, 0, language)),
            **columns), ""]

    sums = {"m2": _lang.number(round(float(zones.sum()), 1), 1, language),
            "n_facades": _lang.number(int(facades.sum()), 0, language)}

    def part(kind: str, n: int) -> str:  # (none, all or some of the new cameras, in words)
        return t[f"{kind}:{'none' if n == 0 else 'all' if n == len(new) else 'some'}"].format(
            n=n, new=len(new), see=t["sees:one" if n == 1 else "sees:many"],
            m2_sum=t["zones sum"].format(**sums) if n_zones > 1 else "",
            facades_sum=t["facades sum"].format(**sums) if n_facades > 1 else "",
            union=_lang.number(float(totals["privacy_zone_m2_in_view"]), 1, language),
            homes=_lang.number(int(totals["residential_facades_in_view"]), 0, language))

    return [*recorded, t["seen anywhere"].format(
        detect=_lang.level("detect", language), zones=part("zones", n_zones),
        facades=part("facades", n_facades),
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


def by_priority(areas: pd.DataFrame) -> pd.DataFrame:
    """``areas`` in the order of report.md's area tables: priority first, then id; index 0..n."""
    return (areas.sort_values(["priority", "area_id"], ascending=[False, True])
            .reset_index(drop=True))


#: What each indicator of :data:`planner.importers.PRIORITY_INDICATORS` is, said where the
#: table's header is the column's own name (English); a language with headers of its own
#: ("Arbetslöshet 16–64 år (andel)") says it there.
_INDICATOR_MEANINGS = {
    "low_econ_standard_pct": "% of residents with low economic standard",
    "unemployment_rate": "of those aged 16–64",
    "foreign_background_share": "residents with a foreign background",
    "rental_share": "dwellings that are rented",
    "median_income_tkr": "median net income in thousand SEK",
}


def _selection_line(summary: dict[str, Any], language: str | None = None) -> str:
    """Which areas the plan is for and why: the rule of ``demand.areas`` and ``min_priority``.

    The report had said only "in the 9 planned areas"; an application must say which and why.
    """
    t = pick(_TEXT, language)
    demand = (summary.get("settings") or {}).get("demand") or {}
    listed = demand.get("areas", "all")
    least = float(demand.get("min_priority") or 0.0)
    n = summary.get("n_areas")
    minimum = _lang.plain(least, language)
    if listed == "all" or not isinstance(listed, list):
        key = "selected:min" if least > 0 else "selected:all"
    else:
        key = "selected:both" if least > 0 and n != len(listed) else "selected:list"
    total = (summary.get("areas_layer") or {}).get("n_areas")
    return (t[key].format(n=n, listed=len(listed) if isinstance(listed, list) else n,
                          min=minimum)
            + (t["selected of layer"].format(total=total)
               if isinstance(total, int) and (key != "selected:all" or total != n) else "")
            + ".")


def _priority_line(summary: dict[str, Any], language: str | None = None) -> str:
    """What the priority is: the relative index of the indicators where the plan knows it is."""
    t = pick(_TEXT, language)
    layer = summary.get("areas_layer") or {}
    gain = float(((summary.get("settings") or {}).get("demand") or {}).get("priority_gain", 1.0))
    weight = t["priority weight"].format(gain=_lang.plain(gain, language))
    known = layer.get("priority_from_indicators")
    if known is True:
        return t["priority:index"].format(total=layer.get("n_areas")) + " " + weight
    return (t["priority:given"]
            + (t["priority:not index"] if known is False else t["priority:unknown"])
            + ". " + weight)


def _factor_line(plan: Plan, language: str | None = None) -> str:
    """The factors of ``demand.area_factors`` the plan applied, as a sentence; ``""``: none.

    Only the planned areas whose factor is not 1 (``areas``' ``area_factor``), by priority as
    the areas table: "The objective counts the demand weight of Nyhem-Nävertorp (0483C1090)
    × 2 ..." (Swedish *Målfunktionen räknar behovsvikten för ...*).
    """
    if "area_factor" not in plan.areas.columns:
        return ""
    t = pick(_TEXT, language)
    frame = by_priority(pd.DataFrame(plan.areas))
    frame = frame[frame["area_factor"].astype(float) != 1.0]
    if not len(frame):
        return ""
    names = frame["name"] if "name" in frame.columns else frame["area_id"]
    items = [t["area factor"].format(
        area=(f"{md_text(str(name))} ({md_text(str(area))})"
              if pd.notna(name) and str(name).strip() and str(name) != str(area)
              else md_text(str(area))),
        factor=_lang.plain(float(factor), language))
        for area, name, factor in zip(frame["area_id"], names, frame["area_factor"], strict=True)]
    return " " + t["area factors"].format(areas=_lang.listed(items, language))


def _indicator_lines(plan: Plan, language: str | None = None) -> list[str]:
    """The planned areas' socioeconomic indicators, one table, and where they come from.

    Only the columns the areas layer has (none: no table); a ``source`` column in the layer is
    named as the figures' source, else they are said to be the areas layer's (the planner knows
    no more of them). Said to be behind the priority only where ``summary.json``'s
    ``areas_layer`` knows the priority is their index. The rows in the areas table's order.
    """
    # (the indicators of the priority index, planner import deso's and the default data's, in
    # its order: the section had listed them again)
    from planner.importers import PRIORITY_INDICATORS

    columns = [c for c in PRIORITY_INDICATORS if c in plan.areas.columns]
    if not columns:
        return []
    t = pick(_TEXT, language)
    s = plan.summary
    sources = ([str(v).strip() for v in dict.fromkeys(plan.areas["source"].dropna())
                if str(v).strip()] if "source" in plan.areas.columns else [])
    if sources:
        source = t["source:column"].format(sources="; ".join(md_text(v) for v in sources))
    else:
        file = ((s.get("inputs") or {}).get("areas") or {}).get("file")
        source = (t["source:layer"].format(file=md_text(file)) if file
                  else t["source:layer unnamed"])
    meanings = [f"{c}, {_INDICATOR_MEANINGS[c]}" for c in columns if header(c, language) == c]
    frame = by_priority(pd.DataFrame(plan.areas[["area_id", "name", "priority", *columns]]))

    def figure(digits: int, share: bool = False) -> Callable[[Any], str]:
        def text(v: Any) -> str:
            value = pd.to_numeric(v, errors="coerce")
            if pd.isna(value):
                return "–"
            return (_lang.percent(float(value), digits, language) if share
                    else _lang.number(float(value), digits, language))
        return text

    whole = ("low_econ_standard_pct" in frame and pd.to_numeric(
        frame["low_econ_standard_pct"], errors="coerce").dropna().map(float.is_integer).all())
    # (behind the priority only where it is known to be their index, summary.json's areas_layer)
    behind = (s.get("areas_layer") or {}).get("priority_from_indicators") is True
    return [
        t["indicators" if behind else "indicators:layer"].format(source=source,
                               meanings=(": " + "; ".join(meanings)) if meanings else ""),
        "",
        _md_table(frame, {"priority": figure(2), "low_econ_standard_pct": figure(0 if whole else 1),
                          "unemployment_rate": figure(1, share=True),
                          "foreign_background_share": figure(1, share=True),
                          "rental_share": figure(1, share=True),
                          "median_income_tkr": figure(1)}, language),
        "",
    ]


def model_names_line(cameras: pd.DataFrame, language: str | None = None) -> str:
    """The catalogue's names of the cameras' models beside their ids, one line ("" if none).

    The documents' tables name a model by its catalogue id (``model``: register.csv,
    cameras.geojson and the tables join on it, in every language); this line gives the
    catalogue's name (``model_name``, as the catalogue writes it; in Swedish its ``name_sv``
    where it has one) of each id that has one other than the id, sorted by id. A plan's and a rollout's report.md say it under their tables'
    heading (the map gives name and id in its legend and popups).
    """
    if "model" not in cameras.columns or "model_name" not in cameras.columns:
        return ""
    cameras = names_in(cameras, language)  # (a Swedish document: the catalogue's name_sv)
    names = {str(model): str(name) for model, name in zip(cameras["model"], cameras["model_name"],
                                                          strict=True)
             if isinstance(name, str) and name.strip() and name != model}
    if not names:
        return ""
    t = pick(_TEXT, language)
    return t["models"].format(models="; ".join(f"{md_text(model)} = {md_text(names[model])}"
                                                for model in sorted(names)))
