"""Writing outputs: atomic output folders, GeoJSON, GeoPackage and CSV files.

:func:`atomic_dir` writes a folder that replaces its target only when complete (after
:func:`check_out_folder` made sure the target holds nothing but a previous run's outputs) and
cleans up after killed runs; :func:`write_geojson`, :func:`write_gpkg` and :func:`write_csv`
write byte-stable files.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from planner.errors import InputError

# (the output folders' logger, as before they left planner.io: the CLI prints its name)
log = logging.getLogger("planner.io")


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


#: The time every GeoPackage the planner writes gives as its layers' ``last_change``
#: (``gpkg_contents``): GDAL writes the clock's time there (the GDAL option
#: ``OGR_CURRENT_DATE`` sets it), and the same input must give the same bytes (``plan.gpkg``, the
#: importers' ``layers.gpkg`` and areas ``.gpkg``: every GeoPackage is written by
#: :func:`write_gpkg`). The start of the Unix epoch, which no one takes for a real time of
#: writing.
GPKG_DATE = "1970-01-01T00:00:00.000Z"
#: GDAL's options while :func:`write_gpkg` writes: the fixed date, and SQLite's writes not
#: flushed to disk one by one (the same bytes; the other outputs are not flushed either, and the
#: output folder replaces its target only when complete): some 30 ms for a small plan's file,
#: where flushing each write had taken 55 to 80 ms.
#: The table of a GeoPackage that holds QGIS's layer styles (QGIS's name; not a layer of data).
STYLE_TABLE = "layer_styles"
_GPKG_OPTIONS = {"OGR_CURRENT_DATE": GPKG_DATE, "OGR_SQLITE_SYNCHRONOUS": "OFF"}


def write_gpkg(layers: Sequence[tuple[str, gpd.GeoDataFrame]], path: str | Path, *,
               empty_types: Mapping[str, str] | None = None,
               styles: pd.DataFrame | None = None) -> None:
    """Write layers into one GeoPackage, each in its own CRS, deterministic byte for byte.

    The geometries are written as they are (no reprojection, no rounding); a column of
    booleans with blanks is written as booleans (GDAL had written an object column's ``False``
    as the text ``"False"``), a column of whole numbers with blanks as integers. Every layer's
    ``last_change`` is :data:`GPKG_DATE` (GDAL's options are the process's: set while the
    layers are written, then put back; the planner writes its files from one thread). A file
    at ``path`` is replaced. ``empty_types``: by layer name, the geometry type of a layer
    without features (``"Point"``; GDAL's is ``"Unknown"`` else).

    Raises
    ------
    ValueError
        A layer without a CRS (a bug: the plan's layers all have the scenario's, the
        importers' their metric CRS).
    """
    # (a file already there is replaced: GDAL would add the layers to it, in a larger file)
    Path(path).unlink(missing_ok=True)
    saved = {k: pyogrio.get_gdal_config_option(k) for k in _GPKG_OPTIONS}
    pyogrio.set_gdal_config_options(_GPKG_OPTIONS)
    try:
        for k, (name, frame) in enumerate(layers):
            if frame.crs is None:
                raise ValueError(f"{Path(path).name}: layer {name!r} has no CRS")
            empty = {} if len(frame) or name not in (empty_types or {}) else {
                "geometry_type": (empty_types or {})[name]}
            _typed(frame).reset_index(drop=True).to_file(
                path, driver="GPKG", engine="pyogrio", layer=name, mode="a" if k else "w", **empty)
        if styles is not None and len(styles):
            pyogrio.write_dataframe(styles, path,
                                    layer=STYLE_TABLE, driver="GPKG", append=True,
                                    layer_options={"FID": "id"})
    finally:
        pyogrio.set_gdal_config_options(saved)
    if styles is not None and len(styles):
        # (the time as the GeoPackage standard writes times, with milliseconds, which GDAL
        # leaves out of a whole second: QGIS's GDAL warned of "non-conformant content")
        with contextlib.closing(sqlite3.connect(path)) as db, db:
            db.execute(f'UPDATE "{STYLE_TABLE}" SET "update_time" = ?', (GPKG_DATE,))


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` with its object columns of booleans or whole numbers (and blanks) typed."""
    typed = {}
    for column in frame.columns:
        values = frame[column]
        if column == frame.geometry.name or values.dtype != object:
            continue
        given = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
        if given and all(isinstance(v, bool | np.bool_) for v in given):
            typed[column] = values.astype("boolean")
        elif given and all(isinstance(v, int | np.integer) and not isinstance(v, bool)
                           for v in given):
            typed[column] = values.astype("Int64")
    return frame.assign(**typed) if typed else frame


#: Names the commands write into an output folder (plan, sweep, compare, rollout, import osm): a folder
#: holding anything else (besides hidden files) is not replaced, since it is not a previous run's.
OUTPUT_NAMES = frozenset({
    "areas.geojson", "cameras.geojson", "views.geojson", "map.html", "permits.csv", "register.csv",
    "report.md",
    "summary.json", "curve.csv", "marginal.csv", "curve.png", "areas.csv",
    "cameras.csv", "difference.csv", "compare.html", "plan.xlsx", "curve.xlsx", "compare.xlsx", "layers.gpkg", "buildings.geojson", "sites.geojson",
    "privacy_zones.geojson", "cameras.toml", "scenario.toml", "stages.csv", "rollout.xlsx",
    "rollout.png", "places.geojson", "plan.gpkg", "plan.qgs",
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
        elif entry.is_dir() and name in ("drawings", "camera_sheets"):
            # (--drawings: one AREA_ID.png per area; --camera-sheets: one C012.png per camera)
            found += [f"{prefix}{name}/{p.name}" for p in sorted(entry.iterdir())
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
