"""The report's phrase tables: what ``report.md``, ``plan.xlsx`` and the register's wording say.

``_TEXT`` is registered with :func:`planner._lang.texts` as ``report`` (one table per language,
every key in each); ``_RECORD_ITEMS`` and ``_RECORD_ITEMS_SV`` name the ``[surveillance]`` keys
and what an unsettled one asks for.
"""

from __future__ import annotations

from planner._lang import texts

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
        "budget": "- Budget: {budget} SEK",
        "sek": "{amount} SEK",
        "spent": "- Spent: {spent} SEK; remaining {remaining} SEK",
        "cameras": "- Cameras: {new} {new_word}, {existing} {existing_word}",
        "rollout": "- Rollout: stage {stage} of {stages} ({order}); {bought}",
        # (what the stage buys of the plan's new cameras: "1 of the 1 new cameras are bought in
        # this stage, the others in the stages before it" had stood for stage 1's one camera)
        "bought:nothing": "no new camera is bought",
        "bought:all:one": "the new camera is bought in this stage",
        "bought:all:many": "all {new} new cameras are bought in this stage",
        "bought:before:one": ("no new camera is bought in this stage; the plan's new camera was "
                              "bought in {earlier}"),
        "bought:before:many": ("no new camera is bought in this stage; the {new} new cameras were "
                               "bought in {earlier}"),
        "bought:some:one": ("{added} of the {new} new cameras is bought in this stage, {rest} in "
                            "{earlier}"),
        "bought:some:many": ("{added} of the {new} new cameras are bought in this stage, {rest} in "
                             "{earlier}"),
        "rest:one": "the other",
        "rest:many": "the others",
        "earlier:one": "stage 1",
        "earlier:many": "the stages before it",
        "required sites": "- Required sites, a new camera on each (`constraints.require_sites`): "
                          "{cameras}",
        "camera on": "{camera} on {site}",
        "equity": "- Equity: every planned area at least {share} covered "
                  "(`constraints.equity_min_share`)",
        "equity maxmin": "- Equity: the smallest covered share of the planned areas raised "
                         "first, coverage after it (`constraints.equity_mode = \"maxmin\"`)"
                         "{floor}",
        "equity floor": ", never below {share}",
        # (what the rule reached: a maxmin plan had not said its smallest share)
        "equity reached": "; the smallest covered share reached: {share}, {name} ({area_id})",
        "excluded sites": "- Excluded sites, no new camera on them "
                          "(`constraints.exclude_sites`): {sites}",
        "removed existing": "- Existing cameras taken down, in no plan and no new camera on "
                            "their mounts (`constraints.remove_existing`): {sites}; the "
                            "coverage before the plan (today's) still has {them}",
        "replaced existing": "- Existing cameras replaced, each mount a candidate for a new "
                             "camera (`constraints.replace_existing`): {sites}. The coverage "
                             "before the plan (today's) still has {them}",
        "replaced by": "{site} ({model}) replaced by {cameras}",
        "replaced by none": "{site} ({model}): no new camera, taken down",
        "them:one": "it",
        "them:many": "them",
        "order:forward": "forward",
        "order:backward": "backward",
        "new:one": "new",
        "new:many": "new",
        "existing:one": "existing",
        "existing:many": "existing",
        "share": "- Covered share of weighted demand: {before} before, {after} after (graded by "
                 "DORI level)",
        "population": "- Covered population (graded): {covered} of {population}{where}",
        # (a plan of daylight ranges for cameras that record at set hours: a figure quoted for
        # night-time recording had overstated it by almost half in a trial)
        "by day": "- The coverage is by day (each model's daylight ranges); the cameras record "
                  "{hours} (`surveillance.hours`): for coverage at night, plan with "
                  "`coverage.night = true` (ranges capped at each model's IR range)",
        "in areas:one": " in the planned area",
        "in areas:many": " in the {n} planned areas",
        # (the map's panel names the same row "Optimisation": report.md had said "Solver")
        "solver": "- Optimisation: {backend}, status {status}, gap {gap} % (= (bound − "
                  "objective) / bound; the best possible plan's objective lies between the two), "
                  "objective {objective}, bound {bound}; {stopped}",
        "note": "- Note: {note}",
        "tables": "- Tables for Excel: `plan.xlsx` (summary, camera register, areas); for "
                  "scripts and GIS: `register.csv`, `areas.geojson`, `cameras.geojson`",
        "areas heading": "## Areas",
        # which areas and why (an application to Delegationen mot segregation had found only
        # "Priority 1.00 / 0.99" and "in the 9 planned areas")
        "selected:all": "The planned areas: all {n} of the areas layer (`demand.areas` = \"all\")",
        "selected:list": "The planned areas: the {n} that `demand.areas` lists",
        "selected:min": "The planned areas: the {n} with priority {min} or more "
                        "(`demand.min_priority`)",
        "selected:both": "The planned areas: the {n} of the {listed} that `demand.areas` lists "
                         "with priority {min} or more (`demand.min_priority`)",
        "selected of layer": ", of the areas layer's {total}",
        "priority:index": "Priority is a relative socioeconomic index in [0, 1] of the indicators "
                          "below: each is min-max normalised across the areas layer's {total} "
                          "areas (median_income_tkr inverted: the lower the income, the greater "
                          "the need) and their mean is rescaled to [0, 1] "
                          "(`planner.importers.priority_index`, as `planner import deso` "
                          "computes it). 1 is the greatest challenges among these areas, 0 the "
                          "fewest: a ranking within them, not a national measure.",
        "priority:given": "Priority is the areas layer's own, in [0, 1] (1 = the greatest "
                          "challenges)",
        "priority:not index": "; it is not the relative index of the indicators below that "
                              "`planner import deso` computes (`planner.importers.priority_index`: "
                              "each min-max normalised across the layer's areas, averaged)",
        "priority:unknown": "; the layer lacks the indicators `planner import deso` computes it "
                            "from, so how it was made is the layer's to say",
        "priority weight": "An area's demand weight is its population × (1 + {gain} × priority) "
                           "(`demand.priority_gain`).",
        "indicators": "The socioeconomic indicators behind the priority, per planned area "
                      "({source}){meanings}.",
        # (where the priority is not known to be their index: "behind the priority" had
        # followed "it is not the relative index of the indicators below")
        "indicators:layer": "The areas layer's socioeconomic indicators, per planned area "
                            "({source}){meanings}.",
        "source:column": "source: {sources}",
        "source:layer": "the areas layer's, `data.areas`: {file}",
        "source:layer unnamed": "the areas layer's",
        "cameras heading": "## Cameras",
        # (the id in the tables and data files, the catalogue's name beside it here: report.md
        # had given ids only, the map and a rollout's report.md names only)
        "models": "Camera models by their catalogue id (`data.cameras`), as the tables, "
                  "register.csv and cameras.geojson give them, with the catalogue's name: "
                  "{models}.",
        "graded": "covered_population_after, like the covered population above, is graded, "
                  "not a head count: the area's population × covered_share_after, the share of "
                  "its demand ({demand}) covered, each point counted by the best DORI level a "
                  "camera sees it at{levels}.{detect}",
        "graded levels": " ({levels}, unseen 0)",
        "graded detect": " An area seen everywhere at detect level only would count {detect} × "
                         "its population.",
        # (the plain share an application asks for: in view at all, whatever the level)
        "seen": " seen_share_after is ungraded: the share of the area's demand in view of a "
                "camera at any level.",
        "graded:grid": "points every {spacing} m in public space within {m} m of homes",
        "graded:all": "points every {spacing} m in its public space",
        "graded:points": "the points of `data.demand_points`, by their weight",
        "graded:unknown": "points in its public space",
        "cameras intro": "orientation_true_deg: the direction from true north; "
                         "covered_population: the same graded figure for what this camera "
                         "alone covers, by its own DORI level (cameras overlap, so these do not "
                         "add up to the plan's); marginal_value: the demand weight (population "
                         "weighted by the area's priority, graded) the plan loses without it.",
        "blind": "{cameras} {verb} no demand: {their} reaches none of it. {demand}",
        "list": "{first} and {last}",
        "blind:one": "covers",
        "blind:many": "cover",
        "their:one": "its view",
        "their:many": "their view",
        "demand:grid": "The demand is the public space of the planned areas "
                       "(`demand.areas`) within `demand.near_homes_m` = {m} m of homes: a "
                       "camera at a square, a station or a park away from homes covers none "
                       "of it.",
        "demand:all": "The demand is the public space of the planned areas (`demand.areas`).",
        "demand:points": "The demand is the points of `data.demand_points` in the planned "
                         "areas.",
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
        "dpia": ("Also for the municipality to assess before the cameras start: whether the "
                 "surveillance needs a data protection impact assessment (GDPR art. 35(3)(c) "
                 "names systematic monitoring of a publicly accessible area on a large scale), "
                 "seeking the advice of its data protection officer (art. 35(2)). The planner "
                 "does not make that assessment."),
        "masked": ("Masking: new cameras that see a little of a privacy zone at {level} level "
                   "or better ({n}: {cameras}; at most {most} m² each, kept because "
                   "constraints.privacy_maskable_m2 allows up to {limit} m²): mask that part in "
                   "each camera and say so in the record (`surveillance.privacy_masking`)."),
        "rule:exclude": ("Privacy rule (`constraints.privacy` = \"exclude\"): a camera option "
                         "that sees any part of a privacy zone at {level} level or better is left "
                         "out of the plan."),
        "rule:exclude maskable": ("Privacy rule (`constraints.privacy` = \"exclude\"): a camera "
                                  "option that sees more than {limit} m² of privacy zones at "
                                  "{level} level or better is left out of the plan "
                                  "(`constraints.privacy_maskable_m2`: up to that is to be masked "
                                  "in the camera)."),
        "rule:penalty": ("Privacy rule (`constraints.privacy` = \"penalty\"): no camera is left "
                         "out for what it sees of privacy zones; each m² it sees at {level} level "
                         "or better lowers the plan's objective by {penalty} "
                         "(`constraints.privacy_penalty_per_m2`)."),
        "rule:off": ("Privacy rule (`constraints.privacy` = \"off\"): privacy zones do not limit "
                     "the plan; what each camera sees of them at {level} level or better is only "
                     "reported."),
        "rule seen": " New cameras that see a privacy zone at {level} level or better ({n}): "
                     "{cameras}.",
        "rule seen none": " No new camera sees a privacy zone at {level} level or better.",
        "seen anywhere": ("In their whole view (from {detect} level: anything the camera shows) "
                          "{zones}, and {facades}{twice}; per camera in the register (plan.xlsx's "
                          "{sheet} sheet and register.csv, columns {zone_col} and {facade_col})."),
        # (how many see a zone, and façades: "0 of the 5 new cameras see a privacy zone, 0.0 m²
        # summed over the cameras" and "5 of the 5" had stood)
        "zones:none": "none of the {new} new cameras sees a privacy zone",
        "zones:all": "all {new} new cameras see a privacy zone, {m2} m² summed over the cameras",
        "zones:some": ("{n} of the {new} new cameras {see} a privacy zone, {m2} m² summed over the "
                       "cameras"),
        "facades:none": "none sees a residential façade",
        "facades:all": "all see residential façades, {n_facades} summed over the cameras",
        "facades:some": "{n} {see} residential façades, {n_facades} summed over the cameras",
        "counts twice": " (a zone or façade two cameras see counts twice)",
        # (a plan of one new camera: "1 of the 1 new cameras sees a privacy zone, ... summed over
        # the cameras" had stood for it)
        "seen anywhere:one": ("In its whole view (from {detect} level: anything the camera "
                              "shows) the new camera sees {zones} and {facades}; in the register "
                              "(plan.xlsx's {sheet} sheet and register.csv, columns {zone_col} "
                              "and {facade_col})."),
        "zones seen": "{m2} m² of privacy zones",
        "zones seen:none": "no privacy zone",
        "facades seen:one": "{n} residential façade",
        "facades seen:many": "{n} residential façades",
        "facades seen:none": "no residential façade",
        # ("1 of the 137 new cameras see" had stood where one did)
        "sees:one": "sees",
        "sees:many": "see",
        "rule no zones": (" The scenario has no privacy zones (`data.privacy_zones`): the rule "
                          "protects no home or garden."),
        "masking refused": ("Contradiction: `surveillance.privacy_masking` = false, but the "
                            "cameras above are in the plan only because the part of the zone "
                            "they see is masked. Either mask it and set privacy_masking = true, "
                            "or plan without them (constraints.privacy_maskable_m2 = 0)."),
        "masking unsettled": ("Still to settle: `surveillance.privacy_masking` is not set, but "
                              "the cameras above are in the plan only because the part of the "
                              "zone they see is masked. Either mask it and set privacy_masking = "
                              "true, or plan without them (constraints.privacy_maskable_m2 = 0)."),
        "masked none": ("Masking: no new camera sees a privacy zone at {level} level or better "
                        "(constraints.privacy_maskable_m2 would allow up to {limit} m² each)."),
        "rows": "Each row states position, purpose, model, orientation (from true north, as a "
                "compass corrected for declination or a map app gives it; register.csv and "
                "plan.xlsx also give orientation_deg, the grid bearing of the plan's "
                "coordinate system), field of view and how far each DORI level reaches, and what the view contains: the areas in view, "
                "the residential façades and privacy-zone area anywhere in the view (from "
                "detect level, where a person is only detected), and the façades and "
                "privacy-zone area it shows at {level} level or better (the level the "
                "scenario's privacy rule counts). register.csv and plan.xlsx have the ranges "
                "of every level and how each camera is run; `plan --drawings` draws the "
                "recording area of each area's cameras. The register to read is plan.xlsx's "
                "Cameras sheet; register.csv, for scripts and GIS, is the same in every "
                "language (English column names and codes).",
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
        "bare": "New cameras with no documented incident in view ({count}): {shown}. The "
                "weighing needs another documented ground for their places, or the plan "
                "without them.",
        "bare:one": "The new camera has no documented incident in view: {shown}. The weighing "
                    "needs another documented ground for its place, or the plan without it.",
        # (one of several: "New cameras ... (1 of 5): C003. ... for their places, or the plan
        # without them" had stood)
        "bare:one of": "1 of the {new} new cameras has no documented incident in view: {shown}. "
                       "The weighing needs another documented ground for its place, or the plan "
                       "without it.",
        # ("(1 of 1)" and "(5 of 5)" had stood where every new camera had none)
        "bare:some": "{n} of {new}",
        "bare:all": "all {new}",
        "existing purpose": "Existing camera, kept as it is (its operator's own record covers "
                            "it)",
        "existing purpose of": "Existing camera, kept as it is (listed in the register of "
                               "{owner})",
        "own existing": "{purpose} (existing camera, kept)",
        "own existing bare": "Existing camera, kept as it is",
        "purpose of": "{purpose} of {areas}",
        "sources heading": "## Sources",
        "sources intro": "The input files as read (SHA-256 of their bytes; `summary.json` has "
                         "the full digests and every setting under `settings`) and the "
                         "versions that made the plan. Each file is named from the scenario "
                         "file's folder, one given on the command line too.",
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
        "privacy:exclude": "uteslut kameror som ser in i integritetszoner från regelns "
                           "DORI-nivå",
        "privacy:penalty": "avdrag per m² integritetszon i bild",
        "privacy:off": "av",
        "title": "# Kameraplan: {title}",
        "scenario": "- Scenario: {scenario}",
        "budget": "- Budget: {budget} kr",
        "sek": "{amount} kr",
        "spent": "- Använt: {spent} kr; kvar {remaining} kr",
        "cameras": "- Kameror: {new} {new_word}, {existing} {existing_word}",
        "rollout": "- Utbyggnad: etapp {stage} av {stages} (ordning {order}); {bought}",
        "bought:nothing": "ingen ny kamera köps",
        "bought:all:one": "den nya kameran köps i denna etapp",
        "bought:all:many": "alla {new} nya kameror köps i denna etapp",
        "bought:before:one": ("ingen ny kamera köps i denna etapp; planens nya kamera köptes i "
                              "{earlier}"),
        "bought:before:many": ("ingen ny kamera köps i denna etapp; de {new} nya kamerorna köptes "
                               "i {earlier}"),
        "bought:some:one": ("{added} av de {new} nya kamerorna köps i denna etapp, {rest} i "
                            "{earlier}"),
        "bought:some:many": ("{added} av de {new} nya kamerorna köps i denna etapp, {rest} i "
                             "{earlier}"),
        "rest:one": "den andra",
        "rest:many": "de övriga",
        "earlier:one": "etapp 1",
        "earlier:many": "etapperna före den",
        "required sites": "- Monteringsplatser som scenariot kräver en ny kamera på "
                          "(`constraints.require_sites`): {cameras}",
        "camera on": "{camera} på {site}",
        "equity": "- Jämlikhet: varje planerat område täcks till minst {share} "
                  "(`constraints.equity_min_share`)",
        "equity maxmin": "- Jämlikhet: den minsta täckta andelen bland de planerade områdena "
                         "höjs först, täckningen därefter (`constraints.equity_mode = "
                         "\"maxmin\"`){floor}",
        "equity floor": ", aldrig under {share}",
        "equity reached": "; den minsta täckta andel som nås: {share}, {name} ({area_id})",
        "excluded sites": "- Monteringsplatser utan nya kameror "
                          "(`constraints.exclude_sites`): {sites}",
        "removed existing": "- Befintliga kameror som tas ned, som inte ingår i någon plan och "
                            "vars monteringsplatser inte får någon ny kamera "
                            "(`constraints.remove_existing`): {sites}; täckningen före planen "
                            "(dagens) har {them} fortfarande",
        "replaced existing": "- Befintliga kameror som ersätts, där varje monteringsplats kan "
                             "få en ny kamera (`constraints.replace_existing`): {sites}. "
                             "Täckningen före planen (dagens) har {them} fortfarande",
        "replaced by": "{site} ({model}) ersätts av {cameras}",
        "replaced by none": "{site} ({model}): ingen ny kamera, tas ned",
        "them:one": "den",
        "them:many": "dem",
        "order:forward": "framåt",
        "order:backward": "bakåt",
        "new:one": "ny",
        "new:many": "nya",
        "existing:one": "befintlig",
        "existing:many": "befintliga",
        "share": "- Täckt andel av det viktade behovet: {before} före, {after} efter "
                 "(graderat efter DORI-nivå)",
        "population": "- Täckt befolkning (graderad): {covered} av {population}{where}",
        "by day": "- Täckningen gäller i dagsljus (varje modells räckvidder i dagsljus); "
                  "kamerorna spelar in {hours} (`surveillance.hours`): för täckningen nattetid, "
                  "planera med `coverage.night = true` (räckvidder begränsade till varje "
                  "modells IR-räckvidd)",
        "in areas:one": " i det planerade området",
        "in areas:many": " i de {n} planerade områdena",
        "solver": "- Optimering: {backend}, status {status}, optimalitetsgap {gap} % "
                  "(= (övre gräns − målfunktionsvärde) / övre gräns; den bästa möjliga planens "
                  "värde ligger mellan de två), målfunktionsvärde {objective}, övre gräns "
                  "{bound}; {stopped}",
        "note": "- Anmärkning: {note}",
        "tables": "- Tabeller för Excel: `plan.xlsx` (sammanfattning, kameraregister, "
                  "områden); för skript och GIS, med engelska kolumnnamn: `register.csv`, "
                  "`areas.geojson`, `cameras.geojson`",
        "areas heading": "## Områden",
        "selected:all": "De planerade områdena: alla {n} i områdeslagret (`demand.areas` = "
                        "\"all\")",
        "selected:list": "De planerade områdena: de {n} som `demand.areas` listar",
        "selected:min": "De planerade områdena: de {n} som har prioritet {min} eller högre "
                        "(`demand.min_priority`)",
        "selected:both": "De planerade områdena: de {n} av de {listed} i `demand.areas` som har "
                         "prioritet {min} eller högre (`demand.min_priority`)",
        "selected of layer": ", av områdeslagrets {total}",
        "priority:index": "Prioriteten är ett relativt socioekonomiskt index mellan 0 och 1 av "
                          "indikatorerna nedan: var och en min–max-normaliseras över "
                          "områdeslagrets {total} områden (medianinkomsten omvänd: ju lägre "
                          "inkomst, desto större behov) och deras medelvärde skalas om till "
                          "0–1 (`planner.importers.priority_index`, så som `planner import deso` "
                          "beräknar det). 1 är de största utmaningarna bland dessa områden, 0 de "
                          "minsta: en rangordning inom dem, inte ett nationellt mått.",
        "priority:given": "Prioriteten är områdeslagrets egen, mellan 0 och 1 (1 = de största "
                          "utmaningarna)",
        "priority:not index": "; den är inte det relativa index av indikatorerna nedan som "
                              "`planner import deso` beräknar (`planner.importers.priority_index`: "
                              "var och en min–max-normaliserad över lagrets områden, i medeltal)",
        "priority:unknown": "; lagret saknar de indikatorer som `planner import deso` beräknar "
                            "den av, så hur den har tagits fram får lagret självt redovisa",
        "priority weight": "Ett områdes behovsvikt är dess befolkning × (1 + {gain} × prioritet) "
                           "(`demand.priority_gain`).",
        "indicators": "De socioekonomiska indikatorerna bakom prioriteten för varje planerat "
                      "område ({source}){meanings}.",
        "indicators:layer": "Områdeslagrets socioekonomiska indikatorer för varje planerat "
                            "område ({source}){meanings}.",
        "source:column": "källa: {sources}",
        "source:layer": "områdeslagrets, `data.areas`: {file}",
        "source:layer unnamed": "områdeslagrets",
        "cameras heading": "## Kameror",
        "models": "Kameramodellerna anges med katalogens id (`data.cameras`), som i tabellerna, "
                  "register.csv och cameras.geojson, här med katalogens namn: {models}.",
        "graded": "Täckt befolkning efter, liksom den täckta befolkningen ovan, är graderad, "
                  "inte ett antal personer: områdets befolkning × täckt andel efter, den andel "
                  "av områdets behov ({demand}) som täcks, där varje punkt räknas efter den "
                  "bästa DORI-nivå som en kamera ser den på{levels}.{detect}",
        "graded levels": " ({levels}, osedd 0)",
        "graded detect": " Ett område som överallt syns bara på nivån upptäcka skulle räknas "
                         "som {detect} × dess befolkning.",
        "seen": " I bild efter (någon nivå, ograderad) är andelen av områdets behov som någon "
                "kamera har i bild, på vilken nivå som helst.",
        "graded:grid": "punkter med {spacing} m mellanrum på allmän plats inom {m} m från "
                       "bostäder",
        "graded:all": "punkter med {spacing} m mellanrum på allmän plats i området",
        "graded:points": "punkterna i `data.demand_points`, efter sin vikt",
        "graded:unknown": "punkter på allmän plats i området",
        "cameras intro": "Riktning från geografisk nord: riktningen som en kompass visar "
                         "efter korrigering för missvisning. "
                         "Täckt befolkning (graderad): samma graderade mått för det som kameran "
                         "täcker på egen hand (oavsett övriga kameror), efter dess egen "
                         "DORI-nivå (kamerornas bilder överlappar, så kolumnens summa är inte "
                         "planens täckta befolkning); marginalvärde: den behovsvikt (befolkning "
                         "viktad efter områdets prioritet, graderad) som planen förlorar utan "
                         "kameran.",
        # (upptagningsområde, the term of Swedish camera-surveillance practice, in every text:
        # report.md had said bildfält, the map siktfält, the drawings upptagningsområde)
        "blind": "{cameras} {verb} inget av behovet: {their} når inte in i något av det. "
                 "{demand}",
        "list": "{first} och {last}",
        "blind:one": "täcker",
        "blind:many": "täcker",
        "their:one": "dess upptagningsområde",
        "their:many": "deras upptagningsområden",
        "demand:grid": "Behovet är den offentliga miljön i de planerade områdena "
                       "(`demand.areas`) inom `demand.near_homes_m` = {m} m från bostäder: en "
                       "kamera vid ett torg, en station eller en park långt från bostäder täcker "
                       "inget av det.",
        "demand:all": "Behovet är den offentliga miljön i de planerade områdena "
                      "(`demand.areas`).",
        "demand:points": "Behovet är punkterna i `data.demand_points` i de planerade "
                         "områdena.",
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
        "dpia": ("Kommunen behöver också bedöma innan kamerorna tas i drift om bevakningen "
                 "kräver en konsekvensbedömning avseende dataskydd (GDPR art. 35.3 c nämner "
                 "systematisk övervakning i stor omfattning av en allmänt tillgänglig plats), och "
                 "då inhämta råd från sitt dataskyddsombud (art. 35.2). Planeraren gör inte den "
                 "bedömningen."),
        "masked": ("Maskering: nya kameror som ser en liten del av en integritetszon på "
                   "nivån {level} eller bättre ({n} st: {cameras}; högst {most} m² vardera, behålls "
                   "eftersom constraints.privacy_maskable_m2 tillåter upp till {limit} m²): "
                   "maskera den delen i varje kamera och ange det i underlaget "
                   "(`surveillance.privacy_masking`)."),
        "rule:exclude": ("Integritetsregel (`constraints.privacy` = \"exclude\"): ett "
                         "kameraalternativ som ser någon del av en integritetszon på nivån "
                         "{level} eller bättre tas inte med i planen."),
        "rule:exclude maskable": ("Integritetsregel (`constraints.privacy` = \"exclude\"): ett "
                                  "kameraalternativ som ser mer än {limit} m² integritetszon på "
                                  "nivån {level} eller bättre tas inte med i planen "
                                  "(`constraints.privacy_maskable_m2`: upp till så mycket ska "
                                  "maskeras i kameran)."),
        "rule:penalty": ("Integritetsregel (`constraints.privacy` = \"penalty\"): ingen kamera "
                         "utesluts för vad den ser av integritetszoner; varje m² som den ser på "
                         "nivån {level} eller bättre drar av {penalty} från planens målvärde "
                         "(`constraints.privacy_penalty_per_m2`)."),
        "rule:off": ("Integritetsregel (`constraints.privacy` = \"off\"): integritetszonerna "
                     "begränsar inte planen; vad varje kamera ser av dem på nivån {level} eller "
                     "bättre redovisas bara."),
        "rule seen": " Nya kameror som ser en integritetszon på nivån {level} eller bättre "
                     "({n} st): {cameras}.",
        "rule seen none": " Ingen ny kamera ser en integritetszon på nivån {level} eller bättre.",
        "seen anywhere": ("I hela bilden (från nivån {detect}: allt som kameran visar) {zones}, "
                          "och {facades}{twice}; per kamera i förteckningen (bladet {sheet} i "
                          "plan.xlsx, kolumnerna {zone_col} och {facade_col})."),
        "zones:none": "ser ingen av de {new} nya kamerorna någon integritetszon",
        "zones:all": ("ser alla {new} nya kameror en integritetszon, {m2} m² summerat över "
                      "kamerorna"),
        "zones:some": ("{see} {n} av de {new} nya kamerorna en integritetszon, {m2} m² summerat "
                       "över kamerorna"),
        "facades:none": "ingen ser någon bostadsfasad",
        "facades:all": "alla ser bostadsfasader, {n_facades} summerat över kamerorna",
        "facades:some": "{n} {see} bostadsfasader, {n_facades} summerat över kamerorna",
        "counts twice": " (en zon eller fasad som två kameror ser räknas två gånger)",
        "seen anywhere:one": ("I hela bilden (från nivån {detect}: allt som kameran visar) ser den "
                              "nya kameran {zones} och {facades}; i förteckningen (bladet {sheet} "
                              "i plan.xlsx, kolumnerna {zone_col} och {facade_col})."),
        "zones seen": "{m2} m² integritetszon",
        "zones seen:none": "ingen integritetszon",
        "facades seen:one": "{n} bostadsfasad",
        "facades seen:many": "{n} bostadsfasader",
        "facades seen:none": "ingen bostadsfasad",
        "sees:one": "ser",
        "sees:many": "ser",
        "rule no zones": (" Scenariot har inga integritetszoner (`data.privacy_zones`): regeln "
                          "skyddar ingen bostad eller trädgård."),
        "masking refused": ("Motstridigt: `surveillance.privacy_masking` = false, men kamerorna "
                            "ovan finns i planen bara för att den del av zonen som de ser "
                            "maskeras. Maskera den delen och ange privacy_masking = true, eller "
                            "planera utan dem (constraints.privacy_maskable_m2 = 0)."),
        "masking unsettled": ("Att besluta: `surveillance.privacy_masking` är inte angiven, men "
                              "kamerorna ovan finns i planen bara för att den del av zonen som de "
                              "ser maskeras. Maskera den delen och ange privacy_masking = true, "
                              "eller planera utan dem (constraints.privacy_maskable_m2 = 0)."),
        "masked none": ("Maskering: ingen ny kamera ser en integritetszon på nivån {level} eller "
                        "bättre (constraints.privacy_maskable_m2 skulle tillåta upp till {limit} "
                        "m² per kamera)."),
        "rows": "Varje rad anger position, ändamål, modell, riktning (från geografisk nord, "
                "som en kompass visar efter korrigering för missvisning, eller en kartapp; "
                "register.csv och plan.xlsx anger även riktningen från kartnord i planens "
                "koordinatsystem), bildvinkel och hur långt varje DORI-nivå når, samt vad bilden innehåller: områdena i bild, "
                "bostadsfasader och integritetszonernas yta var som helst i bilden (från nivån "
                "upptäcka, där en person bara kan upptäckas), och de fasader och den yta av "
                "integritetszoner som kameran visar på nivån {level} eller bättre (den nivå "
                "som scenariots integritetsregel utgår från). register.csv och plan.xlsx "
                "redovisar räckvidden för varje nivå och hur bevakningen med varje kamera "
                "bedrivs; `plan --drawings` "
                "ritar upptagningsområdet för kamerorna i varje område. Förteckningen på "
                "svenska är bladet Kameror i plan.xlsx; register.csv, för skript och GIS, är "
                "densamma på alla språk (engelska kolumnnamn och koder).",
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
        "bare:one": "Den nya kameran har ingen dokumenterad händelse i bild: {shown}. "
                    "Intresseavvägningen behöver ett annat dokumenterat skäl för dess plats, "
                    "annars får planen klara sig utan den.",
        "bare:one of": "1 av de {new} nya kamerorna har ingen dokumenterad händelse i bild: "
                       "{shown}. Intresseavvägningen behöver ett annat dokumenterat skäl för dess "
                       "plats, annars får planen klara sig utan den.",
        "bare:some": "{n} av {new}",
        "bare:all": "alla {new}",
        "bare": "Nya kameror utan någon dokumenterad händelse i bild ({count}): {shown}. "
                "Intresseavvägningen behöver ett annat dokumenterat skäl för deras platser, "
                "annars får planen klara sig utan dem.",
        "existing purpose": "Befintlig kamera som behålls oförändrad (redovisas i förteckningen "
                            "hos den som bedriver bevakningen)",
        "existing purpose of": "Befintlig kamera som behålls oförändrad (redovisas i "
                               "förteckningen hos {owner})",
        "own existing": "{purpose} (befintlig kamera som behålls)",
        "own existing bare": "Befintlig kamera som behålls oförändrad",
        "purpose of": "{purpose} i {areas}",
        "sources heading": "## Källor",
        "sources intro": "Indatafilerna i den form de lästes in (SHA-256-kontrollsumma av "
                         "innehållet; `summary.json` har de fullständiga kontrollsummorna och alla "
                         "inställningar under `settings`) och de programversioner som användes för "
                         "att ta fram planen. Varje fil anges från scenariofilens mapp, även en "
                         "som angavs på kommandoraden.",
        "col:layer": "Lager",
        "col:file": "Fil",
        "col:sha256": "SHA-256",
        "versions": "Versioner: ",
        "sheet:summary": "Sammanfattning",
        "sheet:cameras": "Kameror",
        "sheet:areas": "Områden",
    },
})
