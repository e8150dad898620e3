"""Exception types of the planner.

Every error a user can cause by bad input is an :class:`InputError`; its message is one line that
names the file, the feature or key, the bad value and the fix. The command line turns these into
exit code 2 without a traceback.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from planner._budget_text import AMOUNT_FORMS, parse_sek
from planner._lang import listed


class PlannerError(Exception):
    """Base class of all errors the planner raises on purpose."""


class InputError(PlannerError, ValueError):
    """Bad input data or configuration (exit code 2).

    The message names the file, the feature, column or key, the bad value and how to fix it.
    """


class HeuristicShortError(InputError):
    """The greedy heuristic did not reach an equity share that an exact backend may reach.

    A setting to change, not a proof that no plan exists.
    """


class InfeasibleError(PlannerError):
    """No plan satisfies the requirements; the message names the requirement that cannot be met.

    Attributes
    ----------
    requirement
        Which one, for callers that restate it in their own terms: ``"equity_reach"`` (an area
        cannot reach its share even with every allowed option), ``"equity_limits"`` (an area
        cannot reach it whatever the budget: the group limits, e.g. one option per mount,
        conflicts and exclusions stop it; without ``labels``: no area alone, but no budget
        gives all of them their share at once), ``"equity_budget"`` (not within the budget),
        ``"equity_search"`` (no plan meeting the shares was found on a model too
        large for a full search, and the LP relaxation does not rule one out: not a proof),
        ``"required_groups"`` (a required group has no allowed option or no room),
        ``"required_groups_budget"`` (their cheapest options do not fit the budget),
        ``"required_groups_search"`` (no plan gives every required group an option), or ``""``
        (others; the message says).
    labels
        The area labels that fall short (equity), the furthest below its share first (ties
        by label).
    reach
        The most of its weight each of those areas can reach (a share in [0, 1]).
    groups
        The required groups (mounts) concerned (``required_groups*``).
    """

    def __init__(self, message: str, *, requirement: str = "", labels: tuple[int, ...] = (),
                 reach: tuple[float, ...] = (), groups: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.requirement = requirement
        self.labels = labels
        self.reach = reach
        self.groups = groups


class SolverError(PlannerError):
    """The solver failed in a way that is not the user's fault."""


class NoPlanInTimeError(SolverError):
    """The time limit ended the search before any plan met the requirements.

    Not a proof that none exists: more time may find one. ``missed`` says what the heuristic
    start could not meet (e.g. ``"reach the equity min_share"``), ``seconds`` the time limit.
    """

    def __init__(self, message: str, *, missed: str = "", seconds: float = float("nan")) -> None:
        # (defaults: an error pickled back from a sweep's worker process is rebuilt from its
        # message, then given its attributes)
        super().__init__(message)
        self.missed = missed
        self.seconds = seconds

    def reworded(self, message: str) -> NoPlanInTimeError:
        """The same error (``missed``, ``seconds``) in ``message``: a caller's words for it."""
        return NoPlanInTimeError(message, missed=self.missed, seconds=self.seconds)


def missing_package(what: str, module: str, install: str) -> InputError:
    """The error for an optional package that is not installed, with the command that adds it.

    ``install`` is what to put after ``pip install`` (e.g. ``"-e '.[osm]'"`` for one of the
    project's extras, run in the planner folder, or ``pyrosm``).
    """
    return InputError(
        f"{what} needs the optional package {module}, which is not installed; install it with "
        f".venv/bin/python -m pip install {install} in the planner folder (make install-test "
        "installs every optional package)"
    )


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known id, name or key closest to a misspelt ``name`` (difflib's), or ``None``.

    Every "did you mean" of the planner comes from here (ids, area names, scenario keys,
    column names).

    One whose numbers differ only in leading zeros comes first, and one of another case:
    ``pole-002`` is ``pole-0002``, not the as close ``pole-0012``; a misspelt one is matched in
    any case too (``TOTAL_SEKK`` is ``total_sek``). ``None`` when none is close, or none known.
    """
    def plain(text: str) -> str:
        # (leading zeros dropped as text: int() refuses more than 4300 digits, a ValueError)
        return re.sub(r"\d+", lambda m: m.group().lstrip("0") or "0", text).casefold()

    known = list(known)
    same = [k for k in known if plain(k) == plain(name)]
    if same:
        return same[0]
    # (in any case: a misspelt TOTAL_SEKK had been told of no key, its letters all "unlike")
    scored = [(difflib.SequenceMatcher(None, name.casefold(), k.casefold()).ratio(), k)
              for k in known]
    best = max((score for score, _ in scored), default=0.0)
    # (a tie goes to the first in text order: difflib's own pick is the last, 'lamp-2' for
    # 'lamp-9' beside 'lamp-1')
    return min(k for score, k in scored if score == best) if best >= 0.6 else None


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: a list of names in a message (in English)."""
    return listed(items)


def counted(n: int, total: int, noun: str, verbs: tuple[str, str] = ("lies", "lie"), *,
            nouns: str | None = None) -> str:
    """``n`` of a layer's ``total`` features as a message's subject, its verb agreeing.

    'its one incident lies', 'all 2 incidents lie', '1 of the 3 incidents lies', '2 of the 3
    incidents lie' ("1 of 1 incident(s) lie" had stood for a layer of one); ``verbs``: the verb
    (with what follows it) after one and after several, ``nouns``: the plural where it is not
    ``noun`` and an s.
    """
    many = nouns if nouns is not None else f"{noun}s"
    if total == 1:
        return f"its one {noun} {verbs[0]}"
    if n == total:
        return f"all {n} {many} {verbs[1]}"
    return f"{n} of the {total} {many} {verbs[0] if n == 1 else verbs[1]}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and its noun, one or several: '1 value', '3 values' (not '3 value(s)')."""
    return f"{n} {noun if n == 1 else (nouns if nouns is not None else noun + 's')}"


def one_line(message: str) -> str:
    """Collapse a message to a single line (error messages are printed as one line)."""
    return " ".join(str(message).split())


def utf16(data: bytes) -> str | None:
    """Whether ``data`` is UTF-16 text: ``"marked"`` (its byte-order mark), ``"unmarked"``, or ``None``.

    As :func:`utf16_codec` finds it.
    """
    codec = utf16_codec(data)
    return None if codec is None else "marked" if codec == "utf-16" else "unmarked"


def utf16_codec(data: bytes) -> str | None:
    """The UTF-16 codec of ``data``: ``"utf-16"`` (a byte-order mark), ``"utf-16-le"`` or ``"utf-16-be"``.

    ``None`` where ``data`` is not UTF-16 text. Excel's "Unicode text" and Notepad's "Unicode"
    write the mark. Without it, UTF-16 text of Latin letters (å, ä and ö too: U+00E5 ...) has a
    NUL byte beside each one, all in odd places (little-endian, the high byte second) or all in
    even ones (big-endian); UTF-8 and Windows-1252 text has none, so the byte order is told
    without a guess. A few NUL bytes on the other side are a character whose other byte is 0
    (U+0100 Ā, U+2500 ─, U+4E00 一): at most one in 20 of the other side's (such a line had
    been read as Windows-1252, its column names garbage).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    nul_even, nul_odd = data[0::2].count(0), data[1::2].count(0)
    most, fewest = max(nul_even, nul_odd), min(nul_even, nul_odd)
    if len(data) >= 4 and most >= len(data) // 4 and fewest <= most // 20:
        return "utf-16-le" if nul_odd > nul_even else "utf-16-be"
    return None


def load_toml(path: str | os.PathLike[str], what: str, *,
              where: str | None = None) -> dict[str, Any]:
    """Read a UTF-8 TOML file (a byte-order mark is fine), or raise one :class:`InputError` line.

    ``what`` names the file for the user (``"scenario"``, ``"camera catalogue"``): the message
    says which file, what is wrong with it and how to fix it; ``where`` is its name there (as
    the scenario gives it; the path by default).
    """
    path = Path(path)
    shown = where if where is not None else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: {what} file not found; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a folder; give the {what} .toml file") from None
    except OSError as exc:
        raise InputError(
            f"{shown}: cannot read the {what} ({exc.strerror or exc}); check the path"
        ) from None
    # (UTF-16, as Notepad's "Unicode" saves it, had been told of its byte 0; without its mark,
    # of TOML syntax at line 1, column 2: its letters' NUL bytes are valid UTF-8)
    marked = utf16(data)
    if marked is not None:
        found = ("UTF-16 text (Notepad's \"Unicode\")" if marked == "marked" else
                 "UTF-16 text without a byte-order mark")
        raise InputError(f"{shown}: {found}, not UTF-8; save the {what} as UTF-8")
    try:
        text = data.decode("utf-8-sig")  # a BOM (Windows editors) is fine
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown}: not UTF-8 text (byte {exc.start}); save the {what} as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        spaced = _spaced_number(text, str(exc))
        if spaced is not None:
            raise InputError(f"{shown} {spaced}") from None
        raise InputError(one_line(f"{shown}: not valid TOML ({exc}); fix the syntax")) from None


#: a whole number written in groups of three digits (``8 000 000``, ``8 000 000 kr``), spaces
#: of any kind between them (a no-break space from a spreadsheet too)
_GROUPED = re.compile(r"([+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?:[.,](\d+))?")
_UNIT = re.compile(r"\s*(?:kr|sek|:-)?\s*", re.IGNORECASE)


def number_form(text: str) -> str | None:
    """``"8000000 or 8_000_000"`` for ``text`` written with spaces between thousands, else None.

    A unit after it (``kr``, ``SEK``) is left out too: ``"8 000 000 kr"`` is 8000000; decimals
    after a point or a comma are kept, after a point: ``"8 000 000,5"`` is ``8000000.5 or
    8_000_000.5`` (they had been dropped, or ``8 000 000.5`` not recognised).
    """
    text = text.strip()
    grouped = _GROUPED.match(text)
    if grouped is None or not _UNIT.fullmatch(text[grouped.end():]):
        return None
    whole = "".join(grouped.group(1).split())
    decimals = f".{grouped.group(2)}" if grouped.group(2) is not None else ""
    return f"{whole}{decimals} or {int(whole):_}{decimals}"


def _spaced_number(text: str, error: str) -> str | None:
    """``"line 26 (budget.total_sek): no spaces between thousands; ..."`` where TOML failed.

    ``error``: tomllib's message, which names the line. (``total_sek = 8 000 000`` had been
    "not valid TOML (Expected newline or end of document after a statement (at line 26, column
    15)); fix the syntax".)
    """
    at = re.search(r"at line (\d+)", error)
    if at is None:
        return None
    number = int(at.group(1))
    lines = text.splitlines()
    if not 0 < number <= len(lines):
        return None
    line = re.sub(r"#.*$", "", lines[number - 1])
    key, equals, value = line.partition("=")
    form = number_form(value) if equals else None
    # an amount of SEK with a unit, unquoted (total_sek = 5 mnkr): the quotes are what it lacks;
    # one whose unit is no unit of SEK (total_sek = 5 mdkr) is told the forms there are
    money = bool(form is None and equals and key.strip().strip('"\'').endswith("_sek")
                 and re.match(r"\s*[+-]?[0-9]", value))
    amount = money and parse_sek(value) is not None
    if form is None and not money:
        return None
    table = ""
    for above in reversed(lines[:number - 1]):  # (the table the key is in, if any)
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]+", above)
        if header:
            table = header.group(1) + "."
            break
    dotted = table + ".".join(part.strip().strip('"\'') for part in key.split("."))
    if amount:
        return f"line {number} ({dotted}): an amount with its unit is text; quote it, \"{value.strip()}\""
    if money:
        return f"line {number} ({dotted}): {value.strip()} is no amount of SEK; {AMOUNT_FORMS}"
    return f"line {number} ({dotted}): no spaces between thousands; write {form}"
