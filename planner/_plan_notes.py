"""The notes a plan's ``summary.json`` carries, in the plan's language (internal).

A note says what a plan leaves undone or rests on: why it buys no camera, a privacy rule without
privacy zones, the area factors its objective counts, a required mount whose camera sees no
demand, existing cameras' owners without an operator, the rules an evaluated plan breaks. Each
is a :class:`Note`, a phrase of the ``_lang`` table ``notes`` and its fields, written in the
scenario's ``language`` for ``summary.json``, ``report.md`` and ``plan.xlsx`` and in English for
the console's warnings, as the command line's other messages (a Swedish plan's notes had been
English in its Swedish report).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from planner import _lang
from planner._lang import pick, texts

_TEXT = texts("notes", {
    "en": {
        "no camera:no weight": "no camera was bought: the planned areas have no demand weight "
                               "(population 0, or no demand points in them); check the "
                               "population and demand.areas",
        "no camera:no option": "no camera was bought: no new camera option sees any demand; add "
                               "mounts near the planned areas",
        "no camera:incidents": "no camera was bought: every camera option that sees demand "
                               "({n}) is excluded, by the privacy rule or because its view "
                               "holds fewer than constraints.min_incidents_in_view = {n_min} "
                               "documented {incidents}; lower that number, check "
                               "data.incidents, or check the privacy zones and "
                               "constraints.privacy",
        "incidents:one": "incident",
        "incidents:many": "incidents",
        "no camera:privacy": "no camera was bought: every camera option that sees demand ({n}) "
                             "views a privacy zone at constraints.privacy_min_level={level!r} "
                             "or better and is excluded; check the privacy zones, raise "
                             "privacy_min_level or set constraints.privacy = \"penalty\"",
        "no camera:budget": "no camera was bought: every allowed camera option that sees demand "
                            "costs more than the budget leaves; raise {budget_key}",
        "no camera:no gain": "no camera was bought: no new camera adds coverage beyond the "
                             "existing cameras' within the scenario's rules",
        "no zones": "constraints.privacy = \"{privacy}\" but the scenario has no privacy zones "
                    "(data.privacy_zones is not set or is empty): the rule protects no home or "
                    "garden; add the privacy-zone layer",
        "area factors": "demand.area_factors counts {factors} in the objective: compare its "
                        "objective only with plans of the same factors; the covered shares and "
                        "covered population are measured as without factors and compare with "
                        "any plan",
        "blind required": "{site} (required): its camera sees no demand of the planned areas; "
                          "add the place it is for to data.places, or drop it from "
                          "constraints.require_sites",
        "owners": "the sites layer names the existing cameras' owners (existing_owner) but the "
                  "scenario sets no surveillance.operator: no existing camera is counted as the "
                  "municipality's own (in the register and the running costs); set "
                  "[surveillance] operator to the municipality's name as the layer writes it",
        # (the broken rule as the plan's checker, planner.optimize.validate_plan, gives it)
        "evaluated": "the evaluated cameras break a rule of the scenario: {broken}",
        # (each rule in the scenario's terms: the checker's words had named option and group
        # numbers, and stood in English in a Swedish plan)
        "broken:budget": "the evaluated cameras break a rule of the scenario: they cost {cost} "
                         "SEK, more than budget.total_sek = {budget} SEK",
        "broken:capacity": "the evaluated cameras break a rule of the scenario: the sites "
                           "layer's max_cameras allows fewer cameras on {sites}",
        "broken:required": "the evaluated cameras break a rule of the scenario: "
                           "constraints.require_sites: no new camera on {sites}",
        "broken:spacing": "the evaluated cameras break a rule of the scenario: "
                          "constraints.min_spacing_m = {m} m: the cameras on {pairs} stand "
                          "closer than that",
        "broken:equity": "the evaluated cameras break a rule of the scenario: "
                         "constraints.equity_min_share = {share} is not met in {areas}",
        "area share": "area {area} ({share} covered)",
        # (the plan had looked like the rule's answer: Katrineholm at 20 s, smallest share 0 and
        # the plan without the rule, where 120 s raise it to 15.5 %)
        "maxmin unraised": "constraints.equity_mode = \"maxmin\": solver.time_limit_s = "
                           "{seconds} s ended the search before the smallest covered share was "
                           "raised; the plan's smallest share is not the best the budget "
                           "allows (nothing above constraints.equity_min_share is kept); raise "
                           "solver.time_limit_s",
        "maxmin unfinished": "constraints.equity_mode = \"maxmin\": the stage that raises the "
                             "smallest covered share did not finish (the solver ended it without "
                             "a plan, within half of solver.time_limit_s = {seconds} s); the plan "
                             "is then the one that covers the most with only "
                             "constraints.equity_min_share = {share} kept in every area, its "
                             "smallest share not raised; raise solver.time_limit_s",
    },
    "sv": {
        "no camera:no weight": "ingen kamera köptes: de planerade områdena har ingen behovsvikt "
                               "(befolkning 0, eller inga behovspunkter i dem); kontrollera "
                               "befolkningen och demand.areas",
        "no camera:no option": "ingen kamera köptes: inget alternativ för en ny kamera ser något "
                               "av behovet; lägg till monteringsplatser nära de planerade "
                               "områdena",
        "no camera:incidents": "ingen kamera köptes: varje kameraalternativ som ser behov ({n}) "
                               "är uteslutet, av integritetsregeln eller för att dess bild har "
                               "färre än constraints.min_incidents_in_view = {n_min} "
                               "{incidents}; sänk det antalet, kontrollera data.incidents eller "
                               "kontrollera integritetszonerna och constraints.privacy",
        "incidents:one": "dokumenterad händelse",
        "incidents:many": "dokumenterade händelser",
        "no camera:privacy": "ingen kamera köptes: varje kameraalternativ som ser behov ({n}) "
                             "ser en integritetszon på constraints.privacy_min_level={level!r} "
                             "eller bättre och är uteslutet; kontrollera integritetszonerna, "
                             "höj privacy_min_level eller ange constraints.privacy = "
                             "\"penalty\"",
        "no camera:budget": "ingen kamera köptes: varje tillåtet kameraalternativ som ser behov "
                            "kostar mer än vad budgeten räcker till; höj {budget_key}",
        "no camera:no gain": "ingen kamera köptes: ingen ny kamera ger täckning utöver de "
                             "befintliga kamerornas inom scenariots regler",
        "no zones": "constraints.privacy = \"{privacy}\" men scenariot har inga integritetszoner "
                    "(data.privacy_zones är inte angiven eller är tom): regeln skyddar ingen "
                    "bostad eller trädgård; lägg till lagret med integritetszoner",
        "area factors": "demand.area_factors räknar {factors} i målfunktionen: jämför dess "
                        "målfunktionsvärde bara med planer med samma faktorer; de täckta "
                        "andelarna och den täckta befolkningen mäts som utan faktorer och kan "
                        "jämföras med vilken plan som helst",
        "blind required": "{site} (krävd): dess kamera ser inget av behovet i de planerade "
                          "områdena; lägg till platsen som den är till för i data.places, eller "
                          "ta bort den ur constraints.require_sites",
        "owners": "lagret med monteringsplatser anger de befintliga kamerornas ägare "
                  "(existing_owner) men scenariot anger ingen surveillance.operator: ingen "
                  "befintlig kamera räknas som kommunens egen (i förteckningen och "
                  "driftkostnaderna); ange [surveillance] operator som kommunens namn så som "
                  "lagret skriver det",
        "evaluated": "de bedömda kamerorna bryter mot en regel i scenariot: {broken}",
        "broken:budget": "de bedömda kamerorna bryter mot en regel i scenariot: de kostar "
                         "{cost} kr, mer än budget.total_sek = {budget} kr",
        "broken:capacity": "de bedömda kamerorna bryter mot en regel i scenariot: lagrets "
                           "max_cameras tillåter färre kameror på {sites}",
        "broken:required": "de bedömda kamerorna bryter mot en regel i scenariot: "
                           "constraints.require_sites: ingen ny kamera på {sites}",
        "broken:spacing": "de bedömda kamerorna bryter mot en regel i scenariot: "
                          "constraints.min_spacing_m = {m} m: kamerorna på {pairs} står "
                          "närmare varandra än så",
        "broken:equity": "de bedömda kamerorna bryter mot en regel i scenariot: "
                         "constraints.equity_min_share = {share} uppfylls inte i {areas}",
        "area share": "område {area} ({share} täckt)",
        "maxmin unraised": "constraints.equity_mode = \"maxmin\": solver.time_limit_s = "
                           "{seconds} s avbröt sökningen innan den minsta täckta andelen höjdes; "
                           "planens minsta andel är inte den bästa som budgeten medger (inget "
                           "utöver constraints.equity_min_share hålls); höj solver.time_limit_s",
        "maxmin unfinished": "constraints.equity_mode = \"maxmin\": steget som höjer den minsta "
                             "täckta andelen blev inte klart (lösaren avslutade det utan en plan, "
                             "inom halva solver.time_limit_s = {seconds} s); planen är då den som "
                             "täcker mest med bara constraints.equity_min_share = {share} i varje "
                             "område, dess minsta andel inte höjd; höj solver.time_limit_s",
    },
})

#: The money a sweep's or a rollout's message asks to raise (``budget_key``), in Swedish
#: (``budget.total_sek``, a key, is the same in every language).
_BUDGET_KEYS_SV = (
    (re.compile(r"the sweep's budgets \(--budgets\)"), "svepets budgetar (--budgets)"),
    (re.compile(r"the money of stage (\d+) or of the stages before it \(--stages\)"),
     r"pengarna för etapp \1 eller etapperna före den (--stages)"),
)


@dataclass(frozen=True)
class Note:
    """A note of the ``notes`` table (``key``) and its fields, to write in any language.

    Fields of a special kind: ``n`` and ``n_min`` are counts (written as the language writes
    numbers; ``n_min`` also picks the noun's number, ``incidents``), ``budget_key`` the money to
    raise (a sweep's and a rollout's in the language's words), ``factors`` pairs of an area id
    and its factor (``west × 4``, listed with the language's "and"); an evaluated plan's broken
    rules: ``cost`` and ``budget`` amounts of SEK, ``sites`` mount ids, ``pairs`` two mounts'
    ids each, ``areas`` pairs of an area id and its covered share (each listed so).
    """

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        """The note in ``language`` (English for ``None``: the console's warnings)."""
        t = pick(_TEXT, language)
        values = dict(self.fields)
        for name in ("n", "n_min"):
            if name in values:
                values[name] = _lang.number(values[name], 0, language)
        if "n_min" in self.fields:
            values["incidents"] = t[f"incidents:{'one' if self.fields['n_min'] == 1 else 'many'}"]
        if "budget_key" in values and language not in (None, _lang.LANGUAGES[0]):
            for pattern, words in _BUDGET_KEYS_SV:
                values["budget_key"] = pattern.sub(words, values["budget_key"])
        for name in ("cost", "budget"):  # (amounts of SEK)
            if name in values:
                values[name] = _lang.number(values[name], 0, language)
        if "sites" in values:  # (mount ids)
            values["sites"] = _lang.listed([str(s) for s in values["sites"]], language)
        if "pairs" in values:  # (two mounts' ids each)
            values["pairs"] = _lang.listed([f"{a} – {b}" for a, b in values["pairs"]], language)
        if "areas" in values:  # (an area's id and its covered share)
            values["areas"] = _lang.listed([t["area share"].format(
                area=area, share=_lang.percent(share, 1, language))
                for area, share in values["areas"]], language)
        if "factors" in values:
            items = [f"{area} × {_lang.plain(factor, language)}"
                     for area, factor in values["factors"]]
            values["factors"] = _lang.listed(items, language)
        return t[self.key].format(**values)

