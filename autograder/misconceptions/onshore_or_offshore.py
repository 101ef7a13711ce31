"""Misconceptions of the exercise "Onshore or offshore?"."""

from autograder.misconceptions import Misconception


def _costing(running: str, one_time: str) -> str:
    """A Part 1 cell whose monthly costs use ``running`` each month and ``one_time`` in each
    transition month (``staff``, ``fte``, ``option``, ``months`` and ``m`` are in scope). Every
    option in this case has a transition, and the baseline's transition cost is zero."""
    return f"""
def monthly_costs(option, years):
    staff = sum(line["fte"] * line["annual_rate"] for line in option["staff"]) / 12
    fte = sum(line["fte"] for line in option["staff"])
    costs = [{running}] * (12 * years)
    months = option["transition_months"]
    for m in range(months):
        costs[m] += {one_time}
    return costs

everyone = {{case.baseline_name: case.baseline, **case.options}}
monthly = {{name: monthly_costs(option, case.years) for name, option in everyone.items()}}
total_costs = {{name: sum(costs) for name, costs in monthly.items()}}
"""


RUNNING = (
    "staff + staff * option['governance_share'] + fte * option['annual_attrition']"
    " * option['knowledge_loss_cost_per_leaver'] / 12 + option['annual_travel'] / 12"
)
TRANSITION = "option['transition_cost'] / months"
RAMP = "staff * option['ramp_up_productivity_loss'] * (months - m) / months"

MISCONCEPTIONS = [
    Misconception(
        "rate card only: every hidden cost ignored",
        {"a1": _costing("staff", "0")},
        fails=("total-costs-baseline", "total-costs", "savings"),
        message="staff lines",
        passes=("total-costs-shape", "savings-shape"),
    ),
    Misconception(
        "forgot the transition cost",
        {"a1": _costing(RUNNING, RAMP)},
        fails=("total-costs", "savings"),
        message="leave out the one-time transition cost",
        passes=("total-costs-shape", "total-costs-baseline"),
    ),
    Misconception(
        "forgot the governance share",
        {
            "a1": _costing(
                RUNNING.replace(" + staff * option['governance_share']", ""),
                f"{TRANSITION} + {RAMP}",
            )
        },
        fails=("total-costs", "savings-share"),
        message="leave out the governance share",
        passes=("total-costs-baseline",),
    ),
    Misconception(
        "forgot the ramp-up productivity loss",
        {"a1": _costing(RUNNING, TRANSITION)},
        fails=("total-costs", "savings"),
        message="leave out the ramp-up productivity loss",
        passes=("total-costs-baseline",),
    ),
    Misconception(
        "a month's cost multiplied by the years",
        {
            "a1": _costing(RUNNING, f"{TRANSITION} + {RAMP}")
            + """
total_costs = {
    name: sum(costs) - costs[-1] * len(costs) + costs[-1] * case.years
    for name, costs in monthly.items()
}
"""
        },
        fails=("total-costs-baseline", "total-costs", "savings"),
        message="multiplied by the number of years",
        passes=("total-costs-shape", "break-even", "lowest-rate-card"),
    ),
    Misconception(
        "savings share divided by the option's cost",
        {
            "a2": """
baseline_total = total_costs[case.baseline_name]
savings = {name: baseline_total - total_costs[name] for name in case.option_names}
savings_share = {name: savings[name] / total_costs[name] for name in case.option_names}
"""
        },
        fails=("savings-share",),
        message="divided by the option's own total",
        passes=("savings", "savings-shape", "total-costs"),
    ),
    Misconception(
        "savings with the wrong sign",
        {
            "a2": """
baseline_total = total_costs[case.baseline_name]
savings = {name: total_costs[name] - baseline_total for name in case.option_names}
savings_share = {name: savings[name] / baseline_total for name in case.option_names}
"""
        },
        fails=("savings", "savings-share"),
        message="wrong sign",
        passes=("savings-shape",),
    ),
    Misconception(
        "break-even month counted from 0",
        {
            "a3": """
def break_even(option_months, baseline_months):
    running, was_negative = 0.0, False
    for month, (base, cost) in enumerate(zip(baseline_months, option_months)):
        running += base - cost
        if running < -0.005:
            was_negative = True
        elif was_negative:
            return month
    return None if was_negative else 1

break_even_month = {
    name: break_even(monthly[name], monthly[case.baseline_name]) for name in case.option_names
}
"""
        },
        fails=("break-even",),
        message="one month off",
        passes=("break-even-shape", "total-costs", "savings-share"),
    ),
    Misconception(
        "break-even as the first month with a positive monthly saving",
        {
            "a3": """
break_even_month = {}
for name in case.option_names:
    saving = [b - o for b, o in zip(monthly[case.baseline_name], monthly[name])]
    positive = [month for month, value in enumerate(saving, start=1) if value > 0]
    break_even_month[name] = positive[0] if positive else None
"""
        },
        fails=("break-even",),
        message="first months in which an option costs less",
        passes=("break-even-shape", "total-costs"),
    ),
    Misconception(
        "picked the option with the lowest rate per person as the cheapest",
        {
            "a4": """
staff_cost = {
    name: sum(line["fte"] * line["annual_rate"] for line in option["staff"])
    for name, option in everyone.items()
}
lowest_rate_card_option = min(staff_cost, key=staff_cost.get)
average_rate = {
    name: staff_cost[name] / sum(line["fte"] for line in option["staff"])
    for name, option in everyone.items()
}
cheapest_option = min(average_rate, key=average_rate.get)
"""
        },
        fails=("cheapest-option",),
        message="lowest rate card",
        passes=("lowest-rate-card", "break-even"),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["total_costs"],
    "a2": ["savings", "savings_share"],
    "a3": ["break_even_month"],
    "a4": ["lowest_rate_card_option", "cheapest_option"],
}
