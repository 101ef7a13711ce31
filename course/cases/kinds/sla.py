"""Service levels and credits: months of measurements against a contract (``course.models.sla``).

Availability is measured in minutes, every other level from a monthly report. Variants scale
each measurement's gap to its target, so a met level stays met and a capped month stays capped.
The exercise "Service levels and service credits" hands a learner the plain view (``SlaView``).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from course.cases.case import Case, CaseKind
from course.cases.draw import RATE_SPREAD, Draw, round_to
from course.cases.source import Source, allow_case_keys, common_fields, frozen, require_unique
from course.models.errors import ModelInputError
from course.models.sla import CreditReport, ServiceLevel, availability, service_credits

DIRECTIONS = {True: "higher-is-better", False: "lower-is-better"}
"""How case.yml and the plain view spell which way a target points."""


@dataclass(frozen=True)
class MonthRecord:
    """One month of measured performance as the provider reported it.

    The availability level is measured in minutes (scheduled, down, excluded for approved
    maintenance); every other level is a reported figure in ``reported``. ``complaints`` counts
    complaints from the business that month: a signal no service level captures.
    """

    label: str
    scheduled_minutes: int
    downtime_minutes: float
    excluded_minutes: float
    reported: Mapping[str, float]
    complaints: int


@dataclass(frozen=True)
class SlaMonth:
    """A month ready for the credit calculation: ``measured`` holds every level's value."""

    number: int
    label: str
    record: MonthRecord
    measured: Mapping[str, float]


@dataclass(frozen=True)
class SlaCase(Case):
    """Service levels, months of measurements and the credit terms (``course.models.sla``).

    Credits follow the Texas DIR clause: pool allocation of the level's category x the level's
    credit allocation x the at-risk amount. ``pool_available`` is the DIR "Pool Percentage
    Available for Allocation": the category allocations together stay within it.
    """

    kind: ClassVar[str] = "sla"

    provider: str
    monthly_charge: float
    at_risk_share: float
    pool_available: float
    pool_allocation: Mapping[str, float]
    levels: tuple[ServiceLevel, ...]
    availability_level: str
    months: tuple[MonthRecord, ...]

    def service_levels(self) -> tuple[ServiceLevel, ...]:
        """The contract's service levels, in contract order."""
        return self.levels

    @property
    def month_count(self) -> int:
        """How many months of measurements the case holds."""
        return len(self.months)

    def month(self, number: int) -> SlaMonth:
        """Month ``number``, counted from 1 as the contract reports do (month 1 is the first)."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(f"month number must be a whole number, got {number!r}")
        if not 1 <= number <= len(self.months):
            raise IndexError(
                f"month {number} does not exist; months are numbered 1 to {len(self.months)}"
            )
        record = self.months[number - 1]
        measured = dict(record.reported)
        measured[self.availability_level] = availability(
            record.scheduled_minutes, record.downtime_minutes, record.excluded_minutes
        )
        ordered = {level.name: measured[level.name] for level in self.levels}
        return SlaMonth(number, record.label, record, ordered)

    def credits(self, number: int) -> CreditReport:
        """The credits of month ``number`` (counted from 1), capped at the at-risk amount."""
        return service_credits(
            self.levels,
            self.month(number).measured,
            self.monthly_charge,
            self.at_risk_share,
            dict(self.pool_allocation),
        )

    def validate(self) -> None:
        total = math.fsum(self.pool_allocation.values())
        if total > self.pool_available + 1e-9:
            raise ModelInputError(
                "pool_allocation",
                f"category allocations add up to {total:.0%}, more than the "
                f"{self.pool_available:.0%} available for allocation (pool_available)",
                "lower an allocation or raise pool_available",
            )
        for number in range(1, len(self.months) + 1):
            self.credits(number)


# --- reading case files ----------------------------------------------------------------------


def parse_sla(source: Source) -> SlaCase:
    """Credit terms and service levels from case.yml; one row per month from a table."""
    main = source.main
    allow_case_keys(
        main,
        (
            "provider monthly_charge at_risk_share pool_available pool_allocation service_levels "
            "performance"
        ),
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
        direction = item.choice("direction", tuple(DIRECTIONS.values()))
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
                direction == DIRECTIONS[True],
                item.text("unit"),
                item.number("credit_allocation", 0, 1),
                category,
            )
        )
    names = [level.name for level in levels]
    require_unique(main, "service_levels", names)
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
                reported=frozen({name: row.number(name) for name in reported}),
                complaints=row.integer("complaints", 0),
            )
        )
    return SlaCase(
        **common_fields(source),
        provider=main.text("provider"),
        monthly_charge=main.number("monthly_charge", 0),
        at_risk_share=main.number("at_risk_share", 0, 1),
        pool_available=pool_available,
        pool_allocation=frozen(pools),
        levels=tuple(levels),
        availability_level=availability_level,
        months=tuple(months),
    )


# --- variants --------------------------------------------------------------------------------


def perturb_sla(case: SlaCase, draw: Draw) -> SlaCase:
    """Charge +/-15%, at-risk share 10-15%, pools +/-0.1, each measurement's gap to target x0.6-1.4.

    Scaling the gap (not the value) keeps every met level met and every missed level missed, in
    the direction its target points; the invariants check what rounding might still flip.
    """
    pools = {
        name: min(1.0, max(0.2, round_to(share + 0.05 * draw.integer(-2, 2), 0.05)))
        for name, share in case.pool_allocation.items()
    }
    targets = {level.name: level for level in case.levels}
    months = []
    for record in case.months:
        reported = {}
        for name, value in record.reported.items():
            target = targets[name].target
            gap = (value - target) * draw.uniform(0.6, 1.4)
            step = 1.0 if abs(target) >= 10 else 0.001
            moved = round_to(target + gap, step)
            if step < 1:
                moved = min(1.0, max(0.0, moved))
            reported[name] = moved
        counted = record.downtime_minutes - record.excluded_minutes
        excluded = round_to(record.excluded_minutes * draw.uniform(0.7, 1.3), 5)
        counted = round_to(counted * draw.uniform(0.6, 1.4), 5)
        complaints = max(0, round(record.complaints * draw.uniform(0.8, 1.2)))
        months.append(
            MonthRecord(
                record.label,
                record.scheduled_minutes,
                excluded + counted,
                excluded,
                MappingProxyType(reported),
                complaints,
            )
        )
    return dataclasses.replace(
        case,
        monthly_charge=draw.scaled(case.monthly_charge, RATE_SPREAD, 500),
        at_risk_share=draw.pick((0.10, 0.11, 0.12, 0.13, 0.14, 0.15)),
        pool_allocation=MappingProxyType(pools),
        months=tuple(months),
    )


# --- what a variant keeps --------------------------------------------------------------------

MEASUREMENT_MARGIN = 0.001
"""A measurement off target is off by at least 0.1% of the target (or 0.001 for shares)."""

CAP_MARGIN = 0.02
"""A month's credits are at least 2% away from the at-risk cap, so "capped?" is clear."""


def _sla_story(case: SlaCase) -> Hashable:
    """Which levels are met each month, which months hit the cap, and whether complaints climb."""
    months = []
    for number in range(1, case.month_count + 1):
        report = case.credits(number)
        months.append((tuple(line.met for line in report.lines), report.capped))
    complaints = [record.complaints for record in case.months]
    rising = all(a < b for a, b in itertools.pairwise(complaints))
    return tuple(months), rising


def _sla_well_defined(case: SlaCase) -> bool:
    for number in range(1, case.month_count + 1):
        report = case.credits(number)
        for line in report.lines:
            gap = abs(line.measured - line.target)
            if 0 < gap < MEASUREMENT_MARGIN * max(abs(line.target), 1):
                return False
        total, cap = report.total_before_cap, report.at_risk_amount
        if total > 0 and abs(total - cap) < CAP_MARGIN * cap:
            return False
    return True


# --- what an exercise hands a learner -------------------------------------------------------


@dataclass
class SlaView:
    """A case as plain data: what the notebook shows and the checks recompute.

    Months are keyed by their label ("2025-01"); ``minutes`` holds the availability level's
    scheduled, downtime and excluded minutes, ``reported`` every other level's monthly figure.
    It offers the model's service levels but no computed result: availability, misses and
    credits are what the learner works out (the checks use ``measured`` and ``month_credits``).
    """

    learner_id: str
    company: str
    provider: str
    currency: str
    monthly_charge: float
    at_risk_share: float
    pool_allocation: dict[str, float]  # category -> A, its share of the at-risk amount
    levels: dict[str, dict[str, object]]  # name -> category, target, direction, unit, B
    availability_level: str
    minutes: dict[str, dict[str, float]]  # month -> scheduled / downtime / excluded
    reported: dict[str, dict[str, float]]  # month -> level -> measured value
    complaints: dict[str, int]  # month -> complaints no service level measures

    @property
    def months(self) -> list[str]:
        return list(self.minutes)

    def service_levels(self) -> tuple[ServiceLevel, ...]:
        """The model's service levels, in contract order."""
        return tuple(
            ServiceLevel(
                name,
                float(level["target"]),
                level["direction"] == DIRECTIONS[True],
                str(level["unit"]),
                float(level["credit_allocation"]),
                str(level["category"]),
            )
            for name, level in self.levels.items()
        )


def measured(view: SlaView, month: str) -> dict[str, float]:
    """Every level's value in ``month`` of a plain view, the availability computed by the model.

    A function beside the view, not a method of it: the learner's ``case`` holds the data, and
    the results the exercise asks for are computed by the checks, never handed out with it.
    """
    minutes = view.minutes[month]
    up = availability(minutes["scheduled"], minutes["downtime"], minutes["excluded"])
    return {**view.reported[month], view.availability_level: up}


def month_credits(view: SlaView, month: str) -> CreditReport:
    """The model's credits for ``month`` of a plain view, capped at the at-risk amount."""
    return service_credits(
        view.service_levels(),
        measured(view, month),
        view.monthly_charge,
        view.at_risk_share,
        dict(view.pool_allocation),
    )


def describe(case: SlaView) -> list[object]:
    """What the notebook shows under the setup cell: the terms, the levels and the quarter."""
    import pandas as pd
    from IPython.display import Markdown

    terms = (
        f"**{case.company}** pays **{case.provider}** {case.monthly_charge:,.0f} {case.currency} "
        f"a month (`case.monthly_charge`); {case.at_risk_share:.0%} of it is at risk "
        "(`case.at_risk_share`). Pool allocation A per category (`case.pool_allocation`):"
    )
    tables = {
        terms: pd.DataFrame({"pool allocation (A)": case.pool_allocation}),
        "Service levels (`case.levels`; B is `credit_allocation`)": pd.DataFrame(case.levels).T,
        f"Minutes of *{case.availability_level}* by month (`case.minutes`)": pd.DataFrame(
            case.minutes
        ).T,
        "The other levels as reported, one column per month (`case.reported`)": pd.DataFrame(
            case.reported
        ),
    }
    return [part for title, table in tables.items() for part in (Markdown(title), table)]


def plain_view(case: SlaCase, learner_id: str) -> SlaView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    return SlaView(
        learner_id=learner_id,
        company=case.company,
        provider=case.provider,
        currency=case.currency,
        monthly_charge=float(case.monthly_charge),
        at_risk_share=float(case.at_risk_share),
        pool_allocation={name: float(share) for name, share in case.pool_allocation.items()},
        levels={
            level.name: {
                "category": level.category,
                "target": float(level.target),
                "direction": DIRECTIONS[level.higher_is_better],
                "unit": level.unit,
                "credit_allocation": float(level.credit_allocation),
            }
            for level in case.levels
        },
        availability_level=case.availability_level,
        minutes={
            record.label: {
                "scheduled": float(record.scheduled_minutes),
                "downtime": float(record.downtime_minutes),
                "excluded": float(record.excluded_minutes),
            }
            for record in case.months
        },
        reported={
            record.label: {k: float(v) for k, v in record.reported.items()}
            for record in case.months
        },
        complaints={record.label: record.complaints for record in case.months},
    )


KIND = CaseKind(
    SlaCase,
    parse=parse_sla,
    perturb=perturb_sla,
    story=_sla_story,
    well_defined=_sla_well_defined,
    plain_view=plain_view,
)
