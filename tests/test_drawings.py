"""Permit drawings (``plan --drawings``): one PNG per area the plan's cameras record."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from planner.cli import main
from planner.drawings import drawing_name, write_drawings
from planner.plan import plan
from planner.scenario import load_scenario
from tests.conftest import write_town


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("draw")
    scenario = write_town(root / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--drawings", "--out", str(root / "out")]) == 0
    return root / "out"


def test_one_drawing_per_area_the_cameras_record(drawn):
    views = gpd.read_file(drawn / "views.geojson").to_crs("EPSG:3006")
    areas = gpd.read_file(drawn / "areas.geojson").to_crs("EPSG:3006")
    whole = views[views["level"] == 1].geometry.values
    recorded = [a for a, g in zip(areas["area_id"], areas.geometry, strict=True)
                if shapely.intersects(whole, g).any()]
    assert recorded  # (the plan looks into at least the east side)
    assert sorted(p.name for p in (drawn / "drawings").iterdir()) == sorted(
        f"{a}.png" for a in recorded)
    import matplotlib.image

    image = matplotlib.image.imread(drawn / "drawings" / f"{recorded[0]}.png")
    assert image.shape[:2] == (827, 827)
    # not blank: the view, area outline, markers and text give many colours
    assert len(np.unique(image.reshape(-1, image.shape[2]), axis=0)) > 50


def test_drawings_are_the_same_bytes_for_the_same_plan(drawn, tmp_path):
    scenario = write_town(tmp_path / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--drawings", "--out", str(tmp_path / "out")]) == 0
    for path in (drawn / "drawings").iterdir():
        assert (tmp_path / "out" / "drawings" / path.name).read_bytes() == path.read_bytes()


def test_no_drawings_unless_asked_and_none_without_cameras(tmp_path):
    scenario = write_town(tmp_path / "town", budget=90_000.0)
    assert main(["-q", "plan", str(scenario), "--out", str(tmp_path / "out")]) == 0
    assert not (tmp_path / "out" / "drawings").exists()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["n_cameras_new"] >= 1
    # a plan of no camera draws nothing
    import dataclasses

    full = plan(load_scenario(scenario))
    assert len(write_drawings(full, tmp_path)) >= 1
    empty = dataclasses.replace(full, cameras=full.cameras.iloc[0:0], views=full.views.iloc[0:0])
    assert write_drawings(empty, tmp_path / "none") == []


@pytest.mark.parametrize(("area_id", "name"), [
    ("0483C1050", "0483C1050.png"), ("Norra/Östra del", "Norra_stra_del.png"),
    ("../x", "x.png"), ("...", "area.png"),
])
def test_file_names_from_area_ids_stay_in_the_folder(area_id, name):
    assert drawing_name(area_id) == name
