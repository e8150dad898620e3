"""A comparison's range of the best plans' difference where one side's question narrows the other's.

Katrineholm's ``#sv`` against ``#sv+square`` (a camera required at a mount) had been given
"−80,5 till +24,7": no restriction can make the best plan better, so the range ends at 0.
"""

import copy
import json

import pandas as pd
import pytest

from planner._compare_bounds import restriction
from planner._map_diff import difference_line, difference_verdict, objective_difference
from planner.cli import main
from tests.test_maps import js
from tests.test_workbook import sheet_frame

_SETTINGS = {
    "name": "town", "title": "Town", "language": "en",
    "budget": {"total_sek": 8_000_000.0, "horizon_years": 5.0, "include_yearly_costs": True,
               "prices_include_vat": False},
    "constraints": {"equity_min_share": 0.0, "equity_mode": "hard", "exclude_sites": [],
                    "require_sites": [], "remove_existing": [], "replace_existing": [],
                    "min_spacing_m": 0.0, "privacy": "exclude"},
    "coverage": {"night": False, "orientations": 8},
    "solver": {"backend": "auto", "gap": 0.0, "time_limit_s": 120.0},
    "surveillance": {"operator": "Town"},
}
_INPUTS = {"sites": {"file": "sites.geojson", "sha256": "ab" * 32},
           "areas": {"file": "areas.geojson", "sha256": "cd" * 32}}


def _summary(objective=6940.8, bound=6980.1, **changes):
    """A summary of the scenario above, ``changes`` by dotted key (``"budget.total_sek"``)."""
    settings = copy.deepcopy(_SETTINGS)
    for key, value in changes.items():
        section, _, name = key.replace("__", ".").partition(".")
        if name:
            settings[section][name] = value
        else:
            settings[section] = value
    return {"objective": objective, "bound": bound, "gap": (bound - objective) / bound,
            "status": "feasible", "settings": settings, "inputs": copy.deepcopy(_INPUTS)}


@pytest.mark.parametrize(("b_changes", "keys"), [
    ({"budget__total_sek": 6_000_000.0}, ("budget.total_sek",)),
    ({"constraints__require_sites": ["pole-0002"]}, ("constraints.require_sites",)),
    ({"constraints__exclude_sites": ["lamp-0001"]}, ("constraints.exclude_sites",)),
    ({"constraints__equity_min_share": 0.05}, ("constraints.equity_min_share",)),
    # (an existing camera costs the budget nothing: taking it down only takes options away)
    ({"constraints__remove_existing": ["existing-skateparken"]},
     ("constraints.remove_existing",)),
    ({"budget__total_sek": 6_000_000.0, "constraints__require_sites": ["pole-0002"]},
     ("budget.total_sek", "constraints.require_sites")),
    # words and the solver's search change no plan's question
    ({"title": "Town — 8 MSEK", "solver__backend": "greedy", "solver__time_limit_s": 5.0,
      "surveillance__operator": "Other"}, ()),
])
def test_a_narrower_b_is_told_by_its_keys_and_the_wider_a_is_not(b_changes, keys):
    a, b = _summary(), _summary(**b_changes)
    assert restriction(a, b) == keys
    assert restriction(b, a) == (() if keys == () else None)


@pytest.mark.parametrize("b_changes", [
    {"budget__total_sek": 9_000_000.0},  # (more money: B's question is the wider)
    {"coverage__night": True},  # (another question, neither narrower)
    {"budget__total_sek": 6_000_000.0, "coverage__night": True},
    {"budget__total_sek": 6_000_000.0, "budget__horizon_years": 3.0},  # (other costs)
    {"constraints__privacy": "penalty"},
    # (replacing an existing camera opens its mount to new cameras)
    {"constraints__replace_existing": ["existing-skateparken"]},
    # (maxmin keeps the coverage at the best smallest share: a lower share may raise it)
    {"constraints__equity_mode": "maxmin", "budget__total_sek": 6_000_000.0},
    # (the spacing rule keeps A's new cameras away from the camera B takes down)
    {"constraints__min_spacing_m": 40.0, "constraints__remove_existing": ["old"]},
])
def test_nothing_is_claimed_where_the_questions_are_not_provably_nested(b_changes):
    a = _summary(**{k: v for k, v in b_changes.items()
                    if k in ("constraints__equity_mode", "constraints__min_spacing_m")})
    b = _summary(**b_changes)
    assert restriction(a, b) is None


def test_other_data_or_no_settings_prove_nothing():
    a, b = _summary(), _summary(budget__total_sek=6_000_000.0)
    b["inputs"]["sites"]["sha256"] = "ef" * 32  # (a copy of the sites layer without a camera)
    assert restriction(a, b) is None
    assert restriction({"objective": 1.0, "bound": 2.0}, _summary()) is None


@pytest.mark.parametrize(("drop", "side"), [("a", "a"), ("b", "b"), ("ab", "both")])
def test_plans_without_recorded_data_files_are_not_capped_and_say_why(drop, side):
    # #sv against #sv+square, as below, from summaries that record no data files: an older
    # summary.json without inputs, or a plan made by hand with inputs {} (two such had been
    # taken for the same data, and the range capped at 0)
    a = _summary(6940.8, 6980.1)
    b = _summary(6899.6, 6965.5, constraints__require_sites=["pole-0002"])
    for which, summary in (("a", a), ("b", b)):
        if which in drop:
            if drop == "ab" and which == "b":
                summary["inputs"] = {}
            else:
                del summary["inputs"]
    assert (restriction(a, b), restriction(b, a)) == (None, None)
    d = objective_difference(a, b)
    assert (round(d.low, 1), round(d.high, 1), d.unrecorded) == (-80.5, 24.7, side)
    whose = {"a": "A's summary.json records no data files",
             "b": "B's summary.json records no data files",
             "both": "Neither summary.json records its data files"}[side]
    assert difference_verdict(d, "en") == (
        f"{whose} (inputs), so the two are not known to ask the same question: the range is "
        "not capped at 0. The difference is within the plans' optimality gaps: not established.")
    if side == "both":
        assert difference_verdict(d, "sv") == (
            "Ingen av de två summary.json anger sina datafiler (inputs), så det är inte känt att "
            "de ställer samma fråga: intervallet begränsas inte vid 0. Skillnaden ryms inom "
            "planernas optimalitetsgap: den är inte fastställd.")
    # the same question twice, unrecorded: not "the same question", and why
    same = [_summary(), _summary()]
    for summary in same:
        summary["inputs"] = {}
    d = objective_difference(*same)
    assert (d.capped, d.unrecorded, round(d.low, 1), round(d.high, 1)) == (
        None, "both", -39.3, 39.3)
    # settings that nest nothing need no word on the data files
    other = _summary(constraints__privacy="penalty")
    del other["inputs"]
    assert objective_difference(_summary(), other).unrecorded is None


def test_the_range_of_a_restricted_b_ends_at_zero_and_says_why():
    # Katrineholm's #sv against #sv+square, their objectives and bounds
    a = _summary(6940.8, 6980.1)
    b = _summary(6899.6, 6965.5, constraints__require_sites=["pole-0002"])
    d = objective_difference(a, b)
    assert (round(d.low, 1), d.high, d.established, d.settled) == (-80.5, 0.0, False, False)
    assert difference_line(d, "sv", console=True) == (
        "Målfunktionsvärde B - A: -41,2; bästa möjliga plan B minus bästa möjliga plan A ligger "
        "bevisat mellan -80,5 och 0,0 (-1,16 % till 0,00 % av A:s målfunktionsvärde). B är A med "
        "en begränsning (constraints.require_sites), så dess bästa plan kan inte bli bättre än "
        "A:s: intervallet slutar vid 0. Skillnaden ryms inom planernas optimalitetsgap: den är "
        "inte fastställd.")
    # the same two the other way round: the range starts at 0
    d = objective_difference(b, a)
    assert (d.low, round(d.high, 1)) == (0.0, 80.5)
    assert difference_verdict(d, "en") == (
        "A is B with a restriction (constraints.require_sites), so its best plan cannot be "
        "better than B's: the range starts at 0. The difference is within the plans' "
        "optimality gaps: not established.")


def test_an_unchanged_range_needs_no_reason():
    # 6 MSEK against 8: B's bound lies below A's plan already, the range is as it was
    a = _summary(6940.8, 6980.1)
    b = _summary(5756.8, 5779.7, budget__total_sek=6_000_000.0)
    d = objective_difference(a, b)
    assert (round(d.low, 1), round(d.high, 1)) == (-1223.3, -1161.1)
    assert difference_verdict(d, "en") == "The difference is established: the range excludes 0."


def test_a_camera_taken_down_that_changes_no_plan_is_no_gain():
    # Katrineholm's camera at Skateparken sees no planned area: both plans 6,940.8, bounds
    # 6,980.1. Taking it down cannot help B, and whether it costs anything is within A's gap.
    a = _summary(6940.812664469, 6980.133811253)
    b = _summary(6940.812664469, 6980.133811253,
                 constraints__remove_existing=["existing-skateparken"])
    d = objective_difference(a, b)
    assert (round(d.low, 1), d.high) == (-39.3, 0.0)
    assert difference_verdict(d, "sv") == (
        "B är A med en begränsning (constraints.remove_existing), så dess bästa plan kan inte "
        "bli bättre än A:s: intervallet slutar vid 0. Skillnaden ryms inom planernas "
        "optimalitetsgap: den är inte fastställd.")


def _greedy_town(tiny_town):
    """The town at 45,000 SEK, with a variant planned greedily (a plan not proven optimal)."""
    text = tiny_town.read_text().replace("total_sek = 30000.0", "total_sek = 45000.0")
    assert text != tiny_town.read_text()
    tiny_town.write_text(text + '\n[variants.greedy]\n"solver.backend" = "greedy"\n')
    return tiny_town


def test_a_smaller_budget_is_capped_at_zero_on_every_output(tiny_town, tmp_path, capsys):
    scenario = _greedy_town(tiny_town)
    out = tmp_path / "cmp"
    assert main(["compare", f"{scenario}#greedy", f"{scenario}#greedy",
                 "--set-b", "budget.total_sek=44000", "--out", str(out)]) == 0
    a = json.loads((out / "a" / "summary.json").read_text())
    b = json.loads((out / "b" / "summary.json").read_text())
    # both greedy's one camera, 162.2, of bounds 183.1 and 181.7: the range had been -20.9 to
    # +19.5, a gain a smaller budget cannot bring
    assert a["objective"] == pytest.approx(162.162, abs=1e-3) == b["objective"]
    assert b["bound"] - a["objective"] == pytest.approx(19.544, abs=1e-3)
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert row["change_low"] == pytest.approx(-20.940, abs=1e-3)
    assert (row["change_high"], bool(row["established"])) == (0.0, False)
    why = ("B is A with a restriction (budget.total_sek), so its best plan cannot be better "
           "than A's: the range ends at 0.")
    printed = capsys.readouterr().out.splitlines()
    assert printed[2] == (
        "Objective B - A: 0.0; the best possible B minus the best possible A is proven to lie "
        f"between -20.9 and 0.0 (-12.91 % to 0.00 % of A's objective). {why} The difference "
        "is within the plans' optimality gaps: not established.")
    html = (out / "compare.html").read_text()
    assert js("Best B \u2212 best A</th><td>-20.9 to 0.0</td>") in html
    assert js(why.replace("'", "&#x27;")) in html
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "proven range: -20.9 to 0.0 (-12.91 % to 0.00 % of A's objective): not established" \
        in report
    sheet = sheet_frame(out / "compare.xlsx", "Difference").set_index("item")["value"]
    assert sheet["change_high"] == 0.0
    assert sheet["conclusion"].startswith(why)


def test_the_same_question_solved_twice_has_no_difference_of_best_plans(tiny_town, tmp_path,
                                                                        capsys):
    # greedy against the proven plan of the same scenario: the best plans are one, so the
    # difference of the best plans is 0 (it had been "-20.9 to 0.0 ... not established")
    scenario = _greedy_town(tiny_town)
    scenario.write_text('language = "sv"\n' + scenario.read_text())
    out = tmp_path / "cmp"
    assert main(["compare", f"{scenario}#greedy", str(scenario), "--out", str(out)]) == 0
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert (row["change_low"], row["change_high"], row["status_a"], row["status_b"]) == (
        0.0, 0.0, "feasible", "optimal")
    same = ("A och B ställer samma fråga (bara lösarens inställningar eller texterna skiljer sig "
            "åt), så deras bästa planer är lika bra: skillnaden mellan de bästa planerna är 0; de "
            "två funna planerna är inte bevisat bäst.")
    assert capsys.readouterr().out.splitlines()[2].endswith(f"(0,00 % till 0,00 % av A:s "
                                                             f"målfunktionsvärde). {same}")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "bevisat intervall: 0,0 till 0,0 (0,00 % till 0,00 % av A:s målfunktionsvärde): " \
           "fastställd" in report
    assert f"- {same}" in report
    assert js(f'<p class="note">{same}</p>') in (out / "compare.html").read_text()
    # and the areas' section and the change panel do not open with "Inte fastställd" after it
    assert "Inte fastställd: målfunktionsvärdena" not in report
    assert "Inte fastställd: målfunktionsvärdena" not in (out / "compare.html").read_text()


def test_a_restricted_b_that_reaches_a_proven_a_settles_the_difference_as_none():
    # A proven at 162.2; B, a smaller budget, finds 162.2 too, unproven (bound 181.7): its best
    # cannot be better than A's and is at least its plan's, so the best plans are equally good
    a = _summary(162.162, 162.162)
    b = _summary(162.162, 181.706, budget__total_sek=44_000.0)
    d = objective_difference(a, b)
    assert (d.low, d.high, d.established, d.settled) == (0.0, 0.0, False, True)
    assert difference_verdict(d, "en") == (
        "B is A with a restriction (budget.total_sek), so its best plan cannot be better than "
        "A's: the range ends at 0. The range is 0 to 0: the best plans are equally good, the "
        "difference is established as none.")
    assert difference_verdict(d, "sv").endswith(
        "Intervallet är 0 till 0: de bästa planerna är lika bra, det är fastställt att det inte "
        "finns någon skillnad.")


def test_a_settled_difference_gets_no_not_established_caveat_beside_the_areas(monkeypatch):
    # the areas' section had opened "Not established: the objectives differ by less than the
    # plans' optimality gaps" right after the objective section had settled the difference
    from types import SimpleNamespace

    from planner import _compare_report

    a = SimpleNamespace(summary=_summary(162.162, 162.162))
    b = SimpleNamespace(summary=_summary(162.162, 181.706, budget__total_sek=44_000.0))
    table = pd.DataFrame({"area_id": ["east", "west"], "name": ["East", "West"],
                          "population": [600, 400], "share_a": [0.2, 0.1],
                          "share_b": [0.1, 0.2], "share_change": [-0.1, 0.1]})
    monkeypatch.setattr(_compare_report, "area_difference", lambda *args: table)
    caveat = "Not established: the objectives differ by less than the plans' optimality gaps"
    assert not any(caveat in line for line in _compare_report._area_lines(a, b, "en"))
    # unsettled (B a larger budget, its bound above A's plan): the caveat stays
    b.summary = _summary(150.0, 181.706, budget__total_sek=60_000_000.0)
    assert any(caveat in line for line in _compare_report._area_lines(a, b, "en"))
