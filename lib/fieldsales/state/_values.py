"""Checks on values before they are saved: every problem is reported at once."""

from __future__ import annotations

import json
import numbers
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pandas as pd

from ._errors import StateValueError

__all__ = ["Problems", "UNCHANGED"]

_DATE_HINT = "pass a datetime.date or a 'YYYY-MM-DD' string"


class _Unchanged:
    """Marks a field the caller did not pass: the saved value stays."""

    def __repr__(self) -> str:
        return "UNCHANGED"

    def __bool__(self) -> bool:
        return False


UNCHANGED: Any = _Unchanged()


class Problems:
    """Collects what is wrong with the values of one save, then raises once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, field: str, rule: str, value: object, hint: str) -> None:
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        self.items.append(f"{field}: {rule} (got {shown}) — {hint}")

    def raise_for(self, what: str) -> None:
        """Raise :class:`StateValueError` naming every problem, if there are any."""
        if self.items:
            raise StateValueError(what, self.items)

    # -- checks; each returns the clean value, or None after noting a problem -------
    def text(
        self,
        field: str,
        value: object,
        *,
        max_len: int | None = None,
        required: bool = True,
        strip: bool = True,
        hint: str = "",
    ) -> str | None:
        """A string; stripped of surrounding spaces when ``strip``; blank only if not required."""
        if value is None:
            if required:
                self.add(field, "is missing", value, hint or "fill it in")
            return None
        if not isinstance(value, str):
            self.add(field, "must be text", value, hint or "pass a string")
            return None
        clean = value.strip() if strip else value
        if not clean.strip():
            if required:
                self.add(field, "must not be empty", value, hint or "fill it in")
            return None
        if max_len is not None and len(clean) > max_len:
            self.add(
                field,
                f"is {len(clean)} characters long, at most {max_len} fit",
                value,
                "shorten it",
            )
            return None
        return clean

    def day(self, field: str, value: object, *, required: bool = True) -> date | None:
        """A calendar date: a ``date``, a midnight ``datetime``/``Timestamp``, or ISO text."""
        if value is None or (isinstance(value, datetime) and value != value):  # None or NaT
            if required:
                self.add(field, "is missing", value, _DATE_HINT)
            return None
        if isinstance(value, np.datetime64):
            value = pd.Timestamp(value)
        if isinstance(value, datetime):
            if value.tzinfo is None and value.time() == time(0):
                return date(value.year, value.month, value.day)
            self.add(field, "must be a date without a time of day", value, _DATE_HINT)
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(field, "is not a date", value, _DATE_HINT)
        return None

    def choice(self, field: str, value: object, choices: tuple[str, ...]) -> str | None:
        if isinstance(value, str) and value in choices:
            return value
        self.add(field, "is not a known value", value, f"use one of: {', '.join(choices)}")
        return None

    def version(self, field: str, value: object) -> int | None:
        """An optional version number: None, or an int >= 0 (0: nothing saved yet)."""
        if value is None:
            return None
        # numpy integers too: versions read back from a checklist() frame are np.int64
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            self.add(
                field,
                "must be a whole number >= 0",
                value,
                "pass the version you loaded (0 when nothing was saved yet), or None "
                "to save without checking",
            )
            return None
        return int(value)

    def json_body(self, field: str, value: object) -> object:
        """A JSON document, returned as it will read back (tuples become lists, ...)."""
        hint = (
            "use dicts with text keys, lists, strings, numbers, booleans and None; "
            "write dates as 'YYYY-MM-DD' strings"
        )
        if value is None:
            self.add(field, "is missing", value, hint)
            return None
        try:
            return json.loads(json.dumps(value, allow_nan=False))
        except (TypeError, ValueError) as exc:
            self.add(field, f"cannot be stored as JSON ({exc})", value, hint)
            return None
