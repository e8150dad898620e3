"""The surveillance record: how the cameras are run, in register.csv, plan.xlsx and report.md.

Since 1 April 2025 a municipality documents its own interest balancing and keeps a register of
its camera surveillance instead of applying for a permit; the scenario's ``[surveillance]`` says
how the cameras are run and the outputs carry it, listing what is still to settle.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner.cli import main
from planner.errors import InputError
from planner.scenario import SURVEILLANCE_ITEMS, SurveillanceConfig, load_scenario
from tests.conftest import sites_with_old_camera, write_town

RUNNING = """
[surveillance]
operator = "Tiny kommun, kommunstyrelsen"
purpose = "Preventing vandalism and violence"
hours = "Fri-Sat 22:00-06:00"
storage_days = 7
live_viewing = false
sound = false
"""


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The tiny town with an existing camera (site 'old') and half of [surveillance] settled."""
    root = tmp_path_factory.mktemp("record")
    sites = sites_with_old_camera()
    scenario = write_town(root / "town", sites=sites, extra=RUNNING)
    out = root / "out"
    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    return out


def test_register_rows_say_how_each_new_camera_is_run(planned):
    register = pd.read_csv(planned / "register.csv", keep_default_na=False).set_index("site_id")
    new, old = register.loc["lamp-1"], register.loc["old"]
    assert new["status"] == "new" and old["status"] == "existing"
    assert new["operator"] == "Tiny kommun, kommunstyrelsen"
    assert new["hours"] == "Fri-Sat 22:00-06:00"
    assert float(new["storage_days"]) == 7.0
    assert (new["live_viewing"], new["sound"]) == ("False", "False")
    assert new["privacy_masking"] == ""  # not settled: blank, not a guess
    # the purpose is the scenario's, followed by the areas the camera looks into
    assert new["purpose"] == "Preventing vandalism and violence of East side"
    # an existing camera is run as its own record says: the plan states nothing for it
    assert old["purpose"].startswith("Existing camera, kept as it is")
    assert [old[k] for k in ("operator", "hours", "storage_days", "sound")] == ["", "", "", ""]


def test_report_lists_the_settled_items_and_what_is_still_to_settle(planned):
    report = (planned / "report.md").read_text(encoding="utf-8")
    section = report.split("## Surveillance record", 1)[1]
    assert "needs no permit" in section and "prop. 2024/25:93" in section
    assert "- Operator (controller): Tiny kommun, kommunstyrelsen" in section
    assert "- Hours: Fri-Sat 22:00-06:00" in section
    assert "- Recordings kept: 7 days" in section
    assert "- Watched live: no" in section and "- Sound recorded: no" in section
    still = section.split("Still to settle", 1)[1].split("\n\n", 2)[1]
    keys = [line.split("`surveillance.", 1)[1].split("`", 1)[0] for line in still.splitlines()]
    assert keys == ["contact", "privacy_masking", "signage", "alternatives", "incidents"]
    # the register's table is in the report, one row per camera
    assert section.count("| C00") == 2


def test_workbook_summary_has_every_surveillance_item(planned):
    sheet = load_workbook(planned / "plan.xlsx")["Summary"]
    items = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert items["surveillance.operator"] == "Tiny kommun, kommunstyrelsen"
    assert items["surveillance.storage_days"] == 7
    assert items["surveillance.sound"] is False
    assert items["surveillance.signage"] == "(to settle)"
    assert [k for k in items if k.startswith("surveillance.")] == [
        f"surveillance.{k}" for k in SURVEILLANCE_ITEMS
    ]
    summary = json.loads((planned / "summary.json").read_text())
    assert summary["surveillance"]["hours"] == "Fri-Sat 22:00-06:00"
    assert summary["settings"]["surveillance"]["storage_days"] == 7


def test_a_scenario_without_the_section_has_everything_but_the_purpose_to_settle():
    assert SurveillanceConfig().open_items() == [k for k in SURVEILLANCE_ITEMS if k != "purpose"]
    settled = SurveillanceConfig(operator="X", storage_days=0, sound=False)
    assert "storage_days" not in settled.open_items() and "sound" not in settled.open_items()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("storage_days = -1", r"surveillance\.storage_days.*greater than or equal to 0"),
        ("hour = \"all\"", r"surveillance\.hour\b.*did you mean 'hours'"),
        ("sound = \"maybe\"", r"surveillance\.sound"),
        ("operator = \"\"", r"surveillance\.operator"),
    ],
)
def test_bad_surveillance_keys_are_named(tmp_path, line, expected):
    scenario = write_town(tmp_path / "t", extra=f"[surveillance]\n{line}\n")
    with pytest.raises(InputError, match=expected) as err:
        load_scenario(scenario)
    assert "\n" not in str(err.value) and "scenario.toml" in str(err.value)


def test_set_overrides_a_surveillance_key(tmp_path):
    scenario = load_scenario(write_town(tmp_path / "t", extra=RUNNING))
    changed = scenario.with_overrides({"surveillance.hours": "all hours"})
    assert changed.surveillance.hours == "all hours"
    assert changed.surveillance.operator == scenario.surveillance.operator
