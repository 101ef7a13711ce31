"""Grade a cohort with the isolated runner: stage, sanitize, run in parallel, record with nbgrader.

The three phases, and why they are split:

1. In this process, one learner after another: stage the submission (check and repair it,
   :mod:`~autograder.runner.staging`) and let nbgrader sanitize each notebook, which restores
   locked and test cells from the gradebook. Cheap, and it needs the gradebook.
2. On the workers, all at once: run each sanitized notebook in its sandbox
   (:mod:`~autograder.runner.worker`), locally or on Dask (:mod:`~autograder.runner.pool`).
3. Back here, as each learner's runs arrive: nbgrader's autograde with the sandbox's outputs in
   place of its own execution (:class:`~autograder.runner.nbgrader_steps.InjectExecuted`), so
   the gradebook, scores, late penalties and the autograded notebook are nbgrader's own. Only
   this process writes the gradebook, one learner at a time, which SQLite needs.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from autograder import course_dir
from autograder.course_dir import COURSE_ID, CourseDir
from autograder.nbgrader_failure import failure_reason
from autograder.runner.nbgrader_steps import (
    InjectExecuted,
    check_schemas_once,
    checks_by_cell,
    one_engine_per_gradebook,
    recording_api,
    sanitized,
)
from autograder.runner.pool import run_jobs
from autograder.runner.sandbox import Limits
from autograder.runner.staging import Unusable, files_beside_notebooks, stage
from autograder.runner.worker import NotebookJob, NotebookRun
from course.learner import valid_learner_id


@dataclass(frozen=True)
class LearnerOutcome:
    """One learner's result: graded or not, and what an instructor should know."""

    learner: str
    graded: bool
    reason: str = ""  # why it failed, or what stopped part of a graded run early


class Completions:
    """The outcomes as they finish, with a length so a progress bar knows the total."""

    def __init__(self, learners: list[str], outcomes: Iterator[LearnerOutcome]) -> None:
        self.learners, self._outcomes = learners, outcomes

    def __len__(self) -> int:
        return len(self.learners)

    def __iter__(self) -> Iterator[LearnerOutcome]:
        return self._outcomes


def notebook_names(course: CourseDir, assignment: str) -> list[str]:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        return sorted(n.name for n in gradebook.find_assignment(assignment).notebooks)


def grade_isolated(
    course: CourseDir,
    assignment: str,
    learners: list[str],
    workers: int | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
) -> Completions:
    """Grade ``learners``; iterate the result to drive the work and see each learner finish."""
    return Completions(learners, _grade(course, assignment, learners, workers, scheduler, limits))


def _grade(course, assignment, learners, workers, scheduler, limits) -> Iterator[LearnerOutcome]:
    warnings.filterwarnings("ignore", module="nbgrader")  # its ORM chatter on broken files
    check_schemas_once()
    with one_engine_per_gradebook():
        yield from _grade_cohort(course, assignment, learners, workers, scheduler, limits)


def _grade_cohort(course, assignment, learners, workers, scheduler, limits):
    limits = limits or Limits(
        cell_seconds=course_dir.CELL_TIMEOUT_SECONDS,
        notebook_seconds=course_dir.NOTEBOOK_TIMEOUT_SECONDS,
    )
    names = notebook_names(course, assignment)
    checks = checks_by_cell(course, assignment)
    jobs: list[NotebookJob] = []
    expected: dict[str, int] = {}
    for learner in learners:
        try:
            learner_jobs = _jobs_for(course, assignment, learner, names, checks, limits)
        except Unusable as problem:
            yield LearnerOutcome(learner, False, str(problem))
            continue
        expected[learner] = len(learner_jobs)
        jobs += learner_jobs
    injector = InjectExecuted()
    api = recording_api(course, injector)
    arrived: dict[str, list[NotebookRun]] = {}
    notes: dict[str, list[str]] = {}
    for outcome in run_jobs(jobs, workers, scheduler):
        learner = outcome.job.learner
        if learner not in expected:
            continue  # already reported as failed
        if outcome.run is None:
            del expected[learner]
            yield LearnerOutcome(learner, False, outcome.error)
            continue
        if outcome.note:
            notes.setdefault(learner, []).append(f"{outcome.job.notebook_name}: {outcome.note}")
        arrived.setdefault(learner, []).append(outcome.run)
        if len(arrived[learner]) == expected[learner]:
            del expected[learner]
            recorded = _record(api, injector, assignment, arrived.pop(learner))
            yield _with_notes(recorded, notes.pop(learner, []))


def _with_notes(outcome: LearnerOutcome, notes: list[str]) -> LearnerOutcome:
    """``outcome`` with what happened on the way (a worker that died under it) in its reason."""
    if not notes:
        return outcome
    return LearnerOutcome(
        outcome.learner, outcome.graded, "; ".join(filter(None, [outcome.reason, *notes]))
    )


def _jobs_for(course, assignment, learner, names, checks, limits) -> list[NotebookJob]:
    if not valid_learner_id(learner):
        raise Unusable(f"{learner!r} cannot be a learner id (letters, digits, . _ @ - only)")
    staged = stage(course, learner, assignment, names)
    files = files_beside_notebooks(course.source / assignment) | files_beside_notebooks(
        staged.folder
    )
    jobs = []
    for path in staged.notebooks:
        try:
            notebook = sanitized(course, learner, assignment, path)
        except Exception as error:  # nbgrader's own refusal, e.g. metadata it cannot read
            raise Unusable(f"nbgrader could not read {path.name}: {error}") from None
        jobs.append(
            NotebookJob(
                learner=learner,
                assignment=assignment,
                notebook_name=path.stem,
                notebook=notebook,
                files=files,
                checks=checks.get(path.stem, {}),
                limits=limits,
            )
        )
    return jobs


def _record(
    api, injector: InjectExecuted, assignment: str, runs: list[NotebookRun]
) -> LearnerOutcome:
    """nbgrader's autograde for one learner, with the sandbox's outputs injected."""
    learner = runs[0].learner
    keys = {(learner, run.notebook_name) for run in runs}
    injector.expect({(learner, run.notebook_name): run.notebook for run in runs})
    try:
        result = api.autograde(assignment, learner, force=True, create=True)
    finally:
        used = injector.used
        injector.expect({})
    if not result.get("success"):
        return LearnerOutcome(learner, False, failure_reason(result))
    if used != keys:  # never trust a grade made without the sandbox's outputs
        raise RuntimeError(f"nbgrader graded {learner} without the runner's outputs")
    problems = "; ".join(
        f"{run.notebook_name}: {what}"
        for run in runs
        for what in (*run.notes, run.problem)
        if what
    )
    return LearnerOutcome(learner, True, problems)
