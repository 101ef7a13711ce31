"""Part 1 of "Govern the relationship": the nine-step health check, and what to act on first.

The overall score and the priorities come from ``course.models.governance.health_check`` on the
learner's own scores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograder.checks.compare import close
from autograder.checks.detect import RELATIVE, Misconception, judge
from autograder.checks.exercises.govern_the_relationship import (
    NINE_STEPS_SECTION,
    checks,
)
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_names, expect_number
from course.cases.kinds.governance import GovernanceView
from course.models.governance import health_check

PRIORITY_COUNT = 3
"""How many steps Part 1 asks for: the three to act on first."""

REVISIT_HEALTH = "(revisit: the nine-step health check)"


def reference_overall(case: GovernanceView) -> float:
    return health_check(case.health_scores).overall_percent


def reference_priorities(case: GovernanceView) -> list[str]:
    return list(health_check(case.health_scores).priorities[:PRIORITY_COUNT])


HEALTH_CHECK = "A health check: Orion Manufacturing"


def _overall_is(value_of: Callable[[GovernanceView], float]) -> Any:
    """A detector: the overall score is ``value_of(case)`` (what a misconception computes)."""
    return lambda answer, case: close(answer, value_of(case), relative=RELATIVE)


def _total(case: GovernanceView) -> int:
    return sum(case.health_scores.values())


def _fits_overall(answer: float, other: GovernanceView) -> bool:
    """The other variant's score, exact or rounded to 0, 1 or 2 decimals."""
    value = reference_overall(other)
    return any(
        close(answer, round(value, digits), relative=RELATIVE) for digits in (0, 1, 2)
    ) or close(answer, value, relative=RELATIVE)


OVERALL_MISCONCEPTIONS = (
    Misconception(
        "raw-average",
        _overall_is(lambda case: _total(case) / len(case.steps)),
        "Your overall score is the average of the raw scores, which is still on the 0-4 "
        "scale. Express the total as a percent of the maximum: the sum of the scores over "
        "the highest possible sum (every step at {case.max_score}), times 100 "
        f"{REVISIT_HEALTH}.",
    ),
    Misconception(
        "share-of-one",
        _overall_is(lambda case: _total(case) / (len(case.steps) * case.max_score)),
        "Your overall score is a share of 1. Give it as a percent of the maximum "
        "(multiply by 100).",
    ),
    Misconception(
        "plain-sum",
        _overall_is(_total),
        "Your overall score is the sum of the raw scores. Divide it by the highest possible "
        f"sum and give a percent of the maximum {REVISIT_HEALTH}.",
    ),
    checks.another_variant("This score seems to", _fits_overall),
)


@checks.check("health-overall", HEALTH_CHECK)
def check_health_overall(case: GovernanceView, answer: Plain) -> None:
    expect_number(answer, "overall_percent", 0, 100)
    judge(
        close(answer, reference_overall(case), relative=RELATIVE),
        answer,
        case,
        OVERALL_MISCONCEPTIONS,
        "Your overall score is not right. Add up the nine scores in case.health_scores, divide "
        f"by the highest possible sum and multiply by 100; do not round {REVISIT_HEALTH}.",
    )


def _ordered(case: GovernanceView, key: Callable[[str], object]) -> list[str]:
    below = [step for step in case.steps if case.health_scores[step] < case.max_score]
    return sorted(below, key=key)[:PRIORITY_COUNT]


def _ranked_by(key: Callable[[GovernanceView, str], object]) -> Any:
    """A detector: the priorities are the steps below the maximum, sorted by ``key``."""
    return lambda answer, case: list(answer) == _ordered(case, lambda step: key(case, step))


def _score(case: GovernanceView, step: str) -> int:
    return case.health_scores[step]


def _number(case: GovernanceView, step: str) -> int:
    return case.steps.index(step)


PRIORITY_MISCONCEPTIONS = (
    Misconception(
        "strongest-first",
        _ranked_by(lambda case, s: (-_score(case, s), _number(case, s))),
        "Your priorities are the strongest steps. Act first on the steps with the LOWEST "
        f"scores: they are the gaps {REVISIT_HEALTH}.",
    ),
    Misconception(
        "ties-alphabetical",
        _ranked_by(lambda case, s: (_score(case, s), s)),
        "Your priorities break ties between equal scores alphabetically. On a tie the "
        "earlier of the nine steps comes first, because the steps build on each other "
        f"{REVISIT_HEALTH}.",
    ),
    Misconception(
        "ties-later-first",
        _ranked_by(lambda case, s: (_score(case, s), -_number(case, s))),
        "Your priorities put the later step first on a tie. On a tie the earlier of the "
        f"nine steps comes first, because the steps build on each other {REVISIT_HEALTH}.",
    ),
    Misconception(
        "step-order",
        _ranked_by(_number),
        "Your priorities follow the nine steps' order and ignore the scores. Start with the "
        f"lowest scores; the step order only breaks ties {REVISIT_HEALTH}.",
    ),
    checks.another_variant(
        "These priorities seem to",
        lambda answer, other: list(answer) == reference_priorities(other),
    ),
    Misconception(
        "right-steps-wrong-order",
        lambda answer, case: sorted(answer) == sorted(reference_priorities(case)),
        "These are the right steps in the wrong order: the lowest score first, and on a "
        f"tie the earlier step {REVISIT_HEALTH}.",
    ),
)


@checks.check("priorities", NINE_STEPS_SECTION)
def check_priorities(case: GovernanceView, answer: Plain) -> None:
    expect_names(answer, case.steps, "priorities")
    if len(answer) != PRIORITY_COUNT:
        raise CheckFailed(
            f"priorities should list exactly {PRIORITY_COUNT} step ids, the ones to act on "
            f"first; yours lists {len(answer)}."
        )
    judge(
        list(answer) == reference_priorities(case),
        answer,
        case,
        PRIORITY_MISCONCEPTIONS,
        "Your priorities are not right. Take the steps scoring below the maximum, lowest score "
        f"first, the earlier step first on a tie, and keep the first {PRIORITY_COUNT} "
        f"{REVISIT_HEALTH}.",
    )
