"""Tests for autograder/checks/exercises/service_credits.py, run in-process (no kernel).

The right answers are computed here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point. Each wrong
answer is what a learner with one misconception computes, and must get that misconception's
message, never a pass and never a crash.
"""

from __future__ import annotations

import math

import pytest

from autograder.checks.exercises import service_credits as ex
from autograder.checks.failure import ShapeProblem
from tests.checks.scaffold import every_check_passes, failure_message

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
WRONG = "learner-m"


# --- a learner's computation ---------------------------------------------------------------


def availability(case):
    return {
        month: (m["scheduled"] - m["downtime"]) / (m["scheduled"] - m["excluded"])
        for month, m in case.minutes.items()
    }


def missed(case, *, floors=False, strict=False):
    found = {}
    for month in case.months:
        values = {**case.reported[month], case.availability_level: availability(case)[month]}
        found[month] = []
        for level, value in values.items():
            target = case.levels[level]["target"]
            higher = floors or case.levels[level]["direction"] == "higher-is-better"
            on_target = math.isclose(value, target) and not strict
            if not on_target and not (value > target if higher else value < target):
                found[month].append(level)
    return found


def at_risk(case):
    return case.at_risk_share * case.monthly_charge


def credits(case, share=None, every=False):
    def default(terms):
        return case.pool_allocation[terms["category"]] * terms["credit_allocation"]

    share = share or default
    lost = missed(case)
    return {
        month: {
            level: share(terms) * at_risk(case) if every or level in lost[month] else 0.0
            for level, terms in case.levels.items()
        }
        for month in case.months
    }


def owed(case, cap=True):
    sums = {month: sum(values.values()) for month, values in credits(case).items()}
    return {month: min(total, at_risk(case)) if cap else total for month, total in sums.items()}


def answers(case):
    return {
        "availability-shape": availability(case),
        "availability": availability(case),
        "missed": missed(case),
        "at-risk-amount": at_risk(case),
        "credits": credits(case),
        "credit-owed": owed(case),
    }


def failure(check_id: str, answer, learner: str = WRONG) -> str:
    return failure_message(ex.CHECKS, check_id, answer, learner)


# --- right answers pass --------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_computation_passes_every_check(learner):
    every_check_passes(ex, answers, learner)


def test_the_case_tells_the_story_the_exercise_needs():
    """Does every variant keep a clean January, a rising quarter and a capped March, with a
    lower-is-better level and a level exactly on target to trip the usual slips?"""
    for learner in LEARNERS:
        case = ex.exercise_case(learner)
        lost = missed(case)
        assert lost[case.months[0]] == [] and lost[case.months[-1]]
        assert sum(credits(case)[case.months[-1]].values()) > at_risk(case)
        directions = {terms["direction"] for terms in case.levels.values()}
        assert directions == {"higher-is-better", "lower-is-better"}
        assert missed(case, strict=True) != lost


# --- each misconception loses the marks, with its own message ------------------------------

CASE = ex.exercise_case(WRONG)
A_TIMES_B = lambda t: CASE.pool_allocation[t["category"]] * t["credit_allocation"]  # noqa: E731
MINUTES = CASE.minutes.items()

SLIPS = [
    ("availability", {m: (t["scheduled"] - t["downtime"]) / t["scheduled"] for m, t in MINUTES},
     "counts the approved maintenance as downtime"),
    ("availability",
     {m: (t["scheduled"] - t["downtime"] + t["excluded"]) / t["scheduled"] for m, t in MINUTES},
     "left them in the scheduled time"),
    ("availability", {m: 100 * v for m, v in availability(CASE).items()}, "as a fraction of 1"),
    ("missed", missed(CASE, floors=True), "You treated every target as a floor"),
    ("missed", missed(CASE, strict=True), "measured exactly on its target is met"),
    ("missed", {m: [n for n in CASE.levels if n not in x] for m, x in missed(CASE).items()},
     "These are the levels that were met"),
    ("at-risk-amount", 12 * at_risk(CASE), "a year's charges"),
    ("at-risk-amount", CASE.monthly_charge, "That is the whole monthly charge"),
    ("credits", credits(CASE, every=True), "You gave a credit to every level"),
    ("credits", credits(CASE, lambda t: t["credit_allocation"]), "Your credits leave out A"),
    ("credits", credits(CASE, lambda t: A_TIMES_B(t) / sum(CASE.pool_allocation.values())),
     "You scaled the pool allocations"),
    ("credits", credits(CASE, lambda t: A_TIMES_B(t) / CASE.at_risk_share),
     "shares of the whole monthly charge"),
    ("credits", credits(CASE, lambda t: CASE.pool_allocation[t["category"]]),
     "Your credits leave out B"),
    ("credit-owed", owed(CASE, cap=False), "capped at that month's at-risk amount"),
    ("credit-owed", {m: at_risk(CASE) if x else 0.0 for m, x in missed(CASE).items()},
     "does not forfeit the whole at-risk amount"),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "answer", "message"), SLIPS, ids=[s[2] for s in SLIPS])
def test_a_misconception_fails_with_its_own_message(check_id, answer, message):
    text = failure(check_id, answer)
    assert message in text
    others = [m for c, _, m in SLIPS if m != message]
    assert not any(other in text for other in others)


@pytest.mark.parametrize("source", ["base", "published"])
def test_another_variants_numbers_fail_as_copied(source):
    other = ex.checks.published_case() if source == "published" else ex.exercise_case("base")
    for check_id, answer in answers(other).items():
        if check_id in ("availability-shape", "missed"):
            continue  # the same shape, and the same levels missed, in every variant
        assert "fit a different variant" in failure(check_id, answer), check_id


# --- malformed answers get a clear message, never a crash ---------------------------------

MALFORMED = [
    ("availability", [0.99, 0.98, 0.97], "should be a dict with one number per entry"),
    ("availability", {"January": 0.99}, "is missing '2025-01'"),
    ("missed", ["Average speed of answer"], "should be a dict with one entry per month"),
    ("missed", {m: "Average speed of answer" for m in CASE.months}, "should be a list of names"),
    ("missed", {m: ["speed"] for m in CASE.months}, "which is not one of"),
    ("at-risk-amount", "22,200", "should be a number"),
    ("credits", {m: 0.0 for m in CASE.months}, "should be a dict with one number per entry"),
    ("credits", {m: {} for m in CASE.months}, "is missing"),
    ("credits", 1.0, "should be a dict with one entry per month"),
    ("credit-owed", {**owed(CASE), "2025-04": 0.0}, "not in the case: '2025-04'"),
]


@pytest.mark.parametrize(("check_id", "answer", "message"), MALFORMED)
def test_a_malformed_answer_gets_a_shape_message(check_id, answer, message):
    with pytest.raises(ShapeProblem) as error:
        ex.CHECKS[check_id](WRONG, answer)
    assert message in str(error.value)


def test_no_message_shows_an_expected_value():
    """Does no failure print the reference credit owed or at-risk amount?"""
    secrets = [f"{value:,.0f}" for value in owed(CASE).values() if value] + [f"{at_risk(CASE):g}"]
    texts = [failure(check_id, answer) for check_id, answer, _ in SLIPS]
    assert not any(secret in text for secret in secrets for text in texts)
