"""Part 2 of "Govern the relationship": the governance budget and today's spend against it.

The band is the published 3% to 6% of the annual contract value
(``course.models.sourcing_cost.GOVERNANCE_SHARE_RANGE``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograder.checks.compare import close
from autograder.checks.detect import RELATIVE, Misconception, judge, money_close
from autograder.checks.exercises.govern_the_relationship import (
    NINE_STEPS_SECTION,
    checks,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number
from course.cases.kinds.governance import GovernanceView
from course.models.sourcing_cost import GOVERNANCE_SHARE_RANGE

REVISIT_BUDGET = "(revisit: the governance budget, 3% to 6% of contract value)"


def reference_budget(case: GovernanceView) -> dict[str, float]:
    low, high = GOVERNANCE_SHARE_RANGE
    return {"low": low * case.annual_contract_value, "high": high * case.annual_contract_value}


def reference_spend_share(case: GovernanceView) -> float:
    return case.current_governance_cost / case.annual_contract_value


def reference_within(case: GovernanceView) -> bool:
    low, high = GOVERNANCE_SHARE_RANGE
    return low <= reference_spend_share(case) <= high


def expect_spend(value: Any, name: str = "current_spend") -> None:
    """``value`` is {"share": number, "within": True/False}."""
    if type(value) is not dict or set(value) != {"share", "within"}:
        raise ShapeProblem(f"{name} should be a dict {{'share': number, 'within': True or False}}")
    expect_number(value["share"], f"{name}['share']")
    if type(value["within"]) is not bool:
        raise ShapeProblem(f"{name}['within'] should be True or False")


def _band_is(answer: dict[str, float], low: float, high: float) -> bool:
    return money_close(answer["low"], low) and money_close(answer["high"], high)


def _band_on(*bases: Callable[[GovernanceView], float], add: float = 0.0) -> Any:
    """A detector: the band is ``add`` + 3% and 6% of one of ``bases`` (what the case gives)."""
    low_share, high_share = GOVERNANCE_SHARE_RANGE
    return lambda answer, case: any(
        _band_is(answer, (add + low_share) * base(case), (add + high_share) * base(case))
        for base in bases
    )


def _spend(case: GovernanceView) -> float:
    return case.current_governance_cost


BUDGET_MISCONCEPTIONS = (
    Misconception(
        "swapped",
        lambda answer, case: _band_is(
            answer, reference_budget(case)["high"], reference_budget(case)["low"]
        ),
        "Your 'low' and 'high' are swapped: 'low' is the 3% end of the band.",
    ),
    Misconception(
        "monthly-value",
        _band_on(lambda case: case.annual_contract_value / 12),
        "Your band is computed on a month's contract value. The 3% to 6% band is a share "
        f"of the ANNUAL contract value (case.annual_contract_value) {REVISIT_BUDGET}.",
    ),
    Misconception(
        "whole-contract",
        _band_on(lambda case: case.annual_contract_value * case.contract_years),
        "Your band is computed on the whole contract's value over all its years. The band "
        f"is a yearly budget: a share of the annual contract value {REVISIT_BUDGET}.",
    ),
    Misconception(
        "on-the-spend",
        lambda answer, case: (
            _band_on(_spend)(answer, case) or _band_on(_spend, add=1)(answer, case)
        ),
        "Your band is 3% to 6% of what Orion spends on governance today. The band is a "
        "share of the annual CONTRACT value; the governance spend is what you compare with "
        f"it {REVISIT_BUDGET}.",
    ),
    Misconception(
        "percents-as-multipliers",
        _band_on(lambda case: 100 * case.annual_contract_value),
        "Your band multiplies by 3 and 6. They are percents: 3% is 0.03 of the contract "
        f"value {REVISIT_BUDGET}.",
    ),
    checks.another_variant(
        "These figures seem to",
        lambda answer, other: _band_is(answer, **reference_budget(other)),
    ),
)


@checks.check("budget-range", NINE_STEPS_SECTION)
def check_budget_range(case: GovernanceView, answer: Plain) -> None:
    _expect_band(answer)
    judge(
        _band_is(answer, **reference_budget(case)),
        answer,
        case,
        BUDGET_MISCONCEPTIONS,
        f"Your band is not right: take 3% and 6% of the annual contract value {REVISIT_BUDGET}.",
    )


def _expect_band(value: Any, name: str = "governance_budget") -> None:
    if type(value) is not dict or set(value) != {"low", "high"}:
        raise CheckFailed(f"{name} should be a dict {{'low': number, 'high': number}}")
    for key in ("low", "high"):
        expect_number(value[key], f"{name}[{key!r}]")


expect_band = _expect_band


def _share_is(value_of: Callable[[GovernanceView], float]) -> Any:
    """A detector: the spend share is ``value_of(case)``."""
    return lambda answer, case: close(answer["share"], value_of(case), relative=RELATIVE)


SHARE_MISCONCEPTIONS = (
    Misconception(
        "percent",
        _share_is(lambda case: 100 * reference_spend_share(case)),
        "Your share is a percent. Give it as a share of 1, like the band's 0.03 to 0.06.",
    ),
    Misconception(
        "upside-down",
        _share_is(lambda case: case.annual_contract_value / _spend(case)),
        "Your share is upside down: divide the governance spend by the annual contract "
        f"value {REVISIT_BUDGET}.",
    ),
    Misconception(
        "wrong-contract-value",
        lambda answer, case: (
            _share_is(lambda c: _spend(c) / (c.annual_contract_value / 12))(answer, case)
            or _share_is(lambda c: _spend(c) / (c.annual_contract_value * c.contract_years))(
                answer, case
            )
        ),
        "Your share divides by the wrong contract value: a year's governance spend is "
        "compared with a year's contract value, case.annual_contract_value "
        f"{REVISIT_BUDGET}.",
    ),
    checks.another_variant(
        "This share seems to",
        lambda answer, other: _share_is(reference_spend_share)(answer, other),
    ),
)


@checks.check("current-spend", NINE_STEPS_SECTION)
def check_current_spend(case: GovernanceView, answer: Plain) -> None:
    expect_spend(answer)
    judge(
        _share_is(reference_spend_share)(answer, case),
        answer,
        case,
        SHARE_MISCONCEPTIONS,
        "Your share is not right: divide what Orion spends on governance a year "
        f"(case.current_governance_cost) by the annual contract value {REVISIT_BUDGET}.",
    )
    if answer["within"] != reference_within(case):
        raise CheckFailed(
            "'within' does not agree with your share: it is True only when the share lies "
            f"between 0.03 and 0.06, the ends included {REVISIT_BUDGET}."
        )
