"""Parts 1 and 2 of "Price the contract": the first year's cost under each pricing model, and
the cost in a quiet and a busy year (who carries the volume risk)."""

from __future__ import annotations

from collections.abc import Callable

from autograder.checks.detect import Misconception, judge, money_close
from autograder.checks.exercises.price_the_contract import (
    MODELS_HEADING,
    RISK_HEADING,
    all_keys_match,
    band_table,
    checks,
    copied,
    first_month,
    fixed_terms,
    outcome_terms,
    per_month,
    reference_first_year,
    reference_range,
    same_by_model,
    slip_on,
    volumes,
)
from autograder.checks.failure import ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_numbers_by_key
from course.cases.kinds.contract_pricing import (
    ContractPricingView,
    all_units_charge,
)

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
    slip_on("fixed-price", lambda c: 12 * fixed_terms(c)["monthly_fee"], "no-change-requests",
            "Your fixed price is twelve monthly fees. The fee covers only the baseline: each "
            "ticket above it in a month is a change request at the change rate, and a quiet "
            "month does not make up for a busy one, so count the excess month by month "
            "(revisit: four ways to pay, fixed price and change control)."),
    slip_on("unit-price", lambda c: sum(volumes(c)) * band_table(c)[0].price, "bands-ignored",
            "Your unit price charges every ticket at the first band's price. The bands lower the "
            "price for the tickets above each band's limit, month by month (revisit: four ways "
            "to pay, unit pricing)."),
    slip_on("unit-price", lambda c: sum(all_units_charge(v, band_table(c)) for v in volumes(c)),
            "all-units-banding",
            "Your unit price charges all of a month's tickets at the price of the band the month "
            "reaches. In this contract each band's price applies only to the tickets within "
            "that band (revisit: four ways to pay, unit pricing)."),
    slip_on("outcome-based",
            lambda c: 12 * (outcome_terms(c)["base_fee"] + outcome_terms(c)["outcome_fee"]),
            "outcome-fee-in-full",
            "Your outcome-based price pays the whole outcome fee. It is paid in proportion to "
            "the share of the outcome achieved; use the expected achievement (revisit: four ways "
            "to pay, outcome-based pricing)."),
    slip_on("time-and-materials", lambda c: sum(volumes(c))
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
                  lambda a, c: _flat("fixed-price",
                                     lambda c: 12 * fixed_terms(c)["monthly_fee"])(a, c)
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
