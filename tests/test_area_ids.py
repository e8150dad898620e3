"""Area ids a scenario or a notebook names that are no area: the message names the ids meant."""

from __future__ import annotations

import pytest

from planner import load_scenario
from planner.errors import InputError
from planner.plan import check_area_ids


@pytest.mark.parametrize(("ids", "message"), [
    # (an area's name had been "names unknown area id(s) Nyhem-Nävertorp; use area_id values
    # from /work/.../scenarios/../data/areas.geojson": a machine path, no word of its ids)
    (["Nyhem-Nävertorp"], "unknown area id Nyhem-Nävertorp; 'Nyhem-Nävertorp' is the name of "
     "0483C1050 and 0483C1090 (data.areas, ../data/areas.geojson as the scenario gives it); give "
     "their ids"),
    (["0483C105"], "unknown area id 0483C105; did you mean 0483C1050? (data.areas, "
     "../data/areas.geojson as the scenario gives it)"),
    (["Vämbol-Duveholm"], "unknown area id Vämbol-Duveholm; did you mean 'Värmbol-Duveholm', "
     "the name of 0483A0030, 0483C1010 and 0483C1070? (data.areas, ../data/areas.geojson as the "
     "scenario gives it); give their ids"),
    (["0483C1010", "0483C105", "nyhem-nävertorp", "zzz"], "unknown area ids 0483C105, "
     "nyhem-nävertorp, zzz; '0483C105': did you mean 0483C1050?; 'nyhem-nävertorp' is the name "
     "of 0483C1050 and 0483C1090 (data.areas, ../data/areas.geojson as the scenario gives it); "
     "give their ids"),
    # (a part of a name had been answered "use area_id values of data.areas": no word of its ids)
    (["Nyhem"], "unknown area id Nyhem; 'Nyhem' is in the name of 0483C1050 and 0483C1090 "
     "(Nyhem-Nävertorp) (data.areas, ../data/areas.geojson as the scenario gives it); give their "
     "ids"),
    (["katrineholm N"], "unknown area id katrineholm N; 'katrineholm N' is in the name of "
     "0483C1120 and 0483C1130 (Katrineholm norra) (data.areas, ../data/areas.geojson as the "
     "scenario gives it); give their ids"),
    (["zzz"], "unknown area id zzz; use area_id values of data.areas (../data/areas.geojson "
     "as the scenario gives it)"),
])
def test_unknown_area_ids_are_answered_with_the_ids_meant(repo_root, monkeypatch, ids, message):
    monkeypatch.chdir(repo_root)
    scenario = load_scenario("scenarios/katrineholm.toml")
    with pytest.raises(InputError) as err:  # (the layer read here: a notebook's check)
        check_area_ids(scenario, ids, what="AREA")
    assert str(err.value) == f"scenarios/katrineholm.toml: AREA names {message}"
    with pytest.raises(InputError) as err:  # (and as the plan reads demand.areas)
        check_area_ids(scenario.with_overrides({"demand.areas": ids}), ids)
    assert str(err.value) == f"scenarios/katrineholm.toml: key demand.areas names {message}"
    check_area_ids(scenario, ["0483C1050", "0483C1090"])  # (known ids: nothing to say)


def test_a_layer_read_by_geopandas_with_an_empty_name_or_numeric_ids(repo_root, monkeypatch):
    # a notebook passes the layer it read itself (gpd.read_file, not read_layer): an area without
    # a name had failed with "AttributeError: 'float' object has no attribute 'casefold'"
    import geopandas as gpd
    from shapely.geometry import box

    monkeypatch.chdir(repo_root)
    scenario = load_scenario("scenarios/katrineholm.toml")
    layer = gpd.GeoDataFrame({"area_id": [17.0, 18.0, None], "name": ["Östra", None, "Västra"]},
                             geometry=[box(0, 0, 1, 1)] * 3, crs="EPSG:3006")
    with pytest.raises(InputError) as err:
        check_area_ids(scenario, ["Ostra"], what="AREA", areas=layer)
    assert str(err.value) == (
        "scenarios/katrineholm.toml: AREA names unknown area id Ostra; did you mean 'Östra', "
        "the name of 17? (data.areas, ../data/areas.geojson as the scenario gives it); give its id")
    check_area_ids(scenario, ["17", "18"], what="AREA", areas=layer)  # (17.0 is area 17)
