"""Helpers shared by the reports tests (a plain module: conftest files are not importable)."""

from __future__ import annotations

from pathlib import Path

import nbformat

EVIL_ID = '../x"y\n<script>alert(1)</script>'
EVIL_NAME = "<script>alert('n')</script> O'Neil\nJr"
PARAMETERS = (
    'rep_id: str = ""  # rep\nperiod: str = ""  # period\nworkspace: str = ""  # workspace\n'
    'audience: str = "manager"  # audience\ncache: str = ""  # cache'
)


def make_template(path: Path, *cells: str) -> Path:
    """A report template: the standard parameters cell, then ``cells``."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)
    return path
