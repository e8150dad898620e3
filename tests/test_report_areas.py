"""report.md's areas section says which areas the plan is for and why.

The selection rule (``demand.areas``, ``demand.min_priority``), what the priority is (the
relative index of the indicators, where the areas layer's priority is that index) and the
indicators per planned area, with their source: a strategist writing an application to
Delegationen mot segregation had found only "Prioritet 1,00 / 0,99" and "in the 9 planned areas".
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pytest

from planner import load_scenario
from planner._plan_assemble import _areas_layer
from planner._report_markdown import _indicator_lines, _priority_line, _selection_line
from planner.plan import plan
from planner.report import report_markdown
from tests.conftest import write_town

#: Nyhem-Nävertorp's and Värmbol-Duveholm's figures (data/README.md), for the town's two areas
INDICATORS = {"low_econ_standard_pct": [38.0, 6.0], "unemployment_rate": [0.17, 0.0322],
              "foreign_background_share": [0.539, 0.0595], "rental_share": [0.652, 0.1337],
              "median_income_tkr": [221.5, 302.9]}


def town_with_indicators(folder: Path, language: str = "en", **columns: list[object]) -> Path:
    """The tiny town whose areas layer has the indicators (priority 1 and 0: their index)."""
    scenario = write_town(folder, budget=60_000)
    areas = gpd.read_file(folder / "areas.geojson")
    for column, values in {**INDICATORS, **columns}.items():
        areas[column] = values
    areas.to_file(folder / "areas.geojson", engine="pyogrio")
    if language != "en":
        scenario.write_text(f'language = "{language}"\n' + scenario.read_text(encoding="utf-8"),
                            encoding="utf-8")
    return scenario


def section(report: str, heading: str) -> list[str]:
    lines = report.splitlines()
    at = lines.index(heading)
    return lines[at:lines.index(next(x for x in lines[at + 1:] if x.startswith("## ")))]


def test_the_areas_section_gives_the_rule_the_index_and_the_indicators(tmp_path):
    report = report_markdown(plan(load_scenario(town_with_indicators(tmp_path / "town"))))
    lines = section(report, "## Areas")
    assert lines[2] == (
        "The planned areas: all 2 of the areas layer (`demand.areas` = \"all\"). Priority is a "
        "relative socioeconomic index in [0, 1] of the indicators below: each is min-max "
        "normalised across the areas layer's 2 areas (median_income_tkr inverted: the lower the "
        "income, the greater the need) and their mean is rescaled to [0, 1] "
        "(`planner.importers.priority_index`, as `planner import deso` computes it). 1 is the "
        "greatest challenges among these areas, 0 the fewest: a ranking within them, not a "
        "national measure. An area's demand weight is its population × (1 + 1 × priority) "
        "(`demand.priority_gain`).")
    # no source column: the indicators are the areas layer's, the file as the scenario names it
    assert lines[4] == (
        "The socioeconomic indicators behind the priority, per planned area (the areas layer's, "
        "`data.areas`: areas.geojson): low_econ_standard_pct, % of residents with low economic "
        "standard; unemployment_rate, of those aged 16–64; foreign_background_share, residents "
        "with a foreign background; rental_share, dwellings that are rented; median_income_tkr, "
        "median net income in thousand SEK.")
    assert lines[6:10] == [
        "| area_id | name | priority | low_econ_standard_pct | unemployment_rate | "
        "foreign_background_share | rental_share | median_income_tkr |",
        "|---|---|---|---|---|---|---|---|",
        "| east | East side | 1.00 | 38 | 17.0 % | 53.9 % | 65.2 % | 221.5 |",
        "| west | West side | 0.00 | 6 | 3.2 % | 5.9 % | 13.4 % | 302.9 |",
    ]
    # then what the plan reaches there, as before
    assert lines[11].startswith("covered_population_after, like the covered population above")
    assert lines[13].startswith("| area_id | name | population | priority | weight |")
    assert "SCB" not in "\n".join(lines)  # (nothing in this layer says where its figures are from)


def test_the_swedish_areas_section(tmp_path):
    report = report_markdown(plan(load_scenario(town_with_indicators(tmp_path / "town", "sv"))))
    lines = section(report, "## Områden")
    assert lines[2].startswith(
        "De planerade områdena: alla 2 i områdeslagret (`demand.areas` = \"all\"). Prioriteten är "
        "ett relativt socioekonomiskt index mellan 0 och 1 av indikatorerna nedan: var och en "
        "min–max-normaliseras över områdeslagrets 2 områden (medianinkomsten omvänd")
    assert lines[4] == ("De socioekonomiska indikatorerna bakom prioriteten för varje planerat "
                        "område (områdeslagrets, `data.areas`: areas.geojson).")
    assert lines[6:10] == [
        "| Område (id) | Namn | Prioritet | Låg ekonomisk standard (%) | Arbetslöshet 16–64 år "
        "(andel) | Andel med utländsk bakgrund | Andel hyresrätter | Median nettoinkomst (tkr) |",
        "|---|---|---|---|---|---|---|---|",
        "| east | East side | 1,00 | 38 | 17,0 % | 53,9 % | 65,2 % | 221,5 |",
        "| west | West side | 0,00 | 6 | 3,2 % | 5,9 % | 13,4 % | 302,9 |",
    ]


def test_a_source_column_is_named_and_a_priority_not_the_index_is_said_to_be_the_layers(
        tmp_path):
    scenario = town_with_indicators(tmp_path / "town", source=["SCB, DeSO 2022", "SCB, DeSO 2022"],
                                    priority=[0.9, 0.2])
    lines = section(report_markdown(plan(load_scenario(scenario))), "## Areas")
    assert lines[2] == (
        "The planned areas: all 2 of the areas layer (`demand.areas` = \"all\"). Priority is the "
        "areas layer's own, in [0, 1] (1 = the greatest challenges); it is not the relative index "
        "of the indicators below that `planner import deso` computes "
        "(`planner.importers.priority_index`: each min-max normalised across the layer's areas, "
        "averaged). An area's demand weight is its population × (1 + 1 × priority) "
        "(`demand.priority_gain`).")
    # (not "behind the priority": the sentence before says the priority is not made of them)
    assert lines[4].startswith("The areas layer's socioeconomic indicators, per planned area "
                               "(source: SCB, DeSO 2022): low_econ_standard_pct, ")


def test_indicators_not_known_to_make_the_priority_are_not_said_to_be_behind_it(tmp_path):
    # (a layer with some of the indicators: its priority is its own, "the layer lacks the
    # indicators", and the table of those it has had been headed as the priority's makings)
    scenario = town_with_indicators(tmp_path / "town", "sv")
    areas = gpd.read_file(tmp_path / "town" / "areas.geojson")
    areas.drop(columns=["rental_share"]).to_file(tmp_path / "town" / "areas.geojson",
                                                 engine="pyogrio")
    lines = section(report_markdown(plan(load_scenario(scenario))), "## Områden")
    assert "lagret saknar de indikatorer" in lines[2]
    assert lines[4] == ("Områdeslagrets socioekonomiska indikatorer för varje planerat område "
                        "(områdeslagrets, `data.areas`: areas.geojson).")


@pytest.mark.parametrize(("demand", "en", "sv"), [
    ({"areas": "all", "min_priority": 0.0}, "The planned areas: all 9 of the areas layer "
     "(`demand.areas` = \"all\").", "De planerade områdena: alla 9 i områdeslagret "
     "(`demand.areas` = \"all\")."),
    ({"areas": "all", "min_priority": 0.5}, "The planned areas: the 9 with priority 0.5 or more "
     "(`demand.min_priority`), of the areas layer's 21.", "De planerade områdena: de 9 som har "
     "prioritet 0,5 eller högre (`demand.min_priority`), av områdeslagrets 21."),
    ({"areas": [f"a{k}" for k in range(14)], "min_priority": 0.0}, "The planned areas: the 9 "
     "that `demand.areas` lists, of the areas layer's 21.", "De planerade områdena: de 9 som "
     "`demand.areas` listar, av områdeslagrets 21."),
    ({"areas": [f"a{k}" for k in range(14)], "min_priority": 0.5}, "The planned areas: the 9 of "
     "the 14 that `demand.areas` lists with priority 0.5 or more (`demand.min_priority`), of the "
     "areas layer's 21.", "De planerade områdena: de 9 av de 14 i `demand.areas` som har "
     "prioritet 0,5 eller högre (`demand.min_priority`), av områdeslagrets 21."),
])
def test_the_selection_rule_in_words(demand, en, sv):
    total = 9 if demand["areas"] == "all" and not demand["min_priority"] else 21
    summary = {"n_areas": 9, "settings": {"demand": demand},
               "areas_layer": {"n_areas": total, "priority_from_indicators": None}}
    assert _selection_line(summary, "en") == en
    assert _selection_line(summary, "sv") == sv


def test_a_plan_made_by_hand_without_the_layers_record_says_what_it_can():
    summary = {"n_areas": 2, "settings": {"demand": {"areas": "all", "min_priority": 0.0}}}
    assert _selection_line(summary) == ("The planned areas: all 2 of the areas layer "
                                        "(`demand.areas` = \"all\").")
    assert _priority_line(summary).startswith("Priority is the areas layer's own, in [0, 1] (1 = "
                                              "the greatest challenges); the layer lacks the ")


def test_the_default_datas_indicators_are_the_areas_layers_figures(repo_root):
    # the default scenario's 14 town areas, as report.md's area section gives them
    scenario = load_scenario(repo_root / "scenarios" / "katrineholm.toml")
    layer = gpd.read_file(repo_root / "data" / "areas.geojson")
    assert _areas_layer(layer) == {"n_areas": 21, "priority_from_indicators": True}
    planned = layer[layer["area_id"].isin(scenario.demand.areas)]
    summary = {"n_areas": len(planned), "inputs": {"areas": {"file": "../data/areas.geojson"}},
               "settings": {"demand": {"areas": scenario.demand.areas, "min_priority": 0.0}},
               "areas_layer": _areas_layer(layer)}
    lines = _indicator_lines(SimpleNamespace(areas=pd.DataFrame(planned), summary=summary), "en")
    # (the default data's figures are SCB's, data/README.md: its areas layer says so)
    assert lines[0].startswith("The socioeconomic indicators behind the priority, per planned "
                               "area (source: SCB, DeSO 2022 (Statistikdatabasen, CC0)): ")
    assert len(lines[2].splitlines()) == 2 + 14
    row = layer.set_index("area_id").loc["0483C1090"]
    assert (row["low_econ_standard_pct"], row["unemployment_rate"], row["median_income_tkr"]) \
        == (38.0, 0.1704, 221.5)
    # the first row: the greatest priority, Nyhem-Nävertorp's 0483C1090 (data/README.md)
    assert lines[2].splitlines()[2] == (
        "| 0483C1090 | Nyhem-Nävertorp | 1.00 | 38 | 17.0 % | 53.9 % | 65.2 % | 221.5 |")
    sv = _indicator_lines(SimpleNamespace(areas=pd.DataFrame(planned), summary=summary), "sv")
    assert sv[2].splitlines()[3] == (
        "| 0483C1050 | Nyhem-Nävertorp | 0,99 | 39 | 16,6 % | 60,2 % | 51,2 % | 218,4 |")
