"""What the optimiser cannot do, said in the scenario's terms: its keys, area and site ids, the fix.

:func:`_infeasible` restates an :class:`~planner.errors.InfeasibleError` of the equity rule or of
required sites; :func:`_why_no_camera` explains a plan that buys no camera.
"""

from __future__ import annotations

import numpy as np

from planner._opt_infeasible import decimals_below
from planner._plan_notes import Note
from planner._plan_prepare import Prepared
from planner._plan_problem import as_given, seeing_new
from planner.errors import InfeasibleError, one_line, plural
from planner.optimize import CoverageProblem
from planner.scenario import LEVELS, Scenario

#: How many areas that fall short an equity message names (the rest are counted).
NAMED_SHORT_AREAS = 3


def _why_no_camera(scenario: Scenario, problem: CoverageProblem,
                   budget_key: str = "budget.total_sek", *,
                   absent: np.ndarray | None = None) -> Note | None:
    """Why a plan buys no camera, in the coordinator's words (``None``: nothing to explain).

    A :class:`~planner._plan_notes.Note`, for the plan's language and the console's English.

    A plan of no cameras had ended "optimal" with the budget untouched and no word why (every
    option excluded by privacy zones; areas of no population).

    ``absent``: the options no plan of the scenario may hold
    (:func:`~planner._plan_problem.unavailable`), left out of the options that see demand. The
    new options the preparation keeps on an existing camera's mount for
    ``constraints.replace_existing``, and a camera taken down, had been counted as options the
    privacy rule excludes (a town whose only mount near the planned area holds a police camera,
    without any privacy zone).
    """
    weights = np.asarray(problem.weights, dtype=float)
    if not weights.sum() > 0:
        return Note("no camera:no weight")
    costs = np.asarray(problem.costs, dtype=float)
    seeing = seeing_new(problem)
    if absent is not None:
        seeing = np.setdiff1d(seeing, np.flatnonzero(absent))
    if not len(seeing):
        return Note("no camera:no option")
    excluded = np.intersect1d(seeing, np.asarray(problem.excluded, dtype=int))
    if len(excluded) == len(seeing):
        n_min = scenario.constraints.min_incidents_in_view
        if n_min > 0:
            return Note("no camera:incidents", {"n": len(seeing), "n_min": n_min})
        return Note("no camera:privacy", {"n": len(seeing),
                                          "level": scenario.constraints.privacy_min_level})
    if costs[np.setdiff1d(seeing, excluded)].min() > problem.budget - costs[
            np.asarray(problem.required, dtype=int)].sum():
        return Note("no camera:budget", {"budget_key": budget_key})
    return Note("no camera:no gain")


def _infeasible(scenario: Scenario, prepared: Prepared, exc: InfeasibleError,
                budget_key: str = "budget.total_sek", *,
                problem: CoverageProblem) -> InfeasibleError:
    """The optimiser's infeasibility restated in the scenario's terms (keys, area ids, the fix).

    ``problem``: the problem that was solved (a required site's cheapest camera is priced from
    it).
    """
    if exc.requirement.startswith("required_groups"):
        return _infeasible_sites(scenario, prepared, exc, budget_key, problem)
    if not exc.requirement.startswith("equity"):
        return exc
    c = scenario.constraints
    areas = prepared.inputs.planned_areas.reset_index(drop=True)
    where = f"{scenario.source or 'scenario'}: key constraints.equity_min_share={c.equity_min_share:g}"
    budget = f"{scenario.budget.total_sek:,.0f} SEK"
    # the other rules that keep cameras from places (the share had been blamed on the budget
    # alone where a 10 km spacing allowed one camera)
    rules = _rules_in_force(scenario, prepared)
    # (one area, or several: "add camera mounts near the area" had been said of twelve)
    the_area, its = ("the area", "its") if len(exc.labels) == 1 else ("the areas", "their")
    limited = "the sites' max_cameras" + (" and the scenario's rules" if rules else "")
    if exc.labels:
        def area(label: int) -> str:
            row = areas.iloc[label]
            name = f" ({row['name']})" if "name" in areas.columns and row["name"] else ""
            return f"area {row['area_id']}{name}"

        def most(reach: float) -> str:  # (below the share as shown: 16.89 % of 0.169)
            return f"{reach:.{decimals_below(100 * reach, 100 * c.equity_min_share, 1)}%}"

        # (the first three by name, the furthest short first: "and 1 more area(s) fall short"
        # had left the coordinator to find the other by trial)
        shown = NAMED_SHORT_AREAS
        others = "".join(f", {area(label)} at most {most(reach)}"
                         for label, reach in zip(exc.labels[1:shown], exc.reach[1:shown],
                                                 strict=True))
        more = (f", and {plural(len(exc.labels) - shown, 'more area')} "
                f"{'falls' if len(exc.labels) - shown == 1 else 'fall'} short"
                if len(exc.labels) > shown else "")
        scope = {"equity_reach": "even with every allowed camera",
                 # (the scenario's rules only where some are in force: a town with none had
                 # been told they limit it)
                 "equity_limits": f"whatever the budget ({limited} limit it)"}.get(
                     exc.requirement, f"within {budget}")
        detail = (f"{area(exc.labels[0])} reaches at most {most(exc.reach[0])} of its "
                  f"demand weight {scope}{others}{more}")
    elif exc.requirement == "equity_limits":  # (no area short alone: all of them at once)
        detail = (f"no plan gives every planned area that share at once, whatever the budget "
                  f"({limited} keep the areas from reaching it together)")
    elif exc.requirement == "equity_search":
        detail = (f"no plan within {budget} that gives every planned area that share was found "
                  "(the search a model this size gets found none; the LP relaxation does not "
                  "rule one out)")
    else:
        # (not "each area can reach it, but not all at once": the per-area check is the LP's,
        # and a single area whose LP reaches the share may still be out of the cameras' reach)
        detail = f"within {budget} no plan gives every planned area that share"
    if exc.requirement == "equity_reach":
        fix = f"add camera mounts near {the_area} or lower the share"
    elif exc.requirement == "equity_limits":
        # (a town whose two areas reach 16.9 % and 15.2 % with one camera per mount had been
        # told to raise the budget, which buys nothing more there)
        fix = (f"add camera mounts near {the_area}, allow more cameras on {its} mounts (the "
               "sites' max_cameras) or lower the share")
    elif c.equity_mode == "maxmin":
        fix = (f"raise {budget_key} or lower the share (with constraints.equity_min_share = 0, "
               "\"maxmin\" finds the best smallest share the budget allows)")
    else:
        fix = (f"raise {budget_key}, lower the share, or set constraints.equity_mode = "
               "\"maxmin\" with constraints.equity_min_share = 0 (the best smallest share the "
               "budget allows instead of a fixed one)")
    verdict = "was not met" if exc.requirement == "equity_search" else "cannot be met"
    if rules:
        fix += f"; the scenario's rules also keep cameras from places: {', '.join(rules)}"
    return InfeasibleError(one_line(f"{where} {verdict}: {detail}; {fix}"),
                           requirement=exc.requirement, labels=exc.labels, reach=exc.reach)


def _rules_in_force(scenario: Scenario, prepared: Prepared) -> list[str]:
    """The scenario's rules that keep cameras from places, as keys and values."""
    c = scenario.constraints
    return [*([f"constraints.min_spacing_m = {c.min_spacing_m:g} m"] if c.min_spacing_m > 0
              else []),
            *([f"constraints.privacy = \"exclude\" at {c.privacy_min_level} level"]
              if c.privacy == "exclude" and len(prepared.inputs.privacy_zones) else []),
            *([f"coverage.models = {list(scenario.coverage.models)}"]
              if scenario.coverage.models is not None else []),
            *([f"constraints.min_incidents_in_view = {c.min_incidents_in_view}"]
              if c.min_incidents_in_view > 0 else [])]


def _infeasible_sites(scenario: Scenario, prepared: Prepared, exc: InfeasibleError,
                      budget_key: str, problem: CoverageProblem) -> InfeasibleError:
    """A required site that cannot get its camera, in the scenario's terms."""
    mounts = prepared.options.drop_duplicates("group").set_index("group")["site_id"]
    sites = [str(mounts.loc[g]) for g in exc.groups if g in mounts.index]
    where = f"{scenario.source or 'scenario'}: key constraints.require_sites"
    budget = f"{scenario.budget.total_sek:,.0f} SEK"
    rules = _rules_in_force(scenario, prepared)
    why = f" ({', '.join(rules)})" if rules else ""
    if exc.requirement == "required_groups":
        detail = (f"site {sites[0]!r} cannot get a new camera: every camera option there is "
                  f"excluded by the scenario's rules{why}")
        fix = f"take {sites[0]!r} out of require_sites or relax those rules"
    elif exc.requirement == "required_groups_budget":
        detail = _required_cost(scenario, prepared, problem, exc.groups, budget)
        fix = f"raise {budget_key} or require fewer sites"
    else:
        detail = ((f"no plan within {budget} gives the required site {sites[0]!r} a new camera"
                   if len(sites) == 1 else
                   f"no plan within {budget} gives each of the {len(sites)} required sites "
                   f"({', '.join(sites[:5])}{', ...' if len(sites) > 5 else ''}) a new camera")
                  + (f" under the scenario's rules{why}" if rules else ""))
        fix = (f"raise {budget_key}, require fewer sites"
               + (" or relax those rules" if rules else ""))
    # (no "or lower constraints.equity_min_share": the optimiser names the required groups only
    # where the shares do not matter, a share that binds being named as the share)
    return InfeasibleError(one_line(f"{where}: {detail}; {fix}"),
                           requirement=exc.requirement, groups=exc.groups)


def _required_cost(scenario: Scenario, prepared: Prepared, problem: CoverageProblem,
                   groups: tuple[int, ...], budget: str) -> str:
    """What the required sites' cheapest allowed cameras cost, model and amount, beside ``budget``.

    (The refusal had said "costs more than 50,000 SEK" and named no amount nor model.)
    """
    options = prepared.options
    costs = np.asarray(problem.costs, dtype=float)
    of_group = np.asarray(problem.groups)
    allowed = np.ones(len(costs), dtype=bool)
    allowed[list(problem.excluded)] = False
    required = np.asarray(problem.required, dtype=np.int64)
    allowed[required] = False
    served = set(of_group[required].tolist())
    cheapest = []
    for g in groups:
        if g in served:
            continue
        there = np.flatnonzero((of_group == g) & allowed)
        if there.size:  # (the optimiser's check found one in each: it summed their costs)
            j = int(there[np.argmin(costs[there])])
            cheapest.append((str(options["site_id"].iloc[j]), str(options["model"].iloc[j]),
                             float(costs[j])))
    b = scenario.budget
    # ("1 years'" had been said of a one-year horizon)
    whose = "year's" if b.horizon_years == 1 else "years'"
    years = (f" with {b.horizon_years:g} {whose} running costs"
             if b.include_yearly_costs and b.horizon_years > 0 else "")
    paid = float(costs[required].sum())
    total = paid + sum(cost for _, _, cost in cheapest)
    # (cameras kept from before: a rollout's earlier stages; existing cameras cost 0 here)
    existing = f" and the cameras kept from before ({as_given(paid)} SEK)" if paid > 0 else ""
    if len(cheapest) == 1 and not existing:
        site, model, cost = cheapest[0]
        return (f"the cheapest camera on the required site {site!r} (model {model}) costs "
                f"{as_given(cost)} SEK{years}, more than {budget}")
    each = "; ".join(f"{site!r}: {model}, {as_given(cost)} SEK"
                     for site, model, cost in cheapest[:5])
    each += "; ..." if len(cheapest) > 5 else ""
    which = ("camera on the required site" if len(cheapest) == 1
             else f"cameras on the {len(cheapest)} required sites")
    return (f"the cheapest {which} ({each}){existing} cost {as_given(total)} SEK together{years}, "
            f"more than {budget}")


def _privacy_warnings(scenario: Scenario, prepared: Prepared,
                      chosen: np.ndarray) -> tuple[list[str], list[Note]]:
    """What the privacy rule leaves unprotected or unsettled: (warnings to log, summary notes).

    * ``privacy = "exclude"`` or ``"penalty"`` without a privacy-zone layer (or an empty one)
      protects nothing; it had been silent (a note for summary.json and report.md too).
    * New cameras kept only because ``privacy_maskable_m2`` lets part of a zone be masked, while
      ``surveillance.privacy_masking`` is false or unset: the plan rests on a masking the record
      does not promise (report.md's masking line says so in the plan's language).
    """
    c = scenario.constraints
    zones = prepared.inputs.privacy_zones
    warnings: list[str] = []
    notes: list[Note] = []
    if c.privacy in ("exclude", "penalty") and not len(zones):
        note = Note("no zones", {"privacy": c.privacy})
        warnings.append(note.text())
        notes.append(note)
    masking = scenario.surveillance.privacy_masking
    if c.privacy == "exclude" and c.privacy_maskable_m2 > 0 and len(zones) and masking is not True:
        intrusion = prepared.privacy_intrusion(LEVELS.index(c.privacy_min_level) + 1)
        new = np.setdiff1d(np.asarray(chosen, dtype=np.int64), np.flatnonzero(prepared.existing))
        n = int((intrusion[new] > 0).sum())
        if n:
            said = "false" if masking is False else "not settled"
            warnings.append(
                f"{plural(n, 'new camera')} {'sees' if n == 1 else 'see'} a privacy zone at "
                f"{c.privacy_min_level} level and {'is' if n == 1 else 'are'} kept "
                f"only because constraints.privacy_maskable_m2 = {c.privacy_maskable_m2:g} lets "
                f"that part be masked, but surveillance.privacy_masking is {said}; mask it "
                "(privacy_masking = true) or set privacy_maskable_m2 = 0")
    return warnings, notes
