"""Query results as pandas DataFrames with fixed columns and dtypes, empty or not.

Dates become naive ``datetime64[ns]`` (as in the canonical tables), timestamps
``datetime64[ns, UTC]``; a date read back from a frame can be passed to a save
function again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

__all__ = ["frame"]


def frame(rows: Iterable[Mapping], columns: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with ``columns`` (name -> "int", "str", "date", "utc", "bool")."""
    records = [{name: row[name] for name in columns} for row in rows]
    df = pd.DataFrame.from_records(records, columns=list(columns))
    for name, kind in columns.items():
        df[name] = _cast(df[name], kind)
    return df


def _cast(values: pd.Series, kind: str) -> pd.Series:
    if kind == "int":
        return values.astype("int64")
    if kind == "bool":
        return values.astype("bool")
    if kind == "str":
        return values.astype("object").astype("str")
    if kind == "date":
        return pd.to_datetime(values.astype("object")).astype("datetime64[ns]")
    if kind == "utc":
        return pd.to_datetime(values.astype("object"), utc=True).astype("datetime64[ns, UTC]")
    raise ValueError(f"unknown column kind {kind!r}")  # pragma: no cover - programming error
