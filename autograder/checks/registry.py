"""An exercise's checks, each registered once with its id and the lesson section it teaches.

Why a decorator: a check's id, its function and the heading a learner is sent back to were kept
in two tables at the end of each checker (``CHECKS`` and ``LESSON_SECTIONS``), away from the
check itself. Registering them where the check is defined keeps the three together; the tables
the verifier and "check my answer" read are built from the registrations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from autograder.checks.detect import COPY_ADVICE, Misconception, another_variant, diagnose
from autograder.checks.plain import Plain
from autograder.checks.views import BASE, learner_view, published_view

Check = Callable[[str, Plain], None]
"""What the verifier calls: ``check(learner_id, answer)``, raising ``CheckFailed`` when wrong."""


class ExerciseChecks:
    """The checks of one exercise, whose lessons live in ``notebook``.

    A registered function is written as ``check(case, answer)``, where ``case`` is the learner's
    plain view (``learner_case(learner_id)``, or ``case_for`` where an exercise gives its own),
    and registered as a ``Check`` that builds the case first, so no check repeats that line.
    """

    def __init__(
        self,
        case_id: str,
        notebook: str,
        case_for: Callable[[str], Any] | None = None,
        copy_advice: str = COPY_ADVICE,
    ) -> None:
        self.case_id = case_id
        self.notebook = notebook
        self.case_for = case_for or self.learner_case
        self.copy_advice = copy_advice
        """What to do when an answer's numbers fit another variant (``another_variant``)."""
        self.by_id: dict[str, Check] = {}
        """Check id -> check function: the exercise module's ``CHECKS``."""
        self.sections: dict[str, tuple[str, str]] = {}
        """Check id -> (lesson notebook, heading): the exercise module's ``LESSON_SECTIONS``."""

    def learner_case(self, learner_id: str) -> Any:
        """The learner's variant of the exercise's case, as its kind's plain view."""
        return learner_view(self.case_id, learner_id)

    def published_case(self) -> Any:
        """The case as the lesson publishes it (what a learner might copy numbers from)."""
        return published_view(self.case_id)

    def copied_from(self, case: Any) -> list[Any]:
        """The cases a learner may have copied numbers from: the lesson's, and the base variant
        (unless it is the learner's own)."""
        others = [self.published_case()]
        if case.learner_id != BASE:
            others.append(self.learner_case(BASE))
        return others

    def another_variant(self, what: str, matches: Callable[[Any, Any], bool]) -> Misconception:
        """The misconception "numbers typed in from another variant": ``matches(answer, other)``
        holds for one of the cases this exercise's learners may copy from (``copied_from``)."""
        return another_variant(what, matches, self.copied_from, self.copy_advice)

    def check(self, check_id: str, heading: str) -> Callable[[Check], Check]:
        """Register the decorated function as check ``check_id``, taught under ``heading``."""

        def register(function: Callable[[Any, Plain], None]) -> Check:
            if check_id in self.by_id:
                raise ValueError(f"check {check_id!r} is registered twice")

            @functools.wraps(function)
            def run(learner_id: str, answer: Plain) -> None:
                function(self.case_for(learner_id), answer)

            self.by_id[check_id] = run
            self.sections[check_id] = (self.notebook, heading)
            return run

        return register

    def diagnosis(
        self,
        check_id: str,
        heading: str,
        misconceptions: Sequence[Misconception],
        read: Callable[[Plain], Any] = lambda answer: answer,
    ) -> Check:
        """Register a check that is nothing but its misconceptions: ``read`` the answer (a shape
        check that also builds what the detectors look at, a model object say), then fail with
        the first misconception that explains it, or pass."""

        def check(case: Any, answer: Plain) -> None:
            diagnose(read(answer), case, misconceptions)

        check.__name__ = check.__qualname__ = f"check_{check_id.replace('-', '_')}"
        return self.check(check_id, heading)(check)
