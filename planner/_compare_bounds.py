"""Whether one side of a comparison provably asks a narrower question than the other (internal).

A comparison's range of the best plans' difference is ``[B's objective − A's bound, B's bound −
A's objective]``. Where every plan B may make A may make too, with the same objective, the best B
cannot be better than the best A, and the range ends at 0 at most: Katrineholm's ``#square``
(a camera required at a mount) had been given "−80.5 to +24.7", a gain no restriction can bring.

:func:`restriction` decides it from the two plans' ``summary.json`` (``settings`` and ``inputs``,
the data files by SHA-256), conservatively: every setting must be the same but those that change
no plan's question (:data:`FREE`, :data:`FREE_SECTIONS`) and those of :data:`NARROWER`, each of
which B may set only the narrowing way. Anything else that differs, a summary without settings
or without inputs (an older ``summary.json``, or ``{}``: not known to be the same data;
:func:`unrecorded_inputs` says which side, for the report's reason), or
``constraints.equity_mode = "maxmin"`` (its objective is the coverage kept at the best smallest
share, which a restriction may lower: then the coverage may rise), proves nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from planner._scenario_keys import _flatten

#: settings that change no plan's question (its feasible plans and objective): words, and how
#: the solver searches (its backend, time limit and gap stop it sooner or later; they do not
#: change the best plan)
FREE = ("name", "title", "description", "language")
FREE_SECTIONS = ("surveillance.", "solver.")


def _number(value: Any) -> float | None:
    return (float(value) if isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(float(value)) else None)


def _ids(value: Any) -> frozenset[str] | None:
    if value is None:
        return frozenset()
    if isinstance(value, list | tuple):
        return frozenset(str(v) for v in value)
    return None


def _at_most(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    return x is not None and y is not None and y <= x


def _at_least(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    return x is not None and y is not None and y >= x


def _more_ids(a: Any, b: Any) -> bool:
    x, y = _ids(a), _ids(b)
    return x is not None and y is not None and x <= y


#: the settings B may set the narrowing way, each how (A's value, B's value) -> narrower or the
#: same: a smaller budget (the costs are the same: every other budget key is); more mounts
#: required a camera (``required_groups``: a constraint added) or excluded one (options taken
#: out); a higher equity share (each area's share a constraint, ``equity_mode = "hard"``); more
#: existing cameras taken down (only without a spacing rule: :func:`restriction`)
NARROWER: dict[str, Callable[[Any, Any], bool]] = {
    "budget.total_sek": _at_most,
    "constraints.require_sites": _more_ids,
    "constraints.exclude_sites": _more_ids,
    "constraints.equity_min_share": _at_least,
    "constraints.remove_existing": _more_ids,
}


def _recorded(inputs: Any) -> bool:
    """Whether a summary's ``inputs`` names its data files (none: an older or hand-made plan)."""
    return isinstance(inputs, Mapping) and bool(inputs)


def _same_inputs(a: Any, b: Any) -> bool:
    """The same data files by content (``summary.json``'s ``inputs``, SHA-256 each).

    Never where a side records none (``{}`` on both had been taken for the same data).
    """
    if not _recorded(a) or not _recorded(b) or set(a) != set(b):
        return False
    for key in a:
        fa, fb = a[key], b[key]
        if not (isinstance(fa, Mapping) and isinstance(fb, Mapping)):
            return False
        digest = fa.get("sha256")
        if not digest or digest != fb.get("sha256"):
            return False
    return True


def restriction(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any]
                ) -> tuple[str, ...] | None:
    """The keys by which B's question narrows A's; ``()`` for the same question; else ``None``.

    Every plan B may make is one A may make, with the same objective, where the data files are
    the same bytes and each setting is the same, one of :data:`FREE` or :data:`FREE_SECTIONS`,
    or one of :data:`NARROWER` set the narrowing way in B. An existing camera taken down
    (``constraints.remove_existing``) narrows only without a spacing rule: an existing camera
    counts nothing against the budget (its running costs are its owner's, ``cost_sek`` 0) and
    its mount gets no new camera, but the spacing rule keeps A's new cameras away from it, where
    B may put one (``constraints.min_spacing_m`` > 0: no claim).
    """
    if not _same_inputs(summary_a.get("inputs"), summary_b.get("inputs")):
        return None
    return _settings_restriction(summary_a, summary_b)


def unrecorded_inputs(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any]) -> str | None:
    """Which side records no data files where only that keeps a range from its cap at 0.

    ``"a"``, ``"b"`` or ``"both"`` where a summary has no ``inputs`` (or an empty one) and the
    settings alone would nest the two questions (:func:`restriction` with the data taken as the
    same): the report says why the range is not capped. ``None`` otherwise.
    """
    missing = [side for side, s in (("a", summary_a), ("b", summary_b))
               if not _recorded(s.get("inputs"))]
    if not missing or (_settings_restriction(summary_a, summary_b) is None
                       and _settings_restriction(summary_b, summary_a) is None):
        return None
    return missing[0] if len(missing) == 1 else "both"


def _settings_restriction(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any]
                          ) -> tuple[str, ...] | None:
    """:func:`restriction` by the settings alone, the data files taken as the same."""
    sa, sb = summary_a.get("settings"), summary_b.get("settings")
    if not isinstance(sa, Mapping) or not isinstance(sb, Mapping):
        return None
    fa, fb = _flatten(sa), _flatten(sb)
    keys: list[str] = []
    for key in sorted(set(fa) | set(fb)):
        if key in FREE or key.startswith(FREE_SECTIONS):
            continue
        va, vb = fa.get(key), fb.get(key)
        if va == vb or (key in NARROWER and _ids(va) is not None and _ids(va) == _ids(vb)):
            continue
        if key not in NARROWER or not NARROWER[key](va, vb):
            return None
        keys.append(key)
    if not keys:
        return ()
    # (the coverage kept at the best smallest share: a narrower question may lower that share,
    # and then the coverage may rise)
    if fa.get("constraints.equity_mode", "hard") != "hard":
        return None
    spacing = _number(fa.get("constraints.min_spacing_m", 0.0))
    if "constraints.remove_existing" in keys and spacing != 0.0:
        return None
    return tuple(keys)
