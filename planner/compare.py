"""Comparing two plans: per-area coverage difference, camera changes, a side-by-side map."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner._plan_types import Plan
from planner.io import atomic_dir, write_csv


def area_difference(a: Plan, b: Plan) -> pd.DataFrame:
    """Per area: covered share and covered population in A and B, and B minus A."""
    cols = ["area_id", "name", "population", "covered_share_after", "covered_population_after"]
    left = pd.DataFrame(a.areas[cols])
    right = pd.DataFrame(b.areas[cols[:1] + cols[3:]])
    table = left.merge(right, on="area_id", how="outer", suffixes=("_a", "_b"))
    table = table.rename(
        columns={
            "covered_share_after_a": "share_a",
            "covered_share_after_b": "share_b",
            "covered_population_after_a": "population_covered_a",
            "covered_population_after_b": "population_covered_b",
        }
    )
    table["share_change"] = table["share_b"].fillna(0) - table["share_a"].fillna(0)
    table["population_covered_change"] = table["population_covered_b"].fillna(0) - table[
        "population_covered_a"
    ].fillna(0)
    return table.sort_values("area_id").reset_index(drop=True)


def camera_changes(a: Plan, b: Plan) -> pd.DataFrame:
    """Cameras added, removed or changed (same mount, other model or orientation) from A to B."""
    key = ["site_id", "model", "orientation_deg"]
    ca = pd.DataFrame(a.cameras[key])
    cb = pd.DataFrame(b.cameras[key])
    in_a = set(map(tuple, ca.itertuples(index=False)))
    in_b = set(map(tuple, cb.itertuples(index=False)))
    sites_a, sites_b = set(ca["site_id"]), set(cb["site_id"])
    rows = []
    for site, model, orient in sorted(in_b - in_a):
        change = "changed" if site in sites_a else "added"
        rows.append({"change": change, "site_id": site, "model": model, "orientation_deg": orient})
    for site, model, orient in sorted(in_a - in_b):
        change = "changed (was)" if site in sites_b else "removed"
        rows.append({"change": change, "site_id": site, "model": model, "orientation_deg": orient})
    return pd.DataFrame(rows, columns=["change", "site_id", "model", "orientation_deg"])


def write_comparison(a: Plan, b: Plan, out: str | Path, *, offline: bool = False) -> pd.DataFrame:
    """Write ``a/``, ``b/`` (full plan outputs), ``compare.html``, ``areas.csv``, ``cameras.csv``.

    Returns the per-area table.
    """
    from planner.maps import compare_maps, save_map
    from planner.report import write_plan

    table = area_difference(a, b)
    with atomic_dir(out) as tmp:
        write_plan(a, tmp / "a", offline=offline)
        write_plan(b, tmp / "b", offline=offline)
        write_csv(table, tmp / "areas.csv")
        camera_changes(a, b).to_csv(tmp / "cameras.csv", index=False)
        save_map(compare_maps(a, b), tmp / "compare.html", offline=offline)
    return table
