"""What a map's page needs for a screen reader and the keyboard alone (WCAG 2.1 AA).

Applied to the rendered page by :func:`~planner._map_save.map_html` (:func:`accessible_page`), so
that a plan's map, a comparison's pair and an ``--offline`` map get the same:

- the page may be zoomed (Folium's viewport had ``maximum-scale=1.0, user-scalable=no``:
  WCAG 1.4.4);
- landmarks and headings: the maps in ``<main>``, each map a region named in the map's
  ``language`` ("Map", in a comparison "Map of plan A"), each panel a region named by its own
  heading, the search box a search landmark; the single-plan map's summary title is the page's
  ``<h1>`` (a comparison has its page title as a hidden ``<h1>``), the panels' titles ``<h2>``;
- names for Leaflet's widgets: the layer control (a named region, its button saying whether it
  is open, the basemaps and the overlays named groups), each camera marker ("Camera C012:
  dome-2mp at lamp-0061"); Font Awesome's glyphs hidden from screen readers (the marker and the
  legend's words say what they show); a popup a dialog named by its heading; the search box's
  answer ("No camera or mount C999") read out as it appears;
- Leaflet 1.9.3 leaves a marker's ``aria-describedby`` naming its tooltip after the tooltip
  closed (a reference to nothing): it goes with the tooltip;
- a focus that shows (a 3 px outline, white-edged for dark backgrounds), and panels on white,
  whose text contrast is then that of its colour on white (at least 4.5:1).

The candidate mounts, demand points, areas and views are drawn on a canvas and are no tab stops;
the search box reaches every camera and mount by its label or id. Popups opened with the keyboard
take the focus and Escape gives it back (:mod:`planner._map_page`).
"""

from __future__ import annotations

import json
import re

from planner._lang import pick, texts

#: the names a screen reader says, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "map": "Map",
        "map_side": "Map of plan {side}",
        "search": "Find a camera, mount or area",
        "layers": "Layers",
        "layers_side": "Layers of plan {side}",
        "basemaps": "Basemap",
        "overlays": "Layers on the map",
        "camera": "Camera",
        "popup": "Details",
    },
    "sv": {
        "map": "Karta",
        "map_side": "Karta över plan {side}",
        "search": "Sök en kamera, monteringsplats eller ett område",
        "layers": "Lager",
        "layers_side": "Lager för plan {side}",
        "basemaps": "Bakgrundskarta",
        "overlays": "Lager på kartan",
        "camera": "Kamera",
        "popup": "Detaljer",
    },
})

#: The focus outline and the text that sits over the map on white (see the module's docstring).
#: Leaflet's scale bar and attribution are 80 % white over the tiles, with a text shadow, and its
#: tooltips 90 % (an inline style): their contrast depended on the basemap beneath.
ACCESS_CSS = """
.planner-page {display: block; position: relative; width: 100%; height: 100%; margin: 0;}
.planner-sr-only {position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;}
.planner-panel h1, .planner-panel h2 {display: inline; font: inherit; margin: 0;}
.leaflet-container .leaflet-tooltip {opacity: 1 !important;}
.leaflet-container .leaflet-control-scale-line {background: #fff; text-shadow: none; color: #222;}
.leaflet-container .leaflet-control-attribution {background: #fff; color: #333;}
.leaflet-container .leaflet-control-attribution a {color: #005a80;}
.leaflet-container a:focus-visible, .leaflet-container button:focus-visible,
.leaflet-container input:focus-visible, .leaflet-container summary:focus-visible,
.leaflet-container .leaflet-marker-icon:focus-visible,
.leaflet-container .leaflet-popup-content:focus-visible, .leaflet-container:focus-visible {
  outline: 3px solid #0b57d0; outline-offset: 2px; box-shadow: 0 0 0 5px #fff;}
@media print {.leaflet-container *:focus-visible {outline: none; box-shadow: none;}}
.planner-narrow .leaflet-top.leaflet-left {overflow: hidden auto; padding-right: 10px;
  scroll-padding: 8px 0; scrollbar-width: thin;}
.leaflet-top.leaflet-right:has(> .leaflet-control-layers-expanded) {z-index: 1001;}
.planner-over > .leaflet-map-pane {z-index: 1001;}
@media screen {.leaflet-container .leaflet-popup-content {max-height: calc(100vh - 120px);
  overflow-y: auto;}}
@media screen and (max-width: PAIR_BELOW) {
.planner-page > .folium-map:has(~ .folium-map), .planner-page > .folium-map ~ .folium-map {
  width: 100% !important; left: 0 !important;}
.planner-page > .folium-map ~ .folium-map {top: calc(100% + 2.5rem) !important;}
}
"""

#: Below this width (CSS pixels) a map's search box stands in the left column, below the summary
#: (WCAG 1.4.10, reflow: at 320 px, a phone or a laptop's page zoomed to 400 %, and up to 640 px,
#: the box had covered the summary's title; the summary at its widest and the box beside it need
#: about 680 px).
NARROW_BELOW = 700

#: Below this window width a comparison's two maps stand one above the other, each the window's
#: size (the page then scrolls down to plan B), not side by side: each half of a 320 px window
#: had been 160 px wide, its panels over the whole map and their words cut in the middle.
PAIR_BELOW = 640

#: A map's panels on a narrow map (:data:`NARROW_BELOW`): the search box below the summary (Tab
#: reaches it next, as it is read), the left column scrolled where it is taller than the map (its
#: zoom buttons had gone under the map's edge), clear of the scale bar, which stands above the
#: attribution (at 320 px the attribution's line had covered it), and the panels of the right
#: corner above the scale bar's row; a popup that no pan moves clear of them lies over them.
REFLOW_JS = """
var reflow = function (el) {
  var left = el.querySelector('.leaflet-top.leaflet-left');
  var right = el.querySelector('.leaflet-top.leaflet-right');
  var search = el.querySelector('.planner-search');
  var scale = el.querySelector('.leaflet-bottom.leaflet-left');
  var credit = el.querySelector('.leaflet-control-attribution');
  if (!left || !right) { return; }
  var place = function () {
    var narrow = el.clientWidth < NARROW;
    el.classList.toggle('planner-narrow', narrow);
    var summary = left.querySelector(':scope > .planner-panel');
    if (search && summary && narrow && search.parentNode !== left) {
      left.insertBefore(search, summary.nextSibling);
    } else if (search && !narrow && search.parentNode !== right) {
      right.insertBefore(search, right.firstChild);
    }
    var foot = narrow && credit ? credit.offsetHeight : 0, bar = scale ? scale.offsetHeight : 0;
    if (scale) { scale.style.bottom = foot ? foot + 'px' : ''; }
    // (the panels above the attribution stand above the scale bar's row too: the change panel
    // of a comparison, as wide as the map allows, had covered it)
    var above = credit && credit.previousElementSibling;
    if (above) { above.style.marginBottom = narrow && bar ? bar + 5 + 'px' : ''; }
    // the left column ends above the scale bar, and above the right corner's panels where they
    // reach under it (a legend made wider by a reader's text spacing)
    var end = foot + bar, frame = el.getBoundingClientRect(), reach = 0;
    left.querySelectorAll(':scope > .leaflet-control').forEach(function (c) {
      reach = Math.max(reach, c.getBoundingClientRect().right); });
    if (narrow) {
      el.querySelectorAll('.leaflet-bottom.leaflet-right > .planner-panel').forEach(function (c) {
        var r = c.getBoundingClientRect();
        if (r.width && r.left < reach + 10) { end = Math.max(end, frame.bottom - r.top); }
      });
    }
    left.style.bottom = narrow ? end + 'px' : '';
  };
  place();
  if (window.ResizeObserver) {  // (again as what it measures changes size: folded, or spaced)
    var watch = new ResizeObserver(function () { place(); });
    [credit, scale].concat([].slice.call(el.querySelectorAll(
      '.leaflet-bottom.leaflet-right > .planner-panel, .leaflet-top.leaflet-left > .leaflet-control')))
      .forEach(function (c) { if (c) { watch.observe(c); } });
  }
  // a popup no pan could move clear of the panels (a narrow map has no room beside them) lies
  // over them while it is open, whole: the panels had covered its title
  var map = window[el.id], over = function () {
    var popup = map._popup, box = popup && map.hasLayer(popup) && popup.getElement();
    var r = box && box.getBoundingClientRect(), hit = !!r && el.classList.contains(
      'planner-narrow') && [].slice.call(el.querySelectorAll('.leaflet-control')).some(
      function (c) {
        var q = c.getBoundingClientRect();
        return q.width && q.left < r.right && r.left < q.right && q.top < r.bottom
          && r.top < q.bottom; });
    el.classList.toggle('planner-over', hit);
  };
  map.on('popupopen moveend', function () { setTimeout(over, 0); });
  map.on('popupclose', function () { el.classList.remove('planner-over'); });
  // (the opening view fitted again, clear of the box where it now stands)
  if (search && search.parentNode === left && window.plannerFit) { window.plannerFit(); }
  window.addEventListener('resize', place);
};
"""

#: Names, roles and headings set as the page loads (WORDS: the language's :data:`TEXT`).
ACCESS_JS = """
window.addEventListener('load', function () {
  var words = WORDS;
  REFLOW
  var maps = [].slice.call(document.querySelectorAll('.folium-map'));
  var page = document.querySelector('main.planner-page');
  if (maps.length > 1 && page && !page.querySelector('h1')) {
    var h1 = document.createElement('h1');  // (a comparison: its page title, for screen readers)
    h1.className = 'planner-sr-only';
    h1.textContent = document.title;
    page.insertBefore(h1, page.firstChild);
  }
  var heading = function (summary, level) {  // (a panel's title as a heading, its look kept)
    if (!summary || summary.querySelector('h1, h2')) { return; }
    var h = document.createElement(level);
    while (summary.firstChild) { h.appendChild(summary.firstChild); }
    summary.appendChild(h);
  };
  var hide = function (root) {
    root.querySelectorAll('i.fa, i[class*="fa-"]').forEach(function (i) {
      i.setAttribute('aria-hidden', 'true'); });
  };
  maps.forEach(function (el, i) {
    var map = window[el.id];
    el.setAttribute('role', 'region');
    el.setAttribute('aria-label', maps.length > 1
      ? words.map_side.replace('{side}', 'AB'.charAt(i)) : words.map);
    el.querySelectorAll('.planner-panel').forEach(function (panel) {
      if (panel.classList.contains('planner-search')) {
        panel.setAttribute('role', 'search');
        panel.setAttribute('aria-label', words.search);
        return;
      }
      var summary = panel.querySelector(':scope > details > summary');
      var first = maps.length === 1 && panel.querySelector(':scope > .planner-summary');
      heading(summary, first ? 'h1' : 'h2');
      panel.setAttribute('role', 'region');
      if (summary) { panel.setAttribute('aria-label', summary.textContent.trim()); }
      hide(panel);
    });
    el.querySelectorAll('.leaflet-control-layers').forEach(function (control) {
      control.setAttribute('role', 'region');
      var named = maps.length > 1 ? words.layers_side.replace('{side}', 'AB'.charAt(i))
        : words.layers;  // (a comparison's two named apart)
      control.setAttribute('aria-label', named);
      control.removeAttribute('aria-haspopup');  // (no menu: a list of checkboxes)
      var toggle = control.querySelector('.leaflet-control-layers-toggle');
      var expanded = function () {
        toggle.setAttribute('aria-expanded', String(
          control.classList.contains('leaflet-control-layers-expanded'))); };
      if (toggle) {
        toggle.setAttribute('aria-label', named);
        expanded();
        new MutationObserver(expanded).observe(control, {attributes: true,
                                                          attributeFilter: ['class']});
      }
      [['.leaflet-control-layers-base', words.basemaps],
       ['.leaflet-control-layers-overlays', words.overlays]].forEach(function (pair) {
        var group = control.querySelector(pair[0]);
        if (group) { group.setAttribute('role', 'group'); group.setAttribute('aria-label', pair[1]); }
      });
    });
    if (!map || !map.on) { return; }  // (Leaflet did not load: the page says so)
    reflow(el);
    var name = function (layer) {  // (a camera's marker: its name first, then its title)
      var icon = layer._icon, p = layer.feature && layer.feature.properties;
      if (!icon) { return; }
      hide(icon);
      // (p.name where the label alone would not say what the marker shows: planner._map_cameras)
      var lead = p && (p.name || (p.label && words.camera + ' ' + p.label));
      if (lead) { icon.setAttribute('aria-label', lead + (icon.title ? ': ' + icon.title : '')); }
    };
    map.eachLayer(name);
    map.on('layeradd', function (e) { name(e.layer); });
    map.on('tooltipclose', function (e) {  // (Leaflet 1.9.3 leaves the references behind,
      var id = e.tooltip._container && e.tooltip._container.id;  // on every marker of a layer)
      if (!id) { return; }
      el.querySelectorAll('[aria-describedby="' + id + '"]').forEach(function (target) {
        target.removeAttribute('aria-describedby'); });
    });
    map.on('popupopen', function (e) {
      var box = e.popup.getElement(), content = box && box.querySelector('.leaflet-popup-content');
      if (!content) { return; }
      var h = content.querySelector('h1, h2, h3, h4, h5, h6');
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-label', h ? h.textContent.trim() : words.popup);
      hide(content);
      // (taller than the map allows, it scrolls: a tab stop then, as a scrolled region must be)
      if (content.scrollHeight > content.clientHeight + 1) { content.setAttribute('tabindex', '0'); }
    });
  });
});
"""

#: the page's viewport: zoomable (Folium's had ``maximum-scale=1.0, user-scalable=no``)
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0"/>'
_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*"\s*/?>')
_BODY = re.compile(r"<body>(?P<inside>.*?)</body>", re.S)


def accessible_page(html: str, language: str) -> str:
    """``html`` (a rendered map's page) zoomable, its maps in ``<main>``, with :data:`ACCESS_JS`.

    Parameters
    ----------
    html
        The page as Folium renders it (before any asset is inlined).
    language
        The page's language (``"en"``, ``"sv"``): the names a screen reader says.

    Returns
    -------
    str
        The page with the viewport that allows zooming, :data:`ACCESS_CSS` in its head, the body's
        maps in ``<main class="planner-page">`` and the script at its end.
    """
    seen: list[str] = []  # (a comparison's two maps each write one: the first is kept)

    def viewport(match: re.Match[str]) -> str:
        seen.append(match.group(0))
        return "" if len(seen) > 1 else VIEWPORT

    html = _VIEWPORT.sub(viewport, html)
    css = ACCESS_CSS.replace("PAIR_BELOW", f"{PAIR_BELOW - 0.02}px")
    html = html.replace("</head>", f"<style>{css}</style>\n</head>", 1)
    html = _BODY.sub(lambda m: f'<body>\n<main class="planner-page">{m.group("inside")}</main>\n'
                     "</body>", html, count=1)
    words = json.dumps(dict(pick(TEXT, language)), ensure_ascii=False)
    reflow = REFLOW_JS.replace("NARROW", str(NARROW_BELOW)).strip()
    script = f"<script>{ACCESS_JS.replace('WORDS', words).replace('REFLOW', reflow)}</script>\n"
    if "</html>" not in html:
        return html + script
    head, tail = html.rsplit("</html>", 1)
    return f"{head}{script}</html>{tail}"
