"""Misconceptions of the exercise "Capstone: one deal from decision to exit"."""

from autograder.misconceptions import Misconception

_AS_OPTION = """
def as_option(name):
    from course.models.sourcing_cost import SourcingOption, StaffLine

    data = case.decide.option(name)
    staff = tuple(StaffLine(**line) for line in data["staff"])
    return SourcingOption(name=name, staff=staff, **{k: v for k, v in data.items() if k != "staff"})
"""

_CUMULATIVE = """
from course.models.sourcing_cost import cumulative_savings, monthly_costs

savings = cumulative_savings(
    as_option(cheapest), as_option(case.decide.baseline_name), case.decide.years
)
"""

_CREDITS = """
from course.models.sla import ServiceLevel, availability, service_credits

contract = case.contract
levels = [
    ServiceLevel(
        name,
        level["target"],
        level["direction"] == "higher-is-better",
        level["unit"],
        level["credit_allocation"],
        level["category"],
    )
    for name, level in contract.levels.items()
]


def measured(month):
    values = dict(contract.reported[month])
    minutes = contract.minutes[month]
    values[contract.availability_level] = availability(
        minutes["scheduled"], minutes["downtime"], minutes["excluded"]
    )
    return values


def credits(month):
    return service_credits(
        levels, measured(month), contract.monthly_charge, contract.at_risk_share,
        contract.pool_allocation,
    )


credit = credits(case.credit_month).total_after_cap
"""

_MEASURED = """
def measured_no_direction(month):
    values = dict(contract.reported[month])
    minutes = contract.minutes[month]
    values[contract.availability_level] = (
        minutes["scheduled"] - minutes["downtime"]
    ) / (minutes["scheduled"] - minutes["excluded"])
    return values
"""

MISCONCEPTIONS = [
    Misconception(
        "the cheapest rate card taken for the cheapest option",
        {
            "a1": _AS_OPTION
            + "cheapest = min(case.decide.names, key=lambda n: as_option(n).annual_staff_cost)\n"
        },
        fails=("cheapest-option",),
        message="lowest rate card",
    ),
    Misconception(
        "the break-even month counted one month late",
        {"a2": _CUMULATIVE + "break_even = next(m for m, s in enumerate(savings) if s >= 0) + 2\n"},
        fails=("break-even",),
        message="one month off",
        passes=("cheapest-option",),
    ),
    Misconception(
        "the first month that costs less taken for the break-even",
        {
            "a2": _CUMULATIVE
            + """
base = monthly_costs(as_option(case.decide.baseline_name), case.decide.years)
mine = monthly_costs(as_option(cheapest), case.decide.years)
break_even = next(m + 1 for m, (b, c) in enumerate(zip(base, mine)) if b > c)
"""
        },
        fails=("break-even",),
        message="first month in which the option costs less",
    ),
    Misconception(
        "the break-even given as a year",
        {
            "a2": _CUMULATIVE + "month = next(m + 1 for m, s in enumerate(savings) if s >= 0)\n"
            "break_even = (month + 11) // 12\n"
        },
        fails=("break-even",),
        message="not a year",
    ),
    Misconception(
        "the bidders ranked without the knock-outs",
        {
            "a3": "from course.models.vendor import winners\n\n"
            "winner = winners(case.select.matrix(with_knockouts=False))[0]\n"
        },
        fails=("winner",),
        message="only if nobody is knocked out",
    ),
    Misconception(
        "the lowest price taken for the best bid",
        {
            "a3": "price = {v: case.select.ratings[v]['Price'] for v in case.select.vendors}\n"
            "winner = max(price, key=price.get)\n"
        },
        fails=("winner",),
        message="lowest price, not the best bid",
    ),
    Misconception(
        "the credits added up without the at-risk cap",
        {"a4": _CREDITS.replace("total_after_cap", "total_before_cap")},
        fails=("service-credit",),
        message="caps a month's credits at the at-risk amount",
        passes=("missed-months",),
    ),
    Misconception(
        "the credit given as a share of the monthly charge",
        {
            "a4": _CREDITS.replace(
                "credit = credits(case.credit_month).total_after_cap",
                "credit = credits(case.credit_month).total_after_cap / contract.monthly_charge",
            )
        },
        fails=("service-credit",),
        message="Give the credit as money",
    ),
    Misconception(
        "every target read as higher-is-better",
        {
            "a5": _MEASURED
            + """
missed_months = [
    month
    for month in contract.reported
    if any(value < contract.levels[name]["target"]
           for name, value in measured_no_direction(month).items())
]
"""
        },
        fails=("missed-months",),
        message="Some targets point down",
    ),
    Misconception(
        "only the invoiced month counted as missed",
        {"a5": "missed_months = [case.credit_month]\n"},
        fails=("missed-months",),
        message="not only in the month you invoiced",
    ),
    Misconception(
        "the first step in the nine steps' order fixed first",
        {
            "a6": "fix_first = next(step for step in case.relationship.steps"
            " if case.relationship.health_scores[step] < 4)\n"
        },
        fails=("fix-first",),
        message="fixes the weakest step first",
    ),
    Misconception(
        "the step closest to working well fixed first",
        {
            "a6": "from course.models.governance import health_check\n\n"
            "fix_first = health_check(case.relationship.health_scores).priorities[-1]\n"
        },
        fails=("fix-first",),
        message="closest to working well",
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["cheapest"],
    "a2": ["break_even"],
    "a3": ["winner"],
    "a4": ["credit"],
    "a5": ["missed_months"],
    "a6": ["fix_first"],
}
