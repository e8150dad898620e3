"""The single-plan map's search box: find a camera by its label or a mount by its id.

At town zoom Katrineholm's 137 markers overlap, and a camera the register names (``C012``) could
not be found on the map. The box (a Leaflet control in plain JavaScript: no plugin, so that an
``--offline`` map has it too) takes a camera's label (``C012``; ``c12`` as well), or a mount's
id (``lamp-0061``): it switches the layer on where it is off, zooms to the camera and opens its
popup (on a mount: the popup of its first camera, else the mount's tooltip). The labels and
mount ids are offered as the reader types. Its words are in the map's ``language``.
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
    },
    "sv": {
        "placeholder": "Sök kamera (C012) eller monteringsplats",
        "button": "Sök",
        "not_found": "Ingen kamera eller monteringsplats {query}",
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
"""


class SearchBox(MacroElement):
    """A search box over a map that finds a camera of ``cameras`` or a mount of ``mounts``.

    ``cameras``: the camera layers, searched first (each feature's ``label``, ``C012``, and
    ``site``, its mount's id); ``mounts``: the candidate mounts' layer (``site``).
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
            var find = function (text) {
                var q = key(text), hit = null;
                if (!q) { return null; }
                each(cameras, function (g, l, p) {
                    if (!hit && p.label && key(p.label) === q) { hit = [g, l, "popup"]; } });
                each(cameras, function (g, l, p) {
                    if (!hit && p.site && key(p.site) === q) { hit = [g, l, "popup"]; } });
                each(mounts, function (g, l, p) {
                    if (!hit && p.site && key(p.site) === q) { hit = [g, l, "tooltip"]; } });
                return hit;
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
                each(cameras, function (g, l, p) { offer(p.label); });
                each(cameras, function (g, l, p) { offer(p.site); });
                each(mounts, function (g, l, p) { offer(p.site); });
                var go = function () {
                    var hit = find(input.value);
                    note.textContent = "";
                    if (!hit) {
                        if (input.value.trim()) {
                            note.textContent = words.not_found.replace(
                                "{query}", input.value.trim()); }
                        return;
                    }
                    map.closePopup();
                    if (!map.hasLayer(hit[0])) { map.addLayer(hit[0]); }
                    map.setView(hit[1].getLatLng(), Math.max(map.getZoom(), zoom),
                                {animate: false});
                    // (the popups and tooltips are bound on the layer, for the feature clicked
                    // or hovered: as if this one were)
                    var at = {latlng: hit[1].getLatLng()};
                    hit[1].fire(hit[2] === "popup" ? "click" : "mouseover", at, true);
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
