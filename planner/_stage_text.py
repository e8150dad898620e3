"""What a rollout stage's own map and report say it is (internal).

A stage of a rollout is solved with the stages around it fixed: a forward stage keeps the cameras
bought before it, a backward stage is a part of the stage after it. "Optimal" in its summary is
optimal under that rule, not the best plan for its money: the stage's map panel and report had
said "optimal, gap 0.00 %" with nothing saying so, while ``stages.csv`` showed the stage 1.76 %
below the best plan for the same money. :func:`stage_line` says which stage it is, what it is
optimal under and, where the rollout computed the best plan for the same money, how far below
that plan it is (``summary.json``'s ``rollout``: ``stage``, ``stages``, ``order`` and, where
computed, ``best_budget_sek``, ``shortfall``, ``shortfall_at_most``).

:func:`budget_title` and :func:`stage_title` title a sweep's plan and a rollout stage by the
budget or stage they are: each had been headed by the scenario's own title, which may name
another budget ("… 8 MSEK" above the 12 MSEK plan).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from planner import _lang
from planner._cost_text import staged
from planner._lang import pick, texts

TEXT = texts("stage", {
    "en": {
        "head": "Stage {k} of {n}: ",
        "forward first": "the best plan for its money (the later stages keep its cameras)",
        "forward first found": "planned for its money alone, not proven optimal (the later "
                               "stages keep its cameras)",
        "forward": "optimal given the cameras of {before}",
        "forward found": "planned given the cameras of {before}, not proven optimal",
        "backward last": "the best plan for the whole sum (the earlier stages are parts of it)",
        "backward last found": "planned for the whole sum, not proven optimal (the earlier "
                               "stages are parts of it)",
        "backward": "optimal as a part of stage {next}",
        "backward found": "planned as a part of stage {next}, not proven optimal",
        "stage one": "stage {k}",
        "stages": "stages {first}–{last}",
        "below": "; {short} (at most {most}) below the best plan for {sum} SEK{bought}",
        "below proven": "; {short} below the best plan for {sum} SEK{bought}",
        "level": "; as good as the best plan for {sum} SEK{bought} (at most {most} below it)",
        "level proven": "; as good as the best plan for {sum} SEK{bought}",
        "above": ("; {short} above the plan for {sum} SEK{bought} planned on its own, which is not "
                  "proven the best (at most {most} below its bound)"),
        "title budget": "{title} — {money}",
        "title stage": "{title} — stage {k} of {n}, {money}",
        "msek": "{value} MSEK",
        "sek": "{value} SEK",
        "bought": " with every camera bought in stage {k}",
    },
    "sv": {
        "head": "Etapp {k} av {n}: ",
        "forward first": "den bästa planen för sina medel (de senare etapperna behåller dess "
                         "kameror)",
        "forward first found": "planerad för sina medel, ej bevisat optimal (de senare "
                               "etapperna behåller dess kameror)",
        "forward": "optimal givet kamerorna från {before}",
        "forward found": "planerad givet kamerorna från {before}, ej bevisat optimal",
        "backward last": "den bästa planen för hela summan (de tidigare etapperna är delar av "
                         "den)",
        "backward last found": "planerad för hela summan, ej bevisat optimal (de tidigare "
                               "etapperna är delar av den)",
        "backward": "optimal som en del av etapp {next}",
        "backward found": "planerad som en del av etapp {next}, ej bevisat optimal",
        "stage one": "etapp {k}",
        "stages": "etapperna {first}–{last}",
        "below": "; {short} (högst {most}) under den bästa planen för {sum} kr{bought}",
        "below proven": "; {short} under den bästa planen för {sum} kr{bought}",
        "level": "; lika bra som den bästa planen för {sum} kr{bought} (högst {most} under den)",
        "level proven": "; lika bra som den bästa planen för {sum} kr{bought}",
        "above": ("; {short} över planen för {sum} kr{bought} planerad fristående, som inte har "
                  "bevisats vara den bästa (högst {most} under dess övre gräns)"),
        "title budget": "{title} — {money}",
        "title stage": "{title} — etapp {k} av {n}, {money}",
        "msek": "{value} mnkr",
        "sek": "{value} kr",
        "bought": " med alla kameror köpta i etapp {k}",
    },
})


def million(sek: float, language: str | None = None) -> str:
    """An amount of a million SEK or more in millions as ``language`` writes it.

    ``12 MSEK``, Swedish ``2,5 mnkr``, with as many decimals as the amount has
    (``1.234567 MSEK`` for 1,234,567 SEK: a title names the budget exactly); less than a
    million in SEK (``45,000 SEK``).
    """
    t = pick(TEXT, language)
    if abs(float(sek)) < 1e6:
        return t["sek"].format(value=_lang.number(float(sek), 0, language))
    return t["msek"].format(value=_lang.plain(float(sek) / 1e6, language))


def budget_title(summary: Mapping[str, Any], language: str | None = None) -> str:
    """The title of a sweep's plan: the scenario's, with the budget it is planned for.

    "Katrineholm 2018: … — 12 MSEK" (the scenario's name where it has no ``title``): each
    budget's map, report and workbook had been headed by the scenario's title alone, which may
    name another budget.
    """
    return pick(TEXT, language)["title budget"].format(
        title=_base_title(summary), money=million(float(summary["budget_sek"]), language))


def stage_title(summary: Mapping[str, Any], k: int, n: int, money: float,
                language: str | None = None) -> str:
    """The title of a rollout stage's plan: "TITLE — stage 2 of 3, 5 MSEK" (its budget)."""
    return pick(TEXT, language)["title stage"].format(
        title=_base_title(summary), k=k, n=n, money=million(money, language))


def _base_title(summary: Mapping[str, Any]) -> str:
    title = summary.get("title")
    return (" ".join(title.split()) if isinstance(title, str) and title.strip()
            else str(summary.get("scenario", "")))


def stage_status(status: str, k: int, n: int, order: str, language: str | None = None) -> str:
    """A stage's status in the stage tables (report.md, rollout.xlsx, the printed table).

    What the stage is optimal under where the stages around it bind it: "optimal as a part of
    stage 2" (backward), "optimal given the cameras of stage 1" (forward), and "planned as a
    part of stage 2, not proven optimal" where it is not proven; the stage that is the best
    plan for its money (forward's first, backward's last) its status alone. (Stage 1 of a
    backward rollout of 6 + 2 MSEK had read "optimal … 0,00 %" in the table, 0.77 % below the
    best 6 MSEK plan: optimal as a part of stage 2.)
    """
    t = pick(TEXT, language)
    found = "" if status == "optimal" else " found"
    if status not in ("optimal", "feasible"):  # (no plan: its status as it is)
        return _lang.status(status, language)
    if order == "backward" and k < n:
        return t[f"backward{found}"].format(next=k + 1)
    if order != "backward" and k > 1:
        before = (t["stage one"].format(k=1) if k == 2
                  else t["stages"].format(first=1, last=k - 1))
        return t[f"forward{found}"].format(before=before)
    return _lang.status(status, language)


def stage_line(summary: Mapping[str, Any], language: str | None = None) -> str | None:
    """The stage a plan is, what it is optimal under, how far below the best plan for its money.

    "Stage 3 of 3: optimal given the cameras of stages 1–2; 1.76 % (at most 2.31 %) below the
    best plan for 8,000,000 SEK"; ``None`` for a plan that is no rollout stage. Plain text (no
    markup; numbers and the planner's words only).
    """
    rollout = summary.get("rollout")
    if not isinstance(rollout, Mapping):
        return None
    t = pick(TEXT, language)
    k, n = int(rollout["stage"]), int(rollout["stages"])
    found = "" if summary.get("status") == "optimal" else " found"
    if rollout.get("order") == "backward":
        words = (t[f"backward last{found}"] if k == n
                 else t[f"backward{found}"].format(next=k + 1))
    elif k == 1:
        words = t[f"forward first{found}"]
    else:
        before = (t["stage one"].format(k=1) if k == 2
                  else t["stages"].format(first=1, last=k - 1))
        words = t[f"forward{found}"].format(before=before)
    line = t["head"].format(k=k, n=n) + words
    shortfall, most = rollout.get("shortfall"), rollout.get("shortfall_at_most")
    if (isinstance(shortfall, (int, float)) and isinstance(most, (int, float))
            and math.isfinite(shortfall) and math.isfinite(most)):  # (NaN: no comparison)
        pct = lambda v: _lang.percent(v, 2, language)  # noqa: E731
        total = _lang.number(float(rollout["best_budget_sek"]), 0, language)
        shown, at_most = round(100.0 * float(shortfall), 2), round(100.0 * float(most), 2)
        key = "below" if shown > 0 else "above" if shown < 0 else "level"
        if key != "above" and at_most == max(shown, 0.0):  # (the best plan is proven: no range)
            key += " proven"
        # (with stage years the best plan prices every camera as one bought in this stage)
        bought = t["bought"].format(k=k) if staged(summary) is not None else ""
        line += t[key].format(short=pct(abs(shortfall)), most=pct(most), sum=total,
                              bought=bought)
    return line
