"""The comparison's report.md (planner/_compare_report.py): its lines, in English and Swedish."""

import dataclasses

import pandas as pd
import pytest

from planner import _compare_report, load_scenario
from planner._compare_report import comparison_markdown
from planner.cli import main
from planner.compare import camera_changes
from planner.plan import plan
from tests.conftest import copy_town
from tests.test_compare import _greedy_town
from tests.test_maps_diff import plan_pair


@pytest.fixture(scope="module")
def greedy_and_more(tmp_path_factory, town_files):
    """The town at 45,000 SEK planned greedily (one camera) and at 60,000 SEK (two, proven).

    Planned once for the module: the tests read the plans, or change copies of them
    (``dataclasses.replace``).
    """
    scenario = _greedy_town(copy_town(town_files, tmp_path_factory.mktemp("greedy") / "town"))
    return (plan(load_scenario(scenario, variant="greedy")),
            plan(load_scenario(scenario, variant="more")))


def _swedish(p):
    settings = {**p.summary["settings"], "language": "sv"}
    return dataclasses.replace(p, summary={**p.summary, "settings": settings})


def _section(text, heading):
    """The lines of ``text`` from ``heading`` to the next heading (exclusive)."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
               len(lines))
    return lines[start + 1:end]


def test_report_states_what_was_compared_objectives_range_costs_areas_and_cameras(
        greedy_and_more):
    a, b = greedy_and_more
    text = comparison_markdown(a, b)
    lines = text.splitlines()
    assert lines[:5] == [
        "# Comparison of two camera plans",
        "",
        "- A: Tiny test town (scenario tiny:greedy)",
        "- B: Tiny test town (scenario tiny:more)",
        '- Settings that differ: `budget.total_sek` 45,000 (A), 60,000 (B); `solver.backend` '
        '"greedy" (A), "auto" (B)',
    ]
    # A: greedy's one camera, 162.2 of a bound of 183.1; B: two cameras, proven 204.0
    assert _section(text, "## Objective")[3:] == [
        "|  | A | B |",
        "|---|---|---|",
        "| Objective | 162.2 | 204.0 |",
        "| Proven bound | 183.1 | 204.0 |",
        "| Optimality gap | 11.44 % | 0.00 % |",
        "| Status | feasible | optimal |",
        "| Search ended | greedy heuristic (reproducible) | proven (reproducible) |",
        "",
        "- B − A, of the two plans found: +41.9 (+25.83 % of A's objective)",
        # difference.csv's change_low and change_high: 204.0 - 183.1 and 204.0 - 162.2
        "- Best possible B − best possible A, proven range: +20.9 to +41.9 (+12.91 % to "
        "+25.83 % of A's objective): established",
        "- The difference is established: the range excludes 0.",
        "",
    ]
    assert _section(text, "## Cost and cameras")[1:-1] == [
        "|  | A | B | B − A |",
        "|---|---|---|---|",
        "| Budget (SEK) | 45,000 | 60,000 | +15,000 |",  # (the scenario is silent on VAT)
        "| Spent (SEK) | 30,000 | 60,000 | +30,000 |",
        # what the money is spent on: 25,000 + 5 x 1,000 and 50,000 + 5 x 2,000
        "| Investment (SEK) | 25,000 | 50,000 | +25,000 |",
        "| Running costs a year (SEK) | 1,000 | 2,000 | +1,000 |",
        "| New cameras | 1 | 2 | +1 |",
        "| Existing cameras | 0 | 0 | 0 |",
        "| Covered share (graded) | 10.1 % | 12.8 % | +2.6\u00a0pp |",
        "| Covered population (graded) | 81 | 123 | +42 |",
    ]
    assert _section(text, "## Areas whose covered share changes most")[1:-1] == [
        "Areas: 1 with a higher covered share in B, 0 with a lower, 1 with the same (of 2). "
        "The largest gains and losses, at most 5 of each, in percentage points (B − A); "
        "`areas.csv` and `compare.xlsx` have every area:",
        "",
        "| area_id | name | share_a | share_b | share_change_pp |",
        "|---|---|---|---|---|",
        "| west | West side | 0.0 % | 10.5 % | +10.5\u00a0pp |",
    ]
    cameras = _section(text, "## Cameras")
    assert cameras[1] == "1 added, 0 removed, 0 moved; 1 unchanged."
    # B's second camera, on lamp-2 facing west (grid 270°, true 271°), is B's C002
    assert cameras[-3:] == [
        "| change | site_id | camera_a | model_a | orientation_a | camera_b | model_b | "
        "orientation_b |",
        "|---|---|---|---|---|---|---|---|",
        "| added | lamp-2 |  |  |  | B C002 | dome | 271.0° (W) |",
    ]
    assert text.endswith("| added | lamp-2 |  |  |  | B C002 | dome | 271.0° (W) |\n")
    # the same plans give the same bytes
    assert comparison_markdown(a, b) == text


def test_report_in_swedish_with_the_plans_language(greedy_and_more):
    a, b = greedy_and_more
    text = comparison_markdown(_swedish(b), _swedish(a))  # A: 60,000 SEK; B: greedy's
    assert text.startswith("# Jämförelse av två kameraplaner\n\n- A: Tiny test town "
                           "(scenario tiny:more)\n")
    assert _section(text, "## Målfunktionsvärde")[3:-1] == [
        "|  | A | B |",
        "|---|---|---|",
        "| Målfunktionsvärde | 204,0 | 162,2 |",
        "| Bevisad övre gräns | 204,0 | 183,1 |",
        "| Optimalitetsgap | 0,00 % | 11,44 % |",
        "| Status | optimal | ej bevisat optimal |",
        "| Sökningen avslutades | bevisat optimal (reproducerbart) | girig heuristik "
        "(reproducerbart) |",
        "",
        "- B − A, för de två funna planerna: \u221241,9 (\u221220,53 % av A:s "
        "målfunktionsvärde)",
        "- Bästa möjliga B − bästa möjliga A, bevisat intervall: \u221241,9 till \u221220,9 "
        "(\u221220,53 % till \u221210,26 % av A:s målfunktionsvärde): fastställd",
        "- Skillnaden är fastställd: intervallet innehåller inte 0.",
    ]
    cost = _section(text, "## Kostnad och kameror")
    assert "| Budget (kr) | 60\u202f000 | 45\u202f000 | \u221215\u202f000 |" in cost
    assert ("| Driftkostnader per år (kr) | 2\u202f000 | 1\u202f000 | \u22121\u202f000 |"
            in cost)
    assert "| Täckt andel (graderad) | 12,8 % | 10,1 % | \u22122,6\u00a0procentenheter |" in cost
    areas = _section(text, "## Områden vars täckta andel ändras mest")
    assert areas[1] == ("Områden: 0 med högre täckt andel i B, 1 med lägre, 1 med oförändrad "
                        "andel (av 2). De största ökningarna och minskningarna, högst 5 av vardera, "
                        "i procentenheter (B − A); `areas.csv` och `compare.xlsx` har alla "
                        "områden:")
    assert areas[3] == ("| Område (id) | Namn | Täckt andel A | Täckt andel B | Ändring av "
                        "täckt andel (procentenheter) |")
    assert areas[5] == "| west | West side | 10,5 % | 0,0 % | \u221210,5\u00a0procentenheter |"
    cameras = _section(text, "## Kameror")
    assert cameras[1] == "0 tillagda, 1 borttagen, 0 ändrade; 1 oförändrad."
    assert cameras[-1] == "| borttagen | lamp-2 | A C002 | dome | 271,0° (V) |  |  |  |"
    assert "English" not in text and "Objective" not in text and "added" not in text


def test_a_difference_within_the_gaps_is_not_established_and_areas_are_caveated(tiny_town,
                                                                                tmp_path):
    # the CLI writes report.md; greedy's plan (A) and the proven plan (B) have one camera each
    # (B with privacy off, which proves neither question narrower: the same question solved
    # twice differs by 0 between its best plans, tests/test_compare_bounds.py)
    scenario = _greedy_town(tiny_town)
    out = tmp_path / "cmp"
    other = ["--set-b", "constraints.privacy=off"]
    assert main(["-q", "compare", f"{scenario}#greedy", str(scenario), *other,
                 "--out", str(out)]) == 0
    text = (out / "report.md").read_text(encoding="utf-8")
    row = pd.read_csv(out / "difference.csv").iloc[0]
    assert (round(row["change_low"], 1), round(row["change_high"], 1)) == (-20.9, 0.0)
    objective = _section(text, "## Objective")
    assert ("- Best possible B − best possible A, proven range: -20.9 to 0.0 (-12.91 % to "
            "0.00 % of A's objective): not established") in objective
    assert objective[-2] == ("- The difference is within the plans' optimality gaps: not "
                             "established.")
    assert _section(text, "## Areas whose covered share changes most") == [
        "", "No area's covered share changes.", ""]
    assert _section(text, "## Cameras") == ["", "No camera changes."]
    # the same comparison run again writes the same bytes
    again = tmp_path / "again"
    assert main(["-q", "compare", f"{scenario}#greedy", str(scenario), *other,
                 "--out", str(again)]) == 0
    assert (again / "report.md").read_bytes() == (out / "report.md").read_bytes()


def test_hand_made_plans_moved_cameras_escaping_and_a_short_table(monkeypatch):
    # plan_pair: lamp-001 re-aimed 90° -> 180° (grid), lamp-002 dropped, lamp-004 added; the
    # scenario name and an area name hold HTML and Markdown
    a, b = plan_pair()
    text = comparison_markdown(a, b)
    assert "- A: &lt;i&gt;Katrineholm&lt;/i&gt; & \"test\" (scenario &lt;i&gt;Katrineholm" \
           "&lt;/i&gt; & \"test\")" in text
    assert "- The two plans' settings are the same." in text
    # both 79.5 of a bound of 80.0: the range -0.5 to +0.5 holds 0
    assert ("- Best possible B − best possible A, proven range: -0.5 to +0.5 (-0.63 % to "
            "+0.63 % of A's objective): not established") in text
    areas = _section(text, "## Areas whose covered share changes most")
    assert [line.split(" | ")[0] for line in areas if line.startswith("| 0483")] == [
        "| 0483C1020", "| 0483C1030", "| 0483C1010"]  # -30, +20, -10 points
    assert areas[1].startswith("Areas: 1 with a higher covered share in B, 2 with a lower, "
                               "0 with the same (of 3).")
    # the caveat after the table its sentence introduces (it had stood between the two)
    assert areas[3].startswith("| area_id | name |")
    assert areas[-2].startswith("Not established: the objectives differ by less than")
    cameras = _section(text, "## Cameras")
    assert cameras[1] == "1 added, 1 removed, 1 moved; 1 unchanged."
    assert cameras[-3:] == [
        "| added | lamp-004 |  |  |  | B C003 | bullet-4k | 201.0° (S) |",
        "| removed | lamp-002 | A C002 | bullet-4k | 201.0° (S) |  |  |  |",
        "| moved | lamp-001 | A C001 | dome-2mp | 91.0° (E) | B C001 | dome-2mp | 181.0° (S) |",
    ]
    # at most MAX_CAMERA_ROWS of each kind, in cameras.csv's order
    changes = pd.concat([camera_changes(a, b)] * 2, ignore_index=True)
    monkeypatch.setattr(_compare_report, "camera_changes", lambda a, b: changes)
    monkeypatch.setattr(_compare_report, "MAX_CAMERA_ROWS", 1)
    short = _section(comparison_markdown(a, b), "## Cameras")
    assert [line.split(" | ")[0] for line in short if line.startswith("| ")][1:] == [
        "| added", "| removed", "| moved"]
    assert short[-1] == ("Shown: 3 of the 6 changes, at most 1 of each kind and every camera on "
                         "a mount a scenario requires or existing camera a plan takes down; "
                         "`cameras.csv` and `compare.xlsx` list them all.")


@pytest.mark.parametrize(("language", "words"), [("en", "required by the scenario"),
                                                 ("sv", "krävd av scenariot")])
def test_a_camera_the_scenario_requires_is_marked_among_the_changes(monkeypatch, language,
                                                                    words):
    # B requires lamp-004 (constraints.require_sites): its added camera is the decision the
    # comparison is about; lamp-001's re-aimed camera and lamp-002's removed one are not
    from planner._map_diff import changes_html, diff_plans

    a, b = plan_pair()
    cameras = b.cameras.copy()
    cameras["required_site"] = cameras["site_id"].eq("lamp-004")
    b = dataclasses.replace(b, cameras=cameras)
    a = dataclasses.replace(a, summary={**a.summary, "settings": {"language": language}})
    changes = camera_changes(a, b)
    assert changes[["change", "site_id", "required_site"]].values.tolist() == [
        ["added", "lamp-004", True], ["removed", "lamp-002", False],
        ["moved", "lamp-001", False]]
    rows = [line for line in _section(comparison_markdown(a, b), "## Kameror" if language == "sv"
                                      else "## Cameras") if line.startswith("| ")]
    assert [row.split(" | ")[1] for row in rows[1:]] == [f"lamp-004 ({words})", "lamp-002",
                                                         "lamp-001"]
    # listed however short the table: the square's pole had fallen off after eight lamp posts
    monkeypatch.setattr(_compare_report, "MAX_CAMERA_ROWS", 0)
    rows = [line for line in _section(comparison_markdown(a, b), "## Kameror" if language == "sv"
                                      else "## Cameras") if line.startswith("| ")]
    assert [row.split(" | ")[1] for row in rows[1:]] == [f"lamp-004 ({words})"]
    shown = _section(comparison_markdown(a, b), "## Kameror" if language == "sv"
                     else "## Cameras")[-1]
    assert shown.startswith("Visas: 1 av de 3 ändringarna, högst 0 av varje slag och varje kamera "
                            "på en monteringsplats som ett scenario kräver eller befintlig kamera "
                            "som en plan tar ned;" if language == "sv"
                            else "Shown: 1 of the 3 changes, at most 0 of each kind and every "
                            "camera on a mount a scenario requires or existing camera a plan "
                            "takes down;")
    panel = changes_html(diff_plans(a, b), "A", "B", language=language)
    assert f"lamp-004 (B C003, {words})" in panel
    assert "lamp-002 (A C002)" in panel and panel.count(words) == 1


@pytest.mark.parametrize(("language", "vat_b", "line"), [
    ("en", True, "| Budget (SEK) | 45,000 (excl. VAT) | 60,000 (incl. VAT) | +15,000 |"),
    ("sv", True, "| Budget (kr) | 45\u202f000 (exkl. moms) | 60\u202f000 (inkl. moms) | "
                 "+15\u202f000 |"),
    ("en", False, "| Budget (SEK, excl. VAT) | 45,000 | 60,000 | +15,000 |"),
    ("sv", False, "| Budget (kr, exkl. moms) | 45\u202f000 | 60\u202f000 | +15\u202f000 |"),
])
def test_the_budget_says_excl_or_incl_vat_as_each_side_does(greedy_and_more, language, vat_b,
                                                            line):
    # compare's report.md had never said excl./incl. VAT beside the budget, as each plan's does
    a, b = greedy_and_more
    if language == "sv":
        a, b = _swedish(a), _swedish(b)
    a = dataclasses.replace(a, summary={**a.summary, "prices_include_vat": False})
    b = dataclasses.replace(b, summary={**b.summary, "prices_include_vat": vat_b})
    cost = _section(comparison_markdown(a, b), "## Kostnad och kameror" if language == "sv"
                    else "## Cost and cameras")
    assert cost[3] == line


def test_dropping_the_privacy_exclusion_shows_what_the_cameras_then_see_of_homes(tmp_path):
    # "what do we lose if we drop the privacy exclusion?": the comparison had shown the coverage
    # it buys only; the cameras that then look into homes were in b/report.md alone. The lamp
    # over the garden (tests/test_privacy_record.py's town) faces east under the rule and south
    # over the garden without it: the garden's part within the 16 m observe range, by hand
    # 20 x 2.49 + the circle segment beyond 12.49 m (47.8) = 97.6 m², 97.8 as the register's
    # polygons round it up
    from tests.test_privacy_record import town

    scenario = town(tmp_path / "town")
    a = plan(load_scenario(scenario))
    b = plan(load_scenario(scenario, overrides={"constraints.privacy": "off"}))
    assert _section(comparison_markdown(a, b), "## Cost and cameras")[-5:-1] == [
        "| Covered population (graded) | 52 | 148 | +96 |",
        "| New cameras that see a privacy zone at observe level or better | 0 | 1 | +1 |",
        "| Privacy zones they see at that level (m², each m² once) | 0.0 | 97.8 | +97.8 |",
        "| Homes whose façades the new cameras see at that level (each once) | 0 | 0 | 0 |",
    ]
    assert _section(comparison_markdown(_swedish(a), _swedish(b)), "## Kostnad och kameror")[
        -4:-1] == [
        "| Nya kameror som ser en integritetszon på nivån observera eller bättre | 0 | 1 | +1 |",
        "| Integritetszoner som de ser på den nivån (m², varje m² en gång) | 0,0 | 97,8 | +97,8 |",
        "| Bostadshus vars fasader de nya kamerorna ser på den nivån (varje en gång) | 0 | 0 | 0 "
        "|",
    ]
    # a plan without privacy zones sees none because it has none: "–", not 0 and −1
    unzoned = dataclasses.replace(b, privacy_zones=b.privacy_zones.iloc[:0])
    assert _section(comparison_markdown(b, unzoned), "## Cost and cameras")[-4:-1] == [
        "| New cameras that see a privacy zone at observe level or better | 1 | – | – |",
        "| Privacy zones they see at that level (m², each m² once) | 97.8 | – | – |",
        "| Homes whose façades the new cameras see at that level (each once) | 0 | 0 | 0 |",
    ]
    # neither plan's cameras see a zone at that level (both under the rule): no such rows
    assert "privacy zone" not in "\n".join(_section(comparison_markdown(a, a),
                                                    "## Cost and cameras"))


def test_data_files_that_differ_are_named_beside_the_settings(tiny_town):
    # a camera taken down, asked as "the sites layer without it" (--set-b data.sites=COPY): the
    # report had said "The two plans' settings are the same" (settings hold no data paths). The
    # copy differs (lamp-2 dearer): a byte-for-byte copy had been named as differing too
    import geopandas as gpd

    sites = gpd.read_file(tiny_town.parent / "sites.gpkg")
    sites.loc[sites["site_id"] == "lamp-2", "install_cost_sek"] += 1000
    sites.to_file(tiny_town.parent / "sites_after.gpkg")
    a = plan(load_scenario(tiny_town))
    b = plan(load_scenario(tiny_town, overrides={
        "data.sites": str(tiny_town.parent / "sites_after.gpkg")}))
    lines = comparison_markdown(a, b).splitlines()
    assert lines[4:6] == [
        "- The two plans' settings are the same.",
        "- Data files that differ: `data.sites` sites.gpkg (A), sites_after.gpkg (B)",
    ]
    # one path, other content (the file changed between the two plans): the digests' start
    inputs = {**a.summary["inputs"], "sites": {**a.summary["inputs"]["sites"],
                                                "sha256": "ab" * 32}}
    edited = dataclasses.replace(a, summary={**a.summary, "inputs": inputs})
    digest = a.summary["inputs"]["sites"]["sha256"][:12]
    assert comparison_markdown(_swedish(a), _swedish(edited)).splitlines()[5] == (
        f"- Datafiler som skiljer sig åt: `data.sites` sites.gpkg, annat innehåll (SHA-256 "
        f"{digest}… (A), abababababab… (B))")
    # the same files: no line; nor the same bytes under another path (each plan gives its paths
    # from its own scenario's folder: two scenarios in two folders reading one file had been
    # said to differ in every data file)
    inputs = {key: {**given, "file": f"../{given['file']}"}
              for key, given in a.summary["inputs"].items()}
    elsewhere = dataclasses.replace(a, summary={**a.summary, "inputs": inputs})
    for other in (a, elsewhere):
        assert comparison_markdown(a, other).splitlines()[4:6] == [
            "- The two plans' settings are the same.",
            "- Each plan in full, with its own report.md and map: `a/` and `b/`; the two maps "
            "side by side: `compare.html`; the tables below in full: `difference.csv`, "
            "`areas.csv`, `cameras.csv` and `compare.xlsx`."]


def test_a_budget_cut_says_why_the_smaller_plan_adds_cameras():
    # 8 against 5 MSEK on the default data had listed 20 cameras "added" by the cut, without a
    # word: the larger plan with cameras taken away had been expected. plan_pair at 8 and 6 MSEK:
    # B adds lamp-004 and re-aims lamp-001, 2 of its 2 new cameras
    a, b = plan_pair()
    b = dataclasses.replace(b, summary={**b.summary, "budget_sek": 6e6})
    cameras = _section(comparison_markdown(a, b), "## Cameras")
    assert cameras[3] == (
        "Each plan is the best found for its own budget, so the plan of 6,000,000 SEK is not the "
        "plan of 8,000,000 SEK with cameras taken away: 2 of its 2 new cameras are not in that "
        "plan (other mounts, models or directions). Which of the larger plan's cameras to keep "
        "within the smaller budget is stage 1 of `planner rollout SCENARIO --stages "
        "6000000,2000000 --order backward`.")
    # the other way round (A the smaller): A's removed and moved cameras, in Swedish
    sv = [dataclasses.replace(p, summary={**p.summary, "settings": {"language": "sv"}})
          for p in (b, a)]
    assert _section(comparison_markdown(*sv), "## Kameror")[3] == (
        "Varje plan är den bästa som hittats för sin egen budget, så planen för 6\u202f000\u202f000 "
        "kr är inte planen för 8\u202f000\u202f000 kr med kameror borttagna: 2 av dess 2 nya "
        "kameror finns inte "
        "i den planen (andra monteringsplatser, modeller eller riktningar). Vilka av den större "
        "planens kameror som ska behållas inom den mindre budgeten är etapp 1 i `planner rollout "
        "SCENARIO --stages 6000000,2000000 --order backward`.")
    # one budget: no such line; nor where another rule differs too (B with an equity share: its
    # cameras differ for that as well, and no rollout of one scenario keeps A's)
    equity = dataclasses.replace(b, summary={**b.summary, "settings": {
        "constraints": {"equity_min_share": 0.05}}})
    for other in (plan_pair()[1], equity):
        assert not any(line.startswith("Each plan is the best") for line in
                       _section(comparison_markdown(a, other), "## Cameras"))


def test_one_camera_not_in_the_larger_plan_is_said_in_the_singular(monkeypatch):
    # ("1 of its 2 new cameras are not in that plan" had been written)
    a, b = plan_pair()
    b = dataclasses.replace(b, summary={**b.summary, "budget_sek": 6e6})
    moved = camera_changes(a, b).query("change == 'moved'")
    assert len(moved) == 1
    monkeypatch.setattr(_compare_report, "camera_changes", lambda a, b: moved)
    assert _section(comparison_markdown(a, b), "## Cameras")[3].startswith(
        "Each plan is the best found for its own budget, so the plan of 6,000,000 SEK is not the "
        "plan of 8,000,000 SEK with cameras taken away: 1 of its 2 new cameras is not in that "
        "plan (other mounts, models or directions).")
    sv = [dataclasses.replace(p, summary={**p.summary, "settings": {"language": "sv"}})
          for p in (a, b)]
    assert ": 1 av dess 2 nya kameror finns inte i den planen (" in _section(
        comparison_markdown(*sv), "## Kameror")[3]


def test_the_suggested_rollout_carries_the_shared_settings_and_the_budgets_as_given():
    # the command had left out the --set both plans were planned with (so it planned the
    # scenario as written, another question) and rounded 6,000,000.5 SEK to 6000000
    a, b = plan_pair()
    b = dataclasses.replace(b, summary={**b.summary, "budget_sek": 6000000.5})
    shared = ["constraints.equity_min_share=0.05",
              'constraints.remove_existing=["existing-skolgatan"]']
    cameras = _section(comparison_markdown(a, b, shared_sets=shared), "## Cameras")
    assert cameras[3] == (
        "Each plan is the best found for its own budget, so the plan of 6,000,000.5 SEK is not "
        "the plan of 8,000,000 SEK with cameras taken away: 2 of its 2 new cameras are not in "
        "that plan (other mounts, models or directions). Which of the larger plan's cameras to "
        "keep within the smaller budget is stage 1 of `planner rollout SCENARIO --set "
        "constraints.equity_min_share=0.05 --set 'constraints.remove_existing=[\"existing-"
        "skolgatan\"]' --stages 6000000.5,1999999.5 --order backward`.")
    sv = [dataclasses.replace(p, summary={**p.summary, "settings": {"language": "sv"}})
          for p in (b, a)]
    assert _section(comparison_markdown(*sv, shared_sets=shared[:1]), "## Kameror")[3] == (
        "Varje plan är den bästa som hittats för sin egen budget, så planen för "
        "6\u202f000\u202f000,5 kr är inte planen för 8\u202f000\u202f000 kr med kameror "
        "borttagna: 2 av dess 2 nya kameror finns inte i den planen (andra monteringsplatser, "
        "modeller eller riktningar). Vilka av den större planens kameror som ska behållas inom "
        "den mindre budgeten är etapp 1 i `planner rollout SCENARIO --set "
        "constraints.equity_min_share=0.05 --stages 6000000.5,1999999.5 --order backward`.")
    # decimals on both sides: the difference exactly (float subtraction had given
    # 2000000.1999999997)
    a = dataclasses.replace(a, summary={**a.summary, "budget_sek": 8000000.3})
    b = dataclasses.replace(b, summary={**b.summary, "budget_sek": 6000000.1})
    assert _section(comparison_markdown(a, b), "## Cameras")[3].endswith(
        "`planner rollout SCENARIO --stages 6000000.1,2000000.2 --order backward`.")


def test_compare_passes_the_settings_both_sides_share_to_the_report(tiny_town, tmp_path,
                                                                    monkeypatch):
    # --set, and a key --set-a and --set-b give the same value, are shared; the budgets
    # (which --stages replaces) and a key one side sets differently are not
    from planner import _cli_multi, _cli_parser

    args = _cli_parser._parser().parse_args([
        "compare", "x.toml", "x.toml", "--set", "solver.gap=0", "--set", "coverage.night=true",
        "--set-a", "budget.total_sek=30000", "--set-b", "budget.total_sek=60_000",
        "--set-a", "solver.seed=3", "--set-b", "solver.seed=4",
        "--set-a", "constraints.equity_min_share=0.05",
        "--set-b", "constraints.equity_min_share=5e-2", "--set-b", "coverage.night=false",
        "--out", "o"])
    assert _cli_multi._shared_sets(args) == ["solver.gap=0", "constraints.equity_min_share=0.05"]
    # and the command's report gets them: the tiny town's smaller plan is a part of the larger,
    # so one of its cameras is said to move (the line is written where one does)
    moved = camera_changes(*plan_pair()).query("change == 'moved'")
    monkeypatch.setattr(_compare_report, "camera_changes", lambda a, b: moved)
    # the scenario as typed, relative (it had said SCENARIO)
    monkeypatch.chdir(tiny_town.parent.parent)
    ref = f"{tiny_town.parent.name}/{tiny_town.name}"
    assert main(["-q", "compare", ref, ref, "--set", "solver.gap=0",
                 "--set-a", "budget.total_sek=30000.5", "--set-b", "budget.total_sek=60000",
                 "--out", "cmp"]) == 0
    text = (tmp_path / "cmp" / "report.md").read_text(encoding="utf-8")
    assert ("stage 1 of `planner rollout town/scenario.toml --set solver.gap=0 --stages "
            "30000.5,29999.5 --order backward`.\n") in text


@pytest.mark.parametrize(("refs", "scenario", "after"), [
    (("x.toml", "./x.toml"), "x.toml", ""),
    (("my plans/x.toml#sv", "my plans/x.toml#sv"), "'my plans/x.toml#sv'", ""),
    # a variant that sets the budget against the file: the file (the stages set the budget)
    (("x.toml", "x.toml#six-million"), "x.toml", ""),
    (("a.toml", "b.toml"), "SCENARIO", " `SCENARIO` stands for A's `a.toml` or B's `b.toml`: the "
                                       "two plans were not given as one scenario."),
    (("x.toml#sv", "x.toml#night"), "SCENARIO", " `SCENARIO` stands for A's `x.toml#sv` or B's "
                                                "`x.toml#night`: the two plans were not given as "
                                                "one scenario."),
])
def test_the_suggested_rollout_names_the_scenario_as_given(refs, scenario, after):
    a, b = plan_pair()
    b = dataclasses.replace(b, summary={**b.summary, "budget_sek": 6e6})
    cameras = _section(comparison_markdown(a, b, refs=refs), "## Cameras")
    assert cameras[3].endswith(
        f"stage 1 of `planner rollout {scenario} --stages 6000000,2000000 --order backward`."
        + after)
    sv = [dataclasses.replace(p, summary={**p.summary, "settings": {"language": "sv"}})
          for p in (a, b)]
    assert _section(comparison_markdown(*sv, refs=("a.toml", "b.toml")), "## Kameror")[3].endswith(
        "etapp 1 i `planner rollout SCENARIO --stages 6000000,2000000 --order backward`. "
        "`SCENARIO` står för A:s `a.toml` eller B:s `b.toml`: de två planerna gavs inte som ett "
        "och samma scenario.")


#: the count line of a comparison where B takes the existing camera down, and where A does
COUNTS = {
    "en": ("0 added, 1 removed (of which 1 existing camera taken down), 0 moved; 1 unchanged.",
           "1 added (of which 1 existing camera not taken down), 0 removed, 0 moved; 1 "
           "unchanged."),
    "sv": ("0 tillagda, 1 borttagen (varav 1 befintlig kamera nedtagen), 0 ändrade; 1 "
           "oförändrad.",
           "1 tillagd (varav 1 befintlig kamera inte nedtagen), 0 borttagna, 0 ändrade; 1 "
           "oförändrad."),
}


@pytest.mark.parametrize(("language", "taken", "kept", "heading"), [
    ("en", "taken down (existing)", "not taken down (existing)", "## Cameras"),
    ("sv", "nedtagen (befintlig)", "inte nedtagen (befintlig)", "## Kameror")])
def test_an_existing_camera_taken_down_is_named_so_among_the_changes(tmp_path, monkeypatch,
                                                                     language, taken, kept,
                                                                     heading):
    # constraints.remove_existing in B: the old dome had shown as "removed", as any camera the
    # solver leaves out, nothing saying it was an existing camera taken down
    from tests.conftest import sites_with_old_camera, write_town

    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set", f'language="{language}"',
                 "--set-b", 'constraints.remove_existing=["old"]', "--out", str(out)]) == 0
    csv = pd.read_csv(out / "cameras.csv")
    assert csv[["change", "site_id", "existing"]].values.tolist() == [["removed", "old", True]]
    section = _section((out / "report.md").read_text(encoding="utf-8"), heading)
    # the count line says so too (it had counted the camera taken down as any removed)
    assert section[1] == COUNTS[language][0]
    rows = [line for line in section if line.startswith("| ")]
    west = "271,0° (V)" if language == "sv" else "271.0° (W)"
    assert rows[1:] == [f"| {taken} | old | A C002 | dome | {west} |  |  |  |"]
    sheet = pd.read_excel(out / "compare.xlsx", sheet_name=2)
    assert sheet.iloc[:, 0].tolist() == [taken]
    # the other way round (A takes it down): B's camera is not taken down; shown however short
    # the table, as a camera on a required mount
    a, b = (load_scenario(town, overrides={"language": language, **o}) for o in (
        {"constraints.remove_existing": ["old"]}, {}))
    plans = [plan(s) for s in (a, b)]
    monkeypatch.setattr(_compare_report, "MAX_CAMERA_ROWS", 0)
    section = _section(comparison_markdown(*plans), heading)
    assert section[1] == COUNTS[language][1]
    rows = [line for line in section if line.startswith("| ")]
    assert [row.split(" | ")[0] for row in rows[1:]] == [f"| {kept}"]


def test_the_areas_table_names_the_largest_gains_and_the_largest_losses(monkeypatch):
    # dropping Katrineholm's privacy exclusion: 9 areas gain, 3 lose, and the five largest
    # changes had named one of the three (Oppunda-Laggarhult's 0483C1060, -1.3 pp, and
    # Gersnäs-Lövåsen, -0.3 pp, went unnamed behind larger gains). plan_pair: -30, +20 and -10
    # points; at most one of each way, the -30 and the +20, largest first
    a, b = plan_pair()
    monkeypatch.setattr(_compare_report, "MOST_CHANGED_AREAS", 1)
    areas = _section(comparison_markdown(a, b), "## Areas whose covered share changes most")
    assert areas[1].endswith("The largest gains and losses, at most 1 of each, in percentage "
                             "points (B − A); `areas.csv` and `compare.xlsx` have every area:")
    assert [line.split(" | ")[0] for line in areas if line.startswith("| 0483")] == [
        "| 0483C1020", "| 0483C1030"]


def test_the_rollout_command_names_the_scenario_both_plans_come_from():
    from planner._compare_report import _rollout_scenario

    # one file and one variant or none: as typed; a variant on one side only (it sets the
    # budget, which the stages replace): the file; two files or two variants: none (SCENARIO)
    assert [_rollout_scenario(refs) for refs in (
        ("x.toml", "x.toml"), ("x.toml#sv", "./x.toml#sv"), ("x.toml", "x.toml#six-million"),
        ("x.toml#sv", "x.toml#equity"), ("x.toml", "y.toml"), ("x.toml",))] == [
        "x.toml", "x.toml#sv", "x.toml", None, None, None]


@pytest.mark.parametrize(("language", "words"), [
    ("en", "- The covered share and the covered population move in opposite directions: the "
           "share weighs each area by its priority, as the objective the plans maximise does, "
           "and the population does not, so the plan that covers more people is not the one "
           "with more priority-weighted coverage."),
    ("sv", "- Täckt andel och täckt befolkning ändras åt olika håll: andelen viktar varje "
           "område efter dess prioritet, som målfunktionen som planerna maximerar gör, och "
           "befolkningen gör det inte, så den plan som täcker fler personer är inte den med "
           "mest prioritetsviktad täckning."),
])
def test_a_share_and_a_population_that_move_oppositely_are_explained(greedy_and_more,
                                                                     language, words):
    # Katrineholm's #sv against #sv+equity: B's covered share 17.5 % against 17.8 % (-0.3 pp)
    # but its covered population 3,948 against 3,933 (+15), with nothing under the table to
    # say why: read as "the equity rule covers more people"
    a, b = greedy_and_more
    a = dataclasses.replace(a, summary={**a.summary, "covered_share": 0.177807799,
                                        "covered_population": 3932.856508105})
    b = dataclasses.replace(b, summary={**b.summary, "covered_share": 0.175204471,
                                        "covered_population": 3947.960989661})
    if language == "sv":
        a, b = _swedish(a), _swedish(b)
    heading = "## Cost and cameras" if language == "en" else "## Kostnad och kameror"
    section = _section(comparison_markdown(a, b), heading)
    share, population = (r for r in section if r.startswith(("| Covered ", "| Täckt ")))
    assert share.endswith(("| -0.3\u00a0pp |", "| −0,3\u00a0procentenheter |"))
    assert population.endswith("| +15 |")
    assert section[-2:] == [words, ""]
    # (where the two move together, no such line: the module's own pair, both up)
    both_up = comparison_markdown(*greedy_and_more)
    assert "opposite directions" not in both_up and "olika håll" not in both_up


def test_the_privacy_rows_count_what_two_cameras_see_once():
    # the rows had summed the register's per-camera figures: B's second camera, looking at the
    # same 16 m² of the garden as A's one, had read as +16 m² more of homes seen
    import dataclasses

    from tests.test_privacy_record import _overlapping_plan

    a = _overlapping_plan()
    views = a.views.copy()
    views.loc[3, "geometry"] = views.geometry.iloc[2]  # (opt-2 sees C001's 16 m² at observe too)
    b = dataclasses.replace(a, views=views)
    assert _section(comparison_markdown(a, b), "## Cost and cameras")[-4:-1] == [
        "| New cameras that see a privacy zone at observe level or better | 1 | 2 | +1 |",
        "| Privacy zones they see at that level (m², each m² once) | 16.0 | 16.0 | 0.0 |",
        "| Homes whose façades the new cameras see at that level (each once) | 0 | 0 | 0 |",
    ]


# (compare --cameras-a/-b: a side given cameras is scored as it is, its objective its own best)
# plan_pair's two plans: 79.5 each, bounds 80.0; a given side's range end is its objective
GIVEN_RANGE = {
    ("en", "a"): ("- Best possible B − A (given cameras), proven range: 0.0 to +0.5 (0.00 % to "
                  "+0.63 % of A's objective): not established",
                  "<th>Best B − A (given cameras)</th><td>0.0 to +0.5</td>",
                  "Objective B - A: 0.0; the best possible B minus A (given cameras) is proven "
                  "to lie between 0.0 and +0.5 (0.00 % to +0.63 % of A's objective). "),
    ("en", "b"): ("- B (given cameras) − best possible A, proven range: -0.5 to 0.0 (-0.63 % to "
                  "0.00 % of A's objective): not established",
                  "<th>B (given cameras) − best A</th><td>-0.5 to 0.0</td>",
                  "Objective B - A: 0.0; B (given cameras) minus the best possible A is proven "
                  "to lie between -0.5 and 0.0 (-0.63 % to 0.00 % of A's objective). "),
    ("sv", "a"): ("- Bästa möjliga B − A (givna kameror), bevisat intervall: 0,0 till +0,5 (0,00 % "
                  "till +0,63 % av A:s målfunktionsvärde): inte fastställd",
                  "<th>Bästa B − A (givna kameror)</th><td>0,0 till +0,5</td>",
                  "Målfunktionsvärde B - A: 0,0; bästa möjliga plan B minus A (givna kameror) "
                  "ligger bevisat mellan 0,0 och +0,5 (0,00 % till +0,63 % av A:s "
                  "målfunktionsvärde). "),
    ("sv", "b"): ("- B (givna kameror) − bästa möjliga A, bevisat intervall: −0,5 till 0,0 (−0,63 % "
                  "till 0,00 % av A:s målfunktionsvärde): inte fastställd",
                  "<th>B (givna kameror) − bästa A</th><td>−0,5 till 0,0</td>",
                  "Målfunktionsvärde B - A: 0,0; B (givna kameror) minus bästa möjliga plan A "
                  "ligger bevisat mellan -0,5 och 0,0 (-0,63 % till 0,00 % av A:s "
                  "målfunktionsvärde). "),
}


GIVEN_VERDICT = {
    "en": ("The difference is within {other}'s optimality gap: not established.",
           "Not established: the objectives differ by less than {other}'s optimality gap, so "
           "these changes per area may not hold between {between}."),
    "sv": ("Skillnaden ryms inom {other}:s optimalitetsgap: den är inte fastställd.",
           "Inte fastställd: målfunktionsvärdena skiljer sig åt med mindre än {other}:s "
           "optimalitetsgap, så ändringarna per område behöver inte gälla mellan {between}."),
}
GIVEN_BETWEEN = {("en", "a"): "A and B's best plan", ("en", "b"): "A's best plan and B",
                 ("sv", "a"): "A och B:s bästa plan", ("sv", "b"): "A:s bästa plan och B"}


def test_the_range_beside_given_cameras_names_them_given_not_best_possible(tmp_path):
    from openpyxl import load_workbook

    from planner._compare_sections import _objective_lines
    from planner._map_objective import difference_html, difference_line, objective_difference
    from planner.compare import _difference_sheet
    from planner.maps import compare_maps, map_html
    from planner.workbook import write_workbook
    from tests.test_maps import js

    def side(p, given, language):
        summary = {**p.summary, "settings": {"language": language}}
        if given:  # (as planner evaluate writes it: nothing optimised, no bound, no gap)
            summary.update(status="evaluated", bound=None, gap=None)
        return dataclasses.replace(p, summary=summary)

    pair = plan_pair()
    for language in ("en", "sv"):
        found = ("- B − A, för de två funna planerna: 0,0 (0,00 % av A:s målfunktionsvärde)"
                 if language == "sv" else "- B − A, of the two plans found: 0.0 (0.00 % of A's "
                 "objective)")
        for given in ("a", "b", "both"):
            a, b = (side(p, given in (name, "both"), language)
                    for p, name in zip(pair, "ab", strict=True))
            # report.md's objective section (comparison_markdown's), the map's panel, the line
            # compare prints
            said = [line for line in _objective_lines(a, b, language) if line.startswith("- ")]
            d = objective_difference(a.summary, b.summary)
            panel = difference_html(d, language)
            printed = difference_line(d, language, console=True)
            if given == "both":  # (each its own best: the difference is exact, no range)
                exact = ("A och B är givna kameror, var och en bedömd som den är: skillnaden är "
                         "exakt." if language == "sv" else "A and B are given cameras, each "
                         "scored as it is: the difference is exact.")
                assert said == [found, f"- {exact}"]
                assert printed == ("Målfunktionsvärde B - A: 0,0. " if language == "sv"
                                   else "Objective B - A: 0.0. ") + exact
                assert panel.count("<tr>") == 3  # A, B and B − A: no range row
                continue
            report_line, row, line = GIVEN_RANGE[language, given]
            assert said[:2] == [found, report_line] and len(said) == 3
            assert row in panel and printed.startswith(line)
            # the verdict and the areas' warning name the one optimality gap there is, the
            # other side's (they had said "the plans' optimality gaps" beside given cameras)
            other = "B" if given == "a" else "A"
            verdict, areas = GIVEN_VERDICT[language]
            assert said[2].endswith(" " + verdict.format(other=other))
            assert printed.endswith(" " + verdict.format(other=other))
            assert _compare_report._area_lines(a, b, language)[-1] == areas.format(
                other=other, between=GIVEN_BETWEEN[language, given])
            # compare.xlsx's difference sheet: its Swedish names as the range's (English keeps
            # difference.csv's column names)
            items = dict(_difference_sheet(a, b, language).itertuples(index=False))
            name = "B (givna kameror) − bästa A" if given == "b" else "Bästa B − A (givna kameror)"
            ends = (["change_low", "change_high"] if language == "en"
                    else [f"{name}, bevisad {end} gräns" for end in ("nedre", "övre")])
            assert [items[k] for k in ends] == ([0.0, 0.5] if given == "a" else [-0.5, 0.0])
    # in the comparison map as the reader sees it, below B's summary
    a, b = side(pair[0], False, "sv"), side(pair[1], True, "sv")
    page = map_html(compare_maps(a, b, language="sv"))
    assert js(GIVEN_RANGE["sv", "b"][1]) in page
    assert js(GIVEN_VERDICT["sv"][1].format(other="A", between=GIVEN_BETWEEN["sv", "b"])) in page
    # and in the workbook, signed as the other ends are
    write_workbook([("Skillnad", _difference_sheet(a, b, "sv"))], tmp_path / "d.xlsx")
    sheet = load_workbook(tmp_path / "d.xlsx")["Skillnad"]
    shown = {r[0].value: r[1].number_format for r in sheet.iter_rows(min_row=2)}
    assert shown["B (givna kameror) − bästa A, bevisad nedre gräns"] == "+#,##0.0;-#,##0.0;0.0"
