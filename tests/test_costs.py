"""What the plan's money pays for: investment and running costs, the budget's terms, its check.

The tiny town's dome costs 10,000 SEK, its installation 5,000 and 1,000 SEK a year; lamp-1's
mounting costs 10,000: a new camera there is 25,000 SEK of investment and 1,000 SEK a year,
30,000 SEK against a budget that counts 5 years of running costs. The existing dome at 'old'
runs at 1,000 SEK a year, paid by its owner.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from openpyxl import load_workbook
from shapely.geometry import Point

from planner._map_panels import summary_html
from planner._map_popups import camera_popup
from planner.cli import main
from planner.errors import InputError
from planner.plan import plan, prepare, solve_prepared
from planner.scenario import load_scenario
from tests.conftest import CRS, X0, Y0, sites_with_old_camera, write_town


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    return write_town(tmp_path_factory.mktemp("costs") / "town", budget=30_000.0,
                      sites=sites_with_old_camera())


def planned(scenario: Path, out: Path, *settings: str) -> Path:
    args = [a for s in settings for a in ("--set", s)]
    assert main(["-q", "plan", str(scenario), *args, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def outs(town, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("costs-out")
    return {language: planned(town, root / language, f"language={language}")
            for language in ("en", "sv")}


def test_summary_splits_investment_and_running_costs(outs) -> None:
    s = json.loads((outs["en"] / "summary.json").read_text(encoding="utf-8"))
    assert (s["n_cameras_new"], s["n_cameras_existing"]) == (1, 1)
    assert (s["spent_sek"], s["investment_sek"], s["yearly_sek"], s["yearly_over_horizon_sek"],
            s["existing_yearly_sek"]) == (30_000.0, 25_000.0, 1_000.0, 5_000.0, 1_000.0)
    # the parts add up to what the plan spends: investment + 5 years of running costs
    assert s["investment_sek"] + s["yearly_over_horizon_sek"] == s["spent_sek"]
    cams = gpd.read_file(outs["en"] / "cameras.geojson").sort_values("site_id")
    assert cams[["site_id", "investment_sek", "yearly_sek", "cost_sek"]].values.tolist() == [
        ["lamp-1", 25_000.0, 1_000.0, 30_000.0], ["old", 0.0, 1_000.0, 0.0]]


def test_report_gives_investment_and_running_costs(outs) -> None:
    en = (outs["en"] / "report.md").read_text(encoding="utf-8").splitlines()
    start = en.index("- Budget: 30,000 SEK (yearly costs over 5 years included)")
    assert en[start:start + 6] == [
        "- Budget: 30,000 SEK (yearly costs over 5 years included)",
        "- Spent: 30,000 SEK; remaining 0 SEK",
        "- Investment (purchase, installation, mounting): 25,000 SEK",
        "- Running costs of the new cameras: 1,000 SEK a year, 5,000 SEK over 5 years (in the "
        "amount spent)",
        # (what goes on after the grant's years: a controller's question)
        "- Running costs from year 6: 1,000 SEK a year for the new cameras, outside this budget",
        # (three of Katrineholm's six are the police's: not the municipality's other budgets)
        "- Running costs of the existing cameras: 1,000 SEK a year (paid by their owners, not "
        "this budget)",
    ]
    sv = (outs["sv"] / "report.md").read_text(encoding="utf-8").splitlines()
    start = sv.index("- Budget: 30\u202f000 kr (årliga kostnader under 5 år inräknade)")
    assert sv[start + 2:start + 6] == [
        "- Investering (inköp, installation, montering): 25\u202f000 kr",
        "- Driftkostnader för de nya kamerorna: 1\u202f000 kr per år, 5\u202f000 kr under 5 år "
        "(ingår i det använda beloppet)",
        "- Driftkostnader från år 6: 1\u202f000 kr per år för de nya kamerorna, utanför denna "
        "budget",
        "- Driftkostnader för de befintliga kamerorna: 1\u202f000 kr per år (betalas av "
        "kamerornas ägare, ingår inte här)",
    ]
    # the camera table: each camera's investment and yearly cost beside its cost
    head = en.index("## Cameras")
    table = [line for line in en[head:] if line.startswith("| ")]
    assert table[0].startswith("| camera | site_id | model | orientation_true_deg | "
                               "investment_sek | yearly_sek | cost_sek | existing |")
    assert table[1].startswith("| C001 | lamp-1 | dome | 91.0° (E) | 25,000 | 1,000 | 30,000 | "
                               "False |")
    assert table[2].startswith("| C002 | old | dome | ")
    assert "| 0 | 1,000 | 0 | True |" in table[2]
    # the marginal value with one decimal, as the popup and plan.xlsx ("39" beside "39,01")
    # (cameras.geojson: 162.162... and 41.880...)
    assert table[1].endswith("| 81 | 162.2 |") and table[2].endswith("| 42 | 41.9 |")
    sv = (outs["sv"] / "report.md").read_text(encoding="utf-8")
    assert "| 81 | 162,2 |" in sv


@pytest.mark.parametrize(("settings", "en", "sv", "running"), [
    # (report.md had said "over 0 years (yearly costs included)" where the map said "purchase
    # and installation", and "over 5 years (purchase and installation only)" for the other)
    (["budget.horizon_years=0"], "- Budget: 30,000 SEK (purchase and installation only)",
     "- Budget: 30\u202f000 kr (endast inköp och installation)",
     "- Running costs of the new cameras: 1,000 SEK a year"),
    (["budget.include_yearly_costs=false"],
     "- Budget: 30,000 SEK (purchase and installation only)",
     "- Budget: 30\u202f000 kr (endast inköp och installation)",
     "- Running costs of the new cameras: 1,000 SEK a year, 5,000 SEK over 5 years (not counted "
     "against the budget)"),
])
def test_report_and_map_say_the_budget_terms_alike(town, tmp_path, settings, en, sv,
                                                   running) -> None:
    out = planned(town, tmp_path / "en", *settings)
    lines = (out / "report.md").read_text(encoding="utf-8").splitlines()
    assert en in lines and running in lines
    # (not counted, they are outside the budget from year 1: no "from year 6" line)
    assert not any("from year" in line for line in lines)
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["spent_sek"], s["investment_sek"]) == (25_000.0, 25_000.0)
    terms = en.split(" SEK ", 1)[1]
    assert f"<th>Budget</th><td>30,000\u00a0SEK {terms}</td>" in summary_html(s, "p")
    out = planned(town, tmp_path / "sv", *settings, "language=sv")
    assert sv in (out / "report.md").read_text(encoding="utf-8").splitlines()
    terms = sv.split(" kr ", 1)[1]
    assert (f"<th>Budget</th><td>30\u202f000\u00a0kr {terms}</td>"
            in summary_html(s, "p", language="sv"))


def test_map_panel_and_popup_give_the_costs(outs) -> None:
    s = json.loads((outs["en"] / "summary.json").read_text(encoding="utf-8"))
    panel = summary_html(s, "p")
    assert ("<tr><th>Investment (purchase, installation, mounting)</th><td>25,000\u00a0SEK</td>"
            "</tr><tr><th>Running costs of the new cameras</th><td>1,000\u00a0SEK a year, "
            "5,000\u00a0SEK over 5 years (in the amount spent)</td></tr>"
            "<tr><th>Running costs from year 6</th><td>1,000\u00a0SEK a year for the new "
            "cameras, outside this budget</td></tr>"
            "<tr><th>Running costs of the existing cameras</th><td>1,000\u00a0SEK a year (paid "
            "by their owners, not this budget)</td></tr>") in panel
    assert ("<th>Investering (inköp, installation, montering)</th><td>25\u202f000\u00a0kr</td>"
            in summary_html(s, "p", language="sv"))
    camera = {"existing": False, "cost_sek": 30_000.0, "investment_sek": 25_000.0,
              "yearly_sek": 1_000.0}
    assert ("<th>Cost</th><td>30,000\u00a0SEK (investment 25,000\u00a0SEK; 1,000\u00a0SEK a "
            "year)</td>") in camera_popup(camera)
    assert ("<td>30\u202f000\u00a0kr (investering 25\u202f000\u00a0kr; 1\u202f000\u00a0kr per "
            "år)</td>") in camera_popup(camera, language="sv")


def test_workbook_has_the_costs(outs) -> None:
    book = load_workbook(outs["en"] / "plan.xlsx")
    items = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert [items[k] for k in ("investment_sek", "yearly_sek", "yearly_over_horizon_sek",
                               "existing_yearly_sek")] == [25_000, 1_000, 5_000, 1_000]
    rows = list(book["Cameras"].iter_rows(values_only=True))
    at = rows[0].index("hfov_deg") + 1  # (after the camera's model, direction and view)
    assert rows[0][at:at + 3] == ("investment_sek", "yearly_sek", "cost_sek")
    assert [r[at:at + 3] for r in rows[1:]] == [(25_000, 1_000, 30_000), (0, 1_000, 0)]
    assert book["Cameras"].cell(2, at + 1).number_format == "#,##0"
    sv = load_workbook(outs["sv"] / "plan.xlsx")
    head = next(sv["Kameror"].iter_rows(values_only=True))
    at = head.index("Bildvinkel (°)") + 1
    assert head[at:at + 3] == ("Investering (kr)", "Driftkostnader per år (kr)", "Kostnad (kr)")
    names = [row[0] for row in sv["Sammanfattning"].iter_rows(min_row=2, values_only=True)]
    assert {"Investering (kr)", "Driftkostnader för nya kameror per år (kr)",
            "Driftkostnader för nya kameror under tidshorisonten (kr)",
            "Driftkostnader för befintliga kameror per år (kr)"} <= set(names)


@pytest.mark.parametrize(("budget", "said"), [
    # (40999.6 had read "41,000 is below the cheapest camera option (41,000 SEK)", 0.5 as 0)
    ("29999.6", "budget.total_sek=29,999.6 is below the cheapest camera option (30,000 SEK)"),
    ("0.5", "budget.total_sek=0.5 is below the cheapest camera option (30,000 SEK)"),
    ("29999", "budget.total_sek=29,999 is below the cheapest camera option (30,000 SEK)"),
])
def test_the_budget_message_shows_the_budget_as_given(tiny_town, tmp_path, capsys, budget,
                                                     said) -> None:
    code = main(["-q", "plan", str(tiny_town), "--set", f"budget.total_sek={budget}",
                 "--out", str(tmp_path / "o")])
    assert code == 2
    assert said + "; raise the budget" in capsys.readouterr().err


def _cheap_mount_excluded(folder: Path) -> Path:
    """A town whose cheapest mount, 'cheap', is excluded; 'near' costs 30,000 SEK a camera."""
    sites = gpd.GeoDataFrame(
        {"site_id": ["near", "cheap"], "mount_type": ["lamp_post"] * 2,
         "install_cost_sek": [10_000.0, 0.0], "max_cameras": [1, 1]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 1, Y0 + 5)], crs=CRS)
    return write_town(folder, budget=20_000.0, sites=sites,
                      extra='[constraints]\nexclude_sites = ["cheap"]\n')


def test_a_budget_that_buys_only_excluded_cameras_is_refused(tmp_path) -> None:
    # 'cheap' (no mounting cost: 20,000 SEK a camera) is excluded, 'near' costs 30,000: a
    # budget of 20,000 had passed the check and bought nothing
    path = _cheap_mount_excluded(tmp_path / "t")
    scenario = load_scenario(path)
    with pytest.raises(InputError) as info:
        plan(scenario)
    assert str(info.value) == (
        f"{scenario.source}: key budget.total_sek=20,000 buys no camera: the cheapest camera "
        "option that sees demand and the scenario's rules allow costs 30,000 SEK (the cheaper "
        "ones see no demand or are excluded by constraints.exclude_sites); raise the budget")
    # a sweep's budget (or a rollout's stage) may buy nothing: its plan says why
    empty = solve_prepared(prepare(scenario))
    assert empty.summary["n_cameras_new"] == 0
    assert empty.summary["notes"][0] == (
        "no camera was bought: every allowed camera option that sees demand costs more than the "
        "budget leaves; raise budget.total_sek")
    # at the cheapest allowed camera's cost, the plan buys it
    bought = plan(scenario.with_overrides({"budget.total_sek": 30_000.0}))
    assert bought.cameras["site_id"].tolist() == ["near"]


def test_compare_refuses_the_budget_plan_refuses(tmp_path, capsys) -> None:
    # plan refused a budget that buys only excluded cameras; compare had planned it, buying none
    path = _cheap_mount_excluded(tmp_path / "t")
    code = main(["-q", "compare", str(path), str(path), "--set-a", "budget.total_sek=30000",
                 "--out", str(tmp_path / "cmp")])
    assert (code, capsys.readouterr().err) == (2, (
        f"planner: error: plan B ({path}): key budget.total_sek=20,000 buys no camera: the "
        "cheapest camera option that sees demand and the scenario's rules allow costs 30,000 SEK "
        "(the cheaper ones see no demand or are excluded by constraints.exclude_sites); raise "
        "the budget\n"))
    assert not (tmp_path / "cmp").exists()


PINHOLE = """
[[camera]]
id = "pinhole"
name = "Test pinhole 20 px, 90 degrees"
h_px = 20
v_px = 20
hfov_deg = 90.0
ir_range_m = 2.0
price_sek = 1000.0
install_sek = 0.0
yearly_sek = 0.0
panoramic = false
"""


def test_a_budget_that_buys_a_required_mounts_camera_is_planned(tmp_path, capsys) -> None:
    # 'near' is required; its pinhole (11,000 SEK with the mounting) detects to 0.4 m and sees no
    # demand, its dome (30,000) does: a budget of 11,000 had been refused as buying no camera,
    # yet the plan buys the pinhole the requirement asks for
    # ('far', by the west area, has the cheapest camera: 1,000 SEK)
    sites = gpd.GeoDataFrame(
        {"site_id": ["near", "far"], "mount_type": ["lamp_post"] * 2,
         "install_cost_sek": [10_000.0, 0.0], "max_cameras": [1, 1]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0)], crs=CRS)
    path = write_town(tmp_path / "t", budget=11_000.0, sites=sites,
                      extra='[constraints]\nrequire_sites = ["near"]\n')
    cameras = tmp_path / "t" / "cameras.toml"
    cameras.write_text(cameras.read_text(encoding="utf-8") + PINHOLE, encoding="utf-8")
    scenario = load_scenario(path)
    bought = plan(scenario)
    assert (bought.cameras["site_id"].tolist(), bought.cameras["model"].tolist(),
            bought.summary["spent_sek"]) == (["near"], ["pinhole"], 11_000.0)
    # below it, the requirement is what cannot be met, in its own words, with the cheapest
    # camera's model and cost (it had said "costs more than 10,999 SEK", no amount)
    assert main(["-q", "plan", str(path), "--set", "budget.total_sek=10999", "--out",
                 str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"planner: infeasible: {path}: key constraints.require_sites: the cheapest camera on "
        "the required site 'near' (model pinhole) costs 11,000 SEK with 5 years' running costs, "
        "more than 10,999 SEK; raise budget.total_sek or require fewer sites\n")


@pytest.mark.parametrize(("vat", "en", "sv"), [
    ("false", "- Budget: 30,000 SEK (excl. VAT; yearly costs over 5 years included)",
     "- Budget: 30\u202f000 kr (exkl. moms; årliga kostnader under 5 år inräknade)"),
    ("true", "- Budget: 30,000 SEK (incl. VAT; yearly costs over 5 years included)",
     "- Budget: 30\u202f000 kr (inkl. moms; årliga kostnader under 5 år inräknade)"),
])
def test_the_budget_says_whether_its_amounts_include_vat(town, tmp_path, vat, en, sv) -> None:
    # (a controller asked; the catalogue's prices exclude VAT, no output had said so)
    out = planned(town, tmp_path / "en", f"budget.prices_include_vat={vat}")
    assert en in (out / "report.md").read_text(encoding="utf-8").splitlines()
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["prices_include_vat"] is (vat == "true")
    assert f"<th>Budget</th><td>30,000\u00a0SEK {en.split(' SEK ', 1)[1]}</td>" in \
        summary_html(s, "p")
    out = planned(town, tmp_path / "sv", f"budget.prices_include_vat={vat}", "language=sv")
    assert sv in (out / "report.md").read_text(encoding="utf-8").splitlines()
    book = load_workbook(out / "plan.xlsx")
    items = {r[0]: r[1] for r in book["Sammanfattning"].iter_rows(min_row=2, values_only=True)}
    assert items["Belopp inklusive moms"] == ("ja" if vat == "true" else "nej")


def test_a_scenario_silent_on_vat_says_nothing_of_it(outs) -> None:
    s = json.loads((outs["en"] / "summary.json").read_text(encoding="utf-8"))
    assert "prices_include_vat" not in s
    assert "VAT" not in (outs["en"] / "report.md").read_text(encoding="utf-8")
