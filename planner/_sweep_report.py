"""A budget sweep's report: ``report.md`` and ``curve.png``.

:func:`sweep_markdown` writes the one, :func:`plot_curve` draws the other. Their phrases are
the ``_lang`` table ``sweep`` (:mod:`planner._sweep_text`), which
:func:`planner.sweep.write_sweep` heads the sheets of ``curve.xlsx`` with too.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from planner import _lang
from planner._chart import axis_label, frame_axes, scenario_title, word_ticks
from planner._day_night import night_share, scenario_time
from planner._lang import pick
from planner._stage_text import million
from planner._sweep_run import NO_PLAN
from planner._sweep_text import _TEXT

if TYPE_CHECKING:
    from planner.sweep import SweepResult


def _when(result: SweepResult) -> str | None:
    """When the sweep's coverage holds: ``"night"``, ``"mixed"`` or ``None`` (by day)."""
    when = scenario_time(result.scenario)
    return None if when == "day" else when


def _apart(result: SweepResult) -> tuple[list[str], str, str | None]:
    """The curve's shares by period, the table's header and the other period's sentence.

    A mixed sweep's by day and at night (its own, weighted in ``covered_share``); a day sweep's
    at night and a night sweep's by day, with ``"night"`` or ``"day"`` for the sentence that
    says they are the same cameras as they stand. A curve without them (made by hand) has
    neither.
    """
    c, when = result.curve, _when(result)
    if when == "mixed" and {"covered_share_day", "covered_share_night"} <= set(c.columns):
        return ["covered_share_day", "covered_share_night"], "curve header:periods", None
    if when == "mixed":  # (a hand-made curve without them had raised KeyError)
        return [], "curve header", None
    other = "day" if when == "night" else "night"
    if f"covered_share_{other}" not in c:
        return [], "curve header:night" if when == "night" else "curve header", None
    return ([f"covered_share_{other}"],
            "curve header:night+day" if when == "night" else "curve header:day+night", other)


def _below(result: SweepResult) -> list[str]:
    """The paragraph under a section's heading saying when its figures hold (none by day)."""
    when = _when(result)
    if when is None:
        return []
    share = night_share(result.scenario)
    language = result.scenario.language
    return [pick(_TEXT, language)[f"below:{when}"].format(
        day=_lang.percent(1 - share, 0, language), night=_lang.percent(share, 0, language)), ""]


def plot_curve(result: SweepResult, path: str | Path) -> None:
    """Plot covered population and covered share against budget into a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = pick(_TEXT, result.scenario.language)
    # every budget, those without a plan empty: a gap in the lines, not a zero (the lines had
    # joined the plans on either side of it)
    c = result.curve
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    ax.plot(c["budget_sek"] / 1e6, c["covered_population"].astype(float), marker="o",
            color="#1f5fa8", label=t["plot population"])
    for i, budget in enumerate(result.without_plan()["budget_sek"]):
        ax.axvline(budget / 1e6, color="#888888", linestyle=":", linewidth=1.2,
                   label=t["plot no plan"] if i == 0 else None)
    when = _when(result)
    when = t[f"plot when:{when}"] if when else ""
    frame_axes(ax, t["plot x"], t["plot y"].format(when=when),
               t["plot title"].format(name=scenario_title(result.scenario)))
    # the share on an axis of its own, drawn: scaled to the population axis it was off for
    # several areas (share weighs demand, population counts people: 5.97 % read for 6.40 %)
    right = ax.twinx()
    # the shares by period beside (report.md's table's): a day sweep's cameras at night, a
    # night sweep's by day, a mixed sweep's two (the memo's night had been in no figure). With
    # them on the axis, each line says when it holds, not the axis (a night sweep's axis had
    # said "at night" above its line by day)
    columns, _, other = _apart(result)
    right.plot(c["budget_sek"] / 1e6, 100 * c["covered_share"].astype(float), marker="s",
               linestyle="--", color="#c0392b",
               label=t["plot share"] + (when if columns else ""))
    for column, colour in zip(columns, ("#e67e22", "#6c3483"), strict=False):
        right.plot(c["budget_sek"] / 1e6, 100 * c[column].astype(float), marker=".",
                   linestyle=":", color=colour,
                   label=t[f"plot other:{other}" if other else f"plot {column}"])
    right.set_ylabel(axis_label(t["plot y share"].format(when="" if columns else when)))
    right.set_ylim(bottom=0)
    # top left, over the low budgets, where a curve rising from low leaves it free (the lower
    # right had lain over a day sweep's line at night); lower right where the curve starts high
    population = c["covered_population"].astype(float).dropna()
    high = len(population) and population.iloc[0] > 0.6 * max(population.max(), 1e-9)
    fig.legend(loc="lower right" if high else "upper left",
               bbox_to_anchor=(0.88, 0.16) if high else (0.11, 0.86), fontsize=8)
    word_ticks([ax, right], result.scenario.language)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _step_from_today(result: SweepResult) -> pd.DataFrame:
    """The step from today's coverage to the first budget with a plan, as a row of the marginal.

    Today's covered population is what the existing cameras cover (graded as the curve's: each
    area's population times its covered share before), the same in every plan of the sweep.
    Empty without a plan.
    """
    c = result.feasible()
    if not len(result.plans) or not len(c):
        return pd.DataFrame(columns=["from_sek", "to_sek", "covered_population_gain",
                                     "per_million_sek"])
    areas = result.areas()
    today = float(areas.loc[areas["budget_sek"] == 0, "covered_population"].sum())
    first = c.iloc[0]
    gain = float(first["covered_population"]) - today
    budget = float(first["budget_sek"])
    return pd.DataFrame({"from_sek": [0.0], "to_sek": [budget],
                         "covered_population_gain": [gain],
                         "per_million_sek": [gain / budget * 1e6 if budget > 0 else math.nan]})


def time_limited(curve: pd.DataFrame, language: str | None = None) -> str | None:
    """The budgets of ``curve`` whose search the time limit ended, in a sentence; else None.

    ``report.md`` gives it under the curve's table and ``planner sweep`` under the table it
    prints: their plans may differ on another machine, where the others reproduce.
    """
    limited = curve.loc[curve["stopped_by"] == "time limit", "budget_sek"]
    if limited.empty:
        return None
    # (apart by semicolons: "3,000,000, 5,000,000" reads as one number)
    return pick(_TEXT, language)["time limited:one" if len(limited) == 1 else "time limited"].format(
        budgets="; ".join(_lang.number(b, 0, language) for b in limited))


def sweep_markdown(result: SweepResult) -> str:
    """The sweep report: the curve and what each further million SEK buys."""
    from planner.report import md_text

    language = result.scenario.language
    t = pick(_TEXT, language)
    c = result.curve
    maxmin = result.scenario.constraints.equity_mode == "maxmin"
    # the shares by period beside the covered share: a mixed plan's by day and at night, a day
    # plan's at night, a night plan's by day (the same cameras as they stand)
    apart_cols, header, other = _apart(result)
    # (and the other period's covered population beside its share, as a rollout's table gives
    # them: a day sweep's night had been a share only)
    # (the header names it: a curve without it, made by hand or before it, gives a dash, the
    # row had been a cell short of its header)
    if other is not None:
        apart_cols = [*apart_cols, f"covered_population_{other}"]
        if apart_cols[-1] not in c:
            c = c.assign(**{apart_cols[-1]: float("nan")})
    lines = [
        t["title"].format(name=md_text(scenario_title(result.scenario))),
        "",
        t["scenario"].format(name=md_text(result.scenario.name)),
        "",
        # (the first step's gain and an area's loss from today had been unexplained where a
        # camera is taken down: today's coverage has it, no plan does)
        *([t["taken down"].format(sites=", ".join(md_text(site) for site in gone)), ""]
          if (gone := result.scenario.constraints.remove_existing) else []),
        *([t["replaced"].format(sites=", ".join(md_text(site) for site in swapped)), ""]
          if (swapped := result.scenario.constraints.replace_existing) else []),
        t["image"],
        "",
        t[header],
        "|---:|---:|---:|---:|---:|" + "---:|" * len(apart_cols) + "---|---:|",
    ]
    cols = [
        "budget_sek",
        "spent_sek",
        "n_cameras_new",
        "covered_population",
        "covered_share",
        "status",
        "gap",
    ]
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    pct = lambda v, digits=1: _lang.percent(v, digits, language)  # noqa: E731
    cell = lambda v, column: ("–" if pd.isna(v)  # noqa: E731
                              else num(v) if column.startswith("covered_population")
                              else pct(v))
    # (by day and at night: the evening plan's weighted share alone had not said either)
    apart = (c[apart_cols].itertuples(index=False, name=None) if apart_cols
             else [()] * len(c))
    for (budget, spent, n_new, population, share, status, gap), stopped, when in zip(
            c[cols].itertuples(index=False, name=None), c["stopped_by"], apart, strict=True):
        if status in NO_PLAN:
            lines.append(f"| {num(budget)} | – | – | – | – | " + "– | " * len(apart_cols)
                         + f"{_lang.status(status, language)} | – |")
            continue
        word = _lang.status(status, language)
        if stopped == "time limit":
            word = t["status time limit"].format(status=word)
        lines.append(
            f"| {num(budget)} | {num(spent)} | {n_new} | {num(population)} | "
            f"{pct(share)} | {''.join(f'{cell(v, column)} | ' for v, column in zip(when, apart_cols, strict=True))}"
            f"{word} | {pct(gap, 2)} |"
        )
    if other is not None:
        lines += ["", t[f"other:{other}"]]
    if (limited := time_limited(c, language)) is not None:
        lines += ["", limited]
    lines += _money_markdown(result)
    if result.infeasible:
        lines += ["", *no_plan_lines(result, md_text)]
    m = result.marginal()
    # the step from today's coverage (the existing cameras, 0 SEK) to the first budget: often
    # the steepest, and had been left out ("the steepest step is from 1,000,000 to 2,000,000")
    today = _step_from_today(result)
    steps = (m if not len(today) else today if not len(m)
             else pd.concat([today, m], ignore_index=True))
    lines += [
        "",
        t["next million"],
        "",
        *_below(result),
        t["marginal header"],
        "|---:|---:|---:|---:|",
    ]
    for r in steps.itertuples(index=False):
        start = t["today"] if r.from_sek == 0 else num(r.from_sek)
        lines.append(
            f"| {start} | {num(r.to_sek)} | {num(r.covered_population_gain)} | "
            f"{num(r.per_million_sek)} |"
        )
    gains = steps[steps["per_million_sek"] > 0]
    if len(gains):
        at = int(gains["per_million_sek"].to_numpy().argmax())
        best = gains.iloc[at]
        key = "steepest first" if best.from_sek == 0 else "steepest"
        lines += [
            "",
            t[key].format(start=num(best.from_sek), stop=num(best.to_sek),
                          gain=num(best.per_million_sek)),
        ]
        last = steps.iloc[-1]
        if len(steps) > 1 and gains.index[at] != steps.index[-1] and last.per_million_sek > 0:
            # (what a further million buys at the top of the range: the decision's other end)
            lines[-1] += " " + t["last"].format(start=num(last.from_sek), stop=num(last.to_sek),
                                                gain=num(last.per_million_sek))
    falls = m[m["covered_population_gain"] < 0]
    if len(falls):
        # (a loss had been reported as the steepest step: "-70,329 more people covered")
        fallen = ", ".join(t["step"].format(start=num(r.from_sek), stop=num(r.to_sek))
                           for r in falls.itertuples(index=False))
        lines += ["", t["falls"].format(steps=fallen, maxmin=t["maxmin"] if maxmin else "")]
    lines += _areas_markdown(result)
    return "\n".join(lines) + "\n"


def no_plan_lines(result: SweepResult, text: Callable[[str], str] = str, *,
                  console: bool = False) -> list[str]:
    """Why each budget without a plan has none: a heading, a blank line, a line per budget.

    In the scenario's language (:func:`_reason`); ``text`` writes each reason (``report.md``:
    Markdown's escapes), ``console`` as :func:`planner._lang.number`'s (``planner sweep``
    prints them under its table). Empty where every budget has a plan.
    """
    if not result.infeasible:
        return []
    language = result.scenario.language
    t = pick(_TEXT, language)
    heading = t["no plan found" if "time limit" in result.requirements else "no plan"]
    return [heading, "", *(
        t["no plan at"].format(budget=_lang.number(budget, 0, language, console=console),
                               reason=text(reason))
        for budget, reason in no_plan_reasons(result))]


def no_plan_reasons(result: SweepResult) -> list[tuple[float, str]]:
    """Each budget without a plan and why, in the scenario's language (:func:`_reason`)."""
    language = result.scenario.language
    # (without the scenario's path, as the command line gave it: the report had carried the
    # machine's folders, and differed between two of them)
    where = f"{result.scenario.source or 'scenario'}: "
    requirements = result.requirements or ("",) * len(result.infeasible)
    return [(float(budget), _reason(result, budget, requirement, language)
             or reason.removeprefix(where))
            for (budget, reason), requirement in zip(result.infeasible, requirements,
                                                     strict=True)]


def _reason(result: SweepResult, budget: float, requirement: str, language: str) -> str | None:
    """Why ``budget`` has no plan, in ``language``, for the common reasons; ``None`` otherwise.

    An equity share not reachable within the budget (``equity_budget``) and required sites whose
    cheapest cameras the budget does not afford (``required_groups_budget``). A Swedish report had
    given them in English, the error's words; English keeps the error's message, which names
    the areas short or the cameras' costs as well, and so does every language for a reason
    without a phrase.
    """
    t = pick(_TEXT, language)
    if requirement == "time limit":  # (the error's words name the rule the start missed)
        return (None if language == _lang.LANGUAGES[0] else t["reason:time limit"].format(
            seconds=_lang.plain(result.scenario.solver.time_limit_s, language)))
    if language == _lang.LANGUAGES[0]:
        return None
    c = result.scenario.constraints
    amount = _lang.number(budget, 0, language)
    if requirement == "equity_budget":
        return t["reason:equity_budget"].format(
            share=f"{c.equity_min_share:g}", budget=amount,
            fix=t["reason:fix maxmin" if c.equity_mode == "maxmin" else "reason:fix"])
    if requirement == "required_groups_budget" and c.require_sites:
        many = "many" if len(c.require_sites) > 1 else "one"
        b = result.scenario.budget
        years = (t["reason:years:one" if b.horizon_years == 1 else "reason:years:many"].format(
                     n=_lang.plain(b.horizon_years, language))
                 if b.include_yearly_costs and b.horizon_years > 0 else "")
        return t[f"reason:required_groups_budget:{many}"].format(
            sites=", ".join(c.require_sites), budget=amount, years=years)
    return None


def _money_markdown(result: SweepResult) -> list[str]:
    """The report's table of what each plan spends: investment and running costs.

    (The curve had given the amount spent alone, investment and five years' running costs in
    one figure, where a municipality's budget keeps them apart.)
    """
    from planner._cost_text import budget_terms

    language = result.scenario.language
    t = pick(_TEXT, language)
    if not result.plans:
        return []
    num = lambda v: _lang.number(v, 0, language)  # noqa: E731
    terms = budget_terms(result.plans[0].summary, language) or ""
    lines = ["", t["money"].format(terms=terms), "", t["money header"], "|---:|---:|---:|---:|---:|"]
    for plan in result.plans:
        s = plan.summary
        lines.append(f"| {num(s['budget_sek'])} | {num(s['investment_sek'])} | "
                     f"{num(s['yearly_sek'])} | {num(s['yearly_over_horizon_sek'])} | "
                     f"{num(s['spent_sek'])} |")
    return lines


#: How many areas each step of the sweep's report names (those that gain most).
AREAS_PER_STEP = 3


def _areas_markdown(result: SweepResult) -> list[str]:
    """The report's section per area: covered share at each budget, who gains most per step.

    A coordinator's question, what 10 MSEK buys beside 8 and where, had no answer in the sweep:
    its tables were the whole town's.
    """
    from planner.report import md_text

    language = result.scenario.language
    t = pick(_TEXT, language)
    table = result.areas()
    if not len(table):
        return []
    budgets = sorted(table["budget_sek"].unique())
    wide = table.pivot(index="area_id", columns="budget_sek", values="covered_share")
    first = table[table["budget_sek"] == 0]
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    num = lambda v, digits=0: _lang.number(v, digits, language)  # noqa: E731
    lines = ["", t["areas"], "", *_below(result), t["areas intro"], "",
             t["areas head"] + "".join(f" {million(b, language)} |" for b in budgets[1:]),
             "|---|---:|" + "---:|" * len(budgets)]
    for r in first.itertuples(index=False):
        lines.append(f"| {md_text(r.name)} ({md_text(r.area_id)}) | {num(r.priority, 2)} | "
                     + " | ".join(pct(wide.at[r.area_id, b]) for b in budgets) + " |")
    lines += ["", t["areas steps"], ""]
    for before, after in itertools.pairwise(budgets):
        step = table[table["budget_sek"] == after].set_index("area_id")
        share = step["covered_share"] - wide.loc[step.index, before]
        gains = step[step["covered_population_gain"] > 0].sort_values(
            "covered_population_gain", ascending=False, kind="stable").head(AREAS_PER_STEP)
        named = ", ".join(t["areas gain"].format(
            name=md_text(g["name"]), area_id=md_text(area_id), gain=num(g["covered_population_gain"]),
            share=_lang.signed(100 * share[area_id], 1, language),
            priority=num(g["priority"], 2)) for area_id, g in gains.iterrows()) or t["areas none"]
        lose = int((step["covered_population_gain"] < 0).sum())
        start = t["areas today"] if before == 0 else million(before, language)
        lines.append(t["areas step"].format(
            start=start, stop=million(after, language), areas=named,
            lose=t["areas lose:one" if lose == 1 else "areas lose:many"].format(n=lose)
            if lose else ""))
    found = sum(p.summary["status"] != "optimal" for p in result.plans)
    if found:
        lines += ["", t["areas found:none" if found == len(result.plans) else "areas found:some"]]
    return lines
