"""Checks for the exercise "Prepare a negotiation" (case: atlas-logistics-renewal).

Every check rebuilds the learner's own variant of the Atlas renewal from the learner id and takes
the reference from ``course.models.negotiation`` through the case's own methods (one source of
truth). Price answers are compared with the reference; the opening offer and the package are
graded by rules (inside the zone and at or below Atlas's target; accepted by both sides and
Pareto-efficient).
When an answer is wrong, the check first looks for the known misconceptions and names the idea to
revisit, without printing the expected values:

- the switching cost left out of the client's BATNA, or part of it (the dual running), or counted
  in full every year instead of spread over the term;
- the risk premium put into the BATNA, or left out of the reservation price; the target or
  today's price given as the walk-away price;
- a margin used where the case states a markup, the delivery cost or the provider's BATNA given as
  its reservation price;
- the zone upside down, a sign slip that finds no zone where there is one, a zone reported where
  none exists, a scenario not applied;
- the reservation price (or the BATNA) used as the opening, an opening outside the zone;
- a package good for Atlas that Tessera would refuse, every issue split down the middle;
- numbers that fit a different variant of the case (another learner's, or the lesson's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from autograder.checks.detect import money_close
from autograder.checks.registry import ExerciseChecks
from autograder.checks.views import BASE, PUBLISHED, learner_view, published_view
from course.cases import NegotiationCase, load_case, variant
from course.cases.kinds.negotiation import NegotiationView, describe  # noqa: F401 (describe)
from course.models.negotiation import Issue, Preferences, pareto_efficient_offers

CASE_ID = "atlas-logistics-renewal"
SCENARIO = "cost shock"
"""The what-if scenario Part 3 asks about; in every variant it closes the zone."""
SCORE_SLACK = 1e-9
"""A package scoring its side's BATNA utility exactly is accepted (the model says "at least")."""


@cache
def _model_case(learner_id: str) -> NegotiationCase:
    """The learner's variant as the case library builds it (or the lesson's case)."""
    if learner_id == PUBLISHED:
        return load_case(CASE_ID)
    return variant(CASE_ID, learner_id)


def exercise_case(learner_id: str) -> NegotiationView:
    """The learner's variant of the case as plain data (``PUBLISHED``: the lesson's case)."""
    if learner_id == PUBLISHED:
        return published_view(CASE_ID)
    return learner_view(CASE_ID, learner_id)


checks = ExerciseChecks(CASE_ID, "modules/03-negotiation/lesson.ipynb", exercise_case)


@dataclass(frozen=True)
class Reference:
    """The priced answers for one variant, all from the case's model methods."""

    client_batna: float
    client_reservation: float
    provider_reservation: float
    zopa: tuple[float, float] | None
    shock_client_reservation: float
    shock_provider_reservation: float
    shock_zopa: tuple[float, float] | None


def _zone(case: NegotiationCase) -> tuple[float, float] | None:
    zopa = case.zopa()
    return None if zopa is None else (zopa.low, zopa.high)


@cache
def reference(learner_id: str) -> Reference:
    """The reference answers of ``learner_id``'s variant."""
    case = _model_case(learner_id)
    shock = case.with_scenario(SCENARIO)
    return Reference(
        client_batna=case.client_batna_value(),
        client_reservation=case.client_reservation(),
        provider_reservation=case.provider_reservation(),
        zopa=_zone(case),
        shock_client_reservation=shock.client_reservation(),
        shock_provider_reservation=shock.provider_reservation(),
        shock_zopa=_zone(shock),
    )


def issue_list(case: NegotiationView) -> list[Issue]:
    """The issues as the model's ``Issue`` objects."""
    return [Issue(name, tuple(options)) for name, options in case.issues.items()]


def preferences(case: NegotiationView, side: str) -> Preferences:
    """``"client"`` or ``"provider"``'s utility table as the model's ``Preferences``.

    Not a method of the case on purpose: hidden test cells re-import ``course`` in the learner's
    kernel, and model objects built by an older import would not be accepted by a newer one. The
    learner builds these objects in their own cell; only the checks call this.
    """
    weights = getattr(case, f"{side}_weights")
    return Preferences(weights, getattr(case, f"{side}_utilities"))


def frontier(case: NegotiationView) -> list[dict[str, str]]:
    """The Pareto-efficient packages of the case (``pareto_efficient_offers``)."""
    return pareto_efficient_offers(
        issue_list(case), preferences(case, "client"), preferences(case, "provider")
    )


def others_of(learner_id: str) -> list[str]:
    """The variants a learner might have copied numbers from: the base variant and the lesson."""
    return [other for other in (BASE, PUBLISHED) if other != learner_id]


def copied_number(value: float, learner_id: str, pick: Callable[[Reference], float]) -> bool:
    return any(money_close(value, pick(reference(other))) for other in others_of(learner_id))


# The parts, in the exercise's order; each registers its checks on ``checks``.
from . import walk_away, zone, packages  # noqa: E402, F401, I001

CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
