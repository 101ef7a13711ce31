"""Does each exercise say which course library functions an answer may call, and keep to it?

The intro of every exercise ends with "What your answers may use": the course library's
functions an answer may call, or "nothing". Its solution (the reference a learner's work is
compared with) must call no other, and never the grader's own code.
"""

from __future__ import annotations

import ast
import importlib
import re

import nbformat
import pytest

from course.catalog import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "exercises").glob("*/*.ipynb"))
STATEMENT = re.compile(
    r"\*\*What your answers may use\.\*\*.*?From the course\s+library:\s+(.*?)\.\s", re.S
)


def stated(notebook: nbformat.NotebookNode) -> set[str]:
    intro = notebook.cells[0].source
    found = STATEMENT.search(intro)
    assert found, "the intro does not say what answers may use"
    return set(re.findall(r"`(course\.[\w.]+)`", found.group(1)))


def called(notebook: nbformat.NotebookNode) -> tuple[set[str], set[str]]:
    """(course names the solution cells import, grader modules they import)."""
    course, grader = set(), set()
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {f"{node.module}.{alias.name}" for alias in node.names}
                module = node.module
            elif isinstance(node, ast.Import):
                names = {alias.name for alias in node.names}
                module = next(iter(names))
            else:
                continue
            if module.split(".")[0] == "course":
                course |= names
            if module.split(".")[0] == "autograder":
                grader |= names
    return course, grader


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_the_solution_calls_only_what_the_exercise_allows(path):
    notebook = nbformat.read(path, as_version=4)
    allowed = stated(notebook)
    course, grader = called(notebook)
    assert not grader, f"the solution imports the grader's code: {sorted(grader)}"
    assert course <= allowed, f"not stated in the intro: {sorted(course - allowed)}"
    for name in allowed:
        module, _, attribute = name.rpartition(".")
        assert hasattr(importlib.import_module(module), attribute), f"{name} does not exist"


HIDDEN_BLOCK = re.compile(
    r"### BEGIN HIDDEN TESTS\n"
    r"import sys  # fresh checks from disk; the learner's own modules come back afterwards\n"
    + re.escape('_theirs = [m for m in sys.modules if m.split(".")[0] in ("autograder", "course")]')
    + r"\n"
    r"_theirs = \{m: sys\.modules\.pop\(m\) for m in _theirs\}\n"
    r"try:\n"
    r"    from autograder\.checks import verify\n"
    r'    verify\("[a-z0-9-]+", "[a-z0-9-]+", [^\n]+\)\n'
    r"finally:\n"
    r"    sys\.modules\.update\(_theirs\)\n"
    r"### END HIDDEN TESTS$"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_hidden_check_runs_fresh_and_gives_the_learners_modules_back(path):
    """Does each hidden test import the checks fresh and then restore the learner's modules?

    Why: without the restore, a model imported in a later cell has other classes than the case
    the learner was given, and a right answer fails under grading only (autograder/checks).
    """
    notebook = nbformat.read(path, as_version=4)
    blocks = [
        "### BEGIN HIDDEN TESTS" + cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]
        for cell in notebook.cells
        if "### BEGIN HIDDEN TESTS" in cell.source
    ]
    assert blocks, "no hidden tests"
    for block in blocks:
        assert HIDDEN_BLOCK.fullmatch(block), f"hidden test not in the course's form:\n{block}"
