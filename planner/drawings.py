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

The drawings are reproducible byte for byte (Agg, no software stamp).
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from planner import _lang
from planner._lang import language_of, pick, texts
from planner._plan_types import Plan
from planner._report_register import views_at
from planner.scenario import LEVELS

_MARGIN_M = 25.0
_FILE_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")

_TEXT = texts("drawings", {
    "en": {
        "title": "{name} ({area_id}): recording areas of {n} {cameras}, {new} {new_word}",
        "new:one": "new",
        "new:many": "new",
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
    },
    "sv": {
        "title": "{name} ({area_id}): upptagningsområden för {n} {cameras}, varav {new} {new_word}",
        "new:one": "ny",
        "new:many": "nya",
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
    },
})


def drawing_name(area_id: str) -> str:
    """The file name of an area's drawing: its id with anything but letters and digits as ``_``."""
    return (_FILE_CHARS.sub("_", str(area_id)).strip("._") or "area") + ".png"


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
        x0, y0, x1, y1 = shapely.total_bounds(np.append(views, area.geometry))
        x0, y0, x1, y1 = x0 - _MARGIN_M, y0 - _MARGIN_M, x1 + _MARGIN_M, y1 + _MARGIN_M
        frame = shapely.box(x0, y0, x1, y1)
        fig, ax = plt.subplots(figsize=(8.27, 8.27), dpi=100)  # (A4 width)
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
                    color="#616161" if existing else "#000000", markersize=7)
            at.setdefault(xy, []).append(labels[option] + (t["existing"] if existing else ""))
        for xy, names_here in at.items():
            ax.annotate(", ".join(names_here), xy, xytext=(4, 4), textcoords="offset points",
                        fontsize=8)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        if language not in (None, "en") and ax.get_xlabel():  # (English: GeoPandas' own labels)
            ax.set_xlabel(t["x axis"])
            ax.set_ylabel(t["y axis"])
        _scale_and_north(ax, x0, y0, x1, y1)
        new = sum(not bool(cams.loc[o, "existing"]) for o in ids)
        ax.set_title(t["title"].format(name=area.name, area_id=area.area_id, n=len(ids), new=new,
                                       new_word=t["new:one" if new == 1 else "new:many"],
                                       cameras=t["camera:one" if len(ids) == 1
                                                 else "camera:many"]), fontsize=11)
        ax.legend(handles=[
            Patch(facecolor="#ffb74d", alpha=0.6, edgecolor="#e65100", label=t["recorded"]),
            Patch(facecolor="#e65100", alpha=0.6, label=t["recorded at level"].format(
                level=_lang.level(level_name, language))),
            Patch(facecolor="none", edgecolor="#c62828", hatch="////", label=t["privacy zone"]),
            Patch(facecolor="none", edgecolor="#1f5fa8", linewidth=2, label=t["planned area"]),
        ], loc="lower left", fontsize=8, framealpha=0.9)
        fig.text(0.01, 0.005, t["caption"].format(title=plan.summary.get("title") or plan.name,
                                                  crs=plan.crs), fontsize=7, color="#555555")
        fig.tight_layout()
        name = drawing_name(area.area_id)
        while name in names:  # (two ids that read alike as file names)
            name = name.removesuffix(".png") + "_.png"
        names.add(name)
        path = folder / name
        fig.savefig(path, metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written


def _layer(ax: object, frame: gpd.GeoDataFrame, window: shapely.Geometry, **style: object) -> None:
    """Draw the features of ``frame`` that reach into ``window``."""
    if not len(frame):
        return
    inside = frame[shapely.intersects(frame.geometry.values, window)]
    if len(inside):
        inside.plot(ax=ax, **style)


def _scale_and_north(ax: object, x0: float, y0: float, x1: float, y1: float) -> None:
    """A scale bar of a round length (about a fifth of the width) and a north arrow."""
    width = x1 - x0
    step = 10 ** np.floor(np.log10(width / 5))
    length = max(s * step for s in (1, 2, 5) if s * step <= width / 4) if width > 0 else 0
    bx, by = x1 - 0.04 * width - length, y0 + 0.04 * (y1 - y0)
    ax.plot([bx, bx + length], [by, by], color="black", linewidth=3)  # type: ignore[attr-defined]
    ax.text(bx + length / 2, by + 0.01 * (y1 - y0), f"{length:g} m",  # type: ignore[attr-defined]
            ha="center", va="bottom", fontsize=8)
    nx, ny = x1 - 0.05 * width, y1 - 0.1 * (y1 - y0)
    ax.annotate("N", xy=(nx, ny + 0.06 * (y1 - y0)), xytext=(nx, ny),  # type: ignore[attr-defined]
                ha="center", fontsize=10, arrowprops={"arrowstyle": "->", "lw": 1.5})
