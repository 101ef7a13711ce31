"""Checks for the exercise "Draft an escalation plan" (case: pinecrest-escalation).

The learner diagnoses their variant of the draft plan, adds up how long an issue takes to climb
to the executive, and repairs the plan. Every verdict comes from ``course.models.escalation``
(``validate_plan``) on the learner's own plan, rebuilt here from plain data; the messages say
which idea to revisit and never give the expected values.

Variants differ in the draft's response times (``course.cases.kinds.escalation``), so the hours
to the executive differ: a classmate's hours fail with a "different variant" message. In every
variant the draft's levels together take longer than the P1 target, so the repaired plan must
change response times until a P1 reaches the executive in time (the governance lesson's rule,
``validate_plan`` with ``p1_target_hours``), and it keeps the roles, triggers and channels the
draft got right.
"""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import fits_another
from autograder.checks.registry import ExerciseChecks
from course.cases.kinds.escalation import EscalationView, describe  # noqa: F401 (describe)
from course.models import escalation as model
from course.models.escalation import EscalationPlan, hours_to_executive, plan_from_records

CASE_ID = "pinecrest-escalation"
REVISIT_PLAN = "(revisit: the escalation plan, Gartner steps 4 and 5)"

checks = ExerciseChecks(CASE_ID, "modules/04-vendor-governance/governance.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case

PLAN = "Escalation plans and the escalation executive"
"""The lesson section every check of this exercise sends a learner back to."""


def draft_plan(case: EscalationView) -> EscalationPlan:
    return plan_from_records(case.levels, case.escalation_executive, case.review_cadence_days)


def rules_of(plan: EscalationPlan) -> set[str]:
    """The ids of the rules ``validate_plan`` finds broken in ``plan``."""
    return {finding.rule for finding in model.validate_plan(plan)}


def reference_rules(case: EscalationView) -> list[str]:
    """The distinct rule ids ``validate_plan`` reports for the draft, sorted."""
    return sorted(rules_of(draft_plan(case)))


def p1_target_hours(case: EscalationView) -> float:
    """The contract's P1 resolution target: the time by which a P1 must reach the executive."""
    return next(
        float(target["resolution_hours"])
        for target in case.priority_targets
        if target["priority"] == "P1"
    )


def reference_hours(case: EscalationView) -> float:
    return hours_to_executive(draft_plan(case))


def copied(matches: Any, case: EscalationView) -> bool:
    """Does the answer fit another variant (the lesson's, or a classmate's) instead?"""
    others = [published_case()] + [exercise_case(f"learner-{c}") for c in "abcdefgh"]
    return fits_another(matches, (other for other in others if other.levels != case.levels))


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import draft, repaired  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
