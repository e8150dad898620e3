"""Tables, summary and surveillance record of a :class:`~planner._plan_types.Plan`; writing a plan.

``write_plan`` writes every output of one plan into a folder atomically: everything goes to a
temporary sibling folder that replaces the target only when all files are written.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _lang
from planner._lang import language_of, pick, texts
from planner._plan_types import Plan, camera_labels
from planner.io import NIGHT_HOURS, atomic_dir, write_geojson
from planner.workbook import coded_in_words, header, headers, summary_table, write_workbook

LEVEL_NAMES = {1: "detect", 2: "observe", 3: "recognise", 4: "identify"}

AREA_COLUMNS = [
    "area_id",
    "name",
    "population",
    "priority",
    "weight",
    "covered_share_before",
    "covered_share_after",
    "covered_population_after",
]
CAMERA_COLUMNS = [
    "camera",
    "stage",
    "site_id",
    "mount_type",
    "model",
    "model_name",
    "orientation_deg",
    "hfov_deg",
    "cost_sek",
    "existing",
    "approximate",
    "covered_weight",
    "covered_population",
    "marginal_value",
    "weight_identify",
    "weight_recognise",
    "weight_observe",
    "weight_detect",
]



#: How ``report.md`` names each ``[surveillance]`` key, and what an unsettled one asks for.
_RECORD_ITEMS = {
    "operator": ("Operator (controller)", "who runs the cameras and is the controller"),
    "contact": ("Contact", "whom the public asks, e.g. the data protection officer"),
    "purpose": ("Purpose", "what the cameras are for, e.g. crime prevention and safety in "
                "public space"),
    "legal_basis": ("Legal basis", "the legal basis of the processing, e.g. GDPR art. 6.1 e"),
    "decision": ("Documented balancing", "who weighed the interests, when, and its reference"),
    "start_date": ("Start", "when the surveillance starts (the register is kept five years "
                   "after it ends)"),
    "live_viewing_where": ("Watched live where", "where live pictures are watched and by whom"),
    "workplace": ("A workplace", "whether a watched place is someone's workplace (then the "
                  "employees' representatives give their opinion)"),
    "hours": ("Hours", "when the cameras record (the documented incidents may justify "
              "evenings and nights only)"),
    "storage_days": ("Recordings kept", "how long recordings are kept before they are erased"),
    "live_viewing": ("Watched live", "whether anyone watches live"),
    "sound": ("Sound recorded", "whether sound is recorded"),
    "privacy_masking": ("Homes masked in the image", "whether windows and entrances of homes "
                        "in view are masked in the camera"),
    "signage": ("Signs", "how and where people are told of the cameras"),
    "alternatives": ("Other measures first", "lighting, guards, vegetation: what was tried or "
                     "considered first"),
    "incidents": ("Documented incidents", "where the crimes and incidents at these places are "
                  "documented"),
}

_RECORD_ITEMS_SV = {
    "operator": ("Personuppgiftsansvarig", "vem som bedriver kamerabevakningen och är "
                 "personuppgiftsansvarig"),
    "contact": ("Kontakt", "vem allmänheten kan vända sig till, t.ex. dataskyddsombudet"),
    "purpose": ("Ändamål", "vad kamerorna ska användas till, t.ex. att förebygga brott och "
                "öka tryggheten på allmän plats"),
    "legal_basis": ("Rättslig grund", "den rättsliga grunden för behandlingen av "
                    "personuppgifter, t.ex. GDPR art. 6.1 e"),
    "decision": ("Dokumenterad intresseavvägning", "vem som har gjort intresseavvägningen, när "
                 "och med vilket diarienummer"),
    "start_date": ("Startdatum", "när bevakningen inleds (förteckningen ska bevaras i fem år "
                   "efter att bevakningen har upphört)"),
    "live_viewing_where": ("Var realtidsbilderna ses", "var och av vem bilderna ses i realtid"),
    "workplace": ("Arbetsplats", "om en bevakad plats är någons arbetsplats (då ska "
                  "arbetstagarnas företrädare få yttra sig)"),
    "hours": ("Bevakningstider", "när kamerorna spelar in (de dokumenterade händelserna kanske "
              "bara motiverar bevakning kvällar och nätter)"),
    "storage_days": ("Lagringstid", "hur länge inspelningarna sparas innan de raderas"),
    "live_viewing": ("Realtidsbevakning", "om någon ser bilderna i realtid"),
    "sound": ("Ljudupptagning", "om ljud spelas in"),
    "privacy_masking": ("Maskering av bostäder", "om fönster och entréer till bostäder i "
                        "bild maskeras i kameran"),
    "signage": ("Upplysning (skyltning)", "hur och var allmänheten upplyses om kamerabevakningen"),
    "alternatives": ("Alternativa åtgärder", "belysning, väktare, röjning av växtlighet: vad som "
                     "har prövats eller övervägts först"),
    "incidents": ("Dokumenterade händelser", "var brotten och händelserna på dessa platser finns "
                  "dokumenterade"),
}



_TEXT = texts("report", {
    "en": {
        **{f"item:{k}": v[0] for k, v in _RECORD_ITEMS.items()},
        **{f"ask:{k}": v[1] for k, v in _RECORD_ITEMS.items()},
        "all around": "all around",
        "privacy:exclude": "exclude",
        "privacy:penalty": "penalty",
        "privacy:off": "off",
        "title": "# Camera plan: {title}",
        "scenario": "- Scenario: {scenario}",
        "budget": "- Budget: {budget} SEK over {years} years ({costs})",
        "yearly included": "yearly costs included",
        "purchase only": "purchase and installation only",
        "spent": "- Spent: {spent} SEK; remaining {remaining} SEK",
        "cameras": "- Cameras: {new} {new_word}, {existing} {existing_word}",
        "rollout": ("- Rollout: stage {stage} of {stages} ({order}); {added} of the {new} new "
                    "cameras are bought in this stage, the others in the stages before it"),
        "required sites": "- Required sites, a new camera on each (`constraints.require_sites`): "
                          "{cameras}",
        "camera on": "{camera} on {site}",
        "excluded sites": "- Excluded sites, no new camera on them "
                          "(`constraints.exclude_sites`): {sites}",
        "order:forward": "forward",
        "order:backward": "backward",
        "new:one": "new",
        "new:many": "new",
        "existing:one": "existing",
        "existing:many": "existing",
        "share": "- Covered share of weighted demand: {before} before, {after} after (graded by "
                 "DORI level)",
        "population": "- Covered population (graded): {covered} of {population}",
        "solver": "- Solver: {backend}, status {status}, gap {gap} %, objective {objective}, "
                  "bound {bound}; {stopped}",
        "note": "- Note: {note}",
        "tables": "- Tables for Excel: `plan.xlsx` (summary, camera register, areas); for "
                  "scripts and GIS: `register.csv`, `areas.geojson`, `cameras.geojson`",
        "areas heading": "## Areas",
        "cameras heading": "## Cameras",
        "cameras intro": "covered_population: the people this camera alone covers, graded by "
                         "its DORI level (cameras overlap, so these do not add up to the "
                         "plan's); marginal_value: the demand weight (population weighted by "
                         "the area's priority, graded) the plan loses without it.",
        "yes": "yes",
        "no": "no",
        "days": "{days} days",
        "record heading": "## Surveillance record: interest balancing and register",
        "record intro": "Since 1 April 2025 camera surveillance of places the public has access "
                        "to needs no permit (kamerabevakningslagen 2018:1200, amended after "
                        "prop. 2024/25:93). The municipality itself weighs the interest in the "
                        "surveillance against the individual's interest in not being watched, "
                        "documents that before the cameras start, and keeps a register of its "
                        "camera surveillance, kept five years after the surveillance ends; signs "
                        "and GDPR's rules apply as before. This section is the plan's input to "
                        "that record: what each camera records and how it is run. The weighing "
                        "itself, the documented incidents it rests on and the register's final "
                        "form are the municipality's.",
        "running": "How the cameras are run (the scenario's `[surveillance]`):",
        "to settle": "Still to settle before the cameras start (keys of `[surveillance]`):",
        "masked": ("Masking: new cameras that see a little of a privacy zone at {level} level "
                   "or better ({n}: {cameras}; at most {most} m² each, kept because "
                   "constraints.privacy_maskable_m2 allows up to {limit} m²): mask that part in "
                   "each camera and say so in the record (`surveillance.privacy_masking`)."),
        "masked none": ("Masking: no new camera sees a privacy zone at {level} level or better "
                        "(constraints.privacy_maskable_m2 would allow up to {limit} m² each)."),
        "rows": "Each row states position, purpose, model, orientation, field of view and how "
                "far each DORI level reaches, and what the view contains: the areas in view, "
                "the residential façades and privacy-zone area anywhere in the view (from "
                "detect level, where a person is only detected), and the façades and "
                "privacy-zone area it shows at {level} level or better (the level the "
                "scenario's privacy rule counts). register.csv and plan.xlsx have the ranges "
                "of every level and how each camera is run; `plan --drawings` draws the "
                "recording area of each area's cameras.",
        "rows night": " In this night plan the ranges and contents are those of the daylight "
                      "view, which the privacy rule counts (the map and cameras.geojson show "
                      "the night coverage, capped at each model's IR range).",
        "no incidents": "Documented incidents: the scenario has no `data.incidents` layer. The "
                        "weighing rests on documented crimes and incidents at the watched "
                        "places; give them as points (`date`, `time`, `kind`) and register.csv "
                        "counts them in each camera's view.",
        "incidents": "Documented incidents (`data.incidents`): {n}{dated}; {with_time} with a "
                     "time of day, {at_night} of them between {start}:00 and {end}:00.",
        "dated": ", dated {first} to {last}",
        "in new views": " {n} lie in the view of the plan's new cameras ({at_night} of them "
                        "between {start}:00 and {end}:00).",
        "and more": " and {n} more",
        "bare": "New cameras with no documented incident in view ({n} of {new}): {shown}. The "
                "weighing needs another documented ground for their places, or the plan "
                "without them.",
        "existing purpose": "Existing camera, kept as it is (its operator's own record covers "
                            "it)",
        "purpose of": "{purpose} of {areas}",
        "sources heading": "## Sources",
        "sources intro": "The input files as read (SHA-256 of their bytes; `summary.json` has "
                         "the full digests and every setting under `settings`) and the "
                         "versions that made the plan.",
        "col:layer": "layer",
        "col:file": "file",
        "col:sha256": "sha256",
        "versions": "Versions: ",
        "sheet:summary": "Summary",
        "sheet:cameras": "Cameras",
        "sheet:areas": "Areas",
    },
    "sv": {
        **{f"item:{k}": v[0] for k, v in _RECORD_ITEMS_SV.items()},
        **{f"ask:{k}": v[1] for k, v in _RECORD_ITEMS_SV.items()},
        "all around": "runt om",
        "privacy:exclude": "uteslut kameror som ser in i integritetszoner",
        "privacy:penalty": "avdrag per m² integritetszon i bild",
        "privacy:off": "av",
        "title": "# Kameraplan: {title}",
        "scenario": "- Scenario: {scenario}",
        "budget": "- Budget: {budget} kr över {years} år ({costs})",
        "yearly included": "årliga kostnader inräknade",
        "purchase only": "endast inköp och installation",
        "spent": "- Använt: {spent} kr; kvar {remaining} kr",
        "cameras": "- Kameror: {new} {new_word}, {existing} {existing_word}",
        "rollout": ("- Utbyggnad: etapp {stage} av {stages} (ordning {order}); {added} av de {new} "
                    "nya kamerorna köps i denna etapp, de övriga i etapperna före den"),
        "required sites": "- Monteringsplatser som scenariot kräver en ny kamera på "
                          "(`constraints.require_sites`): {cameras}",
        "camera on": "{camera} på {site}",
        "excluded sites": "- Monteringsplatser utan nya kameror "
                          "(`constraints.exclude_sites`): {sites}",
        "order:forward": "framåt",
        "order:backward": "bakåt",
        "new:one": "ny",
        "new:many": "nya",
        "existing:one": "befintlig",
        "existing:many": "befintliga",
        "share": "- Täckt andel av det viktade behovet: {before} före, {after} efter "
                 "(graderat efter DORI-nivå)",
        "population": "- Täckt befolkning (graderad): {covered} av {population}",
        "solver": "- Lösare: {backend}, status {status}, optimalitetsgap {gap} %, målvärde "
                  "{objective}, övre gräns {bound}; {stopped}",
        "note": "- Anmärkning: {note}",
        "tables": "- Tabeller för Excel: `plan.xlsx` (sammanfattning, kameraregister, "
                  "områden); för skript och GIS, med engelska kolumnnamn: `register.csv`, "
                  "`areas.geojson`, `cameras.geojson`",
        "areas heading": "## Områden",
        "cameras heading": "## Kameror",
        "cameras intro": "Täckt befolkning: de personer som kameran täcker på egen hand "
                         "(oavsett övriga kameror), "
                         "graderat efter dess DORI-nivå (kamerornas bilder överlappar, så "
                         "kolumnens summa är inte planens täckta befolkning); marginalvärde: den "
                         "behovsvikt (befolkning viktad efter områdets prioritet, graderad) som "
                         "planen förlorar utan "
                         "kameran.",
        "yes": "ja",
        "no": "nej",
        "days": "{days} dagar",
        "record heading": "## Underlag för kamerabevakningen: intresseavvägning och förteckning",
        "record intro": "Sedan den 1 april 2025 krävs inget tillstånd för kamerabevakning av "
                        "platser dit allmänheten har tillträde (se kamerabevakningslagen, SFS "
                        "2018:1200, och prop. 2024/25:93). Kommunen väger själv intresset av "
                        "bevakningen mot den enskildes intresse av att inte bli bevakad, "
                        "dokumenterar intresseavvägningen innan kamerorna tas i drift och för en "
                        "förteckning över sin kamerabevakning; förteckningen ska bevaras i fem år "
                        "efter att bevakningen har upphört. Upplysningsplikten (skyltning) och "
                        "dataskyddsförordningens (GDPR) regler gäller som tidigare. Det här "
                        "avsnittet är planens underlag för den dokumentationen: vad varje kamera "
                        "spelar in och hur bevakningen bedrivs. För själva avvägningen, de "
                        "dokumenterade händelser den bygger på och förteckningens slutliga "
                        "utformning ansvarar kommunen.",
        "running": "Hur kamerabevakningen bedrivs (scenariots `[surveillance]`):",
        "to settle": "Att besluta innan kamerorna tas i drift (nycklar i `[surveillance]`):",
        "masked": ("Maskering: nya kameror som ser en liten del av en integritetszon på "
                   "nivån {level} eller bättre ({n} st: {cameras}; högst {most} m² vardera, behålls "
                   "eftersom constraints.privacy_maskable_m2 tillåter upp till {limit} m²): "
                   "maskera den delen i varje kamera och ange det i underlaget "
                   "(`surveillance.privacy_masking`)."),
        "masked none": ("Maskering: ingen ny kamera ser en integritetszon på nivån {level} eller "
                        "bättre (constraints.privacy_maskable_m2 skulle tillåta upp till {limit} "
                        "m² per kamera)."),
        "rows": "Varje rad anger position, ändamål, modell, riktning, bildvinkel och hur långt "
                "varje DORI-nivå når, samt vad bilden innehåller: områdena i bild, "
                "bostadsfasader och integritetszonernas yta var som helst i bilden (från nivån "
                "upptäcka, där en person bara kan upptäckas), och de fasader och den yta av "
                "integritetszoner som kameran visar på nivån {level} eller bättre (den nivå "
                "som scenariots integritetsregel utgår från). register.csv och plan.xlsx "
                "redovisar räckvidden för varje nivå och hur bevakningen med varje kamera "
                "bedrivs; `plan --drawings` "
                "ritar upptagningsområdet för kamerorna i varje område.",
        "rows night": " I den här nattplanen avser räckvidder och innehåll bilden i dagsljus, "
                      "som integritetsregeln räknar med (kartan och cameras.geojson visar täckningen "
                      "nattetid, begränsad till varje modells IR-räckvidd).",
        "no incidents": "Dokumenterade händelser: scenariot har inget lager `data.incidents`. "
                        "Intresseavvägningen vilar på dokumenterade brott och händelser på de "
                        "bevakade platserna; ange dem som punkter (`date`, `time`, `kind`) så "
                        "räknar register.csv dem i varje kameras bild.",
        "incidents": "Dokumenterade händelser (`data.incidents`): {n}{dated}; {with_time} med "
                     "klockslag, varav {at_night} mellan {start}:00 och {end}:00.",
        "dated": ", från {first} till {last}",
        "in new views": " {n} ligger inom bilden för planens nya kameror (varav {at_night} mellan "
                        "{start}:00 och {end}:00).",
        "and more": " och ytterligare {n}",
        "bare": "Nya kameror utan någon dokumenterad händelse i bild ({n} av {new}): {shown}. "
                "Intresseavvägningen behöver ett annat dokumenterat skäl för deras platser, "
                "annars får planen klara sig utan dem.",
        "existing purpose": "Befintlig kamera som behålls oförändrad (redovisas i förteckningen "
                            "hos den som bedriver bevakningen)",
        "purpose of": "{purpose} i {areas}",
        "sources heading": "## Källor",
        "sources intro": "Indatafilerna i den form de lästes in (SHA-256-kontrollsumma av "
                         "innehållet; `summary.json` har de fullständiga kontrollsummorna och alla "
                         "inställningar under `settings`) och de programversioner som användes för "
                         "att ta fram planen.",
        "col:layer": "Lager",
        "col:file": "Fil",
        "col:sha256": "SHA-256",
        "versions": "Versioner: ",
        "sheet:summary": "Sammanfattning",
        "sheet:cameras": "Kameror",
        "sheet:areas": "Områden",
    },
})


def compass(deg: float, language: str | None = None) -> str:
    """Compass word for a bearing in degrees (0 = north, clockwise), in ``language``."""
    if deg is None or (isinstance(deg, float) and math.isnan(deg)):
        return pick(_TEXT, language)["all around"]
    return _lang.compass(deg, language)


def area_table(plan: Plan) -> pd.DataFrame:
    """One row per planned area: population, priority, covered share before and after."""
    return (
        pd.DataFrame(plan.areas[AREA_COLUMNS])
        .sort_values(["priority", "area_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def camera_table(plan: Plan) -> pd.DataFrame:
    """One row per camera in the plan with its cost, coverage and marginal value."""
    table = pd.DataFrame(plan.cameras.drop(columns="geometry"))
    table.insert(0, "camera", camera_labels(len(table)))
    return table[[c for c in CAMERA_COLUMNS if c in table.columns]]


def camera_register(plan: Plan) -> pd.DataFrame:
    """One row per camera for the municipality's record of its camera surveillance.

    Since 1 April 2025 a municipality needs no permit to watch a public place (kamerabevakningslagen
    2018:1200, amended after prop. 2024/25:93 and bet. 2024/25:JuU27). It weighs the interest in
    the surveillance against the individual's interest in not being watched, documents that
    before the cameras start, and keeps a register of its camera surveillance (kept five years
    after the surveillance ends). This table is the plan's input to both, not the register
    itself (whose contents the municipality settles): per camera the position,
    purpose, model, orientation, field of view and the range of each DORI level; what the view
    contains: the areas it looks into, and the residential façades and privacy-zone area in its
    whole view (from detect level: anything the camera shows) and at the scenario's
    ``privacy_min_level`` or better (``privacy_level``, the level its privacy rule counts); and
    the documented incidents in its whole view by day (``data.incidents``, counted in
    :mod:`planner._plan_assemble` with the coverage rule; ``..._18_06``: those between 18:00 and
    06:00; blank without that layer or without times of day); and how the
    camera is run, from the scenario's ``[surveillance]`` (operator, hours, storage, live
    viewing, sound, masking; blank where not yet settled). Existing cameras are listed as
    kept (their operators' own records cover them). Ranges and contents are those of the daylight
    view, also in a night plan (whose coverage is capped at the IR range): a camera sees that far
    by day, and the privacy rule counts it.
    """
    from planner.scenario import LEVELS

    cams = plan.cameras
    wgs = cams.to_crs("EPSG:4326") if len(cams) else cams
    full_views = views_at(plan, 1, daylight=True)
    level_name = plan.summary.get("privacy_min_level", "observe")
    running = _running(plan.summary)
    purpose = running["purpose"]
    privacy_level = LEVELS.index(level_name) + 1
    close_views = views_at(plan, privacy_level, daylight=True)
    day = "daylight_" if "daylight_range_detect_m" in cams.columns else ""
    residential = plan.buildings[plan.buildings.get("kind", pd.Series(dtype=str)) == "residential"]
    res_tree = shapely.STRtree(residential.geometry.values) if len(residential) else None
    zone_tree = (
        shapely.STRtree(plan.privacy_zones.geometry.values) if len(plan.privacy_zones) else None
    )
    area_geoms = plan.areas.geometry.values
    # an area by its name, with its id where several share the name (DeSO areas carry their
    # RegSO's name: 21 areas, 11 names, and the register could not tell them apart)
    names = plan.areas["name"].astype(str)
    shared = names.duplicated(keep=False).to_numpy()
    area_label = np.where(shared, names + " (" + plan.areas["area_id"].astype(str) + ")", names)
    counted = plan.incidents is not None and "incidents_in_view" in cams.columns
    rows = []
    labels = camera_labels(len(cams))
    for i, cam in enumerate(cams.itertuples(index=False)):
        view = _view_of(full_views, cam.option_id)
        seen_areas = (
            ", ".join(dict.fromkeys(
                area_label[np.flatnonzero(shapely.intersects(area_geoms, view))]))
            if view is not None
            else ""
        )
        facades, zones_area = _privacy_seen(view, res_tree, zone_tree, plan)
        facades_rule, zones_rule = _privacy_seen(_view_of(close_views, cam.option_id), res_tree,
                                                 zone_tree, plan)
        ranges = {f"range_{name}_m": round(float(getattr(cam, f"{day}range_{name}_m", np.nan)), 1)
                  for name in ("identify", "recognise", "observe", "detect")}
        x, y = cam.geometry.x, cam.geometry.y
        rows.append(
            {
                "camera": labels[i],
                "site_id": cam.site_id,
                "status": "existing" if cam.existing else "new",
                "lat": round(wgs.geometry.iloc[i].y, 6),
                "lon": round(wgs.geometry.iloc[i].x, 6),
                "x": round(x, 1),
                "y": round(y, 1),
                "position_approximate": bool(cam.approximate),
                "mount_type": cam.mount_type,
                "model": cam.model,
                "orientation": _orientation(cam.orientation_deg),
                "hfov_deg": round(float(getattr(cam, "hfov_deg", np.nan)), 1),
                **ranges,
                "purpose": (
                    "Existing camera, kept as it is (its operator's own record covers it)"
                    if cam.existing else
                    (purpose or "") + (f" of {seen_areas}" if purpose and seen_areas else "")
                ),
                "areas_in_view": seen_areas,
                "residential_facades_in_view": facades,
                "privacy_zone_m2_in_view": _tenths_up(zones_area),
                "privacy_level": level_name,
                "residential_facades_at_privacy_level": facades_rule,
                "privacy_zone_m2_at_privacy_level": _tenths_up(zones_rule),
                # (counted in _plan_assemble.py with the coverage rule, as
                # min_incidents_in_view counts)
                "incidents_in_view": int(cam.incidents_in_view) if counted else None,
                "incidents_in_view_18_06": (
                    int(cam.incidents_in_view_18_06)
                    if counted and not np.isnan(cam.incidents_in_view_18_06) else None),
                **{k: (None if cam.existing else running[k]) for k in RUNNING_COLUMNS},
                "note": cam.note,
            }
        )
    columns = [
        "camera", "site_id", "status", "lat", "lon", "x", "y", "position_approximate",
        "mount_type", "model", "orientation", "hfov_deg", "range_identify_m",
        "range_recognise_m", "range_observe_m", "range_detect_m", "purpose", "areas_in_view",
        "residential_facades_in_view", "privacy_zone_m2_in_view", "privacy_level",
        "residential_facades_at_privacy_level", "privacy_zone_m2_at_privacy_level",
        "incidents_in_view", "incidents_in_view_18_06", *RUNNING_COLUMNS, "note",
    ]  # fmt: skip
    out = pd.DataFrame(rows, columns=columns)
    # whole numbers stay whole beside the blanks of existing cameras (7 days had read "7.0")
    for column in ("incidents_in_view", "incidents_in_view_18_06", "storage_days"):
        out[column] = out[column].astype("Int64")
    return out


#: Former name of :func:`camera_register` (the permit requirement it served was removed in 2025).
permit_dossier = camera_register

#: The ``[surveillance]`` keys each new camera's row of the register repeats.
RUNNING_COLUMNS = ("operator", "hours", "storage_days", "live_viewing", "sound",
                   "privacy_masking")


def _tenths_up(m2: float) -> float:
    """Privacy-zone area to 0.1 m², rounded up: a view into a zone never reads 0.

    (0.014 m² had read 0.0, and four cameras kept to be masked were missing from the list of
    cameras to mask.)
    """
    return float(np.ceil(round(m2 * 10, 6)) / 10) if m2 > 0 else 0.0


def _privacy_seen(view: Any, res_tree: shapely.STRtree | None, zone_tree: shapely.STRtree | None,
                  plan: Plan) -> tuple[int, float]:
    """Residential buildings whose façade a view touches, and the privacy-zone m² it covers."""
    if view is None:
        return 0, 0.0
    facades = (len(res_tree.query(shapely.buffer(view, 0.5), predicate="intersects"))
               if res_tree is not None else 0)
    area = 0.0
    if zone_tree is not None:
        hit = zone_tree.query(view, predicate="intersects")
        area = float(shapely.area(
            shapely.intersection(plan.privacy_zones.geometry.values[hit], view)).sum())
    return facades, area


def views_at(plan: Plan, level: int, *, daylight: bool = False) -> gpd.GeoDataFrame | None:
    """The plan's view polygons at ``level`` (1 detect ... 4 identify) or better, by option.

    ``daylight``: without a night plan's IR cap.
    """
    views = plan.daylight_views if daylight and plan.daylight_views is not None else plan.views
    if not len(views):
        return None
    return views[views["level"] == level].set_index("option_id")


def _view_of(views: gpd.GeoDataFrame | None, option_id: int) -> Any:
    if views is None or option_id not in views.index:
        return None
    view = views.loc[option_id, "geometry"]
    return view.iloc[0] if isinstance(view, gpd.GeoSeries) else view


def summary_json(plan: Plan) -> str:
    """The summary as stable, pretty JSON (sorted keys)."""
    return json.dumps(_jsonable(plan.summary), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else None
    return value


_MD_ESCAPES = str.maketrans(
    {"<": "&lt;", ">": "&gt;", "|": "\\|", "[": "\\[", "]": "\\]", "`": "\\`", "\\": "\\\\"}
)


#: Runs of whitespace that break a Markdown line or cell, the no-break spaces aside (a Swedish
#: number's narrow no-break space, "3 616", had become a plain space that may wrap).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f]+")


def md_text(value: Any) -> str:
    """Text from data made safe for Markdown: one line, no HTML tags, links or code spans."""
    return _BREAKING_SPACE.sub(" ", str(value)).strip().translate(_MD_ESCAPES)


def _md_table(frame: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None,
              language: str | None = None) -> str:
    """A Markdown table; the headers are the columns' in ``language`` (English: their names).

    In any language but English, true and false read as that language's yes and no.
    """
    formats = formats or {}
    t = pick(_TEXT, language)
    head = "| " + " | ".join(header(c, language) for c in frame.columns) + " |"
    sep = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = [head, sep]
    for row in frame.itertuples(index=False):
        cells = []
        for col, val in zip(frame.columns, row, strict=True):
            fmt = formats.get(col)
            if fmt:
                text = fmt(val)
            elif isinstance(val, float):
                text = _lang.number(val, 0, language)
            elif isinstance(val, bool | np.bool_) and language not in (None, "en"):
                text = t["yes"] if val else t["no"]
            elif isinstance(val, int | np.integer) and not isinstance(val, bool | np.bool_) \
                    and language not in (None, "en"):  # ("1808" had stood among "3 616")
                text = _lang.number(float(val), 0, language)
            else:
                text = str(val)
            cells.append(md_text(text))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _orientation(deg: float, language: str | None = None) -> str:
    """A camera's orientation as the register gives it: ``22.5° (NE)``, Swedish ``22,5° (NO)``."""
    return f"{_lang.degrees(deg, language)} ({compass(deg, language)})"


def register_for_people(register: pd.DataFrame, plan: Plan,
                        language: str | None = None) -> pd.DataFrame:
    """:func:`camera_register`'s rows of ``plan`` with the values it words in ``language``.

    Status, orientation (its compass word), purpose and privacy level: register.csv keeps them
    in English, as programs read them; report.md and plan.xlsx show them in ``language``. The
    columns are the register's.
    """
    if language in (None, "en") or not len(register):
        return register
    t = pick(_TEXT, language)
    out = register.copy()
    # the bearing worded anew from the camera's number ("22.5° (NE)" had kept its decimal point)
    degrees = plan.cameras["orientation_deg"].to_numpy(dtype=float)
    if len(degrees) != len(out):
        raise ValueError("register_for_people: the register is not the plan's (row counts differ)")
    out["orientation"] = [_orientation(deg, language) for deg in degrees]
    purpose = _running(plan.summary)["purpose"]
    existing = out["status"] == "existing"
    out["purpose"] = [
        t["existing purpose"] if old
        else (t["purpose of"].format(purpose=purpose, areas=areas) if purpose and areas
              else purpose or "")
        for old, areas in zip(existing, out["areas_in_view"], strict=True)]
    return coded_in_words(out, language)


def report_markdown(plan: Plan, register: pd.DataFrame | None = None) -> str:
    """A readable report: summary, per-area and per-camera tables, and the surveillance record.

    ``register`` is :func:`camera_register` of the plan if the caller has it already. The
    report is in the language of the plan's scenario (``settings.language``).
    """
    s = plan.summary
    language = language_of(s)
    t = pick(_TEXT, language)
    if register is None:
        register = camera_register(plan)
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    stopped = s.get("stopped_by", "proof")
    lines = [
        t["title"].format(title=md_text(s.get("title") or s["scenario"])),
        "",
        t["scenario"].format(scenario=md_text(s["scenario"])),
        t["budget"].format(budget=num(s["budget_sek"]), years=f"{s['horizon_years']:g}",
                           costs=t["yearly included" if s["include_yearly_costs"]
                                   else "purchase only"]),
        t["spent"].format(spent=num(s["spent_sek"]), remaining=num(s["remaining_sek"])),
        t["cameras"].format(
            new=s["n_cameras_new"], existing=s["n_cameras_existing"],
            new_word=t["new:one" if s["n_cameras_new"] == 1 else "new:many"],
            existing_word=t["existing:one" if s["n_cameras_existing"] == 1 else "existing:many"]),
        *([t["rollout"].format(stage=s["rollout"]["stage"], stages=s["rollout"]["stages"],
                               order=t[f"order:{s['rollout']['order']}"],
                               added=s["rollout"]["n_cameras_added"], new=s["n_cameras_new"])]
          if s.get("rollout") else []),
        *_site_rule_lines(plan, register, language),
        t["share"].format(before=pct(s["covered_share_before"]), after=pct(s["covered_share"])),
        t["population"].format(covered=num(s["covered_population"]),
                               population=num(s["population"])),
        t["solver"].format(backend=s["backend"], status=_lang.status(s["status"], language),
                           gap=num(100 * s["gap"], 3),
                           objective=num(s["objective"], 1), bound=num(s["bound"], 1),
                           stopped=_lang.stopped(str(stopped), language) or md_text(str(stopped))),
        *(t["note"].format(note=md_text(note)) for note in s.get("notes") or ()),
        t["tables"],
        "",
        t["areas heading"],
        "",
        _md_table(
            area_table(plan),
            {
                "priority": lambda v: num(v, 2),
                "covered_share_before": pct,
                "covered_share_after": pct,
            },
            language,
        ),
        "",
        t["cameras heading"],
        "",
        t["cameras intro"],
        "",
        _md_table(
            camera_table(plan)[
                [
                    "camera",
                    "site_id",
                    "model",
                    "orientation_deg",
                    "cost_sek",
                    "existing",
                    "covered_population",
                    "marginal_value",
                    *(["stage"] if "stage" in plan.cameras.columns else []),
                ]
            ],
            {"orientation_deg": lambda v: _lang.degrees(v, language)},
            language,
        ),
        "",
        *_record_lines(plan, register, s, language),
        "",
        *_provenance_lines(s, language),
    ]
    return "\n".join(lines)


def _summary_words(summary: dict[str, Any], language: str | None) -> dict[str, str]:
    """The summary's coded values in ``language``'s words (English keeps the codes)."""
    if language in (None, _lang.LANGUAGES[0]):
        return {}
    t = pick(_TEXT, language)
    words: dict[str, str] = {k: str(_lang.coded(k, str(summary[k]), language))
             for k in ("status", "stopped_by", "privacy_min_level") if k in summary}
    privacy = t.get(f"privacy:{summary.get('privacy')}")
    return {**words, **({"privacy": privacy} if privacy is not None and "privacy" in summary
                        else {})}


def _record_value(key: str, value: Any, language: str | None = None) -> str:
    t = pick(_TEXT, language)
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    if key == "storage_days":
        return t["days"].format(days=f"{value:g}")
    return md_text(str(value))


def record_item_names(language: str | None = None) -> dict[str, str]:
    """How the documents name each ``[surveillance]`` key in ``language``."""
    from planner.scenario import SURVEILLANCE_ITEMS

    t = pick(_TEXT, language)
    return {k: t[f"item:{k}"] for k in SURVEILLANCE_ITEMS}


def _running(summary: dict[str, Any]) -> dict[str, Any]:
    """How the cameras are run: the plan's ``[surveillance]``, every key present."""
    from planner.scenario import SurveillanceConfig

    return {**SurveillanceConfig().model_dump(), **(summary.get("surveillance") or {})}


def _record_lines(plan: Plan, register: pd.DataFrame, s: dict[str, Any],
                  language: str | None = None) -> list[str]:
    """The report's section for the documented interest balancing and the register."""
    from planner.scenario import SURVEILLANCE_ITEMS

    t = pick(_TEXT, language)
    running = _running(s)
    settled = [f"- {t[f'item:{k}']}: {_record_value(k, running[k], language)}"
               for k in SURVEILLANCE_ITEMS if running.get(k) is not None]
    open_items = [f"- {t[f'item:{k}']} (`surveillance.{k}`): {t[f'ask:{k}']}"
                  for k in SURVEILLANCE_ITEMS if running.get(k) is None]
    level = str(s.get("privacy_min_level", "observe"))
    return [
        t["record heading"],
        "",
        t["record intro"],
        "",
        t["running"],
        "",
        *settled,
        *(["", t["to settle"], "", *open_items] if open_items else []),
        "",
        *_incident_lines(plan, register, language),
        "",
        *_masking_lines(register, s, language),
        t["rows"].format(level=md_text(_lang.level(level, language)))
        + (t["rows night"] if plan.daylight_views is not None else ""),
        "",
        _md_table(
            register_for_people(register, plan, language).drop(
                columns=["x", "y", "note", "range_recognise_m", "range_observe_m",
                         "privacy_level", *RUNNING_COLUMNS, "incidents_in_view_18_06",
                         *(["incidents_in_view"] if plan.incidents is None else [])]),
            {"lat": lambda v: f"{v:.6f}", "lon": lambda v: f"{v:.6f}"},  # (as register.csv: 0.1 m)
            language,
        ),
    ]


def _site_rule_lines(plan: Plan, register: pd.DataFrame, language: str | None = None
                     ) -> list[str]:
    """The mounts the scenario decided on: required (with their cameras) and excluded."""
    rules = (plan.summary.get("settings") or {}).get("constraints") or {}
    t = pick(_TEXT, language)
    lines = []
    if rules.get("require_sites"):
        new = register[register["status"] == "new"].set_index("site_id")["camera"]
        lines.append(t["required sites"].format(cameras=", ".join(
            t["camera on"].format(camera=", ".join(new.loc[[site]]) if site in new.index
                                  else "–", site=md_text(str(site)))
            for site in rules["require_sites"])))
    if rules.get("exclude_sites"):
        lines.append(t["excluded sites"].format(
            sites=", ".join(md_text(str(site)) for site in rules["exclude_sites"])))
    return lines


def _masking_lines(register: pd.DataFrame, s: dict[str, Any],
                   language: str | None = None) -> list[str]:
    """The new cameras kept though they see a little of a privacy zone (to be masked)."""
    limit = float(((s.get("settings") or {}).get("constraints") or {})
                  .get("privacy_maskable_m2", 0.0) or 0.0)
    if limit <= 0 or not len(register):
        return []
    t = pick(_TEXT, language)
    seen = register.loc[(register["status"] == "new")
                        & (register["privacy_zone_m2_at_privacy_level"] > 0)]
    level = _lang.level(str(s.get("privacy_min_level", "observe")), language)
    if not len(seen):
        return [t["masked none"].format(limit=_lang.number(limit, 1, language), level=level), ""]
    return [t["masked"].format(
        n=len(seen), cameras=", ".join(seen["camera"]),
        most=_lang.number(float(seen["privacy_zone_m2_at_privacy_level"].max()), 1, language),
        limit=_lang.number(limit, 1, language), level=level), ""]


def _incident_lines(plan: Plan, register: pd.DataFrame, language: str | None = None
                    ) -> list[str]:
    """What the documented incidents say of the plan's views (the ground the weighing rests on)."""
    t = pick(_TEXT, language)
    if plan.incidents is None:
        return [t["no incidents"]]
    start, end = NIGHT_HOURS
    c = plan.summary.get("incidents") or {}
    n = c.get("n", len(plan.incidents))
    dated = (t["dated"].format(first=c["first_day"], last=c["last_day"])
             if c.get("first_day") else "")
    hours = {"start": f"{start:02d}", "end": f"{end:02d}"}
    lines = [
        t["incidents"].format(n=n, dated=dated, with_time=c.get("with_time", 0),
                              at_night=c.get("at_night", 0), **hours)
        + (t["in new views"].format(n=c["in_new_views"], at_night=c["in_new_views_at_night"],
                                    **hours)
           if "in_new_views" in c else ""),
    ]
    new = register["status"] == "new"
    bare = register.loc[new & (register["incidents_in_view"] == 0), "camera"].tolist()
    if bare:
        shown = ", ".join(bare[:30]) + (t["and more"].format(n=len(bare) - 30)
                                        if len(bare) > 30 else "")
        lines += ["", t["bare"].format(n=len(bare), new=int(new.sum()), shown=shown)]
    return lines


def _provenance_lines(s: dict[str, Any], language: str | None = None) -> list[str]:
    """The plan's sources: input files with their SHA-256, package versions (``summary.json``)."""
    t = pick(_TEXT, language)
    files = s.get("inputs") or {}
    if not files and not s.get("versions"):
        return []
    lines = [t["sources heading"], "", t["sources intro"], ""]
    if files:
        table = pd.DataFrame([{t["col:layer"]: key, t["col:file"]: f["file"],
                               t["col:sha256"]: f["sha256"][:16]}
                              for key, f in files.items()])
        lines += [_md_table(table, {}), ""]
    if s.get("versions"):
        lines += [t["versions"] + ", ".join(f"{md_text(k)} {md_text(v)}"
                                            for k, v in s["versions"].items()), ""]
    return lines


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formulas in text cells (a leading ``'`` before ``= + - @``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [
                f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v
                for v in out[column]
            ]
    return out


def write_plan(
    plan: Plan,
    out: str | Path,
    *,
    offline: bool = False,
    render: Callable[[Plan, Path], None] | None = None,
    drawings: bool = False,
) -> Path:
    """Write every output of a plan into ``out`` atomically and return ``out``.

    Files: ``map.html``, ``cameras.geojson``, ``views.geojson``, ``areas.geojson``,
    ``summary.json``, ``report.md``, ``register.csv`` (the camera register of
    :func:`camera_register`), ``plan.xlsx`` (summary, camera register and areas as sheets, for
    Excel); with ``drawings``, ``drawings/<area_id>.png``, the recording-area drawings of
    :mod:`planner.drawings`. ``report.md``, ``plan.xlsx`` and the drawings are in the language
    of the plan's scenario; the other files are the same in every language.
    """
    out = Path(out)
    with atomic_dir(out) as tmp:
        cams = plan.cameras.copy()
        cams.insert(0, "camera", camera_labels(len(cams)))
        write_geojson(cams, tmp / "cameras.geojson")
        write_geojson(plan.views, tmp / "views.geojson")
        areas_out = plan.areas.drop(
            columns=[c for c in ("weight_target",) if c in plan.areas.columns]
        )
        write_geojson(areas_out, tmp / "areas.geojson")
        (tmp / "summary.json").write_text(summary_json(plan), encoding="utf-8")
        register = camera_register(plan)
        (tmp / "report.md").write_text(report_markdown(plan, register), encoding="utf-8")
        _csv_safe(register).to_csv(tmp / "register.csv", index=False)
        language = language_of(plan.summary)
        t = pick(_TEXT, language)
        write_workbook(
            [(t["sheet:summary"], summary_table(plan.summary, language,
                                                record_item_names(language),
                                                _summary_words(plan.summary, language))),
             (t["sheet:cameras"],
              headers(register_for_people(register, plan, language), language)),
             (t["sheet:areas"], headers(pd.DataFrame(areas_out.drop(
                 columns=areas_out.geometry.name)), language))],
            tmp / "plan.xlsx",
        )
        if drawings:
            from planner.drawings import write_drawings

            (tmp / "drawings").mkdir()
            write_drawings(plan, tmp / "drawings")
        if render is None:
            from planner.maps import render_map, save_map

            save_map(render_map(plan, offline=offline), tmp / "map.html", offline=offline)
        else:
            render(plan, tmp / "map.html")
    return out
