"""The maps' compact GeoJSON: snapping, the integer encoding, and what a page carries."""

from __future__ import annotations

import json
import re

import folium
import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from planner._map_geojson import (
    DIGITS,
    SCALE,
    decode_features,
    encode_features,
    script_json,
    snap,
)
from planner._map_layers import feature_collection
from planner.maps import map_html, render_map
from tests.test_maps import layers_by_name, toy_plan

U = 1e-6  # one grid step in degrees


def grid_polygon(points: list[tuple[float, float]]) -> Polygon:
    """A polygon near Katrineholm whose vertices are given in grid steps from (16 E, 59 N)."""
    return Polygon([(16 + x * U, 59 + y * U) for x, y in points])


def in_steps(geom: Polygon) -> list[tuple[float, float]]:
    return [(round((x - 16) / U, 6), round((y - 59) / U, 6)) for x, y in geom.exterior.coords]


def test_six_decimals_are_a_tenth_of_a_metre() -> None:
    # the reason for the choice: 1e-6 degree is under a screen pixel at zoom 19 (0.15 m at 59 N)
    assert DIGITS == 6 and SCALE == 1_000_000
    metres_north = 6_371_000 * np.radians(1 / SCALE)
    assert 0.11 < metres_north < 0.112
    assert metres_north * np.cos(np.radians(59)) < 0.058


def test_rounding_a_notch_onto_an_edge_gives_two_valid_triangles() -> None:
    # A 4 x 2 rectangle (in grid steps) with a notch from the top down to 0.4 above the bottom
    # edge: rounding each coordinate puts the notch's tip on the bottom edge (a ring that
    # touches itself, invalid); snapping splits it at the tip into two triangles of area 2.
    notch = grid_polygon([(0, 0), (4, 0), (4, 2), (2, 0.4), (0, 2)])
    assert notch.is_valid and notch.area / U**2 == pytest.approx(4.8)
    rounded = shapely.transform(notch, lambda c: np.rint(c * SCALE) / SCALE)
    assert not rounded.is_valid
    assert shapely.is_valid_reason(rounded) == "Ring Self-intersection[16.000002 59]"
    snapped = snap([notch])[0]
    assert snapped.is_valid and snapped.geom_type == "MultiPolygon"
    assert sorted(in_steps(p) for p in snapped.geoms) == [
        [(0, 0), (0, 2), (2, 0), (0, 0)],
        [(4, 2), (4, 0), (2, 0), (4, 2)],
    ]
    assert snapped.area / U**2 == pytest.approx(4.0)


def test_a_sliver_narrower_than_the_grid_is_not_drawn() -> None:
    sliver = grid_polygon([(0, 0), (10, 0), (10, 0.3)])  # 0.03 m wide at its widest
    square = grid_polygon([(0, 0), (3, 0), (3, 3), (0, 3)])
    assert not shapely.transform(sliver, lambda c: np.rint(c * SCALE) / SCALE).is_valid
    assert snap([sliver])[0].is_empty
    frame = gpd.GeoDataFrame({"name": ["sliver", "square"]}, geometry=[sliver, square],
                             crs="EPSG:4326")
    fc = feature_collection(frame, lambda row: {"tooltip": row["name"]})
    assert [f["properties"]["tooltip"] for f in fc["features"]] == ["square"]
    assert fc["features"][0]["geometry"] == {
        "type": "Polygon",
        "coordinates": (((16.0, 59.0), (16.000003, 59.0), (16.000003, 59.000003),
                         (16.0, 59.000003), (16.0, 59.0)),),
    }


def test_snapping_keeps_vertex_order_and_stays_within_a_grid_step() -> None:
    # a valid polygon keeps its vertices in order (a dashed outline starts where it did);
    # vertices within half a step of a straight line go, others stay within one step
    wobbly = grid_polygon([(0, 0), (50, 0.2), (100, 0), (100.3, 60.4), (0.2, 59.6)])
    snapped = snap([wobbly])[0]
    assert in_steps(snapped) == [(0, 0), (100, 0), (100, 60), (0, 60), (0, 0)]
    assert shapely.hausdorff_distance(snapped, wobbly) <= 1.0 * U


def test_every_snapped_view_of_the_toy_plan_is_valid_and_close() -> None:
    views = toy_plan().views.to_crs("EPSG:4326")
    snapped = snap(views.geometry.values)
    assert shapely.is_valid(snapped).all() and not shapely.is_empty(snapped).any()
    distances = shapely.hausdorff_distance(snapped, np.asarray(views.geometry.values))
    assert float(distances.max()) <= 1.0 * U


def test_encoding_is_grid_integers_each_from_the_one_before() -> None:
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [16.0, 59.0]},
         "properties": {"tooltip": "a"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [16.000001, 58.999998]},
         "properties": {}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
            [[16.0, 59.0], [16.00001, 59.0], [16.00001, 59.00001], [16.0, 59.0]]]}},
    ]}
    assert encode_features(fc) == [
        [0, [16_000_000, 59_000_000], {"tooltip": "a"}],
        [0, [1, -2]],
        [4, [[-1, 2, 10, 0, 0, 10]]],  # (the closing vertex is left out)
    ]


def test_every_geometry_type_round_trips() -> None:
    def ring(x: float, y: float, size: float) -> list[list[float]]:
        corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
        return [[round(a * SCALE) / SCALE, round(b * SCALE) / SCALE] for a, b in corners]

    geometries = [
        {"type": "Point", "coordinates": [16.2, 58.99]},
        {"type": "MultiPoint", "coordinates": [[16.2, 58.99], [16.200001, 58.990002]]},
        {"type": "LineString", "coordinates": [[16.1, 59.0], [16.100123, 59.000456]]},
        {"type": "MultiLineString", "coordinates": [[[16.1, 59.0], [16.2, 59.1]],
                                                    [[16.3, 59.2], [16.300001, 59.2]]]},
        {"type": "Polygon", "coordinates": [ring(16.0, 59.0, 0.001),
                                            ring(16.0002, 59.0002, 0.0001)]},
        {"type": "MultiPolygon", "coordinates": [[ring(16.0, 59.0, 0.001)],
                                                 [ring(16.01, 59.01, 0.000003)]]},
        {"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [16.5, 59.5]},
            {"type": "Polygon", "coordinates": [ring(16.4, 59.4, 0.00002)]}]},
    ]
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": g, "properties": {"i": i} if i % 2 else {}}
        for i, g in enumerate(geometries)]}
    assert decode_features(encode_features(fc)) == fc


def test_script_json_keeps_the_script_closed_and_the_letters() -> None:
    value = {"popup": '</script><script>alert(1)</script><!-- å "x" \u2028', "n": [1, 2.5]}
    text = script_json(value)
    assert "</" not in text and "<!" not in text and "\u2028" not in text
    assert text == ('{"popup":"<\\/script><script>alert(1)<\\/script>\\u003c!-- å \\"x\\" '
                    '\\u2028","n":[1,2.5]}')
    assert json.loads(text) == value


# ------------------------------------------------------------------------------ in the page

PAYLOAD = re.compile(r"(geo_json_[0-9a-f]+)\.addData\(plannerGeoJson\(")


def payloads(html: str) -> dict[str, list]:
    """Each GeoJSON layer's compact features in the page, by the layer's variable name."""
    decoder = json.JSONDecoder()
    return {m.group(1): decoder.raw_decode(html, m.end())[0] for m in PAYLOAD.finditer(html)}


def geojson_layers(m: folium.Map) -> list[folium.GeoJson]:
    """The map's GeoJSON layers in the order of the page."""
    return [layer for layer in layers_by_name(m).values() if isinstance(layer, folium.GeoJson)]


@pytest.fixture(scope="module")
def toy() -> tuple[folium.Map, str]:
    m = render_map(toy_plan())
    return m, map_html(m)


def test_every_layer_in_the_page_decodes_to_its_data(toy: tuple[folium.Map, str]) -> None:
    m, html = toy
    found = list(payloads(html).values())
    layers = geojson_layers(m)
    assert len(found) == len(layers) == 9  # (the existing camera's views a layer of their own)
    for items, layer in zip(found, layers, strict=True):
        assert decode_features(items) == json.loads(json.dumps(layer.data)), layer.layer_name
    assert html.count("function plannerGeoJson(items)") == 1  # (one decoder per page)


def test_coordinates_in_the_page_are_integers_of_at_most_six_decimals(
        toy: tuple[folium.Map, str]) -> None:
    m, html = toy
    found = payloads(html)

    def numbers(coords: object) -> list:
        if isinstance(coords, list):
            return [v for c in coords for v in numbers(c)]
        return [coords]

    def coordinates(item: list) -> list:
        if item[0] == 6:  # (a collection)
            return [v for part in item[1] for v in coordinates(part)]
        return numbers(item[1])

    values = [v for items in found.values() for item in items for v in coordinates(item)]
    assert len(values) > 400 and all(type(v) is int for v in values)
    for layer in geojson_layers(m):
        drawn = [v for f in decode_features(encode_features(layer.data))["features"]
                 for v in np.ravel(shapely.get_coordinates(shapely.geometry.shape(f["geometry"])))]
        assert all(round(v, DIGITS) == v for v in drawn)
    # no number anywhere in the layers' JSON with more than six decimals (nor any float)
    text = "".join(json.dumps(items) for items in found.values())
    assert re.search(r"\d\.\d{7}", text) is None
