r"""Compact GeoJSON for the maps: snapped coordinates, delta-encoded integers, decoded in the page.

A map embeds every layer's GeoJSON in its HTML. Written as folium writes it (``tojson``: spaces
after separators, ``<``, ``>``, ``&`` and every non-ASCII letter as six-character ``\uXXXX``
escapes, each feature wrapped in ``{"type": "Feature", "geometry": ..., "properties": ...}``),
coordinates took about 20 bytes per vertex and a popup's markup five times its length. Here:

- geometries are snapped to a grid of ``10 ** -DIGITS`` degrees (:func:`snap`); one that the
  rounding leaves invalid (a thin part whose sides meet or cross) is repaired with GEOS'
  precision model, a part narrower than the grid disappears and a feature left empty is not
  drawn;
- a layer's coordinates are written as integers in grid units, each the difference from the
  previous coordinate of the layer (a polygon's closing vertex left out), and a feature as
  ``[type, coordinates]`` or ``[type, coordinates, properties]`` (:func:`encode_features`);
- the JSON is compact and UTF-8; only ``</``, ``<!`` and the line separators U+2028/U+2029 are
  escaped, which keeps the script block closed exactly where it ends (:func:`script_json`).

:func:`decoder_js` rebuilds standard GeoJSON features in the browser before Leaflet sees them;
:func:`decode_features` is the same in Python (for tests). :class:`CompactGeoJson` is a
``folium.GeoJson`` whose ``data`` stays the plain FeatureCollection (as drawn) and whose page
carries the compact form.
"""

from __future__ import annotations

import json
from typing import Any

import folium
import numpy as np
import shapely
from branca.element import Element, Figure
from folium.template import Template

#: Decimal places of the maps' coordinates (degrees). 1e-6 degree is 0.11 m north-south and
#: 0.06 m east-west at 59° N, under one screen pixel at the maps' closest zoom (19: 0.15 m per
#: pixel there); 1e-5 (1.1 m) had shown views and walls a metre apart at close zoom.
DIGITS = 6
#: grid units per degree
SCALE = 10**DIGITS

#: GeoJSON geometry type -> the code written in the page
GEOMETRY_CODES: dict[str, int] = {
    "Point": 0, "MultiPoint": 1, "LineString": 2, "MultiLineString": 3, "Polygon": 4,
    "MultiPolygon": 5, "GeometryCollection": 6,
}
_TYPES = {code: name for name, code in GEOMETRY_CODES.items()}
#: how deep the coordinate lists of each type are (0 a position, 1 a list of positions, ...)
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}


def snap(geoms: np.ndarray | list[Any], digits: int = DIGITS) -> np.ndarray:
    """Snap geometries (EPSG:4326) to a grid of ``10 ** -digits`` degrees, keeping them valid.

    First the vertices that lie within half a grid step of the line through their neighbours
    are dropped (``shapely.simplify`` with topology kept: a camera view's outline, traced ray by
    ray, loses about 70 % of its vertices, a rectangular footprint none). Then every coordinate
    is rounded to the grid. A geometry that the rounding leaves invalid (a thin sliver whose
    sides meet or cross, a ring of fewer than three points) is snapped instead with GEOS'
    precision model (``shapely.set_precision``), which repairs it: a polygon stays a valid
    (Multi)Polygon and a part narrower than the grid is removed (an empty geometry if nothing is
    left). The others keep their vertex order (a dashed outline starts where it did). Each
    vertex drawn lies within about one grid step of the outline (0.1 m at six decimals).

    Parameters
    ----------
    geoms
        Shapely geometries.
    digits
        Decimal places.

    Returns
    -------
    numpy.ndarray
        The snapped geometries (object array), each valid or empty.
    """
    arr = np.asarray(geoms, dtype=object)
    if not len(arr):
        return arr
    scale = 10.0**digits
    simple = shapely.simplify(arr, 0.5 / scale, preserve_topology=True)
    rounded = np.asarray(shapely.transform(simple, lambda c: np.rint(c * scale) / scale),
                         dtype=object)
    bad = ~shapely.is_valid(rounded)
    if bad.any():
        rounded[bad] = shapely.set_precision(arr[bad], 1.0 / scale)
    return rounded


class _Encoder:
    """Writes the coordinates of a layer as differences from the previous coordinate."""

    def __init__(self) -> None:
        self.x = 0
        self.y = 0

    def run(self, positions: Any, *, ring: bool = False) -> list[int]:
        # (plain Python: faster than numpy on the few vertices of a footprint)
        grid = [(round(p[0] * SCALE), round(p[1] * SCALE)) for p in positions]
        if ring and len(grid) > 1 and grid[0] == grid[-1]:
            grid.pop()  # (the decoder closes the ring again)
        out: list[int] = []
        x, y = self.x, self.y
        for gx, gy in grid:
            out += (gx - x, gy - y)
            x, y = gx, gy
        self.x, self.y = x, y
        return out

    def coords(self, kind: str, coords: Any) -> Any:
        depth = _DEPTH[kind]
        polygon = kind in ("Polygon", "MultiPolygon")
        if depth == 0:
            return self.run([coords])
        if depth == 1:
            return self.run(coords)
        if depth == 2:
            return [self.run(part, ring=polygon) for part in coords]
        return [[self.run(ring, ring=True) for ring in poly] for poly in coords]

    def geometry(self, geometry: dict[str, Any]) -> list[Any]:
        kind = geometry["type"]
        if kind == "GeometryCollection":
            return [GEOMETRY_CODES[kind], [self.geometry(g) for g in geometry["geometries"]]]
        return [GEOMETRY_CODES[kind], self.coords(kind, geometry["coordinates"])]


def encode_features(collection: dict[str, Any]) -> list[list[Any]]:
    """A FeatureCollection's features in the compact form (see the module's description).

    Parameters
    ----------
    collection
        A GeoJSON FeatureCollection in EPSG:4326.

    Returns
    -------
    list
        Per feature ``[type code, coordinates]``, with its properties as a third item unless they
        are empty; coordinates are grid integers, each the difference from the one before.
    """
    encoder = _Encoder()
    out = []
    for feature in collection["features"]:
        item = encoder.geometry(feature["geometry"])
        if feature.get("properties"):
            item.append(feature["properties"])
        out.append(item)
    return out


class _Decoder:
    def __init__(self) -> None:
        self.x = 0
        self.y = 0

    def run(self, flat: list[int], *, ring: bool = False) -> list[list[float]]:
        out = []
        for i in range(0, len(flat), 2):
            self.x += flat[i]
            self.y += flat[i + 1]
            out.append([self.x / SCALE, self.y / SCALE])
        if ring and out:
            out.append(list(out[0]))
        return out

    def geometry(self, item: list[Any]) -> dict[str, Any]:
        kind = _TYPES[item[0]]
        if kind == "GeometryCollection":
            return {"type": kind, "geometries": [self.geometry(g) for g in item[1]]}
        depth, coords = _DEPTH[kind], item[1]
        polygon = kind in ("Polygon", "MultiPolygon")
        if depth == 0:
            value: Any = self.run(coords)[0]
        elif depth == 1:
            value = self.run(coords)
        elif depth == 2:
            value = [self.run(part, ring=polygon) for part in coords]
        else:
            value = [[self.run(r, ring=True) for r in poly] for poly in coords]
        return {"type": kind, "coordinates": value}


def decode_features(items: list[list[Any]]) -> dict[str, Any]:
    """The FeatureCollection that :func:`encode_features` wrote (what the page's decoder builds)."""
    decoder = _Decoder()
    features = [{"type": "Feature", "geometry": decoder.geometry(item),
                 "properties": item[2] if len(item) > 2 else {}} for item in items]
    return {"type": "FeatureCollection", "features": features}


def script_json(value: Any) -> str:
    r"""``value`` as compact UTF-8 JSON that is safe inside an HTML ``<script>`` element.

    Text from data is HTML-escaped before it reaches a property (``esc``), so the only ``<`` are
    the maps' own tags; ``</`` and ``<!`` are still written as ``<\/`` and ``\u003c!`` (an
    HTML parser would end the script at ``</script`` or enter a comment at ``<!--``), and
    U+2028/U+2029 as escapes (line breaks to older JavaScript parsers).
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (text.replace("</", "<\\/").replace("<!", "\\u003c!")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


#: The page's decoder (one per page, in its head): compact items -> GeoJSON features.
DECODER_JS = """<script>
function plannerGeoJson(items) {
    var x = 0, y = 0, s = %(scale)d, types = %(types)s, depth = %(depth)s;
    function run(a, ring) {
        var out = [];
        for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([x / s, y / s]); }
        if (ring && out.length) { out.push(out[0].slice()); }
        return out;
    }
    function geometry(item) {
        var kind = types[item[0]], c = item[1];
        if (kind === "GeometryCollection") { return {type: kind, geometries: c.map(geometry)}; }
        var d = depth[kind], polygon = kind === "Polygon" || kind === "MultiPolygon", v;
        if (d === 0) { v = run(c, false)[0]; }
        else if (d === 1) { v = run(c, false); }
        else if (d === 2) { v = c.map(function (p) { return run(p, polygon); }); }
        else { v = c.map(function (p) { return p.map(function (r) { return run(r, true); }); }); }
        return {type: kind, coordinates: v};
    }
    return {type: "FeatureCollection", features: items.map(function (item) {
        return {type: "Feature", geometry: geometry(item), properties: item[2] || {}};
    })};
}
</script>"""


def decoder_js() -> str:
    """The ``<script>`` that defines the page's ``plannerGeoJson(items)``."""
    types = json.dumps([_TYPES[i] for i in range(len(_TYPES))])
    return DECODER_JS % {"scale": SCALE, "types": types, "depth": json.dumps(_DEPTH)}


def add_decoder(element: Element) -> None:
    """Put the decoder into the head of ``element``'s page (once, however many layers use it)."""
    root = element.get_root()
    if isinstance(root, Figure):
        root.header.add_child(Element(decoder_js()), name="planner_geojson_decoder")


class CompactGeoJson(folium.GeoJson):
    """A ``folium.GeoJson`` layer written to the page in the compact form.

    ``data`` stays the plain FeatureCollection (snapped coordinates, as the page draws them);
    the page gets :func:`encode_features` of it, decoded by ``plannerGeoJson``. Styles come from
    the ``style`` option or, without one, from the features' ``style`` properties, as in folium.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {{ this.options|tojavascript }});
        {{ this.get_name() }}.addData(plannerGeoJson({{ this.payload }}));
        {%- if this.feature_styles %}
        {{ this.get_name() }}.setStyle(function (feature) { return feature.properties.style; });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self._name = "GeoJson"
        self.payload = ""
        self.feature_styles = False

    def render(self, **kwargs: Any) -> Any:
        """Encode the data and add the decoder to the page, then render as folium does."""
        self.payload = script_json(encode_features(self.data))
        self.feature_styles = "style" not in self.options and any(
            "style" in (f.get("properties") or {}) for f in self.data["features"])
        add_decoder(self)
        return super().render(**kwargs)
