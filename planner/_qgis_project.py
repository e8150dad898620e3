"""``plan.qgs``: a QGIS project that opens the plan's ``plan.gpkg`` as the map shows it.

``plan.gpkg`` carries each layer's style (:mod:`planner._gpkg_styles`), but dropped into QGIS its
layers come in the order QGIS lists them, the areas' fills over the cameras, and without a
basemap. The project puts them in the map's order (cameras on top, then mounts, privacy zones,
places, views, areas and OpenStreetMap at the bottom), in the plan's CRS, zoomed to the study
area, with the same styles; its layers read ``plan.gpkg`` beside it by a relative path, so the
plan's folder can be moved or mailed whole. The layers' names are in the plan's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

import pandas as pd

from planner._gpkg_styles import QML_VERSION, Style, style_element, xml_text
from planner._lang import pick, texts

#: The project's file name, beside ``plan.gpkg`` in a plan's folder.
PROJECT_NAME = "plan.qgs"
#: The order of the layers in QGIS's layer panel, the top first (drawn last, on top).
ORDER = ("cameras", "mounts", "privacy_zones", "places", "views", "areas")
#: The basemap: OpenStreetMap's tiles, as the HTML map's (blank without internet).
OSM_SOURCE = ("type=xyz&url=https://tile.openstreetmap.org/%7Bz%7D/%7Bx%7D/%7By%7D.png"
              "&zmax=19&zmin=0")

_TEXT = texts(__name__, {
    "en": {"cameras": "Cameras", "mounts": "Mounts", "privacy_zones": "Privacy zones",
           "places": "Places", "views": "Views", "areas": "Areas", "basemap": "OpenStreetMap"},
    "sv": {"cameras": "Kameror", "mounts": "Monteringsplatser",
           "privacy_zones": "Integritetszoner", "places": "Platser", "views": "Vyer",
           "areas": "Områden", "basemap": "OpenStreetMap"},
})


def _id(name: str) -> str:
    """The project's id of layer ``name``.

    QGIS keeps only ids over 10 characters: it made new ones for "cameras" and "plan_views",
    and the layer panel's entries lost their layers.
    """
    return f"planner_{name}_layer"


def _crs(parent: ET.Element, authid: str) -> None:
    system = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(system, "authid").text = authid


#: The least width and height of the view the project opens at, in metres: a plan of one mount
#: and no areas had opened at a view of no size, which QGIS shows as the whole world.
MIN_VIEW_M = 200.0


def _opened_at(extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """``extent`` widened about its centre to at least :data:`MIN_VIEW_M` each way."""
    x0, y0, x1, y1 = extent
    dx, dy = max(0.0, MIN_VIEW_M - (x1 - x0)) / 2, max(0.0, MIN_VIEW_M - (y1 - y0)) / 2
    return (x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def project_xml(layers: Sequence[tuple[str, pd.DataFrame]], styles: Sequence[Style], *,
                title: str, crs: str, extent: tuple[float, float, float, float],
                language: str | None = None, gpkg: str = "plan.gpkg") -> str:
    """The QGIS project of ``layers`` (name, frame) in ``gpkg``, each in its default style.

    ``crs``: the layers' and the project's (``"EPSG:3006"``); ``extent``: the view it opens at
    (x0, y0, x1, y1 in ``crs``; widened to at least :data:`MIN_VIEW_M` each way).
    """
    t = pick(_TEXT, language)
    extent = _opened_at(extent)
    default = {s.layer: s for s in styles if s.default}
    present = [name for name in ORDER if any(n == name for n, _ in layers)]
    root = ET.Element("qgis", projectname=title, version=QML_VERSION)
    ET.SubElement(root, "title").text = title
    tree = ET.SubElement(root, "layer-tree-group")
    for name in [*present, "basemap"]:
        source = OSM_SOURCE if name == "basemap" else f"./{gpkg}|layername={name}"
        ET.SubElement(tree, "layer-tree-layer", id=_id(name), name=t[name], source=source,
                      providerKey="wms" if name == "basemap" else "ogr",
                      checked="Qt::Checked", expanded="0")
    canvas = ET.SubElement(root, "mapcanvas", name="theMapCanvas")
    ET.SubElement(canvas, "units").text = "meters"
    box = ET.SubElement(canvas, "extent")
    for key, value in zip(("xmin", "ymin", "xmax", "ymax"), extent, strict=True):
        ET.SubElement(box, key).text = f"{value:.3f}"
    _crs(ET.SubElement(canvas, "destinationsrs"), crs)
    view = ET.SubElement(root, "ProjectViewSettings", UseProjectScales="0")
    start = ET.SubElement(view, "DefaultViewExtent", {
        key: f"{value:.3f}" for key, value in zip(("xmin", "ymin", "xmax", "ymax"), extent,
                                                  strict=True)})
    _crs(start, crs)
    maplayers = ET.SubElement(root, "projectlayers")
    for name in [*present, "basemap"]:
        raster = name == "basemap"
        node = ET.SubElement(maplayers, "maplayer", type="raster" if raster else "vector")
        ET.SubElement(node, "id").text = _id(name)
        ET.SubElement(node, "datasource").text = (OSM_SOURCE if raster
                                                  else f"./{gpkg}|layername={name}")
        ET.SubElement(node, "layername").text = t[name]
        srs = ET.SubElement(node, "srs")
        _crs(srs, "EPSG:3857" if raster else crs)
        ET.SubElement(node, "provider", encoding="UTF-8").text = "wms" if raster else "ogr"
        if name in default:
            style = style_element(default[name])
            node.set("labelsEnabled", style.get("labelsEnabled", "0"))
            for child in style:
                node.append(child)
            others = [s for s in styles if s.layer == name and not s.default]
            if others:
                # (the layer's further styles, the areas' by covered share, in its Styles
                # menu: QGIS keeps the current one's as the layer's own, an empty entry)
                manager = ET.SubElement(node, "map-layer-style-manager",
                                        current=default[name].name)
                ET.SubElement(manager, "map-layer-style", name=default[name].name)
                for other in others:
                    entry = ET.SubElement(manager, "map-layer-style", name=other.name)
                    entry.append(style_element(other))
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    # (QGIS reads the project's CRS only where the project says it reprojects, and by its
    # authority id from here: projectCrs with an authid alone is not read)
    reference = ET.SubElement(properties, "SpatialRefSys")
    ET.SubElement(reference, "ProjectionsEnabled", type="int").text = "1"
    ET.SubElement(reference, "ProjectCrs", type="QString").text = crs
    body = xml_text(ET.tostring(root, encoding="unicode"))
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"
