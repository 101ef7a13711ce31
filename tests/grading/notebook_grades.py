"""Execute a notebook and read its grades the way nbgrader does, without a gradebook.

Why: the exercise tests grade dozens of solution variants and wrong answers. Running each through
``nbgrader autograde`` would need a course directory and a database per case; executing with
nbclient and scoring every grade cell with nbgrader's own ``determine_grade`` gives the same
verdict per cell, and the failing cell's message, in one step. The full nbgrader pipeline is still
exercised end to end by the grading tests on the reference solution.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode
from nbgrader.utils import determine_grade, is_grade


@dataclass(frozen=True)
class CellGrade:
    """One graded cell: its id, points earned and possible, and the error message if it failed."""

    grade_id: str
    score: float | None  # None: graded by hand (a written answer)
    max_score: float
    message: str


@dataclass(frozen=True)
class NotebookGrades:
    """Every graded cell of one executed notebook."""

    cells: tuple[CellGrade, ...]

    @property
    def auto_score(self) -> float:
        return sum(c.score for c in self.cells if c.score is not None)

    @property
    def auto_max(self) -> float:
        return sum(c.max_score for c in self.cells if c.score is not None)

    def cell(self, grade_id: str) -> CellGrade:
        for grade in self.cells:
            if grade.grade_id == grade_id:
                return grade
        raise KeyError(f"no graded cell {grade_id!r}; have {[c.grade_id for c in self.cells]}")

    def messages(self) -> str:
        """All failure messages, one per line, for assertions and reports."""
        return "\n".join(f"{c.grade_id}: {c.message}" for c in self.cells if c.message)


def _error_message(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            return f"{output.ename}: {output.evalue}"
        if output.output_type == "stream" and output.name == "stderr":
            return f"stderr: {output.text.strip()[:500]}"
    return ""


def grade_executed(notebook: NotebookNode) -> NotebookGrades:
    """Score every grade cell of an executed notebook with nbgrader's rules."""
    grades = []
    for cell in notebook.cells:
        if not is_grade(cell):
            continue
        score, max_score = determine_grade(cell)
        # A code grade cell is auto-graded: nbgrader's "None" only means "by hand" for
        # written (markdown or solution) cells.
        grades.append(
            CellGrade(
                grade_id=cell.metadata["nbgrader"]["grade_id"],
                score=None if score is None else float(score),
                max_score=float(max_score),
                message=_error_message(cell) if cell.cell_type == "code" else "",
            )
        )
    return NotebookGrades(tuple(grades))


def execute_and_grade(
    notebook: NotebookNode | Path,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    timeout: int = 120,
) -> NotebookGrades:
    """Run ``notebook`` on a fresh kernel in ``workdir`` with ``env`` added; return its grades."""
    if isinstance(notebook, Path):
        notebook = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env={**os.environ, **(env or {})})
    return grade_executed(notebook)


def run_and_grade(
    notebook: NotebookNode, learner: str, exercise_id: str, files: Mapping[str, bytes]
) -> tuple[NotebookGrades, NotebookNode]:
    """Run ``notebook`` as ``grade`` runs a submission (a fork of a warm worker, in the sandbox,
    judged from outside) and score it with nbgrader's rules; also the judged notebook.

    Why: a fork starts in well under a second where a fresh kernel takes several, and this is
    the product's own path (``tests/runner/test_equivalence.py`` holds it to nbgrader's scores).
    Each graded cell is judged by the checks its source calls, as the gradebook's copy would be.
    """
    from autograder.course_dir import CELL_TIMEOUT_SECONDS, NOTEBOOK_TIMEOUT_SECONDS
    from autograder.runner.judged_notebook import trusted_checks
    from autograder.runner.sandbox import Limits
    from autograder.runner.worker import NotebookJob, run_notebook

    checks = {
        cell.metadata["nbgrader"]["grade_id"]: found
        for cell in notebook.cells
        if cell.cell_type == "code" and is_grade(cell) and (found := trusted_checks(cell.source))
    }
    run = run_notebook(
        NotebookJob(
            learner=learner,
            assignment=exercise_id,
            notebook_name="submission",
            notebook=nbformat.from_dict(notebook),
            files=dict(files),
            checks=checks,
            limits=Limits(
                cell_seconds=CELL_TIMEOUT_SECONDS, notebook_seconds=NOTEBOOK_TIMEOUT_SECONDS
            ),
        )
    )
    judged = nbformat.from_dict(run.notebook)
    return grade_executed(judged), judged


def exercise_files(exercise_id: str) -> dict[str, bytes]:
    """The files beside an exercise's notebooks (data it reads), as ``grade`` ships them."""
    from autograder.runner.staging import files_beside_notebooks
    from course.catalog import REPO_ROOT

    return files_beside_notebooks(REPO_ROOT / "exercises" / exercise_id)


def grade_as_the_grader(
    notebook: NotebookNode, learner: str, exercise_id: str, workdir: Path
) -> tuple[NotebookGrades, NotebookNode]:
    """Grade a source notebook (hidden tests in place) for ``learner`` as the grader would.

    In the isolated runner, as ``grade`` runs every submission, where this machine can build
    its sandbox (always in CI); elsewhere on a fresh kernel in ``workdir``, which scores the
    same cells the same way (``tests/runner/test_equivalence.py``) but takes ten times as long.
    Either way "check my answer" stands aside (``NBGRADER_EXECUTION=autograde``).
    """
    from autograder.runner.sandbox import isolation_problem

    if isolation_problem() is None:
        return run_and_grade(notebook, learner, exercise_id, exercise_files(exercise_id))
    env = {"COURSE_LEARNER_ID": learner, "NBGRADER_EXECUTION": "autograde"}
    return execute_and_grade(notebook, workdir, env=env), notebook
