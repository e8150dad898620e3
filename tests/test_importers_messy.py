"""Messy real files given to the importers: repaired (and logged) or rejected with one clear line."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from planner.errors import InputError
from planner.importers import import_deso, import_osm
from planner.io import AREAS, read_layer
from tests.importers_support import (
    KATRINEHOLM_CSV,
    deso_squares,
    katrineholm_codes,
    ll,
    town,
    write_osm,
)

needs_stats = pytest.mark.skipif(not KATRINEHOLM_CSV.is_file(), reason="../shared/data missing")


def _deso(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "deso.gpkg") -> Path:
    path = tmp_path / name
    _write(frame, path, driver="GPKG" if name.endswith(".gpkg") else "GeoJSON")
    return path


def _write(frame: gpd.GeoDataFrame, path: Path, *, driver: str) -> None:
    if frame.crs is None:  # a file without a CRS, on purpose
        with pytest.warns(UserWarning, match="'crs' was not provided"):
            frame.to_file(path, driver=driver)
    else:
        frame.to_file(path, driver=driver)


def _import(tmp_path: Path, src: Path) -> gpd.GeoDataFrame:
    out = import_deso(src, KATRINEHOLM_CSV, tmp_path / "areas.geojson")
    return read_layer(out, AREAS, crs="EPSG:3006").set_index("area_id")


@needs_stats
def test_invalid_polygon_is_repaired_and_logged(tmp_path: Path, caplog) -> None:
    frame = deso_squares(katrineholm_codes())
    x0, y0, x1, y1 = frame.geometry.iloc[0].bounds
    frame.loc[0, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # bow-tie
    with caplog.at_level(logging.WARNING, logger="planner"):
        areas = _import(tmp_path, _deso(tmp_path, frame))
    assert "repaired 1 invalid DeSO boundaries polygon (0483A0010); check it" in caplog.text
    fixed = areas.geometry.loc[frame["deso"].iloc[0]]
    assert fixed.is_valid and abs(fixed.area - 0.5 * (x1 - x0) * (y1 - y0)) < 1.0


@needs_stats
def test_multipart_polygon_stays_one_area(tmp_path: Path) -> None:
    frame = deso_squares(katrineholm_codes())
    first = frame.geometry.iloc[0]
    frame.loc[0, "geometry"] = MultiPolygon([first, shapely.affinity.translate(first, 0, 2000)])
    areas = _import(tmp_path, _deso(tmp_path, frame))
    geom = areas.geometry.loc[frame["deso"].iloc[0]]
    assert geom.geom_type == "MultiPolygon" and abs(geom.area - 2 * first.area) < 5.0  # 1e-7° rounding
    assert len(areas) == 21


@needs_stats
def test_geographic_crs_and_z_coordinates_are_handled(tmp_path: Path) -> None:
    frame = deso_squares(katrineholm_codes()).to_crs("EPSG:4326")
    frame["geometry"] = shapely.force_3d(frame.geometry.values, 42.0)
    areas = _import(tmp_path, _deso(tmp_path, frame))
    assert not shapely.has_z(areas.geometry.values).any()
    assert abs(areas.geometry.area.iloc[0] - 250_000) < 50.0  # back in metres, EPSG:3006


@needs_stats
def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    frame = deso_squares(katrineholm_codes())
    frame.loc[1, "deso"] = frame.loc[0, "deso"]
    with pytest.raises(InputError, match=r"duplicate deso values: 0483A0010; ids must be unique"):
        _import(tmp_path, _deso(tmp_path, frame))


@needs_stats
def test_mixed_geometry_types_are_rejected(tmp_path: Path) -> None:
    frame = deso_squares(katrineholm_codes())
    frame.loc[2, "geometry"] = Point(560_000, 6_535_000)
    with pytest.raises(InputError, match=r"DeSO boundaries layer: 1 of the 21 features is Point, "
                                         r"expected Polygon/MultiPolygon \(0483A0030\); convert "
                                         r"or remove it$"):
        _import(tmp_path, _deso(tmp_path, frame, "deso.geojson"))


@needs_stats
def test_empty_layer_and_missing_crs_are_rejected(tmp_path: Path) -> None:
    empty = deso_squares(katrineholm_codes()).iloc[:0]
    with pytest.raises(InputError, match=r"the DeSO boundary layer is empty"):
        _import(tmp_path, _deso(tmp_path, empty))
    no_crs = deso_squares(katrineholm_codes()).set_crs(None, allow_override=True)
    with pytest.raises(InputError, match=r"has no CRS; declare one"):
        _import(tmp_path, _deso(tmp_path, no_crs, "nocrs.gpkg"))


@needs_stats
def test_deso_outside_the_kommun_are_dropped_and_counted(tmp_path: Path, caplog) -> None:
    frame = deso_squares([*katrineholm_codes(), "0482C1010", "0482C1020"])
    with caplog.at_level(logging.INFO, logger="planner"):
        areas = _import(tmp_path, _deso(tmp_path, frame))
    assert len(areas) == 21 and "21 of 23 DeSO areas are in kommun 0483" in caplog.text


# --- the OSM importer's areas file ----------------------------------------------------------
def _areas_file(tmp_path: Path, geoms: list, ids: list[str], crs: str | None = "EPSG:4326") -> Path:
    # GeoJSON is EPSG:4326 by definition; a file without a CRS must be another format
    path = tmp_path / ("my_areas.geojson" if crs else "my_areas.gpkg")
    frame = gpd.GeoDataFrame({"area_id": ids}, geometry=geoms, crs=crs)
    _write(frame, path, driver="GeoJSON" if crs else "GPKG")
    return path


def _lonlat_box(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return box(*ll(x0, y0), *ll(x1, y1))


def test_osm_areas_file_in_lonlat_with_z_and_an_invalid_polygon(tmp_path: Path) -> None:
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    (ax, ay), (bx, by) = ll(-100, -100), ll(100, 100)
    bowtie = Polygon([(ax, ay, 5.0), (bx, by, 5.0), (bx, ay, 5.0), (ax, by, 5.0)])
    path = _areas_file(tmp_path, [bowtie, _lonlat_box(-100, 30, 100, 100)], ["tie", "north"])
    import_osm(src, tmp_path / "out", areas=path)
    areas = read_layer(tmp_path / "out" / "areas.geojson", AREAS, crs="EPSG:3006")
    assert list(areas["area_id"]) == ["north", "tie"]
    assert areas.geometry.is_valid.all() and not shapely.has_z(areas.geometry.values).any()
    assert (areas["priority"] == 0.5).all()
    # the apartment block (400 m² x 5 storeys / 50 m² per person) is in 'tie' only
    assert areas.set_index("area_id").loc["tie", "population"] == 40


@pytest.mark.parametrize(
    ("geoms", "ids", "crs", "match"),
    [
        ([_lonlat_box(0, 0, 10, 10)] * 2, ["a", "a"], "EPSG:4326", r"duplicate area_id values: a"),
        ([_lonlat_box(0, 0, 10, 10), Point(ll(5, 5))], ["a", "b"], "EPSG:4326",
         r"1 of the 2 features is Point, expected Polygon/MultiPolygon \(b\); convert or "
         r"remove it$"),
        ([_lonlat_box(0, 0, 10, 10)], ["a"], None, r"has no CRS"),
    ],
)
def test_osm_areas_file_rejected(tmp_path: Path, geoms: list, ids: list, crs: str | None,
                                 match: str) -> None:
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    with pytest.raises(InputError, match=r"my_areas\.(geojson|gpkg): .*" + match):
        import_osm(src, tmp_path / "out", areas=_areas_file(tmp_path, geoms, ids, crs))


def test_osm_areas_file_empty_is_rejected(tmp_path: Path) -> None:
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    path = _areas_file(tmp_path, [], [])
    with pytest.raises(InputError, match=r"my_areas\.geojson: the areas layer is empty"):
        import_osm(src, tmp_path / "out", areas=path)


def test_osm_areas_outside_the_bbox_are_dropped_and_counted(tmp_path: Path, caplog) -> None:
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    path = _areas_file(tmp_path, [_lonlat_box(-100, -100, 100, 100), _lonlat_box(900, 900, 950, 950)],
                       ["here", "far"])
    west, south = ll(-150, -150)
    east, north = ll(150, 150)
    with caplog.at_level(logging.INFO, logger="planner"):
        import_osm(src, tmp_path / "out", areas=path, bbox=(west, south, east, north))
    assert "1 area outside the bbox dropped" in caplog.text
    areas = read_layer(tmp_path / "out" / "areas.geojson", AREAS, crs="EPSG:3006")
    assert list(areas["area_id"]) == ["here"]


def test_starter_scenario_says_where_population_and_priority_came_from(tmp_path: Path) -> None:
    """An areas file's own priorities are kept and said to be (the comment had said 0.5)."""
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    frame = gpd.GeoDataFrame({"area_id": ["n"], "priority": [0.8]},
                             geometry=[_lonlat_box(-100, -100, 100, 100)], crs="EPSG:4326")
    frame.to_file(tmp_path / "deso.geojson", engine="pyogrio")
    import_osm(src, tmp_path / "out", areas=tmp_path / "deso.geojson")
    text = (tmp_path / "out" / "scenario.toml").read_text()
    assert "# Priority: from deso.geojson." in text and "0.5 everywhere" not in text
    assert "# Population: deso.geojson has none, and OSM has none; estimated" in text
    areas = read_layer(tmp_path / "out" / "areas.geojson", AREAS, crs="EPSG:3006")
    assert areas["priority"].tolist() == [0.8]
    frame.assign(population=[123]).to_file(tmp_path / "deso.geojson", engine="pyogrio")
    import_osm(src, tmp_path / "out2", areas=tmp_path / "deso.geojson")
    text = (tmp_path / "out2" / "scenario.toml").read_text()
    assert "# Population: from deso.geojson.\n# Priority: from deso.geojson.\n" in text
    import_osm(src, tmp_path / "out3")
    text = (tmp_path / "out3" / "scenario.toml").read_text()
    assert "# Population: OSM has none; estimated" in text and "# Priority: 0.5 everywhere" in text


def test_street_margin_with_an_areas_file_is_refused(tmp_path: Path, capsys) -> None:
    """--areas are taken as they are: a --street-margin beside it had been ignored silently."""
    from planner.cli import main

    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    path = _areas_file(tmp_path, [_lonlat_box(-100, -100, 100, 100)], ["n"])
    assert main(["import", "osm", str(src), "--areas", str(path), "--street-margin", "5",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "--street-margin grows landuse=residential areas" in err and "give one of the two" in err
    assert not (tmp_path / "out").exists()


def test_osm_areas_file_under_its_own_column_names_is_said(tmp_path: Path, caplog) -> None:
    # DESO and BEF_TOT instead of area_id and population had got made-up ids and OSM's estimate
    # of the population, said only in a comment of the starter scenario
    nodes, ways = town([])
    src = write_osm(tmp_path / "t.osm", nodes, ways)
    path = tmp_path / "deso_own.geojson"
    _write(gpd.GeoDataFrame({"DESO": ["0483C1010"], "BEF_TOT": [1461]},
                            geometry=[_lonlat_box(-100, -100, 100, 100)], crs="EPSG:4326"),
           path, driver="GeoJSON")
    with caplog.at_level("WARNING", logger="planner.importers"):
        import_osm(src, tmp_path / "out", areas=path)
    said = [r.getMessage() for r in caplog.records if "no column" in r.getMessage()]
    assert len(said) == 1 and "deso_own.geojson: no column 'area_id', 'population', 'priority' " \
        "(the file has: DESO, BEF_TOT): ids made up as areas-N; population estimated" in said[0]
    assert "[data.columns.areas]" in said[0]
    areas = read_layer(tmp_path / "out" / "areas.geojson", AREAS, crs="EPSG:3006")
    assert areas["area_id"].tolist() == ["areas-0"]
