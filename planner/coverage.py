"""Camera options and the sparse coverage matrix (which option sees which demand point, how well).

Options
-------
An option is one camera that could be bought: (mount, model, zoom setting, orientation). See
:func:`build_options` for how they are enumerated and costed.

Seen rule
---------
A demand point at distance ``d`` and grid bearing ``θ`` from a camera's eye is seen at DORI level
``L`` (1 detect ... 4 identify) when all of these hold (closed boundaries, tolerance
``EPS_M = 1e-6`` m and ``EPS_DEG = 1e-6``°):

* ``d <= range(L) + EPS_M`` (ranges from :mod:`planner.cameras`; at night capped at the IR range);
* ``|θ - orientation| <= hfov/2 + EPS_DEG`` (angles wrapped to [-180, 180]; a 360° model sees all
  around);
* the segment from the eye to the point meets the interior of no building footprint (grazing a
  corner or running along a wall does not block).

The value stored is the best level reached (0 = not seen, not stored).

Façade cameras
--------------
A mount with a ``building_id`` hangs on that building. Its eye is moved 0.5 m
(``FACADE_OFFSET_M``) outside the nearest wall along the wall's outward normal (unless it is already
that far out), and its own building then blocks like any other: it sees the street in front of the
wall and nothing through or behind its own building. Distances and bearings are measured from the
eye. A free-standing mount drawn exactly on a wall (a pole snapped to a building outline) is moved
1 cm (``ON_WALL_OFFSET_M``) out of that building the same way; on the wall it had seen through it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Collection, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from planner import _privacy
from planner._geom import (
    EPS_M,
    Edges,
    bearing_deg,
    building_edges,
    camera_eyes,
    check_buildings,
    polygonal_part,
    sector_polygon,
    visible_region,
)
from planner._geom import show as _show
from planner._geom_index import PointGrid
from planner._geom_lens import LensGroups, lens_groups
from planner._geom_sites import check_sites, col, existing_option, null, same_crs
from planner._visibility import line_of_sight
from planner.cameras import CameraModel
from planner.errors import InputError, plural

__all__ = [
    "build_options", "buildings_around_sites", "coverage_matrix", "privacy_intrusion",
    "sites_inside_buildings", "view_polygons",
]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], object]

OPTION_COLUMNS = [
    "option_id",
    "site_id",
    "group",
    "mount_type",
    "model",
    "hfov_deg",
    "orientation_deg",
    "cost_sek",
    "existing",
    "building_id",
    "investment_sek",
    "yearly_sek",
    "geometry",
]
_PAIRS_PER_CHUNK = 1_500_000


def build_options(
    sites: gpd.GeoDataFrame,
    catalogue: Mapping[str, CameraModel],
    *,
    orientations: int = 8,
    horizon_years: float = 5.0,
    include_yearly: bool = True,
    buildings: gpd.GeoDataFrame | None = None,
    offered: Collection[str] | None = None,
    replacements: bool = False,
) -> gpd.GeoDataFrame:
    """Enumerate the camera options: mount × model × zoom setting × orientation.

    Order (and ``option_id`` = row number): sites in layer order; on each site the existing camera
    first, then the catalogue's models in order, their zoom settings in order, orientations
    ``k × 360 / orientations`` for ``k = 0, 1, ...``.

    * Existing cameras (``existing_model`` set) give one option with their model, orientation
      (``existing_orientation_deg``) and zoom (``existing_hfov_deg`` if that column is given,
      else the widest), cost 0 and ``existing = True``. New options are added on that mount only
      when its ``max_cameras`` (default 1) is above 1; with ``replacements``, the new options of
      a mount its existing camera fills are added after all others (a scenario may replace the
      camera, ``constraints.replace_existing``), so that every other option keeps its id.
    * Panoramic models give one option per mount (and zoom) covering their full angle, facing the
      mount's facing: the outward normal of the wall for façade mounts when ``buildings`` is given,
      otherwise north (0).
    * Models with ``mounts`` set are offered only on those mount types.

    Cost of a new option (SEK), ``cost_sek``: model price + model installation + the site's
    ``install_cost_sek`` + ``horizon_years`` × yearly cost (if ``include_yearly``): what the
    option counts against the budget. Its parts are kept beside it: ``investment_sek``, the
    one-time cost (price, installation and the site's mounting cost), and ``yearly_sek``, the
    model's yearly running cost (also for an existing camera, whose ``cost_sek`` and
    ``investment_sek`` are 0: its running cost is paid by its owner).

    Parameters
    ----------
    sites
        Sites layer (see docs/architecture.md).
    catalogue
        Camera models by id.
    orientations
        Orientations per fixed/varifocal model and mount (>= 1), evenly spaced from north.
    horizon_years
        Planning horizon for the yearly costs (>= 0).
    include_yearly
        Add yearly costs over the horizon.
    buildings
        Building footprints, used for the facing of façade mounts (optional).
    offered
        The models new cameras may be (``coverage.models``); ``None``: every model of the
        catalogue. Existing cameras keep theirs, which must be in the catalogue.
    replacements
        Also the new options of the mounts their existing camera fills, last (see above).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``option_id``, ``site_id``, ``group`` (site row index), ``mount_type``, ``model``,
        ``hfov_deg``, ``orientation_deg``, ``cost_sek``, ``existing``, ``building_id``,
        ``investment_sek``, ``yearly_sek``; geometry = mount point; CRS of ``sites``.

    Raises
    ------
    InputError
        For bad sites, an unknown existing model or zoom, or a missing existing orientation.
    """
    check_sites(sites)
    if isinstance(orientations, bool) or not isinstance(orientations, int) or orientations < 1:
        raise InputError(f"orientations = {orientations!r} must be a whole number >= 1")
    if not (math.isfinite(horizon_years) and horizon_years >= 0):
        raise InputError(f"horizon_years = {horizon_years!r} must be a finite number >= 0")
    ids = sites["site_id"].to_numpy(dtype=object)
    mount = sites["mount_type"].to_numpy(dtype=object)
    site_cost = pd.to_numeric(sites["install_cost_sek"]).to_numpy(dtype=float)
    bids = col(sites, "building_id")
    ex_model, ex_orient, ex_fov = (
        col(sites, c) for c in ("existing_model", "existing_orientation_deg", "existing_hfov_deg")
    )
    max_cam = col(sites, "max_cameras")
    xy = shapely.get_coordinates(sites.geometry.to_numpy())
    if buildings is not None and len(buildings):
        facing = camera_eyes(xy, bids, buildings, check_buildings(buildings))[1]
    else:
        facing = np.zeros(len(sites))
    years = horizon_years if include_yearly else 0.0
    rows: list[tuple[object, ...]] = []

    def new_options(i: int) -> None:
        for model in catalogue.values():
            if model.mounts is not None and mount[i] not in model.mounts:
                continue
            if offered is not None and model.id not in offered:
                continue
            # (the one sum the optimiser has always had: investment + years × yearly, in this
            # order, so that the parts add up to the cost exactly)
            investment = model.price_sek + model.install_sek + site_cost[i]
            cost = investment + years * model.yearly_sek
            for fov in model.hfov_deg:
                if model.panoramic:
                    angles = [float(facing[i])]
                else:
                    angles = [k * 360.0 / orientations for k in range(orientations)]
                for ang in angles:
                    rows.append(
                        (
                            ids[i],
                            i,
                            mount[i],
                            model.id,
                            float(fov),
                            ang,
                            float(cost),
                            False,
                            bids[i],
                            float(investment),
                            float(model.yearly_sek),
                        )
                    )

    full: list[int] = []  # mounts their existing camera fills
    for i in range(len(sites)):
        n_slots = 1 if null(max_cam[i]) else int(max_cam[i])
        if not null(ex_model[i]):
            rows.append(
                existing_option(
                    ids[i],
                    i,
                    mount[i],
                    bids[i],
                    ex_model[i],
                    ex_orient[i],
                    ex_fov[i],
                    facing[i],
                    catalogue,
                )
            )
            if n_slots <= 1:
                full.append(i)
                continue
        new_options(i)
    for i in full if replacements else ():
        new_options(i)
    frame = pd.DataFrame(rows, columns=OPTION_COLUMNS[1:-1])
    out = gpd.GeoDataFrame(
        frame.assign(option_id=np.arange(len(frame), dtype=np.int64)),
        geometry=sites.geometry.to_numpy()[frame["group"].to_numpy(dtype=np.int64)]
        if len(frame)
        else [],
        crs=sites.crs,
    )
    out = out[OPTION_COLUMNS]
    out["group"] = out["group"].astype(np.int64)
    out["existing"] = out["existing"].astype(bool)
    logger.info(
        "%d options on %d sites (%d existing)", len(out), len(sites), int(out["existing"].sum())
    )
    return out


def _prepare(
    options: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    warn: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Edges | None, np.ndarray]:
    """Per option its site index (``group``); per site its eye and whether it is blind; buildings.

    A site whose eye lies inside a building footprint (a lamp drawn inside a house, a façade
    mount without its ``building_id``) is *blind*: it sees nothing, as the warning says (its
    walls had all faced away from the eye, so the sight-line test let it see through them, and
    plans bought cameras there). ``warn``: say so (once per plan: the demand's coverage; the
    privacy step and the views had repeated it).
    """
    if not isinstance(options, gpd.GeoDataFrame):
        raise InputError(f"options: expected a GeoDataFrame, got {type(options).__name__}")
    same_crs(options=options, buildings=buildings)
    missing = [c for c in ("model", "hfov_deg", "orientation_deg") if c not in options.columns]
    if missing:
        raise InputError(f"options: missing column(s) {missing}; build them with build_options")
    if "group" in options.columns:
        codes, uniq = pd.factorize(options["group"], sort=True)
    else:
        codes, uniq = pd.factorize(options["site_id"], sort=False)
    first = np.full(len(uniq), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    geoms = check_buildings(buildings)
    xy = shapely.get_coordinates(options.geometry.to_numpy()[first])
    bids = col(options, "building_id")[first]
    eyes = camera_eyes(xy, bids, buildings, geoms)[0] if len(uniq) else np.empty((0, 2))
    edges = building_edges(geoms) if len(geoms) else None
    blind = _inside(eyes, edges)
    if warn:
        warn_inside(col(options, "site_id")[first[blind]])
    return np.asarray(codes, dtype=np.int64), eyes, blind, edges, geoms


def _inside(eyes: np.ndarray, edges: Edges | None) -> np.ndarray:
    """Per eye whether it lies inside a building footprint (a boolean array)."""
    blind = np.zeros(len(eyes), dtype=bool)
    if edges is not None and len(eyes):
        blind[np.unique(edges.tree.query(shapely.points(eyes), predicate="within")[0])] = True
    return blind


def warn_inside(site_ids: Sequence[object] | np.ndarray) -> None:
    """Log the one warning about mounts inside a building footprint (none: nothing)."""
    if len(site_ids):
        logger.warning(
            "%s inside a building footprint and %s nothing (e.g. site %r); give façade mounts "
            "their building_id or move them",
            plural(len(site_ids), "camera position") + (" lies" if len(site_ids) == 1 else " lie"),
            "sees" if len(site_ids) == 1 else "see",
            site_ids[0],
        )


def sites_inside_buildings(sites: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame) -> np.ndarray:
    """The ids of the sites whose camera eye lies inside a building footprint (blind mounts).

    The test the plan applies (a façade mount is first moved out of its own building, see
    ``_geom.camera_eyes``), for ``planner validate`` to warn before any plan is made.
    """
    return col(sites, "site_id")[pd.notna(buildings_around_sites(sites, buildings))]


def buildings_around_sites(sites: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame) -> np.ndarray:
    """Per site the ``building_id`` of the footprint its camera eye lies inside (None: none).

    The eye rule of :func:`sites_inside_buildings`; the building names where a blind mount is
    (a required one is refused with it).
    """
    same_crs(sites=sites, buildings=buildings)
    out = np.full(len(sites), None, dtype=object)
    geoms = check_buildings(buildings)
    if not len(geoms) or not len(sites):
        return out
    xy = shapely.get_coordinates(sites.geometry.to_numpy())
    eyes = camera_eyes(xy, col(sites, "building_id"), buildings, geoms)[0]
    at, hit = shapely.STRtree(geoms).query(shapely.points(eyes), predicate="within")
    ids = (buildings["building_id"].astype(str).to_numpy(dtype=object)
           if "building_id" in buildings.columns else np.arange(len(buildings)).astype(str))
    out[at[::-1]] = ids[hit[::-1]]  # (footprints do not overlap; if they do, the first wins)
    return out


def coverage_matrix(
    demand: gpd.GeoDataFrame,
    options: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    catalogue: Mapping[str, CameraModel],
    *,
    night: bool = False,
    progress: Progress | None = None,
    warn_blind: bool = True,
) -> sp.csr_matrix:
    """Best DORI level each option reaches at each demand point (the module's seen rule).

    Demand points within each site's longest range are found with a uniform-grid index (one
    vectorised query per chunk of sites); distance, bearing and line of sight are computed once
    per (point, site) pair, and the options of the site (zoom settings, orientations) are
    resolved from them by arithmetic. Sites are processed in chunks of about 1.5 million pairs,
    which bounds the working memory.

    Parameters
    ----------
    demand
        Demand points (point geometry) in the metric CRS.
    options
        Options from :func:`build_options` (column ``j`` of the matrix is row ``j``).
    buildings
        Building footprints that block sight.
    catalogue
        Camera models by id.
    night
        Cap the ranges at each model's IR range.
    progress
        Called as ``progress(options_done, options_total)`` after each chunk (e.g. a tqdm update).
    warn_blind
        Warn about mounts inside a building footprint (off for a second matrix of the same
        options, such as the incidents').

    Returns
    -------
    scipy.sparse.csr_matrix
        ``int8`` matrix of shape (n_demand, n_options), values 1..4, sorted indices.
    """
    n_dem, n_opt = len(demand), len(options)
    same_crs(options=options, demand=demand)
    site_of, eyes, blind, edges, geoms = _prepare(options, buildings, warn=warn_blind)
    lg = lens_groups(options, site_of, catalogue, night=night)
    shape = (n_dem, n_opt)
    if n_dem == 0 or n_opt == 0:
        return sp.csr_matrix(shape, dtype=np.int8)
    pts = demand.geometry.to_numpy()
    if ((shapely.get_type_id(pts) != shapely.GeometryType.POINT) | shapely.is_empty(pts)).any():
        raise InputError("demand points: every feature must be a non-empty Point")
    pxy = shapely.get_coordinates(pts)
    ftree = edges.tree if edges is not None else shapely.STRtree(geoms)
    n_sites = len(eyes)
    radius = np.zeros(n_sites)
    np.maximum.at(radius, lg.site, lg.ranges[:, 0])
    grid = PointGrid(pxy, max(float(np.median(radius)) / 2.0, 1.0))
    opts_per_site = np.bincount(site_of, minlength=n_sites)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    done_opts, s0, step = 0, 0, 64
    while s0 < n_sites:
        chunk = np.arange(s0, min(s0 + step, n_sites))
        r, c, v, n_pairs = _chunk(chunk, eyes, radius, grid, edges, geoms, ftree, lg)
        rows.append(r)
        cols.append(c)
        vals.append(v)
        s0 = int(chunk[-1]) + 1
        per_site = max(n_pairs / len(chunk), 1.0)
        step = int(min(max(_PAIRS_PER_CHUNK / per_site, 8), 8192))
        done_opts += int(opts_per_site[chunk].sum())
        if progress is not None:
            progress(done_opts, n_opt)
    row, column, value = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    seeing = ~blind[site_of[column]]
    mat = sp.csr_matrix(
        (value[seeing], (row[seeing], column[seeing])), shape=shape, dtype=np.int8
    )
    mat.sort_indices()
    logger.info("coverage matrix %d x %d, %d entries", n_dem, n_opt, mat.nnz)
    return mat


def _chunk(
    chunk: np.ndarray,
    eyes: np.ndarray,
    radius: np.ndarray,
    grid: PointGrid,
    edges: Edges | None,
    geoms: np.ndarray,
    ftree: shapely.STRtree,
    lg: LensGroups,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Coverage entries (row, column, level) of the options on a chunk of sites."""
    ce, cr = eyes[chunk], radius[chunk]
    s_loc, p, dx, dy, dist = grid.query(ce, cr + EPS_M)
    bearing = bearing_deg(dx, dy)
    if edges is not None:
        vis = line_of_sight(ce, cr + EPS_M, s_loc, dx, dy, dist, bearing, edges, geoms, ftree)
        s_loc, p, dist, bearing = s_loc[vis], p[vis], dist[vis], bearing[vis]
    r, c, v = lg.resolve(chunk[s_loc], p, dist, bearing)
    return r, c, v, len(vis) if edges is not None else len(p)


def view_polygons(
    options: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    catalogue: Mapping[str, CameraModel],
    *,
    night: bool = False,
    levels: Sequence[int] = (1, 2, 3, 4),
) -> gpd.GeoDataFrame:
    """View polygons of some options (e.g. the chosen cameras) for maps and the camera register.

    Parameters
    ----------
    options
        The options to draw (rows of :func:`build_options`).
    buildings
        Building footprints that block sight.
    catalogue
        Camera models by id.
    night
        Cap the ranges at the IR range.
    levels
        DORI levels to draw.

    Returns
    -------
    geopandas.GeoDataFrame
        ``option_id``, ``level``; geometry = the area seen at that level or better (sector of the
        level's range minus what buildings hide; arcs with a vertex every degree). Empty views are
        left out.
    """
    bad = [lv for lv in levels if lv not in (1, 2, 3, 4)]
    if bad:
        raise InputError(f"levels {bad} are not DORI levels; use 1 detect ... 4 identify")
    site_of, eyes, blind, edges, geoms = _prepare(options, buildings)
    lg = lens_groups(options, site_of, catalogue, night=night)
    ranges = lg.option_ranges(len(options))
    out_id: list[object] = []
    out_lv: list[int] = []
    out_geom: list[shapely.Geometry] = []
    opt_ids = (
        options["option_id"].to_numpy()
        if "option_id" in options.columns
        else np.arange(len(options))
    )
    for s in np.flatnonzero(~blind):
        members = np.flatnonzero(site_of == s)
        rmax = float(ranges[members].max()) if len(members) else 0.0
        vis = (
            visible_region(eyes[s], rmax, edges, geoms)
            if edges is not None and rmax > 0
            else sector_polygon(eyes[s, 0], eyes[s, 1], 0.0, 360.0, rmax * 1.001)
        )
        for j in members:
            row = options.iloc[j]
            model = catalogue[row["model"]]
            fov = (
                360.0
                if model.panoramic and float(row["hfov_deg"]) >= 360.0
                else float(row["hfov_deg"])
            )
            for lv in levels:
                sector = sector_polygon(
                    eyes[s, 0],
                    eyes[s, 1],
                    float(row["orientation_deg"]),
                    fov,
                    float(ranges[j, lv - 1]),
                )
                geom = polygonal_part(shapely.intersection(sector, vis))
                if geom is not None:
                    out_id.append(opt_ids[j])
                    out_lv.append(int(lv))
                    out_geom.append(geom)
    return gpd.GeoDataFrame(
        {"option_id": out_id, "level": np.asarray(out_lv, dtype=np.int64)},
        geometry=out_geom,
        crs=options.crs,
    )


#: Zone areas a view holds below this (m²: a square 30 micrometres wide) are the polygon
#: overlay's floating-point noise, not a view into a home, and count as 0.
PRIVACY_NOISE_M2 = 1e-9


def privacy_intrusion(
    options: gpd.GeoDataFrame,
    privacy_zones: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    catalogue: Mapping[str, CameraModel],
    *,
    min_level: int = 2,
    progress: Progress | None = None,
) -> np.ndarray:
    """Area of privacy zones each option sees at ``min_level`` or better (daytime ranges).

    Only the part of a zone outside building footprints and in line of sight counts: draw zones
    for gardens, balconies and a strip in front of windows rather than as building footprints.

    Parameters
    ----------
    options
        Options (rows of :func:`build_options`).
    privacy_zones
        Zone polygons (may be empty).
    buildings
        Building footprints.
    catalogue
        Camera models by id.
    min_level
        DORI level from which viewing a zone counts (default 2, observe).
    progress
        Called as ``progress(mounts_done, mounts_total)`` as the mounts near zones are done (a
        city's privacy step takes minutes; the bar had sat at the coverage step's 100 %).

    Returns
    -------
    numpy.ndarray
        Square metres per option (row order), 0 where no zone is seen (or less than
        :data:`PRIVACY_NOISE_M2`).
    """
    if min_level not in (1, 2, 3, 4):
        raise InputError(f"min_level = {min_level!r} must be a DORI level 1..4")
    out = np.zeros(len(options))
    if len(privacy_zones) == 0 or len(options) == 0:
        return out
    site_of, eyes, blind, edges, geoms = _prepare(options, buildings)
    lg = lens_groups(options, site_of, catalogue, night=False)
    reach = lg.option_ranges(len(options))[:, min_level - 1]
    same_crs(options=options, privacy_zones=privacy_zones)
    zones = privacy_zones.geometry.to_numpy()
    bad = ~shapely.is_valid(zones) | ~np.isin(
        shapely.get_type_id(zones),
        [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON],
    )
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        zid = privacy_zones["zone_id"].iloc[i] if "zone_id" in privacy_zones.columns else i
        raise InputError(
            f"privacy zones layer: zone {_show(zid)!r} is not a valid polygon; repair or drop it"
        )
    seen = _privacy.intrusion(
        eyes=eyes,
        blind=blind,
        site_of=site_of,
        reach=reach,
        orientation=options["orientation_deg"].to_numpy(dtype=float),
        hfov=options["hfov_deg"].to_numpy(dtype=float),
        zones=zones,
        edges=edges,
        geoms=geoms,
        progress=progress,
    )
    # (overlay noise: a spike polygon GEOS leaves in a difference had excluded an option for
    # 2e-16 m² of zone, and the same zone corner read 1e-13 m² one way and 0 the other)
    seen[seen < PRIVACY_NOISE_M2] = 0.0
    return seen
