"""Misconceptions of the exercise "A reskilling plan for the retained team"."""

from autograder.misconceptions import Misconception

_ASSIGNED = """
assignments = {
    "Amara Osei": "Product owner",
    "Eitan Levi": "Product owner",
    "Gareth Hughes": "Solution architect",
    "Chen Li": "Security lead",
    "Dana Ruiz": "Vendor manager",
    "Ben Kowalski": "Pod lead",
    "Fatima Noor": "Pod lead",
}
"""

_ROUTES = """
import itertools

training = []
for person, gaps in skill_gaps.items():
    routes = [[code for code, c in case.courses.items() if c["skill"] == skill] for skill in gaps]
    chosen = CHOOSE
    month = 1
    for code in chosen:
        training.append({"person": person, "course": code, "start_month": START})
        month += case.courses[code]["months"]
"""
_CHEAPEST_IN_TIME = """min(
        (
            combo
            for combo in itertools.product(*routes)
            if sum(case.courses[code]["months"] for code in combo) < case.handover_month
        ),
        key=lambda combo: sum(case.courses[code]["fee"] for code in combo),
    )"""


def _training(choose: str = _CHEAPEST_IN_TIME, start: str = "month") -> dict[str, str]:
    """Part 3 planned with ``choose`` (one course per gap) starting at ``start``."""
    return {"a3": _ROUTES.replace("CHOOSE", choose).replace("START", start)}


_TRUE_GAPS = {
    "a3": _ROUTES.replace("CHOOSE", _CHEAPEST_IN_TIME)
    .replace("START", "month")
    .replace("skill_gaps.items()", "true_gaps.items()")
    .replace(
        "training = []",
        "training = []\ntrue_gaps = {p: sorted(set(case.roles[r]['skills']) - "
        "set(case.team[p]['skills'])) for p, r in assignments.items()}",
    )
}
"""Part 3 planned from the true gaps: a wrong Part 2 then loses marks in Part 2 alone."""

_FASTEST = '[min(codes, key=lambda code: case.courses[code]["months"]) for codes in routes]'
_CHEAPEST = '[min(codes, key=lambda code: case.courses[code]["fee"]) for codes in routes]'

MISCONCEPTIONS = [
    Misconception(
        "kept everyone on the work they do today",
        {"a1": 'assignments = {name: p["current_work"] for name, p in case.team.items()}'},
        fails=("assignments",),
        message="You kept someone on the work they do today",
        passes=("assignments-shape",),
    ),
    Misconception(
        "left the vendor manager's role to the provider",
        {
            "a1": _ASSIGNED
            + 'assignments["Dana Ruiz"] = "Pod lead"\nassignments["Ben Kowalski"] = "Product owner"'
        },
        fails=("assignments",),
        message="left to the provider",
        passes=("assignments-shape", "skill-gaps", "training-gaps", "training-cost"),
    ),
    Misconception(
        "forgot someone who stays",
        {"a1": _ASSIGNED + 'del assignments["Chen Li"]'},
        fails=("assignments",),
        message="Someone who stays has no role",
        passes=("assignments-shape", "training-shape", "training-cost", "last-training-month"),
    ),
    Misconception(
        "listed every skill of the role as a gap",
        {
            "a2": """
skill_gaps = {person: list(case.roles[role]["skills"]) for person, role in assignments.items()}
""",
            **_TRUE_GAPS,
        },
        fails=("skill-gaps",),
        message="You listed every skill the role needs",
        passes=("assignments", "training-gaps", "training-timing", "training-budget"),
    ),
    Misconception(
        "listed the skills the person already holds",
        {
            "a2": """
skill_gaps = {
    person: sorted(set(case.roles[role]["skills"]) & set(case.team[person]["skills"]))
    for person, role in assignments.items()
}
""",
            **_TRUE_GAPS,
        },
        fails=("skill-gaps",),
        message="the role's skills the person already holds",
        passes=("assignments", "training-gaps", "training-timing"),
    ),
    Misconception(
        "trained everyone in every skill of their role",
        {
            "a3": """
training = []
for person, role in assignments.items():
    month = 1
    for skill in case.roles[role]["skills"]:
        code = min(
            (code for code, c in case.courses.items() if c["skill"] == skill),
            key=lambda code: case.courses[code]["months"],
        )
        training.append({"person": person, "course": code, "start_month": month})
        month += case.courses[code]["months"]
"""
        },
        fails=("training-gaps",),
        message="a skill they already hold",
        passes=("skill-gaps", "training-shape", "training-cost", "last-training-month"),
    ),
    Misconception(
        "planned the training for after the handover",
        _training(start="case.handover_month + month - 1"),
        fails=("training-timing",),
        message="starts once the provider has already taken over",
        passes=("training-gaps", "training-budget", "training-cost", "last-training-month"),
    ),
    Misconception(
        "sent people on two courses at once",
        _training(start="1"),
        fails=("training-timing",),
        message="one course at a time",
        passes=("training-gaps", "training-budget", "training-cost"),
    ),
    Misconception(
        "took the cheapest course for every gap, however long",
        _training(choose=_CHEAPEST),
        fails=("training-timing",),
        message="may need a shorter route for one skill",
        passes=("training-gaps", "training-cost", "last-training-month"),
    ),
    Misconception(
        "took the fastest course for every gap, whatever it costs",
        _training(choose=_FASTEST),
        fails=("training-budget",),
        message="The fastest course for every gap is the dearest way",
        passes=("training-gaps", "training-timing", "training-cost"),
    ),
    Misconception(
        "paid each course's fee once, however many take it",
        {
            "a4": """
training_cost = sum(case.courses[code]["fee"] for code in {t["course"] for t in training})
last_training_month = max(
    t["start_month"] + case.courses[t["course"]]["months"] - 1 for t in training
)
"""
        },
        fails=("training-cost",),
        message="You counted each course's fee once",
        passes=("training-budget", "last-training-month"),
    ),
    Misconception(
        "ended each course a month late",
        {
            "a4": """
training_cost = sum(case.courses[t["course"]]["fee"] for t in training)
last_training_month = max(t["start_month"] + case.courses[t["course"]]["months"] for t in training)
"""
        },
        fails=("last-training-month",),
        message="Your month is one too late",
        passes=("training-cost",),
    ),
    Misconception(
        "added up every course's months",
        {
            "a4": """
training_cost = sum(case.courses[t["course"]]["fee"] for t in training)
last_training_month = sum(case.courses[t["course"]]["months"] for t in training)
"""
        },
        fails=("last-training-month",),
        message="You added up the months of every course",
        passes=("training-cost", "training-timing"),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["assignments"],
    "a2": ["skill_gaps"],
    "a3": ["training"],
    "a4": ["training_cost", "last_training_month"],
}
