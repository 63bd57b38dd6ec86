"""Signals: persistent-decline detection and the alert rules that route to the practices.

>>> from fieldsales import open_workspace                         # doctest: +SKIP
>>> from fieldsales.signals import alerts, detect_declines, monthly_panel
>>> ws = open_workspace("build/sample-workspace")                  # doctest: +SKIP
>>> alerts(ws, "2026-10")                                          # doctest: +SKIP
>>> detect_declines(monthly_panel(ws))                             # doctest: +SKIP

Every alert names the PLAYBOOK practice it serves and a recommended action in
English and Chinese. The method, its parameters and its measured recall,
delay and false alarms are in ``docs/signals.md``.
"""

from ._alerts import ALERT_COLUMNS, SEVERITIES, alerts, resolve_period
from ._decline import DECLINE_COLUMNS, detect_declines, prepare_panel
from ._evaluate import DeclineScore, evaluate_declines, naive_declines
from ._panel import PANEL_KPIS, monthly_panel
from ._rules import PRACTICE, PeriodFacts
from ._settings import SERIES, AlertThresholds, DeclineParams
from ._text import ACTIONS, KIND_NAMES

__all__ = [
    "alerts",
    "resolve_period",
    "ALERT_COLUMNS",
    "SEVERITIES",
    "detect_declines",
    "prepare_panel",
    "DECLINE_COLUMNS",
    "evaluate_declines",
    "naive_declines",
    "DeclineScore",
    "monthly_panel",
    "PANEL_KPIS",
    "PeriodFacts",
    "PRACTICE",
    "AlertThresholds",
    "DeclineParams",
    "SERIES",
    "ACTIONS",
    "KIND_NAMES",
]
