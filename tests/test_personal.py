"""Personal data in the free text the outputs copy: found and warned about, not copied silently."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from planner._personal import looks_personal
from planner.cli import main
from tests.conftest import CRS, X0, Y0, write_town


@pytest.mark.parametrize(("text", "found"), [
    ("Anna Svensson, 070-123 45 67", "a mobile phone number"),
    ("ring +46 70 123 45 67", "a mobile phone number"),
    ("0701234567", "a mobile phone number"),
    ("victim 811218-9876", "a personal identity number"),
    ("19811218-9876", "a personal identity number"),
    ("198112189876", "a personal identity number"),
    ("samordningsnummer 811278-9873", "a personal identity number"),  # (day + 60)
    # not personal data: a failed check digit, dates, ids, costs, DeSO codes
    ("811218-9875", None),
    ("lamp replaced 2019-05-01", None),
    ("pole 0483C1050, BEL-0010019", None),
    ("cost 12000 SEK, 45000 with foundation", None),
    ("08-123 45 67 (the town hall)", None),
])
def test_what_identifies_a_person(text, found) -> None:
    assert looks_personal(text) == found


def test_a_note_with_a_phone_number_is_warned_about_once(tmp_path, caplog) -> None:
    # a caretaker's mobile number in a lamp's note had gone into the register and the map
    sites = gpd.GeoDataFrame(
        {"site_id": ["lamp-1", "lamp-2"], "mount_type": ["lamp_post", "lamp_post"],
         "install_cost_sek": [10_000.0, 10_000.0], "max_cameras": [2, 2],
         "note": ["Ask Anna Svensson 070-123 45 67 for the key", "replaced 2019"]},
        geometry=[Point(X0 - 1, Y0), Point(X0 - 241, Y0)], crs=CRS)
    town = write_town(tmp_path / "town", sites=sites)
    with caplog.at_level("WARNING"):
        assert main(["validate", str(town)]) == 0
    said = [r.getMessage() for r in caplog.records if "personal data" in r.getMessage()]
    assert said == [
        "sites.gpkg: column 'note' of 1 feature holds what looks like "
        "personal data (e.g. a mobile phone number in lamp-1); it is copied into register.csv, "
        "cameras.geojson, plan.xlsx and the map's popups: remove it from the layer if the "
        "outputs are to be shown or handed out"]
