"""The phrase table of a comparison's ``report.md`` (:mod:`planner._compare_report`).

``_TEXT`` is registered with :func:`planner._lang.texts` as ``compare_report`` (one table per
language, every key in each); :mod:`planner._compare_sections` and
:mod:`planner._compare_report` pick their phrases from it.
"""

from __future__ import annotations

from planner._lang import texts

_TEXT = texts("compare_report", {
    "en": {
        "title": "# Comparison of two camera plans",
        "plan": "- {side}: {title} (scenario {scenario})",
        "settings": "- Settings that differ: {settings}",
        "setting": "`{key}` {a} (A), {b} (B)",
        "more settings": "; and {n} more (`settings` in each plan's summary.json)",
        "same settings": "- The two plans' settings are the same.",
        "inputs": "- Data files that differ: {files}",
        # (a day plan against a night plan had not said which side was at night)
        "periods": "- When the coverage holds: A {a}; B {b}",
        "period:day": "by day (daylight ranges)",
        "period:night": "at night (IR range)",
        "period:mixed": "by day and at night, {night} of the objective at night "
                        "(`coverage.night_share` = {share})",
        "different periods": "- A and B count the night differently (`coverage.night`, "
                             "`coverage.night_share`), so their objectives measure coverage "
                             "at different times and no difference of them is given: compare "
                             "the covered shares and population below.",
        "input": "`data.{key}` {a} (A), {b} (B)",
        "input content": "`data.{key}` {file}, other content (SHA-256 {a}… (A), {b}… (B))",
        "files": "- Each plan in full, with its own report.md and map: `a/` and `b/`; the two maps "
                 "side by side: `compare.html`; the tables below in full: `difference.csv`, "
                 "`areas.csv`, `cameras.csv` and `compare.xlsx`.",
        "objective heading": "## Objective",
        "objective intro": "The objective is the weighted coverage of the planned areas' "
                           "public space, privacy penalties included; the proven bound is the "
                           "most any plan of that scenario can reach.",
        "objective": "Objective",
        "bound": "Proven bound",
        "gap": "Optimality gap",
        "status": "Status",
        "stopped": "Search ended",
        "change": "- B − A, of the two plans found: {change} ({pct} of A's objective)",
        "range": "- Best possible B − best possible A, proven range: {low} to {high} "
                 "({low_pct} to {high_pct} of A's objective): {established}",
        # (one side given cameras, compare --cameras-a/-b: its objective is its best)
        "range given a": "- Best possible B − A (given cameras), proven range: {low} to {high} "
                         "({low_pct} to {high_pct} of A's objective): {established}",
        "range given b": "- B (given cameras) − best possible A, proven range: {low} to {high} "
                         "({low_pct} to {high_pct} of A's objective): {established}",
        "established": "established",
        "not established": "not established",
        "no objective": "- The plans have no objective and proven bound (made by hand): "
                        "the difference is not established.",
        # (the objective is weighted coverage with demand.area_factors in: a factored plan
        # against a plain one had been given "+1,711.2 … established")
        "different weights": "- A and B weight areas differently (`demand.area_factors`), so "
                             "their objectives are in different units and no difference of "
                             "them is given: compare the covered shares and population below.",
        "cost heading": "## Cost and cameras",
        "difference": "B − A",
        "budget": "Budget (SEK)",
        "budget vat": "Budget (SEK, {vat})",
        "spent": "Spent (SEK)",
        "investment": "Investment (SEK)",
        "yearly": "Running costs a year (SEK)",
        "existing yearly": "Running costs a year of the existing cameras (SEK, paid by their "
                           "owners, not by this budget)",
        # (the municipality's own existing cameras, sites' existing_owner = surveillance.operator)
        "existing yearly own": "of which the municipality's own (SEK, paid by it, not by this "
                               "budget)",
        "new": "New cameras",
        "existing": "Existing cameras",
        "share": "Covered share (graded)",
        "population": "Covered population (graded)",
        "share:day": "Covered share by day (daylight ranges)",
        "share:night": "Covered share at night (IR range)",
        "population:day": "Covered population by day (graded)",
        "population:night": "Covered population at night (graded)",
        # (a plan's cameras counted at a time it was not made for: a day plan at night)
        "scored": "- A plan's figures at a time it was not made for are its cameras counted "
                  "then, as they stand ({which}): the plan was not chosen for that time.",
        "scored:day": "{side} by day",
        "scored:night": "{side} at night",
        "scored:and": " and ",
        # (the covered share up and the covered population down, or the other way round: the
        # equity plan's share -0.3 pp and its population +15 had been read as "covers more")
        "opposite": "- The covered share and the covered population move in opposite "
                    "directions: the share weighs each area by its priority, as the objective "
                    "the plans maximise does, and the population does not, so the plan that "
                    "covers more people is not the one with more priority-weighted coverage.",
        "privacy cameras": "New cameras that see a privacy zone at {level} level or better",
        # (all together, each m² and home once, as each plan's report.md gives them first: the
        # sums over the cameras had counted a zone two cameras see twice)
        "privacy m2": "Privacy zones they see at that level (m², each m² once)",
        "privacy facades": "Homes whose façades the new cameras see at that level (each once)",
        "privacy levels": "{a} (A), {b} (B)",
        "areas heading": "## Areas whose covered share changes most",
        "areas count": "Areas: {up} with a higher covered share in B, {down} with a lower, "
                       "{same} with the same (of {n}{only}). The largest gains and losses, at "
                       "most {most} of each, in percentage points (B − A); `areas.csv` and "
                       "`compare.xlsx` have every area:",
        "only one": "; {n} planned in one plan only",
        "areas same": "No area's covered share changes.",
        "areas caveat": "A's shares hold {a}, B's {b}: each change is between two measures, "
                        "not only two sets of cameras.",
        "areas caveat where": "Each plan's covered share by day and at night is under Cost "
                              "and cameras.",
        "cameras heading": "## Cameras",
        "cameras count": "{counts}; {unchanged} {unchanged_word}.",
        "unchanged_one": "unchanged",
        "unchanged_many": "unchanged",
        # (the existing cameras among the removed and added: taken down by
        # constraints.remove_existing in B, or in A)
        "taken down_one": "of which {n} existing camera taken down",
        "taken down_many": "of which {n} existing cameras taken down",
        "not taken down_one": "of which {n} existing camera not taken down",
        "not taken down_many": "of which {n} existing cameras not taken down",
        # (and those B replaces, constraints.replace_existing: a new camera may go on the mount)
        "replaced_one": "of which {n} existing camera replaced",
        "replaced_many": "of which {n} existing cameras replaced",
        # (both among the removed: "(of which 3 ... taken down and 3 replaced)")
        "and replaced_one": " and {n} replaced",
        "and replaced_many": " and {n} replaced",
        # (one A replaces and B keeps: "not taken down" had said A took it down)
        "not replaced_one": "of which {n} existing camera not replaced",
        "not replaced_many": "of which {n} existing cameras not replaced",
        "and not replaced_one": " and {n} not replaced",
        "and not replaced_many": " and {n} not replaced",
        "cameras intro": "A moved camera stays on its mount with another model or direction. "
                         "Each camera is named as in its own plan's report.md (A's in `a/`, "
                         "B's in `b/`): each plan numbers its cameras itself. Directions are "
                         "from true north.",
        "cameras shown": "Shown: {shown} of the {n} changes, at most {most} of each kind "
                         "and every camera on a mount a scenario requires or existing camera "
                         "a plan takes down; "
                         "`cameras.csv` and `compare.xlsx` list them all.",
        "cameras none": "No camera changes.",
        "not a subset": "Each plan is the best found for its own budget, so the plan of {small} "
                        "SEK is not the plan of {large} SEK with cameras taken away: {n} of its "
                        "{total} new cameras {verb} not in that plan (other mounts, models or "
                        "directions). Which of the larger plan's cameras to keep within the "
                        "smaller budget is stage 1 of `{command}`.",
        # ("1 of its 3 new cameras are" had been written)
        "not a subset verb_one": "is", "not a subset verb_many": "are",
        # (where A and B are not one scenario as given: which SCENARIO stands for)
        "rollout scenario": " `SCENARIO` stands for A's `{a}` or B's `{b}`: the two plans were "
                            "not given as one scenario.",
    },
    "sv": {
        "title": "# Jämförelse av två kameraplaner",
        "plan": "- {side}: {title} (scenario {scenario})",
        "settings": "- Inställningar som skiljer sig åt: {settings}",
        "setting": "`{key}` {a} (A), {b} (B)",
        "more settings": "; och {n} till (`settings` i varje plans summary.json)",
        "same settings": "- De två planernas inställningar är desamma.",
        "periods": "- När täckningen gäller: A {a}; B {b}",
        "period:day": "dagtid (räckvidder i dagsljus)",
        "period:night": "nattetid (IR-räckvidd)",
        "period:mixed": "dagtid och nattetid, {night} av målfunktionen nattetid "
                        "(`coverage.night_share` = {share})",
        "different periods": "- A och B räknar natten olika (`coverage.night`, "
                             "`coverage.night_share`), så deras målfunktionsvärden mäter "
                             "täckningen vid olika tider och ingen skillnad mellan dem anges: "
                             "jämför täckta andelar och befolkning nedan.",
        "inputs": "- Datafiler som skiljer sig åt: {files}",
        "input": "`data.{key}` {a} (A), {b} (B)",
        "input content": "`data.{key}` {file}, annat innehåll (SHA-256 {a}… (A), {b}… (B))",
        "files": "- Varje plan i sin helhet, med egen report.md och karta: `a/` och `b/`; de två "
                 "kartorna sida vid sida: `compare.html`; tabellerna nedan i sin helhet: "
                 "`difference.csv`, `areas.csv`, `cameras.csv` och `compare.xlsx`.",
        "objective heading": "## Målfunktionsvärde",
        "objective intro": "Målfunktionsvärdet är den viktade täckningen av de planerade "
                           "områdenas offentliga miljö, integritetsavdrag inräknade; den bevisade "
                           "övre gränsen är det mesta som någon plan för scenariot kan nå.",
        "objective": "Målfunktionsvärde",
        "bound": "Bevisad övre gräns",
        "gap": "Optimalitetsgap",
        "status": "Status",
        "stopped": "Sökningen avslutades",
        "change": "- B − A, för de två funna planerna: {change} ({pct} av A:s "
                  "målfunktionsvärde)",
        "range": "- Bästa möjliga B − bästa möjliga A, bevisat intervall: {low} till {high} "
                 "({low_pct} till {high_pct} av A:s målfunktionsvärde): {established}",
        "range given a": "- Bästa möjliga B − A (givna kameror), bevisat intervall: {low} till "
                         "{high} ({low_pct} till {high_pct} av A:s målfunktionsvärde): "
                         "{established}",
        "range given b": "- B (givna kameror) − bästa möjliga A, bevisat intervall: {low} till "
                         "{high} ({low_pct} till {high_pct} av A:s målfunktionsvärde): "
                         "{established}",
        "established": "fastställd",
        "not established": "inte fastställd",
        "no objective": "- Planerna saknar målfunktionsvärde och bevisad övre gräns (gjorda för "
                        "hand): skillnaden är inte fastställd.",
        "different weights": "- A och B väger områdena olika (`demand.area_factors`), så deras "
                             "målfunktionsvärden har olika enheter och ingen skillnad mellan dem "
                             "anges: jämför täckta andelar och befolkning nedan.",
        "cost heading": "## Kostnad och kameror",
        "difference": "B − A",
        "budget": "Budget (kr)",
        "budget vat": "Budget (kr, {vat})",
        "spent": "Använt (kr)",
        "investment": "Investering (kr)",
        "yearly": "Driftkostnader per år (kr)",
        "existing yearly": "Driftkostnader per år för de befintliga kamerorna (kr, betalas av "
                           "kamerornas ägare, ingår inte i budgeten)",
        "existing yearly own": "varav kommunens egna (kr, betalas av kommunen, ingår inte i "
                               "budgeten)",
        "new": "Nya kameror",
        "existing": "Befintliga kameror",
        "share": "Täckt andel (graderad)",
        "population": "Täckt befolkning (graderad)",
        "share:day": "Täckt andel dagtid (räckvidder i dagsljus)",
        "share:night": "Täckt andel nattetid (IR-räckvidd)",
        "population:day": "Täckt befolkning dagtid (graderad)",
        "population:night": "Täckt befolkning nattetid (graderad)",
        "scored": "- En plans siffror vid en tid som den inte är gjord för är dess kameror "
                  "räknade då, som de står ({which}): planen är inte vald för den tiden.",
        "scored:day": "{side} dagtid",
        "scored:night": "{side} nattetid",
        "scored:and": " och ",
        "opposite": "- Täckt andel och täckt befolkning ändras åt olika håll: andelen viktar "
                    "varje område efter dess prioritet, som målfunktionen som planerna "
                    "maximerar gör, och befolkningen gör det inte, så den plan som täcker fler "
                    "personer är inte den med mest prioritetsviktad täckning.",
        "privacy cameras": "Nya kameror som ser en integritetszon på nivån {level} eller bättre",
        "privacy m2": "Integritetszoner som de ser på den nivån (m², varje m² en gång)",
        "privacy facades": "Bostadshus vars fasader de nya kamerorna ser på den nivån (varje "
                           "en gång)",
        "privacy levels": "{a} (A), {b} (B)",
        "areas heading": "## Områden vars täckta andel ändras mest",
        "areas count": "Områden: {up} med högre täckt andel i B, {down} med lägre, {same} med "
                       "oförändrad andel (av {n}{only}). De största ökningarna och minskningarna, "
                       "högst {most} av vardera, i procentenheter (B − A); `areas.csv` och "
                       "`compare.xlsx` har alla områden:",
        "only one": "; {n} planeras bara i den ena planen",
        "areas same": "Inget områdes täckta andel ändras.",
        "areas caveat": "A:s andelar gäller {a}, B:s {b}: varje ändring är mellan två mått, "
                        "inte bara mellan två kamerauppsättningar.",
        "areas caveat where": "Varje plans täckta andel dagtid och nattetid står under "
                              "Kostnad och kameror.",
        "cameras heading": "## Kameror",
        "cameras count": "{counts}; {unchanged} {unchanged_word}.",
        "unchanged_one": "oförändrad",
        "unchanged_many": "oförändrade",
        "taken down_one": "varav {n} befintlig kamera nedtagen",
        "taken down_many": "varav {n} befintliga kameror nedtagna",
        "not taken down_one": "varav {n} befintlig kamera inte nedtagen",
        "not taken down_many": "varav {n} befintliga kameror inte nedtagna",
        "replaced_one": "varav {n} befintlig kamera ersatt",
        "replaced_many": "varav {n} befintliga kameror ersatta",
        "and replaced_one": " och {n} ersatt",
        "and replaced_many": " och {n} ersatta",
        "not replaced_one": "varav {n} befintlig kamera inte ersatt",
        "not replaced_many": "varav {n} befintliga kameror inte ersatta",
        "and not replaced_one": " och {n} inte ersatt",
        "and not replaced_many": " och {n} inte ersatta",
        "cameras intro": "En ändrad kamera sitter kvar på sin monteringsplats med en annan modell "
                         "eller riktning. Varje kamera har samma namn som i sin egen plans "
                         "report.md (A:s i `a/`, B:s i `b/`): varje plan numrerar sina kameror "
                         "själv. Riktningarna är från geografisk nord.",
        "cameras shown": "Visas: {shown} av de {n} ändringarna, högst {most} av varje slag "
                         "och varje kamera på en monteringsplats som ett scenario kräver eller "
                         "befintlig kamera som en plan tar ned; "
                         "`cameras.csv` och `compare.xlsx` listar alla.",
        "cameras none": "Inga kameror ändras.",
        "not a subset": "Varje plan är den bästa som hittats för sin egen budget, så planen för "
                        "{small} kr är inte planen för {large} kr med kameror borttagna: {n} av "
                        "dess {total} nya kameror {verb} inte i den planen (andra "
                        "monteringsplatser, modeller eller riktningar). Vilka av den större "
                        "planens kameror som ska behållas inom den mindre budgeten är etapp 1 i "
                        "`{command}`.",
        "not a subset verb_one": "finns", "not a subset verb_many": "finns",
        "rollout scenario": " `SCENARIO` står för A:s `{a}` eller B:s `{b}`: de två planerna "
                            "gavs inte som ett och samma scenario.",
    },
})
