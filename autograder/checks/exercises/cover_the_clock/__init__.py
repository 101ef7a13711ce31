"""Checks for the exercise "Cover the clock" (case: tidewater-follow-the-sun).

The learner finds the hours each provider site's office shares with the client's, measures the
provider's proposed roster on the client's clock (coverage, gaps, hand-offs), plans a roster of
their own that meets the case's rules, and names the skills with key-person risk. Figures are
recomputed with ``course.models.working_hours`` on the learner's own variant (the week, and so
the offsets, office hours and proposed shifts move between learners); a plan has many right
answers, so the learner's own shifts are read into the model and judged by its rules. The
messages name the idea to revisit and never give an expected value.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from course.cases import load_case
from course.cases.kinds.working_hours import (  # noqa: F401
    WorkingHoursCase,
    WorkingHoursView,
    case_of,
    describe,
)

CASE_ID = "tidewater-follow-the-sun"
LESSON = "modules/08-distributed-teams/lesson.ipynb"
OVERLAP = "Time zones and overlap hours"
COVERAGE = "Coverage, gaps and hand-offs"
FOLLOW_THE_SUN = "Follow-the-sun"
KEY_PERSON = "Attrition and key-person risk"
"""The lesson sections the checks send a learner back to."""

checks = ExerciseChecks(CASE_ID, LESSON)
exercise_case = checks.learner_case


@cache
def _base() -> WorkingHoursCase:
    case = load_case(CASE_ID)
    assert isinstance(case, WorkingHoursCase)
    return case


def model_case(view: WorkingHoursView) -> WorkingHoursCase:
    """The learner's variant as the model's case (the slips are computed on it)."""
    return case_of(view, _base())


def part(answer: Plain, *names: str) -> tuple[Any, ...]:
    """The named entries of a check's answer (the cell passes the parts a check needs)."""
    if type(answer) is not dict or set(answer) != set(names):
        raise ShapeProblem("the answer could not be read; run the cells of this part again")
    return tuple(answer[name] for name in names)


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import clock, roster  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
