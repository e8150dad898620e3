import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from planner import load_scenario
from planner.cli import main
from planner.errors import InputError, NoPlanInTimeError
from planner.plan import plan
from planner.sweep import SweepResult, parse_budgets, run_sweep
from tests.conftest import copy_town


def test_parse_budgets():
    assert parse_budgets("1000000:3000000:1000000") == [1e6, 2e6, 3e6]
    assert parse_budgets("3e6,1e6") == [1e6, 3e6]
    for bad in ("1:0:1", "1:2:0", "x", "-5", "1:2", "1:inf:1", "1e4:1e308:1e-300", "nan:1:1"):
        with pytest.raises(InputError, match="--budgets"):
            parse_budgets(bad)
    # counted before the list is made (1:1e9:1 had filled the machine's 24 GB)
    with pytest.raises(InputError, match=r"1,000,000,000 budgets; at most 200 per sweep"):
        parse_budgets("1:1000000000:1")
    assert len(parse_budgets("1:200:1")) == 200
    # money as people write it (a decimal comma in a comma list kept)
    assert parse_budgets("1 mnkr:3 mnkr:500 tkr") == [1e6, 1.5e6, 2e6, 2.5e6, 3e6]
    assert parse_budgets("2,5 mnkr,500 tkr,3 000 000 kr") == [5e5, 2.5e6, 3e6]
    assert parse_budgets("1_000_000:2_000_000:1_000_000") == [1e6, 2e6]  # (as before amounts)
    with pytest.raises(InputError) as err:
        parse_budgets("2 mnkr,tre mnkr")
    assert str(err.value) == ("--budgets '2 mnkr,tre mnkr': expected START:STOP:STEP with STEP > 0 "
                              "and STOP >= START, or a comma list, e.g. 1000000:10000000:1000000 "
                              'or "1 mnkr:10 mnkr:1 mnkr"')


@pytest.fixture(scope="module")
def tiny_sweep(tmp_path_factory, town_files) -> tuple[Path, SweepResult]:
    """``planner -q sweep`` of the tiny town at 30,000, 60,000 and 90,000 SEK (``--workers 1``):
    its folder and the result it wrote there, made once for the tests that read them."""
    import planner.sweep as sw

    root = tmp_path_factory.mktemp("sweep")
    town = copy_town(town_files, root / "town")
    written: list[SweepResult] = []
    write = sw.write_sweep

    def keep(result: SweepResult, *args: object, **kwargs: object) -> Path:
        written.append(result)
        return write(result, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:  # (the result the command line wrote)
        patch.setattr(sw, "write_sweep", keep)
        assert main(["-q", "sweep", str(town), "--budgets", "30000:90000:30000", "--workers",
                     "1", "--out", str(root / "sweep")]) == 0
    [result] = written
    return root / "sweep", result


def test_sweep_equals_separate_plans_and_never_decreases(tiny_town):
    scenario = load_scenario(tiny_town)
    budgets = [30_000, 60_000, 90_000, 120_000]
    result = run_sweep(scenario, budgets, workers=1)
    objective = result.curve["objective"].to_numpy()
    assert (objective[1:] >= objective[:-1] - 1e-9).all()
    assert objective[-1] > objective[0]
    for b, p in zip(budgets, result.plans, strict=True):
        alone = plan(scenario.with_overrides({"budget.total_sek": b}))
        assert p.summary["objective"] == pytest.approx(alone.summary["objective"], abs=1e-9)
        assert p.cameras["option_id"].tolist() == alone.cameras["option_id"].tolist()
    m = result.marginal()
    assert m["per_million_sek"].tolist() == pytest.approx(
        list(result.curve["covered_population"].diff().iloc[1:] / 30_000 * 1e6)
    )


def test_local_processes_and_dask_cluster_give_identical_results(tiny_sweep):
    distributed = pytest.importorskip("dask.distributed")
    _, serial = tiny_sweep  # (the tiny town's sweep of these budgets on one process)
    scenario = serial.scenario
    budgets = [30_000, 60_000, 90_000]
    assert serial.curve["budget_sek"].tolist() == budgets
    local = run_sweep(scenario, budgets, workers=2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = run_sweep(scenario, budgets, scheduler=cluster.scheduler_address)
    for other in (local, remote):
        pd.testing.assert_frame_equal(serial.curve, other.curve)
        for a, b in zip(serial.plans, other.plans, strict=True):
            assert a.cameras["option_id"].tolist() == b.cameras["option_id"].tolist()


def test_unreachable_scheduler_is_a_clear_error(tiny_town, monkeypatch):
    pytest.importorskip("dask.distributed")
    import planner.sweep as sw

    def no_preparation(*args, **kwargs):
        raise AssertionError("prepared before the scheduler answered")

    monkeypatch.setattr(sw, "prepare", no_preparation)  # (told before the 40 s preparation)
    with pytest.raises(InputError, match="no Dask scheduler answers there"):
        run_sweep(
            load_scenario(tiny_town), [30_000], scheduler="tcp://127.0.0.1:9", connect_timeout=1.0
        )


def test_scheduler_without_workers_is_a_clear_error(tiny_town, monkeypatch):
    # it had ended in "unexpected failure: TimeoutError: No valid workers found", exit 1
    distributed = pytest.importorskip("dask.distributed")
    import planner.sweep as sw

    monkeypatch.setattr(sw, "prepare", lambda *a, **k: pytest.fail("prepared first"))
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster, \
            pytest.raises(InputError, match=r"the scheduler has no worker \(waited 1 s\); start "
                                            r"one with 'dask worker tcp://"):
        run_sweep(load_scenario(tiny_town), [30_000], scheduler=cluster.scheduler_address,
                  connect_timeout=1.0)


def test_negative_budgets_reach_their_own_check(tiny_town, tmp_path, capsys):
    # argparse alone takes "-1:5:1" for an option ("expected one argument")
    code = main(["sweep", str(tiny_town), "--budgets", "-1:5:1", "--out", str(tmp_path / "s")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == ("planner: error: --budgets '-1:5:1': budgets must be positive finite numbers "
                   "of SEK")
    assert not (tmp_path / "s").exists()


def test_workers_below_one_are_refused(tiny_town, tmp_path, capsys):
    # --workers 0 ran with one process and exit 0
    code = main(["sweep", str(tiny_town), "--budgets", "30000", "--workers", "0",
                 "--out", str(tmp_path / "s")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == ("planner: error: --workers 0: give a whole number >= 1 (or leave it out: one "
                   "per core)")
    assert not (tmp_path / "s").exists()


def test_scheduler_without_dask_says_how_to_install_it(tiny_town, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # (importing it raises ImportError)
    with pytest.raises(InputError, match=r"^--scheduler needs the optional package "
                                         r"dask\.distributed, .* pip install -e '\.\[scale\]'"):
        run_sweep(load_scenario(tiny_town), [30_000], scheduler="tcp://127.0.0.1:9")


def test_sweep_command_writes_curve_plot_and_plans(tiny_sweep):
    out, _ = tiny_sweep
    curve = pd.read_csv(out / "curve.csv")
    assert curve["budget_sek"].tolist() == [30_000, 60_000, 90_000]
    assert (out / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for b in (30000, 60000, 90000):
        s = json.loads((out / f"budget_{b}" / "summary.json").read_text())
        assert s["budget_sek"] == b and s["spent_sek"] <= b
    report = (out / "report.md").read_text()
    assert "What the next million buys" in report


def test_budgets_without_a_plan_are_rows_of_the_curve(tiny_town, tmp_path, capsys):
    # an equity share that needs a camera in each area: one camera (30,000 SEK) cannot, two can;
    # the sweep had stopped at the first such budget with exit 2 and no curve at all
    out = tmp_path / "s"
    code = main(["-q", "sweep", str(tiny_town), "--budgets", "30000,60000", "--set",
                 "constraints.equity_min_share=0.05", "--workers", "1", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    curve = pd.read_csv(out / "curve.csv")
    assert curve["status"].tolist() == ["infeasible", "optimal"]
    assert curve["spent_sek"].isna().tolist() == [True, False]
    assert curve["n_cameras_new"].tolist()[1] == 2
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["budget_60000"]
    report = (out / "report.md").read_text()
    assert "| 30,000 | – | – | – | – | – | – | infeasible | – |" in report
    assert "- 30,000 SEK: " in report and "equity_min_share=0.05 cannot be met" in report
    # the money to raise is the sweep's: it sets each budget, budget.total_sek is not used
    assert ("within 30,000 SEK no plan gives every planned area that share; raise the sweep's "
            "budgets (--budgets), lower the share" in report)
    assert "budget.total_sek" not in report
    # each line without the scenario's path (the machine's folders)
    assert "\n- 30,000 SEK: key constraints.equity_min_share=0.05 cannot be met: " in report
    assert str(tmp_path) not in report
    assert len(pd.read_csv(out / "marginal.csv")) == 0  # one budget with a plan: no step
    # no budget with a plan: exit 2 with the first reason
    code = main(["-q", "sweep", str(tiny_town), "--budgets", "30000,40000", "--set",
                 "constraints.equity_min_share=0.05", "--workers", "1", "--out",
                 str(tmp_path / "none")])
    err = capsys.readouterr().err
    assert code == 2 and "at every budget of the sweep; at 30,000 SEK:" in err
    assert "raise the sweep's budgets (--budgets), lower the share" in err
    assert not (tmp_path / "none").exists()


def test_a_swedish_sweep_gives_the_common_reasons_for_no_plan_in_swedish(tmp_path):
    # the reason had been the error's English words in a Swedish report: an equity share the
    # budget does not reach, and required sites the budget does not afford (two domes of 30,000
    # SEK, with five years' running costs, within 30,000)
    from tests.conftest import write_town

    town = write_town(tmp_path / "town")
    out = tmp_path / "equity"
    assert main(["-q", "sweep", f"{town}", "--budgets", "30000,60000", "--set",
                 "constraints.equity_min_share=0.05", "--set", 'language="sv"', "--workers", "1",
                 "--out", str(out)]) == 0
    lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
    at = lines.index("Ingen plan uppfyller scenariots regler inom dessa budgetar:")
    assert lines[at + 2] == (
        "- 30\u202f000 kr: nyckeln constraints.equity_min_share=0.05 kan inte uppfyllas: inom "
        "30\u202f000 kr ger ingen plan varje planerat område den andelen; höj svepets budgetar "
        "(--budgets), sänk andelen eller ange constraints.equity_mode = \"maxmin\" med "
        "constraints.equity_min_share = 0 (den största minsta andel som budgeten medger i "
        "stället för en fast)")
    required = write_town(tmp_path / "required",
                          extra='[constraints]\nrequire_sites = ["lamp-1", "lamp-2"]\n')
    for language, line in (
            ("sv", "- 30\u202f000 kr: nyckeln constraints.require_sites: de billigaste kamerorna "
                   "på de krävda monteringsplatserna lamp-1, lamp-2 kostar tillsammans med 5 års "
                   "driftkostnader mer än 30\u202f000 kr; höj svepets budgetar (--budgets) eller "
                   "kräv färre platser"),
            # (English keeps the error's message, which names each camera and its cost)
            ("en", "- 30,000 SEK: key constraints.require_sites: the cheapest cameras on the 2 "
                   "required sites ('lamp-1': dome, 30,000 SEK; 'lamp-2': dome, 30,000 SEK) cost "
                   "60,000 SEK together with 5 years' running costs, more than 30,000 SEK; raise "
                   "the sweep's budgets (--budgets) or require fewer sites")):
        out = tmp_path / f"required-{language}"
        assert main(["-q", "sweep", f"{required}", "--budgets", "30000,60000", "--set",
                     f'language="{language}"', "--workers", "1", "--out", str(out)]) == 0
        lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
        assert [x for x in lines if x.startswith("- 30")] == [line]


def test_a_share_no_budget_reaches_stops_the_sweep_at_the_first_budget(tiny_town, tmp_path,
                                                                        capsys, monkeypatch):
    # one camera per mount: east reaches 16.9 % and west 15.2 % whatever the budget, so a share
    # of 0.2 has no plan at any budget; the sweep had solved each budget to say so
    import planner._sweep_run as sweep_run

    solved: list[float] = []
    solve = sweep_run._solve_budget
    monkeypatch.setattr(sweep_run, "_solve_budget",
                        lambda prepared, b: solved.append(b) or solve(prepared, b))
    code = main(["-q", "sweep", str(tiny_town), "--budgets", "60000,90000,120000", "--set",
                 "constraints.equity_min_share=0.2", "--workers", "1", "--out",
                 str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2 and solved == [60_000.0]
    assert err.startswith("planner: infeasible: at every budget of the sweep; at 60,000 SEK: ")
    # (the furthest short first: west)
    assert ("area west (West side) reaches at most 15.2% of its demand weight whatever the budget "
            "(the sites' max_cameras limit it), area east (East side) at most 16.9%;" in err)
    assert not (tmp_path / "s").exists()


def test_collect_cancels_the_budgets_after_a_share_no_budget_reaches():
    # (the pools' and Dask's futures: the budgets not started are not solved)
    from planner._sweep_run import _collect
    from planner.errors import InfeasibleError

    class Future:
        def __init__(self, answer):
            self.answer, self.cancelled = answer, False

        def result(self):
            assert not self.cancelled
            return self.answer

        def cancel(self):
            self.cancelled = True

    budget = InfeasibleError("short within the budget", requirement="equity_budget")
    limits = InfeasibleError("short whatever the budget", requirement="equity_limits")
    futures = [Future(budget), Future(limits), Future("a plan"), Future("a plan")]
    assert _collect(futures, None) == [budget, limits, limits, limits]
    assert [f.cancelled for f in futures] == [False, False, True, True]
    futures = [Future(budget), Future("a plan")]
    assert _collect(futures, None) == [budget, "a plan"]
    assert [f.cancelled for f in futures] == [False, False]

def test_budgets_that_share_a_folder_are_refused(tiny_town, tmp_path, capsys):
    # 150000.4 and 150000.2 SEK both wrote budget_150000/, one over the other (exit 0)
    code = main(["sweep", str(tiny_town), "--budgets", "150000.4,150000.2", "--out",
                 str(tmp_path / "s")])
    assert code == 2
    assert "several budgets round to 150000 SEK" in capsys.readouterr().err


def test_a_budget_below_every_camera_names_the_sweep(tiny_town, tmp_path, capsys):
    # the plan of that budget had stopped the sweep naming budget.total_sek
    code = main(["sweep", str(tiny_town), "--budgets", "100,30000", "--out", str(tmp_path / "s")])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "planner: error: --budgets: 100 SEK is below the cheapest camera option (30,000 SEK); "
        "start the sweep at 30,000 SEK or more")


def test_sweep_from_a_preparation_is_the_same_sweep(tiny_town):
    # a notebook that planned the scenario already hands its preparation to the sweep (it had
    # prepared again); the sweep solves with the scenario's own rules on it
    from planner.plan import prepare

    scenario = load_scenario(tiny_town)
    budgets = [30_000, 60_000]
    prepared = prepare(scenario.with_overrides({"constraints.min_spacing_m": 500}))
    given = run_sweep(scenario, budgets, workers=1, prepared=prepared)
    fresh = run_sweep(scenario, budgets, workers=1)
    for a, b in zip(given.plans, fresh.plans, strict=True):
        assert a.cameras["option_id"].tolist() == b.cameras["option_id"].tolist()
        assert a.summary["settings"] == b.summary["settings"]
    other = load_scenario(tiny_town, overrides={"demand.grid_spacing_m": 20})
    with pytest.raises(InputError, match="key demand differs from the prepared scenario"):
        run_sweep(other, budgets, workers=1, prepared=prepared)


def _three_area_town(folder):
    """Areas A (600 people, priority 1) and B (400, 0.5) side by side, C (300, 0) apart; a
    mount beside each, one more between A and B, an existing dome under A."""
    import geopandas as gpd
    from shapely.geometry import Point, box

    from tests.conftest import CATALOGUE, write_town

    x, y = 568_700.0, 6_539_800.0
    scenario = write_town(folder, budget=25_000.0, extra=(
        '[constraints]\nequity_mode = "maxmin"\nprivacy = "off"\n'))
    text = scenario.read_text().replace('buildings = "buildings.gpkg"\n', "")
    scenario.write_text(text.replace("grid_spacing_m = 5", "grid_spacing_m = 10\nnear_homes_m = 0"))
    with (folder / "cameras.toml").open("a") as f:  # a narrower, longer-reaching model
        f.write('\n[[camera]]\nid = "bullet"\nname = "Bullet 2560 px, 50 degrees"\nh_px = 2560\n'
                'v_px = 1440\nhfov_deg = 50.0\nir_range_m = 30.0\nprice_sek = 15000.0\n'
                'install_sek = 5000.0\nyearly_sek = 1000.0\n')
    gpd.GeoDataFrame(
        {"area_id": ["A", "B", "C"], "name": ["Alpha", "Beta", "Gamma"],
         "population": [600, 400, 300], "priority": [1.0, 0.5, 0.0]},
        geometry=[box(x, y, x + 60, y + 40), box(x + 60, y, x + 120, y + 40),
                  box(x + 200, y, x + 240, y + 30)], crs="EPSG:3006",
    ).to_file(folder / "areas.geojson", engine="pyogrio")
    gpd.GeoDataFrame(
        {"site_id": ["s1", "s2", "s3", "s4", "s5"],
         "mount_type": ["lamp_post", "pole", "lamp_post", "lamp_post", "pole"],
         "install_cost_sek": [5000.0, 8000.0, 5000.0, 5000.0, 5000.0],
         "max_cameras": [1, 2, 1, 1, 1],
         "existing_model": [None, None, None, None, "dome"],
         "existing_orientation_deg": [None, None, None, None, 0.0]},
        geometry=[Point(x - 2, y + 20), Point(x + 60, y + 42), Point(x + 122, y + 20),
                  Point(x + 220, y - 3), Point(x + 30, y - 2)], crs="EPSG:3006",
    ).to_file(folder / "sites.gpkg", engine="pyogrio")
    assert "dome" in CATALOGUE
    return scenario


def test_a_maxmin_sweep_may_cover_less_at_a_larger_budget(tmp_path):
    """Under max-min the smallest area share comes first: a sweep of two proven optima whose
    coverage falls had ended in "please report this" (exit 1)."""
    scenario = _three_area_town(tmp_path / "t")
    out = tmp_path / "sweep"
    # (one process: the worker pools have tests of their own above)
    assert main(["-q", "sweep", str(scenario), "--budgets", "25000,45000", "--workers", "1",
                 "--out", str(out)]) == 0
    curve = pd.read_csv(out / "curve.csv")
    assert curve["status"].tolist() == ["optimal", "optimal"]
    shares = []
    for budget in (25_000, 45_000):
        areas = pd.DataFrame(json.loads((out / f"budget_{budget}" / "areas.geojson").read_text())
                             ["features"][i]["properties"] for i in range(3))
        shares.append(areas["covered_share_after"].min())
    # the smallest share rises while coverage falls: both are the plans' optima
    assert shares[1] > shares[0]
    assert curve["objective"].iloc[1] < curve["objective"].iloc[0]
    # each point is the single plan at its budget
    for budget, objective in zip(curve["budget_sek"], curve["objective"], strict=True):
        alone = plan(load_scenario(scenario, overrides={"budget.total_sek": budget}))
        assert alone.summary["objective"] == pytest.approx(objective, abs=1e-6)
    report = (out / "report.md").read_text()
    # (fewer people too: the report says why, and names no loss as the steepest step)
    assert curve["covered_population"].iloc[1] < curve["covered_population"].iloc[0]
    assert "Covered population falls from 25,000 to 45,000 SEK" in report
    assert "after raising the smallest area share" in report
    # the one gain is the step from today's coverage (the existing cameras, none here) to the
    # first budget; the loss is named as no step at all (today's step had been left out)
    today = sum(f["properties"]["population"] * f["properties"]["covered_share_before"]
                for f in json.loads((out / "budget_25000" / "areas.geojson").read_text())
                ["features"])
    gain = (curve["covered_population"].iloc[0] - today) / 25_000 * 1e6
    assert f"{gain:,.0f}" == "2,400"
    assert ("The steepest step is the first, from today's coverage (the existing cameras, 0 SEK) "
            "to 25,000 SEK: the covered population (graded by DORI level, so not a count of "
            "people) grows by 2,400 per million SEK.") in report.splitlines()
    assert "| 0 (today) | 25,000 | 60 | 2,400 |" in report.splitlines()
    assert "The last step" not in report  # (a loss: the sentence on falls says it)


def test_the_max_min_check_still_catches_a_falling_share_or_coverage():
    from planner.errors import SolverError
    from planner.sweep import _check_monotone

    curve = pd.DataFrame({"budget_sek": [1e6, 2e6], "objective": [100.0, 50.0],
                          "status": ["optimal", "optimal"]})
    _check_monotone(curve, [0.1, 0.2])  # the share rose: coverage may fall
    with pytest.raises(SolverError, match=r"the smallest area share fell from 0\.2000 to 0\.1000"):
        _check_monotone(curve, [0.2, 0.1])
    with pytest.raises(SolverError, match=r"coverage fell from 100\.000 to 50\.000"):
        _check_monotone(curve, [0.2, 0.2])  # same share, less coverage
    with pytest.raises(SolverError, match="coverage fell"):
        _check_monotone(curve)
    _check_monotone(curve.assign(status=["optimal", "feasible"]), [0.2, 0.1])  # (a warning)


def test_sweep_workers_log_as_the_parent_does(tiny_town, tmp_path):
    # spawned workers had no log configuration: a sweep on two or more workers said nothing of
    # its solves, even with -v
    import subprocess

    r = subprocess.run(
        [sys.executable, "-m", "planner.cli", "-v", "sweep", str(tiny_town), "--budgets",
         "30000,60000", "--workers", "2", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "[worker " in ln]
    # (the optimiser's lines come from planner.optimize and its private _opt_* modules)
    assert any(re.match(r"INFO planner\.(optimize|_opt_\w+) \[worker ", ln) for ln in lines), \
        r.stderr[-2000:]
    # and quiet stays quiet
    q = subprocess.run(
        [sys.executable, "-m", "planner.cli", "-q", "sweep", str(tiny_town), "--budgets",
         "30000,60000", "--workers", "2", "--out", str(tmp_path / "out2")],
        capture_output=True, text=True, timeout=300)
    assert q.returncode == 0 and "[worker " not in q.stderr, q.stderr



def _proven_curve() -> pd.DataFrame:
    """Three budgets, each plan proven: 1,000 / 2,000 / 2,800 covered (graded)."""
    return pd.DataFrame({"budget_sek": [2e6, 4e6, 6e6], "spent_sek": [2e6, 4e6, 6e6],
                         "objective": [1.0, 2.0, 3.0], "bound": [1.0, 2.0, 3.0],
                         "gap": [0.0, 0.0, 0.0], "status": ["optimal"] * 3,
                         "stopped_by": ["proof"] * 3, "covered_share": [0.1, 0.2, 0.3],
                         "covered_population": [1000.0, 2000.0, 2800.0],
                         "n_cameras_new": [30, 60, 90]})


@pytest.mark.parametrize(("language", "words"), [
    ("en", "The steepest step is from 2,000,000 to 4,000,000 SEK: the covered population (graded "
           "by DORI level, so not a count of people) grows by 500 per million SEK."),
    ("sv", "Det brantaste steget är från 2\u202f000\u202f000 till 4\u202f000\u202f000 kr: den "
           "täckta befolkningen (graderad efter DORI-nivå, alltså inte ett antal personer) ökar "
           "med 500 per miljon kr."),
])
def test_the_steepest_step_is_graded_population_not_people(tmp_path, language, words):
    # "500 more people covered per million SEK" had counted a person seen at detect level
    # (a quarter by default) as a whole person: the curve's population is graded
    from planner.sweep import SweepResult, sweep_markdown

    scenario = load_scenario(_three_area_town(tmp_path / "t"), overrides={"language": language})
    curve = _proven_curve()
    report = sweep_markdown(SweepResult(scenario=scenario, plans=(), curve=curve))
    # (the sentence on the last step follows: see the test below)
    assert any(line.startswith(words) for line in report.splitlines())
    assert "people covered" not in report and "personer täckta" not in report


@pytest.mark.parametrize(("language", "lines"), [
    # (the line on the column at night first: the same cameras, as they stand)
    ("en", ["covered_share_night is the same cameras at night (IR range), as they stand: the "
            "plans are made for the day.",
            "budget_sek spent_sek objective    gap  status covered_share covered_share_night "
            "covered_population n_cameras_new",
            "    30,000    30,000     162.2 0.00 % optimal        10.1 %               4.4 %"
            "                 81             1",
            "    60,000    60,000     204.0 0.00 % optimal        12.8 %               5.5 %"
            "                123             2"]),
    ("sv", ["Täckt andel nattetid är samma kameror nattetid (IR-räckvidd), som de står: "
            "planerna är gjorda för dagtid.",
            "Budget (kr) Använt (kr) Målfunktionsvärde Optimalitetsgap  Status Täckt andel "
            "Täckt andel nattetid Täckt befolkning (graderad) Nya kameror",
            "     30 000      30 000             162,2          0,00 % optimal      10,1 %"
            "                4,4 %                          81           1",
            "     60 000      60 000             204,0          0,00 % optimal      12,8 %"
            "                5,5 %                         123           2"]),
])
def test_the_printed_curve_is_curve_csv_as_people_read_it(tiny_town, tmp_path, capsys,
                                                          language, lines):
    # the console table had printed all of curve.csv's columns raw under English names
    # (budgets as "30000.0", shares as 0.101351), in a Swedish sweep too
    out = tmp_path / "sweep"
    assert main(["sweep", str(tiny_town), "--set", f"language={language}", "--budgets",
                 "30000,60000", "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    curve = pd.read_csv(out / "curve.csv")
    assert curve[["spent_sek", "n_cameras_new"]].values.tolist() == [[30000, 1], [60000, 2]]
    assert curve["covered_share"].round(3).tolist() == [0.101, 0.128]
    assert printed == [*lines, f"-> {out}"]


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["| 0 (today) | 2,000,000 | 900 | 450 |",
            "The steepest step is from 2,000,000 to 4,000,000 SEK: the covered population (graded "
            "by DORI level, so not a count of people) grows by 500 per million SEK. The last "
            "step, from 4,000,000 to 6,000,000 SEK, adds 400 per million SEK."]),
    ("sv", ["| 0 (i dag) | 2\u202f000\u202f000 | 900 | 450 |",
            "Det brantaste steget är från 2\u202f000\u202f000 till 4\u202f000\u202f000 kr: den "
            "täckta befolkningen (graderad efter DORI-nivå, alltså inte ett antal personer) ökar "
            "med 500 per miljon kr. Det sista steget, från 4\u202f000\u202f000 till "
            "6\u202f000\u202f000 kr, ger 400 per miljon kr."]),
])
def test_the_steps_start_from_today_and_the_steepest_may_be_the_first(tmp_path, language,
                                                                      words):
    # the report's steepest step had left out the step from today's coverage (the existing
    # cameras, 0 SEK) to the first budget, steeper on the default data
    import dataclasses

    from planner.sweep import SweepResult, sweep_markdown

    scenario = load_scenario(_three_area_town(tmp_path / "t"), overrides={"language": language})
    curve = _proven_curve()
    one = plan(scenario.with_overrides({"budget.total_sek": 25_000}))
    # today: 100 people covered by the existing cameras (population times share before)
    areas = one.areas.assign(population=[1000, 0, 0][: len(one.areas)],
                             covered_share_before=[0.1, 0.0, 0.0][: len(one.areas)])
    result = SweepResult(scenario=scenario, plans=(dataclasses.replace(one, areas=areas),),
                         curve=curve)
    report = sweep_markdown(result).splitlines()
    for line in words:
        assert line in report, line
    # steeper from today: 1,000 - 100 over 1 MSEK beats 500 per million
    curve.loc[0, "budget_sek"] = 1e6
    first = sweep_markdown(dataclasses.replace(result, curve=curve))
    assert ("The steepest step is the first, from today's coverage (the existing cameras, 0 SEK) "
            "to 1,000,000 SEK" if language == "en" else
            "Det brantaste steget är det första, från dagens täckning (de befintliga kamerorna, "
            "0 kr) till 1\u202f000\u202f000 kr") in first


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["# Budget sweep: Tiny test town", "", "Scenario: tiny", "",
            "## What each budget covers, per area",
            "| area | priority | today | 25,000 SEK | 45,000 SEK | 70,000 SEK |",
            "| Alpha (A) | 1.00 | 12.9 % | 12.9 % | 28.6 % | 32.1 % |",
            "| Beta (B) | 0.50 | 0.0 % | 15.0 % | 16.7 % | 30.0 % |",
            "| Gamma (C) | 0.00 | 0.0 % | 0.0 % | 0.0 % | 0.0 % |",
            "- Today (0 SEK) to 25,000 SEK: Beta (B) +60 (+15.0 percentage points; priority "
            "0.50)",
            "- 25,000 SEK to 45,000 SEK: Alpha (A) +94 (+15.7 percentage points; priority "
            "1.00), Beta (B) +7 (+1.7 percentage points; priority 0.50)",
            "- 45,000 SEK to 70,000 SEK: Beta (B) +53 (+13.3 percentage points; priority "
            "0.50), Alpha (A) +21 (+3.6 percentage points; priority 1.00)"]),
    ("sv", ["# Täckning mot budget: Tiny test town", "", "Scenario: tiny", "",
            "## Vad varje budget täcker, per område",
            "| område | prioritet | i dag | 25\u202f000 kr | 45\u202f000 kr | 70\u202f000 kr |",
            "| Alpha (A) | 1,00 | 12,9 % | 12,9 % | 28,6 % | 32,1 % |",
            "- I dag (0 kr) till 25\u202f000 kr: Beta (B) +60 (+15,0 procentenheter; prioritet "
            "0,50)",
            "- 25\u202f000 kr till 45\u202f000 kr: Alpha (A) +94 (+15,7 procentenheter; "
            "prioritet 1,00), Beta (B) +7 (+1,7 procentenheter; prioritet 0,50)"]),
])
def test_the_report_says_what_each_budget_covers_per_area(tmp_path, language, words):
    """What 10 MSEK buys beside 8, and where: the sweep had answered for the whole town only."""
    scenario = _three_area_town(tmp_path / "t")
    out = tmp_path / "sweep"
    assert main(["-q", "sweep", str(scenario), "--budgets", "25000,45000,70000", "--workers",
                 "1", "--set", 'constraints.equity_mode="hard"', "--set",
                 f'language="{language}"', "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8").splitlines()
    assert report[:4] == words[:4]
    for line in words[4:]:
        assert line in report, line
    assert "changes compare the plans found" not in "\n".join(report)  # (all proven)
    areas = pd.read_csv(out / "areas.csv")
    assert areas.columns.tolist() == ["area_id", "name", "priority", "population", "budget_sek",
                                      "covered_share", "covered_population",
                                      "covered_population_gain"]
    alpha = areas[areas["area_id"] == "A"]
    assert alpha["budget_sek"].tolist() == [0, 25_000, 45_000, 70_000]
    assert alpha["covered_population"].round(3).tolist() == [77.143, 77.143, 171.429, 192.857]
    assert alpha["covered_population_gain"].round(3).tolist()[1:] == [0.0, 94.286, 21.429]
    assert alpha["covered_population_gain"].isna().tolist() == [True, False, False, False]
    # each budget's covered population, per area, adds up to the curve's
    curve = pd.read_csv(out / "curve.csv")
    totals = areas[areas["budget_sek"] > 0].groupby("budget_sek")["covered_population"].sum()
    assert totals.round(4).tolist() == curve["covered_population"].round(4).tolist()


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Tiny test town — 45,000 SEK"),
    ("sv", "Tiny test town — 45\u202f000 kr"),
])
def test_each_budgets_plan_is_titled_by_its_budget(tiny_town, tmp_path, language, title):
    # each budget's map, report and workbook had carried the scenario's title alone (the
    # default scenario's names 8 MSEK, above its 12 MSEK plan)
    import json

    from openpyxl import load_workbook

    out = tmp_path / "sweep"
    assert main(["-q", "sweep", str(tiny_town), "--budgets", "30000,45000", "--workers", "1",
                 "--set", f'language="{language}"', "--out", str(out)]) == 0
    plan_dir = out / "budget_45000"
    assert json.loads((plan_dir / "summary.json").read_text())["title"] == title
    head = "Camera plan" if language == "en" else "Kameraplan"
    assert (plan_dir / "report.md").read_text(encoding="utf-8").startswith(f"# {head}: {title}\n")
    # (the map writes the title's spaces as plain spaces)
    assert f"<title>{head}: {' '.join(title.split())}</title>" in (
        plan_dir / "map.html").read_text(encoding="utf-8")
    summary = load_workbook(plan_dir / "plan.xlsx").worksheets[0]
    assert [r[1] for r in summary.iter_rows(values_only=True) if r[0] in ("title", "Titel")] == [
        title]


def test_budget_titles_name_millions_exactly():
    from planner._stage_text import budget_title, million, stage_title

    assert million(12e6) == "12 MSEK" and million(2.5e6, "sv") == "2,5 mnkr"
    assert million(1_234_567) == "1.234567 MSEK" and million(999_000) == "999,000 SEK"
    summary = {"title": "Katrineholm  2018", "scenario": "k", "budget_sek": 12e6}
    assert budget_title(summary) == "Katrineholm 2018 — 12 MSEK"
    assert budget_title({**summary, "title": ""}, "sv") == "k — 12 mnkr"
    assert stage_title(summary, 2, 3, 7e6, "sv") == "Katrineholm 2018 — etapp 2 av 3, 7 mnkr"
    assert stage_title(summary, 2, 3, 7e6) == "Katrineholm 2018 — stage 2 of 3, 7 MSEK"


def test_each_budget_says_what_is_investment_and_what_running_costs(tiny_sweep, tmp_path):
    # the curve had given the amount spent alone: investment and 5 years' running costs in one
    # figure (on the default data at 8 MSEK: 4,957,500 + 5 x 608,100 = 7,998,000)
    from openpyxl import load_workbook

    from planner.sweep import write_sweep

    folder, result = tiny_sweep  # (30,000, 60,000 and 90,000 SEK, written to folder)
    scenario = result.scenario
    curve = result.curve
    assert curve["investment_sek"].tolist() == [25_000, 50_000, 75_000]
    assert curve["yearly_sek"].tolist() == [1_000, 2_000, 3_000]
    assert curve["yearly_over_horizon_sek"].tolist() == [5_000, 10_000, 15_000]
    assert (curve["investment_sek"] + 5 * curve["yearly_sek"]).tolist() == curve[
        "spent_sek"].tolist()
    result_lines = (folder / "report.md").read_text(encoding="utf-8").splitlines()
    at = result_lines.index(
        "What each plan spends is its new cameras' investment (purchase, installation, "
        "mounting) and their running costs (yearly costs over 5 years included):")
    assert result_lines[at + 2:at + 7] == [
        "| budget (SEK) | investment (SEK) | running costs a year (SEK) | over the horizon (SEK) "
        "| spent (SEK) |",
        "|---:|---:|---:|---:|---:|",
        "| 30,000 | 25,000 | 1,000 | 5,000 | 30,000 |",
        "| 60,000 | 50,000 | 2,000 | 10,000 | 60,000 |",
        "| 90,000 | 75,000 | 3,000 | 15,000 | 90,000 |"]
    sv = run_sweep(scenario.with_overrides({"language": "sv"}), [30_000], workers=1)
    out = write_sweep(sv, tmp_path / "sv")
    assert ("Det varje plan använder är de nya kamerornas investering (inköp, installation, "
            "montering) och deras driftkostnader (årliga kostnader under 5 år inräknade):"
            ) in (out / "report.md").read_text(encoding="utf-8")
    rows = list(load_workbook(out / "curve.xlsx")["Kurva"].iter_rows(values_only=True))
    # (then why a budget has no plan: empty, every budget here has one)
    # (the same cameras at night, then why a budget has no plan)
    assert rows[0][-6:] == ("Investering (kr)", "Driftkostnader per år (kr)",
                            "Driftkostnader under tidshorisonten (kr)",
                            "Täckt andel nattetid (samma kameror, inte planerade för det)",
                            "Täckt befolkning nattetid (graderad) (samma kameror, inte planerade "
                            "för det)", "Varför ingen plan")
    assert rows[1][-6:-3] == (25_000, 1_000, 5_000) and rows[1][-1] is None


@pytest.mark.parametrize(("language", "statuses", "line"), [
    ("en", ["feasible", "feasible"], "None of the plans is proven optimal (see the status and "
     "gap above): these changes compare the plans found, not the best plans for the budgets."),
    ("en", ["optimal", "feasible"], "Not all of the plans are proven optimal (see the status and "
     "gap above): these changes compare the plans found, not the best plans for the budgets."),
    ("sv", ["feasible", "feasible"], "Ingen av planerna är bevisat optimal (se status och "
     "optimalitetsgap ovan): ändringarna jämför de funna planerna, inte de bästa planerna för "
     "budgetarna."),
    ("sv", ["feasible", "optimal"], "Inte alla planer är bevisat optimala (se status och "
     "optimalitetsgap ovan): ändringarna jämför de funna planerna, inte de bästa planerna för "
     "budgetarna."),
    ("sv", ["optimal", "optimal"], None),
])
def test_the_area_steps_say_whether_none_or_some_plans_are_unproven(language, statuses, line):
    # "Alla planer är inte bevisat optimala" had stood where none was
    from types import SimpleNamespace

    from planner._sweep_report import _areas_markdown

    table = pd.DataFrame({"area_id": ["A"] * 3, "name": ["Alpha"] * 3, "priority": [1.0] * 3,
                          "budget_sek": [0, 10_000, 20_000], "covered_share": [0.0, 0.1, 0.2],
                          "covered_population_gain": [float("nan"), 10.0, 10.0]})
    # (a day plan's sweep: nothing said of the night above the areas)
    by_day = SimpleNamespace(night=False, night_share=None)
    result = SimpleNamespace(scenario=SimpleNamespace(language=language, coverage=by_day),
                             areas=lambda: table,
                             plans=[SimpleNamespace(summary={"status": s}) for s in statuses])
    lines = _areas_markdown(result)
    if line is None:  # (every plan proven: no caveat)
        assert not [text for text in lines if "optimal" in text]
    else:
        assert lines[-2:] == ["", line]


@pytest.mark.parametrize(("language", "line"), [
    ("en", "Existing cameras taken down in every plan (`constraints.remove_existing`): old. "
           "Today's coverage, at 0 SEK, still has them: each plan's change from today is net of "
           "what they covered."),
    ("sv", "Befintliga kameror som tas ned i varje plan (`constraints.remove_existing`): old. "
           "Dagens täckning, vid 0 kr, har dem fortfarande: varje plans ändring från i dag är "
           "med avdrag för det de täckte."),
])
def test_a_sweep_says_which_existing_cameras_are_taken_down(tmp_path, language, line):
    # today's coverage has the old dome (10.5 % of the west area), no plan does: the west area's
    # loss and the first step's net gain had stood unexplained
    from planner.sweep import sweep_markdown
    from tests.conftest import sites_with_old_camera, write_town

    town = write_town(tmp_path / "town", sites=sites_with_old_camera())
    scenario = load_scenario(town, overrides={"language": language,
                                              "constraints.remove_existing": ["old"]})
    report = sweep_markdown(run_sweep(scenario, [30_000], workers=1)).splitlines()
    assert report[4:6] == [line, ""]
    assert ("| West side (west) | 0.00 | 10.5 % | 0.0 % |" if language == "en" else
            "| West side (west) | 0,00 | 10,5 % | 0,0 % |") in report


@pytest.mark.parametrize(("language", "row", "line"), [
    ("en", "| 4,000,000 | 4,000,000 | 60 | 2,000 | 20.0 % | feasible (time limit) | 0.10 % |",
     "Stopped by the time limit, not by a proof or the solver's deterministic work limit: "
     "4,000,000; 6,000,000 SEK. Those plans and their gaps may differ on another machine; raise "
     "solver.time_limit_s."),
    ("sv", "| 4\u202f000\u202f000 | 4\u202f000\u202f000 | 60 | 2\u202f000 | 20,0 % | "
           "ej bevisat optimal (tidsgräns) | 0,10 % |",
     "Stoppade av tidsgränsen, inte av ett bevis eller lösarens deterministiska arbetsgräns: "
     "4\u202f000\u202f000; 6\u202f000\u202f000 kr. De planerna och deras optimalitetsgap kan bli "
     "andra på en annan dator; höj solver.time_limit_s."),
])
def test_the_report_names_the_budgets_the_time_limit_stopped(tmp_path, language, row, line):
    # (a budget stopped by the time limit had read "not proven optimal" as the ones stopped
    # at the reproducible work limit: its figures may not reproduce, and the report hid it)
    from planner._sweep_report import time_limited
    from planner.sweep import SweepResult, sweep_markdown

    scenario = load_scenario(_three_area_town(tmp_path / "t"), overrides={"language": language})
    curve = _proven_curve().assign(status=["optimal", "feasible", "feasible"],
                                   gap=[0.0, 0.001, 0.001],
                                   stopped_by=["proof", "time limit", "time limit"])
    report = sweep_markdown(SweepResult(scenario=scenario, plans=(), curve=curve)).splitlines()
    assert row in report and line in report
    assert time_limited(curve, language) == line
    assert time_limited(_proven_curve(), language) is None
    assert time_limited(curve.assign(stopped_by="work limit"), language) is None
    # one budget: that plan, not "those plans" (Swedish: "Stoppad", "Den planen")
    one = time_limited(curve.assign(stopped_by=["proof", "time limit", "work limit"]), language)
    assert one == ("Stopped by the time limit, not by a proof or the solver's deterministic work "
                   "limit: 4,000,000 SEK. That plan and its gap may differ on another machine; "
                   "raise solver.time_limit_s." if language == "en" else
                   "Stoppad av tidsgränsen, inte av ett bevis eller lösarens deterministiska "
                   "arbetsgräns: 4\u202f000\u202f000 kr. Den planen och dess optimalitetsgap kan "
                   "bli andra på en annan dator; höj solver.time_limit_s.")


def _no_plan_in_time_at(monkeypatch, *budgets: float) -> None:
    """The sweep's solves at ``budgets`` end at the time limit without a plan."""
    import planner._sweep_run as sweep_run
    from planner.errors import NoPlanInTimeError

    real = sweep_run.solve_prepared

    def slow(prepared, at, **kwargs):
        if at.budget.total_sek in budgets:  # (plan.solve_prepared's words for it)
            raise NoPlanInTimeError(
                f"{at.source}: the solver found no plan within solver.time_limit_s = "
                f"{at.solver.time_limit_s:g} s (its "
                "heuristic start could not reach constraints.equity_min_share = 0.05 in every "
                "planned area); raise solver.time_limit_s, or lower "
                "constraints.equity_min_share", missed="reach the equity min_share",
                seconds=at.solver.time_limit_s)
        return real(prepared, at, **kwargs)

    monkeypatch.setattr(sweep_run, "solve_prepared", slow)


_IN_TIME = ("the solver found no plan within solver.time_limit_s = 20 s (its heuristic start "
            "could not reach constraints.equity_min_share = 0.05 in every planned area); raise "
            "solver.time_limit_s, or lower constraints.equity_min_share")


def test_a_budget_without_a_plan_is_a_row_with_its_reason_and_the_sweep_goes_on(
        tiny_town, tmp_path, monkeypatch, capsys):
    # an equity share of 0.05 needs a camera in each area: 30,000 SEK buys one (no plan), and
    # at 60,000 the time limit ends the search before any plan; the sweep had stopped there,
    # exit 2, the 90,000 and 120,000 SEK plans never made
    import matplotlib.figure

    _no_plan_in_time_at(monkeypatch, 60_000.0)
    drawn: list[list[float]] = []
    save = matplotlib.figure.Figure.savefig
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda fig, *a, **k: (
        drawn.extend(list(map(float, line.get_xdata() if line.get_linestyle() == ":" else
                              line.get_ydata())) for line in fig.axes[0].lines)
        or save(fig, *a, **k)))
    out = tmp_path / "s"
    code = main(["sweep", str(tiny_town), "--budgets", "30000:120000:30000", "--set",
                 "constraints.equity_min_share=0.05", "--workers", "1", "--out", str(out)])
    printed = capsys.readouterr().out.splitlines()
    assert code == 0
    curve = pd.read_csv(out / "curve.csv")
    equity = ("key constraints.equity_min_share=0.05 cannot be met: within 30,000 SEK no plan "
              "gives every planned area that share; raise the sweep's budgets (--budgets), lower "
              "the share, or set constraints.equity_mode = \"maxmin\" with "
              "constraints.equity_min_share = 0 (the best smallest share the budget allows "
              "instead of a fixed one)")
    assert curve[["budget_sek", "status", "n_cameras_new"]].fillna(-1).values.tolist() == [
        [30_000, "infeasible", -1], [60_000, "no plan found", -1], [90_000, "optimal", 3],
        [120_000, "optimal", 4]]
    assert curve["no_plan_reason"].fillna("").tolist() == [equity, _IN_TIME, "", ""]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["budget_120000",
                                                                   "budget_90000"]
    # the console: the table's rows, then each budget without a plan and why
    assert printed[2:4] == [
        "    30,000         –         –      –    infeasible             –                   – "
        "                 –             –",
        "    60,000         –         –      – no plan found             –                   – "
        "                 –             –"]
    assert printed[6:] == ["These budgets have no plan (the curve has a gap there):", "",
                           f"- 30,000 SEK: {equity}", f"- 60,000 SEK: {_IN_TIME}", f"-> {out}"]
    report = (out / "report.md").read_text()
    assert "| 60,000 | – | – | – | – | – | – | no plan found | – |" in report
    assert (f"These budgets have no plan (the curve has a gap there):\n\n- 30,000 SEK: "
            f"{equity.replace('*', '')}\n- 60,000 SEK: {_IN_TIME}\n") in report
    # the chart: a gap at 30,000 and 60,000 SEK (no line through them, no zero), each marked
    population, *marks = drawn
    assert [round(v) if v == v else None for v in population] == [None, None, 143, 162]
    assert marks == [[0.03, 0.03], [0.06, 0.06]]  # (a dotted line at each, in MSEK)
    # the steps skip the budgets without a plan: today to 90,000, then 90,000 to 120,000
    assert pd.read_csv(out / "marginal.csv")[["from_sek", "to_sek"]].values.tolist() == [
        [90_000, 120_000]]


def test_a_swedish_sweep_says_which_budget_found_no_plan_in_time(tiny_town, tmp_path,
                                                                   monkeypatch, capsys):
    _no_plan_in_time_at(monkeypatch, 60_000.0)
    out = tmp_path / "s"
    assert main(["sweep", str(tiny_town), "--budgets", "60000,90000", "--set",
                 'language="sv"', "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    line = ("- 60 000 kr: lösaren hittade ingen plan inom solver.time_limit_s = 20 s (inget "
            "bevis för att ingen plan finns); höj solver.time_limit_s")
    assert printed[2].split() == ["60", "000", "–", "–", "–", "ingen", "plan", "funnen", "–",
                                  "–", "–", "–"]
    assert printed[-4:] == ["Dessa budgetar har ingen plan (kurvan har ett avbrott där):", "",
                            line, f"-> {out}"]
    report = (out / "report.md").read_text(encoding="utf-8")
    assert line.replace("60 000", "60\u202f000") in report.splitlines()
    # curve.xlsx gives the reason in Swedish too; curve.csv, for programs, the error's words
    from tests.test_workbook import sheet_frame

    curve = sheet_frame(out / "curve.xlsx", "Kurva")
    assert curve[["Status", "Varför ingen plan"]].fillna("").values.tolist() == [
        ["ingen plan funnen", line.removeprefix("- 60 000 kr: ")], ["optimal", ""]]
    assert pd.read_csv(out / "curve.csv")["no_plan_reason"].tolist()[0] == _IN_TIME


def test_a_sweep_without_any_plan_in_time_exits_2_and_writes_nothing(tiny_town, tmp_path,
                                                                      monkeypatch, capsys):
    _no_plan_in_time_at(monkeypatch, 30_000.0, 60_000.0)
    out = tmp_path / "s"
    code = main(["-q", "sweep", str(tiny_town), "--budgets", "30000,60000", "--workers", "1",
                 "--out", str(out)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"planner: no plan: at every budget of the sweep; at 30,000 SEK: {tiny_town}: "
        f"{_IN_TIME}\n")
    assert not out.exists()
    with pytest.raises(NoPlanInTimeError, match=r"^at every budget of the sweep; at 30,000 SEK"):
        run_sweep(load_scenario(tiny_town), [30_000, 60_000], workers=1)


def test_an_evening_curve_made_by_hand_without_periods_is_reported_and_drawn(tmp_path):
    # a curve of coverage.night_share without its columns by day and at night (made by hand,
    # or before them) had raised KeyError 'covered_share_day' in report.md and curve.png;
    # it is reported and drawn with its own share alone, as a day curve without its night
    import matplotlib.figure

    from planner._sweep_report import plot_curve
    from planner.sweep import SweepResult, sweep_markdown

    scenario = load_scenario(_three_area_town(tmp_path / "t"),
                             overrides={"coverage.night_share": 0.3})
    result = SweepResult(scenario=scenario, plans=(), curve=_proven_curve())
    report = sweep_markdown(result).splitlines()
    assert "| 4,000,000 | 4,000,000 | 60 | 2,000 | 20.0 % | optimal | 0.00 % |" in report
    assert not any("the same cameras" in line for line in report)
    drawn = []
    original = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        drawn.extend(line.get_label() for ax in fig.axes for line in ax.get_lines())
        return original(fig, *args, **kwargs)

    import unittest.mock

    with unittest.mock.patch.object(matplotlib.figure.Figure, "savefig", savefig):
        plot_curve(result, tmp_path / "curve.png")
    assert drawn == ["covered population", "covered share"]


def test_a_notebooks_budgets_may_be_written_as_amounts(tiny_town):
    # run_sweep(scenario, ["30 tkr", "60 tkr"]) as --budgets and budget.total_sek take amounts
    # (it had ended in "ValueError: could not convert string to float: '30 tkr'", a traceback)
    scenario = load_scenario(tiny_town)
    listed = run_sweep(scenario, ["60 tkr", "30 000 kr"], workers=1)
    assert listed.curve["budget_sek"].tolist() == [30_000.0, 60_000.0]
    ranged = run_sweep(scenario, "30 tkr:60 tkr:30 tkr", workers=1)
    assert ranged.curve["budget_sek"].tolist() == [30_000.0, 60_000.0]
    assert ranged.curve["objective"].tolist() == listed.curve["objective"].tolist()
    with pytest.raises(InputError) as bad:
        run_sweep(scenario, ["30 tkr", "sextio tusen"], workers=1)
    assert str(bad.value) == ("budgets: 'sextio tusen' is not an amount of SEK; write 5000000 or "
                              '"5 mnkr" (each amount its own item of the list)')
    with pytest.raises(InputError, match=r"^budgets \[30000.0, -5.0\]: budgets must be positive"):
        run_sweep(scenario, [30_000, -5], workers=1)


def test_a_day_curve_with_the_nights_share_but_not_its_population_keeps_its_table_aligned(
        tmp_path):
    # a curve made by hand (or before the night's population was kept) with the share at night
    # and not the population: the header had named both, the rows given the share alone
    from planner.sweep import SweepResult, sweep_markdown

    scenario = load_scenario(_three_area_town(tmp_path / "t"))
    curve = _proven_curve().assign(covered_share_night=[0.05, 0.1, 0.15])
    report = sweep_markdown(SweepResult(scenario=scenario, plans=(), curve=curve)).splitlines()
    start = next(i for i, line in enumerate(report) if line.startswith("| budget"))
    table = report[start:report.index("", start)]
    assert len({line.count("|") for line in table}) == 1, table
    # (and its columns named apart: the night's population had been headed as the day's)
    names = table[0].strip("|").split(" | ")
    assert len(set(names)) == len(names), names
    assert (
        "| 4,000,000 | 4,000,000 | 60 | 2,000 | 20.0 % | 10.0 % | – | optimal | 0.00 % |") in table
