"""Tests for autograder/checks/exercises/reskilling_plan/, run in-process (no kernel).

The plans and figures are built here in plain Python from the case's plain data, as a learner
would, not with the model the checks use: agreement between the two is the point. Each wrong
answer is what a learner with one misconception writes, and must get that misconception's
message, never a pass and never a crash. A plan has many right answers, so more than one sound
plan must pass.
"""

from __future__ import annotations

import itertools

import pytest

from autograder.checks.exercises import reskilling_plan as ex
from autograder.checks.failure import CheckFailed, ShapeProblem
from tests.checks.scaffold import every_check_passes, failure_message

LEARNERS = ["learner-a", "learner-b", "learner-c", "someone@example.org"]
WRONG = "learner-m"

ASSIGNED = {
    "Amara Osei": "Product owner",
    "Eitan Levi": "Product owner",
    "Gareth Hughes": "Solution architect",
    "Chen Li": "Security lead",
    "Dana Ruiz": "Vendor manager",
    "Ben Kowalski": "Pod lead",
    "Fatima Noor": "Pod lead",
}


# --- a learner's computation ---------------------------------------------------------------


def gaps_of(case, assignments):
    return {
        person: sorted(set(case.roles[role]["skills"]) - set(case.team[person]["skills"]))
        for person, role in assignments.items()
        if role in case.roles
    }


def routes(case, skill):
    return [code for code, course in case.courses.items() if course["skill"] == skill]


def plan(case, gaps, choose="in-time", start=None):
    """Training for ``gaps``: one course per gap, one after another from month 1 (or all from
    ``start``), chosen the cheapest that ends in time, the cheapest, or the fastest."""
    fee = lambda combo: sum(case.courses[c]["fee"] for c in combo)  # noqa: E731
    months = lambda combo: sum(case.courses[c]["months"] for c in combo)  # noqa: E731
    training = []
    for person, missing in gaps.items():
        options = list(itertools.product(*(routes(case, skill) for skill in missing)))
        if choose == "in-time":
            combo = min((c for c in options if months(c) < case.handover_month), key=fee)
        elif choose == "cheapest":
            combo = min(options, key=fee)
        else:
            combo = min(options, key=months)
        month = 1
        for code in combo:
            training.append({"person": person, "course": code, "start_month": start or month})
            month += case.courses[code]["months"]
    return training


def cost(case, training):
    return sum(case.courses[t["course"]]["fee"] for t in training)


def last(case, training):
    return max(
        (t["start_month"] + case.courses[t["course"]]["months"] - 1 for t in training), default=0
    )


def answers(case, assignments=ASSIGNED, gaps=None, training=None, fee=None, month=None):
    gaps = gaps_of(case, assignments) if gaps is None else gaps
    training = plan(case, gaps_of(case, assignments)) if training is None else training
    both = {"assignments": assignments, "training": training}
    return {
        "assignments-shape": assignments,
        "assignments": assignments,
        "skill-gaps": {"assignments": assignments, "skill_gaps": gaps},
        "training-shape": training,
        "training-gaps": both,
        "training-timing": both,
        "training-budget": both,
        "training-cost": {
            "training": training,
            "training_cost": cost(case, training) if fee is None else fee,
        },
        "last-training-month": {
            "training": training,
            "last_training_month": last(case, training) if month is None else month,
        },
    }


def failure(check_id: str, answer, learner: str = WRONG) -> str:
    return failure_message(ex.CHECKS, check_id, answer, learner)


# --- right answers pass --------------------------------------------------------------------


@pytest.mark.parametrize("learner", LEARNERS)
def test_a_learners_own_plan_passes_every_check(learner):
    every_check_passes(ex, answers, learner)


def test_another_sound_plan_passes_too():
    """Does a different sound plan pass: Dana as a pod lead and Ben as vendor manager (who then
    needs a faster course to finish in time), and a course started later but still in time?"""
    case = ex.exercise_case(WRONG)
    swapped = {**ASSIGNED, "Dana Ruiz": "Pod lead", "Ben Kowalski": "Vendor manager"}
    training = plan(case, gaps_of(case, swapped))
    dana = next(t for t in training if t["person"] == "Dana Ruiz")
    dana["start_month"] = case.handover_month - case.courses[dana["course"]]["months"]
    assert cost(case, training) <= case.budget
    for check_id, answer in answers(case, swapped, training=training).items():
        ex.CHECKS[check_id](WRONG, answer)


def test_the_case_tells_the_story_the_exercise_needs():
    """Does every variant leave room for the cheapest plan, refuse the fastest route everywhere,
    and have someone whose two cheapest courses do not fit before the handover?"""
    for learner in LEARNERS:
        case = ex.exercise_case(learner)
        gaps = gaps_of(case, ASSIGNED)
        assert cost(case, plan(case, gaps)) <= case.budget
        assert cost(case, plan(case, gaps, "fastest")) > case.budget
        assert last(case, plan(case, gaps, "cheapest")) >= case.handover_month


# --- each misconception loses the marks, with its own message ------------------------------

CASE = ex.exercise_case(WRONG)
GAPS = gaps_of(CASE, ASSIGNED)
TRAINING = plan(CASE, GAPS)
OLD_JOBS = {name: person["current_work"] for name, person in CASE.team.items()}
NO_VENDOR_MANAGER = {**ASSIGNED, "Dana Ruiz": "Pod lead", "Ben Kowalski": "Product owner"}
WHOLE_ROLE = {person: list(CASE.roles[role]["skills"]) for person, role in ASSIGNED.items()}
HELD = {
    person: sorted(set(CASE.roles[role]["skills"]) & set(CASE.team[person]["skills"]))
    for person, role in ASSIGNED.items()
}
EVERY_SKILL = plan(CASE, WHOLE_ROLE, "fastest")
AFTER = [{**t, "start_month": t["start_month"] + CASE.handover_month - 1} for t in TRAINING]
PER_COURSE = sum(CASE.courses[code]["fee"] for code in {t["course"] for t in TRAINING})


def slip(check_id, message, **changes):
    return check_id, answers(CASE, **changes)[check_id], message


SLIPS = [
    slip("assignments", "You kept someone on the work they do today", assignments=OLD_JOBS),
    slip("assignments", "left to the provider", assignments=NO_VENDOR_MANAGER),
    slip("assignments", "Someone who stays has no role",
         assignments={k: v for k, v in ASSIGNED.items() if k != "Chen Li"}),
    slip("skill-gaps", "You listed every skill the role needs", gaps=WHOLE_ROLE),
    slip("skill-gaps", "the role's skills the person already holds", gaps=HELD),
    slip("skill-gaps", "compared each person with the skills of every retained role",
         gaps={p: sorted({s for r in CASE.roles.values() for s in r["skills"]}
                         - set(CASE.team[p]["skills"])) for p in ASSIGNED}),
    slip("training-gaps", "At least one skill gap from Part 2 is not closed",
         training=TRAINING[1:]),
    slip("training-gaps", "a skill they already hold", training=EVERY_SKILL),
    slip("training-gaps", "Some course is not needed",
         training=[*TRAINING, {"person": "Chen Li", "course": "PM-PT", "start_month": 1}]),
    slip("training-timing", "starts once the provider has already taken over", training=AFTER),
    slip("training-timing", "may need a shorter route", training=plan(CASE, GAPS, "cheapest")),
    slip("training-timing", "one course at a time", training=plan(CASE, GAPS, start=1)),
    slip("training-timing", "Close every skill gap first", training=TRAINING[1:]),
    slip("training-budget", "The fastest course for every gap is the dearest way",
         training=plan(CASE, GAPS, "fastest")),
    slip("training-cost", "You counted each course's fee once", fee=PER_COURSE),
    slip("training-cost", "not right for your plan", fee=cost(CASE, TRAINING) + 500),
    slip("last-training-month", "Your month is one too late", month=last(CASE, TRAINING) + 1),
    slip("last-training-month", "You added up the months of every course",
         month=sum(CASE.courses[t["course"]]["months"] for t in TRAINING)),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "answer", "message"), SLIPS, ids=[s[2] for s in SLIPS])
def test_a_misconception_fails_with_its_own_message(check_id, answer, message):
    text = failure(check_id, answer)
    assert message in text
    others = [m for c, _, m in SLIPS if m != message]
    assert not any(other in text for other in others)


@pytest.mark.parametrize("source", ["base", "published"])
def test_another_variants_cost_fails_as_copied(source):
    """Does the cost of the same plan at another variant's fees fail as copied?"""
    other = ex.checks.published_case() if source == "published" else ex.exercise_case("base")
    answer = {"training": TRAINING, "training_cost": cost(other, TRAINING)}
    assert "fit a different variant" in failure("training-cost", answer)


def test_a_figure_of_an_empty_plan_earns_nothing():
    """Does an empty training plan's cost of 0 and last month of 0 fail, saying why?"""
    assert "is empty" in failure("training-cost", {"training": [], "training_cost": 0})
    assert "is empty" in failure("last-training-month", {"training": [], "last_training_month": 0})


# --- malformed answers get a clear message, never a crash ---------------------------------

MALFORMED = [
    ("assignments-shape", ["Amara Osei"], "should be a dict that maps each person"),
    ("assignments-shape", {"Amara": "Product owner"}, "did you mean 'Amara Osei'"),
    ("assignments-shape", {"Amara Osei": "Product ower"}, "did you mean 'Product owner'"),
    ("assignments", {"Amara Osei": 3}, "is not a retained role"),
    ("training-shape", {"person": "Ben Kowalski"}, "should be a list"),
    ("training-shape", [{"person": "Ben Kowalski", "course": "VM-PAIR"}], "missing key"),
    ("training-shape", [{"person": "Ben Kowalski", "course": "VM", "start_month": 1}],
     "training[0].course"),
    ("training-shape", [{"person": "Ben Kowalski", "course": "VM-PAIR", "start_month": 1.5}],
     "whole month number"),
    ("training-shape", ["VM-PAIR"], "expected a dict"),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "answer", "message"), MALFORMED)
def test_a_malformed_answer_gets_a_shape_message(check_id, answer, message):
    with pytest.raises(ShapeProblem) as error:
        ex.CHECKS[check_id](WRONG, answer)
    assert message in str(error.value)


STRANGE = [None, 1, "plan", [], {}, {"assignments": None}, [[1]], {"a": {"b": [None]}}]


@pytest.mark.parametrize("check_id", sorted(ex.CHECKS))
@pytest.mark.parametrize("answer", STRANGE, ids=repr)
def test_a_strange_answer_fails_cleanly(check_id, answer):
    """Does any odd value fail with a message (never pass, never crash) in every check?"""
    with pytest.raises(CheckFailed):
        ex.CHECKS[check_id](WRONG, answer)


@pytest.mark.parametrize("assignments", [{}, OLD_JOBS, {"Amara Osei": "Product owner"}], ids=len)
def test_a_part_1_without_roles_earns_nothing_later(assignments):
    """Does a Part 1 that gives people no retained role earn nothing in Parts 2 and 3, where
    an empty plan would otherwise close every gap of nobody, on time and within budget?"""
    case = ex.exercise_case(WRONG)
    given = answers(case, assignments, gaps={}, training=[])
    for check_id in ("skill-gaps", "training-gaps", "training-timing", "training-budget"):
        assert "a retained role in Part 1 first" in failure(check_id, given[check_id])


def test_a_later_part_points_to_the_part_to_fix_first():
    """Does a check that reads Part 1 say so when Part 1 cannot be read?"""
    answer = {"assignments": {"Amara Osei": "CEO"}, "skill_gaps": {}}
    assert "Fix the earlier part first" in failure("skill-gaps", answer)


def test_no_message_shows_an_expected_value():
    """Does no failure print the plan's cost or last month?"""
    secrets = [f"{cost(CASE, TRAINING):,.0f}", f"{cost(CASE, TRAINING):g}"]
    texts = [failure(check_id, answer) for check_id, answer, _ in SLIPS]
    assert not any(secret in text for secret in secrets for text in texts)
