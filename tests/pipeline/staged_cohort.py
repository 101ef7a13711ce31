"""A small fixed cohort taken through a course's stages, for the report, export and feedback tests.

Why fixed, not ``demo-cohort``'s random mix: golden files and stage-by-stage assertions need
the same learners with the same answers on every run. Ten learners with names hand in two
assignments; each learner's kind of work (and misconceptions) is spelled out in ``PLANS``. The
builder records the report's figures at three stages (nothing graded, the first assignment
graded, both graded with some written answers graded by hand), writes the first assignment's
feedback pages, then collects one learner's work again, so the course ends with every status an
export has to handle.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from autograder.cli import main
from autograder.course_dir import CourseDir, init_course
from autograder.demo_cohort import (
    Planned,
    record_plans,
    release_with_references,
    write_submission,
)
from autograder.report import CohortFigures, cohort_figures, report_html
from autograder.roster import import_roster
from course.catalog import load_catalog

FIRST = "score-a-vendor"
SECOND = "onshore-or-offshore"
ROSTER = [
    ("asilva", "Ana", "Silva"),
    ("bchen", "Bo", "Chen"),
    ("cokafor", "Chidi", "Okafor"),
    ("dnovak", "Dana", "Novak"),
    ("eberg", "Erik", "Berg"),
    ("fhaddad", "Farah", "Haddad"),
    ("gtan", "Grace", "Tan"),
    ("hmuller", "Hans", "Müller"),
    ("iwong", "Iris", "Wong"),
    ("jdiaz", "Jon", "Díaz"),
]
PLANS = {
    FIRST: {
        "asilva": ("full",),
        "bchen": (
            "partial",
            "forgot to normalise the weights",
            "took the heaviest criterion as the most sensitive",
        ),
        "cokafor": ("partial", "ranked worst first"),
        "dnovak": ("partial", "ignored a knock-out (must-have minimums)"),
        "eberg": ("wrong",),
        "fhaddad": ("late",),
        "gtan": ("broken",),
        "hmuller": ("missing",),
        "iwong": ("full",),
        "jdiaz": ("partial", "gave totals as percentages"),
    },
    SECOND: {
        "asilva": ("full",),
        "bchen": ("partial", "forgot the transition cost"),
        "cokafor": ("full",),
        "dnovak": ("partial", "rate card only: every hidden cost ignored"),
        "eberg": ("wrong",),
        "fhaddad": ("full",),
        "gtan": ("partial", "savings with the wrong sign"),
        "hmuller": ("missing",),
        "iwong": ("late",),
        "jdiaz": ("partial", "break-even month counted from 0"),
    },
}
HAND_GRADED = {FIRST: {"asilva": 3, "iwong": 2, "fhaddad": 3, "eberg": 0}}
"""Memo points given by hand after both assignments are graded; other memos wait."""
RECOLLECTED = (SECOND, "cokafor")
"""Collected again after grading (a resubmission): awaiting grading at the end."""
STAGES = ("nothing graded", "one assignment graded", "all graded")
FEEDBACK_LEARNER = "bchen"


@dataclass(frozen=True)
class StagedCohort:
    """The course directory at its last stage, and the report as it was at each stage."""

    course: CourseDir
    plans: list[Planned]
    figures: dict[str, CohortFigures]
    reports: dict[str, str]
    feedback_output: str  # what `autograder feedback FIRST` printed at the last stage

    def plan(self, learner: str, assignment: str) -> Planned:
        return next(p for p in self.plans if (p.learner, p.assignment) == (learner, assignment))


def _plans() -> list[Planned]:
    return [
        Planned(learner, assignment, kind, tuple(misconceptions))
        for assignment, by_learner in PLANS.items()
        for learner, (kind, *misconceptions) in by_learner.items()
    ]


def _write_roster(course: CourseDir) -> None:
    path = course.root / "roster.csv"
    lines = ["id,first,last,email"]
    lines += [f"{lid},{first},{last},{lid}@example.edu" for lid, first, last in ROSTER]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_roster(course, path)


def _grade_by_hand(course: CourseDir, assignment: str, points: dict[str, float]) -> None:
    """Give memo points the way formgrader does (manual score, no longer needing a grade)."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        for learner, score in points.items():
            grade = gradebook.find_grade("memo", assignment, assignment, learner)
            grade.manual_score = score
            grade.needs_manual_grade = False
        gradebook.db.commit()


def _snapshot(course: CourseDir, stage: str, figures: dict, reports: dict) -> None:
    figures[stage] = cohort_figures(course)
    reports[stage] = report_html(figures[stage])


def build_staged_cohort(root: Path) -> StagedCohort:
    """Build the cohort in ``root`` and take it through ``STAGES`` (about half a minute)."""
    course = init_course(root)
    _write_roster(course)
    catalog = load_catalog()
    references = release_with_references(course, [catalog.exercise(a) for a in PLANS])
    plans = _plans()
    for plan in plans:
        write_submission(course, plan, course.release(plan.assignment), references[plan.assignment])
    record_plans(course, 0, plans)
    figures: dict[str, CohortFigures] = {}
    reports: dict[str, str] = {}
    _snapshot(course, STAGES[0], figures, reports)
    assert main(["grade", FIRST, "--course-dir", str(root)]) == 0
    _snapshot(course, STAGES[1], figures, reports)
    assert main(["grade", SECOND, "--course-dir", str(root)]) == 0
    for assignment, points in HAND_GRADED.items():
        _grade_by_hand(course, assignment, points)
    _snapshot(course, STAGES[2], figures, reports)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        assert main(["feedback", FIRST, "--course-dir", str(root)]) == 0
    assignment, learner = RECOLLECTED
    resubmitted = course.submitted(learner, assignment) / f"{assignment}.ipynb"
    resubmitted.write_text(resubmitted.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return StagedCohort(course, plans, figures, reports, printed.getvalue())


def shared_staged_cohort(base: Path) -> StagedCohort:
    """The cohort built once in ``base`` and reused: test processes that share ``base`` (pytest
    -n 2 runs two) wait for the first build instead of building their own."""
    base.mkdir(parents=True, exist_ok=True)
    saved = base / "staged.pickle"
    with (base / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if saved.is_file():
            return pickle.loads(saved.read_bytes())
        cohort = build_staged_cohort(base / "course-work")
        saved.write_bytes(pickle.dumps(cohort))
        return cohort
