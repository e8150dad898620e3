"""The languages of what people read: reports, workbooks, drawings and maps (internal).

Each module that writes text for people keeps its own table of phrases, one mapping per
language with the same keys, made with :func:`texts`; the scenario's top-level ``language``
chooses the mapping. Every table is registered here so that the tests can check that each
language has every phrase (and no phrase the others lack). Data files (CSV, GeoJSON, JSON)
keep their English column names and keys in every language: programs read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

#: the languages a scenario may ask for (``language = "sv"``); the first is the default
LANGUAGES: tuple[str, ...] = ("en", "sv")

#: every phrase table, by the name it was registered under (for the completeness tests)
TABLES: dict[str, Mapping[str, Mapping[str, str]]] = {}


def texts(name: str, table: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    """Register and return a phrase table ``{language: {key: phrase}}`` under ``name``."""
    missing = [lang for lang in LANGUAGES if lang not in table]
    if missing:
        raise ValueError(f"phrase table {name}: no {', '.join(missing)}")
    TABLES[name] = table
    return table


def pick(table: Mapping[str, Mapping[str, str]], language: str | None) -> Mapping[str, str]:
    """The phrases of ``language`` (the default language's for ``None``)."""
    return table[language or LANGUAGES[0]]


def counted(n: Any, phrases: Mapping[str, str], word: str) -> str:
    """The phrase ``word_one`` for a count of one, else ``word_many`` (Swedish: 1 ny, 2 nya)."""
    one = n is not None and float(n) == 1  # (None, or NaN: not one)
    return phrases[f"{word}_one" if one else f"{word}_many"]


_STOPPED = {  # what ended the search (summary.json stopped_by)
    "proof": "proven (reproducible)",
    "heuristic": "greedy heuristic (reproducible)",
    "work limit": "stopped at the solver's deterministic work limit (reproducible)",
    "numerics": "the solver's tolerances stopped the proof; the best plan found before it "
    "(reproducible)",
    "time limit": "stopped by the time limit (may differ on another machine: raise "
    "solver.time_limit_s)",
    "gap limit": "stopped within the gap solver.gap asked for (reproducible)",
}

_STOPPED_SV = {
    "proof": "bevisat optimal (reproducerbart)",
    "heuristic": "girig heuristik (reproducerbart)",
    "work limit": "stoppad vid lösarens deterministiska arbetsgräns (reproducerbart)",
    "numerics": "lösarens toleranser stoppade beviset; den bästa plan som hittats dessförinnan "
    "(reproducerbart)",
    "time limit": "stoppad av tidsgränsen (planen kan bli en annan på en annan dator; höj "
    "solver.time_limit_s)",
    "gap limit": "stoppad inom det optimalitetsgap som solver.gap anger (reproducerbart)",
}

_WORDS = texts("_lang", {
    "en": {"compass": "N NE E SE S SW W NW", "thousands": ",", "decimal": ".", "minus": "-",
           "status:optimal": "optimal", "status:feasible": "feasible",
           "status:infeasible": "infeasible", "status:no plan found": "no plan found",
           "status:new": "new", "status:existing": "existing",
           # (given cameras scored as they are: planner evaluate, compare --cameras-b)
           "status:evaluated": "evaluated (given cameras)",
           "stopped:evaluated": "not optimised",
           "level:detect": "detect", "level:observe": "observe", "level:recognise": "recognise",
           "level:identify": "identify",
           # (words, not the sites layer's codes: an English map's popups had read "Mount
           # lamp-001 (lamp_post)" where the Swedish one says "belysningsstolpe")
           "mount:lamp_post": "lamp post", "mount:pole": "pole", "mount:facade": "façade",
           # the privacy zones' kinds the planner makes or knows (the layer's default, the
           # OSM importer's and the default data's)
           "zone:home": "home", "zone:private_garden": "private garden",
           "zone:facade_band": "façade band",
           # new cameras counted by mount type (the sites layer's mount_type), one and many
           "on:lamp_post:one": "{n} on a lamp post", "on:lamp_post:many": "{n} on lamp posts",
           "on:pole:one": "{n} on a pole", "on:pole:many": "{n} on poles",
           "on:facade:one": "{n} on a façade", "on:facade:many": "{n} on façades",
           "on:other": "{n} on {kind}",
           "list": "{first} and {last}",  # (listed: "A, B and C")
           **{f"stopped:{k}": v for k, v in _STOPPED.items()}},
    # (Swedish: a space groups thousands, a comma marks decimals: "60,000" would read as 60)
    # (and a minus sign, as Swedish typography writes it: "−2,3", not "-2,3")
    "sv": {"compass": "N NO O SO S SV V NV", "thousands": "\u202f", "decimal": ",",
           "minus": "\u2212",
           # (a plan the solver did not prove the best: "tillåten lösning", the optimisation
           # term, had read to a board as a permitted or approved plan)
           "status:optimal": "optimal", "status:feasible": "ej bevisat optimal",
           "status:infeasible": "ingen plan möjlig",
           # (a sweep's budget whose search the time limit ended before any plan)
           "status:no plan found": "ingen plan funnen", "status:new": "ny",
           "status:existing": "befintlig",
           "status:evaluated": "bedömd (givna kameror)",
           "stopped:evaluated": "inte optimerad",
           "level:detect": "upptäcka", "level:observe": "observera",
           "level:recognise": "känna igen", "level:identify": "identifiera",
           "mount:lamp_post": "belysningsstolpe", "mount:pole": "stolpe", "mount:facade": "fasad",
           # (a Swedish map's tooltip had read "Integritetszon z00651 (private_garden)")
           "zone:home": "bostad", "zone:private_garden": "privat trädgård",
           "zone:facade_band": "fasadband",
           "on:lamp_post:one": "{n} på en belysningsstolpe",
           "on:lamp_post:many": "{n} på belysningsstolpar",
           "on:pole:one": "{n} på en stolpe", "on:pole:many": "{n} på stolpar",
           "on:facade:one": "{n} på en fasad", "on:facade:many": "{n} på fasader",
           "on:other": "{n} på {kind}",
           "list": "{first} och {last}",
           **{f"stopped:{k}": v for k, v in _STOPPED_SV.items()}},
})


def listed(names: Sequence[str], language: str | None = None) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C" (Swedish "A, B och C").

    (report.md's blind cameras and its places had each worded the list with a phrase of their
    own.)
    """
    if len(names) <= 1:
        return "".join(names)
    return pick(_WORDS, language)["list"].format(first=", ".join(names[:-1]), last=names[-1])


def level(name: str, language: str | None = None) -> str:
    """A DORI level (``detect`` ... ``identify``) in ``language``'s words (others as given)."""
    return pick(_WORDS, language).get(f"level:{name}", name)


def level_code(word: str) -> str | None:
    """The DORI level code (``observe``) of ``word`` in any language's words, or ``None``.

    Case and surrounding spaces do not count (``"Observera"``, ``"känna igen"``): a scenario
    may name its levels as the documents it reads do.
    """
    wanted = " ".join(word.split()).casefold()
    for language in LANGUAGES:
        for key, phrase in pick(_WORDS, language).items():
            if key.startswith("level:") and phrase.casefold() == wanted:
                return key.removeprefix("level:")
    return None


def level_values(values: Mapping[str, Any] | None, language: str | None = None) -> str:
    """What each DORI level counts, best first: ``identify 1, recognise 0.75, ...``.

    ``values``: ``summary["level_values"]`` (level name -> value); levels it lacks or leaves
    blank (None, NaN) are left out; ``""`` for none.
    """
    if not isinstance(values, Mapping):
        return ""
    parts = []
    for name in ("identify", "recognise", "observe", "detect"):
        value = values.get(name)
        if isinstance(value, int | float) and value == value:
            parts.append(f"{level(name, language)} {plain(float(value), language)}")
    return ", ".join(parts)


def stopped(code: str, language: str | None = None) -> str | None:
    """What ended the search (``proof``, ``work limit``, ...) in words; ``None`` if unknown."""
    return pick(_WORDS, language).get(f"stopped:{code}")


def mount(kind: str, language: str | None = None) -> str:
    """A mount type (``lamp_post``, ``pole``, ``facade``: the planner's codes) in words."""
    return pick(_WORDS, language).get(f"mount:{kind}", kind)


#: the mount types every count by mount names, in this order (the sites layer's codes)
MOUNT_ORDER = ("lamp_post", "pole", "facade")


def new_by_mount(cameras: Any, language: str | None = None) -> str | None:
    """The new cameras of a plan's ``cameras`` by mount type, in words.

    ``120 on lamp posts, 10 on poles, 7 on façades`` (Swedish ``120 på belysningsstolpar, ...``):
    every known type, 0 included (the housing company asked how many go on façades), then any
    other type the sites layer names. ``None`` for cameras without ``mount_type`` (a plan made
    by hand).
    """
    if cameras is None or "mount_type" not in getattr(cameras, "columns", ()):
        return None
    words = pick(_WORDS, language)
    new = cameras.loc[~cameras["existing"].astype(bool), "mount_type"]
    kinds = [str(k) for k in new if isinstance(k, str) and k]
    counts = {kind: kinds.count(kind) for kind in (*MOUNT_ORDER, *sorted(set(kinds)))}
    parts = []
    for kind, n in counts.items():
        count = number(n, 0, language)
        parts.append(words[f"on:{kind}:{'one' if n == 1 else 'many'}"].format(n=count)
                     if kind in MOUNT_ORDER else
                     words["on:other"].format(n=count, kind=mount(kind, language)))
    return ", ".join(parts)


def zone_kind(kind: str, language: str | None = None) -> str:
    """A privacy zone's kind (``home``, ``private_garden``, ``facade_band``) in words.

    Other kinds (a layer's own) are shown as given.
    """
    return pick(_WORDS, language).get(f"zone:{kind}", kind)


def status(value: str, language: str | None = None) -> str:
    """A status in ``language``'s words.

    A solver's (``optimal``, ``feasible``, ``infeasible``) or a camera's in the register
    (``new``, ``existing``).
    """
    return pick(_WORDS, language).get(f"status:{value}", value)


#: The columns whose values are the planner's codes, with the function that words each.
CODED: dict[str, Callable[[str, str | None], str]] = {
    "status": status,
    "mount_type": mount,
    "stopped_by": lambda code, language: stopped(code, language) or code,
    "privacy_level": level,
    "privacy_min_level": level,
}


#: The coded columns English words too: a mount type's code is not an English word
#: (``lamp_post``: "lamp post"); English keeps the other codes (a status and a DORI level are
#: their own words, what ended the search is a sentence, kept out of English tables).
WORDED_IN_ENGLISH = frozenset({"mount_type"})


def coded(column: str, value: Any, language: str | None = None) -> Any:
    """``value`` of ``column`` in ``language``'s words if it is one of the planner's codes.

    Other columns, unknown codes and blanks come back as they are; English keeps the codes but
    for the columns of :data:`WORDED_IN_ENGLISH`.
    """
    if column not in CODED or not isinstance(value, str) or (
            language in (None, LANGUAGES[0]) and column not in WORDED_IN_ENGLISH):
        return value
    return CODED[column](value, language)


def number(value: float, digits: int = 0, language: str | None = None, *,
           console: bool = False) -> str:
    """``value`` with ``digits`` decimals, grouped in thousands as ``language`` writes it.

    English ``8,000,000.5``; Swedish ``8 000 000,5`` (a narrow no-break space groups thousands,
    as on the maps) and ``−2,3`` (the minus sign U+2212). ``console``: a plain space instead, for a line printed to a terminal (a
    redirected Windows console in cp1252 cannot write the narrow no-break space).
    """
    words = pick(_WORDS, language)
    thousands = " " if console and words["thousands"].isspace() else words["thousands"]
    text = f"{float(value):,.{digits}f}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # (a value that rounds to zero: "-0.0" had read as a loss)
    minus = "-" if console else words["minus"]  # (cp1252 has no U+2212 either)
    return text.translate({ord(","): thousands, ord("."): words["decimal"], ord("-"): minus})


def signed(value: float, digits: int = 1, language: str | None = None, *,
           console: bool = False) -> str:
    """A change with its sign: ``+1.8``, ``-140.7``, Swedish ``−2,3``; ``0.0`` where it rounds to 0.

    A value that rounds to zero at ``digits`` has no sign (``-0.03`` reads ``0.0``, not
    ``-0.0``). ``console``: as :func:`number`'s.
    """
    text = number(value, digits, language, console=console)
    return ("+" if float(value) > 0 and any(c in "123456789" for c in text) else "") + text


def minus_sign(language: str | None = None) -> str:
    """The minus sign ``language`` writes (Swedish U+2212, English the hyphen-minus)."""
    return pick(_WORDS, language)["minus"]


def plain(value: float, language: str | None = None) -> str:
    """A number with as many decimals as it has (up to six), as ``language`` writes it.

    For axis ticks: ``1.25``, Swedish ``1,25``; ``1200``, Swedish ``1 200``.
    """
    text = f"{float(value):,.6f}".rstrip("0").rstrip(".")
    words = pick(_WORDS, language)
    return text.translate({ord(","): words["thousands"], ord("."): words["decimal"],
                           ord("-"): words["minus"]})


def percent(share: float, digits: int = 1, language: str | None = None, *,
            console: bool = False) -> str:
    """A share in [0, 1] as a percentage: ``15.3 %``, Swedish ``15,3 %``.

    ``console``: as :func:`number`'s.
    """
    return f"{number(100.0 * float(share), digits, language, console=console)} %"


def degrees(deg: float, language: str | None = None) -> str:
    """A bearing with one decimal, as the outputs keep it: ``22.5°``, ``91.0°``, Swedish ``91,0°``.

    (``22.5`` had read ``22° (NE)``: the number rounded one way, the compass point the other;
    and a whole bearing without its ``.0``, ``181° (S)`` beside ``181,1° (S)`` in one table.)
    """
    return f"{number(float(deg), 1, language)}°"


def compass_points(language: str | None = None) -> list[str]:
    """The eight compass points from north, clockwise, as ``language`` abbreviates them."""
    return pick(_WORDS, language)["compass"].split()


def compass(deg: float, language: str | None = None) -> str:
    """The compass point of a bearing (0 = north, clockwise), a half-way bearing to the next.

    The one rule of the maps and the documents (``22.5`` reads NE, ``67.5`` E).
    """
    return compass_points(language)[int(((float(deg) % 360.0) + 22.5) // 45.0) % 8]


def language_of(*summaries: Mapping[str, object]) -> str:
    """The language the plans' scenarios asked for (``summary["settings"]["language"]``).

    The first summary's that names one (a comparison speaks plan A's); the default language for
    plans made by hand, without settings.
    """
    for summary in summaries:
        if not isinstance(summary, Mapping):  # (a Plan given for its summary)
            raise TypeError(f"language_of: expected a plan's summary, got {type(summary).__name__}")
        settings = summary.get("settings")
        language = settings.get("language") if isinstance(settings, Mapping) else None
        if isinstance(language, str) and language in LANGUAGES:
            return language
    return LANGUAGES[0]
