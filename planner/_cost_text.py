"""What a plan's money pays for, in words: the budget's terms, investment and running costs (internal).

One source for ``report.md`` and the map's summary panel, in every language. A camera's cost
against the budget is its investment (purchase, installation, the mount's own cost) and, when
the scenario includes yearly costs, its running costs over the horizon
(:func:`planner.coverage.build_options`). The two documents had said it differently: with
``budget.horizon_years = 0`` report.md read "over 0 years (yearly costs included)" where the map
read "(purchase and installation)", and with ``include_yearly_costs = false`` "over 5 years
(purchase and installation only)". The figures are ``summary.json``'s ``investment_sek``,
``yearly_sek``, ``yearly_over_horizon_sek``, ``existing_yearly_sek`` and
``existing_yearly_own_sek`` (:func:`planner._plan_assemble._money`): the existing cameras'
running costs split into the municipality's own (cameras whose ``existing_owner`` is
``surveillance.operator``) and their other owners', neither in the budget.

A rollout stage with stage years (``summary.json``'s ``rollout``: ``stage_years`` and each
stage's ``running_years``, :func:`planner.rollout.run_rollout`) counts each stage's cameras'
running costs from the stage's year to the end of the horizon: the terms, the running costs
within the budget and the year they leave it say so (:func:`staged`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from planner import _lang
from planner._lang import pick, texts

TEXT = texts("costs", {
    "en": {
        "terms:yearly": "yearly costs over {years} included",
        "terms:bought": "purchase and installation only",
        "vat:excluded": "excl. VAT",
        "vat:included": "incl. VAT",
        "years:one": "{n} year",
        "years:many": "{n} years",
        "investment": "Investment (purchase, installation, mounting)",
        "running": "Running costs of the new cameras",
        "a year": "{amount} a year",
        "counted": "{amount} over {years} (in the amount spent)",
        "not counted": "{amount} over {years} (not counted against the budget)",
        "existing running": "Running costs of the existing cameras",
        "elsewhere": "{amount} a year (paid by their owners, not this budget)",
        "own running": "Running costs of the municipality's own existing cameras",
        "own elsewhere": "{amount} a year (paid by {operator} itself, outside this budget)",
        "others running": "Running costs of the other existing cameras",
        "after": "Running costs from year {next}",
        "after text": "{amount} a year for the new cameras, outside this budget",
        "parts": "investment {investment}; {yearly} a year",
        "terms:staged": ("yearly costs up to the end of year {end} of the rollout included, "
                         "each stage's cameras from the stage's year, the stages {gap} apart"),
        "counted staged": "{amount} up to the end of year {end} (in the amount spent: {each})",
        "each first": "stage {k}'s cameras for {years}",
        "each": "stage {k}'s for {years}",
        "after staged": "Running costs from year {next} of the rollout",
        "after text late": ("{amount} a year for the new cameras (a stage's bought after year "
                            "{next}: from its own year), outside this budget"),
    },
    "sv": {
        "terms:yearly": "årliga kostnader under {years} inräknade",
        "terms:bought": "endast inköp och installation",
        "vat:excluded": "exkl. moms",
        "vat:included": "inkl. moms",
        "years:one": "{n} år",
        "years:many": "{n} år",
        "investment": "Investering (inköp, installation, montering)",
        "running": "Driftkostnader för de nya kamerorna",
        "a year": "{amount} per år",
        "counted": "{amount} under {years} (ingår i det använda beloppet)",
        "not counted": "{amount} under {years} (räknas inte mot budgeten)",
        "existing running": "Driftkostnader för de befintliga kamerorna",
        "elsewhere": "{amount} per år (betalas av kamerornas ägare, ingår inte här)",
        "own running": "Driftkostnader för kommunens egna befintliga kameror",
        "own elsewhere": "{amount} per år (betalas av {operator} själv, ingår inte här)",
        "others running": "Driftkostnader för övriga befintliga kameror",
        "after": "Driftkostnader från år {next}",
        "after text": "{amount} per år för de nya kamerorna, utanför denna budget",
        "parts": "investering {investment}; {yearly} per år",
        "terms:staged": ("årliga kostnader till och med år {end} av utbyggnaden inräknade, "
                         "varje etapps kameror från etappens år, med {gap} mellan etapperna"),
        "counted staged": "{amount} till och med år {end} (ingår i det använda beloppet: {each})",
        "each first": "etapp {k}:s kameror under {years}",
        "each": "etapp {k}:s under {years}",
        "after staged": "Driftkostnader från år {next} av utbyggnaden",
        "after text late": ("{amount} per år för de nya kamerorna (en etapps som köps efter år "
                            "{next}: från dess eget år), utanför denna budget"),
    },
})


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # (NaN: not known)


def _years(years: float, language: str | None) -> str:
    t = pick(TEXT, language)
    return t["years:one" if years == 1 else "years:many"].format(n=_year(years, language))


def staged(summary: Mapping[str, Any]) -> tuple[float, list[float]] | None:
    """A rollout stage's years between stages and each stage's years of running costs.

    ``None`` for a plan of its own, or a rollout without stage years (``--stage-years``).
    """
    rollout = summary.get("rollout")
    if not isinstance(rollout, Mapping):
        return None
    gap, years = _number(rollout.get("stage_years")), rollout.get("running_years")
    if gap is None or not isinstance(years, list) or not years:
        return None
    return gap, [float(y) for y in years]


def each_stage(years: list[float], language: str | None) -> str:
    """``stage 1's cameras for 3 years, stage 2's for 2 years``: each stage's running years."""
    t = pick(TEXT, language)
    return ", ".join(t["each first" if k == 1 else "each"].format(k=k, years=_years(y, language))
                     for k, y in enumerate(years, start=1))


def budget_terms(summary: Mapping[str, Any], language: str | None = None) -> str | None:
    """What the budget pays for, in the words report.md and the map's panel share.

    ``yearly costs over 5 years included``, or ``purchase and installation only`` (yearly costs
    left out, or a horizon of 0 years), after ``excl. VAT; `` or ``incl. VAT; `` where the
    scenario says (``budget.prices_include_vat``: a controller asked); ``None`` if not known.
    """
    t = pick(TEXT, language)
    years = _number(summary.get("horizon_years"))
    included = summary.get("include_yearly_costs")
    terms = None
    if included is False or years == 0:
        terms = t["terms:bought"]
    elif included is True and years is not None and (stages := staged(summary)) is not None:
        terms = t["terms:staged"].format(end=_year(years, language),
                                         gap=_years(stages[0], language))
    elif included is True and years is not None:
        terms = t["terms:yearly"].format(years=_years(years, language))
    vat = vat_words(summary, language)
    if vat is None:
        return terms
    return vat + (f"; {terms}" if terms else "")


def _year(year: float, language: str | None) -> str:
    """A year of the rollout (or a number of years) as a number: ``3``, ``2.5``."""
    return _lang.number(year, 0 if year == int(year) else 1, language)


def vat_words(summary: Mapping[str, Any], language: str | None = None) -> str | None:
    """``excl. VAT`` or ``incl. VAT`` as ``budget.prices_include_vat`` says; ``None`` if unsaid."""
    vat = summary.get("prices_include_vat")
    if not isinstance(vat, bool):
        return None
    return pick(TEXT, language)["vat:included" if vat else "vat:excluded"]


def cost_rows(summary: Mapping[str, Any], language: str | None = None, *,
              sek: Callable[[float], str]) -> list[tuple[str, str]]:
    """The plan's investment and running costs as (label, text) rows; amounts by ``sek``.

    Investment of the new cameras; their running costs a year and over the horizon (said to be
    in the amount spent, or not counted against the budget); the existing cameras' running
    costs a year, paid by their owners (when the plan has existing cameras): those the
    municipality runs itself (``existing_yearly_own_sek``) paid by the scenario's
    ``surveillance.operator``, the others' by their owners, both outside the budget. Rows whose
    figures the summary lacks (a plan made by hand) are left out.
    """
    t = pick(TEXT, language)
    rows = []
    investment = _number(summary.get("investment_sek"))
    if investment is not None:
        rows.append((t["investment"], sek(investment)))
    yearly = _number(summary.get("yearly_sek"))
    if yearly is not None:
        text = t["a year"].format(amount=sek(yearly))
        years = _number(summary.get("horizon_years"))
        over = _number(summary.get("yearly_over_horizon_sek"))
        counted = summary.get("include_yearly_costs") is True
        stages = staged(summary) if counted else None
        if years and over is not None and stages is not None:
            # (a rollout's stages a year apart: a camera of stage 3 runs years 3 to H within
            # the budget, not H years; "over 3 years" had booked its years 4-5 against it)
            text += ", " + t["counted staged"].format(
                amount=sek(over), end=_year(years, language), each=each_stage(stages[1], language))
        elif years and over is not None:
            text += ", " + t["counted" if counted else "not counted"].format(
                amount=sek(over), years=_years(years, language))
        rows.append((t["running"], text))
        if years and years == int(years) and yearly > 0 and counted:
            # (not counted at all, they are outside the budget from year 1: said above)
            # (what the municipality commits to beyond the grant: a controller's question)
            after = _lang.number(years + 1, 0, language)
            if stages is None:
                rows.append((t["after"].format(next=after),
                             t["after text"].format(amount=sek(yearly))))
            else:  # (year H + 1 of the rollout; a stage bought later from its own year)
                late = (len(stages[1]) - 1) * stages[0] > years  # (stage k from 1 + (k-1)·Y)
                rows.append((t["after staged"].format(next=after),
                             t["after text late" if late else "after text"].format(
                                 amount=sek(yearly), next=after)))
    existing = _number(summary.get("existing_yearly_sek"))
    if existing is not None and summary.get("n_cameras_existing"):
        own = _number(summary.get("existing_yearly_own_sek")) or 0.0
        operator = (summary.get("surveillance") or {}).get("operator")
        if own > 0 and operator:
            # (the municipality's own cameras: its cost, not their "owners'": 12,000 of the
            # 28,000 SEK a year of the default plan's had been said to be someone else's)
            rows.append((t["own running"],
                         t["own elsewhere"].format(amount=sek(own), operator=operator)))
            if existing - own > 0:
                rows.append((t["others running"],
                             t["elsewhere"].format(amount=sek(existing - own))))
        else:
            rows.append((t["existing running"], t["elsewhere"].format(amount=sek(existing))))
    return rows


def cost_parts(camera: Mapping[str, Any], language: str | None = None, *,
               sek: Callable[[float], str]) -> str | None:
    """A camera's cost in its parts: ``investment 34,000 SEK; 4,200 SEK a year``.

    ``None`` where the camera's row lacks them (a plan made by hand).
    """
    investment = _number(camera.get("investment_sek"))
    yearly = _number(camera.get("yearly_sek"))
    if investment is None or yearly is None:
        return None
    return pick(TEXT, language)["parts"].format(investment=sek(investment), yearly=sek(yearly))
