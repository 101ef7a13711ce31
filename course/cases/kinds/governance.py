"""Governance: a troubled deal's health check, cadence and RACI (``models.governance``).

The contract's facts live in ``ContractFacts``, which the case and its plain view share. The
draft calendar and RACI carry planted problems; variants move scores and meeting counts but keep
every finding. "Govern the relationship" shows the plain view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind, rule_findings
from course.cases.draw import RATE_SPREAD, Draw, round_to
from course.cases.fields import Fields
from course.cases.source import COMMON_KEYS, Source, common_fields, frozen, require_unique
from course.models.governance import (
    MAX_SCORE,
    NINE_STEPS,
    RACI_LETTERS,
    STEP_IDS,
    TIERS,
    GovernanceTier,
    HealthCheck,
    health_check,
    validate_cadence,
    validate_raci,
)
from course.models.sourcing_cost import GOVERNANCE_SHARE_RANGE


@dataclass(frozen=True)
class ContractFacts:
    """The deal's facts, shared by the case and its plain view: the contract's value and term,
    how satisfied the business is (1-5), service levels met, and the client's vendor-management
    staff with their loaded cost a year (for the governance-budget sums)."""

    annual_contract_value: float
    contract_years: int
    contract_year: int
    business_satisfaction: float
    sla_months_met: int
    sla_months_reported: int
    vmo_fte: float
    vmo_loaded_cost_per_fte: float


@dataclass(frozen=True)
class GovernanceCase(Case, ContractFacts):
    """A troubled deal: nine-step evidence and scores, a draft cadence and a draft RACI.

    Feeds ``course.models.governance``. The drafts carry planted problems on purpose. Contract
    facts (contract value, vendor-management staff and their loaded cost) are there for the
    governance-budget and value-leakage sums of docs/evidence.md, E9 and E15.
    """

    kind: ClassVar[str] = "governance"

    provider: str
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


# --- reading case files ----------------------------------------------------------------------


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
    require_unique(main, "raci", activities, file=table.file)
    for row in table.rows:
        activity = row.text("activity")
        cells = {}
        for role in roles:
            letter = (row.optional_text(role) or "").upper()
            if letter and letter not in RACI_LETTERS:
                row.fail(role, f"{letter!r} is not a RACI letter", "use R, A, C or I")
            cells[role] = letter
        raci[activity] = frozen(cells)
    return GovernanceCase(
        **common_fields(source),
        provider=main.text("provider"),
        annual_contract_value=contract.number("annual_contract_value", 0),
        contract_years=years,
        contract_year=contract.integer("contract_year", 1, years),
        business_satisfaction=contract.number("business_satisfaction", 1, 5),
        sla_months_met=contract.integer("sla_months_met", 0, reported),
        sla_months_reported=reported,
        vmo_fte=contract.number("vmo_fte", 0),
        vmo_loaded_cost_per_fte=contract.number("vmo_loaded_cost_per_fte", 0),
        health_evidence=frozen(evidence),
        health_scores=frozen(scores),
        tiers=tuple(tiers),
        raci_roles=roles,
        raci=frozen(raci),
    )


# --- variants --------------------------------------------------------------------------------


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


# --- what a variant keeps --------------------------------------------------------------------


def _governance_story(case: GovernanceCase) -> Hashable:
    """Every finding of the draft calendar and the draft RACI, by rule and field."""
    return rule_findings(validate_cadence(case.tiers)), rule_findings(
        validate_raci(case.raci_draft())
    )


# --- the plain view an exercise hands a learner ----------------------------------------------


@dataclass(frozen=True)
class GovernanceView(ContractFacts):
    """A case as plain data: what the notebook shows and the checks recompute."""

    learner_id: str
    company: str
    provider: str
    currency: str
    current_governance_cost: float  # vmo_fte x vmo_loaded_cost_per_fte
    max_score: int  # the top of the 0-4 health-check scale
    governance_share_range: list[float]  # the published band, shares of contract value
    steps: list[str]  # Gartner's nine step ids, in order
    step_titles: dict[str, str]
    health_scores: dict[str, int]  # step id -> the assessor's 0-4 score
    health_evidence: dict[str, str]  # step id -> what the assessor found
    cadence_draft: list[dict[str, Any]]  # the analyst's calendar, one dict per tier
    raci_draft: dict[str, dict[str, str]]  # activity -> role -> letter ("" = not involved)
    client_roles: list[str]
    provider_roles: list[str]

    @property
    def activities(self) -> list[str]:
        return list(self.raci_draft)

    @property
    def roles(self) -> list[str]:
        return [*self.client_roles, *self.provider_roles]


def plain_view(case: GovernanceCase, learner_id: str) -> GovernanceView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    client_word = case.company.split()[0]
    roles = list(case.raci_roles)
    return GovernanceView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        currency=case.currency,
        annual_contract_value=float(case.annual_contract_value),
        contract_years=int(case.contract_years),
        contract_year=int(case.contract_year),
        business_satisfaction=float(case.business_satisfaction),
        sla_months_met=int(case.sla_months_met),
        sla_months_reported=int(case.sla_months_reported),
        vmo_fte=float(case.vmo_fte),
        vmo_loaded_cost_per_fte=float(case.vmo_loaded_cost_per_fte),
        current_governance_cost=float(case.current_governance_cost()),
        max_score=MAX_SCORE,
        governance_share_range=[float(share) for share in GOVERNANCE_SHARE_RANGE],
        steps=[step.step_id for step in NINE_STEPS],
        step_titles={step.step_id: step.title for step in NINE_STEPS},
        health_scores={step.step_id: int(case.health_scores[step.step_id]) for step in NINE_STEPS},
        health_evidence={step.step_id: case.health_evidence[step.step_id] for step in NINE_STEPS},
        cadence_draft=[_tier_dict(tier) for tier in case.cadence_draft()],
        raci_draft=case.raci_draft(),
        client_roles=[role for role in roles if role.startswith(client_word)],
        provider_roles=[role for role in roles if not role.startswith(client_word)],
    )


def _tier_dict(tier: GovernanceTier) -> dict[str, Any]:
    return {
        "name": tier.name,
        "client_attendees": list(tier.client_attendees),
        "provider_attendees": list(tier.provider_attendees),
        "meetings_per_year": int(tier.meetings_per_year),
        "inputs": list(tier.inputs),
    }


# --- the reference, from the models --------------------------------------------------------


def describe(case: GovernanceView) -> list[object]:
    """What the exercise's setup cell shows: contract facts, evidence, the two drafts."""
    import pandas as pd
    from IPython.display import Markdown

    from course.models.governance import raci_frame

    facts = pd.Series(
        {
            "annual_contract_value": case.annual_contract_value,
            "contract_years": case.contract_years,
            "contract_year": case.contract_year,
            "business_satisfaction (out of 5)": case.business_satisfaction,
            "sla_months_met": f"{case.sla_months_met} of {case.sla_months_reported}",
            "vmo_fte": case.vmo_fte,
            "vmo_loaded_cost_per_fte": case.vmo_loaded_cost_per_fte,
            "current_governance_cost": case.current_governance_cost,
        },
        name=case.currency,
        dtype=object,
    ).to_frame()
    evidence = "\n".join(
        f"{number}. **{case.step_titles[step]}** (`{step}`), score "
        f"**{case.health_scores[step]}**/{case.max_score}: {case.health_evidence[step]}"
        for number, step in enumerate(case.steps, start=1)
    )
    cadence = pd.DataFrame(case.cadence_draft).set_index("name")
    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**: contract facts (`case.<name>`; money "
            f"in {case.currency})"
        ),
        facts,
        Markdown(
            "The assessor's evidence and scores, in the nine steps' order (`case.steps`, "
            "`case.health_scores`, `case.health_evidence`; 0 = absent ... "
            f"{case.max_score} = working well):\n\n{evidence}"
        ),
        Markdown("The analyst's draft calendar (`case.cadence_draft`, one dict per tier)"),
        cadence,
        Markdown(
            "The analyst's draft RACI (`case.raci_draft`: activity -> role -> letter; "
            f"`case.client_roles` work for {case.company}, `case.provider_roles` for "
            f"{case.provider})"
        ),
        raci_frame(case.raci_draft),
    ]


KIND = CaseKind(
    GovernanceCase,
    parse=parse_governance,
    perturb=perturb_governance,
    story=_governance_story,
    plain_view=plain_view,
)
