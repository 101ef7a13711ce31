"""Vendor selection: choosing a provider with a weighted scoring matrix (``models.vendor``).

Bids come from a table (one row per vendor: price, capacity, a rating per criterion and the
pass/fail gates); price is rated by the case's rule. Variants move weights, ratings and prices
but keep who is knocked out and who would win unscreened; the plain view is what "Score a
vendor" shows under ``case``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from course.cases.case import Case, CaseKind, pairwise_gap
from course.cases.draw import RATE_SPREAD, Draw
from course.cases.fields import Fields
from course.cases.source import COMMON_KEYS, Source, common_fields, frozen, require_unique
from course.models.vendor import (
    PRICE_RULES,
    Criterion,
    ScoringMatrix,
    price_to_rating,
    score_vendors,
    weight_sensitivity,
)


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


# --- reading case files ----------------------------------------------------------------------


def parse_vendor_selection(source: Source) -> VendorSelectionCase:
    """Criteria and gates from case.yml; bids, ratings and gate results from the bids table."""
    main = source.main
    main.reject_unknown(
        (*COMMON_KEYS, "scale", "price", "criteria", "gates", "peak_daily_tickets", "bids")
    )
    scale = _scale(main)
    price = main.section("price")
    price.reject_unknown(("criterion", "rule", "unit"))
    criteria = []
    for item in main.sections("criteria"):
        item.reject_unknown(("name", "weight", "minimum"))
        minimum = item.number("minimum", *scale) if item.has("minimum") else None
        criteria.append(Criterion(item.text("name"), item.number("weight", 0), minimum))
    names = [c.name for c in criteria]
    require_unique(main, "criteria", names)
    price_criterion = price.choice("criterion", names)
    gate_names = main.texts("gates") if main.has("gates") else ()
    rated = [name for name in names if name != price_criterion]
    table = source.table(main, "bids")
    table.require_columns(("vendor", "delivery_centre", "annual_price", "daily_ticket_capacity"))
    table.require_columns(rated + list(gate_names))
    bids = []
    for row in table.rows:
        bids.append(
            Bid(
                vendor=row.text("vendor"),
                delivery_centre=row.text("delivery_centre"),
                annual_price=row.number("annual_price", 0.0001),
                daily_ticket_capacity=row.integer("daily_ticket_capacity", 0),
                ratings=frozen({name: row.integer(name, *scale) for name in rated}),
                gates=frozen({gate: row.boolean(gate) for gate in gate_names}),
            )
        )
    require_unique(main, "bids", [bid.vendor for bid in bids], file=table.file)
    return VendorSelectionCase(
        **common_fields(source),
        scale=scale,
        criteria=tuple(criteria),
        price_criterion=price_criterion,
        price_rule=price.choice("rule", PRICE_RULES),
        price_unit=price.text("unit"),
        gate_names=gate_names,
        bids=tuple(bids),
        peak_daily_tickets=main.integer("peak_daily_tickets", 0),
    )


def _scale(main: Fields) -> tuple[int, int]:
    value = main.raw("scale")
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or value[0] >= value[1]
    ):
        main.fail(
            "scale", f"expected [lowest, highest] whole numbers, got {value!r}", "e.g. [1, 5]"
        )
    return int(value[0]), int(value[1])


# --- variants --------------------------------------------------------------------------------

MAX_PRICE_WEIGHT = 35
"""Price never weighs more than 35 points of 100: META Group's advice (docs/evidence.md, E1)."""


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


# --- what a variant keeps --------------------------------------------------------------------

VENDOR_TOTAL_GAP = 0.05
"""Qualified vendors' weighted totals differ by at least this (on the 1-5 scale)."""

SENSITIVITY_GAP = 0.01
"""The most sensitive criterion's weight change beats the runner-up's by at least this (0-1); its
break-even weight lies at least this far inside 0-1 and this far from every current weight."""


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
    if len(qualified) < 2 or pairwise_gap(qualified) < VENDOR_TOTAL_GAP:
        return False
    everyone = [s.weighted_total or 0.0 for s in score_vendors(_unscreened(case))]
    if pairwise_gap(everyone) < VENDOR_TOTAL_GAP:
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


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass(frozen=True)
class VendorSelectionView:
    """A case as plain data: what the notebook shows and the checks recompute."""

    learner_id: str
    company: str
    scale: tuple[float, float]
    weights: dict[str, float]  # importance points, not normalised
    minimums: dict[str, float]  # must-have criteria: the lowest acceptable rating
    ratings: dict[str, dict[str, float]]  # vendor -> criterion -> rating
    gates: dict[str, dict[str, bool]]  # vendor -> pass/fail requirement -> passed

    @property
    def vendors(self) -> list[str]:
        return list(self.ratings)

    @property
    def criteria(self) -> list[str]:
        return list(self.weights)

    def matrix(self, with_knockouts: bool = True) -> ScoringMatrix:
        """The model's scoring matrix; without knock-outs every vendor gets a total."""
        criteria = tuple(
            Criterion(name, weight, self.minimums.get(name) if with_knockouts else None)
            for name, weight in self.weights.items()
        )
        gates = self.gates if with_knockouts and self.gates else None
        return ScoringMatrix(criteria, self.ratings, self.scale, gates)


def plain_view(case: VendorSelectionCase, learner_id: str) -> VendorSelectionView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    matrix = case.scoring_matrix()
    return VendorSelectionView(
        learner_id=learner_id,
        company=case.company,
        scale=tuple(matrix.scale),
        weights={c.name: float(c.weight) for c in matrix.criteria},
        minimums={c.name: float(c.minimum) for c in matrix.criteria if c.minimum is not None},
        ratings={v: {c: float(r) for c, r in row.items()} for v, row in matrix.ratings.items()},
        gates={v: dict(g) for v, g in (matrix.gates or {}).items()},
    )


KIND = CaseKind(
    VendorSelectionCase,
    parse=parse_vendor_selection,
    perturb=perturb_vendor_selection,
    story=_vendor_story,
    well_defined=_vendor_well_defined,
    plain_view=plain_view,
)
