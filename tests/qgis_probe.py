"""What QGIS makes of a GeoPackage's layers: run by QGIS's own Python, not the planner's.

Debian's ``python3-qgis`` is built for the system's Python 3, which has none of the planner's
packages (and the planner's environment has no QGIS), so the tests run this file with
``/usr/bin/python3`` and read its answer, JSON on stdout. It opens each layer as QGIS's
"Add vector layer" does (the ``ogr`` provider, the default style from the file's
``layer_styles`` table applied), and reports the renderer's rules, labels and order, which rule
each feature falls under (QGIS's own evaluation of the filters), the styles the file lists for
the layer, and the colours of a rendering at given map points.

Input on stdin: ``{"gpkg": path, "layers": [names], "key": {layer: column},
"render": {"layers": [names, top first], "extent": [x0, y0, x1, y1], "size": [w, h],
"labels": bool, "points": [[x, y], ...], "png": path or null}}`` (``render`` optional).
``{"project": path}`` instead opens a QGIS project and reports its layer panel, CRS and
default view. ``save_style``: ``{"layer": name}`` instead saves that layer's current (default) style into its
file as QGIS's "Save as default" does, and reports what it wrote. ``every_style``: true also
reports, per layer, each style the file lists for it applied in turn (``by_style``).
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    QgsApplication,
    QgsExpressionContextUtils,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsRenderContext,
    QgsSymbolLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument


def rgba(color):
    return [color.red(), color.green(), color.blue(), color.alpha()]


def describe(layer, key):
    renderer = layer.renderer()
    out = {"valid": layer.isValid(), "renderer": renderer.type(), "count": layer.featureCount()}
    if renderer.type() != "RuleRenderer":
        return out
    rules = []
    for rule in renderer.rootRule().children():
        symbol = rule.symbol()
        first = symbol.symbolLayer(0)
        props = first.properties()
        angle = first.dataDefinedProperties().property(QgsSymbolLayer.PropertyAngle)
        rules.append({
            "label": rule.label(), "filter": rule.filterExpression(), "else": rule.isElse(),
            "kind": {0: "marker", 1: "line", 2: "fill"}[symbol.type()],
            "class": first.layerType(), "color": rgba(symbol.color()),
            "outline": props.get("outline_color"), "outline_style": props.get("outline_style"),
            "shape": props.get("name"),
            "angle_field": angle.field() if angle.isActive() else None,
        })
    out["rules"] = rules
    out["order_by"] = ([[c.expression().expression(), c.ascending()] for c in renderer.orderBy().list()]
                       if renderer.orderByEnabled() else [])
    labeling = layer.labeling()
    out["labels"] = (labeling.settings().fieldName
                     if layer.labelsEnabled() and labeling is not None else None)
    count, _ids, names, descriptions, _error = layer.listStylesInDatabase()
    out["styles"] = names[:count]
    out["descriptions"] = descriptions[:count]
    context = QgsRenderContext()
    context.expressionContext().appendScope(QgsExpressionContextUtils.layerScope(layer))
    renderer = renderer.clone()
    renderer.startRender(context, layer.fields())
    labels_by_key = {r.ruleKey(): r.label() for r in renderer.rootRule().children()}
    matched = []
    for feature in layer.getFeatures():
        context.expressionContext().setFeature(feature)
        # (the legend's keys: QGIS's ELSE rule taken only where no other rule is)
        keys = renderer.legendKeysForFeature(feature, context)
        labels = sorted(labels_by_key[k] for k in keys if k in labels_by_key)
        matched.append([feature[key] if key else feature.id(), labels])
    renderer.stopRender(context)
    out["features"] = matched
    return out


def render(path, spec, opened):
    layers = []
    for name in spec["layers"]:
        layer = opened.get(name) or QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        opened[name] = layer
        layer.setLabelsEnabled(bool(spec.get("labels")))
        layers.append(layer)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    settings.setExtent(QgsRectangle(*spec["extent"]))
    settings.setOutputSize(QSize(*spec["size"]))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if spec.get("png"):
        image.save(spec["png"])
    to_pixel = settings.mapToPixel()
    colours = []
    for x, y in spec.get("points", []):
        pixel = to_pixel.transform(x, y)
        colours.append(rgba(QColor(image.pixel(round(pixel.x()), round(pixel.y())))))
    pixels = None
    if spec.get("pixels"):
        # every pixel not white, as [column, row] (to measure a marker's shape)
        pixels = [[i, j] for j in range(image.height()) for i in range(image.width())
                  if QColor(image.pixel(i, j)).rgb() & 0xFFFFFF != 0xFFFFFF]
        centre = to_pixel.transform(*spec["pixels"])
        pixels = {"centre": [centre.x(), centre.y()], "dark": pixels}
    return {"colours": colours, "pixels": pixels}


def read_project(path):
    """The project at ``path`` as QGIS opens it: its layer panel top down, CRS and view."""
    from qgis.core import QgsProject

    project = QgsProject.instance()
    out = {"read": project.read(path), "crs": project.crs().authid(), "title": project.title()}
    extent = project.viewSettings().defaultViewExtent()
    out["extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    out["layers"] = []
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        entry = {"name": node.name(), "found": layer is not None}
        if layer is not None:
            entry.update({"valid": layer.isValid(), "source": layer.source(),
                          "crs": layer.crs().authid()})
            renderer = getattr(layer, "renderer", lambda: None)()
            if renderer is not None and renderer.type() == "RuleRenderer":
                entry["rules"] = [r.label() for r in renderer.rootRule().children()]
                entry["order_by"] = renderer.orderByEnabled()
                entry["labels"] = layer.labelsEnabled()
                # the layer's Styles menu, each style's rules as QGIS applies it
                manager = layer.styleManager()
                current = manager.currentStyle()
                entry["current_style"] = current
                entry["styles"] = {}
                for style in manager.styles():
                    manager.setCurrentStyle(style)
                    entry["styles"][style] = [r.label() for r in
                                              layer.renderer().rootRule().children()]
                manager.setCurrentStyle(current)
        out["layers"].append(entry)
    return out


def main():
    request = json.load(sys.stdin)
    app = QgsApplication([], False)
    app.initQgis()
    if "project" in request:
        json.dump(read_project(request["project"]), sys.stdout)
        sys.stdout.flush()
        os._exit(0)
    path = request["gpkg"]
    answer = {}
    opened = {}
    if "save_style" in request:
        name = request["save_style"]["layer"]
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        error = layer.saveStyleToDatabase(name, "saved in QGIS", True, "")
        answer["saved"] = {"valid": layer.isValid(), "error": error}
        del layer
    for name in request.get("layers", []):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        opened[name] = layer
        answer[name] = describe(layer, request.get("key", {}).get(name))
        if request.get("every_style"):
            # each style the file holds for the layer, applied as "Load Style > From database"
            # does, with the rule QGIS puts each feature under
            answer[name]["by_style"] = {}
            count, ids, names, _descriptions, _error = layer.listStylesInDatabase()
            for style_id, style_name in zip(ids[:count], names[:count], strict=True):
                text, _error = layer.getStyleFromDatabase(style_id)
                document = QDomDocument()
                document.setContent(text)
                layer.importNamedStyle(document)
                answer[name]["by_style"][style_name] = describe(
                    layer, request.get("key", {}).get(name))
    if "render" in request:
        answer["render"] = render(path, request["render"], opened)
    json.dump(answer, sys.stdout)
    sys.stdout.flush()
    # (QGIS 3.22 may crash tearing down its providers after the answer: nothing is left to do)
    os._exit(0)


if __name__ == "__main__":
    main()
