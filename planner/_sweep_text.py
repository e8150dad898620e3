"""The phrases of a budget sweep's report, chart and workbook: the ``_lang`` table ``sweep``.

:mod:`planner._sweep_report` writes ``report.md`` and ``curve.png`` with them, and
:func:`planner.sweep.write_sweep` heads the sheets of ``curve.xlsx``.
"""

from __future__ import annotations

from planner._lang import texts

_TEXT = texts("sweep", {
    "en": {
        "title": "# Budget sweep: {name}",
        "scenario": "Scenario: {name}",
        "taken down": "Existing cameras taken down in every plan (`constraints.remove_existing`): "
                      "{sites}. Today's coverage, at 0 SEK, still has them: each plan's change "
                      "from today is net of what they covered.",
        "replaced": "Existing cameras replaced in every plan, each mount a candidate for a new "
                    "camera (`constraints.replace_existing`): {sites}. Today's coverage, at 0 "
                    "SEK, still has them: each plan's change from today is net of what they "
                    "covered.",
        "image": "![coverage against budget](curve.png)",
        "curve header": "| budget (SEK) | spent (SEK) | new cameras | covered population (graded) | "
                        "covered share | status | gap |",
        # (coverage.night_share: the weighted share, then by day and at night apart)
        "curve header:periods": "| budget (SEK) | spent (SEK) | new cameras | covered population "
                                "(graded, weighted) | covered share, by day and at night "
                                "weighted | by day | at night | status | gap |",
        # (a night plan's: its 4.4 % had stood under a day plan's words)
        "curve header:night": "| budget (SEK) | spent (SEK) | new cameras | covered population "
                              "at night (graded) | covered share at night (IR range) | status | "
                              "gap |",
        # (a day plan's cameras at night, a night plan's by day, as each plan's report.md gives
        # them: a day sweep's night had been in no table of the memo)
        "curve header:day+night": "| budget (SEK) | spent (SEK) | new cameras | covered "
                                  "population (graded) | covered share | the same cameras at "
                                  "night: covered share | covered population at night (graded) "
                                  "| status | gap |",
        "curve header:night+day": "| budget (SEK) | spent (SEK) | new cameras | covered "
                                  "population at night (graded) | covered share at night (IR "
                                  "range) | the same cameras by day: covered share | covered "
                                  "population by day (graded) | status | gap |",
        "other:night": "The same cameras at night: each plan's cameras with their IR ranges, as "
                       "they stand (the plans are made for the day; `coverage.night = true` plans "
                       "for the night, `coverage.night_share` for both).",
        "other:day": "The same cameras by day: each plan's cameras with their daylight ranges, as "
                     "they stand (the plans are made for the night).",
        "money": "What each plan spends is its new cameras' investment (purchase, installation, "
                 "mounting) and their running costs ({terms}):",
        "money header": "| budget (SEK) | investment (SEK) | running costs a year (SEK) | over "
                        "the horizon (SEK) | spent (SEK) |",
        "no plan": "No plan meets the scenario's rules within these budgets:",
        # (some found no plan in time: not a proof that none meets the rules)
        "no plan found": "These budgets have no plan (the curve has a gap there):",
        "no plan at": "- {budget} SEK: {reason}",
        "reason:time limit": "the solver found no plan within solver.time_limit_s = {seconds} "
                             "s (no proof that none exists); raise solver.time_limit_s",
        "plot no plan": "no plan",
        # a budget's reason restated (a Swedish report's; an English one gives the message in
        # full, which names the areas or costs as well)
        "reason:equity_budget": "key constraints.equity_min_share={share} cannot be met: "
                                "within {budget} SEK no plan gives every planned area that "
                                "share; {fix}",
        "reason:fix": "raise the sweep's budgets (--budgets), lower the share, or set "
                      "constraints.equity_mode = \"maxmin\" with constraints.equity_min_share "
                      "= 0 (the best smallest share the budget allows instead of a fixed one)",
        "reason:fix maxmin": "raise the sweep's budgets (--budgets) or lower the share (with "
                             "constraints.equity_min_share = 0, \"maxmin\" finds the best "
                             "smallest share the budget allows)",
        "reason:required_groups_budget:one": "key constraints.require_sites: the cheapest camera "
                                             "on the required site {sites} costs{years} more "
                                             "than {budget} SEK; raise the sweep's budgets "
                                             "(--budgets) or require fewer sites",
        "reason:required_groups_budget:many": "key constraints.require_sites: the cheapest "
                                              "cameras on the required sites {sites} cost "
                                              "together{years} more than {budget} SEK; raise the "
                                              "sweep's budgets (--budgets) or require fewer "
                                              "sites",
        "reason:years:one": " with {n} year's running costs",
        "reason:years:many": " with {n} years' running costs",
        "next million": "## What the next million buys",
        "marginal header": "| from (SEK) | to (SEK) | covered population (graded) gained | per million "
                           "SEK |",
        "steepest": "The steepest step is from {start} to {stop} SEK: the covered population "
                    "(graded by DORI level, so not a count of people) grows by {gain} per "
                    "million SEK.",
        "steepest first": "The steepest step is the first, from today's coverage (the existing "
                          "cameras, 0 SEK) to {stop} SEK: the covered population (graded by DORI "
                          "level, so not a count of people) grows by {gain} per million SEK.",
        "last": "The last step, from {start} to {stop} SEK, adds {gain} per million SEK.",
        "today": "0 (today)",
        "step": "{start} to {stop} SEK",
        "falls": "Covered population falls from {steps}: the plans maximise coverage weighted "
                 "by the areas' priority, not the head count{maxmin}, so a larger budget can "
                 "cover fewer people in all.",
        "maxmin": ", after raising the smallest area share",
        "plot population": "covered population",
        "plot share": "covered share",
        "plot covered_share_night": "covered share at night",
        "plot covered_share_day": "covered share by day",
        "plot other:night": "the same cameras at night",
        "plot other:day": "the same cameras by day",
        "plot x": "Budget (MSEK)",
        "plot y": "Covered population (graded by DORI level){when}",
        "plot y share": "Covered share of weighted demand{when} (%)",
        # (when the curve's coverage holds: a night plan's, or the evening plan's weighted one)
        "plot when:night": " at night (IR range)",
        "plot when:mixed": ", by day and at night weighted",
        "plot title": "Coverage against budget: {name}",
        "sheet:curve": "Curve",
        "sheet:marginal": "Marginal",
        "sheet:areas": "Areas",
        "areas": "## What each budget covers, per area",
        # (under the steps' and the areas' headings: the plan's report says its areas' shares
        # are weighted; the evening sweep's had said nothing, a night sweep's read as by day)
        "below:mixed": "The covered population and shares below are weighted as the plans' "
                       "({day} by day, {night} at night, `coverage.night_share`); each budget's "
                       "by day and at night apart are in the table above.",
        "below:night": "The covered population and shares below are at night (IR range, "
                       "`coverage.night`).",
        "areas intro": "Each area's covered share (its weighted public space seen, graded by "
                       "DORI level) today and at each budget, with its priority:",
        "areas head": "| area | priority | today |",
        "areas steps": "The areas whose covered population (graded) grows most at each step, "
                       "with the change of their covered share:",
        "areas step": "- {start} to {stop}: {areas}{lose}",
        "areas today": "Today (0 SEK)",
        "areas gain": "{name} ({area_id}) +{gain} ({share} percentage points; priority "
                      "{priority})",
        "areas none": "no area gains",
        # (one phrase had said "not every plan" where none was proven)
        "areas found:none": "None of the plans is proven optimal (see the status and gap above): "
                            "these changes compare the plans found, not the best plans for the "
                            "budgets.",
        "areas found:some": "Not all of the plans are proven optimal (see the status and gap "
                            "above): these changes compare the plans found, not the best plans "
                            "for the budgets.",
        # (a budget whose search the time limit ended: its plan may differ elsewhere, where
        # the others' stop at the solver's deterministic work limit; it had read as they do)
        "status time limit": "{status} (time limit)",
        "time limited": "Stopped by the time limit, not by a proof or the solver's deterministic "
                        "work limit: {budgets} SEK. Those plans and their gaps may differ on "
                        "another machine; raise solver.time_limit_s.",
        # (one budget: "Those plans" had named the one)
        "time limited:one": "Stopped by the time limit, not by a proof or the solver's "
                            "deterministic work limit: {budgets} SEK. That plan and its gap may "
                            "differ on another machine; raise solver.time_limit_s.",
        "areas lose:one": "; {n} area loses coverage",
        "areas lose:many": "; {n} areas lose coverage",
    },
    "sv": {
        "title": "# Täckning mot budget: {name}",
        "scenario": "Scenario: {name}",
        "taken down": "Befintliga kameror som tas ned i varje plan "
                      "(`constraints.remove_existing`): {sites}. Dagens täckning, vid 0 kr, har "
                      "dem fortfarande: varje plans ändring från i dag är med avdrag för det de "
                      "täckte.",
        "replaced": "Befintliga kameror som ersätts i varje plan, där varje monteringsplats "
                    "kan få en ny kamera (`constraints.replace_existing`): {sites}. Dagens "
                    "täckning, vid 0 kr, har dem fortfarande: varje plans ändring från i dag är "
                    "med avdrag för det de täckte.",
        "image": "![täckning mot budget](curve.png)",
        "curve header": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning (graderad) | "
                        "täckt andel | status | optimalitetsgap |",
        "curve header:periods": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning "
                                "(graderad, viktad) | täckt andel, dag och natt viktade | "
                                "dagtid | nattetid | status | optimalitetsgap |",
        "curve header:night": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning "
                              "nattetid (graderad) | täckt andel nattetid (IR-räckvidd) | "
                              "status | optimalitetsgap |",
        "curve header:day+night": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning "
                                  "(graderad) | täckt andel | samma kameror nattetid: täckt "
                                  "andel | täckt befolkning nattetid (graderad) | status | "
                                  "optimalitetsgap |",
        "curve header:night+day": "| budget (kr) | använt (kr) | nya kameror | täckt befolkning "
                                  "nattetid (graderad) | täckt andel nattetid (IR-räckvidd) | "
                                  "samma kameror dagtid: täckt andel | täckt befolkning "
                                  "dagtid (graderad) | status | optimalitetsgap |",
        "other:night": "Samma kameror nattetid: varje plans kameror med sin IR-räckvidd, som de "
                       "står (planerna är gjorda för dagtid; `coverage.night = true` planerar för "
                       "natten, `coverage.night_share` för båda).",
        "other:day": "Samma kameror dagtid: varje plans kameror med sina räckvidder i dagsljus, "
                     "som de står (planerna är gjorda för natten).",
        "money": "Det varje plan använder är de nya kamerornas investering (inköp, installation, "
                 "montering) och deras driftkostnader ({terms}):",
        "money header": "| budget (kr) | investering (kr) | driftkostnader per år (kr) | under "
                        "tidshorisonten (kr) | använt (kr) |",
        "no plan": "Ingen plan uppfyller scenariots regler inom dessa budgetar:",
        "no plan found": "Dessa budgetar har ingen plan (kurvan har ett avbrott där):",
        "no plan at": "- {budget} kr: {reason}",
        "reason:time limit": "lösaren hittade ingen plan inom solver.time_limit_s = {seconds} "
                             "s (inget bevis för att ingen plan finns); höj "
                             "solver.time_limit_s",
        "plot no plan": "ingen plan",
        "reason:equity_budget": "nyckeln constraints.equity_min_share={share} kan inte "
                                "uppfyllas: inom {budget} kr ger ingen plan varje planerat "
                                "område den andelen; {fix}",
        "reason:fix": "höj svepets budgetar (--budgets), sänk andelen eller ange "
                      "constraints.equity_mode = \"maxmin\" med constraints.equity_min_share "
                      "= 0 (den största minsta andel som budgeten medger i stället för en fast)",
        "reason:fix maxmin": "höj svepets budgetar (--budgets) eller sänk andelen (med "
                             "constraints.equity_min_share = 0 ger \"maxmin\" den största "
                             "minsta andel som budgeten medger)",
        "reason:required_groups_budget:one": "nyckeln constraints.require_sites: den billigaste "
                                             "kameran på den krävda monteringsplatsen {sites} "
                                             "kostar{years} mer än {budget} kr; höj svepets "
                                             "budgetar (--budgets) eller kräv färre platser",
        "reason:required_groups_budget:many": "nyckeln constraints.require_sites: de billigaste "
                                              "kamerorna på de krävda monteringsplatserna "
                                              "{sites} kostar tillsammans{years} mer än "
                                              "{budget} kr; höj svepets budgetar (--budgets) "
                                              "eller kräv färre platser",
        "reason:years:one": " med {n} års driftkostnader",
        "reason:years:many": " med {n} års driftkostnader",
        "next million": "## Vad nästa miljon ger",
        "marginal header": "| från (kr) | till (kr) | ökning av täckt befolkning (graderad) | per miljon "
                           "kr |",
        "steepest": "Det brantaste steget är från {start} till {stop} kr: den täckta "
                    "befolkningen (graderad efter DORI-nivå, alltså inte ett antal personer) ökar "
                    "med {gain} per miljon kr.",
        "steepest first": "Det brantaste steget är det första, från dagens täckning (de "
                          "befintliga kamerorna, 0 kr) till {stop} kr: den täckta befolkningen "
                          "(graderad efter DORI-nivå, alltså inte ett antal personer) ökar med "
                          "{gain} per miljon kr.",
        "last": "Det sista steget, från {start} till {stop} kr, ger {gain} per miljon kr.",
        "today": "0 (i dag)",
        "step": "{start} till {stop} kr",
        "falls": "Den täckta befolkningen minskar när budgeten höjs från {steps}: planerna maximerar täckningen "
                 "viktad efter områdenas prioritet, inte antalet personer{maxmin}, så en större "
                 "budget kan täcka färre personer totalt.",
        "maxmin": ", efter att först ha höjt den minsta områdesandelen",
        "plot population": "täckt befolkning",
        "plot share": "täckt andel",
        "plot covered_share_night": "täckt andel nattetid",
        "plot covered_share_day": "täckt andel dagtid",
        "plot other:night": "samma kameror nattetid",
        "plot other:day": "samma kameror dagtid",
        "plot x": "Budget (mnkr)",
        "plot y": "Täckt befolkning (graderad efter DORI-nivå){when}",
        "plot y share": "Täckt andel av det viktade behovet{when} (%)",
        "plot when:night": " nattetid (IR-räckvidd)",
        "plot when:mixed": ", dag och natt viktade",
        "plot title": "Täckning mot budget: {name}",
        "sheet:curve": "Kurva",
        "sheet:marginal": "Marginalnytta",
        "sheet:areas": "Områden",
        "areas": "## Vad varje budget täcker, per område",
        "below:mixed": "Den täckta befolkningen och andelarna nedan är viktade som planernas "
                       "({day} dagtid, {night} nattetid, `coverage.night_share`); varje budgets "
                       "dagtid och nattetid var för sig står i tabellen ovan.",
        "below:night": "Den täckta befolkningen och andelarna nedan gäller nattetid "
                       "(IR-räckvidd, `coverage.night`).",
        "areas intro": "Varje områdes täckta andel (den del av dess viktade allmänna platser "
                       "som syns, graderad efter DORI-nivå) i dag och vid varje budget, med "
                       "områdets prioritet:",
        "areas head": "| område | prioritet | i dag |",
        "areas steps": "De områden vars täckta befolkning (graderad) ökar mest i varje steg, "
                       "med ändringen av deras täckta andel:",
        "areas step": "- {start} till {stop}: {areas}{lose}",
        "areas today": "I dag (0 kr)",
        "areas gain": "{name} ({area_id}) +{gain} ({share} procentenheter; prioritet "
                      "{priority})",
        "areas none": "inget område ökar",
        "areas found:none": "Ingen av planerna är bevisat optimal (se status och "
                            "optimalitetsgap ovan): ändringarna jämför de funna planerna, inte de "
                            "bästa planerna för budgetarna.",
        "areas found:some": "Inte alla planer är bevisat optimala (se status och optimalitetsgap "
                            "ovan): ändringarna jämför de funna planerna, inte de bästa planerna "
                            "för budgetarna.",
        "status time limit": "{status} (tidsgräns)",
        "time limited": "Stoppade av tidsgränsen, inte av ett bevis eller lösarens "
                        "deterministiska arbetsgräns: {budgets} kr. De planerna och deras "
                        "optimalitetsgap kan bli andra på en annan dator; höj "
                        "solver.time_limit_s.",
        "time limited:one": "Stoppad av tidsgränsen, inte av ett bevis eller lösarens "
                            "deterministiska arbetsgräns: {budgets} kr. Den planen och dess "
                            "optimalitetsgap kan bli andra på en annan dator; höj "
                            "solver.time_limit_s.",
        "areas lose:one": "; {n} område minskar",
        "areas lose:many": "; {n} områden minskar",
    },
})
