"""Do the catalog and the lesson notebooks agree, and does every lesson have its parts?"""

from __future__ import annotations

import json
import re

import pytest

from course.catalog import REPO_ROOT, learner_copy_path, load_catalog
from course.self_checks import load_questions

CATALOG = load_catalog()
MODULES = CATALOG.modules


def lesson_text(module) -> tuple[str, str]:
    """All markdown and all code of a module's lesson notebooks."""
    markdown, code = [], []
    for notebook in module.notebooks:
        for cell in json.loads((REPO_ROOT / notebook).read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            (markdown if cell["cell_type"] == "markdown" else code).append(source)
    return "\n".join(markdown), "\n".join(code)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_lesson_shows_catalog_objectives(module):
    """Does the lesson show its objectives from the catalog (not a copy that can drift)?"""
    _, code = lesson_text(module)
    assert f'lesson.objectives("{module.id}")' in code
    assert f'lesson.sources("{module.id}")' in code


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_lesson_has_five_self_checks_that_exist(module):
    """Does the lesson ask at least five of its module's self-check questions, all defined?"""
    _, code = lesson_text(module)
    asked = re.findall(rf'self_check\("{module.id}", "([a-z0-9-]+)"\)', code)
    assert len(set(asked)) >= 5
    assert set(asked) <= set(load_questions(module.id))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_lesson_has_a_case_summary_and_exercise_link(module):
    """Does the lesson have an interactive case, key points and a link to its graded exercise?"""
    markdown, code = lesson_text(module)
    assert re.search(r"_view\(", code), "no interactive case view"
    assert "## Key points" in markdown
    for exercise in CATALOG.exercises_of(module.id):
        assert f"../../{learner_copy_path(exercise, exercise.notebooks[0])}" in markdown


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_module_has_a_demo(module):
    """Does every module name a case demo that shows a view and no other code?"""
    assert module.demo, f"{module.id} has no demo in the catalog"
    cells = json.loads((REPO_ROOT / module.demo).read_text(encoding="utf-8"))["cells"]
    code = [("".join(c["source"])).strip() for c in cells if c["cell_type"] == "code"]
    assert any("_view(" in source for source in code)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_module_has_an_exercise(module):
    """Does every module have a graded exercise in the catalog, and does every exercise link a
    lesson points to exist?"""
    assert CATALOG.exercises_of(module.id), f"{module.id} has no graded exercise"
    markdown, _ = lesson_text(module)
    known = {learner_copy_path(e, e.notebooks[0]) for e in CATALOG.exercises}
    for link in re.findall(r"\.\./\.\./(my-exercises/[^)\s]+\.ipynb)", markdown):
        assert link in known, f"{module.id} links to {link}, which no catalog exercise builds"
