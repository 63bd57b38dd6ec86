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
    the file (the header is line 1), otherwise the DataFrame index label.
    ``None`` means the failure concerns the whole column or table.
    """

    table: str
    column: str | None
    row: object
    value: object
    rule: str
    hint: str = ""

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
    """Data broke the canonical model; ``failures`` lists every failure at once."""

    MAX_LISTED = 50

    def __init__(self, failures: list[ValidationFailure], source: str = "data"):
        self.failures = list(failures)
        self.source = source
        lines = [f"{source}: {len(self.failures)} validation failure(s)"]
        lines += ["  " + f.describe() for f in self.failures[: self.MAX_LISTED]]
        hidden = len(self.failures) - self.MAX_LISTED
        if hidden > 0:
            lines.append(f"  ... and {hidden} more (see the .failures attribute)")
        super().__init__("\n".join(lines))
