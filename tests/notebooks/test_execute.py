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


def test_generated_start_page_executes(tmp_path):
    """Does the start page a workspace opens on (generated, never committed) run cleanly?"""
    from course.catalog import load_catalog
    from course.progress import ProgressStore
    from course.start_page import write_start_page

    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "workspace.json").write_text("{}")
    ProgressStore(tmp_path).record("lesson", module="negotiation", notebook="lesson")
    notebook = nbformat.read(write_start_page(load_catalog(), tmp_path), as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    html = [
        o["data"]["text/html"] for c in notebook.cells for o in c.get("outputs", []) if "data" in o
    ]
    assert any("in progress" in shown for shown in html)
