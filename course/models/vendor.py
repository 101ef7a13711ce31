"""Weighted scoring matrix for choosing an outsourcing provider.

Why a matrix: an RFP evaluation has to be explainable to the people who lose it. The weighted
scoring (decision matrix) used in RFP evaluation (docs/evidence.md, E1) makes every step visible:
criteria with weights that add up to 100%, ratings on one fixed scale, a weighted sum per vendor,
must-have criteria and pass/fail gates as knock-outs checked *before* scoring, and a sensitivity
check before the recommendation goes out. Formulas follow docs/evidence.md, E1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from course.models.errors import (
    ModelInputError,
    require_in_range,
    require_number,
    require_text,
    require_unique_items,
)

TIE_TOLERANCE = 1e-9
"""Two weighted totals closer than this count as a tie (course convention, not a rule)."""

PRICE_RULES = ("ratio", "min-max")
"""The two price-to-rating rules of docs/evidence.md, E1; a task must say which one applies."""


@dataclass(frozen=True)
class Criterion:
    """One thing the vendors are judged on, with how much it counts.

    ``weight`` is relative: weights are normalised to add up to 1 before scoring, so 30/20/15 and
    0.30/0.20/0.15 mean the same. ``minimum`` turns the criterion into a must-have (knock-out): a
    vendor rated below it is disqualified whatever its other ratings, as RFP practice treats
    mandatory criteria (weighted scoring in RFP evaluation, docs/evidence.md, E1).
    """

    name: str
    weight: float
    minimum: float | None = None

    def __post_init__(self) -> None:
        name = require_text("criterion name", self.name)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "weight", _check_weight(name, self.weight))
        if self.minimum is not None:
            minimum = require_number(f"minimum of criterion {name!r}", self.minimum)
            object.__setattr__(self, "minimum", minimum)


@dataclass(frozen=True)
class ScoringMatrix:
    """The whole evaluation: criteria, every vendor's ratings, and optional pass/fail gates.

    Checked when built, so that every later step can trust it: criterion names are unique,
    weights are not negative and not all zero, every vendor is rated on every criterion and on
    the stated ``scale`` (docs/evidence.md, E1: "no missing cells"). ``gates`` holds pass/fail
    results such as "ISO 27001 certified"; a vendor that fails one is excluded before scoring, as
    in the VA SPRUCE evaluation where a "Fail" stops the rest of the proposal being evaluated
    (docs/evidence.md, E1).
    """

    criteria: tuple[Criterion, ...]
    ratings: Mapping[str, Mapping[str, float]]
    scale: tuple[float, float] = (1, 5)
    gates: Mapping[str, Mapping[str, bool]] | None = None

    def __post_init__(self) -> None:
        criteria = _check_criteria(self.criteria)
        scale = _check_scale(self.scale)
        names = [criterion.name for criterion in criteria]
        for criterion in criteria:
            if criterion.minimum is not None:
                require_in_range(
                    f"minimum of criterion {criterion.name!r}", criterion.minimum, *scale
                )
        ratings = _check_ratings(self.ratings, names, scale)
        gates = _check_gates(self.gates, list(ratings))
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "ratings", ratings)
        object.__setattr__(self, "gates", gates)

    @property
    def vendors(self) -> tuple[str, ...]:
        """Vendor names in the order they were given."""
        return tuple(self.ratings)

    @property
    def weights(self) -> dict[str, float]:
        """Normalised weights (adding up to 1), by criterion name."""
        return normalise_weights({c.name: c.weight for c in self.criteria})


@dataclass(frozen=True)
class VendorScore:
    """One vendor's result. A disqualified vendor has no total: it is excluded, not scored."""

    vendor: str
    weighted_total: float | None
    percent_of_max: float | None
    disqualified: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class RankedVendor:
    """A qualified vendor's place. ``tied`` is true when another vendor shares the rank."""

    rank: int
    vendor: str
    weighted_total: float
    percent_of_max: float
    tied: bool


@dataclass(frozen=True)
class WeightSensitivity:
    """How far one criterion's weight can move before the recommendation changes.

    ``new_weight`` is the break-even weight: there the leader and the challenger tie, and any step
    further makes ``new_winners`` win. At the end of the range (0 or 1) there is no step further,
    so ``new_winners`` is then the tie itself. ``None`` means no weight from 0 to 1 changes the
    winner. ``change`` is ``new_weight - current_weight`` (signed). Weights are shares of the
    total (0-1).
    """

    criterion: str
    current_weight: float
    new_weight: float | None
    change: float | None
    new_winners: tuple[str, ...] = ()


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Scale weights so they add up to 1, keeping their proportions.

    Why: evaluators think in points ("price 25, security 20"), while the weighted sum in RFP
    evaluation (docs/evidence.md, E1) needs weights that add up to 100%. Negative weights and an
    all-zero set are refused by name, because they make the total meaningless.
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ModelInputError(
            "weights", "expected at least one criterion with a weight", "a mapping"
        )
    checked = {}
    for name, weight in weights.items():
        require_text("criterion name", name)
        checked[name] = _check_weight(name, weight)
    total = math.fsum(checked.values())
    if total <= 0:
        names = ", ".join(repr(name) for name in checked)
        raise ModelInputError(
            "weights",
            f"all weights are zero ({names}), so no criterion counts",
            "at least one weight above 0",
        )
    return {name: w / total for name, w in checked.items()}


def score_vendors(matrix: ScoringMatrix) -> list[VendorScore]:
    """Apply the gates and must-haves, then the weighted sum S_v = sum of w_c * s_vc.

    The total stays on the rating scale (weights add up to 1) and ``percent_of_max`` is
    100 * S_v / s_max, both as in docs/evidence.md, E1. Knock-outs come first because a vendor who
    fails a mandatory requirement must not be rescued by a high score elsewhere.
    """
    weights = matrix.weights
    s_max = matrix.scale[1]
    results = []
    for vendor, row in matrix.ratings.items():
        reasons = _knock_out_reasons(matrix, vendor)
        if reasons:
            results.append(VendorScore(vendor, None, None, True, reasons))
            continue
        total = math.fsum(weights[name] * row[name] for name in weights)
        results.append(VendorScore(vendor, total, 100 * total / s_max, False))
    return results


def rank_vendors(matrix: ScoringMatrix) -> list[RankedVendor]:
    """Rank the qualified vendors, highest weighted total first, with "1224" competition ranks.

    Why shared ranks: two totals equal within ``TIE_TOLERANCE`` are a tie, and a report that
    silently puts one of them first hides a decision the evaluation team still has to make (E1
    asks for a stated tie-break). Tied vendors keep their input order.
    """
    qualified = [score for score in score_vendors(matrix) if not score.disqualified]
    order = {score.vendor: index for index, score in enumerate(qualified)}
    qualified.sort(key=lambda score: -_total(score))
    groups: list[list[VendorScore]] = []
    for score in qualified:
        if groups and abs(_total(groups[-1][0]) - _total(score)) <= TIE_TOLERANCE:
            groups[-1].append(score)
        else:
            groups.append([score])
    ranked: list[RankedVendor] = []
    for group in groups:
        rank = len(ranked) + 1
        for score in sorted(group, key=lambda s: order[s.vendor]):
            percent = score.percent_of_max if score.percent_of_max is not None else 0.0
            ranked.append(RankedVendor(rank, score.vendor, _total(score), percent, len(group) > 1))
    return ranked


def winners(matrix: ScoringMatrix) -> tuple[str, ...]:
    """The vendor(s) ranked first; more than one name means a tie the team must break."""
    return tuple(r.vendor for r in rank_vendors(matrix) if r.rank == 1)


def scores_frame(matrix: ScoringMatrix) -> pd.DataFrame:
    """A table for the notebook: qualified vendors by rank, then the disqualified with reasons."""
    ranks = {r.vendor: r.rank for r in rank_vendors(matrix)}
    rows = [
        {
            "vendor": s.vendor,
            "weighted_total": s.weighted_total,
            "percent_of_max": s.percent_of_max,
            "rank": ranks.get(s.vendor),
            "disqualified": s.disqualified,
            "reasons": "; ".join(s.reasons),
        }
        for s in score_vendors(matrix)
    ]
    frame = pd.DataFrame(
        rows,
        columns=["vendor", "weighted_total", "percent_of_max", "rank", "disqualified", "reasons"],
    )
    frame["rank"] = frame["rank"].astype("Int64")
    frame["weighted_total"] = frame["weighted_total"].astype("float64")
    frame["percent_of_max"] = frame["percent_of_max"].astype("float64")
    frame["_order"] = frame["rank"].fillna(len(frame) + 1)
    frame = frame.sort_values("_order", kind="stable").drop(columns="_order")
    return frame.reset_index(drop=True)


def price_to_rating(
    prices: Mapping[str, float],
    scale: tuple[float, float] = (1, 5),
    rule: str = "ratio",
) -> dict[str, float]:
    """Turn prices into ratings on the scale, lowest price rated highest (docs/evidence.md, E1).

    ``"ratio"``: s_max * P_min / P. ``"min-max"``: s_min + (s_max - s_min) * (P_max - P) /
    (P_max - P_min); when every price is equal, every vendor gets s_max. The rule changes the
    result (in Case 1 Northwind it changes the winner), so a task must state which rule applies.
    Under the ratio rule a price more than s_max/s_min times the lowest would fall below the
    scale; it is floored at s_min (course convention, so the rating stays on the scale).
    """
    low, high = _check_scale(scale)
    if rule not in PRICE_RULES:
        raise ModelInputError(
            "rule", f"unknown price rule {rule!r}", " or ".join(map(repr, PRICE_RULES))
        )
    if not isinstance(prices, Mapping) or not prices:
        raise ModelInputError("prices", "expected at least one vendor with a price", "a mapping")
    checked = {}
    for vendor, price in prices.items():
        require_text("vendor name", vendor)
        checked[vendor] = _check_price(vendor, price)
    p_min, p_max = min(checked.values()), max(checked.values())
    if rule == "ratio":
        # min() guards the lowest price: high * p / p can round to 5.000000000000001.
        return {v: min(high, max(low, high * p_min / p)) for v, p in checked.items()}
    if p_max == p_min:
        return {v: high for v in checked}
    return {v: low + (high - low) * (p_max - p) / (p_max - p_min) for v, p in checked.items()}


def with_weight(matrix: ScoringMatrix, criterion: str, weight: float) -> ScoringMatrix:
    """The same matrix with one criterion's share of the total set to ``weight`` (0-1).

    The other weights are rescaled in proportion so the total stays 1, which is how E1's
    sensitivity question is posed ("renormalizing the others in proportion"). Use it to ask
    "what if price counted 40%?" in a lesson.
    """
    names = [c.name for c in matrix.criteria]
    if criterion not in names:
        raise ModelInputError("criterion", f"unknown criterion {criterion!r}", ", ".join(names))
    new = require_in_range(f"weight of criterion {criterion!r}", weight, 0, 1)
    current = matrix.weights
    rest = math.fsum(w for name, w in current.items() if name != criterion)
    if rest <= 0:
        if new < 1:
            raise ModelInputError(
                f"weight of criterion {criterion!r}",
                "the other criteria all weigh 0, so there is no proportion to rescale them by",
                "1, or give the other criteria weights first",
            )
        return matrix
    criteria = tuple(
        Criterion(
            c.name, new if c.name == criterion else current[c.name] * (1 - new) / rest, c.minimum
        )
        for c in matrix.criteria
    )
    return ScoringMatrix(criteria, matrix.ratings, matrix.scale, matrix.gates)


def weight_sensitivity(matrix: ScoringMatrix) -> list[WeightSensitivity]:
    """For each criterion, the smallest change of its weight that changes the winner.

    Why: E1 asks for a sensitivity check before recommending; a winner that changes when one
    weight moves by two points is a weak recommendation. With the other weights rescaled in
    proportion, each vendor's total is a straight line in the criterion's weight t:
    S_v(t) = R_v + (s_vk - R_v) * t, where R_v is its total on the other criteria alone. So the
    answer is exact: the winner can only change where two lines cross. Each crossing is checked
    by the winners strictly between it and the next crossing. When both directions change the
    winner by the same amount, the increase is reported. A current tie is broken by any change,
    so it is reported with ``change`` 0.
    """
    qualified = [s.vendor for s in score_vendors(matrix) if not s.disqualified]
    weights = matrix.weights
    results = []
    for criterion in matrix.criteria:
        current = weights[criterion.name]
        rest = math.fsum(w for name, w in weights.items() if name != criterion.name)
        if len(qualified) < 2 or rest <= 0:
            results.append(WeightSensitivity(criterion.name, current, None, None))
            continue
        lines = _lines(matrix, qualified, criterion.name, weights, rest)
        results.append(_sensitivity_for(criterion.name, current, lines))
    return results


def most_sensitive_criterion(matrix: ScoringMatrix) -> WeightSensitivity | None:
    """The criterion whose weight needs the smallest change to change the winner, or ``None``.

    This is the weight the evaluation team should be able to defend best. Equal changes keep
    the order of the criteria.
    """
    flips = [s for s in weight_sensitivity(matrix) if s.change is not None]
    return min(flips, key=lambda s: abs(s.change or 0.0), default=None)


# --- helpers -----------------------------------------------------------------------------------


def _check_weight(name: object, weight: object) -> float:
    field_name = f"weight of criterion {name!r}"
    value = require_number(field_name, weight)
    if value < 0:
        raise ModelInputError(
            field_name,
            f"{value:g} is negative; a weight says how much a criterion counts",
            "0 or more",
        )
    return value


def _check_price(vendor: str, price: object) -> float:
    field_name = f"price of {vendor!r}"
    value = require_number(field_name, price)
    if value <= 0:
        raise ModelInputError(field_name, f"{value:g} cannot be turned into a rating", "above 0")
    return value


def _check_scale(scale: object) -> tuple[float, float]:
    if not isinstance(scale, tuple | list) or len(scale) != 2:
        raise ModelInputError("scale", f"expected (lowest, highest), got {scale!r}", "e.g. (1, 5)")
    low, high = (require_number("scale", value) for value in scale)
    if low >= high:
        raise ModelInputError(
            "scale", f"lowest {low:g} is not below highest {high:g}", "e.g. (1, 5)"
        )
    return low, high


def _check_criteria(criteria: object) -> tuple[Criterion, ...]:
    checked = require_unique_items("criteria", criteria, Criterion, lambda c: c.name, "criteria")
    if math.fsum(c.weight for c in checked) <= 0:
        raise ModelInputError(
            "weights",
            f"all weights are zero ({', '.join(repr(c.name) for c in checked)}), "
            "so no criterion counts",
            "at least one weight above 0",
        )
    return checked


def _check_ratings(
    ratings: object, names: list[str], scale: tuple[float, float]
) -> Mapping[str, Mapping[str, float]]:
    if not isinstance(ratings, Mapping) or not ratings:
        raise ModelInputError(
            "ratings", "no vendors rated", "a mapping vendor -> {criterion: rating}"
        )
    checked: dict[str, Mapping[str, float]] = {}
    missing: list[str] = []
    for vendor, row in ratings.items():
        vendor_name = require_text("vendor name", vendor)
        if not isinstance(row, Mapping):
            raise ModelInputError(
                f"ratings[{vendor_name!r}]", f"expected criterion: rating, got {row!r}"
            )
        unknown = [name for name in row if name not in names]
        if unknown:
            raise ModelInputError(
                f"ratings[{vendor_name!r}]",
                f"unknown criterion {', '.join(map(repr, unknown))}",
                ", ".join(map(repr, names)),
            )
        missing += [f"{vendor_name!r} on {name!r}" for name in names if name not in row]
        values = {}
        for name in names:
            if name in row:
                field_name = f"rating of {vendor_name!r} on {name!r}"
                values[name] = require_number(field_name, row[name])
                if not scale[0] <= values[name] <= scale[1]:
                    raise ModelInputError(
                        field_name,
                        f"{values[name]:g} is outside the rating scale",
                        f"{scale[0]:g} to {scale[1]:g}",
                    )
        checked[vendor_name] = MappingProxyType(values)
    if missing:
        raise ModelInputError(
            "ratings",
            f"missing ratings: {'; '.join(missing)}",
            "a rating for every vendor and criterion",
        )
    return MappingProxyType(checked)


def _check_gates(gates: object, vendors: list[str]) -> Mapping[str, Mapping[str, bool]] | None:
    if gates is None:
        return None
    if not isinstance(gates, Mapping):
        raise ModelInputError("gates", f"expected vendor -> {{gate: True/False}}, got {gates!r}")
    unknown = [vendor for vendor in gates if vendor not in vendors]
    if unknown:
        raise ModelInputError(
            "gates",
            f"unknown vendor {', '.join(map(repr, unknown))}",
            ", ".join(map(repr, vendors)),
        )
    gate_names: list[str] = []
    for vendor, row in gates.items():
        if not isinstance(row, Mapping):
            raise ModelInputError(f"gates[{vendor!r}]", f"expected gate: True/False, got {row!r}")
        for gate, passed in row.items():
            require_text("gate name", gate)
            if not isinstance(passed, bool):
                raise ModelInputError(
                    f"gate {gate!r} of {vendor!r}",
                    f"expected pass/fail, got {passed!r}",
                    "True or False",
                )
            if gate not in gate_names:
                gate_names.append(gate)
    missing = [
        f"{vendor!r} on {gate!r}"
        for vendor in vendors
        for gate in gate_names
        if gate not in gates.get(vendor, {})
    ]
    if missing:
        raise ModelInputError(
            "gates",
            f"missing gate results: {'; '.join(missing)}",
            "a pass/fail for every vendor and gate",
        )
    return MappingProxyType({vendor: MappingProxyType(dict(gates[vendor])) for vendor in vendors})


def _knock_out_reasons(matrix: ScoringMatrix, vendor: str) -> tuple[str, ...]:
    reasons = []
    if matrix.gates is not None:
        reasons += [f"failed gate {gate!r}" for gate, ok in matrix.gates[vendor].items() if not ok]
    for criterion in matrix.criteria:
        rating = matrix.ratings[vendor][criterion.name]
        if criterion.minimum is not None and rating < criterion.minimum:
            reasons.append(
                f"must-have {criterion.name!r}: rated {rating:g}, "
                f"below the minimum {criterion.minimum:g}"
            )
    return tuple(reasons)


def _total(score: VendorScore) -> float:
    return score.weighted_total if score.weighted_total is not None else -math.inf


_Line = tuple[str, float, float]  # vendor, intercept R_v, slope s_vk - R_v


def _lines(
    matrix: ScoringMatrix,
    vendors: list[str],
    criterion: str,
    weights: Mapping[str, float],
    rest: float,
) -> list[_Line]:
    lines = []
    for vendor in vendors:
        row = matrix.ratings[vendor]
        others = math.fsum(w * row[name] for name, w in weights.items() if name != criterion) / rest
        lines.append((vendor, others, row[criterion] - others))
    return lines


def _leaders(lines: list[_Line], t: float) -> tuple[str, ...]:
    totals = [(vendor, intercept + slope * t) for vendor, intercept, slope in lines]
    best = max(total for _, total in totals)
    return tuple(vendor for vendor, total in totals if best - total <= TIE_TOLERANCE)


_SAME_POINT = 1e-12


def _crossings(lines: list[_Line]) -> list[float]:
    points = {0.0, 1.0}
    for i, (_, a1, b1) in enumerate(lines):
        for _, a2, b2 in lines[i + 1 :]:
            if b1 != b2:
                t = (a2 - a1) / (b1 - b2)
                if 0.0 <= t <= 1.0:
                    points.add(t)
    # Crossings equal in exact arithmetic can differ in the last bit; merge them (and snap to
    # the ends) so no sliver of a stretch is checked on rounding noise alone.
    merged: list[float] = []
    for t in sorted(points):
        t = 0.0 if t < _SAME_POINT else 1.0 if t > 1 - _SAME_POINT else t
        if not merged or t - merged[-1] > _SAME_POINT:
            merged.append(t)
        elif t == 1.0:
            merged[-1] = 1.0
    return merged


def _first_flip(
    lines: list[_Line], current: float, points: list[float], leaders: tuple[str, ...]
) -> tuple[float, tuple[str, ...]] | None:
    """Walk the crossings away from ``current``; return the first where the leaders change.

    The leaders are constant between two crossings, so each stretch is checked at its midpoint
    (exact, no guessed step size). A crossing at the end of the range (0 or 1) can only create a
    tie, since there is nothing beyond it; the tie is then the new result.
    """
    path = [current, *points]
    for i, start in enumerate(path):
        end = path[i + 1] if i + 1 < len(path) else None
        at_point = _leaders(lines, start)
        if i > 0 and set(at_point) != set(leaders):
            beyond = at_point if end is None else _leaders(lines, (start + end) / 2)
            return start, beyond
        if end is not None and end != start:
            beyond = _leaders(lines, (start + end) / 2)
            if set(beyond) != set(leaders):
                return start, beyond
    return None


def _sensitivity_for(criterion: str, current: float, lines: list[_Line]) -> WeightSensitivity:
    leaders = _leaders(lines, current)
    points = _crossings(lines)
    up = _first_flip(lines, current, [p for p in points if p > current + _SAME_POINT], leaders)
    down_points = [p for p in reversed(points) if p < current - _SAME_POINT]
    down = _first_flip(lines, current, down_points, leaders)
    options = [flip for flip in (up, down) if flip is not None]
    if not options:
        return WeightSensitivity(criterion, current, None, None)
    new_weight, new_winners = min(options, key=lambda flip: abs(flip[0] - current))
    return WeightSensitivity(criterion, current, new_weight, new_weight - current, new_winners)
