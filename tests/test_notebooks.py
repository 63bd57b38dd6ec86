"""Notebooks stay thin, stripped and paired; nbval runs them in `make test`."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("playbook/*.ipynb")])


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: strip outputs (nbstripout)"
            assert cell.execution_count is None, f"{path.name}: strip execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_thin_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{path.name}: one cell tagged 'parameters'"
    for line in params[0].source.splitlines():
        if line.strip() and not line.startswith("#"):
            assert ":" in line and "#" in line, f"{path.name}: 'name: type = default  # help'"
    for cell in code:
        for word in ("def ", "class ", "open(", "read_csv(", "to_csv("):
            assert word not in cell.source, f"{path.name}: move {word!r} into lib/fieldsales"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_with_its_py_percent_twin(path):
    twin = path.with_suffix(".py")
    assert twin.is_file(), f"run: jupytext --set-formats ipynb,py:percent {path}"
    notebook = nbformat.read(path, as_version=4)
    paired = jupytext.read(twin)

    def cells(nb):
        return [(c.cell_type, c.source.strip()) for c in nb.cells]

    assert cells(paired) == cells(notebook), f"out of sync: jupytext --sync {path}"
