"""The existing cameras a plan replaces and takes down, in words (internal).

One source for the map's summary panel and the line ``planner plan`` and ``planner compare``
print, in every language: the command line had imported it from the map's HTML module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from planner import _lang
from planner._lang import pick, texts
from planner._plan_types import new_cameras_on

TEXT = texts("existing", {
    "en": {
        "replaced_one": "{n} existing replaced", "replaced_many": "{n} existing replaced",
        "taken down_one": "{n} existing taken down", "taken down_many": "{n} existing taken down",
        "and taken down_one": "{n} taken down", "and taken down_many": "{n} taken down",
    },
    "sv": {
        "replaced_one": "{n} befintlig ersatt", "replaced_many": "{n} befintliga ersatta",
        "taken down_one": "{n} befintlig nedtagen", "taken down_many": "{n} befintliga nedtagna",
        "and taken down_one": "{n} nedtagen", "and taken down_many": "{n} nedtagna",
    },
})


def existing_gone(summary: Mapping[str, Any], language: str | None = None, *,
                  cameras: Any = None, console: bool = False) -> str:
    """The existing cameras the plan replaces and takes down, in words (not escaped).

    ``3 existing replaced, 3 taken down`` (Swedish ``3 befintliga ersatta, 3 nedtagna``), from
    ``constraints.replace_existing`` and ``remove_existing`` in ``summary.json``'s settings;
    ``""`` where it does neither. With the plan's ``cameras`` (``site_id``, ``existing``), a
    camera of ``replace_existing`` whose mount gets no new camera counts as taken down, as the
    comparison says it. Said beside the camera counts in the map's summary panel and the line
    ``plan`` prints (``console``: numbers grouped with a plain space, :func:`planner._lang.number`):
    "0 existing" had stood unexplained where the layer holds six.
    """
    t = pick(TEXT, language)
    rules = (summary.get("settings") or {}).get("constraints") or {}
    swapped = [str(site) for site in rules.get("replace_existing") or ()]
    if cameras is not None and len(swapped):
        counts = {"replaced": sum(bool(on) for on in new_cameras_on(cameras, swapped).values())}
    else:
        counts = {"replaced": len(swapped)}
    counts["taken down"] = (len(swapped) - counts["replaced"]
                            + len(rules.get("remove_existing") or ()))
    said: list[str] = []
    for phrase, n in counts.items():
        if n:
            said.append(_lang.counted(n, t, f"and {phrase}" if said else phrase).format(
                n=_lang.number(n, 0, language, console=console)))
    return ", ".join(said)
