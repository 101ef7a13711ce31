"""Service levels and service credits: was the target met, and what does a miss cost the provider.

Why: "SLAs met but satisfaction low" is a classic sign of a drifting deal (Gartner, seed d), and
credits are the contract's lever when targets are missed. The arithmetic follows
docs/evidence.md, E3: availability with excluded minutes, and the Texas DIR service-level credit
clause, where credit = A x B x C (pool allocation x credit allocation x at-risk amount), credits
for several misses in a month are summed, and the month's credits never exceed the at-risk amount.

Simplification (course convention): each service level belongs to one performance category;
``pool_allocation`` is either one share used for every category, or a share per category. The
DIR clause's further limit, that the category allocations together stay within the "Pool
Percentage Available for Allocation", is left to the case data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from course.models.errors import (
    ModelInputError,
    require_in_range,
    require_number,
    require_text,
    require_unique_items,
)

MET_TOLERANCE = 1e-9
"""A measurement this close to its target counts as on target, so that 0.999 computed as
0.99899999999 is not a miss (course convention, not a contract term)."""

DEFAULT_CATEGORY = "all"


def availability(
    scheduled_minutes: float, downtime_minutes: float, excluded_minutes: float = 0
) -> float:
    """Share of the service time the service was up: (T_sched - T_down) / T_sched.

    Excluded minutes (approved maintenance, per contract) are removed from both terms, as in
    docs/evidence.md, E3: they are part of ``downtime_minutes`` and count neither as service time
    nor as downtime. Pass only the minutes the service was actually down inside the excluded
    windows. Returns a fraction (0.999 means 99.9%).
    """
    scheduled = require_in_range("scheduled_minutes", scheduled_minutes, 0)
    downtime = require_in_range("downtime_minutes", downtime_minutes, 0, scheduled)
    excluded = require_in_range("excluded_minutes", excluded_minutes, 0)
    if scheduled <= 0:
        raise ModelInputError("scheduled_minutes", "there is no service time to measure", "above 0")
    if excluded > downtime:
        raise ModelInputError(
            "excluded_minutes",
            f"{excluded:g} excluded minutes are more than the {downtime:g} minutes of downtime; "
            "excluded minutes are the part of the downtime the contract does not count",
            f"0 to {downtime:g}",
        )
    if excluded >= scheduled:
        raise ModelInputError(
            "excluded_minutes",
            "excluding all the scheduled time leaves nothing to measure",
            f"below {scheduled:g}",
        )
    return ((scheduled - excluded) - (downtime - excluded)) / (scheduled - excluded)


def allowed_downtime(target: float, scheduled_minutes: float) -> float:
    """Minutes of downtime a target allows: (1 - target) x T_sched (docs/evidence.md, E3).

    A 30-day month has 43,200 minutes, so 99.9% allows 43.2 minutes. Translating a target into
    minutes is how a leader explains "three nines" to the business.
    """
    number = require_number("target", target)
    if number > 1:
        raise ModelInputError(
            "target",
            f"{number:g} looks like a percentage",
            "a fraction 0 to 1, e.g. 0.999 for 99.9%",
        )
    require_in_range("target", number, 0, 1)
    scheduled = require_in_range("scheduled_minutes", scheduled_minutes, 0)
    return (1 - number) * scheduled


@dataclass(frozen=True)
class ServiceLevel:
    """One measured service level and its share of the credit pool.

    ``higher_is_better`` says which way the target points (availability: up; time to patch:
    down). ``credit_allocation`` is B in the Texas DIR clause: the share (0-1) of its category's
    pool this level draws when it is missed. ``category`` groups levels that share a pool
    (docs/evidence.md, Case 3: Availability, Service Desk, Security).
    """

    name: str
    target: float
    higher_is_better: bool
    unit: str
    credit_allocation: float
    category: str = DEFAULT_CATEGORY

    def __post_init__(self) -> None:
        name = require_text("service level name", self.name)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "target", require_number(f"{name}.target", self.target))
        if not isinstance(self.higher_is_better, bool):
            raise ModelInputError(
                f"{name}.higher_is_better", f"expected True or False, got {self.higher_is_better!r}"
            )
        object.__setattr__(self, "unit", require_text(f"{name}.unit", self.unit))
        share = require_in_range(f"{name}.credit_allocation", self.credit_allocation, 0, 1)
        object.__setattr__(self, "credit_allocation", share)
        object.__setattr__(self, "category", require_text(f"{name}.category", self.category))


@dataclass(frozen=True)
class CreditLine:
    """One service level's result for the month."""

    name: str
    category: str
    target: float
    measured: float
    met: bool
    credit: float


@dataclass(frozen=True)
class CreditReport:
    """A month's service credits, before and after the at-risk cap.

    ``capped`` is true when the cap took money off the total (a total equal to the cap up to
    rounding is not capped).
    """

    lines: tuple[CreditLine, ...]
    monthly_charge: float
    at_risk_amount: float
    total_before_cap: float
    total_after_cap: float
    capped: bool


def met(level: ServiceLevel, measured: float) -> bool:
    """Whether a measurement meets the level's target, in the direction the target points.

    Meeting the target exactly counts as met (within ``MET_TOLERANCE``).
    """
    value = require_number(f"measured {level.name}", measured)
    if math.isclose(value, level.target, rel_tol=MET_TOLERANCE, abs_tol=MET_TOLERANCE):
        return True
    return value > level.target if level.higher_is_better else value < level.target


def service_credits(
    levels: Iterable[ServiceLevel],
    measured: Mapping[str, float],
    monthly_charge: float,
    at_risk_share: float,
    pool_allocation: float | Mapping[str, float] = 1.0,
) -> CreditReport:
    """Credits for one month by the Texas DIR clause: credit = A x B x C per missed level.

    A is ``pool_allocation`` (of the level's category), B the level's ``credit_allocation``, and
    C the at-risk amount, ``at_risk_share`` x ``monthly_charge``. Credits are summed and capped at
    C. The at-risk share is often quoted at 10-15% of the monthly fee (docs/evidence.md, E3), but
    it is a parameter of the case, not a rule. Allocations within a category must not add up to more
    than its whole pool, or the credits promised are more than the pool holds.
    """
    checked = _check_levels(levels)
    charge = require_in_range("monthly_charge", monthly_charge, 0)
    share = require_in_range("at_risk_share", at_risk_share, 0, 1)
    pools = _check_pools(pool_allocation, checked)
    values = _check_measured(measured, checked)
    at_risk = share * charge
    lines = []
    for level in checked:
        ok = met(level, values[level.name])
        credit = 0.0 if ok else pools[level.category] * level.credit_allocation * at_risk
        lines.append(
            CreditLine(level.name, level.category, level.target, values[level.name], ok, credit)
        )
    total = math.fsum(line.credit for line in lines)
    return CreditReport(
        lines=tuple(lines),
        monthly_charge=charge,
        at_risk_amount=at_risk,
        total_before_cap=total,
        total_after_cap=min(total, at_risk),
        capped=total > at_risk and not math.isclose(total, at_risk, rel_tol=MET_TOLERANCE),
    )


def credits_frame(report: CreditReport) -> pd.DataFrame:
    """The report's lines as a table for the notebook, one row per service level."""
    rows = [
        {
            "service_level": line.name,
            "category": line.category,
            "target": line.target,
            "measured": line.measured,
            "met": line.met,
            "credit": line.credit,
        }
        for line in report.lines
    ]
    columns = ["service_level", "category", "target", "measured", "met", "credit"]
    return pd.DataFrame(rows, columns=columns)


def _check_levels(levels: object) -> tuple[ServiceLevel, ...]:
    checked = require_unique_items(
        "levels", levels, ServiceLevel, lambda level: level.name, "service levels"
    )
    for category in dict.fromkeys(level.category for level in checked):
        members = [level for level in checked if level.category == category]
        total = math.fsum(level.credit_allocation for level in members)
        if total > 1 + 1e-9:
            parts = ", ".join(f"{level.name} {level.credit_allocation:.0%}" for level in members)
            raise ModelInputError(
                "credit_allocation",
                f"allocations in category {category!r} add up to {total:.0%} ({parts}), "
                "more than the whole pool",
                "a total of 100% or less per category",
            )
    return checked


def _check_pools(
    pool_allocation: float | Mapping[str, float], levels: tuple[ServiceLevel, ...]
) -> dict[str, float]:
    categories = list(dict.fromkeys(level.category for level in levels))
    if not isinstance(pool_allocation, Mapping):
        share = require_in_range("pool_allocation", pool_allocation, 0, 1)
        return {category: share for category in categories}
    missing = [category for category in categories if category not in pool_allocation]
    if missing:
        raise ModelInputError(
            "pool_allocation",
            f"no pool allocation for category {', '.join(map(repr, missing))}",
            "a share 0 to 1 for every category used by a service level",
        )
    return {
        category: require_in_range(
            f"pool_allocation[{category!r}]", pool_allocation[category], 0, 1
        )
        for category in categories
    }


def _check_measured(
    measured: Mapping[str, float], levels: tuple[ServiceLevel, ...]
) -> dict[str, float]:
    if not isinstance(measured, Mapping):
        raise ModelInputError("measured", f"expected name -> value, got {measured!r}")
    names = [level.name for level in levels]
    missing = [name for name in names if name not in measured]
    if missing:
        raise ModelInputError(
            "measured",
            f"no measurement for {', '.join(map(repr, missing))}",
            "a value for every service level",
        )
    unknown = [name for name in measured if name not in names]
    if unknown:
        raise ModelInputError(
            "measured",
            f"measurement for an unknown service level {', '.join(map(repr, unknown))}",
            ", ".join(map(repr, names)),
        )
    return {name: require_number(f"measured {name}", measured[name]) for name in names}
