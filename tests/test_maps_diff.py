"""Unit tests of planner.maps: the plan diff, comparison maps and self-contained (offline) HTML."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import folium.plugins
import pytest

from planner._offline import default_assets_dir, inline_assets, resolve_asset
from planner._plan_types import Plan
from planner.errors import InputError
from planner.maps import compare_maps, diff_plans, map_html, render_map, save_map
from tests.test_maps import CAMERA_ROWS, X0, Y0, js, layers_by_name, make_plan, toy_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return toy_plan()


@pytest.fixture(scope="module")
def toy_map(plan: Plan) -> folium.Map:
    return render_map(plan)


# ------------------------------------------------------------------------------------- comparison


def plan_pair() -> tuple[Plan, Plan]:
    """A: the toy plan. B: lamp-001 re-aimed (moved), lamp-002 dropped, lamp-004 added."""
    a = make_plan(name="budget 8 MSEK")
    rows = [dict(r) for r in CAMERA_ROWS]
    rows[0].update(option_id="opt-1b", orientation_deg=180.0)
    added = dict(rows[1], option_id="opt-4", site_id="lamp-004", x=X0 + 565.0, y=Y0 - 193.0)
    b = make_plan([rows[0], rows[2], added], name="budget 6 MSEK", area_shares=(0.5, 0.0, 0.2))
    return a, b


def test_diff_plans_exact_sets() -> None:
    a, b = plan_pair()
    diff = diff_plans(a, b)
    assert diff.added[["option_id", "site_id"]].values.tolist() == [["opt-4", "lamp-004"]]
    assert diff.removed[["option_id", "site_id"]].values.tolist() == [["opt-2", "lamp-002"]]
    assert diff.moved[["site_id", "option_id_a", "option_id_b"]].values.tolist() == [
        ["lamp-001", "opt-1", "opt-1b"]
    ]
    assert diff.moved[["orientation_deg_a", "orientation_deg_b"]].values.tolist() == [[90.0, 180.0]]
    assert diff.unchanged[["site_id", "option_id_a", "existing"]].values.tolist() == [
        ["exist-001", "exist-1", True]
    ]
    assert diff.areas["area_id"].tolist() == ["0483C1010", "0483C1020", "0483C1030"]
    assert diff.areas["change"].tolist() == pytest.approx([-0.1, -0.3, 0.2])
    assert diff.status_a() == {"exist-1": "unchanged", "opt-1": "moved", "opt-2": "removed"}
    assert diff.status_b() == {"exist-1": "unchanged", "opt-1b": "moved", "opt-4": "added"}


def test_diff_same_mount_model_change_and_extra_camera() -> None:
    a = make_plan(CAMERA_ROWS[:1])
    second = dict(CAMERA_ROWS[0], option_id="opt-1c", orientation_deg=270.0)
    swapped = dict(CAMERA_ROWS[0], option_id="opt-1d", model="bullet-4k", orientation_deg=90.2)
    b = make_plan([swapped, second])
    diff = diff_plans(a, b)
    # Same mount: one pair is "moved" (model changed), the extra camera is "added".
    assert diff.moved[["option_id_a", "option_id_b"]].values.tolist() == [["opt-1", "opt-1d"]]
    assert diff.added["option_id"].tolist() == ["opt-1c"]
    assert diff.removed.empty and diff.unchanged.empty
    # Identical plans: everything unchanged.
    same = diff_plans(a, a)
    assert same.unchanged["option_id_a"].tolist() == ["opt-1"]
    assert same.added.empty and same.removed.empty and same.moved.empty


def test_compare_maps_colours_by_status_and_lists_changes() -> None:
    a, b = plan_pair()
    dual = compare_maps(a, b)
    assert isinstance(dual, folium.plugins.DualMap)
    left, right = layers_by_name(dual.m1), layers_by_name(dual.m2)
    colours_a = {
        f["properties"]["popup"].split("</h3>")[0]: f["properties"]["color"]
        for f in left["New cameras (2)"].data["features"]
    }
    # (each side names its cameras as its own reports do: opt-1 is C001 of plan A)
    assert colours_a == {
        '<div class="planner-popup"><h3>Camera A C001': "orange",
        '<div class="planner-popup"><h3>Camera A C002': "red",
    }
    # (by mount, as the change panel names them: the popups show no option index)
    mounts = [f["properties"]["popup"].split("<th>Mount</th><td>")[1].split(" ")[0]
              for f in left["New cameras (2)"].data["features"]]
    assert mounts == ["lamp-001", "lamp-002"]
    colours_b = sorted(f["properties"]["color"] for f in right["New cameras (2)"].data["features"])
    assert colours_b == ["green", "orange"]
    html = map_html(dual)
    # cameras by mount and by their label in their own plan with the plan's letter (A C001,
    # B C003: "lamp-004 (C003)" added and "lamp-002 (C002)" removed had read as if the labels
    # named one numbering); areas by name and id; the panel starts folded
    # with the counts in its summary line (open, it had hidden a third of B's markers)
    assert js("Changes: ") in html and js(" (1 added, 1 removed, 1 moved)</summary>") in html
    assert js('<details class="planner-changes">') in html
    assert js("Added (1):</b> lamp-004 (B C003)") in html
    assert js("Removed (1):</b> lamp-002 (A C002)") in html
    assert js("lamp-001 (dome-2mp 91.0° → dome-2mp 181.0°; A C001 → B C001)") in html
    assert js("<small>0483C1010</small>") in html
    # the existing camera is told apart from new ones left as they were (it had counted as one)
    assert js("Unchanged:</b> 1 (1 existing, 0 new)") in html
    assert js("-30.0\u00a0pp") in html and js("+20.0\u00a0pp") in html
    assert ".sync(" in html
    assert "<img src=x" not in html
    # the unchanged existing camera stays grey on both sides (it had been drawn blue, as an
    # unchanged new camera), and a legend says what the colours mean (there was none)
    for side in (left, right):
        existing = [layer for name, layer in side.items()
                    if name.startswith("Existing cameras (")]
        assert [f["properties"]["color"] for f in existing[0].data["features"]] == ["gray"]
    # on both sides the existing camera's views are a layer of their own, as on a plan's map
    names = [[n for n in side if "views" in n] for side in (left, right)]
    assert names == [["New cameras' views by DORI level (2 cameras)",
                      "Existing camera's views by DORI level (1 camera)"]] * 2
    for side, label in ((left, "A C003"), (right, "B C002")):  # (labels follow each plan)
        old_views = side["Existing camera's views by DORI level (1 camera)"].data["features"]
        assert sorted(f["properties"]["tooltip"] for f in old_views) == [
            f"Camera {label}: {n}" for n in ("detect", "identify", "observe", "recognise")]
    assert html.count(js('<details open class="planner-legend">')) == 1
    for words in ("added (in B only)", "removed (in A only)", "moved (same mount",
                  "unchanged", "existing camera"):
        assert js(words) in html


# ---------------------------------------------------------------------------------------- offline


def test_offline_html_is_self_contained(tmp_path: Path, plan: Plan) -> None:
    m = render_map(plan, offline=True)
    path = save_map(m, tmp_path / "map.html")  # offline follows the map
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link[^>]*\bhref=", html)
    assert "L.Icon.Default.imagePath" in html
    assert "font/woff2;base64," in html
    assert "Offline copy: the basemap needs a network connection." in html
    assert len(html) < 4_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left


def test_offline_dual_map_is_self_contained(plan: Plan) -> None:
    a, b = plan_pair()
    html = map_html(compare_maps(a, b, offline=True))  # offline follows the figure
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "L.Map.include({\n        sync: function" in html


def test_online_save_keeps_cdn_links(tmp_path: Path, toy_map: folium.Map) -> None:
    html = save_map(toy_map, tmp_path / "sub" / "map.html").read_text(encoding="utf-8")
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">' in html


def test_missing_assets_name_the_make_target(tmp_path: Path, toy_map: folium.Map) -> None:
    with pytest.raises(InputError, match=r"not installed.*make assets"):
        save_map(toy_map, tmp_path / "map.html", offline=True, assets_dir=tmp_path / "none")
    assert not (tmp_path / "map.html").exists()


def test_unknown_or_wrong_version_assets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"no offline copy known for map asset https://x\.org/a\.js"
    ):
        resolve_asset("https://x.org/a.js")
    fake = tmp_path / "leaflet"
    fake.mkdir()
    (fake / "package.json").write_text('{"version": "1.9.4"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"leaflet is version 1\.9\.4 .* needs 1\.9\.3"):
        resolve_asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", tmp_path)
    page = '<head><script src="//cdn.example.org/x.js" defer></script></head>'
    with pytest.raises(InputError, match="cannot be inlined"):
        inline_assets(page)


def test_css_assets_inline_fonts_and_images() -> None:
    css = resolve_asset(
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"
    ).content
    assert "url(../webfonts" not in css and ".ttf" not in css
    assert css.count("font/woff2;base64,") == 3  # brands, regular, solid (compat families dropped)
    leaflet_css = resolve_asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")
    assert "images/layers.png" not in leaflet_css.content
    assert "data:image/png;base64," in leaflet_css.content
    assert default_assets_dir().name == "node_modules"


def test_the_area_table_gives_shares_with_one_decimal_as_the_report_does() -> None:
    # whole percents had read "24 % | 22 % | -1,1 procentenheter" where report.md says 23,6 %
    from planner._map_diff import changes_html

    a = make_plan(name="A", area_shares=(0.236, 0.3, 0.0))
    b = make_plan(name="B", area_shares=(0.225, 0.3, 0.0))
    html = changes_html(diff_plans(a, b), "A", "B")
    assert ("<td>23.6\u00a0%</td><td>22.5\u00a0%</td><td>-1.1\u00a0pp</td>") in html
    sv = changes_html(diff_plans(a, b), "A", "B", language="sv")
    assert ("<td>23,6\u00a0%</td><td>22,5\u00a0%</td><td>\u22121,1\u00a0procentenheter</td>") in sv


def test_a_change_that_rounds_to_zero_shows_no_sign() -> None:
    # "−0,0 procentenheter" had stood for a change of −0.03 percentage points
    from planner._map_diff import changes_html

    a = make_plan(name="A", area_shares=(0.2363, 0.3, 0.0))
    b = make_plan(name="B", area_shares=(0.2360, 0.3, 0.0))
    html = changes_html(diff_plans(a, b), "A", "B")
    assert "<td>23.6\u00a0%</td><td>23.6\u00a0%</td><td>0.0\u00a0pp</td>" in html
    sv = changes_html(diff_plans(a, b), "A", "B", language="sv")
    assert "<td>23,6\u00a0%</td><td>23,6\u00a0%</td><td>0,0\u00a0procentenheter</td>" in sv
    assert "\u22120,0" not in sv and "-0.0" not in html


@pytest.mark.parametrize(("language", "legend"), [
    ("en", "on a mount the scenario requires (constraints.require_sites), in its change's "
           "colour"),
    ("sv", "på en monteringsplats som scenariot kräver (constraints.require_sites), i "
           "ändringens färg"),
])
def test_a_required_camera_has_a_marker_of_its_own_on_the_comparison_map(language, legend):
    # B requires lamp-004 (constraints.require_sites): its marker had been a plain green "+",
    # as any camera the solver added; only the change panel said "required by the scenario"
    import dataclasses

    a, b = plan_pair()
    cameras = b.cameras.copy()
    cameras["required_site"] = cameras["site_id"].eq("lamp-004")
    b = dataclasses.replace(b, cameras=cameras)
    dual = compare_maps(a, b, language=language)
    right = layers_by_name(dual.m2)
    layer = next(v for k, v in right.items() if k.startswith(("New cameras (", "Nya kameror (")))
    marks = {re.search(r"lamp-\d+", f["properties"]["tooltip"]).group(): (
                 f["properties"]["color"],
                                                   f["properties"]["icon"],
                                                   f["properties"]["css"])
             for f in layer.data["features"]}
    assert marks["lamp-004"] == ("green", "thumbtack",
                                 "planner-camera-new planner-camera-added planner-camera-required")
    assert marks["lamp-001"] == ("orange", "rotate", "planner-camera-new planner-camera-moved")
    html = map_html(dual)
    assert js('<i class="fa fa-thumbtack"></i></span>' + legend + "</div>") in html
    # no such line where no camera is required
    assert js(legend) not in map_html(compare_maps(*plan_pair(), language=language))


def test_the_legend_shows_the_pin_in_each_colour_the_required_cameras_have():
    # A requires lamp-001 and lamp-002, B lamp-001 and lamp-004: the map pins them in their
    # changes' colours (moved orange on both sides, removed red on A, added green on B); the
    # legend had shown the first one's colour only, a green pin beside red and orange ones
    import dataclasses

    from planner._map_cameras import required_changes

    a, b = plan_pair()
    a, b = (dataclasses.replace(p, cameras=p.cameras.assign(
        required_site=p.cameras["site_id"].isin(sites))) for p, sites in
        ((a, ["lamp-001", "lamp-002"]), (b, ["lamp-001", "lamp-004"])))
    diff = diff_plans(a, b)
    assert required_changes((a.cameras, diff.status_a()),
                            (b.cameras, diff.status_b())) == ["added", "removed", "moved"]
    pins = "".join(f'<span class="planner-pin" style="background:{colour}">'
                   '<i class="fa fa-thumbtack"></i></span>'
                   for colour in ("#72b026", "#d63e2a", "#f69730"))
    assert js(f"<div>{pins}on a mount the scenario requires (constraints.require_sites), in "
              "its change's colour</div>") in map_html(compare_maps(a, b))
    # an existing camera on a required mount keeps its grey marker, and no pin in the legend
    assert required_changes((a.cameras.assign(required_site=a.cameras["existing"]),
                             diff.status_a())) == []
