"""Tests for autograder/checks/exercises/manage_the_risks.py, run in-process (no kernel).

The reference answers are computed here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point.
"""

from __future__ import annotations

import re

import pytest

from autograder.checks.exercises import manage_the_risks as ex
from autograder.checks.failure import CheckFailed

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
OWNER, MITIGATION, RESIDUAL = (
    "owner-required",
    "mitigation-required",
    "residual-not-above-inherent",
)


# --- a learner's computation ---------------------------------------------------------------


def scores(case, combine=lambda likelihood, impact: likelihood * impact):
    return {r: combine(case.likelihood[r], case.impact[r]) for r in case.risk_ids}


def band_of(case, score, shift=0):
    for name, (lowest, highest) in case.bands.items():
        if lowest + shift <= score <= highest + shift:
            return name
    return "Low" if score < 2 else "Critical"


def bands(case, shift=0, scored=None):
    return {r: band_of(case, s, shift) for r, s in (scored or scores(case)).items()}


def order(case, key=None):
    s = scores(case)
    return sorted(case.risk_ids, key=key or (lambda r: (-s[r], -case.impact[r], r)))


def flags(case, bands_for_rules=("High", "Critical"), above=lambda a, b: a > b):
    s, b, found = scores(case), bands(case), []
    for r in case.risk_ids:
        if b[r] in bands_for_rules:
            if case.owner[r] is None:
                found.append([r, OWNER])
            if case.mitigation[r] is None:
                found.append([r, MITIGATION])
        pair = case.residual_likelihood[r], case.residual_impact[r]
        if pair[0] is not None and above(pair[0] * pair[1], s[r]):
            found.append([r, RESIDUAL])
    return found


NEW_OWNERS = {"R02": "Privacy Officer", "R07": "Vendor Manager"}


def completed(case, owner=None, residual=None):
    rows = {}
    for r in sorted({r for r, _ in flags(case)}):
        rows[r] = {
            "owner": (owner or {}).get(r, case.owner[r] or NEW_OWNERS.get(r)),
            "mitigation": case.mitigation[r]
            or "Agreed actions with the provider, reviewed monthly",
            "residual_likelihood": max(1, case.likelihood[r] - 2),
            "residual_impact": case.impact[r],
        }
        if residual:
            rows[r]["residual_likelihood"], rows[r]["residual_impact"] = residual(r)
    return rows


def answers(case):
    return {
        "scores-shape": scores(case),
        "scores": scores(case),
        "bands": bands(case),
        "order": order(case),
        "flags-gaps": flags(case),
        "flags-residual": flags(case),
        "completed-shape": completed(case),
        "completed-rules": completed(case),
        "completed-owners": completed(case),
    }


def fails(check_id, learner, answer):
    with pytest.raises(CheckFailed) as failure:
        ex.CHECKS[check_id](learner, answer)
    return str(failure.value)


NUMERIC = ("scores", "bands", "order")


# --- the reference passes; the variants differ ---------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_reference_answers_pass(learner):
    """Does a learner's own plain-Python computation pass every check, on several variants?"""
    case = ex.exercise_case(learner)
    for check_id, answer in answers(case).items():
        ex.CHECKS[check_id](learner, answer)
    assert set(answers(case)) == set(ex.CHECKS)


def test_answers_differ_between_learners():
    """Do learner-a and learner-b get different scores, bands and order?

    The flags are the draft's planted gaps, the same for every learner, and the completed rows
    are graded by rules against each learner's own inherent scores; copying gains nothing, since
    every numeric part differs.
    """
    a, b = answers(ex.exercise_case("learner-a")), answers(ex.exercise_case("learner-b"))
    for check_id in NUMERIC:
        assert a[check_id] != b[check_id], check_id


def test_copying_another_learner_fails_every_numeric_check():
    """Does learner-a's answer, handed in by learner-b, fail each numeric check?"""
    copied = answers(ex.exercise_case("learner-a"))
    for check_id in NUMERIC:
        message = fails(check_id, "learner-b", copied[check_id])
        assert "not right" in message or "different variant" in message, message


def test_the_base_variant_and_the_lesson_are_recognised():
    """Are the base variant's answers, or the lesson's register, called another variant?"""
    base, published = ex.exercise_case("base"), ex.published_case()
    for other in (base, published):
        for check_id in NUMERIC:
            assert "different variant" in fails(check_id, "learner-a", answers(other)[check_id])


def test_the_learner_cannot_change_the_checks_case():
    """Does editing the case's dicts in place leave the checks' copy alone?"""
    case = ex.exercise_case("learner-a")
    case.owner["R02"] = "Vendor Manager"
    case.likelihood["R01"] = 1
    assert ex.exercise_case("learner-a").owner["R02"] is None
    assert ex.exercise_case("learner-a").likelihood["R01"] != 1


def test_the_flags_are_the_planted_gaps():
    """Are the draft's five planted findings what the checks expect, on every variant?"""
    planted = {("R02", OWNER), ("R03", MITIGATION), ("R07", OWNER), ("R07", MITIGATION)}
    planted.add(("R09", RESIDUAL))
    for learner in LEARNERS:
        assert ex.reference_flags(ex.exercise_case(learner)) == planted


def test_roles_are_medline_roles():
    """Are the provider's roles kept out of the roles that may own a risk?"""
    case = ex.exercise_case("learner-a")
    assert "Provider Security Lead" in case.provider_roles
    assert "Provider Security Lead" not in case.roles
    assert {"Vendor Manager", "Privacy Officer", "Chief Information Officer"} <= set(case.roles)


# --- misconceptions ------------------------------------------------------------------------

LEARNER = "learner-m"


@pytest.fixture
def case():
    return ex.exercise_case(LEARNER)


def test_added_scores_are_named_in_every_numeric_part(case):
    """Are scores made by adding, and the bands and order that follow, each named?"""
    added = scores(case, lambda likelihood, impact: likelihood + impact)
    assert "added together" in fails("scores", LEARNER, added)
    assert "added together" in fails("bands", LEARNER, bands(case, scored=added))
    by_sum = sorted(case.risk_ids, key=lambda r: (-added[r], -case.impact[r], r))
    assert "added together" in fails("order", LEARNER, by_sum)


def test_residual_scores_are_named(case):
    """Is a score taken from the residual pair named?"""
    residual = scores(case)
    for r in case.risk_ids:
        if case.residual_likelihood[r] is not None:
            residual[r] = case.residual_likelihood[r] * case.residual_impact[r]
    assert "residual pair" in fails("scores", LEARNER, residual)


def test_boundary_slips_are_named(case):
    """Is a boundary score put in the band below (or above) named?"""
    assert 12 in scores(case).values()  # learner-m has boundary scores
    assert "boundary" in fails("bands", LEARNER, bands(case, shift=1))


def test_order_misconceptions(case):
    """Are an upside-down register and each tie rule other than the model's named?"""
    assert "upside down" in fails("order", LEARNER, order(case)[::-1])
    s = scores(case)
    by_likelihood = order(case, lambda r: (-s[r], -case.likelihood[r], r))
    assert "more likely risk first" in fails("order", LEARNER, by_likelihood)
    later_id_first = order(case, lambda r: (-s[r], -case.impact[r], [-ord(c) for c in r]))
    assert "tie" in fails("order", LEARNER, later_id_first)


def test_ids_only_tie_rule_is_named():
    """Are ties kept in id order, whatever their impact, named where that differs?"""
    for learner in ("learner-a", "learner-b", "learner-c", "learner-d", "learner-e", "x", "y"):
        case = ex.exercise_case(learner)
        s = scores(case)
        by_id = sorted(case.risk_ids, key=lambda r: (-s[r], r))
        if by_id != order(case):
            assert "risk-id order" in fails("order", learner, by_id)
            return
    pytest.skip("no variant tried has a tie that the impact decides")


def test_flag_misconceptions(case):
    """Are Medium flags, equal residuals and a forgotten residual rule each named?"""
    medium_too = flags(case, bands_for_rules=("Low", "Medium", "High", "Critical"))
    assert "cover High and Critical risks only" in fails("flags-gaps", LEARNER, medium_too)
    ex.CHECKS["flags-residual"](LEARNER, medium_too)
    equal_too = flags(case, above=lambda a, b: a >= b)
    assert "equals its inherent score" in fails("flags-residual", LEARNER, equal_too)
    ex.CHECKS["flags-gaps"](LEARNER, equal_too)
    no_residual = [pair for pair in flags(case) if pair[1] != RESIDUAL]
    assert "residual" in fails("flags-residual", LEARNER, no_residual)
    no_owner_rule = [pair for pair in flags(case) if pair[1] != OWNER]
    assert "without an owner" in fails("flags-gaps", LEARNER, no_owner_rule)
    owner_kept = [*flags(case), ["R01", OWNER]]
    assert "the draft gives it an owner" in fails("flags-gaps", LEARNER, owner_kept)


def test_completed_misconceptions(case):
    """Are an equal residual, a provider owner, a missing owner and the draft row named?"""
    equal = completed(case, residual=lambda r: (case.likelihood[r], case.impact[r]))
    assert "not below its inherent score" in fails("completed-rules", LEARNER, equal)
    ex.CHECKS["completed-owners"](LEARNER, equal)
    for provider in ("Solara Health Tech", "Vendor", "the provider", "Provider Security Lead"):
        vendor = completed(case, owner={r: provider for r in case.risk_ids})
        message = fails("completed-owners", LEARNER, vendor)
        assert "accountability for the risk stays with MedLine" in message, message
        ex.CHECKS["completed-rules"](LEARNER, vendor)
    typo = completed(case, owner={"R02": "privacy officer"})
    assert "not one of the roles" in fails("completed-owners", LEARNER, typo)
    nobody = completed(case, owner={"R02": None})
    assert "owner-required" in fails("completed-rules", LEARNER, nobody)
    assert "has no owner" in fails("completed-owners", LEARNER, nobody)
    draft = {r: case.draft_row(r) for r in ("R09",)}
    draft.update({r: row for r, row in completed(case).items() if r != "R09"})
    assert "draft row, unchanged" in fails("completed-rules", LEARNER, draft)
    short = completed(case)
    short["R03"]["mitigation"] = "TBD"
    assert "too short" in fails("completed-rules", LEARNER, short)
    missing = completed(case)
    del missing["R09"]
    assert "'R09' breaks the rule" in fails("completed-rules", LEARNER, missing)
    extra = completed(case)
    extra["R06"] = {**extra["R02"], "residual_likelihood": 1, "residual_impact": 1}
    ex.CHECKS["completed-rules"](LEARNER, extra)


# --- shapes and messages -------------------------------------------------------------------


def test_wrong_types_fail_with_a_shape_message(case):
    """Does a wrong kind of answer fail with a message naming the variable and the fix?"""
    shape = {
        "scores": ([12, 15], "scores should be a dict"),
        "bands": ({r: 1 for r in case.risk_ids}, "bands['R01'] should be a name"),
        "order": (["R01", "R01"], "more than once"),
        "flags-gaps": (["R02", "R03"], "should be a pair"),
        "flags-residual": ([("R02", "no-owner")], "not one of"),
        "completed-shape": ([], "completed should be a non-empty dict"),
        "completed-rules": ({"R99": {}}, "not in the case"),
    }
    for check_id, (answer, words) in shape.items():
        assert words in fails(check_id, LEARNER, answer)
    assert "missing 'R10'" in fails("order", LEARNER, [r for r in order(case) if r != "R10"])
    assert "Low" in fails("bands", LEARNER, {r: "low" for r in case.risk_ids})
    bad = completed(case)
    bad["R02"]["residual_impact"] = 2.0
    assert "whole number 1 to 5" in fails("completed-shape", LEARNER, bad)
    bad["R02"]["residual_impact"] = 6
    assert "whole number 1 to 5" in fails("completed-owners", LEARNER, bad)
    bad = completed(case)
    bad["R02"]["due"] = "2025-01-01"
    assert "does not ask for" in fails("completed-rules", LEARNER, bad)


def test_messages_never_reveal_expected_values(case):
    """Do failure messages leave out the expected scores and bands, and the expected order?"""
    expected = scores(case)
    wrong = {
        "scores": [
            scores(case, lambda likelihood, impact: likelihood + impact),
            {**expected, "R03": expected["R03"] + 1},
        ],
        "bands": [bands(case, shift=1), {**bands(case), "R01": "Low"}],
        "order": [order(case)[::-1], sorted(case.risk_ids)],
    }
    numbers = [re.compile(rf"\b{n}\b") for n in set(expected.values())]
    for check_id, items in wrong.items():
        for answer in items:
            message = fails(check_id, LEARNER, answer)
            assert not any(number.search(message) for number in numbers), message
            assert not any(f"'{band}'" in message for band in case.bands), message
            assert ", ".join(order(case)[:2]) not in message, message
