"""Interactive Folium maps of a :class:`~planner._plan_types.Plan`.

- :func:`render_map` draws one plan: areas by priority and by covered share, chosen cameras with
  their view polygons by DORI level, existing cameras, candidate mounts, uncovered demand, privacy
  zones, buildings, a legend and a summary panel.
- :func:`compare_maps` puts two plans side by side with synchronised views and lists what changed
  (see :func:`diff_plans`).
- :func:`save_map` writes a map as HTML; with ``offline=True`` the HTML is self-contained (Leaflet,
  plugins, CSS, fonts and images inlined from the pinned npm packages of ``make assets``), so it
  opens without internet; only the basemap tiles then stay blank.

The layers reach the page in a compact form (:mod:`planner._map_geojson`: coordinates to 1e-6
degree as integers, decoded in the browser), and the buildings and privacy zones only near the
planned areas and the camera views (:mod:`planner._map_context`), which keeps a city's map a
few MB. How the page behaves (folding panels, popups clear of them, the opening view) is
:mod:`planner._map_page`'s; :func:`map_html` and :func:`save_map` are :mod:`planner._map_save`'s.

The functions return folium objects and never write files except :func:`save_map`. Text from the
data is escaped everywhere it is shown. The maps' words (layer names, legend, panels, popups,
tooltips, title, buttons) are in the scenario's ``language`` (``en`` or ``sv``), which a plan
carries in ``summary["settings"]``; data values (area and model names) are shown as given.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
from branca.element import Element, Figure

from planner import _lang
from planner._bearing import true_orientation
from planner._lang import LANGUAGES, pick, texts
from planner._map_cameras import (
    WhyNot,
    camera_layer,
    required_changes,
    site_layer,
    spread_shared_mounts,
)
from planner._map_context import CONTEXT_M, near
from planner._map_diff import PlanDiff, changes_html, check_plan, diff_plans, difference_html
from planner._map_html import esc, fmt_int, model_styles
from planner._map_layers import (
    KeepOrder,
    area_layer,
    building_layer,
    incident_layer,
    privacy_layer,
    share_scale_top,
    to_wgs84,
    view_layer,
)
from planner._map_page import (
    _escape_closes,
    _finish,
    _fit_clear_of_panels,
    _fold_on_small_screens,
    _fullscreen,
    _language_of_page,
    _name_buttons,
    _panels_first_in_tab_order,
    _popups_clear_of_panels,
    _print_whole,
)
from planner._map_panels import (
    HtmlControl,
    MetricScale,
    OfflineNote,
    compare_legend_html,
    compared_names,
    legend_html,
    plan_title,
    summary_html,
)
from planner._map_points import demand_layer
from planner._map_register import REGISTER_COLUMNS, map_register, privacy_row
from planner._map_save import map_html, save_map
from planner._map_search import SearchBox
from planner._places_map import plan_place_layer
from planner._plan_types import Plan, coverage_time
from planner._report_register import privacy_in_all
from planner.cameras import names_in

__all__ = ["PlanDiff", "compare_maps", "diff_plans", "map_html", "plan_language", "render_map",
           "save_map"]

logger = logging.getLogger(__name__)

#: Centre of Katrineholm (lat, lon), used when a plan has nothing to fit the view to.
KATRINEHOLM = (58.9959, 16.2072)

#: Default most uncovered demand points drawn one by one (see ``render_map``).
MAX_DEMAND_POINTS = 50_000

_COLOR_BY = ("priority", "coverage")

#: the map's own phrases (titles, camera layers, basemap, buttons), per language
TEXT = texts(__name__, {
    "en": {
        "title": "Camera plan: {name}",
        "compare_title": "Camera plans: {a} vs {b}",
        "basemap": "OpenStreetMap",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "new_cameras": "New cameras ({n})",
        "stage_cameras": "New cameras, stage {k} ({n})",
        "existing_cameras": "Existing cameras ({n}{approx})",
        "approximate": ", {n} at approximate positions",
        "plan": "Plan {label}",
    },
    "sv": {
        "title": "Kameraplan: {name}",
        "compare_title": "Kameraplaner: {a} jämfört med {b}",
        "basemap": "Bakgrundskarta (OpenStreetMap)",
        # (as openstreetmap.org's Swedish copyright page words it)
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragsgivare',
        "new_cameras": "Nya kameror ({n})",
        "stage_cameras": "Nya kameror, etapp {k} ({n})",
        "existing_cameras": "Befintliga kameror ({n}{approx})",
        "approximate": ", {n} med ungefärlig position",
        "plan": "Plan {label}",
    },
})


def plan_language(*plans: Plan) -> str:
    """The language of the first plan whose scenario names one (``summary["settings"]``).

    English when none does (a plan built by hand, without settings).
    """
    return _lang.language_of(*(plan.summary for plan in plans))


def _check_language(language: str | None, *plans: Plan) -> str:
    if language is None:
        return plan_language(*plans)
    if language not in LANGUAGES:
        raise ValueError(
            f"language must be one of {', '.join(map(repr, LANGUAGES))}, got {language!r}")
    return language


def _why_not(plan: Plan, cams: gpd.GeoDataFrame) -> WhyNot:
    """What the mounts' tooltips set a mount's best camera against.

    The plan's objective, and its new camera that gives least for its money (marginal value per
    SEK; ties: the lower label).
    """
    weakest = None
    if {"marginal_value", "cost_sek", "camera"} <= set(cams.columns):
        new = cams[~cams["existing"].astype(bool).to_numpy()
                   & (cams["cost_sek"].astype(float) > 0).to_numpy()]
        if len(new):
            rate = new["marginal_value"].astype(float) / new["cost_sek"].astype(float)
            row = new.assign(_rate=rate).sort_values(["_rate", "camera"], kind="stable").iloc[0]
            weakest = (str(row["camera"]), float(row["marginal_value"]), float(row["cost_sek"]))
    return WhyNot(float(plan.summary.get("objective") or 0.0), weakest)


def _frames(plan: Plan, context_m: float | None = CONTEXT_M, register: Any = None,
            language: str | None = None) -> dict[str, gpd.GeoDataFrame]:
    """All frames of the plan in EPSG:4326.

    ``register``: the plan's :func:`~planner._report_register.camera_register` where the caller
    has it already (:func:`~planner.report.write_plan`); else :func:`~planner._map_register.map_register` of the plan.

    Buildings and privacy zones only within ``context_m`` of a planned area or a camera view
    (:func:`~planner._map_context.near`; ``None``: all); a plan of day and night's views by
    day too (``daylight_views``, drawn in a layer of their own: they reach farther). The
    cameras' ``model_name`` in ``language`` (:func:`~planner.cameras.names_in`).
    """
    names = ("areas", "cameras", "views", "sites", "buildings", "privacy_zones")
    day = (plan.daylight_views if plan.daylight_views is not None
           and coverage_time(plan.summary) == "mixed" else None)
    targets = [plan.areas.geometry, plan.views.geometry, *([] if day is None else [day.geometry])]
    frames = {
        n: to_wgs84(near(getattr(plan, n), targets, context_m)
                    if n in ("buildings", "privacy_zones") else getattr(plan, n), plan.crs)
        for n in names
    }
    if day is not None:  # (labelled as the others: a comparison gives each its plan's letter)
        frames["daylight_views"] = to_wgs84(day, plan.crs)
    # the label the reports use (C001, ...) on the map as well
    labels = plan.camera_labels()
    for name in (n for n in ("cameras", "views", "daylight_views") if n in frames):
        frame = frames[name] = frames[name].copy()
        frame["camera"] = frame["option_id"].map(labels) if len(frame) else []
    # what register.csv says of each camera (DORI ranges by day, privacy zones and façades in
    # view, an existing camera's owner), from the register's own computation: the map and the
    # register agree (plan.cameras' order is the register's)
    register = map_register(plan) if register is None else register
    for column in REGISTER_COLUMNS:
        frames["cameras"][f"register:{column}"] = register[column].to_numpy(dtype=object)
    # the popups' direction from true north, from the plan's own (metric) frame: orientation_deg
    # is its CRS's grid bearing (the views are drawn from that geometry, true on the map as is)
    if len(plan.cameras) and "orientation_deg" in plan.cameras.columns:
        frames["cameras"]["orientation_true_deg"] = true_orientation(plan.cameras, plan.crs)
    # cameras on one mount side by side (over all camera layers: new, stages and existing)
    frames["cameras"] = spread_shared_mounts(names_in(frames["cameras"], language))
    return frames


def _bounds(frames: dict[str, gpd.GeoDataFrame]) -> list[list[float]] | None:
    """Bounds [[south, west], [north, east]] of the areas that have a camera (else any layer)."""
    areas, cameras = frames["areas"], frames["cameras"]
    target: gpd.GeoDataFrame | None = None
    if len(areas) and len(cameras):
        hit = gpd.sjoin(areas[[areas.geometry.name]], cameras[[cameras.geometry.name]])
        if len(hit):
            target = areas.loc[hit.index.unique()]
    if target is None:
        for name in ("areas", "cameras", "sites"):
            if len(frames[name]):
                target = frames[name]
                break
    if target is None:
        return None
    west, south, east, north = (float(v) for v in target.total_bounds)
    return [[south, west], [north, east]]


#: The zoom steps the opening fit may stop at (Leaflet's zoomSnap): at whole levels the planned
#: areas had filled half the height of a 1366 x 768 laptop and a 768 x 1024 tablet (the next
#: level would not fit). The buttons still zoom by whole levels.
ZOOM_SNAP = 0.25


def _new_map(language: str) -> folium.Map:
    m = folium.Map(
        location=KATRINEHOLM,
        zoom_start=14,
        tiles=None,
        prefer_canvas=True,
        max_zoom=19,
        zoom_snap=ZOOM_SNAP,
    )
    MetricScale().add_to(m)
    _basemap(language).add_to(m)
    return m


def _basemap(language: str) -> folium.TileLayer:
    """OpenStreetMap tiles with their attribution (the only thing an offline map cannot show).

    The attribution in the map's language: a Swedish map had ended in "OpenStreetMap
    contributors".
    """
    t = pick(TEXT, language)
    return folium.TileLayer("OpenStreetMap", name=t["basemap"], attr=t["attribution"],
                            max_zoom=19)


class _PlanLayers(NamedTuple):
    """What :func:`_add_plan_layers` adds that its caller uses beside the map."""

    #: the new camera models' styles (for the legend)
    styles: dict[str, tuple[str, str]]
    #: the camera layers (a rollout stage's each, then the existing cameras') and the mounts'
    #: layer: what the search box (:class:`~planner._map_search.SearchBox`) searches
    cameras: list[folium.GeoJson]
    sites: folium.GeoJson
    #: the area layers (by priority, by covered share), which the search box searches too
    areas: list[folium.GeoJson]


def _add_plan_layers(
    m: folium.Map,
    plan: Plan,
    frames: dict[str, gpd.GeoDataFrame],
    *,
    color_by: str,
    show_sites: bool,
    show_buildings: bool,
    max_demand_points: int,
    status: dict[Any, str] | None = None,
    words: dict[Any, str] | None = None,
    share_top: float = 1.0,
    language: str,
    side: str = "",
) -> _PlanLayers:
    """Add every layer of ``plan`` to ``m``; return the model styles used and the searched layers.

    ``side``: a comparison's letter of the plan, before the camera labels the places' popups
    give (the camera frames carry it already).

    ``status``: a comparison's change of each camera by ``option_id``; ``words``: that change
    in words where it is a decision (an existing camera taken down or replaced).
    """
    t = pick(TEXT, language)
    cams = frames["cameras"]
    existing = cams["existing"].eq(True)
    styles = model_styles([str(v) for v in cams.loc[~existing, "model"]])
    # (the single map's search box finds an area by what the first layer carries: no side)
    by_priority = area_layer(frames["areas"], by="priority", show=color_by == "priority",
                             language=language, searched=not side)
    by_coverage = area_layer(frames["areas"], by="coverage", show=color_by == "coverage",
                             top=share_top, language=language)
    buildings = building_layer(frames["buildings"], show=show_buildings, language=language)
    # the existing cameras' views a layer of their own, as their markers: a reviewer switches
    # off what the municipality already has, or shows only it
    seen = frames["views"]
    old_view = (seen["option_id"].isin(set(cams.loc[existing, "option_id"])).to_numpy(bool)
                if "option_id" in seen.columns else np.zeros(len(seen), dtype=bool))
    # (a plan of day and night, coverage.night_share: the views at night drawn, those by day in
    # a layer of their own, hidden at first)
    mixed = "daylight_views" in frames
    # (the views at night named so, the existing cameras' too: an evening map had named theirs
    # without saying, beside "the new cameras' views at night")
    night = "night" if mixed or coverage_time(plan.summary) == "night" else None
    views = view_layer(seen.loc[~old_view], language=language, period=night)
    privacy = privacy_layer(frames["privacy_zones"], language=language)
    demand = demand_layer(plan.demand, plan.crs, max_points=max_demand_points,
                          language=language)
    sites = site_layer(frames["sites"], show=show_sites, language=language,
                       planned=set(cams.loc[~existing, "site_id"]),
                       cameras_on={site: ", ".join(sorted(map(str, labels))) for site, labels
                                   in cams.groupby("site_id", sort=True)["camera"]},
                       why_not=_why_not(plan, cams))
    layers = [by_priority, by_coverage, buildings, privacy, views, demand, sites]
    if existing.any():  # (no empty layer where no camera stands yet)
        layers.insert(layers.index(views) + 1, view_layer(seen.loc[old_view], existing=True,
                                                          language=language, period=night))
    if mixed:
        day = frames["daylight_views"]
        day = day.loc[~day["option_id"].isin(set(cams.loc[existing, "option_id"]))]
        layers.insert(layers.index(views) + 1, view_layer(day, show=False, period="day",
                                                          language=language))
    if (places := plan_place_layer(plan, language=language, side=side)) is not None:
        layers.insert(layers.index(demand) + 1, places)
    if plan.incidents is not None:
        layers.append(incident_layer(to_wgs84(plan.incidents, plan.crs), language=language))
    for layer in layers:
        layer.add_to(m)
    new = cams.loc[~existing]
    # a rollout's stage plan: one layer per stage, so that a meeting can switch stages on in turn
    stages = (sorted({int(k) for k in new["stage"]}) if "stage" in new.columns and len(new)
              else [None])
    found: list[folium.GeoJson] = []
    for stage in stages:
        part = new if stage is None else new.loc[new["stage"].eq(stage)]
        found.append(layer := camera_layer(
            part,
            name=(t["new_cameras"].format(n=fmt_int(len(part), language=language))
                  if stage is None else t["stage_cameras"].format(
                      k=stage, n=fmt_int(len(part), language=language))),
            styles=styles,
            status=status,
            words=words,
            language=language,
        ))
        layer.add_to(m)
    old = cams.loc[existing]
    n_approx = (
        int(old["approximate"].fillna(False).astype(bool).sum()) if "approximate" in old else 0
    )
    approx = (t["approximate"].format(n=fmt_int(n_approx, language=language)) if n_approx
              else "")
    found.append(layer := camera_layer(
        old,
        name=t["existing_cameras"].format(n=fmt_int(len(old), language=language),
                                          approx=approx),
        styles=styles,
        status=status,
        words=words,
        language=language,
    ))
    layer.add_to(m)
    KeepOrder(layers).add_to(m)
    return _PlanLayers(styles, found, sites, [by_priority, by_coverage])


def _set_title(m: Element, title: str) -> None:
    """Set the page title (escaped) of the figure holding ``m``."""
    root = m.get_root()
    if isinstance(root, Figure):
        root.title = esc(title)


def render_map(
    plan: Plan,
    *,
    color_by: str = "priority",
    show_sites: bool = False,
    show_buildings: bool = False,
    offline: bool = False,
    max_demand_points: int = MAX_DEMAND_POINTS,
    context_m: float | None = CONTEXT_M,
    language: str | None = None,
    register: Any = None,
) -> folium.Map:
    """Draw a plan on an interactive map.

    Layers (all in the layer control): areas by priority and areas by covered share (one of them
    on), camera views by DORI level, new cameras (an icon per model, popup with mount, model,
    orientation from true north, cost, covered population, DORI breakdown and marginal value),
    existing cameras (own icon; approximate positions noted), candidate mounts, uncovered demand
    points, privacy zones and buildings. Cameras on one mount stand side by side, each popup
    naming the others there. A legend, a summary panel (the scenario's title with its name
    beneath, budget, spent, covered share, covered population graded by DORI level, solver
    status and gap), a scale bar and a full-screen button complete the map, which opens on the
    areas that have cameras; the page is titled by the scenario's title.

    Parameters
    ----------
    plan
        The solved plan; its frames are in ``plan.crs`` and are reprojected here.
    color_by
        ``"priority"`` or ``"coverage"``: which area layer is on when the map opens.
    show_sites
        Show the candidate mounts when the map opens.
    show_buildings
        Show the buildings when the map opens (always with ``offline``, whose basemap needs a
        network: the buildings are then the map's only reference).
    offline
        Mark the map for self-contained saving (:func:`save_map` then inlines all assets) and say
        in the summary panel that the basemap needs a network.
    max_demand_points
        Above this many uncovered demand points, nearby ones are merged on a square grid (the
        layer name gives the cell size), which keeps the page light for very large plans.
    context_m
        Draw the buildings and privacy zones within this many metres of a planned area or a
        camera view (default 50, :data:`~planner._map_context.CONTEXT_M`; their layer names
        count those drawn); ``None`` draws them all.
    language
        ``"en"`` or ``"sv"``: the language of the map's words. ``None`` (default): the plan's
        scenario's ``language`` (English for a plan without one).
    register
        The plan's :func:`~planner._report_register.camera_register`, where the caller has it
        already (the camera popups' DORI ranges, privacy figures and operator); ``None``
        (default): computed here.

    Returns
    -------
    folium.Map
        The map; write it with :func:`save_map`.

    Raises
    ------
    TypeError
        If ``plan`` is not a :class:`Plan`.
    ValueError
        If ``color_by`` is not one of the two options, or ``language`` not a known language.
    InputError
        If a frame of the plan lacks a column the map needs.
    """
    check_plan(plan, function="render_map")
    if color_by not in _COLOR_BY:
        raise ValueError(f"color_by must be 'priority' or 'coverage', got {color_by!r}")
    language = _check_language(language, plan)
    t = pick(TEXT, language)
    frames = _frames(plan, context_m, register, language)
    # offline the basemap does not load: the buildings are then the only reference on the map
    show_buildings = show_buildings or offline
    top = share_scale_top(plan.areas["covered_share_after"])
    m = _new_map(language)
    # the scenario's title (the panel adds its technical name); else that name
    _set_title(m, t["title"].format(
        name=plan_title(plan.summary) or plan.summary.get("scenario") or plan.name))
    added = _add_plan_layers(
        m,
        plan,
        frames,
        color_by=color_by,
        show_sites=show_sites,
        show_buildings=show_buildings,
        max_demand_points=max_demand_points,
        share_top=top,
        language=language,
    )
    cams = frames["cameras"]
    names = dict(zip(cams["model"], cams.get("model_name", cams["model"]), strict=True))
    panel = OfflineNote if offline else HtmlControl
    panel(summary_html(plan.summary, plan.name, offline=offline, language=language,
                       cameras=plan.cameras, areas=plan.areas,
                       privacy=privacy_row(cams, plan.summary, zones=len(plan.privacy_zones),
                                           totals=privacy_in_all(plan), language=language)),
          position="topleft").add_to(m)
    HtmlControl(legend_html(added.styles, names, share_top=top, language=language),
                position="bottomright").add_to(m)
    # a camera by its label (C012), a mount by its id: 137 markers overlap at town zoom; an
    # area by its id or name, whose popup a keyboard reaches no other way (above the layer
    # control, which _finish adds)
    SearchBox(added.cameras, [added.sites], added.areas, language=language).add_to(m)
    _finish(m, _bounds(frames), language)
    logger.debug("rendered map of plan %s with %d cameras", plan.name, len(frames["cameras"]))
    return m


def compare_maps(
    plan_a: Plan,
    plan_b: Plan,
    *,
    offline: bool = False,
    max_demand_points: int = MAX_DEMAND_POINTS,
    context_m: float | None = CONTEXT_M,
    language: str | None = None,
    registers: tuple[Any, Any] | None = None,
) -> folium.plugins.DualMap:
    """Show two plans side by side with synchronised views and what changed.

    Cameras are coloured by change status (added in green on B, removed in red on A, moved in
    orange on both, unchanged in blue; existing in grey); areas are coloured by covered share. A
    panel on the right map lists the changes and the coverage per area in both plans (see
    :func:`diff_plans` for the definitions).

    Parameters
    ----------
    plan_a, plan_b
        The reference plan (left) and the alternative (right).
    offline
        Mark the figure for self-contained saving, as in :func:`render_map`.
    max_demand_points, context_m
        As in :func:`render_map`.
    language
        ``"en"`` or ``"sv"``. ``None`` (default): the language of plan A's scenario (else B's;
        English if neither names one).
    registers
        The two plans' camera registers where the caller has them already, as ``register`` in
        :func:`render_map`.

    Returns
    -------
    folium.plugins.DualMap
        The pair of maps; write it with :func:`save_map`.
    """
    check_plan(plan_a, "plan_a", function="compare_maps")
    check_plan(plan_b, "plan_b", function="compare_maps")
    diff = diff_plans(plan_a, plan_b)
    language = _check_language(language, plan_a, plan_b)
    t = pick(TEXT, language)
    register_a, register_b = (None, None) if registers is None else registers
    frames_a = _frames(plan_a, context_m, register_a, language)
    frames_b = _frames(plan_b, context_m, register_b, language)
    # each label with its plan's letter, "A C012" and "B C012", in popups, tooltips and mount
    # tooltips, as the change panel beside them (each plan numbers its own cameras)
    from planner.compare import side_label

    for side, frames in (("A", frames_a), ("B", frames_b)):
        for name in ("cameras", "views", "daylight_views"):
            if name in frames and "camera" in frames[name]:
                frames[name]["camera"] = [side_label(side, v) or v
                                          for v in frames[name]["camera"]]
    top = share_scale_top(plan_a.areas["covered_share_after"],
                          plan_b.areas["covered_share_after"])  # (one scale for both sides)
    dual = folium.plugins.DualMap(
        location=KATRINEHOLM,
        zoom_start=14,
        tiles=None,
        prefer_canvas=True,
        max_zoom=19,
        zoom_snap=ZOOM_SNAP,
    )
    MetricScale().add_to(dual.m1)
    MetricScale().add_to(dual.m2)
    # by name; by title where the names are one (one scenario, --set-a/--set-b: the command
    # titles the two apart, and the page had read "tiny vs tiny")
    named = compared_names(plan_a.summary, plan_b.summary, plan_a.name, plan_b.name)
    _set_title(dual, t["compare_title"].format(a=named[0], b=named[1]))
    # (an existing camera taken down or replaced, in report.md's words: its popup had said
    # "removed", as of any camera the solver left out)
    from planner.compare import change_word

    kinds_a, kinds_b = diff.kinds()
    for m, plan, frames, status, kinds, label in (
        (dual.m1, plan_a, frames_a, diff.status_a(), kinds_a, "A"),
        (dual.m2, plan_b, frames_b, diff.status_b(), kinds_b, "B"),
    ):
        _basemap(language).add_to(m)
        _add_plan_layers(
            m,
            plan,
            frames,
            color_by="coverage",
            show_sites=False,
            show_buildings=offline,
            max_demand_points=max_demand_points,
            status=status,
            words={option: change_word(kind, language) for option, kind in kinds.items()},
            share_top=top,
            language=language,
            side=label,
        )
        panel = OfflineNote if offline else HtmlControl
        html = summary_html(plan.summary, plan.name, offline=offline, cameras=plan.cameras,
                            areas=plan.areas, label=t["plan"].format(label=label),
                            language=language,
                            by_mount=False)  # (the panels of both sides fit each half)
        panel(html, position="topleft").add_to(m)
        if label == "B" and diff.objective is not None:
            # below B's summary: what the solver establishes of the difference (a loss within
            # the plans' optimality gaps had been shown as any other)
            HtmlControl(difference_html(diff.objective, language),
                        position="topleft").add_to(m)
        _fullscreen(m, language)
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    # (named as the page's title: "katrineholm-2018:sv → katrineholm-2018:sv" had told nothing)
    from planner._compare_sections import areas_caveat  # (its module reaches this one)

    HtmlControl(changes_html(diff, named[0], named[1], language=language,
                             areas_note=areas_caveat(plan_a.summary, plan_b.summary, language)),
                position="bottomright").add_to(dual.m2)
    # (a camera the scenario requires, marked apart from the solver's: its change in the legend)
    required = required_changes((plan_a.cameras, diff.status_a()),
                                (plan_b.cameras, diff.status_b()))
    HtmlControl(compare_legend_html(share_top=top, language=language, required=required),
                position="bottomright").add_to(dual.m1)
    bounds = _bounds(frames_b) or _bounds(frames_a)
    _fold_on_small_screens(dual)
    _fit_clear_of_panels(dual, bounds)
    _popups_clear_of_panels(dual)
    _print_whole(dual)
    _escape_closes(dual)
    _panels_first_in_tab_order(dual)
    _name_buttons(dual, language)
    _language_of_page(dual, language)
    return dual
