"""Misconceptions of the exercise "Govern the relationship"."""

from autograder.misconceptions import Misconception

_PRIORITIES = """
to_fix = [s for s in case.steps if case.health_scores[s] < case.max_score]
priorities = sorted(
    to_fix, key=lambda s: (case.health_scores[s], case.steps.index(s))
)[:3]
"""

_SPEND = """
spend_share = case.current_governance_cost / case.annual_contract_value
within_band = 0.03 <= spend_share <= 0.06
"""

_CADENCE = """
import copy

cadence = copy.deepcopy(case.cadence_draft)
tier = {t["name"]: t for t in cadence}
tier["operational"]["provider_attendees"] = ["Service delivery manager"]
tier["operational"]["inputs"].append("issue log")
"""

_RACI = """
import copy

raci = copy.deepcopy(case.raci_draft)
"""

MISCONCEPTIONS = [
    Misconception(
        "overall score as the average of the raw scores",
        {
            "a1": "overall_percent = sum(case.health_scores.values()) / len(case.health_scores)"
            + _PRIORITIES
        },
        fails=("health-overall",),
        message="average of the raw scores",
        passes=("priorities",),
    ),
    Misconception(
        "overall score as a share of 1",
        {"a1": "overall_percent = sum(case.health_scores.values()) / 36" + _PRIORITIES},
        fails=("health-overall",),
        message="share of 1",
        passes=("priorities",),
    ),
    Misconception(
        "priorities with ties broken alphabetically",
        {
            "a1": """
overall_percent = 100 * sum(case.health_scores.values()) / 36
priorities = [step for score, step in sorted((s, k) for k, s in case.health_scores.items())][:3]
"""
        },
        fails=("priorities",),
        message="alphabetically",
        passes=("health-overall",),
    ),
    Misconception(
        "priorities taken as the highest scores",
        {
            "a1": """
overall_percent = 100 * sum(case.health_scores.values()) / 36
priorities = sorted(case.steps, key=lambda s: case.health_scores[s], reverse=True)[:3]
"""
        },
        fails=("priorities",),
        message="LOWEST",
    ),
    Misconception(
        "budget on a month's contract value",
        {
            "a2": """
monthly = case.annual_contract_value / 12
governance_budget = {"low": 0.03 * monthly, "high": 0.06 * monthly}
"""
            + _SPEND
        },
        fails=("budget-range",),
        message="a month's contract value",
        passes=("current-spend",),
    ),
    Misconception(
        "3-6% taken of the governance spend",
        {
            "a2": """
spend = case.current_governance_cost
governance_budget = {"low": 0.03 * spend, "high": 0.06 * spend}
"""
            + _SPEND
        },
        fails=("budget-range",),
        message="what Orion spends on governance today",
        passes=("current-spend",),
    ),
    Misconception(
        "spend share given in percent",
        {
            "a2": """
acv = case.annual_contract_value
governance_budget = {"low": 0.03 * acv, "high": 0.06 * acv}
spend_share = 100 * case.current_governance_cost / acv
within_band = 3 <= spend_share <= 6
"""
        },
        fails=("current-spend",),
        message="is a percent",
        passes=("budget-range",),
    ),
    Misconception(
        "monthly executive reviews (every tier monthly)",
        {"a3": _CADENCE + "\nfor t in cadence:\n    t['meetings_per_year'] = 12\n"},
        fails=("cadence-frequency",),
        message="Monthly (or more frequent) executive reviews",
        passes=("cadence-tiers", "cadence-both-sides", "cadence-issue-log"),
    ),
    Misconception(
        "quarterly operational meetings",
        {
            "a3": _CADENCE
            + """
for t, meetings in zip(cadence, (4, 4, 2)):
    t["meetings_per_year"] = meetings
"""
        },
        fails=("cadence-frequency",),
        message="at least monthly",
        passes=("cadence-tiers", "cadence-both-sides", "cadence-issue-log"),
    ),
    Misconception(
        "cadence missing the tactical tier",
        {
            "a3": _CADENCE
            + """
tier["strategic"]["meetings_per_year"] = 2
cadence = [t for t in cadence if t["name"] != "tactical"]
"""
        },
        fails=("cadence-tiers", "cadence-both-sides", "cadence-frequency", "cadence-issue-log"),
        message="no tactical tier",
        passes=("raci-accountable", "budget-range"),
    ),
    Misconception(
        "RACI keeps two Accountable roles",
        {
            "a4": _RACI
            + 'raci["Root-cause analysis of P1 incidents"]["Corvane application team"] = "R"'
        },
        fails=("raci-accountable",),
        message="Accountable roles",
        passes=("raci-responsible",),
    ),
    Misconception(
        "RACI with no Responsible role",
        {
            "a4": _RACI
            + 'raci["Approve a production change to the MES interface"]'
            + '["Corvane delivery manager"] = "C"'
        },
        fails=("raci-responsible",),
        message="has no Responsible role",
        passes=("raci-accountable",),
    ),
    Misconception(
        "drafts handed back unchanged",
        {"a3": "cadence = case.cadence_draft", "a4": "raci = case.raci_draft"},
        fails=(
            "cadence-both-sides",
            "cadence-frequency",
            "cadence-issue-log",
            "raci-accountable",
            "raci-responsible",
        ),
        message="unchanged",
        passes=("cadence-tiers", "health-overall", "budget-range"),
    ),
]

# The answers the exercise asks for, by the solution cell that defines them.
ANSWER_CELLS = {
    "a1": ["overall_percent", "priorities"],
    "a2": ["governance_budget", "spend_share", "within_band"],
    "a3": ["cadence"],
    "a4": ["raci"],
}
