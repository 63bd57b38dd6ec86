# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Incentive design
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
plan: str = ""  # saved plan shown as plan A; empty: the most recently saved one, else the example
plan_b: str = ""  # saved plan shown as plan B; empty: a copy of plan A
period: str = ""  # pay period paid first, e.g. 2026-Q3; empty: the latest complete one
user: str = ""  # name saves are made under; empty: FIELDSALES_USER, else the login name

# %%
from fieldsales.apps import incentive_design

incentive_design(workspace, plan=plan, plan_b=plan_b, period=period, user=user)
