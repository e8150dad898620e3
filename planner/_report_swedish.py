"""The Swedish phrases of the report's phrase table (:mod:`planner._report_text`).

``SWEDISH`` is the table's ``sv`` language: what ``report.md``, ``plan.xlsx`` and the register say
in Swedish, every key of the English phrases in :mod:`planner._report_text` translated;
``_RECORD_ITEMS_SV`` names the ``[surveillance]`` keys in Swedish and what an unsettled one asks
for.
"""

from __future__ import annotations

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


SWEDISH = {
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
    "by mount": "- Nya kameror per monteringstyp: {counts}",
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
    "share": "- Täckt andel av det viktade behovet{when}: {before} före, {after} efter "
             "(graderat efter DORI-nivå)",
    "population": "- Täckt befolkning (graderad){when}: {covered} av {population}{where}; "
                  "planen maximerar den prioritetsviktade täckningen (målfunktionsvärdet "
                  "nedan), inte detta mått per invånare, så en plan som gynnar områden med hög "
                  "prioritet kan täcka färre personer och en plan med lägre målfunktionsvärde fler",
    "when:day": " dagtid (räckvidder i dagsljus)",
    "when:night": " nattetid (IR-räckvidd)",
    "when:mixed": ", dag och natt viktade ({day} dagtid, {night} nattetid: "
                  "`coverage.night_share` = {share})",
    "population:periods": "- Täckt befolkning (graderad){day}: {day_covered};{night}: "
                          "{night_covered}",
    "other period": "- Samma kameror{when}, som de står (planen är inte gjord för den tiden): "
                    "täckt andel {before} före, {after} efter; täckt befolkning (graderad) "
                    "{covered}",
    "by day": "- Täckningen gäller i dagsljus (varje modells räckvidder i dagsljus); "
              "kamerorna spelar in {hours} (`surveillance.hours`): för täckningen nattetid, "
              "planera med `coverage.night = true` (räckvidder begränsade till varje "
              "modells IR-räckvidd)",
    "in areas:one": " i det planerade området",
    "in areas:many": " i de {n} planerade områdena",
    "evaluated": "- Inte optimerad: kamerorna i en given plan bedömda i detta scenario "
                 "(`planner.plan.evaluate`), målfunktionsvärde {objective}; ingen övre gräns "
                 "eller optimalitetsgap",
    "solver": "- Optimering: {backend}, status {status}, optimalitetsgap {gap} % "
              "(= (övre gräns − målfunktionsvärde) / övre gräns; den bästa möjliga planens "
              "värde ligger mellan de två), målfunktionsvärde {objective}, övre gräns "
              "{bound}; {stopped}",
    "note": "- Anmärkning: {note}",
    "tables": "- Tabeller för Excel: `plan.xlsx` (sammanfattning, kameraregister, "
              "områden); för skript och GIS, med engelska kolumnnamn: `register.csv`, "
              "`areas.geojson`, `cameras.geojson` (WGS 84) och `plan.gpkg` (samma lager i "
              "planens koordinatsystem, kamerorna med registrets kolumner)",
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
    "area factors": "Målfunktionen räknar behovsvikten för {areas} (`demand.area_factors`); "
                    "ett områdes täckta andel och täckta befolkning mäts mot dess egen "
                    "behovsvikt, som utan faktor.",
    "area factor": "{area} × {factor}",
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
    "graded mixed": " I denna plan för dag och natt är varje områdes andel viktad som planens "
                    "({day} dagtid, {night} nattetid, `coverage.night_share`); planens andelar "
                    "dagtid och nattetid var för sig står ovan.",
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
                 "({n} st): {cameras}; sammanlagt {union} m² integritetszon (varje m² en gång).",
    "rule seen none": " Ingen ny kamera ser en integritetszon på nivån {level} eller bättre.",
    "recorded": ("De nya kamerorna spelar sammanlagt in {union} m² dagtid (hela bilden, från "
                 "nivån {detect}, med det som byggnader skymmer borträknat; varje m² en gång, "
                 "{sum} m² summerat över kamerorna); per kamera i förteckningen, kolumnen {col}."),
    "recorded:one": ("Den nya kameran spelar in {union} m² dagtid (hela bilden, från nivån "
                     "{detect}, med det som byggnader skymmer borträknat); i förteckningen, "
                     "kolumnen {col}."),
    "seen anywhere": ("I hela bilden (från nivån {detect}: allt som kameran visar) {zones}, "
                      "och {facades}; per kamera i förteckningen (bladet {sheet} i "
                      "plan.xlsx, kolumnerna {zone_col} och {facade_col})."),
    "zones:none": "ser ingen av de {new} nya kamerorna någon integritetszon",
    "zones:all": ("ser alla {new} nya kameror en integritetszon, sammanlagt {union} m² "
                  "integritetszon{m2_sum}"),
    "zones:some": ("{see} {n} av de {new} nya kamerorna en integritetszon, sammanlagt {union} m² "
                   "integritetszon{m2_sum}"),
    "facades:none": "ingen ser någon bostadsfasad",
    "facades:all": ("alla ser bostadsfasader, sammanlagt fasaderna på {homes} bostadshus"
                    "{facades_sum}"),
    "facades:some": ("{n} {see} bostadsfasader, sammanlagt fasaderna på {homes} bostadshus"
                     "{facades_sum}"),
    "zones sum": (" (varje m² en gång; {m2} m² summerat över kamerorna, där en zon som två "
                  "kameror ser räknas två gånger)"),
    "facades sum": " (varje hus en gång; {n_facades} summerat över kamerorna)",
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
    "rows mixed": " I den här planen för dag och natt avser räckvidder och innehåll bilden i "
                  "dagsljus, som integritetsregeln räknar med (kartan och cameras.geojson visar "
                  "även räckvidderna nattetid, begränsade till varje modells IR-räckvidd).",
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
}
