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
# # Data quality
#
# How complete the workspace is, and what its CRM imports could not load:
# quarantined rows by reason, owners that became new reps, date ranges and
# duplicates. `fieldsales import` writes the reports this reads
# (`imports/*.json`, `quarantine/*.csv` in the workspace); see `docs/import.md`.

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE

# %%
from fieldsales import open_workspace
from fieldsales.ingest import (
    completeness,
    date_ranges,
    duplicate_counts,
    import_history,
    new_owners,
    quality_headlines,
    quarantine_reasons,
)

ws = open_workspace(workspace)
print("\n".join(quality_headlines(ws)))

# %% [markdown]
# ## Completeness by column

# %%
completeness(ws)

# %% [markdown]
# ## Imports

# %%
import_history(ws)

# %% [markdown]
# ## Quarantined rows by reason

# %%
quarantine_reasons(ws)

# %% [markdown]
# ## Owners that became new reps

# %%
new_owners(ws)

# %% [markdown]
# ## Date ranges

# %%
date_ranges(ws)

# %% [markdown]
# ## Duplicates

# %%
duplicate_counts(ws)
