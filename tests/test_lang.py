"""Every language has every phrase: the phrase tables of the modules that write for people."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import planner
from planner import _lang


def _all_tables() -> dict[str, object]:
    for module in pkgutil.iter_modules(planner.__path__):
        if module.name == "__main__":  # (importing it runs the command line)
            continue
        importlib.import_module(f"planner.{module.name}")
    return dict(_lang.TABLES)


def test_every_language_has_every_phrase() -> None:
    tables = _all_tables()
    for name, table in tables.items():
        keys = {lang: set(table[lang]) for lang in _lang.LANGUAGES}
        for lang in _lang.LANGUAGES[1:]:
            assert keys[lang] == keys[_lang.LANGUAGES[0]], (
                name, lang, sorted(keys[lang] ^ keys[_lang.LANGUAGES[0]]))
        for lang in _lang.LANGUAGES:
            empty = [key for key, phrase in table[lang].items() if phrase == ""]
            assert not empty, (name, lang, empty)


def test_a_table_without_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="phrase table t: no sv"):
        _lang.texts("t", {"en": {"a": "A"}})
    assert "t" not in _lang.TABLES


def test_pick_defaults_to_english() -> None:
    table = {"en": {"a": "A"}, "sv": {"a": "Ä"}}
    assert _lang.pick(table, None)["a"] == "A"
    assert _lang.pick(table, "sv")["a"] == "Ä"
