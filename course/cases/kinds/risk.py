"""Risk register: a register as the client team drafted it (``course.models.risk``).

Blank owners and mitigations stay blank: finding them is the exercise. Variants move likelihood
and impact by one level without crossing the High threshold, so every planted gap is still a
finding; "Manage the risks" shows the plain view, one dict per column keyed by risk id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind, rule_findings
from course.cases.draw import Draw
from course.cases.source import COMMON_KEYS, Source, common_fields, frozen, require_unique
from course.models.risk import (
    RATING_BANDS,
    RULE_MITIGATION,
    RULE_OWNER,
    RULE_RESIDUAL,
    Band,
    Risk,
    RiskRegister,
    rating_band,
    risk_score,
    validate_register,
)


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


# --- reading case files ----------------------------------------------------------------------


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
    require_unique(main, "register", [risk.risk_id for risk in risks], file=table.file)
    return RiskCase(
        **common_fields(source),
        provider=main.text("provider"),
        risks=tuple(risks),
        categories=frozen(categories),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_risk(case: RiskCase, draw: Draw) -> RiskCase:
    """Likelihood and impact each move by at most one level, never across the High threshold.

    A risk that needs an owner and a mitigation (High or Critical) stays that way and one that
    does not stays below, so the planted gaps remain findings and the decoys remain decoys. A
    residual score planted above the inherent score stays above it, and the others stay at or
    below it.
    """
    return dataclasses.replace(case, risks=tuple(_risk(risk, draw) for risk in case.risks))


def _needs_action(likelihood: int, impact: int) -> bool:
    return rating_band(risk_score(likelihood, impact)) in ACTION_BANDS


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


# --- what a variant keeps --------------------------------------------------------------------


def _risk_story(case: RiskCase) -> Hashable:
    """Every finding of the draft register, by rule and field."""
    return rule_findings(validate_register(case.register()))


# --- the plain view an exercise hands a learner ----------------------------------------------


ACTION_BANDS = (Band.HIGH, Band.CRITICAL)
"""Bands whose risks need an owner and a mitigation (``validate_register``'s rules)."""

RULES = {
    RULE_OWNER: "a High or Critical risk has no owner",
    RULE_MITIGATION: "a High or Critical risk has no mitigation",
    RULE_RESIDUAL: "the residual score (after mitigation) is above the inherent score",
}
"""The register's rules, by the names ``validate_register`` reports them under."""

ROW_FIELDS = ("owner", "mitigation", "residual_likelihood", "residual_impact")
"""The fields of one completed row in Part 5."""

NARRATIVE_ROLES = ("Chief Information Officer",)
"""MedLine roles the narrative names that own no row of the draft (the CIO asked for it)."""

PROVIDER_ROLE_PREFIX = "Provider "
"""Owners in the draft that work for the provider, not for MedLine (e.g. "Provider Security
Lead")."""


@dataclass(frozen=True)
class RiskView:
    """A case as plain data: what the notebook shows and the checks recompute."""

    learner_id: str
    company: str
    provider: str
    risk_ids: list[str]  # in the draft's order (R01, R02, ...)
    titles: dict[str, str]
    categories: dict[str, str]
    likelihood: dict[str, int]  # 1-5
    impact: dict[str, int]  # 1-5
    owner: dict[str, str | None]  # None: a gap in the draft
    mitigation: dict[str, str | None]
    residual_likelihood: dict[str, int | None]  # None: not assessed
    residual_impact: dict[str, int | None]
    bands: dict[str, list[int]]  # band -> [lowest score, highest score], both included
    action_bands: list[str]  # bands whose risks need an owner and a mitigation
    rules: dict[str, str]  # rule name -> what it flags
    roles: list[str]  # MedLine's roles, the ones that may own a risk
    provider_roles: list[str]  # the provider's roles named in the draft

    def draft_row(self, risk_id: str) -> dict[str, Any]:
        """The draft's owner, mitigation and residual pair of one risk, as Part 5 asks for."""
        return {
            "owner": self.owner[risk_id],
            "mitigation": self.mitigation[risk_id],
            "residual_likelihood": self.residual_likelihood[risk_id],
            "residual_impact": self.residual_impact[risk_id],
        }


def plain_view(case: RiskCase, learner_id: str) -> RiskView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    risks = case.risks
    owners = sorted({risk.owner for risk in risks if risk.owner})
    provider_roles = [owner for owner in owners if owner.startswith(PROVIDER_ROLE_PREFIX)]
    client_roles = [owner for owner in owners if owner not in provider_roles]
    return RiskView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        risk_ids=list(case.risk_ids),
        titles={risk.risk_id: risk.title for risk in risks},
        categories={risk.risk_id: case.categories[risk.risk_id] for risk in risks},
        likelihood={risk.risk_id: risk.likelihood for risk in risks},
        impact={risk.risk_id: risk.impact for risk in risks},
        owner={risk.risk_id: risk.owner for risk in risks},
        mitigation={risk.risk_id: risk.mitigation for risk in risks},
        residual_likelihood={risk.risk_id: risk.residual_likelihood for risk in risks},
        residual_impact={risk.risk_id: risk.residual_impact for risk in risks},
        bands={band.value: [low, high] for band, low, high in RATING_BANDS},
        action_bands=[band.value for band in ACTION_BANDS],
        rules=dict(RULES),
        roles=sorted({*client_roles, *NARRATIVE_ROLES}),
        provider_roles=provider_roles,
    )


def model_risks(case: RiskView) -> list[Risk]:
    """The view's rows as the model's ``Risk`` objects, in register order."""
    return [completed_risk(case, risk_id, case.draft_row(risk_id)) for risk_id in case.risk_ids]


def completed_risk(case: RiskView, risk_id: str, row: Mapping[str, Any]) -> Risk:
    """Risk ``risk_id`` as the model's ``Risk``, with the owner, mitigation and residual pair of
    ``row`` (a draft row, or a learner's completed one: the model refuses what is not sound)."""
    return Risk(
        risk_id,
        case.titles[risk_id],
        case.likelihood[risk_id],
        case.impact[risk_id],
        row["owner"],
        row["mitigation"],
        row["residual_likelihood"],
        row["residual_impact"],
    )


def describe(case: RiskView) -> list[object]:
    """What the exercise's setup cell shows: the draft register, the bands and the roles."""
    import pandas as pd
    from IPython.display import Markdown

    fields = {
        "category": case.categories,
        "title": case.titles,
        "likelihood": case.likelihood,
        "impact": case.impact,
        "owner": case.owner,
        "mitigation": case.mitigation,
        "residual_likelihood": case.residual_likelihood,
        "residual_impact": case.residual_impact,
    }
    rows = [
        {name: "(none)" if by_id[r] is None else by_id[r] for name, by_id in fields.items()}
        for r in case.risk_ids
    ]
    register = pd.DataFrame(rows, index=case.risk_ids, columns=list(fields), dtype=object)
    register.index.name = "risk_id"
    bands = pd.DataFrame(case.bands, index=["lowest score", "highest score"]).T
    rules = "\n".join(f"- `{rule}`: {text}" for rule, text in case.rules.items())
    roles = ", ".join(case.roles)
    return [
        Markdown(
            f"**{case.company}**: the draft register for the {case.provider} contract "
            "(`case.risk_ids`, and per risk id `case.categories`, `case.titles`, "
            "`case.likelihood`, `case.impact`, `case.owner`, `case.mitigation`, "
            "`case.residual_likelihood`, `case.residual_impact`). A gap in the draft shows as "
            "(none) here and is `None` in `case`."
        ),
        register,
        Markdown("Rating bands, a course convention (`case.bands`, both ends included)"),
        bands,
        Markdown(
            "The register's rules (`case.rules`); the first two apply only to risks whose band "
            f"is in `case.action_bands` ({', '.join(case.action_bands)}):\n\n{rules}\n\n"
            f"Roles at {case.company} that can own a risk (`case.roles`): {roles}."
        ),
    ]


KIND = CaseKind(
    RiskCase, parse=parse_risk, perturb=perturb_risk, story=_risk_story, plain_view=plain_view
)
