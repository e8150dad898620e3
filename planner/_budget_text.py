"""Amounts of money as people write them (internal).

:func:`parse_sek` reads an amount a Swedish coordinator types where the planner asks for SEK
(``budget.total_sek = "5 mnkr"``, ``--budgets``, ``--stages``): ``5 mnkr``, ``5,5 MSEK``,
``500 tkr``, ``5 000 000 kr``. :func:`named_amounts` finds such amounts in a scenario's
``title`` or ``description``: the default scenario's title had said "8 MSEK", and every document
of a plan for another budget (``--variant six-million``, ``--set budget.total_sek=...``) was
headed by it. ``validate`` and ``plan`` warn, one line per key, where a text names amounts of
which none is the budget the plan uses (:func:`budget_mismatches`); the documents state the
budget themselves.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.scenario import Scenario

#: a whole number, its thousands grouped or not ("8 000 000", "8,000,000", "8000000"), not a
#: part of a longer number or a decimal
_WHOLE = r"(?<![\d.,])(\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d+)(?![.,]?\d)"
#: a number with a decimal point or comma ("2.3", "2,3"), in millions or thousands
_DECIMAL = r"(?<![\d.,])(\d+(?:[.,]\d+)?)"
#: the words for millions, thousands and single kronor (case is ignored)
_MILLIONS = (r"MSEK|Mkr|mnkr|milj(?:\.|oner)\s*(?:kr|kronor|SEK)|"
             r"million\s+(?:SEK|kronor)")
_THOUSANDS = r"tkr|kkr|kSEK|tusen\s+kronor"
_KRONOR = r"kr|kronor|SEK"
#: the same words as said aloud, for an amount that is the whole text ("6 miljoner", "500
#: tusen"): not looked for in a title, where "5 miljoner invånare" is no amount
_MILLIONS_SAID = r"milj(?:oner|on|\.)?(?:\s*(?:kr|kronor|SEK))?"
_THOUSANDS_SAID = r"tusen(?:\s*(?:kr|kronor|SEK))?"

#: (pattern, how many kronor the number is worth); case is ignored
_AMOUNTS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(_DECIMAL + rf"\s*(?:{_MILLIONS})\b", re.IGNORECASE), 1e6),
    (re.compile(_DECIMAL + rf"\s*(?:{_THOUSANDS})\b", re.IGNORECASE), 1e3),
    (re.compile(_WHOLE + rf"\s*(?:{_KRONOR})\b", re.IGNORECASE), 1.0),
    (re.compile(r"\bSEK\s*" + _WHOLE, re.IGNORECASE), 1.0),
    # (a price tag, "500 000:-", as parse_sek reads it: a description had named one unseen)
    (re.compile(_WHOLE + r"\s*:-"), 1.0),
)

#: one amount, the whole text: a number in the digits 0-9 (its thousands grouped by spaces of
#: any kind, or its digits by underscores as TOML and Python allow, 8_000_000, the form the
#: messages suggest; decimals after a point or a comma) and a unit or none
_AMOUNT = re.compile(
    r"\s*(?P<sign>[+-]?)(?P<whole>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+(?:_[0-9]+)*)"
    r"(?:[.,](?P<decimals>[0-9]+))?"
    rf"\s*(?:(?P<millions>{_MILLIONS}|{_MILLIONS_SAID})|(?P<thousands>{_THOUSANDS}|{_THOUSANDS_SAID})"
    rf"|(?P<kronor>{_KRONOR}|:-))?\s*",
    re.IGNORECASE)

#: a number with a power of ten (``1e6``, ``2.5E6``)
_POWER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+\s*")

#: how to write an amount of SEK, as the messages say it
AMOUNT_FORMS = 'write 5000000 or "5 mnkr"'


def _amount(text: str) -> tuple[Decimal, Decimal] | None:
    """``text`` as (number, kronor per unit), or None: not one amount, or a grouping in doubt."""
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    whole, decimals = match["whole"], match["decimals"]
    scale = Decimal(10**6 if match["millions"] else 10**3 if match["thousands"] else 1)
    if (scale <= 10**3 and decimals is not None and len(decimals) == 3 and len(whole) <= 3):
        # ("8,000 kr", "8.000", "1,500 tkr": thousands or decimals? either may be meant, and
        # "1,500 tkr" had been read as 1,500 SEK where a thousands comma makes it 1,500,000;
        # "1,500 mnkr" is 1.5 million, its thousands reading 1.5 billion no camera budget)
        return None
    number = Decimal("".join(whole.replace("_", " ").split())
                     + (f".{decimals}" if decimals else ""))
    return (-number if match["sign"] == "-" else number), scale


def parse_sek(text: str) -> float | None:
    """The amount of SEK ``text`` writes, or None where it writes none.

    ``"5 mnkr"``, ``"5 MSEK"``, ``"5 Mkr"``, ``"5,5 mnkr"`` (5,500,000), ``"500 tkr"``,
    ``"500 kSEK"``, ``"5 000 000 kr"`` (spaces or no-break spaces between thousands),
    ``"5 000 000 SEK"``, ``"5000000"``, and as said aloud, ``"6 miljoner"``, ``"6 milj kr"``,
    ``"500 tusen"``, exactly (to the krona as written). A comma or point
    before three digits of a number of at most three without a unit of millions (``"8,000 kr"``,
    ``"1,500 tkr"``) may be a thousands separator or decimals: None, as for ``"8,000,000"``.
    """
    read = _amount(text)
    if read is None:  # (a power of ten, as --budgets took it: 1e6:1e7:1e6)
        return float(text) if _POWER.fullmatch(text) else None
    return float(read[0] * read[1])


def split_amounts(text: str) -> list[str]:
    """The amounts of a comma list (``--budgets``, ``--stages``), a decimal comma kept.

    ``"2000000,3000000"`` is two amounts; ``"2,5 mnkr,3 mnkr"`` is too: a comma after a number
    of at most three digits, before digits with a unit, is in that number (its decimal comma,
    or a comma :func:`parse_sek` reads as in doubt: ``"1,500 kr,2 kr"`` had been the three
    amounts 1, 500 and 2 SEK). Without a unit the comma parts amounts (``"200,300"``).
    """
    parts: list[str] = []
    for part in text.split(","):
        if parts and re.fullmatch(r"\s*[+-]?[0-9]{1,3}", parts[-1]) and re.match("[0-9]", part):
            joined = _AMOUNT.fullmatch(f"{parts[-1]},{part}")
            if joined is not None and (joined["millions"] or joined["thousands"]
                                       or joined["kronor"]):
                parts[-1] = f"{parts[-1]},{part}"
                continue
        parts.append(part)
    return parts


#: the colons of ``START:STOP:STEP``: not that of an amount's ":-" ("500 000:-")
_RANGE_COLON = re.compile(r":(?!-)")


def split_range(text: str) -> list[str] | None:
    """The parts of ``START:STOP:STEP`` (``--budgets``), or None where ``text`` is no range.

    The colon of a price tag, ``"500 000:-"``, is in its amount (it had been taken for a range
    of two parts and refused).
    """
    return _RANGE_COLON.split(text) if _RANGE_COLON.search(text) else None


def unit_on_some(parts: list[str]) -> str | None:
    """A bare number below 1,000 of a comma list whose other amounts have a unit, or None.

    ``"3,5,8 mnkr"`` means 3, 5 and 8 MSEK, but reads as 3 SEK and 5.8 MSEK (a decimal comma):
    a list whose unit stands on some amounts only is refused, the part without it named.
    """
    units = [_AMOUNT.fullmatch(part) for part in parts]
    if not any(m is not None and (m["millions"] or m["thousands"]) for m in units):
        return None
    for part, match in zip(parts, units, strict=True):
        if (match is not None and not (match["millions"] or match["thousands"] or match["kronor"])
                and abs(float(parse_sek(part) or 0.0)) < 1_000):
            return part.strip()
    return None


#: how close to the budget a named amount must be to be taken for it ("2.3 MSEK" for
#: 2,312,000 SEK is 0.5 % off)
TOLERANCE = 0.01


def named_amounts(text: str) -> list[tuple[str, float]]:
    """The amounts of Swedish kronor ``text`` names: each as written, and in kronor.

    ``"8 MSEK"``, ``"2,3 mnkr"``, ``"500 tkr"``, ``"8 000 000 kr"``, ``"SEK 8,000,000"``,
    ``"500 000:-"``; other
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


def amounts_in_sek(values: object, where: str) -> list[float]:
    """The amounts of a list given in Python, in SEK, in order.

    A notebook's ``run_sweep`` budgets or ``run_rollout`` stages: numbers as they are, text as
    :func:`parse_sek` reads it
    (``["3 mnkr", "5 mnkr"]``, as ``--budgets`` and ``budget.total_sek`` take it; it had ended in
    ``ValueError: could not convert string to float: '3 mnkr'``). Anything else is refused in one
    line naming ``where`` and the item.
    """
    from planner.errors import InputError

    if isinstance(values, (int, float)) and not isinstance(values, bool):
        values = [values]  # (one number: what it says, and refused by the caller's count)
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError:
        raise InputError(f"{where} {values!r}: give a list of amounts of SEK, e.g. "
                         '[2000000, 3000000] or ["2 mnkr", "3 mnkr"]') from None
    amounts: list[float] = []
    for item in items:
        read = (parse_sek(item) if isinstance(item, str) else None if isinstance(item, bool)
                else float(item) if isinstance(item, (int, float)) or _is_number(item) else None)
        if read is None:
            raise InputError(f"{where}: {item!r} is not an amount of SEK; {AMOUNT_FORMS} "
                             "(each amount its own item of the list)")
        amounts.append(read)
    return amounts


def _is_number(item: object) -> bool:
    """A NumPy or Decimal number (not text, not a bool)."""
    import numbers

    return isinstance(item, numbers.Real) and not isinstance(item, bool)
