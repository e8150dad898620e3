"""The surveillance record: how the cameras are run, in register.csv, plan.xlsx and report.md.

Since 1 April 2025 a municipality documents its own interest balancing and keeps a register of
its camera surveillance instead of applying for a permit; the scenario's ``[surveillance]`` says
how the cameras are run and the outputs carry it, listing what is still to settle.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook
from shapely.geometry import Point

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
    assert new["storage_days"] == "7"  # (a whole number of days: it had said 7.0)
    assert (new["live_viewing"], new["sound"]) == ("False", "False")
    assert new["privacy_masking"] == ""  # not settled: blank, not a guess
    # the purpose is the scenario's, followed by the areas the camera looks into
    assert new["purpose"] == "Preventing vandalism and violence: East side"
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
    assert keys == ["contact", "legal_basis", "decision", "start_date", "live_viewing_where",
                    "privacy_masking", "signage", "alternatives", "incidents", "workplace"]
    # the register's table is in the report, one row per camera
    assert section.count("| C00") == 2


def test_workbook_summary_has_every_surveillance_item(planned):
    sheet = load_workbook(planned / "plan.xlsx")["Summary"]
    items = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert items["surveillance.operator"] == "Tiny kommun, kommunstyrelsen"
    # in words, as report.md has them (the sheet had said 7, without a unit, and FALSE)
    assert items["surveillance.storage_days"] == "7 days"
    assert items["surveillance.sound"] == "no"
    assert items["surveillance.signage"] == "(to settle)"
    assert [k for k in items if k.startswith("surveillance.")] == [
        f"surveillance.{k}" for k in SURVEILLANCE_ITEMS
    ]
    summary = json.loads((planned / "summary.json").read_text())
    assert summary["surveillance"]["hours"] == "Fri-Sat 22:00-06:00"
    assert summary["settings"]["surveillance"]["storage_days"] == 7


def test_a_scenario_without_the_section_has_everything_to_settle():
    # (no key has a default: a purpose the municipality never decided had been shown as its)
    assert SurveillanceConfig().open_items() == list(SURVEILLANCE_ITEMS)
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


# --------------------------------------------------------------------------- documented incidents
def write_incidents(folder, *, dates, times=None, keep=None, name="incidents.geojson"):
    """Four incidents: two in the view of lamp-1's camera (facing east), one behind it, one west.

    lamp-1 stands at (X0 - 1, Y0); its dome (90 degrees) faces east over the east area and
    detects to 38.4 m: (X0 + 10, Y0) and (X0 + 20, Y0 + 2) are in view, (X0 - 30, Y0) is behind
    the mount and (X0 - 270, Y0) lies in the west area, far from it.
    """
    from tests.conftest import CRS, X0, Y0

    columns = {"incident_id": ["i1", "i2", "i3", "i4"], "kind": ["assault", "vandalism", "",
                                                                  "robbery"], "date": dates}
    if times is not None:
        columns["time"] = times
    frame = gpd.GeoDataFrame(
        columns,
        geometry=[Point(X0 + 10, Y0), Point(X0 + 20, Y0 + 2), Point(X0 - 30, Y0),
                  Point(X0 - 270, Y0)],
        crs=CRS,
    )
    if keep is not None:
        frame = frame[frame["incident_id"].isin(keep)]
    frame.to_crs("EPSG:4326").to_file(folder / name, engine="pyogrio")
    return name


def plan_with_incidents(tmp_path, **kwargs):
    folder = tmp_path / "t"
    folder.mkdir()
    name = write_incidents(folder, **kwargs)
    scenario = write_town(folder)
    text = scenario.read_text().replace('cameras = "cameras.toml"',
                                        f'cameras = "cameras.toml"\nincidents = "{name}"')
    scenario.write_text(text)
    out = tmp_path / "out"
    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    return out


def test_register_counts_the_documented_incidents_in_each_view(tmp_path):
    out = plan_with_incidents(
        tmp_path, dates=["2024-03-01 22:15", "2024-03-02", "2024-05-01", "2024-01-15T03:00"],
        times=[None, "14:30", None, None])
    row = pd.read_csv(out / "register.csv").iloc[0]
    # (from true north: grid 90° near Katrineholm is 91°)
    assert row["site_id"] == "lamp-1" and row["orientation"] == "91.0° (E)"
    assert row["orientation_deg"] == 90.0
    assert (row["incidents_in_view"], row["incidents_in_view_18_06"]) == (2, 1)
    text = pd.read_csv(out / "register.csv", dtype=str).iloc[0]  # (register.csv as it was)
    assert (text["incidents_in_view"], text["incidents_in_view_18_06"]) == ("2", "1")
    # cameras.geojson: a count is an integer, as incidents_in_view (it had been 1.0)
    camera = json.loads((out / "cameras.geojson").read_text(encoding="utf-8"))["features"][0]
    assert camera["properties"]["incidents_in_view"] == 2
    assert camera["properties"]["incidents_in_view_18_06"] == 1
    assert isinstance(camera["properties"]["incidents_in_view_18_06"], int)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert ("Documented incidents (`data.incidents`): 4, dated 2024-01-15 to 2024-05-01; 3 with a "
            "time of day, 2 of them between 18:00 and 06:00. 2 lie in the view of the plan's new "
            "cameras (1 of them between 18:00 and 06:00).") in report
    assert "`surveillance.incidents`" in report  # still to settle, as plan.xlsx says
    assert "no documented incident in view" not in report
    assert "Documented incidents (4)" in (out / "map.html").read_text(encoding="utf-8")


def test_a_new_camera_without_incidents_in_view_is_named(tmp_path):
    # only the incidents behind the mount and in the west area: lamp-1's view has none
    out = plan_with_incidents(tmp_path, dates=["", "", "2024-05-01", "2024-01-15"],
                              keep=["i3", "i4"])
    row = pd.read_csv(out / "register.csv").iloc[0]
    assert row["incidents_in_view"] == 0 and pd.isna(row["incidents_in_view_18_06"])
    # no [surveillance]: the purpose is blank (to settle), not one the planner made up
    assert pd.isna(row["purpose"]) and row["areas_in_view"] == "East side"
    report = (out / "report.md").read_text(encoding="utf-8")
    # (it had said "New cameras with no documented incident in view (1 of 1): C001.")
    assert ("The new camera has no documented incident in view: C001. The weighing needs another "
            "documented ground for its place, or the plan without it.") in report


def test_incident_times_read_dates_times_and_datetimes():
    from planner.io import at_night, incident_times

    frame = gpd.GeoDataFrame(
        {"date": ["2024-03-01 22:15", "2024-03-02", None, "2024-01-15T03:00+01:00", ""],
         "time": [None, "07.05", "23:59", None, ""]},
        geometry=[Point(0, 0)] * 5, crs="EPSG:3006")
    times = incident_times(frame, where="x.geojson")
    assert times["day"].dt.strftime("%Y-%m-%d").fillna("-").tolist() == [
        "2024-03-01", "2024-03-02", "-", "2024-01-15", "-"]
    assert times["hour"].round(4).fillna(-1).tolist() == [22.25, 7.0833, 23.9833, 3.0, -1]
    assert at_night(times["hour"]).tolist() == [True, False, True, True, False]
    # a GeoPackage's DateTime field arrives as datetime64: the hour is the stamp's
    stamped = frame.assign(date=pd.to_datetime(["2024-03-01 22:15", None, None, None, None]),
                           time=None)
    hours = incident_times(stamped, where="x.gpkg")["hour"]
    assert hours.iloc[0] == 22.25 and hours.iloc[1:].isna().all()


@pytest.mark.parametrize(
    ("dates", "times", "expected"),
    [
        (["2024-03-01", "31/02/2024", "", ""], None,
         r"incidents\.geojson: column 'date' has 1 value that is not a date \(feature "
         r"i2 \('31/02/2024'\)\); write YYYY-MM-DD"),
        (["", "", "", ""], ["22:15", "25:00", "", "noon"],
         r"column 'time' has 2 values that are not times of day \(features i2 "
         r"\('25:00'\), i4 \('noon'\)\); write HH:MM"),
    ],
)
def test_bad_incident_dates_and_times_are_named(tmp_path, dates, times, expected):
    from planner.plan import load_inputs

    folder = tmp_path / "t"
    folder.mkdir()
    name = write_incidents(folder, dates=dates, times=times)
    scenario = write_town(folder)
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', f'cameras = "cameras.toml"\nincidents = "{name}"'))
    with pytest.raises(InputError, match=expected) as err:
        load_inputs(load_scenario(scenario))
    assert "\n" not in str(err.value)


def test_local_times_count_whatever_the_utc_offset_and_the_file_format(tmp_path):
    # a year of Swedish data mixes +01:00 and +02:00: GDAL had read such a column as UTC and
    # moved 18:30 evenings to 17:30 and 16:30; and "00:00" had counted as night in a GeoPackage
    # (text) but not in GeoJSON (a date-time field)
    from planner.io import INCIDENTS, read_layer

    def night_count(suffix, dates):
        folder = tmp_path / suffix.strip(".")
        folder.mkdir()
        name = write_incidents(folder, dates=dates, name=f"inc{suffix}")
        frame = read_layer(folder / name, INCIDENTS, crs="EPSG:3006")
        return incident_hours(frame)

    from planner.io import at_night, incident_times

    def incident_hours(frame):
        times = incident_times(frame, where="x")
        return times["hour"].round(2).fillna(-1).tolist(), int(at_night(times["hour"]).sum())

    mixed = ["2024-03-01T18:30:00+01:00", "2024-06-01T18:30:00+02:00",
             "2024-12-01T00:00:00+01:00", "2024-07-01T05:45:00Z"]
    for suffix in (".geojson", ".gpkg"):
        assert night_count(suffix, mixed) == ([18.5, 18.5, -1, 5.75], 3), suffix


def test_a_bad_date_is_named_by_its_feature_in_the_file(tmp_path):
    # (the layer is put in id order after reading: the message had named the sorted position;
    # then it named the position in the file, where other layers' messages name ids)
    from planner.plan import load_inputs
    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    scenario = write_town(folder)
    gpd.GeoDataFrame({"incident_id": ["z9", "a1", "m5"],
                      "date": ["31/02/2024", "2024-03-01", "2024-03-01"]},
                     geometry=[Point(X0 + 10, Y0)] * 3, crs=CRS).to_file(folder / "inc.gpkg")
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "inc.gpkg"'))
    with pytest.raises(InputError, match=r"inc\.gpkg: column 'date' has 1 value that is "
                                         r"not a date \(feature z9 \('31/02/2024'\)\)"):
        load_inputs(load_scenario(scenario))
    # without ids (the layer's own INCIDENT-N, in file order) the ids name the same feature
    gpd.read_file(folder / "inc.gpkg").drop(columns="incident_id").to_file(folder / "inc.gpkg")
    with pytest.raises(InputError, match=r"\(feature incidents-0 \('31/02/2024'\)\)"):
        load_inputs(load_scenario(scenario))


# ------------------------------------------------------------- cameras only where incidents are
def test_min_incidents_in_view_buys_cameras_only_where_incidents_are_documented(tmp_path):
    # one camera's budget: the east area weighs 1,200 against the west's 400, so lamp-1 faces
    # east; with the rule and the only incident in the west area (29 m west of lamp-2), the
    # camera goes to lamp-2, facing west
    from planner.plan import plan

    folder = tmp_path / "t"
    folder.mkdir()
    write_incidents(folder, dates=["", "", "", "2024-01-15"], keep=["i4"])
    scenario = write_town(folder)
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "incidents.geojson"'))
    free = plan(load_scenario(scenario))
    assert free.cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-1", 90.0]]
    ruled = plan(load_scenario(scenario, overrides={"constraints.min_incidents_in_view": 1}))
    assert ruled.cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-2", 270.0]]
    assert ruled.summary["status"] == "optimal"
    # two incidents asked for: no option qualifies, and the plan says why
    none = plan(load_scenario(scenario, overrides={"constraints.min_incidents_in_view": 2}))
    assert len(none.cameras) == 0
    assert "constraints.min_incidents_in_view = 2" in none.summary["notes"][0]


def test_min_incidents_in_view_needs_the_incidents_layer(tmp_path):
    scenario = write_town(tmp_path / "t", extra="[constraints]\nmin_incidents_in_view = 1\n")
    with pytest.raises(InputError, match=r"constraints\.min_incidents_in_view = 1 needs "
                                         r"documented incidents: give data\.incidents"):
        load_scenario(scenario)


def test_incidents_on_a_views_edge_count_in_the_register_as_in_the_rule(tmp_path):
    # the rule counted points on a view's straight edge (the coverage rule's tolerance), the
    # register did not (polygon intersects): a camera admitted for its incidents was listed
    # with none. lamp-1 faces east with 90 degrees: the 45-degree edge runs through
    # (x0 - 1 + k, y0 + k)
    from planner.plan import plan
    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    scenario = write_town(folder)
    gpd.GeoDataFrame({"incident_id": ["e1", "e2"], "date": ["2024-03-01 23:30"] * 2},
                     geometry=[Point(X0 + 4, Y0 + 5), Point(X0 + 9, Y0 + 10)],
                     crs=CRS).to_file(folder / "inc.gpkg")
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "inc.gpkg"'))
    result = plan(load_scenario(scenario, overrides={"constraints.min_incidents_in_view": 2}))
    assert result.cameras[["site_id", "orientation_deg"]].values.tolist() == [["lamp-1", 90.0]]
    assert result.cameras["incidents_in_view"].tolist() == [2]
    assert result.cameras["incidents_in_view_18_06"].tolist() == [2]
    assert result.summary["incidents"]["in_new_views"] == 2
    from planner.report import camera_register

    assert camera_register(result)["incidents_in_view"].tolist() == [2]


def test_incidents_far_from_every_area_are_warned_about(tmp_path, caplog):
    # a layer in the wrong CRS (or of another town) counts in no view, and min_incidents_in_view
    # then excludes every camera: said, not silent
    from planner.plan import load_inputs
    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    scenario = write_town(folder)
    gpd.GeoDataFrame({"incident_id": ["near", "far1", "far2"], "date": ["2024-03-01"] * 3},
                     geometry=[Point(X0 + 10, Y0), Point(X0 + 5000, Y0), Point(X0, Y0 + 90000)],
                     crs=CRS).to_file(folder / "inc.gpkg")
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "inc.gpkg"'))
    with caplog.at_level("WARNING", logger="planner.plan"):
        load_inputs(load_scenario(scenario))
    warned = [r.getMessage() for r in caplog.records if "incidents lie" in r.getMessage()]
    assert warned == ["inc.gpkg: 2 of the 3 incidents lie more than 1000 m from every area (e.g. "
                      "far1, far2): no camera can see them; check the layer's CRS, or leave out "
                      "incidents of other places"]


@pytest.mark.parametrize(("ids", "said"), [
    (["far1"], "its one incident lies more than 1000 m from every area (e.g. far1): no camera "
               "can see it"),
    (["near", "far1"], "1 of the 2 incidents lies more than 1000 m from every area (e.g. far1): no "
                       "camera can see it"),
    (["far1", "far2"], "all 2 incidents lie more than 1000 m from every area (e.g. far1, far2): "
                       "no camera can see them"),
])
def test_far_incidents_are_counted_in_words(tmp_path, caplog, ids, said):
    # ("1 of 1 incident(s) lie" had stood for a layer of one)
    from planner.plan import load_inputs
    from tests.conftest import CRS, X0, Y0

    at = {"near": Point(X0 + 10, Y0), "far1": Point(X0 + 5000, Y0), "far2": Point(X0, Y0 + 9e4)}
    scenario = write_town(tmp_path / "t")
    gpd.GeoDataFrame({"incident_id": ids, "date": ["2024-03-01"] * len(ids)},
                     geometry=[at[i] for i in ids], crs=CRS).to_file(tmp_path / "t" / "inc.gpkg")
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "inc.gpkg"'))
    with caplog.at_level("WARNING", logger="planner.plan"):
        load_inputs(load_scenario(scenario))
    assert [r.getMessage() for r in caplog.records if "every area (e.g." in r.getMessage()] == [
        f"inc.gpkg: {said}; check the layer's CRS, or leave out incidents of other places"]


def test_an_incidents_layer_without_dates_is_refused(tmp_path):
    # (a misnamed date column had been read as no dates at all, silently)
    from planner.plan import load_inputs
    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    scenario = write_town(folder)
    gpd.GeoDataFrame({"incident_id": ["a"], "datum": ["2024-03-01"]},
                     geometry=[Point(X0 + 10, Y0)], crs=CRS).to_file(folder / "inc.gpkg")
    scenario.write_text(scenario.read_text().replace(
        'cameras = "cameras.toml"', 'cameras = "cameras.toml"\nincidents = "inc.gpkg"'))
    with pytest.raises(InputError, match=r"inc\.gpkg.*'date'.*datum") as err:
        load_inputs(load_scenario(scenario))
    assert "\n" not in str(err.value)
    # mapped, it reads
    scenario.write_text(scenario.read_text() + '[data.columns.incidents]\ndate = "datum"\n')
    assert load_inputs(load_scenario(scenario)).incidents["day"].notna().all()


def test_areas_sharing_a_name_are_told_apart_by_id_in_the_register(tmp_path):
    # DeSO areas carry their RegSO's name (21 areas, 11 names in Katrineholm)
    from planner.plan import plan
    from planner.report import camera_register

    folder = tmp_path / "t"
    scenario = write_town(folder)
    areas = gpd.read_file(folder / "areas.geojson")
    areas["name"] = ["Nyhem", "Nyhem"]
    areas.to_file(folder / "areas.geojson")
    register = camera_register(plan(load_scenario(
        scenario, overrides={"surveillance.purpose": "Safety"})))
    assert register["areas_in_view"].tolist() == ["Nyhem (east)"]
    assert register["purpose"].tolist() == ["Safety: Nyhem (east)"]
    # (the data file is the same in either language, so no English word joins a Swedish purpose)
    swedish = camera_register(plan(load_scenario(
        scenario, overrides={"surveillance.purpose": "Att förebygga brott", "language": "sv"})))
    assert swedish["purpose"].tolist() == ["Att förebygga brott: Nyhem (east)"]


def test_the_register_gives_the_ids_of_the_areas_in_view_beside_their_names(tmp_path):
    """``areas_in_view`` names the areas for people (an id only where a name is shared), so a
    filter by id found none of the 22 cameras looking into 0483C1110; ``area_ids_in_view`` has
    every id, in the names' order."""
    from shapely.geometry import box

    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    sites = gpd.GeoDataFrame(
        {"site_id": ["corner", "away"], "mount_type": ["pole", "pole"],
         "install_cost_sek": [0.0, 0.0], "max_cameras": [1, 1],
         "existing_model": ["dome", "dome"], "existing_orientation_deg": [90.0, 90.0]},
        # "corner" on the line between east and north, facing east: it looks into both;
        # "away" 40 m east of every area, facing further east: into none
        geometry=[Point(X0 - 1, Y0 + 20), Point(X0 + 100, Y0)], crs=CRS)
    scenario = write_town(folder, budget=1_000.0, sites=sites)
    gpd.GeoDataFrame(
        {"area_id": ["east", "north", "west"], "name": ["Nyhem", "Centrum", "Nyhem"],
         "population": [600, 300, 400], "priority": [1.0, 0.5, 0.0]},
        geometry=[box(X0, Y0 - 20, X0 + 60, Y0 + 20), box(X0, Y0 + 20, X0 + 60, Y0 + 60),
                  box(X0 - 300, Y0 - 20, X0 - 240, Y0 + 20)],
        crs=CRS).to_crs("EPSG:4326").to_file(folder / "areas.geojson", engine="pyogrio")
    scenario.write_text('language = "sv"\n' + scenario.read_text())
    out = tmp_path / "out"
    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    register = pd.read_csv(out / "register.csv", keep_default_na=False)
    assert register["site_id"].tolist() == ["away", "corner"]
    assert register["areas_in_view"].tolist() == ["", "Nyhem (east), Centrum"]
    assert register["area_ids_in_view"].tolist() == ["", "east;north"]
    columns = register.columns.tolist()
    assert columns[columns.index("areas_in_view") + 1] == "area_ids_in_view"
    # beside the names in plan.xlsx's register too, under a Swedish header
    sheet = load_workbook(out / "plan.xlsx")["Kameror"]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("Områden i bild (id)")
    assert rows[0][at - 1] == "Områden i bild"
    assert [r[at] for r in rows[1:]] == [None, "east;north"]
    # not in report.md's register, which is read, not filtered
    assert "east;north" not in (out / "report.md").read_text(encoding="utf-8")
    # cameras.geojson names no areas, so it has no ids either
    assert "area_ids_in_view" not in gpd.read_file(out / "cameras.geojson").columns


@pytest.mark.parametrize(("status", "seen", "en", "sv"), [
    (["new", "new"], [0, 0],
     "New cameras with no documented incident in view (all 2): C001, C002. The weighing needs "
     "another documented ground for their places, or the plan without them.",
     "Nya kameror utan någon dokumenterad händelse i bild (alla 2): C001, C002. "
     "Intresseavvägningen behöver ett annat dokumenterat skäl för deras platser, annars får "
     "planen klara sig utan dem."),
    (["new", "existing"], [0, 0],
     "The new camera has no documented incident in view: C001. The weighing needs another "
     "documented ground for its place, or the plan without it.",
     "Den nya kameran har ingen dokumenterad händelse i bild: C001. Intresseavvägningen behöver "
     "ett annat dokumenterat skäl för dess plats, annars får planen klara sig utan den."),
    # (one of several: "New cameras ... (1 of 3): C001. ... for their places, or the plan
    # without them" had stood)
    (["new", "new", "new"], [0, 2, 1],
     "1 of the 3 new cameras has no documented incident in view: C001. The weighing needs "
     "another documented ground for its place, or the plan without it.",
     "1 av de 3 nya kamerorna har ingen dokumenterad händelse i bild: C001. Intresseavvägningen "
     "behöver ett annat dokumenterat skäl för dess plats, annars får planen klara sig utan den."),
    (["new", "new", "new", "new"], [0, 0, 1, 1],
     "New cameras with no documented incident in view (2 of 4): C001, C002. The weighing needs "
     "another documented ground for their places, or the plan without them.",
     "Nya kameror utan någon dokumenterad händelse i bild (2 av 4): C001, C002. "
     "Intresseavvägningen behöver ett annat dokumenterat skäl för deras platser, annars får "
     "planen klara sig utan dem."),
])
def test_new_cameras_without_incidents_are_counted_in_words(status, seen, en, sv):
    # ("(1 of 1)" and "(2 of 2)" had stood where every new camera had none in view; the line is
    # compared whole, in both languages)
    from types import SimpleNamespace

    from planner._report_markdown import _incident_lines

    plan = SimpleNamespace(incidents=pd.DataFrame({"incident_id": ["i1"]}),
                           summary={"incidents": {"n": 1}})
    register = pd.DataFrame({"camera": [f"C00{k + 1}" for k in range(len(status))],
                             "status": status, "incidents_in_view": seen})
    assert [_incident_lines(plan, register, language)[-1] for language in ("en", "sv")] == [en, sv]


def test_the_register_gives_each_mount_height_for_the_installer(tmp_path):
    """The sites layer's ``height_m`` had been read and dropped: an installer sent the register
    had the mount type but not how high to mount. ``mount_height_m`` follows the mount type in
    register.csv and plan.xlsx (Swedish header, one decimal); a mount without one is blank."""
    from tests.conftest import CRS, X0, Y0

    folder = tmp_path / "t"
    sites = gpd.GeoDataFrame(
        {"site_id": ["high", "low"], "mount_type": ["pole", "pole"],
         "install_cost_sek": [0.0, 0.0], "max_cameras": [1, 1], "height_m": [7.5, None],
         "existing_model": ["dome", "dome"], "existing_orientation_deg": [90.0, 90.0]},
        geometry=[Point(X0 - 1, Y0 + 20), Point(X0 + 100, Y0)], crs=CRS)
    scenario = write_town(folder, budget=1_000.0, sites=sites)
    scenario.write_text('language = "sv"\n' + scenario.read_text())
    out = tmp_path / "out"
    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    register = pd.read_csv(out / "register.csv").set_index("site_id")
    columns = register.reset_index().columns.tolist()
    assert columns[columns.index("mount_type") + 1] == "mount_height_m"
    assert register.loc["high", "mount_height_m"] == 7.5
    assert pd.isna(register.loc["low", "mount_height_m"])  # (the layer's blank: unknown)
    sheet = load_workbook(out / "plan.xlsx")["Kameror"]
    rows = list(sheet.iter_rows())
    at = [c.value for c in rows[0]].index("Monteringshöjd (m)")
    assert rows[0][at - 1].value == "Monteringstyp"
    by_site = {r[1].value: r[at] for r in rows[1:]}
    assert by_site["high"].value == 7.5 and by_site["high"].number_format == "0.0"
    assert by_site["low"].value is None
