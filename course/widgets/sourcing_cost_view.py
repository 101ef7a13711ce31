"""Sourcing cost explorer: pick an option, move its hidden costs, watch the break-even month move.

Why a view: the rate card makes every offshore option look cheap; the cost curve shows the dip of
the transition and how long it takes to climb out of it. Moving the transition length or the
governance share by hand makes the seed article's warning about moving too fast, and Overby's
hidden costs (CIO, 2003), something a learner sees rather than reads. Every figure comes from
``course.models.sourcing_cost``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

from course.formatting import money, percent, table_html
from course.models.sourcing_cost import (
    MAX_YEARS,
    CostComparison,
    SourcingOption,
    compare_to_baseline,
    cost_breakdown,
    cumulative_savings,
)
from course.widgets.base import CaseView
from course.widgets.figures import show

RATE_CHANGE_PERCENT = (-30, 30)
"""How far the rate slider moves the provider's loaded rates: wide enough for a renegotiation or
a currency swing, narrow enough to stay a scenario."""

MAX_TRANSITION_MONTHS = 24
"""Longest transition the slider offers: Overby (CIO, 2003) reports three months to a year; two
years leaves room to see what a slow, careful move costs."""

MAX_GOVERNANCE_SHARE = 0.15
"""Highest governance share on the slider: well above the published 3%-6% band, so a learner can
see what an over-managed contract costs."""


@dataclass(frozen=True)
class CostScenario:
    """One option as adjusted by the controls, compared with the in-house baseline."""

    option: SourcingOption
    comparison: CostComparison
    cumulative: tuple[float, ...]
    others: dict[str, tuple[float, ...]]  # the case's other options, unadjusted, for context


def adjusted_option(
    option: SourcingOption, rate_change_percent: float, transition_months: int, governance: float
) -> SourcingOption:
    """``option`` with every staff rate moved by a percentage and a new transition and governance.

    The ramp-up loss only exists during a transition, so with no transition months it is dropped
    rather than refused: "no transition at all" is a what-if worth showing, not an input error.
    """
    staff = tuple(
        replace(line, annual_rate=line.annual_rate * (1 + rate_change_percent / 100))
        for line in option.staff
    )
    ramp_up = option.ramp_up_productivity_loss if transition_months > 0 else 0.0
    return replace(
        option,
        staff=staff,
        transition_months=transition_months,
        ramp_up_productivity_loss=ramp_up,
        governance_share=governance,
    )


def cost_scenario(case: Any, values: dict[str, Any]) -> CostScenario:
    """Compute what the view shows for the control ``values`` (a pure function, for tests)."""
    years = values["years"]
    chosen = adjusted_option(
        case.option(values["option"]),
        values["rate_change_percent"],
        values["transition_months"],
        values["governance_share"],
    )
    baseline = case.baseline()
    others = {
        option.name: tuple(cumulative_savings(option, baseline, years))
        for option in case.options()
        if option.name != chosen.name
    }
    return CostScenario(
        option=chosen,
        comparison=compare_to_baseline(chosen, baseline, years),
        cumulative=tuple(cumulative_savings(chosen, baseline, years)),
        others=others,
    )


def sourcing_cost_view(case: Any, years: int | None = None) -> widgets.Widget:
    """Option dropdown, horizon, rate change, transition months and governance share sliders.

    ``case`` is a sourcing-cost case (``load_case("helios-app-maintenance")``); ``years`` defaults
    to the case's horizon. Choosing another option resets the sliders to that option's figures.
    """
    first = case.options()[0]
    low, high = RATE_CHANGE_PERCENT
    style = {"description_width": "16em"}
    layout = widgets.Layout(width="40em")
    controls: dict[str, widgets.ValueWidget] = {
        "option": widgets.Dropdown(
            options=list(case.option_names),
            value=first.name,
            description="Option",
            style=style,
            layout=widgets.Layout(width="30em"),
        ),
        "years": widgets.IntSlider(
            value=years or case.years,
            min=1,
            max=min(10, MAX_YEARS),
            description="Horizon (years)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "rate_change_percent": widgets.IntSlider(
            value=0,
            min=low,
            max=high,
            step=5,
            description="Rate change (%)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "transition_months": widgets.IntSlider(
            value=first.transition_months,
            min=0,
            max=MAX_TRANSITION_MONTHS,
            description="Transition (months)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "governance_share": widgets.FloatSlider(
            value=first.governance_share,
            min=0.0,
            max=MAX_GOVERNANCE_SHARE,
            step=0.005,
            readout_format=".1%",
            description="Governance (share of contract)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
    }
    view = CaseView(
        f"{case.company}: what does each option really cost?",
        controls,
        compute=lambda values: cost_scenario(case, values),
        render=lambda result, output: _render(result, output, case.currency),
        intro=(
            "Choose an option, then move its hidden costs. The curve is the money saved so far "
            "against keeping the work in house; where it crosses zero, the move has paid for "
            "itself."
        ),
    )

    def reset_to_option(change: dict[str, Any]) -> None:
        option = case.option(change["new"])
        controls["rate_change_percent"].value = 0
        controls["transition_months"].value = option.transition_months
        controls["governance_share"].value = option.governance_share

    controls["option"].observe(reset_to_option, names="value")
    return view


OTHER_STYLES = (("#6b6b6b", "--"), ("#8c5a00", ":"), ("#4b3b8f", "-."), ("#2f6f6f", (0, (5, 1))))
"""Colour and dash of each unselected option's line: told apart by the dash as well as the
colour, so a reader who cannot tell the colours apart still can."""


def cost_curve_figure(result: CostScenario, currency: str) -> Figure:
    """Cumulative savings by month: the chosen option in bold, each other one its own dash."""
    figure = Figure(figsize=(8, 4.2))
    axes = figure.subplots()
    months = range(1, len(result.cumulative) + 1)
    for (name, curve), (colour, dash) in zip(result.others.items(), OTHER_STYLES * 3, strict=False):
        axes.plot(
            months,
            [v / 1e6 for v in curve],
            color=colour,
            linestyle=dash,
            linewidth=1.3,
            label=name,
        )
    axes.plot(
        months,
        [v / 1e6 for v in result.cumulative],
        color="#1f4e79",
        linewidth=2.8,
        label=f"{result.option.name} (as set)",
    )
    axes.axhline(0, color="black", linewidth=0.8)
    month = result.comparison.break_even_month
    if month is not None:
        axes.axvline(month, color="#2e7d32", linestyle="--", linewidth=1)
        # Written inside the plot: to the right of the line, or to its left near the end.
        right = month < 0.7 * len(result.cumulative)
        axes.annotate(
            f"break-even: month {month}",
            (month, 0),
            xytext=(6 if right else -6, 8),
            textcoords="offset points",
            ha="left" if right else "right",
            color="#2e7d32",
            annotation_clip=True,
        )
    axes.set_xlim(1, max(len(result.cumulative), 2))
    axes.set_xlabel("month")
    axes.set_ylabel(f"cumulative savings (million {currency})")
    axes.set_title("Savings against the in-house team, month by month")
    axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    return figure


def curve_description(result: CostScenario, currency: str) -> str:
    """What the cost curve shows, in words, for people who cannot see it."""
    c = result.comparison
    end = money(result.cumulative[-1], currency) if result.cumulative else "nothing"
    lowest = money(min(result.cumulative), currency) if result.cumulative else "nothing"
    month = (
        f"crosses zero in month {c.break_even_month}"
        if c.break_even_month is not None
        else "stays below zero"
    )
    others = "; ".join(
        f"{name} ends at {money(curve[-1], currency)}" for name, curve in result.others.items()
    )
    return (
        f"Line chart of cumulative savings by month. {c.option_name}, as set: lowest point "
        f"{lowest}, {month}, ends at {end} after {c.years} years. Other options, unadjusted: "
        f"{others}."
    )


def summary_html(result: CostScenario, currency: str) -> str:
    """Totals, savings, share and break-even month in two sentences."""
    c = result.comparison
    month = (
        f"breaks even in month {c.break_even_month}"
        if c.break_even_month is not None
        else f"does <b>not</b> break even within {c.years} years"
    )
    verb = "saves" if c.savings >= 0 else "costs"
    return (
        f"<p><b>{html.escape(c.option_name)}</b> over {c.years} years: "
        f"{money(c.option_total, currency)} against {money(c.baseline_total, currency)} in "
        f"house. It {verb} {money(abs(c.savings), currency)} ({percent(abs(c.savings_share))}) "
        f"and {month}.</p>"
    )


def _render(result: CostScenario, output: widgets.Output, currency: str) -> None:
    table = cost_breakdown(result.option, result.comparison.years)
    breakdown = table_html(
        table.rename_axis("cost").rename(index=lambda name: str(name).replace("_", " ")),
        caption=f"{result.option.name}: cost by component and year ({currency})",
        formats=dict.fromkeys(table.columns, lambda v: money(v)),
        index=True,
    )
    show(
        output,
        cost_curve_figure(result, currency),
        summary_html(result, currency),
        breakdown,
        description=curve_description(result, currency),
    )
