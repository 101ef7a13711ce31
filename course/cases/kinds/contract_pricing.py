"""Contract pricing: one year of demand priced under four models (``course.models.pricing``).

A case holds a year of expected tickets per month and how far demand may swing, what the work
costs the provider, the price terms of each model (an hourly rate, a fixed fee with a baseline
and a change rate, a banded unit price, a base fee with an outcome fee), the indexation clause
and the client's budget tolerance. Variants move volumes, rates and the index; the story keeps
the model the lesson's rule chooses and every trap the exercise "Price the contract" sets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind, pairwise_gap
from course.cases.draw import Draw, round_to
from course.cases.fields import Fields
from course.cases.source import Source, allow_case_keys, common_fields, require_unique
from course.models.pricing import (
    MODEL_NAMES,
    MODELS,
    DeliveryCost,
    Demand,
    PriceTerms,
    RiskView,
    VolumeBand,
    banded_charge,
    change_requests,
    choose_model,
    index_rate,
    price_scenarios,
    risk_views,
)


@dataclass(frozen=True)
class ContractPricingCase(Case):
    """A year of service-desk demand and the price terms of four pricing models.

    ``months`` labels the twelve months of ``demand.monthly``; ``achievement`` is the share of
    the outcome the client expects the provider to reach (the outcome fee is paid pro rata);
    ``index``, ``cap`` and ``floor`` are the indexation clause; ``tolerance`` is how far the
    client's yearly cost may move between low and high demand, as a share of the expected cost.
    """

    kind: ClassVar[str] = "contract-pricing"

    provider: str
    months: tuple[str, ...]
    demand: Demand
    cost: DeliveryCost
    terms: PriceTerms
    achievement: float
    index: float
    cap: float
    floor: float
    tolerance: float

    def views(self) -> dict[str, RiskView]:
        """Each model's client cost and provider margin in the three scenarios."""
        return risk_views(price_scenarios(self.terms, self.cost, self.demand, self.achievement))

    def chosen(self) -> str | None:
        """The model the lesson's rule picks for this client."""
        return choose_model(self.views(), self.tolerance)

    def validate(self) -> None:
        self.views()
        index_rate(self.index, self.cap, self.floor)


# --- reading case files ----------------------------------------------------------------------


def parse_contract_pricing(source: Source) -> ContractPricingCase:
    """Demand from a table (month, tickets); costs, terms and clauses from case.yml."""
    main = source.main
    allow_case_keys(
        main,
        "provider demand swing hours_per_ticket provider_cost pricing indexation budget_tolerance",
    )
    table = source.table(main, "demand")
    table.require_columns(("month", "tickets"))
    months = [row.text("month") for row in table.rows]
    require_unique(main, "demand", months, file=table.file)
    if len(months) != 12:
        main.fail("demand", f"{table.file} has {len(months)} months", "give exactly 12 rows")
    volumes = tuple(row.number("tickets", 0, 1_000_000) for row in table.rows)
    cost = main.section("provider_cost")
    cost.reject_unknown(("cost_per_hour", "fixed_monthly"))
    pricing = main.section("pricing")
    pricing.reject_unknown(MODELS)
    index = main.section("indexation")
    index.reject_unknown(("index", "cap", "floor"))
    outcome = _model(pricing, "outcome-based", ("base_fee", "outcome_fee", "expected_achievement"))
    case = ContractPricingCase(
        **common_fields(source),
        provider=main.text("provider"),
        months=tuple(months),
        demand=Demand(volumes, main.number("swing", 0, 0.9)),
        cost=DeliveryCost(
            main.number("hours_per_ticket", 0.01, 20),
            cost.number("cost_per_hour", 0),
            cost.number("fixed_monthly", 0),
        ),
        terms=_terms(pricing, outcome),
        achievement=outcome.number("expected_achievement", 0, 1),
        index=index.number("index", -0.5, 1),
        cap=index.number("cap", -0.5, 1),
        floor=index.number("floor", -0.5, 1),
        tolerance=main.number("budget_tolerance", 0, 1),
    )
    if case.floor > case.cap:
        index.fail("floor", "the floor is above the cap", "make the floor at most the cap")
    return case


def _model(pricing: Fields, model: str, keys: tuple[str, ...]) -> Fields:
    section = pricing.section(model)
    section.reject_unknown(keys)
    return section


def _terms(pricing: Fields, outcome: Fields) -> PriceTerms:
    hourly = _model(pricing, "time-and-materials", ("hourly_rate",))
    fixed = _model(pricing, "fixed-price", ("monthly_fee", "baseline_tickets", "change_rate"))
    unit = _model(pricing, "unit-price", ("bands",))
    bands = []
    items = unit.sections("bands", label="up_to")
    for position, item in enumerate(items):
        item.reject_unknown(("up_to", "price"))
        last = position == len(items) - 1
        if last and item.has("up_to"):
            item.fail("up_to", "the last band has an upper limit", "leave up_to out of the last")
        if not last and not item.has("up_to"):
            item.fail("up_to", "missing", "give every band but the last an upper limit")
        limit = None if last else item.number("up_to", 0)
        if bands and limit is not None and limit <= (bands[-1].up_to or 0):
            item.fail("up_to", "band limits must rise", "give a limit above the band before")
        bands.append(VolumeBand(limit, item.number("price", 0)))
    return PriceTerms(
        hourly_rate=hourly.number("hourly_rate", 0),
        monthly_fee=fixed.number("monthly_fee", 0),
        baseline_tickets=fixed.number("baseline_tickets", 0),
        change_rate=fixed.number("change_rate", 0),
        bands=tuple(bands),
        base_fee=outcome.number("base_fee", 0),
        outcome_fee=outcome.number("outcome_fee", 0),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_contract_pricing(case: ContractPricingCase, draw: Draw) -> ContractPricingCase:
    """Volumes move together by up to 10% (each month a further 4%), and the volume terms of the
    contract (the fixed-price baseline, the band limits, the fees that cover a month's volume)
    follow them, as a contract sized for a larger desk would; rates move by up to 8%, the swing
    by 3 points, the expected achievement by 8 points; the index lands above a cap drawn from
    3-4.5%, as in a year of high inflation.
    """
    size = draw.uniform(0.9, 1.1)
    volumes = tuple(round_to(v * size * draw.uniform(0.96, 1.04), 10) for v in case.demand.monthly)
    swing = min(0.3, max(0.1, round_to(case.demand.swing + draw.uniform(-0.03, 0.03), 0.01)))
    terms = case.terms
    bands = tuple(
        VolumeBand(
            None if band.up_to is None else round_to(band.up_to * size, 100),
            draw.scaled(band.price, 0.08, 0.25),
        )
        for band in terms.bands
    )
    new_terms = PriceTerms(
        hourly_rate=draw.scaled(terms.hourly_rate, 0.08, 0.5),
        monthly_fee=round_to(terms.monthly_fee * size * draw.uniform(0.96, 1.04), 500),
        baseline_tickets=round_to(terms.baseline_tickets * size, 50),
        change_rate=draw.scaled(terms.change_rate, 0.1, 0.5),
        bands=bands,
        base_fee=round_to(terms.base_fee * size * draw.uniform(0.96, 1.04), 500),
        outcome_fee=draw.scaled(terms.outcome_fee, 0.1, 500),
    )
    cost = DeliveryCost(
        draw.scaled(case.cost.hours_per_ticket, 0.08, 0.01),
        draw.scaled(case.cost.cost_per_hour, 0.08, 0.5),
        draw.scaled(case.cost.fixed_monthly, 0.1, 500),
    )
    cap = draw.pick((0.03, 0.035, 0.04, 0.045))
    return dataclasses.replace(
        case,
        demand=Demand(volumes, swing),
        cost=cost,
        terms=new_terms,
        achievement=min(
            1.0, max(0.6, round_to(case.achievement + draw.uniform(-0.08, 0.08), 0.01))
        ),
        index=round_to(cap + draw.uniform(0.005, 0.03), 0.001),
        cap=cap,
        floor=draw.pick((0.0, 0.01)),
        tolerance=round_to(case.tolerance + draw.uniform(-0.02, 0.02), 0.005),
    )


# --- what a variant keeps --------------------------------------------------------------------

COST_GAP_SHARE = 0.01
"""Models' expected costs differ by at least 1% of the cheapest, and each model's spread is at
least one percentage point away from the budget tolerance, so no answer hangs on a rounding."""


def netted_excess(case: ContractPricingCase) -> float:
    """Tickets above the baseline counted over the year instead of month by month: a usual slip."""
    return max(0.0, sum(case.demand.monthly) - 12 * case.terms.baseline_tickets)


def all_units_charge(tickets: float, bands: tuple[VolumeBand, ...]) -> float:
    """Every ticket of the month at the price of the band the month's volume reaches: a usual
    slip (and the way some volume discounts work, which this contract's bands do not)."""
    for band in bands:
        if band.up_to is None or tickets <= band.up_to:
            return tickets * band.price
    return tickets * bands[-1].price


def _story(case: ContractPricingCase) -> Hashable:
    """The chosen model; the cheapest and the steadiest models, each another model; which
    models keep within the tolerance; a fixed price with tickets above the baseline in some
    months but not over the year (so counting month by month matters); bands that the
    expected months cross; an index above its cap."""
    views = case.views()
    cheapest = min(views, key=lambda m: views[m].client_expected)
    steadiest = min(views, key=lambda m: views[m].client_spread)
    eligible = frozenset(
        m for m, v in views.items() if v.client_spread <= case.tolerance * v.client_expected
    )
    overflow = sum(change_requests(v, case.terms.baseline_tickets) for v in case.demand.monthly)
    crossing = any(
        abs(all_units_charge(v, case.terms.bands) - banded_charge(v, case.terms.bands)) > 1
        for v in case.demand.monthly
    )
    chosen = case.chosen()
    return (
        chosen,
        cheapest,
        steadiest,
        cheapest != chosen and steadiest != chosen,
        eligible,
        overflow > 0 and netted_excess(case) == 0,
        crossing,
        case.index > case.cap,
    )


def _well_defined(case: ContractPricingCase) -> bool:
    views = case.views()
    expected = [v.client_expected for v in views.values()]
    return pairwise_gap(expected) >= COST_GAP_SHARE * min(expected) and all(
        abs(v.client_spread / v.client_expected - case.tolerance) >= 0.01 for v in views.values()
    )


# --- what an exercise hands a learner -------------------------------------------------------


@dataclass
class ContractPricingView:
    """A case as plain data: what the notebook shows and the checks recompute.

    ``pricing[model]`` holds that model's terms (``bands`` is a list of ``{"up_to", "price"}``,
    the last with ``up_to`` None); no cost, spread or choice is computed here: that is the
    learner's work.
    """

    learner_id: str
    company: str
    provider: str
    currency: str
    models: list[str]
    months: list[str]
    expected_tickets: dict[str, float]  # month -> tickets expected
    swing: float  # low = expected x (1 - swing), high = expected x (1 + swing), every month
    hours_per_ticket: float
    provider_cost: dict[str, float]  # cost_per_hour, fixed_monthly
    pricing: dict[str, dict[str, Any]]
    indexation: dict[str, float]  # index, cap, floor
    budget_tolerance: float


def plain_view(case: ContractPricingCase, learner_id: str) -> ContractPricingView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    terms = case.terms
    return ContractPricingView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        currency=case.currency,
        models=list(MODELS),
        months=list(case.months),
        expected_tickets=dict(zip(case.months, case.demand.monthly, strict=True)),
        swing=case.demand.swing,
        hours_per_ticket=case.cost.hours_per_ticket,
        provider_cost={
            "cost_per_hour": case.cost.cost_per_hour,
            "fixed_monthly": case.cost.fixed_monthly,
        },
        pricing={
            "time-and-materials": {"hourly_rate": terms.hourly_rate},
            "fixed-price": {
                "monthly_fee": terms.monthly_fee,
                "baseline_tickets": terms.baseline_tickets,
                "change_rate": terms.change_rate,
            },
            "unit-price": {
                "bands": [{"up_to": band.up_to, "price": band.price} for band in terms.bands]
            },
            "outcome-based": {
                "base_fee": terms.base_fee,
                "outcome_fee": terms.outcome_fee,
                "expected_achievement": case.achievement,
            },
        },
        indexation={"index": case.index, "cap": case.cap, "floor": case.floor},
        budget_tolerance=case.tolerance,
    )


def view_model(view: ContractPricingView) -> ContractPricingCase:
    """The model objects behind a plain view: how the checks and the widget recompute."""
    price = view.pricing
    return ContractPricingCase(
        case_id="",
        company=view.company,
        title="",
        pitch="",
        narrative="",
        currency=view.currency,
        provider=view.provider,
        months=tuple(view.months),
        demand=Demand(tuple(view.expected_tickets[m] for m in view.months), view.swing),
        cost=DeliveryCost(
            view.hours_per_ticket,
            view.provider_cost["cost_per_hour"],
            view.provider_cost["fixed_monthly"],
        ),
        terms=PriceTerms(
            hourly_rate=price["time-and-materials"]["hourly_rate"],
            monthly_fee=price["fixed-price"]["monthly_fee"],
            baseline_tickets=price["fixed-price"]["baseline_tickets"],
            change_rate=price["fixed-price"]["change_rate"],
            bands=tuple(VolumeBand(b["up_to"], b["price"]) for b in price["unit-price"]["bands"]),
            base_fee=price["outcome-based"]["base_fee"],
            outcome_fee=price["outcome-based"]["outcome_fee"],
        ),
        achievement=price["outcome-based"]["expected_achievement"],
        index=view.indexation["index"],
        cap=view.indexation["cap"],
        floor=view.indexation["floor"],
        tolerance=view.budget_tolerance,
    )


def describe(case: ContractPricingView) -> list[object]:
    """What the exercise's setup cell shows: the demand, the four price schedules, the clauses."""
    import pandas as pd
    from IPython.display import HTML, Markdown

    from course.formatting import TABLE_CSS, money, percent, table_html, whole

    cur = case.currency
    demand = pd.DataFrame(
        [{"month": m, "expected tickets": case.expected_tickets[m]} for m in case.months]
    )
    fixed = case.pricing["fixed-price"]
    outcome = case.pricing["outcome-based"]
    bands, lower = [], 0.0
    for band in case.pricing["unit-price"]["bands"]:
        upper = band["up_to"]
        span = (
            f"{whole(lower + 1)} and above"
            if upper is None
            else (f"{whole(lower + 1)} to {whole(upper)}")
        )
        bands.append(f"tickets {span} in a month: {money(band['price'], cur)} each")
        lower = upper or lower
    terms = pd.DataFrame(
        [
            {
                "model": MODEL_NAMES["time-and-materials"],
                "key": "time-and-materials",
                "terms": f"{money(case.pricing['time-and-materials']['hourly_rate'], cur)} per "
                f"hour worked; a ticket takes {case.hours_per_ticket:g} hours on average",
            },
            {
                "model": MODEL_NAMES["fixed-price"],
                "key": "fixed-price",
                "terms": f"{money(fixed['monthly_fee'], cur)} a month covers up to "
                f"{whole(fixed['baseline_tickets'])} tickets; each ticket above that in a month "
                f"is a change request at {money(fixed['change_rate'], cur)}",
            },
            {
                "model": MODEL_NAMES["unit-price"],
                "key": "unit-price",
                "terms": "; ".join(bands),
            },
            {
                "model": MODEL_NAMES["outcome-based"],
                "key": "outcome-based",
                "terms": f"{money(outcome['base_fee'], cur)} a month plus up to "
                f"{money(outcome['outcome_fee'], cur)} a month, paid in proportion to the share "
                f"of the outcome achieved (expected: {percent(outcome['expected_achievement'])})",
            },
        ]
    )
    index = case.indexation

    def table(frame: pd.DataFrame, caption: str) -> HTML:
        formats = {"expected tickets": whole}
        return HTML(f"<style>{TABLE_CSS}</style>" + table_html(frame, caption, formats))

    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**, amounts in {cur}. Expected tickets per "
            f"month are in `case.expected_tickets`; in a quiet year every month has "
            f"{percent(case.swing)} fewer (`case.swing`), in a busy year {percent(case.swing)} "
            f"more. Each model's terms are in `case.pricing[model]`, models named as in "
            f"`case.models`. Indexation (`case.indexation`): index {percent(index['index'])}, "
            f"cap {percent(index['cap'])}, floor {percent(index['floor'])}. Budget tolerance "
            f"(`case.budget_tolerance`): {percent(case.budget_tolerance)} of the expected cost."
        ),
        table(demand, "Expected tickets per month (case.expected_tickets)"),
        table(terms, "The four price schedules (case.pricing[key])"),
    ]


KIND = CaseKind(
    ContractPricingCase,
    parse=parse_contract_pricing,
    perturb=perturb_contract_pricing,
    story=_story,
    well_defined=_well_defined,
    plain_view=plain_view,
)
