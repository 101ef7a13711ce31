"""Part 4 of "Onshore or offshore?": the cheapest option, against the cheapest rate card."""

from __future__ import annotations

from autograder.checks.exercises.onshore_or_offshore import TOTAL_COST, checks
from autograder.checks.exercises.onshore_or_offshore.figures import (
    reference_cheapest,
    reference_lowest_rate_card,
    staff_costs,
)
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name
from course.cases.kinds.sourcing_cost import SourcingCostView


def _average_rates(case: SourcingCostView) -> dict[str, float]:
    costs = staff_costs(case)
    return {
        name: costs[name] / sum(line["fte"] for line in case.option(name)["staff"])
        for name in case.names
    }


def _lowest_line_rate(case: SourcingCostView) -> str:
    rates = {
        name: min(line["annual_rate"] for line in case.option(name)["staff"]) for name in case.names
    }
    return min(rates, key=rates.get)


@checks.check("lowest-rate-card", TOTAL_COST)
def check_lowest_rate_card(case: SourcingCostView, answer: Plain) -> None:
    """The option with the lowest annual staff cost: what a rate-card comparison would pick."""
    expect_name(answer, case.names, "lowest_rate_card_option")
    if answer == reference_lowest_rate_card(case.learner_id):
        return
    if answer == reference_cheapest(case.learner_id):
        raise CheckFailed(
            "That option is the cheapest over the horizon, hidden costs included. This part asks "
            "for the rate card alone: the annual staff cost, FTE x annual rate summed over an "
            "option's staff lines (revisit: the real total cost)."
        )
    averages = _average_rates(case)
    if answer in (_lowest_line_rate(case), min(averages, key=averages.get)):
        raise CheckFailed(
            "That option has the lowest rate per person, but an option's rate card is all of its "
            "staff lines together: FTE x annual rate, summed (revisit: the rate card)."
        )
    raise CheckFailed(
        "Another option has a lower annual staff cost: add FTE x annual rate over each option's "
        "staff lines and compare (revisit: the rate card)."
    )


@checks.check("cheapest-option", TOTAL_COST)
def check_cheapest(case: SourcingCostView, answer: Plain) -> None:
    """The option (baseline included) with the lowest total cost over the horizon."""
    expect_name(answer, case.names, "cheapest_option")
    if answer == reference_cheapest(case.learner_id):
        return
    averages = _average_rates(case)
    by_rate = {
        reference_lowest_rate_card(case.learner_id),
        _lowest_line_rate(case),
        min(averages, key=averages.get),
    }
    if answer in by_rate:
        raise CheckFailed(
            "That option has the lowest rate card, but the rate card is only part of the price. "
            "Compare the total costs over the horizon from Part 1, hidden costs included "
            "(revisit: the cheapest rate card is not always the cheapest option)."
        )
    raise CheckFailed(
        "Another option costs less over the horizon: compare the total costs from Part 1 "
        "(revisit: the real total cost)."
    )
