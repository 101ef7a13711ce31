"""An exercise's checks, each registered once with its id and the lesson section it teaches.

Why a decorator: a check's id, its function and the heading a learner is sent back to were kept
in two tables at the end of each checker (``CHECKS`` and ``LESSON_SECTIONS``), away from the
check itself. Registering them where the check is defined keeps the three together; the tables
the verifier and "check my answer" read are built from the registrations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from autograder.checks.plain import Plain

Check = Callable[[str, Plain], None]
"""What the verifier calls: ``check(learner_id, answer)``, raising ``CheckFailed`` when wrong."""


class ExerciseChecks:
    """The checks of one exercise, whose lessons live in ``notebook``.

    ``case_for(learner_id)`` gives the learner's case (its plain view); a registered function is
    written as ``check(case, answer)`` and registered as a ``Check`` that builds the case first,
    so no check repeats that line.
    """

    def __init__(self, notebook: str, case_for: Callable[[str], Any]) -> None:
        self.notebook = notebook
        self.case_for = case_for
        self.by_id: dict[str, Check] = {}
        """Check id -> check function: the exercise module's ``CHECKS``."""
        self.sections: dict[str, tuple[str, str]] = {}
        """Check id -> (lesson notebook, heading): the exercise module's ``LESSON_SECTIONS``."""

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
