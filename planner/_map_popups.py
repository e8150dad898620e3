"""Popups and tooltips of the planner's maps: cameras and areas, as escaped HTML.

Built from the pieces of :mod:`planner._map_html` (every data value escaped with its
:func:`~planner._map_html.esc`, numbers in the language's format); the layers of
:mod:`planner._map_layers` store them in each feature's properties. The words are English or
Swedish (the scenario's ``language``): every builder takes ``language`` (``None`` for English) and
reads its phrases from this module's table (:mod:`planner._lang`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner import _lang
from planner._cost_text import cost_parts
from planner._lang import pick, texts
from planner._map_html import (
    LEVEL_COLORS,
    _float,
    compass,
    esc,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_sek,
    is_missing,
    model_html,
    table,
)
from planner.cameras import LEVEL_NAMES

#: the phrases of the maps' popups and tooltips, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
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
        # (an existing camera's 0 had read as free: its owner pays its running costs)
        "cost_existing_yearly": "0 SEK to this budget (existing: its owner pays its running "
                                "costs, {yearly} a year)",
        "owner": "Owner",
        "owner_unknown": "not named in the sites layer",
        "ranges": "DORI ranges by day",
        "ranges_night": "DORI ranges at night (IR)",
        "range": "{level} {metres} m",
        "zones_in_view": "Privacy zones in view",
        "facades_in_view": "Residential façades in view",
        "at_level": "{value} from detect level; {rule} at {level} or better",
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
        "area_factor": "Weight in the objective",
        "area_factor_value": "× {factor} (demand.area_factors)",
        "share_before": "Covered share before",
        "share_after": "Covered share after",
        "seen_after": "In view after (any level, ungraded)",
        "population_after": "Covered population after (graded)",
        "area_graded_note": "Graded by DORI level: not a head count.",
    },
    "sv": {
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
        "cost_existing_yearly": "0 kr för den här budgeten (befintlig: ägaren betalar "
                                "driftkostnaderna, {yearly} per år)",
        "owner": "Ägare",
        "owner_unknown": "anges inte i monteringsplatslagret",
        "ranges": "DORI-räckvidder i dagsljus",
        "ranges_night": "DORI-räckvidder nattetid (IR)",
        "range": "{level} {metres} m",
        "zones_in_view": "Integritetszoner i bild",
        "facades_in_view": "Bostadsfasader i bild",
        "at_level": "{value} från nivån upptäcka; {rule} på nivån {level} eller bättre",
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
        "area_factor": "Vikt i målfunktionen",
        "area_factor_value": "× {factor} (demand.area_factors)",
        "share_before": "Täckt andel före",
        "share_after": "Täckt andel efter",
        "seen_after": "I bild efter (någon nivå, ograderad)",
        "population_after": "Täckt befolkning efter (graderad)",
        "area_graded_note": "Graderad efter DORI-nivå: inte ett antal personer.",
    },
})


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
    title = _kind(row, t)
    model = model_html(row.get("model_name"), row.get("model"))
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
    yearly = row.get("yearly_sek")
    cost = (
        (t["cost_existing"] if is_missing(yearly) else t["cost_existing_yearly"].format(
            yearly=fmt_sek(yearly, language=language)))
        if existing else fmt_sek(row.get("cost_sek"), language=language)
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
        *([(t["owner"], esc(row.get("register:operator"))
            if not is_missing(row.get("register:operator")) else esc(t["owner_unknown"]))]
          if existing and "register:operator" in row else []),
        *register_rows(row, language),
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
        f"<h3>{title} {esc(camera_name(row, language=language))}</h3>",
    ]
    if status:
        parts.append(f'<p class="warn">{t["change"].format(status=esc(_status(status, t)))}</p>')
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


def _ranges(row: Mapping[str, Any], prefix: str, language: str | None) -> str | None:
    """The DORI ranges ``{prefix}range_*_m`` of ``row``, best level first; ``None`` if none."""
    t = pick(TEXT, language)
    parts = [t["range"].format(level=_lang.level(name, language),
                               metres=fmt_num(row.get(f"{prefix}range_{name}_m"), 1,
                                              language=language))
             for name in ("identify", "recognise", "observe", "detect")
             if not is_missing(row.get(f"{prefix}range_{name}_m"))]
    return ", ".join(parts) or None


def register_rows(row: Mapping[str, Any], language: str | None = None) -> list[tuple[str, str]]:
    """The popup's rows from ``register.csv``'s columns (``register:COLUMN`` of ``row``).

    The DORI ranges by day (and, in a night plan, the IR-capped ranges its coverage uses, as
    ``cameras.geojson`` has them), the privacy-zone m² and residential façades in view, from
    detect level and at the privacy rule's level: what the data protection officer and the
    housing company look up, the same numbers as the register's. None for a row without them.
    """
    t = pick(TEXT, language)
    rows: list[tuple[str, str]] = []
    if (day := _ranges(row, "register:", language)) is not None:
        rows.append((t["ranges"], esc(day)))
        # (a night plan: its coverage is the IR-capped ranges, cameras.geojson's range_*_m)
        if not is_missing(row.get("daylight_range_detect_m")) and (
                night := _ranges(row, "", language)) is not None:
            rows.append((t["ranges_night"], esc(night)))
    level = row.get("register:privacy_level")
    shown = _lang.level(str(level), language) if not is_missing(level) else "–"
    for label, anywhere, at_rule, fmt in (
        ("zones_in_view", "privacy_zone_m2_in_view", "privacy_zone_m2_at_privacy_level",
         lambda v: f"{fmt_num(v, 1, language=language)} m²"),
        ("facades_in_view", "residential_facades_in_view",
         "residential_facades_at_privacy_level", lambda v: fmt_int(v, language=language)),
    ):
        if is_missing(row.get(f"register:{anywhere}")):
            continue
        rows.append((t[label], esc(t["at_level"].format(
            value=fmt(row.get(f"register:{anywhere}")), rule=fmt(row.get(f"register:{at_rule}")),
            level=shown))))
    return rows


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


def marker_name(row: Mapping[str, Any], *, status: str | None = None,
                language: str | None = None) -> str:
    """What a camera's marker is named to a screen reader, before its model and mount (not escaped).

    Its popup's heading, "Existing camera C003" (the dialog the marker opens is named so), and in
    a comparison its change as the popup says it, "Existing camera A C003, unchanged": the
    marker's colour and icon had said both to the eye only, and an existing camera, in both
    plans, had been named "Camera A C003", as a new camera of plan A.
    """
    t = pick(TEXT, language)
    name = f"{_kind(row, t)} {camera_name(row, language=language)}"
    return f"{name}, {_status(status, t)}" if status else name


def _kind(row: Mapping[str, Any], t: Mapping[str, str]) -> str:
    """"Camera" or "Existing camera" (``t``: :data:`TEXT` in the popup's language)."""
    return t["existing_camera"] if bool(row.get("existing", False)) else t["camera"]


def _status(status: str, t: Mapping[str, str]) -> str:
    """A comparison's change in words: a status of :data:`_STATUSES`, else already words."""
    return t[status] if status in _STATUSES else status


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
        # (demand.area_factors: the objective counts the area's weight × this, where not 1)
        *([(t["area_factor"], esc(t["area_factor_value"].format(
            factor=_lang.plain(float(factor), language))))]
          if isinstance(factor := row.get("area_factor"), int | float) and factor != 1 else []),
        (t["share_before"], fmt_pct(row.get("covered_share_before"), language=language)),
        (t["share_after"], fmt_pct(row.get("covered_share_after"), language=language)),
        (t["population_after"],
         fmt_int(row.get("covered_population_after"), language=language)),
        # (in view at any level, ungraded: the plain share an application asks for)
        *([(t["seen_after"], fmt_pct(row.get("seen_share_after"), language=language))]
          if row.get("seen_share_after") is not None else []),
    ]
    # (a weighted figure, as report.md's "(graded)": read as people, it had been taken for a
    # head count)
    return (f'<div class="planner-popup"><h3>{esc(row.get("name"))}</h3>{table(rows)}'
            f'<p class="note">{esc(t["area_graded_note"])}</p></div>')
