"""scikit-learn conventions, checked with the parts of check_estimator that apply.

The full ``check_estimator`` assumes a plain classifier with a 1-d class label;
``AttritionRiskModel`` takes ``(months followed, exit)`` and
``UnderperformanceRiskModel`` a continuous attainment it thresholds itself, so
the checks below are the applicable ones: parameters default-constructible, no
attributes set in ``__init__``, get/set_params, clone, unfitted errors, and
``fit`` returning self with fitted attributes ending in ``_``.
"""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from fieldsales.exceptions import ConfigError
from fieldsales.models import AttritionRiskModel, UnderperformanceRiskModel

ESTIMATORS = [AttritionRiskModel, UnderperformanceRiskModel]


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame(rng.normal(size=(n, 4)), columns=["a", "b", "c", "d"])
    attainment = np.exp(0.8 * X["a"] + rng.normal(0, 0.5, n))
    followed = rng.integers(1, 4, n).astype(float)
    exits = (rng.random(n) < 1 / (1 + np.exp(-(-2.5 + X["b"])))).astype(float)
    return X, attainment.to_numpy(), np.column_stack([followed, exits])


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_sklearn_checks_that_apply(cls):
    name = cls.__name__
    check_parameters_default_constructible(name, cls())
    check_no_attributes_set_in_init(name, cls())
    check_get_params_invariance(name, cls())
    check_set_params(name, cls())


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_init_is_keyword_only_and_only_stores(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert params and all(p.kind is p.KEYWORD_ONLY for p in params)
    est = cls(C=0.5)
    assert est.get_params()["C"] == 0.5
    assert not [k for k in vars(est) if k.endswith("_")]


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_fit_returns_self_and_unfitted_raises(cls):
    X, attainment, surv = _data()
    est = cls()
    with pytest.raises(NotFittedError):
        est.predict_proba(X)
    y = surv if cls is AttritionRiskModel else attainment
    assert est.fit(X, y) is est
    fitted = [k for k in vars(est) if k.endswith("_")]
    assert {"coef_", "intercept_", "feature_names_in_", "n_features_in_"} <= set(fitted)
    p = est.predict_proba(X)
    assert p.shape == (len(X), 2) and np.allclose(p.sum(axis=1), 1)
    assert set(np.unique(est.predict(X))) <= {0, 1}
    twin = clone(est)
    assert not hasattr(twin, "coef_")
    with pytest.raises(ConfigError, match="columns"):
        est.predict_proba(X[["b", "a", "c", "d"]])


def test_attrition_horizon_probability_is_one_minus_survival():
    X, _, surv = _data()
    m = AttritionRiskModel(horizon=3).fit(X, surv)
    h = m.hazards(X)
    assert h.shape == (len(X), 3)
    np.testing.assert_allclose(m.predict_proba(X)[:, 1], 1 - np.prod(1 - h, axis=1))
    s = m.survival(X, months=12)
    assert s.shape == (len(X), 13) and (np.diff(s, axis=1) <= 0).all()
    assert (m.expected_tenure(X, 12) <= 12).all()
    one = AttritionRiskModel(horizon=1).fit(X, surv)
    assert one.month_effects_.shape == (1,)


def test_underperformance_threshold_is_a_parameter():
    X, attainment, _ = _data()
    low = UnderperformanceRiskModel(threshold=0.5).fit(X, attainment)
    high = UnderperformanceRiskModel(threshold=1.5).fit(X, attainment)
    assert low.predict_proba(X)[:, 1].mean() < high.predict_proba(X)[:, 1].mean()


def test_seeded_fits_are_deterministic():
    X, attainment, surv = _data(seed=3)
    for est, y in [(AttritionRiskModel(), surv), (UnderperformanceRiskModel(), attainment)]:
        a = clone(est).fit(X, y).predict_proba(X)
        b = clone(est).fit(X, y).predict_proba(X)
        np.testing.assert_array_equal(a, b)


def test_bad_targets_are_reported():
    X, attainment, surv = _data()
    with pytest.raises(ConfigError, match="2 columns"):
        AttritionRiskModel().fit(X, np.zeros((len(X), 3)))
    with pytest.raises(ConfigError, match="no exits|both leavers and stayers"):
        AttritionRiskModel().fit(X, np.column_stack([surv[:, 0], np.zeros(len(X))]))
    with pytest.raises(ConfigError, match="both outcomes"):
        UnderperformanceRiskModel().fit(X, np.full(len(X), 2.0))
    with pytest.raises(ConfigError, match="no row has a known"):
        UnderperformanceRiskModel().fit(X, np.full(len(X), np.nan))
    with pytest.raises(ConfigError, match="horizon"):
        AttritionRiskModel(horizon=0).fit(X, surv)
    with pytest.raises(ConfigError, match="infinite"):
        UnderperformanceRiskModel().fit(X.assign(a=np.inf), attainment)


def test_an_all_missing_feature_is_filled_and_named():
    X, attainment, _ = _data()
    X["d"] = np.nan
    m = UnderperformanceRiskModel().fit(X, attainment)
    assert m.empty_features_ == ["d"]
    assert np.isfinite(m.predict_proba(X)).all()
    assert m.coef_[3] == 0
