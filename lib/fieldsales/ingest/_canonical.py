"""Read a folder of canonical CSV tables (one ``<table>.csv`` per table).

This is the format ``fieldsales sample --csv`` writes and ``data/sample/``
ships. Every cell is read as text and typed by the schema, so a bad value is
reported with its file, line and column instead of failing the read. Vendor
exports (Zoho, Salesforce, ...) go through the import presets instead.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import InputFileError
from ..schema import TABLES

__all__ = ["read_canonical_folder"]


def read_canonical_folder(folder: str | Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Read every ``<table>.csv`` in ``folder``.

    Returns the tables (index = line number in the file, header = line 1)
    and notes about files that were not read, so nothing is skipped silently.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputFileError(f"{folder} is not a folder of CSV tables")
    tables, notes = {}, []
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in TABLES:
            notes.append(
                f"{path.name}: not read — {path.stem!r} is not a canonical table "
                f"(expected one of: {', '.join(TABLES)})"
            )
            continue
        tables[path.stem] = _read(path)
    if not tables:
        raise InputFileError(
            f"{folder} holds no canonical CSV table; expected files named like "
            f"reps.csv, deals.csv ({', '.join(TABLES)})"
        )
    return tables, notes


def _read(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8, or use "
            "`fieldsales import`, which detects other encodings"
        ) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(f"{path}: the file is empty (no header line)") from None
    except pd.errors.ParserError as exc:
        raise InputFileError(f"{path}: cannot be read as CSV: {exc}") from None
    df.index = pd.RangeIndex(2, len(df) + 2) if len(df) else pd.RangeIndex(0)
    df.index.name = "line"
    return df
