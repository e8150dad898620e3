"""Map layers of a :class:`~planner._plan_types.Plan`: one small builder per layer.

Each builder takes a frame already in EPSG:4326 and returns a folium layer. Popups and tooltips are
built here as escaped HTML (see :mod:`planner._map_popups`) and stored in each feature's properties;
one ``onEachFeature`` function binds them in the browser, so a layer of 1,000 cameras is one
GeoJSON object rather than 1,000 folium elements. Layer names and tooltips are in the builder's
``language`` (``None`` for English; see :mod:`planner._lang`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template
from folium.utilities import JsCode

from planner import _lang
from planner._lang import pick, texts
from planner._map_geojson import DIGITS, CompactGeoJson, snap
from planner._map_html import (
    COVERAGE_STOPS,
    EXISTING_STYLE,
    LEVEL_COLORS,
    PRIORITY_STOPS,
    STATUS_STYLES,
    esc,
    fmt_int,
    interpolate_color,
    level_name,
)
from planner._map_popups import area_popup, area_tooltip, camera_name, camera_popup, camera_tooltip

#: the layer names and tooltips, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "areas_by_priority": "Areas by priority",
        "areas_by_share": "Areas by covered share",
        "views": "New cameras' views by DORI level ({n} cameras)",
        "views_one": "New camera's views by DORI level (1 camera)",
        "existing_views": "Existing cameras' views by DORI level ({n} cameras)",
        "existing_views_one": "Existing camera's views by DORI level (1 camera)",
        "view_tooltip": "Camera {camera}: {level}",
        "no_level": "none",
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
        "privacy_zone": "Privacy zone {zone}",
        "privacy_zones": "Privacy zones ({n})",
        "incident": "Incident",
        "incidents": "Documented incidents ({n})",
        "buildings": "Buildings ({n})",
        "uncovered": "Uncovered demand points ({n})",
        "uncovered_merged": "Uncovered demand points ({n}; merged in {cell} m cells)",
    },
    "sv": {
        "areas_by_priority": "Områden efter prioritet",
        "areas_by_share": "Områden efter täckt andel",
        "views": "Nya kamerors upptagningsområden efter DORI-nivå ({n} kameror)",
        "views_one": "Den nya kamerans upptagningsområde efter DORI-nivå (1 kamera)",
        "existing_views": "Befintliga kamerors upptagningsområden efter DORI-nivå ({n} kameror)",
        "existing_views_one": "Den befintliga kamerans upptagningsområde efter DORI-nivå (1 kamera)",
        "view_tooltip": "Kamera {camera}: {level}",
        "no_level": "ingen",
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
        "privacy_zone": "Integritetszon {zone}",
        "privacy_zones": "Integritetszoner ({n})",
        "incident": "Händelse",
        "incidents": "Dokumenterade händelser ({n})",
        "buildings": "Byggnader ({n})",
        "uncovered": "Behovspunkter utan täckning ({n})",
        "uncovered_merged": "Behovspunkter utan täckning ({n}; sammanslagna i rutor om {cell} m)",
    },
})

#: Decimal places of the uncovered demand dots (1e-5 deg is about 1 m; the dots are 3 px wide and
#: lie on a grid of 10 m or more).
POINT_DIGITS = 5

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

#: A documented incident: a small dark-red dot.
INCIDENT_STYLE = {"radius": 4, "color": "#67000d", "weight": 1, "fillColor": "#cb181d",
                  "fillOpacity": 0.85}
_INCIDENT_POINT = JsCode(
    f"""function (feature, latlng) {{
        return L.circleMarker(latlng, {json.dumps(INCIDENT_STYLE)});
    }}"""
)

#: A candidate mount's circle, filled dark when a camera of the plan is on it.
SITE_STYLE = {"radius": 4, "color": "#212121", "weight": 1, "fillColor": "#ffffff",
              "fillOpacity": 0.9}
SITE_CHOSEN_FILL = "#212121"
_MOUNT_POINT = JsCode(
    f"""function (feature, latlng) {{
        var style = {json.dumps(SITE_STYLE)};
        if (feature.properties.chosen) {{ style.fillColor = {json.dumps(SITE_CHOSEN_FILL)}; }}
        return L.circleMarker(latlng, style);
    }}"""
)
#: Privacy zones: outlined in magenta.
PRIVACY_STYLE = {"color": "#c51b7d", "weight": 1.5, "dashArray": "4 3", "fillColor": "#f1b6da",
                 "fillOpacity": 0.45}


def to_wgs84(frame: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """Reproject ``frame`` to EPSG:4326 (a frame without a CRS is taken to be in ``crs``)."""
    if frame.crs is None:
        frame = frame.set_crs(crs)
    out = frame.to_crs("EPSG:4326")
    keep = out.geometry.notna() & ~out.geometry.is_empty
    return out.loc[keep]


def _json_value(value: Any) -> Any:
    """Make a value JSON-ready (numpy scalars to Python, NaN to None)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def feature_collection(
    frame: gpd.GeoDataFrame,
    props: Callable[[Mapping[str, Any]], dict[str, Any]],
    *,
    digits: int = DIGITS,
) -> dict[str, Any]:
    """Build a GeoJSON FeatureCollection from ``frame`` (EPSG:4326) and a properties function.

    The geometries are snapped to the map's grid (:func:`~planner._map_geojson.snap`: valid
    polygons); a row whose geometry is narrower than the grid everywhere is left out.

    Parameters
    ----------
    frame
        Rows to draw, in EPSG:4326.
    props
        Row (as a dict) -> feature properties.
    digits
        Decimal places of the coordinates (default :data:`~planner._map_geojson.DIGITS`).

    Returns
    -------
    dict
        A FeatureCollection.
    """
    geoms = snap(frame.geometry.values, digits)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    features = []
    for geom, rec in zip(geoms, records, strict=True):
        if geom is None or geom.is_empty:
            continue  # (nothing left to draw at the map's precision)
        row = {k: _json_value(v) for k, v in rec.items()}
        features.append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(geom),
                "properties": props(row),
            }
        )
    return {"type": "FeatureCollection", "features": features}


class BindHtml(MacroElement):
    """Bind the tooltip and popup HTML stored in the features' properties, once per layer.

    One tooltip and one popup bound on the GeoJSON group serve all its features (Leaflet passes the
    hovered or clicked feature's layer to the content function), which is much cheaper than one
    binding per feature for thousands of features. The HTML is escaped in Python.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.tooltip %}
        {{ this._parent.get_name() }}.bindTooltip(function (layer) {
            return layer.feature.properties.tooltip;
        }, {sticky: true});
        {%- endif %}
        {%- if this.popup %}
        {{ this._parent.get_name() }}.bindPopup(function (layer) {
            return layer.feature.properties.popup;
        }, {maxWidth: 380});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, tooltip: bool, popup: bool) -> None:
        super().__init__()
        self._name = "BindHtml"
        self.tooltip = tooltip
        self.popup = popup


def _geojson(
    data: dict[str, Any],
    name: str,
    *,
    show: bool,
    tooltip: bool = True,
    popup: bool = False,
    **options: Any,
) -> folium.GeoJson:
    layer = CompactGeoJson(data, name=name, show=show, interactive=tooltip or popup, **options)
    if tooltip or popup:
        BindHtml(tooltip=tooltip, popup=popup).add_to(layer)
    return layer


def area_layer(areas: gpd.GeoDataFrame, *, by: str, show: bool,
               top: float = 1.0, language: str | None = None) -> folium.GeoJson:
    """Areas filled by ``priority`` or by ``covered_share_after`` (``by="coverage"``).

    The coverage ramp runs from 0 to ``top`` (:func:`share_scale_top`), not to 100 %: shares
    of 0 to 24 % had all been near-white on a 0-100 % ramp.
    """
    t = pick(TEXT, language)
    column, stops, scale = ("priority", PRIORITY_STOPS, 1.0)
    name = t["areas_by_priority"]
    if by == "coverage":
        column, stops, scale = ("covered_share_after", COVERAGE_STOPS, top)
        name = t["areas_by_share"]

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        value = row.get(column)
        return {
            "style": {
                "fillColor": interpolate_color(
                    stops, value / scale if isinstance(value, (int, float)) else value),
                "color": "#424242",
                "weight": 1.2,
                "fillOpacity": 0.5,
            },
            "tooltip": area_tooltip(row, language=language),
            "popup": area_popup(row, language=language),
        }

    return _geojson(feature_collection(areas, props), name, show=show, popup=True)


#: Upper ends the covered-share ramp may have (the smallest that holds every area's share).
SHARE_SCALE_TOPS = (0.05, 0.1, 0.2, 0.25, 0.5, 1.0)


def share_scale_top(*shares: Any) -> float:
    """The upper end of the covered-share ramp.

    The smallest of :data:`SHARE_SCALE_TOPS` that holds every given share (missing shares
    ignored; 1.0 when there are none).
    """
    values = [float(v) for series in shares for v in series
              if v is not None and float(v) == float(v)]
    most = max(values, default=1.0)
    return next((top for top in SHARE_SCALE_TOPS if most <= top + 1e-12), 1.0)


def view_layer(views: gpd.GeoDataFrame, *, show: bool = True, existing: bool = False,
               language: str | None = None) -> folium.GeoJson:
    """Camera view polygons coloured by DORI level, the best level drawn on top.

    ``existing``: the views are the existing cameras' (named so in the layer control, a layer
    of their own beside the new cameras' views).
    """
    t = pick(TEXT, language)
    key = "existing_views" if existing else "views"
    ordered = views.sort_values("level", kind="stable") if len(views) else views

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        level = int(row.get("level") or 0)
        name = level_name(level, language) or t["no_level"]
        label = camera_name(row, language=language)  # (C001, as the reports: not option_id)
        return {"level": level, "tooltip": t["view_tooltip"].format(camera=esc(label), level=name)}

    styles = {
        level: {"fillColor": color, "color": color, "weight": 0.6, "fillOpacity": 0.35}
        for level, color in LEVEL_COLORS.items()
    }
    style = JsCode(
        f"function (feature) {{ return ({json.dumps(styles)})[feature.properties.level] || {{}}; }}"
    )
    # (the cameras, not their polygons: one per DORI level each had read as 572 cameras)
    n_cameras = views["option_id"].nunique() if "option_id" in views.columns else len(views)
    return _geojson(
        feature_collection(ordered, props),
        t[f"{key}_one"] if n_cameras == 1 else t[key].format(
            n=fmt_int(n_cameras, language=language)),
        show=show,
        style=style,
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
        shown_status = change if change not in (None, "existing") else None
        dx = row.get("marker_dx") or 0  # (beside the other cameras of its mount)
        return {
            "color": color,
            "icon": icon,
            "css": css,
            "title": t["camera_at"].format(model=row.get("model"), site=row.get("site_id")),
            "tooltip": camera_tooltip(row, language=language),
            "popup": camera_popup(row, status=(words or {}).get(row.get("option_id"),
                                                    shown_status), language=language),
            **({"dx": int(dx)} if dx else {}),
        }

    return _geojson(
        feature_collection(cameras, props),
        name,
        show=show,
        popup=True,
        point_to_layer=_CAMERA_POINT,
    )


def site_layer(sites: gpd.GeoDataFrame, *, show: bool, language: str | None = None,
               planned: Collection[Any] | None = None,
               cameras_on: Mapping[Any, str] | None = None) -> folium.GeoJson:
    """Candidate mounts as small circles (filled dark when a camera of the plan is on them).

    ``planned``: the mounts that get a new camera; a mount that only keeps its existing camera
    says so (it had said "camera planned"). ``None``: every chosen mount counts as planned.
    ``cameras_on``: mount id -> the labels of the plan's cameras on it (``C004, C005``), named
    in a chosen mount's tooltip as the camera popups and the reports name them.
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
        if row.get("note"):
            text += f"<br>{esc(row.get('note'))}"
        return {"chosen": 1, "tooltip": text} if chosen else {"tooltip": text}

    return _geojson(
        feature_collection(sites, props),
        t["sites"].format(n=fmt_int(len(sites), language=language)),
        show=show,
        point_to_layer=_MOUNT_POINT,
    )


def privacy_layer(zones: gpd.GeoDataFrame, *, language: str | None = None) -> folium.GeoJson:
    """Privacy zones (the privacy rule's, from its DORI level), outlined in magenta."""
    t = pick(TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        kind = f" ({esc(row.get('kind'))})" if row.get("kind") else ""
        return {"tooltip": t["privacy_zone"].format(zone=esc(row.get("zone_id"))) + kind}

    style = JsCode(f"function () {{ return {json.dumps(PRIVACY_STYLE)}; }}")
    return _geojson(feature_collection(zones, props),
                    t["privacy_zones"].format(n=fmt_int(len(zones), language=language)),
                    show=True, style=style)


def incident_layer(incidents: gpd.GeoDataFrame, *,
                   language: str | None = None) -> folium.GeoJson:
    """Documented incidents (``data.incidents``, EPSG:4326) as small dark-red dots, off at first.

    Each dot's tooltip gives the kind, the day and the time of day where the layer has them.
    """
    t = pick(TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        day = row.get("day")
        hour = row.get("hour")
        when = " ".join(
            [*([pd.Timestamp(day).strftime("%Y-%m-%d")] if not pd.isna(day) else []),
             *([f"{int(hour):02d}:{round(hour % 1 * 60):02d}"] if not pd.isna(hour) else [])])
        kind = esc(row.get("kind")) or t["incident"]
        return {
            "tooltip": f"{kind} ({esc(row.get('incident_id'))})" + (f", {when}" if when else ""),
        }

    frame = incidents[["incident_id", "kind", "day", "hour", incidents.geometry.name]]
    return _geojson(feature_collection(frame, props),
                    t["incidents"].format(n=fmt_int(len(incidents), language=language)),
                    show=False, point_to_layer=_INCIDENT_POINT)


def building_layer(buildings: gpd.GeoDataFrame, *, show: bool,
                   language: str | None = None) -> folium.GeoJson:
    """Building footprints (they block sight), without popups to stay light."""
    style = {"color": "#636363", "weight": 0.5, "fillColor": "#969696", "fillOpacity": 0.55}
    frame = buildings[[buildings.geometry.name]]
    return _geojson(
        feature_collection(frame, lambda row: {}),
        pick(TEXT, language)["buildings"].format(
            n=fmt_int(len(buildings), language=language)),
        show=show,
        tooltip=False,
        style=JsCode(f"function () {{ return {json.dumps(style)}; }}"),
    )


class PointsLayer(Layer):
    """Many points drawn as small, non-interactive circle markers from a flat coordinate array.

    Written as integers in units of ``10 ** -POINT_DIGITS`` degrees, each the difference from
    the point before (about 6 bytes per point on a demand grid; a GeoJSON feature needs about
    90). With the map's ``prefer_canvas`` they are drawn on one canvas, not as DOM elements.

    Parameters
    ----------
    points
        ``(n, 2)`` array of latitude, longitude.
    name
        Layer name.
    color
        Fill colour.
    radius
        Radius in pixels.
    show
        Whether the layer is on when the map opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function () {
            var d = {{ this.deltas|tojson }}, s = {{ this.scale }}, lat = 0, lon = 0;
            var opts = {{ this.style|tojson }};
            for (var i = 0; i < d.length; i += 2) {
                lat += d[i]; lon += d[i + 1];
                L.circleMarker([lat / s, lon / s], opts).addTo({{ this.get_name() }});
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        points: np.ndarray,
        *,
        name: str,
        color: str = "#303030",
        radius: float = 1.5,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointsLayer"
        scale = 10**POINT_DIGITS
        grid = np.rint(np.asarray(points, dtype=float).reshape(-1, 2) * scale).astype(np.int64)
        self.scale = scale
        self.points = (grid / scale).tolist()  # (as drawn)
        self.deltas = [int(v) for v in np.diff(grid, axis=0, prepend=np.zeros((1, 2), np.int64))
                       .ravel()]
        self.style = {
            "radius": radius,
            "stroke": False,
            "fillColor": color,
            "fillOpacity": 0.4,
            "interactive": False,
        }


def thin_points(xy: np.ndarray, max_points: int) -> tuple[np.ndarray, float]:
    """Merge points into square grid cells until at most ``max_points`` cells remain.

    Parameters
    ----------
    xy
        ``(n, 2)`` coordinates in a metric CRS.
    max_points
        The most points to keep.

    Returns
    -------
    tuple of (numpy.ndarray, float)
        The mean position of the points of each occupied cell (cells in sorted order), and the
        cell size in metres (0 when no merging was needed).
    """
    if len(xy) <= max_points:
        return xy, 0.0
    cell = 5.0
    while True:
        keys = np.floor(xy / cell).astype(np.int64)
        _, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
        if len(counts) <= max_points:
            break
        cell *= 1.5
    inverse = inverse.ravel()
    mean_x = np.bincount(inverse, weights=xy[:, 0]) / counts
    mean_y = np.bincount(inverse, weights=xy[:, 1]) / counts
    return np.column_stack([mean_x, mean_y]), cell


def demand_layer(demand: gpd.GeoDataFrame, crs: str, *, max_points: int,
                 language: str | None = None) -> PointsLayer:
    """Demand points that no camera of the plan reaches (``level == 0``).

    Parameters
    ----------
    demand
        ``Plan.demand`` in its metric CRS.
    crs
        The plan's CRS (used when ``demand`` has none).
    max_points
        Above this many uncovered points, nearby points are merged on a grid
        (:func:`thin_points`) and the layer name gives the cell size.
    language
        The language of the layer name (``None``: English).

    Returns
    -------
    PointsLayer
        One small dot per uncovered point (or grid cell).
    """
    level = pd.to_numeric(demand["level"], errors="coerce").fillna(0)
    uncovered = demand.loc[(level <= 0).to_numpy()]
    uncovered = uncovered.loc[uncovered.geometry.notna() & ~uncovered.geometry.is_empty]
    xy = np.column_stack([uncovered.geometry.x.to_numpy(), uncovered.geometry.y.to_numpy()])
    thinned, cell = thin_points(xy, max_points)
    points = gpd.GeoSeries(gpd.points_from_xy(thinned[:, 0], thinned[:, 1]), crs=demand.crs or crs)
    wgs = points.to_crs("EPSG:4326")
    latlon = np.column_stack([wgs.y.to_numpy(), wgs.x.to_numpy()])
    t = pick(TEXT, language)
    n = fmt_int(len(uncovered), language=language)  # ("11,332"; Swedish "11 332")
    name = t["uncovered"].format(n=n)
    if cell:
        name = t["uncovered_merged"].format(n=n, cell=fmt_int(cell, language=language))
    return PointsLayer(latlon, name=name)


class KeepOrder(MacroElement):
    """Bring overlays to the front in a fixed order whenever one is switched on.

    Leaflet draws a layer that is switched on above the others; this keeps view polygons above
    the area fills whichever was switched last.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var order = [
                {%- for l in this.layers %}{{ l.get_name() }}, {% endfor -%}
            ];
            function raise(l) {
                if (l.bringToFront) { l.bringToFront(); } else if (l.eachLayer) { l.eachLayer(raise); }
            }
            map.on("overlayadd", function () {
                order.forEach(function (l) { if (map.hasLayer(l)) { raise(l); } });
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, layers: Sequence[Layer]) -> None:
        super().__init__()
        self._name = "KeepOrder"
        self.layers = list(layers)
