# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: 1:1 planning
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
team: str = ""  # team shown first; empty: all teams
user: str = ""  # name saves are made under; empty: FIELDSALES_USER, else the login name

# %%
from fieldsales.apps import one_on_ones

one_on_ones(workspace, team=team, user=user)
