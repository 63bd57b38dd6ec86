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
# # Rep diagnostic
#
# One rep, one period. `fieldsales reports` runs this template for every rep
# and writes offline HTML; for a rep's own copy use `audience = "rep"` (own
# figures and team aggregates only: no colleague, no risk score, no manager notes).

# %% tags=["parameters"]
rep_id: str = ""  # rep id; empty: the first rep with figures in the period
period: str = ""  # 2026-10, 2026-Q3, 2026, 2026-W41 or last-month; empty: the latest month
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE
audience: str = "manager"  # manager (everything) or rep (the copy handed to the rep)
cache: str = ""  # batch cache written by `fieldsales reports`; empty computes KPIs here

# %%
from fieldsales.reports import rep_report

report = rep_report(workspace, rep_id, period, audience, cache=cache)
report.show("header")

# %%
report.show("scorecard")

# %%
report.show("trends")

# %%
report.show("pipeline")

# %%
report.show("activity")

# %%
report.show("accounts")

# %%
report.show("satisfaction")

# %%
report.show("one_on_ones")

# %%
report.show("training")

# %%
report.show("alerts")

# %%
report.show("risk")
