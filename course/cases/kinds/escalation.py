"""Escalation: a draft escalation plan with planted defects (``course.models.escalation``).

The plan's levels come from a table, blanks kept. Variants draw response times level by level
from plausible grids, keeping each planted defect; "Draft an escalation plan" shows the plain
view, one dict per level.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind, rule_findings
from course.cases.draw import Draw
from course.cases.source import Source, allow_case_keys, common_fields
from course.models.escalation import (
    MIN_LEVELS,
    REVIEW_CADENCE_DAYS,
    RULES,
    EscalationLevel,
    EscalationPlan,
    validate_plan,
)


@dataclass(frozen=True)
class PriorityTarget:
    """The contract's response and resolution targets for one priority, in hours."""

    priority: str
    description: str
    response_hours: float
    resolution_hours: float


@dataclass(frozen=True)
class EscalationCase(Case):
    """A draft escalation plan with planted defects, and the priorities it serves.

    Feeds ``course.models.escalation``.
    """

    kind: ClassVar[str] = "escalation"

    provider: str
    levels: tuple[EscalationLevel, ...]
    escalation_executive: str
    review_cadence_days: int | None
    priority_targets: tuple[PriorityTarget, ...]

    def draft_plan(self) -> EscalationPlan:
        """The plan as drafted, as the model's ``EscalationPlan``."""
        return EscalationPlan(self.levels, self.escalation_executive, self.review_cadence_days)

    def validate(self) -> None:
        validate_plan(self.draft_plan())


# --- reading case files ----------------------------------------------------------------------


def parse_escalation(source: Source) -> EscalationCase:
    """Priority targets from case.yml, the draft plan's levels from a table (blanks kept)."""
    main = source.main
    allow_case_keys(main, "provider escalation_executive review_cadence_days priorities levels")
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
        **common_fields(source),
        provider=main.text("provider"),
        levels=tuple(levels),
        escalation_executive=main.text("escalation_executive"),
        review_cadence_days=main.integer("review_cadence_days", 0)
        if main.has("review_cadence_days")
        else None,
        priority_targets=tuple(targets),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_escalation(case: EscalationCase, draw: Draw) -> EscalationCase:
    """Response times drawn level by level from plausible grids, keeping each planted defect.

    A level that in the draft responds no later than the level below it still does (the defect
    stays); every other level still responds later than the one below it. The top level's owners
    are names, so they do not change and that defect stays by itself.
    """
    ordered = sorted(case.levels, key=lambda level: level.level)
    hours: dict[int, float] = {}
    previous_base, previous_new = None, None
    for level in ordered:
        base = level.max_response_hours
        if previous_base is None:
            new = draw.pick((0.25, 0.5)) if base <= 0.5 else draw.scaled(base, 0.25, 0.25, 0.25)
        elif base <= previous_base:
            grid = [h / 4 for h in range(1, 9) if h / 4 <= previous_new]
            new = draw.pick(grid or [previous_new])
        else:
            low = max(base * 0.75, (previous_new or 0) + 0.25)
            grid = [h / 4 for h in range(1, 4 * 12 + 1) if low <= h / 4 <= base * 2]
            new = draw.pick(grid or [low])
        hours[level.level] = new
        previous_base, previous_new = base, new
    levels = tuple(
        dataclasses.replace(level, max_response_hours=hours[level.level]) for level in case.levels
    )
    cadence = case.review_cadence_days
    if cadence is not None and 1 <= cadence <= 92:
        cadence = draw.pick((30, 45, 60, 90))
    return dataclasses.replace(case, levels=levels, review_cadence_days=cadence)


# --- what a variant keeps --------------------------------------------------------------------


def _escalation_story(case: EscalationCase) -> Hashable:
    """Every finding of the draft plan, by rule and field."""
    return rule_findings(validate_plan(case.draft_plan()))


# --- the plain view an exercise hands a learner ----------------------------------------------


LEVEL_FIELDS = (
    "level",
    "trigger",
    "client_owner",
    "provider_owner",
    "max_response_hours",
    "channel",
)
"""The fields of one level of a plan, as ``EscalationLevel`` names them."""


@dataclass(frozen=True)
class EscalationView:
    """A case as plain data."""

    learner_id: str
    company: str
    provider: str
    levels: list[dict[str, Any]]  # the draft, one dict per level, in level order
    escalation_executive: str
    review_cadence_days: int | None
    priority_targets: list[dict[str, Any]]
    rules: list[str]
    min_levels: int
    cadence_range: tuple[int, int]


def plain_view(case: EscalationCase, learner_id: str) -> EscalationView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    ordered = sorted(case.levels, key=lambda level: level.level)
    return EscalationView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        levels=[{name: getattr(level, name) for name in LEVEL_FIELDS} for level in ordered],
        escalation_executive=case.escalation_executive,
        review_cadence_days=case.review_cadence_days,
        priority_targets=[
            {
                "priority": t.priority,
                "description": t.description,
                "response_hours": float(t.response_hours),
                "resolution_hours": float(t.resolution_hours),
            }
            for t in case.priority_targets
        ],
        rules=list(RULES),
        min_levels=MIN_LEVELS,
        cadence_range=tuple(REVIEW_CADENCE_DAYS),
    )


def describe(case: EscalationView) -> list[Any]:
    """What the exercise's setup cell shows: the draft plan and the contract's priority targets."""
    import pandas as pd
    from IPython.display import Markdown

    return [
        Markdown(
            f"**{case.company}** and **{case.provider}**: the draft escalation plan "
            "(`case.levels`, one dict per level), the escalation executive "
            f"(`case.escalation_executive` = {case.escalation_executive!r}) and the review "
            f"cadence (`case.review_cadence_days` = {case.review_cadence_days!r})."
        ),
        pd.DataFrame(case.levels).set_index("level"),
        Markdown("The contract's priority targets in hours (`case.priority_targets`):"),
        pd.DataFrame(case.priority_targets).set_index("priority"),
    ]


KIND = CaseKind(
    EscalationCase,
    parse=parse_escalation,
    perturb=perturb_escalation,
    story=_escalation_story,
    plain_view=plain_view,
)
