"""City-size benchmark: the planner stage by stage on a generated city, greedy as the solve's peer.

Usage::

    .venv/bin/python benchmarks/bench_city.py [--population 50000] [--seed 1] [--areas N]
                                              [--dir DIR] [--set KEY=VALUE ...] [--json FILE]

Generates a city with :mod:`benchmarks.city` (into ``DIR``, else a temporary folder) and runs
the steps of ``planner plan`` one after another in this process: load, demand, coverage (options
and coverage matrix), privacy, solve, outputs (``write_plan``: map, tables, report). For each
stage it prints the wall time and the peak resident memory during the stage (the kernel's
high-water mark, reset before each stage through ``/proc/self/clear_refs``; where that is not
possible, the process's peak so far).

Peer: the solve stage is run a second time on the same preparation with ``solver.backend =
"greedy"`` (the planner's own greedy heuristic, which is also SCIP's starting plan). The
benchmark reports the objective ratio (planner / greedy, >= 1 when the planner's plan is
better) and the time ratio (planner / greedy).

The stages mirror :func:`planner.plan.prepare` (its private steps are called one by one so that
each can be timed and measured); the plan is the one ``planner plan`` writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.city import make_city  # noqa: E402
from planner import coverage as cov  # noqa: E402
from planner import plan as pl  # noqa: E402
from planner.report import write_plan  # noqa: E402
from planner.scenario import LEVELS, Scenario, load_scenario, parse_override  # noqa: E402

T = TypeVar("T")


@dataclass(frozen=True)
class Stage:
    """One measured stage."""

    name: str
    seconds: float
    peak_mb: float
    start_mb: float


def _status(key: str) -> float:
    """A ``/proc/self/status`` field in MB (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> bool:
    """Reset the resident high-water mark (Linux); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Stages:
    """Runs and records stages."""

    def __init__(self) -> None:
        self.rows: list[Stage] = []

    def run(self, name: str, fn: Callable[[], T]) -> T:
        """Run ``fn`` as stage ``name``; print and keep its time and peak memory."""
        reset = _reset_peak()
        start = _status("VmRSS")
        t = time.perf_counter()
        out = fn()
        seconds = time.perf_counter() - t
        peak = _status("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.rows.append(Stage(name, seconds, peak, start))
        print(f"  {name:9s} {seconds:7.2f} s   peak {peak:6.0f} MB (at start {start:5.0f} MB)",
              flush=True)
        return out


def run(scenario_path: Path, out: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """Plan the scenario stage by stage into ``out`` and solve it again with greedy."""
    st = Stages()
    sc: Scenario = load_scenario(scenario_path, overrides=overrides)
    inputs = st.run("load", lambda: pl.load_inputs(sc))
    catalogue = pl._catalogue(sc, inputs)
    demand = st.run("demand", lambda: pl._demand(sc, inputs))

    def coverage() -> tuple[Any, Any]:
        sites = pl._reachable_sites(inputs.sites, inputs.planned_areas, catalogue)
        pl._check_reach(sc, sites)
        options = cov.build_options(
            sites, catalogue, orientations=sc.coverage.orientations,
            horizon_years=sc.budget.horizon_years,
            include_yearly=sc.budget.include_yearly_costs, buildings=inputs.buildings,
            offered=sc.coverage.models,
            # (as planner.plan.prepare: the new options of the mounts existing cameras fill,
            # for constraints.replace_existing; without them the stage timed fewer options than
            # a plan computes, and a replaced camera was refused as a mount no model fits)
            replacements=True)
        levels = cov.coverage_matrix(demand, options, inputs.buildings, catalogue,
                                     night=sc.coverage.night)
        return options, pl._at_least(levels, LEVELS.index(sc.coverage.min_level) + 1)

    options, levels = st.run("coverage", coverage)
    timings = {"load_s": st.rows[0].seconds, "demand_s": st.rows[1].seconds,
               "coverage_s": st.rows[2].seconds}
    prepared = pl.Prepared(sc, inputs, catalogue, demand, options, levels, timings)
    c = sc.constraints
    if c.privacy != "off" and len(inputs.privacy_zones):
        st.run("privacy", lambda: prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1))
    plan = st.run("solve", lambda: pl.solve_prepared(prepared))
    greedy_sc = sc.with_overrides({"solver.backend": "greedy"})
    peer = st.run("greedy", lambda: pl.solve_prepared(prepared, greedy_sc))
    st.run("outputs", lambda: write_plan(plan, out))
    s, g = plan.summary, peer.summary
    solve_s = next(r.seconds for r in st.rows if r.name == "solve")
    greedy_s = next(r.seconds for r in st.rows if r.name == "greedy")
    return {
        "n_demand": len(demand), "n_options": len(options), "nnz": int(levels.nnz),
        "n_privacy_zones": len(inputs.privacy_zones),
        "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
        "status": s["status"], "stopped_by": s["stopped_by"],
        "n_cameras_new": s["n_cameras_new"], "n_cameras_existing": s["n_cameras_existing"],
        "greedy_objective": g["objective"], "greedy_gap": g["gap"],
        "objective_ratio": s["objective"] / g["objective"] if g["objective"] else float("nan"),
        "time_ratio": solve_s / greedy_s if greedy_s else float("nan"),
        "map_html_mb": (out / "map.html").stat().st_size / 1e6,
        "stages": [asdict(r) for r in st.rows],
        "total_s": sum(r.seconds for r in st.rows if r.name != "greedy"),
        "peak_mb": max(r.peak_mb for r in st.rows),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--population", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--areas", type=int, default=0,
                    help="number of areas (0: the generator's rule; the audit's 160k city: 70)")
    ap.add_argument("--dir", type=Path, default=None,
                    help="where the city and the plan go (default: a temporary folder)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="scenario overrides, as planner plan --set")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-city-") as tmp:
        base = a.dir if a.dir is not None else Path(tmp)
        t = time.perf_counter()
        scenario, city = make_city(base / "city", a.population, seed=a.seed, n_areas=a.areas)
        print(f"city (seed {a.seed}, {time.perf_counter() - t:.1f} s): {city.describe()}")
        print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}")
        res = run(scenario, base / "plan", dict(parse_override(o) for o in a.set))
    print(f"demand points x options (nonzeros): {res['n_demand']:,} x {res['n_options']:,} "
          f"({res['nnz']:,})")
    print(f"plan: objective {res['objective']:,.1f}, bound {res['bound']:,.1f}, gap "
          f"{100 * res['gap']:.2f} %, {res['stopped_by']}; {res['n_cameras_new']} new + "
          f"{res['n_cameras_existing']} existing cameras; map.html {res['map_html_mb']:.1f} MB")
    print(f"greedy peer: objective {res['greedy_objective']:,.1f}; planner / greedy: objective "
          f"{res['objective_ratio']:.4f}, time {res['time_ratio']:.1f}")
    print(f"total (without the peer) {res['total_s']:.1f} s, peak {res['peak_mb']:.0f} MB")
    if a.json is not None:
        a.json.write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
