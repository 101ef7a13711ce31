"""What every hostile submission is built from: the release, the reference answers, and edits.

Why generated at test time instead of stored: a submission notebook follows the release, and the
release follows the exercise's source notebook. Building each case from the release with small
edits keeps the corpus right when the exercise changes, and no notebook with outputs (or with a
working exploit) sits in the repository.

Builders write into ``BuildContext.folder`` (the learner's ``submitted/<id>/score-a-vendor``)
and may only point their attacks at paths the harness gave them: the course directory and the
scratch folder, both temporary. Nothing they build ever writes into the repository.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.demo_cohort import solution_sources, submission_notebook
from autograder.misconceptions import ANSWER_CELLS
from course.catalog import REPO_ROOT

ASSIGNMENT = "score-a-vendor"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOURCE = REPO_ROOT / "exercises" / ASSIGNMENT / NOTEBOOK
VARIABLES = ANSWER_CELLS[ASSIGNMENT]
"""Answer cell grade id -> the variables the learner stores there."""

CHECKED = {
    "weighted-totals-shape": "weighted_totals",
    "weighted-totals": "weighted_totals",
    "disqualified": "disqualified",
    "ranking": "ranking",
    "recommendation": "recommended",
    "sensitive-criterion": "most_sensitive_criterion",
    "break-even-weight": "break_even_weight",
}
"""Graded test cell grade id (= check id) -> the variable its hidden ``verify`` reads."""

NO_ANSWERS = "\n".join(f"{name} = None" for names in VARIABLES.values() for name in names)
"""Every answer variable defined, none answered: for cheats that need the names to exist."""


@dataclass(frozen=True)
class BuildContext:
    """Where one hostile submission goes and what its attack may aim at."""

    learner: str
    folder: Path  # submitted/<learner>/score-a-vendor, already created
    release: NotebookNode  # the released notebook, never modified
    course_root: Path
    scratch: Path  # harness-owned temporary folder outside the course directory
    port: int  # a TCP listener the harness runs on 127.0.0.1
    peers: Mapping[str, str]  # role ("honest", "victim-early", "victim-late") -> learner id

    @property
    def target(self) -> Path:
        return self.folder / NOTEBOOK


@cache
def source_notebook() -> NotebookNode:
    return nbformat.read(SOURCE, as_version=4)


def reference_sources() -> dict[str, str]:
    """Answer cell grade id -> the reference answer as a learner would type it."""
    return solution_sources(source_notebook())


def release_copy(ctx: BuildContext) -> NotebookNode:
    """A private copy of the release to edit."""
    return nbformat.from_dict(copy.deepcopy(json.loads(json.dumps(ctx.release))))


def answered(ctx: BuildContext, skip: Iterable[str] = ()) -> NotebookNode:
    """The release with the reference answers typed in, except the answer cells in ``skip``."""
    answers = {k: v for k, v in reference_sources().items() if k not in set(skip)}
    return submission_notebook(ctx.release, answers)


def grade_id(cell: NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def cell_of(notebook: NotebookNode, wanted: str) -> NotebookNode:
    for cell in notebook.cells:
        if grade_id(cell) == wanted:
            return cell
    raise KeyError(f"the release has no cell {wanted!r}")


def graded_cells(notebook: NotebookNode) -> list[NotebookNode]:
    """The graded code cells (nbgrader "autograder tests")."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]


def points(notebook: NotebookNode) -> dict[str, float]:
    """Graded test cell grade id -> its points, as released."""
    return {grade_id(c): float(c.metadata["nbgrader"]["points"]) for c in graded_cells(notebook)}


def set_answer(notebook: NotebookNode, answer_cell: str, code: str) -> None:
    cell_of(notebook, answer_cell).source = code.strip()


def prepend(notebook: NotebookNode, answer_cell: str, code: str) -> None:
    cell = cell_of(notebook, answer_cell)
    cell.source = code.strip() + "\n\n" + cell.source


def append(notebook: NotebookNode, answer_cell: str, code: str) -> None:
    cell = cell_of(notebook, answer_cell)
    cell.source = cell.source + "\n\n" + code.strip()


def new_code_cell(source: str, nbgrader: dict[str, Any] | None = None) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source.strip())
    if nbgrader is not None:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def write_notebook(ctx: BuildContext, notebook: NotebookNode, path: Path | None = None) -> Path:
    """Write the notebook's JSON as is: no validation, so a tampered notebook stays tampered."""
    path = path or ctx.target
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def literal_answers(values: Mapping[str, Any]) -> str:
    """Python source that stores ``values`` (variable -> plain data) as typed-in literals."""
    return "\n".join(f"{name} = {value!r}" for name, value in values.items())


def type_in(ctx: BuildContext, values: Mapping[str, Any]) -> NotebookNode:
    """The release with ``values`` typed into the answer cells where each variable belongs."""
    notebook = release_copy(ctx)
    for answer_cell, names in VARIABLES.items():
        mine = {name: values[name] for name in names if name in values}
        if mine:
            set_answer(notebook, answer_cell, literal_answers(mine))
    return notebook


# --- what a learner's typed values honestly earn ------------------------------------------


def reference_values(learner: str) -> dict[str, Any]:
    """The right answers for ``learner``'s own variant, as plain data."""
    from autograder.checks.exercises import score_a_vendor as checks
    from course.models.vendor import most_sensitive_criterion

    case = checks.exercise_case(learner)
    ranking = checks.reference_ranking(case)
    sensitive = most_sensitive_criterion(case.matrix())
    return {
        "weighted_totals": checks.reference_totals(case),
        "disqualified": checks.reference_disqualified(case),
        "ranking": ranking,
        "recommended": ranking[0],
        "most_sensitive_criterion": sensitive.criterion if sensitive else case.criteria[0],
        "break_even_weight": (
            sensitive.new_weight if sensitive and sensitive.new_weight is not None else 1.0
        ),
    }


def legit_points(ctx: BuildContext, values: Mapping[str, Any]) -> float:
    """Points ``values`` earn on their own for ``ctx.learner``: the verifier's verdict per check.

    Why: a cheat that also types in answers may earn what those answers are worth, no more.
    """
    from autograder.checks.verifier import Request, run_request

    earned = 0.0
    for check, worth in points(ctx.release).items():
        name = CHECKED[check]
        if name in values:
            verdict = run_request(Request(ASSIGNMENT, check, ctx.learner, values[name]))
            earned += worth if verdict["passed"] else 0.0
    return earned


def decoy_values(learner: str) -> dict[str, Any]:
    """Answers of the right shape that are wrong for ``learner``: they pass the shape checks only.

    Why: a cheat that fools the verdict needs answers that survive the visible shape checks in
    the kernel; with decoys, any mark beyond the shape cell is the cheat's doing.
    """
    from autograder.checks.exercises import score_a_vendor as checks

    case = checks.exercise_case(learner)
    right = reference_values(learner)
    out = set(right["disqualified"])
    ranking = right["ranking"]
    return {
        "weighted_totals": {v: t + 0.5 for v, t in right["weighted_totals"].items()},
        "disqualified": [v for v in case.vendors if v not in out],
        "ranking": ranking[::-1] if len(ranking) > 1 else [],
        "recommended": next(v for v in case.vendors if v != right["recommended"]),
        "most_sensitive_criterion": next(
            c for c in case.criteria if c != right["most_sensitive_criterion"]
        ),
        "break_even_weight": 0.0 if right["break_even_weight"] > 0.5 else 1.0,
    }
