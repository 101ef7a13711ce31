"""Misconceptions of the exercise "Draft an escalation plan"."""

from autograder.misconceptions import Misconception

PLAN_CELL = "a3"

_REPAIRED = """
plan_levels = [dict(level) for level in case.levels]
for level, hours in zip(plan_levels, (0.25, 0.4, 0.5, 0.75)):
    level["max_response_hours"] = hours
plan_levels[-1]["client_owner"] = case.escalation_executive
escalation_executive = case.escalation_executive
review_cadence_days = 30
"""
"""The reference repair: response times that rise and add up to 1.9 h, within the 2 h P1 target
in every variant, with the draft's roles, triggers and channels kept."""


def _plan(*changes: str) -> dict[str, str]:
    """The reference repair with ``changes`` applied after it."""
    return {PLAN_CELL: _REPAIRED + "\n".join(changes)}


MISCONCEPTIONS = [
    Misconception(
        "copied the draft unchanged",
        {
            PLAN_CELL: """
plan_levels = [dict(level) for level in case.levels]
escalation_executive = case.escalation_executive
review_cadence_days = case.review_cadence_days
"""
        },
        fails=("plan-response",),
        message="more time than the level below",
        passes=("plan-shape", "plan-levels", "plan-owners", "plan-cadence", "plan-keeps-draft"),
    ),
    Misconception(
        "response times falling as the level rises",
        _plan(
            "for level, hours in zip(plan_levels, (8, 4, 2, 1)):",
            "    level['max_response_hours'] = hours",
        ),
        fails=("plan-response",),
        message="rise strictly",
        passes=("plan-levels", "plan-owners", "plan-executive"),
    ),
    Misconception(
        "provider owners left blank (only the client side)",
        _plan("for level in plan_levels:", "    level['provider_owner'] = ''"),
        fails=("plan-owners",),
        message="one side only",
        passes=("plan-response", "plan-executive", "plan-keeps-draft"),
    ),
    Misconception(
        "the provider's account manager as escalation executive",
        _plan(
            "plan_levels[-1]['client_owner'] = plan_levels[-1]['provider_owner']",
            "escalation_executive = plan_levels[-1]['provider_owner']",
        ),
        fails=("plan-executive",),
        message="provider role",
        passes=("plan-response", "plan-owners"),
    ),
    Misconception(
        "executive named but not at the top level",
        _plan("plan_levels[-1]['client_owner'] = 'Director of IT services (deputy)'"),
        fails=("plan-executive",),
        message="does not own the top level",
        passes=("plan-response", "plan-owners", "plan-cadence"),
    ),
    Misconception(
        "a level skipped (1, 2, 4)",
        _plan("plan_levels[-1]['level'] = 5"),
        fails=("plan-levels",),
        message="Number them 1, 2, 3",
        passes=("plan-shape", "plan-cadence"),
    ),
    Misconception(
        "only two levels",
        _plan(
            "plan_levels = [plan_levels[0], plan_levels[-1]]",
            "plan_levels[1]['level'] = 2",
        ),
        fails=("plan-levels",),
        message="at least three",
        passes=("plan-shape", "plan-cadence"),
    ),
    Misconception(
        "reviewed once a year",
        _plan("review_cadence_days = 365"),
        fails=("plan-cadence",),
        message="too rare",
        passes=("plan-response", "plan-owners", "plan-executive", "plan-keeps-draft"),
    ),
    Misconception(
        "kept the draft's response times, repairing only the flagged level",
        {
            PLAN_CELL: """
plan_levels = [dict(level) for level in case.levels]
plan_levels[2]["max_response_hours"] = (
    plan_levels[1]["max_response_hours"] + plan_levels[3]["max_response_hours"]
) / 2
plan_levels[-1]["client_owner"] = case.escalation_executive
escalation_executive = case.escalation_executive
review_cadence_days = 30
"""
        },
        fails=("plan-response",),
        message="beyond the P1 resolution target",
        passes=(
            "plan-shape",
            "plan-levels",
            "plan-owners",
            "plan-executive",
            "plan-cadence",
            "plan-keeps-draft",
        ),
    ),
    Misconception(
        "renamed the roles the draft got right",
        _plan(
            "plan_levels[1]['client_owner'] = 'Head of service operations'",
            "plan_levels[1]['provider_owner'] = 'Head of delivery'",
        ),
        fails=("plan-keeps-draft",),
        message="which the draft got right",
        passes=("plan-response", "plan-owners", "plan-executive"),
    ),
    Misconception(
        "same owners at every level",
        _plan(
            "for level in plan_levels:",
            "    level['client_owner'] = 'IT service manager'",
            "    level['provider_owner'] = 'Account manager'",
            "plan_levels[-1]['client_owner'] = case.escalation_executive",
        ),
        fails=("plan-owners",),
        message="same pair of owners",
        passes=("plan-response", "plan-executive"),
    ),
    Misconception(
        "hours to the executive: only the top level",
        {"a2": 'hours_to_executive = case.levels[-1]["max_response_hours"]'},
        fails=("hours-to-executive",),
        message="add up the response times of every level",
    ),
    Misconception(
        "hours to the executive: stopped below the top level",
        {"a2": 'hours_to_executive = sum(lv["max_response_hours"] for lv in case.levels[:-1])'},
        fails=("hours-to-executive",),
        message="Include the top level's own response time",
    ),
    Misconception(
        "one rule id per finding, with repeats and unsorted",
        {
            "a1": """
from course.models.escalation import plan_from_records, validate_plan

draft = plan_from_records(case.levels, case.escalation_executive, case.review_cadence_days)
draft_rules = [finding.rule for finding in validate_plan(draft)] * 2
"""
        },
        fails=("draft-rules",),
        message="each rule id once, sorted",
    ),
    Misconception(
        "checked the levels without the executive and the cadence",
        {
            "a1": """
from course.models.escalation import plan_from_records, validate_plan

levels_only = plan_from_records(case.levels, "", None)
ignored = {"executive-at-top", "review-cadence"}
draft_rules = sorted({f.rule for f in validate_plan(levels_only)} - ignored)
"""
        },
        fails=("draft-rules",),
        message="misses",
    ),
]

ANSWER_CELLS = {
    "a1": ["draft_rules"],
    "a2": ["hours_to_executive"],
    "a3": ["plan_levels", "escalation_executive", "review_cadence_days"],
}
