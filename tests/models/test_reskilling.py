"""Tests for course/models/reskilling.py: a reskilling plan for the retained team (Cramm, 2006)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.models.errors import ModelInputError
from course.models.reskilling import (
    RULE_BUDGET,
    RULE_EVERYONE,
    RULE_GAP_CLOSED,
    RULE_ONE_AT_A_TIME,
    RULE_READY_BY_HANDOVER,
    RULE_ROLE_OVERSTAFFED,
    RULE_ROLE_UNFILLED,
    RULE_TRAINING_NEEDED,
    RULE_WORK_MOVES_OUT,
    RULES,
    Course,
    Person,
    Programme,
    RetainedRole,
    cheapest_plan,
    cheapest_route,
    last_training_month,
    read_plan,
    skill_gaps,
    training_cost,
    validate_plan,
)

# A small team worked by hand: the provider takes over in month 5, so training runs in months
# 1 to 4; the budget is 5,000.
PROGRAMME = Programme(
    team=(
        Person("Ana", "Database administration", ("analysis",)),
        Person("Bo", "Server operations", ()),
        Person("Cy", "Release management", ("vendors",)),
    ),
    roles=(
        RetainedRole("Product owner", 1, ("analysis", "product")),
        RetainedRole("Vendor manager", 1, ("vendors", "contracts")),
        RetainedRole("Pod lead", 1, ("leading", "vendors")),
    ),
    outsourced_work=("Database administration", "Server operations", "Release management"),
    courses=(
        Course("PR-FAST", "product", 2000, 1),
        Course("PR-SLOW", "product", 800, 3),
        Course("CO", "contracts", 1000, 2),
        Course("LE-FAST", "leading", 1500, 1),
        Course("LE-SLOW", "leading", 600, 3),
        Course("VE-FAST", "vendors", 1800, 1),
        Course("VE-SLOW", "vendors", 700, 2),
    ),
    budget=5000,
    handover_month=5,
)

ASSIGNED = {"Ana": "Product owner", "Bo": "Pod lead", "Cy": "Vendor manager"}
SOUND = [
    {"person": "Ana", "course": "PR-SLOW", "start_month": 1},  # months 1-3
    {"person": "Bo", "course": "LE-FAST", "start_month": 1},  # month 1
    {"person": "Bo", "course": "VE-SLOW", "start_month": 2},  # months 2-3
    {"person": "Cy", "course": "CO", "start_month": 3},  # months 3-4
]


def rules(assignments=ASSIGNED, training=SOUND, programme=PROGRAMME) -> list[str]:
    plan = read_plan(programme, assignments, training)
    return [finding.rule for finding in validate_plan(programme, plan)]


def test_a_sound_plan_breaks_no_rule_and_its_figures_add_up_by_hand():
    """Is the hand-checked plan clean, costing 800 + 1,500 + 700 + 1,000 and ending in month 4?"""
    plan = read_plan(PROGRAMME, ASSIGNED, SOUND)
    assert validate_plan(PROGRAMME, plan) == []
    assert training_cost(PROGRAMME, plan.training) == 4000
    assert last_training_month(PROGRAMME, plan.training) == 4
    assert last_training_month(PROGRAMME, ()) == 0


def test_skill_gaps_are_what_the_role_needs_minus_what_the_person_holds():
    """Are gaps measured against each person's own role, sorted, for retained roles only?"""
    assert skill_gaps(PROGRAMME, ASSIGNED) == {
        "Ana": ["product"],
        "Bo": ["leading", "vendors"],
        "Cy": ["contracts"],
    }
    assert skill_gaps(PROGRAMME, {"Ana": "Database administration", "Bo": None}) == {}


@pytest.mark.parametrize(
    ("assignments", "rule"),
    [
        ({"Ana": "Product owner", "Bo": "Pod lead"}, RULE_EVERYONE),
        ({**ASSIGNED, "Cy": None}, RULE_EVERYONE),
        ({**ASSIGNED, "Cy": "Release management"}, RULE_WORK_MOVES_OUT),
        ({**ASSIGNED, "Cy": "Pod lead"}, RULE_ROLE_UNFILLED),
        ({**ASSIGNED, "Cy": "Pod lead"}, RULE_ROLE_OVERSTAFFED),
    ],
)
def test_each_role_rule_is_reported(assignments, rule):
    """Is a person without a role, kept on outsourced work, or a role under- or over-filled,
    reported under its own rule id?"""
    assert rule in rules(assignments)


@pytest.mark.parametrize(
    ("training", "rule"),
    [
        (SOUND[1:], RULE_GAP_CLOSED),  # Ana never learns product
        ([*SOUND, {"person": "Ana", "course": "VE-SLOW", "start_month": 4}], RULE_TRAINING_NEEDED),
        ([*SOUND, {"person": "Cy", "course": "VE-SLOW", "start_month": 1}], RULE_TRAINING_NEEDED),
        ([*SOUND, {"person": "Ana", "course": "PR-FAST", "start_month": 4}], RULE_TRAINING_NEEDED),
        ([{**SOUND[0], "start_month": 5}, *SOUND[1:]], RULE_READY_BY_HANDOVER),
        ([{**SOUND[0], "start_month": 0}, *SOUND[1:]], RULE_READY_BY_HANDOVER),
        ([SOUND[0], SOUND[1], {**SOUND[2], "start_month": 1}, SOUND[3]], RULE_ONE_AT_A_TIME),
    ],
)
def test_each_training_rule_is_reported(training, rule):
    """Is an open gap, an unneeded course, a course past the handover and two courses at once
    each reported under its own rule id?"""
    assert rule in rules(training=training)


def test_a_course_ending_the_month_before_the_handover_is_in_time():
    """Does a course ending in month 4 (handover in month 5) pass, and one ending in 5 not?"""
    on_time = [SOUND[0], SOUND[1], SOUND[2], {**SOUND[3], "start_month": 3}]
    assert RULE_READY_BY_HANDOVER not in rules(training=on_time)
    late = [SOUND[0], SOUND[1], SOUND[2], {**SOUND[3], "start_month": 4}]
    assert RULE_READY_BY_HANDOVER in rules(training=late)


def test_fees_count_once_per_participant_against_the_budget():
    """Do two people on the same course pay twice, and is a plan exactly on budget within it?"""
    fast = [{**SOUND[0], "course": "PR-FAST"}, *SOUND[1:]]  # 2,000 + 1,500 + 700 + 1,000
    plan = read_plan(PROGRAMME, ASSIGNED, fast)
    assert training_cost(PROGRAMME, plan.training) == 5200
    assert RULE_BUDGET in rules(training=fast)
    exact = Programme(**{**PROGRAMME.__dict__, "budget": 5200})
    assert RULE_BUDGET not in rules(training=fast, programme=exact)


def test_rule_ids_are_the_listed_ones():
    """Does every finding of a poor plan carry one of RULES?"""
    poor = [{"person": "Ana", "course": "VE-FAST", "start_month": 9}] * 2
    found = rules({"Ana": "Pod lead", "Bo": "Pod lead"}, poor)
    assert set(found) <= set(RULES) and len(set(found)) >= 5


@pytest.mark.parametrize(
    ("assignments", "training", "field"),
    [
        ({"Anna": "Product owner"}, [], "assignments['Anna']"),
        ({"Ana": "Product ower"}, [], "did you mean 'Product owner'"),
        (ASSIGNED, [{"person": "Ana", "course": "PR", "start_month": 1}], "training[0].course"),
        (ASSIGNED, [{"person": "Ana", "course": "CO", "start": 1}], "training[0].start"),
        (ASSIGNED, [{"person": "Ana", "course": "CO"}], "missing key 'start_month'"),
        (ASSIGNED, [{"person": "Ana", "course": "CO", "start_month": "1"}], "whole month"),
        (ASSIGNED, [{"person": "Ana", "course": "CO", "start_month": True}], "whole month"),
        (ASSIGNED, "CO", "training"),
        (["Ana"], [], "assignments"),
    ],
)
def test_what_cannot_be_judged_is_refused_with_the_field(assignments, training, field):
    """Is an unknown name, key or a wrong type refused with the field and a did-you-mean?"""
    with pytest.raises(ModelInputError) as error:
        read_plan(PROGRAMME, assignments, training)
    assert field in str(error.value)


def test_the_cheapest_route_fits_the_transition_and_the_cheapest_plan_is_found():
    """Does Bo, with two gaps and four months, need one fast course, and is the cheapest plan
    the hand-checked one? Bo as vendor manager (700 + 1,000, four months) and Cy as pod lead
    (600) beat Bo as pod lead (1,500 + 700) and Cy as vendor manager (1,000)."""
    bo, pod = PROGRAMME.team[1], PROGRAMME.roles[2]
    route = cheapest_route(PROGRAMME, bo, pod)
    assert route is not None and sum(course.months for course in route) <= 4
    assert [course.code for course in route] == ["LE-FAST", "VE-SLOW"]
    best = cheapest_plan(PROGRAMME)
    assert best == ({"Ana": "Product owner", "Bo": "Vendor manager", "Cy": "Pod lead"}, 3100)


def test_no_plan_when_the_places_do_not_match_the_team():
    """Is there no cheapest plan when the roles hold fewer places than the team has people?"""
    short = Programme(**{**PROGRAMME.__dict__, "roles": PROGRAMME.roles[:2]})
    assert cheapest_plan(short) is None


@given(st.lists(st.integers(min_value=-3, max_value=12), min_size=4, max_size=4))
def test_any_start_months_give_findings_never_an_error(starts):
    """Does any choice of start months give findings (never an exception), with the last
    training month the latest end?"""
    training = [
        {**record, "start_month": start} for record, start in zip(SOUND, starts, strict=True)
    ]
    plan = read_plan(PROGRAMME, ASSIGNED, training)
    found = {finding.rule for finding in validate_plan(PROGRAMME, plan)}
    assert found <= set(RULES)
    ends = [
        s + PROGRAMME.course(r["course"]).months - 1 for r, s in zip(SOUND, starts, strict=True)
    ]
    assert last_training_month(PROGRAMME, plan.training) == max(ends)
    assert (RULE_READY_BY_HANDOVER in found) == any(
        s < 1 or e > 4 for s, e in zip(starts, ends, strict=True)
    )
