"""Errors of the decisions store.

Each derives from :class:`StateError` (a :class:`~fieldsales.exceptions.FieldsalesError`)
and from the builtin that matches its meaning, so callers may catch either.
"""

from __future__ import annotations

from ..exceptions import FieldsalesError

__all__ = [
    "StateError",
    "StateValueError",
    "StateConflictError",
    "StateNotFoundError",
    "StateStoreError",
]


class StateError(FieldsalesError):
    """Root of the errors raised by :mod:`fieldsales.state`."""


class StateValueError(StateError, ValueError):
    """Values that cannot be saved; ``problems`` lists every one of them at once."""

    def __init__(self, what: str, problems: list[str]):
        self.what = what
        self.problems = list(problems)
        lines = [f"cannot save {what}: {len(self.problems)} problem(s)"]
        lines += [f"  {p}" for p in self.problems]
        lines.append("nothing was saved")
        super().__init__("\n".join(lines))


class StateConflictError(StateError, RuntimeError):
    """Someone saved a newer version after the one being edited was loaded.

    Attributes name the newer version, who saved it and when (UTC), so an app
    can show them and offer to reload.
    """

    def __init__(
        self,
        message: str,
        *,
        expected_version: int,
        latest_version: int,
        saved_by: str | None = None,
        saved_at=None,
    ):
        self.expected_version = expected_version
        self.latest_version = latest_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        super().__init__(message)


class StateNotFoundError(StateError, LookupError):
    """A document version, 1:1 action or checklist item that is not in the store."""


class StateStoreError(StateError, OSError):
    """The store cannot be opened or stays locked, or was written by a newer fieldsales."""
