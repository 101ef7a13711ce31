"""Parts 1 and 2 of "Draft an escalation plan": the draft's broken rules, and the hours an
unsolved issue takes to reach the executive."""

from __future__ import annotations

from autograder.checks.compare import close
from autograder.checks.detect import Misconception, diagnose, different_variant
from autograder.checks.exercises.draft_escalation_plan import (
    PLAN,
    REVISIT_PLAN,
    checks,
    copied,
    draft_plan,
    reference_hours,
    rules_of,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number
from course.cases.kinds.escalation import EscalationView
from course.models import escalation as model

HOURS_TOLERANCE = 1e-6


@checks.check("draft-rules", PLAN)
def check_draft_rules(case: EscalationView, answer: Plain) -> None:
    if type(answer) is not list or any(type(item) is not str for item in answer):
        raise ShapeProblem("draft_rules should be a list of rule ids (texts) such as 'channel'")
    unknown = [item for item in answer if item not in model.RULES]
    if unknown:
        raise ShapeProblem(
            f"{unknown[0]!r} is not a rule id; use the ids in case.rules, as validate_plan "
            "reports them in each finding's .rule"
        )
    if len(set(answer)) != len(answer) or answer != sorted(answer):
        raise ShapeProblem(
            "List each rule id once, sorted: a rule broken at two levels still appears once."
        )
    expected = rules_of(draft_plan(case))
    missing, extra = expected - set(answer), set(answer) - expected
    if missing and not extra:
        raise CheckFailed(
            f"Your list misses {len(missing)} of the draft's problems. Run validate_plan on the "
            "whole draft, with its escalation executive and review cadence, and read every "
            f"finding {REVISIT_PLAN}."
        )
    if extra:
        raise CheckFailed(
            f"Your list names {len(extra)} rule(s) the draft does not break. Report what "
            f"validate_plan finds, not what a plan might get wrong {REVISIT_PLAN}."
        )


# --- Part 2: hours to the executive ---------------------------------------------------------


def _hours_close(answer: float, hours: float) -> bool:
    return close(answer, hours, absolute=HOURS_TOLERANCE)


def _response_hours(case: EscalationView) -> list[float]:
    return [level["max_response_hours"] for level in case.levels]


HOURS_MISCONCEPTIONS = (
    Misconception(
        "slowest-level-only",
        lambda answer, case: (
            _hours_close(answer, _response_hours(case)[-1])
            or _hours_close(answer, max(_response_hours(case)))
        ),
        "An issue reaches the executive only after every level below has had its full "
        "response time: add up the response times of every level, not only the slowest or "
        f"the top one {REVISIT_PLAN}.",
    ),
    Misconception(
        "top-level-left-out",
        lambda answer, case: _hours_close(answer, sum(_response_hours(case)[:-1])),
        "Include the top level's own response time: the executive has not responded until "
        f"that level's time has run too {REVISIT_PLAN}.",
    ),
    Misconception(
        "minutes",
        lambda answer, case: close(answer, reference_hours(case) * 60, absolute=1e-3),
        "Give the time in hours, as the plan does, not in minutes.",
    ),
)


@checks.check("hours-to-executive", PLAN)
def check_hours_to_executive(case: EscalationView, answer: Plain) -> None:
    expect_number(answer, "hours_to_executive", 0)
    if _hours_close(answer, reference_hours(case)):
        return
    diagnose(answer, case, HOURS_MISCONCEPTIONS)
    if copied(lambda other: _hours_close(answer, reference_hours(other)), case):
        raise different_variant("These hours", "compute from case.levels")
    raise CheckFailed(f"hours_to_executive is not right yet {REVISIT_PLAN}.")
