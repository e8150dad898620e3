"""QGIS styles in ``plan.gpkg``: the layers open in QGIS drawn as the plan's map draws them.

A GeoPackage holds data, not how to draw it: an analyst opening ``plan.gpkg`` in QGIS saw six
layers in random single colours, the views of all four DORI levels alike, and rebuilt the map's
legend by hand before a review. QGIS reads a layer's default style from the file's
``layer_styles`` table (QGIS's GeoPackage styling extension: the table QGIS itself writes with
"Save as default" in the layer's properties), so the planner writes one there for each layer:

- ``cameras``: existing cameras grey, new ones in their model's colour as on the map, each an
  arrow turned to the camera's grid bearing (``orientation_deg``: up is grid north, as in a
  project in the plan's CRS), labelled with the camera's label;
- ``views``: by DORI level in the map's purples, the best level drawn on top;
- ``areas``: by ``priority`` (the map's yellow to red), labelled with the area's name; a second
  style, by ``covered_share_after`` in the map's greens up to the map's ramp's top, which QGIS
  lists under "Load Style > From database" (``plan.qgs`` puts it in the layer's Styles menu);
- ``places``: outlined dashed blue, those the plan does not count dotted grey;
- ``privacy_zones``: magenta, strongest where a camera sees the zone at the privacy rule's level;
- ``mounts``: the map's circles, filled dark where the plan has a camera, white where one may
  go; a grey cross where a rule, the spacing or the reach leaves no new camera.

The map colours its areas on a continuous ramp; here each fifth of the ramp's range takes the
ramp's colour at its middle, so that the legend lists five classes an analyst can re-class. The
legend's words are in the plan's language; the filters use the data's codes, which are English
in every language. Styles are rule-based (each rule's filter is a QGIS expression over the
layer's columns), written as QML by :func:`qml`; :func:`plan_styles` gives the table's rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

import pandas as pd

from planner._io_output import GPKG_DATE
from planner._lang import level as level_word
from planner._lang import mount as mount_word
from planner._lang import pick, plain, texts
from planner._map_cameras import SITE_CHOSEN_FILL, SITE_STYLE
from planner._map_html import (
    COVERAGE_STOPS,
    EXISTING_STYLE,
    LEVEL_COLORS,
    MARKER_HEX,
    NO_DATA_COLOR,
    PRIORITY_STOPS,
    interpolate_color,
    model_styles,
)
from planner._map_layers import AREA_OUTLINE
from planner.cameras import LEVEL_NAMES

#: The version the QML says it was written for: QGIS 3.22 (Debian 12's, which the tests run)
#: and later read it.
QML_VERSION = "3.22.16-Białowieża"
#: Millimetres per CSS pixel (96 dpi), to turn the map's line weights into QGIS's.
MM_PER_PX = 25.4 / 96

_TEXT = texts(__name__, {
    "en": {
        "style:cameras": "Cameras by model",
        "style:views": "Views by DORI level",
        "style:areas": "Areas by priority",
        "style:areas_covered": "Areas by covered share",
        "style:places": "Places",
        "style:privacy_zones": "Privacy zones by what cameras see",
        "style:mounts": "Mounts",
        "existing": "Existing camera",
        "no_value": "no value",
        "place": "Place the plan counts",
        "place_left_out": "Place in no planned area",
        "zone_at_level": "Seen at {level} or better",
        "zone_in_view": "Seen (detect)",
        "zone_unseen": "Not seen",
        "mount_chosen": "Camera of the plan",
        "mount_open": "Could take a camera",
        "mount_blocked": "No new camera here",
        "level_class": "{level} (level {n})",
        "share_class": "{low}–{high} %",
        "priority_class": "{low}–{high}",
        "style:buildings": "Buildings by kind",
        "style:sites": "Mounts by type",
        "style:zones": "Privacy zones",
        "kind:residential": "Residential (homes)",
        "kind:commercial": "Commercial",
        "kind:public": "Public",
        "kind:other": "Other or not known",
        "zone": "Privacy zone",
    },
    "sv": {
        "style:cameras": "Kameror efter modell",
        "style:views": "Vyer efter DORI-nivå",
        "style:areas": "Områden efter prioritet",
        "style:areas_covered": "Områden efter täckt andel",
        "style:places": "Platser",
        "style:privacy_zones": "Integritetszoner efter vad kameror ser",
        "style:mounts": "Monteringsplatser",
        "existing": "Befintlig kamera",
        "no_value": "inget värde",
        "place": "Plats som planen räknar",
        "place_left_out": "Plats utanför planerade områden",
        "zone_at_level": "Ses på nivån {level} eller bättre",
        "zone_in_view": "Ses (upptäcka)",
        "zone_unseen": "Ses inte",
        "mount_chosen": "Kamera i planen",
        "mount_open": "Kan få en kamera",
        "mount_blocked": "Ingen ny kamera här",
        "level_class": "{level} (nivå {n})",
        "share_class": "{low}–{high} %",
        "priority_class": "{low}–{high}",
        "style:buildings": "Byggnader efter slag",
        "style:sites": "Monteringsplatser efter typ",
        "style:zones": "Integritetszoner",
        "kind:residential": "Bostäder",
        "kind:commercial": "Handel och kontor",
        "kind:public": "Offentliga",
        "kind:other": "Annat eller okänt",
        "zone": "Integritetszon",
    },
})


@dataclass(frozen=True)
class Symbol:
    """How a rule draws its features: a fill (polygons) or a marker (points)."""

    kind: str  # "fill" or "marker"
    color: str  # "#rrggbb"; "" for no fill
    alpha: float  # the fill's opacity, 0 to 1
    outline: str  # "#rrggbb"
    outline_mm: float
    outline_style: str = "solid"  # QGIS's pen styles: "solid", "dash", "dot"
    shape: str = "circle"  # a marker's QGIS shape
    size_mm: float = 2.0  # a marker's size
    angle_field: str | None = None  # a marker turned (clockwise, up = 0) by this column


@dataclass(frozen=True)
class Rule:
    """One legend entry: the features ``where`` selects (a QGIS expression), drawn as ``symbol``.

    ``where`` ``None`` is QGIS's ELSE rule: the features no other rule takes.
    """

    label: str
    where: str | None
    symbol: Symbol


@dataclass(frozen=True)
class Style:
    """A named style of one layer: its rules, their drawing order and its labels."""

    layer: str
    name: str
    rules: tuple[Rule, ...]
    order_by: str | None = None  # a column: features drawn by it ascending (the last on top)
    label_field: str | None = None  # a column whose values label the features
    default: bool = True  # the style QGIS applies when the layer is opened


def field(name: str) -> str:
    """``name`` as a QGIS expression's column reference."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """``value`` as a QGIS expression's string literal."""
    return "'" + value.replace("'", "''") + "'"


def _rgba(color: str, alpha: float = 1.0) -> str:
    """``#rrggbb`` and an opacity as QML's ``r,g,b,a``."""
    r, g, b = (int(color[k:k + 2], 16) for k in (1, 3, 5))
    return f"{r},{g},{b},{round(alpha * 255)}"


def _props(parent: ET.Element, props: Mapping[str, str]) -> None:
    for key, value in props.items():
        ET.SubElement(parent, "prop", k=key, v=value)


def _symbol(parent: ET.Element, name: str, symbol: Symbol) -> None:
    node = ET.SubElement(parent, "symbol", type=symbol.kind, name=name, alpha="1",
                         clip_to_extent="1", force_rhr="0")
    if symbol.kind == "fill":
        layer = ET.SubElement(node, "layer", {"class": "SimpleFill", "enabled": "1",
                                              "locked": "0", "pass": "0"})
        _props(layer, {
            "color": _rgba(symbol.color or "#000000", symbol.alpha if symbol.color else 0.0),
            "style": "solid" if symbol.color else "no",
            "outline_color": _rgba(symbol.outline),
            "outline_style": symbol.outline_style,
            "outline_width": f"{symbol.outline_mm:.2f}",
            "outline_width_unit": "MM",
            "joinstyle": "round",
        })
    else:
        layer = ET.SubElement(node, "layer", {"class": "SimpleMarker", "enabled": "1",
                                              "locked": "0", "pass": "0"})
        _props(layer, {
            "name": symbol.shape,
            "color": _rgba(symbol.color or "#000000", symbol.alpha if symbol.color else 0.0),
            "outline_color": _rgba(symbol.outline),
            "outline_style": symbol.outline_style,
            "outline_width": f"{symbol.outline_mm:.2f}",
            "outline_width_unit": "MM",
            "size": f"{symbol.size_mm:.2f}",
            "size_unit": "MM",
            "angle": "0",
            "scale_method": "diameter",
            "joinstyle": "miter",
        })
    if symbol.angle_field is not None:
        defined = ET.SubElement(layer, "data_defined_properties")
        collection = ET.SubElement(defined, "Option", type="Map")
        ET.SubElement(collection, "Option", type="QString", name="name", value="")
        properties = ET.SubElement(collection, "Option", type="Map", name="properties")
        angle = ET.SubElement(properties, "Option", type="Map", name="angle")
        ET.SubElement(angle, "Option", type="bool", name="active", value="true")
        ET.SubElement(angle, "Option", type="QString", name="field", value=symbol.angle_field)
        ET.SubElement(angle, "Option", type="int", name="type", value="2")  # a column
        ET.SubElement(collection, "Option", type="QString", name="type", value="collection")


#: What XML 1.0 cannot hold: control characters other than tab and line breaks, lone
#: surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold.

    ElementTree writes them as they are: a scenario title or a model's name pasted with a form
    feed had made a document QGIS refused to read.
    """
    return _NOT_XML.sub("", text)


def qml(style: Style) -> str:
    """The QML document of ``style``: a rule-based renderer, its labels, nothing else.

    Only the symbology and labels are given (``styleCategories``), so that the layer's fields,
    forms and the rest stay QGIS's defaults for the file.
    """
    body = xml_text(ET.tostring(style_element(style), encoding="unicode"))
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + body + "\n"


def style_element(style: Style) -> ET.Element:
    """:func:`qml`'s ``<qgis>`` element, for a project that holds the style in its layer."""
    root = ET.Element("qgis", version=QML_VERSION, styleCategories="Symbology|Labeling",
                      labelsEnabled="1" if style.label_field else "0")
    renderer = ET.SubElement(root, "renderer-v2", type="RuleRenderer", symbollevels="0",
                             forceraster="0", enableorderby="1" if style.order_by else "0")
    rules = ET.SubElement(renderer, "rules", key="root")
    symbols = ET.Element("symbols")
    for k, rule in enumerate(style.rules):
        attributes = {"key": f"rule{k}", "label": rule.label, "symbol": str(k)}
        if rule.where is None:
            attributes["filter"] = "ELSE"
        else:
            attributes["filter"] = rule.where
        ET.SubElement(rules, "rule", attributes)
        _symbol(symbols, str(k), rule.symbol)
    renderer.append(symbols)
    if style.order_by:
        order = ET.SubElement(renderer, "orderby")
        clause = ET.SubElement(order, "orderByClause", asc="1", nullsFirst="0")
        clause.text = field(style.order_by)
    if style.label_field:
        labeling = ET.SubElement(root, "labeling", type="simple")
        settings = ET.SubElement(labeling, "settings", calloutType="simple")
        ET.SubElement(settings, "text-style", fieldName=style.label_field, isExpression="0",
                      fontSize="8", fontSizeUnit="Point", textColor="0,0,0,255",
                      textOpacity="1", namedStyle="Regular")
        ET.SubElement(settings, "text-buffer", bufferDraw="1", bufferSize="0.8",
                      bufferSizeUnits="MM", bufferColor="255,255,255,255", bufferOpacity="0.8")
        ET.SubElement(settings, "placement", placement="0" if style.layer != "areas" else "1",
                      dist="1.5", distUnits="MM", priority="5")
        ET.SubElement(settings, "rendering", obstacle="1", scaleVisibility="0",
                      displayAll="0", upsidedownLabels="0")
    return root


def _classes(column: str, stops: Sequence[str], label: str, *, top: float = 1.0,
             scale: float, no_value: str, language: str | None) -> tuple[Rule, ...]:
    """Five classes of ``column`` over [0, ``top``] and one for a missing value.

    Below ``top``/5, ..., from 4 ``top``/5 (the last class holds what lies above ``top``), each
    in the colour the map's ramp through ``stops`` gives its middle; the map's ramp runs to
    ``top`` too. The legend shows the bounds times ``scale`` as ``language`` writes numbers
    (Swedish ``0,2–0,4``).
    """
    outline, width = AREA_OUTLINE
    rules = []
    for k in range(5):
        low, high = k * top / 5, (k + 1) * top / 5
        parts = ([f"{field(column)} >= {low:.12g}"] if k else []) + (
            [f"{field(column)} < {high:.12g}"] if k < 4 else [])
        text = label.format(low=plain(round(low * scale, 6), language),
                            high=plain(round(high * scale, 6), language))
        rules.append(Rule(text, " AND ".join(parts),
                          Symbol("fill", interpolate_color(stops, (k + 0.5) / 5), 0.5,
                                 outline, width * MM_PER_PX)))
    rules.append(Rule(no_value, None, Symbol("fill", NO_DATA_COLOR, 0.5, outline,
                                             width * MM_PER_PX)))
    return tuple(rules)


def plan_styles(layers: Sequence[tuple[str, pd.DataFrame]], *,
                language: str | None = None, privacy_level: str = "observe",
                share_top: float = 1.0) -> list[Style]:
    """The styles of ``plan.gpkg``'s layers, for those in ``layers`` (name, frame).

    ``language``: the legend's; ``privacy_level``: the privacy rule's DORI level
    (``constraints.privacy_min_level``), which the privacy zones' strongest class names;
    ``share_top``: the top of the map's covered-share ramp (``_map_layers.share_scale_top``),
    where the areas' covered-share classes end (shares of 0 to 20 % had all been the first of
    five classes of 0 to 100 %).
    """
    t = pick(_TEXT, language)
    styles: list[Style] = []
    for name, frame in layers:
        if name == "cameras":
            existing = frame["status"].astype(str) == "existing" if "status" in frame else None
            new = frame[~existing] if existing is not None else frame
            colours = model_styles([str(m) for m in new["model"]])
            names = _model_names(new, language)
            rules = [Rule(t["existing"], f"{field('status')} = {literal('existing')}",
                          _camera(MARKER_HEX[EXISTING_STYLE[0]]))]
            rules += [Rule(names.get(model, model),
                           f"{field('status')} <> {literal('existing')} AND "
                           f"{field('model')} = {literal(model)}",
                           _camera(MARKER_HEX[colour]))
                      for model, (colour, _icon) in colours.items()]
            styles.append(Style(name, t["style:cameras"], tuple(rules), label_field="camera"))
        elif name == "views":
            rules = [Rule(t["level_class"].format(level=level_word(LEVEL_NAMES[n], language),
                                                  n=n),
                          f"{field('level')} = {n}",
                          Symbol("fill", LEVEL_COLORS[n], 0.35, LEVEL_COLORS[n],
                                 0.6 * MM_PER_PX))
                     for n in sorted(LEVEL_COLORS, reverse=True)]
            styles.append(Style(name, t["style:views"], tuple(rules), order_by="level"))
        elif name == "areas":
            styles.append(Style(name, t["style:areas"], _classes(
                "priority", PRIORITY_STOPS, t["priority_class"], scale=1,
                no_value=t["no_value"], language=language), label_field="name"))
            styles.append(Style(name, t["style:areas_covered"], _classes(
                "covered_share_after", COVERAGE_STOPS, t["share_class"], top=share_top,
                scale=100, no_value=t["no_value"], language=language),
                label_field="name", default=False))
        elif name == "places":
            styles.append(Style(name, t["style:places"], (
                Rule(t["place"], f"{field('n_points')} > 0",
                     Symbol("fill", "#4292c6", 0.15, "#08306b", 2.5 * MM_PER_PX, "dash")),
                Rule(t["place_left_out"], None,
                     Symbol("fill", "", 0.0, "#737373", 2 * MM_PER_PX, "dot")),
            )))
        elif name == "privacy_zones":
            seen_at = f"{field('cameras_at_privacy_level')} <> ''"
            # (a rule at detect: every view sees at detect or better, so no zone is in a view
            # below the rule's level and that class would stand empty in the legend)
            below = () if privacy_level == LEVEL_NAMES[min(LEVEL_NAMES)] else (
                Rule(t["zone_in_view"], f"{field('cameras_in_view')} <> '' AND NOT ({seen_at})",
                     Symbol("fill", "#f1b6da", 0.45, "#c51b7d", 1.5 * MM_PER_PX, "dash")),)
            styles.append(Style(name, t["style:privacy_zones"], (
                Rule(t["zone_at_level"].format(level=level_word(privacy_level, language)),
                     seen_at, Symbol("fill", "#c51b7d", 0.6, "#8e0152", 2 * MM_PER_PX)),
                *below,
                Rule(t["zone_unseen"], None,
                     Symbol("fill", "#fde0ef", 0.3, "#de77ae", 0.8 * MM_PER_PX, "dot")),
            )))
        elif name == "mounts":
            blocked = f"coalesce({field('add_blocked')}, '') <> ''"
            # (the map's circles: its radius in pixels, a diameter here)
            size = 2 * float(SITE_STYLE["radius"]) * MM_PER_PX
            ring = float(SITE_STYLE["weight"]) * MM_PER_PX
            opacity, line = float(SITE_STYLE["fillOpacity"]), str(SITE_STYLE["color"])
            styles.append(Style(name, t["style:mounts"], (
                Rule(t["mount_chosen"], f"{field('chosen')}",
                     Symbol("marker", SITE_CHOSEN_FILL, opacity, line, ring, size_mm=size)),
                Rule(t["mount_blocked"], f"NOT {field('chosen')} AND {blocked}",
                     Symbol("marker", "", 0.0, "#969696", 0.4, shape="cross2", size_mm=size)),
                Rule(t["mount_open"], None,
                     Symbol("marker", str(SITE_STYLE["fillColor"]), opacity, line, ring,
                            size_mm=size)),
            )))
    return styles


#: A building by kind in :func:`data_styles`: homes (the privacy rule's and the demand's
#: buildings) apart from the map's grey of the rest.
BUILDING_FILLS = {"residential": ("#fdb863", "#b35806"), "commercial": ("#bdbdbd", "#636363"),
                  "public": ("#9ecae1", "#3182bd"), "other": ("#969696", "#636363")}
#: A mount by type in :func:`data_styles`: its marker's QGIS shape.
MOUNT_SHAPES = {"lamp_post": "circle", "pole": "square", "facade": "triangle"}


def data_styles(layers: Sequence[tuple[str, pd.DataFrame]], *,
                language: str | None = None) -> list[Style]:
    """The styles of an import's layers (``import osm``'s ``layers.gpkg``, ``import deso``'s areas).

    What an analyst checks before planning: the areas by priority (as the plan's), buildings
    by ``kind`` (homes apart), mounts by ``mount_type``, the privacy zones.
    """
    t = pick(_TEXT, language)
    styles: list[Style] = []
    for name, _frame in layers:
        if name == "areas":
            styles.append(Style(name, t["style:areas"], _classes(
                "priority", PRIORITY_STOPS, t["priority_class"], scale=1,
                no_value=t["no_value"], language=language), label_field="name"))
        elif name == "buildings":
            kinds = [Rule(t[f"kind:{kind}"], f"{field('kind')} = {literal(kind)}",
                          Symbol("fill", fill, 0.8, line, 0.5 * MM_PER_PX))
                     for kind, (fill, line) in BUILDING_FILLS.items() if kind != "other"]
            fill, line = BUILDING_FILLS["other"]
            kinds.append(Rule(t["kind:other"], None,
                              Symbol("fill", fill, 0.55, line, 0.5 * MM_PER_PX)))
            styles.append(Style(name, t["style:buildings"], tuple(kinds)))
        elif name == "sites":
            styles.append(Style(name, t["style:sites"], tuple(
                Rule(mount_word(kind, language).capitalize(),
                     f"{field('mount_type')} = {literal(kind)}",
                     Symbol("marker", "#525252", 1.0, "#ffffff", 0.2, shape=shape, size_mm=2.0))
                for kind, shape in MOUNT_SHAPES.items())))
        elif name == "privacy_zones":
            styles.append(Style(name, t["style:zones"], (
                Rule(t["zone"], None,
                     Symbol("fill", "#f1b6da", 0.45, "#c51b7d", 1.5 * MM_PER_PX, "dash")),)))
    return styles


def _camera(color: str) -> Symbol:
    """A camera: an arrow in ``color`` turned to its grid bearing."""
    return Symbol("marker", color, 1.0, "#000000", 0.3, shape="arrow", size_mm=5.0,
                  angle_field="orientation_deg")


def _model_names(cameras: pd.DataFrame, language: str | None) -> dict[str, str]:
    """Each model id's name as the register gives it (its Swedish name in Swedish)."""
    column = "model_name_sv" if language == "sv" and "model_name_sv" in cameras else "model_name"
    if column not in cameras:
        return {}
    names: dict[str, str] = {}
    for model, given in zip(cameras["model"].astype(str), cameras[column], strict=True):
        if isinstance(given, str) and given:
            names.setdefault(model, given)
    return names


def style_table(styles: Sequence[Style], geometry_column: str = "geom", *,
                description: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``layer_styles``'s rows for ``styles``, as QGIS writes them (its column names)."""
    return pd.DataFrame({
        "f_table_catalog": ["" for _ in styles],
        "f_table_schema": ["" for _ in styles],
        "f_table_name": [s.layer for s in styles],
        "f_geometry_column": [geometry_column for _ in styles],
        "styleName": [s.name for s in styles],
        "styleQML": [qml(s) for s in styles],
        "styleSLD": ["" for _ in styles],
        "useAsDefault": [s.default for s in styles],
        "description": [(description or {}).get(s.name, s.name) for s in styles],
        "owner": ["" for _ in styles],
        "ui": ["" for _ in styles],
        "update_time": pd.to_datetime([GPKG_DATE for _ in styles], utc=True),
    })
