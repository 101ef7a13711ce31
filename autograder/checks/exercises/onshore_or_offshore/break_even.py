"""Part 3 of "Onshore or offshore?": the month each option pays back its transition."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from autograder.checks.exercises.onshore_or_offshore import checks, exercise_case
from autograder.checks.exercises.onshore_or_offshore.figures import (
    RAMP_MESSAGE,
    model_option,
    omission_message,
    omissions,
    ramp_in_full,
    reference_break_even,
)
from autograder.checks.exercises.onshore_or_offshore.matching import reject_other_variant
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_keys, listed
from course.cases.kinds.sourcing_cost import SourcingCostView
from course.models.sourcing_cost import MONEY_TOLERANCE, break_even_month, monthly_costs


def expect_months_by_key(value: Any, keys: list[str], name: str, months: int) -> None:
    """``value`` maps exactly ``keys`` to a whole month number 1..``months``, or to None."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict like {{'option': month or None, ...}}, "
            f"not a {type(value).__name__}"
        )
    expect_keys(
        value,
        sorted(keys),
        lambda missing: f"{name} is missing {listed(missing)}",
        lambda extra: f"{name} has entries that are not outsourcing options: {listed(extra)}",
    )
    for key in keys:
        month = value[key]
        if month is None:
            continue
        if type(month) is not int and type(month).__name__ not in {"int64", "int32"}:
            raise ShapeProblem(
                f"{name}[{key!r}] should be a whole month number (an int) or None, "
                f"not a {type(month).__name__}"
            )
        if month == 0:
            raise ShapeProblem(
                f"{name}[{key!r}] is 0, but months are counted from 1: month 1 is the first "
                "month of the contract (revisit: break-even month)"
            )
        if not 1 <= month <= months:
            raise ShapeProblem(
                f"{name}[{key!r}] should be a month from 1 to {months} (the horizon), or None "
                f"when the option never breaks even; yours is {month}"
            )


def _monthly_savings(learner_id: str) -> dict[str, list[float]]:
    case = exercise_case(learner_id)
    baseline = monthly_costs(model_option(case, case.baseline_name), case.years)
    return {
        name: [
            base - cost
            for base, cost in zip(
                baseline, monthly_costs(model_option(case, name), case.years), strict=True
            )
        ]
        for name in case.option_names
    }


@cache
def first_positive_month(learner_id: str) -> dict[str, int | None]:
    """The first month in which the option costs less than in house (not the break-even)."""
    return {
        name: next((i + 1 for i, value in enumerate(months) if value > MONEY_TOLERANCE), None)
        for name, months in _monthly_savings(learner_id).items()
    }


@cache
def ramp_break_even(learner_id: str) -> dict[str, int | None]:
    case = exercise_case(learner_id)
    baseline = monthly_costs(model_option(case, case.baseline_name), case.years)
    result = {}
    for name in case.option_names:
        running, cumulative = 0.0, []
        for base, cost in zip(baseline, ramp_in_full(case, name), strict=True):
            running += base - cost
            cumulative.append(running)
        result[name] = break_even_month(cumulative)
    return result


def _same_months(answer: Mapping[str, Any], expected: Mapping[str, Any], keys: list[str]) -> bool:
    return all(answer.get(key) == expected[key] for key in keys)


PAY_BACK = "When does each option pay back?"


@checks.check("break-even-shape", PAY_BACK)
def check_break_even_shape(case: SourcingCostView, answer: Plain) -> None:
    expect_months_by_key(answer, case.option_names, "break_even_month", case.months)


@checks.check("break-even", PAY_BACK)
def check_break_even(case: SourcingCostView, answer: Plain) -> None:
    """The first month whose cumulative savings climb back to zero, or None within the horizon."""
    check_break_even_shape(case.learner_id, answer)
    keys = case.option_names
    expected = reference_break_even(case.learner_id)
    if _same_months(answer, expected, keys):
        return
    dated = [key for key in keys if expected[key] is not None]
    for shift in (-1, 1):
        moved = {k: None if v is None else v + shift for k, v in expected.items()}
        if dated and all(answer[k] == moved[k] for k in dated):
            raise CheckFailed(
                "Your break-even months are one month off. Months are counted from 1 (month 1 is "
                "the first month of the contract), and the break-even month is the month at whose "
                "end the cumulative savings are back at zero or above (revisit: break-even month)."
            )
    first = first_positive_month(case.learner_id)
    if dated and all(answer[k] == first[k] for k in dated):
        raise CheckFailed(
            "Those are the first months in which an option costs less than the in-house team. "
            "The break-even month is later: the month in which the cumulative savings, after the "
            "transition's dip, climb back to zero (revisit: break-even month)."
        )
    explanations = [
        omit
        for omit in omissions()
        if _same_months(answer, reference_break_even(case.learner_id, omit), keys)
    ]
    if explanations:
        # Several sets of left-out costs can give the same months: name what they all leave out.
        common = frozenset.intersection(*explanations)
        raise CheckFailed(
            omission_message(common, "break-even months follow from costs that")
            if common
            else "Your break-even months follow from monthly costs that leave out some of the "
            "hidden costs. Include every one in every month (revisit: the real total cost)."
        )
    if _same_months(answer, ramp_break_even(case.learner_id), keys):
        raise CheckFailed(RAMP_MESSAGE.format(what="break-even months"))
    in_years = {k: None if v is None else -(-v // 12) for k, v in expected.items()}
    if dated and all(answer[k] == in_years[k] for k in dated):
        raise CheckFailed("Give the break-even as a month number (1 to the horizon), not a year.")
    reject_other_variant(
        answer,
        case.learner_id,
        keys,
        reference_break_even,
        "break-even months",
        lambda a, e: a == e,
    )
    never = [k for k in keys if expected[k] is None and answer[k] is not None]
    if never:
        raise CheckFailed(
            f"Look again at {never[0]!r}: when an option's cumulative savings are still below zero "
            "at the end of the horizon, it never breaks even, and its entry is None (revisit: "
            "break-even month)."
        )
    missed = [k for k in keys if expected[k] is not None and answer[k] is None]
    if missed:
        raise CheckFailed(
            f"Look again at {missed[0]!r}: its cumulative savings climb back to zero before the "
            "horizon ends, so it does break even (revisit: break-even month)."
        )
    option = next(k for k in keys if answer[k] != expected[k])
    raise CheckFailed(
        f"The break-even month of {option!r} is not right. Add up the monthly savings "
        "(baseline minus option) month by month and find the month in which the running total, "
        "after going below zero, is back at zero or above (revisit: break-even month)."
    )
