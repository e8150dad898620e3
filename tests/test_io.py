import os
import sqlite3
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon

from planner._io_output import GPKG_DATE
from planner.errors import InputError
from planner.io import (
    AREAS,
    BUILDINGS,
    SITES,
    LayerSpec,
    atomic_dir,
    check_layer,
    id_text,
    read_layer,
    write_csv,
    write_geojson,
    write_gpkg,
)

CRS = "EPSG:3006"
X0, Y0 = 568_735.0, 6_539_793.0


def square(x, y, size=100.0):
    return Polygon([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])


def areas_frame(**extra):
    data = {
        "area_id": ["a1", "a2"],
        "name": ["North", "South"],
        "population": [100, 200],
        "priority": [0.5, 1.0],
    }
    data.update(extra)
    return gpd.GeoDataFrame(data, geometry=[square(X0, Y0), square(X0, Y0 - 100)], crs=CRS)


def test_roundtrip_through_geopackage_and_geojson_reprojects_to_metric(tmp_path):
    frame = areas_frame()
    frame.to_crs("EPSG:4326").to_file(tmp_path / "areas.gpkg", driver="GPKG", engine="pyogrio")
    back = read_layer(tmp_path / "areas.gpkg", AREAS, crs=CRS)
    assert back.crs == CRS
    assert list(back["area_id"]) == ["a1", "a2"]
    assert back.geometry.area.tolist() == pytest.approx([10_000.0, 10_000.0], rel=1e-6)
    write_geojson(frame, tmp_path / "areas.geojson")
    again = read_layer(tmp_path / "areas.geojson", AREAS, crs=CRS)
    # 7 decimals in WGS84 are about 1 cm: vertices come back within 2 cm
    assert shapely.hausdorff_distance(again.geometry.values, frame.geometry.values).max() < 0.02


def test_geojson_output_is_deterministic(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    write_geojson(areas_frame(), tmp_path / "one" / "a.geojson")
    write_geojson(areas_frame(), tmp_path / "two" / "a.geojson")
    assert (tmp_path / "one" / "a.geojson").read_bytes() == (
        tmp_path / "two" / "a.geojson"
    ).read_bytes()


def test_gpkg_keeps_metres_types_blanks_and_a_fixed_date(tmp_path):
    """write_gpkg: layers in their own CRS, exactly; object columns typed; GDAL's date put back."""
    frame = areas_frame(
        seen=pd.Series([True, None], dtype=object),  # (as the register's "sound" of an old camera)
        days=pd.Series([7, None], dtype=object),
        note=["Östra Vä", None],
    )
    points = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(X0 + 0.123456789, Y0)], crs=CRS)
    options = ("OGR_CURRENT_DATE", "OGR_SQLITE_SYNCHRONOUS")
    before = [pyogrio.get_gdal_config_option(k) for k in options]
    path = tmp_path / "x.gpkg"
    write_gpkg([("areas", frame), ("points", points)], path)
    assert [pyogrio.get_gdal_config_option(k) for k in options] == before
    assert pyogrio.list_layers(path).tolist() == [["areas", "Polygon"], ["points", "Point"]]
    info = pyogrio.read_info(path, layer="areas")
    assert info["crs"] == CRS
    types = dict(zip(info["fields"], zip(info["ogr_types"], info["ogr_subtypes"], strict=True),
                     strict=True))
    assert types["seen"] == ("OFTInteger", "OFSTBoolean")
    assert types["days"] == ("OFTInteger64", "OFSTNone")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT seen, days, note FROM areas ORDER BY fid").fetchall() == [
            (1, 7, "Östra Vä"), (None, None, None)]
        assert db.execute("SELECT DISTINCT last_change FROM gpkg_contents").fetchall() == [
            (GPKG_DATE,)]
    back = gpd.read_file(path, layer="points", engine="pyogrio")
    assert back.geometry.iloc[0].x == X0 + 0.123456789  # (no rounding)
    assert gpd.read_file(path, layer="areas", engine="pyogrio").geometry.equals(frame.geometry)
    write_gpkg([("areas", frame), ("points", points)], tmp_path / "y.gpkg")
    assert (tmp_path / "y.gpkg").read_bytes() == path.read_bytes()
    # (written over: the same bytes, where GDAL had added the layers to the file there)
    write_gpkg([("areas", frame), ("points", points)], path)
    assert (tmp_path / "y.gpkg").read_bytes() == path.read_bytes()
    with pytest.raises(ValueError, match="layer 'points' has no CRS"):
        write_gpkg([("points", points.set_crs(None, allow_override=True))], tmp_path / "z.gpkg")


def test_all_problems_of_a_layer_are_reported_together():
    frame = areas_frame(area_id=["a1", "a1"], population=[100, "many"])
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="areas.gpkg")
    msg = str(err.value)
    assert msg.startswith("areas.gpkg: areas layer: ")
    assert "column 'population' has 1 missing or non-numeric value (a1; got 'many')" in msg
    assert "duplicate area_id values: a1" in msg


def test_missing_column_and_negative_values():
    # (a municipality's own areas have a population but not the planner's priority index)
    with pytest.raises(InputError, match=r"^f: areas layer: column 'priority' is missing \(the layer "
                       r"has: area_id, name, population\); add it \(see docs/architecture\.md\) or "
                       r"name your column for it in the scenario: \[data\.columns\.areas\] "
                       r"priority = \"YOUR_COLUMN\"; planner import deso computes it with the "
                       r"areas' population from SCB's DeSO statistics \(README: Bring your own "
                       r"data\)$"):
        check_layer(areas_frame().drop(columns="priority"), AREAS, crs=CRS, where="f")
    with pytest.raises(InputError, match=r"column 'name' is missing \(the layer has: area_id, "
                       r"population, priority\); add it \(see docs/architecture\.md\) or name "
                       r"your column for it in the scenario: \[data\.columns\.areas\] name = "
                       r"\"YOUR_COLUMN\"$"):
        check_layer(areas_frame().drop(columns="name"), AREAS, crs=CRS, where="f")
    with pytest.raises(InputError, match=r"column 'population' has 1 negative value \(a2\); give numbers >= 0$"):
        check_layer(areas_frame(population=[1, -1]), AREAS, crs=CRS, where="f")


def test_empty_layer_and_missing_crs():
    with pytest.raises(InputError, match="the areas layer is empty"):
        check_layer(areas_frame().iloc[0:0], AREAS, crs=CRS, where="f")
    with pytest.raises(InputError, match="has no CRS; declare one"):
        check_layer(areas_frame().set_crs(None, allow_override=True), AREAS, crs=CRS, where="f")


def test_wrong_geometry_type_is_named():
    frame = areas_frame()
    frame.loc[1, "geometry"] = Point(X0, Y0)
    with pytest.raises(
        InputError, match=r"f: areas layer: 1 of the 2 features is Point, expected "
                          r"Polygon/MultiPolygon \(a2\); convert or remove it$"
    ):
        check_layer(frame, AREAS, crs=CRS, where="f")


def test_bow_tie_polygon_is_repaired_and_z_dropped(caplog):
    bowtie = Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 10, Y0), (X0, Y0 + 10)])
    frame = gpd.GeoDataFrame(
        {"building_id": ["b1", "b2"]},
        geometry=[bowtie, shapely.force_3d(square(X0 + 50, Y0, 10))],
        crs=CRS,
    )
    with caplog.at_level("WARNING", logger="planner.io"):
        out = check_layer(frame, BUILDINGS, crs=CRS, where="f")
    # (the repaired feature named: the repair keeps half of this one)
    assert [r.getMessage() for r in caplog.records] == [
        "f: repaired 1 invalid buildings polygon (b1); check it: a self-crossing outline "
        "keeps only the parts it encloses"]
    assert shapely.is_valid(out.geometry.values).all()
    assert out.geometry.area.iloc[0] == pytest.approx(50.0)  # two triangles of 25 m²
    assert not shapely.has_z(out.geometry.values).any()
    assert out["kind"].tolist() == ["other", "other"]  # default filled in


def test_multipolygon_areas_are_kept():
    multi = MultiPolygon([square(X0, Y0, 10), square(X0 + 20, Y0, 10)])
    frame = areas_frame()
    frame.loc[0, "geometry"] = multi
    out = check_layer(frame, AREAS, crs=CRS, where="f")
    assert out.geometry.iloc[0].geom_type == "MultiPolygon"


def test_sites_get_defaults_and_single_part_multipoints_become_points():
    frame = gpd.GeoDataFrame(
        {"site_id": ["s1"], "mount_type": ["pole"], "install_cost_sek": [1.0], "max_cameras": [2]},
        geometry=[shapely.multipoints([(X0, Y0)])],
        crs=CRS,
    )
    out = check_layer(frame, SITES, crs=CRS, where="f")
    assert out.geometry.iloc[0].geom_type == "Point"
    assert out["approximate"].tolist() == [False]
    assert np.isnan(out["existing_orientation_deg"].iloc[0])


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(InputError, match="areas file not found"):
        read_layer(tmp_path / "nope.geojson", AREAS, crs=CRS)
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json")
    with pytest.raises(InputError, match="cannot read the areas layer"):
        read_layer(junk, AREAS, crs=CRS)


def test_atomic_dir_replaces_whole_or_keeps_previous(tmp_path):
    target = tmp_path / "out"
    with atomic_dir(target) as tmp:
        (tmp / "report.md").write_text("one")
    assert (target / "report.md").read_text() == "one"
    with pytest.raises(RuntimeError), atomic_dir(target) as tmp:
        (tmp / "report.md").write_text("two")
        raise RuntimeError("boom")
    assert (target / "report.md").read_text() == "one"
    assert sorted(os.listdir(tmp_path)) == ["out"]
    with atomic_dir(target) as tmp:
        (tmp / "summary.json").write_text("three")
    assert sorted(os.listdir(target)) == ["summary.json"]


def test_atomic_dir_leaves_a_folder_of_other_files_alone(tmp_path):
    # a folder of one's own documents given as --out is not replaced; hidden files, system
    # files and a sweep's budget_N folders do not count
    target = tmp_path / "docs"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    refused = r"holds files the planner did not write \(notes.txt\)"
    with pytest.raises(InputError, match=refused), atomic_dir(target) as tmp:
        (tmp / "report.md").write_text("plan")
    assert sorted(os.listdir(target)) == ["notes.txt"]
    assert sorted(os.listdir(tmp_path)) == ["docs"]
    (target / "notes.txt").unlink()
    for name in (".DS_Store", "Thumbs.db", "budget_1000000", "curve.csv"):
        (target / name).mkdir() if name.startswith("budget") else (target / name).write_text("x")
    with atomic_dir(target) as tmp:
        (tmp / "curve.csv").write_text("new")
    assert sorted(os.listdir(target)) == ["curve.csv"]
    (target / "budget_x").mkdir()
    with pytest.raises(InputError, match=r"\(budget_x\)"), atomic_dir(target):
        pass
    (target / "budget_x").rmdir()


@pytest.mark.parametrize("inside", ["stage_1/notes.docx", "budget_3/x/report.md", "a/mine.txt",
                                    "b/drawings/notes.docx", "stage_2/drawings/sub/x.png",
                                    "drawings/list.xlsx", "camera_sheets/notes.docx"])
def test_own_files_inside_output_subfolders_are_refused_too(tmp_path, inside):
    # a folder named as a rollout's stage_1 (a sweep's budget_N, compare's a/ and b/) had been
    # let through whole: the document in it was replaced without a word
    target = tmp_path / "mine"
    (target / inside).parent.mkdir(parents=True)
    (target / inside).write_text("mine")
    with pytest.raises(InputError, match="holds files the planner did not write"), \
            atomic_dir(target):
        pass
    assert (target / inside).read_text() == "mine"


def test_a_previous_output_with_subfolders_is_replaced(tmp_path):
    target = tmp_path / "out"
    for path in ("stages.csv", "stage_1/report.md", "stage_1/drawings/0483C1050.png",
                 "a/map.html", "budget_2000000/summary.json", "drawings/east.png",
                 "drawings/Thumbs.db", "stage_1/drawings/desktop.ini",  # (Windows' own files)
                 "camera_sheets/C012.png", "stage_1/camera_sheets/C001.png"):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text("old")
    with atomic_dir(target) as tmp:
        (tmp / "report.md").write_text("new")
    assert sorted(os.listdir(target)) == ["report.md"]


def test_write_csv_keeps_amounts_whole_and_drops_gap_dust(tmp_path) -> None:
    # %.6g had written a budget of 1,234,567 SEK as 1.23457e+06 and a proven gap as 3.97773e-15
    frame = pd.DataFrame({
        "budget_sek": [1_234_567.0, 2e6], "spent_sek": [1_234_000.0, 1_999_999.5],
        "gap": [3.97773e-15, -1e-16], "objective": [1657.691234567, 2.0],
        "status": ["optimal", "feasible"], "n_cameras_new": [19, 33],
    })
    write_csv(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines() == [
        "budget_sek,spent_sek,gap,objective,status,n_cameras_new",
        "1234567,1234000.0,0.0,1657.691235,optimal,19",
        "2000000,1999999.5,0.0,2.0,feasible,33",
    ]


def test_shapefile_column_names_cut_to_ten_characters_are_read_in_full(tmp_path):
    # a Shapefile keeps 10 characters of a column name (install_co, max_camera, existing_m,
    # existing_o): the sites layer could not be given as a Shapefile at all
    sites = gpd.GeoDataFrame(
        {"site_id": ["s1", "s2"], "mount_type": ["pole", "lamp_post"],
         "install_cost_sek": [45000.0, 12000.0], "max_cameras": [2, 1],
         "existing_model": ["dome", None], "existing_orientation_deg": [90.0, None]},
        geometry=[shapely.Point(0, 0), shapely.Point(10, 0)], crs="EPSG:3006")
    with warnings.catch_warnings():  # geopandas and GDAL warn that the names are cut
        warnings.simplefilter("ignore")
        sites.to_file(tmp_path / "sites.shp", engine="pyogrio")
    assert "install_co" in gpd.read_file(tmp_path / "sites.shp").columns
    # (existing_o is existing_orientation_true_deg's cut too: the scenario says which it is, the
    # message saying what each holds, so that the analyst can tell by the numbers)
    with pytest.raises(InputError) as err:
        read_layer(tmp_path / "sites.shp", SITES, crs="EPSG:3006", where="sites.shp")
    assert str(err.value) == (
        "sites.shp: column 'existing_o' may be existing_orientation_deg (grid bearings, as "
        "measured on a map in the scenario's CRS) or existing_orientation_true_deg (bearings from "
        "true north, as a compass or a map app gives them): a Shapefile cuts their names to the "
        "same 10 characters; "
        "say which in the scenario ([data.columns.sites] existing_orientation_deg = 'existing_o' "
        "or existing_orientation_true_deg = 'existing_o') or save the layer as a GeoPackage, "
        "which keeps whole names")
    got = read_layer(tmp_path / "sites.shp", SITES, crs="EPSG:3006",
                     columns={"existing_orientation_deg": "existing_o"})
    assert got["install_cost_sek"].tolist() == [45000.0, 12000.0]
    assert got["max_cameras"].tolist() == [2, 1]
    assert got["existing_model"].tolist()[0] == "dome"
    assert got["existing_orientation_deg"].tolist()[0] == 90.0


def test_a_shapefile_cut_name_shared_by_two_columns_is_read_when_empty_or_one_is_given(tmp_path):
    def written(name, grid):
        sites = gpd.GeoDataFrame(
            {"site_id": ["s1"], "mount_type": ["pole"], "install_cost_sek": [1.0],
             "max_cameras": [1], "existing_orientation_deg": [grid], "RIKTNING": [12.0]},
            geometry=[shapely.Point(0, 0)], crs="EPSG:3006")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sites.to_file(tmp_path / name, engine="pyogrio")
        return tmp_path / name

    # empty: nothing to tell apart
    assert read_layer(written("empty.shp", None), SITES, crs="EPSG:3006")[
        "existing_orientation_deg"].isna().all()
    # the true bearings mapped to a column of their own: existing_o is the grid one
    got = read_layer(written("both.shp", 11.0), SITES, crs="EPSG:3006",
                     columns={"existing_orientation_true_deg": "RIKTNING"})
    assert got[["existing_orientation_deg", "existing_orientation_true_deg"]].values.tolist() == [
        [11.0, 12.0]]


def test_a_shapefile_of_both_bearing_columns_left_empty_is_read(tmp_path):
    # GDAL writes the second column cut to 'existing_o' as 'existing_1': the planner had taken it
    # for a renamed existing_model ("map the one you mean ... existing_model = 'existing_1'")
    sites = gpd.GeoDataFrame(
        {"site_id": ["s1"], "mount_type": ["pole"], "install_cost_sek": [1.0], "max_cameras": [1],
         "existing_model": ["dome"], "existing_hfov_deg": [60.0],
         "existing_orientation_deg": [None], "existing_orientation_true_deg": [None]},
        geometry=[shapely.Point(0, 0)], crs="EPSG:3006")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sites.to_file(tmp_path / "sites.shp", engine="pyogrio")
    assert [c for c in gpd.read_file(tmp_path / "sites.shp").columns if c[:8] == "existing"] == [
        "existing_m", "existing_h", "existing_o", "existing_1"]
    got = read_layer(tmp_path / "sites.shp", SITES, crs="EPSG:3006")
    assert got[["existing_model", "existing_hfov_deg"]].values.tolist() == [["dome", 60.0]]
    assert got["existing_orientation_deg"].isna().all()


def test_ids_read_as_floats_are_whole_number_text_and_references_match(tmp_path):
    # a numeric id column with an empty cell is read as floats: building 17 had become '17.0'
    # on the mount and stayed '17' in the buildings layer ("not in the buildings layer")
    buildings = gpd.GeoDataFrame({"building_id": [17, 18]},
                                 geometry=[square(X0, Y0, 10), square(X0 + 50, Y0, 10)], crs=CRS)
    sites = gpd.GeoDataFrame(
        {"site_id": [1.0, 2.0], "mount_type": ["facade", "pole"], "install_cost_sek": [1.0, 1.0],
         "max_cameras": [1, 1], "building_id": [17.0, np.nan]},
        geometry=[Point(X0, Y0 + 5), Point(X0 + 30, Y0)], crs=CRS)
    sites.to_file(tmp_path / "sites.gpkg", engine="pyogrio")
    read = read_layer(tmp_path / "sites.gpkg", SITES, crs=CRS)
    assert read["site_id"].tolist() == ["1", "2"]
    assert read["building_id"].tolist() == ["17", None]
    assert check_layer(buildings, BUILDINGS, crs=CRS, where="b")["building_id"].tolist() == [
        "17", "18"]
    assert id_text(pd.Series([3, 2.5, None, "x", np.nan])).tolist() == ["3", "2.5", None, "x",
                                                                        None]


def test_area_names_are_text_and_an_empty_name_is_the_id():
    # a null name had passed validate and crashed the report after the whole solve (exit 1)
    out = check_layer(areas_frame(name=[None, 101]), AREAS, crs=CRS, where="f")
    assert out["name"].tolist() == ["a1", "101"]
    out = check_layer(areas_frame(name=["  ", " Nyhem "]), AREAS, crs=CRS, where="f")
    assert out["name"].tolist() == ["a1", "Nyhem"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [(["false", "True"], [False, True]), (["nej", "JA"], [False, True]),
     ([0, 1], [False, True]), ([None, "yes"], [False, True]), ([True, False], [True, False])],
)
def test_yes_no_flags_are_read_as_words_too(given, expected):
    # the text "false" had been read as True: every position marked approximate
    frame = gpd.GeoDataFrame(
        {"site_id": ["s1", "s2"], "mount_type": ["pole"] * 2, "install_cost_sek": [1.0] * 2,
         "max_cameras": [1] * 2, "approximate": given},
        geometry=[Point(X0, Y0), Point(X0 + 1, Y0)], crs=CRS)
    assert check_layer(frame, SITES, crs=CRS, where="f")["approximate"].tolist() == expected


def test_a_table_without_geometry_is_refused_by_name():
    table = pd.DataFrame({"site_id": ["s1"], "x": [X0], "y": [Y0]})
    with pytest.raises(InputError, match=r"^f: the sites layer has no geometry \(a table without "
                                         r"points\); save it as a GeoPackage"):
        check_layer(table, SITES, crs=CRS, where="f")  # type: ignore[arg-type]


def test_building_kinds_are_read_in_lower_case_and_empty_is_other():
    frame = gpd.GeoDataFrame({"building_id": ["b1", "b2", "b3"],
                              "kind": ["Residential", None, " PUBLIC "]},
                             geometry=[square(X0, Y0, 5), square(X0 + 10, Y0, 5),
                                       square(X0 + 20, Y0, 5)], crs=CRS)
    out = check_layer(frame, BUILDINGS, crs=CRS, where="f")
    assert out["kind"].tolist() == ["residential", "other", "public"]


def test_lantmateriet_building_types_are_read_as_kinds():
    # objekttyp of Lantmäteriet's Byggnad product, as most Swedish municipalities hold it (it had
    # been refused value by value, a recoding step for every municipality)
    kinds = {"Bostad": "residential", "Verksamhet": "commercial", "Industri": "commercial",
             "SAMHÄLLSFUNKTION": "public", "Ekonomibyggnad": "other",
             "Komplementbyggnad": "other", "Övrig byggnad": "other",
             "Bostad; Flerfamiljshus": "residential", "residential": "residential"}
    frame = gpd.GeoDataFrame({"building_id": [f"b{i}" for i in range(len(kinds))],
                              "kind": list(kinds)},
                             geometry=[square(X0 + 10 * i, Y0, 5) for i in range(len(kinds))],
                             crs=CRS)
    assert check_layer(frame, BUILDINGS, crs=CRS, where="f")["kind"].tolist() == list(
        kinds.values())
    # every distinct unknown value is named (the fix maps them all); three had been shown
    odd = frame.assign(kind=[f"typ {i}" for i in range(len(kinds) - 1)] + ["Bostad"])
    with pytest.raises(InputError, match=r"column 'kind' has values 'typ 0', 'typ 1', 'typ 2', "
                       r"'typ 3', 'typ 4', 'typ 5', 'typ 6', 'typ 7' \(b0, b1, b2, b3, b4 and 3 more"
                       r"\); use one of residential, commercial, public, other \(or bostad, "):
        check_layer(odd, BUILDINGS, crs=CRS, where="f")


def test_area_overlaps_below_one_percent_are_slivers_and_pass():
    from planner.plan import _check_overlaps

    # 100 x 100 m squares sharing a 0.5 m strip (50 m², 0.5 %): a digitising sliver
    areas = areas_frame()
    areas = areas.set_geometry([square(X0, Y0), square(X0, Y0 - 99.5)], crs=CRS)
    _check_overlaps(areas, where="f")
    # a 2 m strip (200 m², 2 %) is an overlap
    areas = areas.set_geometry([square(X0, Y0), square(X0, Y0 - 98.0)], crs=CRS)
    with pytest.raises(InputError, match=r"^f: areas a1 and a2 overlap by 200 m² \(2 % of the "):
        _check_overlaps(areas, where="f")


def test_utf8_shapefile_without_cpg_is_read_as_utf8(tmp_path):
    # saved as UTF-8 without a .cpg, GDAL reads Latin-1: "Nävertorp Östra" had become
    # "NÃ¤vertorp Ã–stra" in every output
    frame = areas_frame(name=["Nävertorp Östra", "Strängnäs"])
    frame.to_file(tmp_path / "areas.shp", engine="pyogrio")  # UTF-8, with a .cpg
    (tmp_path / "areas.cpg").unlink()
    assert not (tmp_path / "areas.cpg").exists()
    raw = gpd.read_file(tmp_path / "areas.shp", engine="pyogrio")
    assert raw["name"].iloc[0] != "Nävertorp Östra"  # what GDAL gives without help
    assert read_layer(tmp_path / "areas.shp", AREAS, crs=CRS)["name"].tolist() == [
        "Nävertorp Östra", "Strängnäs"]
    # text that is not UTF-8 read as Latin-1 is left alone
    from planner.io import _utf8_as_latin1

    assert not _utf8_as_latin1("Nävertorp") and not _utf8_as_latin1("plain")
    assert _utf8_as_latin1("NÃ¤vertorp")


def test_latitude_longitude_in_the_wrong_order_is_named():
    """Degrees with x and y swapped lie in Sweden only when swapped back (it had been reported
    as a CRS that stretches distances by 1.34 at latitude 16)."""
    frame = areas_frame().to_crs("EPSG:4326")
    frame["geometry"] = shapely.transform(frame.geometry.values, lambda c: c[:, ::-1])
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="areas.geojson")
    msg = str(err.value)
    assert msg.startswith("areas.geojson: the areas layer's coordinates are latitude, longitude")
    assert "(x 58.9" in msg and "lie in Sweden - onshore and offshore, the area EPSG:3006" in msg
    assert msg.endswith("save the layer with longitude as x and latitude as y")
    # the right order passes, also near the edge of the CRS's area
    assert len(check_layer(areas_frame().to_crs("EPSG:4326"), AREAS, crs=CRS, where="a")) == 2
    # a CRS whose area has longitudes that are also its latitudes (UTM 33N: 12-18 E, 0-84 N)
    # cannot tell a swap from another place: no claim (degrees of 5 E, 13 N had been "swapped")
    far = gpd.GeoDataFrame({"area_id": ["x"], "name": ["x"], "population": [1], "priority": [0]},
                           geometry=[square(5.0, 13.0, 0.01)], crs="EPSG:4326")
    assert len(check_layer(far, AREAS, crs="EPSG:32633", where="far.geojson")) == 1


def test_qgis_data_sources_name_the_layer_by_name_or_position(tmp_path):
    # QGIS copies a Shapefile's source as "lampor.shp|layerid=0": it had been "file not found"
    from planner.io import split_layer

    frame = gpd.GeoDataFrame({"site_id": ["s1"]}, geometry=[shapely.Point(0, 0)], crs="EPSG:3006")
    frame.to_file(tmp_path / "lampor.shp", engine="pyogrio")
    for layer in ("lamps", "zones"):
        frame.to_file(tmp_path / "two.gpkg", layer=layer, engine="pyogrio")
    assert split_layer(f"{tmp_path / 'lampor.shp'}|layerid=0") == (tmp_path / "lampor.shp", "lampor")
    assert split_layer(f"{tmp_path / 'two.gpkg'}|layerid=1") == (tmp_path / "two.gpkg", "zones")
    assert split_layer(f"{tmp_path / 'two.gpkg'}|layername=lamps") == (tmp_path / "two.gpkg", "lamps")
    assert split_layer(tmp_path / "two.gpkg") == (tmp_path / "two.gpkg", None)
    # (QGIS names a GeoPackage layer's type so: passed over)
    assert split_layer(f"{tmp_path / 'two.gpkg'}|layername=zones|geometrytype=Point") == (
        tmp_path / "two.gpkg", "zones")
    # a file that is not there: its read says so
    assert split_layer(f"{tmp_path / 'none.shp'}|layerid=0") == (tmp_path / "none.shp", None)
    with pytest.raises(InputError, match=r"two.gpkg: has no layer 2 \(layerid counts from 0\); "
                       r"its layers: lamps, zones$"):
        split_layer(f"{tmp_path / 'two.gpkg'}|layerid=2")
    # a misspelt layer name is told the layer it means (it had been given the list alone)
    with pytest.raises(InputError) as err:
        read_layer(f"{tmp_path / 'two.gpkg'}|layername=lampz", SITES, crs="EPSG:3006",
                   where="two.gpkg|layername=lampz")
    assert str(err.value) == ("two.gpkg: has no layer 'lampz'; its layers: lamps, zones; did you "
                              "mean 'lamps'?")
    with pytest.raises(InputError) as err:
        read_layer(f"{tmp_path / 'two.gpkg'}|layername=Zones", SITES, crs="EPSG:3006",
                   where="two.gpkg")
    assert str(err.value) == ("two.gpkg: has no layer 'Zones'; its layers: lamps, zones; did you "
                              "mean 'zones'? (names are matched as written)")
    # a layerid that is no number had been given the |subset= message
    with pytest.raises(InputError, match=r"two.gpkg: QGIS's '\|layerid=abc': layerid must be a "
                       r"whole number"):
        split_layer(f"{tmp_path / 'two.gpkg'}|layerid=abc")
    # a QGIS filter would not be applied: refused, not read in full
    with pytest.raises(InputError, match=r"lampor.shp: QGIS's '\|subset=\"typ\" = 1' is not read "
                       r"by the planner, which would read every feature of the layer; export"):
        split_layer(f'{tmp_path / "lampor.shp"}|layerid=0|subset="typ" = 1')
    got = read_layer(f"{tmp_path / 'lampor.shp'}|layerid=0",
                     LayerSpec("points", "site_id", ("Point",)), crs="EPSG:3006")
    assert got["site_id"].tolist() == ["s1"]


def test_a_blank_building_id_is_no_building():
    # an empty building_id had been an id: "refer to building_id , not in the buildings layer"
    sites = gpd.GeoDataFrame(
        {"site_id": ["s1", "s2", "s3"], "mount_type": ["lamp_post"] * 3,
         "install_cost_sek": [1.0] * 3, "max_cameras": [1] * 3,
         "building_id": ["", "  ", "17"]},
        geometry=[Point(X0, Y0), Point(X0 + 10, Y0), Point(X0 + 20, Y0)], crs=CRS)
    out = check_layer(sites, SITES, crs=CRS, where="f")
    assert out["building_id"].tolist() == [None, None, "17"]


def test_messages_name_a_layer_as_the_scenario_gives_it(tmp_path, monkeypatch, capsys, caplog):
    # a scenario's paths are absolute once loaded, and the layers' messages and warnings had
    # named them so ('/home/.../town/data/sites.gpkg: sites layer: ...'), a machine path
    from planner.cli import main
    from tests.conftest import write_town

    town = write_town(tmp_path / "town")
    (town.parent / "data").mkdir()
    sites = gpd.read_file(town.parent / "sites.gpkg")
    sites.assign(site_id="lamp-1", note=["call 070-123 45 67", ""]).to_file(
        town.parent / "data" / "sites.gpkg", engine="pyogrio")
    (town.parent / "data" / "cameras.toml").write_text("[[camera]]\nid = 1\n")
    town.write_text(town.read_text().replace('"sites.gpkg"', '"data/sites.gpkg"'))
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "validate", str(town)]) == 2
    assert capsys.readouterr().err.strip() == (
        "planner: error: data/sites.gpkg: sites layer: duplicate site_id values: lamp-1; ids "
        "must be unique")
    sites.assign(note=["call 070-123 45 67", ""]).to_file(
        town.parent / "data" / "sites.gpkg", engine="pyogrio")
    with caplog.at_level("WARNING"):
        assert main(["validate", str(town)]) == 0
    assert [r.getMessage()[:49] for r in caplog.records if "personal data" in r.getMessage()] \
        == ["data/sites.gpkg: column 'note' of 1 feature holds"]
    town.write_text(town.read_text().replace('"cameras.toml"', '"data/cameras.toml"'))
    assert main(["-q", "validate", str(town)]) == 2
    assert capsys.readouterr().err.strip().startswith(
        "planner: error: data/cameras.toml: camera #1: ")


def test_a_file_gdal_cannot_read_is_named_as_the_scenario_gives_it(tmp_path, monkeypatch, capsys):
    # GDAL's own text names the file by the path it was given: the scenario's, made absolute
    # ("cannot read the sites layer ('/home/.../scen/../data/sites.gpkg' not recognized ...")
    from planner.cli import main
    from tests.conftest import write_town

    town = write_town(tmp_path / "town" / "scen")
    (tmp_path / "town" / "data").mkdir()
    (tmp_path / "town" / "data" / "sites.gpkg").write_bytes(b"garbage")
    town.write_text(town.read_text().replace('"sites.gpkg"', '"../data/sites.gpkg"'))
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "validate", str(town)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("planner: error: ../data/sites.gpkg: cannot read the sites layer "
                          "('../data/sites.gpkg' not recognized as being in a supported file "
                          "format.; ")
    assert str(tmp_path) not in err


def test_a_declared_crs_the_coordinates_do_not_fit_names_the_layer_and_the_crs():
    """SWEREF 99 TM coordinates declared RT 90 (or read so by ``[data.crs]``) lie ~1,000 km west
    of RT 90's area; they had been refused only as "all 32 sites lie outside the study area" in
    the sites file, beside a warning that no building lies near an area."""
    frame = areas_frame().set_crs("EPSG:3021", allow_override=True)
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="omraden.gpkg")
    assert str(err.value) == (
        "omraden.gpkg: the areas layer declares EPSG:3021 (RT90 2.5 gon V), but its coordinates "
        "(568735, 6539693) lie far outside the area that CRS is made for, and read in the "
        "scenario's crs EPSG:3006 they lie in Sweden - onshore and offshore; declare the CRS "
        "of its coordinates when saving it (EPSG:3006?), or name it in the scenario "
        "([data.crs] areas = \"EPSG:3006\")")
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="omraden.gpkg", crs_key="areas")
    assert str(err.value) == (
        "omraden.gpkg: the scenario's [data.crs] areas = 'EPSG:3021' (RT90 2.5 gon V) puts the "
        "areas layer's coordinates (568735, 6539693) far outside the area that CRS is made "
        "for, and read in the scenario's crs EPSG:3006 they lie in Sweden - onshore and "
        "offshore; correct data.crs.areas in the scenario to the CRS of the file's coordinates "
        "(EPSG:3006?)")
    # the same areas truly in RT 90, in UTM 33N or in a SWEREF 99 local zone pass
    for other in ("EPSG:3021", "EPSG:32633", "EPSG:3010"):
        moved = check_layer(areas_frame().to_crs(other), AREAS, crs=CRS, where="a")
        assert moved.total_bounds == pytest.approx(areas_frame().total_bounds, abs=0.01)


def test_degrees_read_as_metres_name_the_layer_and_the_crs_to_give():
    """Katrineholm's areas in degrees read as SWEREF 99 TM metres (declared so by the file, or
    by a ``[data.crs]`` equal to the scenario's) lie 59 m from the equator: they had been
    refused as "every site outside the study area", naming the sites file."""
    degrees = areas_frame().to_crs("EPSG:4326")
    x0, y0 = degrees.total_bounds[:2]
    frame = degrees.set_crs("EPSG:3006", allow_override=True)
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="omraden.geojson")
    assert str(err.value) == (
        f"omraden.geojson: the layer declares EPSG:3006, which reads the areas layer's "
        f"coordinates ({x0:.4f}, {y0:.4f}) in metres, but they are longitude, latitude degrees "
        "(read so, they lie in Sweden - onshore and offshore); declare EPSG:4326 when saving "
        'it, or name it in the scenario ([data.crs] areas = "EPSG:4326")')
    with pytest.raises(InputError) as err:
        check_layer(frame, AREAS, crs=CRS, where="omraden.geojson", crs_key="areas")
    assert str(err.value).startswith(
        "omraden.geojson: the scenario's [data.crs] areas = 'EPSG:3006' reads the areas layer's "
        f"coordinates ({x0:.4f}, {y0:.4f}) in metres, but they are longitude, latitude degrees")
    assert str(err.value).endswith('; correct data.crs.areas in the scenario to "EPSG:4326"')
    # the same degrees declared as degrees pass, and so do small coordinates in metres that
    # read as degrees would not lie in Sweden (10-20 m: in Africa), left to the later checks
    assert check_layer(degrees, AREAS, crs=CRS, where="a").total_bounds == pytest.approx(
        areas_frame().total_bounds, abs=0.01)
    small = areas_frame().iloc[:1].copy()
    small["geometry"] = [shapely.box(10, 10, 20, 20)]
    assert check_layer(small, AREAS, crs=CRS, where="a").total_bounds.tolist() == [10, 10, 20, 20]



@pytest.mark.parametrize("declared", ["EPSG:32633", "EPSG:3857", "EPSG:3035", "EPSG:8857"])
def test_degrees_read_as_metres_in_any_projected_crs_are_refused(tmp_path, declared):
    """Degrees in a file that declares UTM 33N, Web Mercator, LAEA Europe or Equal Earth had
    passed the check made for SWEREF 99 TM (their areas in metres reach their origins) and
    ended as "every site outside the study area". Read as metres, degree-sized numbers lie
    within 201 m of the CRS's origin: outside UTM 33N's zone (500 km west of 15° E, on the
    equator), or at 0°, 0° in open sea (Web Mercator's, Equal Earth's)."""
    degrees = areas_frame().to_crs("EPSG:4326")
    x0, y0 = degrees.total_bounds[:2]
    area = pyproj.CRS(declared).area_of_use
    assert area is not None
    place = area.name.split(".")[0]
    for name in ("omraden.gpkg", "omraden.geojson"):
        degrees.set_crs(declared, allow_override=True).to_file(tmp_path / name)
        with pytest.raises(InputError) as err:
            read_layer(tmp_path / name, AREAS, crs=CRS, where=name)
        assert str(err.value) == (
            f"{name}: the layer declares {declared}, which reads the areas layer's coordinates "
            f"({x0:.4f}, {y0:.4f}) in metres, but they are longitude, latitude degrees (read so, "
            f'they lie in {place}); declare EPSG:4326 when saving it, or name it in the scenario '
            '([data.crs] areas = "EPSG:4326")')
    (tmp_path / "lampor.csv").write_text(
        "site_id;x;y;mount_type;max_cameras;install_cost_sek\n"
        "1;16,2;59,0;lamp_post;1;100\n2;16,21;59,01;lamp_post;1;100\n", encoding="utf-8")
    with pytest.raises(InputError) as err:  # (a scenario planned in that CRS)
        read_layer(tmp_path / "lampor.csv", SITES, crs=declared, where="lampor.csv")
    assert str(err.value) == (
        f"lampor.csv: the CSV's x, y are read in the scenario's crs, {declared}, which reads the "
        "sites layer's coordinates (16.2000, 59.0000) in metres, but they are longitude, "
        f"latitude degrees (read so, they lie in {place}); name its columns lon, lat, or name "
        'the CRS in the scenario ([data.crs] sites = "EPSG:4326")')
    with pytest.raises(InputError) as err:  # (and one [data.crs] names)
        read_layer(tmp_path / "lampor.csv", SITES, crs=CRS, source_crs=declared,
                   where="lampor.csv")
    assert str(err.value).startswith(
        f"lampor.csv: the scenario's [data.crs] sites = '{declared}' reads the sites layer's "
        "coordinates (16.2000, 59.0000) in metres, but they are longitude, latitude degrees")
    # the same areas truly in that CRS pass
    truly = areas_frame().to_crs(declared)
    truly.to_file(tmp_path / "truly.gpkg")
    assert read_layer(tmp_path / "truly.gpkg", AREAS, crs=CRS).total_bounds == pytest.approx(
        areas_frame().total_bounds, abs=0.01)


def test_small_metres_where_the_crs_has_a_place_at_its_origin_pass():
    """Metres within 201 m of a CRS's origin are data of it where that origin is a place in
    the CRS's area (Antarctic polar stereographic: the South Pole, where a station stands);
    read as degrees they would lie in its area too, but they are not refused. Small metres
    that read as degrees lie outside the CRS's area are left to the later checks too."""
    pole = areas_frame().iloc[:1].copy()
    pole["geometry"] = [shapely.box(-40, -80, 40, -65)]  # (80 m by 15 m, 65-80 m from the pole)
    pole = pole.set_crs("EPSG:3031", allow_override=True)
    kept = check_layer(pole, AREAS, crs="EPSG:3031", where="a")
    assert kept.total_bounds.tolist() == [-40, -80, 40, -65]
    utm = areas_frame().iloc[:1].copy()
    utm["geometry"] = [shapely.box(30, 10, 40, 20)]  # (read as degrees: 30° E, outside 12-18° E)
    utm = utm.set_crs("EPSG:32633", allow_override=True)
    assert check_layer(utm, AREAS, crs="EPSG:32633", where="a").total_bounds.tolist() == [
        30, 10, 40, 20]


def test_a_layer_column_and_a_mapping_in_decomposed_letters_are_read_as_the_names_they_show(
        tmp_path):
    """``Befolkning_år`` saved or typed on a Mac (å as a + U+030A, NFD) had been "no column
    'Befolkning_år'; its columns: ..., Befolkning_år"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Befolkning_år")
    assert decomposed != "Befolkning_år"
    areas_frame().rename(columns={"population": decomposed}).to_file(tmp_path / "a.gpkg")
    frame = read_layer(tmp_path / "a.gpkg", AREAS, crs=CRS,
                       columns={"population": "Befolkning_år"})
    assert frame["population"].tolist() == [100, 200]
    areas_frame().rename(columns={"population": "Befolkning_år"}).to_file(tmp_path / "b.gpkg")
    frame = read_layer(tmp_path / "b.gpkg", AREAS, crs=CRS, columns={"population": decomposed})
    assert frame["population"].tolist() == [100, 200]


def test_ids_with_spaces_around_them_are_the_ids_they_show():
    """A lamp register's "0428003 " (a space Excel kept) and "0428003" had been two mounts, the
    register and the map naming both 0428003; an id of spaces only had been an id."""
    frame = areas_frame(area_id=["a1 ", "a1"])
    with pytest.raises(InputError, match=r"duplicate area_id values: a1; ids must be unique$"):
        check_layer(frame, AREAS, crs=CRS, where="f")
    assert check_layer(areas_frame(area_id=[" a1", "a2\t"]), AREAS, crs=CRS,
                       where="f")["area_id"].tolist() == ["a1", "a2"]
    with pytest.raises(InputError, match=r"column 'area_id' has empty ids; give every feature "
                                         r"an id$"):
        check_layer(areas_frame(area_id=["a1", "  "]), AREAS, crs=CRS, where="f")
    assert id_text(pd.Series([" 0010019 ", 17.0, None])).tolist() == ["0010019", "17", None]


def test_metres_in_a_geojson_without_its_crs_are_told_both_fixes(tmp_path):
    """GeoJSON without a ``crs`` member is WGS 84 (RFC 7946): SWEREF 99 TM coordinates written
    so by a script had been told only to "declare its real CRS when saving it", which such a
    file cannot; ``[data.crs]`` reads it."""
    import json

    data = json.loads(areas_frame().to_json())
    data.pop("crs", None)
    (tmp_path / "omraden.geojson").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_layer(tmp_path / "omraden.geojson", AREAS, crs=CRS, where="omraden.geojson")
    assert str(err.value) == (
        "omraden.geojson: the areas layer declares the geographic CRS EPSG:4326 but its "
        "coordinates (568735, 6.53969e+06) are not degrees; declare its real CRS (e.g. "
        "EPSG:3006) when saving it, or name it in the scenario ([data.crs] areas = "
        "\"EPSG:3006\")")
    frame = read_layer(tmp_path / "omraden.geojson", AREAS, crs=CRS, source_crs="EPSG:3006")
    assert frame["area_id"].tolist() == ["a1", "a2"]


def test_mount_types_are_read_in_any_case_and_in_the_swedish_documents_words():
    """Excel capitalises a typed "lamp_post" ("Lamp_post"), and a Swedish register says what
    the planner's Swedish documents call them: both had been "is not one of lamp_post, pole,
    facade", where a building's kind was read in any case."""
    frame = gpd.GeoDataFrame(
        {"site_id": ["s1", "s2", "s3", "s4", "s5"],
         "mount_type": ["Lamp_post", " POLE ", "Belysningsstolpe", "stolpe", "Fasad"],
         "install_cost_sek": [1.0] * 5, "max_cameras": [2] * 5},
        geometry=[Point(X0 + k, Y0) for k in range(5)], crs=CRS)
    out = check_layer(frame, SITES, crs=CRS, where="f")
    assert out["mount_type"].tolist() == ["lamp_post", "pole", "lamp_post", "pole", "facade"]
    frame.loc[4, "mount_type"] = "gatlykta"
    with pytest.raises(InputError) as err:
        check_layer(frame, SITES, crs=CRS, where="stolpar.csv")
    assert str(err.value) == (
        "stolpar.csv: sites layer: column 'mount_type' has value 'gatlykta' (s5); use one of "
        "lamp_post, pole, facade (or belysningsstolpe, stolpe, fasad)")


def test_an_empty_mount_type_is_told_as_empty_with_the_words_and_the_default():
    """An empty cell of the sites' mount_type (a register's row not filled in) had been "site
    s2: mount_type nan is not one of lamp_post, pole, facade", after the check of the layer."""
    frame = gpd.GeoDataFrame(
        {"site_id": ["s1", "s2", "s3"], "mount_type": ["pole", None, "  "],
         "install_cost_sek": [1.0] * 3, "max_cameras": [2] * 3},
        geometry=[Point(X0 + k, Y0) for k in range(3)], crs=CRS)
    with pytest.raises(InputError) as err:
        check_layer(frame, SITES, crs=CRS, where="stolpar.csv")
    assert str(err.value) == (
        "stolpar.csv: sites layer: column 'mount_type' has 2 empty values (s2, s3); use one of "
        "lamp_post, pole, facade (or belysningsstolpe, stolpe, fasad), or give the layer's "
        "default in the scenario ([data.defaults] sites.mount_type = \"lamp_post\")")


def _styled_areas(tmp_path):
    """An areas GeoPackage of one layer of data and the layer_styles table QGIS saves beside it."""
    from planner._gpkg_styles import data_styles, style_table

    frame = areas_frame()
    path = tmp_path / "areas.gpkg"
    write_gpkg([("deso", frame)], path,
               styles=style_table(data_styles([("areas", frame)])))
    assert pyogrio.list_layers(path)[:, 0].tolist() == ["deso", "layer_styles"]
    return path


def test_a_gpkg_of_one_layer_and_its_saved_styles_is_read_at_that_layer_without_a_warning(
        tmp_path):
    """Picking no layer had left GDAL to choose: pyogrio warned "More than one layer"."""
    path = _styled_areas(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        areas = read_layer(path, AREAS, crs=CRS)
    assert areas["area_id"].tolist() == ["a1", "a2"]
    assert read_layer(f"{path}|layerid=0", AREAS, crs=CRS)["area_id"].tolist() == ["a1", "a2"]


def test_qgis_layerid_of_the_styles_table_is_told_as_not_data(tmp_path):
    path = _styled_areas(tmp_path)
    with pytest.raises(InputError) as caught:
        read_layer(f"{path}|layerid=1", AREAS, crs=CRS, where="areas.gpkg")
    assert str(caught.value) == (
        "areas.gpkg: layer 1 is layer_styles, QGIS's table of saved styles, not data; name a "
        "layer of data as \"areas.gpkg|layername=NAME\" (its layers of data: deso)")
