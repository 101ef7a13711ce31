"""Unit tests of the checks of "Draft an escalation plan", without a notebook."""

from __future__ import annotations

import copy

import pytest

from autograder.checks.exercises import draft_escalation_plan as ex
from autograder.checks.failure import CheckFailed

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.edu"]


def repaired(learner: str) -> dict:
    """The reference repair, as plain data, for ``learner``."""
    case = ex.exercise_case(learner)
    levels = [dict(level) for level in case.levels]
    for level, hours in zip(levels, (0.25, 0.4, 0.5, 0.75), strict=True):
        level["max_response_hours"] = hours
    levels[-1]["client_owner"] = case.escalation_executive
    return {"levels": levels, "executive": case.escalation_executive, "cadence": 30}


def answers(learner: str) -> dict[str, object]:
    case = ex.exercise_case(learner)
    plan = repaired(learner)
    found = {
        "draft-rules": ex.reference_rules(case),
        "hours-to-executive": ex.reference_hours(case),
    }
    found.update({check: plan for check in ex.CHECKS if check.startswith("plan-")})
    return found


def fails(check: str, learner: str, answer: object) -> str:
    with pytest.raises(CheckFailed) as raised:
        ex.CHECKS[check](learner, answer)
    return str(raised.value)


@pytest.mark.parametrize("learner", LEARNERS)
def test_the_reference_passes_every_check(learner):
    """Does the reference answer pass every check on several variants?"""
    for check, answer in answers(learner).items():
        ex.CHECKS[check](learner, answer)


def test_variants_differ_where_copying_would_pay():
    """Do learner-a and learner-b need different hours and different kept response times?"""
    a, b = ex.exercise_case("learner-a"), ex.exercise_case("learner-b")
    assert ex.reference_hours(a) != ex.reference_hours(b)
    assert [lv["max_response_hours"] for lv in a.levels] != [
        lv["max_response_hours"] for lv in b.levels
    ]


def test_a_classmates_hours_fail_as_a_different_variant():
    """Are learner-a's hours, handed in by learner-b, recognised as another variant's?"""
    copied = answers("learner-a")
    assert "different variant" in fails(
        "hours-to-executive", "learner-b", copied["hours-to-executive"]
    )


@pytest.mark.parametrize("learner", [f"learner-{c}" for c in "abcdefgh"] + LEARNERS[-1:])
def test_keeping_the_drafts_times_cannot_reach_the_executive_in_time(learner):
    """In every variant, does the draft's own repair (the flagged level's time set between its
    neighbours, every other time kept) miss the P1 target, with a message naming the lesson
    section, while the reference repair passes?"""
    case = ex.exercise_case(learner)
    assert ex.reference_hours(case) > ex.p1_target_hours(case)
    plan = repaired(learner)
    kept = [dict(level) for level in case.levels]
    kept[2]["max_response_hours"] = (
        kept[1]["max_response_hours"] + kept[3]["max_response_hours"]
    ) / 2
    plan["levels"][:] = [
        dict(level, client_owner=new["client_owner"])
        for level, new in zip(kept, plan["levels"], strict=True)
    ]
    message = fails("plan-response", learner, plan)
    assert "beyond the P1 resolution target" in message
    assert ex.PLAN in message
    ex.CHECKS["plan-keeps-draft"](learner, plan)
    ex.CHECKS["plan-response"](learner, repaired(learner))


def test_plan_keeps_draft_accepts_new_times_and_rejects_new_roles():
    """Do new response times pass plan-keeps-draft, while a renamed trigger or owner the draft
    got right fails it, naming the field; and is the flagged top client owner free to change?"""
    plan = copy.deepcopy(repaired("learner-a"))
    for level, hours in zip(plan["levels"], (0.1, 0.2, 0.3, 0.4), strict=True):
        level["max_response_hours"] = hours
    ex.CHECKS["plan-keeps-draft"]("learner-a", plan)
    plan["levels"][0]["trigger"] = "Any ticket at all"
    assert "level 1.trigger" in fails("plan-keeps-draft", "learner-a", plan)
    plan = copy.deepcopy(repaired("learner-a"))
    plan["levels"][2]["provider_owner"] = "Head of delivery"
    message = fails("plan-keeps-draft", "learner-a", plan)
    assert "level 3.provider_owner" in message
    assert "level 4.client_owner" not in message


def test_misconception_messages_never_give_the_expected_numbers():
    """Does a wrong hours answer get a hint without the right figure in it?"""
    case = ex.exercise_case("learner-c")
    top_only = case.levels[-1]["max_response_hours"]
    message = fails("hours-to-executive", "learner-c", top_only)
    assert "every level" in message
    assert f"{ex.reference_hours(case):g}" not in message


@pytest.mark.parametrize(
    ("change", "check", "words"),
    [
        (lambda p: p.update(levels=p["levels"][:2]), "plan-levels", "at least three"),
        (lambda p: p["levels"][1].update(level=7), "plan-levels", "Number them"),
        (lambda p: p["levels"][1].update(max_response_hours=0.0), "plan-response", "above zero"),
        (lambda p: p["levels"][3].update(max_response_hours=4.0), "plan-response", "P1"),
        (lambda p: p["levels"][0].update(provider_owner=""), "plan-owners", "one side only"),
        (lambda p: p["levels"][0].update(channel=" "), "plan-owners", "a channel"),
        (lambda p: p.update(executive=""), "plan-executive", "Name the escalation executive"),
        (lambda p: p.update(executive="BrightPath Support lead"), "plan-executive", "provider"),
        (lambda p: p.update(cadence=0), "plan-cadence", "from 1 to 92"),
        (lambda p: p.update(cadence=180), "plan-cadence", "too rare"),
    ],
)
def test_plan_mistakes_get_their_own_message(change, check, words):
    """Does each plan mistake fail its check with a message naming the idea?"""
    plan = copy.deepcopy(repaired("learner-a"))
    change(plan)
    assert words in fails(check, "learner-a", plan)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {"levels": "x", "executive": "", "cadence": 30},
        {"levels": [{"level": 1}], "executive": "CIO", "cadence": 30},
        {"levels": [{}], "executive": "CIO", "cadence": "30"},
    ],
)
def test_malformed_plans_fail_with_a_shape_message(bad):
    """Does a plan of the wrong shape fail plan-shape with words, never a crash?"""
    message = fails("plan-shape", "learner-a", bad)
    assert "checker" not in message


def test_draft_rules_reject_unknown_ids_and_repeats():
    """Are unknown rule ids and repeated ids named?"""
    assert "not a rule id" in fails("draft-rules", "learner-a", ["executive"])
    twice = ["increasing-response", "increasing-response", "executive-at-top"]
    assert "once, sorted" in fails("draft-rules", "learner-a", twice)
    assert "does not break" in fails(
        "draft-rules", "learner-a", ["channel", "executive-at-top", "increasing-response"]
    )
