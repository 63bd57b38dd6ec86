"""KPI frames out to people and programs: table, CSV, JSON or Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import ConfigError
from ..safe_csv import write_csv

__all__ = ["FORMATS", "write_kpis"]

FORMATS = ("table", "csv", "json", "parquet")


def write_kpis(frame: pd.DataFrame, fmt: str, out: str | Path | None = None) -> str | None:
    """Write ``frame`` (from :func:`compute`) as ``fmt``; returns text when ``out`` is None.

    The files are wide: one row per entity and period with ``period`` and the
    entity columns, then one column per KPI id.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    wide = frame.drop(columns=["period_start"], errors="ignore")
    if fmt == "parquet":
        if out is None:
            raise ConfigError("--format parquet needs --out FILE")
        wide.to_parquet(out, index=False)
        return None
    if fmt == "csv":
        if out is None:
            return wide.to_csv(index=False, lineterminator="\n")
        write_csv(wide, out)
        return None
    if fmt == "json":
        text = wide.to_json(orient="records", force_ascii=False, indent=1)
    else:
        with pd.option_context("display.width", 250, "display.max_columns", None):
            text = wide.round(3).to_string(index=False) if len(wide) else "(no rows)"
    if out is None:
        return text
    Path(out).write_text(text + "\n", encoding="utf-8")
    return None
