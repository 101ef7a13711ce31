"""Submissions are checked and repaired before nbgrader sees them, in a copy."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest

from autograder.runner.staging import Unusable, read_notebook, repair
from course.catalog import REPO_ROOT

SOURCE = REPO_ROOT / "exercises" / "score-a-vendor" / "score-a-vendor.ipynb"


def graded_ids(notebook) -> list[str]:
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in notebook.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]


def test_a_pasted_test_cell_becomes_an_ordinary_cell_and_the_last_copy_keeps_its_id():
    notebook = nbformat.read(SOURCE, as_version=4)
    test_cell = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade"))
    position = notebook.cells.index(test_cell)
    notebook.cells.insert(position, copy.deepcopy(test_cell))
    notes = repair(notebook)
    assert graded_ids(notebook) == graded_ids(nbformat.read(SOURCE, as_version=4))
    assert "nbgrader" not in notebook.cells[position].metadata
    assert any("second copy" in note for note in notes)


@pytest.mark.parametrize("version", [1, 10, "3"])
def test_a_foreign_schema_version_is_set_to_the_current_one(version):
    from nbgrader.nbgraderformat import SCHEMA_VERSION

    notebook = nbformat.read(SOURCE, as_version=4)
    cell = next(c for c in notebook.cells if "nbgrader" in c.metadata)
    cell.metadata["nbgrader"]["schema_version"] = version
    assert repair(notebook)
    assert cell.metadata["nbgrader"]["schema_version"] == SCHEMA_VERSION


def test_metadata_that_is_not_valid_is_dropped():
    notebook = nbformat.read(SOURCE, as_version=4)
    cell = next(c for c in notebook.cells if "nbgrader" in c.metadata)
    cell.metadata["nbgrader"] = "bonus"
    assert repair(notebook) == ["dropped nbgrader metadata that was not a dict"]
    assert "nbgrader" not in cell.metadata


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b'{"cells": [', "not valid JSON"),
        (b"\xff\xfe not text", "not UTF-8"),
        (json.dumps({"nbformat": 5, "nbformat_minor": 0, "cells": []}).encode(), "nbformat 4"),
    ],
)
def test_an_unreadable_notebook_is_named_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "score-a-vendor.ipynb"
    path.write_bytes(content)
    with pytest.raises(Unusable, match=reason) as problem:
        read_notebook(path)
    assert "score-a-vendor.ipynb" in str(problem.value)
