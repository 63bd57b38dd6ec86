"""Constants shared by the app tests (imported by name: the test folders are not packages)."""

from __future__ import annotations

from datetime import date

#: The day the tests' pages are "for": the generated data end on 2026-10-31.
TODAY = date(2026, 11, 3)
#: A CRM string that would run script if a page inserted it unescaped.
EVIL = '<img src=x onerror="alert(1)">&'
