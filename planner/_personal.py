"""Personal data in free-text columns that the outputs copy (internal).

A site's ``note`` goes into ``register.csv``, ``cameras.geojson``, ``plan.xlsx`` and the map's
popups; an incident's ``kind`` and a privacy zone's ``kind`` into the map's tooltips. The
register is likely a public document (allmän handling) and the map is shown at review meetings,
yet a user trial found a caretaker's name and mobile number in a lamp's note and a victim's
personal identity number in an incident's kind, copied into every output without a word.

:func:`warn_personal_data` looks for the two things that identify a person beyond doubt and
that a regular expression finds without false alarms in such text: a Swedish personal identity
number (personnummer or samordningsnummer, ``YYMMDD-NNNN`` or ``YYYYMMDDNNNN``, checked with its
Luhn digit) and a Swedish mobile number (``07X-XXX XX XX`` and the ``+46 7X`` form). Names
cannot be told from place names, so the warning says what goes where and asks for a look.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from planner.errors import plural

log = logging.getLogger(__name__)

#: A personal identity number with or without the century, with or without its separator.
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?(\d{6})[-+ ]?(\d{4})(?!\d)")
#: A Swedish mobile number: 07X, or +46 7X / 0046 7X, then seven digits in any grouping.
_MOBILE = re.compile(r"(?<![\d+])(?:0|\+46 ?|0046 ?)7\d(?:[- ]?\d){7}(?!\d)")


def _luhn_ok(digits: str) -> bool:
    """The Luhn check of a personal identity number's ten digits (YYMMDDNNNC)."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _valid_date(six: str) -> bool:
    """YYMMDD a calendar-plausible date (a samordningsnummer adds 60 to the day)."""
    month, day = int(six[2:4]), int(six[4:6])
    day = day - 60 if day > 60 else day
    return 1 <= month <= 12 and 1 <= day <= 31


def looks_personal(text: str) -> str | None:
    """What in ``text`` identifies a person (``"a personal identity number"``, ...), or None."""
    for match in _PERSONNUMMER.finditer(text):
        six, four = match.group(1), match.group(2)
        if _valid_date(six) and _luhn_ok(six + four):
            return "a personal identity number"
    if _MOBILE.search(text):
        return "a mobile phone number"
    return None


def warn_personal_data(values: Iterable[tuple[object, object]], *, where: str, column: str,
                       goes_to: str) -> int:
    """Warn once about the features whose ``column`` text looks like personal data.

    ``values``: (feature id, text) pairs; ``goes_to``: the outputs that copy the column. Returns
    how many features were found.
    """
    found = [(fid, what) for fid, text in values if isinstance(text, str)
             and (what := looks_personal(text)) is not None]
    if found:
        fid, what = found[0]
        log.warning("%s: column %r of %s holds what looks like personal data (e.g. "
                    "%s in %s); it is copied into %s: remove it from the layer if the outputs "
                    "are to be shown or handed out", where, column, plural(len(found), "feature"),
                    what, fid, goes_to)
    return len(found)
