"""The phrase table of a comparison's map: its change panel and its objective difference.

``TEXT`` is registered with :func:`planner._lang.texts` under the name ``planner._map_diff``, the
module that held it (one table per language, every key in each); :mod:`planner._map_diff`
(the change panel), :mod:`planner._map_objective` (the objective difference) and the
comparison's ``report.md`` pick their phrases from it.
"""

from __future__ import annotations

from planner._lang import texts

#: the change panel's phrases, per language (see :mod:`planner._lang`)
TEXT = texts("planner._map_diff", {
    "en": {
        "changes": "Changes: {a} → {b} ({counts})",
        "counts": "{added} {added_word}, {removed} {removed_word}, {moved} {moved_word}",
        "added_one": "added",
        "added_many": "added",
        "removed_one": "removed",
        "removed_many": "removed",
        "moved_one": "moved",
        "moved_many": "moved",
        "existing_one": "existing",
        "existing_many": "existing",
        "new_one": "new",
        "new_many": "new",
        "added": "Added",
        "removed": "Removed",
        "moved": "Moved",
        "unchanged": "Unchanged",
        "none": "none",
        "required": "required by the scenario",
        "kind:removed existing": "existing, taken down",
        "kind:added existing": "existing, not taken down",
        "kind:replaced existing": "existing, replaced",
        "kind:added replacing": "replaces an existing camera",
        "kind:not replaced existing": "existing, not replaced",
        "kind:removed replacing": "replaces an existing camera",
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Area",
        "change": "Change",
        "points": "pp",
        "difference": "Objective, B − A",
        "objective_a": "A",
        "objective_b": "B",
        "at_most": "{objective}, proven at most {bound}",
        "optimal": "{objective}, proven optimal",
        # (compare --cameras-b: given cameras, scored as they are, beside a scenario's plan)
        "given": "{objective}, given cameras (not optimised)",
        "given a": "A is given cameras scored as they are, its objective its own best: the "
                   "range compares them with B's best plan.",
        "given b": "B is given cameras scored as they are, its objective its own best: the "
                   "range compares them with A's best plan.",
        "given both": "A and B are given cameras, each scored as it is: the difference is "
                      "exact.",
        "given exact": "The other plan is proven optimal: the difference is exact.",
        "change_found": "B − A (the plans found)",
        "change_range": "Best B − best A",
        # (one side given cameras: its objective is its best, the range is against the other's)
        "change_range given a": "Best B − A (given cameras)",
        "change_range given b": "B (given cameras) − best A",
        "range": "{low} to {high}",
        "line": "Objective B - A: {change}",
        "line_range": "; the best possible B minus the best possible A is proven to lie "
                      "between {low} and {high} ({low_pct} to {high_pct} of A's objective)",
        "line_range given a": "; the best possible B minus A (given cameras) is proven to lie "
                              "between {low} and {high} ({low_pct} to {high_pct} of A's "
                              "objective)",
        "line_range given b": "; B (given cameras) minus the best possible A is proven to lie "
                              "between {low} and {high} ({low_pct} to {high_pct} of A's "
                              "objective)",
        "not_established": "The difference is within the plans' optimality gaps: not "
                           "established.",
        # (one side given cameras: only the other side has an optimality gap)
        "not_established given a": "The difference is within B's optimality gap: not "
                                   "established.",
        "not_established given b": "The difference is within A's optimality gap: not "
                                   "established.",
        "established": "The difference is established: the range excludes 0.",
        # (the range capped at 0 where one side's question is provably the narrower one:
        # planner._compare_bounds.restriction)
        "narrower b": "B is A with a restriction ({keys}), so its best plan cannot be better "
                      "than A's: the range ends at 0.",
        "narrower a": "A is B with a restriction ({keys}), so its best plan cannot be better "
                      "than B's: the range starts at 0.",
        "zero": "The range is 0 to 0: the best plans are equally good, the difference is "
                "established as none.",
        # (a summary.json without inputs: not known to be the same data, so no cap at 0)
        "unrecorded a": "A's summary.json records no data files (inputs), so the two are not "
                        "known to ask the same question: the range is not capped at 0.",
        "unrecorded b": "B's summary.json records no data files (inputs), so the two are not "
                        "known to ask the same question: the range is not capped at 0.",
        "unrecorded both": "Neither summary.json records its data files (inputs), so the two "
                           "are not known to ask the same question: the range is not capped "
                           "at 0.",
        "same question": "A and B ask the same question (only the solver's settings or the "
                         "texts differ), so their best plans are equally good: the difference "
                         "of the best plans is 0; the two plans found are not proven best.",
        "proven": "Both plans are proven optimal: the difference is established.",
        "proven_same": "Both plans are proven optimal, with the same objective.",
        "objective_note": "Objective: weighted coverage, privacy penalties included "
                          "(summary.json). The changes per area compare the two plans found.",
        "areas_not_established": "Not established: the objectives differ by less than the "
                                 "plans' optimality gaps, so these changes per area may not "
                                 "hold between the best plans.",
        "areas_not_established given a": "Not established: the objectives differ by less "
                                         "than B's optimality gap, so these changes per area "
                                         "may not hold between A and B's best plan.",
        "areas_not_established given b": "Not established: the objectives differ by less "
                                         "than A's optimality gap, so these changes per area "
                                         "may not hold between A's best plan and B.",
    },
    "sv": {
        "changes": "Ändringar: {a} → {b} ({counts})",
        "counts": "{added} {added_word}, {removed} {removed_word}, {moved} {moved_word}",
        "added_one": "tillagd",
        "added_many": "tillagda",
        "removed_one": "borttagen",
        "removed_many": "borttagna",
        "moved_one": "ändrad",
        "moved_many": "ändrade",
        "existing_one": "befintlig",
        "existing_many": "befintliga",
        "new_one": "ny",
        "new_many": "nya",
        "added": "Tillagda",
        "removed": "Borttagna",
        "moved": "Ändrade",
        "unchanged": "Oförändrade",
        "none": "inga",
        "required": "krävd av scenariot",
        "kind:removed existing": "befintlig, nedtagen",
        "kind:added existing": "befintlig, inte nedtagen",
        "kind:replaced existing": "befintlig, ersatt",
        "kind:added replacing": "ersätter en befintlig kamera",
        "kind:not replaced existing": "befintlig, inte ersatt",
        "kind:removed replacing": "ersätter en befintlig kamera",
        "unchanged_split": "{n} ({existing} {existing_word}, {new} {new_word})",
        "area": "Område",
        "change": "Ändring",
        "points": "procentenheter",
        "difference": "Målfunktionsvärde, B − A",
        "objective_a": "A",
        "objective_b": "B",
        "at_most": "{objective}, bevisat högst {bound}",
        "optimal": "{objective}, bevisat optimal",
        "given": "{objective}, givna kameror (inte optimerad)",
        "given a": "A är givna kameror bedömda som de är, deras målfunktionsvärde deras eget "
                   "bästa: intervallet jämför dem med B:s bästa plan.",
        "given b": "B är givna kameror bedömda som de är, deras målfunktionsvärde deras eget "
                   "bästa: intervallet jämför dem med A:s bästa plan.",
        "given both": "A och B är givna kameror, var och en bedömd som den är: skillnaden är "
                      "exakt.",
        "given exact": "Den andra planen är bevisat optimal: skillnaden är exakt.",
        "change_found": "B − A (de funna planerna)",
        "change_range": "Bästa B − bästa A",
        "change_range given a": "Bästa B − A (givna kameror)",
        "change_range given b": "B (givna kameror) − bästa A",
        "range": "{low} till {high}",
        "line": "Målfunktionsvärde B - A: {change}",
        "line_range": "; bästa möjliga plan B minus bästa möjliga plan A ligger bevisat mellan "
                      "{low} och {high} ({low_pct} till {high_pct} av A:s målfunktionsvärde)",
        "line_range given a": "; bästa möjliga plan B minus A (givna kameror) ligger bevisat "
                              "mellan {low} och {high} ({low_pct} till {high_pct} av A:s "
                              "målfunktionsvärde)",
        "line_range given b": "; B (givna kameror) minus bästa möjliga plan A ligger bevisat "
                              "mellan {low} och {high} ({low_pct} till {high_pct} av A:s "
                              "målfunktionsvärde)",
        "not_established": "Skillnaden ryms inom planernas optimalitetsgap: den är inte "
                           "fastställd.",
        "not_established given a": "Skillnaden ryms inom B:s optimalitetsgap: den är inte "
                                   "fastställd.",
        "not_established given b": "Skillnaden ryms inom A:s optimalitetsgap: den är inte "
                                   "fastställd.",
        "established": "Skillnaden är fastställd: intervallet innehåller inte 0.",
        "narrower b": "B är A med en begränsning ({keys}), så dess bästa plan kan inte bli "
                      "bättre än A:s: intervallet slutar vid 0.",
        "narrower a": "A är B med en begränsning ({keys}), så dess bästa plan kan inte bli "
                      "bättre än B:s: intervallet börjar vid 0.",
        "zero": "Intervallet är 0 till 0: de bästa planerna är lika bra, det är fastställt "
                "att det inte finns någon skillnad.",
        "unrecorded a": "A:s summary.json anger inga datafiler (inputs), så det är inte känt "
                        "att de två ställer samma fråga: intervallet begränsas inte vid 0.",
        "unrecorded b": "B:s summary.json anger inga datafiler (inputs), så det är inte känt "
                        "att de två ställer samma fråga: intervallet begränsas inte vid 0.",
        "unrecorded both": "Ingen av de två summary.json anger sina datafiler (inputs), så det "
                           "är inte känt att de ställer samma fråga: intervallet begränsas "
                           "inte vid 0.",
        "same question": "A och B ställer samma fråga (bara lösarens inställningar eller "
                         "texterna skiljer sig åt), så deras bästa planer är lika bra: "
                         "skillnaden mellan de bästa planerna är 0; de två funna planerna är "
                         "inte bevisat bäst.",
        "proven": "Båda planerna är bevisat optimala: skillnaden är fastställd.",
        "proven_same": "Båda planerna är bevisat optimala, med samma målfunktionsvärde.",
        "objective_note": "Målfunktionsvärde: viktad täckning, integritetsavdrag inräknade "
                          "(summary.json). Ändringarna per område jämför de två funna planerna.",
        "areas_not_established": "Inte fastställd: målfunktionsvärdena skiljer sig åt med mindre än planernas "
                                 "optimalitetsgap, så ändringarna per område behöver inte gälla "
                                 "mellan de bästa planerna.",
        "areas_not_established given a": "Inte fastställd: målfunktionsvärdena skiljer sig åt "
                                         "med mindre än B:s optimalitetsgap, så ändringarna "
                                         "per område behöver inte gälla mellan A och B:s "
                                         "bästa plan.",
        "areas_not_established given b": "Inte fastställd: målfunktionsvärdena skiljer sig åt "
                                         "med mindre än A:s optimalitetsgap, så ändringarna "
                                         "per område behöver inte gälla mellan A:s bästa plan "
                                         "och B.",
    },
})
