"""Reading and writing layers: every check on user files happens here, at the edge.

Layers are read with pyogrio (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, ...), checked (types first,
then CRS, validity, uniqueness, as geopandas' ``clip`` does) and reprojected to the scenario's metric
CRS. All problems of one layer are collected and reported together in one line.

This module reads the files (layer names, column mapping) and checks the CRS; what each layer
must hold is in :mod:`planner._io_specs`, the checks of a layer in memory in
:mod:`planner._io_check`, what a Shapefile does to text and column names in
:mod:`planner._io_shapefile`, the incidents' dates and times of day in
:mod:`planner._io_incidents`, and atomic output folders, GeoJSON and CSV writing in
:mod:`planner._io_output`. Their public names are importable from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np

# (``name as name``: re-exported, the public names of the layer specs, the layer checks, the
# incidents' times and the outputs; they live in planner._io_specs, _io_check, _io_incidents and
# _io_output)
from planner._io_check import check_layer as check_layer
from planner._io_check import column_label as column_label
from planner._io_check import id_text as id_text
from planner._io_incidents import NIGHT_HOURS as NIGHT_HOURS
from planner._io_incidents import at_night as at_night
from planner._io_incidents import incident_times as incident_times
from planner._io_output import OUTPUT_NAMES as OUTPUT_NAMES
from planner._io_output import STYLE_TABLE as STYLE_TABLE
from planner._io_output import atomic_dir as atomic_dir
from planner._io_output import check_out_folder as check_out_folder
from planner._io_output import default_mode as default_mode
from planner._io_output import tidy_numbers as tidy_numbers
from planner._io_output import write_csv as write_csv
from planner._io_output import write_geojson as write_geojson
from planner._io_output import write_gpkg as write_gpkg
from planner._io_shapefile import (
    _check_cut_twins,
    _cut_mapping,
    _cut_twins,
    _full_names,
    _utf8_shapefile,
)
from planner._io_shapefile import _utf8_as_latin1 as _utf8_as_latin1
from planner._io_specs import AREAS as AREAS
from planner._io_specs import BUILDING_KINDS as BUILDING_KINDS
from planner._io_specs import BUILDINGS as BUILDINGS
from planner._io_specs import COORDINATE_COLUMNS as COORDINATE_COLUMNS
from planner._io_specs import DEMAND_POINTS as DEMAND_POINTS
from planner._io_specs import INCIDENTS as INCIDENTS
from planner._io_specs import LAYER_SPECS as LAYER_SPECS
from planner._io_specs import MOUNT_TYPES as MOUNT_TYPES
from planner._io_specs import POLYGONAL as POLYGONAL
from planner._io_specs import PRIVACY as PRIVACY
from planner._io_specs import PUNCTUAL as PUNCTUAL
from planner._io_specs import SITES as SITES
from planner._io_specs import LayerSpec as LayerSpec
from planner.errors import InputError, closest

log = logging.getLogger(__name__)

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
    columns: Mapping[str, str] | None = None, source_crs: str | None = None,
    defaults: Mapping[str, Any] | None = None, where: str | None = None,
) -> gpd.GeoDataFrame:
    """Read one layer, check it against ``spec`` and reproject it to ``crs``.

    ``columns`` maps the planner's column names to the layer's own (``{"population": "BEF"}``,
    from the scenario's ``data.columns``); messages then name both. Invalid polygons are
    repaired with :func:`shapely.make_valid` when the repair stays polygonal; Z coordinates are
    dropped. Everything else that is wrong is collected and raised as one
    :class:`InputError`. A point layer may be a CSV with coordinate columns (see
    :mod:`planner._io_csv`; ``columns``' ``x`` and ``y`` name them). ``source_crs`` (the
    scenario's ``[data.crs]``) is the CRS of the file's coordinates, whatever the file declares
    (a Shapefile without its ``.prj``, a CSV). ``defaults`` (``[data.defaults]``) fills the
    planner's columns the layer lacks or leaves empty, after ``columns`` is applied.
    ``where`` names the file in messages and warnings (the scenario's ``data/sites.gpkg``,
    :func:`planner.scenario.data_path_as_written`; the path by default): a scenario's paths are
    absolute once loaded, and the messages had named them so, a machine path.
    """
    from planner._io_csv import CSV_SUFFIXES, column_names, read_points

    where = where.split("|", 1)[0] if where is not None else None
    path, named = split_layer(path, where=where)
    shown = where if where is not None else str(path)
    layer = layer if layer is not None else named
    if not path.exists():
        raise InputError(f"{shown}: {spec.kind} file not found; check the path in the scenario")
    # (names as they show: a mapping typed on a Mac is decomposed, NFD, as a header may be,
    # and without the spaces around it, as the layer's own names are read)
    # (a layer's own "pop " beside a "pop" keeps its spaces, and a mapping to it reads it:
    # see the rename below)
    mapping = dict(columns or {})
    columns = ({k: column_names([v])[0] for k, v in columns.items()} if columns else columns)
    coordinates = {k: v for k, v in (columns or {}).items() if k in COORDINATE_COLUMNS}
    columns = {k: v for k, v in (columns or {}).items() if k not in COORDINATE_COLUMNS} or None
    if path.suffix.lower() in CSV_SUFFIXES and spec.takes_points:
        # (ids as text: a lamp number 0010019 keeps its leading zeros)
        ids = (*((spec.id_column,) if spec.id_column else ()), *spec.references)
        text = tuple(dict.fromkeys((columns or {}).get(c, c) for c in ids))
        numbers = tuple((columns or {}).get(c, c) for c in (*spec.numeric, *spec.optional_numeric))
        frame = read_points(path, spec.kind, spec.key, columns=coordinates, crs=source_crs,
                            scenario_crs=crs, as_text=text, numbers=numbers, where=shown)
        if columns:
            frame = _mapped(frame, spec, _as_spelt(columns, mapping, frame.columns), shown)
        return check_layer(_defaulted(frame, defaults), spec, crs=crs, where=shown,
                           sources=columns, crs_key=spec.key if source_crs else None,
                           from_csv=True)
    if coordinates:
        raise InputError(
            f"{shown}: data.columns.{spec.key} names coordinate columns "
            f"({', '.join(f'{k} = {v!r}' for k, v in coordinates.items())}), which only a CSV of "
            "points has; leave them out for a layer with geometry")
    layer = _pick_layer(path, spec, layer, where=shown)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio",
                              **({"datetime_as_string": True} if spec.dates_as_text else {}))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown}: the {spec.kind} layer has text that is not UTF-8 (byte {exc.start}); save it "
            "as UTF-8 (or as a GeoPackage)"
        ) from None
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "cannot read"
        # (GDAL's text names the file by the path it was given, the machine path once loaded)
        first = " ".join(str(exc).replace(str(path), shown).split())[:200]
        raise InputError(
            f"{shown}: cannot read the {spec.kind} layer ({first}); "
            "give a GeoJSON, GeoPackage, FlatGeobuf or Shapefile"
        ) from None
    # (a GeoPackage or GeoJSON column "population " saved from a spreadsheet had been "no
    # column 'population'" beside it, as a CSV header's had been before its names were trimmed)
    frame = frame.rename(columns=dict(zip(frame.columns, column_names(frame.columns),
                                          strict=True)))
    if columns:
        columns = _as_spelt(columns, mapping, frame.columns)
    shapefile = path.suffix.lower() == ".shp"
    twin_renamed: set[str] = set()  # (existing_1: GDAL's name for a twin's second cut)
    if shapefile:
        frame = _utf8_shapefile(path, layer, frame, where=shown)
        twin_renamed = {c for *_, files in _cut_twins(frame, spec) for c in files[1:]}
    reading = dict(columns or {})
    if shapefile and columns:
        reading = _cut_mapping(frame, columns, shown, spec.key, twin_renamed)
    if shapefile:
        _check_cut_twins(frame, spec, reading, shown)
    if columns:
        frame = _mapped(frame, spec, reading, shown)
    if shapefile:
        frame = _full_names(frame, spec, shown, twin_renamed)
    if source_crs is not None and len(frame):
        if frame.crs is not None and frame.crs != source_crs:
            log.info("%s: read in %s ([data.crs]), not the %s the file declares", shown,
                        source_crs, frame.crs.to_string())
        frame = frame.set_crs(source_crs, allow_override=True)
    return check_layer(_defaulted(frame, defaults), spec, crs=crs, where=shown,
                       sources=columns, crs_key=spec.key if source_crs else None)


def _as_spelt(columns: Mapping[str, str], mapping: Mapping[str, str],
              names: Any) -> dict[str, str]:
    """``columns`` (the mapping trimmed), each name as the scenario spells it where needed.

    Where the layer has a column so spelt: its "pop " beside a "pop", which ``column_names``
    keeps apart, is read for a mapping to "pop ".
    """
    from planner._io_csv import column_names

    spelt = {k: column_names([v], strip=False)[0] for k, v in mapping.items()}
    return {k: spelt[k] if spelt[k] in set(names) else v for k, v in columns.items()}


def _defaulted(frame: gpd.GeoDataFrame, defaults: Mapping[str, Any] | None) -> gpd.GeoDataFrame:
    """``frame`` with each column of ``defaults`` added, or its empty cells filled."""
    if not defaults or len(frame) == 0:
        return frame
    frame = frame.copy()
    for column, value in defaults.items():
        if column not in frame.columns:
            frame[column] = value
            continue
        cells = frame[column]
        empty = cells.isna() | cells.map(lambda v: isinstance(v, str) and not v.strip())
        if empty.any():
            frame[column] = cells.astype(object).where(~empty, value)
    return frame


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
        names = [str(c) for c in frame.columns if c != frame.geometry.name]
        have = ", ".join(names) or "(none)"
        # (names are matched exactly: BEF_TOT is not bef_tot, but the fix should say which; a
        # misspelt one, BEF_TOTT, is told the name it means too)
        fix = _meant(theirs, names) or "correct the name in the scenario"
        raise InputError(
            f"{where}: the {spec.kind} layer has no column {theirs!r} (named for {ours!r} by "
            f"data.columns.{spec.key}); its columns: {have}; {fix}"
        )
    out = frame.copy()
    for ours, theirs in columns.items():
        out[ours] = frame[theirs].to_numpy()
    planner_own = set(spec.mappable())
    gone = [theirs for theirs in columns.values()
            if theirs not in columns and theirs not in planner_own]
    return out.drop(columns=gone)


def _meant(name: str, names: Sequence[str]) -> str:
    """``"did you mean 'x'?"`` for the column or layer of ``names`` a misspelt ``name`` means.

    ``""`` when none is close; one differing in case only adds that names are matched as
    written (``bef_tot`` is not ``BEF_TOT``).
    """
    alike = closest(name, names)
    if alike is None:
        return ""
    return f"did you mean {alike!r}?" + (" (names are matched as written)"
                                         if alike.casefold() == name.casefold() else "")


#: How a scenario names one layer of a file that holds several (QGIS's data source syntax).
LAYER_MARK = "|layername="


def split_layer(path: str | Path, *, where: str | None = None) -> tuple[Path, str | None]:
    """A QGIS data source as the file and the layer.

    ``FILE.gpkg|layername=NAME`` names the layer, ``FILE|layerid=N`` the file's N-th (from 0;
    QGIS writes it for a Shapefile's one); ``|geometrytype=`` is passed over (features of another
    type are refused by the layer's checks). Other options (``|subset=``, a filter) are refused:
    the planner would read every feature of the layer, not the ones QGIS shows. ``where`` names
    the file in messages (the path by default).
    """
    text, *options = str(path).split("|")
    file, layer = Path(text), None
    shown = where if where is not None else str(file)
    for option in options:
        key, _, value = option.partition("=")
        if key == "layername":
            layer = value
        elif key == "layerid":
            if not value.isdigit():
                raise InputError(f"{shown}: QGIS's '|layerid={value}': layerid must be a whole "
                                 "number (the layer's place in the file, from 0), or name the "
                                 f"layer as \"{file.name}{LAYER_MARK}NAME\"")
            layer = _layer_at(file, int(value), where=shown)
        elif key == "geometrytype":
            continue  # (QGIS names a layer's type so; another type in the layer is refused)
        else:
            raise InputError(
                f"{shown}: QGIS's {'|' + option!r} is not read by the planner, which would read "
                "every feature of the layer; export the features you mean as a layer of their "
                f"own (name a layer as \"{file.name}{LAYER_MARK}NAME\")"
            )
    return file, layer


def _layer_at(file: Path, index: int, *, where: str) -> str | None:
    """The name of the file's layer ``index`` (``None``: a file that cannot be listed)."""
    try:
        names = _every_layer(file)
    except Exception:
        return None
    data = _of_data(names)
    if index >= len(names):
        raise InputError(f"{where}: has no layer {index} (layerid counts from 0); its layers: "
                         f"{', '.join(names)}")
    if names[index] == STYLE_TABLE:
        raise InputError(f"{where}: layer {index} is {STYLE_TABLE}, QGIS's table of saved styles, "
                         f"not data; name a layer of data as \"{file.name}{LAYER_MARK}NAME\" "
                         f"(its layers of data: {', '.join(data) or 'none'})")
    return names[index]


def data_layers(path: Path) -> list[str]:
    """The names of the file's layers of data, in GDAL's order.

    QGIS's ``layer_styles`` table is left out: a GeoPackage whose layer's style an analyst
    saved in it ("Save as default" in QGIS) holds it beside the layer, and the only layer of
    data had been one of two, to be named in the scenario.
    """
    return _of_data(_every_layer(path))


def _every_layer(path: Path) -> list[str]:
    """The names of all the file's layers and tables GDAL lists, ``layer_styles`` too."""
    import pyogrio

    return [str(name) for name, _ in pyogrio.list_layers(path)]


def _of_data(names: list[str]) -> list[str]:
    """``names`` without QGIS's ``layer_styles``."""
    return [name for name in names if name != STYLE_TABLE]


def pick_layer(path: Path, layer: str | None, *, kind: str,
               matching: Callable[[list[str]], list[str]], hint: str,
               place: str = "", where: str | None = None) -> str | None:
    """The layer to read: the one named, else the only one, else the one ``matching`` picks.

    ``matching`` gets the file's layer names and returns those that fit; when that is not
    exactly one, the message lists the layers and ends in ``hint``. (A GeoPackage of several
    layers had been read at its first layer, whatever the scenario key.) ``where`` names the
    file in messages (the path by default).
    """
    shown = where if where is not None else str(path)

    try:
        every = _every_layer(path)
    except Exception:  # unreadable: the read that follows says so
        return layer
    names = _of_data(every)
    if layer is not None:
        if layer not in names:
            mean = _meant(layer, names)
            raise InputError(f"{shown}: has no layer {layer!r}; its layers: {', '.join(names)}"
                             + (f"; {mean}" if mean else ""))
        return layer
    if len(names) <= 1:
        # (named where QGIS's layer_styles is beside it: GDAL, left to choose, had warned)
        return names[0] if len(every) > 1 and names else None
    fits = matching(names)
    if len(fits) == 1:
        return fits[0]
    raise InputError(
        f"{shown}: holds {len(names)} layers ({', '.join(names[:6])}); name the {kind} layer"
        f"{place} as \"{path.name}{LAYER_MARK}NAME\"{hint}"
    )


def _pick_layer(path: Path, spec: LayerSpec, layer: str | None, *, where: str) -> str | None:
    """The layer of ``spec``'s kind: the one named, the only one, or the one called its key."""
    return pick_layer(path, layer, kind=spec.kind, where=where,
                      matching=lambda names: [n for n in names if n == spec.key],
                      place=" in the scenario", hint=f", or call it {spec.key!r}")


def empty_layer(columns: Sequence[str], crs: str) -> gpd.GeoDataFrame:
    """An empty frame of the right schema (never ``None``)."""
    return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=crs)
