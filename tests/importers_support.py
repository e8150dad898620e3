"""Helpers of the importer tests: tiny real OSM XML files and SCB-schema DeSO GeoPackages."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

STATS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "katrineholm" / "scb_deso"
KATRINEHOLM_CSV = STATS / "katrineholm_deso_indicators_2022.csv"

# Synthetic town in Stockholm (inside Sweden: the importer picks EPSG:3006).
LON0, LAT0 = 18.0600, 59.3300
DLON, DLAT = 1 / 56_900, 1 / 111_300  # degrees per metre, roughly, at 59.33° N


def ll(x_m: float, y_m: float) -> tuple[float, float]:
    """Lon/lat of a point x metres east and y metres north of (LON0, LAT0)."""
    return LON0 + x_m * DLON, LAT0 + y_m * DLAT


def write_osm(
    path: Path,
    nodes: list[tuple[int, float, float, dict[str, str]]],
    ways: list[tuple[int, list[int], dict[str, str]]],
) -> Path:
    """Write an OSM XML file (nodes: id, x_m, y_m, tags; ways: id, node ids, tags)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for nid, x, y, tags in nodes:
        lon, lat = ll(x, y)
        lines.append(f'  <node id="{nid}" version="1" lat="{lat:.7f}" lon="{lon:.7f}">')
        lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
        lines.append("  </node>")
    for wid, refs, tags in ways:
        lines.append(f'  <way id="{wid}" version="1">')
        lines += [f'    <nd ref="{r}"/>' for r in refs]
        lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
        lines.append("  </way>")
    lines.append("</osm>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def town(cameras: list[dict[str, str]], *, lamps: bool = True) -> tuple[list, list]:
    """A 200 m residential square, one 20 m apartment block, a street, lamps and cameras.

    Cameras are placed 5 m apart along y = -30 (on the street, x = 20, 25, ...), node ids 9001...
    """
    nodes: list[tuple[int, float, float, dict[str, str]]] = []
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    square = [(-100, -100), (100, -100), (100, 100), (-100, 100)]
    nodes += [(100 + i, x, y, {}) for i, (x, y) in enumerate(square)]
    ways.append((10, [100, 101, 102, 103, 100], {"landuse": "residential", "name": "Testgården"}))
    block = [(0, 0), (20, 0), (20, 20), (0, 20)]
    nodes += [(200 + i, x, y, {}) for i, (x, y) in enumerate(block)]
    ways.append((20, [200, 201, 202, 203, 200], {"building": "apartments", "building:levels": "5"}))
    nodes += [(300, -90, -30, {}), (301, 90, -30, {})]
    ways.append((30, [300, 301], {"highway": "residential", "name": "Testgatan"}))
    if lamps:
        nodes += [(400 + i, x, -33, {"highway": "street_lamp"}) for i, x in enumerate((-60, -20))]
    for i, tags in enumerate(cameras):
        nodes.append((9001 + i, 20 + 5 * i, -30, {"man_made": "surveillance", **tags}))
    return nodes, ways


def deso_squares(codes: list[str], *, size: float = 500.0) -> gpd.GeoDataFrame:
    """SCB-schema DeSO boundaries: one square per code in a row near Katrineholm (EPSG:3006)."""
    x0, y0 = 560_000.0, 6_535_000.0
    geoms = [box(x0 + i * size, y0, x0 + (i + 1) * size, y0 + size) for i in range(len(codes))]
    return gpd.GeoDataFrame(
        {
            "deso": codes,
            "kommun": [c[:4] for c in codes],
            "kommunnamn": ["Katrineholm" if c.startswith("0483") else "Flen" for c in codes],
            "lan": ["04"] * len(codes),
            "lannamn": ["Södermanlands län"] * len(codes),
        },
        geometry=geoms,
        crs="EPSG:3006",
    )


def katrineholm_codes() -> list[str]:
    """The 21 DeSO codes of Katrineholm, from the real statistics."""
    return sorted(pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str})["deso"])
