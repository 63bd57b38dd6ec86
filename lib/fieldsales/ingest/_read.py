"""Open any supported export: CSV (any encoding, delimiter) or Excel .xlsx."""

from __future__ import annotations

from pathlib import Path

from ..exceptions import InputFileError
from ._csvread import read_csv_export
from ._raw import RawTable
from ._xlsx import read_xlsx_export

__all__ = ["read_export"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def read_export(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RawTable:
    """Read a CRM export as text (see :class:`RawTable`), choosing the reader by content.

    Raises
    ------
    InputFileError
        Missing, empty, binary or otherwise unreadable files, with what to do.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP):
        return read_xlsx_export(path, sheet=sheet)
    if head.startswith(_OLE):
        raise InputFileError(
            f"{path}: an old Excel .xls workbook; open it in Excel and save it as .xlsx or CSV"
        )
    if sheet is not None:
        raise InputFileError(f"{path}: --sheet applies to .xlsx workbooks; this is a text file")
    return read_csv_export(path, encoding=encoding, delimiter=delimiter)
