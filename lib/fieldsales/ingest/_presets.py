"""Presets as data: one YAML file per CRM, and the user's own mapping files.

A preset (``presets/<name>.yaml``) says, per canonical table, which export
headers hold each canonical column (first header found wins), how stage
names map to open/won/lost (in pipeline order), how activity types and
account tiers map, and file-level defaults (day/month order, decimal
separator, currency). ``generic`` maps every canonical column name to itself.

A mapping file (``--mapping m.yaml``) has the same keys, written the way a
user reads an export, header first::

    extends: generic          # optional: a preset to start from
    table: deals              # optional: the table this file fills
    date_order: DMY           # DMY or MDY, for dates like 05/10/2026
    decimal: ","              # decimal separator of numbers
    currency: EUR             # when amounts carry no symbol or code
    columns:                  # export header: canonical column
      Opp Nr: deal_id
      Sales Person: rep_id
    stages:                   # stage as exported: open, won or lost (pipeline order)
      Signed: won
    fallbacks:                # canonical column: column to copy when it is missing
      created_date: close_date
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from ..exceptions import ConfigError
from ..schema import TABLES, columns

__all__ = [
    "Preset",
    "TableSpec",
    "load_preset",
    "load_mapping",
    "preset_names",
    "normalize_header",
    "HELPERS",
    "STATUSES",
]

#: Columns a preset may map besides the canonical ones, per table.
HELPERS = {
    "deals": ("account_name", "owner_email"),
    "activities": ("account_name", "owner_email"),
    "accounts": ("owner_email",),
}
STATUSES = ("open", "won", "lost")
ACTIVITY_TYPES = ("visit", "call", "email", "meeting", "demo", "other")
DEFAULTS = {
    "accounts": {"tier": "C", "segment": "unknown", "region": "unknown"},
    "reps": {"team": "unknown", "region": "unknown", "territory": "unknown", "role": "field_rep"},
}
_TOP = {
    "name",
    "title",
    "extends",
    "table",
    "date_order",
    "decimal",
    "currency",
    "currency_symbols",
    "tables",
    "columns",
    "stages",
    "status_values",
    "types",
    "type_by_header",
    "tiers",
    "id_from",
    "defaults",
    "fallbacks",
}
_TABLE_KEYS = {"columns", "stages", "status_values", "types", "type_by_header", "tiers", "id_from"}


def normalize_header(text: str) -> str:
    """Header or value as compared: NFKC (full-width to ASCII), case-folded, single spaces."""
    return " ".join(
        unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "").split()
    ).casefold()


@dataclass
class TableSpec:
    """How one canonical table is found in an export."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    status_values: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    type_by_header: dict[str, str] = field(default_factory=dict)
    tiers: dict[str, str] = field(default_factory=dict)
    id_from: list[str] = field(default_factory=list)

    def merged(self, other: TableSpec) -> TableSpec:
        """``other`` on top of this spec (its headers are tried first)."""
        cols = {k: list(v) for k, v in self.columns.items()}
        for name, headers in other.columns.items():
            cols[name] = list(headers) + [h for h in cols.get(name, []) if h not in headers]
        return TableSpec(
            cols,
            {**self.stages, **other.stages},
            {**self.status_values, **other.status_values},
            {**self.types, **other.types},
            {**self.type_by_header, **other.type_by_header},
            {**self.tiers, **other.tiers},
            other.id_from or self.id_from,
        )


@dataclass
class Preset:
    """A CRM preset or a user's mapping file, resolved."""

    name: str
    title: str = ""
    tables: dict[str, TableSpec] = field(default_factory=dict)
    date_order: str | None = None
    decimal: str | None = None
    currency: str | None = None
    currency_symbols: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    fallbacks: dict[str, str] = field(default_factory=dict)
    table: str | None = None
    source: str = ""

    def stage_order(self, table: str = "deals") -> list[str]:
        """Stage names in pipeline order, as the preset lists them."""
        spec = self.tables.get(table)
        return list(spec.stages) if spec else []

    def default_values(self, table: str) -> dict[str, str]:
        return {**DEFAULTS.get(table, {}), **self.defaults.get(table, {})}


def preset_names() -> list[str]:
    """Names of the shipped presets, ``generic`` included."""
    files = resources.files("fieldsales.ingest").joinpath("presets").iterdir()
    return sorted([Path(f.name).stem for f in files if f.name.endswith(".yaml")] + ["generic"])


def _generic() -> Preset:
    tables = {}
    for table in TABLES:
        cols = {c: [c] for c in columns(table)}
        for helper in HELPERS.get(table, ()):
            cols[helper] = [helper]
        tables[table] = TableSpec(columns=cols)
    tables["deals"].stages = {}
    return Preset("generic", "canonical column names (docs/data-model.md)", tables)


def _fail(where: str, message: str) -> None:
    raise ConfigError(f"{where}: {message}")


def _as_list(value, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    _fail(where, f"expected a header name or a list of header names, got {value!r}")


def _mapping(value, where: str, allowed: tuple[str, ...] | None = None) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(where, f"expected a mapping (name: value), got {type(value).__name__}")
    out = {}
    for k, v in value.items():
        v = None if v is None else str(v)
        if allowed is not None and v not in allowed:
            _fail(where, f"{k!r}: {v!r} is not one of {', '.join(allowed)}")
        out[str(k)] = v
    return out


def _table_spec(table: str, raw: dict, where: str) -> TableSpec:
    if not isinstance(raw, dict):
        _fail(where, f"table {table!r} must be a mapping")
    unknown = set(raw) - _TABLE_KEYS
    if unknown:
        _fail(
            where, f"unknown key(s) {sorted(unknown)} under {table}; allowed: {sorted(_TABLE_KEYS)}"
        )
    allowed_cols = set(columns(table)) | set(HELPERS.get(table, ()))
    cols = {}
    for name, headers in (raw.get("columns") or {}).items():
        if name not in allowed_cols:
            _fail(
                where,
                f"{table}.columns: {name!r} is not a column of {table} "
                f"(columns: {', '.join(sorted(allowed_cols))})",
            )
        cols[name] = _as_list(headers, f"{where}: {table}.columns.{name}")
    return TableSpec(
        columns=cols,
        stages=_mapping(raw.get("stages"), f"{where}: {table}.stages", STATUSES),
        status_values=_mapping(raw.get("status_values"), f"{where}: status_values", STATUSES),
        types=_mapping(raw.get("types"), f"{where}: {table}.types", ACTIVITY_TYPES),
        type_by_header=_mapping(
            raw.get("type_by_header"), f"{where}: type_by_header", ACTIVITY_TYPES
        ),
        tiers=_mapping(raw.get("tiers"), f"{where}: {table}.tiers", ("A", "B", "C")),
        id_from=_as_list(raw.get("id_from") or [], f"{where}: {table}.id_from"),
    )


def _from_dict(raw: dict, where: str, base: Preset | None) -> Preset:
    if not isinstance(raw, dict):
        _fail(where, "expected a YAML mapping at the top level")
    unknown = set(raw) - _TOP
    if unknown:
        _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP)}")
    preset = replace(base) if base else Preset(name=str(raw.get("name", Path(where).stem)))
    preset.tables = dict(base.tables) if base else {}
    preset.source = where
    if "name" in raw:
        preset.name = str(raw["name"])
    preset.title = str(raw.get("title", preset.title))
    order = raw.get("date_order", preset.date_order)
    if order is not None and str(order).upper() not in ("DMY", "MDY"):
        _fail(where, f"date_order must be DMY or MDY, got {order!r}")
    preset.date_order = str(order).upper() if order else None
    decimal = raw.get("decimal", preset.decimal)
    if decimal not in (None, ".", ","):
        _fail(where, f"decimal must be '.' or ',', got {decimal!r}")
    preset.decimal = decimal
    currency = raw.get("currency", preset.currency)
    if currency is not None and not (len(str(currency)) == 3 and str(currency).isupper()):
        _fail(where, f"currency must be an ISO 4217 code such as EUR, got {currency!r}")
    preset.currency = currency
    preset.currency_symbols = {
        **preset.currency_symbols,
        **_mapping(raw.get("currency_symbols"), f"{where}: currency_symbols"),
    }
    for table, spec in (raw.get("tables") or {}).items():
        if table not in TABLES:
            _fail(where, f"unknown table {table!r}; tables are: {', '.join(TABLES)}")
        new = _table_spec(table, spec, where)
        preset.tables[table] = preset.tables[table].merged(new) if table in preset.tables else new
    table = raw.get("table", preset.table)
    if table is not None and table not in TABLES:
        _fail(where, f"table: {table!r} is not a canonical table ({', '.join(TABLES)})")
    preset.table = table
    flat = {k: raw[k] for k in _TABLE_KEYS if k in raw}
    if flat:  # user style: header -> canonical, for `table`
        if not table:
            _fail(where, "columns/stages at the top level need `table:` (e.g. table: deals)")
        cols = {}
        for header, canonical in (flat.pop("columns", None) or {}).items():
            if canonical in (None, "", "~"):
                continue
            cols.setdefault(str(canonical), []).append(str(header))
        new = _table_spec(table, {**flat, "columns": cols}, where)
        preset.tables[table] = preset.tables[table].merged(new) if table in preset.tables else new
    defaults = raw.get("defaults") or {}
    if not isinstance(defaults, dict):
        _fail(where, "defaults must map a table to {column: value}")
    preset.defaults = {
        **preset.defaults,
        **{t: _mapping(v, f"{where}: defaults.{t}") for t, v in defaults.items()},
    }
    preset.fallbacks = {**preset.fallbacks, **_mapping(raw.get("fallbacks"), f"{where}: fallbacks")}
    return preset


def load_preset(name: str) -> Preset:
    """A shipped preset by name: zoho, salesforce, hubspot, fxiaoke or generic."""
    if name == "generic":
        return _generic()
    path = resources.files("fieldsales.ingest").joinpath("presets", f"{name}.yaml")
    if not path.is_file():
        raise ConfigError(f"unknown preset {name!r}; presets are: {', '.join(preset_names())}")
    where = f"preset {name} ({path})"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML: {exc}") from None
    return _from_dict(raw, where, None)


def load_mapping(path: str | Path, base: str | None = None) -> Preset:
    """A user's mapping file, on top of its ``extends:`` preset (or ``base``, or generic)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"mapping file {path} does not exist") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"mapping file {path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"mapping file {path}: expected a YAML mapping at the top level")
    start = load_preset(str(raw.get("extends") or base or "generic"))
    raw = {k: v for k, v in raw.items() if k != "extends"}
    preset = _from_dict(raw, str(path), start)
    preset.name = f"{start.name}+{path.name}"
    return preset
