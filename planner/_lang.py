"""The languages of what people read: reports, workbooks, drawings and maps (internal).

Each module that writes text for people keeps its own table of phrases, one mapping per
language with the same keys, made with :func:`texts`; the scenario's top-level ``language``
chooses the mapping. Every table is registered here so that the tests can check that each
language has every phrase (and no phrase the others lack). Data files (CSV, GeoJSON, JSON)
keep their English column names and keys in every language: programs read them.
"""

from __future__ import annotations

from collections.abc import Mapping

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
