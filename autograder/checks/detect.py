"""Detection every exercise shares: misconceptions as data, numbers from another variant.

Why here: each checker recognised a typical wrong answer with its own ``if ...: raise`` chain and
its own copy of "does this fit a classmate's variant?". A ``Misconception`` holds its id, its
detector and its message in one place; ``diagnose`` tries a check's misconceptions in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from autograder.checks.compare import close
from autograder.checks.failure import CheckFailed

MONEY_ABSOLUTE = 1.0
"""Money answers may be off by up to one currency unit (a dollar) ..."""
RELATIVE = 1e-6
"""... or by one part in a million of the amount, whichever is larger; shares by 1e-6."""


def money_close(actual: float, expected: float) -> bool:
    """Within a currency unit, or one part in a million of the amount."""
    return close(actual, expected, absolute=MONEY_ABSOLUTE, relative=RELATIVE)


def all_close(answer: Mapping[str, float], expected: Mapping[str, float], tolerance: float) -> bool:
    """Every value of ``expected`` matched by ``answer`` within ``tolerance`` (absolute)."""
    return all(close(answer[key], expected[key], absolute=tolerance) for key in expected)


def same_members_by_key(answer: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Each key of ``expected`` holds the same members in ``answer``, in any order."""
    return all(set(answer[key]) == set(expected[key]) for key in expected)


def money_close_by_key(answer: Mapping[str, float], expected: Mapping[str, float]) -> bool:
    """Every amount of ``expected`` matched by ``answer`` within :func:`money_close`."""
    return all(money_close(answer[key], expected[key]) for key in expected)


def money_close_by_two_keys(
    answer: Mapping[str, Mapping[str, float]], expected: Mapping[str, Mapping[str, float]]
) -> bool:
    """:func:`money_close_by_key` for a table of amounts (e.g. month -> level -> amount)."""
    return all(money_close_by_key(answer[key], expected[key]) for key in expected)


@dataclass(frozen=True)
class Misconception:
    """A typical wrong answer: what to call it, how to recognise it, and what to tell.

    ``detect(answer, case)`` says whether the answer is what this misconception computes;
    ``message`` says what went wrong and which lesson section to revisit, never the expected
    value: a text formatted with ``case`` and ``answer`` (``{case.years}``), or a function of
    both where the text needs more than that.
    """

    id: str
    detect: Callable[[Any, Any], bool]
    message: str | Callable[[Any, Any], str]

    def text(self, answer: Any, case: Any) -> str:
        """The message for this answer and case."""
        if callable(self.message):
            return self.message(answer, case)
        return self.message.format(answer=answer, case=case)


def slip(
    slip_id: str, curve: Callable[[Any], Any], same: Callable[[Any, Any], bool], message: str
) -> Misconception:
    """The misconception whose answer is ``curve(case)``, compared as ``same`` compares: the
    usual form when a slip is a different formula applied to the same case."""
    return Misconception(slip_id, lambda answer, case: same(answer, curve(case)), message)


def diagnose(answer: Any, case: Any, misconceptions: Iterable[Misconception]) -> None:
    """Fail with the message of the first misconception that explains ``answer``."""
    for misconception in misconceptions:
        if misconception.detect(answer, case):
            raise CheckFailed(misconception.text(answer, case))


def judge(
    right: bool, answer: Any, case: Any, misconceptions: Iterable[Misconception], otherwise: str
) -> None:
    """Pass a ``right`` answer; else fail with the first misconception that explains it, or with
    ``otherwise`` (what to do next) when none does."""
    if right:
        return
    diagnose(answer, case, misconceptions)
    raise CheckFailed(otherwise)


def judge_by_key(
    answer: Mapping[Any, Any],
    expected: Mapping[Any, Any],
    case: Any,
    misconceptions: Iterable[Misconception],
    wrong: Callable[[Any], str],
    same: Callable[[Any, Any], bool] = lambda actual, value: actual == value,
) -> None:
    """Pass an answer whose every value is ``same`` as ``expected``'s; else fail with the first
    misconception that explains it, or with ``wrong(key)`` for the first key (in the order of
    ``expected``) that is off."""
    off = [key for key, value in expected.items() if not same(answer[key], value)]
    if not off:
        return
    diagnose(answer, case, misconceptions)
    raise CheckFailed(wrong(off[0]))


COPY_ADVICE = "compute them from `case` in this notebook instead of typing numbers in"
"""What to do when an answer's numbers fit another variant."""


def different_variant(what: str, advice: str = COPY_ADVICE) -> CheckFailed:
    """The failure for an answer that fits another learner's variant (or the lesson's case)."""
    return CheckFailed(f"{what} fit a different variant of the case, not yours: {advice}.")


def another_variant(
    what: str,
    matches: Callable[[Any, Any], bool],
    sources: Callable[[Any], Iterable[Any]],
    advice: str = COPY_ADVICE,
) -> Misconception:
    """The misconception "numbers typed in from another variant": ``matches(answer, other)``
    holds for one of ``sources(case)`` (the lesson's case, a classmate's variant)."""
    return Misconception(
        "another-variant",
        lambda answer, case: any(matches(answer, other) for other in sources(case)),
        str(different_variant(what, advice)),
    )


def fits_another(matches: Callable[[Any], bool], others: Iterable[Any]) -> bool:
    """Whether the answer fits one of ``others`` (views of other variants) instead."""
    return any(matches(other) for other in others)
