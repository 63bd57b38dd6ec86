# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Underperformance risk
#
# Probability that next quarter's quota attainment falls below a threshold,
# from what is known at the end of this month; trained on earlier months and
# tested on later ones, beside two baselines and (on generated data) the
# generator's true probabilities given its state at the end of the month (the
# oracle; the older oracle that also knows part of the future is shown beside
# it). Then why the highest-risk reps are at risk,
# and a fairness audit by gender, age band and region. Risk scores are for
# managers, never for the rep's own report. `docs/models.md` explains the
# features and the rules that keep the future out of them.

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE
threshold: float = 0.8  # next-quarter attainment below this counts as underperformance

# %%
import altair as alt

from fieldsales import open_workspace
from fieldsales.models import calibration_chart, report

alt.renderers.enable("svg")  # drawn here by vl-convert: no network needed
ws = open_workspace(workspace)
result = report(ws, "underperformance", threshold=threshold)
result.evaluation.window

# %% [markdown]
# ## How well it finds the reps who will miss (test months)

# %%
result.metrics.round(3)

# %% [markdown]
# ## Calibration: predicted risk against what happened

# %%
calibration_chart(result.calibration)

# %%
result.calibration.round(3)

# %% [markdown]
# ## The highest-risk reps now, and why (with the practice that addresses it)

# %%
result.drivers

# %% [markdown]
# ## What the model weighs (log-odds per standard deviation)

# %%
result.coefficients.round(3)

# %% [markdown]
# ## Fairness: flag rate and true-positive rate by group (top decile flagged)

# %%
result.fairness.round(3)

# %%
result.proxy_warnings
