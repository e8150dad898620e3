"""Per-area factors on the demand weight in the objective (``demand.area_factors``).

"After a shooting in Nyhem, what if that area counts more?": the areas layer's ``priority`` is
in [0, 1] and the area of the highest priority cannot be raised, so ``demand.area_factors =
{ "0483C1090" = 2 }`` multiplies an area's demand weight in the objective (its covered weight
counts twice) without touching the data.

Semantics
---------
Every demand point that counts in the area is multiplied: the grid's (``population × (1 +
priority_gain × priority)`` spread over its points), the points of ``data.places`` that fall
in it and the ``data.demand_points`` whose ``area_id`` is the area (given or found from their
position; a point in no area has no factor). All of them, so that the factor moves the area's
weight in the objective and nothing else: its covered share, covered weight and covered
population are measured against its own weight, as without a factor, and so are the plan's
covered share and the equity rule (a share is the same of a weight doubled). A place that lies
in two areas counts in each with that area's factor.

The factor is applied to the optimiser's weights only (:func:`objective_weights`), when a plan
is solved: a preparation (demand, coverage, privacy) is shared by plans that differ only in
their factors (``compare`` of a scenario with and without, a sweep, a rollout).

Ids are checked against the areas layer when it is read (:func:`check_area_factors`): an
unknown id is refused with the ids meant (:mod:`planner._plan_area_ids`); a factor on an area
the scenario does not plan (``demand.areas``, ``demand.min_priority``) changes nothing and is
warned about (:func:`unplanned_factors`), so that a variant raising Nyhem still combines with
one planning other areas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from planner._plan_area_ids import unknown_areas
from planner.errors import InputError, joined
from planner.scenario import Scenario

KEY = "demand.area_factors"


def check_area_factors(scenario: Scenario, areas: gpd.GeoDataFrame) -> None:
    """Refuse a ``demand.area_factors`` id that names no area of ``areas`` (the whole layer).

    ``unknown area id 0483C109; did you mean 0483C1090?``, an area's name answered with its
    ids, as ``demand.areas`` is.
    """
    factors = scenario.demand.area_factors
    if not factors:
        return
    problem = unknown_areas(list(factors), areas, scenario)
    if problem is not None:
        raise InputError(f"{scenario.source or 'scenario'}: key {KEY} names {problem}")


def unplanned_factors(scenario: Scenario, planned: Iterable[str]) -> str | None:
    """The warning for factors on areas the scenario does not plan, or ``None``."""
    ids = set(map(str, planned))
    off = [a for a in scenario.demand.area_factors if a not in ids]
    if not off:
        return None
    one = len(off) == 1
    return (f"{scenario.source or 'scenario'}: key {KEY}: {'area' if one else 'areas'} "
            f"{joined(off)} {'is' if one else 'are'} not planned (demand.areas, "
            f"demand.min_priority), so {'its factor changes' if one else 'their factors change'}"
            f" nothing; plan {'it' if one else 'them'} or drop {'its' if one else 'their'} "
            "factor")


def factors_of(scenario: Scenario, area_ids: Iterable[object]) -> np.ndarray:
    """Each area's (or demand point's) factor, by its ``area_id``: 1 where none is given.

    A lookup per distinct id, not a Python call per demand point (a city's demand has hundreds
    of thousands).
    """
    ids = area_ids if isinstance(area_ids, pd.Series) else pd.Series(list(area_ids),
                                                                    dtype=object)
    factors = scenario.demand.area_factors
    if not factors:
        return np.ones(len(ids))
    # each distinct id looked up once; code -1 (None, NaN: a point in no area) takes the last
    # value, factor 1
    codes, distinct = pd.factorize(ids)
    return np.array([*(factors.get(str(a), 1.0) for a in distinct), 1.0])[codes]


def objective_weights(scenario: Scenario, demand: pd.DataFrame) -> np.ndarray:
    """The optimiser's weight of each demand point: its weight × its area's factor.

    Without factors, the demand's weights as they are (the same array values: the default
    plan is unchanged to the last bit).
    """
    w = demand["weight"].to_numpy(dtype=float)
    if not scenario.demand.area_factors:
        return w
    return w * factors_of(scenario, demand["area_id"])


def applied(scenario: Scenario, planned: Iterable[str]) -> Mapping[str, float]:
    """The factors of planned areas other than 1, by area id (what report.md and the map say)."""
    ids = set(map(str, planned))
    return {a: f for a, f in scenario.demand.area_factors.items() if a in ids and f != 1.0}
