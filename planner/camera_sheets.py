"""Installation sheets: one printable page per new camera, for the installer.

``planner plan --camera-sheets`` (and ``evaluate``) writes ``camera_sheets/C012.png`` for each
new camera of the plan, named by its label in ``register.csv`` (existing cameras are mounted
already and get none). A sheet is an A4 page at 150 dpi: a local map around the mount
(buildings, privacy zones, the planned areas' outlines, the other cameras nearby as small
marks), the camera's field of view as a wedge in bands of its DORI ranges (identify, recognise,
observe, detect, as the register gives them) with what it records by day (line of sight
applied) outlined, the mount marked, a scale bar and north; and below it a table: the label,
the mount (id, type, height), the coordinates (``x``, ``y`` of the plan's CRS, SWEREF 99 TM for
the default data, and WGS 84 latitude and longitude), the model (its Swedish name in a Swedish
plan), field of view, direction from true north (as the register words it) and on the map's
grid, the DORI ranges, the privacy zones in view and whether they are to be masked, and cost.

The map, its layers, scale bar, north and caption are :mod:`planner.drawings`' own; the sheets
are in the plan's language and reproducible byte for byte (Agg, no software stamp), as the
drawings are. :func:`write_camera_sheets` returns what each table shows (:class:`SheetRow`), so
that a test reads the values drawn rather than the pixels.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _lang
from planner._lang import language_of, pick, texts
from planner._plan_types import Plan
from planner._report_register import _running, camera_register, register_for_people, views_at
from planner.cameras import names_in
from planner.drawings import _caption, _frame, _layer, _polygons, _scale_and_north

_SIZE_IN = (8.27, 11.69)  # (A4 portrait)
_DPI = 150  # (as the drawings: 1,240 x 1,754 pixels)
#: the map's axes in figure fractions (left, bottom, width, height); the legend, the scale bar
#: and north below it, then the table
_MAP_RECT = (0.07, 0.47, 0.86, 0.47)
_TABLE_RECT = (0.07, 0.035, 0.86, 0.295)
#: the smallest map (metres across): a camera of short range keeps its surroundings
_MIN_FRAME_M = 60.0
#: the DORI levels from the mount outwards, with the register's range column and a colour
_BANDS = (("identify", "#b71c1c"), ("recognise", "#ef6c00"), ("observe", "#ffa726"),
          ("detect", "#ffe082"))
_BAND_ALPHA = 0.6
_MOUNT_COLOUR = "#000000"

_TEXT = texts("camera_sheets", {
    "en": {
        "title": "{camera}: installation sheet",
        "subtitle": "{plan}; mount {site_id}",
        "camera": "Camera",
        "mount": "Mount",
        "mount value": "{site_id} ({mount_type})",
        "height": "Mount height",
        "height value": "{height} m",
        "unknown": "not given",
        "easting": "Easting E, {crs}",
        "northing": "Northing N, {crs}",
        "lat": "Latitude (WGS 84)",
        "lon": "Longitude (WGS 84)",
        "approximate": " (approximate)",
        "model": "Model",
        "fov": "Field of view",
        "direction": "Direction from true north",
        "grid": "Direction on the map (grid north)",
        "range": "{level} to",
        "metres": "{m} m",
        "zones in view": "Privacy zone in view",
        "zones value": "yes: {m2} m² of the whole view",
        "no": "no",
        "mask": "Mask in the image",
        "mask at level": "yes: {m2} m² at {level} level or better",
        "mask promised": "yes: surveillance.privacy_masking = true",
        "mask not needed": "no (none at {level} level or better)",
        "same mount": "Also on this mount",
        "none": "none",
        "cost:investment_sek": "Purchase and installation",
        "cost:yearly_sek": "Running costs a year",
        "cost:cost_sek": "Cost against the budget",
        "sek": "{sek} SEK",
        "legend level": "{level}: to {m} m",
        "legend view": "recorded by day (buildings block it)",
        "legend mount": "mount",
        "legend new": "other new camera",
        "legend existing": "existing camera",
        "legend zone": "privacy zone",
        "legend area": "planned area",
        "legend same mount": "another camera on this mount",
        "caption": "{title}; {crs}, metres. Cameras as in register.csv; the map's north is "
                   "grid north.",
    },
    "sv": {
        "title": "{camera}: monteringsanvisning",
        "subtitle": "{plan}; monteringsplats {site_id}",
        "camera": "Kamera",
        "mount": "Monteringsplats",
        "mount value": "{site_id} ({mount_type})",
        "height": "Monteringshöjd",
        "height value": "{height} m",
        "unknown": "ej angiven",
        "easting": "Östlig koordinat E, {crs}",
        "northing": "Nordlig koordinat N, {crs}",
        "lat": "Latitud (WGS 84)",
        "lon": "Longitud (WGS 84)",
        "approximate": " (ungefärlig)",
        "model": "Modell",
        "fov": "Bildvinkel",
        "direction": "Riktning från geografisk nord",
        "grid": "Riktning på kartan (kartnord)",
        "range": "{level} till",
        "metres": "{m} m",
        "zones in view": "Integritetszon i bild",
        "zones value": "ja: {m2} m² av hela bilden",
        "no": "nej",
        "mask": "Maskera i bilden",
        "mask at level": "ja: {m2} m² på nivån {level} eller bättre",
        "mask promised": "ja: surveillance.privacy_masking = true",
        "mask not needed": "nej (ingen på nivån {level} eller bättre)",
        "same mount": "Också på denna plats",
        "none": "inga",
        "cost:investment_sek": "Köp och montering",
        "cost:yearly_sek": "Driftkostnader per år",
        "cost:cost_sek": "Kostnad mot budgeten",
        "sek": "{sek} kr",
        "legend level": "{level}: till {m} m",
        "legend view": "upptagningsområde dagtid (byggnader skymmer)",
        "legend mount": "monteringsplats",
        "legend new": "annan ny kamera",
        "legend existing": "befintlig kamera",
        "legend zone": "integritetszon",
        "legend area": "områdesgräns",
        "legend same mount": "en annan kamera på denna plats",
        "caption": "{title}; {crs}, meter. Kamerornas beteckningar enligt register.csv; "
                   "kartans norr är kartnord.",
    },
})


@dataclasses.dataclass(frozen=True)
class SheetRow:
    """One row of a sheet's table: what it says and where the value comes from.

    ``key``: the register's column the row shows (``x``, ``range_detect_m``), or the plan's
    cameras' (``model_name``, ``cost_sek``), or a name of its own (``same_mount``); ``value``:
    that column's value for the camera; ``heading`` and ``text``: the two cells as drawn.
    """

    key: str
    heading: str
    text: str
    value: Any


@dataclasses.dataclass(frozen=True)
class CameraSheet:
    """One sheet written: its file, the camera's label and the table's rows as drawn."""

    path: Path
    camera: str
    rows: tuple[SheetRow, ...]


def write_camera_sheets(plan: Plan, folder: str | Path, *,
                        register: pd.DataFrame | None = None) -> list[CameraSheet]:
    """Write ``folder/<label>.png`` for each new camera of ``plan``; return them in plan order.

    ``register``: :func:`planner.report.camera_register` of the plan where the caller has it
    (the tables show its values). Nothing is written for a plan without new cameras.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    cams = plan.cameras
    new = ~cams["existing"].astype(bool).to_numpy() if len(cams) else np.array([], dtype=bool)
    if not new.any():
        return []
    register = camera_register(plan) if register is None else register
    if len(register) != len(cams):
        raise ValueError("write_camera_sheets: the register is not the plan's (row counts differ)")
    language = language_of(plan.summary)
    t = pick(_TEXT, language)
    worded = register_for_people(register, plan, language)
    named = names_in(cams, language)
    whole = views_at(plan, 1, daylight=True)
    labels = register["camera"].tolist()
    xy = np.column_stack([register["x"].to_numpy(dtype=float), register["y"].to_numpy(dtype=float)])
    level_name = str(plan.summary.get("privacy_min_level", "observe"))
    written: list[CameraSheet] = []
    for i in map(int, np.flatnonzero(new)):
        row = register.iloc[i]
        rows = _rows(plan, register, worded, named, i, t, language, level_name)
        fig = plt.figure(figsize=_SIZE_IN, dpi=_DPI)
        ax = fig.add_axes(_MAP_RECT, gid="map")
        wedge = _sector(xy[i], float(row["range_detect_m"]), float(row["orientation_deg"]),
                        float(row["hfov_deg"]))
        shape = (_MAP_RECT[3] * _SIZE_IN[1]) / (_MAP_RECT[2] * _SIZE_IN[0])
        x0, y0, x1, y1 = _frame(np.array([wedge, shapely.Point(xy[i]).buffer(_MIN_FRAME_M / 2)]),
                                shape=shape)
        frame = shapely.box(x0, y0, x1, y1)
        handles = _map(ax, plan, frame, register, i, xy, labels, whole, t, language)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        fig.text(_MAP_RECT[0], 0.99, t["title"].format(camera=labels[i]), fontsize=14,
                 fontweight="bold", va="top")
        _subtitle(fig, t, str(plan.summary.get("title") or plan.name), str(row["site_id"]))
        _scale_and_north(fig, x1 - x0, rect=_MAP_RECT, drop=0.10)
        ax.legend(handles=handles, loc="upper left", ncols=2,
                  bbox_to_anchor=(_MAP_RECT[0] - 0.01, _MAP_RECT[1] - 0.005),
                  bbox_transform=fig.transFigure, fontsize=7.5, framealpha=0.9)
        table = _table(fig, rows)
        _caption(fig, t["caption"].format(title=plan.summary.get("title") or plan.name,
                                          crs=plan.crs), below=table, wrap=0.98)
        path = folder / f"{labels[i]}.png"
        # (no software stamp: the same bytes; zlib level 3: a third less time than 6, 1 % larger)
        fig.savefig(path, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
        plt.close(fig)
        written.append(CameraSheet(path=path, camera=labels[i], rows=tuple(rows)))
    return written


def _subtitle(fig: Any, t: Any, title: str, site_id: str) -> None:
    """The plan's title and the mount under the sheet's title, on one line across the map.

    A title too long for the line is cut with an ellipsis (the caption at the bottom gives it
    whole): a long one had run off the page.
    """
    renderer = fig.canvas.get_renderer()
    room = _MAP_RECT[2] * fig.bbox.width
    text = fig.text(_MAP_RECT[0], 0.965, t["subtitle"].format(plan=title, site_id=site_id),
                    fontsize=9, color="#424242", va="top", gid="subtitle")
    words = title.split()
    while text.get_window_extent(renderer).width > room and len(words) > 1:
        words.pop()
        text.set_text(t["subtitle"].format(plan=" ".join(words) + " …", site_id=site_id))


def _sector(at: np.ndarray, radius: float, bearing: float, hfov: float,
            inner: float = 0.0) -> shapely.Geometry:
    """The part of a ring (``inner`` to ``radius`` metres) a camera faces, as a polygon.

    ``bearing``: the grid bearing (clockwise from the map's north); ``hfov`` of 360° or more,
    or no bearing: the whole ring. The views' own sectors (:func:`planner._geom.sector_polygon`),
    less the one of ``inner``.
    """
    from planner._geom import sector_polygon

    whole = not math.isfinite(bearing) or not math.isfinite(hfov) or hfov >= 360.0
    x, y = float(at[0]), float(at[1])

    def part(r: float) -> shapely.Geometry:
        return sector_polygon(x, y, 0.0 if whole else bearing, 360.0 if whole else hfov, r)

    return shapely.difference(part(radius), part(inner)) if inner > 0 else part(radius)


def _along(at: np.ndarray, distance: float, bearing: float) -> tuple[float, float]:
    """The point ``distance`` metres from ``at`` along the grid bearing ``bearing``."""
    angle = math.radians(bearing)
    return float(at[0]) + distance * math.sin(angle), float(at[1]) + distance * math.cos(angle)


def _map(ax: Any, plan: Plan, frame: shapely.Geometry, register: pd.DataFrame, i: int,
         xy: np.ndarray, labels: list[str], whole: gpd.GeoDataFrame | None,
         t: Any, language: str | None) -> list[Any]:
    """Draw the local map of camera ``i`` into ``ax``; return the legend's handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    row = register.iloc[i]
    _layer(ax, plan.buildings, frame, facecolor="#d9d9d9", edgecolor="#9e9e9e", lw=0.4)
    if "kind" in plan.buildings:
        homes = plan.buildings[plan.buildings["kind"] == "residential"]
        _layer(ax, homes, frame, facecolor="#bdbdbd", edgecolor="#757575", lw=0.4)
    _layer(ax, plan.privacy_zones, frame, facecolor="none", edgecolor="#c62828", hatch="////",
           lw=0.6)
    handles: list[Any] = []
    inner = [float(row[f"range_{name}_m"]) for name, _ in _BANDS]
    for k, (name, colour) in enumerate(_BANDS):
        outer = inner[k]
        if not outer > 0:
            continue
        band = _sector(xy[i], outer, float(row["orientation_deg"]), float(row["hfov_deg"]),
                       inner=inner[k - 1] if k else 0.0)
        _polygons(ax, [band], facecolor=colour, alpha=_BAND_ALPHA, linewidth=0,
                  gid=f"wedge {name}")
        handles.append(Patch(facecolor=colour, alpha=_BAND_ALPHA, label=t["legend level"].format(
            level=_lang.level(name, language).capitalize(),
            m=_lang.number(outer, 1, language))))
    option = plan.cameras["option_id"].iloc[i]
    if whole is not None and option in whole.index:
        _polygons(ax, whole.loc[[option]].geometry.values, facecolor="none",
                  edgecolor="#4e342e", linewidth=0.9, linestyle="--", gid="view")
        handles.append(Line2D([], [], color="#4e342e", linewidth=0.9, linestyle="--",
                              label=t["legend view"]))
    _layer(ax, plan.areas, frame, facecolor="none", edgecolor="#1f5fa8", linewidth=1.6,
           gid="areas")
    existing = register["status"].to_numpy() == "existing"
    sibling = False
    sites = register["site_id"].to_numpy()  # (cameras on one mount: the mount's point)
    near: dict[Any, list[int]] = {}  # (the other mounts in the map: one mark, one label)
    for j in range(len(register)):
        if sites[j] != sites[i] and shapely.contains_xy(frame, *xy[j]):
            near.setdefault(sites[j], []).append(j)
    for group in near.values():
        old = all(existing[j] for j in group)
        ax.plot(*xy[group[0]], marker="s" if old else "^", markersize=4.5, linestyle="none",
                color="#616161" if old else "#212121", gid="camera")
        ax.annotate(", ".join(labels[j] for j in group), xy[group[0]], xytext=(4, 3),
                    textcoords="offset points", fontsize=6, color="#424242", gid="camera label")
    # the other cameras on this mount: their view's outline, to tell the installer which is which
    for j in range(len(register)):
        if j != i and sites[j] == sites[i]:
            other = register.iloc[j]
            outline = _sector(xy[j], float(other["range_detect_m"]),
                              float(other["orientation_deg"]), float(other["hfov_deg"]))
            edge = shapely.get_coordinates(shapely.get_exterior_ring(outline))
            ax.plot(edge[:, 0], edge[:, 1], color="#616161", linewidth=0.8, linestyle=":",
                    gid="same mount")
            # (its label along its direction, inside the map: the view may reach beyond it)
            ahead = _along(xy[j], float(other["range_detect_m"]), float(other["orientation_deg"]))
            inside = shapely.LineString([xy[j], ahead]).intersection(frame).length
            tip = _along(xy[j], min(0.55 * float(other["range_detect_m"]), 0.8 * inside),
                         float(other["orientation_deg"]))
            ax.annotate(labels[j], tip, ha="center", va="center", fontsize=7, color="#424242",
                        gid="camera label")
            sibling = True
    if sibling:
        handles.append(Line2D([], [], color="#616161", linewidth=0.8, linestyle=":",
                              label=t["legend same mount"]))
    ax.plot(*xy[i], marker="*", markersize=14, color=_MOUNT_COLOUR, markeredgecolor="white",
            linestyle="none", gid="mount")
    handles += [
        Line2D([], [], marker="*", markersize=10, color=_MOUNT_COLOUR, linestyle="none",
               label=t["legend mount"]),
        Line2D([], [], marker="^", markersize=4.5, color="#212121", linestyle="none",
               label=t["legend new"]),
        Line2D([], [], marker="s", markersize=4.5, color="#616161", linestyle="none",
               label=t["legend existing"]),
        Patch(facecolor="none", edgecolor="#c62828", hatch="////", label=t["legend zone"]),
        Patch(facecolor="none", edgecolor="#1f5fa8", linewidth=1.6, label=t["legend area"]),
    ]
    return handles


def _rows(plan: Plan, register: pd.DataFrame, worded: pd.DataFrame, named: pd.DataFrame,
          i: int, t: Any, language: str | None, level_name: str) -> list[SheetRow]:
    """The table of camera ``i``: the register's values worded in the plan's language."""
    row = register.iloc[i]
    cam = plan.cameras.iloc[i]
    crs = "SWEREF 99 TM" if str(plan.crs).upper() == "EPSG:3006" else str(plan.crs)
    level = _lang.level(level_name, language)
    approximate = t["approximate"] if bool(row["position_approximate"]) else ""
    height = float(row["mount_height_m"]) if pd.notna(row["mount_height_m"]) else math.nan
    rows = [
        SheetRow("camera", t["camera"], str(row["camera"]), row["camera"]),
        SheetRow("site_id", t["mount"], t["mount value"].format(
            site_id=row["site_id"], mount_type=_lang.mount(str(row["mount_type"]), language)),
            row["site_id"]),
        SheetRow("mount_height_m", t["height"], t["height value"].format(
            height=_lang.number(height, 1, language)) if math.isfinite(height) else t["unknown"],
            row["mount_height_m"]),
        SheetRow("x", t["easting"].format(crs=crs), _plain(row["x"], 1, language) + approximate,
                 row["x"]),
        SheetRow("y", t["northing"].format(crs=crs), _plain(row["y"], 1, language) + approximate,
                 row["y"]),
        SheetRow("lat", t["lat"], _plain(row["lat"], 6, language) + "°", row["lat"]),
        SheetRow("lon", t["lon"], _plain(row["lon"], 6, language) + "°", row["lon"]),
    ]
    name = named["model_name"].iloc[i] if "model_name" in named.columns else None
    rows.append(SheetRow("model", t["model"], (f"{name} ({row['model']})"
                                                if isinstance(name, str) and name else
                                                str(row["model"])), row["model"]))
    rows.append(SheetRow("hfov_deg", t["fov"], _lang.degrees(float(row["hfov_deg"]), language),
                         row["hfov_deg"]))
    rows.append(SheetRow("orientation", t["direction"], str(worded["orientation"].iloc[i]),
                         row["orientation_true_deg"]))
    rows.append(SheetRow("orientation_deg", t["grid"],
                         _lang.degrees(float(row["orientation_deg"]), language),
                         row["orientation_deg"]))
    for name_, _ in _BANDS:
        key = f"range_{name_}_m"
        rows.append(SheetRow(key, t["range"].format(
            level=_lang.level(name_, language).capitalize()),
            t["metres"].format(m=_lang.number(float(row[key]), 1, language)), row[key]))
    zones = float(row["privacy_zone_m2_in_view"])
    rows.append(SheetRow("privacy_zone_m2_in_view", t["zones in view"], t["zones value"].format(
        m2=_lang.number(zones, 1, language)) if zones > 0 else t["no"], zones))
    at_level = float(row["privacy_zone_m2_at_privacy_level"])
    promised = _running(plan.summary)["privacy_masking"] is True
    mask = (t["mask at level"].format(m2=_lang.number(at_level, 1, language), level=level)
            if at_level > 0 else t["mask promised"] if promised and zones > 0
            else t["mask not needed"].format(level=level))
    rows.append(SheetRow("privacy_zone_m2_at_privacy_level", t["mask"], mask, at_level))
    same = [f"{register['camera'].iloc[j]} ({worded['orientation'].iloc[j]})"
            for j in range(len(register))
            if j != i and register["site_id"].iloc[j] == row["site_id"]]
    rows.append(SheetRow("same_mount", t["same mount"], ", ".join(same) or t["none"],
                         tuple(same)))
    for key in ("investment_sek", "yearly_sek", "cost_sek"):
        if key in cam.index and pd.notna(cam[key]):
            rows.append(SheetRow(key, t[f"cost:{key}"], t["sek"].format(
                sek=_lang.number(float(cam[key]), 0, language)), float(cam[key])))
    return rows


def _plain(value: Any, digits: int, language: str | None) -> str:
    """A coordinate with ``digits`` decimals, ungrouped, with ``language``'s decimal sign."""
    decimal = _lang.number(0.5, 1, language)[1]
    return f"{float(value):.{digits}f}".replace(".", decimal).replace(
        "-", _lang.minus_sign(language))


def _table(fig: Any, rows: list[SheetRow]) -> Any:
    """The sheet's table below the map, a heading and a value a row; return its axes."""
    ax = fig.add_axes(_TABLE_RECT, gid="table")
    ax.set_axis_off()
    table = ax.table(cellText=[[r.heading, r.text] for r in rows], colWidths=[0.38, 0.62],
                     cellLoc="left", loc="upper left", bbox=(0.0, 0.0, 1.0, 1.0))
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    for (_row, c), cell in table.get_celld().items():
        cell.set_edgecolor("#bdbdbd")
        cell.set_linewidth(0.5)
        if c == 0:
            cell.set_facecolor("#f5f5f5")
            cell.get_text().set_fontweight("bold")
        cell.PAD = 0.02
    return ax
