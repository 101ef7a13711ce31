"""Misconceptions of the exercise "Score a vendor"."""

from autograder.misconceptions import Misconception

MISCONCEPTIONS = [
    Misconception(
        "forgot to normalise the weights",
        {
            "a1": """
weighted_totals = {
    vendor: sum(case.weights[c] * rating for c, rating in ratings.items())
    for vendor, ratings in case.ratings.items()
}
"""
        },
        fails=("weighted-totals",),
        message="Divide each weight by the sum of all weights",
        passes=("weighted-totals-shape", "disqualified"),
    ),
    Misconception(
        "ignored the weights (plain average)",
        {
            "a1": """
weighted_totals = {
    vendor: sum(ratings.values()) / len(ratings) for vendor, ratings in case.ratings.items()
}
"""
        },
        fails=("weighted-totals",),
        message="plain averages of the ratings",
    ),
    Misconception(
        "ignored a knock-out (must-have minimums)",
        {
            "a2": """
disqualified = [v for v in case.vendors if not all(case.gates.get(v, {}).values())]
"""
        },
        fails=("disqualified",),
        message="should be knocked out",
        passes=("weighted-totals",),
    ),
    Misconception(
        "ranked worst first",
        {
            "a3": """
ranking = sorted(
    (v for v in case.vendors if v not in disqualified), key=lambda v: weighted_totals[v]
)
recommended = ranking[-1]
"""
        },
        fails=("ranking",),
        message="upside down",
        passes=("recommendation",),
    ),
    Misconception(
        "ranked and recommended knocked-out vendors too",
        {
            "a3": """
ranking = sorted(case.vendors, key=lambda v: weighted_totals[v], reverse=True)
recommended = ranking[0]
"""
        },
        fails=("ranking",),
        message="which is knocked out",
    ),
    Misconception(
        "took the heaviest criterion as the most sensitive",
        {
            "a4": """
most_sensitive_criterion = max(case.weights, key=case.weights.get)
break_even_weight = case.weights[most_sensitive_criterion] / sum(case.weights.values())
"""
        },
        fails=("break-even-weight",),
        message="current weight",
    ),
    Misconception(
        "gave totals as percentages",
        {
            "a1": """
total_points = sum(case.weights.values())
weighted_totals = {
    vendor: 100 / 5 * sum(case.weights[c] / total_points * r for c, r in ratings.items())
    for vendor, ratings in case.ratings.items()
}
"""
        },
        fails=("weighted-totals",),
        message="percentages of the best possible score",
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["weighted_totals"],
    "a2": ["disqualified"],
    "a3": ["ranking", "recommended"],
    "a4": ["most_sensitive_criterion", "break_even_weight"],
}
