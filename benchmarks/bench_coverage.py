"""Coverage-matrix benchmark: build time and peak memory on synthetic town scenes with buildings.

Usage: ``.venv/bin/python benchmarks/bench_coverage.py [--quick] [--no-write] [--repeat N]``

Each run is a subprocess of its own (``--one N_DEMAND N_OPTIONS SPACING``) so that the peak resident
memory (``ru_maxrss``) belongs to that size alone. Scenes are seeded: a square town of 60 m blocks
(streets 12-20 m wide) with one or two buildings per block (~16 % built over), demand points on a
10 m grid outside buildings (plus a 2.5 m stress case), lamp-post sites at block corners and a
four-model catalogue (1080p dome 100°, 4 MP dome 90°, 4K bullet 60°, 180° multi-sensor), 8
orientations: 25 options per site. ``--quick`` runs the two smaller sizes once each. The results
go to the ``## Coverage`` section of ``benchmarks/RESULTS.md`` (other sections are left alone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.cameras import CameraModel  # noqa: E402
from planner.coverage import build_options, coverage_matrix  # noqa: E402

CRS = "EPSG:3006"
SPACING = 10.0
BLOCK = 60.0
OPTIONS_PER_SITE = 25
SIZES = [(20_000, 2_000, SPACING), (200_000, 10_000, SPACING), (1_000_000, 50_000, SPACING)]
#: beyond the brief: the same counts on a 2.5 m grid, 16 times more demand points per camera
STRESS = [(1_000_000, 50_000, 2.5)]
TARGETS = {(200_000, 10_000): (2.0, None), (1_000_000, 50_000): (20.0, 4.0)}
CATALOGUE = {
    "dome-2mp": CameraModel("dome-2mp", "1080p dome", 1920, 1080, (100.0,), 30.0, 6500, 9000, 3500),
    "dome-4mp": CameraModel("dome-4mp", "4 MP dome", 2560, 1440, (90.0,), 40.0, 9500, 9000, 4000),
    "bullet-4k": CameraModel(
        "bullet-4k", "4K bullet", 3840, 2160, (60.0,), 50.0, 14000, 9000, 4500
    ),
    "multi-180": CameraModel(
        "multi-180",
        "180° multi-sensor",
        7680,
        2160,
        (180.0,),
        30.0,
        32000,
        12000,
        6000,
        panoramic=True,
    ),
}


def scene(
    n_demand: int, n_options: int, spacing: float = SPACING, seed: int = 42
) -> tuple[gpd.GeoDataFrame, ...]:
    """Demand points, sites and buildings of a synthetic town."""
    rng = np.random.default_rng(seed)
    side = np.sqrt(n_demand * spacing**2 / 0.8)
    nb = int(np.ceil(side / BLOCK))
    bx, by = np.meshgrid(np.arange(nb) * BLOCK, np.arange(nb) * BLOCK)
    bx, by = bx.ravel(), by.ravel()
    street = rng.uniform(12.0, 20.0, len(bx))
    w = (BLOCK - street) * rng.uniform(0.35, 0.75, len(bx))
    h = (BLOCK - street) * rng.uniform(0.35, 0.75, len(bx))
    split = rng.random(len(bx)) < 0.4  # two buildings on some blocks
    x0 = bx + street / 2
    y0 = by + street / 2
    boxes = shapely.box(x0, y0, x0 + np.where(split, w * 0.45, w), y0 + h)
    second = shapely.box(
        x0[split] + w[split] * 0.55, y0[split], x0[split] + w[split], y0[split] + h[split]
    )
    geoms = np.concatenate([boxes, second])
    ang = rng.uniform(-8, 8, len(geoms))
    geoms = np.array([shapely.affinity.rotate(g, a) for g, a in zip(geoms, ang, strict=True)])
    blds = gpd.GeoDataFrame(
        {"building_id": [f"b{i}" for i in range(len(geoms))]}, geometry=geoms, crs=CRS
    )
    tree = shapely.STRtree(geoms)
    g = np.arange(0.0, nb * BLOCK, spacing)
    gx, gy = np.meshgrid(g, g)
    pts = shapely.points(gx.ravel(), gy.ravel())
    inside = np.zeros(len(pts), dtype=bool)
    inside[tree.query(pts, predicate="intersects")[0]] = True
    pts = pts[~inside][:n_demand]
    dem = gpd.GeoDataFrame({"weight": np.ones(len(pts))}, geometry=pts, crs=CRS)
    n_sites = n_options // OPTIONS_PER_SITE
    ymax = float(shapely.get_y(pts).max())
    cells = np.flatnonzero(by + BLOCK <= ymax + BLOCK)
    pick = rng.choice(cells, n_sites, replace=False)
    sx = bx[pick] + street[pick] / 4  # street corner, between buildings
    sy = by[pick] + street[pick] / 4
    sites = gpd.GeoDataFrame(
        {
            "site_id": [f"lamp-{i}" for i in range(n_sites)],
            "mount_type": "lamp_post",
            "install_cost_sek": 4000.0,
            "max_cameras": 2,
        },
        geometry=shapely.points(sx, sy),
        crs=CRS,
    )
    return dem, sites, blds


def run_one(n_demand: int, n_options: int, spacing: float) -> dict[str, float]:
    """Build one scene and time the coverage matrix (in this process)."""
    t0 = time.perf_counter()
    dem, sites, blds = scene(n_demand, n_options, spacing)
    t1 = time.perf_counter()
    opts = build_options(sites, CATALOGUE, orientations=8)
    t2 = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mat = coverage_matrix(dem, opts, blds, CATALOGUE)
    t3 = time.perf_counter()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n_demand": len(dem),
        "n_options": len(opts),
        "n_buildings": len(blds),
        "n_sites": len(sites),
        "nnz": int(mat.nnz),
        "scene_s": t1 - t0,
        "options_s": t2 - t1,
        "coverage_s": t3 - t2,
        "rss_before_mb": rss_before,
        "rss_peak_mb": rss_peak,
        "spacing": spacing,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        ram = f"{mem / 1024**2:.0f} GB RAM"
    except OSError:
        ram = "unknown RAM"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}"


def write_results(lines: list[str]) -> None:
    path = ROOT / "benchmarks" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "## Coverage\n\n" + "\n".join(lines).rstrip() + "\n"
    pattern = re.compile(r"^## Coverage\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the two smaller sizes")
    ap.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    ap.add_argument(
        "--one",
        nargs=3,
        type=float,
        metavar=("N_DEMAND", "N_OPTIONS", "SPACING"),
        help=argparse.SUPPRESS,
    )
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), int(args.one[1]), args.one[2])))
        return
    sizes = SIZES[:2] if args.quick else SIZES + STRESS
    if args.quick:
        args.repeat = 1
    load = os.getloadavg()
    rows = []
    for n_dem, n_opt, spacing in sizes:
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(n_dem), str(n_opt), str(spacing)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        res = dict(runs[0])
        times = sorted(r["coverage_s"] for r in runs)
        res["best_s"], res["median_s"] = times[0], times[len(times) // 2]
        res["rss_peak_mb"] = max(r["rss_peak_mb"] for r in runs)
        rows.append(((n_dem, n_opt, spacing), res))
        print(
            f"{n_dem:>9,} x {n_opt:>6,} ({spacing:g} m): coverage best {res['best_s']:.2f} s, "
            f"median {res['median_s']:.2f} s, peak RSS {res['rss_peak_mb']:.0f} MB "
            f"(before {res['rss_before_mb']:.0f} MB), nnz {res['nnz']:,}",
            flush=True,
        )
    load_after = os.getloadavg()
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}; load average "
        f"{load[0]:.1f} before, {load_after[0]:.1f} after: the 2 cores are shared with other "
        "work, so times are noisy (best and median of "
        f"{args.repeat} runs, each in a fresh process).",
        "",
        "Command: `.venv/bin/python benchmarks/bench_coverage.py`. Synthetic seeded town (60 m "
        "blocks, streets 12-20 m, one or two slightly rotated rectangular buildings per block, "
        "~16 % built over), demand points on a grid outside buildings, one lamp-post site per "
        "chosen block corner, 4 camera models (1080p dome 100°, 4 MP dome 90°, 4K bullet 60°, "
        "180° multi-sensor) x 8 orientations = 25 options per site, line of sight on. Time = "
        "`coverage_matrix` alone; peak = `ru_maxrss` of the whole process (scene, options and "
        "matrix).",
        "",
        "| demand points | grid (m) | options | buildings | non-zeros | best (s) | median (s) "
        "| peak RSS (MB) | target | met |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for (n_dem, n_opt, spacing), r in rows:
        tgt = TARGETS.get((n_dem, n_opt)) if spacing == SPACING else None
        if tgt is None:
            goal, met = ("stress, no target" if spacing != SPACING else "-"), "-"
        else:
            t_goal, gb_goal = tgt
            ok = r["median_s"] <= t_goal and (gb_goal is None or r["rss_peak_mb"] <= gb_goal * 1024)
            goal = f"<= {t_goal:g} s" + (f", <= {gb_goal:g} GB" if gb_goal else "")
            met = "yes" if ok else "**no**"
        lines.append(
            f"| {r['n_demand']:,} | {spacing:g} | {r['n_options']:,} | {r['n_buildings']:,} | "
            f"{r['nnz']:,} | {r['best_s']:.2f} | {r['median_s']:.2f} | "
            f"{r['rss_peak_mb']:,.0f} | {goal} | {met} |"
        )
    lines += [
        "",
        "Notes: `coverage_matrix` is single-threaded (vectorised numpy and Shapely; the second "
        "core is left to the solver and other work) and processes sites in chunks of about 1.5 "
        "million (site, point) pairs, so memory grows with the matrix, not with the scene. On the "
        "10 m grid a site has ~450 demand points within its longest range (133 m) and ~19 "
        "entries per option: the 2.5 m stress row has 16 times more points per site and shows "
        "the cost per (point, option) pair, beyond the brief's sizes. Not included: building "
        "the 1M-point demand grid with `grid_demand` (about 4 s) and the scene itself.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_results(lines)


if __name__ == "__main__":
    main()
