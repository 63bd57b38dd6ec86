"""Risk estimators in scikit-learn's conventions.

Both are logistic models on standardized, median-imputed features, so their
log-odds are a sum of per-feature contributions (see :mod:`._explain`).

* :class:`AttritionRiskModel` is a discrete-time hazard model on rep-months:
  from the features at the end of month ``t`` it predicts the probability of a
  voluntary exit in month ``t + k`` given the rep is still there at the end of
  ``t + k - 1`` (k = 1..horizon, a dummy per k), and the horizon probability is
  ``1 - prod_k (1 - h_k)``. Involuntary exits and the end of the data censor.
* :class:`UnderperformanceRiskModel` predicts P(attainment over the next
  quarter < threshold) from the features at the end of month ``t``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ..exceptions import ConfigError
from ._features import PROTECTED

__all__ = ["AttritionRiskModel", "UnderperformanceRiskModel"]


def _check_X(X, *, fitted_names=None) -> tuple[np.ndarray, list[str]]:
    """Validate the feature matrix; protected attributes are refused by name."""
    if isinstance(X, pd.DataFrame):
        bad = [c for c in X.columns if str(c).lower() in PROTECTED]
        if bad:
            raise ConfigError(
                f"protected attribute(s) {', '.join(bad)} given as model input; they are "
                "for the fairness audit only: drop them from X"
            )
        names = [str(c) for c in X.columns]
        if fitted_names is not None and names != fitted_names:
            raise ConfigError(
                f"X has columns {names}, the model was fitted on {fitted_names}; "
                "build X with fieldsales.models.build_features"
            )
        values = X.to_numpy(dtype="float64", na_value=np.nan)
    else:
        values = np.asarray(X, dtype="float64")
        if values.ndim != 2:
            raise ConfigError(f"X must be 2-dimensional, got shape {values.shape}")
        names = [f"x{i}" for i in range(values.shape[1])]
        if fitted_names is not None and len(names) != len(fitted_names):
            raise ConfigError(
                f"X has {len(names)} features, the model was fitted on {len(fitted_names)}"
            )
    if values.shape[0] == 0:
        raise ConfigError("X has no rows: nothing to fit or score")
    if np.isinf(values).any():
        raise ConfigError("X holds infinite values; use NaN for unknown values")
    return values, names


class _LinearRisk(ClassifierMixin, BaseEstimator):
    """Shared parts: imputation, scaling, contributions."""

    def _prepare_fit(self, values: np.ndarray) -> np.ndarray:
        self.imputer_ = SimpleImputer(strategy="median", keep_empty_features=True)
        self.scaler_ = StandardScaler()
        empty = np.isnan(values).all(axis=0)
        self.empty_features_ = [n for n, e in zip(self.feature_names_in_, empty, strict=True) if e]
        z = self.scaler_.fit_transform(self.imputer_.fit_transform(values))
        return np.clip(z, -self.clip, self.clip)

    def _transform(self, X) -> np.ndarray:
        check_is_fitted(self, "coef_")
        values, _ = _check_X(X, fitted_names=self.feature_names_in_)
        z = self.scaler_.transform(self.imputer_.transform(values))
        return np.clip(z, -self.clip, self.clip)

    def contributions(self, X) -> pd.DataFrame:
        """Per row and feature: the feature's share of the log-odds, relative to the
        population mean of the training data (a standardized value of 0)."""
        z = self._transform(X)
        index = X.index if isinstance(X, pd.DataFrame) else None
        return pd.DataFrame(z * self.coef_, columns=self.feature_names_in_, index=index)

    def _more_tags(self):  # scikit-learn < 1.6
        return {"allow_nan": True}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class AttritionRiskModel(_LinearRisk):
    """Probability of a voluntary exit within ``horizon`` months (discrete-time hazard).

    Parameters
    ----------
    horizon : months ahead (the probability is of leaving in months t+1..t+horizon).
    C : inverse L2 regularisation strength of the logistic regression.
    clip : standardized features are clipped to +-clip (outliers do not dominate).
    max_iter : iterations of the solver.

    ``fit(X, y)`` takes ``y`` of shape (n, 2): months the rep was followed after
    ``t`` and whether the last of them ended in a voluntary exit (see
    :func:`fieldsales.models.attrition_target`). A 1-d ``y`` of 0/1 means
    "left voluntarily in the next month", every row followed one month.

    Attributes
    ----------
    coef_ : per feature, log-odds per standard deviation.
    month_effects_ : log-odds offset of k = 1..horizon months ahead.
    intercept_ : log-odds of the average rep one month ahead.
    feature_names_in_, n_features_in_, classes_, n_events_, empty_features_.
    """

    def __init__(self, *, horizon: int = 3, C: float = 1.0, clip: float = 5.0, max_iter: int = 500):
        self.horizon = horizon
        self.C = C
        self.clip = clip
        self.max_iter = max_iter

    def fit(self, X, y):
        if not isinstance(self.horizon, int | np.integer) or self.horizon < 1:
            raise ConfigError(f"horizon must be a whole number of months >= 1, got {self.horizon}")
        values, names = _check_X(X)
        self.feature_names_in_ = names
        self.n_features_in_ = len(names)
        y = np.asarray(y, dtype="float64")
        if y.ndim == 1:
            y = np.column_stack([np.ones_like(y), y])
        if y.ndim != 2 or y.shape[1] != 2 or len(y) != len(values):
            raise ConfigError(
                f"y must have one row per row of X and 2 columns (months followed, voluntary "
                f"exit), got shape {y.shape} for {len(values)} rows of X"
            )
        if np.isnan(y).any():
            raise ConfigError("y holds missing values; months followed and exit must be known")
        self.classes_ = np.array([0, 1])
        z = self._prepare_fit(values)
        rows, ks, labels = self._expand(y)
        self.n_events_ = int(labels.sum())
        if self.n_events_ == 0 or self.n_events_ == len(labels):
            raise ConfigError(
                f"cannot fit an attrition model: {self.n_events_} voluntary exits in "
                f"{len(labels)} rep-months followed; it needs both leavers and stayers "
                "(a workspace with no exits has nothing to learn from)"
            )
        design = np.hstack([z[rows], self._month_dummies(ks)])
        lr = LogisticRegression(C=self.C, max_iter=self.max_iter)
        lr.fit(design, labels)
        p = self.n_features_in_
        self.coef_ = lr.coef_[0, :p].copy()
        self.month_effects_ = np.r_[0.0, lr.coef_[0, p:]]
        self.intercept_ = float(lr.intercept_[0])
        return self

    def _expand(self, y):
        followed = np.minimum(y[:, 0], self.horizon).astype(int)
        exits = y[:, 1] > 0
        rows = np.repeat(np.arange(len(y)), np.maximum(followed, 0))
        ks = np.concatenate([np.arange(1, f + 1) for f in np.maximum(followed, 0)] or [[]])
        ks = ks.astype(int)
        last = ks == followed[rows]
        labels = (last & exits[rows] & (y[rows, 0] <= self.horizon)).astype(int)
        return rows, ks, labels

    def _month_dummies(self, ks):
        if self.horizon == 1:
            return np.zeros((len(ks), 0))
        return np.column_stack([(ks == k).astype(float) for k in range(2, self.horizon + 1)])

    def hazards(self, X) -> np.ndarray:
        """Monthly hazards, shape (n, horizon): P(leave in month t+k | there at t+k-1)."""
        z = self._transform(X)
        base = z @ self.coef_ + self.intercept_
        logits = base[:, None] + self.month_effects_[None, :]
        return 1.0 / (1.0 + np.exp(-logits))

    def predict_proba(self, X) -> np.ndarray:
        h = self.hazards(X)
        p = 1.0 - np.prod(1.0 - h, axis=1)
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def decision_function(self, X) -> np.ndarray:
        p = np.clip(self.predict_proba(X)[:, 1], 1e-12, 1 - 1e-12)
        return np.log(p / (1 - p))

    def survival(self, X, months: int = 24) -> np.ndarray:
        """P(still there after m months), m = 0..months, shape (n, months + 1).

        Months beyond the horizon use the hazard of the last month of the horizon.
        """
        h = self.hazards(X)
        k = np.minimum(np.arange(months), self.horizon - 1)
        return np.column_stack([np.ones(len(h)), np.cumprod(1.0 - h[:, k], axis=1)])

    def expected_tenure(self, X, months: int = 24) -> np.ndarray:
        """Expected further months with the company within the next ``months``."""
        return self.survival(X, months)[:, 1:].sum(axis=1)


class UnderperformanceRiskModel(_LinearRisk):
    """Probability that next quarter's quota attainment is below ``threshold``.

    Parameters
    ----------
    threshold : attainment below which a quarter counts as underperformance.
    C, clip, max_iter : as for :class:`AttritionRiskModel`.

    ``fit(X, y)`` takes ``y`` = the attainment over the next quarter (see
    :func:`fieldsales.models.attainment_ahead`); rows where it is missing are
    skipped.
    """

    def __init__(
        self, *, threshold: float = 0.8, C: float = 1.0, clip: float = 5.0, max_iter: int = 500
    ):
        self.threshold = threshold
        self.C = C
        self.clip = clip
        self.max_iter = max_iter

    def fit(self, X, y):
        values, names = _check_X(X)
        self.feature_names_in_ = names
        self.n_features_in_ = len(names)
        y = np.asarray(y, dtype="float64").ravel()
        if len(y) != len(values):
            raise ConfigError(f"y has {len(y)} values for {len(values)} rows of X")
        known = ~np.isnan(y)
        if not known.any():
            raise ConfigError("no row has a known next-quarter attainment: nothing to learn")
        labels = (y[known] < self.threshold).astype(int)
        self.classes_ = np.array([0, 1])
        if labels.min() == labels.max():
            raise ConfigError(
                f"all {labels.size} known next quarters are "
                f"{'below' if labels[0] else 'at or above'} the threshold {self.threshold}; "
                "the model needs both outcomes"
            )
        z = self._prepare_fit(values[known])
        lr = LogisticRegression(C=self.C, max_iter=self.max_iter)
        lr.fit(z, labels)
        self.coef_ = lr.coef_[0].copy()
        self.intercept_ = float(lr.intercept_[0])
        self.n_events_ = int(labels.sum())
        return self

    def predict_proba(self, X) -> np.ndarray:
        z = self._transform(X)
        p = 1.0 / (1.0 + np.exp(-(z @ self.coef_ + self.intercept_)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def decision_function(self, X) -> np.ndarray:
        z = self._transform(X)
        return z @ self.coef_ + self.intercept_
