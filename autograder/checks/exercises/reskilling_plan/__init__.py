"""Checks for the exercise "A reskilling plan for the retained team" (case:
harbourview-retained-team).

The learner gives everyone who stays a retained role, lists each person's skill gaps, plans the
training month by month and works out what it costs and when it ends. A plan has many right
answers, so each check reads the learner's own plan into ``course.models.reskilling``
(``read_plan``, ``validate_plan``) and judges it by the rules the module 1 lesson teaches; every
figure is recomputed from the learner's own plan on their own variant. The messages name the
idea to revisit and never give an expected value.

Variants move every fee and the budget (``course.cases.kinds.reskilling``): a classmate's
figures fail on another learner's fees.
"""

from __future__ import annotations

from typing import Any

from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import part  # noqa: F401 (the parts import it from here)
from course.cases.kinds.reskilling import ReskillingView, describe, programme_of  # noqa: F401
from course.models.errors import ModelInputError
from course.models.reskilling import Programme, ReskillingPlan, read_plan, validate_plan

CASE_ID = "harbourview-retained-team"
LESSON = "modules/01-onshore-offshore/lesson.ipynb"
RESKILLING = "Reskilling the internal team for the innovation role"
"""The lesson section every check of this exercise sends a learner back to."""
REVISIT = "(revisit: reskilling the internal team for the innovation role, Cramm 2006)"

checks = ExerciseChecks(CASE_ID, LESSON)
exercise_case = checks.learner_case


def read(case: ReskillingView, assignments: Plain, training: Plain = ()) -> ReskillingPlan:
    """The learner's plan through the model, or a shape failure that names what to fix."""
    if type(assignments) is not dict:
        raise ShapeProblem(
            "assignments should be a dict that maps each person in case.team to a role in "
            "case.roles ({name: role, ...}), not a "
            f"{type(assignments).__name__}"
        )
    if type(training) not in (list, tuple):
        raise ShapeProblem(
            "training should be a list with one dict per person and course, such as "
            f"{{'person': ..., 'course': ..., 'start_month': 1}}, not a {type(training).__name__}"
        )
    try:
        return read_plan(programme_of(case), assignments, training)
    except ModelInputError as problem:
        raise ShapeProblem(str(problem)) from None


def readable_plan(case: ReskillingView, assignments: Plain, training: Plain = ()) -> ReskillingPlan:
    """The plan for a check that needs an earlier part: a shape problem there is not this part's
    fault, so it fails with a pointer to the part to fix first."""
    try:
        return read(case, assignments, training)
    except ShapeProblem as problem:
        raise CheckFailed(
            f"Fix the earlier part first; this check reads your plan from it: {problem}"
        ) from None


def staffed_plan(case: ReskillingView, assignments: Plain, training: Plain = ()) -> ReskillingPlan:
    """The plan for a check that judges people in their new roles: each person in the team must
    have a retained role first, or there is nothing to judge them against (an empty Part 1
    would otherwise make every later part right by default)."""
    plan = readable_plan(case, assignments, training)
    without = [name for name in case.team if plan.assignments.get(name) not in case.roles]
    if without:
        raise CheckFailed(
            f"Give {without[0]} (and everyone in case.team) a retained role in Part 1 first: "
            f"this check judges each person against the role you gave them {REVISIT}."
        )
    return plan


def rules_of(programme: Programme, plan: ReskillingPlan) -> set[str]:
    """The ids of the rules ``validate_plan`` finds broken in ``plan``."""
    return {finding.rule for finding in validate_plan(programme, plan)}


def breaks(rule: str) -> Any:
    """A detector: the plan breaks ``rule`` (as ``validate_plan`` names it)."""
    return lambda plan, case: rule in rules_of(programme_of(case), plan)


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import roles, schedule  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
