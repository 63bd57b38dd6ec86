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
# # Workspace overview
#
# What is in a workspace: each canonical table with its rows and date range,
# and the columns with missing values. Run `fieldsales validate` for rule
# checks; `docs/data-model.md` describes every column.

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE

# %%
from fieldsales import open_workspace
from fieldsales.summary import missing_values, table_summary

ws = open_workspace(workspace)
ws

# %% [markdown]
# ## Tables

# %%
table_summary(ws)

# %% [markdown]
# ## Missing values

# %%
missing_values(ws)
