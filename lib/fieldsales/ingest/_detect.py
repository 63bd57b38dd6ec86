"""Which preset and table an export is, from its header names alone."""

from __future__ import annotations

from dataclasses import dataclass

from ..exceptions import InputFileError
from ._presets import Preset, TableSpec, load_preset, normalize_header, preset_names

__all__ = ["Detection", "find_headers", "detect"]

_MIN_MATCHES = 2


@dataclass
class Detection:
    """A preset and table, and the export headers found for each canonical column."""

    preset: Preset
    table: str
    headers: dict[str, str]
    how: str

    @property
    def score(self) -> int:
        return len(self.headers)


def find_headers(spec: TableSpec, file_columns: list[str]) -> dict[str, str]:
    """Canonical (or helper) column -> the export header holding it (first alternative found)."""
    by_norm: dict[str, str] = {}
    for column in file_columns:
        by_norm.setdefault(normalize_header(column), column)
    found = {}
    for canonical, headers in spec.columns.items():
        for header in headers:
            hit = by_norm.get(normalize_header(header))
            if hit is not None and hit not in found.values():
                found[canonical] = hit
                break
    return found


def _candidates(file_columns, presets, table):
    out = []
    for preset in presets:
        for name, spec in preset.tables.items():
            if table and name != table:
                continue
            out.append(Detection(preset, name, find_headers(spec, file_columns), ""))
    return sorted(out, key=lambda d: -d.score)


def detect(
    file_columns: list[str], *, preset: Preset | None = None, table: str | None = None
) -> Detection:
    """Choose preset and table: the given ones, or those matching the most headers.

    Raises
    ------
    InputFileError
        When nothing matches at least two headers (with what to do).
    """
    presets = [preset] if preset else [load_preset(n) for n in preset_names()]
    table = table or (preset.table if preset else None)
    ranked = _candidates(file_columns, presets, table)
    if not ranked or ranked[0].score < _MIN_MATCHES:
        shown = ", ".join(file_columns[:12]) + (" ..." if len(file_columns) > 12 else "")
        what = f"the {preset.name} preset" if preset else "any preset"
        raise InputFileError(
            f"cannot tell what this export is: its headers ({shown}) match no table of {what}"
            f"{f' for table {table}' if table else ''}. Pass --preset and --table, or write a "
            "mapping (`fieldsales import --suggest-mapping FILE` drafts one) and pass --mapping"
        )
    best = ranked[0]
    ties = [d for d in ranked[1:] if d.score == best.score and d.preset is not best.preset]
    given = []
    if preset:
        given.append(f"preset {preset.name} given")
    if table:
        given.append(f"table {table} given")
    matched = ", ".join(f"{h} -> {c}" for c, h in best.headers.items())
    how = f"{best.score} header(s) matched ({matched})"
    if given:
        how = "; ".join(given) + "; " + how
    else:
        how = f"detected preset {best.preset.name}, table {best.table}: " + how
    if ties:
        how += f" (as many matched preset {ties[0].preset.name}; pass --preset to choose)"
    best.how = how
    return best


def best_guess(file_columns: list[str], table: str | None = None) -> Detection | None:
    """The shipped preset that matches the most headers, for hints in error messages."""
    ranked = _candidates(file_columns, [load_preset(n) for n in preset_names()], table)
    return ranked[0] if ranked and ranked[0].score >= _MIN_MATCHES else None
