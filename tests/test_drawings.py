"""Permit drawings (``plan --drawings``): one PNG per area the plan's cameras record."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from planner.cli import main
from planner.drawings import drawing_name, write_drawings
from planner.plan import plan
from planner.scenario import load_scenario
from tests.conftest import write_town


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("draw")
    scenario = write_town(root / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--drawings", "--out", str(root / "out")]) == 0
    return root / "out"


def test_one_drawing_per_area_the_cameras_record(drawn):
    views = gpd.read_file(drawn / "views.geojson").to_crs("EPSG:3006")
    areas = gpd.read_file(drawn / "areas.geojson").to_crs("EPSG:3006")
    whole = views[views["level"] == 1].geometry.values
    recorded = [a for a, g in zip(areas["area_id"], areas.geometry, strict=True)
                if shapely.intersects(whole, g).any()]
    assert recorded  # (the plan looks into at least the east side)
    assert sorted(p.name for p in (drawn / "drawings").iterdir()) == sorted(
        f"{a}.png" for a in recorded)
    import matplotlib.image

    image = matplotlib.image.imread(drawn / "drawings" / f"{recorded[0]}.png")
    assert image.shape[:2] == (1240, 1240)
    # not blank: the view, area outline, markers and text give many colours
    assert len(np.unique(image.reshape(-1, image.shape[2]), axis=0)) > 50


def test_drawings_are_the_same_bytes_for_the_same_plan(drawn, tmp_path):
    scenario = write_town(tmp_path / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--drawings", "--out", str(tmp_path / "out")]) == 0
    for path in (drawn / "drawings").iterdir():
        assert (tmp_path / "out" / "drawings" / path.name).read_bytes() == path.read_bytes()


def test_no_drawings_unless_asked_and_none_without_cameras(tmp_path):
    scenario = write_town(tmp_path / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    assert not (tmp_path / "out" / "drawings").exists()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["n_cameras_new"] >= 1
    # a plan of no camera draws nothing
    import dataclasses

    full = plan(load_scenario(scenario))
    assert len(write_drawings(full, tmp_path)) >= 1
    empty = dataclasses.replace(full, cameras=full.cameras.iloc[0:0], views=full.views.iloc[0:0])
    assert write_drawings(empty, tmp_path / "none") == []


@pytest.mark.parametrize(("area_id", "name"), [
    ("0483C1050", "0483C1050.png"), ("Norra/Östra del", "Norra_Östra_del.png"),
    ("Åby", "Åby.png"), ("Öby", "Öby.png"), ("A\u030aby", "Åby.png"),  # (decomposed Å)
    ("../x", "x.png"), ("...", "area.png"), ("a\\b:c*d", "a_b_c_d.png"),
])
def test_file_names_from_area_ids_stay_in_the_folder(area_id, name):
    assert drawing_name(area_id) == name


def _crowded_town(folder: Path) -> Path:
    """The town with 13 mounts within 7 m of each other in a large area (600 m across).

    Labels beside their cameras would overlap each other and the markers; a drawing framed to
    the whole area would show the cameras in a corner of it.
    """
    from shapely.geometry import Point, box

    from tests.conftest import CRS, X0, Y0

    angles = np.arange(12) * 2 * np.pi / 12
    points = [Point(X0 + 30 + 7 * np.cos(a), Y0 + 7 * np.sin(a)) for a in angles]
    points.append(Point(X0 + 30, Y0))
    sites = gpd.GeoDataFrame({
        "site_id": [f"s{i}" for i in range(len(points))],
        "mount_type": ["lamp_post"] * len(points),
        "install_cost_sek": [10_000.0] * len(points),
        "max_cameras": [2] * len(points),
    }, geometry=points, crs=CRS)
    scenario = write_town(folder, budget=1_000_000.0, orientations=8, sites=sites)
    areas = gpd.read_file(folder / "areas.geojson").to_crs(CRS)
    areas.loc[areas["area_id"] == "east", "geometry"] = box(X0 - 100, Y0 - 300, X0 + 500, Y0 + 300)
    areas.to_crs("EPSG:4326").to_file(folder / "areas.geojson", engine="pyogrio")
    return scenario


def _layout(fig) -> dict:
    """What a drawing shows where, in display pixels after drawing: the map's camera labels and
    markers, and the boxes of the legend, scale bar, north arrow and overview below it."""
    from matplotlib.text import Annotation

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]

    def box_of(extent) -> shapely.Geometry:
        return shapely.box(extent.x0, extent.y0, extent.x1, extent.y1)

    markers = {tuple(np.round(np.ravel(line.get_xydata()), 1)): box_of(
        line.get_window_extent(renderer)) for line in ax.lines
        if line.get_marker() in ("^", "s") and len(line.get_xydata()) == 1}
    labels = [{
        "text": a.get_text(),
        "box": box_of((a.get_bbox_patch() or a).get_window_extent(renderer)),
        "camera": tuple(np.round(a.xy, 1)),
        "leader": a.arrow_patch is not None,
    } for a in ax.texts if isinstance(a, Annotation) and a.get_text() != "N"]
    below = [a for a in [*fig.lines, *fig.texts, *fig.patches, *fig.artists]
             if a.get_gid() in ("scale bar", "north")]
    return {
        "map": box_of(ax.get_window_extent(renderer)),
        "xlim": ax.get_xlim(), "ylim": ax.get_ylim(),
        "markers": markers, "labels": labels,
        "legend": box_of(ax.get_legend().get_window_extent(renderer)),
        "scale bar": shapely.union_all([box_of(a.get_window_extent(renderer)) for a in below
                                        if a.get_gid() == "scale bar"]),
        "north": shapely.union_all([box_of(a.get_window_extent(renderer)) for a in below
                                    if a.get_gid() == "north"]),
        "overview": box_of(fig.axes[-1].get_tightbbox(renderer)) if len(fig.axes) > 1
        else shapely.box(0, 0, 0, 0),
        "overview limits": (*fig.axes[-1].get_xlim(), *fig.axes[-1].get_ylim()),
        "caption": shapely.union_all([box_of(a.get_window_extent(renderer)) for a in fig.texts
                                      if a.get_gid() == "caption"]),
        "caption lines": [a.get_text().count("\n") + 1 for a in fig.texts
                          if a.get_gid() == "caption"],
        "page": box_of(fig.bbox),
    }


@pytest.fixture(scope="module")
def crowded(tmp_path_factory) -> dict:
    """The crowded town's plan and each language's drawing of 'east', by its layout."""
    import matplotlib.figure

    root = tmp_path_factory.mktemp("crowded")
    full = plan(load_scenario(_crowded_town(root / "town")))
    layouts = {}
    save = matplotlib.figure.Figure.savefig
    for language in ("en", "sv"):
        full.summary["settings"]["language"] = language
        seen: list[dict] = []

        def savefig(fig, *args, seen=seen, **kwargs):
            seen.append(_layout(fig))
            save(fig, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matplotlib.figure.Figure, "savefig", savefig)
            (root / language).mkdir()
            written = write_drawings(full, root / language)
        layouts[language] = dict(zip([p.stem for p in written], seen, strict=True))
    return {"plan": full, "layouts": layouts}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_camera_label_is_legible_and_its_own(crowded, language):
    layout = crowded["layouts"][language]["east"]
    labels, markers = layout["labels"], layout["markers"]
    # every camera of the plan is labelled once: one label per mount (12 of the 13 close
    # together), naming the cameras there
    mounts = {(round(p.x, 1), round(p.y, 1)) for p in crowded["plan"].cameras.geometry}
    assert len(markers) == len(labels) == len(mounts) == 12
    named = sorted(n.split(" ")[0] for label in labels for n in label["text"].split(", "))
    assert named == sorted(crowded["plan"].camera_labels())
    assert {label["camera"] for label in labels} == set(markers)
    boxes = [label["box"] for label in labels]
    for k, label in enumerate(labels):
        box = label["box"]
        assert layout["map"].contains(box), label["text"]  # (inside the map)
        for other in boxes[k + 1:]:
            assert not box.intersects(other), label["text"]  # (no label on another)
        for marker in markers.values():
            assert not box.intersects(marker), label["text"]  # (nor on a camera)
        own = markers[label["camera"]]
        others = [m for xy, m in markers.items() if xy != label["camera"]]
        if label["leader"]:  # (its line passes no other camera)
            line = shapely.LineString([box.centroid, own.centroid]).difference(box)
            assert not any(line.intersects(m) for m in others), label["text"]
        else:  # (right beside its camera: nearer to it than to any other)
            assert box.distance(own) < min(box.distance(m) for m in others), label["text"]
    # the cluster is too tight for every label to sit beside its camera
    assert 0 < sum(label["leader"] for label in labels) < len(labels)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_drawing_is_framed_to_the_recording_areas_and_the_overview_shows_the_area(crowded,
                                                                                language):
    layout = crowded["layouts"][language]["east"]
    full = crowded["plan"]
    views = full.views[full.views["level"] == 1]
    x0, y0, x1, y1 = shapely.total_bounds(views.geometry.values)
    (a0, a1), (b0, b1) = layout["xlim"], layout["ylim"]
    # everything recorded is in the frame, and fills it (the area is 600 m across, the views
    # about 90 m: framed to the area, they had filled a sixth of the map's width)
    assert a0 < x0 and x1 < a1 and b0 < y0 and y1 < b1
    assert max((x1 - x0) / (a1 - a0), (y1 - y0) / (b1 - b0)) > 0.75
    area = full.areas.set_index("area_id").loc["east", "geometry"]
    o0, o1, p0, p1 = layout["overview limits"]
    ax0, ay0, ax1, ay1 = area.bounds
    assert o0 <= ax0 and ax1 <= o1 and p0 <= ay0 and ay1 <= p1


@pytest.mark.parametrize("language", ["en", "sv"])
def test_legend_scale_bar_north_and_overview_hide_nothing(crowded, language):
    for area_id, layout in crowded["layouts"][language].items():
        assert layout["caption lines"] == [1]
        _hide_nothing(area_id, layout)


def _hide_nothing(area_id: str, layout: dict) -> None:
    parts = {name: layout[name] for name in ("map", "legend", "scale bar", "north", "overview",
                                             "caption")}
    for name, part in parts.items():
        assert part.area > 0, (area_id, name)
        assert layout["page"].contains(part), (area_id, name)
        for other, box in parts.items():
            if other != name:
                assert not part.intersects(box), (area_id, name, other)


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Trygghetskameror i områden med socioekonomiska utmaningar, Katrineholm 2025-2027 "
           "(ansökan till Delegationen mot segregation), etapp 1 av 3"),
    ("sv", "Trygghetskameror i områden med socioekonomiska utmaningar, Katrineholm 2025-2027 "
           "(ansökan till Delegationen mot segregation), etapp 1 av 3"),
    # (three times as long: its nine lines had been drawn over the legend)
    ("sv", " ".join(["Trygghetskameror i områden med socioekonomiska utmaningar, Katrineholm "
                     "2025-2027 (ansökan till Delegationen mot segregation), etapp 1 av 3"] * 3)),
])
def test_a_long_title_is_drawn_whole_beside_the_overview(crowded, tmp_path, language, title):
    # (a title of the grant application's length had been cut off at the page's edge:
    # "...; EPSG:3006, meter. Kamerornas bet")
    import matplotlib.figure

    full = crowded["plan"]
    seen: list[dict] = []
    save = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        seen.append(_layout(fig))
        texts = [a.get_text() for a in fig.texts if a.get_gid() == "caption"]
        seen[-1]["caption text"] = " ".join(" ".join(texts).split())
        save(fig, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(full.summary, "title", title)
        patch.setitem(full.summary["settings"], "language", language)
        patch.setattr(matplotlib.figure.Figure, "savefig", savefig)
        write_drawings(full, tmp_path)
    end = {"en": "metres. Cameras as in register.csv.",
           "sv": "meter. Kamerornas beteckningar enligt register.csv."}[language]
    for layout in seen:
        assert layout["caption text"].startswith(title + "; ")
        assert layout["caption text"].endswith(end)
        assert layout["caption lines"][0] > 1
        _hide_nothing("long title", layout)
