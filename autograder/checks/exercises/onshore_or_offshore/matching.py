"""How the figures of an "Onshore or offshore?" answer are matched against expected ones.

Money within a currency unit (``money_close``), shares within one part in a million, and looser
(rounded) figures when recognising another variant's numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from autograder.checks.compare import close
from autograder.checks.detect import RELATIVE, money_close
from autograder.checks.failure import CheckFailed
from autograder.checks.views import PUBLISHED

COPY_RELATIVE = 1e-4
"""Looser match used only to recognise numbers copied from another variant (often rounded)."""

LESSON = "(the lesson's case)"
"""The key of the lesson's case among learner ids (never a valid learner id)."""

Figures = Mapping[str, float]


def share_close(actual: float, expected: float) -> bool:
    """A share (0-1) within one part in a million."""
    return close(actual, expected, absolute=RELATIVE)


def copy_close(actual: float, expected: float) -> bool:
    """Loose enough to recognise another variant's figures, rounded or not."""
    return close(actual, expected, absolute=0.5, relative=COPY_RELATIVE)


def all_match(
    answer: Mapping[str, Any],
    expected: Mapping[str, Any],
    keys: list[str],
    same: Callable[[float, float], bool],
) -> bool:
    return all(
        expected.get(key) is not None
        and answer.get(key) is not None
        and same(answer[key], expected[key])
        for key in keys
    )


def first_wrong(
    answer: Mapping[str, Any], expected: Mapping[str, Any], same: Callable[[float, float], bool]
) -> str:
    for key, value in expected.items():
        if not same(answer[key], value):
            return key
    raise ValueError("no mismatch")


def first_fitting(
    answer: Figures,
    keys: list[str],
    candidates: Iterable[tuple[Any, Figures]],
    same: Callable[[float, float], bool] = money_close,
) -> Any:
    """The label of the first (label, figures) candidate whose figures ``answer`` holds, or None."""
    return next(
        (label for label, figures in candidates if all_match(answer, figures, keys, same)), None
    )


def reject_other_variant(
    answer: Mapping[str, Any],
    learner_id: str,
    keys: list[str],
    reference: Callable[[str], Mapping[str, Any]],
    what: str,
    same: Callable[[Any, Any], bool] = copy_close,
) -> None:
    """Raise when the answer fits the base variant or the lesson's case instead of the learner's."""
    for other in ("base", PUBLISHED):
        if other == learner_id:
            continue
        expected = reference(LESSON if other == PUBLISHED else other)
        if all(key in expected and equal_or(answer.get(key), expected[key], same) for key in keys):
            raise CheckFailed(
                f"These {what} fit a different variant of the case, not yours: compute them from "
                "`case` in this notebook instead of typing numbers in."
            )


def equal_or(actual: Any, expected: Any, same: Callable[[Any, Any], bool]) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    return same(actual, expected)
