"""Reading SCB DeSO boundaries and DeSO statistics for :func:`planner.importers.import_deso`."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from planner._io_csv import csv_dialect, csv_encoding, read_table
from planner.errors import InputError, one_line
from planner.io import LAYER_MARK, POLYGONAL, LayerSpec, check_layer, pick_layer, split_layer

log = logging.getLogger(__name__)

DESO_COLUMNS = ("deso", "kommun", "kommunnamn", "lan", "lannamn")
"""Columns of SCB's DeSO boundary GeoPackage (EPSG:3006)."""
DESO_NEEDED = {"deso": "the DeSO code", "kommun": "the four-digit municipality code"}
"""The columns of :data:`DESO_COLUMNS` the importer reads (a layer of the DeSO areas kept
without the names of the municipality and county had been refused for lacking them)."""
DESO_STATS = {
    "pop_total_2022": "population",
    "low_economic_standard_pct": "low_econ_standard_pct",
    "unemployment_rate_16_64": "unemployment_rate",
    "share_foreign_background": "foreign_background_share",
    "share_rental_dwellings": "rental_share",
    "net_income_median_tkr": "median_income_tkr",
}
"""Statistics CSV column → areas-layer column (the CSV also needs ``deso``; ``regso_name`` is
used as the area's name when present)."""
DESO_SHARES = {
    "share_foreign_background": (("foreign_background",), ("pop_total_2022",)),
    "unemployment_rate_16_64": (("unemployed_16_64",), ("labour_force_16_64",)),
    "share_rental_dwellings": (("dwellings_hyresratt",),
                               ("dwellings_hyresratt", "dwellings_bostadsratt",
                                "dwellings_aganderatt", "dwellings_tenure_unknown")),
}
"""Shares the statistics may give as SCB's counts instead: share → (numerator columns,
denominator columns), each summed (SCB's tables give persons with foreign background, the
unemployed and the labour force 16-64, and dwellings by tenure; the shares are this project's
names for their ratios)."""

PERCENT_COLUMNS = ("low_economic_standard_pct", "low_econ_standard_pct")
"""Statistics in percent (0-100): a cell "12,4 %" is 12.4."""
SHARE_COLUMNS = ("unemployment_rate_16_64", "share_foreign_background", "share_rental_dwellings",
                 "unemployment_rate", "foreign_background_share", "rental_share")
"""Statistics as shares (0-1): a cell "12,4 %" is 0.124."""


def read_deso(path: Path, kommun: str) -> gpd.GeoDataFrame:
    path, layer = split_layer(path)
    if not path.is_file():
        raise InputError(f"{path}: DeSO boundary file not found; download SCB's DeSO GeoPackage")
    layer = _deso_layer(path, layer)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio/GDAL raise many types; all mean "cannot read"
        raise InputError(f"{path}: cannot read the DeSO boundaries ({one_line(str(exc))[:200]}); "
                         "give SCB's DeSO GeoPackage") from None
    if layer is not None:
        path = Path(f"{path}{LAYER_MARK}{layer}")  # (the messages name the layer read)
    missing = [c for c in DESO_NEEDED if c not in frame.columns]
    if missing:
        has = ", ".join(str(c) for c in frame.columns if c != frame.geometry.name) or "none"
        raise InputError(f"{path}: DeSO boundaries lack {_columns(missing)} (the layer has: "
                         f"{has}); give SCB's DeSO GeoPackage, or rename your "
                         f"{'column' if len(missing) == 1 else 'columns'} to "
                         + " and ".join(f"{c} ({DESO_NEEDED[c]})" for c in missing))
    if len(frame) == 0:
        raise InputError(f"{path}: the DeSO boundary layer is empty; it needs the DeSO polygons")
    frame["deso"] = frame["deso"].astype(str).str.strip()
    frame["kommun"] = frame["kommun"].astype(str).str.strip().str.zfill(4)
    sel = frame[frame["kommun"] == kommun]
    if not len(sel):
        present = sorted(set(frame["kommun"]))
        raise InputError(f"{path}: kommun {kommun} not found (the file has {len(present)} "
                         f"kommun(er): {', '.join(present[:10])}); check --kommun")
    log.info("%s: %d of %d DeSO areas are in kommun %s", path, len(sel), len(frame), kommun)
    spec = LayerSpec("DeSO boundaries", "deso", POLYGONAL)
    return check_layer(sel.reset_index(drop=True), spec, crs="EPSG:3006", where=str(path))


def _deso_layer(path: Path, layer: str | None) -> str | None:
    """The layer to read: the one named, else the only one, else the one with a ``deso`` column.

    A GeoPackage of two layers had been read at its first, which was not the DeSO layer, and
    the message ("kommun 0483 not found") had not said which layer it had read.
    """
    import pyogrio

    def with_deso(names: list[str]) -> list[str]:
        return [n for n in names if "deso" in pyogrio.read_info(path, layer=n)["fields"]]

    return pick_layer(path, layer, kind="DeSO", matching=with_deso,
                      hint=" (one with a deso column)")


def read_stats(path: Path, kommun: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: DeSO statistics file not found; check the path")
    table = read_table(path, what="statistics", dtype={"deso": str})
    stats = _derive_shares(_excel_numbers(table, path), path)
    # SCB's column names (as in ../shared's indicators file), or the areas layer's own (as in
    # data/katrineholm_deso_figures.csv)
    short = [c for c in ("deso", *DESO_STATS.values()) if c not in stats.columns]
    missing = [c for c in ("deso", *DESO_STATS) if c not in stats.columns]
    if short and missing:
        raise InputError(f"{path}: statistics lack {_columns(missing)}; needed: deso, "
                         f"{', '.join(DESO_STATS)} (the three shares may be given as SCB's "
                         "counts instead: foreign_background with pop_total_2022, "
                         "unemployed_16_64 and labour_force_16_64, "
                         "dwellings_hyresratt/bostadsratt/aganderatt/tenure_unknown), or deso, "
                         f"{', '.join(DESO_STATS.values())}")
    if short:
        stats = stats.rename(columns=DESO_STATS)
    stats["deso"] = stats["deso"].astype(str).str.strip()
    stats = stats[stats["deso"].str[:4] == kommun]
    if not len(stats):
        raise InputError(f"{path}: no statistics for kommun {kommun} (DeSO codes starting with "
                         f"{kommun}); check --kommun or the file")
    dup = stats["deso"].duplicated(keep=False)
    if dup.any():
        twice = sorted(set(stats.loc[dup, "deso"]))
        raise InputError(f"{path}: DeSO {'code' if len(twice) == 1 else 'codes'} listed twice: "
                         f"{', '.join(twice[:5])}; keep one row each")
    numbers = stats[list(DESO_STATS.values())].apply(pd.to_numeric, errors="coerce")
    bad = numbers.isna().any(axis=1)
    if bad.any():
        # (the column and the value: SCB writes ".." where it suppresses a figure)
        row = stats.loc[bad].iloc[0]
        column = next(c for c in DESO_STATS.values() if pd.isna(numbers.loc[row.name, c]))
        raise InputError(f"{path}: missing or non-numeric statistics for "
                         f"{', '.join(stats.loc[bad, 'deso'][:5])} (e.g. {column} = "
                         f"{row[column]!r} for {row['deso']}); fill them in with numbers")
    keep = (["deso", *DESO_STATS.values()] + (["regso_name"] if "regso_name" in stats else [])
            + (["source"] if "source" in stats else []))
    out = stats[keep].copy()
    for col in DESO_STATS.values():
        out[col] = pd.to_numeric(out[col])
    return out



def _derive_shares(stats: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Add each share of :data:`DESO_SHARES` the file lacks but has the counts of.

    A county export of SCB's raw tables (counts only) had been refused for lacking
    ``unemployment_rate_16_64`` and the other ratios.
    """
    stats = stats.copy()
    for share, (top, bottom) in DESO_SHARES.items():
        if share in stats.columns or not all(c in stats.columns for c in (*top, *bottom)):
            continue
        numbers = stats[list(dict.fromkeys((*top, *bottom)))].apply(pd.to_numeric,
                                                                    errors="coerce")
        below = numbers[list(bottom)].sum(axis=1, min_count=len(bottom))
        stats[share] = numbers[list(top)].sum(axis=1, min_count=len(top)) / below.where(below > 0)
        log.info("%s: %s computed as %s / %s", path, share, " + ".join(top), " + ".join(bottom))
    return stats


def _excel_numbers(stats: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The statistics' text cells as a Swedish Excel formats numbers, read as numbers.

    Thousands grouped with a space or a no-break space ("1 850") and percentages ("12,4 %")
    had been refused as non-numeric. A percentage is a percent column's value as it is
    (:data:`PERCENT_COLUMNS`), a share column's divided by 100 (:data:`SHARE_COLUMNS`), and
    refused in any other column (a population, an income, a count). A comma is a decimal comma
    in a file with ``;`` or tabs between fields. Other text is left for the checks that follow.
    """
    comma = csv_dialect(path, csv_encoding(path))[0] != ","
    counts = {c for top, bottom in DESO_SHARES.values() for c in (*top, *bottom)}
    numeric = {*DESO_STATS, *DESO_STATS.values(), *counts}
    stats = stats.copy()
    for column in [c for c in stats.columns if c in numeric]:
        if pd.api.types.is_numeric_dtype(stats[column]):
            continue
        values = []
        for deso, cell in zip(stats.get("deso", stats.index), stats[column], strict=False):
            if not isinstance(cell, str):
                values.append(cell)
                continue
            text = re.sub(r"[\s\u00a0\u202f]", "", cell)
            percent = text.endswith("%")
            text = text.removesuffix("%")
            if comma:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                values.append(cell)
                continue
            if percent and column in SHARE_COLUMNS:
                value /= 100.0
            elif percent and column not in PERCENT_COLUMNS:
                raise InputError(
                    f"{path}: {column} = {cell!r} for {deso} is a percentage, but {column} is "
                    "not one (a number of persons, dwellings or an income); give the number "
                    "without %")
            values.append(value)
        stats[column] = pd.Series(values, index=stats.index, dtype=object)
    return stats


def _columns(names: list[str]) -> str:
    """``column a`` or ``columns a, b``."""
    return f"{'column' if len(names) == 1 else 'columns'} {', '.join(names)}"
