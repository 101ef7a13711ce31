"""Are notebooks committed without outputs, so that diffs show only what a person wrote?"""

from __future__ import annotations

import json

import pytest

from tests.notebooks.repo_notebooks import committed_notebooks, notebook_id


def test_there_are_notebooks():
    """Does the collection find the course's notebooks at all (so the checks below can fail)?"""
    names = {notebook_id(p) for p in committed_notebooks()}
    assert any(name.startswith("exercises/") for name in names)
    assert any(name.startswith("modules/") for name in names)


@pytest.mark.parametrize("path", committed_notebooks(), ids=notebook_id)
def test_notebook_has_no_outputs(path):
    """Is every code cell free of outputs and execution counts?"""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        index
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{notebook_id(path)}: clear the outputs of cells {dirty}"
