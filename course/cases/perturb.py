"""How a learner's variant changes the numbers of each kind of case (names never change).

Why per kind: "different numbers" means something different in each case. Ratings move one step
on their scale, rates and prices move up to 15%, head-counts by a few people, likelihoods and
impacts by one level, response times along a grid of plausible values. Each function draws new
numbers; ``invariants`` then decides whether the draw still tells the same story (planted defects
still planted, the same trap still set) and whether the reference answer is unambiguous.

Where a planted defect depends on a number (a rating below a must-have minimum, a response time
that does not rise), the draw is constrained to keep it, so few draws are thrown away.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from types import MappingProxyType

from course.cases.draw import Draw, round_to
from course.cases.kinds import (
    Case,
    EscalationCase,
    GovernanceCase,
    MonthRecord,
    NegotiationCase,
    RiskCase,
    SlaCase,
    SourcingCostCase,
    VendorSelectionCase,
)
from course.models.risk import Band, Risk, rating_band, risk_score
from course.models.sourcing_cost import GOVERNANCE_SHARE_RANGE, SourcingOption, StaffLine
from course.models.vendor import Criterion

RATE_SPREAD = 0.15
"""Rates and prices move by up to 15% either way (the brief's spread; rate cards for the same
work and location differ at least this much between bids)."""

MAX_PRICE_WEIGHT = 35
"""Price never weighs more than 35 points of 100: META Group's advice (docs/evidence.md, E1)."""


# --- vendor selection ---------------------------------------------------------------------------


def perturb_vendor_selection(case: VendorSelectionCase, draw: Draw) -> VendorSelectionCase:
    """Weights +/-5 points, ratings +/-1 (never across a must-have minimum), prices +/-15%,
    capacities +/-15%. The peak load stays: the narrative quotes it."""
    low, high = case.scale
    criteria = []
    for criterion in case.criteria:
        cap = MAX_PRICE_WEIGHT if criterion.name == case.price_criterion else 100
        weight = min(cap, max(5, criterion.weight + 5 * draw.integer(-1, 1)))
        criteria.append(Criterion(criterion.name, weight, criterion.minimum))
    minimums = {c.name: c.minimum for c in case.criteria if c.minimum is not None}
    bids = []
    for bid in case.bids:
        ratings = {}
        for name, rating in bid.ratings.items():
            lo, hi = low, high
            if name in minimums:
                floor = math.ceil(minimums[name])  # the smallest whole rating that meets it
                lo, hi = (floor, high) if rating >= minimums[name] else (low, floor - 1)
            ratings[name] = draw.nudged(rating, lo, hi)
        bids.append(
            dataclasses.replace(
                bid,
                annual_price=draw.scaled(bid.annual_price, RATE_SPREAD, 0.01, low=0.01),
                daily_ticket_capacity=int(draw.scaled(bid.daily_ticket_capacity, 0.15, 50)),
                ratings=MappingProxyType(ratings),
            )
        )
    return dataclasses.replace(case, criteria=tuple(criteria), bids=tuple(bids))


# --- sourcing cost ------------------------------------------------------------------------------


def perturb_sourcing_cost(case: SourcingCostCase, draw: Draw) -> SourcingCostCase:
    """Rates +/-15%, head-counts +/-10%, one-time and hidden costs moved within published bands.

    The in-house team keeps its head-count (the narrative counts it) and moves its rate +/-10%.

    Governance stays in the 3-6% band of ``GOVERNANCE_SHARE_RANGE``; ramp-up losses stay within
    5-20% (Meta Group's "as much as 20 percent", cited by Overby, CIO 2003). Parallel running
    follows the in-house cost, since it pays the in-house team during the hand-over.
    """
    old = case.baseline_option
    in_house_rates = {
        line.annual_rate: draw.scaled(line.annual_rate, 0.1, 500) for line in old.staff
    }
    baseline = dataclasses.replace(
        old,
        staff=tuple(
            StaffLine(line.location, line.fte, in_house_rates[line.annual_rate])
            for line in old.staff
        ),
        annual_attrition=_share(draw, old.annual_attrition, 0.02, 0.05, 0.25),
        knowledge_loss_cost_per_leaver=draw.scaled(old.knowledge_loss_cost_per_leaver, 0.15, 500),
    )
    in_house_growth = baseline.annual_staff_cost / old.annual_staff_cost
    options, breakdowns = [], {}
    for option in case.sourcing_options:
        items = {
            item: round_to(amount * in_house_growth * draw.uniform(0.95, 1.05), 1000)
            if item == "parallel_running"
            else draw.scaled(amount, RATE_SPREAD, 500)
            for item, amount in case.transition_breakdown[option.name].items()
        }
        breakdowns[option.name] = MappingProxyType(items)
        options.append(_option(option, items, draw, in_house_rates))
    return dataclasses.replace(
        case,
        baseline_option=baseline,
        sourcing_options=tuple(options),
        transition_breakdown=MappingProxyType(breakdowns),
    )


def _staff_line(line: StaffLine, draw: Draw, in_house_rates: dict[float, float]) -> StaffLine:
    """Head-count +/-10%; a provider's rate +/-15%. Onshore lines paid the in-house rate are the
    client's own retained staff (the hybrid's core team), so they follow the in-house rate."""
    fte = max(1, round(line.fte * draw.uniform(0.9, 1.1)))
    retained = line.location == "onshore" and line.annual_rate in in_house_rates
    rate = (
        in_house_rates[line.annual_rate]
        if retained
        else draw.scaled(line.annual_rate, RATE_SPREAD, 500)
    )
    return StaffLine(line.location, fte, rate)


def _share(draw: Draw, value: float, spread: float, low: float, high: float) -> float:
    return min(high, max(low, round_to(value + draw.uniform(-spread, spread), 0.005)))


def _option(
    option: SourcingOption,
    items: dict[str, float],
    draw: Draw,
    in_house_rates: dict[float, float],
) -> SourcingOption:
    months = option.transition_months
    if months:
        months = max(1, months + draw.integer(-1, 1))
    governance_low, governance_high = GOVERNANCE_SHARE_RANGE
    return dataclasses.replace(
        option,
        staff=tuple(_staff_line(line, draw, in_house_rates) for line in option.staff),
        transition_cost=sum(items.values()),
        transition_months=months,
        ramp_up_productivity_loss=_share(draw, option.ramp_up_productivity_loss, 0.03, 0.05, 0.20)
        if months
        else 0.0,
        governance_share=_share(
            draw, option.governance_share, 0.0075, governance_low, governance_high
        ),
        annual_attrition=_share(draw, option.annual_attrition, 0.03, 0.05, 0.30),
        knowledge_loss_cost_per_leaver=draw.scaled(
            option.knowledge_loss_cost_per_leaver, RATE_SPREAD, 500
        ),
        annual_travel=draw.scaled(option.annual_travel, RATE_SPREAD, 1000),
    )


# --- service levels -----------------------------------------------------------------------------


def perturb_sla(case: SlaCase, draw: Draw) -> SlaCase:
    """Charge +/-15%, at-risk share 10-15%, pools +/-0.1, each measurement's gap to target x0.6-1.4.

    Scaling the gap (not the value) keeps every met level met and every missed level missed, in
    the direction its target points; the invariants check what rounding might still flip.
    """
    pools = {
        name: min(1.0, max(0.2, round_to(share + 0.05 * draw.integer(-2, 2), 0.05)))
        for name, share in case.pool_allocation.items()
    }
    targets = {level.name: level for level in case.levels}
    months = []
    for record in case.months:
        reported = {}
        for name, value in record.reported.items():
            target = targets[name].target
            gap = (value - target) * draw.uniform(0.6, 1.4)
            step = 1.0 if abs(target) >= 10 else 0.001
            moved = round_to(target + gap, step)
            if step < 1:
                moved = min(1.0, max(0.0, moved))
            reported[name] = moved
        counted = record.downtime_minutes - record.excluded_minutes
        excluded = round_to(record.excluded_minutes * draw.uniform(0.7, 1.3), 5)
        counted = round_to(counted * draw.uniform(0.6, 1.4), 5)
        complaints = max(0, round(record.complaints * draw.uniform(0.8, 1.2)))
        months.append(
            MonthRecord(
                record.label,
                record.scheduled_minutes,
                excluded + counted,
                excluded,
                MappingProxyType(reported),
                complaints,
            )
        )
    return dataclasses.replace(
        case,
        monthly_charge=draw.scaled(case.monthly_charge, RATE_SPREAD, 500),
        at_risk_share=draw.pick((0.10, 0.11, 0.12, 0.13, 0.14, 0.15)),
        pool_allocation=MappingProxyType(pools),
        months=tuple(months),
    )


# --- risk register ------------------------------------------------------------------------------


_ACTION_BANDS = (Band.HIGH, Band.CRITICAL)


def perturb_risk(case: RiskCase, draw: Draw) -> RiskCase:
    """Likelihood and impact each move by at most one level, never across the High threshold.

    A risk that needs an owner and a mitigation (High or Critical) stays that way and one that
    does not stays below, so the planted gaps remain findings and the decoys remain decoys. A
    residual score planted above the inherent score stays above it, and the others stay at or
    below it.
    """
    return dataclasses.replace(case, risks=tuple(_risk(risk, draw) for risk in case.risks))


def _needs_action(likelihood: int, impact: int) -> bool:
    return rating_band(risk_score(likelihood, impact)) in _ACTION_BANDS


def _near(likelihood: int, impact: int) -> list[tuple[int, int]]:
    return [
        (lik, imp)
        for lik in range(max(1, likelihood - 1), min(5, likelihood + 1) + 1)
        for imp in range(max(1, impact - 1), min(5, impact + 1) + 1)
    ]


def _risk(risk: Risk, draw: Draw) -> Risk:
    action = _needs_action(risk.likelihood, risk.impact)
    likelihood, impact = draw.pick(
        [cell for cell in _near(risk.likelihood, risk.impact) if _needs_action(*cell) == action]
    )
    if risk.residual_likelihood is None or risk.residual_impact is None:
        return dataclasses.replace(risk, likelihood=likelihood, impact=impact)
    above = risk_score(risk.residual_likelihood, risk.residual_impact) > risk.score
    inherent = likelihood * impact
    cells = [
        cell
        for cell in _near(risk.residual_likelihood, risk.residual_impact)
        if (cell[0] * cell[1] > inherent) == above
    ]
    if not cells:
        cells = [(lik, imp) for lik in range(1, 6) for imp in range(1, 6)]
        cells = [cell for cell in cells if (cell[0] * cell[1] > inherent) == above]
    residual = draw.pick(cells)
    return dataclasses.replace(
        risk,
        likelihood=likelihood,
        impact=impact,
        residual_likelihood=residual[0],
        residual_impact=residual[1],
    )


# --- negotiation --------------------------------------------------------------------------------


def perturb_negotiation(case: NegotiationCase, draw: Draw) -> NegotiationCase:
    """Prices and costs +/-8-15%; targets, openings and the cost shock placed relative to them.

    The incumbent still asks 7-9% more than today, dual running still costs a month of today's
    charge, the client still opens below the provider's floor and the provider above the client's
    ceiling, and the cost shock still closes the zone. Utilities move +/-10 points inside each
    issue without changing which option a side prefers; weights move +/-5 points.
    """
    current = draw.scaled(case.current_price, 0.08, 10_000)
    markup = draw.pick((0.08, 0.10, 0.12))
    changed = dataclasses.replace(
        case,
        current_price=current,
        asking_price=round_to(current * draw.uniform(1.07, 1.09), 10_000),
        alternative_price=draw.scaled(case.alternative_price, 0.08, 10_000),
        transition_fee=draw.scaled(case.transition_fee, RATE_SPREAD, 5_000),
        dual_running_monthly_cost=round_to(current / 12, 1_000),
        risk_premium=draw.scaled(case.risk_premium, 0.4, 5_000),
        delivery_cost=draw.scaled(case.delivery_cost, 0.08, 10_000),
        minimum_markup=markup,
    )
    ceiling, floor = changed.client_reservation(), changed.provider_reservation()
    shock = round_to(ceiling / (1 + markup) * draw.uniform(1.02, 1.08), 10_000)
    scenarios = {
        name: MappingProxyType({**values, "delivery_cost": shock})
        if "delivery_cost" in values
        else values
        for name, values in case.scenarios.items()
    }
    return dataclasses.replace(
        changed,
        provider_batna_value=round_to(floor * draw.uniform(0.94, 0.98), 10_000),
        client_target=round_to(floor + (ceiling - floor) * draw.uniform(0.15, 0.45), 10_000),
        client_opening=round_to(floor * draw.uniform(0.94, 0.98), 10_000),
        provider_target=changed.asking_price,
        provider_opening=changed.asking_price,
        scenarios=MappingProxyType(scenarios),
        client_weights=_weights(case.client_weights, draw),
        provider_weights=_weights(case.provider_weights, draw),
        client_utilities=_utilities(case.client_utilities, draw),
        provider_utilities=_utilities(case.provider_utilities, draw),
        client_batna_utility=float(case.client_batna_utility + 5 * draw.integer(-1, 1)),
        provider_batna_utility=float(case.provider_batna_utility + 5 * draw.integer(-1, 1)),
    )


def _weights(weights: Mapping[str, float], draw: Draw) -> MappingProxyType:
    return MappingProxyType(
        {issue: max(5.0, weight + 5 * draw.integer(-1, 1)) for issue, weight in weights.items()}
    )


def _utilities(table: Mapping[str, Mapping[str, float]], draw: Draw) -> MappingProxyType:
    """Points move +/-10 in steps of 5 within 5-95; 0 and 100 stay (they anchor the scale).

    The drawn points are handed out in the base order of the options, so a side still likes its
    options in the same order as before.
    """
    moved = {}
    for issue, options in table.items():
        drawn = sorted(
            value if value in (0, 100) else min(95.0, max(5.0, value + 5 * draw.integer(-2, 2)))
            for value in options.values()
        )
        least_liked_first = sorted(options, key=lambda option: options[option])
        moved[issue] = MappingProxyType(
            {option: float(drawn[least_liked_first.index(option)]) for option in options}
        )
    return MappingProxyType(moved)


# --- governance ---------------------------------------------------------------------------------


def perturb_governance(case: GovernanceCase, draw: Draw) -> GovernanceCase:
    """Contract facts moved a little, step scores +/-1 within 0-3 (the deal stays troubled), and
    meeting counts from a grid that keeps the planted calendar problems. The RACI has no numbers,
    so it stays as drafted.
    """
    scores = {
        step: draw.nudged(score, max(0, score - 1), min(3, score + 1))
        for step, score in case.health_scores.items()
    }
    operational, tactical, strategic = draw.pick((12, 26)), draw.pick((4, 6)), draw.pick((8, 12))
    meetings = {"operational": operational, "tactical": tactical, "strategic": strategic}
    tiers = tuple(
        dataclasses.replace(tier, meetings_per_year=meetings[tier.name]) for tier in case.tiers
    )
    reported = case.sla_months_reported
    return dataclasses.replace(
        case,
        annual_contract_value=draw.scaled(case.annual_contract_value, RATE_SPREAD, 500_000),
        business_satisfaction=round_to(
            min(2.6, max(1.5, case.business_satisfaction + draw.uniform(-0.3, 0.3))), 0.1
        ),
        sla_months_met=reported - draw.integer(1, 3),
        vmo_loaded_cost_per_fte=draw.scaled(case.vmo_loaded_cost_per_fte, 0.1, 5_000),
        health_scores=MappingProxyType(scores),
        tiers=tiers,
    )


# --- escalation ---------------------------------------------------------------------------------


def perturb_escalation(case: EscalationCase, draw: Draw) -> EscalationCase:
    """Response times drawn level by level from plausible grids, keeping each planted defect.

    A level that in the draft responds no later than the level below it still does (the defect
    stays); every other level still responds later than the one below it. The top level's owners
    are names, so they do not change and that defect stays by itself.
    """
    ordered = sorted(case.levels, key=lambda level: level.level)
    hours: dict[int, float] = {}
    previous_base, previous_new = None, None
    for level in ordered:
        base = level.max_response_hours
        if previous_base is None:
            new = draw.pick((0.25, 0.5)) if base <= 0.5 else draw.scaled(base, 0.25, 0.25, 0.25)
        elif base <= previous_base:
            grid = [h / 4 for h in range(1, 9) if h / 4 <= previous_new]
            new = draw.pick(grid or [previous_new])
        else:
            low = max(base * 0.75, (previous_new or 0) + 0.25)
            grid = [h / 4 for h in range(1, 4 * 12 + 1) if low <= h / 4 <= base * 2]
            new = draw.pick(grid or [low])
        hours[level.level] = new
        previous_base, previous_new = base, new
    levels = tuple(
        dataclasses.replace(level, max_response_hours=hours[level.level]) for level in case.levels
    )
    cadence = case.review_cadence_days
    if cadence is not None and 1 <= cadence <= 92:
        cadence = draw.pick((30, 45, 60, 90))
    return dataclasses.replace(case, levels=levels, review_cadence_days=cadence)


PERTURBERS: dict[str, Callable[[Case, Draw], Case]] = {
    VendorSelectionCase.kind: perturb_vendor_selection,
    SourcingCostCase.kind: perturb_sourcing_cost,
    SlaCase.kind: perturb_sla,
    RiskCase.kind: perturb_risk,
    NegotiationCase.kind: perturb_negotiation,
    GovernanceCase.kind: perturb_governance,
    EscalationCase.kind: perturb_escalation,
}
"""The perturbation for each kind of case."""
