"""Negotiation: a renewal's prices, both BATNAs and a package table (``models.negotiation``).

Prices live in ``PriceTerms``, which the case and its plain view share. Variants place targets,
openings and the cost shock relative to the reservation prices, so the zone and the accepted
proposals stay as the narrative tells them; "Prepare a negotiation" shows the plain view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import RATE_SPREAD, Draw, round_to
from course.cases.errors import CaseDataError
from course.cases.fields import Fields
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.negotiation import (
    Issue,
    NegotiationSide,
    Preferences,
    Zopa,
    acceptable,
    client_reservation_price,
    offer_in_zopa,
    packages_frame,
    pareto_efficient_offers,
    provider_reservation_price,
    score_offer,
    value_creating_trades,
    zone_of_possible_agreement,
)


@dataclass(frozen=True)
class PriceTerms:
    """The money of a renewal, shared by the case and its plain view (annual, in the currency).

    ``transition_fee`` is one-time and ``dual_running_monthly_cost`` a month; ``term_years``
    spreads the one-time switching cost; ``minimum_markup`` is a share of ``delivery_cost``.
    """

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


@dataclass(frozen=True)
class UtilityTables:
    """Both sides' additive utilities, shared by the case and its plain view.

    Weights are importance points per issue (not normalised); utilities are 0-100 points per
    option of each issue; a BATNA utility is what walking away is worth to that side, in points.
    """

    client_weights: Mapping[str, float]
    provider_weights: Mapping[str, float]
    client_utilities: Mapping[str, Mapping[str, float]]
    provider_utilities: Mapping[str, Mapping[str, float]]
    client_batna_utility: float
    provider_batna_utility: float


@dataclass(frozen=True)
class NegotiationCase(Case, PriceTerms, UtilityTables):
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
    provider_batna_value: float
    client_target: float
    provider_target: float
    client_opening: float
    provider_opening: float
    scenarios: Mapping[str, Mapping[str, float]]
    issue_list: tuple[Issue, ...]
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


def _plain(table: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {issue: dict(options) for issue, options in table.items()}


# --- reading case files ----------------------------------------------------------------------


def parse_negotiation(source: Source) -> NegotiationCase:
    """Prices, both sides, scenarios, issues and proposals; points per option from a table."""
    main = source.main
    allow_case_keys(
        main,
        "client provider alternative_bidder price client_side provider_side scenarios issues "
        "utilities proposals",
    )
    price = main.section("price")
    price_keys = tuple(field.name for field in dataclasses.fields(PriceTerms))
    price.reject_unknown(price_keys)
    money = {key: price.number(key, 0) for key in price_keys}
    if money["term_years"] <= 0:
        price.fail("term_years", "a renewal term must be longer than 0 years", "e.g. 3")
    client = main.section("client_side")
    client.reject_unknown(("target", "opening", "weights", "batna_utility"))
    provider = main.section("provider_side")
    provider.reject_unknown(("batna_value", "target", "opening", "weights", "batna_utility"))
    issues = []
    for item in main.sections("issues"):
        item.reject_unknown(("name", "options"))
        issues.append(Issue(item.text("name"), item.texts("options")))
    issue_names = [issue.name for issue in issues]
    require_unique(main, "issues", issue_names)
    client_utilities, provider_utilities = _parse_utilities(source, main, issues)
    scenarios = {}
    if main.has("scenarios"):
        for item in main.sections("scenarios"):
            item.reject_unknown(("name", *NegotiationCase.SCENARIO_FIELDS))
            changes = {
                key: item.number(key, 0) for key in NegotiationCase.SCENARIO_FIELDS if item.has(key)
            }
            if not changes:
                item.here("a scenario changes nothing", "give at least one value to change")
            scenarios[item.text("name")] = frozen(changes)
    proposals = {}
    for item in main.sections("proposals"):
        item.reject_unknown(("name", *issue_names))
        package = {}
        for issue in issues:
            package[issue.name] = item.choice(issue.name, issue.options)
        proposals[item.text("name")] = frozen(package)
    return NegotiationCase(
        **common_fields(source),
        client=main.text("client"),
        provider=main.text("provider"),
        alternative_bidder=main.text("alternative_bidder"),
        **money,
        provider_batna_value=provider.number("batna_value", 0),
        client_target=client.number("target", 0),
        provider_target=provider.number("target", 0),
        client_opening=client.number("opening", 0),
        provider_opening=provider.number("opening", 0),
        scenarios=frozen(scenarios),
        issue_list=tuple(issues),
        client_weights=_parse_weights(client, issue_names),
        provider_weights=_parse_weights(provider, issue_names),
        client_utilities=client_utilities,
        provider_utilities=provider_utilities,
        client_batna_utility=client.number("batna_utility", 0, 100),
        provider_batna_utility=provider.number("batna_utility", 0, 100),
        proposals=frozen(proposals),
    )


def _parse_weights(side: Fields, issue_names: list[str]) -> MappingProxyType:
    weights = side.section("weights")
    weights.reject_unknown(issue_names)
    return frozen({name: weights.number(name, 0) for name in issue_names})


def _parse_utilities(
    source: Source, main: Fields, issues: list[Issue]
) -> tuple[MappingProxyType, MappingProxyType]:
    table = source.table(main, "utilities")
    table.require_columns(("issue", "option", "client_points", "provider_points"))
    client: dict[str, dict[str, float]] = {issue.name: {} for issue in issues}
    provider: dict[str, dict[str, float]] = {issue.name: {} for issue in issues}
    options = {issue.name: issue.options for issue in issues}
    for row in table.rows:
        issue = row.choice("issue", options)
        option = row.choice("option", options[issue])
        client[issue][option] = row.number("client_points", 0, 100)
        provider[issue][option] = row.number("provider_points", 0, 100)
    for issue in issues:
        missing = [o for o in issue.options if o not in client[issue.name]]
        if missing:
            raise CaseDataError(
                table.file,
                f"issue {issue.name!r}",
                f"no points for option(s) {', '.join(map(repr, missing))}",
                "add a row per option of every issue",
            )
    return (
        frozen({k: frozen(v) for k, v in client.items()}),
        frozen({k: frozen(v) for k, v in provider.items()}),
    )


# --- variants --------------------------------------------------------------------------------


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
        client_weights=_perturbed_weights(case.client_weights, draw),
        provider_weights=_perturbed_weights(case.provider_weights, draw),
        client_utilities=_perturbed_utilities(case.client_utilities, draw),
        provider_utilities=_perturbed_utilities(case.provider_utilities, draw),
        client_batna_utility=float(case.client_batna_utility + 5 * draw.integer(-1, 1)),
        provider_batna_utility=float(case.provider_batna_utility + 5 * draw.integer(-1, 1)),
    )


def _perturbed_weights(weights: Mapping[str, float], draw: Draw) -> MappingProxyType:
    return MappingProxyType(
        {issue: max(5.0, weight + 5 * draw.integer(-1, 1)) for issue, weight in weights.items()}
    )


def _perturbed_utilities(table: Mapping[str, Mapping[str, float]], draw: Draw) -> MappingProxyType:
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


# --- what a variant keeps --------------------------------------------------------------------

UTILITY_MARGIN = 1.0
"""A proposal's score is at least one point away from each side's BATNA utility."""


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


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass(frozen=True)
class NegotiationView(PriceTerms, UtilityTables):
    """A case as plain data: what the notebook shows and the checks recompute.

    Money is annual, in ``currency``, unless a name says otherwise (``transition_fee`` is one-time,
    ``dual_running_monthly_cost`` a month). Weights are importance points (not normalised);
    utilities are 0-100 points per option of each issue.
    """

    learner_id: str
    client: str
    provider: str
    alternative_bidder: str
    currency: str
    provider_batna_value: float
    client_target: float
    client_opening: float
    provider_opening: float
    scenarios: dict[str, dict[str, float]]
    issues: dict[str, list[str]]
    proposals: dict[str, dict[str, str]]

    def with_scenario(self, name: str) -> NegotiationView:
        """The same case with a what-if scenario's values in place (e.g. ``"cost shock"``)."""
        if name not in self.scenarios:
            raise KeyError(f"no scenario {name!r}; scenarios: {', '.join(self.scenarios)}")
        return dataclasses.replace(self, **self.scenarios[name])


def plain_view(case: NegotiationCase, learner_id: str) -> NegotiationView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    money = (
        *(field.name for field in dataclasses.fields(PriceTerms)),
        "provider_batna_value",
        "client_target",
        "client_opening",
        "provider_opening",
        "client_batna_utility",
        "provider_batna_utility",
    )
    return NegotiationView(
        learner_id=learner_id,
        client=case.client,
        provider=case.provider,
        alternative_bidder=case.alternative_bidder,
        currency=case.currency,
        scenarios={
            name: {field: float(value) for field, value in values.items()}
            for name, values in case.scenarios.items()
        },
        issues={issue.name: list(issue.options) for issue in case.issues()},
        client_weights={issue: float(w) for issue, w in case.client_weights.items()},
        provider_weights={issue: float(w) for issue, w in case.provider_weights.items()},
        client_utilities=_table(case.client_utilities),
        provider_utilities=_table(case.provider_utilities),
        proposals={name: dict(package) for name, package in case.proposals.items()},
        **{field: float(getattr(case, field)) for field in money},
    )


def _table(table: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {issue: {o: float(p) for o, p in options.items()} for issue, options in table.items()}


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
    """What the exercise's setup cell shows: prices, scenarios, issues and proposals."""
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


KIND = CaseKind(
    NegotiationCase,
    parse=parse_negotiation,
    perturb=perturb_negotiation,
    story=_negotiation_story,
    well_defined=_negotiation_well_defined,
    plain_view=plain_view,
)
