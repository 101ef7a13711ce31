"""Sourcing cost: an in-house baseline against outsourcing options (``models.sourcing_cost``).

Each option has staff lines by location and the hidden costs (transition, ramp-up, governance,
attrition, travel). Variants move rates, head-counts and hidden costs within published bands and
keep which option is cheapest; "Onshore or offshore" shows the plain view, one dict per option.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from course.cases.case import Case, CaseKind, pairwise_gap
from course.cases.draw import RATE_SPREAD, Draw, round_to
from course.cases.fields import Fields
from course.cases.source import COMMON_KEYS, Source, common_fields, frozen, require_unique
from course.models.sourcing_cost import (
    GOVERNANCE_SHARE_RANGE,
    LOCATIONS,
    MODELS,
    SourcingOption,
    StaffLine,
    compare_to_baseline,
)


@dataclass(frozen=True)
class SourcingCostCase(Case):
    """An in-house baseline against outsourcing options over ``years`` (``sourcing_cost``).

    ``descriptions`` gives each option (and the baseline) a sentence a learner can read next to
    the numbers. ``transition_breakdown`` shows what each option's one-time ``transition_cost``
    is made of (selection, transition fee, parallel running, severance); its items always add up
    to the option's ``transition_cost``.
    """

    kind: ClassVar[str] = "sourcing-cost"

    years: int
    baseline_option: SourcingOption
    sourcing_options: tuple[SourcingOption, ...]
    descriptions: Mapping[str, str]
    transition_breakdown: Mapping[str, Mapping[str, float]]

    def baseline(self) -> SourcingOption:
        """The in-house option every other option is compared with."""
        return self.baseline_option

    def options(self) -> tuple[SourcingOption, ...]:
        """The outsourcing options, in the order the case presents them."""
        return self.sourcing_options

    @property
    def option_names(self) -> tuple[str, ...]:
        """Names of the outsourcing options."""
        return tuple(option.name for option in self.sourcing_options)

    def option(self, name: str) -> SourcingOption:
        """The option called ``name`` (the baseline included)."""
        for option in (self.baseline_option, *self.sourcing_options):
            if option.name == name:
                return option
        known = ", ".join((self.baseline_option.name, *self.option_names))
        raise KeyError(f"no option {name!r}; options: {known}")

    def validate(self) -> None:
        for option in self.sourcing_options:
            compare_to_baseline(option, self.baseline_option, self.years)


# --- reading case files ----------------------------------------------------------------------

_HIDDEN_COST_FIELDS = (
    "transition_months",
    "ramp_up_productivity_loss",
    "governance_share",
    "annual_attrition",
    "knowledge_loss_cost_per_leaver",
    "annual_travel",
)
"""An option's hidden costs, as case.yml and ``SourcingOption`` both name them."""

_OPTION_KEYS = ("name", "model", "description", "staff", "transition", *_HIDDEN_COST_FIELDS)


def parse_sourcing_cost(source: Source) -> SourcingCostCase:
    """The in-house baseline and the options, each with its staff lines and hidden costs."""
    main = source.main
    main.reject_unknown((*COMMON_KEYS, "years", "baseline", "options"))
    years = main.integer("years", 1, 30)
    baseline_fields = main.section("baseline")
    baseline, descriptions = _parse_option(baseline_fields), {}
    if baseline.model != "in-house":
        baseline_fields.fail(
            "model",
            f"the baseline must be 'in-house', got {baseline.model!r}",
            "set model: in-house",
        )
    descriptions[baseline.name] = baseline_fields.text("description")
    options, breakdown = [], {}
    for item in main.sections("options"):
        option = _parse_option(item)
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
    require_unique(main, "options", [baseline.name] + [o.name for o in options])
    return SourcingCostCase(
        **common_fields(source),
        years=years,
        baseline_option=baseline,
        sourcing_options=tuple(options),
        descriptions=frozen(descriptions),
        transition_breakdown=frozen({name: frozen(items) for name, items in breakdown.items()}),
    )


def _parse_option(item: Fields) -> SourcingOption:
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


# --- variants --------------------------------------------------------------------------------


def perturb_sourcing_cost(case: SourcingCostCase, draw: Draw) -> SourcingCostCase:
    """Rates +/-15%, head-counts +/-10%, one-time and hidden costs moved within published bands.

    The in-house team keeps its head-count (the narrative counts it) and moves its rate +/-10%.

    Governance stays in the 3-6% band of ``GOVERNANCE_SHARE_RANGE``; ramp-up losses stay within
    5-20% (Meta Group's "as much as 20 percent", cited by Overby, CIO 2003). Parallel running
    follows the in-house cost, since it pays the in-house team during the hand-over.
    """
    old = case.baseline_option
    in_house_rates = {
        line.annual_rate: draw.scaled(line.annual_rate, 0.1, 500) for line in old.staff
    }
    baseline = dataclasses.replace(
        old,
        staff=tuple(
            StaffLine(line.location, line.fte, in_house_rates[line.annual_rate])
            for line in old.staff
        ),
        annual_attrition=_share(draw, old.annual_attrition, 0.02, 0.05, 0.25),
        knowledge_loss_cost_per_leaver=draw.scaled(old.knowledge_loss_cost_per_leaver, 0.15, 500),
    )
    in_house_growth = baseline.annual_staff_cost / old.annual_staff_cost
    options, breakdowns = [], {}
    for option in case.sourcing_options:
        items = {
            item: round_to(amount * in_house_growth * draw.uniform(0.95, 1.05), 1000)
            if item == "parallel_running"
            else draw.scaled(amount, RATE_SPREAD, 500)
            for item, amount in case.transition_breakdown[option.name].items()
        }
        breakdowns[option.name] = MappingProxyType(items)
        options.append(_perturbed_option(option, items, draw, in_house_rates))
    return dataclasses.replace(
        case,
        baseline_option=baseline,
        sourcing_options=tuple(options),
        transition_breakdown=MappingProxyType(breakdowns),
    )


def _staff_line(line: StaffLine, draw: Draw, in_house_rates: dict[float, float]) -> StaffLine:
    """Head-count +/-10%; a provider's rate +/-15%. Onshore lines paid the in-house rate are the
    client's own retained staff (the hybrid's core team), so they follow the in-house rate."""
    fte = max(1, round(line.fte * draw.uniform(0.9, 1.1)))
    retained = line.location == "onshore" and line.annual_rate in in_house_rates
    rate = (
        in_house_rates[line.annual_rate]
        if retained
        else draw.scaled(line.annual_rate, RATE_SPREAD, 500)
    )
    return StaffLine(line.location, fte, rate)


def _share(draw: Draw, value: float, spread: float, low: float, high: float) -> float:
    return min(high, max(low, round_to(value + draw.uniform(-spread, spread), 0.005)))


def _perturbed_option(
    option: SourcingOption,
    items: dict[str, float],
    draw: Draw,
    in_house_rates: dict[float, float],
) -> SourcingOption:
    months = option.transition_months
    if months:
        months = max(1, months + draw.integer(-1, 1))
    governance_low, governance_high = GOVERNANCE_SHARE_RANGE
    return dataclasses.replace(
        option,
        staff=tuple(_staff_line(line, draw, in_house_rates) for line in option.staff),
        transition_cost=sum(items.values()),
        transition_months=months,
        ramp_up_productivity_loss=_share(draw, option.ramp_up_productivity_loss, 0.03, 0.05, 0.20)
        if months
        else 0.0,
        governance_share=_share(
            draw, option.governance_share, 0.0075, governance_low, governance_high
        ),
        annual_attrition=_share(draw, option.annual_attrition, 0.03, 0.05, 0.30),
        knowledge_loss_cost_per_leaver=draw.scaled(
            option.knowledge_loss_cost_per_leaver, RATE_SPREAD, 500
        ),
        annual_travel=draw.scaled(option.annual_travel, RATE_SPREAD, 1000),
    )


# --- what a variant keeps --------------------------------------------------------------------

COST_GAP_SHARE = 0.01
"""Options' totals (and annual staff costs) differ by at least 1% of the baseline's."""


def _totals(case: SourcingCostCase) -> dict[str, float]:
    return {
        option.name: compare_to_baseline(option, case.baseline_option, case.years).option_total
        for option in case.sourcing_options
    }


def _sourcing_story(case: SourcingCostCase) -> Hashable:
    """Cheapest on staff cost alone, cheapest in total, and which options save money at all."""
    staff = {option.name: option.annual_staff_cost for option in case.sourcing_options}
    totals = _totals(case)
    baseline_total = compare_to_baseline(
        case.sourcing_options[0], case.baseline_option, case.years
    ).baseline_total
    saving = frozenset(name for name, total in totals.items() if total < baseline_total)
    return min(staff, key=staff.get), min(totals, key=totals.get), saving


def _sourcing_well_defined(case: SourcingCostCase) -> bool:
    comparisons = [
        compare_to_baseline(option, case.baseline_option, case.years)
        for option in case.sourcing_options
    ]
    baseline_total = comparisons[0].baseline_total
    totals = [c.option_total for c in comparisons] + [baseline_total]
    staff = [option.annual_staff_cost for option in case.sourcing_options]
    return (
        pairwise_gap(totals) >= COST_GAP_SHARE * baseline_total
        and pairwise_gap(staff) >= COST_GAP_SHARE * case.baseline_option.annual_staff_cost
    )


# --- the plain view an exercise hands a learner ----------------------------------------------


OPTION_FIELDS = ("model", "transition_cost", *_HIDDEN_COST_FIELDS)
"""The fields of an option besides its name and staff, as ``SourcingOption`` names them."""


@dataclass(frozen=True)
class SourcingCostView:
    """A case as plain data: what the notebook shows and the checks recompute.

    Each option is a dict with ``staff`` (a list of ``{"location", "fte", "annual_rate"}``) and
    the hidden-cost parameters of ``course.models.sourcing_cost.SourcingOption``.
    """

    learner_id: str
    company: str
    currency: str
    years: int
    baseline_name: str
    baseline: dict[str, Any]
    options: dict[str, dict[str, Any]]
    descriptions: dict[str, str]

    @property
    def option_names(self) -> list[str]:
        """The outsourcing options, in the order the case presents them."""
        return list(self.options)

    @property
    def names(self) -> list[str]:
        """The baseline first, then every outsourcing option."""
        return [self.baseline_name, *self.options]

    @property
    def months(self) -> int:
        """The horizon in months."""
        return 12 * self.years

    def option(self, name: str) -> dict[str, Any]:
        """The option called ``name``, the baseline included."""
        return self.baseline if name == self.baseline_name else self.options[name]


def _plain_option(option: SourcingOption) -> dict[str, Any]:
    plain: dict[str, Any] = {
        "staff": [
            {"location": line.location, "fte": float(line.fte), "annual_rate": line.annual_rate}
            for line in option.staff
        ]
    }
    for field in OPTION_FIELDS:
        value = getattr(option, field)
        plain[field] = value if isinstance(value, str | int) else float(value)
    return plain


def plain_view(case: SourcingCostCase, learner_id: str) -> SourcingCostView:
    """``case`` as the plain data the exercise shows and its checks recompute."""
    baseline = case.baseline()
    return SourcingCostView(
        learner_id=learner_id,
        company=case.company,
        currency=case.currency,
        years=int(case.years),
        baseline_name=baseline.name,
        baseline=_plain_option(baseline),
        options={option.name: _plain_option(option) for option in case.options()},
        descriptions=dict(case.descriptions),
    )


def describe(case: SourcingCostView) -> list[object]:
    """What the exercise's setup cell shows: staff lines and hidden-cost parameters."""
    import pandas as pd
    from IPython.display import Markdown

    staff = pd.DataFrame(
        [{"option": name, **line} for name in case.names for line in case.option(name)["staff"]]
    ).set_index(["option", "location"])
    hidden = pd.DataFrame(
        {name: {f: case.option(name)[f] for f in OPTION_FIELDS} for name in case.names}
    )  # one column per option: eight fields read more easily down than across
    descriptions = "\n".join(f"- **{name}**: {case.descriptions[name]}" for name in case.names)
    return [
        Markdown(
            f"**{case.company}**, horizon `case.years` = {case.years} years "
            f"({case.months} months), amounts in {case.currency}. The baseline is "
            f"`case.baseline` ({case.baseline_name!r}, `case.baseline_name`); the outsourcing "
            "options are `case.options[name]` (names in `case.option_names`).\n\n" + descriptions
        ),
        Markdown("Staff lines (`case.options[name]['staff']`, `case.baseline['staff']`)"),
        staff,
        Markdown("Hidden-cost parameters (`case.options[name][field]`, `case.baseline[field]`)"),
        hidden,
    ]


KIND = CaseKind(
    SourcingCostCase,
    parse=parse_sourcing_cost,
    perturb=perturb_sourcing_cost,
    story=_sourcing_story,
    well_defined=_sourcing_well_defined,
    plain_view=plain_view,
)
