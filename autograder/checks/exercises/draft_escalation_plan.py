"""Checks for the exercise "Draft an escalation plan" (case: pinecrest-escalation).

The learner diagnoses their variant of the draft plan, adds up how long an issue takes to climb
to the executive, and repairs the plan. Every verdict comes from ``course.models.escalation``
(``validate_plan``) on the learner's own plan, rebuilt here from plain data; the messages say
which idea to revisit and never give the expected values.

Variants differ in the draft's response times (``course.cases.kinds.escalation``), so the hours
to the executive differ, and a repaired plan must keep the response times the learner's own
draft got right: a classmate's plan fails that check with a "different variant" message.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from autograder.checks.compare import close
from autograder.checks.detect import Misconception, diagnose, different_variant, fits_another
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_number
from course.cases.kinds.escalation import LEVEL_FIELDS as FIELDS
from course.cases.kinds.escalation import EscalationView
from course.models.errors import ModelInputError
from course.models.escalation import (
    REVIEW_CADENCE_DAYS,
    RULE_CADENCE,
    RULE_CHANNEL,
    RULE_CONTIGUOUS,
    RULE_EXECUTIVE,
    RULE_INCREASING,
    RULE_MIN_LEVELS,
    RULE_OWNED,
    RULE_POSITIVE,
    RULE_TRIGGER,
    RULES,
    EscalationPlan,
    plan_from_records,
    validate_plan,
)

EXERCISE_ID = "draft-escalation-plan"
CASE_ID = "pinecrest-escalation"
HOURS_TOLERANCE = 1e-6
REVISIT_PLAN = "(revisit: the escalation plan, Gartner steps 4 and 5)"


checks = ExerciseChecks(CASE_ID, "modules/02-leading-outsourcing/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case


def describe(case: EscalationView) -> list[Any]:
    """What the setup cell shows: the draft plan and the contract's priority targets."""
    from IPython.display import Markdown

    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**: the draft escalation plan "
            "(`case.levels`, one dict per level), the escalation executive "
            f"(`case.escalation_executive` = {case.escalation_executive!r}) and the review "
            f"cadence (`case.review_cadence_days` = {case.review_cadence_days!r})."
        ),
        pd.DataFrame(case.levels).set_index("level"),
        Markdown("The contract's priority targets in hours (`case.priority_targets`):"),
        pd.DataFrame(case.priority_targets).set_index("priority"),
    ]


# --- the reference, from the model --------------------------------------------------------


def draft_plan(case: EscalationView) -> EscalationPlan:
    return plan_from_records(case.levels, case.escalation_executive, case.review_cadence_days)


def reference_rules(case: EscalationView) -> list[str]:
    """The distinct rule ids ``validate_plan`` reports for the draft, sorted."""
    return sorted({finding.rule for finding in validate_plan(draft_plan(case))})


def reference_hours(case: EscalationView) -> float:
    """Worst case before the executive responds: every level's response time, added up."""
    return float(sum(level["max_response_hours"] for level in case.levels))


def flagged_levels(case: EscalationView) -> set[int]:
    """Levels whose response time the draft gets wrong (too fast, or not above zero)."""
    flagged = set()
    for finding in validate_plan(draft_plan(case)):
        if finding.rule in (RULE_INCREASING, RULE_POSITIVE):
            flagged.add(int(finding.field.split()[1].split(".")[0]))
    return flagged


# --- helpers ------------------------------------------------------------------------------


def _copied(matches: Any, case: EscalationView) -> bool:
    """Does the answer fit another variant (the lesson's, or a classmate's) instead?"""
    others = [published_case()] + [exercise_case(f"learner-{c}") for c in "abcdefgh"]
    return fits_another(matches, (other for other in others if other.levels != case.levels))


def _learner_plan(answer: Plain) -> EscalationPlan:
    """The learner's plan through the model, or a shape failure that says what to fix."""
    if type(answer) is not dict or set(answer) != {"levels", "executive", "cadence"}:
        raise ShapeProblem("the plan could not be read; run the cells of Part 3 again")
    records = answer["levels"]
    if type(records) is not list or not records:
        raise ShapeProblem("plan_levels should be a non-empty list with one dict per level")
    for index, record in enumerate(records):
        if type(record) is not dict:
            raise ShapeProblem(
                f"plan_levels[{index}] should be a dict, not {type(record).__name__}"
            )
        if set(record) != set(FIELDS):
            missing = sorted(set(FIELDS) - set(record))
            extra = sorted(set(record) - set(FIELDS))
            what = f"missing {missing}" if missing else f"unknown keys {extra}"
            raise ShapeProblem(
                f"plan_levels[{index}] has {what}; give exactly the keys {', '.join(FIELDS)}"
            )
    executive, cadence = answer["executive"], answer["cadence"]
    if executive is not None and type(executive) is not str:
        raise ShapeProblem("escalation_executive should be a text (a role, such as the draft's)")
    if cadence is not None and type(cadence) is not int:
        raise ShapeProblem(f"review_cadence_days should be a whole number of days, not {cadence!r}")
    try:
        return plan_from_records(records, executive, cadence)
    except ModelInputError as problem:
        raise ShapeProblem(f"plan_levels: {problem}") from None


def _rules_of(plan: EscalationPlan) -> set[str]:
    return {finding.rule for finding in validate_plan(plan)}


def _sound_plan(answer: Plain) -> EscalationPlan:
    """The learner's plan, once its levels are well formed (Part 3's first check)."""
    plan = _learner_plan(answer)
    if _rules_of(plan) & {RULE_MIN_LEVELS, RULE_CONTIGUOUS}:
        raise CheckFailed(
            "Fix the plan's levels first (at least three, numbered 1, 2, 3, ... each once); "
            f"this check looks at a plan only once its levels are sound {REVISIT_PLAN}."
        )
    return plan


def breaks(*rules: str) -> Any:
    """A detector: the plan breaks one of ``rules`` (as ``validate_plan`` names them)."""
    return lambda plan, case: bool(_rules_of(plan) & set(rules))


# --- Part 1: the draft's problems ----------------------------------------------------------


PLAN = "A leader's first tool: the escalation plan"


@checks.check("draft-rules", PLAN)
def check_draft_rules(case: EscalationView, answer: Plain) -> None:
    if type(answer) is not list or any(type(item) is not str for item in answer):
        raise ShapeProblem("draft_rules should be a list of rule ids (texts) such as 'channel'")
    unknown = [item for item in answer if item not in RULES]
    if unknown:
        raise ShapeProblem(
            f"{unknown[0]!r} is not a rule id; use the ids in case.rules, as validate_plan "
            "reports them in each finding's .rule"
        )
    if len(set(answer)) != len(answer) or answer != sorted(answer):
        raise ShapeProblem(
            "List each rule id once, sorted: a rule broken at two levels still appears once."
        )
    expected = reference_rules(case)
    if answer == expected:
        return
    missing, extra = set(expected) - set(answer), set(answer) - set(expected)
    if missing and not extra:
        raise CheckFailed(
            f"Your list misses {len(missing)} of the draft's problems. Run validate_plan on the "
            "whole draft, with its escalation executive and review cadence, and read every "
            f"finding {REVISIT_PLAN}."
        )
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
    if _copied(lambda other: _hours_close(answer, reference_hours(other)), case):
        raise different_variant("These hours", "compute from case.levels")
    raise CheckFailed(f"hours_to_executive is not right yet {REVISIT_PLAN}.")


# --- Part 3: the repaired plan --------------------------------------------------------------


@checks.check("plan-shape", PLAN)
def check_plan_shape(case: EscalationView, answer: Plain) -> None:
    _learner_plan(answer)


@checks.check("plan-levels", PLAN)
def check_plan_levels(case: EscalationView, answer: Plain) -> None:
    plan = _learner_plan(answer)
    rules = _rules_of(plan)
    if RULE_MIN_LEVELS in rules:
        raise CheckFailed(
            f"The plan has {len(plan.levels)} level(s). An unsolved issue needs at least three "
            "rungs to climb: the people doing the work, their managers, then an executive "
            f"{REVISIT_PLAN}."
        )
    if RULE_CONTIGUOUS in rules:
        numbers = sorted(level.level for level in plan.levels)
        raise CheckFailed(
            f"Your levels are numbered {numbers}. Number them 1, 2, 3, ... each once: a gap "
            f"leaves nobody in charge at the missing rung {REVISIT_PLAN}."
        )


RESPONSE_MISCONCEPTIONS = (
    Misconception(
        RULE_POSITIVE, breaks(RULE_POSITIVE), "Every level needs a response time above zero hours."
    ),
    Misconception(
        RULE_INCREASING,
        breaks(RULE_INCREASING),
        "Some level is given no more time than the level below it. Each step up involves "
        "more senior people and should get more time, so response times must rise strictly "
        f"from level to level {REVISIT_PLAN}.",
    ),
)


@checks.check("plan-response", PLAN)
def check_plan_response(case: EscalationView, answer: Plain) -> None:
    diagnose(_sound_plan(answer), case, RESPONSE_MISCONCEPTIONS)


def _same_owners_twice(plan: EscalationPlan, case: EscalationView) -> bool:
    owners = [(level.client_owner, level.provider_owner) for level in plan.levels]
    return len(set(owners)) < len(owners)


OWNER_MISCONCEPTIONS = (
    Misconception(
        RULE_OWNED,
        breaks(RULE_OWNED),
        "Some level names an owner on one side only. Each level pairs a client role with "
        "its counterpart at the provider, so both sides act at the same time (revisit: "
        "peer-to-peer escalation, Everest Group).",
    ),
    Misconception(
        "no-trigger-or-channel",
        breaks(RULE_CHANNEL, RULE_TRIGGER),
        "Every level needs a trigger (when an issue reaches it) and a channel (how people "
        f"are reached) {REVISIT_PLAN}.",
    ),
    Misconception(
        "same-owners-twice",
        _same_owners_twice,
        "The same pair of owners appears at two levels. Escalating means handing the issue "
        f"to more senior people at each step {REVISIT_PLAN}.",
    ),
)


@checks.check("plan-owners", PLAN)
def check_plan_owners(case: EscalationView, answer: Plain) -> None:
    diagnose(_sound_plan(answer), case, OWNER_MISCONCEPTIONS)


def _executive(plan: EscalationPlan) -> str:
    return (plan.escalation_executive or "").strip()


def _provider_executive(plan: EscalationPlan, case: EscalationView) -> bool:
    executive = _executive(plan).casefold()
    provider_roles = {level["provider_owner"].casefold() for level in case.levels}
    return executive in provider_roles or case.provider.casefold() in executive


EXECUTIVE_MISCONCEPTIONS = (
    Misconception(
        "no-executive",
        lambda plan, case: not _executive(plan),
        "Name the escalation executive: Gartner's step 5 asks for one client executive who "
        "leads the plan (revisit: the escalation executive).",
    ),
    Misconception(
        "provider-executive",
        _provider_executive,
        "The escalation executive is a provider role. The executive leads the plan for the "
        "client, so it must be someone on the client's side (revisit: the escalation "
        "executive).",
    ),
    Misconception(
        RULE_EXECUTIVE,
        breaks(RULE_EXECUTIVE),
        "The escalation executive does not own the top level. The last step of the plan is "
        "where the executive steps in, on the client side (revisit: the escalation "
        "executive).",
    ),
    Misconception(
        "new-executive",
        lambda plan, case: _executive(plan).casefold() != case.escalation_executive.casefold(),
        "Keep the escalation executive the case names (case.escalation_executive): the plan "
        "repairs the draft; it does not appoint someone new.",
    ),
)


@checks.check("plan-executive", PLAN)
def check_plan_executive(case: EscalationView, answer: Plain) -> None:
    diagnose(_sound_plan(answer), case, EXECUTIVE_MISCONCEPTIONS)


@checks.check("plan-cadence", PLAN)
def check_plan_cadence(case: EscalationView, answer: Plain) -> None:
    plan = _learner_plan(answer)
    if RULE_CADENCE in _rules_of(plan):
        low, high = REVIEW_CADENCE_DAYS
        cadence = plan.review_cadence_days
        if cadence is not None and cadence > high:
            raise CheckFailed(
                f"Reviewing the plan every {cadence} days is too rare: this course asks for at "
                f"least once a quarter, {low} to {high} days (revisit: review meetings, "
                "Gartner step 6)."
            )
        raise CheckFailed(
            f"Set review_cadence_days to a number of days from {low} to {high}, so the plan is "
            "reviewed regularly (revisit: review meetings, Gartner step 6)."
        )


def _changed_levels(mine: dict[int, float], case: EscalationView) -> list[int]:
    """Levels whose response time the plan changed although the draft got it right."""
    wrong = flagged_levels(case)
    return sorted(
        level["level"]
        for level in case.levels
        if level["level"] not in wrong
        and not close(mine.get(level["level"], -1.0), level["max_response_hours"], absolute=1e-9)
    )


@checks.check("plan-keeps-draft", PLAN)
def check_plan_keeps_draft(case: EscalationView, answer: Plain) -> None:
    plan = _sound_plan(answer)
    mine = {level.level: level.max_response_hours for level in plan.levels}
    changed = _changed_levels(mine, case)
    if not changed:
        return
    if _copied(lambda other: not _changed_levels(mine, other), case):
        raise different_variant("These response times", "start from your own case.levels")
    raise CheckFailed(
        f"You changed the response time of level(s) {changed}, which the draft got right. Repair "
        "only what validate_plan flags, so the provider's agreed targets stay as they were."
    )


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
