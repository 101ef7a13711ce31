"""Part 4 of "Govern the relationship": the RACI across both organisations, graded by rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograder.checks.exercises.govern_the_relationship import checks
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_keys
from course.cases.kinds.governance import GovernanceView
from course.models.governance import validate_raci

RACI_CELLS = ("", "R", "A", "C", "I")
RISK_ACCEPTANCE = "Accept a security risk"
"""The activity whose A stays with the client (ISO/IEC 27036, docs/evidence.md, E8)."""

REVISIT_RACI = "(revisit: who does what, a RACI across both organisations)"


def expect_raci(
    value: Any, activities: Sequence[str], roles: Sequence[str], name: str = "raci"
) -> None:
    """``value`` maps every activity of the draft to every role, each cell one letter or ''."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict activity -> role -> letter, like case.raci_draft; "
            f"not a {type(value).__name__}"
        )
    expect_keys(
        value,
        activities,
        lambda missing: f"{name} is missing the activity {missing[0]!r}; keep every activity",
        lambda extra: f"{name} has activities that are not in the case: {extra[0]!r}",
    )
    for activity in activities:
        _expect_letters(value[activity], roles, f"{name}[{activity!r}]")


def _expect_letters(row: Any, roles: Sequence[str], where: str) -> None:
    """One activity's row: every role, each cell one letter or ''."""
    if type(row) is not dict:
        raise ShapeProblem(f"{where} should be a dict role -> letter")
    expect_keys(
        row,
        roles,
        lambda missing: (
            f"{where} is missing the role {missing[0]!r}; keep every role, with '' "
            "where it is not involved"
        ),
        lambda extra: f"{where} has a role that is not in the case: {extra[0]!r}",
    )
    for role in roles:
        cell = row[role]
        if type(cell) is not str or cell.strip().upper() not in RACI_CELLS:
            raise ShapeProblem(
                f"{where}[{role!r}] is {cell!r}: give one letter per cell, R, A, C or I, "
                "or '' when the role is not involved"
            )


def _letters(answer: Plain, case: GovernanceView) -> dict[str, dict[str, list[str]]]:
    """activity -> letter -> the roles holding it, after the shape check."""
    expect_raci(answer, case.activities, case.roles)
    validate_raci(answer)  # the model accepts it (a shape the model refuses is a checker bug)
    table: dict[str, dict[str, list[str]]] = {}
    for activity in case.activities:
        letters: dict[str, list[str]] = {letter: [] for letter in "RACI"}
        for role in case.roles:
            cell = answer[activity][role].strip().upper()
            if cell:
                letters[cell].append(role)
        table[activity] = letters
    return table


def _unchanged_raci(answer: Plain, case: GovernanceView) -> str:
    return (
        "This is the analyst's draft RACI, unchanged; it still has its planted problems. "
        if answer == case.raci_draft
        else ""
    )


RACI_SECTION = "Who does what: a RACI across both organisations"


@checks.check("raci-accountable", RACI_SECTION)
def check_raci_accountable(case: GovernanceView, answer: Plain) -> None:
    table = _letters(answer, case)
    unchanged = _unchanged_raci(answer, case)
    for activity, letters in table.items():
        accountable = letters["A"]
        if len(accountable) > 1:
            raise CheckFailed(
                f"{unchanged}{activity!r} has {len(accountable)} Accountable roles "
                f"({', '.join(accountable)}). With two A's each side assumes the other signed "
                "off, so in practice nobody answers for the result: keep exactly one A and give "
                f"the other role R, C or I {REVISIT_RACI}."
            )
        if not accountable:
            raise CheckFailed(
                f"{unchanged}{activity!r} has no Accountable role: exactly one role must answer "
                f"for the result (one A per activity) {REVISIT_RACI}."
            )
    risk = table.get(RISK_ACCEPTANCE)
    if risk and risk["A"][0] not in case.client_roles:
        raise CheckFailed(
            f"{RISK_ACCEPTANCE!r} is accountable on the provider's side. "
            f"Accepting a risk stays with {case.company} even when {case.provider} does the "
            "work (ISO/IEC 27036) "
            f"{REVISIT_RACI}."
        )


@checks.check("raci-responsible", RACI_SECTION)
def check_raci_responsible(case: GovernanceView, answer: Plain) -> None:
    idle = [activity for activity, letters in _letters(answer, case).items() if not letters["R"]]
    if idle:
        raise CheckFailed(
            f"{_unchanged_raci(answer, case)}{idle[0]!r} has no Responsible role, so nobody "
            "does the work: give at least one role an R (the Accountable role may also do "
            f"it, but then write R there and move the A) {REVISIT_RACI}."
        )
