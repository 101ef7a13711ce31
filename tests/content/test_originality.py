"""Is the course text our own? No notebook may repeat a sentence or eight-word run of a seed."""

from __future__ import annotations

import json

import pytest

from tests.content.originality import copied_runs, fingerprints, load_fingerprints
from tests.notebooks.repo_notebooks import committed_notebooks, notebook_id

KNOWN = load_fingerprints()


def test_fingerprints_are_loaded():
    """Are the seed fingerprints there (so the check below can fail)?"""
    assert len(KNOWN) > 1000


def test_a_copied_sentence_is_caught():
    """Does the detector flag a copied sentence even with changed case and punctuation?"""
    source = "Leaders must listen first. Then they negotiate value for both sides of the deal."
    known = fingerprints(source)
    copied = "THEN they negotiate value, for both sides of the deal!"
    assert copied_runs(copied, known)
    assert not copied_runs("They negotiate value for everyone in the end.", known)
    assert not copied_runs('As "Then they negotiate value for both sides of the deal" says.', known)


@pytest.mark.parametrize("path", committed_notebooks(), ids=notebook_id)
def test_notebook_text_is_not_copied_from_seeds(path):
    """Does the notebook avoid repeating any seed sentence or eight-word run?"""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(cell["source"]) for cell in cells)
    assert not copied_runs(text, KNOWN), f"{notebook_id(path)} repeats seed text; paraphrase it"
