"""The single-plan map's search box: find a camera by its label, a mount or an area by its id.

At town zoom Katrineholm's 137 markers overlap, and a camera the register names (``C012``) could
not be found on the map. The box (a Leaflet control in plain JavaScript: no plugin, so that an
``--offline`` map has it too) takes a camera's label (``C012``; ``c12`` as well), a mount's
id (``lamp-0061``) or an area's id or name (``0483C1050``, ``Nyhem-Nävertorp``): it switches the
layer on where it is off, zooms to the camera (to the area) and opens its popup (on a mount: the
popup of its first camera, else the mount's tooltip). The labels, mount ids and areas (``name
(id)``) are offered as the reader types. Its words are in the map's ``language``.

The areas are drawn on a canvas, no tab stops (21 in Katrineholm, and each a stop would come
before or after hundreds of markers): the box is how a keyboard reaches an area's popup, as it
reaches a camera's. A popup opened with a key takes the focus (:mod:`planner._map_page`); what
the box shows without moving the focus (a mount's tooltip, a popup opened with the mouse, what
it did not find) is said in a status region a screen reader reads out, in the map's language.

A mount whose id reads as a camera's label (a mount ``C12`` beside camera ``C012``) had never
been found: the camera came first. Where several match (so two areas of one name, as
Katrineholm's two "Nyhem-Nävertorp"), the box names them with their kinds, "camera C012" and
"mount C12" (Swedish *kamera*, *monteringsplats*, *område*), for the reader to pick; a query
written so, with its kind first, finds that one only, and the offered list gives such names with
their kinds.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from folium.template import Template

from planner._lang import pick, texts

#: the search box's words, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        # (the box's label, shown above it: as a placeholder it had been cut off in the box at
        # 320 px and with WCAG 1.4.12's text spacing)
        "label": "Find camera (C012), mount or area",
        "button": "Find",
        "not_found": "No camera, mount or area {query}",
        # (several found: "C2 is a camera and a mount:", "Nyhem is 2 areas:", then each by kind)
        "several": "{query} is {kinds}:",
        "one camera": "a camera",
        "one mount": "a mount",
        "one area": "an area",
        "areas": "{n} areas",
        "and": "and",
        "camera": "camera",
        "mount": "mount",
        "area": "area",
        # (read out by a screen reader: what the box showed where the focus did not go to it)
        "opened": "Opened on the map: {name}",
        "shown": "Shown on the map: {text}",
    },
    "sv": {
        "label": "Sök kamera (C012), monteringsplats eller område",
        "button": "Sök",
        "not_found": "Ingen träff på {query} bland kameror, monteringsplatser och områden",
        "several": "{query} är {kinds}:",
        "one camera": "en kamera",
        "one mount": "en monteringsplats",
        "one area": "ett område",
        "areas": "{n} områden",
        "and": "och",
        "camera": "kamera",
        "mount": "monteringsplats",
        "area": "område",
        "opened": "Öppnad på kartan: {name}",
        "shown": "Visas på kartan: {text}",
    },
})

#: the zoom level a found camera or mount is shown at (at least; a closer view is kept), and the
#: closest a found area is fitted at
FIND_ZOOM = 18

#: the search box's CSS (hidden in print with the buttons: :data:`planner._map_panels.PANEL_CSS`)
SEARCH_CSS = """
.planner-search form {display: flex; flex-wrap: wrap; gap: 3px 4px; margin: 0;}
.planner-search label {flex: 0 0 100%;}
.planner-narrow .planner-search input {flex: 1 1 6em; width: auto; min-width: 0; max-width: none;}
.planner-search input {font: inherit; width: 20em; max-width: calc(100cqw - 160px); padding: 2px 4px;}
.planner-search button {font: inherit; padding: 2px 8px; cursor: pointer;}
.planner-search .found {margin: 3px 0 0 0; color: #8a4b00; font-weight: 600;}
.planner-search .found:empty {display: none;}
.planner-search .found button {margin: 2px 0 0 4px; font-weight: normal;}
"""


class SearchBox(MacroElement):
    """A search box over a map that finds a camera of ``cameras``, a mount or an area.

    ``cameras``: the camera layers (each feature's ``label``, ``C012``, and ``site``, its mount's
    id); ``mounts``: the candidate mounts' layer (``site``); ``areas``: the area layers, the same
    areas in one order, the first's features with ``area`` (the area's id), ``area_name`` (both
    escaped HTML) and ``at``, a point inside it where its popup opens (on the layer shown). A query finds a camera by its label, a mount by its id (its first
    camera, else the mount itself) and an area by its id, its name or as offered, ``name (id)``;
    where it finds several, the box lists them by kind for the reader to pick.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var cameras = [{% for l in this.cameras %}{{ l.get_name() }}{{ "," if not loop.last }}{% endfor %}];
            var mounts = [{% for l in this.mounts %}{{ l.get_name() }}{{ "," if not loop.last }}{% endfor %}];
            var areas = [{% for l in this.areas %}{{ l.get_name() }}{{ "," if not loop.last }}{% endfor %}];
            var words = {{ this.words|tojson }}, zoom = {{ this.zoom }};
            var key = function (text) {  // (C012, c12 and C0012 alike; ids by their case)
                var t = String(text || "").trim().toLowerCase(), m = /^c0*(\\d+)$/.exec(t);
                return m ? "c" + m[1] : t;
            };
            var each = function (groups, visit) {
                groups.forEach(function (group) { group.eachLayer(function (layer) {
                    if (layer.feature && layer.feature.properties) {
                        visit(group, layer, layer.feature.properties); }
                }); });
            };
            // (a marker's hit: its group, the feature's layer, what opens, its name, where)
            var hit = function (kind, g, l, how, name) {
                return {kind: kind, group: g, layer: l, how: how, name: name, at: l.getLatLng()};
            };
            var first = function (groups, field, q, kind, how) {
                var found = null;
                each(groups, function (g, l, p) {
                    if (!found && p[field] && key(p[field]) === q) {
                        found = hit(kind, g, l, how, p[field]); } });
                return found;
            };
            var text = function (html) {  // (an area's id and name are escaped HTML)
                var box = document.createElement("textarea");
                box.innerHTML = html;
                return box.value;
            };
            // the areas: id, name, as offered ("Nyhem-Nävertorp (0483C1050)"), where it opens,
            // and its feature in each area layer (the first layer's carry what it is found by;
            // the layers draw the same areas in one order)
            var places = [], twins = areas.map(function (g) { return g.getLayers(); });
            (twins[0] || []).forEach(function (l, i) {
                var p = l.feature && l.feature.properties;
                if (!p || !p.area || !p.at) { return; }
                var id = text(p.area), name = p.area_name ? text(p.area_name) : "";
                places.push({id: id, name: name, offered: name ? name + " (" + id + ")" : id,
                             at: L.latLng(p.at), on: areas.map(function (g, k) {
                                 return {group: g, layer: twins[k][i]}; })});
            });
            var kinds = ["camera", "mount", "area"];
            // the camera labelled so, the mount of that id (its first camera, else itself) and
            // the areas of that id or name: all where several are, unless one camera; "camera
            // C012", "mount C12" or "area 0483C1050" the one kind
            var find = function (text) {
                var t = String(text || "").trim(), only = null, hits = [];
                kinds.forEach(function (kind) {
                    var w = words[kind].toLowerCase() + " ";
                    if (!only && t.toLowerCase().indexOf(w) === 0) {
                        only = kind; t = t.slice(w.length); }
                });
                var q = key(t), wants = function (kind) { return !only || only === kind; };
                if (!q) { return hits; }
                var cam = wants("camera") ? first(cameras, "label", q, "camera", "popup") : null;
                var on = wants("mount") ? (first(cameras, "site", q, "mount", "popup")
                                           || first(mounts, "site", q, "mount", "tooltip")) : null;
                if (cam) { hits.push(cam); }
                if (on && !(cam && cam.layer === on.layer)) { hits.push(on); }
                places.forEach(function (a) {  // (its popup on the area layer shown)
                    if (!wants("area") || ![a.id, a.name, a.offered].some(function (v) {
                        return v && key(v) === q; })) { return; }
                    var on = a.on.filter(function (o) { return o.layer && map.hasLayer(o.group); })
                        .concat(a.on)[0];
                    hits.push({kind: "area", group: on.group, layer: on.layer, how: "popup",
                               name: a.offered, at: a.at, bounds: on.layer.getBounds()});
                });
                return hits;
            };
            var several = function (hits, text) {  // ("C2 is a camera and a mount:")
                var parts = [], areaCount = hits.filter(function (h) {
                    return h.kind === "area"; }).length;
                hits.forEach(function (h) {
                    if (h.kind !== "area") { parts.push(words["one " + h.kind]); } });
                if (areaCount) {
                    parts.push(areaCount === 1 ? words["one area"]
                               : words.areas.replace("{n}", areaCount)); }
                var kindsText = parts.length > 1 ? parts.slice(0, -1).join(", ") + " "
                    + words.and + " " + parts[parts.length - 1] : parts[0];
                return words.several.replace("{query}", text).replace("{kinds}", kindsText);
            };
            var control = L.control({position: "topright"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "planner-panel planner-search");
                var list = {{ this.get_name()|tojson }} + "_names";
                div.innerHTML = '<form><label></label><input type="search" autocomplete="off">'
                    + '<button type="submit"></button></form><datalist></datalist>'
                    + '<p class="found"></p>'
                    + '<p class="planner-sr-only" role="status"></p>';
                var form = div.querySelector("form"), input = div.querySelector("input");
                var note = div.querySelector(".found"), names = div.querySelector("datalist");
                // (read out: in the page from the start, as a live region must be to be heard)
                var status = div.querySelector("[role=status]");
                var label = div.querySelector("label");
                label.textContent = words.label;
                label.htmlFor = input.id = list.replace(/_names$/, "_box");
                input.setAttribute("aria-label", words.label);  // (its name: the label's words)
                input.setAttribute("list", list);
                names.id = list;
                div.querySelector("button").textContent = words.button;
                var seen = {};
                var offer = function (name) {
                    if (name && !seen[name]) {
                        seen[name] = true;
                        var option = document.createElement("option");
                        option.value = name;
                        names.appendChild(option);
                    }
                };
                // (a name of two kinds offered with its kind: picked, it finds that one)
                var claims = {};
                var claim = function (kind, name) {
                    if (name) { (claims[key(name)] = claims[key(name)] || {})[kind] = 1; } };
                each(cameras, function (g, l, p) { claim("camera", p.label); });
                each(cameras.concat(mounts), function (g, l, p) { claim("mount", p.site); });
                places.forEach(function (a) {
                    [a.id, a.name, a.offered].forEach(function (v) { claim("area", v); }); });
                var named = function (kind, name) { return words[kind] + " " + name; };
                var offered = function (kind, name) {
                    return name && Object.keys(claims[key(name)]).length > 1
                        ? named(kind, name) : name; };
                each(cameras, function (g, l, p) { offer(offered("camera", p.label)); });
                [cameras, mounts].forEach(function (groups) { each(groups, function (g, l, p) {
                    offer(offered("mount", p.site)); }); });
                places.forEach(function (a) { offer(offered("area", a.offered)); });
                var go = function () {
                    var hits = find(input.value), text = input.value.trim();
                    note.textContent = "";
                    status.textContent = "";
                    if (!hits.length) {
                        if (text) { note.textContent = words.not_found.replace("{query}", text); }
                        status.textContent = note.textContent;
                        return;
                    }
                    if (hits.length > 1) {  // (the reader picks: "camera C012", "mount C12")
                        note.textContent = several(hits, text);
                        status.textContent = note.textContent + " " + hits.map(function (h) {
                            return named(h.kind, h.name); }).join(", ");
                        hits.forEach(function (h) {
                            var pick = document.createElement("button");
                            pick.type = "button";
                            pick.textContent = named(h.kind, h.name);
                            L.DomEvent.on(pick, "click", function (e) {
                                // (the button goes: its click, out of the panel, had reached
                                // the map as a click on it, which closed what it opened)
                                L.DomEvent.stopPropagation(e);
                                input.value = pick.textContent;
                                note.textContent = "";
                                status.textContent = "";
                                // (the button goes with the note: the focus to the box, where
                                // a popup opened with a key gives it back)
                                input.focus();
                                show(h);
                            });
                            note.appendChild(pick);
                        });
                        return;
                    }
                    show(hits[0]);
                };
                var shown = null;  // (the feature whose tooltip the last search opened)
                var show = function (h) {
                    map.closePopup();
                    if (shown) { shown.layer.fire("mouseout", {latlng: shown.at}, true); }
                    if (!map.hasLayer(h.group)) { map.addLayer(h.group); }
                    if (h.bounds) {  // (an area: whole, to the closest zoom of a camera)
                        map.fitBounds(h.bounds, {maxZoom: Math.max(map.getZoom(), zoom),
                                                 padding: [20, 20], animate: false});
                    } else {
                        map.setView(h.at, Math.max(map.getZoom(), zoom), {animate: false});
                    }
                    // (the popups and tooltips are bound on the layer, for the feature clicked
                    // or hovered: as if this one were)
                    var at = {latlng: h.at};
                    h.layer.fire(h.how === "popup" ? "click" : "mouseover", at, true);
                    // (a click opens the feature's tooltip too, and no pointer ever left it: each
                    // search's tooltip had stayed open, three after three searches)
                    if (h.how === "popup") { h.layer.fire("mouseout", at, true); }
                    shown = h.how === "popup" ? null : h;
                    say(h);
                };
                // what the search showed, read out where the focus did not go to it: a mount's
                // tooltip (no focus goes to a tooltip), a popup opened with the mouse
                var say = function (h) {
                    var text = "";
                    if (h.how === "popup") {
                        var popup = h.group.getPopup(), box = popup && popup.isOpen()
                            && popup.getElement();
                        if (box && !box.contains(document.activeElement)) {
                            var title = box.querySelector("h1, h2, h3, h4, h5, h6") || box;
                            text = words.opened.replace("{name}", title.textContent.trim());
                        }
                    } else {
                        var tip = h.group.getTooltip(), el = tip && tip.isOpen() && tip.getElement();
                        if (el) {
                            text = words.shown.replace("{text}", el.innerText.split("\\n").map(
                                function (line) { return line.trim(); }).filter(Boolean).join(". "));
                        }
                    }
                    status.textContent = text;
                };
                L.DomEvent.on(form, "submit", function (e) { L.DomEvent.preventDefault(e); go(); });
                // (a name picked from the offered list finds at once)
                L.DomEvent.on(input, "input", function (e) {
                    if (!e.inputType || e.inputType === "insertReplacementText") { go(); } });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, cameras: Sequence[folium.GeoJson], mounts: Sequence[folium.GeoJson],
                 areas: Sequence[folium.GeoJson] = (), *, language: str | None = None) -> None:
        super().__init__()
        self._name = "SearchBox"
        self.cameras = list(cameras)
        self.mounts = list(mounts)
        self.areas = list(areas)
        self.words = dict(pick(TEXT, language))
        self.zoom = FIND_ZOOM
        self.css = SEARCH_CSS
