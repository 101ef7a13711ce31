"""Total cost of in-house, onshore, nearshore, offshore and hybrid options over N years.

Why: the rate card is only part of the price of outsourcing. Overby ("The Hidden Costs of Offshore
Outsourcing", CIO, 2003) and EquaTerra ("Top 10 Hidden Costs of Outsourcing", CIO Insight, 2008)
list the costs that a rate comparison leaves out: transition, lost productivity while the provider
learns the work, governance by the retained organisation, knowledge lost when staff leave, and
travel. The formula follows docs/evidence.md, E2 (TCO with hidden costs, no discounting); the seed
article "CIOs Need To Make Sure They Don't Do Outsourcing The Wrong Way" warns that moving too fast
is a classic mistake, and the month-by-month view shows what a short transition really costs.

Every percentage here is a case parameter, not a constant: published figures vary widely and
docs/evidence.md, E2 gives them as ranges with their sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from course.models.errors import ModelInputError, require_in_range, require_text

LOCATIONS = ("onshore", "nearshore", "offshore")
"""Where a staff line works, seen from the client."""

MODELS = ("in-house", "onshore", "nearshore", "offshore", "hybrid")
"""Delivery models a sourcing option can follow; "hybrid" mixes locations (seed 001)."""

GOVERNANCE_SHARE_RANGE = (0.03, 0.06)
"""Published band for governance cost as a share of contract value: "between 3% and 6% of
contract value, at the higher end at start-up and lower over time" (Mastering Risk Management,
Pearson, ch. 18, cited in docs/evidence.md, E2). A range to cite when choosing a case value; the
model accepts any share from 0 to 1."""

MAX_YEARS = 30
"""Longest horizon accepted: a COURSE CONVENTION. Beyond that, money should be discounted, which
this undiscounted model (docs/evidence.md, E2) does not do."""

MONEY_TOLERANCE = 0.005
"""Half a cent: cumulative savings within this of zero count as zero when finding the break-even
month, so that float noise (0.1 + 0.2 != 0.3) does not move it."""

COMPONENTS = ("staff", "transition", "ramp-up", "governance", "attrition", "travel")
"""Cost components, in the order ``cost_breakdown`` lists them."""


@dataclass(frozen=True)
class StaffLine:
    """A group of people paid the same annual rate in one location.

    ``annual_rate`` is the fully loaded yearly cost of one FTE (salary and overheads in house, the
    contracted rate for a provider). Overby (CIO, 2003) quotes a manager who says someone paid
    $10,000 a year in Hyderabad can cost an American company four to eight times that amount,
    which is why the rate must be the loaded one.
    """

    location: str
    fte: float
    annual_rate: float

    def __post_init__(self) -> None:
        location = _require_choice("location", self.location, LOCATIONS)
        object.__setattr__(self, "location", location)
        object.__setattr__(self, "fte", require_in_range("fte", self.fte, 0))
        object.__setattr__(
            self, "annual_rate", require_in_range("annual_rate", self.annual_rate, 0)
        )

    @property
    def annual_cost(self) -> float:
        """FTE x loaded annual rate."""
        return self.fte * self.annual_rate


@dataclass(frozen=True)
class SourcingOption:
    """One way of getting the work done, with the hidden costs of docs/evidence.md, E2.

    - ``transition_cost``: one-time cost (selection, transition fee, parallel running, severance).
      It is spread evenly over the ``transition_months``; with no transition months it is booked
      in month 1. Overby (CIO, 2003) reports transitions of three months to a year.
    - ``ramp_up_productivity_loss``: extra cost, as a share of the staff cost, while the new team
      learns the work. COURSE CONVENTION for its shape: the full share in transition month 1,
      falling linearly to 1/T of it in month T (T = ``transition_months``) and 0 afterwards, so it
      totals ``share x monthly staff cost x (T + 1) / 2``. Meta Group (cited by Overby) saw lags
      that "can add as much as 20 percent in additional costs".
    - ``governance_share``: the retained organisation's cost as a share of the staff cost (the
      contract value), every month. See ``GOVERNANCE_SHARE_RANGE`` for the published band.
    - ``annual_attrition`` x total FTE leavers a year, each costing
      ``knowledge_loss_cost_per_leaver`` (hiring, training, lost know-how), spread evenly.
    - ``annual_travel``: spread evenly over the months.
    """

    name: str
    model: str
    staff: tuple[StaffLine, ...]
    transition_cost: float = 0.0
    transition_months: int = 0
    ramp_up_productivity_loss: float = 0.0
    governance_share: float = 0.0
    annual_attrition: float = 0.0
    knowledge_loss_cost_per_leaver: float = 0.0
    annual_travel: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", require_text("name", self.name))
        object.__setattr__(self, "model", _require_choice("model", self.model, MODELS))
        object.__setattr__(self, "staff", _require_staff(self.staff))
        for field, high in (
            ("transition_cost", None),
            ("ramp_up_productivity_loss", 1),
            ("governance_share", 1),
            ("annual_attrition", 1),
            ("knowledge_loss_cost_per_leaver", None),
            ("annual_travel", None),
        ):
            object.__setattr__(self, field, require_in_range(field, getattr(self, field), 0, high))
        months = self.transition_months
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise ModelInputError(
                "transition_months",
                f"expected a whole number of months, got {months!r}",
                f"0 to {MAX_YEARS * 12}",
            )
        if self.ramp_up_productivity_loss > 0 and months == 0:
            raise ModelInputError(
                "ramp_up_productivity_loss",
                f"{self.ramp_up_productivity_loss:g} applies during the transition months, "
                "but transition_months is 0",
                "0 when there is no transition, or set transition_months",
            )

    @property
    def annual_staff_cost(self) -> float:
        """Sum of the staff lines: the contract value for a provider, payroll in house."""
        return sum(line.annual_cost for line in self.staff)

    @property
    def total_fte(self) -> float:
        """Head-count in full-time equivalents, the base for attrition."""
        return sum(line.fte for line in self.staff)


@dataclass(frozen=True)
class CostComparison:
    """An option against the in-house baseline over the same horizon (docs/evidence.md, E2).

    ``savings`` = baseline total - option total (negative means the option costs more);
    ``savings_share`` = savings / baseline total. ``break_even_month`` is explained in
    ``compare_to_baseline``.
    """

    option_name: str
    baseline_name: str
    years: int
    option_yearly: tuple[float, ...]
    baseline_yearly: tuple[float, ...]
    option_total: float
    baseline_total: float
    savings: float
    savings_share: float
    break_even_month: int | None


def monthly_costs(option: SourcingOption, years: int) -> list[float]:
    """Cost of ``option`` in each month 1..12 x ``years``, all components added.

    Monthly, because transitions are counted in months and a payback date needs them
    (docs/evidence.md, E2, payback month). The components are described on ``SourcingOption``.
    """
    components = _monthly_components(option, _require_years(years))
    return [sum(values) for values in zip(*components.values(), strict=True)]


def yearly_cash_flows(option: SourcingOption, years: int) -> list[float]:
    """Cost of ``option`` per year 1..``years``: the sum of its twelve months."""
    months = monthly_costs(option, years)
    return [sum(months[start : start + 12]) for start in range(0, len(months), 12)]


def total_cost(option: SourcingOption, years: int) -> float:
    """Total cost of ownership over the horizon, undiscounted (docs/evidence.md, E2)."""
    return sum(monthly_costs(option, years))


def cost_breakdown(option: SourcingOption, years: int) -> pd.DataFrame:
    """Each cost component per year (rows ``COMPONENTS``, columns "year 1".. and "total").

    Why: EquaTerra's and Overby's point is that the hidden lines decide the business case; this
    table shows which one matters most for a given option.
    """
    components = _monthly_components(option, _require_years(years))
    rows = {name: _per_year(values) for name, values in components.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=_year_columns(years))
    frame["total"] = frame.sum(axis=1)
    frame.index.name = option.name
    return frame


def compare_to_baseline(
    option: SourcingOption, baseline: SourcingOption, years: int
) -> CostComparison:
    """Compare an option with the in-house baseline (docs/evidence.md, E2: savings, payback).

    ``break_even_month`` is the first month in which cumulative savings (baseline minus option,
    month by month) become non-negative after having been negative: the month the transition
    has paid for itself. It is 1 when cumulative savings are never negative, and ``None`` when
    they are still negative at the end of the horizon. A later dip back below zero is not
    reported; look at ``cumulative_savings`` for the whole curve.
    """
    comparison, _ = _compare(option, baseline, years)
    return comparison


def cumulative_savings(option: SourcingOption, baseline: SourcingOption, years: int) -> list[float]:
    """Cumulative savings against the baseline at the end of each month, for a cost curve.

    The curve usually dips during the transition and climbs afterwards; where it crosses zero is
    the break-even month.
    """
    _, cumulative = _compare(option, baseline, years)
    return cumulative


def comparison_frame(option: SourcingOption, baseline: SourcingOption, years: int) -> pd.DataFrame:
    """Yearly costs of baseline and option and the savings, one column per year plus "total"."""
    comparison = compare_to_baseline(option, baseline, years)
    savings = [
        b - o for b, o in zip(comparison.baseline_yearly, comparison.option_yearly, strict=True)
    ]
    frame = pd.DataFrame(
        [list(comparison.baseline_yearly), list(comparison.option_yearly), savings],
        index=["baseline", "option", "savings"],
        columns=_year_columns(years),
    )
    frame["total"] = [comparison.baseline_total, comparison.option_total, comparison.savings]
    frame.index.name = f"{option.name} vs {baseline.name}"
    return frame


def _compare(
    option: SourcingOption, baseline: SourcingOption, years: int
) -> tuple[CostComparison, list[float]]:
    _require_option("option", option)
    _require_option("baseline", baseline)
    if baseline.model != "in-house":
        raise ModelInputError(
            "baseline.model",
            f"the baseline must be the in-house option, got {baseline.model!r}",
            "'in-house'",
        )
    option_months = monthly_costs(option, years)
    baseline_months = monthly_costs(baseline, years)
    baseline_total = sum(baseline_months)
    if baseline_total <= 0:
        raise ModelInputError(
            "baseline",
            "the baseline costs nothing over the horizon, so a savings share is undefined",
            "a baseline with staff that cost something",
        )
    cumulative = []
    running = 0.0
    for base, cost in zip(baseline_months, option_months, strict=True):
        running += base - cost
        cumulative.append(running)
    option_total = sum(option_months)
    savings = baseline_total - option_total
    comparison = CostComparison(
        option_name=option.name,
        baseline_name=baseline.name,
        years=years,
        option_yearly=tuple(_per_year(option_months)),
        baseline_yearly=tuple(_per_year(baseline_months)),
        option_total=option_total,
        baseline_total=baseline_total,
        savings=savings,
        savings_share=savings / baseline_total,
        break_even_month=break_even_month(cumulative),
    )
    return comparison, cumulative


def break_even_month(cumulative: list[float]) -> int | None:
    """The first month (from 1) whose cumulative savings climb back to zero after going below it
    (1 when they never go below), or ``None`` when they stay below to the end of the horizon.

    Public so that a checker can date a misconception's savings curve by the very same rule.
    """
    first_negative = next(
        (index for index, value in enumerate(cumulative) if value < -MONEY_TOLERANCE), None
    )
    if first_negative is None:
        return 1
    for index in range(first_negative + 1, len(cumulative)):
        if cumulative[index] >= -MONEY_TOLERANCE:
            return index + 1
    return None


def _monthly_components(option: SourcingOption, years: int) -> dict[str, list[float]]:
    _require_option("option", option)
    months = years * 12
    transition = option.transition_months
    if transition > months:
        raise ModelInputError(
            "transition_months",
            f"the {transition}-month transition of {option.name!r} runs past the "
            f"{years}-year horizon ({months} months)",
            f"at most {months} months, or a longer horizon",
        )
    staff = option.annual_staff_cost / 12
    components: dict[str, list[float]] = {name: [0.0] * months for name in COMPONENTS}
    components["staff"] = [staff] * months
    components["governance"] = [staff * option.governance_share] * months
    leaver_cost = option.total_fte * option.annual_attrition * option.knowledge_loss_cost_per_leaver
    components["attrition"] = [leaver_cost / 12] * months
    components["travel"] = [option.annual_travel / 12] * months
    if transition == 0:
        components["transition"][0] = option.transition_cost
    for month in range(transition):
        components["transition"][month] = option.transition_cost / transition
        fading = (transition - month) / transition
        components["ramp-up"][month] = staff * option.ramp_up_productivity_loss * fading
    return components


def _per_year(monthly: list[float]) -> list[float]:
    return [sum(monthly[start : start + 12]) for start in range(0, len(monthly), 12)]


def _year_columns(years: int) -> list[str]:
    return [f"year {year}" for year in range(1, years + 1)]


def _require_years(years: object) -> int:
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise ModelInputError(
            "years", f"expected a whole number of years, got {years!r}", f"1 to {MAX_YEARS}"
        )
    return years


def _require_option(field: str, option: object) -> None:
    if not isinstance(option, SourcingOption):
        raise ModelInputError(
            field, f"expected a SourcingOption, got {option!r}", "a SourcingOption"
        )


def _require_choice(field: str, value: object, allowed: tuple[str, ...]) -> str:
    text = value.strip().lower() if isinstance(value, str) else value
    if text not in allowed:
        raise ModelInputError(field, f"unknown value {value!r}", ", ".join(allowed))
    return text


def _require_staff(staff: object) -> tuple[StaffLine, ...]:
    if isinstance(staff, StaffLine):
        staff = (staff,)
    if isinstance(staff, str) or not isinstance(staff, Iterable):
        raise ModelInputError("staff", f"expected StaffLine objects, got {staff!r}")
    lines = tuple(staff)
    if not lines:
        raise ModelInputError("staff", "an option needs at least one staff line", "1 or more lines")
    for index, line in enumerate(lines):
        if not isinstance(line, StaffLine):
            raise ModelInputError(
                f"staff[{index}]", f"expected a StaffLine, got {line!r}", "StaffLine(...)"
            )
    return lines
