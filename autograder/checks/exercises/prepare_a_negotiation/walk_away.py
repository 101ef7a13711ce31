"""Part 1 of "Prepare a negotiation": each side's walk-away price.

Reference prices come from the case's model methods (``course.models.negotiation``); each typical
slip is the model's own rule on the numbers a learner used instead (the switching cost left out,
counted in full every year, ...), named by the text that explains it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter

from autograder.checks.detect import different_variant, money_close
from autograder.checks.exercises.prepare_a_negotiation import (
    Reference,
    checks,
    copied_number,
    reference,
)
from autograder.checks.failure import CheckFailed
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_number
from course.cases.kinds.negotiation import NegotiationView
from course.models.negotiation import client_reservation_price, provider_reservation_price

_SWITCH_MISSING = (
    "leaves out the one-time switching cost (the transition fee plus the months of dual "
    "running). Walking away is not free: add the switching cost, spread over the term "
    "(revisit: the client's BATNA includes the cost of switching)."
)
_SWITCH_FULL = (
    "counts the whole one-time switching cost in every year. The switch is paid once, so "
    "divide it by the years of the term before adding it to the annual price "
    "(revisit: annualising the switching cost)."
)
_DUAL_MISSING = (
    "has only the transition fee as the switching cost. Atlas would also pay both providers "
    "during the months of dual running: add those months to the one-time cost before spreading "
    "it over the term (revisit: what switching costs)."
)
_PREMIUM_IN_BATNA = (
    "includes the risk premium. The BATNA is the cost of the alternative itself: the price plus "
    "the switch, spread. The premium is what Atlas would pay on top to avoid switching, so it "
    "comes in only at the reservation price (revisit: BATNA versus reservation price)."
)
_PREMIUM_MISSING = (
    "stops at the BATNA. The case gives a risk premium, the extra Atlas would pay a year to avoid "
    "the risk of switching: the walk-away price adds it (revisit: the reservation price)."
)
_TARGET = (
    "is the client's target, what Atlas aims for. The reservation price is the walk-away point, "
    "derived from the BATNA, and lies above the target (revisit: target versus reservation "
    "price)."
)
_TODAY = (
    "is today's price. What Atlas pays now does not say where it should walk away: that comes "
    "from its best alternative (revisit: the reservation price comes from the BATNA)."
)
_MARGIN = (
    "treats the minimum markup as a margin on price (cost divided by 1 minus the share). The "
    "case states a markup on cost: multiply the delivery cost by 1 plus the markup "
    "(revisit: markup versus margin)."
)
_COST_ONLY = (
    "is the delivery cost alone. Tessera will not sign below its cost plus its minimum markup "
    "(revisit: the provider's reservation price)."
)
_PROVIDER_BATNA = (
    "is Tessera's BATNA, what redeploying the team would earn. Its finance team's floor is "
    "delivery cost plus the minimum markup (revisit: the provider's reservation price)."
)
_ASK = (
    "is Tessera's ask, its target and opening. An ask is an anchor, not a floor: the least it "
    "will take is delivery cost plus the minimum markup (revisit: the provider's reservation "
    "price)."
)


def client_price(case: NegotiationView, switching: float, years: float, premium: float) -> float:
    """The model's client price (``client_reservation_price``) on these numbers."""
    return client_reservation_price(case.alternative_price, switching, years, premium)


def switching_slips(case: NegotiationView, premium: float) -> dict[str, float]:
    """The client's price with the switching cost left out, counted in full every year, or
    without the dual running, by the text that explains each."""
    fee, dual = case.transition_fee, case.dual_running_months * case.dual_running_monthly_cost
    return {
        _SWITCH_MISSING: client_price(case, 0.0, case.term_years, premium),
        _SWITCH_FULL: client_price(case, fee + dual, 1, premium),
        _DUAL_MISSING: client_price(case, fee, case.term_years, premium),
    }


def _switching(case: NegotiationView) -> float:
    return case.transition_fee + case.dual_running_months * case.dual_running_monthly_cost


def client_batna_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong annual BATNA costs a learner computes, by the text that explains each."""
    with_premium = client_price(case, _switching(case), case.term_years, case.risk_premium)
    return switching_slips(case, 0.0) | {_PREMIUM_IN_BATNA: with_premium}


def client_reservation_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong client reservation prices a learner computes, by the text that explains each."""
    return switching_slips(case, case.risk_premium) | {
        _PREMIUM_MISSING: client_price(case, _switching(case), case.term_years, 0.0),
        _TARGET: case.client_target,
        _TODAY: case.current_price,
    }


def provider_reservation_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong provider reservation prices a learner computes, by the text that explains each."""
    slips = {
        _COST_ONLY: provider_reservation_price(case.delivery_cost, 0.0),
        _PROVIDER_BATNA: case.provider_batna_value,
        _ASK: case.asking_price,
    }
    if case.minimum_markup < 1:
        slips[_MARGIN] = case.delivery_cost / (1 - case.minimum_markup)
    return slips


def explained_slip(value: float, slips: Mapping[str, float], expected: float) -> str | None:
    for text, wrong in slips.items():
        if not money_close(wrong, expected) and money_close(value, wrong):
            return text
    return None


def _judge_price(
    case: NegotiationView,
    answer: Plain,
    pick: Callable[[Reference], float],
    slips: Mapping[str, float],
    lead: str,
    otherwise: str,
) -> None:
    """Pass the reference price; else name the slip that explains the answer (``lead`` + its
    text), then numbers of another variant, then say what the price is made of."""
    expected = pick(reference(case.learner_id))
    if money_close(answer, expected):
        return
    slip = explained_slip(answer, slips, expected)
    if slip:
        raise CheckFailed(f"{lead} {slip}")
    if copied_number(answer, case.learner_id, pick):
        raise different_variant("These numbers")
    raise CheckFailed(otherwise)


WALK_AWAY = "Your walk-away point: BATNA, reservation value and target"


def price_check(
    check_id: str, name: str, slips: Callable[[NegotiationView], Mapping[str, float]], lead: str
) -> None:
    """Register the check of the walk-away price ``name`` (the notebook's variable, and the
    field of ``Reference`` that holds it): see ``_judge_price``; ``HOW[name]`` says what the
    price is made of."""

    def check(case: NegotiationView, answer: Plain) -> None:
        expect_number(answer, name)
        _judge_price(case, answer, attrgetter(name), slips(case), lead, HOW[name])

    check.__name__ = check.__qualname__ = f"check_{name}"
    checks.check(check_id, WALK_AWAY)(check)


HOW = {
    "client_batna": "Your BATNA cost is not right. It is what Atlas would pay a year if it walked "
    "away: the alternative bidder's annual price plus the one-time switching cost spread over "
    "the term (revisit: the client's BATNA).",
    "client_reservation": "Your reservation price is not right. Start from the annual cost of the "
    "BATNA and add the annual risk premium (revisit: the reservation price).",
    "provider_reservation": "Tessera's reservation price is not right: it is the delivery cost "
    "times 1 plus the minimum markup (revisit: the provider's reservation price).",
}
"""What each price is made of, for an answer no known slip explains."""

price_check("client-batna", "client_batna", client_batna_slips, "Your BATNA cost")
price_check(
    "client-reservation", "client_reservation", client_reservation_slips, "Your reservation price"
)
price_check(
    "provider-reservation",
    "provider_reservation",
    provider_reservation_slips,
    "Your provider reservation price",
)
