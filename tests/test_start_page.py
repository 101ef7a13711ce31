"""Tests for course/start_page.py: the committed start page is generated from the catalog."""

from __future__ import annotations

import json

from course.catalog import REPO_ROOT, learner_copy_path, load_catalog
from course.start_page import START_PAGE, build_start_page, start_page_is_current


def test_committed_start_page_is_current():
    """Does start-here.ipynb equal what the catalog generates (run 'course start-page')?"""
    assert start_page_is_current(load_catalog()), "run: python -m course start-page"


def test_start_page_links_every_module_and_exercise():
    """Does the start page link every lesson, demo and exercise the catalog names?"""
    catalog = load_catalog()
    text = "\n".join(cell.source for cell in build_start_page(catalog).cells)
    for module in catalog.modules:
        assert module.title in text
        for notebook in module.notebooks:
            assert f"]({notebook})" in text
        if module.demo:
            assert f"]({module.demo})" in text
    for exercise in catalog.exercises:
        assert f"]({learner_copy_path(exercise, exercise.notebooks[0])})" in text


def test_start_page_changes_when_catalog_changes(tmp_path):
    """Would a catalog edit make the committed start page stale (so the check can fail)?"""
    catalog = load_catalog()
    page = tmp_path / START_PAGE
    page.write_text((REPO_ROOT / START_PAGE).read_text(encoding="utf-8"))
    assert start_page_is_current(catalog, page)
    data = json.loads(page.read_text())
    data["cells"][0]["source"] = "# Some other course"
    page.write_text(json.dumps(data))
    assert not start_page_is_current(catalog, page)
