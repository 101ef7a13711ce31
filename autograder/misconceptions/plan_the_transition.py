"""Misconceptions of the exercise "Plan the transition"."""

from autograder.misconceptions import Misconception

_PHASES = """
phases = []
week = 1
for name in ORDER:
    phases.append({"phase": name, "start_week": week, "weeks": case.min_weeks[name]})
    week += case.min_weeks[name]
"""


def _phases(order: str) -> dict[str, str]:
    """Part 1 planned back to back, at the shortest lengths, in ``order``."""
    return {"a1": _PHASES.replace("ORDER", order)}


_GATES = """
gates = [
    {"before": "shadowing", "owner": "Transition manager", "criteria": ["due-diligence-agreed"]},
    {"before": "cutover", "owner": "CUTOVER_OWNER", "criteria": CUTOVER_CRITERIA},
    {"before": "steady-state", "owner": "Service owner", "criteria": STEADY},
]
"""


def _gates(
    cutover_criteria: str = 'list(case.required_gates["cutover"])',
    owner: str = "Programme board",
    steady: str = '["stabilisation-sla"]',
) -> dict[str, str]:
    code = (
        _GATES.replace("CUTOVER_CRITERIA", cutover_criteria)
        .replace("CUTOVER_OWNER", owner)
        .replace("STEADY", steady)
    )
    return {"a2": code}


_FULL_REVIEW = """
exit_review = {
    "termination-assistance": "weak",
    "data-return": "adequate",
    "deletion-certificate": "missing",
    "knowledge-transfer-back": "missing",
    "staff-transfer": "adequate",
    "asset-transfer": "adequate",
    "licence-transfer": "missing",
    "exit-price": "weak",
}
"""


def _review(clause: str, verdict: str) -> dict[str, str]:
    """The right review with one clause judged ``verdict`` instead."""
    return {"a6": _FULL_REVIEW + f'exit_review["{clause}"] = "{verdict}"\n'}


MISCONCEPTIONS = [
    Misconception(
        "switched over before reverse shadowing",
        _phases(
            '["due-diligence", "shadowing", "parallel-run", "cutover", "reverse-shadowing", '
            '"stabilisation"]'
        ),
        fails=("phases",),
        message="Your cutover comes before the provider has finished reverse shadowing",
        passes=("phases-shape", "kt-checklist", "earliest-cutover", "exit-review"),
    ),
    Misconception(
        "planned no parallel run",
        _phases('[p for p in case.phases if p != "parallel-run"]'),
        fails=("phases",),
        message="switches over without a parallel run",
        passes=("phases-shape", "cutover-decision"),
    ),
    Misconception(
        "went from cutover straight to steady state",
        _phases('[p for p in case.phases if p != "stabilisation"]'),
        fails=("phases",),
        message="from cutover straight to steady state",
        passes=("phases-shape", "kt-checklist"),
    ),
    Misconception(
        "left a gate without criteria",
        _gates(steady="[]"),
        fails=("gates",),
        message="has no criteria",
        passes=("phases", "kt-checklist"),
    ),
    Misconception(
        "left a gate without an owner",
        _gates(owner=""),
        fails=("gates",),
        message="has no owner",
        passes=("phases",),
    ),
    Misconception(
        "forgot the retained organisation at cutover",
        _gates(
            cutover_criteria='[c for c in case.required_gates["cutover"] '
            'if c != "retained-roles-filled"]'
        ),
        fails=("gates",),
        message="does not check that the retained organisation is in place",
        passes=("phases", "kt-checklist"),
    ),
    Misconception(
        "judged service levels before cutover",
        _gates(cutover_criteria='list(case.required_gates["cutover"]) + ["stabilisation-sla"]'),
        fails=("gates",),
        message="cannot be measured before cutover",
        passes=("phases",),
    ),
    Misconception(
        "handed over knowledge without reverse shadowing",
        {
            "a3": """
kt_checklist = {
    process: {"owner": "Tidemark lead", "measures": ["runbook", "shadowing", "capability-sign-off"]}
    for process in case.processes
}
"""
        },
        fails=("kt-checklist",),
        message="has no reverse shadowing",
        passes=("phases", "gates"),
    ),
    Misconception(
        "handed over knowledge without a capability sign-off",
        {
            "a3": """
kt_checklist = {
    process: {"owner": "Tidemark lead", "measures": ["runbook", "shadowing", "reverse-shadowing"]}
    for process in case.processes
}
"""
        },
        fails=("kt-checklist",),
        message="has no capability sign-off",
        passes=("phases", "gates"),
    ),
    Misconception(
        "judged the gate on the average",
        {
            "a4": """
cutover_criteria = case.required_gates["cutover"]
planned = case.readiness[case.planned_cutover_week]
average = sum(planned[c] for c in cutover_criteria) / len(cutover_criteria)
average_target = sum(case.criteria[c]["target"] for c in cutover_criteria) / len(cutover_criteria)
cutover_verdict = "go" if average >= average_target else "no-go"
failing_criteria = []
""",
            "a5": """
cutover_criteria = case.required_gates["cutover"]
average_target = sum(case.criteria[c]["target"] for c in cutover_criteria) / len(cutover_criteria)
earliest_cutover_week = min(
    week
    for week, figures in case.readiness.items()
    if sum(figures[c] for c in cutover_criteria) / len(cutover_criteria) >= average_target
)
""",
        },
        fails=("cutover-decision", "earliest-cutover"),
        message="A gate is a list of conditions, not a score",
        passes=("phases", "gates", "exit-review"),
    ),
    Misconception(
        "held every criterion to 100%",
        {
            "a4": """
planned = case.readiness[case.planned_cutover_week]
failing_criteria = [c for c in case.required_gates["cutover"] if planned[c] < 100]
cutover_verdict = "no-go"
"""
        },
        fails=("cutover-decision",),
        message="You listed every criterion below 100%",
        passes=("earliest-cutover",),
    ),
    Misconception(
        "took the planned week as the earliest week",
        {"a5": "earliest_cutover_week = case.planned_cutover_week"},
        fails=("earliest-cutover",),
        message="the week the plan promised",
        passes=("cutover-decision",),
    ),
    Misconception(
        "accepted termination assistance shorter than re-sourcing",
        _review("termination-assistance", "adequate"),
        fails=("exit-review",),
        message="it ends before a successor could be chosen",
        passes=("cutover-decision",),
    ),
    Misconception(
        "took data return for data deletion",
        _review("deletion-certificate", "adequate"),
        fails=("exit-review",),
        message="only a certified deletion does",
        passes=("earliest-cutover",),
    ),
    Misconception(
        "accepted exit services at the provider's rates",
        _review("exit-price", "adequate"),
        fails=("exit-review",),
        message="At exit you have no leverage left",
    ),
    Misconception(
        "called a silent clause weak",
        _review("licence-transfer", "weak"),
        fails=("exit-review",),
        message="Weak means the clause is there",
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["phases"],
    "a2": ["gates"],
    "a3": ["kt_checklist"],
    "a4": ["cutover_verdict", "failing_criteria"],
    "a5": ["earliest_cutover_week"],
    "a6": ["exit_review"],
}
