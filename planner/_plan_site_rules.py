"""The scenario's site rules: mounts required, excluded, taken down or replaced, by their ids.

:func:`_site_rules` turns ``constraints.exclude_sites`` into excluded options and
``require_sites`` into required groups (:func:`_required_groups`) for the optimiser's problem
(:mod:`planner._plan_problem`). Refused here, before any solve: ids the sites layer lacks or
leaves outside the study area, each answered with the mount meant (a place a mount's note names,
a camera's label, a misspelt id: :func:`_check_site_ids`), and required sites out of range,
inside a building, seeing no demand or kept from their camera by the spacing rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import coverage as cov
from planner._plan_checks import STUDY_MARGIN_M
from planner._plan_prepare import Prepared
from planner.errors import InputError, closest
from planner.scenario import Scenario, data_path_as_written


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
    conflicts (:func:`~planner._plan_problem._spacing_conflicts`), and existing cameras stay. The optimiser would
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
