"""Reading data into the canonical model: canonical CSV folders and CRM exports.

``import_file`` reads a Zoho CRM, Salesforce, HubSpot, Fxiaoke or any other
export (CSV in any common encoding, or XLSX), maps it with a preset or the
user's mapping file, and loads it into a workspace: every row is loaded,
counted as a duplicate, or quarantined with its reasons. See docs/import.md.
"""

from ._build import Batch, build_table
from ._canonical import read_canonical_folder
from ._dates import decide_order, parse_dates
from ._detect import Detection, detect, find_headers
from ._encoding import decode_to_utf8, detect_encoding
from ._importer import import_file, import_files, key_columns
from ._numbers import decide_decimal, parse_amounts, parse_minutes, parse_numbers
from ._presets import Preset, TableSpec, load_mapping, load_preset, preset_names
from ._quality import (
    completeness,
    date_ranges,
    duplicate_counts,
    import_history,
    new_owners,
    quality_headlines,
    quarantine_reasons,
)
from ._raw import RawReject, RawTable
from ._read import read_export
from ._refs import resolve_accounts, resolve_owners, stable_id
from ._report import ImportReport, Quarantine
from ._rules import rule_masks
from ._suggest import suggest_mapping

__all__ = [
    "read_canonical_folder",
    "read_export",
    "RawTable",
    "RawReject",
    "detect_encoding",
    "decode_to_utf8",
    "Preset",
    "TableSpec",
    "load_preset",
    "load_mapping",
    "preset_names",
    "Detection",
    "detect",
    "find_headers",
    "decide_order",
    "parse_dates",
    "decide_decimal",
    "parse_amounts",
    "parse_numbers",
    "parse_minutes",
    "Batch",
    "build_table",
    "resolve_owners",
    "resolve_accounts",
    "stable_id",
    "rule_masks",
    "ImportReport",
    "Quarantine",
    "import_file",
    "import_files",
    "key_columns",
    "suggest_mapping",
    "completeness",
    "quarantine_reasons",
    "new_owners",
    "date_ranges",
    "duplicate_counts",
    "import_history",
    "quality_headlines",
]
