"""Part 5 of "Manage the risks": the completed register, graded by rules.

Any sound completion earns the points; its residual scores are judged against the learner's own
inherent scores, and each row goes through the model's ``Risk`` and ``validate_register``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from autograder.checks.exercises.manage_the_risks import (
    REGISTER,
    REVISIT_RULES,
    checks,
    reference_flags,
    reference_scores,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_record
from course.cases.kinds.risk import ROW_FIELDS, RiskView, completed_risk
from course.models.errors import ModelInputError
from course.models.risk import (
    RULE_MITIGATION,
    RULE_OWNER,
    RULE_RESIDUAL,
    SCALE,
    RiskRegister,
    validate_register,
)

MIN_MITIGATION_WORDS = 4
"""A mitigation says what will be done: "TBD" or "monitor" is not one."""

REVISIT_OWNING = "(revisit: owning and mitigating a risk)"


def expect_completed(value: Any, risk_ids: Collection[str]) -> None:
    """``value`` maps risk ids to rows with an owner, a mitigation and a residual pair."""
    if type(value) is not dict or not value:
        raise ShapeProblem(
            "completed should be a non-empty dict risk id -> {'owner': ..., 'mitigation': ..., "
            "'residual_likelihood': ..., 'residual_impact': ...}"
        )
    for risk_id, row in value.items():
        if risk_id not in risk_ids:
            raise ShapeProblem(f"completed has a risk that is not in the case: {risk_id!r}")
        where = f"completed[{risk_id!r}]"
        expect_record(row, ROW_FIELDS, where, "the exercise does not ask for", every=False)
        for field in ("owner", "mitigation"):
            if row[field] is not None and type(row[field]) is not str:
                raise ShapeProblem(f"{where}[{field!r}] should be a text")
        for field in ("residual_likelihood", "residual_impact"):
            level = row[field]
            if type(level) is not int or level not in SCALE:
                raise ShapeProblem(
                    f"{where}[{field!r}] should be a whole number 1 to 5 (an int); "
                    f"yours is {level!r}"
                )


def _rows(answer: Plain, case: RiskView) -> dict[str, dict[str, Any]]:
    expect_completed(answer, case.risk_ids)
    return answer  # type: ignore[return-value]


@checks.check("completed-shape", REGISTER)
def check_completed_shape(case: RiskView, answer: Plain) -> None:
    _rows(answer, case)


def _unchanged(rows: dict[str, dict[str, Any]], case: RiskView, risk_id: str) -> str:
    if rows[risk_id] == case.draft_row(risk_id):
        return f"{risk_id!r} is the draft row, unchanged. "
    return ""


_STILL_BROKEN = {
    RULE_OWNER: "a High or Critical risk needs a named owner who answers for it",
    RULE_MITIGATION: "a High or Critical risk needs a mitigation, what will be done to reduce it",
    RULE_RESIDUAL: "its residual score is above its inherent score, so the mitigation would "
    "make the risk bigger",
}
"""The rule broken, in words that give no score away (the model's messages quote the score)."""


@checks.check("completed-rules", REGISTER)
def check_completed_rules(case: RiskView, answer: Plain) -> None:
    rows = _rows(answer, case)
    missing = sorted((r, rule) for r, rule in reference_flags(case) if r not in rows)
    if missing:
        risk_id, rule = missing[0]
        raise CheckFailed(
            f"{risk_id!r} breaks the rule {rule!r} but is not in completed: give every flagged "
            f"risk a row {REVISIT_RULES}."
        )
    scores = reference_scores(case)
    for risk_id, row in rows.items():
        unchanged = _unchanged(rows, case, risk_id)
        try:
            risk = completed_risk(case, risk_id, row)
        except ModelInputError as problem:
            raise CheckFailed(f"{unchanged}completed[{risk_id!r}]: {problem}") from None
        for finding in validate_register(RiskRegister((risk,))):
            raise CheckFailed(
                f"{unchanged}{risk_id!r} still breaks the rule {finding.rule!r}: "
                f"{_STILL_BROKEN[finding.rule]} {REVISIT_OWNING}."
            )
        if risk.residual_score is not None and risk.residual_score >= scores[risk_id]:
            raise CheckFailed(
                f"{unchanged}The residual score of {risk_id!r} is not below its inherent score. "
                "A mitigation that works lowers the likelihood, the impact or both; if nothing "
                "can lower it, the risk is accepted, not mitigated, and the memo should say so "
                f"{REVISIT_OWNING}."
            )
        if len((risk.mitigation or "").split()) < MIN_MITIGATION_WORDS:
            raise CheckFailed(
                f"The mitigation of {risk_id!r} is too short to act on: say what will be done, "
                f"by whom or how often (at least {MIN_MITIGATION_WORDS} words) {REVISIT_OWNING}."
            )


@checks.check("completed-owners", REGISTER)
def check_completed_owners(case: RiskView, answer: Plain) -> None:
    rows = _rows(answer, case)
    provider_names = {"vendor", "the vendor", "provider", "the provider", "supplier"}
    provider_starts = ("provider", case.provider.split()[0].lower())
    for risk_id, row in rows.items():
        owner = (row["owner"] or "").strip()
        if not owner:
            raise CheckFailed(
                f"{_unchanged(rows, case, risk_id)}{risk_id!r} has no owner. Name the "
                f"{case.company} role that answers for it, one of case.roles {REVISIT_OWNING}."
            )
        if owner in case.roles:
            continue
        lowered = owner.lower()
        if (
            owner in case.provider_roles
            or lowered in provider_names
            or lowered.startswith(provider_starts)
        ):
            raise CheckFailed(
                f"{risk_id!r} is owned by the provider ({owner!r}). {case.provider} can carry "
                f"out a mitigation, but accountability for the risk stays with {case.company} "
                f"(ISO/IEC 27036): name a {case.company} role from case.roles {REVISIT_OWNING}."
            )
        raise CheckFailed(
            f"The owner of {risk_id!r}, {owner!r}, is not one of the roles in case.roles. Use "
            f"a {case.company} role from that list, spelled as there {REVISIT_OWNING}."
        )
