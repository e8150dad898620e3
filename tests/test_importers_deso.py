"""The SCB DeSO importer: a GeoPackage in SCB's schema + the real Katrineholm statistics."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from planner._io_output import GPKG_DATE
from planner.errors import InputError
from planner.importers import import_deso, priority_index
from planner.io import AREAS, read_layer
from tests.importers_support import KATRINEHOLM_CSV, deso_squares, katrineholm_codes

pytestmark = pytest.mark.skipif(not KATRINEHOLM_CSV.is_file(), reason="../shared/data missing")


@pytest.fixture
def deso_gpkg(tmp_path: Path) -> Path:
    """The 21 Katrineholm DeSO as 500 m squares plus one DeSO of Flen (0482), SCB's schema."""
    path = tmp_path / "DeSO_2018.gpkg"
    deso_squares([*katrineholm_codes(), "0482C1010"]).to_file(path, layer="DeSO_2018", driver="GPKG")
    return path


def test_katrineholm_areas_with_priority(deso_gpkg: Path, tmp_path: Path) -> None:
    out = import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "areas.geojson", kommun="0483")
    areas = read_layer(out, AREAS, crs="EPSG:3006")
    assert len(areas) == 21
    assert areas["population"].sum() == 34_604
    assert areas["priority"].between(0, 1).all()
    ranked = areas.sort_values(["priority", "area_id"], ascending=[False, True])
    assert set(ranked["area_id"].iloc[:2]) == {"0483C1050", "0483C1090"}
    assert set(ranked["name"].iloc[:2]) == {"Nyhem-Nävertorp"}
    assert ranked["priority"].iloc[0] == 1.0 and ranked["priority"].iloc[-1] == 0.0
    row = areas.set_index("area_id").loc["0483C1050"]
    assert row["category"] == "C" and row["population"] == 1625
    assert row["low_econ_standard_pct"] == 39 and row["median_income_tkr"] == 218.4
    assert abs(areas.geometry.area.iloc[0] - 250_000) < 1.0
    # the collection is named after the file, not the temporary one it was written to
    import json

    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "areas"


def test_geopackage_output_in_sweref(deso_gpkg: Path, tmp_path: Path) -> None:
    out = import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "areas.gpkg")
    frame = gpd.read_file(out, layer="areas")
    assert frame.crs == "EPSG:3006" and len(frame) == 21
    # the same bytes from the same files (GDAL's clock time had been written into the file)
    again = import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "again.gpkg")
    assert again.read_bytes() == out.read_bytes()
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT table_name, last_change FROM gpkg_contents").fetchall() == [
            ("areas", GPKG_DATE), ("layer_styles", GPKG_DATE)]
        # (QGIS's styles' times are the same fixed time)
        assert db.execute("SELECT DISTINCT update_time FROM layer_styles").fetchall() == [
            (GPKG_DATE,)]


def test_priority_is_the_data_scripts_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    """One formula: the default Katrineholm data (data/build_katrineholm.py) must agree."""
    script = Path(__file__).resolve().parents[1] / "data" / "build_katrineholm.py"
    if not script.is_file():
        pytest.skip("data/build_katrineholm.py not present")
    spec = importlib.util.spec_from_file_location("build_katrineholm", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_katrineholm", module)
    spec.loader.exec_module(module)
    figures = module.load_figures(script.parent)
    pd.testing.assert_series_equal(priority_index(figures), module.priority_index(figures))


def test_constant_indicator_is_left_out_of_the_mean() -> None:
    frame = pd.DataFrame({
        "low_econ_standard_pct": [10.0, 20.0, 30.0], "unemployment_rate": [0.1, 0.1, 0.1],
        "foreign_background_share": [0.1, 0.2, 0.3], "rental_share": [0.3, 0.2, 0.1],
        "median_income_tkr": [300.0, 250.0, 200.0],
    })
    assert priority_index(frame).tolist() == [0.0, 0.5, 1.0]


def test_statistics_in_the_areas_layers_column_names(deso_gpkg: Path, tmp_path: Path) -> None:
    # the README points at data/katrineholm_deso_figures.csv as the format: its columns are the
    # areas layer's own names; the areas must equal those imported from SCB's names
    figures = Path(__file__).parents[1] / "data" / "katrineholm_deso_figures.csv"
    scb = read_layer(import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson",
                                 kommun="0483"), AREAS, crs="EPSG:3006")
    own = read_layer(import_deso(deso_gpkg, figures, tmp_path / "b.geojson", kommun="0483"),
                     AREAS, crs="EPSG:3006")
    columns = ["area_id", "name", "population", "priority"]
    pd.testing.assert_frame_equal(own[columns], scb[columns])
    assert len(own) == 21 and own["population"].sum() == 34_604


def test_missing_columns(deso_gpkg: Path, tmp_path: Path) -> None:
    bad = tmp_path / "no_kommun.gpkg"
    gpd.read_file(deso_gpkg).drop(columns=["kommun", "lannamn"]).to_file(bad, driver="GPKG")
    with pytest.raises(InputError, match=r"no_kommun\.gpkg: DeSO boundaries lack column kommun "
                                         r"\(the layer has: deso, kommunnamn, lan\); give SCB's "
                                         r"DeSO GeoPackage, or rename your column to kommun \(the "
                                         r"four-digit municipality code\)$"):
        import_deso(bad, KATRINEHOLM_CSV, tmp_path / "a.geojson")
    # the names of the municipality and county are not read: a layer without them is imported
    bare = tmp_path / "bare.gpkg"
    gpd.read_file(deso_gpkg).drop(columns=["kommunnamn", "lan", "lannamn"]).to_file(bare)
    areas = gpd.read_file(import_deso(bare, KATRINEHOLM_CSV, tmp_path / "b.geojson"))
    assert len(areas) == 21 and areas["population"].sum() == 34_604
    csv = tmp_path / "stats.csv"
    pd.read_csv(KATRINEHOLM_CSV).drop(columns=["pop_total_2022"]).to_csv(csv, index=False)
    with pytest.raises(InputError, match=r"stats\.csv: statistics lack column pop_total_2022"):
        import_deso(deso_gpkg, csv, tmp_path / "a.geojson")


def test_kommun_not_found(deso_gpkg: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"kommun 0999 not found \(the file has 2 kommun\(er\): "
                                         r"0482, 0483\); check --kommun"):
        import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson", kommun="0999")
    with pytest.raises(InputError, match=r"four-digit municipality code"):
        import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson", kommun="483")
    with pytest.raises(InputError, match=r"no statistics for kommun 0482"):
        import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson", kommun="0482")


def test_codes_without_statistics_and_statistics_without_boundaries(tmp_path: Path) -> None:
    codes = katrineholm_codes()
    gpkg = tmp_path / "deso.gpkg"
    deso_squares([*codes[2:], "0483C9990", "0483C9991", "0483C9992"]).to_file(gpkg, driver="GPKG")
    with pytest.raises(InputError) as err:
        import_deso(gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson")
    msg = str(err.value)
    assert "3 DeSO areas of deso.gpkg have no statistics" in msg
    assert "(0483C9990, 0483C9991, 0483C9992)" in msg
    assert f"2 DeSO codes of katrineholm_deso_indicators_2022.csv have no boundary in deso.gpkg ({codes[0]}, {codes[1]})" in msg
    assert "\n" not in msg


def test_bad_statistics_rows(deso_gpkg: Path, tmp_path: Path) -> None:
    stats = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str})
    dup = tmp_path / "dup.csv"
    pd.concat([stats, stats.iloc[[3]]]).to_csv(dup, index=False)
    with pytest.raises(InputError, match=r"DeSO code listed twice: 0483A0040; keep one row each"):
        import_deso(deso_gpkg, dup, tmp_path / "a.geojson")
    gap = tmp_path / "gap.csv"
    stats.assign(net_income_median_tkr=stats["net_income_median_tkr"].where(stats.index != 5))\
        .to_csv(gap, index=False)
    with pytest.raises(InputError, match=r"missing or non-numeric statistics for 0483A0060"):
        import_deso(deso_gpkg, gap, tmp_path / "a.geojson")
    with pytest.raises(InputError, match=r"\.geojson or \.gpkg"):
        import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.shp")


def test_planner_import_deso_command(deso_gpkg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    out = tmp_path / "areas.geojson"
    # --kommun is required: it had silently defaulted to Katrineholm's 0483
    with pytest.raises(SystemExit) as stop:
        main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV), "--out", str(out)])
    assert stop.value.code == 2 and "--kommun" in capsys.readouterr().err
    assert main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV), "--kommun",
                 "0483", "--out", str(out)]) == 0
    assert len(read_layer(out, AREAS, crs="EPSG:3006")) == 21
    code = main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV), "--kommun", "9999",
                 "--out", str(tmp_path / "none.geojson")])
    assert code == 2
    assert "9999" in capsys.readouterr().err
    assert not (tmp_path / "none.geojson").exists()


def test_output_that_is_an_input_is_refused(deso_gpkg: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # --out naming the DeSO GeoPackage overwrote it with one municipality's areas (exit 0)
    from planner.cli import main

    before = deso_gpkg.read_bytes()
    code = main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV),
                 "--kommun", "0483", "--out", str(deso_gpkg)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"--out {deso_gpkg}: is the input file {deso_gpkg}" in err
    assert deso_gpkg.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [deso_gpkg.name]


def test_shares_are_computed_from_scbs_counts(tmp_path: Path) -> None:
    # the county's raw export has counts only (foreign_background, unemployed_16_64 and
    # labour_force_16_64, dwellings by tenure); it had been refused for lacking the ratios
    from planner._deso import read_stats

    raw = KATRINEHOLM_CSV.parent / "sodermanland_deso_indicators_2022_raw.csv"
    assert "unemployment_rate_16_64" not in pd.read_csv(raw, nrows=0).columns
    derived = read_stats(raw, "0483").set_index("deso")
    given = read_stats(KATRINEHOLM_CSV, "0483").set_index("deso")
    assert list(derived.index) == list(given.index) and len(given) == 21
    for column in ("foreign_background_share", "unemployment_rate", "rental_share"):
        # (the indicators file rounds its shares to four decimals)
        assert derived[column].to_numpy() == pytest.approx(given[column].to_numpy(), abs=6e-5)
    for column in ("population", "low_econ_standard_pct", "median_income_tkr"):
        assert derived[column].tolist() == given[column].tolist()


@pytest.mark.parametrize(("sep", "decimal"), [(";", ","), ("\t", "."), (";", ".")])
def test_statistics_with_semicolons_tabs_and_decimal_commas(
        deso_gpkg: Path, tmp_path: Path, sep: str, decimal: str) -> None:
    """SCB's and a Swedish Excel's exports (';' or tabs, decimal commas) had been refused as
    lacking every column (the header read as one)."""
    stats = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str}, comment="#")
    path = tmp_path / "stats.csv"
    path.write_text("\ufeff" + stats.to_csv(index=False, sep=sep, decimal=decimal),
                    encoding="utf-8")
    plain = read_layer(import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson",
                                   kommun="0483"), AREAS, crs="EPSG:3006")
    other = read_layer(import_deso(deso_gpkg, path, tmp_path / "b.geojson", kommun="0483"),
                       AREAS, crs="EPSG:3006")
    pd.testing.assert_frame_equal(other.drop(columns=["geometry", "source"]), plain.drop(columns=["geometry", "source"]))


def test_statistics_from_a_swedish_excel_in_windows_1252(deso_gpkg: Path, tmp_path: Path) -> None:
    """Excel's "CSV (semikolonavgränsad)" is Windows-1252: it had been refused as not UTF-8."""
    stats = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str}, comment="#")
    stats.insert(1, "kommentar", "Östra Åsen, Väster")
    path = tmp_path / "stats.csv"
    path.write_bytes(stats.to_csv(index=False, sep=";", decimal=",").encode("cp1252"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    plain = read_layer(import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson",
                                   kommun="0483"), AREAS, crs="EPSG:3006")
    other = read_layer(import_deso(deso_gpkg, path, tmp_path / "b.geojson", kommun="0483"),
                       AREAS, crs="EPSG:3006")
    pd.testing.assert_frame_equal(other.drop(columns=["geometry", "source"]), plain.drop(columns=["geometry", "source"]))
    # bytes that are neither UTF-8 nor Windows-1252 (0x81): refused, one line
    path.write_bytes(path.read_bytes() + b"\x81\n")
    with pytest.raises(InputError, match=r"stats.csv: cannot read the statistics CSV \(.*\); save "
                       r"it as CSV UTF-8 \(Excel: \"CSV UTF-8\"\) with a header row$"):
        import_deso(deso_gpkg, path, tmp_path / "c.geojson", kommun="0483")


def test_statistics_with_a_blank_first_line_and_a_late_decimal_comma(
        deso_gpkg: Path, tmp_path: Path) -> None:
    stats = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str}, comment="#")
    stats["median_income_tkr" if "median_income_tkr" in stats else "net_income_median_tkr"] = \
        [200.0] * (len(stats) - 1) + [212.5]  # (only the last row has decimals)
    path = tmp_path / "stats.csv"
    path.write_text("\n" + stats.to_csv(index=False, sep=";", decimal=","), encoding="utf-8")
    areas = read_layer(import_deso(deso_gpkg, path, tmp_path / "a.geojson", kommun="0483"),
                       AREAS, crs="EPSG:3006")
    assert sorted(areas["median_income_tkr"])[-1] == 212.5 and len(areas) == 21


def test_a_geopackage_of_several_layers_is_read_at_its_deso_layer(tmp_path: Path) -> None:
    """It had been read at its first layer ("kommun 0483 not found", no layer named)."""
    path = tmp_path / "regions.gpkg"
    other = deso_squares(["0428C1010"]).drop(columns="deso")
    other.to_file(path, layer="aaa_kommuner", driver="GPKG")
    deso_squares(katrineholm_codes()).to_file(path, layer="DeSO_2018", driver="GPKG")
    out = import_deso(path, KATRINEHOLM_CSV, tmp_path / "a.geojson", kommun="0483")
    assert len(read_layer(out, AREAS, crs="EPSG:3006")) == 21
    # named the QGIS way
    out = import_deso(f"{path}|layername=DeSO_2018", KATRINEHOLM_CSV, tmp_path / "b.geojson",
                      kommun="0483")
    assert len(read_layer(out, AREAS, crs="EPSG:3006")) == 21
    with pytest.raises(InputError, match=r"has no layer 'deso'; its layers: aaa_kommuner, "
                                         r"DeSO_2018; did you mean 'DeSO_2018'\?$"):
        import_deso(f"{path}|layername=deso", KATRINEHOLM_CSV, tmp_path / "c.geojson")
    # two layers with a deso column: name one
    deso_squares(katrineholm_codes()).to_file(path, layer="DeSO_2025", driver="GPKG")
    with pytest.raises(InputError, match=r"holds 3 layers \(aaa_kommuner, DeSO_2018, DeSO_2025\)"
                                         r"; name the DeSO layer as \"regions.gpkg\|layername=NAME"
                                         r"\" \(one with a deso column\)"):
        import_deso(path, KATRINEHOLM_CSV, tmp_path / "d.geojson")
    # the layer read is named in the messages
    with pytest.raises(InputError, match=r"regions.gpkg\|layername=DeSO_2018: kommun 0482 not"):
        import_deso(f"{path}|layername=DeSO_2018", KATRINEHOLM_CSV, tmp_path / "e.geojson",
                    kommun="0482")


def test_statistics_formatted_by_a_swedish_excel_are_numbers(tmp_path: Path) -> None:
    # "1 850" (no-break space between thousands) and "12,4 %" had been "non-numeric statistics"
    from planner._deso import read_stats

    given = read_stats(KATRINEHOLM_CSV, "0483").set_index("deso")
    stats = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str}, comment="#")

    def grouped(v: float) -> str:
        return f"{int(v):,}".replace(",", "\u00a0")

    def percent(v: float) -> str:
        return f"{v:.2f} %".replace(".", ",")

    excel = stats.astype(object)
    excel["pop_total_2022"] = stats["pop_total_2022"].map(grouped)
    excel["low_economic_standard_pct"] = stats["low_economic_standard_pct"].map(percent)
    for share in ("share_foreign_background", "unemployment_rate_16_64", "share_rental_dwellings"):
        excel[share] = (stats[share] * 100).map(percent)
    path = tmp_path / "stats.csv"
    path.write_text(excel.to_csv(index=False, sep=";", decimal=","), encoding="utf-8")
    assert "1\u00a0625" in path.read_text(encoding="utf-8")
    got = read_stats(path, "0483").set_index("deso")
    assert got["population"].tolist() == given["population"].tolist()
    for column in ("low_econ_standard_pct", "foreign_background_share", "unemployment_rate",
                   "rental_share"):
        assert got[column].to_numpy() == pytest.approx(given[column].to_numpy(), abs=1e-4)
    excel["pop_total_2022"] = "12 %"
    path.write_text(excel.to_csv(index=False, sep=";"), encoding="utf-8")
    with pytest.raises(InputError, match=r"pop_total_2022 = '12 %' for 0483\w+ is a percentage, "
                       r"but pop_total_2022 is not one .*; give the number without %"):
        read_stats(path, "0483")


def test_the_figures_source_is_written_to_every_area(deso_gpkg: Path, tmp_path: Path) -> None:
    # report.md names an areas layer's `source` beside the indicators; an imported layer had
    # none, so its report could only say the figures were the layer's own
    from planner.cli import main

    plain = gpd.read_file(import_deso(deso_gpkg, KATRINEHOLM_CSV, tmp_path / "a.geojson"))
    assert set(plain["source"]) == {f"statistics {KATRINEHOLM_CSV.name}, boundaries "
                                    "DeSO_2018.gpkg"}
    out = tmp_path / "b.geojson"
    assert main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV), "--kommun",
                 "0483", "--out", str(out), "--source", " SCB, DeSO 2022 "]) == 0
    assert set(gpd.read_file(out)["source"]) == {"SCB, DeSO 2022"}
    # the statistics' own column, row by row; a blank cell falls back to the files
    table = pd.read_csv(KATRINEHOLM_CSV, dtype={"deso": str})
    table["source"] = ["SCB 2022"] * (len(table) - 1) + [""]
    csv = tmp_path / "with_source.csv"
    table.to_csv(csv, index=False)
    own = gpd.read_file(import_deso(deso_gpkg, csv, tmp_path / "c.geojson")).set_index("area_id")
    last = table.loc[table["deso"].str.startswith("0483"), "deso"].iloc[-1]
    assert own.loc[last, "source"] == f"statistics {csv.name}, boundaries DeSO_2018.gpkg"
    assert (own.drop(index=last)["source"] == "SCB 2022").all()
    # given, it wins over the column
    given = gpd.read_file(import_deso(deso_gpkg, csv, tmp_path / "d.geojson", source="mine"))
    assert set(given["source"]) == {"mine"}


def test_a_source_that_names_the_other_import_is_the_figures_source(
        deso_gpkg: Path, tmp_path: Path) -> None:
    # --source had shared its dest with the import's subcommand (args.source): "--source osm"
    # ran the OSM import with the DeSO arguments, and without --source the subcommand was None
    from planner.cli import main

    out = tmp_path / "areas.geojson"
    assert main(["import", "deso", str(deso_gpkg), "--stats", str(KATRINEHOLM_CSV), "--kommun",
                 "0483", "--out", str(out), "--source", "osm"]) == 0
    assert set(gpd.read_file(out)["source"]) == {"osm"}
