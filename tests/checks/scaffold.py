"""What every exercise's checker tests share: a failing check's message, and a learner's own
right answers passing every check. One copy, so each test file holds only its exercise."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

import pytest

from autograder.checks.failure import CheckFailed


def failure_message(
    checks: Mapping[str, Callable], check_id: str, answer: Any, learner: str
) -> str:
    """The message of the check that must fail on ``answer``; the test fails if it passes."""
    with pytest.raises(CheckFailed) as error:
        checks[check_id](learner, answer)
    return str(error.value)


def every_check_passes(
    exercise: ModuleType, answers: Callable[[Any], dict[str, Any]], learner: str
) -> None:
    """Run every check on the answers computed by hand for ``learner``'s own case variant."""
    for check_id, answer in answers(exercise.exercise_case(learner)).items():
        exercise.CHECKS[check_id](learner, answer)
