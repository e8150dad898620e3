"""Rollouts with stage years (``--stage-years``): a camera's running costs from its stage's year.

The tiny town (tests/conftest.py) with ``budget.horizon_years = 3``: a dome on lamp-1 or lamp-2
costs 10,000 (price) + 5,000 (installation) + 10,000 (the mount) = 25,000 SEK of investment
and 1,000 SEK a year to run. Bought in stage 1 of a rollout whose stages are a year apart it
carries 3 years of running costs within the budget, 28,000 SEK; in stage 2 two years, 27,000;
in stage 3 one, 26,000. Without stage years every camera costs 28,000.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from planner import load_scenario
from planner import plan as pl
from planner.cli import main
from planner.errors import InputError
from planner.rollout import run_rollout

from .conftest import write_town

INVESTMENT, YEARLY, H = 25_000.0, 1_000.0, 3
STAGES = "28000,27000,26000"


def _rollout(tmp_path: Path, *extra: str, stages: str = STAGES, name: str = "out") -> Path:
    town = tmp_path / "town" / "scenario.toml"
    if not town.exists():
        write_town(tmp_path / "town")
    out = tmp_path / name
    assert main(["-q", "rollout", str(town), "--stages", stages, "--set",
                 f"budget.horizon_years={H}", "--workers", "1", *extra, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """:func:`_rollout`'s folder for its arguments, rolled out once for the module.

    For the tests that only read it: both the stage costs' and the year-by-year budget's tests
    read the rollout of stages a year apart in their language.
    """
    made: dict[tuple[str, ...], Path] = {}

    def rollout(*extra: str, stages: str = STAGES) -> Path:
        if (stages, *extra) not in made:
            made[(stages, *extra)] = _rollout(tmp_path_factory.mktemp("rollout"), *extra,
                                              stages=stages)
        return made[(stages, *extra)]

    return rollout


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _costs(out: Path, k: int) -> dict[str, tuple[int, float]]:
    """Stage ``k``'s cameras: label -> (the stage that bought it, its cost_sek)."""
    cams = gpd.read_file(out / f"stage_{k}" / "cameras.geojson")
    return {c: (int(s), float(v)) for c, s, v in
            zip(cams["camera"], cams["stage"], cams["cost_sek"], strict=True)}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_camera_carries_the_running_costs_of_the_years_left_from_its_stage(rolled, language):
    out = rolled("--stage-years", "1", "--set", f'language="{language}"')
    # by hand: stage k's camera costs 25,000 + (3 - (k - 1)) × 1,000; each stage's money buys
    # exactly one (without stage years stage 2's 27,000 buys none: the test below)
    stages = pd.read_csv(out / "stages.csv")
    assert stages[["stage_spent_sek", "stage_investment_sek", "stage_yearly_sek", "spent_sek",
                   "investment_sek", "yearly_sek", "n_cameras_added"]].values.tolist() == [
        [28_000, 25_000, 1_000, 28_000, 25_000, 1_000, 1],
        [27_000, 25_000, 1_000, 55_000, 50_000, 2_000, 1],
        [26_000, 25_000, 1_000, 81_000, 75_000, 3_000, 1]]
    assert (stages["stage_investment_sek"] + pd.Series([3, 2, 1]) * stages["stage_yearly_sek"]
            ).tolist() == stages["stage_spent_sek"].tolist()
    cameras = pd.read_csv(out / "cameras.csv")
    assert dict(zip(cameras["stage"], cameras["cost_sek"], strict=True)) == {
        1: 28_000, 2: 27_000, 3: 26_000}
    # a camera kept from an earlier stage keeps the cost of the stage that bought it
    assert _costs(out, 2) == {"C001": (1, 28_000.0), "C002": (2, 27_000.0)}
    assert _costs(out, 3) == {"C001": (1, 28_000.0), "C002": (2, 27_000.0),
                              "C003": (3, 26_000.0)}
    for k, spent, within in ((1, 28_000, 3_000), (2, 55_000, 5_000), (3, 81_000, 6_000)):
        s = json.loads((out / f"stage_{k}" / "summary.json").read_text(encoding="utf-8"))
        assert (s["spent_sek"], s["yearly_over_horizon_sek"]) == (spent, within)
        assert s["investment_sek"] + within == spent
        assert s["rollout"]["stage_years"] == 1 and s["rollout"]["running_years"] == [3, 2, 1][:k]
    report = _lines(out / "stage_3" / "report.md")
    rollout = _lines(out / "report.md")
    if language == "en":
        assert report[3:7] == [
            "- Budget: 81,000 SEK (yearly costs up to the end of year 3 of the rollout included, "
            "each stage's cameras from the stage's year, the stages 1 year apart)",
            "- Spent: 81,000 SEK; remaining 0 SEK",
            "- Investment (purchase, installation, mounting): 75,000 SEK",
            "- Running costs of the new cameras: 3,000 SEK a year, 6,000 SEK up to the end of "
            "year 3 (in the amount spent: stage 1's cameras for 3 years, stage 2's for 2 years, "
            "stage 3's for 1 year)"]
        assert ("- Running costs from year 4 of the rollout: 3,000 SEK a year for the new "
                "cameras, outside this budget") in report
        assert ("- Stage 3 of 3: optimal given the cameras of stages 1–2; as good as the best "
                "plan for 81,000 SEK with every camera bought in stage 3") in report
        assert ("The stages are 1 year apart: a stage's cameras carry their running costs "
                "within the budget from the stage's year to the end of year 3 (stage 1's cameras "
                "for 3 years, stage 2's for 2 years, stage 3's for 1 year); after year 3 of the "
                "rollout the cameras of all stages cost 3,000 SEK a year to run, outside the "
                "budget.") in rollout
        assert [line for line in rollout if line.startswith("### ")] == [
            "### Stage 1: 1 camera, 28,000 SEK", "### Stage 2: 1 camera, 27,000 SEK",
            "### Stage 3: 1 camera, 26,000 SEK"]
        assert any("With the stages 1 year apart, the best plan for a stage's sum buys every "
                   "camera in that stage" in line for line in rollout)
    else:
        assert report[3:7] == [
            "- Budget: 81\u202f000 kr (årliga kostnader till och med år 3 av utbyggnaden "
            "inräknade, varje etapps kameror från etappens år, med 1 år mellan etapperna)",
            "- Använt: 81\u202f000 kr; kvar 0 kr",
            "- Investering (inköp, installation, montering): 75\u202f000 kr",
            "- Driftkostnader för de nya kamerorna: 3\u202f000 kr per år, 6\u202f000 kr till "
            "och med år 3 (ingår i det använda beloppet: etapp 1:s kameror under 3 år, etapp "
            "2:s under 2 år, etapp 3:s under 1 år)"]
        assert ("- Driftkostnader från år 4 av utbyggnaden: 3\u202f000 kr per år för de nya "
                "kamerorna, utanför denna budget") in report
        assert ("- Etapp 3 av 3: optimal givet kamerorna från etapperna 1–2; lika bra som den "
                "bästa planen för 81\u202f000 kr med alla kameror köpta i etapp 3") in report
        assert ("Etapperna ligger 1 år från varandra: en etapps kameror bär sina driftkostnader "
                "inom budgeten från etappens år till och med år 3 (etapp 1:s kameror under 3 år, "
                "etapp 2:s under 2 år, etapp 3:s under 1 år); efter år 3 av utbyggnaden kostar "
                "alla etappers kameror 3\u202f000 kr per år i drift, utanför budgeten.") in rollout
        assert [line for line in rollout if line.startswith("### ")] == [
            "### Etapp 1: 1 kamera, 28\u202f000 kr", "### Etapp 2: 1 kamera, 27\u202f000 kr",
            "### Etapp 3: 1 kamera, 26\u202f000 kr"]
    assert "from year 4:" not in "\n".join(report) and "från år 4:" not in "\n".join(report)


def test_without_stage_years_every_camera_carries_the_whole_horizon(tmp_path):
    out = _rollout(tmp_path)
    stages = pd.read_csv(out / "stages.csv")
    # 28,000 a camera in every stage: stage 2's 27,000 buys none and carries over
    assert stages["stage_spent_sek"].tolist() == [28_000, 0, 28_000]
    assert set(pd.read_csv(out / "cameras.csv")["cost_sek"]) == {28_000}
    s = json.loads((out / "stage_3" / "summary.json").read_text(encoding="utf-8"))
    assert (s["spent_sek"], s["yearly_over_horizon_sek"]) == (56_000, 6_000)
    assert "stage_years" not in s["rollout"] and "running_years" not in s["rollout"]
    report = _lines(out / "stage_3" / "report.md")
    assert report[3] == "- Budget: 81,000 SEK (yearly costs over 3 years included)"
    assert ("- Running costs of the new cameras: 2,000 SEK a year, 6,000 SEK over 3 years (in "
            "the amount spent)") in report
    assert "- Running costs from year 4: 2,000 SEK a year for the new cameras, outside this " \
           "budget" in report
    rollout = (out / "report.md").read_text(encoding="utf-8")
    assert "The stages are" not in rollout and "With the stages" not in rollout


def _same_files(a: Path, b: Path) -> None:
    """Every file of ``a`` as in ``b``, byte for byte (summary.json's timings aside)."""
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for f in files:
        if f.name == "summary.json":
            x, y = (json.loads((d / f).read_text(encoding="utf-8")) for d in (a, b))
            x.pop("timing"), y.pop("timing")
            assert x == y, f
        else:
            assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_stage_years_change_nothing_where_the_budget_counts_no_running_costs(tmp_path, caplog):
    # budget.include_yearly_costs = false: a camera costs its investment in every stage
    off = "budget.include_yearly_costs=false"
    plain = _rollout(tmp_path, "--set", off, stages="25000,25000")
    with caplog.at_level("WARNING", logger="planner"):
        staged = _rollout(tmp_path, "--set", off, "--stage-years", "1", stages="25000,25000",
                          name="staged")
    assert "--stage-years 1 changes nothing: the budget counts no running costs" in caplog.text
    _same_files(plain, staged)


def test_the_best_plan_for_a_stage_sum_buys_every_camera_in_that_stage(tmp_path):
    scenario = load_scenario(write_town(tmp_path / "town"),
                             overrides={"budget.horizon_years": H})
    prepared = pl.prepare(scenario)
    by_process = run_rollout(scenario, [28_000.0, 27_000.0, 26_000.0], stage_years=1.0,
                             workers=1, prepared=prepared)
    beside = run_rollout(scenario, [28_000.0, 27_000.0, 26_000.0], stage_years=1.0, workers=2,
                         prepared=prepared)
    for k, within, years in ((2, 55_000.0, 2.0), (3, 81_000.0, 1.0)):
        alone = pl.solve_prepared(prepared, scenario.with_overrides({"budget.total_sek": within}),
                                  running_years=years)
        # all at stage k's price: 27,000 buys two cameras for 55,000, 26,000 three for 81,000
        assert set(alone.cameras["cost_sek"]) == {INVESTMENT + years * YEARLY}
        for result in (by_process, beside):
            row = result.stages.iloc[k - 1]
            assert row["best_objective"] == alone.summary["objective"]
            assert row["shortfall"] >= 0.0  # (the stage's cameras never cost less)
    assert by_process.stages.equals(beside.stages)
    assert by_process.stage_years == 1.0


def test_a_stage_after_the_horizon_buys_at_the_investment_alone(tmp_path):
    # stages 2 years apart: stage 1 carries 3 years, stage 2 (year 3) 1, stage 3 (year 5) none
    out = _rollout(tmp_path, "--stage-years", "2", stages="28000,26000,25000")
    cameras = pd.read_csv(out / "cameras.csv")
    assert dict(zip(cameras["stage"], cameras["cost_sek"], strict=True)) == {
        1: 28_000, 2: 26_000, 3: INVESTMENT}
    s = json.loads((out / "stage_3" / "summary.json").read_text(encoding="utf-8"))
    assert s["rollout"]["running_years"] == [3, 1, 0]
    assert (s["spent_sek"], s["yearly_over_horizon_sek"]) == (79_000, 4_000)
    report = _lines(out / "stage_3" / "report.md")
    assert ("- Running costs of the new cameras: 3,000 SEK a year, 4,000 SEK up to the end of "
            "year 3 (in the amount spent: stage 1's cameras for 3 years, stage 2's for 1 year, "
            "stage 3's for 0 years)") in report
    assert ("- Running costs from year 4 of the rollout: 3,000 SEK a year for the new cameras "
            "(a stage's bought after year 4: from its own year), outside this budget") in report


@pytest.mark.parametrize(("extra", "words"), [
    (["--stage-years", "0"], "--stage-years 0: give the years between the stages, a number "
                             "above 0 (1: one stage a year of the grant)"),
    (["--stage-years", "-1"], "--stage-years -1: give the years between the stages"),
    (["--stage-years", "1", "--order", "backward"],
     "--stage-years plans forward only: what a camera costs depends on the stage that buys it, "
     "which a backward rollout knows only after planning the last stage; use --order forward "
     "or leave out --stage-years"),
])
def test_bad_stage_years_exit_2_in_one_line(tmp_path, capsys, extra, words):
    town = write_town(tmp_path / "town")
    out = tmp_path / "out"
    assert main(["rollout", str(town), "--stages", STAGES, *extra, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and not out.exists()


def test_stage_years_may_be_written_with_a_decimal_comma(tmp_path, capsys):
    # ("1,5", as the amounts of --stages may be written, had been "invalid float value")
    out = _rollout(tmp_path, "--stage-years", "1,5")
    s = json.loads((out / "stage_2" / "summary.json").read_text(encoding="utf-8"))
    assert s["rollout"]["stage_years"] == 1.5 and s["rollout"]["running_years"] == [3, 1.5]
    town = tmp_path / "town" / "scenario.toml"
    with pytest.raises(SystemExit) as exited:
        main(["rollout", str(town), "--stages", STAGES, "--stage-years", "ett",
              "--out", str(tmp_path / "bad")])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert ("argument --stage-years: 'ett': give the years between the stages as a number, e.g. "
            "1 or 1,5") in err


def test_stage_years_are_checked_before_the_preparation(tmp_path):
    scenario = load_scenario(write_town(tmp_path / "town"))
    for bad in (0.0, -2.0, float("nan"), float("inf")):
        with pytest.raises(InputError, match=r"^--stage-years"):
            run_rollout(scenario, [28_000.0, 27_000.0], stage_years=bad,
                        prepared=object())  # type: ignore[arg-type]


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ["Year by year within the budget: each stage's investment in its year and the running "
            "costs of every camera bought by then.", "",
            "| year | investment (SEK) | running costs (SEK) | in all (SEK) |",
            "|---:|---:|---:|---:|",
            "| 1 | 25,000 | 1,000 | 26,000 |", "| 2 | 25,000 | 2,000 | 27,000 |",
            "| 3 | 25,000 | 3,000 | 28,000 |", "| in all | 75,000 | 6,000 | 81,000 |"]),
    ("sv", ["År för år inom budgeten: varje etapps investering under dess år och "
            "driftkostnaderna för alla kameror som köpts till och med det året.", "",
            "| år | investering (kr) | driftkostnader (kr) | totalt (kr) |", "|---:|---:|---:|---:|",
            "| 1 | 25\u202f000 | 1\u202f000 | 26\u202f000 |",
            "| 2 | 25\u202f000 | 2\u202f000 | 27\u202f000 |",
            "| 3 | 25\u202f000 | 3\u202f000 | 28\u202f000 |",
            "| totalt | 75\u202f000 | 6\u202f000 | 81\u202f000 |"]),
])
def test_the_rollout_report_gives_the_budget_year_by_year(rolled, language, lines):
    # a camera a year at 25,000 SEK and 1,000 SEK a year to run: year t pays its camera and the
    # running costs of the t cameras up by then; the sum is what the stages spent (81,000). (A
    # grant application's budget table had to be worked out by hand from stages.csv.)
    out = rolled("--stage-years", "1", "--set", f'language="{language}"')
    report = _lines(out / "report.md")
    at = report.index(lines[0])
    assert report[at:at + len(lines)] == lines
    assert pd.read_csv(out / "stages.csv")["spent_sek"].iloc[-1] == 81_000
    # not where the stages do not fall on whole years within the horizon
    half = rolled("--stage-years", "1.5")
    assert not any(x.startswith("Year by year") for x in _lines(half / "report.md"))
