"""Tests for autograder/checks/exercises/govern_the_relationship.py, run in-process (no kernel).

The reference answers are computed here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point.
"""

from __future__ import annotations

import copy

import pytest

from autograder.checks.exercises import govern_the_relationship as ex
from autograder.checks.failure import CheckFailed

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
CHANGE = "Approve a production change to the MES interface"
ROOT_CAUSE = "Root-cause analysis of P1 incidents"


# --- a learner's computation ---------------------------------------------------------------


def overall(case):
    return 100 * sum(case.health_scores.values()) / (4 * 9)


def priorities(case, key=None):
    key = key or (lambda s: (case.health_scores[s], case.steps.index(s)))
    return sorted((s for s in case.steps if case.health_scores[s] < 4), key=key)[:3]


def budget(case, base=None):
    base = case.annual_contract_value if base is None else base
    return {"low": 0.03 * base, "high": 0.06 * base}


def spend(case):
    share = case.current_governance_cost / case.annual_contract_value
    return {"share": share, "within": 0.03 <= share <= 0.06}


def cadence(case):
    fixed = copy.deepcopy(case.cadence_draft)
    tiers = {t["name"]: t for t in fixed}
    tiers["operational"]["provider_attendees"] = ["Service delivery manager"]
    tiers["operational"]["inputs"].append("Issue log")
    tiers["strategic"]["meetings_per_year"] = 4
    return fixed


def raci(case):
    fixed = copy.deepcopy(case.raci_draft)
    fixed[CHANGE]["Orion plant IT lead"] = "c"  # lower case is read as upper case
    fixed[ROOT_CAUSE]["Corvane application team"] = "R"
    return fixed


def answers(case):
    return {
        "health-overall": overall(case),
        "priorities": priorities(case),
        "budget-range": budget(case),
        "current-spend": spend(case),
        "cadence-tiers": cadence(case),
        "cadence-both-sides": cadence(case),
        "cadence-frequency": cadence(case),
        "cadence-issue-log": cadence(case),
        "raci-accountable": raci(case),
        "raci-responsible": raci(case),
    }


def fails(check_id, learner, answer):
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS[check_id](learner, answer)
    return str(failure.value)


# --- the reference passes; the variants differ ---------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_reference_answers_pass(learner):
    """Does a learner's own plain-Python computation pass every check, on several variants?"""
    case = ex.exercise_case(learner)
    for check_id, answer in answers(case).items():
        ex.CHECKS[check_id](learner, answer)
    assert set(answers(case)) == set(ex.CHECKS)


def test_answers_differ_between_learners():
    """Do learner-a and learner-b get different expected answers for each numeric check?

    The calendar and the RACI are graded by rules and carry no numbers of their own, so the same
    design passes for everyone; copying them gains nothing, since every numeric part differs.
    """
    a, b = answers(ex.exercise_case("learner-a")), answers(ex.exercise_case("learner-b"))
    for check_id in ("health-overall", "priorities", "budget-range", "current-spend"):
        assert a[check_id] != b[check_id], check_id


def test_copying_another_learner_fails_every_numeric_check():
    """Does learner-a's answer, handed in by learner-b, fail each numeric check?"""
    copied = answers(ex.exercise_case("learner-a"))
    for check_id in ("health-overall", "priorities", "budget-range", "current-spend"):
        message = fails(check_id, "learner-b", copied[check_id])
        assert "not right" in message or "different variant" in message, message


def test_the_base_variant_and_the_lesson_are_recognised():
    """Are numbers of the base variant, or the lesson's (rounded) score, called another variant?"""
    base, published = ex.exercise_case("base"), ex.published_case()
    for check_id in ("health-overall", "priorities", "budget-range", "current-spend"):
        assert "different variant" in fails(check_id, "learner-a", answers(base)[check_id])
    assert "different variant" in fails("health-overall", "learner-a", round(overall(published)))
    assert "different variant" in fails("budget-range", "learner-a", budget(published))


def test_the_drafts_break_the_rules_and_are_called_unchanged():
    """Does the analyst's draft fail the rules it breaks, saying it is unchanged?"""
    case = ex.exercise_case("learner-c")
    for check_id in ("cadence-both-sides", "cadence-frequency", "cadence-issue-log"):
        assert "unchanged" in fails(check_id, "learner-c", case.cadence_draft)
    ex.CHECKS["cadence-tiers"]("learner-c", case.cadence_draft)
    for check_id in ("raci-accountable", "raci-responsible"):
        assert "unchanged" in fails(check_id, "learner-c", case.raci_draft)


def test_the_learner_cannot_change_the_checks_case():
    """Does editing the case's drafts in place leave the checks' copy alone?"""
    case = ex.exercise_case("learner-a")
    case.cadence_draft[0]["provider_attendees"].append("Someone")
    case.raci_draft[ROOT_CAUSE]["Orion CIO"] = "R"
    assert ex.exercise_case("learner-a").cadence_draft[0]["provider_attendees"] == []
    assert ex.exercise_case("learner-a").raci_draft[ROOT_CAUSE]["Orion CIO"] == ""


# --- misconceptions ------------------------------------------------------------------------

LEARNER = "learner-m"


@pytest.fixture
def case():
    return ex.exercise_case(LEARNER)


def test_overall_misconceptions(case):
    """Are the raw average, a share of 1 and the raw sum each named?"""
    total = sum(case.health_scores.values())
    assert "average of the raw scores" in fails("health-overall", LEARNER, total / 9)
    assert "share of 1" in fails("health-overall", LEARNER, total / 36)
    assert "sum of the raw scores" in fails("health-overall", LEARNER, float(total))
    assert "not right" in fails("health-overall", LEARNER, overall(case) + 1)
    assert "not right" in fails("health-overall", LEARNER, round(overall(case), 1))


def test_priority_misconceptions(case):
    """Are highest-first, alphabetical ties, later-first ties and step order each named?"""
    scores, steps = case.health_scores, case.steps
    wrong = {
        "LOWEST": priorities(case, lambda s: (-scores[s], steps.index(s))),
        "alphabetically": priorities(case, lambda s: (scores[s], s)),
        "later step first": priorities(case, lambda s: (scores[s], -steps.index(s))),
        "ignore the scores": steps[:3],
    }
    for words, answer in wrong.items():
        assert answer != priorities(case), words
        assert words in fails("priorities", LEARNER, answer)
    shuffled = priorities(case)[::-1]
    assert "right steps in the wrong order" in fails("priorities", LEARNER, shuffled)
    assert "exactly 3" in fails("priorities", LEARNER, priorities(case)[:2])


def test_budget_misconceptions(case):
    """Are the monthly base, the whole contract, the spend base, 3 and 6 as factors named?"""
    value, spend_now = case.annual_contract_value, case.current_governance_cost
    right = budget(case)
    cases = {
        "a month's contract value": budget(case, value / 12),
        "whole contract's value": budget(case, value * case.contract_years),
        "spends on governance today": budget(case, spend_now),
        "They are percents": budget(case, value * 100),
        "swapped": {"low": right["high"], "high": right["low"]},
    }
    for words, answer in cases.items():
        assert words in fails("budget-range", LEARNER, answer)
    assert "not right" in fails("budget-range", LEARNER, {"low": 1.0, "high": 2.0})
    # One dollar off is within the tolerance; two are not.
    ex.CHECKS["budget-range"](LEARNER, {"low": right["low"] + 0.9, "high": right["high"]})
    assert "not right" in fails(
        "budget-range", LEARNER, {"low": right["low"] + 2, "high": right["high"]}
    )


def test_spend_misconceptions(case):
    """Are a percent, an upside-down share, the wrong base and a wrong 'within' named?"""
    share = spend(case)["share"]
    value, spend_now = case.annual_contract_value, case.current_governance_cost
    ask = {
        "is a percent": 100 * share,
        "upside down": value / spend_now,
        "wrong contract value": spend_now / (value / 12),
    }
    for words, wrong in ask.items():
        assert words in fails("current-spend", LEARNER, {"share": wrong, "within": False})
    assert "does not agree" in fails("current-spend", LEARNER, {"share": share, "within": True})
    assert "not right" in fails("current-spend", LEARNER, {"share": share * 2, "within": False})


def test_cadence_misconceptions(case):
    """Are a missing tier, a one-sided tier, wrong frequencies and no issue log each named?"""
    missing = [t for t in cadence(case) if t["name"] != "tactical"]
    assert "no tactical tier" in fails("cadence-tiers", LEARNER, missing)
    twice = cadence(case) + [cadence(case)[0]]
    assert "more than once" in fails("cadence-tiers", LEARNER, twice)
    executive_only = [{**cadence(case)[2], "meetings_per_year": 12}]
    assert "no operational tier" in fails("cadence-tiers", LEARNER, executive_only)
    for check_id in ("cadence-both-sides", "cadence-frequency", "cadence-issue-log"):
        assert "no operational tier" in fails(check_id, LEARNER, executive_only)
        assert "no operational tier" in fails(check_id, LEARNER, cadence(case)[:0:-1])

    one_sided = cadence(case)
    one_sided[1]["client_attendees"] = []
    assert "client side" in fails("cadence-both-sides", LEARNER, one_sided)

    def with_meetings(operational, tactical, strategic):
        fixed = cadence(case)
        for tier, meetings in zip(fixed, (operational, tactical, strategic), strict=True):
            tier["meetings_per_year"] = meetings
        return fixed

    assert "at least monthly" in fails("cadence-frequency", LEARNER, with_meetings(4, 4, 2))
    assert "Monthly (or more" in fails("cadence-frequency", LEARNER, with_meetings(12, 12, 12))
    assert "never meets" in fails("cadence-frequency", LEARNER, with_meetings(12, 4, 0))
    assert "quarterly to monthly" in fails("cadence-frequency", LEARNER, with_meetings(52, 26, 4))
    ex.CHECKS["cadence-frequency"](LEARNER, with_meetings(52, 12, 2))

    no_log = cadence(case)
    no_log[0]["inputs"] = ["monthly SLA report"]
    assert "issue log" in fails("cadence-issue-log", LEARNER, no_log)
    ex.CHECKS["cadence-issue-log"](LEARNER, cadence(case))


def test_raci_misconceptions(case):
    """Are two A's, no A, no R and a provider accepting a security risk each named?"""
    two_a = raci(case)
    two_a[CHANGE]["Orion plant IT lead"] = "A"
    assert "2 Accountable roles" in fails("raci-accountable", LEARNER, two_a)
    ex.CHECKS["raci-responsible"](LEARNER, two_a)

    no_a = raci(case)
    no_a[CHANGE]["Corvane delivery manager"] = "R"
    assert "no Accountable role" in fails("raci-accountable", LEARNER, no_a)

    no_r = raci(case)
    no_r[ROOT_CAUSE]["Corvane application team"] = "C"
    assert "no Responsible role" in fails("raci-responsible", LEARNER, no_r)
    ex.CHECKS["raci-accountable"](LEARNER, no_r)

    provider_risk = raci(case)
    provider_risk["Accept a security risk"].update({"Orion CIO": "I", "Corvane security lead": "A"})
    provider_risk["Accept a security risk"]["Orion vendor management"] = "R"
    assert "ISO/IEC 27036" in fails("raci-accountable", LEARNER, provider_risk)


# --- shapes and messages -------------------------------------------------------------------


def test_wrong_types_fail_with_a_shape_message(case):
    """Does a wrong kind of answer fail with a message naming the variable and the fix?"""
    shape = {
        "health-overall": ("33%", "overall_percent should be a number"),
        "priorities": ("issue-list", "priorities should be a list"),
        "budget-range": ([1.0, 2.0], "governance_budget should be a dict"),
        "current-spend": ({"share": 0.01}, "current_spend should be a dict"),
        "cadence-tiers": ({"operational": 12}, "cadence should be a list of dicts"),
        "raci-accountable": ([], "raci should be a dict"),
    }
    for check_id, (answer, words) in shape.items():
        assert words in fails(check_id, LEARNER, answer)
    bad_tier = cadence(case)
    bad_tier[0]["meetings_per_year"] = 12.0
    assert "whole number" in fails("cadence-frequency", LEARNER, bad_tier)
    bad_tier = cadence(case)
    bad_tier[0]["name"] = "executive"
    assert "not one of" in fails("cadence-tiers", LEARNER, bad_tier)
    bad_cell = raci(case)
    bad_cell[CHANGE]["Orion CIO"] = "A/R"
    assert "one letter per cell" in fails("raci-responsible", LEARNER, bad_cell)
    no_role = raci(case)
    del no_role[CHANGE]["Orion CIO"]
    assert "missing the role" in fails("raci-accountable", LEARNER, no_role)
    no_activity = raci(case)
    del no_activity[CHANGE]
    assert "missing the activity" in fails("raci-accountable", LEARNER, no_activity)


def _numbers(value):
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, bool):
        return []
    return [value] if isinstance(value, float) else []


def test_messages_never_reveal_expected_numbers(case):
    """Do failure messages for wrong numbers leave out the expected values, in any format?"""
    expected = answers(case)
    wrong = {
        "health-overall": [overall(case) + 1, sum(case.health_scores.values()) / 9],
        "budget-range": [budget(case, 1.0), budget(case, case.annual_contract_value / 12)],
        "current-spend": [{"share": 0.5, "within": False}],
        "priorities": [list(reversed(case.steps))[:3]],
    }
    for check_id, answers_ in wrong.items():
        for answer in answers_:
            message = fails(check_id, LEARNER, answer)
            for number in _numbers(expected[check_id]):
                for text in {f"{number}", f"{number:g}", f"{number:,.0f}", f"{number:.2f}"}:
                    assert text not in message, (check_id, text, message)
            if check_id == "priorities":
                assert not any(step in message for step in expected["priorities"]), message
