"""The first cell of every exercise: load the learner's own case variant and show it.

Why one entry point: the notebook and the grader must build the same variant from the same
learner id (see :mod:`course.learner`); routing both through the exercise's check module makes
that true by construction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from IPython.display import Markdown, display

from autograder.checks.verifier import exercise_module
from course.learner import current_learner_id


def start_exercise(exercise_id: str, show: bool = True) -> Any:
    """Return the learner's case for ``exercise_id`` and display its data tables."""
    module = exercise_module(exercise_id)
    learner_id = current_learner_id(Path.cwd())
    case = module.exercise_case(learner_id)
    if show:
        display(
            Markdown(
                f"Your case variant: **{learner_id}**. Your numbers differ from your classmates', "
                "so compute every answer from `case`; do not type numbers in."
            )
        )
        for part in module.describe(case):
            display(part)
    return case
