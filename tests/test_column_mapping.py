"""``data.columns``: layers kept under the municipality's own column names."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from planner.cli import main
from planner.errors import InputError
from planner.scenario import load_scenario
from tests.conftest import write_town

MAPPING = """
[data.columns.areas]
area_id = "DESO"
name = "NAMN"
population = "BEF_TOT"
[data.columns.sites]
site_id = "LAMP_NR"
install_cost_sek = "KOSTNAD"
"""


def rename_layers(folder: Path) -> None:
    """The town's areas and sites as another municipality keeps them."""
    areas = gpd.read_file(folder / "areas.geojson")
    areas.rename(columns={"area_id": "DESO", "name": "NAMN", "population": "BEF_TOT"}).to_file(
        folder / "areas.geojson", engine="pyogrio"
    )
    sites = gpd.read_file(folder / "sites.gpkg")
    sites.rename(columns={"site_id": "LAMP_NR", "install_cost_sek": "KOSTNAD"}).to_file(
        folder / "sites.gpkg", engine="pyogrio"
    )


def summary_and_cameras(out: Path) -> tuple[dict, list]:
    summary = json.loads((out / "summary.json").read_text())
    cams = gpd.read_file(out / "cameras.geojson")
    return summary, cams[["site_id", "model", "orientation_deg"]].values.tolist()


def test_mapped_columns_give_the_plan_of_the_planners_names(tmp_path):
    plain = write_town(tmp_path / "plain", budget=60_000.0)
    mapped = write_town(tmp_path / "mapped", budget=60_000.0, extra=MAPPING)
    rename_layers(mapped.parent)
    assert main(["-q", "plan", str(plain), "--out", str(tmp_path / "a")]) == 0
    assert main(["-q", "plan", str(mapped), "--out", str(tmp_path / "b")]) == 0
    sa, ca = summary_and_cameras(tmp_path / "a")
    sb, cb = summary_and_cameras(tmp_path / "b")
    assert sb["objective"] == sa["objective"] and sb["spent_sek"] == sa["spent_sek"]
    assert cb == ca and {c[0] for c in cb} <= {"lamp-1", "lamp-2"}
    # the areas keep their ids and names: the outputs use the planner's columns
    areas = gpd.read_file(tmp_path / "b" / "areas.geojson")
    assert sorted(areas["area_id"]) == ["east", "west"]
    assert sorted(areas["name"]) == ["East side", "West side"]
    assert sb["settings"]["data"]["columns"]["areas"]["population"] == "BEF_TOT"


def test_a_mapped_column_replaces_one_of_the_planners_name(tmp_path):
    """The layer has a stale ``population`` too: the mapped column is the one read."""
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\npopulation = "BEF_2023"\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas["BEF_2023"] = areas["population"] * 2
    areas["population"] = 0
    areas.to_file(scenario.parent / "areas.geojson", engine="pyogrio")
    from planner.plan import load_inputs

    inputs = load_inputs(load_scenario(scenario))
    assert dict(zip(inputs.areas["area_id"], inputs.areas["population"], strict=True)) == {
        "east": 1200, "west": 800}
    assert "BEF_2023" not in inputs.areas.columns


def test_a_mapped_column_the_layer_lacks_is_named_with_its_columns(tmp_path, capsys):
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\npopulation = "BEF"\n')
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "areas.geojson" in err and "no column 'BEF'" in err
    assert "data.columns.areas" in err and "its columns: area_id, name, population" in err
    assert err.endswith("; correct the name in the scenario")


def test_a_misspelt_mapped_name_is_told_the_column_it_means(tmp_path, capsys):
    # (errors.closest, as every "did you mean": only a name in another case had been suggested)
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\npopulation = "populaton"\n')
    assert main(["validate", str(scenario)]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "no column 'populaton' (named for 'population' by data.columns.areas); its columns: "
        "area_id, name, population, priority; did you mean 'population'?")


def test_a_mapped_name_in_another_case_is_suggested(tmp_path, capsys):
    # the analyst's BEF_TOT was bef_tot in the file: the message had only listed the columns
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\npopulation = "BEF_TOT"\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas.rename(columns={"population": "bef_tot"}).to_file(scenario.parent / "areas.geojson",
                                                            engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("no column 'BEF_TOT' (named for 'population' by data.columns.areas); "
                        "its columns: area_id, name, bef_tot, priority; did you mean 'bef_tot'? "
                        "(names are matched as written)")


def test_a_bad_value_names_the_users_column(tmp_path, capsys):
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\npopulation = "BEF"\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas = areas.drop(columns="population").assign(BEF=["600", "many"])
    areas.to_file(scenario.parent / "areas.geojson", engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "column 'population' (your 'BEF') has 1 missing or non-numeric value (west" in err
    assert "'many'" in err


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('[data.columns.areas]\npopulaton = "BEF"', "did you mean 'population'?"),
        ('[data.columns.lamps]\nsite_id = "NR"', "no layer 'lamps'; give one of areas, sites"),
        ('[data.columns.sites]\nsite_id = "NR"\nnote = "NR"', "'NR' is given for two columns"),
        ('[data.columns.sites]\nsite_id = " "', "give the name of your column"),
    ],
)
def test_the_mapping_itself_is_checked(tmp_path, table, expected):
    scenario = write_town(tmp_path / "t", extra=table)
    with pytest.raises(InputError) as caught:
        load_scenario(scenario)
    assert "key data.columns" in str(caught.value) and expected in str(caught.value)


def test_a_missing_column_suggests_the_mapping(tmp_path, capsys):
    scenario = write_town(tmp_path / "t")
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas.rename(columns={"population": "BEF_TOT"}).to_file(
        scenario.parent / "areas.geojson", engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "column 'population' is missing" in err
    assert '[data.columns.areas] population = "YOUR_COLUMN"' in err


def test_set_and_variants_may_add_a_mapping(tmp_path):
    scenario = write_town(tmp_path / "t", extra=(
        '[variants.scb]\n"data.columns.areas.population" = "BEF_TOT"\n'))
    loaded = load_scenario(scenario, overrides={"data.columns.sites.site_id": "LAMP_NR"})
    assert loaded.data.columns == {"sites": {"site_id": "LAMP_NR"}}
    assert loaded.variant("scb").data.columns == {"sites": {"site_id": "LAMP_NR"},
                                                  "areas": {"population": "BEF_TOT"}}
    with pytest.raises(InputError, match="the planner reads no column 'popu'"):
        load_scenario(scenario, overrides={"data.columns.areas.popu": "X"})
    with pytest.raises(InputError, match="unknown key"):
        load_scenario(scenario, overrides={"data.colums": "X"})


def test_a_column_of_the_planners_may_be_mapped_to_another_and_keep_its_values(tmp_path):
    """``name = "area_id"``: the names are the ids (renaming had lost the ids: "column 'area_id'
    is missing")."""
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\nname = "area_id"\n')
    from planner.plan import load_inputs

    areas = load_inputs(load_scenario(scenario)).areas
    assert areas["area_id"].tolist() == areas["name"].tolist() == ["east", "west"]


def test_later_checks_name_the_users_columns_too(tmp_path, capsys):
    scenario = write_town(tmp_path / "t", extra=(
        '[data.columns.areas]\npriority = "PRIO"\n[data.columns.sites]\nmax_cameras = "ANTAL"\n'))
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas.rename(columns={"priority": "PRIO"}).assign(PRIO=[2.0, 0.0]).to_file(
        scenario.parent / "areas.geojson", engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    assert "column 'priority' (your 'PRIO') must be in [0, 1] (areas east)" in \
        capsys.readouterr().err
    areas = gpd.read_file(scenario.parent / "areas.geojson").assign(PRIO=[1.0, 0.0])
    areas.to_file(scenario.parent / "areas.geojson", engine="pyogrio")
    sites = gpd.read_file(scenario.parent / "sites.gpkg")
    sites.rename(columns={"max_cameras": "ANTAL"}).assign(ANTAL=[0, 2]).to_file(
        scenario.parent / "sites.gpkg", engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    assert "site lamp-1: max_cameras (your 'ANTAL') 0 must be a whole number 1..16" in \
        capsys.readouterr().err


def test_an_empty_layer_with_a_mapping_says_it_is_empty(tmp_path, capsys):
    scenario = write_town(tmp_path / "t", extra='[data.columns.buildings]\nbuilding_id = "ID"\n')
    buildings = gpd.read_file(scenario.parent / "buildings.gpkg")
    buildings.iloc[0:0].to_file(scenario.parent / "buildings.gpkg", engine="pyogrio")
    assert main(["validate", str(scenario)]) == 2
    assert "the buildings layer is empty" in capsys.readouterr().err


def test_a_mapped_name_a_shapefile_cut_to_10_characters_is_found(tmp_path, capsys):
    # BEFOLKNING_2023 saved as a Shapefile is BEFOLKNING: the planner's own names were found
    # cut (install_co), the analyst's mapped ones had been refused as naming no column
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\n'
                          'population = "BEFOLKNING_2023"\npriority = "PRIORITET_INDEX"\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson").to_crs("EPSG:3006")
    areas = areas.rename(columns={"population": "BEFOLKNING", "priority": "PRIORITET_"})
    areas.to_file(scenario.parent / "areas.shp", engine="pyogrio", encoding="utf-8")
    scenario.write_text(scenario.read_text().replace('"areas.geojson"', '"areas.shp"'))
    from planner.plan import load_inputs

    inputs = load_inputs(load_scenario(scenario))
    assert dict(zip(inputs.areas["area_id"], inputs.areas["population"], strict=True)) == {
        "east": 600, "west": 400}
    assert inputs.areas["priority"].tolist() == [1.0, 0.0]
    # a message still names the column as the scenario does
    areas.assign(BEFOLKNING=["600", "many"]).to_file(scenario.parent / "areas.shp",
                                                     engine="pyogrio", encoding="utf-8")
    assert main(["validate", str(scenario)]) == 2
    assert "column 'population' (your 'BEFOLKNING_2023') has 1 missing or non-numeric value (" \
        in capsys.readouterr().err


def test_a_cut_name_gdal_renamed_a_twin_of_is_refused_not_guessed(tmp_path, capsys):
    # two years of population saved as a Shapefile are BEFOLKNING and BEFOLKNI_1: the mapping
    # to BEFOLKNING_2022 had silently read BEFOLKNING, the 2023 figures
    scenario = write_town(tmp_path / "t", extra='[data.columns.areas]\n'
                          'population = "BEFOLKNING_2022"\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson").to_crs("EPSG:3006")
    areas = areas.assign(BEFOLKNING_2023=[5000, 7000], BEFOLKNING_2022=areas["population"])
    with warnings.catch_warnings():  # (GDAL says it cuts the names)
        warnings.simplefilter("ignore")
        areas.drop(columns="population").to_file(scenario.parent / "areas.shp",
                                                 engine="pyogrio", encoding="utf-8")
    cut = [c for c in gpd.read_file(scenario.parent / "areas.shp").columns if c.startswith("BEF")]
    assert cut == ["BEFOLKNING", "BEFOLKNI_1"]  # (GDAL's renaming, which the check assumes)
    scenario.write_text(scenario.read_text().replace('"areas.geojson"', '"areas.shp"'))
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "planner: error: areas.shp: your column 'BEFOLKNING_2022' (for "
        "'population') is cut to 10 characters in a Shapefile, and the file has 'BEFOLKNING', "
        "'BEFOLKNI_1', which GDAL made of names that begin alike; map the one you mean "
        "([data.columns.areas] population = 'BEFOLKNI_1' or 'BEFOLKNING') or save the layer "
        "as a GeoPackage, which keeps whole names")
    # mapped to the renamed column, the 2022 figures are read
    scenario.write_text(scenario.read_text().replace('"BEFOLKNING_2022"', '"BEFOLKNI_1"'))
    from planner.plan import load_inputs

    inputs = load_inputs(load_scenario(scenario))
    assert dict(zip(inputs.areas["area_id"], inputs.areas["population"], strict=True)) == {
        "east": 600, "west": 400}


def test_a_planner_column_whose_cut_name_has_a_twin_is_refused(tmp_path):
    # install_cost_2020 written first takes install_co; install_cost_sek becomes install__1
    from planner._io_specs import SITES
    from planner.io import read_layer

    sites = gpd.GeoDataFrame(
        {"site_id": ["s1"], "mount_type": ["pole"], "install_cost_2020": [1.0],
         "install_cost_sek": [45000.0]}, geometry=[shapely.Point(0, 0)], crs="EPSG:3006")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sites.to_file(tmp_path / "sites.shp", engine="pyogrio")
    with pytest.raises(InputError, match=r"the planner's column 'install_cost_sek' is cut to 10 "
                       r"characters in a Shapefile, and the file has 'install_co', 'install__1'"):
        read_layer(tmp_path / "sites.shp", SITES, crs="EPSG:3006")


def test_existing_hfov_deg_is_restored_from_a_shapefile_and_may_be_mapped(tmp_path):
    # a Shapefile cuts existing_hfov_deg to existing_h: the zoom had been dropped (read as the
    # model's widest), and mapping the column had been refused as not the planner's
    from planner.plan import load_inputs
    from tests.conftest import sites_with_old_camera

    scenario = write_town(tmp_path / "t")
    sites = sites_with_old_camera(existing_hfov_deg=[90.0, None])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sites.to_file(scenario.parent / "sites.shp", engine="pyogrio")
    assert "existing_h" in gpd.read_file(scenario.parent / "sites.shp").columns
    # (its bearing's existing_o is existing_orientation_true_deg's cut too: the scenario says which)
    text = (scenario.read_text().replace('"sites.gpkg"', '"sites.shp"')
            + '\n[data.columns.sites]\nexisting_orientation_deg = "existing_o"\n')
    scenario.write_text(text)
    got = load_inputs(load_scenario(scenario)).sites.set_index("site_id")["existing_hfov_deg"]
    assert got["old"] == 90.0 and got.isna()["lamp-1"]
    def zoom_column(values: list[str]) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sites.rename(columns={"existing_hfov_deg": "ZOOM"}).assign(
                ZOOM=values).to_file(scenario.parent / "sites.shp", engine="pyogrio")

    zoom_column(["90", ""])
    scenario.write_text(text + 'existing_hfov_deg = "ZOOM"\n')
    got = load_inputs(load_scenario(scenario)).sites.set_index("site_id")["existing_hfov_deg"]
    assert got["old"] == 90.0 and got.isna()["lamp-1"]
    zoom_column(["wide", ""])
    with pytest.raises(InputError, match=r"column 'existing_hfov_deg' \(your 'ZOOM'\) has 1 "
                       r"non-numeric value \(old; got 'wide'\)"):
        load_inputs(load_scenario(scenario))


def test_spaces_around_a_layers_column_names_are_dropped(tmp_path):
    """A GeoJSON's "population " and a GeoPackage's " site_id" (a spreadsheet's trailing space,
    kept by the export) are the planner's columns, as a CSV's header already was; a mapping
    with spaces around the name finds its column too."""
    from planner.plan import load_inputs

    scenario = write_town(tmp_path / "t", extra='[data.columns.sites]\ninstall_cost_sek = " KOSTNAD "\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas.rename(columns={"population": "population "}).to_file(
        scenario.parent / "areas.geojson", engine="pyogrio")
    sites = gpd.read_file(scenario.parent / "sites.gpkg")
    costs = sites["install_cost_sek"].tolist()
    sites.rename(columns={"site_id": " site_id", "install_cost_sek": "KOSTNAD"}).to_file(
        scenario.parent / "sites.gpkg", engine="pyogrio")
    assert " site_id" in gpd.read_file(scenario.parent / "sites.gpkg").columns  # (as saved)
    inputs = load_inputs(load_scenario(scenario))
    assert dict(zip(inputs.areas["area_id"], inputs.areas["population"], strict=True)) == {
        "east": 600, "west": 400}
    assert inputs.sites["install_cost_sek"].tolist() == costs
    assert {"site_id", "install_cost_sek"} <= set(inputs.sites.columns)


def test_a_mapping_with_spaces_reads_its_own_column_beside_a_twin_without_them(tmp_path):
    """A layer with both "pop" and "pop " (the twin kept as saved, as column_names keeps
    names whose trimming would make another's): a mapping to "pop " reads "pop ", not "pop"
    (trimming the mapping had read the other column, silently)."""
    from planner.plan import load_inputs

    scenario = write_town(tmp_path / "t",
                          extra='[data.columns.areas]\npopulation = "pop "\n')
    areas = gpd.read_file(scenario.parent / "areas.geojson")
    areas = areas.rename(columns={"population": "pop "}).assign(pop=[1, 2])
    areas.to_file(scenario.parent / "areas.geojson", engine="pyogrio")
    inputs = load_inputs(load_scenario(scenario))
    assert dict(zip(inputs.areas["area_id"], inputs.areas["population"], strict=True)) == {
        "east": 600, "west": 400}
