# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: title
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Cross-department checklist
# ---

# %% tags=["parameters"]
workspace: str = ""  # workspace folder; empty uses FIELDSALES_WORKSPACE (set by fieldsales serve)
team: str = ""  # team whose checklist is shown first; empty: the whole company's
handoff: str = ""  # hand-off shown first, e.g. complaint_response; empty: the first in the data
user: str = ""  # name recorded with saves; empty: FIELDSALES_USER or the login name
lang: str = "en"  # language of the checklist items: en or zh

# %%
from fieldsales.apps import cross_department_checklist

cross_department_checklist(workspace, team=team, handoff=handoff, user=user, lang=lang)
