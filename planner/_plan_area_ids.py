"""Area ids checked against the areas layer: unknown ids named with the ids meant.

An area's name given for its id is answered with its ids, a misspelt id or name with the
closest (``demand.areas``, a demand point's ``area_id``, notebook 01's ``AREA``).
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from planner.errors import InputError, closest, joined
from planner.io import AREAS, id_text, read_layer
from planner.scenario import Scenario, data_path_as_written


def unknown_areas(ids: Sequence[str], areas: gpd.GeoDataFrame, scenario: Scenario) -> str | None:
    """What to say of the ids in ``ids`` that name no area of ``areas``; ``None``: all known.

    ``"unknown area id X; ..."`` (``ids`` for several): an area's name given for its id is answered with the ids
    of the areas of that name, a misspelt id or name with the closest ("did you mean"), and the
    areas layer is named by its key and its path as the scenario writes it. (A name had been
    "use area_id values from /abs/path/areas.geojson", a machine path and no word of the ids.)
    """
    # (as text, an empty cell none: a notebook's layer read by geopandas, not read_layer, may
    # lack a name, which had failed with "'float' object has no attribute 'casefold'")
    every = id_text(areas["area_id"])
    names = (id_text(areas["name"]) if "name" in areas.columns
             else pd.Series(None, index=areas.index, dtype=object))
    known = every.dropna()
    unknown = sorted(set(map(str, ids)) - set(known))
    if not unknown:
        return None
    ids_of: dict[str, list[str]] = {}
    for area_id, name in zip(every, names, strict=True):
        if area_id is not None and name is not None and name.strip():
            ids_of.setdefault(name, []).append(area_id)
    by_folded = {name.casefold(): name for name in ids_of}
    hints, named = [], 0
    for wrong in unknown[:5]:
        lead = f"{wrong!r}: " if len(unknown) > 1 else ""
        name = by_folded.get(wrong.strip().casefold())
        if name is not None:
            its = ids_of[name]
            hints.append(f"{wrong!r} is the name of {joined(its)}")
            named += len(its)
            continue
        # (a part of a name, "Nyhem" for Nyhem-Nävertorp's areas, had been answered with no
        # word of the ids)
        within = [n for n in ids_of if len(wrong.strip()) >= 4
                  and wrong.strip().casefold() in n.casefold()]
        if within:
            hints.append(f"{wrong!r} is in the {'name' if len(within) == 1 else 'names'} of "
                         + ", ".join(f"{joined(ids_of[n])} ({n})" for n in within[:3])
                         + (", ..." if len(within) > 3 else ""))
            named += sum(len(ids_of[n]) for n in within)
            continue
        close = closest(wrong, [*known, *ids_of])
        if close is None:
            continue
        if close in ids_of:
            its = ids_of[close]
            hints.append(f"{lead}did you mean {close!r}, the name of {joined(its)}?")
            named += len(its)
        else:
            hints.append(f"{lead}did you mean {close}?")
    layer = f"data.areas, {data_path_as_written(scenario, 'areas')} as the scenario gives it"
    head = (f"unknown area {'id' if len(unknown) == 1 else 'ids'} {', '.join(unknown[:5])}"
            f"{', ...' if len(unknown) > 5 else ''}")
    if not hints:
        return f"{head}; use area_id values of {layer.replace(', ', ' (', 1)})"
    return (f"{head}; {'; '.join(hints)} ({layer})"
            + ("; give their ids" if named > 1 else "; give its id" if named else ""))


def check_area_ids(scenario: Scenario, ids: Sequence[str], *, what: str = "key demand.areas",
                   areas: gpd.GeoDataFrame | None = None) -> None:
    """Raise an :class:`InputError` naming the ids of ``ids`` that are no area of the scenario.

    ``what`` names where the ids come from in the message (a notebook's variable: ``"AREA"``);
    ``areas``: the areas layer, if read already (else it is read from ``data.areas``). An
    area's name given for its id is answered with its ids, a misspelt one with the closest.
    """
    if areas is None:
        data = scenario.data
        areas = read_layer(data.areas, AREAS, crs=scenario.crs, columns=data.columns.get("areas"),
                           source_crs=data.crs.get("areas"), defaults=data.defaults.get("areas"),
                           where=data_path_as_written(scenario, "areas"))
    problem = unknown_areas(ids, areas, scenario)
    if problem is not None:
        raise InputError(f"{scenario.source or 'scenario'}: {what} names {problem}")
