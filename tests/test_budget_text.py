"""Amounts a scenario's title or description names, against the budget (``planner._budget_text``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner._budget_text import budget_mismatches, named_amounts, parse_sek, split_amounts
from planner.cli import main
from planner.errors import InputError
from planner.scenario import load_scenario
from tests.conftest import write_town

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("text", "amounts"), [
    ("Katrineholm 2018: safety cameras in residential areas (segregation grant, 8 MSEK)",
     [("8 MSEK", 8e6)]),
    ("Var ska 2,3 mnkr av 2018 års bidrag", [("2,3 mnkr", 2.3e6)]),
    ("8 000 000 kr, of which 500 tkr\nfor signs", [("8 000 000 kr", 8e6), ("500 tkr", 5e5)]),
    ("SEK 8,000,000 from the grant; 1.5 million SEK from the police; 6 Mkr",
     [("SEK 8,000,000", 8e6), ("1.5 million SEK", 1.5e6), ("6 Mkr", 6e6)]),
    ("EUR 200,000 (2.3 MSEK)", [("2.3 MSEK", 2.3e6)]),  # (other currencies are not read)
    ("the 2018 segregation grant, 14 areas, 60 m from homes", []),
    # (a price tag, as a budget may be written: "500 000:-" had gone unseen in a description)
    ("Bidraget om 500 000:- och 20:- per skylt, kl. 10:00", [("500 000:-", 5e5), ("20:-", 20.0)]),
])
def test_the_amounts_a_text_names(text, amounts):
    assert named_amounts(text) == amounts


def test_a_title_naming_another_budget_is_one_line_naming_the_key(tmp_path):
    scenario = load_scenario(write_town(tmp_path / "town", budget=30_000),
                             overrides={"title": "Tiny town (segregation grant, 8 MSEK)"})
    assert budget_mismatches(scenario) == [
        f"{scenario.source}: key title names 8 MSEK, but budget.total_sek is 30,000 SEK "
        "(scenario tiny); leave the amount out of title (report.md, the map and plan.xlsx state "
        "the budget), or give this budget its own title"]
    # one of the amounts is the budget (to 1 %): the others are about something else
    for text in ("30 000 kr, 12 000 kr per camera", "0.03 MSEK", "29 800 kr", "", "Tiny town"):
        assert budget_mismatches(scenario.with_overrides({"title": text})) == [], text


@pytest.mark.parametrize("file", ["katrineholm.toml", "helsinki-osm.toml"])
def test_the_shipped_scenarios_texts_name_no_budget(file):
    # "(segregation grant, 8 MSEK)" had headed the six-million variant's documents, and
    # Helsinki's "EUR 200,000 (2.3 MSEK)" its half-budget variant's
    path = REPO / "scenarios" / file
    base = load_scenario(path)
    for name in (None, *base.variants):
        scenario = load_scenario(path, variant=name)
        assert budget_mismatches(scenario) == [], name
        assert not named_amounts(scenario.title) and not named_amounts(scenario.description)
        assert "EUR" not in scenario.title + scenario.description
    assert budget_mismatches(load_scenario(path, overrides={"budget.total_sek": 5e6})) == []


def test_validate_warns_once_per_variant_whose_budget_the_title_does_not_name(tmp_path,
                                                                              caplog):
    scenario = write_town(tmp_path / "town", budget=60_000,
                          extra='[variants.less]\nbudget.total_sek = 45_000\n'
                                '[variants.night]\ncoverage.night = true\n')
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        'title = "Tiny test town"', 'title = "Tiny test town (60 000 kr)"'), encoding="utf-8")
    with caplog.at_level("WARNING", logger="planner"):
        assert main(["validate", str(scenario)]) == 0
    said = [r.getMessage() for r in caplog.records if "names" in r.getMessage()]
    assert said == [
        f"{scenario}: key title names 60 000 kr, but budget.total_sek is 45,000 SEK (scenario "
        "tiny:less); leave the amount out of title (report.md, the map and plan.xlsx state the "
        "budget), or give this budget its own title"]
    caplog.clear()
    with caplog.at_level("WARNING", logger="planner"):
        assert main(["validate", str(scenario), "--variant", "night"]) == 0
    assert not [r for r in caplog.records if "names" in r.getMessage()]
    # plan says it too, before it solves
    caplog.clear()
    with caplog.at_level("WARNING", logger="planner"):
        assert main(["-q", "plan", str(scenario), "--variant", "less", "--out",
                     str(tmp_path / "out")]) == 0
    assert [r.getMessage() for r in caplog.records if "names" in r.getMessage()] == said
    # and compare, for each side (B's title had not been checked), a line once
    caplog.clear()
    with caplog.at_level("WARNING", logger="planner"):
        assert main(["-q", "compare", f"{scenario}#less", f"{scenario}#less", "--out",
                     str(tmp_path / "same")]) == 0
    assert [r.getMessage() for r in caplog.records if "names" in r.getMessage()] == said
    caplog.clear()
    with caplog.at_level("WARNING", logger="planner"):
        assert main(["-q", "compare", str(scenario), str(scenario), "--set-b",
                     "budget.total_sek=50000", "--out", str(tmp_path / "cmp")]) == 0
    assert [r.getMessage() for r in caplog.records if "names" in r.getMessage()] == [
        f"{scenario}: key title names 60 000 kr, but budget.total_sek is 50,000 SEK (scenario "
        "tiny); leave the amount out of title (report.md, the map and plan.xlsx state the "
        "budget), or give this budget its own title"]


@pytest.mark.parametrize(("written", "sek"), [
    ("5 mnkr", 5_000_000.0), ("5 MSEK", 5_000_000.0), ("5 Mkr", 5_000_000.0),
    ("5,5 mnkr", 5_500_000.0), ("0,35 MSEK", 350_000.0), ("500 tkr", 500_000.0),
    ("500 kSEK", 500_000.0), ("5 000 000 kr", 5_000_000.0), ("5 000 000 SEK", 5_000_000.0),
    ("5\u00a0000\u00a0000 kr", 5_000_000.0), ("5\u202f000\u202f000", 5_000_000.0),
    ("5000000", 5_000_000.0), ("8 000 000,5", 8_000_000.5), ("1e6", 1_000_000.0),
    # (underscores, as TOML, Python and the messages write it: --budgets had taken them before
    # it read amounts, through float)
    ("8_000_000", 8_000_000.0), ("8_000_000.5", 8_000_000.5), ("1_500 tkr", 1_500_000.0),
    ("8__000", None), ("_8000", None), ("8000_", None),
    # as said aloud in a meeting ("6 miljoner" had been refused where "6 miljoner kr" was read)
    ("6 miljoner", 6_000_000.0), ("6 milj", 6_000_000.0), ("6 milj. kr", 6_000_000.0),
    ("1 miljon", 1_000_000.0), ("2,5 Miljoner kronor", 2_500_000.0), ("500 tusen", 500_000.0),
    ("500 tusen kr", 500_000.0), ("6 mil", None), ("1,500 tusen", None),
    # as Swedish accounts and price tags write it (thousands of kronor "kkr"; "500 000:-")
    ("500 kkr", 500_000.0), ("2,5 kkr", 2_500.0), ("500 000:-", 500_000.0),
    ("500000:-", 500_000.0), ("500 000 :-", 500_000.0),
    # not an amount, or a comma or point that may group thousands or give decimals
    ("fem miljoner", None), ("5 EUR", None), ("8,000,000", None), ("8,000 kr", None),
    ("8.000", None), ("5 mnkr 3", None), ("", None), ("\u0663 mnkr", None),  # (an Arabic 3)
])
def test_an_amount_is_read_as_people_write_it(written, sek):
    assert parse_sek(written) == sek


def test_a_comma_list_of_amounts_keeps_its_decimal_commas():
    assert split_amounts("2,5 mnkr,500 tkr") == ["2,5 mnkr", "500 tkr"]
    assert split_amounts("2000000,3000000") == ["2000000", "3000000"]
    assert split_amounts("200,300") == ["200", "300"]  # (no unit: two amounts)
    assert split_amounts("2 miljoner,3,5 miljoner") == ["2 miljoner", "3,5 miljoner"]


@pytest.mark.parametrize("written", ["1,500 tkr", "12,500 kSEK", "200,300 tkr"])
def test_thousands_with_a_comma_before_three_digits_are_in_doubt(written):
    # ("1,500 tkr" had been 1,500 SEK; with a thousands comma it is 1,500,000)
    assert parse_sek(written) is None


def test_a_comma_list_keeps_an_amount_in_doubt_whole_to_refuse_it():
    # (with a unit after it the comma is in the number: "2 mnkr,1,500 tkr" had been the stages
    # 2,000,000, 1 and 500,000 SEK, and "1,500 kr,2 kr" three amounts)
    from planner.errors import InputError
    from planner.rollout import parse_stages
    from planner.sweep import parse_budgets

    assert split_amounts("2 mnkr,1,500 tkr") == ["2 mnkr", "1,500 tkr"]
    assert split_amounts("1,500 kr,2 kr") == ["1,500 kr", "2 kr"]
    assert split_amounts("1,5 kr,2 kr") == ["1,5 kr", "2 kr"]
    assert parse_sek("1,5 tkr") == 1_500.0 and parse_sek("1,500 mnkr") == 1_500_000.0
    with pytest.raises(InputError) as err:
        parse_stages("2 mnkr,1,500 tkr")
    assert str(err.value) == (
        "--stages '2 mnkr,1,500 tkr': expected the money of each stage in SEK as a comma list, "
        'e.g. 2000000,3000000,3000000 or "2 mnkr,3 mnkr,3 mnkr"')
    with pytest.raises(InputError, match=r"^--budgets '1 mnkr,1,500 kr': expected START"):
        parse_budgets("1 mnkr,1,500 kr")


@pytest.mark.parametrize("text", ["3,5,8 mnkr", "500 tkr,5", "1 MSEK, 2, 3 MSEK"])
def test_a_list_whose_unit_stands_on_some_amounts_is_refused(text):
    # ("3,5,8 mnkr", meaning 3, 5 and 8 MSEK, had been read as 3 SEK and 5.8 MSEK)
    from planner.rollout import parse_stages
    from planner.sweep import parse_budgets

    bare = text.split(",")[0 if text.startswith("3") else 1].strip()
    with pytest.raises(InputError) as budgets:
        parse_budgets(text)
    assert str(budgets.value) == (f"--budgets {text!r}: {bare} has no unit where others have "
                                  "one; write each amount with its unit, e.g. \"3 mnkr,5 mnkr,8 "
                                  "mnkr\"")
    with pytest.raises(InputError) as stages:
        parse_stages(text)
    assert str(stages.value).startswith(f"--stages {text!r}: {bare} has no unit where others ")


@pytest.mark.parametrize(("text", "amounts"), [
    ("2,5 mnkr,3 mnkr", [2_500_000.0, 3_000_000.0]), ("2000000,3 mnkr", [2_000_000.0, 3_000_000.0]),
    ("200,300", [200.0, 300.0]), ("1500 kr,2 mnkr", [1_500.0, 2_000_000.0]),
])
def test_a_list_of_amounts_each_with_its_unit_or_none_is_read(text, amounts):
    from planner.rollout import parse_stages
    from planner.sweep import parse_budgets

    assert parse_budgets(text) == amounts and parse_stages(text) == amounts


@pytest.mark.parametrize(("text", "amounts"), [
    ("500 000:-", [500_000.0]), ("500 000:-,800 000:-", [500_000.0, 800_000.0]),
    ("500 000:-:700 000:-:100 000:-", [500_000.0, 600_000.0, 700_000.0]),
])
def test_budgets_written_as_price_tags_are_no_range(text, amounts):
    # (the colon of "500 000:-" had been taken for START:STOP:STEP's and the list refused)
    from planner.sweep import parse_budgets

    assert parse_budgets(text) == amounts
