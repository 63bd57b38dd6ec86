# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Diversity checklist
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
team: str = ""  # team whose checklist is shown first; empty: the whole company's
group: str = ""  # gender or age_band, the grouping shown first; empty: the first in the data
user: str = ""  # name recorded with saves; empty: FIELDSALES_USER or the login name
lang: str = "en"  # language of the checklist items: en or zh

# %%
from fieldsales.apps import diversity_checklist

diversity_checklist(workspace, team=team, group=group, user=user, lang=lang)
