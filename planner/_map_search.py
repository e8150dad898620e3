"""The single-plan map's search box: find a camera by its label or a mount by its id.

At town zoom Katrineholm's 137 markers overlap, and a camera the register names (``C012``) could
not be found on the map. The box (a Leaflet control in plain JavaScript: no plugin, so that an
``--offline`` map has it too) takes a camera's label (``C012``; ``c12`` as well), or a mount's
id (``lamp-0061``): it switches the layer on where it is off, zooms to the camera and opens its
popup (on a mount: the popup of its first camera, else the mount's tooltip). The labels and
mount ids are offered as the reader types. Its words are in the map's ``language``.

A mount whose id reads as a camera's label (a mount ``C12`` beside camera ``C012``) had never
been found: the camera came first. Where both match, the box names the two with their kinds,
"camera C012" and "mount C12" (Swedish *kamera*, *monteringsplats*), for the reader to pick; a
query written so, with its kind first, finds that one only, and the offered list gives such
names with their kinds.
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
        "placeholder": "Find camera (C012) or mount",
        "button": "Find",
        "not_found": "No camera or mount {query}",
        "both": "{query} is a camera and a mount:",
        "camera": "camera",
        "mount": "mount",
    },
    "sv": {
        "placeholder": "Sök kamera (C012) eller monteringsplats",
        "button": "Sök",
        "not_found": "Ingen kamera eller monteringsplats {query}",
        "both": "{query} är en kamera och en monteringsplats:",
        "camera": "kamera",
        "mount": "monteringsplats",
    },
})

#: the zoom level a found camera or mount is shown at (at least; a closer view is kept)
FIND_ZOOM = 18

#: the search box's CSS (hidden in print with the buttons: :data:`planner._map_panels.PANEL_CSS`)
SEARCH_CSS = """
.planner-search form {display: flex; gap: 4px; margin: 0;}
.planner-search input {font: inherit; width: 20em; max-width: calc(100cqw - 160px); padding: 2px 4px;}
.planner-search button {font: inherit; padding: 2px 8px; cursor: pointer;}
.planner-search .found {margin: 3px 0 0 0; color: #8a4b00; font-weight: 600;}
.planner-search .found:empty {display: none;}
.planner-search .found button {margin: 2px 0 0 4px; font-weight: normal;}
"""


class SearchBox(MacroElement):
    """A search box over a map that finds a camera of ``cameras`` or a mount of ``mounts``.

    ``cameras``: the camera layers (each feature's ``label``, ``C012``, and ``site``, its mount's
    id); ``mounts``: the candidate mounts' layer (``site``). A query finds a camera by its label
    and a mount by its id (its first camera, else the mount itself); where it finds both, and
    they are not one camera, the box lists them by kind for the reader to pick.
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
            var first = function (groups, field, q, how) {
                var hit = null;
                each(groups, function (g, l, p) {
                    if (!hit && p[field] && key(p[field]) === q) { hit = [g, l, how, p[field]]; } });
                return hit;
            };
            // the camera labelled so and the mount of that id (its first camera, else itself):
            // both where both are, unless one camera; "camera C012" or "mount C12" the one kind
            var find = function (text) {
                var t = String(text || "").trim(), only = null, hits = [];
                ["camera", "mount"].forEach(function (kind) {
                    var w = words[kind].toLowerCase() + " ";
                    if (t.toLowerCase().indexOf(w) === 0) { only = kind; t = t.slice(w.length); }
                });
                var q = key(t);
                if (!q) { return hits; }
                var cam = only === "mount" ? null : first(cameras, "label", q, "popup");
                var on = only === "camera" ? null : (first(cameras, "site", q, "popup")
                                                    || first(mounts, "site", q, "tooltip"));
                if (cam) { hits.push({kind: "camera", hit: cam}); }
                if (on && !(cam && cam[1] === on[1])) { hits.push({kind: "mount", hit: on}); }
                return hits;
            };
            var control = L.control({position: "topright"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "planner-panel planner-search");
                var list = {{ this.get_name()|tojson }} + "_names";
                div.innerHTML = '<form><input type="search" autocomplete="off"><button type="submit">'
                    + '</button></form><datalist></datalist><p class="found"></p>';
                var form = div.querySelector("form"), input = div.querySelector("input");
                var note = div.querySelector(".found"), names = div.querySelector("datalist");
                input.placeholder = words.placeholder;
                input.setAttribute("aria-label", words.placeholder);
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
                // (a label and a mount id alike offered with their kinds: picked, each finds one)
                var labels = {}, sites = {};
                each(cameras, function (g, l, p) { if (p.label) { labels[key(p.label)] = 1; } });
                each(cameras.concat(mounts), function (g, l, p) {
                    if (p.site) { sites[key(p.site)] = 1; } });
                var named = function (kind, name) { return words[kind] + " " + name; };
                each(cameras, function (g, l, p) {
                    offer(p.label && sites[key(p.label)] ? named("camera", p.label) : p.label); });
                [cameras, mounts].forEach(function (groups) { each(groups, function (g, l, p) {
                    offer(p.site && labels[key(p.site)] ? named("mount", p.site) : p.site); }); });
                var go = function () {
                    var hits = find(input.value), text = input.value.trim();
                    note.textContent = "";
                    if (!hits.length) {
                        if (text) { note.textContent = words.not_found.replace("{query}", text); }
                        return;
                    }
                    if (hits.length > 1) {  // (the reader picks: "camera C012", "mount C12")
                        note.textContent = words.both.replace("{query}", text);
                        hits.forEach(function (h) {
                            var pick = document.createElement("button");
                            pick.type = "button";
                            pick.textContent = named(h.kind, h.hit[3]);
                            L.DomEvent.on(pick, "click", function (e) {
                                // (the button goes: its click, out of the panel, had reached
                                // the map as a click on it, which closed what it opened)
                                L.DomEvent.stopPropagation(e);
                                input.value = pick.textContent;
                                note.textContent = "";
                                // (the button goes with the note: the focus to the box, where
                                // a popup opened with a key gives it back)
                                input.focus();
                                show(h.hit);
                            });
                            note.appendChild(pick);
                        });
                        return;
                    }
                    show(hits[0].hit);
                };
                var shown = null;  // (the feature whose tooltip the last search opened)
                var show = function (hit) {
                    map.closePopup();
                    if (shown) { shown.fire("mouseout", {latlng: shown.getLatLng()}, true); }
                    if (!map.hasLayer(hit[0])) { map.addLayer(hit[0]); }
                    map.setView(hit[1].getLatLng(), Math.max(map.getZoom(), zoom),
                                {animate: false});
                    // (the popups and tooltips are bound on the layer, for the feature clicked
                    // or hovered: as if this one were)
                    var at = {latlng: hit[1].getLatLng()};
                    hit[1].fire(hit[2] === "popup" ? "click" : "mouseover", at, true);
                    // (a click opens the camera's tooltip too, and no pointer ever left it: each
                    // search's tooltip had stayed open, three after three searches)
                    if (hit[2] === "popup") { hit[1].fire("mouseout", at, true); }
                    shown = hit[2] === "popup" ? null : hit[1];
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

    def __init__(self, cameras: Sequence[folium.GeoJson], mounts: Sequence[folium.GeoJson], *,
                 language: str | None = None) -> None:
        super().__init__()
        self._name = "SearchBox"
        self.cameras = list(cameras)
        self.mounts = list(mounts)
        self.words = dict(pick(TEXT, language))
        self.zoom = FIND_ZOOM
        self.css = SEARCH_CSS
