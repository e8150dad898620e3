"""The maps in Swedish (``language = "sv"``): layer names, legend, panels, popups, change panel.

The plans are the hand-built ones of tests/test_maps.py with the scenario's language set as
:func:`planner.plan.plan` records it (``summary["settings"]["language"]``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import folium
import pytest

from planner._lang import counted
from planner._map_html import compass, fmt_num, fmt_pct, fmt_sek
from planner._plan_types import Plan
from planner.maps import compare_maps, map_html, plan_language, render_map
from tests.test_maps import js, layer_js, layers_by_name, toy_plan, uncovered
from tests.test_maps_diff import plan_pair

#: the layer control of the Swedish toy map, in order
SV_LAYERS = [
    "Områden efter prioritet",
    "Områden efter täckt andel",
    "Byggnader (2)",
    "Integritetszoner (1)",
    "Nya kamerors upptagningsområden efter DORI-nivå (2 kameror)",
    "Den befintliga kamerans upptagningsområde efter DORI-nivå (1 kamera)",
    "Behovspunkter utan täckning ({uncovered})",
    "Möjliga monteringsplatser (5)",
    "Nya kameror (2)",
    "Befintliga kameror (1, 1 med ungefärlig position)",
]

#: English words of the maps that a Swedish page must not show (as folium writes them)
ENGLISH = [
    "Areas by", "covered share", "Covered share", "views by DORI", "New cameras",
    "Existing camera", "existing camera", "Candidate mounts", "candidate mount", "Privacy zone",
    "privacy zone", "Buildings (", "building<", "Uncovered demand", "uncovered demand",
    "Legend", "Spent", "Optimisation", "Covered population", "Coverage graded", "Camera plan",
    "head count", "graded)",
    "Priority", "priority ", "population ", "Demand weight", "Orientation", "field of view",
    "Marginal value", "Approximate position", "approximate position", "Note: ", "Mount ",
    "Cost", " at lamp-", " at exist-",
    *(f"{level}{end}" for level in ("detect", "observe", "recognise", "identify")
      for end in ("<", '"')),  # (legend, popups, view tooltips; "observera" is Swedish)
    "Full Screen", "Area id", "camera planned", ": candidate", "\u00a0SEK", " new, ",
    "Camera C00", "Model<",
]


def swedish(plan: Plan) -> Plan:
    """``plan`` as planned from a scenario with ``language = "sv"``."""
    settings = {**plan.summary.get("settings", {}), "language": "sv"}
    return dataclasses.replace(plan, summary={**plan.summary, "settings": settings})


@pytest.fixture(scope="module")
def sv_map() -> folium.Map:
    return render_map(swedish(toy_plan()))


@pytest.fixture(scope="module")
def sv_html(sv_map: folium.Map) -> str:
    return map_html(sv_map)


def test_layer_control_is_swedish(sv_map: folium.Map, sv_html: str) -> None:
    expected = [n.format(uncovered=uncovered(toy_plan())) for n in SV_LAYERS]
    assert list(layers_by_name(sv_map)) == expected
    assert '"Bakgrundskarta (OpenStreetMap)" : tile_layer_' in sv_html  # the basemap


def test_page_title_language_and_buttons(sv_html: str) -> None:
    assert sv_html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert ("<title>Kameraplan: &lt;i&gt;Katrineholm&lt;/i&gt; &amp; &quot;test&quot;</title>"
            in sv_html)
    assert '"title": "Helsk\\u00e4rm",\n  "titleCancel": "Avsluta helsk\\u00e4rm"' in sv_html
    assert "'in': \"Zooma in\", 'out': \"Zooma ut\"" in sv_html


def test_summary_panel_and_legend_are_swedish(sv_html: str) -> None:
    for text in (
        "Plan: &lt;i&gt;Katrineholm&lt;/i&gt; &amp; &quot;test&quot;",  # data as given, escaped
        "<th>Budget</th><td>8\u202f000\u202f000\u00a0kr</td>",
        "<th>Använt</th><td>123\u202f000\u00a0kr (2\u00a0%)</td>",
        "<th>Kameror</th><td>2 nya, 1 befintlig</td>",
        "<th>Täckt andel</th><td>41,0\u00a0%</td>",
        "<th>Täckt befolkning (graderad)</th><td>960 av 2\u202f450</td>",
        "Täckt befolkning är graderad, inte ett antal personer: områdets befolkning viktad "
        "efter den DORI-nivå som dess allmänna platser syns på.",
        "<th>Optimering</th><td>optimal, optimalitetsgap 0,62\u00a0% (scip)</td>",
        "Täckningen graderas efter DORI-nivå; täckt andel viktar områdena efter "
        "prioritet.",
        "<summary>Teckenförklaring</summary>",
        "<div>Prioritet&nbsp;0",
        "<div>Täckt andel&nbsp;0&nbsp;%",
        "<b>Kamerans upptagningsområde (DORI-nivå)</b>",
        "</span>identifiera</div>", "</span>känna igen</div>", "</span>observera</div>",
        "</span>upptäcka</div>",
        # model names as given, with the catalogue's id that the documents name them by
        "4K bullet (bullet-4k)</div>", "2 MP dome (dome-2mp)</div>",
        "befintlig kamera</div>", "möjlig monteringsplats</div>",
        "behovspunkt utan täckning</div>", "integritetszon</div>", "byggnad</div>",
    ):
        assert js(text) in sv_html, text


def test_popups_and_tooltips_are_swedish(sv_html: str) -> None:
    for text in (
        "<h3>Kamera C001</h3>",
        "<tr><th>Monteringsplats</th><td>lamp-001 (belysningsstolpe)</td></tr>",
        "<tr><th>Modell</th><td>2 MP dome (dome-2mp)</td></tr>",
        "<tr><th>Riktning (från geografisk nord)</th><td>91,0° (O), bildvinkel 100°</td></tr>",
        "<tr><th>Kostnad</th><td>52\u202f000\u00a0kr</td></tr>",
        "<tr><th>Täckt befolkning (graderad)</th><td>310</td></tr>",
        "<tr><th>Marginalvärde (behovsvikt)</th><td>12,2</td></tr>",
        "<b>Behovsvikt efter bästa DORI-nivå</b>",
        "</span>känna igen</th><td>8,5 (20\u00a0%)</td>",  # (as the legend: lowercase)
        "<h3>Befintlig kamera C003</h3>",
        "0 kr (befintlig, belastar inte bidraget)",
        "Ungefärlig position (platsen är inte inmätt).",
        "Anmärkning: Reported in local news",
        "C003: Befintlig: 2 MP dome vid exist-001 (ungefärlig position)",
        "<tr><th>Område (id)</th><td>0483C1010</td></tr>",
        "<tr><th>Prioritet</th><td>0,90</td></tr>",  # (as everywhere else: not Prioritetsindex)
        "<tr><th>Täckt befolkning efter (graderad)</th><td>720</td></tr>",
        '<p class="note">Graderad efter DORI-nivå: inte ett antal personer.</p>',
        "prioritet 0,90 · befolkning 1\u202f200<br>täckt andel 10,0\u00a0% → 60,0\u00a0%",
        "Kamera C001: känna igen",
        "Monteringsplats lamp-003 (belysningsstolpe): möjlig plats",
        "Monteringsplats lamp-001 (belysningsstolpe): kamera planerad",
        "Integritetszon pz-1 (gardens)",
        "dome-2mp vid lamp-001",  # the marker's hover title
    ):
        assert layer_js(text) in sv_html, text


def test_no_english_words_left(sv_html: str) -> None:
    left = [word for word in ENGLISH if js(word) in sv_html or word in sv_html]
    assert left == []
    # (and the list does find them on the English page)
    english = map_html(render_map(toy_plan()))
    assert [w for w in ENGLISH if js(w) in english or w in english] == ENGLISH


def test_incidents_and_merged_points_are_swedish() -> None:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    from tests.test_maps import CRS, X0, Y0

    incidents = gpd.GeoDataFrame(
        {"incident_id": ["i1", "i2"], "kind": ["misshandel", ""],
         "day": pd.to_datetime(["2024-03-01", None]), "hour": [22.25, float("nan")]},
        geometry=[Point(X0 - 200, Y0 - 100), Point(X0 + 100, Y0 - 100)], crs=CRS,
    )
    plan = dataclasses.replace(swedish(toy_plan()), incidents=incidents)
    m = render_map(plan, max_demand_points=5)
    names = list(layers_by_name(m))
    assert "Dokumenterade händelser (2)" in names
    assert any(n.startswith("Behovspunkter utan täckning (") and "sammanslagna i rutor om" in n
               for n in names)
    html = map_html(m)
    assert layer_js("misshandel (i1), 2024-03-01 22:15") in html
    assert layer_js("Händelse (i2)") in html


def test_offline_note_is_swedish() -> None:
    html = map_html(render_map(swedish(toy_plan()), offline=True), offline=False)
    assert js("Offlinekopia: bakgrundskartan kräver nätverksanslutning.") in html


def test_language_argument_and_default() -> None:
    plan = toy_plan()
    assert plan_language(plan) == "en"
    assert plan_language(swedish(plan)) == "sv"
    assert plan_language(plan, swedish(plan)) == "sv"  # (a plan without settings says nothing)
    by_argument = map_html(render_map(plan, language="sv"))
    assert by_argument == map_html(render_map(swedish(plan)))
    assert map_html(render_map(swedish(plan), language="en")) == map_html(render_map(plan))
    with pytest.raises(ValueError, match="language must be one of 'en', 'sv', got 'de'"):
        render_map(plan, language="de")


def test_swedish_map_renders_to_the_same_bytes_twice(sv_html: str) -> None:
    assert map_html(render_map(swedish(toy_plan()))) == sv_html


def test_swedish_comparison() -> None:
    a, b = plan_pair()
    dual = compare_maps(swedish(a), b)  # (the language of plan A's scenario)
    html = map_html(dual)
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<title>Kameraplaner: budget 8 MSEK jämfört med budget 6 MSEK</title>" in html
    for text in (
        "Ändringar: budget 8 MSEK → budget 6 MSEK (1 tillagd, 1 borttagen, 1 ändrad)",
        "<b>Tillagda (1):</b> lamp-004 (B C003)",
        "<b>Borttagna (1):</b> lamp-002 (A C002)",
        "<b>Ändrade (1):</b> lamp-001 (dome-2mp 91,0° → dome-2mp 181,0°; A C001 → B C001)",
        "<b>Oförändrade:</b> 1 (1 befintlig, 0 nya)",
        "<th>Område</th><th>A</th><th>B</th><th>Ändring</th>",
        "<td>+20,0\u00a0procentenheter</td>", "<td>\u221230,0\u00a0procentenheter</td>",
        "Plan A: &lt;i&gt;Katrineholm&lt;/i&gt;", "Plan B: &lt;i&gt;Katrineholm&lt;/i&gt;",
        "tillagd (bara i B)", "borttagen (bara i A)",
        "ändrad (samma plats, omriktad eller annan modell)", "oförändrad</div>",
    ):
        assert js(text) in html, text
    for text in ("Ändring: tillagd", "Ändring: borttagen", "Ändring: ändrad"):  # (popups)
        assert layer_js(text) in html, text
    for english in ("Changes:", "Added (", "Removed (", "Moved (", "Unchanged:", "added (in B",
                    "removed (in A", "Change: ", "\\u00a0pp", "Camera plans", "New cameras"):
        assert english not in html and js(english) not in html, english
    assert list(layers_by_name(dual.m2))[-2:] == [
        "Nya kameror (2)", "Befintliga kameror (1, 1 med ungefärlig position)"]
    # the language asked for wins over the plans'
    assert '<html lang="en">' in map_html(compare_maps(swedish(a), b, language="en"))


def test_number_words_and_compass_in_swedish() -> None:
    assert [compass(d, language="sv") for d in range(0, 360, 45)] == [
        "N", "NO", "O", "SO", "S", "SV", "V", "NV"]
    assert [compass(d) for d in range(0, 360, 45)] == [
        "N", "NE", "E", "SE", "S", "SW", "W", "NW"]
    assert fmt_pct(0.4123, language="sv") == "41,2\u00a0%"
    assert fmt_num(12345.678, 2, language="sv") == "12\u202f345,68"
    assert fmt_sek(52000, language="sv") == "52\u202f000\u00a0kr"
    assert fmt_sek(52000) == "52,000\u00a0SEK"  # (English groups with commas, as its reports)
    phrases = {"new_one": "ny", "new_many": "nya"}
    assert [counted(n, phrases, "new") for n in (0, 1, 2)] == ["nya", "ny", "nya"]


def test_a_planned_swedish_scenario_gives_a_swedish_map(tiny_town: Path) -> None:
    # the whole way: the scenario's key, the plan's summary, the map
    from planner.plan import plan
    from planner.scenario import load_scenario

    scenario = load_scenario(tiny_town, overrides={"language": "sv"})
    solved = plan(scenario)
    assert plan_language(solved) == "sv"
    html = map_html(render_map(solved))
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert js("Områden efter prioritet") in html and js("Areas by") not in html


def test_a_swedish_variant_shows_its_own_title() -> None:
    # scenarios/katrineholm.toml#sv sets its title in Swedish: summary.json has it, the map
    # shows it (page title, panel) with the technical name beneath
    title = "Katrineholm 2018: trygghetskameror i bostadsområden (segregationsbidraget)"
    plan = swedish(toy_plan())
    plan = dataclasses.replace(plan, summary={**plan.summary, "title": title,
                                              "scenario": "katrineholm-2018:sv"})
    html = map_html(render_map(plan))
    assert f"<title>Kameraplan: {title}</title>" in html
    assert js(f'<summary>{title}</summary><p class="scenario">Scenario katrineholm-2018:sv</p>'
              ) in html


@pytest.mark.parametrize(("terms", "en", "sv"), [
    ({"horizon_years": 5.0, "include_yearly_costs": True},
     " (yearly costs over 5 years included)", " (årliga kostnader under 5 år inräknade)"),
    ({"horizon_years": 2.5, "include_yearly_costs": True},
     " (yearly costs over 2.5 years included)", " (årliga kostnader under 2,5 år inräknade)"),
    ({"horizon_years": 1.0, "include_yearly_costs": True},
     " (yearly costs over 1 year included)", " (årliga kostnader under 1 år inräknade)"),
    # (report.md had said "over 0 years (yearly costs included)" here, the map this)
    ({"horizon_years": 0.0, "include_yearly_costs": True},
     " (purchase and installation only)", " (endast inköp och installation)"),
    ({"horizon_years": 5.0, "include_yearly_costs": False},
     " (purchase and installation only)", " (endast inköp och installation)"),
    ({}, "", ""),  # (a plan made by hand: nothing said)
])
def test_the_budget_says_what_the_money_pays_for(terms, en, sv) -> None:
    # a camera's cost counts its yearly costs over the horizon: a reader had taken a camera's
    # 55,000 SEK for its purchase price; report.md says it in the same words (_cost_text)
    from planner._map_panels import summary_html

    summary = {"budget_sek": 8e6, "spent_sek": 7.998e6, **terms}
    assert f"<th>Budget</th><td>8,000,000\u00a0SEK{en}</td>" in summary_html(summary, "p")
    assert (f"<th>Budget</th><td>8\u202f000\u202f000\u00a0kr{sv}</td>"
            in summary_html(summary, "p", language="sv"))


def test_privacy_zone_kinds_are_in_the_maps_words() -> None:
    # a Swedish map's tooltip had read "Integritetszon z00651 (private_garden)": the kinds the
    # planner knows are worded (the default data's, the OSM importer's and the layer's default);
    # a layer's own kind stays as given; an English map words them too (it had kept the codes)
    import geopandas as gpd
    from shapely.geometry import box

    from planner._map_layers import privacy_layer
    from tests.test_maps import CRS, X0, Y0

    zones = gpd.GeoDataFrame(
        {"zone_id": ["z1", "z2", "z3", "z4"],
         "kind": ["private_garden", "facade_band", "home", "gardens"]},
        geometry=[box(X0 + k, Y0, X0 + k + 5, Y0 + 5) for k in range(0, 40, 10)], crs=CRS)
    tips = {language: [f["properties"]["tooltip"] for f in privacy_layer(
        zones.to_crs("EPSG:4326"), language=language).data["features"]]
        for language in ("en", "sv")}
    assert tips["sv"] == ["Integritetszon z1 (privat trädgård)", "Integritetszon z2 (fasadband)",
                          "Integritetszon z3 (bostad)", "Integritetszon z4 (gardens)"]
    assert tips["en"] == ["Privacy zone z1 (private garden)", "Privacy zone z2 (façade band)",
                          "Privacy zone z3 (home)", "Privacy zone z4 (gardens)"]
    plan = swedish(toy_plan())
    html = map_html(render_map(dataclasses.replace(plan, privacy_zones=zones)))
    assert layer_js("(privat trädgård)") in html and "private_garden" not in html
