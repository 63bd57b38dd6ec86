"""Warm kernels: a report sees nothing a previous report on the same kernel left behind."""

from __future__ import annotations

import json

import pytest
from reports_helpers import make_template

from fieldsales.reports import execute_notebook, shutdown_kernels

POISON = """
secret_name = 'Previous Rep Name'
import random, numpy as np, pandas as pd, altair as alt, os
pd.set_option('display.max_rows', 3)
pd.set_option('display.precision', 1)
alt.renderers.enable('html')
alt.data_transformers.disable_max_rows()
random.seed(123); np.random.seed(123)
import warnings; warnings.simplefilter('ignore')
os.chdir('/')
raise RuntimeError('previous report failed: ' + secret_name)
"""
CHECK = """
import random, numpy as np, pandas as pd, altair as alt, os, warnings
state = {
    'leftover': [n for n in ('secret_name', 'report', 'rep_id_old') if n in globals()],
    'max_rows': pd.get_option('display.max_rows'),
    'precision': pd.get_option('display.precision'),
    'renderer': alt.renderers.active,
    'transformer': alt.data_transformers.active,
    'random': random.random(),
    'np_random': float(np.random.rand()),
    'ignored': any(f[0] == 'ignore' and f[2] is Warning for f in warnings.filters),
}
print('STATE', state)
"""


@pytest.fixture
def kernel():
    yield
    shutdown_kernels()


def _outputs(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells])


def test_state_does_not_leak_between_reports(tmp_path, kernel):
    poison = make_template(tmp_path / "poison.ipynb", POISON)
    check = make_template(tmp_path / "check.ipynb", CHECK)
    import nbformat

    fresh_nb, error = execute_notebook(nbformat.read(check, 4), {"rep_id": "A"})
    assert error is None
    fresh = _outputs(fresh_nb)
    nb, error = execute_notebook(nbformat.read(poison, 4), {"rep_id": "A"})
    assert error and "previous report failed" in error
    after_nb, error = execute_notebook(nbformat.read(check, 4), {"rep_id": "B"})
    assert error is None
    after = _outputs(after_nb)
    assert "Previous Rep Name" not in after
    assert "'leftover': []" in after
    assert "'max_rows': 60" in after and "'precision': 6" in after
    assert "'renderer': 'default'" in after and "'transformer': 'default'" in after
    # the whole state, random draws included, is as on the kernel's first report
    assert after == fresh


def test_real_reports_on_one_kernel_hold_only_their_rep(sample_ws, tmp_path, kernel):
    import nbformat

    from fieldsales.reports import TEMPLATES, BatchData, to_html
    from fieldsales.workspace import Workspace

    ws = Workspace.open(sample_ws)
    cache = tmp_path / "cache"
    batch = BatchData.build(ws, "2026-10")
    batch.save(cache)
    names = batch.reps.set_index("rep_id")["name"]
    template = nbformat.read(TEMPLATES["rep"], 4)
    poison = nbformat.read(make_template(tmp_path / "p.ipynb", POISON), 4)
    first, second = "R00004", "R00006"
    params = {"period": "2026-10", "workspace": str(sample_ws), "cache": str(cache)}
    nb, error = execute_notebook(template, {**params, "rep_id": first, "audience": "rep"})
    assert error is None, error
    execute_notebook(poison, {"rep_id": first})
    nb, error = execute_notebook(template, {**params, "rep_id": second, "audience": "rep"})
    assert error is None, error
    page = to_html(nb, "t")
    assert names[second] in page
    assert names[first] not in page and first not in page
