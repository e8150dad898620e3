"""Excel workbooks of the tables a plan, a sweep or a comparison writes as CSV.

Safety coordinators open the tables in Excel. A CSV does not open well there in a Swedish
locale: Excel expects ``;`` between fields and a decimal comma, and reads UTF-8 without a
byte-order mark as Latin-1 ("VÃ¤stra" for "Västra"). An ``.xlsx`` has none of these problems:
numbers are numbers, text is text, whatever the locale. The CSVs stay as they are, for scripts
and GIS.

The workbooks are reproducible byte for byte, as every output is (the same plan gives the same
file): the document's dates are fixed and the zip entries carry no clock time. Text that looks
like a formula (``=``, ``+``, ``-``, ``@`` first) is written as text, never as a formula, in
headers too; control characters a workbook cannot hold are left out.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner import _lang
from planner._lang import LANGUAGES, pick, texts
from planner._plan_types import coverage_time
from planner._stage_text import stage_line
from planner.scenario import LEVELS

#: The document's creation and modification dates (a fixed value: reproducible bytes).
_FIXED_DATE = datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_MAX_WIDTH = 60
#: Excel's limit for a sheet name.
_SHEET_NAME_CHARS = 31


def cell_value(value: Any) -> Any:
    """A value as Excel should hold it: numbers as numbers, missing as empty, else text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, (list, tuple, dict)):
        value = ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    return _CONTROL.sub("", str(value))


#: Control characters an ``.xlsx`` cannot hold (all below 0x20 but tab, newline and return):
#: a site note ending in ESC had failed the whole plan ("IllegalCharacterError", exit 1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_workbook(sheets: Sequence[tuple[str, pd.DataFrame]], path: str | Path) -> None:
    """Write ``(sheet name, table)`` pairs as one ``.xlsx``: a header row, frozen and filtered.

    Each column's numbers are shown by :func:`number_format` of its header (the value kept in
    full), the summary table's values (:func:`summary_table`) by each row's item; each column is
    as wide as its header or its widest value as shown (at most 60 characters).
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "planner"
    book.properties.created = _FIXED_DATE
    for name, frame in sheets:
        sheet = book.create_sheet(name[:_SHEET_NAME_CHARS])
        columns = [cell_value(c) if c is not None else "" for c in frame.columns]
        columns = [str(c) for c in columns]
        sheet.append(columns)
        formats = [number_format(c) for c in columns]
        items = _summary_items(frame)
        widths = [len(c) for c in columns]
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            values = [cell_value(v) for v in row]
            sheet.append(values)
            for k, v in enumerate(values):
                shown = formats[k] if items is None or k != 1 else _ITEM_FORMATS.get(items[r - 2])
                shown = _unsigned_if_zero(shown, v)
                if shown is not None:
                    sheet.cell(row=r, column=k + 1).number_format = shown
                if v is not None:
                    widths[k] = max(widths[k], len(_as_shown(v, shown)))
        for cells in sheet.iter_rows(min_row=1):
            for cell in cells:
                if cell.data_type == "f":  # (text beginning with "=" is no formula here, nor
                    # a header: an areas column named "=note" had become one)
                    cell.data_type = "s"
        for k, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(k)].width = min(width + 2, _MAX_WIDTH)
        sheet.freeze_panes = "A2"
        if len(frame) and columns:
            sheet.auto_filter.ref = sheet.dimensions
    raw = io.BytesIO()
    book.save(raw)
    Path(path).write_bytes(_reproducible(raw.getvalue()))


def number_format(column: str) -> str | None:
    """How Excel shows the numbers of the column headed ``column``: an Excel number format.

    ``column`` is the column's name or its header in any language; ``None``: General.
    """
    return _FORMATS_SV.get(column) or NUMBER_FORMATS.get(_COLUMN_OF_HEADER.get(column, column))


def _unsigned_if_zero(fmt: str | None, value: Any) -> str | None:
    """``fmt``, or for a signed format and a value it shows as zero, its zero section alone.

    A signed format (``+0.0;-0.0;0.0``: a change) shows a value that rounds to zero by its sign's
    section, as ``-0.0`` or ``+0.0``; Excel's zero section holds only an exact 0. Such a cell gets
    the zero section for both signs (``0.0;0.0``: the negative section shows no minus), so that
    it reads ``0.0`` as ``report.md`` and ``compare.html`` give it (:func:`planner._lang.signed`).
    A format by cell, not Excel's conditions (``[>=0.05]``): a conditional section that may hold
    a positive value shows a negative one with its minus.
    """
    sections = fmt.split(";") if fmt else []
    if (len(sections) != 3 or not sections[0].startswith("+") or value == 0
            or not isinstance(value, (int, float)) or isinstance(value, bool)):
        return fmt
    zero = sections[2]
    shown = _as_shown(abs(value), re.sub(r'"[^"]*"', "", zero))
    return fmt if any(c in "123456789" for c in shown) else f"{zero};{zero}"


def _summary_items(frame: pd.DataFrame) -> list[str] | None:
    """The item keys of a :func:`summary_table` (its rows), or ``None`` for any other table."""
    columns = [str(c) for c in frame.columns]
    for language in LANGUAGES:
        t = pick(_TEXT, language)
        if columns == [t["col:item"], t["col:value"]]:
            key_of = {t[f"item:{k}"]: k for k in _ITEMS_SV}
            # (a day plan's figures at night, a night plan's by day: their format as the item's)
            key_of.update({t[f"item:{k}"] + t["not planned"]: k for k in _ITEMS_SV})
            return [key_of.get(str(item), str(item)) for item in frame.iloc[:, 0]]
    return None


def _as_shown(value: Any, fmt: str | None) -> str:
    """``value`` about as Excel shows it in ``fmt`` (English marks; for the column's width)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    if fmt is None:
        return f"{value:.6g}" if isinstance(value, float) else str(value)
    code = fmt.split(";")[0]
    unit = "".join(re.findall(r'"([^"]*)"', code))  # (a quoted unit: ' pp')
    code = re.sub(r'"[^"]*"', "", code)
    number = float(value) * (100 if code.endswith("%") else 1)
    digits = len(code.split(".")[1].rstrip("%")) if "." in code else 0
    text = f"{number:{'+' if code.startswith('+') else ''}{',' if ',' in code else ''}.{digits}f}"
    return text + ("%" if code.endswith("%") else "") + unit


def _reproducible(data: bytes) -> bytes:
    """The workbook's zip with a fixed modification date in its properties and entries."""
    fixed = _FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + fixed + rb"\2",
                              body)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


#: Swedish headers of the columns the documents' tables show (English: the column's own name,
#: as the CSVs have it). A column not listed (an areas file's own) keeps its name.
_HEADERS_SV = {
    # areas (plan.xlsx, report.md)
    "area_id": "Område (id)", "name": "Namn", "population": "Befolkning",
    "priority": "Prioritet", "weight": "Behovsvikt", "area_factor": "Områdesfaktor",
    "covered_weight_before": "Täckt behovsvikt före",
    "covered_weight_after": "Täckt behovsvikt efter", "covered_share_before": "Täckt andel före",
    "covered_share_after": "Täckt andel efter",
    "covered_population_after": "Täckt befolkning efter (graderad)",
    "seen_share_after": "I bild efter (någon nivå, ograderad)",
    # per DORI level, in the levels' own Swedish words (_lang.level)
    **{f"weight_{level}": f"Behovsvikt {_lang.level(level, 'sv')}" for level in LEVELS},
    **{f"range_{level}_m": f"Räckvidd {_lang.level(level, 'sv')} (m)" for level in LEVELS},
    # cameras and the register (plan.xlsx, report.md)
    "camera": "Kamera", "site_id": "Monteringsplats (id)", "status": "Status",
    # (decimal degrees with a point in every language: as map apps and GPS read them)
    "lat": "Lat (WGS 84)", "lon": "Lon (WGS 84)",
    "required_by_scenario": "Krävd av scenariot",
    "required_site": "Krävd av scenariot",
    "replaces_existing": "Ersätter befintlig kamera (modell)",
    # (easting and northing in the plan's crs, named as the drawings' axes: Swedish surveying
    # calls the northing X and the easting Y, so "X" over the easting had read as the northing)
    "x": "Östlig koordinat E (m)", "y": "Nordlig koordinat N (m)",
    "position_approximate": "Ungefärlig position",
    "mount_type": "Monteringstyp", "mount_height_m": "Monteringshöjd (m)", "model": "Modell", "model_name": "Modellnamn",
    # (orientation: in words, from true north; orientation_deg: the grid bearing of the plan's
    # CRS, "kartnord", as the analyst measures it on the map; orientation_true_deg: true north)
    "orientation": "Riktning (från geografisk nord)",
    "orientation_true_deg": "Riktning från geografisk nord (°)",
    "orientation_deg": "Riktning från kartnord (°)", "hfov_deg": "Bildvinkel (°)",
    "view_m2": "Upptagningsområde dagtid (m²)",
    "cost_sek": "Kostnad (kr)", "investment_sek": "Investering (kr)",
    "yearly_sek": "Driftkostnader per år (kr)", "existing": "Befintlig",
    "approximate": "Ungefärlig position",
    "covered_weight": "Täckt behovsvikt", "covered_population": "Täckt befolkning (graderad)",
    "marginal_value": "Marginalvärde",
    # the socioeconomic indicators of `planner import deso` (the default data has them)
    "category": "Kategori", "low_econ_standard_pct": "Låg ekonomisk standard (%)",
    "unemployment_rate": "Arbetslöshet 16–64 år (andel)",
    "foreign_background_share": "Andel med utländsk bakgrund",
    "rental_share": "Andel hyresrätter", "median_income_tkr": "Median nettoinkomst (tkr)",
    "source": "Källa",
    # a rollout's stages (rollout.xlsx) and the stage a camera is bought in
    "stage": "Etapp", "stage_sek": "Etappens medel (kr)", "stage_spent_sek": "Använt i etappen (kr)",
    "n_cameras_added": "Tillagda kameror", "best_objective": "Bästa plan för summan (målfunktionsvärde)",
    "best_bound": "Bästa planens övre gräns", "best_covered_share": "Bästa planens täckta andel",
    "best_covered_population": "Bästa planens täckta befolkning", "shortfall": "Förlust mot bästa plan",
    "shortfall_at_most": "Förlust mot bästa plan, högst",
    "smallest_share": "Minsta områdesandel",
    "best_smallest_share": "Bästa planens minsta områdesandel", "option_id": "Kameraalternativ (id)",
    "purpose": "Ändamål", "areas_in_view": "Områden i bild",
    "area_ids_in_view": "Områden i bild (id)",
    "residential_facades_in_view": "Bostadsfasader i bild",
    "privacy_zone_m2_in_view": "Integritetszon i bild (m²)",
    "privacy_level": "Integritetsregelns DORI-nivå",
    "residential_facades_at_privacy_level": "Bostadsfasader på integritetsregelns nivå",
    "privacy_zone_m2_at_privacy_level": "Integritetszon på integritetsregelns nivå (m²)",
    "incidents_in_view": "Händelser i bild", "incidents_in_view_18_06": "Händelser i bild 18–06",
    "operator": "Personuppgiftsansvarig", "hours": "Bevakningstider",
    "storage_days": "Lagringstid (dagar)", "live_viewing": "Realtidsbevakning",
    "sound": "Ljudupptagning", "privacy_masking": "Maskering av bostäder", "note": "Anmärkning",
    # the summary sheet
    "item": "Uppgift", "value": "Värde",
    # a sweep's curve and marginal gains (curve.xlsx)
    "budget_sek": "Budget (kr)", "spent_sek": "Använt (kr)", "objective": "Målfunktionsvärde",
    "bound": "Övre gräns", "gap": "Optimalitetsgap", "stopped_by": "Avslutsorsak",
    "covered_share": "Täckt andel", "n_cameras_new": "Nya kameror", "from_sek": "Från (kr)",
    "to_sek": "Till (kr)", "covered_population_gain": "Ökning av täckt befolkning (graderad)",
    "per_million_sek": "Per miljon kr", "no_plan_reason": "Varför ingen plan",
    # (coverage.night_share: a sweep's and a rollout's figures by day and at night)
    "covered_share_day": "Täckt andel dagtid", "covered_share_night": "Täckt andel nattetid",
    "covered_population_day": "Täckt befolkning dagtid (graderad)",
    "covered_population_night": "Täckt befolkning nattetid (graderad)",
    # what the amount spent is made of (curve.xlsx, rollout.xlsx; "Investering (kr)" and
    # "Driftkostnader per år (kr)" above: the plan's, or in a rollout the stages' so far)
    "yearly_over_horizon_sek": "Driftkostnader under tidshorisonten (kr)",
    "stage_investment_sek": "Investering i etappen (kr)",
    "stage_yearly_sek": "Tillagda driftkostnader per år (kr)",
    # a comparison (compare.xlsx)
    "share_a": "Täckt andel A", "share_b": "Täckt andel B",
    "population_covered_a": "Täckt befolkning A (graderad)",
    "population_covered_b": "Täckt befolkning B (graderad)",
    # (compare.xlsx's change of share in percentage points: 100 × areas.csv's share_change; a
    # fraction shown as "+0.0%" had read "-2,3 %" where compare.html says "-2,3 procentenheter")
    "share_change_pp": "Ändring av täckt andel (procentenheter)",
    "population_covered_change": "Ändring av täckt befolkning (graderad)", "change": "Ändring",
    "camera_a": "Kamera A", "camera_b": "Kamera B", "model_before": "Modell före",
    "orientation_deg_before": "Riktning före, från kartnord (°)",
    "orientation_true_deg_before": "Riktning före, från geografisk nord (°)",
    # a comparison's report.md: A's camera beside B's, directions from true north in words
    "model_a": "Modell A", "model_b": "Modell B",
    "orientation_a": "Riktning A (från geografisk nord)",
    "orientation_b": "Riktning B (från geografisk nord)",
}

#: Swedish headers of a rollout's running totals (``rollout.xlsx``'s stages: each the sum up to
#: the stage, as its ``report.md``'s "totalt" columns; "Budget (kr)" and "Använt (kr)", the
#: plan's headers, had read as the stage's own beside "Etappens medel (kr)"). English keeps
#: the columns' own names, as everywhere.
_TOTALS_SV = {
    "budget_sek": "Medel totalt (kr)", "spent_sek": "Använt totalt (kr)",
    "investment_sek": "Investering totalt (kr)",
    "yearly_sek": "Driftkostnader per år totalt (kr)",
}

_SHARE, _GAP, _SEK, _COUNT, _WEIGHT = "0.0%", "0.00%", "#,##0", "#,##0", "#,##0.0"
#: a change of share in percentage points, signed as compare.html gives it ("-2.3 pp")
_POINTS = '+0.0" {unit}";-0.0" {unit}";0.0" {unit}"'

#: How Excel shows each column's numbers; the cells keep their values in full (analysts compute
#: with them), only the display follows this, and matches ``report.md``'s (17.8 %, 0.56 %).
#: The codes are Excel's own, "," grouping thousands and "." marking decimals whatever the
#: locale: Excel shows the reader's marks (a Swedish Excel: 8 000 000 and 17,8 %). A column not
#: listed (text, yes/no, degrees, an areas file's own) is shown as Excel's General.
#: (Without formats a covered share had read 0,1778077987296094 in Excel and a gap 0,0056.)
NUMBER_FORMATS: dict[str, str] = {
    # shares of weighted demand, of an objective, of a population
    **dict.fromkeys(("covered_share", "covered_share_before", "covered_share_after",
                     "seen_share", "seen_share_after", "share_a",
                     "share_b", "smallest_share", "best_smallest_share", "best_covered_share",
                     "unemployment_rate",
                     "foreign_background_share", "rental_share", "night_share",
                     *(f"covered_share{when}_{p}" for when in ("", "_before")
                       for p in ("day", "night"))), _SHARE),
    "share_change_pp": _POINTS.format(unit="pp"),
    # gaps and shortfalls with two decimals, as the sweep's and rollout's reports give them
    # (the plan's summary item "gap" has three: _ITEM_FORMATS)
    **dict.fromkeys(("gap", "shortfall", "shortfall_at_most"), _GAP),
    # amounts in SEK, whole and grouped
    **dict.fromkeys(("budget_sek", "spent_sek", "remaining_sek", "stage_sek", "stage_spent_sek",
                     "stage_investment_sek", "stage_yearly_sek", "cost_sek", "from_sek", "to_sek", "investment_sek", "yearly_sek",
                     "yearly_over_horizon_sek", "existing_yearly_sek", "existing_yearly_own_sek"),
                    _SEK),
    # people (graded coverage is a weighted count: shown whole, as report.md shows it)
    **dict.fromkeys(("population", "covered_population", "covered_population_after",
                     "population_covered_a", "population_covered_b", "covered_population_gain",
                     "best_covered_population", "covered_population_day",
                     "covered_population_night",
                     "per_million_sek"), _COUNT),
    "population_covered_change": "+#,##0;-#,##0;0",
    # the objective and demand weights, with one decimal
    **dict.fromkeys(("objective", "bound", "best_objective", "best_bound", "weight",
                     "covered_weight", "covered_weight_before", "covered_weight_after",
                     "marginal_value", *(f"weight_{level}" for level in LEVELS)), _WEIGHT),
    # counts
    **dict.fromkeys(("n_cameras_new", "n_cameras_existing", "n_cameras_added", "n_areas",
                     "n_sites", "n_options", "n_demand", "residential_facades_in_view",
                     "residential_facades_at_privacy_level", "incidents_in_view",
                     "incidents_in_view_18_06", "storage_days"), _COUNT),
    "stage": "0",
    # positions (register.csv's: 1e-6° and 0.1 m), ranges and privacy-zone areas (0.1)
    "lat": "0.000000", "lon": "0.000000", "x": "0.0", "y": "0.0", "mount_height_m": "0.0",
    # bearings to 0.1°, as the register's words give them ("316.0° (NW)" had stood beside 316
    # and "1.1° (N)" beside 1.1 in one column)
    "orientation_true_deg": "0.0", "orientation_deg": "0.0",
    **{f"range_{level}_m": "0.0" for level in LEVELS},
    "privacy_zone_m2_in_view": "#,##0.0", "privacy_zone_m2_at_privacy_level": "#,##0.0",
    "view_m2": "#,##0",
    # the areas' indicators (priority as report.md shows it)
    "priority": "0.00", "low_econ_standard_pct": "0.0", "median_income_tkr": "#,##0.0",
}

#: The summary sheet's value formats by item: the columns', but the gap with three decimals,
#: as the plan's report.md gives it (0.563 %).
_ITEM_FORMATS: dict[str, str] = {
    **NUMBER_FORMATS, "gap": "0.000%",
    # a comparison's difference sheet: objectives with one decimal, the differences signed
    **dict.fromkeys(("objective_a", "bound_a", "objective_b", "bound_b"), _WEIGHT),
    **dict.fromkeys(("gap_a", "gap_b"), _GAP),
    **{f"{key}{period}_{side}": shown for key, shown in (("covered_share", _SHARE),
                                                         ("covered_population", _COUNT))
       for period in ("", "_day", "_night") for side in "ab"},
    **dict.fromkeys(("change", "change_low", "change_high",
                     *(f"{key}:given {side}" for key in ("change_low", "change_high")
                       for side in "ab")), "+#,##0.0;-#,##0.0;0.0"),
    **dict.fromkeys((f"budget_sek_{side}{vat}" for side in "ab"
                     for vat in ("", ":excluded", ":included")), _SEK),
}

#: How the summary sheet names each item of ``summary.json`` it shows (English: the key).
_ITEMS_SV = {
    "title": "Titel", "scenario": "Scenario", "status": "Optimeringsstatus",
    "stopped_by": "Avslutsorsak", "budget_sek": "Budget (kr)", "spent_sek": "Använt (kr)",
    "remaining_sek": "Kvar (kr)", "investment_sek": "Investering (kr)",
    "yearly_sek": "Driftkostnader för nya kameror per år (kr)",
    "yearly_over_horizon_sek": "Driftkostnader för nya kameror under tidshorisonten (kr)",
    "existing_yearly_sek": "Driftkostnader för befintliga kameror per år (kr)",
    "existing_yearly_own_sek": "Därav kommunens egna befintliga kameror per år (kr)",
    "objective": "Målfunktionsvärde", "bound": "Övre gräns",
    "gap": "Optimalitetsgap", "covered_population": "Täckt befolkning (graderad)",
    "population": "Befolkning", "covered_share": "Täckt andel",
    "coverage_time": "Täckningen gäller",
    "covered_share_before": "Täckt andel före", "n_cameras_new": "Nya kameror",
    "night_share": "Andel av målfunktionen nattetid (coverage.night_share)",
    "covered_share_day": "Täckt andel dagtid (räckvidder i dagsljus)",
    "covered_share_before_day": "Täckt andel före, dagtid",
    "covered_share_night": "Täckt andel nattetid (IR-räckvidd)",
    "covered_share_before_night": "Täckt andel före, nattetid",
    "covered_population_day": "Täckt befolkning dagtid (graderad)",
    "covered_population_night": "Täckt befolkning nattetid (graderad)",
    "n_cameras_existing": "Befintliga kameror", "n_areas": "Antal områden",
    "n_sites": "Antal monteringsplatser", "n_options": "Antal kameraalternativ",
    "n_demand": "Antal behovspunkter", "privacy": "Integritetsregel",
    "privacy_min_level": "Integritetsregelns DORI-nivå",
    # (each m² and home once: the Cameras sheet's columns of these names are per camera, and
    # their sums count what two cameras see twice)
    "view_m2": "De nya kamerornas upptagningsområde dagtid, sammanlagt (m², varje m² en gång)",
    "privacy_zone_m2_in_view": ("Integritetszon i de nya kamerornas bild, sammanlagt (m², "
                                "varje m² en gång)"),
    "residential_facades_in_view": ("Bostadshus vars fasad syns i de nya kamerornas bild "
                                    "(varje hus en gång)"),
    "privacy_zone_m2_at_privacy_level": ("Integritetszon på integritetsregelns nivå, sammanlagt "
                                         "(m², varje m² en gång)"),
    "residential_facades_at_privacy_level": ("Bostadshus vars fasad syns på integritetsregelns "
                                             "nivå (varje hus en gång)"),
    "horizon_years": "Tidshorisont (år)",
    "include_yearly_costs": "Årliga kostnader inräknade",
    "prices_include_vat": "Belopp inklusive moms", "backend": "Optimeringslösare",
    "crs": "Koordinatsystem", "note": "Anmärkning", "planner version": "planner-version",
    "rollout": "Utbyggnad i etapper",  # (a rollout stage: its stage line, as the map panel's)
    "equity": "Jämlikhet",  # (the equity rule and what it reached, as report.md's line)
    # a comparison's difference sheet (compare.xlsx; difference.csv's columns), after what A
    # and B are: each side's title (as the comparison's report.md titles them) and budget
    "plan_a": "Plan A", "plan_b": "Plan B",
    **{f"budget_sek_{side}{vat}": f"Budget {side.upper()} (kr{words})"
       for side in "ab" for vat, words in (("", ""), (":excluded", ", exkl. moms"),
                                           (":included", ", inkl. moms"))},
    "objective_a": "Målfunktionsvärde A", "bound_a": "Övre gräns A", "gap_a": "Optimalitetsgap A",
    "status_a": "Optimeringsstatus A", "objective_b": "Målfunktionsvärde B", "bound_b": "Övre gräns B",
    "gap_b": "Optimalitetsgap B", "status_b": "Optimeringsstatus B",
    "change": "Skillnad B − A (de funna planerna)",
    "change_low": "Bästa B − bästa A, bevisad nedre gräns",
    "change_high": "Bästa B − bästa A, bevisad övre gräns", "conclusion": "Slutsats",
    # (a side given cameras, compare --cameras-a/-b: its objective is its best, as report.md's
    # range says it)
    "change_low:given a": "Bästa B − A (givna kameror), bevisad nedre gräns",
    "change_high:given a": "Bästa B − A (givna kameror), bevisad övre gräns",
    "change_low:given b": "B (givna kameror) − bästa A, bevisad nedre gräns",
    "change_high:given b": "B (givna kameror) − bästa A, bevisad övre gräns",
    # (plans that count the night differently: each side's covered share, after the conclusion)
    **{f"{key}{period}_{side}": name.format(when=when) + f" {side.upper()}"
       for key, name in (("covered_share", "Täckt andel{when}"),
                         ("covered_population", "Täckt befolkning{when} (graderad)"))
       for period, when in (("", ""), ("_day", " dagtid"), ("_night", " nattetid"))
       for side in "ab"},
    "areas_caveat": "Områdenas andelar",  # (plans that count the night differently)
}

_TEXT = texts("workbook", {
    "en": {
        **{f"col:{c}": c for c in _HEADERS_SV},
        **{f"item:{k}": k for k in _ITEMS_SV},
        **{f"total:{c}": c for c in _TOTALS_SV},
        # (the key, as the difference sheet's other items; its VAT in words)
        **{f"item:budget_sek_{side}:{vat}": f"budget_sek_{side} ({words})"
           for side in "ab" for vat, words in (("excluded", "excl. VAT"),
                                               ("included", "incl. VAT"))},
        # (the key, as difference.csv's column: a given side changes the Swedish name only)
        **{f"item:{key}:given {side}": key for key in ("change_low", "change_high")
           for side in "ab"},
        **{f"item:{k}": f"{k} ({words})" for k, words in (
            ("view_m2", "the new cameras' whole views by day, each m² once"),
            ("privacy_zone_m2_in_view", "the new cameras' whole views, each m² once"),
            ("residential_facades_in_view", "residential buildings, each once"),
            ("privacy_zone_m2_at_privacy_level", "the new cameras, each m² once"),
            ("residential_facades_at_privacy_level", "residential buildings, each once"))},
        "to settle": "(to settle)",
        "surveillance item": "surveillance.{key}",
        # (when covered_share holds, settings.coverage.night: by day and at night had read alike)
        "coverage_time:day": "by day (daylight ranges)",
        "coverage_time:night": "at night (IR range)",
        "coverage_time:mixed": "by day and at night, weighted by night_share",
        # (a day plan's figures at night, a night plan's by day, as the map panel says them)
        "not planned": " (the same cameras, not planned for it)",
        # (English keeps the CSVs' names)
        "weighted:covered_share": "covered_share",
        "weighted:covered_population": "covered_population",
    },
    "sv": {
        **{f"col:{c}": h for c, h in _HEADERS_SV.items()},
        **{f"item:{k}": h for k, h in _ITEMS_SV.items()},
        **{f"total:{c}": h for c, h in _TOTALS_SV.items()},
        "to settle": "(att besluta)",
        "surveillance item": "{label} (surveillance.{key})",
        "coverage_time:day": "dagtid (räckvidder i dagsljus)",
        "coverage_time:night": "nattetid (IR-räckvidd)",
        "coverage_time:mixed": "dagtid och nattetid, viktade efter andelen nattetid",
        "not planned": " (samma kameror, inte planerade för det)",
        # (coverage.night_share: a sweep's or rollout's own share and population, beside the
        # columns by day and at night, as report.md's table heads them)
        "weighted:covered_share": "Täckt andel, dag och natt viktade",
        "weighted:covered_population": "Täckt befolkning, dag och natt viktade (graderad)",
    },
})


#: Each column's name by its header in any language (:func:`number_format`'s lookup).
_COLUMN_OF_HEADER = {pick(_TEXT, language)[f"{kind}:{c}"]: c for language in LANGUAGES
                     for kind, names in (("col", _HEADERS_SV), ("total", _TOTALS_SV))
                     for c in names}

_COLUMN_OF_HEADER.update({pick(_TEXT, language)[f"weighted:{c}"]: c for language in LANGUAGES
                          for c in ("covered_share", "covered_population")})
_COLUMN_OF_HEADER.update({pick(_TEXT, language)[f"col:{c}"]
                          + pick(_TEXT, language)["not planned"]: c
                          for language in LANGUAGES
                          for c in ("covered_share_day", "covered_share_night",
                                    "covered_population_day", "covered_population_night")})

#: The formats of a Swedish header whose unit the format names (a change of share:
#: "-2,3 procentenheter", as compare.html gives it), by the header.
_FORMATS_SV = {_HEADERS_SV["share_change_pp"]: _POINTS.format(unit="procentenheter")}


def headers(frame: pd.DataFrame, language: str | None = None, *,
            totals: bool = False) -> pd.DataFrame:
    """``frame`` with the headers people read in ``language``; a column not known keeps its name.

    English keeps every column's own name (the CSVs' names). ``totals``: the amounts are
    running totals (a rollout's stages), headed as such (Swedish "Använt totalt (kr)").
    """
    t = pick(_TEXT, language)
    kinds = ("total", "col") if totals else ("col",)
    return frame.rename(columns={c: next(t[f"{k}:{c}"] for k in kinds if f"{k}:{c}" in t)
                                 for c in frame.columns
                                 if any(f"{k}:{c}" in t for k in kinds)})


def in_words(frame: pd.DataFrame, language: str | None = None, *,
             totals: bool = False) -> pd.DataFrame:
    """:func:`headers` (``totals`` as its), and the planner's codes in words (:func:`coded_in_words`).

    (A Swedish curve.xlsx or rollout.xlsx had said "feasible" under Swedish headers.) Where
    the table has the covered share by day and at night too (``coverage.night_share``), the
    plans' own share and population are headed as weighted, as report.md's table heads them:
    a Swedish curve.xlsx had headed the evening plan's weighted 10.4 % "Täckt andel", a day
    plan's words, beside 15.5 % by day and 8.2 % at night. Where it has one period only (a day
    sweep's or rollout's cameras at night, a night one's by day), those are headed as the same
    cameras, not planned for it, as plan.xlsx names them (Swedish; English keeps the names).
    """
    out = headers(coded_in_words(frame, language), language, totals=totals)
    t = pick(_TEXT, language)
    periods = [p for p in ("day", "night") if f"covered_share_{p}" in frame.columns]
    # (both periods: a night sweep's or rollout's cameras by day alone, covered_share_day, had
    # headed its own share at night as weighted)
    if len(periods) == 2:
        out = out.rename(columns={header(c, language): t[f"weighted:{c}"]
                                  for c in ("covered_share", "covered_population")
                                  if c in frame.columns})
    elif periods:  # (a day sweep's "Täckt andel nattetid" had read as the night it plans for;
        # named as plan.xlsx names them, in English too)
        out = out.rename(columns={header(c, language): header(c, language) + t["not planned"]
                                  for c in (f"covered_share_{periods[0]}",
                                            f"covered_population_{periods[0]}")
                                  if c in frame.columns})
    return out


def on_screen(frame: pd.DataFrame, language: str | None = None, *,
              totals: bool = False) -> pd.DataFrame:
    """``frame`` as a command prints it for people: :func:`in_words`, its numbers as text.

    Each column of :data:`NUMBER_FORMATS` is written as its workbook cell shows it (shares
    ``17.8 %``, gaps ``0.56 %``, amounts and counts whole and grouped, objectives with one
    decimal) in ``language``'s marks with plain spaces (a terminal: :func:`planner._lang.number`'s
    ``console``); an empty cell reads "–". (``planner sweep`` and ``planner rollout`` had printed
    their CSVs' raw numbers under English names, a Swedish rollout's share as 0.101351.)
    """
    out = coded_in_words(frame, language)
    writers = {column: _screen_writer(NUMBER_FORMATS[column], language)
               for column in out.columns if column in NUMBER_FORMATS}
    out = out.assign(**{
        column: pd.Series(["–" if pd.isna(v) else write(v) for v in out[column]],
                          index=out.index, dtype=object)
        for column, write in writers.items() if write is not None})
    return headers(out, language, totals=totals)


def _screen_writer(code: str, language: str | None) -> Callable[[float], str] | None:
    """How :func:`on_screen` writes a number whose workbook cell has the Excel format ``code``.

    Read from the code itself (decimals after its point; a share where it ends in ``%``;
    ``+`` before a positive number where its first section starts with ``+``), so that a
    column's format and its printed form cannot drift apart; None for a code of another kind
    (text, a unit in quotes), printed as it is.
    """
    match = re.fullmatch(r"(\+?)[#,]*0(?:\.(0+))?(%?)(?:;.*)?", code)
    if match is None:
        return None
    sign, decimals, share = match.groups()
    digits = len(decimals or "")
    if share:
        return lambda v: _lang.percent(v, digits, language, console=True)
    if sign:
        return lambda v: _lang.signed(v, digits, language, console=True)
    return lambda v: _lang.number(v, digits, language, console=True)


def coded_in_words(frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``frame`` with its coded columns' values in ``language``'s words; the same columns.

    The columns of :data:`planner._lang.CODED`: statuses, mount types, what ended the search,
    DORI levels; in English the mount types only (:data:`planner._lang.WORDED_IN_ENGLISH`).
    """
    english = language in (None, LANGUAGES[0])
    coded = [column for column in frame.columns if column in _lang.CODED
             and (not english or column in _lang.WORDED_IN_ENGLISH)]
    if not coded:
        return frame
    return frame.assign(**{
        column: pd.Series([_lang.coded(column, v, language) for v in frame[column]],
                          index=frame.index, dtype=object)
        for column in coded})


def item_name(key: str, language: str | None = None) -> str:
    """How a summary-like sheet names the item ``key`` in ``language`` (its key if not known)."""
    return pick(_TEXT, language).get(f"item:{key}", key)


def header(column: str, language: str | None = None) -> str:
    """The header people read for ``column`` in ``language`` (its own name if not known)."""
    return pick(_TEXT, language).get(f"col:{column}", column)


def summary_table(summary: dict[str, Any], language: str | None = None,
                  item_names: dict[str, str] | None = None,
                  values: dict[str, Any] | None = None,
                  record_value: Callable[[str, Any], Any] | None = None, *,
                  equity: str | None = None) -> pd.DataFrame:
    """A plan's summary as rows of (item, value): the headline figures, not the provenance.

    ``language`` names the items and the header; ``item_names`` (``[surveillance]`` key: name)
    names the surveillance items where the language names them; ``values`` (summary key:
    value) shows those items' values as the language words them (a solver status, a level);
    ``record_value(key, value)`` words a settled surveillance item (``7 dagar``, ``nej``: a
    Swedish sheet had said ``7`` without its unit and FALSKT). ``equity``: the equity rule and
    what it reached in words (report.md's line), before the camera counts.
    """
    t = pick(_TEXT, language)
    keys = (
        "title", "scenario", "status", "stopped_by", "budget_sek", "spent_sek", "remaining_sek",
        "investment_sek", "yearly_sek", "yearly_over_horizon_sek", "existing_yearly_sek",
        "existing_yearly_own_sek", "objective", "bound", "gap", "covered_population", "population", "covered_share",
        "covered_share_before",
        # (coverage.night_share: its share, and the covered share and population by day and at
        # night apart; only in such a plan's summary)
        "night_share", "covered_share_day", "covered_share_before_day", "covered_share_night",
        "covered_share_before_night", "covered_population_day", "covered_population_night",
        "n_cameras_new", "n_cameras_existing", "n_areas", "n_sites",
        "n_options", "n_demand", "privacy", "privacy_min_level",
        # what the new cameras see of homes all together (planner._report_register.privacy_in_all)
        "view_m2", "privacy_zone_m2_in_view", "residential_facades_in_view",
        "privacy_zone_m2_at_privacy_level", "residential_facades_at_privacy_level",
        "horizon_years",
        "include_yearly_costs", "prices_include_vat", "backend", "crs",
    )
    names = item_names or {}
    shown = {**summary, **(values or {})}
    # (the municipality's own existing cameras' share only where it has any: a plan without
    # existing_owner in its sites layer keeps its sheet)
    # (a day plan's figures at night, a night plan's by day: its cameras as they stand, which
    # report.md and the map panel say; named alike, a mixed plan's own had read the same)
    other = {"day": "_night", "night": "_day"}.get(coverage_time(summary) or "")
    rows = [(t[f"item:{k}"] + (t["not planned"] if other and k.endswith(other) else ""),
             cell_value(shown[k])) for k in keys if k in summary
            and (k != "existing_yearly_own_sek" or summary[k])]
    # when the covered share holds (by day, at night), next to it
    if (when := coverage_time(summary)) is not None and "covered_share" in summary:
        at = [item for item, _ in rows].index(t["item:covered_share"]) + 1
        rows.insert(at, (t["item:coverage_time"], t[f"coverage_time:{when}"]))
    # a rollout stage: what its "optimal" is optimal under and how far below the best plan for
    # its money it is, after the solver's status, as report.md and the map panel say (stage 3
    # of Katrineholm's 2 + 3 + 3 MSEK had read "optimal", 1.78 % below the best 8 MSEK plan)
    if (stage := stage_line(summary, language)) is not None:
        items = [item for item, _ in rows]
        after = next((items.index(t[f"item:{k}"]) + 1 for k in ("stopped_by", "status")
                      if t[f"item:{k}"] in items), len(rows))
        rows.insert(after, (t["item:rollout"], stage))
    if equity is not None:
        items = [item for item, _ in rows]
        at = (items.index(t["item:n_cameras_new"]) if t["item:n_cameras_new"] in items
              else len(rows))
        rows.insert(at, (t["item:equity"], equity))
    rows += [(t["item:note"], cell_value(n)) for n in summary.get("notes", ())]
    rows += [(t["surveillance item"].format(key=k, label=names.get(k, k)),
              t["to settle"] if v is None
              else cell_value(v if record_value is None else record_value(k, v)))
             for k, v in (summary.get("surveillance") or {}).items()]
    versions = summary.get("versions") or {}
    if "planner" in versions:
        rows.append((t["item:planner version"], versions["planner"]))
    return pd.DataFrame(rows, columns=[t["col:item"], t["col:value"]])
