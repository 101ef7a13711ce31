"""Tests for autograder/checks/exercises/leadership_judgement.py, run in-process (no kernel).

The weighted gaps are computed here in plain Python from the learner's plain view, as a learner
would, not with the model the checks use; the strong responses are read from the case file's
labels, which the learner's view leaves out.
"""

from __future__ import annotations

import pytest

from autograder.checks.answer import judge
from autograder.checks.exercises import leadership_judgement as ex
from course.cases import load_case, variant
from course.cases.kinds.leadership import LETTERS, LeadershipCase

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
SCENARIOS = [f"scenario-{n}" for n in range(1, 5)]


def case_of(learner: str) -> LeadershipCase:
    return variant(ex.CASE_ID, learner)


def pick(learner: str, label: str = "strong", traits: dict | None = None) -> dict:
    """Judgements choosing the response labelled ``label`` (or the strong one where none is)."""
    case = case_of(learner)
    answer = {}
    for sid in case.asked:
        order = case.option_orders[sid]
        chosen = label if label in order else "strong"
        trait = (traits or {}).get(sid, case.scenario(sid).trait)
        answer[sid] = {"response": LETTERS[order.index(chosen)], "trait": trait}
    return answer


def gaps(learner: str, gap=lambda r: r["importance"] * (r["expected"] - r["rating"])) -> dict:
    return {t: gap(row) for t, row in ex.exercise_case(learner).review.items()}


def top_two(values: dict) -> list[str]:
    return sorted(values, key=values.get, reverse=True)[:2]


def verdict(check: str, learner: str, answer):
    return judge(ex.EXERCISE_ID, check, learner, answer)


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_right_answers_earn_every_check(learner):
    """Do the right judgements, gaps and pair pass every check on several variants?"""
    for check in SCENARIOS:
        assert verdict(check, learner, pick(learner)).passed, check
    assert verdict("weighted-gaps-shape", learner, gaps(learner)).passed
    assert verdict("weighted-gaps", learner, gaps(learner)).passed
    assert verdict("develop-first", learner, top_two(gaps(learner))).passed


def test_the_view_never_shows_which_response_is_strong():
    """Does the learner's case carry letters and texts only, no labels?"""
    view = ex.exercise_case("learner-a")
    text = repr(view)
    assert "strong" not in text and "over-prescriptive" not in text and "hands-off" not in text
    assert all(set(s["options"]) == set(LETTERS) for s in view.scenarios)


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("over-prescriptive", "confuses control with micromanagement"),
        ("hands-off", "gives control up"),
        ("doing-the-work", "does the provider's work yourself"),
        ("punitive", "punishes a provider"),
        ("announcing", "decides before listening"),
        ("short-term", "cheapest today"),
        ("overselling", "spends credibility before earning it"),
    ],
)
def test_each_weak_response_loses_marks_with_its_own_message(label, words):
    """Does choosing each kind of weak response fail with the message naming that mistake?"""
    tried = 0
    for learner in [*LEARNERS, *(f"cohort-{n}" for n in range(12))]:
        case = case_of(learner)
        answer = pick(learner, label)
        judged = ex.judged_case(learner)
        if len({entry["response"] for entry in answer.values()}) == 1 or ex._fits_another(
            ex.Pick(answer, "", label, ""), judged
        ):
            continue  # named as the same letter everywhere, or as another variant's (below)
        for position, sid in enumerate(case.asked, start=1):
            result = verdict(f"scenario-{position}", learner, answer)
            if label in case.option_orders[sid]:
                assert not result.passed and words in result.message, result.message
                assert "revisit" in result.message
                tried += 1
            else:
                assert result.passed
    assert tried >= 3, f"too few variants ask about a scenario with a {label} response"


def test_the_same_letter_everywhere_is_named():
    learner = "learner-b"
    answer = {sid: {"response": "A", "trait": "foresight"} for sid in case_of(learner).asked}
    failed = [verdict(c, learner, answer) for c in SCENARIOS]
    assert any("same letter for every scenario" in v.message for v in failed)


def test_letters_copied_from_another_variant_are_named():
    """Do letters typed in from the base variant (same scenarios, other order) lose marks?"""
    base = ex.judged_case("base")
    for learner in (f"cohort-{n}" for n in range(40)):
        mine = ex.judged_case(learner)
        if set(mine.view.scenario_ids) == set(base.view.scenario_ids) and any(
            mine.strong(s) != base.strong(s) for s in mine.view.scenario_ids
        ):
            break
    else:
        pytest.skip("no cohort learner shares the base variant's scenarios")
    copied = {s: {"response": base.strong(s), "trait": base.traits[s]} for s in base.traits}
    results = [verdict(c, learner, copied) for c in SCENARIOS]
    assert not all(r.passed for r in results)
    assert any("different variant" in r.message for r in results)


def test_scenarios_of_another_variant_are_named():
    """Does an answer keyed by another learner's scenarios say it fits a different variant?"""
    a, b = case_of("learner-a"), case_of("learner-b")
    assert set(a.asked) != set(b.asked)
    result = verdict("scenario-1", "learner-b", pick("learner-a"))
    assert not result.passed and "different variant" in result.message


@pytest.mark.parametrize(
    ("trait", "words"),
    [
        ("Managing, not doing", "write it as its id, 'managing-not-doing'"),
        ("micromanagement", "not one of the lesson's ten traits"),
        (7, "not one of the lesson's ten traits"),
    ],
)
def test_a_trait_outside_the_ten_gets_a_clear_message(trait, words):
    learner = "learner-a"
    answer = pick(learner, traits=dict.fromkeys(case_of(learner).asked, trait))
    result = verdict("scenario-1", learner, answer)
    assert not result.passed and words in result.message


def test_knowing_the_process_is_not_doing_the_work():
    for learner in (f"cohort-{n}" for n in range(30)):
        case = case_of(learner)
        if "reconciliation" in case.asked:
            break
    answer = pick(learner, traits={"reconciliation": "managing-not-doing"})
    position = case.asked.index("reconciliation") + 1
    result = verdict(f"scenario-{position}", learner, answer)
    assert not result.passed and "Knowing the process and doing the work" in result.message


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (lambda r: r["expected"] - r["rating"], "importance points"),
        (lambda r: r["importance"] * abs(r["expected"] - r["rating"]), "negative gap"),
        (lambda r: r["importance"] * (r["rating"] - r["expected"]), "wrong sign"),
    ],
)
def test_each_wrong_gap_rule_is_named(gap, words):
    for learner in LEARNERS:
        result = verdict("weighted-gaps", learner, gaps(learner, gap))
        assert not result.passed and words in result.message, result.message


def test_gaps_copied_from_the_base_variant_are_named():
    result = verdict("weighted-gaps", "learner-a", gaps("base"))
    assert not result.passed and "different variant" in result.message


@pytest.mark.parametrize(
    ("choose", "words"),
    [
        (lambda v: top_two({t: -r["rating"] for t, r in v.review.items()}), "lowest ratings"),
        (lambda v: top_two({t: r["importance"] for t, r in v.review.items()}), "matter most"),
        (
            lambda v: top_two({t: r["expected"] - r["rating"] for t, r in v.review.items()}),
            "before weighting",
        ),
    ],
)
def test_each_wrong_pair_is_named(choose, words):
    for learner in LEARNERS:
        result = verdict("develop-first", learner, choose(ex.exercise_case(learner)))
        assert not result.passed and words in result.message, (learner, result.message)


def test_the_highest_rated_traits_are_strengths_not_needs():
    view = ex.exercise_case("learner-c")
    highest = top_two({t: r["rating"] for t, r in view.review.items()})
    result = verdict("develop-first", "learner-c", highest)
    assert not result.passed and ("strengths" in result.message or "highest" in result.message)


def test_the_pair_upside_down_says_larger_first():
    result = verdict("develop-first", "learner-a", top_two(gaps("learner-a"))[::-1])
    assert not result.passed and "larger weighted gap first" in result.message


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        ("scenario-1", None),
        ("scenario-1", {"backlog": "B"}),
        ("scenario-2", {}),
        ("weighted-gaps", [1, 2]),
        ("weighted-gaps", {"foresight": "high"}),
        ("develop-first", "foresight"),
        ("develop-first", ["foresight"]),
        ("develop-first", ["foresight", "foresight"]),
    ],
)
def test_a_malformed_answer_gets_a_message_not_a_crash(check, answer):
    result = verdict(check, "learner-a", answer)
    assert not result.passed and result.message
    assert "the check itself failed" not in result.message


def test_the_base_case_keeps_its_story():
    """Is the published case well defined, so the lesson's own example has one answer?"""
    from course.cases.kinds.leadership import KIND

    assert KIND.well_defined(load_case(ex.CASE_ID))
