"""Parts 2 and 3 of "Prepare a negotiation": the zone of possible agreement, the zone under the
cost shock, and an opening offer inside the zone (graded by rule: inside the zone, at or below
the client's target)."""

from __future__ import annotations

from typing import Any

from autograder.checks.detect import different_variant, money_close
from autograder.checks.exercises.prepare_a_negotiation import SCENARIO, checks, others_of, reference
from autograder.checks.exercises.prepare_a_negotiation.walk_away import (
    client_reservation_slips,
    explained_slip,
    provider_reservation_slips,
)
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.shape import expect_keys, expect_number, listed
from course.cases.kinds.negotiation import NegotiationView


def expect_zopa(value: Any, name: str = "zopa") -> None:
    """``value`` is ``[low, high]`` (two numbers) or ``None`` when there is no zone."""
    if value is None:
        return
    if type(value) not in (list, tuple) or len(value) != 2:
        raise ShapeProblem(
            f"{name} should be a list [low, high] of two numbers, or None when there is no zone"
        )
    expect_number(value[0], f"{name}[0] (low)")
    expect_number(value[1], f"{name}[1] (high)")


SHOCK_KEYS = ("client_reservation", "provider_reservation", "zopa")


def expect_cost_shock(value: Any, name: str = "cost_shock") -> None:
    """``value`` is a dict with both reservation prices (numbers) and the zone."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict {{'client_reservation': number, 'provider_reservation': "
            f"number, 'zopa': [low, high] or None}}, not a {type(value).__name__}"
        )
    expect_keys(
        value,
        SHOCK_KEYS,
        lambda missing: f"{name} is missing {listed(missing)}",
        lambda extra: f"{name} has keys the exercise does not ask for: {extra[0]!r}",
        as_given=True,
    )
    expect_number(value["client_reservation"], f"{name}['client_reservation']")
    expect_number(value["provider_reservation"], f"{name}['provider_reservation']")
    expect_zopa(value["zopa"], f"{name}['zopa']")


_NO_ZONE_SIGN = (
    "A zone exists when the client's maximum is at or above the provider's minimum; check the "
    "sign of that comparison (revisit: the ZOPA)."
)


def _zone_ends(
    answer: list[float], expected: tuple[float, float], case: NegotiationView
) -> str | None:
    """What is wrong with a reported zone, when a known slip explains it."""
    low, high = answer
    if money_close(low, expected[1]) and money_close(high, expected[0]):
        return (
            "Your zone is upside down: its low end is the provider's minimum (Tessera's "
            "reservation price) and its high end the client's maximum (Atlas's). "
            "Put the seller's minimum first (revisit: the ZOPA)."
        )
    if not money_close(high, expected[1]):
        slip = explained_slip(high, client_reservation_slips(case), expected[1])
        if slip:
            return f"The high end of your zone (Atlas's walk-away price) {slip}"
    if not money_close(low, expected[0]):
        slip = explained_slip(low, provider_reservation_slips(case), expected[0])
        if slip:
            return f"The low end of your zone (Tessera's walk-away price) {slip}"
    return None


ZONE = "The zone of possible agreement"


@checks.check("zopa", ZONE)
def check_zopa(case: NegotiationView, answer: Plain) -> None:
    expect_zopa(answer, "zopa")
    ref = reference(case.learner_id)
    expected = ref.zopa
    if expected is None:
        if answer is None:
            return
        raise CheckFailed(
            "In your case there is no zone: Atlas's walk-away price is below Tessera's. "
            "Report None (revisit: when there is no ZOPA)."
        )
    if answer is None:
        raise CheckFailed(
            "You report no zone, but in your case there is one: Atlas's walk-away price is above "
            "Tessera's. " + _NO_ZONE_SIGN
        )
    low, high = answer
    if money_close(low, expected[0]) and money_close(high, expected[1]):
        return
    problem = _zone_ends(answer, expected, case)
    if problem:
        raise CheckFailed(problem)
    if any(
        (zone := reference(other).zopa) and money_close(low, zone[0]) and money_close(high, zone[1])
        for other in others_of(case.learner_id)
    ):
        raise different_variant("These numbers")
    raise CheckFailed(
        "Your zone is not right. It runs from the provider's reservation price (low) to the "
        "client's reservation price (high) (revisit: the ZOPA)."
    )


NO_ZONE = "When there is no zone"


@checks.check("cost-shock", NO_ZONE)
def check_cost_shock(case: NegotiationView, answer: Plain) -> None:
    expect_cost_shock(answer, "cost_shock")
    base, ref = case, reference(case.learner_id)
    shock = base.with_scenario(SCENARIO)
    provider, client = answer["provider_reservation"], answer["client_reservation"]
    if not money_close(provider, ref.shock_provider_reservation):
        if money_close(provider, ref.provider_reservation):
            raise CheckFailed(
                "Your provider reservation price is the one before the shock. Apply the scenario "
                f'first (`case.with_scenario("{SCENARIO}")`) and recompute from its delivery cost '
                "(revisit: what-if scenarios)."
            )
        slip = explained_slip(
            provider, provider_reservation_slips(shock), ref.shock_provider_reservation
        )
        raise CheckFailed(
            f"Under the cost shock, your provider reservation price {slip}"
            if slip
            else "Under the cost shock, your provider reservation price is not right: the "
            "scenario's delivery cost times 1 plus the minimum markup."
        )
    if not money_close(client, ref.shock_client_reservation):
        slip = explained_slip(client, client_reservation_slips(shock), ref.shock_client_reservation)
        raise CheckFailed(
            f"Under the cost shock, your client reservation price {slip}"
            if slip
            else "Under the cost shock, your client reservation price is not right: the same "
            "rule as in Part 1, on the scenario's numbers."
        )
    zone, expected = answer["zopa"], ref.shock_zopa
    if expected is None:
        if zone is None:
            return
        raise CheckFailed(
            "Under the cost shock there is no zone: Tessera's minimum is now above Atlas's "
            "maximum, so no price leaves both sides better off than walking away. Report None, "
            "not a range. " + _NO_ZONE_SIGN
        )
    if zone is None:
        raise CheckFailed("You report no zone, but in this scenario there is one. " + _NO_ZONE_SIGN)
    if money_close(zone[0], expected[0]) and money_close(zone[1], expected[1]):
        return
    raise CheckFailed(
        _zone_ends(zone, expected, shock) or "Under the cost shock, your zone is not right."
    )


PLAN = "Preparing a negotiation: a one-page plan"


@checks.check("opening", PLAN)
def check_opening(case: NegotiationView, answer: Plain) -> None:
    expect_number(answer, "opening")
    ref = reference(case.learner_id)
    if ref.zopa is None:
        raise CheckFailed("In your case there is no zone, so no opening can lie inside it.")
    low, high = ref.zopa
    target = case.client_target
    inside_low = answer >= low or money_close(answer, low)
    if inside_low and (answer <= target or money_close(answer, target)):
        return
    if money_close(answer, ref.client_reservation):
        raise CheckFailed(
            "That opening is Atlas's reservation price, its walk-away point. Opening there offers "
            "Tessera the whole surplus on the first move: the walk-away price stays private and "
            "the opening sits well below it (revisit: reservation price versus opening offer)."
        )
    if money_close(answer, ref.client_batna):
        raise CheckFailed(
            "That opening is the annual cost of Atlas's BATNA, the price at which switching and "
            "staying cost about the same. Opening there leaves Tessera almost all the surplus "
            "(revisit: BATNA versus opening offer)."
        )
    if not inside_low:
        raise CheckFailed(
            "Your opening lies outside the zone, below Tessera's walk-away price: Tessera would "
            "rather walk than accept it, so it cannot be the credible offer the exercise asks for. "
            "Propose a price inside the zone (revisit: the ZOPA and opening offers)."
        )
    if answer > high:
        raise CheckFailed(
            "Your opening lies outside the zone, above Atlas's own walk-away price: at that price "
            "switching to the alternative would be cheaper (revisit: the ZOPA and opening offers)."
        )
    raise CheckFailed(
        "Your opening is inside the zone but above Atlas's own target. An opening is where Atlas "
        "starts conceding from, so it sits at or below what Atlas aims for, never above it "
        "(revisit: target versus opening offer)."
    )
