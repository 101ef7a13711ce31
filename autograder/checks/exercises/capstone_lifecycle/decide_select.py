"""Parts 1 and 2 of the capstone: the cheapest way to run the desk, its break-even month, and
the winning bidder. References from ``course.models.sourcing_cost`` and ``course.models.vendor``."""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import Misconception, judge
from autograder.checks.exercises.capstone_lifecycle import DECIDE, SELECT, checks
from autograder.checks.exercises.onshore_or_offshore.figures import model_option
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name
from course.cases.kinds.capstone import CapstoneView
from course.models.sourcing_cost import (
    MONEY_TOLERANCE,
    break_even_month,
    cumulative_savings,
    monthly_costs,
    total_cost,
)
from course.models.vendor import winners

# --- Part 1: decide ----------------------------------------------------------------------------


def cheapest_option(case: CapstoneView) -> str:
    """The way to run the desk (in house included) with the lowest total cost over the horizon."""
    decide = case.decide
    totals = {name: total_cost(model_option(decide, name), decide.years) for name in decide.names}
    return min(totals, key=totals.get)


def lowest_rate_card(case: CapstoneView) -> str:
    """The option whose staff lines alone cost least a year: the rate card, no hidden costs."""
    decide = case.decide
    staff = {name: model_option(decide, name).annual_staff_cost for name in decide.names}
    return min(staff, key=staff.get)


def _savings(case: CapstoneView) -> list[float]:
    decide = case.decide
    option = model_option(decide, cheapest_option(case))
    return cumulative_savings(option, model_option(decide, decide.baseline_name), decide.years)


def reference_break_even(case: CapstoneView) -> int | None:
    """The month in which the cheapest option's cumulative savings are back at zero."""
    if cheapest_option(case) == case.decide.baseline_name:
        return None
    return break_even_month(_savings(case))


def first_cheaper_month(case: CapstoneView) -> int | None:
    """The first month the cheapest option costs less than in house (not the break-even)."""
    decide = case.decide
    base = monthly_costs(model_option(decide, decide.baseline_name), decide.years)
    cost = monthly_costs(model_option(decide, cheapest_option(case)), decide.years)
    return next(
        (m + 1 for m, (b, c) in enumerate(zip(base, cost, strict=True)) if b - c > MONEY_TOLERANCE),
        None,
    )


CHEAPEST_MISCONCEPTIONS = (
    Misconception(
        "rate-card-only",
        lambda answer, case: answer == lowest_rate_card(case),
        "That option has the lowest rate card, but the decision is about the total cost over "
        "the horizon: transition, ramp-up, governance, attrition and travel change the order "
        "(revisit: 'The real total cost' in the module Onshore, offshore and hybrid, and "
        f"'{DECIDE}' in the capstone lesson).",
    ),
)


@checks.check("cheapest-option", DECIDE)
def check_cheapest(case: CapstoneView, answer: Plain) -> None:
    """The option, in house included, with the lowest total cost over the horizon."""
    expect_name(answer, case.decide.names, "cheapest")
    judge(
        answer == cheapest_option(case),
        answer,
        case,
        CHEAPEST_MISCONCEPTIONS,
        "Your choice is not right: it is not the cheapest way to run the desk over the horizon. "
        "Total every option's "
        "monthly costs, hidden costs included, in house too, and take the lowest "
        f"(revisit: '{DECIDE}').",
    )


def expect_month(value: Any, months: int) -> None:
    """``value`` is a whole month number 1..``months``, or None."""
    if value is None:
        return
    if type(value) is not int:
        raise ShapeProblem(
            f"break_even should be a whole month number (an int) or None, not a "
            f"{type(value).__name__}"
        )
    if not 1 <= value <= months:
        raise ShapeProblem(
            f"break_even should be a month from 1 to {months} (the horizon), or None; "
            f"yours is {value}"
        )


def _shifted(shift: int) -> Any:
    def detect(answer: Any, case: CapstoneView) -> bool:
        expected = reference_break_even(case)
        return expected is not None and answer == expected + shift

    return detect


ONE_OFF = (
    "Your break-even month is one month off. Month 1 is the first month of the contract, and "
    "the break-even month is the month at whose end the cumulative savings are back at zero or "
    "above (revisit: 'When does each option pay back?' in the module Onshore, offshore and "
    "hybrid)."
)

BREAK_EVEN_MISCONCEPTIONS = (
    Misconception("one-month-early", _shifted(-1), ONE_OFF),
    Misconception("one-month-late", _shifted(1), ONE_OFF),
    Misconception(
        "first-cheaper-month",
        lambda answer, case: answer is not None and answer == first_cheaper_month(case),
        "That is the first month in which the option costs less than the in-house desk. The "
        "break-even month comes later: the month in which the cumulative savings, after the "
        "transition's dip, climb back to zero (revisit: 'When does each option pay back?' in "
        f"the module Onshore, offshore and hybrid, and '{DECIDE}').",
    ),
    Misconception(
        "in-years",
        lambda answer, case: (
            (expected := reference_break_even(case)) is not None
            and answer == -(-expected // 12)
            and answer != expected
        ),
        "Give the break-even as a month number (1 to the horizon in months), not a year "
        f"(revisit: '{DECIDE}').",
    ),
    checks.another_variant(
        "The numbers in your answer",
        lambda answer, other: answer is not None and answer == reference_break_even(other),
    ),
)


@checks.check("break-even", DECIDE)
def check_break_even(case: CapstoneView, answer: Plain) -> None:
    """The cheapest option's break-even month against the in-house desk (None if never)."""
    expect_month(answer, case.decide.months)
    judge(
        answer == reference_break_even(case),
        answer,
        case,
        BREAK_EVEN_MISCONCEPTIONS,
        "Your break-even month is not right for the cheapest option. Add up its monthly savings "
        "against the in-house desk and find the month the running total is back at zero; give "
        f"None when it never is, or when in house is cheapest (revisit: '{DECIDE}').",
    )


# --- Part 2: select ----------------------------------------------------------------------------


def reference_winner(case: CapstoneView) -> str:
    """The top bidder after the minimums and gates (``course.models.vendor.winners``)."""
    return winners(case.select.matrix())[0]


def unscreened_winner(case: CapstoneView) -> str:
    """The top bidder when no one is knocked out."""
    return winners(case.select.matrix(with_knockouts=False))[0]


def cheapest_bidder(case: CapstoneView) -> str:
    """The bidder with the best price rating (the lowest price)."""
    select = case.select
    price = next(name for name in select.criteria if name.lower() == "price")
    return max(select.vendors, key=lambda vendor: select.ratings[vendor][price])


WINNER_MISCONCEPTIONS = (
    Misconception(
        "knock-outs-ignored",
        lambda answer, case: answer == unscreened_winner(case),
        "That bidder scores highest only if nobody is knocked out. Apply the must-have minimums "
        "and the pass/fail gates first, then rank the bidders who remain (revisit: 'Scoring, "
        f"with the knock-outs first' in Vendor governance, part 1, and '{SELECT}').",
    ),
    Misconception(
        "lowest-price",
        lambda answer, case: answer == cheapest_bidder(case),
        "That is the lowest price, not the best bid: price is one weighted criterion among "
        "several, and a bid must clear every must-have first (revisit: 'Building a weighted "
        f"scoring matrix' in Vendor governance, part 1, and '{SELECT}').",
    ),
)


@checks.check("winner", SELECT)
def check_winner(case: CapstoneView, answer: Plain) -> None:
    """The top bidder after the knock-outs, with normalised weights."""
    expect_name(answer, case.select.vendors, "winner")
    judge(
        answer == reference_winner(case),
        answer,
        case,
        WINNER_MISCONCEPTIONS,
        "Your winner is not right. Knock out the bids below a minimum or failing a gate, "
        f"then rank the rest by weighted total with normalised weights (revisit: '{SELECT}').",
    )
