import json

import pandas as pd
import pytest

from planner import load_scenario
from planner.cli import main
from planner.compare import area_difference, areas_on_screen, camera_changes
from planner.plan import plan
from tests.test_maps import js, layer_js
from tests.test_workbook import sheet_frame


def test_compare_budgets_on_the_tiny_town(tiny_town, tmp_path):
    scenario = load_scenario(tiny_town)
    one = plan(scenario)  # 30,000 SEK: one camera at lamp-1 facing east
    two = plan(scenario.with_overrides({"budget.total_sek": 60_000}))
    changes = camera_changes(one, two)
    assert changes["change"].tolist() == ["added"]
    assert changes["site_id"].tolist() == ["lamp-2"]  # the second camera covers the west area
    areas = area_difference(one, two).set_index("area_id")
    assert areas.loc["east", "share_change"] == 0.0
    assert areas.loc["west", "share_a"] == 0.0 and areas.loc["west", "share_change"] > 0


def test_compare_command_with_a_variant(tiny_town, tmp_path, capsys):
    text = tiny_town.read_text() + "\n[variants.double]\nbudget.total_sek = 60000\n"
    tiny_town.write_text(text)
    out = tmp_path / "cmp"
    assert main(["compare", str(tiny_town), f"{tiny_town}#double", "--out", str(out)]) == 0
    # each plan's line (status and gap; only the area table had been printed)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("A tiny: 1 new + 0 existing cameras, spent 30,000 of 30,000 SEK")
    assert lines[1].startswith("B tiny:double: ") and "optimal (gap 0.00 %)" in lines[1]
    # the areas as report.md rounds them (it had printed areas.csv raw: 0.135135, 81.081081)
    # (the shares and covered populations each under one title, A and B beneath: the one-row
    # headers had made the default data's Swedish table 221 characters wide)
    assert lines[3:7] == [
        "                                   covered share       covered population (graded)",
        "area_id      name population      A      B change (pp)       A       B      change",
        "   east East side        600 13.5 % 13.5 %         0.0      81      81           0",
        "   west West side        400  0.0 % 10.5 %       +10.5       0      42         +42"]
    # B solved from A's preparation is the plan B planned alone
    alone = tmp_path / "alone"
    assert main(["-q", "plan", str(tiny_town), "--variant", "double", "--out", str(alone)]) == 0
    for name in ("cameras.geojson", "register.csv", "areas.geojson", "plan.xlsx"):
        assert (alone / name).read_bytes() == (out / "b" / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["a", "areas.csv", "b", "cameras.csv",
                                                     "compare.html", "compare.xlsx",
                                                     "difference.csv", "report.md"]
    cams = pd.read_csv(out / "cameras.csv")
    assert cams["change"].tolist() == ["added"]
    # each camera is named as B's (or A's) own report names it: the labels differ by plan
    register_b = pd.read_csv(out / "b" / "register.csv").set_index("camera")
    label = cams["camera_b"].iloc[0]
    assert register_b.loc[label, "site_id"] == cams["site_id"].iloc[0]
    assert pd.isna(cams["camera_a"].iloc[0])
    # compare.xlsx names it with its plan's letter, as report.md and compare.html do (each plan
    # numbers its own cameras: a bare "C002" had named B's camera and A's alike); cameras.csv
    # keeps the plan's own label, to join with b/
    assert label == "C002"
    sheet = sheet_frame(out / "compare.xlsx", "Cameras")
    assert (sheet["camera_a"].fillna("").tolist(), sheet["camera_b"].tolist()) == ([""], ["B C002"])
    assert js("Added (1):</b> lamp-2 (B C002)") in (out / "compare.html").read_text()
    assert layer_js("<h3>Camera B C002</h3>") in (out / "compare.html").read_text()
    html = (out / "compare.html").read_text()
    assert "lamp-2" in html


def test_the_printed_areas_table_speaks_the_plans_language(tiny_town, tmp_path, capsys):
    out = tmp_path / "cmp"
    assert main(["compare", str(tiny_town), str(tiny_town), "--set", "language=sv",
                 "--set-b", "budget.total_sek=60000", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # each plan named as report.md and compare.html name it: one scenario with --set-b had
    # printed "A tiny" and "B tiny", two plans told apart by nothing
    assert lines[0].startswith("A Tiny test town — 30 000 kr: 1 ny kamera + 0 befintliga, ")
    assert lines[1].startswith("B Tiny test town — 60 000 kr: 2 nya kameror + 0 befintliga, ")
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "- A: Tiny test town — 30\u202f000 kr (scenario tiny)" in report
    assert lines[3:7] == [
        "                                         täckt andel          täckt befolkning (graderad)",
        "Område (id)      Namn Befolkning      A      B ändring (p.e.)       A       B     ändring",
        "       east East side        600 13,5 % 13,5 %            0,0      81      81           0",
        "       west West side        400  0,0 % 10,5 %          +10,5       0      42         +42"]
    # areas.csv keeps its names and the numbers unrounded
    areas = pd.read_csv(out / "areas.csv").set_index("area_id")
    assert list(areas.columns) == ["name", "population", "share_a", "population_covered_a",
                                   "share_b", "population_covered_b", "share_change",
                                   "population_covered_change"]
    assert areas.loc["east", "share_a"] == pytest.approx(5 / 37, abs=1e-6)  # (0.135135)


def test_changes_table_matches_the_map_and_areas_of_b_keep_their_names(tiny_town):
    # A: one camera for the east area; B: two cameras and both areas. A second camera on the
    # same mount had been "changed" in cameras.csv but "added" on the map; the west area, only
    # in B, had lost its name and population in areas.csv
    from planner.maps import diff_plans

    scenario = load_scenario(tiny_town)
    a = plan(scenario.with_overrides({"demand.areas": ["east"]}))
    b = plan(scenario.with_overrides({"budget.total_sek": 90_000}))
    diff = diff_plans(a, b)
    changes = camera_changes(a, b)
    assert changes["change"].value_counts().to_dict() == {
        k: n for k, n in (("added", len(diff.added)), ("removed", len(diff.removed)),
                          ("moved", len(diff.moved))) if n}
    assert len(diff.added) >= 2 and "lamp-1" in set(diff.added["site_id"])  # a second on lamp-1
    assert set(changes.loc[changes["change"] == "added", "site_id"]) == set(diff.added["site_id"])
    areas = area_difference(a, b).set_index("area_id")
    assert areas.loc["west", "name"] == "West side" and areas.loc["west", "population"] == 400
    assert areas["population"].dtype.kind == "i"
    # A does not plan for west: no share in A and no change (A's share read as 0 had made up
    # a gain; the map shows "–")
    assert pd.isna(areas.loc["west", "share_a"]) and areas.loc["west", "share_b"] > 0
    assert pd.isna(areas.loc["west", "share_change"])
    assert pd.isna(areas.loc["west", "population_covered_change"])
    # printed, what one plan lacks reads "–", as on the map
    printed = areas_on_screen(area_difference(a, b)).set_index("area_id").loc["west"]
    assert (printed["share_a"], printed["population_covered_a"], printed["share_change_pp"],
            printed["population_covered_change"]) == ("–", "–", "–", "–")
    assert areas.loc["east", "share_change"] == pytest.approx(
        areas.loc["east", "share_b"] - areas.loc["east", "share_a"])


def test_an_infeasible_plan_of_a_comparison_says_which(tiny_town, tmp_path, capsys):
    # the message had named the scenario file only, not which of the two plans failed
    text = tiny_town.read_text() + "\n[variants.fair]\nconstraints.equity_min_share = 0.9\n"
    tiny_town.write_text(text)
    code = main(["-q", "compare", str(tiny_town), f"{tiny_town}#fair", "--out",
                 str(tmp_path / "cmp")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"planner: infeasible: plan B ({tiny_town}#fair): ")
    assert "key constraints.equity_min_share=0.9 cannot be met" in err
    assert not (tmp_path / "cmp").exists()


def _greedy_town(tiny_town):
    """The town at 45,000 SEK with variants: greedy (a plan not proven optimal) and 60,000 SEK."""
    text = tiny_town.read_text().replace("total_sek = 30000.0", "total_sek = 45000.0")
    assert text != tiny_town.read_text()
    tiny_town.write_text(text + '\n[variants.greedy]\n"solver.backend" = "greedy"\n'
                         '[variants.more]\n"budget.total_sek" = 60000\n')
    return tiny_town


def test_a_difference_within_the_optimality_gaps_is_not_established(tiny_town, tmp_path, capsys):
    # compare had shown B's losses as any other where B's bound lay above A's plan (Katrineholm's
    # #equity: B 101.6 below A, its bound 1.8 above A's plan: the rule may cost nothing)
    # (B with another rule, privacy off, which proves neither question narrower than the other:
    # the same question solved twice has a difference of the best plans of 0,
    # tests/test_compare_bounds.py)
    scenario = _greedy_town(tiny_town)
    out = tmp_path / "cmp"
    assert main(["compare", f"{scenario}#greedy", str(scenario), "--set-b",
                 "constraints.privacy=off", "--out", str(out)]) == 0
    a = json.loads((out / "a" / "summary.json").read_text())
    b = json.loads((out / "b" / "summary.json").read_text())
    # A: greedy's one camera, 162.2 of a bound of 183.1; B: SCIP's (enumeration's) proven plan,
    # the same camera
    assert (a["status"], b["status"]) == ("feasible", "optimal")
    assert a["objective"] == pytest.approx(162.162, abs=1e-3)
    assert a["bound"] == pytest.approx(183.102, abs=1e-3)
    assert b["objective"] == pytest.approx(b["bound"]) == pytest.approx(a["objective"])
    # the range, by hand: [B's objective - A's bound, B's bound - A's objective]
    low, high = b["objective"] - a["bound"], b["bound"] - a["objective"]
    assert low == pytest.approx(-20.940, abs=1e-3) and high == pytest.approx(0.0, abs=1e-9)
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert row["change_low"] == pytest.approx(low, abs=1e-6)
    assert row["change_high"] == pytest.approx(high, abs=1e-6)
    assert row["change"] == pytest.approx(0.0, abs=1e-6)
    assert (row["status_a"], row["status_b"], bool(row["established"])) == (
        "feasible", "optimal", False)
    printed = capsys.readouterr().out.splitlines()
    assert printed[2] == (
        "Objective B - A: 0.0; the best possible B minus the best possible A is proven to lie "
        "between -20.9 and 0.0 (-12.91 % to 0.00 % of A's objective). The difference is within "
        "the plans' optimality gaps: not established.")
    html = (out / "compare.html").read_text()
    for text in ("Best B \u2212 best A</th><td>-20.9 to 0.0</td>",
                 "<th>A</th><td>162.2, proven at most 183.1</td>",
                 "<th>B</th><td>162.2, proven optimal</td>",
                 '<p class="warn">The difference is within the plans&#x27; optimality gaps: not '
                 "established.</p>",
                 '<p class="warn">Not established: the objectives differ by less than'):
        assert js(text) in html, text
    sheet = sheet_frame(out / "compare.xlsx", "Difference").set_index("item")["value"]
    assert sheet["change_low"] == pytest.approx(low, abs=1e-6)
    assert sheet["conclusion"] == ("The difference is within the plans' optimality gaps: not "
                                   "established.")


def test_two_proven_plans_of_one_objective_are_not_called_unestablished(tiny_town, tmp_path):
    # both proven, the same objective: the range is [0, 0] and holds 0, but nothing is in doubt
    # (the page had warned "Not established: the objectives differ by less than the gaps")
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(tiny_town), str(tiny_town), "--out", str(out)]) == 0
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert (row["change_low"], row["change_high"]) == (0.0, 0.0)
    assert (row["status_a"], row["status_b"]) == ("optimal", "optimal")
    html = (out / "compare.html").read_text()
    assert js('<p class="note">Both plans are proven optimal, with the same objective.</p>') \
        in html
    assert js("Not established") not in html and 'class="warn"' not in html


def test_a_difference_beyond_the_optimality_gaps_is_established_in_swedish(tiny_town, tmp_path,
                                                                          capsys):
    scenario = _greedy_town(tiny_town)
    scenario.write_text('language = "sv"\n' + scenario.read_text())
    out = tmp_path / "cmp"
    assert main(["compare", f"{scenario}#more", f"{scenario}#greedy", "--out", str(out)]) == 0
    a = json.loads((out / "a" / "summary.json").read_text())  # 60,000 SEK: two cameras, proven
    b = json.loads((out / "b" / "summary.json").read_text())  # 45,000 SEK, greedy: one camera
    assert a["status"] == "optimal" and a["objective"] == pytest.approx(204.043, abs=1e-3)
    low, high = b["objective"] - a["bound"], b["bound"] - a["objective"]
    assert low == pytest.approx(-41.880, abs=1e-3) and high == pytest.approx(-20.940, abs=1e-3)
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert (row["change_low"], row["change_high"]) == (pytest.approx(low, abs=1e-6),
                                                       pytest.approx(high, abs=1e-6))
    assert bool(row["established"]) is True
    printed = capsys.readouterr().out.splitlines()
    assert printed[2] == (
        "Målfunktionsvärde B - A: -41,9; bästa möjliga plan B minus bästa möjliga plan A ligger bevisat "
        "mellan -41,9 och -20,9 (-20,53 % till -10,26 % av A:s målfunktionsvärde). Skillnaden är "
        "fastställd: intervallet innehåller inte 0.")
    html = (out / "compare.html").read_text()
    for text in ("<summary>Målfunktionsvärde, B \u2212 A</summary>",
                 "<th>A</th><td>204,0, bevisat optimal</td>",
                 "<th>B</th><td>162,2, bevisat högst 183,1</td>",
                 # (a Swedish minus sign on the page; the printed line keeps "-" for consoles)
                 "Bästa B \u2212 bästa A</th><td>\u221241,9 till \u221220,9</td>",
                 '<p class="note">Skillnaden är fastställd: intervallet innehåller inte 0.</p>'):
        assert js(text) in html, text
    assert "inte fastställd" not in html and js("Inte fastställd") not in html
    sheet = sheet_frame(out / "compare.xlsx", "Skillnad").set_index("Uppgift")["Värde"]
    assert sheet["Bästa B − bästa A, bevisad övre gräns"] == pytest.approx(high, abs=1e-6)
    assert sheet["Optimeringsstatus B"] == "ej bevisat optimal"
    assert sheet["Slutsats"] == "Skillnaden är fastställd: intervallet innehåller inte 0."


def test_the_cameras_table_gives_each_direction_from_true_north_too(tiny_town, tmp_path):
    # compare.xlsx's cameras sheet had the grid bearing alone ("Riktning från kartnord"), where
    # report.md and compare.html give bearings from true north; plan.xlsx has both
    import dataclasses

    from planner.compare import write_comparison

    scenario = load_scenario(tiny_town).with_overrides({"language": "sv"})
    a = plan(scenario.with_overrides({"demand.areas": ["east"]}))
    b = plan(scenario.with_overrides({"budget.total_sek": 90_000}))
    changes = camera_changes(a, b)
    assert changes[["change", "site_id", "orientation_deg", "orientation_true_deg"]].to_dict(
        "records") == [
        {"change": "added", "site_id": "lamp-1", "orientation_deg": 0.0, "orientation_true_deg": 1.0},
        {"change": "added", "site_id": "lamp-2", "orientation_deg": 270.0,
         "orientation_true_deg": 271.0}]
    # a camera turned on its mount: B's direction and A's, both ways
    turned = a.cameras.assign(orientation_deg=(a.cameras["orientation_deg"] + 90) % 360)
    b = dataclasses.replace(a, cameras=turned.drop(columns="orientation_true_deg"))
    moved = camera_changes(a, b)
    assert moved[["change", "orientation_deg", "orientation_true_deg", "orientation_deg_before",
                  "orientation_true_deg_before"]].to_dict("records") == [
        {"change": "moved", "orientation_deg": 180.0, "orientation_true_deg": 181.0,
         "orientation_deg_before": 90.0, "orientation_true_deg_before": 91.0}]
    out = tmp_path / "sv"
    write_comparison(a, b, out)
    sheet = sheet_frame(out / "compare.xlsx", "Kameror")
    assert sheet[["Riktning från kartnord (°)", "Riktning från geografisk nord (°)",
                  "Riktning före, från kartnord (°)",
                  "Riktning före, från geografisk nord (°)"]].values.tolist() == [
        [180.0, 181.0, 90.0, 91.0]]
    assert pd.read_csv(out / "cameras.csv")["orientation_true_deg_before"].tolist() == [91.0]


def test_the_difference_sheet_says_what_a_and_b_are_and_their_budgets_vat(tiny_town, tmp_path):
    # compare.xlsx's first sheet had begun at A's objective, naming neither side nor its budget,
    # and said nothing of VAT: each side's title as report.md gives it (told apart by the values
    # set where the scenario is the same) and its budget, excl. or incl. VAT as its scenario says
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(tiny_town), str(tiny_town), "--set-a",
                 "budget.prices_include_vat=false", "--set-b", "budget.prices_include_vat=true",
                 "--out", str(out)]) == 0
    sheet = sheet_frame(out / "compare.xlsx", "Difference")
    assert sheet.head(5).values.tolist() == [
        ["plan_a", "Tiny test town (--set-a budget.prices_include_vat=false) (scenario tiny)"],
        ["budget_sek_a (excl. VAT)", 30_000],
        ["plan_b", "Tiny test town (--set-b budget.prices_include_vat=true) (scenario tiny)"],
        ["budget_sek_b (incl. VAT)", 30_000],
        ["objective_a", sheet.iloc[4, 1]],
    ]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "- A: Tiny test town (--set-a budget.prices_include_vat=false) (scenario tiny)" in report
    assert "| Budget (SEK) | 30,000 (excl. VAT) | 30,000 (incl. VAT) | 0 |" in report


def test_the_compare_functions_name_themselves_and_the_argument_given_no_plan(tiny_town,
                                                                               tmp_path):
    # a plan's frame (or its summary) where a plan is expected had ended in "AttributeError:
    # 'DataFrame' object has no attribute 'areas'", a traceback naming no argument
    from planner.compare import objective_table, write_comparison

    one = plan(load_scenario(tiny_town))
    fix = ("must be a planner Plan, got {got}; pass the plan that planner.plan.plan or "
           "solve_prepared returned (not one of its frames or its summary)")
    for function, args, argument, got in (
            (area_difference, (one, one.areas), "b", "GeoDataFrame"),
            (camera_changes, (pd.DataFrame(one.cameras), one), "a", "DataFrame"),
            (objective_table, (one, one.summary), "b", "dict")):
        with pytest.raises(TypeError) as raised:
            function(*args)
        assert str(raised.value) == f"{function.__name__}: {argument} {fix.format(got=got)}"
    out = tmp_path / "cmp"
    with pytest.raises(TypeError) as raised:
        write_comparison(one.areas, one, out)
    assert str(raised.value) == f"write_comparison: a {fix.format(got='GeoDataFrame')}"
    assert not out.exists()  # (refused before anything is written)
    # (the comparison of two plans is what it was)
    assert objective_table(one, one)["change"].tolist() == [0.0]
