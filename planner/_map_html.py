"""HTML pieces of the planner's maps: escaping, number formats and colours.

Every string that comes from data (area names, mount ids, model names, notes, scenario names) goes
through :func:`esc` before it is put into HTML. The HTML built here reaches the browser as a JSON
string inside a script (folium's ``tojson``) and is then set as ``innerHTML`` by Leaflet, so escaped
text shows literally and never runs. ``$`` and backticks are escaped as well, because folium puts
some HTML into JavaScript template literals, where ``${...}`` would be evaluated.

Numbers follow the language (``None`` for English; a decimal comma in Swedish, see
:mod:`planner._lang`). The popups and tooltips built from these pieces are in
:mod:`planner._map_popups`, the summary panel, legend and map controls in
:mod:`planner._map_panels`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from planner import _lang
from planner._lang import pick, texts
from planner.cameras import LEVEL_NAMES

#: DORI level number -> fill colour of view polygons (purples: apart from the area scales).
LEVEL_COLORS: dict[int, str] = {1: "#dadaeb", 2: "#9e9ac8", 3: "#6a51a3", 4: "#3f007d"}

#: Area priority in [0, 1] (1 = greatest challenges): ColorBrewer YlOrRd.
PRIORITY_STOPS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Covered share in [0, 1]: ColorBrewer Greens.
COVERAGE_STOPS: tuple[str, ...] = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
#: Colour of a missing value.
NO_DATA_COLOR = "#bdbdbd"

#: Awesome-marker colour name -> the hex colour its sprite shows (for the legend).
MARKER_HEX: dict[str, str] = {
    "blue": "#38aadd",
    "darkblue": "#0067a3",
    "cadetblue": "#436978",
    "green": "#72b026",
    "darkgreen": "#728224",
    "orange": "#f69730",
    "lightblue": "#8adaff",
    "darkred": "#a23336",
    "red": "#d63e2a",
    "gray": "#575757",
}
#: (marker colour, Font Awesome icon) per camera model, in sorted model-id order (cycled).
MODEL_STYLES: tuple[tuple[str, str], ...] = (
    ("blue", "video"),
    ("green", "binoculars"),
    ("orange", "bullseye"),
    ("darkblue", "camera"),
    ("darkred", "street-view"),
    ("darkgreen", "circle-dot"),
    ("lightblue", "crosshairs"),
    ("cadetblue", "eye"),
)
#: Marker of an existing camera.
EXISTING_STYLE: tuple[str, str] = ("gray", "clock-rotate-left")
#: The icon of a camera on a mount its scenario requires (``constraints.require_sites``) in a
#: comparison, in its change's colour: a promised camera had been a plain green "+", as any the
#: solver added.
REQUIRED_ICON = "thumbtack"
#: Marker per change status in a comparison.
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "added": ("green", "plus"),
    "removed": ("red", "minus"),
    "moved": ("orange", "rotate"),
    "unchanged": ("blue", "video"),
    "existing": EXISTING_STYLE,
}

#: the phrases of the maps' number formats, per language (see :mod:`planner._lang`)
TEXT = texts(__name__, {
    "en": {
        "decimal_mark": ".",
        "currency": "SEK",
    },
    "sv": {
        "decimal_mark": ",",
        "currency": "kr",
    },
})


def esc(value: Any) -> str:
    """Escape a data value for HTML (and for JavaScript template literals).

    Parameters
    ----------
    value
        Any value; ``None`` and NaN become an empty string.

    Returns
    -------
    str
        Text with ``& < > " '`` as HTML entities and ``$`` and backtick as numeric references.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("$", "&#36;").replace("`", "&#96;")


def model_html(name: Any, model: Any) -> str:
    """A camera model as the map names it: the catalogue's ``name`` with its id beside it.

    ``"2 MP dome (dome-2mp)"``, escaped; the id alone where the model has no name of its own.
    The legend and the camera popups give it so (report.md, plan.xlsx and the data files name
    the model by its id).
    """
    return esc(name or model) + (f" ({esc(model)})" if name and name != model else "")


def is_missing(value: Any) -> bool:
    """Tell whether ``value`` is None or a NaN float."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return False


def _float(value: Any) -> float:
    return float(value)


def decimal(text: str, language: str | None = None) -> str:
    """``text`` (a formatted number) with the language's decimal mark and minus sign.

    Swedish: a comma and U+2212 (``−1,1``).
    """
    return text.replace(".", pick(TEXT, language)["decimal_mark"]).replace(
        "-", _lang.minus_sign(language))


def fmt_int(value: Any, *, language: str | None = None) -> str:
    """Format a number as an integer grouped in thousands as ``language`` writes it.

    ``8,000,000``; Swedish ``8 000 000`` (narrow no-break spaces), as the reports
    (:func:`planner._lang.number`).
    """
    if is_missing(value):
        return "–"
    return _lang.number(round(float(value)), 0, language)


def fmt_sek(value: Any, *, language: str | None = None) -> str:
    """Format an amount of Swedish kronor (``8,000,000 SEK``; ``8 000 000 kr`` in Swedish)."""
    if is_missing(value):
        return "–"
    return fmt_int(value, language=language) + "\u00a0" + pick(TEXT, language)["currency"]


def fmt_pct(value: Any, digits: int = 1, *, language: str | None = None) -> str:
    """Format a share in [0, 1] as a percentage."""
    if is_missing(value):
        return "–"
    return decimal(f"{100.0 * float(value):.{digits}f}\u00a0%", language)


def fmt_num(value: Any, digits: int = 1, *, language: str | None = None) -> str:
    """Format a float with ``digits`` decimals, grouped in thousands as :func:`fmt_int`."""
    if is_missing(value):
        return "–"
    return _lang.number(float(value), digits, language)


def compass(deg: Any, *, language: str | None = None) -> str:
    """Name the compass direction of a bearing (0 = N, 90 = E; Swedish O for east)."""
    if is_missing(deg):
        return ""
    return _lang.compass(deg, language)


def level_name(level: int, language: str | None = None) -> str:
    """The DORI level's name in ``language`` (``detect`` ... ``identify``; 0 or unknown: "")."""
    name = LEVEL_NAMES.get(level)
    return _lang.level(name, language) if name else ""


def interpolate_color(stops: Sequence[str], value: Any) -> str:
    """Colour at ``value`` in [0, 1] of a linear ramp through equally spaced ``stops``.

    Values outside [0, 1] are clipped; a missing value gives :data:`NO_DATA_COLOR`.

    Parameters
    ----------
    stops
        Hex colours ``#rrggbb`` at 0, 1/(n-1), ..., 1.
    value
        Position on the ramp.

    Returns
    -------
    str
        ``#rrggbb``.
    """
    if is_missing(value):
        return NO_DATA_COLOR
    x = min(max(float(value), 0.0), 1.0) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    t = x - i
    a = [int(stops[i][k : k + 2], 16) for k in (1, 3, 5)]
    b = [int(stops[i + 1][k : k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(
        f"{math.floor(p + (q - p) * t + 0.5):02x}" for p, q in zip(a, b, strict=True)
    )


def model_styles(models: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Assign a (marker colour, icon) to each camera model, in sorted order."""
    return {m: MODEL_STYLES[i % len(MODEL_STYLES)] for i, m in enumerate(sorted(set(models)))}


def table(rows: Sequence[tuple[str, str]]) -> str:
    """An HTML table of (header, cell) pairs; both must already be HTML (escaped)."""
    body = "".join(f"<tr><th>{h}</th><td>{c}</td></tr>" for h, c in rows)
    return f"<table>{body}</table>"
