"""Part 4 of "Prepare a negotiation": a package across the issues, graded by rules.

Accepted by both sides (each scores it at least its BATNA utility) and Pareto-efficient, by
``course.models.negotiation``'s ``score_offer`` and ``pareto_efficient_offers``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from autograder.checks.exercises.prepare_a_negotiation import (
    SCORE_SLACK,
    checks,
    exercise_case,
    frontier,
    preferences,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_keys, listed
from course.cases.kinds.negotiation import NegotiationView
from course.models.negotiation import score_offer


def middle_package(case: NegotiationView) -> dict[str, str]:
    """Every issue split down the middle: the case's "Split the difference" proposal."""
    return dict(case.proposals.get("Split the difference", {}))


def _splits_every_issue(answer: Mapping[str, str], case: NegotiationView) -> bool:
    """The middle option of every issue with an odd number of options (the rest as they come)."""
    if dict(answer) == middle_package(case):
        return True
    odd = {name: opts for name, opts in case.issues.items() if len(opts) % 2 == 1 and len(opts) > 2}
    return bool(odd) and all(answer[name] == opts[len(opts) // 2] for name, opts in odd.items())


def expect_package(value: Any, issues: Mapping[str, Sequence[str]], name: str = "package") -> None:
    """``value`` chooses one of the case's options (text) for every issue, and nothing else."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict issue -> option, like {{'term': '3 years', ...}}, "
            f"not a {type(value).__name__}"
        )
    expect_keys(
        value,
        list(issues),
        lambda missing: f"{name} chooses no option for {listed(missing)}",
        lambda extra: f"{name} has an issue that is not in the case: {extra[0]!r}",
        as_given=True,
    )
    for issue, options in issues.items():
        if value[issue] not in options:
            raise ShapeProblem(
                f"{name}[{issue!r}] is {value[issue]!r}, which is not one of: "
                f"{', '.join(map(repr, options))}"
            )


def _package(learner_id: str, answer: Plain) -> NegotiationView:
    case = exercise_case(learner_id)
    expect_package(answer, case.issues, "package")
    return case


PACKAGES = "Beyond price: packages and trades that create value"


@checks.check("package-shape", PACKAGES)
def check_package_shape(case: NegotiationView, answer: Plain) -> None:
    _package(case.learner_id, answer)


@checks.check("package-client", PACKAGES)
def check_package_client(case: NegotiationView, answer: Plain) -> None:
    case = _package(case.learner_id, answer)
    if score_offer(answer, preferences(case, "client")) >= case.client_batna_utility - SCORE_SLACK:
        return
    raise CheckFailed(
        "Atlas scores this package below its BATNA utility: Atlas would rather switch to the "
        "alternative bidder. Give Atlas its way on issues it weights heavily "
        "(revisit: a package must beat each side's BATNA)."
    )


@checks.check("package-provider", PACKAGES)
def check_package_provider(case: NegotiationView, answer: Plain) -> None:
    case = _package(case.learner_id, answer)
    if (
        score_offer(answer, preferences(case, "provider"))
        >= case.provider_batna_utility - SCORE_SLACK
    ):
        return
    raise CheckFailed(
        "This package is good for Atlas, but Tessera scores it below its BATNA utility: Tessera "
        "would rather walk away and redeploy the team. Give Tessera something it values on an "
        "issue Atlas cares less about (revisit: a package must beat each side's BATNA)."
    )


FRONTIER = "The frontier"


@checks.check("package-pareto", FRONTIER)
def check_package_pareto(case: NegotiationView, answer: Plain) -> None:
    case = _package(case.learner_id, answer)
    if dict(answer) in frontier(case):
        return
    if _splits_every_issue(answer, case):
        raise CheckFailed(
            "Your package splits every issue down the middle. That leaves value on the table: "
            "another package is better for one side without being worse for the other. Let each "
            "side win the issues it weights more than the other side does "
            "(revisit: logrolling and the Pareto frontier)."
        )
    raise CheckFailed(
        "Your package is not Pareto-efficient: another package is better for one side without "
        "being worse for the other (revisit: the Pareto frontier)."
    )
