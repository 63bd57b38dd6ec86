"""Errors raised by fieldsales.

Every error derives from :class:`FieldsalesError` and from the builtin that
matches its meaning, so callers may catch either. The CLI turns any
``FieldsalesError`` into one clear message and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FieldsalesError",
    "ConfigError",
    "WorkspaceError",
    "WorkspaceNotFoundError",
    "UnknownTableError",
    "InputFileError",
    "ValidationFailure",
    "DataValidationError",
]


class FieldsalesError(Exception):
    """Root of every error fieldsales raises on purpose."""


class ConfigError(FieldsalesError, ValueError):
    """A setting (environment variable or argument) has an unusable value."""


class WorkspaceError(FieldsalesError, OSError):
    """A workspace folder is missing, damaged or cannot be written."""


class WorkspaceNotFoundError(WorkspaceError, FileNotFoundError):
    """No workspace at the given path."""


class UnknownTableError(FieldsalesError, KeyError):
    """A table name that is not one of the canonical tables."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InputFileError(FieldsalesError, ValueError):
    """An input file cannot be read at all (missing, empty, not text, not CSV)."""


@dataclass(frozen=True)
class ValidationFailure:
    """One failing cell, row or table-level rule.

    ``row`` is the row label: for tables read from CSV it is the line number in
    the file where the record starts (the header is line 1), otherwise the
    DataFrame index label. ``None`` means the failure concerns the whole column
    or table, or summarizes further rows.

    ``count`` is how many failing cells or rows the failure stands for: 1 for a
    listed row, and for a summary (``row`` is None) the number of further rows
    that broke the same rule but are not listed one by one.
    """

    table: str
    column: str | None
    row: object
    value: object
    rule: str
    hint: str = ""
    count: int = 1

    def describe(self) -> str:
        where = self.table
        if self.column is not None:
            where += f".{self.column}"
        if self.row is not None:
            where += f" row {self.row}"
        text = f"{where}: {self.rule}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.hint:
            text += f" — {self.hint}"
        return text


class DataValidationError(FieldsalesError, ValueError):
    """Data broke the canonical model; ``failures`` lists every failure at once.

    Each rule lists at most a fixed number of rows (1,000) per column; further
    rows are summarized by one failure whose ``count`` says how many.
    :attr:`count` is the true number of failing cells and rows.
    """

    MAX_LISTED = 50
    #: The end of the message for Python users; the CLI replaces it (see :meth:`describe`).
    MORE = "the .failures attribute lists the first 1,000 rows of each rule and counts the rest"

    def __init__(self, failures: list[ValidationFailure], source: str = "data"):
        self.failures = list(failures)
        self.source = source
        super().__init__(self.describe())

    @property
    def count(self) -> int:
        """Failing cells, rows and table-level problems, including the unlisted rows."""
        return sum(f.count for f in self.failures)

    def describe(self, more: str | None = None) -> str:
        """The message: a header with the true count, the first failures, then ``more``.

        Parameters
        ----------
        more
            Where the reader finds the failures not shown (default :attr:`MORE`).
        """
        total = self.count
        lines = [f"{self.source}: {total:,} validation failure(s)"]
        shown = self.failures[: self.MAX_LISTED]
        lines += ["  " + f.describe() for f in shown]
        hidden = total - sum(f.count for f in shown)
        if hidden > 0:
            lines.append(f"  ... and {hidden:,} more ({more or self.MORE})")
        return "\n".join(lines)
