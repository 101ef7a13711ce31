"""Escalation plans: who acts, on which side, how fast, when a problem is not solved.

Why: Gartner's nine steps for managing an outsourcing relationship, as summarised in the seed
article "The Outsourcing Relationship: Dealing with the Changing Times", ask for an escalation
plan (step 4: who is involved, which levels approve, both parties comply) and an escalation
executive (step 5: a client executive who leads the plan). The rules below follow
docs/evidence.md, E5; the minimum of three levels and the review window of 1-92 days are COURSE
CONVENTIONS.

A learner's plan is data to be judged, so building a plan never fails because the plan is poor;
it fails only when a value has the wrong type (hours typed as text). ``validate_plan`` then
returns every problem at once as findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import pandas as pd

from course.models.errors import (
    Finding,
    ModelInputError,
    Severity,
    require_number,
    require_records,
)

MIN_LEVELS = 3
"""Fewest levels a plan needs: a COURSE CONVENTION (docs/evidence.md, E5).
Three gives an operational, a management and an executive level."""

REVIEW_CADENCE_DAYS = (1, 92)
"""Allowed review interval in days: a COURSE CONVENTION. Gartner step 6 asks for frequent and
regular reviews; 92 days is the longest quarter, so the plan is looked at least once a quarter."""

RULE_MIN_LEVELS = "min-levels"
RULE_CONTIGUOUS = "contiguous-levels"
RULE_INCREASING = "increasing-response"
RULE_POSITIVE = "positive-response"
RULE_OWNED = "owned-both-sides"
RULE_EXECUTIVE = "executive-at-top"
RULE_CADENCE = "review-cadence"
RULE_CHANNEL = "channel"
RULE_TRIGGER = "trigger"
RULE_P1_REACH = "p1-reaches-executive"

RULES = (
    RULE_MIN_LEVELS,
    RULE_CONTIGUOUS,
    RULE_INCREASING,
    RULE_POSITIVE,
    RULE_OWNED,
    RULE_EXECUTIVE,
    RULE_CADENCE,
    RULE_CHANNEL,
    RULE_TRIGGER,
    RULE_P1_REACH,
)
"""Every rule id ``validate_plan`` can report; ids are stable so grader checks can name them."""

_TEXT_FIELDS = ("trigger", "client_owner", "provider_owner", "channel")


@dataclass(frozen=True)
class EscalationLevel:
    """One rung of the plan (docs/evidence.md, E5, required fields).

    ``trigger`` says when the issue reaches this level (a severity, an elapsed time or a
    contractual event such as a repeat SLA breach); ``client_owner`` and ``provider_owner`` are
    the roles that act on each side, peer to peer (Everest Group, "Outsourcing Governance 101");
    ``max_response_hours`` is how long this level may take to respond; ``channel`` is how it is
    reached (phone bridge, ticket, e-mail). Text fields may be blank (``None`` counts as blank):
    ``validate_plan`` reports that. Only a wrong type raises.
    """

    level: int
    trigger: str
    client_owner: str
    provider_owner: str
    max_response_hours: float
    channel: str

    def __post_init__(self) -> None:
        if isinstance(self.level, bool) or not isinstance(self.level, int):
            raise ModelInputError(
                "level", f"expected a whole number, got {self.level!r}", "1, 2, 3, ..."
            )
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise ModelInputError(
                    name, f"expected a text for level {self.level}, got {value!r}", "a text"
                )
            object.__setattr__(self, name, value.strip())
        hours = self.max_response_hours
        if isinstance(hours, str):
            raise ModelInputError(
                "max_response_hours",
                f"expected a number of hours for level {self.level}, got the text {hours!r}",
                "a number such as 4 or 0.5, without quotes",
            )
        object.__setattr__(self, "max_response_hours", require_number("max_response_hours", hours))


@dataclass(frozen=True)
class EscalationPlan:
    """The levels, the escalation executive (Gartner step 5) and how often the plan is reviewed.

    ``escalation_executive`` names the client executive who leads the plan (blank or ``None`` if
    nobody is named yet); ``review_cadence_days`` is the number of days between reviews of the
    plan, or ``None`` if no review is planned.
    """

    levels: tuple[EscalationLevel, ...]
    escalation_executive: str | None
    review_cadence_days: int | None

    def __post_init__(self) -> None:
        if isinstance(self.levels, (str, Mapping)) or not isinstance(self.levels, Iterable):
            raise ModelInputError(
                "levels", f"expected EscalationLevel objects, got {self.levels!r}", "a tuple"
            )
        levels = tuple(self.levels)
        for index, level in enumerate(levels):
            if not isinstance(level, EscalationLevel):
                raise ModelInputError(
                    f"levels[{index}]",
                    f"expected an EscalationLevel, got {level!r}",
                    "EscalationLevel(...)",
                )
        object.__setattr__(self, "levels", levels)
        executive = self.escalation_executive
        if executive is None:
            executive = ""
        if not isinstance(executive, str):
            raise ModelInputError(
                "escalation_executive", f"expected a text, got {executive!r}", "a role or name"
            )
        object.__setattr__(self, "escalation_executive", executive.strip())
        cadence = self.review_cadence_days
        if cadence is not None and (isinstance(cadence, bool) or not isinstance(cadence, int)):
            raise ModelInputError(
                "review_cadence_days",
                f"expected a whole number of days or None, got {cadence!r}",
                "a whole number of days, or None",
            )


def validate_plan(plan: EscalationPlan, p1_target_hours: float | None = None) -> list[Finding]:
    """Every problem in the plan, each tied to a rule id in ``RULES`` (docs/evidence.md, E5).

    - ``min-levels``: at least ``MIN_LEVELS`` levels.
    - ``contiguous-levels``: levels numbered 1..n, each once (gaps hide a missing rung).
    - ``increasing-response``: each level may take longer than the one below it; one finding per
      neighbouring pair (in level order) whose hours do not strictly increase.
    - ``positive-response``: every response time is above zero hours.
    - ``owned-both-sides``: each level names a client and a provider owner (peer-to-peer, Everest
      Group); one finding per blank side.
    - ``executive-at-top``: an escalation executive is named and owns the top level on the client
      side (Gartner step 5). Comparison ignores case and surrounding spaces. A blank top client
      owner is left to ``owned-both-sides`` so the same gap is not reported twice.
    - ``review-cadence``: a review interval of 1-92 days (Gartner step 6, course convention).
    - ``channel`` and ``trigger``: each level says how it is reached and when it applies.
    - ``p1-reaches-executive``, only when ``p1_target_hours`` (the contract's P1 resolution
      target) is given: an unsolved P1 that uses every level's full response time still reaches
      the escalation executive within that target (``hours_to_executive``), as the governance
      lesson asks. Without a target the plan alone cannot say, so the rule is not checked.
    """
    if not isinstance(plan, EscalationPlan):
        raise ModelInputError("plan", f"expected an EscalationPlan, got {plan!r}", "EscalationPlan")
    ordered = sorted(plan.levels, key=lambda level: level.level)
    findings = [
        *_check_count(ordered),
        *_check_numbering(ordered),
        *_check_response(ordered),
        *_check_levels(ordered),
        *_check_executive(plan, ordered),
        *_check_cadence(plan.review_cadence_days),
        *_check_p1_reach(plan, p1_target_hours),
    ]
    return findings


def hours_to_executive(plan: EscalationPlan) -> float:
    """Worst case before the escalation executive responds: an unsolved issue climbs every
    level, and each has its full response time, so the plan's response times added up."""
    return float(sum(level.max_response_hours for level in plan.levels))


def plan_from_records(
    records: list[dict[str, object]],
    escalation_executive: str | None,
    review_cadence_days: int | None,
) -> EscalationPlan:
    """Build a plan from plain dicts, one per level, as a learner types them in a notebook.

    Each dict needs exactly the keys of ``EscalationLevel``. Errors name the record index and the
    key ("records[2].channel: missing key"), and a misspelt key gets a suggestion.
    """
    expected = [field.name for field in fields(EscalationLevel)]
    levels = []
    for where, record in require_records("records", records, expected, "a dict per level"):
        try:
            levels.append(EscalationLevel(**{key: record[key] for key in expected}))
        except ModelInputError as error:
            raise ModelInputError(f"{where}.{error.field}", error.problem, error.allowed) from None
    return EscalationPlan(tuple(levels), escalation_executive, review_cadence_days)


def plan_frame(plan: EscalationPlan) -> pd.DataFrame:
    """The plan as a table in level order, for reading it next to its findings."""
    columns = [field.name for field in fields(EscalationLevel)]
    ordered = sorted(plan.levels, key=lambda level: level.level)
    rows = [{name: getattr(level, name) for name in columns} for level in ordered]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"level": "int64", "max_response_hours": "float64"})


def _check_count(ordered: list[EscalationLevel]) -> list[Finding]:
    if len(ordered) >= MIN_LEVELS:
        return []
    return [
        _error(
            "levels",
            f"the plan has {len(ordered)} level(s); it needs at least {MIN_LEVELS}, so that an "
            "unsolved issue can climb from the people doing the work to an executive",
            RULE_MIN_LEVELS,
        )
    ]


def _check_numbering(ordered: list[EscalationLevel]) -> list[Finding]:
    numbers = [level.level for level in ordered]
    expected = list(range(1, len(numbers) + 1))
    if numbers == expected:
        return []
    return [
        _error(
            "levels.level",
            f"levels are numbered {_join(numbers)}; number them {_join(expected)}, each once, "
            "so nobody wonders what happens at a missing level",
            RULE_CONTIGUOUS,
        )
    ]


def _check_response(ordered: list[EscalationLevel]) -> list[Finding]:
    findings = []
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if lower.level == upper.level:
            continue
        if upper.max_response_hours <= lower.max_response_hours:
            findings.append(
                _error(
                    f"level {upper.level}.max_response_hours",
                    f"level {upper.level} allows {upper.max_response_hours:g} h but level "
                    f"{lower.level} allows {lower.max_response_hours:g} h; a higher level should "
                    "be given more time than the level below it",
                    RULE_INCREASING,
                )
            )
    for level in ordered:
        if level.max_response_hours <= 0:
            findings.append(
                _error(
                    f"level {level.level}.max_response_hours",
                    f"level {level.level} allows {level.max_response_hours:g} h; a response time "
                    "must be above zero",
                    RULE_POSITIVE,
                )
            )
    return findings


def _check_levels(ordered: list[EscalationLevel]) -> list[Finding]:
    findings = []
    for level in ordered:
        for side in ("client", "provider"):
            if not getattr(level, f"{side}_owner"):
                findings.append(
                    _error(
                        f"level {level.level}.{side}_owner",
                        f"level {level.level} has no {side} owner; each level pairs a client "
                        "role with its provider counterpart",
                        RULE_OWNED,
                    )
                )
        if not level.channel:
            findings.append(
                _error(
                    f"level {level.level}.channel",
                    f"level {level.level} has no channel; say how this level is reached "
                    "(phone bridge, ticket queue, e-mail)",
                    RULE_CHANNEL,
                )
            )
        if not level.trigger:
            findings.append(
                _error(
                    f"level {level.level}.trigger",
                    f"level {level.level} has no trigger; say when an issue reaches it "
                    "(a severity, an elapsed time, a repeated SLA breach)",
                    RULE_TRIGGER,
                )
            )
    return findings


def _check_executive(plan: EscalationPlan, ordered: list[EscalationLevel]) -> list[Finding]:
    executive = plan.escalation_executive or ""
    if not executive:
        return [
            _error(
                "escalation_executive",
                "no escalation executive is named; Gartner's step 5 asks for a client executive "
                "who leads the plan",
                RULE_EXECUTIVE,
            )
        ]
    if not ordered:
        return []
    top = ordered[-1]
    if top.client_owner and top.client_owner.casefold() != executive.casefold():
        return [
            _error(
                f"level {top.level}.client_owner",
                f"the top level's client owner is {top.client_owner!r}, not the escalation "
                f"executive {executive!r}; the executive should own the last step",
                RULE_EXECUTIVE,
            )
        ]
    return []


def _check_cadence(cadence: int | None) -> list[Finding]:
    low, high = REVIEW_CADENCE_DAYS
    if cadence is not None and low <= cadence <= high:
        return []
    problem = "no review cadence is set" if cadence is None else f"{cadence} days is out of range"
    return [
        _error(
            "review_cadence_days",
            f"{problem}; review the plan every {low} to {high} days so it keeps up with the "
            "relationship",
            RULE_CADENCE,
        )
    ]


def _check_p1_reach(plan: EscalationPlan, p1_target_hours: float | None) -> list[Finding]:
    if p1_target_hours is None:
        return []
    target = require_number("p1_target_hours", p1_target_hours)
    if target <= 0:
        raise ModelInputError(
            "p1_target_hours", f"expected hours above zero, got {target:g}", "such as 2"
        )
    hours = hours_to_executive(plan)
    if hours <= target + _HOURS_SLACK:
        return []
    return [
        _error(
            "levels.max_response_hours",
            f"an unsolved P1 reaches the escalation executive after {hours:g} h, beyond the P1 "
            f"target of {target:g} h; the response times of all levels must add up to no more "
            "than the target",
            RULE_P1_REACH,
        )
    ]


_HOURS_SLACK = 1e-9
"""Sums of hours such as 0.1 + 0.2 carry rounding noise; a plan exactly on target passes."""


def _error(field: str, message: str, rule: str) -> Finding:
    return Finding(Severity.ERROR, field, message, rule)


def _join(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers) or "(none)"
