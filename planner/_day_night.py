"""Day and night in one plan: ``coverage.night_share``.

A camera serves by day with its daylight ranges and at night with each DORI range capped at its
IR range. ``coverage.night_share = s`` (strictly between 0 and 1) asks for one plan good at both:
its objective is ``(1 − s) × day coverage + s × night coverage`` of the same cameras, modelled
exactly by stacking the demand rows, as the optimiser's contract
(:class:`~planner.optimize.CoverageProblem`) stands:

* the day rows, each point with weight ``(1 − s) × w`` and its coverage by daylight ranges;
* then the night rows, the same points with weight ``s × w`` and their coverage by IR ranges.

Every sum over demand then weighs the two periods so: an area's covered share and weight, the
equity rule's shares (both copies carry their area's label), ``demand.area_factors`` (by
``area_id``) and the places' shares are each the same weighted mean of day and night. Share 0
and share 1 are the day and the night plan themselves (the scenario stores them as
``coverage.night``): nothing is stacked, the plan is those plans' bytes.

The stacked demand has a column :data:`PERIOD` (``"day"`` or ``"night"``); :func:`by_period`
gives the covered share and population of each period apart, for the outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from planner import coverage as cov
from planner._plan_prepare import _at_least
from planner.cameras import CameraModel
from planner.scenario import LEVELS, Scenario

#: The column of a day-and-night preparation's demand that says which copy a row is.
PERIOD = "period"

#: A mixed plan's figures by day and at night (``summary.json``'s keys), which a sweep's
#: ``curve.csv`` and a rollout's ``stages.csv`` add after their weighted covered share.
PERIOD_COLUMNS = [
    "covered_share_day",
    "covered_share_night",
    "covered_population_day",
    "covered_population_night",
]

#: The other period's figures a day plan (``None``) or a night plan gives beside its own: its
#: cameras at night, or by day, as they stand (:func:`other_period`); a sweep's ``curve.csv``
#: and a rollout's ``stages.csv`` add them after their other columns (report.md's tables and
#: the console set them beside the covered share), as for a mixed plan its four.
OTHER_COLUMNS = {
    "day": ["covered_share_night", "covered_population_night"],
    "night": ["covered_share_day", "covered_population_day"],
}


def period_columns(when: str | None) -> list[str]:
    """The columns by period a sweep's curve or a rollout's stages add for plans of ``when``.

    ``when`` as :func:`planner._plan_types.coverage_time` says it (``"day"``, ``"night"``,
    ``"mixed"`` or ``None`` for a day plan): a mixed plan's figures by day and at night, a day
    plan's at night, a night plan's by day (a day sweep's night had been in no table).
    """
    return PERIOD_COLUMNS if when == "mixed" else OTHER_COLUMNS[when or "day"]


def scenario_time(scenario: Scenario) -> str:
    """``"day"``, ``"night"`` or ``"mixed"``: when a scenario's plans count their coverage."""
    return "night" if scenario.coverage.night else "mixed" if mixed(scenario) else "day"


def summary_night_share(summary: Mapping[str, Any]) -> float | None:
    """The share of a plan's objective counted at night, from its ``settings.coverage``.

    ``None`` where the summary does not record it (a plan made by hand).
    """
    coverage = ((summary or {}).get("settings") or {}).get("coverage")
    if not isinstance(coverage, Mapping) or "night" not in coverage:
        return None
    if coverage.get("night"):
        return 1.0
    share = coverage.get("night_share")
    return 0.0 if share is None else float(share)


def different_periods(summary_a: Any, summary_b: Any) -> bool:
    """Whether two plans count the night differently (both recorded, the shares differ)."""
    a, b = summary_night_share(summary_a), summary_night_share(summary_b)
    return a is not None and b is not None and a != b


def night_share(scenario: Scenario) -> float:
    """The share of the objective counted at night: 0 by day, 1 at night, or ``night_share``."""
    cv = scenario.coverage
    if cv.night:
        return 1.0
    return 0.0 if cv.night_share is None else float(cv.night_share)


def mixed(scenario: Scenario) -> bool:
    """Whether the plan counts day and night both (``coverage.night_share`` strictly inside)."""
    return scenario.coverage.night_share is not None and not scenario.coverage.night


def uses_night(scenario: Scenario) -> bool:
    """Whether any of the objective is counted at night (the IR ranges are the plan's too)."""
    return scenario.coverage.night or mixed(scenario)


def n_points(scenario: Scenario, demand: pd.DataFrame) -> int:
    """How many demand points ``demand`` holds: a mixed plan's rows are each point twice."""
    return len(demand) // (2 if mixed(scenario) else 1)


def stacked_demand(demand: gpd.GeoDataFrame, share: float) -> gpd.GeoDataFrame:
    """The day rows (weight × (1 − share)), then the night rows (weight × share)."""
    w = demand["weight"].to_numpy(dtype=float)
    day = demand.assign(weight=(1.0 - share) * w, **{PERIOD: "day"})
    night = demand.assign(weight=share * w, **{PERIOD: "night"})
    out = pd.concat([day, night], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry=demand.geometry.name, crs=demand.crs)


def demand_coverage(
    scenario: Scenario,
    demand: gpd.GeoDataFrame,
    options: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    catalogue: Mapping[str, CameraModel],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[gpd.GeoDataFrame, sp.csr_matrix]:
    """The plan's demand and its coverage levels: stacked by day and at night where mixed.

    A day or a night plan: ``demand`` as it is and its one matrix (as before the key). A mixed
    plan: :func:`stacked_demand`, and the day matrix above the night matrix (two coverage
    computations: the step takes about twice as long).
    """
    if not mixed(scenario):
        return demand, cov.coverage_matrix(demand, options, buildings, catalogue,
                                           night=scenario.coverage.night, progress=progress)
    n = len(options)

    def half(offset: int) -> Callable[[int, int], None] | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset + done, 2 * n)

    day = cov.coverage_matrix(demand, options, buildings, catalogue, night=False,
                              progress=half(0))
    night = cov.coverage_matrix(demand, options, buildings, catalogue, night=True,
                                progress=half(n), warn_blind=False)
    levels = sp.vstack([day, night], format="csr", dtype=np.int8)
    levels.sort_indices()
    return stacked_demand(demand, night_share(scenario)), levels


def by_period(scenario: Scenario, demand: pd.DataFrame, areas: pd.DataFrame,
              earned_after: np.ndarray, earned_before: np.ndarray) -> dict[str, Any]:
    """A mixed plan's covered share and population by day and at night apart (``{}`` else).

    ``earned_*``: each demand row's weight × the DORI value it is covered at. Each period's
    share is its rows' earned weight over their weight (the factor ``1 − s`` or ``s`` cancels);
    its covered population is each area's population × the area's share in that period, summed,
    as the plan's own. ``night_share`` and, per period ``day`` and ``night``:
    ``covered_share_{period}``, ``covered_share_before_{period}``,
    ``covered_population_{period}``.
    """
    if not mixed(scenario):
        return {}
    out: dict[str, Any] = {"night_share": night_share(scenario)}
    period = demand[PERIOD].to_numpy()
    for name in ("day", "night"):
        rows = period == name
        out.update(_figures(name, demand["area_id"].to_numpy()[rows],
                            demand["weight"].to_numpy(dtype=float)[rows], earned_after[rows],
                            earned_before[rows], areas))
    return out


def other_period(scenario: Scenario, prepared: Any, chosen: np.ndarray, before: np.ndarray,
                 areas: pd.DataFrame, values: np.ndarray) -> dict[str, Any]:
    """A day plan's cameras at night, or a night plan's by day: the period it did not count.

    The plan's cameras (``chosen``) and today's (``before``), option ids of ``prepared``,
    scored with the other period's ranges (the IR-capped ones for a day plan) at the levels the
    plan counts (``coverage.min_level``), as they stand:
    ``covered_share_{period}``, ``covered_share_before_{period}`` and
    ``covered_population_{period}`` of that period, and the same of the plan's own period (its
    ``covered_share``, ...), so that every plan gives both (a day plan's night had been told
    only by ``compare`` against a plan that counts it). ``{}`` for a mixed plan, which has both.
    """
    if mixed(scenario):
        return {}
    demand, options = prepared.demand, prepared.options
    idx = np.union1d(chosen, before).astype(np.int64)
    # (the levels the plan counts, coverage.min_level, as the preparation's: the other period
    # had counted detect where the plan counts observe or better, the day plan's 3.5 % becoming
    # 4.4 % at night, more than by day)
    levels = _at_least(cov.coverage_matrix(demand, options.iloc[idx], prepared.inputs.buildings,
                                           prepared.catalogue, night=not scenario.coverage.night,
                                           warn_blind=False),
                       LEVELS.index(scenario.coverage.min_level) + 1).tocsc()

    def earned(cols: np.ndarray) -> np.ndarray:
        if not len(cols):
            return np.zeros(len(demand))
        best = np.asarray(levels[:, np.searchsorted(idx, cols)].max(axis=1).todense()).ravel()
        return demand["weight"].to_numpy(dtype=float) * values[best.astype(np.int64)]

    return _figures("day" if scenario.coverage.night else "night",
                    demand["area_id"].to_numpy(), demand["weight"].to_numpy(dtype=float),
                    earned(np.asarray(chosen)), earned(np.asarray(before)), areas)


def _figures(name: str, area_ids: np.ndarray, w: np.ndarray, after: np.ndarray,
             before: np.ndarray, areas: pd.DataFrame) -> dict[str, float]:
    """One period's covered share (after and before) and covered population, as the plan's."""
    population = areas.set_index("area_id")["population"].astype(float)
    total = float(w.sum())
    frame = pd.DataFrame({"area_id": area_ids, "w": w, "after": after}).groupby(
        "area_id")[["w", "after"]].sum()
    share = (frame["after"] / frame["w"].where(frame["w"] > 0, 1.0)).reindex(
        population.index).fillna(0.0)
    return {f"covered_share_{name}": float(after.sum() / total) if total else 0.0,
            f"covered_share_before_{name}": float(before.sum() / total) if total else 0.0,
            f"covered_population_{name}": float((population * share).sum())}
