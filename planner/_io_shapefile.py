"""What a Shapefile does to a layer, undone or asked about (internal).

Its text: a Shapefile without a ``.cpg`` whose text is UTF-8, which GDAL reads as Latin-1, read
again as UTF-8 (:func:`_utf8_shapefile`). Its column names, cut to 10 characters: the planner's
own and ``data.columns``' names read from their cut (:func:`_full_names`, :func:`_cut_mapping`),
refused where GDAL's renaming of names that begin alike makes the column unsure
(:func:`_cut_name`), and the planner's columns cut to one name (``existing_o``, a grid or a
true bearing) asked which they are (:func:`_check_cut_twins`). :func:`planner.io.read_layer`
calls them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd

from planner._io_specs import LayerSpec
from planner.errors import InputError, joined

# (the Shapefile warnings' logger, as before they left planner.io: the CLI prints its name)
log = logging.getLogger("planner.io")


def _utf8_as_latin1(value: object) -> bool:
    """Text that is UTF-8 read as Latin-1 ("Nävertorp" read as "NÃ¤vertorp")."""
    if not isinstance(value, str) or value.isascii():
        return False
    try:
        return value.encode("latin-1").decode("utf-8") != value
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def _utf8_shapefile(path: Path, layer: str | None, frame: gpd.GeoDataFrame, *,
                    where: str) -> gpd.GeoDataFrame:
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
                "'UTF-8' to say so)", where)
    return again


#: What each of the planner's columns a Shapefile cuts to one name holds, for the message that
#: asks which it is (the analyst chooses by what the numbers are, not by the column's name).
_CUT_TWINS_MEAN = {
    "existing_orientation_deg": "grid bearings, as measured on a map in the scenario's CRS",
    "existing_orientation_true_deg": "bearings from true north, as a compass or a map app gives "
                                     "them",
}


def _cut_twins(frame: gpd.GeoDataFrame,
               spec: LayerSpec) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """The planner's columns a Shapefile cuts to one name, with the file's columns of that cut.

    Each as (the cut, the planner's columns, the file's columns): ``existing_o`` is the cut of
    ``existing_orientation_deg`` and of ``existing_orientation_true_deg``, and GDAL writes the
    second of two such columns as ``existing_1`` (see :func:`_cut_name`). The file's columns are
    the cut and the renamed ones after it, those only where there are no more of them than the
    twins explain (more are another column's too, and :func:`_cut_name` asks of them).
    """
    names = [str(c) for c in frame.columns if c != frame.geometry.name]
    cuts: dict[str, list[str]] = {}
    for name in spec.mappable():
        if len(name) > 10 and name not in names and name not in spec.uncut:
            cuts.setdefault(name[:10], []).append(name)
    found = []
    for cut, twins in cuts.items():
        if len(twins) < 2 or cut not in names:
            continue
        renamed = re.compile(re.escape(cut[:8]) + r"(_[1-9]|[0-9]{2})")
        later = [c for c in names if renamed.fullmatch(c)]
        found.append((cut, tuple(twins), [cut, *later] if len(later) < len(twins) else [cut]))
    return found


def _check_cut_twins(frame: gpd.GeoDataFrame, spec: LayerSpec, reading: Mapping[str, str],
                     where: str) -> None:
    """Refuse a Shapefile's column that may be either of two planner columns, unless mapped.

    ``existing_o`` holds ``existing_orientation_deg`` (a grid bearing) or
    ``existing_orientation_true_deg`` (from true north) alike, and a file of true bearings had
    been read as grid ones, off by the meridian convergence without a word. A file with both has
    ``existing_o`` and ``existing_1``: both are asked for (``existing_1`` had been asked about as
    ``existing_model``'s), and once one is mapped the other must be too, so that both are read
    and checked against each other as a GeoPackage's are (the other had been dropped unread). A
    column left unread is refused only where it holds a value; the cut alone beside a twin mapped
    elsewhere is the planner's own name's (``existing_orientation_deg``, :func:`_full_names`).
    ``reading``: ``data.columns`` as the file's names.
    """
    for cut, twins, files in _cut_twins(frame, spec):
        unset = [t for t in twins if t not in reading]
        unread = [c for c in files if c not in reading.values() and frame[c].notna().any()]
        if not unset or not unread:
            continue
        if len(unset) < len(twins) and unread == [cut] and set(unset) <= set(spec.columns()):
            continue
        how = (f"a Shapefile cuts their names to the same 10 characters, {cut!r}, and GDAL "
               f"renames the second column so cut to {files[1]!r}" if len(files) > 1 else
               "a Shapefile cuts their names to the same 10 characters")
        end = "or save the layer as a GeoPackage, which keeps whole names"
        key = f"[data.columns.{spec.key}]"
        it = f"columns {joined([repr(c) for c in unread])}" if len(unread) > 1 else (
            f"column {unread[0]!r}")
        if len(unset) < len(twins):
            said = joined([f"{t} from {reading[t]!r}" for t in twins if t in reading])
            fix = (f"map it too ({key} {unset[0]} = {unread[0]!r})"
                   if len(unset) == len(unread) == 1 else
                   f"say which ({key} "
                   + " or ".join(f"{t} = {c!r}" for t in unset for c in unread) + ")")
            raise InputError(f"{where}: {it} may be {_twins_meant(unset, ' or ')}, which the "
                             f"scenario leaves unmapped while it reads {said}: {how}; {fix} {end}")
        if len(files) == 1:
            either = " or ".join(f"{t} = {cut!r}" for t in twins)
            raise InputError(f"{where}: column {cut!r} may be {_twins_meant(twins, ' or ')}: "
                             f"{how}; say which in the scenario ({key} {either}) {end}")
        pairs = " and ".join(f"{t} = {c!r}" for t, c in zip(twins, files, strict=False))
        raise InputError(
            f"{where}: columns {joined([repr(c) for c in files])} may be "
            f"{_twins_meant(twins, ' and ')}: {how}; say which is which in the scenario ({key} "
            f"{pairs}, or the other way round) {end}")


def _twins_meant(names: Sequence[str], conjunction: str) -> str:
    """The planner's columns each with what it holds (:data:`_CUT_TWINS_MEAN`)."""
    return conjunction.join(f"{c}" + (f" ({_CUT_TWINS_MEAN[c]})" if c in _CUT_TWINS_MEAN else "")
                            for c in names)


def _full_names(frame: gpd.GeoDataFrame, spec: LayerSpec, where: str,
                twin_renamed: set[str]) -> gpd.GeoDataFrame:
    """Undo the Shapefile's cut of column names to 10 characters (``install_co``).

    A cut two of the planner's columns share is read as the one of :meth:`LayerSpec.columns`
    (``existing_o`` as ``existing_orientation_deg``) once :func:`_check_cut_twins` has let it
    pass. ``twin_renamed``: the columns GDAL renamed for those twins (``existing_1``), which
    :func:`_cut_name` does not take for another column's.
    """
    renames = {
        _cut_name(frame, name, where, spec.key, name, f"the planner's column {name!r}",
                  twin_renamed): name
        for name in spec.columns()
        if len(name) > 10 and name[:10] in frame.columns and name not in frame.columns
        and name not in spec.uncut
    }
    return frame.rename(columns=renames) if renames else frame


def _cut_name(frame: gpd.GeoDataFrame, name: str, where: str, key: str, ours: str,
              what: str, twin_renamed: set[str]) -> str:
    """``name`` cut to a Shapefile's 10 characters, refused where GDAL's renaming makes it unsure.

    GDAL cuts a longer name to 10 characters and, when two cut names collide, renames the later
    one to its first 8 characters and ``_1`` ... ``_9``, then 2 digits (``befolkning_2023`` and
    ``befolkning_2022`` are saved as ``befolkning`` and ``befolkni_1``): which of them holds the
    column named cannot be told, and reading the cut name had silently taken the other year's.
    ``twin_renamed``: renamed columns that are the planner's twins' (:func:`_cut_twins`), not asked of.
    """
    cut = name[:10]
    renamed = re.compile(re.escape(name[:8]) + r"(_[1-9]|[0-9]{2})")
    others = [str(c) for c in frame.columns
              if isinstance(c, str) and renamed.fullmatch(c) and c not in twin_renamed]
    if others:
        raise InputError(
            f"{where}: {what} is cut to 10 characters in a Shapefile, and the file has "
            f"{', '.join(repr(c) for c in [cut, *others])}, which GDAL made of names that "
            f"begin alike; map the one you mean ([data.columns.{key}] {ours} = {others[0]!r} or "
            f"{cut!r}) or save the layer as a GeoPackage, which keeps whole names"
        )
    return cut


def _cut_mapping(frame: gpd.GeoDataFrame, columns: Mapping[str, str],
                 where: str, key: str, twin_renamed: set[str]) -> dict[str, str]:
    """``data.columns`` read from a Shapefile: a name of yours cut to 10 characters matches.

    As the planner's own names do (:func:`_full_names`): ``BEFOLKNING_2023`` saved as a
    Shapefile is ``BEFOLKNING``, and the mapping had been refused as naming no column.
    """
    return {ours: (_cut_name(frame, yours, where, key, ours, f"your column {yours!r} (for {ours!r})",
                             twin_renamed)
                   if len(yours) > 10 and yours not in frame.columns
                   and yours[:10] in frame.columns else yours)
            for ours, yours in columns.items()}
