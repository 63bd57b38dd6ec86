"""CSV and XLSX files written for people to open in Excel: cells never run as formulas.

A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
prefixed with a single quote, the OWASP advice against CSV injection: text
from a CRM export stays text when a manager opens the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .exceptions import ValidationFailure

__all__ = ["escape_cell", "write_csv", "write_xlsx", "failures_frame"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """``value`` with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` as UTF-8 CSV (with BOM, so Excel detects it), text cells escaped."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(escape_cell, na_action="ignore")
    path = Path(path)
    out.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def write_xlsx(df: pd.DataFrame, path: str | Path, *, sheet: str = "data") -> Path:
    """Write ``df`` as an .xlsx workbook whose text cells are text, never formulas.

    openpyxl stores a string starting with ``=`` as a formula; here every
    text cell is stored as a string cell, and formula-like text also gets the
    leading quote of :func:`escape_cell` so it reads the same as in CSV files.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([str(c) for c in df.columns])
    from openpyxl.cell import WriteOnlyCell

    for row in df.itertuples(index=False):
        cells = []
        for value in row:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif isinstance(value, str):
                cell = WriteOnlyCell(ws, value=None)
                cell.value = escape_cell(value)
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.to_pydatetime())
            else:
                cells.append(value.item() if hasattr(value, "item") else value)
        ws.append(cells)
    path = Path(path)
    wb.save(path)
    return path


def failures_frame(failures: list[ValidationFailure]) -> pd.DataFrame:
    """Validation failures as a table: one row per failure."""
    return pd.DataFrame(
        [
            {
                "table": f.table,
                "column": f.column,
                "row": f.row,
                "value": None if f.value is None else str(f.value),
                "rule": f.rule,
                "hint": f.hint,
            }
            for f in failures
        ],
        columns=["table", "column", "row", "value", "rule", "hint"],
    )
