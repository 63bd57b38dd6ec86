"""Draft a mapping file from an export's headers, for the user to edit."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from ..exceptions import InputFileError
from ..schema import columns as canonical_columns
from ._build import _guess_status
from ._detect import detect
from ._presets import HELPERS, load_preset, normalize_header, preset_names
from ._read import read_export

__all__ = ["suggest_mapping"]

_CUTOFF = 0.6


def _known_names(table: str) -> dict[str, tuple[str, str]]:
    """Normalised header -> (canonical column, where the name comes from)."""
    names = {}
    for name in preset_names():
        preset = load_preset(name)
        spec = preset.tables.get(table)
        if spec is None:
            continue
        for canonical, headers in spec.columns.items():
            for header in headers:
                names.setdefault(normalize_header(header), (canonical, f"{name}: {header!r}"))
    for canonical in canonical_columns(table):
        names.setdefault(normalize_header(canonical.replace("_", " ")), (canonical, "canonical"))
    return names


def _best(header: str, known: dict) -> tuple[str | None, float, str]:
    norm = normalize_header(header)
    if norm in known:
        return known[norm][0], 1.0, known[norm][1]
    scored = [(difflib.SequenceMatcher(None, norm, k).ratio(), k) for k in known]
    score, key = max(scored, default=(0.0, ""))
    if score < _CUTOFF:
        return None, score, ""
    return known[key][0], score, known[key][1]


def suggest_mapping(
    path: str | Path,
    *,
    table: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> str:
    """A draft mapping file (YAML text) for ``path``, from header similarity.

    Every header gets a line: the canonical column it most resembles (exact
    preset or canonical names first, then string similarity), or ``~`` (not
    loaded). The stages found in the file are listed with a guessed status.
    """
    raw = read_export(path, sheet=sheet, encoding=encoding)
    if table is None:
        try:
            table = detect(raw.columns).table
        except InputFileError:
            table = "deals"
    known = _known_names(table)
    allowed = set(canonical_columns(table)) | set(HELPERS.get(table, ()))
    best = {h: _best(h, known) for h in raw.columns}
    chosen: dict[str, str] = {}
    for exact in (True, False):  # exact names first, then the closest remaining ones
        ranked = sorted(raw.columns, key=lambda h: -best[h][1])
        for header in ranked:
            canonical, score, _ = best[header]
            if header in chosen or canonical is None or canonical not in allowed:
                continue
            if (score == 1.0) == exact and canonical not in chosen.values():
                chosen[header] = canonical
    used, lines = set(chosen.values()), []
    for header in raw.columns:
        canonical = chosen.get(header)
        _, score, source = best[header]
        value = canonical if canonical else "~"
        why = f"  # {score:.0%} like {source}" if canonical else "  # not loaded"
        lines.append(
            f"  {yaml.safe_dump(header).strip().removesuffix('...').strip()}: {value}{why}"
        )
    missing = [c for c in canonical_columns(table) if c not in used]
    out = [
        f"# Draft mapping for {Path(path).name} -> table {table}. Check every line, then run:",
        f"#   fieldsales import WORKSPACE {Path(path).name} --mapping THIS_FILE.yaml",
        f"table: {table}",
        "# date_order: DMY   # DMY or MDY, when dates like 05/10/2026 are ambiguous",
        "# decimal: ','      # when numbers are written 1.234,50",
        "# currency: EUR     # when amounts carry no symbol or code",
        "columns:            # export header: canonical column (~ = not loaded)",
        *lines,
    ]
    if missing:
        out.append(
            f"# canonical columns not found: {', '.join(missing)} (required ones need a "
            "header; a deal's status comes from stages:, its currency from the amounts or "
            "currency:)"
        )
    stage_header = next(
        (
            h
            for h, ln in zip(raw.columns, lines, strict=True)
            if ln.split("#")[0].rstrip().endswith(": stage")
        ),
        None,
    )
    if table == "deals" and stage_header:
        values = raw.frame[stage_header].dropna().str.strip()
        stages = [v for v in dict.fromkeys(values) if v][:50]
        if stages:
            out.append("stages:             # stage: open, won or lost (guessed from the name)")
            for stage in stages:
                key = yaml.safe_dump(stage).strip().removesuffix("...").strip()
                out.append(f"  {key}: {_guess_status(normalize_header(stage))}")
    return "\n".join(out) + "\n"
