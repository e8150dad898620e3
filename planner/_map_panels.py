"""Panels and controls of the planner's maps: the summary panel, the legends, the scale bar.

The panels are escaped HTML (the pieces of :mod:`planner._map_html`) shown in Leaflet controls
(:class:`HtmlControl`), which stay visible in full-screen mode; the maps' CSS
(:data:`PANEL_CSS`) comes with them. The words are English or Swedish (the scenario's
``language``): every builder takes ``language`` (``None`` for English) and reads its phrases from
this module's table (:mod:`planner._lang`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from planner import _lang
from planner._cost_text import budget_terms, cost_rows
from planner._existing_text import existing_gone
from planner._lang import counted, pick, texts
from planner._map_html import (
    COVERAGE_STOPS,
    EXISTING_STYLE,
    LEVEL_COLORS,
    MARKER_HEX,
    PRIORITY_STOPS,
    REQUIRED_ICON,
    STATUS_STYLES,
    _float,
    decimal,
    esc,
    fmt_int,
    fmt_pct,
    fmt_sek,
    is_missing,
    level_name,
    model_html,
    table,
)
from planner._plan_types import coverage_time, day_plan_hours, scenario_description
from planner._report_markdown import equity_rule
from planner._stage_text import stage_line
from planner.cameras import LEVEL_NAMES

#: the phrases of the maps' summary panel and legends, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "plan": "Plan",
        "scenario": "Scenario {name}",
        "budget": "Budget",
        "spent": "Spent",
        "cameras": "Cameras",
        "cameras_count": "{new} {new_word}, {existing} {existing_word}",
        "new_one": "new",
        "new_many": "new",
        "existing_one": "existing",
        "existing_many": "existing",
        "covered_share": "Covered share",
        "covered_population": "Covered population (graded)",
        "covered_of": "{covered} of {population}",
        # (when the coverage holds: a night plan's share had stood as a day plan's, and the day
        # figure been read as round the clock)
        "covered_share:day": "Covered share by day (daylight ranges)",
        "covered_share:night": "Covered share at night (IR range)",
        "covered_population:day": "Covered population by day (graded)",
        "covered_population:night": "Covered population at night (graded)",
        # (a day plan's cameras at night, a night plan's by day: not what the plan is made for)
        "other period:night": "The same cameras at night (IR range), not planned for it",
        "other period:day": "The same cameras by day (daylight ranges), not planned for it",
        "other period value": "{share} (population {population})",
        # (coverage.night_share: the weighted figure the plan maximises, then day and night)
        "covered_share:mixed": "Covered share, by day and at night weighted ({day} by day, "
                               "{night} at night)",
        "covered_population:mixed": "Covered population, by day and at night weighted (graded)",
        "mixed_note": "The plan counts {night} of its objective at night (coverage.night_share): "
                      "the views drawn are those at night (IR range), those by day (daylight "
                      "ranges) in a layer of their own; each camera's popup gives its ranges by "
                      "day and at night.",
        "solver": "Optimisation",
        "description": "Scenario description",
        "by_mount": "New cameras by mount",
        "rollout": "Rollout",
        "gap": ", gap {gap}",
        "summary_note": "Coverage graded by DORI level; the share weighs areas by priority.",
        # (as report.md says it: a day plan of cameras recording at set hours)
        "by_day_note": "The coverage is by day (daylight ranges); the cameras record {hours}: "
                       "plan with coverage.night = true for coverage at night.",
        "graded_note": "Covered population is graded, not a head count: an area's population "
                       "weighted by the DORI level its public space is seen at{levels}.",
        "offline_note": "Offline copy: the basemap needs a network connection.",
        "legend": "Legend",
        "priority": "Priority",
        "or_more": "or more",
        "camera_view": "Camera view (DORI level)",
        "legend_existing": "existing camera",
        "legend_candidate": "candidate mount",
        "legend_uncovered": "uncovered demand point",
        "legend_privacy": "privacy zone",
        "legend_building": "building",
        "legend_added": "added (in B only)",
        "legend_removed": "removed (in A only)",
        "legend_moved": "moved (same mount, re-aimed or other model)",
        "legend_unchanged": "unchanged",
        "legend_required": "on a mount the scenario requires (constraints.require_sites), in "
                           "its change's colour",
    },
    "sv": {
        "plan": "Plan",
        "scenario": "Scenario {name}",
        "budget": "Budget",
        "spent": "Använt",
        "cameras": "Kameror",
        "cameras_count": "{new} {new_word}, {existing} {existing_word}",
        "new_one": "ny",
        "new_many": "nya",
        "existing_one": "befintlig",
        "existing_many": "befintliga",
        "covered_share": "Täckt andel",
        "covered_population": "Täckt befolkning (graderad)",
        "covered_of": "{covered} av {population}",
        "covered_share:day": "Täckt andel dagtid (räckvidder i dagsljus)",
        "covered_share:night": "Täckt andel nattetid (IR-räckvidd)",
        "covered_population:day": "Täckt befolkning dagtid (graderad)",
        "covered_population:night": "Täckt befolkning nattetid (graderad)",
        "other period:night": "Samma kameror nattetid (IR-räckvidd), inte planerade för det",
        "other period:day": "Samma kameror dagtid (räckvidder i dagsljus), inte planerade för "
                            "det",
        "other period value": "{share} (befolkning {population})",
        "covered_share:mixed": "Täckt andel, dag och natt viktade ({day} dagtid, {night} "
                               "nattetid)",
        "covered_population:mixed": "Täckt befolkning, dag och natt viktade (graderad)",
        "mixed_note": "Planen räknar {night} av målfunktionen nattetid (coverage.night_share): "
                      "upptagningsområdena på kartan är de nattetid (IR-räckvidd), de dagtid "
                      "(räckvidder i dagsljus) i ett eget lager; varje kameras popup anger dess "
                      "räckvidder dagtid och nattetid.",
        "solver": "Optimering",
        "description": "Scenariots beskrivning",
        "by_mount": "Nya kameror per monteringstyp",
        "rollout": "Utbyggnad i etapper",
        "gap": ", optimalitetsgap {gap}",
        "summary_note": "Täckningen graderas efter DORI-nivå; täckt andel viktar områdena "
                        "efter prioritet.",
        "by_day_note": "Täckningen gäller i dagsljus (räckvidder i dagsljus); kamerorna spelar "
                       "in {hours}: planera med coverage.night = true för täckningen nattetid.",
        "graded_note": "Täckt befolkning är graderad, inte ett antal personer: områdets "
                       "befolkning viktad efter den DORI-nivå som dess allmänna platser syns "
                       "på{levels}.",
        "offline_note": "Offlinekopia: bakgrundskartan kräver nätverksanslutning.",
        "legend": "Teckenförklaring",
        "priority": "Prioritet",
        "or_more": "eller mer",
        "camera_view": "Kamerans upptagningsområde (DORI-nivå)",
        "legend_existing": "befintlig kamera",
        "legend_candidate": "möjlig monteringsplats",
        "legend_uncovered": "behovspunkt utan täckning",
        "legend_privacy": "integritetszon",
        "legend_building": "byggnad",
        "legend_added": "tillagd (bara i B)",
        "legend_removed": "borttagen (bara i A)",
        "legend_moved": "ändrad (samma plats, omriktad eller annan modell)",
        "legend_unchanged": "oförändrad",
        "legend_required": "på en monteringsplats som scenariot kräver "
                           "(constraints.require_sites), i ändringens färg",
    },
})


#: The maps' CSS. A map is a size container (``cqw``: a percentage of the map's width, which is
#: half the window's in a comparison): a panel leaves room for the layer control's button beside
#: it and a popup fits its map (on a 768 px tablet a comparison's popup, 427 px in a 384 px map,
#: had run off the screen, and the summary had covered the layer control's button). A map at
#: least 1600 x 900 px (a projector at 1920 x 1080, where the steering group reads it from across
#: the room) has its text a sixth larger: the panels' 12 px and their notes' 11 px had been hard
#: to read there; its panels may be taller, so that the summary shows whole. Printed (A4
#: landscape), the panels show whole in smaller type, no row cut by a page or a scroll box, and
#: the buttons, the layer control and the search box are left out, and so are the hover
#: tooltips and a focused marker's outline (a marker focused with the keyboard had printed its
#: tooltip half under the summary panel).
PANEL_CSS = """
.folium-map {container-type: inline-size;}
.leaflet-container .leaflet-control-layers {font-size: 13px; line-height: 1.35;}
.leaflet-container .leaflet-popup-content {font-size: 12.5px; line-height: 1.35;
  max-width: calc(100cqw - 70px);}
.leaflet-container .leaflet-tooltip {font-size: 12.5px;}
.planner-panel {background: #fff; padding: 6px 10px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.35); font: 12px/1.35 "Liberation Sans", Arial, sans-serif;
  max-width: min(340px, calc(100cqw - 100px)); max-height: 48vh; overflow: auto; color: #222;}
.planner-panel summary {font-weight: bold; cursor: pointer; font-size: 13px;}
.planner-panel table {border-collapse: collapse; margin: 3px 0;}
.planner-panel th {text-align: left; font-weight: 600; padding: 1px 8px 1px 0; vertical-align: top;}
.planner-panel td {padding: 1px 0 1px 4px; text-align: right;}
.planner-panel td.t {text-align: left;}
.planner-swatch {display: inline-block; width: 14px; height: 11px; margin-right: 5px;
  vertical-align: middle; border: 1px solid #555;}
.planner-ramp {display: inline-block; width: 120px; height: 10px; vertical-align: middle;
  border: 1px solid #555; margin: 0 4px;}
.planner-pin {display: inline-block; width: 18px; height: 18px; border-radius: 50% 50% 50% 0;
  color: #fff; text-align: center; font-size: 10px; line-height: 18px; margin-right: 5px;}
.planner-popup table {border-collapse: collapse;}
.planner-popup th {text-align: left; padding: 1px 8px 1px 0; font-weight: 600;}
.planner-popup td {padding: 1px 0; }
.planner-popup h3 {font-size: 14px; margin: 0 0 4px 0;}
.planner-popup .note {margin: 4px 0 0 0; color: #444;}
.planner-summary .note {margin: 3px 0 0 0; color: #444; max-width: 260px; font-size: 11.5px;}
.planner-summary .scenario {margin: 1px 0 2px 0; color: #555; font-size: 11px;}
.planner-popup .warn {margin: 4px 0 0 0; color: #8a4b00; font-weight: 600;}
.planner-difference .warn, .planner-changes .warn {margin: 3px 0 0 0; color: #8a4b00;
  font-weight: 600; max-width: 260px; font-size: 11.5px;}
.planner-summary details.description summary {font-size: inherit; font-weight: 600;}
.planner-summary details.description {margin: 3px 0 0 0;}
@media (min-height: 900px) { @container (min-width: 1600px) {
.leaflet-container .leaflet-control-layers {font-size: 15px;}
.leaflet-container .leaflet-popup-content, .leaflet-container .leaflet-tooltip {font-size: 14px;}
.planner-panel {font-size: 14px; max-width: 400px; max-height: 62vh;}
.planner-panel summary {font-size: 15px;}
.planner-popup h3 {font-size: 16px;}
.planner-summary .note, .planner-difference .warn, .planner-changes .warn {font-size: 13px;
  max-width: 310px;}
.planner-summary .scenario {font-size: 12.5px;}
} }
@page {size: A4 landscape; margin: 8mm;}
@media print {
.leaflet-control-zoom, .leaflet-control-zoom-fullscreen, .leaflet-control-layers,
.planner-search {display: none !important;}
.leaflet-tooltip-pane {display: none;}
.leaflet-marker-icon:focus {outline: none;}
.planner-panel {max-height: none; overflow: visible; box-shadow: none; border: 1px solid #888;
  font-size: 10px; max-width: 330px;}
.planner-panel summary {font-size: 11px;}
.planner-summary .note, .planner-summary .scenario {font-size: 9.5px; max-width: 320px;}
.planner-summary details.description:not([open]) {display: none;}
.planner-panel tr, .planner-panel p, .planner-panel div {break-inside: avoid;}
}
"""


def pin(color: str, icon: str) -> str:
    """A small marker-like badge for the legend."""
    hexcol = MARKER_HEX.get(color, color)
    return (
        f'<span class="planner-pin" style="background:{hexcol}">'
        f'<i class="fa fa-{esc(icon)}"></i></span>'
    )




def graded_note(level_values: Any = None, *, language: str | None = None) -> str:
    """What the covered population is: graded by DORI level, not a head count.

    ``level_values`` (``summary["level_values"]``: level name -> value) adds what each level
    counts, best first: ``(identify 1, recognise 0.75, observe 0.5, detect 0.25)``.
    """
    t = pick(TEXT, language)
    levels = _lang.level_values(level_values, language)  # (report.md's definition has them too)
    levels = f" ({levels})" if levels else ""
    return t["graded_note"].format(levels=levels)


def _coverage_rows(summary: Mapping[str, Any], when: str | None, covered_pop: str,
                   language: str | None) -> list[tuple[str, str]]:
    """The panel's covered share and population, named by when they hold.

    A plan of ``coverage.night_share``: the weighted figures its objective counts, then the
    share and population by day and at night apart.
    """
    t = pick(TEXT, language)
    if when != "mixed":
        other = {"day": "night", "night": "day"}.get(when or "")
        return [(t[f"covered_share:{when}"] if when else t["covered_share"],
                 fmt_pct(summary.get("covered_share"), language=language)),
                (t[f"covered_population:{when}"] if when else t["covered_population"],
                 covered_pop),
                # (the plan's cameras at the other time: a day plan's 17.8 % had stood alone;
                # one row, the plan's own figures staying first)
                *(((t[f"other period:{other}"], t["other period value"].format(
                    share=fmt_pct(summary[f"covered_share_{other}"], language=language),
                    population=fmt_int(summary[f"covered_population_{other}"],
                                       language=language))),)
                  if other and f"covered_share_{other}" in summary else ())]
    share = float(summary.get("night_share") or 0.0)
    return [
        (t["covered_share:mixed"].format(day=fmt_pct(1 - share, 0, language=language),
                                         night=fmt_pct(share, 0, language=language)),
         fmt_pct(summary.get("covered_share"), language=language)),
        *((t[f"covered_share:{p}"], fmt_pct(summary.get(f"covered_share_{p}"),
                                            language=language)) for p in ("day", "night")),
        (t["covered_population:mixed"], covered_pop),
        *((t[f"covered_population:{p}"], fmt_int(summary.get(f"covered_population_{p}"),
                                                 language=language)) for p in ("day", "night")),
    ]


def summary_html(
    summary: Mapping[str, Any], name: str, *, offline: bool = False, label: str | None = None,
    language: str | None = None, cameras: Any = None, by_mount: bool = True,
    areas: Any = None, privacy: tuple[str, str] | None = None,
) -> str:
    """The summary panel: the scenario's title, budget, spent, cameras, shares, solver status.

    ``cameras``: the plan's, to tell an existing camera replaced by a new one from one taken
    down (:func:`planner._existing_text.existing_gone`), and, with ``by_mount``, to count the
    new ones by mount type (a comparison's panels leave that out: its changes panel lists them).
    ``areas``: the plan's, for the smallest covered share the equity rule reached (the rule is
    said after the coverage, as report.md says it; the panel had not named it). ``privacy``:
    the row of what the new cameras see of privacy zones (:func:`~planner._map_register.privacy_row`),
    after the optimisation's.

    The scenario's name (scenario and variant) stands small beneath the title; the covered
    population is marked graded, with a note on what that is. ``label`` ("Plan A" in a
    comparison) goes before the title; a plan without a title (:func:`plan_title`) is headed
    "``label``: name" (default label: "Plan" in ``language``).
    """
    t = pick(TEXT, language)
    budget = summary.get("budget_sek")
    spent = summary.get("spent_sek")
    spent_text = fmt_sek(spent, language=language)
    if not is_missing(budget) and not is_missing(spent) and _float(budget) > 0:
        spent_text += f" ({fmt_pct(_float(spent) / _float(budget), 0, language=language)})"
    population = summary.get("population")
    covered_pop = fmt_int(summary.get("covered_population"), language=language)
    if not is_missing(population):
        covered_pop = t["covered_of"].format(covered=covered_pop,
                                             population=fmt_int(population, language=language))
    status = summary.get("status", "–")
    solver = esc(_lang.status(status, language))
    if not is_missing(summary.get("gap")):
        solver += t["gap"].format(gap=fmt_pct(summary.get("gap"), 2, language=language))
    # (no solve time: the map must be the same bytes on every run, and summary.json has it)
    extra = [esc(summary[k]) for k in ("backend",) if summary.get(k)]
    if extra:
        solver += f" ({', '.join(extra)})"
    n_new, n_old = summary.get("n_cameras_new"), summary.get("n_cameras_existing")
    graded = graded_note(summary.get("level_values"), language=language)
    when = coverage_time(summary)  # (by day or at night, where the summary records it)
    # (what the money pays for: a camera's cost counts its yearly costs over the horizon, and
    # a reader had taken 55,000 SEK for a purchase price; report.md says it in the same words)
    terms = budget_terms(summary, language)
    # the key figures first: on a projector at 1920 x 1080 the description and the cost lines
    # above them had pushed cameras, coverage and optimisation below the panel's fold
    rows = [
        (
            t["cameras"],
            t["cameras_count"].format(
                new=fmt_int(n_new, language=language), new_word=counted(n_new, t, "new"),
                existing=fmt_int(n_old, language=language),
                existing_word=counted(n_old, t, "existing"))
            + (f" ({esc(gone)})" if (gone := existing_gone(summary, language, cameras=cameras))
               else ""),
        ),
        # (how many on façades, the housing company asked: by the sites layer's mount_type)
        *([(t["by_mount"], esc(counts))]
          if by_mount and (counts := _lang.new_by_mount(cameras, language)) else []),
        *_coverage_rows(summary, when, covered_pop, language),
        *((esc(rule[0]), esc(rule[1])) for rule in [equity_rule(summary, language, areas,
                                                                markdown=False)] if rule),
        (t["solver"], solver),
        *([(esc(privacy[0]), esc(privacy[1]))] if privacy else []),
    ]
    stage = stage_line(summary, language)
    if stage is not None:  # (a rollout stage: "optimal" had read as the best plan for its money)
        rows.append((t["rollout"], esc(stage)))
    rows += [
        (t["budget"], fmt_sek(budget, language=language) + (f" ({esc(terms)})" if terms else "")),
        (t["spent"], spent_text),
        # investment and running costs apart (a grant application asks for both)
        *((esc(label), esc(text)) for label, text in cost_rows(
            summary, language, sek=lambda v: fmt_sek(v, language=language))),
    ]
    scenario = summary.get("scenario") or name
    title = plan_title(summary)
    if title is None:  # (a plan without a title: its technical name heads the panel, as before)
        head = f"{esc(label or t['plan'])}: {esc(scenario)}"
    else:  # the scenario's title heads it, its name (scenario and variant) in small beneath
        head = f"{esc(label)}: {esc(title)}" if label else esc(title)
    sub = ("" if title is None or title == scenario else
           f'<p class="scenario">{t["scenario"].format(name=esc(scenario))}</p>')
    # the scenario's own words on what it asks and from what data, as in report.md (the README
    # says so; they had reached summary.json only, and with them the default data's word that
    # its geometry is schematic), folded after the figures: first, Katrineholm's ten lines had
    # hidden the key figures of a projected panel
    described = scenario_description(summary)
    about = (f'<details class="description"><summary>{t["description"]}</summary>'
             f'<p class="note description">{esc(described)}</p></details>' if described else "")

    # what the figures are: a plan could cover more people yet a smaller share (the share
    # weighs areas by priority), which had puzzled a review meeting
    note = f'<p class="note">{t["summary_note"]}</p><p class="note">{esc(graded)}</p>'
    if (hours := day_plan_hours(summary)) is not None:
        note += f'<p class="note">{esc(t["by_day_note"].format(hours=hours))}</p>'
    if when == "mixed":  # (which of the two footprints the map draws)
        night = fmt_pct(summary.get("night_share"), 0, language=language)
        note += f'<p class="note">{esc(t["mixed_note"].format(night=night))}</p>'
    if offline:
        note += f'<p class="note">{t["offline_note"]}</p>'
    return (
        f'<details open class="planner-summary"><summary>{head}</summary>{sub}{table(rows)}'
        f"{note}{about}</details>"
    )


def plan_title(summary: Mapping[str, Any]) -> str | None:
    """The scenario's human title (``title`` in its TOML, a variant's own where it sets one).

    ``None`` where the plan has none (a plan built by hand, a scenario without ``title``).
    """
    title = summary.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    return " ".join(title.split())


def compared_names(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any],
                   name_a: str, name_b: str) -> list[str]:
    """What a comparison calls plans A and B: their scenarios' names (``name_*``), or titles.

    By title where the names are one and the titles differ (one scenario, ``--set-a``/
    ``--set-b``: ``compare`` titles the two apart, "… — 8 MSEK" and "… — 6 MSEK"); compare.html's
    title and change panel and the printed plan lines alike (the console had printed
    "A katrineholm-2018:sv" and "B katrineholm-2018:sv").
    """
    names = [name_a, name_b]
    titled = [plan_title(s) or n for s, n in zip((summary_a, summary_b), names, strict=True)]
    return titled if names[0] == names[1] and titled[0] != titled[1] else names


def ramp(stops: Sequence[str]) -> str:
    """A CSS gradient bar of a colour ramp."""
    gradient = f"linear-gradient(to right,{','.join(stops)})"
    return f'<span class="planner-ramp" style="background:{gradient}"></span>'


def _legend_head(*, priority: bool = True, share_top: float = 1.0,
                 language: str | None = None) -> list[str]:
    t = pick(TEXT, language)
    parts = [f'<details open class="planner-legend"><summary>{t["legend"]}</summary>']
    if priority:
        parts.append(f"<div>{t['priority']}&nbsp;0{ramp(PRIORITY_STOPS)}1</div>")
    top = decimal(f"{100 * share_top:g}", language)
    parts += [
        f"<div>{t['covered_share']}&nbsp;0&nbsp;%{ramp(COVERAGE_STOPS)}{top}&nbsp;%"
        + (f"&nbsp;{t['or_more']}" if share_top < 1.0 else "") + "</div>",
        f"<div><b>{t['camera_view']}</b></div>",
    ]
    for level in sorted(LEVEL_NAMES, reverse=True):
        parts.append(
            f'<div><span class="planner-swatch" style="background:{LEVEL_COLORS[level]}"></span>'
            f"{level_name(level, language)}</div>"
        )
    return parts


def compare_legend_html(*, share_top: float = 1.0, language: str | None = None,
                        required: Sequence[str] = ()) -> str:
    """The comparison map's legend: covered share, DORI levels and the change of each camera.

    ``required``: the changes of the cameras on mounts a scenario requires
    (:func:`~planner._map_cameras.required_changes`): their marker,
    :data:`~planner._map_html.REQUIRED_ICON`, in each of those changes' colours, explained.
    """
    t = pick(TEXT, language)
    labels = {"added": t["legend_added"], "removed": t["legend_removed"],
              "moved": t["legend_moved"], "unchanged": t["legend_unchanged"],
              "existing": t["legend_existing"]}
    parts = [*_legend_head(priority=False, share_top=share_top, language=language),
             f"<div><b>{t['cameras']}</b></div>"]
    parts += [f"<div>{pin(*STATUS_STYLES[k])}{text}</div>" for k, text in labels.items()]
    if pins := "".join(pin(STATUS_STYLES[k][0], REQUIRED_ICON) for k in required
                       if k in STATUS_STYLES):
        parts.append(f"<div>{pins}{t['legend_required']}</div>")
    parts.append("</details>")
    return "".join(parts)


def legend_html(models: Mapping[str, tuple[str, str]], model_names: Mapping[str, str], *,
                share_top: float = 1.0, language: str | None = None) -> str:
    """The legend: area scales, DORI levels, camera icons per model and the other symbols."""
    t = pick(TEXT, language)
    parts = [*_legend_head(share_top=share_top, language=language),
             f"<div><b>{t['cameras']}</b></div>"]
    for model, (color, icon) in models.items():
        # the catalogue's name with its id, as the popups give them ("2 MP dome (dome-2mp)")
        parts.append(f"<div>{pin(color, icon)}{model_html(model_names.get(model), model)}</div>")
    parts += [
        f"<div>{pin(*EXISTING_STYLE)}{t['legend_existing']}</div>",
        '<div><span class="planner-swatch" style="background:#fff;border-radius:50%"></span>'
        f"{t['legend_candidate']}</div>",
        '<div><span class="planner-swatch" style="background:#252525;border-radius:50%;'
        f'width:6px;height:6px"></span>{t["legend_uncovered"]}</div>',
        '<div><span class="planner-swatch" style="background:#f1b6da;border-color:#c51b7d">'
        f"</span>{t['legend_privacy']}</div>",
        '<div><span class="planner-swatch" style="background:#969696"></span>'
        f"{t['legend_building']}</div>",
        "</details>",
    ]
    return "".join(parts)


class HtmlControl(MacroElement):
    """A Leaflet control whose content is a fixed piece of (already escaped) HTML.

    Being a control, it stays visible in full-screen mode. The HTML is passed to the browser as a
    JSON string and set as the control's ``innerHTML``.

    Parameters
    ----------
    html
        Escaped HTML.
    position
        ``topleft``, ``topright``, ``bottomleft`` or ``bottomright``.
    css_class
        Extra CSS classes of the control's ``div``.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "topright", css_class: str = "") -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position
        self.css_class = ("planner-panel " + css_class).strip()
        self.css = PANEL_CSS


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres only (Leaflet's own also shows feet and miles).

    At most 150 px long (Leaflet's default 100 px): a bar is at least half that, and the label
    (in the map's 16 px) had run past the end of a 47 px bar ("500 m" at zoom 13).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 150}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


class OfflineNote(HtmlControl):
    """The summary panel of a map rendered for offline use (marks the map as offline)."""
