"""A given plan's cameras scored under another preparation or scenario, without optimising.

:func:`evaluate` (public as :func:`planner.plan.evaluate`): "how does the day plan's set of
cameras do at night?", "how does last year's plan do with the new priorities?".
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from planner._opt_checks import CHECK_RTOL, PlanCheck, validate_plan
from planner._opt_result import SolveResult
from planner._plan_assemble import _assemble
from planner._plan_notes import Note
from planner._plan_prepare import Prepared
from planner._plan_problem import _problem, unavailable
from planner._plan_site_rules import _site_rules
from planner._plan_types import Plan
from planner.errors import InputError
from planner.optimize import CoverageProblem
from planner.scenario import LEVELS, Scenario, data_path_as_written

#: The columns a camera frame is matched by: the same camera is the same mount, model, zoom
#: and direction, whatever its ``option_id`` in the preparation it came from.
CAMERA_KEY = ("site_id", "model", "hfov_deg", "orientation_deg")

#: ``summary["status"]``, ``stopped_by`` and ``backend`` of an evaluated plan.
EVALUATED = "evaluated"


def evaluate(prepared: Prepared, cameras: Plan | pd.DataFrame | Sequence[int],
             scenario: Scenario | None = None) -> Plan:
    """Score a plan's cameras under ``prepared`` (and ``scenario``) as they are: no optimisation.

    ``cameras``: a :class:`Plan` (e.g. one of another preparation: by day, with other
    priorities), its ``cameras`` frame (or ``camera_table(plan)``), or option ids of
    ``prepared`` itself. A plan or frame is matched by mount, model, zoom and direction
    (:data:`CAMERA_KEY`), not by ``option_id``, which differs between preparations; its
    existing cameras are left out: the plan has ``scenario``'s existing cameras, as every plan
    of it. ``scenario``: the rules and budget, from ``prepared``'s preparation
    (:func:`~planner.plan.solve_prepared`'s rule); ``None``: the prepared scenario.

    Returns a :class:`Plan` of those cameras with ``summary["status"] == "evaluated"``
    (``stopped_by`` and ``backend`` too): ``objective``, covered share and population, the
    areas' shares as any plan's, ``bound`` and ``gap`` ``None`` (nothing was optimised: set it
    beside the scenario's own plan for what the best would be). Rules the cameras break that
    leave them a plan (the budget, the equity floor, the spacing, a required mount) are listed
    in ``summary["notes"]``.

    Raises :class:`~planner.errors.InputError`, in one line naming the cameras and the fix,
    for cameras that are not options of ``prepared`` (another ``coverage.models``,
    ``coverage.orientations`` or sites layer) or that ``scenario``'s rules exclude (the privacy
    rule, ``constraints.exclude_sites``, ``min_incidents_in_view``, ``remove_existing``,
    ``replace_existing``): they would be scored as a plan the scenario forbids, so drop them
    from ``cameras`` or evaluate under a scenario that allows them.
    """
    return evaluated(prepared, cameras, scenario)[0]


def evaluated(prepared: Prepared, cameras: Plan | pd.DataFrame | Sequence[int],
              scenario: Scenario | None = None) -> tuple[Plan, list[Note]]:
    """:func:`evaluate`'s plan, and the rules its cameras break as notes.

    ``planner evaluate`` warns of each on the console, in English as the console's other
    warnings.
    """
    t0 = time.perf_counter()
    from planner.plan import check_same_preparation

    scenario = prepared.scenario if scenario is None else scenario
    check_same_preparation(prepared.scenario, scenario)
    ids = _option_ids(prepared, cameras)
    problem = _problem(scenario, prepared)
    names = _names(prepared, cameras, ids)
    _refuse_moved(scenario, prepared, cameras, ids, names)
    _refuse_changed_models(scenario, prepared, cameras, ids, names)
    _refuse_excluded(scenario, prepared, problem, ids, names)
    chosen = np.union1d(np.asarray(problem.required, dtype=np.int64), ids)
    # (an area named by its id: the problem's area labels are the planned areas' positions)
    check = validate_plan(problem, chosen, area_ids=prepared.inputs.planned_areas[
        "area_id"].astype(str).tolist())
    ok = problem.label_totals > 0 if problem.labels is not None else np.zeros(0, dtype=bool)
    result = SolveResult(
        chosen=check.chosen, objective=check.objective, bound=float("nan"), gap=float("nan"),
        status=EVALUATED, backend=EVALUATED, solve_time_s=0.0, cost=check.cost,
        min_share=float(check.shares[ok].min()) if ok.any() else float("nan"),
        reduction=MappingProxyType({}), tie_break="not applied (evaluation)", check=check,
        stopped_by=EVALUATED)
    timings = {**prepared.timings, "evaluate_s": time.perf_counter() - t0}
    plan = _assemble(scenario, prepared, problem, result, timings,
                     t0 - sum(prepared.timings.values()))
    plan.summary["bound"] = plan.summary["gap"] = None
    broken = _broken(scenario, prepared, problem, check)
    plan.summary["notes"] = [*plan.summary["notes"],
                             *(note.text(scenario.language) for note in broken)]
    return plan, broken


def _broken(scenario: Scenario, prepared: Prepared, problem: CoverageProblem,
            check: PlanCheck) -> list[Note]:
    """The rules of ``scenario`` the evaluated cameras break, each a note in the scenario's terms.

    :func:`~planner.optimize.validate_plan` says which rules (its problems, each headed by its
    requirement); each note names the mounts, areas and amounts (the checker's own words had
    named option and group numbers, "required_groups: group 1 has no chosen option", in English
    in a Swedish plan too). A requirement without a note of its own is given in those words.
    """
    chosen = check.chosen
    groups = np.asarray(problem.groups)
    site = prepared.options["site_id"].astype(str).to_numpy()
    site_of = dict(zip(groups.tolist(), site.tolist(), strict=True))  # (a group is a mount)
    area_ids = prepared.inputs.planned_areas["area_id"].astype(str).tolist()
    in_plan = np.zeros(len(site), dtype=bool)
    in_plan[chosen] = True
    notes: list[Note] = []
    for text in check.problems:
        rule = text.split(":", 1)[0]
        if rule == "budget":
            notes.append(Note("broken:budget", {"cost": check.cost, "budget": problem.budget}))
        elif rule == "groups" and problem.capacity is not None:
            counts = np.bincount(groups[chosen], minlength=len(problem.capacity))
            notes.append(Note("broken:capacity", {"sites": tuple(
                site_of[int(g)] for g in np.flatnonzero(counts > problem.capacity))}))
        elif rule == "required_groups":
            held = set(groups[chosen].tolist())
            notes.append(Note("broken:required", {"sites": tuple(
                site_of[int(g)] for g in problem.required_groups if g not in held)}))
        elif rule == "conflicts":
            pairs = np.asarray(problem.conflicts, dtype=np.int64).reshape(-1, 2)
            both = pairs[in_plan[pairs[:, 0]] & in_plan[pairs[:, 1]]]
            notes.append(Note("broken:spacing", {
                "m": f"{scenario.constraints.min_spacing_m:g}",
                "pairs": tuple(dict.fromkeys((site[i], site[j]) for i, j in both.tolist()))}))
        elif rule == "equity":
            floor = np.broadcast_to(np.asarray(problem.min_share, dtype=float),
                                    check.shares.shape)
            notes.append(Note("broken:equity", {
                "share": f"{scenario.constraints.equity_min_share:g}",
                "areas": tuple((area_ids[a], float(check.shares[a])) for a in np.flatnonzero(
                    check.shares < floor - CHECK_RTOL))}))
        else:
            notes.append(Note("evaluated", {"broken": text}))
    return notes


def _option_ids(prepared: Prepared, cameras: Plan | pd.DataFrame | Sequence[int]) -> np.ndarray:
    """The new cameras' option ids in ``prepared``; -1 where it has no such option."""
    options = prepared.options
    if isinstance(cameras, Plan):
        return _option_ids(prepared, cameras.cameras)
    if not isinstance(cameras, pd.DataFrame):
        items = [cameras] if isinstance(cameras, str) else list(cameras)
        odd = [c for c in items if isinstance(c, (bool, np.bool_)) or not isinstance(
            c, (int, np.integer))]
        if odd:  # (site ids had ended in "ValueError: invalid literal for int()", a traceback)
            raise InputError(
                f"cameras: {odd[0]!r} is not an option id; give a plan, its cameras frame "
                "(site_id, model, hfov_deg, orientation_deg: a mount alone does not say which "
                "camera, facing where) or option ids of the preparation (whole numbers "
                f"0..{len(options) - 1})")
        ids = np.asarray(items, dtype=np.int64)
        bad = ids[(ids < 0) | (ids >= len(options))]
        if len(bad):
            raise InputError(f"cameras: option ids {bad.tolist()} are not options of the "
                             f"preparation (0..{len(options) - 1}); give a plan or its cameras "
                             "frame to match cameras by mount, model, zoom and direction")
        return ids[~prepared.existing[ids]]
    lacking = [c for c in CAMERA_KEY if c not in cameras]
    if lacking:
        raise InputError(f"cameras: no column {', '.join(lacking)}; give a plan, its cameras "
                         "frame or option ids")
    new = (~cameras["existing"].astype(bool)).to_numpy() if "existing" in cameras else \
        np.ones(len(cameras), dtype=bool)
    own = options.loc[~prepared.existing, list(CAMERA_KEY)]
    index = pd.Series(own.index.to_numpy(dtype=np.int64), index=pd.MultiIndex.from_frame(
        _keyed(own)))
    wanted = pd.MultiIndex.from_frame(_keyed(cameras.loc[new, list(CAMERA_KEY)]))
    return index.reindex(wanted).fillna(-1).to_numpy(dtype=np.int64)


#: A camera matched by mount, model, zoom and direction that stands farther than this from its
#: mount in the preparation stands on another mount of the same id: the sites layers differ.
MOVED_M = 0.5


def _refuse_moved(scenario: Scenario, prepared: Prepared,
                  cameras: Plan | pd.DataFrame | Sequence[int], ids: np.ndarray,
                  names: list[str]) -> None:
    """Refuse cameras whose mount stands elsewhere in ``prepared``'s sites layer.

    A plan of other data (a sites layer in which a mount was moved since) had been scored at
    the preparation's position of its mount id, silently: matched by mount id, model, zoom and
    direction, the camera took another place's coverage. Only a frame with positions (a plan,
    its cameras frame) can say so; option ids are the preparation's own.
    """
    import geopandas as gpd
    import shapely

    frame = cameras.cameras if isinstance(cameras, Plan) else cameras
    options = prepared.options
    if not (isinstance(frame, gpd.GeoDataFrame) and frame.crs is not None
            and isinstance(options, gpd.GeoDataFrame) and options.crs is not None):
        return
    if "existing" in frame:
        frame = frame[~frame["existing"].astype(bool).to_numpy()]
    found = np.flatnonzero(ids >= 0)
    if not len(found):
        return
    theirs = frame.geometry.to_crs(options.crs).to_numpy()[found]
    ours = options.geometry.loc[ids[found]].to_numpy()
    apart = shapely.distance(theirs, ours)
    moved = [(names[i], float(d), str(options.at[ids[i], "site_id"]))
             for i, d in zip(found, apart, strict=True) if not d <= MOVED_M]  # (NaN: moved)
    if moved:
        listed = "; ".join(f"{name} {d:,.1f} m from {site}" for name, d, site in moved[:3])
        raise InputError(
            f"{scenario.source or 'scenario'}: {len(moved)} camera(s) stand elsewhere than "
            f"their mount in this preparation's sites layer "
            f"({data_path_as_written(prepared.scenario, 'sites')}): {listed}"
            f"{' …' if len(moved) > 3 else ''} (the plan was made with other mount positions); "
            "evaluate it under the data it was planned with, or give the mounts the same "
            "positions in both")


#: Ranges a plan records to 0.1 m (``_plan_assemble``): a model whose daylight DORI ranges in
#: the preparation's catalogue differ by more than this is another camera under the same id.
RANGES_M = 0.051


def _refuse_changed_models(scenario: Scenario, prepared: Prepared,
                           cameras: Plan | pd.DataFrame | Sequence[int], ids: np.ndarray,
                           names: list[str]) -> None:
    """Refuse cameras whose model reaches other ranges in ``prepared``'s camera catalogue.

    A plan of another catalogue (a model id whose resolution or lens was changed since) had been
    scored with the preparation's ranges, silently: matched by model id and zoom, a 4 MP camera
    counted what an 8 MP one of the same id sees. The daylight ranges depend on the model's
    pixels and lens alone (the DORI densities are fixed), so they tell; a plan whose frame has
    no ranges (a hand-made frame, option ids) is not checked.
    """
    frame = cameras.cameras if isinstance(cameras, Plan) else cameras
    if not isinstance(frame, pd.DataFrame):
        return
    day = "daylight_" if "daylight_range_detect_m" in frame else ""
    columns = [f"{day}range_{name}_m" for name in ("detect", "observe", "recognise", "identify")]
    if not all(c in frame for c in columns):
        return
    if "existing" in frame:
        frame = frame[~frame["existing"].astype(bool).to_numpy()]
    theirs = frame[columns].to_numpy(dtype=float)
    options = prepared.options
    changed = []
    for i in np.flatnonzero(ids >= 0):
        model, fov = str(options.at[ids[i], "model"]), float(options.at[ids[i], "hfov_deg"])
        ours = prepared.catalogue[model].ranges(fov, night=False)
        if not np.all(np.abs(theirs[i] - ours) <= RANGES_M):  # (NaN: changed)
            changed.append((names[i], theirs[i][0], float(ours[0])))
    if changed:
        listed = "; ".join(f"{name} detects to {a:,.1f} m in the plan, {b:,.1f} m here"
                           for name, a, b in changed[:3])
        raise InputError(
            f"{scenario.source or 'scenario'}: {len(changed)} camera(s) are of a model that "
            f"reaches other ranges in this preparation's camera catalogue "
            f"({data_path_as_written(prepared.scenario, 'cameras')}): {listed}"
            f"{' …' if len(changed) > 3 else ''} (the model's resolution or lens was changed "
            "under the same id); evaluate the plan under the catalogue it was planned with, or "
            "give the changed model an id of its own")


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    out["site_id"] = out["site_id"].astype(str)
    out["model"] = out["model"].astype(str)
    for column in ("hfov_deg", "orientation_deg"):  # (the same arithmetic in any preparation)
        out[column] = out[column].astype(float).round(6)
    return out


def _names(prepared: Prepared, cameras: Plan | pd.DataFrame | Sequence[int],
           ids: np.ndarray) -> list[str]:
    """How the message names each new camera: its label where it has one, else what it is."""
    if isinstance(cameras, Plan):
        frame = cameras.cameras.assign(camera=cameras.camera_labels().to_numpy())
    elif isinstance(cameras, pd.DataFrame):
        frame = cameras
    else:
        frame = prepared.options.iloc[ids]
    if "existing" in frame:
        frame = frame[~frame["existing"].astype(bool).to_numpy()]
    return [f"{label} " * isinstance(label, str) + f"({model} at {site}, {angle:g}°)"
            for label, model, site, angle in zip(
                frame["camera"] if "camera" in frame else [None] * len(frame),
                frame["model"], frame["site_id"], frame["orientation_deg"], strict=True)]


def _refuse_excluded(scenario: Scenario, prepared: Prepared, problem: object, ids: np.ndarray,
                     names: list[str]) -> None:
    """Refuse cameras ``prepared`` has no option for, or that ``scenario``'s rules exclude."""
    where = scenario.source or "scenario"
    absent = [n for n, j in zip(names, ids, strict=True) if j < 0]
    if absent:
        raise InputError(
            f"{where}: {len(absent)} camera(s) are not options of this preparation: "
            f"{'; '.join(absent[:3])}{' …' if len(absent) > 3 else ''} (its coverage.models, "
            "coverage.orientations or sites layer differ); drop them from the cameras or "
            "prepare a scenario that has them")
    excluded = set(getattr(problem, "excluded", ()))
    banned = [(n, int(j)) for n, j in zip(names, ids, strict=True) if int(j) in excluded]
    if banned:
        rules = _exclusion_rules(scenario, prepared)  # (each mask built once, not per camera)
        keys = sorted({next((key for key, mask in rules if mask[j]),
                            "constraints.min_incidents_in_view") for _, j in banned})
        raise InputError(
            f"{where}: {len(banned)} camera(s) are excluded by the scenario's "
            f"{' and '.join(keys)}: {'; '.join(n for n, _ in banned[:3])}"
            f"{' …' if len(banned) > 3 else ''}; drop them from the cameras or evaluate under "
            "a scenario that allows them")


def _exclusion_rules(scenario: Scenario, prepared: Prepared) -> list[tuple[str, np.ndarray]]:
    """The rules that exclude options from ``scenario``'s plans: each key and its option mask.

    In the order a camera is named by: the first rule that excludes it; one excluded by none of
    them is excluded by ``constraints.min_incidents_in_view``.
    """
    c = scenario.constraints
    rules = [("constraints.remove_existing/replace_existing",
              unavailable(scenario, prepared.options, prepared.inputs.sites)),
             ("constraints.exclude_sites", _site_rules(scenario, prepared)[0])]
    if c.privacy == "exclude" and len(prepared.inputs.privacy_zones):
        rules.append((f"privacy rule (constraints.privacy = \"exclude\" at {c.privacy_min_level})",
                      prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1)
                      > c.privacy_maskable_m2))
    return rules


#: What :func:`reword` may change: the words of the documents, not what is planned
#: (``surveillance``: how the cameras are run, as the record states it, but its ``operator``,
#: whose cameras' running costs are the municipality's own, weighs in the budget).
WORDS = ("name", "title", "description", "language", "surveillance")


def reword(prepared: Prepared, plan: Plan, scenario: Scenario) -> Plan:
    """``plan`` (solved from ``prepared``) told in ``scenario``'s words, without solving again.

    ``scenario`` may differ from the plan's in its language, title, description and
    ``surveillance`` texts only (the variant ``sv``): the plan's cameras, objective, bound,
    status and what ended its search are kept, and the summary, its notes and every document
    ``write_plan`` writes follow ``scenario``. Solving the Swedish scenario anew had given
    another plan wherever a time limit ended the search (notebook 01 at 20 s: 136 new cameras
    in Swedish, 137 in English), and taken the solve's time again.

    Raises :class:`~planner.errors.InputError` naming the first key that differs otherwise
    (solve that scenario: :func:`~planner.plan.solve_prepared`), or where ``plan`` is not a
    plan of ``prepared`` under those rules.
    """
    from planner import _provenance as prov
    from planner.plan import check_same_preparation

    check_same_preparation(prepared.scenario, scenario)
    if not isinstance(plan, Plan):
        raise InputError(f"plan: a {type(plan).__name__}, not a Plan; give the plan "
                         "solve_prepared or plan returned")
    was, now = dict(plan.summary.get("settings") or {}), prov.settings(scenario)
    for settings in (was, now):
        settings["surveillance"] = {"operator": (settings.get("surveillance") or {}).get(
            "operator")}
    changed: list[str] = []
    for key in sorted(set(was) | set(now)):
        a, b = was.get(key), now.get(key)
        if key in WORDS[:4] or a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):  # (the table's first key that differs)
            key += "." + next(k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))
        changed.append(key)
    if changed:
        raise InputError(
            f"{scenario.source or 'scenario'}: key {changed[0]} differs from the plan's; reword "
            "changes only the language, title, description and surveillance texts (solve the "
            "changed scenario: solve_prepared(prepared, scenario))")
    problem = _problem(scenario, prepared)
    chosen = np.sort(plan.cameras["option_id"].to_numpy(dtype=np.int64))
    s = plan.summary
    check = (validate_plan(problem, chosen) if len(chosen) and chosen.max() < len(prepared.options)
             else None)
    if check is None or abs(check.objective - float(s["objective"])) > 1e-6 * max(
            1.0, abs(float(s["objective"]))):
        raise InputError(f"{scenario.source or 'scenario'}: the plan is not one of this "
                         "preparation under these rules (its objective differs); give the plan "
                         "solve_prepared(prepared, ...) returned")
    result = SolveResult(
        chosen=check.chosen, objective=float(s["objective"]), bound=float(s["bound"]),
        gap=float(s["gap"]), status=s["status"], backend=s["backend"], solve_time_s=0.0,
        cost=check.cost, min_share=float("nan"), reduction=MappingProxyType({}),
        tie_break="kept (reworded)", check=check, stopped_by=s["stopped_by"])
    told = _assemble(scenario, prepared, problem, result, {}, time.perf_counter())
    told.summary["timing"] = dict(s.get("timing") or {})  # (the plan's, as it was solved)
    return told
