"""A rollout's report: ``report.md`` and ``rollout.png``.

:func:`rollout_markdown` writes the one (the stages, how far each is from the best plan for its
sum, what each stage buys), :func:`plot_rollout` draws the other. Their phrases are the
``_lang`` table ``rollout``, which :func:`planner.rollout.write_rollout` heads the sheets of
``rollout.xlsx`` with too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import _lang
from planner._chart import frame_axes, scenario_title, word_ticks

if TYPE_CHECKING:
    from planner.rollout import RolloutResult


TEXT = _lang.texts("rollout", {
    "en": {
        "sheet_stages": "Stages",
        "sheet_cameras": "Cameras",
        "sheet_areas": "Areas",
        # (each area's covered share after each stage: the staged plan told per area and year,
        # as an application tells it; it had been in the stages' own areas.geojson only)
        "areas": "## Covered share per area after each stage",
        "areas_intro": "Each planned area's covered share (graded, of its weight) today and "
                       "after each stage, the stages' cameras added up; `areas.csv` has the "
                       "covered population (graded) too.",
        "areas_head": "| area | priority | today |",
        "areas_stage": " stage {k} |",
        "title": "Rollout in stages: {name}",
        "scenario": "Scenario: {name}",
        "image": "![each stage against the best plan for its sum](rollout.png)",
        "plot stages": "the rollout's stages",
        "plot best": "the best plan for the sum, on its own",
        "plot stage": "stage {k}",
        "plot x": "Money so far (MSEK)",
        "plot y": "Objective (weighted coverage)",
        "plot title": "Rollout in stages: {name}",
        "forward": ("Stage 1 is the best plan for its money; each later stage "
                    "keeps the cameras bought before it and adds the best ones for its money."),
        "backward": ("The last stage is the best plan for the whole sum; each "
                     "earlier stage is the best part of the stage after it that its money buys."),
        "forward found": ("Stage 1 is the best plan found for its money, not "
                          "proven optimal (within {gap} of the best); each later stage keeps "
                          "the cameras bought before it and adds the best ones for its money."),
        "backward found": ("The last stage is the best plan found for the whole "
                           "sum, not proven optimal (within {gap} of the best); each earlier "
                           "stage is the best part of the stage after it that its money buys."),
        # (the order in words: "Order: forward." alone had been jargon to a coordinator)
        "order:forward": ("Order: forward (each stage the best for its money, given what the "
                          "stages before it bought)."),
        "order:backward": ("Order: backward (each stage the best part of the stage after it "
                           "that its money buys)."),
        # (a night plan's: its 4.4 % had stood under a day rollout's words)
        "night": ("The coverage is at night (IR range, `coverage.night`): each stage's covered "
                  "share and population below are its cameras' at night."),
        "coverage_note": ("Covered share and covered population (graded by DORI level) of each "
                          "stage beside those of the best plan for its sum:"),
        "coverage_head": ("| stage | in all (SEK) | covered share | the best plan's | covered "
                          "population (graded) | the best plan's |"),
        # (coverage.night_share: the shares above weighted; the memo needs each period's)
        "periods_note": ("The shares and population above are weighted by day and at night "
                         "({day} by day, {night} at night, `coverage.night_share`); each stage's "
                         "by day (daylight ranges) and at night (IR range) apart:"),
        "periods_head": ("| stage | covered share by day | at night | covered population by day "
                         "(graded) | at night |"),
        # (a day rollout's cameras at night, a night rollout's by day, as each stage's report.md
        # gives them: the memo's night had been in no table of a day rollout)
        "other_note:night": ("Each stage's cameras at night (IR range), as they stand: the stages "
                             "are planned for the day (`coverage.night = true` plans for the "
                             "night, `coverage.night_share` for both):"),
        "other_head:night": ("| stage | the same cameras at night: covered share | covered "
                             "population (graded) |"),
        "other_note:day": ("Each stage's cameras by day (daylight ranges), as they stand: the "
                           "stages are planned for the night:"),
        "other_head:day": ("| stage | the same cameras by day: covered share | covered "
                           "population (graded) |"),
        "carry": ("Money a stage leaves unspent carries over to the next, so a stage may spend "
                  "more than its own money."),
        "no_carry": ("Each stage spends at most its own money; what it leaves is not carried over "
                     "(\"in all\" is what the stages before it spent and its own money; the best "
                     "plan for the sum has the stages' money so far, so the shortfall counts what "
                     "is not carried over too)."),
        "head": ("| stage | money (SEK) | in all (SEK) | spent in the stage (SEK) | spent in all "
                 "(SEK) | cameras added | new cameras | covered population (graded) | covered share | "
                 "status | gap | best plan for the sum | short of it |"),
        "money": ("What each stage spends is the investment in its new cameras (purchase, "
                  "installation, mounting) and their running costs ({terms}); the running costs "
                  "a year go on after the horizon, the stages' together:"),
        "money_head": ("| stage | investment in the stage (SEK) | running costs a year added "
                       "(SEK) | investment in all (SEK) | running costs a year in all (SEK) |"),
        # (the money year by year, as a grant application's budget table asks for it)
        "by_year": "Year by year within the budget: each stage's investment in its year and the "
                   "running costs of every camera bought by then.",
        "by_year_head": "| year | investment (SEK) | running costs (SEK) | in all (SEK) |",
        "by_year_all": "in all",
        "money staged": ("The stages are {gap} apart: a stage's cameras carry their running "
                         "costs within the budget from the stage's year to the end of year {end} "
                         "({each}); after year {end} of the rollout the cameras of all stages "
                         "cost {amount} SEK a year to run, outside the budget."),
        "shortfall staged": ("With the stages {gap} apart, the best plan for a stage's sum "
                             "buys every camera in that stage, at the price of the stage's own "
                             "new cameras (running costs for the years left of the horizon); "
                             "the earlier stages' cameras cost more (more years of running "
                             "costs), which the shortfall counts too."),
        "head_maxmin": "| stage | smallest area share | the best plan's smallest area share |",
        "shortfall_note": ("\"Best plan for the sum\" is the objective of the best plan for the "
                           "stages' money so far, planned on its own; \"short of it\" is the "
                           "share of that objective (weighted coverage, privacy penalties "
                           "included; not covered population) the stage gives up for being part "
                           "of the rollout, at most the figure in brackets (measured against that "
                           "plan's proven bound). Where that plan is not proven (a time limit, "
                           "solver.gap, the greedy backend) the stage can beat it: a negative "
                           "figure."),
        "maxmin_note": ("The scenario's equity rule (equity_mode = \"maxmin\") raises the "
                        "smallest area share first and coverage only after it: compare the "
                        "smallest shares first."),
        "no_best": ("A stage with \"–\" was not compared with the best plan for its sum "
                    "(`--no-best`)."),
        "time_limit": ("The time limit stopped the search of {stages} (solver.time_limit_s): "
                       "its cameras may differ on another machine or another run; raise "
                       "solver.time_limit_s."),
        "stage_one": "stage {k}",
        "stages_joined": "stages {ks}",
        "bought": "## What each stage buys",
        "stage": "### Stage {k}: {n} {cameras}, {cost} SEK",
        "camera_one": "camera",
        "camera_many": "cameras",
        "cam_head": ("| camera | mount | model | facing (true north) | cost (SEK) | covered "
                     "population (graded, alone) |"),
        "none": "Nothing: the money of this stage carries over.",
        "none_lost": "Nothing: the money of this stage is not used.",
        "existing": "Existing cameras, kept: {labels}.",
        "folders": ("Each stage's full plan (map, register, report) is in `stage_K/`; a camera has "
                    "the same label in every stage."),
    },
    "sv": {
        "sheet_stages": "Etapper",
        "sheet_cameras": "Kameror",
        "sheet_areas": "Områden",
        "areas": "## Täckt andel per område efter varje etapp",
        "areas_intro": "Varje planerat områdes täckta andel (graderad, av dess vikt) i dag och "
                       "efter varje etapp, etappernas kameror sammantagna; `areas.csv` ger även "
                       "den täckta befolkningen (graderad).",
        "areas_head": "| område | prioritet | i dag |",
        "areas_stage": " etapp {k} |",
        "title": "Utbyggnad i etapper: {name}",
        "scenario": "Scenario: {name}",
        "image": "![varje etapp mot den bästa planen för sin summa](rollout.png)",
        "plot stages": "utbyggnadens etapper",
        "plot best": "bästa plan för summan, fristående",
        "plot stage": "etapp {k}",
        "plot x": "Medel hittills (mnkr)",
        "plot y": "Målfunktionsvärde (viktad täckning)",
        "plot title": "Utbyggnad i etapper: {name}",
        "forward": ("Etapp 1 är den bästa planen för sina medel; varje senare "
                    "etapp behåller kamerorna som köpts före den och lägger till de bästa för "
                    "sina medel."),
        "backward": ("Sista etappen är den bästa planen för hela summan; varje "
                     "tidigare etapp är den bästa del av etappen efter den som dess medel "
                     "räcker till."),
        "forward found": ("Etapp 1 är den bästa plan som hittats för sina "
                          "medel, ej bevisat optimal (högst {gap} från den bästa); varje senare "
                          "etapp behåller kamerorna som köpts före den och lägger till de bästa "
                          "för sina medel."),
        "backward found": ("Sista etappen är den bästa plan som hittats för hela "
                           "summan, ej bevisat optimal (högst {gap} från den bästa); varje "
                           "tidigare etapp är den bästa del av etappen efter den som dess medel "
                           "räcker till."),
        "order:forward": ("Ordning: framåt (varje etapp den bästa för sina medel, givet de "
                          "tidigare etappernas köp)."),
        "order:backward": ("Ordning: bakåt (varje etapp den bästa del av etappen efter den som "
                           "dess medel räcker till)."),
        "night": ("Täckningen gäller nattetid (IR-räckvidd, `coverage.night`): varje etapps "
                  "täckta andel och befolkning nedan är dess kamerors nattetid."),
        "coverage_note": ("Täckt andel och täckt befolkning (graderad efter DORI-nivå) för varje "
                          "etapp bredvid den bästa planens för summan:"),
        "coverage_head": ("| etapp | totalt (kr) | täckt andel | den bästa planens | täckt "
                          "befolkning (graderad) | den bästa planens |"),
        "periods_note": ("Andelarna och befolkningen ovan är dag och natt viktade ({day} dagtid, "
                         "{night} nattetid, `coverage.night_share`); varje etapps dagtid "
                         "(räckvidder i dagsljus) och nattetid (IR-räckvidd) var för sig:"),
        "periods_head": ("| etapp | täckt andel dagtid | nattetid | täckt befolkning dagtid "
                         "(graderad) | nattetid |"),
        "other_note:night": ("Varje etapps kameror nattetid (IR-räckvidd), som de står: etapperna "
                             "är planerade för dagtid (`coverage.night = true` planerar för "
                             "natten, `coverage.night_share` för båda):"),
        "other_head:night": ("| etapp | samma kameror nattetid: täckt andel | täckt befolkning "
                             "(graderad) |"),
        "other_note:day": ("Varje etapps kameror dagtid (räckvidder i dagsljus), som de står: "
                           "etapperna är planerade för natten:"),
        "other_head:day": ("| etapp | samma kameror dagtid: täckt andel | täckt befolkning "
                           "(graderad) |"),
        "carry": ("Medel som en etapp inte använder förs över till nästa, så en etapp kan "
                  "använda mer än sina egna medel."),
        "no_carry": ("Varje etapp använder högst sina egna medel; det som blir över förs inte "
                     "över (\"totalt\" är vad etapperna före den använde och dess egna medel; den "
                     "bästa planen för summan har etappernas medel hittills, så förlusten räknar "
                     "också det som inte förs över)."),
        "head": ("| etapp | medel (kr) | totalt (kr) | använt i etappen (kr) | använt totalt "
                 "(kr) | tillagda kameror | nya kameror | täckt befolkning (graderad) | täckt andel | "
                 "status | optimalitetsgap | bästa plan för summan | förlust mot den |"),
        "money": ("Det varje etapp använder är investeringen i dess nya kameror (inköp, "
                  "installation, montering) och deras driftkostnader ({terms}); "
                  "driftkostnaderna per år fortsätter efter tidshorisonten, etappernas "
                  "tillsammans:"),
        "money_head": ("| etapp | investering i etappen (kr) | tillagda driftkostnader per år (kr) "
                       "| investering totalt (kr) | driftkostnader per år totalt (kr) |"),
        "by_year": "År för år inom budgeten: varje etapps investering under dess år och "
                   "driftkostnaderna för alla kameror som köpts till och med det året.",
        "by_year_head": "| år | investering (kr) | driftkostnader (kr) | totalt (kr) |",
        "by_year_all": "totalt",
        "money staged": ("Etapperna ligger {gap} från varandra: en etapps kameror bär sina "
                         "driftkostnader inom budgeten från etappens år till och med år {end} "
                         "({each}); efter år {end} av utbyggnaden kostar alla etappers kameror "
                         "{amount} kr per år i drift, utanför budgeten."),
        "shortfall staged": ("Med etapperna {gap} från varandra köper den bästa planen för en "
                             "etapps summa alla kameror i den etappen, till priset för etappens "
                             "egna nya kameror (driftkostnader för de år som återstår av "
                             "tidshorisonten); de tidigare etappernas kameror kostar mer (fler "
                             "års driftkostnader), vilket förlusten också räknar."),
        "head_maxmin": "| etapp | minsta områdesandel | bästa planens minsta områdesandel |",
        "shortfall_note": ("\"Bästa plan för summan\" är målfunktionsvärdet för den bästa planen för "
                           "etappernas medel hittills, planerad fristående; \"förlust mot den\" är den "
                           "andel av det målfunktionsvärdet (viktad täckning, integritetsavdrag "
                           "inräknade; inte täckt befolkning) som etappen avstår för att ingå i "
                           "utbyggnaden, högst siffran inom parentes (mätt mot den planens "
                           "bevisade övre gräns). Där den planen inte är bevisat optimal "
                           "(tidsgräns, solver.gap eller lösaren greedy) kan etappen bli bättre "
                           "än den, vilket ger en negativ siffra."),
        "maxmin_note": ("Scenariots jämlikhetsregel (equity_mode = \"maxmin\") höjer i första "
                        "hand den minsta områdesandelen och först därefter täckningen: jämför "
                        "därför de minsta andelarna först."),
        "no_best": ("En etapp med \"–\" jämfördes inte med den bästa planen för sin summa "
                    "(`--no-best`)."),
        "time_limit": ("Tidsgränsen stoppade sökningen i {stages} (solver.time_limit_s): "
                       "kamerorna kan bli andra på en annan dator eller vid en ny körning; höj "
                       "solver.time_limit_s."),
        "stage_one": "etapp {k}",
        "stages_joined": "etapperna {ks}",
        "bought": "## Vad varje etapp köper",
        "stage": "### Etapp {k}: {n} {cameras}, {cost} kr",
        "camera_one": "kamera",
        "camera_many": "kameror",
        "cam_head": ("| kamera | monteringsplats | modell | riktning (geografisk nord) | "
                     "kostnad (kr) | täckt befolkning (graderad, kameran för sig) |"),
        "none": "Inget: etappens medel förs över.",
        "none_lost": "Inget: etappens medel används inte.",
        "existing": "Befintliga kameror som behålls: {labels}.",
        "folders": ("Varje etapps hela plan (karta, register, rapport) finns i `stage_K/`; en "
                    "kamera har samma beteckning i alla etapper."),
    },
})


def plot_rollout(result: RolloutResult, path: str | Path) -> None:
    """Plot each stage's objective, and the best plan's for its sum, against the money so far."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = _lang.pick(TEXT, result.scenario.language)
    s = result.stages
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    money = s["budget_sek"] / 1e6
    ax.plot(money, s["objective"], marker="o", color="#1f5fa8", label=t["plot stages"])
    compared = s["best_objective"].notna()
    if compared.any():
        ax.plot(money[compared], s.loc[compared, "best_objective"], marker="s", linestyle="--",
                color="#7f8c8d", label=t["plot best"])
    for k, x, y in zip(s["stage"], money, s["objective"], strict=True):
        ax.annotate(t["plot stage"].format(k=k), (float(x), float(y)),
                    textcoords="offset points", xytext=(4, -12), fontsize=8)
    frame_axes(ax, t["plot x"], t["plot y"],
               t["plot title"].format(name=scenario_title(result.scenario)))
    ax.legend(loc="lower right", fontsize=8)
    word_ticks([ax], result.scenario.language)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _order_line(result: RolloutResult, t: Mapping[str, str]) -> str:
    """The order in words; the stage that is the best plan for its money "found" where unproven.

    (The report had said "Stage 1 is the best plan for its money" while stage 1's own report
    said "not proven optimal".)
    """
    s = result.plans[-1 if result.order == "backward" else 0].summary
    order = t[f"order:{result.order}"]
    if s["status"] == "optimal":
        return f"{order} {t[result.order]}"
    return f"{order} " + t[f"{result.order} found"].format(
        gap=_lang.percent(float(s["gap"]), 2, result.scenario.language))


def rollout_markdown(result: RolloutResult) -> str:
    """The rollout report: the stages, how far each is from the best plan for its sum, the buys."""
    from planner._cost_text import _year, _years, budget_terms, each_stage, staged
    from planner._report_markdown import _site_rule_lines, md_text, model_names_line

    language = result.scenario.language
    t = _lang.pick(TEXT, language)
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    pct = lambda v, digits=1: _lang.percent(v, digits, language)  # noqa: E731
    lines = [f"# {t['title'].format(name=md_text(scenario_title(result.scenario)))}", "",
             t["scenario"].format(name=md_text(result.scenario.name)), "",
             t["image"], "",
             _order_line(result, t) + " " + t["carry" if result.carry_over else "no_carry"], "",
             *([t["night"], ""] if result.scenario.coverage.night else []),
             t["head"], "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    uncompared = bool(result.stages["best_objective"].isna().any())
    rows = result.stages.to_dict("records")
    # (what each stage is optimal under: stage 1 of a backward 6 + 2 MSEK had read "optimal")
    statuses = result.statuses(language)
    for r, status in zip(rows, statuses, strict=True):
        best = "–" if math.isnan(r["best_objective"]) else num(r["best_objective"], 1)
        short = ("–" if math.isnan(r["shortfall"]) else
                 f"{pct(r['shortfall'], 2)} ({pct(r['shortfall_at_most'], 2)})")
        lines.append(
            f"| {r['stage']} | {num(r['stage_sek'])} | {num(r['budget_sek'])} | "
            f"{num(r['stage_spent_sek'])} | {num(r['spent_sek'])} | {r['n_cameras_added']} | "
            f"{r['n_cameras_new']} | {num(r['covered_population'])} | "
            f"{pct(r['covered_share'])} | {status} | "
            f"{pct(r['gap'], 2)} | {best} | {short} |")
    last = result.plans[-1].summary
    stages = staged(last)  # (--stage-years: what each stage's cameras carry in the budget)
    gap = "" if stages is None else _years(stages[0], language)
    lines += ["", t["shortfall_note"] + (" " + t["no_best"] if uncompared else "")
              + ("" if stages is None else " " + t["shortfall staged"].format(gap=gap))]
    terms = budget_terms(last, language) or ""
    lines += ["", t["money"].format(terms=terms), "", t["money_head"], "|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['stage']} | {num(r['stage_investment_sek'])} | {num(r['stage_yearly_sek'])} | "
              f"{num(r['investment_sek'])} | {num(r['yearly_sek'])} |" for r in rows]
    if stages is not None:
        lines += ["", t["money staged"].format(
            gap=gap, end=_year(float(last["horizon_years"]), language),
            each=each_stage(stages[1], language), amount=num(last["yearly_sek"]))]
        lines += _by_year_lines(rows, stages[0], float(last["horizon_years"]), t, language)
    lines += ["", t["coverage_note"], "", t["coverage_head"], "|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        compared = not math.isnan(r["best_covered_share"])
        lines.append(
            f"| {r['stage']} | {num(r['budget_sek'])} | {pct(r['covered_share'])} | "
            f"{pct(r['best_covered_share']) if compared else '–'} | "
            f"{num(r['covered_population'])} | "
            f"{num(r['best_covered_population']) if compared else '–'} |")
    other = _other_period(result)
    if other is not None:
        lines += ["", t[f"other_note:{other}"], "", t[f"other_head:{other}"], "|---:|---:|---:|"]
        lines += [f"| {r['stage']} | {pct(r[f'covered_share_{other}'])} | "
                  f"{num(r[f'covered_population_{other}'])} |" for r in rows]
    elif "covered_share_day" in result.stages:
        share = float(last.get("night_share", 0.0))
        lines += ["", t["periods_note"].format(day=_lang.percent(1 - share, 0, language),
                                               night=_lang.percent(share, 0, language)),
                  "", t["periods_head"], "|---:|---:|---:|---:|---:|"]
        lines += [f"| {r['stage']} | {pct(r['covered_share_day'])} | "
                  f"{pct(r['covered_share_night'])} | {num(r['covered_population_day'])} | "
                  f"{num(r['covered_population_night'])} |" for r in rows]
    timed_out = [str(k) for k, plan in enumerate(result.plans, start=1)
                 if plan.summary.get("stopped_by") == "time limit"]
    if timed_out:  # (the stage's own report says it; here it had read as any other stage)
        which = (t["stage_one"].format(k=timed_out[0]) if len(timed_out) == 1
                 else t["stages_joined"].format(ks=", ".join(timed_out)))
        lines += ["", t["time_limit"].format(stages=which)]
    if result.scenario.constraints.equity_mode == "maxmin":
        lines += ["", t["maxmin_note"], "", t["head_maxmin"], "|---:|---:|---:|"]
        lines += [f"| {r['stage']} | {pct(r['smallest_share'])} | "
                  + ("–" if math.isnan(r["best_smallest_share"])
                     else pct(r["best_smallest_share"])) + " |" for r in rows]
    lines += _areas_lines(result, t)
    lines += ["", t["bought"], ""]
    cams = result.cameras
    old = cams.loc[cams["stage"] == 0, "camera"].tolist()
    if old:
        lines += [t["existing"].format(labels=", ".join(old)), ""]
    # the mounts the scenario decided on, as each stage's report.md says them (the last
    # stage's, whose cameras keep their labels): an existing camera replaced had dropped out of
    # the cameras kept unsaid, and its mount's new camera had stood among the buys unexplained
    if decided := _site_rule_lines(result.plans[-1], language):
        lines += [*decided, ""]
    # each model by its catalogue id in the tables, as the stages' report.md and the data files
    # name it, and the catalogue's names once here (the table had given names, the stages ids)
    if models := model_names_line(cams, language):
        lines += [models, ""]
    for k in range(1, len(result.plans) + 1):
        part = cams[cams["stage"] == k]
        lines += [t["stage"].format(k=k, n=len(part), cost=num(part["cost_sek"].sum()),
                                    cameras=t["camera_one" if len(part) == 1 else "camera_many"]),
                  ""]
        if not len(part):
            lines += [t["none" if result.carry_over else "none_lost"], ""]
            continue
        lines += [t["cam_head"], "|---|---|---|---|---:|---:|"]
        for c in part.to_dict("records"):
            lines.append(f"| {c['camera']} | {md_text(c['site_id'])} | {md_text(c['model'])} "
                         f"| {_lang.degrees(c['orientation_true_deg'], language)} "
                         f"({_lang.compass(c['orientation_true_deg'], language)}) | "
                         f"{num(c['cost_sek'])} | "
                         f"{num(c['covered_population'])} |")
        lines.append("")
    lines.append(t["folders"])
    return "\n".join(lines) + "\n"


def _other_period(result: RolloutResult) -> str | None:
    """``"night"`` for a day rollout's stages at night, ``"day"`` for a night rollout's by day.

    ``None`` for a mixed rollout (its by day and at night are its own) or stages without them.
    """
    stages = result.stages
    if result.scenario.coverage.night:
        return "day" if "covered_share_day" in stages else None
    if result.scenario.coverage.night_share is not None:
        return None
    return "night" if "covered_share_night" in stages else None


def _areas_lines(result: RolloutResult, t: Mapping[str, str]) -> list[str]:
    """The report's table of each area's covered share today and after each stage."""
    from planner._report_markdown import md_text

    language = result.scenario.language
    table = result.areas()
    if not len(table):
        return []
    stages = range(1, len(result.plans) + 1)
    wide = table.pivot(index="area_id", columns="stage", values="covered_share")
    lines = ["", t["areas"], "", t["areas_intro"], "",
             t["areas_head"] + "".join(t["areas_stage"].format(k=k) for k in stages),
             "|---|---:|---:|" + "---:|" * len(stages)]
    today = table[table["stage"] == 0]
    for area_id, name, priority in zip(today["area_id"], today["name"], today["priority"],
                                       strict=True):
        shares = wide.loc[area_id, [0, *stages]].to_numpy(dtype=float)
        lines.append(f"| {md_text(str(name))} ({md_text(str(area_id))}) | "
                     f"{_lang.number(float(priority), 2, language)} | "
                     + " | ".join(_lang.percent(v, 1, language) for v in shares) + " |")
    return lines


def _by_year_lines(rows: Sequence[Mapping[Any, Any]], apart: float, horizon: float,
                   t: Mapping[str, str], language: str | None) -> list[str]:
    """The money within the budget year by year, to the end of the horizon.

    Each stage's investment in its year, and the running costs of every camera bought by then:
    the budget table of a grant application (a stage's running costs had been booked when it
    bought its cameras). Only where the stages fall on whole years within the horizon (stage k in
    year 1 + (k - 1) × ``apart``); its sum is what the last stage has spent.
    """
    starts = [1 + (k - 1) * apart for k in range(1, len(rows) + 1)]
    if (apart != int(apart) or horizon != int(horizon) or horizon < 1
            or starts[-1] > horizon):
        return []
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    lines = ["", t["by_year"], "", t["by_year_head"], "|---:|---:|---:|---:|"]
    invested = running = 0.0
    for year in range(1, int(horizon) + 1):
        paid = sum(float(r["stage_investment_sek"]) for r, s in zip(rows, starts, strict=True)
                   if s == year)
        runs = sum(float(r["stage_yearly_sek"]) for r, s in zip(rows, starts, strict=True)
                   if s <= year)
        invested, running = invested + paid, running + runs
        lines.append(f"| {year} | {num(paid)} | {num(runs)} | {num(paid + runs)} |")
    lines.append(f"| {t['by_year_all']} | {num(invested)} | {num(running)} | "
                 f"{num(invested + running)} |")
    return lines

