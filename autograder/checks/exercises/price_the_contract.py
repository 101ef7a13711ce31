"""Checks for the exercise "Price the contract" (case: brightwater-desk-pricing).

Every reference value comes from ``course.models.pricing`` through the learner's plain view
(``view_model`` builds the model objects). A wrong answer is first matched against what the
usual slips compute (change requests forgotten or netted over the year (one message: in
every variant the year's tickets stay below twelve baselines), volume bands ignored or
applied to every ticket, the outcome fee paid in full, hours left out of time and materials, a
month's figure for a year's, fixed price taken as risk-free, the volume risk of unit pricing put
on the provider, the cheapest or the steadiest model chosen regardless of the rule, the index
applied without its cap, another variant's numbers) so the message names the idea to revisit;
no message prints an expected value.
"""

from __future__ import annotations

from collections.abc import Callable

from autograder.checks.detect import Misconception, another_variant, judge, money_close
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_name, expect_number, expect_numbers_by_key
from course.cases.kinds.contract_pricing import (  # noqa: F401 (describe: the setup cell's)
    ContractPricingView,
    all_units_charge,
    describe,
    view_model,
)
from course.models.pricing import MODELS, RiskView, index_rate, monthly_charge

EXERCISE_ID = "price-the-contract"
CASE_ID = "brightwater-desk-pricing"

checks = ExerciseChecks(CASE_ID, "modules/06-contracts-pricing/lesson.ipynb")
exercise_case = checks.learner_case

MODELS_HEADING = "Four ways to pay"
RISK_HEADING = "Who carries which risk"
CHOICE_HEADING = "Choosing a pricing model"
INDEX_HEADING = "Indexation and benchmarking"


# --- the reference, from the models --------------------------------------------------------


def views(case: ContractPricingView) -> dict[str, RiskView]:
    return view_model(case).views()


def reference_first_year(case: ContractPricingView) -> dict[str, float]:
    return {model: view.client_expected for model, view in views(case).items()}


def reference_range(case: ContractPricingView) -> dict[str, dict[str, float]]:
    return {m: {"low": v.client_low, "high": v.client_high} for m, v in views(case).items()}


def reference_choice(case: ContractPricingView) -> str | None:
    return view_model(case).chosen()


def index_factor(case: ContractPricingView) -> float:
    clause = case.indexation
    return 1 + index_rate(clause["index"], clause["cap"], clause["floor"])


def reference_year_two(case: ContractPricingView) -> float:
    return reference_first_year(case)[reference_choice(case)] * index_factor(case)


# --- what the usual slips compute ----------------------------------------------------------


def slip_on(model: str, value: Callable[[ContractPricingView], float], slip_id: str, text: str):
    """A slip in one model's figure: the answer's ``model`` entry is what ``value`` computes."""
    return Misconception(
        slip_id, lambda answer, case: money_close(answer[model], value(case)), text
    )


def _volumes(case: ContractPricingView) -> list[float]:
    return [case.expected_tickets[month] for month in case.months]


def _fixed(case: ContractPricingView) -> dict[str, float]:
    return case.pricing["fixed-price"]


def _bands(case: ContractPricingView):
    return view_model(case).terms.bands


def _outcome(case: ContractPricingView) -> dict[str, float]:
    return case.pricing["outcome-based"]


def per_month(case: ContractPricingView) -> dict[str, float]:
    """Each model's charge for a typical month: the year's cost divided by twelve."""
    return {model: cost / 12 for model, cost in reference_first_year(case).items()}


def first_month(case: ContractPricingView) -> dict[str, float]:
    """Each model's charge for the first month alone."""
    model = view_model(case)
    tickets = _volumes(case)[0]
    return {
        m: monthly_charge(m, model.terms, tickets, case.hours_per_ticket, model.achievement)
        for m in MODELS
    }


def all_keys_match(expected: Callable[[ContractPricingView], dict[str, float]]):
    return lambda answer, case: all(
        money_close(answer[m], value) for m, value in expected(case).items()
    )


def copied(what: str, reference: Callable, same: Callable) -> Misconception:
    """Numbers from the lesson's case or another learner's variant."""
    return another_variant(what, lambda a, other: same(a, reference(other)), checks.copied_from)


def same_by_model(answer: dict, expected: dict) -> bool:
    return all(money_close(answer[m], expected[m]) for m in expected)


# --- Part 1: the first year's cost under each model ----------------------------------------

# fmt: off
FIRST_YEAR_ADVICE = (
    "At least one model's first-year cost is not right. Price each of the twelve months at "
    "expected demand under the model's own terms, then add the months up."
)
FIRST_YEAR_SLIPS = (
    Misconception("one-month", lambda a, c: all_keys_match(per_month)(a, c)
                  or all_keys_match(first_month)(a, c),
                  "Your figures are a month's charges. The question asks for the first year: "
                  "add up the twelve months (revisit: four ways to pay)."),
    slip_on("fixed-price", lambda c: 12 * _fixed(c)["monthly_fee"], "no-change-requests",
            "Your fixed price is twelve monthly fees. The fee covers only the baseline: each "
            "ticket above it in a month is a change request at the change rate, and a quiet "
            "month does not make up for a busy one, so count the excess month by month "
            "(revisit: four ways to pay, fixed price and change control)."),
    slip_on("unit-price", lambda c: sum(_volumes(c)) * _bands(c)[0].price, "bands-ignored",
            "Your unit price charges every ticket at the first band's price. The bands lower the "
            "price for the tickets above each band's limit, month by month (revisit: four ways "
            "to pay, unit pricing)."),
    slip_on("unit-price", lambda c: sum(all_units_charge(v, _bands(c)) for v in _volumes(c)),
            "all-units-banding",
            "Your unit price charges all of a month's tickets at the price of the band the month "
            "reaches. In this contract each band's price applies only to the tickets within "
            "that band (revisit: four ways to pay, unit pricing)."),
    slip_on("outcome-based", lambda c: 12 * (_outcome(c)["base_fee"] + _outcome(c)["outcome_fee"]),
            "outcome-fee-in-full",
            "Your outcome-based price pays the whole outcome fee. It is paid in proportion to "
            "the share of the outcome achieved; use the expected achievement (revisit: four ways "
            "to pay, outcome-based pricing)."),
    slip_on("time-and-materials", lambda c: sum(_volumes(c))
            * c.pricing["time-and-materials"]["hourly_rate"], "hours-left-out",
            "Your time-and-materials price charges the hourly rate per ticket. Time and "
            "materials bills hours: tickets x hours per ticket x the hourly rate (revisit: four "
            "ways to pay, time and materials)."),
    copied("These costs", reference_first_year, same_by_model),
)
# fmt: on


@checks.check("first-year-shape", MODELS_HEADING)
def check_first_year_shape(case: ContractPricingView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.models, "first_year_cost")


@checks.check("first-year", MODELS_HEADING)
def check_first_year(case: ContractPricingView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.models, "first_year_cost")
    right = same_by_model(answer, reference_first_year(case))
    judge(right, answer, case, FIRST_YEAR_SLIPS, FIRST_YEAR_ADVICE)


# --- Part 2: the cost in a quiet and a busy year -------------------------------------------


def _flat(model: str, value: Callable[[ContractPricingView], float]):
    """The answer gives ``model`` the same cost in both scenarios, equal to ``value``."""
    return lambda a, c: all(money_close(a[model][s], value(c)) for s in ("low", "high"))


def _cost_scaled(answer: dict, case: ContractPricingView) -> bool:
    """A banded or fixed price whose low and high are the expected cost x (1 -/+ swing)."""
    expected = reference_first_year(case)
    return any(
        money_close(answer[m]["low"], expected[m] * (1 - case.swing))
        and money_close(answer[m]["high"], expected[m] * (1 + case.swing))
        for m in ("fixed-price", "unit-price", "outcome-based")
    )


def same_ranges(answer: dict, expected: dict) -> bool:
    return all(money_close(answer[m][s], expected[m][s]) for m in expected for s in ("low", "high"))


# fmt: off
RANGE_ADVICE = (
    "At least one cost is not right. Move every month's tickets by the swing (down for the quiet "
    "year, up for the busy one) and price the year again under each model's terms."
)
RANGE_SLIPS = (
    Misconception("fixed-price-risk-free",
                  lambda a, c: _flat("fixed-price", lambda c: 12 * _fixed(c)["monthly_fee"])(a, c)
                  or _flat("fixed-price", lambda c: reference_first_year(c)["fixed-price"])(a, c),
                  "Your fixed price costs the same in a quiet and a busy year. A busy year brings "
                  "more tickets above the baseline, each a change request: a fixed price is not "
                  "risk-free for the client (revisit: who carries which risk)."),
    Misconception("unit-volume-on-provider",
                  _flat("unit-price", lambda c: reference_first_year(c)["unit-price"]),
                  "Your unit price costs the same whatever the demand. Under unit pricing the "
                  "client pays for every ticket, so the client carries the volume risk; the "
                  "provider carries the effort per ticket (revisit: who carries which risk)."),
    Misconception("cost-scaled", _cost_scaled,
                  "You scaled a year's cost by the swing. Move the tickets, not the cost: a fixed "
                  "fee, volume bands and an outcome fee do not move in step with volume "
                  "(revisit: who carries which risk)."),
    copied("These costs", reference_range, same_ranges),
)
# fmt: on


@checks.check("cost-range", RISK_HEADING)
def check_cost_range(case: ContractPricingView, answer: Plain) -> None:
    if type(answer) is not dict:
        raise ShapeProblem(
            "cost_range should be a dict with one entry per model, not a "
            f"{type(answer).__name__}. For example: cost_range = "
            "{'fixed-price': {'low': 1000.0, 'high': 2000.0}, ...}"
        )
    expect_numbers_by_key({m: 0 for m in answer}, case.models, "cost_range")
    for model in case.models:
        expect_numbers_by_key(answer[model], ["low", "high"], f"cost_range[{model!r}]")
    right = same_ranges(answer, reference_range(case))
    judge(right, answer, case, RANGE_SLIPS, RANGE_ADVICE)


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


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
