"""Do the grading side's modules depend on each other in one direction only?

Read from the source (every ``import``, module level or inside a function), so a lazy import
that closes a cycle counts too. The layers, lowest first: ``autograder.verdict_channel`` (the
one definition of the messages between a sandbox and its worker), ``autograder.checks`` (what
hidden tests call), ``autograder.runner`` (the isolated runner, whose judge process alone
imports the checks that grade), then the pipeline modules that
drive it (``autograder.grading``) and the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

from course.catalog import REPO_ROOT

PACKAGE = REPO_ROOT / "autograder"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute names (``from . import x`` resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {
        name: {imported for imported in _imports(path) if imported in modules and imported != name}
        for name, path in modules.items()
    }


GRAPH = _graph()


def _importers_of(prefix: str, within: str) -> list[str]:
    return sorted(
        f"{module} imports {imported}"
        for module, imports in GRAPH.items()
        if module.startswith(within)
        for imported in imports
        if imported == prefix or imported.startswith(prefix + ".")
    )


def test_the_verdict_channel_stands_alone():
    """Does the channel's one definition import nothing of the grader (both sides import it)?"""
    assert GRAPH["autograder.verdict_channel"] == set()


def test_checks_do_not_import_the_runner_or_the_pipeline():
    """Do hidden tests' checks stay below the runner that calls them?"""
    for upper in ("autograder.runner", "autograder.grading", "autograder.instructor_commands"):
        assert _importers_of(upper, "autograder.checks") == []


def test_the_runner_does_not_import_the_pipeline_that_drives_it():
    """Does the runner import neither ``grading`` nor the command line?"""
    for upper in ("autograder.grading", "autograder.instructor_commands", "autograder.cli"):
        assert _importers_of(upper, "autograder.runner") == []


def test_only_the_judge_process_imports_the_code_that_grades():
    """Does no runner module but the judge import a check or a reference answer?

    Why: every sandbox is a fork of the worker, so whatever the worker imported, learner code
    finds in memory. The judge (``autograder.runner.judge``) imports the checks in a process
    of its own; the package ``autograder.checks.exercises`` itself (its folder) is no secret.
    """
    grading = [
        f"{module} imports {imported}"
        for module, imports in GRAPH.items()
        if module.startswith("autograder.runner") and module != "autograder.runner.judge"
        for imported in imports
        if imported == "autograder.checks.verifier"
        or imported.startswith("autograder.checks.exercises.")
    ]
    assert grading == []


def test_no_module_imports_the_tests():
    """Does the shipped package leave test helpers in ``tests/``?"""
    assert _importers_of("tests", "autograder") == []


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every chain of imports in ``graph`` found that leads from a module back to itself."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


GRADING_SIDE = (
    "autograder.verdict_channel",
    "autograder.checks",
    "autograder.runner",
    "autograder.grading",
    "autograder.nbgrader_failure",
)


def test_no_import_cycle_on_the_grading_side():
    """Is there no chain of imports among the checks, the runner and ``grading`` that leads
    from a module back to itself? (``course_dir`` and ``feedback``, which every layer uses,
    are outside this rule.)"""
    side = {name for name in GRAPH if name.startswith(GRADING_SIDE)}
    graph: dict[str, set[str]] = {}
    for name in side:
        unit = _exercise_unit(name)
        graph.setdefault(unit, set()).update(_exercise_unit(i) for i in GRAPH[name] & side)
    assert import_cycles({name: targets - {name} for name, targets in graph.items()}) == []


def _exercise_unit(name: str) -> str:
    """An exercise's checks package counts as one module: its parts import the names its
    ``__init__`` shares (the case, the registry), and ``__init__`` imports the parts to register
    their checks; that loop stays inside the exercise and is no layer crossing."""
    prefix = "autograder.checks.exercises."
    if name.startswith(prefix) and name.count(".") > prefix.count("."):
        return prefix + name[len(prefix) :].split(".")[0]
    return name


CHECKER_LINES = 300
"""The most lines a checker module may have: past it, an exercise's checks become a package
with one module per part (``docs/cases-and-checks.md``), so each part can be read alone."""


def test_every_checker_module_reads_in_one_sitting():
    """Is every module of autograder/checks/exercises/ at most CHECKER_LINES lines long?"""
    folder = REPO_ROOT / "autograder" / "checks" / "exercises"
    long = {
        str(path.relative_to(folder)): lines
        for path in sorted(folder.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > CHECKER_LINES
    }
    assert not long, f"split these into a package, one module per part: {long}"
