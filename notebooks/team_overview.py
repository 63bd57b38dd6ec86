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
# # Team overview
#
# The manager's monthly summary: leaderboard, attainment distribution,
# alerts by practice and the reps who need action. For managers only.

# %% tags=["parameters"]
period: str = ""  # 2026-10, 2026-Q3, 2026, 2026-W41 or last-month; empty: the latest month
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE
team: str = ""  # team name; empty: every team
cache: str = ""  # batch cache written by `fieldsales reports`; empty computes KPIs here

# %%
from fieldsales.reports import team_report

overview = team_report(workspace, period, team, cache=cache)
overview.show("header")

# %%
overview.show("leaderboard")

# %%
overview.show("attainment")

# %%
overview.show("alerts")

# %%
overview.show("action")
