"""The checks of a layer in memory: :func:`check_layer` and its repairs.

Types first, then CRS, validity, uniqueness (as geopandas' ``clip`` does); polygons repaired
where the repair stays polygonal, ids and labels as text, yes/no flags as booleans, fixed
choices in lower case, degrees in the wrong axis order refused. All problems of one layer are
collected and reported together in one :class:`~planner.errors.InputError`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner._geom import polygonal_part
from planner._io_specs import POLYGONAL, PUNCTUAL, LayerSpec
from planner.errors import InputError, counted, plural

# (the layer checks' logger, as before they left planner.io: the CLI prints its name)
log = logging.getLogger("planner.io")


def column_label(column: str, columns: Mapping[str, str] | None, *, quote: bool = True) -> str:
    """A planner column as messages name it, with the layer's own name when mapped to it.

    ``'population' (your 'BEF_TOT')``; see ``data.columns``.
    """
    name = repr(column) if quote else column
    theirs = (columns or {}).get(column)
    return f"{name} (your {theirs!r})" if theirs is not None and theirs != column else name


def check_layer(
    frame: gpd.GeoDataFrame, spec: LayerSpec, *, crs: str, where: str,
    sources: Mapping[str, str] | None = None, crs_key: str | None = None,
    from_csv: bool = False,
) -> gpd.GeoDataFrame:
    """Check and normalise a layer already in memory (see :func:`read_layer`).

    ``crs_key``: the ``[data.crs]`` key that gave the layer its CRS, if one did: a CRS that
    does not fit the coordinates is then the scenario's mistake, and the message says so.
    ``from_csv``: the layer is a CSV's, whose numbers may have a decimal comma and spaces
    between their thousands (the messages say what such a number may hold).
    """
    problems: list[str] = []

    def col(column: str, quote: bool = True) -> str:
        return column_label(column, sources, quote=quote)

    if not isinstance(frame, gpd.GeoDataFrame) or frame._geometry_column_name not in frame:
        # (a CSV or an attribute-only table: "'DataFrame' object has no attribute 'crs'", exit 1)
        raise InputError(
            f"{where}: the {spec.kind} layer has no geometry (a table without "
            f"{'points' if spec.geom_types == PUNCTUAL else 'polygons'}"
            f"{' or points' if spec.takes_points and spec.geom_types != PUNCTUAL else ''}); "
            "save it as a "
            "GeoPackage or GeoJSON layer with its CRS"
            + (" (or as a CSV with x and y columns)" if spec.takes_points else "")
        )
    if len(frame) == 0:
        # (an optional layer with nothing in it is left out: "needs a feature" had read as
        # "draw a dummy one")
        alone = ("" if spec.key in ("areas", "sites") else
                 f" (if there are none, leave data.{spec.key} out of the scenario)")
        raise InputError(
            f"{where}: the {spec.kind} layer is empty; it needs at least one feature{alone}")
    if frame.crs is None:
        raise InputError(
            f"{where}: the {spec.kind} layer has no CRS; declare one (e.g. EPSG:3006) when saving it, "
            f"or name it in the scenario ([data.crs] {spec.key} = \"EPSG:3006\")"
        )
    frame = frame.copy()
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        n = int(missing.sum())
        problems.append(
            f"{counted(n, len(frame), 'feature', ('has no geometry', 'have no geometry'))} "
            f"({_ids(frame, spec, missing)}); draw {_them(n)} or delete {_them(n)}"
        )
    types = shapely.get_type_id(geoms)
    names = np.array(
        [
            "Point",
            "LineString",
            "LinearRing",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ]
    )
    type_names = np.where(types >= 0, names[np.clip(types, 0, 7)], "none")
    if spec.takes_points:
        multi = (type_names == "MultiPoint") & (shapely.get_num_geometries(geoms) == 1)
        if multi.any():
            geoms = np.where(multi, shapely.get_geometry(geoms, 0), geoms)
            type_names = np.where(multi, "Point", type_names)
    wrong = ~np.isin(type_names, spec.geom_types) & ~missing
    if wrong.any():
        found = ", ".join(sorted(set(type_names[wrong])))
        n = int(wrong.sum())
        problems.append(
            f"{counted(n, len(frame), 'feature', ('is', 'are'))} {found}, expected "
            f"{'/'.join(spec.geom_types)} ({_ids(frame, spec, wrong)}); convert or remove "
            f"{_them(n)}"
        )
    if shapely.has_z(geoms[~missing]).any():
        geoms = shapely.force_2d(geoms)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    has = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name) or "none"
    for column in spec.required:
        if column not in frame.columns:
            problems.append(
                f"column {column!r} is missing (the layer has: {has}); add it (see "
                "docs/architecture.md) or name your column for it in the scenario: "
                f"[data.columns.{spec.key}] {column} = \"YOUR_COLUMN\""
                + "".join(f"; {hint}" for c, hint in spec.hints if c == column))
    for column in spec.numeric:
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce")
            bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
            # (true/false is no number: a population of true had been read as 1)
            bad |= frame[column].map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
            if bad.any():
                given = [repr(v) for v in dict.fromkeys(frame.loc[bad, column].astype(str))][:3]
                problems.append(
                    f"column {col(column)} has "
                    f"{plural(int(bad.sum()), 'missing or non-numeric value')} "
                    f"({_ids(frame, spec, bad.to_numpy())}; got {', '.join(given)}); give finite "
                    + ("numbers (digits with the file's decimal mark, thousands grouped by spaces "
                       "or not, no unit or other text)" if from_csv else
                       "numbers (a point as decimal mark, no spaces)")
                )
            elif column in spec.non_negative and (values < 0).any():
                neg = (values < 0).to_numpy()
                problems.append(
                    f"column {col(column)} has {plural(int(neg.sum()), 'negative value')} "
                    f"({_ids(frame, spec, neg)}); "
                    "give numbers >= 0"
                )
            else:
                frame[column] = values
    if spec.id_column is not None and spec.id_column not in frame.columns and spec.id_required:
        # (made-up ids had let a renamed id column through: areas 'areas-0', sites 'sites-0' in
        # every output, and a camera register no longer traceable to the lamp inventory)
        others = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)
        problems.append(f"column {spec.id_column!r} is missing (the layer has: {others}); add "
                        f"one unique {spec.id_column} per feature or name your id column in the "
                        f"scenario: [data.columns.{spec.key}] "
                        f"{spec.id_column} = \"YOUR_ID\"")
    elif spec.id_column is not None:
        if spec.id_column not in frame.columns:
            frame[spec.id_column] = [f"{spec.kind.split()[0]}-{i}" for i in range(len(frame))]
        ids = id_text(frame[spec.id_column])
        if (ids.isna() | ids.eq("")).any():
            problems.append(f"column {col(spec.id_column)} has empty ids; give every feature an id")
        frame[spec.id_column] = ids
        dup = frame[spec.id_column].duplicated(keep=False) & frame[spec.id_column].notna()
        if dup.any():
            shown = ", ".join(sorted(set(frame.loc[dup, spec.id_column]))[:5])
            problems.append(f"duplicate {col(spec.id_column, quote=False)} values: {shown}; ids must be unique")
    for column in spec.optional_numeric:
        if column in frame.columns:
            cells = frame[column]
            empty = cells.isna() | cells.map(lambda v: isinstance(v, str) and not v.strip())
            values = pd.to_numeric(cells.where(~empty), errors="coerce")
            bad = ~empty & (values.isna() | ~np.isfinite(values.to_numpy(dtype=float,
                                                                           na_value=np.nan)))
            bad |= cells.map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
            if bad.any():
                given = [repr(v) for v in dict.fromkeys(frame.loc[bad, column].astype(str))][:3]
                problems.append(
                    f"column {col(column)} has {plural(int(bad.sum()), 'non-numeric value')} "
                    f"({_ids(frame, spec, bad.to_numpy())}; got {', '.join(given)}); give a "
                    + ("number (digits with the file's decimal mark, no unit or other text)"
                       if from_csv else "number (a point as decimal mark)")
                    + " or leave it empty")
            else:
                frame[column] = values.astype(float)
    for column in spec.flags:
        if column in frame.columns:
            flags, unknown = _flags(frame[column])
            if unknown:
                problems.append(
                    f"column {col(column)} has {_values(len(unknown))} "
                    f"{', '.join(map(repr, unknown[:3]))} that {_are(len(unknown))} not yes/no; "
                    "give true/false (or 1/0, yes/no)"
                )
            frame[column] = flags
    defaults = dict(spec.defaults)
    for column, allowed in spec.choices:
        if column in frame.columns:
            # (a home tagged "Residential" had silently not been a home: a third of the demand
            # near homes was lost and the plan changed)
            empty = frame[column].isna() | frame[column].astype(str).str.strip().eq("")
            text = frame[column].astype(str).str.strip().str.lower()
            words = dict(dict(spec.aliases).get(column, ()))
            if words:
                first = text.str.split(";").str[0].str.strip()
                text = first.map(words).where(first.isin(list(words)), text)
            bad = ~empty & ~text.isin(allowed)
            also = (f" (or {', '.join(w for w, _ in dict(spec.aliases)[column])})"
                    if words else "")
            # (a required choice left empty, without a default: a site's mount_type had been
            # "mount_type nan is not one of lamp_post, pole, facade", after this check)
            if column in spec.required and defaults.get(column) is None and empty.any():
                problems.append(
                    f"column {col(column)} has {plural(int(empty.sum()), 'empty value')} "
                    f"({_ids(frame, spec, empty.to_numpy())}); use one of {', '.join(allowed)}"
                    f"{also}, or give the layer's default in the scenario ([data.defaults] "
                    f"{spec.key}.{column} = \"{allowed[0]}\")")
            if bad.any():
                # every distinct value (up to a screenful): the fix is a mapping of them all
                values = list(dict.fromkeys(frame.loc[bad, column]))
                shown = ", ".join(repr(v) for v in values[:12])
                more = f" and {len(values) - 12} more" if len(values) > 12 else ""
                problems.append(
                    f"column {col(column)} has {_values(len(values))} {shown}{more} "
                    f"({_ids(frame, spec, bad.to_numpy())}); use one of {', '.join(allowed)}{also}"
                )
            frame[column] = text.where(~empty, defaults.get(column))
    if problems:
        raise InputError(f"{where}: {spec.kind} layer: " + "; ".join(problems))
    for column in spec.references:
        if column in frame.columns:
            # (a blank reference is none: an empty building_id had been "building_id , not in
            # the buildings layer")
            ids = id_text(frame[column])
            frame[column] = pd.Series([None if v is None or not v.strip() else v for v in ids],
                                      index=ids.index, dtype=object)
    for column in spec.labels:
        if column in frame.columns and spec.id_column is not None:
            text = id_text(frame[column]).str.strip()
            frame[column] = text.where(text.notna() & text.ne(""), frame[spec.id_column])
    for column, default in spec.defaults:
        if column not in frame.columns:
            frame[column] = default
    if frame.crs.is_geographic and not missing.all():
        x0, y0, x1, y1 = shapely.total_bounds(geoms[~missing])
        if not (-180.0 <= x0 <= x1 <= 360.0 and -90.0 <= y0 <= y1 <= 90.0):
            if crs_key is not None:
                raise InputError(
                    f"{where}: the scenario's [data.crs] {crs_key} = "
                    f"{frame.crs.to_string()!r} reads the {spec.kind} layer in degrees, but its "
                    f"coordinates ({x0:.6g}, {y0:.6g}) are not degrees; correct data.crs."
                    f"{crs_key} in the scenario to the CRS of the file's coordinates (e.g. "
                    "EPSG:3006)")
            raise InputError(
                f"{where}: the {spec.kind} layer declares the geographic CRS "
                f"{frame.crs.to_string()} but its coordinates ({x0:.6g}, {y0:.6g}) are not "
                "degrees; declare its real CRS (e.g. EPSG:3006) when saving it, or name it in "
                f"the scenario ([data.crs] {spec.key} = \"{crs}\")"
            )
        _check_axis_order(crs, (x0, y0, x1, y1), spec, where)
    elif frame.crs.is_projected and not missing.all():
        bounds = tuple(shapely.total_bounds(geoms[~missing]))
        _check_projected_order(frame.crs, bounds, spec, where)
        _check_degrees_as_metres(frame.crs, bounds, spec, where, crs_key, from_csv=from_csv)
        _check_declared_area(frame.crs, bounds, crs, spec, where, crs_key)
    try:
        frame = frame.to_crs(crs)
    except Exception as exc:
        raise InputError(
            f"{where}: cannot reproject the {spec.kind} layer to {crs} ({exc}); check its CRS"
        ) from None
    if spec.geom_types == POLYGONAL:
        frame = _repair_polygons(frame, spec, where)
    bounds = frame.total_bounds
    if not np.all(np.isfinite(bounds)) or np.abs(bounds).max() > 1e8:
        raise InputError(
            f"{where}: the {spec.kind} layer has coordinates outside {crs}'s range; check its CRS"
        )
    return frame.reset_index(drop=True)


def _check_axis_order(crs: str, bounds: tuple[float, ...], spec: LayerSpec, where: str) -> None:
    """Refuse degrees in (latitude, longitude) order.

    Such degrees lie where the scenario's CRS is made for only when swapped: Katrineholm as
    x 58.99, y 16.19 had been reported as a CRS that stretches distances by 1.34 "at latitude
    16.19".
    """
    import pyproj

    area = pyproj.CRS(crs).area_of_use
    if area is None or not (area.east < area.south or area.north < area.west):
        # (only where no longitude of the CRS's area is also one of its latitudes can a swap be
        # told from a CRS made for another place: UTM 33N, 12-18 E, 0-84 N, had called
        # well-ordered degrees of 5 E, 13 N "swapped")
        return
    x0, y0, x1, y1 = bounds

    def inside(w: float, s: float, e: float, n: float) -> bool:
        return area.west <= w and e <= area.east and area.south <= s and n <= area.north

    if inside(y0, x0, y1, x1) and not inside(x0, y0, x1, y1):
        raise InputError(
            f"{where}: the {spec.kind} layer's coordinates are latitude, longitude in the wrong "
            f"order (x {x0:.4f}, y {y0:.4f}; swapped, they lie in {area.name.split('.')[0]}, the "
            f"area {crs} is made for); save the layer with longitude as x and latitude as y"
        )


def _check_projected_order(crs: Any, bounds: tuple[float, ...], spec: LayerSpec,
                           where: str) -> None:
    """Refuse eastings and northings in the wrong order.

    Swedish surveying calls the northing X (a register's "X 6547450, Y 590605"), and such a file
    read as x, y lies far outside the CRS's area, where the swapped coordinates lie inside it;
    it had been refused only as "every site outside the study area".
    """
    import pyproj

    try:
        area = pyproj.CRS(crs).area_of_use
        if area is None:
            return
        transformer = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        w, s, e, n = transformer.transform_bounds(area.west, area.south, area.east, area.north)
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError):
        return
    if not all(np.isfinite((w, s, e, n))):
        return
    pad = 0.05 * max(e - w, n - s)  # (transformed bounds of a curved area are approximate)

    def inside(x0: float, y0: float, x1: float, y1: float) -> bool:
        return w - pad <= x0 and x1 <= e + pad and s - pad <= y0 and y1 <= n + pad

    x0, y0, x1, y1 = bounds
    if inside(y0, x0, y1, x1) and not inside(x0, y0, x1, y1):
        raise InputError(
            f"{where}: the {spec.kind} layer's coordinates are northing, easting in the wrong "
            f"order (x {x0:.1f}, y {y0:.1f}; swapped, they lie in the area "
            f"{pyproj.CRS(crs).to_string()} is made for); give the easting as x (Swedish "
            "surveying's Y) and the northing as y (its X)"
        )


def _projected_area(crs: Any) -> tuple[float, float, float, float, str] | None:
    """The bounds of the area ``crs`` is made for, in its own coordinates, and the area's name."""
    import pyproj

    try:
        parsed = pyproj.CRS(crs)
        area = parsed.area_of_use
        if area is None or not parsed.is_projected:
            return None
        transformer = pyproj.Transformer.from_crs("EPSG:4326", parsed, always_xy=True)
        w, s, e, n = transformer.transform_bounds(area.west, area.south, area.east, area.north)
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError):
        return None
    if not all(np.isfinite((w, s, e, n))):
        return None
    return w, s, e, n, area.name.split(".")[0]


#: Degrees within this of (0°, 0°) lie in open sea (the Gulf of Guinea: the nearest coast,
#: Ghana's and São Tomé's, is 550 km and more away).
OPEN_SEA_DEG = 1.0


def _check_degrees_as_metres(declared: Any, bounds: tuple[float, ...], spec: LayerSpec,
                             where: str, crs_key: str | None, *, from_csv: bool = False) -> None:
    """Refuse longitude, latitude degrees read in a projected CRS in metres.

    Katrineholm's areas in degrees (16.2, 59.0) read as SWEREF 99 TM metres (a ``[data.crs]``
    equal to the scenario's, or a file that declares it without having been reprojected) lie
    6,000 km south of Sweden, 59 m from the equator: they had been refused as "every site outside
    the study area", naming the sites file; in UTM 33N (EPSG:32633) or EPSG:3857 they still
    were. Refused where every coordinate could be a degree, read as degrees the layer lies
    inside the area the CRS is made for, and read as metres it lies where the CRS has no data
    (:func:`_no_place_at`): such numbers lie within 201 m of the CRS's origin, which is a place
    for its data only where the origin is in the CRS's area and on land (a polar stereographic
    CRS's South Pole is; UTM's origin, 500 km west of its zone's meridian on the equator, and
    SWEREF 99 TM's are outside their areas, and EPSG:3857's and the world CRSs', 0°, 0°, is open
    sea).
    """
    import pyproj

    x0, y0, x1, y1 = bounds
    if not (-180.0 <= x0 <= x1 <= 180.0 and -90.0 <= y0 <= y1 <= 90.0):
        return
    try:
        parsed = pyproj.CRS(declared)
        area = parsed.area_of_use
        metres = parsed.is_projected and all(
            axis.unit_name in ("metre", "meter") for axis in parsed.axis_info[:2])
    except pyproj.exceptions.CRSError:
        return
    if area is None or not metres or not (area.west <= x0 and x1 <= area.east
                                          and area.south <= y0 and y1 <= area.north):
        return
    if not _no_place_at(parsed, area, ((x0 + x1) / 2, (y0 + y1) / 2)):
        return
    name = area.name.split(".")[0]
    shown = parsed.to_string()
    # (a CSV declares no CRS: without [data.crs] its x, y are read in the scenario's, and the
    # message had said "the layer declares" it and to declare EPSG:4326 when saving it)
    said = (f"the scenario's [data.crs] {crs_key} = {shown!r} reads" if crs_key is not None
            else f"the CSV's x, y are read in the scenario's crs, {shown}, which reads"
            if from_csv else f"the layer declares {shown}, which reads")
    fix = (f'correct data.crs.{crs_key} in the scenario to "EPSG:4326"' if crs_key is not None
           else f'name its columns lon, lat, or name the CRS in the scenario ([data.crs] '
                f'{spec.key} = "EPSG:4326")' if from_csv
           else f'declare EPSG:4326 when saving it, or name it in the scenario ([data.crs] '
                f'{spec.key} = "EPSG:4326")')
    raise InputError(
        f"{where}: {said} the {spec.kind} layer's coordinates ({x0:.4f}, {y0:.4f}) in metres, "
        f"but they are longitude, latitude degrees (read so, they lie in {name}); {fix}")


def _no_place_at(crs: Any, area: Any, point: tuple[float, float]) -> bool:
    """Whether ``point``, in ``crs``'s metres near its origin, is where no data of ``crs`` lies.

    Outside the area ``crs`` is made for (its longitude, latitude bounds), or in open sea
    within :data:`OPEN_SEA_DEG` of 0°, 0°, or no place at all (the projection is undefined
    there).
    """
    import pyproj

    try:
        lon, lat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(
            *point, errcheck=True)
    except pyproj.exceptions.ProjError:
        return True
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return True
    outside = not (area.west <= lon <= area.east and area.south <= lat <= area.north)
    return outside or (abs(lon) <= OPEN_SEA_DEG and abs(lat) <= OPEN_SEA_DEG)


def _check_declared_area(declared: Any, bounds: tuple[float, ...], crs: str, spec: LayerSpec,
                         where: str, crs_key: str | None) -> None:
    """Refuse projected coordinates that fit the scenario's CRS but not the CRS declared.

    SWEREF 99 TM coordinates saved as RT 90 (or read so by ``[data.crs]``) lie ~1,000 km from
    RT 90's area: they had been refused only as "every site outside the study area", naming
    the sites file, where the areas layer was the wrong one. Only coordinates far outside the
    declared CRS's area (100 km, or 5 % of its extent, beyond it) that lie in the area of the
    scenario's CRS are refused: a CRS used a little beyond its area (UTM 33N across Sweden,
    RT 90 2.5 gon V over the whole country) passes.
    """
    import pyproj

    try:
        if pyproj.CRS(declared) == pyproj.CRS(crs):
            return
    except pyproj.exceptions.CRSError:
        return
    own, theirs = _projected_area(declared), _projected_area(crs)
    if own is None or theirs is None:
        return
    x0, y0, x1, y1 = bounds

    def inside(area: tuple[float, float, float, float, str], pad: float) -> bool:
        w, s, e, n, _ = area
        return w - pad <= x0 and x1 <= e + pad and s - pad <= y0 and y1 <= n + pad

    far = max(1e5, 0.05 * max(own[2] - own[0], own[3] - own[1]))
    near = 0.05 * max(theirs[2] - theirs[0], theirs[3] - theirs[1])
    if inside(own, far) or not inside(theirs, near):
        return
    name = f"{pyproj.CRS(declared).to_string()} ({pyproj.CRS(declared).name})"
    fits = (f"far outside the area that CRS is made for, and read in the scenario's crs {crs} "
            f"they lie in {theirs[4]}")
    if crs_key is not None:
        raise InputError(
            f"{where}: the scenario's [data.crs] {crs_key} = {pyproj.CRS(declared).to_string()!r} "
            f"({pyproj.CRS(declared).name}) puts the {spec.kind} layer's coordinates "
            f"({x0:.0f}, {y0:.0f}) {fits}; correct data.crs.{crs_key} in the scenario to the CRS "
            f"of the file's coordinates ({crs}?)")
    raise InputError(
        f"{where}: the {spec.kind} layer declares {name}, but its coordinates ({x0:.0f}, "
        f"{y0:.0f}) lie {fits}; declare the CRS of its coordinates when saving it ({crs}?), or "
        f"name it in the scenario ([data.crs] {spec.key} = \"{crs}\")")


def id_text(values: pd.Series) -> pd.Series:
    """Ids as text, empty values kept empty (``None``); whole numbers without a decimal part.

    Spaces around an id are dropped: a register's ``"0428003 "`` is lamp ``0428003``.

    A numeric column with an empty cell is read as floats: the façade mount's building 17 had
    become ``'17.0'`` and was "not in the buildings layer", whose 17 was ``'17'``.
    """
    def text(value: Any) -> str | None:
        if value is None or (isinstance(value, float) and not np.isfinite(value)):
            return None
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            return str(int(value))
        if value is pd.NA or value is pd.NaT:
            return None
        # (spaces around an id are none of it: "0428003 " had been a second mount 0428003)
        return str(value).strip()

    return pd.Series([text(v) for v in values.to_numpy(dtype=object)], index=values.index,
                     dtype=object)


_YES = frozenset({"true", "yes", "ja", "1", "y", "t"})
_NO = frozenset({"false", "no", "nej", "0", "n", "f", ""})


def _flags(values: pd.Series) -> tuple[pd.Series, list[str]]:
    """Yes/no values as booleans (empty: no) and the values that are neither."""
    out, unknown = [], []
    for value in values.to_numpy(dtype=object):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            out.append(False)
        elif isinstance(value, (bool, np.bool_, int, float, np.integer, np.floating)) and (
                value in (0, 1)):
            out.append(bool(value))
        elif isinstance(value, str) and value.strip().lower() in _YES | _NO:
            out.append(value.strip().lower() in _YES)
        else:
            out.append(False)
            if str(value) not in unknown:
                unknown.append(str(value))
    return pd.Series(out, index=values.index, dtype=bool), unknown


def _repair_polygons(frame: gpd.GeoDataFrame, spec: LayerSpec, where: str) -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    invalid = ~shapely.is_valid(geoms)
    if not invalid.any():
        return frame
    fixed = shapely.make_valid(geoms[invalid])
    polys = np.array([polygonal_part(g) for g in fixed], dtype=object)
    broken = np.array([p is None or p.is_empty for p in polys])
    if broken.any():
        mask = np.zeros(len(frame), dtype=bool)
        mask[np.flatnonzero(invalid)[broken]] = True
        raise InputError(
            f"{where}: {spec.kind} layer: {plural(int(broken.sum()), 'invalid polygon')} cannot "
            f"be repaired ({_ids(frame, spec, mask)}); fix {_them(int(broken.sum()))} in a GIS "
            "(e.g. QGIS 'Fix geometries')"
        )
    # (named: a bow-tie area repaired to its two triangles had lost half of it without a word
    # of which one)
    log.warning("%s: repaired %s (%s); check %s: a self-crossing outline keeps only the parts it "
                "encloses", where, plural(int(invalid.sum()), f"invalid {spec.kind} polygon"),
                _ids(frame, spec, invalid), _them(int(invalid.sum())))
    new = geoms.copy()
    new[invalid] = polys
    return frame.set_geometry(gpd.GeoSeries(new, index=frame.index, crs=frame.crs))


def _ids(frame: pd.DataFrame, spec: LayerSpec, mask: np.ndarray) -> str:
    rows = np.flatnonzero(np.asarray(mask))
    if spec.id_column and spec.id_column in frame.columns:
        shown = [str(frame[spec.id_column].iloc[i]) for i in rows[:5]]
    else:
        shown = [f"feature {i}" for i in rows[:5]]
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return ", ".join(shown) + more


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


def _values(n: int) -> str:
    return "value" if n == 1 else "values"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"
