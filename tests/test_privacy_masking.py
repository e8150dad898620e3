"""constraints.privacy_maskable_m2: cameras that see a little of a privacy zone, kept to be masked."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from planner import load_scenario
from planner import plan as pl
from planner.cli import main
from planner.errors import InputError
from planner.scenario import LEVELS

from .conftest import CRS, X0, Y0
from .test_cli import with_layer


@pytest.fixture
def zoned_town(tiny_town):
    # a 20 m² garden 25-30 m east of lamp-1: the east-facing domes see it at detect level only
    zones = gpd.GeoDataFrame({"zone_id": ["garden-1"], "kind": ["garden"]},
                             geometry=[box(X0 + 25, Y0 - 2, X0 + 30, Y0 + 2)], crs=CRS)
    with_layer(tiny_town, "privacy_zones", zones)
    return tiny_town


def test_options_that_see_at_most_the_maskable_area_are_kept(zoned_town):
    scenario = load_scenario(zoned_town, overrides={"constraints.privacy_min_level": "detect"})
    prepared = pl.prepare(scenario)
    seen = prepared.privacy_intrusion(LEVELS.index("detect") + 1)
    assert 0 < seen.max() < 25  # (some options see part of the 20 m², none more)
    for maskable in (0.0, float(np.median(seen[seen > 0])), 25.0):
        at = scenario.with_overrides({"constraints.privacy_maskable_m2": maskable})
        excluded = set(pl._problem(at, prepared).excluded)
        assert excluded == {int(j) for j in np.flatnonzero(seen > maskable)}, maskable
    assert not pl._problem(scenario.with_overrides(
        {"constraints.privacy_maskable_m2": 25.0}), prepared).excluded


def test_the_report_names_the_cameras_to_mask(zoned_town, tmp_path):
    out = tmp_path / "out"
    assert main(["-q", "plan", str(zoned_town), "--set", "constraints.privacy_min_level=detect",
                 "--set", "constraints.privacy_maskable_m2=25", "--out", str(out)]) == 0
    register = pd.read_csv(out / "register.csv")
    masked = register[(register["status"] == "new")
                      & (register["privacy_zone_m2_at_privacy_level"] > 0)]
    assert len(masked)  # (the best plan looks east across the garden)
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (f"Masking: new cameras that see a little of a privacy zone at detect level or better "
            f"({len(masked)}: {', '.join(masked['camera'])}; at most "
            f"{masked['privacy_zone_m2_at_privacy_level'].max():.1f} m² each") in report
    # without the allowance those cameras are not in the plan
    strict = tmp_path / "strict"
    assert main(["-q", "plan", str(zoned_town), "--set", "constraints.privacy_min_level=detect",
                 "--out", str(strict)]) == 0
    assert (pd.read_csv(strict / "register.csv")["privacy_zone_m2_at_privacy_level"] == 0).all()
    assert "Masking:" not in (strict / "report.md").read_text(encoding="utf-8")


def test_maskable_area_only_with_exclusion(zoned_town):
    with pytest.raises(InputError, match='privacy = "penalty" excludes none'):
        load_scenario(zoned_town, overrides={"constraints.privacy": "penalty",
                                             "constraints.privacy_maskable_m2": 1})


def test_a_sliver_never_reads_zero_in_the_register(zoned_town):
    # 0.014 m² had read 0.0, and the camera was missing from the list of cameras to mask
    from planner.report import _tenths_up, camera_register

    assert [_tenths_up(v) for v in (0.0, 0.014, 0.1, 0.10000001, 19.95, 20.0)] == [
        0.0, 0.1, 0.1, 0.1, 20.0, 20.0]
    scenario = load_scenario(zoned_town, overrides={"constraints.privacy_min_level": "detect",
                                                    "constraints.privacy_maskable_m2": 25})
    prepared = pl.prepare(scenario)
    planned = pl.solve_prepared(prepared)
    seen = prepared.privacy_intrusion(LEVELS.index("detect") + 1)
    register = camera_register(planned).set_index("camera")
    labels = planned.camera_labels()
    for option, label in labels.items():
        shown = register.loc[label, "privacy_zone_m2_at_privacy_level"]
        assert (shown > 0) == (seen[option] > 0), (label, shown, seen[option])
        assert shown >= seen[option] - 0.05  # (rounded up to 0.1, never down)
