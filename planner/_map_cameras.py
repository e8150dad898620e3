"""Camera markers and candidate mounts on the planner's maps.

One awesome marker per camera (an icon per model, or per change status in a comparison), with
its popup and tooltip (:mod:`planner._map_popups`); cameras on one mount stand side by side
(:func:`spread_shared_mounts`). The candidate mounts are small circles, filled where a camera of
the plan is. Both are GeoJSON layers built as those of :mod:`planner._map_layers`; names and
tooltips are in the builder's ``language`` (``None`` for English; see :mod:`planner._lang`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from planner import _lang
from planner._lang import pick, texts
from planner._map_geojson import DIGITS
from planner._map_html import (
    EXISTING_STYLE,
    REQUIRED_ICON,
    STATUS_STYLES,
    compass,
    esc,
    fmt_int,
    is_missing,
)
from planner._map_layers import _geojson, feature_collection
from planner._map_popups import camera_name, camera_popup, camera_tooltip, marker_name

#: the camera and mount layers' names and tooltips, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "camera_at": "{model} at {site}",
        "mount": "Mount {site}",
        "camera_planned": ": camera planned",
        "camera_existing": ": existing camera",
        "candidate": ": candidate",
        "rule:required": "; required by the scenario (constraints.require_sites)",
        "rule:excluded": "; no new camera by the scenario (constraints.exclude_sites)",
        "rule:removed": ": existing camera taken down by the scenario, no new camera "
                        "(constraints.remove_existing)",
        "rule:replaced": "; its existing camera replaced by the scenario "
                         "(constraints.replace_existing)",
        "rule:replaced none": ": existing camera to be replaced by the scenario, but the plan "
                              "puts no new camera here: it is taken down "
                              "(constraints.replace_existing)",
        "sites": "Candidate mounts ({n})",
        # why not here (planner._plan_mounts): the best camera a mount without one may take
        "add": "<br>Best here: {model}, {bearing}: +{pct} of the objective for {cost} SEK",
        "add weakest": " (the plan's weakest for its money: {camera}, {pct} for {cost} SEK)",
        "add none": "<br>No camera here would see more than the plan's cameras already do",
        "add penalty": "<br>Best here: {model}, {bearing}: −{pct} of the objective (its "
                       "privacy penalty) for {cost} SEK",
        "blocked rule": "<br>No new camera may hang here: the scenario's rules exclude every "
                        "one (the privacy rule, a camera it does not replace)",
        "blocked spacing": "<br>No new camera here: each would stand within "
                           "constraints.min_spacing_m of a camera of the plan",
    },
    "sv": {
        "camera_at": "{model} vid {site}",
        "mount": "Monteringsplats {site}",
        "camera_planned": ": kamera planerad",
        "camera_existing": ": befintlig kamera",
        "candidate": ": möjlig plats",
        "rule:required": "; krävs i scenariot (constraints.require_sites)",
        "rule:excluded": "; ingen ny kamera enligt scenariot (constraints.exclude_sites)",
        "rule:removed": ": befintlig kamera som tas ned enligt scenariot, ingen ny kamera "
                        "(constraints.remove_existing)",
        "rule:replaced": "; den befintliga kameran ersätts enligt scenariot "
                         "(constraints.replace_existing)",
        "rule:replaced none": ": befintlig kamera som ska ersättas enligt scenariot, men planen "
                              "sätter ingen ny kamera här: den tas ned "
                              "(constraints.replace_existing)",
        "sites": "Möjliga monteringsplatser ({n})",
        "add": "<br>Bäst här: {model}, {bearing}: +{pct} av målfunktionsvärdet för {cost} kr",
        "add weakest": " (planens svagaste för pengarna: {camera}, {pct} för {cost} kr)",
        "add none": "<br>Ingen kamera här skulle se mer än planens kameror redan ser",
        "add penalty": "<br>Bäst här: {model}, {bearing}: −{pct} av målfunktionsvärdet (dess "
                       "integritetsavdrag) för {cost} kr",
        "blocked rule": "<br>Ingen ny kamera får sitta här: scenariots regler utesluter var "
                        "och en (integritetsregeln, en kamera som inte ersätts)",
        "blocked spacing": "<br>Ingen ny kamera här: var och en skulle stå inom "
                           "constraints.min_spacing_m från en kamera i planen",
    },
})

#: How far apart (CSS pixels) the markers of cameras on one mount stand, side by side: a pin is
#: 35 px wide, its visible head about 28.
MARKER_SPREAD_PX = 30

# One awesome marker per camera; its colour, icon and CSS class come from the properties. A
# camera that shares its mount stands ``dx`` pixels beside it (icon, shadow and popup moved
# together; the marker's position stays the mount's).
_CAMERA_POINT = JsCode(
    """function (feature, latlng) {
        var p = feature.properties, dx = p.dx || 0;
        return L.marker(latlng, {
            icon: L.AwesomeMarkers.icon({
                icon: p.icon, prefix: "fa", markerColor: p.color, iconColor: "white",
                className: "awesome-marker planner-camera " + p.css,
                iconAnchor: [17 - dx, 42], shadowAnchor: [10 - dx, 12], popupAnchor: [1 + dx, -32]
            }),
            title: p.title
        });
    }"""
)

#: A candidate mount's circle, filled dark when a camera of the plan is on it.
SITE_STYLE: dict[str, Any] = {"radius": 4, "color": "#212121", "weight": 1, "fillColor": "#ffffff",
              "fillOpacity": 0.9}
SITE_CHOSEN_FILL = "#212121"
_MOUNT_POINT = JsCode(
    f"""function (feature, latlng) {{
        var style = {json.dumps(SITE_STYLE)};
        if (feature.properties.chosen) {{ style.fillColor = {json.dumps(SITE_CHOSEN_FILL)}; }}
        return L.circleMarker(latlng, style);
    }}"""
)


def spread_shared_mounts(cameras: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Stand the markers of cameras on one mount side by side, and name each one's neighbours.

    Two cameras on one mount (a lamp post with one camera facing east and one south) have the
    same position: drawn there, the second marker had hidden the first, whose popup no click
    then reached. Cameras at the same point of the map's grid (:data:`DIGITS`) get
    ``marker_dx``, the pixels their marker stands right (+) or left (-) of the point,
    :data:`MARKER_SPREAD_PX` apart and centred on it, ordered west to east by the way each faces
    (a camera facing east on the right; then by label); a camera alone gets 0. ``same_mount``
    names the other cameras at the point (``C028: 4K bullet``; empty alone) for the popup.

    Parameters
    ----------
    cameras
        ``Plan.cameras`` in EPSG:4326, with the ``camera`` labels of the map's frames.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with the columns ``marker_dx`` (int) and ``same_mount`` (str).
    """
    out = cameras.copy()
    n = len(out)
    dx = np.zeros(n, dtype=np.int64)
    neighbours = [""] * n
    at: dict[tuple[float, float], list[int]] = {}
    if n:
        xs = np.round(out.geometry.x.to_numpy(), DIGITS)
        ys = np.round(out.geometry.y.to_numpy(), DIGITS)
        for r, point in enumerate(zip(xs.tolist(), ys.tolist(), strict=True)):
            at.setdefault(point, []).append(r)
    if any(len(rows) > 1 for rows in at.values()):
        records = out.drop(columns=out.geometry.name).to_dict("records")
        labels = [camera_name(row) for row in records]
        bearing = np.zeros(n)
        for column in ("orientation_deg", "orientation_true_deg"):  # (true north where known)
            if column in out.columns:
                known = pd.to_numeric(out[column], errors="coerce").to_numpy(dtype=float)
                bearing = np.where(np.isnan(known), bearing, known)
        east = np.round(np.sin(np.radians(bearing)), 6)
        models = [str(name) if isinstance(name, str) and name else str(model) for name, model
                  in zip(out.get("model_name", out["model"]), out["model"], strict=True)]
        # "C028: 4K bullet"; a camera without its label is named by model, mount and direction
        named = [f"{label}: {model}" if label == row.get("camera") else label
                 for label, model, row in zip(labels, models, records, strict=True)]
        for rows in at.values():
            if len(rows) < 2:
                continue
            rows = sorted(rows, key=lambda r: (east[r], labels[r]))
            for k, r in enumerate(rows):
                dx[r] = round((k - (len(rows) - 1) / 2) * MARKER_SPREAD_PX)
                neighbours[r] = "; ".join(named[o] for o in rows if o != r)
    out["marker_dx"] = dx
    out["same_mount"] = neighbours
    return out


def _pinned(row: Mapping[str, Any], change: str | None) -> bool:
    """Whether a comparison draws the camera ``row`` with :data:`REQUIRED_ICON`.

    A new camera on a mount its scenario requires, with a change ``change``.
    """
    return (change is not None and not bool(row.get("existing", False))
            and row.get("required_site") in (True,))


def required_changes(*sides: tuple[pd.DataFrame, Mapping[Any, str]]) -> list[str]:
    """The changes of the cameras a comparison draws with :data:`REQUIRED_ICON`, each once.

    ``sides``: each plan's cameras with its change of each camera by ``option_id``. In
    :data:`STATUS_STYLES`' order, so that the legend shows the pin in each colour the map
    does (it had shown the first such camera's only: a camera required in both plans, blue,
    beside one only B requires, green, had been explained by a green pin alone).
    """
    found: set[str | None] = set()
    for cameras, status in sides:
        if "required_site" not in cameras:
            continue
        for option, existing, required in zip(cameras["option_id"], cameras["existing"],
                                              cameras["required_site"], strict=True):
            row = {"existing": existing, "required_site": required}
            if _pinned(row, change := status.get(option)):
                found.add(change)
    return [change for change in STATUS_STYLES if change in found]


def camera_layer(
    cameras: gpd.GeoDataFrame,
    *,
    name: str,
    styles: Mapping[str, tuple[str, str]],
    status: Mapping[Any, str] | None = None,
    words: Mapping[Any, str] | None = None,
    show: bool = True,
    language: str | None = None,
) -> folium.GeoJson:
    """Camera markers: an icon per model (or per change status) with a detailed popup.

    Parameters
    ----------
    cameras
        Rows of ``Plan.cameras`` in EPSG:4326.
    name
        Layer name.
    styles
        Model id -> (marker colour, icon); existing cameras use :data:`EXISTING_STYLE`.
    status
        Optional ``option_id`` -> change status (comparison maps); overrides the model style.
    words
        Optional ``option_id`` -> the change in words where it is a decision (an existing
        camera taken down or replaced: "replaced (existing)"), said in the popup for the
        status's own word.
    show
        Whether the layer is on when the map opens.
    language
        The language of the popups and tooltips (``None``: English).

    Returns
    -------
    folium.GeoJson
        One marker per row; each marker's icon has CSS class ``planner-camera`` and
        ``planner-camera-new`` or ``planner-camera-existing``.
    """
    t = pick(TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        existing = bool(row.get("existing", False))
        change = None if status is None else status.get(row.get("option_id"))
        if change is not None and not (existing and change == "unchanged"):
            color, icon = STATUS_STYLES[change]
        elif existing:  # (an unchanged existing camera had been drawn as an unchanged new one)
            color, icon = EXISTING_STYLE
        else:
            color, icon = styles.get(str(row.get("model")), ("blue", "video"))
        css = "planner-camera-existing" if existing else "planner-camera-new"
        if change is not None:
            css += f" planner-camera-{change}"
            # (a camera the scenario requires, a decision, apart from the solver's choices)
            if _pinned(row, change):
                icon = REQUIRED_ICON
                css += " planner-camera-required"
        shown_status = change if change not in (None, "existing") else None
        status_words = (words or {}).get(row.get("option_id"), shown_status)
        dx = row.get("marker_dx") or 0  # (beside the other cameras of its mount)
        # its name to a screen reader (before the title), where it is not "Camera C012", which
        # the page makes of the label (planner._map_access): an existing camera's, a compared
        # one's with its change
        name = marker_name(row, status=status_words, language=language)
        plain = not existing and not status_words and not is_missing(row.get("camera"))
        return {
            "color": color,
            "icon": icon,
            "css": css,
            "title": t["camera_at"].format(model=row.get("model"), site=row.get("site_id")),
            "tooltip": camera_tooltip(row, language=language),
            "popup": camera_popup(row, status=status_words, language=language),
            **({"name": name} if not plain else {}),
            **({"dx": int(dx)} if dx else {}),
            # what the map's search box finds it by: its label (C012) and its mount's id
            **({"label": str(row.get("camera"))} if not is_missing(row.get("camera")) else {}),
            "site": str(row.get("site_id")),
        }

    return _geojson(
        feature_collection(cameras, props),
        name,
        show=show,
        popup=True,
        point_to_layer=_CAMERA_POINT,
    )


@dataclass(frozen=True)
class WhyNot:
    """What a mount's tooltip says of the best camera it could take (``planner._plan_mounts``).

    ``objective``: the plan's, the percentages' base; ``weakest``: the plan's new camera that
    gives least for its money (label, its marginal value, its cost), or ``None`` without new
    cameras. The model is named by the row's ``add_model_name`` (the plan's language).
    """

    objective: float
    weakest: tuple[str, float, float] | None = None

    def text(self, row: Mapping[str, Any], t: Mapping[str, str], language: str | None) -> str:
        """The tooltip's lines on the mount ``row`` (escaped HTML), or ``""``."""
        blocked = str(row.get("add_blocked") or "")
        if blocked in ("rule", "spacing"):
            return "" if "excluded" in str(row.get("rule") or "") else t[f"blocked {blocked}"]
        given, paid_here = row.get("add_gain"), row.get("add_cost_sek")
        if given is None or paid_here is None or is_missing(given) or is_missing(
                paid_here) or not row.get("add_model"):
            return ""
        gain, cost = float(given), float(paid_here)
        if abs(gain) <= 1e-9 * max(1.0, abs(self.objective)):
            return t["add none"]
        share = lambda v: _lang.percent(abs(v) / self.objective, 2, language) if (  # noqa: E731
            self.objective > 0) else "–"
        name = row.get("add_model_name")
        model = str(name if isinstance(name, str) and name else row.get("add_model"))
        deg = row.get("add_orientation_true_deg")
        if deg is None or is_missing(deg):
            deg = row.get("add_orientation_deg")
        deg = 0.0 if deg is None or is_missing(deg) else float(deg)
        bearing = f"{_lang.degrees(deg, language)} ({compass(deg, language=language)})"
        text = t["add" if gain > 0 else "add penalty"].format(
            model=esc(model), bearing=esc(bearing), pct=share(gain),
            cost=_lang.number(cost, 0, language))
        if gain > 0 and self.weakest is not None:
            label, value, paid = self.weakest
            text += t["add weakest"].format(camera=esc(label), pct=share(value),
                                            cost=_lang.number(paid, 0, language))
        return text


def site_layer(sites: gpd.GeoDataFrame, *, show: bool, language: str | None = None,
               planned: Collection[Any] | None = None,
               cameras_on: Mapping[Any, str] | None = None,
               why_not: WhyNot | None = None) -> folium.GeoJson:
    """Candidate mounts as small circles (filled dark when a camera of the plan is on them).

    ``planned``: the mounts that get a new camera; a mount that only keeps its existing camera
    says so (it had said "camera planned"). ``None``: every chosen mount counts as planned.
    ``cameras_on``: mount id -> the labels of the plan's cameras on it (``C004, C005``), named
    in a chosen mount's tooltip as the camera popups and the reports name them. ``why_not``:
    what a mount without a new camera could take (the frame's ``add_*`` columns,
    :mod:`planner._plan_mounts`) is said against the plan's objective and its least valuable
    new camera for its money.
    """
    t = pick(TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        chosen = bool(row.get("chosen", False))
        text = t["mount"].format(site=esc(row.get("site_id")))
        if row.get("mount_type"):
            text += f" ({esc(_lang.mount(str(row.get('mount_type')), language))})"
        kept_only = chosen and planned is not None and row.get("site_id") not in planned
        rules = str(row.get("rule") or "").split()
        # (a replaced camera's mount the plan leaves empty: "candidate; its existing camera
        # replaced" had read as if a new camera stood there, where the old one is only taken down)
        gone = not chosen and "replaced" in rules
        text += (t["camera_existing"] if kept_only else t["camera_planned"] if chosen
                 else t["rule:removed"] if rules == ["removed"]
                 else t["rule:replaced none"] if gone else t["candidate"])
        on = (cameras_on or {}).get(row.get("site_id"))
        if chosen and on:  # (which cameras: "camera planned" had not said which popup to open)
            text += f" ({esc(on)})"
        # (the scenario's decisions on the mount; "replaced required": both)
        for rule in rules:
            if rule in ("required", "excluded") or (rule == "replaced" and not gone):
                text += t[f"rule:{rule}"]
        if why_not is not None and not chosen and not gone and rules != ["removed"]:
            text += why_not.text(row, t, language)
        if row.get("note"):
            text += f"<br>{esc(row.get('note'))}"
        # (the mount's id, for the map's search box)
        return ({"chosen": 1, "tooltip": text} if chosen else {"tooltip": text}) | {
            "site": str(row.get("site_id"))}

    return _geojson(
        feature_collection(sites, props),
        t["sites"].format(n=fmt_int(len(sites), language=language)),
        show=show,
        point_to_layer=_MOUNT_POINT,
    )
