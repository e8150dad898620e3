"""Point layers from delimited text: a lighting register or incident list exported as a CSV.

A municipality's lamp register comes out of its system or Excel as ``;``-separated text with
decimal commas, Swedish column names and, from a Swedish Excel, in Windows-1252; the planner
had refused every CSV as "a table without points".
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer

from planner.cli import main
from planner.errors import InputError
from planner.plan import load_inputs
from planner.scenario import load_scenario
from tests.conftest import write_town

REGISTER_COLUMNS = ('[data.columns.sites]\nsite_id = "stolpnr"\nmount_type = "stolptyp"\n'
                    'install_cost_sek = "kostnad"\nmax_cameras = "max_kameror"\n')


def register(scenario: Path, *, names: tuple[str, str] = ("x", "y"), swap: bool = False,
             crs: str | None = None, encoding: str = "cp1252") -> Path:
    """The town's sites as a Swedish lamp register: ';', decimal commas, Windows-1252."""
    sites = gpd.read_file(scenario.parent / "sites.gpkg")
    if crs is not None:
        sites = sites.to_crs(crs)
    x, y = sites.geometry.x + 0.25, sites.geometry.y + 0.5  # (decimals: commas in the file)
    if swap:
        x, y = y, x
    table = pd.DataFrame({
        "stolpnr": ["Stolpe Ö-" + s for s in sites["site_id"]],
        "gata": "Östra vägen",
        names[0]: x.round(2), names[1]: y.round(2),
        "kostnad": sites["install_cost_sek"], "stolptyp": sites["mount_type"],
        "max_kameror": sites["max_cameras"],
    })
    path = scenario.parent / "belysning.csv"
    path.write_bytes(table.to_csv(index=False, sep=";", decimal=",").encode(encoding))
    text = scenario.read_text(encoding="utf-8").replace('sites = "sites.gpkg"',
                                                        'sites = "belysning.csv"')
    scenario.write_text(text + "\n" + REGISTER_COLUMNS, encoding="utf-8")
    return path


def test_a_swedish_lamp_register_csv_gives_the_plan_of_its_geopackage(tmp_path):
    gpkg = write_town(tmp_path / "gpkg")
    csv = write_town(tmp_path / "csv")
    register(csv)
    sites = load_inputs(load_scenario(csv)).sites.set_index("site_id")
    original = gpd.read_file(csv.parent / "sites.gpkg").set_index("site_id")
    ids = ["Stolpe Ö-" + s for s in original.index]
    assert sorted(sites.index) == sorted(ids)
    assert sites.loc[ids, "geometry"].x.round(2).tolist() == (original.geometry.x + 0.25).round(
        2).tolist()
    assert sites.loc[ids, "geometry"].y.round(2).tolist() == (original.geometry.y + 0.5).round(
        2).tolist()
    for scenario in (gpkg, csv):
        assert main(["-q", "plan", str(scenario), "--out", str(scenario.parent / "out")]) == 0
    a = pd.read_csv(gpkg.parent / "out" / "register.csv")
    b = pd.read_csv(csv.parent / "out" / "register.csv")
    assert b["site_id"].tolist() == ["Stolpe Ö-" + s for s in a["site_id"]]
    assert b["orientation_deg"].tolist() == a["orientation_deg"].tolist()


def test_a_register_in_another_crs_is_read_in_the_crs_data_crs_names(tmp_path):
    # SWEREF 99 16 30 (EPSG:3010), as many municipalities keep their registers
    scenario = write_town(tmp_path / "t")
    register(scenario, crs="EPSG:3010", names=("E", "N"))
    with pytest.raises(InputError, match=r"belysning.csv: sites layer: all 2 sites lie outside"):
        load_inputs(load_scenario(scenario))  # (read in the scenario's EPSG:3006)
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + '\n[data.crs]\nsites = "EPSG:3010"\n', encoding="utf-8")
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    original = gpd.read_file(scenario.parent / "sites.gpkg").set_index("site_id")
    back = Transformer.from_crs("EPSG:3006", "EPSG:3010", always_xy=True)
    for site, point in original.geometry.items():
        x, y = back.transform(point.x, point.y)
        got = sites.loc["Stolpe Ö-" + site, "geometry"]
        forward = Transformer.from_crs("EPSG:3010", "EPSG:3006", always_xy=True)
        ex, ey = forward.transform(round(x + 0.25, 2), round(y + 0.5, 2))
        assert got.x == pytest.approx(ex, abs=1e-6) and got.y == pytest.approx(ey, abs=1e-6)


def test_longitude_and_latitude_columns_are_wgs84(tmp_path):
    scenario = write_town(tmp_path / "t")
    sites = gpd.read_file(scenario.parent / "sites.gpkg").to_crs("EPSG:4326")
    table = pd.DataFrame({"site_id": sites["site_id"], "Lon": sites.geometry.x,
                          "Lat": sites.geometry.y, "mount_type": sites["mount_type"],
                          "install_cost_sek": sites["install_cost_sek"],
                          "max_cameras": sites["max_cameras"]})
    table.to_csv(scenario.parent / "sites.csv", index=False)
    scenario.write_text(scenario.read_text().replace('"sites.gpkg"', '"sites.csv"'))
    got = load_inputs(load_scenario(scenario)).sites.set_index("site_id").geometry
    original = gpd.read_file(scenario.parent / "sites.gpkg").set_index("site_id").geometry
    assert (got.distance(original.loc[got.index]) < 1e-6).all()


def test_northing_given_as_x_as_swedish_surveying_writes_it_is_refused(tmp_path, capsys):
    scenario = write_town(tmp_path / "t")
    register(scenario, names=("X", "Y"), swap=True)  # X the northing, Y the easting
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ("belysning.csv: the sites layer's coordinates are northing, easting in the wrong "
            "order (x 6539800.5, y 568459.2; swapped, they lie in the area EPSG:3006 is made "
            "for); give the easting as x (Swedish surveying's Y) and the northing as y (its X)"
            ) in err
    # mapped the other way round, they are read
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + 'x = "Y"\ny = "X"\n', encoding="utf-8")
    assert main(["validate", str(scenario)]) == 0


@pytest.mark.parametrize(("case", "message"), [
    ("no coordinates", r"belysning.csv: the sites CSV has no coordinate columns the planner "
                       r"knows \(x/y, e/n, lon/lat, ...\); its columns: stolpnr, gata, ost, "
                       r"nord, kostnad, stolptyp, max_kameror; name them in the scenario: "
                       r"\[data.columns.sites\] x = \"...\" and y = \"...\"$"),
    ("one mapped", r"data.columns.sites maps only 'x' of the coordinates; map both x and y$"),
    ("text", r"belysning.csv: coordinate column 'x' has 2 missing or non-numeric values "
             r"\(line 2 \(empty\), line 3 \('okänd'\)\); give every row its coordinates$"),
    ("mapped on a geopackage", r"sites.gpkg: data.columns.sites names coordinate columns "
                               r"\(x = 'ost', y = 'nord'\), which only a CSV of points has"),
])
def test_a_register_without_usable_coordinates_is_refused_with_the_fix(tmp_path, case, message):
    scenario = write_town(tmp_path / "t")
    path = register(scenario, names=("ost", "nord") if case != "text" else ("x", "y"))
    if case == "one mapped":
        scenario.write_text(scenario.read_text(encoding="utf-8") + 'x = "ost"\n',
                            encoding="utf-8")
    if case == "text":
        table = pd.read_csv(path, sep=";", dtype=str, encoding="cp1252")
        table.loc[0, "x"] = None
        table.loc[1, "x"] = "okänd"
        path.write_bytes(table.to_csv(index=False, sep=";").encode("cp1252"))
    if case == "mapped on a geopackage":
        scenario.write_text(scenario.read_text(encoding="utf-8")
                            .replace('"belysning.csv"', '"sites.gpkg"')
                            .replace(REGISTER_COLUMNS, '[data.columns.sites]\nx = "ost"\n'
                                     'y = "nord"\n'), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_inputs(load_scenario(scenario))


def test_a_shapefile_without_its_prj_is_read_in_the_crs_data_crs_names(tmp_path):
    scenario = write_town(tmp_path / "t")
    sites = gpd.read_file(scenario.parent / "sites.gpkg")
    with warnings.catch_warnings():  # (GDAL cuts install_cost_sek to 10 characters)
        warnings.simplefilter("ignore")
        sites.to_file(scenario.parent / "lampor.shp", engine="pyogrio")
    (scenario.parent / "lampor.prj").unlink()
    scenario.write_text(scenario.read_text().replace('"sites.gpkg"', '"lampor.shp"'))
    with pytest.raises(InputError, match=r"lampor.shp: the sites layer has no CRS"):
        load_inputs(load_scenario(scenario))
    scenario.write_text(scenario.read_text() + '\n[data.crs]\nsites = "EPSG:3006"\n')
    got = load_inputs(load_scenario(scenario)).sites
    assert sorted(got["site_id"]) == sorted(sites["site_id"])


def test_data_crs_names_known_layers_and_crss():
    from planner.scenario import DataConfig

    base = {"areas": "a.gpkg", "sites": "s.gpkg", "cameras": "c.toml"}
    with pytest.raises(ValueError, match=r"no layer 'lamps'; give one of areas, "):
        DataConfig(**base, crs={"lamps": "EPSG:3006"})
    with pytest.raises(ValueError, match=r"sites: unknown CRS 'EPSG:99999'; use e.g. 'EPSG:3006'"):
        DataConfig(**base, crs={"sites": "EPSG:99999"})


def test_data_defaults_fill_what_a_lamp_register_lacks(tmp_path):
    # a lighting register holds ids and coordinates, not the planner's mount types and costs
    gpkg = write_town(tmp_path / "gpkg")
    csv = write_town(tmp_path / "csv")
    path = register(csv)
    table = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    table["kostnad"] = table["kostnad"].astype(object)
    table.loc[1, "kostnad"] = None  # an empty cell takes the default too
    table.drop(columns=["stolptyp", "max_kameror"]).to_csv(path, sep=";", decimal=",",
                                                             index=False, encoding="cp1252")
    text = csv.read_text(encoding="utf-8").replace('mount_type = "stolptyp"\n', "").replace(
        'max_cameras = "max_kameror"\n', "")
    csv.write_text(text + '\n[data.defaults.sites]\nmount_type = "lamp_post"\nmax_cameras = 2\n'
                   'install_cost_sek = 10000\n', encoding="utf-8")
    sites = load_inputs(load_scenario(csv)).sites.sort_values("site_id")
    original = gpd.read_file(gpkg.parent / "sites.gpkg").sort_values("site_id")
    assert sites["mount_type"].tolist() == ["lamp_post"] * len(sites)
    assert sites["max_cameras"].tolist() == [2] * len(sites)
    assert sites["install_cost_sek"].tolist() == original["install_cost_sek"].tolist()
    for scenario in (gpkg, csv):
        assert main(["-q", "plan", str(scenario), "--out", str(scenario.parent / "out")]) == 0
    a = pd.read_csv(gpkg.parent / "out" / "register.csv")
    b = pd.read_csv(csv.parent / "out" / "register.csv")
    assert b["orientation_deg"].tolist() == a["orientation_deg"].tolist()


def test_data_defaults_name_known_columns():
    from planner.scenario import DataConfig

    base = {"areas": "a.gpkg", "sites": "s.gpkg", "cameras": "c.toml"}
    with pytest.raises(ValueError, match=r"sites: no default for column 'mount'; did you mean "
                       r"'mount_type'\? defaults may be given for mount_type, "):
        DataConfig(**base, defaults={"sites": {"mount": "lamp_post"}})
    with pytest.raises(ValueError, match=r"sites: no default for column 'site_id'"):
        DataConfig(**base, defaults={"sites": {"site_id": "x"}})


def test_coordinates_grouped_in_thousands_with_spaces_are_numbers(tmp_path):
    # a Swedish Excel writes 568 699,25 (a no-break space between the thousands)
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", dtype=str, encoding="cp1252")
    table["x"] = table["x"].str.replace(r"^(\d{3})", "\\1\u00a0", regex=True)
    table["y"] = table["y"].str.replace(r"^(\d)(\d{3})", "\\1 \\2 ", regex=True)
    path.write_bytes(table.to_csv(index=False, sep=";").encode("utf-8"))
    assert "568\u00a0699,25" in path.read_text(encoding="utf-8")
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    original = gpd.read_file(scenario.parent / "sites.gpkg").set_index("site_id")
    got = sites.loc["Stolpe Ö-lamp-1", "geometry"]
    assert (got.x, got.y) == (original.geometry["lamp-1"].x + 0.25,
                              original.geometry["lamp-1"].y + 0.5)


def test_costs_grouped_in_thousands_with_spaces_are_numbers(tmp_path):
    # a Swedish Excel saves a cost formatted with its thousands separator as 12 000 (a no-break
    # space); a lamp register's cost column had been refused as non-numeric
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    costs = iter(["12\u00a0000", "8 500,5"])
    _rewrite(path, lambda lines: [lines[0], *(
        ";".join([*ln.split(";")[:4], next(costs), *ln.split(";")[5:]]) for ln in lines[1:])])
    assert "8 500,5" in path.read_bytes().decode("cp1252")
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    assert sites["install_cost_sek"].to_dict() == {"Stolpe Ö-lamp-1": 12000.0,
                                                   "Stolpe Ö-lamp-2": 8500.5}


def test_a_cost_grouped_with_commas_in_a_comma_csv_is_refused(tmp_path):
    # 12,000 may be twelve thousand or twelve: it is no number, as a scenario's amount is not
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    table["kostnad"] = ["12,000", "8 500"]
    path.write_bytes(table.to_csv(index=False).encode("utf-8"))
    with pytest.raises(InputError, match=r"^belysning\.csv: sites layer: column 'install_cost_sek' "
                       r"\(your 'kostnad'\) has 1 missing or non-numeric value \(Stolpe Ö-lamp-1; "
                       r"got '12,000'\); give finite numbers"):
        load_inputs(load_scenario(scenario))


def test_a_register_holds_the_existing_cameras_with_either_bearing(tmp_path):
    # the lamp register with the municipality's camera (a grid bearing measured on the map) and
    # the police's (a bearing from true north), each in a column of its own, as the README says
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    table["kamera"], table["riktning"], table["rikt grid"] = ["dome", "dome"], [91.0, None], [
        None, 180.0]
    path.write_bytes(table.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    scenario.write_text(scenario.read_text(encoding="utf-8") + 'existing_model = "kamera"\n'
                        'existing_orientation_true_deg = "riktning"\n'
                        'existing_orientation_deg = "rikt grid"\n', encoding="utf-8")
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    assert sites["existing_model"].to_dict() == {"Stolpe Ö-lamp-1": "dome",
                                                 "Stolpe Ö-lamp-2": "dome"}
    assert sites["existing_orientation_deg"].to_dict() == {"Stolpe Ö-lamp-1": 90.0,
                                                           "Stolpe Ö-lamp-2": 180.0}


def test_csv_ids_keep_their_leading_zeros(tmp_path):
    # a lamp number 0010019 had become site 10019: in the register, and refused in exclude_sites
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", dtype=str, encoding="cp1252")
    table["stolpnr"] = [f"00{i:05d}" for i in range(10019, 10019 + len(table))]
    path.write_bytes(table.to_csv(index=False, sep=";").encode("cp1252"))
    ids = table["stolpnr"].tolist()
    sites = load_inputs(load_scenario(scenario)).sites
    assert sorted(sites["site_id"]) == sorted(ids)
    scenario.write_text(scenario.read_text(encoding="utf-8") +
                        f'\n[constraints]\nexclude_sites = ["{ids[0]}"]\n', encoding="utf-8")
    out = scenario.parent / "out"
    assert main(["-q", "plan", str(scenario), "--out", str(out)]) == 0
    register_ids = set(pd.read_csv(out / "register.csv", dtype=str)["site_id"])
    assert register_ids <= set(ids) and ids[0] not in register_ids


def _rewrite(path: Path, edit, *, encoding: str = "cp1252") -> list[str]:
    """The register's lines, edited by ``edit`` (a list of lines in, one out), written back."""
    lines = path.read_bytes().decode("cp1252").splitlines()
    lines = edit(lines)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return lines


def test_a_hash_inside_a_row_is_data_and_only_whole_lines_are_comments(tmp_path):
    # pandas' comment="#" had cut "Storgatan #5" (then blamed a coordinate) and dropped a row
    # whose lamp number began with '#'
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    original = gpd.read_file(scenario.parent / "sites.gpkg")

    def edit(lines: list[str]) -> list[str]:
        lines[1] = lines[1].replace("Östra vägen", "Storgatan #5")
        lines[2] = "#" + lines[2]
        return ["# Belysningsregistret, export 2024", *lines[:3], "# (a comment among rows)",
                *lines[3:]]

    lines = _rewrite(path, edit)
    sites = load_inputs(load_scenario(scenario)).sites
    assert len(sites) == len(original)
    assert lines[3].split(";")[0] in set(sites["site_id"])
    assert "Storgatan #5" in set(sites["gata"])


def test_rows_empty_in_every_column_are_skipped(tmp_path):
    # Excel leaves rows of bare separators (";;;;;;") after the data: refused as no coordinates
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    _rewrite(path, lambda lines: [*lines[:2], ";;;;;;", *lines[2:], ";;;;;;", " ; ;;;;;"])
    sites = load_inputs(load_scenario(scenario)).sites
    assert len(sites) == len(gpd.read_file(scenario.parent / "sites.gpkg"))


def test_a_bad_coordinate_is_named_by_its_line_in_the_file(tmp_path):
    scenario = write_town(tmp_path / "t")
    path = register(scenario)

    def edit(lines: list[str]) -> list[str]:
        cells = lines[2].split(";")
        cells[2] = ""  # (x)
        return ["# comment", lines[0], ";;;;;;", lines[1], ";".join(cells), *lines[3:]]

    _rewrite(path, edit)
    with pytest.raises(InputError, match=r"line 5 \(empty\)"):
        load_inputs(load_scenario(scenario))


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tabs; had given garbage column names
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    _rewrite(path, lambda lines: [ln.replace(";", "\t") for ln in lines], encoding="utf-16")
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    sites = load_inputs(load_scenario(scenario)).sites
    assert len(sites) == len(gpd.read_file(scenario.parent / "sites.gpkg"))
    assert set(sites["gata"]) == {"Östra vägen"}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_is_read(tmp_path, encoding, caplog):
    # read as UTF-8, its column names had been listed with a NUL between every two letters;
    # then refused, though its byte order shows in where the NUL bytes stand: read as it is
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    _rewrite(path, lambda lines: lines, encoding=encoding)
    assert path.read_bytes()[:2] not in (b"\xff\xfe", b"\xfe\xff")
    with caplog.at_level(logging.INFO, logger="planner._io_csv"):
        sites = load_inputs(load_scenario(scenario)).sites
    assert len(sites) == len(gpd.read_file(scenario.parent / "sites.gpkg"))
    assert set(sites["gata"]) == {"Östra vägen"}
    assert (f"belysning.csv: UTF-16 without a byte-order mark, read as {encoding}"
            in caplog.messages)
    # one that breaks off in the middle of a letter is refused, saying where
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(InputError) as err:
        load_inputs(load_scenario(scenario))
    assert str(err.value) == (
        f"belysning.csv: the sites CSV is UTF-16 without a byte-order mark and breaks off at "
        f"byte {len(path.read_bytes()) - 1}; save it as CSV UTF-8 (Excel: \"CSV UTF-8\")")


@pytest.mark.parametrize(("default", "message"), [
    ('mount_type = "gatlykta"', r"key data\.defaults\.sites\.mount_type: "
     r"'gatlykta' is not one of lamp_post, pole, facade; write one of them"),
    ('install_cost_sek = "12 000"', r"key data\.defaults\.sites\.install_cost_sek: '12 000' is "
     r"not a number; write a number without quotes"),
    ('install_cost_sek = "12000"', r"key data\.defaults\.sites\.install_cost_sek: '12000' is "
     r"not a number; write a number without quotes"),
    ("install_cost_sek = -1", r"key data\.defaults\.sites\.install_cost_sek: -1 is negative"),
    ('approximate = "ja"', r"key data\.defaults\.sites\.approximate: 'ja' is not true or false"),
    ('height_m = "6"', r"key data\.defaults\.sites\.height_m: '6' is not a number"),
])
def test_a_wrong_default_is_the_scenarios_mistake_not_the_files(tmp_path, default, message):
    # a default mount_type "belysningsstolpe" (now read as lamp_post) had been blamed on the
    # CSV, site by site, and a quoted "12000" silently read as a number
    scenario = write_town(tmp_path / "t")
    register(scenario)
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + f"\n[data.defaults.sites]\n{default}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_scenario(scenario)
    assert "belysning.csv" not in str(caught.value)


def test_right_defaults_of_every_kind_are_taken(tmp_path):
    scenario = write_town(tmp_path / "t")
    register(scenario)
    scenario.write_text(scenario.read_text(encoding="utf-8") + '\n[data.defaults.sites]\n'
                        'height_m = 5\napproximate = true\nexisting_hfov_deg = 90\n'
                        '[data.defaults.buildings]\nkind = "Bostad"\n', encoding="utf-8")
    defaults = load_scenario(scenario).data.defaults
    assert defaults["sites"] == {"height_m": 5, "approximate": True, "existing_hfov_deg": 90}
    assert defaults["buildings"] == {"kind": "Bostad"}


def test_a_data_crs_that_does_not_fit_the_coordinates_is_the_scenarios_mistake(tmp_path):
    # [data.crs] sites = "EPSG:4326" for metres had said "declare its real CRS when saving it"
    scenario = write_town(tmp_path / "t")
    register(scenario)
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + '\n[data.crs]\nsites = "EPSG:4326"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"belysning.csv: the scenario's \[data.crs\] sites = "
                       r"'EPSG:4326' reads the sites layer in degrees, but its coordinates .* are "
                       r"not degrees; correct data.crs.sites in the scenario") as caught:
        load_inputs(load_scenario(scenario))
    assert "when saving it" not in str(caught.value)


def test_numeric_csv_ids_with_empty_cells_stay_as_written(tmp_path):
    # a numeric id column with an empty cell is read by pandas as floats ("17.0"); a CSV's ids
    # are read as the text written (the façade mount's building 17 stays '17', empty is none)
    from planner._io_specs import DEMAND_POINTS, INCIDENTS, SITES
    from planner.io import read_layer
    from tests.conftest import CRS, X0, Y0

    (tmp_path / "lampor.csv").write_text(
        "site_id;x;y;mount_type;max_cameras;install_cost_sek;building_id\n"
        f"17;{X0};{Y0};lamp_post;1;100;\n"
        f"0018;{X0 + 10};{Y0};facade;1;100;17\n"
        f"19,0;{X0 + 20};{Y0};facade;1;100;017\n", encoding="utf-8")
    sites = read_layer(tmp_path / "lampor.csv", SITES, crs=CRS)
    assert sites["site_id"].tolist() == ["17", "0018", "19,0"]
    assert sites["building_id"].tolist() == [None, "17", "017"]
    (tmp_path / "incidents.csv").write_text(
        "incident_id,x,y,date\n"
        f"5,{X0},{Y0},2024-01-01\n6,{X0},{Y0},2024-01-02\n", encoding="utf-8")
    assert read_layer(tmp_path / "incidents.csv", INCIDENTS, crs=CRS)[
        "incident_id"].tolist() == ["5", "6"]
    (tmp_path / "points.csv").write_text(
        f"x,y,weight,area_id\n{X0},{Y0},1.5,\n{X0},{Y0},2,17\n", encoding="utf-8")
    assert read_layer(tmp_path / "points.csv", DEMAND_POINTS, crs=CRS)[
        "area_id"].tolist() == [None, "17"]


def test_column_names_decomposed_or_with_trailing_spaces_are_the_names_they_show(tmp_path):
    """A header saved on a Mac spells Ö as O + U+0308 (NFD) and Excel keeps a space typed after
    a name: the register's columns had been refused as "no column 'Öst' ...; its columns: ...,
    Öst, ...", naming the column it lists, and "no column 'kostnad'; did you mean 'kostnad '?"."""
    import unicodedata

    scenario = write_town(tmp_path / "t")
    path = register(scenario, names=("Öst", "Nord"), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    header = unicodedata.normalize("NFD", header).replace("kostnad", "kostnad ")
    assert "Öst" not in header  # (decomposed)
    path.write_text(header + "\n" + rest, encoding="utf-8")
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        REGISTER_COLUMNS, REGISTER_COLUMNS + 'x = "Öst"\ny = "Nord"\n'), encoding="utf-8")
    sites = load_inputs(load_scenario(scenario)).sites.set_index("site_id")
    original = gpd.read_file(scenario.parent / "sites.gpkg").set_index("site_id")
    assert sites["install_cost_sek"].tolist() == original["install_cost_sek"].tolist()
    assert sites.geometry.x.round(2).tolist() == (original.geometry.x + 0.25).round(2).tolist()


def test_a_misspelt_coordinate_column_is_told_the_one_it_means(tmp_path, capsys):
    scenario = write_town(tmp_path / "t")
    register(scenario, names=("Öst", "Nord"))
    scenario.write_text(scenario.read_text(encoding="utf-8").replace(
        REGISTER_COLUMNS, REGISTER_COLUMNS + 'x = "Ost"\ny = "Nord"\n'), encoding="utf-8")
    assert main(["validate", str(scenario)]) == 2
    assert capsys.readouterr().err == (
        "planner: error: belysning.csv: the sites CSV has no column 'Ost' (named as a coordinate "
        "by data.columns.sites); its columns: stolpnr, gata, Öst, Nord, kostnad, stolptyp, "
        "max_kameror; did you mean 'Öst'?\n")


def test_a_cost_with_its_unit_in_a_csv_is_told_what_a_csv_number_may_hold(tmp_path):
    # Excel's currency format saves "12 000 kr": the message had asked for "a point as decimal
    # mark, no spaces", where a Swedish register's "12 000" and "8 500,5" are read
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    table["kostnad"] = ["12 000 kr", "8 500"]
    path.write_bytes(table.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    with pytest.raises(InputError) as err:
        load_inputs(load_scenario(scenario))
    assert str(err.value) == (
        "belysning.csv: sites layer: column 'install_cost_sek' (your 'kostnad') has 1 missing or "
        "non-numeric value (Stolpe Ö-lamp-1; got '12 000 kr'); give finite numbers (digits with "
        "the file's decimal mark, thousands grouped by spaces or not, no unit or other text)")


def test_a_bearing_with_its_degree_sign_in_a_csv_is_told_what_a_csv_number_may_hold(tmp_path):
    # "45°" had been asked for "a number (a point as decimal mark)", where "45,5" is read
    scenario = write_town(tmp_path / "t")
    path = register(scenario)
    table = pd.read_csv(path, sep=";", decimal=",", encoding="cp1252")
    table["modell"] = ["dome", ""]
    table["riktning"] = ["45°", ""]
    path.write_bytes(table.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    scenario.write_text(scenario.read_text(encoding="utf-8") + 'existing_model = "modell"\n'
                        'existing_orientation_true_deg = "riktning"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_inputs(load_scenario(scenario))
    assert str(err.value) == (
        "belysning.csv: sites layer: column 'existing_orientation_true_deg' (your 'riktning') has "
        "1 non-numeric value (Stolpe Ö-lamp-1; got '45°'); give a number (digits with the file's "
        "decimal mark, no unit or other text) or leave it empty")


def test_a_csv_mapping_with_spaces_reads_its_own_column_beside_a_twin_without_them(tmp_path):
    # "KOSTNAD" and "KOSTNAD " both in the header (the twin kept as written): a mapping to
    # "KOSTNAD " reads that column, not its trimmed twin's
    from planner._io_specs import SITES
    from planner.io import read_layer
    from tests.conftest import CRS, X0, Y0

    (tmp_path / "lampor.csv").write_text(
        "site_id;x;y;mount_type;max_cameras;KOSTNAD;KOSTNAD \n"
        f"17;{X0};{Y0};lamp_post;1;1;100\n"
        f"18;{X0 + 10};{Y0};lamp_post;1;2;200\n", encoding="utf-8")
    sites = read_layer(tmp_path / "lampor.csv", SITES, crs=CRS,
                       columns={"install_cost_sek": "KOSTNAD "})
    assert sites["install_cost_sek"].tolist() == [100, 200]


def test_a_csvs_degrees_read_in_the_scenarios_crs_are_not_said_to_be_declared(tmp_path):
    # a CSV's x, y in degrees without [data.crs]: read in the scenario's CRS, which the message
    # had called the CRS "the layer declares", with "declare EPSG:4326 when saving it"
    from planner._io_specs import SITES
    from planner.io import read_layer

    (tmp_path / "lampor.csv").write_text(
        "site_id;x;y;mount_type;max_cameras;install_cost_sek\n"
        "1;16,2;59,0;lamp_post;1;100\n2;16,21;59,01;lamp_post;1;100\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_layer(tmp_path / "lampor.csv", SITES, crs="EPSG:3006", where="lampor.csv")
    assert str(err.value) == (
        "lampor.csv: the CSV's x, y are read in the scenario's crs, EPSG:3006, which reads the "
        "sites layer's coordinates (16.2000, 59.0000) in metres, but they are longitude, "
        "latitude degrees (read so, they lie in Sweden - onshore and offshore); name its "
        'columns lon, lat, or name the CRS in the scenario ([data.crs] sites = "EPSG:4326")')
