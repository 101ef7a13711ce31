"""Tests for autograder/checks/exercises/diagnose_the_challenges/, run in-process (no kernel).

The right answers are computed here in plain Python from the case's plain data, as a learner
would, not with ``course.models.challenges`` that the checks use: agreement between the two is
the point. Each wrong answer is what a learner with one misconception computes, and must get
that misconception's message, never a pass and never a crash.
"""

from __future__ import annotations

import pytest

from autograder.checks.exercises import diagnose_the_challenges as ex
from autograder.checks.failure import ShapeProblem
from tests.checks.scaffold import every_check_passes, failure_message

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
WRONG = "learner-m"
BEST_OPTION = {
    "communication": "F",
    "cultural-differences": "B",
    "data-security": "K",
    "quality-control": "H",
    "change-management": "E",
    "vendor-management": "I",
    "knowledge-transfer": "C",
}
"""The option that meets each challenge, read off the case's list against the lesson."""


# --- a learner's computation ---------------------------------------------------------------


def observed(case, *, sources_needed=None, add_mentions=False):
    needed = case.corroboration if sources_needed is None else sources_needed
    found = []
    for symptom, by_source in case.mentions.items():
        count = sum(by_source.values()) if add_mentions else sum(1 for n in by_source.values() if n)
        if count >= needed:
            found.append(symptom)
    return found


def seen(case):
    mine = observed(case)
    return {c: sum(s in mine for s in about["symptoms"]) for c, about in case.challenges.items()}


def shares(case):
    return {c: seen(case)[c] / len(about["symptoms"]) for c, about in case.challenges.items()}


def ranking(case, key=None):
    order = list(case.challenges)
    counts, share = seen(case), shares(case)
    key = key or (lambda c: (-share[c], -counts[c], order.index(c)))
    return sorted([c for c in order if counts[c]], key=key)


def tackle_first(case):
    ranked, counts, share = ranking(case), seen(case), shares(case)
    top = (share[ranked[0]], counts[ranked[0]])
    return [c for c in ranked if (share[c], counts[c]) == top]


def remedies(case, **swaps):
    best = {**BEST_OPTION, **{k.replace("_", "-"): v for k, v in swaps.items()}}
    return {c: best[c] for c in tackle_first(case)}


def answers(case):
    return {
        "observed-shape": observed(case),
        "observed": observed(case),
        "shares": shares(case),
        "ranking": ranking(case),
        "tackle-first": tackle_first(case),
        "remedies": remedies(case),
    }


def failure(check_id: str, answer, learner: str = WRONG) -> str:
    return failure_message(ex.CHECKS, check_id, answer, learner)


# --- right answers pass --------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_computation_passes_every_check(learner):
    every_check_passes(ex, answers, learner)


def test_order_does_not_matter_where_the_exercise_says_so():
    """Are observed symptoms and the tied challenges accepted in any order?"""
    case = ex.exercise_case(WRONG)
    ex.CHECKS["observed"](WRONG, observed(case)[::-1])
    ex.CHECKS["tackle-first"](WRONG, tackle_first(case)[::-1])


def test_the_case_tells_the_story_the_exercise_needs():
    """Does every variant keep a tie at the top, a symptom one source reported and one a single
    source repeated, and learners who observe different symptoms?"""
    found = set()
    for learner in LEARNERS:
        case = ex.exercise_case(learner)
        assert 2 <= len(tackle_first(case)) <= 3
        assert observed(case, sources_needed=1) != observed(case)
        assert observed(case, add_mentions=True) != observed(case)
        found.add(tuple(observed(case)))
    assert len(found) > 1


def test_the_learners_case_holds_no_computed_result():
    """Does the plain view leave the observed symptoms, shares and ranking to the learner?"""
    fields = set(vars(ex.exercise_case(WRONG)))
    assert not fields & {"observed", "shares", "ranking", "tackle_first", "remedies", "diagnosis"}


# --- each misconception loses the marks, with its own message ------------------------------

CASE = ex.exercise_case(WRONG)
ORDER = list(CASE.challenges)
SEEN, SHARES = seen(CASE), shares(CASE)


def _shared_once(case):
    taken, result = set(), {}
    for c, about in case.challenges.items():
        mine = [s for s in about["symptoms"] if s in observed(case) and s not in taken]
        taken.update(mine)
        result[c] = len(mine) / len(about["symptoms"])
    return result


SLIPS = [
    ("observed", observed(CASE, sources_needed=1), "only one source reported"),
    ("observed", observed(CASE, add_mentions=True), "You added up the mentions"),
    ("shares", {c: n / len(observed(CASE)) for c, n in SEEN.items()},
     "divide by the number of symptoms observed"),
    ("shares", _shared_once(CASE), "You counted a symptom for one challenge only"),
    ("shares", {c: 100 * v for c, v in SHARES.items()}, "as a fraction of 1"),
    ("shares", {c: float(n) for c, n in SEEN.items()}, "These are counts of symptoms"),
    ("ranking", ranking(CASE, lambda c: (-SEEN[c], ORDER.index(c))),
     "You ranked by the number of symptoms observed"),
    ("ranking", ranking(CASE, lambda c: (-SHARES[c], -SEEN[c], c)), "alphabetical order"),
    ("ranking", sorted(ORDER, key=lambda c: (-SHARES[c], -SEEN[c], ORDER.index(c))),
     "lists challenges that no observed symptom points to"),
    ("ranking", ranking(CASE)[::-1], "from the weakest to the strongest"),
    ("tackle-first", ranking(CASE)[:1], "You named one challenge, but others"),
    ("tackle-first", ranking(CASE), "You named every challenge a symptom points to"),
    ("tackle-first", [c for c in ORDER if SEEN[c] == max(SEEN.values())],
     "with the most symptoms observed"),
    ("remedies", remedies(CASE, change_management="G", cultural_differences="D"),
     "answers what you see, not the challenge behind it"),
    ("remedies", remedies(CASE, change_management="F", cultural_differences="F"),
     "is a remedy for a different challenge"),
    ("remedies", {ranking(CASE)[0]: BEST_OPTION[ranking(CASE)[0]]},
     "one entry for each challenge tied at the top"),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "answer", "message"), SLIPS, ids=[s[2] for s in SLIPS])
def test_a_misconception_fails_with_its_own_message(check_id, answer, message):
    text = failure(check_id, answer)
    assert message in text
    others = [m for c, _, m in SLIPS if m != message]
    assert not any(other in text for other in others)


def test_a_remedy_message_names_the_challenge_and_its_lesson_section():
    """Does the message for a decoy name the challenge in words, and where to read about it?"""
    text = failure("remedies", remedies(CASE, change_management="G"))
    assert "change management" in text and "the section on change management" in text


@pytest.mark.parametrize("source", ["base", "published"])
def test_another_variants_answers_fail_as_copied(source):
    """Do the observed symptoms, shares and ranking of another variant read as copied?"""
    other = ex.checks.published_case() if source == "published" else ex.exercise_case("base")
    assert observed(other) != observed(CASE), "the two variants should differ"
    for check_id, answer in answers(other).items():
        if check_id in ("observed-shape", "tackle-first", "remedies"):
            continue  # the same form, and often the same tie, in every variant
        if answer == answers(CASE)[check_id]:
            continue
        assert "fit a different variant" in failure(check_id, answer), check_id


# --- malformed answers get a clear message, never a crash ---------------------------------

MALFORMED = [
    ("observed-shape", "rumours", "should be a list of names"),
    ("observed-shape", [], "observed is an empty list"),
    ("observed", ["rumors"], "which is not one of"),
    ("observed", ["rumours", "rumours"], "lists a name more than once"),
    ("shares", [0.5] * 7, "should be a dict with one number per entry"),
    ("shares", {"communication": 0.5}, "is missing"),
    ("shares", {**shares(CASE), "culture": 0.1}, "not in the case: 'culture'"),
    ("ranking", {"communication": 1}, "should be a list of names"),
    ("tackle-first", "change-management", "should be a list of names"),
    ("remedies", ["E"], "should be a dict from a challenge id to an option id"),
    ("remedies", {"change management": "E"}, "which is not one of"),
    ("remedies", {"change-management": "Z"}, "which is not one of"),
]


@pytest.mark.parametrize(("check_id", "answer", "message"), MALFORMED)
def test_a_malformed_answer_gets_a_shape_message(check_id, answer, message):
    with pytest.raises(ShapeProblem) as error:
        ex.CHECKS[check_id](WRONG, answer)
    assert message in str(error.value)


def test_no_message_shows_an_expected_value():
    """Does no failure name a challenge to tackle first, the right option or a reference share?"""
    texts = [failure(check_id, answer) for check_id, answer, _ in SLIPS]
    first = tackle_first(CASE)
    secrets = [f"'{c}'" for c in first] + [f"'{BEST_OPTION[c]}'" for c in first]
    secrets += [f"{v:.3f}" for v in SHARES.values() if 0 < v < 1]
    assert not any(secret in text for secret in secrets for text in texts)
