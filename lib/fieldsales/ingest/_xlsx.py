"""Read one sheet of an Excel workbook (.xlsx) as text, row numbers kept.

Cells are read with openpyxl in read-only mode and never evaluated: a formula
cell gives its formula text (``=HYPERLINK(...)``), which stays text. Dates
become ISO text (``2026-10-05`` or ``2026-10-05 14:30:00``), whole numbers
lose their ``.0``. Rows above the header (the title block of a formatted
Salesforce report) are skipped with a note, and a report footer at the end
is dropped with a note, as for CSV.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd

from ..exceptions import InputFileError
from ._csvread import _FOOTER, _header_names
from ._raw import RawReject, RawTable

__all__ = ["read_xlsx_export", "cell_text"]

_SCAN = 30


def cell_text(value: object) -> str:
    """The text of a cell value as a CSV export would show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def read_xlsx_export(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read ``sheet`` (default: the first) of an .xlsx file as text."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(
            f"{path}: not a readable .xlsx workbook ({exc}); open it in Excel and save it "
            "again as .xlsx or CSV"
        ) from None
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in names:
            ws = wb[sheet]
        else:
            raise InputFileError(
                f"{path}: no sheet named {sheet!r}; the workbook has: {', '.join(names)}"
            )
        rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        title = ws.title
    finally:
        wb.close()
    notes = [
        f"sheet {title!r}"
        + (
            f" (the workbook also has: {', '.join(n for n in names if n != title)}; "
            "choose with --sheet)"
            if len(names) > 1
            else ""
        )
    ]  # noqa: E501
    filled = [sum(1 for v in r if v.strip()) for r in rows]
    if not rows or max(filled, default=0) == 0:
        raise InputFileError(f"{path}: sheet {title!r} is empty (no header row)")
    widest = max(filled[:_SCAN])
    header_at = next(i for i, n in enumerate(filled) if n >= max(2, widest // 2) or n == widest)
    if header_at:
        notes.append(f"{header_at} title row(s) above the header skipped (rows 1-{header_at})")
    header = rows[header_at]
    while header and not header[-1].strip():
        header.pop()
    columns = _header_names(header)
    width = len(columns)
    body = rows[header_at + 1 :]
    first = header_at + 2
    # trailing empty rows and a report footer
    end = len(body)
    while end and filled[header_at + end] == 0:
        end -= 1
    k, marker = end, False
    while k and filled[header_at + k] <= 1:
        text = " ".join(v for v in body[k - 1] if v.strip())
        marker |= bool(_FOOTER.search(text))
        k -= 1
    if marker:
        notes.append(f"report footer dropped: rows {first + k}-{first + end - 1}")
        footer = end - k
        end = k
    else:
        footer = 0
    data, lines, rejects, blank = [], [], [], 0
    for offset, row in enumerate(body[:end]):
        line = first + offset
        if not any(v.strip() for v in row):
            blank += 1
            continue
        extra = [v for v in row[width:] if v.strip()]
        if extra:
            rejects.append(
                RawReject(
                    line,
                    f"has values in {len(extra)} column(s) right of the last header "
                    f"({columns[-1]!r}); give those columns a header or remove them",
                    "\t".join(row),
                    dict(zip(columns, row, strict=False)),
                )
            )
            continue
        data.append(row[:width] + [""] * (width - len(row)))
        lines.append(line)
    if blank:
        notes.append(f"{blank} empty row(s) skipped")
    frame = pd.DataFrame(data, columns=columns, dtype="str")
    if not len(data):
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame.index = pd.Index(lines, dtype="int64", name="line")
    return RawTable(
        path, columns, frame, rejects, notes, None, None, title, header_at + 1, blank, footer
    )
