"""What a variant must keep from its base case, and when its reference answer is unambiguous.

Why: a variant with new numbers is only useful if the exercise still makes sense. ``story``
returns the facts an exercise is built on (which bids are knocked out, which months are capped,
which rows of a register are defective, which packages both sides accept); a variant must have
the same story as its base. ``well_defined`` refuses variants whose reference answer would hang
on a near-tie (two vendors 0.01 apart, a measurement a hair from its target), where a learner's
rounding, not their understanding, would decide the grade.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterable

from course.cases.kinds import (
    Case,
    EscalationCase,
    GovernanceCase,
    NegotiationCase,
    RiskCase,
    SlaCase,
    SourcingCostCase,
    VendorSelectionCase,
)
from course.models.escalation import validate_plan
from course.models.governance import validate_cadence, validate_raci
from course.models.negotiation import (
    acceptable,
    offer_in_zopa,
    pareto_efficient_offers,
    score_offer,
    value_creating_trades,
)
from course.models.risk import validate_register
from course.models.sourcing_cost import compare_to_baseline
from course.models.vendor import (
    Criterion,
    ScoringMatrix,
    score_vendors,
    weight_sensitivity,
)

VENDOR_TOTAL_GAP = 0.05
"""Qualified vendors' weighted totals differ by at least this (on the 1-5 scale)."""

SENSITIVITY_GAP = 0.01
"""The most sensitive criterion's weight change beats the runner-up's by at least this (0-1); its
break-even weight lies at least this far inside 0-1 and this far from every current weight."""

COST_GAP_SHARE = 0.01
"""Options' totals (and annual staff costs) differ by at least 1% of the baseline's."""

MEASUREMENT_MARGIN = 0.001
"""A measurement off target is off by at least 0.1% of the target (or 0.001 for shares)."""

CAP_MARGIN = 0.02
"""A month's credits are at least 2% away from the at-risk cap, so "capped?" is clear."""

UTILITY_MARGIN = 1.0
"""A proposal's score is at least one point away from each side's BATNA utility."""


def story(case: Case) -> Hashable:
    """The facts of ``case`` that every variant must share with the base case."""
    return _STORIES[case.kind](case)


def well_defined(case: Case) -> bool:
    """Whether every reference answer of ``case`` is clear of near-ties."""
    return _WELL_DEFINED[case.kind](case)


def _pairwise_gap(values: Iterable[float]) -> float:
    ordered = sorted(values)
    return min((b - a for a, b in itertools.pairwise(ordered)), default=math.inf)


def _findings(findings: Iterable) -> frozenset[tuple[str, str]]:
    return frozenset((finding.rule, finding.field) for finding in findings)


# --- vendor selection ---------------------------------------------------------------------------


def _unscreened(case: VendorSelectionCase) -> ScoringMatrix:
    matrix = case.scoring_matrix()
    criteria = tuple(Criterion(c.name, c.weight) for c in matrix.criteria)
    return ScoringMatrix(criteria, matrix.ratings, matrix.scale)


def _vendor_story(case: VendorSelectionCase) -> Hashable:
    """Who is knocked out and why, who would win if knock-outs were ignored, who lacks capacity."""
    knocked_out = frozenset(
        (score.vendor, tuple(reason.split(":")[0] for reason in score.reasons))
        for score in score_vendors(case.scoring_matrix())
        if score.disqualified
    )
    unscreened = max(score_vendors(_unscreened(case)), key=lambda s: s.weighted_total or 0.0)
    short = frozenset(
        b.vendor for b in case.bids if b.daily_ticket_capacity < case.peak_daily_tickets
    )
    flips = any(s.new_weight is not None for s in weight_sensitivity(case.scoring_matrix()))
    return knocked_out, unscreened.vendor, short, flips


def _vendor_well_defined(case: VendorSelectionCase) -> bool:
    matrix = case.scoring_matrix()
    qualified = [s.weighted_total for s in score_vendors(matrix) if not s.disqualified]
    if len(qualified) < 2 or _pairwise_gap(qualified) < VENDOR_TOTAL_GAP:
        return False
    everyone = [s.weighted_total or 0.0 for s in score_vendors(_unscreened(case))]
    if _pairwise_gap(everyone) < VENDOR_TOTAL_GAP:
        return False
    flips = sorted(
        (s for s in weight_sensitivity(matrix) if s.change is not None),
        key=lambda s: abs(s.change or 0.0),
    )
    if not flips or abs(flips[0].change or 0.0) < SENSITIVITY_GAP:
        return False
    break_even = flips[0].new_weight or 0.0
    if not SENSITIVITY_GAP <= break_even <= 1 - SENSITIVITY_GAP:
        return False  # a winner that only changes at weight 0 or 100% makes a poor exercise
    if any(abs(break_even - weight) < SENSITIVITY_GAP for weight in matrix.weights.values()):
        return False  # reporting a current weight by mistake must not land on the answer
    return (
        len(flips) < 2 or abs(flips[1].change or 0) - abs(flips[0].change or 0) >= SENSITIVITY_GAP
    )


# --- sourcing cost ------------------------------------------------------------------------------


def _totals(case: SourcingCostCase) -> dict[str, float]:
    return {
        option.name: compare_to_baseline(option, case.baseline_option, case.years).option_total
        for option in case.sourcing_options
    }


def _sourcing_story(case: SourcingCostCase) -> Hashable:
    """Cheapest on staff cost alone, cheapest in total, and which options save money at all."""
    staff = {option.name: option.annual_staff_cost for option in case.sourcing_options}
    totals = _totals(case)
    baseline_total = compare_to_baseline(
        case.sourcing_options[0], case.baseline_option, case.years
    ).baseline_total
    saving = frozenset(name for name, total in totals.items() if total < baseline_total)
    return min(staff, key=staff.get), min(totals, key=totals.get), saving


def _sourcing_well_defined(case: SourcingCostCase) -> bool:
    comparisons = [
        compare_to_baseline(option, case.baseline_option, case.years)
        for option in case.sourcing_options
    ]
    baseline_total = comparisons[0].baseline_total
    totals = [c.option_total for c in comparisons] + [baseline_total]
    staff = [option.annual_staff_cost for option in case.sourcing_options]
    return (
        _pairwise_gap(totals) >= COST_GAP_SHARE * baseline_total
        and _pairwise_gap(staff) >= COST_GAP_SHARE * case.baseline_option.annual_staff_cost
    )


# --- service levels -----------------------------------------------------------------------------


def _sla_story(case: SlaCase) -> Hashable:
    """Which levels are met each month, which months hit the cap, and whether complaints climb."""
    months = []
    for number in range(1, case.month_count + 1):
        report = case.credits(number)
        months.append((tuple(line.met for line in report.lines), report.capped))
    complaints = [record.complaints for record in case.months]
    rising = all(a < b for a, b in itertools.pairwise(complaints))
    return tuple(months), rising


def _sla_well_defined(case: SlaCase) -> bool:
    for number in range(1, case.month_count + 1):
        report = case.credits(number)
        for line in report.lines:
            gap = abs(line.measured - line.target)
            if 0 < gap < MEASUREMENT_MARGIN * max(abs(line.target), 1):
                return False
        total, cap = report.total_before_cap, report.at_risk_amount
        if total > 0 and abs(total - cap) < CAP_MARGIN * cap:
            return False
    return True


# --- risk register ------------------------------------------------------------------------------


def _risk_story(case: RiskCase) -> Hashable:
    """Every finding of the draft register, by rule and field."""
    return _findings(validate_register(case.register()))


def _risk_well_defined(case: RiskCase) -> bool:
    return True  # the register's order has a full tie-break (score, impact, id)


# --- negotiation --------------------------------------------------------------------------------


def _position(value: float, case: NegotiationCase) -> str:
    zopa = case.zopa()
    if zopa is None:
        return "no zone"
    if offer_in_zopa(value, zopa):
        return "inside"
    return "below" if value < zopa.low else "above"


def _negotiation_story(case: NegotiationCase) -> Hashable:
    """Where the targets and openings fall, whether each scenario closes the zone, which
    proposals each side accepts, which are Pareto-efficient, which trade creates most value, and
    whether the alternative bid undercuts today's price (the narrative says it does)."""
    offers = tuple(
        _position(value, case)
        for value in (
            case.client_target,
            case.client_opening,
            case.provider_target,
            case.provider_opening,
        )
    )
    scenarios = tuple(case.with_scenario(name).zopa() is None for name in case.scenarios)
    buyer, seller = case.client_preferences(), case.provider_preferences()
    frontier = pareto_efficient_offers(case.issue_list, buyer, seller)
    proposals = tuple(
        (
            name,
            acceptable(package, buyer, case.client_batna_utility),
            acceptable(package, seller, case.provider_batna_utility),
            dict(package) in frontier,
        )
        for name, package in case.proposals.items()
    )
    trades = value_creating_trades(buyer, seller)
    best_trade = (trades[0].buyer_issue, trades[0].seller_issue) if trades else None
    undercut = case.alternative_price < case.current_price
    return case.zopa() is None, offers, scenarios, proposals, best_trade, undercut


def _negotiation_well_defined(case: NegotiationCase) -> bool:
    buyer, seller = case.client_preferences(), case.provider_preferences()
    for package in case.proposals.values():
        if abs(score_offer(package, buyer) - case.client_batna_utility) < UTILITY_MARGIN:
            return False
        if abs(score_offer(package, seller) - case.provider_batna_utility) < UTILITY_MARGIN:
            return False
    zopa = case.zopa()
    if zopa is None:
        return True
    edges = (zopa.low, zopa.high)
    offers = (case.client_target, case.client_opening, case.provider_opening)
    return all(abs(offer - edge) >= 5_000 for offer in offers for edge in edges)


# --- governance and escalation ------------------------------------------------------------------


def _governance_story(case: GovernanceCase) -> Hashable:
    """Every finding of the draft calendar and the draft RACI, by rule and field."""
    return _findings(validate_cadence(case.tiers)), _findings(validate_raci(case.raci_draft()))


def _escalation_story(case: EscalationCase) -> Hashable:
    """Every finding of the draft plan, by rule and field."""
    return _findings(validate_plan(case.draft_plan()))


def _always(case: Case) -> bool:
    return True


_STORIES: dict[str, Callable[[Case], Hashable]] = {
    VendorSelectionCase.kind: _vendor_story,
    SourcingCostCase.kind: _sourcing_story,
    SlaCase.kind: _sla_story,
    RiskCase.kind: _risk_story,
    NegotiationCase.kind: _negotiation_story,
    GovernanceCase.kind: _governance_story,
    EscalationCase.kind: _escalation_story,
}

_WELL_DEFINED: dict[str, Callable[[Case], bool]] = {
    VendorSelectionCase.kind: _vendor_well_defined,
    SourcingCostCase.kind: _sourcing_well_defined,
    SlaCase.kind: _sla_well_defined,
    RiskCase.kind: _risk_well_defined,
    NegotiationCase.kind: _negotiation_well_defined,
    GovernanceCase.kind: _always,
    EscalationCase.kind: _always,
}
