"""Part 3 of "Draft an escalation plan": the repaired plan, graded by the model's rules.

The learner's plan goes through ``course.models.escalation`` (``plan_from_records``,
``validate_plan``); each broken rule is a misconception with its own message. A P1 must reach the
executive within the P1 target, and the repair keeps the roles, triggers and channels the draft
got right (its response times may, and in every variant must, change)."""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import Misconception
from autograder.checks.exercises.draft_escalation_plan import (
    PLAN,
    REVISIT_PLAN,
    checks,
    draft_plan,
    p1_target_hours,
    rules_of,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import missing_and_extra
from course.cases.kinds.escalation import LEVEL_FIELDS as FIELDS
from course.cases.kinds.escalation import EscalationView
from course.models import escalation as model
from course.models.errors import ModelInputError
from course.models.escalation import EscalationPlan, hours_to_executive, plan_from_records


def _learner_plan(answer: Plain) -> EscalationPlan:
    """The learner's plan through the model, or a shape failure that says what to fix."""
    if type(answer) is not dict or set(answer) != {"levels", "executive", "cadence"}:
        raise ShapeProblem("the plan could not be read; run the cells of Part 3 again")
    records = answer["levels"]
    if type(records) is not list or not records:
        raise ShapeProblem("plan_levels should be a non-empty list with one dict per level")
    for index, record in enumerate(records):
        where = f"plan_levels[{index}]"
        if type(record) is not dict:
            raise ShapeProblem(f"{where} should be a dict, not {type(record).__name__}")
        missing, extra = missing_and_extra(record, sorted(FIELDS))
        if missing or extra:
            what = f"missing {missing}" if missing else f"unknown keys {extra}"
            raise ShapeProblem(f"{where} has {what}; give exactly the keys {', '.join(FIELDS)}")
    executive, cadence = answer["executive"], answer["cadence"]
    if executive is not None and type(executive) is not str:
        raise ShapeProblem("escalation_executive should be a text (a role, such as the draft's)")
    if cadence is not None and type(cadence) is not int:
        raise ShapeProblem(f"review_cadence_days should be a whole number of days, not {cadence!r}")
    try:
        return plan_from_records(records, executive, cadence)
    except ModelInputError as problem:
        raise ShapeProblem(f"plan_levels: {problem}") from None


def _sound_plan(answer: Plain) -> EscalationPlan:
    """The learner's plan, once its levels are well formed (Part 3's first check)."""
    plan = _learner_plan(answer)
    if rules_of(plan) & {model.RULE_MIN_LEVELS, model.RULE_CONTIGUOUS}:
        raise CheckFailed(
            "Fix the plan's levels first (at least three, numbered 1, 2, 3, ... each once); "
            f"this check looks at a plan only once its levels are sound {REVISIT_PLAN}."
        )
    return plan


def breaks(*rules: str) -> Any:
    """A detector: the plan breaks one of ``rules`` (as ``validate_plan`` names them)."""
    return lambda plan, case: bool(rules_of(plan) & set(rules))


checks.diagnosis("plan-shape", PLAN, (), _learner_plan)
LEVELS_MISCONCEPTIONS = (
    Misconception(
        model.RULE_MIN_LEVELS,
        breaks(model.RULE_MIN_LEVELS),
        lambda plan, case: (
            f"The plan has {len(plan.levels)} level(s). An unsolved issue needs at least three "
            "rungs to climb: the people doing the work, their managers, then an executive "
            f"{REVISIT_PLAN}."
        ),
    ),
    Misconception(
        model.RULE_CONTIGUOUS,
        breaks(model.RULE_CONTIGUOUS),
        lambda plan, case: (
            f"Your levels are numbered {sorted(level.level for level in plan.levels)}. Number "
            "them 1, 2, 3, ... each once: a gap leaves nobody in charge at the missing rung "
            f"{REVISIT_PLAN}."
        ),
    ),
)


checks.diagnosis("plan-levels", PLAN, LEVELS_MISCONCEPTIONS, _learner_plan)


def _p1_too_slow(plan: EscalationPlan, case: EscalationView) -> bool:
    findings = model.validate_plan(plan, p1_target_hours=p1_target_hours(case))
    return any(finding.rule == model.RULE_P1_REACH for finding in findings)


RESPONSE_MISCONCEPTIONS = (
    Misconception(
        model.RULE_POSITIVE,
        breaks(model.RULE_POSITIVE),
        "Every level needs a response time above zero hours.",
    ),
    Misconception(
        model.RULE_INCREASING,
        breaks(model.RULE_INCREASING),
        "Some level is given no more time than the level below it. Each step up involves "
        "more senior people and should get more time, so response times must rise strictly "
        f"from level to level {REVISIT_PLAN}.",
    ),
    Misconception(
        model.RULE_P1_REACH,
        _p1_too_slow,
        lambda plan, case: (
            f"An unsolved P1 climbs every level and reaches the escalation executive only after "
            f"{hours_to_executive(plan):g} h, beyond the P1 resolution target of "
            f"{p1_target_hours(case):g} h in case.priority_targets. Shorten the response times, "
            "still rising from level to level, until they add up to no more than that target "
            f"(revisit: {PLAN}, the P1 check)."
        ),
    ),
)


checks.diagnosis("plan-response", PLAN, RESPONSE_MISCONCEPTIONS, _sound_plan)


def _same_owners_twice(plan: EscalationPlan, case: EscalationView) -> bool:
    owners = [(level.client_owner, level.provider_owner) for level in plan.levels]
    return len(set(owners)) < len(owners)


OWNER_MISCONCEPTIONS = (
    Misconception(
        model.RULE_OWNED,
        breaks(model.RULE_OWNED),
        "Some level names an owner on one side only. Each level pairs a client role with "
        "its counterpart at the provider, so both sides act at the same time (revisit: "
        "peer-to-peer escalation, Everest Group).",
    ),
    Misconception(
        "no-trigger-or-channel",
        breaks(model.RULE_CHANNEL, model.RULE_TRIGGER),
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


checks.diagnosis("plan-owners", PLAN, OWNER_MISCONCEPTIONS, _sound_plan)


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
        model.RULE_EXECUTIVE,
        breaks(model.RULE_EXECUTIVE),
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


checks.diagnosis("plan-executive", PLAN, EXECUTIVE_MISCONCEPTIONS, _sound_plan)


LOW_DAYS, HIGH_DAYS = model.REVIEW_CADENCE_DAYS
REVISIT_REVIEWS = "(revisit: review meetings, Gartner step 6)"

CADENCE_MISCONCEPTIONS = (
    Misconception(
        "reviewed-too-rarely",
        lambda plan, case: (plan.review_cadence_days or 0) > HIGH_DAYS,
        lambda plan, case: (
            f"Reviewing the plan every {plan.review_cadence_days} days is too rare: this course "
            f"asks for at least once a quarter, {LOW_DAYS} to {HIGH_DAYS} days {REVISIT_REVIEWS}."
        ),
    ),
    Misconception(
        model.RULE_CADENCE,
        breaks(model.RULE_CADENCE),
        f"Set review_cadence_days to a number of days from {LOW_DAYS} to {HIGH_DAYS}, so the "
        f"plan is reviewed regularly {REVISIT_REVIEWS}.",
    ),
)


checks.diagnosis("plan-cadence", PLAN, CADENCE_MISCONCEPTIONS, _learner_plan)


KEPT_FIELDS = ("trigger", "client_owner", "provider_owner", "channel")
"""What a repair keeps where the draft got it right: who acts at each level, when and how.
Response times are not kept: in every variant the draft's add up to more than the P1 target."""


def _flagged_fields(case: EscalationView) -> set[str]:
    """Fields the draft gets wrong, as ``validate_plan`` names them ("level 4.client_owner")."""
    return {finding.field for finding in model.validate_plan(draft_plan(case))}


def _changed_fields(plan: EscalationPlan, case: EscalationView) -> list[str]:
    """Draft fields the plan replaced although the draft got them right. A field left blank is
    not counted: plan-owners already reports a blank owner, trigger or channel."""
    mine = {level.level: level for level in plan.levels}
    wrong = _flagged_fields(case)
    changed = []
    for level in case.levels:
        number = level["level"]
        for name in KEPT_FIELDS:
            where = f"level {number}.{name}"
            new = getattr(mine[number], name) if number in mine else None
            if where in wrong or new == "":
                continue
            if new is None or new.casefold() != level[name].strip().casefold():
                changed.append(where)
    return changed


@checks.check("plan-keeps-draft", PLAN)
def check_plan_keeps_draft(case: EscalationView, answer: Plain) -> None:
    changed = _changed_fields(_sound_plan(answer), case)
    if changed:
        raise CheckFailed(
            f"You changed {', '.join(changed)}, which the draft got right. Repair what "
            "validate_plan flags and the response times a P1 needs, but keep the levels, roles, "
            "triggers and channels agreed with the provider as they were."
        )
