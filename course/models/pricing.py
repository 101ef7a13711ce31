"""Pricing models for an outsourced service: what the client pays, what the provider keeps, and
who carries which risk.

Why a model: the same year of demand costs the client very different amounts under time and
materials, a fixed price, unit pricing and an outcome-based price, and the difference is not only
the expected figure: it is how the cost moves when demand or effort turns out other than planned.
The UK Government's Sourcing Playbook treats pricing and payment mechanisms and risk allocation
as one decision, and Vested's fourth rule asks for a pricing model whose incentives serve the
business; both need the client's cost and the provider's margin side by side, per scenario.

Conventions of this model (the course's, stated in the lesson):

- Demand is a year of monthly ticket volumes; the low and high scenarios move every month by the
  same ``swing`` (low = expected x (1 - swing), high = expected x (1 + swing)).
- The provider's cost is a fixed monthly cost plus the hours the tickets take at a cost per hour.
- **Time and materials** bills every hour worked at an hourly rate.
- **Fixed price** charges a monthly fee that covers up to ``baseline_tickets`` a month; the
  tickets above the baseline, month by month, are extra work priced through change control at
  ``change_rate`` each. A quiet month does not make up for a busy one.
- **Unit pricing** charges per ticket in volume bands, each month: a band's price applies to the
  tickets that fall within it (the first band's price to the first tickets, and so on).
- **Outcome-based** pricing charges a base fee plus an outcome fee paid in proportion to the share
  of the agreed outcome achieved (0 to 1); it does not depend on the number of tickets.
- **Indexation** moves every price once a year by an index, clamped between a floor and a cap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from course.models.errors import (
    Finding,
    ModelInputError,
    Severity,
    did_you_mean,
    require_in_range,
    require_number,
)

MODELS = ("time-and-materials", "fixed-price", "unit-price", "outcome-based")
"""The four pricing models, in the order the lesson teaches them (from the client carrying most
risk to the provider carrying most)."""

MODEL_NAMES = {
    "time-and-materials": "Time and materials",
    "fixed-price": "Fixed price",
    "unit-price": "Unit price (per ticket)",
    "outcome-based": "Outcome-based",
}
"""What a person reads for each model id."""

SCENARIOS = ("low", "expected", "high")
"""The demand scenarios, from the quietest year to the busiest."""

MONTHS_PER_YEAR = 12


def require_model(model: object) -> str:
    """``model`` if it is one of ``MODELS``; otherwise a ``ModelInputError`` with a suggestion."""
    if model in MODELS:
        return str(model)
    raise ModelInputError(
        "model", f"unknown pricing model {model!r}{did_you_mean(model, MODELS)}", ", ".join(MODELS)
    )


# --- the contract's terms ----------------------------------------------------------------------


@dataclass(frozen=True)
class VolumeBand:
    """One band of a unit price: tickets in a month up to ``up_to`` (``None``: no upper limit)
    cost ``price`` each."""

    up_to: float | None
    price: float

    def __post_init__(self) -> None:
        if self.up_to is not None:
            object.__setattr__(self, "up_to", require_in_range("band up_to", self.up_to, 0))
        object.__setattr__(self, "price", require_in_range("band price", self.price, 0))


@dataclass(frozen=True)
class PriceTerms:
    """The price schedule of each model, as one contract's statement of work would set it out.

    ``baseline_tickets`` is what the fixed monthly fee covers; ``change_rate`` the price of each
    ticket above it (change control). ``outcome_fee`` is paid in full when the outcome is fully
    achieved, in proportion otherwise.
    """

    hourly_rate: float
    monthly_fee: float
    baseline_tickets: float
    change_rate: float
    bands: tuple[VolumeBand, ...]
    base_fee: float
    outcome_fee: float

    def __post_init__(self) -> None:
        for name in (
            "hourly_rate",
            "monthly_fee",
            "baseline_tickets",
            "change_rate",
            "base_fee",
            "outcome_fee",
        ):
            object.__setattr__(self, name, require_in_range(name, getattr(self, name), 0))
        if isinstance(self.bands, (str, Mapping)) or not isinstance(self.bands, Iterable):
            raise ModelInputError("bands", f"expected VolumeBand objects, got {self.bands!r}")
        bands = tuple(self.bands)
        if not bands or not all(isinstance(band, VolumeBand) for band in bands):
            raise ModelInputError("bands", "expected at least one VolumeBand", "VolumeBand(...)")
        errors = [f for f in band_findings(bands) if f.severity is Severity.ERROR]
        if errors:
            raise ModelInputError(errors[0].field, errors[0].message)
        object.__setattr__(self, "bands", bands)

    def scaled(self, factor: float) -> PriceTerms:
        """Every price times ``factor`` (what indexation does); volumes stay as they are."""
        factor = require_in_range("factor", factor, 0)
        return PriceTerms(
            hourly_rate=self.hourly_rate * factor,
            monthly_fee=self.monthly_fee * factor,
            baseline_tickets=self.baseline_tickets,
            change_rate=self.change_rate * factor,
            bands=tuple(VolumeBand(b.up_to, b.price * factor) for b in self.bands),
            base_fee=self.base_fee * factor,
            outcome_fee=self.outcome_fee * factor,
        )


@dataclass(frozen=True)
class DeliveryCost:
    """What the work costs the provider: hours per ticket at a cost per hour, plus a fixed
    monthly cost (tooling, service management) that does not move with volume."""

    hours_per_ticket: float
    cost_per_hour: float
    fixed_monthly: float

    def __post_init__(self) -> None:
        for name in ("hours_per_ticket", "cost_per_hour", "fixed_monthly"):
            object.__setattr__(self, name, require_in_range(name, getattr(self, name), 0))


@dataclass(frozen=True)
class Demand:
    """A year of expected tickets per month and how far a quiet or busy year may move them."""

    monthly: tuple[float, ...]
    swing: float

    def __post_init__(self) -> None:
        if isinstance(self.monthly, (str, Mapping)) or not isinstance(self.monthly, Iterable):
            raise ModelInputError("monthly", f"expected 12 numbers, got {self.monthly!r}")
        months = tuple(require_in_range(f"monthly[{i}]", v, 0) for i, v in enumerate(self.monthly))
        if len(months) != MONTHS_PER_YEAR:
            raise ModelInputError(
                "monthly", f"expected 12 monthly volumes, got {len(months)}", "12 numbers"
            )
        object.__setattr__(self, "monthly", months)
        object.__setattr__(self, "swing", require_in_range("swing", self.swing, 0, 0.9))

    def volumes(self, scenario: str) -> tuple[float, ...]:
        """The monthly volumes of ``scenario`` (low, expected or high)."""
        if scenario not in SCENARIOS:
            raise ModelInputError(
                "scenario",
                f"unknown scenario {scenario!r}{did_you_mean(scenario, SCENARIOS)}",
                ", ".join(SCENARIOS),
            )
        factor = {"low": 1 - self.swing, "expected": 1.0, "high": 1 + self.swing}[scenario]
        return tuple(volume * factor for volume in self.monthly)


# --- one month, one year -----------------------------------------------------------------------


def banded_charge(tickets: float, bands: Sequence[VolumeBand]) -> float:
    """A month's unit-price charge: each band's price for the tickets that fall within it.

    With bands up to 3,500 at 22 and above at 18, 4,000 tickets cost 3,500 x 22 + 500 x 18.
    """
    tickets = require_in_range("tickets", tickets, 0)
    charge, lower = 0.0, 0.0
    for band in bands:
        upper = math.inf if band.up_to is None else band.up_to
        if tickets > lower:
            charge += (min(tickets, upper) - lower) * band.price
        lower = upper
    return charge


def change_requests(tickets: float, baseline: float) -> float:
    """Tickets of one month beyond the fixed-price baseline: the work change control prices."""
    return max(0.0, require_in_range("tickets", tickets, 0) - baseline)


def monthly_charge(
    model: str,
    terms: PriceTerms,
    tickets: float,
    hours_per_ticket: float,
    achievement: float,
) -> float:
    """What the client pays for one month of ``tickets`` under ``model``.

    ``hours_per_ticket`` matters only to time and materials (the hours billed); ``achievement``
    (0 to 1, the share of the outcome reached) only to the outcome-based price.
    """
    model = require_model(model)
    tickets = require_in_range("tickets", tickets, 0)
    if model == "time-and-materials":
        return (
            tickets
            * require_in_range("hours_per_ticket", hours_per_ticket, 0)
            * (terms.hourly_rate)
        )
    if model == "fixed-price":
        extra = change_requests(tickets, terms.baseline_tickets)
        return terms.monthly_fee + extra * terms.change_rate
    if model == "unit-price":
        return banded_charge(tickets, terms.bands)
    share = require_in_range("achievement", achievement, 0, 1)
    return terms.base_fee + terms.outcome_fee * share


def year_charge(
    model: str,
    terms: PriceTerms,
    volumes: Sequence[float],
    hours_per_ticket: float,
    achievement: float,
) -> float:
    """The client's cost for a year: the twelve monthly charges added up."""
    return math.fsum(
        monthly_charge(model, terms, tickets, hours_per_ticket, achievement) for tickets in volumes
    )


def year_delivery_cost(cost: DeliveryCost, volumes: Sequence[float], effort: float = 1.0) -> float:
    """The provider's cost for a year; ``effort`` scales the hours per ticket (1.1: 10% more)."""
    effort = require_in_range("effort", effort, 0.1, 5)
    hours = math.fsum(volumes) * cost.hours_per_ticket * effort
    return hours * cost.cost_per_hour + MONTHS_PER_YEAR * cost.fixed_monthly


# --- every model, every scenario ----------------------------------------------------------------


@dataclass(frozen=True)
class PricedScenario:
    """One model in one scenario: the client's cost, the provider's cost and its margin."""

    model: str
    scenario: str
    client_cost: float
    provider_cost: float

    @property
    def margin(self) -> float:
        """What the provider keeps (negative: a loss)."""
        return self.client_cost - self.provider_cost


@dataclass(frozen=True)
class RiskView:
    """Who carries the volume risk under one model: how far a quiet or busy year moves the
    client's cost and the provider's margin."""

    model: str
    client_low: float
    client_expected: float
    client_high: float
    margin_low: float
    margin_expected: float
    margin_high: float

    @property
    def client_spread(self) -> float:
        """High minus low client cost: the client's volume risk."""
        return self.client_high - self.client_low

    @property
    def margin_spread(self) -> float:
        """Largest minus smallest margin across the scenarios: the provider's volume risk."""
        margins = (self.margin_low, self.margin_expected, self.margin_high)
        return max(margins) - min(margins)

    @property
    def carrier(self) -> str:
        """Who carries more of the volume risk: ``client``, ``provider`` or ``shared`` (within
        10% of each other)."""
        return risk_carrier(self.client_spread, self.margin_spread)


SHARED_WITHIN = 0.10
"""Two spreads within 10% of the larger count as shared risk (course convention)."""


def risk_carrier(client_spread: float, margin_spread: float) -> str:
    """``client`` or ``provider`` (whose figure moves more), or ``shared`` when they are close."""
    larger = max(abs(client_spread), abs(margin_spread))
    if larger == 0 or abs(abs(client_spread) - abs(margin_spread)) <= SHARED_WITHIN * larger:
        return "shared"
    return "client" if abs(client_spread) > abs(margin_spread) else "provider"


def price_scenarios(
    terms: PriceTerms,
    cost: DeliveryCost,
    demand: Demand,
    achievement: float,
    effort: float = 1.0,
) -> list[PricedScenario]:
    """Every model in every demand scenario, for one year.

    ``effort`` scales the hours each ticket takes (the provider's productivity): time and
    materials bills those hours, so the client pays for it; under the other models the provider
    does.
    """
    hours = cost.hours_per_ticket * require_in_range("effort", effort, 0.1, 5)
    rows = []
    for model in MODELS:
        for scenario in SCENARIOS:
            volumes = demand.volumes(scenario)
            rows.append(
                PricedScenario(
                    model,
                    scenario,
                    year_charge(model, terms, volumes, hours, achievement),
                    year_delivery_cost(cost, volumes, effort),
                )
            )
    return rows


def risk_views(rows: Iterable[PricedScenario]) -> dict[str, RiskView]:
    """Per model, the client's cost and the provider's margin in each scenario."""
    by = {(row.model, row.scenario): row for row in rows}
    return {
        model: RiskView(
            model,
            *(by[model, s].client_cost for s in SCENARIOS),
            *(by[model, s].margin for s in SCENARIOS),
        )
        for model in MODELS
        if all((model, s) in by for s in SCENARIOS)
    }


def scenarios_frame(rows: Iterable[PricedScenario]) -> pd.DataFrame:
    """The priced scenarios as a table, one row per model and scenario."""
    return pd.DataFrame(
        [
            {
                "model": MODEL_NAMES[row.model],
                "scenario": row.scenario,
                "client_cost": row.client_cost,
                "provider_cost": row.provider_cost,
                "provider_margin": row.margin,
            }
            for row in rows
        ],
        columns=["model", "scenario", "client_cost", "provider_cost", "provider_margin"],
    )


# --- choosing a model ----------------------------------------------------------------------------


def within_tolerance(view: RiskView, tolerance: float) -> bool:
    """Whether the client's cost moves, between low and high demand, by no more than
    ``tolerance`` (a share) of its expected cost: the budget certainty the client asked for."""
    tolerance = require_in_range("tolerance", tolerance, 0, 1)
    return view.client_spread <= tolerance * view.client_expected + 1e-9


def choose_model(views: Mapping[str, RiskView], tolerance: float) -> str | None:
    """The lesson's rule: among the models whose cost stays within the client's budget tolerance,
    the one cheapest at expected demand (``None`` when no model keeps within it).

    Certainty first, then price: a client that has said how far its budget may move has said
    which risks it will not carry, and only then does the cheapest acceptable model win.
    """
    eligible = [v for v in views.values() if within_tolerance(v, tolerance)]
    if not eligible:
        return None
    return min(eligible, key=lambda v: (v.client_expected, MODELS.index(v.model))).model


# --- clauses that move the price over the years -------------------------------------------------


def index_rate(index: float, cap: float, floor: float = 0.0) -> float:
    """The year's price change an indexation clause allows: the index, kept between floor and
    cap. An index of 6.4% under a 4% cap moves prices by 4%."""
    index = require_in_range("index", index, -0.5, 1)
    cap = require_in_range("cap", cap, -0.5, 1)
    floor = require_in_range("floor", floor, -0.5, 1)
    if floor > cap:
        raise ModelInputError("floor", f"{floor:g} is above the cap {cap:g}", f"at most {cap:g}")
    return min(cap, max(floor, index))


def indexed(price: float, index: float, cap: float, floor: float = 0.0) -> float:
    """Next year's price under the indexation clause: price x (1 + the clamped index)."""
    return require_number("price", price) * (1 + index_rate(index, cap, floor))


def benchmarked(price: float, benchmark: float, tolerance: float) -> float:
    """The price after a benchmarking clause: brought down to ``benchmark`` x (1 + ``tolerance``)
    when above it, unchanged otherwise (benchmarking lowers prices; it never raises them)."""
    price = require_in_range("price", price, 0)
    benchmark = require_in_range("benchmark", benchmark, 0)
    tolerance = require_in_range("tolerance", tolerance, 0, 1)
    return min(price, benchmark * (1 + tolerance))


# --- reviewing the terms ------------------------------------------------------------------------


def band_findings(bands: Sequence[VolumeBand]) -> list[Finding]:
    """Problems with a unit price's bands: limits that do not rise, or a top band with a limit
    (tickets above it would have no price)."""
    findings = []
    limits = [band.up_to for band in bands]
    for index, (low, high) in enumerate(zip(limits, limits[1:], strict=False)):
        if low is None or (high is not None and high <= low):
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"bands[{index + 1}]",
                    "band limits must rise from band to band, and only the last is open",
                    "bands-rising",
                )
            )
    if limits and limits[-1] is not None:
        findings.append(
            Finding(
                Severity.ERROR,
                f"bands[{len(limits) - 1}]",
                "the last band needs no upper limit, or tickets above it have no price",
                "bands-open-top",
            )
        )
    return findings


def review_terms(terms: PriceTerms, cap: float | None, floor: float | None = None) -> list[Finding]:
    """What a reviewer would raise about the price terms before signing.

    Rules: ``change-control-rate`` (a fixed price with a baseline but no price for work beyond
    it: every busy month becomes a dispute), ``index-cap`` (indexation with no cap: the client
    carries inflation without a limit), ``index-floor`` (a floor above the cap), ``outcome-share``
    (an outcome fee under 5% of the outcome-based price: too small to change behaviour, course
    convention).
    """
    findings = band_findings(terms.bands)
    if terms.baseline_tickets > 0 and terms.change_rate == 0:
        findings.append(
            Finding(
                Severity.WARNING,
                "change_rate",
                "the fixed price has a baseline but no price for work beyond it",
                "change-control-rate",
            )
        )
    if cap is None:
        findings.append(
            Finding(
                Severity.WARNING,
                "cap",
                "indexation without a cap leaves the client carrying inflation without limit",
                "index-cap",
            )
        )
    elif floor is not None and floor > cap:
        findings.append(
            Finding(Severity.ERROR, "floor", "the floor is above the cap", "index-floor")
        )
    total = terms.base_fee + terms.outcome_fee
    if total > 0 and terms.outcome_fee < 0.05 * total:
        findings.append(
            Finding(
                Severity.WARNING,
                "outcome_fee",
                "the outcome fee is under 5% of the outcome-based price: too small to steer",
                "outcome-share",
            )
        )
    return findings
