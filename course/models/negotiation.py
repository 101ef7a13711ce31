"""Negotiation arithmetic: reservation prices, the ZOPA, and value creation across issues.

Why: the seed article "How to Lead an Outsourcing Project" says negotiation is not about getting
the best deal but about maximising the value of the relationship for the client while meeting the
provider's needs. The arithmetic here makes that concrete with the four key concepts of HBS
*Negotiation* (2003) ch. 2 (BATNA, reservation price, ZOPA, value creation through trades), Fisher
& Ury's *Getting to Yes* (options for mutual gain) and Sebenius (Negotiation Journal, 2017: a deal
is possible only if each side prefers it to its BATNA). Formulas follow docs/evidence.md, E7.

Money values are annual prices in one currency; utilities are points 0-100.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from course.models.errors import (
    ModelInputError,
    did_you_mean,
    require_in_range,
    require_number,
    require_text,
)

MAX_PACKAGES = 10_000
"""Most packages ``pareto_efficient_offers`` will enumerate: a COURSE CONVENTION that keeps a
notebook cell fast and a table readable. Trim options or issues to stay below it."""

ROLES = ("buyer", "seller")

Offer = Mapping[str, str]
"""A package: one chosen option per issue, e.g. ``{"term": "3 years", "price": "fixed"}``."""

_SCORE_DIGITS = 9
"""Scores are compared after rounding to this many decimals, so float noise cannot decide
whether a package dominates another."""


def client_reservation_price(
    alternative_annual_price: float,
    switching_cost: float,
    remaining_term_years: float,
    risk_premium: float = 0.0,
) -> float:
    """Most the client should pay a year: its BATNA, annualised (docs/evidence.md, E7).

    RP_client = alternative price + one-time switching cost / term of the new contract + risk
    premium. ``risk_premium`` is an annual amount the client would pay extra to avoid the risk of
    switching; use it only when the task gives one. Walking away costs the switch, so the
    incumbent may charge up to that much more than the alternative (HBS *Negotiation* ch. 2).
    """
    price = require_in_range("alternative_annual_price", alternative_annual_price, 0)
    switching = require_in_range("switching_cost", switching_cost, 0)
    term = require_number("remaining_term_years", remaining_term_years)
    if term <= 0:
        raise ModelInputError(
            "remaining_term_years",
            f"{term:g} cannot spread a one-time switching cost",
            "more than 0 years",
        )
    premium = require_in_range("risk_premium", risk_premium, 0)
    return price + switching / term + premium


def provider_reservation_price(delivery_cost: float, minimum_markup: float) -> float:
    """Least the provider will accept a year: delivery cost x (1 + minimum markup) (E7).

    The markup is on cost (0.10 = 10% above cost), not a margin on price; docs/evidence.md, E7
    notes the two differ and the task must say which. A margin m corresponds to a markup of
    m / (1 - m).
    """
    cost = require_in_range("delivery_cost", delivery_cost, 0)
    markup = require_in_range("minimum_markup", minimum_markup, 0)
    return cost * (1 + markup)


@dataclass(frozen=True)
class Zopa:
    """Zone of possible agreement: every price between the seller's minimum (``low``) and the
    buyer's maximum (``high``) leaves both sides better off than walking away (HBS ch. 2)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        low = require_number("low", self.low)
        high = require_number("high", self.high)
        if low > high:
            raise ModelInputError(
                "low", f"{low:g} is above high {high:g}; such a zone is empty", "low <= high"
            )
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @property
    def width(self) -> float:
        """The surplus to divide: how far the two reservation prices are apart."""
        return self.high - self.low

    @property
    def midpoint(self) -> float:
        """Where an even split of the surplus lands; a fair anchor, not a rule (E7)."""
        return (self.low + self.high) / 2


def zone_of_possible_agreement(buyer_reservation: float, seller_reservation: float) -> Zopa | None:
    """The ZOPA, or ``None`` when the buyer's maximum is below the seller's minimum.

    Sebenius (2017): the BATNAs decide whether a zone exists at all. With no zone, haggling
    cannot help; only changing the deal (scope, term, other issues) or a BATNA can.
    """
    buyer = require_number("buyer_reservation", buyer_reservation)
    seller = require_number("seller_reservation", seller_reservation)
    if buyer < seller:
        return None
    return Zopa(low=seller, high=buyer)


def offer_in_zopa(offer: float, zopa: Zopa | None) -> bool:
    """Whether a price offer lies in the zone, bounds included. No zone (``None``) holds no offer.

    An opening offer outside the zone is not wrong in itself (it anchors), but accepting one
    leaves a side worse off than its BATNA.
    """
    price = require_number("offer", offer)
    if zopa is None:
        return False
    if not isinstance(zopa, Zopa):
        raise ModelInputError("zopa", f"expected a Zopa or None, got {zopa!r}", "a Zopa or None")
    return zopa.low <= price <= zopa.high


@dataclass(frozen=True)
class NegotiationSide:
    """One side's three numbers (HBS *Negotiation* ch. 2), as annual prices.

    ``batna_value`` is what the side gets by walking away (the buyer's cost of its best
    alternative, the seller's income from its best other use of the capacity);
    ``reservation_value`` is its walk-away price, derived from the BATNA; ``target_value`` is what
    it aims for. A buyer aims at or below its reservation price (it wants to pay less), a seller
    at or above it (it wants to earn more); anything else means the side aims for a deal it would
    walk away from.
    """

    name: str
    role: str
    batna_value: float
    reservation_value: float
    target_value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", require_text("name", self.name))
        role = self.role.strip().lower() if isinstance(self.role, str) else self.role
        if role not in ROLES:
            raise ModelInputError("role", f"unknown role {self.role!r}", "buyer or seller")
        object.__setattr__(self, "role", role)
        for field in ("batna_value", "reservation_value", "target_value"):
            object.__setattr__(self, field, require_number(field, getattr(self, field)))
        target, reservation = self.target_value, self.reservation_value
        if role == "buyer" and target > reservation:
            raise ModelInputError(
                "target_value",
                f"a buyer's target {target:g} is above its reservation price {reservation:g}",
                "a target at or below the reservation price",
            )
        if role == "seller" and target < reservation:
            raise ModelInputError(
                "target_value",
                f"a seller's target {target:g} is below its reservation price {reservation:g}",
                "a target at or above the reservation price",
            )


@dataclass(frozen=True)
class Issue:
    """One negotiable term and its options, e.g. term length: 1, 3 or 5 years.

    Options are labels (texts); each side's ``Preferences`` say what each option is worth.
    """

    name: str
    options: tuple[str, ...]

    def __post_init__(self) -> None:
        name = require_text("name", self.name)
        object.__setattr__(self, "name", name)
        if isinstance(self.options, str) or not isinstance(self.options, Iterable):
            raise ModelInputError(
                f"{name}.options", f"expected a tuple of texts, got {self.options!r}"
            )
        options = tuple(require_text(f"{name}.options", option) for option in self.options)
        if len(options) < 2:
            raise ModelInputError(
                f"{name}.options",
                f"{len(options)} option(s) leave nothing to negotiate",
                "2 or more options",
            )
        duplicates = sorted({option for option in options if options.count(option) > 1})
        if duplicates:
            raise ModelInputError(
                f"{name}.options", f"repeated options: {', '.join(duplicates)}", "each option once"
            )
        object.__setattr__(self, "options", options)


@dataclass(frozen=True)
class Preferences:
    """One side's additive utility table (docs/evidence.md, E7, multi-issue).

    ``weights`` say how much each issue matters; they are normalised to sum to 1 on construction,
    so 3 and 1 mean the same as 0.75 and 0.25. ``utilities`` give 0-100 points per option of each
    issue. A package scores sum(weight x utility), 0-100.
    """

    weights: Mapping[str, float]
    utilities: Mapping[str, Mapping[str, float]]

    def __post_init__(self) -> None:
        if not isinstance(self.weights, Mapping) or not self.weights:
            raise ModelInputError(
                "weights", f"expected a dict of issue weights, got {self.weights!r}"
            )
        if not isinstance(self.utilities, Mapping):
            raise ModelInputError(
                "utilities", f"expected a dict of issue -> option -> points, got {self.utilities!r}"
            )
        raw = {
            require_text("weights", issue): require_in_range(f"weights[{issue!r}]", weight, 0)
            for issue, weight in self.weights.items()
        }
        total = sum(raw.values())
        if total <= 0:
            raise ModelInputError("weights", "all weights are 0", "at least one weight above 0")
        missing = [issue for issue in raw if issue not in self.utilities]
        extra = [issue for issue in self.utilities if issue not in raw]
        if missing or extra:
            field, names = ("utilities", missing) if missing else ("weights", extra)
            raise ModelInputError(
                field,
                f"no entry for issue(s) {', '.join(map(repr, names))}",
                "the same issues in weights and utilities",
            )
        utilities = {}
        for issue in raw:
            table = self.utilities[issue]
            if not isinstance(table, Mapping) or not table:
                raise ModelInputError(
                    f"utilities[{issue!r}]", f"expected a dict option -> points, got {table!r}"
                )
            utilities[issue] = MappingProxyType(
                {
                    require_text(f"utilities[{issue!r}]", option): require_in_range(
                        f"utilities[{issue!r}][{option!r}]", points, 0, 100
                    )
                    for option, points in table.items()
                }
            )
        normalised = {issue: weight / total for issue, weight in raw.items()}
        object.__setattr__(self, "weights", MappingProxyType(normalised))
        object.__setattr__(self, "utilities", MappingProxyType(utilities))


@dataclass(frozen=True)
class Trade:
    """A logrolling trade between two issues (HBS *Negotiation* ch. 2, value creation).

    The buyer gets its preferred option on ``buyer_issue`` and the seller gets its preferred
    option on ``seller_issue``. The gains are measured against splitting both issues down the
    middle (see ``value_creating_trades``), in weighted utility points.
    """

    buyer_issue: str
    buyer_option: str
    seller_issue: str
    seller_option: str
    buyer_gain: float
    seller_gain: float

    @property
    def joint_gain(self) -> float:
        """Value created for both sides together, compared with an even split."""
        return self.buyer_gain + self.seller_gain


def score_offer(offer: Offer, prefs: Preferences) -> float:
    """A side's utility for a package: sum over issues of weight x option points (0-100).

    The offer must choose one known option for every issue in ``prefs``; an unknown issue or
    option is named in the error, with the options that would be valid.
    """
    _require_prefs("prefs", prefs)
    chosen = _require_offer(offer, prefs)
    return sum(prefs.weights[issue] * prefs.utilities[issue][chosen[issue]] for issue in chosen)


def acceptable(offer: Offer, prefs: Preferences, batna_utility: float) -> bool:
    """Whether a side should accept: the package is worth at least its BATNA (Sebenius 2017)."""
    batna = require_in_range("batna_utility", batna_utility, 0, 100)
    return score_offer(offer, prefs) >= batna


def pareto_efficient_offers(
    issues: Iterable[Issue], buyer_prefs: Preferences, seller_prefs: Preferences
) -> list[dict[str, str]]:
    """Packages that no other package beats for one side without hurting the other.

    Fisher & Ury's "options for mutual gain": a deal off this frontier leaves value on the table.
    Every combination of options is scored for both sides (docs/evidence.md, E7, Pareto check);
    the efficient ones are returned best-for-the-buyer first. Packages with the same two scores
    are all kept. Refuses more than ``MAX_PACKAGES`` packages.
    """
    issue_list = _require_issues(issues, buyer_prefs, seller_prefs)
    scored = _scored_packages(issue_list, buyer_prefs, seller_prefs)
    efficient = _efficient_indexes([(b, s) for _, b, s in scored])
    ordered = sorted(efficient, key=lambda index: (-scored[index][1], -scored[index][2], index))
    return [dict(scored[index][0]) for index in ordered]


def packages_frame(
    issues: Iterable[Issue], buyer_prefs: Preferences, seller_prefs: Preferences
) -> pd.DataFrame:
    """Every package with both scores and a ``pareto`` flag, for a table or a scatter plot."""
    issue_list = _require_issues(issues, buyer_prefs, seller_prefs)
    scored = _scored_packages(issue_list, buyer_prefs, seller_prefs)
    efficient = _efficient_indexes([(b, s) for _, b, s in scored])
    rows = [
        {**package, "buyer_score": b, "seller_score": s, "pareto": index in efficient}
        for index, (package, b, s) in enumerate(scored)
    ]
    columns = [issue.name for issue in issue_list] + ["buyer_score", "seller_score", "pareto"]
    return pd.DataFrame(rows, columns=columns)


def value_creating_trades(buyer_prefs: Preferences, seller_prefs: Preferences) -> list[Trade]:
    """Pairs of issues where each side can concede what it cares less about (logrolling).

    HBS *Negotiation* ch. 2 and *Getting to Yes*: when the buyer weights issue X above issue Y
    and the seller weights Y above X, giving the buyer its way on X and the seller its way on Y
    is worth more to both than meeting in the middle on each.

    COURSE CONVENTION for "the middle": on each issue each side receives the midpoint of its own
    lowest and highest points. In the trade, a side's preferred option is its highest-scoring one
    (ties go to the option the other side likes more). Only trades with a positive joint gain are
    returned, largest first. A side's gain may be negative when options are not fully opposed;
    such a trade needs something in return for that side.
    """
    _require_prefs("buyer_prefs", buyer_prefs)
    _require_prefs("seller_prefs", seller_prefs)
    _require_same_issues(buyer_prefs, seller_prefs)
    trades = []
    for x, y in itertools.permutations(list(buyer_prefs.weights), 2):
        buyer_cares_x = buyer_prefs.weights[x] > buyer_prefs.weights[y]
        seller_cares_y = seller_prefs.weights[y] > seller_prefs.weights[x]
        if not (buyer_cares_x and seller_cares_y):
            continue
        x_option = _preferred(x, buyer_prefs, seller_prefs)
        y_option = _preferred(y, seller_prefs, buyer_prefs)
        buyer_gain = _gain(buyer_prefs, {x: x_option, y: y_option})
        seller_gain = _gain(seller_prefs, {x: x_option, y: y_option})
        trade = Trade(x, x_option, y, y_option, buyer_gain, seller_gain)
        if round(trade.joint_gain, _SCORE_DIGITS) > 0:
            trades.append(trade)
    return sorted(trades, key=lambda trade: -trade.joint_gain)


def _preferred(issue: str, mine: Preferences, theirs: Preferences) -> str:
    table = mine.utilities[issue]
    return max(table, key=lambda option: (table[option], theirs.utilities[issue][option]))


def _gain(prefs: Preferences, chosen: Mapping[str, str]) -> float:
    gain = 0.0
    for issue, option in chosen.items():
        points = prefs.utilities[issue].values()
        middle = (min(points) + max(points)) / 2
        gain += prefs.weights[issue] * (prefs.utilities[issue][option] - middle)
    return gain


def _scored_packages(
    issues: list[Issue], buyer_prefs: Preferences, seller_prefs: Preferences
) -> list[tuple[dict[str, str], float, float]]:
    count = math.prod(len(issue.options) for issue in issues)
    if count > MAX_PACKAGES:
        raise ModelInputError(
            "issues",
            f"{count:,} packages to compare; drop issues or options",
            f"at most {MAX_PACKAGES:,} packages",
        )
    names = [issue.name for issue in issues]
    scored = []
    for combination in itertools.product(*(issue.options for issue in issues)):
        package = dict(zip(names, combination, strict=True))
        scored.append(
            (package, score_offer(package, buyer_prefs), score_offer(package, seller_prefs))
        )
    return scored


def _efficient_indexes(scores: list[tuple[float, float]]) -> set[int]:
    """Indexes not dominated: no other point at least as good on both and better on one."""
    rounded = [(round(b, _SCORE_DIGITS), round(s, _SCORE_DIGITS)) for b, s in scores]
    order = sorted(range(len(rounded)), key=lambda index: (-rounded[index][0], -rounded[index][1]))
    efficient: set[int] = set()
    best_seller_above = -math.inf
    position = 0
    while position < len(order):
        buyer = rounded[order[position]][0]
        group = [index for index in order[position:] if rounded[index][0] == buyer]
        group_best = max(rounded[index][1] for index in group)
        if group_best > best_seller_above:
            efficient.update(index for index in group if rounded[index][1] == group_best)
        best_seller_above = max(best_seller_above, group_best)
        position += len(group)
    return efficient


def _require_issues(
    issues: Iterable[Issue], buyer_prefs: Preferences, seller_prefs: Preferences
) -> list[Issue]:
    if isinstance(issues, (str, Mapping)) or not isinstance(issues, Iterable):
        raise ModelInputError("issues", f"expected Issue objects, got {issues!r}", "a list")
    issue_list = list(issues)
    if not issue_list:
        raise ModelInputError("issues", "no issues to negotiate", "1 or more Issue objects")
    for index, issue in enumerate(issue_list):
        if not isinstance(issue, Issue):
            raise ModelInputError(f"issues[{index}]", f"expected an Issue, got {issue!r}", "Issue")
    names = [issue.name for issue in issue_list]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ModelInputError("issues", f"repeated issues: {', '.join(duplicates)}", "each once")
    for field, prefs in (("buyer_prefs", buyer_prefs), ("seller_prefs", seller_prefs)):
        _require_prefs(field, prefs)
        for issue in issue_list:
            if issue.name not in prefs.weights:
                raise ModelInputError(
                    f"{field}.weights", f"no weight for issue {issue.name!r}", ", ".join(names)
                )
            table = prefs.utilities[issue.name]
            missing = [option for option in issue.options if option not in table]
            unknown = [option for option in table if option not in issue.options]
            if missing or unknown:
                problem = (
                    f"no points for option(s) {', '.join(map(repr, missing))}"
                    if missing
                    else f"points for option(s) {', '.join(map(repr, unknown))} not in the issue"
                )
                raise ModelInputError(
                    f"{field}.utilities[{issue.name!r}]", problem, ", ".join(issue.options)
                )
        extra = [issue for issue in prefs.weights if issue not in names]
        if extra:
            raise ModelInputError(
                f"{field}.weights",
                f"issue(s) {', '.join(map(repr, extra))} are not in the issues list",
                ", ".join(names),
            )
    return issue_list


def _require_same_issues(buyer_prefs: Preferences, seller_prefs: Preferences) -> None:
    for issue in buyer_prefs.weights:
        if issue not in seller_prefs.weights:
            raise ModelInputError(
                "seller_prefs.weights", f"no weight for issue {issue!r}", "the buyer's issues"
            )
        if set(buyer_prefs.utilities[issue]) != set(seller_prefs.utilities[issue]):
            raise ModelInputError(
                f"seller_prefs.utilities[{issue!r}]",
                "the two sides score different options for this issue",
                ", ".join(buyer_prefs.utilities[issue]),
            )
    for issue in seller_prefs.weights:
        if issue not in buyer_prefs.weights:
            raise ModelInputError(
                "buyer_prefs.weights", f"no weight for issue {issue!r}", "the seller's issues"
            )


def _require_prefs(field: str, prefs: object) -> None:
    if not isinstance(prefs, Preferences):
        raise ModelInputError(field, f"expected Preferences, got {prefs!r}", "Preferences(...)")


def _require_offer(offer: object, prefs: Preferences) -> dict[str, str]:
    if not isinstance(offer, Mapping):
        raise ModelInputError("offer", f"expected a dict issue -> option, got {offer!r}")
    issues = list(prefs.weights)
    for issue in offer:
        if issue not in prefs.weights:
            raise ModelInputError(
                "offer",
                f"unknown issue {issue!r}{did_you_mean(issue, issues)}",
                ", ".join(issues),
            )
    missing = [issue for issue in issues if issue not in offer]
    if missing:
        raise ModelInputError(
            "offer", f"no option chosen for issue(s) {', '.join(map(repr, missing))}", "every issue"
        )
    for issue in issues:
        option = offer[issue]
        options = list(prefs.utilities[issue])
        if option not in prefs.utilities[issue]:
            raise ModelInputError(
                f"offer[{issue!r}]",
                f"unknown option {option!r}{did_you_mean(option, options)}",
                ", ".join(options),
            )
    return {issue: offer[issue] for issue in issues}
