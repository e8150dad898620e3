"""Read the OpenStreetMap features the importer needs, in one pass with pyosmium.

pyosmium (the Python binding of libosmium, maintained by the osmcode project) was chosen over pyrosm
by measurement (``benchmarks/bench_osm_readers.py``, ``benchmarks/RESULTS.md``): it reads
buildings, lamps and cameras in one streaming pass, assembles multipolygon relations with
libosmium's area assembler, reads ``.osm``, ``.osm.pbf`` and ``.osm.bz2`` alike and emits no
warnings. Everything returned here is in EPSG:4326; projection happens in
:mod:`planner.importers`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.errors import InputError, missing_package, plural

log = logging.getLogger(__name__)

#: Node tags copied into :attr:`OsmFeatures.nodes` (missing tags are empty strings).
NODE_TAGS = (
    "highway",
    "man_made",
    "power",
    "surveillance",
    "surveillance:type",
    "camera:type",
    "camera:direction",
    "direction",
    "camera:mount",
    "height",
    "name",
    "operator",
)
_POLE_TAGS = {("power", "pole"), ("man_made", "mast"), ("man_made", "utility_pole")}


@dataclass(frozen=True)
class OsmFeatures:
    """The raw features of an extract, in EPSG:4326.

    Attributes
    ----------
    buildings
        ``osm_id`` (``way/123`` or ``relation/45``), ``building``, ``levels`` (float or NaN),
        ``name``; (Multi)Polygon footprints of closed ways and multipolygon relations.
    residential
        ``osm_id``, ``name``; ``landuse=residential`` (Multi)Polygons.
    nodes
        ``osm_id`` (``node/1``), ``kind`` (``lamp``, ``pole`` or ``camera``) and the tags of
        :data:`NODE_TAGS` as columns; Points.
    streets
        ``osm_id``, ``highway``, ``name``, ``access``; LineStrings of every ``highway`` way.
    skipped
        How many objects had geometry that could not be built (broken multipolygons, ways with
        missing nodes), by layer.
    """

    buildings: gpd.GeoDataFrame
    residential: gpd.GeoDataFrame
    nodes: gpd.GeoDataFrame
    streets: gpd.GeoDataFrame
    skipped: dict[str, int]


def read_osm(path: str | Path) -> OsmFeatures:
    """Read buildings, residential areas, lamp/pole/camera nodes and streets from an OSM file.

    Parameters
    ----------
    path
        An OpenStreetMap extract (``.osm.pbf``, ``.osm`` XML, ``.osm.bz2``).

    Returns
    -------
    OsmFeatures
        The features in EPSG:4326.

    Raises
    ------
    InputError
        The file is missing or is not an OSM file osmium can read.
    """
    try:
        import osmium
    except ImportError:
        raise missing_package(f"{path}: reading OSM extracts", "osmium (pyosmium)",
                              "-e '.[osm]'") from None

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: OSM extract not found; give an .osm.pbf file (e.g. from Geofabrik)")
    fab = osmium.geom.WKBFactory()
    rows: dict[str, list[dict[str, object]]] = {"b": [], "r": [], "n": [], "s": []}
    skipped = {"buildings": 0, "residential": 0, "streets": 0}
    partial = 0
    keys = osmium.filter.KeyFilter("building", "landuse", "highway", "man_made", "power")
    try:
        processor = (
            osmium.FileProcessor(str(path))
            .with_areas(osmium.filter.KeyFilter("building", "landuse"))
            .with_filter(keys)
        )
        obj: Any  # pyosmium's object types have no common interface in its stubs
        for obj in processor:
            tags = obj.tags
            if obj.is_node():
                kind = _node_kind(tags)
                if kind:
                    row: dict[str, object] = {t: tags.get(t, "") for t in NODE_TAGS}
                    row.update(osm_id=f"node/{obj.id}", kind=kind, wkb=fab.create_point(obj))
                    rows["n"].append(row)
            elif obj.is_way():
                building = tags.get("building", "no")
                residential = tags.get("landuse", "") == "residential"
                if "highway" not in tags and building == "no" and not residential:
                    continue
                coords = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                if len(coords) < len(obj.nodes):
                    partial += 1
                if "highway" in tags:
                    if len(set(coords)) < 2:
                        skipped["streets"] += 1
                    else:
                        rows["s"].append({
                            "osm_id": f"way/{obj.id}", "highway": tags.get("highway", ""),
                            "name": tags.get("name", ""), "access": tags.get("access", ""),
                            "wkb": shapely.to_wkb(shapely.linestrings(coords)),
                        })
                if (building != "no" or residential) and obj.is_closed():
                    # Closed ways are built here rather than by the area assembler, so that ways
                    # cut by the extract's edge keep their nodes inside it (as pyrosm does).
                    if len(set(coords)) < 3:
                        skipped["buildings" if building != "no" else "residential"] += 1
                        continue
                    poly = shapely.polygons([*coords, coords[0]])
                    _add_area(rows, f"way/{obj.id}", tags, shapely.to_wkb(poly))
            elif obj.is_area() and not obj.from_way():
                building = tags.get("building", "no")
                try:
                    wkb = fab.create_multipolygon(obj)
                except RuntimeError:
                    skipped["buildings" if building != "no" else "residential"] += 1
                    continue
                _add_area(rows, f"relation/{obj.orig_id()}", tags, wkb)
    except RuntimeError as exc:
        raise InputError(
            f"{path}: cannot read the OSM extract ({' '.join(str(exc).split())[:200]}); "
            "give an .osm.pbf or .osm file"
        ) from None
    if partial:
        log.info("%s: %s cut by the extract's edge kept with their nodes inside it", path,
                 plural(partial, "way"))
    for layer, count in skipped.items():
        if count:
            log.info("%s: %s without geometry (outside the extract or broken) skipped",
                     path, plural(count, f"{layer} object"))
    return OsmFeatures(
        buildings=_frame(rows["b"], ("osm_id", "building", "levels", "name"), polygonal=True),
        residential=_frame(rows["r"], ("osm_id", "name"), polygonal=True),
        nodes=_frame(rows["n"], ("osm_id", "kind", *NODE_TAGS)),
        streets=_frame(rows["s"], ("osm_id", "highway", "name", "access")),
        skipped=skipped,
    )


def _add_area(rows: dict[str, list[dict[str, object]]], osm_id: str, tags: object, wkb: object) -> None:
    get = tags.get  # type: ignore[attr-defined]
    building = get("building", "no")
    if building != "no":
        rows["b"].append({
            "osm_id": osm_id, "building": building, "levels": _number(get("building:levels", "")),
            "name": get("name", ""), "wkb": wkb,
        })
    if get("landuse", "") == "residential":
        rows["r"].append({"osm_id": osm_id, "name": get("name", ""), "wkb": wkb})


def _node_kind(tags: object) -> str:
    get = tags.get  # type: ignore[attr-defined]
    if get("man_made", "") == "surveillance":
        return "camera"
    if get("highway", "") == "street_lamp":
        return "lamp"
    if any(get(k, "") == v for k, v in _POLE_TAGS):
        return "pole"
    return ""


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) and value > 0 else float("nan")


def _frame(
    rows: list[dict[str, object]], columns: tuple[str, ...], *, polygonal: bool = False
) -> gpd.GeoDataFrame:
    if not rows:
        return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[],
                                crs="EPSG:4326")
    table = pd.DataFrame(rows)
    geoms = shapely.from_wkb(table.pop("wkb").to_numpy())
    if polygonal:
        # libosmium returns every area as a MultiPolygon; single-part ones become Polygons.
        single = shapely.get_num_geometries(geoms) == 1
        geoms[single] = shapely.get_geometry(geoms[single], 0)
    frame = gpd.GeoDataFrame(table[list(columns)], geometry=geoms, crs="EPSG:4326")
    return frame.sort_values("osm_id", kind="stable").reset_index(drop=True)
