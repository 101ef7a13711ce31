"""Autograde a cohort's submissions into the gradebook: only what changed, resumable, per learner.

Why a ledger of our own: ``nbgrader autograde`` regrades everything with ``--force`` and skips
half-written results without it. We record, per learner, a fingerprint of the submitted files
once their grade is safely in the gradebook. A re-run grades only learners whose files changed
or who were never finished; a run killed half-way resumes with the learner it was grading, and
nobody's finished grade is touched. Each learner is graded on their own, so one broken
submission is reported with its reason and never stops the rest.

Two runners execute the submissions. ``isolated`` (the default) is :mod:`autograder.runner`:
each submission in a sandbox of its own, on warm workers, all cores or a Dask cluster.
``nbgrader`` is plain ``nbgrader autograde``, one fresh kernel per learner with the
instructor's rights, kept for machines where the sandbox cannot be built and for comparison.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from autograder.course_dir import CourseDir, nbgrader_api
from autograder.nbgrader_failure import failure_reason

GRADED = "graded"
FAILED = "failed"


@dataclass(frozen=True)
class LedgerEntry:
    """What the last finished run did with one learner's submission."""

    fingerprint: str
    status: str  # GRADED or FAILED
    reason: str = ""


@dataclass(frozen=True)
class GradeRun:
    """The outcome of one ``grade`` call."""

    graded: list[str]
    failed: dict[str, str]  # learner -> reason
    unchanged: list[str]
    notes: dict[str, str] = field(default_factory=dict)  # graded, but part of the run stopped


def fingerprint(folder: Path) -> str:
    """A hash of every file's relative path and bytes: equal only for identical submissions."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def ledger_path(course: CourseDir, assignment: str) -> Path:
    return course.state / f"{assignment}.grading.json"


def read_ledger(course: CourseDir, assignment: str) -> dict[str, LedgerEntry]:
    path = ledger_path(course, assignment)
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {learner: LedgerEntry(**entry) for learner, entry in raw.items()}
    except (ValueError, TypeError):
        return {}  # a damaged ledger only costs a full re-grade, never a wrong grade


def write_ledger(course: CourseDir, assignment: str, ledger: dict[str, LedgerEntry]) -> None:
    """Write atomically (temporary file, then rename): a kill never leaves half a ledger."""
    path = ledger_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    data = {learner: asdict(entry) for learner, entry in sorted(ledger.items())}
    temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def submitted_learners(course: CourseDir, assignment: str) -> list[str]:
    """Learners with a submission folder for ``assignment``."""
    root = course.root / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir())


RUNNERS = ("isolated", "nbgrader")


class UnknownLearner(ValueError):
    """``--force`` named a learner with no collected submission; the message lists who has one."""


class RunnerUnavailable(RuntimeError):
    """The chosen runner cannot work on this machine; the message says what to do."""


def grade_assignment(
    course: CourseDir,
    assignment: str,
    learners: Iterable[str] | None = None,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
    runner: str = "isolated",
    workers: int | None = None,
    scheduler: str | None = None,
    force: bool | Collection[str] = False,
) -> GradeRun:
    """Autograde every submission that changed, or whose last run failed; see the docstring.

    A run that failed is tried again even when the files did not change: the failure may have
    been no fault of the learner's (a worker that died, a full disk), and a skipped learner
    would keep no grade. ``force`` re-grades everyone (``True``) or the named learners.
    """
    ledger = read_ledger(course, assignment)
    wanted = list(learners) if learners is not None else submitted_learners(course, assignment)
    if force and force is not True:
        unknown = sorted(set(force) - set(wanted))
        if unknown:
            raise UnknownLearner(
                f"no collected submission of {assignment} from {', '.join(unknown)}; "
                f"collected: {', '.join(wanted) or 'none'}"
            )
    todo, unchanged = [], []
    for learner in wanted:
        folder = course.submitted(learner, assignment)
        previous = ledger.get(learner)
        forced = force is True or (bool(force) and learner in force)
        if (
            not forced
            and previous
            and previous.status == GRADED
            and previous.fingerprint == fingerprint(folder)
        ):
            unchanged.append(learner)
        else:
            todo.append(learner)
    graded: list[str] = []
    failed: dict[str, str] = {}
    if todo and runner == "isolated":
        notes: dict[str, str] = {}
        stamps = {learner: fingerprint(course.submitted(learner, assignment)) for learner in todo}
        for outcome in progress(_isolated(course, assignment, todo, workers, scheduler)):
            status = GRADED if outcome.graded else FAILED
            ledger[outcome.learner] = LedgerEntry(stamps[outcome.learner], status, outcome.reason)
            if outcome.graded:
                graded.append(outcome.learner)
                if outcome.reason:
                    notes[outcome.learner] = outcome.reason
            else:
                failed[outcome.learner] = outcome.reason
            write_ledger(course, assignment, ledger)
        return GradeRun(sorted(graded), failed, unchanged, notes)
    if todo:
        api = nbgrader_api(course)
        warnings.filterwarnings("ignore", module="nbgrader")  # its ORM chatter on broken files
        for learner in progress(todo):
            stamp = fingerprint(course.submitted(learner, assignment))
            result = api.autograde(assignment, learner, force=True, create=True)
            if result.get("success"):
                ledger[learner] = LedgerEntry(stamp, GRADED)
                graded.append(learner)
            else:
                reason = failure_reason(result)
                ledger[learner] = LedgerEntry(stamp, FAILED, reason)
                failed[learner] = reason
            write_ledger(course, assignment, ledger)
    return GradeRun(graded, failed, unchanged)


def _isolated(course, assignment, learners, workers, scheduler):
    from autograder.runner.grade import grade_isolated
    from autograder.runner.sandbox import isolation_problem

    problem = None if scheduler else isolation_problem()
    if problem:
        raise RunnerUnavailable(problem)
    return grade_isolated(course, assignment, learners, workers=workers, scheduler=scheduler)
