"""What the solver establishes about two plans' objectives: B's minus A's, and its range.

:class:`ObjectiveDifference` holds each plan's objective, proven bound, gap and status from
its ``summary.json`` (:func:`objective_difference`), the range in which the best possible B
minus the best possible A lies and whether it excludes 0; :func:`difference_verdict`,
:func:`difference_line` (what ``compare`` prints) and :func:`difference_html` (the comparison
map's panel) say it in English or Swedish. Public through :mod:`planner._map_diff`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from planner import _lang
from planner._lang import pick
from planner._map_diff_text import TEXT
from planner._map_html import esc, table

#: Objectives (and bounds) this close, relative to the larger and at least 1, are the same: the
#: optimiser's own tolerance for a proof (``planner.optimize.OPTIMAL_RGAP``).
SAME_OBJECTIVE_RTOL = 1e-6


@dataclass(frozen=True)
class ObjectiveDifference:
    """What the solver establishes about B's objective minus A's.

    Each plan's objective lies at or below its proven bound, as does the best plan's for its
    scenario: the best possible B minus the best possible A lies in ``[low, high]`` =
    ``[objective_b - bound_a, bound_b - objective_a]``. Where that range holds 0 the solver has
    not established which is better (Katrineholm's ``#equity``: plan B 101.6 below A, the range
    -140.9 to 0.0, +1.8 before :attr:`high`'s cap: the equity rule may cost about nothing).
    ``status_*`` and ``gap_*`` are the
    plans' ``summary.json`` values.
    """

    objective_a: float
    bound_a: float
    gap_a: float
    status_a: str
    objective_b: float
    bound_b: float
    gap_b: float
    status_b: str
    #: the keys by which B's question provably narrows A's (``()``: the same question), and A's
    #: B's (:func:`planner._compare_bounds.restriction`); ``None``: not provable
    narrower_b: tuple[str, ...] | None = None
    narrower_a: tuple[str, ...] | None = None
    #: the side whose summary records no data files (``"a"``, ``"b"``, ``"both"``) where only
    #: that keeps the range from its cap (:func:`planner._compare_bounds.unrecorded_inputs`)
    unrecorded: str | None = None
    #: the side that is given cameras scored as they are (``"a"``, ``"b"``, ``"both"``: status
    #: ``evaluated``, ``planner evaluate``/``compare --cameras-b``): its objective stands for
    #: its bound, the question it answers being these cameras alone
    given: str | None = None

    @property
    def change(self) -> float:
        """B's objective minus A's: of the two plans found."""
        return self.objective_b - self.objective_a

    @property
    def low(self) -> float:
        """The least the best possible B minus the best possible A can be.

        At least 0 where A's question narrows B's (:attr:`narrower_a`).
        """
        low = self.objective_b - self.bound_a
        return max(low, 0.0) if self.narrower_a is not None else low

    @property
    def high(self) -> float:
        """The most the best possible B minus the best possible A can be.

        At most 0 where B's question narrows A's (:attr:`narrower_b`): Katrineholm's
        ``#square``, a camera required, had been given "−80.5 to +24.7".
        """
        high = self.bound_b - self.objective_a
        return min(high, 0.0) if self.narrower_b is not None else high

    @property
    def settled(self) -> bool:
        """The range excludes 0, or is 0 to 0: the best plans' difference is known (none).

        A narrower B whose plan reaches A's proven optimum: the difference of the best plans is
        0, not "not established".
        """
        return self.established or (abs(self.low) <= self.tolerance
                                    and abs(self.high) <= self.tolerance)

    @property
    def capped(self) -> str | None:
        """Which end a narrower question moved to 0: ``"b"`` (the top), ``"a"``, ``"same"``."""
        if self.narrower_a == () and self.narrower_b == ():
            return "same"
        if self.narrower_b is not None and self.bound_b - self.objective_a > self.tolerance:
            return "b"
        if self.narrower_a is not None and self.objective_b - self.bound_a < -self.tolerance:
            return "a"
        return None

    @property
    def tolerance(self) -> float:
        """How close two objectives are the same (:data:`SAME_OBJECTIVE_RTOL`)."""
        return SAME_OBJECTIVE_RTOL * max(1.0, abs(self.bound_a), abs(self.bound_b))

    @property
    def proven(self) -> bool:
        """Both plans are proven optimal (their bounds at their objectives).

        A side given as it is (:attr:`given`) counts as its own optimum: beside a proven plan
        the difference is exact.
        """
        return (self.bound_a - self.objective_a <= self.tolerance
                and self.bound_b - self.objective_b <= self.tolerance)

    @property
    def established(self) -> bool:
        """Whether the range excludes 0: the solver has proven which plan is better."""
        return self.low > self.tolerance or self.high < -self.tolerance

    def range_key(self, key: str) -> str:
        """The phrase ``key`` of the best plans' range, as it reads for the sides compared.

        ``key`` where both sides are optimised ("best possible B − best possible A");
        ``key + " given a"`` or ``" given b"`` where that side is given cameras, whose own
        objective is its best ("B (given cameras) − best possible A"). Two given sides have no
        range to say: their difference is exact (:attr:`proven`).
        """
        return f"{key} given {self.given}" if self.given in ("a", "b") else key

    def row(self) -> dict[str, Any]:
        """The comparison's ``difference.csv`` row (a given side's bound empty: none was proven)."""
        bound_a = math.nan if self.given in ("a", "both") else self.bound_a
        bound_b = math.nan if self.given in ("b", "both") else self.bound_b
        return {"objective_a": self.objective_a, "bound_a": bound_a, "gap_a": self.gap_a,
                "status_a": self.status_a, "objective_b": self.objective_b,
                "bound_b": bound_b, "gap_b": self.gap_b, "status_b": self.status_b,
                "change": self.change, "change_low": self.low, "change_high": self.high,
                "established": self.established}


@dataclass(frozen=True)
class NoDifference:
    """Why two plans' summaries give no objective difference.

    ``reason``: ``"different periods"``, the two count the night differently
    (``coverage.night``, ``night_share``), or ``"different weights"``, they weight areas
    differently (both :func:`different_weights`: their objectives are in different units), or
    ``"no objective"``,
    one lacks a finite objective and bound (a plan made by hand). The keys of the comparison
    report's sentences (:mod:`planner._compare_text`).
    """

    reason: Literal["different periods", "different weights", "no objective"]


def objective_difference(summary_a: Any,
                         summary_b: Any) -> ObjectiveDifference | NoDifference:
    """The objective difference of two plans' summaries, or why they have none.

    :class:`NoDifference` where the two weight areas differently, checked first, and without a
    finite objective and bound in each: the callers say why from it (they had asked
    :func:`different_weights` again after a bare ``None``).
    """
    from planner._day_night import different_periods

    if different_periods(summary_a, summary_b):
        return NoDifference("different periods")
    if different_weights(summary_a, summary_b):
        return NoDifference("different weights")
    values = []
    given = [str(s.get("status", "")) == "evaluated" for s in (summary_a, summary_b)]
    for summary, fixed in zip((summary_a, summary_b), given, strict=True):
        try:
            objective = float(summary["objective"])
            # (given cameras are their own best: the question is these cameras alone)
            bound = objective if fixed else float(summary["bound"])
        except (KeyError, TypeError, ValueError):
            return NoDifference("no objective")
        if not (math.isfinite(objective) and math.isfinite(bound)):
            return NoDifference("no objective")
        gap = summary.get("gap")
        values.append((objective, max(bound, objective),
                       float(gap) if isinstance(gap, (int, float)) else math.nan,
                       str(summary.get("status", ""))))
    (oa, ba, ga, sa), (ob, bb, gb, sb) = values
    from planner._compare_bounds import restriction, unrecorded_inputs

    side = {(True, True): "both", (True, False): "a", (False, True): "b"}.get(
        (given[0], given[1]))
    if side is not None:  # (a given plan is no question of its own: no restriction applies)
        return ObjectiveDifference(oa, ba, ga, sa, ob, bb, gb, sb, given=side)
    # (where one side's question provably narrows the other's, its best cannot be better)
    return ObjectiveDifference(oa, ba, ga, sa, ob, bb, gb, sb,
                               narrower_b=restriction(summary_a, summary_b),
                               narrower_a=restriction(summary_b, summary_a),
                               unrecorded=unrecorded_inputs(summary_a, summary_b))


def different_weights(summary_a: Any, summary_b: Any) -> bool:
    """Whether two plans' objectives weight demand differently.

    Areas (``demand.area_factors``), or the day and the night (``coverage.night``,
    ``coverage.night_share``: a day plan's objective is coverage by day, a night plan's at
    night, :func:`planner._day_night.different_periods`).
    """
    from planner._day_night import different_periods

    if different_periods(summary_a, summary_b):
        return True

    def factors(summary: Any) -> dict[str, float]:
        demand = ((summary or {}).get("settings") or {}).get("demand") or {}
        return {str(k): float(v) for k, v in (demand.get("area_factors") or {}).items()
                if float(v) != 1.0}

    return factors(summary_a) != factors(summary_b)


def _signed(value: float, language: str | None, console: bool = False, digits: int = 1) -> str:
    """``+1.8``, ``-140.7``, ``0.0`` (no "-0.0"), grouped as ``language`` writes numbers."""
    return _lang.signed(value, digits, language, console=console)


def difference_verdict(d: ObjectiveDifference, language: str | None = None) -> str:
    """Whether the solver has established the difference, in a sentence."""
    t = pick(TEXT, language)
    if d.given == "both":
        return t["given both"]
    if d.given is not None:
        verdict = (t["given exact"] if d.proven else t["established"] if d.established
                   else t[d.range_key("not_established")])
        return f"{t['given ' + d.given]} {verdict}"
    if d.proven:
        return t["proven"] if d.established else t["proven_same"]
    capped = d.capped
    if capped == "same":
        return t["same question"]
    verdict = (t["established"] if d.established else t["zero"] if d.settled
               else t["not_established"])
    if d.unrecorded is not None:  # (no cap: the data is not known to be the same)
        verdict = f"{t['unrecorded ' + d.unrecorded]} {verdict}"
    if capped is None:
        return verdict
    keys = ", ".join((d.narrower_b if capped == "b" else d.narrower_a) or ())
    return f"{t['narrower ' + capped].format(keys=keys)} {verdict}"


def difference_line(d: ObjectiveDifference, language: str | None = None, *,
                    console: bool = False) -> str:
    """One sentence on the objective difference and, unless both plans are proven, its range.

    Plain text (numbers only from the plans): ``compare`` prints it, ``console`` as
    :func:`planner._lang.number`'s.
    """
    t = pick(TEXT, language)
    text = t["line"].format(change=_signed(d.change, language, console))
    if not d.proven:
        base = abs(d.objective_a) if d.objective_a else math.nan
        share = lambda v: (_signed(100.0 * v / base, language, console, 2) + " %"  # noqa: E731
                           if base == base else "–")
        text += t[d.range_key("line_range")].format(low=_signed(d.low, language, console),
                                       high=_signed(d.high, language, console),
                                       low_pct=share(d.low), high_pct=share(d.high))
    return f"{text}. {difference_verdict(d, language)}"


def difference_html(d: ObjectiveDifference, language: str | None = None) -> str:
    """The comparison map's panel on the objective difference (escaped).

    Each plan's objective and proven bound, B minus A, and where a plan is not proven the range
    of the best plans' difference, with whether it holds 0 (then plainly: not established).
    """
    t = pick(TEXT, language)
    number = lambda v: _lang.number(v, 1, language)  # noqa: E731
    def plan(objective: float, bound: float, given: bool = False) -> str:
        if given:
            return t["given"].format(objective=number(objective))
        if bound - objective <= d.tolerance:
            return t["optimal"].format(objective=number(objective))
        return t["at_most"].format(objective=number(objective), bound=number(bound))

    rows = [(t["objective_a"], plan(d.objective_a, d.bound_a, d.given in ("a", "both"))),
            (t["objective_b"], plan(d.objective_b, d.bound_b, d.given in ("b", "both"))),
            (esc(t["change_found"]), _signed(d.change, language))]
    if not d.proven:
        rows.append((esc(t[d.range_key("change_range")]), t["range"].format(
            low=_signed(d.low, language), high=_signed(d.high, language))))
    kind = "note" if d.settled or d.proven else "warn"  # (proven: exact, not a warning)
    return (f'<details open class="planner-summary planner-difference"><summary>'
            f'{esc(t["difference"])}</summary>{table(rows)}'
            f'<p class="{kind}">{esc(difference_verdict(d, language))}</p>'
            f'<p class="note">{esc(t["objective_note"])}</p></details>')
