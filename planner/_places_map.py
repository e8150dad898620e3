"""The map's layer of public places (``data.places``): outlines with their covered share.

Each place drawn as its polygon (a point's circle), dashed in dark blue over the areas, with a
tooltip (name, covered share) and a popup: name, id, area, weight, covered share (graded), in
view, and the cameras that see it by their labels, as ``report.md``'s table gives them. A place
the plan does not count (it lies in no planned area: no demand points, ``n_points`` 0) is
dotted grey and unfilled, its tooltip and popup saying why, as ``report.md``'s "Left out" line:
drawn as the others, it had read "0.0 % covered", a place planned for and missed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode

from planner._lang import pick
from planner._map_html import esc, fmt_num, fmt_pct, table
from planner._map_layers import _geojson, feature_collection, to_wgs84
from planner._places import camera_names
from planner._places_report import place_frame
from planner._places_text import _TEXT
from planner._plan_types import Plan

#: The places' outline: dark blue, dashed, lightly filled (the areas' fills show through).
PLACE_STYLE = {"color": "#08306b", "weight": 2.5, "dashArray": "6 4", "fillColor": "#4292c6",
               "fillOpacity": 0.15}
#: A place the plan does not count (in no planned area): dotted grey, unfilled.
LEFT_OUT_STYLE = {"color": "#737373", "weight": 2, "dashArray": "2 4", "fill": False}


def counted(row: Mapping[str, Any]) -> bool:
    """Whether the plan counts the place ``row``: it has demand points in a planned area."""
    return bool(row.get("n_points"))


def place_popup(row: Mapping[str, Any], *, language: str | None = None) -> str:
    """Popup HTML of one place."""
    t = pick(_TEXT, language)
    if not counted(row):  # (no share, view or cameras: the plan does not count it)
        rows = [(t["place"], esc(row.get("place_id"))),
                (t["weight"], fmt_num(row.get("weight"), language=language))]
        return (f'<div class="planner-popup"><h3>{esc(row.get("name"))}</h3>{table(rows)}'
                f'<p>{esc(t["not counted"])}</p></div>')
    rows = [
        (t["place"], esc(row.get("place_id"))),
        (t["area"], esc(row.get("area_id")) or t["none"]),
        (t["weight"], fmt_num(row.get("weight"), language=language)),
        (t["covered"], fmt_pct(row.get("covered_share_after"), language=language)),
        (t["seen"], fmt_pct(row.get("seen_share_after"), language=language)),
        (t["cameras"], esc(row.get("cameras")) or t["no cameras"]),
    ]
    return f'<div class="planner-popup"><h3>{esc(row.get("name"))}</h3>{table(rows)}</div>'


def place_layer(places: gpd.GeoDataFrame, crs: str, *,
                language: str | None = None) -> folium.GeoJson:
    """The places (:func:`planner._places_report.place_frame`, in ``crs``) as a map layer."""
    t = pick(_TEXT, language)

    def props(row: Mapping[str, Any]) -> dict[str, Any]:
        share = fmt_pct(row.get("covered_share_after"), language=language)
        popup = place_popup(row, language=language)
        if not counted(row):
            return {"tooltip": t["tooltip_out"].format(name=esc(row.get("name"))),
                    "popup": popup, "out": 1}
        return {"tooltip": t["tooltip"].format(name=esc(row.get("name")), share=share),
                "popup": popup}

    out = int((places["n_points"].to_numpy() == 0).sum()) if len(places) else 0
    n = len(places)
    name = (t["layer_one_out" if out else "layer_one"] if n == 1
            else t["layer_out"].format(n=n, k=out) if out else t["layer"].format(n=n))
    style = JsCode(f"function (feature) {{ return feature.properties.out ? "
                   f"{json.dumps(LEFT_OUT_STYLE)} : {json.dumps(PLACE_STYLE)}; }}")
    return _geojson(feature_collection(to_wgs84(places, crs), props), name, show=True,
                    popup=True, style=style)


def plan_place_layer(plan: Plan, *, language: str | None = None,
                     side: str = "") -> folium.GeoJson | None:
    """The layer of ``plan``'s places, with their cameras' labels; ``None`` without places.

    ``side``: in a comparison, the plan's letter before each label (``A C012``, as the change
    panel and the camera popups beside it give them: each plan numbers its own cameras, and
    the places' popups had said "C012" on both sides).
    """
    places = place_frame(plan)
    if places is None:
        return None
    if side:
        from planner.compare import side_label

        labels = {o: side_label(side, label)
                  for o, label in plan.camera_labels().to_dict().items()}
        assert plan.places is not None  # (place_frame gave a frame: there are places)
        places = places.assign(cameras=camera_names(plan.places, labels))
    return place_layer(places, plan.crs, language=language)
