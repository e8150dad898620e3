"""Whose an existing camera is: the sites layer's ``existing_owner`` (internal).

An existing camera is the municipality's own where its ``existing_owner`` names the scenario's
``[surveillance] operator``, compared without regard to case and to spaces around and between
words (``"Katrineholms  Kommun "`` is ``"Katrineholms kommun"``); nothing else counts as the
same owner (no abbreviation, no other spelling). Without an operator in the scenario, or without
an owner on the camera, no existing camera is the municipality's own: it is listed as kept in
its owner's record (the register, :mod:`planner._report_register`) and its running costs as its
owner's (``existing_yearly_own_sek``, :func:`planner._plan_assemble._money`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd


def owner_text(value: Any) -> str | None:
    """An ``existing_owner`` cell as its text, spaces trimmed; ``None`` for a blank one."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = " ".join(str(value).split())
    return text or None


def same_owner(owner: Any, operator: Any) -> bool:
    """Whether ``owner`` names ``operator`` (case and spaces aside); ``False`` if either is blank."""
    a, b = owner_text(owner), owner_text(operator)
    return a is not None and b is not None and a.casefold() == b.casefold()


def owners_of(site_ids: Iterable[Any], sites: pd.DataFrame) -> list[str | None]:
    """Each site's ``existing_owner`` (``None`` where blank, or the layer lacks the column)."""
    ids = list(site_ids)
    if "existing_owner" not in sites.columns or not len(sites):
        return [None] * len(ids)
    by_site = sites.drop_duplicates("site_id").set_index("site_id")["existing_owner"]
    return [owner_text(by_site.get(site)) for site in ids]
