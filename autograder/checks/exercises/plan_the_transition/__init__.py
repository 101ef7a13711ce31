"""Checks for the exercise "Plan the transition" (case: wrenfield-water-transition).

The learner plans the second wave's transition (phases, go/no-go gates, knowledge-transfer
checklist), decides the first wave's planned cutover from the readiness report, finds the
earliest week every cutover criterion is met, and reviews the draft contract's exit clauses. A
plan has many right answers, so the plan's checks read the learner's own plan into
``course.models.transition`` and judge it by the module's rules (``validate_plan``); the figures
are compared with the model's on the learner's own variant (variants move the readiness report
and the minimum lengths). Messages name the idea to revisit and never give an expected value.
"""

from __future__ import annotations

from typing import Any

from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import part  # noqa: F401 (the parts import it from here)
from course.cases.kinds.transition import TransitionView, describe, programme_of  # noqa: F401
from course.models.errors import ModelInputError
from course.models.transition import TransitionPlan, read_plan, validate_plan

CASE_ID = "wrenfield-water-transition"
LESSON = "modules/07-transition-exit/lesson.ipynb"
PLAN = "A transition plan with go/no-go gates"
KNOWLEDGE = "Knowledge transfer: shadowing, reverse shadowing and sign-off"
DECIDING = "Deciding at a gate: every criterion, not the average"
EXIT = "Planning the exit before you need it"
REVISIT_PLAN = "(revisit: a transition plan with go/no-go gates)"
REVISIT_KT = "(revisit: knowledge transfer: shadowing, reverse shadowing and sign-off)"
REVISIT_GATE = "(revisit: deciding at a gate: every criterion, not the average)"
REVISIT_EXIT = "(revisit: planning the exit before you need it)"
RETAINED = "retained-roles-filled"

checks = ExerciseChecks(CASE_ID, LESSON)
exercise_case = checks.learner_case


# --- reading the plan ----------------------------------------------------------------------------


def read(
    case: TransitionView, phases: Plain, gates: Plain = (), checklist: Plain = None
) -> TransitionPlan:
    """The learner's plan through the model, or a shape failure that names what to fix."""
    for name, value in (("phases", phases), ("gates", gates)):
        if type(value) not in (list, tuple):
            raise ShapeProblem(
                f"{name} should be a list with one dict per {name[:-1]}, "
                f"not a {type(value).__name__}"
            )
    if checklist is not None and type(checklist) is not dict:
        raise ShapeProblem(
            "kt_checklist should be a dict that maps each process in case.processes to "
            f"{{'owner': ..., 'measures': [...]}}, not a {type(checklist).__name__}"
        )
    try:
        return read_plan(programme_of(case), phases, gates, checklist or {})
    except ModelInputError as problem:
        raise ShapeProblem(str(problem)) from None


def rules_of(case: TransitionView, plan: TransitionPlan) -> set[str]:
    return {finding.rule for finding in validate_plan(programme_of(case), plan)}


def breaks(rule: str) -> Any:
    """A detector: the plan breaks ``rule`` (as ``validate_plan`` names it)."""
    return lambda plan, case: rule in rules_of(case, plan)


def first_finding(plan: TransitionPlan, case: TransitionView, rule: str) -> str:
    """The first finding's message for ``rule``: the specific thing to fix, in the model's words."""
    return next(f.message for f in validate_plan(programme_of(case), plan) if f.rule == rule)


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import decisions, planning  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
