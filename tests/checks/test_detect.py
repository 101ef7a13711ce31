"""Tests for autograder/checks/detect.py, registry.py and views.py: what every checker shares."""

from __future__ import annotations

import pytest

from autograder.checks.detect import (
    COPY_ADVICE,
    Misconception,
    another_variant,
    diagnose,
    different_variant,
    judge,
    money_close,
)
from autograder.checks.failure import CheckFailed
from autograder.checks.registry import ExerciseChecks
from autograder.checks.views import learner_view, published_view

DOUBLED = Misconception("doubled", lambda answer, case: answer == 2 * case, "Doubled: {answer}.")
NEGATED = Misconception("negated", lambda answer, case: answer == -case, "Negated {case}.")


def test_diagnose_names_the_first_misconception_that_explains_the_answer():
    """Does diagnose fail with the message of the first matching misconception, formatted?"""
    with pytest.raises(CheckFailed, match=r"^Doubled: 6\.$"):
        diagnose(6, 3, (DOUBLED, NEGATED))
    with pytest.raises(CheckFailed, match=r"^Negated 3\.$"):
        diagnose(-3, 3, (DOUBLED, NEGATED))
    diagnose(4, 3, (DOUBLED, NEGATED))  # nothing explains it: no failure


def test_judge_passes_the_right_answer_and_falls_back_to_what_to_do_next():
    """Does judge pass a right answer, name a misconception, and otherwise say what to do?"""
    judge(True, 6, 3, (DOUBLED,), "unused")
    with pytest.raises(CheckFailed, match="Doubled"):
        judge(False, 6, 3, (DOUBLED,), "Try again.")
    with pytest.raises(CheckFailed, match=r"^Try again\.$"):
        judge(False, 5, 3, (DOUBLED,), "Try again.")


def test_a_message_may_be_a_function_of_answer_and_case():
    """Can a message that needs more than formatting be computed from answer and case?"""
    wrong = Misconception("any", lambda answer, case: True, lambda answer, case: f"{answer}/{case}")
    assert wrong.text(1, 2) == "1/2"


def test_another_variant_reads_like_every_checker_said_it():
    """Is the copied-numbers message the one learners saw before it was shared?"""
    assert str(different_variant("These totals")) == (
        "These totals fit a different variant of the case, not yours: compute them from `case` "
        "in this notebook instead of typing numbers in."
    )
    copied = another_variant("These", lambda answer, other: answer == other, lambda case: [7, 8])
    assert copied.detect(8, None) and not copied.detect(9, None)
    assert (
        copied.text(8, None)
        == f"These fit a different variant of the case, not yours: {COPY_ADVICE}."
    )


def test_money_is_close_within_a_currency_unit_or_a_millionth():
    """Are money answers judged within a dollar, or one part in a million of large amounts?"""
    assert money_close(100.9, 100.0) and not money_close(101.1, 100.0)
    assert money_close(10_000_005.0, 10_000_000.0)


def test_a_check_is_registered_once_with_its_lesson_section_and_gets_the_case():
    """Does the registry hand a check the learner's case and refuse an id registered twice?"""
    checks = ExerciseChecks(
        "case-id", "modules/x/lesson.ipynb", case_for=lambda learner: learner * 2
    )
    seen = []

    @checks.check("doubles", "A heading")
    def check_doubles(case: str, answer: object) -> None:
        seen.append((case, answer))

    checks.by_id["doubles"]("ab", 1)
    check_doubles("cd", 2)
    assert seen == [("abab", 1), ("cdcd", 2)]
    assert checks.sections == {"doubles": ("modules/x/lesson.ipynb", "A heading")}
    with pytest.raises(ValueError, match="registered twice"):
        checks.check("doubles", "Another heading")(check_doubles)


def test_views_are_fresh_copies_of_the_learners_variant_and_the_lessons_case():
    """Can a check that changes its view never change what the next check sees?"""
    first = learner_view("northwind-service-desk", "learner-a")
    first.weights.clear()
    assert learner_view("northwind-service-desk", "learner-a").weights
    published = published_view("northwind-service-desk")
    assert published.learner_id == "published"
    assert published.weights != learner_view("northwind-service-desk", "learner-a").weights
