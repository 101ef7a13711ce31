"""Parts 3 and 4 of the capstone: the credit month's service credit, the months a service level
was missed, and the governance step to fix first. References from ``course.models.sla`` (through
the sla kind's ``month_credits``) and ``course.models.governance``."""

from __future__ import annotations

import dataclasses
from typing import Any

from autograder.checks.detect import Misconception, judge, money_close
from autograder.checks.exercises.capstone_lifecycle import CONTRACT, FIX, GOVERN, checks
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name, expect_names, expect_number
from course.cases.kinds.capstone import CapstoneView
from course.cases.kinds.sla import SlaView, month_credits
from course.models.governance import health_check

# --- Part 3: contract --------------------------------------------------------------------------


def reference_credit(case: CapstoneView) -> float:
    """The credit month's service credit after the at-risk cap (``course.models.sla``)."""
    return month_credits(case.contract, case.credit_month).total_after_cap


CREDIT_MISCONCEPTIONS = (
    Misconception(
        "cap-ignored",
        lambda answer, case: (
            (report := month_credits(case.contract, case.credit_month)).capped
            and money_close(answer, report.total_before_cap)
        ),
        "Your credit adds up every missed level's credit but stops there: the contract caps a "
        "month's credits at the at-risk amount (at-risk share x monthly charge) (revisit: "
        "'Service credits under an at-risk cap' in Vendor governance, part 1, and "
        f"'{CONTRACT}').",
    ),
    Misconception(
        "share-not-money",
        lambda answer, case: (
            0 < answer <= 1
            and any(
                abs(answer - share) < 1e-6
                for share in (
                    case.contract.at_risk_share,
                    reference_credit(case) / case.contract.monthly_charge,
                )
            )
        ),
        "Give the credit as money, in the contract's currency: a share of the monthly charge is "
        "where the credit starts, not what Ferncastle deducts from the invoice (revisit: "
        f"'{CONTRACT}').",
    ),
    checks.another_variant(
        "The numbers in your answer",
        lambda answer, other: money_close(answer, reference_credit(other)),
    ),
)


@checks.check("service-credit", CONTRACT)
def check_credit(case: CapstoneView, answer: Plain) -> None:
    """The credit month's service credit, capped at the at-risk amount."""
    expect_number(answer, "credit", 0)
    judge(
        money_close(answer, reference_credit(case)),
        answer,
        case,
        CREDIT_MISCONCEPTIONS,
        "Your credit for the credit month is not right. For each missed level take pool "
        "allocation x credit allocation x at-risk amount, add them up and cap the total at the "
        f"at-risk amount (revisit: '{CONTRACT}').",
    )


# --- Part 4: govern and fix --------------------------------------------------------------------


def _months(view: SlaView) -> list[str]:
    return list(view.reported)


def missed_months(view: SlaView) -> list[str]:
    """The months in which at least one service level was missed, in report order."""
    return [
        month
        for month in _months(view)
        if not all(line.met for line in month_credits(view, month).lines)
    ]


def direction_ignored(view: SlaView) -> list[str]:
    """``missed_months`` with every target read as higher-is-better."""
    turned = dataclasses.replace(
        view,
        levels={
            name: {**level, "direction": "higher-is-better"} for name, level in view.levels.items()
        },
    )
    return missed_months(turned)


MISSED_MISCONCEPTIONS = (
    Misconception(
        "direction-ignored",
        lambda answer, case: (
            sorted(answer) == sorted(direction_ignored(case.contract))
            and direction_ignored(case.contract) != missed_months(case.contract)
        ),
        "Some targets point down: a lower speed of answer is better, so a month whose answer "
        "time is under its target met it. Read each level's `direction` before you compare "
        "(revisit: 'Service levels that mean something' in Vendor governance, part 1, and "
        f"'{GOVERN}').",
    ),
    Misconception(
        "credit-month-only",
        lambda answer, case: (
            list(answer) == [case.credit_month]
            and missed_months(case.contract) != [case.credit_month]
        ),
        "Drift shows over several months, not only in the month you invoiced: check every "
        f"month of the report against every level (revisit: '{GOVERN}').",
    ),
)


@checks.check("missed-months", GOVERN)
def check_missed_months(case: CapstoneView, answer: Plain) -> None:
    """Every month in which at least one service level was missed (any order)."""
    expect_names(answer, _months(case.contract), "missed_months")
    judge(
        sorted(answer) == sorted(missed_months(case.contract)),
        answer,
        case,
        MISSED_MISCONCEPTIONS,
        "Your months are not right: a service level was missed in other months. Compare "
        "every level's measurement with its target, availability computed from the minutes, in the "
        f"direction the target points (revisit: '{GOVERN}').",
    )


def reference_fix_first(case: CapstoneView) -> str:
    """The health check's first priority: the lowest score, earlier step on a tie."""
    return health_check(case.relationship.health_scores).priorities[0]


def first_below_top(case: CapstoneView) -> str:
    """The first step in the nine steps' order that scores below the top."""
    view = case.relationship
    return next(step for step in view.steps if view.health_scores[step] < view.max_score)


def closest_to_working(case: CapstoneView) -> str:
    """The last priority: the step below the top that scores highest."""
    return health_check(case.relationship.health_scores).priorities[-1]


FIX_MISCONCEPTIONS = (
    Misconception(
        "steps-order",
        lambda answer, case: answer == first_below_top(case),
        "That is the first step in the nine steps' order that is not working well, but the "
        "health check fixes the weakest step first: the lowest score, and the earlier step only "
        "on a tie (revisit: 'A health check: Orion Manufacturing' in Vendor governance, part 2, "
        f"and '{FIX}').",
    ),
    Misconception(
        "closest-to-working",
        lambda answer, case: answer == closest_to_working(case),
        "That step is the one closest to working well: a quick win, perhaps, but the health "
        "check starts with the lowest score, where the relationship is weakest "
        f"(revisit: '{FIX}').",
    ),
)


def _expect_step(answer: Any, case: CapstoneView) -> None:
    if type(answer) is str and answer in case.relationship.step_titles.values():
        raise ShapeProblem(
            "fix_first should be the step's id (from case.relationship.steps), not its title"
        )
    expect_name(answer, case.relationship.steps, "fix_first")


@checks.check("fix-first", FIX)
def check_fix_first(case: CapstoneView, answer: Plain) -> None:
    """The Gartner step the health check says to fix first."""
    _expect_step(answer, case)
    judge(
        answer == reference_fix_first(case),
        answer,
        case,
        FIX_MISCONCEPTIONS,
        "Your step to fix first is not right. Run the health check on "
        "`case.relationship.health_scores` and take its first priority "
        f"(revisit: '{FIX}').",
    )
