"""Misconceptions of the exercise "Price the contract"."""

from autograder.misconceptions import Misconception

# The solution's month pricing with one model's rule replaced: what a learner holding that
# misconception writes. MODEL is the model whose branch changes, RULE its new return value.
_PRICING = """
def month_cost(model, tickets):
    terms = case.pricing[model]
    if model == MODEL:
        return RULE
    if model == "time-and-materials":
        return tickets * case.hours_per_ticket * terms["hourly_rate"]
    if model == "fixed-price":
        extra = max(0, tickets - terms["baseline_tickets"])
        return terms["monthly_fee"] + extra * terms["change_rate"]
    if model == "unit-price":
        cost, lower = 0.0, 0.0
        for band in terms["bands"]:
            upper = float("inf") if band["up_to"] is None else band["up_to"]
            if tickets > lower:
                cost += (min(tickets, upper) - lower) * band["price"]
            lower = upper
        return cost
    return terms["base_fee"] + terms["outcome_fee"] * terms["expected_achievement"]


def year_cost(model, factor=1.0):
    return sum(month_cost(model, tickets * factor) for tickets in case.expected_tickets.values())


first_year_cost = {model: year_cost(model) for model in case.models}
"""


def _pricing(model: str, rule: str, after: str = "") -> dict[str, str]:
    return {"a1": _PRICING.replace("MODEL", repr(model)).replace("RULE", rule) + after}


_ALL_UNITS = """next(
            band["price"] for band in terms["bands"]
            if band["up_to"] is None or tickets <= band["up_to"]
        ) * tickets"""

MISCONCEPTIONS = [
    Misconception(
        "forgot the change requests above the fixed-price baseline",
        _pricing("fixed-price", 'terms["monthly_fee"]'),
        fails=("first-year",),
        message="Your fixed price is twelve monthly fees",
        passes=("first-year-shape",),
    ),
    Misconception(
        "counted the tickets above the baseline over the whole year",
        _pricing(
            "fixed-price",
            'terms["monthly_fee"]',
            """
fixed = case.pricing["fixed-price"]
year_excess = max(0, sum(case.expected_tickets.values()) - 12 * fixed["baseline_tickets"])
first_year_cost["fixed-price"] += year_excess * fixed["change_rate"]
""",
        ),
        fails=("first-year",),
        message="count the excess month by month",
        passes=("first-year-shape",),
    ),
    Misconception(
        "ignored the volume bands",
        _pricing("unit-price", 'tickets * terms["bands"][0]["price"]'),
        fails=("first-year",),
        message="every ticket at the first band's price",
    ),
    Misconception(
        "priced all of a month's tickets at the band the month reaches",
        _pricing("unit-price", _ALL_UNITS),
        fails=("first-year",),
        message="at the price of the band the month reaches",
    ),
    Misconception(
        "paid the whole outcome fee",
        _pricing("outcome-based", 'terms["base_fee"] + terms["outcome_fee"]'),
        fails=("first-year",),
        message="pays the whole outcome fee",
    ),
    Misconception(
        "charged the hourly rate per ticket",
        _pricing("time-and-materials", 'tickets * terms["hourly_rate"]'),
        fails=("first-year",),
        message="charges the hourly rate per ticket",
    ),
    Misconception(
        "gave a month's cost for the year's",
        {
            "a1": _PRICING.replace("MODEL", "None").replace("RULE", "0")
            + "\nfirst_year_cost = {model: year_cost(model) / 12 for model in case.models}\n"
        },
        fails=("first-year",),
        message="Your figures are a month's charges",
        passes=("first-year-shape",),
    ),
    Misconception(
        "took the fixed price as risk-free for the client",
        {
            "a2": """
cost_range = {
    model: {"low": year_cost(model, 1 - case.swing), "high": year_cost(model, 1 + case.swing)}
    for model in case.models
}
cost_range["fixed-price"] = {
    "low": first_year_cost["fixed-price"], "high": first_year_cost["fixed-price"]
}
"""
        },
        fails=("cost-range",),
        message="a fixed price is not risk-free for the client",
        passes=("first-year",),
    ),
    Misconception(
        "put the volume risk of unit pricing on the provider",
        {
            "a2": """
cost_range = {
    model: {"low": year_cost(model, 1 - case.swing), "high": year_cost(model, 1 + case.swing)}
    for model in case.models
}
cost_range["unit-price"] = {
    "low": first_year_cost["unit-price"], "high": first_year_cost["unit-price"]
}
"""
        },
        fails=("cost-range",),
        message="the client carries the volume risk",
        passes=("first-year",),
    ),
    Misconception(
        "scaled the year's cost instead of the tickets",
        {
            "a2": """
cost_range = {
    model: {
        "low": first_year_cost[model] * (1 - case.swing),
        "high": first_year_cost[model] * (1 + case.swing),
    }
    for model in case.models
}
"""
        },
        fails=("cost-range",),
        message="Move the tickets, not the cost",
        passes=("first-year",),
    ),
    Misconception(
        "chose the cheapest model regardless of the budget tolerance",
        {"a3": "chosen_model = min(first_year_cost, key=first_year_cost.get)"},
        fails=("chosen-model",),
        message="Certainty first, then price",
        passes=("first-year", "cost-range"),
    ),
    Misconception(
        "chose the model whose cost moves least",
        {
            "a3": """
chosen_model = min(
    cost_range, key=lambda model: cost_range[model]["high"] - cost_range[model]["low"]
)
"""
        },
        fails=("chosen-model",),
        message="among those the rule takes the cheapest",
        passes=("cost-range",),
    ),
    Misconception(
        "applied the index without its cap",
        {"a4": 'year_two_cost = first_year_cost[chosen_model] * (1 + case.indexation["index"])'},
        fails=("year-two",),
        message="You applied the full index",
        passes=("chosen-model",),
    ),
    Misconception(
        "gave a month of year two",
        {
            "a4": """
clause = case.indexation
rise = min(clause["cap"], max(clause["floor"], clause["index"]))
year_two_cost = first_year_cost[chosen_model] * (1 + rise) / 12
"""
        },
        fails=("year-two",),
        message="That is a month of year two",
        passes=("chosen-model",),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["first_year_cost"],
    "a2": ["cost_range"],
    "a3": ["chosen_model"],
    "a4": ["year_two_cost"],
}
