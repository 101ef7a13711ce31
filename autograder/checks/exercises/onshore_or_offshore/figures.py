"""The figures "Onshore or offshore?" is graded on, all from ``course.models.sourcing_cost``.

The reference (totals, savings, shares and break-even months per option), what each typical
wrong answer computes instead (hidden costs left out, the horizon in the wrong unit, the ramp-up
loss charged in full). A figure function
takes a learner id (``LESSON``: the lesson's case) so its result can be cached."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from functools import cache

from autograder.checks.detect import money_close
from autograder.checks.exercises.onshore_or_offshore import exercise_case, published_case
from autograder.checks.exercises.onshore_or_offshore.matching import (
    LESSON,
    Figures,
    first_fitting,
)
from course.cases.kinds.sourcing_cost import OPTION_FIELDS, SourcingCostView
from course.models.sourcing_cost import (
    CostComparison,
    SourcingOption,
    StaffLine,
    compare_to_baseline,
    monthly_costs,
    total_cost,
)

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


def case_of(learner_id: str) -> SourcingCostView:
    """The learner's variant, or the lesson's case for ``LESSON``."""
    return published_case() if learner_id == LESSON else exercise_case(learner_id)


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
    case = case_of(learner_id)
    return {name: total_cost(model_option(case, name, omit), case.years) for name in case.names}


@cache
def comparisons(learner_id: str, omit: frozenset[str] = frozenset()) -> dict[str, CostComparison]:
    """The model's comparison of every outsourcing option with the baseline (``omit``: a
    misconception)."""
    case = case_of(learner_id)
    baseline = model_option(case, case.baseline_name, omit)
    return {
        name: compare_to_baseline(model_option(case, name, omit), baseline, case.years)
        for name in case.option_names
    }


def reference_savings(learner_id: str) -> dict[str, float]:
    """Baseline total minus option total, per outsourcing option."""
    return {name: c.savings for name, c in comparisons(learner_id).items()}


def reference_shares(learner_id: str) -> dict[str, float]:
    """Savings as a share of the baseline's total, per outsourcing option."""
    return {name: c.savings_share for name, c in comparisons(learner_id).items()}


def reference_break_even(
    learner_id: str, omit: frozenset[str] = frozenset()
) -> dict[str, int | None]:
    """The model's break-even month per outsourcing option (None: not within the horizon)."""
    return {name: c.break_even_month for name, c in comparisons(learner_id, omit).items()}


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
    costs = staff_costs(case_of(learner_id))
    return min(costs, key=costs.get)


# --- misconceptions: what a typical wrong answer computes ----------------------------------


def omissions() -> list[frozenset[str]]:
    """Every non-empty set of hidden components, all five (the rate card alone) first."""
    subsets = [
        frozenset(combo)
        for size in range(len(HIDDEN), 0, -1)
        for combo in itertools.combinations(HIDDEN, size)
    ]
    return subsets


def named(omit: frozenset[str]) -> str:
    labels = [_LABEL[component] for component in HIDDEN if component in omit]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def omission_message(omit: frozenset[str], what: str) -> str:
    if omit == frozenset(HIDDEN):
        return (
            f"Your {what} count only the staff lines (FTE x annual rate): the rate card. Add the "
            "hidden costs the case gives for each option: transition, ramp-up, governance, "
            "attrition and knowledge loss, and travel (revisit: the real total cost)."
        )
    return (
        f"Your {what} leave out {named(omit)}. Every option carries each hidden cost the case "
        "gives it, month by month over the whole horizon (revisit: the real total cost)."
    )


def ramp_in_full(case: SourcingCostView, name: str) -> list[float]:
    """Monthly costs with the ramp-up loss charged in full in every transition month."""
    months = monthly_costs(model_option(case, name), case.years)
    option = case.option(name)
    transition = option["transition_months"]
    staff = staff_costs(case)[name] / 12
    for month in range(transition):
        fading = (transition - month) / transition
        months[month] += staff * option["ramp_up_productivity_loss"] * (1 - fading)
    return months


def running_and_one_time(case: SourcingCostView, name: str) -> tuple[float, float]:
    """A month's running cost after the transition, and the one-time costs (transition, ramp)."""
    months = monthly_costs(model_option(case, name), case.years)
    running = months[-1]
    return running, sum(months) - running * len(months)


@cache
def horizon_totals(learner_id: str) -> list[tuple[str, dict[str, float]]]:
    """Totals computed with the horizon in the wrong unit, and with one year only."""
    case = case_of(learner_id)
    years_as_months, months_times_twelve, one_year, first_months = {}, {}, {}, {}
    for name in case.names:
        running, one_time = running_and_one_time(case, name)
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
    case = case_of(learner_id)
    return {name: sum(ramp_in_full(case, name)) for name in case.names}


RAMP_MESSAGE = (
    "Your {what} charge the full ramp-up loss in every transition month. The loss fades: the full "
    "share in the first transition month, falling in equal steps to 1/T of it in month T "
    "(revisit: the ramp-up productivity loss)."
)


Derive = Callable[[Figures], Figures]
"""What an answer holds, from totals: the totals themselves, or savings, or shares."""


def as_totals(totals: Figures) -> Figures:
    return totals


def left_out(
    answer: Figures,
    learner_id: str,
    keys: list[str],
    derive: Derive = as_totals,
    same: Callable[[float, float], bool] = money_close,
) -> frozenset[str] | None:
    """The first set of hidden costs whose omission explains ``answer``: figures ``derive``d
    from the totals the model gives without them (savings, say), or None."""
    totals = ((omit, derive(reference_totals(learner_id, omit))) for omit in omissions())
    return first_fitting(answer, keys, totals, same)


def wrong_horizon(
    answer: Figures, learner_id: str, keys: list[str], derive: Derive = as_totals
) -> str | None:
    """The message of the first wrong horizon whose totals (``derive``d) explain ``answer``."""
    totals = ((message, derive(totals)) for message, totals in horizon_totals(learner_id))
    return first_fitting(answer, keys, totals)
