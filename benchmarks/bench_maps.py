"""Benchmark of the maps: a synthetic 1,000-camera plan, HTML size and time to first render.

Time to first render = from the start of navigation until all camera markers are in the DOM of
headless Debian Chromium (the browser of the tests). The normal map gets its CDN assets from the
pinned npm packages by request routing; the offline map runs with the network blocked.

    python benchmarks/bench_maps.py                  # run, print, write the "## Maps" section
    python benchmarks/bench_maps.py screenshot [MAP] # docs/screenshot.png of MAP (default:
                                                     # maps/katrineholm/map.html, else a toy plan)

Targets (issue 5): HTML < 15 MB, first render < 3 s.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner._offline import resolve_asset  # noqa: E402
from planner.errors import InputError  # noqa: E402
from planner.maps import map_html, render_map, save_map  # noqa: E402
from tests.test_maps import synthetic_plan, toy_plan  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
N_CAMERAS = 1000
REPEATS = 5
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TILE_HOST = "tile.openstreetmap.org"


def _route(route: Any, *, offline: bool, tile: bytes | None = None) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:")):
        route.continue_()
    elif offline:
        route.abort("internetdisconnected")
    elif TILE_HOST in url:
        if tile is None:
            route.abort()
        else:
            route.fulfill(status=200, body=tile, content_type="image/png")
    else:
        try:
            asset = resolve_asset(url)
        except InputError:
            route.abort()
            return
        kind = "text/css" if asset.kind == "css" else "text/javascript"
        route.fulfill(status=200, body=asset.content, content_type=kind)


def first_render_s(browser: Any, path: Path, n_markers: int, *, offline: bool) -> float:
    """Seconds from navigation start until ``n_markers`` camera markers are in the DOM."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: _route(route, offline=offline))
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function(
        f"document.querySelectorAll('.leaflet-marker-pane .planner-camera').length >= {n_markers}",
        timeout=60_000,
        polling=20,
    )
    elapsed = time.perf_counter() - start
    page.close()
    if errors:
        raise RuntimeError(f"page errors in {path.name}: {errors[:3]}")
    return elapsed


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        found = re.search(r"model name\s*:\s*(.+)", text)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    try:
        version = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, check=False, timeout=30
        ).stdout.strip()
    except OSError:
        version = "chromium not found"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()}; {version}"


def run() -> str:
    from playwright.sync_api import sync_playwright

    plan = synthetic_plan(N_CAMERAS, seed=0)
    n_markers = len(plan.cameras)
    t0 = time.perf_counter()
    m = render_map(plan)
    t_render = time.perf_counter() - t0
    t0 = time.perf_counter()
    online = map_html(m, offline=False)
    t_html = time.perf_counter() - t0
    t0 = time.perf_counter()
    offline = map_html(m, offline=True)
    t_inline = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"normal": Path(tmp) / "map.html", "offline": Path(tmp) / "offline.html"}
        paths["normal"].write_text(online, encoding="utf-8")
        paths["offline"].write_text(offline, encoding="utf-8")
        times: dict[str, list[float]] = {"normal": [], "offline": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _ in range(REPEATS):
                for kind in ("normal", "offline"):
                    times[kind].append(
                        first_render_s(browser, paths[kind], n_markers, offline=kind == "offline")
                    )
            browser.close()
    mb = {k: len(v.encode("utf-8")) / 1e6 for k, v in (("normal", online), ("offline", offline))}
    med = {k: statistics.median(v) for k, v in times.items()}
    best = {k: min(v) for k, v in times.items()}
    load = os.getloadavg()[0]
    today = dt.date.today().isoformat()
    lines = [
        "## Maps",
        "",
        f"`python benchmarks/bench_maps.py`, {today}, on {machine()}.",
        "",
        f"Synthetic plan: {n_markers} cameras ({int(plan.cameras['existing'].sum())} existing), "
        f"{len(plan.views)} view polygons, {len(plan.demand)} demand points "
        f"({int((plan.demand['level'] == 0).sum())} uncovered), {len(plan.areas)} areas, "
        f"{len(plan.sites)} candidate mounts. First render = navigation start until all "
        f"{n_markers} camera markers are in the DOM (headless Chromium, 1280x800, median and best "
        f"of {REPEATS}; 1-minute load average at the end {load:.1f} on {os.cpu_count()} cores: "
        "other work on the machine slows the browser).",
        "",
        "| map | HTML size | target | first render (median / best) | target |",
        "|---|---|---|---|---|",
        f"| normal (CDN assets, served locally) | {mb['normal']:.1f} MB | < 15 MB | "
        f"{med['normal']:.2f} s / {best['normal']:.2f} s | < 3 s |",
        f"| offline (self-contained, network blocked) | {mb['offline']:.1f} MB | < 15 MB | "
        f"{med['offline']:.2f} s / {best['offline']:.2f} s | < 3 s |",
        "",
        f"Python side: `render_map` {t_render:.2f} s, `map_html` {t_html:.2f} s, "
        f"`map_html(offline=True)` (render and inline) {t_inline:.2f} s.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str, path: Path = RESULTS) -> None:
    """Replace (or add) the ``## Maps`` section of RESULTS.md, leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(r"^## Maps\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip() + "\n\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + section.rstrip() + "\n"
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def screenshot(map_path: Path | None, out: Path) -> Path:
    """Screenshot a map page (default: the Katrineholm plan's map, else the toy plan)."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser_maps import TILE

    with tempfile.TemporaryDirectory() as tmp:
        if map_path is None:
            default = ROOT / "maps" / "katrineholm" / "map.html"
            map_path = (
                default
                if default.exists()
                else save_map(render_map(toy_plan()), Path(tmp) / "map.html")
            )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", lambda route: _route(route, offline=False, tile=TILE))
            page.goto(map_path.resolve().as_uri(), wait_until="load")
            page.wait_for_selector(".leaflet-marker-pane .planner-camera")
            # Zoom in one step on the cameras' middle and open one camera's popup.
            page.evaluate(
                """() => {
                    const m = window[document.querySelector('.folium-map').id];
                    const cams = [];
                    m.eachLayer(l => { if (l.getLatLng && l.feature && l.feature.properties.css
                        && l.feature.properties.css.includes('new')) cams.push(l); });
                    if (!cams.length) return;
                    const lat = cams.reduce((s, l) => s + l.getLatLng().lat, 0) / cams.length;
                    const lng = cams.reduce((s, l) => s + l.getLatLng().lng, 0) / cams.length;
                    m.setView([lat, lng], m.getZoom() + 1, {animate: false});
                    const d = l => l.getLatLng().distanceTo([lat, lng]);
                    cams.sort((a, b) => d(a) - d(b));
                    cams[0].fire('click', {latlng: cams[0].getLatLng()}, true);
                }"""
            )
            page.wait_for_timeout(800)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    print(f"wrote {out} from {map_path}")
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["screenshot"]:
        screenshot(Path(argv[1]) if len(argv) > 1 else None, ROOT / "docs" / "screenshot.png")
        return 0
    section = run()
    print(section)
    write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
