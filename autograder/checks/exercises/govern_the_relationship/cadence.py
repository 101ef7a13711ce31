"""Part 3 of "Govern the relationship": the review calendar, graded by rules.

Any calendar that meets the rules of ``course.models.governance.validate_cadence`` (and this
exercise's meeting rhythm per tier) earns the points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograder.checks.exercises.govern_the_relationship import checks
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_record
from course.cases.kinds.governance import GovernanceView
from course.models.governance import (
    RULE_BOTH_SIDES,
    RULE_FREQUENCY,
    RULE_ISSUE_LOG,
    RULE_MEETS,
    RULE_TIERS,
    TIERS,
    GovernanceTier,
    validate_cadence,
)

MEETINGS_RANGE = {"operational": (12, 52), "tactical": (4, 12), "strategic": (2, 4)}
"""Meetings a year each tier should hold: a COURSE CONVENTION read from the lesson's tier table.
Operational monthly to weekly (the service-level report is monthly), tactical quarterly to
monthly, strategic twice a year to quarterly (itonews.eu, via docs/evidence.md, E9); Orion is in
year three, past the first months in which executives meet more often."""

TIER_FIELDS = ("name", "client_attendees", "provider_attendees", "meetings_per_year", "inputs")
REVISIT_TIERS = "(revisit: review meetings in three tiers)"


def expect_cadence(value: Any, name: str = "cadence") -> None:
    """``value`` is a list of tier dicts with the five fields of the draft, each well typed."""
    if type(value) not in (list, tuple):
        raise ShapeProblem(
            f"{name} should be a list of dicts, one per tier, like case.cadence_draft; "
            f"not a {type(value).__name__}"
        )
    if not value:
        raise ShapeProblem(f"{name} is empty: give one dict per governance tier")
    for index, tier in enumerate(value):
        where = f"{name}[{index}]"
        expect_record(tier, TIER_FIELDS, where, "the draft does not")
        tier_name = tier["name"]
        if type(tier_name) is not str or tier_name.strip().lower() not in TIERS:
            raise ShapeProblem(
                f"{where}['name'] is {tier_name!r}, which is not one of: {', '.join(TIERS)}"
            )
        for field in ("client_attendees", "provider_attendees", "inputs"):
            items = tier[field]
            if type(items) not in (list, tuple) or any(type(item) is not str for item in items):
                raise ShapeProblem(f"{where}[{field!r}] should be a list of texts")
        meetings = tier["meetings_per_year"]
        if type(meetings) is not int or meetings < 0:
            raise ShapeProblem(
                f"{where}['meetings_per_year'] should be a whole number of meetings (an int, "
                f"12 = monthly, 4 = quarterly); yours is {meetings!r}"
            )


def _tiers(answer: Plain) -> list[GovernanceTier]:
    expect_cadence(answer)
    return [
        GovernanceTier(
            tier["name"],
            tuple(tier["client_attendees"]),
            tuple(tier["provider_attendees"]),
            tier["meetings_per_year"],
            tuple(tier["inputs"]),
        )
        for tier in answer
    ]


def _unchanged_cadence(answer: Plain, case: GovernanceView) -> str:
    return (
        "This is the analyst's draft calendar, unchanged; it still has its planted problems. "
        if answer == case.cadence_draft
        else ""
    )


def _cadence_findings(answer: Plain, rule: str) -> list[str]:
    return [finding.message for finding in validate_cadence(_tiers(answer)) if finding.rule == rule]


def _first_tiers(answer: Plain) -> dict[str, GovernanceTier]:
    first: dict[str, GovernanceTier] = {}
    for tier in _tiers(answer):
        first.setdefault(tier.name, tier)
    return first


def _require_every_tier(answer: Plain, case: GovernanceView, rule: str) -> None:
    """The other rules judge a whole calendar: a missing tier breaks them at its level too."""
    missing = [name for name in TIERS if name not in _first_tiers(answer)]
    if missing:
        raise CheckFailed(
            f"{_unchanged_cadence(answer, case)}There is no {missing[0]} tier, so {rule} cannot "
            f"hold at that level: the calendar needs all three tiers {REVISIT_TIERS}."
        )


TIERS_SECTION = "Review meetings in three tiers, and the issue list"


def cadence_rule(check_id: str, rule: str, needs: str, explain: Callable[[str], str]) -> None:
    """Register the check of one calendar rule: the model's first finding for ``rule``, with
    ``explain(finding)`` saying why it matters; ``needs`` (what the rule asks of every tier)
    first asks for all three tiers."""

    def check(case: GovernanceView, answer: Plain) -> None:
        if needs:
            _require_every_tier(answer, case, needs)
        problems = _cadence_findings(answer, rule)
        if problems:
            raise CheckFailed(
                f"{_unchanged_cadence(answer, case)}{explain(problems[0])} {REVISIT_TIERS}."
            )

    check.__name__ = check.__qualname__ = f"check_{check_id.replace('-', '_')}"
    checks.check(check_id, TIERS_SECTION)(check)


cadence_rule(
    "cadence-tiers",
    RULE_TIERS,
    "",
    lambda problem: (
        "The calendar needs the operational, tactical and strategic tiers, each "
        f"exactly once: {problem}"
    ),
)
cadence_rule(
    "cadence-both-sides",
    RULE_BOTH_SIDES,
    "both sides meeting",
    lambda problem: (
        "A tier without both sides is a meeting about the other side, not with it: "
        f"{problem} (Everest Group's peer-to-peer alignment)"
    ),
)


@checks.check("cadence-frequency", TIERS_SECTION)
def check_cadence_frequency(case: GovernanceView, answer: Plain) -> None:
    unchanged = _unchanged_cadence(answer, case)
    _require_every_tier(answer, case, "a meeting rhythm")
    never = _cadence_findings(answer, RULE_MEETS)
    if never:
        raise CheckFailed(f"{unchanged}{never[0]} {REVISIT_TIERS}.")
    tiers = _first_tiers(answer)
    for name in TIERS:
        meetings = tiers[name].meetings_per_year
        low, high = MEETINGS_RANGE[name]
        if low <= meetings <= high:
            continue
        raise CheckFailed(f"{unchanged}{_frequency_advice(name, meetings)} {REVISIT_TIERS}.")
    order = _cadence_findings(answer, RULE_FREQUENCY)
    if order:
        raise CheckFailed(f"{unchanged}{order[0]} {REVISIT_TIERS}.")


def _frequency_advice(name: str, meetings: int) -> str:
    low, high = MEETINGS_RANGE[name]
    if name == "operational" and meetings < low:
        return (
            f"The operational review meets {meetings} times a year. Service levels are "
            "reported every month and the operational tier is the first place problems are "
            f"settled, so it meets at least monthly ({low} to {high} times a year)"
        )
    if name == "strategic" and meetings > high:
        return (
            f"The strategic tier meets {meetings} times a year. Monthly (or more frequent) "
            "executive reviews pull executives into operational detail; in year three they meet "
            f"twice a year to quarterly ({low} to {high} times a year)"
        )
    words = {
        "operational": "monthly to weekly",
        "tactical": "quarterly to monthly",
        "strategic": "twice a year to quarterly",
    }
    return (
        f"The {name} tier meets {meetings} times a year; this exercise asks for "
        f"{words[name]} ({low} to {high} times a year)"
    )


cadence_rule(
    "cadence-issue-log",
    RULE_ISSUE_LOG,
    "an operational review of the issue log",
    lambda problem: f"{problem[0].upper()}{problem[1:]}: add 'issue log' to its inputs",
)
