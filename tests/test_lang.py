"""Every language has every phrase: the phrase tables of the modules that write for people."""

from __future__ import annotations

import importlib
import pkgutil
import string

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


def test_language_of_takes_the_first_plan_that_names_one() -> None:
    english, swedish = {"settings": {"language": "en"}}, {"settings": {"language": "sv"}}
    by_hand: dict[str, object] = {"objective": 1.0}  # (no settings: says nothing)
    assert _lang.language_of(by_hand) == "en"
    assert _lang.language_of(by_hand, swedish) == "sv"
    assert _lang.language_of(english, swedish) == "en"
    assert _lang.language_of({"settings": {"language": "fr"}}) == "en"
    with pytest.raises(TypeError, match="expected a plan's summary, got list"):
        _lang.language_of([])  # type: ignore[arg-type]


@pytest.mark.parametrize("deg, en, sv", [(0, "0.0° (N)", "0,0° (N)"), (22.5, "22.5° (NE)", "22,5° (NO)"),
                                         (112.5, "112.5° (SE)", "112,5° (SO)"),
                                         (270, "270.0° (W)", "270,0° (V)"), (359.9, "359.9° (N)", "359,9° (N)")])
def test_bearings_and_their_compass_points_agree(deg, en, sv) -> None:
    # (22.5 had read "22° (NE)" in the report and "22° (N)" on the map; one decimal always, so
    # that "181° (S)" no longer stands beside "181,1° (S)" in one table)
    for language, expected in (("en", en), ("sv", sv)):
        assert f"{_lang.degrees(deg, language)} ({_lang.compass(deg, language)})" == expected


def test_numbers_in_each_language() -> None:
    assert _lang.number(8_000_000.5, 1, "en") == "8,000,000.5"
    assert _lang.number(8_000_000.5, 1, "sv") == "8\u202f000\u202f000,5"
    # for a terminal: a plain space, which any console encoding has
    assert _lang.number(8_000_000.5, 1, "sv", console=True) == "8 000 000,5"
    assert _lang.number(8_000_000.5, 1, "en", console=True) == "8,000,000.5"
    # a Swedish minus sign, except on a console (cp1252 has none)
    assert _lang.number(-2.25, 2, "sv") == "\u22122,25"
    assert _lang.number(-2.25, 2, "sv", console=True) == "-2,25"
    assert _lang.number(-2.25, 2, "en") == "-2.25"
    assert _lang.plain(-1200.5, "sv") == "\u22121\u202f200,5"
    assert _lang.percent(12.345, 2, "sv", console=True) == "1 234,50 %"
    assert _lang.percent(0.153, 1, "sv") == "15,3 %" and _lang.percent(0.153) == "15.3 %"
    # ("tillåten lösning" had read to a board as a permitted, approved plan)
    assert _lang.status("feasible", "sv") == "ej bevisat optimal"
    assert _lang.status("infeasible", "sv") == "ingen plan möjlig"
    assert _lang.status("feasible") == "feasible"
    assert [_lang.mount(m, "sv") for m in ("lamp_post", "pole", "facade", "crane")] == [
        "belysningsstolpe", "stolpe", "fasad", "crane"]
    # (English words too: an English map's popups had read "(lamp_post)"; unknown kinds as given)
    assert [_lang.mount(m) for m in ("lamp_post", "pole", "facade", "crane")] == [
        "lamp post", "pole", "façade", "crane"]
    assert [_lang.zone_kind(k) for k in ("private_garden", "facade_band", "home", "gardens")] == [
        "private garden", "façade band", "home", "gardens"]
    # English tables for people word the mount types, and keep the other codes (their words)
    assert _lang.coded("mount_type", "lamp_post") == "lamp post"
    assert _lang.coded("mount_type", "lamp_post", "sv") == "belysningsstolpe"
    assert _lang.coded("stopped_by", "proof") == "proof"


def test_a_value_that_rounds_to_zero_has_no_sign() -> None:
    # (compare.html had shown "−0,0 procentenheter" for a change of −0.03 percentage points)
    assert _lang.number(-0.03, 1, "en") == "0.0"
    assert _lang.number(-0.03, 1, "sv") == "0,0"
    assert _lang.number(-0.4, 0, "sv", console=True) == "0"
    assert _lang.number(-0.05, 1, "sv") == "\u22120,1"  # (rounds away from zero: a sign)
    assert [_lang.signed(v, 1, "en") for v in (-0.03, 0.03, 0.0, -0.0, 1.84, -2.25)] == [
        "0.0", "0.0", "0.0", "0.0", "+1.8", "-2.2"]
    assert [_lang.signed(v, 1, "sv") for v in (-0.03, 0.04, 1234.56, -140.74)] == [
        "0,0", "0,0", "+1\u202f234,6", "\u2212140,7"]
    assert _lang.signed(-2.25, 2, "sv", console=True) == "-2,25"


def _fields(phrase: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(phrase) if name}
    except ValueError:  # (a phrase not meant for str.format, e.g. with a lone brace)
        return {"<not a format string>"}


#: phrases whose languages fill in different fields on purpose
DIFFERENT_FIELDS = {("workbook", "surveillance item")}  # (Swedish adds the item's name)


def test_every_language_fills_in_the_same_fields() -> None:
    for name, table in _all_tables().items():
        first = table[_lang.LANGUAGES[0]]
        for lang in _lang.LANGUAGES[1:]:
            for key, phrase in table[lang].items():
                if (name, key) in DIFFERENT_FIELDS:
                    continue
                assert _fields(phrase) == _fields(first[key]), (name, lang, key)


def test_the_deso_indicators_have_swedish_headers() -> None:
    import pandas as pd

    from planner.workbook import headers

    columns = ["category", "low_econ_standard_pct", "unemployment_rate",
               "foreign_background_share", "rental_share", "median_income_tkr"]
    swedish = list(headers(pd.DataFrame(columns=columns), "sv").columns)
    assert swedish[1] == "Låg ekonomisk standard (%)" and swedish[5] == "Median nettoinkomst (tkr)"
    assert not set(columns) & set(swedish)


def test_swedish_chart_ticks_write_zero_without_a_sign() -> None:
    # (a tick at -0.0 had read "−0" once Swedish numbers took the minus sign U+2212)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from planner._chart import word_ticks

    fig, ax = plt.subplots()
    word_ticks([ax], "sv")
    fmt = ax.yaxis.get_major_formatter()
    assert [fmt(v, 0) for v in (-0.0, 0.0, -1.5, 1200.0)] == ["0", "0", "\u22121,5", "1\u202f200"]
    plt.close(fig)


def test_names_are_listed_in_a_sentence_in_each_language() -> None:
    # report.md's blind cameras, its places and its area factors, and the error messages: one
    # helper (each had worded the list itself)
    assert _lang.listed([]) == ""
    assert _lang.listed(["C001"]) == "C001"
    assert _lang.listed(["C001", "C002"]) == "C001 and C002"
    assert _lang.listed(["Stortorget", "Resecentrum", "Parken"], "en") == (
        "Stortorget, Resecentrum and Parken")
    assert _lang.listed(["Stortorget", "Resecentrum", "Parken"], "sv") == (
        "Stortorget, Resecentrum och Parken")


def test_level_code_reads_a_level_in_either_language():
    assert [_lang.level_code(w) for w in ("upptäcka", "Observera", " känna  igen ", "identifiera",
                                          "recognise", "se", "")] == [
        "detect", "observe", "recognise", "identify", "recognise", None, None]


def test_running_costs_have_one_name_in_each_language() -> None:
    # Swedish had said "Driftkostnad per år (kr)" in plan.xlsx and "Driftkostnader per år (kr)"
    # in the comparison's report.md for the same amount
    import re

    odd = {"en": re.compile(r"[Rr]unning cost(?!s)"), "sv": re.compile(r"[Dd]riftkostnad(?!er)")}
    found = [(name, lang, key) for name, table in _all_tables().items()
             for lang, pattern in odd.items()
             for key, phrase in table[lang].items() if pattern.search(str(phrase))]
    assert found == []
    assert "Driftkostnader per år (kr)" in _lang.TABLES["workbook"]["sv"].values()


@pytest.mark.parametrize(("language", "name"), [("en", "Optimisation"), ("sv", "Optimering")])
def test_the_optimisation_row_has_one_name_in_report_and_map(language, name) -> None:
    # report.md had said "Solver" ("Optimeringslösare") for what the map's panel calls
    # "Optimisation" ("Optimering"): the solver, its status and gap
    from planner._map_panels import TEXT as MAP
    from planner._report_text import _TEXT as REPORT

    assert _lang.pick(MAP, language)["solver"] == name
    assert _lang.pick(REPORT, language)["solver"].startswith(f"- {name}: {{backend}}, status ")
