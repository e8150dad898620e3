"""Rollouts in stages: each stage checked against every plan by brute force on a small town."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from shapely.geometry import Point

from planner import Scenario, load_scenario
from planner import plan as pl
from planner._stage_text import million
from planner.cli import main
from planner.errors import InfeasibleError, InputError
from planner.rollout import (
    CAMERA_COLUMNS,
    STAGE_COLUMNS,
    RolloutResult,
    parse_stages,
    rollout_markdown,
    run_rollout,
    write_rollout,
)

from .conftest import CRS, X0, Y0, write_town


def _town(folder: Path, seed: int) -> Path:
    """Three mounts at seeded places around the town's east area, with seeded costs."""
    rng = np.random.default_rng(seed)
    xy = np.column_stack([rng.uniform(X0 - 10, X0 + 70, 3), rng.uniform(Y0 - 30, Y0 + 30, 3)])
    sites = gpd.GeoDataFrame(
        {"site_id": [f"lamp-{i}" for i in range(3)], "mount_type": ["lamp_post"] * 3,
         "install_cost_sek": rng.integers(0, 16, 3) * 1000.0,
         "max_cameras": rng.integers(1, 3, 3)},
        geometry=[Point(x, y) for x, y in xy], crs=CRS)
    return write_town(folder, sites=sites)


def _best(problem, *, within: float, superset=(), subset=None) -> float:
    """The best objective of any plan within ``within`` SEK (containing ``superset``, inside
    ``subset``), by trying every set of options."""
    a = problem.coverage.toarray()
    w = np.asarray(problem.weights)
    costs = np.asarray(problem.costs)
    groups = np.asarray(problem.groups)
    allowed = [j for j in range(len(costs)) if subset is None or j in subset or j in superset]
    best = -1.0
    for r in range(len(allowed) + 1):
        for chosen in itertools.combinations(allowed, r):
            if not set(superset) <= set(chosen) or costs[list(chosen)].sum() > within + 1e-9:
                continue
            if any(np.bincount(groups[list(chosen)], minlength=len(problem.capacity))
                   > problem.capacity):
                continue
            value = float(w @ a[:, list(chosen)].max(axis=1)) if chosen else 0.0
            best = max(best, value)
    return best


@pytest.fixture(scope="module")
def seeded_towns(tmp_path_factory) -> Callable[[int], tuple[Scenario, pl.Prepared]]:
    """Each seed's town and its preparation, made once for the module (read, never changed)."""
    made: dict[int, tuple[Scenario, pl.Prepared]] = {}

    def town(seed: int) -> tuple[Scenario, pl.Prepared]:
        if seed not in made:
            scenario = load_scenario(_town(tmp_path_factory.mktemp(f"town-{seed}"), seed))
            made[seed] = (scenario, pl.prepare(scenario))
        return made[seed]

    return town


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("order", ["forward", "backward"])
@pytest.mark.parametrize("mip", [False, True], ids=["enumeration", "mip"])
def test_each_stage_is_the_best_plan_its_order_allows(seeded_towns, monkeypatch, seed, order,
                                                      mip):
    if mip:  # (a town this small is answered by checking every plan unless sent to the MIP)
        from planner import _opt_enum

        monkeypatch.setattr(_opt_enum, "MAX_PLANS", 0)
    # (the seed's preparation is shared by its four cases: the solves are what each checks)
    scenario, prepared = seeded_towns(seed)
    money = [45_000.0, 35_000.0, 50_000.0]
    result = run_rollout(scenario, money, order=order, prepared=prepared)
    sums = np.cumsum(money)
    sets = [set(p.cameras["option_id"].astype(int)) for p in result.plans]
    for k, (plan, within) in enumerate(zip(result.plans, sums, strict=True)):
        problem = pl._problem(scenario.with_overrides({"budget.total_sek": within}), prepared)
        if order == "forward":
            rule = {"superset": sets[k - 1]} if k else {}
        else:
            rule = {"subset": sets[k + 1]} if k + 1 < len(sets) else {}
        assert plan.summary["objective"] == pytest.approx(_best(problem, within=within, **rule),
                                                          abs=1e-9)
        assert plan.summary["spent_sek"] <= within
        assert (plan.summary["backend"] == "enumeration") is not mip
        if k:
            assert sets[k - 1] <= sets[k]  # (the stages are nested)
        alone = _best(problem, within=within)
        row = result.stages.iloc[k]
        assert row["best_objective"] == pytest.approx(alone, abs=1e-9)
        assert row["shortfall"] == pytest.approx((alone - row["objective"]) / alone, abs=1e-12)
        assert row["budget_sek"] == within and row["stage_sek"] == money[k]
    # the end of a backward rollout, and the start of a forward one, is the best plan
    edge = result.stages.iloc[-1 if order == "backward" else 0]
    assert edge["shortfall"] == 0.0 and edge["objective"] == edge["best_objective"]


def test_a_camera_keeps_its_label_in_every_stage(seeded_towns):
    scenario, prepared = seeded_towns(1)
    result = run_rollout(scenario, [45_000.0, 35_000.0, 50_000.0], best=False, prepared=prepared)
    labels = [dict(zip(p.cameras["option_id"].astype(int), p.camera_labels().tolist(),
                       strict=True)) for p in result.plans]
    for earlier, later in itertools.pairwise(labels):
        assert {j: later[j] for j in earlier} == earlier
    stages = result.plans[-1].cameras["stage"].tolist()
    assert stages == sorted(stages)  # (numbered in the order they are bought)
    cams = result.cameras
    for k, p in enumerate(result.plans, start=1):
        bought = set(cams.loc[cams["stage"] == k, "option_id"])
        before = set(result.plans[k - 2].cameras["option_id"]) if k > 1 else set()
        assert bought == set(p.cameras["option_id"]) - before
        assert result.stages.iloc[k - 1]["n_cameras_added"] == len(bought)
    # best=False: only the stage that is the best plan anyway (forward: the first) is compared
    assert result.stages["best_objective"].isna().tolist() == [False, True, True]
    assert result.stages["shortfall"].tolist()[0] == 0.0


def test_rollout_folder_and_command_line(tmp_path, capsys):
    scenario = _town(tmp_path / "town", 2)
    out = tmp_path / "rollout"
    # (one process: test_best_plans_solved_beside_the_stages_are_the_same has the pool)
    assert main(["-q", "rollout", str(scenario), "--stages", "45000,35000,50000",
                 "--workers", "1", "--out", str(out)]) == 0
    stages = pd.read_csv(out / "stages.csv")
    cams = pd.read_csv(out / "cameras.csv")
    assert stages["stage"].tolist() == [1, 2, 3]
    assert stages["budget_sek"].tolist() == [45_000, 80_000, 130_000]
    for k in (1, 2, 3):
        summary = pd.read_json(out / f"stage_{k}" / "summary.json", typ="series")
        assert summary["rollout"]["stage"] == k
        assert summary["objective"] == pytest.approx(stages["objective"][k - 1])
        geo = gpd.read_file(out / f"stage_{k}" / "cameras.geojson")
        assert set(zip(geo["camera"], geo["stage"], strict=True)) <= set(
            zip(cams["camera"], cams["stage"], strict=True))
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("Order: forward (each stage the best for its money, given what the stages before it "
            "bought). Stage 1 is the best plan for its money;") in report
    assert "### Stage 3:" in report
    # each stage's own report says which stage it is, and what it buys in words (stage 1 had
    # said "1 of the 1 new cameras are bought in this stage, the others in the stages before it")
    assert stages[["n_cameras_added", "n_cameras_new"]].values.tolist() == [[1, 1], [2, 3], [1, 4]]
    for k, bought in ((1, "the new camera is bought in this stage"),
                      (2, "2 of the 3 new cameras are bought in this stage, the other in stage 1"),
                      (3, "1 of the 4 new cameras is bought in this stage, the others in the "
                          "stages before it")):
        assert f"\n- Rollout: stage {k} of 3 (forward); {bought}\n" in (
            out / f"stage_{k}" / "report.md").read_text(encoding="utf-8")
    # the last stage's map has a layer per stage, and each popup the camera's stage
    html = (out / "stage_3" / "map.html").read_text(encoding="utf-8")
    for k, n in cams.loc[cams["stage"] > 0, "stage"].value_counts().items():
        assert f"New cameras, stage {k} ({n})" in html
    assert "New cameras (" not in html
    assert html.count("Bought in stage") == int((cams["stage"] > 0).sum())
    assert (out / "rollout.xlsx").exists() and (out / "stage_3" / "map.html").exists()

    sv = tmp_path / "sv"
    capsys.readouterr()
    assert main(["rollout", str(scenario), "--stages", "45000,35000", "--order",
                 "backward", "--no-best", "--set", 'language="sv"', "--out", str(sv)]) == 0
    # the printed stage table in Swedish, as rollout.xlsx heads it and report.md writes the
    # numbers (it had printed stages.csv's raw numbers under English names)
    # (each status with what the stage is optimal under: stage 1 of a backward rollout had read
    # "optimal ... 0,00 %", optimal only as a part of stage 2)
    assert capsys.readouterr().out.splitlines() == [
        "Täckt andel nattetid är samma kameror nattetid (IR-räckvidd), som de står: planerna är "
        "gjorda för dagtid.",
        "Etapp Medel totalt (kr) Använt totalt (kr) Tillagda kameror Täckt andel Täckt andel "
        "nattetid                        Status Optimalitetsgap Förlust mot bästa plan",
        "    1            45 000             23 000                1       8,6 %                "
        "4,4 % optimal som en del av etapp 2          0,00 %                      –",
        "    2            80 000             80 000                2      18,9 %               "
        "11,0 %                       optimal          0,00 %                 0,00 %",
        f"-> {sv}"]
    report = (sv / "report.md").read_text(encoding="utf-8")
    # headed by the scenario's title, its name beneath (it had been headed by the name); each
    # stage's plan by its stage and the money so far (it had carried the scenario's title alone)
    assert report.startswith("# Utbyggnad i etapper: Tiny test town\n\nScenario: tiny\n")
    for k, money in ((1, "45\u202f000 kr"), (2, "80\u202f000 kr")):
        assert (sv / f"stage_{k}" / "report.md").read_text(encoding="utf-8").startswith(
            f"# Kameraplan: Tiny test town — etapp {k} av 2, {money}\n")
    # (the order explained: "Ordning: bakåt." alone had been jargon)
    assert ("Ordning: bakåt (varje etapp den bästa del av etappen efter den som dess medel räcker "
            "till). Sista etappen är den bästa planen för hela summan;") in report
    assert "### Etapp 2:" in report
    # graded, as every other document says it (the header had said "täckt befolkning")
    assert ("| etapp | medel (kr) | totalt (kr) | använt i etappen (kr) | använt totalt (kr) | "
            "tillagda kameror | nya kameror | täckt befolkning (graderad) | täckt andel | status | "
            "optimalitetsgap | bästa plan för summan | förlust mot den |") in report
    assert ("| kamera | monteringsplats | modell | riktning (geografisk nord) | kostnad (kr) | "
            "täckt befolkning (graderad, kameran för sig) |") in report
    assert "Nya kameror, etapp 1 (" in (sv / "stage_2" / "map.html").read_text(encoding="utf-8")
    assert "- Utbyggnad: etapp 2 av 2 (ordning bakåt); " in (
        sv / "stage_2" / "report.md").read_text(encoding="utf-8")
    book = load_workbook(sv / "rollout.xlsx")
    assert book.sheetnames == ["Etapper", "Kameror", "Områden"]
    head = next(book["Etapper"].iter_rows(values_only=True))
    # the running totals say so, as report.md's "totalt" columns (they had been the plan's
    # "Budget (kr)" and "Använt (kr)" beside "Etappens medel (kr)")
    assert head[:10] == ("Etapp", "Etappens medel (kr)", "Medel totalt (kr)",
                         "Använt totalt (kr)", "Använt i etappen (kr)",
                         "Investering i etappen (kr)", "Tillagda driftkostnader per år (kr)",
                         "Investering totalt (kr)", "Driftkostnader per år totalt (kr)",
                         "Tillagda kameror")
    # (the status with what the stage is optimal under, as the printed table and report.md)
    status = head.index("Status")
    assert [row[status] for row in book["Etapper"].iter_rows(min_row=2, values_only=True)] == [
        "optimal som en del av etapp 2", "optimal"]
    assert [line.split(" | ")[9] for line in report.splitlines()
            if line.startswith(("| 1 | ", "| 2 | ")) and line.count(" | ") == 12] == [
        "optimal som en del av etapp 2", "optimal"]
    assert pd.read_csv(sv / "stages.csv")["status"].tolist() == ["optimal", "optimal"]
    totals = [next(c for c in book["Etapper"][2] if c.column == k + 1).number_format
              for k in range(2, 4)]
    assert totals == ["#,##0", "#,##0"]  # (their amounts shown as the plan's)
    assert next(load_workbook(out / "rollout.xlsx")["Stages"].iter_rows(values_only=True))[
        :4] == ("stage", "stage_sek", "budget_sek", "spent_sek")
    # the cameras as people read them: label, stage, mount, the model's id and its name; the
    # optimiser's option index is cameras.csv's only, for programs (README: only data files)
    assert next(book["Kameror"].iter_rows(values_only=True))[:6] == (
        "Kamera", "Etapp", "Monteringsplats (id)", "Monteringstyp", "Modell", "Modellnamn")
    assert "option_id" in pd.read_csv(sv / "cameras.csv").columns
    # each model by its catalogue id in the tables, as the stages' report.md, the catalogue's
    # name once (the table had given the name, the stages' reports the id)
    assert ("Kameramodellerna anges med katalogens id (`data.cameras`), som i tabellerna, "
            "register.csv och cameras.geojson, här med katalogens namn: dome = Test dome 1920 "
            "px, 90 degrees.") in report.splitlines()
    assert re.search(r"^\| C001 \| lamp-[12] \| dome \| ", report, re.M)
    rows = list(book["Etapper"].iter_rows(values_only=True))
    english = set(STAGE_COLUMNS) | set(CAMERA_COLUMNS)
    for sheet in ("Etapper", "Kameror"):  # (every header in Swedish)
        assert not english & set(next(book[sheet].iter_rows(values_only=True)))
    status = rows[0].index("Status")
    # (in Swedish, with what a stage is optimal under where the stage after it binds it)
    assert [r[status] for r in rows[1:]] == ["optimal som en del av etapp 2", "optimal"]
    assert "En etapp med \"–\" jämfördes inte" in report
    assert "| 1 | 45\u202f000 | 45\u202f000 |" in report and "| – |" in report


def test_stages_are_read_as_people_write_money():
    assert parse_stages("2 mnkr,3,5 mnkr,500 tkr") == [2e6, 3.5e6, 5e5]
    assert parse_stages("2000000,3000000") == [2e6, 3e6]


@pytest.mark.parametrize("bad, words", [
    ("31000", "at least two stages"),
    ("31000,x", "comma list"),
    ("31000,-5", "positive finite"),
    ("31000,inf", "comma list, e.g. 2000000,3000000,3000000 or \"2 mnkr,3 mnkr,3 mnkr\""),
    (",".join(["1000000"] * 21), "at most 20"),
    ("60000000000,60000000000", "add up to 120,000,000,000 SEK; at most 100,000,000,000"),
])
def test_bad_stages_are_refused(bad, words):
    with pytest.raises(InputError, match=words):
        parse_stages(bad)


def test_bad_rollouts_exit_2_and_write_nothing(tmp_path, capsys):
    scenario = _town(tmp_path / "town", 0)
    out = tmp_path / "out"
    assert main(["rollout", str(scenario), "--stages", "100,40000", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "stage 1's 100 SEK is below the cheapest camera option" in err
    assert len(err.strip().splitlines()) == 1 and not out.exists()
    # an equity share the first stage's money cannot buy names the stage, and the stages as
    # what to raise (raising budget.total_sek, as a plan's message says, would change nothing)
    with pytest.raises(InfeasibleError, match=r"^stage 1 \(45,000 SEK in all\)") as caught:
        run_rollout(load_scenario(scenario, overrides={"constraints.equity_min_share": 0.2,
                                                       "demand.areas": ["east"]}),
                    [45_000.0, 35_000.0])
    assert "raise the money of stage 1 or of the stages before it (--stages)" in str(caught.value)
    assert "budget.total_sek" not in str(caught.value)
    # the stages set the budget: a --set of it is refused, not ignored
    assert main(["rollout", str(scenario), "--stages", "45000,35000", "--set",
                 "budget.total_sek=1000000", "--out", str(out)]) == 2
    assert "--set budget.total_sek: a rollout's budgets are the running sums of --stages" in \
        capsys.readouterr().err
    with_variant = scenario.with_name("variants.toml")
    with_variant.write_text(scenario.read_text(encoding="utf-8")
                            + "\n[variants.rich]\nbudget.total_sek = 1000000\n", encoding="utf-8")
    assert main(["rollout", str(with_variant), "--variant", "rich", "--stages", "45000,35000",
                 "--out", str(out)]) == 2
    assert "--variant rich: sets budget.total_sek, which a rollout does not use" in \
        capsys.readouterr().err
    assert main(["rollout", str(scenario), "--stages", "45000,35000", "--order", "backward",
                 "--no-carry-over", "--out", str(out)]) == 2
    assert "--no-carry-over plans forward only" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("seed", range(3))
def test_without_carry_over_each_stage_spends_at_most_its_own_money(seeded_towns, seed):
    scenario, prepared = seeded_towns(seed)
    money = [30_000.0, 40_000.0, 50_000.0]
    result = run_rollout(scenario, money, carry_over=False, prepared=prepared)
    before: set[int] = set()
    spent = 0.0
    for k, plan in enumerate(result.plans):
        row = result.stages.iloc[k]
        assert row["stage_spent_sek"] <= money[k] + 1e-9
        assert row["budget_sek"] == pytest.approx(spent + money[k])
        # titled by that budget, not by the money allotted so far
        assert plan.summary["title"].endswith(f"stage {k + 1} of 3, "
                                              f"{million(spent + money[k])}")
        problem = pl._problem(scenario.with_overrides({"budget.total_sek": spent + money[k]}),
                              prepared)
        assert plan.summary["objective"] == pytest.approx(
            _best(problem, within=spent + money[k], superset=before), abs=1e-9)
        before = set(plan.cameras["option_id"].astype(int))
        spent = plan.summary["spent_sek"]
    assert "what it leaves is not carried over" in rollout_markdown(result)


def test_maxmin_rollouts_compare_the_smallest_share_first(tmp_path):
    scenario = load_scenario(_town(tmp_path / "town", 1),
                             overrides={"constraints.equity_mode": "maxmin"})
    result = run_rollout(scenario, [45_000.0, 35_000.0, 50_000.0], order="backward")
    for k, plan in enumerate(result.plans):
        row = result.stages.iloc[k]
        shares = plan.areas.loc[plan.areas["weight"] > 0, "covered_share_after"]
        assert row["smallest_share"] == pytest.approx(shares.min())
        assert row["best_smallest_share"] >= row["smallest_share"] - 1e-9  # (max-min's first aim)
    report = rollout_markdown(result)
    # the rule said once: report.md's equity line had stood among what each stage buys too
    assert [line for line in report.splitlines() if "equity" in line.lower()] == [
        "The scenario's equity rule (equity_mode = \"maxmin\") raises the smallest area share "
        "first and coverage only after it: compare the smallest shares first."]
    assert "| stage | smallest area share | the best plan's smallest area share |" in report


def test_a_maxmin_rollout_prints_the_smallest_shares(tmp_path, capsys):
    # (what a max-min rollout compares first had been left out of the printed table; the west
    # area, which no mount sees, keeps the smallest share at 0; --no-best leaves the best's blank)
    scenario = _town(tmp_path / "town", 1)
    assert main(["rollout", str(scenario), "--stages", "45000,35000", "--workers", "1",
                 "--no-best", "--set", 'constraints.equity_mode="maxmin"', "--out",
                 str(tmp_path / "out")]) == 0
    # (after the line on the column at night: the stages' cameras at night, as they stand)
    assert capsys.readouterr().out.splitlines()[1:4] == [
        "stage budget_sek spent_sek n_cameras_added covered_share covered_share_night"
        "                               status    gap shortfall smallest_share best_smallest_share",
        "    1     45,000    24,000               1         8.3 %               3.5 %"
        "                              optimal 0.00 %    0.00 %          0.0 %               0.0 %",
        "    2     80,000    72,000               2        15.7 %               9.8 % optimal given "
        "the cameras of stage 1 0.00 %         –          0.0 %                   –"]


def test_write_rollout_is_atomic(seeded_towns, tmp_path, monkeypatch):
    scenario, prepared = seeded_towns(3)
    result = run_rollout(scenario, [45_000.0, 35_000.0], best=False, prepared=prepared)
    out = tmp_path / "out"
    write_rollout(result, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    import planner.rollout as ro

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ro, "rollout_markdown", fail)
    with pytest.raises(OSError):
        write_rollout(result, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_best_plans_solved_beside_the_stages_are_the_same(seeded_towns, order):
    scenario, prepared = seeded_towns(2)
    money = [45_000.0, 35_000.0, 50_000.0]
    serial = run_rollout(scenario, money, order=order, workers=1, prepared=prepared)
    beside = run_rollout(scenario, money, order=order, workers=2, prepared=prepared)
    pd.testing.assert_frame_equal(serial.stages, beside.stages)
    pd.testing.assert_frame_equal(serial.cameras, beside.cameras)
    assert beside.stages["best_objective"].notna().all()


def test_workers_must_be_whole_and_positive(tmp_path, capsys):
    scenario = _town(tmp_path / "town", 0)
    assert main(["rollout", str(scenario), "--stages", "45000,35000", "--workers", "0",
                 "--out", str(tmp_path / "out")]) == 2
    assert "--workers 0: give a whole number >= 1" in capsys.readouterr().err


def test_the_chart_shows_each_stage_against_the_best_plan_for_its_sum(tmp_path, monkeypatch):
    import matplotlib.figure

    seen = []
    save = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        ax = fig.axes[0]
        seen.append({"lines": [(line.get_label(), list(line.get_xdata()), list(line.get_ydata()))
                               for line in ax.get_lines()],
                     "texts": [text.get_text() for text in ax.texts], "title": ax.get_title()})
        save(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    scenario = load_scenario(_town(tmp_path / "town", 1), overrides={"language": "sv"})
    result = run_rollout(scenario, [45_000.0, 35_000.0, 50_000.0], order="backward")
    write_rollout(result, tmp_path / "out")
    assert (tmp_path / "out" / "rollout.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # (titled by the scenario's title, as the report: it had been the name, "tiny")
    chart = next(c for c in seen if c["title"] == "Utbyggnad i etapper: Tiny test town")
    (stages_label, x, y), (best_label, bx, by) = chart["lines"]
    assert stages_label == "utbyggnadens etapper" and best_label.startswith("bästa plan")
    assert x == pytest.approx([0.045, 0.080, 0.130]) and bx == pytest.approx(x)
    assert y == pytest.approx(result.stages["objective"].tolist())
    assert by == pytest.approx(result.stages["best_objective"].tolist())
    assert chart["texts"] == ["etapp 1", "etapp 2", "etapp 3"]
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "![varje etapp mot den bästa planen för sin summa](rollout.png)" in report


@pytest.mark.parametrize(("share", "hint"), [
    (0.01, "; the stage is a part of the stage after it (try --order forward)"),
    (0.02, "; no plan of this money meets it, in either order"),
])
def test_a_backward_stage_that_fails_says_whether_forward_helps(tmp_path, share, hint):
    # A cheap mount sees a corner of the area; two dearer ones see most of it. 25,000 SEK buys
    # only the cheap camera (20,000 SEK), 70,000 SEK both dear ones (35,000 SEK each), so the
    # backward first stage, a part of that plan, can afford none. At 1 % the cheap camera
    # meets the share (forward plans it first); at 2 % no camera the first stage can afford
    # does, and "try --order forward" (which had always been said) would not help.
    sites = gpd.GeoDataFrame(
        {"site_id": ["cheap", "west-edge", "east-edge"], "mount_type": ["pole"] * 3,
         "install_cost_sek": [0.0, 15_000.0, 15_000.0], "max_cameras": [1, 1, 1]},
        geometry=[Point(X0 - 25, Y0 + 35), Point(X0 - 1, Y0), Point(X0 + 61, Y0)], crs=CRS)
    town = write_town(tmp_path / "town", sites=sites)
    scenario = load_scenario(town, overrides={"constraints.equity_min_share": share,
                                              "demand.areas": ["east"]})
    with pytest.raises(InfeasibleError, match=r"^stage 1 \(25,000 SEK in all\)") as caught:
        run_rollout(scenario, [25_000.0, 45_000.0], order="backward", best=False, workers=1)
    assert str(caught.value).endswith(hint)
    if share == 0.01:
        forward = run_rollout(scenario, [25_000.0, 45_000.0], best=False, workers=1)
        assert [sorted(p.cameras["site_id"]) for p in forward.plans] == [
            ["cheap"], ["cheap", "west-edge"]]
    else:
        with pytest.raises(InfeasibleError, match=r"^stage 1 \(25,000 SEK in all\)"):
            run_rollout(scenario, [25_000.0, 45_000.0], best=False, workers=1)


def test_a_backward_stage_gives_no_advice_when_the_free_solve_proves_nothing(tmp_path,
                                                                             monkeypatch):
    # A search that found no plan on a model too large for a full one (equity_search) rules
    # none out: neither "in either order" nor "try --order forward" may be claimed then.
    import planner.rollout as ro

    sites = gpd.GeoDataFrame(
        {"site_id": ["cheap", "west-edge", "east-edge"], "mount_type": ["pole"] * 3,
         "install_cost_sek": [0.0, 15_000.0, 15_000.0], "max_cameras": [1, 1, 1]},
        geometry=[Point(X0 - 25, Y0 + 35), Point(X0 - 1, Y0), Point(X0 + 61, Y0)], crs=CRS)
    town = write_town(tmp_path / "town", sites=sites)
    scenario = load_scenario(town, overrides={"constraints.equity_min_share": 0.01,
                                              "demand.areas": ["east"]})
    solve = ro.solve_prepared

    def free_solve_finds_none(prepared, at, **kwargs):
        if not kwargs:  # (the stage's money on its own)
            raise InfeasibleError("equity: no plan found", requirement="equity_search")
        return solve(prepared, at, **kwargs)

    monkeypatch.setattr(ro, "solve_prepared", free_solve_finds_none)
    with pytest.raises(InfeasibleError, match=r"^stage 1 \(25,000 SEK in all\)") as caught:
        run_rollout(scenario, [25_000.0, 45_000.0], order="backward", best=False, workers=1)
    assert str(caught.value).endswith("; the stage is a part of the stage after it")


@pytest.mark.parametrize(("language", "words"), [
    ("en", "The time limit stopped the search of stage 2 (solver.time_limit_s): its cameras may "
           "differ on another machine or another run; raise solver.time_limit_s."),
    ("sv", "Tidsgränsen stoppade sökningen i etapp 2 (solver.time_limit_s): kamerorna kan bli "
           "andra på en annan dator eller vid en ny körning; höj solver.time_limit_s."),
])
def test_a_stage_the_time_limit_stopped_is_named_in_the_report(tmp_path, language, words):
    # (the stage's own report.md said so, the rollout's report, read first, had not: on the
    # default scenario a loaded machine's stage 2 bought other cameras than another run's)
    import dataclasses

    scenario = load_scenario(_town(tmp_path / "town", 1), overrides={"language": language})
    result = run_rollout(scenario, [30_000.0, 40_000.0, 50_000.0], best=False)
    assert all(p.summary["stopped_by"] != "time limit" for p in result.plans)
    assert "solver.time_limit_s" not in rollout_markdown(result)
    plans = list(result.plans)
    plans[1] = dataclasses.replace(plans[1], summary={**plans[1].summary,
                                                      "stopped_by": "time limit"})
    report = rollout_markdown(dataclasses.replace(result, plans=tuple(plans)))
    assert report.count("solver.time_limit_s") == 2 and words in report
    plans[2] = dataclasses.replace(plans[2], summary={**plans[2].summary,
                                                      "stopped_by": "time limit"})
    report = rollout_markdown(dataclasses.replace(result, plans=tuple(plans)))
    assert ("stages 2, 3" if language == "en" else "etapperna 2, 3") in report


@pytest.fixture(scope="module")
def seed_1_rollout(tmp_path_factory) -> Callable[[str], tuple[Path, RolloutResult]]:
    """The command line's rollout of town 1, 45,000 + 35,000 + 50,000 SEK forward with the best
    plans (``--workers 1``), in a language: its folder and the result it wrote there.

    Made once per language for the module: the tests on its stages' reports, maps, workbooks
    and coverage only read it.
    """
    import planner.rollout as ro

    made: dict[str, tuple[Path, RolloutResult]] = {}

    def rollout(language: str) -> tuple[Path, RolloutResult]:
        if language not in made:
            folder = tmp_path_factory.mktemp(f"rollout-{language}")
            scenario = _town(folder / "town", 1)
            scenario.write_text(f'language = "{language}"\n' + scenario.read_text())
            written: list[RolloutResult] = []
            write = ro.write_rollout

            def keep(result: RolloutResult, *args: object, **kwargs: object) -> None:
                written.append(result)
                write(result, *args, **kwargs)  # type: ignore[arg-type]

            with pytest.MonkeyPatch.context() as patch:  # (the result the command line wrote)
                patch.setattr(ro, "write_rollout", keep)
                assert main(["-q", "rollout", str(scenario), "--stages", "45000,35000,50000",
                             "--workers", "1", "--out", str(folder / "rollout")]) == 0
            [result] = written
            made[language] = (folder / "rollout", result)
        return made[language]

    return rollout


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Stage 1 of 3: the best plan for its money (the later stages keep its cameras)",
            "Stage 2 of 3: optimal given the cameras of stage 1; as good as the best plan for "
            "80,000 SEK",
            "Stage 3 of 3: optimal given the cameras of stages 1–2; 4.84 % below the best plan "
            "for 130,000 SEK"]),
    ("sv", ["Etapp 1 av 3: den bästa planen för sina medel (de senare etapperna behåller dess "
            "kameror)",
            "Etapp 2 av 3: optimal givet kamerorna från etapp 1; lika bra som den bästa planen "
            "för 80\u202f000 kr",
            "Etapp 3 av 3: optimal givet kamerorna från etapperna 1–2; 4,84 % under den bästa "
            "planen för 130\u202f000 kr"]),
])
def test_each_stage_says_which_it_is_and_how_far_below_the_best_plan(seed_1_rollout, language,
                                                                      words):
    # a stage's map and report had said "optimal, gap 0.00 %" and nothing of the stage, while
    # stages.csv showed it below the best plan for the same money
    import json

    from tests.test_maps import js

    out, _ = seed_1_rollout(language)
    stages = pd.read_csv(out / "stages.csv")
    # stage 3 is proven optimal given stages 1–2; the best plan for 130,000 SEK is proven too
    assert stages["status"].tolist() == ["optimal"] * 3
    row = stages.iloc[2]
    assert row["best_objective"] == row["best_bound"]
    assert (row["best_objective"] - row["objective"]) / row["best_objective"] == pytest.approx(
        0.0484, abs=5e-5)
    for k, line in enumerate(words, start=1):
        summary = json.loads((out / f"stage_{k}" / "summary.json").read_text())
        if k > 1:  # (stage 1 is the best plan for its money: nothing to compare)
            assert summary["rollout"]["best_budget_sek"] == stages["budget_sek"][k - 1]
            # (stages.csv keeps six decimals)
            assert summary["rollout"]["shortfall"] == pytest.approx(stages["shortfall"][k - 1],
                                                                    abs=1e-6)
            assert summary["rollout"]["shortfall_at_most"] == pytest.approx(
                stages["shortfall_at_most"][k - 1], abs=1e-6)
        else:
            assert "shortfall" not in summary["rollout"]
        report = (out / f"stage_{k}" / "report.md").read_text(encoding="utf-8").splitlines()
        assert f"- {line}" in report
        # right after the solver's line, which says "optimal"
        assert report[report.index(f"- {line}") - 1].startswith(
            "- Optimisation: " if language == "en" else "- Optimering: ")
        html = (out / f"stage_{k}" / "map.html").read_text(encoding="utf-8")
        head = "Rollout" if language == "en" else "Utbyggnad i etapper"
        assert js(f"<tr><th>{head}</th><td>{line}</td></tr>") in html, line


@pytest.mark.parametrize("language", ["en", "sv"])
def test_each_stage_workbook_says_which_stage_it_is_and_buys_each_camera_in(seed_1_rollout,
                                                                             language):
    # (one rollout for both sheets' checks)
    # a stage's plan.xlsx had said "optimal" and "proven optimal" with nothing of the stage:
    # Katrineholm's 2 + 3 + 3 MSEK stage 3 read so in its summary sheet, 1.78 % below the best
    # 8 MSEK plan, which its report.md and map panel say
    out, _ = seed_1_rollout(language)
    head = "rollout" if language == "en" else "Utbyggnad i etapper"
    status = "status" if language == "en" else "Optimeringsstatus"
    for k in (1, 2, 3):
        report = (out / f"stage_{k}" / "report.md").read_text(encoding="utf-8").splitlines()
        line = next(r[2:] for r in report if r.startswith(("- Stage ", "- Etapp ")))
        rows = [(r[0].value, r[1].value) for r in
                load_workbook(out / f"stage_{k}" / "plan.xlsx").worksheets[0].iter_rows()]
        items = [item for item, _ in rows]
        assert (head, line) in rows
        # right after the solver's status and what ended its search, as in report.md
        assert items.index(head) == items.index(status) + 2
    assert line == ("Stage 3 of 3: optimal given the cameras of stages 1–2; 4.84 % below the "
                    "best plan for 130,000 SEK" if language == "en" else
                    "Etapp 3 av 3: optimal givet kamerorna från etapperna 1–2; 4,84 % under den "
                    "bästa planen för 130\u202f000 kr")
    # a stage's plan.xlsx camera sheet had no stage, while its report.md's camera table, its
    # map's popups and cameras.geojson say it (Katrineholm's 2 + 3 + 3 MSEK stage 3: 136 new
    # cameras, 33, 51 and 52 bought in stages 1, 2 and 3, none told apart in the workbook)
    bought = pd.read_csv(out / "cameras.csv").set_index("camera")["stage"]
    assert bought.tolist() == [1, 2, 2, 3]  # (the town has no existing camera)
    head, status = ("stage", "status") if language == "en" else ("Etapp", "Status")
    for k in (1, 2, 3):
        sheet = load_workbook(out / f"stage_{k}" / "plan.xlsx").worksheets[1]
        rows = list(sheet.iter_rows(values_only=True))
        columns = list(rows[0])
        assert columns.index(head) == columns.index(status) + 1
        at = columns.index(head)
        assert {r[0]: r[at] for r in rows[1:]} == bought[bought <= k].to_dict()
        assert sheet.cell(2, at + 1).number_format == "0"


@pytest.mark.parametrize(("rollout", "status", "words"), [
    # Katrineholm, 2 + 3 + 3 MSEK forward: stage 3 below the best plan for 8 MSEK, which
    # stopped at the work limit (its bound 2.31 % above the stage)
    ({"stage": 3, "stages": 3, "order": "forward", "best_budget_sek": 8e6, "shortfall": 0.0176,
      "shortfall_at_most": 0.0231}, "optimal",
     "Stage 3 of 3: optimal given the cameras of stages 1–2; 1.76 % (at most 2.31 %) below the "
     "best plan for 8,000,000 SEK"),
    ({"stage": 2, "stages": 4, "order": "forward", "best_budget_sek": 5e6, "shortfall": -0.004,
      "shortfall_at_most": 0.01}, "feasible",
     "Stage 2 of 4: planned given the cameras of stage 1, not proven optimal; 0.40 % above the "
     "plan for 5,000,000 SEK planned on its own, which is not proven the best (at most 1.00 % "
     "below its bound)"),
    ({"stage": 1, "stages": 2, "order": "backward", "best_budget_sek": 2e6, "shortfall": 0.0,
      "shortfall_at_most": 0.003}, "optimal",
     "Stage 1 of 2: optimal as a part of stage 2; as good as the best plan for 2,000,000 SEK "
     "(at most 0.30 % below it)"),
    ({"stage": 2, "stages": 2, "order": "backward"}, "feasible",
     "Stage 2 of 2: planned for the whole sum, not proven optimal (the earlier stages are parts "
     "of it)"),
    # a shortfall that could not be computed (NaN) is no comparison, not "as good as"
    ({"stage": 2, "stages": 2, "order": "forward", "best_budget_sek": 2e6,
      "shortfall": float("nan"), "shortfall_at_most": float("nan")}, "optimal",
     "Stage 2 of 2: optimal given the cameras of stage 1"),
])
def test_the_stage_line_names_the_rule_and_the_shortfall_range(rollout, status, words):
    from planner._stage_text import stage_line

    assert stage_line({"status": status, "rollout": rollout}) == words
    assert stage_line({"status": status}) is None


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Covered share and covered population (graded by DORI level) of each stage beside "
            "those of the best plan for its sum:",
            "| stage | in all (SEK) | covered share | the best plan's | covered population "
            "(graded) | the best plan's |",
            "| 1 | 45,000 | {s1} | {s1} | {p1} | {p1} |",
            "| 3 | 130,000 | {s3} | {b3} | {p3} | {q3} |"]),
    ("sv", ["Täckt andel och täckt befolkning (graderad efter DORI-nivå) för varje etapp bredvid "
            "den bästa planens för summan:",
            "| etapp | totalt (kr) | täckt andel | den bästa planens | täckt befolkning "
            "(graderad) | den bästa planens |",
            "| 1 | 45\u202f000 | {s1} | {s1} | {p1} | {p1} |",
            "| 3 | 130\u202f000 | {s3} | {b3} | {p3} | {q3} |"]),
])
def test_each_stage_stands_beside_the_best_plans_coverage(seed_1_rollout, language, words):
    # the loss from buying in stages had been given only as a share of the objective: a
    # coordinator asks what it is in covered share and population
    from planner._lang import number, percent

    out, result = seed_1_rollout(language)  # (45,000 + 35,000 + 50,000 SEK, --workers 1)
    scenario = result.scenario
    assert scenario.language == language
    s = result.stages
    for k, within in ((1, 45_000.0), (3, 130_000.0)):  # each the plan for its sum, on its own
        alone = pl.plan(scenario.with_overrides({"budget.total_sek": within})).summary
        assert s["best_covered_share"][k - 1] == alone["covered_share"]
        assert s["best_covered_population"][k - 1] == alone["covered_population"]
    # stage 3 is 4.84 % below its best plan (test above): here in coverage and people
    assert s["covered_share"][2] < s["best_covered_share"][2]
    assert round(s["best_covered_population"][2] - s["covered_population"][2], 1) == 8.1
    report = rollout_markdown(result).splitlines()
    pct = lambda v: percent(v, 1, language)  # noqa: E731
    num = lambda v: number(v, 0, language)  # noqa: E731
    for line in words:
        assert line.format(s1=pct(s["covered_share"][0]), p1=num(s["covered_population"][0]),
                           s3=pct(s["covered_share"][2]), b3=pct(s["best_covered_share"][2]),
                           p3=num(s["covered_population"][2]),
                           q3=num(s["best_covered_population"][2])) in report, line
    # (the folder write_rollout wrote of it)
    csv = pd.read_csv(out / "stages.csv")
    # (then the stages' cameras at night, as they stand)
    assert csv.columns.tolist() == [*STAGE_COLUMNS, "covered_share_night",
                                    "covered_population_night"]
    assert csv["best_covered_share"].round(6).tolist() == s["best_covered_share"].round(6).tolist()
    head = next(load_workbook(out / "rollout.xlsx").worksheets[0].iter_rows(
        values_only=True))
    assert ("Bästa planens täckta andel" if language == "sv" else "best_covered_share") in head


@pytest.mark.parametrize(("order", "language", "words"), [
    ("forward", "en", "Order: forward (each stage the best for its money, given what the "
                      "stages before it bought). Stage 1 is the best plan found for its money, not proven "
                      "optimal (within 1.23 % of the best); each later stage keeps the cameras "
                      "bought before it and adds the best ones for its money."),
    ("backward", "sv", "Ordning: bakåt (varje etapp den bästa del av etappen efter den som "
                       "dess medel räcker till). Sista etappen är den bästa plan som hittats för hela "
                       "summan, ej bevisat optimal (högst 1,23 % från den bästa); varje "
                       "tidigare etapp är den bästa del av etappen efter den som dess medel "
                       "räcker till."),
])
def test_the_intro_says_when_the_first_stage_is_not_proven(tmp_path, order, language, words):
    # the intro had said "Stage 1 is the best plan for its money" where stage 1's own report
    # said "not proven optimal"
    import dataclasses

    scenario = load_scenario(_town(tmp_path / "town", 1), overrides={"language": language})
    result = run_rollout(scenario, [45_000.0, 35_000.0], order=order, best=False)
    proven = rollout_markdown(result).splitlines()[6]
    assert proven.startswith(
        "Order: forward (each stage the best for its money, given what the stages before it "
        "bought). Stage 1 is the best plan for its money;"
        if language == "en" and order == "forward" else
        "Ordning: bakåt (varje etapp den bästa del av etappen efter den som dess medel räcker "
        "till). Sista etappen är den bästa planen för hela summan;")
    at = -1 if order == "backward" else 0
    plans = list(result.plans)
    plans[at] = dataclasses.replace(plans[at], summary={**plans[at].summary,
                                                        "status": "feasible", "gap": 0.0123})
    found = rollout_markdown(dataclasses.replace(result, plans=tuple(plans))).splitlines()[6]
    assert found.startswith(words + " ")


def test_each_stage_says_what_it_adds_in_investment_and_running_costs(tmp_path):
    # stages.csv and the report had given what a stage spends alone, its investment and 5
    # years' running costs in one figure; the running costs go on after the horizon
    scenario = _town(tmp_path / "town", 2)
    out = tmp_path / "rollout"
    assert main(["-q", "rollout", str(scenario), "--stages", "45000,35000,50000", "--no-best",
                 "--out", str(out)]) == 0
    stages = pd.read_csv(out / "stages.csv")
    assert stages[["stage_spent_sek", "stage_investment_sek", "stage_yearly_sek",
                   "investment_sek", "yearly_sek"]].values.tolist() == [
        [23_000, 18_000, 1_000, 18_000, 1_000],
        [57_000, 47_000, 2_000, 65_000, 3_000],
        [35_000, 30_000, 1_000, 95_000, 4_000]]
    assert (stages["stage_investment_sek"] + 5 * stages["stage_yearly_sek"]).tolist() == stages[
        "stage_spent_sek"].tolist()
    lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
    at = lines.index(
        "What each stage spends is the investment in its new cameras (purchase, installation, "
        "mounting) and their running costs (yearly costs over 5 years included); the running "
        "costs a year go on after the horizon, the stages' together:")
    assert lines[at + 2:at + 7] == [
        "| stage | investment in the stage (SEK) | running costs a year added (SEK) | "
        "investment in all (SEK) | running costs a year in all (SEK) |",
        "|---:|---:|---:|---:|---:|",
        "| 1 | 18,000 | 1,000 | 18,000 | 1,000 |",
        "| 2 | 47,000 | 2,000 | 65,000 | 3,000 |",
        "| 3 | 30,000 | 1,000 | 95,000 | 4,000 |"]
    sv = tmp_path / "sv"
    assert main(["-q", "rollout", str(scenario), "--stages", "45000,35000", "--no-best",
                 "--set", 'language="sv"', "--out", str(sv)]) == 0
    rows = list(load_workbook(sv / "rollout.xlsx")["Etapper"].iter_rows(values_only=True))
    at = rows[0].index("Investering i etappen (kr)")
    assert rows[0][at:at + 4] == ("Investering i etappen (kr)", "Tillagda driftkostnader per år (kr)",
                                  "Investering totalt (kr)", "Driftkostnader per år totalt (kr)")
    assert [r[at:at + 4] for r in rows[1:]] == [(18_000, 1_000, 18_000, 1_000),
                                                (47_000, 2_000, 65_000, 3_000)]
    assert "| etapp | investering i etappen (kr) | tillagda driftkostnader per år (kr) | " in (
        sv / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("stage", "added", "new", "en", "sv"), [
    (1, 0, 0, "no new camera is bought", "ingen ny kamera köps"),
    (1, 1, 1, "the new camera is bought in this stage", "den nya kameran köps i denna etapp"),
    (1, 3, 3, "all 3 new cameras are bought in this stage",
     "alla 3 nya kameror köps i denna etapp"),
    (2, 0, 1, "no new camera is bought in this stage; the plan's new camera was bought in stage 1",
     "ingen ny kamera köps i denna etapp; planens nya kamera köptes i etapp 1"),
    (3, 0, 4, "no new camera is bought in this stage; the 4 new cameras were bought in the "
              "stages before it",
     "ingen ny kamera köps i denna etapp; de 4 nya kamerorna köptes i etapperna före den"),
    (2, 1, 2, "1 of the 2 new cameras is bought in this stage, the other in stage 1",
     "1 av de 2 nya kamerorna köps i denna etapp, den andra i etapp 1"),
])
def test_what_a_stage_buys_is_said_in_words(stage, added, new, en, sv):
    from planner._report_markdown import _bought

    summary = {"rollout": {"stage": stage, "n_cameras_added": added}, "n_cameras_new": new}
    assert (_bought(summary, "en"), _bought(summary, "sv")) == (en, sv)


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ["## Covered share per area after each stage", "",
            "Each planned area's covered share (graded, of its weight) today and after each "
            "stage, the stages' cameras added up; `areas.csv` has the covered population (graded) "
            "too.", "",
            "| area | priority | today | stage 1 | stage 2 |", "|---|---:|---:|---:|---:|",
            "| East side (east) | 1.00 | 0.0 % | 13.5 % | 13.5 % |",
            "| West side (west) | 0.00 | 0.0 % | 0.0 % | 10.5 % |"]),
    ("sv", ["## Täckt andel per område efter varje etapp", "",
            "Varje planerat områdes täckta andel (graderad, av dess vikt) i dag och efter varje "
            "etapp, etappernas kameror sammantagna; `areas.csv` ger även den täckta befolkningen "
            "(graderad).", "",
            "| område | prioritet | i dag | etapp 1 | etapp 2 |", "|---|---:|---:|---:|---:|",
            "| East side (east) | 1,00 | 0,0 % | 13,5 % | 13,5 % |",
            "| West side (west) | 0,00 | 0,0 % | 0,0 % | 10,5 % |"]),
])
def test_the_rollout_gives_each_areas_share_after_each_stage(tmp_path, language, lines):
    # (a staged plan is told per area and year in an application; each area's share had been
    # in the stages' own areas.geojson only): stage 1 buys east's camera (81.08 of 600 people,
    # graded), stage 2 west's (41.88 of 400)
    import openpyxl

    town = write_town(tmp_path / "town")
    out = tmp_path / "out"
    assert main(["-q", "rollout", str(town), "--stages", "30000,30000", "--set",
                 f"language={language}", "--workers", "1", "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8").splitlines()
    at = report.index(lines[0])
    assert report[at:at + len(lines)] == lines
    areas = pd.read_csv(out / "areas.csv")
    assert list(areas.columns) == ["area_id", "name", "priority", "population", "stage",
                                   "covered_share", "covered_population",
                                   "covered_population_gain"]
    assert areas[["area_id", "stage"]].values.tolist() == [
        ["east", 0], ["east", 1], ["east", 2], ["west", 0], ["west", 1], ["west", 2]]
    assert areas["covered_population"].round(2).tolist() == [0.0, 81.08, 81.08, 0.0, 0.0, 41.88]
    assert areas["covered_population_gain"].round(2).fillna(-1).tolist() == [
        -1, 81.08, 0.0, -1, 0.0, 41.88]
    sheets = openpyxl.load_workbook(out / "rollout.xlsx").sheetnames
    assert sheets == {"en": ["Stages", "Cameras", "Areas"],
                      "sv": ["Etapper", "Kameror", "Områden"]}[language]


@pytest.mark.parametrize(("status", "k", "order", "language", "words"), [
    ("optimal", 1, "backward", "en", "optimal as a part of stage 2"),
    ("optimal", 1, "backward", "sv", "optimal som en del av etapp 2"),
    ("feasible", 2, "backward", "sv", "planerad som en del av etapp 3, ej bevisat optimal"),
    ("feasible", 3, "backward", "sv", "ej bevisat optimal"),  # (the best plan for the sum)
    ("optimal", 1, "forward", "en", "optimal"),  # (the best plan for its money)
    ("optimal", 3, "forward", "en", "optimal given the cameras of stages 1–2"),
    ("feasible", 2, "forward", "en", "planned given the cameras of stage 1, not proven optimal"),
    ("optimal", 2, "forward", "sv", "optimal givet kamerorna från etapp 1"),
])
def test_a_stage_status_says_what_the_stage_is_optimal_under(status, k, order, language, words):
    # the stage tables had said "optimal ... 0,00 %" of stage 1 of `--stages 6000000,2000000
    # --order backward`, 0.77 % below the best 6 MSEK plan: optimal as a part of stage 2
    from planner._stage_text import stage_status

    assert stage_status(status, k, 3, order, language) == words


def test_a_stage_that_found_no_plan_in_time_is_named(seeded_towns, monkeypatch):
    # a time limit that found no plan in a stage had been reported without the stage (the
    # rollout names it for the other refusals: "stage 2 (80,000 SEK in all): …")
    import planner.rollout as rollout
    from planner.errors import NoPlanInTimeError

    scenario, town = seeded_towns(1)
    real = rollout.solve_prepared

    def slow(prepared, at, **kwargs):
        if at.budget.total_sek == 80_000.0:
            raise NoPlanInTimeError("town: the solver found no plan within solver.time_limit_s",
                                    missed="reach the equity min_share", seconds=1.0)
        return real(prepared, at, **kwargs)

    monkeypatch.setattr(rollout, "solve_prepared", slow)
    with pytest.raises(NoPlanInTimeError, match=r"^stage 2 \(80,000 SEK in all\): town: the "
                                                r"solver found no plan") as caught:
        run_rollout(scenario, [45_000.0, 35_000.0], best=False, prepared=town)
    assert caught.value.missed == "reach the equity min_share"


def test_a_best_plan_for_a_sum_that_found_no_plan_in_time_names_its_stage():
    # (with --workers the best plans for the sums come back from worker processes as a sweep's
    # budgets do, a time limit that found no plan as an answer, not an end: raised as the stage's)
    from planner.errors import NoPlanInTimeError
    from planner.rollout import _answer

    answer = NoPlanInTimeError("town: the solver found no plan within solver.time_limit_s",
                               missed="reach the equity min_share", seconds=1.0)
    with pytest.raises(NoPlanInTimeError) as caught:
        _answer(answer, 1, 80_000.0)
    assert str(caught.value) == ("stage 2 (80,000 SEK in all), the best plan for the sum: town: "
                                 "the solver found no plan within solver.time_limit_s")
    assert (caught.value.missed, caught.value.seconds) == ("reach the equity min_share", 1.0)


def test_a_stage_alone_that_found_no_plan_in_time_rules_nothing_out(seeded_towns, monkeypatch):
    # a backward stage with no plan within the stage after it is solved once more on its own
    # money, to advise; a time limit that found no plan there had replaced the stage's own
    # refusal with "no plan" of that other solve, where it rules nothing out
    import planner.rollout as rollout
    from planner.errors import NoPlanInTimeError

    scenario, town = seeded_towns(1)
    real = rollout.solve_prepared

    def refuse(prepared, at, **kwargs):
        if at.budget.total_sek == 45_000.0:
            if kwargs.get("only") is not None:
                raise InfeasibleError("no plan meets the rule", requirement="equity")
            raise NoPlanInTimeError("no plan in time", missed="", seconds=1.0)
        return real(prepared, at, **kwargs)

    monkeypatch.setattr(rollout, "solve_prepared", refuse)
    with pytest.raises(InfeasibleError, match=r"^stage 1 \(45,000 SEK in all\): no plan meets "
                                              r"the rule; the stage is a part of the stage "
                                              r"after it$"):
        run_rollout(scenario, [45_000.0, 35_000.0], order="backward", best=False, prepared=town)


def test_a_notebooks_stages_may_be_written_as_amounts(seeded_towns):
    # run_rollout(scenario, ["45 tkr", "35 tkr"]) as --stages takes them (it had ended in a
    # ValueError's traceback), and one stage is refused as --stages refuses it (it had been
    # planned as a rollout of one stage)
    scenario, prepared = seeded_towns(3)
    listed = run_rollout(scenario, ["45 tkr", 35_000], best=False, prepared=prepared)
    assert listed.stages["stage_sek"].tolist() == [45_000.0, 35_000.0]
    assert listed.stages["budget_sek"].tolist() == [45_000.0, 80_000.0]
    text = run_rollout(scenario, "45 tkr,35 tkr", best=False, prepared=prepared)
    assert text.stages["objective"].tolist() == listed.stages["objective"].tolist()
    with pytest.raises(InputError) as bad:
        run_rollout(scenario, ["45 tkr", "35 tusenlappar"], best=False)
    assert str(bad.value) == ("stages: '35 tusenlappar' is not an amount of SEK; write 5000000 or "
                              '"5 mnkr" (each amount its own item of the list)')
    with pytest.raises(InputError, match=r"^stages '80000': a rollout has at least two stages"):
        run_rollout(scenario, [80_000], best=False)


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_a_sweeps_plans_stand_for_the_best_plans_and_are_not_solved_again(seeded_towns,
                                                                          monkeypatch, order):
    # a notebook sweeps budgets, then rolls out stages whose sums are some of them: each plan
    # had been solved twice (at the notebook's 120 s a plan, minutes of waiting)
    from planner import rollout as ro
    from planner.sweep import run_sweep

    scenario, prepared = seeded_towns(2)
    money = [45_000.0, 35_000.0, 50_000.0]
    # 80,000 is the sum of stages 1-2; 60,000 is no stage's sum; 130,000 has no plan given
    sweep = run_sweep(scenario, [45_000.0, 60_000.0, 80_000.0], workers=1, prepared=prepared)
    solves: list[float] = []
    real = ro.solve_prepared

    def counted(prep, at, **kwargs):
        solves.append(at.budget.total_sek)
        return real(prep, at, **kwargs)

    monkeypatch.setattr(ro, "solve_prepared", counted)
    solved = run_rollout(scenario, money, order=order, prepared=prepared)
    everything = list(solves)
    solves.clear()
    reused = run_rollout(scenario, money, order=order, prepared=prepared, best=sweep.plans)
    pd.testing.assert_frame_equal(solved.stages, reused.stages)
    pd.testing.assert_frame_equal(solved.cameras, reused.cameras)
    for a, b in zip(solved.plans, reused.plans, strict=True):
        assert a.summary["title"] == b.summary["title"]  # (not the sweep's "— 45 000 kr")
        assert a.summary["rollout"] == b.summary["rollout"]
    # forward: stage 1 (45,000) and the best plan for 80,000 come from the sweep; backward:
    # the best plans for 45,000 and 80,000 (its last stage, 130,000, is solved)
    assert len(everything) == 5 and len(solves) == 3
    assert sorted(everything) == sorted([*solves, 45_000.0, 80_000.0])
    # a SweepResult stands for its plans
    solves.clear()
    again = run_rollout(scenario, money, order=order, prepared=prepared, best=sweep)
    pd.testing.assert_frame_equal(solved.stages, again.stages)
    assert len(solves) == 3


def test_plans_of_other_settings_or_data_are_refused_as_best_plans(tmp_path):
    from planner.sweep import run_sweep

    scenario = load_scenario(_town(tmp_path / "town", 2))
    money = [45_000.0, 35_000.0]
    spaced = scenario.with_overrides({"constraints.min_spacing_m": 5.0})
    sweep = run_sweep(spaced, [45_000.0], workers=1)
    with pytest.raises(InputError) as err:
        run_rollout(scenario, money, best=sweep.plans)
    assert str(err.value) == (
        "run_rollout: best: the plan for 45,000 SEK has constraints.min_spacing_m = 5 where this "
        "rollout's scenario has 0; give plans of this scenario, or best=True")
    other = _town(tmp_path / "other", 3)  # (the same settings, other mounts)
    sweep = run_sweep(load_scenario(other), [45_000.0], workers=1)
    with pytest.raises(InputError, match=r"^run_rollout: best: the plan for 45,000 SEK was made "
                                         r"from other data files \(their digests differ\)"):
        run_rollout(scenario, money, best=sweep.plans)
    with pytest.raises(InputError) as err:
        run_rollout(scenario, money, best=[sweep.curve])
    assert str(err.value) == ("run_rollout: best[0] is a DataFrame, not a Plan; give the plans of "
                              "a sweep of this scenario (best=sweep.plans)")
    with pytest.raises(InputError, match=r"^run_rollout: best=str \('yes'\): give True, False"):
        run_rollout(scenario, money, best="yes")
    with pytest.raises(InputError, match=r"^run_rollout: best=plans with stage_years: "):
        run_rollout(scenario, money, best=sweep.plans, stage_years=1.0)
