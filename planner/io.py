"""Reading and writing layers: every check on user files happens here, at the edge.

Layers are read with pyogrio (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, ...), checked (types first,
then CRS, validity, uniqueness, as geopandas' ``clip`` does) and reprojected to the scenario's metric
CRS. All problems of one layer are collected and reported together in one line.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner._geom import polygonal_part
from planner.errors import InputError

log = logging.getLogger(__name__)

POLYGONAL = ("Polygon", "MultiPolygon")
PUNCTUAL = ("Point",)


@dataclass(frozen=True)
class LayerSpec:
    """What a layer must hold."""

    kind: str
    id_column: str | None
    geom_types: tuple[str, ...]
    required: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()
    non_negative: tuple[str, ...] = ()
    defaults: tuple[tuple[str, Any], ...] = ()
    #: The id column must be there (other layers get ``KIND-N`` ids when it is not): area ids
    #: name the areas in every output and tie demand points to them; site ids are what the
    #: camera register and the cameras table point the lamp inventory to.
    id_required: bool = False
    #: Columns holding ids of another layer (a façade mount's ``building_id``, a demand point's
    #: ``area_id``): written as text the way the id column is (:func:`id_text`), empty stays empty.
    references: tuple[str, ...] = ()
    #: Text columns shown in outputs: a number becomes its text, an empty value the feature's id.
    labels: tuple[str, ...] = ()
    #: Yes/no columns: booleans, 1/0, or the words true/false, yes/no, ja/nej (any case).
    flags: tuple[str, ...] = ()
    #: Columns with a fixed set of values (read in lower case; empty: the column's default).
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Read date-time fields as their text (with the UTC offset written in the file): GDAL
    #: turns a column of mixed offsets (winter and summer time) into UTC, losing local times.
    dates_as_text: bool = False

    def columns(self) -> tuple[str, ...]:
        """Every column the planner reads from the layer."""
        named = (self.id_column,) if self.id_column else ()
        return (*named, *self.required, *self.numeric, *(c for c, _ in self.defaults))

    @property
    def key(self) -> str:
        """The layer's scenario key (``data.privacy_zones``, ``data.columns.privacy_zones``)."""
        return self.kind.replace(" ", "_")

    def mappable(self) -> tuple[str, ...]:
        """The columns a scenario may map to a layer's own names (``data.columns``)."""
        return tuple(dict.fromkeys((*self.columns(), *self.references)))


AREAS = LayerSpec(
    "areas",
    "area_id",
    POLYGONAL,
    required=("name", "population", "priority"),
    numeric=("population", "priority"),
    non_negative=("population", "priority"),
    id_required=True,
    labels=("name",),
)
#: What a building is; only ``residential`` ones are homes (demand near homes, façades in the
#: camera register).
BUILDING_KINDS = ("residential", "commercial", "public", "other")
BUILDINGS = LayerSpec("buildings", "building_id", POLYGONAL, defaults=(("kind", "other"),),
                      choices=(("kind", BUILDING_KINDS),))
SITES = LayerSpec(
    "sites",
    "site_id",
    PUNCTUAL,
    required=("mount_type", "install_cost_sek", "max_cameras"),
    numeric=("install_cost_sek", "max_cameras"),
    non_negative=("install_cost_sek",),
    defaults=(
        ("height_m", 6.0),
        ("building_id", None),
        ("existing_model", None),
        ("existing_orientation_deg", np.nan),
        ("approximate", False),
        ("note", ""),
    ),
    id_required=True,
    references=("building_id",),
    flags=("approximate",),
)
PRIVACY = LayerSpec("privacy zones", "zone_id", POLYGONAL, defaults=(("kind", "home"),))
DEMAND_POINTS = LayerSpec("demand points", None, PUNCTUAL, references=("area_id",))
#: Documented crimes and incidents (the record's ground for watching a place): where, and when
#: (``date`` as YYYY-MM-DD, with the time of day in ``time`` as HH:MM or in ``date`` itself).
INCIDENTS = LayerSpec("incidents", "incident_id", PUNCTUAL, required=("date",),
                      defaults=(("time", None), ("kind", "")), labels=("kind",),
                      dates_as_text=True)
#: The layers by their scenario key (``data.areas``, ..., ``data.columns.KEY``).
LAYER_SPECS = {"areas": AREAS, "sites": SITES, "buildings": BUILDINGS, "privacy_zones": PRIVACY,
               "demand_points": DEMAND_POINTS, "incidents": INCIDENTS}

#: Evening and night for the record's incident counts: from 18:00 to 06:00.
NIGHT_HOURS = (18, 6)


def incident_times(frame: gpd.GeoDataFrame, *, where: str,
                   columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each incident's day (``day``, NaT where not given) and hour of day (``hour``, NaN unknown).

    ``date`` holds a date (YYYY-MM-DD) or a date and time (``2024-03-01 22:15``, ISO 8601); the
    time of day may instead be in ``time`` (HH:MM), which wins. Values that are neither raise one
    :class:`InputError` naming the column, the features (their positions in ``frame``) and the
    form to write. The local time of day counts: a UTC offset written with it is dropped, not
    applied (a year of Swedish data mixes +01:00 and +02:00). A time of exactly 00:00 in
    ``date`` is read as no time of day, in every file format: registers write unknown times
    so, GDAL gives a date in a column of date-times as midnight, and a date-only incident must
    not count as a night one (give 00:00 in ``time`` to count it).
    """
    n = len(frame)
    day = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    hour = pd.Series(np.nan, index=frame.index)
    raw = frame["date"] if "date" in frame.columns else pd.Series([None] * n, index=frame.index)
    if pd.api.types.is_datetime64_any_dtype(raw):
        stamps = pd.to_datetime(raw)
        if stamps.dt.tz is not None:  # (in memory: the stamps' own zone's clock)
            stamps = stamps.dt.tz_localize(None)
        has_time = stamps.notna()
    else:
        text = _as_text(raw)
        # (the local time of day is what counts: a UTC offset is dropped, not applied)
        text = text.str.replace(r"(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$",
                                r"\1", regex=True)
        stamps = pd.to_datetime(text.where(text != ""), errors="coerce", format="ISO8601")
        _refuse_values(text, (text != "") & stamps.isna(), where=where,
                       column=column_label("date", columns), what="dates",
                       form="YYYY-MM-DD, or YYYY-MM-DD HH:MM")
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_localize(None)
        has_time = text.str.contains(r"\d[T ]\d", regex=True)
    day = stamps.dt.normalize()
    timed = has_time & stamps.notna() & (stamps != day)
    hour = hour.where(~timed, stamps.dt.hour + stamps.dt.minute / 60)
    if "time" in frame.columns:
        text = _as_text(frame["time"])
        parts = text.str.extract(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$").astype(float)
        _refuse_values(text, (text != "") & (parts[0].isna() | (parts[0] > 23) | (parts[1] > 59)),
                       where=where, column=column_label("time", columns),
                       what="times of day", form="HH:MM, e.g. 22:15")
        given = text != ""
        hour = hour.where(~given, parts[0] + parts[1] / 60)
    return pd.DataFrame({"day": day, "hour": hour}, index=frame.index)


def _as_text(values: pd.Series) -> pd.Series:
    """Each value as stripped text, missing ones (None, NaN) as ""."""
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
                      else str(v).strip())


def _refuse_values(text: pd.Series, bad: pd.Series, *, where: str, column: str, what: str,
                   form: str) -> None:
    """One :class:`InputError` naming the column, the first bad features (file order), the form."""
    if not bad.any():
        return
    rows = np.flatnonzero(bad.to_numpy())
    shown = ", ".join(f"{i} ({text.iloc[i]!r})" for i in rows[:3])
    raise InputError(f"{where}: column {column} has {len(rows)} value(s) that are not {what} "
                     f"(feature(s) {shown}); write {form}")


def at_night(hour: pd.Series) -> pd.Series:
    """Whether an hour of day (float) lies in :data:`NIGHT_HOURS` (unknown hours: False)."""
    start, end = NIGHT_HOURS
    return (hour >= start) | (hour < end)

MOUNT_TYPES = ("lamp_post", "pole", "facade")


#: Largest distortion of distances the metric CRS may have at the study area (1 %): camera
#: ranges, the demand grid and every distance in the scenario are metres on the ground.
MAX_SCALE_ERROR = 0.01


def metric_crs_problem(crs: str) -> str | None:
    """Why ``crs`` cannot be the planner's CRS (unknown, not projected, not in metres), or None.

    One wording for the scenario's key ``crs`` and ``planner import osm --crs``; whether the
    metres are true to scale at the study area is :func:`check_scale`'s question.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(crs)
    except CRSError:
        return f"unknown CRS {crs!r}; use e.g. 'EPSG:3006' (SWEREF 99 TM)"
    if not parsed.is_projected:
        return (f"CRS {crs!r} is not projected (metres needed); use e.g. 'EPSG:3006' "
                "(SWEREF 99 TM)")
    unit = parsed.axis_info[0].unit_name if parsed.axis_info else "metre"
    if unit not in ("metre", "meter"):
        return (f"CRS {crs!r} measures in {unit} (metres needed); use e.g. 'EPSG:3006' "
                "(SWEREF 99 TM)")
    return None


def check_scale(crs: str, frame: gpd.GeoDataFrame, *, where: str) -> None:
    """Refuse a metric CRS that stretches distances at the layer's place (Web Mercator).

    EPSG:3857 passes as "projected, in metres", but at 59° N its metre is 0.51 m on the ground,
    so every range came out 1.94 times too long (a scenario covered 5.6 % instead of 14 %).
    """
    from pyproj import Proj

    centre = frame.to_crs("EPSG:4326").total_bounds
    lon, lat = (centre[0] + centre[2]) / 2, (centre[1] + centre[3]) / 2
    if not (np.isfinite(lon) and np.isfinite(lat)):
        return
    factors = Proj(crs).get_factors(lon, lat)
    scale = max(factors.meridional_scale, factors.parallel_scale, key=lambda k: abs(k - 1.0))
    if not np.isfinite(scale) or abs(scale - 1.0) > MAX_SCALE_ERROR:
        raise InputError(
            f"{where}: the CRS {crs} stretches distances by {scale:.3g} at the study area "
            f"(latitude {lat:.2f}, longitude {lon:.2f}), and camera ranges, the demand grid and "
            "spacings are metres on the ground; use a metric CRS made for the place, e.g. "
            "EPSG:3006 (SWEREF 99 TM) in Sweden or the UTM zone"
        )


def read_layer(
    path: str | Path, spec: LayerSpec, *, crs: str, layer: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Read one layer, check it against ``spec`` and reproject it to ``crs``.

    ``columns`` maps the planner's column names to the layer's own (``{"population": "BEF"}``,
    from the scenario's ``data.columns``); messages then name both. Invalid polygons are
    repaired with :func:`shapely.make_valid` when the repair stays polygonal; Z coordinates are
    dropped. Everything else that is wrong is collected and raised as one
    :class:`InputError`.
    """
    path, named = split_layer(path)
    layer = layer if layer is not None else named
    if not path.exists():
        raise InputError(f"{path}: {spec.kind} file not found; check the path in the scenario")
    layer = _pick_layer(path, spec, layer)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio",
                              **({"datetime_as_string": True} if spec.dates_as_text else {}))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: the {spec.kind} layer has text that is not UTF-8 (byte {exc.start}); save it "
            "as UTF-8 (or as a GeoPackage)"
        ) from None
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "cannot read"
        first = " ".join(str(exc).split())[:200]
        raise InputError(
            f"{path}: cannot read the {spec.kind} layer ({first}); "
            "give a GeoJSON, GeoPackage, FlatGeobuf or Shapefile"
        ) from None
    if path.suffix.lower() == ".shp":
        frame = _utf8_shapefile(path, layer, frame)
    if columns:
        frame = _mapped(frame, spec, columns, str(path))
    if path.suffix.lower() == ".shp":
        frame = _full_names(frame, spec)
    return check_layer(frame, spec, crs=crs, where=str(path), sources=columns)


def column_label(column: str, columns: Mapping[str, str] | None, *, quote: bool = True) -> str:
    """A planner column as messages name it, with the layer's own name when mapped to it.

    ``'population' (your 'BEF_TOT')``; see ``data.columns``.
    """
    name = repr(column) if quote else column
    theirs = (columns or {}).get(column)
    return f"{name} (your {theirs!r})" if theirs is not None and theirs != column else name


def _mapped(frame: gpd.GeoDataFrame, spec: LayerSpec, columns: Mapping[str, str],
            where: str) -> gpd.GeoDataFrame:
    """The layer with the planner's columns read from the layer's own (``data.columns``).

    Each planner column gets the values of the column mapped to it; a column of the layer that
    is itself one of the planner's (``name = "area_id"``: the names are the ids) keeps its
    values too, while the layer's other mapped columns go (they are under the planner's names
    now). An empty layer is left to :func:`check_layer`, which says it is empty.
    """
    if len(frame) == 0:
        return frame
    absent = [(ours, theirs) for ours, theirs in columns.items() if theirs not in frame.columns]
    if absent:
        ours, theirs = absent[0]
        have = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name) or "(none)"
        raise InputError(
            f"{where}: the {spec.kind} layer has no column {theirs!r} (named for {ours!r} by "
            f"data.columns.{spec.key}); its columns: {have}; correct the name in the scenario"
        )
    out = frame.copy()
    for ours, theirs in columns.items():
        out[ours] = frame[theirs].to_numpy()
    planner_own = set(spec.mappable())
    gone = [theirs for theirs in columns.values()
            if theirs not in columns and theirs not in planner_own]
    return out.drop(columns=gone)


def _utf8_as_latin1(value: object) -> bool:
    """Text that is UTF-8 read as Latin-1 ("Nävertorp" read as "NÃ¤vertorp")."""
    if not isinstance(value, str) or value.isascii():
        return False
    try:
        return value.encode("latin-1").decode("utf-8") != value
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def _utf8_shapefile(path: Path, layer: str | None, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A Shapefile without a ``.cpg`` whose text reads as UTF-8 read as Latin-1: read as UTF-8.

    GDAL reads such a file as Latin-1 (the DBF standard); saved as UTF-8, "Nävertorp Östra" had
    become "NÃ¤vertorp Ã–stra" in every output, the camera register included.
    """
    if any(path.with_suffix(s).exists() for s in (".cpg", ".CPG")):
        return frame
    text = frame.select_dtypes(include=["object", "string"])
    if not any(_utf8_as_latin1(v) for c in text.columns if c != frame.geometry.name
               for v in text[c]):
        return frame
    try:
        again = gpd.read_file(path, layer=layer, engine="pyogrio", encoding="UTF-8")
    except Exception:  # not UTF-8 after all: keep GDAL's reading
        return frame
    log.warning("%s: no .cpg file; its text is UTF-8 and was read as such (add a .cpg with "
                "'UTF-8' to say so)", path)
    return again


#: How a scenario names one layer of a file that holds several (QGIS's data source syntax).
LAYER_MARK = "|layername="


def split_layer(path: str | Path) -> tuple[Path, str | None]:
    """``FILE.gpkg|layername=NAME`` (QGIS's way of naming a layer) as the file and the layer."""
    text, mark, layer = str(path).partition(LAYER_MARK)
    return Path(text), (layer if mark else None)


def pick_layer(path: Path, layer: str | None, *, kind: str,
               matching: Callable[[list[str]], list[str]], hint: str,
               place: str = "") -> str | None:
    """The layer to read: the one named, else the only one, else the one ``matching`` picks.

    ``matching`` gets the file's layer names and returns those that fit; when that is not
    exactly one, the message lists the layers and ends in ``hint``. (A GeoPackage of several
    layers had been read at its first layer, whatever the scenario key.)
    """
    import pyogrio

    try:
        names = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception:  # unreadable: the read that follows says so
        return layer
    if layer is not None:
        if layer not in names:
            raise InputError(f"{path}: has no layer {layer!r}; its layers: {', '.join(names)}")
        return layer
    if len(names) <= 1:
        return None
    fits = matching(names)
    if len(fits) == 1:
        return fits[0]
    raise InputError(
        f"{path}: holds {len(names)} layers ({', '.join(names[:6])}); name the {kind} layer"
        f"{place} as \"{path.name}{LAYER_MARK}NAME\"{hint}"
    )


def _pick_layer(path: Path, spec: LayerSpec, layer: str | None) -> str | None:
    """The layer of ``spec``'s kind: the one named, the only one, or the one called its key."""
    return pick_layer(path, layer, kind=spec.kind,
                      matching=lambda names: [n for n in names if n == spec.key],
                      place=" in the scenario", hint=f", or call it {spec.key!r}")


def _full_names(frame: gpd.GeoDataFrame, spec: LayerSpec) -> gpd.GeoDataFrame:
    """Undo the Shapefile's cut of column names to 10 characters (``install_co``)."""
    renames = {
        name[:10]: name for name in spec.columns()
        if len(name) > 10 and name[:10] in frame.columns and name not in frame.columns
    }
    return frame.rename(columns=renames) if renames else frame


def check_layer(
    frame: gpd.GeoDataFrame, spec: LayerSpec, *, crs: str, where: str,
    sources: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Check and normalise a layer already in memory (see :func:`read_layer`)."""
    problems: list[str] = []

    def col(column: str, quote: bool = True) -> str:
        return column_label(column, sources, quote=quote)

    if not isinstance(frame, gpd.GeoDataFrame) or frame._geometry_column_name not in frame:
        # (a CSV or an attribute-only table: "'DataFrame' object has no attribute 'crs'", exit 1)
        raise InputError(
            f"{where}: the {spec.kind} layer has no geometry (a table without "
            f"{'points' if spec.geom_types == PUNCTUAL else 'polygons'}); save it as a "
            "GeoPackage or GeoJSON layer with its CRS (in QGIS, a CSV with x/y columns becomes "
            "one through 'Add delimited text layer')"
        )
    if len(frame) == 0:
        raise InputError(f"{where}: the {spec.kind} layer is empty; it needs at least one feature")
    if frame.crs is None:
        raise InputError(
            f"{where}: the {spec.kind} layer has no CRS; declare one (e.g. EPSG:3006) when saving it"
        )
    frame = frame.copy()
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        problems.append(
            f"{int(missing.sum())} feature(s) without geometry ({_ids(frame, spec, missing)}); "
            "draw them or delete them"
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
    if spec.geom_types == PUNCTUAL:
        multi = (type_names == "MultiPoint") & (shapely.get_num_geometries(geoms) == 1)
        if multi.any():
            geoms = np.where(multi, shapely.get_geometry(geoms, 0), geoms)
            type_names = np.where(multi, "Point", type_names)
    wrong = ~np.isin(type_names, spec.geom_types) & ~missing
    if wrong.any():
        found = ", ".join(sorted(set(type_names[wrong])))
        problems.append(
            f"{int(wrong.sum())} feature(s) are {found}, expected {'/'.join(spec.geom_types)} "
            f"({_ids(frame, spec, wrong)}); convert or remove them"
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
                f"[data.columns.{spec.key}] {column} = \"YOUR_COLUMN\"")
    for column in spec.numeric:
        if column in frame.columns:
            values = pd.to_numeric(frame[column], errors="coerce")
            bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
            # (true/false is no number: a population of true had been read as 1)
            bad |= frame[column].map(lambda v: isinstance(v, (bool, np.bool_))).astype(bool)
            if bad.any():
                given = [repr(v) for v in dict.fromkeys(frame.loc[bad, column].astype(str))][:3]
                problems.append(
                    f"column {col(column)} has {int(bad.sum())} missing or non-numeric value(s) "
                    f"({_ids(frame, spec, bad.to_numpy())}; got {', '.join(given)}); give finite "
                    "numbers (a point as decimal mark, no spaces)"
                )
            elif column in spec.non_negative and (values < 0).any():
                neg = (values < 0).to_numpy()
                problems.append(
                    f"column {col(column)} has negative value(s) ({_ids(frame, spec, neg)}); "
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
        ids = frame[spec.id_column]
        if ids.isna().any():
            problems.append(f"column {col(spec.id_column)} has empty ids; give every feature an id")
        frame[spec.id_column] = id_text(ids)
        dup = frame[spec.id_column].duplicated(keep=False) & frame[spec.id_column].notna()
        if dup.any():
            shown = ", ".join(sorted(set(frame.loc[dup, spec.id_column]))[:5])
            problems.append(f"duplicate {col(spec.id_column, quote=False)} values: {shown}; ids must be unique")
    for column in spec.flags:
        if column in frame.columns:
            flags, unknown = _flags(frame[column])
            if unknown:
                problems.append(
                    f"column {col(column)} has value(s) {', '.join(map(repr, unknown[:3]))} that are "
                    "not yes/no; give true/false (or 1/0, yes/no)"
                )
            frame[column] = flags
    defaults = dict(spec.defaults)
    for column, allowed in spec.choices:
        if column in frame.columns:
            # (a home tagged "Residential" had silently not been a home: a third of the demand
            # near homes was lost and the plan changed)
            empty = frame[column].isna() | frame[column].astype(str).str.strip().eq("")
            text = frame[column].astype(str).str.strip().str.lower()
            bad = ~empty & ~text.isin(allowed)
            if bad.any():
                shown = ", ".join(repr(v) for v in list(dict.fromkeys(frame.loc[bad, column]))[:3])
                problems.append(
                    f"column {col(column)} has value(s) {shown} ({_ids(frame, spec, bad.to_numpy())});"
                    f" use one of {', '.join(allowed)}"
                )
            frame[column] = text.where(~empty, defaults.get(column))
    if problems:
        raise InputError(f"{where}: {spec.kind} layer: " + "; ".join(problems))
    for column in spec.references:
        if column in frame.columns:
            frame[column] = id_text(frame[column])
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
            raise InputError(
                f"{where}: the {spec.kind} layer declares the geographic CRS "
                f"{frame.crs.to_string()} but its coordinates ({x0:.6g}, {y0:.6g}) are not "
                "degrees; declare its real CRS (e.g. EPSG:3006) when saving it"
            )
        _check_axis_order(crs, (x0, y0, x1, y1), spec, where)
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


def id_text(values: pd.Series) -> pd.Series:
    """Ids as text, empty values kept empty (``None``); whole numbers without a decimal part.

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
        return str(value)

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
            f"{where}: {spec.kind} layer: {int(broken.sum())} invalid polygon(s) cannot be repaired "
            f"({_ids(frame, spec, mask)}); fix them in a GIS (e.g. QGIS 'Fix geometries')"
        )
    log.warning("%s: repaired %d invalid %s polygon(s)", where, int(invalid.sum()), spec.kind)
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


def empty_layer(columns: Sequence[str], crs: str) -> gpd.GeoDataFrame:
    """An empty frame of the right schema (never ``None``)."""
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=crs)


def write_geojson(frame: gpd.GeoDataFrame, path: str | Path, *, name: str | None = None) -> None:
    """Write a layer as RFC 7946 GeoJSON (EPSG:4326, 7 decimals), deterministic byte for byte.

    ``name``: the collection's name (default the file's stem; give the final file's when
    writing to a temporary file first, whose name it had carried: ".areas.tmp").
    """
    out = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
    out = out.set_geometry(shapely.set_precision(out.geometry.values, 1e-7))
    out.to_file(
        path,
        driver="GeoJSON",
        engine="pyogrio",
        layer=name if name is not None else Path(path).stem,
        layer_options={"RFC7946": "YES", "WRITE_BBOX": "NO"},
    )


#: Names the commands write into an output folder (plan, sweep, compare, rollout, import osm): a folder
#: holding anything else (besides hidden files) is not replaced, since it is not a previous run's.
OUTPUT_NAMES = frozenset({
    "areas.geojson", "cameras.geojson", "views.geojson", "map.html", "permits.csv", "register.csv",
    "report.md",
    "summary.json", "curve.csv", "marginal.csv", "curve.png", "areas.csv",
    "cameras.csv", "compare.html", "plan.xlsx", "curve.xlsx", "compare.xlsx", "layers.gpkg", "buildings.geojson", "sites.geojson",
    "privacy_zones.geojson", "cameras.toml", "scenario.toml", "stages.csv", "rollout.xlsx",
    "rollout.png",
})
_SYSTEM_FILES = frozenset({"Thumbs.db", "desktop.ini"})
#: Folders the commands write inside an output folder (compare's ``a/`` and ``b/``, a sweep's
#: ``budget_N/``, a rollout's ``stage_N/``): what they hold is checked too (a document of one's
#: own in a folder named ``stage_1`` had been replaced without a word).
_OUTPUT_FOLDERS = re.compile(r"a|b|(budget|stage)_\d+")


def _foreign(folder: Path, prefix: str = "") -> list[str]:
    """What ``folder`` holds that no command of the planner writes (paths relative to it)."""
    found = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(".") or name in _SYSTEM_FILES:
            continue
        if entry.is_dir() and _OUTPUT_FOLDERS.fullmatch(name):
            found += _foreign(entry, f"{prefix}{name}/")
        elif entry.is_dir() and name == "drawings":  # (--drawings: one AREA_ID.png per area)
            found += [f"{prefix}drawings/{p.name}" for p in sorted(entry.iterdir())
                      if not p.name.startswith(".") and p.name not in _SYSTEM_FILES
                      and not (p.is_file() and p.suffix == ".png")]
        elif entry.is_dir() or name not in OUTPUT_NAMES:
            found.append(prefix + name)
    return found


def check_out_folder(target: str | Path, inputs: Iterable[object] = ()) -> Path:
    """Refuse an output folder whose replacement would destroy something; return it resolved.

    The folder is replaced whole, so it must not be a file, the current folder (or hold it),
    hold one of ``inputs`` (``Path`` values; others are skipped), or hold files that no command of
    the planner writes (:data:`OUTPUT_NAMES`; hidden files aside): a folder of one's own
    documents given as ``--out`` by mistake is left alone.

    Raises
    ------
    InputError
        Naming the folder and what it holds.
    """
    given = Path(target)
    if given.name in ("", ".", "..") or given.resolve() == Path(given.resolve().anchor):
        raise InputError(f"--out {str(given)!r}: give a folder name for the outputs, e.g. maps/plan")
    target = given.resolve()
    if target.exists() and not target.is_dir():
        raise InputError(
            f"--out {target}: is an existing file, not a folder; give a folder path (the folder is "
            "created, or replaced whole if it exists)"
        )
    if target == Path.cwd() or target in Path.cwd().parents:
        raise InputError(
            f"--out {target}: is the current folder or holds it; give a separate output folder"
        )
    for path in inputs:
        if isinstance(path, Path) and target in path.resolve().parents:
            raise InputError(
                f"--out {given}: holds the input file {path}; the output folder is replaced "
                "whole, so choose a separate folder"
            )
    if target.is_dir():
        foreign = _foreign(target)
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise InputError(
                f"--out {given}: holds files the planner did not write ({shown}); the output "
                "folder is replaced whole, so give a new or empty folder or a previous output folder"
            )
    return target


@contextlib.contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target`` whole.

    On any failure the temporary folder is removed and ``target`` keeps its previous content. A
    killed run may leave a hidden ``.NAME.PID.*.tmp`` (or ``.NAME.PID.old``) sibling; the next run
    into the same target removes those of processes that are no longer alive (and puts a previous
    ``target`` back if a kill fell between the two renames of the swap).

    Raises
    ------
    InputError
        ``target`` is refused by :func:`check_out_folder`, or cannot be written.
    """
    target = check_out_folder(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target)
        tmp = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=parent)
        )
    except OSError as exc:
        raise InputError(
            f"--out {target}: cannot write there ({exc.strerror or exc}); choose a folder you can "
            "write to"
        ) from None
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    try:
        if target.exists():
            old = parent / f".{target.name}.{os.getpid()}.old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(tmp, target)
    except OSError as exc:
        if old is not None and old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(
            f"--out {target}: cannot replace it ({exc.strerror or exc}); check that no other "
            "program holds it open and that the folder is writable"
        ) from None
    os.chmod(target, default_mode(directory=True))
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as CSV for spreadsheets and scripts, without losing meaningful digits.

    Amounts in SEK (columns ending ``_sek``) are rounded to the öre and written as whole
    numbers when they are; ``gap`` columns lose the floating-point dust under 1e-9 (a proven
    optimum's gap of ``3e-15`` is written as 0); other numbers keep six decimals. (``%.6g``
    turned a budget of 1,234,567 SEK into ``1.23457e+06``.)
    """
    tidy_numbers(frame).to_csv(path, index=False)


def tidy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with the numbers :func:`write_csv` writes (amounts whole, no float dust)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not pd.api.types.is_float_dtype(values):
            continue
        if str(column).endswith("_sek"):
            values = values.round(2)
            finite = values.dropna()
            if len(finite) and bool((finite == finite.round(0)).all()):
                values = values.round(0).astype("Int64")
        elif str(column) == "gap" or str(column).endswith("_gap"):
            values = values.round(9) + 0.0  # (+ 0.0: no "-0.0")
        else:
            values = values.round(6) + 0.0
        out[column] = values
    return out


def default_mode(*, directory: bool = False) -> int:
    """Permissions a plain ``open()`` or ``mkdir()`` would give under the process umask.

    Temporary files and folders (``tempfile``) are created private (0600 / 0700); outputs moved
    into place from them get these permissions instead, so a shared map can be read by others
    exactly when any other file written there could.
    """
    mask = os.umask(0o022)  # (reading the umask means setting it; restored at once)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


def _remove_stale(target: Path) -> None:
    """Remove temporary siblings of ``target`` left by killed runs (their process is gone)."""
    prefix = f".{target.name}."
    for path in sorted(target.parent.glob(f"{glob.escape(prefix)}*")):
        rest = path.name[len(prefix) :]
        pid_text, _, tail = rest.partition(".")
        if not pid_text.isdigit() or not (tail == "old" or tail.endswith(".tmp")):
            continue
        if _alive(int(pid_text)):
            continue
        if tail == "old" and path.is_dir() and not target.exists():
            log.warning("%s: restoring the previous output left by a killed run", target)
            os.replace(path, target)
        elif path.is_dir():
            log.info("%s: removing %s left by a killed run", target, path.name)
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True
