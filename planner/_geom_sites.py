"""Checks and helpers for the sites layer and option building (used by :mod:`planner.coverage`)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner._bearing import convergence, grid_bearing
from planner._geom import checked_numbers
from planner._io_check import column_label
from planner.cameras import MOUNT_TYPES, CameraModel
from planner.errors import InputError


def col(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Column as an object array, or all None if the column is absent."""
    if name in frame.columns:
        return frame[name].to_numpy(dtype=object)
    return np.full(len(frame), None, dtype=object)


def null(v: object) -> bool:
    """Whether a cell is missing (None, NaN or pandas NA)."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def check_sites(sites: gpd.GeoDataFrame) -> None:
    """Validate the sites layer: columns, unique ids, point geometry, mount types, costs."""
    if not isinstance(sites, gpd.GeoDataFrame):
        raise InputError(f"sites: expected a GeoDataFrame, got {type(sites).__name__}")
    missing = [c for c in ("site_id", "mount_type", "install_cost_sek") if c not in sites.columns]
    if missing:
        raise InputError(
            f"sites layer: missing column(s) {missing}; add them (see docs/architecture.md)"
        )
    ids = sites["site_id"]
    if ids.duplicated().any():
        raise InputError(
            f"sites layer: duplicate site_id {ids[ids.duplicated()].tolist()[:5]}; make ids unique"
        )
    geoms = sites.geometry.to_numpy()
    bad = (shapely.get_type_id(geoms) != shapely.GeometryType.POINT) | shapely.is_empty(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"sites layer: site {ids.iloc[i]!r} is not a non-empty Point; give point geometry"
        )
    mt = sites["mount_type"].to_numpy(dtype=object)
    bad = ~np.isin(mt, list(MOUNT_TYPES))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"sites layer: site {ids.iloc[i]!r} has mount_type {mt[i]!r}; "
            f"use one of {list(MOUNT_TYPES)}"
        )
    checked_numbers(
        sites,
        "install_cost_sek",
        lambda i: f"sites layer: site {ids.iloc[i]!r}",
        fix="give a finite number >= 0",
    )


#: How far (degrees) an existing camera's grid bearing and its bearing from true north, both
#: given, may disagree after the conversion (a compass read to the degree, the map's rounding)
TRUE_NORTH_TOLERANCE_DEG = 0.5


def with_grid_orientations(sites: gpd.GeoDataFrame, crs: str, *, where: str,
                           columns: Mapping[str, str] | None = None) -> gpd.GeoDataFrame:
    """The sites with ``existing_orientation_deg`` taken from ``existing_orientation_true_deg``.

    An existing camera's direction may be given as the grid bearing of ``crs``
    (``existing_orientation_deg``, as measured on a map in that CRS) or from true north
    (``existing_orientation_true_deg``, as a compass corrected for declination or a map app
    gives it; the outputs' ``orientation_true_deg``): the latter becomes the former at the
    site, true bearing − meridian convergence, to 0.1° (:func:`planner._bearing.grid_bearing`).
    Where both are given they must agree within :data:`TRUE_NORTH_TOLERANCE_DEG`; the grid
    bearing is then kept. A camera with neither is refused later, with its model
    (``planner._plan_checks``: a panoramic one needs none).

    Parameters
    ----------
    sites
        The sites layer, read and in ``crs``.
    crs
        The scenario's metric CRS.
    where
        The file, for the message.
    columns
        The layer's ``data.columns`` mapping, to name its columns as the file does.

    Raises
    ------
    InputError
        For a site whose two bearings disagree (the first such site).
    """
    if "existing_orientation_true_deg" not in sites.columns or not len(sites):
        return sites
    true = pd.to_numeric(sites["existing_orientation_true_deg"], errors="coerce").to_numpy(float)
    given = np.isfinite(true)
    if not given.any():
        return sites
    grid_col, true_col = (column_label(c, columns, quote=False) for c in
                          ("existing_orientation_deg", "existing_orientation_true_deg"))
    wild = given & ~((true >= -360.0) & (true <= 360.0))
    if wild.any():
        i = int(np.flatnonzero(wild)[0])
        raise InputError(
            f"{where}: sites layer: site {sites['site_id'].iloc[i]}: {true_col} {true[i]:g} is "
            "not a bearing; give the camera's direction from true north in 0..360 (clockwise)"
        )
    grid = pd.to_numeric(sites["existing_orientation_deg"], errors="coerce").to_numpy(float)
    xy = shapely.get_coordinates(sites.geometry.to_numpy())
    converted = np.full(len(sites), np.nan)
    converted[given] = grid_bearing(true[given], xy[given, 0], xy[given, 1], crs)
    both = given & np.isfinite(grid)
    apart = np.abs(np.mod(grid - converted + 180.0, 360.0) - 180.0)
    bad = both & (np.round(apart, 6) > TRUE_NORTH_TOLERANCE_DEG)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        gamma = float(convergence(xy[i, 0], xy[i, 1], crs)[0])
        raise InputError(
            f"{where}: sites layer: site {sites['site_id'].iloc[i]}: {grid_col} {grid[i]:g} (grid "
            f"bearing of {crs}) and {true_col} {true[i]:g} (from true north) disagree by "
            f"{apart[i]:.1f}° ({true[i]:g}° from true north is {converted[i]:g}° on the grid there, "
            f"the meridian convergence being {gamma:+.2f}°); give one of the two and clear the "
            "other"
        )
    out = sites.copy()
    out["existing_orientation_deg"] = np.where(given & ~both, converted, grid)
    return out


def existing_option(
    site_id: object,
    i: int,
    mount: object,
    bid: object,
    model_id: object,
    orient: object,
    fov: object,
    facing: float,
    catalogue: Mapping[str, CameraModel],
) -> tuple[object, ...]:
    """The option row of an existing camera (cost 0), validated against the catalogue.

    Its investment is 0 too (it is bought); its yearly cost is the model's, paid from other
    budgets than the plan's.
    """
    if model_id not in catalogue:
        raise InputError(
            f"sites layer: site {site_id!r} has existing_model {model_id!r}, which is not in the "
            f"camera catalogue (models: {sorted(catalogue)}); add it to the catalogue or fix the id"
        )
    model = catalogue[str(model_id)]
    if null(fov):
        zoom = max(model.hfov_deg)
    elif float(fov) in model.hfov_deg:  # type: ignore[arg-type]
        zoom = float(fov)  # type: ignore[arg-type]
    else:
        raise InputError(
            f"sites layer: site {site_id!r} has existing_hfov_deg {fov!r}, not a zoom setting of "
            f"{model.id!r} {list(model.hfov_deg)}; use one of them"
        )
    if null(orient):
        if not model.panoramic:
            raise InputError(
                f"sites layer: site {site_id!r} has an existing {model.id!r} camera but no "
                "existing_orientation_deg; give its grid bearing in the scenario's CRS (0 = grid "
                "north, clockwise)"
            )
        ang = float(facing)
    else:
        ang = float(orient) % 360.0  # type: ignore[arg-type]
        if not math.isfinite(ang):
            raise InputError(
                f"sites layer: site {site_id!r} has existing_orientation_deg {orient!r}"
            )
    return (site_id, i, mount, model.id, zoom, ang, 0.0, True, bid, 0.0, float(model.yearly_sek))


def same_crs(**frames: gpd.GeoDataFrame) -> None:
    """Raise if the layers' CRSs differ (layers without a CRS are not compared)."""
    named = [(k, f.crs) for k, f in frames.items() if getattr(f, "crs", None) is not None]
    for name, crs in named[1:]:
        if crs != named[0][1]:
            raise InputError(
                f"{name}: CRS {crs.to_string()} differs from the {named[0][0]} CRS "
                f"{named[0][1].to_string()}; reproject every layer to the scenario CRS"
            )
