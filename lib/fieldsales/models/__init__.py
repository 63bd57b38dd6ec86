"""Attrition and underperformance risk: features, estimators, evaluation, fairness.

>>> from fieldsales import open_workspace
>>> from fieldsales.models import train, score              # doctest: +SKIP
>>> reports = train(open_workspace("ws"))                     # doctest: +SKIP
>>> score(open_workspace("ws"), "2026-10")                    # doctest: +SKIP

See ``docs/models.md`` for the features, the leakage rules, the evaluation
and the fairness audit.
"""

from ._charts import calibration_chart
from ._estimators import AttritionRiskModel, UnderperformanceRiskModel
from ._evaluate import (
    calibration_table,
    expected_calibration_error,
    lift_top_decile,
    oracle_attrition,
    oracle_attrition_realised,
    oracle_underperformance,
    oracle_underperformance_realised,
    risk_metrics,
    time_split,
)
from ._explain import describe_driver, drivers
from ._fairness import fairness_audit, group_columns, proxy_check
from ._features import (
    FEATURES,
    PROTECTED,
    attainment_ahead,
    attrition_target,
    build_features,
    feature_names,
)
from ._persist import card_markdown, load_model, model_card, save_model
from ._train import TARGETS, Evaluation, evaluate, fit_model, labelled_panel, make_model
from ._workflow import Report, models_dir, report, score, train

__all__ = [
    "AttritionRiskModel",
    "UnderperformanceRiskModel",
    "FEATURES",
    "PROTECTED",
    "TARGETS",
    "build_features",
    "feature_names",
    "attrition_target",
    "attainment_ahead",
    "labelled_panel",
    "make_model",
    "fit_model",
    "evaluate",
    "Evaluation",
    "risk_metrics",
    "calibration_table",
    "expected_calibration_error",
    "lift_top_decile",
    "time_split",
    "oracle_attrition",
    "oracle_attrition_realised",
    "oracle_underperformance",
    "oracle_underperformance_realised",
    "drivers",
    "describe_driver",
    "fairness_audit",
    "proxy_check",
    "group_columns",
    "model_card",
    "card_markdown",
    "save_model",
    "load_model",
    "models_dir",
    "Report",
    "report",
    "train",
    "score",
    "calibration_chart",
]
