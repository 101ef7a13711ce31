"""Turn the raw data of one case (its YAML and CSV tables) into a case object of its kind.

Why a parser per kind: each kind's file has its own shape, and each check here knows the exact
field it reads, so an error names it ("bids.csv, row 2 (Cordillera Services), column 'Security &
compliance'") instead of surfacing later as a model error with no file attached. Reading files is
the loader's job; the parsers get the data through a ``Source``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from course.cases.errors import CaseDataError
from course.cases.fields import Fields
from course.cases.kinds import (
    Bid,
    Case,
    EscalationCase,
    GovernanceCase,
    MonthRecord,
    NegotiationCase,
    PriorityTarget,
    RiskCase,
    SlaCase,
    SourcingCostCase,
    VendorSelectionCase,
)
from course.models.escalation import EscalationLevel
from course.models.governance import RACI_LETTERS, STEP_IDS, TIERS, GovernanceTier
from course.models.negotiation import Issue
from course.models.risk import Risk
from course.models.sla import ServiceLevel
from course.models.sourcing_cost import LOCATIONS, MODELS, SourcingOption, StaffLine
from course.models.vendor import PRICE_RULES, Criterion

COMMON_KEYS = ("kind", "company", "title", "pitch", "currency")


class Source(Protocol):
    """What a parser may read: the case file's top level and the case's CSV tables."""

    case_id: str
    main: Fields
    narrative: str

    def table(self, field: Fields, key: str) -> Table:
        """The CSV file named by ``field[key]``, read from the case folder."""
        ...


@dataclass(frozen=True)
class Table:
    """A CSV table: its column names and one ``Fields`` per row."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[Fields, ...]

    def require_columns(self, needed: list[str] | tuple[str, ...]) -> None:
        """Stop with the missing column's name when the header lacks one."""
        for column in needed:
            if column not in self.columns:
                raise CaseDataError(
                    self.file,
                    f"column {column!r}",
                    f"missing from the header ({', '.join(self.columns)})",
                    f"add a {column!r} column",
                )


def parse_case(source: Source) -> Case:
    """The case object for ``source``, dispatched on its ``kind`` field."""
    kind = source.main.choice("kind", PARSERS)
    return PARSERS[kind](source)


def _common(source: Source) -> dict[str, object]:
    main = source.main
    return {
        "case_id": source.case_id,
        "company": main.text("company"),
        "title": main.text("title"),
        "pitch": " ".join(main.text("pitch").split()),
        "narrative": source.narrative,
        "currency": main.text("currency"),
    }


def _frozen(mapping: Mapping) -> MappingProxyType:
    return MappingProxyType(dict(mapping))


# --- vendor selection ---------------------------------------------------------------------------


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
    _unique(main, "criteria", names)
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
                ratings=_frozen({name: row.integer(name, *scale) for name in rated}),
                gates=_frozen({gate: row.boolean(gate) for gate in gate_names}),
            )
        )
    _unique(main, "bids", [bid.vendor for bid in bids], file=table.file)
    return VendorSelectionCase(
        **_common(source),
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


# --- sourcing cost ------------------------------------------------------------------------------


_OPTION_KEYS = (
    "name",
    "model",
    "description",
    "staff",
    "transition",
    "transition_months",
    "ramp_up_productivity_loss",
    "governance_share",
    "annual_attrition",
    "knowledge_loss_cost_per_leaver",
    "annual_travel",
)


def parse_sourcing_cost(source: Source) -> SourcingCostCase:
    """The in-house baseline and the options, each with its staff lines and hidden costs."""
    main = source.main
    main.reject_unknown((*COMMON_KEYS, "years", "baseline", "options"))
    years = main.integer("years", 1, 30)
    baseline_fields = main.section("baseline")
    baseline, descriptions = _option(baseline_fields), {}
    if baseline.model != "in-house":
        baseline_fields.fail(
            "model",
            f"the baseline must be 'in-house', got {baseline.model!r}",
            "set model: in-house",
        )
    descriptions[baseline.name] = baseline_fields.text("description")
    options, breakdown = [], {}
    for item in main.sections("options"):
        option = _option(item)
        breakdown[option.name] = _transition(item)
        if option.model == "in-house":
            item.fail("model", "an outsourcing option cannot be 'in-house'", "use the baseline")
        if option.transition_months > years * 12:
            item.fail(
                "transition_months",
                f"{option.transition_months} months run past the {years}-year horizon",
                f"use at most {years * 12}",
            )
        descriptions[option.name] = item.text("description")
        options.append(option)
    _unique(main, "options", [baseline.name] + [o.name for o in options])
    return SourcingCostCase(
        **_common(source),
        years=years,
        baseline_option=baseline,
        sourcing_options=tuple(options),
        descriptions=_frozen(descriptions),
        transition_breakdown=_frozen({name: _frozen(items) for name, items in breakdown.items()}),
    )


def _option(item: Fields) -> SourcingOption:
    item.reject_unknown(_OPTION_KEYS)
    staff = []
    for line in item.sections("staff", label="location"):
        line.reject_unknown(("location", "fte", "annual_rate"))
        staff.append(
            StaffLine(
                line.choice("location", LOCATIONS),
                line.number("fte", 0),
                line.number("annual_rate", 0),
            )
        )

    def optional(key: str, high: float | None = None) -> float:
        return item.number(key, 0, high) if item.has(key) else 0.0

    return SourcingOption(
        name=item.text("name"),
        model=item.choice("model", MODELS),
        staff=tuple(staff),
        transition_cost=sum(_transition(item).values()),
        transition_months=item.integer("transition_months", 0)
        if item.has("transition_months")
        else 0,
        ramp_up_productivity_loss=optional("ramp_up_productivity_loss", 1),
        governance_share=optional("governance_share", 1),
        annual_attrition=optional("annual_attrition", 1),
        knowledge_loss_cost_per_leaver=optional("knowledge_loss_cost_per_leaver"),
        annual_travel=optional("annual_travel"),
    )


def _transition(item: Fields) -> dict[str, float]:
    """One-time transition costs by item; an option without a ``transition`` section has none."""
    if not item.has("transition"):
        return {}
    section = item.section("transition")
    return {str(key): section.number(str(key), 0) for key in section.data}


# --- service levels -----------------------------------------------------------------------------


def parse_sla(source: Source) -> SlaCase:
    """Credit terms and service levels from case.yml; one row per month from a table."""
    main = source.main
    main.reject_unknown(
        (
            *COMMON_KEYS,
            "provider",
            "monthly_charge",
            "at_risk_share",
            "pool_available",
            "pool_allocation",
            "service_levels",
            "performance",
        )
    )
    pool_fields = main.section("pool_allocation")
    pools = {str(name): pool_fields.number(str(name), 0, 1) for name in pool_fields.data}
    pool_available = main.number("pool_available", 0)
    levels, availability_level = [], None
    for item in main.sections("service_levels"):
        item.reject_unknown(
            ("name", "category", "target", "direction", "unit", "credit_allocation", "measured_by")
        )
        name = item.text("name")
        category = item.choice("category", pools)
        direction = item.choice("direction", ("higher-is-better", "lower-is-better"))
        measured_by = item.choice("measured_by", ("minutes", "report"))
        if measured_by == "minutes":
            if availability_level is not None:
                item.fail(
                    "measured_by",
                    "only one level can be measured in minutes",
                    "measure the others by report",
                )
            availability_level = name
        levels.append(
            ServiceLevel(
                name,
                item.number("target"),
                direction == "higher-is-better",
                item.text("unit"),
                item.number("credit_allocation", 0, 1),
                category,
            )
        )
    names = [level.name for level in levels]
    _unique(main, "service_levels", names)
    if availability_level is None:
        main.fail(
            "service_levels",
            "no level is measured in minutes",
            "mark the availability level with measured_by: minutes",
        )
    reported = [name for name in names if name != availability_level]
    table = source.table(main, "performance")
    table.require_columns(
        (
            "month",
            "scheduled_minutes",
            "downtime_minutes",
            "excluded_minutes",
            "complaints",
            *reported,
        )
    )
    months = []
    for row in table.rows:
        scheduled = row.integer("scheduled_minutes", 1)
        downtime = row.number("downtime_minutes", 0, scheduled)
        months.append(
            MonthRecord(
                label=row.text("month"),
                scheduled_minutes=scheduled,
                downtime_minutes=downtime,
                excluded_minutes=row.number("excluded_minutes", 0, downtime),
                reported=_frozen({name: row.number(name) for name in reported}),
                complaints=row.integer("complaints", 0),
            )
        )
    return SlaCase(
        **_common(source),
        provider=main.text("provider"),
        monthly_charge=main.number("monthly_charge", 0),
        at_risk_share=main.number("at_risk_share", 0, 1),
        pool_available=pool_available,
        pool_allocation=_frozen(pools),
        levels=tuple(levels),
        availability_level=availability_level,
        months=tuple(months),
    )


# --- risk register ------------------------------------------------------------------------------


def parse_risk(source: Source) -> RiskCase:
    """The register table, blank owners and mitigations kept blank (they are the exercise)."""
    main = source.main
    main.reject_unknown((*COMMON_KEYS, "provider", "register"))
    table = source.table(main, "register")
    table.require_columns(
        (
            "risk_id",
            "category",
            "title",
            "likelihood",
            "impact",
            "owner",
            "mitigation",
            "residual_likelihood",
            "residual_impact",
        )
    )
    risks, categories = [], {}
    for row in table.rows:
        risk_id = row.text("risk_id")
        residual = [
            row.integer(key, 1, 5) if row.has(key) else None
            for key in ("residual_likelihood", "residual_impact")
        ]
        if (residual[0] is None) != (residual[1] is None):
            missing = "residual_impact" if residual[1] is None else "residual_likelihood"
            row.fail(
                missing,
                "a residual risk needs both likelihood and impact",
                "fill both residual columns, or neither",
            )
        risks.append(
            Risk(
                risk_id,
                row.text("title"),
                row.integer("likelihood", 1, 5),
                row.integer("impact", 1, 5),
                row.optional_text("owner"),
                row.optional_text("mitigation"),
                residual[0],
                residual[1],
            )
        )
        categories[risk_id] = row.text("category")
    _unique(main, "register", [risk.risk_id for risk in risks], file=table.file)
    return RiskCase(
        **_common(source),
        provider=main.text("provider"),
        risks=tuple(risks),
        categories=_frozen(categories),
    )


# --- negotiation --------------------------------------------------------------------------------


def parse_negotiation(source: Source) -> NegotiationCase:
    """Prices, both sides, scenarios, issues and proposals; points per option from a table."""
    main = source.main
    main.reject_unknown(
        (
            *COMMON_KEYS,
            "client",
            "provider",
            "alternative_bidder",
            "price",
            "client_side",
            "provider_side",
            "scenarios",
            "issues",
            "utilities",
            "proposals",
        )
    )
    price = main.section("price")
    price_keys = (
        "current_price",
        "asking_price",
        "term_years",
        "alternative_price",
        "transition_fee",
        "dual_running_months",
        "dual_running_monthly_cost",
        "risk_premium",
        "delivery_cost",
        "minimum_markup",
    )
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
    _unique(main, "issues", issue_names)
    client_utilities, provider_utilities = _utilities(source, main, issues)
    scenarios = {}
    if main.has("scenarios"):
        for item in main.sections("scenarios"):
            item.reject_unknown(("name", *NegotiationCase.SCENARIO_FIELDS))
            changes = {
                key: item.number(key, 0) for key in NegotiationCase.SCENARIO_FIELDS if item.has(key)
            }
            if not changes:
                item.here("a scenario changes nothing", "give at least one value to change")
            scenarios[item.text("name")] = _frozen(changes)
    proposals = {}
    for item in main.sections("proposals"):
        item.reject_unknown(("name", *issue_names))
        package = {}
        for issue in issues:
            package[issue.name] = item.choice(issue.name, issue.options)
        proposals[item.text("name")] = _frozen(package)
    return NegotiationCase(
        **_common(source),
        client=main.text("client"),
        provider=main.text("provider"),
        alternative_bidder=main.text("alternative_bidder"),
        **money,
        provider_batna_value=provider.number("batna_value", 0),
        client_target=client.number("target", 0),
        provider_target=provider.number("target", 0),
        client_opening=client.number("opening", 0),
        provider_opening=provider.number("opening", 0),
        scenarios=_frozen(scenarios),
        issue_list=tuple(issues),
        client_weights=_weights(client, issue_names),
        provider_weights=_weights(provider, issue_names),
        client_utilities=client_utilities,
        provider_utilities=provider_utilities,
        client_batna_utility=client.number("batna_utility", 0, 100),
        provider_batna_utility=provider.number("batna_utility", 0, 100),
        proposals=_frozen(proposals),
    )


def _weights(side: Fields, issue_names: list[str]) -> MappingProxyType:
    weights = side.section("weights")
    weights.reject_unknown(issue_names)
    return _frozen({name: weights.number(name, 0) for name in issue_names})


def _utilities(
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
        _frozen({k: _frozen(v) for k, v in client.items()}),
        _frozen({k: _frozen(v) for k, v in provider.items()}),
    )


# --- governance ---------------------------------------------------------------------------------


def parse_governance(source: Source) -> GovernanceCase:
    """Contract facts, nine-step evidence and scores, the draft calendar and the RACI table."""
    main = source.main
    main.reject_unknown((*COMMON_KEYS, "provider", "contract", "health_check", "cadence", "raci"))
    contract = main.section("contract")
    contract_keys = (
        "annual_contract_value",
        "contract_years",
        "contract_year",
        "business_satisfaction",
        "sla_months_met",
        "sla_months_reported",
        "vmo_fte",
        "vmo_loaded_cost_per_fte",
    )
    contract.reject_unknown(contract_keys)
    years = contract.integer("contract_years", 1)
    reported = contract.integer("sla_months_reported", 0)
    evidence, scores = {}, {}
    health = main.section("health_check")
    health.reject_unknown(STEP_IDS)
    for step_id in STEP_IDS:
        step = health.section(step_id)
        step.reject_unknown(("evidence", "score"))
        evidence[step_id] = " ".join(step.text("evidence").split())
        scores[step_id] = step.integer("score", 0, 4)
    tiers = []
    for item in main.sections("cadence"):
        item.reject_unknown(
            ("name", "client_attendees", "provider_attendees", "meetings_per_year", "inputs")
        )

        def texts(key: str, item: Fields = item) -> tuple[str, ...]:
            return item.texts(key) if item.has(key) else ()

        tiers.append(
            GovernanceTier(
                item.choice("name", TIERS),
                texts("client_attendees"),
                texts("provider_attendees"),
                item.integer("meetings_per_year", 0),
                texts("inputs"),
            )
        )
    table = source.table(main, "raci")
    table.require_columns(("activity",))
    roles = tuple(column for column in table.columns if column != "activity")
    raci = {}
    activities = [row.text("activity") for row in table.rows]
    _unique(main, "raci", activities, file=table.file)
    for row in table.rows:
        activity = row.text("activity")
        cells = {}
        for role in roles:
            letter = (row.optional_text(role) or "").upper()
            if letter and letter not in RACI_LETTERS:
                row.fail(role, f"{letter!r} is not a RACI letter", "use R, A, C or I")
            cells[role] = letter
        raci[activity] = _frozen(cells)
    return GovernanceCase(
        **_common(source),
        provider=main.text("provider"),
        annual_contract_value=contract.number("annual_contract_value", 0),
        contract_years=years,
        contract_year=contract.integer("contract_year", 1, years),
        business_satisfaction=contract.number("business_satisfaction", 1, 5),
        sla_months_met=contract.integer("sla_months_met", 0, reported),
        sla_months_reported=reported,
        vmo_fte=contract.number("vmo_fte", 0),
        vmo_loaded_cost_per_fte=contract.number("vmo_loaded_cost_per_fte", 0),
        health_evidence=_frozen(evidence),
        health_scores=_frozen(scores),
        tiers=tuple(tiers),
        raci_roles=roles,
        raci=_frozen(raci),
    )


# --- escalation ---------------------------------------------------------------------------------


def parse_escalation(source: Source) -> EscalationCase:
    """Priority targets from case.yml, the draft plan's levels from a table (blanks kept)."""
    main = source.main
    main.reject_unknown(
        (
            *COMMON_KEYS,
            "provider",
            "escalation_executive",
            "review_cadence_days",
            "priorities",
            "levels",
        )
    )
    targets = []
    for item in main.sections("priorities", label="priority"):
        item.reject_unknown(("priority", "description", "response_hours", "resolution_hours"))
        response = item.number("response_hours", 0)
        resolution = item.number("resolution_hours", response)
        targets.append(
            PriorityTarget(item.text("priority"), item.text("description"), response, resolution)
        )
    table = source.table(main, "levels")
    table.require_columns(
        ("level", "trigger", "client_owner", "provider_owner", "max_response_hours", "channel")
    )
    levels = []
    for row in table.rows:
        levels.append(
            EscalationLevel(
                row.integer("level", 1),
                row.optional_text("trigger") or "",
                row.optional_text("client_owner") or "",
                row.optional_text("provider_owner") or "",
                row.number("max_response_hours"),
                row.optional_text("channel") or "",
            )
        )
    return EscalationCase(
        **_common(source),
        provider=main.text("provider"),
        levels=tuple(levels),
        escalation_executive=main.text("escalation_executive"),
        review_cadence_days=main.integer("review_cadence_days", 0)
        if main.has("review_cadence_days")
        else None,
        priority_targets=tuple(targets),
    )


# --- shared -------------------------------------------------------------------------------------


def _unique(main: Fields, key: str, names: list[str], file: str | None = None) -> None:
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise CaseDataError(
            file or main.file,
            main.path(key),
            f"{', '.join(map(repr, twice))} appear more than once",
            "give every entry its own name",
        )


PARSERS: dict[str, Callable[[Source], Case]] = {
    VendorSelectionCase.kind: parse_vendor_selection,
    SourcingCostCase.kind: parse_sourcing_cost,
    SlaCase.kind: parse_sla,
    RiskCase.kind: parse_risk,
    NegotiationCase.kind: parse_negotiation,
    GovernanceCase.kind: parse_governance,
    EscalationCase.kind: parse_escalation,
}
"""Parser per ``kind`` value of a case file."""
