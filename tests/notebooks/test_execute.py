"""Does every notebook run top to bottom on a fresh kernel?

Lessons, demos and the start page run as they are. Exercise sources are nbgrader's solution
versions (solutions and hidden tests included), so running them also proves the reference
solution passes its own tests.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from tests.notebooks.repo_notebooks import committed_notebooks, notebook_id

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("path", committed_notebooks(), ids=notebook_id)
def test_notebook_executes(path):
    """Does the notebook execute without an error, from its own folder?"""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]
    assert not errors
