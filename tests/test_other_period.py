"""A plan's coverage at the time it was not made for, and the tables that give day and night.

The town of tests/test_day_night.py: the one camera 30,000 SEK buy is the dome on lamp-1
facing east. Its DORI ranges by day are 38.4 m (detect), 15.36 m (observe), 7.68 m and 3.84 m;
its IR range, 20 m, caps only the detect range.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from planner import load_scenario
from planner.cli import main
from planner.plan import evaluate, prepare, solve_prepared
from tests.conftest import write_town

POINT = 1200 / 111
DAY, NIGHT = 15.0, 6.5  # (the camera's graded worth of the east area's points, as there)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_town(tmp_path_factory.mktemp("town"))


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """The folder of ``planner -q ARGS --out FOLDER``, run once per module for each ``ARGS``.

    For tests that only read what it wrote: the day rollout and sweep several tests set beside
    their own, the night rollout two tests read.
    """
    made: dict[tuple[str, ...], Path] = {}

    def run(*args: str) -> Path:
        if args not in made:
            out = tmp_path_factory.mktemp(args[0]) / "out"
            assert main(["-q", *args, "--out", str(out)]) == 0
            made[args] = out
        return made[args]

    return run


@pytest.mark.parametrize("night", [False, True])
def test_the_other_period_counts_only_the_levels_the_plan_counts(town: Path,
                                                                 night: bool) -> None:
    # coverage.min_level = "observe": only observe or better counts, and every such range
    # (15.36 m and less) is within the IR range (20 m), so by day and at night the camera covers
    # the same; the period the plan was not made for had counted detect too (the day plan's
    # 3.5 % was 4.4 % at night, the night plan's 3.5 % was 10.1 % by day)
    overrides = {"coverage.min_level": "observe", "coverage.night": night}
    plan = solve_prepared(prepare(load_scenario(town, overrides=overrides)))
    s = plan.summary
    other = "day" if night else "night"
    assert s[f"covered_share_{other}"] == pytest.approx(s["covered_share"], rel=1e-12)
    assert s[f"covered_population_{other}"] == pytest.approx(s["covered_population"], rel=1e-12)
    assert s["covered_share"] == pytest.approx(0.0354729729729730, rel=1e-12)
    # as the cameras scored under the other period's own preparation
    scored = evaluate(prepare(load_scenario(town, overrides={**overrides,
                                                              "coverage.night": not night})),
                      plan).summary
    assert s[f"covered_share_{other}"] == pytest.approx(scored["covered_share"], rel=1e-12)
    assert s[f"covered_population_{other}"] == pytest.approx(scored["covered_population"],
                                                            rel=1e-12)


def test_a_night_plans_rollout_gives_no_weighted_note_nor_empty_night(
        town: Path, tmp_path: Path, capsys) -> None:
    # a night plan's stages are at night: its summary's figures by day are its cameras as they
    # stand, which had made stages.csv's columns by day and at night (the night ones empty) and
    # report.md's "weighted by day and at night (100 % by day, 0 % at night)" with "nan %"
    out = tmp_path / "night"
    assert main(["rollout", str(town), "--set", "coverage.night=true", "--stages",
                 "30000,30000", "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    stages = pd.read_csv(out / "stages.csv")
    # (its cameras by day beside, as the plan's summary gives them; no empty night columns)
    assert stages.columns[-2:].tolist() == ["covered_share_day", "covered_population_day"]
    assert "covered_share_night" not in stages
    assert stages["covered_share"][0] == pytest.approx(NIGHT * POINT / 1600, abs=1e-6)
    assert stages["covered_share_day"][0] == pytest.approx(DAY * POINT / 1600, abs=1e-6)
    assert stages["covered_population_day"][0] == pytest.approx(600 * DAY / 111, abs=1e-5)
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "weighted by day and at night" not in text
    assert ("| stage | the same cameras by day: covered share | covered population (graded) |"
            "\n|---:|---:|---:|\n| 1 | 10.1 % | 81 |\n") in text
    assert "nan" not in text and "nan" not in printed
    # the evening plan's rollout keeps them (tests/test_day_night.py has its table)
    assert main(["-q", "rollout", str(town), "--set", "coverage.night_share=0.3", "--stages",
                 "30000,30000", "--workers", "1", "--out", str(tmp_path / "mixed")]) == 0
    mixed = pd.read_csv(tmp_path / "mixed" / "stages.csv")
    assert mixed.columns[-4:].tolist() == ["covered_share_day", "covered_share_night",
                                           "covered_population_day", "covered_population_night"]


@pytest.mark.parametrize(("sets", "header", "population", "share"), [
    # (each with the other period's share of the same cameras: a day sweep's at night)
    ([], "| budget (SEK) | spent (SEK) | new cameras | covered population (graded) | covered "
         "share | the same cameras at night: covered share | covered population at night "
         "(graded) | status | gap |",
     "Covered population (graded by DORI level)", "Covered share of weighted demand (%)"),
    (["coverage.night=true"],
     "| budget (SEK) | spent (SEK) | new cameras | covered population at night (graded) | "
     "covered share at night (IR range) | the same cameras by day: covered share | covered "
     "population by day (graded) | status | gap |",
     # (the axes' labels wrapped to their height; the share's says no time, its lines do)
     "Covered population (graded by DORI level) at\nnight (IR range)",
     "Covered share of weighted demand (%)"),
    (["coverage.night=true", "language=sv"],
     "| budget (kr) | använt (kr) | nya kameror | täckt befolkning nattetid (graderad) | "
     "täckt andel nattetid (IR-räckvidd) | samma kameror dagtid: täckt andel | täckt "
     "befolkning dagtid (graderad) | status | optimalitetsgap |",
     "Täckt befolkning (graderad efter DORI-nivå)\nnattetid (IR-räckvidd)",
     "Täckt andel av det viktade behovet (%)"),
    (["coverage.night_share=0.3"], None,
     "Covered population (graded by DORI level), by\nday and at night weighted",
     "Covered share of weighted demand (%)")],
    ids=["day", "night", "night-sv", "mixed"])
def test_a_sweeps_table_and_curve_say_when_its_coverage_holds(
        town: Path, tmp_path: Path, monkeypatch, sets: list[str], header: str | None,
        population: str, share: str) -> None:
    # a night plan's sweep had headed its 4.4 % "covered share" and drawn it under "Covered
    # share of weighted demand", the words of a day plan's 10.1 %; the evening plan's curve
    # had drawn its weighted share so, which its table calls weighted
    import matplotlib.figure

    drawn: list[tuple[str, str]] = []
    save = matplotlib.figure.Figure.savefig

    def savefig(fig: matplotlib.figure.Figure, *args, **kwargs) -> None:
        drawn.append((fig.axes[0].get_ylabel(), fig.axes[1].get_ylabel()))
        save(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", savefig)
    out = tmp_path / "sweep"
    assert main(["-q", "sweep", str(town), *(f"--set={s}" for s in sets), "--budgets",
                 "30000,31000", "--workers", "1", "--out", str(out)]) == 0
    assert drawn == [(population, share)]
    if header is not None:
        assert f"\n\n{header}\n" in (out / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("language", "said"), [
    ("en", "The coverage is at night (IR range, `coverage.night`): each stage's covered share "
           "and population below are its cameras' at night."),
    ("sv", "Täckningen gäller nattetid (IR-räckvidd, `coverage.night`): varje etapps täckta "
           "andel och befolkning nedan är dess kamerors nattetid.")])
def test_a_night_plans_rollout_says_its_coverage_is_at_night(
        town: Path, tmp_path: Path, ran, language: str, said: str) -> None:
    # its 4.4 % had stood under "covered share", the words of a day rollout's 10.1 %
    out = tmp_path / language
    assert main(["-q", "rollout", str(town), "--set", "coverage.night=true", "--set",
                 f"language={language}", "--stages", "30000,30000", "--workers", "1",
                 "--no-best", "--out", str(out)]) == 0
    lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
    assert lines[8:10] == [said, ""] and lines[10].startswith("| ")
    day = ran("rollout", str(town), "--stages", "30000,30000", "--workers", "1", "--no-best")
    text = (day / "report.md").read_text(encoding="utf-8")
    assert "The coverage is at night" not in text
    # (a day rollout gives its stages' cameras at night, as they stand, in a table of its own)
    assert ("Each stage's cameras at night (IR range), as they stand: the stages are planned for "
            "the day (`coverage.night = true` plans for the night, `coverage.night_share` for "
            "both):\n\n| stage | the same cameras at night: covered share | covered population "
            "(graded) |\n|---:|---:|---:|\n| 1 | 4.4 % | 35 |\n") in text


@pytest.mark.parametrize(("night", "language", "items"), [
    (False, "sv", [("Täckt andel nattetid (IR-räckvidd) (samma kameror, inte planerade för det)",
                    NIGHT * POINT / 1600, "0.0%"),
                   ("Täckt andel före, nattetid (samma kameror, inte planerade för det)", 0.0,
                    "0.0%"),
                   ("Täckt befolkning nattetid (graderad) (samma kameror, inte planerade för "
                    "det)", 600 * NIGHT / 111, "#,##0")]),
    (True, "en", [("covered_share_day (the same cameras, not planned for it)",
                   DAY * POINT / 1600, "0.0%"),
                  ("covered_share_before_day (the same cameras, not planned for it)", 0.0,
                   "0.0%"),
                  ("covered_population_day (the same cameras, not planned for it)",
                   600 * DAY / 111, "#,##0")])], ids=["day-sv", "night-en"])
def test_plan_xlsx_names_the_other_period_as_the_report_and_the_panel_do(
        town: Path, tmp_path: Path, night: bool, language: str,
        items: list[tuple[str, float, str]]) -> None:
    # report.md and the map panel say a day plan's figures at night are its cameras "not
    # planned for it"; plan.xlsx had named them as a plan of day and night names its own
    import openpyxl

    from planner.report import write_plan

    plan = solve_prepared(prepare(load_scenario(town, overrides={
        "coverage.night": night, "language": language})))
    write_plan(plan, tmp_path / "plan")
    sheet = openpyxl.load_workbook(tmp_path / "plan" / "plan.xlsx").worksheets[0]
    rows = [(r[0].value, r[1].value, r[1].number_format) for r in sheet.iter_rows(min_row=2)]
    other = [row for row in rows if "planerade" in str(row[0]) or "planned" in str(row[0])]
    assert other == [(name, pytest.approx(value, rel=1e-12), shown)
                     for name, value, shown in items]


@pytest.mark.parametrize(("command", "sets", "said"), [
    ("sweep", ["coverage.night=true"], "The coverage below is at night (IR range); "
     "covered_share_day is the same cameras by day, as they stand."),
    ("rollout", ["coverage.night=true", "language=sv"],
     "Täckningen nedan gäller nattetid (IR-räckvidd); täckt andel dagtid är samma kameror "
     "dagtid, som de står."),
    ("sweep", ["coverage.night_share=0.3", "language=sv"],
     "Täckningen nedan är dag och natt viktad (70 % dagtid, 30 % nattetid), sedan dagtid och "
     "nattetid var för sig."),
    ("rollout", [], "covered_share_night is the same cameras at night (IR range), as they "
     "stand: the plans are made for the day.")],
    ids=["sweep-night", "rollout-night-sv", "sweep-mixed-sv", "day"])
def test_a_sweep_and_a_rollout_print_when_their_coverage_holds(
        town: Path, tmp_path: Path, capsys, command: str, sets: list[str],
        said: str) -> None:
    # `planner plan` prints a night plan's "covered 4.4 % at night"; a night sweep's and
    # rollout's tables had printed its 4.4 % under "covered share", as a day plan's 10.1 %
    money = ["--budgets", "30000,31000"] if command == "sweep" else ["--stages", "30000,30000"]
    assert main([command, str(town), *(f"--set={s}" for s in sets), *money, "--workers", "1",
                 "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    assert printed[0] == said
    assert printed[1].split()[0] in ("Budget", "budget_sek", "Etapp", "stage")


@pytest.mark.parametrize(("sets", "said"), [
    (["coverage.night_share=0.3", "language=sv"],
     "Den täckta befolkningen och andelarna nedan är viktade som planernas (70 % dagtid, 30 % "
     "nattetid, `coverage.night_share`); varje budgets dagtid och nattetid var för sig står i "
     "tabellen ovan."),
    (["coverage.night=true"],
     "The covered population and shares below are at night (IR range, `coverage.night`).")],
    ids=["mixed-sv", "night"])
def test_a_sweeps_steps_and_areas_say_when_their_figures_hold(
        town: Path, tmp_path: Path, ran, sets: list[str], said: str) -> None:
    # the plan's report says its areas' shares are weighted (4596725); the evening sweep's
    # "what the next million buys" and per-area shares had said nothing, its 67 gained being
    # weighted, and a night sweep's read as a day sweep's
    out = tmp_path / "sweep"
    assert main(["-q", "sweep", str(town), *(f"--set={s}" for s in sets), "--budgets",
                 "30000,60000", "--workers", "1", "--out", str(out)]) == 0
    text = (out / "report.md").read_text(encoding="utf-8").replace("\u202f", " ")
    heads = ("## What the next million buys", "## What each budget covers, per area") \
        if "language=sv" not in sets else ("## Vad nästa miljon ger",
                                           "## Vad varje budget täcker, per område")
    for head in heads:
        assert f"{head}\n\n{said}\n\n" in text
    day = ran("sweep", str(town), "--budgets", "30000,60000", "--workers", "1")
    assert "## What the next million buys\n\n| from (SEK)" in (day / "report.md").read_text(
        encoding="utf-8")


def test_compare_xlsx_says_the_areas_shares_hold_at_different_times(
        town: Path, tmp_path: Path) -> None:
    # report.md, the console and compare.html say above the areas that A's and B's shares are
    # two measures; compare.xlsx's areas sheet had given each area's change with no word
    import openpyxl

    out = tmp_path / "cmp"
    assert main(["-q", "compare", str(town), str(town), "--set", "language=sv", "--set-b",
                 "coverage.night=true", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out / "compare.xlsx")["Skillnad"]
    items = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)]
    assert items[-1] == (
        "Områdenas andelar",
        "A:s andelar gäller dagtid (räckvidder i dagsljus), B:s nattetid (IR-räckvidd): varje "
        "ändring är mellan två mått, inte bara mellan två kamerauppsättningar.")
    # two day plans: no such item
    assert main(["-q", "compare", str(town), str(town), "--set-b", "budget.total_sek=31000",
                 "--out", str(tmp_path / "day")]) == 0
    day = openpyxl.load_workbook(tmp_path / "day" / "compare.xlsx").worksheets[0]
    assert "areas_caveat" not in [r[0].value for r in day.iter_rows(min_row=2)]


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_a_sweeps_curve_gives_each_budgets_cameras_at_the_other_time(
        town: Path, tmp_path: Path, monkeypatch, night: bool) -> None:
    # a day sweep's night (and a night sweep's day) had been in no table: a memo setting the
    # evening plan's curve beside the day plan's had had each day budget's night from its own
    # folder's summary.json only; the one camera 30,000 SEK buy sees DAY by day, NIGHT at night
    import matplotlib.figure

    drawn: list[list[tuple[str, list[float]]]] = []
    save = matplotlib.figure.Figure.savefig
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda fig, *a, **k: (
        drawn.append([(line.get_label(), [round(float(v), 4) for v in line.get_ydata()])
                      for line in fig.axes[1].lines]
                     + [(ax.get_ylabel(), []) for ax in fig.axes]) or save(fig, *a, **k)))
    out = tmp_path / "sweep"
    assert main(["-q", "sweep", str(town), f"--set=coverage.night={str(night).lower()}",
                 "--budgets", "30000", "--workers", "1", "--out", str(out)]) == 0
    curve = pd.read_csv(out / "curve.csv")
    other, value = ("day", DAY) if night else ("night", NIGHT)
    assert curve.columns[-3:].tolist() == [f"covered_share_{other}",
                                           f"covered_population_{other}", "no_plan_reason"]
    assert curve[f"covered_share_{other}"][0] == pytest.approx(value * POINT / 1600, abs=1e-6)
    assert curve[f"covered_population_{other}"][0] == pytest.approx(600 * value / 111, abs=1e-5)
    # the plan's own summary.json says the same
    import json

    summary = json.loads((out / "budget_30000" / "summary.json").read_text(encoding="utf-8"))
    assert curve[f"covered_share_{other}"][0] == pytest.approx(
        summary[f"covered_share_{other}"], abs=1e-6)
    # (and the other period's covered population beside its share, as a rollout's table)
    row = ("| 30,000 | 30,000 | 1 | 35 | 4.4 % | 10.1 % | 81 | optimal | 0.00 % |" if night
           else "| 30,000 | 30,000 | 1 | 81 | 10.1 % | 4.4 % | 35 | optimal | 0.00 % |")
    assert row in (out / "report.md").read_text(encoding="utf-8").splitlines()
    # curve.png: the share, then the same cameras at the other time, on the share's axis (in %)
    own, other_share = round(100 * (NIGHT if night else DAY) * POINT / 1600, 4), round(
        100 * value * POINT / 1600, 4)
    # each line says when it holds, the share's axis not (a night sweep's had said "at night"
    # above the line by day), and the population's axis, which has the plan's own line only,
    # says it wrapped to the axis's height
    assert drawn == [[("covered share at night (IR range)" if night else "covered share", [own]),
                      (f"the same cameras {'by day' if night else 'at night'}", [other_share]),
                      ("Covered population (graded by DORI level) at\nnight (IR range)" if night
                       else "Covered population (graded by DORI level)", []),
                      ("Covered share of weighted demand (%)", [])]]


def test_a_long_axis_label_is_wrapped_to_the_charts_height() -> None:
    from planner._chart import axis_label

    # the Swedish night sweep's label had run past the top of curve.png
    assert axis_label("Täckt befolkning (graderad efter DORI-nivå) nattetid (IR-räckvidd)") == (
        "Täckt befolkning (graderad efter DORI-nivå)\nnattetid (IR-räckvidd)")
    assert axis_label("Budget (MSEK)") == "Budget (MSEK)"


@pytest.mark.parametrize("command", ["sweep", "rollout"])
def test_a_night_sweeps_and_rollouts_workbook_does_not_call_its_share_weighted(
        town: Path, ran, command: str) -> None:
    # a night plan's sheet has its cameras by day beside (covered_share_day), not the columns
    # of coverage.night_share: its own 4.4 % at night had been headed "Täckt andel, dag och
    # natt viktade", the evening plan's words, where nothing is weighted
    money = ["--budgets", "30000,31000"] if command == "sweep" else ["--stages", "30000,30000"]
    out = ran(command, str(town), "--set", "coverage.night=true", "--set", "language=sv", *money,
              "--workers", "1")
    book = "curve.xlsx" if command == "sweep" else "rollout.xlsx"
    sheet = pd.read_excel(out / book, sheet_name=0)
    assert "Täckt andel, dag och natt viktade" not in sheet
    assert "Täckt befolkning, dag och natt viktade (graderad)" not in sheet
    # (its own share at night, its cameras by day beside: the one 30,000 SEK camera's 4.4 %
    # and 10.1 %, as the sheet's six digits hold them)
    assert sheet["Täckt andel"][0] == pytest.approx(NIGHT * POINT / 1600, abs=1e-6)
    assert sheet["Täckt andel dagtid (samma kameror, inte planerade för det)"][0] == \
        pytest.approx(DAY * POINT / 1600, abs=1e-6)


@pytest.mark.parametrize(("command", "night", "language", "heads"), [
    ("sweep", False, "sv", ["Täckt andel nattetid (samma kameror, inte planerade för det)",
                            "Täckt befolkning nattetid (graderad) (samma kameror, inte "
                            "planerade för det)"]),
    ("rollout", True, "sv", ["Täckt andel dagtid (samma kameror, inte planerade för det)",
                             "Täckt befolkning dagtid (graderad) (samma kameror, inte "
                             "planerade för det)"]),
    # (English: the CSVs' names, with the words plan.xlsx gives them)
    ("sweep", False, "en", ["covered_share_night (the same cameras, not planned for it)",
                            "covered_population_night (the same cameras, not planned for it)"])],
    ids=["sweep-day-sv", "rollout-night-sv", "sweep-day-en"])
def test_a_sweeps_and_rollouts_workbook_names_the_other_period_as_plan_xlsx(
        town: Path, ran, command: str, night: bool, language: str,
        heads: list[str]) -> None:
    # a day sweep's cameras at night are "not planned for it" in each plan's plan.xlsx and
    # "the same cameras at night" in report.md; curve.xlsx had headed them "Täckt andel
    # nattetid", as an evening sweep heads the night its plans count
    import openpyxl

    money = ["--budgets", "30000,31000"] if command == "sweep" else ["--stages", "30000,30000"]
    # (the night rollout's is the one the test above reads)
    out = ran(command, str(town), "--set", f"coverage.night={str(night).lower()}", "--set",
              f"language={language}", *money, "--workers", "1")
    book = openpyxl.load_workbook(out / ("curve.xlsx" if command == "sweep" else "rollout.xlsx"))
    sheet = book.worksheets[0]
    row = {c.value: c.column for c in sheet[1]}
    assert [h for h in row if "nattetid" in str(h) or "dagtid" in str(h)
            or "_night" in str(h) or "_day" in str(h)] == heads
    share, population = (sheet.cell(2, row[h]) for h in heads)
    # (the one 30,000 SEK camera: 4.4 % at night, 10.1 % by day; as a share, a whole number)
    assert share.value == pytest.approx((DAY if night else NIGHT) * POINT / 1600, abs=1e-6)
    assert (share.number_format, population.number_format) == ("0.0%", "#,##0")
