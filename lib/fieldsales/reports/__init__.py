"""Per-rep diagnostic reports: report data, the papermill-style batch, offline HTML.

>>> from fieldsales.reports import rep_report, run_reports          # doctest: +SKIP
>>> rep_report("build/sample-workspace", "R00004", "2026-10").show("scorecard")  # doctest: +SKIP
>>> run_reports("build/sample-workspace", "2026-10", out="out", workers=2)  # doctest: +SKIP

A report for a rep (``audience="rep"``) holds that rep's figures and team
aggregates only. The batch computes KPIs once, runs the template on warm
kernels reset between reports, and works on any ``concurrent.futures`` executor.
See ``docs/reports.md``.
"""

from ._batch import TEMPLATES, BatchResult, executor_for, render_report, run_reports
from ._data import AUDIENCES, MIN_TEAM_FOR_REP, BatchData, resolve_period_text
from ._html import index_page, safe_name, to_html, write_atomic
from ._kernel import execute_notebook, reset_kernel_state, shutdown_kernels
from ._report import (
    PRACTICE_NAMES,
    REP_SECTIONS,
    TEAM_SECTIONS,
    RepReport,
    TeamReport,
    html_table,
    rep_report,
    team_report,
)

__all__ = [
    "rep_report",
    "team_report",
    "RepReport",
    "TeamReport",
    "REP_SECTIONS",
    "TEAM_SECTIONS",
    "PRACTICE_NAMES",
    "BatchData",
    "AUDIENCES",
    "MIN_TEAM_FOR_REP",
    "resolve_period_text",
    "run_reports",
    "render_report",
    "BatchResult",
    "TEMPLATES",
    "executor_for",
    "execute_notebook",
    "reset_kernel_state",
    "shutdown_kernels",
    "to_html",
    "write_atomic",
    "safe_name",
    "index_page",
    "html_table",
]
