"""A plan records what it was made from: input files and their SHA-256, settings, versions."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point

from planner import __version__
from planner._provenance import file_digest, input_files, settings, versions
from planner.cli import main
from planner.io import LAYER_MARK
from planner.scenario import load_scenario
from tests.conftest import write_town


def _sha(*chunks: bytes) -> str:
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def test_file_digest_of_a_file_is_sha256_of_name_mark_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "areas.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "features": []}')
    # one part: its suffix, a NUL, then its bytes
    assert file_digest(path) == _sha(b".geojson\0", path.read_bytes())
    # a GeoPackage named with its layer (FILE|layername=NAME) is the file's digest
    gpkg = tmp_path / "layers.gpkg"
    gpkg.write_bytes(b"not really sqlite")
    assert file_digest(f"{gpkg}{LAYER_MARK}sites") == file_digest(gpkg)


def test_shapefile_digest_covers_its_attribute_table(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"site_id": ["a"], "mount_type": ["pole"]},
                             geometry=[Point(0, 0)], crs="EPSG:3006")
    frame.to_file(tmp_path / "sites.shp", engine="pyogrio")
    before = file_digest(tmp_path / "sites.shp")
    parts = [tmp_path / f"sites{s}" for s in (".shp", ".shx", ".dbf", ".prj", ".cpg")]
    present = [p for p in parts if p.exists()]
    assert [p.suffix for p in present][:3] == [".shp", ".shx", ".dbf"]
    assert before == _sha(*(p.suffix.encode() + b"\0" + p.read_bytes() for p in present))
    # the same geometry, another attribute: only the .dbf changes, and so does the digest
    frame.assign(mount_type="facade").to_file(tmp_path / "sites.shp", engine="pyogrio")
    assert (tmp_path / "sites.shp").read_bytes() == parts[0].read_bytes()
    assert file_digest(tmp_path / "sites.shp") != before


def test_folder_digest_covers_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "town.gdb"
    (folder / "sub").mkdir(parents=True)
    (folder / "a").write_bytes(b"1")
    (folder / "sub" / "b").write_bytes(b"2")
    assert file_digest(folder) == _sha(b"a\0", b"1", b"sub/b\0", b"2")


def test_input_files_relative_to_the_scenario_and_settings_after_overrides(tmp_path: Path) -> None:
    path = write_town(tmp_path / "town", budget=200_000)
    scenario = load_scenario(path, overrides={"constraints.min_spacing_m": 25})
    files = input_files(scenario)
    assert sorted(files) == ["areas", "buildings", "cameras", "sites"]
    for key, name in (("areas", "areas.geojson"), ("sites", "sites.gpkg"),
                      ("cameras", "cameras.toml")):
        assert files[key]["file"] == name
        data = (tmp_path / "town" / name).read_bytes()
        assert files[key]["sha256"] == _sha(Path(name).suffix.encode() + b"\0", data)
    got = settings(scenario)
    assert got["budget"]["total_sek"] == 200_000
    assert got["constraints"]["min_spacing_m"] == 25
    assert got["constraints"]["privacy"] == "exclude"  # a default, recorded all the same
    assert got["data"] == {"demand_weight_column": "weight", "columns": {}, "defaults": {},
                           "crs": {}}
    assert "source" not in got and "variants" not in got
    # [data.defaults] and [data.crs] change the plan: recorded (they had been left out)
    data = scenario.data.model_copy(update={"defaults": {"sites": {"install_cost_sek": 30000}},
                                            "crs": {"sites": "EPSG:3006"}})
    tuned = scenario.model_copy(update={"data": data})
    assert settings(tuned)["data"]["defaults"] == {"sites": {"install_cost_sek": 30000}}
    assert settings(tuned)["data"]["crs"] == {"sites": "EPSG:3006"}


def test_versions_name_the_installed_packages() -> None:
    found = versions()
    assert found["planner"] == __version__
    assert found["ortools"] == metadata.version("ortools")
    assert found["shapely"] == shapely.__version__
    assert found["geos"] == shapely.geos_version_string
    assert "no-such-package" not in versions(("no-such-package",))


def test_plan_summary_and_report_name_their_sources(tmp_path: Path) -> None:
    path = write_town(tmp_path / "town")
    out = tmp_path / "out"
    assert main(["-q", "plan", str(path), "--set", "budget.total_sek=250000",
                 "--out", str(out)]) == 0
    text = (out / "summary.json").read_text(encoding="utf-8")
    summary = json.loads(text)
    areas = (tmp_path / "town" / "areas.geojson").read_bytes()
    assert summary["inputs"]["areas"] == {"file": "areas.geojson",
                                          "sha256": _sha(b".geojson\0", areas)}
    assert summary["settings"]["budget"]["total_sek"] == 250_000  # the --set value
    assert summary["settings"]["name"] == "tiny"
    assert summary["versions"]["planner"] == __version__
    assert str(tmp_path) not in text  # no machine paths: the summary stays reproducible
    report = (out / "report.md").read_text(encoding="utf-8")
    sources = report.split("## Sources", 1)[1]
    assert f"| areas | areas.geojson | {_sha(b'.geojson' + bytes(1), areas)[:16]} |" in sources
    assert f"planner {__version__}" in sources


def test_a_file_set_from_another_folder_is_named_from_the_scenarios_folder(
        tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    # --set reads a relative path from the current folder, which the record cannot know:
    # report.md names the file from the scenario's folder, and now says so (a reader had looked
    # for '../alt/lamps.gpkg' beside the output, the README saying "as the scenario names it")
    path = write_town(tmp_path / "proj" / "scen")
    (tmp_path / "proj" / "alt").mkdir()
    lamps = (tmp_path / "proj" / "scen" / "sites.gpkg").read_bytes()
    (tmp_path / "proj" / "alt" / "lamps.gpkg").write_bytes(lamps)
    (tmp_path / "elsewhere" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "elsewhere" / "deep")
    given = "../../proj/alt/lamps.gpkg"
    assert main(["-q", "plan", "../../proj/scen/scenario.toml", "--set", f"data.sites={given}",
                 "--out", "../out"]) == 0
    summary = json.loads((tmp_path / "elsewhere" / "out" / "summary.json").read_text("utf-8"))
    assert summary["inputs"]["sites"]["file"] == "../alt/lamps.gpkg"
    assert (path.parent / "../alt/lamps.gpkg").read_bytes() == lamps  # (a reader finds it)
    report = (tmp_path / "elsewhere" / "out" / "report.md").read_text("utf-8")
    sources = report.split("## Sources\n\n", 1)[1].split("\n")
    assert sources[0] == (
        "The input files as read (SHA-256 of their bytes; `summary.json` has the full digests "
        "and every setting under `settings`) and the versions that made the plan. Each file is "
        "named from the scenario file's folder, one given on the command line too.")
    assert sources[5].startswith("| sites | ../alt/lamps.gpkg | ")
    # messages name it as typed, read from the current folder
    (tmp_path / "proj" / "alt" / "lamps.gpkg").unlink()
    assert main(["-q", "validate", "../../proj/scen/scenario.toml", "--set",
                 f"data.sites={given}"]) == 2
    assert f"data.sites = '{given}' (given by --set, read from the current folder)" in (
        capsys.readouterr().err)


def test_cli_version_names_planner_and_solver(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"planner {__version__} (ortools {metadata.version('ortools')}, ")
    assert line.endswith(f"geos {shapely.geos_version_string})")
