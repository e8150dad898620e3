"""What a plan's money pays for, in words: the budget's terms, investment and running costs (internal).

One source for ``report.md`` and the map's summary panel, in every language. A camera's cost
against the budget is its investment (purchase, installation, the mount's own cost) and, when
the scenario includes yearly costs, its running costs over the horizon
(:func:`planner.coverage.build_options`). The two documents had said it differently: with
``budget.horizon_years = 0`` report.md read "over 0 years (yearly costs included)" where the map
read "(purchase and installation)", and with ``include_yearly_costs = false`` "over 5 years
(purchase and installation only)". The figures are ``summary.json``'s ``investment_sek``,
``yearly_sek``, ``yearly_over_horizon_sek`` and ``existing_yearly_sek``
(:func:`planner._plan_assemble._money`).
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
        "after": "Running costs from year {next}",
        "after text": "{amount} a year for the new cameras, outside this budget",
        "parts": "investment {investment}; {yearly} a year",
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
        "after": "Driftkostnader från år {next}",
        "after text": "{amount} per år för de nya kamerorna, utanför denna budget",
        "parts": "investering {investment}; {yearly} per år",
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
    n = _lang.number(years, 0 if years == int(years) else 1, language)
    return t["years:one" if years == 1 else "years:many"].format(n=n)


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
    elif included is True and years is not None:
        terms = t["terms:yearly"].format(years=_years(years, language))
    vat = vat_words(summary, language)
    if vat is None:
        return terms
    return vat + (f"; {terms}" if terms else "")


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
    costs a year, paid by their owners (when the plan has existing cameras). Rows whose
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
        if years and over is not None:
            counted = summary.get("include_yearly_costs") is True
            text += ", " + t["counted" if counted else "not counted"].format(
                amount=sek(over), years=_years(years, language))
        rows.append((t["running"], text))
        if (years and years == int(years) and yearly > 0
                and summary.get("include_yearly_costs") is True):
            # (not counted at all, they are outside the budget from year 1: said above)
            # (what the municipality commits to beyond the grant: a controller's question)
            rows.append((t["after"].format(next=_lang.number(years + 1, 0, language)),
                         t["after text"].format(amount=sek(yearly))))
    existing = _number(summary.get("existing_yearly_sek"))
    if existing is not None and summary.get("n_cameras_existing"):
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
