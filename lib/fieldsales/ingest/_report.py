"""The import report, and the quarantine file of rows that were not loaded.

Both are saved inside the workspace folder, under one stamp per import::

    quarantine/<table>-<stamp>.csv    every row not loaded: original values,
                                      line number, every reason
    imports/<table>-<stamp>.json      the report (also printed)

Invariant, checked when the report is made: rows read = loaded (inserted +
updated + unchanged) + duplicates + quarantined.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ..safe_csv import write_csv

__all__ = ["ImportReport", "Quarantine", "new_stamp", "QUARANTINE_DIR", "REPORTS_DIR"]

QUARANTINE_DIR = "quarantine"
REPORTS_DIR = "imports"


def new_stamp(workspace: Path, table: str) -> str:
    """A UTC time stamp not yet used by a report or quarantine file of ``table``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    base = now.strftime("%Y%m%dT%H%M%SZ")
    stamp, n = base, 1
    while (workspace / REPORTS_DIR / f"{table}-{stamp}.json").exists() or (
        workspace / QUARANTINE_DIR / f"{table}-{stamp}.csv"
    ).exists():
        n += 1
        stamp = f"{base}-{n}"
    return stamp


@dataclass
class Quarantine:
    """Rows set aside: line -> original values and reasons (every reason kept)."""

    columns: list[str]
    rows: dict[int, dict] = field(default_factory=dict)

    def add(self, line: int, values: dict | None, reason: str, text: str = "") -> None:
        entry = self.rows.setdefault(
            int(line), {"values": values or {}, "reasons": [], "text": text}
        )
        if values and not entry["values"]:
            entry["values"] = values
        if reason not in entry["reasons"]:
            entry["reasons"].append(reason)

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        """One row per quarantined record: line, reasons, then the original columns."""
        records = []
        for line in sorted(self.rows):
            entry = self.rows[line]
            record = {"line": line, "reasons": " | ".join(entry["reasons"])}
            record.update({c: entry["values"].get(c, "") for c in self.columns})
            if entry["text"] and not entry["values"]:
                record["raw_line"] = entry["text"]
            records.append(record)
        cols = ["line", "reasons", *self.columns]
        if any("raw_line" in r for r in records):
            cols.append("raw_line")
        return pd.DataFrame(records, columns=cols)

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_csv(self.frame().astype("object"), path)


@dataclass
class ImportReport:
    """What an import did, in numbers and sentences."""

    file: str
    table: str
    preset: str
    detection: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    decisions: dict[str, str] = field(default_factory=dict)
    new_reps: list[dict] = field(default_factory=list)
    new_accounts: int = 0
    notes: list[str] = field(default_factory=list)
    written: bool = False
    quarantine_file: str | None = None
    report_file: str | None = None
    stamp: str = ""

    @property
    def loaded(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def count_reasons(self, quarantine: Quarantine) -> None:
        """Rows per reason (a reason without its value, so equal causes add up)."""
        counts: Counter = Counter()
        for entry in quarantine.rows.values():
            for reason in {_reason_key(r) for r in entry["reasons"]}:
                counts[reason] += 1
        self.reasons = dict(counts.most_common())

    def check(self) -> None:
        total = self.loaded + self.duplicates + self.quarantined
        if total != self.rows_read:  # a bug, never a user error
            raise AssertionError(
                f"import of {self.file}: rows read {self.rows_read} != loaded {self.loaded} + "
                f"duplicates {self.duplicates} + quarantined {self.quarantined}"
            )

    def to_dict(self) -> dict:
        data = asdict(self)
        data["loaded"] = self.loaded
        return data

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.report_file = str(path)
        path.write_text(
            json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n",
            encoding="utf-8",
        )
        return path

    def lines(self) -> list[str]:
        """The report as text lines, for the terminal."""
        out = [
            f"{self.file} -> {self.table} ({self.detection})",
            f"rows read {self.rows_read:,} = loaded {self.loaded:,} (new {self.inserted:,}, "
            f"updated {self.updated:,}, unchanged {self.unchanged:,}) + duplicates "
            f"{self.duplicates:,} + quarantined {self.quarantined:,}",
        ]
        for reason, n in self.reasons.items():
            out.append(f"  quarantined {n:,}: {reason}")
        for what, decision in self.decisions.items():
            out.append(f"decision {what}: {decision}")
        if self.unmapped:
            out.append(f"columns not loaded (no canonical column): {', '.join(self.unmapped)}")
        if self.new_reps:
            shown = ", ".join(f"{r['name']} ({r['rep_id']})" for r in self.new_reps[:20])
            more = f" and {len(self.new_reps) - 20} more" if len(self.new_reps) > 20 else ""
            out.append(f"new reps from owners ({len(self.new_reps)}): {shown}{more}")
        if self.new_accounts:
            out.append(f"new accounts from account names: {self.new_accounts:,}")
        out += [f"note: {n}" for n in self.notes]
        if self.quarantine_file:
            out.append(f"quarantine: {self.quarantine_file}")
        out.append("workspace updated" if self.written else "workspace unchanged")
        return out


def _reason_key(reason: str) -> str:
    """'Amount 'abc': not an amount' -> 'Amount: not an amount' (value dropped)."""
    head, sep, rule = reason.partition(": ")
    if not sep:
        return reason
    quote = head.find(" '")
    if quote < 0:
        quote = head.find(' "')
    return f"{head[:quote] if quote > 0 else head}: {rule}"
