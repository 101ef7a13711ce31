"""Tests for course/start_page.py: the start page a workspace opens on, built from the catalog."""

from __future__ import annotations

import json

from course.catalog import learner_copy_path, load_catalog
from course.progress import ProgressStore
from course.start_page import PROGRESS_CELL, START_PAGE, build_start_page, write_start_page


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


def test_written_page_shows_the_progress_already(tmp_path):
    """Does the page written into a workspace carry the progress table under its code cell?"""
    (tmp_path / ".course").mkdir()
    (tmp_path / ".course" / "workspace.json").write_text("{}")
    ProgressStore(tmp_path).record("lesson", module="onshore-offshore", notebook="lesson")
    page = json.loads(write_start_page(load_catalog(), tmp_path).read_text())
    assert (tmp_path / START_PAGE).is_file()
    cell = next(c for c in page["cells"] if c["cell_type"] == "code")
    assert cell["source"] == PROGRESS_CELL
    shown = cell["outputs"][0]["data"]["text/html"]
    assert "<table" in shown and "in progress" in shown and "not started" in shown


def test_start_page_states_the_prerequisite_and_links_the_guide():
    """Does the start page say what Python is needed, and link the warm-up, glossary and
    references where a workspace has them?"""
    from course.guide import GUIDE_PAGES

    text = "\n".join(cell.source for cell in build_start_page(load_catalog()).cells)
    assert "## Before you start" in text and "Python" in text
    for page in GUIDE_PAGES:
        assert f"]({page})" in text, f"the start page does not link {page}"


def test_start_page_shows_time_for_every_module_and_exercise():
    """Does every module and exercise on the start page say how long it takes?"""
    catalog = load_catalog()
    sections = [c.source for c in build_start_page(catalog).cells if c.source.startswith("### ")]
    assert len(sections) == len(catalog.modules)
    for module, section in zip(catalog.modules, sections, strict=True):
        assert f"*About {module.minutes} minutes.*" in section
        for exercise in catalog.exercises_of(module.id):
            assert f"({exercise.points:g} points, about {exercise.minutes} minutes)" in section
