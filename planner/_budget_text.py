"""Amounts of money a scenario's ``title`` or ``description`` names, against its budget (internal).

The default scenario's title had said "8 MSEK", and every document of a plan for another
budget (``--variant six-million``, ``--set budget.total_sek=...``) was headed by it.
``validate`` and ``plan`` warn, one line per key, where a text names amounts of which none is
the budget the plan uses (:func:`budget_mismatches`); the documents state the budget
themselves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.scenario import Scenario

#: a whole number, its thousands grouped or not ("8 000 000", "8,000,000", "8000000"), not a
#: part of a longer number or a decimal
_WHOLE = r"(?<![\d.,])(\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d+)(?![.,]?\d)"
#: a number with a decimal point or comma ("2.3", "2,3"), in millions or thousands
_DECIMAL = r"(?<![\d.,])(\d+(?:[.,]\d+)?)"

#: (pattern, how many kronor the number is worth); case is ignored
_AMOUNTS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(_DECIMAL + r"\s*(?:MSEK|Mkr|mnkr|milj(?:\.|oner)\s*(?:kr|kronor|SEK)|"
                r"million\s+(?:SEK|kronor))\b", re.IGNORECASE), 1e6),
    (re.compile(_DECIMAL + r"\s*(?:tkr|kSEK|tusen\s+kronor)\b", re.IGNORECASE), 1e3),
    (re.compile(_WHOLE + r"\s*(?:kr|kronor|SEK)\b", re.IGNORECASE), 1.0),
    (re.compile(r"\bSEK\s*" + _WHOLE, re.IGNORECASE), 1.0),
)

#: how close to the budget a named amount must be to be taken for it ("2.3 MSEK" for
#: 2,312,000 SEK is 0.5 % off)
TOLERANCE = 0.01


def named_amounts(text: str) -> list[tuple[str, float]]:
    """The amounts of Swedish kronor ``text`` names: each as written, and in kronor.

    ``"8 MSEK"``, ``"2,3 mnkr"``, ``"500 tkr"``, ``"8 000 000 kr"``, ``"SEK 8,000,000"``; other
    currencies are not read (``"EUR 200,000"``).
    """
    found: list[tuple[int, str, float]] = []
    taken: list[range] = []
    for pattern, scale in _AMOUNTS:
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue  # (a part of an amount an earlier pattern read)
            number = match.group(1)
            if scale == 1.0:
                value = float(re.sub(r"[ ,\u00a0\u202f]", "", number))
            else:
                value = float(number.replace(",", ".")) * scale
            taken.append(span)
            found.append((match.start(), " ".join(match.group(0).split()), value))
    return [(words, value) for _, words, value in sorted(found)]


def budget_mismatches(scenario: Scenario) -> list[str]:
    """One line per text (``title``, ``description``) naming amounts none of which is the budget.

    Empty where the texts name no amount or one of them is ``budget.total_sek`` (within
    :data:`TOLERANCE`).
    """
    budget = float(scenario.budget.total_sek)
    lines = []
    for key in ("title", "description"):
        amounts = named_amounts(getattr(scenario, key))
        if not amounts or any(abs(value - budget) <= TOLERANCE * budget
                              for _, value in amounts):
            continue
        named = ", ".join(dict.fromkeys(words for words, _ in amounts))
        lines.append(
            f"{scenario.source or 'scenario'}: key {key} names {named}, but budget.total_sek is "
            f"{budget:,.0f} SEK (scenario {scenario.name}); leave the amount out of {key} "
            f"(report.md, the map and plan.xlsx state the budget), or give this budget its "
            f"own {key}")
    return lines
