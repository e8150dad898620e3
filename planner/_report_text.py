"""The report's phrase tables: what ``report.md``, ``plan.xlsx`` and the register's wording say.

``_TEXT`` is registered with :func:`planner._lang.texts` as ``report`` (one table per language,
every key in each): the English phrases are here, the Swedish ones in
:mod:`planner._report_swedish`; ``_RECORD_ITEMS`` names the ``[surveillance]`` keys and what an
unsettled one asks for.
"""

from __future__ import annotations

from planner._lang import texts
from planner._report_swedish import SWEDISH

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
        "by mount": "- New cameras by mount type: {counts}",
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
        "share": "- Covered share of weighted demand{when}: {before} before, {after} after (graded by "
                 "DORI level)",
        # (a trial's equity plan had a lower objective and more people covered than the default
        # one: read as "equity is free and covers more")
        "population": "- Covered population (graded){when}: {covered} of {population}{where}; "
                      "the plan maximises the priority-weighted coverage (the objective below), "
                      "not this head-weighted figure, so a plan that favours high-priority areas "
                      "may cover fewer people and a plan with a lower objective more",
        # (when the coverage holds, settings.coverage.night: a day plan's share had been read
        # as round the clock, a night plan's as a day plan's)
        "when:day": " by day (daylight ranges)",
        "when:night": " at night (IR range)",
        # (coverage.night_share: one plan counted by day and at night, each period then apart)
        "when:mixed": ", by day and at night weighted ({day} by day, {night} at night: "
                      "`coverage.night_share` = {share})",
        "population:periods": "- Covered population (graded){day}: {day_covered};{night}: "
                              "{night_covered}",
        # (a day plan's cameras at night, a night plan's by day: its 17.8 % had stood alone)
        "other period": "- The same cameras{when}, as they stand (the plan is not made for that "
                        "time): covered share {before} before, {after} after; covered "
                        "population (graded) {covered}",
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
        "evaluated": "- Not optimised: the cameras of a given plan scored under this scenario "
                     "(`planner.plan.evaluate`), objective {objective}; no bound or gap",
        "note": "- Note: {note}",
        "tables": "- Tables for Excel: `plan.xlsx` (summary, camera register, areas); for "
                  "scripts and GIS: `register.csv`, `areas.geojson`, `cameras.geojson` (WGS 84) "
                  "and `plan.gpkg` (the same layers in the plan's CRS, the cameras with the "
                  "register's columns)",
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
        "area factors": "The objective counts the demand weight of {areas} "
                        "(`demand.area_factors`); an area's covered share and covered population "
                        "are measured against its own weight, as without a factor.",
        "area factor": "{area} × {factor}",
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
        # (coverage.night_share: the table's shares are the weighted ones, as the plan's own)
        "graded mixed": " In this plan of day and night each area's share is weighted as the "
                        "plan's ({day} by day, {night} at night, `coverage.night_share`); the "
                        "plan's shares by day and at night apart are above.",
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
                     "{cameras}; {union} m² of privacy zones all together (each m² once).",
        "rule seen none": " No new camera sees a privacy zone at {level} level or better.",
        # (the area recorded: a data-protection impact assessment's measure of the watching)
        "recorded": ("The new cameras record {union} m² by day all together (their whole views, "
                     "from {detect} level, line of sight applied; each m² once, {sum} m² summed "
                     "over the cameras); per camera in the register, column {col}."),
        "recorded:one": ("The new camera records {union} m² by day (its whole view, from "
                         "{detect} level, line of sight applied); in the register, column {col}."),
        "seen anywhere": ("In their whole view (from {detect} level: anything the camera shows) "
                          "{zones}, and {facades}; per camera in the register (plan.xlsx's "
                          "{sheet} sheet and register.csv, columns {zone_col} and {facade_col})."),
        # (how many see a zone, and façades: "0 of the 5 new cameras see a privacy zone, 0.0 m²
        # summed over the cameras" and "5 of the 5" had stood)
        "zones:none": "none of the {new} new cameras sees a privacy zone",
        # (all together, each m² and home once, then the register's sum: the sum alone had
        # counted a zone two cameras see twice, which a data-protection impact assessment cannot
        # quote as the area watched)
        "zones:all": ("all {new} new cameras see a privacy zone, {union} m² of privacy zones all "
                      "together{m2_sum}"),
        "zones:some": ("{n} of the {new} new cameras {see} a privacy zone, {union} m² of privacy "
                       "zones all together{m2_sum}"),
        "facades:none": "none sees a residential façade",
        "facades:all": ("all see residential façades, those of {homes} residential buildings all "
                        "together{facades_sum}"),
        "facades:some": ("{n} {see} residential façades, those of {homes} residential buildings "
                         "all together{facades_sum}"),
        # (by more than one camera: the sum over the cameras beside it)
        "zones sum": (" (each m² once; {m2} m² summed over the cameras, where a zone two cameras "
                      "see counts twice)"),
        "facades sum": " (each once; {n_facades} summed over the cameras)",
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
        "rows mixed": " In this plan of day and night the ranges and contents are those of "
                      "the daylight view, which the privacy rule counts (the map and cameras.geojson "
                      "give the ranges at night too, capped at each model's IR range).",
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
    "sv": SWEDISH,
})
