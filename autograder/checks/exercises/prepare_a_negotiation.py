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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from autograder.checks.detect import different_variant, money_close
from autograder.checks.failure import CheckFailed, ShapeProblem
from autograder.checks.plain import Plain
from autograder.checks.registry import ExerciseChecks
from autograder.checks.shape import expect_number
from autograder.checks.views import BASE, PUBLISHED, learner_view, published_view
from course.cases import NegotiationCase, load_case, variant
from course.cases.kinds.negotiation import NegotiationView
from course.models.negotiation import (
    Issue,
    Preferences,
    pareto_efficient_offers,
    score_offer,
)

EXERCISE_ID = "prepare-a-negotiation"
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


# --- misconceptions: what a typical wrong answer computes ----------------------------------


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


def client_batna_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong annual BATNA costs a learner computes, by the text that explains each."""
    alt, term = case.alternative_price, case.term_years
    fee, dual = case.transition_fee, case.dual_running_months * case.dual_running_monthly_cost
    switching = fee + dual
    return {
        _SWITCH_MISSING: alt,
        _SWITCH_FULL: alt + switching,
        _DUAL_MISSING: alt + fee / term,
        _PREMIUM_IN_BATNA: alt + switching / term + case.risk_premium,
    }


def client_reservation_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong client reservation prices a learner computes, by the text that explains each."""
    alt, term, premium = case.alternative_price, case.term_years, case.risk_premium
    fee, dual = case.transition_fee, case.dual_running_months * case.dual_running_monthly_cost
    switching = fee + dual
    return {
        _SWITCH_MISSING: alt + premium,
        _SWITCH_FULL: alt + switching + premium,
        _DUAL_MISSING: alt + fee / term + premium,
        _PREMIUM_MISSING: alt + switching / term,
        _TARGET: case.client_target,
        _TODAY: case.current_price,
    }


def provider_reservation_slips(case: NegotiationView) -> dict[str, float]:
    """Wrong provider reservation prices a learner computes, by the text that explains each."""
    slips = {
        _COST_ONLY: case.delivery_cost,
        _PROVIDER_BATNA: case.provider_batna_value,
        _ASK: case.asking_price,
    }
    if case.minimum_markup < 1:
        slips[_MARGIN] = case.delivery_cost / (1 - case.minimum_markup)
    return slips


def middle_package(case: NegotiationView) -> dict[str, str]:
    """Every issue split down the middle: the case's "Split the difference" proposal."""
    return dict(case.proposals.get("Split the difference", {}))


def _splits_every_issue(answer: Mapping[str, str], case: NegotiationView) -> bool:
    """The middle option of every issue with an odd number of options (the rest as they come)."""
    if dict(answer) == middle_package(case):
        return True
    odd = {name: opts for name, opts in case.issues.items() if len(opts) % 2 == 1 and len(opts) > 2}
    return bool(odd) and all(answer[name] == opts[len(opts) // 2] for name, opts in odd.items())


# --- helpers --------------------------------------------------------------------------------


def _slip(value: float, slips: Mapping[str, float], expected: float) -> str | None:
    for text, wrong in slips.items():
        if not money_close(wrong, expected) and money_close(value, wrong):
            return text
    return None


def _others(learner_id: str) -> list[str]:
    """The variants a learner might have copied numbers from: the base variant and the lesson."""
    return [other for other in (BASE, PUBLISHED) if other != learner_id]


def _copied_number(value: float, learner_id: str, pick: Callable[[Reference], float]) -> bool:
    return any(money_close(value, pick(reference(other))) for other in _others(learner_id))


# --- shapes (also used by the visible tests) -----------------------------------------------


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
    missing = [key for key in SHOCK_KEYS if key not in value]
    extra = [key for key in value if key not in SHOCK_KEYS]
    if missing:
        raise ShapeProblem(f"{name} is missing {', '.join(map(repr, missing))}")
    if extra:
        raise ShapeProblem(f"{name} has keys the exercise does not ask for: {extra[0]!r}")
    expect_number(value["client_reservation"], f"{name}['client_reservation']")
    expect_number(value["provider_reservation"], f"{name}['provider_reservation']")
    expect_zopa(value["zopa"], f"{name}['zopa']")


def expect_package(value: Any, issues: Mapping[str, Sequence[str]], name: str = "package") -> None:
    """``value`` chooses one of the case's options (text) for every issue, and nothing else."""
    if type(value) is not dict:
        raise ShapeProblem(
            f"{name} should be a dict issue -> option, like {{'term': '3 years', ...}}, "
            f"not a {type(value).__name__}"
        )
    missing = [issue for issue in issues if issue not in value]
    extra = [issue for issue in value if issue not in issues]
    if missing:
        raise ShapeProblem(f"{name} chooses no option for {', '.join(map(repr, missing))}")
    if extra:
        raise ShapeProblem(f"{name} has an issue that is not in the case: {extra[0]!r}")
    for issue, options in issues.items():
        if value[issue] not in options:
            raise ShapeProblem(
                f"{name}[{issue!r}] is {value[issue]!r}, which is not one of: "
                f"{', '.join(map(repr, options))}"
            )


# --- the checks ----------------------------------------------------------------------------


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
    slip = _slip(answer, slips, expected)
    if slip:
        raise CheckFailed(f"{lead} {slip}")
    if _copied_number(answer, case.learner_id, pick):
        raise different_variant("These numbers")
    raise CheckFailed(otherwise)


WALK_AWAY = "Your walk-away point: BATNA, reservation value and target"


@checks.check("client-batna", WALK_AWAY)
def check_client_batna(case: NegotiationView, answer: Plain) -> None:
    expect_number(answer, "client_batna")
    _judge_price(
        case,
        answer,
        lambda r: r.client_batna,
        client_batna_slips(case),
        "Your BATNA cost",
        "Your BATNA cost is not right. It is what Atlas would pay a year if it walked away: "
        "the alternative bidder's annual price plus the one-time switching cost spread over the "
        "term (revisit: the client's BATNA).",
    )


@checks.check("client-reservation", WALK_AWAY)
def check_client_reservation(case: NegotiationView, answer: Plain) -> None:
    expect_number(answer, "client_reservation")
    _judge_price(
        case,
        answer,
        lambda r: r.client_reservation,
        client_reservation_slips(case),
        "Your reservation price",
        "Your reservation price is not right. Start from the annual cost of the BATNA and add the "
        "annual risk premium (revisit: the reservation price).",
    )


@checks.check("provider-reservation", WALK_AWAY)
def check_provider_reservation(case: NegotiationView, answer: Plain) -> None:
    expect_number(answer, "provider_reservation")
    _judge_price(
        case,
        answer,
        lambda r: r.provider_reservation,
        provider_reservation_slips(case),
        "Your provider reservation price",
        "Tessera's reservation price is not right: it is the delivery cost times 1 plus the "
        "minimum markup (revisit: the provider's reservation price).",
    )


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
        slip = _slip(high, client_reservation_slips(case), expected[1])
        if slip:
            return f"The high end of your zone (Atlas's walk-away price) {slip}"
    if not money_close(low, expected[0]):
        slip = _slip(low, provider_reservation_slips(case), expected[0])
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
        for other in _others(case.learner_id)
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
        slip = _slip(provider, provider_reservation_slips(shock), ref.shock_provider_reservation)
        raise CheckFailed(
            f"Under the cost shock, your provider reservation price {slip}"
            if slip
            else "Under the cost shock, your provider reservation price is not right: the "
            "scenario's delivery cost times 1 plus the minimum markup."
        )
    if not money_close(client, ref.shock_client_reservation):
        slip = _slip(client, client_reservation_slips(shock), ref.shock_client_reservation)
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


# --- what the setup cell shows -------------------------------------------------------------


_FACTS = {
    "current_price": "what the client pays today (a year)",
    "asking_price": "the provider's renewal ask (a year)",
    "term_years": "years of the renewal term",
    "alternative_price": "the alternative bidder's firm price (a year)",
    "transition_fee": "the alternative's transition fee (one time)",
    "dual_running_months": "months the client pays both providers while switching",
    "dual_running_monthly_cost": "what the client pays the incumbent per month of dual running",
    "risk_premium": "extra the client would pay a year to avoid the risk of switching",
    "delivery_cost": "the provider's estimated cost to deliver (a year)",
    "minimum_markup": "the provider's lowest acceptable markup ON COST (0.10 = 10%)",
    "provider_batna_value": "what the provider earns a year if it redeploys the team",
    "client_target": "the client's target price (a year)",
    "client_opening": "the opening price the client's procurement lead suggests",
    "provider_opening": "the provider's opening price",
}


def describe(case: NegotiationView) -> list[object]:
    """What the notebook shows under the setup cell: prices, scenario, issues and proposals."""
    import pandas as pd
    from IPython.display import Markdown

    facts = pd.DataFrame(
        {
            "attribute": [f"case.{field}" for field in _FACTS],
            "what it is": list(_FACTS.values()),
            "value": [getattr(case, field) for field in _FACTS],
        }
    ).set_index("attribute")
    scenarios = pd.DataFrame(case.scenarios).T
    scenarios.index.name = "scenario"
    weights = pd.DataFrame({case.client: case.client_weights, case.provider: case.provider_weights})
    utilities = pd.DataFrame(
        [
            {
                "issue": issue,
                "option": option,
                case.client: case.client_utilities[issue][option],
                case.provider: case.provider_utilities[issue][option],
            }
            for issue, options in case.issues.items()
            for option in options
        ]
    ).set_index(["issue", "option"])
    proposals = pd.DataFrame(case.proposals).T[list(case.issues)]
    return [
        Markdown(
            f"**{case.client}** renews with **{case.provider}**; the alternative is "
            f"**{case.alternative_bidder}**'s firm bid. Money in {case.currency}."
        ),
        facts,
        Markdown(
            "What-if scenarios (`case.scenarios`; `case.with_scenario(name)` gives the case with "
            "these values in place)"
        ),
        scenarios,
        Markdown(
            "Importance points per issue (`case.client_weights`, `case.provider_weights`; not "
            "normalised)"
        ),
        weights,
        Markdown(
            "Points per option, 0-100 (`case.client_utilities[issue][option]`, "
            "`case.provider_utilities[...]`; the options of each issue are in `case.issues`)"
        ),
        utilities,
        Markdown(
            f"BATNA utilities: {case.client} {case.client_batna_utility:g} points "
            f"(`case.client_batna_utility`), {case.provider} {case.provider_batna_utility:g} "
            "points (`case.provider_batna_utility`). Proposals made so far (`case.proposals`):"
        ),
        proposals,
    ]


CHECKS = checks.by_id
LESSON_SECTIONS = checks.sections
