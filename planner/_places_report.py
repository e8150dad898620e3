"""The public places of a plan (``data.places``) in its files: ``places.geojson``, ``report.md``.

Each place with its weight, the areas its demand points count in, its covered share before and
after (graded, as the areas') and in view, and the cameras that see it by their labels (``C012``).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from planner import _lang
from planner._lang import pick
from planner._places import camera_names
from planner._places_text import _TEXT
from planner._plan_types import Plan
from planner._report_markdown import _md_table, md_text

#: The columns of ``places.geojson`` (and of the report's table, less ``planned_weight``).
PLACE_COLUMNS = ("place_id", "name", "area_id", "weight", "planned_weight", "n_points",
                 "covered_share_before", "covered_share_after", "seen_share_after", "cameras")


def place_frame(plan: Plan) -> gpd.GeoDataFrame | None:
    """The plan's places with their cameras' labels (``places.geojson``); ``None`` without."""
    if plan.places is None:
        return None
    frame = plan.places.copy()
    frame["cameras"] = camera_names(frame, plan.camera_labels().to_dict())
    return gpd.GeoDataFrame(frame[[*PLACE_COLUMNS, frame.geometry.name]],
                            geometry=frame.geometry.name, crs=frame.crs)


def place_sheet(plan: Plan, language: str | None = None) -> tuple[str, pd.DataFrame] | None:
    """``plan.xlsx``'s sheet of the places (name and table, headed in ``language``); ``None``."""
    from planner.workbook import headers

    frame = place_frame(plan)
    if frame is None:
        return None
    t = pick(_TEXT, language)
    table = headers(pd.DataFrame(frame.drop(columns=frame.geometry.name)), language)
    return t["sheet"], table.rename(columns={c: t[f"col:{c}"]
                                             for c in ("place_id", "n_points", "cameras",
                                                       "planned_weight")})


def place_lines(plan: Plan, language: str | None = None) -> list[str]:
    """``report.md``'s section on the places: a table, and those left out or seen by none."""
    frame = place_frame(plan)
    if frame is None:
        return []
    t = pick(_TEXT, language)
    pct = lambda v: _lang.percent(v, 1, language)  # noqa: E731
    counted = frame["n_points"].to_numpy() > 0
    table = pd.DataFrame(frame.loc[counted, [c for c in PLACE_COLUMNS if c != "planned_weight"]])
    table["cameras"] = [c or t["none"] for c in table["cameras"]]
    table = table.rename(columns={c: t[f"col:{c}"] for c in ("place_id", "n_points", "cameras")})

    def listed(names: list[str]) -> str:
        return _lang.listed([md_text(n) for n in names], language)

    unseen = [str(n) for n, c, k in zip(frame["name"], frame["cameras"], counted, strict=True)
              if k and not c]
    left = [f"{n} ({i})" for n, i, k in zip(frame["name"], frame["place_id"], counted,
                                           strict=True) if not k]
    return [
        t["heading"], "", t["intro"], "",
        *([_md_table(table, {"weight": lambda v: _lang.number(float(v), 1, language),
                             "covered_share_before": pct, "covered_share_after": pct,
                             "seen_share_after": pct}, language), ""] if len(table) else []),
        *([t["unseen:one" if len(unseen) == 1 else "unseen:many"].format(
            places=listed(unseen)), ""] if unseen else []),
        *([t["left out"].format(places=listed(left)), ""] if left else []),
    ]
