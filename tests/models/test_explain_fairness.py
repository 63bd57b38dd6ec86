"""Drivers come from the model; the fairness audit judges only groups large enough."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fieldsales.models import describe_driver, drivers, fairness_audit, feature_names, proxy_check


def test_drivers_are_the_models_largest_contributions(gen_evaluations, gen_features):
    model = gen_evaluations["underperformance"].model
    X = gen_features[feature_names()].tail(40)
    why = drivers(model, X)
    contrib = model.contributions(X)
    z = model._transform(X)
    np.testing.assert_allclose(contrib.to_numpy(), z * model.coef_)
    for i, (_, row) in enumerate(why.iterrows()):
        top = contrib.iloc[i].idxmax()
        if contrib.iloc[i].max() > 0:
            assert row["driver_1"] == top
            assert "-> practice" in row["drivers"]
            assert row["contribution_1"] >= row["contribution_2"] >= row["contribution_3"]
    # log-odds minus the contributions is the same for every rep: the average rep's
    rest = model.decision_function(X) - contrib.sum(axis=1).to_numpy()
    np.testing.assert_allclose(rest, model.intercept_)


def test_driver_text_in_plain_words():
    text = describe_driver("days_since_one_on_one", 45.0, 2.1)
    assert text == "days since the last 1:1 high (45 days) -> practice 2 (regular 1:1s)"
    assert "low (25%)" in describe_driver("win_rate_12m", 0.25, -1.5)


def test_fairness_audit_by_hand():
    scores = np.r_[np.linspace(0, 1, 60), [0.99]]
    labels = np.r_[np.tile([0, 1], 30), [1]]
    groups = pd.DataFrame({"gender": ["a"] * 30 + ["b"] * 30 + ["solo"]})
    audit = fairness_audit(scores, labels, groups, threshold=0.5).set_index("group")
    assert audit.loc["a", "flag_rate"] == 0.0
    assert audit.loc["b", "flag_rate"] == 1.0
    assert audit.loc["b", "tpr"] == 1.0
    assert audit.loc["a", "di_ratio"] == 0.0 and not audit.loc["a", "passes_80_rule"]
    assert audit.loc["b", "passes_80_rule"]
    assert audit.loc["solo", "note"].startswith("too small to judge (n=1")
    assert np.isnan(audit.loc["solo", "flag_rate"]) and np.isnan(audit.loc["solo", "di_ratio"])


def test_a_proxy_for_a_protected_attribute_is_warned_about():
    rng = np.random.default_rng(0)
    g = pd.DataFrame({"gender": np.repeat(["f", "m"], 100)})
    features = pd.DataFrame(
        {"proxy": np.r_[np.zeros(100), np.ones(100)] + rng.normal(0, 0.3, 200),
         "fine": rng.normal(size=200)}
    )  # fmt: skip
    check = proxy_check(features, g).set_index("feature")
    assert (
        check.loc["proxy", "eta"] > 0.8
        and "close proxy for gender" in check.loc["proxy", "warning"]
    )
    assert check.loc["fine", "warning"] == ""
