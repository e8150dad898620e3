"""The bad-input catalogue (issue 8): every case exits 2 with one line naming the culprit and the fix.

Each folder of ``tests/data/bad/`` turns the valid tiny town of ``conftest.write_town`` into one bad
input. Its ``case.toml`` (a comment line says what is wrong) may hold

- ``[[edit]]`` text edits of a town file: ``file``, ``replace`` (pairs), ``append``, ``prepend`` and
  ``encoding`` (the text is saved in it, e.g. ``"latin-1"``);
- ``[layer."FILE"]`` edits of a town layer, made in EPSG:3006: ``rows`` (keep the first N), ``drop``
  (columns), ``set`` (column -> values, ``"<null>"`` for a missing value), ``wkt`` (geometries),
  ``crs`` (declare this CRS without reprojecting; ``""`` for none), ``new`` (a new layer);
- ``delete`` and ``mkdir`` (town files to remove, or to replace by a folder), ``args`` (extra CLI
  arguments) and ``out`` (``"file"``: ``--out`` is an existing file; ``"inputs"``: the town folder;
  ``"foreign"``: a folder holding files no command writes);
- any other file, copied over the town's file of that name.

The table below says which step finds the problem (``validate``, or only ``plan``) and which
fragments the one-line message must contain: the file or key, the bad value and the fix.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from planner.cli import main
from tests.conftest import copy_town, write_town

BAD = Path(__file__).parent / "data" / "bad"

V, P = "validate", "plan"  # the first command that must reject the case
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "toml_malformed": (V, ("scenario.toml", "not valid TOML", "line 18", "fix the syntax")),
    # (it had been "not valid TOML (Expected newline or end of document after a statement (at
    # line 9, column 15)); fix the syntax", and quoted "write a number without quotes")
    "toml_thousands_spaced": (V, ("scenario.toml line 9 (budget.total_sek): no spaces between "
                                  "thousands; write 30000 or 30_000\n",)),
    # ("30 000 kr" is read as 30,000 SEK; a comma before three digits may be either)
    "budget_quoted_with_unit": (V, ("scenario.toml: key budget.total_sek: not an amount of SEK; "
                                    "write 5000000 or \"5 mnkr\" (got '30,000 kr')\n",)),
    "toml_unknown_top_key": (V, ("scenario.toml", "key colour", "check its spelling")),
    "toml_unknown_nested_key": (V, ("key budget.totl_sek", "remove it or check its spelling")),
    "toml_unknown_deep_key": (V, ("key coverage.level_values.identfy", "check its spelling")),
    "toml_missing_required": (V, ("key budget.total_sek", "Field required", "add it")),
    "budget_string": (V, ("key budget.total_sek", "'lots'", "not an amount of SEK; write 5000000 "
                          "or \"5 mnkr\"")),
    "budget_negative": (V, ("key budget.total_sek", "greater than 0", "(got -1.0)", "larger")),
    "budget_nan": (V, ("key budget.total_sek", "(got nan)", "use a finite number")),
    "budget_inf": (V, ("key budget.total_sek", "(got inf)", "use a finite number")),
    "budget_1e300": (V, ("key budget.total_sek", "1e+300", "use a smaller number")),
    "budget_below_cheapest": (
        V, ("budget.total_sek=100 is below the cheapest camera option (30,000 SEK)", "raise"),
    ),
    "horizon_negative": (V, ("key budget.horizon_years", "(got -5)", "use a larger number")),
    "time_limit_zero": (V, ("key solver.time_limit_s", "(got 0)", "use a larger number")),
    "orientations_1e6": (V, ("key coverage.orientations", "1000000", "use a smaller number")),
    "orientations_fraction": (V, ("key coverage.orientations", "4.5", "write a whole number")),
    "grid_spacing_zero": (V, ("key demand.grid_spacing_m", "(got 0)", "use a larger number")),
    "grid_1e10_points": (V, ("max_points = 100,000", "demand.grid_spacing_m", "raise")),
    "models_unknown": (V, ("key coverage.models", "nope", "known models", "dome")),
    # (a misspelt model, variant or existing camera's model had been given the list alone)
    "models_misspelt": (V, ("scenario.toml: key coverage.models names unknown camera model dom; "
                            "did you mean 'dome'? known models in cameras.toml: dome\n",)),
    "variant_misspelt": (V, ("scenario.toml: no variant 'nigth'; did you mean 'night'? known "
                             "variants: night\n",)),
    "scenario_not_utf8": (V, ("scenario.toml", "not UTF-8", "save the scenario as UTF-8")),
    "crs_geographic": (V, ("key crs", "'EPSG:4326' is not projected", "use e.g. 'EPSG:3006'")),
    "crs_unknown": (V, ("key crs", "unknown CRS 'EPSG:999999'", "use e.g. 'EPSG:3006'")),
    "variant_unknown": (V, ("scenario.toml", "no variant 'nope'", "known variants: none")),
    "variant_bad_key": (V, ("[variants.x]", "'budget.totl'", "unknown key", "did you mean budget.total_sek?")),
    "set_unknown_key": (V, ("--set budget.nope: unknown key; see the README",)),
    "set_no_equals": (V, ("--set 'budget.total_sek'", "expected KEY=VALUE")),
    "set_bad_value": (V, ("--set coverage.night=maybe: not true or false; write true or false",)),
    # (not TOML: "8,000,000" had been told "write a number without quotes", given none)
    "set_thousands": (V, ('--set budget.total_sek=8,000,000: not an amount of SEK; write '
                          '5000000 or "5 mnkr"',)),
    # (a share as a percentage: "e.g. 0.5" had read as 50 %, and 5 "use a smaller number")
    "set_share_percent": (V, ("planner: error: --set constraints.equity_min_share=5%: not a "
                              "number; write it as a share between 0 and 1: 5 % is 0.05\n",)),
    "share_as_percent": (V, ("scenario.toml: key constraints.equity_min_share: Input should be "
                             "less than or equal to 1 (got 5); write it as a share between 0 "
                             "and 1: 5 % is 0.05\n",)),
    "set_not_a_number": (V, ('--set budget.total_sek=abc: not an amount of SEK; write 5000000 '
                             'or "5 mnkr"',)),
    "demand_areas_empty": (V, ("key demand.areas: an empty list plans no area; list at least one "
                               'area id (area_id of data.areas), e.g. ["0483C1010"], or write '
                               '"all" (got [])',)),
    "models_empty": (V, ('key coverage.models: give at least 1 camera model id of the catalogue '
                         '(data.cameras), e.g. ["dome-2mp"] (got []); or leave coverage.models '
                         "out to consider every model",)),
    "variants_combined_unknown": (V, ("scenario.toml: no variant 'nope' (in 'x+nope'); known "
                                      "variants: x",)),
    "variants_combined_empty": (V, ("scenario.toml: an empty variant name in 'x+'; write "
                                    "FILE.toml#NAME+OTHER (or --variant NAME+OTHER), a variant's "
                                    "name on each side of every '+'; known variants: x",)),
    "backend_unknown": (V, ("key solver.backend", "'gurobi'", "use one of the listed values")),
    "level_values_decreasing": (V, ("key coverage.level_values", "must not decrease")),
    # (it had named the areas layer by its machine path: "use area_id values from /abs/...")
    "demand_areas_unknown": (V, ("scenario.toml: key demand.areas names unknown area id zzz; "
                                 "use area_id values of data.areas (areas.geojson as the "
                                 "scenario gives it)\n",)),
    # (an area's name or a misspelt id had had the same message, no word of the ids)
    "demand_areas_by_name": (V, ("scenario.toml: key demand.areas names unknown area id East "
                                 "side; 'East side' is the name of east (data.areas, "
                                 "areas.geojson as the scenario gives it); give its id\n",)),
    # (a factor of 0 would leave the area out: demand.areas says that)
    "demand_area_factor_zero": (V, ("scenario.toml: key demand.area_factors.west: 0 would leave "
                                    "the area out of the objective; to plan without it, leave "
                                    "it out of demand.areas",)),
    "demand_area_factor_misspelt": (V, ("scenario.toml: key demand.area_factors names unknown "
                                        "area id wset; did you mean west?",)),
    "demand_areas_misspelt": (V, ("scenario.toml: key demand.areas names unknown area id eas; "
                                  "did you mean east? (data.areas, areas.geojson as the scenario "
                                  "gives it)\n",)),
    "data_path_not_text": (V, ("key data.areas", "write the file path as quoted text")),
    "scenario_is_folder": (V, ("scenario.toml", "is a folder", "give the scenario .toml file")),
    "areas_missing": (V, ("scenario.toml: data file not found: data.areas = 'areas.geojson' "
                          "(relative paths are read from the scenario file's folder, ",
                          "); correct the paths in [data] or put the files there")),
    # (each had been reported alone: one rerun per file of a scenario copied elsewhere)
    "files_missing_several": (V, ("scenario.toml: 2 data files not found: data.areas = "
                                  "'areas.geojson', data.cameras = 'cameras.toml' (relative",)),
    "cameras_is_folder": (V, ("cameras.toml", "is a folder", "give the camera catalogue")),
    "areas_garbage": (V, ("areas.geojson", "cannot read the areas layer", "give a GeoJSON")),
    "areas_not_utf8": (V, ("areas.geojson", "not UTF-8", "save it as UTF-8")),
    "areas_priority_above_1": (V, ("areas.geojson", "'priority'", "[0, 1]", "east", "rescale")),
    "areas_population_negative": (V, ("areas.geojson", "'population'", "east", ">= 0")),
    "areas_population_text": (V, ("areas.geojson", "'population'", "non-numeric", "east")),
    "areas_duplicate_ids": (V, ("areas.geojson", "duplicate area_id values: x", "unique")),
    "areas_empty": (V, ("areas.geojson", "areas layer is empty", "at least one feature")),
    "areas_missing_column": (V, ("areas.geojson", "'population' is missing", "add it")),
    "areas_no_id": (V, ("areas.geojson", "column 'area_id' is missing (the layer has: name, "
                        "population, priority)", "[data.columns.areas] area_id = \"YOUR_ID\"")),
    "sites_no_id": (V, ("sites.gpkg", "column 'site_id' is missing", "add one unique site_id")),
    "areas_unrepairable": (V, ("areas.geojson", "cannot be repaired", "east", "Fix geometries")),
    "areas_wrong_crs": (V, ("areas.geojson", "EPSG:4326", "not degrees", "declare its real CRS")),
    "sites_no_crs": (V, ("sites.gpkg", "has no CRS", "declare one")),
    "sites_wrong_crs": (V, ("sites.gpkg", "outside the study area",
                            "check the CRS of this layer and of the areas layer (")),
    "areas_wrong_metric_crs": (V, ("areas.geojson: the areas layer declares EPSG:3021 (RT90 "
                                   "2.5 gon V), but its coordinates", "far outside",
                                   "in the scenario's crs EPSG:3006 they lie in Sweden",
                                   "[data.crs] areas = \"EPSG:3006\"")),
    "sites_duplicate_ids": (V, ("sites.gpkg", "duplicate site_id values: s", "unique")),
    "sites_polygons": (V, ("sites.gpkg", "are Polygon, expected Point", "lamp-1", "convert")),
    "sites_existing_model_misspelt": (
        V, ("sites.gpkg: sites layer: site lamp-1: existing_model 'Dome' is not in the camera "
            "catalogue (known: dome); did you mean 'dome'? (or add the model)\n",),
    ),
    "sites_existing_model_unknown": (
        V, ("sites.gpkg", "lamp-1", "existing_model 'zzz'", "add the model or fix the id"),
    ),
    "sites_existing_no_orientation": (
        V, ("sites.gpkg: sites layer: site lamp-1: existing 'dome' camera needs "
            "existing_orientation_deg, a grid bearing in 0..360 in the scenario's CRS (0 = grid "
            "north, clockwise), or existing_orientation_true_deg, its bearing from true north "
            "(got neither)",),
    ),
    "sites_existing_orientations_disagree": (
        V, ("sites.gpkg: sites layer: site lamp-1: existing_orientation_deg 90 (grid bearing of "
            "EPSG:3006) and existing_orientation_true_deg 101 (from true north) disagree by 10.0° "
            "(101° from true north is 100° on the grid there, the meridian convergence being "
            "+1.02°); give one of the two and clear the other",),
    ),
    "sites_existing_true_orientation_wild": (
        V, ("sites.gpkg: sites layer: site lamp-1: existing_orientation_true_deg 400 is not a "
            "bearing; give the camera's direction from true north in 0..360 (clockwise)",),
    ),
    "sites_negative_cost": (V, ("sites.gpkg", "'install_cost_sek'", "lamp-1", ">= 0")),
    "sites_nan_cost": (V, ("sites.gpkg", "'install_cost_sek'", "lamp-1", "give finite numbers")),
    "sites_max_cameras_zero": (V, ("sites.gpkg", "lamp-1", "max_cameras 0", "1..16")),
    "sites_mount_type_unknown": (V, ("sites.gpkg", "'tree'", "lamp_post, pole, facade")),
    "sites_empty": (V, ("sites.gpkg", "sites layer is empty", "at least one feature")),
    "sites_facade_unknown_building": (V, ("sites.gpkg", "building_id nope", "fix the id")),
    "buildings_points": (V, ("buildings.gpkg", "Point, expected Polygon/MultiPolygon", "b1")),
    "buildings_empty": (V, ("buildings.gpkg", "buildings layer is empty", "at least one",
                            "(if there are none, leave data.buildings out of the scenario)")),
    "privacy_missing": (V, ("data file not found: data.privacy_zones = 'nozones.gpkg'",)),
    "privacy_empty": (V, ("zones.gpkg", "privacy zones layer is empty", "(if there are none, "
                          "leave data.privacy_zones out of the scenario)")),
    "demand_points_negative_weight": (V, ("dp.gpkg: column 'weight' has 1 missing, non-numeric or "
                                          "negative value (feature 1); give numbers >= 0\n",)),
    "demand_points_no_weight": (V, ("dp.gpkg", "'weight' is missing", "demand_weight_column")),
    "catalogue_missing_key": (V, ("cameras.toml: camera 'dome': missing key ['price_sek']; add it "
                                  "to the [[camera]] table\n",)),
    "catalogue_negative_price": (V, ("cameras.toml", "price_sek = -1.0", ">= 0")),
    "catalogue_duplicate_id": (V, ("cameras.toml", "'dome'", "duplicate id", "unique id")),
    "catalogue_unknown_key": (V, ("cameras.toml", "['zoom']", "allowed keys")),
    "catalogue_hfov_zero": (V, ("cameras.toml", "field of view 0.0", "(0, 180)")),
    "catalogue_nan_cost": (V, ("cameras.toml", "yearly_sek = nan", "finite number >= 0")),
    "catalogue_huge_pixels": (V, ("cameras.toml", "h_px = 100000000000", "1..100000")),
    "catalogue_not_utf8": (V, ("cameras.toml", "not UTF-8", "save the camera catalogue as UTF-8")),
    "catalogue_empty": (V, ("cameras.toml", "no [[camera]] tables", "add at least one")),
    "equity_infeasible": (
        P, ("key constraints.equity_min_share=1 cannot be met: area east (East side) reaches at "
            "most", "even with every allowed camera", "add camera mounts near the areas or lower "
            "the share"),
    ),
    "equity_over_budget": (
        P, ("key constraints.equity_min_share=0.15 cannot be met: within 60,000 SEK no plan "
            "gives every planned area that share", "raise budget.total_sek",
            'constraints.equity_mode = "maxmin"'),
    ),
    "equity_area_over_budget": (
        P, ("key constraints.equity_min_share=0.15 cannot be met: area west (West side) reaches "
            "at most 13.6% of its demand weight within 50,000 SEK; raise budget.total_sek",),
    ),
    "equity_mount_limits": (
        P, ("key constraints.equity_min_share=0.2 cannot be met: area west (West side) reaches at "
            "most 15.2% of its demand weight whatever the budget (the sites' max_cameras limit "
            "it), area east (East side) at most 16.9%; add camera mounts near the areas, allow "
            "more cameras on their mounts (the sites' max_cameras) or lower the share\n",),
    ),
    "equity_limits_with_spacing": (
        P, ("key constraints.equity_min_share=0.16 cannot be met: area west (West side) reaches "
            "at most 15.2% of its demand weight whatever the budget (the sites' max_cameras and "
            "the scenario's rules limit it); add camera mounts near the area, allow more cameras "
            "on its mounts (the sites' max_cameras) or lower the share; the scenario's rules also "
            "keep cameras from places: constraints.min_spacing_m = 10000 m\n",),
    ),
    "equity_share_at_its_reach": (
        # (the furthest short first: west)
        P, ("key constraints.equity_min_share=0.169 cannot be met: area west (West side) reaches "
            "at most 15.2% of its demand weight whatever the budget", "area east (East side) at "
            "most 16.89%;"),
    ),
    "areas_population_huge": (V, ("areas.geojson", "'population' must be at most 100,000,000 "
                                  "per area (areas east)", "check the column")),
    "equity_blocked_by_spacing": (
        # (no area short alone, and no budget meets the share in both at once: it had been
        # told, at 1e9 SEK, to raise the budget)
        P, ("key constraints.equity_min_share=0.01 cannot be met: no plan gives every planned "
            "area that share at once, whatever the budget (the sites' max_cameras and the "
            "scenario's rules keep the areas from reaching it together); add camera mounts near "
            "the areas, allow more cameras on their mounts (the sites' max_cameras) or lower the "
            "share; the scenario's rules also keep cameras from places: "
            "constraints.min_spacing_m = 10000 m\n",),
    ),
    "greedy_equity_short": (
        P, ("scenario.toml: solver.backend = \"greedy\" did not reach "
            "constraints.equity_min_share = 0.2", 'use solver.backend = "scip"'),
    ),
    "crs_web_mercator": (V, ("key crs", "the CRS EPSG:3857 stretches distances by 1.94 at the "
                             "study area (latitude 58.99,", "EPSG:3006 (SWEREF 99 TM)")),
    "crs_in_feet": (V, ("key crs", "measures in US survey foot (metres needed)", "EPSG:3006")),
    # ("1 demand point(s) lie ...; feature(s) 1); move or delete them" had stood)
    "demand_points_far_away": (V, ("dp.gpkg: 1 of the 2 demand points lies outside the study area "
                                   "(more than 50 m from every area; feature 1); move or delete "
                                   "it\n",)),
    "demand_points_unknown_area": (V, ("dp.gpkg: column 'area_id' names unknown area id "
                                       "nowhere; use area_id values of data.areas (areas.geojson "
                                       "as the scenario gives it); or leave it empty (the area is "
                                       "then found from the point's position)\n",)),
    # (GeoPandas' warning about the mixed column had made the message three lines)
    "areas_population_mixed_text": (V, ("areas.geojson", "column 'population'",
                                        "non-numeric", "got '1 200'", "give finite numbers")),
    "buildings_kind_unknown": (V, ("buildings.gpkg", "column 'kind' has value 'apartments' (b1)",
                                   "use one of residential, commercial, public, other (or bostad, "
                                   "verksamhet, industri, samhällsfunktion, ekonomibyggnad, "
                                   "komplementbyggnad, övrig byggnad)")),
    "areas_overlapping": (V, ("areas.geojson", "areas east and west overlap by 1,200 m² (50 % "
                              "of the smaller)", "cut the overlap or merge them")),
    "buildings_no_id_for_facade": (V, ("sites.gpkg: sites layer: 1 façade mount refers to "
                                       "building_id b1, not in the buildings layer; the buildings "
                                       "layer has no building_id column (its ids were made up): add "
                                       "it or rename its id column\n",)),
    "areas_population_bool": (V, ("areas.geojson", "column 'population'", "got 'True'",
                                  "give finite numbers")),
    "buildings_no_geometry": (V, ("buildings.csv", "the buildings layer has no geometry (a "
                                  "table without polygons); save it as a GeoPackage or GeoJSON "
                                  "layer with its CRS")),
    "sites_approximate_not_yes_no": (V, ("sites.gpkg", "column 'approximate'", "'maybe'",
                                         "give true/false")),
    "out_is_file": (P, ("--out", "is an existing file, not a folder", "give a folder path")),
    "out_holds_inputs": (P, ("--out", "holds the input file", "choose a separate folder")),
    "out_holds_other_files": (
        P, ("--out", "holds files the planner did not write (budget.xlsx, notes.txt)",
            "give a new or empty folder or a previous output folder"),
    ),
}
#: Cases also run through ``python -m planner.cli`` in a subprocess (real exit code and stderr).
SUBPROCESS = (
    "areas_population_mixed_text", "toml_malformed", "budget_nan", "areas_wrong_crs", "catalogue_not_utf8", "sites_polygons",
    "cameras_is_folder",
)  # fmt: skip


def build_case(name: str, folder: Path, town_files: Path) -> tuple[Path, list[str], Path]:
    """Copy the tiny town (``town_files``, conftest's) into ``folder``, apply case ``name``;
    return scenario, args and --out."""
    spec = tomllib.loads((BAD / name / "case.toml").read_text(encoding="utf-8"))
    town = folder / "town"
    scenario = copy_town(town_files, town)
    with warnings.catch_warnings():  # writing a layer without a CRS warns; that is the point
        warnings.simplefilter("ignore")
        for fname, edit in spec.get("layer", {}).items():
            _edit_layer(town / fname, edit)
    for edit in spec.get("edit", []):
        path = town / edit["file"]
        text = path.read_text(encoding="utf-8")
        for old, new in edit.get("replace", []):
            assert old in text, f"{name}: {old!r} not in {edit['file']}"
            text = text.replace(old, new)
        text = edit.get("prepend", "") + text + edit.get("append", "")
        path.write_bytes(text.encode(edit.get("encoding", "utf-8")))
    for extra in (BAD / name).iterdir():
        if extra.name != "case.toml":
            shutil.copy(extra, town / extra.name)
    for fname in spec.get("delete", []):
        (town / fname).unlink()
    for fname in spec.get("mkdir", []):
        (town / fname).mkdir()
    out = folder / "out"
    if spec.get("out") == "file":
        out.write_text("not a plan folder\n", encoding="utf-8")
    elif spec.get("out") == "inputs":
        out = town
    elif spec.get("out") == "foreign":  # a folder of one's own documents, beside a plan's files
        out.mkdir()
        (out / "notes.txt").write_text("meeting notes\n", encoding="utf-8")
        (out / "budget.xlsx").write_bytes(b"PK\x03\x04")
        (out / "map.html").write_text("<html></html>\n", encoding="utf-8")
    return scenario, list(spec.get("args", [])), out


def _edit_layer(path: Path, edit: dict) -> None:
    if edit.get("new"):
        frame = gpd.GeoDataFrame(geometry=[shapely.from_wkt(w) for w in edit["wkt"]], crs=3006)
    else:
        frame = gpd.read_file(path).to_crs(3006)
        if "wkt" in edit:
            frame = frame.set_geometry([shapely.from_wkt(w) for w in edit["wkt"]], crs=3006)
    frame = frame.iloc[: edit.get("rows", len(frame))].drop(columns=edit.get("drop", []))
    for column, values in edit.get("set", {}).items():
        frame[column] = [None if v == "<null>" else v for v in values]
    if "crs" in edit:
        frame = frame.set_crs(edit["crs"] or None, allow_override=True)
    path.unlink(missing_ok=True)
    frame.to_file(path, engine="pyogrio")


def previous_plan(folder: Path, template: Path) -> None:
    shutil.copytree(template, folder)


@pytest.fixture(scope="module")
def good_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid plan of the tiny town: the 'previous output' every failing run must leave intact."""
    folder = tmp_path_factory.mktemp("good")
    scenario = write_town(folder / "town")
    assert main(["-q", "plan", str(scenario), "--out", str(folder / "plan")]) == 0
    return folder / "plan"


def assert_one_line(err: str, fragments: tuple[str, ...], *, infeasible: bool = False) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    head = "planner: infeasible: " if infeasible else "planner: error: "
    assert err.startswith(head), err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_catalogue_matches_the_table():
    folders = {p.name for p in BAD.iterdir() if p.is_dir()}
    assert folders == set(CASES)
    assert len(CASES) >= 30
    for name in folders:  # every case says in its first line what is wrong
        assert (BAD / name / "case.toml").read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_exits_2_with_one_line_and_keeps_the_previous_plan(
    name, tmp_path, capsys, good_plan, town_files
):
    stage, fragments = CASES[name]
    scenario, args, out = build_case(name, tmp_path, town_files)
    infeasible = name.startswith("equity_")
    if out.name == "out" and not out.exists():
        previous_plan(out, good_plan)
    before = snapshot(out) if out.is_dir() else out.read_bytes()
    siblings = sorted(p.name for p in out.parent.iterdir())

    code = main(["validate", str(scenario), *args])
    err = capsys.readouterr().err
    if stage == V and not name.startswith("out_"):
        assert code == 2, err
        assert_one_line(err, fragments)
    else:
        assert code == 0, err

    code = main(["-q", "plan", str(scenario), *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert_one_line(err, fragments, infeasible=infeasible)
    after = snapshot(out) if out.is_dir() else out.read_bytes()
    assert after == before, "the previous output changed"
    assert sorted(p.name for p in out.parent.iterdir()) == siblings, "a temporary folder is left"


@pytest.mark.parametrize("name", SUBPROCESS)
def test_bad_input_in_a_real_process(name, tmp_path, town_files):
    _, fragments = CASES[name]
    scenario, args, out = build_case(name, tmp_path, town_files)
    r = subprocess.run(
        [sys.executable, "-m", "planner.cli", "plan", str(scenario), *args, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    assert_one_line(r.stderr, fragments)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["town"]


def test_out_file_is_kept_byte_for_byte(tmp_path, town_files):
    scenario, _, out = build_case("out_is_file", tmp_path, town_files)
    before = out.read_bytes()
    r = subprocess.run(
        [sys.executable, "-m", "planner.cli", "plan", str(scenario), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert out.read_bytes() == before
    assert filecmp.cmp(scenario, scenario)  # the town is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "town"]
