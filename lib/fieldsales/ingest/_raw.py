"""What a reader hands on: the header, the rows as text, and what it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["RawTable", "RawReject", "PREVIEW_CHARS"]

#: Characters of an unreadable line kept in the quarantine file.
PREVIEW_CHARS = 2000


@dataclass
class RawReject:
    """A record the reader could not split into the header's columns.

    ``values`` holds what could be read, by header name; ``text`` the raw
    line (cut to :data:`PREVIEW_CHARS` when longer, said in ``reason``).
    """

    line: int
    reason: str
    text: str = ""
    values: dict[str, str] | None = None


@dataclass
class RawTable:
    """One sheet or CSV file as text: nothing is typed or dropped yet.

    ``frame`` has one column per header (duplicates renamed ``Name (2)``),
    every value a string (empty cells are empty strings), and its index is
    the line number in the file (the header's own line is not a row).
    """

    path: Path
    columns: list[str]
    frame: pd.DataFrame
    rejected: list[RawReject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_line: int = 1
    blank_lines: int = 0
    footer_lines: int = 0

    @property
    def rows_read(self) -> int:
        """Records read (loaded later or not), blank lines and report footers excluded."""
        return len(self.frame) + len(self.rejected)
