"""A plan's ``plan.xlsx``, edited in Excel, read as the cameras to score (``planner evaluate``).

A safety coordinator opens the plan's workbook, deletes a few camera rows or changes a model,
saves it and gives it back: :func:`read_register_sheet` reads its camera register sheet (English
``Cameras`` or Swedish ``Kameror``) as :func:`planner._plan_given.read_given_cameras` reads a
``register.csv``. The sheet's name and its headings are mapped back to the data columns through
the tables the writer heads them with (``sheet:cameras`` of the report's phrases,
:func:`planner.workbook.header`), so that reading and writing cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pandas as pd

from planner._lang import LANGUAGES, pick
from planner._plan_given import NEEDED, _blank
from planner.errors import InputError, one_line

#: The suffixes read as an Excel workbook (openpyxl reads both).
XLSX_SUFFIXES = (".xlsx", ".xlsm")
#: The register's columns a given camera is read from (the rest of the sheet is left alone).
COLUMNS = ("camera", "site_id", "status", "model", "hfov_deg", "orientation_deg",
           "orientation", "orientation_true_deg")
#: Columns whose values are names, read as text (a mount id typed as 12 in Excel is "12").
_TEXT_COLUMNS = ("camera", "site_id", "status", "model")


def sheet_names() -> dict[str, str]:
    """The camera register sheet's name in each language (``plan.xlsx``'s), by language."""
    from planner._report_text import _TEXT

    return {language: pick(_TEXT, language)["sheet:cameras"] for language in LANGUAGES}


def read_register_sheet(path: Path, shown: str
                        ) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """The camera register sheet of the workbook ``path`` as a table of :data:`COLUMNS`.

    Returns the table (the data columns the sheet has, one row per row not wholly blank), how
    messages name each row (``sheet Kameror, row 3``: Excel's row number) and how the sheet
    heads each column it has (``Riktning från kartnord (°)``), to name it in messages.

    Raises :class:`~planner.errors.InputError` in one line naming ``shown``, the sheet and the
    fix: a file that is no workbook, a workbook without the register sheet, a heading missing
    or given twice, a comparison's sheet of changes (``compare.xlsx``'s ``Cameras``), a formula
    whose value was never calculated.
    """
    from openpyxl import load_workbook

    # (the values as last calculated, and the formulas: a formula saved without its value,
    # as some tools save one, reads as empty in the first)
    books: list[Any] = []
    try:
        for data_only in (True, False):
            books.append(load_workbook(path, read_only=True, data_only=data_only))
        names = sheet_names()
        sheet = next((name for name in names.values() if name in books[0].sheetnames), None)
        if sheet is None:
            raise InputError(
                f"{shown}: no sheet {' or '.join(repr(n) for n in dict.fromkeys(names.values()))} "
                f"(the camera register) among {', '.join(repr(s) for s in books[0].sheetnames)}; "
                "give a plan's plan.xlsx with its camera register sheet, named as the plan "
                "named it")
        # (a read-only workbook reads a sheet only as it is iterated: a damaged sheet fails here)
        values, formulas = ([list(row) for row in _rows(book[sheet])] for book in books)
        hidden = _hidden_rows(path, sheet)
    except InputError:
        raise
    except Exception as exc:  # (zip, XML and openpyxl's own errors: all "cannot read")
        raise InputError(f"{shown}: cannot read the workbook ({one_line(str(exc))[:200]}); "
                         "save it in Excel as an Excel Workbook (.xlsx)") from None
    finally:
        for book in books:
            book.close()
    table, rows, heads = _table(values, formulas, sheet, shown)
    # (the rows hidden in Excel, by name, with Excel's row number: for the warning)
    table.attrs["hidden"] = {row: number for row, number in zip(rows, table.attrs.pop("rows"),
                                                                strict=True) if number in hidden}
    table.attrs["sheet"] = sheet
    return table, rows, heads


def _hidden_rows(path: Path, sheet: str) -> set[int]:
    """The rows of ``sheet`` hidden in Excel (by a filter or Hide), by Excel's row number.

    (A read-only workbook does not read the rows' dimensions: the sheet is read once more.)
    """
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    try:
        return {int(n) for n, row in book[sheet].row_dimensions.items() if row.hidden}
    finally:
        book.close()


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    sheet.reset_dimensions()  # (every row the file holds: a saved sheet's size may be stale)
    return list(sheet.iter_rows(values_only=True))


def _table(values: Sequence[list[Any]], formulas: Sequence[list[Any]], sheet: str, shown: str
           ) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """The sheet's rows as a table of :data:`COLUMNS` (see :func:`read_register_sheet`)."""
    from openpyxl.utils import get_column_letter

    from planner._io_csv import column_names
    from planner.workbook import header

    where = f"{shown}: sheet {sheet}"
    heading_row = column_names(values[0] if values else [])
    of_heading = {header(column, language): column for language in LANGUAGES
                  for column in COLUMNS}
    at: dict[str, int] = {}
    for k, heading in enumerate(heading_row):
        column = of_heading.get(heading) if isinstance(heading, str) else None
        if column is None:
            continue
        if column in at:
            raise InputError(
                f"{where}, row 1: two columns headed {heading!r} ({get_column_letter(at[column] + 1)} "
                f"and {get_column_letter(k + 1)}); delete one of them")
        at[column] = k
    language = next((lang for lang, name in sheet_names().items() if name == sheet), None)
    if any(header("change", lang) in heading_row for lang in LANGUAGES):
        # (a comparison's compare.xlsx has a sheet of that name: the cameras each plan changes,
        # those removed among them)
        raise InputError(
            f"{where}: a comparison's changes (the column {header('change', language)!r}), not "
            "a plan's cameras; give a plan's plan.xlsx (a comparison's a/plan.xlsx or "
            "b/plan.xlsx)")
    lacking = [header(c, language) for c in NEEDED if c not in at]
    if lacking:
        raise InputError(
            f"{where}, row 1: no heading {', '.join(repr(h) for h in lacking)}; give each "
            "camera's mount, model and grid bearing under the headings the plan wrote (put "
            "back or rename the column)")
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    numbers: list[int] = []  # (Excel's row number of each)
    unsaved: list[str] = []
    empty: list[Any] = []
    for number, (row, written) in enumerate(zip_longest(values, formulas, fillvalue=empty),
                                            start=1):
        if number == 1 or all(_blank(v) for v in (*row, *written)):
            continue  # (a row emptied rather than deleted)
        cells = {column: row[k] if k < len(row) else None for column, k in at.items()}
        for column, k in at.items():
            formula = written[k] if k < len(written) else None
            if cells[column] is None and isinstance(formula, str) and formula.startswith("="):
                unsaved.append(f"{get_column_letter(k + 1)}{number} ({heading_row[k]}: "
                               f"{formula})")
        rows.append({column: _as_text(v) if column in _TEXT_COLUMNS else v
                     for column, v in cells.items()})
        names.append(f"sheet {sheet}, row {number}")
        numbers.append(number)
    if unsaved:
        raise InputError(
            f"{where}: {len(unsaved)} formula cell(s) with no value saved: "
            f"{'; '.join(unsaved[:3])}{' …' if len(unsaved) > 3 else ''}; open the workbook in "
            "Excel and save it (Excel calculates the formulas), or type the values")
    table = pd.DataFrame(rows, columns=[c for c in COLUMNS if c in at], dtype=object)
    table.attrs["rows"] = numbers
    return table, names, {column: str(heading_row[k]) for column, k in at.items()}


def _as_text(value: Any) -> Any:
    """A name cell's value as text: a whole number as Excel shows it (``12``, not ``12.0``)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)
