# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Team health
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
team: str = ""  # team shown first; empty: all teams
period: str = ""  # month shown first, e.g. 2026-10; empty: the newest month with data

# %%
from fieldsales.apps import team_health

team_health(workspace, team=team, period=period)
