"""Documented incidents' dates and times of day, read as a register writes them (internal).

:func:`incident_times` reads each incident's day and hour of day from the incidents layer's
``date`` (a date, or a date and time, ISO 8601) and ``time`` (HH:MM) columns: the local time of
day, a UTC offset dropped, midnight in ``date`` read as no time of day, values that are neither
refused in one message naming the column, the features and the form to write;
:func:`at_night` tells the hours of :data:`NIGHT_HOURS` (evening and night, the record's
counts). Public through :mod:`planner.io`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from planner._io_check import column_label
from planner.errors import InputError, plural

#: Evening and night for the record's incident counts: from 18:00 to 06:00.
NIGHT_HOURS = (18, 6)


def incident_times(frame: gpd.GeoDataFrame, *, where: str,
                   columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Each incident's day (``day``, NaT where not given) and hour of day (``hour``, NaN unknown).

    ``date`` holds a date (YYYY-MM-DD) or a date and time (``2024-03-01 22:15``, ISO 8601); the
    time of day may instead be in ``time`` (HH:MM), which wins. Values that are neither raise one
    :class:`InputError` naming the column, the features (by ``incident_id``, else their
    positions in ``frame``) and the form to write. The local time of day counts: a UTC offset written with it is dropped, not
    applied (a year of Swedish data mixes +01:00 and +02:00). A time of exactly 00:00 in
    ``date`` is read as no time of day, in every file format: registers write unknown times
    so, GDAL gives a date in a column of date-times as midnight, and a date-only incident must
    not count as a night one (give 00:00 in ``time`` to count it).
    """
    n = len(frame)
    ids = frame["incident_id"] if "incident_id" in frame.columns else None
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
        _refuse_values(text, (text != "") & stamps.isna(), where=where, ids=ids,
                       column=column_label("date", columns), what=("a date", "dates"),
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
                       where=where, ids=ids, column=column_label("time", columns),
                       what=("a time of day", "times of day"), form="HH:MM, e.g. 22:15")
        given = text != ""
        hour = hour.where(~given, parts[0] + parts[1] / 60)
    return pd.DataFrame({"day": day, "hour": hour}, index=frame.index)


def _as_text(values: pd.Series) -> pd.Series:
    """Each value as stripped text, missing ones (None, NaN) as ""."""
    return values.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
                      else str(v).strip())


def _refuse_values(text: pd.Series, bad: pd.Series, *, where: str, ids: pd.Series | None,
                   column: str, what: tuple[str, str], form: str) -> None:
    """One :class:`InputError`: the column, the first bad features (file order, by id), the form.

    ``what``: what the values should be, said of one value and of several.
    """
    if not bad.any():
        return
    rows = np.flatnonzero(bad.to_numpy())
    names = [str(i) if ids is None else str(ids.iloc[i]) for i in rows]
    shown = ", ".join(f"{name} ({text.iloc[i]!r})" for name, i in zip(names, rows[:3], strict=False))
    one = len(rows) == 1
    raise InputError(f"{where}: column {column} has {plural(len(rows), 'value')} that "
                     f"{'is' if one else 'are'} not {what[not one]} "
                     f"({'feature' if one else 'features'} "
                     f"{shown}); write {form}")


def at_night(hour: pd.Series) -> pd.Series:
    """Whether an hour of day (float) lies in :data:`NIGHT_HOURS` (unknown hours: False)."""
    start, end = NIGHT_HOURS
    return (hour >= start) | (hour < end)
