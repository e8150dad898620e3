"""Interactive Folium maps of a :class:`~planner._plan_types.Plan`.

- :func:`render_map` draws one plan: areas by priority and by covered share, chosen cameras with
  their view polygons by DORI level, existing cameras, candidate mounts, uncovered demand, privacy
  zones, buildings, a legend and a summary panel.
- :func:`compare_maps` puts two plans side by side with synchronised views and lists what changed
  (see :func:`diff_plans`).
- :func:`save_map` writes a map as HTML; with ``offline=True`` the HTML is self-contained (Leaflet,
  plugins, CSS, fonts and images inlined from the pinned npm packages of ``make assets``), so it
  opens without internet; only the basemap tiles then stay blank.

The layers reach the page in a compact form (:mod:`planner._map_geojson`: coordinates to 1e-6
degree as integers, decoded in the browser), and the buildings and privacy zones only near the
planned areas and the camera views (:mod:`planner._map_context`), which keeps a city's map a
few MB.

The functions return folium objects and never write files except :func:`save_map`. Text from the
data is escaped everywhere it is shown. The maps' words (layer names, legend, panels, popups,
tooltips, title, buttons) are in the scenario's ``language`` (``en`` or ``sv``), which a plan
carries in ``summary["settings"]``; data values (area and model names) are shown as given.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
from branca.element import Element, Figure, MacroElement
from folium.utilities import JsCode

from planner import _lang
from planner._bearing import true_orientation
from planner._lang import LANGUAGES, pick, texts
from planner._map_cameras import camera_layer, site_layer, spread_shared_mounts
from planner._map_context import CONTEXT_M, near
from planner._map_diff import PlanDiff, changes_html, check_plan, diff_plans, difference_html
from planner._map_html import esc, fmt_int, model_styles
from planner._map_layers import (
    KeepOrder,
    area_layer,
    building_layer,
    incident_layer,
    privacy_layer,
    share_scale_top,
    to_wgs84,
    view_layer,
)
from planner._map_panels import (
    HtmlControl,
    MetricScale,
    OfflineNote,
    compare_legend_html,
    legend_html,
    plan_title,
    summary_html,
)
from planner._map_points import demand_layer
from planner._offline import inline_assets
from planner._plan_types import Plan
from planner.io import default_mode

__all__ = ["PlanDiff", "compare_maps", "diff_plans", "map_html", "plan_language", "render_map",
           "save_map"]

logger = logging.getLogger(__name__)

#: Centre of Katrineholm (lat, lon), used when a plan has nothing to fit the view to.
KATRINEHOLM = (58.9959, 16.2072)

#: Default most uncovered demand points drawn one by one (see ``render_map``).
MAX_DEMAND_POINTS = 50_000

_COLOR_BY = ("priority", "coverage")

#: the map's own phrases (titles, camera layers, basemap, buttons), per language
TEXT = texts(__name__, {
    "en": {
        "title": "Camera plan: {name}",
        "compare_title": "Camera plans: {a} vs {b}",
        "basemap": "OpenStreetMap",
        "new_cameras": "New cameras ({n})",
        "stage_cameras": "New cameras, stage {k} ({n})",
        "existing_cameras": "Existing cameras ({n}{approx})",
        "approximate": ", {n} at approximate positions",
        "plan": "Plan {label}",
        "full_screen": "Full Screen",
        "exit_full_screen": "Exit Full Screen",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "no_network": "This map loads its map library (Leaflet) from the internet, which this "
                      "computer cannot reach now, so it shows nothing. Make a copy that needs no "
                      "network: run the planner command that made it again with --offline.",
    },
    "sv": {
        "title": "Kameraplan: {name}",
        "compare_title": "Kameraplaner: {a} jämfört med {b}",
        "basemap": "Bakgrundskarta (OpenStreetMap)",
        "new_cameras": "Nya kameror ({n})",
        "stage_cameras": "Nya kameror, etapp {k} ({n})",
        "existing_cameras": "Befintliga kameror ({n}{approx})",
        "approximate": ", {n} med ungefärlig position",
        "plan": "Plan {label}",
        "full_screen": "Helskärm",
        "exit_full_screen": "Avsluta helskärm",
        "zoom_in": "Zooma in",
        "zoom_out": "Zooma ut",
        "no_network": "Kartan hämtar sitt kartbibliotek (Leaflet) från internet, som den här "
                      "datorn inte når just nu, och visar därför ingenting. Gör en kopia som "
                      "fungerar utan nätverk: kör planner-kommandot som gjorde den igen med "
                      "--offline.",
    },
})


def plan_language(*plans: Plan) -> str:
    """The language of the first plan whose scenario names one (``summary["settings"]``).

    English when none does (a plan built by hand, without settings).
    """
    return _lang.language_of(*(plan.summary for plan in plans))


def _check_language(language: str | None, *plans: Plan) -> str:
    if language is None:
        return plan_language(*plans)
    if language not in LANGUAGES:
        raise ValueError(
            f"language must be one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
    return language


def _frames(plan: Plan, context_m: float | None = CONTEXT_M) -> dict[str, gpd.GeoDataFrame]:
    """All frames of the plan in EPSG:4326.

    Buildings and privacy zones only within ``context_m`` of a planned area or a camera view
    (:func:`~planner._map_context.near`; ``None``: all).
    """
    names = ("areas", "cameras", "views", "sites", "buildings", "privacy_zones")
    targets = [plan.areas.geometry, plan.views.geometry]
    frames = {
        n: to_wgs84(near(getattr(plan, n), targets, context_m)
                    if n in ("buildings", "privacy_zones") else getattr(plan, n), plan.crs)
        for n in names
    }
    # the label the reports use (C001, ...) on the map as well
    labels = plan.camera_labels()
    for name in ("cameras", "views"):
        frame = frames[name] = frames[name].copy()
        frame["camera"] = frame["option_id"].map(labels) if len(frame) else []
    # the popups' direction from true north, from the plan's own (metric) frame: orientation_deg
    # is its CRS's grid bearing (the views are drawn from that geometry, true on the map as is)
    if len(plan.cameras) and "orientation_deg" in plan.cameras.columns:
        frames["cameras"]["orientation_true_deg"] = true_orientation(plan.cameras, plan.crs)
    # cameras on one mount side by side (over all camera layers: new, stages and existing)
    frames["cameras"] = spread_shared_mounts(frames["cameras"])
    return frames


def _bounds(frames: dict[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    """Bounds [[south, west], [north, east]] of the areas that have a camera (else any layer)."""
    areas, cameras = frames["areas"], frames["cameras"]
    target: gpd.GeoDataFrame | None = None
    if len(areas) and len(cameras):
        hit = gpd.sjoin(areas[[areas.geometry.name]], cameras[[cameras.geometry.name]])
        if len(hit):
            target = areas.loc[hit.index.unique()]
    if target is None:
        for name in ("areas", "cameras", "sites"):
            if len(frames[name]):
                target = frames[name]
                break
    if target is None:
        return None
    west, south, east, north = (float(v) for v in target.total_bounds)
    return [[south, west], [north, east]]


#: The zoom steps the opening fit may stop at (Leaflet's zoomSnap): at whole levels the planned
#: areas had filled half the height of a 1366 x 768 laptop and a 768 x 1024 tablet (the next
#: level would not fit). The buttons still zoom by whole levels.
ZOOM_SNAP = 0.25


def _new_map(language: str) -> folium.Map:
    m = folium.Map(
        location=KATRINEHOLM,
        zoom_start=14,
        tiles=None,
        prefer_canvas=True,
        max_zoom=19,
        zoom_snap=ZOOM_SNAP,
    )
    MetricScale().add_to(m)
    _basemap(language).add_to(m)
    return m


def _basemap(language: str) -> folium.TileLayer:
    """OpenStreetMap tiles with their attribution (the only thing an offline map cannot show)."""
    return folium.TileLayer("OpenStreetMap", name=pick(TEXT, language)["basemap"], max_zoom=19)


def _add_plan_layers(
    m: folium.Map,
    plan: Plan,
    frames: dict[str, gpd.GeoDataFrame],
    *,
    color_by: str,
    show_sites: bool,
    show_buildings: bool,
    max_demand_points: int,
    status: dict[Any, str] | None = None,
    words: dict[Any, str] | None = None,
    share_top: float = 1.0,
    language: str,
) -> dict[str, tuple[str, str]]:
    """Add every layer of ``plan`` to ``m``; return the model styles used (for the legend).

    ``status``: a comparison's change of each camera by ``option_id``; ``words``: that change
    in words where it is a decision (an existing camera taken down or replaced).
    """
    t = pick(TEXT, language)
    cams = frames["cameras"]
    existing = cams["existing"].eq(True)
    styles = model_styles([str(v) for v in cams.loc[~existing, "model"]])
    by_priority = area_layer(frames["areas"], by="priority", show=color_by == "priority",
                             language=language)
    by_coverage = area_layer(frames["areas"], by="coverage", show=color_by == "coverage",
                             top=share_top, language=language)
    buildings = building_layer(frames["buildings"], show=show_buildings, language=language)
    # the existing cameras' views a layer of their own, as their markers: a reviewer switches
    # off what the municipality already has, or shows only it
    seen = frames["views"]
    old_view = (seen["option_id"].isin(set(cams.loc[existing, "option_id"])).to_numpy(bool)
                if "option_id" in seen.columns else np.zeros(len(seen), dtype=bool))
    views = view_layer(seen.loc[~old_view], language=language)
    privacy = privacy_layer(frames["privacy_zones"], language=language)
    demand = demand_layer(plan.demand, plan.crs, max_points=max_demand_points,
                          language=language)
    sites = site_layer(frames["sites"], show=show_sites, language=language,
                       planned=set(cams.loc[~existing, "site_id"]),
                       cameras_on={site: ", ".join(sorted(map(str, labels))) for site, labels
                                   in cams.groupby("site_id", sort=True)["camera"]})
    layers = [by_priority, by_coverage, buildings, privacy, views, demand, sites]
    if existing.any():  # (no empty layer where no camera stands yet)
        layers.insert(layers.index(views) + 1, view_layer(seen.loc[old_view], existing=True,
                                                          language=language))
    if plan.incidents is not None:
        layers.append(incident_layer(to_wgs84(plan.incidents, plan.crs), language=language))
    for layer in layers:
        layer.add_to(m)
    new = cams.loc[~existing]
    # a rollout's stage plan: one layer per stage, so that a meeting can switch stages on in turn
    stages = (sorted({int(k) for k in new["stage"]}) if "stage" in new.columns and len(new)
              else [None])
    for stage in stages:
        part = new if stage is None else new.loc[new["stage"].eq(stage)]
        camera_layer(
            part,
            name=(t["new_cameras"].format(n=fmt_int(len(part), language=language))
                  if stage is None else t["stage_cameras"].format(
                      k=stage, n=fmt_int(len(part), language=language))),
            styles=styles,
            status=status,
            words=words,
            language=language,
        ).add_to(m)
    old = cams.loc[existing]
    n_approx = (
        int(old["approximate"].fillna(False).astype(bool).sum()) if "approximate" in old else 0
    )
    approx = (t["approximate"].format(n=fmt_int(n_approx, language=language)) if n_approx
              else "")
    camera_layer(
        old,
        name=t["existing_cameras"].format(n=fmt_int(len(old), language=language),
                                          approx=approx),
        styles=styles,
        status=status,
        words=words,
        language=language,
    ).add_to(m)
    KeepOrder(layers).add_to(m)
    return styles


def _set_title(m: Element, title: str) -> None:
    """Set the page title (escaped) of the figure holding ``m``."""
    root = m.get_root()
    if isinstance(root, Figure):
        root.title = esc(title)


#: Below these window sizes (CSS pixels) the legend and the layer control, and on a map narrower
#: than the second width also the summary panels, start folded: open, they had covered a quarter
#: of a 1024 x 700 screen, the south-east areas under the legend and a popup's close button. The
#: summary's width is the map's, not the window's: each half of a comparison on a 1366 x 768
#: laptop (683 px) had half its width under the open summary, the western areas hidden.
FOLD_LEGEND_BELOW = (1200, 800)
FOLD_SUMMARY_BELOW_WIDTH = 800


#: the JavaScript test of a small screen (:data:`FOLD_LEGEND_BELOW`)
_SMALL_SCREEN = (f"window.innerWidth < {FOLD_LEGEND_BELOW[0]} "
                 f"|| window.innerHeight < {FOLD_LEGEND_BELOW[1]}")


def _fold_on_small_screens(m: folium.Map | folium.plugins.DualMap) -> None:
    """Fold the legend on a small screen, and the summary panels on a narrow map, at opening."""
    script = (
        "window.addEventListener('load', function () {  // (after the panels exist)\n"
        f"  var small = {_SMALL_SCREEN};\n"
        "  document.querySelectorAll('details.planner-legend').forEach(function (d) {\n"
        "    if (small) { d.removeAttribute('open'); } });\n"
        "  document.querySelectorAll('.folium-map').forEach(function (map) {\n"
        f"    if (map.clientWidth >= {FOLD_SUMMARY_BELOW_WIDTH}) {{ return; }}\n"
        "    map.querySelectorAll('details.planner-summary').forEach(function (d) {\n"
        "      d.removeAttribute('open'); }); });\n"
        "});\n"
    )
    _add_script(m, script)


#: how far (CSS pixels) a popup keeps from a panel over the map
POPUP_CLEARANCE = 8

#: Moves an opening popup off the panels over the map (see :func:`_popups_clear_of_panels`).
#: the panels over a map that popups and the opening view keep clear of: every control but the
#: attribution and the scale bar (layer control, summary, legend, zoom buttons)
PANELS = ".leaflet-control:not(.leaflet-control-attribution):not(.leaflet-control-scale)"

_POPUP_CLEAR_JS = """
window.addEventListener('load', function () {
  document.querySelectorAll('.folium-map').forEach(function (el) {
    var map = window[el.id];
    if (!map || !map.on) { return; }
    var panning = false;  // (Leaflet first pans an opening popup into view)
    map.on('autopanstart', function () { panning = true; });
    map.on('moveend', function () { panning = false; });
    map.on('popupopen', function (e) {
      var clear = function () {
        var popup = e.popup.getElement();
        if (!popup || !map.hasLayer(e.popup)) { return; }
        var g = POPUP_CLEARANCE, box = popup.getBoundingClientRect(), frame = el.getBoundingClientRect();
        var panels = [].slice.call(el.querySelectorAll('PANELS'))
          .map(function (c) { return c.getBoundingClientRect(); })
          .filter(function (r) { return r.width > 0 && r.height > 0; });
        var close = function (dx, dy) {  // (the close button's corner)
          return {left: box.right + dx - 30, right: box.right + dx,
                  top: box.top + dy, bottom: box.top + dy + 30}; };
        var whole = function (dx, dy) {
          return {left: box.left + dx, right: box.right + dx,
                  top: box.top + dy, bottom: box.bottom + dy}; };
        var free = function (b) {
          return b.left >= frame.left && b.right <= frame.right && b.top >= frame.top
            && b.bottom <= frame.bottom && !panels.some(function (r) {
              return r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom;
            }); };
        if (free(whole(0, 0))) { return; }
        var xs = [0], ys = [0];
        panels.forEach(function (r) {
          xs.push(r.right + g - box.left, r.left - g - box.right);
          ys.push(r.bottom + g - box.top, r.top - g - box.bottom);
        });
        var size = function (m) { return Math.abs(m[0]) + Math.abs(m[1]); };
        var pick = function (part) {  // (the least move that leaves ``part`` clear)
          var best = null;
          xs.forEach(function (dx) { ys.forEach(function (dy) {
            if (free(part(dx, dy)) && (!best || size([dx, dy]) < size(best))) {
              best = [dx, dy]; }
          }); });
          return best;
        };
        var best = pick(whole) || pick(close);  // (all of it clear, else its close button)
        if (best && size(best) > 0) { map.panBy([-best[0], -best[1]]); }
      };
      if (panning) { map.once('moveend', clear); } else { clear(); }
    });
  });
});
""".replace("POPUP_CLEARANCE", str(POPUP_CLEARANCE)).replace("PANELS", PANELS)


def _popups_clear_of_panels(m: folium.Map | folium.plugins.DualMap) -> None:
    """Move a popup that opens under a panel over the map (layer control, summary, legend).

    A popup that Leaflet pans into a corner (a camera near the top right) had its close button
    under the layer control, where no click reached it. Once Leaflet's own pan has ended, the
    map pans the least that shows the whole popup clear of every panel, or, where no such place
    is (a small screen), at least its close button.
    """
    _add_script(m, _POPUP_CLEAR_JS)


#: Fits the opening view on the planned areas in the part of the map the panels leave free (see
#: :func:`_fit_clear_of_panels`); BOUNDS is replaced by the bounds.
_FIT_JS = """
window.addEventListener('load', function () {  // (after the panels have folded or not)
  var maps = [], panels = [];
  document.querySelectorAll('.folium-map').forEach(function (el) {
    if (window[el.id] && window[el.id].fitBounds) { maps.push([el, window[el.id]]); } });
  if (!maps.length) { return; }  // (Leaflet did not load: the page says so)
  var bounds = L.latLngBounds(BOUNDS), map = maps[0][1], size = map.getSize(), g = FIT_PADDING;
  // the panels of every map (a comparison's sides are synced), each in its map's pixels
  maps.forEach(function (pair) {
    var frame = pair[0].getBoundingClientRect();
    pair[0].querySelectorAll('PANELS').forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) {
        panels.push([r.left - frame.left, r.top - frame.top, r.right - frame.left,
                     r.bottom - frame.top]); }
    });
  });
  var clear = function (x, y, w, h) {
    return x >= g - 0.5 && y >= g - 0.5 && x + w <= size.x - g + 0.5 && y + h <= size.y - g + 0.5
      && !panels.some(function (r) {
        return r[0] < x + w + g && x - g < r[2] && r[1] < y + h + g && y - g < r[3]; }); };
  var snap = map.options.zoomSnap || 1;
  var top = Math.min(map.getBoundsZoom(bounds, false, L.point(2 * g, 2 * g)), FIT_MAX_ZOOM);
  // the largest zoom at which the areas fit somewhere clear of every panel, as central as may be
  for (var z = top; z >= map.getMinZoom(); z -= snap) {
    var a = map.project(bounds.getNorthWest(), z), b = map.project(bounds.getSouthEast(), z);
    var w = b.x - a.x, h = b.y - a.y, cx = (size.x - w) / 2, cy = (size.y - h) / 2;
    var xs = [cx, g, size.x - g - w], ys = [cy, g, size.y - g - h];
    panels.forEach(function (r) { xs.push(r[2] + g, r[0] - g - w); ys.push(r[3] + g, r[1] - g - h); });
    var best = null;
    xs.forEach(function (x) { ys.forEach(function (y) {
      var d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      if (clear(x, y, w, h) && (!best || d < best[2])) { best = [x, y, d]; } }); });
    if (best) {
      map.setView(map.unproject(a.add(L.point(size.x / 2 - best[0], size.y / 2 - best[1])), z),
                  z, {animate: false});
      return;
    }
  }
});
"""

#: the opening fit's padding (CSS pixels) around the planned areas and its greatest zoom level
FIT_PADDING = 20
FIT_MAX_ZOOM = 17


def _fit_clear_of_panels(m: folium.Map | folium.plugins.DualMap,
                         bounds: list[list[float]] | None) -> None:
    """Open the map on ``bounds`` ([[south, west], [north, east]]) clear of the panels over it.

    Folium's fit (``fit_bounds``) is made before the panels exist and ignores them: filled to
    the window, Katrineholm's western areas had opened under the summary panel and its eastern
    ones under the layer control and legend. Once the panels have folded or not, the map opens
    at the largest zoom (in quarter levels) at which the areas fit somewhere clear of every
    panel, as central as that allows. Neither is animated: the first fit's animation, still
    running at the second, had undone it.
    """
    if bounds is None:
        return
    for each in (m.m1, m.m2) if isinstance(m, folium.plugins.DualMap) else (m,):
        fit = folium.map.FitBounds(bounds, padding=(FIT_PADDING, FIT_PADDING),
                                   max_zoom=FIT_MAX_ZOOM)
        fit.options["animate"] = False
        each.add_child(fit)
    _add_script(m, _FIT_JS.replace("BOUNDS", json.dumps(bounds))
                .replace("FIT_PADDING", str(FIT_PADDING))
                .replace("FIT_MAX_ZOOM", str(FIT_MAX_ZOOM)).replace("PANELS", PANELS))


def _add_script(m: folium.Map | folium.plugins.DualMap, script: str) -> None:
    """Run ``script`` in the map's page (at the end of its script block)."""
    root = m.get_root()
    if isinstance(root, Figure):
        root.script.add_child(folium.Element(script))


def _name_buttons(m: folium.Map | folium.plugins.DualMap, language: str) -> None:
    """Give Leaflet's zoom buttons their hover titles in ``language`` (Leaflet's are English)."""
    if language == LANGUAGES[0]:
        return  # (Leaflet's own titles; the English page stays as it was)
    t = pick(TEXT, language)
    script = (
        "window.addEventListener('load', function () {\n"
        f"  var titles = {{'in': {json.dumps(t['zoom_in'])}, 'out': {json.dumps(t['zoom_out'])}}};\n"
        "  ['in', 'out'].forEach(function (k) {\n"
        "    document.querySelectorAll('.leaflet-control-zoom-' + k).forEach(function (b) {\n"
        "      b.title = titles[k]; b.setAttribute('aria-label', titles[k]); }); });\n"
        "});\n"
    )
    _add_script(m, script)


class PageLanguage(MacroElement):
    """Marks a map's page as written in ``language`` (read by :func:`map_html`; draws nothing)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self._name = "PageLanguage"
        self.language = language


def _language_of_page(m: folium.Map | folium.plugins.DualMap, language: str) -> None:
    """Record the page's language for the ``<html lang>`` attribute (:func:`map_html`).

    Only for a language other than English, the default: one more element in the tree would
    renumber the stable ids of a comparison's English page.
    """
    if language != LANGUAGES[0]:
        PageLanguage(language).add_to(m)


def _page_language(element: Element) -> str:
    """The language recorded by :func:`_language_of_page` in ``element``'s tree (else English)."""
    for current in _elements(element):
        if isinstance(current, PageLanguage):
            return current.language
    return LANGUAGES[0]


def _fullscreen(m: folium.Map, language: str) -> None:
    t = pick(TEXT, language)
    folium.plugins.Fullscreen(position="topleft", title=t["full_screen"],
                              title_cancel=t["exit_full_screen"]).add_to(m)


def _finish(m: folium.Map, bounds: list[list[float]] | None, language: str) -> None:
    _fullscreen(m, language)
    control = folium.LayerControl(collapsed=False, position="topright")
    # (folded to its button on a small screen, as the legend: open, it covered a popup's top)
    options: dict[str, Any] = control.options  # (a JavaScript expression among the values)
    options["collapsed"] = JsCode(_SMALL_SCREEN)
    control.add_to(m)
    _fold_on_small_screens(m)
    _fit_clear_of_panels(m, bounds)
    _popups_clear_of_panels(m)
    _name_buttons(m, language)
    _language_of_page(m, language)


def render_map(
    plan: Plan,
    *,
    color_by: str = "priority",
    show_sites: bool = False,
    show_buildings: bool = False,
    offline: bool = False,
    max_demand_points: int = MAX_DEMAND_POINTS,
    context_m: float | None = CONTEXT_M,
    language: str | None = None,
) -> folium.Map:
    """Draw a plan on an interactive map.

    Layers (all in the layer control): areas by priority and areas by covered share (one of them
    on), camera views by DORI level, new cameras (an icon per model, popup with mount, model,
    orientation from true north, cost, covered population, DORI breakdown and marginal value),
    existing cameras (own icon; approximate positions noted), candidate mounts, uncovered demand
    points, privacy zones and buildings. Cameras on one mount stand side by side, each popup
    naming the others there. A legend, a summary panel (the scenario's title with its name
    beneath, budget, spent, covered share, covered population graded by DORI level, solver
    status and gap), a scale bar and a full-screen button complete the map, which opens on the
    areas that have cameras; the page is titled by the scenario's title.

    Parameters
    ----------
    plan
        The solved plan; its frames are in ``plan.crs`` and are reprojected here.
    color_by
        ``"priority"`` or ``"coverage"``: which area layer is on when the map opens.
    show_sites
        Show the candidate mounts when the map opens.
    show_buildings
        Show the buildings when the map opens (always with ``offline``, whose basemap needs a
        network: the buildings are then the map's only reference).
    offline
        Mark the map for self-contained saving (:func:`save_map` then inlines all assets) and say
        in the summary panel that the basemap needs a network.
    max_demand_points
        Above this many uncovered demand points, nearby ones are merged on a square grid (the
        layer name gives the cell size), which keeps the page light for very large plans.
    context_m
        Draw the buildings and privacy zones within this many metres of a planned area or a
        camera view (default 50, :data:`~planner._map_context.CONTEXT_M`; their layer names
        count those drawn); ``None`` draws them all.
    language
        ``"en"`` or ``"sv"``: the language of the map's words. ``None`` (default): the plan's
        scenario's ``language`` (English for a plan without one).

    Returns
    -------
    folium.Map
        The map; write it with :func:`save_map`.

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`Plan`.
    ValueError
        If ``color_by`` is not one of the two options, or ``language`` not a known language.
    InputError
        If a frame of the plan lacks a column the map needs.
    """
    check_plan(plan)
    if color_by not in _COLOR_BY:
        raise ValueError(f"color_by must be 'priority' or 'coverage', got {color_by!r}")
    language = _check_language(language, plan)
    t = pick(TEXT, language)
    frames = _frames(plan, context_m)
    # offline the basemap does not load: the buildings are then the only reference on the map
    show_buildings = show_buildings or offline
    top = share_scale_top(plan.areas["covered_share_after"])
    m = _new_map(language)
    # the scenario's title (the panel adds its technical name); else that name
    _set_title(m, t["title"].format(
        name=plan_title(plan.summary) or plan.summary.get("scenario") or plan.name))
    styles = _add_plan_layers(
        m,
        plan,
        frames,
        color_by=color_by,
        show_sites=show_sites,
        show_buildings=show_buildings,
        max_demand_points=max_demand_points,
        share_top=top,
        language=language,
    )
    cams = frames["cameras"]
    names = dict(zip(cams["model"], cams.get("model_name", cams["model"]), strict=True))
    panel = OfflineNote if offline else HtmlControl
    panel(summary_html(plan.summary, plan.name, offline=offline, language=language,
                       cameras=plan.cameras),
          position="topleft").add_to(m)
    HtmlControl(legend_html(styles, names, share_top=top, language=language),
                position="bottomright").add_to(m)
    _finish(m, _bounds(frames), language)
    logger.debug("rendered map of plan %s with %d cameras", plan.name, len(frames["cameras"]))
    return m


def compare_maps(
    plan_a: Plan,
    plan_b: Plan,
    *,
    offline: bool = False,
    max_demand_points: int = MAX_DEMAND_POINTS,
    context_m: float | None = CONTEXT_M,
    language: str | None = None,
) -> folium.plugins.DualMap:
    """Show two plans side by side with synchronised views and what changed.

    Cameras are coloured by change status (added in green on B, removed in red on A, moved in
    orange on both, unchanged in blue; existing in grey); areas are coloured by covered share. A
    panel on the right map lists the changes and the coverage per area in both plans (see
    :func:`diff_plans` for the definitions).

    Parameters
    ----------
    plan_a, plan_b
        The reference plan (left) and the alternative (right).
    offline
        Mark the figure for self-contained saving, as in :func:`render_map`.
    max_demand_points, context_m
        As in :func:`render_map`.
    language
        ``"en"`` or ``"sv"``. ``None`` (default): the language of plan A's scenario (else B's;
        English if neither names one).

    Returns
    -------
    folium.plugins.DualMap
        The pair of maps; write it with :func:`save_map`.
    """
    diff = diff_plans(plan_a, plan_b)
    language = _check_language(language, plan_a, plan_b)
    t = pick(TEXT, language)
    frames_a, frames_b = _frames(plan_a, context_m), _frames(plan_b, context_m)
    top = share_scale_top(plan_a.areas["covered_share_after"],
                          plan_b.areas["covered_share_after"])  # (one scale for both sides)
    dual = folium.plugins.DualMap(
        location=KATRINEHOLM,
        zoom_start=14,
        tiles=None,
        prefer_canvas=True,
        max_zoom=19,
        zoom_snap=ZOOM_SNAP,
    )
    MetricScale().add_to(dual.m1)
    MetricScale().add_to(dual.m2)
    # by name; by title where the names are one (one scenario, --set-a/--set-b: the command
    # titles the two apart, and the page had read "tiny vs tiny")
    titled = [plan_title(p.summary) or p.name for p in (plan_a, plan_b)]
    named = (titled if plan_a.name == plan_b.name and titled[0] != titled[1]
             else [plan_a.name, plan_b.name])
    _set_title(dual, t["compare_title"].format(a=named[0], b=named[1]))
    # (an existing camera taken down or replaced, in report.md's words: its popup had said
    # "removed", as of any camera the solver left out)
    from planner.compare import change_word

    kinds_a, kinds_b = diff.kinds()
    for m, plan, frames, status, kinds, label in (
        (dual.m1, plan_a, frames_a, diff.status_a(), kinds_a, "A"),
        (dual.m2, plan_b, frames_b, diff.status_b(), kinds_b, "B"),
    ):
        _basemap(language).add_to(m)
        _add_plan_layers(
            m,
            plan,
            frames,
            color_by="coverage",
            show_sites=False,
            show_buildings=offline,
            max_demand_points=max_demand_points,
            status=status,
            words={option: change_word(kind, language) for option, kind in kinds.items()},
            share_top=top,
            language=language,
        )
        panel = OfflineNote if offline else HtmlControl
        html = summary_html(plan.summary, plan.name, offline=offline, cameras=plan.cameras,
                            label=t["plan"].format(label=label), language=language)
        panel(html, position="topleft").add_to(m)
        if label == "B" and diff.objective is not None:
            # below B's summary: what the solver establishes of the difference (a loss within
            # the plans' optimality gaps had been shown as any other)
            HtmlControl(difference_html(diff.objective, language),
                        position="topleft").add_to(m)
        _fullscreen(m, language)
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    # (named as the page's title: "katrineholm-2018:sv → katrineholm-2018:sv" had told nothing)
    HtmlControl(changes_html(diff, named[0], named[1], language=language),
                position="bottomright").add_to(dual.m2)
    HtmlControl(compare_legend_html(share_top=top, language=language),
                position="bottomright").add_to(dual.m1)
    bounds = _bounds(frames_b) or _bounds(frames_a)
    _fold_on_small_screens(dual)
    _fit_clear_of_panels(dual, bounds)
    _popups_clear_of_panels(dual)
    _name_buttons(dual, language)
    _language_of_page(dual, language)
    return dual


def _wants_offline(element: Element) -> bool:
    """Tell whether ``element`` or any descendant is an :class:`OfflineNote`."""
    stack = [element]
    while stack:
        current = stack.pop()
        if isinstance(current, OfflineNote):
            return True
        stack.extend(current._children.values())
    return False


def map_html(
    m: folium.Map | folium.plugins.DualMap,
    *,
    offline: bool | None = None,
    assets_dir: str | os.PathLike[str] | None = None,
) -> str:
    """Render a map (or a :class:`~folium.plugins.DualMap`) to a complete HTML page.

    Parameters
    ----------
    m
        The map.
    offline
        Inline every script, stylesheet, font and image (self-contained page). ``None`` (default):
        as the map was rendered (``render_map(..., offline=True)``).
    assets_dir
        The ``node_modules`` folder with the pinned assets (default: ``$PLANNER_MAP_ASSETS`` or
        ``assets/node_modules`` of the repository, as installed by ``make assets``).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    InputError
        If ``offline`` and the assets are not installed; the message names ``make assets``.
    """
    root = m.get_root()
    if offline is None:
        offline = _wants_offline(root)
    html = _stable_ids(root, root.render())
    # the page's language, for screen readers and translation (Folium leaves it out)
    lang = _page_language(root)
    html = html.replace("<!DOCTYPE html>\n<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    if offline:
        html = inline_assets(html, assets_dir=None if assets_dir is None else Path(assets_dir))
    else:
        html = _with_network_note(html, lang)
    return html


def _with_network_note(html: str, language: str) -> str:
    """``html`` with a script that says why the page is blank when Leaflet did not load.

    A map that loads its scripts from the CDNs is a blank page on a network that blocks them
    (a municipality's, a laptop offline at a meeting), with no word why: the page then tells
    how to make the self-contained copy. The note is text, set with ``textContent``.
    """
    note = json.dumps(pick(TEXT, language)["no_network"])
    script = (
        "<script>\nwindow.addEventListener(\"load\", function () {\n"
        "  if (typeof L !== \"undefined\") { return; }\n"
        "  var note = document.createElement(\"p\");\n"
        "  note.className = \"planner-no-network\";\n"
        "  note.style.cssText = \"margin: 2em; font: 16px sans-serif; max-width: 40em\";\n"
        f"  note.textContent = {note};\n"
        "  document.body.insertBefore(note, document.body.firstChild);\n"
        "});\n</script>\n"
    )
    if "</html>" not in html:
        return html + script
    head, tail = html.rsplit("</html>", 1)
    return f"{head}{script}</html>{tail}"


def _elements(element: Element) -> list[Element]:
    """``element`` and every element below it, parents first, children in insertion order."""
    found = [element]
    for extra in ("header", "html", "script"):  # a Figure's three parts are not its children
        part = getattr(element, extra, None)
        if isinstance(part, Element) and part._parent is element:
            found += _elements(part)
    for child in element._children.values():
        found += _elements(child)
    return found


def _stable_ids(root: Element, html: str) -> str:
    """Replace Folium's random element ids in ``html`` by their order in the element tree.

    Branca gives every element 16 random bytes as its id (``map_<32 hex digits>``, referenced
    from the scripts), so the same plan rendered twice gave two different files. Numbered in tree
    order instead (read after rendering, which adds some elements), the same map gives the same
    bytes (``tests/test_determinism.py``). Other 32-digit hex strings are left as they are.
    """
    order: dict[str, str] = {}
    for element in _elements(root):
        order.setdefault(element._id, f"{len(order):032x}")
    return re.sub(r"[0-9a-f]{32}", lambda m: order.get(m.group(0), m.group(0)), html)


def save_map(
    m: folium.Map | folium.plugins.DualMap,
    path: str | os.PathLike[str],
    *,
    offline: bool | None = None,
    assets_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write a map as an HTML file, self-contained if ``offline``.

    The file is written next to ``path`` under a temporary name and moved into place, so a failed
    write leaves no half file.

    Parameters
    ----------
    m
        The map (:func:`render_map`) or pair of maps (:func:`compare_maps`).
    path
        Where to write the HTML.
    offline
        See :func:`map_html`.
    assets_dir
        See :func:`map_html`.

    Returns
    -------
    Path
        The written file.
    """
    target = Path(path)
    html = map_html(m, offline=offline, assets_dir=assets_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.chmod(tmp, default_mode())  # (mkstemp makes it private)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    logger.info("wrote map %s (%.1f MB)", target, len(html.encode("utf-8")) / 1e6)
    return target
