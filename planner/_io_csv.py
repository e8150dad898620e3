"""Delimited text as a municipality exports it: statistics, and point registers with x/y columns.

A lighting register, a list of incidents or a list of existing cameras often comes out of a
municipal system (or Excel) as a CSV with a coordinate pair per row, not as a GIS layer. Such a
file is read as a point layer: its coordinate columns are the ones mapped as ``x`` and ``y``
(``[data.columns.sites] x = "E"``), else a pair with a common name (:data:`COORDINATE_PAIRS`),
and its CRS is ``[data.crs]``'s for the layer, else WGS 84 for longitude/latitude columns,
else the scenario's own ``crs`` (the CRS a municipality's registers are kept in, as a rule; a
wrong guess puts every point outside the study area, which is refused).

Swedish exports come with ``;`` or tabs between fields, decimal commas, and, from a Swedish
Excel's "CSV (semikolonavgränsad)", in Windows-1252: all are read.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from planner.errors import InputError, one_line, plural, utf16_codec

log = logging.getLogger(__name__)

#: File endings read as delimited text.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
#: Coordinate column names tried in this order (lower case): (x, y, the pair's CRS or None for
#: the layer's or the scenario's). Swedish surveying calls the northing X: a pair named x/y
#: whose x holds northings is refused by the axis check that follows the read.
COORDINATE_PAIRS: tuple[tuple[str, str, str | None], ...] = (
    ("x", "y", None),
    ("easting", "northing", None),
    ("e", "n", None),
    ("lon", "lat", "EPSG:4326"),
    ("lng", "lat", "EPSG:4326"),
    ("longitude", "latitude", "EPSG:4326"),
)


def csv_encoding(path: Path, *, where: str | None = None, what: str = "") -> str:
    """UTF-8 or UTF-16 (each with a byte-order mark or without), else Windows-1252.

    A Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252 ("Malmö" with the byte 0xf6),
    and had been refused as not UTF-8. Text that is not UTF-8 is nearly never valid UTF-8 by
    chance, so the test is safe; bytes Windows-1252 leaves undefined fail the read that follows.
    Excel's "Unicode text" is UTF-16 with a byte-order mark (and tabs): it had been read as
    Windows-1252, its column names garbage. UTF-16 without the mark (a NUL byte beside every
    Latin letter, on the side its byte order puts it: :func:`~planner.errors.utf16_codec`) is
    read as UTF-16 of that order: it had been read as UTF-8, its column names spelt out with
    NUL characters in the message, and then refused; one that is not whole UTF-16 (an odd
    number of bytes) is refused, saying so. ``where`` names the file in the log and the message
    (the path by default), ``what`` what it holds (``"sites"``).
    """
    where = where if where is not None else str(path)
    data = path.read_bytes()
    codec = utf16_codec(data)
    if codec == "utf-16":
        log.info("%s: UTF-16 (Excel's \"Unicode text\")", where)
        return codec
    if codec is not None:
        try:
            data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: the {what + ' ' if what else ''}CSV is UTF-16 without a "
                             f"byte-order mark and breaks off at byte {exc.start}; save it as "
                             "CSV UTF-8 (Excel: \"CSV UTF-8\")") from None
        log.info("%s: UTF-16 without a byte-order mark, read as %s", where, codec)
        return codec
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.info("%s: not UTF-8; read as Windows-1252 (a Swedish Excel's CSV)", where)
        return "cp1252"
    return "utf-8-sig"


def csv_dialect(path: Path, encoding: str = "utf-8-sig") -> tuple[str, str]:
    """Separator and decimal mark of a CSV: ``,``, ``;`` or a tab between fields.

    Exports from SCB's database and a Swedish Excel come with ``;`` or tabs (and decimal
    commas); they had been refused as lacking every column, the whole header read as one. The
    header is the first line that is neither blank nor a ``#`` comment; a decimal comma is
    looked for in every line.
    """
    try:
        with path.open(encoding=encoding) as f:
            lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    except UnicodeDecodeError:
        return ",", "."  # (the read that follows says "save it as UTF-8")
    if not lines:
        return ",", "."
    sep = max((",", ";", "\t"), key=lines[0].count)
    if sep == "," or lines[0].count(sep) == 0:
        return ",", "."
    comma = re.compile(r"(^|[;\t])\s*\"?-?\d+,\d+\"?\s*($|[;\t])")
    return sep, "," if any(comma.search(ln) for ln in lines[1:]) else "."


def column_names(names: Any, *, strip: bool = True) -> list[Any]:
    """Column names as they show: composed (NFC) and, with ``strip``, without surrounding spaces.

    A header saved on a Mac spells Ö as O + U+0308 (NFD), and Excel keeps a space typed after a
    name: ``Öst`` and ``kostnad`` mapped in the scenario had been "no column 'Öst'" beside an
    ``Öst`` among the columns listed. A name whose cleaning would make it another column's is
    kept as it is.
    """
    names = list(names)

    def clean(name: Any) -> Any:
        if not isinstance(name, str):
            return name
        text = unicodedata.normalize("NFC", name)
        return text.strip() if strip else text

    cleaned = [clean(n) for n in names]
    return [c if cleaned.count(c) == 1 else n for n, c in zip(names, cleaned, strict=True)]


def read_table(path: Path, *, what: str, dtype: Mapping[str, Any] | None = None,
               where: str | None = None) -> pd.DataFrame:
    """A CSV as a table (encoding, separator and decimal mark found as above).

    ``dtype`` as :func:`pandas.read_csv`'s (``{"deso": str}``: codes keep their leading zeros).
    ``where`` names the file in messages (the path by default).
    """
    where = where if where is not None else str(path)
    encoding = csv_encoding(path, where=where, what=what)  # (its own message: not "cannot read" below)
    try:
        sep, decimal = csv_dialect(path, encoding)
        with path.open(encoding=encoding) as f:
            lines = f.read().split("\n")
        kept, numbers = _uncommented(lines, sep, where)
        table = pd.read_csv(io.StringIO("\n".join(kept)), sep=sep, decimal=decimal,
                            skipinitialspace=True, dtype=dtype, skip_blank_lines=False)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{where}: cannot read the {what} CSV ({one_line(str(exc))[:200]}); "
                         "save it as CSV UTF-8 (Excel: \"CSV UTF-8\") with a header row") from None
    table = table.rename(columns=dict(zip(table.columns, column_names(table.columns),
                                          strict=True)))
    # (by the line of the file, as a spreadsheet numbers it; a row spanning lines: its first)
    table.attrs["lines"] = numbers[1:1 + len(table)]
    table.attrs["decimal"] = decimal
    empty = table.isna().all(axis=1) | table.map(
        lambda v: isinstance(v, str) and not v.strip()).all(axis=1)
    if len(table) and empty.any():
        lines_empty = [table.attrs["lines"][i] for i in np.flatnonzero(empty.to_numpy())]
        log.info("%s: %s empty in every column skipped (%s %s)", where,
                 plural(len(lines_empty), "row"), "line" if len(lines_empty) == 1 else "lines",
                 ", ".join(map(str, lines_empty[:5])))
        table.attrs["lines"] = [n for n, e in zip(table.attrs["lines"], empty, strict=False)
                                if not e]
        table = table[~empty.to_numpy()].reset_index(drop=True)
    return table


def _uncommented(lines: list[str], sep: str, where: str) -> tuple[list[str], list[int]]:
    """The lines of a CSV that are not ``#`` comments or blank, and their line numbers (from 1).

    Only a whole line starting with ``#`` is a comment (pandas' ``comment="#"`` had cut
    "Storgatan #5" at its ``#``); after the header, one with as many fields as the header is a
    row ("#10019" as a lamp number had been dropped silently), other ``#`` lines are comments.
    """
    kept: list[str] = []
    numbers: list[int] = []
    fields = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.startswith("#") and (not kept or line.count(sep) != fields):
            if kept:
                log.info("%s: line %d starts with '#' and is read as a comment", where, number)
            continue
        if not kept:
            fields = line.count(sep)
        kept.append(line)
        numbers.append(number)
    return kept, numbers


def _grouped(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``columns``' cells written with thousands grouped by spaces (``12 000``) as numbers.

    A Swedish Excel saves a number formatted with its thousands separator so, a space or a
    no-break space between the groups (``8 500,5`` with a decimal comma); a lamp register's cost
    column had been refused as non-numeric. Only whole groups of three with the file's own
    decimal mark are read: other text is left for the layer's check to refuse, naming it.
    """
    decimal = re.escape(table.attrs.get("decimal", "."))
    grouped = re.compile(rf"-?\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:{decimal}\d+)?")
    table = table.copy()
    for column in (c for c in dict.fromkeys(columns) if c in table.columns):
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(
                lambda v: float(re.sub(r"[ \u00a0\u202f]", "", v.strip()).replace(",", "."))
                if isinstance(v, str) and grouped.fullmatch(v.strip()) else v)
    return table


def read_points(path: Path, kind: str, key: str, *, columns: Mapping[str, str] | None,
                crs: str | None, scenario_crs: str,
                as_text: tuple[str, ...] = (), numbers: tuple[str, ...] = (),
                where: str | None = None) -> gpd.GeoDataFrame:
    """A CSV of points as a layer: its rows with Point geometry in the CRS of its coordinates.

    ``columns``: the layer's ``data.columns`` (its ``x`` and ``y`` name the coordinate columns);
    ``crs``: ``[data.crs]``'s for the layer. The table keeps every column (the coordinates too).
    ``as_text``: the file's columns read as text, as written (ids: lamp number ``0010019`` keeps
    its leading zeros, where it had been read as the number 10019). ``numbers``: the file's
    columns of the planner's numbers, whose thousands a Swedish Excel groups (:func:`_grouped`).
    ``where`` names the file in messages (the path by default).
    """
    where = where if where is not None else str(path)
    table = read_table(path, what=kind, dtype=dict.fromkeys(as_text, str) or None, where=where)
    table = _grouped(table, numbers)
    names = {str(c).strip().lower(): c for c in table.columns}
    given = {k: v for k, v in (columns or {}).items() if k in ("x", "y")}
    pair_crs: str | None = None
    if given:
        if set(given) != {"x", "y"}:
            raise InputError(f"{where}: data.columns.{key} maps only {next(iter(given))!r} of the "
                             "coordinates; map both x and y")
        absent = [v for v in given.values() if v not in table.columns]
        if absent:
            from planner.io import _meant

            meant = _meant(absent[0], [str(c) for c in table.columns])
            raise InputError(f"{where}: the {kind} CSV has no column {absent[0]!r} (named as a "
                             f"coordinate by data.columns.{key}); its columns: "
                             f"{', '.join(map(str, table.columns))}"
                             + (f"; {meant}" if meant else ""))
        x_col, y_col = given["x"], given["y"]
    else:
        found = [(names[x], names[y], c) for x, y, c in COORDINATE_PAIRS
                 if x in names and y in names]
        if not found:
            raise InputError(
                f"{where}: the {kind} CSV has no coordinate columns the planner knows (x/y, "
                f"e/n, lon/lat, ...); its columns: {', '.join(map(str, table.columns))}; name "
                f"them in the scenario: [data.columns.{key}] x = \"...\" and y = \"...\"")
        x_col, y_col, pair_crs = found[0]
    coords = []
    for column in (x_col, y_col):
        raw = table[column]
        # (text stays text in a column with one bad cell, and a Swedish Excel groups thousands
        # with a space: "590 605,25" is a number too)
        text = raw.map(lambda v: re.sub(r"[\s\u00a0\u202f]", "", v).replace(",", ".")
                       if isinstance(v, str) else v)
        values = pd.to_numeric(text, errors="coerce")
        bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
        if bad.any():
            rows = np.flatnonzero(bad.to_numpy())
            # (by the line of the file, the header its line 1, as a spreadsheet shows it)
            lines = table.attrs.get("lines") or [i + 2 for i in range(len(table))]
            shown = ", ".join(
                f"line {lines[i]} ({'empty' if pd.isna(raw.iloc[i]) else repr(str(raw.iloc[i]))})"
                for i in rows[:3])
            raise InputError(f"{where}: coordinate column {column!r} has "
                             f"{plural(len(rows), 'missing or non-numeric value')} ({shown}); "
                             "give every row its coordinates")
        coords.append(values.to_numpy(dtype=float))
    source = crs or pair_crs
    if source is None:
        source = scenario_crs
        log.info("%s: coordinates %s/%s read in the scenario's crs %s (a [data.crs] %s entry "
                 "names another)", where, x_col, y_col, scenario_crs, key)
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(coords[0], coords[1]),
                            crs=source)
