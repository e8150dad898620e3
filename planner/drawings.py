"""Recording-area drawings: one printable map per planned area of what its cameras record.

The record of a camera surveillance needs to show which area is watched: IMY (the Swedish
Authority for Privacy Protection) asked for a drawing with the recording area
(*upptagningsområde*) clearly marked, a map or overview image being enough, when permits were
still needed (imy.se, "Ansök om tillstånd till kamerabevakning"). Since 1 April 2025 the
municipality documents its own interest balancing instead (prop. 2024/25:93), and the watched
area weighs in it as it did before IMY. ``planner plan --drawings`` writes one PNG
per planned area that cameras of the plan look into: the area's outline, buildings, privacy
zones, each camera with its label (``C001``, as in ``register.csv``) and its view by day (the
whole view, and the part at the scenario's privacy level), a scale bar and north.

Each drawing is framed to the recording areas of the cameras that look into the area (with a
margin), so that the cameras fill the map; an overview below it shows the whole area with that
frame. Labels are placed where they overlap no other label and no camera (a leader line joins a
label moved away from its camera); the legend, the overview, the scale bar and north sit below
the map, where they hide nothing of it.

The drawings are reproducible byte for byte (Agg, no software stamp).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from planner import _lang
from planner._lang import language_of, pick, texts
from planner._plan_types import Plan
from planner._report_register import views_at
from planner.scenario import LEVELS

_MARGIN_M = 10.0
#: the smallest frame (metres), so that a single camera's view keeps its surroundings
_MIN_FRAME_M = 100.0
_SIZE_IN = 8.27  # (A4 width)
_DPI = 150  # (1,240 pixels across A4: 100 had been coarse in print)
#: the map's axes in figure fractions (left, bottom, width, height); the band below holds the
#: legend, the overview, the scale bar and north
_MAP_RECT = (0.06, 0.215, 0.91, 0.72)
_LABEL_SIZE = 8.0
_MARKER_SIZE = 7.0
_LABEL_PAD = 0.2  # (the label's white box, in font sizes)
#: offsets (points) tried for a label, nearest first; beyond the first ring a leader line
#: joins the label to its camera
_RINGS = (5.0, 16.0, 28.0, 42.0, 58.0, 76.0, 96.0)
#: a label without a leader line keeps at least this much farther (pixels) from other cameras
#: than from its own, so that it is read as its camera's
_NEAR_PX = 10.0
#: the directions tried (degrees from east, anticlockwise), in order; the first eight beside
#: a camera, all sixteen farther out
_ANGLES = (45.0, 135.0, 315.0, 225.0, 0.0, 180.0, 90.0, 270.0,
           22.5, 157.5, 337.5, 202.5, 67.5, 112.5, 292.5, 247.5)
_FILE_CHARS = re.compile(r"[^\w.-]+")  # (\w: letters of any alphabet, å, ä and ö too)

_TEXT = texts("drawings", {
    "en": {
        "title": "{name} ({area_id}): recording areas of {cameras}",
        # (every camera new, or none: "2 cameras, 2 new" and "1 camera, 0 new" had stood)
        "cameras:some": "{n} {cameras}, {new} {new_word}",
        "cameras:all": "{n} {new_word} {cameras}",
        "cameras:none": "{n} {old_word} {cameras}",
        "new:one": "new",
        "new:many": "new",
        "old:one": "existing",
        "old:many": "existing",
        "camera:one": "camera",
        "camera:many": "cameras",
        "existing": " (existing)",
        "recorded": "recorded (by day)",
        "recorded at level": "recorded at {level} level or better",
        "privacy zone": "privacy zone",
        "planned area": "planned area",
        "caption": "{title}; {crs}, metres. Cameras as in register.csv.",
        "x axis": "Easting [metre]",
        "y axis": "Northing [metre]",
        "overview": "overview (frame: this drawing)",
    },
    "sv": {
        "title": "{name} ({area_id}): upptagningsområden för {cameras}",
        "cameras:some": "{n} {cameras}, varav {new} {new_word}",
        "cameras:all": "{n} {new_word} {cameras}",
        "cameras:none": "{n} {old_word} {cameras}",
        "new:one": "ny",
        "new:many": "nya",
        "old:one": "befintlig",
        "old:many": "befintliga",
        "camera:one": "kamera",
        "camera:many": "kameror",
        "existing": " (befintlig)",
        "recorded": "upptagningsområde (dagtid)",
        "recorded at level": "upptagningsområde på nivån {level} eller bättre",
        "privacy zone": "integritetszon",
        "planned area": "områdesgräns",
        "caption": "{title}; {crs}, meter. Kamerornas beteckningar enligt register.csv.",
        "x axis": "Östlig koordinat [meter]",
        "y axis": "Nordlig koordinat [meter]",
        "overview": "översikt (ramen: denna ritning)",
    },
})


def drawing_name(area_id: str) -> str:
    """The file name of an area's drawing: its id with anything but letters and digits as ``_``.

    Letters are any alphabet's, in Unicode's composed form (``Åby`` and ``Öby`` had both become
    ``_by.png``).
    """
    text = unicodedata.normalize("NFC", str(area_id))
    return (_FILE_CHARS.sub("_", text).strip("._") or "area") + ".png"


def write_drawings(plan: Plan, folder: str | Path) -> list[Path]:
    """Write ``folder/<area_id>.png`` for each planned area the plan's cameras look into.

    Returns the files written, in area order. Nothing is written for a plan without cameras.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    folder = Path(folder)
    whole = views_at(plan, 1, daylight=True)
    level_name = str(plan.summary.get("privacy_min_level", "observe"))
    close = views_at(plan, LEVELS.index(level_name) + 1, daylight=True)
    if whole is None or not len(plan.cameras):
        return []
    labels = plan.camera_labels()
    language = language_of(plan.summary)
    t = pick(_TEXT, language)
    cams = plan.cameras.set_index("option_id")
    written: list[Path] = []
    names: set[str] = set()
    for area in plan.areas.itertuples(index=False):
        seen = whole[shapely.intersects(whole.geometry.values, area.geometry)]
        if not len(seen):
            continue
        ids = sorted(set(seen.index), key=lambda o: labels[o])
        views = whole.loc[ids].geometry.values
        x0, y0, x1, y1 = _frame(views)
        frame = shapely.box(x0, y0, x1, y1)
        fig = plt.figure(figsize=(_SIZE_IN, _SIZE_IN), dpi=_DPI)
        ax = fig.add_axes(_MAP_RECT)
        _layer(ax, plan.buildings, frame, facecolor="#d9d9d9", edgecolor="#9e9e9e", lw=0.4)
        if "kind" in plan.buildings:
            homes = plan.buildings[plan.buildings["kind"] == "residential"]
            _layer(ax, homes, frame, facecolor="#bdbdbd", edgecolor="#757575", lw=0.4)
        _layer(ax, plan.privacy_zones, frame, facecolor="none", edgecolor="#c62828",
               hatch="////", lw=0.6)
        gpd.GeoSeries(views, crs=plan.crs).plot(ax=ax, color="#ffb74d", alpha=0.35,
                                                edgecolor="#e65100", linewidth=0.6)
        if close is not None:
            near = [o for o in ids if o in close.index]
            if near:
                gpd.GeoSeries(close.loc[near].geometry.values, crs=plan.crs).plot(
                    ax=ax, color="#e65100", alpha=0.45, linewidth=0)
        gpd.GeoSeries([area.geometry], crs=plan.crs).boundary.plot(ax=ax, color="#1f5fa8",
                                                                   linewidth=2.0)
        at: dict[tuple[float, float], list[str]] = {}  # (cameras sharing a mount: one label)
        for option in ids:
            cam = cams.loc[option]
            existing = bool(cam["existing"])
            xy = (round(cam.geometry.x, 1), round(cam.geometry.y, 1))
            ax.plot(*xy, marker="s" if existing else "^",
                    color="#616161" if existing else "#000000", markersize=_MARKER_SIZE,
                    gid="camera")
            at.setdefault(xy, []).append(labels[option] + (t["existing"] if existing else ""))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.apply_aspect()
        ax.set_xticks([])
        ax.set_yticks([])
        _place_labels(fig, ax, [(xy, ", ".join(names_here)) for xy, names_here in at.items()])
        if language not in (None, "en") and ax.get_xlabel():  # (English: GeoPandas' own labels)
            ax.set_xlabel(t["x axis"])
            ax.set_ylabel(t["y axis"])
        _scale_and_north(fig, x1 - x0)
        _overview(fig, plan, area.geometry, views, frame, t["overview"])
        new = sum(not bool(cams.loc[o, "existing"]) for o in ids)
        n = len(ids)
        counted = t["cameras:all" if new == n else "cameras:none" if new == 0
                    else "cameras:some"].format(
            n=n, new=new, cameras=t["camera:one" if n == 1 else "camera:many"],
            new_word=t["new:one" if new == 1 else "new:many"],
            old_word=t["old:one" if n == 1 else "old:many"])
        ax.set_title(t["title"].format(name=area.name, area_id=area.area_id, cameras=counted),
                     fontsize=11)
        legend = ax.legend(handles=[
            Patch(facecolor="#ffb74d", alpha=0.6, edgecolor="#e65100", label=t["recorded"]),
            Patch(facecolor="#e65100", alpha=0.6, label=t["recorded at level"].format(
                level=_lang.level(level_name, language))),
            Patch(facecolor="none", edgecolor="#c62828", hatch="////", label=t["privacy zone"]),
            Patch(facecolor="none", edgecolor="#1f5fa8", linewidth=2, label=t["planned area"]),
        ], loc="upper left", bbox_to_anchor=(_MAP_RECT[0] - 0.01, _MAP_RECT[1] - 0.03),
            bbox_transform=fig.transFigure, fontsize=8, framealpha=0.9)
        _caption(fig, t["caption"].format(title=plan.summary.get("title") or plan.name,
                                          crs=plan.crs), below=legend)
        name = drawing_name(area.area_id)
        while name in names:  # (two ids that read alike as file names)
            name = name.removesuffix(".png") + "_.png"
        names.add(name)
        path = folder / name
        fig.savefig(path, metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written


def _layer(ax: Any, frame: gpd.GeoDataFrame, window: shapely.Geometry, **style: Any) -> None:
    """Draw the features of ``frame`` that reach into ``window``."""
    if not len(frame):
        return
    inside = frame.geometry.values[shapely.intersects(frame.geometry.values, window)]
    if len(inside):
        _polygons(ax, inside, **style)


def _polygons(ax: Any, geoms: Any, **style: Any) -> Any:
    """Draw polygons (holes kept) into ``ax`` as one collection; return it.

    ``style``: a ``PatchCollection``'s (``facecolor``, ``edgecolor``, ``lw``, ``hatch``,
    ``alpha``, ``gid``). Unlike GeoPandas' ``plot``, which draws the whole figure again after
    each layer (``draw_idle``), this draws nothing until the figure is saved.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    patches = []
    for part in shapely.get_parts(np.asarray(geoms, dtype=object)):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        rings = [part.exterior, *part.interiors]
        patches.append(PathPatch(MplPath.make_compound_path(
            *[MplPath(np.asarray(ring.coords)[:, :2]) for ring in rings])))
    collection = PatchCollection(patches, **style)
    ax.add_collection(collection, autolim=True)
    return collection


def _frame(views: np.ndarray, *, shape: float | None = None) -> tuple[float, float, float, float]:
    """The map's extent: the recording areas with a margin, widened to the axes' shape.

    At least :data:`_MIN_FRAME_M` across; the map fills its axes. ``shape``: the axes' height
    over their width (on paper); by default the drawing's (:data:`_MAP_RECT` on a square page).
    """
    x0, y0, x1, y1 = shapely.total_bounds(views)
    margin = max(_MARGIN_M, 0.08 * max(x1 - x0, y1 - y0))
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    if shape is None:
        shape = _MAP_RECT[3] / _MAP_RECT[2]  # (height / width of the axes; the figure is square)
    width = max(x1 - x0, (y1 - y0) / shape, _MIN_FRAME_M)
    height = width * shape
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def _place_labels(fig: Any, ax: Any, items: list[tuple[tuple[float, float], str]]) -> None:
    """Label each camera (``items``: its position and text) where the label hides nothing.

    A label overlaps no other label, no camera marker and no other leader line, inside the
    map; a label right beside its camera is nearer to it than to any other (else it is moved,
    with a line). Deterministic: the offsets of :data:`_RINGS` x :data:`_ANGLES` are tried
    nearest first, the most crowded cameras first; a label beyond the first ring gets a leader
    line. A label with no free place takes the place of least overlap.
    """
    if not items:
        return
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72.0  # (pixels per point)
    half = _MARKER_SIZE / 2 * px + 1.0
    pad = _LABEL_PAD * _LABEL_SIZE * px
    where = ax.transData.transform(np.array([xy for xy, _ in items], dtype=float))
    markers = [shapely.box(x - half, y - half, x + half, y + half) for x, y in where]
    inner = ax.bbox
    room = shapely.box(inner.x0 + 2, inner.y0 + 2, inner.x1 - 2, inner.y1 - 2)
    sizes = []
    for _, text in items:
        probe = ax.text(0, 0, text, fontsize=_LABEL_SIZE)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        sizes.append((extent.width + 2 * pad, extent.height + 2 * pad))
    crowd = [sum(np.hypot(*(where[j] - where[i])) < 60 * px for j in range(len(items)))
             for i in range(len(items))]
    order = sorted(range(len(items)), key=lambda i: (-crowd[i], items[i][1]))
    boxes: list[shapely.Geometry] = []
    leaders: list[shapely.Geometry] = []
    for i in order:
        x, y = where[i]
        w, h = sizes[i]
        others = [m for j, m in enumerate(markers) if j != i]
        best = np.inf
        chosen: tuple[int, shapely.Polygon, shapely.LineString | None] | None = None
        for ring, radius in enumerate(_RINGS):
            for angle in _ANGLES if ring else _ANGLES[:8]:
                dx, dy = np.cos(np.radians(angle)), np.sin(np.radians(angle))
                if ring:  # (the box's centre out along the angle, its near side ``radius`` off)
                    cx, cy = x + dx * (radius * px + w / 2), y + dy * (radius * px + h / 2)
                else:  # (beside the camera: a corner or a side at the offset)
                    dx, dy = round(dx), round(dy)
                    cx = x + dx * (radius * px + w / 2)
                    cy = y + dy * (radius * px + h / 2)
                box = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                leader = shapely.LineString([(x, y), box.centroid]) if ring else None
                clash = sum(box.intersection(b).area for b in boxes + markers)
                clash += box.difference(room).area
                clash += 10.0 * sum(box.intersects(line) for line in leaders)
                if leader is not None:
                    clash += 10.0 * sum(leader.intersects(b) for b in boxes + others)
                    clash += 10.0 * sum(leader.crosses(line) for line in leaders)
                elif any(box.distance(m) < box.distance(markers[i]) + _NEAR_PX for m in others):
                    clash += 1.0  # (beside another camera too, and no line to tell which)
                if clash < best:
                    best, chosen = clash, (ring, box, leader)
                if clash == 0:
                    break
            if best == 0:
                break
        assert chosen is not None
        ring, box, leader = chosen
        boxes.append(box)
        if leader is not None:
            leaders.append(leader)
        cx, cy = box.centroid.x, box.centroid.y
        ax.annotate(
            items[i][1], items[i][0], xytext=ax.transData.inverted().transform((cx, cy)),
            textcoords="data", ha="center", va="center", fontsize=_LABEL_SIZE, gid="camera label",
            bbox={"boxstyle": f"square,pad={_LABEL_PAD}", "facecolor": "white", "alpha": 0.85,
                  "edgecolor": "none"},
            arrowprops={"arrowstyle": "-", "color": "#212121", "linewidth": 0.8,
                        "shrinkA": 0, "shrinkB": _MARKER_SIZE / 2} if ring else None)


#: the drawing's caption: its size, and where it may run when one line across is too short
#: for it (left of the overview, whose box starts at 0.48 of the width)
_CAPTION_SIZE = 7.0
_CAPTION_LEFT, _CAPTION_RIGHT = 0.01, 0.99
_CAPTION_WRAP = 0.44
#: the smallest size a caption too long for the room below the legend is drawn at
_CAPTION_SMALLEST = 4.0


def _caption(fig: Any, text: str, below: Any = None, *, wrap: float = _CAPTION_WRAP) -> None:
    """The scenario's title, the CRS and the register's labels, at the bottom left.

    One line across the page where it fits; otherwise in lines left of the overview (a long
    title had been cut off at the page's edge: "...; EPSG:3006, meter. Kamerornas bet"), in a
    smaller size, down to :data:`_CAPTION_SMALLEST`, where those lines would reach the legend
    ``below`` which they stand (a title of 400 characters had been drawn over it). ``wrap``: the
    lines' width, in figure fractions (a camera sheet has no overview beside its caption).
    """
    renderer = fig.canvas.get_renderer()
    width_px = fig.bbox.width
    room = None if below is None else below.get_window_extent(renderer).y0 - 2

    def fits(line: str, share: float, size: float) -> bool:
        probe = fig.text(0, 0, line, fontsize=size)
        wide = probe.get_window_extent(renderer).width
        probe.remove()
        return bool(wide <= share * width_px)

    size = _CAPTION_SIZE
    while True:
        lines = [text]
        if not fits(text, _CAPTION_RIGHT - _CAPTION_LEFT, size):
            lines = []
            for word in text.split():
                if lines and fits(f"{lines[-1]} {word}", wrap, size):
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
        caption = fig.text(_CAPTION_LEFT, 0.005, "\n".join(lines), fontsize=size,
                           color="#555555", va="bottom", gid="caption")
        if (room is None or size <= _CAPTION_SMALLEST
                or caption.get_window_extent(renderer).y1 <= room):
            return
        caption.remove()
        size = max(_CAPTION_SMALLEST, size - 0.5)


def _overview(fig: Any, plan: Plan, outline: shapely.Geometry, views: np.ndarray,
              frame: shapely.Geometry, caption: str) -> None:
    """A small map below the drawing: the whole area, the recording areas and the frame drawn."""
    inset = fig.add_axes((0.48, 0.045, 0.17, 0.13))
    gpd.GeoSeries(views, crs=plan.crs).plot(ax=inset, color="#ffb74d", linewidth=0)
    gpd.GeoSeries([outline], crs=plan.crs).boundary.plot(ax=inset, color="#1f5fa8", linewidth=1)
    gpd.GeoSeries([frame], crs=plan.crs).boundary.plot(ax=inset, color="black", linewidth=0.8)
    inset.set_aspect("equal")
    inset.set_axis_off()
    inset.text(0.5, -0.02, caption, transform=inset.transAxes, ha="center", va="top",
               fontsize=7, color="#555555")


def _scale_and_north(fig: Any, width: float, *,
                     rect: tuple[float, float, float, float] = _MAP_RECT,
                     drop: float = 0.13) -> None:
    """A scale bar and a north arrow right below the map (``width``: the map's, in metres).

    The bar has a round length, at most a fifth of the width. ``rect``: the map's axes in
    figure fractions (the drawing's by default; a camera sheet's map is another); ``drop``: how
    far below the map the bar stands, in figure fractions.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    step = 10 ** np.floor(np.log10(width / 5))
    length = max(s * step for s in (1, 2, 5) if s * step <= width / 5) if width > 0 else 0
    right = rect[0] + rect[2]
    left = right - rect[2] * length / width
    y = rect[1] - drop
    fig.add_artist(Line2D([left, right], [y, y], color="black", linewidth=3,
                                           transform=fig.transFigure, gid="scale bar"))
    fig.text((left + right) / 2, y + 0.008, f"{length:g} m", ha="center", va="bottom",
             fontsize=8, gid="scale bar")
    fig.text(left - 0.04, y - 0.01, "N", ha="center", va="bottom", fontsize=10, gid="north")
    fig.add_artist(FancyArrowPatch(
        (left - 0.04, y + 0.018), (left - 0.04, y + 0.07), transform=fig.transFigure,
        arrowstyle="->", mutation_scale=12, linewidth=1.5, gid="north"))
