# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Goal setting
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
period: str = ""  # 2027, 2027-Q1 or 2027-01; empty: the quarter after the data's end
team: str = ""  # team shown first; empty: all teams (targets are edited per team)
metric: str = "revenue"  # revenue, new_customers, deals_won or visits
user: str = ""  # name saves are recorded under; empty: FIELDSALES_USER or the login name

# %%
from fieldsales.apps import goal_setting

goal_setting(workspace, period=period, team=team, metric=metric, user=user)
