"""The case kinds: one frozen dataclass per model a case feeds, with methods that build its inputs.

Why methods: lessons, widgets and graders must all hand the models the same objects, built the
same way (prices turned into ratings by the stated rule, availability computed from minutes,
a reservation price derived from the BATNA). Writing that once here means no notebook rebuilds a
``ScoringMatrix`` by hand, and a learner's variant reaches every consumer unchanged.

Every case also has ``validate()``: it builds every model object the case offers, so a case that
loads is a case whose numbers the models accept.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from course.models.errors import ModelInputError
from course.models.escalation import EscalationLevel, EscalationPlan, validate_plan
from course.models.governance import (
    GovernanceTier,
    HealthCheck,
    health_check,
    validate_cadence,
    validate_raci,
)
from course.models.negotiation import (
    Issue,
    NegotiationSide,
    Preferences,
    Zopa,
    client_reservation_price,
    packages_frame,
    provider_reservation_price,
    score_offer,
    zone_of_possible_agreement,
)
from course.models.risk import Risk, RiskRegister
from course.models.sla import CreditReport, ServiceLevel, availability, service_credits
from course.models.sourcing_cost import SourcingOption, compare_to_baseline
from course.models.vendor import Criterion, ScoringMatrix, price_to_rating


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case library: what ``list_cases`` returns."""

    case_id: str
    kind: str
    company: str
    title: str
    pitch: str


@dataclass(frozen=True)
class Case:
    """What every case has: who, what, and the story a learner reads first.

    ``pitch`` is one line for the library; ``narrative`` the short story (Markdown);
    ``currency`` the ISO code of every money amount in the case.
    """

    kind: ClassVar[str] = ""

    case_id: str
    company: str
    title: str
    pitch: str
    narrative: str
    currency: str

    def summary(self) -> CaseSummary:
        """The case's line in the library."""
        return CaseSummary(self.case_id, self.kind, self.company, self.title, self.pitch)

    def validate(self) -> None:
        """Build every model object the case offers; a ``ModelInputError`` means bad data."""


# --- vendor selection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bid:
    """One provider's bid: where it would deliver from, its price, and the panel's ratings.

    ``ratings`` cover every criterion except price (price is rated by ``price_rule``); ``gates``
    are pass/fail requirements checked before any scoring.
    """

    vendor: str
    delivery_centre: str
    annual_price: float
    daily_ticket_capacity: int
    ratings: Mapping[str, int]
    gates: Mapping[str, bool]


@dataclass(frozen=True)
class VendorSelectionCase(Case):
    """Choosing a provider with a weighted scoring matrix (feeds ``course.models.vendor``).

    Weights are importance points (not normalised). The price criterion is rated from the bids by
    ``price_rule`` ("ratio" or "min-max", docs/evidence.md, E1) across all bids received.
    """

    kind: ClassVar[str] = "vendor-selection"

    scale: tuple[int, int]
    criteria: tuple[Criterion, ...]
    price_criterion: str
    price_rule: str
    price_unit: str
    gate_names: tuple[str, ...]
    bids: tuple[Bid, ...]
    peak_daily_tickets: int

    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendor names in bid order."""
        return tuple(bid.vendor for bid in self.bids)

    def bid(self, vendor: str) -> Bid:
        """The bid of ``vendor``."""
        for bid in self.bids:
            if bid.vendor == vendor:
                return bid
        raise KeyError(f"no bid from {vendor!r}; bidders: {', '.join(self.vendors)}")

    def prices(self) -> dict[str, float]:
        """Annual price per vendor, in ``price_unit``."""
        return {bid.vendor: bid.annual_price for bid in self.bids}

    def price_ratings(self) -> dict[str, float]:
        """Each bid's price turned into a rating by the case's rule (``price_to_rating``).

        Clamped to the scale: the ratio rule computes s_max x P_min / P, which for the cheapest
        bid can come out as 5.000000000000001 in floating point, and the scoring matrix would
        then refuse it as off the scale.
        """
        low, high = self.scale
        ratings = price_to_rating(self.prices(), self.scale, self.price_rule)
        return {vendor: min(high, max(low, rating)) for vendor, rating in ratings.items()}

    def scoring_matrix(self) -> ScoringMatrix:
        """The whole evaluation as the model's matrix: ratings, price ratings, gates, minimums."""
        price = self.price_ratings()
        ratings = {
            bid.vendor: {
                c.name: price[bid.vendor] if c.name == self.price_criterion else bid.ratings[c.name]
                for c in self.criteria
            }
            for bid in self.bids
        }
        gates = {bid.vendor: dict(bid.gates) for bid in self.bids} if self.gate_names else None
        return ScoringMatrix(self.criteria, ratings, self.scale, gates)

    def validate(self) -> None:
        self.scoring_matrix()


# --- sourcing cost ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourcingCostCase(Case):
    """An in-house baseline against outsourcing options over ``years`` (``sourcing_cost``).

    ``descriptions`` gives each option (and the baseline) a sentence a learner can read next to
    the numbers. ``transition_breakdown`` shows what each option's one-time ``transition_cost``
    is made of (selection, transition fee, parallel running, severance); its items always add up
    to the option's ``transition_cost``.
    """

    kind: ClassVar[str] = "sourcing-cost"

    years: int
    baseline_option: SourcingOption
    sourcing_options: tuple[SourcingOption, ...]
    descriptions: Mapping[str, str]
    transition_breakdown: Mapping[str, Mapping[str, float]]

    def baseline(self) -> SourcingOption:
        """The in-house option every other option is compared with."""
        return self.baseline_option

    def options(self) -> tuple[SourcingOption, ...]:
        """The outsourcing options, in the order the case presents them."""
        return self.sourcing_options

    @property
    def option_names(self) -> tuple[str, ...]:
        """Names of the outsourcing options."""
        return tuple(option.name for option in self.sourcing_options)

    def option(self, name: str) -> SourcingOption:
        """The option called ``name`` (the baseline included)."""
        for option in (self.baseline_option, *self.sourcing_options):
            if option.name == name:
                return option
        known = ", ".join((self.baseline_option.name, *self.option_names))
        raise KeyError(f"no option {name!r}; options: {known}")

    def validate(self) -> None:
        for option in self.sourcing_options:
            compare_to_baseline(option, self.baseline_option, self.years)


# --- service levels and credits -----------------------------------------------------------------


@dataclass(frozen=True)
class MonthRecord:
    """One month of measured performance as the provider reported it.

    The availability level is measured in minutes (scheduled, down, excluded for approved
    maintenance); every other level is a reported figure in ``reported``. ``complaints`` counts
    complaints from the business that month: a signal no service level captures.
    """

    label: str
    scheduled_minutes: int
    downtime_minutes: float
    excluded_minutes: float
    reported: Mapping[str, float]
    complaints: int


@dataclass(frozen=True)
class SlaMonth:
    """A month ready for the credit calculation: ``measured`` holds every level's value."""

    number: int
    label: str
    record: MonthRecord
    measured: Mapping[str, float]


@dataclass(frozen=True)
class SlaCase(Case):
    """Service levels, months of measurements and the credit terms (``course.models.sla``).

    Credits follow the Texas DIR clause: pool allocation of the level's category x the level's
    credit allocation x the at-risk amount. ``pool_available`` is the DIR "Pool Percentage
    Available for Allocation": the category allocations together stay within it.
    """

    kind: ClassVar[str] = "sla"

    provider: str
    monthly_charge: float
    at_risk_share: float
    pool_available: float
    pool_allocation: Mapping[str, float]
    levels: tuple[ServiceLevel, ...]
    availability_level: str
    months: tuple[MonthRecord, ...]

    def service_levels(self) -> tuple[ServiceLevel, ...]:
        """The contract's service levels, in contract order."""
        return self.levels

    @property
    def month_count(self) -> int:
        """How many months of measurements the case holds."""
        return len(self.months)

    def month(self, number: int) -> SlaMonth:
        """Month ``number``, counted from 1 as the contract reports do (month 1 is the first)."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(f"month number must be a whole number, got {number!r}")
        if not 1 <= number <= len(self.months):
            raise IndexError(
                f"month {number} does not exist; months are numbered 1 to {len(self.months)}"
            )
        record = self.months[number - 1]
        measured = dict(record.reported)
        measured[self.availability_level] = availability(
            record.scheduled_minutes, record.downtime_minutes, record.excluded_minutes
        )
        ordered = {level.name: measured[level.name] for level in self.levels}
        return SlaMonth(number, record.label, record, ordered)

    def credits(self, number: int) -> CreditReport:
        """The credits of month ``number`` (counted from 1), capped at the at-risk amount."""
        return service_credits(
            self.levels,
            self.month(number).measured,
            self.monthly_charge,
            self.at_risk_share,
            dict(self.pool_allocation),
        )

    def validate(self) -> None:
        total = math.fsum(self.pool_allocation.values())
        if total > self.pool_available + 1e-9:
            raise ModelInputError(
                "pool_allocation",
                f"category allocations add up to {total:.0%}, more than the "
                f"{self.pool_available:.0%} available for allocation (pool_available)",
                "lower an allocation or raise pool_available",
            )
        for number in range(1, len(self.months) + 1):
            self.credits(number)


# --- risk register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskCase(Case):
    """A risk register as drafted by the client team (``course.models.risk``).

    Blank owners and mitigations are kept blank on purpose: finding them is the exercise.
    """

    kind: ClassVar[str] = "risk"

    provider: str
    risks: tuple[Risk, ...]
    categories: Mapping[str, str]

    @property
    def risk_ids(self) -> tuple[str, ...]:
        """Risk ids in register order."""
        return tuple(risk.risk_id for risk in self.risks)

    def register(self) -> RiskRegister:
        """The draft register as the model's ``RiskRegister``."""
        return RiskRegister(self.risks)

    def validate(self) -> None:
        self.register()


# --- negotiation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NegotiationCase(Case):
    """A renewal negotiation: prices, both sides' BATNAs, and a multi-issue package table.

    Money is annual, in ``currency``. The client's BATNA is the alternative bid plus the one-time
    switching cost spread over ``term_years``; its reservation price adds ``risk_premium``. The
    provider's reservation price is ``delivery_cost`` x (1 + ``minimum_markup``), a markup on cost
    (docs/evidence.md, E7). Utilities are 0-100 points per option; weights are importance points.
    """

    kind: ClassVar[str] = "negotiation"

    client: str
    provider: str
    alternative_bidder: str
    current_price: float
    asking_price: float
    term_years: float
    alternative_price: float
    transition_fee: float
    dual_running_months: float
    dual_running_monthly_cost: float
    risk_premium: float
    delivery_cost: float
    minimum_markup: float
    provider_batna_value: float
    client_target: float
    provider_target: float
    client_opening: float
    provider_opening: float
    scenarios: Mapping[str, Mapping[str, float]]
    issue_list: tuple[Issue, ...]
    client_weights: Mapping[str, float]
    provider_weights: Mapping[str, float]
    client_utilities: Mapping[str, Mapping[str, float]]
    provider_utilities: Mapping[str, Mapping[str, float]]
    client_batna_utility: float
    provider_batna_utility: float
    proposals: Mapping[str, Mapping[str, str]]

    SCENARIO_FIELDS: ClassVar[tuple[str, ...]] = (
        "alternative_price",
        "transition_fee",
        "dual_running_months",
        "dual_running_monthly_cost",
        "risk_premium",
        "delivery_cost",
        "minimum_markup",
        "term_years",
    )
    """Fields a what-if scenario may change."""

    def switching_cost(self) -> float:
        """One-time cost of leaving: the transition fee plus the months of dual running."""
        return self.transition_fee + self.dual_running_months * self.dual_running_monthly_cost

    def client_batna_value(self) -> float:
        """Annual cost of the client's best alternative: the other bid plus the switch, spread."""
        return client_reservation_price(
            self.alternative_price, self.switching_cost(), self.term_years
        )

    def client_reservation(self) -> float:
        """The most the client should pay a year (``client_reservation_price``)."""
        return client_reservation_price(
            self.alternative_price, self.switching_cost(), self.term_years, self.risk_premium
        )

    def provider_reservation(self) -> float:
        """The least the provider will accept a year (``provider_reservation_price``)."""
        return provider_reservation_price(self.delivery_cost, self.minimum_markup)

    def client_side(self) -> NegotiationSide:
        """The client's BATNA, reservation and target as the model's ``NegotiationSide``."""
        return NegotiationSide(
            self.client,
            "buyer",
            self.client_batna_value(),
            self.client_reservation(),
            self.client_target,
        )

    def provider_side(self) -> NegotiationSide:
        """The provider's BATNA, reservation and target as the model's ``NegotiationSide``."""
        return NegotiationSide(
            self.provider,
            "seller",
            self.provider_batna_value,
            self.provider_reservation(),
            self.provider_target,
        )

    def zopa(self) -> Zopa | None:
        """The zone of possible agreement on price, or ``None`` when there is none."""
        return zone_of_possible_agreement(self.client_reservation(), self.provider_reservation())

    def issues(self) -> tuple[Issue, ...]:
        """The negotiable issues and their options."""
        return self.issue_list

    def client_preferences(self) -> Preferences:
        """The client's additive utility table."""
        return Preferences(dict(self.client_weights), _plain(self.client_utilities))

    def provider_preferences(self) -> Preferences:
        """The provider's additive utility table."""
        return Preferences(dict(self.provider_weights), _plain(self.provider_utilities))

    def proposal(self, name: str) -> dict[str, str]:
        """The package called ``name`` (issue -> option)."""
        if name not in self.proposals:
            raise KeyError(f"no proposal {name!r}; proposals: {', '.join(self.proposals)}")
        return dict(self.proposals[name])

    def with_scenario(self, name: str) -> NegotiationCase:
        """The same case with a what-if scenario's values in place (e.g. a cost shock)."""
        if name not in self.scenarios:
            raise KeyError(f"no scenario {name!r}; scenarios: {', '.join(self.scenarios)}")
        return dataclasses.replace(self, **dict(self.scenarios[name]))

    def validate(self) -> None:
        self.client_side()
        self.provider_side()
        self.zopa()
        for name in self.scenarios:
            scenario = self.with_scenario(name)
            scenario.client_reservation()
            scenario.provider_reservation()
        buyer, seller = self.client_preferences(), self.provider_preferences()
        packages_frame(self.issue_list, buyer, seller)
        for package in self.proposals.values():
            score_offer(package, buyer)
            score_offer(package, seller)


# --- governance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GovernanceCase(Case):
    """A troubled deal: nine-step evidence and scores, a draft cadence and a draft RACI.

    Feeds ``course.models.governance``. The drafts carry planted problems on purpose. Contract
    facts (contract value, vendor-management staff and their loaded cost) are there for the
    governance-budget and value-leakage sums of docs/evidence.md, E9 and E15.
    """

    kind: ClassVar[str] = "governance"

    provider: str
    annual_contract_value: float
    contract_years: int
    contract_year: int
    business_satisfaction: float
    sla_months_met: int
    sla_months_reported: int
    vmo_fte: float
    vmo_loaded_cost_per_fte: float
    health_evidence: Mapping[str, str]
    health_scores: Mapping[str, int]
    tiers: tuple[GovernanceTier, ...]
    raci_roles: tuple[str, ...]
    raci: Mapping[str, Mapping[str, str]]

    def health_check(self) -> HealthCheck:
        """The assessor's nine-step scores run through ``health_check``."""
        return health_check(dict(self.health_scores))

    def cadence_draft(self) -> tuple[GovernanceTier, ...]:
        """The governance calendar as drafted (with its planted problems)."""
        return self.tiers

    def raci_draft(self) -> dict[str, dict[str, str]]:
        """The RACI as drafted: activity -> role -> letter, ``""`` where a role is not involved."""
        return {activity: dict(row) for activity, row in self.raci.items()}

    def current_governance_cost(self) -> float:
        """What the client spends on governance today: vendor-management FTE x loaded cost."""
        return self.vmo_fte * self.vmo_loaded_cost_per_fte

    def validate(self) -> None:
        self.health_check()
        validate_cadence(self.tiers)
        validate_raci(self.raci_draft())


# --- escalation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityTarget:
    """The contract's response and resolution targets for one priority, in hours."""

    priority: str
    description: str
    response_hours: float
    resolution_hours: float


@dataclass(frozen=True)
class EscalationCase(Case):
    """A draft escalation plan with planted defects, and the priorities it serves.

    Feeds ``course.models.escalation``.
    """

    kind: ClassVar[str] = "escalation"

    provider: str
    levels: tuple[EscalationLevel, ...]
    escalation_executive: str
    review_cadence_days: int | None
    priority_targets: tuple[PriorityTarget, ...]

    def draft_plan(self) -> EscalationPlan:
        """The plan as drafted, as the model's ``EscalationPlan``."""
        return EscalationPlan(self.levels, self.escalation_executive, self.review_cadence_days)

    def validate(self) -> None:
        validate_plan(self.draft_plan())


CASE_KINDS: tuple[type[Case], ...] = (
    VendorSelectionCase,
    SourcingCostCase,
    SlaCase,
    RiskCase,
    NegotiationCase,
    GovernanceCase,
    EscalationCase,
)
"""Every kind, in the order the course meets them."""


def _plain(table: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {issue: dict(options) for issue, options in table.items()}
