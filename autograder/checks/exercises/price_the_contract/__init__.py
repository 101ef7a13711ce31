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

from autograder.checks.detect import Misconception, another_variant, money_close
from autograder.checks.registry import ExerciseChecks
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


def volumes(case: ContractPricingView) -> list[float]:
    return [case.expected_tickets[month] for month in case.months]


def fixed_terms(case: ContractPricingView) -> dict[str, float]:
    return case.pricing["fixed-price"]


def band_table(case: ContractPricingView):
    return view_model(case).terms.bands


def outcome_terms(case: ContractPricingView) -> dict[str, float]:
    return case.pricing["outcome-based"]


def per_month(case: ContractPricingView) -> dict[str, float]:
    """Each model's charge for a typical month: the year's cost divided by twelve."""
    return {model: cost / 12 for model, cost in reference_first_year(case).items()}


def first_month(case: ContractPricingView) -> dict[str, float]:
    """Each model's charge for the first month alone."""
    model = view_model(case)
    tickets = volumes(case)[0]
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


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import choice, costs  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
