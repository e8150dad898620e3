"""demand.area_factors: an area's demand weight multiplied in the objective, its share as is.

The test town (tests/conftest.py ``write_town``): area 'east' (600 people, priority 1: weight
1,200 over 111 grid points) right of mount lamp-1, area 'west' (400 people, priority 0: weight
400 over 117 points) left of lamp-2, 240 m apart; the budget buys one camera. Facing east from
lamp-1 the camera earns 15 points' worth of values (1,200 × 15 / 111 = 162.16), facing west
from lamp-2 12.25 (400 × 12.25 / 117 = 41.88): the west wins once its factor passes
162.16 / 41.88 = 3.87.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner._area_factors import factors_of
from planner._map_popups import area_popup
from planner._plan_problem import _problem
from planner.cli import main
from planner.errors import InputError
from planner.plan import Prepared, plan, prepare, same_preparation, solve_prepared
from planner.report import report_markdown
from planner.scenario import Scenario, load_scenario, parse_override
from tests.conftest import write_town

EAST = 1200 * 15 / 111  # the camera at lamp-1 facing east: the east's covered weight
WEST = 400 * 12.25 / 117  # the camera at lamp-2 facing west: the west's covered weight


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_town(tmp_path_factory.mktemp("factors") / "town")


@pytest.fixture(scope="module")
def prepared(town: Path) -> Prepared:
    return prepare(load_scenario(town))


def _with(town: Path, **factors: float) -> Scenario:
    return load_scenario(town, overrides={"demand.area_factors": factors})


def test_each_point_takes_its_areas_factor_by_the_ids_text(town: Path) -> None:
    # an id looked up as text (the scenario's keys are); no area (None, NaN, pd.NA) and an id
    # without a factor: 1. A Series, categorical, or any iterable (each distinct id looked up
    # once: it had been a Python call per demand point)
    scenario = load_scenario(town, overrides={"demand.area_factors": {"east": 2.5, "7": 0.25}})
    ids = ["east", None, "west", np.nan, 7, "east", pd.NA, "7"]
    expected = [2.5, 1.0, 1.0, 1.0, 0.25, 2.5, 1.0, 0.25]
    assert factors_of(scenario, ids).tolist() == expected
    assert factors_of(scenario, iter(ids)).tolist() == expected
    assert factors_of(scenario, pd.Series(ids, dtype=object)).tolist() == expected
    assert factors_of(scenario, pd.Series(["west", "east", None], dtype="category")).tolist() \
        == [1.0, 2.5, 1.0]
    assert factors_of(scenario, pd.Series([7, 8], dtype="int64")).tolist() == [0.25, 1.0]
    assert factors_of(scenario, []).tolist() == []
    assert factors_of(load_scenario(town), ids).tolist() == [1.0] * 8


def test_without_the_key_the_plan_is_as_before(town: Path, prepared: Prepared) -> None:
    base = load_scenario(town)
    assert base.demand.area_factors == {}
    result = solve_prepared(prepared, base)
    assert result.summary["objective"] == pytest.approx(EAST, rel=1e-12)
    assert result.cameras["site_id"].tolist() == ["lamp-1"]
    assert "area_factor" not in result.areas.columns  # (areas.geojson's columns as before)
    assert result.summary["settings"]["demand"]["area_factors"] == {}
    # the optimiser's weights are the demand's, bit for bit
    problem = _problem(base, prepared)
    assert np.array_equal(problem.weights, prepared.demand["weight"].to_numpy(dtype=float))


def test_a_factor_of_2_doubles_the_objectives_weights_exactly_there(
        town: Path,
        prepared: Prepared,
) -> None:
    w = prepared.demand["weight"].to_numpy(dtype=float)
    west = (prepared.demand["area_id"] == "west").to_numpy()
    weights = np.asarray(_problem(_with(town, west=2.0), prepared).weights)
    assert np.array_equal(weights[west], 2 * w[west])
    assert np.array_equal(weights[~west], w[~west])
    assert weights[west].sum() == 800.0 and weights[~west].sum() == 1200.0


def test_the_camera_moves_where_the_factor_outweighs_the_other_area(
        town: Path,
        prepared: Prepared,
) -> None:
    # x2 on the west: 2 × 41.88 = 83.76 < 162.16, the camera stays; x4: 167.52 > 162.16
    stays = solve_prepared(prepared, _with(town, west=2.0))
    assert stays.cameras["site_id"].tolist() == ["lamp-1"]
    assert stays.summary["objective"] == pytest.approx(EAST, rel=1e-12)
    moves = solve_prepared(prepared, _with(town, west=4.0))
    assert moves.cameras["site_id"].tolist() == ["lamp-2"]
    assert moves.cameras["orientation_deg"].tolist() == [270.0]
    # hand-computed: 4 × 400 × 12.25 / 117 = 19,600 / 117
    assert moves.summary["objective"] == pytest.approx(19_600 / 117, rel=1e-12)
    # the measures stay in the data's weights: the west's covered weight and share as they are
    west = moves.areas.set_index("area_id").loc["west"]
    assert west["weight"] == 400.0 and west["area_factor"] == 4.0
    assert west["covered_weight_after"] == pytest.approx(WEST, rel=1e-12)
    assert west["covered_share_after"] == pytest.approx(12.25 / 117, rel=1e-12)
    assert moves.summary["covered_share"] == pytest.approx(WEST / 1600, rel=1e-12)
    # lowering the east instead: 0.25 × 162.16 = 40.54 < 41.88, the same move
    lowered = solve_prepared(prepared, _with(town, east=0.25))
    assert lowered.cameras["site_id"].tolist() == ["lamp-2"]
    assert lowered.summary["objective"] == pytest.approx(WEST, rel=1e-12)


def test_the_factor_changes_no_share(town: Path, prepared: Prepared) -> None:
    base = solve_prepared(prepared, load_scenario(town))
    doubled = solve_prepared(prepared, _with(town, east=2.0))
    assert doubled.cameras["option_id"].tolist() == base.cameras["option_id"].tolist()
    for column in ("weight", "covered_weight_after", "covered_share_after",
                   "covered_population_after", "seen_share_after"):
        assert doubled.areas[column].tolist() == base.areas[column].tolist()
    assert doubled.summary["covered_share"] == base.summary["covered_share"]
    assert doubled.summary["covered_population"] == base.summary["covered_population"]
    assert doubled.summary["objective"] == pytest.approx(2 * EAST, rel=1e-12)
    assert doubled.cameras["covered_weight"].tolist() == base.cameras["covered_weight"].tolist()


def test_the_equity_share_is_of_the_areas_own_weight(town: Path, prepared: Prepared) -> None:
    # two cameras' money; every area at least 10 %: the west reaches 12.25 / 117 = 10.5 % with
    # its camera, however little the objective counts it (x 0.01), and however much the east
    rule = {"budget.total_sek": 60_000, "constraints.equity_min_share": 0.1}
    for factors in ({}, {"west": 0.01}, {"east": 100.0}):
        scenario = load_scenario(town, overrides={**rule, "demand.area_factors": factors})
        result = solve_prepared(prepared, scenario)
        shares = result.areas.set_index("area_id")["covered_share_after"]
        assert shares["west"] == pytest.approx(12.25 / 117, rel=1e-12)
        assert sorted(result.cameras["site_id"]) == ["lamp-1", "lamp-2"]
    # maxmin: the smallest share first, the same whatever the factors
    maxmin = {**rule, "constraints.equity_min_share": 0, "constraints.equity_mode": "maxmin"}
    smallest = [solve_prepared(prepared, load_scenario(
        town, overrides={**maxmin, "demand.area_factors": f})).areas["covered_share_after"].min()
        for f in ({}, {"west": 0.01})]
    assert smallest[0] == smallest[1] == pytest.approx(12.25 / 117, rel=1e-12)


def test_plans_differing_in_factors_share_a_preparation(town: Path, prepared: Prepared) -> None:
    base = load_scenario(town)
    assert same_preparation(base, _with(town, west=2.0))
    assert not same_preparation(base, load_scenario(town, overrides={
        "demand.priority_gain": 2.0}))
    # a factor's id is checked against the prepared layer when solved from it
    with pytest.raises(InputError) as err:
        solve_prepared(prepared, _with(town, wset=2.0))
    assert str(err.value) == (
        f"{town}: key demand.area_factors names unknown area id wset; did you mean west? "
        "(data.areas, areas.geojson as the scenario gives it)")


def test_a_place_counts_with_its_areas_factor(tmp_path: Path) -> None:
    from tests.test_places import SQUARE, _places

    scenario = write_town(tmp_path / "town")
    text = scenario.read_text().replace('cameras = "cameras.toml"\n',
                                        'cameras = "cameras.toml"\nplaces = "places.geojson"\n')
    scenario.write_text(text)
    _places([SQUARE], [100.0]).to_file(tmp_path / "town" / "places.geojson", engine="pyogrio")
    prepared = prepare(load_scenario(scenario))
    demand = prepared.demand
    place = demand["place_id"].notna().to_numpy()
    weights = np.asarray(_problem(_with(scenario, west=3.0), prepared).weights)
    w = demand["weight"].to_numpy(dtype=float)
    assert place.sum() == 25 and set(demand.loc[place, "area_id"]) == {"west"}
    assert np.array_equal(weights[place], 3.0 * w[place])
    assert weights[place].sum() == pytest.approx(300.0, rel=1e-12)
    assert weights[~place & (demand["area_id"] == "west").to_numpy()].sum() == pytest.approx(
        1200.0, rel=1e-12)


@pytest.mark.parametrize(("value", "message"), [
    ("{west=0}", "key demand.area_factors.west: 0 would leave the area out of the objective; "
                 "to plan without it, leave it out of demand.areas (a list of the area ids to "
                 "plan)"),
    ("{west=-2}", "key demand.area_factors.west: -2 is negative; give a factor > 0 (1 counts "
                  "the area as it is)"),
    ('{west="2"}', "key demand.area_factors.west: '2' is not a number; write a number without "
                   "quotes, e.g. 2"),
    ("{west=true}", "key demand.area_factors.west: true is not a number; write a number, e.g. 2"),
    ("{west=1000}", "key demand.area_factors.west: 1000 is above 100; give a factor from 0.01 to "
                    "100, or plan the area alone with demand.areas"),
    ("{west=0.001}", "key demand.area_factors.west: 0.001 is below 0.01; give a factor from "
                     "0.01 to 100, or leave the area out of demand.areas"),
    ("2", 'key demand.area_factors: give a table of area ids and factors, e.g. '
          '{ "0483C1090" = 2 } (got 2)'),
])
def test_bad_factors_are_refused_naming_the_key(
        town: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    assert main(["validate", str(town), "--set", f"demand.area_factors={value}"]) == 2
    err = capsys.readouterr().err
    assert err == f"planner: error: {town}: {message}\n"


def test_unknown_ids_and_names_are_answered_with_the_ids(
        town: Path,
        capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(town), "--set", "demand.area_factors={wset=2}"]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key demand.area_factors names unknown area id wset; did you "
        "mean west? (data.areas, areas.geojson as the scenario gives it)\n")
    assert main(["validate", str(town), "--set", 'demand.area_factors={"West side"=2}']) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: key demand.area_factors names unknown area id West side; "
        "'West side' is the name of west (data.areas, areas.geojson as the scenario gives it); "
        "give its id\n")
    # the key misspelt
    assert main(["validate", str(town), "--set", "demand.area_factor={west=2}"]) == 2
    assert capsys.readouterr().err == (
        f"planner: error: {town}: --set demand.area_factor: unknown key; did you mean "
        "demand.area_factors?\n")


def test_set_and_variants_give_the_table_or_one_area(
        town: Path,
        capsys: pytest.CaptureFixture[str],
) -> None:
    assert parse_override('demand.area_factors={"west"=2}') == (
        "demand.area_factors", {"west": 2})
    assert load_scenario(town, overrides=dict([parse_override(
        "demand.area_factors.west=2.5")])).demand.area_factors == {"west": 2.5}
    text = town.read_text()
    variant = town.with_name("variants.toml")
    variant.write_text(text + '[demand.area_factors]\neast = 1.5\n'
                       '[variants.more]\ndemand.area_factors = { west = 3 }\n')
    # a variant's table adds to the file's; --set of the whole table replaces it
    assert load_scenario(variant, variant="more").demand.area_factors == {
        "east": 1.5, "west": 3.0}
    assert load_scenario(variant, variant="more", overrides={
        "demand.area_factors": {"west": 2}}).demand.area_factors == {"west": 2.0}
    assert main(["validate", str(variant)]) == 0
    assert capsys.readouterr().out == (
        f"{variant}: ok: 2 areas (2 planned), 2 sites, 1 buildings, 0 privacy zones, 1 camera "
        "models; budget 30,000 SEK; area factors (demand.area_factors) east × 1.5; "
        "variants more ok\n")


def test_a_factor_on_an_area_not_planned_is_warned(
        town: Path,
        prepared: Prepared,
        caplog: pytest.LogCaptureFixture,
) -> None:
    scenario = load_scenario(town, overrides={"demand.areas": ["east"],
                                              "demand.area_factors": {"west": 2}})
    with caplog.at_level(logging.WARNING, logger="planner.plan"):
        result = plan(scenario)
    assert (f"{town}: key demand.area_factors: area west is not planned (demand.areas, "
            "demand.min_priority), so its factor changes nothing; plan it or drop its factor"
            ) in caplog.messages
    assert "demand.area_factors" not in report_markdown(result)  # (no factor applied)


@pytest.mark.parametrize(("language", "sentence", "row"), [
    ("en", " The objective counts the demand weight of West side (west) × 4 "
           "(`demand.area_factors`); an area's covered share and covered population are "
           "measured against its own weight, as without a factor.",
     "<th>Weight in the objective</th><td>× 4 (demand.area_factors)</td>"),
    ("sv", " Målfunktionen räknar behovsvikten för West side (west) × 4 (`demand.area_factors`); "
           "ett områdes täckta andel och täckta befolkning mäts mot dess egen behovsvikt, som "
           "utan faktor.",
     "<th>Vikt i målfunktionen</th><td>× 4 (demand.area_factors)</td>"),
])
def test_report_and_map_say_the_factor(
        town: Path, prepared: Prepared, language: str, sentence: str, row: str) -> None:
    scenario = load_scenario(town, overrides={"demand.area_factors": {"west": 4.0, "east": 1},
                                              "language": language})
    result = solve_prepared(prepared, scenario)
    text = report_markdown(result)
    assert f"(`demand.priority_gain`).{sentence}\n" in text
    table = "Områdesfaktor" if language == "sv" else "area_factor"
    assert f"| {table} |" in text
    rows = {r["area_id"]: r for r in result.areas.drop(columns="geometry").to_dict("records")}
    assert row in area_popup(rows["west"], language=language)
    assert "demand.area_factors" not in area_popup(rows["east"], language=language)  # (× 1)
    assert "demand.area_factors" not in area_popup({"area_id": "x"}, language=language)
    assert result.summary["settings"]["demand"]["area_factors"] == {"east": 1.0, "west": 4.0}
    # (the objective's unit is not the data's weight; in the plan's language, as every note:
    # a Swedish plan's had been English)
    assert result.summary["notes"][-1] == {
        "en": "demand.area_factors counts west × 4 in the objective: compare its objective only "
              "with plans of the same factors; the covered shares and covered population are "
              "measured as without factors and compare with any plan",
        "sv": "demand.area_factors räknar west × 4 i målfunktionen: jämför dess "
              "målfunktionsvärde bara med planer med samma faktorer; de täckta andelarna och den "
              "täckta befolkningen mäts som utan faktorer och kan jämföras med vilken plan som "
              "helst"}[language]


def test_compare_with_and_without_a_factor(town: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cmp"
    assert main(["compare", str(town), str(town), "--set-b", "demand.area_factors.west=4",
                 "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "- Settings that differ: `demand.area_factors.west` – (A), 4 (B)\n" in report
    a = (out / "a" / "cameras.geojson").read_text(encoding="utf-8")
    b = (out / "b" / "cameras.geojson").read_text(encoding="utf-8")
    assert '"site_id": "lamp-1"' in a and '"site_id": "lamp-2"' in b
    # B's own report says the factor and that its objective is in other weights
    b_report = (out / "b" / "report.md").read_text(encoding="utf-8")
    assert "West side (west) × 4 (`demand.area_factors`)" in b_report
    assert "compare its objective only with plans of the same factors" in b_report
    # and the comparison gives no difference of objectives in different units (it had printed
    # "Objective B - A: … established"), in report.md, difference.csv and on the console
    assert ("- A and B weight areas differently (`demand.area_factors`), so their objectives "
            "are in different units and no difference of them is given: compare the covered "
            "shares and population below.\n") in report
    assert "Best possible B − best possible A" not in report
    printed = capsys.readouterr().out
    assert "Objective B - A" not in printed
    assert ("A and B weight areas differently (demand.area_factors), so their objectives are "
            "in different units") in printed


@pytest.mark.parametrize("language, words", [
    ("en", "A and B weight areas differently (demand.area_factors)"),
    ("sv", "A och B väger områdena olika (demand.area_factors)")])
def test_compare_workbook_says_why_there_is_no_difference(town: Path, tmp_path: Path,
                                                          language: str, words: str) -> None:
    """compare.xlsx's difference sheet had left the objective rows empty without a word."""
    import pandas as pd

    out = tmp_path / "cmp"
    assert main(["compare", str(town), str(town), "--set", f"language={language}",
                 "--set-b", "demand.area_factors.west=4", "--out", str(out)]) == 0
    sheet = pd.read_excel(out / "compare.xlsx", sheet_name=0, header=None)
    texts = [str(v) for v in sheet.to_numpy().ravel()]
    assert any(t.startswith(words) for t in texts), texts
    # the covered shares and population it asks to compare follow it (there had been none)
    items = sheet.to_numpy().tolist()
    at = [row[1] for row in items].index(next(t for t in texts if t.startswith(words)))
    a, b = (json.loads((out / side / "summary.json").read_text(encoding="utf-8"))
            for side in "ab")
    names = {"en": ["covered_share_a", "covered_share_b", "covered_population_a",
                    "covered_population_b"],
             "sv": ["Täckt andel A", "Täckt andel B", "Täckt befolkning (graderad) A",
                    "Täckt befolkning (graderad) B"]}[language]
    assert [row[0] for row in items[at + 1:]] == names
    assert [float(row[1]) for row in items[at + 1:]] == pytest.approx(
        [a["covered_share"], b["covered_share"], a["covered_population"],
         b["covered_population"]], abs=1e-9)  # (summary.json keeps 9 decimals)
