"""Why not here? What the best camera on each mount without a new camera would add to a plan.

A review meeting asks of a mount the plan leaves empty (the school's lamp post, the square's
pole) why it has no camera. :func:`with_best_unused` answers per mount, on the plan's ``sites``
frame: the best new camera the scenario allows there (model, zoom, direction), what it would add
to the plan's objective as it stands (its coverage beyond the plan's cameras and the backup
bonus it would earn, less its privacy penalty) and what it costs, or why none may hang there.
The map's mount tooltips say it beside what the plan's least valuable new camera gives for its
money.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from planner._bearing import true_orientation
from planner._opt_bounds import coverage_gains
from planner._opt_checks import _coverage_of
from planner.optimize import CoverageProblem

#: The columns :func:`with_best_unused` adds (``NaN``/empty on a mount with a new camera).
COLUMNS = ("add_model", "add_hfov_deg", "add_orientation_deg", "add_orientation_true_deg",
           "add_gain", "add_cost_sek", "add_blocked")


def gains(problem: CoverageProblem, chosen: np.ndarray) -> np.ndarray:
    """Per option not in ``chosen`` what adding it adds to the objective.

    Its graded coverage beyond the plan's (:func:`planner._opt_bounds.coverage_gains`), the
    backup bonus of the rows it makes seen by two cameras (``backup_bonus * w_i`` for each row
    it sees that exactly one chosen option sees), less its penalty: the difference of
    :func:`~planner.optimize.validate_plan`'s objective with and without it. (The backup bonus
    had been left out: with ``constraints.backup_bonus`` a mount's gain was told too low.)
    Equity shares are rules, not terms of the objective.
    """
    chosen = np.asarray(chosen, dtype=np.int64)
    out = coverage_gains(problem, chosen)
    if problem.backup_bonus > 0:
        _, seen = _coverage_of(problem, chosen)  # (as validate_plan counts the cameras)
        once = np.where(seen == 1, np.asarray(problem.weights, dtype=np.float64), 0.0)
        seeing = sp.csr_matrix(problem.coverage, dtype=np.float64)
        seeing.data = (seeing.data > 0).astype(np.float64)
        out = out + problem.backup_bonus * np.asarray(seeing.T @ once).ravel()
    if problem.penalties is not None:
        out = out - np.asarray(problem.penalties, dtype=np.float64)
    return out


def with_best_unused(sites: gpd.GeoDataFrame, problem: CoverageProblem,
                     options: pd.DataFrame, chosen: np.ndarray) -> gpd.GeoDataFrame:
    """``sites`` with, per mount without a new camera, the best camera it may take (:data:`COLUMNS`).

    The best is the allowed new option of the mount with the largest gain (:func:`gains`; ties:
    the least cost, then the lowest option id). ``add_blocked`` says why a mount has none:
    ``"rule"`` (every option excluded: the privacy rule, ``constraints.exclude_sites``, a camera
    it does not replace), ``"spacing"`` (every allowed option within
    ``constraints.min_spacing_m`` of a camera of the plan), ``"reach"`` (no option: out of
    reach of every planned area, or its existing camera fills it); an option that adds nothing
    is given with gain 0 (below 0 where its privacy penalty outweighs what it adds).
    """
    out = sites.copy()
    n = len(options)
    chosen = np.asarray(chosen, dtype=np.int64)
    taken = np.zeros(n, dtype=bool)
    taken[chosen] = True
    existing = options["existing"].to_numpy(dtype=bool)
    site = options["site_id"].astype(str).to_numpy()
    new_on = set(site[taken & ~existing])
    allowed = ~existing & ~taken
    allowed[np.asarray(problem.excluded, dtype=np.int64)] = False
    near = np.zeros(n, dtype=bool)
    if problem.conflicts is not None and len(np.asarray(problem.conflicts)):
        pairs = np.asarray(problem.conflicts, dtype=np.int64).reshape(-1, 2)
        for left, right in ((0, 1), (1, 0)):
            near[pairs[taken[pairs[:, left]], right]] = True
    gain = gains(problem, chosen)
    cost = np.asarray(problem.costs, dtype=np.float64)
    candidates = np.flatnonzero(allowed & ~near)
    # (the best per mount: largest gain, then least cost, then lowest option id)
    order = candidates[np.lexsort((candidates, cost[candidates], -gain[candidates]))]
    best: dict[str, int] = {}
    for j in order:
        best.setdefault(site[j], int(j))
    has_option = set(site[~existing])
    has_allowed = set(site[allowed])
    model = options["model"].astype(str).to_numpy()
    zoom = options["hfov_deg"].to_numpy(dtype=np.float64)
    facing = options["orientation_deg"].to_numpy(dtype=np.float64)
    rows: list[tuple[str | None, float, float, float, float, str]] = []
    for mount in out["site_id"].astype(str):
        if mount in new_on:
            rows.append((None, np.nan, np.nan, np.nan, np.nan, ""))
        elif mount in best:
            j = best[mount]
            rows.append((str(model[j]), float(zoom[j]), float(facing[j]), float(gain[j]),
                         float(cost[j]), ""))
        else:
            why = ("spacing" if mount in has_allowed else "rule" if mount in has_option
                   else "reach")
            rows.append((None, np.nan, np.nan, np.nan, np.nan, why))
    added = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "add_orientation_true_deg"],
                         index=out.index)
    # (from true north, as the popups and the register give a camera's direction)
    added.insert(3, "add_orientation_true_deg", np.nan)
    facing_given = added["add_orientation_deg"].notna().to_numpy()
    if facing_given.any() and out.crs is not None:
        added.loc[facing_given, "add_orientation_true_deg"] = true_orientation(
            gpd.GeoDataFrame({"orientation_deg": added.loc[facing_given, "add_orientation_deg"]},
                             geometry=out.geometry[facing_given].to_numpy(), crs=out.crs))
    for column in COLUMNS:
        out[column] = added[column]
    return out
