"""How a map's page behaves: its panels, popups, opening view, buttons and language.

The legend, layer control and summary panels fold on a small screen; popups and the opening view
keep clear of the panels; the full-screen and zoom buttons have titles in the map's ``language``
(see :mod:`planner._lang`); the page's language is recorded for ``<html lang>``. Each step adds a
script or an element to a map or to a comparison's pair of maps (:mod:`planner.maps` calls them
when it draws one); :func:`_finish` makes the steps of one map.
"""

from __future__ import annotations

import json
from typing import Any

import folium
import folium.plugins
from branca.element import Figure, MacroElement
from folium.utilities import JsCode

from planner._lang import LANGUAGES, pick, texts

#: the buttons' titles, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "full_screen": "Full Screen",
        "exit_full_screen": "Exit Full Screen",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "layers": "Layers",
        "close_popup": "Close popup",
        "leaflet": "A JavaScript library for interactive maps",
    },
    "sv": {
        "full_screen": "Helskärm",
        "exit_full_screen": "Avsluta helskärm",
        "zoom_in": "Zooma in",
        "zoom_out": "Zooma ut",
        "layers": "Lager",
        "close_popup": "Stäng popup-rutan",
        "leaflet": "Ett JavaScript-bibliotek för interaktiva kartor",
    },
})


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
window.plannerFit = function () {  // (also as a page is printed: _PRINT_JS)
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
};
window.addEventListener('load', window.plannerFit);  // (after the panels have folded or not)
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


#: Puts the panels before the markers in the tab order (see :func:`_panels_first_in_tab_order`).
_TAB_ORDER_JS = """
window.addEventListener('load', function () {
  document.querySelectorAll('.folium-map').forEach(function (el) {
    var controls = el.querySelector(':scope > .leaflet-control-container');
    if (controls) { el.insertBefore(controls, el.firstChild); }  // (placed by CSS, not order)
  });
});
"""


def _panels_first_in_tab_order(m: folium.Map | folium.plugins.DualMap) -> None:
    """Reach the panels, search box and layer control with Tab before the map's markers.

    Leaflet puts its controls after the map's panes, so that Tab went through every marker
    first: on Katrineholm's map the search box and the layer control came after 143 cameras
    (and 714 candidate mounts where they are on). The controls stand where their CSS puts
    them, whatever their place among the map's elements.
    """
    _add_script(m, _TAB_ORDER_JS)


#: Escape closes what Enter opened; a popup opened with the keyboard takes the focus and gives it
#: back (see :func:`_escape_closes`).
_ESCAPE_JS = """
window.addEventListener('load', function () {
  var keyboard = false;  // (the last input: a key, not the mouse)
  document.addEventListener('keydown', function () { keyboard = true; }, true);
  document.addEventListener('mousedown', function () { keyboard = false; }, true);
  document.querySelectorAll('.folium-map').forEach(function (el) {
    var map = window[el.id];
    if (!map || !map.on) { return; }
    // (a layer control that opened folded folds again; one open from the start stays open)
    var folded = [].slice.call(el.querySelectorAll('.leaflet-control-layers')).filter(
      function (c) { return !c.classList.contains('leaflet-control-layers-expanded'); });
    // a popup opened with a key (Enter on a marker, the search box) takes the focus, and gives
    // it back where it came from as it closes (Escape, its close button)
    map.on('popupopen', function (e) {
      var from = document.activeElement, box = e.popup.getElement();
      var content = box && box.querySelector('.leaflet-popup-content');
      e.popup._plannerFrom = null;
      if (!keyboard || !content) { return; }  // (a click: the focus stays where it left it)
      e.popup._plannerFrom = from && from !== document.body && !(box && box.contains(from))
        ? from : (e.popup._source && e.popup._source._icon) || null;
      content.setAttribute('tabindex', '-1');
      content.focus({preventScroll: true});
    });
    map.on('popupclose', function (e) {
      var back = e.popup._plannerFrom, box = e.popup.getElement(), now = document.activeElement;
      e.popup._plannerFrom = null;
      if (back && document.contains(back)
          && (!now || now === document.body || (box && box.contains(now)))) {
        back.focus({preventScroll: true});
      }
    });
    el.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') { return; }
      var control = e.target.closest && e.target.closest('.leaflet-control-layers');
      if (control && folded.indexOf(control) >= 0
          && control.classList.contains('leaflet-control-layers-expanded')) {
        control.classList.remove('leaflet-control-layers-expanded');
        var toggle = control.querySelector('.leaflet-control-layers-toggle');
        if (toggle) { toggle.focus(); }
        return;
      }
      var popup = map._popup;
      if (popup && map.hasLayer(popup)) {
        var back = popup._plannerFrom, icon = popup._source && popup._source._icon;
        map.closePopup();  // (opened with a key: the focus goes back, popupclose above)
        if (!back) { (icon && icon.focus ? icon : el).focus(); }  // (a clicked marker's)
      }
    });
  });
});
"""


def _escape_closes(m: folium.Map | folium.plugins.DualMap) -> None:
    """Let Escape close a popup and fold a folded layer control opened with the keyboard.

    A camera's popup opened with Enter on its marker did not close with Escape (Leaflet
    listens for it only while the map itself has the focus, not a marker), and its close
    button lies after every other marker in the tab order; a layer control opened with Enter
    on a small screen stayed open over the map (Leaflet folds it when the mouse leaves it).
    Escape now closes the popup and folds the layer control again, the focus on its button.
    A popup opened with a key (Enter on a marker, or on a camera's label in the search box)
    takes the focus, so that a screen reader reads it and Tab reaches its close button; as it
    closes (Escape, its close button) the focus goes back where it was: the marker, the search
    box. Opened with the mouse, the focus stays where the click left it.
    """
    _add_script(m, _ESCAPE_JS)


#: Lays the maps out for paper as the page is printed (see :func:`_print_whole`).
_PRINT_JS = """
(function () {
  if (!window.matchMedia) { return; }
  var saved = null;
  var change = function (e) {
    var maps = [];
    document.querySelectorAll('.folium-map').forEach(function (el) {
      if (window[el.id] && window[el.id].invalidateSize) { maps.push(window[el.id]); } });
    if (!maps.length) { return; }  // (Leaflet did not load: the page says so)
    if (e.matches && !saved) {  // (the page is laid out at the paper's size now)
      saved = {views: maps.map(function (m) { return [m.getCenter(), m.getZoom()]; }),
               folded: [].slice.call(document.querySelectorAll('details.planner-legend'))
                 .filter(function (d) { return !d.open; })};
      saved.folded.forEach(function (d) { d.open = true; });
      maps.forEach(function (m) { m.invalidateSize({pan: false, animate: false}); });
      if (window.plannerFit) { window.plannerFit(); }
    } else if (!e.matches && saved) {  // (back on the screen, as it was)
      saved.folded.forEach(function (d) { d.open = false; });
      maps.forEach(function (m, i) {
        m.invalidateSize({pan: false, animate: false});
        m.setView(saved.views[i][0], saved.views[i][1], {animate: false}); });
      saved = null;
    }
  };
  var printing = window.matchMedia('print');
  if (printing.addEventListener) { printing.addEventListener('change', change); }
  else { printing.addListener(change); }
})();
"""


def _print_whole(m: folium.Map | folium.plugins.DualMap) -> None:
    """Print the planned areas whole, with the legend, whatever screen the page is printed from.

    The browser lays a printed page out at the paper's size (A4 landscape: 1063 x 734 CSS
    pixels) without telling Leaflet, which kept the screen's size and view: printed from a
    1366 x 768 laptop, Katrineholm's eastern areas were cut off at the paper's edge, and the
    legend, folded on a screen under 1200 x 800, was not on the paper. As the page is laid out
    for print the maps take the paper's size, the legend opens and the opening fit runs again
    (clear of the panels printed); afterwards the screen's view and folds come back.
    """
    _add_script(m, _PRINT_JS)


def _add_script(m: folium.Map | folium.plugins.DualMap, script: str) -> None:
    """Run ``script`` in the map's page (at the end of its script block)."""
    root = m.get_root()
    if isinstance(root, Figure):
        root.script.add_child(folium.Element(script))


def _name_buttons(m: folium.Map | folium.plugins.DualMap, language: str) -> None:
    """Give Leaflet's buttons and links their titles in ``language`` (Leaflet's are English).

    The zoom buttons, the folded layer control's button ("Layers" had been a Swedish map's
    hover text), a popup's close button (read out by a screen reader) and the Leaflet link's
    hover text.
    """
    if language == LANGUAGES[0]:
        return  # (Leaflet's own titles; the English page stays as it was)
    t = pick(TEXT, language)
    script = (
        "window.addEventListener('load', function () {\n"
        f"  var titles = {{'in': {json.dumps(t['zoom_in'])}, 'out': {json.dumps(t['zoom_out'])}}};\n"
        "  ['in', 'out'].forEach(function (k) {\n"
        "    document.querySelectorAll('.leaflet-control-zoom-' + k).forEach(function (b) {\n"
        "      b.title = titles[k]; b.setAttribute('aria-label', titles[k]); }); });\n"
        "  document.querySelectorAll('.leaflet-control-layers-toggle').forEach(function (b) {\n"
        f"    b.title = {json.dumps(t['layers'])}; }});\n"
        "  document.querySelectorAll('.leaflet-control-attribution a[href=\"https://leafletjs.com\"]')\n"
        f"    .forEach(function (a) {{ a.title = {json.dumps(t['leaflet'])}; }});\n"
        "  document.querySelectorAll('.folium-map').forEach(function (el) {\n"
        "    var map = window[el.id];\n"
        "    if (!map || !map.on) { return; }\n"
        "    map.on('popupopen', function (e) {\n"
        "      var close = e.popup.getElement().querySelector('.leaflet-popup-close-button');\n"
        f"      if (close) {{ close.setAttribute('aria-label', {json.dumps(t['close_popup'])}); }}\n"
        "    }); });\n"
        "});\n"
    )
    _add_script(m, script)


class PageLanguage(MacroElement):
    """Marks a map's page as written in ``language`` (read by :func:`~planner.maps.map_html`; draws nothing)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self._name = "PageLanguage"
        self.language = language


def _language_of_page(m: folium.Map | folium.plugins.DualMap, language: str) -> None:
    """Record the page's language for the ``<html lang>`` attribute (:func:`~planner.maps.map_html`).

    Only for a language other than English, the default: one more element in the tree would
    renumber the stable ids of a comparison's English page.
    """
    if language != LANGUAGES[0]:
        PageLanguage(language).add_to(m)


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
    _print_whole(m)
    _escape_closes(m)
    _panels_first_in_tab_order(m)
    _name_buttons(m, language)
    _language_of_page(m, language)
