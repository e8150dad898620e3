"""A plan's cameras given in a file, to be scored as they are (``planner evaluate``).

A review meeting ends with a plan of its own: the optimiser's with two cameras dropped and one
turned, the police's list of places, last year's proposal. :func:`read_given_cameras` reads
such a list, as the planner writes it (``cameras.geojson``, ``register.csv`` or ``plan.xlsx``'s
camera register, :mod:`planner._plan_given_xlsx`, edited in QGIS, a spreadsheet or Excel) or as
a hand-made CSV with the columns ``site_id``, ``model`` and ``orientation_deg`` (and
``hfov_deg`` for a varifocal model), and checks each camera against
the preparation, naming the row, what is wrong and the fix, before
:func:`planner._plan_evaluate.evaluate` scores them.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import _lang
from planner._plan_checks import STUDY_MARGIN_M
from planner._plan_prepare import Prepared
from planner.errors import InputError, one_line

logger = logging.getLogger(__name__)

#: The columns a given camera needs (``hfov_deg`` too where its model has several zoom settings).
NEEDED = ("site_id", "model", "orientation_deg")
#: A direction within this many degrees of one the preparation offers is that direction (a
#: bearing written to 0.1° in a spreadsheet, 22.5 for 22.5).
ANGLE_TOLERANCE_DEG = 0.05
#: The problems one message lists before "…".
LISTED = 3


def read_given_cameras(path: Path, prepared: Prepared, *, where: str | None = None
                       ) -> pd.DataFrame:
    """The new cameras of the file ``path``, matched to ``prepared``'s options.

    ``path``: a CSV (``register.csv``, or any with the columns :data:`NEEDED`), a plan's
    ``plan.xlsx`` (its camera register sheet, headed in English or Swedish), or a GIS file of
    points (``cameras.geojson``; a GeoPackage's layer ``cameras`` where it has several). Rows
    of existing cameras (``existing`` true, or ``status`` "existing" in any language) are left
    out: the scenario's sites layer gives those. ``where``: how messages name the file (the
    path). A bearing or field of view may be text with its degree sign and compass word, as
    the workbook words a bearing (``226.1° (SW)``): its number is read.

    Returns a frame with ``site_id``, ``model``, ``hfov_deg`` and ``orientation_deg`` as the
    preparation has them (and the points, where the file has them, so that a camera whose mount
    moved is refused by :func:`~planner._plan_evaluate.evaluate`; and ``camera``, the file's
    labels, to name them).

    Raises :class:`~planner.errors.InputError` in one line naming the file, the rows and the fix:
    a file that cannot be read or lacks a column; a workbook without the camera register sheet,
    a heading missing or twice, a comparison's ``compare.xlsx``, a formula saved without its
    value; a mount not in the sites layer or out of reach of the planned areas; a model the
    scenario does not offer there; a zoom setting or a direction the preparation does not have
    (the nearest it has); a camera listed twice; a direction from true north that disagrees
    with the grid bearing. A row hidden in Excel is scored, with a warning naming it.
    """
    shown = where if where is not None else str(path)
    frame, rows, heads = _read(path, shown)
    lacking = [c for c in NEEDED if c not in frame.columns]
    if lacking:
        raise InputError(
            f"{shown}: no column {', '.join(lacking)}; give each camera its site_id (the mount), "
            "model (the catalogue id) and orientation_deg (grid bearing, as cameras.geojson and "
            "register.csv have it), and hfov_deg for a varifocal model")
    new = ~_existing(frame)
    hidden: dict[str, int] = frame.attrs.get("hidden", {})
    sheet = frame.attrs.get("sheet", "")
    frame, rows = frame[new].reset_index(drop=True), [r for r, n in zip(rows, new, strict=True)
                                                      if n]
    if numbers := [hidden[r] for r in rows if r in hidden]:
        # (a coordinator who hides a camera's row, or filters it out, may mean to leave it
        # out: the file's rows are what is scored, and the console says so)
        logger.warning("%s: %s hidden in Excel (a filter or Hide) and scored as the others; "
                       "delete a row to leave its camera out",
                       shown, _hidden_words(sheet, numbers))
    if not len(frame):
        raise InputError(f"{shown}: no new camera (every row is an existing camera); list the "
                         "new cameras to score, one per row")
    out = _matched(frame, rows, prepared, shown, heads)
    if isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None:
        return gpd.GeoDataFrame(out, geometry=frame.geometry.to_numpy(), crs=frame.crs)
    return out


def _hidden_words(sheet: str, numbers: Sequence[int]) -> str:
    """``sheet Cameras, row 5 is`` or ``sheet Cameras, rows 5, 9 are`` (Excel's numbers)."""
    listed = ", ".join(str(n) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return (f"sheet {sheet}, row {listed} is" if len(numbers) == 1
            else f"sheet {sheet}, rows {listed} are")


def _read(path: Path, shown: str) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """The file as a table, how messages name each row and how they name each column.

    A CSV's line, a feature's number, a sheet's row; a workbook's heading (else the column's
    own name, not listed).
    """
    from planner._io_csv import CSV_SUFFIXES, column_names, read_table
    from planner._plan_given_xlsx import XLSX_SUFFIXES, read_register_sheet

    if not path.exists():
        raise InputError(f"{shown}: cameras file not found; check the path given to --cameras")
    if path.suffix.lower() in CSV_SUFFIXES:
        table = read_table(path, what="cameras", where=shown,
                           dtype={"site_id": str, "model": str, "camera": str, "status": str})
        return table, [f"line {n}" for n in table.attrs["lines"]], {}
    if path.suffix.lower() in XLSX_SUFFIXES:
        return read_register_sheet(path, shown)
    from planner.io import data_layers

    try:
        layers = data_layers(path)
        layer = "cameras" if "cameras" in layers or len(layers) != 1 else layers[0]
        if layer not in layers:
            raise InputError(f"{shown}: no layer 'cameras' among {', '.join(layers)}; name the "
                             "layer of the cameras 'cameras'")
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except InputError:
        raise
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "cannot read"
        raise InputError(f"{shown}: cannot read the cameras ({one_line(str(exc))[:200]}); give "
                         "a CSV, GeoJSON, GeoPackage or a plan's plan.xlsx") from None
    frame = frame.rename(columns=dict(zip(frame.columns, column_names(frame.columns),
                                          strict=True)))
    if frame.crs is None and len(frame):
        raise InputError(f"{shown}: the cameras have no CRS; save the layer with its CRS")
    return frame, [f"feature {k}" for k in range(1, len(frame) + 1)], {}


def _existing(frame: pd.DataFrame) -> np.ndarray:
    """Per row whether it is an existing camera (``existing`` true, or ``status`` existing)."""
    out = np.zeros(len(frame), dtype=bool)
    if "existing" in frame.columns:
        out |= frame["existing"].map(
            lambda v: v is True or (isinstance(v, (bool, np.bool_)) and bool(v))
            or str(v).strip().lower() in ("true", "1", "yes", "ja", "sant")).to_numpy(dtype=bool)
    if "status" in frame.columns:
        # (the code, as register.csv has it, or its word in a language, as plan.xlsx has it)
        words = {str(_lang.coded("status", "existing", language)).lower()
                 for language in _lang.LANGUAGES} | {"existing"}
        out |= frame["status"].map(lambda v: str(v).strip().lower() in words).to_numpy(dtype=bool)
    return out


def _matched(frame: pd.DataFrame, rows: Sequence[str], prepared: Prepared,
             shown: str, heads: Mapping[str, str]) -> pd.DataFrame:
    """Each row's camera as the preparation has it; every problem together in one line.

    ``heads``: how the file heads a column where not by its name (a workbook's headings).
    """
    options = prepared.options[~prepared.existing]
    sites = prepared.inputs.sites
    known_sites = set(sites["site_id"].astype(str))
    by_site = {str(k): g for k, g in options.groupby(options["site_id"].astype(str), sort=False)}
    labels = frame["camera"] if "camera" in frame.columns else pd.Series([None] * len(frame))
    problems: list[tuple[int, str]] = []
    names: list[str] = []
    cameras: list[tuple[str, str, float, float]] = []
    kept: list[int] = []
    seen: dict[tuple[str, str, float, float], str] = {}
    for k, (row, label, site, model, fov, angle) in enumerate(zip(
            rows, labels, frame["site_id"], frame["model"],
            frame["hfov_deg"] if "hfov_deg" in frame.columns else [None] * len(frame),
            frame["orientation_deg"], strict=True)):
        name = f"{row}, {label.strip()}" if isinstance(label, str) and label.strip() else row
        site, model = _text(site), _text(model)
        problem, camera = _one(name, site, model, fov, angle, by_site, known_sites, prepared,
                               heads)
        if problem:
            problems.append((k, problem))
            continue
        assert camera is not None
        if camera in seen:
            problems.append((k, f"{name}: the same camera as {seen[camera]} (each camera once)"))
            continue
        seen[camera] = name
        names.append(name)
        cameras.append(camera)
        kept.append(k)
    problems += _turned_from_true_north(frame, kept, names, cameras, options, heads)
    if problems:
        told = [text for _, text in sorted(problems, key=lambda p: p[0])]
        raise InputError(f"{shown}: {len(told)} camera(s) cannot be scored: "
                         f"{'; '.join(told[:LISTED])}{' …' if len(told) > LISTED else ''}")
    out = pd.DataFrame(cameras, columns=["site_id", "model", "hfov_deg", "orientation_deg"])
    # (how the checks after these name each camera: its row, and its label where it has one)
    out.insert(0, "camera", names)
    return out


#: The columns that give a camera's direction from true north, as the documents have them
#: (``orientation``: in words, ``226.1° (SW)``; ``orientation_true_deg``: the number), to 0.1°.
TRUE_NORTH = ("orientation", "orientation_true_deg")


def _turned_from_true_north(frame: pd.DataFrame, kept: Sequence[int], names: Sequence[str],
                            cameras: Sequence[tuple[str, str, float, float]],
                            options: pd.DataFrame, heads: Mapping[str, str]
                            ) -> list[tuple[int, str]]:
    """The rows whose direction from true north is not where their grid bearing faces.

    A plan's register gives each camera's direction three times: from true north in words and
    as a number (for people), and as the grid bearing (``orientation_deg``), the one scored. Where
    they disagree, the file does not say which way the camera is meant to face (turned in the
    words only, which come first in ``plan.xlsx``, it would be scored facing as before): each
    such row (its row number in ``frame``, and the problem) is told instead, whichever cell was
    changed. A cell left blank is not checked.
    """
    from planner._bearing import rounded, true_bearing

    given = [c for c in TRUE_NORTH if c in frame.columns]
    if not given or not kept:
        return []
    where = {(str(s), str(m), float(h), float(o)): point for s, m, h, o, point in zip(
        options["site_id"], options["model"], options["hfov_deg"], options["orientation_deg"],
        options.geometry, strict=True)}
    points = [where[camera] for camera in cameras]
    grid = [camera[3] for camera in cameras]
    true = rounded(true_bearing(grid, [p.x for p in points], [p.y for p in points],
                                options.crs))
    angle_col = heads.get("orientation_deg", "orientation_deg")
    out = []
    for k, name, bearing, faces in zip(kept, names, grid, true, strict=True):
        for column in given:
            value = frame[column].iloc[k]
            if _blank(value) or not np.isfinite(faces):
                continue
            number = _number(value)
            if number is not None and abs((number - faces + 180.0) % 360.0 - 180.0) <= 0.051:
                continue
            head = heads.get(column, column)
            out.append((k, f"{name}: {angle_col} {bearing:g} (the grid bearing, the one scored) "
                           f"faces {faces:.1f}° from true north, but {head} says {value!r}; make "
                           f"them agree (turn a camera by {angle_col}) or clear {head}"))
            break
    return out


def _one(name: str, site: str, model: str, fov: object, angle: object,
         by_site: dict[str, pd.DataFrame], known_sites: set[str], prepared: Prepared,
         heads: Mapping[str, str]
         ) -> tuple[str | None, tuple[str, str, float, float] | None]:
    """A row's problem, else its camera (site, model, zoom, direction as the options have them)."""
    sites_file = _sites_file(prepared)
    site_col, fov_col, angle_col = (heads.get(c, c) for c in ("site_id", "hfov_deg",
                                                               "orientation_deg"))
    if not site:
        return f"{name}: no {site_col} (give the mount's id)", None
    if site in prepared.inputs.sites_outside:
        return (f"{name}: mount {site!r} lies outside the study area (more than "
                f"{STUDY_MARGIN_M:g} m from every area), which every plan leaves out"), None
    if site not in known_sites:
        near = difflib.get_close_matches(site, sorted(known_sites), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        return f"{name}: mount {site!r} is not in the sites layer ({sites_file}){hint}", None
    here = by_site.get(site)
    if here is None:
        return (f"{name}: mount {site!r} takes no new camera in this scenario (out of reach of "
                "every planned area, or its existing camera fills it)"), None
    models = list(dict.fromkeys(here["model"].astype(str)))
    if model not in models:
        why = ("not in the catalogue" if model not in prepared.catalogue else
               "not offered on this mount (coverage.models, or the model's mounts)")
        return (f"{name}: model {model!r} is {why}; on {site} give one of "
                f"{', '.join(models)}"), None
    mine = here[here["model"].astype(str) == model]
    zooms = sorted(set(mine["hfov_deg"].astype(float)), reverse=True)
    number = _number(fov)
    if number is None:
        if fov is not None and not _blank(fov):
            return (f"{name}: {fov_col} {fov!r} is not a number of degrees; give one of "
                    f"{', '.join(f'{z:g}' for z in zooms)}"), None
        if len(zooms) > 1:
            return (f"{name}: model {model} has several zoom settings; give {fov_col}, one of "
                    f"{', '.join(f'{z:g}' for z in zooms)}"), None
        number = zooms[0]
    zoom = next((z for z in zooms if abs(z - number) <= ANGLE_TOLERANCE_DEG), None)
    if zoom is None:
        return (f"{name}: model {model} has no zoom setting {number:g}°; give {fov_col}, one of "
                f"{', '.join(f'{z:g}' for z in zooms)}"), None
    bearing = _number(angle)
    if bearing is None:
        return (f"{name}: {angle_col} {angle!r} is not a number of degrees; give the grid "
                "bearing, as 90 or 226.1"), None
    bearing %= 360.0
    angles = np.array(sorted(set(mine.loc[mine["hfov_deg"].astype(float) == zoom,
                                          "orientation_deg"].astype(float))))
    off = np.abs((angles - bearing + 180.0) % 360.0 - 180.0)
    if off.min() > ANGLE_TOLERANCE_DEG:
        nearest = angles[np.argsort(off, kind="stable")[:2]]
        step = ("facing its mount's facing only" if len(angles) == 1 else
                f"every {360.0 / len(angles):g}° (coverage.orientations = {len(angles)})")
        return (f"{name}: no camera faces {bearing:g}° here: this scenario's {model} on "
                f"{site} faces {step}; the nearest are "
                f"{' and '.join(f'{a:g}°' for a in sorted(nearest))}"), None
    return None, (site, model, float(zoom), float(angles[int(np.argmin(off))]))


def _sites_file(prepared: Prepared) -> str:
    from planner.scenario import data_path_as_written

    return data_path_as_written(prepared.scenario, "sites")


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and not value.strip()) or value is pd.NA


#: A number of degrees as text, with its degree sign and compass word as the documents word a
#: bearing: ``226.1° (SW)``, Swedish ``226,1° (SV)``.
_DEGREES = re.compile(r"([+-]?\d+(?:[.,]\d*)?)\s*°?\s*(?:\([^()]*\))?")


def _number(value: object) -> float | None:
    if _blank(value) or isinstance(value, (bool, np.bool_)):
        return None
    text = str(value).strip().replace("\u2212", "-")  # (the minus sign of Swedish text)
    if (degrees := _DEGREES.fullmatch(text)) is not None:
        text = degrees.group(1)
    try:
        out = float(text.replace(",", "."))  # (a decimal comma: 22,5)
    except (TypeError, ValueError):
        return None
    return out if np.isfinite(out) else None
