"""The optimiser's problem from a prepared scenario, and the scenario's rules checked before it.

:func:`_problem` turns a :class:`~planner._plan_prepare.Prepared` and a scenario's budget and
constraints into a :class:`~planner.optimize.CoverageProblem`: graded coverage values, mount
capacities, equity, backup, privacy, incidents, a rollout's stages, required and excluded sites
(:func:`_site_rules`) and spacing conflicts (:func:`_spacing_conflicts`). What no budget could
fix is refused here, before any solve (:func:`check_budget`, :func:`_check_site_ids`,
:func:`_check_required_spacing`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import coverage as cov
from planner._plan_checks import STUDY_MARGIN_M
from planner._plan_inputs import Inputs
from planner._plan_prepare import (
    Prepared,
    _catalogue,
    _check_reach,
    _demand,
    _reachable_sites,
    spare_options,
)
from planner.errors import InputError, closest
from planner.optimize import CoverageProblem
from planner.scenario import LEVELS, Scenario, data_path_as_written


def check_budget(scenario: Scenario, inputs: Inputs) -> None:
    """Refuse what ``plan`` would refuse before solving (``planner validate``, little geometry).

    No mount within camera range of the planned areas; a budget below every new camera option's
    cost on the mounts in range (``plan`` checks the same against the options that see demand,
    :func:`_check_budget`); a demand grid over ``demand.max_points``. ``validate`` had said "ok"
    to all three. Also the site rules' ids, and required sites out of range or kept from their
    camera by the spacing rule (:func:`_required_groups`).
    """
    catalogue = _catalogue(scenario, inputs)
    _check_site_ids(scenario, inputs.sites, inputs.sites_outside)
    sites = _reachable_sites(inputs.sites, inputs.planned_areas, catalogue)
    _check_reach(scenario, sites)
    _demand(scenario, inputs)
    options = cov.build_options(
        sites, catalogue, orientations=1,
        horizon_years=scenario.budget.horizon_years,
        include_yearly=scenario.budget.include_yearly_costs, buildings=inputs.buildings,
        offered=scenario.coverage.models, replacements=True,
    )
    absent = unavailable(scenario, options, inputs.sites)
    _required_groups(scenario, inputs.sites, options[~absent], inputs.buildings)
    costs = options.loc[~options["existing"].to_numpy(dtype=bool) & ~absent,
                        "cost_sek"].to_numpy(float)
    _below_cheapest(scenario, costs)


def _check_budget(scenario: Scenario, problem: CoverageProblem,
                  useful: Prepared | None = None, *, absent: np.ndarray | None = None) -> None:
    """Refuse a budget below the cheapest new camera option.

    ``absent``: the options no plan of the scenario may hold (:func:`unavailable`), left out of
    the cheapest: a new camera in the place of an existing one that is not replaced (its mount
    costs nothing to mount in Katrineholm's data) would have lowered it.

    ``useful``, the problem's preparation (given for a plan of its own: not for a sweep's
    budget or a rollout's stage, which may buy nothing): also a budget below the cheapest new
    option that sees demand and that the scenario's rules allow (privacy, incidents, excluded
    sites), known here at the cost of one sparse product. A budget of exactly the cheapest
    option had passed the check and bought nothing, the cheapest being one the privacy rule
    excludes or one that sees no demand.

    Not with ``constraints.require_sites``: the plan buys the required mounts' cameras, whatever
    the cheaper ones see (a required mount that sees no demand is refused by
    :func:`_check_required_see`), or, where the budget cannot pay for them, is refused naming
    the required sites and their cost (``required_groups_budget``); a budget that paid for a
    required mount's camera had been refused as buying none.
    """
    required = np.asarray(problem.required, dtype=np.int64)
    costs = np.asarray(problem.costs, dtype=float)
    new = np.setdiff1d(np.arange(len(costs)), required)
    # (an existing camera taken down, constraints.remove_existing, is excluded at cost 0: not
    # a camera to buy, and its 0 had passed every budget)
    excluded = np.asarray(problem.excluded, dtype=np.int64)
    new = np.setdiff1d(new, excluded[costs[excluded] == 0])
    if absent is not None:
        new = np.setdiff1d(new, np.flatnonzero(absent))
    _below_cheapest(scenario, costs[new])
    if useful is None or len(problem.required_groups):
        return
    allowed = np.setdiff1d(seeing_new(problem), np.asarray(problem.excluded, dtype=np.int64))
    budget = scenario.budget.total_sek
    if len(allowed) and budget < costs[allowed].min():
        c = scenario.constraints
        zones = len(useful.inputs.privacy_zones) > 0
        rules = [*(["constraints.privacy = \"exclude\""] if c.privacy == "exclude" and zones
                   else []),
                 *(["constraints.exclude_sites"] if c.exclude_sites else []),
                 *(["constraints.remove_existing"] if c.remove_existing else []),
                 *([f"constraints.min_incidents_in_view = {c.min_incidents_in_view}"]
                   if c.min_incidents_in_view > 0 else [])]
        why = "see no demand" + (f" or are excluded by {', '.join(rules)}" if rules else "")
        raise InputError(
            f"{scenario.source or 'scenario'}: key budget.total_sek={as_given(budget)} buys no "
            f"camera: the cheapest camera option that sees demand and the scenario's rules allow "
            f"costs {as_given(float(costs[allowed].min()))} SEK (the cheaper ones {why}); "
            "raise the budget")


def seeing_new(problem: CoverageProblem) -> np.ndarray:
    """The new (not required) options that see demand of positive weight, by index."""
    costs = np.asarray(problem.costs, dtype=float)
    new = np.setdiff1d(np.arange(len(costs)), np.asarray(problem.required, dtype=np.int64))
    weights = np.asarray(problem.weights, dtype=float)
    return new[np.asarray(problem.coverage_csc[:, new].T @ weights).ravel() > 0]


def as_given(sek: float) -> str:
    """An amount as the scenario gave it: grouped, whole where it is whole, else every decimal.

    (``budget.total_sek = 40999.6`` had read "41,000 is below the cheapest camera option (41,000
    SEK)", and 0.5 had read 0.)
    """
    if float(sek).is_integer():
        return f"{sek:,.0f}"
    return f"{Decimal(repr(float(sek))):,f}"


def _below_cheapest(scenario: Scenario, costs: np.ndarray) -> None:
    if len(costs) and scenario.budget.total_sek < costs.min():
        raise InputError(
            f"{scenario.source or 'scenario'}: key budget.total_sek="
            f"{as_given(scenario.budget.total_sek)} is below the cheapest camera option "
            f"({as_given(float(costs.min()))} SEK); raise the budget"
        )


def option_costs(prepared: Prepared, running_years: float | np.ndarray | None = None
                 ) -> np.ndarray:
    """Each option's cost against the budget; ``running_years`` its years of running costs.

    ``None``: the preparation's ``cost_sek`` (the scenario's horizon for every option). Else
    the years of running costs each new option carries within the budget (one number for all,
    or one per option): its ``investment_sek`` + that × ``yearly_sek`` (a rollout's stage with
    ``stage_years``: a camera bought later runs fewer of the horizon's years). Existing cameras
    keep theirs (0: paid by their owners).
    """
    options = prepared.options
    costs = options["cost_sek"].to_numpy(dtype=float)
    if running_years is None:
        return costs
    years = np.broadcast_to(np.asarray(running_years, dtype=float), costs.shape)
    # (in build_options' order, investment + years × yearly: the same sum where years = H)
    staged = (options["investment_sek"].to_numpy(dtype=float)
              + years * options["yearly_sek"].to_numpy(dtype=float))
    return np.where(prepared.existing, costs, staged)


def _problem(scenario: Scenario, prepared: Prepared, *, keep: Sequence[int] = (),
             only: Sequence[int] | None = None,
             running_years: float | np.ndarray | None = None) -> CoverageProblem:
    inputs, demand, options, levels = (
        prepared.inputs,
        prepared.demand,
        prepared.options,
        prepared.levels,
    )
    values = np.asarray(scenario.level_values, dtype=float)
    value_matrix = levels.astype(np.float64)
    value_matrix.data = values[levels.data.astype(int)]
    is_existing = prepared.existing
    # existing cameras taken down or replaced (constraints.remove_existing, replace_existing)
    # are in no plan, and neither are the new options of a mount whose camera is not replaced
    gone = scenario.constraints
    if gone.remove_existing or gone.replace_existing:
        _check_site_ids(scenario, inputs.sites, inputs.sites_outside)
    taken_down = unavailable(scenario, options, inputs.sites)
    existing = np.flatnonzero(is_existing & ~taken_down)
    _check_replaced_see(scenario, prepared, taken_down)
    groups = options["group"].to_numpy(dtype=np.int64)
    # one capacity per group (mount), indexed by the group number: a mount without options (no
    # model may hang there) had shortened the list and failed the plan
    mounts = options.drop_duplicates("group")
    per_site = inputs.sites.drop_duplicates("site_id").set_index("site_id")["max_cameras"]
    capacity = np.zeros(int(groups.max()) + 1 if len(groups) else 0, dtype=np.int64)
    capacity[mounts["group"].to_numpy(dtype=np.int64)] = (
        per_site.loc[mounts["site_id"]].to_numpy(dtype=np.int64))
    area_codes = pd.Categorical(demand["area_id"], categories=inputs.planned_areas["area_id"])
    c = scenario.constraints
    extra: dict[str, Any] = {}
    if c.equity_min_share > 0 or c.equity_mode == "maxmin":  # (maxmin: also with no floor)
        extra.update(
            labels=area_codes.codes.astype(np.int64),
            min_share=c.equity_min_share,
            equity=c.equity_mode,
        )
    if c.backup_bonus > 0:
        extra["backup_bonus"] = c.backup_bonus
    excluded = np.zeros(len(options), dtype=bool)
    if c.privacy != "off" and len(inputs.privacy_zones):
        intrusion = prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1)
        intrusion[existing] = 0.0
        if c.privacy == "exclude":  # (up to privacy_maskable_m2 is masked in the camera)
            excluded |= intrusion > c.privacy_maskable_m2
        else:
            extra["penalties"] = intrusion * c.privacy_penalty_per_m2
    if c.min_incidents_in_view > 0:  # (existing cameras stay: they are there already)
        few = prepared.incidents_seen() < c.min_incidents_in_view
        few[existing] = False
        excluded |= few
    if only is not None:  # (a rollout's earlier stage: a subset of the later stage's cameras)
        allowed = np.zeros(len(options), dtype=bool)
        allowed[np.asarray(only, dtype=np.int64)] = True
        excluded |= ~allowed & ~is_existing
    site_excluded, need = _site_rules(scenario, prepared)
    excluded |= site_excluded | taken_down
    if need:
        extra["required_groups"] = need
    kept = np.asarray(keep, dtype=np.int64)
    if excluded.any():
        extra["excluded"] = tuple(int(j) for j in np.flatnonzero(excluded))
    if c.min_spacing_m > 0:
        # (the pairs of the options a plan of the scenario may hold: those the preparation keeps
        # on the mounts of existing cameras for constraints.replace_existing had added 12,005
        # pairs to Katrineholm's 468,440 at 40 m in every scenario, counted against
        # MAX_CONFLICT_PAIRS)
        usable = np.flatnonzero(~taken_down)
        try:
            extra["conflicts"] = usable[_spacing_conflicts(options.iloc[usable],
                                                           c.min_spacing_m)]
        except InputError as exc:  # (a scenario key: the message names the file)
            raise InputError(f"{scenario.source}: {exc}") from None
    return CoverageProblem(
        coverage=value_matrix.tocsc(),
        weights=demand["weight"].to_numpy(dtype=float),
        costs=option_costs(prepared, running_years),
        budget=float(scenario.budget.total_sek),
        required=tuple(int(j) for j in np.union1d(existing, kept)),
        groups=groups,
        max_per_group=capacity,
        **extra,
    )


def unavailable(scenario: Scenario, options: gpd.GeoDataFrame,
                sites: gpd.GeoDataFrame) -> np.ndarray:
    """Per option whether no plan of ``scenario`` may hold it (the preparation has it).

    Every option on a mount of ``constraints.remove_existing``: the existing camera there is in
    no plan, and neither is a new one (a mount that carries more cameras than its existing one
    had been given new cameras in its place, on the taken down camera's mount, model and
    direction, which the comparison then called unchanged). The existing camera on a mount of
    ``constraints.replace_existing``, whose new options stay. The new options on a mount its
    existing camera fills (:func:`~planner._plan_prepare.spare_options`) where it is not
    replaced.
    """
    c = scenario.constraints
    site_of = options["site_id"].astype(str)
    existing = options["existing"].to_numpy(dtype=bool)
    replaced = site_of.isin(c.replace_existing).to_numpy()
    return (site_of.isin(c.remove_existing).to_numpy() | (replaced & existing)
            | (spare_options(options, sites) & ~replaced))


def available_new(scenario: Scenario, prepared: Prepared) -> np.ndarray:
    """Per option whether it is a new camera a plan of ``scenario`` may buy (rules aside).

    For the cheapest camera a sweep's and a rollout's first budget must reach.
    """
    return ~prepared.existing & ~unavailable(scenario, prepared.options, prepared.inputs.sites)


def _check_replaced_see(scenario: Scenario, prepared: Prepared, absent: np.ndarray) -> None:
    """Refuse a mount of ``constraints.replace_existing`` where no new camera covers demand.

    No model may hang there, or none of its options sees a demand point of the planned areas:
    the camera would only be taken down, which ``remove_existing`` says.
    """
    wanted = scenario.constraints.replace_existing
    if not wanted:
        return
    options = prepared.options
    site_of = options["site_id"].astype(str).to_numpy()
    new = ~prepared.existing & ~absent
    seen = np.bincount(prepared.levels.tocsr().indices, minlength=len(options)) > 0
    for site in wanted:
        mine = new & (site_of == site)
        if mine.any() and seen[mine].any():
            continue
        why = ("no camera model of data.cameras"
               + (" and coverage.models" if scenario.coverage.models is not None else "")
               + " may hang on it" if not mine.any() else
               "none of the new camera options there sees a demand point of the planned areas")
        raise InputError(
            f"{scenario.source or 'scenario'}: key constraints.replace_existing: site {site!r} "
            f"can get no new camera that covers anyone ({why}); to take its camera down, list "
            "it in constraints.remove_existing instead")


def _site_rules(scenario: Scenario, prepared: Prepared) -> tuple[np.ndarray, tuple[int, ...]]:
    """``constraints.exclude_sites`` as excluded options, ``require_sites`` as required groups.

    Each id must name a site of ``data.sites``; a required site must be able to get a new
    camera (no existing camera on it, and some camera model may hang there).
    """
    c = scenario.constraints
    options = prepared.options
    excluded = np.zeros(len(options), dtype=bool)
    if not c.require_sites and not c.exclude_sites:
        return excluded, ()
    _check_site_ids(scenario, prepared.inputs.sites, prepared.inputs.sites_outside)
    site_of = options["site_id"].astype(str)
    excluded = site_of.isin(c.exclude_sites).to_numpy() & ~prepared.existing
    need = _required_groups(scenario, prepared.inputs.sites, options, prepared.inputs.buildings)
    _check_required_see(scenario, prepared, need)
    return excluded, need


def _required_groups(scenario: Scenario, sites: gpd.GeoDataFrame,
                     options: gpd.GeoDataFrame, buildings: gpd.GeoDataFrame) -> tuple[int, ...]:
    """The group (mount) of each site of ``constraints.require_sites`` among ``options``.

    Refuses a required site without options (out of range of the planned areas, or no model
    may hang there), one inside a building footprint (blind: it sees nothing, and a camera
    covering no one had been bought there) and required sites the spacing rule alone keeps from
    their camera (:func:`_check_required_spacing`). ``plan`` and ``validate``
    (:func:`check_budget`) both run it.
    """
    c = scenario.constraints
    where = f"{scenario.source or 'scenario'}: key constraints"
    site_of = options["site_id"].astype(str)
    need: list[int] = []
    for site in c.require_sites:
        mine = (site_of == site).to_numpy()
        if not mine.any():
            row = sites[sites["site_id"].astype(str) == site].iloc[0]
            raise InputError(
                f"{where}.require_sites: site {site!r} (a {row['mount_type']}) has no camera "
                "option: it is out of every camera's range of the planned areas, or no camera "
                "model of data.cameras"
                + (" and coverage.models" if scenario.coverage.models is not None else "")
                + " may hang on it; check its position and demand.areas")
        need.append(int(options["group"].to_numpy()[mine][0]))
    if need:
        _check_required_blind(scenario, sites, buildings)
    if c.min_spacing_m > 0 and need:
        _check_required_spacing(scenario, options)
    return tuple(sorted(need))


def _check_required_blind(scenario: Scenario, sites: gpd.GeoDataFrame,
                          buildings: gpd.GeoDataFrame) -> None:
    """Refuse a required site whose camera eye lies inside a building footprint (it sees nothing).

    The eye rule of the plan (:func:`planner.coverage.buildings_around_sites`: a façade mount
    is first put on its own building's wall).
    """
    wanted = sites[sites["site_id"].astype(str).isin(scenario.constraints.require_sites)]
    around = cov.buildings_around_sites(wanted, buildings)
    if not pd.notna(around).any():
        return
    order = {s: k for k, s in enumerate(scenario.constraints.require_sites)}
    k = min(np.flatnonzero(pd.notna(around)), key=lambda i: order[str(wanted["site_id"].iloc[i])])
    row, inside = wanted.iloc[k], str(around[k])
    own = row.get("building_id")
    fix = (f"move it out of the footprint, or check its building_id {str(own)!r}"
           if pd.notna(own) else
           f"move it out of the footprint, or give it building_id {inside!r} if it is a façade "
           "mount on that building")
    raise InputError(
        f"{scenario.source or 'scenario'}: key constraints.require_sites: site "
        f"{str(row['site_id'])!r} (a {row['mount_type']}) lies inside building {inside!r} and "
        f"sees nothing; {fix}")


def _check_required_see(scenario: Scenario, prepared: Prepared, need: Sequence[int]) -> None:
    """Refuse a required site none of whose camera options covers a demand point.

    A camera there would cover no one, whatever way it faced: it had been bought anyway
    (covered population 0, its direction a tie-break). ``plan`` only: ``validate`` computes no
    coverage.
    """
    if not need:
        return
    options = prepared.options
    seen = np.bincount(prepared.levels.tocsr().indices, minlength=len(options)) > 0
    groups = options["group"].to_numpy(dtype=np.int64)
    blind = [g for g in need if not seen[groups == g].any()]
    if not blind:
        return
    site_of = options.drop_duplicates("group").set_index("group")
    order = {s: k for k, s in enumerate(scenario.constraints.require_sites)}
    g = min(blind, key=lambda g: order[str(site_of.loc[g, "site_id"])])
    cv = scenario.coverage
    how = "".join([
        f" at coverage.min_level = {cv.min_level!r} or better" if cv.min_level != "detect" else "",
        " by night (coverage.night: within the IR range)" if cv.night else ""])
    raise InputError(
        f"{scenario.source or 'scenario'}: key constraints.require_sites: site "
        f"{str(site_of.loc[g, 'site_id'])!r} (a {site_of.loc[g, 'mount_type']}) sees no demand "
        f"point of the planned areas{how} from any of its camera options, so a camera there "
        "would cover no one; move it, check demand.areas, or take it out of require_sites")


def _check_required_spacing(scenario: Scenario, options: gpd.GeoDataFrame) -> None:
    """Refuse required sites that the spacing rule alone keeps apart (no budget would help).

    A required site closer than ``constraints.min_spacing_m`` to an existing camera, or to
    another required site, can never get its camera: every option of two mounts that close
    conflicts (:func:`_spacing_conflicts`), and existing cameras stay. The optimiser would
    only say that no plan serves the sites, and the message would offer a larger budget.
    """
    c = scenario.constraints
    spacing = c.min_spacing_m
    where = f"{scenario.source or 'scenario'}: key constraints.require_sites"
    mounts = options.drop_duplicates("group")
    site = mounts["site_id"].astype(str).to_numpy()
    geoms = mounts.geometry.to_numpy()
    held = (set(options.loc[options["existing"].to_numpy(dtype=bool), "site_id"].astype(str))
            - set(c.remove_existing) - set(c.replace_existing))
    wanted = list(c.require_sites)
    at = {s: geoms[np.flatnonzero(site == s)[0]] for s in (*wanted, *sorted(held))}
    # each required site against the existing cameras, then against the required sites after it
    # (a required site holds no existing camera: checked)
    pairs = [(a, b, b in held) for k, a in enumerate(wanted)
             for b in (*sorted(held - {a}), *wanted[k + 1:])]
    for a, b, existing in pairs:
        d = float(shapely.distance(at[a], at[b]))
        if d >= spacing:
            continue
        rule = f"constraints.min_spacing_m = {spacing:g} m"
        raise InputError(
            f"{where}: site {a!r} is {d:,.1f} m from the existing camera on {b!r}, closer than "
            f"{rule}, so it can never get a camera; take {a!r} out of require_sites or lower {rule}"
            if existing else
            f"{where}: sites {a!r} and {b!r} are {d:,.1f} m apart, closer than {rule}, so they "
            f"cannot both get a camera; require only one of them or lower {rule}")


def _check_site_ids(scenario: Scenario, sites: gpd.GeoDataFrame,
                    outside: Sequence[str] = ()) -> None:
    """Refuse unknown ids in ``require_sites``/``exclude_sites``, and required occupied sites.

    An id the sites layer lacks, or a required site that holds an existing camera (``planner
    validate`` runs this too).
    """
    c = scenario.constraints
    where = f"{scenario.source or 'scenario'}: key constraints"
    ids = sites["site_id"].astype(str)
    known = set(ids)
    held = set(ids[sites["existing_model"].notna().to_numpy()]
               if "existing_model" in sites else ())
    path = f"{data_path_as_written(scenario, 'sites')} as the scenario gives it"
    for key, wanted in (("require_sites", c.require_sites), ("exclude_sites", c.exclude_sites),
                        ("remove_existing", c.remove_existing),
                        ("replace_existing", c.replace_existing)):
        unknown = [i for i in wanted if i not in known]
        far = [i for i in unknown if i in set(outside)]
        if far:
            raise InputError(
                f"{where}.{key}: site {far[0]!r} of data.sites ({path}) lies outside the "
                f"study area (more than {STUDY_MARGIN_M:g} m from every area) and is left out; "
                "check its position, or leave it out of the key")
        if unknown:
            # (require_sites refuses a mount with an existing camera: it had been suggested,
            # 'pole-002' answered with three mounts of police cameras)
            free = key == "require_sites"
            pool = (sorted(known - held) if free else
                    sorted(held) if key in _OTHER_MOUNTS else sorted(known))
            close = closest(unknown[0], pool)
            shown = ", ".join(repr(str(v)) for v in pool[:3])
            which = {"require_sites": " without an existing camera",
                     "remove_existing": " with an existing camera",
                     "replace_existing": " with an existing camera"}.get(key, "")
            # (a place a mount's note names first: 'Kerstinbodagatan', in the note of the police
            # camera at Kerstinbodagatan x Vingåkersvägen, had been answered "did you mean
            # 'existing-skolgatan'?", the id closest in letters)
            fix = (_noted(unknown[0], sites, pool) or
                   (f"did you mean {close!r}?" if close else "") or
                   _labelled(unknown[0], pool) or
                   _noted_other(unknown[0], sites, key,
                                sorted(held) if free else sorted(known - held)) or
                   f"give site_id values of that layer{which} (e.g. {shown})")
            raise InputError(
                f"{where}.{key}: no site {unknown[0]!r} in data.sites ({path}; {len(unknown)} "
                "unknown); "
                f"{fix}")
    for key in ("remove_existing", "replace_existing"):
        empty = [site for site in getattr(c, key) if site not in held]
        if empty:
            raise InputError(f"{where}.{key}: site {empty[0]!r} has no existing camera; "
                             f"{_OTHER_MOUNTS[key][2]}")
    if c.require_sites and held:
        # (a mount whose camera is replaced gets a new one: required, in every plan)
        taken = [site for site in c.require_sites if site in held - set(c.replace_existing)]
        if taken:
            raise InputError(
                f"{where}.require_sites: site {taken[0]!r} has an existing camera; require_sites "
                "is for mounts that get a new one (the existing camera stays in every plan)")


#: How many mounts a place name found in the sites' notes is answered with, and how much of a note.
MAX_NOTED_SITES, NOTE_CHARS = 3, 60

#: A camera's label in a plan's outputs (``C004``, :func:`planner._plan_types.camera_labels`).
_LABEL = re.compile(r"C\d{3,}")


def _labelled(name: str, pool: Sequence[str]) -> str:
    """The fix for a camera's label given for a mount's id; ``""`` for anything else.

    report.md, register.csv and the map name each camera ``C004`` beside its mount's id: the
    label typed into ``replace_existing`` from report.md had been answered with three ids
    and no word of what ``C004`` is. Labels are a plan's own (each plan numbers its cameras),
    so the mount is not guessed.
    """
    if not _LABEL.fullmatch(name.strip()):
        return ""
    shown = ", ".join(repr(str(v)) for v in pool[:3])
    return (f"{name.strip()!r} is a camera's label in a plan's outputs (report.md, register.csv, "
            "the map), not a mount's id; give the site_id of its mount, the column beside the "
            f"label (e.g. {shown})")


def _noted(name: str, sites: gpd.GeoDataFrame, pool: Sequence[str]) -> str:
    """The mounts of ``pool`` whose ``note`` names the place ``name``, as the fix to write.

    A place the police ask for is known by its name ("Stortorget"), which a mount's note may
    hold ("new pole at Stortorget ..."): it had been answered with the layer's first three ids.
    Case and runs of spaces do not count. ``""`` where no note holds it.
    """
    found = _noting(name, sites, pool)
    if not found:
        return ""
    if len(found) == 1:
        site, note = found[0]
        cut = note if len(note) <= NOTE_CHARS else note[:NOTE_CHARS].rstrip() + "…"
        return f"{name!r} is in the note of site {site!r} ({cut!r}); give its site_id, {site!r}"
    shown = ", ".join(repr(site) for site, _ in found[:MAX_NOTED_SITES])
    more = f" and {len(found) - MAX_NOTED_SITES} more" if len(found) > MAX_NOTED_SITES else ""
    return (f"{name!r} is in the notes of {len(found)} sites ({shown}{more}); give the site_id "
            "of the mount you mean (the map's mount tooltips show each mount's id and note)")


def _noting(name: str, sites: gpd.GeoDataFrame, pool: Sequence[str]) -> list[tuple[str, str]]:
    """(site_id, note) of the mounts of ``pool`` whose note names ``name`` (any case, spaces).

    Both in Unicode's composed form (NFC): a note with å, ä or ö written as a letter and a
    combining mark (as some GIS exports and macOS write it) had not held 'Järntorget' typed in
    a scenario. Whole words only, letters of any alphabet: 'Stortorget' is in "Stortorget 3",
    'torget' is not (it had found every square's mount).
    """
    def plain(text: str) -> str:
        return unicodedata.normalize("NFC", " ".join(text.split())).casefold()

    wanted = plain(name)
    if "note" not in sites or not wanted:
        return []
    words = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    free = set(pool)
    return [(str(i), " ".join(str(n).split())) for i, n in zip(sites["site_id"], sites["note"],
                                                               strict=True)
            if str(i) in free and isinstance(n, str) and words.search(plain(n))]


#: Per key, a place named only in the notes of mounts the key does not take: what they have
#: (one, several) and the fix.
_OTHER_MOUNTS = {
    "require_sites": ("which has an existing camera (it stays in every plan)",
                      "each with an existing camera (they stay in every plan)",
                      "require a mount without one near the place"),
    "remove_existing": ("which has no existing camera", "none with an existing camera",
                        "remove_existing is for existing cameras taken down "
                        "(constraints.exclude_sites keeps new cameras off a mount)"),
    "replace_existing": ("which has no existing camera", "none with an existing camera",
                         "replace_existing is for existing cameras replaced by new ones (a "
                         "mount without one is a candidate already)"),
}


def _noted_other(name: str, sites: gpd.GeoDataFrame, key: str, others: Sequence[str]) -> str:
    """The place is named only in the notes of mounts ``key`` does not take (``others``).

    ``require_sites``: mounts of existing cameras; ``remove_existing``: mounts without one (a
    place of a mount without a camera to take down had been answered with the layer's existing
    cameras' ids, unexplained). ``""`` for ``exclude_sites``, which takes every mount.
    """
    if key not in _OTHER_MOUNTS:
        return ""
    found = [site for site, _ in _noting(name, sites, others)]
    if not found:
        return ""
    one, several, fix = _OTHER_MOUNTS[key]
    if len(found) == 1:
        return f"{name!r} is in the note of {found[0]!r}, {one}; {fix}"
    # (several: "in the note of 'a', 'b', 'c', which have an existing camera" had dropped a
    # fourth unsaid, Katrineholm's four police cameras for 'Polismyndigheten')
    shown = ", ".join(repr(site) for site in found[:MAX_NOTED_SITES])
    more = f" and {len(found) - MAX_NOTED_SITES} more" if len(found) > MAX_NOTED_SITES else ""
    return f"{name!r} is in the notes of {len(found)} sites ({shown}{more}), {several}; {fix}"


#: Conflicting option pairs a spacing rule may make (each a row of the optimiser's model).
MAX_CONFLICT_PAIRS = 25_000_000


def _spacing_conflicts(options: gpd.GeoDataFrame, spacing: float) -> np.ndarray:
    """Option pairs on different mounts closer than ``spacing`` metres.

    Two existing cameras are no conflict: they are there already (two police cameras 38.8 m
    apart had made every scenario with a 40 m spacing infeasible, "required options alone
    break a limit"). Mounts exactly ``spacing`` apart are not closer than it.
    """
    mounts = options.drop_duplicates("group").sort_values("group")
    geoms = mounts.geometry.values
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="dwithin", distance=spacing)
    keep = (a < b) & (shapely.distance(geoms[a], geoms[b]) < spacing)
    a, b = a[keep], b[keep]
    # the options of each mount, as slices of the options sorted by mount
    order = np.argsort(options["group"].to_numpy(), kind="stable")
    sizes = np.bincount(options["group"].to_numpy(dtype=np.int64))[
        mounts["group"].to_numpy(dtype=np.int64)] if len(options) else np.zeros(0, np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_pairs = int((sizes[a] * sizes[b]).sum())
    if n_pairs > MAX_CONFLICT_PAIRS:  # (10 km had run out of memory after a minute, exit 1)
        raise InputError(
            f"key constraints.min_spacing_m = {spacing:g} m makes {n_pairs:,} pairs of camera "
            f"options that conflict (at most {MAX_CONFLICT_PAIRS:,}); give a smaller spacing")
    # every option of mount a against every option of mount b, without a Python loop
    reps = sizes[a] * sizes[b]
    pair = np.repeat(np.arange(len(a)), reps)
    k = np.arange(n_pairs) - np.repeat(np.cumsum(reps) - reps, reps)
    i = order[starts[a][pair] + k // sizes[b][pair]]
    j = order[starts[b][pair] + k % sizes[b][pair]]
    existing = options["existing"].to_numpy(dtype=bool)
    both = existing[i] & existing[j]
    return np.column_stack([i[~both], j[~both]]).astype(np.int64).reshape(-1, 2)
