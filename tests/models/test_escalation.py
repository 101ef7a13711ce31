"""Tests for course/models/escalation.py: escalation plans (Gartner steps 4-5)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.escalation import (
    RULE_CADENCE,
    RULE_CHANNEL,
    RULE_CONTIGUOUS,
    RULE_EXECUTIVE,
    RULE_INCREASING,
    RULE_MIN_LEVELS,
    RULE_OWNED,
    RULE_P1_REACH,
    RULE_POSITIVE,
    RULE_TRIGGER,
    RULES,
    EscalationLevel,
    EscalationPlan,
    hours_to_executive,
    plan_frame,
    plan_from_records,
    validate_plan,
)

# Pinecrest State University help desk (docs/evidence.md, Case 7), P1 path: 15 min, 1 h, 2 h, 8 h.
RECORDS: list[dict[str, object]] = [
    {
        "level": 1,
        "trigger": "P1 ticket opened",
        "client_owner": "Service desk lead",
        "provider_owner": "Shift supervisor",
        "max_response_hours": 0.25,
        "channel": "ticket queue",
    },
    {
        "level": 2,
        "trigger": "P1 not restored after 1 hour",
        "client_owner": "IT service manager",
        "provider_owner": "Service delivery manager",
        "max_response_hours": 1,
        "channel": "phone bridge",
    },
    {
        "level": 3,
        "trigger": "P1 not restored after 2 hours",
        "client_owner": "Director of IT operations",
        "provider_owner": "Delivery director",
        "max_response_hours": 2,
        "channel": "phone bridge",
    },
    {
        "level": 4,
        "trigger": "Repeat P1 or SLA breach disputed",
        "client_owner": "CIO",
        "provider_owner": "Provider executive sponsor",
        "max_response_hours": 8,
        "channel": "executive call",
    },
]


def reference_plan() -> EscalationPlan:
    return plan_from_records(RECORDS, escalation_executive="CIO", review_cadence_days=30)


def rules_of(plan: EscalationPlan) -> list[str]:
    return [finding.rule for finding in validate_plan(plan)]


def with_level(plan: EscalationPlan, index: int, **changes: object) -> EscalationPlan:
    levels = list(plan.levels)
    levels[index] = replace(levels[index], **changes)
    return replace(plan, levels=tuple(levels))


def test_reference_plan_has_no_findings() -> None:
    """Does the Pinecrest reference plan pass every rule?"""
    assert validate_plan(reference_plan()) == []


def test_response_time_falling_between_levels_two_and_three_gives_one_finding() -> None:
    """Does a plan with response times that fall between levels 2 and 3 get exactly one
    'increasing-response' finding, naming both levels?"""
    plan = with_level(reference_plan(), 2, max_response_hours=0.5)  # level 3: 0.5 h < level 2: 1 h
    findings = validate_plan(plan)
    assert [f.rule for f in findings] == [RULE_INCREASING]
    assert findings[0].field == "level 3.max_response_hours"
    assert "level 3" in findings[0].message and "level 2" in findings[0].message


def test_equal_response_times_are_not_increasing() -> None:
    """Are equal hours on two neighbouring levels reported, since they must strictly increase?"""
    plan = with_level(reference_plan(), 1, max_response_hours=0.25)
    assert rules_of(plan) == [RULE_INCREASING]


def test_two_level_plan_breaks_min_levels_only() -> None:
    """Does a plan with two levels (otherwise sound) get a single 'min-levels' finding?"""
    plan = reference_plan()
    short = replace(plan, levels=(plan.levels[0], replace(plan.levels[1], client_owner="CIO")))
    findings = validate_plan(short)
    assert [f.rule for f in findings] == [RULE_MIN_LEVELS]
    assert "2 level" in findings[0].message


def test_gap_in_numbering_is_reported_once() -> None:
    """Does numbering 1, 2, 4, 5 give one 'contiguous-levels' finding listing the numbers?"""
    plan = reference_plan()
    plan = with_level(with_level(plan, 2, level=4), 3, level=5)
    findings = validate_plan(plan)
    assert [f.rule for f in findings] == [RULE_CONTIGUOUS]
    assert "1, 2, 4, 5" in findings[0].message and "1, 2, 3, 4" in findings[0].message


def test_duplicated_level_number_is_only_a_numbering_problem() -> None:
    """Does a plan numbered 1, 2, 2, 3 get a 'contiguous-levels' finding but no response-time one,
    even when the two level-2 rows are listed with falling hours (4 h, then 2 h)?"""
    plan = reference_plan()
    levels = (
        replace(plan.levels[0], max_response_hours=1),
        replace(plan.levels[1], level=2, max_response_hours=4),
        replace(plan.levels[2], level=2, max_response_hours=2),
        replace(plan.levels[3], level=3, max_response_hours=8),
    )
    assert rules_of(replace(plan, levels=levels)) == [RULE_CONTIGUOUS]


def test_levels_given_out_of_order_are_read_in_level_order() -> None:
    """Is a plan whose levels are listed 4, 3, 2, 1 still valid, since order of typing is free?"""
    plan = reference_plan()
    assert validate_plan(replace(plan, levels=tuple(reversed(plan.levels)))) == []


def test_blank_provider_owner_names_level_and_side() -> None:
    """Does a level without a provider owner get an 'owned-both-sides' finding naming it?"""
    findings = validate_plan(with_level(reference_plan(), 1, provider_owner="  "))
    assert [(f.rule, f.field) for f in findings] == [(RULE_OWNED, "level 2.provider_owner")]
    assert "provider" in findings[0].message


def test_blank_top_client_owner_is_reported_once() -> None:
    """Is a blank client owner at the top level reported only as 'owned-both-sides', not also as
    'executive-at-top', so the learner fixes one field once?"""
    findings = validate_plan(with_level(reference_plan(), 3, client_owner=""))
    assert [(f.rule, f.field) for f in findings] == [(RULE_OWNED, "level 4.client_owner")]


def test_missing_executive_is_reported() -> None:
    """Is a plan that names no escalation executive given an 'executive-at-top' finding?"""
    findings = validate_plan(replace(reference_plan(), escalation_executive=None))
    assert [(f.rule, f.field) for f in findings] == [(RULE_EXECUTIVE, "escalation_executive")]


def test_account_manager_at_top_is_not_the_executive() -> None:
    """Is the planted Pinecrest defect (a manager, not the executive, at the top) reported?"""
    plan = with_level(reference_plan(), 3, client_owner="Account manager")
    findings = validate_plan(plan)
    assert [(f.rule, f.field) for f in findings] == [(RULE_EXECUTIVE, "level 4.client_owner")]
    assert "'CIO'" in findings[0].message


def test_executive_match_ignores_case() -> None:
    """Does 'cio' at the top match an executive named 'CIO'?"""
    assert validate_plan(with_level(reference_plan(), 3, client_owner="cio")) == []


@pytest.mark.parametrize("days", [None, 0, 93, 365])
def test_review_cadence_outside_range_is_reported(days: int | None) -> None:
    """Is a missing review cadence, or one outside 1-92 days, reported as 'review-cadence'?"""
    assert rules_of(replace(reference_plan(), review_cadence_days=days)) == [RULE_CADENCE]


@pytest.mark.parametrize("days", [1, 92])
def test_review_cadence_bounds_are_allowed(days: int) -> None:
    """Are 1 and 92 days, the ends of the allowed window, accepted?"""
    assert validate_plan(replace(reference_plan(), review_cadence_days=days)) == []


def test_blank_channel_and_trigger_are_reported_per_level() -> None:
    """Does each blank channel and trigger get its own finding naming the level?"""
    plan = with_level(with_level(reference_plan(), 0, channel=""), 2, trigger=None)
    findings = validate_plan(plan)
    assert [(f.rule, f.field) for f in findings] == [
        (RULE_CHANNEL, "level 1.channel"),
        (RULE_TRIGGER, "level 3.trigger"),
    ]


def test_zero_hours_is_not_a_response_time() -> None:
    """Is a first level with 0 hours reported as 'positive-response'?"""
    assert rules_of(with_level(reference_plan(), 0, max_response_hours=0)) == [RULE_POSITIVE]


def test_p1_rule_is_checked_only_against_a_target() -> None:
    """Is the Pinecrest reference plan (11.25 h to the top) flagged against a 2 h P1 target
    only, with the hours in the message, and not when no target is given?"""
    plan = reference_plan()
    assert hours_to_executive(plan) == 11.25
    assert validate_plan(plan) == []
    findings = validate_plan(plan, p1_target_hours=2)
    assert [finding.rule for finding in findings] == [RULE_P1_REACH]
    assert "11.25 h" in findings[0].message
    assert "2 h" in findings[0].message
    assert validate_plan(plan, p1_target_hours=12) == []


def test_p1_exactly_on_target_passes_despite_rounding() -> None:
    """Does a plan whose hours add up to the target exactly (0.1 + 0.2 + 0.3 + 1.4) pass?"""
    plan = reference_plan()
    for index, hours in enumerate((0.1, 0.2, 0.3, 1.4)):
        plan = with_level(plan, index, max_response_hours=hours)
    assert validate_plan(plan, p1_target_hours=2) == []
    assert rules_of_p1(plan, 1.99) == [RULE_P1_REACH]


@pytest.mark.parametrize("target", [0, -1, "2", True])
def test_a_bad_p1_target_names_the_argument(target: object) -> None:
    """Is a P1 target that is not a positive number refused, naming the argument?"""
    with pytest.raises(ModelInputError, match="^p1_target_hours:"):
        validate_plan(reference_plan(), p1_target_hours=target)  # type: ignore[arg-type]


def rules_of_p1(plan: EscalationPlan, target: float) -> list[str]:
    return [finding.rule for finding in validate_plan(plan, p1_target_hours=target)]


def test_bad_plan_builds_without_raising_and_lists_all_problems() -> None:
    """Does a plan with many problems build, then report each of them?"""
    level = EscalationLevel(7, "", "", "", -1, "")
    plan = EscalationPlan((level,), None, None)
    assert set(rules_of(plan)) == set(RULES) - {RULE_INCREASING, RULE_P1_REACH}


def test_plan_frame_lists_levels_in_order() -> None:
    """Does the plan table show one row per level, in level order, with the level fields?"""
    plan = reference_plan()
    frame = plan_frame(replace(plan, levels=tuple(reversed(plan.levels))))
    assert list(frame["level"]) == [1, 2, 3, 4]
    assert list(frame.columns) == [
        "level",
        "trigger",
        "client_owner",
        "provider_owner",
        "max_response_hours",
        "channel",
    ]
    assert frame.loc[3, "client_owner"] == "CIO"


# ---- errors -----------------------------------------------------------------------------------


def test_missing_key_names_record_index_and_key() -> None:
    """Is a record without a channel refused, naming records[1] and the key?"""
    records = [dict(record) for record in RECORDS]
    del records[1]["channel"]
    with pytest.raises(ModelInputError) as caught:
        plan_from_records(records, "CIO", 30)
    assert caught.value.field == "records[1].channel"
    assert "missing key 'channel'" in str(caught.value)


def test_misspelt_key_gets_a_suggestion() -> None:
    """Does a misspelt key ('client_onwer') get named with a 'did you mean' hint?"""
    records = [dict(record) for record in RECORDS]
    records[0]["client_onwer"] = records[0].pop("client_owner")
    with pytest.raises(ModelInputError, match=r"^records\[0\]\.client_onwer:.*'client_owner'"):
        plan_from_records(records, "CIO", 30)


def test_hours_typed_as_text_name_the_record() -> None:
    """Are hours typed as '4h' refused with the record index and the field?"""
    records = [dict(record) for record in RECORDS]
    records[2]["max_response_hours"] = "4h"
    with pytest.raises(ModelInputError) as caught:
        plan_from_records(records, "CIO", 30)
    assert caught.value.field == "records[2].max_response_hours"
    assert "without quotes" in str(caught.value)


@pytest.mark.parametrize(
    ("records", "field"),
    [("level 1", "records"), ([["level", 1]], "records[0]"), ({"level": 1}, "records")],
)
def test_records_that_are_not_a_list_of_dicts_are_refused(records: object, field: str) -> None:
    """Is input that is not a list of dicts refused, naming where it went wrong?"""
    with pytest.raises(ModelInputError) as caught:
        plan_from_records(records, "CIO", 30)  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": "2"}, "level"),
        ({"level": True}, "level"),
        ({"level": 2.0}, "level"),
        ({"max_response_hours": "4"}, "max_response_hours"),
        ({"max_response_hours": None}, "max_response_hours"),
        ({"max_response_hours": float("inf")}, "max_response_hours"),
        ({"trigger": 5}, "trigger"),
        ({"client_owner": ["CIO"]}, "client_owner"),
        ({"channel": 1.0}, "channel"),
    ],
)
def test_wrong_types_in_a_level_name_the_field(changes: dict[str, object], field: str) -> None:
    """Is a level with a wrongly typed value refused, naming the field?"""
    values = {**RECORDS[0], **changes}
    with pytest.raises(ModelInputError) as caught:
        EscalationLevel(**values)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}:")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"levels": "L1, L2"}, "levels"),
        ({"levels": 3}, "levels"),
        ({"levels": (RECORDS[0],)}, "levels[0]"),
        ({"escalation_executive": 42}, "escalation_executive"),
        ({"review_cadence_days": 30.0}, "review_cadence_days"),
        ({"review_cadence_days": True}, "review_cadence_days"),
        ({"review_cadence_days": "30"}, "review_cadence_days"),
    ],
)
def test_wrong_types_in_a_plan_name_the_field(changes: dict[str, object], field: str) -> None:
    """Is a plan with a wrongly typed value refused, naming the field?"""
    values = {"levels": reference_plan().levels, "escalation_executive": "CIO"}
    values |= {"review_cadence_days": 30} | changes
    with pytest.raises(ModelInputError) as caught:
        EscalationPlan(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_validate_plan_refuses_other_objects() -> None:
    """Is validating something that is not a plan refused with a clear message?"""
    with pytest.raises(ModelInputError, match="^plan:"):
        validate_plan(RECORDS)  # type: ignore[arg-type]


# ---- property: a valid plan with one rule broken ----------------------------------------------

ROLES = ["Team lead", "Service manager", "Head of IT", "Director", "CIO", "COO", "Sponsor"]


@st.composite
def valid_plans(draw: st.DrawFn) -> EscalationPlan:
    count = draw(st.integers(min_value=3, max_value=6))
    steps = draw(st.lists(st.floats(min_value=0.25, max_value=48), min_size=count, max_size=count))
    hours = [sum(steps[: index + 1]) for index in range(count)]
    executive = draw(st.sampled_from(ROLES))
    levels = tuple(
        EscalationLevel(
            level=index + 1,
            trigger=f"not solved at level {index}",
            client_owner=executive if index == count - 1 else draw(st.sampled_from(ROLES)),
            provider_owner=draw(st.sampled_from(ROLES)),
            max_response_hours=hours[index],
            channel=draw(st.sampled_from(["ticket", "phone", "e-mail", "video call"])),
        )
        for index in range(count)
    )
    cadence = draw(st.integers(min_value=1, max_value=92))
    return EscalationPlan(levels, executive, cadence)


blank = st.sampled_from(["", "   ", None])


def break_rule(draw: st.DrawFn, plan: EscalationPlan, rule: str) -> EscalationPlan:
    """Return ``plan`` with exactly ``rule`` violated, the rest left valid."""
    n = len(plan.levels)
    pick = draw(st.integers(min_value=0, max_value=n - 1))
    if rule == RULE_MIN_LEVELS:
        keep = draw(st.integers(min_value=0, max_value=2))
        levels = list(plan.levels[:keep])
        if levels:  # the new top level must still be the executive's
            levels[-1] = replace(levels[-1], client_owner=plan.escalation_executive)
        return replace(plan, levels=tuple(levels))
    if rule == RULE_CONTIGUOUS:
        how = draw(st.sampled_from(["gap", "from-zero", "duplicate"]))
        if how == "gap":
            gap = draw(st.integers(min_value=1, max_value=3))
            levels = [
                replace(lv, level=lv.level + gap) if i >= pick else lv
                for i, lv in enumerate(plan.levels)
            ]
        elif how == "from-zero":
            levels = [replace(lv, level=lv.level - 1) for lv in plan.levels]
        else:
            at = max(pick, 1)
            levels = list(plan.levels)
            levels[at] = replace(levels[at], level=levels[at - 1].level)
        return replace(plan, levels=tuple(levels))
    if rule == RULE_INCREASING:
        at = max(pick, 1)
        below = plan.levels[at - 1].max_response_hours
        factor = draw(st.floats(min_value=0.01, max_value=1))
        return with_level(plan, at, max_response_hours=below * factor)
    if rule == RULE_POSITIVE:
        return with_level(plan, 0, max_response_hours=draw(st.floats(-5, 0)))
    if rule == RULE_OWNED:
        side = draw(st.sampled_from(["client_owner", "provider_owner"]))
        return with_level(plan, pick, **{side: draw(blank)})
    if rule == RULE_EXECUTIVE:
        if draw(st.booleans()):
            return replace(plan, escalation_executive=draw(blank))
        other = draw(st.sampled_from([r for r in ROLES if r != plan.escalation_executive]))
        return with_level(plan, n - 1, client_owner=other)
    if rule == RULE_CADENCE:
        days = draw(st.one_of(st.none(), st.integers(max_value=0), st.integers(min_value=93)))
        return replace(plan, review_cadence_days=days)
    if rule == RULE_CHANNEL:
        return with_level(plan, pick, channel=draw(blank))
    if rule == RULE_TRIGGER:
        return with_level(plan, pick, trigger=draw(blank))
    raise AssertionError(f"no breaker for {rule}")


@given(valid_plans())
def test_generated_valid_plans_have_no_findings(plan: EscalationPlan) -> None:
    """Do generated plans built to follow every rule pass validation?"""
    assert validate_plan(plan) == []


@given(st.data(), valid_plans(), st.sampled_from([r for r in RULES if r != RULE_P1_REACH]))
def test_breaking_one_rule_yields_findings_of_that_rule_only(
    data: st.DataObject, plan: EscalationPlan, rule: str
) -> None:
    """Does a valid plan with one rule broken yield findings of exactly that rule?"""
    broken = break_rule(data.draw, plan, rule)
    assert {finding.rule for finding in validate_plan(broken)} == {rule}


@given(st.data(), valid_plans())
def test_one_lowered_response_time_gives_exactly_one_finding(
    data: st.DataObject, plan: EscalationPlan
) -> None:
    """Does lowering one level's hours to or below the level beneath give exactly one finding?"""
    broken = break_rule(data.draw, plan, RULE_INCREASING)
    findings = validate_plan(broken)
    assert len(findings) == 1
    changed = next(
        new.level
        for old, new in zip(plan.levels, broken.levels, strict=True)
        if old.max_response_hours != new.max_response_hours
    )
    assert f"level {changed}" in findings[0].message
    assert f"level {changed - 1}" in findings[0].message


@given(valid_plans(), st.floats(min_value=0.01, max_value=10))
def test_p1_rule_compares_the_summed_hours_with_the_target(
    plan: EscalationPlan, margin: float
) -> None:
    """Does a valid plan pass with a target at or above its summed hours, and break only the P1
    rule with a target below them?"""
    hours = hours_to_executive(plan)
    assert validate_plan(plan, p1_target_hours=hours) == []
    assert validate_plan(plan, p1_target_hours=hours + margin) == []
    assert rules_of_p1(plan, hours - margin * hours / 11) == [RULE_P1_REACH]
