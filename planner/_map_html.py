"""HTML pieces of the planner's maps: escaping, number formats, colours, popups and panels.

Every string that comes from data (area names, mount ids, model names, notes, scenario names) goes
through :func:`esc` before it is put into HTML. The HTML built here reaches the browser as a JSON
string inside a script (folium's ``tojson``) and is then set as ``innerHTML`` by Leaflet, so escaped
text shows literally and never runs. ``$`` and backticks are escaped as well, because folium puts
some HTML into JavaScript template literals, where ``${...}`` would be evaluated.

The words are English or Swedish (the scenario's ``language``): every builder takes ``language``
(``None`` for English) and reads its phrases from this module's table (:mod:`planner._lang`).
Numbers follow the language too (a decimal comma in Swedish).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from branca.element import MacroElement
from folium.template import Template

from planner import _lang
from planner._cost_text import budget_terms, cost_parts, cost_rows
from planner._existing_text import existing_gone
from planner._lang import counted, pick, texts
from planner._stage_text import stage_line
from planner.cameras import LEVEL_NAMES

#: DORI level number -> fill colour of view polygons (purples: apart from the area scales).
LEVEL_COLORS: dict[int, str] = {1: "#dadaeb", 2: "#9e9ac8", 3: "#6a51a3", 4: "#3f007d"}

#: Area priority in [0, 1] (1 = greatest challenges): ColorBrewer YlOrRd.
PRIORITY_STOPS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Covered share in [0, 1]: ColorBrewer Greens.
COVERAGE_STOPS: tuple[str, ...] = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
#: Colour of a missing value.
NO_DATA_COLOR = "#bdbdbd"

#: Awesome-marker colour name -> the hex colour its sprite shows (for the legend).
MARKER_HEX: dict[str, str] = {
    "blue": "#38aadd",
    "darkblue": "#0067a3",
    "cadetblue": "#436978",
    "green": "#72b026",
    "darkgreen": "#728224",
    "orange": "#f69730",
    "lightblue": "#8adaff",
    "darkred": "#a23336",
    "red": "#d63e2a",
    "gray": "#575757",
}
#: (marker colour, Font Awesome icon) per camera model, in sorted model-id order (cycled).
MODEL_STYLES: tuple[tuple[str, str], ...] = (
    ("blue", "video"),
    ("green", "binoculars"),
    ("orange", "bullseye"),
    ("darkblue", "camera"),
    ("darkred", "street-view"),
    ("darkgreen", "circle-dot"),
    ("lightblue", "crosshairs"),
    ("cadetblue", "eye"),
)
#: Marker of an existing camera.
EXISTING_STYLE: tuple[str, str] = ("gray", "clock-rotate-left")
#: Marker per change status in a comparison.
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "added": ("green", "plus"),
    "removed": ("red", "minus"),
    "moved": ("orange", "rotate"),
    "unchanged": ("blue", "video"),
    "existing": EXISTING_STYLE,
}

#: the phrases of the maps' popups, tooltips and panels, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "decimal_mark": ".",
        "currency": "SEK",
        "camera": "Camera",
        "existing_camera": "Existing camera",
        "change": "Change: {status}",
        "added": "added",
        "removed": "removed",
        "moved": "moved",
        "unchanged": "unchanged",
        "stage": "Bought in stage",
        "required_site": "Required site: the scenario asks for a camera here "
                         "(constraints.require_sites)",
        "replaces_existing": "Replaces the existing camera ({model}) on this mount "
                             "(constraints.replace_existing)",
        "mount": "Mount",
        "same_mount": "Also on this mount",
        "model": "Model",
        "orientation": "Orientation (from true north)",
        "field_of_view": ", field of view {deg}°",
        "cost": "Cost",
        "cost_existing": "0 SEK (existing, not charged to the grant)",
        "covered_population_graded": "Covered population (graded)",
        "covered_weight_graded": "Covered demand weight (graded)",
        "marginal_value": "Marginal value (demand weight)",
        "weight_by_level": "Demand weight by best DORI level",
        "approximate_note": "Approximate position (location not surveyed).",
        "note": "Note: {note}",
        "camera_at": "{model} at {site}",
        "existing_prefix": "Existing: ",
        "approximate_suffix": " (approximate position)",
        "area_tooltip": "priority {priority} · population {population}",
        "area_tooltip_share": "covered share",
        "area_id": "Area id",
        "population": "Population",
        "priority_index": "Priority",
        "demand_weight": "Demand weight",
        "share_before": "Covered share before",
        "share_after": "Covered share after",
        "population_after": "Covered population after (graded)",
        "area_graded_note": "Graded by DORI level: not a head count.",
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
        "solver": "Optimisation",
        "rollout": "Rollout",
        "gap": ", gap {gap}",
        "summary_note": "Coverage graded by DORI level; the share weighs areas by priority.",
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
    },
    "sv": {
        "decimal_mark": ",",
        "currency": "kr",
        "camera": "Kamera",
        "existing_camera": "Befintlig kamera",
        "change": "Ändring: {status}",
        "added": "tillagd",
        "removed": "borttagen",
        "moved": "ändrad",
        "unchanged": "oförändrad",
        "stage": "Köps i etapp",
        "required_site": "Krävd plats: scenariot kräver en kamera här "
                         "(constraints.require_sites)",
        "replaces_existing": "Ersätter den befintliga kameran ({model}) på monteringsplatsen "
                             "(constraints.replace_existing)",
        "mount": "Monteringsplats",
        "same_mount": "Även på monteringsplatsen",
        "model": "Modell",
        "orientation": "Riktning (från geografisk nord)",
        "field_of_view": ", bildvinkel {deg}°",
        "cost": "Kostnad",
        "cost_existing": "0 kr (befintlig, belastar inte bidraget)",
        "covered_population_graded": "Täckt befolkning (graderad)",
        "covered_weight_graded": "Täckt behovsvikt (graderad)",
        "marginal_value": "Marginalvärde (behovsvikt)",
        "weight_by_level": "Behovsvikt efter bästa DORI-nivå",
        "approximate_note": "Ungefärlig position (platsen är inte inmätt).",
        "note": "Anmärkning: {note}",
        "camera_at": "{model} vid {site}",
        "existing_prefix": "Befintlig: ",
        "approximate_suffix": " (ungefärlig position)",
        "area_tooltip": "prioritet {priority} · befolkning {population}",
        "area_tooltip_share": "täckt andel",
        "area_id": "Område (id)",
        "population": "Befolkning",
        "priority_index": "Prioritet",
        "demand_weight": "Behovsvikt",
        "share_before": "Täckt andel före",
        "share_after": "Täckt andel efter",
        "population_after": "Täckt befolkning efter (graderad)",
        "area_graded_note": "Graderad efter DORI-nivå: inte ett antal personer.",
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
        "solver": "Optimering",
        "rollout": "Utbyggnad i etapper",
        "gap": ", optimalitetsgap {gap}",
        "summary_note": "Täckningen graderas efter DORI-nivå; täckt andel viktar områdena "
                        "efter prioritet.",
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
    },
})

#: The maps' CSS. A map is a size container (``cqw``: a percentage of the map's width, which is
#: half the window's in a comparison): a panel leaves room for the layer control's button beside
#: it and a popup fits its map (on a 768 px tablet a comparison's popup, 427 px in a 384 px map,
#: had run off the screen, and the summary had covered the layer control's button). A map at
#: least 1600 x 900 px (a projector at 1920 x 1080, where the steering group reads it from across
#: the room) has its text a sixth larger: the panels' 12 px and their notes' 11 px had been hard
#: to read there; its panels may be taller, so that the summary shows whole.
PANEL_CSS = """
.folium-map {container-type: inline-size;}
.leaflet-container .leaflet-control-layers {font-size: 13px; line-height: 1.35;}
.leaflet-container .leaflet-popup-content {font-size: 12.5px; line-height: 1.35;
  max-width: calc(100cqw - 70px);}
.leaflet-container .leaflet-tooltip {font-size: 12.5px;}
.planner-panel {background: rgba(255,255,255,0.93); padding: 6px 10px; border-radius: 5px;
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
.planner-popup h4 {font-size: 14px; margin: 0 0 4px 0;}
.planner-popup .note {margin: 4px 0 0 0; color: #444;}
.planner-summary .note {margin: 3px 0 0 0; color: #444; max-width: 260px; font-size: 11.5px;}
.planner-summary .scenario {margin: 1px 0 2px 0; color: #555; font-size: 11px;}
.planner-popup .warn {margin: 4px 0 0 0; color: #8a4b00; font-weight: 600;}
.planner-difference .warn, .planner-changes .warn {margin: 3px 0 0 0; color: #8a4b00;
  font-weight: 600; max-width: 260px; font-size: 11.5px;}
@media (min-height: 900px) { @container (min-width: 1600px) {
.leaflet-container .leaflet-control-layers {font-size: 15px;}
.leaflet-container .leaflet-popup-content, .leaflet-container .leaflet-tooltip {font-size: 14px;}
.planner-panel {font-size: 14px; max-width: 400px; max-height: 62vh;}
.planner-panel summary {font-size: 15px;}
.planner-popup h4 {font-size: 16px;}
.planner-summary .note, .planner-difference .warn, .planner-changes .warn {font-size: 13px;
  max-width: 310px;}
.planner-summary .scenario {font-size: 12.5px;}
} }
"""


def esc(value: Any) -> str:
    """Escape a data value for HTML (and for JavaScript template literals).

    Parameters
    ----------
    value
        Any value; ``None`` and NaN become an empty string.

    Returns
    -------
    str
        Text with ``& < > " '`` as HTML entities and ``$`` and backtick as numeric references.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("$", "&#36;").replace("`", "&#96;")


def is_missing(value: Any) -> bool:
    """Tell whether ``value`` is None or a NaN float."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return False


def _float(value: Any) -> float:
    return float(value)


def decimal(text: str, language: str | None = None) -> str:
    """``text`` (a formatted number) with the language's decimal mark and minus sign.

    Swedish: a comma and U+2212 (``−1,1``).
    """
    return text.replace(".", pick(TEXT, language)["decimal_mark"]).replace(
        "-", _lang.minus_sign(language))


def fmt_int(value: Any, *, language: str | None = None) -> str:
    """Format a number as an integer grouped in thousands as ``language`` writes it.

    ``8,000,000``; Swedish ``8 000 000`` (narrow no-break spaces), as the reports
    (:func:`planner._lang.number`).
    """
    if is_missing(value):
        return "–"
    return _lang.number(round(float(value)), 0, language)


def fmt_sek(value: Any, *, language: str | None = None) -> str:
    """Format an amount of Swedish kronor (``8,000,000 SEK``; ``8 000 000 kr`` in Swedish)."""
    if is_missing(value):
        return "–"
    return fmt_int(value, language=language) + "\u00a0" + pick(TEXT, language)["currency"]


def fmt_pct(value: Any, digits: int = 1, *, language: str | None = None) -> str:
    """Format a share in [0, 1] as a percentage."""
    if is_missing(value):
        return "–"
    return decimal(f"{100.0 * float(value):.{digits}f}\u00a0%", language)


def fmt_num(value: Any, digits: int = 1, *, language: str | None = None) -> str:
    """Format a float with ``digits`` decimals, grouped in thousands as :func:`fmt_int`."""
    if is_missing(value):
        return "–"
    return _lang.number(float(value), digits, language)


def compass(deg: Any, *, language: str | None = None) -> str:
    """Name the compass direction of a bearing (0 = N, 90 = E; Swedish O for east)."""
    if is_missing(deg):
        return ""
    return _lang.compass(deg, language)


def level_name(level: int, language: str | None = None) -> str:
    """The DORI level's name in ``language`` (``detect`` ... ``identify``; 0 or unknown: "")."""
    name = LEVEL_NAMES.get(level)
    return _lang.level(name, language) if name else ""


def interpolate_color(stops: Sequence[str], value: Any) -> str:
    """Colour at ``value`` in [0, 1] of a linear ramp through equally spaced ``stops``.

    Values outside [0, 1] are clipped; a missing value gives :data:`NO_DATA_COLOR`.

    Parameters
    ----------
    stops
        Hex colours ``#rrggbb`` at 0, 1/(n-1), ..., 1.
    value
        Position on the ramp.

    Returns
    -------
    str
        ``#rrggbb``.
    """
    if is_missing(value):
        return NO_DATA_COLOR
    x = min(max(float(value), 0.0), 1.0) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    t = x - i
    a = [int(stops[i][k : k + 2], 16) for k in (1, 3, 5)]
    b = [int(stops[i + 1][k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(
        f"{math.floor(p + (q - p) * t + 0.5):02x}" for p, q in zip(a, b, strict=True)
    )


def model_styles(models: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Assign a (marker colour, icon) to each camera model, in sorted order."""
    return {m: MODEL_STYLES[i % len(MODEL_STYLES)] for i, m in enumerate(sorted(set(models)))}


def table(rows: Sequence[tuple[str, str]]) -> str:
    """An HTML table of (header, cell) pairs; both must already be HTML (escaped)."""
    body = "".join(f"<tr><th>{h}</th><td>{c}</td></tr>" for h, c in rows)
    return f"<table>{body}</table>"


def pin(color: str, icon: str) -> str:
    """A small marker-like badge for the legend."""
    hexcol = MARKER_HEX.get(color, color)
    return (
        f'<span class="planner-pin" style="background:{hexcol}">'
        f'<i class="fa fa-{esc(icon)}"></i></span>'
    )


def camera_popup(row: Mapping[str, Any], *, status: str | None = None,
                 language: str | None = None) -> str:
    """Popup HTML of one camera (new or existing).

    Parameters
    ----------
    row
        A row of ``Plan.cameras`` as a mapping; its name heads the popup
        (:func:`camera_name`: its ``camera`` label, ``C001``, as in the reports).
    status
        In a comparison: ``added``, ``removed``, ``moved`` or ``unchanged``.
    language
        ``en`` (default) or ``sv``.

    Returns
    -------
    str
        Escaped HTML.
    """
    t = pick(TEXT, language)
    existing = bool(row.get("existing", False))
    title = t["existing_camera"] if existing else t["camera"]
    model = esc(row.get("model_name") or row.get("model"))
    if row.get("model_name") and row.get("model_name") != row.get("model"):
        model += f" ({esc(row.get('model'))})"
    mount = esc(row.get("site_id"))
    if row.get("mount_type"):
        mount += f" ({esc(_lang.mount(str(row.get('mount_type')), language))})"
    orientation = "–"
    # from true north, as the map shows it (orientation_deg is the metric CRS's grid bearing; a
    # row without orientation_true_deg, made by hand, gives that)
    deg = row.get("orientation_true_deg")
    if is_missing(deg):
        deg = row.get("orientation_deg")
    if deg is not None and not is_missing(deg):
        orientation = f"{_lang.degrees(deg, language)} ({compass(deg, language=language)})"
        if not is_missing(row.get("hfov_deg")):
            orientation += t["field_of_view"].format(deg=f"{float(row['hfov_deg']):.0f}")
    cost = (
        t["cost_existing"] if existing else fmt_sek(row.get("cost_sek"), language=language)
    )
    # (what the cost is made of: a reader had taken 55,000 SEK for a purchase price)
    in_parts = None if existing else cost_parts(row, language,
                                                sek=lambda v: fmt_sek(v, language=language))
    if in_parts:
        cost += f" ({esc(in_parts)})"
    stage = row.get("stage")  # (a rollout's plans: the stage the camera is bought in)
    # (no "Option" row: the optimiser's index of the option, 23817, named nothing a reader can
    # look up; the label heads the popup and names the camera in report.md and register.csv)
    rows = [
        *([(t["stage"], esc(int(stage)))] if not existing and stage is not None
          and not is_missing(stage) else []),
        (t["mount"], mount),
        # (the other cameras of a shared mount, whose markers stand beside this one)
        *([(t["same_mount"], esc(row.get("same_mount")))] if row.get("same_mount")
          and not is_missing(row.get("same_mount")) else []),
        (t["model"], model),
        (t["orientation"], orientation),
        (t["cost"], cost),
        (t["covered_population_graded"],
         fmt_int(row.get("covered_population"), language=language)),
        (t["covered_weight_graded"], fmt_num(row.get("covered_weight"), language=language)),
        (t["marginal_value"], fmt_num(row.get("marginal_value"), 1, language=language)),
    ]
    weights = [row.get(f"weight_{name}") for name in LEVEL_NAMES.values()]
    total = sum(_float(w) for w in weights if not is_missing(w))
    dori = []
    for level in sorted(LEVEL_NAMES, reverse=True):
        name = LEVEL_NAMES[level]
        w = row.get(f"weight_{name}")
        share = ("" if is_missing(w) or total <= 0
                 else f" ({fmt_pct(_float(w) / total, 0, language=language)})")
        swatch = f'<span class="planner-swatch" style="background:{LEVEL_COLORS[level]}"></span>'
        # (lowercase, as the legend, report.md and the workbooks write a level)
        dori.append((f"{swatch}{_lang.level(name, language)}",
                     fmt_num(w, language=language) + share))
    parts = [
        '<div class="planner-popup">',
        f"<h4>{title} {esc(camera_name(row, language=language))}</h4>",
    ]
    if status:
        shown = t[status] if status in _STATUSES else status
        parts.append(f'<p class="warn">{t["change"].format(status=esc(shown))}</p>')
    if not existing and row.get("required_site") in (True,):  # (NaN in a comparison: no)
        parts.append(f"<p>{esc(t['required_site'])}</p>")
    old_model = row.get("replaces_existing")
    if not existing and isinstance(old_model, str):  # (None, or NaN in a comparison: none)
        parts.append(f"<p>{esc(t['replaces_existing'].format(model=old_model))}</p>")
    parts += [table(rows), f"<b>{t['weight_by_level']}</b>", table(dori)]
    if bool(row.get("approximate", False)):
        parts.append(f'<p class="warn">{t["approximate_note"]}</p>')
    if row.get("note") and not is_missing(row.get("note")):
        parts.append(f'<p class="note">{t["note"].format(note=esc(row.get("note")))}</p>')
    parts.append("</div>")
    return "".join(parts)


#: the change statuses of a comparison (their names are phrases of :data:`TEXT`)
_STATUSES = ("added", "removed", "moved", "unchanged")


def camera_name(row: Mapping[str, Any], *, language: str | None = None) -> str:
    """A camera as the reader can look it up (not escaped).

    Its label (``C001``), as ``report.md``, ``register.csv`` and ``cameras.geojson`` name it;
    a row without one (a frame not labelled by the map) is named by what the reports also give:
    model, mount and direction from true north, ``2 MP dome at lamp-001, 91.0° (E)``, never by its
    ``option_id`` (the optimiser's index of the option, which no document a reader has shows).
    """
    if not is_missing(row.get("camera")):
        return str(row.get("camera"))
    name = row.get("model_name")
    model = name if isinstance(name, str) and name else row.get("model")
    site = row.get("site_id")
    if is_missing(model) and is_missing(site):
        return "–"
    text = pick(TEXT, language)["camera_at"].format(
        model="–" if is_missing(model) else model, site="–" if is_missing(site) else site)
    deg = row.get("orientation_true_deg")
    if is_missing(deg):
        deg = row.get("orientation_deg")
    if deg is not None and not is_missing(deg):
        text += f", {_lang.degrees(deg, language)} ({compass(deg, language=language)})"
    return text


def camera_tooltip(row: Mapping[str, Any], *, language: str | None = None) -> str:
    """Tooltip HTML of one camera."""
    t = pick(TEXT, language)
    model = esc(row.get("model_name") or row.get("model"))
    text = t["camera_at"].format(model=model, site=esc(row.get("site_id")))
    if bool(row.get("existing", False)):
        text = t["existing_prefix"] + text
        if bool(row.get("approximate", False)):
            text += t["approximate_suffix"]
    if not is_missing(row.get("camera")):  # the report's name, to look the camera up there
        text = f"{esc(row.get('camera'))}: {text}"
    return text


def area_tooltip(row: Mapping[str, Any], *, language: str | None = None) -> str:
    """Tooltip HTML of one area."""
    t = pick(TEXT, language)
    figures = t["area_tooltip"].format(
        priority=fmt_num(row.get("priority"), 2, language=language),
        population=fmt_int(row.get("population"), language=language),
    )
    return (
        f"<b>{esc(row.get('name'))}</b> ({esc(row.get('area_id'))})<br>{figures}"
        f"<br>{t['area_tooltip_share']} "
        f"{fmt_pct(row.get('covered_share_before'), language=language)} → "
        f"{fmt_pct(row.get('covered_share_after'), language=language)}"
    )


def area_popup(row: Mapping[str, Any], *, language: str | None = None) -> str:
    """Popup HTML of one area."""
    t = pick(TEXT, language)
    rows = [
        (t["area_id"], esc(row.get("area_id"))),
        (t["population"], fmt_int(row.get("population"), language=language)),
        (t["priority_index"], fmt_num(row.get("priority"), 2, language=language)),
        (t["demand_weight"], fmt_num(row.get("weight"), language=language)),
        (t["share_before"], fmt_pct(row.get("covered_share_before"), language=language)),
        (t["share_after"], fmt_pct(row.get("covered_share_after"), language=language)),
        (t["population_after"],
         fmt_int(row.get("covered_population_after"), language=language)),
    ]
    # (a weighted figure, as report.md's "(graded)": read as people, it had been taken for a
    # head count)
    return (f'<div class="planner-popup"><h4>{esc(row.get("name"))}</h4>{table(rows)}'
            f'<p class="note">{esc(t["area_graded_note"])}</p></div>')


def graded_note(level_values: Any = None, *, language: str | None = None) -> str:
    """What the covered population is: graded by DORI level, not a head count.

    ``level_values`` (``summary["level_values"]``: level name -> value) adds what each level
    counts, best first: ``(identify 1, recognise 0.75, observe 0.5, detect 0.25)``.
    """
    t = pick(TEXT, language)
    levels = _lang.level_values(level_values, language)  # (report.md's definition has them too)
    levels = f" ({levels})" if levels else ""
    return t["graded_note"].format(levels=levels)


def summary_html(
    summary: Mapping[str, Any], name: str, *, offline: bool = False, label: str | None = None,
    language: str | None = None, cameras: Any = None,
) -> str:
    """The summary panel: the scenario's title, budget, spent, cameras, shares, solver status.

    ``cameras``: the plan's, to tell an existing camera replaced by a new one from one taken
    down (:func:`planner._existing_text.existing_gone`).

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
    # (what the money pays for: a camera's cost counts its yearly costs over the horizon, and
    # a reader had taken 55,000 SEK for a purchase price; report.md says it in the same words)
    terms = budget_terms(summary, language)
    rows = [
        (t["budget"], fmt_sek(budget, language=language) + (f" ({esc(terms)})" if terms else "")),
        (t["spent"], spent_text),
        # investment and running costs apart (a grant application asks for both)
        *((esc(label), esc(text)) for label, text in cost_rows(
            summary, language, sek=lambda v: fmt_sek(v, language=language))),
        (
            t["cameras"],
            t["cameras_count"].format(
                new=fmt_int(n_new, language=language), new_word=counted(n_new, t, "new"),
                existing=fmt_int(n_old, language=language),
                existing_word=counted(n_old, t, "existing"))
            + (f" ({esc(gone)})" if (gone := existing_gone(summary, language, cameras=cameras))
               else ""),
        ),
        (t["covered_share"], fmt_pct(summary.get("covered_share"), language=language)),
        (t["covered_population"], covered_pop),
        (t["solver"], solver),
    ]
    stage = stage_line(summary, language)
    if stage is not None:  # (a rollout stage: "optimal" had read as the best plan for its money)
        rows.append((t["rollout"], esc(stage)))
    scenario = summary.get("scenario") or name
    title = plan_title(summary)
    if title is None:  # (a plan without a title: its technical name heads the panel, as before)
        head = f"{esc(label or t['plan'])}: {esc(scenario)}"
    else:  # the scenario's title heads it, its name (scenario and variant) in small beneath
        head = f"{esc(label)}: {esc(title)}" if label else esc(title)
    sub = ("" if title is None or title == scenario else
           f'<p class="scenario">{t["scenario"].format(name=esc(scenario))}</p>')
    # what the figures are: a plan could cover more people yet a smaller share (the share
    # weighs areas by priority), which had puzzled a review meeting
    note = f'<p class="note">{t["summary_note"]}</p><p class="note">{esc(graded)}</p>'
    if offline:
        note += f'<p class="note">{t["offline_note"]}</p>'
    return (
        f'<details open class="planner-summary"><summary>{head}</summary>{sub}{table(rows)}'
        f"{note}</details>"
    )


def plan_title(summary: Mapping[str, Any]) -> str | None:
    """The scenario's human title (``title`` in its TOML, a variant's own where it sets one).

    ``None`` where the plan has none (a plan built by hand, a scenario without ``title``).
    """
    title = summary.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    return " ".join(title.split())


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


def compare_legend_html(*, share_top: float = 1.0, language: str | None = None) -> str:
    """The comparison map's legend: covered share, DORI levels and the change of each camera."""
    t = pick(TEXT, language)
    labels = {"added": t["legend_added"], "removed": t["legend_removed"],
              "moved": t["legend_moved"], "unchanged": t["legend_unchanged"],
              "existing": t["legend_existing"]}
    parts = [*_legend_head(priority=False, share_top=share_top, language=language),
             f"<div><b>{t['cameras']}</b></div>"]
    parts += [f"<div>{pin(*STATUS_STYLES[k])}{text}</div>" for k, text in labels.items()]
    parts.append("</details>")
    return "".join(parts)


def legend_html(models: Mapping[str, tuple[str, str]], model_names: Mapping[str, str], *,
                share_top: float = 1.0, language: str | None = None) -> str:
    """The legend: area scales, DORI levels, camera icons per model and the other symbols."""
    t = pick(TEXT, language)
    parts = [*_legend_head(share_top=share_top, language=language),
             f"<div><b>{t['cameras']}</b></div>"]
    for model, (color, icon) in models.items():
        label = esc(model_names.get(model) or model)
        parts.append(f"<div>{pin(color, icon)}{label}</div>")
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
