""" "Check my answer": the visible half of every graded cell, for a learner at work.

Why: a learner working alone has no instructor to run the hidden tests. ``check_answer`` runs
the very check the hidden test runs (same function, same learner variant) and tells the learner
what the grader would: right, or the misconception message with the lesson section to revisit,
and the points the part would earn. It never shows the reference value: check messages are
written not to.

What it reveals is the instructor's choice per assignment (:mod:`autograder.checks.answer_mode`):
in ``shape`` mode only problems with an answer's form are reported. While an assignment is being
graded (nbgrader's autograde, or the isolated runner) it does nothing: the hidden ``verify``
calls that follow it decide the grade, out of the learner's reach.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autograder.checks.answer_mode import read_check_mode
from autograder.checks.failure import CheckFailed, ShapeProblem, message_lines
from autograder.checks.plain import NotPlainData, to_plain
from autograder.checks.verifier import exercise_module, find_check
from autograder.verdict_channel import VERIFY_FD_VARIABLE
from course.catalog import load_catalog
from course.exercise_parts import autograded_parts
from course.learner import current_learner_id


class NotRightYet(AssertionError):
    """A learner's answer is not right yet; shown as its message alone, never a traceback.

    ``str()`` keeps the check's message whole (one line per paragraph) for anything that reads
    it; only what a person sees is wrapped.
    """

    def __init__(self, heading: str, message: str, *notes: str) -> None:
        super().__init__("\n".join([heading, message, *notes]))
        self.lines = [heading, *message_lines(message), *notes]

    def _render_traceback_(self) -> list[str]:
        return self.lines


@dataclass(frozen=True)
class Verdict:
    """What the check said: passed, or failed with a message about the form or the values."""

    passed: bool
    message: str = ""
    about_shape: bool = False


def grading_run(env: dict[str, str] | None = None) -> bool:
    """True while an instructor's grader runs the notebook (the hidden tests decide then)."""
    env = dict(os.environ) if env is None else env
    return env.get("NBGRADER_EXECUTION") == "autograde" or bool(env.get(VERIFY_FD_VARIABLE))


def judge(exercise_id: str, check_id: str, learner_id: str, answer: Any) -> Verdict:
    """Run one check in this process on a plain copy of ``answer`` (never raises)."""
    try:
        plain = to_plain(answer)
    except NotPlainData as problem:
        return Verdict(False, str(problem), about_shape=True)
    try:
        find_check(exercise_id, check_id)(learner_id, plain)
    except ShapeProblem as problem:
        return Verdict(False, str(problem), about_shape=True)
    except CheckFailed as failure:
        return Verdict(False, str(failure))
    except Exception as error:  # a checker bug must never read as "right"
        return Verdict(False, f"the check itself failed ({type(error).__name__}: {error})")
    return Verdict(True)


def part_points(exercise_id: str, check_id: str) -> float | None:
    """The points of the graded cell named ``check_id``, from the exercise's nbgrader metadata."""
    catalog = load_catalog()
    try:
        return autograded_parts(catalog, catalog.exercise(exercise_id)).get(check_id)
    except (KeyError, OSError):
        return None


def lesson_section(exercise_id: str, check_id: str) -> tuple[str, str] | None:
    """(notebook path from the course root, heading) of the idea a check tests, if named."""
    sections: dict[str, tuple[str, str]] = getattr(
        exercise_module(exercise_id), "LESSON_SECTIONS", {}
    )
    return sections.get(check_id)


def lesson_link(section: tuple[str, str]) -> str:
    """A link from an exercise notebook (``<folder>/<exercise>/``) to a lesson heading.

    Learner copies (``my-exercises/<id>/``) and sources (``exercises/<id>/``) both sit two
    folders below the course root, so one relative link works in both; JupyterLab opens the
    lesson and scrolls to the heading named by the fragment.
    """
    notebook, heading = section
    return f"../../{notebook}#{quote(heading.replace(' ', '-'), safe='-')}"


def _label(check_id: str) -> str:
    return check_id.replace("-", " ")


def _points_text(earned: float, points: float | None) -> str:
    return f"{earned:g} of {points:g} points" if points is not None else "points not known"


def _show(markdown: str) -> None:
    try:
        from IPython.display import Markdown, display

        display(Markdown(markdown))
    except ImportError:  # outside IPython: plain text is enough
        print(markdown)


def check_answer(exercise_id: str, check_id: str, answer: Any) -> None:
    """Tell the learner how this part would be graded, on their own case variant.

    Passes quietly with a one-line "right" note, or raises :class:`NotRightYet` whose message
    says what is wrong and which idea to revisit (a failed cell in the notebook and in
    nbgrader's Validate).
    """
    if grading_run():
        return
    folder = Path.cwd()
    mode = read_check_mode(folder)
    verdict = judge(exercise_id, check_id, current_learner_id(folder), answer)
    points = part_points(exercise_id, check_id)
    label = _label(check_id)
    if mode == "shape":
        if verdict.passed or not verdict.about_shape:
            print(
                f"✓ {label}: the answer has the right form. Its value is checked when your "
                "instructor grades the assignment."
            )
            return
        raise NotRightYet(
            f"✗ {label}: the answer does not have the right form yet.", verdict.message
        )
    _record(exercise_id, check_id, points if verdict.passed else 0.0, points)
    if verdict.passed:
        print(f"✓ {label}: right for your case variant ({_points_text(points or 0, points)}).")
        return
    if verdict.about_shape:
        raise NotRightYet(
            f"✗ {label}: the answer does not have the right form yet ({_points_text(0, points)}).",
            verdict.message,
        )
    section = lesson_section(exercise_id, check_id)
    notes = []
    if section:
        _show(f"**Revisit:** [{section[1]}]({lesson_link(section)}) in the lesson.")
        notes.append(f'Revisit "{section[1]}" in {section[0]}.')
    raise NotRightYet(
        f"✗ {label}: not right yet ({_points_text(0, points)}).", verdict.message, *notes
    )


def _record(exercise_id: str, check_id: str, earned: float | None, points: float | None) -> None:
    from course.progress import record

    record(
        "exercise-check",
        exercise=exercise_id,
        check=check_id,
        earned=earned or 0.0,
        available=points,
    )
