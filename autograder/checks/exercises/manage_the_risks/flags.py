"""Part 4 of "Manage the risks": the draft register's findings, as ``validate_register`` flags them.

The flags are the same risks for every learner: the variants keep the draft's planted gaps."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from autograder.checks.exercises.manage_the_risks import (
    REGISTER,
    REVISIT_RULES,
    checks,
    reference_bands,
    reference_flags,
    reference_scores,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_name
from course.cases.kinds.risk import RiskView
from course.models.risk import (
    RULE_OWNER,
    RULE_RESIDUAL,
)


def expect_flags(value: Any, risk_ids: Collection[str], rules: Collection[str]) -> None:
    """``value`` is a list of [risk id, rule] pairs, each pair at most once."""
    if type(value) not in (list, tuple):
        raise ShapeProblem(
            f"flags should be a list of (risk id, rule) pairs, not a {type(value).__name__}"
        )
    seen = set()
    for position, pair in enumerate(value):
        where = f"flags[{position}]"
        if type(pair) not in (list, tuple) or len(pair) != 2:
            raise ShapeProblem(
                f"{where} should be a pair (risk id, rule) like ('R01', 'owner-required'); "
                f"yours is {pair!r}"
            )
        expect_name(pair[0], risk_ids, f"{where}[0] (the risk id)")
        expect_name(pair[1], rules, f"{where}[1] (the rule)")
        if tuple(pair) in seen:
            raise ShapeProblem(f"{where} repeats the pair {tuple(pair)!r}")
        seen.add(tuple(pair))


def _pairs(answer: Plain, case: RiskView) -> set[tuple[str, str]]:
    expect_flags(answer, case.risk_ids, list(case.rules))
    return {(pair[0], pair[1]) for pair in answer}


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


@checks.check("flags-gaps", REGISTER)
def check_flags_gaps(case: RiskView, answer: Plain) -> None:
    """The owner and mitigation findings: High and Critical risks only."""
    given = {pair for pair in _pairs(answer, case) if pair[1] != RULE_RESIDUAL}
    expected = {pair for pair in reference_flags(case) if pair[1] != RULE_RESIDUAL}
    if given == expected:
        return
    bands = reference_bands(case)
    for risk_id, rule in sorted(given - expected):
        if bands[risk_id] not in case.action_bands:
            raise CheckFailed(
                f"You flagged {risk_id!r}, a {bands[risk_id]} risk, under {rule!r}. The owner and "
                "mitigation rules cover High and Critical risks only: a Low or Medium risk "
                f"without them is a weakness of the register, not a finding {REVISIT_RULES}."
            )
        field = "owner" if rule == RULE_OWNER else "mitigation"
        raise CheckFailed(
            f"You flagged {risk_id!r} under {rule!r}, but the draft gives it {_a(field)} "
            f"(case.{field}[{risk_id!r}]) {REVISIT_RULES}."
        )
    rule = sorted(expected - given)[0][1]
    field = "owner" if rule == RULE_OWNER else "mitigation"
    raise CheckFailed(
        f"At least one High or Critical risk without {_a(field)} is not in your flags under "
        f"{rule!r}: go through every risk whose band is High or Critical and check its {field} "
        f"{REVISIT_RULES}."
    )


@checks.check("flags-residual", REGISTER)
def check_flags_residual(case: RiskView, answer: Plain) -> None:
    """The residual finding: a residual score above the inherent one."""
    given = {pair for pair in _pairs(answer, case) if pair[1] == RULE_RESIDUAL}
    expected = {pair for pair in reference_flags(case) if pair[1] == RULE_RESIDUAL}
    if given == expected:
        return
    scores = reference_scores(case)
    for risk_id, _rule in sorted(given - expected):
        likelihood = case.residual_likelihood[risk_id]
        impact = case.residual_impact[risk_id]
        if likelihood is None or impact is None:
            raise CheckFailed(
                f"You flagged {risk_id!r} under {RULE_RESIDUAL!r}, but it has no residual pair "
                f"yet, so there is nothing to compare {REVISIT_RULES}."
            )
        if likelihood * impact == scores[risk_id]:
            raise CheckFailed(
                f"You flagged {risk_id!r}, whose residual score equals its inherent score. The "
                f"rule {RULE_RESIDUAL!r} flags a residual score ABOVE the inherent one, a "
                f"mitigation that makes things worse {REVISIT_RULES}."
            )
        raise CheckFailed(
            f"You flagged {risk_id!r} under {RULE_RESIDUAL!r}, but its residual score "
            "(residual likelihood × residual impact) is not above its inherent score "
            f"{REVISIT_RULES}."
        )
    raise CheckFailed(
        f"A risk whose residual score is above its inherent score is missing under "
        f"{RULE_RESIDUAL!r}: for every risk with a residual pair, compare residual likelihood × "
        f"residual impact with likelihood × impact {REVISIT_RULES}."
    )
