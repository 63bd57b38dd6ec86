"""Settings read from ``FIELDSALES_*`` environment variables.

Nothing here connects or reads files at import time; each function reads the
environment when called, so tests and schedulers can change it per process.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .exceptions import ConfigError

__all__ = ["default_workspace", "today", "SLA_HOURS", "CONTACT_DAYS_BY_TIER", "WORKING_HOURS"]

#: Hours within which a complaint must get a first response, by severity.
SLA_HOURS = {"low": 48, "medium": 24, "high": 8, "critical": 2}
#: Days an account may go without contact before it is overdue, by tier.
CONTACT_DAYS_BY_TIER = {"A": 30, "B": 60, "C": 90}
#: Local working hours [start, end): activity outside them, or at weekends, is after hours.
WORKING_HOURS = (8, 19)
#: Set (to 1) by ``fieldsales serve`` for its kernels when it listens beyond this machine.
SHARED_SERVER = "FIELDSALES_SHARED_SERVER"


def default_workspace() -> Path | None:
    """The workspace named by ``FIELDSALES_WORKSPACE``, or ``None`` when unset."""
    value = os.environ.get("FIELDSALES_WORKSPACE", "").strip()
    return Path(value) if value else None


def today() -> date:
    """Today's date, or ``FIELDSALES_TODAY`` (YYYY-MM-DD) when set.

    Schedulers and tests set it to make "future date" checks and relative
    periods reproducible.
    """
    value = os.environ.get("FIELDSALES_TODAY", "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"FIELDSALES_TODAY={value!r} is not a date; use the form 2026-10-31 or unset it"
        ) from None
