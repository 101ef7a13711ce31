"""Misconceptions of the exercise "Service levels and service credits"."""

from autograder.misconceptions import Misconception

_MEASURED = """
import math


def measured(month):
    values = dict(case.reported[month])
    values[case.availability_level] = availability[month]
    return values

"""

_CREDIT = """
credits = {
    month: {
        level: (SHARE * at_risk_amount if level in missed[month] or EVERY else 0.0)
        for level, terms in case.levels.items()
    }
    for month in case.months
}
"""
_A_TIMES_B = 'case.pool_allocation[terms["category"]] * terms["credit_allocation"]'


def _credits(share: str, every: bool = False) -> dict[str, str]:
    return {"a4": _CREDIT.replace("SHARE", f"({share})").replace("EVERY", str(every))}


MISCONCEPTIONS = [
    Misconception(
        "counted approved maintenance as downtime",
        {
            "a1": """
availability = {
    month: (m["scheduled"] - m["downtime"]) / m["scheduled"] for month, m in case.minutes.items()
}
"""
        },
        fails=("availability",),
        message="counts the approved maintenance as downtime",
        passes=("availability-shape", "at-risk-amount"),
    ),
    Misconception(
        "took the excluded minutes out of the downtime only",
        {
            "a1": """
availability = {
    month: (m["scheduled"] - (m["downtime"] - m["excluded"])) / m["scheduled"]
    for month, m in case.minutes.items()
}
"""
        },
        fails=("availability",),
        message="left them in the scheduled time",
        passes=("availability-shape",),
    ),
    Misconception(
        "gave availability as a percentage",
        {
            "a1": """
availability = {
    month: 100 * (m["scheduled"] - m["downtime"]) / (m["scheduled"] - m["excluded"])
    for month, m in case.minutes.items()
}
"""
        },
        fails=("availability",),
        message="as a fraction of 1",
    ),
    Misconception(
        "read every target as a floor",
        {
            "a2": _MEASURED
            + """
missed = {
    month: [
        level
        for level, value in measured(month).items()
        if value < case.levels[level]["target"]
        and not math.isclose(value, case.levels[level]["target"])
    ]
    for month in case.months
}
"""
        },
        fails=("missed",),
        message="You treated every target as a floor",
        passes=("availability", "at-risk-amount"),
    ),
    Misconception(
        "counted a measurement on target as a miss",
        {
            "a2": _MEASURED
            + """
def is_met(level, value):
    target = case.levels[level]["target"]
    if case.levels[level]["direction"] == "higher-is-better":
        return value > target
    return value < target


missed = {
    month: [level for level, value in measured(month).items() if not is_met(level, value)]
    for month in case.months
}
"""
        },
        fails=("missed",),
        message="measured exactly on its target is met",
        passes=("availability",),
    ),
    Misconception(
        "put a year's charges at risk",
        {"a3": "at_risk_amount = 12 * case.at_risk_share * case.monthly_charge"},
        fails=("at-risk-amount",),
        message="the at-risk share of a year's charges",
        passes=("availability", "missed"),
    ),
    Misconception(
        "credited every level, met or not",
        _credits(_A_TIMES_B, every=True),
        fails=("credits",),
        message="You gave a credit to every level, met or not",
        passes=("missed", "at-risk-amount"),
    ),
    Misconception(
        "left out the category's pool allocation",
        _credits('terms["credit_allocation"]'),
        fails=("credits",),
        message="Your credits leave out A",
        passes=("missed", "at-risk-amount"),
    ),
    Misconception(
        "normalised the pool allocations like weights",
        _credits(f"{_A_TIMES_B} / sum(case.pool_allocation.values())"),
        fails=("credits",),
        message="You scaled the pool allocations to add up to 100%",
        passes=("missed", "at-risk-amount"),
    ),
    Misconception(
        "took the credits from the whole monthly charge",
        _credits(f"{_A_TIMES_B} / case.at_risk_share"),
        fails=("credits",),
        message="shares of the whole monthly charge",
        passes=("at-risk-amount",),
    ),
    Misconception(
        "never capped the month's credits",
        {"a5": "credit_owed = {month: sum(credits[month].values()) for month in case.months}"},
        fails=("credit-owed",),
        message="capped at that month's at-risk amount",
        passes=("credits", "at-risk-amount"),
    ),
    Misconception(
        "forfeited the whole at-risk amount on any miss",
        {
            "a5": """
credit_owed = {month: at_risk_amount if missed[month] else 0.0 for month in case.months}
"""
        },
        fails=("credit-owed",),
        message="A miss does not forfeit the whole at-risk amount",
        passes=("credits",),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["availability"],
    "a2": ["missed"],
    "a3": ["at_risk_amount"],
    "a4": ["credits"],
    "a5": ["credit_owed"],
}
