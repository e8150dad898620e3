"""The sections of a comparison's ``report.md`` made from the two plans' summaries.

What was compared (the titles, the settings and the data files that differ), the objectives
with their proven bounds and the range of B − A, and the cost, camera and privacy rows;
:mod:`planner._compare_report` assembles them with the areas and cameras sections.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from planner import _lang
from planner._compare_text import _TEXT
from planner._cost_text import vat_words
from planner._day_night import different_periods, summary_night_share
from planner._lang import pick
from planner._map_diff import _signed_pp
from planner._map_objective import (
    NoDifference,
    _signed,
    difference_verdict,
    objective_difference,
)
from planner._plan_types import Plan
from planner._report_markdown import _md_table
from planner._report_register import privacy_in_all
from planner.compare import difference_frame
from planner.report import md_text, privacy_seen

#: How many differing settings the report names (``summary.json`` has them all).
MAX_SETTINGS = 10
#: Settings the report shows otherwise (the titles and names) or not at all.
_NOT_COMPARED = ("name", "title", "description")


def _compared_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """The title, the two plans by title and scenario, and the settings that differ."""
    t = pick(_TEXT, language)
    lines = [t["title"], ""]
    for side, plan in (("A", a), ("B", b)):
        s = plan.summary
        lines.append(t["plan"].format(side=side, title=md_text(s.get("title") or s["scenario"]),
                                      scenario=md_text(s["scenario"])))
    changed = _setting_changes(a.summary.get("settings") or {}, b.summary.get("settings") or {},
                               language)
    if changed:
        shown = "; ".join(t["setting"].format(key=key, a=md_text(va), b=md_text(vb))
                          for key, va, vb in changed[:MAX_SETTINGS])
        more = (t["more settings"].format(n=len(changed) - MAX_SETTINGS)
                if len(changed) > MAX_SETTINGS else "")
        lines.append(t["settings"].format(settings=shown + more))
    else:
        lines.append(t["same settings"])
    if (periods := periods_line(a.summary, b.summary, language)) is not None:
        lines.append(periods)
    files = _input_changes(a.summary.get("inputs") or {}, b.summary.get("inputs") or {},
                           language)
    if files:
        lines.append(t["inputs"].format(files="; ".join(files)))
    lines.append(t["files"])
    return lines


def periods_line(sa: Mapping[str, Any], sb: Mapping[str, Any], language: str | None
                 ) -> str | None:
    """When each plan's coverage holds, where either counts the night (``None``: two day plans).

    By day, at night or both (``coverage.night``, ``coverage.night_share``): a day plan against
    a night plan had not said which side was at night.
    """
    shares = (summary_night_share(sa), summary_night_share(sb))
    if None in shares or not any(shares):
        return None
    return pick(_TEXT, language)["periods"].format(a=_when(shares[0] or 0.0, language),
                                                   b=_when(shares[1] or 0.0, language))


def _when(share: float, language: str | None) -> str:
    """When a plan of this night share holds: by day, at night, or both with the share."""
    kind = "day" if share == 0 else "night" if share == 1 else "mixed"
    return pick(_TEXT, language)[f"period:{kind}"].format(
        night=_lang.percent(share, 0, language), share=f"{share:g}")


def areas_caveat(sa: Mapping[str, Any], sb: Mapping[str, Any], language: str | None
                 ) -> str | None:
    """Where the plans count the night differently: their areas' shares are two measures.

    Each area's covered share is the plan's own measure (a day plan's by day, the evening
    plan's weighted by day and at night), so every area of Katrineholm's evening plan had read
    as losing against the day plan, "0 higher, 12 lower", with no word that the two shares hold
    at different times. ``None`` where the plans count the night alike.
    """
    if not different_periods(sa, sb):
        return None
    shares = (summary_night_share(sa), summary_night_share(sb))
    return pick(_TEXT, language)["areas caveat"].format(a=_when(shares[0] or 0.0, language),
                                                        b=_when(shares[1] or 0.0, language))


def _input_changes(a: Mapping[str, Any], b: Mapping[str, Any], language: str) -> list[str]:
    """The data files (``summary.json``'s ``inputs``) whose content differs, named by path.

    Where the path is the same, by the start of each SHA-256.

    ``settings`` holds no data paths, so a plan of a copy of the sites layer without one
    existing camera (``--set-b data.sites=...``) had been reported as "the two plans' settings
    are the same". ``–`` where a plan has no such file. The same bytes under another path are
    the same data: each plan gives its paths from its own scenario's folder, and two scenarios
    in two folders reading one file had been said to differ in every data file.
    """
    t = pick(_TEXT, language)
    out = []
    for key in sorted(set(a) | set(b)):
        fa, fb = a.get(key) or {}, b.get(key) or {}
        if fa.get("sha256") == fb.get("sha256"):
            continue
        if fa.get("file") and fa.get("file") == fb.get("file"):
            out.append(t["input content"].format(key=key, file=md_text(str(fa["file"])),
                                                 a=str(fa.get("sha256", ""))[:12],
                                                 b=str(fb.get("sha256", ""))[:12]))
        else:
            out.append(t["input"].format(key=key, a=md_text(str(fa.get("file") or "–")),
                                         b=md_text(str(fb.get("file") or "–"))))
    return out


def _flat(settings: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"constraints": {"equity_min_share": 0.05}}`` as ``{"constraints.equity_min_share": 0.05}``."""
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _setting_changes(a: Mapping[str, Any], b: Mapping[str, Any], language: str | None = None
                     ) -> list[tuple[str, str, str]]:
    """The scenario keys whose effective values differ, sorted: (key, A's value, B's value).

    Values as a scenario file gives them (``true``, ``["pole-0002"]``), but numbers as
    ``language`` writes them, grouped (``6,000,000``, Swedish ``6 000 000``, ``0,05``: "6000000"
    had stood ungrouped beside the report's grouped amounts); ``–`` where a plan has none.
    """
    fa, fb = _flat(a), _flat(b)

    def shown(flat: dict[str, Any], key: str) -> str:
        if key not in flat:
            return "–"
        value = flat[key]
        if isinstance(value, int | float) and not isinstance(value, bool):
            # (a whole float without decimals: 6000000.0 had read as a float never written)
            return _lang.plain(float(value), language)
        return json.dumps(value, ensure_ascii=False)

    return [(key, shown(fa, key), shown(fb, key)) for key in sorted(set(fa) | set(fb))
            if key not in _NOT_COMPARED and shown(fa, key) != shown(fb, key)]


def _objective_lines(a: Plan, b: Plan, language: str) -> list[str]:
    """Each plan's objective, bound, gap and status; B − A and its proven range."""
    t = pick(_TEXT, language)
    lines = [t["objective heading"], "", t["objective intro"], ""]
    d = objective_difference(a.summary, b.summary)
    if isinstance(d, NoDifference):  # ("different weights", "no objective": why there is none)
        return [*lines, t[d.reason]]
    row = difference_frame(d).iloc[0]
    number = lambda v: _lang.number(v, 1, language)  # noqa: E731

    def stopped(s: Mapping[str, Any]) -> str:
        code = str(s.get("stopped_by", "proof"))
        return _lang.stopped(code, language) or code

    table = pd.DataFrame(
        [(t["objective"], number(row["objective_a"]), number(row["objective_b"])),
         # (given cameras have no bound: "–")
         (t["bound"], *("–" if pd.isna(row[k]) else number(row[k])
                        for k in ("bound_a", "bound_b"))),
         (t["gap"], _percent(row["gap_a"], language), _percent(row["gap_b"], language)),
         (t["status"], _lang.status(str(row["status_a"]), language),
          _lang.status(str(row["status_b"]), language)),
         (t["stopped"], stopped(a.summary), stopped(b.summary))],
        columns=["", "A", "B"])
    base = float(row["objective_a"])
    share = lambda v: (_signed(100.0 * v / base, language, digits=2) + " %"  # noqa: E731
                       if base else "–")
    lines += [_md_table(table, language=language), "",
              t["change"].format(change=_signed(row["change"], language),
                                 pct=share(row["change"]))]
    if not d.proven:  # (both proven: the range is the change itself, the conclusion says so)
        lines.append(t[d.range_key("range")].format(
            low=_signed(row["change_low"], language), high=_signed(row["change_high"], language),
            low_pct=share(row["change_low"]), high_pct=share(row["change_high"]),
            # (settled: a range of 0 to 0, a narrower side that reaches the other's optimum, or
            # the same question, is no "not established")
            established=t["established" if d.settled or d.capped == "same"
                          else "not established"]))
    conclusion = difference_verdict(d, language)
    return [*lines, *([f"- {conclusion}"] if conclusion else [])]


def _percent(value: Any, language: str) -> str:
    """A gap as a percentage with two decimals; ``–`` where it is unknown."""
    return "–" if pd.isna(value) else _lang.percent(float(value), 2, language)


def _cost_lines(a: Plan, b: Plan, language: str,
                registers: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> list[str]:
    """Budget, spent, camera counts, covered share and population: A, B and B − A.

    ``registers``: the plans' camera registers, where the caller has them (else computed here).
    """
    t = pick(_TEXT, language)
    sa, sb = a.summary, b.summary
    whole = lambda v: _lang.number(v, 0, language)  # noqa: E731
    rows = [(t[name], whole(sa[key]), whole(sb[key]), _signed(sb[key] - sa[key], language,
                                                               digits=0))
            for name, key in (("budget", "budget_sek"), ("spent", "spent_sek"),
                              ("investment", "investment_sek"), ("yearly", "yearly_sek"),
                              ("new", "n_cameras_new"), ("existing", "n_cameras_existing"))
            if _both(sa, sb, key)]  # (plans made by hand, or before 2026-11-30, lack the parts)
    if rows and rows[0][0] == t["budget"]:
        rows[0] = _budget_row(rows[0], sa, sb, language)
    # the existing cameras' running costs, their owners' and not the budget's, where one plan
    # takes some down or replaces them: what the police stop paying had been nowhere beside
    # the grant's new running costs
    key = "existing_yearly_sek"
    if _both(sa, sb, key) and sa[key] != sb[key]:
        at = next((k + 1 for k, row in enumerate(rows) if row[0] == t["yearly"]), len(rows))
        rows.insert(at, (t["existing yearly"], whole(sa[key]), whole(sb[key]),
                         _signed(sb[key] - sa[key], language, digits=0)))
        own = "existing_yearly_own_sek"  # (of which the municipality pays itself)
        if _both(sa, sb, own) and (sa[own] or sb[own]):
            rows.insert(at + 1, (t["existing yearly own"], whole(sa[own]), whole(sb[own]),
                                 _signed(sb[own] - sa[own], language, digits=0)))
    # (no B − A of shares that hold at different times, a day share against a weighted one:
    # the rows by day and at night below give it)
    apart = different_periods(sa, sb)
    rows.append((t["share"], _lang.percent(sa["covered_share"], 1, language),
                 _lang.percent(sb["covered_share"], 1, language),
                 "–" if apart else _signed_pp(sb["covered_share"] - sa["covered_share"],
                                              language)))
    rows.append((t["population"], whole(sa["covered_population"]),
                 whole(sb["covered_population"]),
                 "–" if apart else _signed(sb["covered_population"] - sa["covered_population"],
                                           language, digits=0)))
    rows += _period_rows(sa, sb, language)
    rows += _privacy_rows(a, b, language, registers)
    table = pd.DataFrame(rows, columns=["", "A", "B", t["difference"]])
    lines = [t["cost heading"], "", _md_table(table, language=language)]
    if (said := scored_line(sa, sb, language)) is not None:
        lines += ["", said]
    if not apart and _opposite(sa, sb):
        lines += ["", t["opposite"]]
    return lines


def _opposite(sa: Mapping[str, Any], sb: Mapping[str, Any]) -> bool:
    """Whether B − A of the covered share and of the covered population have opposite signs.

    As the table shows them: the share to 0.1 percentage points, the population whole.
    """
    share = round(100.0 * (float(sb["covered_share"]) - float(sa["covered_share"])), 1)
    people = round(float(sb["covered_population"]) - float(sa["covered_population"]))
    return share * people < 0


def period_screen_lines(sa: Mapping[str, Any], sb: Mapping[str, Any], language: str
                        ) -> list[str]:
    """The console's covered share by day and at night of A and B, as ``report.md``'s rows."""
    return [f"{name}: A {va}, B {vb} (B − A {change})"
            for name, va, vb, change in _period_rows(sa, sb, language)[:2]]


def scored_line(sa: Mapping[str, Any], sb: Mapping[str, Any], language: str) -> str | None:
    """Which figures are a plan's cameras counted at a time the plan was not made for.

    A day plan's at night, a night plan's by day (``summary.json``'s, from
    :func:`planner._day_night.other_period`), where the rows by day and at night show them.
    """
    if period_figures(sa, sb) is None:
        return None
    t = pick(_TEXT, language)
    which = [t[f"scored:{other}"].format(side=side)
             for side, s in (("A", sa), ("B", sb))
             for own, other in (("day", "night"), ("night", "day"))
             if summary_night_share(s) == (0.0 if own == "day" else 1.0)
             and f"covered_share_{other}" in s]
    if not which:
        return None
    return t["scored"].format(which=t["scored:and"].join(which))


def _period_rows(sa: Mapping[str, Any], sb: Mapping[str, Any], language: str
                 ) -> list[tuple[str, str, str, str]]:
    """The covered share and population by day and at night, where the plans count them apart.

    A day plan's figures are by day, a night plan's at night; a plan of
    ``coverage.night_share`` has both. The period a plan did not count is its cameras counted
    then, as its ``summary.json`` has them, else ``–`` (a summary made before they were). B − A where both have it: a day plan against
    the evening plan by day and at night, which their weighted shares do not say.
    """
    figures = period_figures(sa, sb)
    if figures is None:
        return []  # (two day plans, or two night plans: the rows above say it)
    t = pick(_TEXT, language)
    rows = []
    for key, name, shown, change in (
            ("covered_share", "share", lambda v: _lang.percent(v, 1, language),
             lambda d: _signed_pp(d, language)),
            ("covered_population", "population", lambda v: _lang.number(v, 0, language),
             lambda d: _signed(d, language, digits=0))):
        for period in ("day", "night"):
            va, vb = (f[f"{key}_{period}"] for f in figures)
            rows.append((t[f"{name}:{period}"], "–" if va is None else shown(va),
                         "–" if vb is None else shown(vb),
                         "–" if va is None or vb is None else change(vb - va)))
    return rows


def period_figures(sa: Mapping[str, Any], sb: Mapping[str, Any]
                   ) -> tuple[dict[str, float | None], dict[str, float | None]] | None:
    """A's and B's ``covered_share_day``, ``_night`` and ``covered_population_day``, ``_night``.

    Each plan's own where it counts the period, else its cameras counted then (a day plan's at
    night: ``covered_share_night``, ...), else ``None``. ``None`` in all for two day plans or two night plans (their own figures say it).
    """
    shares = (summary_night_share(sa), summary_night_share(sb))
    if None in shares or (shares[0] == shares[1] and shares[0] in (0.0, 1.0)):
        return None

    def figure(s: Mapping[str, Any], share: float | None, key: str, period: str
               ) -> float | None:
        if share == (1.0 if period == "night" else 0.0):
            return s.get(key)
        return s.get(f"{key}_{period}")

    a, b = ({f"{key}_{period}": figure(s, v, key, period)
             for key in ("covered_share", "covered_population") for period in ("day", "night")}
            for s, v in zip((sa, sb), shares, strict=True))
    return a, b


def _privacy_rows(a: Plan, b: Plan, language: str,
                  registers: tuple[pd.DataFrame, pd.DataFrame] | None = None
                  ) -> list[tuple[str, str, str, str]]:
    """What the new cameras see of homes at the privacy rule's level: A, B and B − A.

    As each plan's ``report.md`` counts them: the new cameras that see a privacy zone at
    ``privacy_min_level`` or better (from its camera register), and the zones' m² and the homes
    whose façades they see there, all together, each once
    (:func:`~planner._report_register.privacy_in_all`; the register's sums count what two
    cameras see twice). The price of dropping the privacy exclusion or making
    it a penalty, beside the coverage it buys (the comparison had shown the coverage only, the
    91 cameras that look into homes with ``privacy = "off"`` were in ``b/report.md`` alone).
    None where neither plan has privacy zones or neither plan's new cameras see one. ``–`` for
    the cameras and m² of a plan without privacy zones, and for their B − A: its cameras see
    none because it has none (a plan of the same cameras without ``data.privacy_zones`` had
    read "0", "−1" beside the plan with them).
    """
    if not (len(a.privacy_zones) or len(b.privacy_zones)):
        return []
    seen = [tuple(privacy_seen(plan, register).values())
            for plan, register in zip((a, b), registers or (None, None), strict=True)]
    if not seen[0][0] and not seen[1][0]:
        return []
    # (the m² and homes all together, each once, as each plan's report.md gives them first:
    # the register's sums, which count what two cameras see twice, had stood here)
    together = [privacy_in_all(plan) for plan in (a, b)]
    seen = [(n, float(t["privacy_zone_m2_at_privacy_level"]),
             int(t["residential_facades_at_privacy_level"]))
            for (n, _, _), t in zip(seen, together, strict=True)]
    t = pick(_TEXT, language)
    la, lb = (_lang.level(str(p.summary.get("privacy_min_level", "observe")), language)
              for p in (a, b))
    level = la if la == lb else t["privacy levels"].format(a=la, b=lb)
    whole = lambda v: _lang.number(v, 0, language)  # noqa: E731
    (na, ma, fa), (nb, mb, fb) = seen
    zones = len(a.privacy_zones) > 0, len(b.privacy_zones) > 0

    def row(label: str, va: float, vb: float, digits: int) -> tuple[str, str, str, str]:
        sa, sb = (_lang.number(v, digits, language) if known else "–"
                  for v, known in ((va, zones[0]), (vb, zones[1])))
        return (label, sa, sb, _signed(vb - va, language, digits=digits) if all(zones) else "–")

    return [row(t["privacy cameras"].format(level=level), na, nb, 0),
            row(t["privacy m2"], ma, mb, 1),
            (t["privacy facades"], whole(fa), whole(fb), _signed(fb - fa, language, digits=0))]


def _budget_row(row: tuple[str, str, str, str], sa: Mapping[str, Any], sb: Mapping[str, Any],
                language: str) -> tuple[str, str, str, str]:
    """The budget row with excl./incl. VAT as each plan's report.md says it beside the budget.

    In the label where both sides say the same (``Budget (SEK, excl. VAT)``), beside each amount
    where they differ; as it was where neither says (a plan made by hand).
    """
    t = pick(_TEXT, language)
    va, vb = vat_words(sa, language), vat_words(sb, language)
    label, a, b, change = row
    if va == vb:
        return (t["budget vat"].format(vat=va) if va else label), a, b, change
    return (label, f"{a} ({va})" if va else a, f"{b} ({vb})" if vb else b, change)


def _both(sa: Mapping[str, Any], sb: Mapping[str, Any], key: str) -> bool:
    """Both summaries give ``key`` a number."""
    return all(pd.api.types.is_number(s.get(key)) and not pd.isna(s[key]) for s in (sa, sb))
