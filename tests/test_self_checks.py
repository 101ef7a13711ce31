"""Tests for course/self_checks and the self-check widget."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.catalog import load_catalog
from course.self_checks import SelfCheckError, check_choice, load_questions
from course.widgets.self_check_view import display_order, question_view

MODULES = [module.id for module in load_catalog().modules]


@pytest.mark.parametrize("module_id", MODULES)
def test_every_module_has_valid_questions(module_id):
    """Does every module have at least five valid questions, with feedback on every choice?"""
    questions = load_questions(module_id)
    assert len(questions) >= 5
    for question in questions.values():
        assert 3 <= len(question.choices) <= 5, question.id
        assert len(question.explanation.split()) >= 8, question.id


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "m.yml").write_text(text)
    load_questions.cache_clear()
    return tmp_path


def test_two_correct_choices_are_rejected(tmp_path):
    """Is a question with two right answers rejected, naming the question?"""
    folder = write(
        tmp_path,
        """
questions:
  - id: q1
    prompt: Which?
    explanation: Because.
    choices:
      - {text: A, correct: true, feedback: "Right, A."}
      - {text: B, correct: true, feedback: "Also right."}
""",
    )
    with pytest.raises(SelfCheckError, match=r"questions\[0\] \(q1\): exactly one choice"):
        load_questions("m", folder)


def test_missing_feedback_is_rejected(tmp_path):
    """Is a choice without feedback rejected?"""
    folder = write(
        tmp_path,
        """
questions:
  - id: q1
    prompt: Which?
    explanation: Because.
    choices:
      - {text: A, correct: true}
      - {text: B, feedback: no}
""",
    )
    with pytest.raises(SelfCheckError, match=r"choices\[0\] needs a 'text' and a 'feedback'"):
        load_questions("m", folder)


SAMPLE = """
questions:
  - id: q1
    prompt: Which side carries the delivery risk when work is outsourced?
    explanation: Outsourcing hands over the outcome, and with it the risk of not delivering it.
    choices:
      - {text: The provider, correct: true, feedback: It contracted for an outcome.}
      - {text: The client, feedback: "That is staff augmentation: the client directs the work."}
      - {text: Nobody, feedback: Risk does not vanish; it moves.}
"""


def sample_question(tmp_path: Path):
    return load_questions("m", write(tmp_path, SAMPLE))["q1"]


def test_feedback_explains_the_right_answer(tmp_path):
    """Does a wrong pick get its own feedback plus the explanation, and a right pick 'Right.'?"""
    question = sample_question(tmp_path)
    wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
    feedback = check_choice(question, wrong)
    assert not feedback.correct
    assert question.choices[wrong].feedback in feedback.message
    assert question.explanation in feedback.message
    assert check_choice(question, question.correct_index).message.startswith("Right.")
    assert check_choice(question, None).message == "Pick one of the options first."


def test_widget_shows_feedback_after_check(tmp_path):
    """Does choosing an option and pressing Check show the verdict in the widget, once?"""
    question = sample_question(tmp_path)
    view = question_view(question)
    view.choose(question.correct_index)
    view.check()
    assert view.verdict == "right"
    assert view.feedback.startswith("Right.")
    assert "Right. Right." not in view.feedback
    wrong = next(i for i, c in enumerate(question.choices) if not c.correct)
    view.choose(wrong)
    view.check()
    assert view.verdict == "wrong"
    assert view.feedback.startswith("Not quite.")


def test_pick_one_first_goes_away_when_a_choice_is_picked(tmp_path):
    """Is "Pick one of the options first." cleared as soon as the learner picks one?"""
    question = sample_question(tmp_path)
    view = question_view(question)
    view.check()
    assert (view.verdict, view.feedback) == ("none", "Pick one of the options first.")
    view.choose(question.correct_index)
    assert (view.verdict, view.feedback) == ("", "")


def test_no_feedback_in_the_course_starts_with_a_verdict():
    """Would any choice read "Right. Right." (a verdict written into the feedback text)?"""
    for module_id in MODULES:
        for question in load_questions(module_id).values():
            for choice in question.choices:
                assert not choice.feedback.startswith(("Right.", "Not quite.")), question.id


def test_the_right_answer_is_not_always_shown_in_the_same_place():
    """Authors write the right answer first; is it shown in more than one position across a module,
    with every choice shown exactly once and the same order on every call?"""
    for module_id in MODULES:
        shown_at = set()
        for question in load_questions(module_id).values():
            order = display_order(question)
            assert sorted(order) == list(range(len(question.choices))), question.id
            assert order == display_order(question)
            view = question_view(question)
            assert view.choices == [question.choices[i].text for i in order]
            shown_at.add(order.index(question.correct_index))
        assert len(shown_at) >= 2, f"{module_id}: the right answer is always choice {shown_at}"


def right_answer_share(questions, pick) -> float:
    """The share of questions a learner gets right by choosing by length alone.

    ``pick`` is ``max`` (always the longest choice) or ``min`` (always the shortest). A tie counts
    against the question: if the right answer is one of the tied longest, the cue still works.
    """
    if not questions:
        return 0.0
    hits = 0
    for question in questions:
        lengths = [len(choice.text) for choice in question.choices]
        hits += lengths[question.correct_index] == pick(lengths)
    return hits / len(questions)


def test_length_cue_detector_can_fail(tmp_path):
    """Does the length check flag a module where the right answer is always the longest?"""
    questions = list(load_questions("m", write(tmp_path, SAMPLE)).values())
    assert right_answer_share(questions, max) == 1.0
    assert right_answer_share(questions, min) == 0.0


@pytest.mark.parametrize("module_id", MODULES)
def test_the_right_answer_is_rarely_the_longest_or_shortest(module_id):
    """Can a learner who always picks the longest (or the shortest) choice score more than a
    third? Then the questions test length, not understanding: rewrite the choices."""
    questions = list(load_questions(module_id).values())
    for pick, name in ((max, "longest"), (min, "shortest")):
        share = right_answer_share(questions, pick)
        assert share <= 1 / 3, (
            f"{module_id}: the right answer is the {name} choice in {share:.0%} of questions; "
            "write wrong choices as long and specific as the right one"
        )
