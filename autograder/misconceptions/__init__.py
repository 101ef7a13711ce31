"""Realistic wrong answers per exercise, each with the message it must earn.

A misconception replaces the source of one or more solution cells (by grade id) with what a
learner holding that misconception would write. The replacement still defines every variable,
so later parts run and the loss shows up where the idea went wrong.

Why in the package, not only in the tests: the grading tests prove each one loses marks with its
message, and ``autograder demo-cohort`` uses the same answers to build partial submissions that
look like a real cohort's. Each module is named after its exercise id (``score-a-vendor`` ->
``score_a_vendor``) and defines MISCONCEPTIONS and ANSWER_CELLS (solution cell grade id -> the
variables it defines, used to build a submission that hard-codes another learner's values).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Misconception:
    """One wrong answer: which solution cells change, which checks must fail, with what words."""

    name: str
    replace: dict[str, str]
    fails: tuple[str, ...]
    message: str
    passes: tuple[str, ...] = field(default_factory=tuple)


def _load() -> tuple[dict[str, list[Misconception]], dict[str, dict[str, list[str]]]]:
    catalogue, answers = {}, {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        exercise_id = info.name.replace("_", "-")
        catalogue[exercise_id] = module.MISCONCEPTIONS
        answers[exercise_id] = module.ANSWER_CELLS
    return catalogue, answers


CATALOGUE, ANSWER_CELLS = _load()
