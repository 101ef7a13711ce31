"""One deal's life cycle: a decision at each step, and what the course's models say about it.

Why a view: the capstone's point is that the steps of a deal are one chain. Changing the sourcing
option moves the savings curve and the month the transition is repaid; switching the knock-outs
off hands the tender to a bidder who will not help you leave; a bad report month shows what the
credits pay and what they cap; repairing one governance step moves the health check. Every
figure comes from the model the earlier module taught (``course.models.sourcing_cost``,
``vendor``, ``sla``, ``governance``), on a capstone case (``course.cases.kinds.capstone``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from course.cases.kinds.capstone import CapstoneCase
from course.cases.kinds.vendor_selection import plain_view as selection_view
from course.formatting import join_words, money, number, percent, table_html, whole
from course.models.governance import MAX_SCORE, NINE_STEPS, HealthCheck, health_check
from course.models.sla import CreditReport
from course.models.sourcing_cost import CostComparison, compare_to_baseline, cumulative_savings
from course.models.vendor import VendorScore, score_vendors, winners
from course.widgets.base import CaseView
from course.widgets.figures import show

NO_REPAIR = "none yet"
"""The repair dropdown's first choice: the health check as the assessor scored it."""

TITLES = {step.step_id: step.title for step in NINE_STEPS}


@dataclass(frozen=True)
class LifecycleResult:
    """What the view shows for one set of decisions, one field per life-cycle step."""

    option: str
    knockouts: bool
    comparison: CostComparison
    savings: tuple[float, ...]
    scores: tuple[VendorScore, ...]
    winner: str
    month_label: str
    credits: CreditReport
    months_missed: int
    health: HealthCheck

    @property
    def in_house(self) -> bool:
        """Whether the chosen option is the in-house baseline itself."""
        return self.option == self.comparison.baseline_name


def lifecycle(case: CapstoneCase, values: dict[str, Any]) -> LifecycleResult:
    """The models' answers for the decisions in ``values`` (option, knockouts, month, repaired)."""
    decide = case.decide
    option = decide.option(values["option"])
    comparison = compare_to_baseline(option, decide.baseline(), decide.years)
    matrix = selection_view(case.select, "view").matrix(with_knockouts=values["knockouts"])
    scores = tuple(score_vendors(matrix))
    contract = case.contract
    missed = sum(
        1
        for number_ in range(1, contract.month_count + 1)
        if not all(line.met for line in contract.credits(number_).lines)
    )
    scores_now = dict(case.relationship.health_scores)
    if values["repaired"] != NO_REPAIR:
        scores_now[values["repaired"]] = MAX_SCORE
    return LifecycleResult(
        option=option.name,
        knockouts=bool(values["knockouts"]),
        comparison=comparison,
        savings=tuple(cumulative_savings(option, decide.baseline(), decide.years)),
        scores=scores,
        winner=winners(matrix)[0],
        month_label=contract.month(values["month"]).label,
        credits=contract.credits(values["month"]),
        months_missed=missed,
        health=health_check(scores_now),
    )


def deal_lifecycle_view(case: CapstoneCase) -> CaseView:
    """Four named controls, one per step a learner decides, over a capstone case."""
    decide, contract = case.decide, case.contract
    controls: dict[str, widgets.ValueWidget] = {
        "option": widgets.Dropdown(
            options=[decide.baseline().name, *decide.option_names],
            value=decide.option_names[0],
            description="Step 1, decide: how to run the service",
        ),
        "knockouts": widgets.Checkbox(
            value=True,
            description="Step 2, select: knock out bids below a minimum or failing a gate",
            indent=False,
        ),
        "month": widgets.Dropdown(
            options=[(contract.month(n).label, n) for n in range(1, contract.month_count + 1)],
            value=contract.month_count,
            description="Step 3, contract: service report month",
        ),
        "repaired": widgets.Dropdown(
            options=[(NO_REPAIR, NO_REPAIR)] + [(step.title, step.step_id) for step in NINE_STEPS],
            value=NO_REPAIR,
            description="Step 6, fix: governance step brought to working well",
        ),
    }
    return CaseView(
        f"{case.company}: one deal, from the decision to the exit",
        controls,
        compute=lambda values: lifecycle(case, values),
        render=lambda result, output: _render(result, output, case),
        intro=(
            "Make the decision at each step and see what the course's models say: the savings "
            "curve and its break-even month, the winning bid, the month's service credits, and "
            "where the relationship needs fixing first."
        ),
    )


# --- the chart -----------------------------------------------------------------------------


def savings_figure(result: LifecycleResult, currency: str) -> Figure | None:
    """Cumulative savings against in house, month by month; ``None`` for in house itself."""
    if result.in_house:
        return None
    figure = Figure(figsize=(7.5, 3.2))
    axes = figure.subplots()
    months = range(1, len(result.savings) + 1)
    axes.plot(months, result.savings, color="#1a5fb4", linewidth=2, label=result.option)
    axes.axhline(0, color="#555555", linewidth=1)
    month = result.comparison.break_even_month
    if month is not None:
        axes.axvline(month, color="#b22222", linestyle="--", linewidth=2, label="break-even")
    axes.set_xlabel("month of the contract")
    axes.set_ylabel(currency)
    axes.yaxis.set_major_formatter(lambda value, _pos: whole(value))
    axes.set_title(f"Cumulative savings of the {result.option} against in house")
    axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    return figure


def savings_description(result: LifecycleResult, currency: str) -> str:
    """What the savings chart shows, in words, for people who cannot see it."""
    savings = result.savings
    low = min(range(len(savings)), key=savings.__getitem__)
    month = result.comparison.break_even_month
    back = (
        f"back at zero in month {month}"
        if month is not None
        else "still below zero at the end of the horizon"
    )
    return (
        f"Line chart of the {result.option}'s cumulative savings against in house over "
        f"{len(savings)} months: lowest {money(savings[low], currency)} in month {low + 1}, "
        f"{back}, {money(savings[-1], currency)} at the end."
    )


# --- the timeline --------------------------------------------------------------------------


def timeline_rows(result: LifecycleResult, case: CapstoneCase) -> list[dict[str, str]]:
    """One row per life-cycle step: the decision and what the model says about it."""
    currency = case.currency
    comparison = result.comparison
    if result.in_house:
        decided = "No transition and no savings: the in-house desk is the baseline."
    else:
        saves = "saves" if comparison.savings >= 0 else "costs"
        month = comparison.break_even_month
        paid = f"breaks even in month {month}" if month is not None else "never breaks even"
        decided = (
            f"{money(comparison.option_total, currency)} over {comparison.years} years against "
            f"{money(comparison.baseline_total, currency)} in house: {saves} "
            f"{money(abs(comparison.savings), currency)}; {paid}."
        )
    out = [s for s in result.scores if s.disqualified]
    top = next(s for s in result.scores if s.vendor == result.winner)
    knocked = (
        "Knocked out: " + "; ".join(f"{s.vendor} ({join_words(s.reasons)})" for s in out) + "."
        if out
        else "Nobody is knocked out."
    )
    report = result.credits
    misses = [line.name for line in report.lines if not line.met]
    credit = (
        f"Missed: {join_words(misses)}. Credit {money(report.total_after_cap, currency)} of an "
        f"at-risk cap of {money(report.at_risk_amount, currency)}"
        + (" (the cap binds)." if report.capped else ".")
        if misses
        else "Every service level met: no credit."
    )
    option = case.decide.option(result.option)
    health = result.health
    first = health.priorities[0] if health.priorities else None
    fix = (
        f"Health check {percent(health.overall_percent / 100, 0)}; fix first: {TITLES[first]}."
        if first
        else f"Health check {percent(health.overall_percent / 100, 0)}: every step works well."
    )
    return [
        {"step": "1. Decide", "decision": result.option, "what the models say": decided},
        {
            "step": "2. Select",
            "decision": "knock-outs on" if result.knockouts else "knock-outs off",
            "what the models say": f"Winner: {result.winner} "
            f"({number(top.weighted_total or 0.0, 2)} of 5). {knocked}",
        },
        {"step": "3. Contract", "decision": result.month_label, "what the models say": credit},
        {
            "step": "4. Transition",
            "decision": f"{option.transition_months} months",
            "what the models say": "Gate the cutover on readiness, not on the date; reverse "
            "shadowing before sign-off (graded in the memo).",
        },
        {
            "step": "5. Govern",
            "decision": "monthly reports",
            "what the models say": f"A service level was missed in {result.months_missed} of "
            f"{case.contract.month_count} report months.",
        },
        {"step": "6. Fix", "decision": "health check", "what the models say": fix},
        {
            "step": "7. Exit",
            "decision": "with the contract",
            "what the models say": "Termination assistance, data return and notice, agreed "
            "before signing (graded in the memo).",
        },
    ]


def _render(result: LifecycleResult, output: widgets.Output, case: CapstoneCase) -> None:
    figure = savings_figure(result, case.currency)
    rows = timeline_rows(result, case)
    table = table_html(pd.DataFrame(rows), caption="The deal, step by step")
    lead = f"<p>{html.escape(rows[0]['what the models say'])}</p>" if figure is None else ""
    show(
        output,
        figure,
        lead,
        table,
        description=savings_description(result, case.currency) if figure is not None else "",
    )
