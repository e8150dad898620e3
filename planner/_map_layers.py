"""Map layers of a :class:`~planner._plan_types.Plan`: one small builder per layer.

Each builder takes a frame already in EPSG:4326 and returns a folium layer. Popups and tooltips are
built as escaped HTML (see :mod:`planner._map_popups`) and stored in each feature's properties;
one ``onEachFeature`` function binds them in the browser, so a layer of 1,000 cameras is one
GeoJSON object rather than 1,000 folium elements. Layer names and tooltips are in the builder's
``language`` (``None`` for English; see :mod:`planner._lang`).

Here: that GeoJSON machinery (:func:`feature_collection`, :class:`BindHtml`) and the layers of
areas, camera views, privacy zones, incidents and buildings, and :class:`KeepOrder`. The camera
markers and candidate mounts are in :mod:`planner._map_cameras`, the uncovered demand dots in
:mod:`planner._map_points`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
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
    LEVEL_COLORS,
    PRIORITY_STOPS,
    esc,
    fmt_int,
    interpolate_color,
    is_missing,
    level_name,
)
from planner._map_popups import area_popup, area_tooltip, camera_name

#: the layer names and tooltips, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "areas_by_priority": "Areas by priority",
        "areas_by_share": "Areas by covered share",
        "views": "New cameras' views by DORI level ({n} cameras)",
        "views_one": "New camera's views by DORI level (1 camera)",
        "existing_views": "Existing cameras' views by DORI level ({n} cameras)",
        "existing_views_one": "Existing camera's views by DORI level (1 camera)",
        # (a plan of day and night, coverage.night_share: both footprints, each named)
        "views:night": "New cameras' views at night (IR range) by DORI level ({n} cameras)",
        "views_one:night": "New camera's views at night (IR range) by DORI level (1 camera)",
        "views:day": "New cameras' views by day (daylight ranges) by DORI level ({n} cameras)",
        "views_one:day": "New camera's views by day (daylight ranges) by DORI level (1 camera)",
        # (a night plan's and the evening plan's existing cameras: their views are at night too)
        "existing_views:night": "Existing cameras' views at night (IR range) by DORI level "
                                "({n} cameras)",
        "existing_views_one:night": "Existing camera's views at night (IR range) by DORI level "
                                    "(1 camera)",
        "view_tooltip": "Camera {camera}: {level}",
        "no_level": "none",
        "privacy_zone": "Privacy zone {zone}",
        "privacy_zones": "Privacy zones ({n})",
        "incident": "Incident",
        "incidents": "Documented incidents ({n})",
        "buildings": "Buildings ({n})",
    },
    "sv": {
        "areas_by_priority": "Områden efter prioritet",
        "areas_by_share": "Områden efter täckt andel",
        "views": "Nya kamerors upptagningsområden efter DORI-nivå ({n} kameror)",
        "views_one": "Den nya kamerans upptagningsområde efter DORI-nivå (1 kamera)",
        "existing_views": "Befintliga kamerors upptagningsområden efter DORI-nivå ({n} kameror)",
        "existing_views_one": "Den befintliga kamerans upptagningsområde efter DORI-nivå (1 kamera)",
        "views:night": "Nya kamerors upptagningsområden nattetid (IR-räckvidd) efter DORI-nivå "
                       "({n} kameror)",
        "views_one:night": "Den nya kamerans upptagningsområde nattetid (IR-räckvidd) efter "
                           "DORI-nivå (1 kamera)",
        "views:day": "Nya kamerors upptagningsområden dagtid (räckvidder i dagsljus) efter "
                     "DORI-nivå ({n} kameror)",
        "views_one:day": "Den nya kamerans upptagningsområde dagtid (räckvidder i dagsljus) "
                         "efter DORI-nivå (1 kamera)",
        "existing_views:night": "Befintliga kamerors upptagningsområden nattetid (IR-räckvidd) "
                                "efter DORI-nivå ({n} kameror)",
        "existing_views_one:night": "Den befintliga kamerans upptagningsområde nattetid "
                                    "(IR-räckvidd) efter DORI-nivå (1 kamera)",
        "view_tooltip": "Kamera {camera}: {level}",
        "no_level": "ingen",
        "privacy_zone": "Integritetszon {zone}",
        "privacy_zones": "Integritetszoner ({n})",
        "incident": "Händelse",
        "incidents": "Dokumenterade händelser ({n})",
        "buildings": "Byggnader ({n})",
    },
})

#: A documented incident: a small dark-red dot.
INCIDENT_STYLE = {"radius": 4, "color": "#67000d", "weight": 1, "fillColor": "#cb181d",
                  "fillOpacity": 0.85}
_INCIDENT_POINT = JsCode(
    f"""function (feature, latlng) {{
        return L.circleMarker(latlng, {json.dumps(INCIDENT_STYLE)});
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


#: The areas' outline: its colour and width in pixels (also ``plan.gpkg``'s QGIS style's).
AREA_OUTLINE = ("#424242", 1.2)


def area_layer(areas: gpd.GeoDataFrame, *, by: str, show: bool,
               top: float = 1.0, language: str | None = None,
               searched: bool = False) -> folium.GeoJson:
    """Areas filled by ``priority`` or by ``covered_share_after`` (``by="coverage"``).

    The coverage ramp runs from 0 to ``top`` (:func:`share_scale_top`), not to 100 %: shares
    of 0 to 24 % had all been near-white on a 0-100 % ramp. ``searched``: each feature carries
    what the map's search box finds the area by (:class:`~planner._map_search.SearchBox`),
    on one of a map's area layers.
    """
    t = pick(TEXT, language)
    column, stops, scale = ("priority", PRIORITY_STOPS, 1.0)
    name = t["areas_by_priority"]
    if by == "coverage":
        column, stops, scale = ("covered_share_after", COVERAGE_STOPS, top)
        name = t["areas_by_share"]

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        value = row.get(column)
        at = row.get(_AT) if searched else None
        return {
            "style": {
                "fillColor": interpolate_color(
                    stops, value / scale if isinstance(value, (int, float)) else value),
                "color": AREA_OUTLINE[0],
                "weight": AREA_OUTLINE[1],
                "fillOpacity": 0.5,
            },
            "tooltip": area_tooltip(row, language=language),
            "popup": area_popup(row, language=language),
            # what the map's search box finds it by (its id, its name: escaped, as all the page's
            # data text, and read back as text) and where it opens the popup: a point inside the
            # area (its centroid may lie outside)
            **({"area": esc(row.get("area_id")), "at": at}
               if at is not None and not is_missing(row.get("area_id")) else {}),
            **({"area_name": esc(row.get("name"))}
               if at is not None and not is_missing(row.get("name")) else {}),
        }

    frame = areas
    if searched:
        inside = areas.geometry.representative_point()
        frame = areas.assign(**{_AT: [None if pt is None or pt.is_empty else
                                      [round(pt.y, DIGITS), round(pt.x, DIGITS)]
                                      for pt in inside]})
    return _geojson(feature_collection(frame, props), name, show=show, popup=True)


#: the column of a point inside each area (latitude, longitude) while its features are built
_AT = "_planner_at"


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
               language: str | None = None, period: str | None = None) -> folium.GeoJson:
    """Camera view polygons coloured by DORI level, the best level drawn on top.

    ``existing``: the views are the existing cameras' (named so in the layer control, a layer
    of their own beside the new cameras' views). ``period``: ``"day"`` or ``"night"``, the
    views of a plan of day and night (``coverage.night_share``) or of a night plan, named so
    (the existing cameras' at night only: by day they are not drawn apart).
    """
    t = pick(TEXT, language)
    key = "existing_views" if existing else "views"
    suffix = f":{period}" if period and (period == "night" or not existing) else ""
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
        t[f"{key}_one{suffix}"] if n_cameras == 1 else t[key + suffix].format(
            n=fmt_int(n_cameras, language=language)),
        show=show,
        style=style,
    )


def privacy_layer(zones: gpd.GeoDataFrame, *, language: str | None = None) -> folium.GeoJson:
    """Privacy zones (the privacy rule's, from its DORI level), outlined in magenta."""
    t = pick(TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        # (the planner's kinds in the map's words: "(private_garden)" in a Swedish map)
        kind = (f" ({esc(_lang.zone_kind(str(row.get('kind')), language))})" if row.get("kind")
                else "")
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
