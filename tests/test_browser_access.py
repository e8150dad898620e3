"""The maps meet WCAG 2.1 AA as axe-core checks it, and work with the keyboard alone.

axe-core (the version pinned in ``assets/package.json``, installed by ``make assets``) runs in
headless Chromium on the small maps of :mod:`tests.test_browser_maps` (its browser and map
fixtures: a plan's map in English and Swedish, ``--offline``, a comparison with its objective
difference), at opening and with every panel, the layer control and a popup open. It is injected
into the page by the test: no map carries it. See :mod:`planner._map_access`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from planner._offline import resolve_asset
from planner.errors import InputError
from planner.maps import compare_maps, render_map, save_map
from tests.test_browser_maps import Recorder, browser, open_map  # noqa: F401
from tests.test_maps import toy_plan
from tests.test_maps_diff import plan_pair

playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]

#: the rules axe runs: WCAG 2.0 and 2.1, levels A and AA (EN 301 549, the DOS law)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: why axe could not tell a text's contrast where the text lies over the map's tiles (a panel
#: not opaque): none of these may be left in a panel, popup or the layer control
OVER_THE_MAP = {"bgImage", "imgNode", "bgGradient"}


def axe_source() -> str:
    """axe-core's ``axe.min.js`` from the map assets (as pinned in ``assets/package.json``)."""
    version = json.loads((ROOT / "assets" / "package.json").read_text(encoding="utf-8"))[
        "dependencies"]["axe-core"]
    try:  # (the same folder, version check and message as the maps' own assets)
        return resolve_asset(f"https://cdn.jsdelivr.net/npm/axe-core@{version}/axe.min.js").content
    except InputError as exc:
        pytest.fail(f"axe-core {version} is needed for the accessibility tests: {exc}")


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small maps of :mod:`tests.test_browser_maps`, and the plan's map in Swedish."""
    from tests.test_maps_sv import swedish

    folder = tmp_path_factory.mktemp("access")
    plan = toy_plan()
    return {
        "normal": save_map(render_map(plan), folder / "map.html"),
        "offline": save_map(render_map(plan, offline=True), folder / "offline.html"),
        "compare": save_map(compare_maps(*plan_pair()), folder / "compare.html"),
        "swedish": save_map(render_map(swedish(plan)), folder / "sv.html"),
    }


def run_axe(page: Any, axe: str) -> dict[str, Any]:
    """axe's results for the page as it is now (WCAG 2.x A and AA rules only)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe)
    return dict(page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations', 'incomplete']})", WCAG_TAGS))


def assert_no_violations(results: dict[str, Any], where: str) -> None:
    found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
             for v in results["violations"]]
    assert found == [], f"{where}: axe-core finds " + "; ".join(found)
    # the text of panels, popups and the layer control lies on white, not over the tiles
    unsure = [(n["target"], check["data"]["messageKey"])
              for v in results["incomplete"] if v["id"] == "color-contrast"
              for n in v["nodes"] for check in n["any"]
              if isinstance(check.get("data"), dict)
              and check["data"].get("messageKey") in OVER_THE_MAP]
    assert unsure == [], f"{where}: contrast over the map's tiles: {unsure}"


#: everything opened: the folded panels, the layer controls, a camera's popup on each map
_OPEN_ALL_JS = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    document.querySelectorAll('.leaflet-control-layers').forEach(
        c => c.classList.add('leaflet-control-layers-expanded'));
    document.querySelectorAll('.folium-map').forEach(el => {
        const map = window[el.id];
        let done = false;  // (popups are bound on the layer, for the feature clicked)
        map.eachLayer(l => {
            if (!done && l._icon && l.feature) {
                l.fire('click', {latlng: l.getLatLng()}, true);
                done = true; } });
    });
}"""


#: everything closed again: the panels folded, the layer controls, the popups
_CLOSE_ALL_JS = """() => {
    document.querySelectorAll('details').forEach(d => { d.open = false; });
    document.querySelectorAll('.leaflet-control-layers').forEach(
        c => c.classList.remove('leaflet-control-layers-expanded'));
    document.querySelectorAll('.folium-map').forEach(el => window[el.id].closePopup());
}"""


#: every popup faded in and no map moving (axe measures the colours as they are: half faded in,
#: a popup's text had read as 2.3:1)
OPENED_JS = """() => [...document.querySelectorAll('.leaflet-popup')].every(
    p => getComputedStyle(p).opacity === '1')
    && !document.querySelector('.leaflet-map-pane.leaflet-pan-anim')"""


def check_with_axe(page: Any, axe: str, which: str, *, at_opening: bool = False) -> None:
    """No WCAG 2.1 AA violation with everything open (:data:`_OPEN_ALL_JS`), and at opening.

    At 1280 x 800 a plan's map opens with its panels and layer control open, which the second
    run sees too: only a comparison (its layer controls folded to their buttons) is run at
    opening as well (``at_opening``), each run about a second.
    """
    page.wait_for_function("() => document.querySelector('main.planner-page [role=region]')")
    if at_opening:
        assert_no_violations(run_axe(page, axe), f"{which} map at opening")
    page.evaluate(_OPEN_ALL_JS)
    if which != "compare":  # (the search box's answer shown too)
        page.locator(".planner-search input").fill("C999")
        page.locator(".planner-search input").press("Enter")
        found = page.locator(".planner-search .found").inner_text()
        assert found.split(" bland ")[0].endswith(" C999"), found  # (Swedish: "… C999 bland …")
    page.locator(".leaflet-popup-content").first.wait_for()
    assert page.locator(".leaflet-popup").count() == (2 if which == "compare" else 1)
    page.wait_for_function(OPENED_JS)
    assert_no_violations(run_axe(page, axe), f"{which} map with everything open")


@pytest.mark.parametrize("which", ["normal", "offline", "compare"])
def test_axe_core_finds_no_wcag_2_1_aa_violations(
        browser: Any, maps: dict[str, Path], axe: str, which: str) -> None:  # noqa: F811
    # before: every map had Folium's viewport that forbids zooming (meta-viewport, WCAG 1.4.4),
    # and the panels' text lay on 93 % white over the tiles (tooltips 90 %), its contrast
    # unknown (55 texts on Katrineholm's map); no landmark or heading for a screen reader.
    page, recorder = open_map(browser, maps[which], offline=which == "offline")
    try:
        if which == "compare":  # (each marker named as its popup, with its change: the
            # existing camera, in both plans, had been "Camera A C003", as a new one of A's)
            page.wait_for_function(
                "() => document.querySelectorAll('.planner-camera[aria-label]').length == 6")
            assert page.evaluate("""() => [...document.querySelectorAll(
                '.planner-camera[aria-label]')].map(e => e.getAttribute('aria-label'))""") == [
                "Camera A C001, moved: dome-2mp at lamp-001",
                "Camera A C002, removed: bullet-4k at lamp-002",
                "Existing camera A C003, unchanged: dome-2mp at exist-001",
                "Camera B C001, moved: dome-2mp at lamp-001",
                "Camera B C003, added: bullet-4k at lamp-004",
                "Existing camera B C002, unchanged: dome-2mp at exist-001"]
        check_with_axe(page, axe, which, at_opening=which == "compare")
        if which == "compare":  # (WCAG 1.4.10 at 320 px: the maps one above the other, each
            # the window's width, B below A; side by side each had been
            # 160 px wide, the panels over all of it and their titles cut)
            page.set_viewport_size({"width": 320, "height": 568})
            page.evaluate(_CLOSE_ALL_JS)  # (as it opens: what check_with_axe opened closed)
            page.wait_for_function("() => document.querySelectorAll('.planner-narrow').length == 2")
            page.evaluate(SETTLED_JS)
            assert page.evaluate("""() => [...document.querySelectorAll('.folium-map')].map(m => {
                const r = m.getBoundingClientRect(); return [r.left, r.top, r.width, r.height];
                })""") == [[0, 0, 320, 568], [0, 568 + 40, 320, 568]]
            assert page.evaluate("() => document.documentElement.scrollWidth") == 320
            assert_controls_apart(page, "the comparison at 320 x 568")
        assert recorder.errors == [] and recorder.dialogs == []
    finally:
        page.close()
    # a test tool only: no map carries it
    assert "axe.run" not in maps[which].read_text(encoding="utf-8")


#: each map's controls as seen (their boxes cut to a scrolled column: on a narrow map a control
#: scrolled out of the left column lies under nothing), and whether one scrolls sideways
_CONTROLS_JS = """() => [...document.querySelectorAll('.folium-map')].map(el => {
    const frame = el.getBoundingClientRect();
    return [...el.querySelectorAll('.leaflet-control')].map(c => {
        const r = c.getBoundingClientRect(), corner = c.parentElement;
        const clip = getComputedStyle(corner).overflowY === 'visible' ? frame
            : corner.getBoundingClientRect();
        const box = [Math.max(r.left, clip.left), Math.max(r.top, clip.top),
                     Math.min(r.right, clip.right), Math.min(r.bottom, clip.bottom)];
        return {name: (c.className.match(/planner-\\w+|leaflet-control-\\w+/g) || []).join(' '),
                box: box.map(Math.round), frame: [frame.left, frame.top, frame.right, frame.bottom],
                sideways: [c, ...c.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
                    && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))};
    }).filter(c => c.box[2] > c.box[0] && c.box[3] > c.box[1]);
})"""


def assert_controls_apart(page: Any, where: str) -> None:
    """No control over another, each inside its map, none to be scrolled sideways."""
    for controls in page.evaluate(_CONTROLS_JS):
        over = [(a["name"], b["name"]) for i, a in enumerate(controls) for b in controls[i + 1:]
                if a["box"][0] < b["box"][2] and b["box"][0] < a["box"][2]
                and a["box"][1] < b["box"][3] and b["box"][1] < a["box"][3]]
        assert over == [], f"{where}: controls over each other: {over}"
        out = [c["name"] for c in controls if not (
            c["frame"][0] <= c["box"][0] and c["box"][2] <= c["frame"][2]
            and c["frame"][1] <= c["box"][1] and c["box"][3] <= c["frame"][3])]
        assert out == [], f"{where}: controls outside the map: {out}"
        assert [c["name"] for c in controls if c["sideways"]] == [], where


#: WCAG 1.4.12's text spacing (line height 1.5, paragraphs 2 em apart, letters 0.12 em, words
#: 0.16 em), as the success criterion's test sets it
TEXT_SPACING_CSS = ("* {line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                    " word-spacing: 0.16em !important;} p {margin-bottom: 2em !important;}")

#: the text of the panels, layer control, popups and tooltips cut off where it overflows a box
#: that hides what overflows (none may be)
_CUT_JS = """() => [...document.querySelectorAll(
    '.leaflet-control, .leaflet-control *, .leaflet-popup *, .leaflet-tooltip')].filter(e => {
    const s = getComputedStyle(e), text = e.innerText && e.innerText.trim();
    return text && e.clientWidth > 0 && e.tagName !== 'SECTION'
        && ((['hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
            || (['hidden', 'clip'].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 1));
}).map(e => e.className || e.tagName)"""


def test_a_map_reflows_at_320_px_and_keeps_its_text_with_wcag_text_spacing(
        browser: Any, maps: dict[str, Path]) -> None:  # noqa: F811
    # WCAG 1.4.10 at 320 x 256 (a 1280 x 1024 screen at 400 %): the search box had covered the
    # summary's title, the attribution the scale bar; then 1.4.12's spacing, at 320 px and on a
    # laptop (the search box's words had been its placeholder, cut off in the box at both)
    page = browser.new_page(viewport={"width": 320, "height": 256})
    recorder = Recorder(page, offline=False)
    try:
        page.goto(maps["normal"].as_uri(), wait_until="load")
        page.wait_for_selector(".leaflet-container .leaflet-marker-pane .planner-camera")
        page.wait_for_function("() => document.querySelector('.planner-narrow')")
        assert page.evaluate("() => document.documentElement.scrollWidth") == 320
        # the search box below the summary, in the left column, and Tab reaches it next
        assert page.evaluate("""() => [...document.querySelector('.leaflet-top.leaflet-left')
            .children].map(c => c.className.split(' ')[1])""") == [
            "leaflet-control", "planner-search", "leaflet-bar"]
        assert_controls_apart(page, "320 x 256")
        stops = _tab_to(page, "search")
        assert [s["name"] for s in stops] == [
            "Map", "Plan: <i>Katrineholm</i> & \"test\"", "Find camera (C012), mount or area"]
        # the left column scrolls to the buttons it has no room for: shown as they are reached
        for name in ("Find", "Zoom in", "Zoom out", "Full Screen"):
            page.keyboard.press("Tab")
            assert _focused(page)["name"] == name
        assert page.evaluate("""() => {
            const b = document.activeElement.getBoundingClientRect();
            const bar = document.querySelector('.leaflet-control-scale').getBoundingClientRect();
            return b.top >= 0 && b.bottom <= bar.top; }""")
        # a popup over the panels, whole, its text scrolled within it (a tab stop), focused
        page.locator(".planner-search input").fill("C001")
        page.locator(".planner-search input").press("Enter")
        dialog = page.get_by_role("dialog", name="Camera C001")
        dialog.wait_for()
        page.wait_for_function(OPENED_JS)
        assert page.evaluate("""() => {
            const c = document.querySelector('.leaflet-popup-content');
            const r = c.closest('.leaflet-popup').getBoundingClientRect();
            const h = c.querySelector('h3').getBoundingClientRect();
            return [r.top >= 0 && r.bottom <= 256 && r.left >= 0 && r.right <= 320,
                    c.scrollHeight > c.clientHeight, c.tabIndex, document.activeElement === c,
                    document.elementFromPoint(h.left + 5, h.top + 5) === c.querySelector('h3')];
        }""") == [True, True, 0, True, True]
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")

        page.add_style_tag(content=TEXT_SPACING_CSS)
        page.evaluate(SETTLED_JS)
        assert page.evaluate(_CUT_JS) == []
        assert_controls_apart(page, "320 x 256 with text spacing")
        # on a laptop: the box back beside the layer control, every panel and a popup open
        page.set_viewport_size({"width": 1280, "height": 800})
        page.wait_for_function("() => !document.querySelector('.planner-narrow')")
        assert page.evaluate("() => document.querySelector('.leaflet-top.leaflet-right')"
                             ".firstElementChild.classList.contains('planner-search')")
        page.evaluate(_OPEN_ALL_JS)
        page.locator(".leaflet-popup-content").wait_for()
        page.wait_for_function(OPENED_JS)
        assert page.evaluate(_CUT_JS) == []
        assert recorder.errors == [] and recorder.dialogs == []
    finally:
        page.close()


#: Two animation frames: the panels are placed again by a ResizeObserver, whose callback runs
#: at the next frame after a style, viewport or fold change (measured before it, a check reads
#: the old layout).
SETTLED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""() => {
        const a = document.activeElement, s = getComputedStyle(a);
        return {tag: a.tagName, cls: String(a.className), name: a.getAttribute('aria-label')
                || a.getAttribute('title') || a.textContent.trim().slice(0, 40),
                outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth),
                popup: !!a.closest('.leaflet-popup'), search: !!a.closest('.planner-search'),
                legend: !!a.closest('.planner-legend')};
    }"""))


def _tab_to(page: Any, test: str, *, most: int = 40) -> list[dict[str, Any]]:
    """Press Tab until ``test`` (a key of :func:`_focused`) holds; the stops on the way."""
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        stops.append(_focused(page))
        if stops[-1][test]:
            return stops
    raise AssertionError(f"Tab never reached the {test}: {stops}")


def test_the_map_works_with_the_keyboard_alone(
        browser: Any, maps: dict[str, Path]) -> None:  # noqa: F811
    # a coordinator without a mouse: Tab to the search box, type a camera's label, Enter opens
    # its popup (the focus in it, for a screen reader), Escape closes it and the focus is back in
    # the box; the legend and the layer control open and close with Enter and Escape
    page = browser.new_page(viewport={"width": 1024, "height": 700})  # (panels folded)
    recorder = Recorder(page, offline=False)
    try:
        page.goto(maps["normal"].as_uri(), wait_until="load")
        page.wait_for_selector(".leaflet-container .leaflet-marker-pane .planner-camera")
        page.wait_for_function("() => document.querySelector('main.planner-page [role=region]')")
        stops = _tab_to(page, "search")
        assert [s["name"] for s in stops] == [
            "Map", "Plan: <i>Katrineholm</i> & \"test\"", "Zoom in", "Zoom out", "Full Screen",
            "Find camera (C012), mount or area"]
        # every stop shows where the focus is
        assert [s["outline"] for s in stops] == [3.0] * len(stops), stops
        page.keyboard.type("C003")
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content").wait_for()
        assert page.locator(".leaflet-popup-content").inner_text().startswith(
            "Existing camera C003")
        assert page.get_by_role("dialog", name="Existing camera C003").count() == 1
        assert _focused(page)["popup"]
        page.keyboard.press("Tab")  # (its close button, next in the popup)
        assert _focused(page)["name"] == "Close popup"
        assert _focused(page)["outline"] == 3.0
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        assert _focused(page)["search"] and _focused(page)["tag"] == "INPUT"
        # a second camera, its popup closed by its close button with Enter: back in the box too
        page.keyboard.press("Control+a")
        page.keyboard.type("C1")
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content", has_text="Camera C001").wait_for()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup").wait_for(state="detached")
        assert _focused(page)["search"] and _focused(page)["tag"] == "INPUT"
        # an area (drawn on a canvas, no tab stop) by its name, in any case: its popup takes the
        # focus as a camera's, and Escape gives it back (areas had opened by mouse only)
        status = page.locator(".planner-search [role=status]")
        shown = page.evaluate("""() => [...document.querySelectorAll(
            '.leaflet-control-layers-overlays label')].filter(l => l.innerText.includes('Areas'))
            .map(l => [l.innerText.trim(), l.querySelector('input').checked])""")
        page.keyboard.press("Control+a")
        page.keyboard.type("backa")
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name="Backa")
        dialog.wait_for()
        assert dialog.get_by_role("cell", name="0483C1030", exact=True).count() == 1
        assert _focused(page)["popup"] and status.text_content() == ""  # (the focus reads it)
        # (on the area layer shown: the other is not switched on)
        assert shown == [["Areas by priority", True], ["Areas by covered share", False]]
        assert page.evaluate("""() => [...document.querySelectorAll(
            '.leaflet-control-layers-overlays label')].filter(l => l.innerText.includes('Areas'))
            .map(l => l.querySelector('input').checked)""") == [True, False]
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")
        assert _focused(page)["search"] and _focused(page)["tag"] == "INPUT"
        # a mount without a camera: its tooltip takes no focus, and is read out
        page.keyboard.press("Control+a")
        page.keyboard.type("lamp-004")
        page.keyboard.press("Enter")
        assert status.text_content() == "Shown on the map: Mount lamp-004 (lamp post): candidate"
        assert _focused(page)["search"]

        # the layer control (folded on this screen): Enter opens it, Space switches a layer,
        # Escape folds it again, the focus on its button, which says whether it is open
        control = page.locator(".leaflet-control-layers")
        assert page.get_by_role("button", name="Layers").get_attribute("aria-expanded") == "false"
        toggle = page.locator(".leaflet-control-layers-toggle")  # (hidden while open)
        stops = _tab_to(page, "cls")
        while "leaflet-control-layers-toggle" not in stops[-1]["cls"]:
            stops = _tab_to(page, "cls")
        page.keyboard.press("Enter")
        expanded = "c => c.classList.contains('leaflet-control-layers-expanded')"
        assert control.evaluate(expanded) is True
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("group", name="Layers on the map").count() == 1
        cameras = page.get_by_role("checkbox", name="New cameras (2)")
        while page.evaluate("() => document.activeElement.type") != "checkbox" or not (
                cameras.evaluate("c => c === document.activeElement")):
            page.keyboard.press("Tab")
        assert _focused(page)["outline"] == 3.0
        page.keyboard.press("Space")
        assert not cameras.is_checked()
        assert page.locator(".leaflet-marker-pane .planner-camera-new").count() == 0
        page.keyboard.press("Space")
        assert page.locator(".leaflet-marker-pane .planner-camera-new").count() == 2
        page.keyboard.press("Escape")
        assert control.evaluate(expanded) is False
        assert toggle.get_attribute("aria-expanded") == "false"
        assert "leaflet-control-layers-toggle" in _focused(page)["cls"]

        # the legend (folded on this screen): Enter on its title opens and closes it
        legend = page.locator("details.planner-legend")
        assert legend.evaluate("d => d.open") is False
        _tab_to(page, "legend")
        assert _focused(page)["name"] == "Legend" and _focused(page)["outline"] == 3.0
        page.keyboard.press("Enter")
        assert legend.evaluate("d => d.open") is True
        assert page.get_by_role("region", name="Legend").get_by_text("recognise").is_visible()
        page.keyboard.press("Enter")
        assert legend.evaluate("d => d.open") is False
        assert recorder.errors == [] and recorder.dialogs == []
    finally:
        page.close()


def test_the_swedish_map_speaks_swedish_to_a_screen_reader(
        browser: Any, maps: dict[str, Path], axe: str) -> None:  # noqa: F811
    page, recorder = open_map(browser, maps["swedish"], offline=False)
    try:
        page.wait_for_function("() => document.querySelector('main.planner-page [role=region]')")
        assert page.evaluate("document.documentElement.lang") == "sv"
        assert page.title().startswith("Kameraplan: ")
        assert page.locator("main").count() == 1
        # (the summary panel's title is the page's heading, as it is the page's title)
        assert page.get_by_role("heading", level=1).inner_text() == 'Plan: <i>Katrineholm</i> & "test"'
        assert page.get_by_role("heading", level=2).all_inner_texts() == ["Teckenförklaring"]
        for role, name in [
            ("region", "Karta"), ("search", "Sök en kamera, monteringsplats eller ett område"),
            ("combobox", "Sök kamera (C012), monteringsplats eller område"), ("button", "Sök"),
            ("region", "Lager"), ("group", "Bakgrundskarta"), ("group", "Lager på kartan"),
            ("region", "Teckenförklaring"), ("button", "Zooma in"), ("button", "Zooma ut"),
            ("button", "Helskärm"), ("button", "Kamera C001: dome-2mp vid lamp-001"),
            ("button", "Befintlig kamera C003: dome-2mp vid exist-001"),
        ]:
            assert page.get_by_role(role, name=name, exact=True).count() == 1, (role, name)
        marker = page.get_by_role("button", name="Kamera C001: dome-2mp vid lamp-001")
        marker.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name="Kamera C001")
        dialog.wait_for()
        assert dialog.get_by_role("button", name="Stäng popup-rutan").count() == 1
        assert dialog.get_by_role("heading", level=3).inner_text() == "Kamera C001"
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")
        assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
            "Kamera C001: dome-2mp vid lamp-001")
        # what the search box shows where the focus does not go, read out in Swedish: an area's
        # popup opened with the mouse, a mount's tooltip
        status = page.locator(".planner-search [role=status]")
        page.locator(".planner-search input").fill("Backa")
        page.get_by_role("button", name="Sök", exact=True).click()
        page.get_by_role("dialog", name="Backa").wait_for()
        assert status.text_content() == "Öppnad på kartan: Backa"
        page.locator(".planner-search input").fill("lamp-004")
        page.locator(".planner-search input").press("Enter")
        assert status.text_content() == (
            "Visas på kartan: Monteringsplats lamp-004 (belysningsstolpe): möjlig plats")
        # no English left in what a screen reader says of the controls
        names = page.evaluate("""() => [...document.querySelectorAll(
            '[aria-label], .leaflet-control [title]')].map(
            e => e.getAttribute('aria-label') || e.getAttribute('title'))""")
        english = [n for n in names if re.search(
            r"\b(Map|Layers|Zoom|Find|Camera|Legend|Full|Close|Search)\b", n)]
        assert english == []
        check_with_axe(page, axe, "Swedish")
        assert recorder.errors == [] and recorder.dialogs == []
    finally:
        page.close()


def test_without_axe_core_the_tests_say_to_run_make_assets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_MAP_ASSETS", str(tmp_path))  # (an empty node_modules)
    with pytest.raises(pytest.fail.Exception,
                       match=r"axe-core 4\.\d+\.\d+ is needed .*axe-core/package\.json is "
                             r"missing.*`make assets`"):
        axe_source()
