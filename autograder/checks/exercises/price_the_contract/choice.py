"""Parts 3 and 4 of "Price the contract": the model the course's rule picks, and year two
under the indexation clause with its cap."""

from __future__ import annotations

from autograder.checks.detect import Misconception, judge, money_close
from autograder.checks.exercises.price_the_contract import (
    CHOICE_HEADING,
    INDEX_HEADING,
    checks,
    copied,
    index_factor,
    reference_choice,
    reference_first_year,
    reference_range,
    reference_year_two,
)
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name, expect_number
from course.cases.kinds.contract_pricing import (
    ContractPricingView,
)

# --- Part 3: the model that fits ---------------------------------------------------------


def cheapest(case: ContractPricingView) -> str:
    first = reference_first_year(case)
    return min(first, key=first.get)


def steadiest(case: ContractPricingView) -> str:
    ranges = reference_range(case)
    return min(ranges, key=lambda m: ranges[m]["high"] - ranges[m]["low"])


# fmt: off
CHOICE_ADVICE = (
    "That is not the model the lesson's rule picks. Keep the models whose cost moves, from the "
    "quiet to the busy year, by no more than the budget tolerance times their expected cost; "
    "of those, take the cheapest at expected demand."
)
CHOICE_SLIPS = (
    Misconception("cheapest-regardless", lambda a, c: a == cheapest(c),
                  "You chose the cheapest model at expected demand, but its cost moves more than "
                  "the finance director's tolerance allows. Certainty first, then price "
                  "(revisit: choosing a pricing model)."),
    Misconception("steadiest-regardless", lambda a, c: a == steadiest(c),
                  "You chose the model whose cost moves least. Several models keep within the "
                  "tolerance; among those the rule takes the cheapest at expected demand "
                  "(revisit: choosing a pricing model)."),
)
# fmt: on


@checks.check("chosen-model", CHOICE_HEADING)
def check_choice(case: ContractPricingView, answer: Plain) -> None:
    expect_name(answer, case.models, "chosen_model")
    judge(answer == reference_choice(case), answer, case, CHOICE_SLIPS, CHOICE_ADVICE)


# --- Part 4: year two under the indexation clause ----------------------------------------

# fmt: off
YEAR_TWO_ADVICE = (
    "Year two is not right. Take the first-year cost of the model the rule picks, at expected "
    "demand, and apply the index once, kept between the floor and the cap."
)
YEAR_TWO_SLIPS = (
    Misconception("index-uncapped", lambda a, c: money_close(
        a, reference_first_year(c)[reference_choice(c)] * (1 + c.indexation["index"])),
        "You applied the full index. The clause caps the yearly rise: prices move by the "
        "index only up to the cap (revisit: indexation and benchmarking)."),
    Misconception("not-indexed", lambda a, c: money_close(
        a, reference_first_year(c)[reference_choice(c)]),
        "That is the first year's cost. Year two moves every price by the indexation clause "
        "(revisit: indexation and benchmarking)."),
    Misconception("year-two-month", lambda a, c: money_close(a, reference_year_two(c) / 12),
        "That is a month of year two. Give the whole year's cost (revisit: indexation and "
        "benchmarking)."),
    Misconception("another-model", lambda a, c: any(
        money_close(a, cost * index_factor(c))
        for m, cost in reference_first_year(c).items() if m != reference_choice(c)),
        "That is year two of a model the rule does not pick. Check Part 3, then index the "
        "first-year cost of the chosen model (revisit: choosing a pricing model)."),
    copied("This cost", reference_year_two, money_close),
)
# fmt: on


@checks.check("year-two", INDEX_HEADING)
def check_year_two(case: ContractPricingView, answer: Plain) -> None:
    expect_number(answer, "year_two_cost", 0)
    right = money_close(answer, reference_year_two(case))
    judge(right, answer, case, YEAR_TWO_SLIPS, YEAR_TWO_ADVICE)
