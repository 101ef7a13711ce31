"""Checks for the exercise "Onshore or offshore?" (case: helios-app-maintenance).

Every check rebuilds the learner's own variant of the Helios case from the learner id and computes
the reference with ``course.models.sourcing_cost``. When an answer is wrong, the check first looks
for the known misconceptions and names the idea to revisit, without printing expected values:

- the rate card only, or some of the hidden costs left out (transition, ramp-up, governance,
  attrition and knowledge loss, travel), in any combination;
- the horizon counted in years where months were meant (a month's cost times the years);
- the ramp-up loss charged in full for every transition month instead of fading;
- savings with the wrong sign, a savings share divided by the option's cost or given in percent;
- a break-even month one off, or taken as the first month with a positive monthly saving;
- an option picked for its rate instead of its total cost;
- numbers that fit a different variant of the case (another learner's, or the lesson's).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from autograder.checks.compare import close
from autograder.checks.detect import RELATIVE, money_close
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_name, expect_numbers_by_key
from course.cases.kinds.sourcing_cost import OPTION_FIELDS, SourcingCostView
from course.models.sourcing_cost import (
    MONEY_TOLERANCE,
    SourcingOption,
    StaffLine,
    break_even_month,
    compare_to_baseline,
    monthly_costs,
    total_cost,
)

EXERCISE_ID = "onshore-or-offshore"
CASE_ID = "helios-app-maintenance"
COPY_RELATIVE = 1e-4
"""Looser match used only to recognise numbers copied from another variant (often rounded)."""

HIDDEN = ("transition", "ramp-up", "governance", "attrition", "travel")
"""The hidden cost components a learner can leave out, in the order messages name them."""

_FIELD = {
    "transition": "transition_cost",
    "ramp-up": "ramp_up_productivity_loss",
    "governance": "governance_share",
    "attrition": "annual_attrition",
    "travel": "annual_travel",
}
_LABEL = {
    "transition": "the one-time transition cost",
    "ramp-up": "the ramp-up productivity loss",
    "governance": "the governance share",
    "attrition": "attrition and knowledge loss",
    "travel": "travel",
}


checks = ExerciseChecks(CASE_ID, "modules/01-onshore-offshore/lesson.ipynb")
exercise_case = checks.learner_case
published_case = checks.published_case


def model_option(
    case: SourcingCostView, name: str, omit: frozenset[str] = frozenset()
) -> SourcingOption:
    """The model's option for ``name``, with the hidden components in ``omit`` set to zero."""
    data = case.option(name)
    fields = {field: data[field] for field in OPTION_FIELDS}
    for component in omit:
        fields[_FIELD[component]] = 0.0
    staff = tuple(StaffLine(**line) for line in data["staff"])
    return SourcingOption(name=name, staff=staff, **fields)


# --- the reference, from the models --------------------------------------------------------


@cache
def reference_totals(learner_id: str, omit: frozenset[str] = frozenset()) -> dict[str, float]:
    """Total cost over the horizon of the baseline and every option (``omit``: a misconception)."""
    case = exercise_case(learner_id)
    return {name: total_cost(model_option(case, name, omit), case.years) for name in case.names}


@cache
def reference_savings(learner_id: str, omit: frozenset[str] = frozenset()) -> dict[str, float]:
    """Baseline total minus option total, per outsourcing option."""
    case = exercise_case(learner_id)
    baseline = model_option(case, case.baseline_name, omit)
    return {
        name: compare_to_baseline(model_option(case, name, omit), baseline, case.years).savings
        for name in case.option_names
    }


@cache
def reference_shares(learner_id: str, omit: frozenset[str] = frozenset()) -> dict[str, float]:
    """Savings as a share of the baseline's total, per outsourcing option."""
    case = exercise_case(learner_id)
    baseline = model_option(case, case.baseline_name, omit)
    return {
        name: compare_to_baseline(
            model_option(case, name, omit), baseline, case.years
        ).savings_share
        for name in case.option_names
    }


@cache
def reference_break_even(
    learner_id: str, omit: frozenset[str] = frozenset()
) -> dict[str, int | None]:
    """The model's break-even month per outsourcing option (None: not within the horizon)."""
    case = exercise_case(learner_id)
    baseline = model_option(case, case.baseline_name, omit)
    return {
        name: compare_to_baseline(
            model_option(case, name, omit), baseline, case.years
        ).break_even_month
        for name in case.option_names
    }


def reference_cheapest(learner_id: str) -> str:
    """The option (baseline included) with the lowest total over the horizon."""
    totals = reference_totals(learner_id)
    return min(totals, key=totals.get)


def staff_costs(case: SourcingCostView) -> dict[str, float]:
    """Annual staff cost (the rate card: FTE x annual rate, summed over the lines)."""
    return {
        name: sum(line["fte"] * line["annual_rate"] for line in case.option(name)["staff"])
        for name in case.names
    }


def reference_lowest_rate_card(learner_id: str) -> str:
    """The option (baseline included) with the lowest annual staff cost."""
    costs = staff_costs(exercise_case(learner_id))
    return min(costs, key=costs.get)


# --- misconceptions: what a typical wrong answer computes ----------------------------------


def _omissions() -> list[frozenset[str]]:
    """Every non-empty set of hidden components, all five (the rate card alone) first."""
    subsets = [
        frozenset(combo)
        for size in range(len(HIDDEN), 0, -1)
        for combo in itertools.combinations(HIDDEN, size)
    ]
    return subsets


def _named(omit: frozenset[str]) -> str:
    labels = [_LABEL[component] for component in HIDDEN if component in omit]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _omission_message(omit: frozenset[str], what: str) -> str:
    if omit == frozenset(HIDDEN):
        return (
            f"Your {what} count only the staff lines (FTE x annual rate): the rate card. Add the "
            "hidden costs the case gives for each option: transition, ramp-up, governance, "
            "attrition and knowledge loss, and travel (revisit: the real total cost)."
        )
    return (
        f"Your {what} leave out {_named(omit)}. Every option carries each hidden cost the case "
        "gives it, month by month over the whole horizon (revisit: the real total cost)."
    )


def _ramp_in_full(case: SourcingCostView, name: str) -> list[float]:
    """Monthly costs with the ramp-up loss charged in full in every transition month."""
    months = monthly_costs(model_option(case, name), case.years)
    option = case.option(name)
    transition = option["transition_months"]
    staff = staff_costs(case)[name] / 12
    for month in range(transition):
        fading = (transition - month) / transition
        months[month] += staff * option["ramp_up_productivity_loss"] * (1 - fading)
    return months


def _running_and_one_time(case: SourcingCostView, name: str) -> tuple[float, float]:
    """A month's running cost after the transition, and the one-time costs (transition, ramp)."""
    months = monthly_costs(model_option(case, name), case.years)
    running = months[-1]
    return running, sum(months) - running * len(months)


@cache
def horizon_totals(learner_id: str) -> list[tuple[str, dict[str, float]]]:
    """Totals computed with the horizon in the wrong unit, and with one year only."""
    case = exercise_case(learner_id)
    years_as_months, months_times_twelve, one_year, first_months = {}, {}, {}, {}
    for name in case.names:
        running, one_time = _running_and_one_time(case, name)
        months = monthly_costs(model_option(case, name), case.years)
        years_as_months[name] = one_time + running * case.years
        months_times_twelve[name] = one_time + running * 12 * case.months
        one_year[name] = sum(months[:12])
        first_months[name] = sum(months[: case.years])
    years = (
        "Your totals look like a month's cost multiplied by the number of years. The horizon is "
        f"{case.years} years, that is {case.months} months: add up every month (revisit: "
        "years and months)."
    )
    return [
        (years, years_as_months),
        (years, first_months),
        (
            "Your totals look like a year's cost multiplied by the number of months, which counts "
            f"each year twelve times. Add up the {case.months} monthly costs (revisit: years and "
            "months).",
            months_times_twelve,
        ),
        (
            f"Your totals cover one year only. The case's horizon is {case.years} years: add up "
            "every month of it (revisit: the real total cost).",
            one_year,
        ),
    ]


@cache
def ramp_totals(learner_id: str) -> dict[str, float]:
    """Totals with the ramp-up loss charged in full in every transition month."""
    case = exercise_case(learner_id)
    return {name: sum(_ramp_in_full(case, name)) for name in case.names}


RAMP_MESSAGE = (
    "Your {what} charge the full ramp-up loss in every transition month. The loss fades: the full "
    "share in the first transition month, falling in equal steps to 1/T of it in month T "
    "(revisit: the ramp-up productivity loss)."
)


def _share_close(actual: float, expected: float) -> bool:
    """A share (0-1) within one part in a million."""
    return close(actual, expected, absolute=RELATIVE)


def _copy_close(actual: float, expected: float) -> bool:
    """Loose enough to recognise another variant's figures, rounded or not."""
    return close(actual, expected, absolute=0.5, relative=COPY_RELATIVE)


def _all(
    answer: Mapping[str, Any],
    expected: Mapping[str, Any],
    keys: list[str],
    same: Callable[[float, float], bool],
) -> bool:
    return all(
        expected.get(key) is not None
        and answer.get(key) is not None
        and same(answer[key], expected[key])
        for key in keys
    )


def _first_wrong(
    answer: Mapping[str, Any], expected: Mapping[str, Any], same: Callable[[float, float], bool]
) -> str:
    for key, value in expected.items():
        if not same(answer[key], value):
            return key
    raise ValueError("no mismatch")


def _other_variant(
    answer: Mapping[str, Any],
    learner_id: str,
    keys: list[str],
    reference: Callable[[str], Mapping[str, Any]],
    what: str,
    same: Callable[[Any, Any], bool] = _copy_close,
) -> None:
    """Raise when the answer fits the base variant or the lesson's case instead of the learner's."""
    for other in ("base", "published"):
        if other == learner_id:
            continue
        expected = reference(other)
        if all(key in expected and _equal_or(answer.get(key), expected[key], same) for key in keys):
            raise CheckFailed(
                f"These {what} fit a different variant of the case, not yours: compute them from "
                "`case` in this notebook instead of typing numbers in."
            )


def _equal_or(actual: Any, expected: Any, same: Callable[[Any, Any], bool]) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    return same(actual, expected)


def expect_months_by_key(value: Any, keys: list[str], name: str, months: int) -> None:
    """``value`` maps exactly ``keys`` to a whole month number 1..``months``, or to None."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict like {{'option': month or None, ...}}, "
            f"not a {type(value).__name__}"
        )
    missing = sorted(set(keys) - set(value))
    extra = sorted(set(value) - set(keys))
    if missing:
        raise ShapeProblem(f"{name} is missing {', '.join(map(repr, missing))}")
    if extra:
        raise ShapeProblem(
            f"{name} has entries that are not outsourcing options: {', '.join(map(repr, extra))}"
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


# --- Part 1: total costs -------------------------------------------------------------------


def _published_totals(_: str) -> dict[str, float]:
    case = published_case()
    return {name: total_cost(model_option(case, name), case.years) for name in case.names}


def _totals_for(learner_id: str) -> dict[str, float]:
    return (
        _published_totals(learner_id) if learner_id == "published" else reference_totals(learner_id)
    )


TOTAL_COST = "The real total cost"


@checks.check("total-costs-shape", TOTAL_COST)
def check_totals_shape(case: SourcingCostView, answer: Plain) -> None:
    expect_numbers_by_key(answer, case.names, "total_costs")


@checks.check("total-costs-baseline", TOTAL_COST)
def check_baseline_total(case: SourcingCostView, answer: Plain) -> None:
    """The in-house baseline's total: staff and the knowledge lost when its people leave."""
    check_totals_shape(case.learner_id, answer)
    key = [case.baseline_name]
    if _all(answer, reference_totals(case.learner_id), key, money_close):
        return
    if _all(answer, reference_totals(case.learner_id, frozenset(HIDDEN)), key, money_close):
        raise CheckFailed(
            f"Your total for {case.baseline_name!r} counts its staff lines only. The in-house team "
            "has a hidden cost too: every year some of its people leave, and each leaver costs "
            "the knowledge-loss amount the case gives (revisit: attrition and knowledge loss)."
        )
    for message, totals in horizon_totals(case.learner_id):
        if _all(answer, totals, key, money_close):
            raise CheckFailed(message)
    _other_variant(answer, case.learner_id, key, _totals_for, "totals")
    raise CheckFailed(
        f"The total of {case.baseline_name!r} is not right. Add up its monthly cost (staff, "
        "plus attrition and knowledge loss) over every month of the horizon (revisit: the real "
        "total cost)."
    )


@checks.check("total-costs", TOTAL_COST)
def check_totals(case: SourcingCostView, answer: Plain) -> None:
    """The outsourcing options' totals, hidden costs included."""
    check_totals_shape(case.learner_id, answer)
    keys = case.option_names
    expected = reference_totals(case.learner_id)
    if _all(answer, expected, keys, money_close):
        return
    for omit in _omissions():
        if _all(answer, reference_totals(case.learner_id, omit), keys, money_close):
            raise CheckFailed(_omission_message(omit, "totals"))
    for message, totals in horizon_totals(case.learner_id):
        if _all(answer, totals, keys, money_close):
            raise CheckFailed(message)
    if _all(answer, ramp_totals(case.learner_id), keys, money_close):
        raise CheckFailed(RAMP_MESSAGE.format(what="totals"))
    _other_variant(answer, case.learner_id, keys, _totals_for, "totals")
    option = _first_wrong(answer, {k: expected[k] for k in keys}, money_close)
    raise CheckFailed(
        f"The total of {option!r} is not right. Add up its monthly costs over the whole horizon: "
        "staff, transition, ramp-up, governance, attrition and knowledge loss, and travel "
        "(revisit: the real total cost)."
    )


# --- Part 2: savings -----------------------------------------------------------------------


def _published_savings(_: str) -> dict[str, float]:
    totals = _published_totals("published")
    case = published_case()
    return {name: totals[case.baseline_name] - totals[name] for name in case.option_names}


def _published_shares(_: str) -> dict[str, float]:
    totals = _published_totals("published")
    case = published_case()
    base = totals[case.baseline_name]
    return {name: (base - totals[name]) / base for name in case.option_names}


@checks.check("savings-shape", TOTAL_COST)
def check_savings_shape(case: SourcingCostView, answer: Plain) -> None:
    """``answer`` is [savings, savings_share] as the notebook's visible test sends them."""
    if type(answer) is not list or len(answer) != 2:
        raise CheckFailed("the shape check expects [savings, savings_share]")
    expect_numbers_by_key(answer[0], case.option_names, "savings")
    expect_numbers_by_key(answer[1], case.option_names, "savings_share")


@checks.check("savings", TOTAL_COST)
def check_savings(case: SourcingCostView, answer: Plain) -> None:
    """Savings against the in-house baseline, in money: baseline total minus option total."""
    expect_numbers_by_key(answer, case.option_names, "savings")
    keys = case.option_names
    expected = reference_savings(case.learner_id)
    if _all(answer, expected, keys, money_close):
        return
    flipped = {name: -value for name, value in expected.items()}
    if _all(answer, flipped, keys, money_close):
        raise CheckFailed(
            "Your savings have the wrong sign. A saving is the in-house baseline's total minus "
            "the option's total: positive when the option costs less (revisit: savings against "
            "the baseline)."
        )
    for omit in _omissions():
        if _all(answer, reference_savings(case.learner_id, omit), keys, money_close):
            raise CheckFailed(_omission_message(omit, "savings follow from totals that"))
    for message, totals in horizon_totals(case.learner_id):
        derived = {name: totals[case.baseline_name] - totals[name] for name in keys}
        if _all(answer, derived, keys, money_close):
            raise CheckFailed("Your savings follow from totals with a wrong horizon. " + message)
    ramp = ramp_totals(case.learner_id)
    if _all(answer, {n: ramp[case.baseline_name] - ramp[n] for n in keys}, keys, money_close):
        raise CheckFailed(RAMP_MESSAGE.format(what="savings"))
    _other_variant(answer, case.learner_id, keys, _savings_for, "savings")
    option = _first_wrong(answer, expected, money_close)
    raise CheckFailed(
        f"The saving of {option!r} is not right: take the baseline's total over the horizon "
        "minus the option's total (revisit: savings against the baseline)."
    )


def _savings_for(learner_id: str) -> dict[str, float]:
    return (
        _published_savings(learner_id)
        if learner_id == "published"
        else reference_savings(learner_id)
    )


def _shares_for(learner_id: str) -> dict[str, float]:
    return (
        _published_shares(learner_id) if learner_id == "published" else reference_shares(learner_id)
    )


@checks.check("savings-share", TOTAL_COST)
def check_savings_share(case: SourcingCostView, answer: Plain) -> None:
    """Savings as a share of the baseline's total (a fraction, 0.25 for 25%)."""
    expect_numbers_by_key(answer, case.option_names, "savings_share")
    keys = case.option_names
    expected = reference_shares(case.learner_id)
    if _all(answer, expected, keys, _share_close):
        return
    totals = reference_totals(case.learner_id)
    savings = reference_savings(case.learner_id)
    of_option = {name: savings[name] / totals[name] for name in keys}
    if _all(answer, of_option, keys, _share_close):
        raise CheckFailed(
            "Your shares are divided by the option's own total. The savings share compares the "
            "saving with what the in-house baseline would cost: divide by the baseline's total "
            "(revisit: savings share)."
        )
    percent = {name: 100 * value for name, value in expected.items()}
    if _all(answer, percent, keys, lambda a, e: _share_close(a / 100, e / 100)):
        raise CheckFailed("Give each share as a fraction of 1 (0.25 for 25%), not as a percentage.")
    flipped = {name: -value for name, value in expected.items()}
    if _all(answer, flipped, keys, _share_close):
        raise CheckFailed(
            "Your shares have the wrong sign: a share is positive when the option costs less "
            "than the in-house baseline (revisit: savings against the baseline)."
        )
    for omit in _omissions():
        if _all(answer, reference_shares(case.learner_id, omit), keys, _share_close):
            raise CheckFailed(_omission_message(omit, "shares follow from totals that"))
    _other_variant(
        answer,
        case.learner_id,
        keys,
        _shares_for,
        "shares",
        lambda a, e: _share_close(a, e) or abs(a - e) <= 5e-4,
    )
    option = _first_wrong(answer, expected, _share_close)
    raise CheckFailed(
        f"The savings share of {option!r} is not right: divide its saving by the in-house "
        "baseline's total over the horizon (revisit: savings share)."
    )


# --- Part 3: break-even month --------------------------------------------------------------


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
        for base, cost in zip(baseline, _ramp_in_full(case, name), strict=True):
            running += base - cost
            cumulative.append(running)
        result[name] = break_even_month(cumulative)
    return result


def _same_months(answer: Mapping[str, Any], expected: Mapping[str, Any], keys: list[str]) -> bool:
    return all(answer.get(key) == expected[key] for key in keys)


def _published_break_even(_: str) -> dict[str, int | None]:
    case = published_case()
    baseline = model_option(case, case.baseline_name)
    return {
        name: compare_to_baseline(model_option(case, name), baseline, case.years).break_even_month
        for name in case.option_names
    }


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
        for omit in _omissions()
        if _same_months(answer, reference_break_even(case.learner_id, omit), keys)
    ]
    if explanations:
        # Several sets of left-out costs can give the same months: name what they all leave out.
        common = frozenset.intersection(*explanations)
        raise CheckFailed(
            _omission_message(common, "break-even months follow from costs that")
            if common
            else "Your break-even months follow from monthly costs that leave out some of the "
            "hidden costs. Include every one in every month (revisit: the real total cost)."
        )
    if _same_months(answer, ramp_break_even(case.learner_id), keys):
        raise CheckFailed(RAMP_MESSAGE.format(what="break-even months"))
    in_years = {k: None if v is None else -(-v // 12) for k, v in expected.items()}
    if dated and all(answer[k] == in_years[k] for k in dated):
        raise CheckFailed("Give the break-even as a month number (1 to the horizon), not a year.")
    _other_variant(
        answer,
        case.learner_id,
        keys,
        lambda other: (
            _published_break_even(other) if other == "published" else reference_break_even(other)
        ),
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


# --- Part 4: cheapest option ---------------------------------------------------------------


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


def describe(case: SourcingCostView) -> list[object]:
    """What the notebook shows under the setup cell: staff lines and hidden-cost parameters."""
    import pandas as pd
    from IPython.display import Markdown

    staff = pd.DataFrame(
        [{"option": name, **line} for name in case.names for line in case.option(name)["staff"]]
    ).set_index(["option", "location"])
    hidden = pd.DataFrame(
        {name: {f: case.option(name)[f] for f in OPTION_FIELDS} for name in case.names}
    )  # one column per option: eight fields read more easily down than across
    descriptions = "\n".join(f"- **{name}**: {case.descriptions[name]}" for name in case.names)
    return [
        Markdown(
            f"**{case.company}**, horizon `case.years` = {case.years} years "
            f"({case.months} months), amounts in {case.currency}. The baseline is "
            f"`case.baseline` ({case.baseline_name!r}, `case.baseline_name`); the outsourcing "
            "options are `case.options[name]` (names in `case.option_names`).\n\n" + descriptions
        ),
        Markdown("Staff lines (`case.options[name]['staff']`, `case.baseline['staff']`)"),
        staff,
        Markdown("Hidden-cost parameters (`case.options[name][field]`, `case.baseline[field]`)"),
        hidden,
    ]


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
