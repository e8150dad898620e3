"""Take the README's screenshot of the default map (``make screenshot``).

Opens ``maps/katrineholm/map.html`` in headless Chromium at 1280 x 800 (CDN assets served from
``assets/node_modules`` and the basemap tiles plain grey, as the browser tests do: no network
needed), opens the popup of the middle new camera and writes ``docs/screenshot.png``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.test_browser_maps import Recorder, launch  # noqa: E402


def main() -> None:
    """Write docs/screenshot.png."""
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        Recorder(page, offline=False)
        page.goto((ROOT / "maps" / "katrineholm" / "map.html").as_uri(), wait_until="load")
        page.wait_for_selector(".leaflet-marker-pane .planner-camera-new")
        page.wait_for_timeout(500)
        markers = page.locator(".leaflet-marker-pane .planner-camera-new")
        markers.nth(markers.count() // 2).click(force=True)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
        browser.close()


if __name__ == "__main__":
    main()
