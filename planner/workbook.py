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
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

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
    """Write ``(sheet name, table)`` pairs as one ``.xlsx``: a header row, frozen and filtered."""
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
        widths = [len(c) for c in columns]
        for row in frame.itertuples(index=False, name=None):
            values = [cell_value(v) for v in row]
            sheet.append(values)
            for k, v in enumerate(values):
                if v is not None:
                    widths[k] = max(widths[k], len(f"{v:.6g}" if isinstance(v, float) else str(v)))
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


def summary_table(summary: dict[str, Any]) -> pd.DataFrame:
    """A plan's summary as rows of (item, value): the headline figures, not the provenance."""
    keys = (
        "title", "scenario", "status", "stopped_by", "budget_sek", "spent_sek", "remaining_sek",
        "objective", "bound", "gap", "covered_population", "population", "covered_share",
        "covered_share_before", "n_cameras_new", "n_cameras_existing", "n_areas", "n_sites",
        "n_options", "n_demand", "privacy", "privacy_min_level", "horizon_years",
        "include_yearly_costs", "backend", "crs",
    )
    rows = [(k, cell_value(summary[k])) for k in keys if k in summary]
    rows += [("note", cell_value(n)) for n in summary.get("notes", ())]
    rows += [(f"surveillance.{k}", "(to settle)" if v is None else cell_value(v))
             for k, v in (summary.get("surveillance") or {}).items()]
    versions = summary.get("versions") or {}
    if "planner" in versions:
        rows.append(("planner version", versions["planner"]))
    return pd.DataFrame(rows, columns=["item", "value"])
