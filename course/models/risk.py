"""Risk register for an outsourcing programme: score, band, owner, mitigation, residual risk.

Why: Gartner's ninth step for repairing a relationship is to identify and manage risks (seed d),
and a register is how a team shows it does. The scoring follows the common risk-matrix practice
of docs/evidence.md, E4 (likelihood x impact, each 1-5, scores 1-25 banded into low, medium, high,
critical), and so do the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from course.models.errors import (
    Finding,
    ModelInputError,
    Severity,
    require_text,
    require_unique_items,
)

SCALE = range(1, 6)
"""Likelihood and impact are whole numbers 1 (lowest) to 5 (highest)."""


class Band(StrEnum):
    """The rating band of a risk score; the thresholds are in ``RATING_BANDS``."""

    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"
    CRITICAL = "Critical"


RATING_BANDS: tuple[tuple[Band, int, int], ...] = (
    (Band.LOW, 1, 5),
    (Band.MEDIUM, 6, 11),
    (Band.HIGH, 12, 19),
    (Band.CRITICAL, 20, 25),
)
"""Score ranges per band (inclusive). A COURSE CONVENTION, not a standard: docs/evidence.md, E4
marks the thresholds as a guess to state in every task. NIST SP 800-30 Rev. 1 does not multiply at
all; it reads the level from a likelihood x impact lookup table (Table I-2)."""

RULE_OWNER = "owner-required"
RULE_MITIGATION = "mitigation-required"
RULE_RESIDUAL = "residual-not-above-inherent"

_BANDS_NEEDING_ACTION = (Band.HIGH, Band.CRITICAL)


@dataclass(frozen=True)
class Risk:
    """One row of the register.

    Likelihood and impact are whole numbers 1-5: 2.5, ``True`` or ``"3"`` are refused because a
    risk matrix has five rows and five columns, nothing between them. A blank owner or mitigation
    counts as none. The residual pair (after mitigation) is given together or not at all.
    """

    risk_id: str
    title: str
    likelihood: int
    impact: int
    owner: str | None = None
    mitigation: str | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None

    def __post_init__(self) -> None:
        risk_id = require_text("risk_id", self.risk_id)
        object.__setattr__(self, "risk_id", risk_id)
        object.__setattr__(self, "title", require_text(f"{risk_id}.title", self.title))
        for name in ("likelihood", "impact"):
            _require_level(f"{risk_id}.{name}", getattr(self, name))
        for name in ("owner", "mitigation"):
            object.__setattr__(self, name, _optional_text(f"{risk_id}.{name}", getattr(self, name)))
        residual = (self.residual_likelihood, self.residual_impact)
        if (residual[0] is None) != (residual[1] is None):
            missing = "residual_impact" if residual[1] is None else "residual_likelihood"
            raise ModelInputError(
                f"{risk_id}.{missing}",
                "a residual risk needs both its likelihood and its impact",
                "both residual values, or neither",
            )
        for name in ("residual_likelihood", "residual_impact"):
            if getattr(self, name) is not None:
                _require_level(f"{risk_id}.{name}", getattr(self, name))

    @property
    def score(self) -> int:
        """Inherent score, likelihood x impact."""
        return risk_score(self.likelihood, self.impact)

    @property
    def band(self) -> Band:
        """Band of the inherent score (course convention, see ``RATING_BANDS``)."""
        return rating_band(self.score)

    @property
    def residual_score(self) -> int | None:
        """Score after mitigation, or ``None`` when the residual risk was not assessed."""
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return risk_score(self.residual_likelihood, self.residual_impact)

    @property
    def residual_band(self) -> Band | None:
        """Band of the residual score, or ``None`` when not assessed."""
        score = self.residual_score
        return None if score is None else rating_band(score)


@dataclass(frozen=True)
class RiskRegister:
    """The risks of one programme, each id once (E4: unique risk ids)."""

    risks: tuple[Risk, ...]

    def __post_init__(self) -> None:
        risks = require_unique_items(
            "risks", self.risks, Risk, lambda risk: risk.risk_id, "risk ids", allow_empty=True
        )
        object.__setattr__(self, "risks", risks)


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood x impact (risk-matrix practice, docs/evidence.md, E4): 1-25, only 14 values occur.

    The 14 are 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25 (docs/evidence.md, E4): 7 or 11 cannot
    come out of a 5x5 matrix, which is a quick check on a hand-made register.
    """
    return _require_level("likelihood", likelihood) * _require_level("impact", impact)


def rating_band(score: int) -> Band:
    """The band of a score by ``RATING_BANDS`` (a course convention, not a standard)."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 25:
        raise ModelInputError("score", f"expected a whole number 1 to 25, got {score!r}", "1 to 25")
    return next(band for band, low, high in RATING_BANDS if low <= score <= high)


def register_frame(register: RiskRegister) -> pd.DataFrame:
    """The register as a table, highest score first.

    Ties are broken by higher impact, then by id, the tie-break of docs/evidence.md, E4: of
    two risks scoring 10, the one that hurts more when it happens is read first.
    """
    ordered = sorted(register.risks, key=lambda r: (-r.score, -r.impact, r.risk_id))
    rows = [
        {
            "risk_id": r.risk_id,
            "title": r.title,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": r.score,
            "band": r.band.value,
            "owner": r.owner,
            "mitigation": r.mitigation,
            "residual_likelihood": r.residual_likelihood,
            "residual_impact": r.residual_impact,
            "residual_score": r.residual_score,
            "residual_band": None if r.residual_band is None else r.residual_band.value,
        }
        for r in ordered
    ]
    frame = pd.DataFrame(rows, columns=list(_FRAME_TYPES))
    return frame.astype(_FRAME_TYPES)


_FRAME_TYPES = {
    "risk_id": "object",
    "title": "object",
    "likelihood": "int64",
    "impact": "int64",
    "score": "int64",
    "band": "object",
    "owner": "object",
    "mitigation": "object",
    "residual_likelihood": "Int64",
    "residual_impact": "Int64",
    "residual_score": "Int64",
    "residual_band": "object",
}


def validate_register(register: RiskRegister) -> list[Finding]:
    """Every problem in the register, so a learner sees all of them at once.

    Rules (docs/evidence.md, E4; the High threshold is the course convention of ``RATING_BANDS``):
    a High or Critical risk needs an owner (``owner-required``) and a mitigation
    (``mitigation-required``): a serious risk nobody owns is not managed. A residual score above
    the inherent one (``residual-not-above-inherent``) means the mitigation makes things worse, or
    the numbers are wrong.
    """
    findings = []
    for risk in register.risks:
        if risk.band in _BANDS_NEEDING_ACTION:
            why = f"a {risk.band.value} risk (score {risk.score})"
            if risk.owner is None:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"{risk.risk_id}.owner",
                        f"{why} needs a named owner who answers for it",
                        RULE_OWNER,
                    )
                )
            if risk.mitigation is None:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        f"{risk.risk_id}.mitigation",
                        f"{why} needs a mitigation: what will be done to reduce it",
                        RULE_MITIGATION,
                    )
                )
        residual = risk.residual_score
        if residual is not None and residual > risk.score:
            findings.append(
                Finding(
                    Severity.ERROR,
                    f"{risk.risk_id}.residual",
                    f"residual score {residual} is above the inherent score {risk.score}; "
                    "a mitigation should not make the risk bigger",
                    RULE_RESIDUAL,
                )
            )
    return findings


def heat_map(register: RiskRegister, residual: bool = False) -> pd.DataFrame:
    """Count risks per cell of the 5x5 matrix: impact 1-5 as columns, likelihood 5-1 as rows.

    The most likely row is on top, as risk matrices are usually drawn, so the critical corner is
    top right. With ``residual=True`` the residual positions are counted (risks without a
    residual assessment are left out).
    """
    frame = pd.DataFrame(0, index=_LIKELIHOOD_ROWS, columns=_IMPACT_COLUMNS, dtype="int64")
    for risk in register.risks:
        if residual:
            if risk.residual_likelihood is None or risk.residual_impact is None:
                continue
            cell = (risk.residual_likelihood, risk.residual_impact)
        else:
            cell = (risk.likelihood, risk.impact)
        frame.loc[cell] += 1
    return _name_axes(frame)


def heat_map_bands() -> pd.DataFrame:
    """The band of every cell, in the same layout as ``heat_map``, for colouring it."""
    frame = pd.DataFrame(
        [[rating_band(row * col).value for col in _IMPACT_COLUMNS] for row in _LIKELIHOOD_ROWS],
        index=_LIKELIHOOD_ROWS,
        columns=_IMPACT_COLUMNS,
    )
    return _name_axes(frame)


_LIKELIHOOD_ROWS = list(reversed(SCALE))
_IMPACT_COLUMNS = list(SCALE)


def _name_axes(frame: pd.DataFrame) -> pd.DataFrame:
    frame.index.name = "likelihood"
    frame.columns.name = "impact"
    return frame


def _require_level(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise ModelInputError(
            field, f"expected a whole number 1 to 5, got {value!r}", "1, 2, 3, 4 or 5"
        )
    return value


def _optional_text(field: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ModelInputError(field, f"expected a text or None, got {value!r}", "a text or None")
    return value.strip() or None
