"""Camera catalogue and DORI ranges."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.cameras import (
    DORI_DENSITY,
    LEVEL_NAMES,
    CameraModel,
    dori_range,
    dori_ranges,
    load_catalogue,
    names_in,
)
from planner.errors import InputError

GOOD = """
[[camera]]
id = "dome-2mp"
name = "2 MP (1080p) fixed dome"
h_px = 1920
v_px = 1080
hfov_deg = 100.0
ir_range_m = 30.0
price_sek = 6500.0
install_sek = 9000.0
yearly_sek = 3500.0
panoramic = false

[[camera]]
id = "vari-4mp"
h_px = 2560
v_px = 1440
zoom_hfov_deg = [90.0, 60.0, 30.0]
ir_range_m = 50
price_sek = 12000
install_sek = 9000
yearly_sek = 4000
mounts = ["pole", "lamp_post"]

[[camera]]
id = "pano-180"
h_px = 7680
v_px = 2160
hfov_deg = 180.0
ir_range_m = 30.0
price_sek = 30000.0
install_sek = 12000.0
yearly_sek = 6000.0
panoramic = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cameras.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_dori_ranges_3840_60_match_formula() -> None:
    expected = {4: 13.3, 3: 26.6, 2: 53.2, 1: 133.0}
    for level, metres in expected.items():
        formula = 3840 / (2 * math.tan(math.radians(30.0)) * DORI_DENSITY[level])
        assert dori_range(3840, 60.0, level) == pytest.approx(formula, abs=1e-9)
        assert abs(dori_range(3840, 60.0, level) - metres) < 0.1
    np.testing.assert_allclose(
        dori_ranges(3840, 60.0), [133.0215, 53.2086, 26.6043, 13.3022], atol=1e-3
    )
    assert LEVEL_NAMES[4] == "identify"


def test_panoramic_range_spreads_pixels_over_the_angle() -> None:
    assert dori_range(7680, 180.0, 1, panoramic=True) == pytest.approx(7680 / (math.pi * 25))
    with pytest.raises(InputError, match="rectilinear"):
        dori_range(7680, 180.0, 1)


@pytest.mark.parametrize(
    ("args", "match"),
    [((1920, 90.0, 5), "level 5"), ((0, 90.0, 1), "resolution"), ((1920, 0.0, 1), "field of view")],
)
def test_dori_range_rejects_bad_input(args: tuple[float, float, int], match: str) -> None:
    with pytest.raises(InputError, match=match):
        dori_range(*args)


def test_model_ranges_zoom_and_night_cap() -> None:
    model = CameraModel("v", "v", 2560, 1440, (90.0, 30.0), 40.0, 1.0, 1.0, 1.0)
    np.testing.assert_allclose(model.ranges(), dori_ranges(2560, 90.0))
    night = model.ranges(30.0, night=True)
    assert night.max() == 40.0
    assert night[3] == pytest.approx(dori_range(2560, 30.0, 4))


def test_load_catalogue_reads_fixed_varifocal_and_panoramic(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, GOOD))
    assert list(cat) == ["dome-2mp", "vari-4mp", "pano-180"]
    assert cat["dome-2mp"].hfov_deg == (100.0,)
    assert cat["vari-4mp"].hfov_deg == (90.0, 60.0, 30.0)
    assert cat["vari-4mp"].name == "vari-4mp"
    assert cat["vari-4mp"].mounts == ("pole", "lamp_post")
    assert cat["pano-180"].panoramic
    assert cat["vari-4mp"].price_sek == 12000.0
    # no Swedish name: the name in both languages
    assert cat["dome-2mp"].name_sv is None
    assert cat["dome-2mp"].name_in("sv") == cat["dome-2mp"].name_in("en") == (
        "2 MP (1080p) fixed dome")


def test_a_model_named_in_swedish_is_so_named_in_swedish_documents_only(tmp_path: Path) -> None:
    text = GOOD.replace('name = "2 MP (1080p) fixed dome"',
                        'name = "2 MP (1080p) fixed dome"\nname_sv = " 2 MP (1080p) fast dome "')
    dome = load_catalogue(write(tmp_path, text))["dome-2mp"]
    assert (dome.name_in("en"), dome.name_in("sv")) == (
        "2 MP (1080p) fixed dome", "2 MP (1080p) fast dome")
    frame = pd.DataFrame({"model": ["dome-2mp", "other"],
                          "model_name": ["2 MP (1080p) fixed dome", "Other"],
                          "model_name_sv": ["2 MP (1080p) fast dome", None]})
    assert names_in(frame, "sv")["model_name"].tolist() == ["2 MP (1080p) fast dome", "Other"]
    assert names_in(frame, "en") is frame and names_in(frame, None) is frame
    assert frame["model_name"].tolist() == ["2 MP (1080p) fixed dome", "Other"]  # (a copy)


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (
            "panoramic = false",
            "panoramic = false\ncolour = 'white'",
            r"'dome-2mp'.*unknown key.*colour",
        ),
        ("v_px = 1080\n", "", r"'dome-2mp'.*missing key.*v_px"),
        ("price_sek = 6500.0", "price_sek = -6500.0", r"'dome-2mp'.*price_sek = -6500.0.*>= 0"),
        ('id = "vari-4mp"', 'id = "dome-2mp"', r"'dome-2mp'.*duplicate id"),
        ("hfov_deg = 100.0", "hfov_deg = 100.0\nzoom_hfov_deg = [90.0]", "not both"),
        ('mounts = ["pole", "lamp_post"]', 'mounts = ["roof"]', r"'vari-4mp'.*mounts"),
        ("h_px = 1920", 'h_px = "1920"', r"h_px = '1920'.*whole number"),
        ("hfov_deg = 100.0", "hfov_deg = 200.0", r"'dome-2mp'.*field of view 200.0"),
        ("h_px = 1920", 'h_px = 1920\nname_sv = ""',
         r"'dome-2mp': name_sv = '' must be a non-empty string \(its name in Swedish\) or left out"),
    ],
)
def test_load_catalogue_errors_name_file_camera_key_and_fix(
    tmp_path: Path, old: str, new: str, match: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError, match=match) as err:
        load_catalogue(path)
    message = str(err.value)
    assert "cameras.toml" in message
    assert "\n" not in message


def test_load_catalogue_reports_all_problems_together(tmp_path: Path) -> None:
    text = GOOD.replace("price_sek = 6500.0", "price_sek = -1.0").replace("h_px = 7680", "h_px = 0")
    with pytest.raises(InputError, match=r"'dome-2mp'.*price_sek.*'pano-180'.*h_px"):
        load_catalogue(write(tmp_path, text))


def test_load_catalogue_file_problems(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_catalogue(tmp_path / "missing.toml")
    with pytest.raises(InputError, match="not valid TOML"):
        load_catalogue(write(tmp_path, "[[camera]\nid="))
    with pytest.raises(InputError, match="no \\[\\[camera\\]\\] tables"):
        load_catalogue(write(tmp_path, "title = 'x'\n"))


def test_catalogue_with_a_byte_order_mark_loads_like_the_original(tmp_path):
    original = Path(__file__).resolve().parents[1] / "data" / "cameras.toml"
    bom = tmp_path / "cameras.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + original.read_bytes())  # as Windows editors save it
    assert load_catalogue(bom) == load_catalogue(original)
