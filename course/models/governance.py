"""Governance of an outsourcing relationship: a nine-step health check, meeting tiers, RACI.

Why: relationships drift as needs change, and Gartner names poor communication, inflexibility and
unmet expectations as the usual results (seed article "The Outsourcing Relationship: Dealing with
the Changing Times"). Gartner's nine steps, as summarised there, are the repair plan this module
scores. The meeting tiers follow Everest Group's "Outsourcing Governance 101" (three tiers with
peer-to-peer alignment) and docs/evidence.md, E9; the RACI rules follow docs/evidence.md, E8.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from course.models.errors import Finding, ModelInputError, Severity, did_you_mean, require_text


@dataclass(frozen=True)
class GovernanceStep:
    """One of Gartner's nine steps: its number, a short id, a title and what good looks like.

    Titles and descriptions are the course's own words, not the seed's.
    """

    number: int
    step_id: str
    title: str
    what_good_looks_like: str


NINE_STEPS: tuple[GovernanceStep, ...] = (
    GovernanceStep(
        1,
        "assess-situation",
        "Diagnose the relationship",
        "Both sides hold one written diagnosis of what is broken and what fixing it will cost.",
    ),
    GovernanceStep(
        2,
        "improvement-goals",
        "Set improvement goals",
        "Each goal is measurable, and every process or structure change is tied to one.",
    ),
    GovernanceStep(
        3,
        "agree-critical-goals",
        "Agree the critical goals together",
        "Client and provider have both signed off the few goals that matter most.",
    ),
    GovernanceStep(
        4,
        "escalation-plan",
        "Build an escalation plan",
        "Every level names its trigger, an owner on each side and a response time, "
        "and both sides follow it.",
    ),
    GovernanceStep(
        5,
        "escalation-executive",
        "Appoint a client escalation executive",
        "A named client executive leads the plan from the start and can make changes stick.",
    ),
    GovernanceStep(
        6,
        "review-meetings",
        "Meet for regular reviews",
        "Reviews run on a fixed calendar with both sides present and end with owners and dates.",
    ),
    GovernanceStep(
        7,
        "issue-list",
        "Keep the issue list current and shared",
        "The issue list is updated after every review, approved, and sent to all stakeholders.",
    ),
    GovernanceStep(
        8,
        "behaviour-drivers",
        "Drive the behaviour you want",
        "Measures and incentives reward the provider for the results the client actually needs.",
    ),
    GovernanceStep(
        9,
        "manage-risks",
        "Manage risks actively",
        "A risk register with owners and mitigations is reviewed at a set rhythm.",
    ),
)
"""Gartner's nine steps in their order, as summarised in the seed article "The Outsourcing
Relationship: Dealing with the Changing Times", which trace back to William Maurer (Gartner),
"Nine ways to make bad outsourcing deals good" (docs/evidence.md, "Frameworks")."""

STEP_IDS = tuple(step.step_id for step in NINE_STEPS)

SCORE_SCALE = {0: "absent", 1: "ad hoc", 2: "defined", 3: "practised", 4: "working well"}
"""Meaning of the 0-4 health-check score: a COURSE CONVENTION, not Gartner's."""

MAX_SCORE = max(SCORE_SCALE)

TIERS = ("operational", "tactical", "strategic")
"""Governance tiers from the bottom up (Everest Group; ISO 37500 names the same three levels)."""

ISSUE_LOG_WORDS = ("issue log", "issue list", "issue register")
"""An operational input containing one of these (any case) counts as the issue log."""

RACI_LETTERS = ("R", "A", "C", "I")

RULE_TIERS = "tiers-present"
RULE_BOTH_SIDES = "both-sides-attend"
RULE_FREQUENCY = "frequency-order"
RULE_ISSUE_LOG = "issue-log-input"
RULE_MEETS = "meets-regularly"
RULE_ONE_ACCOUNTABLE = "one-accountable"
RULE_RESPONSIBLE = "responsible-present"
RULE_LETTER = "valid-letter"


@dataclass(frozen=True)
class HealthCheck:
    """Result of ``health_check``.

    ``scores`` maps each step id to its score in step order; ``overall_percent`` is the sum of
    scores over the maximum (9 x 4) in percent; ``priorities`` lists the step ids that score below
    4, most urgent first, and ``actions`` says in a sentence what to do about each.
    """

    scores: Mapping[str, int]
    overall_percent: float
    priorities: tuple[str, ...]
    actions: tuple[str, ...]


def health_check(scores: Mapping[str, int]) -> HealthCheck:
    """Score the relationship on Gartner's nine steps and list what to fix first.

    Each step gets 0-4 (``SCORE_SCALE``, a course convention). Actions come lowest score first;
    ties go to the earlier step, because the steps build on each other: goals cannot be agreed
    before they are identified, the escalation executive leads the plan of step 4, and reviews
    feed the issue list. A perfect 4 needs no action.
    """
    if not isinstance(scores, Mapping):
        raise ModelInputError("scores", f"expected a dict step id -> score, got {scores!r}")
    unknown = [key for key in scores if key not in STEP_IDS]
    if unknown:
        hints = "; ".join(f"{key!r}{did_you_mean(key, STEP_IDS)}" for key in unknown)
        raise ModelInputError("scores", f"unknown step id(s): {hints}", ", ".join(STEP_IDS))
    missing = [step_id for step_id in STEP_IDS if step_id not in scores]
    if missing:
        raise ModelInputError(
            "scores", f"no score for step(s): {', '.join(missing)}", "a score for all nine steps"
        )
    checked = {}
    for step_id in STEP_IDS:
        value = scores[step_id]
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORE_SCALE:
            raise ModelInputError(
                f"scores[{step_id!r}]", f"expected a whole number 0 to 4, got {value!r}", "0 to 4"
            )
        checked[step_id] = value
    to_fix = sorted(
        (step for step in NINE_STEPS if checked[step.step_id] < MAX_SCORE),
        key=lambda step: (checked[step.step_id], step.number),
    )
    actions = tuple(
        f"Step {step.number}, {step.title} ({step.step_id}), scores {checked[step.step_id]}/4 "
        f"({SCORE_SCALE[checked[step.step_id]]}); aim for: {step.what_good_looks_like}"
        for step in to_fix
    )
    return HealthCheck(
        scores=MappingProxyType(checked),
        overall_percent=100 * sum(checked.values()) / (MAX_SCORE * len(NINE_STEPS)),
        priorities=tuple(step.step_id for step in to_fix),
        actions=actions,
    )


@dataclass(frozen=True)
class GovernanceTier:
    """One governance body: who sits on it from each side, how often it meets, what it reads.

    Only wrong types, unknown tier names or a negative frequency raise; a weak design is left to
    ``validate_cadence``. A single text given for a list counts as a one-item list; blank items
    are dropped.
    """

    name: str
    client_attendees: tuple[str, ...]
    provider_attendees: tuple[str, ...]
    meetings_per_year: int
    inputs: tuple[str, ...]

    def __post_init__(self) -> None:
        name = self.name.strip().lower() if isinstance(self.name, str) else self.name
        if name not in TIERS:
            raise ModelInputError("name", f"unknown tier {self.name!r}", ", ".join(TIERS))
        object.__setattr__(self, "name", name)
        for field in ("client_attendees", "provider_attendees", "inputs"):
            object.__setattr__(self, field, _text_tuple(f"{name}.{field}", getattr(self, field)))
        meetings = self.meetings_per_year
        if isinstance(meetings, bool) or not isinstance(meetings, int) or meetings < 0:
            raise ModelInputError(
                f"{name}.meetings_per_year",
                f"expected a whole number of meetings, got {meetings!r}",
                "0 or more (12 = monthly, 4 = quarterly)",
            )


def validate_cadence(tiers: Iterable[GovernanceTier]) -> list[Finding]:
    """Every problem in a governance calendar (docs/evidence.md, E9).

    - ``tiers-present``: operational, tactical and strategic each appear exactly once.
    - ``both-sides-attend``: client and provider both sit on every tier (peer-to-peer alignment,
      Everest Group "Outsourcing Governance 101").
    - ``meets-regularly``: every tier meets at least once a year.
    - ``frequency-order``: a higher tier meets no more often than the one below it; each
      neighbouring pair of present tiers is compared.
    - ``issue-log-input``: the operational tier reads the issue log (Gartner steps 6-7: reviews
      update the issue list).
    """
    if isinstance(tiers, (str, Mapping)) or not isinstance(tiers, Iterable):
        raise ModelInputError("tiers", f"expected GovernanceTier objects, got {tiers!r}", "a list")
    tier_list = list(tiers)
    for index, tier in enumerate(tier_list):
        if not isinstance(tier, GovernanceTier):
            raise ModelInputError(
                f"tiers[{index}]", f"expected a GovernanceTier, got {tier!r}", "GovernanceTier"
            )
    findings = []
    first: dict[str, GovernanceTier] = {}
    for tier in tier_list:
        if tier.name in first:
            findings.append(
                _error(
                    tier.name,
                    f"the {tier.name} tier appears more than once; merge them",
                    RULE_TIERS,
                )
            )
        first.setdefault(tier.name, tier)
    for name in TIERS:
        if name not in first:
            findings.append(_error(name, f"there is no {name} tier; add one", RULE_TIERS))
    for tier in tier_list:
        for side in ("client", "provider"):
            if not getattr(tier, f"{side}_attendees"):
                findings.append(
                    _error(
                        f"{tier.name}.{side}_attendees",
                        f"nobody from the {side} side attends the {tier.name} tier; each tier "
                        "pairs people of both sides at the same level",
                        RULE_BOTH_SIDES,
                    )
                )
        if tier.meetings_per_year == 0:
            findings.append(
                _error(
                    f"{tier.name}.meetings_per_year",
                    f"the {tier.name} tier never meets; give it a date at least once a year",
                    RULE_MEETS,
                )
            )
    present = [first[name] for name in TIERS if name in first]
    for lower, upper in zip(present, present[1:], strict=False):
        if upper.meetings_per_year > lower.meetings_per_year:
            findings.append(
                _error(
                    f"{upper.name}.meetings_per_year",
                    f"the {upper.name} tier meets {upper.meetings_per_year} times a year, more "
                    f"often than the {lower.name} tier ({lower.meetings_per_year}); higher tiers "
                    "meet less often and take what the lower tiers could not settle",
                    RULE_FREQUENCY,
                )
            )
    operational = first.get("operational")
    if operational is not None and not any(
        word in item.lower() for item in operational.inputs for word in ISSUE_LOG_WORDS
    ):
        findings.append(
            _error(
                "operational.inputs",
                "the operational tier does not read the issue log; every operational review "
                "should update it (Gartner steps 6-7)",
                RULE_ISSUE_LOG,
            )
        )
    return findings


def default_cadence() -> tuple[GovernanceTier, ...]:
    """A reference calendar that passes ``validate_cadence``.

    Operational monthly (the service review reads the monthly SLA report and is the first line of
    dispute resolution), tactical quarterly, strategic twice a year; itonews.eu reports executive
    teams meeting "quarterly or semi-annually, and more frequently during the first months"
    (docs/evidence.md, E9). The attendee roles are a course example, not a standard.
    """
    return (
        GovernanceTier(
            "operational",
            ("service delivery manager", "vendor management analyst"),
            ("service delivery manager", "team leads"),
            12,
            ("monthly SLA report", "issue log", "change requests"),
        ),
        GovernanceTier(
            "tactical",
            ("head of vendor management", "IT service owner"),
            ("account manager", "delivery director"),
            4,
            ("quarterly performance trend", "risk register", "open escalations"),
        ),
        GovernanceTier(
            "strategic",
            ("CIO (escalation executive)", "business sponsor"),
            ("executive sponsor", "client partner"),
            2,
            ("business goals and demand forecast", "nine-step health check", "contract review"),
        ),
    )


def validate_raci(matrix: Mapping[str, Mapping[str, object]]) -> list[Finding]:
    """Every problem in a RACI matrix: activity -> role -> letter (docs/evidence.md, E8).

    - ``valid-letter``: a filled cell holds exactly one of R, A, C, I (lower case is read as upper
      case; "A/R" or "X" are findings). Blank cells, ``None`` and NaN (from a DataFrame) mean the
      role is not involved.
    - ``one-accountable``: exactly one A per activity, so one person answers for the outcome.
    - ``responsible-present``: at least one R per activity, so someone does the work.
    """
    activities = _require_matrix(matrix)
    findings = []
    for activity, row in activities.items():
        letters: dict[str, list[str]] = {letter: [] for letter in RACI_LETTERS}
        for role, cell in row.items():
            letter = _cell_letter(cell)
            if letter is None:
                continue
            if letter not in RACI_LETTERS:
                findings.append(
                    _error(
                        f"{activity} / {role}",
                        f"{cell!r} is not a RACI letter; use one of R, A, C, I per cell",
                        RULE_LETTER,
                    )
                )
                continue
            letters[letter].append(role)
        accountable = letters["A"]
        if len(accountable) != 1:
            problem = (
                "has no A"
                if not accountable
                else f"has {len(accountable)} A's ({', '.join(accountable)})"
            )
            findings.append(
                _error(
                    activity,
                    f"{activity!r} {problem}; exactly one role must be accountable",
                    RULE_ONE_ACCOUNTABLE,
                )
            )
        if not letters["R"]:
            findings.append(
                _error(
                    activity,
                    f"{activity!r} has no R; at least one role must do the work",
                    RULE_RESPONSIBLE,
                )
            )
    return findings


def raci_frame(matrix: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """The matrix as a table: activities as rows, roles as columns (first-seen order), blanks ""."""
    activities = _require_matrix(matrix)
    roles: list[str] = []
    for row in activities.values():
        roles.extend(role for role in row if role not in roles)
    data = [[_cell_text(row.get(role)) for role in roles] for row in activities.values()]
    frame = pd.DataFrame(data, index=list(activities), columns=roles)
    frame.index.name = "activity"
    return frame


def _require_matrix(matrix: object) -> dict[str, Mapping[str, object]]:
    if not isinstance(matrix, Mapping):
        raise ModelInputError(
            "matrix", f"expected a dict activity -> role -> letter, got {matrix!r}"
        )
    if not matrix:
        raise ModelInputError("matrix", "has no activities", "1 or more activities")
    activities = {}
    for activity, row in matrix.items():
        name = require_text("matrix activity", activity)
        if not isinstance(row, Mapping):
            raise ModelInputError(
                f"matrix[{name!r}]", f"expected a dict role -> letter, got {row!r}"
            )
        for role in row:
            require_text(f"matrix[{name!r}] role", role)
        activities[name] = row
    return activities


def _cell_letter(cell: object) -> str | None:
    text = _cell_text(cell)
    return text.upper() if text else None


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return cell.strip() if isinstance(cell, str) else repr(cell)


def _text_tuple(field: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise ModelInputError(field, f"expected a list of texts, got {value!r}", "a list of texts")
    items = []
    for item in value:
        if not isinstance(item, str):
            raise ModelInputError(field, f"expected texts, got {item!r}", "a list of texts")
        if item.strip():
            items.append(item.strip())
    return tuple(items)


def _error(field: str, message: str, rule: str) -> Finding:
    return Finding(Severity.ERROR, field, message, rule)
