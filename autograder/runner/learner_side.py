"""The part of an exercise's checks module that learner code may see: its case, never its answers.

Why: each ``autograder/checks/exercises/<id>.py`` holds both what the exercise's first cell needs
(``exercise_case(learner_id)`` builds the learner's variant, ``describe(case)`` shows it) and
what grades it (the reference answers, the misconception detectors, ``CHECKS``). A submission
that imported the module could call the reference and hand in its results: full marks for no
work of its own. The sandbox therefore never mounts these files; it gets, at the same path, the
module cut down to :data:`ENTRY_POINTS` and the top-level definitions they use, found by reading
the source (so the exercise modules need no marking up). An exercise whose checks are long is a
package: its ``__init__.py`` holds the learner side and imports its parts (one per part of the
exercise, each registering its checks) relatively, and relative imports are never kept.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ENTRY_POINTS = ("exercise_case", "describe")
"""What ``start_exercise`` calls (see ``autograder/checks/exercises/__init__.py``)."""


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


@cache
def learner_side_source(path: Path, mtime_ns: int) -> str:
    """The module at ``path`` with only its imports and what :data:`ENTRY_POINTS` need."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    definitions: dict[str, ast.stmt] = {}
    for node in tree.body:
        for name in _defined(node):
            definitions[name] = node
    needed: set[str] = set()
    todo = [name for name in ENTRY_POINTS if name in definitions]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo += [n for n in _used(definitions[name]) if n in definitions and n not in needed]
    kept = []
    for node in tree.body:
        names = _defined(node)
        # A relative import names a part of an exercise package: its checks, never kept.
        imports = isinstance(node, ast.Import) or (
            isinstance(node, ast.ImportFrom) and node.level == 0
        )
        if imports or any(name in needed for name in names):
            kept.append(node)
        elif not names and node is tree.body[0] and isinstance(node, ast.Expr):
            kept.append(node)  # the docstring
    header = (
        "# The learner's side of this exercise's checks, as the grading sandbox sees it: the\n"
        "# reference answers and the checks are not here (autograder/runner/learner_side.py).\n"
    )
    return header + ast.unparse(ast.Module(body=kept, type_ignores=[])) + "\n"


def for_file(path: Path) -> str:
    """:func:`learner_side_source` for ``path`` as it is now."""
    return learner_side_source(path, path.stat().st_mtime_ns)
